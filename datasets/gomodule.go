package datasets

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// goModuleTimeout bounds `go mod download`, which may fetch a module of about
// 12 MB through GOPROXY.
const goModuleTimeout = 10 * time.Minute

// goCommand finds the go command; tests replace it with a stand-in.
var goCommand = findGo

// errNoGo reports that no Go toolchain was found.
var errNoGo = errors.New("no Go toolchain found (go is not in PATH)")

// goModuleDir makes the Go toolchain download module@version into the module
// cache and returns the directory holding its files. The download goes
// through GOPROXY and is verified against the Go checksum database (GOSUMDB),
// like any `go get`. The command runs outside any module, so it never
// changes a go.mod or go.sum. It ends with ctx, and on Linux with this process
// (see runChild).
func goModuleDir(ctx context.Context, module, version string) (string, error) {
	goBin, err := goCommand()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, goModuleTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "mod", "download", "-json", module+"@"+version)
	cmd.Dir = os.TempDir()
	// GOFLAGS such as -mod=vendor make no sense outside a module and would
	// fail the command; GOPROXY, GOSUMDB, GOPRIVATE and the rest are kept.
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GO111MODULE=on")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// Once cancelled, stop waiting for output that a surviving grandchild could hold open.
	cmd.WaitDelay = 5 * time.Second
	runErr := runChild(cmd)
	var info struct {
		Dir, Error string
	}
	if err := json.Unmarshal(stdout.Bytes(), &info); err != nil && runErr == nil {
		return "", fmt.Errorf("go mod download %s@%s: reading its output: %w", module, version, err)
	}
	if runErr != nil || info.Error != "" || info.Dir == "" {
		msg := strings.TrimSpace(info.Error)
		if msg == "" {
			msg = strings.TrimSpace(stderr.String())
		}
		if msg == "" && runErr != nil {
			msg = runErr.Error()
		}
		return "", fmt.Errorf("go mod download %s@%s: %s", module, version, msg)
	}
	return info.Dir, nil
}

// findGo returns the path of the go command: the one in PATH, else the one
// in $GOROOT/bin.
func findGo() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	if root := os.Getenv("GOROOT"); root != "" {
		p := filepath.Join(root, "bin", "go")
		if runtime.GOOS == "windows" {
			p += ".exe"
		}
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errNoGo
}
