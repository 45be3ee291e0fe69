package mlp

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// Model is a Keras-style Sequential model: a stack of layers, compiled with a loss, an optimizer and
// metrics, then trained with Fit and used with Evaluate and Predict. It runs on GoMLX, on the default
// backend (see Backend) or its own (WithBackend).
// A Model is not safe for concurrent use.
type Model struct {
	layers []Layer
	err    error // first error met while adding layers; reported by Compile, Fit, ...

	seed    uint64
	inputs  int // input width, 0 until known
	built   bool
	backend compute.Backend
	// splitBatches: training steps run a batch as independent parts, one per core (Go backend).
	splitBatches bool
	store        *model.Store
	params       []*param // kernels and biases, in layer order

	compiled  bool
	compile   compileConfig
	trainer   *model.Exec // train step
	evalExec  *model.Exec // loss and metrics without updating
	predExec  *model.Exec // outputs
	layerExec *model.Exec // every layer's outputs (LayerOutputs)
	gradExec  *model.Exec // gradients without updating (Gradients)
	step      *model.Variable
	slots     [][]*model.Variable // per param, the optimizer's state
	slotsFor  string              // optimizer the slots were made for

	history *History

	fitting atomic.Bool // Fit is running: Save and a second Fit are refused
}

// param is one trainable tensor: a Dense layer's kernel or bias [out]. Kernels are stored
// transposed, [out, in], the layout GoMLX's Go backend multiplies fastest both forward (x·Wᵀ) and
// backward (dx = dy·W, dWᵀ = dyᵀ·x); Weights and the initializers use Keras's [in, out].
type param struct {
	name  string // "dense_1/kernel"
	shape []int
	v     *model.Variable
}

// size returns the number of values of p.
func (p *param) size() int {
	n := 1
	for _, d := range p.shape {
		n *= d
	}
	return n
}

var defaultSeed atomic.Pointer[uint64]

// SetRandomSeed sets the seed of models created afterwards, like keras.utils.set_random_seed: weight
// initialisation, shuffling and dropout are then reproducible on a given backend.
func SetRandomSeed(seed uint64) { defaultSeed.Store(&seed) }

// NewSequential returns a model made of the given layers (Keras's Sequential([...])). Its first
// layer should be Input(width), or a Dense layer with InputDim(width); otherwise the width is taken
// from the first data the model sees. An invalid layer is reported by Compile (and Fit, Summary...).
func NewSequential(layers ...Layer) *Model {
	m := &Model{}
	if s := defaultSeed.Load(); s != nil {
		m.seed = *s
	} else {
		m.seed = uint64(time.Now().UnixNano())
	}
	for _, l := range layers {
		m.Add(l)
	}
	return m
}

// WithSeed sets the model's random seed (see SetRandomSeed) and returns the model.
func (m *Model) WithSeed(seed uint64) *Model {
	m.seed = seed
	return m
}

// Add appends a layer (Keras's model.add). Layers cannot be added once the model is built.
func (m *Model) Add(l Layer) {
	if m.err != nil {
		return
	}
	if m.built {
		m.err = errors.New("mlp: Add after the model was built (by Compile, Fit, Summary or Predict); create a new model")
		return
	}
	l, err := l.validate()
	if err != nil {
		m.err = err
		return
	}
	if l.Kind == KindInput {
		if len(m.layers) > 0 {
			m.err = errors.New("mlp: Input must be the first layer")
			return
		}
		m.inputs = l.Units
		return // like Keras, the input is not a layer of its own in the summary
	}
	if l.InputDim > 0 {
		if len(m.layers) > 0 || (m.inputs != 0 && m.inputs != l.InputDim) {
			m.err = fmt.Errorf("mlp: InputDim(%d) is only valid on the first layer", l.InputDim)
			return
		}
		m.inputs = l.InputDim
	}
	counts := map[LayerKind]int{}
	for _, prev := range m.layers {
		counts[prev.Kind]++
	}
	if l.Name == "" {
		l.Name = fmt.Sprintf("%s_%d", l.Kind, counts[l.Kind]+1)
	}
	m.layers = append(m.layers, l)
}

// units returns the width of the model's output (the last Dense layer's units).
func (m *Model) units() int {
	for i := len(m.layers) - 1; i >= 0; i-- {
		if m.layers[i].Kind == KindDense {
			return m.layers[i].Units
		}
	}
	return m.inputs
}

// layerShapes returns each layer's output width and number of parameters: the one place where
// parameters are counted (CountParams, Summary).
func (m *Model) layerShapes() (widths, params []int) {
	widths, params = make([]int, len(m.layers)), make([]int, len(m.layers))
	w := m.inputs
	for i, l := range m.layers {
		if l.Kind == KindDense {
			params[i], _ = denseParams(l, w) // sizes were checked when the model was built
			w = l.Units
		}
		widths[i] = w
	}
	return widths, params
}

// wholeBatches makes the models built afterwards run every training batch whole, as on XLA; the
// tests set it (MLP_TEST_SPLIT=off) to cover that path on the Go backend.
var wholeBatches bool

// build creates the weights once the input width is known.
func (m *Model) build(inputs int) error {
	if m.err != nil {
		return m.err
	}
	if m.built {
		if inputs != 0 && inputs != m.inputs {
			return fmt.Errorf("mlp: the model takes %d features per example, got %d", m.inputs, inputs)
		}
		return nil
	}
	if len(m.layers) == 0 {
		return errors.New("mlp: the model has no layers; add Dense and Activation layers")
	}
	if m.inputs == 0 {
		if inputs == 0 {
			return errors.New("mlp: the input width is unknown; start the model with mlp.Input(width) or mlp.Dense(units, mlp.InputDim(width))")
		}
		m.inputs = inputs
	}
	if inputs != 0 && inputs != m.inputs {
		return fmt.Errorf("mlp: the model takes %d features per example, got %d", m.inputs, inputs)
	}
	// Check sizes before allocating: the values, a gradient and the optimizer's slots per parameter.
	if _, err := checkParamMemory(m.layers, m.inputs, 3+len(m.compile.Optimizer.slots())); err != nil {
		return err
	}
	if m.backend == nil {
		backend, _, err := Backend()
		if err != nil {
			return err
		}
		m.backend = backend
	}
	m.splitBatches = splitsBatches(m.backend) && !wholeBatches
	m.store = model.NewStore()
	if err := m.store.SetRNGStateFromSeed(int64(m.seed)); err != nil {
		return fmt.Errorf("mlp: seeding the random generator: %w", err)
	}
	rng := rand.New(rand.NewPCG(m.seed, 0x6d6c70)) // weight initialisation stream
	in := m.inputs
	for _, l := range m.layers {
		if l.Kind != KindDense {
			continue
		}
		kernel := make([]float32, in*l.Units)
		initializers[l.Initializer](rng, kernel, in, l.Units)
		if err := m.addParam(l.Name+"/kernel", transpose(kernel, in, l.Units), l.Units, in); err != nil {
			return err
		}
		if !l.NoBias {
			if err := m.addParam(l.Name+"/bias", make([]float32, l.Units), l.Units); err != nil {
				return err
			}
		}
		in = l.Units
	}
	m.built = true
	return nil
}

func (m *Model) addParam(name string, data []float32, dims ...int) error {
	v, err := m.store.CreateVariable("/"+name, tensors.FromFlatDataAndDimensions(data, dims...))
	if err != nil {
		return fmt.Errorf("mlp: creating %s: %w", name, err)
	}
	m.params = append(m.params, &param{name: name, shape: dims, v: v})
	return nil
}

// transpose returns the rows×cols row-major matrix a transposed (cols×rows).
func transpose(a []float32, rows, cols int) []float32 {
	t := make([]float32, len(a))
	for r := range rows {
		for c := range cols {
			t[c*rows+r] = a[r*cols+c]
		}
	}
	return t
}

// CountParams returns the number of trainable parameters (648,010 for the seed's model).
func (m *Model) CountParams() int {
	_, params := m.layerShapes()
	n := 0
	for _, p := range params {
		n += p
	}
	return n
}

// dtype of all parameters and data.
const dtype = dtypes.Float32
