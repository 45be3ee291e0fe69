package nb

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"
	"testing"

	"github.com/dlgo/hello/mlp"
	"github.com/dlgo/hello/plot"
)

// recorder is a notebook front end that records what is displayed.
type recorder struct {
	ids    int
	events []string // "html <html>", "png", "update <id> html <html>", "update <id> png", "sync"
	pngs   map[string][]byte
	shown  []byte // the last PNG displayed
}

func (r *recorder) notebook() bool          { return true }
func (r *recorder) uniqueID() string        { r.ids++; return fmt.Sprint(r.ids) }
func (r *recorder) displayHTML(html string) { r.events = append(r.events, "html "+html) }
func (r *recorder) displayPNG(data []byte)  { r.events = append(r.events, "png"); r.shown = data }
func (r *recorder) sync()                   { r.events = append(r.events, "sync") }
func (r *recorder) updateHTML(id, html string) {
	r.events = append(r.events, "update "+id+" html "+html)
}
func (r *recorder) updatePNG(id string, data []byte) {
	r.events = append(r.events, "update "+id+" png")
	r.pngs[id] = data
}

// inNotebook makes nb display into a recorder for the rest of the test.
func inNotebook(t *testing.T) *recorder {
	r := &recorder{pngs: map[string][]byte{}}
	old := front
	front = r
	t.Cleanup(func() { front = old })
	return r
}

// outsideNotebook makes nb see no notebook for the rest of the test.
func outsideNotebook(t *testing.T) {
	old := front
	front = noNotebook{}
	t.Cleanup(func() { front = old })
}

// noNotebook is a front end outside a notebook: it panics if asked to show something.
type noNotebook struct{}

func (noNotebook) notebook() bool            { return false }
func (noNotebook) uniqueID() string          { return "" }
func (noNotebook) displayPNG([]byte)         { panic("displayed outside a notebook") }
func (noNotebook) updateHTML(string, string) { panic("displayed outside a notebook") }
func (noNotebook) updatePNG(string, []byte)  { panic("displayed outside a notebook") }
func (noNotebook) displayHTML(string)        { panic("displayed outside a notebook") }
func (noNotebook) sync()                     { panic("synced outside a notebook") }

func figure(t *testing.T) []byte {
	t.Helper()
	data, err := plot.Bars([]string{"a"}, []float64{1}, "")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDisplaySyncsAfterShowing(t *testing.T) {
	r := inNotebook(t)
	if err := Display(figure(t), nil); err != nil {
		t.Fatal(err)
	}
	DisplayHTML("<table></table>")
	want := []string{"png", "sync", "html <table></table>", "sync"}
	if fmt.Sprint(r.events) != fmt.Sprint(want) {
		t.Errorf("events = %q, want %q", r.events, want)
	}
}

func TestDisplayReturnsTheFigureError(t *testing.T) {
	r := inNotebook(t)
	_, err := plot.Bars(nil, nil, "")
	if got := Display(nil, err); got != err {
		t.Errorf("Display(nil, err) = %v, want err", got)
	}
	if got := Display(nil, nil); got == nil || !strings.Contains(got.Error(), "empty PNG") {
		t.Errorf("Display(nil, nil) = %v, want an empty PNG error", got)
	}
	if len(r.events) != 0 {
		t.Errorf("events = %q, want nothing shown", r.events)
	}
}

func TestLiveRedrawsInPlace(t *testing.T) {
	r := inNotebook(t)
	live := NewLive()
	live.HTML("<i>soon</i>")
	if err := live.Update(figure(t), nil); err != nil {
		t.Fatal(err)
	}
	if err := live.Update(nil, nil); err == nil {
		t.Errorf("Update(nil, nil) = nil, want an empty PNG error")
	}
	want := []string{"update nb_live_1 html <i>soon</i>", "sync", "update nb_live_1 png", "sync"}
	if fmt.Sprint(r.events) != fmt.Sprint(want) {
		t.Errorf("events = %q, want %q", r.events, want)
	}
}

func TestNothingIsShownOutsideANotebook(t *testing.T) {
	outsideNotebook(t)
	if err := Display(figure(t), nil); err != nil {
		t.Errorf("Display: %v", err)
	}
	DisplayHTML("x")
	live := NewLive()
	live.HTML("x")
	if err := live.Update(figure(t), nil); err != nil {
		t.Errorf("Live.Update: %v", err)
	}
	p := Progress()
	if p.LiveLine() != nil || p.LiveBar(10) != nil {
		t.Errorf("Progress shows live outputs outside a notebook")
	}
	fit := LiveCurves()
	if fit == nil {
		t.Fatal("LiveCurves() = nil")
	}
}

func TestProgressLineIsUpdatedInPlaceAndLeftShowing(t *testing.T) {
	r := inNotebook(t)
	p := Progress()
	line := p.LiveLine()
	line.Update("1/2 [a<b]")
	line.Done("2/2 [==]")
	second := p.LiveLine()
	second.Done("x")
	want := []string{
		`update nb_progress_1 html <pre style="margin:0">1/2 [a&lt;b]</pre>`,
		`update nb_progress_1 html <pre style="margin:0">2/2 [==]</pre>`, "sync",
		`update nb_progress_2 html <pre style="margin:0">x</pre>`, "sync",
	}
	if fmt.Sprint(r.events) != fmt.Sprint(want) {
		t.Errorf("events =\n%q\nwant\n%q", r.events, want)
	}
}

func TestProgressBarIsRemovedAtTheEnd(t *testing.T) {
	r := inNotebook(t)
	bar := Progress().LiveBar(100)
	bar.Update(40, "downloading <f>")
	bar.Close()
	unknown := Progress().LiveBar(-1)
	unknown.Update(40, "x")
	want := []string{
		"update nb_download_1 html <progress value=40 max=100></progress> downloading &lt;f&gt;",
		"update nb_download_1 html ", "sync",
		"update nb_download_2 html <progress></progress> x",
	}
	if fmt.Sprint(r.events) != fmt.Sprint(want) {
		t.Errorf("events =\n%q\nwant\n%q", r.events, want)
	}
}

func decodePNG(t *testing.T, data []byte, err error) (width, height int) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img.Bounds().Dx(), img.Bounds().Dy()
}

func TestFitShowsOneProgressLinePerEpoch(t *testing.T) {
	r := inNotebook(t)
	model := mlp.NewSequential(mlp.Input(2), mlp.Dense(2, mlp.WithActivation("softmax"))).WithSeed(1)
	if err := model.Compile(mlp.Loss("mse"), mlp.SGD(0.1), mlp.Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	p := &ProgressWriter{w: &text}
	x := [][]float32{{0, 1}, {1, 0}}
	y := [][]float32{{1, 0}, {0, 1}}
	if _, err := model.Fit(x, y, mlp.Epochs(2), mlp.Output(p)); err != nil {
		t.Fatal(err)
	}
	if got, want := text.String(), "Epoch 1/2\nEpoch 2/2\n"; got != want {
		t.Errorf("text written = %q, want %q (the bars go to live lines)", got, want)
	}
	last := map[string]string{} // progress output id → its last HTML
	for _, e := range r.events {
		if rest, ok := strings.CutPrefix(e, "update nb_progress_"); ok {
			id, html, _ := strings.Cut(rest, " html ")
			last[id] = html
		}
	}
	if len(last) != 2 {
		t.Fatalf("%d progress outputs (%q), want one per epoch", len(last), r.events)
	}
	for id, html := range last {
		if !strings.HasPrefix(html, `<pre style="margin:0">2/2 [==============================] - `) ||
			!strings.Contains(html, "loss: ") {
			t.Errorf("progress output %s ends showing %q, want the epoch's final line", id, html)
		}
	}
	if r.events[len(r.events)-1] != "sync" {
		t.Errorf("last event %q, want a sync after the final line", r.events[len(r.events)-1])
	}
}

func TestBackendDescribesTheBackend(t *testing.T) {
	_, info, err := mlp.Backend()
	if err != nil {
		t.Fatal(err)
	}
	if got := Backend(); got != info.String() || !strings.Contains(got, "backend go") {
		t.Errorf("Backend() = %q, want %q", got, info.String())
	}
}
