package notebooktest

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
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

// plainText strips HTML tags and terminal escapes from an error message.
func plainText(s string) string {
	s = ansiEscape.ReplaceAllString(htmlTag.ReplaceAllString(s, ""), "")
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	return tail(strings.Join(lines, "\n"), 30)
}
