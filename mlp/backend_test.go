package mlp

import (
	"go/build"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestBackendLineSaysWhetherSIMDIsOn(t *testing.T) {
	for _, c := range []struct {
		info BackendInfo
		want string
	}{
		{BackendInfo{Config: "go", Name: "go", SIMD: true, CPUFeatures: "AVX2"}, "SIMD on [AVX2]"},
		{BackendInfo{Config: "go", Name: "go", SIMD: false, CPUFeatures: "AVX2"}, "SIMD off: build with GOEXPERIMENT=simd"},
	} {
		if got := c.info.String(); !strings.Contains(got, c.want) {
			t.Errorf("%+v: line %q lacks %q", c.info, got, c.want)
		}
	}
	if got := (BackendInfo{Config: "xla:cpu", Name: "xla"}).String(); strings.Contains(got, "SIMD") {
		t.Errorf("XLA's line %q speaks of SIMD", got)
	}
	// The binary's build tag agrees with the toolchain's GOEXPERIMENT in this environment.
	_, info, err := NewBackend("go")
	if err != nil {
		t.Fatal(err)
	}
	if want := slices.Contains(build.Default.ToolTags, "goexperiment.simd"); info.SIMD != want {
		t.Errorf("SIMD = %v, but GOEXPERIMENT here says %v", info.SIMD, want)
	}
}

// TestGoBackendIsUnboundedAndQuiet checks that the Go backend gets its unbounded worker pool
// (which lets training split batches) without printing on stdout.
func TestGoBackendIsUnboundedAndQuiet(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	b, info, err := NewBackend("go")
	os.Stdout = saved
	w.Close()
	printed, _ := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(printed) != 0 {
		t.Errorf("creating the backend printed %q on stdout", printed)
	}
	if !strings.Contains(info.Description, "parallelism=-1") || !splitsBatches(b) {
		t.Errorf("Go backend %q: want an unbounded pool (parallelism=-1) and split batches", info.Description)
	}
	// A pool bounded by the user's config is kept, and batches are then not split.
	os.Stdout, _ = os.Open(os.DevNull) // the upstream line for an explicit parallelism
	bounded, _, err := NewBackend("go:parallelism=2")
	os.Stdout = saved
	if err != nil {
		t.Fatal(err)
	}
	if splitsBatches(bounded) {
		t.Error("a Go backend with parallelism=2 splits batches")
	}
}

func TestModelOnItsOwnBackend(t *testing.T) {
	b, _, err := NewBackend("go")
	if err != nil {
		t.Fatal(err)
	}
	def, _, err := Backend()
	if err != nil {
		t.Fatal(err)
	}
	x, y, _ := blobs(30, 2)
	m := NewSequential(Input(4), Dense(3, WithActivation("softmax"))).WithBackend(b)
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(x, y, Verbose(0)); err != nil {
		t.Fatal(err)
	}
	if m.backend != b || m.backend == def {
		t.Error("the model does not run on its own backend")
	}
	// A built model takes its weights to another backend, and keeps training there.
	before, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	if m.WithBackend(def); m.backend != def {
		t.Fatal("WithBackend on a built model did not move it")
	}
	after, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	for i := range before {
		if !slices.Equal(before[i], after[i]) {
			t.Fatalf("prediction %d changed with the backend: %v, then %v", i, before[i], after[i])
		}
	}
	if _, err := m.Fit(x, y, Verbose(0)); err != nil {
		t.Errorf("Fit after moving: %v", err)
	}
	if err := NewSequential(Input(2)).WithBackend(nil).Compile(Loss("mse"), SGD(0.1)); err == nil || !strings.Contains(err.Error(), "WithBackend(nil)") {
		t.Errorf("WithBackend(nil): error %v", err)
	}
}
