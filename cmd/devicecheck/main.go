// Command devicecheck exercises mlp on one backend, for a machine with an accelerator and no Go
// toolchain: `make device-check` builds it next to cmd/hello and cmd/bench and lays out a folder
// whose run.sh calls it (see run.sh).
//
// Usage:
//
//	devicecheck seed [-epochs 20] [-limit N] [-save FILE]  # the seed's training, timed per epoch
//	devicecheck evaluate [-want-accuracy A] FILE          # load a saved model, evaluate it on the test set
//	devicecheck plugins DIR...                            # shared objects under DIRs exporting GetPjrtApi
//
// The backend is $GOMLX_BACKEND (e.g. "xla:/abs/path/xla_cuda_plugin.so"), else mlp's automatic
// choice. seed and evaluate end with one "summary:" line for the check's summary file.
package main

import (
	"debug/elf"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/internal/stats"
	"github.com/dlgo/hello/mlp"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "seed":
		err = seedCmd(os.Stdout, args)
	case "evaluate":
		err = evaluateCmd(os.Stdout, args)
	case "plugins":
		err = pluginsCmd(os.Stdout, args)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "devicecheck:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: devicecheck seed [-epochs N] [-limit N] [-save FILE] | evaluate [-want-accuracy A] FILE | plugins DIR...")
	os.Exit(2)
}

// seedCmd trains the seed's model (seed 1) and prints each epoch's seconds, the test score and a
// summary line; it saves the model when asked.
func seedCmd(out io.Writer, args []string) error {
	flags := flag.NewFlagSet("seed", flag.ContinueOnError)
	epochs := flags.Int("epochs", 20, "epochs")
	limit := flags.Int("limit", 0, "train on the first N images only (0: all)")
	save := flags.String("save", "", "save the trained model to this file")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *epochs < 1 {
		return fmt.Errorf("-epochs %d: want at least 1", *epochs)
	}
	_, info, err := mlp.Backend() // prints which backend, and why, to stderr
	if err != nil {
		return err
	}
	train, test, err := datasets.LoadMNIST()
	if err != nil {
		return err
	}
	if *limit > 0 && *limit < train.Count {
		train = train.Slice(0, *limit)
	}
	m := mlp.NewSequential(
		mlp.Dense(500, mlp.InputDim(28*28)), mlp.Activation("sigmoid"),
		mlp.Dense(500), mlp.Activation("sigmoid"),
		mlp.Dense(10), mlp.Activation("softmax")).WithSeed(1)
	if err := m.Compile(mlp.Loss("mse"), mlp.SGD(0.1), mlp.Metrics("accuracy")); err != nil {
		return err
	}
	h, err := m.Fit(train.Flat(), train.OneHot(), mlp.Epochs(*epochs), mlp.BatchSize(100), mlp.Verbose(0))
	if err != nil {
		return err
	}
	for i, s := range h.Seconds {
		fmt.Fprintf(out, "epoch %d: %.3f s, loss %.4f, accuracy %.4f\n", i+1, s, h.Loss[i], h.Accuracy[i])
	}
	score, err := m.Evaluate(test.Flat(), test.OneHot(), mlp.BatchSize(32), mlp.Verbose(0))
	if err != nil {
		return err
	}
	if *save != "" {
		if err := m.Save(*save); err != nil {
			return err
		}
		fmt.Fprintln(out, "saved to", *save)
	}
	fmt.Fprintln(out, "summary: "+seedSummary(info.Config, h.Seconds, score))
	return nil
}

// seedSummary describes a timed run in one line: test score, the training's seconds with the
// first epoch (which includes compiling), the later epochs' median, and the training's seconds
// had the first epoch taken that median (without the first compile).
func seedSummary(backend string, seconds []float64, score mlp.Score) string {
	total := 0.0
	for _, s := range seconds {
		total += s
	}
	s := fmt.Sprintf("%s: %d epoch(s), test accuracy %.4f, test loss %.5f; training %.2f s, first epoch %.2f s (with compile)",
		backend, len(seconds), score.Accuracy, score.Loss, total, seconds[0])
	if len(seconds) > 1 {
		later := stats.Median(seconds[1:])
		s += fmt.Sprintf(", later epochs %.3f s each (median), training without the first compile %.2f s",
			later, total-seconds[0]+later)
	}
	return s
}

// evaluateCmd loads a saved model and evaluates it on the test set, on the current backend.
func evaluateCmd(out io.Writer, args []string) error {
	flags := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	want := flags.Float64("want-accuracy", -1, "fail unless the test accuracy is within 1e-3 of this (-1: no check)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return errors.New("evaluate: give one model file (saved by devicecheck seed -save or hello -save)")
	}
	_, info, err := mlp.Backend() // prints which backend, and why, to stderr
	if err != nil {
		return err
	}
	m, err := mlp.Load(flags.Arg(0))
	if err != nil {
		return err
	}
	_, test, err := datasets.LoadMNIST()
	if err != nil {
		return err
	}
	score, err := m.Evaluate(test.Flat(), test.OneHot(), mlp.BatchSize(32), mlp.Verbose(0))
	if err != nil {
		return err
	}
	line := fmt.Sprintf("summary: %s: loaded %s, test accuracy %.4f, test loss %.5f", info.Config, filepath.Base(flags.Arg(0)), score.Accuracy, score.Loss)
	if *want >= 0 {
		if math.Abs(score.Accuracy-*want) > 1e-3 {
			fmt.Fprintln(out, line)
			return fmt.Errorf("the loaded model's test accuracy %.4f differs from %.4f, the accuracy before saving", score.Accuracy, *want)
		}
		line += fmt.Sprintf(" (as before saving: %.4f)", *want)
	}
	fmt.Fprintln(out, line)
	return nil
}

// pluginsCmd prints, one per line and once each (symbolic links resolved), the shared objects
// under the given directories that export GetPjrtApi, the entry point of a PJRT plugin.
// Directories that do not exist are skipped.
func pluginsCmd(out io.Writer, dirs []string) error {
	seen := map[string]bool{}
	for _, dir := range dirs {
		found, err := findPlugins(dir)
		if err != nil {
			return err
		}
		for _, p := range found {
			if real, err := filepath.EvalSymlinks(p); err == nil {
				p = real
			}
			if !seen[p] {
				seen[p] = true
				fmt.Fprintln(out, p)
			}
		}
	}
	return nil
}

// findPlugins walks dir for regular files named *.so or *.so.* whose ELF dynamic symbol table
// defines GetPjrtApi. Unreadable entries and files that are not ELF are skipped.
func findPlugins(dir string) ([]string, error) {
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return nil // unreadable: skip
		}
		name := d.Name()
		if !d.Type().IsRegular() || !(strings.HasSuffix(name, ".so") || strings.Contains(name, ".so.")) {
			return nil
		}
		if exportsPJRT(path) {
			found = append(found, path)
		}
		return nil
	})
	return found, err
}

// exportsPJRT reports whether the ELF shared object at path defines the dynamic symbol GetPjrtApi.
func exportsPJRT(path string) bool {
	f, err := elf.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	syms, err := f.DynamicSymbols()
	if err != nil {
		return false
	}
	for _, s := range syms {
		if s.Name == "GetPjrtApi" && s.Section != elf.SHN_UNDEF && elf.ST_TYPE(s.Info) == elf.STT_FUNC {
			return true
		}
	}
	return false
}
