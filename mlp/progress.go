package mlp

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/dlgo/hello/internal/terminal"
)

// LiveOutput is implemented by an [Output] writer that shows a line updated
// in place by its own means, such as package nb in a notebook cell. Fit and
// Evaluate then draw each progress bar on a LiveLine of the writer instead of
// redrawing it with carriage returns (terminals) or writing only its final
// text (other writers).
type LiveOutput interface {
	io.Writer
	// LiveLine starts a line shown in place, or returns nil when the writer
	// cannot show one now; the bar's final text is then written as a line.
	LiveLine() LiveLine
}

// LiveLine is one progress line shown in place by a [LiveOutput].
type LiveLine interface {
	// Update replaces the text of the line.
	Update(text string)
	// Done replaces the text a last time; the line keeps showing it.
	Done(text string)
}

// progressMode says how a progress bar is shown.
type progressMode int

const (
	progressPlain    progressMode = iota // final line only (logs, files, pipes)
	progressTerminal                     // carriage-return updates
	progressLive                         // a LiveLine of the writer, left showing the final line
)

// progressWidth is Keras's bar width.
const progressWidth = 30

// metricValue is a named value shown after the bar, e.g. "loss: 0.0831".
type metricValue struct {
	name  string
	value float64
}

// progressBar prints Keras 2's progress line:
//
//	60000/60000 [==============================] - 3s 44us/step - loss: 0.0831 - acc: 0.3866
//
// updated live with an ETA while running.
type progressBar struct {
	w          io.Writer
	mode       progressMode
	live       LiveLine // the line of a progressLive bar
	total      int
	start      time.Time
	lastUpdate time.Time
	lastLen    int
}

func newProgressBar(w io.Writer, total int) *progressBar {
	p := &progressBar{w: w, mode: progressPlain, total: total, start: time.Now()}
	if lo, ok := w.(LiveOutput); ok {
		if p.live = lo.LiveLine(); p.live != nil {
			p.mode = progressLive
		}
	}
	if p.mode == progressPlain && terminal.Is(w) {
		p.mode = progressTerminal
	}
	return p
}

// update shows the live line for seen of total examples; it redraws at most 10 times a second.
func (p *progressBar) update(seen int, values []metricValue) {
	if p.mode == progressPlain {
		return
	}
	now := time.Now()
	if now.Sub(p.lastUpdate) < 100*time.Millisecond {
		return
	}
	p.lastUpdate = now
	elapsed := now.Sub(p.start).Seconds()
	eta := ""
	if seen > 0 {
		eta = " - ETA: " + formatETA(elapsed/float64(seen)*float64(p.total-seen))
	}
	line := p.bar(seen) + eta + formatValues(values)
	switch p.mode {
	case progressTerminal:
		fmt.Fprint(p.w, "\r"+line+p.pad(line))
		p.lastLen = len(line)
	case progressLive:
		p.live.Update(line)
	}
}

// pad returns the spaces that blank the rest of a longer earlier line.
func (p *progressBar) pad(line string) string {
	if n := p.lastLen - len(line); n > 0 {
		return strings.Repeat(" ", n)
	}
	return ""
}

// done prints the final line: bar, total time, time per example and the values.
func (p *progressBar) done(values []metricValue) {
	elapsed := time.Since(p.start).Seconds()
	perStep := ""
	if p.total > 0 {
		perStep = " " + formatPerStep(elapsed/float64(p.total))
	}
	line := fmt.Sprintf("%s - %.0fs%s%s", p.bar(p.total), elapsed, perStep, formatValues(values))
	switch p.mode {
	case progressTerminal:
		fmt.Fprint(p.w, "\r"+line+p.pad(line)+"\n")
	case progressLive:
		// The live line becomes the final line, so a notebook keeps one output per bar.
		p.live.Done(line)
	default:
		fmt.Fprintln(p.w, line)
	}
}

// bar renders "12800/60000 [=====>........................]".
func (p *progressBar) bar(seen int) string {
	digits := len(fmt.Sprint(p.total))
	filled := 0
	if p.total > 0 {
		filled = progressWidth * seen / p.total
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%*d/%d [", digits, seen, p.total)
	switch {
	case filled >= progressWidth:
		b.WriteString(strings.Repeat("=", progressWidth))
	case filled > 0:
		b.WriteString(strings.Repeat("=", filled-1) + ">" + strings.Repeat(".", progressWidth-filled))
	default:
		b.WriteString(strings.Repeat(".", progressWidth))
	}
	b.WriteString("]")
	return b.String()
}

// formatValues renders " - loss: 0.0831 - acc: 0.3866" as Keras does.
func formatValues(values []metricValue) string {
	var b strings.Builder
	for _, v := range values {
		if math.Abs(v.value) > 1e-3 || v.value == 0 {
			fmt.Fprintf(&b, " - %s: %.4f", v.name, v.value)
		} else {
			fmt.Fprintf(&b, " - %s: %.4e", v.name, v.value)
		}
	}
	return b.String()
}

func formatETA(seconds float64) string {
	s := int(math.Round(seconds))
	switch {
	case s >= 3600:
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s%3600/60, s%60)
	case s >= 60:
		return fmt.Sprintf("%d:%02d", s/60, s%60)
	}
	return fmt.Sprintf("%ds", s)
}

// formatPerStep renders the time per example ("44us/step"), as Keras 2 counts samples as steps.
func formatPerStep(seconds float64) string {
	switch {
	case seconds >= 1:
		return fmt.Sprintf("%.0fs/step", seconds)
	case seconds >= 1e-3:
		return fmt.Sprintf("%.0fms/step", seconds*1e3)
	}
	return fmt.Sprintf("%.0fus/step", seconds*1e6)
}
