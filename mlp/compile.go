package mlp

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// compileConfig is what Compile sets; it is saved with the model.
type compileConfig struct {
	Loss      string    `json:"loss"`
	Optimizer Optimizer `json:"optimizer"`
	Metrics   []string  `json:"metrics,omitempty"`
	// Accuracy is the accuracy kind resolved from "accuracy" (empty when not requested).
	Accuracy string `json:"accuracy,omitempty"`
}

// CompileOption is an argument of Model.Compile: Loss, Metrics, or an Optimizer.
type CompileOption interface {
	applyCompile(c *compileConfig) error
}

type compileFunc func(c *compileConfig) error

func (f compileFunc) applyCompile(c *compileConfig) error { return f(c) }

// applyCompile makes an Optimizer a CompileOption.
func (o Optimizer) applyCompile(c *compileConfig) error {
	if err := o.validate(); err != nil {
		return err
	}
	c.Optimizer = o
	return nil
}

// Loss selects the loss by its Keras name: "mse", "mae", "categorical_crossentropy",
// "sparse_categorical_crossentropy" or "binary_crossentropy".
func Loss(name string) CompileOption {
	return compileFunc(func(c *compileConfig) error {
		key, _, err := lookupLoss(name)
		c.Loss = key
		return err
	})
}

// Metrics selects the metrics reported during training and by Evaluate. "accuracy" (or "acc")
// is resolved as Keras does: categorical for one-hot labels, sparse for class ids, binary for one
// output unit or binary_crossentropy.
func Metrics(names ...string) CompileOption {
	return compileFunc(func(c *compileConfig) error {
		c.Metrics = nil
		for _, name := range names {
			switch key := lowerName(name); key {
			case "accuracy", "acc":
				c.Metrics = append(c.Metrics, "accuracy")
			case accCategorical, accSparse, accBinary:
				c.Metrics = append(c.Metrics, key)
			default:
				return fmt.Errorf("mlp: unknown metric %q; valid metrics: accuracy, %s, %s, %s",
					name, accCategorical, accSparse, accBinary)
			}
		}
		return nil
	})
}

// Compile configures training (Keras's model.compile). A loss and an optimizer are required.
// It builds the weights when the input width is known.
func (m *Model) Compile(opts ...CompileOption) error {
	if m.err != nil {
		return m.err
	}
	var c compileConfig
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt.applyCompile(&c); err != nil {
			return err
		}
	}
	if c.Loss == "" {
		return fmt.Errorf("mlp: Compile needs a loss, e.g. mlp.Loss(\"mse\"); valid losses: %s", strings.Join(Losses(), ", "))
	}
	if c.Optimizer.Name == "" {
		return errors.New("mlp: Compile needs an optimizer, e.g. mlp.SGD(0.1)")
	}
	if len(c.Metrics) > 0 {
		kind := c.Metrics[0]
		if kind == "accuracy" {
			kind = resolveAccuracy(c.Loss, m.Units())
		}
		c.Accuracy = kind
	}
	m.compile = c
	m.compiled = true
	m.trainer, m.evalExec = nil, nil
	if m.inputs != 0 {
		return m.prepare(0)
	}
	return nil
}

// prepare builds the weights and the optimizer state and the executables.
func (m *Model) prepare(inputs int) error {
	if err := m.build(inputs); err != nil {
		return err
	}
	if !m.compiled || m.trainer != nil {
		return nil
	}
	if m.step == nil || len(m.slots) != len(m.params) || m.slotsFor != m.compile.Optimizer.Name {
		if err := m.resetOptimizerState(); err != nil {
			return err
		}
	}
	var err error
	m.trainer, err = model.NewExec(m.backend, m.store, m.trainStepGraph)
	if err != nil {
		return fmt.Errorf("mlp: building the training step: %w", err)
	}
	m.evalExec, err = model.NewExec(m.backend, m.store, m.evalStepGraph)
	if err != nil {
		return fmt.Errorf("mlp: building the evaluation step: %w", err)
	}
	return nil
}

// resetOptimizerState (re)creates the step counter and the optimizer's per-parameter state.
func (m *Model) resetOptimizerState() error {
	opt := m.compile.Optimizer
	for _, slots := range m.slots {
		for _, v := range slots {
			_ = m.store.DeleteVariable(v.Path())
		}
	}
	if m.step != nil {
		_ = m.store.DeleteVariable(m.step.Path())
	}
	var err error
	m.step, err = m.store.CreateVariable("/optimizer/step", tensors.FromValue(float32(0)))
	if err != nil {
		return fmt.Errorf("mlp: creating the optimizer state: %w", err)
	}
	m.step.SetTrainable(false)
	m.slots = make([][]*model.Variable, len(m.params))
	for i, p := range m.params {
		for _, name := range opt.slots() {
			size := 1
			for _, d := range p.shape {
				size *= d
			}
			init := make([]float32, size)
			for j := range init {
				init[j] = opt.slotInit()
			}
			v, err := m.store.CreateVariable("/optimizer/"+p.name+"/"+name,
				tensors.FromFlatDataAndDimensions(init, p.shape...))
			if err != nil {
				return fmt.Errorf("mlp: creating the optimizer state: %w", err)
			}
			v.SetTrainable(false)
			m.slots[i] = append(m.slots[i], v)
		}
	}
	m.slotsFor = opt.Name
	return nil
}

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
// ys[i]) whose forward and backward passes are independent until their gradients are summed, so
// the Go backend runs them on different cores. A non-nil scale multiplies the gradients (applied
// once, to the gradient of the output).
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
	for i, dOut := range dOuts {
		if scale != nil {
			dOut = graph.Mul(dOut, scale)
		}
		partGrads := m.backward(traces[i], dOut)
		if i == 0 {
			grads = partGrads
			continue
		}
		for j := range grads {
			grads[j] = graph.Add(grads[j], partGrads[j])
		}
	}
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
