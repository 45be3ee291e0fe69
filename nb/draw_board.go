package nb

import (
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/dlgo/hello/digit"
)

// listen starts listening to the messages the page sends to address; stop
// ends it. send sends a message to the page's listeners of an address;
// reconnect makes GoNB reconnect to the page if the connection is lost. They
// are GoNB's comms in a notebook, a fake in tests.
// served reports whether a page can connect to the kernel at all.
var (
	listen    = gonbListen
	send      = gonbSend
	reconnect = gonbReconnect
	served    = gonbServed
)

// reconnects is how many times DrawDigit asks GoNB to reconnect while it
// waits for the board's "ready", at a quarter and at half of ReadyTimeout.
// Each try without a page holds GoNB's output for 3 seconds.
const reconnects = 2

// interrupts returns a channel that receives the signal with which Jupyter
// interrupts a cell (SIGINT), and a function that stops that.
var interrupts = func() (<-chan os.Signal, func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	return c, func() { signal.Stop(c) }
}

// The lines DrawDigit prints when it closes the board, one for each way out
// but the idle timeout's, which says how long the board waited.
const (
	noPage = "no page shows this cell's output (run without a browser?): the drawing board is closed; " +
		"open the notebook in Jupyter to draw"
	interrupted = "interrupted: the drawing board is closed"
	doneDrawing = "done: the drawing board is closed; run the cell again to draw more"
)

// board is a drawing board shown in a cell, and its session with the page
// that shows it: the page sends "ready" on each of its connections, the
// canvas at the end of each stroke ("px:stroke:pixels"), "clear" and
// "done"; the cell answers each "ready" on address/ack and shows the
// answers in the element answerID, under the board.
type board struct {
	reader *digit.Reader
	cfg    drawConfig

	boardID, answerID, address string

	messages      <-chan string    // from the page
	sig           <-chan os.Signal // the cell's interrupts
	stopListening func()
	stopSignals   func()
}

// showBoard shows a new board in the cell's output and starts listening to
// its page and to the cell's interrupts; stop ends the listening.
func showBoard(reader *digit.Reader, cfg drawConfig) *board {
	id := front.uniqueID()
	b := &board{reader: reader, cfg: cfg,
		boardID: "nb_draw_" + id, answerID: "nb_draw_answer_" + id, address: "/nb_draw/" + id}
	b.sig, b.stopSignals = interrupts()
	b.update(b.boardID, boardHTML(b.boardID, b.address))
	b.messages, b.stopListening = listen(b.address)
	return b
}

// stop stops listening to the page, then to the cell's interrupts.
func (b *board) stop() {
	b.stopListening()
	b.stopSignals()
}

// update replaces the HTML of the cell's element id and waits until it is shown.
func (b *board) update(id, html string) {
	front.updateHTML(id, html)
	front.sync()
}

// remove takes the board out of the cell's output, leaving the last answer,
// and prints why.
func (b *board) remove(why string) {
	b.update(b.boardID, "")
	fmt.Fprintln(b.cfg.out, why)
}

// ack acknowledges the page's "ready": the board sends it on every new
// connection of GoNB's comms until the cell answers it on address/ack.
func (b *board) ack() { send(b.address+"/ack", "ready") }

// waitReady waits for the page's first "ready" and acknowledges it. Until
// then it asks GoNB to reconnect, at a quarter and at half of ReadyTimeout,
// since GoNB's page side may have given up on a busy kernel. It reports
// false, and why, if the cell is interrupted or ReadyTimeout passes first.
func (b *board) waitReady() (why string, ready bool) {
	timeout := time.NewTimer(b.cfg.ready)
	defer timeout.Stop()
	retry := time.NewTicker(b.cfg.ready / (reconnects + 2))
	defer retry.Stop()
	for tries := 0; ; {
		select {
		case m := <-b.messages:
			if m == "ready" {
				retry.Stop() // no more reconnecting once the page has answered
				b.ack()
				return "", true
			}
		case <-retry.C:
			if tries < reconnects {
				tries++
				reconnect()
			}
		case <-b.sig:
			return interrupted, false
		case <-timeout.C:
			return noPage, false
		}
	}
}

// answerStrokes answers the page's messages until "done", an interrupt or
// IdleTimeout without a message, and returns why it stopped.
func (b *board) answerStrokes() (why string) {
	idle := time.NewTimer(b.cfg.idle)
	defer idle.Stop()
	for {
		select {
		case m := <-b.messages:
			idle.Reset(b.cfg.idle)
			if m == "done" {
				return doneDrawing
			}
			b.answer(m)
		case <-b.sig:
			return interrupted
		case <-idle.C:
			return fmt.Sprintf("nothing drawn for %v: the drawing board is closed; run the cell again to draw more",
				b.cfg.idle)
		}
	}
}

// answer answers one of the page's messages but "done".
func (b *board) answer(m string) {
	switch {
	case m == "ready": // a new connection of the page's: acknowledged again
		b.ack()
	case m == "clear":
		b.update(b.answerID, noteHTML("Draw a digit."))
	case strings.HasPrefix(m, "px:"):
		stroke, pixels, _ := strings.Cut(m[len("px:"):], ":")
		b.update(b.answerID, readingHTML(b.reader, stroke, pixels))
	}
}
