package notebooktest

// TestNotebooks executes every notebook of notebooks/ with Jupyter nbconvert and the GoNB kernel, in order
// (02 uses the model 01 saves), checks the outputs, and serves each executed notebook to headless Chromium to
// check that its images render in Jupyter Notebook.
//
// It needs jupyter (nbconvert, and jupyter-notebook for the browser check), the gonb kernelspec with gonb,
// goimports and gopls (docker/install-gonb.sh), and chromium for the browser check. The repository's .tools/bin
// and .tools/jupyter, where `docker/install-gonb.sh .tools/bin .tools/jupyter` installs them, are used when PATH and
// JUPYTER_DATA_DIR do not say otherwise. Without them the test is skipped, unless CI is set: then it fails.
//
// Environment:
//
//	NOTEBOOK_EPOCHS    caps the epochs of the training runs of 02 and 03, for quick runs; the test sets it to 2
//	                   when it is unset (01 always trains its full 20 epochs).
//	NOTEBOOKS_UPDATE=1 writes the executed notebooks back into notebooks/, trusted (python3 -m nbformat.sign), so that the
//	                   committed notebooks show the outputs of a real run; it runs every training in full and
//	                   refuses a set NOTEBOOK_EPOCHS.
//	NOTEBOOKS_OUT=dir  keeps the executed notebooks and the browser screenshot in dir (default: the test's
//	                   temporary folder, removed at the end).
//
// On 2 CPU cores the four notebooks take a few minutes with NOTEBOOK_EPOCHS=2 (01 trains in full, about 2 min) and
// about 18 in full (01: 2 min, 02: 11, 03: 4, 04: 15 s), so run the test with a longer timeout than go test's
// default:
//
//	cd e2e && go test -timeout 60m ./notebooktest/
//
// TestCommittedNotebooksShowAFullRun checks the saved outputs of the committed notebooks; it needs no tools.

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// minHelloAccuracy is the test accuracy 01-hello-world must reach (the original reached 0.9329).
const minHelloAccuracy = 0.928

// quickEpochs is NOTEBOOK_EPOCHS when the environment does not set it.
const quickEpochs = "2"

// notebookChecks lists the notebooks in execution order with their specific checks.
var notebookChecks = []struct {
	name string
	// tables is whether the notebook must show at least one HTML table.
	tables bool
	check  func(t *testing.T, nb *notebook)
	// fullRun is printed by a run that trains for the full number of epochs (NOTEBOOK_EPOCHS unset).
	fullRun string
	// page holds texts the page rendered by Jupyter Notebook must contain, from a markdown cell and an output.
	page []string
}{
	{
		name: "01-hello-world.ipynb", check: checkHelloAccuracy, fullRun: "saved hello-world.model after 20 epochs",
		page: []string{"Hello World: reading handwritten digits in Go", "Accuracy of testing"},
	},
	{
		name: "02-activations.ipynb", tables: true, check: checkRunsNotebook, fullRun: "each training run below: 20 epochs",
		page: []string{"Your turn: retrain the Hello World model", "test accuracy"},
	},
	{
		name: "03-chapter1.ipynb", tables: true, fullRun: "V1 trains for 200 epochs, the others for 20",
		page: []string{"V4: better optimizers", "Test accuracy:"},
	},
	{
		name: "04-draw-a-digit.ipynb", check: checkDrawNotebook, fullRun: "using chapter1-v4-adam.model saved by 03-chapter1",
		page: []string{"Which model reads drawings best", "the drawing board is closed"},
	},
	{
		name: "05-inside-the-network.ipynb", tables: true, check: checkInsideNotebook,
		fullRun: "training runs below: 20 epochs (Hello World models), 10 (gradients)",
		page:    []string{"Vanishing gradients, measured", "layers[0] dense_1"},
	},
}

// TestCommittedNotebooksShowAFullRun checks the notebooks of notebooks/ as committed: GitHub and other static
// viewers show their saved outputs, which must come from a successful full run (see NOTEBOOKS_UPDATE). It needs
// neither Jupyter nor GoNB.
func TestCommittedNotebooksShowAFullRun(t *testing.T) {
	for _, nc := range notebookChecks {
		t.Run(strings.TrimSuffix(nc.name, ".ipynb"), func(t *testing.T) {
			nb := readNotebook(t, filepath.Join(notebooksDir, nc.name))
			checkNoErrors(t, nb)
			checkFigures(t, nb)
			checkTables(t, nb, nc.tables)
			if nc.check != nil {
				nc.check(t, nb)
			}
			if !strings.Contains(nb.stdout(), nc.fullRun) {
				t.Errorf("the outputs do not come from a full run: they lack %q; "+
					"update them with cd e2e && NOTEBOOKS_UPDATE=1 go test -timeout 60m ./notebooktest/", nc.fullRun)
			}
		})
	}
}

func TestNotebooks(t *testing.T) {
	if testing.Short() {
		t.Skip("notebooks: skipped in -short mode (executing them takes minutes)")
	}
	env := newToolEnv(t)
	update := os.Getenv("NOTEBOOKS_UPDATE") == "1"
	epochs, set := os.LookupEnv("NOTEBOOK_EPOCHS")
	need := 12 * time.Minute // twice the quick run
	if update || (set && epochs == "") {
		need = 35 * time.Minute // twice the full run
	}
	if deadline, ok := t.Deadline(); ok && time.Until(deadline) < need {
		t.Fatalf("notebooks: executing the notebooks may take %v, but the test times out in %v: "+
			"run cd e2e && go test -timeout 60m ./notebooktest/", need, time.Until(deadline).Round(time.Second))
	}
	switch {
	case update && set:
		t.Fatalf("notebooks: NOTEBOOKS_UPDATE=1 writes the outputs that are committed, which must come from full "+
			"training runs: unset NOTEBOOK_EPOCHS (now %q)", epochs)
	case !update && !set:
		env.vars = append(env.vars, "NOTEBOOK_EPOCHS="+quickEpochs)
		t.Logf("NOTEBOOK_EPOCHS=%s: the training runs of 02 and 03 are cut short (01 trains in full)", quickEpochs)
	}
	outDir := os.Getenv("NOTEBOOKS_OUT")
	if outDir == "" {
		outDir = t.TempDir()
	} else if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}

	for _, nc := range notebookChecks {
		ok := t.Run(strings.TrimSuffix(nc.name, ".ipynb"), func(t *testing.T) {
			executed, gonbLog := env.execute(t, nc.name, outDir)
			nb := readNotebook(t, executed)
			checkNoErrors(t, nb)
			checkFigures(t, nb)
			checkTables(t, nb, nc.tables)
			if nc.check != nil {
				nc.check(t, nb)
			}
			if t.Failed() {
				t.Log(jupytertest.Diagnose(errors.New("the executed notebook to pass the checks above"),
					jupytertest.Witnesses{Saved: nb.view(executed), GoNBLog: gonbLog}))
			}
			t.Run("browser", func(t *testing.T) { env.checkServed(t, executed, outDir, nc.page) })
			if update && !t.Failed() {
				env.writeBack(t, executed, nc.name)
			}
		})
		if !ok && nc.name == "01-hello-world.ipynb" {
			t.Fatal("notebooks: 01-hello-world failed; the other notebooks use its model")
		}
	}
}

// execute runs the notebook name of notebooks/ with nbconvert and returns the path of the executed copy in
// outDir, and the log of its GoNB kernel (a file of the test's own). The kernel runs in notebooks/ (nbconvert
// starts it in the notebook's folder), where the notebooks save their models.
func (e *toolEnv) execute(t *testing.T, name, outDir string) (executed, gonbLog string) {
	t.Helper()
	start := time.Now()
	config, lastCell := nbconvertConfig(t)
	cmd := e.command(testContext(t), e.jupyter, "nbconvert", "--config="+config, "--to", "notebook", "--execute",
		"--ExecutePreprocessor.timeout=1800", "--ExecutePreprocessor.kernel_name=gonb",
		"--ExecutePreprocessor.record_timing=False", "--output-dir", outDir, filepath.Join(notebooksDir, name))
	cmd.Env, gonbLog = e.gonbKernel(t)
	out, err := cmd.CombinedOutput()
	if err != nil {
		// nbconvert saves no notebook when a cell fails: the report shows the last cell it ran (see
		// nbconvertConfig) and nbconvert's output, which ends with the failing cell's source and error.
		t.Fatal(jupytertest.Diagnose(fmt.Errorf("notebooks: jupyter nbconvert --execute %s to succeed: %v (its "+
			"output is under the server's log)", name, err),
			jupytertest.Witnesses{Output: string(out), GoNBLog: gonbLog, Saved: readLastCell(lastCell, name),
				Shown: "(no live page: nbconvert ran the notebook, and saves none when a cell fails)"}))
	}
	t.Logf("%s executed in %v", name, time.Since(start).Round(time.Second))
	return filepath.Join(outDir, name), gonbLog
}

// writeBack copies the executed notebook over the one in notebooks/ and trusts it.
func (e *toolEnv) writeBack(t *testing.T, executed, name string) {
	t.Helper()
	data, err := os.ReadFile(executed)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(notebooksDir, name)
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := e.trust(testContext(t), dst); err != nil {
		t.Errorf("notebooks: %v", err)
	}
	t.Logf("updated %s with its outputs", name)
}

// nbconvertHooks is nbconvert's configuration (a Python file) that writes each code cell to the file named by %s
// as it starts, then again with its outputs as it ends: when a cell fails or times out, nbconvert saves no
// notebook, and the file still holds that cell.
const nbconvertHooks = `import json

def _last_cell(cell, cell_index, **kwargs):
    with open(%s, "w") as f:
        json.dump({"index": cell_index, "ended": "execute_reply" in kwargs, "cell": cell}, f)

c.ExecutePreprocessor.on_cell_execute = _last_cell
c.ExecutePreprocessor.on_cell_executed = _last_cell
`

// nbconvertConfig writes nbconvertHooks for this test and returns its path and that of the file it writes.
func nbconvertConfig(t *testing.T) (config, lastCell string) {
	t.Helper()
	dir := t.TempDir()
	config, lastCell = filepath.Join(dir, "nbconvert_hooks.py"), filepath.Join(dir, "last-cell.json")
	quoted, _ := json.Marshal(lastCell) // a Python string literal too
	if err := os.WriteFile(config, []byte(fmt.Sprintf(nbconvertHooks, quoted)), 0o644); err != nil {
		t.Fatal(err)
	}
	return config, lastCell
}

// readLastCell returns the cell that nbconvertHooks wrote to path, as a failure's report shows it (marked running
// when it did not end), or nil when there is none.
func readLastCell(path, name string) *jupytertest.PageView {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var last struct {
		Index int  `json:"index"`
		Ended bool `json:"ended"`
		Cell  cell `json:"cell"`
	}
	if err := json.Unmarshal(data, &last); err != nil {
		return nil
	}
	nb := &notebook{Cells: make([]cell, last.Index+1)}
	nb.Cells[last.Index] = last.Cell
	p := nb.view(name + ": the last cell nbconvert ran, as it ran")
	if len(p.Cells) == 1 && !last.Ended {
		p.Cells[0].Prompt = "[*]:"
	}
	return p
}
