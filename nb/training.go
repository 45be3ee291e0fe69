package nb

import "github.com/dlgo/hello/mlp"

// Training returns the Fit option that shows a training run in the cell: Keras's progress line
// updated in place (mlp.Output(Progress())) and the learning curves redrawn after each epoch
// (LiveCurves), with the runs of earlier drawn in the same figures for comparison:
//
//	history := nb.Must(model.FitContext(nb.Interruptible(), x, y, mlp.Epochs(20), nb.Training()))
//
// Outside a notebook it writes Keras's progress lines to os.Stdout and draws nothing.
func Training(earlier ...*mlp.History) mlp.FitOption {
	return mlp.FitOptions(mlp.Output(Progress()), LiveCurves(earlier...))
}

// TrainingNamed is Training with each earlier run drawn under its own name (see LiveCurvesNamed).
func TrainingNamed(earlier ...NamedHistory) mlp.FitOption {
	return mlp.FitOptions(mlp.Output(Progress()), LiveCurvesNamed(earlier...))
}
