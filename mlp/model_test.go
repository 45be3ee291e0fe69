package mlp

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestSummaryOfSeedModel(t *testing.T) {
	m := seedModel()
	if got := m.CountParams(); got != 648010 {
		t.Fatalf("CountParams = %d, want 648010", got)
	}
	s := m.summaryString()
	for _, want := range []string{
		"dense_1 (Dense)              (None, 500)               392500",
		"activation_3 (Activation)    (None, 10)                0",
		"Total params: 648,010",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

func TestActivationsMatchReference(t *testing.T) {
	xs := []float64{-2, -0.5, 0, 0.7, 2.5}
	ref := map[string]func(float64) float64{
		"linear":       func(x float64) float64 { return x },
		"sigmoid":      func(x float64) float64 { return 1 / (1 + math.Exp(-x)) },
		"hard_sigmoid": func(x float64) float64 { return math.Min(math.Max(x+3, 0), 6) / 6 },
		"tanh":         math.Tanh,
		"relu":         func(x float64) float64 { return math.Max(x, 0) },
		"relu6":        func(x float64) float64 { return math.Min(math.Max(x, 0), 6) },
		"leaky_relu": func(x float64) float64 {
			if x > 0 {
				return x
			}
			return 0.2 * x
		},
		"elu": func(x float64) float64 {
			if x > 0 {
				return x
			}
			return math.Expm1(x)
		},
		"selu": func(x float64) float64 {
			if x > 0 {
				return seluScale * x
			}
			return seluScale * seluAlpha * math.Expm1(x)
		},
		"gelu":        func(x float64) float64 { return x * 0.5 * (1 + math.Erf(x/math.Sqrt2)) },
		"silu":        func(x float64) float64 { return x / (1 + math.Exp(-x)) },
		"swish":       func(x float64) float64 { return x / (1 + math.Exp(-x)) },
		"softplus":    func(x float64) float64 { return math.Log1p(math.Exp(x)) },
		"softsign":    func(x float64) float64 { return x / (1 + math.Abs(x)) },
		"exponential": math.Exp,
		// Vector activations are checked on the pair (x, 0).
		"softmax":     func(x float64) float64 { return math.Exp(x) / (math.Exp(x) + 1) },
		"log_softmax": func(x float64) float64 { return x - math.Log(math.Exp(x)+1) },
	}
	if len(ref) != len(Activations()) {
		t.Fatalf("reference covers %d activations, Activations() lists %d", len(ref), len(Activations()))
	}
	for _, name := range Activations() {
		ys, dys, err := ActivationCurve(strings.ToUpper(name), xs)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, x := range xs {
			if want := ref[name](x); math.Abs(ys[i]-want) > 1e-5*math.Max(1, math.Abs(want)) {
				t.Errorf("%s(%g) = %g, want %g", name, x, ys[i], want)
			}
			// Central difference of the reference, away from kinks at 0.
			if x != 0 {
				const h = 1e-4
				want := (ref[name](x+h) - ref[name](x-h)) / (2 * h)
				if math.Abs(dys[i]-want) > 2e-3*math.Max(1, math.Abs(want)) {
					t.Errorf("%s'(%g) = %g, want %g", name, x, dys[i], want)
				}
			}
		}
	}
}

func TestActivationLayerOnRows(t *testing.T) {
	// Softmax acts on each row: outputs sum to one.
	m := NewSequential(Input(3), Activation("Softmax"))
	out, err := m.Predict([][]float32{{1, 2, 3}, {0, 0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range out {
		sum := row[0] + row[1] + row[2]
		if math.Abs(float64(sum)-1) > 1e-6 {
			t.Errorf("row %d sums to %g", i, sum)
		}
	}
	if math.Abs(float64(out[1][0])-1.0/3) > 1e-6 {
		t.Errorf("softmax(0,0,0) = %v", out[1])
	}
}

func TestBadNamesListValidOnes(t *testing.T) {
	cases := []struct {
		name string
		err  func() error
		want string
	}{
		{"activation", func() error { return NewSequential(Input(2), Activation("sigmoidd")).Compile(Loss("mse"), SGD(0.1)) }, "valid activations: elu, exponential"},
		{"dense activation", func() error {
			return NewSequential(Dense(2, InputDim(2), WithActivation("nope"))).Compile(Loss("mse"), SGD(0.1))
		}, "valid activations"},
		{"initializer", func() error {
			return NewSequential(Dense(2, InputDim(2), KernelInitializer("glorot"))).Compile(Loss("mse"), SGD(0.1))
		}, "valid initializers: glorot_normal, glorot_uniform"},
		{"loss", func() error { return NewSequential(Dense(2, InputDim(2))).Compile(Loss("mse2"), SGD(0.1)) }, "valid losses: binary_crossentropy"},
		{"metric", func() error {
			return NewSequential(Dense(2, InputDim(2))).Compile(Loss("mse"), SGD(0.1), Metrics("precision"))
		}, "valid metrics: accuracy"},
		{"optimizer", func() error { _, err := OptimizerByName("adamw", 0); return err }, "valid optimizers: adagrad, adam, rmsprop, sgd"},
		{"no loss", func() error { return NewSequential(Dense(2, InputDim(2))).Compile(SGD(0.1)) }, "needs a loss"},
		{"no optimizer", func() error { return NewSequential(Dense(2, InputDim(2))).Compile(Loss("mse")) }, "needs an optimizer"},
		{"bad lr", func() error { return NewSequential(Dense(2, InputDim(2))).Compile(Loss("mse"), SGD(-1)) }, "learning rate must be a positive"},
		{"dropout rate", func() error { return NewSequential(Input(2), Dropout(1)).Compile(Loss("mse"), SGD(0.1)) }, "rate must be in [0, 1)"},
		{"backend", func() error { _, _, err := NewBackend("nobackend"); return err }, `valid backends: "go", "xla:cpu"`},
	}
	for _, c := range cases {
		err := c.err()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func TestProgressLineKerasFormat(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressBar(&buf, 60000)
	if p.mode != progressPlain {
		t.Fatalf("a bytes.Buffer should get plain progress, got mode %d", p.mode)
	}
	if got, want := p.bar(12800), "12800/60000 [=====>........................]"; got != want {
		t.Errorf("bar = %q, want %q", got, want)
	}
	p.done([]metricValue{{"loss", 0.0831}, {"acc", 0.3866}})
	line := buf.String()
	if !strings.HasPrefix(line, "60000/60000 [==============================] - 0s ") ||
		!strings.HasSuffix(line, "us/step - loss: 0.0831 - acc: 0.3866\n") {
		t.Errorf("final line = %q", line)
	}
	if got := formatValues([]metricValue{{"loss", 0.0001234}}); got != " - loss: 1.2340e-04" {
		t.Errorf("small value = %q", got)
	}
	if got := formatETA(125); got != "2:05" {
		t.Errorf("ETA = %q", got)
	}
}
