package mlp

import (
	"fmt"
	"strings"
)

// LayerKind says what a Layer is; its value is the name saved in model files.
type LayerKind string

// The layer kinds.
const (
	KindInput      LayerKind = "input"
	KindDense      LayerKind = "dense"
	KindActivation LayerKind = "activation"
	KindDropout    LayerKind = "dropout"
)

// Layer describes one layer of a Sequential model. Build layers with Input, Dense, Activation and
// Dropout rather than filling the struct; it is exported so a saved model's architecture is readable.
type Layer struct {
	Kind LayerKind `json:"kind"`
	// Name is the Keras-style name ("dense_1"), assigned by the model when empty.
	Name string `json:"name,omitempty"`
	// Units is the output width of a Dense layer, or the input width of an Input layer.
	Units int `json:"units,omitempty"`
	// InputDim, on a model's first Dense layer, declares the input width (Keras's input_dim).
	InputDim int `json:"input_dim,omitempty"`
	// Activation is the activation of an Activation layer, or the one fused into a Dense layer.
	Activation string `json:"activation,omitempty"`
	// Initializer is a Dense layer's kernel initializer (default "glorot_uniform"); biases start at zero.
	Initializer string `json:"kernel_initializer,omitempty"`
	// NoBias drops a Dense layer's bias (Keras's use_bias=False).
	NoBias bool `json:"no_bias,omitempty"`
	// Rate is a Dropout layer's fraction of inputs set to zero during training.
	Rate float64 `json:"rate,omitempty"`
}

// A DenseOption configures a Dense layer: InputDim, WithActivation, KernelInitializer, UseBias.
type DenseOption interface {
	applyDense(l *Layer)
}

type denseOption func(l *Layer)

func (o denseOption) applyDense(l *Layer) { o(l) }

// Input declares the width of each input example (784 for flattened MNIST). It is Keras's
// Input(shape=(width,)) / input_dim.
func Input(width int) Layer { return Layer{Kind: KindInput, Units: width} }

// Dense is a fully connected layer: y = x·W + b, with W of shape [inputs, units].
func Dense(units int, opts ...DenseOption) Layer {
	l := Layer{Kind: KindDense, Units: units, Initializer: "glorot_uniform"}
	for _, opt := range opts {
		if opt != nil {
			opt.applyDense(&l)
		}
	}
	return l
}

// InputDim sets the input width on the first Dense layer (Keras's input_dim=28*28).
func InputDim(width int) DenseOption { return denseOption(func(l *Layer) { l.InputDim = width }) }

// WithActivation fuses an activation into a Dense layer (Keras's Dense(units, activation=...)).
func WithActivation(name string) DenseOption {
	return denseOption(func(l *Layer) { l.Activation = name })
}

// KernelInitializer sets a Dense layer's weight initializer; see Initializers.
func KernelInitializer(name string) DenseOption {
	return denseOption(func(l *Layer) { l.Initializer = name })
}

// UseBias(false) drops the bias of a Dense layer.
func UseBias(use bool) DenseOption { return denseOption(func(l *Layer) { l.NoBias = !use }) }

// Activation is a layer applying an activation by name (case-insensitive); see Activations.
func Activation(name string) Layer { return Layer{Kind: KindActivation, Activation: name} }

// Dropout sets a fraction rate of its inputs to zero during training, scaling the others by
// 1/(1-rate); at inference it passes inputs through.
func Dropout(rate float64) Layer { return Layer{Kind: KindDropout, Rate: rate} }

// typeName is the class name Keras shows in summaries.
func (l Layer) typeName() string {
	switch l.Kind {
	case KindInput:
		return "InputLayer"
	case KindDense:
		return "Dense"
	case KindActivation:
		return "Activation"
	case KindDropout:
		return "Dropout"
	}
	return string(l.Kind)
}

// validate checks a layer's settings and normalises names; it returns the layer with canonical names.
func (l Layer) validate() (Layer, error) {
	switch l.Kind {
	case KindInput:
		if l.Units <= 0 {
			return l, fmt.Errorf("mlp: Input(%d): the input width must be positive", l.Units)
		}
	case KindDense:
		if l.Units <= 0 {
			return l, fmt.Errorf("mlp: Dense(%d): units must be positive", l.Units)
		}
		if l.InputDim < 0 {
			return l, fmt.Errorf("mlp: Dense: InputDim(%d) must be positive", l.InputDim)
		}
		if l.Initializer == "" {
			l.Initializer = "glorot_uniform"
		}
		init, err := lookupInitializer(l.Initializer)
		if err != nil {
			return l, err
		}
		l.Initializer = init
		if l.Activation != "" {
			name, _, err := lookupActivation(l.Activation)
			if err != nil {
				return l, err
			}
			l.Activation = name
		}
	case KindActivation:
		name, _, err := lookupActivation(l.Activation)
		if err != nil {
			return l, err
		}
		l.Activation = name
	case KindDropout:
		if !(l.Rate >= 0 && l.Rate < 1) {
			return l, fmt.Errorf("mlp: Dropout(%g): rate must be in [0, 1)", l.Rate)
		}
	default:
		return l, fmt.Errorf("mlp: unknown layer kind %q; use Input, Dense, Activation or Dropout", l.Kind)
	}
	return l, nil
}

// lowerName returns s lower-cased and trimmed.
func lowerName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
