package notebooktest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// checkServed serves the executed notebook with Jupyter Notebook on 127.0.0.1, with a token, opens it in headless
// Chromium and checks that the rendered page holds its images and the texts in page; it keeps a screenshot in
// outDir.
func (e *toolEnv) checkServed(t *testing.T, executed, outDir string, page []string) {
	server := e.notebookServer(t)
	chromium := jupytertest.Chromium(t, e.vars)
	wantImages := countImages(readNotebook(t, executed))

	// Serve a copy, trusted as a notebook run here is.
	serveDir := t.TempDir()
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

	srv := startNotebookServer(t, ctx, e, server, serveDir)
	url := fmt.Sprintf("%s/notebooks/%s?token=%s", srv.Base, name, srv.Token)

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
	args := append(jupytertest.ChromiumArgs(t.TempDir()), "--virtual-time-budget=15000", "--window-size=1280,2400",
		action, url)
	cmd := exec.CommandContext(ctx, chromium, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", action, err, tail(stderr.String(), 20))
	}
	return string(out)
}

// notebookServer returns the path of jupyter-notebook, or skips the test (fails it in CI) when there is none.
func (e *toolEnv) notebookServer(t *testing.T) string {
	t.Helper()
	server := e.lookPath("jupyter-notebook")
	if server == "" {
		missing(t, "jupyter-notebook not found on PATH (apt-get install jupyter-notebook)")
	}
	return server
}

// startNotebookServer serves dir with Jupyter Notebook on 127.0.0.1 with a fresh token (in the environment, as make
// jupyter passes it), stopped when the test ends; when the test fails, it logs the end of the server's log.
func startNotebookServer(t *testing.T, ctx context.Context, e *toolEnv, server, dir string, args ...string) *jupytertest.Server {
	t.Helper()
	srv := jupytertest.NewServer(t, "jupyter-notebook")
	t.Cleanup(func() { // runs after the server has stopped
		if t.Failed() {
			t.Logf("jupyter-notebook's log ends with:\n%s", srv.LogTail(40))
		}
	})
	srv.Start(t, e.command(ctx, server, append([]string{"--no-browser", "--allow-root", "--ip=127.0.0.1",
		"--port=" + strconv.Itoa(srv.Port), "--port-retries=0", "--notebook-dir=" + dir}, args...)...))
	return srv
}
