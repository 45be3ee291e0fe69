package mlp

import (
	"fmt"
	"math"
)

// checkFinite returns an error naming the first NaN or infinite value of m, by row (example)
// and column (feature), and what to do about it. Training on such a value makes every weight
// NaN within a step, and the loss then says "NaN" with nothing to point at the data; what names
// the data in the message ("x", "y", "validation x").
func checkFinite(m Matrix, what string) error {
	for i, v := range m.Data {
		// v - v is 0 for every finite v, and NaN for NaN and ±Inf: one comparison per value.
		if v-v == 0 {
			continue
		}
		row, col := i, 0
		if m.Cols > 0 {
			row, col = i/m.Cols, i%m.Cols
		}
		kind := "NaN"
		if math.IsInf(float64(v), 0) {
			kind = fmt.Sprintf("%g", v)
		}
		return fmt.Errorf("mlp: %s[%d][%d] (example %d, column %d) is %s; %s", what, row, col, row, col, kind, finiteAdvice(what))
	}
	return nil
}

// finiteAdvice says what to do about a non-finite value in inputs or labels.
func finiteAdvice(what string) string {
	if len(what) > 0 && what[len(what)-1] == 'y' {
		return "labels must be finite numbers (one-hot rows or class ids): fix or drop that example"
	}
	return "inputs must be finite numbers: replace missing values (e.g. by 0 or the column's mean) or drop that example"
}
