package plot

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gplot "gonum.org/v1/plot"
)

// decode decodes a figure, checks its size and that it is not blank, and
// saves it under $PLOT_TEST_OUT if set, to look at.
func decode(t *testing.T, name string, data []byte, err error, width, height int) image.Image {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if dir := os.Getenv("PLOT_TEST_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+".png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: PNG does not decode: %v", name, err)
	}
	if b := img.Bounds(); b.Dx() != width || b.Dy() != height {
		t.Errorf("%s: image is %d×%d pixels, want %d×%d", name, b.Dx(), b.Dy(), width, height)
	}
	if n := countColors(img, img.Bounds()); n < 2 {
		t.Errorf("%s: image has %d distinct colours, want a drawing", name, n)
	}
	return img
}

// countColors counts the distinct colours of img in r.
func countColors(img image.Image, r image.Rectangle) int {
	seen := map[color.RGBA64]bool{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			seen[color.RGBA64Model.Convert(img.At(x, y)).(color.RGBA64)] = true
		}
	}
	return len(seen)
}

// gray returns the luminance of img at (x, y), in 0..255.
func gray(img image.Image, x, y int) uint8 {
	return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
}

// hasColor reports whether some pixel of img in r is close to c.
func hasColor(img image.Image, r image.Rectangle, c color.RGBA) bool {
	near := func(a uint32, b uint8) bool { return math.Abs(float64(a>>8)-float64(b)) <= 8 }
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr, c.R) && near(pg, c.G) && near(pb, c.B) {
				return true
			}
		}
	}
	return false
}

// hasDarkText reports whether img has near-black pixels in r (text, axes).
func hasDarkText(img image.Image, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if gray(img, x, y) < 60 {
				return true
			}
		}
	}
	return false
}

// wantErr checks that err is not nil and its message has all the parts.
func wantErr(t *testing.T, name string, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want one mentioning %q", name, parts)
		return
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q does not mention %q", name, err, p)
		}
	}
}

func TestLearningCurves(t *testing.T) {
	hist := map[string][]float64{
		"loss":         {0.30, 0.14, 0.10, 0.08, 0.06},
		"val_loss":     {0.16, 0.12, 0.10, 0.09, 0.09},
		"accuracy":     {0.91, 0.96, 0.97, 0.98, 0.98},
		"val_accuracy": {0.95, 0.96, 0.97, 0.97, 0.98},
	}
	data, err := LearningCurves(hist, Title("training"))
	img := decode(t, "learning_curves", data, err, 640, 400)
	// Both colours of the palette used for the two metrics are drawn.
	for i := range 2 {
		if !hasColor(img, img.Bounds(), palette[i]) {
			t.Errorf("no pixel of series colour %d (%v)", i, palette[i])
		}
	}
	if hasColor(img, img.Bounds(), palette[2]) {
		t.Errorf("colour of a third series drawn, want val_ series to share their metric's colour")
	}
	// Text (title, labels) is drawn at the top.
	if !hasDarkText(img, image.Rect(0, 0, 640, 30)) {
		t.Errorf("no title text at the top")
	}

	// Same input, same image.
	again, err := LearningCurves(hist, Title("training"))
	if err != nil || !bytes.Equal(data, again) {
		t.Errorf("LearningCurves is not deterministic (err %v)", err)
	}

	data, err = LearningCurves(map[string][]float64{"loss": {0.5}}, Size(300, 200))
	decode(t, "learning_curves_one_epoch", data, err, 300, 200)

	_, err = LearningCurves(nil)
	wantErr(t, "no series", err, "plot: LearningCurves", "no series")
	_, err = LearningCurves(map[string][]float64{"loss": {}})
	wantErr(t, "empty series", err, `"loss"`, "empty")
	_, err = LearningCurves(map[string][]float64{"loss": {1, math.NaN()}})
	wantErr(t, "NaN", err, `"loss"`, "NaN", "x=2")
	_, err = LearningCurves(hist, Size(0, 10))
	wantErr(t, "bad size", err, "Size(0, 10)")
	_, err = LearningCurves(hist, YRange(1, 0))
	wantErr(t, "bad range", err, "YRange(1, 0)")
}

func TestLinesPlot(t *testing.T) {
	series := []Series{
		{Name: "sigmoid acc", Y: []float64{0.90, 0.93, 0.95}},
		{Name: "relu acc", Y: []float64{0.94, 0.97, 0.98}},
	}
	data, err := LinesPlot("epoch", "test accuracy", series, YRange(0.85, 1), Size(500, 300))
	decode(t, "lines", data, err, 500, 300)

	_, err = LinesPlot("x", "y", nil)
	wantErr(t, "no series", err, "plot: LinesPlot", "no series")
	_, err = LinesPlot("x", "y", []Series{{Name: "a", X: []float64{1, 2}, Y: []float64{1, 2, 3}}})
	wantErr(t, "mismatched lengths", err, `"a"`, "2 x values and 3 y values")
}

func TestFunction(t *testing.T) {
	sigmoid := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	dsigmoid := func(x float64) float64 { s := sigmoid(x); return s * (1 - s) }
	xs := Linspace(-6, 6, 121)
	if len(xs) != 121 || xs[0] != -6 || xs[120] != 6 || xs[60] != 0 {
		t.Fatalf("Linspace(-6, 6, 121) = %v...", xs[:3])
	}
	data, err := Function("sigmoid", xs, sigmoid, dsigmoid)
	img := decode(t, "function", data, err, 480, 340)
	for i := range 2 {
		if !hasColor(img, img.Bounds(), palette[i]) {
			t.Errorf("no pixel of line colour %d", i)
		}
	}
	relu := func(x float64) float64 { return math.Max(0, x) }
	data, err = Function("relu", xs, relu, nil)
	img = decode(t, "function_no_derivative", data, err, 480, 340)
	if hasColor(img, img.Bounds(), palette[1]) {
		t.Errorf("derivative drawn, want f alone when df is nil")
	}

	_, err = Function("log", []float64{-1, 1}, math.Log, nil)
	wantErr(t, "NaN", err, "plot: Function", "NaN", "x=-1")
	_, err = Function("f", []float64{1}, relu, nil)
	wantErr(t, "one point", err, "at least 2")
	_, err = Function("f", xs, nil, nil)
	wantErr(t, "nil f", err, "f is nil")
}

func TestBars(t *testing.T) {
	names := []string{"sigmoid", "tanh", "relu", "gelu"}
	data, err := Bars(names, []float64{0.9712, 0.9755, 0.9801, 0.9809}, "test accuracy")
	img := decode(t, "bars", data, err, 480, 340)
	for i := range names {
		if !hasColor(img, img.Bounds(), palette[i]) {
			t.Errorf("no pixel of bar colour %d", i)
		}
	}
	data, err = Bars([]string{"a", "b"}, []float64{-1, 2}, "", YRange(-2, 3))
	decode(t, "bars_negative", data, err, 480, 340)

	_, err = Bars(names, []float64{1, 2}, "")
	wantErr(t, "mismatched lengths", err, "plot: Bars", "4 names but 2 values")
	_, err = Bars(nil, nil, "")
	wantErr(t, "no bars", err, "no bars")
	_, err = Bars([]string{"a"}, []float64{math.Inf(1)}, "")
	wantErr(t, "Inf", err, "+Inf", `"a"`)
}

func TestProbabilities(t *testing.T) {
	probs := []float64{0.01, 0, 0.02, 0.9, 0, 0.05, 0, 0.02, 0, 0}
	data, err := Probabilities(probs, nil, Title("test digit 0"))
	img := decode(t, "probabilities", data, err, 360, 220)
	if !hasColor(img, img.Bounds(), palette[1]) || !hasColor(img, img.Bounds(), palette[0]) {
		t.Errorf("want the most probable class in orange and the others in blue")
	}

	_, err = Probabilities(probs, []string{"a", "b"})
	wantErr(t, "names mismatch", err, "plot: Probabilities", "2 class names but 10 probabilities")
	_, err = Probabilities([]float64{0.5, 1.5}, nil)
	wantErr(t, "out of range", err, `"1"`, "1.5", "[0, 1]")
	_, err = Probabilities(nil, nil)
	wantErr(t, "empty", err, "no probabilities")
}

func TestConfusionMatrix(t *testing.T) {
	m := make([][]int, 10)
	for i := range m {
		m[i] = make([]int, 10)
		m[i][i] = 950 + 3*i
		m[i][(i+3)%10] = i
	}
	data, err := ConfusionMatrix(m, nil, Title("test set"))
	img := decode(t, "confusion", data, err, 520, 480)
	// The darkest blue (largest counts) and light blues are both present.
	if !hasColor(img, img.Bounds(), bluesStops[len(bluesStops)-1]) {
		t.Errorf("no cell in the darkest blue")
	}
	if !hasColor(img, img.Bounds(), bluesStops[0]) {
		t.Errorf("no cell in the lightest blue (zero count)")
	}
	// The darkest cells run along the diagonal from top left to bottom
	// right: the top-left cell is darker than the top-right one.
	dark := bluesStops[len(bluesStops)-1]
	b := img.Bounds()
	left := image.Rect(b.Dx()/6, b.Dy()/12, b.Dx()/3, b.Dy()/4)
	right := image.Rect(b.Dx()*3/4, b.Dy()/12, b.Dx()*9/10, b.Dy()/4)
	if !hasColor(img, left, dark) || hasColor(img, right, dark) {
		t.Errorf("diagonal not from top left to bottom right")
	}

	data, err = ConfusionMatrix([][]int{{0, 0}, {0, 0}}, []string{"cat", "dog"}, Size(200, 200))
	decode(t, "confusion_zero", data, err, 200, 200)

	_, err = ConfusionMatrix([][]int{{1, 2}, {3}}, nil)
	wantErr(t, "not square", err, "plot: ConfusionMatrix", "row 1 has 1 counts, want 2", "square")
	_, err = ConfusionMatrix([][]int{{1, 2, 3}, {3, 4, 5}}, nil)
	wantErr(t, "not square", err, "row 0 has 3 counts, want 2")
	_, err = ConfusionMatrix(m, []string{"a"})
	wantErr(t, "names mismatch", err, "1 class names for a 10×10 matrix")
	_, err = ConfusionMatrix([][]int{{-1}}, nil)
	wantErr(t, "negative", err, "m[0][0] is -1")
	_, err = ConfusionMatrix(nil, nil)
	wantErr(t, "empty", err, "empty matrix")
}

// testDigits returns n 28×28 images: image 0 white on its left half, image
// 1 white on its top half, the others black except for a white square in
// the middle.
func testDigits(n int) []uint8 {
	const side = 28
	images := make([]uint8, n*side*side)
	for i := range n {
		img := images[i*side*side : (i+1)*side*side]
		for y := range side {
			for x := range side {
				var on bool
				switch i {
				case 0:
					on = x < side/2
				case 1:
					on = y < side/2
				default:
					on = x >= 10 && x < 18 && y >= 10 && y < 18
				}
				if on {
					img[y*side+x] = 255
				}
			}
		}
	}
	return images
}

func TestDigits(t *testing.T) {
	const n = 7
	images := testDigits(n)
	labels := []string{"left", "top", "pred 7 / true 2 (0.98)", "3", "4", "5", "6"}
	for _, tc := range []struct {
		name string
		opts []Option
	}{
		{"digits", []Option{Title("digits")}},
		{"digits_sized", []Option{Size(300, 250)}},
	} {
		cfg, err := newConfig("Digits", 0, 0, "", tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		lay, err := layoutDigits(n, 28, 28, labels, 3, cfg)
		if err != nil {
			t.Fatal(err)
		}
		data, err := Digits(images, 28, 28, labels, 3, tc.opts...)
		img := decode(t, tc.name, data, err, lay.width, lay.height)

		bounds := img.Bounds()
		for i, r := range lay.images {
			if !r.In(bounds) {
				t.Fatalf("%s: image %d at %v is outside the figure %v", tc.name, i, r, bounds)
			}
			for _, s := range lay.images[:i] {
				if r.Overlaps(s) {
					t.Fatalf("%s: images overlap: %v and %v", tc.name, s, r)
				}
			}
		}
		// 3 columns: images 0, 1, 2 on the first row, left to right.
		if !(lay.images[0].Max.X <= lay.images[1].Min.X && lay.images[1].Min.Y == lay.images[0].Min.Y && lay.images[3].Min.Y >= lay.images[0].Max.Y) {
			t.Errorf("%s: grid is not filled row by row: %v", tc.name, lay.images)
		}

		// at returns the luminance at fractions (fx, fy) of image i.
		at := func(i int, fx, fy float64) uint8 {
			r := lay.images[i]
			return gray(img, r.Min.X+int(fx*float64(r.Dx())), r.Min.Y+int(fy*float64(r.Dy())))
		}
		check := func(what string, got uint8, bright bool) {
			if bright && got < 250 || !bright && got > 5 {
				t.Errorf("%s: %s has luminance %d, want bright=%v", tc.name, what, got, bright)
			}
		}
		check("image 0 left", at(0, 0.25, 0.5), true)
		check("image 0 right", at(0, 0.75, 0.5), false)
		check("image 1 top", at(1, 0.5, 0.25), true)
		check("image 1 bottom", at(1, 0.5, 0.75), false)
		for i := 2; i < n; i++ {
			check("centre of image", at(i, 0.5, 0.5), true)
			check("corner of image", at(i, 0.1, 0.1), false)
		}
		// Captions are drawn above the images.
		r := lay.images[3]
		if !hasDarkText(img, image.Rect(r.Min.X, r.Min.Y-lay.captionH, r.Max.X, r.Min.Y)) {
			t.Errorf("%s: no caption above image 3", tc.name)
		}
	}

	// Without labels: no captions, automatic grid.
	data, err := Digits(images, 28, 28, nil, 0)
	decode(t, "digits_no_labels", data, err, 3*(84+12), 3*(84+12))

	_, err = Digits(make([]uint8, 100), 28, 28, nil, 5)
	wantErr(t, "bad length", err, "plot: Digits: images has 100 bytes, want a multiple of 28*28=784")
	_, err = Digits(images, 28, 28, []string{"a"}, 5)
	wantErr(t, "labels mismatch", err, "1 labels for 7 images")
	_, err = Digits(nil, 28, 28, nil, 5)
	wantErr(t, "empty", err, "no images")
	_, err = Digits(images, 0, 28, nil, 5)
	wantErr(t, "bad size", err, "0×28")
	_, err = Digits(images, 28, 28, nil, -1)
	wantErr(t, "bad gridCols", err, "gridCols is -1")
	_, err = Digits(images, 28, 28, labels, 3, Size(20, 20))
	wantErr(t, "too small", err, "too small")
}

func TestHTMLTable(t *testing.T) {
	got := HTMLTable([]string{"activation", "acc<1>"}, [][]string{{"relu", "0.98"}, {"<script>", "a&b"}})
	for _, want := range []string{"<th>activation</th>", "<th>acc&lt;1&gt;</th>", "<td>relu</td>", "<td>&lt;script&gt;</td>", "<td>a&amp;b</td>"} {
		if !strings.Contains(got, want) {
			t.Errorf("HTMLTable output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<script>") {
		t.Errorf("HTMLTable did not escape <script>:\n%s", got)
	}
	if strings.Contains(HTMLTable(nil, nil), "<thead>") {
		t.Errorf("HTMLTable(nil, nil) has a header")
	}
}

func TestNiceTicks(t *testing.T) {
	labels := func(ticks []gplot.Tick) string {
		var s []string
		for _, t := range ticks {
			s = append(s, t.Label)
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct {
		min, max float64
		integer  bool
		want     string
	}{
		{0.85, 1, false, "0.85 0.90 0.95 1.00"},
		{0.04, 0.98, false, "0.2 0.4 0.6 0.8"},
		{-6, 6, false, "-6 -4 -2 0 2 4 6"},
		{-0.3, 0.3, false, "-0.3 -0.2 -0.1 0.0 0.1 0.2 0.3"},
		{1, 5, true, "1 2 3 4 5"},
		{1, 3, true, "1 2 3"},
		{1, 20, true, "5 10 15 20"},
	} {
		if got := labels(niceTicks{integer: tc.integer}.Ticks(tc.min, tc.max)); got != tc.want {
			t.Errorf("niceTicks{%v}.Ticks(%g, %g) = %q, want %q", tc.integer, tc.min, tc.max, got, tc.want)
		}
	}
}

func TestTrainingNamePairsValidationSeries(t *testing.T) {
	for name, want := range map[string]string{
		"loss": "loss", "val_loss": "loss", "run 1: val_accuracy": "run 1: accuracy",
		"run 1: accuracy": "run 1: accuracy", "sigmoid": "sigmoid", "a: b: val_c": "a: b: c",
	} {
		if got := trainingName(name); got != want {
			t.Errorf("trainingName(%q) = %q, want %q", name, got, want)
		}
	}
}
