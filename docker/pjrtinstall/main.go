// Command pjrtinstall installs the PJRT plugins that GoMLX's XLA backend
// loads, using the installer library of the go-xla version this module
// requires, so that the plugins match the project's go-xla.
//
// Usage:
//
//	go run ./docker/pjrtinstall [-lib DIR] [-plugins cpu,cuda13] [-cuda_version V] [-dry_run]
//
// Plugins are installed under DIR/go-xla (default /usr/local/lib/go-xla),
// one of the directories go-xla searches; CUDA plugins and the NVIDIA
// libraries they need go to DIR/go-xla/nvidia. The CPU plugin is the release
// go-xla pins, downloaded from its release's direct address (no GitHub API
// call, so no hourly quota); the CUDA plugin and its NVIDIA libraries come
// from the JAX PJRT wheel of the given version (default 0.11.2) on PyPI. Installing a plugin that is already present is a no-op for CPU
// and a reinstall for CUDA.
//
// Programs using the installed plugins should set GOMLX_NO_AUTO_INSTALL=1,
// otherwise GoMLX also installs the CPU plugin under ~/.local/lib/go-xla.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

var (
	flagLib         = flag.String("lib", "/usr/local/lib", "library directory; plugins go to its go-xla subdirectory")
	flagPlugins     = flag.String("plugins", "cpu", "comma-separated plugins to install: cpu, cuda13, cuda12")
	flagCUDAVersion = flag.String("cuda_version", defaultCUDAVersion, "JAX version of the CUDA PJRT wheel, or \"latest\"")
	flagDryRun      = flag.Bool("dry_run", false, "print what would be installed, and install nothing")
)

// defaultCUDAVersion is the JAX release whose CUDA PJRT wheel is installed by default. go-xla's
// installer takes PyPI's latest unless told; a fixed release keeps builds repeatable and matches
// the release the XLA backend was checked with on a GPU (docs/performance.md).
const defaultCUDAVersion = "0.11.2"

// knownPlugins lists the values accepted by -plugins.
var knownPlugins = []string{"cpu", "cuda13", "cuda12"}

func main() {
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: %s [flags]\n\nInstalls PJRT plugins for GoMLX's XLA backend.\n\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*flagLib, *flagPlugins, *flagCUDAVersion, *flagDryRun); err != nil {
		fmt.Fprintf(os.Stderr, "pjrtinstall: %v\n", err)
		os.Exit(1)
	}
}

// run installs the comma-separated plugins under lib/go-xla.
func run(lib, plugins, cudaVersion string, dryRun bool) error {
	if !filepath.IsAbs(lib) {
		return fmt.Errorf("-lib must be an absolute path, got %q", lib)
	}
	names, err := parsePlugins(plugins)
	if err != nil {
		return err
	}
	dir := filepath.Join(lib, "go-xla")
	for _, name := range names {
		if dryRun {
			fmt.Printf("would install PJRT plugin %s into %s\n", name, dir)
			continue
		}
		if err := install(name, dir, cudaVersion); err != nil {
			return fmt.Errorf("installing PJRT plugin %s into %s: %w", name, dir, err)
		}
		if err := check(name, dir); err != nil {
			return err
		}
	}
	if !dryRun {
		removeLocks(dir)
	}
	return nil
}

// removeLocks deletes the lock files the installer leaves next to the
// plugins: nothing installs there after the image is built.
func removeLocks(dir string) {
	for _, pattern := range []string{"*.lock", "nvidia/*.lock"} {
		locks, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, l := range locks {
			_ = os.Remove(l)
		}
	}
}

// parsePlugins splits and validates the -plugins flag.
func parsePlugins(plugins string) ([]string, error) {
	var names []string
	for name := range strings.SplitSeq(plugins, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if !slices.Contains(knownPlugins, name) {
			return nil, fmt.Errorf("unknown plugin %q, want one of %s", name, strings.Join(knownPlugins, ", "))
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no plugin given")
	}
	return names, nil
}

// install installs one plugin into dir, a ".../lib/go-xla" directory.
func install(name, dir, cudaVersion string) error {
	if name == "cpu" {
		// The CPU release pinned by go-xla, skipped when already installed.
		return installCPU(dir)
	}
	return installCUDA(name, cudaVersion, dir)
}

// check verifies that the plugin's shared library is where go-xla looks.
func check(name, dir string) error {
	pattern := filepath.Join(dir, "pjrt_c_api_cpu_*_plugin.so")
	if name != "cpu" {
		pattern = filepath.Join(dir, "nvidia", "pjrt_c_api_cuda_plugin.so")
	}
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return err
	}
	if len(matches) == 0 {
		return fmt.Errorf("PJRT plugin %s: nothing matches %s after installing", name, pattern)
	}
	fmt.Printf("PJRT plugin %s installed: %s\n", name, strings.Join(matches, " "))
	return nil
}
