package mlp

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"time"
)

// FitOption configures Fit (and, for BatchSize and Verbose, Evaluate and Predict).
type FitOption func(*fitConfig) error

type fitConfig struct {
	epochs     int
	batchSize  int
	shuffle    bool
	verbose    int
	out        io.Writer
	valSplit   float64
	valX, valY any
	onBatch    []func(batch int, logs Logs) error
	onEpoch    []func(epoch int, logs Logs) error
	early      *earlyStopping
}

func newFitConfig(opts []FitOption) (*fitConfig, error) {
	c := &fitConfig{epochs: 1, batchSize: 32, shuffle: true, verbose: 1, out: os.Stdout}
	for _, opt := range opts {
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Epochs sets the number of passes over the training data (Keras's epochs, default 1).
func Epochs(n int) FitOption {
	return func(c *fitConfig) error {
		if n < 0 {
			return fmt.Errorf("mlp: Epochs(%d) must be ≥ 0", n)
		}
		c.epochs = n
		return nil
	}
}

// BatchSize sets the number of examples per step (Keras's batch_size, default 32).
func BatchSize(n int) FitOption {
	return func(c *fitConfig) error {
		if n <= 0 {
			return fmt.Errorf("mlp: BatchSize(%d) must be positive", n)
		}
		c.batchSize = n
		return nil
	}
}

// Shuffle turns the per-epoch shuffling of the training data on (the default) or off.
func Shuffle(on bool) FitOption { return func(c *fitConfig) error { c.shuffle = on; return nil } }

// Verbose sets the output: 0 silent, 1 a live progress bar (default), 2 one line per epoch.
func Verbose(level int) FitOption {
	return func(c *fitConfig) error {
		if level < 0 || level > 2 {
			return fmt.Errorf("mlp: Verbose(%d) must be 0, 1 or 2", level)
		}
		c.verbose = level
		return nil
	}
}

// Output sets where progress is written (default os.Stdout).
func Output(w io.Writer) FitOption { return func(c *fitConfig) error { c.out = w; return nil } }

// ValidationSplit holds out the last fraction of the training data (before shuffling, as Keras)
// and reports val_loss and val_accuracy on it after each epoch.
func ValidationSplit(fraction float64) FitOption {
	return func(c *fitConfig) error {
		if !(fraction >= 0 && fraction < 1) {
			return fmt.Errorf("mlp: ValidationSplit(%g) must be in [0, 1)", fraction)
		}
		c.valSplit = fraction
		return nil
	}
}

// ValidationData sets the data for val_loss and val_accuracy after each epoch.
func ValidationData(x, y any) FitOption {
	return func(c *fitConfig) error { c.valX, c.valY = x, y; return nil }
}

// OnBatchEnd calls fn after each training batch (0-based within the epoch) with the epoch's running
// averages. Returning ErrStopTraining stops Fit cleanly; another error stops it and is returned.
func OnBatchEnd(fn func(batch int, logs Logs) error) FitOption {
	return func(c *fitConfig) error { c.onBatch = append(c.onBatch, fn); return nil }
}

// OnEpochEnd calls fn after each epoch (1-based) with the epoch's results, as Keras's callbacks.
// Returning ErrStopTraining stops Fit cleanly; another error stops it and is returned.
func OnEpochEnd(fn func(epoch int, logs Logs) error) FitOption {
	return func(c *fitConfig) error { c.onEpoch = append(c.onEpoch, fn); return nil }
}

// ErrStopTraining, returned by a callback, ends Fit without an error.
var ErrStopTraining = errors.New("mlp: stop training")

type earlyStopping struct {
	monitor  string
	patience int
	minDelta float64
}

// EarlyStopping stops training when monitor ("val_loss", "val_accuracy", "loss" or "accuracy")
// has not improved by more than minDelta for patience epochs, as Keras's EarlyStopping.
func EarlyStopping(monitor string, patience int, minDelta float64) FitOption {
	return func(c *fitConfig) error {
		switch monitor {
		case "loss", "accuracy", "val_loss", "val_accuracy":
		default:
			return fmt.Errorf("mlp: EarlyStopping: unknown monitor %q; use loss, accuracy, val_loss or val_accuracy", monitor)
		}
		if patience < 0 {
			return fmt.Errorf("mlp: EarlyStopping: patience %d must be ≥ 0", patience)
		}
		c.early = &earlyStopping{monitor: monitor, patience: patience, minDelta: math.Abs(minDelta)}
		return nil
	}
}

// Fit trains the model on x (examples × features) and y (labels: one-hot rows for categorical
// losses and mse, class ids for sparse_categorical_crossentropy), as Keras's model.fit. Accepted
// types: *tensors.Tensor, Matrix, [][]float32, and label slices ([]uint8, []int, ...).
// It returns the History of this call; Model.History accumulates all calls. Float32 data is read
// in place, not copied: don't change x or y while Fit runs.
func (m *Model) Fit(x, y any, opts ...FitOption) (*History, error) {
	if m.err != nil {
		return nil, m.err
	}
	if !m.compiled {
		return nil, errors.New("mlp: Fit before Compile; call model.Compile(mlp.Loss(...), mlp.SGD(...)) first")
	}
	c, err := newFitConfig(opts)
	if err != nil {
		return nil, err
	}
	xm, ym, err := m.checkData(x, y)
	if err != nil {
		return nil, err
	}
	var vx, vy Matrix
	switch {
	case c.valX != nil || c.valY != nil:
		if vx, vy, err = m.checkData(c.valX, c.valY); err != nil {
			return nil, fmt.Errorf("validation data: %w", err)
		}
	case c.valSplit > 0:
		nVal := int(float64(xm.Rows) * c.valSplit)
		nTrain := xm.Rows - nVal
		if nVal == 0 || nTrain == 0 {
			return nil, fmt.Errorf("mlp: ValidationSplit(%g) of %d examples leaves an empty set", c.valSplit, xm.Rows)
		}
		vx = Matrix{Data: xm.Data[nTrain*xm.Cols:], Rows: nVal, Cols: xm.Cols}
		vy = Matrix{Data: ym.Data[nTrain*ym.Cols:], Rows: nVal, Cols: ym.Cols}
		xm = Matrix{Data: xm.Data[:nTrain*xm.Cols], Rows: nTrain, Cols: xm.Cols}
		ym = Matrix{Data: ym.Data[:nTrain*ym.Cols], Rows: nTrain, Cols: ym.Cols}
	}
	if err := m.prepare(xm.Cols); err != nil {
		return nil, err
	}

	hist := &History{}
	if m.history == nil {
		m.history = &History{}
	}
	// The shuffling stream depends on the seed and on how many epochs this model has trained.
	rng := rand.New(rand.NewPCG(m.seed, 0x73687566+uint64(len(m.history.Epochs))))
	order := make([]int, xm.Rows)
	for i := range order {
		order[i] = i
	}
	bs := min(c.batchSize, xm.Rows)
	best, wait := math.NaN(), 0
	for epoch := 1; epoch <= c.epochs; epoch++ {
		if c.verbose > 0 {
			fmt.Fprintf(c.out, "Epoch %d/%d\n", epoch, c.epochs)
		}
		if c.shuffle {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		start := time.Now()
		var bar *progressBar
		if c.verbose == 1 {
			bar = newProgressBar(c.out, xm.Rows)
		}
		var lossSum, correctSum float64
		seen := 0
		batches, release, stop := prefetchBatches(xm, ym, order, bs)
		b := -1
		for bt := range batches {
			b++
			n := bt.n
			loss, correct, err := m.trainBatch(bt.x[:n*xm.Cols], bt.y[:n*ym.Cols], n, xm.Cols, ym.Cols)
			release(bt)
			if err != nil {
				stop()
				return hist, err
			}
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				stop()
				if bar != nil {
					fmt.Fprintln(c.out)
				}
				return hist, fmt.Errorf("mlp: loss became %g at epoch %d, batch %d: training diverged; "+
					"try a lower learning rate (now %g) or scale the inputs (e.g. divide pixels by 255)",
					loss, epoch, b+1, m.compile.Optimizer.LearningRate)
			}
			seen += n
			lossSum += loss * float64(n)
			correctSum += correct
			logs := m.trainLogs(lossSum, correctSum, seen)
			if bar != nil {
				bar.update(seen, logsValues(logs, false))
			}
			for _, fn := range c.onBatch {
				if err := fn(b, logs); err != nil {
					stop()
					return hist, stopErr(err)
				}
			}
		}
		stop()
		logs := m.trainLogs(lossSum, correctSum, seen)
		if vx.Rows > 0 {
			vl, va, err := m.evaluate(vx, vy, c.batchSize, nil)
			if err != nil {
				return hist, err
			}
			logs["val_loss"] = vl
			if m.compile.Accuracy != "" {
				logs["val_accuracy"] = va
			}
		}
		secs := time.Since(start).Seconds()
		switch c.verbose {
		case 1:
			bar.done(logsValues(logs, true))
		case 2:
			fmt.Fprintf(c.out, " - %.0fs%s\n", secs, formatValues(logsValues(logs, true)))
		}
		hist.append(epoch, logs, secs)
		m.history.append(len(m.history.Epochs)+1, logs, secs)
		for _, fn := range c.onEpoch {
			if err := fn(epoch, logs); err != nil {
				return hist, stopErr(err)
			}
		}
		if c.early != nil {
			v, ok := logs[c.early.monitor]
			if !ok {
				return hist, fmt.Errorf("mlp: EarlyStopping monitors %q, which Fit does not report; add validation data or the accuracy metric", c.early.monitor)
			}
			higherIsBetter := c.early.monitor == "accuracy" || c.early.monitor == "val_accuracy"
			improved := math.IsNaN(best) || (higherIsBetter && v > best+c.early.minDelta) ||
				(!higherIsBetter && v < best-c.early.minDelta)
			if improved {
				best, wait = v, 0
			} else if wait++; wait >= c.early.patience {
				if c.verbose > 0 {
					fmt.Fprintf(c.out, "Epoch %d: early stopping\n", epoch)
				}
				break
			}
		}
	}
	return hist, nil
}

// stopErr turns ErrStopTraining into a clean stop.
func stopErr(err error) error {
	if errors.Is(err, ErrStopTraining) {
		return nil
	}
	return err
}

// trainLogs returns the running averages as Logs.
func (m *Model) trainLogs(lossSum, correctSum float64, seen int) Logs {
	logs := Logs{"loss": lossSum / float64(seen)}
	if m.compile.Accuracy != "" {
		logs["accuracy"] = correctSum / float64(seen)
	}
	return logs
}

// logsValues orders logs for display with Keras 2's short names (acc, val_acc).
func logsValues(logs Logs, withVal bool) []metricValue {
	var v []metricValue
	for _, k := range []struct{ key, show string }{{"loss", "loss"}, {"accuracy", "acc"},
		{"val_loss", "val_loss"}, {"val_accuracy", "val_acc"}} {
		if val, ok := logs[k.key]; ok && (withVal || k.key[:3] != "val") {
			v = append(v, metricValue{k.show, val})
		}
	}
	return v
}
