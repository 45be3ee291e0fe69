package nb

import (
	_ "embed" // the drawing board's page parts
	"encoding/json"
	"fmt"
	"html"
	"strings"
)

// The drawing board's page parts: HTML, CSS and JavaScript, kept in files
// of their own and put together by boardHTML.
var (
	//go:embed draw/board.html
	boardTemplate string
	//go:embed draw/board.css
	boardCSS string
	//go:embed draw/board.js
	boardJS string
	// handshakeJS is the handshake of the board's and the training panel's
	// pages with their cell (nbHandshake).
	//go:embed page/handshake.js
	handshakeJS string
)

// Board sizes, in canvas pixels: ten times an MNIST digit, with a pen about
// as wide as MNIST's strokes at that scale.
const (
	boardSide = 280
	boardPen  = 20
)

// boardHTML returns the drawing board's HTML, its element's id being id;
// its page sends its messages to address.
func boardHTML(id, address string) string {
	idJSON, _ := json.Marshal(id)
	addressJSON, _ := json.Marshal(address)
	return strings.NewReplacer(
		"{{ID}}", html.EscapeString(id),
		"{{ID_JSON}}", string(idJSON),
		"{{ADDRESS_JSON}}", string(addressJSON),
		"{{SIDE}}", fmt.Sprint(boardSide),
		"{{PEN}}", fmt.Sprint(boardPen),
		"{{CSS}}", boardCSS,
		"{{JS}}", handshakeJS+boardJS,
	).Replace(boardTemplate)
}
