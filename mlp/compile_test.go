package mlp

import (
	"path/filepath"
	"testing"
)

func TestOptimizerReturnsTheCompiledOptimizer(t *testing.T) {
	m := NewSequential(Input(2), Dense(2, WithActivation("softmax"))).WithSeed(1)
	if got := m.Optimizer(); got.Name != "" {
		t.Errorf("before Compile: Optimizer() = %v, want the zero Optimizer", got)
	}
	if err := m.Compile(Loss("mse"), Adam(0.01), Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	if got := m.Optimizer(); got.Name != "adam" || got.LearningRate != 0.01 {
		t.Errorf("Optimizer() = %v, want Adam(lr=0.01)", got)
	}
	changed := m.Optimizer()
	changed.LearningRate = 5
	if got := m.Optimizer().LearningRate; got != 0.01 {
		t.Errorf("changing the copy changed the model's learning rate to %g", got)
	}
	path := filepath.Join(t.TempDir(), "m.model")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := loaded.Optimizer(); got.Name != "adam" || got.LearningRate != 0.01 {
		t.Errorf("loaded model: Optimizer() = %v, want Adam(lr=0.01)", got)
	}
}
