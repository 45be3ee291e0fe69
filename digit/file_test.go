package digit

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlgo/hello/digit/digittest"
)

// The handwritten-looking digit of testdata, used by notebook 04 too: MNIST test digit testdataIndex retraced
// with a pen, dark ink on paper. DIGIT_WRITE_TESTDATA=1 go test ./digit -run ReadFile writes it again.
const (
	testdataFile  = "testdata/seven.png"
	testdataIndex = 0 // a 7
	testdataDigit = 7
)

// handwritten renders MNIST test digit i as dark blue ink on off-white paper, 300×240 pixels, off centre.
func handwritten(t *testing.T, i int) image.Image {
	test, err := mnist()
	if err != nil {
		t.Skipf("MNIST: %v", err)
	}
	strokes := digittest.Strokes(test.Image(i), Size, 8)
	for _, s := range strokes {
		for j := range s {
			s[j] = s[j].Add(image.Pt(90, 10))
		}
	}
	ink := digittest.Render(strokes, 300, 240, 14)
	paper, pen := color.RGBA{250, 247, 238, 255}, color.RGBA{25, 35, 110, 255}
	img := image.NewRGBA(ink.Rect)
	for y := range ink.Rect.Dy() {
		for x := range ink.Rect.Dx() {
			a := float64(ink.Pix[y*ink.Stride+x]) / 255
			mix := func(p, q uint8) uint8 { return uint8(float64(p)*(1-a) + float64(q)*a) }
			img.SetRGBA(x, y, color.RGBA{mix(paper.R, pen.R), mix(paper.G, pen.G), mix(paper.B, pen.B), 255})
		}
	}
	return img
}

func TestReadFile(t *testing.T) {
	if os.Getenv("DIGIT_WRITE_TESTDATA") == "1" {
		var buf bytes.Buffer
		if err := png.Encode(&buf, handwritten(t, testdataIndex)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(testdataFile, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	reader := quickModel(t)
	got, err := reader.ReadFile(testdataFile)
	if err != nil {
		t.Fatal(err)
	}
	if got.Digit != testdataDigit {
		t.Errorf("%s: read %d (probabilities %.2f), want %d", testdataFile, got.Digit, got.Probabilities, testdataDigit)
	}
	if len(got.Image) != Size*Size || got.Image[0] != 0 {
		t.Errorf("the image the model saw is not white on black, %dx%d", Size, Size)
	}

	// The same picture as a JPEG.
	img, err := DecodeFile(testdataFile)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "seven.jpg")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := reader.ReadFile(path); err != nil || got.Digit != testdataDigit {
		t.Errorf("%s: read %d, %v; want %d", path, got.Digit, err, testdataDigit)
	}
}

func TestReadFileErrors(t *testing.T) {
	reader := NewReader(nil, 1)
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not an image"), 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		filepath.Join(dir, "missing.png"): "no such file",
		text:                              "want a PNG or JPEG file",
	} {
		if _, err := reader.ReadFile(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadFile(%s): got %v, want an error saying %q", path, err, want)
		}
	}
	if _, err := reader.ReadMNIST(make([]uint8, Size*Size)); err == nil || !strings.Contains(err.Error(), "NewReader") {
		t.Errorf("a Reader without a model: got %v, want an error saying to use NewReader", err)
	}
}
