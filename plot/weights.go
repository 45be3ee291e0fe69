package plot

import (
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"math"
	"strconv"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg/draw"
)

// Layout constants of the colour bar of WeightImages, in pixels unless noted.
const (
	weightBarWidth = 14  // Width of the bar.
	weightTickLen  = 4   // Length of its tick marks.
	weightTickPt   = 9.5 // Font size of its tick labels, in points.
)

// weightStops is the diverging colour map of WeightImages, from -1 to +1:
// the "RdBu" map of ColorBrewer reversed (matplotlib's "RdBu_r"), dark blue
// through white (0) to dark red.
var weightStops = []color.RGBA{
	{0x05, 0x30, 0x61, 0xff},
	{0x21, 0x66, 0xac, 0xff},
	{0x43, 0x93, 0xc3, 0xff},
	{0x92, 0xc5, 0xde, 0xff},
	{0xd1, 0xe5, 0xf0, 0xff},
	{0xff, 0xff, 0xff, 0xff},
	{0xfd, 0xdb, 0xc7, 0xff},
	{0xf4, 0xa5, 0x82, 0xff},
	{0xd6, 0x60, 0x4d, 0xff},
	{0xb2, 0x18, 0x2b, 0xff},
	{0x67, 0x00, 0x1f, 0xff},
}

// WeightImages draws a grid of real-valued images, such as the weights of
// the first Dense layer seen as one rows×cols image per hidden unit (28×28
// for MNIST: column j of the 784×units kernel is the image of unit j), all
// on one diverging colour scale: blue for negative values, white for 0 and
// red for positive ones, darkest at -limit and +limit. Values beyond ±limit
// are drawn as ±limit. A colour bar to the right of the grid shows the scale,
// with ticks at -limit, 0 and +limit.
//
// limit 0 means the largest |value| over all the images (1 if they are all
// 0). Passing the same limit to two calls, for example the weights before
// and after training, draws both on one scale, so that equal colours mean
// equal values; with limit 0 each figure has its own scale.
//
// Each image of images holds rows*cols values in row-major order. labels
// holds one caption per image (e.g. "unit 7"), or is nil for none. As in
// [Digits], the grid has gridCols columns (0 for about √N, at most N) and as
// many rows as needed, filled left to right and top to bottom; images are
// scaled with nearest-neighbour sampling, so each value stays a sharp square.
//
// The default size fits images drawn 84 pixels on their longer side (3× for
// MNIST), the widest caption and the colour bar: 64 units in an 8×8 grid
// without captions take about 820×770 pixels. With [Size], images are scaled
// to fit. [Title] adds a title above the grid.
func WeightImages(images [][]float32, rows, cols int, labels []string, gridCols int, limit float64, opts ...Option) ([]byte, error) {
	const fn = "WeightImages"
	if rows <= 0 || cols <= 0 {
		return nil, fmt.Errorf("plot: %s: image size %d×%d, want positive rows and cols", fn, rows, cols)
	}
	n, pix := len(images), rows*cols
	if n == 0 {
		return nil, fmt.Errorf("plot: %s: no images", fn)
	}
	for i, img := range images {
		if len(img) != pix {
			return nil, fmt.Errorf("plot: %s: image %d has %d values, want %d*%d=%d", fn, i, len(img), rows, cols, pix)
		}
	}
	if labels != nil && len(labels) != n {
		return nil, fmt.Errorf("plot: %s: %d labels for %d images, want one label per image (or nil labels)", fn, len(labels), n)
	}
	if gridCols < 0 {
		return nil, fmt.Errorf("plot: %s: gridCols is %d, want >= 0 (0 for automatic)", fn, gridCols)
	}
	if !(limit >= 0) || math.IsInf(limit, 0) {
		return nil, fmt.Errorf("plot: %s: limit is %v, want a finite value >= 0 (0 for the largest |value|)", fn, limit)
	}
	largest := 0.0
	for i, img := range images {
		for j, v := range img {
			x := float64(v)
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("plot: %s: image %d, pixel %d (row %d, col %d) is %v, want finite values", fn, i, j, j/cols, j%cols, x)
			}
			largest = math.Max(largest, math.Abs(x))
		}
	}
	if limit == 0 {
		limit = largest
		if limit == 0 {
			limit = 1
		}
	}
	cfg, err := newConfig(fn, 0, 0, "", opts)
	if err != nil {
		return nil, err
	}
	lay, err := layoutWeights(n, rows, cols, labels, gridCols, limit, cfg)
	if err != nil {
		return nil, fmt.Errorf("plot: %s: %w", fn, err)
	}

	c := newCanvas(lay.width, lay.height)
	dc := draw.New(c)
	lay.drawText(dc, cfg.title, labels)
	toVG := fromTop(lay.height)
	dst := c.Image()
	frame := image.NewUniform(lightGrey)
	for i, r := range lay.images {
		stddraw.Draw(dst, r.Inset(-1), frame, image.Point{}, stddraw.Src)
		stddraw.Draw(dst, r, scaleWeights(images[i], rows, cols, r.Dx(), r.Dy(), limit), image.Point{}, stddraw.Src)
	}

	// The colour bar, +limit at the top, with its ticks and their labels.
	bar := lay.bar
	stddraw.Draw(dst, bar.Inset(-1), frame, image.Point{}, stddraw.Src)
	for y := bar.Min.Y; y < bar.Max.Y; y++ {
		v := limit * (1 - 2*(float64(y-bar.Min.Y)+0.5)/float64(bar.Dy()))
		stddraw.Draw(dst, image.Rect(bar.Min.X, y, bar.Max.X, y+1), image.NewUniform(weightColor(v, limit)), image.Point{}, stddraw.Src)
	}
	tickColor := image.NewUniform(color.RGBA{0x44, 0x44, 0x44, 0xff})
	for i, label := range lay.tickLabels {
		y := bar.Min.Y + i*(bar.Dy()-1)/2
		stddraw.Draw(dst, image.Rect(bar.Max.X, y, bar.Max.X+weightTickLen, y+1), tickColor, image.Point{}, stddraw.Src)
		dc.FillText(lay.tickStyle, toVG(float64(bar.Max.X+weightTickLen+3), float64(y)+0.5), label)
	}
	return encodePNG(c)
}

// weightLayout is the placement of the images, captions and colour bar of
// WeightImages.
type weightLayout struct {
	digitLayout                 // The grid, and the size of the whole figure.
	bar         image.Rectangle // The colour bar, in pixels from the top left.
	tickLabels  []string        // Labels of the bar's ticks, top to bottom.
	tickStyle   text.Style
}

// layoutWeights places n images of rows×cols pixels with their labels in a
// grid of gridCols columns (0 for automatic) as [Digits] does, and the colour
// bar for ±limit to its right, fitting cfg's size if set.
func layoutWeights(n, rows, cols int, labels []string, gridCols int, limit float64, cfg *config) (weightLayout, error) {
	var lay weightLayout
	lay.tickStyle = textStyle(weightTickPt, draw.XLeft, draw.YCenter)
	tick := strconv.FormatFloat(limit, 'g', 3, 64)
	lay.tickLabels = []string{"+" + tick, "0", "-" + tick}
	labelW := 0.0
	for _, l := range lay.tickLabels {
		labelW = math.Max(labelW, toPixels(lay.tickStyle.Width(l)))
	}
	strip := digitPad + weightBarWidth + weightTickLen + 3 + int(math.Ceil(labelW)) + digitPad

	grid := *cfg
	if grid.width != 0 {
		grid.width -= strip
	}
	var err error
	if grid.width >= 0 {
		lay.digitLayout, err = layoutDigits(n, rows, cols, labels, gridCols, &grid)
	}
	if grid.width < 0 || err != nil {
		return lay, fmt.Errorf("Size(%d, %d) is too small for %d images of %d×%d and a colour bar", cfg.width, cfg.height, n, rows, cols)
	}
	top, bottom := lay.images[0].Min.Y, 0
	for _, r := range lay.images {
		bottom = max(bottom, r.Max.Y)
	}
	x := lay.width + digitPad
	lay.bar = image.Rect(x, top, x+weightBarWidth, bottom)
	lay.width += strip
	return lay, nil
}

// weightColor maps v in [-limit, limit] (limit > 0) to the colour map
// weightStops, interpolated; values beyond ±limit get the end colours.
func weightColor(v, limit float64) color.RGBA {
	return colorRamp(weightStops, (math.Max(-1, math.Min(1, v/limit))+1)/2)
}

// scaleWeights returns the rows×cols values src coloured for ±limit and
// scaled to w×h pixels with nearest-neighbour sampling.
func scaleWeights(src []float32, rows, cols, w, h int, limit float64) *image.RGBA {
	colors := make([]color.RGBA, len(src))
	for i, v := range src {
		colors[i] = weightColor(float64(v), limit)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		sy := y * rows / h
		for x := range w {
			c := colors[sy*cols+x*cols/w]
			p := img.Pix[y*img.Stride+4*x : y*img.Stride+4*x+4]
			p[0], p[1], p[2], p[3] = c.R, c.G, c.B, c.A
		}
	}
	return img
}
