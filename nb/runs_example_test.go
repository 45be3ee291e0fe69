package nb_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dlgo/hello/mlp"
	"github.com/dlgo/hello/nb"
)

// A notebook trains through its history of runs, so that every try is kept, drawn under the
// next one's curves and listed in the table. In a notebook the curves and the table are shown
// in the cell; elsewhere, as when this example runs, nothing is shown.
func ExampleRuns_Fit() {
	dir, err := os.MkdirTemp("", "runs")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	runs, err := nb.OpenRuns(filepath.Join(dir, "02-runs.json")) // in a notebook: nb.OpenRuns("02-runs.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	x := [][]float32{{0, 1}, {1, 0}, {0, 2}, {2, 0}}
	y := [][]float32{{1, 0}, {0, 1}, {1, 0}, {0, 1}}
	for _, activation := range []string{"sigmoid", "relu"} {
		model := mlp.NewSequential(mlp.Dense(8, mlp.InputDim(2)), mlp.Activation(activation),
			mlp.Dense(2), mlp.Activation("softmax")).WithSeed(1)
		if err := model.Compile(mlp.Loss("mse"), mlp.SGD(0.5), mlp.Metrics("accuracy")); err != nil {
			fmt.Println(err)
			return
		}
		run, err := runs.Fit(model, nb.RunSettings{Scaled: true, Epochs: 3, BatchSize: 2}, x, y, x, y, mlp.Verbose(0))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(run.Settings.Label()+":", run.Note)
	}
	fmt.Println(len(runs.All()), "runs in the history")
	// Output:
	// sigmoid /255 lr 0.5: finished 3 epochs
	// relu /255 lr 0.5: finished 3 epochs
	// 2 runs in the history
}
