package atomicfile

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// names returns the names of the entries of dir, sorted.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestWriteFileWritesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.bin")
	for _, content := range []string{"first", "second, longer"} {
		if err := WriteFile(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Errorf("read %q, %v; want %q", got, err, content)
		}
	}
	if got := names(t, dir); !slices.Equal(got, []string{"model.bin"}) {
		t.Errorf("directory holds %q, want only model.bin", got)
	}
}

func TestWriteFileModeFollowsTheUmaskLikeCreate(t *testing.T) {
	dir := t.TempDir()
	created, err := os.Create(filepath.Join(dir, "created"))
	if err != nil {
		t.Fatal(err)
	}
	created.Close()
	want, err := os.Stat(created.Name())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "written")
	if err := WriteFile(path, []byte("x")); err != nil {
		t.Fatal(err)
	}
	got, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Mode() != want.Mode() {
		t.Errorf("mode %v, want %v as os.Create gives", got.Mode(), want.Mode())
	}
	if got.Mode().Perm()&0o044 == 0 && want.Mode().Perm()&0o044 != 0 {
		t.Errorf("mode %v is private; data files follow the umask", got.Mode())
	}
}

func TestWriteFileExplainsBadPaths(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		path string
		want []string
	}{
		{"", []string{"empty file path", "give the name of the file"}},
		{"/", []string{"/ is a directory", "give the path of a file", "/out.bin"}},
		{dir, []string{dir + " is a directory", filepath.Join(dir, "out.bin")}},
		{dir + "/", []string{"is a directory"}},
		{filepath.Join(dir, "."), []string{"is a directory"}},
		{filepath.Join(dir, "missing", "m.bin"), []string{"directory " + filepath.Join(dir, "missing") + " does not exist", "create it first"}},
	}
	for _, tt := range tests {
		err := WriteFile(tt.path, []byte("x"))
		if err == nil {
			t.Errorf("WriteFile(%q) = nil, want an error", tt.path)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("WriteFile(%q) = %q, want it to say %q", tt.path, err, w)
			}
		}
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("bad paths left %q in %s", got, dir)
	}
}

func TestWriteFileRemovesStaleTempFilesOfItsTarget(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * StaleAfter)
	files := map[string]bool{ // name → is stale
		".m.bin.tmp-1a2b3c4d5e6f": true,  // an interrupted write of m.bin
		".m.bin.tmp-400983600":    true,  // one of the os.CreateTemp naming
		".m.bin.tmp-abcdef":       false, // a write of m.bin in progress (recent)
		".other.tmp-1a2b3c":       false, // another target's
		".m.bin.tmp-notes.txt":    false, // not a temporary file name
	}
	for name, stale := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
		if stale || name == ".other.tmp-1a2b3c" || name == ".m.bin.tmp-notes.txt" {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := WriteFile(filepath.Join(dir, "m.bin"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	want := []string{".m.bin.tmp-abcdef", ".m.bin.tmp-notes.txt", ".other.tmp-1a2b3c", "m.bin"}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Errorf("directory holds %q, want %q", got, want)
	}
}
