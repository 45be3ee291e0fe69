package jupytertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
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
)

// DrawNotebook is the notebook with the drawing board, in notebooks/.
const DrawNotebook = "04-draw-a-digit.ipynb"

// DrawCells are texts found in the code cells that show the drawing board, in the order they run: the setup
// (GOEXPERIMENT), the imports with the reader, the model (trained first if 03 has not saved it), and the board.
var DrawCells = []string{"%env GOEXPERIMENT=simd", "func newReader()", "os.Stat(modelFile)", "nb.DrawDigit("}

// DrawTestDigits are the MNIST test digits whose strokes the draw tests replay: a 7, a 2, a 0 and a 4 (two
// strokes).
var DrawTestDigits = []int{0, 1, 3, 4}

// DrawnDigit is a digit drawn on the board: strokes in board pixels, and the digit it must be read as.
type DrawnDigit struct {
	Label   int
	Strokes [][]image.Point
}

// MNISTDigits returns the strokes of the MNIST test digits at the given indices (their thinned skeletons traced as
// polylines, see package digittest), scaled to the board (ten times an MNIST digit).
func MNISTDigits(t testing.TB, indices ...int) []DrawnDigit {
	t.Helper()
	_, test, err := datasets.LoadMNIST()
	if err != nil {
		t.Fatalf("MNIST: %v", err)
	}
	var digits []DrawnDigit
	for _, i := range indices {
		digits = append(digits, DrawnDigit{
			Label:   int(test.Labels[i]),
			Strokes: digittest.Strokes(test.Image(i), digit.Size, 10),
		})
	}
	return digits
}

// TimingError is a wait that ran out: the page did not show what was expected in time. Tests retry once on it.
type TimingError struct{ Err error }

func (e TimingError) Error() string { return e.Err.Error() }
func (e TimingError) Unwrap() error { return e.Err }

// DrawFrontEnd is what CheckDrawing needs of a notebook front end, beyond the page's DOM.
type DrawFrontEnd interface {
	Name() string
	// Open loads the notebook in the browser and waits until its kernel is connected.
	Open(ctx context.Context) error
	// RunCell runs the code cell whose source contains text, without waiting for it to finish.
	RunCell(ctx context.Context, text string) error
	// Interrupt interrupts the notebook's kernel, as the ■ button does.
	Interrupt(ctx context.Context) error
	// Witnesses returns where the evidence of a failure is (see Diagnose): the page, its console, the server.
	Witnesses() Witnesses
}

// CheckDrawing runs the drawing cell in fe (DrawCells) and draws digits on its board, checking each answer and
// clearing the board between them; then closes the board with "done", and again by interrupting the kernel. It
// uses only the board's DOM (package nb's nbdraw-* classes) and fe. If shot is not empty, a screenshot of the board
// with its last answer is written there. Its error is a *Failure, the report of what the page, the browser and the
// logs showed (see Diagnose), taken while the browser still runs.
func CheckDrawing(ctx context.Context, t testing.TB, fe DrawFrontEnd, digits []DrawnDigit, shot string) (err error) {
	defer func() {
		if err != nil {
			err = Diagnose(err, fe.Witnesses())
		}
	}()
	if err := OpenAndRunDrawCells(ctx, fe); err != nil {
		return err
	}
	// The first run builds GoNB's module, and trains the model if 03 has not saved it.
	start := time.Now()
	if err := WaitForBoard(ctx, 8*time.Minute); err != nil {
		return err
	}
	t.Logf("draw (%s): the board is ready %v after running the cells", fe.Name(), time.Since(start).Round(100*time.Millisecond))
	if err := DrawDigits(ctx, t, digits); err != nil {
		return err
	}
	if shot != "" {
		if err := Screenshot(ctx, shot); err != nil {
			return err
		}
		t.Logf("draw: screenshot %s", shot)
	}
	if err := PressDone(ctx); err != nil {
		return err
	}

	// Interrupting the kernel closes a running board.
	if err := fe.RunCell(ctx, "nb.DrawDigit("); err != nil {
		return err
	}
	if err := WaitForBoard(ctx, 3*time.Minute); err != nil {
		return err
	}
	if err := fe.Interrupt(ctx); err != nil {
		return err
	}
	return wait(ctx, "the board to close after an interrupt", time.Minute, boardGone("interrupted: the drawing board is closed"))
}

// OpenAndRunDrawCells opens the notebook in fe and runs its DrawCells, without waiting for the board.
func OpenAndRunDrawCells(ctx context.Context, fe DrawFrontEnd) error {
	if err := fe.Open(ctx); err != nil {
		return err
	}
	for _, cell := range DrawCells {
		if err := fe.RunCell(ctx, cell); err != nil {
			return err
		}
	}
	return nil
}

// RetryOnTiming runs session, and once more if it failed with a TimingError, logging why with the failure's
// report (session's error should be a *Failure, as CheckDrawing's is); it returns the last run's error.
func RetryOnTiming(t testing.TB, session func() error) error {
	t.Helper()
	err := session()
	if timing := (TimingError{}); errors.As(err, &timing) {
		t.Logf("draw: retrying once, in a fresh browser, after a timing failure (%v); what the first try saw:\n%v",
			timing.Err, err)
		err = session()
	}
	return err
}

// ScreenshotPath returns the file named by the environment variable name, relative to the repository's root
// when it is not absolute (go test runs in the package's folder), or "" when the variable is unset.
func ScreenshotPath(root, name string) string {
	shot := os.Getenv(name)
	if shot != "" && !filepath.IsAbs(shot) {
		shot = filepath.Join(root, shot)
	}
	return shot
}

// DrawDigits draws each digit on the board, clearing it between them, and checks that the page reads each right
// and shows, under the answer, a heat map of each hidden layer's outputs (CheckLayers), different from the previous
// digit's. It logs how long after the last stroke each answer came, and all of them at the end.
func DrawDigits(ctx context.Context, t testing.TB, digits []DrawnDigit) error {
	var previous []LayerImage
	var latencies []string
	for i, d := range digits {
		if i > 0 {
			if err := ClearBoard(ctx); err != nil {
				return err
			}
		}
		got, latency, err := Draw(ctx, d.Strokes)
		if err != nil {
			return err
		}
		t.Logf("draw: digit %d drawn in %d strokes, read as %s (answer %v after the last stroke)",
			d.Label, len(d.Strokes), got, latency.Round(time.Millisecond))
		if got != strconv.Itoa(d.Label) {
			return fmt.Errorf("the page reads the strokes of a %d as %q", d.Label, got)
		}
		latencies = append(latencies, fmt.Sprintf("%d: %v", d.Label, latency.Round(time.Millisecond)))
		layers, err := CheckLayers(ctx)
		if err != nil {
			return fmt.Errorf("the answer to the strokes of a %d: %w", d.Label, err)
		}
		t.Logf("draw: the answer to the %d shows %d hidden layers: %s", d.Label, len(layers), layerNames(layers))
		if previous != nil {
			if err := layersChanged(previous, layers); err != nil {
				return fmt.Errorf("the answer to the strokes of a %d after a %d: %w", d.Label, digits[i-1].Label, err)
			}
		}
		previous = layers
	}
	t.Logf("draw: answers after the last stroke of each digit: %s", strings.Join(latencies, ", "))
	return nil
}

// LayerImage is a heat map of the answer's panel "inside the network": a hidden layer's outputs.
type LayerImage struct {
	Alt, Src string // the image's alt text and its data URL
	Width    int    // its natural width, once decoded
}

// CheckLayers returns the heat maps of the last answer (.nbdraw-layers img.nbdraw-layer) once the page has decoded
// them; there must be at least one, each with an alt text and a PNG data URL.
func CheckLayers(ctx context.Context) ([]LayerImage, error) {
	const imgs = `(() => { const a = document.querySelectorAll(".nbdraw-answer"); ` +
		`return a.length ? Array.from(a[a.length - 1].querySelectorAll(".nbdraw-layers img.nbdraw-layer")) : []; })()`
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](imgs+".length"))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errors.New("no heat maps of the hidden layers under it (.nbdraw-layers img.nbdraw-layer)")
	}
	if err := wait(ctx, "the heat maps of the hidden layers under the answer to be decoded", 10*time.Second,
		imgs+".every(i => i.complete && i.naturalWidth > 0)"); err != nil {
		return nil, err
	}
	data, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](
		fmt.Sprintf(`%s.map(i => ({Alt: i.alt, Src: i.src, Width: i.naturalWidth}))`, imgs)))
	if err != nil {
		return nil, err
	}
	var layers []LayerImage
	if err := json.Unmarshal(data, &layers); err != nil {
		return nil, err
	}
	for k, l := range layers {
		if l.Alt == "" || !strings.HasPrefix(l.Src, "data:image/png;base64,") {
			return nil, fmt.Errorf("heat map %d of the hidden layers has alt text %q and src %.40q, want a text and a PNG",
				k, l.Alt, l.Src)
		}
	}
	return layers, nil
}

// layersChanged checks that the heat maps now have the same layers as before, each drawn anew.
func layersChanged(before, now []LayerImage) error {
	if layerNames(before) != layerNames(now) {
		return fmt.Errorf("the hidden layers shown changed from %s to %s", layerNames(before), layerNames(now))
	}
	for k := range now {
		if now[k].Src == before[k].Src {
			return fmt.Errorf("the heat map of %s is the same as the previous digit's", layerName(now[k]))
		}
	}
	return nil
}

// layerName is the layer's name at the start of the heat map's alt text ("activation_1").
func layerName(l LayerImage) string {
	name, _, _ := strings.Cut(l.Alt, " ")
	return name
}

// layerNames lists the heat maps' layers, with their widths in pixels.
func layerNames(layers []LayerImage) string {
	var names []string
	for _, l := range layers {
		names = append(names, fmt.Sprintf("%s (%d px wide)", layerName(l), l.Width))
	}
	return strings.Join(names, ", ")
}

// WaitForBoard waits until a board is shown and the cell has acknowledged it (data-nbdraw-ready).
func WaitForBoard(ctx context.Context, timeout time.Duration) error {
	return wait(ctx, "the board to be ready", timeout, `document.querySelector(".nbdraw-board[data-nbdraw-ready]") !== null`)
}

// PressDone clicks "done" and checks that the board closes and its last answer stays, with its heat maps.
func PressDone(ctx context.Context) error {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector(".nbdraw-done").click(); return true; })()`)); err != nil {
		return err
	}
	if err := wait(ctx, "the board to close after done", time.Minute, boardGone("done: the drawing board is closed")); err != nil {
		return err
	}
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll(".nbdraw-answer .nbdraw-digit").length > 0 && `+
		`document.querySelectorAll(".nbdraw-answer .nbdraw-layers img.nbdraw-layer").length > 0`)); err != nil || !ok {
		return fmt.Errorf("the last answer, or its heat maps of the hidden layers, is gone after done (%v)", err)
	}
	return nil
}

// boardGone is true once no board is left in the page and the page shows text.
func boardGone(text string) string {
	return fmt.Sprintf(`document.querySelector(".nbdraw-canvas") === null && document.body.innerText.includes(%q)`, text)
}

// wait polls the JavaScript predicate until it is true; running out of time is a TimingError, which says what
// the test waited for and the predicate.
func wait(ctx context.Context, what string, timeout time.Duration, predicate string) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](predicate,
		chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(10*time.Millisecond)))
	if err != nil {
		return TimingError{Err: fmt.Errorf("waiting %v for %s (until %s): %w", timeout, what, predicate, err)}
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

// Draw draws strokes on the board with the mouse and returns the digit of the answer to the last stroke, and how
// long after releasing the button it was shown.
func Draw(ctx context.Context, strokes [][]image.Point) (string, time.Duration, error) {
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

// ClearBoard clicks "clear" and checks that the canvas is black and the answer asks for a digit.
func ClearBoard(ctx context.Context) error {
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

// Screenshot writes a PNG of the board and the answer under it to path.
func Screenshot(ctx context.Context, path string) error {
	return screenshotOf(ctx, path, `(() => {
		const b = document.querySelector(".nbdraw-board");
		b.scrollIntoView({block: "start"}); // the page may scroll in an element of its own, not the window
		// Then back a little, so that the margin above the board is not the page's header.
		let s = b.parentElement;
		while (s && !(s.scrollHeight > s.clientHeight && /(auto|scroll)/.test(getComputedStyle(s).overflowY))) {
			s = s.parentElement;
		}
		(s || document.scrollingElement).scrollTop -= 24;
		const answers = document.querySelectorAll(".nbdraw-answer");
		const r = b.getBoundingClientRect(), a = answers[answers.length - 1].getBoundingClientRect();
		return [Math.min(r.left, a.left), r.top, Math.max(r.right, a.right, r.left + 720), a.bottom];
	})()`)
}

func abs(x int) int { return max(x, -x) }
