package nb

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyNbImportsGoNB checks that, in this module, only package nb imports
// GoNB: the model, the loader and the figures know nothing of notebooks.
func TestOnlyNbImportsGoNB(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("the module root %s has no go.mod: %v", root, err)
	}
	importers := map[string][]string{} // package directory → GoNB packages it imports
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); path != root && err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			if p == "github.com/janpfeifer/gonb" || strings.HasPrefix(p, "github.com/janpfeifer/gonb/") {
				dir, _ := filepath.Rel(root, filepath.Dir(path))
				importers[filepath.ToSlash(dir)] = append(importers[filepath.ToSlash(dir)], p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("found only %d Go files under %s; is the walk broken?", files, root)
	}
	var dirs []string
	for dir := range importers {
		dirs = append(dirs, dir)
	}
	slices.Sort(dirs)
	if !slices.Equal(dirs, []string{"nb"}) {
		t.Errorf("packages importing GoNB: %q (%v), want only nb; display through package nb instead", dirs, importers)
	}
}
