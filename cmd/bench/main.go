// Command bench times the seed's model (784→500→500→10, sigmoid, MSE, SGD(0.1), batch 100) per
// epoch of MNIST with the mlp package and, interleaved in the same run, with PyTorch on the same
// CPU, and prints seconds per epoch, each contender's ratio to the fastest PyTorch and its spread
// over rounds. With -doc it regenerates docs/performance.md.
//
// PyTorch is timed at its best and as some machines configure it: with one thread and OpenBLAS
// pinned (OPENBLAS_CORETYPE, as the environment sets it, else -pin), and with OpenBLAS's pin
// variables removed from that process's environment only, with each -torch-threads count, and
// unpinned with one thread and subnormal floats flushed to zero (torch.set_flush_denormal). Before
// the timing every PyTorch process trains a few batches from the same seed, and one whose losses
// differ from the first's by more than 1e-3 is left out.
//
// Usage:
//
//	GOEXPERIMENT=simd go run ./cmd/bench [-rounds 3] [-torch-threads 1,2] [-doc docs/performance.md]
package main

import (
	"bufio"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/internal/stats"
	"github.com/dlgo/hello/mlp"
)

//go:embed torch_mlp.py
var torchScript []byte

// run is one contender's per-epoch results.
type run struct {
	name    string
	peer    bool // a PyTorch run, which mlp is compared with
	seconds []float64
	acc     []float64
}

// peerCheckBatches is how many training batches every PyTorch peer trains from the same seed
// before the timing, to check that its environment changes no result.
const peerCheckBatches = 50

// peerCheckTolerance is the largest difference allowed between a peer's check losses and the
// reference peer's.
const peerCheckTolerance = 1e-3

func main() {
	rounds := flag.Int("rounds", 3, "epochs per contender, interleaved")
	threads := flag.String("torch-threads", "1,2", "PyTorch intra-op thread counts to time, each with OpenBLAS unpinned (comma-separated)")
	pin := flag.String("pin", "Haswell", `OPENBLAS_CORETYPE for the pinned PyTorch row when the environment sets none ("" for no pinned row)`)
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
	o := options{rounds: *rounds, threads: threadCounts, pin: *pin, python: *python, xla: *xla, limit: *limit, doc: *doc}
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
	pin, python string
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
		peers = peerSpecs(os.Environ(), o.threads, o.pin)
	}
	started, err := startPeers(o.python, train, peers)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: PyTorch unavailable, timing mlp alone: %v\n", err)
	}
	for _, p := range started {
		defer p.close()
		contenders = append(contenders, &contender{run: run{name: p.name, peer: true}, epoch: p.epoch})
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

	for r := 1; r <= o.rounds; r++ {
		for _, c := range contenders {
			secs, acc, err := c.epoch()
			if err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			c.seconds = append(c.seconds, secs)
			c.acc = append(c.acc, acc)
			fmt.Printf("round %d/%d  %-60s %6.2f s/epoch  acc %.4f\n", r, o.rounds, c.name, secs, acc)
		}
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

func seedModel() (*mlp.Model, error) {
	m := mlp.NewSequential(
		mlp.Dense(500, mlp.InputDim(28*28)), mlp.Activation("sigmoid"),
		mlp.Dense(500), mlp.Activation("sigmoid"),
		mlp.Dense(10), mlp.Activation("softmax")).WithSeed(1)
	return m, m.Compile(mlp.Loss("mse"), mlp.SGD(0.1), mlp.Metrics("accuracy"))
}

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

// OpenBLAS's variables that pin its kernels: OPENBLAS_CORETYPE=Haswell makes it use its AVX2
// kernels on an AVX-512 CPU (some machines set it for every process), OPENBLAS_L2_SIZE goes with it.
const (
	coreTypeEnv = "OPENBLAS_CORETYPE"
	l2SizeEnv   = "OPENBLAS_L2_SIZE"
)

// peerSpec is one PyTorch contender: its row name, threads and process environment.
type peerSpec struct {
	name    string
	threads int
	env     []string
}

// peerSpecs lists the PyTorch contenders: OpenBLAS pinned as the environment pins it (or to
// pin when it pins nothing; no such row when pin is ""), with one thread, then OpenBLAS unpinned
// (its variables removed from that process's environment only) with each thread count, then
// unpinned with one thread and subnormal numbers flushed to zero (flushDenormalEnv). The first is
// the reference the others' results are checked against.
func peerSpecs(environ []string, threads []int, pin string) []peerSpec {
	var specs []peerSpec
	if core, ok := lookup(environ, coreTypeEnv); ok {
		specs = append(specs, peerSpec{name: fmt.Sprintf("1 thread, OpenBLAS pinned (%s=%s, machine default)", coreTypeEnv, core),
			threads: 1, env: withThreads(environ, 1)})
	} else if pin != "" {
		specs = append(specs, peerSpec{name: fmt.Sprintf("1 thread, OpenBLAS pinned (%s=%s)", coreTypeEnv, pin),
			threads: 1, env: withThreads(append(slices.Clone(environ), coreTypeEnv+"="+pin), 1)})
	}
	unpinned := without(environ, coreTypeEnv, l2SizeEnv)
	for _, n := range threads {
		name := fmt.Sprintf("%d threads, OpenBLAS unpinned", n)
		if n == 1 {
			name = "1 thread, OpenBLAS unpinned"
		}
		specs = append(specs, peerSpec{name: name, threads: n, env: withThreads(unpinned, n)})
	}
	// With raw 0..255 pixels the seed's sigmoids produce subnormal floats, on which the CPU's
	// arithmetic is tens of times slower; PyTorch can flush them to zero.
	specs = append(specs, peerSpec{name: "1 thread, OpenBLAS unpinned, subnormals flushed (torch.set_flush_denormal)",
		threads: 1, env: append(withThreads(unpinned, 1), flushDenormalEnv+"=1")})
	return specs
}

// flushDenormalEnv, set to 1 in a PyTorch process's environment, makes torch_mlp.py call
// torch.set_flush_denormal(True): subnormal floats are then treated and produced as zero.
const flushDenormalEnv = "BENCH_TORCH_FLUSH_DENORMAL"

// lookup returns the value of name in environ.
func lookup(environ []string, name string) (string, bool) {
	for _, kv := range slices.Backward(environ) {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v, true
		}
	}
	return "", false
}

// without returns a copy of environ without the given variables.
func without(environ []string, names ...string) []string {
	return slices.DeleteFunc(slices.Clone(environ), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		return slices.Contains(names, k)
	})
}

// withThreads returns environ with OpenBLAS's and OpenMP's thread counts set to n.
func withThreads(environ []string, n int) []string {
	return append(without(environ, "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"),
		fmt.Sprintf("OPENBLAS_NUM_THREADS=%d", n), fmt.Sprintf("OMP_NUM_THREADS=%d", n))
}

// startPeers starts one PyTorch process per spec and checks that each trains like the first
// (peerCheckBatches batches from the same seed, losses within peerCheckTolerance); a peer that
// does not is left out with a message. It fails only when PyTorch cannot run at all.
func startPeers(python string, train *datasets.Set, specs []peerSpec) ([]*torchProc, error) {
	var peers []*torchProc
	var ref []float64
	batches := min(peerCheckBatches, train.Count/100)
	for _, spec := range specs {
		p, err := startTorch(python, train, spec.threads, spec.env)
		if err != nil {
			for _, q := range peers {
				q.close()
			}
			return nil, err
		}
		p.name = fmt.Sprintf("PyTorch %s, %s", p.version, spec.name)
		losses, err := p.check(batches)
		if err != nil {
			p.close()
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		if ref == nil {
			ref = losses
		} else if d := maxDiff(losses, ref); d > peerCheckTolerance || len(losses) != len(ref) {
			fmt.Fprintf(os.Stderr, "bench: leaving out %s: its losses over %d batches differ from %s's by up to %.2g (> %g)\n",
				p.name, batches, peers[0].name, d, peerCheckTolerance)
			p.close()
			continue
		} else {
			fmt.Printf("%s: same losses as %s over %d batches (max difference %.1e)\n", p.name, peers[0].name, batches, d)
		}
		peers = append(peers, p)
	}
	return peers, nil
}

// maxDiff returns the largest absolute difference between a and b, element by element.
func maxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range min(len(a), len(b)) {
		d = max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// torchProc is the PyTorch script running as a subprocess, one epoch per request.
type torchProc struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	out     *bufio.Scanner
	version string
	name    string
	dir     string
}

func startTorch(python string, train *datasets.Set, threads int, env []string) (*torchProc, error) {
	dir, err := os.MkdirTemp("", "bench-torch-")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"torch_mlp.py": torchScript, "images.u8": train.Images, "labels.u8": train.Labels}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	cmd := exec.Command(python, filepath.Join(dir, "torch_mlp.py"), filepath.Join(dir, "images.u8"),
		filepath.Join(dir, "labels.u8"), strconv.Itoa(threads), "1")
	cmd.Env = env
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%w (install PyTorch: apt-get install python3-torch)", err)
	}
	t := &torchProc{cmd: cmd, in: in, out: bufio.NewScanner(stdout), dir: dir}
	t.out.Buffer(nil, 1<<20)
	line, err := t.read()
	if err != nil || !strings.HasPrefix(line, "ready torch ") {
		t.close()
		return nil, fmt.Errorf("PyTorch did not start (%q, %v); install it with: apt-get install python3-torch", line, err)
	}
	t.version = strings.Fields(line)[2]
	return t, nil
}

// check asks for the losses of a fresh model over the first n batches.
func (t *torchProc) check(n int) ([]float64, error) {
	if _, err := fmt.Fprintf(t.in, "check %d\n", n); err != nil {
		return nil, err
	}
	line, err := t.read()
	if err != nil {
		return nil, err
	}
	f := strings.Fields(line)
	if len(f) != n+1 || f[0] != "check" {
		return nil, errors.New("unexpected answer: " + line)
	}
	losses := make([]float64, n)
	for i, s := range f[1:] {
		if losses[i], err = strconv.ParseFloat(s, 64); err != nil {
			return nil, fmt.Errorf("unexpected answer %q: %w", line, err)
		}
	}
	return losses, nil
}

func (t *torchProc) read() (string, error) {
	if !t.out.Scan() {
		if err := t.out.Err(); err != nil {
			return "", err
		}
		return "", io.ErrUnexpectedEOF
	}
	return t.out.Text(), nil
}

func (t *torchProc) epoch() (float64, float64, error) {
	if _, err := fmt.Fprintln(t.in, "epoch"); err != nil {
		return 0, 0, err
	}
	line, err := t.read()
	if err != nil {
		return 0, 0, err
	}
	f := strings.Fields(line)
	if len(f) != 4 || f[0] != "epoch" {
		return 0, 0, errors.New("unexpected answer: " + line)
	}
	secs, err1 := strconv.ParseFloat(f[1], 64)
	acc, err2 := strconv.ParseFloat(f[3], 64)
	return secs, acc, errors.Join(err1, err2)
}

func (t *torchProc) close() {
	fmt.Fprintln(t.in, "quit")
	t.in.Close()
	_ = t.cmd.Wait()
	os.RemoveAll(t.dir)
}

// format renders the results table. Ratios are per round, against the epoch of that round of
// the fastest peer (the PyTorch contender with the lowest median).
func format(cs []*contender) string {
	var b strings.Builder
	b.WriteString("| contender | s/epoch (median) | min | max | ratio to the fastest PyTorch (median, min–max over rounds) |\n")
	b.WriteString("|---|---|---|---|---|\n")
	var fastest *contender
	for _, c := range cs {
		if c.peer && len(c.seconds) > 0 && (fastest == nil || stats.Median(c.seconds) < stats.Median(fastest.seconds)) {
			fastest = c
		}
	}
	for _, c := range cs {
		if len(c.seconds) == 0 {
			continue
		}
		ratio := "—"
		if c == fastest {
			ratio = "1 (the fastest PyTorch)"
		} else if fastest != nil && len(c.seconds) == len(fastest.seconds) {
			r := make([]float64, len(c.seconds))
			for i := range r {
				r[i] = c.seconds[i] / fastest.seconds[i]
			}
			ratio = fmt.Sprintf("%.2fx (%.2f–%.2f)", stats.Median(r), slices.Min(r), slices.Max(r))
		}
		fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.2f | %s |\n", c.name, stats.Median(c.seconds), slices.Min(c.seconds), slices.Max(c.seconds), ratio)
	}
	return b.String()
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// Markers around the part of docs/performance.md that the benchmark writes; the rest of the file
// (the analysis) is kept as it is.
const (
	docBegin = "<!-- bench:begin (generated by cmd/bench; do not edit by hand) -->"
	docEnd   = "<!-- bench:end -->"
)

func writeDoc(path, table string, info mlp.BackendInfo, o options, havePeers bool) error {
	var b strings.Builder
	b.WriteString(docBegin + "\n\n")
	threads := make([]string, len(o.threads))
	for i, n := range o.threads {
		threads[i] = strconv.Itoa(n)
	}
	fmt.Fprintf(&b, "Command: `make bench ARGS=\"-rounds %d -torch-threads %s -doc %s\"`", o.rounds, strings.Join(threads, ","), path)
	if o.limit > 0 {
		fmt.Fprintf(&b, " with `-limit %d` (not the full epoch)", o.limit)
	}
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "Machine: %s, %d logical CPUs, %s/%s, %s; measured %s.\n\n", cpuModel(), runtime.NumCPU(),
		runtime.GOOS, runtime.GOARCH, runtime.Version(), time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(&b, "Backend: %s\n\n", info)
	if havePeers {
		batches := peerCheckBatches
		if o.limit > 0 {
			batches = min(batches, o.limit/100)
		}
		fmt.Fprintf(&b, "Every PyTorch row first trained %d batches from the same seed with losses within %g of the first row's.\n\n",
			batches, peerCheckTolerance)
	}
	b.WriteString(table)
	b.WriteString("\n" + docEnd)
	return writeFileAtomic(path, []byte(replaceGenerated(readOrEmpty(path), b.String())))
}

// writeFileAtomic writes data to a temporary file next to path, syncs it and renames it over path.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

func readOrEmpty(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(data)
}

// replaceGenerated puts section between the markers of doc, or appends it to a new document.
func replaceGenerated(doc, section string) string {
	i, j := strings.Index(doc, docBegin), strings.Index(doc, docEnd)
	if i < 0 || j < i {
		return "# Performance\n\n" + section + "\n"
	}
	return doc[:i] + section + doc[j+len(docEnd):]
}
