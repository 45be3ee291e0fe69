package mlp

import (
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// layerTrace keeps what the backward pass needs of one layer's forward pass.
type layerTrace struct {
	in, z, out *graph.Node // input, pre-activation (Dense), output
	mask       *graph.Node // Dropout's scaled keep-mask
}

// forward builds the model's outputs for x, shaped [batch, inputs]. Dropout is active only when
// training.
func (m *Model) forward(scope *model.Scope, x *graph.Node, training bool) *graph.Node {
	out, _ := m.forwardTrace(scope, x, training)
	return out
}

// forwardTrace is forward, also returning each layer's trace for backward.
func (m *Model) forwardTrace(scope *model.Scope, x *graph.Node, training bool) (*graph.Node, []layerTrace) {
	g := x.Graph()
	trace := make([]layerTrace, len(m.layers))
	p := 0
	for i, l := range m.layers {
		t := layerTrace{in: x}
		switch l.Kind {
		case KindDense:
			x = graph.DotGeneral(x, []int{1}, nil, m.params[p].v.NodeValue(g), []int{1}, nil) // x·Wᵀ
			p++
			if !l.NoBias {
				x = graph.Add(x, graph.ExpandAxes(m.params[p].v.NodeValue(g), 0))
				p++
			}
			t.z = x
			if l.Activation != "" {
				x = activations[l.Activation](x)
			}
		case KindActivation:
			x = activations[l.Activation](x)
		case KindDropout:
			if training && l.Rate > 0 {
				keep := scope.RandomBernoulli(graph.Scalar(g, x.DType(), 1-l.Rate), x.Shape())
				t.mask = graph.MulScalar(keep, 1/(1-l.Rate))
				x = graph.Mul(x, t.mask)
			}
		}
		t.out = x
		trace[i] = t
	}
	return x, trace
}
