package nb

import (
	"fmt"
	"slices"

	"github.com/dlgo/hello/mlp"
	"github.com/dlgo/hello/plot"
)

// curvesWidth and curvesHeight are the size of each learning-curve figure.
const curvesWidth, curvesHeight = 480, 300

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
func LiveCurves(earlier ...*mlp.History) mlp.FitOption {
	return mlp.OnEpochEnd(newLiveCurves(earlier).epochEnd)
}

// newLiveCurves returns the curves of a run, showing where they will be.
func newLiveCurves(earlier []*mlp.History) *liveCurves {
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
	earlier []*mlp.History
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
		if len(curveSeries(metric, &c.run, nil)) == 0 {
			continue
		}
		if err := c.figures[i].Update(curves(metric, &c.run, c.earlier)); err != nil {
			return err
		}
	}
	return nil
}

// curves draws the learning curves of metric ("loss" or "accuracy") for run
// and the earlier runs.
func curves(metric string, run *mlp.History, earlier []*mlp.History) ([]byte, error) {
	opts := []plot.Option{plot.Size(curvesWidth, curvesHeight), plot.YLabel(metric)}
	if metric == "accuracy" {
		opts = append(opts, plot.YRange(0, 1))
	}
	return plot.LearningCurves(curveSeries(metric, run, earlier), opts...)
}

// curveSeries returns the series of metric and "val_"+metric in run, named
// as Keras does, and in the earlier runs, named "run N: ..."; empty series
// are left out.
func curveSeries(metric string, run *mlp.History, earlier []*mlp.History) map[string][]float64 {
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
	for i, h := range earlier {
		add(fmt.Sprintf("run %d: ", i+1), h)
	}
	add("", run)
	return series
}
