package datasets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCacheFilesHaveTheModeOfCreateAndReplaceLeftovers(t *testing.T) {
	s := newSynthetic()
	srv := serveFiles(t, s.gz)
	cache := t.TempDir()
	// What a load killed while caching leaves behind.
	leftover := filepath.Join(cache, ".train-images-idx3-ubyte.gz.tmp-123456")
	if err := os.WriteFile(leftover, []byte("partial"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(leftover, old, old); err != nil {
		t.Fatal(err)
	}
	if _, _, err := load(s.d, []Option{Dir(""), Progress(nil), CacheDir(cache), Mirrors(srv.URL), NoGoModule()}); err != nil {
		t.Fatal(err)
	}
	checkCache(t, s, cache) // exactly the four files: the leftover is gone
	created, err := os.Create(filepath.Join(t.TempDir(), "created"))
	if err != nil {
		t.Fatal(err)
	}
	created.Close()
	want, err := os.Stat(created.Name())
	if err != nil {
		t.Fatal(err)
	}
	for name := range s.gz {
		info, err := os.Stat(filepath.Join(cache, name))
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != want.Mode() {
			t.Errorf("%s has mode %v, want %v as os.Create gives", name, info.Mode(), want.Mode())
		}
	}
}

// TestBadCacheFileIsNotedOnce checks that a corrupt file in the cache is reported in one line with one
// "datasets:" prefix, then fetched again.
func TestBadCacheFileIsNotedOnce(t *testing.T) {
	s := newSynthetic()
	srv := serveFiles(t, s.gz)
	cache := t.TempDir()
	if err := os.WriteFile(filepath.Join(cache, "train-labels-idx1-ubyte.gz"), []byte("not gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	var progress strings.Builder
	if _, _, err := load(s.d, []Option{Dir(""), Progress(&progress), CacheDir(cache), Mirrors(srv.URL), NoGoModule()}); err != nil {
		t.Fatal(err)
	}
	var noted []string
	for _, line := range strings.Split(progress.String(), "\n") {
		if strings.Contains(line, "train-labels-idx1-ubyte.gz") && strings.Contains(line, "checksum") {
			noted = append(noted, line)
		}
	}
	if len(noted) != 1 || strings.Count(noted[0], "datasets:") != 1 {
		t.Errorf("the bad cache file is noted as %q, want one line with one datasets: prefix; progress:\n%s", noted, progress.String())
	}
	checkCache(t, s, cache)
}
