package notebooktest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// TestTrainingPanel serves notebook 02 with Jupyter Notebook and the GoNB kernel, opens it in headless Chromium
// driven by chromedp, runs its training panel and trains from it as a learner would (jupytertest.CheckRunsPanel):
// tanh for 2 epochs, whose row must say it finished; the exponential on raw pixels with a learning rate of 1, whose row must
// say that it diverged; a run stopped with Stop during its third epoch, whose row must keep its epochs; then it
// closes the panel, runs the cell again, which must show the three runs, and interrupts the kernel. A failure of
// timing is retried once, in a fresh browser.
//
// The panel trains on the first 6000 examples (NOTEBOOK_EXAMPLES=6000, about half a second an epoch on 2 cores);
// NOTEBOOK_EPOCHS is unset for it. The learner's history, notebooks/02-runs.json, is moved aside while it runs and
// put back after. It runs a hidden copy of the notebook (notebooks/.runs-test-*.ipynb, removed at the end), and
// needs notebooks/hello-world.model (01 saves it; the notebook trains it otherwise, for about 2 minutes).
// RUNS_SCREENSHOT=path writes a screenshot of the panel and its table there, relative to the repository's root:
//
//	cd e2e && RUNS_SCREENSHOT=docs/runs-notebook.png go test -run 'TestTrainingPanel$' ./notebooktest/
func TestTrainingPanel(t *testing.T) {
	if testing.Short() {
		t.Skip("runs: skipped in -short mode (runs a notebook in a browser)")
	}
	env := newToolEnv(t)
	env.vars = append(slices.DeleteFunc(env.vars, func(v string) bool {
		return strings.HasPrefix(v, "NOTEBOOK_EPOCHS=") || strings.HasPrefix(v, "NOTEBOOK_EXAMPLES=")
	}), "NOTEBOOK_EXAMPLES="+jupytertest.RunsExamples)
	server := env.notebookServer(t)
	chromium := jupytertest.Chromium(t, env.vars)
	jupytertest.KeepRunsHistory(t, notebooksDir)

	name := hiddenCopy(t, jupytertest.RunsNotebook, "runs")
	ctx := testContext(t)
	srv := startNotebookServer(t, ctx, env, server, notebooksDir, "--ContentsManager.allow_hidden=True")
	page := &notebook6{url: fmt.Sprintf("%s/notebooks/%s?token=%s", srv.Base, name, srv.Token), srv: srv, path: name}
	shot := jupytertest.ScreenshotPath(repoRoot, "RUNS_SCREENSHOT")
	start := time.Now()
	err := jupytertest.RetryOnTiming(t, func() error {
		os.Remove(filepath.Join(notebooksDir, jupytertest.RunsHistory)) // each try starts with an empty history
		fe, err := page.inBrowser(ctx, t, chromium, 1280, 1400)
		if err != nil {
			return err
		}
		defer fe.close()
		return jupytertest.CheckRunsPanel(fe.browser, t, fe, shot)
	})
	if err != nil {
		t.Fatalf("runs (%s):\n%v", page.Name(), err)
	}
	t.Logf("runs (%s): passed in %v", page.Name(), time.Since(start).Round(time.Second))
}
