package jupyterlab

// Helpers that do not depend on JupyterLab: finding the repository's tools, skipping or failing when one is
// missing, free ports, tokens, deadlines.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ci reports whether the test runs in continuous integration, where a missing tool is a failure.
func ci() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "0" && v != "false"
}

// missing skips the test because a tool is absent, or fails it in CI.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if ci() {
		t.Fatalf("%s (CI is set, so this is a failure rather than a skip)", msg)
	}
	t.Skipf("skipped: %s", msg)
}

// repoRoot returns the repository's root folder, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if !isFile(filepath.Join(root, "go.mod")) {
		t.Fatalf("no go.mod in %s: the test must run in its package folder", root)
	}
	return root
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

// lookPath finds a command on the PATH of the environment vars; it returns "" when there is none.
func lookPath(vars []string, name string) string {
	if strings.Contains(name, "/") {
		if isFile(name) {
			return name
		}
		return ""
	}
	for _, dir := range filepath.SplitList(getenv(vars, "PATH")) {
		if p := filepath.Join(dir, name); isFile(p) {
			return p
		}
	}
	return ""
}

// getenv returns the last value of the variable name in the environment vars.
func getenv(vars []string, name string) string {
	for i := len(vars) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(vars[i], name+"="); ok {
			return v
		}
	}
	return ""
}

// findChromium returns the path of Chromium (or Chrome) on the PATH of vars, or "".
func findChromium(vars []string) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p := lookPath(vars, name); p != "" {
			return p
		}
	}
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func randomToken(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// testContext returns a context that ends a minute before the test's deadline, so that a hung step is reported
// rather than the whole test binary panicking.
func testContext(t *testing.T) context.Context {
	ctx := context.Background()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-time.Minute))
		t.Cleanup(cancel)
	}
	return ctx
}

// needTime fails the test at once when its deadline is nearer than need.
func needTime(t *testing.T, need time.Duration, hint string) {
	t.Helper()
	if deadline, ok := t.Deadline(); ok && time.Until(deadline) < need {
		t.Fatalf("this test may take %v, but it times out in %v: %s", need,
			time.Until(deadline).Round(time.Second), hint)
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// runOutput runs a command and returns its standard output, with its standard error in the error.
func runOutput(ctx context.Context, vars []string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = vars
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(stderr.String(), 30))
	}
	return string(out), nil
}
