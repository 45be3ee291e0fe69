package nb

import (
	"context"
	"os"
	"os/signal"
)

// Interruptible returns a context that is cancelled when the cell's program receives an
// interrupt (SIGINT): Jupyter's "interrupt the kernel" sends one to the running cell, and kills
// it 5 seconds later. Training with it stops at the end of the current batch, in milliseconds,
// and returns the history of the epochs done with an error saying that it was interrupted; the
// live learning curves keep showing those epochs:
//
//	history := nb.Must(model.FitContext(nb.Interruptible(), x, y, mlp.Epochs(20), nb.LiveCurves()))
//
// After the first interrupt, a second one ends the program at once, as Go does by default.
func Interruptible() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt)
	go func() {
		<-signals
		cancel()
		signal.Stop(signals)
	}()
	return ctx
}
