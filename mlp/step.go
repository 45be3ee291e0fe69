package mlp

import (
	"fmt"
	"runtime"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// trainStepGraph runs one optimisation step on a batch given as parts — inputs holds the parts'
// x then the parts' y (see trainParts) — and returns the batch's mean loss and its number of
// correctly classified examples.
func (m *Model) trainStepGraph(scope *model.Scope, inputs []*graph.Node) []*graph.Node {
	k := len(inputs) / 2
	xs, ys := inputs[:k], inputs[k:]
	g := xs[0].Graph()
	opt := m.compile.Optimizer
	step := graph.OnePlus(m.step.NodeValue(g))
	m.step.SetNodeValue(step)
	lr := opt.learningRate(step)
	var gradScale *graph.Node
	if opt.scalesGradients() {
		gradScale = lr
	}
	loss, correct, grads := m.lossAndGradients(scope, xs, ys, gradScale)
	for i, p := range m.params {
		slots := make([]*graph.Node, len(m.slots[i]))
		for j, s := range m.slots[i] {
			slots[j] = s.NodeValue(g)
		}
		w, newSlots := opt.update(p.v.NodeValue(g), grads[i], lr, step, slots)
		p.v.SetNodeValue(w)
		for j, s := range newSlots {
			m.slots[i][j].SetNodeValue(s)
		}
	}
	return []*graph.Node{loss, correct}
}

// lossAndGradients builds the batch's mean loss, its number of correct examples and the
// parameters' gradients, with the model's own backward pass. The batch comes in parts (xs[i],
// ys[i]) whose forward and backward passes are independent until the parameters' gradients (see
// backward), so the Go backend runs them on different cores. A non-nil scale multiplies the
// gradients (applied once, to the gradient of the output).
func (m *Model) lossAndGradients(scope *model.Scope, xs, ys []*graph.Node, scale *graph.Node) (loss, correct *graph.Node, grads []*graph.Node) {
	preds := make([]*graph.Node, len(xs))
	traces := make([][]layerTrace, len(xs))
	rows := 0
	for i, x := range xs {
		preds[i], traces[i] = m.forwardTrace(scope, x, true)
		partLoss := graph.ReduceAllSum(losses[m.compile.Loss](ys[i], preds[i]))
		partCorrect := m.correct(ys[i], preds[i])
		if i == 0 {
			loss, correct = partLoss, partCorrect
		} else {
			loss, correct = graph.Add(loss, partLoss), graph.Add(correct, partCorrect)
		}
		rows += x.Shape().Dimensions[0]
	}
	loss = graph.DivScalar(loss, float64(rows))
	dOuts := graph.Gradient(loss, preds...)
	if scale != nil {
		for i := range dOuts {
			dOuts[i] = graph.Mul(dOuts[i], scale)
		}
	}
	grads = m.backward(traces, dOuts)
	return loss, correct, grads
}

// evalStepGraph returns a batch's summed loss and number of correct examples, without training.
func (m *Model) evalStepGraph(scope *model.Scope, x, y *graph.Node) (lossSum, correct *graph.Node) {
	preds := m.forward(scope, x, false)
	return graph.ReduceAllSum(losses[m.compile.Loss](y, preds)), m.correct(y, preds)
}

func (m *Model) correct(y, preds *graph.Node) *graph.Node {
	if m.compile.Accuracy == "" {
		return graph.ScalarZero(preds.Graph(), preds.DType())
	}
	return correctCount(m.compile.Accuracy, y, preds)
}

// predictGraph returns the model's outputs for x.
func (m *Model) predictGraph(scope *model.Scope, x *graph.Node) *graph.Node {
	return m.forward(scope, x, false)
}

func newPredictExec(m *Model) (*model.Exec, error) {
	e, err := model.NewExec(m.backend, m.store, m.predictGraph)
	if err != nil {
		return nil, fmt.Errorf("mlp: building the prediction step: %w", err)
	}
	return e, nil
}

// trainBatch runs one training step and returns the batch's mean loss and correct count.
func (m *Model) trainBatch(x, y []float32, n, xCols, yCols int) (loss, correct float64, err error) {
	parts := m.trainParts(n)
	args := make([]any, 2*parts)
	for i := range parts {
		from, to := i*n/parts, (i+1)*n/parts
		args[i] = tensors.FromFlatDataAndDimensions(x[from*xCols:to*xCols], to-from, xCols)
		args[parts+i] = tensors.FromFlatDataAndDimensions(y[from*yCols:to*yCols], to-from, yCols)
	}
	outs, err := m.trainer.Call(args...)
	if err != nil {
		return 0, 0, fmt.Errorf("mlp: training step: %w", err)
	}
	return scalar(outs[0]), scalar(outs[1]), nil
}

// trainParts is how many independent parts a batch of n examples is split into for a training
// step: one per core (two at most) on the Go backend, whose element-wise operations otherwise
// run on a single core; XLA parallelises by itself.
func (m *Model) trainParts(n int) int {
	if !m.splitBatches || runtime.NumCPU() < 2 || n < 32 {
		return 1
	}
	return 2
}

// scalar reads a float32 scalar tensor and frees it.
func scalar(t *tensors.Tensor) float64 {
	v := float64(tensors.MustCopyFlatData[float32](t)[0])
	t.MustFinalizeAll()
	return v
}
