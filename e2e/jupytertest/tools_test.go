package jupytertest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestGetenvReturnsTheLastValue(t *testing.T) {
	vars := []string{"A=1", "PATHX=no", "A=2", "B=3"}
	for _, tc := range []struct{ name, want string }{{"A", "2"}, {"B", "3"}, {"PATH", ""}, {"C", ""}} {
		if got := Getenv(vars, tc.name); got != tc.want {
			t.Errorf("Getenv(%q, %q) = %q, want %q", vars, tc.name, got, tc.want)
		}
	}
}

func TestLookPathSearchesThePathOfVars(t *testing.T) {
	dir := t.TempDir()
	tool := filepath.Join(dir, "tool")
	if err := os.WriteFile(tool, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	vars := []string{"PATH=/nonexistent", "PATH=/nonexistent" + string(os.PathListSeparator) + dir}
	for _, tc := range []struct{ name, want string }{
		{"tool", tool}, {tool, tool}, {"folder", ""}, {"absent", ""}, {filepath.Join(dir, "absent"), ""},
	} {
		if got := LookPath(vars, tc.name); got != tc.want {
			t.Errorf("LookPath(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTailKeepsTheLastLines(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"a\nb\nc\n", 2, "...\nb\nc"},
		{"a\nb\n", 2, "a\nb"},
		{"a", 5, "a"},
	} {
		if got := Tail(tc.s, tc.n); got != tc.want {
			t.Errorf("Tail(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

func TestChromiumArgsAreHeadlessAndSandboxFree(t *testing.T) {
	args := ChromiumArgs("/tmp/profile")
	for _, want := range []string{"--headless", "--no-sandbox", "--disable-quic", "--user-data-dir=/tmp/profile"} {
		if !slices.Contains(args, want) {
			t.Errorf("ChromiumArgs lacks %s: %q", want, args)
		}
	}
}

func TestRandomTokenIsFreshHex(t *testing.T) {
	a, b := RandomToken(t), RandomToken(t)
	if len(a) != 32 || strings.Trim(a, "0123456789abcdef") != "" || a == b {
		t.Errorf("RandomToken gave %q and %q, want two different strings of 32 hex digits", a, b)
	}
}
