package digit

import (
	"fmt"
	"testing"

	"github.com/dlgo/hello/mlp"
)

// mnistBar returns an MNIST-style image: a white bar, vertical or horizontal, on black.
func mnistBar(vertical bool) []uint8 {
	pix := make([]uint8, Size*Size)
	for i := 6; i < 22; i++ {
		for j := 12; j < 16; j++ {
			if vertical {
				pix[i*Size+j] = 255
			} else {
				pix[j*Size+i] = 255
			}
		}
	}
	return pix
}

// hiddenModel returns a compiled, untrained model with the given layers on 784 inputs.
func hiddenModel(t *testing.T, layers ...mlp.Layer) *mlp.Model {
	t.Helper()
	mlp.SetBackendNotice(nil)
	mlp.SetRandomSeed(1)
	model := mlp.NewSequential(append([]mlp.Layer{mlp.Input(Size * Size)}, layers...)...)
	if err := model.Compile(mlp.Loss("categorical_crossentropy"), mlp.SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	return model
}

func TestReadMNISTGivesTheHiddenLayersOutputs(t *testing.T) {
	for _, c := range []struct {
		name   string
		layers []mlp.Layer
		want   string // name/activation/width of each hidden layer
	}{
		{"Hello World", []mlp.Layer{mlp.Dense(500), mlp.Activation("sigmoid"), mlp.Dense(500), mlp.Activation("sigmoid"),
			mlp.Dense(10), mlp.Activation("softmax")}, "[activation_1/sigmoid/500 activation_2/sigmoid/500]"},
		{"V4", []mlp.Layer{mlp.Dense(128), mlp.Activation("relu"), mlp.Dropout(0.3), mlp.Dense(128), mlp.Activation("relu"),
			mlp.Dropout(0.3), mlp.Dense(10), mlp.Activation("softmax")}, "[activation_1/relu/128 activation_2/relu/128]"},
		{"fused activations", []mlp.Layer{mlp.Dense(32, mlp.WithActivation("tanh")), mlp.Dense(16, mlp.WithActivation("relu")),
			mlp.Dense(10, mlp.WithActivation("softmax"))}, "[dense_1/tanh/32 dense_2/relu/16]"},
		{"no hidden layer", []mlp.Layer{mlp.Dense(10), mlp.Activation("softmax")}, "[]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			model := hiddenModel(t, c.layers...)
			reader := NewReader(model, 1.0/255)
			reading, err := reader.ReadMNIST(mnistBar(true))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range reading.Hidden {
				got = append(got, fmt.Sprintf("%s/%s/%d", h.Name, h.Activation, len(h.Values)))
			}
			if fmt.Sprint(got) != c.want {
				t.Errorf("hidden layers %v, want %s", got, c.want)
			}
			// The widths are the units of the Dense layers that feed them.
			layers := model.Layers()
			for k, i := range model.HiddenLayers() {
				units := 0
				for _, l := range layers[:i+1] {
					if l.Kind == mlp.KindDense {
						units = l.Units
					}
				}
				if len(reading.Hidden[k].Values) != units {
					t.Errorf("%s: %d values, want the layer's %d units", reading.Hidden[k].Name, len(reading.Hidden[k].Values), units)
				}
			}

			// The probabilities are exactly Predict's: the same forward pass.
			x := make([]float32, Size*Size)
			for i, v := range mnistBar(true) {
				x[i] = float32(v) / 255
			}
			want, err := model.Predict([][]float32{x})
			if err != nil {
				t.Fatal(err)
			}
			for d, p := range want[0] {
				if reading.Probabilities[d] != float64(p) {
					t.Errorf("probability of %d: %g, Predict's %g", d, reading.Probabilities[d], p)
				}
			}
			if reading.Digit != mlp.ArgMax(want[0]) {
				t.Errorf("digit %d, Predict's argmax %d", reading.Digit, mlp.ArgMax(want[0]))
			}
		})
	}
}

func TestReadMNISTHiddenValues(t *testing.T) {
	model := hiddenModel(t, mlp.Dense(64), mlp.Activation("sigmoid"), mlp.Dense(32, mlp.WithActivation("relu")),
		mlp.Dense(10), mlp.Activation("softmax"))
	reader := NewReader(model, 1.0/255)
	a, err := reader.ReadMNIST(mnistBar(true))
	if err != nil {
		t.Fatal(err)
	}
	b, err := reader.ReadMNIST(mnistBar(false))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Hidden) != 2 || len(b.Hidden) != 2 {
		t.Fatalf("%d and %d hidden layers, want 2", len(a.Hidden), len(b.Hidden))
	}
	for k, h := range a.Hidden {
		for i, v := range h.Values {
			if h.Activation == "sigmoid" && !(v > 0 && v < 1) || h.Activation == "relu" && !(v >= 0) {
				t.Errorf("%s unit %d: %g, out of its activation's range", h.Name, i, v)
			}
		}
		if fmt.Sprint(h.Values) == fmt.Sprint(b.Hidden[k].Values) {
			t.Errorf("%s: the same outputs for a vertical and a horizontal bar", h.Name)
		}
	}
}
