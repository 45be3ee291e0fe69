package nb

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/internal/interrupttest"
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
	r := interrupttest.AfterLine(t, cmd, "epoch 2", time.Minute)
	var exit *exec.ExitError
	if !errors.As(r.Err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("exit: %v, want status 1 (the error shown by Check)", r.Err)
	}
	var epochs int
	for _, line := range strings.Split(r.Stdout, "\n") {
		if _, err := fmt.Sscanf(line, "history: %d epochs", &epochs); err == nil {
			break
		}
	}
	if epochs < 2 {
		t.Errorf("history holds %d epochs, want the 2 or more done before SIGINT; stdout after it:\n%s", epochs, r.Stdout)
	}
	msg := strings.TrimSuffix(r.Stderr, "\n")
	if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "mlp: training interrupted after ") ||
		!strings.HasSuffix(msg, ": context canceled") {
		t.Errorf("stderr = %q, want one line saying training was interrupted", r.Stderr)
	}
	if strings.Contains(r.Stdout, "not interrupted") {
		t.Errorf("the cell went on after the interrupt")
	}
}
