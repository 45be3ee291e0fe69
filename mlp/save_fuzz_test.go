package mlp

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds Load model files whose body (magic, header length, JSON header, weights) is fuzzed and
// whose checksum is then made valid, so that the fuzzer explores the header and the weights rather than
// the checksum. Load must return an error or a usable model, never panic or allocate what the file does
// not hold. Its seeds, in testdata/fuzz/FuzzLoad, are the body of a saved model and of crafted ones (layers of
// 100000 or 2³² units, negative units, no weights, an empty activation). Run it with:
// go test ./mlp -run '^$' -fuzz FuzzLoad -fuzztime 60s
func FuzzLoad(f *testing.F) {
	f.Add([]byte(fileMagic))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		sum := sha256.Sum256(b)
		path := filepath.Join(dir, "fuzz.model")
		if err := os.WriteFile(path, append(append([]byte(nil), b...), sum[:]...), 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := Load(path)
		if err != nil {
			return
		}
		if n := m.CountParams(); n <= 0 {
			t.Errorf("a loaded model has %d parameters", n)
		}
		if _, err := m.Weights(); err != nil {
			t.Errorf("a loaded model's weights: %v", err)
		}
	})
}
