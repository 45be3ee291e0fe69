package mlp

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// gradientsBothWays computes the parameters' gradients on one batch with the model's backward
// pass and with GoMLX's automatic differentiation, in one graph (so dropout masks are shared).
func gradientsBothWays(t *testing.T, m *Model, x, y Matrix) (manual, auto [][]float32) {
	t.Helper()
	if err := m.prepare(x.Cols); err != nil {
		t.Fatal(err)
	}
	outs, err := model.CallOnceN(m.backend, m.store, func(scope *model.Scope, xn, yn *graph.Node) []*graph.Node {
		preds, trace := m.forwardTrace(scope, xn, true)
		loss := graph.ReduceAllMean(losses[m.compile.Loss](yn, preds))
		weights := make([]*graph.Node, len(m.params))
		for i, p := range m.params {
			weights[i] = p.v.NodeValue(xn.Graph())
		}
		return append(m.backward([][]layerTrace{trace}, graph.Gradient(loss, preds)), graph.Gradient(loss, weights...)...)
	}, tensors.FromFlatDataAndDimensions(x.Data, x.Rows, x.Cols), tensors.FromFlatDataAndDimensions(y.Data, y.Rows, y.Cols))
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range outs {
		v := tensors.MustCopyFlatData[float32](o)
		if i < len(m.params) {
			manual = append(manual, v)
		} else {
			auto = append(auto, v)
		}
	}
	return manual, auto
}

func TestBackwardMatchesAutodiff(t *testing.T) {
	x, oneHot, ids := blobs(12, 5)
	type variant struct {
		name   string
		layers []Layer
		loss   string
		y      Matrix
	}
	var variants []variant
	for _, act := range Activations() {
		variants = append(variants, variant{act, []Layer{Input(4), Dense(5, WithActivation(act)), Activation(act),
			Dense(3), Activation("softmax")}, "mse", oneHot})
	}
	idsM := column(ids)
	variants = append(variants,
		variant{"dropout", []Layer{Input(4), Dense(6, WithActivation("relu")), Dropout(0.4), Dense(3, UseBias(false)),
			Activation("softmax")}, "categorical_crossentropy", oneHot},
		variant{"sparse", []Layer{Input(4), Dense(6), Activation("tanh"), Dense(3, WithActivation("softmax"))},
			"sparse_categorical_crossentropy", idsM},
		variant{"binary", []Layer{Input(4), Dense(3, WithActivation("sigmoid"))}, "binary_crossentropy", oneHot},
		variant{"mae", []Layer{Input(4), Dense(3)}, "mae", oneHot},
	)
	for _, v := range variants {
		m := NewSequential(v.layers...).WithSeed(11)
		if err := m.Compile(Loss(v.loss), SGD(0.1)); err != nil {
			t.Fatal(err)
		}
		manual, auto := gradientsBothWays(t, m, x, v.y)
		for i := range manual {
			for j := range manual[i] {
				a, b := float64(manual[i][j]), float64(auto[i][j])
				if math.Abs(a-b) > 1e-5+1e-3*math.Abs(b) {
					t.Errorf("%s: gradient of %s[%d] = %g by backward, %g by autodiff", v.name, m.params[i].name, j, a, b)
					break
				}
			}
		}
	}
}

func TestSplitBatchesGiveTheSameTraining(t *testing.T) {
	x, y, _ := blobs(256, 9)
	weights := func(split bool) [][]float32 {
		m := NewSequential(Input(4), Dense(16, WithActivation("sigmoid")), Dropout(0), Dense(3), Activation("softmax")).WithSeed(4)
		if err := m.Compile(Loss("mse"), SGD(0.5).WithMomentum(0.5), Metrics("accuracy")); err != nil {
			t.Fatal(err)
		}
		if err := m.build(4); err != nil {
			t.Fatal(err)
		}
		m.splitBatches = split
		if got := m.trainParts(64) > 1; got != split {
			t.Fatalf("trainParts(64) splits = %v, want %v", got, split)
		}
		if _, err := m.Fit(x, y, Epochs(2), BatchSize(64), Verbose(0)); err != nil {
			t.Fatal(err)
		}
		w, err := m.Weights()
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	whole, split := weights(false), weights(true)
	for i := range whole {
		for j := range whole[i] {
			if d := math.Abs(float64(whole[i][j] - split[i][j])); d > 1e-5 {
				t.Fatalf("weight %d[%d]: %g whole, %g split", i, j, whole[i][j], split[i][j])
			}
		}
	}
}
