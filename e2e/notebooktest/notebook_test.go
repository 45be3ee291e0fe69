package notebooktest

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// notebook is the part of the nbformat 4 JSON the checks read.
type notebook struct {
	Cells []cell `json:"cells"`
}

type cell struct {
	CellType string    `json:"cell_type"`
	Source   multiline `json:"source"`
	Metadata struct {
		Tags []string `json:"tags"`
	} `json:"metadata"`
	ExecutionCount *int     `json:"execution_count"`
	Outputs        []output `json:"outputs"`
}

type output struct {
	OutputType string                     `json:"output_type"`
	Name       string                     `json:"name"` // stream: stdout or stderr
	Text       multiline                  `json:"text"`
	Data       map[string]json.RawMessage `json:"data"`
	Ename      string                     `json:"ename"`
	Evalue     string                     `json:"evalue"`
	Traceback  []string                   `json:"traceback"`
}

// multiline is a notebook text field, stored as a string or a list of lines.
type multiline string

func (m *multiline) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = multiline(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return err
	}
	*m = multiline(strings.Join(lines, ""))
	return nil
}

// text returns a data field (such as text/html) as a string.
func (o output) text(mime string) string {
	raw, ok := o.Data[mime]
	if !ok {
		return ""
	}
	var m multiline
	if err := json.Unmarshal(raw, &m); err != nil {
		return ""
	}
	return string(m)
}

// notebookPaths returns the notebooks of notebooks/, and fails the test when there are fewer than atLeast.
func notebookPaths(t *testing.T, atLeast int) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(notebooksDir, "*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < atLeast {
		t.Fatalf("found %d notebooks in %s, want at least %d", len(paths), notebooksDir, atLeast)
	}
	return paths
}

func readNotebook(t *testing.T, path string) *notebook {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("notebooks: %s: %v", path, err)
	}
	return &nb
}

// codeCells calls fn with each code cell and its 1-based position among the notebook's cells.
func (nb *notebook) codeCells(fn func(n int, c *cell)) {
	for i := range nb.Cells {
		if nb.Cells[i].CellType == "code" {
			fn(i+1, &nb.Cells[i])
		}
	}
}

// stdout returns everything the notebook's cells printed to standard output.
func (nb *notebook) stdout() string {
	var b strings.Builder
	nb.codeCells(func(_ int, c *cell) {
		for _, o := range c.Outputs {
			if o.OutputType == "stream" && o.Name == "stdout" {
				b.WriteString(string(o.Text))
			}
		}
	})
	return b.String()
}

// firstLine returns the start of a cell's source, to name the cell in messages.
func (c *cell) firstLine() string {
	for _, line := range strings.Split(string(c.Source), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && line != "%%" && !strings.HasPrefix(line, "//") {
			if len(line) > 70 {
				line = line[:70] + "…"
			}
			return line
		}
	}
	return ""
}

var (
	htmlTag    = regexp.MustCompile(`(?s)<style.*?</style>|<[^>]*>`)
	ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)
)

// plainText strips HTML tags, entities and terminal escapes from an error message.
func plainText(s string) string {
	s = html.UnescapeString(ansiEscape.ReplaceAllString(htmlTag.ReplaceAllString(s, ""), ""))
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	return tail(strings.Join(lines, "\n"), 30)
}

// view returns the notebook's code cells as a failure's report shows them (see jupytertest.Diagnose), named by
// path: each with its prompt and its outputs as text.
func (nb *notebook) view(path string) *jupytertest.PageView {
	p := &jupytertest.PageView{URL: path}
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		v := jupytertest.CellView{Index: i, Prompt: "[ ]:", Source: string(c.Source)}
		prevStream := ""
		if c.ExecutionCount != nil {
			v.Count, v.Prompt = *c.ExecutionCount, fmt.Sprintf("[%d]:", *c.ExecutionCount)
		}
		for _, o := range c.Outputs {
			ov := o.view()
			// A stream arrives in chunks, which Jupyter shows as one output.
			if n := len(v.Outputs); n > 0 && o.OutputType == "stream" && prevStream == o.Name {
				v.Outputs[n-1].Text += ov.Text
				continue
			}
			prevStream = ""
			if o.OutputType == "stream" {
				prevStream = o.Name
			}
			v.Outputs = append(v.Outputs, ov)
		}
		p.Cells = append(p.Cells, v)
	}
	return p
}

// view returns an output as text: a stream's or an error's text, else its text/plain or text/html (as text), or
// the names of its mime types.
func (o output) view() jupytertest.OutputView {
	switch {
	case o.OutputType == "stream":
		return jupytertest.OutputView{Error: o.Name == "stderr", Text: string(o.Text)}
	case o.OutputType == "error":
		return jupytertest.OutputView{Error: true, Text: o.Ename + ": " + o.Evalue + "\n" +
			plainText(strings.Join(o.Traceback, "\n"))}
	case o.text("text/plain") != "":
		return jupytertest.OutputView{Text: o.text("text/plain")}
	case o.text("text/html") != "":
		return jupytertest.OutputView{Text: plainText(o.text("text/html"))}
	}
	var mimes []string
	for m := range o.Data {
		mimes = append(mimes, m)
	}
	slices.Sort(mimes)
	return jupytertest.OutputView{Text: "(" + strings.Join(mimes, ", ") + ")"}
}
