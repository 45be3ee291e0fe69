package nb_test

import (
	"fmt"
	"os"

	"github.com/dlgo/hello/mlp"
	"github.com/dlgo/hello/nb"
)

// In a notebook the curves are drawn in the cell's output and redrawn after
// each epoch; elsewhere, as when this example runs, nothing is shown.
func ExampleLiveCurves() {
	model := mlp.NewSequential(mlp.Input(2), mlp.Dense(2, mlp.WithActivation("softmax"))).WithSeed(1)
	if err := model.Compile(mlp.Loss("mse"), mlp.SGD(0.5), mlp.Metrics("accuracy")); err != nil {
		fmt.Println(err)
		return
	}
	x := [][]float32{{0, 1}, {1, 0}, {0, 2}, {2, 0}}
	y := [][]float32{{1, 0}, {0, 1}, {1, 0}, {0, 1}}
	earlier, err := model.Fit(x, y, mlp.Epochs(3), mlp.Verbose(0))
	if err != nil {
		fmt.Println(err)
		return
	}
	// Train on, with the first run's curves drawn for comparison.
	history, err := model.Fit(x, y, mlp.Epochs(5), mlp.Verbose(0), nb.LiveCurves(earlier))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(earlier.Epochs), "then", len(history.Epochs), "epochs")
	// Output: 3 then 5 epochs
}

func ExampleEpochs() {
	os.Setenv("NOTEBOOK_EPOCHS", "2") // as a quick run of the notebooks sets it
	defer os.Unsetenv("NOTEBOOK_EPOCHS")
	fmt.Println(nb.Epochs(20), "epochs;", nb.Epochs(1), "epoch")
	// Output:
	// NOTEBOOK_EPOCHS=2: training 2 of 20 epochs
	// 2 epochs; 1 epoch
}
