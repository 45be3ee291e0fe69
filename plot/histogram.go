package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Default size of the histograms, in pixels.
const histWidth, histHeight = 640, 400

// histFillAlpha is the opacity of the area under each histogram.
const histFillAlpha = 0x38

// Sample is one named set of values drawn by [Histograms], such as the
// outputs of one layer's hidden units over the test images.
type Sample struct {
	Name   string
	Values []float32
}

// Histograms draws the histograms of several samples over one another, to
// compare how their values are spread: [lo, hi] is split into bins equal
// bins, and each sample is drawn as a step outline over a translucent area,
// in the next colour of the palette used by [LinesPlot], with its name in the
// legend to the right of the plot. The height of a bin is the share of the
// sample's values that fall in it (0 to 1; the shares of a sample sum to 1),
// so samples of different sizes compare. Values below lo are counted in the
// first bin and values above hi in the last. The horizontal axis is labelled
// xlabel and the vertical axis "share of values", unless [YLabel] says
// otherwise; it starts at 0 unless [YRange] sets it.
//
// For example, the sigmoid outputs in [0, 1] of a layer's hidden units over
// the 10,000 test images (a few million values per sample, counted in one
// pass) show whether the units saturate near 0 and 1. With [LogY], the tiny
// shares of the bins in between stay visible; empty bins are then left out.
//
// Default size: 640×400 pixels.
func Histograms(samples []Sample, bins int, lo, hi float64, xlabel string, opts ...Option) ([]byte, error) {
	const fn = "Histograms"
	if len(samples) == 0 {
		return nil, fmt.Errorf("plot: %s: no samples", fn)
	}
	if bins < 1 {
		return nil, fmt.Errorf("plot: %s: bins is %d, want at least 1", fn, bins)
	}
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil, fmt.Errorf("plot: %s: range [%g, %g], want finite lo < hi", fn, lo, hi)
	}
	h := &histPlotter{lo: lo, hi: hi, shares: make([][]float64, len(samples)), colors: make([]color.RGBA, len(samples))}
	for i, s := range samples {
		if len(s.Values) == 0 {
			return nil, fmt.Errorf("plot: %s: sample %q has no values", fn, s.Name)
		}
		shares, err := histogram(s.Values, bins, lo, hi)
		if err != nil {
			return nil, fmt.Errorf("plot: %s: sample %q: %w", fn, s.Name, err)
		}
		h.shares[i], h.colors[i] = shares, paletteColor(i)
	}
	cfg, err := newConfig(fn, histWidth, histHeight, "", opts)
	if err != nil {
		return nil, err
	}
	h.logY = cfg.logY

	p := newPlot(cfg, xlabel, cfg.yLabel("share of values"))
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = lightGrey, lightGrey
	grid.Vertical.Width, grid.Horizontal.Width = vg.Points(0.75), vg.Points(0.75)
	p.Add(grid, h)
	p.X.Tick.Marker = niceTicks{}
	p.Y.Tick.Marker = niceTicks{}
	if !cfg.logY {
		p.Y.Max *= 1.05 // Room above the highest bin.
	}
	cfg.setYAxis(p)

	legend := make([]legendEntry, len(samples))
	for i, s := range samples {
		legend[i] = legendEntry{name: s.Name, thumbs: []gplot.Thumbnailer{histThumb{h.colors[i]}}}
	}
	return render(p, legend, cfg.width, cfg.height)
}

// histogram returns the share of values in each of bins equal bins over
// [lo, hi] (bins >= 1, finite lo < hi), in one pass: values below lo count
// in the first bin, values above hi (and hi itself) in the last. The shares
// sum to 1 if values is not empty. A NaN value is an error naming its index.
func histogram(values []float32, bins int, lo, hi float64) ([]float64, error) {
	counts := make([]int, bins)
	scale := float64(bins) / (hi - lo)
	last := bins - 1
	for i, v := range values {
		switch x := float64(v); {
		case x < lo:
			counts[0]++
		case x >= hi:
			counts[last]++
		case x >= lo:
			counts[min(int((x-lo)*scale), last)]++
		default:
			return nil, fmt.Errorf("value %d is NaN, want numbers", i)
		}
	}
	shares := make([]float64, bins)
	for k, n := range counts {
		shares[k] = float64(n) / float64(len(values))
	}
	return shares, nil
}

// histPlotter draws the histograms of Histograms: the translucent areas
// first, then the step outlines on top of them.
type histPlotter struct {
	lo, hi float64
	shares [][]float64 // Share of each sample's values in each bin.
	colors []color.RGBA
	logY   bool // Leave empty bins out (down to the bottom of the axis).
}

// DataRange implements gplot.DataRanger: [lo, hi] by [0, the largest share]
// (the smallest share above 0 on a log axis).
func (h *histPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin = math.Inf(1)
	for _, shares := range h.shares {
		for _, s := range shares {
			if s > 0 {
				ymin = math.Min(ymin, s)
			}
			ymax = math.Max(ymax, s)
		}
	}
	if !h.logY {
		ymin = 0
	}
	return h.lo, h.hi, ymin, ymax
}

// Plot implements gplot.Plotter.
func (h *histPlotter) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	base := c.Min.Y // Bottom of the axis: where empty bins go on a log axis.
	if !h.logY {
		base = trY(0)
	}
	outlines := make([][]vg.Point, len(h.shares))
	for i, shares := range h.shares {
		bins := len(shares)
		edge := func(k int) vg.Length { return trX(h.lo + (h.hi-h.lo)*float64(k)/float64(bins)) }
		pts := []vg.Point{{X: edge(0), Y: base}}
		for k, s := range shares {
			y := base
			if s > 0 || !h.logY {
				y = trY(s)
			}
			pts = append(pts, vg.Point{X: edge(k), Y: y}, vg.Point{X: edge(k + 1), Y: y})
		}
		pts = append(pts, vg.Point{X: edge(bins), Y: base})
		outlines[i] = pts
		c.FillPolygon(translucent(h.colors[i]), c.ClipPolygonXY(pts))
	}
	for i, pts := range outlines {
		c.StrokeLines(histLine(h.colors[i]), c.ClipLinesXY(pts)...)
	}
}

// histLine is the style of a histogram's outline.
func histLine(c color.RGBA) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(1.5)}
}

// translucent returns c with the opacity of the histograms' areas.
func translucent(c color.RGBA) color.NRGBA {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: histFillAlpha}
}

// histThumb is the legend thumbnail of one histogram.
type histThumb struct{ color color.RGBA }

// Thumbnail implements gplot.Thumbnailer.
func (t histThumb) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Min.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Min.Y}}
	c.FillPolygon(translucent(t.color), pts)
	c.StrokeLines(histLine(t.color), append(pts, pts[0]))
}
