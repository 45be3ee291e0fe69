package jupyterlab

// TestJupyterLabNotebooks opens every notebook of notebooks/ in the JupyterLab page through headless Chromium,
// runs all of its cells with the GoNB kernel, in order (02 uses the model 01 saves), and checks what the page
// shows: every code cell ran, images render with a size, tables, progress lines in their final state, as many
// images and tables as the committed notebook holds, no error or stderr outputs, and no errors in the browser.
//
// It needs what `make jupyterlab-test` installs: python3-jupyter-server, chromium, Node.js with npm (to build the
// page, see build.sh), and the GoNB kernel with goimports and gopls in the repository's .tools (make tools).
// Without them the test is skipped, unless CI is set: then it fails.
//
// Environment:
//
//	NOTEBOOK_EPOCHS        caps the epochs of the training runs of 02 and 03, for quick runs; the test sets it to
//	                       2 when it is unset (01 always trains its full 20 epochs).
//	JUPYTERLAB_PAGE        the built page's folder (what build.sh prints); the test runs build.sh when unset.
//	JUPYTERLAB_SCREENSHOT  a file that receives a PNG of notebook 01 in the page once its cells have run.
//
// The drawing board of 04 waits for a learner: while Run All runs, the test draws a digit on it, checks the answer
// and clicks "done" (TestJupyterLabDrawADigit checks the board in full).
//
// GoNB compiles every cell into a program, and 01 trains its 20 epochs: on 2 CPU cores the four notebooks took
// 11 minutes with little else running (01 alone 6.5 minutes, before mlp's training got about 4 times faster; about
// 2 minutes since). Give go test a longer timeout than its default:
//
//	cd e2e && go test -timeout 40m ./jupyterlab/
//
// TestJupyterLabCheckFindsBrokenOutputs tests the checks on notebooks with broken outputs, and
// TestJupyterLabGoNBComms that interactive GoNB cells work in the page.

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dlgo/hello/e2e/jupytertest"
)

// quickEpochs is NOTEBOOK_EPOCHS when the environment does not set it.
const quickEpochs = "2"

// pageTexts are texts a notebook's page must show once its cells have run, beyond what its saved outputs say it
// shows (see expectFrom).
var pageTexts = map[string][]string{
	"01-hello-world.ipynb":   {"Hello World: reading handwritten digits in Go", "Accuracy of testing"},
	jupytertest.DrawNotebook: {"done: the drawing board is closed", "read as 7 "},
}

// learners play the learner's part in the notebooks whose cells wait for one, while Run All runs them.
var learners = map[string]func(t *testing.T, b *browser) error{
	jupytertest.DrawNotebook: drawOneDigit,
	jupytertest.RunsNotebook: closePanel,
}

func TestJupyterLabNotebooks(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode (running the notebooks takes minutes)")
	}
	needTime(t, 15*time.Minute, "run cd e2e && go test -timeout 40m ./jupyterlab/")
	env := newLabEnv(t)
	dir := filepath.Join(env.root, "notebooks")
	paths, err := filepath.Glob(filepath.Join(dir, "*.ipynb"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks in %s: %v", dir, err)
	}
	epochs, set := os.LookupEnv("NOTEBOOK_EPOCHS")
	if !set {
		epochs = quickEpochs
		t.Logf("NOTEBOOK_EPOCHS=%s: the training runs of 02 and 03 are cut short (01 trains in full)", epochs)
	}
	// The kernels run in dir, where the notebooks save and load their models. The page never saves a notebook.
	srv := env.startServer(t, dir, "NOTEBOOK_EPOCHS="+epochs)
	if specs := srv.kernelspecs(t); !slices.Contains(specs, "gonb") {
		t.Fatal(jupytertest.Diagnose(fmt.Errorf("jupyter_server to offer the gonb kernel; it offers %v "+
			"(JUPYTER_PATH=%s)", specs, env.kernels), jupytertest.Witnesses{Server: srv.Server}))
	}
	b := newBrowser(t, env.chromium, 1280, 2600)
	ctx := jupytertest.Context(t)

	for _, path := range paths {
		name := filepath.Base(path)
		ok := t.Run(strings.TrimSuffix(name, ".ipynb"), func(t *testing.T) {
			want, err := expectFrom(path)
			if err != nil {
				t.Fatal(err)
			}
			want.ran, want.texts = true, pageTexts[name]
			start := time.Now()
			r, err := b.openRetrying(t, srv.pageURL(name, true), srv)
			if err != nil {
				t.Fatal(b.diagnose(err, srv))
			}
			var problems []string
			if r.Kernel != "gonb" {
				problems = append(problems, fmt.Sprintf("the page started kernel %q, want gonb", r.Kernel))
			}
			deadline, _ := ctx.Deadline()
			run, err := b.runAllWith(t, time.Until(deadline), learners[name])
			if err != nil {
				t.Fatal(b.diagnose(err, srv))
			}
			s, err := b.summary()
			if err != nil {
				t.Fatal(b.diagnose(err, srv))
			}
			problems = append(problems, s.problems(want)...)
			errs := b.takeErrors()
			if learners[name] != nil { // a board that answered after GoNB's retried connection
				errs = jupytertest.LogGoNBReconnects(t, errs)
			}
			for _, e := range errs {
				problems = append(problems, "the browser reports: "+e)
			}
			if !run.OK {
				problems = append(problems, "Run All Cells stopped at a failing cell")
			}
			if len(problems) > 0 {
				t.Error(b.diagnose(fmt.Errorf("the page shows what the notebook's saved outputs show, and no "+
					"error; %d problems:\n%s", len(problems), strings.Join(problems, "\n")), srv))
			}
			t.Logf("%s: %d cells run in %.0f s (%v with opening)", name, len(s.Cells), run.Seconds,
				time.Since(start).Round(time.Second))
			if shot := os.Getenv("JUPYTERLAB_SCREENSHOT"); shot != "" && strings.HasPrefix(name, "01-") {
				if _, err := await[chromedp.Void](b, time.Minute, `window.labTest.top()`); err != nil {
					t.Error(b.diagnose(fmt.Errorf("the page to scroll to its top: %w", err), srv))
				} else if err := b.screenshot(shot); err != nil {
					t.Error(b.diagnose(err, srv))
				} else {
					t.Logf("screenshot: %s", shot)
				}
			}
			if _, err := await[chromedp.Void](b, time.Minute, `window.labTest.shutdown()`); err != nil {
				t.Logf("shutting down the kernel: %v", err)
			}
		})
		if !ok && strings.HasPrefix(name, "01-") {
			t.Fatal("01-hello-world failed; the other notebooks use its model")
		}
	}
}
