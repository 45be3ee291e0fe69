package nb

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Where Must and Check report, replaced by tests.
var (
	stderr io.Writer = os.Stderr
	exit             = os.Exit
)

// Must returns v when err is nil. Otherwise it ends the cell: the error is shown as one line
// on the cell's standard error and the cell's program exits with status 1 — no panic, no
// goroutine trace. It is for notebook cells, whose program has nothing to clean up:
//
//	model := nb.Must(helloModel("sigmoid"))
//	history := nb.Must(model.Fit(x, y, mlp.Epochs(20)))
func Must[T any](v T, err error) T {
	Check(err)
	return v
}

// Must2 is Must for functions that return two values and an error:
//
//	var train, test = nb.Must2(datasets.LoadMNIST())
func Must2[A, B any](a A, b B, err error) (A, B) {
	Check(err)
	return a, b
}

// Check ends the cell as Must does when err is not nil, and does nothing otherwise:
//
//	nb.Check(model.Save("hello-world.model"))
func Check(err error) {
	if err == nil {
		return
	}
	fmt.Fprintln(stderr, oneLine(err.Error()))
	if front.notebook() {
		front.sync()
	}
	exit(1)
}

// oneLine joins the lines of a message with "; ".
func oneLine(msg string) string {
	var lines []string
	for _, line := range strings.Split(msg, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "; ")
}
