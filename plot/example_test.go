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
	printSize(plot.LearningCurves(history, plot.Title("loss"), plot.Size(600, 360)))
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

func ExampleWeightImages() {
	// The weights of two hidden units as 2×2 images: unit 0 reacts to the
	// top left pixel and against the bottom right one, unit 1 the reverse.
	weights := [][]float32{
		{0.8, 0, 0, -0.4},
		{-0.8, 0, 0, 0.4},
	}
	// limit 0: the scale runs from -0.8 (blue) through 0 (white) to +0.8
	// (red). Pass a fixed limit to compare weights before and after
	// training on one scale.
	printSize(plot.WeightImages(weights, 2, 2, []string{"unit 0", "unit 1"}, 0, 0, plot.Size(320, 180)))

	_, err := plot.WeightImages(weights, 2, 3, nil, 0, 0)
	fmt.Println(err)
	// Output:
	// 320 × 180
	// plot: WeightImages: image 0 has 4 values, want 2*3=6
}

func ExampleHistograms() {
	// Sigmoid outputs of two layers' hidden units: saturated near 0 and 1,
	// or spread over the middle.
	samples := []plot.Sample{
		{Name: "layer 1", Values: []float32{0.01, 0.02, 0.98, 0.99, 0.97, 0.5}},
		{Name: "layer 2", Values: []float32{0.3, 0.45, 0.5, 0.55, 0.7}},
	}
	printSize(plot.Histograms(samples, 20, 0, 1, "output", plot.LogY()))
	// Output: 640 × 400
}

func ExampleLogY() {
	// The size of each layer's gradient per epoch, orders of magnitude
	// apart.
	grads := []plot.Series{
		{Name: "layer 1", Y: []float64{3e-5, 1e-5, 4e-6}},
		{Name: "layer 3", Y: []float64{2e-2, 8e-3, 5e-3}},
	}
	data, err := plot.LinesPlot("epoch", "gradient size", grads, plot.LogY())
	fmt.Println(err, bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")))

	grads[0].Y[2] = 0
	_, err = plot.LinesPlot("epoch", "gradient size", grads, plot.LogY())
	fmt.Println(err)
	// Output:
	// <nil> true
	// plot: LinesPlot: series "layer 1": value is 0 at x=3, want > 0 on a log axis (LogY)
}

// printSize prints the size of the PNG figure a plot function returns, or its error.
func printSize(data []byte, err error) {
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
}
