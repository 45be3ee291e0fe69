package jupyterlab

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// TestJupyterLabTrainingPanel runs the training panel of notebook 02 in the JupyterLab page, as TestTrainingPanel
// (e2e/notebooktest) does in Jupyter Notebook 6, with the same checks (jupytertest.CheckRunsPanel): tanh for 2
// epochs, the exponential on raw pixels with a learning rate of 1 (a diverged row), a run stopped with Stop (a stopped row with
// its epochs), the cell run again (the history still shown), an interrupt (the panel closes). The panel trains on
// the first 6000 examples (NOTEBOOK_EXAMPLES); the learner's notebooks/02-runs.json is moved aside meanwhile.
//
// JUPYTERLAB_RUNS_SCREENSHOT=path writes a screenshot of the panel and its table there, relative to the
// repository's root (docs/runs-jupyterlab.png).
func TestJupyterLabTrainingPanel(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode (runs a notebook in a browser)")
	}
	env, dir, srv := panelServer(t)
	shot := jupytertest.ScreenshotPath(env.root, "JUPYTERLAB_RUNS_SCREENSHOT")

	session := func() error {
		os.Remove(filepath.Join(dir, jupytertest.RunsHistory)) // each try starts with an empty history
		b := newBrowser(t, env.chromium, 1280, 1400)
		fe := &labFrontEnd{b: b, srv: srv, url: srv.pageURL(jupytertest.RunsNotebook, true)}
		err := jupytertest.CheckRunsPanel(b.ctx, t, fe, shot)
		if _, serr := await[bool](b, time.Minute, `window.labTest.shutdown().then(() => true)`); serr != nil {
			t.Logf("shutting down the kernel: %v", serr)
		}
		return err
	}
	start := time.Now()
	if err := jupytertest.RetryOnTiming(t, session); err != nil {
		t.Fatalf("runs (JupyterLab):\n%v", err)
	}
	t.Logf("runs (JupyterLab): passed in %v", time.Since(start).Round(time.Second))
}

// TestJupyterLabTrainingPanelAfterAFailedConnection checks that the training panel of notebook 02 recovers when
// GoNB's first connection to the page fails, as TestJupyterLabDrawADigitAfterAFailedConnection does for the drawing
// board: the page delays every message of GoNB's first WebSocket by 1.5 s; the panel must still answer, train tanh
// for 2 epochs into a row of the table, and close.
func TestJupyterLabTrainingPanelAfterAFailedConnection(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode (runs a notebook in a browser)")
	}
	env, dir, srv := panelServer(t)
	os.Remove(filepath.Join(dir, jupytertest.RunsHistory))
	b := newBrowser(t, env.chromium, 1280, 1400)
	slowFirstSocket(t, b)
	fe := &labFrontEnd{b: b, srv: srv, url: srv.pageURL(jupytertest.RunsNotebook, true)}
	if err := fe.Open(b.ctx); err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	for _, cell := range jupytertest.RunsCells {
		if err := fe.RunCell(b.ctx, cell); err != nil {
			t.Fatal(b.diagnose(err, srv))
		}
	}
	if err := jupytertest.WaitForPanel(b.ctx, 8*time.Minute); err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	row, took, err := jupytertest.TrainFromPanel(b.ctx, jupytertest.PanelSettings{Activation: "tanh", Optimizer: "sgd",
		Scaled: true, LRStep: 20, Epochs: 2}, "", `finished 2 epochs`)
	if err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	t.Logf("runs (JupyterLab, after a failed connection): tanh, 2 epochs: %v; its row: %s", took.Round(100*time.Millisecond), row)
	if err := jupytertest.ClosePanel(b.ctx); err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	checkRecovered(t, b, srv)
	if _, err := await[bool](b, time.Minute, `window.labTest.shutdown().then(() => true)`); err != nil {
		t.Logf("shutting down the kernel: %v", err)
	}
}

// panelServer starts a Jupyter server on notebooks/ for the training panel's tests: the panel trains on the first
// RunsExamples examples, NOTEBOOK_EPOCHS is unset, and the learner's history is moved aside until the test ends.
func panelServer(t *testing.T) (env *labEnv, dir string, srv *labServer) {
	t.Helper()
	env = newLabEnv(t)
	env.vars = slices.DeleteFunc(env.vars, func(v string) bool {
		return strings.HasPrefix(v, "NOTEBOOK_EPOCHS=") || strings.HasPrefix(v, "NOTEBOOK_EXAMPLES=")
	})
	dir = filepath.Join(env.root, "notebooks")
	jupytertest.KeepRunsHistory(t, dir)
	return env, dir, env.startServer(t, dir, "NOTEBOOK_EXAMPLES="+jupytertest.RunsExamples)
}

// closePanel is the learner of notebook 02 in TestJupyterLabNotebooks: once the training panel is ready, it
// clicks Close, which lets Run All go on.
func closePanel(t *testing.T, b *browser) error {
	if err := jupytertest.WaitForPanel(b.ctx, 8*time.Minute); err != nil {
		return err
	}
	return jupytertest.ClosePanel(b.ctx)
}
