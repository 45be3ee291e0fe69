package mlp_test

import (
	"os"
	"testing"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
)

// The fidelity runs train on all of MNIST for 20 epochs: minutes, not a unit test. Run them with
//
//	MLP_FIDELITY=1 GOEXPERIMENT=simd go test ./mlp -run Fidelity -v -timeout 60m
func fidelity(t *testing.T) (train, test *datasets.Set) {
	if os.Getenv("MLP_FIDELITY") == "" {
		t.Skip("long run: set MLP_FIDELITY=1 to train on MNIST for 20 epochs")
	}
	train, test, err := datasets.LoadMNIST()
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

// TestFidelitySeed is the seed program: raw 0..255 inputs, glorot_uniform, MSE, SGD(0.1),
// batch 100, shuffle, 20 epochs. The seed's Keras log: epoch-1 acc 0.3866, test acc 0.9329.
func TestFidelitySeed(t *testing.T) {
	train, test := fidelity(t)
	mlp.SetRandomSeed(1)
	model := mlp.NewSequential(mlp.Dense(500, mlp.InputDim(28*28)), mlp.Activation("sigmoid"),
		mlp.Dense(500), mlp.Activation("sigmoid"), mlp.Dense(10), mlp.Activation("softmax"))
	if err := model.Compile(mlp.Loss("mse"), mlp.SGD(0.1), mlp.Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	h, err := model.Fit(train.Flat(), train.OneHot(), mlp.Epochs(20), mlp.BatchSize(100), mlp.Verbose(2))
	if err != nil {
		t.Fatal(err)
	}
	score, err := model.Evaluate(test.Flat(), test.OneHot(), mlp.BatchSize(32), mlp.Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("epoch 1 acc %.4f, epoch 20 loss %.4f acc %.4f; test loss %.5f acc %.4f",
		h.Accuracy[0], h.Loss[19], h.Accuracy[19], score.Loss, score.Accuracy)
	if h.Accuracy[0] < 0.30 || h.Accuracy[0] > 0.50 {
		t.Errorf("epoch-1 accuracy %.4f outside [0.30, 0.50] (seed: 0.3866)", h.Accuracy[0])
	}
	if score.Accuracy < 0.928 {
		t.Errorf("test accuracy %.4f < 0.928 (seed: 0.9329)", score.Accuracy)
	}
}

// TestFidelityV2 is the book's V2: two Dense(128, relu), softmax, categorical cross-entropy,
// SGD(0.01), inputs /255, batch 128, validation split 0.2, 20 epochs.
func TestFidelityV2(t *testing.T) {
	train, test := fidelity(t)
	mlp.SetRandomSeed(1)
	model := mlp.NewSequential(mlp.Dense(128, mlp.InputDim(28*28), mlp.WithActivation("relu")),
		mlp.Dense(128, mlp.WithActivation("relu")), mlp.Dense(10, mlp.WithActivation("softmax")))
	if err := model.Compile(mlp.Loss("categorical_crossentropy"), mlp.SGD(0.01), mlp.Metrics("accuracy")); err != nil {
		t.Fatal(err)
	}
	h, err := model.Fit(train.Scaled(), train.OneHot(), mlp.Epochs(20), mlp.BatchSize(128),
		mlp.ValidationSplit(0.2), mlp.Verbose(2))
	if err != nil {
		t.Fatal(err)
	}
	score, err := model.Evaluate(test.Scaled(), test.OneHot(), mlp.Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("epoch 20 acc %.4f val_acc %.4f; test loss %.4f acc %.4f", h.Accuracy[19], h.ValAccuracy[19], score.Loss, score.Accuracy)
	if score.Accuracy < 0.94 {
		t.Errorf("test accuracy %.4f < 0.94 (book: ~0.97)", score.Accuracy)
	}
}
