package nb

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
)

// safeRecorder is a recorder that training in another goroutine may display into.
type safeRecorder struct {
	mu sync.Mutex
	r  recorder
}

func (s *safeRecorder) do(f func(r *recorder)) { s.mu.Lock(); defer s.mu.Unlock(); f(&s.r) }
func (s *safeRecorder) notebook() bool         { return true }
func (s *safeRecorder) uniqueID() (id string) {
	s.do(func(r *recorder) { id = r.uniqueID() })
	return id
}
func (s *safeRecorder) displayHTML(h string)          { s.do(func(r *recorder) { r.displayHTML(h) }) }
func (s *safeRecorder) displayPNG(b []byte)           { s.do(func(r *recorder) { r.displayPNG(b) }) }
func (s *safeRecorder) updateHTML(id, h string)       { s.do(func(r *recorder) { r.updateHTML(id, h) }) }
func (s *safeRecorder) updatePNG(id string, b []byte) { s.do(func(r *recorder) { r.updatePNG(id, b) }) }
func (s *safeRecorder) sync()                         { s.do(func(r *recorder) { r.sync() }) }

// events returns what was displayed so far.
func (s *safeRecorder) events() (events []string) {
	s.do(func(r *recorder) { events = slices.Clone(r.events) })
	return events
}

// waitFor waits until an event contains text, and returns it.
func (s *safeRecorder) waitFor(t *testing.T, text string) string {
	t.Helper()
	return s.waitUntil(t, text, func(e string) bool { return strings.Contains(e, text) })
}

// waitUntil waits until an event is what the function says it is, and returns it.
func (s *safeRecorder) waitUntil(t *testing.T, what string, is func(event string) bool) string {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		for _, e := range s.events() {
			if is(e) {
				return e
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no output shows %s within a minute; the last ones: %q", what, last(s.events(), 5))
	return ""
}

func last(events []string, n int) []string { return events[max(0, len(events)-n):] }

// panelSets returns a training and a test set of 2×2 images of two classes, which a small
// model learns in a few epochs.
func panelSets(n int) (train, test *datasets.Set) {
	set := &datasets.Set{Count: n, Rows: 2, Cols: 2, Classes: 2}
	for i := range n {
		c := uint8(i % 2)
		v := uint8(40 + 40*(i%5))
		set.Labels = append(set.Labels, c)
		if c == 0 {
			set.Images = append(set.Images, v, 0, v, 0)
		} else {
			set.Images = append(set.Images, 0, v, 0, v)
		}
	}
	return set, set.Slice(0, min(n, 20))
}

// panelModel builds a small model of the sets' images; linear outputs, so that a large
// learning rate on raw pixels diverges.
func panelModel(activation string, optimizer mlp.Optimizer) (*mlp.Model, error) {
	model := mlp.NewSequential(mlp.Dense(8, mlp.InputDim(4)), mlp.Activation(activation), mlp.Dense(2))
	return model, model.Compile(mlp.Loss("mse"), optimizer, mlp.Metrics("accuracy"))
}

// panelSession is a TrainingPanel running against a fake page.
type panelSession struct {
	t    *testing.T
	page *fakePage
	rec  *safeRecorder
	runs *Runs
	out  bytes.Buffer
	done chan error
}

// startPanel runs TrainingPanel on examples of panelSets, with a fake page and a recorder.
func startPanel(t *testing.T, examples int, cfg panelConfig) *panelSession {
	t.Helper()
	s := &panelSession{t: t, rec: &safeRecorder{r: recorder{pngs: map[string][]byte{}}}, done: make(chan error, 1)}
	old := front
	front = s.rec
	t.Cleanup(func() { front = old })
	s.page = withFakePage(t)
	runs, err := OpenRuns(filepath.Join(t.TempDir(), "02-runs.json"))
	if err != nil {
		t.Fatal(err)
	}
	s.runs = runs
	t.Setenv(EpochsVar, "")
	t.Setenv(ExamplesVar, "")
	if cfg.ready == 0 {
		cfg.ready = time.Minute
	}
	if cfg.idle == 0 {
		cfg.idle = time.Minute
	}
	cfg.out = &s.out
	train, test := panelSets(examples)
	go func() { s.done <- trainingPanel(cfg, runs, panelModel, train, test) }()
	return s
}

// train sends the page's "train" with settings.
func (s *panelSession) train(activation, optimizer string, lr float64, scaled bool, epochs int) {
	s.page.messages <- fmt.Sprintf(`train:{"activation":%q,"optimizer":%q,"learning_rate":%g,"scaled":%t,"epochs":%d}`,
		activation, optimizer, lr, scaled, epochs)
}

// end waits for TrainingPanel to return, and returns what it printed.
func (s *panelSession) end() string {
	s.t.Helper()
	select {
	case err := <-s.done:
		if err != nil {
			s.t.Fatal(err)
		}
	case <-time.After(time.Minute):
		s.t.Fatal("TrainingPanel did not return")
	}
	if !s.page.stopped {
		s.t.Errorf("TrainingPanel did not stop listening")
	}
	return s.out.String()
}

// checkRemoved checks that the panel was shown with its controls, then emptied, its status too.
func (s *panelSession) checkRemoved() {
	s.t.Helper()
	var shown, lastPanel, lastStatus string
	for _, e := range s.rec.events() {
		if strings.HasPrefix(e, "update nb_runs_panel_1 html ") {
			if shown == "" {
				shown = e
			}
			lastPanel = e
		}
		if strings.HasPrefix(e, "update nb_runs_status_1 html ") {
			lastStatus = e
		}
	}
	for _, want := range []string{`class="nbruns-activation"`, `class="nbruns-lr"`, `class="nbruns-optimizer"`,
		`class="nbruns-pixels"`, `class="nbruns-epochs"`, `class="nbruns-train"`, `class="nbruns-stop"`, "nbRunsPanel("} {
		if !strings.Contains(shown, want) {
			s.t.Fatalf("the panel shown lacks %s: %.300q", want, shown)
		}
	}
	if lastPanel != "update nb_runs_panel_1 html " || lastStatus != "update nb_runs_status_1 html " {
		s.t.Errorf("the panel was not removed: its last updates are %.200q and %.200q", lastPanel, lastStatus)
	}
}

func TestTrainingPanelTrainsWithTheSettingsChosen(t *testing.T) {
	s := startPanel(t, 40, panelConfig{})
	s.page.messages <- "ready"
	s.train("tanh", "adam", 0.01, true, 2)
	s.rec.waitFor(t, "finished 2 epochs")
	s.page.messages <- "ready" // a new connection of the page's, after GoNB reconnected
	s.train("relu", "sgd", 0.1, false, 1)
	s.rec.waitFor(t, "finished 1 epochs")
	s.page.messages <- "close"
	out := s.end()
	if !strings.HasSuffix(out, panelClosed+"\n") {
		t.Errorf("printed %q, want %q", out, panelClosed)
	}
	s.checkRemoved()
	runs := recorded(t, s.runs)
	if len(runs) != 2 {
		t.Fatalf("%d runs recorded, want 2", len(runs))
	}
	want := RunSettings{Activation: "tanh", Optimizer: "adam", LearningRate: 0.01, Scaled: true, Epochs: 2, BatchSize: 100}
	if runs[0].Settings != want || runs[0].End != RunFinished || runs[0].Test == nil {
		t.Errorf("first run %+v (%s, test %v), want %+v, finished, with a test score", runs[0].Settings, runs[0].End, runs[0].Test, want)
	}
	if s := runs[1].Settings; s.Activation != "relu" || s.Optimizer != "sgd" || s.Scaled || s.Epochs != 1 {
		t.Errorf("second run %+v, want relu, sgd, raw pixels, 1 epoch", s)
	}
	sent, _ := s.page.received()
	if n := strings.Count(strings.Join(sent, "\n"), "/ack=ready"); n != 2 {
		t.Errorf("the cell acknowledged %d readys, want 2 (one per connection): %q", n, sent)
	}
	var tables []string
	for _, e := range s.rec.events() {
		if strings.HasPrefix(e, "html ") && strings.Contains(e, " in "+s.runs.name) {
			tables = append(tables, e)
		}
	}
	if len(tables) != 3 || !strings.Contains(tables[0], "No runs in") || !strings.Contains(tables[2], "2 runs in") {
		t.Errorf("shown %d tables of runs (%.80q), want 3: the empty history at the start, then one per run", len(tables), tables)
	}
}

func TestTrainingPanelStopKeepsTheEpochsDone(t *testing.T) {
	s := startPanel(t, 4000, panelConfig{})
	s.page.messages <- "ready"
	s.train("relu", "sgd", 0.1, true, 20)
	s.rec.waitUntil(t, "the curves of the first epoch", func(e string) bool {
		return strings.HasPrefix(e, "update nb_live_") && strings.HasSuffix(e, " png")
	})
	s.page.messages <- "train:{}" // while a run trains
	s.rec.waitFor(t, "Stop it before training another")
	s.page.messages <- "stop"
	status := s.rec.waitFor(t, "stopped after")
	s.page.messages <- "close"
	s.end()
	s.checkRemoved()
	runs := recorded(t, s.runs)
	if len(runs) != 1 || runs[0].End != RunStopped || len(runs[0].History.Epochs) == 0 || len(runs[0].History.Epochs) == 20 {
		t.Fatalf("recorded %d runs (first %+v), want one stopped with some of its 20 epochs", len(runs), runs[0])
	}
	if want := fmt.Sprintf("stopped after %d of 20 epochs", len(runs[0].History.Epochs)); !strings.Contains(status, want) {
		t.Errorf("status %q, want it to say %q", status, want)
	}
}

func TestTrainingPanelSaysWhenARunDiverges(t *testing.T) {
	s := startPanel(t, 40, panelConfig{})
	s.page.messages <- "ready"
	s.train("relu", "sgd", 1, false, 10)
	status := s.rec.waitFor(t, "diverged at epoch")
	s.page.messages <- "close"
	s.end()
	if !strings.Contains(status, ": lower the learning rate or divide the pixels by 255") {
		t.Errorf("status %q, want advice in words", status)
	}
	if runs := recorded(t, s.runs); len(runs) != 1 || runs[0].End != RunDiverged {
		t.Errorf("recorded %+v, want the diverged run", runs)
	}
}

func TestTrainingPanelSaysWhatIsNotTrained(t *testing.T) {
	s := startPanel(t, 40, panelConfig{})
	s.page.messages <- "ready"
	s.train("sigmod", "sgd", 0.1, true, 1)
	s.rec.waitFor(t, `Not trained: mlp: unknown activation &#34;sigmod&#34;`)
	s.train("relu", "rmsprop", 0.1, true, 1)
	s.rec.waitFor(t, `Not trained: optimizer &#34;rmsprop&#34;: want sgd or adam`)
	s.train("relu", "sgd", 0.1, true, 21)
	s.rec.waitFor(t, "Not trained: learning rate 0.1 and epochs 21")
	s.page.messages <- "stop"
	s.rec.waitFor(t, "No run is training.")
	s.page.messages <- "close"
	s.end()
	if runs := recorded(t, s.runs); len(runs) != 0 {
		t.Errorf("recorded %d runs, want none", len(runs))
	}
}

func TestTrainingPanelClosesOnInterruptAfterRecordingTheRun(t *testing.T) {
	s := startPanel(t, 4000, panelConfig{})
	s.page.messages <- "ready"
	s.train("tanh", "sgd", 0.1, true, 20)
	s.rec.waitFor(t, `data-state="training"`)
	s.page.signals <- os.Interrupt
	out := s.end()
	if !strings.HasSuffix(out, panelInterrupted+"\n") {
		t.Errorf("printed %q, want %q", out, panelInterrupted)
	}
	s.checkRemoved()
	if runs := recorded(t, s.runs); len(runs) != 1 || runs[0].End != RunStopped {
		t.Errorf("recorded %+v, want the run, stopped", runs)
	}
}

func TestTrainingPanelClosesWithoutAPageOrAClick(t *testing.T) {
	tests := []struct {
		name string
		cfg  panelConfig
		play func(s *panelSession)
		want string
	}{
		{"no page", panelConfig{ready: 50 * time.Millisecond}, func(*panelSession) {}, panelNoPage},
		{"interrupted before ready", panelConfig{}, func(s *panelSession) { s.page.signals <- os.Interrupt }, panelInterrupted},
		{"idle", panelConfig{idle: 50 * time.Millisecond}, func(s *panelSession) { s.page.messages <- "ready" },
			"nothing trained for 50ms: the training panel is closed; run the cell again to train more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startPanel(t, 40, tt.cfg)
			tt.play(s)
			if out := s.end(); !strings.HasSuffix(out, tt.want+"\n") {
				t.Errorf("printed %q, want %q", out, tt.want)
			}
			s.checkRemoved()
		})
	}
}

func TestTrainingPanelWithoutAServerShowsTheTableAndReturns(t *testing.T) {
	r := inNotebook(t)
	withFakePage(t)
	served = func() bool { return false }
	runs, err := OpenRuns(filepath.Join(t.TempDir(), "02-runs.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	train, test := panelSets(40)
	if err := trainingPanel(panelConfig{out: &out}, runs, panelModel, train, test); err != nil {
		t.Fatal(err)
	}
	if out.String() != panelNoPage+"\n" {
		t.Errorf("printed %q, want %q", out.String(), panelNoPage)
	}
	if len(r.events) != 2 || !strings.Contains(r.events[0], "No runs in ") || r.events[1] != "sync" {
		t.Errorf("shown %q, want only the table of runs", r.events)
	}
}

func TestTrainingPanelRejectsWhatItCannotUse(t *testing.T) {
	runs := openTestRuns(t) // outside a notebook
	train, test := panelSets(40)
	for _, tt := range []struct {
		name  string
		runs  *Runs
		build PanelModel
		train *datasets.Set
		want  string
	}{
		{"no history", nil, panelModel, train, "nil history"},
		{"no builder", runs, nil, train, "nil model builder"},
		{"no data", runs, panelModel, nil, "no training or test examples"},
		{"outside a notebook", runs, panelModel, train, "not in a notebook"},
	} {
		err := TrainingPanel(tt.runs, tt.build, tt.train, test)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error saying %q", tt.name, err, tt.want)
		}
	}
}

func TestPanelHTMLShowsTheSettings(t *testing.T) {
	h := panelHTML("nb_runs_panel_7", "/nb_runs/7", PanelSettings{Activation: "tanh", Optimizer: "adam",
		LearningRate: 0.01, Scaled: false, Epochs: 3})
	for _, a := range mlp.Activations() {
		if !strings.Contains(h, fmt.Sprintf(`<option value="%s"`, a)) {
			t.Errorf("no option for activation %s", a)
		}
	}
	for _, want := range []string{`<option value="tanh" selected>`, `<option value="adam" selected>`,
		`<option value="raw" selected>`, `class="nbruns-lr" min="0" max="30" step="1" value="10"`,
		`class="nbruns-epochs" min="1" max="20" step="1" value="3"`, `nbRunsPanel(document.getElementById("nb_runs_panel_7"), "/nb_runs/7", -3, 10)`} {
		if !strings.Contains(h, want) {
			t.Errorf("the panel's HTML lacks %s", want)
		}
	}
	if strings.Contains(h, "{{") {
		t.Errorf("the panel's HTML has a placeholder left: %s", h[strings.Index(h, "{{"):][:40])
	}
}

func TestExamplesCutsTheTrainingSet(t *testing.T) {
	train, _ := panelSets(40)
	for _, tt := range []struct {
		env  string
		n    int
		note string
	}{
		{"", 40, ""},
		{"10", 10, "NOTEBOOK_EXAMPLES=10: training on the first 10 of 40 examples"},
		{"100", 40, ""},
		{"x", 40, `nb: ignoring NOTEBOOK_EXAMPLES="x" (want a positive whole number): training on all 40 examples`},
	} {
		got, note := examples(train, tt.env)
		if got.Count != tt.n || note != tt.note {
			t.Errorf("%q: %d examples, note %q; want %d, %q", tt.env, got.Count, note, tt.n, tt.note)
		}
	}
}
