package mlp

import (
	"math"
	"strings"
	"testing"
)

func TestCheckFiniteNamesTheFirstBadValue(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	for _, c := range []struct {
		m    Matrix
		what string
		want []string
	}{
		{Matrix{Data: []float32{0, 1, 2, 3, nan, 5}, Rows: 2, Cols: 3}, "x", []string{"x[1][1] (example 1, column 1) is NaN", "inputs must be finite", "replace missing values"}},
		{Matrix{Data: []float32{0, 1, 2, -inf, nan, 5}, Rows: 3, Cols: 2}, "x", []string{"x[1][1] (example 1, column 1) is -Inf"}},
		{Matrix{Data: []float32{1, 0, 0, inf}, Rows: 2, Cols: 2}, "y", []string{"y[1][1] (example 1, column 1) is +Inf", "labels must be finite"}},
		{Matrix{Data: []float32{0, nan}, Rows: 2, Cols: 1}, "validation y", []string{"validation y[1][0]", "labels must be finite"}},
	} {
		err := checkFinite(c.m, c.what)
		if err == nil {
			t.Errorf("%v: no error", c.m)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q lacks %q", err, w)
			}
		}
	}
}

func TestCheckFiniteAcceptsFiniteValues(t *testing.T) {
	for _, m := range []Matrix{
		{},
		Matrix{Data: []float32{0, -1, math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, 255}, Rows: 2, Cols: 3},
	} {
		if err := checkFinite(m, "x"); err != nil {
			t.Errorf("%v: %v", m, err)
		}
	}
}
