package nb

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/mlp"
)

// testRun returns a finished run of two epochs with the given activation and test accuracy.
func testRun(activation string, testAccuracy float64) *Run {
	return &Run{
		Settings: RunSettings{Activation: activation, Optimizer: "sgd", LearningRate: 0.1, Scaled: true, Epochs: 2, BatchSize: 100},
		History: mlp.History{Epochs: []int{1, 2}, Loss: []float64{0.05, 0.03}, Accuracy: []float64{0.8, 0.9},
			Seconds: []float64{1.5, 1.4}},
		Test:    &TestScore{Loss: 0.02, Accuracy: testAccuracy},
		Seconds: 2.9,
		End:     RunFinished,
		Note:    "finished 2 epochs",
	}
}

// activations returns the activation of each run, in order.
func activations(runs []*Run) []string {
	var names []string
	for _, run := range runs {
		names = append(names, run.Settings.Activation)
	}
	return names
}

func TestRunsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "02-runs.json")
	runs, err := OpenRuns(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs.All()) != 0 {
		t.Fatalf("a new history holds %d runs", len(runs.All()))
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("OpenRuns created the file (%v); the first run should", err)
	}
	want := []*Run{testRun("relu", 0.94), testRun("tanh", 0.93)}
	want[1].End, want[1].Note, want[1].Test = RunStopped, "stopped after 1 of 2 epochs", nil
	for _, run := range want {
		if err := runs.Add(run); err != nil {
			t.Fatal(err)
		}
	}
	again, err := OpenRuns(path)
	if err != nil {
		t.Fatal(err)
	}
	got := again.All()
	if len(got) != 2 {
		t.Fatalf("read back %d runs, want 2", len(got))
	}
	for i := range want {
		w, _ := json.Marshal(want[i])
		g, _ := json.Marshal(got[i])
		if string(w) != string(g) {
			t.Errorf("run %d read back as\n%s\nwant\n%s", i+1, g, w)
		}
		if !got[i].Start.Equal(want[i].Start) || got[i].ID == "" {
			t.Errorf("run %d: start %v id %q, want %v and an id", i+1, got[i].Start, got[i].ID, want[i].Start)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil || head.Format != runsFormat || head.Version != runsVersion {
		t.Errorf("file starts %+v (%v), want format %q version %d", head, err, runsFormat, runsVersion)
	}
}

func TestRunsAddReplacesARunWithTheSameID(t *testing.T) {
	runs, err := OpenRuns(filepath.Join(t.TempDir(), "runs.json"))
	if err != nil {
		t.Fatal(err)
	}
	run := testRun("relu", 0.5)
	if err := runs.Add(run); err != nil {
		t.Fatal(err)
	}
	run.Test.Accuracy = 0.75
	if err := runs.Add(run); err != nil {
		t.Fatal(err)
	}
	if got := runs.All(); len(got) != 1 || got[0].Test.Accuracy != 0.75 {
		t.Errorf("history holds %d runs (first %+v), want the one run with its new score", len(got), got[0].Test)
	}
}

// setAsideFiles returns the names of the files in dir that start with base+"."+why+"-".
func setAsideFiles(t *testing.T, dir, base, why string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, base+"."+why+"-*"))
	if err != nil {
		t.Fatal(err)
	}
	return matches
}

func TestRunsSetsACorruptOrForeignFileAside(t *testing.T) {
	tests := []struct{ name, content, why, line string }{
		{"truncated", `{"format": "github.com/dlgo/hello/nb runs", "version": 1, "runs": [{"id": "a"`, "corrupt", "is not valid JSON"},
		{"not JSON", "my notes\n", "corrupt", "is not valid JSON"},
		{"other JSON", `{"cells": [], "metadata": {}}`, "foreign", "is JSON of another kind"},
		{"a JSON list", `[1, 2, 3]`, "corrupt", "is not valid JSON"},
		{"no version", `{"format": "github.com/dlgo/hello/nb runs", "runs": []}`, "corrupt", "has format version 0"},
		{"runs of another shape", `{"format": "github.com/dlgo/hello/nb runs", "version": 1, "runs": {"a": 1}}`, "corrupt", "does not hold runs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf, _ := catchExit(t)
			dir := t.TempDir()
			path := filepath.Join(dir, "02-runs.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			runs, err := OpenRuns(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(runs.All()) != 0 {
				t.Errorf("history holds %d runs, want a new one", len(runs.All()))
			}
			aside := setAsideFiles(t, dir, "02-runs.json", tt.why)
			if len(aside) != 1 {
				t.Fatalf("set-aside files %q, want one 02-runs.json.%s-<time>", aside, tt.why)
			}
			if data, _ := os.ReadFile(aside[0]); string(data) != tt.content {
				t.Errorf("set-aside file holds %q, want the original %q", data, tt.content)
			}
			line := buf.String()
			if strings.Count(line, "\n") != 1 || !strings.HasPrefix(line, "nb: "+path+" "+tt.line) ||
				!strings.Contains(line, "set aside as "+aside[0]) {
				t.Errorf("stderr = %q, want one line saying %q and naming %s", line, tt.line, aside[0])
			}
			if err := runs.Add(testRun("relu", 0.9)); err != nil {
				t.Fatal(err)
			}
			if again, err := OpenRuns(path); err != nil || len(again.All()) != 1 {
				t.Errorf("after a run: %v, want a history of one run", err)
			}
		})
	}
}

func TestRunsSetAsideKeepsEveryFile(t *testing.T) {
	buf, _ := catchExit(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "runs.json")
	for i := range 3 {
		if err := os.WriteFile(path, []byte(fmt.Sprint("notes ", i)), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := OpenRuns(path); err != nil {
			t.Fatal(err)
		}
	}
	if aside := setAsideFiles(t, dir, "runs.json", "corrupt"); len(aside) != 3 {
		t.Errorf("set-aside files %q, want 3 (set aside within the same second, none overwritten); stderr %q", aside, buf)
	}
}

func TestRunsRefusesAFileOfANewerVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.json")
	newer := `{"format": "github.com/dlgo/hello/nb runs", "version": 2, "runs": []}`
	if err := os.WriteFile(path, []byte(newer), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenRuns(path); err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Errorf("err = %v, want the file said to be of a newer version", err)
	}
	if data, _ := os.ReadFile(path); string(data) != newer {
		t.Errorf("the file was changed: %q", data)
	}
}

func TestOpenRunsRejectsAFolderAMissingFolderOrNoPath(t *testing.T) {
	if _, err := OpenRuns(""); err == nil || !strings.Contains(err.Error(), "empty path") {
		t.Errorf("OpenRuns(\"\"): err = %v, want empty path", err)
	}
	if _, err := OpenRuns(t.TempDir()); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("OpenRuns(folder): err = %v, want is a folder", err)
	}
	missing := filepath.Join(t.TempDir(), "no", "runs.json")
	if _, err := OpenRuns(missing); err == nil || !strings.Contains(err.Error(), "does not exist; create it first") {
		t.Errorf("OpenRuns(in a missing folder): err = %v, want the folder said missing", err)
	}
}

func TestRunsWritesAtomicallyLeavingNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	runs, err := OpenRuns(filepath.Join(dir, "02-runs.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := runs.Add(testRun(fmt.Sprint("a", i), 0.9)); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	// The hidden lock file stays; no temporary file of the atomic writes does.
	if want := []string{".02-runs.json.lock", "02-runs.json"}; !slices.Equal(names, want) && !slices.Equal(names, want[1:]) {
		t.Errorf("files %q, want %q", names, want)
	}
}

func TestRunsClearKeepsABackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "02-runs.json")
	runs, err := OpenRuns(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"relu", "tanh"} {
		if err := runs.Add(testRun(name, 0.9)); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := os.ReadFile(path)
	if err := runs.Clear(); err != nil {
		t.Fatal(err)
	}
	if len(runs.All()) != 0 {
		t.Errorf("after Clear: %d runs", len(runs.All()))
	}
	if again, err := OpenRuns(path); err != nil || len(again.All()) != 0 {
		t.Errorf("reopened after Clear: %v, %d runs; want none", err, len(again.All()))
	}
	if backup, _ := os.ReadFile(path + ".bak"); string(backup) != string(before) {
		t.Errorf("backup holds %q, want the cleared file %q", backup, before)
	}
	// Clearing an empty history keeps the backup of the runs.
	if err := runs.Clear(); err != nil {
		t.Fatal(err)
	}
	if backup, _ := os.ReadFile(path + ".bak"); string(backup) != string(before) {
		t.Errorf("a second Clear replaced the backup with %q", backup)
	}
}

func TestRunsAddKeepsOnlyFiniteEpochs(t *testing.T) {
	runs, err := OpenRuns(filepath.Join(t.TempDir(), "runs.json"))
	if err != nil {
		t.Fatal(err)
	}
	run := testRun("elu", 0.1)
	run.History.ValLoss = []float64{0.5, 1 / zero()}
	if err := runs.Add(run); err != nil {
		t.Fatalf("a run with an infinite value: %v, want it recorded", err)
	}
	got := runs.All()[0]
	if len(got.History.Epochs) != 1 || got.End != RunDiverged || got.DivergedAt != 2 {
		t.Errorf("recorded %d epochs, end %q at %d; want 1 epoch, diverged at epoch 2", len(got.History.Epochs), got.End, got.DivergedAt)
	}
	if !strings.HasPrefix(got.Note, "diverged at epoch 2: lower the learning rate") {
		t.Errorf("note %q", got.Note)
	}
}

// zero is 0, hidden from the compiler's constant division check.
func zero() float64 { return float64(time.Duration(0)) }
