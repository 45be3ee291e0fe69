package jupyterlab

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dlgo/hello/e2e/jupytertest"
	"github.com/dlgo/hello/internal/atomicfile"
)

// browser is headless Chromium driven over the DevTools protocol, with the errors its pages report.
type browser struct {
	ctx     context.Context
	console *jupytertest.Console // uncaught exceptions, console.error calls and errors in the browser's log
	t       *testing.T           // the test that started it, which logs the page's retries
}

// newBrowser starts Chromium headless with an empty profile and nothing that reaches outside (see
// jupytertest.AllocatorOptions); it is stopped when the test ends.
func newBrowser(t *testing.T, chromium string, width, height int) *browser {
	t.Helper()
	opts := jupytertest.AllocatorOptions(chromium, t.TempDir(), width, height)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(jupytertest.Context(t), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(jupytertest.Diagnose(fmt.Errorf("headless %s to start: %w", chromium, err), jupytertest.Witnesses{}))
	}
	return &browser{ctx: ctx, console: jupytertest.WatchConsole(ctx, harmlessErrors...), t: t}
}

// harmlessErrors match the errors the page reports with Debian's jupyter_server 1.23 that do not concern the
// notebook: JupyterLab 4's services ask for APIs that jupyter_server 2 added (the user's identity, the event bus).
var harmlessErrors = []*regexp.Regexp{
	regexp.MustCompile(`/api/me\b`),
	regexp.MustCompile(`/api/events/subscribe\b`),
}

// takeErrors returns the errors reported since the last call, less the harmless ones.
func (b *browser) takeErrors() []string { return b.console.Take() }

// diagnose returns the report of a failure in the page (see jupytertest.Diagnose): what the test expected (err),
// what the page shows, the browser's errors, and the end of the logs of the server (nil if none) and of GoNB.
func (b *browser) diagnose(err error, srv *labServer) *jupytertest.Failure {
	w := jupytertest.Witnesses{Page: b.ctx, Console: b.console}
	if srv != nil {
		w.Server = srv.Server
	}
	return jupytertest.Diagnose(err, w)
}

// await evaluates a JavaScript expression that yields a promise, and returns what it resolves to.
func await[T any](b *browser, timeout time.Duration, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// ready is what window.labTest.ready resolves to.
type ready struct {
	Path     string   `json:"path"`
	Kernel   string   `json:"kernel"`
	Language string   `json:"language"`
	Retries  []string `json:"retries"` // what the page asked the kernel again while connecting, and why
}

// open loads the page at url and waits until its notebook, and its kernel unless the page has none, is ready.
func (b *browser) open(url string) (*ready, error) {
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return nil, fmt.Errorf("loading the page: %w", err)
	}
	r, err := await[ready](b, 5*time.Minute, `window.labTest ? window.labTest.ready :
		Promise.reject(new Error("window.labTest is missing: the page's script did not run"))`)
	if err != nil {
		return nil, fmt.Errorf("the notebook did not open: %w", err)
	}
	for _, retry := range r.Retries {
		b.t.Logf("the page asked again while opening %s: %s", r.Path, retry)
	}
	return &r, nil
}

// kernelNoAnswer is in the error of a page whose kernel did not answer its first request (kernel_info) in time.
const kernelNoAnswer = "no answer within"

// openRetrying opens url as open does, and, when the page's kernel gives no answer in time, reports that with
// what the page and the logs show (diagnosed through srv) and loads the page once more: a new connection to the
// same kernel, as a learner's reload is. The one cause seen (in 2 of 8 full test runs, and once in 600 openings in a loop: the
// kernel's idle status lost to jupyter_server's skipped nudge) is handled in the page, which asks the kernel again
// (labTest.kernelInfo); the reload stays for what the page cannot mend.
func (b *browser) openRetrying(t *testing.T, url string, srv *labServer) (*ready, error) {
	t.Helper()
	r, err := b.open(url)
	if err != nil && strings.Contains(err.Error(), kernelNoAnswer) {
		t.Logf("the page's kernel did not answer; reloading the page once, after:\n%v", b.diagnose(err, srv))
		b.takeErrors() // the first page's, shown above
		r, err = b.open(url)
	}
	return r, err
}

// ran is what window.labTest.runAll resolves to.
type ran struct {
	OK      bool    `json:"ok"`
	Seconds float64 `json:"seconds"`
}

// runAll runs every cell of the notebook, as Run All Cells does, and waits for the last one to finish (through
// labTest.running, which a failure's report reads to say whether Run All still runs).
func (b *browser) runAll(timeout time.Duration) (*ran, error) {
	return b.runAllWith(nil, timeout, nil)
}

// runAllWith runs every cell of the notebook, as runAll does, while learner plays the part of a learner in the
// page (drawing on a board, say; nil when there is none); it waits for the last cell to finish.
func (b *browser) runAllWith(t *testing.T, timeout time.Duration, learner func(*testing.T, *browser) error) (*ran, error) {
	if _, err := await[bool](b, time.Minute, `window.labTest.startRunAll()`); err != nil {
		return nil, fmt.Errorf("Run All Cells to start: %w", err)
	}
	if learner != nil {
		if err := learner(t, b); err != nil {
			return nil, err
		}
	}
	r, err := await[ran](b, timeout, `window.labTest.running`)
	if err != nil {
		return nil, fmt.Errorf("Run All Cells to finish within %v: %w", timeout.Round(time.Second), err)
	}
	return &r, nil
}

// summary reads what the page shows.
func (b *browser) summary() (*summary, error) {
	s, err := await[summary](b, time.Minute, `window.labTest.summary()`)
	if err != nil {
		return nil, fmt.Errorf("reading the page: %w", err)
	}
	return &s, nil
}

// screenshot writes a PNG of what the browser's window shows to path, through a temporary file.
func (b *browser) screenshot(path string) error {
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	return atomicfile.WriteFile(path, png)
}
