package notebooktest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// TestDrawADigit serves notebook 04 with Jupyter Notebook and the GoNB kernel, opens it in headless Chromium driven
// by chromedp, runs its drawing cell and draws on the board as a learner would: the strokes of four MNIST test
// digits (their thinned skeletons traced as polylines, see package digittest), each of which the page must read
// right, with "clear" between them; under each answer the panel "inside the network" must show a heat map of each
// hidden layer's outputs, different from the previous digit's; then "done", which must close the board and leave
// the last answer with its heat maps; then it runs the cell again and interrupts the kernel, which must close the
// board too. It logs how long after the last stroke of each digit its answer came. A failure of timing (a wait that
// runs out) is retried once, in a fresh browser.
//
// It runs a hidden copy of the notebook (notebooks/.draw-test-*.ipynb, removed at the end), in notebooks/ so that
// its paths resolve as the notebook's do; the model it uses is notebooks/chapter1-v4-adam.model, which the notebook
// trains quickly (about a minute) when 03 has not saved it. DRAW_SCREENSHOT=path writes a screenshot of the board
// and its answer there, relative to the repository's root; docs/inside-board.png shows the board with the hidden
// layers' heat maps:
//
//	cd e2e && DRAW_SCREENSHOT=docs/inside-board.png go test -run 'TestDrawADigit$' ./notebooktest/
//
// It takes about 20 seconds on 2 cores once the model is saved (the board is ready about 9 s after the cells
// start; each answer, with its heat maps, comes 20–40 ms after the last stroke).
//
// The drawing and the checks (jupytertest.CheckDrawing) only use the page's DOM and a jupytertest.DrawFrontEnd,
// which runs cells and interrupts the kernel; e2e/jupyterlab's TestJupyterLabDrawADigit runs them in
// JupyterLab's notebook.
func TestDrawADigit(t *testing.T) {
	if testing.Short() {
		t.Skip("draw: skipped in -short mode (runs a notebook in a browser)")
	}
	env := newToolEnv(t)
	server := env.notebookServer(t)
	chromium := jupytertest.Chromium(t, env.vars)
	digits := jupytertest.MNISTDigits(t, jupytertest.DrawTestDigits...)

	name := hiddenCopy(t, jupytertest.DrawNotebook, "draw")
	ctx := testContext(t)
	srv := startNotebookServer(t, ctx, env, server, notebooksDir, "--ContentsManager.allow_hidden=True")
	fe := &notebook6{url: fmt.Sprintf("%s/notebooks/%s?token=%s", srv.Base, name, srv.Token), srv: srv, path: name}

	shot := jupytertest.ScreenshotPath(repoRoot, "DRAW_SCREENSHOT")
	start := time.Now()
	err := jupytertest.RetryOnTiming(t, func() error { return drawSession(ctx, t, chromium, fe, digits, shot) })
	if err != nil {
		t.Fatalf("draw (%s):\n%v", fe.Name(), err)
	}
	t.Logf("draw (%s): passed in %v", fe.Name(), time.Since(start).Round(time.Second))
}

// checkDrawNotebook checks notebook 04 as nbconvert runs it, without a browser: the drawing cell says in one line
// that no page shows it and leaves no board in the saved outputs; the picture of testdata is read as a 7.
func checkDrawNotebook(t *testing.T, nb *notebook) {
	t.Helper()
	closed, boards, seven := false, 0, false
	nb.codeCells(func(n int, c *cell) {
		for _, o := range c.Outputs {
			if strings.Contains(string(o.Text), "no page shows this cell's output") {
				closed = true
			}
			boards += strings.Count(o.text("text/html"), "nbdraw-canvas")
			seven = seven || strings.Contains(string(o.Text), "read as 7 ")
		}
	})
	if !closed {
		t.Errorf("the drawing cell does not say that no page shows it")
	}
	if boards > 0 {
		t.Errorf("the saved outputs hold %d drawing boards, want none (the board must go away when the cell ends)", boards)
	}
	if !seven {
		t.Errorf("the picture of digit/testdata/seven.png is not shown read as a 7")
	}
}

// drawSession opens a fresh headless Chromium on the notebook of page (a notebook6 without a browser) and runs
// jupytertest.CheckDrawing; its error is the report of the failure (see jupytertest.Diagnose).
func drawSession(ctx context.Context, t *testing.T, chromium string, page *notebook6,
	digits []jupytertest.DrawnDigit, shot string) error {
	fe, err := page.inBrowser(ctx, t, chromium, 1100, 1200)
	if err != nil {
		return err
	}
	defer fe.close()
	return jupytertest.CheckDrawing(fe.browser, t, fe, digits, shot)
}

// notebook6 is the classic Jupyter Notebook (6.4) page.
type notebook6 struct {
	url, path string // the page, and the notebook's path on the server
	srv       *jupytertest.Server

	browser context.Context      // the browser that shows the page (see inBrowser)
	console *jupytertest.Console // its errors
	close   func()               // stops it
}

// inBrowser returns a copy of n shown in a fresh headless Chromium of width×height pixels, which close stops.
func (n *notebook6) inBrowser(ctx context.Context, t *testing.T, chromium string, width, height int) (*notebook6, error) {
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		jupytertest.AllocatorOptions(chromium, t.TempDir(), width, height)...)
	browser, cancel := chromedp.NewContext(allocCtx)
	fe := *n
	fe.browser, fe.close = browser, func() { cancel(); cancelAlloc() }
	if err := chromedp.Do(browser); err != nil { // starts the browser, without a timeout (see chromedp.Run)
		fe.close()
		return nil, jupytertest.Diagnose(fmt.Errorf("headless %s to start: %w", chromium, err),
			jupytertest.Witnesses{Server: n.srv})
	}
	fe.console = jupytertest.WatchConsole(browser)
	return &fe, nil
}

func (n *notebook6) Name() string { return "Jupyter Notebook 6" }

func (n *notebook6) Witnesses() jupytertest.Witnesses {
	return jupytertest.Witnesses{Page: n.browser, Console: n.console, Server: n.srv}
}

func (n *notebook6) Open(ctx context.Context) error {
	if err := chromedp.Do(ctx, chromedp.Navigate(n.url)); err != nil {
		return err
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](
		`window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()`,
		chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
		return jupytertest.TimingError{Err: fmt.Errorf("waiting 2m0s for the notebook's kernel to connect: %w", err)}
	}
	// No autosave: the page must not write the notebook.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { Jupyter.notebook.set_autosave_interval(0); return true; })()`))
	return err
}

func (n *notebook6) RunCell(ctx context.Context, text string) error {
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
		const i = Jupyter.notebook.get_cells().findIndex(c => c.cell_type === "code" && c.get_text().includes(%q));
		if (i < 0) { return false; }
		Jupyter.notebook.execute_cells([i]);
		return true;
	})()`, text)))
	if err == nil && !ok {
		err = fmt.Errorf("the notebook has no code cell containing %q", text)
	}
	return err
}

// Interrupt asks the server to interrupt the notebook's kernel with Jupyter's REST API, as the ■ button does.
func (n *notebook6) Interrupt(ctx context.Context) error {
	client := &http.Client{Timeout: time.Minute}
	var sessions []struct {
		Path   string
		Kernel struct{ ID string }
	}
	if err := n.srv.GetJSON(client, "/api/sessions", &sessions); err != nil {
		return err
	}
	for _, s := range sessions {
		if s.Path == n.path {
			return n.srv.Post(client, "/api/kernels/"+s.Kernel.ID+"/interrupt")
		}
	}
	return fmt.Errorf("no kernel session for %s in /api/sessions", n.path)
}

// hiddenCopy copies the notebook name of notebooks/ to a hidden file next to it, ".<what>-test-<pid>.ipynb", for
// the rest of the test, and returns the copy's name: its paths resolve as the notebook's do, and nothing the page
// saves reaches the committed notebook. The server must be started with --ContentsManager.allow_hidden=True.
func hiddenCopy(t *testing.T, name, what string) string {
	t.Helper()
	copyName := fmt.Sprintf(".%s-test-%d.ipynb", what, os.Getpid())
	copyPath := filepath.Join(notebooksDir, copyName)
	data, err := os.ReadFile(filepath.Join(notebooksDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copyPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		os.Remove(copyPath)
		checkpoints := filepath.Join(notebooksDir, ".ipynb_checkpoints")
		os.Remove(filepath.Join(checkpoints, strings.TrimSuffix(copyName, ".ipynb")+"-checkpoint.ipynb"))
		os.Remove(checkpoints) // only if empty: the server creates it when it opens a notebook
	})
	return copyName
}
