package mlp

import (
	"fmt"
	"io"
	"os"
)

// A FitOption configures Model.Fit: Epochs, BatchSize, Verbose, Output, Shuffle,
// ValidationSplit, ValidationData, EarlyStopping and the callbacks OnBatchEnd and OnEpochEnd.
// Other packages make their own from these: a live plot, for instance, is an OnBatchEnd and an
// OnEpochEnd bundled into one option by FitOptions.
type FitOption interface {
	applyFit(c *fitConfig) error
}

// An EvaluateOption configures Model.Evaluate: BatchSize, Verbose and Output.
type EvaluateOption interface {
	applyEvaluate(c *runConfig) error
}

// A PredictOption configures Model.Predict and Model.PredictClasses: BatchSize, Verbose and Output.
type PredictOption interface {
	applyPredict(c *runConfig) error
}

// An Option is accepted by Fit, Evaluate and Predict alike: BatchSize, Verbose and Output.
type Option interface {
	FitOption
	EvaluateOption
	PredictOption
}

// runConfig is what Fit, Evaluate and Predict share.
type runConfig struct {
	batchSize int
	verbose   int
	out       io.Writer
}

// fitConfig is what the FitOptions set.
type fitConfig struct {
	runConfig
	epochs     int
	shuffle    bool
	valSplit   float64
	valX, valY any
	onBatch    []func(batch int, logs Logs) error
	onEpoch    []func(epoch int, logs Logs) error
	// Callbacks that need the model (RecordGradientSizes): before the first epoch, and after each
	// epoch once the model's history has it.
	onBegin      []func(m *Model) error
	onEpochModel []func(m *Model) error
}

// runOption is an Option.
type runOption func(c *runConfig) error

func (o runOption) applyFit(c *fitConfig) error      { return o(&c.runConfig) }
func (o runOption) applyEvaluate(c *runConfig) error { return o(c) }
func (o runOption) applyPredict(c *runConfig) error  { return o(c) }

// fitOption is an option of Fit only.
type fitOption func(c *fitConfig) error

func (o fitOption) applyFit(c *fitConfig) error { return o(c) }

// newFitConfig applies opts over Keras's defaults: 1 epoch, batches of 32, shuffled, progress
// bar on os.Stdout.
func newFitConfig(opts []FitOption) (*fitConfig, error) {
	c := &fitConfig{runConfig: runConfig{batchSize: 32, verbose: 1, out: os.Stdout}, epochs: 1, shuffle: true}
	return c, applyOptions(c, opts, FitOption.applyFit)
}

// newEvaluateConfig applies opts over Keras's defaults: batches of 32, progress bar on os.Stdout.
func newEvaluateConfig(opts []EvaluateOption) (*runConfig, error) {
	c := &runConfig{batchSize: 32, verbose: 1, out: os.Stdout}
	return c, applyOptions(c, opts, EvaluateOption.applyEvaluate)
}

// newPredictConfig applies opts over Keras 2's defaults: batches of 32, silent.
func newPredictConfig(opts []PredictOption) (*runConfig, error) {
	c := &runConfig{batchSize: 32, verbose: 0, out: os.Stdout}
	return c, applyOptions(c, opts, PredictOption.applyPredict)
}

// applyOptions applies opts to c in order with apply (the options' method), skipping nil ones, and
// returns the first error.
func applyOptions[O any, C any](c *C, opts []O, apply func(O, *C) error) error {
	for _, opt := range opts {
		if any(opt) == nil {
			continue
		}
		if err := apply(opt, c); err != nil {
			return err
		}
	}
	return nil
}

// FitOptions bundles options into one FitOption, applied in order; a package can so offer
// several callbacks (OnBatchEnd, OnEpochEnd) as a single option of Fit.
func FitOptions(opts ...FitOption) FitOption {
	return fitOption(func(c *fitConfig) error { return applyOptions(c, opts, FitOption.applyFit) })
}

// Epochs sets the number of passes over the training data (Keras's epochs, default 1).
func Epochs(n int) FitOption {
	return fitOption(func(c *fitConfig) error {
		if n < 0 {
			return fmt.Errorf("mlp: Epochs(%d) must be ≥ 0", n)
		}
		c.epochs = n
		return nil
	})
}

// BatchSize sets the number of examples per step (Keras's batch_size, default 32).
func BatchSize(n int) Option {
	return runOption(func(c *runConfig) error {
		if n <= 0 {
			return fmt.Errorf("mlp: BatchSize(%d) must be positive", n)
		}
		c.batchSize = n
		return nil
	})
}

// Verbose sets the output: 0 silent, 1 a live progress bar, 2 one line per epoch (Fit only;
// Evaluate and Predict show the bar). Fit and Evaluate default to 1, Predict to 0, as in Keras 2.
func Verbose(level int) Option {
	return runOption(func(c *runConfig) error {
		if level < 0 || level > 2 {
			return fmt.Errorf("mlp: Verbose(%d) must be 0, 1 or 2", level)
		}
		c.verbose = level
		return nil
	})
}

// Output sets where progress is written (default os.Stdout); Output(nil) writes nothing, as
// datasets.Progress(nil) does.
func Output(w io.Writer) Option {
	return runOption(func(c *runConfig) error {
		if w == nil {
			w = io.Discard
		}
		c.out = w
		return nil
	})
}

// Shuffle turns the per-epoch shuffling of the training data on (the default) or off.
func Shuffle(on bool) FitOption {
	return fitOption(func(c *fitConfig) error { c.shuffle = on; return nil })
}

// ValidationSplit holds out the last fraction of the training data (before shuffling, as Keras)
// and reports val_loss and val_accuracy on it after each epoch.
func ValidationSplit(fraction float64) FitOption {
	return fitOption(func(c *fitConfig) error {
		if !(fraction >= 0 && fraction < 1) {
			return fmt.Errorf("mlp: ValidationSplit(%g) must be in [0, 1)", fraction)
		}
		c.valSplit = fraction
		return nil
	})
}

// ValidationData sets the data for val_loss and val_accuracy after each epoch.
func ValidationData(x, y any) FitOption {
	return fitOption(func(c *fitConfig) error { c.valX, c.valY = x, y; return nil })
}
