package mlp

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestOptionsAreCheckedByType checks which functions each option is accepted by: the compiler
// rejects, e.g., Predict(x, Epochs(5)) because Epochs's value has no PredictOption method.
func TestOptionsAreCheckedByType(t *testing.T) {
	cases := []struct {
		name                string
		opt                 any
		fit, evaluate, pred bool
	}{
		{"BatchSize", BatchSize(10), true, true, true},
		{"Verbose", Verbose(0), true, true, true},
		{"Output", Output(&bytes.Buffer{}), true, true, true},
		{"Epochs", Epochs(5), true, false, false},
		{"Shuffle", Shuffle(false), true, false, false},
		{"ValidationSplit", ValidationSplit(0.1), true, false, false},
		{"ValidationData", ValidationData(nil, nil), true, false, false},
		{"EarlyStopping", EarlyStopping("loss", 1, 0), true, false, false},
		{"OnBatchEnd", OnBatchEnd(nil), true, false, false},
		{"OnEpochEnd", OnEpochEnd(nil), true, false, false},
		{"FitOptions", FitOptions(), true, false, false},
		{"Loss", Loss("mse"), false, false, false},
	}
	// Statically: a FitOption cannot be passed to Evaluate or Predict; an Option can.
	fitOpt, evalOpt, predOpt := reflect.TypeFor[FitOption](), reflect.TypeFor[EvaluateOption](), reflect.TypeFor[PredictOption]()
	if fitOpt.Implements(evalOpt) || fitOpt.Implements(predOpt) || evalOpt.Implements(fitOpt) || predOpt.Implements(fitOpt) {
		t.Error("FitOption, EvaluateOption and PredictOption are interchangeable")
	}
	if opt := reflect.TypeFor[Option](); !opt.Implements(fitOpt) || !opt.Implements(evalOpt) || !opt.Implements(predOpt) {
		t.Error("Option is not accepted by all of Fit, Evaluate and Predict")
	}
	for _, c := range cases {
		_, fit := c.opt.(FitOption)
		_, evaluate := c.opt.(EvaluateOption)
		_, pred := c.opt.(PredictOption)
		if fit != c.fit || evaluate != c.evaluate || pred != c.pred {
			t.Errorf("%s: option of Fit %v, Evaluate %v, Predict %v; want %v, %v, %v",
				c.name, fit, evaluate, pred, c.fit, c.evaluate, c.pred)
		}
	}
}

func TestFitOptionsBundlesCallbacks(t *testing.T) {
	x, y, _ := blobs(40, 3)
	m := NewSequential(Input(4), Dense(3, WithActivation("softmax"))).WithSeed(1)
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	var batches, epochs int
	live := FitOptions(
		OnBatchEnd(func(int, Logs) error { batches++; return nil }),
		OnEpochEnd(func(int, Logs) error { epochs++; return nil }))
	if _, err := m.Fit(x, y, Epochs(2), BatchSize(10), Verbose(0), live); err != nil {
		t.Fatal(err)
	}
	if batches != 8 || epochs != 2 {
		t.Errorf("bundled callbacks saw %d batches and %d epochs, want 8 and 2", batches, epochs)
	}
	if _, err := m.Fit(x, y, FitOptions(Verbose(0), BatchSize(-1))); err == nil || !strings.Contains(err.Error(), "BatchSize(-1)") {
		t.Errorf("a bad option inside FitOptions: error %v", err)
	}
}

// TestOutputNilWritesNothing checks that Output(nil) silences Fit and Evaluate, as
// datasets.Progress(nil) silences a load: nothing on an earlier Output's writer, nothing on
// os.Stdout.
func TestOutputNilWritesNothing(t *testing.T) {
	x, y, _ := blobs(10, 3)
	m := NewSequential(Input(4), Dense(3, WithActivation("softmax")))
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	stdout, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = stdout
	defer func() { os.Stdout = saved }()
	var earlier bytes.Buffer
	if _, err := m.Fit(x, y, Epochs(2), Output(&earlier), Output(nil)); err != nil {
		t.Errorf("Fit: %v", err)
	}
	if _, err := m.Evaluate(x, y, Output(nil)); err != nil {
		t.Errorf("Evaluate: %v", err)
	}
	os.Stdout = saved
	written, err := os.ReadFile(stdout.Name())
	if err != nil {
		t.Fatal(err)
	}
	if earlier.Len() != 0 || len(written) != 0 {
		t.Errorf("with Output(nil), %q went to the earlier writer and %q to os.Stdout; want nothing", earlier.String(), written)
	}
}

func TestPredictIsSilentUnlessVerbose(t *testing.T) {
	x, _, _ := blobs(50, 3)
	m := NewSequential(Input(4), Dense(3, WithActivation("softmax")))
	var out bytes.Buffer
	if _, err := m.Predict(x, Output(&out)); err != nil || out.Len() != 0 {
		t.Errorf("Predict printed %q by default (err %v)", out.String(), err)
	}
	if _, err := m.PredictClasses(x, Output(&out), Verbose(1), BatchSize(20)); err != nil ||
		!strings.HasPrefix(out.String(), "50/50 [==============================] - ") {
		t.Errorf("Predict with Verbose(1) printed %q (err %v)", out.String(), err)
	}
}
