package mlp

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// recordedLine is a LiveLine that records what it is told.
type recordedLine struct {
	updates []string
	final   string
	done    int
}

func (l *recordedLine) Update(text string) { l.updates = append(l.updates, text) }
func (l *recordedLine) Done(text string)   { l.final = text; l.done++ }

// liveWriter is a LiveOutput whose lines are recorded; with noLine it cannot show one.
type liveWriter struct {
	bytes.Buffer
	lines  []*recordedLine
	noLine bool
}

func (w *liveWriter) LiveLine() LiveLine {
	if w.noLine {
		return nil
	}
	l := &recordedLine{}
	w.lines = append(w.lines, l)
	return l
}

func TestProgressOnAPipeIsPlain(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if p := newProgressBar(w, 10); p.mode != progressPlain {
		t.Errorf("a pipe should get plain progress, got mode %d", p.mode)
	}
}

func TestProgressOnATerminalRedrawsInPlace(t *testing.T) {
	var buf bytes.Buffer
	// A terminal is detected from an *os.File; the rendering only needs the mode.
	p := &progressBar{w: &buf, mode: progressTerminal, total: 200, start: time.Now()}
	p.update(100, []metricValue{{"loss", 0.5}, {"accuracy", 0.75}})
	p.lastUpdate = time.Time{} // let the next update through at once
	p.update(200, nil)
	p.done([]metricValue{{"loss", 0.25}})
	out := buf.String()
	parts := strings.Split(out, "\r")
	if len(parts) != 4 || parts[0] != "" {
		t.Fatalf("terminal output = %q, want three \\r-led redraws", out)
	}
	if want := "100/200 [==============>...............] - ETA: 0s - loss: 0.5000 - accuracy: 0.7500"; parts[1] != want {
		t.Errorf("first redraw = %q, want %q", parts[1], want)
	}
	// The shorter second line blanks the end of the first.
	if !strings.HasPrefix(parts[2], "200/200 [==============================] - ETA: 0s") ||
		len(parts[2]) != len(parts[1]) || !strings.HasSuffix(parts[2], " ") {
		t.Errorf("second redraw = %q, want the full bar padded to %d characters", parts[2], len(parts[1]))
	}
	if !strings.HasPrefix(parts[3], "200/200 [==============================] - 0s ") ||
		!strings.Contains(parts[3], "us/step - loss: 0.2500") || !strings.HasSuffix(parts[3], "\n") {
		t.Errorf("final line = %q", parts[3])
	}
}

func TestProgressOnAPlainWriterPrintsTheFinalLineOnly(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressBar(&buf, 200)
	p.update(100, []metricValue{{"loss", 0.5}})
	p.done([]metricValue{{"loss", 0.25}})
	out := buf.String()
	if strings.Count(out, "\n") != 1 || strings.Contains(out, "\r") || strings.Contains(out, "ETA") ||
		!strings.HasPrefix(out, "200/200 [==============================] - 0s ") {
		t.Errorf("plain output = %q, want the final line only", out)
	}
}

func TestProgressOnALiveOutputUsesOneLinePerBar(t *testing.T) {
	w := &liveWriter{}
	for range 2 {
		p := newProgressBar(w, 200)
		if p.mode != progressLive {
			t.Fatalf("a LiveOutput should get live progress, got mode %d", p.mode)
		}
		p.update(100, []metricValue{{"loss", 0.5}})
		p.done([]metricValue{{"loss", 0.25}})
	}
	if w.Len() != 0 {
		t.Errorf("live progress wrote %q to the writer, want nothing", w.String())
	}
	if len(w.lines) != 2 {
		t.Fatalf("%d live lines, want one per bar (2)", len(w.lines))
	}
	l := w.lines[0]
	if len(l.updates) != 1 || !strings.HasPrefix(l.updates[0], "100/200 [") || l.done != 1 ||
		!strings.HasPrefix(l.final, "200/200 [") || !strings.HasSuffix(l.final, "loss: 0.2500") {
		t.Errorf("live line got updates %q and final %q (%d times)", l.updates, l.final, l.done)
	}
}

func TestProgressFallsBackToLinesWithoutALiveLine(t *testing.T) {
	w := &liveWriter{noLine: true}
	p := newProgressBar(w, 10)
	if p.mode != progressPlain {
		t.Fatalf("a LiveOutput without a line should get plain progress, got mode %d", p.mode)
	}
	p.done(nil)
	if !strings.HasPrefix(w.String(), "10/10 [") {
		t.Errorf("output = %q, want the final line", w.String())
	}
}
