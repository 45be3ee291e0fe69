package nb

import (
	"slices"
	"strings"
	"testing"

	"github.com/dlgo/hello/mlp"
)

func TestCurveSeriesNamesEachRun(t *testing.T) {
	run := &mlp.History{Epochs: []int{1, 2}, Loss: []float64{0.5, 0.4}, Accuracy: []float64{0.6, 0.7},
		ValLoss: []float64{0.55, 0.45}, ValAccuracy: []float64{0.58, 0.66}}
	sigmoid := &mlp.History{Epochs: []int{1, 2, 3}, Loss: []float64{0.9, 0.8, 0.7}, Accuracy: []float64{0.2, 0.3, 0.4}}
	tests := []struct {
		metric  string
		earlier []*mlp.History
		want    []string
	}{
		{"loss", nil, []string{"loss", "val_loss"}},
		{"accuracy", []*mlp.History{sigmoid}, []string{"accuracy", "run 1: accuracy", "val_accuracy"}},
		{"loss", []*mlp.History{sigmoid, run, nil}, []string{"loss", "run 1: loss", "run 2: loss", "run 2: val_loss", "val_loss"}},
		{"loss", []*mlp.History{{}}, []string{"loss", "val_loss"}},
	}
	for _, tt := range tests {
		got := curveSeries(tt.metric, run, tt.earlier)
		var names []string
		for name := range got {
			names = append(names, name)
		}
		slices.Sort(names)
		if !slices.Equal(names, tt.want) {
			t.Errorf("curveSeries(%q, %d earlier) names = %q, want %q", tt.metric, len(tt.earlier), names, tt.want)
		}
	}
	if got := curveSeries("accuracy", run, []*mlp.History{sigmoid})["run 1: accuracy"]; !slices.Equal(got, sigmoid.Accuracy) {
		t.Errorf("run 1: accuracy = %v, want %v", got, sigmoid.Accuracy)
	}
}

func TestCurvesDrawsAFigure(t *testing.T) {
	run := &mlp.History{Epochs: []int{1, 2}, Loss: []float64{0.5, 0.4}}
	data, err := curves("loss", run, []*mlp.History{run})
	if w, h := decodePNG(t, data, err); w != curvesWidth || h != curvesHeight {
		t.Errorf("figure is %d×%d, want %d×%d", w, h, curvesWidth, curvesHeight)
	}
	if _, err := curves("accuracy", run, nil); err == nil || !strings.Contains(err.Error(), "no series") {
		t.Errorf("curves without accuracy: err = %v, want no series", err)
	}
}

func TestLiveCurvesRedrawsAfterEachEpoch(t *testing.T) {
	r := inNotebook(t)
	base := &mlp.History{Epochs: []int{1, 2, 3}, Loss: []float64{0.9, 0.8, 0.7}, Accuracy: []float64{0.2, 0.3, 0.4}}
	c := newLiveCurves([]*mlp.History{base})
	// Both outputs exist before the first epoch's progress line, so the figures stay together.
	want := []string{"update nb_live_1 html <i>The learning curves appear after the first epoch.</i>", "sync",
		"update nb_live_2 html ", "sync"}
	if !slices.Equal(r.events, want) {
		t.Fatalf("events before training = %q, want %q", r.events, want)
	}
	for epoch := 1; epoch <= 2; epoch++ {
		if err := c.epochEnd(epoch, mlp.Logs{"loss": 1 / float64(epoch), "accuracy": 0.5}); err != nil {
			t.Fatal(err)
		}
	}
	var updates []string
	for _, e := range r.events {
		if strings.HasSuffix(e, " png") {
			updates = append(updates, e)
		}
	}
	want = []string{"update nb_live_1 png", "update nb_live_2 png", "update nb_live_1 png", "update nb_live_2 png"}
	if !slices.Equal(updates, want) {
		t.Errorf("figure updates = %q, want loss and accuracy after each epoch: %q", updates, want)
	}
	for _, id := range []string{"nb_live_1", "nb_live_2"} {
		if w, _ := decodePNG(t, r.pngs[id], nil); w != curvesWidth {
			t.Errorf("%s: width %d, want %d", id, w, curvesWidth)
		}
	}
	if !slices.Equal(c.run.Loss, []float64{1, 0.5}) {
		t.Errorf("run loss = %v, want [1 0.5]", c.run.Loss)
	}
	// A new Fit starts its curves again.
	if err := c.epochEnd(1, mlp.Logs{"loss": 0.3}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.run.Loss, []float64{0.3}) || len(c.run.Accuracy) != 0 {
		t.Errorf("after a new epoch 1: loss %v accuracy %v, want [0.3] []", c.run.Loss, c.run.Accuracy)
	}
}

func TestLiveCurvesIsAFitOption(t *testing.T) {
	outsideNotebook(t)
	model := mlp.NewSequential(mlp.Dense(2, mlp.InputDim(2)), mlp.Activation("softmax"))
	if err := model.Compile(mlp.Loss("mse"), mlp.SGD(0.1), mlp.Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	x := [][]float32{{0, 1}, {1, 0}}
	y := [][]float32{{1, 0}, {0, 1}}
	history, err := model.Fit(x, y, mlp.Epochs(2), mlp.Verbose(0), LiveCurves())
	if err != nil {
		t.Fatal(err)
	}
	if len(history.Epochs) != 2 {
		t.Errorf("history has %d epochs, want 2", len(history.Epochs))
	}
}
