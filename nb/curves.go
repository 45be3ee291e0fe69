package nb

import (
	"fmt"
	"slices"

	"github.com/dlgo/hello/mlp"
	"github.com/dlgo/hello/plot"
)

// curvesWidth and curvesHeight are the size of each learning-curve figure;
// curvesWideWidth its width when earlier runs have long names (as their
// settings), which the legend beside the plot needs.
const curvesWidth, curvesHeight, curvesWideWidth = 480, 300, 720

// LiveCurves returns a Fit option that draws the learning curves of the
// training run in the cell's output, redrawn in place after each epoch: one
// figure for the loss and, when Fit reports it, one for the accuracy, each
// with its validation curve (dashed) when there is validation data.
//
// The runs in earlier (histories of models trained before, for example
// loaded with mlp.Load) are drawn in the same figures for comparison, named
// "run 1", "run 2"... in the order given:
//
//	base := nb.Must(mlp.Load("hello-world.model")).History()
//	nb.Must(model.Fit(x, y, mlp.Epochs(20), nb.LiveCurves(base)))
//
// A LiveCurves option draws one run: a Fit that starts again at epoch 1
// starts its curves again. Outside a notebook it draws nothing.
// LiveCurvesNamed names the earlier runs.
func LiveCurves(earlier ...*mlp.History) mlp.FitOption {
	return LiveCurvesNamed(numbered(earlier)...)
}

// NamedHistory is an earlier run drawn under the live curves for comparison:
// its series are named after it ("relu /255 lr 0.1: loss").
type NamedHistory struct {
	// Name must not contain ": ", which separates it from the metric; an
	// empty one is "run N", N its place among the earlier runs.
	Name    string
	History *mlp.History
}

// LiveCurvesNamed is LiveCurves with each earlier run drawn under its own
// name, such as its settings, instead of "run N":
//
//	base := nb.Must(mlp.Load("hello-world.model")).History()
//	nb.Must(model.Fit(x, y, mlp.Epochs(20), nb.LiveCurvesNamed(nb.NamedHistory{Name: "sigmoid", History: base})))
//
// Runs with the same name share their series: the last one given is drawn.
func LiveCurvesNamed(earlier ...NamedHistory) mlp.FitOption {
	return mlp.OnEpochEnd(newNamedCurves(earlier).epochEnd)
}

// numbered names the runs "run 1", "run 2"... in order.
func numbered(earlier []*mlp.History) []NamedHistory {
	named := make([]NamedHistory, len(earlier))
	for i, h := range earlier {
		named[i] = NamedHistory{Name: fmt.Sprintf("run %d", i+1), History: h}
	}
	return named
}

// newLiveCurves returns the curves of a run, showing where they will be.
func newLiveCurves(earlier []*mlp.History) *liveCurves { return newNamedCurves(numbered(earlier)) }

// newNamedCurves is newLiveCurves with named earlier runs.
func newNamedCurves(earlier []NamedHistory) *liveCurves {
	c := &liveCurves{earlier: earlier}
	if front.notebook() {
		c.figures = []*Live{NewLive(), NewLive()}
		c.figures[0].HTML("<i>The learning curves appear after the first epoch.</i>")
		// Both outputs are made now, so the figures stay together above the progress lines.
		c.figures[1].HTML("")
	}
	return c
}

// liveCurves accumulates one run's logs and redraws its figures.
type liveCurves struct {
	earlier []NamedHistory
	run     mlp.History // only the Keras series are filled
	figures []*Live     // loss, accuracy; nil outside a notebook
}

// epochEnd records logs and redraws the figures.
func (c *liveCurves) epochEnd(epoch int, logs mlp.Logs) error {
	if epoch == 1 {
		c.run = mlp.History{}
	}
	c.run.Epochs = append(c.run.Epochs, epoch)
	for name, series := range map[string]*[]float64{"loss": &c.run.Loss, "accuracy": &c.run.Accuracy,
		"val_loss": &c.run.ValLoss, "val_accuracy": &c.run.ValAccuracy} {
		if v, ok := logs[name]; ok {
			*series = append(*series, v)
		}
	}
	if c.figures == nil {
		return nil
	}
	for i, metric := range []string{"loss", "accuracy"} {
		if len(namedSeries(metric, &c.run, nil)) == 0 {
			continue
		}
		if err := c.figures[i].Update(namedCurves(metric, &c.run, c.earlier)); err != nil {
			return err
		}
	}
	return nil
}

// curves draws the learning curves of metric ("loss" or "accuracy") for run
// and the earlier runs, named "run N".
func curves(metric string, run *mlp.History, earlier []*mlp.History) ([]byte, error) {
	return namedCurves(metric, run, numbered(earlier))
}

// namedCurves is curves with named earlier runs.
func namedCurves(metric string, run *mlp.History, earlier []NamedHistory) ([]byte, error) {
	width := curvesWidth
	for _, e := range earlier {
		if len(e.Name) > len("run 10") {
			width = curvesWideWidth
		}
	}
	opts := []plot.Option{plot.Size(width, curvesHeight), plot.YLabel(metric)}
	if metric == "accuracy" {
		opts = append(opts, plot.YRange(0, 1))
	}
	return plot.LearningCurves(namedSeries(metric, run, earlier), opts...)
}

// curveSeries returns the series of metric and "val_"+metric in run, named
// as Keras does, and in the earlier runs, named "run N: ..."; empty series
// are left out.
func curveSeries(metric string, run *mlp.History, earlier []*mlp.History) map[string][]float64 {
	return namedSeries(metric, run, numbered(earlier))
}

// namedSeries is curveSeries with the earlier runs' series named "name: ...".
func namedSeries(metric string, run *mlp.History, earlier []NamedHistory) map[string][]float64 {
	series := map[string][]float64{}
	add := func(prefix string, h *mlp.History) {
		if h == nil {
			return
		}
		for name, values := range map[string][]float64{"loss": h.Loss, "accuracy": h.Accuracy,
			"val_loss": h.ValLoss, "val_accuracy": h.ValAccuracy} {
			if (name == metric || name == "val_"+metric) && len(values) > 0 {
				series[prefix+name] = slices.Clone(values)
			}
		}
	}
	for i, e := range earlier {
		if e.Name == "" {
			e.Name = fmt.Sprintf("run %d", i+1)
		}
		add(e.Name+": ", e.History)
	}
	add("", run)
	return series
}
