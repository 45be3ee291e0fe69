package mlp

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/graph"
)

// lossFn returns the per-example loss, shape [batch], for labels and predictions. Labels are
// float32 [batch, units] (or [batch, 1] holding class ids for the sparse loss); predictions are
// the model's outputs, float32 [batch, units].
type lossFn func(labels, preds *graph.Node) *graph.Node

// epsilon is Keras's backend epsilon, used to clip probabilities before taking logs.
const epsilon = 1e-7

var losses = map[string]lossFn{
	"mse":                      func(y, p *graph.Node) *graph.Node { return graph.ReduceMean(graph.Square(graph.Sub(p, y)), -1) },
	"mae":                      func(y, p *graph.Node) *graph.Node { return graph.ReduceMean(graph.Abs(graph.Sub(p, y)), -1) },
	"categorical_crossentropy": categoricalCrossentropy,
	"sparse_categorical_crossentropy": func(y, p *graph.Node) *graph.Node {
		units := p.Shape().Dimensions[1]
		oneHot := graph.OneHot(graph.ConvertDType(graph.Reshape(y, y.Shape().Dimensions[0]), dtypes.Int32), units, p.DType())
		return categoricalCrossentropy(oneHot, p)
	},
	"binary_crossentropy": func(y, p *graph.Node) *graph.Node {
		p = graph.ClipScalar(p, epsilon, 1-epsilon)
		ll := graph.Add(graph.Mul(y, graph.Log(p)), graph.Mul(graph.OneMinus(y), graph.Log(graph.OneMinus(p))))
		return graph.Neg(graph.ReduceMean(ll, -1))
	},
}

// categoricalCrossentropy is Keras's, on probabilities: rows are renormalised and clipped to
// [ε, 1-ε] before the log.
func categoricalCrossentropy(y, p *graph.Node) *graph.Node {
	p = graph.Div(p, graph.Reshape(graph.ReduceSum(p, -1), p.Shape().Dimensions[0], 1))
	logP := graph.Log(graph.ClipScalar(p, epsilon, 1-epsilon))
	return graph.Neg(graph.ReduceSum(graph.Mul(y, logP), -1))
}

// lossAliases are the other names Keras accepts.
var lossAliases = map[string]string{
	"mean_squared_error":  "mse",
	"mean_absolute_error": "mae",
}

// Losses lists the loss names accepted by Loss, sorted.
func Losses() []string {
	return slices.Sorted(maps.Keys(losses))
}

func lookupLoss(name string) (string, lossFn, error) {
	key := lowerName(name)
	if alias, ok := lossAliases[key]; ok {
		key = alias
	}
	if key == "" {
		return "", nil, fmt.Errorf("mlp: empty loss name; valid losses: %s", strings.Join(Losses(), ", "))
	}
	fn, ok := losses[key]
	if !ok {
		return "", nil, fmt.Errorf("mlp: unknown loss %q; valid losses: %s", name, strings.Join(Losses(), ", "))
	}
	return key, fn, nil
}

// Accuracy kinds, resolved from the loss and the output width as Keras does for "accuracy".
const (
	accCategorical = "categorical_accuracy"
	accSparse      = "sparse_categorical_accuracy"
	accBinary      = "binary_accuracy"
)

// resolveAccuracy picks the accuracy Keras would use for metrics=["accuracy"].
func resolveAccuracy(loss string, units int) string {
	switch {
	case loss == "binary_crossentropy" || units == 1:
		return accBinary
	case loss == "sparse_categorical_crossentropy":
		return accSparse
	}
	return accCategorical
}

// correctCount returns the number of correctly classified examples in the batch, as a float32 scalar.
func correctCount(kind string, y, p *graph.Node) *graph.Node {
	var hit *graph.Node
	switch kind {
	case accBinary:
		half := graph.Scalar(p.Graph(), p.DType(), 0.5)
		predicted := graph.ConvertDType(graph.GreaterThan(p, half), p.DType())
		truth := graph.ConvertDType(graph.GreaterThan(y, half), p.DType())
		hit = graph.ConvertDType(graph.Equal(predicted, truth), p.DType())
		// Keras averages binary accuracy over the units of each example.
		hit = graph.ReduceMean(hit, -1)
	case accSparse:
		pred := graph.ArgMax(p, -1, dtypes.Int32)
		truth := graph.ConvertDType(graph.Reshape(y, y.Shape().Dimensions[0]), dtypes.Int32)
		hit = graph.ConvertDType(graph.Equal(pred, truth), p.DType())
	default:
		hit = graph.ConvertDType(graph.Equal(graph.ArgMax(p, -1, dtypes.Int32), graph.ArgMax(y, -1, dtypes.Int32)), p.DType())
	}
	return graph.ReduceAllSum(hit)
}
