package plot_test

import (
	"fmt"

	"github.com/dlgo/hello/plot"
)

// The 500 outputs of a sigmoid layer for one image, as 25 columns × 20 rows of cells, dark for 0 and bright for 1.
func ExampleHeatMap() {
	outputs := make([]float32, 500)
	for i := range outputs {
		outputs[i] = float32(i%25) / 24 // each row from 0 (dark) to 1 (bright)
	}
	printSize(plot.HeatMap(outputs, 25, 0, 1, plot.Title("activation_1: 500 units")))
	// In a notebook: nb.Display(plot.HeatMap(outputs, 25, 0, 1)).

	_, err := plot.HeatMap(outputs, 25, 1, 0)
	fmt.Println(err)
	// Output:
	// 250 × 223
	// plot: HeatMap: range [1, 0]: want finite lo < hi (0, 1 for sigmoid outputs, say)
}
