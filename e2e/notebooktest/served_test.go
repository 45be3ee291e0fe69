package notebooktest

import (
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
		t.Fatal(jupytertest.Diagnose(err, jupytertest.Witnesses{}))
	}

	srv := startNotebookServer(t, ctx, e, server, serveDir)
	url := fmt.Sprintf("%s/notebooks/%s?token=%s", srv.Base, name, srv.Token)

	dom := runChromium(t, ctx, chromium, srv, "--dump-dom", url)
	var problems []string
	images := strings.Count(dom, "data:image/png;base64,")
	t.Logf("the served page shows %d PNG images; the notebook has %d", images, wantImages)
	if images < wantImages {
		problems = append(problems, fmt.Sprintf("the page rendered by Jupyter Notebook holds %d PNG images, want "+
			"%d (one per image output)", images, wantImages))
	}
	for _, want := range page {
		if !strings.Contains(dom, want) {
			problems = append(problems, fmt.Sprintf("the rendered page does not contain %q", want))
		}
	}
	if len(problems) > 0 {
		t.Error(jupytertest.Diagnose(fmt.Errorf("the served notebook %s to show its outputs; %s", name,
			strings.Join(problems, "; ")), jupytertest.Witnesses{Server: srv, Shown: domText(dom)}))
	}

	shot := filepath.Join(outDir, strings.TrimSuffix(name, ".ipynb")+".png")
	runChromium(t, ctx, chromium, srv, "--screenshot="+shot, url)
	if info, err := os.Stat(shot); err != nil || info.Size() == 0 {
		t.Error(jupytertest.Diagnose(fmt.Errorf("a screenshot in %s: %v", shot, err), jupytertest.Witnesses{Server: srv}))
	} else {
		t.Logf("screenshot: %s", shot)
	}
}

var (
	scriptOrStyle = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	anyTag        = regexp.MustCompile(`<[^>]*>`)
)

// domText returns the text of a page's HTML (what chromium --dump-dom prints), its last 40 non-blank lines, for a
// report: Notebook 6's page ends with the last cells.
func domText(dom string) string {
	s := html.UnescapeString(anyTag.ReplaceAllString(scriptOrStyle.ReplaceAllString(dom, ""), "\n"))
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return "(the page's text, dumped by chromium --dump-dom)\n" + tail(strings.Join(lines, "\n"), 40)
}

// runChromium runs headless Chromium with a fresh profile on url, served by srv, and returns its standard output.
func runChromium(t *testing.T, ctx context.Context, chromium string, srv *jupytertest.Server, action, url string) string {
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
		t.Fatal(jupytertest.Diagnose(fmt.Errorf("chromium %s to succeed: %v; its stderr ends with:\n%s", action,
			err, tail(stderr.String(), 20)), jupytertest.Witnesses{Server: srv}))
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
// jupyter passes it), stopped when the test ends. Its GoNB kernels log to a file of the test's own (srv.GoNBLog),
// whose end the reports of failures show, with the end of the server's log.
func startNotebookServer(t *testing.T, ctx context.Context, e *toolEnv, server, dir string, args ...string) *jupytertest.Server {
	t.Helper()
	srv := jupytertest.NewServer(t, "jupyter-notebook")
	cmd := e.command(ctx, server, append([]string{"--no-browser", "--allow-root", "--ip=127.0.0.1",
		"--port=" + strconv.Itoa(srv.Port), "--port-retries=0", "--notebook-dir=" + dir}, args...)...)
	cmd.Env, srv.GoNBLog = e.gonbKernel(t)
	srv.Start(t, cmd)
	return srv
}
