package plot

import (
	"html"
	"strings"
)

// HTMLTable returns header and rows as a plain HTML table, every cell
// escaped, for nb.DisplayHTML in a notebook. header may be nil for a
// table without a header row; rows may have different lengths.
func HTMLTable(header []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("<table>\n")
	if header != nil {
		b.WriteString("<thead><tr>")
		for _, h := range header {
			b.WriteString("<th>")
			b.WriteString(html.EscapeString(h))
			b.WriteString("</th>")
		}
		b.WriteString("</tr></thead>\n")
	}
	b.WriteString("<tbody>\n")
	for _, row := range rows {
		b.WriteString("<tr>")
		for _, cell := range row {
			b.WriteString("<td>")
			b.WriteString(html.EscapeString(cell))
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	return b.String()
}
