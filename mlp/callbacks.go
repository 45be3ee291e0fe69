package mlp

import (
	"errors"
	"fmt"
	"math"
)

// ErrStopTraining, returned by a callback, ends Fit without an error.
var ErrStopTraining = errors.New("mlp: stop training")

// OnBatchEnd calls fn after each training batch (0-based within the epoch) with the epoch's running
// averages. Returning ErrStopTraining stops Fit cleanly; another error stops it and is returned.
func OnBatchEnd(fn func(batch int, logs Logs) error) FitOption {
	return fitOption(func(c *fitConfig) error { c.onBatch = append(c.onBatch, fn); return nil })
}

// OnEpochEnd calls fn after each epoch (1-based) with the epoch's results, as Keras's callbacks.
// Returning ErrStopTraining stops Fit cleanly; another error stops it and is returned.
func OnEpochEnd(fn func(epoch int, logs Logs) error) FitOption {
	return fitOption(func(c *fitConfig) error { c.onEpoch = append(c.onEpoch, fn); return nil })
}

// EarlyStopping stops training when monitor ("val_loss", "val_accuracy", "loss" or "accuracy")
// has not improved by more than minDelta for patience epochs, as Keras's EarlyStopping.
func EarlyStopping(monitor string, patience int, minDelta float64) FitOption {
	return fitOption(func(c *fitConfig) error {
		switch monitor {
		case "loss", "accuracy", "val_loss", "val_accuracy":
		default:
			return fmt.Errorf("mlp: EarlyStopping: unknown monitor %q; use loss, accuracy, val_loss or val_accuracy", monitor)
		}
		if patience < 0 {
			return fmt.Errorf("mlp: EarlyStopping: patience %d must be ≥ 0", patience)
		}
		// A fresh state for each Fit call, which applies its options once.
		e := &earlyStopping{monitor: monitor, patience: patience, minDelta: math.Abs(minDelta), best: math.NaN(), c: c}
		c.onEpoch = append(c.onEpoch, e.onEpochEnd)
		return nil
	})
}

// earlyStopping is the state of one EarlyStopping during one Fit.
type earlyStopping struct {
	monitor  string
	patience int
	minDelta float64
	best     float64 // NaN until the first epoch
	wait     int     // epochs since the last improvement
	c        *fitConfig
}

func (e *earlyStopping) onEpochEnd(epoch int, logs Logs) error {
	v, ok := logs[e.monitor]
	if !ok {
		return fmt.Errorf("mlp: EarlyStopping monitors %q, which Fit does not report; add validation data or the accuracy metric", e.monitor)
	}
	higherIsBetter := e.monitor == "accuracy" || e.monitor == "val_accuracy"
	if math.IsNaN(e.best) || (higherIsBetter && v > e.best+e.minDelta) || (!higherIsBetter && v < e.best-e.minDelta) {
		e.best, e.wait = v, 0
		return nil
	}
	if e.wait++; e.wait < e.patience {
		return nil
	}
	if e.c.verbose > 0 {
		fmt.Fprintf(e.c.out, "Epoch %d: early stopping\n", epoch)
	}
	return ErrStopTraining
}

// stopErr turns ErrStopTraining into a clean stop.
func stopErr(err error) error {
	if errors.Is(err, ErrStopTraining) {
		return nil
	}
	return err
}
