package mlp

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/gobackend"
	"github.com/gomlx/go-xla/compute/xla"
	"github.com/gomlx/gomlx/core/tensors"
	"golang.org/x/sys/cpu"
)

// backendEnv is the environment variable that forces a backend, as in GoMLX: "go", "xla:cpu",
// "xla:cuda" or "xla:/absolute/path/to/pjrt_c_api_plugin.so".
const backendEnv = compute.ConfigEnvVar

// xlaHint tells how to get the XLA backend when no PJRT plugin is installed.
const xlaHint = "for XLA, install a PJRT plugin (bash docker/install-pjrt.sh cpu ~/.local/lib) " +
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

// UseBackend sets the default backend, which models created afterwards run on. The config has
// GoMLX's format: "go", "xla:cpu", "xla:cuda" or "xla:/abs/path/plugin.so". An empty config
// chooses automatically (see Backend). On error the default stays as it was.
func UseBackend(config string) (BackendInfo, error) {
	backendMu.Lock()
	defer backendMu.Unlock()
	return useBackendLocked(config, "requested")
}

// Backend returns the default backend, which models run on unless given their own
// (Model.WithBackend), choosing it on first use:
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
	// An empty $GOMLX_BACKEND makes newBackend choose automatically.
	info, err := useBackendLocked(os.Getenv(backendEnv), "from $"+backendEnv)
	return backendCur, info, err
}

// NewBackend creates a backend for a model of its own (Model.WithBackend), leaving the default
// alone. The config is as for UseBackend.
func NewBackend(config string) (compute.Backend, BackendInfo, error) {
	return newBackend(config, "requested")
}

// WithBackend makes the model run on a backend of its own (see NewBackend) instead of the
// default one, and returns the model. A model already built — by Compile, Fit, Predict or Load —
// takes its weights there; its optimizer's state (momentum, Adam's moments) starts afresh, as
// after Load.
func (m *Model) WithBackend(b compute.Backend) *Model {
	switch {
	case m.err != nil:
	case b == nil:
		m.err = errors.New("mlp: WithBackend(nil); create a backend with mlp.NewBackend")
	case b == m.backend:
	case !m.built:
		m.backend = b
	default:
		if err := m.rebuildOn(b); err != nil {
			m.err = fmt.Errorf("mlp: WithBackend: %w", err)
		}
	}
	return m
}

// rebuildOn builds the model again on backend b, with its current weights.
func (m *Model) rebuildOn(b compute.Backend) error {
	values := make([][]float32, len(m.params))
	for i, p := range m.params {
		var err error
		if values[i], err = p.values(); err != nil {
			return err
		}
	}
	m.backend, m.built, m.store, m.params = b, false, nil, nil
	m.step, m.slots, m.trainer, m.evalExec, m.predExec = nil, nil, nil, nil, nil
	m.layerExec, m.gradExec = nil, nil
	if err := m.build(0); err != nil {
		return err
	}
	for i, p := range m.params {
		if err := p.v.SetValue(tensors.FromFlatDataAndDimensions(values[i], p.shape...)); err != nil {
			return fmt.Errorf("setting %s: %w", p.name, err)
		}
	}
	return m.prepare(0)
}

func useBackendLocked(config, reason string) (BackendInfo, error) {
	b, info, err := newBackend(config, reason)
	if err != nil {
		return info, err
	}
	backendCur, backendInfo = b, info
	if backendNotice != nil {
		fmt.Fprintln(backendNotice, info.String())
	}
	return info, nil
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
	return gobackend.BackendName, "no PJRT plugin found; " + xlaHint
}

func newBackend(config, reason string) (compute.Backend, BackendInfo, error) {
	xla.EnableAutoInstall(false) // never download silently
	if config == "" {
		config, reason = autoBackendConfig()
	}
	var b compute.Backend
	err := func() (err error) {
		defer func() { // compute.NewWithConfig panics on unknown backend names.
			if r := recover(); r != nil {
				err = fmt.Errorf("%v", r)
			}
		}()
		b, err = compute.NewWithConfig(config)
		return err
	}()
	if err != nil {
		return nil, BackendInfo{}, fmt.Errorf("mlp: backend %q: %w; valid backends: %q, %q, %q, %q (%s)",
			config, err, "go", "xla:cpu", "xla:cuda", "xla:/abs/path/plugin.so", xlaHint)
	}
	name, options, _ := strings.Cut(config, ":")
	if name == gobackend.BackendName && !strings.Contains(options, "parallelism") {
		// GoMLX's Go backend bounds its worker pool by default, and that pool can deadlock when
		// two independent operations each fan out a parallel matrix product at the same time
		// (as the two halves of a training batch do, see Model.trainParts). An unbounded pool
		// (spawning goroutines freely; Go's scheduler still runs them on GOMAXPROCS threads)
		// cannot. Without it, batches are not split (see splitsBatches).
		unboundGoWorkers(b, os.Stderr)
	}
	return b, BackendInfo{
		Config:      config,
		Name:        name,
		Description: b.Description(),
		SIMD:        simdBuild,
		CPUFeatures: cpuFeatures(),
		Reason:      reason,
	}, nil
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
