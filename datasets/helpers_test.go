package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestMain keeps the tests away from the user's cache: on Linux and other
// Unix systems the user cache is $XDG_CACHE_HOME, set here to a temporary
// directory, which the examples use.
func TestMain(m *testing.M) {
	tmp, err := os.MkdirTemp("", "datasets-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", tmp)
	code := m.Run()
	_ = os.RemoveAll(tmp)
	os.Exit(code)
}

// encodeIDX returns an IDX file with the given element type, dimensions and
// payload.
func encodeIDX(typ byte, dims []int, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, typ, byte(len(dims))})
	for _, d := range dims {
		_ = binary.Write(&b, binary.BigEndian, uint32(d))
	}
	b.Write(data)
	return b.Bytes()
}

// gzipBytes compresses data deterministically at the given level.
func gzipBytes(data []byte, level int) []byte {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, level)
	if err != nil {
		panic(err)
	}
	_, _ = zw.Write(data)
	_ = zw.Close()
	return b.Bytes()
}

// synthetic is a small dataset of 3x2-pixel images (5 train, 3 test,
// 4 classes) whose files are generated, with their hashes pinned, in
// memory. It is deterministic, so another process builds the same one.
type synthetic struct {
	d   *dataset
	raw map[string][]byte // uncompressed files by name
	gz  map[string][]byte // compressed files by name + ".gz"
}

// newSynthetic builds the synthetic dataset.
func newSynthetic() *synthetic {
	s := &synthetic{
		d: &dataset{
			name: "Synthetic", envDir: "SYNTHETIC_DIR", cacheSub: "synthetic",
			layout: layout{classes: 4, rows: 3, cols: 2, trainCount: 5, testCount: 3},
		},
		raw: map[string][]byte{},
		gz:  map[string][]byte{},
	}
	split := func(prefix string, count, seed int) {
		pixels := make([]byte, count*6)
		for i := range pixels {
			pixels[i] = byte(i*37 + seed)
		}
		labels := make([]byte, count)
		for i := range labels {
			labels[i] = byte((i + seed) % 4)
		}
		s.add(prefix+"-images-idx3-ubyte", encodeIDX(IDXUint8, []int{count, 3, 2}, pixels))
		s.add(prefix+"-labels-idx1-ubyte", encodeIDX(IDXUint8, []int{count}, labels))
	}
	split("train", 5, 1)
	split("t10k", 3, 2)
	return s
}

// add pins one file of the synthetic dataset, in the order of dataset.files.
func (s *synthetic) add(name string, content []byte) {
	gz := gzipBytes(content, gzip.BestCompression)
	s.raw[name], s.gz[name+".gz"] = content, gz
	for i := range s.d.files {
		if s.d.files[i].name == "" {
			s.d.files[i] = fileSpec{name: name, gz: sha256Hex(gz), raw: sha256Hex(content)}
			return
		}
	}
}

// writeDir writes the given files (name to content) into a new directory.
func writeDir(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// listDir returns the sorted names in dir, or nil if it does not exist.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// serveFiles returns a mirror that serves files by name (the last path
// element) and answers 404 for the rest.
func serveFiles(t *testing.T, files map[string][]byte) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		data, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// quiet are the options every test uses: no progress output, no
// environment variable, an empty cache.
func quiet(t *testing.T) []Option {
	return []Option{Progress(nil), Dir(""), CacheDir(t.TempDir())}
}
