package mlp

import "github.com/gomlx/gomlx/core/graph"

// backward returns the gradients of the loss for each parameter, given the forward traces of a
// batch's parts and dOuts, the gradients with respect to each part's output. Each part's
// gradients flow back through the layers on their own (so the Go backend runs the parts'
// element-wise operations on different cores); each Dense layer's parameter gradients are then
// computed once for the whole batch, from the parts' output gradients and inputs stacked back
// together: one matrix product over all rows instead of one per part and a sum.
//
// Each Dense layer's gradients are matrix products in layouts the Go backend multiplies without
// reshuffling (dx = dy·W and, for the stored [out, in] kernel, dWᵀ = dyᵀ·x, transposing only dy,
// the smaller operand); dx is skipped for the first layer, and the common activations use their
// closed-form derivatives. It matches GoMLX's automatic differentiation (see the tests) at a
// lower cost.
func (m *Model) backward(traces [][]layerTrace, dOuts []*graph.Node) []*graph.Node {
	grads := make([]*graph.Node, len(m.params))
	g := dOuts[0].Graph()
	p := len(m.params)
	ds := append([]*graph.Node(nil), dOuts...)
	for i := len(m.layers) - 1; i >= 0; i-- {
		l := m.layers[i]
		switch l.Kind {
		case KindDense:
			ins := make([]*graph.Node, len(ds))
			for k, t := range traces {
				if l.Activation != "" {
					ds[k] = activationVJP(l.Activation, t[i].z, t[i].out, ds[k])
				}
				ins[k] = t[i].in
			}
			d, in := stackRows(ds), stackRows(ins)
			if !l.NoBias {
				p--
				grads[p] = graph.ReduceSum(d, 0)
			}
			p--
			grads[p] = graph.MatMul(graph.Transpose(d, 0, 1), in) // [out, in]
			if i > 0 {
				w := m.params[p].v.NodeValue(g)
				for k := range ds {
					ds[k] = graph.MatMul(ds[k], w) // [rows, in]
				}
			}
		case KindActivation:
			for k, t := range traces {
				ds[k] = activationVJP(l.Activation, t[i].in, t[i].out, ds[k])
			}
		case KindDropout:
			for k, t := range traces {
				if t[i].mask != nil {
					ds[k] = graph.Mul(ds[k], t[i].mask)
				}
			}
		}
	}
	return grads
}

// stackRows concatenates parts of a batch along the batch axis.
func stackRows(parts []*graph.Node) *graph.Node {
	if len(parts) == 1 {
		return parts[0]
	}
	return graph.Concatenate(parts, 0)
}

// activationVJP returns the gradient with respect to an activation's input x, given its output y
// and the gradient dy with respect to y.
func activationVJP(name string, x, y, dy *graph.Node) *graph.Node {
	switch name {
	case "linear":
		return dy
	case "sigmoid":
		return graph.Mul(dy, graph.Mul(y, graph.OneMinus(y)))
	case "tanh":
		return graph.Mul(dy, graph.OneMinus(graph.Square(y)))
	case "relu":
		return graph.Where(graph.GreaterThan(x, graph.ZerosLike(x)), dy, graph.ZerosLike(dy))
	case "softmax":
		// y ⊙ (dy − Σ_j dy_j·y_j)
		dot := graph.ReduceSum(graph.Mul(dy, y), -1)
		return graph.Mul(y, graph.Sub(dy, graph.ExpandAxes(dot, -1)))
	}
	// Others: automatic differentiation of the activation alone.
	return graph.Gradient(graph.ReduceAllSum(graph.Mul(activations[name](x), graph.StopGradient(dy))), x)[0]
}
