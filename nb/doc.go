// Package nb shows the project's figures, progress and live learning curves
// in a GoNB notebook (https://github.com/janpfeifer/gonb). It is the only
// package of the module that knows GoNB: mlp, datasets and plot write to
// io.Writers and return PNG bytes, and nb puts them in the cell's output.
//
// A plotting cell is one line, and needs no gonbui.Sync: every function here
// waits until its output has reached the notebook.
//
//	nb.Display(plot.ConfusionMatrix(matrix, datasets.MNISTClassNames))
//
// Training shows its learning curves, redrawn after each epoch, with one
// option of Fit, and Keras's progress line updated in place with another:
//
//	history, err := model.Fit(x, y, mlp.Epochs(20), mlp.BatchSize(100),
//		mlp.Output(nb.Progress()), nb.LiveCurves())
//
// Outside a notebook (a test, a program) nothing is displayed and the
// progress writer writes plain lines to os.Stdout.
package nb
