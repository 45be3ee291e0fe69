package docker

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestScripts runs `bash -n` on every docker/*.sh and checks that each is
// executable, as the Dockerfile runs them directly.
func TestScripts(t *testing.T) {
	requireBash(t)
	scripts, err := filepath.Glob("*.sh")
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatal("no scripts in docker/")
	}
	for _, s := range scripts {
		if out, err := exec.Command("bash", "-n", s).CombinedOutput(); err != nil {
			t.Errorf("bash -n %s: %v: %s", s, err, out)
		}
		info, err := os.Stat(s)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode()&0o111 == 0 {
			t.Errorf("%s is not executable", s)
		}
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), "#!/usr/bin/env bash\n") || !strings.Contains(string(data), "set -euo pipefail") {
			t.Errorf("%s: want a bash shebang and set -euo pipefail", s)
		}
	}
}

// jupyterPort is the port JupyterLab listens on in the image.
const jupyterPort = "8888"

// requireBash skips the test where bash is missing.
func requireBash(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not found:", err)
	}
}

// TestInstallGoRejectsBadSources checks the lines install-go.sh ends with before any download when GO_SOURCE,
// GOPROXY or the version cannot work.
func TestInstallGoRejectsBadSources(t *testing.T) {
	requireBash(t)
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"GO_SOURCE=github"}, "GO_SOURCE=github: want go.dev (the official archive) or goproxy"},
		{[]string{"GO_SOURCE=goproxy", "GOPROXY=direct"}, "GOPROXY=direct names no proxy URL"},
		{[]string{"GO_SOURCE=goproxy", "GOPROXY=off"}, "GOPROXY=off names no proxy URL"},
		{[]string{"GO_SOURCE=goproxy", "GO_VERSION=1.20.1"}, "no SHA-256 known for golang.org/toolchain@v0.0.1-go1.20.1.linux-"},
		{[]string{"GO_VERSION=1.20.1"}, "no SHA-256 known for go1.20.1.linux-"},
	} {
		t.Run(strings.Join(tc.env, " "), func(t *testing.T) {
			cmd := exec.Command("bash", "install-go.sh", t.TempDir())
			cmd.Env = append(os.Environ(), tc.env...)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("install-go.sh succeeded:\n%s", out)
			}
			if !strings.Contains(string(out), tc.want) {
				t.Errorf("want a line with %q, got:\n%s", tc.want, out)
			}
		})
	}
}

// TestInstallGoCheckNamesTheDownload checks that --check names the file each GO_SOURCE downloads and its pin.
func TestInstallGoCheckNamesTheDownload(t *testing.T) {
	requireBash(t)
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go not found on PATH")
	}
	for source, want := range map[string]*regexp.Regexp{
		"go.dev":  regexp.MustCompile(`go\d+\.\d+\.\d+\.linux-\w+\.tar\.gz pinned to sha256 [0-9a-f]{64}`),
		"goproxy": regexp.MustCompile(`golang\.org/toolchain@v0\.0\.1-go\d+\.\d+\.\d+\.linux-\w+\.zip pinned to sha256 [0-9a-f]{64}`),
	} {
		cmd := exec.Command("bash", "install-go.sh", "--check")
		cmd.Env = append(os.Environ(), "GO_SOURCE="+source)
		out, err := cmd.CombinedOutput()
		if err != nil && strings.Contains(string(out), "want go") {
			t.Skipf("the go on PATH is not the pinned release: %s", out)
		}
		if err != nil || !want.Match(out) {
			t.Errorf("GO_SOURCE=%s install-go.sh --check: %v, want a line matching %s:\n%s", source, err, want, out)
		}
	}
}
