package notebooktest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// maxSetupChars caps the setup cell, the first thing a learner reads: what it does lives in nb/setup.sh.
const maxSetupChars = 200

var (
	mustPackage   = regexp.MustCompile(`\bmust\.M\w*\(`)              // github.com/janpfeifer/must
	otherMust     = regexp.MustCompile(`\b(\w+)\.Must\w*\(`)          // a package's Must*, other than nb's
	initFunction  = regexp.MustCompile(`(?m)^func init_\w*\(`)        // GoNB's init_ functions
	setupCallLine = regexp.MustCompile(`(?m)^!\*(.*nb/setup\.sh.*)$`) // the shell line of the setup cell
)

// styleErrors returns what breaks the notebooks' one way of writing things in the code cells of nb: cells end on
// an error only through nb.Must, nb.Must2 and nb.Check; no init_ functions; a setup cell, the first code cell, of
// at most maxSetupChars characters that calls nb/setup.sh, the same in every notebook (setup).
func styleErrors(nb *notebook, setup string) []string {
	var errs []string
	first := true
	nb.codeCells(func(n int, c *cell) {
		src := string(c.Source)
		if first {
			first = false
			if len(src) > maxSetupChars {
				errs = append(errs, fmt.Sprintf("cell %d: the setup cell has %d characters, want at most %d: move what it does into nb/setup.sh",
					n, len(src), maxSetupChars))
			}
			if !setupCallLine.MatchString(src) || (setup != "" && src != setup) {
				errs = append(errs, fmt.Sprintf("cell %d: the setup cell is not the one of 01-hello-world.ipynb (it runs nb/setup.sh)", n))
			}
		}
		if m := mustPackage.FindString(src); m != "" {
			errs = append(errs, fmt.Sprintf("cell %d: %s…: end the cell with nb.Must, nb.Must2 or nb.Check instead", n, m))
		}
		for _, m := range otherMust.FindAllStringSubmatch(src, -1) {
			if m[1] != "nb" {
				errs = append(errs, fmt.Sprintf("cell %d: %s…: a panicking Must of another package; use nb.Must(pkg.F(…))", n, m[0]))
			}
		}
		if m := initFunction.FindString(src); m != "" {
			errs = append(errs, fmt.Sprintf("cell %d: %s…: GoNB's init_ functions run in every later cell; call what it does where it is needed", n, m))
		}
	})
	return errs
}

// setupCell returns the first code cell of 01-hello-world.ipynb, the setup cell every notebook starts with.
func setupCell(t *testing.T) string {
	t.Helper()
	var setup string
	readNotebook(t, filepath.Join(notebooksDir, "01-hello-world.ipynb")).codeCells(func(_ int, c *cell) {
		if setup == "" {
			setup = string(c.Source)
		}
	})
	if setup == "" {
		t.Fatal("01-hello-world.ipynb has no code cell")
	}
	return setup
}

// TestNotebookStyle fails on every notebook of notebooks/ that handles errors another way than nb.Must, nb.Must2
// and nb.Check, declares an init_ function, or starts with a setup cell other than 01's short one.
func TestNotebookStyle(t *testing.T) {
	paths := notebookPaths(t, 4)
	setup := setupCell(t)
	for _, path := range paths {
		for _, e := range styleErrors(readNotebook(t, path), setup) {
			t.Errorf("%s: %s", filepath.Base(path), e)
		}
	}
}

// TestNotebookStyleFindsEachBreak checks that styleErrors reports each thing it looks for.
func TestNotebookStyleFindsEachBreak(t *testing.T) {
	setup := "!*bash ${GONB_DIR}/../nb/setup.sh\n%env GOEXPERIMENT=simd"
	cells := func(code ...string) *notebook {
		nb := &notebook{Cells: []cell{{CellType: "markdown", Source: "must.M(x) mlp.MustLoad(f)"}}}
		for _, c := range code {
			nb.Cells = append(nb.Cells, cell{CellType: "code", Source: multiline(c)})
		}
		return nb
	}
	tests := []struct {
		name string
		nb   *notebook
		want []string // a text in each error, in order
	}{
		{"clean", cells(setup, "%%\nm := nb.Must(mlp.Load(f))\nnb.Check(m.Save(g))\nx, y := nb.Must2(f())"), nil},
		{"janpfeifer/must", cells(setup, "must.M(model.Save(f))\nx := must.M1(f())"), []string{"must.M("}},
		{"another Must", cells(setup, "m := mlp.MustLoad(f)\ntrain, test := datasets.MustLoadMNIST()"),
			[]string{"mlp.MustLoad(", "datasets.MustLoadMNIST("}},
		{"init_", cells(setup, "func init_quiet() { mlp.SetBackendNotice(nil) }"), []string{"func init_quiet("}},
		{"long setup", cells(setup + strings.Repeat(" ", maxSetupChars)), []string{"characters", "not the one"}},
		{"other setup", cells("!*go mod edit -replace=x=y\n%env GOEXPERIMENT=simd"), []string{"not the one"}},
	}
	for _, tt := range tests {
		errs := styleErrors(tt.nb, setup)
		if len(errs) != len(tt.want) {
			t.Errorf("%s: errors %q, want %d", tt.name, errs, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(errs[i], w) {
				t.Errorf("%s: error %q, want it to name %q", tt.name, errs[i], w)
			}
		}
	}
}

// TestSetupCell runs the shell line of the notebooks' setup cell as GoNB does (with GONB_DIR set, in the directory
// of GoNB's module): from notebooks/, it makes that module use this repository and pins GoNB; from anywhere else,
// it prints one line saying where to open the notebook, and changes nothing. Like the notebooks' first cell, it
// needs GoNB's modules in the module cache or the Go module proxy (make tools fetches them).
func TestSetupCell(t *testing.T) {
	m := setupCallLine.FindStringSubmatch(setupCell(t))
	if m == nil {
		t.Fatal("01-hello-world.ipynb's setup cell has no line running nb/setup.sh")
	}
	line := m[1]
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	run := func(gonbDir string) (goMod, output string, err error) {
		module := t.TempDir()
		if out, err := exec.Command("go", "-C", module, "mod", "init", "gonb_test").CombinedOutput(); err != nil {
			t.Fatalf("go mod init: %v: %s", err, out)
		}
		cmd := exec.Command("bash", "-c", line)
		cmd.Dir = module
		cmd.Env = append(os.Environ(), "GONB_DIR="+gonbDir)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err = cmd.Run()
		data, readErr := os.ReadFile(filepath.Join(module, "go.mod"))
		if readErr != nil {
			t.Fatal(readErr)
		}
		return string(data), out.String(), err
	}

	goMod, output, err := run(filepath.Join(root, "notebooks"))
	if err != nil || output != "" {
		t.Fatalf("setup from notebooks/: %v, printed %q; want no output", err, output)
	}
	for _, want := range []string{"github.com/dlgo/hello v0.0.0", "github.com/dlgo/hello => " + root, "github.com/janpfeifer/gonb v"} {
		if !strings.Contains(goMod, want) {
			t.Errorf("setup from notebooks/: GoNB's go.mod lacks %q:\n%s", want, goMod)
		}
	}

	goMod, output, _ = run(t.TempDir())
	if strings.Count(output, "\n") != 1 || !strings.Contains(output, "notebooks/ folder") {
		t.Errorf("setup from elsewhere printed %q, want one line saying to open the notebook from notebooks/", output)
	}
	if strings.Contains(goMod, "dlgo/hello") {
		t.Errorf("setup from elsewhere changed GoNB's go.mod:\n%s", goMod)
	}
}
