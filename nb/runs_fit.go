package nb

import (
	"context"
	"fmt"
	"time"

	"github.com/dlgo/hello/mlp"
)

// maxCurves is how many earlier runs (baselines first, then the newest of the history) Fit draws
// under the live curves: with the run itself, one per colour of the figures' palette.
const maxCurves = 9

// Fit is FitContext with Interruptible: the kernel's interrupt (■) stops the run at the end of a
// batch, and the run is recorded as stopped with the epochs done.
func (r *Runs) Fit(model *mlp.Model, s RunSettings, xTrain, yTrain, xTest, yTest any, opts ...mlp.FitOption) (*Run, error) {
	return r.FitContext(Interruptible(), model, s, xTrain, yTrain, xTest, yTest, opts...)
}

// FitContext trains model on xTrain and yTrain for s.Epochs epochs in batches of s.BatchSize,
// stopping at the end of a batch when ctx is done, and records the run in the history, however
// it ends. It shows Keras's progress line and the live learning curves drawn over the earlier
// runs of the history (the newest, named by their number and settings, "#3 relu /255 lr 0.1")
// and the baselines, then scores the model on xTest and yTest and shows the table of runs.
// opts are more options of model.FitContext (mlp.Verbose, callbacks…).
//
// The activation, the optimizer and the learning rate are read from the model (see
// RunSettings). Settings that disagree with the model, or a model that is not compiled, are
// errors before anything trains or is recorded.
//
// A run that is stopped (ctx done, or a callback's mlp.ErrStopTraining) or diverges (its loss
// became NaN) is recorded so, with the epochs before its end, and returned without an error: the
// cell goes on, and its table shows the run. A run that fails (data that does not fit the model)
// is recorded and its error returned. A stopped run is recorded before it is scored on the test
// set, so that a second interrupt, which ends the program, still leaves it in the history.
func (r *Runs) FitContext(ctx context.Context, model *mlp.Model, s RunSettings, xTrain, yTrain, xTest, yTest any,
	opts ...mlp.FitOption) (*Run, error) {
	settings, err := s.complete(model)
	if err != nil {
		return nil, err
	}
	earlier, err := r.reload()
	if err != nil {
		return nil, err
	}
	run := &Run{ID: newRunID(), Start: time.Now(), Settings: settings}
	fitOpts := append([]mlp.FitOption{mlp.Epochs(settings.Epochs), mlp.BatchSize(settings.BatchSize),
		TrainingNamed(r.compared(earlier)...)}, opts...)
	history, fitErr := model.FitContext(ctx, xTrain, yTrain, fitOpts...)
	run.Seconds = time.Since(run.Start).Seconds()
	if history != nil {
		run.History = *history
	}
	run.ended(ctx, fitErr)
	if err := r.Add(run); err != nil {
		return run, err
	}
	if (run.End == RunFinished || run.End == RunStopped) && len(run.History.Epochs) > 0 {
		score, err := model.Evaluate(xTest, yTest, mlp.Verbose(0))
		if err != nil {
			return run, err
		}
		if isFinite(score.Loss) && isFinite(score.Accuracy) {
			run.Test = &TestScore{Loss: score.Loss, Accuracy: score.Accuracy}
			if err := r.Add(run); err != nil {
				return run, err
			}
		}
	}
	DisplayHTML(r.Table())
	if run.End == RunFailed {
		return run, fitErr
	}
	return run, nil
}

// compared returns the runs drawn under the live curves: the baselines, then the newest runs
// of earlier, at most maxCurves in all, oldest first.
func (r *Runs) compared(earlier []*Run) []NamedHistory {
	r.mu.Lock()
	named := append([]NamedHistory(nil), r.baselines...)
	r.mu.Unlock()
	first := max(0, len(earlier)-max(0, maxCurves-len(named)))
	digits := len(fmt.Sprint(len(earlier)))
	for i := first; i < len(earlier); i++ {
		if run := earlier[i]; len(run.History.Epochs) > 0 {
			named = append(named, NamedHistory{Name: run.label(i+1, digits), History: &run.History})
		}
	}
	return named
}
