package nb

import (
	"fmt"
	"html"
	"io"
	"os"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
)

// ProgressWriter shows the progress of training and downloads in the cell's
// output: pass it to mlp.Output (Fit and Evaluate show Keras's progress line
// updated in place, one output per epoch left showing its final line) or to
// datasets.Progress (a download shows a bar, removed when it ends). Other
// text written to it goes to os.Stdout. Outside a notebook it writes plain
// lines to os.Stdout.
type ProgressWriter struct {
	w io.Writer
}

// Progress returns a ProgressWriter:
//
//	model.Fit(x, y, mlp.Epochs(20), mlp.Output(nb.Progress()))
//	train, test, err := datasets.LoadMNIST(datasets.Progress(nb.Progress()))
func Progress() *ProgressWriter { return &ProgressWriter{w: os.Stdout} }

// Write writes b to os.Stdout.
func (p *ProgressWriter) Write(b []byte) (int, error) { return p.w.Write(b) }

// LiveLine implements mlp.LiveOutput: a new output of the cell holding one
// progress line. It returns nil outside a notebook.
func (p *ProgressWriter) LiveLine() mlp.LiveLine {
	if !front.notebook() {
		return nil
	}
	return &htmlLine{id: "nb_progress_" + front.uniqueID()}
}

// LiveBar implements datasets.LiveProgress: a new output of the cell holding
// a download bar. It returns nil outside a notebook.
func (p *ProgressWriter) LiveBar(total int64) datasets.LiveBar {
	if !front.notebook() {
		return nil
	}
	return &htmlBar{id: "nb_download_" + front.uniqueID(), total: total}
}

// htmlLine is a progress line shown as preformatted HTML.
type htmlLine struct{ id string }

func lineHTML(text string) string {
	return `<pre style="margin:0">` + html.EscapeString(text) + "</pre>"
}

func (l *htmlLine) Update(text string) { front.updateHTML(l.id, lineHTML(text)) }

// Done leaves the final text showing; the cell may end right after it.
func (l *htmlLine) Done(text string) {
	front.updateHTML(l.id, lineHTML(text))
	front.sync()
}

// htmlBar is a download bar shown with an HTML <progress> element.
type htmlBar struct {
	id    string
	total int64
}

func barHTML(done, total int64, text string) string {
	bar := "<progress></progress>"
	if total > 0 {
		bar = fmt.Sprintf("<progress value=%d max=%d></progress>", done, total)
	}
	return bar + " " + html.EscapeString(text)
}

func (b *htmlBar) Update(done int64, text string) {
	front.updateHTML(b.id, barHTML(done, b.total, text))
}

// Close empties the output, so that no stale bar is saved in the notebook.
func (b *htmlBar) Close() {
	front.updateHTML(b.id, "")
	front.sync()
}

// The writer serves both packages.
var (
	_ mlp.LiveOutput        = (*ProgressWriter)(nil)
	_ datasets.LiveProgress = (*ProgressWriter)(nil)
)
