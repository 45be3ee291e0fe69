package notebooktest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// checkServed serves the executed notebook with Jupyter Notebook on 127.0.0.1, with a token, opens it in headless
// Chromium and checks that the rendered page holds its images and the texts in page; it keeps a screenshot in
// outDir.
func (e *toolEnv) checkServed(t *testing.T, executed, outDir string, page []string) {
	server := e.lookPath("jupyter-notebook")
	if server == "" {
		missing(t, "jupyter-notebook not found on PATH (apt-get install jupyter-notebook)")
	}
	var chromium string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if chromium = e.lookPath(name); chromium != "" {
			break
		}
	}
	if chromium == "" {
		missing(t, "chromium not found on PATH (apt-get install chromium)")
	}
	wantImages := countImages(readNotebook(t, executed))

	// Serve a copy, trusted as a notebook run here is.
	serveDir, runtimeDir := t.TempDir(), t.TempDir()
	name := filepath.Base(executed)
	data, err := os.ReadFile(executed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(serveDir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	if err := e.trust(ctx, filepath.Join(serveDir, name)); err != nil {
		t.Fatal(err)
	}

	port := freePort(t)
	token := randomToken(t)
	cmd := e.command(ctx, server, "--no-browser", "--allow-root", "--ip=127.0.0.1", "--port="+strconv.Itoa(port),
		"--port-retries=0", "--notebook-dir="+serveDir)
	// The token goes in the environment, as make jupyter passes it: a command line is readable by every user.
	cmd.Env = append(cmd.Env, "JUPYTER_TOKEN="+token, "JUPYTER_RUNTIME_DIR="+runtimeDir, "JUPYTER_CONFIG_DIR="+t.TempDir())
	logPath := filepath.Join(t.TempDir(), "jupyter-notebook.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", server, err)
	}
	defer stopServer(t, cmd)

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitForServer(base + "/api/status?token=" + token); err != nil {
		log, _ := os.ReadFile(logPath)
		t.Fatalf("jupyter-notebook did not start: %v\n%s", err, tail(string(log), 30))
	}
	url := fmt.Sprintf("%s/notebooks/%s?token=%s", base, name, token)

	dom := runChromium(t, ctx, chromium, "--dump-dom", url)
	images := strings.Count(dom, "data:image/png;base64,")
	t.Logf("the served page shows %d PNG images; the notebook has %d", images, wantImages)
	if images < wantImages {
		t.Errorf("the page rendered by Jupyter Notebook holds %d PNG images, want %d (one per image output)",
			images, wantImages)
	}
	for _, want := range page {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered page does not contain %q", want)
		}
	}

	shot := filepath.Join(outDir, strings.TrimSuffix(name, ".ipynb")+".png")
	runChromium(t, ctx, chromium, "--screenshot="+shot, url)
	if info, err := os.Stat(shot); err != nil || info.Size() == 0 {
		t.Errorf("no screenshot written to %s: %v", shot, err)
	} else {
		t.Logf("screenshot: %s", shot)
	}
}

// runChromium runs headless Chromium with a fresh profile on url and returns its standard output.
func runChromium(t *testing.T, ctx context.Context, chromium, action, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--hide-scrollbars", "--virtual-time-budget=15000",
		"--window-size=1280,2400", action, url)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", action, err, tail(stderr.String(), 20))
	}
	return string(out)
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func randomToken(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// waitForServer polls url until it answers 200 OK, for up to a minute.
func waitForServer(url string) error {
	client := &http.Client{Timeout: 5 * time.Second}
	var last error
	for start := time.Now(); time.Since(start) < time.Minute; time.Sleep(500 * time.Millisecond) {
		resp, err := client.Get(url)
		if err != nil {
			last = err
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return nil
		}
		last = fmt.Errorf("status %s", resp.Status)
	}
	return last
}

// stopServer stops the notebook server with SIGTERM, which also shuts down the kernels it started, and kills it
// if it is still running 15 seconds later.
func stopServer(t *testing.T, cmd *exec.Cmd) {
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		close(done)
	}()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Logf("stopping jupyter-notebook: %v", err)
	}
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}
