package nb

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dlgo/hello/digit"
	"github.com/dlgo/hello/mlp"
)

// fakePage stands for the page showing the drawing board: the test sends its messages.
type fakePage struct {
	messages   chan string
	signals    chan os.Signal
	address    string
	stopped    bool
	mu         sync.Mutex
	sent       []string // address=value, what the cell sent to the page
	reconnects int
}

// received returns what the cell sent to the page, and how many times it asked GoNB to reconnect.
func (p *fakePage) received() ([]string, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.sent), p.reconnects
}

// withFakePage makes DrawDigit listen to a fakePage and take its interrupts from it.
func withFakePage(t *testing.T) *fakePage {
	p := &fakePage{messages: make(chan string), signals: make(chan os.Signal, 1)}
	oldListen, oldSend, oldReconnect, oldServed, oldInterrupts := listen, send, reconnect, served, interrupts
	served = func() bool { return true }
	listen = func(address string) (<-chan string, func()) {
		p.address = address
		return p.messages, func() { p.stopped = true }
	}
	send = func(address, value string) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.sent = append(p.sent, address+"="+value)
	}
	reconnect = func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.reconnects++
	}
	interrupts = func() (<-chan os.Signal, func()) { return p.signals, func() {} }
	t.Cleanup(func() {
		listen, send, reconnect, served, interrupts = oldListen, oldSend, oldReconnect, oldServed, oldInterrupts
	})
	return p
}

func testReader(t *testing.T) *digit.Reader {
	t.Helper()
	mlp.SetBackendNotice(nil)
	mlp.SetRandomSeed(1)
	model := mlp.NewSequential(mlp.Dense(10, mlp.InputDim(digit.Size*digit.Size)), mlp.Activation("softmax"))
	if err := model.Compile(mlp.Loss("categorical_crossentropy"), mlp.SGD(0.1)); err != nil {
		t.Fatal(err)
	}
	return digit.NewReader(model, 1.0/255)
}

// canvas returns the message of a stroke: a vertical white bar on the black board.
func canvas() string {
	pix := make([]uint8, boardSide*boardSide)
	for y := 60; y < 220; y++ {
		for x := 130; x < 150; x++ {
			pix[y*boardSide+x] = 255
		}
	}
	return "px:1:" + base64.StdEncoding.EncodeToString(pix)
}

// drawRun runs DrawDigit while send plays the page's part, and returns what it printed and the recorded events.
func drawRun(t *testing.T, play func(p *fakePage), opts ...DrawOption) (string, []string) {
	t.Helper()
	r := inNotebook(t)
	p := withFakePage(t)
	reader := testReader(t)
	var out bytes.Buffer
	done := make(chan error)
	go func() { done <- DrawDigit(reader, append(opts, func(c *drawConfig) { c.out = &out })...) }()
	play(p)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("DrawDigit did not return")
	}
	if !p.stopped {
		t.Errorf("DrawDigit did not stop listening")
	}
	return out.String(), r.events
}

// checkBoardRemoved checks that the board was shown, then emptied last.
func checkBoardRemoved(t *testing.T, events []string) {
	t.Helper()
	var shown, last string
	for _, e := range events {
		if strings.HasPrefix(e, "update nb_draw_1 html ") {
			if shown == "" {
				shown = e
			}
			last = e
		}
	}
	if !strings.Contains(shown, `class="nbdraw-canvas"`) || !strings.Contains(shown, "nbDrawBoard(") {
		t.Fatalf("the board was not shown: %.200q", shown)
	}
	if last != "update nb_draw_1 html " {
		t.Errorf("the board was not removed: its last update is %.200q", last)
	}
	if events[len(events)-1] != "sync" {
		t.Errorf("the last event is %q, want a sync after removing the board", events[len(events)-1])
	}
}

func TestDrawDigitReadsStrokesUntilDone(t *testing.T) {
	out, events := drawRun(t, func(p *fakePage) {
		p.messages <- "ready"
		p.messages <- canvas()
		p.messages <- "clear"
		p.messages <- "px:2:" + base64.StdEncoding.EncodeToString(make([]uint8, boardSide*boardSide))
		p.messages <- canvas()
		p.messages <- "done"
	})
	checkBoardRemoved(t, events)
	if !strings.HasPrefix(out, "done:") {
		t.Errorf("printed %q, want a line starting with done:", out)
	}
	var answers []string
	for _, e := range events {
		if a, ok := strings.CutPrefix(e, "update nb_draw_answer_1 html "); ok {
			answers = append(answers, a)
		}
	}
	if len(answers) != 4 {
		t.Fatalf("%d answers, want 4 (stroke, clear, blank canvas, stroke): %.300q", len(answers), answers)
	}
	for i, want := range []string{`data-stroke="1"`, "Draw a digit.", "Draw a digit.", `data-stroke="1"`} {
		if !strings.Contains(answers[i], want) {
			t.Errorf("answer %d lacks %q: %.300q", i, want, answers[i])
		}
	}
	if !strings.Contains(answers[0], `class="nbdraw-digit"`) || strings.Count(answers[0], "data:image/png;base64,") != 2 {
		t.Errorf("the answer to a stroke shows no digit or %d images, want 2 (the 28×28 digit and the probabilities)",
			strings.Count(answers[0], "data:image/png;base64,"))
	}
}

func TestDrawDigitWithoutPage(t *testing.T) {
	start := time.Now()
	var page *fakePage
	out, events := drawRun(t, func(p *fakePage) { page = p }, ReadyTimeout(200*time.Millisecond))
	checkBoardRemoved(t, events)
	if !strings.HasPrefix(out, "no page shows this cell's output") || strings.Count(out, "\n") != 1 {
		t.Errorf("printed %q, want one line saying no page shows the board", out)
	}
	if sent, n := page.received(); n != reconnects || len(sent) != 0 {
		t.Errorf("without a page the cell asked GoNB to reconnect %d times and sent %q; want %d times and nothing",
			n, sent, reconnects)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestDrawDigitWithoutServer(t *testing.T) {
	r := inNotebook(t)
	page := withFakePage(t)
	served = func() bool { return false }
	var out bytes.Buffer
	if err := DrawDigit(testReader(t), func(c *drawConfig) { c.out = &out }); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "no page shows this cell's output") || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("printed %q, want one line saying no page shows the board", out.String())
	}
	if sent, n := page.received(); len(r.events) != 0 || page.address != "" || n != 0 || len(sent) != 0 {
		t.Errorf("without a Jupyter server the cell showed %.200q, listened to %q, reconnected %d times, sent %q; "+
			"want nothing", r.events, page.address, n, sent)
	}
}

func TestDrawDigitAcknowledgesReady(t *testing.T) {
	var page *fakePage
	out, _ := drawRun(t, func(p *fakePage) {
		page = p
		// A page whose first connection failed: the cell asks GoNB for another before it hears "ready".
		for _, n := p.received(); n == 0; _, n = p.received() {
			time.Sleep(time.Millisecond)
		}
		p.messages <- "ready"
		p.messages <- "ready" // a second connection of the page's
		p.messages <- "done"
	}, ReadyTimeout(4*time.Second)) // asks at 1 s
	if !strings.HasPrefix(out, "done:") {
		t.Errorf("printed %q, want done:", out)
	}
	ack := page.address + "/ack=ready"
	if sent, n := page.received(); n == 0 || fmt.Sprint(sent) != fmt.Sprint([]string{ack, ack}) {
		t.Errorf("the cell asked GoNB to reconnect %d times and sent %q; want at least once, and %q twice", n, sent, ack)
	}
}

func TestDrawDigitInterrupted(t *testing.T) {
	for _, ready := range []bool{false, true} {
		out, events := drawRun(t, func(p *fakePage) {
			if ready {
				p.messages <- "ready"
				p.messages <- canvas()
			}
			p.signals <- os.Interrupt
		})
		checkBoardRemoved(t, events)
		if !strings.HasPrefix(out, "interrupted:") {
			t.Errorf("ready %v: printed %q, want interrupted:", ready, out)
		}
	}
}

func TestDrawDigitIdle(t *testing.T) {
	out, events := drawRun(t, func(p *fakePage) { p.messages <- "ready" }, IdleTimeout(50*time.Millisecond))
	checkBoardRemoved(t, events)
	if !strings.HasPrefix(out, "nothing drawn for 50ms") {
		t.Errorf("printed %q, want nothing drawn for 50ms…", out)
	}
}

func TestDrawDigitErrors(t *testing.T) {
	outsideNotebook(t)
	if err := DrawDigit(testReader(t)); err == nil || !strings.Contains(err.Error(), "not in a notebook") {
		t.Errorf("outside a notebook: got %v", err)
	}
	if err := DrawDigit(nil); err == nil || !strings.Contains(err.Error(), "NewReader") {
		t.Errorf("nil reader: got %v", err)
	}
}
