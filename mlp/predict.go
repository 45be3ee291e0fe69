package mlp

import (
	"fmt"

	"github.com/gomlx/gomlx/core/tensors"
)

// Predict returns the model's outputs for x (Keras's model.predict): one row of class
// probabilities per example for a softmax model.
func (m *Model) Predict(x any, opts ...PredictOption) ([][]float32, error) {
	out, err := m.predict(x, opts)
	if err != nil {
		return nil, err
	}
	rows := make([][]float32, out.Rows)
	for i := range rows {
		rows[i] = out.row(i)
	}
	return rows, nil
}

// PredictClasses returns the index of the largest output for each example of x (Keras 2's
// model.predict_classes; numpy's argmax(model.predict(x), axis=1)).
func (m *Model) PredictClasses(x any, opts ...PredictOption) ([]int, error) {
	out, err := m.predict(x, opts)
	if err != nil {
		return nil, err
	}
	classes := make([]int, out.Rows)
	for i := range classes {
		classes[i] = ArgMax(out.row(i))
	}
	return classes, nil
}

// ArgMax returns the index of the largest value of row, the first one on ties (numpy's argmax): the
// digit a row of Predict's probabilities stands for. It returns 0 for an empty row.
func ArgMax(row []float32) int {
	best := 0
	for j, v := range row {
		if v > row[best] {
			best = j
		}
	}
	return best
}

func (m *Model) predict(x any, opts []PredictOption) (Matrix, error) {
	if m.err != nil {
		return Matrix{}, m.err
	}
	c, err := newPredictConfig(opts)
	if err != nil {
		return Matrix{}, err
	}
	xm, err := toMatrix("x", x)
	if err != nil {
		return Matrix{}, err
	}
	if err := checkFinite(xm, "x"); err != nil {
		return Matrix{}, err
	}
	if err := m.prepare(xm.Cols); err != nil {
		return Matrix{}, err
	}
	if m.predExec == nil {
		if m.predExec, err = newPredictExec(m); err != nil {
			return Matrix{}, err
		}
	}
	var bar *progressBar
	if c.verbose > 0 {
		bar = newProgressBar(c.out, xm.Rows)
	}
	units := m.units()
	out := Matrix{Data: make([]float32, 0, xm.Rows*units), Rows: xm.Rows, Cols: units}
	for from := 0; from < xm.Rows; from += c.batchSize {
		n := min(c.batchSize, xm.Rows-from)
		res, err := m.predExec.Call(tensors.FromFlatDataAndDimensions(xm.Data[from*xm.Cols:(from+n)*xm.Cols], n, xm.Cols))
		if err != nil {
			return Matrix{}, fmt.Errorf("mlp: prediction: %w", err)
		}
		out.Data = append(out.Data, tensors.MustCopyFlatData[float32](res[0])...)
		res[0].MustFinalizeAll()
		if bar != nil {
			bar.update(from+n, nil)
		}
	}
	if bar != nil {
		bar.done(nil)
	}
	return out, nil
}
