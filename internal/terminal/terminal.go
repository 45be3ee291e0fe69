// Package terminal tells whether a writer is a terminal, for the progress displays of mlp and
// datasets: a terminal gets a bar redrawn in place, other writers plain lines.
package terminal

import (
	"io"
	"os"

	"golang.org/x/term"
)

// Is reports whether w is an *os.File open on a terminal.
func Is(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
