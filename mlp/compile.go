package mlp

import (
	"errors"
	"fmt"
	"strings"

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
			kind = resolveAccuracy(c.Loss, m.units())
		}
		c.Accuracy = kind
	}
	m.compile = c
	m.compiled = true
	m.trainer, m.evalExec, m.gradExec = nil, nil, nil
	if m.inputs != 0 {
		return m.prepare(0)
	}
	return nil
}

// Optimizer returns the optimizer the model was compiled with (Keras's model.optimizer), its name
// and learning rate among others; the zero Optimizer before Compile. Changing the copy returned
// changes nothing: compile again to train with another.
func (m *Model) Optimizer() Optimizer { return m.compile.Optimizer }

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
			init := make([]float32, p.size())
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
