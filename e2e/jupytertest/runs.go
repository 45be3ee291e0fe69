package jupytertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dlgo/hello/internal/atomicfile"
)

// RunsNotebook is the notebook with the training panel, in notebooks/, and RunsHistory its history of training runs,
// beside it.
const (
	RunsNotebook = "02-activations.ipynb"
	RunsHistory  = "02-runs.json"
)

// RunsCells are texts found in the code cells that show the training panel, in the order they run: the setup
// (GOEXPERIMENT), the imports, the model and the data with the history (which trains the sigmoid baseline first if
// 01 has not saved it), and the panel.
var RunsCells = []string{"%env GOEXPERIMENT=simd", "nb.Backend()", "func helloNetwork(", "nb.TrainingPanel("}

// RunsExamples is NOTEBOOK_EXAMPLES for the panel's tests: each epoch trains on this many examples, in about half a
// second on 2 cores.
const RunsExamples = "6000"

// KeepRunsHistory moves the history of training runs in dir aside for the rest of the test, and puts it back at
// its end: the test's runs must not reach the learner's history.
func KeepRunsHistory(t testing.TB, dir string) {
	t.Helper()
	kept := t.TempDir()
	names := []string{RunsHistory, RunsHistory + ".bak"}
	for _, name := range names {
		if err := os.Rename(filepath.Join(dir, name), filepath.Join(kept, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("moving the history aside: %v", err)
		}
	}
	t.Cleanup(func() {
		for _, name := range names {
			os.Remove(filepath.Join(dir, name))
			if err := os.Rename(filepath.Join(kept, name), filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("putting the history back: %v", err)
			}
		}
	})
}

// PanelSettings are what CheckRunsPanel chooses in the panel; LRStep is the learning rate slider's step (0 for
// 0.001, 20 for 0.1, 30 for 1).
type PanelSettings struct {
	Activation, Optimizer string
	Scaled                bool
	LRStep, Epochs        int
}

// CheckRunsPanel runs the training panel's cells in fe (RunsCells) and trains from the panel as a learner would:
// tanh for 2 epochs, whose row must say it finished; the exponential on raw pixels with a learning rate of 1, whose
// row must say that it diverged, in words; a run of 20 epochs stopped with Stop after its second epoch, whose row must say
// how many epochs it kept. Then it closes the panel, runs the cell again, checks that the table under the new panel
// shows the three runs, and interrupts the kernel, which must close the panel. The history must be empty at the
// start (KeepRunsHistory). If shot is not empty, a screenshot of the new panel and its table is written there. Its
// error is a *Failure (see Diagnose).
func CheckRunsPanel(ctx context.Context, t testing.TB, fe DrawFrontEnd, shot string) (err error) {
	defer func() {
		if err != nil {
			err = Diagnose(err, fe.Witnesses())
			// A panel left up keeps its cell running, and a retry's cells would queue behind it.
			if closeErr := ClosePanel(ctx); closeErr != nil {
				t.Logf("runs: closing the panel after the failure: %v", closeErr)
			}
		}
	}()
	if err := fe.Open(ctx); err != nil {
		return err
	}
	for _, cell := range RunsCells {
		if err := fe.RunCell(ctx, cell); err != nil {
			return err
		}
	}
	start := time.Now()
	if err := WaitForPanel(ctx, 8*time.Minute); err != nil {
		return err
	}
	t.Logf("runs (%s): the panel is ready %v after running the cells", fe.Name(), time.Since(start).Round(100*time.Millisecond))

	row, took, err := TrainFromPanel(ctx, PanelSettings{Activation: "tanh", Optimizer: "sgd", Scaled: true, LRStep: 20, Epochs: 2},
		"", `finished 2 epochs`)
	if err != nil {
		return err
	}
	t.Logf("runs: tanh, 2 epochs: %v; its row: %s", took.Round(100*time.Millisecond), row)

	// The exponential on raw pixels overflows at the first batch. (relu on raw pixels with a learning rate of 1 does
	// not diverge with this loss: the softmax saturates, the squared error's gradient vanishes and the run stays at
	// chance, 10 %, without a NaN.)
	row, took, err = TrainFromPanel(ctx, PanelSettings{Activation: "exponential", Optimizer: "sgd", LRStep: 30, Epochs: 3},
		"", `diverged at epoch \d+: lower the learning rate or divide the pixels by 255`)
	if err != nil {
		return err
	}
	t.Logf("runs: exponential on raw pixels, learning rate 1: %v; its row: %s", took.Round(100*time.Millisecond), row)

	row, took, err = TrainFromPanel(ctx, PanelSettings{Activation: "relu", Optimizer: "adam", Scaled: true, LRStep: 0, Epochs: 20},
		"Epoch 3/20", `stopped after \d+ of 20 epochs`)
	if err != nil {
		return err
	}
	t.Logf("runs: stopped during its third epoch: %v; its row: %s", took.Round(100*time.Millisecond), row)
	if kept := regexp.MustCompile(`stopped after (\d+) of`).FindStringSubmatch(row); kept == nil || kept[1] == "0" {
		return fmt.Errorf("the stopped run's row says %q, want the epochs it kept", row)
	}

	if err := ClosePanel(ctx); err != nil {
		return err
	}
	if err := fe.RunCell(ctx, "nb.TrainingPanel("); err != nil {
		return err
	}
	if err := WaitForPanel(ctx, 3*time.Minute); err != nil {
		return err
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](panelTable+`.querySelectorAll("tbody tr").length`))
	if err != nil {
		return err
	}
	if rows != 3 {
		return fmt.Errorf("the cell run again shows a table of %d runs under the panel, want the 3 runs trained", rows)
	}
	if shot != "" {
		if err := panelScreenshot(ctx, shot); err != nil {
			return err
		}
		t.Logf("runs: screenshot %s", shot)
	}
	if err := fe.Interrupt(ctx); err != nil {
		return err
	}
	return wait(ctx, "the panel to close after an interrupt", time.Minute, panelGone("interrupted: the training panel is closed"))
}

// WaitForPanel waits until a panel is shown and the cell has acknowledged it (data-nbruns-ready).
func WaitForPanel(ctx context.Context, timeout time.Duration) error {
	return wait(ctx, "the training panel to be ready", timeout, `document.querySelector(".nbruns-panel[data-nbruns-ready]") !== null`)
}

// panelCell is the JavaScript of the output area of the cell that shows the panel; panelTable, of the last table
// of runs in it.
const (
	panelCell  = `document.querySelector(".nbruns-panel").closest(".cell, .jp-Cell")`
	panelTable = `Array.from(` + panelCell + `.querySelectorAll("table")).pop()`
	// newestRow is the text of the table's first row, the newest run, its cells separated by " | ".
	newestRow = `(() => { const t = ` + panelTable + `; const r = t && t.querySelector("tbody tr"); ` +
		`return r ? Array.from(r.cells).map(c => c.innerText.trim()).join(" | ") : ""; })()`
)

// TrainFromPanel chooses s in the panel and clicks Train; when stopAt is not empty, it clicks Stop once the cell's
// output shows that text. It waits until the table's newest row is a new one whose text matches want, and returns
// it and how long it took.
func TrainFromPanel(ctx context.Context, s PanelSettings, stopAt, want string) (string, time.Duration, error) {
	before, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => { const t = `+panelTable+`; `+
		`return t ? t.querySelectorAll("tbody tr").length : 0; })()`))
	if err != nil {
		return "", 0, err
	}
	pixels := "raw"
	if s.Scaled {
		pixels = "scaled"
	}
	set := fmt.Sprintf(`(() => {
		const p = document.querySelector(".nbruns-panel");
		p.scrollIntoView({block: "center"});
		const set = (c, v, ev) => { const e = p.querySelector(c); e.value = v; e.dispatchEvent(new Event(ev)); };
		set(".nbruns-activation", %q, "change");
		set(".nbruns-optimizer", %q, "change");
		set(".nbruns-pixels", %q, "change");
		set(".nbruns-lr", %q, "input");
		set(".nbruns-epochs", %q, "input");
		p.querySelector(".nbruns-train").click();
		return true;
	})()`, s.Activation, s.Optimizer, pixels, strconv.Itoa(s.LRStep), strconv.Itoa(s.Epochs))
	start := time.Now()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](set)); err != nil {
		return "", 0, err
	}
	if stopAt != "" {
		if err := wait(ctx, fmt.Sprintf("the run to show %q", stopAt), 3*time.Minute,
			fmt.Sprintf(`%s.innerText.includes(%q)`, panelCell, stopAt)); err != nil {
			return "", 0, err
		}
		if err := clickPanel(ctx, ".nbruns-stop"); err != nil {
			return "", 0, err
		}
	}
	if err := wait(ctx, fmt.Sprintf("a new row matching %q in the table of runs", want), 5*time.Minute,
		fmt.Sprintf(`(() => { const t = %s; return !!t && t.querySelectorAll("tbody tr").length > %d && new RegExp(%q).test(%s); })()`,
			panelTable, before, want, newestRow)); err != nil {
		return "", 0, err
	}
	took := time.Since(start)
	row, err := chromedp.Run(ctx, chromedp.Evaluate[string](newestRow))
	return row, took, err
}

// clickPanel clicks the panel's button of class c.
func clickPanel(ctx context.Context, c string) error {
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(
		`(() => { document.querySelector(".nbruns-panel %s").click(); return true; })()`, c)))
	return err
}

// panelGone is true once no panel is left in the page and the page shows text.
func panelGone(text string) string {
	return fmt.Sprintf(`document.querySelector(".nbruns-panel") === null && document.body.innerText.includes(%q)`, text)
}

// panelScreenshot writes a PNG of the panel, its status and the table of runs under it to path.
func panelScreenshot(ctx context.Context, path string) error {
	return screenshotOf(ctx, path, `(() => {
		const p = document.querySelector(".nbruns-panel");
		const t = `+panelTable+`;
		p.scrollIntoView({block: "start"});
		let s = p.parentElement;
		while (s && !(s.scrollHeight > s.clientHeight && /(auto|scroll)/.test(getComputedStyle(s).overflowY))) {
			s = s.parentElement;
		}
		(s || document.scrollingElement).scrollTop -= 24;
		const r = p.getBoundingClientRect(), b = t.getBoundingClientRect();
		return [Math.min(r.left, b.left), r.top, Math.max(r.right, b.right), b.bottom];
	})()`)
}

// screenshotOf writes a PNG of the page's rectangle that the JavaScript rect returns, [left, top, right, bottom] in
// the viewport, with a margin, to path.
func screenshotOf(ctx context.Context, path, rect string) error {
	data, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](rect))
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
	return atomicfile.WriteFile(path, buf.Bytes())
}

// ClosePanel clicks the panel's Close and waits until the panel is gone.
func ClosePanel(ctx context.Context) error {
	if err := clickPanel(ctx, ".nbruns-close"); err != nil {
		return err
	}
	return wait(ctx, "the panel to close after Close", time.Minute, panelGone("closed: the training panel is closed"))
}
