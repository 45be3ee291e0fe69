package plot

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// unitOutputs returns n values in [0, 1], as a sigmoid layer outputs.
func unitOutputs(n int) []float32 {
	r := rand.New(rand.NewPCG(1, 2))
	v := make([]float32, n)
	for i := range v {
		v[i] = r.Float32()
	}
	return v
}

func TestHeatMapDefaultSize(t *testing.T) {
	// The size stated in the doc: 500 values in 25 columns, with a title.
	data, err := HeatMap(unitOutputs(500), 25, 0, 1, Title("activation_1: 500 units"))
	img := decode(t, "heatmap_500", data, err, 250, 223)
	if !hasDarkText(img, image.Rect(0, 0, 250, 16)) {
		t.Errorf("no title above the grid")
	}
	// Every viridis colour between the scale's ends is in the grid.
	for _, c := range []int{0, 4, 8} {
		if !hasColor(img, img.Bounds(), viridisStops[c]) {
			t.Errorf("no pixel in viridis colour %d of 8", c)
		}
	}

	// 128 values, automatic columns: 16 × 8 cells, 250 pixels wide, less high.
	cfg, err := newConfig("HeatMap", 0, 0, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	lay, err := layoutHeatMap(128, 0, 0, 1, cfg)
	if err != nil {
		t.Fatal(err)
	}
	data, err = HeatMap(unitOutputs(128), 0, 0, 1)
	decode(t, "heatmap_128", data, err, 250, lay.height)
	if lay.cols != 16 || lay.grid.Dy() != 8*lay.cell || lay.height >= 223 {
		t.Errorf("128 values: %d columns, grid %v, height %d; want 16 columns of 8 rows, lower than 500 values'",
			lay.cols, lay.grid, lay.height)
	}
}

func TestHeatMapSize(t *testing.T) {
	for _, size := range []image.Point{{400, 300}, {200, 600}, {120, 80}} {
		name := fmt.Sprintf("heatmap_%dx%d", size.X, size.Y)
		data, err := HeatMap(unitOutputs(500), 25, 0, 1, Size(size.X, size.Y), Title("a layer"))
		decode(t, name, data, err, size.X, size.Y)
		cfg, err := newConfig("HeatMap", 0, 0, "", []Option{Size(size.X, size.Y), Title("a layer")})
		if err != nil {
			t.Fatal(err)
		}
		lay, err := layoutHeatMap(500, 25, 0, 1, cfg)
		if err != nil {
			t.Fatal(err)
		}
		// The grid fits inside the image, above the scale.
		if !lay.grid.In(image.Rect(0, 0, size.X, size.Y)) || lay.grid.Max.Y > lay.bar.Min.Y || lay.bar.Max.Y > size.Y {
			t.Errorf("%s: grid %v, scale %v: not inside the image, the grid above the scale", name, lay.grid, lay.bar)
		}
	}
}

// TestHeatMapColours checks the colour of cells: hi is brighter than lo, values beyond the range get the colour of
// its nearer end, and the scale runs from lo's colour on the left to hi's on the right.
func TestHeatMapColours(t *testing.T) {
	values := []float32{0, 1, -5, 7, 0.5, 0.25}
	data, err := HeatMap(values, 3, 0, 1, Size(300, 240))
	img := decode(t, "heatmap_colours", data, err, 300, 240)
	cfg, err := newConfig("HeatMap", 0, 0, "", []Option{Size(300, 240)})
	if err != nil {
		t.Fatal(err)
	}
	lay, err := layoutHeatMap(len(values), 3, 0, 1, cfg)
	if err != nil {
		t.Fatal(err)
	}
	centre := func(i int) image.Point {
		return image.Pt(lay.grid.Min.X+(i%3)*lay.cell+lay.cell/2, lay.grid.Min.Y+(i/3)*lay.cell+lay.cell/2)
	}
	g := make([]int, len(values))
	for i := range values {
		p := centre(i)
		g[i] = int(gray(img, p.X, p.Y))
	}
	if g[1] < g[0]+100 {
		t.Errorf("the cell of hi has brightness %d, the cell of lo %d: want hi much brighter", g[1], g[0])
	}
	if !(g[0] < g[5] && g[5] < g[4] && g[4] < g[1]) {
		t.Errorf("brightness of 0, 0.25, 0.5, 1: %d %d %d %d, want increasing", g[0], g[5], g[4], g[1])
	}
	for i, want := range map[int]int{2: 0, 3: 1} {
		p, q := centre(i), centre(want)
		if img.At(p.X, p.Y) != img.At(q.X, q.Y) {
			t.Errorf("value %g: colour %v, want the colour of %g (%v), the nearer end of the range",
				values[i], img.At(p.X, p.Y), values[want], img.At(q.X, q.Y))
		}
	}
	y := (lay.bar.Min.Y + lay.bar.Max.Y) / 2
	if left, right := gray(img, lay.bar.Min.X, y), gray(img, lay.bar.Max.X-1, y); int(right) < int(left)+100 {
		t.Errorf("the scale runs from brightness %d to %d, want dark to bright", left, right)
	}
	// Its labels, "0" and "1", beside it.
	if !hasDarkText(img, image.Rect(0, lay.bar.Min.Y-4, lay.bar.Min.X, lay.bar.Max.Y+4)) ||
		!hasDarkText(img, image.Rect(lay.bar.Max.X, lay.bar.Min.Y-4, 300, lay.bar.Max.Y+4)) {
		t.Errorf("no labels beside the colour scale %v", lay.bar)
	}
}

func TestHeatMapErrors(t *testing.T) {
	v := unitOutputs(10)
	nan := float32(math.NaN())
	for _, c := range []struct {
		name   string
		err    error
		substr []string
	}{
		{"empty", err2(HeatMap(nil, 0, 0, 1)), []string{"plot: HeatMap: no values", "one value per cell"}},
		{"gridCols", err2(HeatMap(v, -2, 0, 1)), []string{"plot: HeatMap: gridCols is -2, want >= 0 (0 for automatic)"}},
		{"lo = hi", err2(HeatMap(v, 0, 1, 1)), []string{"plot: HeatMap: range [1, 1]", "want finite lo < hi"}},
		{"lo > hi", err2(HeatMap(v, 0, 1, 0)), []string{"range [1, 0]"}},
		{"NaN lo", err2(HeatMap(v, 0, math.NaN(), 1)), []string{"range [NaN, 1]"}},
		{"infinite hi", err2(HeatMap(v, 0, 0, math.Inf(1))), []string{"range [0, +Inf]"}},
		{"NaN value", err2(HeatMap([]float32{0, nan}, 0, 0, 1)), []string{"plot: HeatMap: value 1 is NaN, want finite values"}},
		{"infinite value", err2(HeatMap([]float32{float32(math.Inf(-1))}, 0, 0, 1)), []string{"value 0 is -Inf"}},
		{"bad Size", err2(HeatMap(v, 0, 0, 1, Size(0, 10))), []string{"plot: HeatMap: Size(0, 10)"}},
		{"Size too small", err2(HeatMap(unitOutputs(500), 25, 0, 1, Size(40, 40))), []string{"plot: HeatMap: Size(40, 40) is too small", "20×25 cells"}},
	} {
		wantErr(t, c.name, c.err, c.substr...)
	}
}

func err2(_ []byte, err error) error { return err }

func TestAutoColumns(t *testing.T) {
	for n, want := range map[int]int{500: 25, 128: 16, 784: 28, 10: 5, 7: 3, 1: 1, 2: 2} {
		if got := autoColumns(n); got != want {
			t.Errorf("autoColumns(%d) = %d, want %d", n, got, want)
		}
	}
	// More columns than values: one row, as wide as the values.
	cfg, err := newConfig("HeatMap", 0, 0, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if lay, err := layoutHeatMap(2, 10, 0, 1, cfg); err != nil || lay.cols != 2 || lay.grid.Dy() != lay.cell {
		t.Errorf("2 values in 10 columns: %d columns, grid %v (%v); want one row of 2", lay.cols, lay.grid, err)
	}
}
