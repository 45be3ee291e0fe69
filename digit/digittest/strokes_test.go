package digittest

import (
	"image"
	"math"
	"testing"
)

func TestStrokesOfABar(t *testing.T) {
	pix := make([]uint8, 28*28)
	for y := 13; y <= 15; y++ {
		for x := 5; x <= 22; x++ {
			pix[y*28+x] = 255
		}
	}
	strokes := Strokes(pix, 28, 10)
	if len(strokes) != 1 {
		t.Fatalf("%d strokes, want 1: %v", len(strokes), strokes)
	}
	s := strokes[0]
	for _, p := range s {
		if p.Y != 145 {
			t.Errorf("point %v off the bar's middle line y = 145", p)
		}
	}
	if len(s) != 2 {
		t.Errorf("a straight bar gives %d points, want its 2 ends: %v", len(s), s)
	}
	if a, b := s[0].X, s[len(s)-1].X; min(a, b) > 75 || max(a, b) < 205 {
		t.Errorf("the stroke spans x = %d to %d, want most of the bar (55 to 225)", a, b)
	}
}

func TestStrokesOfARingClose(t *testing.T) {
	pix := make([]uint8, 28*28)
	for y := range 28 {
		for x := range 28 {
			if r := math.Hypot(float64(x)-13.5, float64(y)-13.5); r >= 6 && r <= 8 {
				pix[y*28+x] = 255
			}
		}
	}
	strokes := Strokes(pix, 28, 10)
	if len(strokes) != 1 {
		t.Fatalf("%d strokes, want 1", len(strokes))
	}
	s := strokes[0]
	if d := s[0].Sub(s[len(s)-1]); max(d.X, -d.X, d.Y, -d.Y) > 15 {
		t.Errorf("the ring's stroke does not close: it starts at %v and ends at %v", s[0], s[len(s)-1])
	}
	// Rendered, it covers the ring: the pixel at the ring's radius on each axis is ink.
	g := Render(strokes, 280, 280, 20)
	for _, p := range []image.Point{{140, 70}, {140, 210}, {70, 140}, {210, 140}} {
		if g.GrayAt(p.X, p.Y).Y < 200 {
			t.Errorf("the rendered ring has no ink at %v", p)
		}
	}
	if g.GrayAt(140, 140).Y != 0 {
		t.Errorf("the rendered ring has ink in its middle")
	}
}
