package datasets

import (
	"fmt"
	"html"
	"io"
	"os"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress reports the advance of one download.
type progress interface {
	io.Writer       // counts downloaded bytes
	done(err error) // the download ended, successfully if err is nil; errors are reported by the caller
}

// newProgress returns the progress display for downloading name (total bytes,
// -1 if unknown) from url to w: nothing when w is nil, an HTML bar in a GoNB
// notebook when w is os.Stderr, a bar on a terminal, and a line at the start
// and at the end otherwise.
func newProgress(w io.Writer, name, url string, total int64) progress {
	switch {
	case w == nil:
		return silentProgress{}
	case gonbui.IsNotebook && w == io.Writer(os.Stderr):
		return newHTMLProgress(name, total)
	case isTerminal(w):
		bar := progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("downloading "+name),
			progressbar.OptionShowBytes(true),
			progressbar.OptionShowTotalBytes(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		)
		return &barProgress{bar: bar, w: w, name: name}
	default:
		fmt.Fprintf(w, "datasets: downloading %s from %s (%s)\n", name, url, byteCount(total))
		return &lineProgress{w: w, name: name}
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// byteCount formats n bytes for people; -1 means unknown.
func byteCount(n int64) string {
	switch {
	case n < 0:
		return "size unknown"
	case n < 1<<20:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
}

// silentProgress shows nothing.
type silentProgress struct{}

func (silentProgress) Write(p []byte) (int, error) { return len(p), nil }
func (silentProgress) done(error)                  {}

// lineProgress writes one line when the download ends.
type lineProgress struct {
	w     io.Writer
	name  string
	count int64
}

func (p *lineProgress) Write(b []byte) (int, error) {
	p.count += int64(len(b))
	return len(b), nil
}

func (p *lineProgress) done(err error) {
	if err == nil {
		fmt.Fprintf(p.w, "datasets: downloaded %s (%s)\n", p.name, byteCount(p.count))
	}
}

// barProgress is a terminal progress bar.
type barProgress struct {
	bar  *progressbar.ProgressBar
	w    io.Writer
	name string
}

func (p *barProgress) Write(b []byte) (int, error) { return p.bar.Write(b) }

func (p *barProgress) done(err error) {
	if err != nil {
		_ = p.bar.Exit()
		fmt.Fprintln(p.w)
		return
	}
	_ = p.bar.Finish()
}

// htmlProgress is an HTML progress bar in a GoNB notebook, updated in place
// at most every 200ms and removed when the download ends.
type htmlProgress struct {
	mu           sync.Mutex
	id, name     string
	total, count int64
	last         time.Time
}

func newHTMLProgress(name string, total int64) *htmlProgress {
	p := &htmlProgress{id: "datasets_progress_" + gonbui.UniqueId(), name: name, total: total}
	p.render()
	return p
}

func (p *htmlProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count += int64(len(b))
	if time.Since(p.last) >= 200*time.Millisecond {
		p.render()
	}
	return len(b), nil
}

// render shows the current state; p.mu must be held or p not yet shared.
func (p *htmlProgress) render() {
	p.last = time.Now()
	bar := "<progress></progress>"
	if p.total > 0 {
		bar = fmt.Sprintf("<progress value=%d max=%d></progress>", p.count, p.total)
	}
	gonbui.UpdateHTML(p.id, fmt.Sprintf("%s downloading <code>%s</code>: %s of %s",
		bar, html.EscapeString(p.name), byteCount(p.count), byteCount(p.total)))
}

func (p *htmlProgress) done(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	gonbui.UpdateHTML(p.id, "")
	if err == nil {
		fmt.Fprintf(os.Stderr, "datasets: downloaded %s (%s)\n", p.name, byteCount(p.count))
	}
}
