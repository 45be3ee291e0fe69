package notebooktest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/digit"
	"github.com/dlgo/hello/digit/digittest"
	"github.com/dlgo/hello/internal/jupytertest"
)

// drawNotebook is the notebook with the drawing board.
const drawNotebook = "04-draw-a-digit.ipynb"

// drawDigits are the MNIST test digits whose strokes TestDrawADigit replays: a 7, a 2, a 0 and a 4 (two strokes).
var drawDigits = []int{0, 1, 3, 4}

// TestDrawADigit serves notebook 04 with Jupyter Notebook and the GoNB kernel, opens it in headless Chromium driven
// by chromedp, runs its drawing cell and draws on the board as a learner would: the strokes of three MNIST test
// digits (their thinned skeletons traced as polylines, see package digittest), each of which the page must read
// right, with "clear" between them; then "done", which must close the board; then it runs the cell again and
// interrupts the kernel, which must close the board too. A failure of timing (a wait that runs out) is retried
// once, in a fresh browser.
//
// It runs a hidden copy of the notebook (notebooks/.draw-test-*.ipynb, removed at the end), in notebooks/ so that
// its paths resolve as the notebook's do; the model it uses is notebooks/chapter1-v4-adam.model, which the notebook
// trains quickly (about a minute) when 03 has not saved it. DRAW_SCREENSHOT=path writes a screenshot of the board
// and its answer there, relative to the repository's root:
//
//	DRAW_SCREENSHOT=docs/draw-a-digit.png go test -run Draw ./internal/notebooktest/
//
// It takes about 40 seconds on 2 cores once the model is saved (the board is ready about 15 s after the cells
// start; each answer comes 25–80 ms after the stroke).
//
// The drawing and the checks (checkDrawing) only use the page's DOM and a drawFrontEnd, which runs cells and
// interrupts the kernel: another front end (JupyterLab's notebook) needs its own drawFrontEnd.
func TestDrawADigit(t *testing.T) {
	if testing.Short() {
		t.Skip("draw: skipped in -short mode (runs a notebook in a browser)")
	}
	env := newToolEnv(t)
	server := env.notebookServer(t)
	chromium := jupytertest.Chromium(t, env.vars)
	_, test, err := datasets.LoadMNIST()
	if err != nil {
		t.Fatalf("MNIST: %v", err)
	}
	var digits []drawnDigit
	for _, i := range drawDigits {
		digits = append(digits, drawnDigit{
			label:   int(test.Labels[i]),
			strokes: digittest.Strokes(test.Image(i), digit.Size, 10),
		})
	}

	// A hidden copy of the notebook next to the others: nothing the page saves reaches the committed one.
	name := fmt.Sprintf(".draw-test-%d.ipynb", os.Getpid())
	copyPath := filepath.Join(notebooksDir, name)
	data, err := os.ReadFile(filepath.Join(notebooksDir, drawNotebook))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copyPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		os.Remove(copyPath)
		checkpoints := filepath.Join(notebooksDir, ".ipynb_checkpoints")
		os.Remove(filepath.Join(checkpoints, strings.TrimSuffix(name, ".ipynb")+"-checkpoint.ipynb"))
		os.Remove(checkpoints) // only if empty: the server creates it when it opens a notebook
	})

	ctx := testContext(t)
	srv := startNotebookServer(t, ctx, env, server, notebooksDir, "--ContentsManager.allow_hidden=True")
	fe := &notebook6{url: fmt.Sprintf("%s/notebooks/%s?token=%s", srv.Base, name, srv.Token), base: srv.Base,
		token: srv.Token, path: name}

	shot := os.Getenv("DRAW_SCREENSHOT")
	if shot != "" && !filepath.IsAbs(shot) {
		shot = filepath.Join(repoRoot, shot) // go test runs in this package's folder
	}
	start := time.Now()
	err = drawSession(ctx, t, chromium, fe, digits, shot)
	if timing := (timingError{}); errors.As(err, &timing) {
		t.Logf("draw: retrying once after a timing failure: %v", err)
		err = drawSession(ctx, t, chromium, fe, digits, shot)
	}
	if err != nil {
		t.Fatalf("draw (%s): %v", fe.name(), err)
	}
	t.Logf("draw (%s): passed in %v", fe.name(), time.Since(start).Round(time.Second))
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

// drawnDigit is a digit drawn on the board: strokes in board pixels, and the digit it must be read as.
type drawnDigit struct {
	label   int
	strokes [][]image.Point
}

// timingError is a wait that ran out: the page did not show what was expected in time.
type timingError struct{ error }

func (e timingError) Unwrap() error { return e.error }

// drawFrontEnd is what checkDrawing needs of a notebook front end, beyond the page's DOM.
type drawFrontEnd interface {
	name() string
	// open loads the notebook in the browser and waits until its kernel is connected.
	open(ctx context.Context) error
	// runCell runs the code cell whose source contains text.
	runCell(ctx context.Context, text string) error
	// interrupt interrupts the notebook's kernel.
	interrupt(ctx context.Context) error
}

// drawSession opens a fresh headless Chromium on fe's notebook and runs checkDrawing.
func drawSession(ctx context.Context, t *testing.T, chromium string, fe drawFrontEnd, digits []drawnDigit, shot string) error {
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		jupytertest.AllocatorOptions(chromium, t.TempDir(), 1100, 1200)...)
	defer cancelAlloc()
	browser, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(browser); err != nil { // starts the browser, without a timeout (see chromedp.Run)
		return fmt.Errorf("starting chromium: %w", err)
	}
	return checkDrawing(browser, t, fe, digits, shot)
}

// checkDrawing runs the drawing cell in fe and draws digits on its board, checking each answer, then closes the
// board with "done", and again by interrupting the kernel. It uses only the board's DOM (package nb's nbdraw-*
// classes) and fe.
func checkDrawing(ctx context.Context, t *testing.T, fe drawFrontEnd, digits []drawnDigit, shot string) error {
	if err := fe.open(ctx); err != nil {
		return err
	}
	for _, cell := range []string{"%env GOEXPERIMENT=simd", "func newReader()", "nb.DrawDigit("} {
		if err := fe.runCell(ctx, cell); err != nil {
			return err
		}
	}
	// The first run builds GoNB's module, and trains the model if 03 has not saved it.
	start := time.Now()
	if err := wait(ctx, "the board to be ready", 8*time.Minute, boardReady); err != nil {
		return err
	}
	t.Logf("draw: the board is ready %v after running the cells", time.Since(start).Round(100*time.Millisecond))

	for i, d := range digits {
		if i > 0 {
			if err := clearBoard(ctx); err != nil {
				return err
			}
		}
		got, latency, err := draw(ctx, d.strokes)
		if err != nil {
			return err
		}
		t.Logf("draw: digit %d drawn in %d strokes, read as %s (answer %v after the last stroke)",
			d.label, len(d.strokes), got, latency.Round(time.Millisecond))
		if got != strconv.Itoa(d.label) {
			return fmt.Errorf("the page reads the strokes of a %d as %q", d.label, got)
		}
	}
	if shot != "" {
		if err := screenshot(ctx, shot); err != nil {
			return err
		}
		t.Logf("draw: screenshot %s", shot)
	}

	// "done" closes the board; the last answer stays.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector(".nbdraw-done").click(); return true; })()`)); err != nil {
		return err
	}
	if err := wait(ctx, "the board to close after done", time.Minute, boardGone("done: the drawing board is closed")); err != nil {
		return err
	}
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll(".nbdraw-answer .nbdraw-digit").length > 0`)); err != nil || !ok {
		return fmt.Errorf("the last answer is gone after done (%v)", err)
	}

	// Interrupting the kernel closes a running board.
	if err := fe.runCell(ctx, "nb.DrawDigit("); err != nil {
		return err
	}
	if err := wait(ctx, "the board to be ready again", 3*time.Minute, boardReady); err != nil {
		return err
	}
	if err := fe.interrupt(ctx); err != nil {
		return err
	}
	return wait(ctx, "the board to close after an interrupt", time.Minute, boardGone("interrupted: the drawing board is closed"))
}

// boardReady is true once a board is shown and has told the cell it is ready.
const boardReady = `document.querySelector(".nbdraw-board[data-nbdraw-ready]") !== null`

// boardGone is true once no board is left in the page and the page shows text.
func boardGone(text string) string {
	return fmt.Sprintf(`document.querySelector(".nbdraw-canvas") === null && document.body.innerText.includes(%q)`, text)
}

// wait polls the JavaScript predicate until it is true; running out of time is a timingError.
func wait(ctx context.Context, what string, timeout time.Duration, predicate string) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](predicate,
		chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(10*time.Millisecond)))
	if err != nil {
		return timingError{fmt.Errorf("waiting %v for %s: %w", timeout, what, err)}
	}
	return nil
}

// canvasRect scrolls the board's canvas into view and returns its place in the viewport, in CSS pixels.
func canvasRect(ctx context.Context) (x, y, scale float64, err error) {
	var r struct{ Left, Top, Width float64 }
	data, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`(() => {
		const c = document.querySelector(".nbdraw-canvas");
		c.scrollIntoViewIfNeeded ? c.scrollIntoViewIfNeeded() : c.scrollIntoView();
		const r = c.getBoundingClientRect();
		return {Left: r.left, Top: r.top, Width: r.width / c.width};
	})()`))
	if err == nil {
		err = json.Unmarshal(data, &r)
	}
	return r.Left, r.Top, r.Width, err
}

// draw draws strokes on the board with the mouse and returns the digit of the answer to the last stroke, and how
// long after releasing the button it was shown.
func draw(ctx context.Context, strokes [][]image.Point) (string, time.Duration, error) {
	x0, y0, scale, err := canvasRect(ctx)
	if err != nil {
		return "", 0, err
	}
	at := func(p image.Point) (float64, float64) { return x0 + float64(p.X)*scale, y0 + float64(p.Y)*scale }
	pressed := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	var released time.Time
	for _, s := range strokes {
		x, y := at(s[0])
		steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, x, y, pressed, chromedp.ClickCount(1))}
		for i := 1; i < len(s); i++ {
			// Intermediate points every 4 board pixels, as a real mouse moves.
			a, b := s[i-1], s[i]
			n := max(1, int(max(abs(b.X-a.X), abs(b.Y-a.Y))/4))
			for k := 1; k <= n; k++ {
				p := image.Pt(a.X+(b.X-a.X)*k/n, a.Y+(b.Y-a.Y)*k/n)
				x, y = at(p)
				steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x, y, pressed))
			}
		}
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x, y, pressed, chromedp.ClickCount(1)))
		if err := chromedp.Do(ctx, steps...); err != nil {
			return "", 0, err
		}
		released = time.Now()
	}
	// The answer to the last stroke sent carries its number.
	n, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".nbdraw-board").dataset.nbdrawStrokes || ""`))
	if err != nil {
		return "", 0, err
	}
	answer := fmt.Sprintf(`.nbdraw-answer[data-stroke="%s"] .nbdraw-digit`, n)
	if err := wait(ctx, "the answer to stroke "+n, 30*time.Second, fmt.Sprintf(`document.querySelector(%q) !== null`, answer)); err != nil {
		return "", 0, err
	}
	latency := time.Since(released)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).textContent.trim()`, answer)))
	return got, latency, err
}

// clearBoard clicks "clear" and checks that the canvas is black and the answer asks for a digit.
func clearBoard(ctx context.Context) error {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector(".nbdraw-clear").click(); return true; })()`)); err != nil {
		return err
	}
	if err := wait(ctx, "the answer to clear", 30*time.Second,
		`Array.from(document.querySelectorAll(".nbdraw-answer")).some(e => e.innerText.includes("Draw a digit."))`); err != nil {
		return err
	}
	ink, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => {
		const c = document.querySelector(".nbdraw-canvas");
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let ink = 0;
		for (let i = 0; i < d.length; i += 4) { if (d[i] > 0) { ink++; } }
		return ink;
	})()`))
	if err != nil {
		return err
	}
	if ink != 0 {
		return fmt.Errorf("after clear the canvas has %d pixels of ink, want 0", ink)
	}
	return nil
}

// screenshot writes a PNG of the board and the answer under it to path.
func screenshot(ctx context.Context, path string) error {
	data, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`(() => {
		const b = document.querySelector(".nbdraw-board");
		b.scrollIntoView({block: "start"}); // the page may scroll in an element of its own, not the window
		const answers = document.querySelectorAll(".nbdraw-answer");
		const r = b.getBoundingClientRect(), a = answers[answers.length - 1].getBoundingClientRect();
		return [Math.min(r.left, a.left), r.top, Math.max(r.right, a.right, r.left + 720), a.bottom];
	})()`))
	if err != nil {
		return err
	}
	var r [4]float64
	if err := json.Unmarshal(data, &r); err != nil {
		return err
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		return err
	}
	const margin = 12
	crop := image.Rect(int(r[0])-margin, int(r[1])-margin, int(r[2])+margin, int(r[3])+margin).Intersect(img.Bounds())
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		return fmt.Errorf("screenshot: %T cannot be cropped", img)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, sub.SubImage(crop)); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func abs(x int) int { return max(x, -x) }

// notebook6 is the classic Jupyter Notebook (6.4) page.
type notebook6 struct {
	url, base, token, path string
}

func (n *notebook6) name() string { return "Jupyter Notebook 6" }

func (n *notebook6) open(ctx context.Context) error {
	if err := chromedp.Do(ctx, chromedp.Navigate(n.url)); err != nil {
		return err
	}
	if err := wait(ctx, "the notebook's kernel", 2*time.Minute,
		`window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()`); err != nil {
		return err
	}
	// No autosave: the page must not write the notebook.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { Jupyter.notebook.set_autosave_interval(0); return true; })()`))
	return err
}

func (n *notebook6) runCell(ctx context.Context, text string) error {
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

// interrupt asks the server to interrupt the notebook's kernel, as the ■ button does.
func (n *notebook6) interrupt(ctx context.Context) error {
	return interruptKernel(ctx, n.base, n.token, n.path)
}

// interruptKernel interrupts the kernel of the session of the notebook at path with Jupyter's REST API.
func interruptKernel(ctx context.Context, base, token, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/sessions", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "token "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var sessions []struct {
		Path   string
		Kernel struct{ ID string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&sessions); err != nil {
		return fmt.Errorf("reading /api/sessions: %w", err)
	}
	for _, s := range sessions {
		if s.Path != path {
			continue
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/kernels/"+s.Kernel.ID+"/interrupt", nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "token "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusOK {
			return fmt.Errorf("interrupting kernel %s: %s", s.Kernel.ID, resp.Status)
		}
		return nil
	}
	return fmt.Errorf("no kernel session for %s in /api/sessions", path)
}
