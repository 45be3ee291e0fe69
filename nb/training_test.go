package nb

import (
	"strings"
	"testing"

	"github.com/dlgo/hello/mlp"
)

// TestTrainingShowsProgressAndCurves checks that the one option shows both: a progress output per
// epoch, and the loss and accuracy figures redrawn after each epoch with the earlier run in them.
func TestTrainingShowsProgressAndCurves(t *testing.T) {
	r := inNotebook(t)
	model := mlp.NewSequential(mlp.Input(2), mlp.Dense(2, mlp.WithActivation("softmax"))).WithSeed(1)
	if err := model.Compile(mlp.Loss("mse"), mlp.SGD(0.1), mlp.Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	x := [][]float32{{0, 1}, {1, 0}}
	y := [][]float32{{1, 0}, {0, 1}}
	earlier := &mlp.History{Epochs: []int{1, 2, 3}, Loss: []float64{0.9, 0.8, 0.7}, Accuracy: []float64{0.2, 0.3, 0.4}}
	if _, err := model.Fit(x, y, mlp.Epochs(2), Training(earlier)); err != nil {
		t.Fatal(err)
	}
	progress, figures := map[string]bool{}, map[string]int{}
	for _, e := range r.events {
		if rest, ok := strings.CutPrefix(e, "update nb_progress_"); ok {
			id, _, _ := strings.Cut(rest, " ")
			progress[id] = true
		}
		if rest, ok := strings.CutPrefix(e, "update nb_live_"); ok && strings.HasSuffix(rest, " png") {
			figures[strings.TrimSuffix(rest, " png")]++
		}
	}
	if len(progress) != 2 {
		t.Errorf("%d progress outputs, want one per epoch (events %q)", len(progress), r.events)
	}
	if len(figures) != 2 || figures["1"] != 2 || figures["2"] != 2 {
		t.Errorf("figure redraws by output %v, want the loss (1) and accuracy (2) figures twice each", figures)
	}
	if w, _ := decodePNG(t, r.pngs["nb_live_1"], nil); w != curvesWidth {
		t.Errorf("loss figure width %d, want %d", w, curvesWidth)
	}
}
