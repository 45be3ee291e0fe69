package jupyterlab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// TestJupyterLabDrawADigit runs the drawing board of notebook 04 in the JupyterLab page, as TestDrawADigit
// (e2e/notebooktest) does in Jupyter Notebook 6, with the same checks (jupytertest.CheckDrawing): it runs the
// drawing cell, draws the strokes of MNIST test digits with the mouse and checks that the page reads each right and
// shows the heat maps of the hidden layers under each answer, different for each digit, and logs how long after the
// last stroke each answer came; "clear" between them, then "done", then interrupts a running board. A failure of
// timing (a wait that runs out) is retried once, in a fresh browser. The page never saves the notebook, so it opens the committed one; its
// kernel runs in notebooks/, where 03 saves the model the board uses (the notebook trains it quickly otherwise).
//
// JUPYTERLAB_DRAW_SCREENSHOT=path writes a screenshot of the board and its last answer there, relative to the
// repository's root (make jupyterlab-screenshot writes docs/draw-a-digit-jupyterlab.png).
func TestJupyterLabDrawADigit(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode (runs a notebook in a browser)")
	}
	env := newLabEnv(t)
	digits := jupytertest.MNISTDigits(t, jupytertest.DrawTestDigits...)
	srv := env.startServer(t, filepath.Join(env.root, "notebooks"))
	shot := jupytertest.ScreenshotPath(env.root, "JUPYTERLAB_DRAW_SCREENSHOT")

	session := func() error {
		b := newBrowser(t, env.chromium, 1280, 1400)
		fe := &labFrontEnd{b: b, srv: srv, url: srv.pageURL(jupytertest.DrawNotebook, true)}
		err := jupytertest.CheckDrawing(b.ctx, t, fe, digits, shot) // a report of the failure, if any
		if errs := jupytertest.LogGoNBReconnects(t, b.takeErrors()); len(errs) > 0 && err == nil {
			err = b.diagnose(fmt.Errorf("no errors in the browser's console but GoNB's retried connection; it shows %d",
				len(errs)), srv)
		}
		if _, serr := await[bool](b, time.Minute, `window.labTest.shutdown().then(() => true)`); serr != nil {
			t.Logf("shutting down the kernel: %v", serr)
		}
		return err
	}
	start := time.Now()
	if err := jupytertest.RetryOnTiming(t, session); err != nil {
		t.Fatalf("draw (JupyterLab):\n%v", err)
	}
	t.Logf("draw (JupyterLab): passed in %v", time.Since(start).Round(time.Second))
}

// TestJupyterLabDrawADigitAfterAFailedConnection checks that the board recovers when GoNB's first connection to
// the page fails, as it does on a busy machine: GoNB's page side gives up when the kernel's acknowledgement takes
// over half a second. The test delays every message to GoNB's first WebSocket by 1.5 s, so that it gives up; the
// cell must then have GoNB connect again, and the board must read a digit and close on "done".
func TestJupyterLabDrawADigitAfterAFailedConnection(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode (runs a notebook in a browser)")
	}
	env := newLabEnv(t)
	srv := env.startServer(t, filepath.Join(env.root, "notebooks"))
	b := newBrowser(t, env.chromium, 1280, 1400)
	slowFirstSocket(t, b)
	fe := &labFrontEnd{b: b, srv: srv, url: srv.pageURL(jupytertest.DrawNotebook, true)}
	if err := jupytertest.OpenAndRunDrawCells(b.ctx, fe); err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	if err := drawOneDigit(t, b); err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	checkRecovered(t, b, srv)
	if _, err := await[bool](b, time.Minute, `window.labTest.shutdown().then(() => true)`); err != nil {
		t.Logf("shutting down the kernel: %v", err)
	}
}

// slowFirstSocket makes the page of b delay the messages of GoNB's first WebSocket (slowFirstGoNBSocket), so that
// GoNB's first connection fails.
func slowFirstSocket(t *testing.T, b *browser) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: slowFirstGoNBSocket})
		return err
	})); err != nil {
		t.Fatal(err)
	}
}

// checkRecovered fails unless the page of b, made to fail GoNB's first connection (slowFirstSocket), opened a
// second one and logged GoNB's errors about the first, and nothing else.
func checkRecovered(t *testing.T, b *browser, srv *labServer) {
	t.Helper()
	sockets, err := await[int](b, time.Minute, `Promise.resolve(window.goNBSockets)`)
	if err != nil {
		t.Fatal(b.diagnose(fmt.Errorf("window.goNBSockets to be read: %w", err), srv))
	}
	if sockets < 2 {
		t.Error(b.diagnose(fmt.Errorf("GoNB opened %d WebSockets, want a second one after the first failed: the "+
			"test did not test the recovery", sockets), srv))
	}
	unexpected, reconnects := jupytertest.SplitGoNBReconnects(b.takeErrors())
	if len(reconnects) == 0 {
		t.Error(b.diagnose(errors.New("GoNB's console errors about its failed first connection: the test did not "+
			"make the connection fail"), srv))
	}
	if len(unexpected) > 0 {
		t.Error(b.diagnose(fmt.Errorf("no errors in the browser's console but GoNB's about the failed connection; "+
			"it shows:\n%s", strings.Join(unexpected, "\n")), srv))
	}
}

// slowFirstGoNBSocket is a script that runs before the page's own: the messages that reach the first WebSocket
// GoNB opens (to /api/kernels/ID/channels, with no query, unlike JupyterLab's own) are delivered 1.5 s late.
// window.goNBSockets counts GoNB's WebSockets.
const slowFirstGoNBSocket = `(() => {
	const Native = window.WebSocket;
	window.goNBSockets = 0;
	function SlowWebSocket(url, protocols) {
		const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
		if (/\/api\/kernels\/[^/?]+\/channels$/.test(String(url)) && window.goNBSockets++ === 0) {
			const onmessage = Object.getOwnPropertyDescriptor(Native.prototype, "onmessage");
			Object.defineProperty(ws, "onmessage", {
				set(fn) { onmessage.set.call(ws, (ev) => setTimeout(() => fn(ev), 1500)); },
				get() { return onmessage.get.call(ws); },
			});
		}
		return ws;
	}
	SlowWebSocket.prototype = Native.prototype;
	for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) { SlowWebSocket[k] = Native[k]; }
	window.WebSocket = SlowWebSocket;
})();`

// drawOneDigit is the learner of notebook 04 in TestJupyterLabNotebooks: once the board is ready, it draws the
// first MNIST test digit, checks that the page reads it right, and clicks "done", which lets Run All go on.
func drawOneDigit(t *testing.T, b *browser) error {
	if err := jupytertest.WaitForBoard(b.ctx, 8*time.Minute); err != nil {
		return err
	}
	if err := jupytertest.DrawDigits(b.ctx, t, jupytertest.MNISTDigits(t, jupytertest.DrawTestDigits[0])); err != nil {
		return err
	}
	return jupytertest.PressDone(b.ctx)
}

// labFrontEnd is the JupyterLab page as jupytertest.CheckDrawing drives it.
type labFrontEnd struct {
	b   *browser
	srv *labServer
	url string // the page showing the notebook
}

func (l *labFrontEnd) Name() string { return "JupyterLab" }

func (l *labFrontEnd) Witnesses() jupytertest.Witnesses {
	return jupytertest.Witnesses{Page: l.b.ctx, Console: l.b.console, Server: l.srv.Server}
}

// Open loads the page and waits for its notebook and kernel; a page that is not ready in time is a timing failure.
func (l *labFrontEnd) Open(ctx context.Context) error {
	if _, err := l.b.open(l.url); err != nil {
		return jupytertest.TimingError{Err: err}
	}
	return nil
}

func (l *labFrontEnd) RunCell(ctx context.Context, text string) error {
	quoted, _ := json.Marshal(text)
	if _, err := await[bool](l.b, time.Minute, "window.labTest.runCell("+string(quoted)+")"); err != nil {
		return fmt.Errorf("the cell with %s to start: %w", quoted, err)
	}
	return nil
}

func (l *labFrontEnd) Interrupt(ctx context.Context) error {
	if _, err := await[bool](l.b, 3*time.Minute, "window.labTest.interrupt()"); err != nil {
		return fmt.Errorf("the kernel to take an interrupt within 3 minutes: %w", err)
	}
	return nil
}
