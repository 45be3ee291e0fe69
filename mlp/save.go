package mlp

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/dlgo/hello/internal/atomicfile"
	"github.com/gomlx/gomlx/core/tensors"
)

// fileMagic starts every saved model file.
const fileMagic = "GOMLX-MLP\x00v1\n"

// maxHeader bounds the JSON header, so a corrupt length cannot trigger a huge allocation.
const maxHeader = 16 << 20

// savedModel is the JSON header of a saved model.
type savedModel struct {
	Inputs  int            `json:"inputs"`
	Seed    uint64         `json:"seed"`
	Layers  []Layer        `json:"layers"`
	Compile *compileConfig `json:"compile,omitempty"`
	Params  []savedParam   `json:"params"`
	History *History       `json:"history,omitempty"`
}

type savedParam struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
}

// Save writes the model — architecture, weights, compile settings and training history — to one
// file, atomically: a crash or a full disk never leaves a partial file at path. The optimizer's
// internal state (momentum, Adam moments) is not saved.
func (m *Model) Save(path string) error {
	if m.err != nil {
		return m.err
	}
	if !m.built {
		return errors.New("mlp: Save before the model was built; Compile or Fit it first")
	}
	if m.fitting.Load() {
		return errors.New("mlp: Save while Fit is running: the weights change with every batch; call Save after Fit returns")
	}
	header := savedModel{Inputs: m.inputs, Seed: m.seed, Layers: m.layers, History: m.history}
	if m.compiled {
		c := m.compile
		header.Compile = &c
	}
	var weights bytes.Buffer
	for _, p := range m.params {
		header.Params = append(header.Params, savedParam{Name: p.name, Shape: p.shape})
		t, err := p.v.Value()
		if err != nil {
			return fmt.Errorf("mlp: Save: reading %s: %w", p.name, err)
		}
		data, err := tensors.CopyFlatData[float32](t)
		if err != nil {
			return fmt.Errorf("mlp: Save: reading %s: %w", p.name, err)
		}
		if err := binary.Write(&weights, binary.LittleEndian, data); err != nil {
			return err
		}
	}
	js, err := json.Marshal(header)
	if err != nil {
		return fmt.Errorf("mlp: Save: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString(fileMagic)
	_ = binary.Write(&buf, binary.LittleEndian, uint64(len(js)))
	buf.Write(js)
	buf.Write(weights.Bytes())
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	if err := atomicfile.WriteFile(path, buf.Bytes()); err != nil {
		return fmt.Errorf("mlp: Save: %w", err)
	}
	return nil
}

// Load reads a model written by Save: it is ready to Predict, and to Evaluate and Fit when it was
// saved compiled. Corrupt, truncated or inconsistent files are reported as errors.
func Load(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mlp: Load: %w", err)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("mlp: Load %s: %s; the file is not a model saved by mlp.Save or it is corrupt — save it again",
			path, fmt.Sprintf(format, args...))
	}
	if len(data) < len(fileMagic)+8+sha256.Size || string(data[:len(fileMagic)]) != fileMagic {
		return nil, bad("unknown format (wrong magic or too short)")
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, bad("checksum mismatch (truncated or modified)")
	}
	rest := body[len(fileMagic):]
	n := binary.LittleEndian.Uint64(rest)
	rest = rest[8:]
	if n > maxHeader || n > uint64(len(rest)) {
		return nil, bad("header length %d out of range", n)
	}
	var h savedModel
	if err := json.Unmarshal(rest[:n], &h); err != nil {
		return nil, bad("header: %v", err)
	}
	weights := rest[n:]

	m := NewSequential().WithSeed(h.Seed)
	if h.Inputs > 0 {
		m.Add(Input(h.Inputs))
	}
	for _, l := range h.Layers {
		m.Add(l)
	}
	if m.err != nil {
		return nil, bad("architecture: %v", m.err)
	}
	// The header's sizes against the file's length, before anything is allocated for them.
	size, err := checkParamMemory(m.layers, m.inputs, 2)
	if err != nil {
		return nil, bad("architecture: %v", err)
	}
	if size != uint64(len(weights)) {
		return nil, bad("the header declares %d bytes of weights, the file holds %d", size, len(weights))
	}
	if err := m.build(0); err != nil {
		return nil, bad("%v", err)
	}
	if len(h.Params) != len(m.params) {
		return nil, bad("%d weight tensors for an architecture that has %d", len(h.Params), len(m.params))
	}
	for i, p := range m.params {
		sp := h.Params[i]
		if sp.Name != p.name || fmt.Sprint(sp.Shape) != fmt.Sprint(p.shape) {
			return nil, bad("weight %d is %s%v, the architecture wants %s%v", i, sp.Name, sp.Shape, p.name, p.shape)
		}
		size := p.size()
		if len(weights) < 4*size {
			return nil, bad("weights end early at %s", p.name)
		}
		values := make([]float32, size)
		for j := range values {
			values[j] = math.Float32frombits(binary.LittleEndian.Uint32(weights[4*j:]))
		}
		weights = weights[4*size:]
		if err := p.v.SetValue(tensors.FromFlatDataAndDimensions(values, p.shape...)); err != nil {
			return nil, fmt.Errorf("mlp: Load %s: setting %s: %w", path, p.name, err)
		}
	}
	if len(weights) != 0 {
		return nil, bad("%d unexpected bytes after the weights", len(weights))
	}
	m.history = h.History
	if h.Compile != nil {
		opts := []CompileOption{Loss(h.Compile.Loss), h.Compile.Optimizer}
		if len(h.Compile.Metrics) > 0 {
			opts = append(opts, Metrics(h.Compile.Metrics...))
		}
		if err := m.Compile(opts...); err != nil {
			return nil, bad("compile settings: %v", err)
		}
	}
	return m, nil
}
