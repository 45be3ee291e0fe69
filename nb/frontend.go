package nb

import (
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// frontEnd is what nb uses of the notebook: GoNB's gonbui in a program run
// by GoNB, a recorder in tests.
type frontEnd interface {
	// notebook reports whether outputs can be displayed.
	notebook() bool
	// uniqueID returns a new id for an output that is updated in place.
	uniqueID() string
	displayHTML(html string)
	displayPNG(png []byte)
	// updateHTML and updatePNG create the output id or replace its content.
	updateHTML(id, html string)
	updatePNG(id string, png []byte)
	// sync waits until what was displayed has reached the notebook: output
	// still in the pipe when the program exits can be lost.
	sync()
}

// front is the notebook nb displays in.
var front frontEnd = gonbFront{}

// gonbFront displays through GoNB.
type gonbFront struct{}

func (gonbFront) notebook() bool             { return gonbui.IsNotebook }
func (gonbFront) uniqueID() string           { return gonbui.UniqueID() }
func (gonbFront) displayHTML(html string)    { gonbui.DisplayHTML(html) }
func (gonbFront) displayPNG(png []byte)      { gonbui.DisplayPNG(png) }
func (gonbFront) updateHTML(id, html string) { gonbui.UpdateHTML(id, html) }
func (gonbFront) sync()                      { gonbui.Sync() }

// updatePNG sends the figure as an image/png output (as DisplayPNG does), so
// the last one drawn is kept in the saved notebook.
func (gonbFront) updatePNG(id string, png []byte) {
	gonbui.SendData(&protocol.DisplayData{
		Data:      map[protocol.MIMEType]any{protocol.MIMEImagePNG: png},
		DisplayID: id,
	})
}
