package nb

import (
	"slices"
	"testing"

	"github.com/dlgo/hello/mlp"
)

func TestNamedSeriesNamesEachRunByItsName(t *testing.T) {
	run := &mlp.History{Epochs: []int{1, 2}, Loss: []float64{0.5, 0.4}, Accuracy: []float64{0.6, 0.7}}
	relu := &mlp.History{Epochs: []int{1}, Loss: []float64{0.9}, Accuracy: []float64{0.2}}
	tanh := &mlp.History{Epochs: []int{1}, Loss: []float64{0.8}, Accuracy: []float64{0.3}}
	got := namedSeries("accuracy", run, []NamedHistory{
		{Name: "#1 relu /255 lr 0.1", History: relu}, {History: tanh}, {Name: "none", History: nil}})
	var names []string
	for name := range got {
		names = append(names, name)
	}
	slices.Sort(names)
	want := []string{"#1 relu /255 lr 0.1: accuracy", "accuracy", "run 2: accuracy"}
	if !slices.Equal(names, want) {
		t.Errorf("series = %q, want %q", names, want)
	}
	if !slices.Equal(got["run 2: accuracy"], tanh.Accuracy) {
		t.Errorf("run 2: accuracy = %v, want the unnamed run's %v", got["run 2: accuracy"], tanh.Accuracy)
	}
}

func TestLiveCurvesNamedWidensTheFiguresForLongNames(t *testing.T) {
	r := inNotebook(t)
	base := &mlp.History{Epochs: []int{1, 2, 3}, Loss: []float64{0.9, 0.8, 0.7}, Accuracy: []float64{0.2, 0.3, 0.4}}
	c := newNamedCurves([]NamedHistory{{Name: "sigmoid raw lr 0.1", History: base}})
	if err := c.epochEnd(1, mlp.Logs{"loss": 0.5, "accuracy": 0.5}); err != nil {
		t.Fatal(err)
	}
	// Wider than with "run N", for the legend beside the plot to hold the long names.
	if w, _ := decodePNG(t, r.pngs["nb_live_1"], nil); w != curvesWideWidth {
		t.Errorf("loss figure width %d, want %d", w, curvesWideWidth)
	}
	if c.earlier[0].Name != "sigmoid raw lr 0.1" {
		t.Errorf("earlier run named %q", c.earlier[0].Name)
	}
}
