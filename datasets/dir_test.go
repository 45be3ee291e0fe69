package datasets

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// dirSnapshot records the names, contents and modification times of the
// files in dir.
func dirSnapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	for _, name := range listDir(t, dir) {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		snap[name] = sha256Hex(data) + " " + st.ModTime().Format(time.RFC3339Nano)
	}
	return snap
}

// offline are the options of a load from a directory only.
func offline(t *testing.T, dir string) []Option {
	return append(quiet(t), Dir(dir), Offline(), NoGoModule())
}

func TestLoadFromDirAcceptsCompressedOrNotFiles(t *testing.T) {
	s := newSynthetic()
	recompressed := map[string][]byte{}
	mixed := map[string][]byte{}
	for i, f := range s.d.files {
		recompressed[f.gzName()] = gzipBytes(s.raw[f.name], gzip.BestSpeed)
		if i%2 == 0 {
			mixed[f.name] = s.raw[f.name]
		} else {
			mixed[f.gzName()] = s.gz[f.gzName()]
		}
	}
	tests := map[string]map[string][]byte{
		"canonical .gz":              s.gz,
		"uncompressed":               s.raw,
		"recompressed by other tool": recompressed,
		"mixed":                      mixed,
	}
	for name, files := range tests {
		t.Run(name, func(t *testing.T) {
			dir := writeDir(t, files)
			before := dirSnapshot(t, dir)
			cache := t.TempDir()
			train, test, err := load(s.d, append(offline(t, dir), CacheDir(cache)))
			if err != nil {
				t.Fatal(err)
			}
			checkSynthetic(t, train, test)
			if after := dirSnapshot(t, dir); !reflect.DeepEqual(after, before) {
				t.Errorf("the directory changed from %v to %v", before, after)
			}
			if got := listDir(t, cache); got != nil {
				t.Errorf("cache holds %v, want nothing", got)
			}
		})
	}
}

func TestLoadFromDirRejectsWrongFileAndKeepsIt(t *testing.T) {
	s := newSynthetic()
	const victim = "t10k-images-idx3-ubyte"
	other := s.raw["train-labels-idx1-ubyte"]
	tests := []struct {
		name, file string
		data       []byte
		want       string // expected hash in the error
	}{
		{"other content, compressed", victim + ".gz", gzipBytes(other, 9), s.d.files[testImages].gz},
		{"other content, uncompressed", victim, other, s.d.files[testImages].raw},
		{"not gzip", victim + ".gz", []byte("garbage"), s.d.files[testImages].gz},
		{"truncated", victim + ".gz", s.gz[victim+".gz"][:40], s.d.files[testImages].gz},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string][]byte{}
			for k, v := range s.gz {
				files[k] = v
			}
			delete(files, victim+".gz")
			files[tt.file] = tt.data
			dir := writeDir(t, files)
			before := dirSnapshot(t, dir)
			// A good mirror must not hide the bad file.
			good := serveFiles(t, s.gz)
			_, _, err := load(s.d, append(quiet(t), Dir(dir), Mirrors(good.URL), NoGoModule()))
			if err == nil {
				t.Fatal("load accepted a wrong file")
			}
			path := filepath.Join(dir, tt.file)
			for _, w := range []string{"datasets: " + path + ": checksum mismatch", "want " + tt.want, "got " + sha256Hex(tt.data), "datasets.Dir"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if after := dirSnapshot(t, dir); !reflect.DeepEqual(after, before) {
				t.Errorf("the directory changed from %v to %v", before, after)
			}
		})
	}
}

func TestLoadUsesEnvironmentDirUnlessDirIsGiven(t *testing.T) {
	s := newSynthetic()
	t.Setenv("SYNTHETIC_DIR", writeDir(t, s.gz))
	train, test, err := load(s.d, []Option{Progress(nil), CacheDir(t.TempDir()), Offline()})
	if err != nil {
		t.Fatal(err)
	}
	checkSynthetic(t, train, test)
	if _, _, err := load(s.d, offline(t, "")); err == nil {
		t.Error(`Dir("") still used SYNTHETIC_DIR`)
	}
}

func TestLoadTakesFilesMissingFromDirFromOtherSources(t *testing.T) {
	s := newSynthetic()
	files := map[string][]byte{}
	for k, v := range s.gz {
		files[k] = v
	}
	delete(files, "train-labels-idx1-ubyte.gz")
	dir := writeDir(t, files)
	before := dirSnapshot(t, dir)
	cache := t.TempDir()
	good := serveFiles(t, s.gz)
	train, test, err := load(s.d, append(quiet(t), Dir(dir), CacheDir(cache), Mirrors(good.URL), NoGoModule()))
	if err != nil {
		t.Fatal(err)
	}
	checkSynthetic(t, train, test)
	if after := dirSnapshot(t, dir); !reflect.DeepEqual(after, before) {
		t.Errorf("the directory changed from %v to %v", before, after)
	}
	if got, want := listDir(t, cache), []string{"train-labels-idx1-ubyte.gz"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cache holds %v, want %v", got, want)
	}
}

func TestLoadRejectsDirThatIsNotADirectory(t *testing.T) {
	s := newSynthetic()
	missing := filepath.Join(t.TempDir(), "nope")
	t.Setenv("SYNTHETIC_DIR", missing)
	_, _, err := load(s.d, []Option{Progress(nil), CacheDir(t.TempDir()), Offline()})
	if err == nil || !strings.Contains(err.Error(), "SYNTHETIC_DIR="+missing+" is not a directory") {
		t.Errorf("load error = %v, want it to say SYNTHETIC_DIR is not a directory", err)
	}
}

func TestLoadRejectsMalformedFilesEvenWhenPinned(t *testing.T) {
	tests := []struct {
		name, file string
		content    []byte
		want       string
	}{
		{"truncated images", "train-images-idx3-ubyte", encodeIDX(IDXUint8, []int{5, 3, 2}, make([]byte, 29)), "truncated IDX data"},
		{"wrong magic", "train-labels-idx1-ubyte", []byte{1, 2, 8, 1, 0, 0, 0, 0}, "not an IDX file"},
		{"unknown type", "t10k-labels-idx1-ubyte", []byte{0, 0, 7, 1, 0, 0, 0, 0}, "unknown IDX element type"},
		{"absurd header", "t10k-images-idx3-ubyte", encodeIDX(IDXUint8, []int{1 << 20, 1 << 20, 28}, nil), "refusing to allocate"},
		{"wrong image size", "t10k-images-idx3-ubyte", encodeIDX(IDXUint8, []int{3, 2, 3}, make([]byte, 18)), "want 3 uint8 images of 3x2"},
		{"wrong count", "t10k-labels-idx1-ubyte", encodeIDX(IDXUint8, []int{2}, []byte{0, 1}), "want 3 uint8 labels"},
		{"int32 labels", "t10k-labels-idx1-ubyte", encodeIDX(IDXInt32, []int{3}, make([]byte, 12)), "want 3 uint8 labels, got type 0x0c"},
		{"label out of range", "train-labels-idx1-ubyte", encodeIDX(IDXUint8, []int{5}, []byte{0, 1, 2, 3, 4}), "label 4 at index 4 is not below 4 classes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSynthetic()
			for i, f := range s.d.files {
				if f.name == tt.file {
					s.d.files[i].raw = sha256Hex(tt.content)
				}
			}
			files := map[string][]byte{}
			for k, v := range s.raw {
				files[k] = v
			}
			files[tt.file] = tt.content
			dir := writeDir(t, files)
			_, _, err := load(s.d, offline(t, dir))
			if err == nil {
				t.Fatal("load accepted a malformed file")
			}
			if msg := err.Error(); !strings.Contains(msg, filepath.Join(dir, tt.file)) || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not name %s and say %q", msg, tt.file, tt.want)
			}
		})
	}
}
