package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Default size of the confusion matrix, in pixels.
const confusionWidth, confusionHeight = 520, 480

// ConfusionMatrix draws an n×n confusion matrix as a heatmap with the count
// written in each cell: m[t][p] is the number of examples of true class t
// predicted as class p, so rows are true classes (top to bottom, vertical
// axis "true") and columns predicted classes (left to right, horizontal axis
// "predicted"); correct predictions lie on the diagonal. m must be square
// with non-negative counts. classNames names the n classes, or is nil for
// "0", "1", ..., n-1.
//
// Cells are shaded on a logarithmic scale of the count (white for 0, dark
// blue for the largest count), so that the few mistakes off the diagonal
// stay visible next to the large counts on it; zeros are written in grey.
//
// Default size: 520×480 pixels.
func ConfusionMatrix(m [][]int, classNames []string, opts ...Option) ([]byte, error) {
	const fn = "ConfusionMatrix"
	n := len(m)
	if n == 0 {
		return nil, fmt.Errorf("plot: %s: empty matrix", fn)
	}
	for t, row := range m {
		if len(row) != n {
			return nil, fmt.Errorf("plot: %s: row %d has %d counts, want %d: the matrix must be square (%d rows)", fn, t, len(row), n, n)
		}
		for p, v := range row {
			if v < 0 {
				return nil, fmt.Errorf("plot: %s: count m[%d][%d] is %d, want >= 0", fn, t, p, v)
			}
		}
	}
	if classNames == nil {
		classNames = indexNames(n)
	}
	if len(classNames) != n {
		return nil, fmt.Errorf("plot: %s: %d class names for a %d×%d matrix, want %d", fn, len(classNames), n, n, n)
	}
	cfg, err := newConfig(fn, confusionWidth, confusionHeight, "", opts)
	if err != nil {
		return nil, err
	}

	p := newPlot(cfg, "predicted", cfg.yLabel("true"))
	p.Add(&heatmap{m: m})
	p.NominalX(classNames...)
	p.NominalY(classNames...)
	p.X.Padding, p.Y.Padding = 0, 0
	p.Y.Scale = gplot.InvertedScale{Normalizer: gplot.LinearScale{}}
	return render(p, nil, cfg.width, cfg.height)
}

// heatmap draws the cells of a confusion matrix at integer coordinates:
// column p at x = p, row t at y = t.
type heatmap struct {
	m [][]int
}

// DataRange implements gplot.DataRanger.
func (h *heatmap) DataRange() (xmin, xmax, ymin, ymax float64) {
	n := float64(len(h.m))
	return -0.5, n - 0.5, -0.5, n - 0.5
}

// Plot implements gplot.Plotter.
func (h *heatmap) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	maxCount, maxDigits := 0, 1
	for _, row := range h.m {
		for _, v := range row {
			maxCount = max(maxCount, v)
			maxDigits = max(maxDigits, len(fmt.Sprint(v)))
		}
	}
	// Font size: at most 10pt, small enough for the widest count to fit
	// in a cell (a digit is about 0.56 em wide in Liberation Sans).
	cellW := math.Abs(float64(trX(1) - trX(0)))
	cellH := math.Abs(float64(trY(1) - trY(0)))
	size := math.Min(10, math.Min(0.8*cellW/(0.56*float64(maxDigits)), 0.6*cellH))
	sty := textStyle(vg.Length(size), draw.XCenter, draw.YCenter)
	sty.Font = font.From(sansFont, vg.Length(size))

	for t, row := range h.m {
		for pr, v := range row {
			x0, x1 := trX(float64(pr)-0.5), trX(float64(pr)+0.5)
			y0, y1 := trY(float64(t)-0.5), trY(float64(t)+0.5)
			level := 0.0
			if maxCount > 0 {
				level = math.Log1p(float64(v)) / math.Log1p(float64(maxCount))
			}
			c.FillPolygon(blues(level), []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}})
			s := sty
			switch {
			case v == 0:
				s.Color = color.RGBA{0xaa, 0xaa, 0xaa, 0xff}
			case level > 0.6:
				s.Color = color.White
			}
			c.FillText(s, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, fmt.Sprint(v))
		}
	}
	// Thin white grid between cells.
	line := draw.LineStyle{Color: color.White, Width: vg.Points(0.75)}
	n := float64(len(h.m))
	for i := 0.5; i < n-0.5; i++ {
		c.StrokeLine2(line, trX(i), trY(-0.5), trX(i), trY(n-0.5))
		c.StrokeLine2(line, trX(-0.5), trY(i), trX(n-0.5), trY(i))
	}
}

// bluesStops is the "Blues" colour map of matplotlib, from light to dark.
var bluesStops = []color.RGBA{
	{0xf7, 0xfb, 0xff, 0xff},
	{0xde, 0xeb, 0xf7, 0xff},
	{0xc6, 0xdb, 0xef, 0xff},
	{0x9e, 0xca, 0xe1, 0xff},
	{0x6b, 0xae, 0xd6, 0xff},
	{0x42, 0x92, 0xc6, 0xff},
	{0x21, 0x71, 0xb5, 0xff},
	{0x08, 0x51, 0x9c, 0xff},
	{0x08, 0x30, 0x6b, 0xff},
}

// blues maps level in [0, 1] to a colour of bluesStops, interpolated.
func blues(level float64) color.RGBA { return colorRamp(bluesStops, level) }
