package mlp

import (
	"math"
	"testing"
)

func TestClassAccuracy(t *testing.T) {
	acc := ClassAccuracy([][]int{{8, 2, 0}, {1, 1, 2}, {0, 0, 0}})
	if acc[0] != 0.8 || acc[1] != 0.25 || !math.IsNaN(acc[2]) {
		t.Fatalf("ClassAccuracy = %v, want [0.8 0.25 NaN]", acc)
	}
}

func TestConfusedPairs(t *testing.T) {
	probs := [][]float32{
		{0.1, 0.9, 0}, // 0 → 1, 0.9
		{0.3, 0.7, 0}, // 0 → 1, 0.7
		{0.2, 0.8, 0}, // 0 → 1, 0.8
		{0, 0.4, 0.6}, // 1 → 2
		{0.9, 0.1, 0}, // right
		{0.4, 0, 0.6}, // 0 → 2
		{0, 0.3, 0.7}, // 1 → 2
	}
	truth := []int{0, 0, 0, 1, 0, 0, 1}
	pairs, err := ConfusedPairs(probs, truth, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 2 {
		t.Fatalf("%d pairs, want 2", len(pairs))
	}
	p := pairs[0]
	if p.Truth != 0 || p.Predicted != 1 || p.Count != 3 || len(p.Examples) != 2 || p.Examples[0].Index != 0 || p.Examples[1].Index != 2 {
		t.Errorf("first pair = %+v, want 0→1 ×3 with examples 0 then 2", p)
	}
	if q := pairs[1]; q.Truth != 1 || q.Predicted != 2 || q.Count != 2 {
		t.Errorf("second pair = %+v, want 1→2 ×2", q)
	}
	if _, err := ConfusedPairs(probs, truth[:3], 2, 2); err == nil {
		t.Error("7 predictions for 3 labels accepted")
	}
	if _, err := ConfusedPairs(probs, truth, -1, 2); err == nil {
		t.Error("n = -1 accepted")
	}
}

func TestSaturatedShare(t *testing.T) {
	x := Matrix{Data: []float32{0.001, 0.5, 0.995, 0.02}, Rows: 2, Cols: 2}
	if got := SaturatedShare(x, 0.01, 0.99); got != 0.5 {
		t.Errorf("SaturatedShare = %g, want 0.5", got)
	}
	if got := SaturatedShare(Matrix{}, 0.01, 0.99); got != 0 {
		t.Errorf("SaturatedShare of nothing = %g", got)
	}
	z := Matrix{Data: []float32{-100, -87, -88, 3}, Rows: 1, Cols: 4}
	if got := SubnormalSigmoidShare(z); got != 0.5 {
		t.Errorf("SubnormalSigmoidShare = %g, want 0.5 (−100 and −88)", got)
	}
	// The threshold is where a float32 exp turns subnormal.
	for _, c := range []struct {
		z         float64
		subnormal bool
	}{{-87.3, false}, {-87.4, true}} {
		v := float32(math.Exp(c.z))
		if got := v < 1.1754944e-38; got != c.subnormal {
			t.Errorf("exp(%g) = %g subnormal: %v", c.z, v, got)
		}
		if got := SubnormalSigmoidShare(Matrix{Data: []float32{float32(c.z)}, Rows: 1, Cols: 1}) == 1; got != c.subnormal {
			t.Errorf("SubnormalSigmoidShare(%g) counts it: %v, want %v", c.z, got, c.subnormal)
		}
	}
}
