package mlp

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx/gomlx/core/tensors"
)

// Score is what Evaluate returns (Keras's [loss, accuracy]).
type Score struct {
	Loss float64
	// Accuracy is set when the model was compiled with Metrics("accuracy").
	Accuracy float64
}

// Evaluate returns the loss and accuracy on x, y (Keras's model.evaluate), in batches of
// BatchSize (default 32), printing a progress bar unless Verbose(0).
func (m *Model) Evaluate(x, y any, opts ...EvaluateOption) (Score, error) {
	if m.err != nil {
		return Score{}, m.err
	}
	if !m.compiled {
		return Score{}, errors.New("mlp: Evaluate before Compile; call model.Compile first (or load a saved model)")
	}
	c, err := newEvaluateConfig(opts)
	if err != nil {
		return Score{}, err
	}
	xm, ym, err := m.checkData(x, y)
	if err != nil {
		return Score{}, err
	}
	if err := m.prepare(xm.Cols); err != nil {
		return Score{}, err
	}
	var bar *progressBar
	if c.verbose > 0 {
		bar = newProgressBar(c.out, xm.Rows)
	}
	loss, acc, err := m.evaluate(xm, ym, c.batchSize, bar)
	if err != nil {
		return Score{}, err
	}
	if bar != nil {
		bar.done(nil)
	}
	return Score{Loss: loss, Accuracy: acc}, nil
}

// evaluate returns the mean loss and accuracy over x, y.
func (m *Model) evaluate(x, y Matrix, batchSize int, bar *progressBar) (loss, acc float64, err error) {
	var lossSum, correctSum float64
	for from := 0; from < x.Rows; from += batchSize {
		n := min(batchSize, x.Rows-from)
		outs, err := m.evalExec.Call(
			tensors.FromFlatDataAndDimensions(x.Data[from*x.Cols:(from+n)*x.Cols], n, x.Cols),
			tensors.FromFlatDataAndDimensions(y.Data[from*y.Cols:(from+n)*y.Cols], n, y.Cols))
		if err != nil {
			return 0, 0, fmt.Errorf("mlp: evaluation step: %w", err)
		}
		lossSum += scalar(outs[0])
		correctSum += scalar(outs[1])
		if bar != nil {
			bar.update(from+n, nil)
		}
	}
	return lossSum / float64(x.Rows), correctSum / float64(x.Rows), nil
}

// checkData converts x and y and checks they fit the model and the loss.
func (m *Model) checkData(x, y any) (Matrix, Matrix, error) {
	xm, err := toMatrix("x", x)
	if err != nil {
		return Matrix{}, Matrix{}, err
	}
	ym, err := toMatrix("y", y)
	if err != nil {
		return Matrix{}, Matrix{}, err
	}
	if err := checkFinite(xm, "x"); err != nil {
		return xm, ym, err
	}
	if err := checkFinite(ym, "y"); err != nil {
		return xm, ym, err
	}
	if xm.Rows != ym.Rows {
		return xm, ym, fmt.Errorf("mlp: x has %d examples but y has %d; they must match", xm.Rows, ym.Rows)
	}
	if xm.Rows == 0 {
		return xm, ym, errors.New("mlp: no examples")
	}
	if m.inputs != 0 && xm.Cols != m.inputs {
		return xm, ym, fmt.Errorf("mlp: x has %d features per example, the model takes %d (flatten 28×28 images to 784)", xm.Cols, m.inputs)
	}
	units := m.units()
	switch m.compile.Loss {
	case "sparse_categorical_crossentropy":
		if ym.Cols != 1 {
			return xm, ym, fmt.Errorf("mlp: sparse_categorical_crossentropy wants one class id per example, y has %d columns; use categorical_crossentropy for one-hot labels", ym.Cols)
		}
		for i, v := range ym.Data {
			if v != float32(math.Trunc(float64(v))) || v < 0 || int(v) >= units {
				return xm, ym, fmt.Errorf("mlp: y[%d] = %g is not a class id in [0, %d)", i, v, units)
			}
		}
	default:
		if ym.Cols != units {
			hint := ""
			if ym.Cols == 1 && units > 1 {
				hint = "; y looks like class ids: one-hot encode them (datasets' OneHot) or use sparse_categorical_crossentropy"
			}
			return xm, ym, fmt.Errorf("mlp: y has %d columns but the model outputs %d%s", ym.Cols, units, hint)
		}
		if m.compile.Loss == "binary_crossentropy" || m.compile.Loss == "categorical_crossentropy" {
			for i, v := range ym.Data {
				if v < 0 || v > 1 {
					return xm, ym, fmt.Errorf("mlp: %s wants labels in [0, 1], y has %g at row %d", m.compile.Loss, v, i/ym.Cols)
				}
			}
		}
	}
	return xm, ym, nil
}
