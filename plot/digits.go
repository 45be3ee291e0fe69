package plot

import (
	"fmt"
	"image"
	stddraw "image/draw"
	"math"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Layout constants of Digits, in pixels unless noted.
const (
	digitSide      = 84 // Default size of the longer side of an image (3× a 28-pixel MNIST digit).
	digitPad       = 6  // Space around each cell's content.
	digitCaptionPt = 10 // Caption font size in points.
	digitMinFontPt = 6  // Captions shrink to fit a cell, down to this size.
	digitTitlePt   = 13 // Title font size in points.
)

// Digits draws a grid of grayscale images with a caption above each.
//
// images holds N images of rows×cols pixels one after the other, each in
// row-major order (len(images) == N*rows*cols), such as MNIST digits
// (rows = cols = 28), with 0 drawn black and 255 white. labels holds the N
// captions (e.g. "5", or "pred 7 / true 2 (0.98)"), or is nil for none.
// The grid has gridCols columns (0 for about √N, at most N) and as many rows
// as needed, filled left to right and top to bottom.
//
// The default size fits images drawn 84 pixels on their longer side (3×
// for MNIST) and the widest caption; with [Size], images are scaled to fit
// the cells and captions shrink if they are too wide. Images are scaled with
// nearest-neighbour sampling, so each source pixel stays a sharp square.
func Digits(images []uint8, rows, cols int, labels []string, gridCols int, opts ...Option) ([]byte, error) {
	const fn = "Digits"
	if rows <= 0 || cols <= 0 {
		return nil, fmt.Errorf("plot: %s: image size %d×%d, want positive rows and cols", fn, rows, cols)
	}
	pix := rows * cols
	if len(images) == 0 {
		return nil, fmt.Errorf("plot: %s: no images", fn)
	}
	if len(images)%pix != 0 {
		return nil, fmt.Errorf("plot: %s: images has %d bytes, want a multiple of %d*%d=%d", fn, len(images), rows, cols, pix)
	}
	n := len(images) / pix
	if labels != nil && len(labels) != n {
		return nil, fmt.Errorf("plot: %s: %d labels for %d images, want one label per image (or nil labels)", fn, len(labels), n)
	}
	if gridCols < 0 {
		return nil, fmt.Errorf("plot: %s: gridCols is %d, want >= 0 (0 for automatic)", fn, gridCols)
	}
	cfg, err := newConfig(fn, 0, 0, "", opts)
	if err != nil {
		return nil, err
	}
	lay, err := layoutDigits(n, rows, cols, labels, gridCols, cfg)
	if err != nil {
		return nil, fmt.Errorf("plot: %s: %w", fn, err)
	}

	c := newCanvas(lay.width, lay.height)
	dc := draw.New(c)
	lay.drawText(dc, cfg.title, labels)
	dst := c.Image()
	for i, r := range lay.images {
		img := scaleGray(images[i*pix:(i+1)*pix], rows, cols, r.Dx(), r.Dy())
		stddraw.Draw(dst, r, img, image.Point{}, stddraw.Src)
	}
	return encodePNG(c)
}

// digitLayout is the placement of the images and captions of Digits.
type digitLayout struct {
	width, height int               // Image size.
	images        []image.Rectangle // Where each image goes, in pixels from the top left.
	captionH      int               // Height of the caption band above each image.
	captionStyle  text.Style
	titleStyle    text.Style
}

// drawText writes the title above the grid and each image's caption above
// it (labels as for Digits).
func (lay digitLayout) drawText(dc draw.Canvas, title string, labels []string) {
	toVG := fromTop(lay.height)
	if title != "" {
		dc.FillText(lay.titleStyle, toVG(float64(lay.width)/2, digitPad), title)
	}
	for i, caption := range labels {
		if caption == "" {
			continue
		}
		r := lay.images[i]
		dc.FillText(lay.captionStyle, toVG(float64(r.Min.X+r.Max.X)/2, float64(r.Min.Y-lay.captionH)), caption)
	}
}

// layoutDigits places n images of rows×cols pixels with their labels in a
// grid of gridCols columns (0 for automatic), fitting cfg's size if set.
func layoutDigits(n, rows, cols int, labels []string, gridCols int, cfg *config) (digitLayout, error) {
	var lay digitLayout
	if gridCols == 0 {
		gridCols = int(math.Ceil(math.Sqrt(float64(n))))
	}
	gridCols = min(gridCols, n)
	gridRows := (n + gridCols - 1) / gridCols

	lay.titleStyle = textStyle(digitTitlePt, draw.XCenter, draw.YTop)
	titleH := 0
	if cfg.title != "" {
		titleH = int(math.Ceil(toPixels(lay.titleStyle.Height(cfg.title)))) + 2*digitPad
	}
	fontPt := vg.Length(digitCaptionPt)
	lay.captionStyle = textStyle(fontPt, draw.XCenter, draw.YTop)
	captionW := 0.0
	hasCaption := false
	for _, l := range labels {
		if l != "" {
			hasCaption = true
			captionW = math.Max(captionW, toPixels(lay.captionStyle.Width(l)))
		}
	}
	captionHeight := func() int {
		if !hasCaption {
			return 0
		}
		return int(math.Ceil(toPixels(lay.captionStyle.Height("0")))) + 4
	}

	var cellW, cellH, imgW, imgH int
	longer := float64(max(rows, cols))
	if cfg.width == 0 {
		imgW = int(math.Round(digitSide * float64(cols) / longer))
		imgH = int(math.Round(digitSide * float64(rows) / longer))
		cellW = max(imgW, int(math.Ceil(captionW))+digitPad) + 2*digitPad
		lay.captionH = captionHeight()
		cellH = imgH + lay.captionH + 2*digitPad
		lay.width, lay.height = gridCols*cellW, titleH+gridRows*cellH
	} else {
		lay.width, lay.height = cfg.width, cfg.height
		cellW = cfg.width / gridCols
		cellH = (cfg.height - titleH) / gridRows
		if avail := float64(cellW - 3*digitPad); captionW > avail && avail > 0 {
			fontPt = vg.Length(math.Max(digitMinFontPt, float64(fontPt)*avail/captionW))
			lay.captionStyle = textStyle(fontPt, draw.XCenter, draw.YTop)
		}
		lay.captionH = captionHeight()
		scale := math.Min(float64(cellW-2*digitPad)/float64(cols), float64(cellH-2*digitPad-lay.captionH)/float64(rows))
		imgW, imgH = int(scale*float64(cols)), int(scale*float64(rows))
		if imgW < 1 || imgH < 1 {
			return lay, fmt.Errorf("Size(%d, %d) is too small for a grid of %d×%d images with captions", cfg.width, cfg.height, gridRows, gridCols)
		}
	}

	lay.images = make([]image.Rectangle, n)
	for i := range lay.images {
		r, c := i/gridCols, i%gridCols
		x := c*cellW + (cellW-imgW)/2
		// Centre caption and image vertically in the cell.
		y := titleH + r*cellH + (cellH-imgH-lay.captionH)/2 + lay.captionH
		lay.images[i] = image.Rect(x, y, x+imgW, y+imgH)
	}
	return lay, nil
}

// scaleGray returns the rows×cols image src scaled to w×h pixels with
// nearest-neighbour sampling.
func scaleGray(src []uint8, rows, cols, w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		sy := y * rows / h
		for x := range w {
			img.Pix[y*img.Stride+x] = src[sy*cols+x*cols/w]
		}
	}
	return img
}
