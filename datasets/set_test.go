package datasets

import (
	"reflect"
	"testing"

	"github.com/gomlx/gomlx/core/tensors"
)

// smallSet has 3 images of 2x2 pixels and 3 classes.
func smallSet() *Set {
	return &Set{
		Images:  []uint8{0, 1, 2, 3, 10, 11, 12, 13, 255, 254, 253, 252},
		Labels:  []uint8{2, 0, 1},
		Count:   3,
		Rows:    2,
		Cols:    2,
		Classes: 3,
	}
}

func TestSetImageReturnsOneImage(t *testing.T) {
	s := smallSet()
	for i, want := range [][]uint8{{0, 1, 2, 3}, {10, 11, 12, 13}, {255, 254, 253, 252}} {
		if got := s.Image(i); !reflect.DeepEqual(got, want) {
			t.Errorf("Image(%d) = %v, want %v", i, got, want)
		}
	}
	if got := s.Image(1); cap(got) != 4 {
		t.Errorf("cap(Image(1)) = %d, want 4 so that appending cannot overwrite the next image", cap(got))
	}
}

func TestSetShapeIsCountRowsCols(t *testing.T) {
	if got, want := smallSet().Shape(), []int{3, 2, 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("Shape() = %v, want %v", got, want)
	}
}

func TestSetSliceSharesMemory(t *testing.T) {
	s := smallSet()
	sub := s.Slice(1, 3)
	if sub.Count != 2 || sub.Rows != 2 || sub.Cols != 2 || sub.Classes != 3 {
		t.Fatalf("Slice(1, 3) = %v", sub)
	}
	if !reflect.DeepEqual(sub.Labels, []uint8{0, 1}) || !reflect.DeepEqual(sub.Image(0), s.Image(1)) {
		t.Errorf("Slice(1, 3) has labels %v and first image %v", sub.Labels, sub.Image(0))
	}
	sub.Images[0] = 99
	if s.Images[4] != 99 {
		t.Error("Slice copied the images, want it to share them")
	}
	if empty := s.Slice(3, 3); empty.Count != 0 || len(empty.Images) != 0 {
		t.Errorf("Slice(3, 3) = %v with %d pixels, want an empty Set", empty, len(empty.Images))
	}
}

func TestSetPanicsOutOfRange(t *testing.T) {
	s := smallSet()
	tests := map[string]func(){
		"Image(-1)":    func() { s.Image(-1) },
		"Image(3)":     func() { s.Image(3) },
		"Slice(2, 1)":  func() { s.Slice(2, 1) },
		"Slice(0, 4)":  func() { s.Slice(0, 4) },
		"Slice(-1, 1)": func() { s.Slice(-1, 1) },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		})
	}
}

func TestSetFloat32Scales(t *testing.T) {
	s := smallSet().Slice(2, 3)
	tests := []struct {
		scale float32
		want  []float32
	}{
		{1, []float32{255, 254, 253, 252}},
		{1.0 / 255, []float32{1, 254.0 / 255, 253.0 / 255, 252.0 / 255}},
	}
	for _, tt := range tests {
		got := s.Float32(tt.scale)
		for i := range tt.want {
			if d := got[i] - tt.want[i]; d > 1e-6 || d < -1e-6 {
				t.Errorf("Float32(%v) = %v, want %v", tt.scale, got, tt.want)
				break
			}
		}
	}
}

func TestOneHotMatchesArangeEquality(t *testing.T) {
	labels := []uint8{5, 0, 4, 9}
	got := OneHot(labels, 10)
	// The seed's numpy.arange(10) == y[:, None].
	for i, y := range labels {
		for c := range 10 {
			want := float32(0)
			if c == int(y) {
				want = 1
			}
			if got[i*10+c] != want {
				t.Fatalf("OneHot(%v)[%d, %d] = %v, want %v", labels, i, c, got[i*10+c], want)
			}
		}
	}
}

func TestOneHotPanicsOnLabelOutOfRange(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("OneHot([3], 3) did not panic")
		}
	}()
	OneHot([]uint8{3}, 3)
}

func TestSetTensorsHaveSeedShapesAndValues(t *testing.T) {
	s := smallSet()
	scale := float32(1.0 / 255) // as Scaled computes it: pixel * scale
	tests := []struct {
		name string
		t    *tensors.Tensor
		dims []int
		want any
	}{
		{"Flat", s.Flat(), []int{3, 4}, []float32{0, 1, 2, 3, 10, 11, 12, 13, 255, 254, 253, 252}},
		{"Scaled", s.Slice(0, 1).Scaled(), []int{1, 4}, []float32{0, 1 * scale, 2 * scale, 3 * scale}},
		{"OneHot", s.OneHot(), []int{3, 3}, []float32{0, 0, 1, 1, 0, 0, 0, 1, 0}},
		{"LabelTensor", s.LabelTensor(), []int{3}, []int32{2, 0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.t.Shape().Dimensions; !reflect.DeepEqual(got, tt.dims) {
				t.Errorf("dimensions = %v, want %v", got, tt.dims)
			}
			var got any
			switch tt.want.(type) {
			case []float32:
				got = tensors.MustCopyFlatData[float32](tt.t)
			case []int32:
				got = tensors.MustCopyFlatData[int32](tt.t)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("values = %v, want %v", got, tt.want)
			}
		})
	}
}
