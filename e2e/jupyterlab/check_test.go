package jupyterlab

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// summary is what window.labTest.summary returns: the notebook as the page shows it, read from the DOM.
type summary struct {
	Path   string     `json:"path"`
	Cells  []cellView `json:"cells"`
	Errors []string   `json:"errors"` // errors of the page itself (opening the notebook, starting the kernel)
}

type cellView struct {
	Index    int          `json:"index"`
	Type     string       `json:"type"`     // code, markdown or raw
	Prompt   string       `json:"prompt"`   // "[3]:", "[*]:" while running, "[ ]:" never run
	Rendered bool         `json:"rendered"` // markdown shown as HTML
	Text     string       `json:"text"`     // markdown: the rendered text
	RawLatex bool         `json:"rawLatex"` // markdown: $$…$$ shown as text, not typeset by MathJax
	Outputs  []outputView `json:"outputs"`
}

type outputView struct {
	Mime   string      `json:"mime"` // the renderer's mime type; error outputs show as stderrMime
	Text   string      `json:"text"` // as rendered
	Images []imageView `json:"images"`
	Tables []struct {
		Rows int `json:"rows"`
	} `json:"tables"`
}

type imageView struct {
	Decoded bool   `json:"decoded"`
	Width   int    `json:"width"` // natural size
	Height  int    `json:"height"`
	Mime    string `json:"mime"` // the start of its src
}

// stderrMime is the mime type JupyterLab renders stderr streams and error outputs (failed cells) with.
const stderrMime = "application/vnd.jupyter.stderr"

// expected is what a notebook's page must show beyond the checks that apply to every notebook.
type expected struct {
	ran      bool     // every code cell was run: its prompt shows an execution count
	images   int      // at least this many images
	tables   int      // at least this many tables
	progress bool     // at least one progress line
	texts    []string // texts the page shows
}

// expectFrom derives what the page must show from a notebook's saved outputs (a full run): as many image
// outputs, as many tables, and a progress line if it has one. Training runs cut short show the same outputs:
// only the lines of text vary with the number of epochs.
func expectFrom(path string) (expected, error) {
	var want expected
	data, err := os.ReadFile(path)
	if err != nil {
		return want, err
	}
	var nb struct {
		Cells []struct {
			Outputs []struct {
				Data map[string]json.RawMessage `json:"data"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		return want, fmt.Errorf("%s: %w", path, err)
	}
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if o.Data["image/png"] != nil || o.Data["image/svg+xml"] != nil {
				want.images++
			}
			html := string(o.Data["text/html"])
			want.tables += strings.Count(html, "<table")
			want.progress = want.progress || strings.Contains(html, "[==============================]")
		}
	}
	return want, nil
}

var (
	executed = regexp.MustCompile(`^\[\d+\]:$`)
	// progressLine matches the progress line of a training or evaluation run: "60000/60000 [====…] - 3s …".
	progressLine = regexp.MustCompile(`(?m)^ *(\d+)/(\d+) \[[=>.]*\]`)
)

// problems returns what is wrong with the page: a code cell that did not run (when want.ran), error outputs
// and stderr, an image that does not decode or has no size, an empty table, a live progress line that did not
// reach its final state, a markdown cell not rendered or with LaTeX not typeset, errors of the page itself,
// and any difference from want.
func (s *summary) problems(want expected) []string {
	var probs []string
	add := func(c cellView, format string, args ...any) {
		probs = append(probs, fmt.Sprintf("cell %d (%s): %s", c.Index+1, c.Type, fmt.Sprintf(format, args...)))
	}
	images, tables, progress := 0, 0, 0
	for _, c := range s.Cells {
		switch {
		case c.Type == "code" && want.ran && !executed.MatchString(c.Prompt):
			add(c, "did not run: its prompt shows %q", c.Prompt)
		case c.Type == "markdown" && (!c.Rendered || c.Text == ""):
			add(c, "the markdown is not rendered")
		case c.Type == "markdown" && c.RawLatex:
			add(c, "shows LaTeX that MathJax did not typeset")
		}
		for _, o := range c.Outputs {
			if o.Mime == stderrMime {
				add(c, "shows an error or stderr output:\n%s", jupytertest.Tail(o.Text, 15))
			}
			for _, img := range o.Images {
				images++
				if !img.Decoded || img.Width == 0 || img.Height == 0 {
					add(c, "shows an image that does not render (%s…: decoded %v, natural size %d×%d)",
						img.Mime, img.Decoded, img.Width, img.Height)
				}
			}
			for _, tab := range o.Tables {
				tables++
				if tab.Rows < 2 {
					add(c, "shows a table with %d rows", tab.Rows)
				}
			}
			for _, m := range progressLine.FindAllStringSubmatch(o.Text, -1) {
				progress++
				done, _ := strconv.Atoi(m[1])
				total, _ := strconv.Atoi(m[2])
				if done != total || strings.Contains(o.Text, "ETA") {
					add(c, "shows a progress line that did not reach its end: %q", firstLine(o.Text))
				}
			}
		}
	}
	if images < want.images {
		probs = append(probs, fmt.Sprintf("%d images rendered, want %d", images, want.images))
	}
	if tables < want.tables {
		probs = append(probs, fmt.Sprintf("%d tables rendered, want %d", tables, want.tables))
	}
	if want.progress && progress == 0 {
		probs = append(probs, "no progress line shown")
	}
	all := s.text()
	for _, text := range want.texts {
		if !strings.Contains(all, text) {
			probs = append(probs, fmt.Sprintf("the page does not show %q", text))
		}
	}
	for _, e := range s.Errors {
		probs = append(probs, "the page reports: "+e)
	}
	return probs
}

// text returns all the text the page shows: rendered markdown and outputs.
func (s *summary) text() string {
	var b strings.Builder
	for _, c := range s.Cells {
		b.WriteString(c.Text + "\n")
		for _, o := range c.Outputs {
			b.WriteString(o.Text + "\n")
		}
	}
	return b.String()
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
