package nb

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"

	"github.com/dlgo/hello/digit"
	"github.com/dlgo/hello/plot"
)

// ShowReading shows what a digit.Reader read in a picture, as one PNG figure
// that follows the digit through the network from left to right: the image
// the model saw (28×28, as MNIST's), a heat map of each hidden layer's
// outputs (one cell per unit, as under the drawing board's answer) and the
// bar chart of the probabilities. It takes the two results of Read or ReadFile, so that
// a cell can be a single line:
//
//	nb.Check(nb.ShowReading(reader.ReadFile("seven.png")))
//
// Outside a notebook it shows nothing.
func ShowReading(r digit.Reading, err error) error {
	if err != nil {
		return err
	}
	if len(r.Image) != digit.Size*digit.Size || len(r.Probabilities) == 0 {
		return errors.New("nb: ShowReading: empty reading; pass the results of a digit.Reader's Read or ReadFile")
	}
	seen, err := plot.Digits(r.Image, digit.Size, digit.Size, []string{fmt.Sprintf("read as %d", r.Digit)}, 1)
	if err != nil {
		return err
	}
	probs, err := plot.Probabilities(r.Probabilities, nil)
	if err != nil {
		return err
	}
	figures := [][]byte{seen}
	for _, h := range r.Hidden {
		heat, err := layerHeatMap(h)
		if err != nil {
			return err
		}
		figures = append(figures, heat)
	}
	figure, err := besideEachOther(append(figures, probs)...)
	if err != nil {
		return err
	}
	return Display(figure, nil)
}

// besideEachOther returns one PNG holding the PNG images left to right on
// white, centred vertically.
func besideEachOther(pngs ...[]byte) ([]byte, error) {
	var imgs []image.Image
	width, height := 0, 0
	for _, data := range pngs {
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("nb: decoding a figure: %w", err)
		}
		imgs = append(imgs, img)
		width += img.Bounds().Dx()
		height = max(height, img.Bounds().Dy())
	}
	out := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	x := 0
	for _, img := range imgs {
		b := img.Bounds()
		at := image.Rect(x, (height-b.Dy())/2, x+b.Dx(), (height-b.Dy())/2+b.Dy())
		draw.Draw(out, at, img, b.Min, draw.Over)
		x += b.Dx()
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
