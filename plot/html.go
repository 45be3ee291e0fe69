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
		b.WriteString("<thead>")
		writeRow(&b, "th", header)
		b.WriteString("</thead>\n")
	}
	b.WriteString("<tbody>\n")
	for _, row := range rows {
		writeRow(&b, "td", row)
		b.WriteString("\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	return b.String()
}

// writeRow writes one table row, each cell escaped in a tag element (th or td).
func writeRow(b *strings.Builder, tag string, cells []string) {
	b.WriteString("<tr>")
	for _, cell := range cells {
		b.WriteString("<" + tag + ">" + html.EscapeString(cell) + "</" + tag + ">")
	}
	b.WriteString("</tr>")
}
