package mlp

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// initializerFn fills w, of shape [fanIn, fanOut], with initial weights drawn from rng.
type initializerFn func(rng *rand.Rand, w []float32, fanIn, fanOut int)

// Keras's initializers; "normal" ones are truncated at 2 standard deviations, as in Keras.
var initializers = map[string]initializerFn{
	"glorot_uniform": func(r *rand.Rand, w []float32, in, out int) {
		uniform(r, w, math.Sqrt(6/float64(in+out)))
	},
	"glorot_normal": func(r *rand.Rand, w []float32, in, out int) {
		truncNormal(r, w, math.Sqrt(2/float64(in+out)))
	},
	"he_uniform": func(r *rand.Rand, w []float32, in, out int) { uniform(r, w, math.Sqrt(6/float64(in))) },
	"he_normal":  func(r *rand.Rand, w []float32, in, out int) { truncNormal(r, w, math.Sqrt(2/float64(in))) },
	"lecun_normal": func(r *rand.Rand, w []float32, in, out int) {
		truncNormal(r, w, math.Sqrt(1/float64(in)))
	},
	"lecun_uniform": func(r *rand.Rand, w []float32, in, out int) { uniform(r, w, math.Sqrt(3/float64(in))) },
	"zeros":         func(r *rand.Rand, w []float32, in, out int) { clear(w) },
	"ones": func(r *rand.Rand, w []float32, in, out int) {
		for i := range w {
			w[i] = 1
		}
	},
	// Keras: RandomNormal(mean=0, stddev=0.05), RandomUniform(-0.05, 0.05).
	"random_normal": func(r *rand.Rand, w []float32, in, out int) {
		for i := range w {
			w[i] = float32(r.NormFloat64() * 0.05)
		}
	},
	"random_uniform": func(r *rand.Rand, w []float32, in, out int) { uniform(r, w, 0.05) },
}

// Initializers lists the kernel initializer names accepted by KernelInitializer, sorted.
func Initializers() []string {
	return slices.Sorted(maps.Keys(initializers))
}

func lookupInitializer(name string) (string, error) {
	key := lowerName(name)
	if _, ok := initializers[key]; !ok {
		return "", fmt.Errorf("mlp: unknown initializer %q; valid initializers: %s",
			name, strings.Join(Initializers(), ", "))
	}
	return key, nil
}

func uniform(r *rand.Rand, w []float32, limit float64) {
	for i := range w {
		w[i] = float32((2*r.Float64() - 1) * limit)
	}
}

// truncNormal draws from a normal distribution truncated at ±2σ, with σ corrected so the
// truncated distribution has the requested standard deviation (as Keras's VarianceScaling does).
func truncNormal(r *rand.Rand, w []float32, stddev float64) {
	const correction = 0.87962566103423978 // stddev of a standard normal truncated at ±2
	s := stddev / correction
	for i := range w {
		v := r.NormFloat64()
		for v < -2 || v > 2 {
			v = r.NormFloat64()
		}
		w[i] = float32(v * s)
	}
}
