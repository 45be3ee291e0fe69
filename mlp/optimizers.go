package mlp

import (
	"fmt"
	"math"
	"strings"

	"github.com/gomlx/gomlx/core/graph"
)

// Optimizer holds an optimizer's name and hyperparameters, with Keras's names and defaults.
// Create one with SGD, RMSprop, Adam, Adagrad or OptimizerByName and pass it to Model.Compile.
// Unlike GoMLX's SGD, the learning rate does not decay unless WithDecay is set (as in Keras).
type Optimizer struct {
	Name         string  `json:"name"`
	LearningRate float64 `json:"learning_rate"`
	Momentum     float64 `json:"momentum,omitempty"`    // SGD
	Nesterov     bool    `json:"nesterov,omitempty"`    // SGD
	Rho          float64 `json:"rho,omitempty"`         // RMSprop
	Beta1        float64 `json:"beta_1,omitempty"`      // Adam
	Beta2        float64 `json:"beta_2,omitempty"`      // Adam
	Epsilon      float64 `json:"epsilon,omitempty"`     // RMSprop, Adam, Adagrad
	Accumulator  float64 `json:"accumulator,omitempty"` // Adagrad's initial accumulator value
	Decay        float64 `json:"decay,omitempty"`       // Keras 2's lr / (1 + decay·iterations)
}

// SGD is stochastic gradient descent (Keras: SGD(learning_rate=0.01, momentum=0, nesterov=False)).
// The seed program uses SGD(0.1).
func SGD(learningRate float64) Optimizer {
	return Optimizer{Name: "sgd", LearningRate: learningRate}
}

// RMSprop is Keras's RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-7).
func RMSprop(learningRate float64) Optimizer {
	return Optimizer{Name: "rmsprop", LearningRate: learningRate, Rho: 0.9, Epsilon: epsilon}
}

// Adam is Keras's Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7).
func Adam(learningRate float64) Optimizer {
	return Optimizer{Name: "adam", LearningRate: learningRate, Beta1: 0.9, Beta2: 0.999, Epsilon: epsilon}
}

// Adagrad is Keras's Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7).
func Adagrad(learningRate float64) Optimizer {
	return Optimizer{Name: "adagrad", LearningRate: learningRate, Accumulator: 0.1, Epsilon: epsilon}
}

// defaultLearningRates are Keras's defaults, used by OptimizerByName.
var defaultLearningRates = map[string]float64{"sgd": 0.01, "rmsprop": 0.001, "adam": 0.001, "adagrad": 0.001}

// Optimizers lists the optimizer names accepted by OptimizerByName.
func Optimizers() []string { return []string{"adagrad", "adam", "rmsprop", "sgd"} }

// OptimizerByName returns the named optimizer ("sgd", "rmsprop", "adam", "adagrad",
// case-insensitive) with the given learning rate, or Keras's default rate when learningRate is 0.
func OptimizerByName(name string, learningRate float64) (Optimizer, error) {
	key := lowerName(name)
	lr, ok := defaultLearningRates[key]
	if !ok {
		return Optimizer{}, fmt.Errorf("mlp: unknown optimizer %q; valid optimizers: %s",
			name, strings.Join(Optimizers(), ", "))
	}
	if learningRate != 0 {
		lr = learningRate
	}
	switch key {
	case "rmsprop":
		return RMSprop(lr), nil
	case "adam":
		return Adam(lr), nil
	case "adagrad":
		return Adagrad(lr), nil
	}
	return SGD(lr), nil
}

// WithMomentum sets SGD's momentum (Keras's momentum=).
func (o Optimizer) WithMomentum(momentum float64) Optimizer { o.Momentum = momentum; return o }

// WithNesterov turns on Nesterov momentum for SGD.
func (o Optimizer) WithNesterov(nesterov bool) Optimizer { o.Nesterov = nesterov; return o }

// WithDecay sets Keras 2's time-based decay: lr_t = lr / (1 + decay·t), t the step count.
func (o Optimizer) WithDecay(decay float64) Optimizer { o.Decay = decay; return o }

// String returns Keras-like text, e.g. "SGD(lr=0.1)".
func (o Optimizer) String() string {
	s := fmt.Sprintf("%s(lr=%g", map[string]string{"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam",
		"adagrad": "Adagrad"}[o.Name], o.LearningRate)
	if o.Momentum != 0 {
		s += fmt.Sprintf(", momentum=%g", o.Momentum)
	}
	if o.Nesterov {
		s += ", nesterov=True"
	}
	if o.Decay != 0 {
		s += fmt.Sprintf(", decay=%g", o.Decay)
	}
	return s + ")"
}

// validate checks the name and every hyperparameter the optimizer uses, so that a bad value
// is reported by Compile, naming the parameter and its valid range, rather than surfacing as a
// diverging loss during training.
func (o Optimizer) validate() error {
	if _, ok := defaultLearningRates[o.Name]; !ok {
		return fmt.Errorf("mlp: unknown optimizer %q; create one with SGD, RMSprop, Adam, Adagrad or OptimizerByName", o.Name)
	}
	if !(o.LearningRate > 0) || math.IsInf(o.LearningRate, 0) {
		return fmt.Errorf("mlp: %s: the learning rate must be a positive number, got %g; Keras's default for %s is %g",
			o, o.LearningRate, o.Name, defaultLearningRates[o.Name])
	}
	if !(o.Decay >= 0) || math.IsInf(o.Decay, 0) {
		return fmt.Errorf("mlp: %s: decay = %g must be a finite number ≥ 0 (0: no decay)", o, o.Decay)
	}
	switch o.Name {
	case "sgd":
		if err := o.inUnitInterval("momentum", o.Momentum, 0); err != nil {
			return err
		}
	case "rmsprop":
		if err := o.inUnitInterval("Rho", o.Rho, 0.9); err != nil {
			return err
		}
	case "adam":
		if err := o.inUnitInterval("Beta1 (Keras's beta_1)", o.Beta1, 0.9); err != nil {
			return err
		}
		if err := o.inUnitInterval("Beta2 (Keras's beta_2)", o.Beta2, 0.999); err != nil {
			return err
		}
	case "adagrad":
		if !(o.Accumulator >= 0) || math.IsInf(o.Accumulator, 0) {
			return fmt.Errorf("mlp: %s: Accumulator (Keras's initial_accumulator_value) = %g must be a finite number ≥ 0; Keras's default is 0.1",
				o, o.Accumulator)
		}
	}
	if o.Name != "sgd" && (!(o.Epsilon > 0) || math.IsInf(o.Epsilon, 0)) {
		return fmt.Errorf("mlp: %s: Epsilon = %g must be a small positive number (not NaN or Inf); Keras's default is %g", o, o.Epsilon, epsilon)
	}
	return nil
}

// inUnitInterval checks that a decay-rate hyperparameter (momentum, rho, beta) is in [0, 1).
func (o Optimizer) inUnitInterval(param string, v, keras float64) error {
	if v >= 0 && v < 1 {
		return nil
	}
	return fmt.Errorf("mlp: %s: %s = %g is outside [0, 1); Keras's default is %g", o, param, v, keras)
}

// slots returns the names of the per-parameter state the optimizer keeps.
func (o Optimizer) slots() []string {
	switch o.Name {
	case "sgd":
		if o.Momentum != 0 {
			return []string{"velocity"}
		}
	case "rmsprop":
		return []string{"rms"}
	case "adam":
		return []string{"m", "v"}
	case "adagrad":
		return []string{"accumulator"}
	}
	return nil
}

// slotInit is the initial value of the optimizer's per-parameter state.
func (o Optimizer) slotInit() float32 {
	if o.Name == "adagrad" {
		return float32(o.Accumulator)
	}
	return 0
}

// learningRate returns the learning rate of the 1-based step (a scalar node).
func (o Optimizer) learningRate(step *graph.Node) *graph.Node {
	lr := graph.Scalar(step.Graph(), step.DType(), o.LearningRate)
	if o.Decay != 0 {
		// Keras 2 counts iterations from 0 when computing the decay.
		lr = graph.Div(lr, graph.OnePlus(graph.MulScalar(graph.AddScalar(step, -1), o.Decay)))
	}
	return lr
}

// scalesGradients reports whether the optimizer only ever uses the gradient multiplied by the
// learning rate (SGD): the training step then scales the loss gradient by lr once, at the
// model's output (a [batch, units] tensor), instead of scaling every parameter's gradient.
func (o Optimizer) scalesGradients() bool { return o.Name == "sgd" }

// update returns the new parameter value and the new slot values for parameter w with gradient
// grad, at learning rate lr. When scalesGradients, grad is already multiplied by lr.
func (o Optimizer) update(w, grad, lr *graph.Node, step *graph.Node, slots []*graph.Node) (*graph.Node, []*graph.Node) {
	g := w.Graph()
	eps := func(x *graph.Node) *graph.Node { return graph.AddScalar(x, o.Epsilon) }
	switch o.Name {
	case "rmsprop":
		rms := graph.Add(graph.MulScalar(slots[0], o.Rho), graph.MulScalar(graph.Square(grad), 1-o.Rho))
		return graph.Sub(w, graph.Div(graph.Mul(lr, grad), eps(graph.Sqrt(rms)))), []*graph.Node{rms}
	case "adam":
		m := graph.Add(graph.MulScalar(slots[0], o.Beta1), graph.MulScalar(grad, 1-o.Beta1))
		v := graph.Add(graph.MulScalar(slots[1], o.Beta2), graph.MulScalar(graph.Square(grad), 1-o.Beta2))
		b1 := graph.OneMinus(graph.Pow(graph.Scalar(g, w.DType(), o.Beta1), step))
		b2 := graph.OneMinus(graph.Pow(graph.Scalar(g, w.DType(), o.Beta2), step))
		lrT := graph.Div(graph.Mul(lr, graph.Sqrt(b2)), b1)
		return graph.Sub(w, graph.Div(graph.Mul(lrT, m), eps(graph.Sqrt(v)))), []*graph.Node{m, v}
	case "adagrad":
		acc := graph.Add(slots[0], graph.Square(grad))
		return graph.Sub(w, graph.Div(graph.Mul(lr, grad), eps(graph.Sqrt(acc)))), []*graph.Node{acc}
	}
	// SGD: grad is lr·g already (see scalesGradients).
	if o.Momentum == 0 {
		return graph.Sub(w, grad), nil
	}
	// Keras 2: v = momentum·v − lr·g; w += v (Nesterov: w += momentum·v − lr·g).
	v := graph.Sub(graph.MulScalar(slots[0], o.Momentum), grad)
	if o.Nesterov {
		return graph.Add(w, graph.Sub(graph.MulScalar(v, o.Momentum), grad)), []*graph.Node{v}
	}
	return graph.Add(w, v), []*graph.Node{v}
}
