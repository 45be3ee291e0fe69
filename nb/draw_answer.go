package nb

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/dlgo/hello/digit"
	"github.com/dlgo/hello/plot"
)

// noteHTML returns an answer that is a line of text instead of a reading.
func noteHTML(text string) string {
	return `<div class="nbdraw-answer"><span class="nbdraw-note">` + html.EscapeString(text) + `</span></div>`
}

// readingHTML reads the canvas pixels b64 (base64, one grey level per pixel)
// sent at the end of the page's stroke number stroke, and returns the
// answer: the digit read, its probabilities and the hidden layers' outputs.
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
	return strings.Replace(answerHTML(reading), `<div class="nbdraw-answer"`,
		`<div class="nbdraw-answer" data-stroke="`+stroke+`"`, 1)
}

// answerHTML shows the digit read, the image the model saw and the bar chart
// of the probabilities side by side, and under them the hidden layers'
// outputs (layersHTML).
func answerHTML(r digit.Reading) string {
	var b strings.Builder
	// Wrapping puts the hidden layers on a row of their own.
	fmt.Fprintf(&b, `<div class="nbdraw-answer" style="flex-wrap: wrap">`+
		`<div class="nbdraw-digit" title="the digit read">%d</div>`, r.Digit)
	if png, err := plot.Digits(r.Image, digit.Size, digit.Size, []string{"what the model sees"}, 1); err == nil {
		b.WriteString(imgHTML(png, "the drawing as the model sees it: 28×28 pixels", ""))
	}
	if png, err := plot.Probabilities(r.Probabilities, nil); err == nil {
		b.WriteString(imgHTML(png, "the probability of each digit", ""))
	}
	b.WriteString(layersHTML(r.Hidden))
	b.WriteString("</div>")
	return b.String()
}

// layersHTML returns the row "inside the network" of an answer: one heat map
// per hidden layer, a cell per unit, coloured by what the unit outputs for
// the drawing. It returns "" for a model without hidden layers. The styles
// are inline: the answer stays in the notebook when the board, and its
// style sheet, are gone.
func layersHTML(hidden []digit.LayerOutput) string {
	if len(hidden) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<div class="nbdraw-layers" style="flex-basis: 100%; display: flex; flex-wrap: wrap; gap: 8px; ` +
		`align-items: flex-start">`)
	b.WriteString(`<div class="nbdraw-layers-title" style="flex-basis: 100%; color: #555; font-size: 14px">` +
		`inside the network: what each hidden unit outputs for this drawing, one cell per unit</div>`)
	for _, h := range hidden {
		png, err := layerHeatMap(h)
		if err != nil {
			b.WriteString(`<span class="nbdraw-note">` + html.EscapeString(err.Error()) + `</span>`)
			continue
		}
		lo, hi := layerRange(h.Activation, h.Values)
		alt := fmt.Sprintf("%s (%s): the output of each of its %d units, from dark (%.3g) to bright (%.3g)",
			h.Name, h.Activation, len(h.Values), lo, hi)
		b.WriteString(imgHTML(png, alt, "nbdraw-layer"))
	}
	b.WriteString("</div>")
	return b.String()
}

// layerHeatMap draws a hidden layer's outputs as a heat map titled with its
// name and width, one cell per unit, over layerRange.
func layerHeatMap(h digit.LayerOutput) ([]byte, error) {
	lo, hi := layerRange(h.Activation, h.Values)
	return plot.HeatMap(h.Values, 0, lo, hi, plot.Title(fmt.Sprintf("%s: %d units", h.Name, len(h.Values))))
}

// layerRange returns the range of a heat map of a layer's outputs: the
// range of its activation when it has one (sigmoid's [0, 1], tanh's
// [-1, 1]), from 0 to the largest output for relu's, else from the
// smallest output to the largest.
func layerRange(activation string, values []float32) (lo, hi float64) {
	switch activation {
	case "sigmoid", "hard_sigmoid", "softmax":
		return 0, 1
	case "tanh", "softsign":
		return -1, 1
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range values {
		lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
	}
	if activation == "relu" || activation == "relu6" {
		lo = 0
	}
	if !(hi > lo) { // all outputs equal, say no unit active: their value at the dark end
		hi = lo + 1
	}
	return lo, hi
}

// imgHTML returns an <img> element showing png inline, with alt as its text
// and class as its class, if not "".
func imgHTML(png []byte, alt, class string) string {
	var b bytes.Buffer
	b.WriteString(`<img alt="` + html.EscapeString(alt) + `"`)
	if class != "" {
		b.WriteString(` class="` + html.EscapeString(class) + `"`)
	}
	b.WriteString(` src="data:image/png;base64,`)
	b.WriteString(base64.StdEncoding.EncodeToString(png))
	b.WriteString(`">`)
	return b.String()
}
