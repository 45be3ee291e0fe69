package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gomlx/go-xla/installer"
)

// cpuVersion is the release of github.com/gomlx/pjrt-cpu-binaries that go-xla v0.4.2 pins
// (pjrt.DefaultCPUVersion; main_test.go checks that they agree).
const cpuVersion = "v0.114.0"

// cpuReleaseURL is where a CPU plugin release is downloaded from: the release's direct download
// address, which, unlike the GitHub API that go-xla's installer asks first (60 unauthenticated
// requests an hour), has no request quota.
var cpuReleaseURL = "https://github.com/gomlx/pjrt-cpu-binaries/releases/download/%s/pjrt_cpu_%s.tar.gz"

// installCPU installs the pinned CPU plugin into dir (a ".../lib/go-xla" directory) unless it is
// there already, and links pjrt_c_api_cpu_plugin.so to it, as go-xla's installer does.
func installCPU(dir string) error {
	plugin := filepath.Join(dir, fmt.Sprintf("pjrt_c_api_cpu_%s_plugin.so", cpuVersion))
	if _, err := os.Stat(plugin); err == nil {
		fmt.Printf("PJRT plugin cpu %s already installed: %s\n", cpuVersion, plugin)
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	url := fmt.Sprintf(cpuReleaseURL, cpuVersion, runtime.GOOS+"_"+runtime.GOARCH)
	fmt.Printf("downloading %s\n", url)
	archive, err := download(url, dir)
	if err != nil {
		return err
	}
	defer os.Remove(archive)

	// Extract next to the plugins, then rename into place: a program loading the plugin never
	// sees a half-written file.
	tmp, err := os.MkdirTemp(dir, ".extracting-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	files, err := installer.Untar(archive, tmp)
	if err != nil {
		return fmt.Errorf("extracting %s: %w", url, err)
	}
	for _, f := range files {
		rel, err := filepath.Rel(tmp, f)
		if err != nil {
			return err
		}
		if info, err := os.Lstat(f); err != nil {
			return err
		} else if info.IsDir() {
			continue
		}
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Rename(f, dst); err != nil {
			return err
		}
	}
	if _, err := os.Stat(plugin); err != nil {
		return fmt.Errorf("%s holds no %s", url, filepath.Base(plugin))
	}
	link := filepath.Join(dir, "pjrt_c_api_cpu_plugin.so")
	if err := os.Remove(link); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return os.Symlink(filepath.Base(plugin), link)
}

// download fetches url into a temporary file in dir and returns its path.
func download(url, dir string) (path string, err error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", fmt.Errorf("downloading %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("downloading %s: %s", url, resp.Status)
	}
	name := url[strings.LastIndex(url, "/")+1:]
	f, err := os.CreateTemp(dir, ".download-*-"+name)
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = io.Copy(f, resp.Body); err != nil {
		return "", fmt.Errorf("downloading %s: %w", url, err)
	}
	return f.Name(), f.Close()
}
