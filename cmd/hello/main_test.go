package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/internal/interrupttest"
	"github.com/dlgo/hello/mlp"
	"github.com/gomlx/gomlx/core/tensors"
)

// asMainEnv makes the test binary run as the command itself (see TestInterruptStopsTraining).
const asMainEnv = "HELLO_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		main()
		return
	}
	mlp.SetBackendNotice(nil)
	if _, err := mlp.UseBackend("go"); err != nil {
		panic(err)
	}
	m.Run()
}

// TestHelloPrintsWhatTheSeedPrints runs the seed's program on the first 2,000 training images
// for 2 epochs and checks the Keras-style log and the final two lines.
func TestHelloPrintsWhatTheSeedPrints(t *testing.T) {
	var out bytes.Buffer
	save := filepath.Join(t.TempDir(), "hello.model")
	c := config{epochs: 2, batch: 100, activation: "sigmoid", lr: 0.1, optimizer: "sgd", loss: "mse",
		seed: 1, save: save, limit: 2000}
	if err := run(&out, c); err != nil {
		t.Fatal(err)
	}
	log := out.String()
	for _, re := range []string{
		`(?m)^Epoch 1/2$`,
		`(?m)^Epoch 2/2$`,
		`(?m)^2000/2000 \[==============================\] - \d+s \d+(us|ms)/step - loss: 0\.\d{4} - acc: 0\.\d{4}$`,
		`(?m)^10000/10000 \[==============================\] - \d+s \d+(us|ms)/step$`,
		`(?m)^Total loss =  0\.\d+$`,
		`(?m)^Accuracy of testing =  0\.\d+$`,
	} {
		if !regexp.MustCompile(re).MatchString(log) {
			t.Errorf("output lacks %s:\n%s", re, log)
		}
	}
	if _, err := mlp.Load(save); err != nil {
		t.Errorf("saved model: %v", err)
	}
}

// notLoaded is a config.load that fails the test: settings must be checked before MNIST loads.
func notLoaded(t *testing.T) func() (*datasets.Set, *datasets.Set, error) {
	return func() (*datasets.Set, *datasets.Set, error) {
		t.Error("MNIST was loaded before the settings were checked")
		return nil, nil, errors.New("not loaded")
	}
}

func TestHelloRejectsBadSettingsBeforeLoading(t *testing.T) {
	ok := config{epochs: 1, batch: 100, activation: "relu", optimizer: "adam", loss: "mse", limit: 100}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		set  func(*config)
		want []string
	}{
		{func(c *config) { c.activation = "sigmoidd" }, []string{"-activation", "unknown activation", "valid activations: elu"}},
		{func(c *config) { c.activation = "" }, []string{"-activation", "empty activation name"}},
		{func(c *config) { c.optimizer = "sgdd" }, []string{"-optimizer", "unknown optimizer", "valid optimizers"}},
		{func(c *config) { c.loss = "hinge" }, []string{"-loss", "unknown loss", "valid losses"}},
		{func(c *config) { c.batch = -5 }, []string{"-batch must be positive, got -5"}},
		{func(c *config) { c.batch = 0 }, []string{"-batch must be positive, got 0"}},
		{func(c *config) { c.epochs = 0 }, []string{"-epochs must be at least 1, got 0", "untrained"}},
		{func(c *config) { c.epochs = -3 }, []string{"-epochs must be at least 1, got -3"}},
		{func(c *config) { c.lr = -1 }, []string{"-lr must be a positive number", "got -1"}},
		{func(c *config) { c.lr = math.NaN() }, []string{"-lr must be a positive number", "got NaN"}},
		{func(c *config) { c.save = filepath.Join(t.TempDir(), "missing", "m.model") }, []string{"-save", "missing does not exist", "mkdir -p"}},
		{func(c *config) { c.save = filepath.Join(file, "m.model") }, []string{"-save", "is not a directory"}},
		{func(c *config) { c.save = t.TempDir() }, []string{"-save", "is a directory; give a file name"}},
		{func(c *config) { c.save = t.TempDir() + "/" }, []string{"-save", "give a file name"}},
	} {
		cfg := ok
		c.set(&cfg)
		cfg.load = notLoaded(t)
		var out bytes.Buffer
		err := run(&out, cfg)
		if err == nil {
			t.Errorf("%+v: no error", cfg)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q lacks %q", err, w)
			}
		}
	}
}

// TestInterruptStopsTraining runs the command (this test binary, as main) on MNIST, sends it a
// real SIGINT once training has started, and checks that it stops with one line, status 130 and
// no saved model.
func TestInterruptStopsTraining(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on Windows")
	}
	save := filepath.Join(t.TempDir(), "hello.model")
	cmd := exec.Command(os.Args[0], "-epochs", "20", "-save", save)
	cmd.Env = append(os.Environ(), asMainEnv+"=1", "GOMLX_BACKEND=go")
	r := interrupttest.AfterLine(t, cmd, "Epoch 1/20", 2*time.Minute)
	var exit *exec.ExitError
	if !errors.As(r.Err, &exit) || exit.ExitCode() != 130 {
		t.Errorf("exit: %v, want status 130", r.Err)
	}
	errLines := strings.Split(strings.TrimSpace(r.Stderr), "\n")
	last := errLines[len(errLines)-1]
	if !strings.HasPrefix(last, "hello: mlp: training interrupted after 0 of 20 epochs and ") ||
		!strings.HasSuffix(last, ": context canceled; "+save+" not saved") {
		t.Errorf("last line on stderr %q, want the interruption", last)
	}
	if strings.Contains(r.Stderr, "goroutine") || strings.Contains(r.Stderr, "panic") {
		t.Errorf("stderr has a trace:\n%s", r.Stderr)
	}
	if strings.Contains(r.Stdout, "Total loss") {
		t.Errorf("hello evaluated after the interrupt:\n%s", r.Stdout)
	}
	if _, err := os.Stat(save); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a model was saved after the interrupt (stat: %v)", err)
	}
}

// TestHelloRejectsReadOnlySaveDirectory checks that -save into a directory the user cannot
// write to fails before training, and leaves nothing there.
func TestHelloRejectsReadOnlySaveDirectory(t *testing.T) {
	dir := t.TempDir()
	if os.Geteuid() == 0 {
		// root writes into read-only directories; nobody can create files in /proc.
		if runtime.GOOS != "linux" {
			t.Skip("root can write into read-only directories")
		}
		dir = "/proc"
	} else {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o755)
	}
	cfg := config{epochs: 1, batch: 100, activation: "relu", optimizer: "adam", loss: "mse",
		save: filepath.Join(dir, "m.model"), load: notLoaded(t)}
	err := run(io.Discard, cfg)
	if err == nil || !strings.Contains(err.Error(), "-save") || !strings.Contains(err.Error(), "cannot create a file in directory "+dir) {
		t.Errorf("error %v", err)
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, ".hello-write-check-*")); len(entries) != 0 {
		t.Errorf("left %v behind", entries)
	}
}

// TestCheckWritableLeavesNothing checks that the write check removes its probe file.
func TestCheckWritableLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := checkWritable(filepath.Join(dir, "m.model")); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %v behind", entries)
	}
}

func TestHelpSaysUsageOfHello(t *testing.T) {
	var stderr bytes.Buffer
	_, err := parseFlags([]string{"-h"}, &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("error %v, want flag.ErrHelp", err)
	}
	for _, w := range []string{"Usage of hello:\n", "-scale", "-epochs", "sparse_categorical_crossentropy"} {
		if !strings.Contains(stderr.String(), w) {
			t.Errorf("usage lacks %q:\n%s", w, stderr.String())
		}
	}
	stderr.Reset()
	if _, err := parseFlags([]string{"-epochs", "5", "relu"}, &stderr); err == nil || !strings.Contains(stderr.String(), `unexpected argument "relu"`) {
		t.Errorf("stray argument: %v\n%s", err, stderr.String())
	}
	c, err := parseFlags([]string{"-scale", "-activation", "relu", "-epochs", "3"}, io.Discard)
	if err != nil || !c.scale || c.activation != "relu" || c.epochs != 3 || c.batch != 100 || c.loss != "mse" {
		t.Errorf("parsed %+v, %v", c, err)
	}
}

// TestDataScalesAndPicksLabels checks what -scale and the loss change in the data given to Fit.
func TestDataScalesAndPicksLabels(t *testing.T) {
	s := &datasets.Set{Images: []uint8{0, 255, 51, 102}, Labels: []uint8{7, 2}, Count: 2, Rows: 1, Cols: 2, Classes: 10}
	for _, c := range []struct {
		cfg    config
		x      []float32
		sparse bool
	}{
		{config{loss: "mse"}, []float32{0, 255, 51, 102}, false},
		{config{loss: "mse", scale: true}, []float32{0, 1, 0.2, 0.4}, false},
		{config{loss: "Sparse_Categorical_Crossentropy", scale: true}, []float32{0, 1, 0.2, 0.4}, true},
	} {
		x, y := c.cfg.data(s)
		got := tensors.MustCopyFlatData[float32](x.(*tensors.Tensor))
		for i := range got {
			if math.Abs(float64(got[i]-c.x[i])) > 1e-6 {
				t.Errorf("%+v: x = %v, want %v", c.cfg, got, c.x)
				break
			}
		}
		if c.sparse {
			if ids, ok := y.([]uint8); !ok || len(ids) != 2 || ids[0] != 7 || ids[1] != 2 {
				t.Errorf("%+v: y = %v, want the class ids [7 2]", c.cfg, y)
			}
		} else if dims := y.(*tensors.Tensor).Shape().Dimensions; len(dims) != 2 || dims[0] != 2 || dims[1] != 10 {
			t.Errorf("%+v: y shape %v, want one-hot [2 10]", c.cfg, dims)
		}
	}
}

// TestHelloTrainsWithSparseLoss runs the sparse loss end to end: it takes class ids.
func TestHelloTrainsWithSparseLoss(t *testing.T) {
	var out bytes.Buffer
	c := config{epochs: 1, batch: 100, activation: "relu", lr: 0, optimizer: "adam",
		loss: "sparse_categorical_crossentropy", scale: true, seed: 1, limit: 2000}
	if err := run(&out, c); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Accuracy of testing =  (0\.\d+)$`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no accuracy line:\n%s", out.String())
	}
	// 2,000 scaled images, one epoch of Adam: well above chance (0.1).
	if acc, _ := strconv.ParseFloat(m[1], 64); acc < 0.6 {
		t.Errorf("test accuracy %v after one epoch on 2,000 images, want ≥ 0.6:\n%s", acc, out.String())
	}
}

// TestMakeHelloSaysItIsBuilding checks that `make hello` announces the build (a first one takes
// about a minute) before compiling, and runs the built program with ARGS.
func TestMakeHelloSaysItIsBuilding(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	cmd := exec.Command("make", "-n", "--no-print-directory", "hello", "ARGS=-epochs 1 -scale")
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make -n hello: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	want := []string{"echo \"building bin/hello", "go build -o bin/hello ./cmd/hello", "./bin/hello -epochs 1 -scale"}
	if len(lines) != len(want) {
		t.Fatalf("make -n hello runs %d commands, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("command %d is %q, want it to start with %q", i+1, lines[i], w)
		}
	}
	if !strings.Contains(lines[0], "about a minute") {
		t.Errorf("the message does not say how long a first build takes: %s", lines[0])
	}
}
