// Command hello runs the Keras book's MNIST "Hello World" in Go: a 784→500→500→10 MLP with
// sigmoid activations, MSE loss and SGD(0.1), trained for 20 epochs in batches of 100, printing
// what the original program prints.
//
// Usage:
//
//	GOEXPERIMENT=simd go run ./cmd/hello [flags]
//
// Flags change one thing at a time (-activation relu, -epochs 5, -optimizer adam, ...); see -h.
// Ctrl-C during training stops it at the end of the current batch, says so in one line and
// exits with status 130, without saving the half-trained model.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
)

func main() {
	epochs := flag.Int("epochs", 20, "number of passes over the 60,000 training images")
	batch := flag.Int("batch", 100, "training batch size")
	activation := flag.String("activation", "sigmoid", "hidden-layer activation: "+strings.Join(mlp.Activations(), ", "))
	lr := flag.Float64("lr", 0.1, "learning rate (0: the optimizer's Keras default)")
	optimizer := flag.String("optimizer", "sgd", "optimizer: "+strings.Join(mlp.Optimizers(), ", "))
	loss := flag.String("loss", "mse", "loss: "+strings.Join(mlp.Losses(), ", "))
	backend := flag.String("backend", "", `backend: "go", "xla:cpu", "xla:cuda" or "xla:/path/plugin.so" (default: $GOMLX_BACKEND, else XLA if a PJRT plugin is installed, else go)`)
	seed := flag.Uint64("seed", 1, "random seed for initialisation and shuffling")
	save := flag.String("save", "", "save the trained model to this file")
	flag.Parse()
	cfg := config{epochs: *epochs, batch: *batch, activation: *activation, lr: *lr, optimizer: *optimizer,
		loss: *loss, backend: *backend, seed: *seed, save: *save}
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
	limit                                int // use only the first limit training images (0: all); for tests
}

func run(out io.Writer, c config) error {
	if c.backend != "" {
		if _, err := mlp.UseBackend(c.backend); err != nil {
			return err
		}
	} else if _, _, err := mlp.Backend(); err != nil {
		return err
	}
	opt, err := mlp.OptimizerByName(c.optimizer, c.lr)
	if err != nil {
		return err
	}
	mlp.SetRandomSeed(c.seed)

	// (X_train, y_train), (X_test, y_test) = mnist.load_data()
	train, test, err := datasets.LoadMNIST(datasets.Progress(os.Stderr))
	if err != nil {
		return err
	}
	if c.limit > 0 {
		train = train.Slice(0, c.limit)
	}
	// X_train = X_train.reshape(60000, 784); Y_train = (numpy.arange(10) == y_train[:, None])
	xTrain, yTrain := train.Flat(), train.OneHot()
	xTest, yTest := test.Flat(), test.OneHot()

	model := mlp.NewSequential(
		mlp.Dense(500, mlp.InputDim(28*28)), mlp.Activation(c.activation),
		mlp.Dense(500), mlp.Activation(c.activation),
		mlp.Dense(10), mlp.Activation("softmax"))
	if err := model.Compile(mlp.Loss(c.loss), opt, mlp.Metrics("accuracy")); err != nil {
		return err
	}
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
