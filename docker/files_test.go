package docker

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPins checks that the versions pinned in different files agree.
func TestPins(t *testing.T) {
	src, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	installGo, err := os.ReadFile("install-go.sh")
	if err != nil {
		t.Fatal(err)
	}
	arg := regexp.MustCompile(`(?m)^ARG GO_VERSION=(\S+)$`).FindSubmatch(src)
	pinned := regexp.MustCompile(`(?m)^readonly PINNED_GO_VERSION=(\S+)$`).FindSubmatch(installGo)
	if arg == nil || pinned == nil {
		t.Fatalf("ARG GO_VERSION in Dockerfile (%q) or PINNED_GO_VERSION in install-go.sh (%q) not found", arg, pinned)
	}
	if string(arg[1]) != string(pinned[1]) {
		t.Errorf("Dockerfile builds Go %s but install-go.sh pins %s", arg[1], pinned[1])
	}

	cuda := map[string]*regexp.Regexp{
		"Dockerfile":          regexp.MustCompile(`(?m)^ARG CUDA_PJRT_VERSION=(\S+)$`),
		"compose.yaml":        regexp.MustCompile(`(?m)^\s+CUDA_PJRT_VERSION: "(\S+)"$`),
		"install-pjrt.sh":     regexp.MustCompile(`CUDA_PJRT_VERSION:-([^}]+)}`),
		"pjrtinstall/main.go": regexp.MustCompile(`(?m)^const defaultCUDAVersion = "(\S+)"$`),
	}
	versions := map[string]string{}
	for file, re := range cuda {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		m := re.FindSubmatch(data)
		if m == nil {
			t.Fatalf("%s: no CUDA PJRT version pin (%s)", file, re)
		}
		versions[file] = string(m[1])
	}
	for _, v := range versions {
		if v == "latest" || v != versions["Dockerfile"] {
			t.Errorf("CUDA PJRT versions disagree or float: %v", versions)
			break
		}
	}

	tools, err := os.ReadFile(filepath.Join("tools", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"github.com/janpfeifer/gonb v0.11.5",
		"golang.org/x/tools/gopls ",
		"\tgithub.com/janpfeifer/gonb\n",
		"\tgolang.org/x/tools/cmd/goimports\n",
		"\tgolang.org/x/tools/gopls\n",
	} {
		if !strings.Contains(string(tools), want) {
			t.Errorf("tools/go.mod lacks %q", want)
		}
	}
}

// TestCompose checks docker/compose.yaml for what can go wrong without
// Docker: the build file, the published port, the token.
func TestCompose(t *testing.T) {
	data, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	compose := string(data)
	for _, want := range []string{
		"dockerfile: docker/Dockerfile",
		"context: ..",
		`"127.0.0.1:8888:8888"`,
		"VARIANT: cuda",
		"driver: nvidia",
	} {
		if !strings.Contains(compose, want) {
			t.Errorf("compose.yaml lacks %q", want)
		}
	}
	for _, bad := range []string{"--allow-root", "JUPYTER_TOKEN: \"\"", "JUPYTER_TOKEN: ''", "user: root", "privileged"} {
		if strings.Contains(compose, bad) {
			t.Errorf("compose.yaml contains %q", bad)
		}
	}
}

// TestUserDefaults checks that the image users build gets Go from go.dev, JupyterLab from PyPI and the XLA CPU
// plugin: the build arguments that substitute them (for docker/imagetest, where only Debian's archive and the Go
// module proxy are reachable) default to the users' sources, and compose.yaml sets none of them.
func TestUserDefaults(t *testing.T) {
	src, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	compose, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for arg, want := range map[string]string{"GO_SOURCE": "go.dev", "JUPYTER_SOURCE": "pip", "VARIANT": "cpu"} {
		m := regexp.MustCompile(`(?m)^ARG ` + arg + `=(\S*)$`).FindSubmatch(src)
		if m == nil || string(m[1]) != want {
			t.Errorf("Dockerfile: want ARG %s=%s (the users' default), got %q", arg, want, m)
		}
		if arg != "VARIANT" && strings.Contains(string(compose), arg) {
			t.Errorf("compose.yaml sets %s: the users' image must take the default", arg)
		}
	}
	if !regexp.MustCompile(`(?m)^\s+VARIANT: cpu$`).Match(compose) {
		t.Errorf("compose.yaml: the lab service does not build VARIANT: cpu")
	}
}
