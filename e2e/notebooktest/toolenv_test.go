package notebooktest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// repoRoot is the repository's root and notebooksDir its notebooks, relative to this package's folder, where go
// test runs the tests.
const (
	repoRoot     = "../.."
	notebooksDir = repoRoot + "/notebooks"
)

// toolEnv locates Jupyter and the GoNB kernel and holds the environment the notebooks run in.
type toolEnv struct {
	jupyter string   // the jupyter command
	python  string   // the Python that runs jupyter, for nbformat.sign
	vars    []string // environment of the commands
	gonb    string   // the folder of the gonb kernelspec (kernel.json)
}

// missing skips the test because a tool is absent, or fails it in CI (see jupytertest.Missing).
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	jupytertest.Missing(t, "notebooks: "+format, args...)
}

// newToolEnv finds jupyter and the gonb kernelspec, preferring the repository's .tools when PATH and
// JUPYTER_DATA_DIR do not say otherwise.
func newToolEnv(t *testing.T) *toolEnv {
	t.Helper()
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	vars := jupytertest.ToolVars(root)
	if os.Getenv("JUPYTER_DATA_DIR") == "" {
		if dir := filepath.Join(root, ".tools", "jupyter"); jupytertest.IsFile(filepath.Join(dir, "kernels", "gonb", "kernel.json")) {
			vars = append(vars, "JUPYTER_DATA_DIR="+dir)
		}
	}
	env := &toolEnv{vars: vars}

	env.jupyter = env.lookPath("jupyter")
	if env.jupyter == "" {
		missing(t, "jupyter not found on PATH (apt-get install jupyter-notebook jupyter-nbconvert jupyter-client)")
	}
	env.python = interpreter(env.jupyter)
	out, err := env.command(context.Background(), env.jupyter, "kernelspec", "list", "--json").Output()
	if err != nil {
		missing(t, "jupyter kernelspec list: %v", err)
	}
	specs, err := parseKernelspecs(out)
	if err != nil {
		t.Fatalf("notebooks: %v", err)
	}
	gonb, ok := specs["gonb"]
	if !ok {
		missing(t, "no gonb kernel in jupyter kernelspec list (install it with docker/install-gonb.sh BIN_DIR "+
			"JUPYTER_DATA_DIR, and set JUPYTER_DATA_DIR)")
	}
	if len(gonb.Argv) == 0 || env.lookPath(gonb.Argv[0]) == "" {
		missing(t, "the gonb kernelspec runs %q, which is not installed", gonb.Argv)
	}
	env.gonb = gonb.Dir
	for _, tool := range []string{"goimports", "gopls"} {
		if env.lookPath(tool) == "" {
			missing(t, "%s not found on PATH; GoNB needs it (docker/install-gonb.sh installs it)", tool)
		}
	}
	return env
}

// lookPath finds a command on the environment's PATH; it returns "" when there is none.
func (e *toolEnv) lookPath(name string) string { return jupytertest.LookPath(e.vars, name) }

// kernelspecs are the kernels that jupyter kernelspec list --json lists, by name.
type kernelspecs map[string]kernelspec

// kernelspec is a kernel's command line (argv) and the folder of its kernel.json.
type kernelspec struct {
	Argv []string
	Dir  string
}

// parseKernelspecs reads the output of jupyter kernelspec list --json.
func parseKernelspecs(out []byte) (kernelspecs, error) {
	var list struct {
		Kernelspecs map[string]struct {
			ResourceDir string `json:"resource_dir"`
			Spec        struct {
				Argv []string `json:"argv"`
			} `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &list); err != nil {
		return nil, fmt.Errorf("jupyter kernelspec list --json: %w", err)
	}
	specs := kernelspecs{}
	for name, k := range list.Kernelspecs {
		specs[name] = kernelspec{Argv: k.Spec.Argv, Dir: k.ResourceDir}
	}
	return specs, nil
}

// gonbKernel returns the environment of a command that runs GoNB kernels with a log of this test's own (see
// jupytertest.GoNBKernel), and that log's path.
func (e *toolEnv) gonbKernel(t *testing.T) (vars []string, logFile string) {
	t.Helper()
	dir, logFile := jupytertest.GoNBKernel(t, e.gonb)
	path := dir
	if p := jupytertest.Getenv(e.vars, "JUPYTER_PATH"); p != "" {
		path += string(os.PathListSeparator) + p
	}
	return append(slices.Clone(e.vars), "JUPYTER_PATH="+path), logFile
}

func (e *toolEnv) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = slices.Clone(e.vars)
	return cmd
}

// interpreter returns the Python interpreter named on the #! line of the script at path, or "python3".
func interpreter(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "python3"
	}
	line, _, _ := strings.Cut(string(data), "\n")
	if fields := strings.Fields(strings.TrimPrefix(line, "#!")); strings.HasPrefix(line, "#!") && len(fields) > 0 &&
		strings.Contains(filepath.Base(fields[len(fields)-1]), "python") {
		return fields[len(fields)-1]
	}
	return "python3"
}

// trust signs a notebook for this Jupyter installation, so that Jupyter Notebook shows all of its outputs
// (it strips SVG and scripts from an untrusted notebook's HTML outputs).
func (e *toolEnv) trust(ctx context.Context, path string) error {
	if out, err := e.command(ctx, e.python, "-m", "nbformat.sign", path).CombinedOutput(); err != nil {
		return fmt.Errorf("%s -m nbformat.sign %s: %w\n%s", e.python, path, err, out)
	}
	return nil
}

// testContext returns a context that ends a minute before the test's deadline (see jupytertest.Context).
func testContext(t *testing.T) context.Context { return jupytertest.Context(t) }

// tail returns the last n lines of s.
func tail(s string, n int) string { return jupytertest.Tail(s, n) }
