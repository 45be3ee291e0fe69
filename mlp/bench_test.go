package mlp

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkTrainStepSeed times one training step (batch 100) of the seed's model on random
// MNIST-shaped data; an epoch is 600 steps. For the side-by-side with PyTorch see cmd/bench.
func BenchmarkTrainStepSeed(b *testing.B) {
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
	m := seedModel().WithSeed(1)
	if err := m.Compile(Loss("mse"), SGD(0.1), Metrics("accuracy")); err != nil {
		b.Fatal(err)
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
