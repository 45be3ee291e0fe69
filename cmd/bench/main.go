// Command bench times the seed's model (784→500→500→10, sigmoid, MSE, SGD(0.1), batch 100) per
// epoch of MNIST with the mlp package and, interleaved in the same run, with PyTorch on the same
// CPU, and prints seconds per epoch, their ratio and its spread over rounds. With -doc it
// regenerates docs/performance.md.
//
// Usage:
//
//	GOEXPERIMENT=simd go run ./cmd/bench [-rounds 3] [-doc docs/performance.md]
package main

import (
	"bufio"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
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
	"github.com/dlgo/hello/mlp"
)

//go:embed torch_mlp.py
var torchScript []byte

// run is one contender's per-epoch results.
type run struct {
	name    string
	seconds []float64
	acc     []float64
}

func main() {
	rounds := flag.Int("rounds", 3, "epochs per contender, interleaved")
	threads := flag.Int("torch-threads", 1, "PyTorch intra-op threads")
	python := flag.String("python", "/usr/bin/python3", "Python with PyTorch (Debian: apt-get install python3-torch)")
	xla := flag.String("xla", "auto", `also time XLA: "auto" (when a PJRT plugin is installed), "off", or a backend config such as "xla:cpu"`)
	doc := flag.String("doc", "", "write the results as markdown to this file (docs/performance.md)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
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
	if err := bench(*rounds, *threads, *python, *xla, *doc); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func bench(rounds, threads int, python, xlaConfig, doc string) error {
	train, _, err := datasets.LoadMNIST()
	if err != nil {
		return err
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

	torch, err := startTorch(python, train, threads)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: PyTorch unavailable, timing mlp alone: %v\n", err)
	} else {
		defer torch.close()
		contenders = append(contenders, &contender{run: run{name: fmt.Sprintf("PyTorch %s, %d thread(s)", torch.version, threads)}, epoch: torch.epoch})
	}

	if cfg := xlaBackendConfig(xlaConfig, goInfo); cfg != "" {
		if _, err := mlp.UseBackend(cfg); err != nil {
			fmt.Fprintf(os.Stderr, "bench: skipping XLA: %v\n", err)
		} else if m, err := seedModel(); err != nil {
			return err
		} else {
			contenders = append(contenders, &contender{run: run{name: "mlp, " + cfg}, epoch: fitEpoch(m, x, y)})
		}
	}

	for r := 1; r <= rounds; r++ {
		for _, c := range contenders {
			secs, acc, err := c.epoch()
			if err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			c.seconds = append(c.seconds, secs)
			c.acc = append(c.acc, acc)
			fmt.Printf("round %d/%d  %-40s %6.2f s/epoch  acc %.4f\n", r, rounds, c.name, secs, acc)
		}
	}
	report := format(contenders, torch != nil)
	fmt.Print("\n" + report)
	if doc != "" {
		return writeDoc(doc, report, goInfo, rounds, threads)
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

// torchProc is the PyTorch script running as a subprocess, one epoch per request.
type torchProc struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	out     *bufio.Scanner
	version string
	dir     string
}

func startTorch(python string, train *datasets.Set, threads int) (*torchProc, error) {
	dir, err := os.MkdirTemp("", "bench-torch-")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"torch_mlp.py": torchScript, "images.u8": train.Images, "labels.u8": train.Labels}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command(python, filepath.Join(dir, "torch_mlp.py"), filepath.Join(dir, "images.u8"),
		filepath.Join(dir, "labels.u8"), strconv.Itoa(threads), "1")
	cmd.Env = append(os.Environ(), fmt.Sprintf("OPENBLAS_NUM_THREADS=%d", threads), fmt.Sprintf("OMP_NUM_THREADS=%d", threads))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%w (install PyTorch: apt-get install python3-torch)", err)
	}
	t := &torchProc{cmd: cmd, in: in, out: bufio.NewScanner(stdout), dir: dir}
	line, err := t.read()
	if err != nil || !strings.HasPrefix(line, "ready torch ") {
		t.close()
		return nil, fmt.Errorf("PyTorch did not start (%q, %v); install it with: apt-get install python3-torch", line, err)
	}
	t.version = strings.Fields(line)[2]
	return t, nil
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

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// format renders the results table; ratios are per round against PyTorch's epoch of that round.
func format(cs []*contender, haveTorch bool) string {
	var b strings.Builder
	b.WriteString("| contender | s/epoch (median) | min | max | ratio to PyTorch (median, min–max over rounds) |\n")
	b.WriteString("|---|---|---|---|---|\n")
	var torch *contender
	if haveTorch {
		torch = cs[1]
	}
	for _, c := range cs {
		ratio := "—"
		if torch != nil && c != torch {
			r := make([]float64, len(c.seconds))
			for i := range r {
				r[i] = c.seconds[i] / torch.seconds[i]
			}
			ratio = fmt.Sprintf("%.2fx (%.2f–%.2f)", median(r), slices.Min(r), slices.Max(r))
		}
		fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.2f | %s |\n", c.name, median(c.seconds), slices.Min(c.seconds), slices.Max(c.seconds), ratio)
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

func writeDoc(path, table string, info mlp.BackendInfo, rounds, threads int) error {
	var b strings.Builder
	b.WriteString(docBegin + "\n\n")
	fmt.Fprintf(&b, "Command: `make bench ARGS=\"-rounds %d -torch-threads %d -doc %s\"`\n\n", rounds, threads, path)
	fmt.Fprintf(&b, "Machine: %s, %d logical CPUs, %s/%s, %s; measured %s.\n\n", cpuModel(), runtime.NumCPU(),
		runtime.GOOS, runtime.GOARCH, runtime.Version(), time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(&b, "Backend: %s\n\n", info)
	b.WriteString(table)
	b.WriteString("\n" + docEnd)
	return os.WriteFile(path, []byte(replaceGenerated(readOrEmpty(path), b.String())), 0o644)
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
