package mlp

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func savedTestModel(t testing.TB) (path string, data []byte) {
	t.Helper()
	m := NewSequential(Input(3), Dense(4, WithActivation("relu")), Dense(2, WithActivation("softmax"))).WithSeed(1)
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "m.model")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

// resealed rewrites a saved model's header with edit and recomputes the checksum, making a file
// that is intact but inconsistent.
func resealed(t testing.TB, data []byte, edit func(h map[string]any)) []byte {
	t.Helper()
	body := data[:len(data)-sha256.Size]
	n := binary.LittleEndian.Uint64(body[len(fileMagic):])
	start := len(fileMagic) + 8
	var h map[string]any
	if err := json.Unmarshal(body[start:start+int(n)], &h); err != nil {
		t.Fatal(err)
	}
	edit(h)
	js, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	out := append([]byte(fileMagic), binary.LittleEndian.AppendUint64(nil, uint64(len(js)))...)
	out = append(out, js...)
	out = append(out, body[start+int(n):]...)
	sum := sha256.Sum256(out)
	return append(out, sum[:]...)
}

func TestLoadRejectsCorruptAndMismatchedFiles(t *testing.T) {
	path, good := savedTestModel(t)
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 0x40
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", good[:len(good)-10], "checksum mismatch"},
		{"flipped byte", flipped, "checksum mismatch"},
		{"not a model", []byte("PK\x03\x04 a zip file, not a model at all........................"), "unknown format"},
		{"empty", nil, "unknown format"},
		{"wider layer", resealed(t, good, func(h map[string]any) {
			h["layers"].([]any)[0].(map[string]any)["units"] = 5.0
		}), "the header declares 128 bytes of weights, the file holds 104"},
		{"bad activation", resealed(t, good, func(h map[string]any) {
			h["layers"].([]any)[0].(map[string]any)["activation"] = "nope"
		}), "unknown activation"},
		{"missing weights", resealed(t, good, func(h map[string]any) {
			h["params"] = h["params"].([]any)[:2]
		}), "2 weight tensors for an architecture that has 4"},
	}
	for _, c := range cases {
		p := filepath.Join(t.TempDir(), c.name+".model")
		if err := os.WriteFile(p, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
	if _, err := Load(path); err != nil {
		t.Errorf("the untouched file: %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "absent.model")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("absent file: %v", err)
	}
}

func TestSaveIsAtomic(t *testing.T) {
	path, _ := savedTestModel(t)
	dir := filepath.Dir(path)
	// Saving into a directory that does not exist fails without leaving anything behind.
	m := NewSequential(Input(2), Dense(1))
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	if err := m.Save(filepath.Join(dir, "missing", "m.model")); err == nil {
		t.Error("Save into a missing directory succeeded")
	}
	// Overwriting keeps exactly one file, with no temporary files left.
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "m.model" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want just m.model", names)
	}
	if l, err := Load(path); err != nil || l.CountParams() != 3 {
		t.Errorf("overwritten model: %v", err)
	}
}
