package plot

import (
	"fmt"
	"image/color"
	"sort"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named line of a line plot.
//
// Y holds the values; X holds their horizontal positions and has the same
// length as Y, or is nil for X = 1, 2, ..., len(Y) (epochs).
type Series struct {
	Name string
	X, Y []float64
}

// Default sizes of the line figures, in pixels.
const (
	linesWidth, linesHeight       = 640, 400
	functionWidth, functionHeight = 480, 340
)

// maxMarkedPoints is the longest series drawn with a dot at each point.
const maxMarkedPoints = 40

// lineStyle is how one series is drawn.
type lineStyle struct {
	color  color.Color
	dashed bool
}

// LearningCurves plots training metrics against the epoch, as recorded in a
// Keras-style history: series maps a metric name to its value at epochs
// 1, 2, ..., len(values) (e.g. "loss" and "val_loss", or "sigmoid acc" and
// "relu acc"); the series may have different lengths, but none may be empty.
//
// Lines are drawn in the order of their sorted names, with a metric "val_X"
// placed after "X" and drawn dashed in the same colour, so training and
// validation curves pair up; so does "run 1: val_X" with "run 1: X", for
// several runs in one figure. The legend sits to the right of the plot. The
// horizontal axis is labelled "epoch"; the vertical axis is labelled with the
// metric name when all series share one (such as "loss" for "loss" and
// "val_loss"), unless [YLabel] says otherwise.
//
// Default size: 640×400 pixels.
func LearningCurves(series map[string][]float64, opts ...Option) ([]byte, error) {
	const fn = "LearningCurves"
	if len(series) == 0 {
		return nil, fmt.Errorf("plot: %s: no series", fn)
	}
	names := make([]string, 0, len(series))
	for name := range series {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		bi, bj := trainingName(names[i]), trainingName(names[j])
		if bi != bj {
			return bi < bj
		}
		return names[i] < names[j] // "X" before "val_X".
	})

	ss := make([]Series, len(names))
	styles := make([]lineStyle, len(names))
	colorOf := map[string]int{}
	for i, name := range names {
		ss[i] = Series{Name: name, Y: series[name]}
		base := trainingName(name)
		idx, ok := colorOf[base]
		if !ok {
			idx = len(colorOf)
			colorOf[base] = idx
		}
		styles[i] = lineStyle{color: paletteColor(idx), dashed: base != name}
	}
	ylabel := ""
	if len(colorOf) == 1 {
		for base := range colorOf {
			ylabel = base
		}
	}
	cfg, err := newConfig(fn, linesWidth, linesHeight, "", opts)
	if err != nil {
		return nil, err
	}
	return lines(fn, cfg, "epoch", cfg.yLabel(ylabel), ss, styles, nil)
}

// trainingName returns the name of the training series that a validation
// series pairs with: "X" for "val_X", "run 1: X" for "run 1: val_X"; other
// names are returned as they are.
func trainingName(name string) string {
	prefix, metric := "", name
	if i := strings.LastIndex(name, ": "); i >= 0 {
		prefix, metric = name[:i+2], name[i+2:]
	}
	return prefix + strings.TrimPrefix(metric, "val_")
}

// LinesPlot plots each series as a line, in the given order and with the
// colours of a fixed palette, with a legend to the right of the plot and
// the given axis labels ([YLabel] overrides ylabel). Series with a nil X are
// drawn at X = 1..len(Y) with integer ticks, as epochs.
//
// Default size: 640×400 pixels.
func LinesPlot(xlabel, ylabel string, series []Series, opts ...Option) ([]byte, error) {
	const fn = "LinesPlot"
	cfg, err := newConfig(fn, linesWidth, linesHeight, "", opts)
	if err != nil {
		return nil, err
	}
	styles := make([]lineStyle, len(series))
	for i := range styles {
		styles[i] = lineStyle{color: paletteColor(i)}
	}
	return lines(fn, cfg, xlabel, cfg.yLabel(ylabel), series, styles, nil)
}

// Function plots an activation function f and its derivative df over the
// points xs (sorted, at least 2), as two lines titled name(x) and name'(x),
// with the axes through the origin drawn in grey (the plotted range always
// includes the origin). df may be nil to plot f
// alone. The title defaults to name.
//
// Default size: 480×340 pixels.
func Function(name string, xs []float64, f, df func(float64) float64, opts ...Option) ([]byte, error) {
	const fn = "Function"
	if f == nil {
		return nil, fmt.Errorf("plot: %s: f is nil", fn)
	}
	if len(xs) < 2 {
		return nil, fmt.Errorf("plot: %s: xs has %d points, want at least 2", fn, len(xs))
	}
	cfg, err := newConfig(fn, functionWidth, functionHeight, name, opts)
	if err != nil {
		return nil, err
	}
	cfg.logY = false // The plot includes the origin, which a log axis cannot.
	apply := func(g func(float64) float64) []float64 {
		ys := make([]float64, len(xs))
		for i, x := range xs {
			ys[i] = g(x)
		}
		return ys
	}
	series := []Series{{Name: name + "(x)", X: xs, Y: apply(f)}}
	styles := []lineStyle{{color: paletteColor(0)}}
	if df != nil {
		series = append(series, Series{Name: name + "'(x)", X: xs, Y: apply(df)})
		styles = append(styles, lineStyle{color: paletteColor(1), dashed: true})
	}
	return lines(fn, cfg, "x", cfg.yLabel(""), series, styles, originAxes{})
}

// lines draws series with the given styles, and extra below them if not nil.
func lines(fn string, cfg *config, xlabel, ylabel string, series []Series, styles []lineStyle, extra gplot.Plotter) ([]byte, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("plot: %s: no series", fn)
	}
	epochs := true
	for _, s := range series {
		if len(s.Y) == 0 {
			return nil, fmt.Errorf("plot: %s: series %q is empty", fn, s.Name)
		}
		if s.X != nil {
			epochs = false
			if len(s.X) != len(s.Y) {
				return nil, fmt.Errorf("plot: %s: series %q has %d x values and %d y values, want the same number", fn, s.Name, len(s.X), len(s.Y))
			}
			if err := checkFinite(s.X, "x", func(i int) string { return fmt.Sprintf("index %d", i) }); err != nil {
				return nil, fmt.Errorf("plot: %s: series %q: %w", fn, s.Name, err)
			}
		}
		where := func(i int) string { return fmt.Sprintf("x=%g", s.X[i]) }
		if s.X == nil {
			where = func(i int) string { return fmt.Sprintf("x=%d", i+1) }
		}
		if err := checkFinite(s.Y, "value", where); err != nil {
			return nil, fmt.Errorf("plot: %s: series %q: %w", fn, s.Name, err)
		}
		for j, y := range s.Y {
			if y <= 0 && cfg.logY {
				return nil, fmt.Errorf("plot: %s: series %q: value is %g at %s, want > 0 on a log axis (LogY)", fn, s.Name, y, where(j))
			}
		}
	}

	p := newPlot(cfg, xlabel, ylabel)
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = lightGrey, lightGrey
	grid.Vertical.Width, grid.Horizontal.Width = vg.Points(0.75), vg.Points(0.75)
	p.Add(grid)
	if extra != nil {
		p.Add(extra)
	}
	p.X.Tick.Marker = niceTicks{integer: epochs}
	p.Y.Tick.Marker = niceTicks{}

	legend := make([]legendEntry, 0, len(series))
	for i, s := range series {
		xys := make(plotter.XYs, len(s.Y))
		for j, y := range s.Y {
			xys[j].Y = y
			if s.X != nil {
				xys[j].X = s.X[j]
			} else {
				xys[j].X = float64(j + 1)
			}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("plot: %s: series %q: %w", fn, s.Name, err)
		}
		line.Color = styles[i].color
		line.Width = vg.Points(1.75)
		if styles[i].dashed {
			line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		p.Add(line)
		entry := legendEntry{name: s.Name, thumbs: []gplot.Thumbnailer{line}}
		if len(xys) <= maxMarkedPoints && (s.X == nil || len(xys) == 1) {
			dots, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, fmt.Errorf("plot: %s: series %q: %w", fn, s.Name, err)
			}
			dots.Color = styles[i].color
			dots.Shape = draw.CircleGlyph{}
			dots.Radius = vg.Points(2.25)
			p.Add(dots)
			entry.thumbs = append(entry.thumbs, dots)
		}
		legend = append(legend, entry)
	}
	cfg.setYAxis(p)
	return render(p, legend, cfg.width, cfg.height)
}

// originAxes draws the lines x=0 and y=0 in grey, and keeps the origin in
// the plotted range.
type originAxes struct{}

// DataRange implements gplot.DataRanger: the origin.
func (originAxes) DataRange() (xmin, xmax, ymin, ymax float64) { return 0, 0, 0, 0 }

// Plot implements gplot.Plotter.
func (originAxes) Plot(c draw.Canvas, p *gplot.Plot) {
	sty := draw.LineStyle{Color: color.RGBA{0x99, 0x99, 0x99, 0xff}, Width: vg.Points(0.8)}
	trX, trY := p.Transforms(&c)
	if p.Y.Min <= 0 && 0 <= p.Y.Max {
		c.StrokeLine2(sty, c.Min.X, trY(0), c.Max.X, trY(0))
	}
	if p.X.Min <= 0 && 0 <= p.X.Max {
		c.StrokeLine2(sty, trX(0), c.Min.Y, trX(0), c.Max.Y)
	}
}

// Linspace returns n ≥ 2 evenly spaced values from start to stop inclusive,
// e.g. the xs of [Function]; it returns nil if n < 2.
func Linspace(start, stop float64, n int) []float64 {
	if n < 2 {
		return nil
	}
	xs := make([]float64, n)
	step := (stop - start) / float64(n-1)
	for i := range xs {
		xs[i] = start + float64(i)*step
	}
	xs[n-1] = stop
	return xs
}
