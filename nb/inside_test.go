package nb

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dlgo/hello/mlp"
)

// insideModel returns a small compiled model on 28×28 inputs with two sigmoid hidden layers.
func insideModel(t *testing.T, seed uint64) *mlp.Model {
	t.Helper()
	m := mlp.NewSequential(mlp.Dense(20, mlp.InputDim(28*28)), mlp.Activation("sigmoid"),
		mlp.Dense(12, mlp.WithActivation("tanh")), mlp.Dense(10), mlp.Activation("softmax")).WithSeed(seed)
	if err := m.Compile(mlp.Loss("mse"), mlp.SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	return m
}

// pixels returns n random images of 784 grey levels scaled by scale.
func pixels(n int, scale float32) mlp.Matrix {
	r := rand.New(rand.NewPCG(1, 2))
	x := mlp.Matrix{Data: make([]float32, n*784), Rows: n, Cols: 784}
	for i := range x.Data {
		x.Data[i] = float32(r.IntN(256)) * scale
	}
	return x
}

func TestHiddenOutputsAreTheHiddenLayers(t *testing.T) {
	m := insideModel(t, 1)
	hidden, err := HiddenOutputs(m, pixels(3, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(hidden) != 2 || hidden[0].Layer != "activation_1" || hidden[1].Layer != "dense_2" {
		t.Fatalf("hidden layers = %+v, want activation_1 and dense_2", hidden)
	}
	h := hidden[0]
	if h.Activation != "sigmoid" || h.Output.Rows != 3 || h.Output.Cols != 20 || h.Sums.Cols != 20 {
		t.Fatalf("activation_1: %s, output %d×%d", h.Activation, h.Output.Rows, h.Output.Cols)
	}
	for k, z := range h.Sums.Data { // the sums are dense_1's outputs, before the sigmoid
		if s := h.Output.Data[k]; z > 0 != (s > 0.5) {
			t.Fatalf("value %d: sum %g, output %g: not the sum before the sigmoid", k, z, s)
		}
	}
	if _, err := HiddenOutputs(mlp.NewSequential(mlp.Dense(2, mlp.InputDim(3))), [][]float32{{1, 2, 3}}); err == nil {
		t.Error("a model without hidden layers gave hidden outputs")
	}
}

func TestSaturationTableCountsSaturatedOutputs(t *testing.T) {
	m := insideModel(t, 1)
	raw, err := HiddenOutputs(m, pixels(20, 1))
	if err != nil {
		t.Fatal(err)
	}
	scaled, err := HiddenOutputs(m, pixels(20, 1.0/255))
	if err != nil {
		t.Fatal(err)
	}
	runs := map[string][]Hidden{"raw": raw, "scaled": scaled}
	table, err := SaturationTable([]string{"raw", "scaled"}, runs)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(table, "<tr>"); n != 5 {
		t.Errorf("table has %d rows, want a header and 2 layers × 2 runs:\n%s", n, table)
	}
	// Raw pixels saturate a sigmoid layer far more than pixels/255.
	rawShare := mlp.SaturatedShare(raw[0].Output, 0.01, 0.99)
	if scaledShare := mlp.SaturatedShare(scaled[0].Output, 0.01, 0.99); rawShare <= scaledShare+0.2 {
		t.Errorf("saturated: raw %.2f, scaled %.2f", rawShare, scaledShare)
	}
	if _, err := SaturationTable([]string{"raw", "other"}, runs); err == nil || !strings.Contains(err.Error(), `"other"`) {
		t.Errorf("unknown run: %v", err)
	}
	png, err := OutputHistograms([]string{"raw", "scaled"}, runs)
	if w, h := decodePNG(t, png, err); w == 0 || h == 0 {
		t.Errorf("histograms %d×%d", w, h)
	}
	if _, err := OutputHistograms([]string{"nope"}, runs); err == nil {
		t.Error("OutputHistograms of an unknown run")
	}
}

func TestGradientPlotAndTable(t *testing.T) {
	runs := map[string]*mlp.GradientSizes{
		"sigmoid": {Layers: []string{"dense_1", "dense_2"}, Epochs: []int{0, 1}, RMS: [][]float64{{0.001, 0.01}, {0.002, 0.02}}},
		"relu":    {Layers: []string{"dense_1", "dense_2"}, Epochs: []int{0, 1}, RMS: [][]float64{{0.01, 0.02}, {0.01, 0.02}}},
	}
	png, err := GradientPlot(runs)
	if w, h := decodePNG(t, png, err); w == 0 || h == 0 {
		t.Errorf("gradient plot %d×%d", w, h)
	}
	table := GradientTable(runs)
	for _, want := range []string{"<td>relu</td>", "<td>sigmoid</td><td>dense_1</td><td>0.001</td><td>0.002</td><td>10×</td>"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	if _, err := GradientPlot(map[string]*mlp.GradientSizes{"empty": {}}); err == nil || !strings.Contains(err.Error(), "RecordGradientSizes") {
		t.Errorf("GradientPlot of an empty run: %v", err)
	}
}

func TestUnitWeights(t *testing.T) {
	before, after := insideModel(t, 1), insideModel(t, 2)
	limit, err := WeightLimit(0, before, after)
	if err != nil || limit <= 0 {
		t.Fatalf("WeightLimit = %g, %v", limit, err)
	}
	png, err := UnitWeights(after, 0, 16, limit)
	if w, h := decodePNG(t, png, err); w == 0 || h == 0 {
		t.Errorf("unit weights %d×%d", w, h)
	}
	for _, c := range []struct {
		layer, units int
		want         string
	}{{1, 4, "not a Dense layer"}, {2, 4, "not the 784 pixels"}, {0, 21, "pass 1 to 20"}, {0, 0, "pass 1 to 20"}, {9, 4, "no such layer"}} {
		if _, err := UnitWeights(after, c.layer, c.units, limit); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("UnitWeights(layer %d, %d units): %v, want %q", c.layer, c.units, err, c.want)
		}
	}
	png, err = UnitWeightChanges(before, after, 0, 9)
	if w, h := decodePNG(t, png, err); w == 0 || h == 0 {
		t.Errorf("unit weight changes %d×%d", w, h)
	}
	other := mlp.NewSequential(mlp.Dense(30, mlp.InputDim(28*28)), mlp.Dense(10))
	if err := other.Compile(mlp.Loss("mse"), mlp.SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	if _, err := UnitWeightChanges(other, after, 2, 9); err == nil {
		t.Error("UnitWeightChanges of a layer that is not Dense in one model")
	}
	if _, err := WeightLimit(1, after); err == nil {
		t.Error("WeightLimit of an activation layer")
	}
	if _, err := WeightLimit(0); err == nil {
		t.Error("WeightLimit of no models")
	}
}
