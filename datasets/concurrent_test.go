package datasets

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Environment of the helper process of TestConcurrentLoadsShareOneCache.
const (
	helperMirrorEnv = "DATASETS_TEST_HELPER_MIRROR"
	helperCacheEnv  = "DATASETS_TEST_HELPER_CACHE"
)

// TestHelperProcessLoad is not a test: it is the second process of
// TestConcurrentLoadsShareOneCache, which runs the test binary again with
// the mirror and cache in its environment.
func TestHelperProcessLoad(t *testing.T) {
	mirror, cache := os.Getenv(helperMirrorEnv), os.Getenv(helperCacheEnv)
	if mirror == "" || cache == "" {
		t.Skip("helper process only")
	}
	train, test, err := load(newSynthetic().d, []Option{Dir(""), Progress(nil), CacheDir(cache), Mirrors(mirror), NoGoModule()})
	if err != nil {
		t.Fatal(err)
	}
	checkSynthetic(t, train, test)
}

func TestConcurrentLoadsShareOneCache(t *testing.T) {
	s := newSynthetic()
	// A slow mirror, so that the downloads overlap.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := s.gz[filepath.Base(r.URL.Path)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		_, _ = w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		time.Sleep(20 * time.Millisecond)
		_, _ = w.Write(data[len(data)/2:])
	}))
	t.Cleanup(srv.Close)
	cache := filepath.Join(t.TempDir(), "not", "yet", "created")

	const goroutines, processes = 4, 2
	errs := make(chan error, goroutines+processes)
	var wg sync.WaitGroup
	for range processes {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcessLoad$", "-test.count=1")
		cmd.Env = append(os.Environ(), helperMirrorEnv+"="+srv.URL, helperCacheEnv+"="+cache)
		wg.Go(func() {
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Errorf("helper process: %v\n%s", err, out)
			}
		})
	}
	for range goroutines {
		wg.Go(func() {
			train, test, err := load(s.d, []Option{Dir(""), Progress(nil), CacheDir(cache), Mirrors(srv.URL), NoGoModule()})
			if err == nil && (train.Count != 5 || test.Count != 3) {
				err = fmt.Errorf("loaded %d and %d examples, want 5 and 3", train.Count, test.Count)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	checkCache(t, s, cache)
}
