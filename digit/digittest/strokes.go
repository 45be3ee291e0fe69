// Package digittest draws digits the way a hand does, for tests of code that
// reads drawings: it traces the strokes of an MNIST digit (the polylines of
// its thinned skeleton) and renders strokes as a thick pen would.
package digittest

import (
	"image"
	"math"
)

// Strokes returns the strokes of the MNIST digit pix (size×size grey levels,
// white on black): the skeleton of its pixels of at least 128, thinned with
// Zhang and Suen's algorithm, traced as polylines. The points are in the
// coordinates of a canvas scale times larger (the centre of pixel (x, y) is
// at ((x+0.5)·scale, (y+0.5)·scale)).
func Strokes(pix []uint8, size int, scale float64) [][]image.Point {
	on := make([]bool, size*size)
	for i, v := range pix {
		on[i] = v >= 128
	}
	thin(on, size)
	at := func(x, y int) bool { return x >= 0 && y >= 0 && x < size && y < size && on[y*size+x] }
	visited := make([]bool, size*size)
	// Neighbours, the 4-connected first, so that walks follow the line.
	offsets := []image.Point{{1, 0}, {0, 1}, {-1, 0}, {0, -1}, {1, 1}, {-1, 1}, {-1, -1}, {1, -1}}
	degree := func(p image.Point) int {
		n := 0
		for _, o := range offsets {
			if at(p.X+o.X, p.Y+o.Y) {
				n++
			}
		}
		return n
	}
	next := func(p image.Point, wantVisited bool, not image.Point) (image.Point, bool) {
		for _, o := range offsets {
			q := p.Add(o)
			if at(q.X, q.Y) && visited[q.Y*size+q.X] == wantVisited && q != not {
				return q, true
			}
		}
		return image.Point{}, false
	}
	var lines [][]image.Point
	trace := func(start image.Point) {
		line := []image.Point{}
		none := image.Pt(-1, -1)
		if q, ok := next(start, true, none); ok {
			line = append(line, q) // join the stroke this one branches from
		}
		p, prev := start, none
		for {
			visited[p.Y*size+p.X] = true
			line = append(line, p)
			q, ok := next(p, false, none)
			if !ok {
				if q, ok := next(p, true, prev); ok && len(line) > 2 {
					line = append(line, q) // close a loop or join a junction
				}
				break
			}
			prev, p = p, q
		}
		lines = append(lines, line)
	}
	// Ends of lines first, then what is left (loops).
	for _, ends := range []bool{true, false} {
		for y := range size {
			for x := range size {
				p := image.Pt(x, y)
				if on[y*size+x] && !visited[y*size+x] && (!ends || degree(p) <= 1) {
					trace(p)
				}
			}
		}
	}
	strokes := make([][]image.Point, 0, len(lines))
	for _, line := range lines {
		line = simplify(line, 0.9)
		s := make([]image.Point, len(line))
		for i, p := range line {
			s[i] = image.Pt(int(math.Round((float64(p.X)+0.5)*scale)), int(math.Round((float64(p.Y)+0.5)*scale)))
		}
		strokes = append(strokes, s)
	}
	return strokes
}

// simplify drops the points of line closer than eps to the segment joining their neighbours that are kept
// (Ramer–Douglas–Peucker): the skeleton's staircases become straight strokes.
func simplify(line []image.Point, eps float64) []image.Point {
	if len(line) < 3 {
		return line
	}
	a, b := line[0], line[len(line)-1]
	far, farthest := 0.0, 0
	for i := 1; i < len(line)-1; i++ {
		if d := distance(line[i], a, b); d > far {
			far, farthest = d, i
		}
	}
	if far <= eps {
		return []image.Point{a, b}
	}
	left := simplify(line[:farthest+1], eps)
	return append(left[:len(left)-1:len(left)-1], simplify(line[farthest:], eps)...)
}

// distance returns the distance from p to the segment ab.
func distance(p, a, b image.Point) float64 {
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	px, py := float64(p.X-a.X), float64(p.Y-a.Y)
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return math.Hypot(px, py)
	}
	t := math.Max(0, math.Min(1, (px*dx+py*dy)/l2))
	return math.Hypot(px-t*dx, py-t*dy)
}

// thin thins the size×size binary image on to a skeleton one pixel wide
// (T. Y. Zhang and C. Y. Suen, 1984).
func thin(on []bool, size int) {
	at := func(x, y int) bool { return x >= 0 && y >= 0 && x < size && y < size && on[y*size+x] }
	for changed := true; changed; {
		changed = false
		for step := range 2 {
			var clear []int
			for y := range size {
				for x := range size {
					if !on[y*size+x] {
						continue
					}
					// P2..P9, clockwise from north.
					n := [8]bool{at(x, y-1), at(x+1, y-1), at(x+1, y), at(x+1, y+1), at(x, y+1), at(x-1, y+1), at(x-1, y), at(x-1, y-1)}
					b, a := 0, 0
					for i := range 8 {
						if n[i] {
							b++
						}
						if !n[i] && n[(i+1)%8] {
							a++
						}
					}
					if b < 2 || b > 6 || a != 1 {
						continue
					}
					if step == 0 && (n[0] && n[2] && n[4] || n[2] && n[4] && n[6]) {
						continue
					}
					if step == 1 && (n[0] && n[2] && n[6] || n[0] && n[4] && n[6]) {
						continue
					}
					clear = append(clear, y*size+x)
				}
			}
			for _, i := range clear {
				on[i] = false
			}
			changed = changed || len(clear) > 0
		}
	}
}

// Render draws strokes in white on a black width×height canvas with a round
// pen of the given diameter, as the drawing board of package nb does.
func Render(strokes [][]image.Point, width, height int, pen float64) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, width, height))
	r := pen / 2
	dot := func(cx, cy float64) {
		for y := int(cy - r - 1); y <= int(cy+r+1); y++ {
			for x := int(cx - r - 1); x <= int(cx+r+1); x++ {
				if x < 0 || y < 0 || x >= width || y >= height {
					continue
				}
				d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
				if v := uint8(255 * math.Max(0, math.Min(1, r+0.5-d))); v > g.Pix[y*g.Stride+x] {
					g.Pix[y*g.Stride+x] = v
				}
			}
		}
	}
	for _, s := range strokes {
		for i := range s {
			a, b := s[i], s[min(i+1, len(s)-1)]
			n := max(1, int(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y))))
			for k := 0; k <= n; k++ {
				t := float64(k) / float64(n)
				dot(float64(a.X)+t*float64(b.X-a.X), float64(a.Y)+t*float64(b.Y-a.Y))
			}
		}
	}
	return g
}
