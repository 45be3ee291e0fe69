package notebooktest

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// TestNotebook6FailureReportShowsThePageAndTheLogs breaks a GoNB notebook on purpose (jupytertest.
// WriteBrokenNotebook: a drawing board that never becomes ready, an error in the browser's console, a cell that
// panics), runs it in Jupyter Notebook 6, and checks that the report of the failure (jupytertest.Diagnose, which
// every failure of these tests prints) shows what was expected, the failing cell's outputs, the board's status,
// the console error, and the ends of the server's and GoNB's logs, as e2e/jupyterlab's test of the same name does
// in JupyterLab's page. It takes about 15 seconds.
func TestNotebook6FailureReportShowsThePageAndTheLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode (GoNB compiles the cells)")
	}
	env := newToolEnv(t)
	server := env.notebookServer(t)
	chromium := jupytertest.Chromium(t, env.vars)
	dir := t.TempDir()
	jupytertest.WriteBrokenNotebook(t, filepath.Join(dir, "broken.ipynb"))
	ctx := testContext(t)
	srv := startNotebookServer(t, ctx, env, server, dir)
	page := &notebook6{url: fmt.Sprintf("%s/notebooks/broken.ipynb?token=%s", srv.Base, srv.Token), srv: srv,
		path: "broken.ipynb"}
	fe, err := page.inBrowser(ctx, t, chromium, 1100, 1000)
	if err != nil {
		t.Fatal(err)
	}
	defer fe.close()
	start := time.Now()
	timing, err := jupytertest.RunBrokenNotebook(fe.browser, fe)
	if err != nil {
		t.Fatal(jupytertest.Diagnose(err, fe.Witnesses()))
	}
	t.Logf("the notebook broke as planned in %v", time.Since(start).Round(100*time.Millisecond))
	jupytertest.CheckBrokenReport(t, jupytertest.Diagnose(timing, fe.Witnesses()).String())
}
