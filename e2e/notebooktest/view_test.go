package notebooktest

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestNotebookViewShowsOutputsAsText checks how a failure's report shows an executed notebook's cells: prompts,
// streams (stderr as errors), errors with their tracebacks as text, HTML as text, other outputs by mime type.
func TestNotebookViewShowsOutputsAsText(t *testing.T) {
	var nb notebook
	err := json.Unmarshal([]byte(`{"cells": [
		{"cell_type": "markdown", "source": "# Title"},
		{"cell_type": "code", "execution_count": 3, "source": ["%%\n", "train()"], "outputs": [
			{"output_type": "stream", "name": "stdout", "text": ["epoch 1\n"]},
			{"output_type": "stream", "name": "stdout", "text": "epoch 2\n"},
			{"output_type": "stream", "name": "stderr", "text": "warning\n"},
			{"output_type": "display_data", "data": {"text/html": "<table><tr><td>0.93</td></tr></table>"}},
			{"output_type": "display_data", "data": {"image/png": "iVBOR"}},
			{"output_type": "error", "ename": "ERROR", "evalue": "failed", "traceback": ["\u001b[31mpanic: &#34;x&#34;\u001b[0m"]}]},
		{"cell_type": "code", "execution_count": null, "source": "later()", "outputs": []}]}`), &nb)
	if err != nil {
		t.Fatal(err)
	}
	p := nb.view("out/01.ipynb")
	if len(p.Cells) != 2 || p.Cells[0].Index != 1 || p.Cells[0].Prompt != "[3]:" || p.Cells[0].Count != 3 ||
		p.Cells[1].Prompt != "[ ]:" || p.Cells[1].Count != 0 {
		t.Fatalf("cells %+v", p.Cells)
	}
	var got []string
	for _, o := range p.Cells[0].Outputs {
		got = append(got, strings.TrimSpace(o.Text))
		if o.Error != (o.Text == "warning\n" || strings.HasPrefix(o.Text, "ERROR")) {
			t.Errorf("output %q: error %v", o.Text, o.Error)
		}
	}
	want := []string{"epoch 1\nepoch 2", "warning", "0.93", "(image/png)", "ERROR: failed\npanic: \"x\""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("outputs %q, want %q", got, want)
	}
	if s := p.String(); !strings.Contains(s, "out/01.ipynb") || !strings.Contains(s, "cell 2 [3]: train() (shows an error or stderr)") {
		t.Errorf("the page as a report shows it:\n%s", s)
	}
}

func TestDomTextDropsScriptsAndTags(t *testing.T) {
	dom := `<html><head><style>p { color: red }</style><script>var x = "<p>";</script></head>` +
		`<body><div class="output_subarea"><pre>Accuracy of testing =  0.93</pre></div><p>a &amp; b</p></body></html>`
	got := domText(dom)
	if !strings.HasSuffix(got, "Accuracy of testing =  0.93\na & b") || strings.Contains(got, "color") ||
		strings.Contains(got, "var x") {
		t.Errorf("domText = %q", got)
	}
}
