package nb

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/dlgo/hello/mlp"
	"github.com/dlgo/hello/plot"
)

// Hidden is what one hidden layer of a model computes over a set of examples (see HiddenOutputs).
type Hidden struct {
	// Layer names the layer whose outputs Output holds ("activation_1").
	Layer string
	// Activation is the layer's activation ("sigmoid").
	Activation string
	// Sums holds the weighted sums the units receive, before the activation (the Dense layer's
	// outputs), and Output what they pass on; both have one row per example and one column per unit.
	Sums, Output mlp.Matrix
}

// HiddenOutputs runs the examples x through model (mlp.Model.LayerOutputs) and returns what each of
// its hidden layers (mlp.Model.HiddenLayers) computes: for the Hello World model, its two layers of
// 500 sigmoid units.
func HiddenOutputs(model *mlp.Model, x any) ([]Hidden, error) {
	outs, err := model.LayerOutputs(x, mlp.BatchSize(1000))
	if err != nil {
		return nil, err
	}
	layers := model.Layers()
	var hidden []Hidden
	for _, i := range model.HiddenLayers() {
		h := Hidden{Layer: layers[i].Name, Activation: layers[i].Activation, Sums: outs[i], Output: outs[i]}
		if layers[i].Kind == mlp.KindActivation && i > 0 {
			h.Sums = outs[i-1]
		}
		hidden = append(hidden, h)
	}
	if len(hidden) == 0 {
		return nil, fmt.Errorf("nb: HiddenOutputs: the model has no hidden layer with an activation (its layers: %d)", len(layers))
	}
	return hidden, nil
}

// saturatedBelow and saturatedAbove bound the outputs of a sigmoid that is not saturated: beyond
// them its derivative σ(1−σ) is below 0.0099, a twenty-fifth of its largest value.
const saturatedBelow, saturatedAbove = 0.01, 0.99

// SaturationTable returns an HTML table with a row per hidden layer of each run: the share of its
// outputs below 0.01 or above 0.99 (saturated sigmoids, which pass back less than 1/25 of the
// gradient an unsaturated one does), and the share of its weighted sums below −87.3, where a
// float32 sigmoid is a subnormal number (see mlp.SubnormalSigmoidShare). names orders the runs.
func SaturationTable(names []string, runs map[string][]Hidden) (string, error) {
	ordered, err := inOrder("SaturationTable", names, runs)
	if err != nil {
		return "", err
	}
	var rows [][]string
	for i, hidden := range ordered {
		name := names[i]
		for _, h := range hidden {
			rows = append(rows, []string{name, h.Layer,
				fmt.Sprintf("%.1f %%", 100*mlp.SaturatedShare(h.Output, saturatedBelow, saturatedAbove)),
				fmt.Sprintf("%.3f %%", 100*mlp.SubnormalSigmoidShare(h.Sums))})
		}
	}
	return plot.HTMLTable([]string{"run", "layer", "outputs < 0.01 or > 0.99 (saturated)",
		"sums < −87.3 (subnormal σ in float32)"}, rows), nil
}

// OutputHistograms draws, for each run of names, the histogram of its hidden layers' outputs over
// [0, 1] in 50 bins, on a log scale so that the rare values in the middle show; runs are as for
// SaturationTable.
func OutputHistograms(names []string, runs map[string][]Hidden, opts ...plot.Option) ([]byte, error) {
	ordered, err := inOrder("OutputHistograms", names, runs)
	if err != nil {
		return nil, err
	}
	var samples []plot.Sample
	for i, hidden := range ordered {
		name := names[i]
		for _, h := range hidden {
			samples = append(samples, plot.Sample{Name: name + ", " + h.Layer, Values: h.Output.Data})
		}
	}
	return plot.Histograms(samples, 50, 0, 1, "output of a hidden unit", append([]plot.Option{plot.LogY()}, opts...)...)
}

// inOrder returns the runs of names, in that order; a name without a run is an error of fn.
func inOrder(fn string, names []string, runs map[string][]Hidden) ([][]Hidden, error) {
	ordered := make([][]Hidden, len(names))
	for i, name := range names {
		hidden, ok := runs[name]
		if !ok {
			return nil, fmt.Errorf("nb: %s: no run named %q", fn, name)
		}
		ordered[i] = hidden
	}
	return ordered, nil
}

// GradientPlot draws the size of each layer's gradient per epoch (as mlp.RecordGradientSizes
// records it) for every run, on a log scale: one line per run and layer.
func GradientPlot(runs map[string]*mlp.GradientSizes, opts ...plot.Option) ([]byte, error) {
	names := slices.Sorted(maps.Keys(runs))
	var series []plot.Series
	for _, name := range names {
		g := runs[name]
		if g == nil || len(g.Epochs) == 0 {
			return nil, fmt.Errorf("nb: GradientPlot: run %q has no measures; pass it to mlp.RecordGradientSizes in Fit", name)
		}
		for l, layer := range g.Layers {
			s := plot.Series{Name: name + " " + layer}
			for e, epoch := range g.Epochs {
				s.X = append(s.X, float64(epoch))
				s.Y = append(s.Y, g.RMS[e][l])
			}
			series = append(series, s)
		}
	}
	return plot.LinesPlot("epoch", "gradient size (RMS per weight)", series, append([]plot.Option{plot.LogY()}, opts...)...)
}

// UnitWeights draws the weights into the first units units of a model's Dense layer (layer, an
// index of mlp.Model.Layers) as 28×28 images, one per unit, on a colour scale from −limit (blue)
// through 0 (white) to +limit (red): what each unit looks for in a picture. Pass the same limit
// (see WeightLimit) for two models to compare them on one scale. The layer must take 784 inputs.
func UnitWeights(model *mlp.Model, layer, units int, limit float64, opts ...plot.Option) ([]byte, error) {
	images, err := unitImages("UnitWeights", model, layer, units)
	if err != nil {
		return nil, err
	}
	return plot.WeightImages(images, 28, 28, nil, 0, limit, opts...)
}

// UnitWeightChanges draws, as UnitWeights does, what training changed in the weights into the
// first units units of layer: after's weights minus before's (the same model before and after
// training), on a colour scale of their own (the largest change), so that small changes show.
func UnitWeightChanges(before, after *mlp.Model, layer, units int, opts ...plot.Option) ([]byte, error) {
	from, err := unitImages("UnitWeightChanges", before, layer, units)
	if err != nil {
		return nil, err
	}
	to, err := unitImages("UnitWeightChanges", after, layer, units)
	if err != nil {
		return nil, err
	}
	for j, img := range to {
		if len(img) != len(from[j]) {
			return nil, fmt.Errorf("nb: UnitWeightChanges: the models differ in layer %d; pass one model before and after training", layer)
		}
		for k := range img {
			img[k] -= from[j][k]
		}
	}
	return plot.WeightImages(to, 28, 28, nil, 0, 0, opts...)
}

// unitImages returns the weights into the first units units of model's layer, one 784-pixel
// image per unit.
func unitImages(fn string, model *mlp.Model, layer, units int) ([][]float32, error) {
	w, err := model.LayerWeights(layer)
	if err != nil {
		return nil, err
	}
	if len(w) == 0 {
		return nil, fmt.Errorf("nb: %s: layer %d is not a Dense layer; pass the index of one (0 for the first)", fn, layer)
	}
	kernel := w[0]
	if kernel.Rows != 28*28 {
		return nil, fmt.Errorf("nb: %s: layer %d takes %d inputs, not the 784 pixels of a 28×28 image", fn, layer, kernel.Rows)
	}
	if units <= 0 || units > kernel.Cols {
		return nil, fmt.Errorf("nb: %s: %d units of a layer of %d; pass 1 to %d", fn, units, kernel.Cols, kernel.Cols)
	}
	images := make([][]float32, units)
	for j := range images {
		images[j] = kernel.Column(j)
	}
	return images, nil
}

// WeightLimit returns a colour scale for UnitWeights that fits the kernels of layer in all models:
// the 99.5th percentile of their weights' magnitudes, so that a few large weights do not wash out
// the others (those beyond it are drawn in full colour).
func WeightLimit(layer int, models ...*mlp.Model) (float64, error) {
	var mags []float64
	for _, m := range models {
		w, err := m.LayerWeights(layer)
		if err != nil {
			return 0, err
		}
		if len(w) == 0 {
			return 0, fmt.Errorf("nb: WeightLimit: layer %d is not a Dense layer", layer)
		}
		for _, v := range w[0].Data {
			mags = append(mags, math.Abs(float64(v)))
		}
	}
	if len(mags) == 0 {
		return 0, fmt.Errorf("nb: WeightLimit: no models; pass at least one")
	}
	slices.Sort(mags)
	return mags[min(len(mags)-1, int(0.995*float64(len(mags))))], nil
}

// GradientTable returns an HTML table with a row per run and layer: the size of the layer's
// gradient (as mlp.RecordGradientSizes records it) before training and after the last epoch, and
// how many times smaller it is than the last layer's at the start.
func GradientTable(runs map[string]*mlp.GradientSizes) string {
	names := slices.Sorted(maps.Keys(runs))
	var rows [][]string
	for _, name := range names {
		g := runs[name]
		if g == nil || len(g.Epochs) == 0 || len(g.Layers) == 0 {
			continue
		}
		first, last := g.RMS[0], g.RMS[len(g.RMS)-1]
		top := first[len(first)-1]
		for l, layer := range g.Layers {
			rows = append(rows, []string{name, layer,
				fmt.Sprintf("%.3g", first[l]),
				fmt.Sprintf("%.3g", last[l]),
				fmt.Sprintf("%.2g×", top/first[l])})
		}
	}
	return plot.HTMLTable([]string{"run", "layer", "gradient size before training",
		"after the last epoch", "last layer's / this layer's, before training"}, rows)
}
