package notebooktest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// TestMakeJupyter starts `make jupyter` on a free port, as a user would, and checks what the user meets:
//   - the URL to open, with its token, is printed last, in a box, once the server answers; it works, and it is in
//     JUPYTER_URL_FILE with mode 0600;
//   - no process's command line holds the token, while the server runs and while a GoNB kernel runs;
//   - a GoNB kernel starts without GoNB's glog-style lines in the server's log, and a Python kernel without the
//     warning of Python's debugger about frozen modules.
//
// It takes a few seconds once `make tools` has run (make jupyter runs it first, and the test needs Jupyter and
// the gonb kernelspec it installs).
func TestMakeJupyter(t *testing.T) {
	if testing.Short() {
		t.Skip("make jupyter: skipped in -short mode (starts a Jupyter server)")
	}
	env := newToolEnv(t)
	makeCmd := env.lookPath("make")
	if makeCmd == "" {
		missing(t, "make not found on PATH")
	}
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	port := jupytertest.FreePort(t)
	urlFile := filepath.Join(t.TempDir(), "jupyter-url")

	srv := startMakeJupyter(t, env, makeCmd, root, port, urlFile)
	logFile := "" // GoNB's, known once make tools has written the kernelspec
	report := func(err error) *jupytertest.Failure {
		w := jupytertest.Witnesses{Output: srv.output()}
		if logFile != os.DevNull {
			w.GoNBLog = logFile
		}
		return jupytertest.Diagnose(fmt.Errorf("make jupyter: %w", err), w)
	}
	// Minutes only when make tools has to rebuild GoNB (after a Go upgrade, say); seconds otherwise.
	box, err := srv.waitForBox(8 * time.Minute)
	if err != nil {
		t.Fatal(report(fmt.Errorf("the URL in a box: %w", err)))
	}
	// make tools has installed the kernelspec with -extra_log=.tools/gonb.log, which every GoNB kernel appends to.
	logFile = gonbLogFile(t, env)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)

	urlPattern := regexp.MustCompile(`http://127\.0\.0\.1:` + strconv.Itoa(port) + `/(tree|lab)\?token=([0-9a-f]{48})\b`)
	m := urlPattern.FindStringSubmatch(box)
	if m == nil {
		t.Fatal(report(fmt.Errorf("a URL matching %s in the box:\n%s", urlPattern, box)))
	}
	url, token := m[0], m[2]
	// Everything printed until now: nothing has talked to the server since the box (see flushed).
	out, err := srv.flushed(base, token)
	if err != nil {
		t.Fatal(report(err))
	}

	t.Run("url", func(t *testing.T) {
		if !strings.HasSuffix(strings.TrimRight(out, "\n "), strings.TrimRight(box, "\n ")) {
			t.Error(report(fmt.Errorf("the box to be the last thing printed; the output ends with:\n%s", tail(out, 15))))
		}
		started := strings.Index(out, "is running at")
		if started < 0 || started > strings.Index(out, box) {
			t.Error(report(fmt.Errorf("the box to come after the server's start banner:\n%s", tail(out, 30))))
		}
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(report(fmt.Errorf("GET the printed URL: %w", err)))
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Error(report(fmt.Errorf("GET the printed URL: %s, want 200 OK", resp.Status)))
		}
		if status := apiStatus(t, base, ""); status == http.StatusOK {
			t.Error(report(fmt.Errorf("the server to refuse /api/status without the token; it answers 200")))
		}
		if status := apiStatus(t, base, token); status != http.StatusOK {
			t.Error(report(fmt.Errorf("/api/status with the token: status %d, want 200", status)))
		}

		data, err := os.ReadFile(urlFile)
		if err != nil {
			t.Fatal(report(fmt.Errorf("the URL file: %w", err)))
		}
		if got := strings.TrimSpace(string(data)); got != url {
			t.Error(report(fmt.Errorf("the URL file holds %q, want the printed %q", got, url)))
		}
		if info, err := os.Stat(urlFile); err == nil && info.Mode().Perm() != 0o600 {
			t.Errorf("the URL file has mode %v, want 0600 (it holds the token)", info.Mode().Perm())
		}
	})

	t.Run("token off command lines", func(t *testing.T) { checkNoCommandLineHolds(t, token) })

	t.Run("quiet kernel start", func(t *testing.T) {
		if logFile == "" {
			t.Error(report(fmt.Errorf("the gonb kernelspec to have an -extra_log: GoNB logs to the server's terminal")))
		}
		before, _ := os.ReadFile(logFile)
		start := len(srv.output())
		// A GoNB kernel, and a Python one (ipykernel), which loads Python's debugger: it warns at start on Python
		// 3.11. Each is ready once it has answered the server, and has printed what it prints at start by then.
		for _, name := range []string{"gonb", "python3"} {
			if err := waitKernelReady(base, token, startKernel(t, base, token, name)); err != nil {
				t.Fatal(report(fmt.Errorf("the %s kernel to start: %w", name, err)))
			}
		}
		if after, _ := os.ReadFile(logFile); logFile != "" && logFile != os.DevNull &&
			(len(after) <= len(before) || !bytes.Contains(after[len(before):], []byte("kernel created"))) {
			t.Error(report(fmt.Errorf("GoNB to log its start (\"kernel created\") to %s", logFile)))
		}
		// What the kernels printed at start reached the server's output before the server logs the request.
		out, err := srv.flushed(base, token)
		if err != nil {
			t.Fatal(report(err))
		}
		logged := out[start:]
		glog := regexp.MustCompile(`(?m)^[IWEF]\d{4} \d\d:\d\d:\d\d`)
		for _, bad := range []struct {
			match func(string) bool
			what  string
		}{
			{glog.MatchString, "GoNB's glog-style lines (the kernelspec's -logtostderr=false -extra_log=FILE send them to FILE)"},
			{func(s string) bool { return strings.Contains(s, "Debugger warning") }, "Python's debugger warning (PYDEVD_DISABLE_FILE_VALIDATION=1 silences it)"},
		} {
			if bad.match(logged) {
				t.Error(report(fmt.Errorf("no %s in the server's log after the kernels' start:\n%s", bad.what,
					tail(logged, 20))))
			}
		}
		if !strings.Contains(logged, "Kernel started") {
			t.Error(report(fmt.Errorf("the server's log to show the kernel's start:\n%s", tail(logged, 20))))
		}
		checkNoCommandLineHolds(t, token)
	})

	if err := srv.stop(30 * time.Second); err != nil {
		t.Error(report(fmt.Errorf("make jupyter to stop on SIGTERM: %w", err)))
	}
}

// jupyterRun is a running `make jupyter`, its output collected as it comes.
type jupyterRun struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the output pipe is drained

	mu  sync.Mutex
	out strings.Builder
	box chan string // receives the first complete box
}

// startMakeJupyter runs `make jupyter` in its own process group, without a JUPYTER_TOKEN so that a token is
// generated, with Jupyter's configuration and runtime files in temporary folders.
func startMakeJupyter(t *testing.T, env *toolEnv, makeCmd, root string, port int, urlFile string) *jupyterRun {
	t.Helper()
	cmd := exec.Command(makeCmd, "--no-print-directory", "-C", root, "jupyter",
		"JUPYTER_PORT="+strconv.Itoa(port), "JUPYTER_URL_FILE="+urlFile)
	cmd.Env = slices.DeleteFunc(slices.Clone(env.vars), func(v string) bool {
		name, _, _ := strings.Cut(v, "=")
		return slices.Contains([]string{"JUPYTER_TOKEN", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}, name)
	})
	cmd.Env = append(cmd.Env, "JUPYTER_CONFIG_DIR="+t.TempDir(), "JUPYTER_RUNTIME_DIR="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting make jupyter: %v", err)
	}
	w.Close()
	run := &jupyterRun{cmd: cmd, done: make(chan struct{}), box: make(chan string, 1)}
	go run.collect(r)
	t.Cleanup(func() {
		if err := run.stop(30 * time.Second); err != nil {
			t.Logf("stopping make jupyter: %v", err)
		}
	})
	return run
}

// collect reads the output line by line and sends the first box (the lines from a "+===" rule to the next) on
// run.box.
func (run *jupyterRun) collect(r io.ReadCloser) {
	defer close(run.done)
	defer r.Close()
	var box []string
	inBox, sent := false, false
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		run.mu.Lock()
		run.out.WriteString(line + "\n")
		run.mu.Unlock()
		rule := strings.HasPrefix(strings.TrimLeft(ansiEscape.ReplaceAllString(line, ""), " "), "+==")
		switch {
		case sent:
		case rule && !inBox:
			inBox, box = true, []string{line}
		case rule && inBox:
			box = append(box, line)
			run.box <- strings.Join(box, "\n")
			sent = true
		case inBox:
			box = append(box, line)
		}
	}
}

func (run *jupyterRun) output() string {
	run.mu.Lock()
	defer run.mu.Unlock()
	return run.out.String()
}

// flushed returns everything make jupyter has printed until now. To know that nothing is left in the pipe, it
// asks the server (at base, with token) for a page that does not exist, which the server logs (a 404 warning),
// and waits, a minute at most, until that line arrives: the output before it is complete.
func (run *jupyterRun) flushed(base, token string) (string, error) {
	marker := "/flush-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	req, err := http.NewRequest(http.MethodGet, base+marker, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "token "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", marker, err)
	}
	resp.Body.Close()
	if err := waitFor(time.Minute, func() bool { return strings.Contains(run.output(), marker) }); err != nil {
		return "", fmt.Errorf("the server to log the request for %s (which flushes its output): %w", marker, err)
	}
	out := run.output()
	return out[:strings.LastIndex(out[:strings.Index(out, marker)], "\n")+1], nil
}

// waitForBox returns the box with the URL, or an error when make ends first or timeout passes.
func (run *jupyterRun) waitForBox(timeout time.Duration) (string, error) {
	select {
	case box := <-run.box:
		return box, nil
	case <-run.done:
		return "", fmt.Errorf("ended without printing the URL")
	case <-time.After(timeout):
		return "", fmt.Errorf("no URL printed within %v", timeout)
	}
}

// stop sends SIGTERM to make's process group, as Control-C would send SIGINT, and kills the group if it has not
// ended within timeout. Stopping twice is harmless.
func (run *jupyterRun) stop(timeout time.Duration) error {
	if run.cmd.ProcessState != nil {
		return nil
	}
	pgid := run.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	exited := make(chan error, 1)
	go func() { exited <- run.cmd.Wait() }()
	select {
	case <-exited:
		<-run.done
		return nil
	case <-time.After(timeout):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-exited
		return fmt.Errorf("still running %v after SIGTERM; killed", timeout)
	}
}

// apiStatus returns the HTTP status of base's /api/status, asked with token in an Authorization header (none when
// token is empty).
func apiStatus(t *testing.T, base, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/api/status", nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "token "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET /api/status: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// startKernel starts a kernel of the named kernelspec through the server's REST API and returns its id.
func startKernel(t *testing.T, base, token, name string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/api/kernels", strings.NewReader(`{"name":"`+name+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "token "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /api/kernels: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /api/kernels: %s\n%s", resp.Status, body)
	}
	var kernel struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &kernel); err != nil || kernel.ID == "" {
		t.Fatalf("POST /api/kernels: no kernel id in %q (%v)", body, err)
	}
	return kernel.ID
}

// waitKernelReady opens the kernel's websocket, as a notebook page does: the server accepts it (101 Switching
// Protocols) once the kernel has answered its kernel_info request, so the kernel has started by then.
func waitKernelReady(base, token, id string) error {
	host := strings.TrimPrefix(base, "http://")
	conn, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(90 * time.Second)); err != nil {
		return err
	}
	fmt.Fprintf(conn, "GET /api/kernels/%s/channels HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"+
		"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"+
		"Authorization: token %s\r\n\r\n", id, host, token)
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return fmt.Errorf("opening the kernel's websocket: %w", err)
	}
	if !strings.Contains(status, " 101 ") {
		return fmt.Errorf("opening the kernel's websocket: %s", strings.TrimSpace(status))
	}
	return nil
}

// gonbLogFile returns the file the gonb kernelspec sends GoNB's log to (its -extra_log argument), "" if none.
func gonbLogFile(t *testing.T, env *toolEnv) string {
	t.Helper()
	out, err := env.command(testContext(t), env.jupyter, "kernelspec", "list", "--json").Output()
	if err != nil {
		t.Fatalf("jupyter kernelspec list: %v", err)
	}
	specs, err := parseKernelspecs(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range specs["gonb"].Argv {
		if v, ok := strings.CutPrefix(a, "-extra_log="); ok {
			return v
		}
	}
	return ""
}

// checkNoCommandLineHolds fails when the command line of a running process (/proc/*/cmdline, which every user
// can read) contains token.
func checkNoCommandLineHolds(t *testing.T, token string) {
	t.Helper()
	files, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil || len(files) == 0 {
		missing(t, "no /proc/*/cmdline to read (%v)", err)
	}
	found := false
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // the process has ended
		}
		if bytes.Contains(data, []byte(token)) {
			found = true
			t.Errorf("the token is on the command line of %s: %q", filepath.Dir(f), bytes.ReplaceAll(data, []byte{0}, []byte{' '}))
		}
	}
	if !found {
		t.Logf("the token is on none of %d command lines", len(files))
	}
}

// waitFor polls cond every 200 ms until it holds or timeout passes.
func waitFor(timeout time.Duration, cond func() bool) error {
	for start := time.Now(); time.Since(start) < timeout; time.Sleep(200 * time.Millisecond) {
		if cond() {
			return nil
		}
	}
	return fmt.Errorf("not within %v", timeout)
}
