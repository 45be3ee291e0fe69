package mlp

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestConfusionMatrixCounts(t *testing.T) {
	m, err := ConfusionMatrix([]int{0, 1, 1, 2, 0}, []int{0, 1, 2, 2, 1}, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{1, 0, 0}, {1, 1, 0}, {0, 1, 1}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got %v, want %v", m, want)
	}
}

func TestConfusionMatrixRejectsBadInput(t *testing.T) {
	withAvailableMemory(t, 1<<30)
	for _, c := range []struct {
		name            string
		predicted, want []int
		classes         int
		msg             string
	}{
		{"negative classes", nil, nil, -1, "classes = -1; it must be positive"},
		{"zero classes", []int{0}, []int{0}, 0, "classes = 0"},
		{"length mismatch", []int{0}, nil, 2, "1 predictions for 0 labels"},
		{"class out of range", []int{0, 2}, []int{0, 1}, 2, "example 1 has class 2/1 outside [0, 2)"},
		{"negative label", []int{0}, []int{-1}, 2, "outside [0, 2)"},
		{"overflow", nil, nil, 1 << 40, "counts overflow"},
		{"too big for memory", nil, nil, 1 << 20, "ConfusionMatrix: 1048576×1048576 counts needs 8796093022208 bytes (8.0 TiB), more than the 1.0 GiB"},
	} {
		_, err := ConfusionMatrix(c.predicted, c.want, c.classes)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.msg)
		}
	}
}

func TestConfidentMistakesMostConfidentFirst(t *testing.T) {
	probs := [][]float32{{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.3, 0.7}}
	got, err := ConfidentMistakes(probs, []int{0, 0, 1, 0}, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []Mistake{{Index: 1, Predicted: 1, Truth: 0, Confidence: 0.8}, {Index: 3, Predicted: 1, Truth: 0, Confidence: 0.7}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got, err := ConfidentMistakes(probs, []int{0, 0, 1, 0}, 0); err != nil || len(got) != 0 {
		t.Errorf("n = 0: %v, %v", got, err)
	}
}

func TestConfidentMistakesRejectsBadInput(t *testing.T) {
	for _, c := range []struct {
		name  string
		probs [][]float32
		truth []int
		n     int
		msg   string
	}{
		{"empty row", [][]float32{{}}, []int{0}, 1, "example 0 has no class probabilities"},
		{"empty second row", [][]float32{{0.5, 0.5}, nil}, []int{0, 0}, 1, "example 1 has no class probabilities"},
		{"ragged rows", [][]float32{{0.5, 0.5}, {1}}, []int{0, 0}, 1, "example 1 has 1 class probabilities, example 0 has 2"},
		{"label out of range", [][]float32{{0.5, 0.5}}, []int{2}, 1, "example 0 has class 2 outside [0, 2)"},
		{"negative n", [][]float32{{0.1, 0.9}}, []int{0}, -1, "n = -1"},
		{"length mismatch", [][]float32{{1}}, nil, 1, "1 predictions for 0 labels"},
	} {
		_, err := ConfidentMistakes(c.probs, c.truth, c.n)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.msg)
		}
	}
}

// TestSigmoidReturnsNoSubnormals checks that the sigmoid never returns a float32 subnormal (GoMLX's
// Logistic does for inputs in (-103.3, -87.3), and matrix products on subnormals are tens of times
// slower), while it stays 1/(1+exp(-x)) where that is a normal float32.
func TestSigmoidReturnsNoSubnormals(t *testing.T) {
	var xs []float64
	for x := -200.0; x <= 20; x += 0.25 {
		xs = append(xs, x)
	}
	ys, _, err := ActivationCurve("sigmoid", xs)
	if err != nil {
		t.Fatal(err)
	}
	const smallestNormal = 0x1p-126
	for i, y := range ys {
		if y32 := float32(y); y32 != 0 && math.Abs(float64(y32)) < smallestNormal {
			t.Fatalf("sigmoid(%g) = %g, a float32 subnormal", xs[i], y32)
		}
		if want := 1 / (1 + math.Exp(-xs[i])); xs[i] >= sigmoidFloor && math.Abs(y-want) > 1e-6*want+1e-7 {
			t.Errorf("sigmoid(%g) = %g, want %g", xs[i], y, want)
		}
	}
}
