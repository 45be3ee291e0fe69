package mlp

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// Layers returns a copy of the model's layers in order (Keras's model.layers): for the Hello World
// model, dense_1, activation_1, dense_2, activation_2, dense_3, activation_3. An Input layer is not
// one of them, as in Keras. The index of a layer here is the one LayerWeights and LayerOutputs take.
func (m *Model) Layers() []Layer {
	return append([]Layer(nil), m.layers...)
}

// LayerWeights returns a copy of the weights of layer i (Keras's model.layers[i].get_weights()):
// for a Dense layer its kernel, inputs×units (column j holds the weights into unit j: for the first
// layer of an MNIST model, a 28×28 picture of what unit j looks for), then its bias, 1×units,
// unless UseBias(false); for the other layers, none. The model must be built (by Compile, Fit or
// Predict) for its weights to exist.
func (m *Model) LayerWeights(i int) ([]Matrix, error) {
	if m.err != nil {
		return nil, m.err
	}
	if err := m.checkLayer("LayerWeights", i); err != nil {
		return nil, err
	}
	if !m.built {
		return nil, fmt.Errorf("mlp: LayerWeights(%d) before the model was built; Compile, Fit or Load it first", i)
	}
	p := 0 // index of layer i's first parameter
	for _, l := range m.layers[:i] {
		p += l.paramCount()
	}
	l := m.layers[i]
	var out []Matrix
	for k := range l.paramCount() {
		param := m.params[p+k]
		v, err := param.values()
		if err != nil {
			return nil, err
		}
		if len(param.shape) == 2 { // stored [units, inputs]
			rows, cols := param.shape[1], param.shape[0]
			out = append(out, Matrix{Data: transpose(v, cols, rows), Rows: rows, Cols: cols})
		} else {
			out = append(out, Matrix{Data: v, Rows: 1, Cols: len(v)})
		}
	}
	return out, nil
}

// paramCount is the number of parameter tensors of a layer: kernel and bias for a Dense layer.
func (l Layer) paramCount() int {
	switch {
	case l.Kind != KindDense:
		return 0
	case l.NoBias:
		return 1
	}
	return 2
}

// LayerOutputs returns the output of every layer for the examples x, in the order of Layers: the
// Keras idiom Model(model.inputs, [l.output for l in model.layers]).predict(x). Each Matrix has one
// row per example: for the Hello World model, a Dense layer's output is its weighted sum before the
// activation, and the Activation layer after it holds the unit's output. Dropout passes its inputs
// through, as at inference. x is accepted as by Predict, and so are opts (BatchSize, Verbose,
// Output).
func (m *Model) LayerOutputs(x any, opts ...PredictOption) ([]Matrix, error) {
	if m.err != nil {
		return nil, m.err
	}
	c, err := newPredictConfig(opts)
	if err != nil {
		return nil, err
	}
	xm, err := toMatrix("x", x)
	if err != nil {
		return nil, err
	}
	if err := checkFinite(xm, "x"); err != nil {
		return nil, err
	}
	if err := m.prepare(xm.Cols); err != nil {
		return nil, err
	}
	if len(m.layers) == 0 {
		return nil, errors.New("mlp: LayerOutputs: the model has no layers")
	}
	if m.layerExec == nil {
		m.layerExec, err = model.NewExec(m.backend, m.store, m.layerOutputsGraph)
		if err != nil {
			return nil, fmt.Errorf("mlp: building the layer outputs: %w", err)
		}
	}
	widths, _ := m.layerShapes()
	outs := make([]Matrix, len(m.layers))
	for i, w := range widths {
		outs[i] = Matrix{Data: make([]float32, 0, xm.Rows*w), Rows: xm.Rows, Cols: w}
	}
	var bar *progressBar
	if c.verbose > 0 {
		bar = newProgressBar(c.out, xm.Rows)
	}
	for from := 0; from < xm.Rows; from += c.batchSize {
		n := min(c.batchSize, xm.Rows-from)
		res, err := m.layerExec.Call(tensors.FromFlatDataAndDimensions(xm.Data[from*xm.Cols:(from+n)*xm.Cols], n, xm.Cols))
		if err != nil {
			return nil, fmt.Errorf("mlp: layer outputs: %w", err)
		}
		for i, t := range res {
			outs[i].Data = append(outs[i].Data, tensors.MustCopyFlatData[float32](t)...)
			t.MustFinalizeAll()
		}
		if bar != nil {
			bar.update(from+n, nil)
		}
	}
	if bar != nil {
		bar.done(nil)
	}
	return outs, nil
}

// layerOutputsGraph returns the output of every layer for x, at inference.
func (m *Model) layerOutputsGraph(scope *model.Scope, x *graph.Node) []*graph.Node {
	_, trace := m.forwardTrace(scope, x, false)
	outs := make([]*graph.Node, len(trace))
	for i, t := range trace {
		outs[i] = t.out
	}
	return outs
}

// checkLayer returns an error unless i is the index of one of the model's layers.
func (m *Model) checkLayer(fn string, i int) error {
	if i < 0 || i >= len(m.layers) {
		names := make([]string, len(m.layers))
		for k, l := range m.layers {
			names[k] = fmt.Sprintf("%d %s", k, l.Name)
		}
		if len(names) == 0 {
			return fmt.Errorf("mlp: %s(%d): the model has no layers", fn, i)
		}
		return fmt.Errorf("mlp: %s(%d): no such layer; the model's layers are %v", fn, i, names)
	}
	return nil
}

// Column returns a copy of column j of x (for a first-layer kernel, the 784 weights into unit j).
func (x Matrix) Column(j int) []float32 {
	col := make([]float32, x.Rows)
	for i := range col {
		col[i] = x.Data[i*x.Cols+j]
	}
	return col
}

// Row returns row i of x, sharing memory with it (for LayerOutputs, example i's outputs).
func (x Matrix) Row(i int) []float32 { return x.row(i) }

// HiddenLayers returns the indexes, in Layers, of the layers whose outputs are what the hidden
// units output, after their activation: every Activation layer and every Dense layer with a fused
// activation, except those at the end of the model, which make its output. For the Hello World
// model they are 1 and 3 (activation_1 and activation_2), whose 500 outputs LayerOutputs returns.
func (m *Model) HiddenLayers() []int {
	last := len(m.layers) - 1
	for last >= 0 && m.layers[last].Kind != KindDense { // the output's activation and dropout
		last--
	}
	var hidden []int
	for i, l := range m.layers[:max(last, 0)] {
		if l.Kind == KindActivation || (l.Kind == KindDense && l.Activation != "") {
			hidden = append(hidden, i)
		}
	}
	return hidden
}
