package notebooktest

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The limits every notebook keeps, so that its cells read like the seed's program: the logic lives in tested
// packages, not in the notebooks.
const (
	maxDataLoads = 1 // the data is declared once, at package level, for all later cells
	maxSyncs     = 0 // package nb syncs its own outputs
	maxFuncs     = 2 // a model definition the learner edits, and at most one more
)

// maxCodeLines caps the non-blank code lines of the notebooks that have a cap.
var maxCodeLines = map[string]int{"01-hello-world.ipynb": 70}

var (
	dataLoad = regexp.MustCompile(`\b(Must)?Load(Fashion)?MNIST(Context)?\(`)
	syncCall = regexp.MustCompile(`\bgonbui\.Sync\(`)
	funcDecl = regexp.MustCompile(`(?m)^func\b`)
)

// notebookStats is what TestNotebookStats counts in the code cells of a notebook.
type notebookStats struct {
	lines, loads, syncs, funcs int
}

func statsOf(nb *notebook) notebookStats {
	var s notebookStats
	nb.codeCells(func(_ int, c *cell) {
		src := string(c.Source)
		for _, line := range strings.Split(src, "\n") {
			if strings.TrimSpace(line) != "" {
				s.lines++
			}
		}
		s.loads += len(dataLoad.FindAllString(src, -1))
		s.syncs += len(syncCall.FindAllString(src, -1))
		s.funcs += len(funcDecl.FindAllString(src, -1))
	})
	return s
}

// TestNotebookStats prints, for every notebook of notebooks/, its non-blank code lines (GoNB's %% lines and
// comments included), data loads, gonbui.Sync calls and func declarations, and fails when one exceeds its limit.
func TestNotebookStats(t *testing.T) {
	paths := notebookPaths(t, 3)
	for _, path := range paths {
		name := filepath.Base(path)
		s := statsOf(readNotebook(t, path))
		t.Logf("%-24s %3d code lines, %d data loads, %d gonbui.Sync() calls, %d func declarations",
			name, s.lines, s.loads, s.syncs, s.funcs)
		if max, ok := maxCodeLines[name]; ok && s.lines > max {
			t.Errorf("%s: %d non-blank code lines, want at most %d: move logic into a package", name, s.lines, max)
		}
		if s.loads > maxDataLoads {
			t.Errorf("%s: loads the data %d times, want at most %d: declare it once (var train, test = …)", name, s.loads, maxDataLoads)
		}
		if s.syncs > maxSyncs {
			t.Errorf("%s: calls gonbui.Sync() %d times; package nb syncs what it shows", name, s.syncs)
		}
		if s.funcs > maxFuncs {
			t.Errorf("%s: declares %d funcs, want at most %d: put helpers in a package, with tests", name, s.funcs, maxFuncs)
		}
	}
}

func TestNotebookStatsCounts(t *testing.T) {
	nb := &notebook{Cells: []cell{
		{CellType: "markdown", Source: "func not() {}\nLoadMNIST()"},
		{CellType: "code", Source: "import \"fmt\"\n\nfunc a() {}\n\n%%\n  \ngonbui.Sync()\n"},
		{CellType: "code", Source: "var train, test = nb.Must2(datasets.LoadMNIST())\n// datasets.MustLoadMNIST()\n\tfunc() {}()\nfunc b() {}"},
	}}
	got := statsOf(nb)
	want := notebookStats{lines: 8, loads: 2, syncs: 1, funcs: 2}
	if got != want {
		t.Errorf("statsOf = %+v, want %+v", got, want)
	}
}
