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
		var err error
		if out[i], err = p.values(); err != nil {
			return nil, err
		}
		if len(p.shape) == 2 { // stored [out, in]; Keras's layout is [in, out]
			out[i] = transpose(out[i], p.shape[0], p.shape[1])
		}
	}
	return out, nil
}

// values returns a copy of p's values, in its stored layout.
func (p *param) values() ([]float32, error) {
	t, err := p.v.Value()
	if err != nil {
		return nil, fmt.Errorf("mlp: reading %s: %w", p.name, err)
	}
	v, err := tensors.CopyFlatData[float32](t)
	if err != nil {
		return nil, fmt.Errorf("mlp: reading %s: %w", p.name, err)
	}
	return v, nil
}
