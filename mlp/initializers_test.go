package mlp

import (
	"math"
	"testing"
)

func TestInitializersFollowKeras(t *testing.T) {
	const in, out = 400, 300
	cases := []struct {
		name      string
		limit     float64 // max |w| (0: unbounded or not checked)
		std       float64 // expected standard deviation
		allEqualV float64 // for constant initializers
	}{
		{"glorot_uniform", math.Sqrt(6.0 / (in + out)), math.Sqrt(6.0/(in+out)) / math.Sqrt(3), 0},
		{"glorot_normal", 2 * math.Sqrt(2.0/(in+out)) / 0.8796, math.Sqrt(2.0 / (in + out)), 0},
		{"he_uniform", math.Sqrt(6.0 / in), math.Sqrt(2.0 / in), 0},
		{"he_normal", 2 * math.Sqrt(2.0/in) / 0.8796, math.Sqrt(2.0 / in), 0},
		{"lecun_normal", 2 * math.Sqrt(1.0/in) / 0.8796, math.Sqrt(1.0 / in), 0},
		{"random_uniform", 0.05, 0.05 / math.Sqrt(3), 0},
		{"random_normal", 0, 0.05, 0},
		{"zeros", 0, 0, 0},
	}
	for _, c := range cases {
		m := NewSequential(Dense(out, InputDim(in), KernelInitializer(c.name))).WithSeed(2)
		if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
			t.Fatal(err)
		}
		w, err := m.Weights()
		if err != nil {
			t.Fatal(err)
		}
		var sum, sq, maxAbs float64
		for _, v := range w[0] {
			sum += float64(v)
			sq += float64(v) * float64(v)
			maxAbs = math.Max(maxAbs, math.Abs(float64(v)))
		}
		n := float64(len(w[0]))
		mean, std := sum/n, math.Sqrt(sq/n-(sum/n)*(sum/n))
		if math.Abs(mean) > 0.05*c.std+1e-9 {
			t.Errorf("%s: mean %g, want ≈ 0", c.name, mean)
		}
		if math.Abs(std-c.std) > 0.03*c.std+1e-9 {
			t.Errorf("%s: std %g, want %g", c.name, std, c.std)
		}
		if c.limit > 0 && maxAbs > c.limit*1.0001 {
			t.Errorf("%s: max |w| %g beyond %g", c.name, maxAbs, c.limit)
		}
		for _, b := range w[1] {
			if b != 0 {
				t.Fatalf("%s: bias %g, want zeros", c.name, b)
			}
		}
	}
}

func TestShuffleOption(t *testing.T) {
	x, y, _ := blobs(60, 8)
	run := func(shuffle bool, seed uint64) float64 {
		m := NewSequential(Input(4), Dense(3, KernelInitializer("zeros")), Activation("softmax")).WithSeed(seed)
		if err := m.Compile(Loss("mse"), SGD(0.5)); err != nil {
			t.Fatal(err)
		}
		h, err := m.Fit(x, y, Epochs(3), BatchSize(7), Shuffle(shuffle), Verbose(0))
		if err != nil {
			t.Fatal(err)
		}
		return h.Loss[2]
	}
	// Without shuffling, and with deterministic weights, the seed plays no role.
	if a, b := run(false, 1), run(false, 2); a != b {
		t.Errorf("Shuffle(false): seeds 1 and 2 gave %g and %g", a, b)
	}
	// With shuffling, the order (hence the result) depends on the seed.
	if a, b := run(true, 1), run(true, 2); a == b {
		t.Errorf("Shuffle(true): seeds 1 and 2 gave the same loss %g", a)
	}
}
