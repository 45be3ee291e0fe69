package digit

import (
	"errors"
	"fmt"
	"image"
	"math"

	"golang.org/x/image/draw"
)

// Size is the side of an MNIST image, in pixels; Box is the side of the box
// the digit is scaled into, centred in the Size×Size field.
const (
	Size = 28
	Box  = 20
)

// ErrNoInk is returned for an image without a digit: blank, or of one
// colour.
var ErrNoInk = errors.New("digit: the image holds no digit (no pixel stands out from the background)")

// inkLevel is the fraction of the darkest-to-brightest range above which a
// pixel counts as ink when cropping to the digit.
const inkLevel = 0.25

// MNIST returns img as an MNIST digit: Size×Size grey levels, row by row,
// 0 for the background and up to 255 for the ink. It crops img to its ink,
// scales the digit to fit a Box×Box square keeping its aspect ratio, and
// places it in the Size×Size field so that its centre of mass is at the
// centre (pixel (14, 14), as in MNIST). Images whose border is mostly light (dark ink on paper) are
// inverted first. Colours count by their luminance.
//
// It returns [ErrNoInk] (wrapped) for an image without a digit.
func MNIST(img image.Image) ([]uint8, error) {
	if img == nil {
		return nil, errors.New("digit: MNIST: nil image")
	}
	g := toGray(img)
	if g.Rect.Empty() {
		return nil, fmt.Errorf("%w: the image is empty (%dx%d)", ErrNoInk, g.Rect.Dx(), g.Rect.Dy())
	}
	if lightBorder(g) {
		for i, v := range g.Pix {
			g.Pix[i] = 255 - v
		}
	}
	ink, ok := inkBounds(g)
	if !ok {
		return nil, ErrNoInk
	}

	// Scale the digit's bounding box into the Box×Box square.
	w, h := ink.Dx(), ink.Dy()
	sw, sh := Box, Box
	if w > h {
		sh = max(1, int(math.Round(float64(Box*h)/float64(w))))
	} else {
		sw = max(1, int(math.Round(float64(Box*w)/float64(h))))
	}
	scaled := image.NewGray(image.Rect(0, 0, sw, sh))
	draw.CatmullRom.Scale(scaled, scaled.Rect, g, ink, draw.Src, nil)

	// Centre of mass of the scaled digit, in pixel indices: MNIST puts it at
	// (14, 14), the centre of pixel (14, 14), half a pixel right of and below
	// the field's centre.
	var sum, sx, sy float64
	for y := range sh {
		for x := range sw {
			v := float64(scaled.Pix[y*scaled.Stride+x])
			sum += v
			sx += v * float64(x)
			sy += v * float64(y)
		}
	}
	ox, oy := (Size-sw)/2, (Size-sh)/2
	if sum > 0 {
		ox = clamp(int(math.Round(Size/2-sx/sum)), 0, Size-sw)
		oy = clamp(int(math.Round(Size/2-sy/sum)), 0, Size-sh)
	}
	out := make([]uint8, Size*Size)
	for y := range sh {
		copy(out[(oy+y)*Size+ox:], scaled.Pix[y*scaled.Stride:y*scaled.Stride+sw])
	}
	return out, nil
}

// FromGray returns the grey image of width×height pixels pix, row by row
// (0 black, 255 white), such as a canvas's pixels.
func FromGray(pix []uint8, width, height int) (*image.Gray, error) {
	if width <= 0 || height <= 0 {
		return nil, fmt.Errorf("digit: FromGray: size %dx%d, want positive sides", width, height)
	}
	if len(pix) != width*height {
		return nil, fmt.Errorf("digit: FromGray: %d pixels for a %dx%d image, want %d", len(pix), width, height, width*height)
	}
	return &image.Gray{Pix: pix, Stride: width, Rect: image.Rect(0, 0, width, height)}, nil
}

// toGray returns a copy of img in grey levels, with its origin at (0, 0).
// Transparent pixels count as the background a viewer shows them on: white.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, gg, bb, a := img.At(x, y).RGBA()
			// Composite over white, then luminance as color.GrayModel computes it.
			r, gg, bb = r+0xffff-a, gg+0xffff-a, bb+0xffff-a
			lum := (19595*r + 38470*gg + 7471*bb + 1<<15) >> 24
			g.Pix[(y-b.Min.Y)*g.Stride+(x-b.Min.X)] = uint8(min(lum, 255))
		}
	}
	return g
}

// lightBorder reports whether the mean of the border pixels is light: dark
// ink on a light background.
func lightBorder(g *image.Gray) bool {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	var sum, n int
	for x := range w {
		sum += int(g.GrayAt(x, 0).Y) + int(g.GrayAt(x, h-1).Y)
		n += 2
	}
	for y := range h {
		sum += int(g.GrayAt(0, y).Y) + int(g.GrayAt(w-1, y).Y)
		n += 2
	}
	return sum > 128*n
}

// inkBounds returns the smallest rectangle holding the pixels brighter than
// inkLevel of the way from the darkest pixel to the brightest.
func inkBounds(g *image.Gray) (image.Rectangle, bool) {
	lo, hi := uint8(255), uint8(0)
	for _, v := range g.Pix {
		lo, hi = min(lo, v), max(hi, v)
	}
	if int(hi)-int(lo) < 32 {
		return image.Rectangle{}, false
	}
	level := lo + uint8(inkLevel*float64(hi-lo))
	r := image.Rectangle{Min: image.Pt(math.MaxInt, math.MaxInt), Max: image.Pt(-1, -1)}
	for y := range g.Rect.Dy() {
		row := g.Pix[y*g.Stride : y*g.Stride+g.Rect.Dx()]
		for x, v := range row {
			if v > level {
				r.Min.X, r.Min.Y = min(r.Min.X, x), min(r.Min.Y, y)
				r.Max.X, r.Max.Y = max(r.Max.X, x+1), max(r.Max.Y, y+1)
			}
		}
	}
	return r, true
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
