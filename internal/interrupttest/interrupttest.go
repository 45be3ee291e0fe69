// Package interrupttest runs a command, interrupts it with a real SIGINT once it has printed a
// given line, and collects what it does next: the tests of cmd/hello and of package nb check
// that Ctrl-C and Jupyter's interrupt stop training cleanly.
//
// It is for tests only (its functions take a *testing.T).
package interrupttest

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"
)

// Result is what an interrupted command did after the signal.
type Result struct {
	Stdout string // standard output after the line that triggered the signal
	Stderr string // all of standard error
	Err    error  // what cmd.Wait returned
}

// AfterLine starts cmd, waits until it prints the line (without its newline) on standard
// output, sends it SIGINT, and waits for it to end. The test fails at once if the command ends
// before printing the line, or still runs guard after the signal (a guard against a hang, not a
// timing: the command is then killed).
func AfterLine(t *testing.T, cmd *exec.Cmd, line string, guard time.Duration) Result {
	t.Helper()
	var stderr bytes.Buffer
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
		l, err := lines.ReadString('\n')
		if err != nil {
			_ = cmd.Wait()
			t.Fatalf("%s ended before printing %q (%v); stderr:\n%s", cmd.Path, line, err, stderr.String())
		}
		if l == line+"\n" {
			break
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan Result, 1)
	go func() {
		rest, _ := io.ReadAll(lines)
		err := cmd.Wait()
		done <- Result{Stdout: string(rest), Stderr: stderr.String(), Err: err}
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(guard):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("%s still runs %v after SIGINT; stderr:\n%s", cmd.Path, guard, stderr.String())
		return Result{}
	}
}
