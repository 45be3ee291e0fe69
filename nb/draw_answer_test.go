package nb

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/digit"
	"github.com/dlgo/hello/mlp"
)

// hiddenReader returns a reader whose untrained model has two hidden layers as notebook 04's V4 model has (128
// relu units, dropout, twice), or, with sigmoid, Hello World's (500 sigmoid units, twice).
func hiddenReader(t testing.TB, sigmoid bool) *digit.Reader {
	t.Helper()
	mlp.SetBackendNotice(nil)
	mlp.SetRandomSeed(1)
	layers := []mlp.Layer{mlp.Dense(128, mlp.InputDim(digit.Size*digit.Size)), mlp.Activation("relu"), mlp.Dropout(0.3),
		mlp.Dense(128), mlp.Activation("relu"), mlp.Dropout(0.3), mlp.Dense(10), mlp.Activation("softmax")}
	if sigmoid {
		layers = []mlp.Layer{mlp.Dense(500, mlp.InputDim(digit.Size*digit.Size)), mlp.Activation("sigmoid"),
			mlp.Dense(500), mlp.Activation("sigmoid"), mlp.Dense(10), mlp.Activation("softmax")}
	}
	model := mlp.NewSequential(layers...)
	if err := model.Compile(mlp.Loss("categorical_crossentropy"), mlp.SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	return digit.NewReader(model, 1.0/255)
}

// barPixels returns the base64 canvas of a white bar on the black board, vertical or horizontal.
func barPixels(vertical bool) string {
	pix := make([]uint8, boardSide*boardSide)
	for a := 60; a < 220; a++ {
		for b := 130; b < 150; b++ {
			if vertical {
				pix[a*boardSide+b] = 255
			} else {
				pix[b*boardSide+a] = 255
			}
		}
	}
	return base64.StdEncoding.EncodeToString(pix)
}

var layerImg = regexp.MustCompile(`<img alt="([^"]*)" class="nbdraw-layer" src="data:image/png;base64,([^"]*)">`)

// layerImages returns the alt texts and the PNGs of the heat maps of an answer.
func layerImages(t *testing.T, answer string) (alts []string, pngs []string) {
	t.Helper()
	for _, m := range layerImg.FindAllStringSubmatch(answer, -1) {
		alts = append(alts, m[1])
		pngs = append(pngs, m[2])
	}
	return alts, pngs
}

func TestAnswerShowsTheHiddenLayers(t *testing.T) {
	for _, c := range []struct {
		name    string
		sigmoid bool
		alts    []string
	}{
		{"V4", false, []string{"activation_1 (relu): the output of each of its 128 units",
			"activation_2 (relu): the output of each of its 128 units"}},
		{"Hello World", true, []string{"activation_1 (sigmoid): the output of each of its 500 units, from dark (0) to bright (1)",
			"activation_2 (sigmoid): the output of each of its 500 units, from dark (0) to bright (1)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			reader := hiddenReader(t, c.sigmoid)
			var answers [2]string
			var maps [2][]string
			for i, vertical := range []bool{true, false} {
				start := time.Now()
				answers[i] = readingHTML(reader, "3", barPixels(vertical))
				t.Logf("%s: answer in %v (%d bytes)", c.name, time.Since(start).Round(100*time.Microsecond), len(answers[i]))
				if !strings.HasPrefix(answers[i], `<div class="nbdraw-answer" data-stroke="3" style="flex-wrap: wrap">`) {
					t.Fatalf("the answer starts %.100q, want the answer's div with its stroke number", answers[i])
				}
				if n := strings.Count(answers[i], `class="nbdraw-layers"`); n != 1 ||
					!strings.Contains(answers[i], "inside the network") {
					t.Errorf("%d panels of hidden layers titled 'inside the network', want 1", n)
				}
				var alts []string
				alts, maps[i] = layerImages(t, answers[i])
				if len(alts) != len(c.alts) {
					t.Fatalf("%d heat maps, want one per hidden layer, %d: %q", len(alts), len(c.alts), alts)
				}
				for k, alt := range alts {
					if !strings.HasPrefix(alt, c.alts[k]) {
						t.Errorf("heat map %d: alt text %q, want %q…", k, alt, c.alts[k])
					}
					data, err := base64.StdEncoding.DecodeString(maps[i][k])
					if err != nil {
						t.Fatal(err)
					}
					img, err := png.Decode(bytes.NewReader(data))
					if err != nil {
						t.Fatalf("heat map %d does not decode: %v", k, err)
					}
					if w := img.Bounds().Dx(); w != 250 {
						t.Errorf("heat map %d is %d pixels wide, want 250", k, w)
					}
				}
			}
			for k := range maps[0] {
				if maps[0][k] == maps[1][k] {
					t.Errorf("heat map %d is the same for a vertical and a horizontal bar", k)
				}
			}
		})
	}
}

func TestAnswerWithoutHiddenLayers(t *testing.T) {
	answer := readingHTML(testReader(t), "1", barPixels(true))
	if strings.Contains(answer, "nbdraw-layer") || strings.Count(answer, "data:image/png;base64,") != 2 {
		t.Errorf("a model without hidden layers: the answer has a panel of hidden layers or %d images, want 2: %.300q",
			strings.Count(answer, "data:image/png;base64,"), answer)
	}
}

func TestLayerRange(t *testing.T) {
	for _, c := range []struct {
		activation string
		values     []float32
		lo, hi     float64
	}{
		{"sigmoid", []float32{0.2, 0.3}, 0, 1},
		{"hard_sigmoid", []float32{0.2}, 0, 1},
		{"softmax", []float32{0.9, 0.1}, 0, 1},
		{"tanh", []float32{-0.5, 0.2}, -1, 1},
		{"relu", []float32{0, 2.5, 4}, 0, 4},
		{"relu", []float32{1, 2}, 0, 2},
		{"relu", []float32{0, 0}, 0, 1}, // no unit active
		{"elu", []float32{-0.5, 3}, -0.5, 3},
		{"linear", []float32{2, 2}, 2, 3},
	} {
		if lo, hi := layerRange(c.activation, c.values); lo != c.lo || hi != c.hi {
			t.Errorf("layerRange(%q, %v) = [%g, %g], want [%g, %g]", c.activation, c.values, lo, hi, c.lo, c.hi)
		}
	}
}

// BenchmarkReadingHTML measures the answer to a stroke without the page: reading the canvas with notebook 04's
// model shape, and drawing the answer's figures.
func BenchmarkReadingHTML(b *testing.B) {
	for _, sigmoid := range []bool{false, true} {
		name := map[bool]string{false: "V4", true: "HelloWorld"}[sigmoid]
		b.Run(name, func(b *testing.B) {
			reader := hiddenReader(b, sigmoid)
			pixels := barPixels(true)
			for b.Loop() {
				readingHTML(reader, "1", pixels)
			}
		})
	}
}
