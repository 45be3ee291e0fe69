package nb

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dlgo/hello/digit"
)

// Default timeouts of DrawDigit.
const (
	defaultReadyTimeout = 8 * time.Second
	defaultIdleTimeout  = 10 * time.Minute
)

// DrawOption configures DrawDigit.
type DrawOption func(*drawConfig)

// drawConfig is what the DrawOptions set: the timeouts, and where DrawDigit
// prints the line that says why the board closed (a test's buffer).
type drawConfig struct {
	ready, idle time.Duration
	out         io.Writer
}

// IdleTimeout closes the board after d without a stroke or a click
// (default 10 minutes).
func IdleTimeout(d time.Duration) DrawOption { return func(c *drawConfig) { c.idle = d } }

// ReadyTimeout is how long DrawDigit waits for a page to show the board
// (default 8 seconds): a notebook run without a browser, by nbconvert say,
// has none.
func ReadyTimeout(d time.Duration) DrawOption { return func(c *drawConfig) { c.ready = d } }

// DrawDigit shows a drawing board in the cell's output: a 280×280 black
// canvas to draw a digit on in white, with the mouse, a finger or a pen, and
// the buttons "clear" and "done". At the end of each stroke reader reads the
// drawing, and the digit it reads, the bar chart of its ten probabilities
// and, under them, the hidden layers' outputs (a heat map per layer, a cell
// per unit: what happens inside the network) are shown under the board,
// redrawn in place.
//
// The cell keeps running while the board is up. The board goes away, and
// DrawDigit returns nil, when "done" is clicked, when the cell is interrupted
// (Jupyter's ■ button), after IdleTimeout without a stroke, or when no page
// shows the board within ReadyTimeout (a notebook served by Jupyter but open
// in no browser): no dead board is left in the saved notebook, only the last
// answer. Each way out prints one line saying why. A kernel that no Jupyter
// server runs (nbconvert's) shows no board and returns at once.
//
// Outside a notebook it returns an error: the board needs a page to run in.
func DrawDigit(reader *digit.Reader, opts ...DrawOption) error {
	cfg := drawConfig{ready: defaultReadyTimeout, idle: defaultIdleTimeout, out: os.Stdout}
	for _, opt := range opts {
		opt(&cfg)
	}
	if reader == nil {
		return errors.New("nb: DrawDigit: nil reader; pass digit.NewReader(model, scale)")
	}
	if !front.notebook() {
		return errors.New("nb: DrawDigit: not in a notebook; the drawing board needs a GoNB cell open in Jupyter")
	}
	if !served() {
		fmt.Fprintln(cfg.out, noPage)
		return nil
	}
	b := showBoard(reader, cfg)
	defer b.stop()
	why, ready := b.waitReady()
	if ready {
		why = b.answerStrokes()
	}
	b.remove(why)
	return nil
}
