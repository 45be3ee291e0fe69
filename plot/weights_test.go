package plot

import (
	"image"
	"image/color"
	"math"
	"testing"
)

// constImages returns one 28×28 image per value, filled with that value.
func constImages(values ...float32) [][]float32 {
	images := make([][]float32, len(values))
	for i, v := range values {
		images[i] = make([]float32, 28*28)
		for j := range images[i] {
			images[i][j] = v
		}
	}
	return images
}

// weightsLayout returns the layout WeightImages uses for these arguments.
func weightsLayout(t *testing.T, n int, labels []string, gridCols int, limit float64, opts ...Option) weightLayout {
	t.Helper()
	cfg, err := newConfig("WeightImages", 0, 0, "", opts)
	if err != nil {
		t.Fatal(err)
	}
	lay, err := layoutWeights(n, 28, 28, labels, gridCols, limit, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return lay
}

// rgbAt returns the colour of img at the centre of r.
func rgbAt(img image.Image, r image.Rectangle) color.RGBA {
	return color.RGBAModel.Convert(img.At((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)).(color.RGBA)
}

func reddish(c color.RGBA) bool { return int(c.R) > int(c.B)+60 && c.R > c.G }
func bluish(c color.RGBA) bool  { return int(c.B) > int(c.R)+60 && c.B > c.G }
func whitish(c color.RGBA) bool { return c.R > 240 && c.G > 240 && c.B > 240 }

func TestWeightImagesDecodesAtDefaultAndGivenSize(t *testing.T) {
	images := constImages(make([]float32, 64)...)
	for i := range images {
		images[i][i] = float32(i) - 32 // Some values of each sign.
	}
	labels := make([]string, 64)
	for i := range labels {
		labels[i] = "unit " + indexNames(64)[i]
	}
	for _, tc := range []struct {
		name          string
		labels        []string
		gridCols      int
		opts          []Option
		width, height int
	}{
		{"weights_default", nil, 0, nil, 0, 0},
		{"weights_captions_title", labels, 0, []Option{Title("first layer")}, 0, 0},
		{"weights_sized", labels, 16, []Option{Size(900, 400)}, 900, 400},
	} {
		lay := weightsLayout(t, 64, tc.labels, tc.gridCols, 32, tc.opts...)
		if tc.width == 0 {
			tc.width, tc.height = lay.width, lay.height
			// 8×8 images of 84+12 pixels, and the colour bar.
			if cols := 8 * (84 + 2*digitPad); lay.width <= cols || lay.width > cols+100 || tc.labels == nil && lay.height != cols {
				t.Errorf("%s: default size %d×%d, want about %d×%d plus the colour bar", tc.name, lay.width, lay.height, cols, cols)
			}
		}
		data, err := WeightImages(images, 28, 28, tc.labels, tc.gridCols, 0, tc.opts...)
		img := decode(t, tc.name, data, err, tc.width, tc.height)
		if !lay.bar.In(img.Bounds()) || lay.bar.Min.X < lay.images[len(lay.images)-1].Max.X {
			t.Errorf("%s: colour bar %v is not right of the grid inside the figure %v", tc.name, lay.bar, img.Bounds())
		}
		for i, r := range lay.images {
			if !r.In(img.Bounds()) {
				t.Fatalf("%s: image %d at %v is outside the figure", tc.name, i, r)
			}
		}
	}
}

func TestWeightImagesDivergingColours(t *testing.T) {
	images := constImages(0.5, -0.5, 0, 0.1, -2)
	lay := weightsLayout(t, len(images), nil, 5, 1)
	data, err := WeightImages(images, 28, 28, nil, 5, 1)
	img := decode(t, "weights_colours", data, err, lay.width, lay.height)
	for _, tc := range []struct {
		what string
		cell int
		want func(color.RGBA) bool
	}{
		{"positive cell is reddish", 0, reddish},
		{"negative cell is bluish", 1, bluish},
		{"zero cell is white-ish", 2, whitish},
		{"value beyond -limit is bluish", 4, bluish},
	} {
		if got := rgbAt(img, lay.images[tc.cell]); !tc.want(got) {
			t.Errorf("%s: got %v", tc.what, got)
		}
	}
	// A small positive value is lighter than a larger one; -2 is clamped
	// to the colour of -limit, the darkest blue.
	small, large := rgbAt(img, lay.images[3]), rgbAt(img, lay.images[0])
	if !(small.G > large.G) {
		t.Errorf("0.1 is %v, 0.5 is %v: want 0.1 lighter", small, large)
	}
	if got, want := rgbAt(img, lay.images[4]), weightStops[0]; got != want {
		t.Errorf("-2 with limit 1 is %v, want the end colour %v", got, want)
	}
	// The colour bar runs from red (+limit) at the top through white to
	// blue (-limit) at the bottom.
	b := lay.bar
	top := image.Rect(b.Min.X, b.Min.Y, b.Max.X, b.Min.Y+2)
	mid := image.Rect(b.Min.X, (b.Min.Y+b.Max.Y)/2-1, b.Max.X, (b.Min.Y+b.Max.Y)/2+1)
	bottom := image.Rect(b.Min.X, b.Max.Y-2, b.Max.X, b.Max.Y)
	if !reddish(rgbAt(img, top)) || !whitish(rgbAt(img, mid)) || !bluish(rgbAt(img, bottom)) {
		t.Errorf("colour bar top/middle/bottom are %v/%v/%v, want red/white/blue", rgbAt(img, top), rgbAt(img, mid), rgbAt(img, bottom))
	}
	if want := []string{"+1", "0", "-1"}; len(lay.tickLabels) != 3 || lay.tickLabels[0] != want[0] || lay.tickLabels[2] != want[2] {
		t.Errorf("tick labels %q, want %q", lay.tickLabels, want)
	}
	if !hasDarkText(img, image.Rect(b.Max.X, b.Min.Y-8, lay.width, b.Max.Y+8)) {
		t.Errorf("no tick labels right of the colour bar")
	}
}

func TestWeightImagesSameLimitSameColour(t *testing.T) {
	before, after := constImages(0.3, -0.1), constImages(0.3, 0.9)
	// colourOf draws images with limit, whose colour bar is labelled
	// ±scale, and returns the colour of the first one.
	colourOf := func(name string, images [][]float32, limit, scale float64) color.RGBA {
		lay := weightsLayout(t, 2, nil, 2, scale)
		data, err := WeightImages(images, 28, 28, nil, 2, limit)
		img := decode(t, name, data, err, lay.width, lay.height)
		return rgbAt(img, lay.images[0]) // The cell of 0.3.
	}
	if a, b := colourOf("weights_before", before, 1, 1), colourOf("weights_after", after, 1, 1); a != b {
		t.Errorf("same value, same limit: colours %v and %v, want equal", a, b)
	}
	if a, b := colourOf("weights_before_auto", before, 0, 0.3), colourOf("weights_after_auto", after, 0, 0.9); a == b {
		t.Errorf("limit 0 (largest |value| 0.3, then 0.9): both colours %v, want the scales to differ", a)
	}
}

func TestWeightImagesErrors(t *testing.T) {
	good := constImages(1, -1)
	nan := constImages(1, -1)
	nan[1][30] = float32(math.NaN())
	inf := constImages(1)
	inf[0][5] = float32(math.Inf(-1))
	for _, tc := range []struct {
		name       string
		images     [][]float32
		rows, cols int
		labels     []string
		gridCols   int
		limit      float64
		opts       []Option
		want       []string
	}{
		{"no images", nil, 28, 28, nil, 0, 0, nil, []string{"plot: WeightImages: no images"}},
		{"wrong length", [][]float32{make([]float32, 784), make([]float32, 100)}, 28, 28, nil, 0, 0, nil, []string{"image 1 has 100 values, want 28*28=784"}},
		{"bad image size", good, 0, 28, nil, 0, 0, nil, []string{"0×28"}},
		{"labels mismatch", good, 28, 28, []string{"a"}, 0, 0, nil, []string{"1 labels for 2 images"}},
		{"negative gridCols", good, 28, 28, nil, -1, 0, nil, []string{"gridCols is -1"}},
		{"negative limit", good, 28, 28, nil, 0, -1, nil, []string{"limit is -1", ">= 0"}},
		{"NaN limit", good, 28, 28, nil, 0, math.NaN(), nil, []string{"limit is NaN"}},
		{"infinite limit", good, 28, 28, nil, 0, math.Inf(1), nil, []string{"limit is +Inf"}},
		{"NaN value", nan, 28, 28, nil, 0, 0, nil, []string{"image 1, pixel 30 (row 1, col 2) is NaN"}},
		{"infinite value", inf, 28, 28, nil, 0, 1, nil, []string{"image 0, pixel 5", "-Inf"}},
		{"bad option", good, 28, 28, nil, 0, 0, []Option{Size(-1, 5)}, []string{"Size(-1, 5)"}},
		{"too small", good, 28, 28, nil, 0, 0, []Option{Size(60, 60)}, []string{"Size(60, 60) is too small", "colour bar"}},
	} {
		_, err := WeightImages(tc.images, tc.rows, tc.cols, tc.labels, tc.gridCols, tc.limit, tc.opts...)
		wantErr(t, tc.name, err, tc.want...)
	}
}

func TestWeightColorIsWhiteAtZeroAndDarkAtTheLimits(t *testing.T) {
	for _, tc := range []struct {
		v, limit float64
		want     color.RGBA
	}{
		{0, 1, color.RGBA{0xff, 0xff, 0xff, 0xff}},
		{1, 1, weightStops[len(weightStops)-1]},
		{-3, 3, weightStops[0]},
		{5, 1, weightStops[len(weightStops)-1]},
		{-5, 1, weightStops[0]},
	} {
		if got := weightColor(tc.v, tc.limit); got != tc.want {
			t.Errorf("weightColor(%g, %g) = %v, want %v", tc.v, tc.limit, got, tc.want)
		}
	}
}
