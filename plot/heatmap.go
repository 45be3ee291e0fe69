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

// Layout constants of HeatMap, in pixels unless noted.
const (
	heatMapWidth   = 250 // Default width.
	heatMapPad     = 4   // Space around the figure and between its parts.
	heatMapTitlePt = 10  // Title font size in points.
	heatMapLabelPt = 8   // Font size of the scale's labels, in points.
	heatMapBarW    = 100 // Width of the colour scale's bar.
	heatMapBarH    = 8   // Its height.
	heatMapMinGap  = 5   // Cells at least this wide are drawn with a 1-pixel gap between them.
)

// HeatMap draws values as a grid of square cells, one per value, filled left
// to right and top to bottom in gridCols columns (0 for automatic: the
// smallest divisor of len(values) from √n to 2√n, such as 25 columns × 20
// rows for 500 values or 16 × 8 for 128, else about √n), each cell coloured
// on a sequential scale from lo (dark purple) to hi (bright yellow), the
// "viridis" colour map of matplotlib; values outside [lo, hi] get the colour
// of the nearer end. Under the grid a small colour scale shows the range. It
// shows the outputs of a layer's units, one cell per unit, such as the 500
// sigmoid outputs of a hidden layer for one image, between 0 and 1:
//
//	nb.Display(plot.HeatMap(outputs, 25, 0, 1, plot.Title("activation_1: 500 units")))
//
// Default size: 250 pixels wide, as high as the square cells, the title and
// the scale need (250×223 for 500 values in 25 columns with a title); with
// [Size], the cells are the largest squares that fit, centred. [Title] sets
// the title (none by default).
func HeatMap(values []float32, gridCols int, lo, hi float64, opts ...Option) ([]byte, error) {
	const fn = "HeatMap"
	n := len(values)
	if n == 0 {
		return nil, fmt.Errorf("plot: %s: no values; pass one value per cell (a layer's outputs, say)", fn)
	}
	if gridCols < 0 {
		return nil, fmt.Errorf("plot: %s: gridCols is %d, want >= 0 (0 for automatic)", fn, gridCols)
	}
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil, fmt.Errorf("plot: %s: range [%g, %g]: want finite lo < hi (0, 1 for sigmoid outputs, say)", fn, lo, hi)
	}
	for i, v := range values {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("plot: %s: value %d is %v, want finite values", fn, i, v)
		}
	}
	cfg, err := newConfig(fn, 0, 0, "", opts)
	if err != nil {
		return nil, err
	}
	lay, err := layoutHeatMap(n, gridCols, lo, hi, cfg)
	if err != nil {
		return nil, fmt.Errorf("plot: %s: %w", fn, err)
	}

	c := newCanvas(lay.width, lay.height)
	dc := draw.New(c)
	toVG := fromTop(lay.height)
	if cfg.title != "" {
		dc.FillText(lay.titleStyle, toVG(float64(lay.width)/2, heatMapPad), cfg.title)
	}
	mid := float64(lay.bar.Min.Y+lay.bar.Max.Y) / 2
	dc.FillText(lay.loStyle, toVG(float64(lay.bar.Min.X-heatMapPad), mid), lay.loLabel)
	dc.FillText(lay.hiStyle, toVG(float64(lay.bar.Max.X+heatMapPad), mid), lay.hiLabel)

	dst := c.Image()
	gap := 0
	if lay.cell >= heatMapMinGap {
		gap = 1
	}
	for i, v := range values {
		x := lay.grid.Min.X + (i%lay.cols)*lay.cell
		y := lay.grid.Min.Y + (i/lay.cols)*lay.cell
		level := (float64(v) - lo) / (hi - lo)
		cell := image.Rect(x, y, x+lay.cell-gap, y+lay.cell-gap)
		stddraw.Draw(dst, cell, image.NewUniform(viridis(level)), image.Point{}, stddraw.Src)
	}
	for x := lay.bar.Min.X; x < lay.bar.Max.X; x++ {
		level := (float64(x-lay.bar.Min.X) + 0.5) / float64(lay.bar.Dx())
		col := image.Rect(x, lay.bar.Min.Y, x+1, lay.bar.Max.Y)
		stddraw.Draw(dst, col, image.NewUniform(viridis(level)), image.Point{}, stddraw.Src)
	}
	return encodePNG(c)
}

// heatMapLayout is the placement of the parts of HeatMap, in pixels from
// the top left.
type heatMapLayout struct {
	width, height int
	cols, cell    int             // Grid columns, and the side of a cell.
	grid          image.Rectangle // The cells.
	bar           image.Rectangle // The colour scale.

	titleStyle, loStyle, hiStyle text.Style
	loLabel, hiLabel             string
}

// layoutHeatMap places a grid of n cells in gridCols columns (0 for
// automatic), its title and its colour scale from lo to hi, fitting cfg's
// size if set.
func layoutHeatMap(n, gridCols int, lo, hi float64, cfg *config) (heatMapLayout, error) {
	lay := heatMapLayout{cols: gridCols}
	if lay.cols == 0 {
		lay.cols = autoColumns(n)
	}
	lay.cols = min(lay.cols, n)
	rows := (n + lay.cols - 1) / lay.cols

	lay.titleStyle = textStyle(heatMapTitlePt, draw.XCenter, draw.YTop)
	titleH := 0
	if cfg.title != "" {
		titleH = int(math.Ceil(toPixels(lay.titleStyle.Height(cfg.title)))) + heatMapPad
	}
	lay.loStyle = textStyle(heatMapLabelPt, draw.XRight, draw.YCenter)
	lay.hiStyle = textStyle(heatMapLabelPt, draw.XLeft, draw.YCenter)
	lay.loLabel, lay.hiLabel = scaleLabel(lo), scaleLabel(hi)
	scaleH := max(heatMapBarH, int(math.Ceil(toPixels(lay.loStyle.Height("0")))))
	// Pad, title, grid, pad, scale, pad.
	around := titleH + 3*heatMapPad + scaleH

	if cfg.width == 0 {
		lay.width = heatMapWidth
		lay.cell = max(1, (lay.width-2*heatMapPad)/lay.cols)
		lay.height = around + rows*lay.cell
	} else {
		lay.width, lay.height = cfg.width, cfg.height
		lay.cell = min((lay.width-2*heatMapPad)/lay.cols, (lay.height-around)/rows)
		if lay.cell < 1 {
			return lay, fmt.Errorf("Size(%d, %d) is too small for a grid of %d×%d cells with its scale", cfg.width, cfg.height, rows, lay.cols)
		}
	}
	gridW, gridH := lay.cols*lay.cell, rows*lay.cell
	top := heatMapPad + titleH + (lay.height-around-gridH)/2
	lay.grid = image.Rect((lay.width-gridW)/2, top, (lay.width-gridW)/2+gridW, top+gridH)
	barW := min(heatMapBarW, lay.width/2)
	barY := lay.grid.Max.Y + heatMapPad + (scaleH-heatMapBarH)/2
	lay.bar = image.Rect((lay.width-barW)/2, barY, (lay.width-barW)/2+barW, barY+heatMapBarH)
	return lay, nil
}

// autoColumns returns the columns of a grid of n cells: the smallest divisor
// of n from √n to 2√n, so that the grid is full and about square, else the
// integer above √n.
func autoColumns(n int) int {
	root := math.Sqrt(float64(n))
	for c := int(math.Ceil(root)); float64(c) <= 2*root; c++ {
		if n%c == 0 {
			return c
		}
	}
	return int(math.Ceil(root))
}

// scaleLabel writes a value of the colour scale with at most 3 significant
// digits.
func scaleLabel(v float64) string {
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// viridisStops is the "viridis" colour map of matplotlib, from dark to
// bright, at 9 evenly spaced levels.
var viridisStops = []color.RGBA{
	{0x44, 0x01, 0x54, 0xff},
	{0x47, 0x2d, 0x7b, 0xff},
	{0x3b, 0x52, 0x8b, 0xff},
	{0x2c, 0x72, 0x8e, 0xff},
	{0x21, 0x91, 0x8c, 0xff},
	{0x28, 0xae, 0x80, 0xff},
	{0x5e, 0xc9, 0x62, 0xff},
	{0xad, 0xdc, 0x30, 0xff},
	{0xfd, 0xe7, 0x25, 0xff},
}

// viridis maps level in [0, 1] (clamped) to a colour of viridisStops,
// interpolated.
func viridis(level float64) color.RGBA { return colorRamp(viridisStops, level) }
