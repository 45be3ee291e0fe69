package jupyterlab

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// TestJupyterLabFailureReportShowsThePageAndTheLogs breaks a GoNB notebook on purpose (jupytertest.
// WriteBrokenNotebook: a drawing board that never becomes ready, an error in the browser's console, a cell that
// panics), runs it in the page, and checks that the report of the failure (jupytertest.Diagnose, which every
// failure of these tests prints) shows what was expected, the failing cell's outputs, the board's status, the
// console error, and the ends of jupyter_server's and GoNB's logs. It takes about 15 seconds.
func TestJupyterLabFailureReportShowsThePageAndTheLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode (GoNB compiles the cells)")
	}
	env := newLabEnv(t)
	dir := t.TempDir()
	jupytertest.WriteBrokenNotebook(t, filepath.Join(dir, "broken.ipynb"))
	srv := env.startServer(t, dir)
	b := newBrowser(t, env.chromium, 1280, 1000)
	fe := &labFrontEnd{b: b, srv: srv, url: srv.pageURL("broken.ipynb", true)}
	start := time.Now()
	timing, err := jupytertest.RunBrokenNotebook(b.ctx, fe)
	if err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	t.Logf("the notebook broke as planned in %v", time.Since(start).Round(100*time.Millisecond))
	jupytertest.CheckBrokenReport(t, b.diagnose(timing, srv).String())
	if _, err := await[bool](b, time.Minute, `window.labTest.shutdown().then(() => true)`); err != nil {
		t.Logf("shutting down the kernel: %v", err)
	}
}
