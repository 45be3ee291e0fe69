package mlp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Fit trains the model on x (examples × features) and y (labels: one-hot rows for categorical
// losses and mse, class ids for sparse_categorical_crossentropy), as Keras's model.fit. Accepted
// types: *tensors.Tensor, Matrix, [][]float32, and label slices ([]uint8, []int, ...).
// It returns the History of this call; Model.History accumulates all calls. Float32 data is read
// in place, not copied: don't change x or y while Fit runs. Fit is FitContext without a way to
// interrupt it.
func (m *Model) Fit(x, y any, opts ...FitOption) (*History, error) {
	return m.FitContext(context.Background(), x, y, opts...)
}

// FitContext is Fit, stopped at the end of the current batch when ctx is done: it then returns
// the history of the epochs completed and an error, wrapping ctx's, that says where training was
// interrupted. The model keeps the weights of the last batch trained.
func (m *Model) FitContext(ctx context.Context, x, y any, opts ...FitOption) (*History, error) {
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
	if !m.fitting.CompareAndSwap(false, true) {
		return nil, errors.New("mlp: Fit while this model's Fit is already running; wait for it to return")
	}
	defer m.fitting.Store(false)
	train, val, err := m.fitData(x, y, c)
	if err != nil {
		return nil, err
	}
	if err := m.prepare(train.x.Cols); err != nil {
		return nil, err
	}
	hist := &History{}
	if m.history == nil {
		m.history = &History{}
	}
	// The shuffling stream depends on the seed and on how many epochs this model has trained.
	rng := rand.New(rand.NewPCG(m.seed, 0x73687566+uint64(len(m.history.Epochs))))
	order := make([]int, train.x.Rows)
	for i := range order {
		order[i] = i
	}
	for _, fn := range c.onBegin {
		if err := fn(m); err != nil {
			return hist, stopErr(err)
		}
	}
	for epoch := 1; epoch <= c.epochs; epoch++ {
		if err := ctx.Err(); err != nil {
			return hist, fmt.Errorf("mlp: training interrupted after %d of %d epochs: %w", epoch-1, c.epochs, err)
		}
		if c.shuffle {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		start := time.Now()
		logs, err := m.fitEpoch(ctx, c, train, val, order, epoch)
		if err != nil {
			return hist, stopErr(err)
		}
		secs := time.Since(start).Seconds()
		hist.append(epoch, logs, secs)
		m.history.append(len(m.history.Epochs)+1, logs, secs)
		for _, fn := range c.onEpochModel {
			if err := fn(m); err != nil {
				return hist, stopErr(err)
			}
		}
		for _, fn := range c.onEpoch {
			if err := fn(epoch, logs); err != nil {
				return hist, stopErr(err)
			}
		}
	}
	return hist, nil
}

// examples is a data set checked against the model.
type examples struct{ x, y Matrix }

// fitData checks x and y and splits off the validation data (ValidationData or ValidationSplit).
func (m *Model) fitData(x, y any, c *fitConfig) (train, val examples, err error) {
	if train.x, train.y, err = m.checkData(x, y); err != nil {
		return train, val, err
	}
	switch {
	case c.valX != nil || c.valY != nil:
		if val.x, val.y, err = m.checkData(c.valX, c.valY); err != nil {
			return train, val, fmt.Errorf("validation data: %w", err)
		}
	case c.valSplit > 0:
		rows := train.x.Rows
		nVal := int(float64(rows) * c.valSplit)
		if nVal == 0 || nVal == rows {
			return train, val, fmt.Errorf("mlp: ValidationSplit(%g) of %d examples leaves an empty set", c.valSplit, rows)
		}
		train.x, val.x = splitRows(train.x, rows-nVal)
		train.y, val.y = splitRows(train.y, rows-nVal)
	}
	return train, val, nil
}

// splitRows returns the first n rows of a and the others, sharing memory with a.
func splitRows(a Matrix, n int) (first, rest Matrix) {
	return Matrix{Data: a.Data[:n*a.Cols], Rows: n, Cols: a.Cols},
		Matrix{Data: a.Data[n*a.Cols:], Rows: a.Rows - n, Cols: a.Cols}
}

// fitEpoch runs one epoch: it trains on the rows of train in order, measures the validation
// data, prints the epoch's progress as Keras does and returns the epoch's logs.
func (m *Model) fitEpoch(ctx context.Context, c *fitConfig, train, val examples, order []int, epoch int) (Logs, error) {
	if c.verbose > 0 {
		fmt.Fprintf(c.out, "Epoch %d/%d\n", epoch, c.epochs)
	}
	start := time.Now()
	var bar *progressBar
	if c.verbose == 1 {
		bar = newProgressBar(c.out, train.x.Rows)
	}
	logs, err := m.trainBatches(ctx, c, train, order, epoch, bar)
	if err != nil {
		if bar != nil && !errors.Is(err, ErrStopTraining) {
			fmt.Fprintln(c.out) // end the progress line before the error is shown
		}
		return nil, err
	}
	if val.x.Rows > 0 {
		vl, va, err := m.evaluate(val.x, val.y, c.batchSize, nil)
		if err != nil {
			return nil, err
		}
		logs["val_loss"] = vl
		if m.compile.Accuracy != "" {
			logs["val_accuracy"] = va
		}
	}
	switch c.verbose {
	case 1:
		bar.done(logsValues(logs, true))
	case 2:
		fmt.Fprintf(c.out, " - %.0fs%s\n", time.Since(start).Seconds(), formatValues(logsValues(logs, true)))
	}
	return logs, nil
}

// trainBatches trains one epoch over the rows of train in order and returns its logs. When ctx
// is done it stops after the current batch with an error saying so.
func (m *Model) trainBatches(ctx context.Context, c *fitConfig, train examples, order []int, epoch int, bar *progressBar) (Logs, error) {
	xCols, yCols := train.x.Cols, train.y.Cols
	batches, release, stop := prefetchBatches(train.x, train.y, order, min(c.batchSize, train.x.Rows))
	defer stop()
	var lossSum, correctSum float64
	seen, b := 0, 0
	for bt := range batches {
		n := bt.n
		loss, correct, err := m.trainBatch(bt.x[:n*xCols], bt.y[:n*yCols], n, xCols, yCols)
		release(bt)
		if err != nil {
			return nil, err
		}
		b++
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			return nil, fmt.Errorf("mlp: loss became %g at epoch %d, batch %d: training diverged; "+
				"try a lower learning rate (now %g) or scale the inputs (e.g. divide pixels by 255)",
				loss, epoch, b, m.compile.Optimizer.LearningRate)
		}
		seen += n
		lossSum += loss * float64(n)
		correctSum += correct
		logs := m.trainLogs(lossSum, correctSum, seen)
		if bar != nil {
			bar.update(seen, logsValues(logs, false))
		}
		for _, fn := range c.onBatch {
			if err := fn(b-1, logs); err != nil {
				return nil, err
			}
		}
		if err := ctx.Err(); err != nil {
			unit := "batches"
			if b == 1 {
				unit = "batch"
			}
			return nil, fmt.Errorf("mlp: training interrupted after %d of %d epochs and %d %s of epoch %d: %w",
				epoch-1, c.epochs, b, unit, epoch, err)
		}
	}
	return m.trainLogs(lossSum, correctSum, seen), nil
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
