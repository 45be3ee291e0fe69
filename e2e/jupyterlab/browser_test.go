package jupyterlab

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dlgo/hello/e2e/jupytertest"
	"github.com/dlgo/hello/internal/atomicfile"
)

// browser is headless Chromium driven over the DevTools protocol, with the errors its pages report.
type browser struct {
	ctx    context.Context
	mu     sync.Mutex
	errors []string // uncaught exceptions, console.error calls and errors in the browser's log
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
	b := &browser{ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.mu.Lock()
				msg := strings.TrimSpace(m.String() + " " + m.URL)
				b.errors = append(b.errors, tokenParam.ReplaceAllString(msg, "token=…"))
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// tokenParam matches the server's token in the addresses of error messages, which tests print.
var tokenParam = regexp.MustCompile(`token=[0-9a-f]+`)

// harmlessErrors match the errors the page reports with Debian's jupyter_server 1.23 that do not concern the
// notebook: JupyterLab 4's services ask for APIs that jupyter_server 2 added (the user's identity, the event bus).
var harmlessErrors = []*regexp.Regexp{
	regexp.MustCompile(`/api/me\b`),
	regexp.MustCompile(`/api/events/subscribe\b`),
}

// takeErrors returns the errors reported since the last call, less the harmless ones.
func (b *browser) takeErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var errs []string
	for _, e := range b.errors {
		harmless := false
		for _, re := range harmlessErrors {
			harmless = harmless || re.MatchString(e)
		}
		if !harmless {
			errs = append(errs, e)
		}
	}
	b.errors = nil
	return errs
}

// await evaluates a JavaScript expression that yields a promise, and returns what it resolves to.
func await[T any](b *browser, timeout time.Duration, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// ready is what window.labTest.ready resolves to.
type ready struct {
	Path     string `json:"path"`
	Kernel   string `json:"kernel"`
	Language string `json:"language"`
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
	return &r, nil
}

// ran is what window.labTest.runAll resolves to.
type ran struct {
	OK      bool    `json:"ok"`
	Seconds float64 `json:"seconds"`
}

// runAll runs every cell of the notebook, as Run All Cells does, and waits for the last one to finish.
func (b *browser) runAll(timeout time.Duration) (*ran, error) {
	r, err := await[ran](b, timeout, `window.labTest.runAll()`)
	if err != nil {
		return nil, fmt.Errorf("running the cells: %w", err)
	}
	return &r, nil
}

// runAllWith runs every cell of the notebook, as runAll does, while learner plays the part of a learner in the
// page (drawing on a board, say); it waits for the last cell to finish.
func (b *browser) runAllWith(t *testing.T, timeout time.Duration, learner func(*testing.T, *browser) error) (*ran, error) {
	if _, err := await[bool](b, time.Minute, `window.labTest.startRunAll()`); err != nil {
		return nil, fmt.Errorf("running the cells: %w", err)
	}
	if err := learner(t, b); err != nil {
		return nil, err
	}
	r, err := await[ran](b, timeout, `window.labTest.running`)
	if err != nil {
		return nil, fmt.Errorf("running the cells: %w", err)
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
