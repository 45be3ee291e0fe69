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
	"time"
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
}

// ci reports whether the test runs in continuous integration, where missing tools are a failure.
func ci() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "0" && v != "false"
}

// missing skips the test because a tool is absent, or fails it in CI.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if ci() {
		t.Fatalf("notebooks: %s (CI is set, so this is a failure rather than a skip)", msg)
	}
	t.Skipf("notebooks: skipped: %s", msg)
}

// newToolEnv finds jupyter and the gonb kernelspec, preferring the repository's .tools when PATH and
// JUPYTER_DATA_DIR do not say otherwise.
func newToolEnv(t *testing.T) *toolEnv {
	t.Helper()
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	path := os.Getenv("PATH")
	if bin := filepath.Join(root, ".tools", "bin"); isFile(filepath.Join(bin, "gonb")) {
		path = bin + string(os.PathListSeparator) + path
	}
	vars := append(os.Environ(), "PATH="+path)
	if os.Getenv("JUPYTER_DATA_DIR") == "" {
		if dir := filepath.Join(root, ".tools", "jupyter"); isFile(filepath.Join(dir, "kernels", "gonb", "kernel.json")) {
			vars = append(vars, "JUPYTER_DATA_DIR="+dir)
		}
	}
	if !slices.ContainsFunc(vars, func(v string) bool { return strings.HasPrefix(v, "GOEXPERIMENT=") }) {
		vars = append(vars, "GOEXPERIMENT=simd")
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
	var specs struct {
		Kernelspecs map[string]struct {
			Spec struct {
				Argv []string `json:"argv"`
			} `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &specs); err != nil {
		t.Fatalf("notebooks: jupyter kernelspec list --json: %v", err)
	}
	gonb, ok := specs.Kernelspecs["gonb"]
	if !ok {
		missing(t, "no gonb kernel in jupyter kernelspec list (install it with docker/install-gonb.sh BIN_DIR "+
			"JUPYTER_DATA_DIR, and set JUPYTER_DATA_DIR)")
	}
	if len(gonb.Spec.Argv) == 0 || env.lookPath(gonb.Spec.Argv[0]) == "" {
		missing(t, "the gonb kernelspec runs %q, which is not installed", gonb.Spec.Argv)
	}
	for _, tool := range []string{"goimports", "gopls"} {
		if env.lookPath(tool) == "" {
			missing(t, "%s not found on PATH; GoNB needs it (docker/install-gonb.sh installs it)", tool)
		}
	}
	return env
}

// lookPath finds a command on the environment's PATH; it returns "" when there is none.
func (e *toolEnv) lookPath(name string) string {
	if strings.Contains(name, "/") {
		if isFile(name) {
			return name
		}
		return ""
	}
	for _, dir := range filepath.SplitList(e.get("PATH")) {
		if p := filepath.Join(dir, name); isFile(p) {
			return p
		}
	}
	return ""
}

// get returns the last value of an environment variable.
func (e *toolEnv) get(name string) string {
	for i := len(e.vars) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(e.vars[i], name+"="); ok {
			return v
		}
	}
	return ""
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

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

// testContext returns a context that ends a minute before the test's deadline, so that a hung command is killed
// and reported rather than the whole test binary panicking.
func testContext(t *testing.T) context.Context {
	ctx := context.Background()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-time.Minute))
		t.Cleanup(cancel)
	}
	return ctx
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
