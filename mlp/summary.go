package mlp

import (
	"fmt"
	"strings"
)

// Summary prints the model's table as Keras's model.summary() does: each layer with its output
// shape and parameter count, then the totals (648,010 parameters for the seed's model).
func (m *Model) Summary() { fmt.Print(m.summaryString()) }

// summaryString returns the Summary table.
func (m *Model) summaryString() string {
	if m.err != nil {
		return m.err.Error() + "\n"
	}
	const line = 65
	cols := []int{29, 26, 10}
	row := func(cells ...string) string {
		var b strings.Builder
		for i, c := range cells {
			if i < len(cells)-1 && len(c) < cols[i] {
				c += strings.Repeat(" ", cols[i]-len(c))
			} else if i < len(cells)-1 {
				c += " "
			}
			b.WriteString(c)
		}
		return strings.TrimRight(b.String(), " ") + "\n"
	}
	var b strings.Builder
	b.WriteString(`Model: "sequential"` + "\n")
	b.WriteString(strings.Repeat("_", line) + "\n")
	b.WriteString(row("Layer (type)", "Output Shape", "Param #"))
	b.WriteString(strings.Repeat("=", line) + "\n")
	widths, params := m.layerShapes()
	total := 0
	for i, l := range m.layers {
		total += params[i]
		shape := fmt.Sprintf("(None, %d)", widths[i])
		if widths[i] == 0 {
			shape = "(None, ?)"
		}
		b.WriteString(row(fmt.Sprintf("%s (%s)", l.Name, l.typeName()), shape, fmt.Sprint(params[i])))
		if i < len(m.layers)-1 {
			b.WriteString(strings.Repeat("_", line) + "\n")
		}
	}
	b.WriteString(strings.Repeat("=", line) + "\n")
	fmt.Fprintf(&b, "Total params: %s\nTrainable params: %s\nNon-trainable params: 0\n", commas(total), commas(total))
	b.WriteString(strings.Repeat("_", line) + "\n")
	return b.String()
}

// commas formats n with thousands separators, as Keras does in summaries' totals.
func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
