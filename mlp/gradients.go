package mlp

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// Gradients returns the gradient of the loss (the mean over the examples x, y, as Compile set it)
// with respect to every weight, in the order and layout of Weights: what Keras computes with
// tf.GradientTape and tape.gradient(loss, model.trainable_weights). Nothing is trained. It is the
// direction SGD moves each weight in, times minus the learning rate. Dropout is active, as in a
// training step.
func (m *Model) Gradients(x, y any) ([]Matrix, error) {
	if m.err != nil {
		return nil, m.err
	}
	if !m.compiled {
		return nil, errors.New("mlp: Gradients before Compile; the gradient is that of the loss Compile sets")
	}
	xm, ym, err := m.checkData(x, y)
	if err != nil {
		return nil, err
	}
	if xm.Rows == 0 {
		return nil, errors.New("mlp: Gradients of no examples; pass at least one row of x and y")
	}
	if err := m.prepare(xm.Cols); err != nil {
		return nil, err
	}
	if m.gradExec == nil {
		if m.gradExec, err = model.NewExec(m.backend, m.store, m.gradientsGraph); err != nil {
			return nil, fmt.Errorf("mlp: building the gradients: %w", err)
		}
	}
	res, err := m.gradExec.Call(tensors.FromFlatDataAndDimensions(xm.Data, xm.Rows, xm.Cols),
		tensors.FromFlatDataAndDimensions(ym.Data, ym.Rows, ym.Cols))
	if err != nil {
		return nil, fmt.Errorf("mlp: gradients: %w", err)
	}
	out := make([]Matrix, len(res))
	for i, t := range res {
		v := tensors.MustCopyFlatData[float32](t)
		t.MustFinalizeAll()
		shape := m.params[i].shape
		if len(shape) == 2 { // stored [units, inputs]; Keras's layout is [inputs, units]
			out[i] = Matrix{Data: transpose(v, shape[0], shape[1]), Rows: shape[1], Cols: shape[0]}
		} else {
			out[i] = Matrix{Data: v, Rows: 1, Cols: len(v)}
		}
	}
	return out, nil
}

// gradientsGraph returns the parameters' gradients of the mean loss on one batch.
func (m *Model) gradientsGraph(scope *model.Scope, x, y *graph.Node) []*graph.Node {
	_, _, grads := m.lossAndGradients(scope, []*graph.Node{x}, []*graph.Node{y}, nil)
	return grads
}

// GradientSizes is how large each Dense layer's gradient was along a training run, as
// RecordGradientSizes measures it: the root mean square of the gradient of the loss with respect
// to the layer's kernel, the typical size of one weight's step divided by the learning rate. A
// layer whose size falls far below the others' learns that much more slowly: the vanishing
// gradients of deep sigmoid networks.
type GradientSizes struct {
	// Layers names the Dense layers ("dense_1", ...), in order.
	Layers []string
	// Epochs holds the model's number of trained epochs at each measure: 0 before training, then
	// 1, 2, ... (continuing the count when Fit is called again).
	Epochs []int
	// RMS[e][l] is the size of layer Layers[l]'s gradient after Epochs[e] epochs.
	RMS [][]float64
}

// RecordGradientSizes is a Fit callback that appends to sizes, before the first epoch and after
// each one, the size of every Dense layer's gradient (see GradientSizes) on the examples x, y —
// a fixed sample of the training data, such as its first 1,000 examples, so that the measures
// are comparable from epoch to epoch. Each measure costs one forward and backward pass over them.
func RecordGradientSizes(sizes *GradientSizes, x, y any) FitOption {
	return fitOption(func(c *fitConfig) error {
		if sizes == nil {
			return errors.New("mlp: RecordGradientSizes(nil, ...): pass a *GradientSizes to record into, e.g. &mlp.GradientSizes{}")
		}
		record := func(m *Model) error {
			grads, err := m.Gradients(x, y)
			if err != nil {
				return fmt.Errorf("RecordGradientSizes: %w", err)
			}
			var layers []string
			var rms []float64
			p := 0
			for _, l := range m.layers {
				if l.Kind == KindDense {
					layers = append(layers, l.Name)
					rms = append(rms, rootMeanSquare(grads[p].Data))
				}
				p += l.paramCount()
			}
			sizes.Layers = layers
			sizes.Epochs = append(sizes.Epochs, len(m.history.Epochs))
			sizes.RMS = append(sizes.RMS, rms)
			return nil
		}
		c.onBegin = append(c.onBegin, func(m *Model) error {
			if n := len(sizes.Epochs); n > 0 && sizes.Epochs[n-1] == len(m.history.Epochs) {
				return nil // already measured at this point, at the end of the previous Fit
			}
			return record(m)
		})
		c.onEpochModel = append(c.onEpochModel, record)
		return nil
	})
}

// rootMeanSquare returns √(Σv²/n), accumulated in float64.
func rootMeanSquare(v []float32) float64 {
	if len(v) == 0 {
		return 0
	}
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s / float64(len(v)))
}
