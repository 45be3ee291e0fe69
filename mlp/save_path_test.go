package mlp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSaveExplainsBadPaths(t *testing.T) {
	m := NewSequential(Input(3), Dense(2, WithActivation("softmax"))).WithSeed(1)
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for path, want := range map[string]string{
		"":                                  `mlp: Save: empty file path: give the name of the file to write`,
		"/":                                 `mlp: Save: / is a directory, not a file`,
		dir:                                 `mlp: Save: ` + dir + ` is a directory, not a file`,
		filepath.Join(dir, "no", "m.model"): `does not exist; create it first`,
	} {
		err := m.Save(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Save(%q) = %v, want an error saying %q", path, err, want)
		}
	}
}

func TestSaveRemovesTheLeftoverOfAnInterruptedSave(t *testing.T) {
	m := NewSequential(Input(3), Dense(2, WithActivation("softmax"))).WithSeed(1)
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// What a save killed before its rename leaves behind.
	leftover := filepath.Join(dir, ".m.model.tmp-400983600")
	if err := os.WriteFile(leftover, []byte("partial"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(leftover, old, old); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "m.model")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("the leftover %s is still there (stat: %v)", leftover, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	created, err := os.Create(filepath.Join(dir, "created"))
	if err != nil {
		t.Fatal(err)
	}
	created.Close()
	if want, err := os.Stat(created.Name()); err != nil || info.Mode() != want.Mode() {
		t.Errorf("saved model has mode %v; want %v as os.Create makes it (from the umask)", info.Mode(), want.Mode())
	}
	if _, err := Load(path); err != nil {
		t.Errorf("Load: %v", err)
	}
}
