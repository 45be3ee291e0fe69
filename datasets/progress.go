package datasets

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/dlgo/hello/internal/terminal"
	"github.com/schollz/progressbar/v3"
)

// LiveProgress is implemented by a [Progress] writer that shows a download
// bar by its own means, such as package nb in a notebook cell. Downloads are
// then shown on a LiveBar of the writer instead of a terminal bar or lines;
// the line that says a download is done is still written to the writer.
type LiveProgress interface {
	io.Writer
	// LiveBar starts a bar for a download of total bytes (-1 if unknown), or
	// returns nil when the writer cannot show one now; lines are then
	// written instead.
	LiveBar(total int64) LiveBar
}

// LiveBar is one download bar shown by a [LiveProgress].
type LiveBar interface {
	// Update shows that done bytes have arrived, described by text
	// (such as "downloading f.gz: 1.2 MB of 9.9 MB").
	Update(done int64, text string)
	// Close removes the bar.
	Close()
}

// progress reports the advance of one download.
type progress interface {
	io.Writer       // counts downloaded bytes
	done(err error) // the download ended, successfully if err is nil; errors are reported by the caller
}

// newProgress returns the progress display for downloading name (total bytes,
// -1 if unknown) from url to w: nothing when w is nil, the writer's own bar
// when it is a LiveProgress, a bar on a terminal, and a line at the start and
// at the end otherwise.
func newProgress(w io.Writer, name, url string, total int64) progress {
	if w == nil {
		return silentProgress{}
	}
	if lp, ok := w.(LiveProgress); ok {
		if bar := lp.LiveBar(total); bar != nil {
			return newLiveProgress(w, bar, name, total)
		}
	}
	if terminal.Is(w) {
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
	}
	fmt.Fprintf(w, "datasets: downloading %s from %s (%s)\n", name, url, byteCount(total))
	return &lineProgress{w: w, name: name}
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

// liveProgress feeds a LiveBar at most every 200ms and removes it when the
// download ends.
type liveProgress struct {
	mu           sync.Mutex
	w            io.Writer
	bar          LiveBar
	name         string
	total, count int64
	last         time.Time
}

func newLiveProgress(w io.Writer, bar LiveBar, name string, total int64) *liveProgress {
	p := &liveProgress{w: w, bar: bar, name: name, total: total}
	p.render()
	return p
}

func (p *liveProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count += int64(len(b))
	if time.Since(p.last) >= 200*time.Millisecond {
		p.render()
	}
	return len(b), nil
}

// render shows the current state; p.mu must be held or p not yet shared.
func (p *liveProgress) render() {
	p.last = time.Now()
	p.bar.Update(p.count, fmt.Sprintf("downloading %s: %s of %s", p.name, byteCount(p.count), byteCount(p.total)))
}

func (p *liveProgress) done(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Close()
	if err == nil {
		fmt.Fprintf(p.w, "datasets: downloaded %s (%s)\n", p.name, byteCount(p.count))
	}
}
