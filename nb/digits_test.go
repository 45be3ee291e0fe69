package nb

import (
	"strings"
	"testing"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
)

// threeDigits is a set of three 2×2 images labelled 7, 1 and 4.
func threeDigits() *datasets.Set {
	return &datasets.Set{Images: []uint8{0, 255, 255, 0, 9, 9, 9, 9, 1, 2, 3, 4}, Labels: []uint8{7, 1, 4},
		Count: 3, Rows: 2, Cols: 2, Classes: 10}
}

func TestDigitsAndMistakesDrawFigures(t *testing.T) {
	set := threeDigits()
	data, err := Digits(set, 3)
	if w, _ := decodePNG(t, data, err); w == 0 {
		t.Error("Digits: empty figure")
	}
	mistakes := []mlp.Mistake{{Index: 2, Predicted: 9, Truth: 4, Confidence: 0.9}}
	data, err = Mistakes(set, mistakes, 4)
	if w, _ := decodePNG(t, data, err); w == 0 {
		t.Error("Mistakes: empty figure")
	}
	if _, err := Mistakes(set, []mlp.Mistake{{Index: 3}}, 4); err == nil || !strings.Contains(err.Error(), "index 3") {
		t.Errorf("Mistakes with index 3 of 3 images: err = %v", err)
	}
}

func TestDisplayPredictionsShowsDigitsAndTable(t *testing.T) {
	r := inNotebook(t)
	result := [][]float32{{0, 0.1, 0, 0, 0, 0, 0, 0.9, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 0.6, 0, 0.4}, {0, 0, 0, 0, 1, 0, 0, 0, 0, 0}, {1}}
	if err := DisplayPredictions(threeDigits(), result); err != nil {
		t.Fatal(err)
	}
	if len(r.events) != 4 || r.events[0] != "png" || !strings.HasPrefix(r.events[2], "html <table") {
		t.Fatalf("events = %q, want png, sync, html table, sync", r.events)
	}
	table := r.events[2]
	for _, want := range []string{"<td>1</td><td>1</td><td>7</td>", "<td>0.900</td>"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	if err := DisplayPredictions(threeDigits(), result[:2]); err == nil {
		t.Error("DisplayPredictions with 2 rows for 3 images: no error")
	}
}

func TestActivationPlot(t *testing.T) {
	data, err := ActivationPlot("tanh", []float64{-1, 0, 1})
	if w, _ := decodePNG(t, data, err); w == 0 {
		t.Error("empty figure")
	}
	if _, err := ActivationPlot("sigmod", []float64{0}); err == nil || !strings.Contains(err.Error(), "valid activations") {
		t.Errorf("err = %v, want the valid activations named", err)
	}
}
