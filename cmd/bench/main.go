// Command bench times the seed's model (784→500→500→10, sigmoid, MSE, SGD(0.1), batch 100) per
// epoch of MNIST with the mlp package and, interleaved in the same run, with PyTorch on the same
// CPU, and prints seconds per epoch, each contender's ratio to the peer at its best and its spread
// over rounds. With -doc it regenerates the generated section of docs/performance.md.
//
// Epochs are timed inside each process (mlp's History, torch_mlp.py's clock), so start-up is never
// part of them; every contender first trains one epoch that is not counted (compilation, caches),
// then -rounds epochs, interleaved, of which the table gives the median and the range.
//
// PyTorch runs its matrix products in OpenBLAS, whose choice of kernels for the CPU can be poor
// (generic ones on a virtual machine that hides its CPU model) or pinned by the machine
// (OPENBLAS_CORETYPE). So PyTorch is timed, with one thread and subnormal floats flushed to zero
// (torch.set_flush_denormal), with OpenBLAS as it detects the CPU and with each kernel set the CPU
// can run (-kernels, as OPENBLAS_CORETYPE in that process's environment only); the fastest of
// these is "the peer at its best", which every ratio divides by. Then, without flushing, as many
// machines run it: OpenBLAS autodetected with each -torch-threads count, and as the environment
// pins it, if it does. Every row names the kernels OpenBLAS itself says it used. Before the timing
// every PyTorch process trains a few batches from the same seed, and one whose losses differ from
// the first's by more than 1e-3 is left out, as is one that would repeat another row.
//
// Usage:
//
//	GOEXPERIMENT=simd go run ./cmd/bench [-rounds 3] [-torch-threads 1,2] [-kernels auto] [-doc docs/performance.md]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
)

// run is one contender's per-epoch results.
type run struct {
	name    string
	peer    bool   // a PyTorch run, which mlp is compared with
	flushed bool   // a PyTorch run with subnormals flushed: a candidate for the peer at its best
	kernel  string // the OpenBLAS kernels of a PyTorch run, "" when unknown
	seconds []float64
	acc     []float64
}

func main() {
	rounds := flag.Int("rounds", 3, "timed epochs per contender, interleaved, after one warm-up epoch that is not counted")
	threads := flag.String("torch-threads", "1,2", "PyTorch intra-op thread counts to time with OpenBLAS autodetected and subnormals kept (comma-separated)")
	kernels := flag.String("kernels", "auto", `OPENBLAS_CORETYPE values to time PyTorch with (1 thread, subnormals flushed), beside OpenBLAS's own choice: "auto" (those this CPU can run), "none", or names such as Haswell,SkylakeX`)
	python := flag.String("python", "/usr/bin/python3", `Python with PyTorch (Debian: apt-get install python3-torch); "" times mlp alone`)
	xla := flag.String("xla", "auto", `also time XLA: "auto" (when a PJRT plugin is installed), "off", or a backend config such as "xla:cpu"`)
	limit := flag.Int("limit", 0, "train on the first N images only (0: all 60,000); for quick checks")
	doc := flag.String("doc", "", "write the results as markdown to this file (docs/performance.md)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	threadCounts, err := parseThreads(*threads)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	kernelNames, err := parseKernels(*kernels, detectCPU())
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if *rounds < 1 {
		fmt.Fprintln(os.Stderr, "bench: -rounds must be at least 1")
		os.Exit(2)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	o := options{rounds: *rounds, threads: threadCounts, kernels: kernelNames, kernelsFlag: *kernels, python: *python, xla: *xla, limit: *limit, doc: *doc}
	if err := bench(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// options are the flags.
type options struct {
	rounds      int
	threads     []int
	kernels     []string // OPENBLAS_CORETYPE values
	kernelsFlag string   // -kernels as given ("auto"), for the command line in the document
	python      string
	xla, doc    string
	limit       int
}

// parseThreads reads the -torch-threads list.
func parseThreads(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-torch-threads %q: want positive thread counts separated by commas, e.g. 1,2", s)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

func bench(o options) error {
	train, _, err := datasets.LoadMNIST()
	if err != nil {
		return err
	}
	if o.limit > 0 && o.limit < train.Count {
		train = train.Slice(0, o.limit)
	}
	x, y := train.Flat(), train.OneHot()

	_, goInfo, err := mlp.Backend()
	if err != nil {
		return err
	}
	contenders := []*contender{}
	goModel, err := seedModel()
	if err != nil {
		return err
	}
	contenders = append(contenders, &contender{run: run{name: "mlp, " + goInfo.Config}, epoch: fitEpoch(goModel, x, y)})

	var peers []peerSpec
	if o.python != "" {
		peers = peerSpecs(os.Environ(), o.threads, o.kernels)
	}
	started, err := startPeers(o.python, train, peers)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: PyTorch unavailable, timing mlp alone: %v\n", err)
	}
	for _, p := range started {
		defer p.close()
		contenders = append(contenders, &contender{run: run{name: p.name, peer: true, flushed: p.spec.flushed, kernel: p.kernel}, epoch: p.epoch})
	}

	if cfg := xlaBackendConfig(o.xla, goInfo); cfg != "" {
		if _, err := mlp.UseBackend(cfg); err != nil {
			fmt.Fprintf(os.Stderr, "bench: skipping XLA: %v\n", err)
		} else if m, err := seedModel(); err != nil {
			return err
		} else {
			contenders = append(contenders, &contender{run: run{name: "mlp, " + cfg}, epoch: fitEpoch(m, x, y)})
		}
	}

	if err := timeRounds(contenders, o.rounds, os.Stdout); err != nil {
		return err
	}
	report := format(contenders)
	fmt.Print("\n" + report)
	if o.doc != "" {
		return writeDoc(o.doc, report, goInfo, o, len(started) > 0)
	}
	return nil
}

type contender struct {
	run
	epoch func() (seconds, acc float64, err error)
}

// timeRounds trains every contender one epoch that is not counted (round 0: compilation, cold
// caches), then rounds epochs, interleaved, and records their seconds and accuracies, printing a
// line per epoch to w.
func timeRounds(cs []*contender, rounds int, w io.Writer) error {
	for r := 0; r <= rounds; r++ {
		for _, c := range cs {
			secs, acc, err := c.epoch()
			if err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			label := fmt.Sprintf("round %d/%d", r, rounds)
			if r == 0 {
				label = "warm-up"
			} else {
				c.seconds = append(c.seconds, secs)
				c.acc = append(c.acc, acc)
			}
			fmt.Fprintf(w, "%-11s %-75s %6.2f s/epoch  acc %.4f\n", label, c.label(), secs, acc)
		}
	}
	return nil
}

// label is the contender's name, with its OpenBLAS kernels for a PyTorch run.
func (c *contender) label() string {
	if !c.peer {
		return c.name
	}
	return fmt.Sprintf("%s [%s]", c.name, kernelLabel(c.kernel))
}

func seedModel() (*mlp.Model, error) {
	m := mlp.NewSequential(
		mlp.Dense(500, mlp.InputDim(28*28)), mlp.Activation("sigmoid"),
		mlp.Dense(500), mlp.Activation("sigmoid"),
		mlp.Dense(10), mlp.Activation("softmax")).WithSeed(1)
	return m, m.Compile(mlp.Loss("mse"), mlp.SGD(0.1), mlp.Metrics("accuracy"))
}

// fitEpoch returns a function that trains m one more epoch and returns the epoch's seconds as
// Fit measures them (the epoch's steps, not Fit's checks of the data).
func fitEpoch(m *mlp.Model, x, y any) func() (float64, float64, error) {
	return func() (float64, float64, error) {
		h, err := m.Fit(x, y, mlp.Epochs(1), mlp.BatchSize(100), mlp.Verbose(0))
		if err != nil {
			return 0, 0, err
		}
		return h.Seconds[0], h.Accuracy[0], nil
	}
}

func xlaBackendConfig(flagValue string, goInfo mlp.BackendInfo) string {
	switch flagValue {
	case "off", "":
		return ""
	case "auto":
		if goInfo.Name == "xla" {
			return "" // already timed as the main backend
		}
		return mlp.InstalledXLA()
	}
	return flagValue
}
