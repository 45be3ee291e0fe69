package notebooktest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runsHistory matches the files of a notebook's history of training runs (nb.OpenRuns): 02-runs.json,
// 02-runs.json.bak (what Runs.Clear kept), 02-runs.json.corrupt-20260102-150405 (a file set aside).
var runsHistory = regexp.MustCompile(`^[\w.-]+-runs\.json(\.bak|\.(corrupt|foreign)-[\d-]+)?$`)

// TestNotebooksFolderHoldsOnlyNotebooks checks what a learner sees in Jupyter's file browser at notebooks/: the
// notebooks, a README, and the models and histories of training runs the notebooks save when they run. Go code
// (tests included) belongs in a package outside that folder, such as this one.
func TestNotebooksFolderHoldsOnlyNotebooks(t *testing.T) {
	entries, err := os.ReadDir(notebooksDir)
	if err != nil {
		t.Fatal(err)
	}
	notebooks := 0
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."):
			// Hidden: Jupyter's file browser does not list it (.ipynb_checkpoints).
		case filepath.Ext(name) == ".ipynb" && !e.IsDir():
			notebooks++
		case name == "README.md" && !e.IsDir():
		case filepath.Ext(name) == ".model":
			// Saved by a notebook (01 saves hello-world.model for 02); not committed.
		case runsHistory.MatchString(name):
			// A notebook's history of training runs (02-runs.json, and the runs a Clear kept or a corrupt file
			// set aside); not committed.
		default:
			t.Errorf("notebooks/%s: the notebooks folder holds notebooks only (with a README.md, and the models "+
				"they save); move it elsewhere (Go code that checks the notebooks goes to e2e/notebooktest)", name)
		}
	}
	if notebooks == 0 {
		t.Errorf("no notebooks in %s", notebooksDir)
	}
}
