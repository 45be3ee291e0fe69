package digit_test

import (
	"fmt"
	"image"
	"image/color"

	"github.com/dlgo/hello/digit"
)

// A dark stroke on white paper, 100 pixels wide and 50 high, comes out white on black, scaled into the 20×20 box
// (20×10) and centred by its centre of mass at pixel (14, 14). Every other pixel is printed.
func ExampleMNIST() {
	paper := image.NewGray(image.Rect(0, 0, 300, 200))
	for i := range paper.Pix {
		paper.Pix[i] = 255
	}
	for y := 100; y < 150; y++ {
		for x := 20; x < 120; x++ {
			paper.SetGray(x, y, color.Gray{Y: 0})
		}
	}
	pix, err := digit.MNIST(paper)
	if err != nil {
		fmt.Println(err)
		return
	}
	for y := 0; y < digit.Size; y += 2 {
		for x := 0; x < digit.Size; x += 2 {
			if pix[y*digit.Size+x] > 128 {
				fmt.Print("#")
			} else {
				fmt.Print(".")
			}
		}
		fmt.Println()
	}
	// Output:
	// ..............
	// ..............
	// ..............
	// ..............
	// ..............
	// ...##########.
	// ...##########.
	// ...##########.
	// ...##########.
	// ...##########.
	// ..............
	// ..............
	// ..............
	// ..............
}
