package mlp

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNonFiniteDataIsNamedNotBlamedOnTheLearningRate checks that NaN or Inf in the data is
// reported as such by Fit, Evaluate and Predict, before any step, instead of a divergence.
func TestNonFiniteDataIsNamedNotBlamedOnTheLearningRate(t *testing.T) {
	x, y, _ := blobs(30, 3)
	badX := Matrix{Data: append([]float32(nil), x.Data...), Rows: x.Rows, Cols: x.Cols}
	badX.Data[2*x.Cols+1] = float32(math.NaN())
	badY := Matrix{Data: append([]float32(nil), y.Data...), Rows: y.Rows, Cols: y.Cols}
	badY.Data[5*y.Cols] = float32(math.Inf(1))

	m := NewSequential(Input(4), Dense(3, WithActivation("softmax"))).WithSeed(1)
	if err := m.Compile(Loss("categorical_crossentropy"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	check := func(what string, err error, want ...string) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: no error", what)
			return
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", what, err, w)
			}
		}
		if strings.Contains(err.Error(), "learning rate") {
			t.Errorf("%s: error %q blames the learning rate", what, err)
		}
	}
	_, err := m.Fit(badX, y, Verbose(0))
	check("Fit NaN x", err, "x[2][1]", "NaN")
	_, err = m.Fit(x, badY, Verbose(0))
	check("Fit Inf y", err, "y[5][0]", "+Inf", "labels")
	_, err = m.Fit(x, y, Verbose(0), ValidationData(badX, y))
	check("Fit NaN validation x", err, "validation", "x[2][1]")
	_, err = m.Evaluate(badX, y, Verbose(0))
	check("Evaluate NaN x", err, "x[2][1]")
	_, err = m.Predict(badX)
	check("Predict NaN x", err, "x[2][1]")
	if h := m.History(); h != nil && len(h.Epochs) != 0 {
		t.Errorf("%d epochs trained on bad data", len(h.Epochs))
	}
}

// TestHugeLayersAreRefusedBeforeAllocating checks that layer sizes that overflow or exceed this
// machine's memory give an error naming the layer instead of a panic or a fatal out-of-memory.
func TestHugeLayersAreRefusedBeforeAllocating(t *testing.T) {
	for _, c := range []struct {
		name  string
		model *Model
		want  string
	}{
		{"overflow", NewSequential(Dense(1<<32, InputDim(1<<32))), "dense_1"},
		{"40 GB", NewSequential(Dense(100000, InputDim(100000))), "bytes"},
		{"1 PB", NewSequential(Dense(1<<25, InputDim(1<<25))), "dense_1"},
	} {
		err := c.model.Compile(Loss("mse"), SGD(0.1))
		if err == nil {
			_, err = c.model.Predict([][]float32{{0}})
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to name %q", c.name, err, c.want)
		}
	}
}

// TestLoadChecksHeaderSizesAgainstTheFile checks that a model file whose header declares layers
// larger than the weights it holds (checksum valid) is refused before anything is allocated.
func TestLoadChecksHeaderSizesAgainstTheFile(t *testing.T) {
	_, good := savedTestModel(t)
	for _, c := range []struct {
		name  string
		units float64
		want  string
	}{
		{"100000 units", 100000, ""},
		{"2^32 units", 1 << 32, ""},
		{"zero units", 0, "positive"},
	} {
		data := resealed(t, good, func(h map[string]any) {
			h["layers"].([]any)[0].(map[string]any)["units"] = c.units
		})
		p := filepath.Join(t.TempDir(), "crafted.model")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
	// A header that agrees on sizes but holds fewer bytes than declared.
	data := resealed(t, good, func(h map[string]any) {
		h["layers"].([]any)[1].(map[string]any)["units"] = 3.0
	})
	p := filepath.Join(t.TempDir(), "short.model")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "the header declares") {
		t.Errorf("short weights: %v", err)
	}
}

// TestSaveAndFitAreRefusedWhileFitRuns checks that Save, from a callback or from another goroutine, and a
// second Fit give a clear error while Fit runs, instead of racing with the training steps.
func TestSaveAndFitAreRefusedWhileFitRuns(t *testing.T) {
	x, y, _ := blobs(64, 5)
	m := NewSequential(Input(4), Dense(3, WithActivation("softmax"))).WithSeed(1)
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.model")
	var fromCallback, fromGoroutine, secondFit error
	_, err := m.Fit(x, y, Epochs(1), BatchSize(32), Verbose(0), OnBatchEnd(func(batch int, logs Logs) error {
		if batch > 0 {
			return nil
		}
		fromCallback = m.Save(path)
		done := make(chan struct{})
		go func() {
			defer close(done)
			fromGoroutine = m.Save(path)
			_, secondFit = m.Fit(x, y, Verbose(0))
		}()
		<-done
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	for what, err := range map[string]error{"Save in a callback": fromCallback, "Save from a goroutine": fromGoroutine} {
		if err == nil || !strings.Contains(err.Error(), "while Fit is running") {
			t.Errorf("%s: %v, want a refusal", what, err)
		}
	}
	if secondFit == nil || !strings.Contains(secondFit.Error(), "already running") {
		t.Errorf("a second Fit: %v, want a refusal", secondFit)
	}
	if _, err := os.Stat(path); err == nil {
		t.Errorf("a model was saved during Fit")
	}
	if err := m.Save(path); err != nil {
		t.Errorf("Save after Fit: %v", err)
	}
}
