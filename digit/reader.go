package digit

import (
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // ReadFile reads JPEG files
	_ "image/png"  // and PNG files
	"os"

	"github.com/dlgo/hello/mlp"
)

// Reader reads digits with a model trained on MNIST.
type Reader struct {
	model *mlp.Model
	scale float32
}

// NewReader returns a Reader for model, whose inputs are the 784 pixels of
// an MNIST image, each grey level (0 to 255) multiplied by scale: 1 for a
// model trained on raw pixels (datasets.Set.Flat, as the Hello World model),
// 1.0/255 for one trained on pixels in [0, 1] (datasets.Set.Scaled).
func NewReader(model *mlp.Model, scale float32) *Reader {
	return &Reader{model: model, scale: scale}
}

// Reading is what a Reader read in an image.
type Reading struct {
	// Image is the digit as the model saw it: Size×Size grey levels, row by
	// row, white on black (see MNIST).
	Image []uint8
	// Probabilities holds the model's probability of each digit, 0 to 9.
	Probabilities []float64
	// Digit is the most probable digit.
	Digit int
	// Hidden holds the output of each hidden layer of the model for the
	// image, in order: what each hidden unit outputs, as the model read it.
	Hidden []LayerOutput
}

// LayerOutput is the output of one hidden layer for one image.
type LayerOutput struct {
	// Name is the layer's name in the model ("activation_1").
	Name string
	// Activation is the layer's activation ("sigmoid", "relu", ...), which
	// bounds its values: sigmoid's are in [0, 1], relu's >= 0.
	Activation string
	// Values holds one value per unit of the layer.
	Values []float32
}

// Read reads the digit in img (see MNIST for what any image goes through).
func (r *Reader) Read(img image.Image) (Reading, error) {
	pix, err := MNIST(img)
	if err != nil {
		return Reading{}, err
	}
	return r.ReadMNIST(pix)
}

// ReadMNIST reads an image that is already an MNIST digit: Size×Size grey
// levels, white on black. One forward pass of the model gives both the
// probabilities (its last layer's output) and the hidden layers' outputs.
func (r *Reader) ReadMNIST(pix []uint8) (Reading, error) {
	if r == nil || r.model == nil {
		return Reading{}, errors.New("digit: Reader has no model; create it with NewReader(model, scale)")
	}
	if len(pix) != Size*Size {
		return Reading{}, fmt.Errorf("digit: ReadMNIST: %d pixels, want %d (%dx%d)", len(pix), Size*Size, Size, Size)
	}
	x := make([]float32, len(pix))
	for i, v := range pix {
		x[i] = float32(v) * r.scale
	}
	outs, err := r.model.LayerOutputs([][]float32{x})
	if err != nil {
		return Reading{}, fmt.Errorf("digit: %w", err)
	}
	layers := r.model.Layers()
	if len(outs) == 0 || len(outs) != len(layers) {
		return Reading{}, fmt.Errorf("digit: the model gives %d layer outputs for %d layers", len(outs), len(layers))
	}
	probs := outs[len(outs)-1].Row(0)
	if len(probs) != 10 {
		return Reading{}, fmt.Errorf("digit: the model gives %d outputs per image, want 10 (one per digit)", len(probs))
	}
	reading := Reading{Image: pix, Probabilities: make([]float64, 10)}
	for i, p := range probs {
		reading.Probabilities[i] = float64(p)
		if p > probs[reading.Digit] {
			reading.Digit = i
		}
	}
	for _, i := range r.model.HiddenLayers() {
		reading.Hidden = append(reading.Hidden, LayerOutput{
			Name: layers[i].Name, Activation: layers[i].Activation, Values: outs[i].Row(0)})
	}
	return reading, nil
}

// ReadFile reads the digit in a PNG or JPEG file: one digit, dark on light
// (a scan, a photo of paper) or light on dark.
func (r *Reader) ReadFile(path string) (Reading, error) {
	img, err := DecodeFile(path)
	if err != nil {
		return Reading{}, err
	}
	reading, err := r.Read(img)
	if err != nil {
		return Reading{}, fmt.Errorf("%w (in %s)", err, path)
	}
	return reading, nil
}

// DecodeFile decodes a PNG or JPEG file.
func DecodeFile(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("digit: %w", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("digit: decoding %s: %w; want a PNG or JPEG file", path, err)
	}
	return img, nil
}
