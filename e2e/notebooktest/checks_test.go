package notebooktest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// checkNoErrors fails on error outputs (GoNB reports compile errors and failed cells as ename "ERROR") and on
// code cells that did not run.
func checkNoErrors(t *testing.T, nb *notebook) {
	t.Helper()
	nb.codeCells(func(n int, c *cell) {
		if c.ExecutionCount == nil {
			t.Errorf("cell %d (%s) was not executed", n, c.firstLine())
		}
		for _, o := range c.Outputs {
			if o.OutputType != "error" {
				continue
			}
			var stderr []string
			for _, s := range c.Outputs {
				if s.OutputType == "stream" && s.Name == "stderr" {
					stderr = append(stderr, string(s.Text))
				}
			}
			t.Errorf("cell %d (%s) failed: %s: %s\n%s\n%s", n, c.firstLine(), o.Ename, o.Evalue,
				plainText(strings.Join(stderr, "")), plainText(strings.Join(o.Traceback, "\n")))
		}
	})
}

// plotCall matches the source of a cell that draws a figure with package nb.
var plotCall = regexp.MustCompile(`\bnb\.(Display|NewLive|LiveCurves)\(|\.Update\(plot\.`)

// isFigureCell reports whether a cell draws a figure: the code it runs (after GoNB's "%%" line; a cell without
// one only declares things) calls package nb's display functions, or the cell is tagged "figure" (for figures
// drawn by functions declared in the cell or an earlier one).
func isFigureCell(c *cell) bool {
	if slices.Contains(c.Metadata.Tags, "figure") {
		return true
	}
	_, main, ok := strings.Cut("\n"+string(c.Source), "\n%%")
	return ok && plotCall.MatchString(main)
}

// checkFigures fails on plotting cells without an image output.
func checkFigures(t *testing.T, nb *notebook) {
	t.Helper()
	figures := 0
	nb.codeCells(func(n int, c *cell) {
		if !isFigureCell(c) {
			return
		}
		figures++
		if !slices.ContainsFunc(c.Outputs, func(o output) bool {
			return o.Data["image/png"] != nil || o.Data["image/svg+xml"] != nil
		}) {
			t.Errorf("cell %d (%s) draws a figure, but has no image/png or image/svg+xml output", n, c.firstLine())
		}
	})
	if figures == 0 {
		t.Errorf("no figure cells found")
	}
}

// checkTables fails on cells that show a table (plot.HTMLTable, or tagged "table") without an HTML table output,
// and, when want is set, on a notebook without any table.
func checkTables(t *testing.T, nb *notebook, want bool) {
	t.Helper()
	tables := 0
	nb.codeCells(func(n int, c *cell) {
		shown := slices.ContainsFunc(c.Outputs, func(o output) bool {
			return strings.Contains(o.text("text/html"), "<table")
		})
		if shown {
			tables++
		}
		if (slices.Contains(c.Metadata.Tags, "table") || strings.Contains(string(c.Source), "plot.HTMLTable(")) && !shown {
			t.Errorf("cell %d (%s) shows a table, but has no text/html output with a <table>", n, c.firstLine())
		}
	})
	if want && tables == 0 {
		t.Errorf("no HTML table in the outputs")
	}
}

// accuracyLine matches the line the original program prints, e.g. "Accuracy of testing =  0.9329".
var accuracyLine = regexp.MustCompile(`Accuracy of testing =\s+([0-9.eE+-]+)`)

// checkHelloAccuracy fails unless 01-hello-world printed a test accuracy of at least minHelloAccuracy.
func checkHelloAccuracy(t *testing.T, nb *notebook) {
	t.Helper()
	found := accuracyLine.FindAllStringSubmatch(nb.stdout(), -1)
	if len(found) != 1 {
		t.Fatalf("want one %q line in the outputs, found %d", "Accuracy of testing = ", len(found))
	}
	accuracy, err := strconv.ParseFloat(found[0][1], 64)
	if err != nil {
		t.Fatalf("Accuracy of testing: %v", err)
	}
	t.Logf("Accuracy of testing = %v", accuracy)
	if accuracy < minHelloAccuracy {
		t.Errorf("Accuracy of testing = %v, want at least %v (the original reached 0.9329)", accuracy, minHelloAccuracy)
	}
}

// countImages returns the number of image outputs of a notebook.
func countImages(nb *notebook) int {
	n := 0
	nb.codeCells(func(_ int, c *cell) {
		for _, o := range c.Outputs {
			if o.Data["image/png"] != nil {
				n++
			}
		}
	})
	return n
}

// insideFigures is the least number of figures 05-inside-the-network shows: the first layer's weights before, after and their change, a
// reading, the histograms, the sigmoid's derivative, the gradients, the accuracy per digit and four confused pairs.
const insideFigures = 12

// checkInsideNotebook fails unless 05-inside-the-network listed the layers with their weights' shapes, measured
// the saturation of both runs and the gradients of both activations, and drew its figures.
func checkInsideNotebook(t *testing.T, nb *notebook) {
	t.Helper()
	out := nb.stdout()
	for _, want := range []string{"layers[0] dense_1      784×500 1×500", "layers[1] activation_1", "layers[4] dense_3      500×10 1×10",
		"sigmoid:", "relu:", " read as "} {
		if !strings.Contains(out, want) {
			t.Errorf("the outputs lack %q", want)
		}
	}
	var html strings.Builder
	nb.codeCells(func(_ int, c *cell) {
		for _, o := range c.Outputs {
			html.WriteString(o.text("text/html"))
		}
	})
	for _, want := range []string{"<td>raw pixels</td><td>activation_1</td>", "<td>pixels/255</td><td>activation_2</td>",
		"<td>sigmoid</td><td>dense_1</td>", "<td>relu</td><td>dense_3</td>"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("the tables lack %q", want)
		}
	}
	if n := countImages(nb); n < insideFigures {
		t.Errorf("%d figures, want at least %d", n, insideFigures)
	}
}

// checkRunsNotebook fails unless 02-activations recorded its editable cell's run in the history and showed the table
// of runs, and its training panel, which no page shows under nbconvert, closed itself with one line and left no panel
// in the saved outputs.
func checkRunsNotebook(t *testing.T, nb *notebook) {
	t.Helper()
	if out := nb.stdout(); !strings.Contains(out, "no page shows this cell's output") {
		t.Errorf("the training panel's cell lacks its closing line; the outputs say:\n%s", out)
	}
	var html strings.Builder
	nb.codeCells(func(_ int, c *cell) {
		for _, o := range c.Outputs {
			html.WriteString(o.text("text/html"))
		}
	})
	for _, want := range []string{"02-runs.json", "★"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("the table of runs lacks %q", want)
		}
	}
	if strings.Contains(html.String(), "nbruns-panel") {
		t.Error("a training panel is left in the saved outputs")
	}
}
