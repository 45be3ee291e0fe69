package mlp

import (
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
)

// insideModel is a small model with every kind of layer: fused and separate activations, a Dense
// layer without bias, and Dropout.
func insideModel() *Model {
	return NewSequential(Input(4),
		Dense(8), Activation("sigmoid"),
		Dense(6, WithActivation("relu")), Dropout(0.3),
		Dense(5, UseBias(false), WithActivation("tanh")),
		Dense(3), Activation("softmax"),
	).WithSeed(7)
}

// handForward computes every layer's output for x in float64 from the model's LayerWeights, the
// way the layers are defined, independently of the graph code.
func handForward(t *testing.T, m *Model, x Matrix) [][]float64 {
	t.Helper()
	act := map[string]func([]float64){
		"sigmoid": func(v []float64) {
			for i := range v {
				v[i] = 1 / (1 + math.Exp(-v[i]))
			}
		},
		"relu": func(v []float64) {
			for i := range v {
				v[i] = math.Max(v[i], 0)
			}
		},
		"tanh": func(v []float64) {
			for i := range v {
				v[i] = math.Tanh(v[i])
			}
		},
		"softmax": func(v []float64) {
			mx, sum := math.Inf(-1), 0.0
			for _, e := range v {
				mx = math.Max(mx, e)
			}
			for i := range v {
				v[i] = math.Exp(v[i] - mx)
				sum += v[i]
			}
			for i := range v {
				v[i] /= sum
			}
		},
	}
	var outs [][]float64
	in := make([]float64, len(x.Data))
	for i, v := range x.Data {
		in[i] = float64(v)
	}
	width := x.Cols
	for i, l := range m.Layers() {
		w, err := m.LayerWeights(i)
		if err != nil {
			t.Fatal(err)
		}
		out := append([]float64(nil), in...)
		switch l.Kind {
		case KindDense:
			kernel := w[0]
			out = make([]float64, x.Rows*l.Units)
			for r := range x.Rows {
				row := out[r*l.Units : (r+1)*l.Units]
				for j := range l.Units {
					for k := range width {
						row[j] += in[r*width+k] * float64(kernel.Data[k*kernel.Cols+j])
					}
					if !l.NoBias {
						row[j] += float64(w[1].Data[j])
					}
				}
				if l.Activation != "" {
					act[l.Activation](row)
				}
			}
			width = l.Units
		case KindActivation:
			for r := range x.Rows {
				act[l.Activation](out[r*width : (r+1)*width])
			}
		}
		outs = append(outs, out)
		in = out
	}
	return outs
}

func TestLayerOutputsEqualAForwardPassByHand(t *testing.T) {
	for _, whole := range []bool{false, true} {
		name := map[bool]string{false: "split batches", true: "whole batches"}[whole]
		t.Run(name, func(t *testing.T) {
			defer func(w bool) { wholeBatches = w }(wholeBatches)
			wholeBatches = whole
			m := insideModel()
			if err := m.Compile(Loss("categorical_crossentropy"), SGD(0.5), Metrics("accuracy")); err != nil {
				t.Fatal(err)
			}
			if splitsBatches(m.backend) && m.splitBatches == whole { // XLA never splits
				t.Fatalf("splitBatches = %v, want %v", m.splitBatches, !whole)
			}
			x, y, _ := blobs(256, 3)
			if _, err := m.Fit(x, y, Epochs(2), BatchSize(64), Verbose(0)); err != nil {
				t.Fatal(err)
			}
			outs, err := m.LayerOutputs(x, BatchSize(100))
			if err != nil {
				t.Fatal(err)
			}
			want := handForward(t, m, x)
			if len(outs) != len(m.Layers()) {
				t.Fatalf("%d outputs for %d layers", len(outs), len(m.Layers()))
			}
			for i, out := range outs {
				if out.Rows != x.Rows || len(out.Data) != len(want[i]) {
					t.Fatalf("layer %d: %d×%d with %d values, want %d rows and %d values", i, out.Rows, out.Cols, len(out.Data), x.Rows, len(want[i]))
				}
				for k, v := range out.Data {
					if d := math.Abs(float64(v) - want[i][k]); d > 1e-5 {
						t.Fatalf("layer %d (%s) value %d: %g, by hand %g (off by %.2g)", i, m.Layers()[i].Name, k, v, want[i][k], d)
					}
				}
			}
			probs, err := m.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			last := outs[len(outs)-1]
			for r, row := range probs {
				for j, p := range row {
					if p != last.Data[r*last.Cols+j] {
						t.Fatalf("example %d class %d: Predict %g, last layer output %g", r, j, p, last.Data[r*last.Cols+j])
					}
				}
			}
		})
	}
}

func TestLayerWeightsAreGetWeights(t *testing.T) {
	m := insideModel()
	if _, err := m.LayerWeights(0); err == nil || !strings.Contains(err.Error(), "before the model was built") {
		t.Fatalf("LayerWeights of an unbuilt model: %v", err)
	}
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	all, err := m.Weights()
	if err != nil {
		t.Fatal(err)
	}
	var got [][]float32
	for i, l := range m.Layers() {
		w, err := m.LayerWeights(i)
		if err != nil {
			t.Fatal(err)
		}
		if len(w) != l.paramCount() {
			t.Fatalf("layer %d (%s): %d weight tensors, want %d", i, l.Name, len(w), l.paramCount())
		}
		for k, mat := range w {
			if len(mat.Data) != mat.Rows*mat.Cols {
				t.Fatalf("layer %d tensor %d: %d values for %d×%d", i, k, len(mat.Data), mat.Rows, mat.Cols)
			}
			if k == 0 && mat.Cols != l.Units {
				t.Fatalf("layer %d kernel is %d×%d, want %d columns (units)", i, mat.Rows, mat.Cols, l.Units)
			}
			got = append(got, mat.Data)
		}
	}
	if len(got) != len(all) {
		t.Fatalf("LayerWeights gave %d tensors, Weights %d", len(got), len(all))
	}
	for i := range all {
		for k := range all[i] {
			if got[i][k] != all[i][k] {
				t.Fatalf("tensor %d value %d: LayerWeights %g, Weights %g", i, k, got[i][k], all[i][k])
			}
		}
	}
	first, _ := m.LayerWeights(0)
	if col := first[0].Column(2); len(col) != 4 || col[1] != first[0].Data[1*8+2] {
		t.Fatalf("Column(2) = %v of a 4×8 kernel", col)
	}
	for _, i := range []int{-1, len(m.Layers())} {
		if _, err := m.LayerWeights(i); err == nil || !strings.Contains(err.Error(), "no such layer") || !strings.Contains(err.Error(), "0 dense_1") {
			t.Errorf("LayerWeights(%d): %v, want an error listing the layers", i, err)
		}
	}
}

func TestLayerOutputsRejectBadInput(t *testing.T) {
	m := insideModel()
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	wide := Matrix{Data: make([]float32, 10), Rows: 2, Cols: 5}
	if _, err := m.LayerOutputs(wide); err == nil || !strings.Contains(err.Error(), "takes 4 features per example, got 5") {
		t.Errorf("5 features into a 4-input model: %v", err)
	}
	nan := Matrix{Data: []float32{0, 0, float32(math.NaN()), 0}, Rows: 1, Cols: 4}
	if _, err := m.LayerOutputs(nan); err == nil || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("NaN input: %v", err)
	}
	if _, err := NewSequential().LayerOutputs(wide); err == nil || !strings.Contains(err.Error(), "no layers") {
		t.Errorf("a model without layers: %v", err)
	}
	if _, err := m.LayerOutputs(wide, BatchSize(0)); err == nil {
		t.Error("BatchSize(0) accepted")
	}
}

func TestGradientsAreTheStepSGDTakes(t *testing.T) {
	m := insideModel()
	if _, err := m.Gradients([][]float32{{1, 2, 3, 4}}, []int{1}); err == nil || !strings.Contains(err.Error(), "before Compile") {
		t.Fatalf("Gradients before Compile: %v", err)
	}
	m = NewSequential(Input(4), Dense(8), Activation("sigmoid"), Dense(3), Activation("softmax")).WithSeed(3)
	const lr = 0.5
	if err := m.Compile(Loss("mse"), SGD(lr)); err != nil {
		t.Fatal(err)
	}
	x, y, _ := blobs(48, 5)
	grads, err := m.Gradients(x, y)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := m.Weights()
	// One SGD step on the whole set, in order: w ← w − lr·∇.
	if _, err := m.Fit(x, y, Epochs(1), BatchSize(x.Rows), Shuffle(false), Verbose(0)); err != nil {
		t.Fatal(err)
	}
	after, _ := m.Weights()
	if len(grads) != len(before) {
		t.Fatalf("%d gradients for %d weights", len(grads), len(before))
	}
	for i := range before {
		if len(grads[i].Data) != len(before[i]) {
			t.Fatalf("gradient %d has %d values, weight %d", i, len(grads[i].Data), len(before[i]))
		}
		for k := range before[i] {
			step := float64(before[i][k]-after[i][k]) / lr
			if d := math.Abs(step - float64(grads[i].Data[k])); d > 1e-5+1e-3*math.Abs(step) {
				t.Fatalf("weight %d value %d: gradient %g, SGD moved it by %g·lr", i, k, grads[i].Data[k], step)
			}
		}
	}
	if _, err := m.Gradients(Matrix{Cols: 4}, Matrix{Cols: 3}); err == nil {
		t.Error("Gradients of no examples accepted")
	}
}

func TestRecordGradientSizes(t *testing.T) {
	m := NewSequential(Input(4), Dense(8), Activation("sigmoid"), Dense(6), Activation("sigmoid"),
		Dense(3), Activation("softmax")).WithSeed(11)
	if err := m.Compile(Loss("mse"), SGD(0.5)); err != nil {
		t.Fatal(err)
	}
	x, y, _ := blobs(120, 9)
	sizes := &GradientSizes{}
	if _, err := m.Fit(x, y, Epochs(2), BatchSize(30), Verbose(0), RecordGradientSizes(sizes, x, y)); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(x, y, Epochs(1), BatchSize(30), Verbose(0), RecordGradientSizes(sizes, x, y)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(sizes.Layers, " "); got != "dense_1 dense_2 dense_3" {
		t.Errorf("Layers = %q", got)
	}
	if len(sizes.Epochs) != 4 || sizes.Epochs[0] != 0 || sizes.Epochs[3] != 3 || len(sizes.RMS) != 4 {
		t.Fatalf("Epochs = %v with %d rows, want [0 1 2 3] (the second Fit continues the count once)", sizes.Epochs, len(sizes.RMS))
	}
	grads, err := m.Gradients(x, y)
	if err != nil {
		t.Fatal(err)
	}
	for l, p := range []int{0, 2, 4} { // kernels
		if want, got := rootMeanSquare(grads[p].Data), sizes.RMS[3][l]; math.Abs(want-got) > 1e-7+1e-5*want || want == 0 {
			t.Errorf("layer %d after 3 epochs: recorded %g, Gradients give %g", l, got, want)
		}
	}
	if sizes.RMS[0][0] == sizes.RMS[3][0] {
		t.Error("the first layer's gradient did not change in 3 epochs")
	}
	if _, err := m.Fit(x, y, Verbose(0), RecordGradientSizes(nil, x, y)); err == nil {
		t.Error("RecordGradientSizes(nil) accepted")
	}
	bad := &GradientSizes{}
	if _, err := m.Fit(x, y, Verbose(0), Output(io.Discard), RecordGradientSizes(bad, x, Matrix{Data: make([]float32, 3), Rows: 1, Cols: 3})); err == nil || !strings.Contains(err.Error(), "RecordGradientSizes") {
		t.Errorf("RecordGradientSizes with 1 label for 120 examples: %v", err)
	}
}

func TestHiddenLayers(t *testing.T) {
	for _, c := range []struct {
		m    *Model
		want string
	}{
		{seedModel(), "[1 3]"},
		{insideModel(), "[1 2 4]"}, // sigmoid, fused relu, fused tanh; not the softmax at the end
		{NewSequential(Input(3), Dense(4, WithActivation("relu")), Dense(2, WithActivation("softmax"))), "[0]"},
		{NewSequential(Input(3), Dense(2)), "[]"},
		{NewSequential(), "[]"},
	} {
		if got := fmt.Sprint(c.m.HiddenLayers()); got != c.want {
			t.Errorf("HiddenLayers = %s, want %s", got, c.want)
		}
	}
}
