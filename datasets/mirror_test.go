package datasets

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// badMirror returns a mirror that misbehaves for every file: "wrong" serves
// another file, "cut" closes the connection mid-body, "stall" stops sending
// mid-body, "missing" answers 404 and "unreachable" refuses connections.
func badMirror(t *testing.T, s *synthetic, kind string) string {
	t.Helper()
	if kind == "unreachable" {
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		return srv.URL
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data := s.gz[filepath.Base(r.URL.Path)]
		switch kind {
		case "wrong":
			_, _ = w.Write(gzipBytes([]byte("not the file you want"), 9))
		case "cut":
			w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			_, _ = w.Write(data[:len(data)/2])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		case "stall":
			w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			_, _ = w.Write(data[:len(data)/2])
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/mnist/"
}

// shortReadTimeout makes stalled downloads fail quickly during a test.
func shortReadTimeout(t *testing.T) {
	old := readTimeout
	readTimeout = 100 * time.Millisecond
	t.Cleanup(func() { readTimeout = old })
}

// checkCache checks that cache holds exactly the canonical .gz files of s.
func checkCache(t *testing.T, s *synthetic, cache string) {
	t.Helper()
	var want []string
	for name := range s.gz {
		want = append(want, name)
	}
	if got := listDir(t, cache); !reflect.DeepEqual(got, sortedCopy(want)) {
		t.Fatalf("cache holds %v, want exactly %v", got, sortedCopy(want))
	}
	for name, data := range s.gz {
		got, err := os.ReadFile(filepath.Join(cache, name))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("cached %s differs from the canonical file (err %v)", name, err)
		}
	}
}

// checkSynthetic checks that train and test are the splits of s.
func checkSynthetic(t *testing.T, train, test *Set) {
	t.Helper()
	if !reflect.DeepEqual(train.Shape(), []int{5, 3, 2}) || !reflect.DeepEqual(test.Shape(), []int{3, 3, 2}) {
		t.Fatalf("shapes %v and %v, want [5 3 2] and [3 3 2]", train.Shape(), test.Shape())
	}
	if !reflect.DeepEqual(train.Labels, []uint8{1, 2, 3, 0, 1}) || !reflect.DeepEqual(test.Labels, []uint8{2, 3, 0}) {
		t.Errorf("labels %v and %v", train.Labels, test.Labels)
	}
	if train.Images[1] != 38 || test.Images[1] != 39 || train.Classes != 4 {
		t.Errorf("pixels %d, %d or classes %d differ from the synthetic files", train.Images[1], test.Images[1], train.Classes)
	}
}

func TestLoadFromMirrorCachesVerifiedFiles(t *testing.T) {
	s := newSynthetic()
	srv := serveFiles(t, s.gz)
	cache := t.TempDir()
	var progress bytes.Buffer
	train, test, err := load(s.d, []Option{Dir(""), CacheDir(cache), Progress(&progress), Mirrors(srv.URL + "/x"), NoGoModule()})
	if err != nil {
		t.Fatal(err)
	}
	checkSynthetic(t, train, test)
	checkCache(t, s, cache)
	if !strings.Contains(progress.String(), "downloaded train-images-idx3-ubyte.gz") {
		t.Errorf("progress output %q does not report the download", progress.String())
	}
}

func TestLoadFallsThroughToTheNextMirror(t *testing.T) {
	shortReadTimeout(t)
	for _, kind := range []string{"wrong", "cut", "stall", "missing", "unreachable"} {
		t.Run(kind, func(t *testing.T) {
			s := newSynthetic()
			good := serveFiles(t, s.gz)
			cache := t.TempDir()
			train, test, err := load(s.d, append(quiet(t), CacheDir(cache), Mirrors(badMirror(t, s, kind), good.URL), NoGoModule()))
			if err != nil {
				t.Fatal(err)
			}
			checkSynthetic(t, train, test)
			checkCache(t, s, cache)
		})
	}
}

func TestLoadFromBadMirrorFailsAndLeavesNoFile(t *testing.T) {
	shortReadTimeout(t)
	s := newSynthetic()
	tests := []struct {
		kind string
		want []string
	}{
		{"wrong", []string{"checksum mismatch", "want " + s.d.files[0].gz, "got " + sha256Hex(gzipBytes([]byte("not the file you want"), 9))}},
		{"cut", []string{"body cut"}},
		{"stall", []string{"no data for 100ms"}},
		{"missing", []string{"404 Not Found"}},
		{"unreachable", []string{"mirror unreachable"}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			cache := t.TempDir()
			_, _, err := load(s.d, append(quiet(t), CacheDir(cache), Mirrors(badMirror(t, s, tt.kind)), NoGoModule()))
			if err == nil {
				t.Fatal("load succeeded from a bad mirror")
			}
			for _, w := range append(tt.want, "train-images-idx3-ubyte.gz", "SYNTHETIC_DIR") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if got := listDir(t, cache); len(got) != 0 {
				t.Errorf("cache holds %v after a failed download, want nothing", got)
			}
		})
	}
}

func TestLoadReplacesCorruptCachedFile(t *testing.T) {
	s := newSynthetic()
	srv := serveFiles(t, s.gz)
	cache := writeDir(t, map[string][]byte{"train-labels-idx1-ubyte.gz": []byte("corrupt")})
	var progress bytes.Buffer
	train, test, err := load(s.d, []Option{Dir(""), CacheDir(cache), Progress(&progress), Mirrors(srv.URL), NoGoModule()})
	if err != nil {
		t.Fatal(err)
	}
	checkSynthetic(t, train, test)
	checkCache(t, s, cache)
	if !strings.Contains(progress.String(), "checksum mismatch") {
		t.Errorf("progress output %q does not report the corrupt cached file", progress.String())
	}
}

func TestLoadSkipsStalledMirrorForTheOtherFiles(t *testing.T) {
	shortReadTimeout(t)
	s := newSynthetic()
	var hits atomic.Int32
	stalled := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Length", "1000")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(stalled.Close)
	good := serveFiles(t, s.gz)
	train, test, err := load(s.d, append(quiet(t), Mirrors(stalled.URL, good.URL), NoGoModule()))
	if err != nil {
		t.Fatal(err)
	}
	checkSynthetic(t, train, test)
	if n := hits.Load(); n != 1 {
		t.Errorf("the stalled mirror was asked %d times, want once", n)
	}
}
