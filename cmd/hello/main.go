// Command hello runs the Keras book's MNIST "Hello World" in Go: a 784→500→500→10 MLP with
// sigmoid activations, MSE loss and SGD(0.1), trained for 20 epochs in batches of 100, printing
// what the original program prints.
//
// Usage:
//
//	GOEXPERIMENT=simd go run ./cmd/hello [flags]
//
// Flags change one thing at a time (-activation relu, -epochs 5, -optimizer adam, ...); see -h.
// ReLU wants inputs in [0, 1]: -activation relu -scale.
// Ctrl-C during training stops it at the end of the current batch, says so in one line and
// exits with status 130, without saving the half-trained model.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
)

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		os.Exit(2) // the flag package has printed the error and the usage
	}
	if err := run(os.Stdout, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		if errors.Is(err, context.Canceled) {
			os.Exit(130) // as a shell reports a program ended by SIGINT
		}
		os.Exit(1)
	}
}

// config holds the flags.
type config struct {
	epochs, batch                        int
	activation, optimizer, loss, backend string
	lr                                   float64
	seed                                 uint64
	save                                 string
	scale                                bool
	limit                                int // use only the first limit training images (0: all); for tests
	// load loads the training and test sets (nil: MNIST through datasets.LoadMNIST); for tests.
	load func() (train, test *datasets.Set, err error)
}

// parseFlags parses the command line into a config; -h prints the usage to stderr and returns
// flag.ErrHelp. The flag set is named "hello", so the usage does not show the temporary path
// that `go run` builds the program at.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("hello", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.IntVar(&c.epochs, "epochs", 20, "number of passes over the 60,000 training images (at least 1)")
	fs.IntVar(&c.batch, "batch", 100, "training batch size")
	fs.StringVar(&c.activation, "activation", "sigmoid", "hidden-layer activation: "+strings.Join(mlp.Activations(), ", "))
	fs.Float64Var(&c.lr, "lr", 0.1, "learning rate (0: the optimizer's Keras default)")
	fs.StringVar(&c.optimizer, "optimizer", "sgd", "optimizer: "+strings.Join(mlp.Optimizers(), ", "))
	fs.StringVar(&c.loss, "loss", "mse", "loss: "+strings.Join(mlp.Losses(), ", "))
	fs.StringVar(&c.backend, "backend", "", `backend: "go", "xla:cpu", "xla:cuda" or "xla:/path/plugin.so" (default: $GOMLX_BACKEND, else XLA if a PJRT plugin is installed, else go)`)
	fs.Uint64Var(&c.seed, "seed", 1, "random seed for initialisation and shuffling")
	fs.StringVar(&c.save, "save", "", "save the trained model to this file (its directory must exist and be writable)")
	fs.BoolVar(&c.scale, "scale", false, "divide the pixels by 255 (inputs in [0, 1]; the seed feeds 0..255); relu needs it")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q; flags start with -", fs.Arg(0))
		fmt.Fprintln(stderr, err)
		fs.Usage()
		return c, err
	}
	return c, nil
}

// check validates the flags before anything slow happens (loading MNIST, training), so that a
// typo or an unwritable -save directory is reported at once, naming the flag.
func (c config) check() error {
	if c.epochs < 1 {
		return fmt.Errorf("-epochs must be at least 1, got %d (0 would only evaluate an untrained model)", c.epochs)
	}
	if c.batch < 1 {
		return fmt.Errorf("-batch must be positive, got %d", c.batch)
	}
	if !(c.lr >= 0) || math.IsInf(c.lr, 0) {
		return fmt.Errorf("-lr must be a positive number (or 0 for the optimizer's Keras default), got %g", c.lr)
	}
	// The names are checked by mlp itself (aliases such as mean_squared_error included), on a
	// model without an input width, which builds no weights.
	if err := mlp.NewSequential(mlp.Activation(c.activation)).Compile(mlp.Loss("mse"), mlp.SGD(0.1)); err != nil {
		return fmt.Errorf("-activation: %w", err)
	}
	if _, err := mlp.OptimizerByName(c.optimizer, c.lr); err != nil {
		return fmt.Errorf("-optimizer: %w", err)
	}
	if err := mlp.NewSequential(mlp.Activation("linear")).Compile(mlp.Loss(c.loss), mlp.SGD(0.1)); err != nil {
		return fmt.Errorf("-loss: %w", err)
	}
	if c.save != "" {
		if err := checkWritable(c.save); err != nil {
			return fmt.Errorf("-save %s: %w", c.save, err)
		}
	}
	return nil
}

// checkWritable checks that a file can be created at path's place: its directory exists and is
// writable (by creating and removing a temporary file there), and path is not a directory.
func checkWritable(path string) error {
	if strings.HasSuffix(path, string(filepath.Separator)) {
		return errors.New("is a directory name; give a file name, e.g. hello.model")
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return errors.New("is a directory; give a file name, e.g. hello.model")
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("directory %s does not exist; create it first (mkdir -p %s)", dir, dir)
		}
		return fmt.Errorf("directory %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	f, err := os.CreateTemp(dir, ".hello-write-check-*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // "permission denied", without the probe file's name
		}
		return fmt.Errorf("cannot create a file in directory %s (%v); choose a writable directory", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

func run(out io.Writer, c config) error {
	if err := c.check(); err != nil {
		return err
	}
	if c.backend != "" {
		if _, err := mlp.UseBackend(c.backend); err != nil {
			return fmt.Errorf("-backend: %w", err)
		}
	} else if _, _, err := mlp.Backend(); err != nil {
		return err
	}
	opt, err := mlp.OptimizerByName(c.optimizer, c.lr)
	if err != nil {
		return err
	}
	mlp.SetRandomSeed(c.seed)

	model := mlp.NewSequential(
		mlp.Dense(500, mlp.InputDim(28*28)), mlp.Activation(c.activation),
		mlp.Dense(500), mlp.Activation(c.activation),
		mlp.Dense(10), mlp.Activation("softmax"))
	if err := model.Compile(mlp.Loss(c.loss), opt, mlp.Metrics("accuracy")); err != nil {
		return err
	}

	// (X_train, y_train), (X_test, y_test) = mnist.load_data()
	load := c.load
	if load == nil {
		load = func() (*datasets.Set, *datasets.Set, error) { return datasets.LoadMNIST(datasets.Progress(os.Stderr)) }
	}
	train, test, err := load()
	if err != nil {
		return err
	}
	if c.limit > 0 {
		train = train.Slice(0, c.limit)
	}
	xTrain, yTrain := c.data(train)
	xTest, yTest := c.data(test)

	// model.fit(...); Ctrl-C (SIGINT) stops it at the end of the current batch.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	_, err = model.FitContext(ctx, xTrain, yTrain, mlp.Epochs(c.epochs), mlp.BatchSize(c.batch), mlp.Output(out))
	interrupted := ctx.Err() != nil
	stop()
	if err != nil {
		if interrupted && c.save != "" {
			return fmt.Errorf("%w; %s not saved", err, c.save)
		}
		return err
	}
	score, err := model.Evaluate(xTest, yTest, mlp.BatchSize(32), mlp.Output(out))
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "Total loss = ", score.Loss)
	fmt.Fprintln(out, "Accuracy of testing = ", score.Accuracy)
	if c.save != "" {
		if err := model.Save(c.save); err != nil {
			return err
		}
		fmt.Fprintln(out, "saved to", c.save)
	}
	return nil
}

// data returns the inputs and labels the model trains on: as the seed,
// X = X.reshape(n, 784) and Y = (numpy.arange(10) == y[:, None]); with -scale the pixels are
// divided by 255, and sparse_categorical_crossentropy takes the class ids instead of one-hot rows.
func (c config) data(s *datasets.Set) (x, y any) {
	x = s.Flat()
	if c.scale {
		x = s.Scaled()
	}
	if strings.EqualFold(strings.TrimSpace(c.loss), "sparse_categorical_crossentropy") {
		return x, s.Labels
	}
	return x, s.OneHot()
}
