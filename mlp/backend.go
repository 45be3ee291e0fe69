package mlp

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/gobackend"
	"github.com/gomlx/go-xla/compute/xla"
	"golang.org/x/sys/cpu"
)

// BackendEnv is the environment variable that forces a backend, as in GoMLX: "go", "xla:cpu",
// "xla:cuda" or "xla:/absolute/path/to/pjrt_c_api_plugin.so".
const BackendEnv = compute.ConfigEnvVar

// XLAHint tells how to get the XLA backend when no PJRT plugin is installed.
const XLAHint = "for XLA, install a PJRT plugin (bash docker/install-pjrt.sh cpu ~/.local/lib) " +
	"or set GOMLX_BACKEND=xla:/path/to/pjrt_c_api_plugin.so"

// BackendInfo describes the backend models run on.
type BackendInfo struct {
	// Config is the configuration the backend was created with, e.g. "go" or "xla:cpu".
	Config string
	// Name is the backend's name ("go" or "xla").
	Name string
	// Description is the backend's own description, including its device(s).
	Description string
	// SIMD reports whether the binary was built with GOEXPERIMENT=simd (it matters for the "go" backend).
	SIMD bool
	// CPUFeatures lists the vector extensions of this CPU that the "go" backend can use.
	CPUFeatures string
	// Reason says why this backend was chosen.
	Reason string

	splitBatches bool // training steps may run a batch as parallel parts (see Model.trainParts)
}

// String returns the one line printed when a backend is chosen.
func (b BackendInfo) String() string {
	s := fmt.Sprintf("backend %s (%s)", b.Config, b.Description)
	if b.Name == gobackend.BackendName {
		simd := "off: build with GOEXPERIMENT=simd for ~15x faster training"
		if b.SIMD {
			simd = "on"
		}
		s += fmt.Sprintf(", SIMD %s [%s]", simd, b.CPUFeatures)
	}
	return s + ": " + b.Reason
}

var (
	backendMu     sync.Mutex
	backendCur    compute.Backend
	backendInfo   BackendInfo
	backendNotice io.Writer = os.Stderr
)

// SetBackendNotice sets where the one-line notice about the chosen backend is written (os.Stderr by
// default; nil silences it).
func SetBackendNotice(w io.Writer) {
	backendMu.Lock()
	defer backendMu.Unlock()
	backendNotice = w
}

// UseBackend forces the backend that models created afterwards run on. The config has GoMLX's format:
// "go", "xla:cpu", "xla:cuda" or "xla:/abs/path/plugin.so". An empty config chooses automatically
// (see Backend).
func UseBackend(config string) (BackendInfo, error) {
	backendMu.Lock()
	defer backendMu.Unlock()
	backendCur = nil
	return chooseBackendLocked(config, "requested")
}

// Backend returns the backend models run on, choosing it on first use:
//  1. $GOMLX_BACKEND when set;
//  2. XLA/PJRT when a plugin is installed (cuda first, then cpu);
//  3. otherwise GoMLX's pure-Go backend ("go"), with a notice on how to get XLA.
//
// It never downloads anything: GoMLX's automatic PJRT installation is turned off.
func Backend() (compute.Backend, BackendInfo, error) {
	backendMu.Lock()
	defer backendMu.Unlock()
	if backendCur != nil {
		return backendCur, backendInfo, nil
	}
	// An empty $GOMLX_BACKEND makes chooseBackendLocked choose automatically.
	info, err := chooseBackendLocked(os.Getenv(BackendEnv), "from $"+BackendEnv)
	return backendCur, info, err
}

// MustBackend is like Backend but panics on error; for notebooks and main.
func MustBackend() (compute.Backend, BackendInfo) {
	b, info, err := Backend()
	if err != nil {
		panic(err)
	}
	return b, info
}

// InstalledXLA returns the XLA backend config ("xla:cuda" or "xla:cpu") of an installed PJRT
// plugin, or "" when none is installed. It never downloads.
func InstalledXLA() string {
	xla.EnableAutoInstall(false)
	plugins := xla.GetAvailablePlugins()
	for _, want := range []string{"cuda", "cpu"} {
		for _, p := range plugins {
			if p == want || strings.HasPrefix(p, want+"_") {
				return "xla:" + want
			}
		}
	}
	return ""
}

// autoBackendConfig picks XLA when a PJRT plugin is installed, else "go".
func autoBackendConfig() (config, reason string) {
	if cfg := InstalledXLA(); cfg != "" {
		return cfg, "PJRT plugin found"
	}
	return gobackend.BackendName, "no PJRT plugin found; " + XLAHint
}

func chooseBackendLocked(config, reason string) (BackendInfo, error) {
	xla.EnableAutoInstall(false) // never download silently
	if config == "" {
		config, reason = autoBackendConfig()
	}
	name, options, _ := strings.Cut(config, ":")
	effective, split := config, false
	if name == gobackend.BackendName && !strings.Contains(options, "parallelism") {
		// GoMLX's Go backend bounds its worker pool by default, and that pool can deadlock when
		// two independent operations each fan out a parallel matrix product at the same time
		// (as the two halves of a training batch do, see Model.trainParts). An unbounded pool
		// ("parallelism=-1", spawning goroutines freely; Go's scheduler still runs them on
		// GOMAXPROCS threads) cannot.
		effective = gobackend.BackendName + ":parallelism=-1"
		if options != "" {
			effective = gobackend.BackendName + ":" + options + ",parallelism=-1"
		}
		split = true
	}
	var b compute.Backend
	err := func() (err error) {
		defer func() { // compute.NewWithConfig panics on unknown backend names.
			if r := recover(); r != nil {
				err = fmt.Errorf("%v", r)
			}
		}()
		if split {
			// The Go backend prints a line to stdout when its parallelism is set: keep the
			// program's output (the seed's log) clean.
			restore := silenceStdout()
			defer restore()
		}
		b, err = compute.NewWithConfig(effective)
		return err
	}()
	if err != nil {
		return BackendInfo{}, fmt.Errorf("mlp: backend %q: %w; valid backends: %q, %q, %q, %q (%s)",
			config, err, "go", "xla:cpu", "xla:cuda", "xla:/abs/path/plugin.so", XLAHint)
	}
	backendCur = b
	backendInfo = BackendInfo{
		Config:       config,
		Name:         name,
		Description:  b.Description(),
		SIMD:         simdBuild,
		CPUFeatures:  cpuFeatures(),
		Reason:       reason,
		splitBatches: split,
	}
	if backendNotice != nil {
		fmt.Fprintln(backendNotice, backendInfo.String())
	}
	return backendInfo, nil
}

// silenceStdout points os.Stdout at the null device until the returned function is called.
func silenceStdout() (restore func()) {
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return func() {}
	}
	saved := os.Stdout
	os.Stdout = devNull
	return func() {
		os.Stdout = saved
		devNull.Close()
	}
}

func cpuFeatures() string {
	if runtime.GOARCH != "amd64" {
		return runtime.GOARCH
	}
	var f []string
	if cpu.X86.HasAVX512F {
		f = append(f, "AVX-512")
	}
	if cpu.X86.HasAVX2 {
		f = append(f, "AVX2")
	}
	if len(f) == 0 {
		return "no AVX2"
	}
	return strings.Join(f, ", ")
}
