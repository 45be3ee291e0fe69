package jupytertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Server is a Jupyter server (Notebook 6 or jupyter_server) that a test starts on 127.0.0.1 with a random token,
// and that is stopped when the test ends.
type Server struct {
	Name  string // what messages call it: jupyter-notebook, jupyter_server
	Port  int
	Base  string // http://127.0.0.1:Port
	Token string
	Log   string // the path of its standard output and error
	// GoNBLog is the log of the GoNB kernels the server starts, when the test gave them one of their own (see
	// GoNBKernel); Diagnose shows its end.
	GoNBLog string
	cmd     *exec.Cmd
}

// NewServer picks a free port and a random token for a server; Start starts it.
func NewServer(t *testing.T, name string) *Server {
	t.Helper()
	s := &Server{Name: name, Port: FreePort(t), Token: RandomToken(t), Log: filepath.Join(t.TempDir(), name+".log")}
	s.Base = fmt.Sprintf("http://127.0.0.1:%d", s.Port)
	return s
}

// Start starts cmd, whose arguments make it listen on 127.0.0.1:s.Port, and waits until its API answers; it
// stops the server when the test ends. Its environment (cmd.Env, or this process's when nil) gets the token in
// JUPYTER_TOKEN, not on the command line, where every user's ps shows it, and its own runtime and config folders.
func (s *Server) Start(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, "JUPYTER_TOKEN="+s.Token, "JUPYTER_RUNTIME_DIR="+t.TempDir(),
		"JUPYTER_CONFIG_DIR="+t.TempDir())
	logFile, err := os.Create(s.Log)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("starting %s: %v", s.Name, err)
	}
	logFile.Close()
	s.cmd = cmd
	t.Cleanup(func() { s.stop(t) })
	if err := s.waitReady(); err != nil {
		t.Fatal(Diagnose(fmt.Errorf("%s to answer at %s/api/status within a minute: %w", s.Name, s.Base, err),
			Witnesses{Server: s}))
	}
}

// waitReady polls the server's API until it answers, for up to a minute.
func (s *Server) waitReady() error {
	client := &http.Client{Timeout: 5 * time.Second}
	exited, done := make(chan struct{}), make(chan struct{})
	defer close(done)
	go func() {
		// ProcessState is only set by Wait, which stop calls; poll the process instead.
		for s.cmd.Process.Signal(syscall.Signal(0)) == nil {
			select {
			case <-done:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
		close(exited)
	}()
	var last error
	for start := time.Now(); time.Since(start) < time.Minute; time.Sleep(300 * time.Millisecond) {
		select {
		case <-exited:
			return fmt.Errorf("it exited")
		default:
		}
		var status struct {
			Started string `json:"started"`
		}
		if last = s.GetJSON(client, "/api/status", &status); last == nil {
			return nil
		}
	}
	return last
}

// request sends an empty request with the server's token to its REST API at path.
func (s *Server) request(client *http.Client, method, path string) (*http.Response, error) {
	req, err := http.NewRequest(method, s.Base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "token "+s.Token)
	return client.Do(req)
}

// GetJSON reads a JSON answer of the server's REST API at path into v.
func (s *Server) GetJSON(client *http.Client, path string, v any) error {
	resp, err := s.request(client, http.MethodGet, path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// Post sends an empty POST request to the server's REST API at path, and fails unless the server answers 200 or 204.
func (s *Server) Post(client *http.Client, path string) error {
	resp, err := s.request(client, http.MethodPost, path)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("POST %s: %s", path, resp.Status)
	}
	return nil
}

// LogTail returns the last n lines of the server's log.
func (s *Server) LogTail(n int) string { return FileTail(s.Log, n) }

// stop stops the server by its PID with SIGTERM, on which it shuts down its kernels, and kills it if it still
// runs 20 seconds later.
func (s *Server) stop(t *testing.T) {
	done := make(chan struct{})
	go func() {
		s.cmd.Wait()
		close(done)
	}()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Logf("stopping %s (pid %d): %v", s.Name, s.cmd.Process.Pid, err)
	}
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Logf("%s (pid %d) still runs 20 s after SIGTERM: killing it", s.Name, s.cmd.Process.Pid)
		s.cmd.Process.Kill()
		<-done
	}
}
