package plot

import (
	"image"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestHistogramSharesPerBin(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	for _, tc := range []struct {
		name   string
		values []float32
		bins   int
		lo, hi float64
		want   []float64
	}{
		{"one bin per quarter", []float32{0.1, 0.3, 0.3, 0.6, 0.9, 0.95, 0.99, 0.8}, 4, 0, 1, []float64{0.125, 0.25, 0.125, 0.5}},
		{"edges go to the upper bin, hi to the last", []float32{0, 0.5, 1}, 2, 0, 1, []float64{1.0 / 3, 2.0 / 3}},
		{"outside values in the end bins", []float32{-5, -inf, 7, inf}, 3, -1, 1, []float64{0.5, 0, 0.5}},
		{"one bin", []float32{-1, 0, 2}, 1, 0, 1, []float64{1}},
		{"all in one bin", []float32{0.95, 0.96, 0.97}, 10, 0, 1, []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
		{"just below hi", []float32{math.Nextafter32(1, 0)}, 3, 0, 1, []float64{0, 0, 1}},
	} {
		got, err := histogram(tc.values, tc.bins, tc.lo, tc.hi)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		sum := 0.0
		for k := range got {
			sum += got[k]
			if len(got) != len(tc.want) || math.Abs(got[k]-tc.want[k]) > 1e-12 {
				t.Errorf("%s: histogram(%v, %d, %g, %g) = %v, want %v", tc.name, tc.values, tc.bins, tc.lo, tc.hi, got, tc.want)
				break
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("%s: shares sum to %g, want 1", tc.name, sum)
		}
	}
	_, err := histogram([]float32{0.5, 0.2, nan}, 4, 0, 1)
	wantErr(t, "NaN", err, "value 2 is NaN")
}

// sigmoidOutputs returns n values in [0, 1], most of them near 0 and 1.
func sigmoidOutputs(n int, seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 1))
	values := make([]float32, n)
	for i := range values {
		values[i] = float32(1 / (1 + math.Exp(-6*r.NormFloat64())))
	}
	return values
}

func TestHistogramsDecodeAtDefaultAndGivenSize(t *testing.T) {
	samples := []Sample{
		{Name: "layer 1", Values: sigmoidOutputs(10000, 1)},
		{Name: "layer 2", Values: sigmoidOutputs(5000, 2)},
	}
	for _, tc := range []struct {
		name          string
		opts          []Option
		width, height int
	}{
		{"histograms", []Option{Title("hidden outputs")}, 640, 400},
		{"histograms_sized", []Option{Size(500, 300), YLabel("share")}, 500, 300},
		{"histograms_log", []Option{LogY()}, 640, 400},
		{"histograms_log_range", []Option{LogY(), YRange(1e-4, 1)}, 640, 400},
	} {
		data, err := Histograms(samples, 50, 0, 1, "output", tc.opts...)
		img := decode(t, tc.name, data, err, tc.width, tc.height)
		for i := range samples {
			if !hasColor(img, img.Bounds(), palette[i]) {
				t.Errorf("%s: no pixel of sample colour %d", tc.name, i)
			}
		}
	}
}

func TestHistogramsDrawConcentratedSampleInItsBin(t *testing.T) {
	samples := []Sample{
		{Name: "high", Values: []float32{0.95, 0.91, 0.99}}, // Last bin of 10.
		{Name: "low", Values: []float32{0.01, 0.05, -3}},    // First bin.
	}
	for _, opts := range [][]Option{nil, {LogY()}} {
		name := "histograms_concentrated"
		if opts != nil {
			name += "_log"
		}
		data, err := Histograms(samples, 10, 0, 1, "output", opts...)
		img := decode(t, name, data, err, 640, 400)
		// Well above the baseline (y ≈ 345), where only the full bins
		// reach and below the legend, "high" is drawn in the right part of
		// the plot (bin 9 of 10) and "low" in the left part only (bin 0).
		band := func(x0, x1 float64) image.Rectangle { return image.Rect(int(x0*640), 200, int(x1*640), 320) }
		for _, c := range []struct {
			sample      int
			near, other image.Rectangle
		}{
			{0, band(0.7, 0.9), band(0, 0.7)},
			{1, band(0.05, 0.3), band(0.3, 1)},
		} {
			if !hasColor(img, c.near, palette[c.sample]) || hasColor(img, c.other, palette[c.sample]) {
				t.Errorf("LogY=%v: sample %q not drawn in its bin only (want colour in %v, none in %v)", opts != nil, samples[c.sample].Name, c.near, c.other)
			}
		}
	}
}

func TestHistogramsErrors(t *testing.T) {
	ok := []Sample{{Name: "a", Values: []float32{0.5}}}
	for _, tc := range []struct {
		name    string
		samples []Sample
		bins    int
		lo, hi  float64
		opts    []Option
		want    []string
	}{
		{"no samples", nil, 10, 0, 1, nil, []string{"plot: Histograms: no samples"}},
		{"no bins", ok, 0, 0, 1, nil, []string{"bins is 0, want at least 1"}},
		{"lo = hi", ok, 10, 1, 1, nil, []string{"range [1, 1]", "lo < hi"}},
		{"lo > hi", ok, 10, 1, 0, nil, []string{"range [1, 0]"}},
		{"infinite bound", ok, 10, 0, math.Inf(1), nil, []string{"range [0, +Inf]", "finite"}},
		{"NaN bound", ok, 10, math.NaN(), 1, nil, []string{"range [NaN, 1]"}},
		{"empty sample", []Sample{{Name: "a", Values: []float32{1}}, {Name: "b"}}, 10, 0, 1, nil, []string{`sample "b" has no values`}},
		{"NaN value", []Sample{{Name: "layer 2", Values: []float32{0, float32(math.NaN())}}}, 10, 0, 1, nil, []string{`sample "layer 2"`, "value 1 is NaN"}},
		{"log range from 0", ok, 10, 0, 1, []Option{LogY(), YRange(0, 1)}, []string{"YRange(0, 1) with LogY", "min > 0"}},
	} {
		_, err := Histograms(tc.samples, tc.bins, tc.lo, tc.hi, "x", tc.opts...)
		wantErr(t, tc.name, err, tc.want...)
	}
}

// The LogY option of the line figures is tested here too.

func TestLogYLinesDecodeAndRejectNonPositiveValues(t *testing.T) {
	grads := []Series{
		{Name: "layer 1", Y: []float64{3e-5, 1e-5, 4e-6}},
		{Name: "layer 2", Y: []float64{2e-2, 8e-3, 5e-3}},
	}
	data, err := LinesPlot("epoch", "gradient size", grads, LogY())
	img := decode(t, "lines_log", data, err, 640, 400)
	for i := range grads {
		if !hasColor(img, img.Bounds(), palette[i]) {
			t.Errorf("no pixel of series colour %d", i)
		}
	}
	data, err = LearningCurves(map[string][]float64{"loss": {0.3, 0.1}, "val_loss": {0.2, 0.15}}, LogY(), Size(400, 300))
	decode(t, "learning_curves_log", data, err, 400, 300)

	for _, tc := range []struct {
		name string
		err  func() error
		want []string
	}{
		{"zero in LinesPlot", func() error {
			_, err := LinesPlot("epoch", "", []Series{{Name: "g", Y: []float64{1, 0}}}, LogY())
			return err
		}, []string{"plot: LinesPlot", `"g"`, "is 0 at x=2", "log axis"}},
		{"negative in LearningCurves", func() error {
			_, err := LearningCurves(map[string][]float64{"delta": {-1}}, LogY())
			return err
		}, []string{"plot: LearningCurves", `"delta"`, "is -1 at x=1", "> 0"}},
		{"YRange from 0", func() error {
			_, err := LinesPlot("x", "y", grads, LogY(), YRange(0, 1))
			return err
		}, []string{"YRange(0, 1) with LogY"}},
	} {
		wantErr(t, tc.name, tc.err(), tc.want...)
	}
	// Without LogY, non-positive values are fine.
	if _, err := LinesPlot("epoch", "", []Series{{Name: "g", Y: []float64{1, 0, -1}}}); err != nil {
		t.Errorf("linear axis: %v", err)
	}
}

func TestLogTicksLabelPowersOfTen(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		want     string
	}{
		{1e-3, 1, "0.001 0.01 0.1 1"},
		{1e-7, 1, "1e-07 1e-06 1e-05 0.0001 0.001 0.01 0.1 1"},
		{1e-12, 10, "1e-12 1e-10 1e-08 1e-06 0.0001 0.01 1"},
		{0.02, 0.5, "0.02 0.05 0.1 0.2 0.5"},
		{1, 1000, "1 10 100 1000"},
		{0.03, 0.04, "0.030 0.032 0.034 0.036 0.038 0.040"},
	} {
		var labels []string
		for _, tick := range (logTicks{}).Ticks(tc.min, tc.max) {
			if tick.Value < tc.min*(1-1e-9) || tick.Value > tc.max*(1+1e-9) {
				t.Errorf("Ticks(%g, %g): tick %g out of range", tc.min, tc.max, tick.Value)
			}
			if tick.Label != "" {
				labels = append(labels, tick.Label)
			}
		}
		if got := strings.Join(labels, " "); got != tc.want {
			t.Errorf("logTicks.Ticks(%g, %g) labels %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
}

func BenchmarkHistogram(b *testing.B) {
	values := sigmoidOutputs(5_000_000, 3) // 10,000 test images × 500 units.
	b.SetBytes(4 * int64(len(values)))
	for b.Loop() {
		if _, err := histogram(values, 50, 0, 1); err != nil {
			b.Fatal(err)
		}
	}
}
