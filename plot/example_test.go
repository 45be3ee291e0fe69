package plot_test

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/dlgo/hello/plot"
)

func ExampleLearningCurves() {
	history := map[string][]float64{
		"loss":     {0.26, 0.11, 0.07, 0.05, 0.04},
		"val_loss": {0.13, 0.09, 0.08, 0.07, 0.07},
	}
	data, err := plot.LearningCurves(history, plot.Title("loss"), plot.Size(600, 360))
	if err != nil {
		fmt.Println(err)
		return
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(img.Bounds().Dx(), "×", img.Bounds().Dy())
	// In a notebook: nb.Display(plot.LearningCurves(history)).
	// Output: 600 × 360
}

func ExampleDigits() {
	// Two 2×2 "images": a white pixel top left, and a white pixel bottom right.
	images := []uint8{
		255, 0,
		0, 0,

		0, 0,
		0, 255,
	}
	data, err := plot.Digits(images, 2, 2, []string{"a", "b"}, 2)
	fmt.Println(err, bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")))

	_, err = plot.Digits(images[:7], 2, 2, nil, 2)
	fmt.Println(err)
	// Output:
	// <nil> true
	// plot: Digits: images has 7 bytes, want a multiple of 2*2=4
}

func ExampleHTMLTable() {
	fmt.Print(plot.HTMLTable([]string{"activation", "test accuracy"}, [][]string{{"relu", "0.9801"}}))
	// Output:
	// <table>
	// <thead><tr><th>activation</th><th>test accuracy</th></tr></thead>
	// <tbody>
	// <tr><td>relu</td><td>0.9801</td></tr>
	// </tbody>
	// </table>
}
