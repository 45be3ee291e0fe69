package jupyterlab

// Helpers that do not depend on JupyterLab and that e2e/notebooktest does not need: the repository's root,
// deadlines, commands' output. The shared ones are in e2e/jupytertest.

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// repoRoot returns the repository's root folder, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if !jupytertest.IsFile(filepath.Join(root, "go.mod")) {
		t.Fatalf("no go.mod in %s: the test must run in its package folder", root)
	}
	return root
}

// needTime fails the test at once when its deadline is nearer than need.
func needTime(t *testing.T, need time.Duration, hint string) {
	t.Helper()
	if deadline, ok := t.Deadline(); ok && time.Until(deadline) < need {
		t.Fatalf("this test may take %v, but it times out in %v: %s", need,
			time.Until(deadline).Round(time.Second), hint)
	}
}

// runOutput runs a command and returns its standard output, with its standard error in the error.
func runOutput(ctx context.Context, vars []string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = vars
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, jupytertest.Tail(stderr.String(), 30))
	}
	return string(out), nil
}
