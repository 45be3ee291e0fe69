package jupyterlab

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// labEnv holds what the JupyterLab page needs: a Python with jupyter_server, the GoNB kernelspec, Chromium and the
// built page.
type labEnv struct {
	root     string   // the repository
	python   string   // runs jupyter_server
	chromium string   // headless browser
	kernels  string   // a Jupyter data folder with kernels/gonb, for JUPYTER_PATH
	page     string   // the built page: page/lab/index.html
	vars     []string // environment of the server and its kernels
}

// newLabEnv finds the tools, preferring the repository's .tools (as `make tools` installs them) when PATH and
// JUPYTER_DATA_DIR do not say otherwise, and builds the page (see pageDir). Without a tool the test is skipped,
// or fails when CI is set.
func newLabEnv(t *testing.T) *labEnv {
	t.Helper()
	root := repoRoot(t)
	path := os.Getenv("PATH")
	if bin := filepath.Join(root, ".tools", "bin"); isFile(filepath.Join(bin, "gonb")) {
		path = bin + string(os.PathListSeparator) + path
	}
	vars := append(os.Environ(), "PATH="+path)
	if !slices.ContainsFunc(vars, func(v string) bool { return strings.HasPrefix(v, "GOEXPERIMENT=") }) {
		vars = append(vars, "GOEXPERIMENT=simd")
	}
	e := &labEnv{root: root, vars: vars}

	e.python = lookPath(vars, "/usr/bin/python3")
	if e.python == "" {
		e.python = lookPath(vars, "python3")
	}
	if e.python == "" {
		missing(t, "python3 not found (apt-get install python3-jupyter-server)")
	}
	if _, err := runOutput(context.Background(), vars, e.python, "-c", "import jupyter_server"); err != nil {
		missing(t, "%s has no jupyter_server (apt-get install python3-jupyter-server): %v", e.python, err)
	}
	e.chromium = findChromium(vars)
	if e.chromium == "" {
		missing(t, "chromium not found on PATH (apt-get install chromium)")
	}
	e.kernels = os.Getenv("JUPYTER_DATA_DIR")
	if e.kernels == "" {
		e.kernels = filepath.Join(root, ".tools", "jupyter")
	}
	spec := filepath.Join(e.kernels, "kernels", "gonb", "kernel.json")
	if !isFile(spec) {
		missing(t, "no GoNB kernelspec %s (run make tools, or set JUPYTER_DATA_DIR to where "+
			"docker/install-gonb.sh installed it)", spec)
	}
	for _, tool := range []string{"goimports", "gopls"} {
		if lookPath(vars, tool) == "" {
			missing(t, "%s not found on PATH; GoNB needs it (make tools installs it in .tools/bin)", tool)
		}
	}
	e.page = pageDir(t, root, vars)
	return e
}

// labServer is a running jupyter_server that serves the page at /static/lab/index.html.
type labServer struct {
	base  string // http://127.0.0.1:PORT
	token string
	cmd   *exec.Cmd
	log   string // path of its log
}

// startServer starts Debian's jupyter_server (1.23 has no launcher script: python3 -m jupyter_server) on
// 127.0.0.1 with a random token, the notebooks of dir and the page as an extra static path, and stops it when
// the test ends. The server and its kernels get vars plus env; the server writes its runtime files, data and
// checkpoints into temporary folders, and finds the GoNB kernelspec through JUPYTER_PATH.
func (e *labEnv) startServer(t *testing.T, dir string, env ...string) *labServer {
	t.Helper()
	s := &labServer{token: randomToken(t), log: filepath.Join(t.TempDir(), "jupyter-server.log")}
	port := freePort(t)
	s.base = fmt.Sprintf("http://127.0.0.1:%d", port)
	s.cmd = exec.Command(e.python, "-m", "jupyter_server",
		"--ServerApp.ip=127.0.0.1", "--ServerApp.port="+strconv.Itoa(port), "--ServerApp.port_retries=0",
		"--ServerApp.open_browser=False", "--ServerApp.allow_root=True", "--ServerApp.root_dir="+dir,
		"--ServerApp.extra_static_paths="+e.page,
		// Checkpoints, which opening a notebook creates, go to a temporary folder, not next to the notebooks.
		"--FileCheckpoints.checkpoint_dir="+t.TempDir())
	s.cmd.Env = append(slices.Clone(e.vars),
		"JUPYTER_TOKEN="+s.token, // not on the command line, where ps shows it
		"JUPYTER_RUNTIME_DIR="+t.TempDir(), "JUPYTER_DATA_DIR="+t.TempDir(), "JUPYTER_CONFIG_DIR="+t.TempDir(),
		"JUPYTER_PATH="+e.kernels)
	s.cmd.Env = append(s.cmd.Env, env...)
	logFile, err := os.Create(s.log)
	if err != nil {
		t.Fatal(err)
	}
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if err := s.cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("starting jupyter_server: %v", err)
	}
	logFile.Close()
	t.Cleanup(func() { s.stop(t) })
	if err := s.waitReady(); err != nil {
		t.Fatalf("jupyter_server did not start: %v\n%s", err, s.logTail(30))
	}
	return s
}

// waitReady polls the server's API until it answers, for up to a minute.
func (s *labServer) waitReady() error {
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
		if last = s.getJSON(client, "/api/status", &status); last == nil {
			return nil
		}
	}
	return last
}

// getJSON reads a JSON answer of the server's REST API.
func (s *labServer) getJSON(client *http.Client, path string, v any) error {
	req, err := http.NewRequest(http.MethodGet, s.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "token "+s.token)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// kernelspecs returns the names of the kernels the server can start.
func (s *labServer) kernelspecs(t *testing.T) []string {
	t.Helper()
	var specs struct {
		Kernelspecs map[string]any `json:"kernelspecs"`
	}
	if err := s.getJSON(&http.Client{Timeout: 10 * time.Second}, "/api/kernelspecs", &specs); err != nil {
		t.Fatalf("jupyter_server: %v", err)
	}
	var names []string
	for name := range specs.Kernelspecs {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// pageURL returns the address of the page showing the notebook at path (relative to the server's folder);
// without a kernel the page shows the saved outputs.
func (s *labServer) pageURL(path string, kernel bool) string {
	q := "path=" + url.QueryEscape(path) + "&token=" + s.token
	if !kernel {
		q += "&kernel=none"
	}
	return s.base + "/static/lab/index.html?" + q
}

// logTail returns the last n lines of the server's log.
func (s *labServer) logTail(n int) string {
	data, _ := os.ReadFile(s.log)
	return tail(string(data), n)
}

// stop stops the server by its PID with SIGTERM, on which it shuts down its kernels, and kills it if it still
// runs 20 seconds later.
func (s *labServer) stop(t *testing.T) {
	done := make(chan struct{})
	go func() {
		s.cmd.Wait()
		close(done)
	}()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Logf("stopping jupyter_server (pid %d): %v", s.cmd.Process.Pid, err)
	}
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Logf("jupyter_server (pid %d) still runs 20 s after SIGTERM: killing it", s.cmd.Process.Pid)
		s.cmd.Process.Kill()
		<-done
	}
}
