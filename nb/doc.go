// Package nb shows the project's figures, progress and live learning curves
// in a GoNB notebook (https://github.com/janpfeifer/gonb). It is the only
// package of the module that knows GoNB: mlp, datasets and plot write to
// io.Writers and return PNG bytes, and nb puts them in the cell's output.
//
// A plotting cell is one line, and needs no gonbui.Sync: every function here
// waits until its output has reached the notebook.
//
//	nb.Check(nb.Display(plot.ConfusionMatrix(matrix, datasets.MNISTClassNames)))
//
// A cell that goes wrong ends with one line, no panic and no trace: Must,
// Must2 and Check print the error on the cell's standard error and exit its
// program with status 1. That is the one way a cell handles errors.
//
// Training shows Keras's progress line, updated in place, and the learning
// curves, redrawn after each epoch, with one option of Fit. Interruptible
// lets the kernel's interrupt stop training at the end of a batch, keeping
// the history and the curves of the epochs done:
//
//	var train, test = nb.Must2(datasets.LoadMNIST())
//
//	%%
//	model := nb.Must(helloModel("sigmoid"))
//	history := nb.Must(model.FitContext(nb.Interruptible(), train.Flat(), train.OneHot(),
//		mlp.Epochs(nb.Epochs(20)), mlp.BatchSize(100), nb.Training()))
//
// Training is mlp.Output(nb.Progress()) and nb.LiveCurves() together; each
// can be used alone (LiveCurves with mlp.Verbose(0) draws only the curves).
//
// Epochs applies NOTEBOOK_EPOCHS, which cuts runs short for quick tries;
// FitOnce trains a baseline once and reads it from its file afterwards.
//
// Runs keeps every try of a cell in a small JSON file beside the notebook, so
// that a rerun or a kernel restart keeps what earlier tries reached: its Fit
// draws the live curves over the earlier runs (named by their settings,
// LiveCurvesNamed), records the run however it ends (finished, stopped,
// diverged, failed) with its test score, and shows the table of runs:
//
//	var runs = nb.Must(nb.OpenRuns("02-runs.json"))
//
//	%%
//	nb.Must(runs.Fit(model, nb.RunSettings{Scaled: true, Epochs: nb.Epochs(20), BatchSize: 100},
//		train.Scaled(), train.OneHot(), test.Scaled(), test.OneHot()))
//
// TrainingPanel shows controls in the cell (activation, optimizer, learning
// rate, pixels, epochs; Train, Stop, Close) that train through a Runs history
// with no code, and closes like the drawing board (DrawDigit): on Close, the
// kernel's interrupt or idle time.
//
// Digits, Mistakes, ActivationPlot and DisplayPredictions draw what the
// notebooks show about MNIST and the models; HiddenOutputs, SaturationTable,
// OutputHistograms, UnitWeights, UnitWeightChanges, GradientPlot and
// GradientTable what they show of the inside of a model.
//
// In a notebook, importing nb silences mlp's one-line backend notice, which
// every cell (a program of its own) would repeat.
//
// Outside a notebook (a test, a program) nothing is displayed and the
// progress writer writes plain lines to os.Stdout.
package nb
