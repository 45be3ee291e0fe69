package datasets

import (
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/tensors"
)

// Flat returns the images as a float32 tensor of shape [Count, Rows*Cols]
// holding the raw pixel values 0..255: the seed's
// reshape((60000, 28*28)).astype("float32").
func (s *Set) Flat() *tensors.Tensor { return s.flatTensor(1) }

// Scaled returns the images as a float32 tensor of shape [Count, Rows*Cols]
// with pixel values divided by 255, in 0..1.
func (s *Set) Scaled() *tensors.Tensor { return s.flatTensor(1.0 / 255) }

// flatTensor fills a [Count, Rows*Cols] float32 tensor with pixel*scale.
func (s *Set) flatTensor(scale float32) *tensors.Tensor {
	t := tensors.FromShape(shapes.Make(dtypes.Float32, s.Count, s.ImageSize()))
	tensors.MustMutableFlatData(t, func(flat []float32) {
		fillFloat32(flat, s.Images, scale)
	})
	return t
}

// OneHot returns the labels one-hot encoded as a float32 tensor of shape
// [Count, Classes], like Keras's to_categorical.
func (s *Set) OneHot() *tensors.Tensor {
	t := tensors.FromShape(shapes.Make(dtypes.Float32, s.Count, s.Classes))
	tensors.MustMutableFlatData(t, func(flat []float32) {
		clear(flat)
		fillOneHot(flat, s.Labels, s.Classes)
	})
	return t
}

// LabelTensor returns the labels as an int32 tensor of shape [Count]: sparse
// labels, for losses that take class indices.
func (s *Set) LabelTensor() *tensors.Tensor {
	t := tensors.FromShape(shapes.Make(dtypes.Int32, s.Count))
	tensors.MustMutableFlatData(t, func(flat []int32) {
		for i, l := range s.Labels {
			flat[i] = int32(l)
		}
	})
	return t
}
