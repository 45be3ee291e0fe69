package mlp

import (
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/gomlx/compute"
)

// BenchmarkTrainStepSeed times one training step (batch 100) of the seed's model on random
// MNIST-shaped data; an epoch is 600 steps. For the side-by-side with PyTorch see cmd/bench.
func BenchmarkTrainStepSeed(b *testing.B) {
	benchTrainStep(b, seedModel().WithSeed(1), nil)
}

// BenchmarkTrainStepConfigs times the training step of BenchmarkTrainStepSeed on Go backends of
// other configurations, each with batches split in two halves and whole: sub-benchmarks are named
// configuration/split or configuration/whole, e.g.
//
//	GOEXPERIMENT=simd go test ./mlp -run XXX -bench 'TrainStepConfigs/(unbounded|ops_sequential)/' -benchtime 200x -timeout 10m
//
// "unbounded" is what mlp uses (go, with the worker pool made unbounded); "bounded" is GoMLX's
// default pool (2×GOMAXPROCS workers), which can hang with split batches (see
// TestBoundedPoolDeadlock): run those with a -timeout.
func BenchmarkTrainStepConfigs(b *testing.B) {
	configs := []struct{ name, config string }{
		{"unbounded", "go"},
		{"ops_sequential", "go:ops_sequential"},
		{"ops_parallel", "go:ops_parallel"},
		{"dependency_order", "go:dependency_order"},
		{"creation_order", "go:creation_order"},
		{"bounded", "go:parallelism=" + strconv.Itoa(2*runtime.GOMAXPROCS(0))},
	}
	for _, c := range configs {
		for _, split := range []bool{true, false} {
			name := c.name + "/whole"
			if split {
				name = c.name + "/split"
			}
			b.Run(name, func(b *testing.B) {
				backend, _, err := NewBackend(c.config)
				if err != nil {
					b.Fatal(err)
				}
				defer backend.Finalize()
				benchTrainStep(b, seedModel().WithSeed(1).WithBackend(backend), &split)
			})
		}
	}
}

// benchTrainStep times training steps of m (the seed's architecture) on random MNIST-shaped
// data; split, when not nil, overrides whether batches are split in halves.
func benchTrainStep(b *testing.B, m *Model, split *bool) {
	const n = 1000
	r := rand.New(rand.NewPCG(1, 1))
	x := Matrix{Data: make([]float32, n*784), Rows: n, Cols: 784}
	for i := range x.Data {
		x.Data[i] = float32(r.IntN(256))
	}
	y := Matrix{Data: make([]float32, n*10), Rows: n, Cols: 10}
	for i := range n {
		y.Data[i*10+r.IntN(10)] = 1
	}
	if err := m.Compile(Loss("mse"), SGD(0.1), Metrics("accuracy")); err != nil {
		b.Fatal(err)
	}
	if split != nil {
		m.splitBatches = *split
	}
	if _, err := m.Fit(x, y, Epochs(1), BatchSize(100), Verbose(0)); err != nil { // compile the graphs
		b.Fatal(err)
	}
	bx, by := make([]float32, 100*784), make([]float32, 100*10)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		from := (i % 10) * 100
		copy(bx, x.Data[from*784:(from+100)*784])
		copy(by, y.Data[from*10:(from+100)*10])
		if _, _, err := m.trainBatch(bx, by, 100, 784, 10); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBoundedPoolDeadlock tries to reproduce the deadlock of GoMLX's Go backend that makes mlp use
// an unbounded worker pool: with its default pool (2×GOMAXPROCS workers), running the two halves
// of a training batch concurrently hung in some runs on a loaded 2-core machine. Run it with
//
//	MLP_REPRO_DEADLOCK=1 GOEXPERIMENT=simd go test ./mlp -run BoundedPoolDeadlock -timeout 5m -count 4
//
// A hang fails with a goroutine dump (two Pool.Saturate callers and Pool.WaitToStart all waiting
// on the pool's condition variable). It is timing-dependent: on a quiet machine it passes.
func TestBoundedPoolDeadlock(t *testing.T) {
	if os.Getenv("MLP_REPRO_DEADLOCK") == "" {
		t.Skip("reproduction of an upstream deadlock: set MLP_REPRO_DEADLOCK=1 (and -timeout)")
	}
	backend, err := compute.NewWithConfig("go:parallelism=" + strconv.Itoa(2*runtime.GOMAXPROCS(0)))
	if err != nil {
		t.Fatal(err)
	}
	m := seedModel().WithSeed(1).WithBackend(backend)
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	m.splitBatches = true
	x, y := make([]float32, 100*784), make([]float32, 100*10)
	for i := range 100 {
		y[i*10+i%10] = 1
	}
	for step := range 2000 {
		if _, _, err := m.trainBatch(x, y, 100, 784, 10); err != nil {
			t.Fatal(err)
		}
		if step%200 == 0 {
			t.Logf("step %d", step)
		}
	}
}
