package mlp

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// ConfusionMatrix counts predictions per true class: m[t][p] is the number of examples of true
// class t predicted as p. Classes outside [0, classes) are an error.
func ConfusionMatrix(predicted, truth []int, classes int) ([][]int, error) {
	if len(predicted) != len(truth) {
		return nil, fmt.Errorf("mlp: ConfusionMatrix: %d predictions for %d labels", len(predicted), len(truth))
	}
	if classes <= 0 {
		return nil, fmt.Errorf("mlp: ConfusionMatrix: classes = %d; it must be positive (10 for MNIST)", classes)
	}
	size, ok := mulBytes(classes, classes, strconv.IntSize/8)
	if !ok {
		return nil, fmt.Errorf("mlp: ConfusionMatrix: %d classes: %d×%d counts overflow; pass the number of classes (10 for MNIST)", classes, classes, classes)
	}
	if err := checkAllocation(fmt.Sprintf("ConfusionMatrix: %d×%d counts", classes, classes), size,
		"pass the number of classes (10 for MNIST)"); err != nil {
		return nil, err
	}
	m := make([][]int, classes)
	for i := range m {
		m[i] = make([]int, classes)
	}
	for i := range predicted {
		p, t := predicted[i], truth[i]
		if p < 0 || p >= classes || t < 0 || t >= classes {
			return nil, fmt.Errorf("mlp: ConfusionMatrix: example %d has class %d/%d outside [0, %d)", i, p, t, classes)
		}
		m[t][p]++
	}
	return m, nil
}

// Mistake is a misclassified example.
type Mistake struct {
	Index      int     // example index
	Predicted  int     // predicted class
	Truth      int     // true class
	Confidence float32 // probability given to the predicted class
}

// ConfidentMistakes returns up to n misclassified examples, the most confident first.
// probs holds one row of class probabilities per example (as returned by Predict).
func ConfidentMistakes(probs [][]float32, truth []int, n int) ([]Mistake, error) {
	if len(probs) != len(truth) {
		return nil, fmt.Errorf("mlp: ConfidentMistakes: %d predictions for %d labels", len(probs), len(truth))
	}
	if n < 0 {
		return nil, fmt.Errorf("mlp: ConfidentMistakes: n = %d; it must be ≥ 0", n)
	}
	var mistakes []Mistake
	for i, row := range probs {
		if len(row) == 0 {
			return nil, fmt.Errorf("mlp: ConfidentMistakes: example %d has no class probabilities; pass Predict's rows", i)
		}
		if len(row) != len(probs[0]) {
			return nil, fmt.Errorf("mlp: ConfidentMistakes: example %d has %d class probabilities, example 0 has %d", i, len(row), len(probs[0]))
		}
		if truth[i] < 0 || truth[i] >= len(row) {
			return nil, fmt.Errorf("mlp: ConfidentMistakes: example %d has class %d outside [0, %d)", i, truth[i], len(row))
		}
		p := ArgMax(row)
		if p != truth[i] {
			mistakes = append(mistakes, Mistake{Index: i, Predicted: p, Truth: truth[i], Confidence: row[p]})
		}
	}
	sort.SliceStable(mistakes, func(a, b int) bool { return mistakes[a].Confidence > mistakes[b].Confidence })
	if len(mistakes) > n {
		mistakes = mistakes[:n]
	}
	return mistakes, nil
}

// ActivationCurve evaluates an activation and its derivative at xs with the same GoMLX graph
// code the models use (the derivative by automatic differentiation), for plotting. Softmax and
// log_softmax, which act on vectors, are evaluated on the pair (x, 0): the first output against
// the first input, as a two-class softmax.
func ActivationCurve(name string, xs []float64) (ys, dys []float64, err error) {
	key, fn, err := lookupActivation(name)
	if err != nil {
		return nil, nil, err
	}
	backend, _, err := Backend()
	if err != nil {
		return nil, nil, err
	}
	in := make([]float32, len(xs))
	for i, x := range xs {
		in[i] = float32(x)
	}
	exec, err := graph.NewExec(backend, func(x *graph.Node) (*graph.Node, *graph.Node) {
		var y *graph.Node
		if isVectorActivation(key) {
			pair := graph.Concatenate([]*graph.Node{graph.ExpandAxes(x, -1), graph.ExpandAxes(graph.ZerosLike(x), -1)}, -1)
			y = graph.Reshape(graph.Slice(fn(pair), graph.AxisRange(), graph.AxisElem(0)), len(xs))
		} else {
			y = fn(x)
		}
		return y, graph.Gradient(graph.ReduceAllSum(y), x)[0]
	})
	if err != nil {
		return nil, nil, fmt.Errorf("mlp: ActivationCurve(%q): %w", name, err)
	}
	outs, err := exec.Call(tensors.FromFlatDataAndDimensions(in, len(xs)))
	if err != nil {
		return nil, nil, fmt.Errorf("mlp: ActivationCurve(%q): %w", name, err)
	}
	conv := func(t *tensors.Tensor) []float64 {
		f := tensors.MustCopyFlatData[float32](t)
		out := make([]float64, len(f))
		for i, v := range f {
			out[i] = float64(v)
		}
		return out
	}
	return conv(outs[0]), conv(outs[1]), nil
}

// ClassAccuracy returns, for each true class t of a confusion matrix (see ConfusionMatrix), the
// share of its examples predicted as t: the accuracy per digit. A class without examples gets NaN.
func ClassAccuracy(confusion [][]int) []float64 {
	acc := make([]float64, len(confusion))
	for t, row := range confusion {
		total := 0
		for _, n := range row {
			total += n
		}
		acc[t] = math.NaN()
		if total > 0 && t < len(row) {
			acc[t] = float64(row[t]) / float64(total)
		}
	}
	return acc
}

// Confusion is a pair of classes the model mixes up: Count examples of class Truth predicted as
// Predicted, the most confident of them in Examples.
type Confusion struct {
	Truth, Predicted int
	Count            int
	Examples         []Mistake
}

// ConfusedPairs returns the n (truth, predicted) pairs with the most mistakes, the largest count
// first (ties in class order), each with up to examples of its mistakes, the most confident first.
// probs and truth are as for ConfidentMistakes.
func ConfusedPairs(probs [][]float32, truth []int, n, examples int) ([]Confusion, error) {
	if n < 0 || examples < 0 {
		return nil, fmt.Errorf("mlp: ConfusedPairs: n = %d, examples = %d; both must be ≥ 0", n, examples)
	}
	mistakes, err := ConfidentMistakes(probs, truth, len(probs))
	if err != nil {
		return nil, fmt.Errorf("mlp: ConfusedPairs: %w", err)
	}
	type pair struct{ t, p int }
	byPair := map[pair]*Confusion{}
	var pairs []*Confusion
	for _, mk := range mistakes { // most confident first, so Examples are too
		k := pair{mk.Truth, mk.Predicted}
		c := byPair[k]
		if c == nil {
			c = &Confusion{Truth: mk.Truth, Predicted: mk.Predicted}
			byPair[k] = c
			pairs = append(pairs, c)
		}
		c.Count++
		if len(c.Examples) < examples {
			c.Examples = append(c.Examples, mk)
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool {
		pa, pb := pairs[a], pairs[b]
		if pa.Count != pb.Count {
			return pa.Count > pb.Count
		}
		if pa.Truth != pb.Truth {
			return pa.Truth < pb.Truth
		}
		return pa.Predicted < pb.Predicted
	})
	out := make([]Confusion, 0, min(n, len(pairs)))
	for _, c := range pairs[:min(n, len(pairs))] {
		out = append(out, *c)
	}
	return out, nil
}
