package nb

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/mlp"
)

// interruptCell trains a small model for a very long time with Interruptible, printing a line
// after each epoch, then prints how many epochs its history holds and checks the error.
func interruptCell() {
	model := mlp.NewSequential(mlp.Dense(16, mlp.InputDim(2)), mlp.Activation("sigmoid"),
		mlp.Dense(2), mlp.Activation("softmax")).WithSeed(1)
	Check(model.Compile(mlp.Loss("mse"), mlp.SGD(0.1), mlp.Metrics("accuracy")))
	x := make([][]float32, 2000)
	y := make([][]float32, len(x))
	for i := range x {
		x[i] = []float32{float32(i%7) / 7, float32(i%3) / 3}
		y[i] = []float32{float32(i % 2), float32(1 - i%2)}
	}
	history, err := model.FitContext(Interruptible(), x, y, mlp.Epochs(1_000_000), mlp.BatchSize(10), mlp.Verbose(0),
		mlp.OnEpochEnd(func(epoch int, _ mlp.Logs) error { fmt.Printf("epoch %d\n", epoch); return nil }))
	fmt.Printf("history: %d epochs\n", len(history.Epochs))
	Check(err)
	fmt.Println("not interrupted")
}

func TestInterruptibleStopsTrainingOnSIGINT(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on Windows")
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), cellEnv+"=interrupt")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewReader(stdout)
	for {
		line, err := lines.ReadString('\n')
		if err != nil {
			_ = cmd.Wait()
			t.Fatalf("the cell ended before training (%v); stderr:\n%s", err, stderr.String())
		}
		if line == "epoch 2\n" {
			break
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	type result struct {
		rest string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		rest, _ := io.ReadAll(lines)
		done <- result{string(rest), cmd.Wait()}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(time.Minute): // a guard against a hang, not a timing
		_ = cmd.Process.Kill()
		t.Fatalf("the cell still runs a minute after SIGINT; stderr:\n%s", stderr.String())
	}
	var exit *exec.ExitError
	if !errors.As(r.err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("exit: %v, want status 1 (the error shown by Check)", r.err)
	}
	var epochs int
	for _, line := range strings.Split(r.rest, "\n") {
		if _, err := fmt.Sscanf(line, "history: %d epochs", &epochs); err == nil {
			break
		}
	}
	if epochs < 2 {
		t.Errorf("history holds %d epochs, want the 2 or more done before SIGINT; stdout after it:\n%s", epochs, r.rest)
	}
	msg := strings.TrimSuffix(stderr.String(), "\n")
	if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "mlp: training interrupted after ") ||
		!strings.HasSuffix(msg, ": context canceled") {
		t.Errorf("stderr = %q, want one line saying training was interrupted", stderr.String())
	}
	if strings.Contains(r.rest, "not interrupted") {
		t.Errorf("the cell went on after the interrupt")
	}
}
