// Package plot draws the figures used by the MNIST notebooks: learning
// curves, grids of digits, confusion matrices, activation functions and bar
// charts.
//
// Every figure function takes plain Go slices and returns a PNG image as
// bytes, rendered with gonum.org/v1/plot and its embedded Liberation fonts,
// so figures need neither system fonts nor network access, and embed in a
// notebook as ordinary image outputs (they show in JupyterLab, Notebook,
// nbconvert HTML and on GitHub alike).
//
// Package nb shows the figures in a GoNB notebook; a plotting cell is
// usually one line:
//
//	nb.Check(nb.Display(plot.LearningCurves(history, plot.Title("loss"))))
//
// Figures are sized in pixels (at 96 DPI, so one PNG pixel is one CSS pixel)
// and can be adjusted with the options [Size], [Title], [YLabel], [YRange]
// and [LogY].
package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// dpi is the resolution of the PNG images: 96 dots per inch, the CSS pixel.
const dpi = 96

// maxPixels bounds the width and height of a figure, to catch mistakes such
// as passing a size in points or a count of pixels instead of a width.
const maxPixels = 8000

// Option adjusts a figure: its size, title, vertical axis label, range or
// scale. Options a figure does not use are ignored (for example [YRange] on
// [Digits]).
type Option func(*config)

// config holds the options of one figure.
type config struct {
	width, height int // In pixels; 0 means the figure's default.
	title         string
	ylabel        string
	ylabelSet     bool
	ymin, ymax    float64
	yrangeSet     bool
	logY          bool
	err           error // First invalid option, reported by the figure.
}

// Size sets the size of the image in pixels (width × height).
// Each figure has its own default size.
func Size(width, height int) Option {
	return func(c *config) {
		if width <= 0 || height <= 0 || width > maxPixels || height > maxPixels {
			c.setErr(fmt.Errorf("Size(%d, %d): width and height must be in 1..%d pixels", width, height, maxPixels))
			return
		}
		c.width, c.height = width, height
	}
}

// Title sets the title drawn above the figure; an empty title removes the
// figure's default title, if it has one.
func Title(title string) Option {
	return func(c *config) {
		c.title = title
	}
}

// YLabel sets the label of the vertical axis, replacing the figure's default.
func YLabel(label string) Option {
	return func(c *config) {
		c.ylabel, c.ylabelSet = label, true
	}
}

// YRange fixes the vertical axis to [min, max] instead of fitting the data,
// for example YRange(0, 1) to compare accuracy curves across figures.
// Data outside the range is clipped.
func YRange(min, max float64) Option {
	return func(c *config) {
		if !(min < max) || math.IsInf(min, 0) || math.IsInf(max, 0) {
			c.setErr(fmt.Errorf("YRange(%g, %g): want finite min < max", min, max))
			return
		}
		c.ymin, c.ymax, c.yrangeSet = min, max, true
	}
}

// LogY draws the vertical axis on a logarithmic scale, marked at the powers
// of ten, for values that differ by orders of magnitude, such as the size of
// each layer's gradient per epoch. Unless [YRange] fixes the range (then
// with min > 0), the axis spans whole powers of ten around the data.
//
// Line figures ([LinesPlot], [LearningCurves]) then reject values <= 0,
// which a log axis cannot show; [Histograms] leaves empty bins out.
// [Function] ignores LogY: its plot always includes the origin.
func LogY() Option {
	return func(c *config) {
		c.logY = true
	}
}

func (c *config) setErr(err error) {
	if c.err == nil {
		c.err = err
	}
}

// newConfig applies opts over the figure's default size and title.
func newConfig(fn string, width, height int, title string, opts []Option) (*config, error) {
	c := &config{width: width, height: height, title: title}
	for _, opt := range opts {
		if opt != nil {
			opt(c)
		}
	}
	if c.err != nil {
		return nil, fmt.Errorf("plot: %s: %w", fn, c.err)
	}
	if c.logY && c.yrangeSet && c.ymin <= 0 {
		return nil, fmt.Errorf("plot: %s: YRange(%g, %g) with LogY: a log axis needs min > 0", fn, c.ymin, c.ymax)
	}
	return c, nil
}

// setYAxis applies [YRange] and [LogY] to the vertical axis of p, once p
// holds its data: on a log axis, a range fitted to the data (all > 0) is
// widened to whole powers of ten.
func (c *config) setYAxis(p *gplot.Plot) {
	if c.yrangeSet {
		p.Y.Min, p.Y.Max = c.ymin, c.ymax
	}
	if !c.logY {
		return
	}
	p.Y.Scale = gplot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
	if !c.yrangeSet {
		p.Y.Min = math.Pow10(int(math.Floor(math.Log10(p.Y.Min) + 1e-9)))
		p.Y.Max = math.Pow10(int(math.Ceil(math.Log10(p.Y.Max) - 1e-9)))
		if p.Y.Min >= p.Y.Max {
			p.Y.Min = p.Y.Max / 10
		}
	}
}

// yLabel returns the option's label if set, else def.
func (c *config) yLabel(def string) string {
	if c.ylabelSet {
		return c.ylabel
	}
	return def
}

// Palette is the sequence of colours given to series and bars, in order
// (the "tab10" colours of matplotlib).
var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, // blue
	{0xff, 0x7f, 0x0e, 0xff}, // orange
	{0x2c, 0xa0, 0x2c, 0xff}, // green
	{0xd6, 0x27, 0x28, 0xff}, // red
	{0x94, 0x67, 0xbd, 0xff}, // purple
	{0x8c, 0x56, 0x4b, 0xff}, // brown
	{0xe3, 0x77, 0xc2, 0xff}, // pink
	{0x7f, 0x7f, 0x7f, 0xff}, // grey
	{0xbc, 0xbd, 0x22, 0xff}, // olive
	{0x17, 0xbe, 0xcf, 0xff}, // cyan
}

func paletteColor(i int) color.RGBA { return palette[i%len(palette)] }

var (
	sansFont  = font.Font{Typeface: "Liberation", Variant: "Sans"}
	textPlain = text.Plain{Fonts: font.DefaultCache}
	lightGrey = color.RGBA{0xdc, 0xdc, 0xdc, 0xff}
)

// textStyle returns a sans-serif text style of the given size in points.
func textStyle(size vg.Length, xa draw.XAlignment, ya draw.YAlignment) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(sansFont, size),
		XAlign:  xa,
		YAlign:  ya,
		Handler: textPlain,
	}
}

// newPlot returns a gonum plot with sans-serif fonts, the title of cfg and
// the given axis labels.
func newPlot(cfg *config, xlabel, ylabel string) *gplot.Plot {
	p := gplot.New()
	p.Title.Text = cfg.title
	p.Title.TextStyle = textStyle(13, draw.XCenter, draw.YTop)
	p.Title.Padding = vg.Points(6)
	for _, ax := range []*gplot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(sansFont, 11)
		ax.Tick.Label.Font = font.From(sansFont, 9.5)
		ax.Label.TextStyle.Handler = textPlain
		ax.Tick.Label.Handler = textPlain
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Legend.TextStyle = textStyle(10, draw.XLeft, draw.YBottom)
	return p
}

// pixels converts a length in pixels to a vg.Length.
func pixels(px float64) vg.Length { return vg.Length(px) * vg.Inch / dpi }

// toPixels converts a vg.Length to pixels.
func toPixels(l vg.Length) float64 { return l.Dots(dpi) }

// fromTop returns a function converting a pixel position in a figure of the
// given height, origin at the top left, to vg's coordinates (origin at the
// bottom left).
func fromTop(height int) func(x, y float64) vg.Point {
	return func(x, y float64) vg.Point { return vg.Point{X: pixels(x), Y: pixels(float64(height) - y)} }
}

// colorRamp maps level in [0, 1] (clamped) to a colour of stops, evenly
// spaced from 0 to 1, interpolated linearly.
func colorRamp(stops []color.RGBA, level float64) color.RGBA {
	pos := math.Max(0, math.Min(1, level)) * float64(len(stops)-1)
	i := int(pos)
	if i >= len(stops)-1 {
		return stops[len(stops)-1]
	}
	f := pos - float64(i)
	a, b := stops[i], stops[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// newCanvas returns a white canvas of exactly width × height pixels.
func newCanvas(width, height int) *vgimg.Canvas {
	return vgimg.NewWith(
		vgimg.UseWH(pixels(float64(width)), pixels(float64(height))),
		vgimg.UseDPI(dpi),
		vgimg.UseBackgroundColor(color.White),
	)
}

// encodePNG encodes the canvas as PNG.
func encodePNG(c *vgimg.Canvas) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plot: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// legendEntry is one line of a legend drawn beside the plot.
type legendEntry struct {
	name   string
	thumbs []gplot.Thumbnailer
}

// render draws p on a width × height canvas with a small margin and returns
// the PNG. If legend is not empty it is drawn to the right of the plot,
// outside the data area so that it never hides a curve (inside the top right
// corner if the names are too long to fit beside it).
func render(p *gplot.Plot, legend []legendEntry, width, height int) ([]byte, error) {
	c := newCanvas(width, height)
	dc := draw.New(c)
	margin := pixels(8)
	area := draw.Crop(dc, margin, -margin, margin/2, -margin)

	if len(legend) > 0 {
		leg := gplot.NewLegend()
		leg.TextStyle = textStyle(10, draw.XLeft, draw.YBottom)
		leg.Left, leg.Top = true, true
		leg.ThumbnailWidth = vg.Points(22)
		leg.Padding = vg.Points(3)
		for _, e := range legend {
			leg.Add(e.name, e.thumbs...)
		}
		r := leg.Rectangle(area)
		legWidth := r.Max.X - r.Min.X + pixels(12)
		if toPixels(legWidth) <= 0.35*float64(width) {
			plotArea := draw.Crop(area, 0, -legWidth, 0, 0)
			p.Draw(plotArea)
			data := p.DataCanvas(plotArea)
			legArea := area
			legArea.Min.X = area.Max.X - legWidth + pixels(10)
			legArea.Max.Y = data.Max.Y
			leg.Draw(legArea)
			return encodePNG(c)
		}
		// Too wide to sit beside the plot: use gonum's legend inside it.
		p.Legend.Top = true
		p.Legend.ThumbnailWidth = leg.ThumbnailWidth
		for _, e := range legend {
			p.Legend.Add(e.name, e.thumbs...)
		}
	}
	p.Draw(area)
	return encodePNG(c)
}

// checkFinite returns an error naming the first NaN or infinite value of ys.
func checkFinite(ys []float64, what string, index func(i int) string) error {
	for i, y := range ys {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			return fmt.Errorf("%s is %v at %s", what, y, index(i))
		}
	}
	return nil
}

// indexNames returns "0", "1", ..., the default class names.
func indexNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprint(i)
	}
	return names
}
