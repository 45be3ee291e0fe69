package jupytertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// CI reports whether the test runs in continuous integration (CI is set, and not to 0 or false), where a missing
// tool is a failure.
func CI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "0" && v != "false"
}

// Missing skips the test because a tool is absent, or fails it when CI is set.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if CI() {
		t.Fatalf("%s (CI is set, so this is a failure rather than a skip)", msg)
	}
	t.Skipf("skipped: %s", msg)
}

// ToolVars returns the environment the tools run in: this process's, with the repository's .tools/bin (as `make
// tools` installs GoNB, goimports and gopls there) first on PATH when it holds gonb, and GOEXPERIMENT=simd unless
// GOEXPERIMENT is set.
func ToolVars(root string) []string {
	path := os.Getenv("PATH")
	if bin := filepath.Join(root, ".tools", "bin"); IsFile(filepath.Join(bin, "gonb")) {
		path = bin + string(os.PathListSeparator) + path
	}
	vars := append(os.Environ(), "PATH="+path)
	if !slices.ContainsFunc(vars, func(v string) bool { return strings.HasPrefix(v, "GOEXPERIMENT=") }) {
		vars = append(vars, "GOEXPERIMENT=simd")
	}
	return vars
}

// IsFile reports whether path is a file (not a folder).
func IsFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

// LookPath finds a command on the PATH of the environment vars; it returns "" when there is none. A name with a
// slash is a path, returned when it is a file.
func LookPath(vars []string, name string) string {
	if strings.Contains(name, "/") {
		if IsFile(name) {
			return name
		}
		return ""
	}
	for _, dir := range filepath.SplitList(Getenv(vars, "PATH")) {
		if p := filepath.Join(dir, name); IsFile(p) {
			return p
		}
	}
	return ""
}

// Getenv returns the last value of the variable name in the environment vars, as a command started with them
// sees it.
func Getenv(vars []string, name string) string {
	for i := len(vars) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(vars[i], name+"="); ok {
			return v
		}
	}
	return ""
}

// FindChromium returns the path of Chromium (or Chrome) on the PATH of vars, or "".
func FindChromium(vars []string) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p := LookPath(vars, name); p != "" {
			return p
		}
	}
	return ""
}

// Chromium returns the path of Chromium (see FindChromium), or skips the test (fails it in CI) when there is none.
func Chromium(t testing.TB, vars []string) string {
	t.Helper()
	chromium := FindChromium(vars)
	if chromium == "" {
		Missing(t, "chromium not found on PATH (apt-get install chromium)")
	}
	return chromium
}

// FreePort returns a TCP port of 127.0.0.1 that nothing listens on now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// RandomToken returns 32 random hex digits, a server's token.
func RandomToken(t testing.TB) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// Context returns a context that ends a minute before the test's deadline, so that a hung step is killed and
// reported rather than the whole test binary panicking.
func Context(t *testing.T) context.Context {
	ctx := context.Background()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-time.Minute))
		t.Cleanup(cancel)
	}
	return ctx
}

// Tail returns the last n lines of s, after a "..." line when there are more.
func Tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
