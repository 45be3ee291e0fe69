package mlp_test

// Reproductions of limits of GoMLX's pure-Go backend (github.com/gomlx/compute) found while
// profiling mlp, written with GoMLX and compute only, so that each can be filed upstream as is.
// docs/performance.md gives what each shows on our machines and the proposed changes.
//
// The benchmarks are not run by make test. The tests fail while the problem is present (the
// deadlocks would hang), so they are skipped unless MLP_REPRO_UPSTREAM is set; each call runs
// under a watchdog that fails the test with a goroutine dump instead of hanging:
//
//	MLP_REPRO_UPSTREAM=1 GOEXPERIMENT=simd go test ./mlp -run Upstream -v -timeout 5m
//	MLP_REPRO_UPSTREAM=1 GOEXPERIMENT=simd go test -race ./mlp -run UpstreamRaceCheckptr
//	GOEXPERIMENT=simd go test ./mlp -run XXX -bench Upstream -benchtime 1s

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// upstreamBackend returns a new Go backend with the given configuration ("go:parallelism=1").
func upstreamBackend(tb testing.TB, config string) compute.Backend {
	tb.Helper()
	backend, err := compute.NewWithConfig(config)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(backend.Finalize)
	return backend
}

// filled returns an on-device float32 tensor of the given dimensions holding v everywhere.
func filled(tb testing.TB, backend compute.Backend, v float32, dims ...int) *tensors.Tensor {
	tb.Helper()
	size := 1
	for _, d := range dims {
		size *= d
	}
	data := make([]float32, size)
	for i := range data {
		data[i] = v
	}
	t := tensors.FromFlatDataAndDimensions(data, dims...)
	if err := t.MaterializeOnDevice(backend, false, 0); err != nil {
		tb.Fatal(err)
	}
	return t
}

// callWithin runs exec on args and fails the test with a dump of all goroutines if it has not
// returned within d: a deadlock then fails the test instead of hanging it.
func callWithin(t *testing.T, d time.Duration, exec *graph.Exec, args ...any) {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		outs, err := exec.Call(args...)
		for _, o := range outs {
			o.MustFinalizeAll()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("the call has not returned after %s (deadlock); goroutines:\n%s", d, buf)
	}
}

// skipUnlessRepro skips the reproduction tests unless MLP_REPRO_UPSTREAM is set.
func skipUnlessRepro(t *testing.T) {
	if os.Getenv("MLP_REPRO_UPSTREAM") == "" {
		t.Skip("reproduction of an upstream problem (fails, or hangs, while it is present): set MLP_REPRO_UPSTREAM=1")
	}
}

// TestUpstreamErfDeadlock: with a pool of one worker, Erf over more than 4,096 elements never
// returns. The graph's node runs as a pool task (executeParallel: Pool.WaitToStart) and
// execErfGeneric waits in Pool.WaitToStart for a free worker for each 4,096-element chunk: the
// only worker is the node itself, which waits for its chunks.
func TestUpstreamErfDeadlock(t *testing.T) {
	skipUnlessRepro(t)
	backend := upstreamBackend(t, "go:parallelism=1")
	exec, err := graph.NewExec(backend, graph.Erf)
	if err != nil {
		t.Fatal(err)
	}
	callWithin(t, 10*time.Second, exec, filled(t, backend, 0.5, 10_000))
}

// TestUpstreamDotGeneralDeadlock: with a pool of two workers, a graph with two independent
// 512×512 matrix products hangs: both nodes start as pool tasks, filling the pool, and each
// product's Pool.Saturate then waits for a free worker that never comes.
func TestUpstreamDotGeneralDeadlock(t *testing.T) {
	skipUnlessRepro(t)
	backend := upstreamBackend(t, "go:parallelism=2")
	exec, err := graph.NewExec(backend, func(a, b *graph.Node) (*graph.Node, *graph.Node) {
		return graph.MatMul(a, a), graph.MatMul(b, b)
	})
	if err != nil {
		t.Fatal(err)
	}
	a, b := filled(t, backend, 1, 512, 512), filled(t, backend, 2, 512, 512)
	for range 20 {
		callWithin(t, 10*time.Second, exec, a, b)
	}
}

// TestUpstreamLogisticSubnormal: the float32 Logistic is computed in float64 and rounded, so for
// x in (-103.3, -87.3) it returns a float32 subnormal (below 1.18e-38), and matrix products
// with such values are tens of times slower (BenchmarkUpstreamMatMulSubnormal). Computed in
// float32 as 1/(1+exp(-x)), as other frameworks do, exp(-x) overflows to +Inf for x < -88.7 and
// the result is 0.
func TestUpstreamLogisticSubnormal(t *testing.T) {
	skipUnlessRepro(t)
	backend := upstreamBackend(t, "go")
	exec, err := graph.NewExec(backend, graph.Logistic)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call(filled(t, backend, -90, 1))
	if err != nil {
		t.Fatal(err)
	}
	y := tensors.MustCopyFlatData[float32](out[0])[0]
	if y != 0 && math.Abs(float64(y)) < 0x1p-126 {
		t.Errorf("Logistic(-90) = %g in float32: a subnormal number (below %g)", y, 0x1p-126)
	}
}

// BenchmarkUpstreamMatMulSubnormal times x·Wᵀ (x: 100×784, W: 500×784, the first layer of a
// 784-500 MLP on a batch of 100) with one worker, for x filled with 1, 0 and a subnormal
// number (1e-40), in GFLOP/s. Subnormal operands make the AVX-512 kernel about 40 times slower:
// each fused multiply-add on one needs a microcode assist (the CPU's denormals-are-zero and
// flush-to-zero modes are off in Go).
func BenchmarkUpstreamMatMulSubnormal(b *testing.B) {
	backend := upstreamBackend(b, "go:parallelism=1")
	exec, err := graph.NewExec(backend, func(x, w *graph.Node) *graph.Node {
		return graph.DotGeneral(x, []int{1}, nil, w, []int{1}, nil)
	})
	if err != nil {
		b.Fatal(err)
	}
	const m, n, k = 100, 500, 784
	w := filled(b, backend, 0.5, n, k)
	for _, v := range []float32{1, 0, 1e-40} {
		b.Run(fmt.Sprintf("x=%g", v), func(b *testing.B) {
			x := filled(b, backend, v, m, k)
			benchCalls(b, exec, x, w)
			b.ReportMetric(float64(2*m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkUpstreamMatMul times the matrix products of one training step of a 784-500-500-10
// MLP on a batch of 100 (forward x·Wᵀ and the backward dyᵀ·x, dy·W) with one worker, in GFLOP/s.
func BenchmarkUpstreamMatMul(b *testing.B) {
	backend := upstreamBackend(b, "go:parallelism=1")
	for _, s := range []struct {
		name    string
		m, n, k int
	}{
		{"x·W1ᵀ", 100, 500, 784}, {"h1·W2ᵀ", 100, 500, 500}, {"dy1ᵀ·x", 500, 784, 100}, {"dy2ᵀ·h1", 500, 500, 100},
		{"1000³", 1000, 1000, 1000},
	} {
		b.Run(s.name, func(b *testing.B) {
			exec, err := graph.NewExec(backend, func(x, w *graph.Node) *graph.Node {
				return graph.DotGeneral(x, []int{1}, nil, w, []int{1}, nil)
			})
			if err != nil {
				b.Fatal(err)
			}
			benchCalls(b, exec, filled(b, backend, 1, s.m, s.k), filled(b, backend, 0.5, s.n, s.k))
			b.ReportMetric(float64(2*s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkUpstreamElementwise times unary and binary element-wise operations on 100×500 float32
// values (one hidden layer of a batch of 100) with a pool of one worker and an unbounded pool, in
// ns per element. The float32 Logistic, Tanh and Exp call float64 math functions element by
// element, and no element-wise operation uses more than one core: the unbounded pool's times
// equal the single worker's.
func BenchmarkUpstreamElementwise(b *testing.B) {
	ops := []struct {
		name string
		fn   func(x *graph.Node) *graph.Node
	}{
		{"Logistic", graph.Logistic},
		{"Tanh", graph.Tanh},
		{"Exp", graph.Exp},
		{"Mul", func(x *graph.Node) *graph.Node { return graph.Mul(x, x) }},
		{"Add", func(x *graph.Node) *graph.Node { return graph.Add(x, x) }},
	}
	for _, config := range []string{"go:parallelism=1", "go:parallelism=-1"} {
		backend := upstreamBackend(b, config)
		for _, op := range ops {
			b.Run(op.name+"/"+config, func(b *testing.B) {
				exec, err := graph.NewExec(backend, op.fn)
				if err != nil {
					b.Fatal(err)
				}
				const size = 100 * 500
				benchCalls(b, exec, filled(b, backend, 0.25, 100, 500))
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/size, "ns/element")
			})
		}
	}
}

// benchCalls runs exec b.N times on args, after a few warm-up calls.
func benchCalls(b *testing.B, exec *graph.Exec, args ...any) {
	b.Helper()
	call := func() {
		outs, err := exec.Call(args...)
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range outs {
			o.MustFinalizeAll()
		}
	}
	for range 3 {
		call()
	}
	b.ResetTimer()
	for range b.N {
		call()
	}
}

// TestUpstreamRaceCheckptr: under the race detector (which turns on checkptr), a small matrix
// product in the transposed layout aborts the program with "checkptr: pointer arithmetic result
// points to invalid allocation" in matmul.smallNoSIMDGenericTransposed. Run it with -race.
func TestUpstreamRaceCheckptr(t *testing.T) {
	skipUnlessRepro(t)
	backend := upstreamBackend(t, "go")
	exec, err := graph.NewExec(backend, func(x, w *graph.Node) *graph.Node {
		return graph.DotGeneral(x, []int{1}, nil, w, []int{1}, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	callWithin(t, 10*time.Second, exec, filled(t, backend, 1, 3, 4), filled(t, backend, 2, 5, 4))
}
