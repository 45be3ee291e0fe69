package nb

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/dlgo/hello/mlp"
)

// typoCell is a cell whose model names an activation that does not exist.
func typoCell() {
	model := mlp.NewSequential(mlp.Dense(4, mlp.InputDim(2)), mlp.Activation("sigmod"), mlp.Dense(2))
	Check(model.Compile(mlp.Loss("mse"), mlp.SGD(0.1)))
	os.Stdout.WriteString("trained\n")
}

// runCell runs a cell program (see cellPrograms) and returns its stdout, stderr and exit status.
func runCell(t *testing.T, name string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), cellEnv+"="+name)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		status = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errOut.String(), status
}

func TestCheckEndsACellWithOneLine(t *testing.T) {
	stdout, stderr, status := runCell(t, "typo")
	if status != 1 {
		t.Errorf("exit status %d, want 1", status)
	}
	want := `mlp: unknown activation "sigmod"; valid activations: `
	if lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], want) ||
		!strings.Contains(lines[0], "sigmoid") {
		t.Errorf("stderr = %q, want one line starting %q that names the valid values", stderr, want)
	}
	if strings.Contains(stdout, "trained") {
		t.Errorf("the cell went on after the error: stdout %q", stdout)
	}
}

// catchExit makes Must and Check write to a buffer and record the exit instead of exiting.
func catchExit(t *testing.T) (*bytes.Buffer, *[]int) {
	var buf bytes.Buffer
	var codes []int
	oldErr, oldExit := stderr, exit
	stderr, exit = &buf, func(code int) { codes = append(codes, code) }
	t.Cleanup(func() { stderr, exit = oldErr, oldExit })
	return &buf, &codes
}

func TestMustReturnsTheValueOrShowsTheErrorInOneLine(t *testing.T) {
	outsideNotebook(t)
	buf, codes := catchExit(t)
	if got := Must(42, nil); got != 42 {
		t.Errorf("Must(42, nil) = %d", got)
	}
	if a, b := Must2("a", 2, nil); a != "a" || b != 2 {
		t.Errorf("Must2 = %q, %d", a, b)
	}
	Check(nil)
	if buf.Len() != 0 || len(*codes) != 0 {
		t.Fatalf("without an error: wrote %q, exits %v", buf.String(), *codes)
	}
	Must(0, errors.New("datasets: file missing\n  tried: a\n  tried: b\n"))
	if got, want := buf.String(), "datasets: file missing; tried: a; tried: b\n"; got != want {
		t.Errorf("written %q, want %q", got, want)
	}
	if len(*codes) != 1 || (*codes)[0] != 1 {
		t.Errorf("exits %v, want [1]", *codes)
	}
}

func TestCheckSyncsInANotebook(t *testing.T) {
	r := inNotebook(t)
	catchExit(t)
	Check(errors.New("x"))
	if len(r.events) != 1 || r.events[0] != "sync" {
		t.Errorf("events = %q, want [sync]: the outputs shown so far reach the notebook", r.events)
	}
}
