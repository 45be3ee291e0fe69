package nb

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
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

// imgHTML returns an <img> element showing png inline, with alt as its text.
func imgHTML(png []byte, alt string) string {
	var b bytes.Buffer
	b.WriteString(`<img alt="` + html.EscapeString(alt) + `" src="data:image/png;base64,`)
	b.WriteString(base64.StdEncoding.EncodeToString(png))
	b.WriteString(`">`)
	return b.String()
}
