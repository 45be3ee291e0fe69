package datasets

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// stallingMirror returns a mirror that sends half of each file and then
// waits for the client to go away, and a channel closed when a download has
// started.
func stallingMirror(t *testing.T, s *synthetic) (url string, started <-chan struct{}) {
	t.Helper()
	ch := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data := s.gz[r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]]
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		_, _ = w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		once.Do(func() { close(ch) })
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv.URL, ch
}

func TestLoadContextCancelStopsTheDownload(t *testing.T) {
	s := newSynthetic()
	stalling, started := stallingMirror(t, s)
	good := serveFiles(t, s.gz) // would be tried next, were the load not cancelled
	cache := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	// The read timeout (30 s) is left as it is: only the cancellation can end the stalled download soon.
	_, _, err := loadContext(ctx, s.d, []Option{Dir(""), Progress(nil), CacheDir(cache), Mirrors(stalling, good.URL), NoGoModule()})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want one wrapping context.Canceled", err)
	}
	if !strings.Contains(err.Error(), "cancelled") || !strings.Contains(err.Error(), "train-images-idx3-ubyte.gz") {
		t.Errorf("err = %q, want it to say which file's loading was cancelled", err)
	}
	if files := listDir(t, cache); len(files) != 0 {
		t.Errorf("the cancelled load left %q in the cache", files)
	}
}

func TestLoadMNISTContextCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	t.Setenv("MNIST_DIR", "")
	_, _, err := LoadMNISTContext(ctx, Dir(""), Progress(nil), CacheDir(t.TempDir()), Mirrors("http://127.0.0.1:1/"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want one wrapping context.Canceled", err)
	}
}
