package mlp

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/core/tensors"
)

// Weights returns a copy of the weights in layer order (each Dense layer's kernel, row-major
// [inputs, units], then its bias), as Keras's get_weights().
func (m *Model) Weights() ([][]float32, error) {
	if !m.built {
		return nil, errors.New("mlp: Weights before the model was built; Compile or Fit it first")
	}
	out := make([][]float32, len(m.params))
	for i, p := range m.params {
		t, err := p.v.Value()
		if err != nil {
			return nil, fmt.Errorf("mlp: reading %s: %w", p.name, err)
		}
		if out[i], err = tensors.CopyFlatData[float32](t); err != nil {
			return nil, fmt.Errorf("mlp: reading %s: %w", p.name, err)
		}
		if len(p.shape) == 2 { // stored [out, in]; Keras's layout is [in, out]
			out[i] = transpose(out[i], p.shape[0], p.shape[1])
		}
	}
	return out, nil
}
