package nb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlgo/hello/mlp"
)

func TestFitOnceTrainsOnceThenReusesTheSavedModel(t *testing.T) {
	outsideNotebook(t)
	path := filepath.Join(t.TempDir(), "base.model")
	x := [][]float32{{0, 1}, {1, 0}, {0, 2}, {2, 0}}
	y := [][]float32{{1, 0}, {0, 1}, {1, 0}, {0, 1}}
	model := mlp.NewSequential(mlp.Input(2), mlp.Dense(2, mlp.WithActivation("softmax"))).WithSeed(1)
	if err := model.Compile(mlp.Loss("mse"), mlp.SGD(0.5), mlp.Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	first, err := FitOnce(path, model, x, y, mlp.Epochs(3), mlp.Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Epochs) != 3 {
		t.Fatalf("first call: %d epochs, want 3", len(first.Epochs))
	}
	// An uncompiled model cannot train: the second call must not try.
	again, err := FitOnce(path, mlp.NewSequential(mlp.Input(2), mlp.Dense(2)), x, y, mlp.Epochs(5))
	if err != nil {
		t.Fatalf("second call trained again or failed: %v", err)
	}
	if len(again.Epochs) != 3 || again.Loss[2] != first.Loss[2] {
		t.Errorf("second call: history %v, want the saved one %v", again.Loss, first.Loss)
	}
}

func TestFitOnceKeepsAFileThatIsNotAModel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.model")
	if err := os.WriteFile(path, []byte("my notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	model := mlp.NewSequential(mlp.Input(2), mlp.Dense(2))
	if _, err := FitOnce(path, model, [][]float32{{0, 1}}, [][]float32{{1, 0}}); err == nil ||
		!strings.Contains(err.Error(), "not a model saved by mlp.Save") {
		t.Errorf("err = %v, want the file reported as no model", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "my notes" {
		t.Errorf("the file was overwritten: %q", data)
	}
}
