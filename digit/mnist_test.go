package digit

import (
	"errors"
	"image"
	"image/color"
	"strings"
	"testing"
)

// bar returns a w×h black image with a white rectangle r.
func bar(w, h int, r image.Rectangle, ink, background uint8) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := background
			if image.Pt(x, y).In(r) {
				v = ink
			}
			g.SetGray(x, y, color.Gray{Y: v})
		}
	}
	return g
}

// box returns the bounding box of the non-zero pixels of an MNIST image.
func box(pix []uint8) image.Rectangle {
	r := image.Rectangle{Min: image.Pt(Size, Size)}
	for y := range Size {
		for x := range Size {
			if pix[y*Size+x] > 0 {
				r.Min.X, r.Min.Y = min(r.Min.X, x), min(r.Min.Y, y)
				r.Max.X, r.Max.Y = max(r.Max.X, x+1), max(r.Max.Y, y+1)
			}
		}
	}
	return r
}

func centreOfMass(pix []uint8) (float64, float64) {
	var sum, sx, sy float64
	for y := range Size {
		for x := range Size {
			v := float64(pix[y*Size+x])
			sum += v
			sx += v * (float64(x) + 0.5)
			sy += v * (float64(y) + 0.5)
		}
	}
	return sx / sum, sy / sum
}

func TestMNISTScalesIntoTheBoxKeepingTheAspectRatio(t *testing.T) {
	// A tall bar, off centre in a large image: 40 wide, 200 high.
	pix, err := MNIST(bar(300, 280, image.Rect(10, 50, 50, 250), 255, 0))
	if err != nil {
		t.Fatal(err)
	}
	b := box(pix)
	if b.Dy() != Box {
		t.Errorf("the bar is %d pixels high, want %d (the box)", b.Dy(), Box)
	}
	if b.Dx() < 4 || b.Dx() > 6 {
		t.Errorf("the bar is %d pixels wide, want about 4 (200:40 = 20:4)", b.Dx())
	}
	cx, cy := centreOfMass(pix)
	if cx < 14 || cx > 15 || cy < 14 || cy > 15 {
		t.Errorf("the centre of mass is at (%.2f, %.2f), want within half a pixel of (14.5, 14.5), the centre of pixel (14, 14)", cx, cy)
	}
}

func TestMNISTInvertsDarkOnLight(t *testing.T) {
	light, err := MNIST(bar(100, 100, image.Rect(20, 10, 60, 90), 255, 0))
	if err != nil {
		t.Fatal(err)
	}
	dark, err := MNIST(bar(100, 100, image.Rect(20, 10, 60, 90), 0, 255))
	if err != nil {
		t.Fatal(err)
	}
	if string(light) != string(dark) {
		t.Errorf("dark ink on white and white ink on black give different digits")
	}
	if light[14*Size+14] < 200 || light[0] != 0 {
		t.Errorf("want white ink (centre %d) on black (corner %d)", light[14*Size+14], light[0])
	}
}

func TestMNISTNoInk(t *testing.T) {
	for name, img := range map[string]image.Image{
		"black": image.NewGray(image.Rect(0, 0, 50, 50)),
		"white": bar(50, 50, image.Rectangle{}, 0, 255),
		"empty": image.NewGray(image.Rectangle{}),
	} {
		if _, err := MNIST(img); !errors.Is(err, ErrNoInk) {
			t.Errorf("%s: got %v, want ErrNoInk", name, err)
		}
	}
}

func TestFromGray(t *testing.T) {
	if _, err := FromGray(make([]uint8, 10), 4, 4); err == nil || !strings.Contains(err.Error(), "want 16") {
		t.Errorf("10 pixels for 4x4: got %v, want an error saying 16", err)
	}
	if _, err := FromGray(nil, 0, 4); err == nil {
		t.Errorf("width 0: no error")
	}
	g, err := FromGray([]uint8{1, 2, 3, 4, 5, 6}, 3, 2)
	if err != nil || g.GrayAt(2, 1).Y != 6 {
		t.Errorf("FromGray: %v, pixel (2, 1) = %v, want 6", err, g.GrayAt(2, 1).Y)
	}
}
