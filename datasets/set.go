package datasets

import (
	"fmt"
	"strings"
)

// Set is one split (train or test) of an image dataset.
type Set struct {
	Images            []uint8 // Count*Rows*Cols, row-major
	Labels            []uint8 // Count
	Count, Rows, Cols int
	Classes           int // 10
}

// MNISTClassNames names the MNIST labels: the digits "0" to "9".
var MNISTClassNames = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// FashionMNISTClassNames names the Fashion-MNIST labels, indexed by label.
var FashionMNISTClassNames = []string{
	"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
	"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
}

// ImageSize returns the number of pixels in one image, Rows*Cols.
func (s *Set) ImageSize() int { return s.Rows * s.Cols }

// Image returns image i, Rows*Cols pixels row-major. It shares memory with
// the Set.
func (s *Set) Image(i int) []uint8 {
	if i < 0 || i >= s.Count {
		panic(fmt.Sprintf("datasets: Image(%d) out of range [0, %d)", i, s.Count))
	}
	n := s.ImageSize()
	return s.Images[i*n : (i+1)*n : (i+1)*n]
}

// Shape returns {Count, Rows, Cols}, the shape of the images as Keras
// reports it: (60000, 28, 28) for the MNIST training set.
func (s *Set) Shape() []int { return []int{s.Count, s.Rows, s.Cols} }

// ClassIDs returns the labels as ints, the class ids that mlp's ConfusionMatrix and
// ConfidentMistakes take.
func (s *Set) ClassIDs() []int {
	ids := make([]int, len(s.Labels))
	for i, label := range s.Labels {
		ids[i] = int(label)
	}
	return ids
}

// ShapeString writes dimensions as numpy prints a shape: "(60000, 28, 28)", or "(60000,)" for
// one dimension, so notebooks can print shapes the way the Python original does.
func ShapeString(dims ...int) string {
	s := strings.ReplaceAll(strings.Trim(fmt.Sprint(dims), "[]"), " ", ", ")
	if len(dims) == 1 {
		s += ","
	}
	return "(" + s + ")"
}

// String describes the Set, for example "Set(60000, 28, 28), 10 classes".
func (s *Set) String() string {
	return fmt.Sprintf("Set(%d, %d, %d), %d classes", s.Count, s.Rows, s.Cols, s.Classes)
}

// Slice returns the examples [from, to) as a new Set that shares memory with
// s, for example s.Slice(0, 1000) for a quick run. It panics if the range is
// invalid, like slicing does.
func (s *Set) Slice(from, to int) *Set {
	if from < 0 || to < from || to > s.Count {
		panic(fmt.Sprintf("datasets: Slice(%d, %d) out of range [0, %d]", from, to, s.Count))
	}
	n := s.ImageSize()
	return &Set{
		Images:  s.Images[from*n : to*n : to*n],
		Labels:  s.Labels[from:to:to],
		Count:   to - from,
		Rows:    s.Rows,
		Cols:    s.Cols,
		Classes: s.Classes,
	}
}

// Float32 returns the pixels converted to float32 and multiplied by scale:
// Count*Rows*Cols values, row-major. Use 1 for the raw values 0..255 (as the
// seed does) or 1.0/255 for values in 0..1.
func (s *Set) Float32(scale float32) []float32 {
	out := make([]float32, len(s.Images))
	fillFloat32(out, s.Images, scale)
	return out
}

// fillFloat32 writes pixel*scale for every pixel into dst.
func fillFloat32(dst []float32, pixels []uint8, scale float32) {
	dst = dst[:len(pixels)]
	for i, p := range pixels {
		dst[i] = float32(p) * scale
	}
}

// OneHot encodes labels as one-hot rows of length classes, like Keras's
// to_categorical: the result is len(labels)*classes float32 values,
// row-major, with a 1 at [i, labels[i]] and 0 elsewhere. It panics if a label
// is not below classes.
func OneHot(labels []uint8, classes int) []float32 {
	out := make([]float32, len(labels)*classes)
	fillOneHot(out, labels, classes)
	return out
}

// fillOneHot writes the one-hot encoding of labels into dst, which must be
// zeroed and hold len(labels)*classes values.
func fillOneHot(dst []float32, labels []uint8, classes int) {
	for i, l := range labels {
		if int(l) >= classes {
			panic(fmt.Sprintf("datasets: OneHot: label %d at index %d is not below %d classes", l, i, classes))
		}
		dst[i*classes+int(l)] = 1
	}
}
