package nb

import (
	"bytes"
	_ "embed" // the drawing board's page parts
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"image"
	"image/draw"
	"image/png"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/dlgo/hello/digit"
	"github.com/dlgo/hello/plot"
)

// The drawing board's page parts: HTML, CSS and JavaScript, kept in files
// of their own and put together by boardHTML.
var (
	//go:embed draw/board.html
	boardTemplate string
	//go:embed draw/board.css
	boardCSS string
	//go:embed draw/board.js
	boardJS string
)

// Board sizes, in canvas pixels: ten times an MNIST digit, with a pen about
// as wide as MNIST's strokes at that scale.
const (
	boardSide = 280
	boardPen  = 20
)

// Default timeouts of DrawDigit.
const (
	defaultReadyTimeout = 8 * time.Second
	defaultIdleTimeout  = 10 * time.Minute
)

// DrawOption configures DrawDigit.
type DrawOption func(*drawConfig)

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

// DrawDigit shows a drawing board in the cell's output: a 280×280 black
// canvas to draw a digit on in white, with the mouse, a finger or a pen, and
// the buttons "clear" and "done". At the end of each stroke reader reads the
// drawing, and the digit it reads and the bar chart of its ten
// probabilities are shown under the board, redrawn in place.
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
	id := front.uniqueID()
	board, answer, address := "nb_draw_"+id, "nb_draw_answer_"+id, "/nb_draw/"+id
	sig, stopSignals := interrupts()
	defer stopSignals()
	front.updateHTML(board, boardHTML(board, address))
	front.sync()
	messages, stopListening := listen(address)
	defer stopListening()
	closeBoard := func(format string, args ...any) error {
		front.updateHTML(board, "")
		front.sync()
		fmt.Fprintf(cfg.out, format+"\n", args...)
		return nil
	}

	// The handshake: the board sends "ready" on every new connection of
	// GoNB's comms until the cell answers it on address/ack.
	ack := func() { send(address+"/ack", "ready") }
	ready := time.NewTimer(cfg.ready)
	defer ready.Stop()
	retry := time.NewTicker(cfg.ready / (reconnects + 2))
	defer retry.Stop()
	tries := 0
waitReady:
	for {
		select {
		case m := <-messages:
			if m == "ready" {
				break waitReady
			}
		case <-retry.C:
			if tries < reconnects {
				tries++
				reconnect()
			}
		case <-sig:
			return closeBoard("interrupted: the drawing board is closed")
		case <-ready.C:
			return closeBoard(noPage)
		}
	}

	retry.Stop() // no more reconnecting once the page has answered
	ack()

	idle := time.NewTimer(cfg.idle)
	defer idle.Stop()
	for {
		select {
		case m := <-messages:
			idle.Reset(cfg.idle)
			switch {
			case m == "ready": // a new connection of the page's: acknowledged again
				ack()
			case m == "done":
				return closeBoard("done: the drawing board is closed; run the cell again to draw more")
			case m == "clear":
				front.updateHTML(answer, noteHTML("Draw a digit."))
				front.sync()
			case strings.HasPrefix(m, "px:"):
				stroke, pixels, _ := strings.Cut(m[len("px:"):], ":")
				front.updateHTML(answer, readingHTML(reader, stroke, pixels))
				front.sync()
			}
		case <-sig:
			return closeBoard("interrupted: the drawing board is closed")
		case <-idle.C:
			return closeBoard("nothing drawn for %v: the drawing board is closed; run the cell again to draw more", cfg.idle)
		}
	}
}

// noPage is what DrawDigit prints when no page shows the board.
const noPage = "no page shows this cell's output (run without a browser?): the drawing board is closed; " +
	"open the notebook in Jupyter to draw"

// boardHTML returns the drawing board's HTML, its element's id being id.
func boardHTML(id, address string) string {
	idJSON, _ := json.Marshal(id)
	addressJSON, _ := json.Marshal(address)
	return strings.NewReplacer(
		"{{ID}}", html.EscapeString(id),
		"{{ID_JSON}}", string(idJSON),
		"{{ADDRESS_JSON}}", string(addressJSON),
		"{{SIDE}}", fmt.Sprint(boardSide),
		"{{PEN}}", fmt.Sprint(boardPen),
		"{{CSS}}", boardCSS,
		"{{JS}}", boardJS,
	).Replace(boardTemplate)
}

func noteHTML(text string) string {
	return `<div class="nbdraw-answer"><span class="nbdraw-note">` + html.EscapeString(text) + `</span></div>`
}

// readingHTML reads the canvas pixels b64 (base64, one grey level per pixel)
// sent at the end of the page's stroke number stroke, and returns the
// answer: the digit read and its probabilities.
func readingHTML(reader *digit.Reader, stroke, b64 string) string {
	if _, err := strconv.Atoi(stroke); err != nil {
		return noteHTML("The page sent a drawing without its stroke number: reload the page and run the cell again.")
	}
	pix, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(pix) != boardSide*boardSide {
		return noteHTML(fmt.Sprintf("The page sent %d bytes, want %d: reload the page and run the cell again.",
			len(pix), boardSide*boardSide))
	}
	img, err := digit.FromGray(pix, boardSide, boardSide)
	if err != nil {
		return noteHTML(err.Error())
	}
	reading, err := reader.Read(img)
	if errors.Is(err, digit.ErrNoInk) {
		return noteHTML("Draw a digit.")
	}
	if err != nil {
		return noteHTML(err.Error())
	}
	return strings.Replace(answerHTML(reading), `<div class="nbdraw-answer">`,
		`<div class="nbdraw-answer" data-stroke="`+stroke+`">`, 1)
}

// answerHTML shows the digit read, the image the model saw and the bar chart
// of the probabilities side by side.
func answerHTML(r digit.Reading) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="nbdraw-answer"><div class="nbdraw-digit" title="the digit read">%d</div>`, r.Digit)
	if png, err := plot.Digits(r.Image, digit.Size, digit.Size, []string{"what the model sees"}, 1); err == nil {
		b.WriteString(imgHTML(png, "the drawing as the model sees it: 28×28 pixels"))
	}
	if png, err := plot.Probabilities(r.Probabilities, nil); err == nil {
		b.WriteString(imgHTML(png, "the probability of each digit"))
	}
	b.WriteString("</div>")
	return b.String()
}

func imgHTML(png []byte, alt string) string {
	var b bytes.Buffer
	b.WriteString(`<img alt="` + html.EscapeString(alt) + `" src="data:image/png;base64,`)
	b.WriteString(base64.StdEncoding.EncodeToString(png))
	b.WriteString(`">`)
	return b.String()
}

// ShowReading shows what a digit.Reader read in a picture: the image the
// model saw (28×28, as MNIST's) beside the bar chart of the probabilities,
// as one PNG figure. It takes the two results of Read or ReadFile, so that
// a cell can be a single line:
//
//	nb.ShowReading(reader.ReadFile("seven.png"))
//
// Outside a notebook it shows nothing.
func ShowReading(r digit.Reading, err error) error {
	if err != nil {
		return err
	}
	if len(r.Image) != digit.Size*digit.Size || len(r.Probabilities) == 0 {
		return errors.New("nb: ShowReading: empty reading; pass the results of a digit.Reader's Read or ReadFile")
	}
	seen, err := plot.Digits(r.Image, digit.Size, digit.Size, []string{fmt.Sprintf("read as %d", r.Digit)}, 1)
	if err != nil {
		return err
	}
	probs, err := plot.Probabilities(r.Probabilities, nil)
	if err != nil {
		return err
	}
	figure, err := besideEachOther(seen, probs)
	if err != nil {
		return err
	}
	return Display(figure, nil)
}

// besideEachOther returns one PNG holding the PNG images left to right on
// white, centred vertically.
func besideEachOther(pngs ...[]byte) ([]byte, error) {
	var imgs []image.Image
	width, height := 0, 0
	for _, data := range pngs {
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("nb: decoding a figure: %w", err)
		}
		imgs = append(imgs, img)
		width += img.Bounds().Dx()
		height = max(height, img.Bounds().Dy())
	}
	out := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	x := 0
	for _, img := range imgs {
		b := img.Bounds()
		at := image.Rect(x, (height-b.Dy())/2, x+b.Dx(), (height-b.Dy())/2+b.Dy())
		draw.Draw(out, at, img, b.Min, draw.Over)
		x += b.Dx()
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
