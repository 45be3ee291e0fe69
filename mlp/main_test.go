package mlp

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

func TestMain(m *testing.M) {
	// Unit tests run on the pure-Go backend unless GOMLX_BACKEND says otherwise.
	SetBackendNotice(nil)
	config := os.Getenv(backendEnv)
	if config == "" {
		config = "go"
	}
	if _, err := UseBackend(config); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// MLP_TEST_SPLIT=off trains every batch whole, as on XLA, so that path is tested on the Go
	// backend too (make unit runs the tests both ways).
	switch split := os.Getenv("MLP_TEST_SPLIT"); split {
	case "", "on":
	case "off":
		wholeBatches = true
	default:
		fmt.Fprintf(os.Stderr, "MLP_TEST_SPLIT=%q: want \"on\" or \"off\"\n", split)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// blobs returns n examples of a 3-class problem in 4 features: class c is centred on feature c.
func blobs(n int, seed uint64) (x Matrix, oneHot Matrix, ids []int) {
	r := rand.New(rand.NewPCG(seed, 1))
	x = Matrix{Data: make([]float32, n*4), Rows: n, Cols: 4}
	oneHot = Matrix{Data: make([]float32, n*3), Rows: n, Cols: 3}
	ids = make([]int, n)
	for i := range n {
		c := i % 3
		ids[i] = c
		oneHot.Data[i*3+c] = 1
		for j := range 4 {
			x.Data[i*4+j] = float32(r.NormFloat64() * 0.3)
		}
		x.Data[i*4+c] += 1.5
	}
	return x, oneHot, ids
}

// seedModel returns the seed program's architecture.
func seedModel() *Model {
	return NewSequential(Dense(500, InputDim(28*28)), Activation("sigmoid"),
		Dense(500), Activation("sigmoid"), Dense(10), Activation("softmax"))
}

// dropoutSample runs the forward pass in training mode once and returns the first row.
func (m *Model) dropoutSample(t *testing.T, x Matrix) []float32 {
	t.Helper()
	if err := m.build(x.Cols); err != nil {
		t.Fatal(err)
	}
	out, err := model.CallOnce(m.backend, m.store, func(scope *model.Scope, in *graph.Node) *graph.Node {
		return m.forward(scope, in, true)
	}, tensors.FromFlatDataAndDimensions(x.Data, x.Rows, x.Cols))
	if err != nil {
		t.Fatal(err)
	}
	return tensors.MustCopyFlatData[float32](out)
}

// TestSplitSwitch checks that MLP_TEST_SPLIT reaches the models the tests build.
func TestSplitSwitch(t *testing.T) {
	m := NewSequential(Input(4), Dense(3), Activation("softmax"))
	if err := m.Compile(Loss("mse"), SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	if err := m.build(4); err != nil {
		t.Fatal(err)
	}
	_, info, err := Backend()
	if err != nil {
		t.Fatal(err)
	}
	want := 1
	if info.Name == "go" && os.Getenv("MLP_TEST_SPLIT") != "off" && runtime.NumCPU() >= 2 {
		want = 2
	}
	if got := m.trainParts(100); got != want {
		t.Errorf("MLP_TEST_SPLIT=%q on %s: a batch of 100 trains in %d part(s), want %d", os.Getenv("MLP_TEST_SPLIT"), info.Config, got, want)
	}
}
