package jupytertest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOnlyTestsImportThisPackage checks that no non-test Go file of the repository imports jupytertest, whose
// functions take a *testing.T.
func TestOnlyTestsImportThisPackage(t *testing.T) {
	const self = "github.com/dlgo/hello/e2e/jupytertest"
	root := filepath.Join("..", "..")
	importers := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "node_modules" ||
				name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == self {
				if !strings.HasSuffix(path, "_test.go") {
					t.Errorf("%s imports %s, which is for tests only", path, self)
				}
				importers++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if importers == 0 {
		t.Errorf("no test file imports %s: the walk of %s found nothing", self, root)
	}
}
