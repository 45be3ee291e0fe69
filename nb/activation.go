package nb

import (
	"github.com/dlgo/hello/mlp"
	"github.com/dlgo/hello/plot"
)

// ActivationPlot draws the activation name and its derivative over xs, both computed by the
// graph code the models run (mlp.ActivationCurve), and returns the PNG for Display:
//
//	nb.Check(nb.Display(nb.ActivationPlot("sigmoid", plot.Linspace(-5, 5, 201))))
//
// opts are plot options (plot.Size, …); the title is the activation's name.
func ActivationPlot(name string, xs []float64, opts ...plot.Option) ([]byte, error) {
	ys, dys, err := mlp.ActivationCurve(name, xs)
	if err != nil {
		return nil, err
	}
	return plot.LinesPlot("x", "", []plot.Series{
		{Name: name + "(x)", X: xs, Y: ys},
		{Name: name + "'(x)", X: xs, Y: dys},
	}, append([]plot.Option{plot.Title(name)}, opts...)...)
}
