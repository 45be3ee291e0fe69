package datasets

import (
	"bytes"
	"errors"
	"testing"
)

func TestProgressWritesLinesToNonTerminals(t *testing.T) {
	tests := []struct {
		name  string
		total int64
		err   error
		want  string
	}{
		{"known size", 2_500_000, nil,
			"datasets: downloading f.gz from http://m/f.gz (2.5 MB)\ndatasets: downloaded f.gz (2.5 MB)\n"},
		{"unknown size", -1, nil,
			"datasets: downloading f.gz from http://m/f.gz (size unknown)\ndatasets: downloaded f.gz (2.5 MB)\n"},
		{"failure is left to the caller", 2_500_000, errors.New("boom"),
			"datasets: downloading f.gz from http://m/f.gz (2.5 MB)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			p := newProgress(&b, "f.gz", "http://m/f.gz", tt.total)
			for range 25 {
				_, _ = p.Write(make([]byte, 100_000))
			}
			p.done(tt.err)
			if b.String() != tt.want {
				t.Errorf("progress wrote %q, want %q", b.String(), tt.want)
			}
		})
	}
}

func TestProgressToNilIsSilent(t *testing.T) {
	p := newProgress(nil, "f.gz", "http://m/f.gz", 10)
	if n, err := p.Write(make([]byte, 10)); n != 10 || err != nil {
		t.Errorf("Write = %d, %v, want 10, nil", n, err)
	}
	p.done(nil)
	if _, ok := p.(silentProgress); !ok {
		t.Errorf("newProgress(nil, ...) = %T, want silentProgress", p)
	}
}

func TestByteCountIsReadable(t *testing.T) {
	for n, want := range map[int64]string{-1: "size unknown", 4542: "4.5 kB", 9912422: "9.9 MB"} {
		if got := byteCount(n); got != want {
			t.Errorf("byteCount(%d) = %q, want %q", n, got, want)
		}
	}
}

// recordedBar is a LiveBar that records what it is told.
type recordedBar struct {
	texts  []string
	last   int64
	closed bool
}

func (b *recordedBar) Update(done int64, text string) { b.last = done; b.texts = append(b.texts, text) }
func (b *recordedBar) Close()                         { b.closed = true }

// liveWriter is a LiveProgress whose bars are recorded; with noBar it cannot show one.
type liveWriter struct {
	bytes.Buffer
	bars  []*recordedBar
	noBar bool
}

func (w *liveWriter) LiveBar(total int64) LiveBar {
	if w.noBar {
		return nil
	}
	b := &recordedBar{}
	w.bars = append(w.bars, b)
	return b
}

func TestProgressUsesTheBarOfALiveWriter(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"success", nil, "datasets: downloaded f.gz (2.5 MB)\n"},
		{"failure is left to the caller", errors.New("boom"), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := &liveWriter{}
			p := newProgress(w, "f.gz", "http://m/f.gz", 2_500_000)
			for range 25 {
				_, _ = p.Write(make([]byte, 100_000))
			}
			p.done(tt.err)
			if len(w.bars) != 1 {
				t.Fatalf("%d bars, want 1", len(w.bars))
			}
			b := w.bars[0]
			if !b.closed || len(b.texts) == 0 || b.texts[0] != "downloading f.gz: 0.0 kB of 2.5 MB" {
				t.Errorf("bar: closed %v, texts %q", b.closed, b.texts)
			}
			if w.String() != tt.want {
				t.Errorf("writer got %q, want %q", w.String(), tt.want)
			}
		})
	}
}

func TestProgressWritesLinesWhenALiveWriterHasNoBar(t *testing.T) {
	w := &liveWriter{noBar: true}
	p := newProgress(w, "f.gz", "http://m/f.gz", 10)
	p.done(nil)
	if want := "datasets: downloading f.gz from http://m/f.gz (0.0 kB)\ndatasets: downloaded f.gz (0.0 kB)\n"; w.String() != want {
		t.Errorf("writer got %q, want %q", w.String(), want)
	}
}
