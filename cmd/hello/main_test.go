package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/mlp"
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

func TestHelloRejectsBadSettings(t *testing.T) {
	for _, c := range []struct {
		cfg  config
		want string
	}{
		{config{epochs: 1, batch: 100, activation: "sigmoidd", optimizer: "sgd", loss: "mse", limit: 100}, "unknown activation"},
		{config{epochs: 1, batch: 100, activation: "relu", optimizer: "sgdd", loss: "mse", limit: 100}, "unknown optimizer"},
		{config{epochs: 1, batch: 100, activation: "relu", optimizer: "adam", loss: "hinge", limit: 100}, "unknown loss"},
		{config{epochs: 1, batch: 0, activation: "relu", optimizer: "adam", loss: "mse", limit: 100}, "BatchSize(0)"},
	} {
		var out bytes.Buffer
		err := run(&out, c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.cfg, err, c.want)
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
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	type result struct {
		rest []byte
		err  error
	}
	done := make(chan result, 1)
	lines := bufio.NewReader(stdout)
	for {
		line, err := lines.ReadString('\n')
		if err != nil {
			_ = cmd.Wait()
			t.Fatalf("hello ended before training (%v); stderr:\n%s", err, stderr.String())
		}
		if line == "Epoch 1/20\n" {
			break
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	go func() {
		rest, _ := io.ReadAll(lines)
		done <- result{rest, cmd.Wait()}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(2 * time.Minute): // a guard against a hang, not a timing
		_ = cmd.Process.Kill()
		t.Fatalf("hello still running 2 minutes after SIGINT; stderr:\n%s", stderr.String())
	}
	var exit *exec.ExitError
	if !errors.As(r.err, &exit) || exit.ExitCode() != 130 {
		t.Errorf("exit: %v, want status 130", r.err)
	}
	errLines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	last := errLines[len(errLines)-1]
	if !strings.HasPrefix(last, "hello: mlp: training interrupted after 0 of 20 epochs and ") ||
		!strings.HasSuffix(last, ": context canceled; "+save+" not saved") {
		t.Errorf("last line on stderr %q, want the interruption", last)
	}
	if strings.Contains(stderr.String(), "goroutine") || strings.Contains(stderr.String(), "panic") {
		t.Errorf("stderr has a trace:\n%s", stderr.String())
	}
	if strings.Contains(string(r.rest), "Total loss") {
		t.Errorf("hello evaluated after the interrupt:\n%s", r.rest)
	}
	if _, err := os.Stat(save); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a model was saved after the interrupt (stat: %v)", err)
	}
}
