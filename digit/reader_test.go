package digit

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/image/draw"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/digit/digittest"
	"github.com/dlgo/hello/mlp"
)

// agreementDigits is how many MNIST test digits the agreement tests use.
const agreementDigits = 1000

// minAgreement is the share of those digits whose prediction MNIST must keep.
const minAgreement = 0.95

var mnist = sync.OnceValues(func() (*datasets.Set, error) {
	_, test, err := datasets.LoadMNIST()
	if err != nil {
		return nil, err
	}
	return test.Slice(0, agreementDigits), nil
})

// quickModel trains a small model on 10,000 MNIST training digits for 3 epochs (seconds), seeded: inputs in [0, 1].
// The tests share it.
func quickModel(t *testing.T) *Reader {
	t.Helper()
	quick.Do(func() { quick.reader, quick.err = trainQuickModel() })
	if quick.err != nil {
		t.Fatal(quick.err)
	}
	return quick.reader
}

var quick struct {
	sync.Once
	reader *Reader
	err    error
}

func trainQuickModel() (*Reader, error) {
	train, _, err := datasets.LoadMNIST()
	if err != nil {
		return nil, err
	}
	train = train.Slice(0, 10000)
	mlp.SetBackendNotice(nil)
	mlp.SetRandomSeed(1)
	model := mlp.NewSequential(mlp.Dense(128, mlp.InputDim(Size*Size)), mlp.Activation("relu"),
		mlp.Dense(10), mlp.Activation("softmax"))
	if err := model.Compile(mlp.Loss("categorical_crossentropy"), mlp.Adam(0.001), mlp.Metrics("accuracy")); err != nil {
		return nil, err
	}
	if _, err := model.Fit(train.Scaled(), train.OneHot(), mlp.Epochs(3), mlp.BatchSize(100), mlp.Verbose(0)); err != nil {
		return nil, err
	}
	return NewReader(model, 1.0/255), nil
}

// upscaled returns the MNIST digit pix ten times larger and slightly blurred, as a camera or a thick pen would
// show it.
func upscaled(pix []uint8) image.Image {
	small := &image.Gray{Pix: pix, Stride: Size, Rect: image.Rect(0, 0, Size, Size)}
	big := image.NewGray(image.Rect(0, 0, 10*Size, 10*Size))
	draw.BiLinear.Scale(big, big.Rect, small, small.Rect, draw.Src, nil)
	// A 3×3 box blur.
	out := image.NewGray(big.Rect)
	const r = 1
	for y := range big.Rect.Dy() {
		for x := range big.Rect.Dx() {
			sum, n := 0, 0
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					if p := image.Pt(x+dx, y+dy); p.In(big.Rect) {
						sum += int(big.Pix[p.Y*big.Stride+p.X])
						n++
					}
				}
			}
			out.Pix[y*out.Stride+x] = uint8(sum / n)
		}
	}
	return out
}

// agreement returns the share of the test digits, upscaled and blurred then turned back into MNIST digits, that
// reader reads as it reads the originals.
func agreement(t *testing.T, reader *Reader, test *datasets.Set) float64 {
	t.Helper()
	same := 0
	for i := range test.Count {
		orig, err := reader.ReadMNIST(test.Image(i))
		if err != nil {
			t.Fatal(err)
		}
		got, err := reader.Read(upscaled(test.Image(i)))
		if err != nil {
			t.Fatalf("digit %d: %v", i, err)
		}
		if got.Digit == orig.Digit {
			same++
		}
	}
	return float64(same) / float64(test.Count)
}

// strokeAccuracy returns the share of the test digits, retraced as pen strokes (their skeletons drawn with a round
// pen on a 280×280 canvas, as a learner draws in notebook 04), that reader reads as their labels.
func strokeAccuracy(t *testing.T, reader *Reader, test *datasets.Set) float64 {
	t.Helper()
	right := 0
	for i := range test.Count {
		img := digittest.Render(digittest.Strokes(test.Image(i), Size, 10), 10*Size, 10*Size, 20)
		got, err := reader.Read(img)
		if err != nil {
			t.Fatalf("digit %d: %v", i, err)
		}
		if got.Digit == int(test.Labels[i]) {
			right++
		}
	}
	return float64(right) / float64(test.Count)
}

// TestMNISTKeepsPredictions checks that MNIST undoes upscaling and blurring: a model trained here reads at least
// 95 % of 1,000 MNIST test digits, upscaled ×10 and blurred, as it reads the originals. It also prints how well it
// reads the digits retraced as pen strokes.
func TestMNISTKeepsPredictions(t *testing.T) {
	test, err := mnist()
	if err != nil {
		t.Skipf("MNIST: %v", err)
	}
	reader := quickModel(t)
	a := agreement(t, reader, test)
	t.Logf("%d MNIST test digits upscaled ×10 and blurred: %.1f %% read as the originals", test.Count, 100*a)
	fmt.Printf("digit: agreement with the originals: %.1f %% (quick model, %d digits)\n", 100*a, test.Count)
	if a < minAgreement {
		t.Errorf("agreement %.3f, want at least %.2f", a, minAgreement)
	}
	s := strokeAccuracy(t, reader, test)
	fmt.Printf("digit: digits retraced as strokes read right: %.1f %% (quick model)\n", 100*s)
	if s < 0.8 {
		t.Errorf("retraced digits read right: %.3f, want at least 0.8", s)
	}
}

// TestNotebookModels measures the models the notebooks save, when they are in notebooks/ (run notebooks 01 and
// 03 first): the agreement of TestMNISTKeepsPredictions, and how many digits retraced as strokes they read right.
// Notebook 04 uses the model that reads the strokes best.
func TestNotebookModels(t *testing.T) {
	test, err := mnist()
	if err != nil {
		t.Skipf("MNIST: %v", err)
	}
	for _, m := range []struct {
		file  string
		scale float32
	}{{"hello-world.model", 1}, {"chapter1-v4-adam.model", 1.0 / 255}} {
		t.Run(m.file, func(t *testing.T) {
			path := filepath.Join("..", "notebooks", m.file)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("%s: not saved yet (notebooks 01 and 03 save it)", path)
			}
			mlp.SetBackendNotice(nil)
			model, err := mlp.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			reader := NewReader(model, m.scale)
			a := agreement(t, reader, test)
			s := strokeAccuracy(t, reader, test)
			fmt.Printf("digit: %s: agreement %.1f %%, retraced strokes read right %.1f %%\n", m.file, 100*a, 100*s)
			if a < minAgreement {
				t.Errorf("agreement %.3f, want at least %.2f", a, minAgreement)
			}
		})
	}
}
