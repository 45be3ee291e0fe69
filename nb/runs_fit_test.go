package nb

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlgo/hello/mlp"
)

// smallModel returns a compiled model with one hidden layer of activation, trained by SGD with
// learning rate lr.
func smallModel(t *testing.T, activation string, lr float64) *mlp.Model {
	t.Helper()
	model := mlp.NewSequential(mlp.Dense(8, mlp.InputDim(2)), mlp.Activation(activation),
		mlp.Dense(2), mlp.Activation("softmax")).WithSeed(1)
	if err := model.Compile(mlp.Loss("mse"), mlp.SGD(lr), mlp.Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	return model
}

// smallData returns 40 examples of two classes; the inputs are multiplied by scale.
func smallData(scale float32) (x, y [][]float32) {
	for i := range 40 {
		c := i % 2
		x = append(x, []float32{scale * float32(c+i%5) / 5, scale * float32(1-c) * float32(i%3) / 3})
		y = append(y, []float32{float32(c), float32(1 - c)})
	}
	return x, y
}

// openTestRuns returns an empty history in a temporary folder, with nothing shown.
func openTestRuns(t *testing.T) *Runs {
	t.Helper()
	outsideNotebook(t)
	runs, err := OpenRuns(filepath.Join(t.TempDir(), "02-runs.json"))
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// recorded returns the runs in the history's file.
func recorded(t *testing.T, runs *Runs) []*Run {
	t.Helper()
	again, err := OpenRuns(runs.Path())
	if err != nil {
		t.Fatal(err)
	}
	return again.All()
}

func TestRunsFitRecordsAFinishedRun(t *testing.T) {
	runs := openTestRuns(t)
	x, y := smallData(1)
	run, err := runs.Fit(smallModel(t, "relu", 0.5), RunSettings{Scaled: true, Epochs: 3, BatchSize: 10}, x, y, x, y, mlp.Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	want := RunSettings{Activation: "relu", Optimizer: "sgd", LearningRate: 0.5, Scaled: true, Epochs: 3, BatchSize: 10}
	if run.Settings != want {
		t.Errorf("settings %+v, want %+v (activation, optimizer and learning rate from the model)", run.Settings, want)
	}
	if run.End != RunFinished || run.Note != "finished 3 epochs" || len(run.History.Epochs) != 3 {
		t.Errorf("end %q (%q) after %d epochs, want finished 3 epochs", run.End, run.Note, len(run.History.Epochs))
	}
	if run.Test == nil || run.Test.Accuracy < 0 || run.Test.Accuracy > 1 || run.Seconds <= 0 || run.Start.IsZero() {
		t.Errorf("test %+v, seconds %g, start %v: want a test score, a time and a start", run.Test, run.Seconds, run.Start)
	}
	got := recorded(t, runs)
	if len(got) != 1 || got[0].ID != run.ID || got[0].Test == nil || *got[0].Test != *run.Test {
		t.Errorf("file holds %d runs (first %+v), want the run with its test score", len(got), got)
	}
}

func TestRunsFitRecordsAStoppedRun(t *testing.T) {
	runs := openTestRuns(t)
	x, y := smallData(1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopAfter2 := mlp.OnEpochEnd(func(epoch int, _ mlp.Logs) error {
		if epoch == 2 {
			cancel() // as the kernel's interrupt does
		}
		return nil
	})
	run, err := runs.FitContext(ctx, smallModel(t, "tanh", 0.5), RunSettings{Epochs: 10, BatchSize: 10}, x, y, x, y,
		mlp.Verbose(0), stopAfter2)
	if err != nil {
		t.Fatalf("a stopped run returned %v, want no error (it is recorded)", err)
	}
	if run.End != RunStopped || run.Note != "stopped after 2 of 10 epochs" || len(run.History.Epochs) != 2 {
		t.Errorf("end %q (%q) with %d epochs, want stopped after 2 of 10", run.End, run.Note, len(run.History.Epochs))
	}
	if run.Test == nil {
		t.Errorf("a stopped run with epochs done has no test score")
	}
	if got := recorded(t, runs); len(got) != 1 || got[0].End != RunStopped || len(got[0].History.Loss) != 2 {
		t.Errorf("file holds %+v, want the stopped run with its 2 epochs", got)
	}
	// Stopped before its first epoch ended: recorded, without a test score.
	cancelled, cancel0 := context.WithCancel(context.Background())
	cancel0()
	run, err = runs.FitContext(cancelled, smallModel(t, "tanh", 0.5), RunSettings{Epochs: 10, BatchSize: 10}, x, y, x, y, mlp.Verbose(0))
	if err != nil || run.End != RunStopped || run.Note != "stopped after 0 of 10 epochs" || run.Test != nil {
		t.Errorf("cancelled before training: %v, end %q (%q), test %v", err, run.End, run.Note, run.Test)
	}
	if got := recorded(t, runs); len(got) != 2 {
		t.Errorf("file holds %d runs, want 2", len(got))
	}
}

func TestRunsFitRecordsADivergedRun(t *testing.T) {
	runs := openTestRuns(t)
	x, y := smallData(255) // raw pixels
	// Linear outputs, unbounded, and a huge learning rate: the weights grow until the loss is infinite.
	model := mlp.NewSequential(mlp.Dense(8, mlp.InputDim(2)), mlp.Activation("relu"), mlp.Dense(2)).WithSeed(1)
	if err := model.Compile(mlp.Loss("mse"), mlp.SGD(10), mlp.Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	run, err := runs.Fit(model, RunSettings{Epochs: 5, BatchSize: 10}, x, y, x, y, mlp.Verbose(0))
	if err != nil {
		t.Fatalf("a diverged run returned %v, want no error (it is recorded)", err)
	}
	want := fmt.Sprintf("diverged at epoch %d: lower the learning rate or divide the pixels by 255", run.DivergedAt)
	if run.End != RunDiverged || run.Note != want || run.DivergedAt != len(run.History.Epochs)+1 || run.DivergedAt > 5 {
		t.Errorf("end %q (%q) at epoch %d after %d epochs, want diverged, in words, in the epoch after those kept",
			run.End, run.Note, run.DivergedAt, len(run.History.Epochs))
	}
	t.Logf("%d epochs kept: %s", len(run.History.Epochs), run.Note)
	if run.Test != nil {
		t.Errorf("a diverged run has a test score %+v", run.Test)
	}
	if got := recorded(t, runs); len(got) != 1 || got[0].Note != want {
		t.Errorf("file holds %+v, want the diverged run", got)
	}
}

func TestRunsFitRecordsAFailedRunAndReturnsItsError(t *testing.T) {
	runs := openTestRuns(t)
	x, _ := smallData(1)
	three := make([][]float32, len(x)) // three classes for a model of two outputs
	for i := range three {
		three[i] = []float32{1, 0, 0}
	}
	run, err := runs.Fit(smallModel(t, "relu", 0.5), RunSettings{Epochs: 2}, x, three, x, three, mlp.Verbose(0))
	if err == nil {
		t.Fatal("labels that do not fit the model: no error")
	}
	if run == nil || run.End != RunFailed || run.Note != "failed: "+err.Error() {
		t.Errorf("run %+v, want failed with the error %q", run, err)
	}
	if got := recorded(t, runs); len(got) != 1 || got[0].End != RunFailed {
		t.Errorf("file holds %+v, want the failed run", got)
	}
}

func TestRunsFitChecksTheSettingsBeforeTraining(t *testing.T) {
	runs := openTestRuns(t)
	x, y := smallData(1)
	uncompiled := mlp.NewSequential(mlp.Dense(2, mlp.InputDim(2)))
	tests := []struct {
		name     string
		model    *mlp.Model
		settings RunSettings
		want     string
	}{
		{"not compiled", uncompiled, RunSettings{}, "not compiled"},
		{"other activation", smallModel(t, "relu", 0.1), RunSettings{Activation: "tanh"}, `activation "tanh"`},
		{"other learning rate", smallModel(t, "relu", 0.1), RunSettings{LearningRate: 0.01}, "learning rate 0.01"},
		{"other optimizer", smallModel(t, "relu", 0.1), RunSettings{Optimizer: "adam"}, `optimizer "adam"`},
		{"negative epochs", smallModel(t, "relu", 0.1), RunSettings{Epochs: -1}, "must be positive"},
	}
	for _, tt := range tests {
		run, err := runs.Fit(tt.model, tt.settings, x, y, x, y, mlp.Verbose(0))
		if err == nil || run != nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: run %v, err %v; want no run and an error saying %q", tt.name, run, err, tt.want)
		}
	}
	if got := recorded(t, runs); len(got) != 0 {
		t.Errorf("file holds %d runs, want none recorded", len(got))
	}
}

func TestRunsFitDrawsTheEarlierRunsAndShowsTheTable(t *testing.T) {
	runs := openTestRuns(t)
	for i := range maxCurves + 2 {
		if err := runs.Add(testRun(fmt.Sprint("a", i), 0.5)); err != nil {
			t.Fatal(err)
		}
	}
	base := &mlp.History{Epochs: []int{1}, Loss: []float64{0.1}}
	runs.Baseline("sigmoid, 01-hello-world", base)
	compared := runs.compared(runs.All())
	if len(compared) != maxCurves || compared[0].Name != "sigmoid, 01-hello-world" || compared[0].History != base {
		t.Fatalf("%d runs compared, first %q; want %d, the baseline first", len(compared), compared[0].Name, maxCurves)
	}
	// Numbered with as many digits as the newest, so that the curves are drawn in order.
	if got, want := compared[1].Name, "#04 a3 /255 lr 0.1"; got != want {
		t.Errorf("oldest history run drawn: %q, want %q (the newest %d)", got, want, maxCurves-1)
	}
	if got, want := compared[maxCurves-1].Name, fmt.Sprintf("#%d a%d /255 lr 0.1", maxCurves+2, maxCurves+1); got != want {
		t.Errorf("newest run drawn: %q, want %q", got, want)
	}

	r := inNotebook(t)
	x, y := smallData(1)
	if _, err := runs.Fit(smallModel(t, "relu", 0.5), RunSettings{Epochs: 2, BatchSize: 10}, x, y, x, y, mlp.Verbose(0)); err != nil {
		t.Fatal(err)
	}
	last := r.events[len(r.events)-2]
	if !strings.HasPrefix(last, "html <table>") || !strings.Contains(last, "<td>relu</td>") {
		t.Errorf("last output %.200q, want the table of runs with the new run", last)
	}
	var figures int
	for _, e := range r.events {
		if strings.HasPrefix(e, "update nb_live_") && strings.HasSuffix(e, " png") {
			figures++
		}
	}
	if figures != 4 {
		t.Errorf("%d figure updates, want the loss and accuracy curves after each of 2 epochs", figures)
	}
}
