package mlp

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/gomlx/gomlx/core/graph"
)

// activationFn applies an activation to x, shaped [batch, features]; vector activations (softmax)
// work on the last axis.
type activationFn func(x *graph.Node) *graph.Node

// Keras's constants for selu.
const (
	seluAlpha = 1.6732632423543772848170429916717
	seluScale = 1.0507009873554804934193349852946
)

var activations = map[string]activationFn{
	"linear":  func(x *graph.Node) *graph.Node { return x },
	"sigmoid": sigmoid,
	// Keras 3: relu6(x + 3) / 6.
	"hard_sigmoid": func(x *graph.Node) *graph.Node {
		return graph.DivScalar(graph.ClipScalar(graph.AddScalar(x, 3), 0, 6), 6)
	},
	"tanh":  graph.Tanh,
	"relu":  func(x *graph.Node) *graph.Node { return graph.Max(x, graph.ZerosLike(x)) },
	"relu6": func(x *graph.Node) *graph.Node { return graph.ClipScalar(x, 0, 6) },
	// Keras's leaky_relu default negative slope is 0.2.
	"leaky_relu": func(x *graph.Node) *graph.Node {
		return graph.Max(x, graph.MulScalar(x, 0.2))
	},
	"elu": func(x *graph.Node) *graph.Node {
		return graph.Where(graph.GreaterThan(x, graph.ZerosLike(x)), x, expm1Neg(x))
	},
	"selu": func(x *graph.Node) *graph.Node {
		neg := graph.MulScalar(expm1Neg(x), seluAlpha)
		return graph.MulScalar(graph.Where(graph.GreaterThan(x, graph.ZerosLike(x)), x, neg), seluScale)
	},
	// Exact gelu, as Keras's default (approximate=False).
	"gelu": func(x *graph.Node) *graph.Node {
		cdf := graph.MulScalar(graph.OnePlus(graph.Erf(graph.MulScalar(x, 1/math.Sqrt2))), 0.5)
		return graph.Mul(x, cdf)
	},
	"silu":        silu,
	"swish":       silu,
	"softplus":    graph.Softplus,
	"softsign":    func(x *graph.Node) *graph.Node { return graph.Div(x, graph.OnePlus(graph.Abs(x))) },
	"softmax":     func(x *graph.Node) *graph.Node { return graph.Softmax(x, -1) },
	"log_softmax": func(x *graph.Node) *graph.Node { return graph.LogSoftmax(x, -1) },
	"exponential": graph.Exp,
}

// expm1Neg is exp(min(x, 0)) - 1: the negative branch of elu and selu. Clamping keeps the
// unused branch (and its gradient) finite for large x; GoMLX has no gradient for Expm1.
func expm1Neg(x *graph.Node) *graph.Node {
	return graph.AddScalar(graph.Exp(graph.Min(x, graph.ZerosLike(x))), -1)
}

func silu(x *graph.Node) *graph.Node { return graph.Mul(x, sigmoid(x)) }

// sigmoidFloor is the pre-activation below which sigmoid is held: σ(-46) ≈ 1.05e-20.
const sigmoidFloor = -46

// sigmoid is 1/(1+exp(-x)) with x held at sigmoidFloor or above, so that it never returns a
// float32 subnormal (below 1.18e-38): GoMLX's Logistic does for x in (-103.3, -87.3) (it computes
// in float64 and rounds), and so would the backward pass's σ'(x)·dy = σ(x)(1-σ(x))·dy for any
// σ(x) much below 1e-20. Matrix products with subnormal operands are tens of times slower on the
// CPU (each multiply-add on one needs a microcode assist), and with raw 0–255 pixels a few
// percent of the first hidden layer's units are that far off: this made the seed's training step
// about 3 times slower on the Go backend. Outputs below 1e-20 change nothing measurable in a
// network's sums (they vanish in any float32 sum that has a term above 1e-12).
func sigmoid(x *graph.Node) *graph.Node {
	return graph.Sigmoid(graph.MaxScalar(x, sigmoidFloor))
}

// Activations lists the names accepted by Activation and Dense's activation option, sorted.
func Activations() []string {
	return slices.Sorted(maps.Keys(activations))
}

// lookupActivation resolves a name case-insensitively. An empty name is an error, not "linear":
// it is most often a variable left unset, and Activation("linear") says the intent.
func lookupActivation(name string) (string, activationFn, error) {
	key := lowerName(name)
	if key == "" {
		return "", nil, fmt.Errorf("mlp: empty activation name; valid activations: %s (\"linear\" for none)",
			strings.Join(Activations(), ", "))
	}
	fn, ok := activations[key]
	if !ok {
		return "", nil, fmt.Errorf("mlp: unknown activation %q; valid activations: %s",
			name, strings.Join(Activations(), ", "))
	}
	return key, fn, nil
}

// isVectorActivation reports whether an activation mixes the features of a row (softmax).
func isVectorActivation(name string) bool {
	return name == "softmax" || name == "log_softmax"
}
