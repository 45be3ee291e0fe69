package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Default sizes of the bar figures, in pixels.
const (
	barsWidth, barsHeight   = 480, 340
	probsWidth, probsHeight = 360, 220
)

// Bars draws a bar chart with one bar per name, values[i] being the height
// of bar names[i] (len(values) == len(names)), each bar in the next colour of
// the palette used by [LinesPlot] and with its value written above it. The
// vertical axis starts at 0 unless [YRange] sets it: for close values such as
// test accuracies of 0.975 and 0.981, YRange(0.95, 1) shows the difference.
//
// Default size: 480×340 pixels.
func Bars(names []string, values []float64, ylabel string, opts ...Option) ([]byte, error) {
	const fn = "Bars"
	if len(names) == 0 {
		return nil, fmt.Errorf("plot: %s: no bars", fn)
	}
	if len(values) != len(names) {
		return nil, fmt.Errorf("plot: %s: %d names but %d values, want one value per name", fn, len(names), len(values))
	}
	if err := checkFinite(values, "value", func(i int) string { return fmt.Sprintf("bar %q", names[i]) }); err != nil {
		return nil, fmt.Errorf("plot: %s: %w", fn, err)
	}
	cfg, err := newConfig(fn, barsWidth, barsHeight, "", opts)
	if err != nil {
		return nil, err
	}
	b := &barPlotter{values: values, colors: make([]color.Color, len(values)), labels: make([]string, len(values))}
	for i, v := range values {
		b.colors[i] = paletteColor(i)
		b.labels[i] = formatValue(v)
	}
	return renderBars(cfg, names, cfg.yLabel(ylabel), b, math.NaN(), math.NaN())
}

// Probabilities draws a small bar chart of the probabilities a model gives
// to each class for one image: probs[i] (in [0, 1]) is the probability of
// classNames[i]; classNames may be nil for "0", "1", ..., len(probs)-1. The
// most probable class is drawn in orange, the others in blue, and
// probabilities of at least 0.01 are written above their bars. The
// vertical axis spans [0, 1].
//
// Default size: 360×220 pixels.
func Probabilities(probs []float64, classNames []string, opts ...Option) ([]byte, error) {
	const fn = "Probabilities"
	if len(probs) == 0 {
		return nil, fmt.Errorf("plot: %s: no probabilities", fn)
	}
	if classNames == nil {
		classNames = indexNames(len(probs))
	}
	if len(classNames) != len(probs) {
		return nil, fmt.Errorf("plot: %s: %d class names but %d probabilities, want one name per probability", fn, len(classNames), len(probs))
	}
	const eps = 1e-6
	best := 0
	for i, p := range probs {
		if !(p >= -eps && p <= 1+eps) {
			return nil, fmt.Errorf("plot: %s: probability of class %q is %v, want a value in [0, 1]", fn, classNames[i], p)
		}
		if p > probs[best] {
			best = i
		}
	}
	cfg, err := newConfig(fn, probsWidth, probsHeight, "", opts)
	if err != nil {
		return nil, err
	}
	b := &barPlotter{values: probs, colors: make([]color.Color, len(probs)), labels: make([]string, len(probs))}
	for i, p := range probs {
		b.colors[i] = palette[0]
		if i == best {
			b.colors[i] = palette[1]
		}
		if p >= 0.005 {
			b.labels[i] = fmt.Sprintf("%.2f", p)
		}
	}
	return renderBars(cfg, classNames, cfg.yLabel("probability"), b, 0, 1)
}

// renderBars draws b with the names under the bars. The vertical axis spans
// the data and 0, unless ymin and ymax are not NaN or [YRange] was given.
func renderBars(cfg *config, names []string, ylabel string, b *barPlotter, ymin, ymax float64) ([]byte, error) {
	p := newPlot(cfg, "", ylabel)
	p.Add(b)
	p.NominalX(names...)
	p.Y.Padding = 0
	p.Y.Tick.Marker = niceTicks{}
	switch {
	case cfg.yrangeSet:
		p.Y.Min, p.Y.Max = cfg.ymin, cfg.ymax
	case !math.IsNaN(ymin):
		p.Y.Min, p.Y.Max = ymin, ymax
	default:
		// Leave room for the value labels above (or below) the bars.
		span := p.Y.Max - p.Y.Min
		if span == 0 {
			span = math.Max(math.Abs(p.Y.Max), 1)
		}
		if p.Y.Max > 0 {
			p.Y.Max += 0.1 * span
		}
		if p.Y.Min < 0 {
			p.Y.Min -= 0.1 * span
		}
	}
	return render(p, nil, cfg.width, cfg.height)
}

// barPlotter draws vertical bars at x = 0, 1, ..., with a label each.
type barPlotter struct {
	values []float64
	colors []color.Color
	labels []string // "" for no label.
}

// barWidth is the width of a bar, as a fraction of the distance between bars.
const barWidth = 0.7

// DataRange implements gplot.DataRanger.
func (b *barPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = -0.5, float64(len(b.values))-0.5
	for _, v := range b.values {
		ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
	}
	return xmin, xmax, ymin, ymax
}

// Plot implements gplot.Plotter.
func (b *barPlotter) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	if p.Y.Min < 0 && 0 < p.Y.Max { // Baseline, when the axis does not start at 0.
		base := draw.LineStyle{Color: color.RGBA{0x99, 0x99, 0x99, 0xff}, Width: vg.Points(0.8)}
		c.StrokeLine2(base, c.Min.X, trY(0), c.Max.X, trY(0))
	}
	sty := textStyle(9, draw.XCenter, draw.YBottom)
	for i, v := range b.values {
		x0, x1 := trX(float64(i)-barWidth/2), trX(float64(i)+barWidth/2)
		y0, y1 := trY(0), trY(v)
		poly := c.ClipPolygonY([]vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}})
		c.FillPolygon(b.colors[i], poly)
		if b.labels[i] == "" {
			continue
		}
		pt := vg.Point{X: trX(float64(i)), Y: y1 + vg.Points(2)}
		s := sty
		if v < 0 {
			s.YAlign = draw.YTop
			pt.Y = y1 - vg.Points(2)
		}
		if c.ContainsY(pt.Y) {
			c.FillText(s, pt, b.labels[i])
		}
	}
}

// formatValue writes v with 4 significant digits.
func formatValue(v float64) string { return fmt.Sprintf("%.4g", v) }
