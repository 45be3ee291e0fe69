package mlp

import (
	"math"
	"strings"
	"testing"
)

// TestCompileRejectsBadHyperparameters checks that every optimizer hyperparameter is checked
// by Compile, with an error naming the parameter, its value and the valid range, instead of
// training on and reporting a diverging loss.
func TestCompileRejectsBadHyperparameters(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	adam := func(set func(*Optimizer)) Optimizer { o := Adam(0.001); set(&o); return o }
	cases := []struct {
		name string
		opt  Optimizer
		want []string
	}{
		{"zero lr", SGD(0), []string{"learning rate must be a positive number, got 0"}},
		{"NaN lr", SGD(nan), []string{"learning rate", "NaN"}},
		{"Inf lr", Adam(inf), []string{"learning rate", "+Inf"}},
		{"NaN momentum", SGD(0.1).WithMomentum(nan), []string{"momentum = NaN", "[0, 1)"}},
		{"momentum 1", SGD(0.1).WithMomentum(1), []string{"momentum = 1", "[0, 1)"}},
		{"negative momentum", SGD(0.1).WithMomentum(-0.5), []string{"momentum = -0.5", "[0, 1)"}},
		{"NaN decay", SGD(0.1).WithDecay(nan), []string{"decay = NaN", "≥ 0"}},
		{"Inf decay", SGD(0.1).WithDecay(inf), []string{"decay = +Inf", "finite"}},
		{"negative decay", Adam(0.001).WithDecay(-1), []string{"decay = -1", "≥ 0"}},
		{"beta1 5", adam(func(o *Optimizer) { o.Beta1 = 5 }), []string{"Beta1", "beta_1", "= 5", "[0, 1)", "0.9"}},
		{"beta1 NaN", adam(func(o *Optimizer) { o.Beta1 = nan }), []string{"Beta1", "NaN", "[0, 1)"}},
		{"beta2 1", adam(func(o *Optimizer) { o.Beta2 = 1 }), []string{"Beta2", "= 1", "[0, 1)", "0.999"}},
		{"beta2 negative", adam(func(o *Optimizer) { o.Beta2 = -0.1 }), []string{"Beta2", "-0.1"}},
		{"epsilon -1", adam(func(o *Optimizer) { o.Epsilon = -1 }), []string{"Epsilon = -1", "positive", "1e-07"}},
		{"epsilon 0", adam(func(o *Optimizer) { o.Epsilon = 0 }), []string{"Epsilon = 0", "positive"}},
		{"epsilon NaN", func() Optimizer { o := RMSprop(0.001); o.Epsilon = nan; return o }(), []string{"Epsilon = NaN"}},
		{"rho 1.5", func() Optimizer { o := RMSprop(0.001); o.Rho = 1.5; return o }(), []string{"Rho = 1.5", "[0, 1)"}},
		{"accumulator -1", func() Optimizer { o := Adagrad(0.001); o.Accumulator = -1; return o }(), []string{"Accumulator", "= -1", "≥ 0"}},
		{"accumulator Inf", func() Optimizer { o := Adagrad(0.001); o.Accumulator = inf; return o }(), []string{"Accumulator", "+Inf"}},
	}
	for _, c := range cases {
		err := NewSequential(Dense(2, InputDim(2))).Compile(Loss("mse"), c.opt)
		if err == nil {
			t.Errorf("%s: Compile with %+v succeeded", c.name, c.opt)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", c.name, err, w)
			}
		}
	}
}

// TestCompileAcceptsKerasDefaults guards the validation against rejecting valid settings.
func TestCompileAcceptsKerasDefaults(t *testing.T) {
	for _, opt := range []Optimizer{
		SGD(0.1), SGD(0.01).WithMomentum(0.9).WithNesterov(true).WithDecay(1e-6),
		SGD(0.1).WithMomentum(0), RMSprop(0.001), Adam(0.001), Adagrad(0.001), Adam(0.001).WithDecay(0),
	} {
		if err := NewSequential(Dense(2, InputDim(2))).Compile(Loss("mse"), opt); err != nil {
			t.Errorf("%v: %v", opt, err)
		}
	}
	for _, name := range Optimizers() {
		opt, err := OptimizerByName(name, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := NewSequential(Dense(2, InputDim(2))).Compile(Loss("mse"), opt); err != nil {
			t.Errorf("OptimizerByName(%q, 0): %v", name, err)
		}
	}
}

// TestEmptyActivationNameIsAnError checks that Activation("") is not silently linear.
func TestEmptyActivationNameIsAnError(t *testing.T) {
	for _, name := range []string{"", "  "} {
		err := NewSequential(Input(2), Activation(name)).Compile(Loss("mse"), SGD(0.1))
		if err == nil || !strings.Contains(err.Error(), "empty activation name") ||
			!strings.Contains(err.Error(), "valid activations: elu") || !strings.Contains(err.Error(), `"linear"`) {
			t.Errorf("Activation(%q): error %v", name, err)
		}
		if _, _, err := ActivationCurve(name, []float64{0}); err == nil {
			t.Errorf("ActivationCurve(%q) succeeded", name)
		}
	}
	// A Dense layer without an activation stays valid, and "linear" is still accepted.
	if err := NewSequential(Dense(2, InputDim(2)), Activation("linear")).Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Error(err)
	}
}

// TestEmptyLossNameSaysSo checks that Loss("") says the name is empty rather than unknown.
func TestEmptyLossNameSaysSo(t *testing.T) {
	err := NewSequential(Dense(2, InputDim(2))).Compile(Loss(" "), SGD(0.1))
	if err == nil || !strings.Contains(err.Error(), "empty loss name; valid losses: binary_crossentropy") {
		t.Errorf("error %v", err)
	}
}
