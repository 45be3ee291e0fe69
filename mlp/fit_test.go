package mlp

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// TestGradientStepMatchesHandComputed checks one SGD step of a 2→1 linear model with MSE:
// w = (1, 1), b = 0, x = (1, 2), y = 0 → pred 3, dL/dw = 2·3·x = (6, 12), dL/db = 6.
func TestGradientStepMatchesHandComputed(t *testing.T) {
	m := NewSequential(Dense(1, InputDim(2), KernelInitializer("ones"))).WithSeed(1)
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	h, err := m.Fit([][]float32{{1, 2}}, []float32{0}, Epochs(1), BatchSize(1), Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if h.Loss[0] != 9 {
		t.Errorf("loss = %g, want 9", h.Loss[0])
	}
	w, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float32{{0.4, -0.2}, {-0.6}}
	for i := range want {
		for j := range want[i] {
			if math.Abs(float64(w[i][j]-want[i][j])) > 1e-6 {
				t.Errorf("weights[%d][%d] = %g, want %g", i, j, w[i][j], want[i][j])
			}
		}
	}
}

// TestOptimizersMatchKerasFormulas runs two steps of each optimizer on f(w) = mean((w·x - 0)²)
// with x = 1 (one weight, no bias), so dL/dw = 2w, and compares with the Keras update rules.
func TestOptimizersMatchKerasFormulas(t *testing.T) {
	type rule func(w float64, state []float64, step int) (float64, []float64)
	cases := []struct {
		opt  Optimizer
		rule rule
	}{
		{SGD(0.1), func(w float64, s []float64, _ int) (float64, []float64) { return w - 0.1*2*w, s }},
		{SGD(0.1).WithMomentum(0.9), func(w float64, s []float64, _ int) (float64, []float64) {
			v := 0.9*s[0] - 0.1*2*w
			return w + v, []float64{v}
		}},
		{SGD(0.1).WithMomentum(0.9).WithNesterov(true), func(w float64, s []float64, _ int) (float64, []float64) {
			v := 0.9*s[0] - 0.1*2*w
			return w + 0.9*v - 0.1*2*w, []float64{v}
		}},
		{SGD(0.1).WithDecay(0.5), func(w float64, s []float64, step int) (float64, []float64) {
			return w - 0.1/(1+0.5*float64(step-1))*2*w, s
		}},
		{RMSprop(0.01), func(w float64, s []float64, _ int) (float64, []float64) {
			g := 2 * w
			a := 0.9*s[0] + 0.1*g*g
			return w - 0.01*g/(math.Sqrt(a)+1e-7), []float64{a}
		}},
		{Adam(0.01), func(w float64, s []float64, step int) (float64, []float64) {
			g := 2 * w
			m := 0.9*s[0] + 0.1*g
			v := 0.999*s[1] + 0.001*g*g
			lr := 0.01 * math.Sqrt(1-math.Pow(0.999, float64(step))) / (1 - math.Pow(0.9, float64(step)))
			return w - lr*m/(math.Sqrt(v)+1e-7), []float64{m, v}
		}},
		{Adagrad(0.1), func(w float64, s []float64, _ int) (float64, []float64) {
			g := 2 * w
			a := s[0] + g*g
			return w - 0.1*g/(math.Sqrt(a)+1e-7), []float64{a}
		}},
	}
	for _, c := range cases {
		m := NewSequential(Dense(1, InputDim(1), KernelInitializer("ones"), UseBias(false)))
		if err := m.Compile(Loss("mse"), c.opt); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Fit([]float32{1}, []float32{0}, Epochs(2), Verbose(0)); err != nil {
			t.Fatal(err)
		}
		w, state := 1.0, []float64{0, 0}
		if c.opt.Name == "adagrad" {
			state[0] = 0.1
		}
		for step := 1; step <= 2; step++ {
			w, state = c.rule(w, state, step)
		}
		got, _ := m.Weights()
		if math.Abs(float64(got[0][0])-w) > 1e-5 {
			t.Errorf("%s: weight after 2 steps = %g, want %g", c.opt, got[0][0], w)
		}
	}
}

func TestFitReducesLossForEachLossAndOptimizer(t *testing.T) {
	x, oneHot, ids := blobs(300, 7)
	cases := []struct {
		loss string
		opt  Optimizer
		y    any
		last string
	}{
		{"mse", SGD(0.5), oneHot, "softmax"},
		{"mae", Adam(0.01), oneHot, "softmax"},
		{"categorical_crossentropy", RMSprop(0.01), oneHot, "softmax"},
		{"sparse_categorical_crossentropy", Adagrad(0.1), ids, "softmax"},
		{"binary_crossentropy", SGD(0.5).WithMomentum(0.9), oneHot, "sigmoid"},
	}
	for _, c := range cases {
		m := NewSequential(Input(4), Dense(16, WithActivation("tanh")), Dropout(0.1), Dense(3), Activation(c.last)).WithSeed(3)
		if err := m.Compile(Loss(c.loss), c.opt, Metrics("accuracy")); err != nil {
			t.Fatal(err)
		}
		h, err := m.Fit(x, c.y, Epochs(8), BatchSize(30), Verbose(0))
		if err != nil {
			t.Fatalf("%s: %v", c.loss, err)
		}
		if !(h.Loss[7] < h.Loss[0]*0.8) {
			t.Errorf("%s with %s: loss %g → %g, want a clear decrease", c.loss, c.opt, h.Loss[0], h.Loss[7])
		}
		if h.Accuracy[7] < 0.8 {
			t.Errorf("%s with %s: final accuracy %g < 0.8", c.loss, c.opt, h.Accuracy[7])
		}
	}
}

func TestAccuracyResolvedLikeKeras(t *testing.T) {
	cases := []struct {
		loss  string
		units int
		want  string
	}{
		{"mse", 10, accCategorical},
		{"categorical_crossentropy", 10, accCategorical},
		{"sparse_categorical_crossentropy", 10, accSparse},
		{"binary_crossentropy", 3, accBinary},
		{"mse", 1, accBinary},
	}
	for _, c := range cases {
		m := NewSequential(Dense(c.units, InputDim(2)))
		if err := m.Compile(Loss(c.loss), SGD(0.1), Metrics("acc")); err != nil {
			t.Fatal(err)
		}
		if m.compile.Accuracy != c.want {
			t.Errorf("%s with %d units: accuracy %q, want %q", c.loss, c.units, m.compile.Accuracy, c.want)
		}
	}
}

func TestSameSeedSameTraining(t *testing.T) {
	x, y, _ := blobs(200, 1)
	run := func(seed uint64) []float64 {
		m := NewSequential(Input(4), Dense(8, WithActivation("relu")), Dropout(0.3), Dense(3, WithActivation("softmax"))).WithSeed(seed)
		if err := m.Compile(Loss("categorical_crossentropy"), SGD(0.1)); err != nil {
			t.Fatal(err)
		}
		h, err := m.Fit(x, y, Epochs(3), BatchSize(16), Verbose(0))
		if err != nil {
			t.Fatal(err)
		}
		return h.Loss
	}
	a, b, c := run(5), run(5), run(6)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different losses: %v vs %v", a, b)
		}
	}
	if a[0] == c[0] && a[2] == c[2] {
		t.Errorf("different seeds gave identical losses %v", a)
	}
}

func TestDropoutOnlyWhileTraining(t *testing.T) {
	m := NewSequential(Input(1000), Dropout(0.5)).WithSeed(1)
	ones := Matrix{Data: make([]float32, 1000), Rows: 1, Cols: 1000}
	for i := range ones.Data {
		ones.Data[i] = 1
	}
	out, err := m.Predict(ones)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range out[0] {
		if v != 1 {
			t.Fatalf("Predict applied dropout: got %g", v)
		}
	}
	// In training, half the units are zeroed and the rest scaled by 2: the mean stays near 1.
	m.compile = compileConfig{Loss: "mse", Optimizer: SGD(0.1)}
	m.compiled = true
	x := m.dropoutSample(t, ones)
	zeros, twos := 0, 0
	for _, v := range x {
		switch v {
		case 0:
			zeros++
		case 2:
			twos++
		}
	}
	if zeros+twos != 1000 || zeros < 400 || zeros > 600 {
		t.Errorf("dropout(0.5) in training: %d zeros, %d twos of 1000", zeros, twos)
	}
}

func TestValidationSplitTakesTheLastFraction(t *testing.T) {
	x, y, _ := blobs(100, 2)
	m := NewSequential(Input(4), Dense(3, WithActivation("softmax"))).WithSeed(1)
	if err := m.Compile(Loss("mse"), SGD(0.1), Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	var seen int
	h, err := m.Fit(x, y, Epochs(2), BatchSize(10), Verbose(0), ValidationSplit(0.2),
		OnBatchEnd(func(batch int, logs Logs) error { seen++; return nil }))
	if err != nil {
		t.Fatal(err)
	}
	if seen != 2*8 {
		t.Errorf("trained on %d batches, want 16 (80 examples × 2 epochs / 10)", seen)
	}
	if len(h.ValLoss) != 2 || len(h.ValAccuracy) != 2 {
		t.Fatalf("history lacks validation: %+v", h)
	}
	// The reported val_loss is the loss on the last 20 examples.
	last := Matrix{Data: x.Data[80*4:], Rows: 20, Cols: 4}
	lastY := Matrix{Data: y.Data[80*3:], Rows: 20, Cols: 3}
	s, err := m.Evaluate(last, lastY, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.Loss-h.ValLoss[1]) > 1e-6 {
		t.Errorf("val_loss %g, Evaluate on the last 20%% %g", h.ValLoss[1], s.Loss)
	}
}

func TestCallbacksAndEarlyStopping(t *testing.T) {
	x, y, _ := blobs(60, 3)
	m := NewSequential(Input(4), Dense(3, WithActivation("softmax"))).WithSeed(1)
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	epochs := 0
	h, err := m.Fit(x, y, Epochs(10), Verbose(0), OnEpochEnd(func(epoch int, logs Logs) error {
		epochs++
		if epoch == 3 {
			return ErrStopTraining
		}
		return nil
	}))
	if err != nil || epochs != 3 || len(h.Loss) != 3 {
		t.Errorf("ErrStopTraining at epoch 3: err %v, %d epochs, history %d", err, epochs, len(h.Loss))
	}
	boom := errors.New("boom")
	if _, err := m.Fit(x, y, Verbose(0), OnBatchEnd(func(int, Logs) error { return boom })); !errors.Is(err, boom) {
		t.Errorf("callback error not returned: %v", err)
	}
	// A learning rate this small never improves val_loss by 1: patience 2 stops after 3 epochs.
	var out bytes.Buffer
	h, err = m.Fit(x, y, Epochs(10), Output(&out), Verbose(2), ValidationData(x, y), EarlyStopping("val_loss", 2, 1))
	if err != nil || len(h.Loss) != 3 || !strings.Contains(out.String(), "Epoch 3: early stopping") {
		t.Errorf("early stopping: err %v, %d epochs, output:\n%s", err, len(h.Loss), out.String())
	}
	// The epoch stopped by the error is not recorded.
	if len(m.History().Loss) != 3+3 {
		t.Errorf("model history has %d epochs, want 6", len(m.History().Loss))
	}
}

func TestFitErrors(t *testing.T) {
	x, y, ids := blobs(30, 1)
	compiled := func(loss string) *Model {
		m := NewSequential(Input(4), Dense(3, WithActivation("softmax")))
		if err := m.Compile(Loss(loss), SGD(0.1)); err != nil {
			t.Fatal(err)
		}
		return m
	}
	huge := Matrix{Data: make([]float32, 30*4), Rows: 30, Cols: 4}
	for i := range huge.Data {
		huge.Data[i] = 1e30
	}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"before compile", func() error { _, err := NewSequential(Input(4), Dense(3)).Fit(x, y); return err }(), "Fit before Compile"},
		{"length mismatch", func() error { _, err := compiled("mse").Fit(x, ids[:10], Verbose(0)); return err }(), "x has 30 examples but y has 10"},
		{"width", func() error {
			_, err := compiled("mse").Fit([][]float32{{1, 2}}, [][]float32{{1, 0, 0}}, Verbose(0))
			return err
		}(), "x has 2 features per example, the model takes 4"},
		{"sparse ids for mse", func() error { _, err := compiled("mse").Fit(x, ids, Verbose(0)); return err }(), "y looks like class ids"},
		{"one-hot for sparse", func() error {
			_, err := compiled("sparse_categorical_crossentropy").Fit(x, y, Verbose(0))
			return err
		}(), "wants one class id per example"},
		{"bad class id", func() error {
			bad := append([]int(nil), ids...)
			bad[4] = 7
			_, err := compiled("sparse_categorical_crossentropy").Fit(x, bad, Verbose(0))
			return err
		}(), "y[4] = 7 is not a class id in [0, 3)"},
		{"labels out of [0,1]", func() error {
			bad := Matrix{Data: append([]float32(nil), y.Data...), Rows: 30, Cols: 3}
			bad.Data[0] = 2
			_, err := compiled("categorical_crossentropy").Fit(x, bad, Verbose(0))
			return err
		}(), "wants labels in [0, 1]"},
		{"diverging", func() error {
			m := NewSequential(Input(4), Dense(3))
			if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
				return err
			}
			_, err := m.Fit(huge, y, Verbose(0), BatchSize(10))
			return err
		}(), ""},
		{"unsupported type", func() error { _, err := compiled("mse").Fit("x", y); return err }(), "unsupported type string"},
		{"bad option", func() error { _, err := compiled("mse").Fit(x, y, BatchSize(0)); return err }(), "BatchSize(0) must be positive"},
		{"evaluate before compile", func() error { _, err := NewSequential(Input(4), Dense(3)).Evaluate(x, y); return err }(), "Evaluate before Compile"},
		{"no layers", func() error { _, err := NewSequential().Predict(x); return err }(), "no layers"},
	}
	for _, c := range cases {
		if c.name == "diverging" {
			if c.err == nil || !strings.Contains(c.err.Error(), "at epoch 1, batch 1") || !strings.Contains(c.err.Error(), "lower learning rate") {
				t.Errorf("diverging: %v", c.err)
			}
			continue
		}
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, c.err, c.want)
		}
	}
}

func TestVerboseOutputs(t *testing.T) {
	x, y, _ := blobs(60, 3)
	m := NewSequential(Input(4), Dense(3, WithActivation("softmax"))).WithSeed(1)
	if err := m.Compile(Loss("mse"), SGD(0.1), Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := m.Fit(x, y, Epochs(2), BatchSize(10), Output(&out)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || lines[0] != "Epoch 1/2" || !strings.HasPrefix(lines[1], "60/60 [==============================] - ") ||
		!strings.Contains(lines[1], "us/step - loss: ") || !strings.Contains(lines[1], " - acc: ") {
		t.Errorf("verbose 1 output:\n%s", out.String())
	}
	out.Reset()
	if _, err := m.Fit(x, y, Epochs(1), Output(&out), Verbose(0)); err != nil || out.Len() != 0 {
		t.Errorf("verbose 0 printed %q (err %v)", out.String(), err)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	x, y, _ := blobs(50, 4)
	m := NewSequential(Input(4), Dense(8, WithActivation("relu"), KernelInitializer("he_uniform")), Dropout(0.2),
		Dense(3), Activation("softmax")).WithSeed(9)
	if err := m.Compile(Loss("categorical_crossentropy"), Adam(0.01), Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(x, y, Epochs(2), Verbose(0)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.model")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	l, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	p1, _ := m.Predict(x)
	p2, err := l.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	for i := range p1 {
		for j := range p1[i] {
			if p1[i][j] != p2[i][j] {
				t.Fatalf("prediction %d differs after load: %v vs %v", i, p1[i], p2[i])
			}
		}
	}
	s1, _ := m.Evaluate(x, y, Verbose(0))
	s2, err := l.Evaluate(x, y, Verbose(0))
	if err != nil || s1 != s2 {
		t.Errorf("Evaluate after load: %+v vs %+v (err %v)", s2, s1, err)
	}
	if len(l.History().Loss) != 2 || l.summaryString() != m.summaryString() {
		t.Errorf("history or architecture lost: %+v", l.History())
	}
	// The loaded model keeps training.
	if _, err := l.Fit(x, y, Epochs(1), Verbose(0)); err != nil {
		t.Errorf("Fit after load: %v", err)
	}
}
