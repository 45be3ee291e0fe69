package plot

import (
	"fmt"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// Display shows a PNG figure in the output of the current GoNB notebook
// cell, and returns err. It takes the two results of a figure function, so
// that a cell can be a single line:
//
//	plot.Display(plot.ConfusionMatrix(m, nil))
//
// If err is not nil nothing is shown. Outside a notebook (gonbui.IsNotebook
// is false) nothing is shown either.
func Display(png []byte, err error) error {
	if err != nil {
		return err
	}
	if gonbui.IsNotebook {
		gonbui.DisplayPng(png)
	}
	return nil
}

// DisplayUpdate shows a PNG figure in the notebook output block identified
// by id, replacing what an earlier DisplayUpdate with the same id showed
// there: the block is created by the first call and redrawn in place by the
// next ones, e.g. once per epoch to watch learning curves grow. Get an id
// from gonbui.UniqueId, or use [Live].
//
// The figure is sent as an image/png output, so the last one drawn is kept
// in the saved notebook like the figures of [Display]. Outside a notebook
// DisplayUpdate does nothing.
func DisplayUpdate(id string, png []byte) {
	if !gonbui.IsNotebook {
		return
	}
	gonbui.SendData(&protocol.DisplayData{
		Data:      map[protocol.MIMEType]any{protocol.MIMEImagePNG: png},
		DisplayID: id,
	})
}

// Live is a figure redrawn in place in a notebook cell's output, such as
// learning curves updated after each epoch:
//
//	live := plot.NewLive()
//	// In the training loop, after each epoch:
//	live.Update(plot.LearningCurves(history))
type Live struct {
	id string
}

// NewLive returns a Live figure with a new unique output id. Nothing is
// shown until the first Update.
func NewLive() *Live {
	return &Live{id: "plot_live_" + gonbui.UniqueId()}
}

// ID returns the notebook output id that l draws into.
func (l *Live) ID() string { return l.id }

// Update redraws the figure with png, and returns err; if err is not nil
// the previous figure stays. It takes the two results of a figure function.
func (l *Live) Update(png []byte, err error) error {
	if err != nil {
		return err
	}
	if len(png) == 0 {
		return fmt.Errorf("plot: Live.Update: empty PNG")
	}
	DisplayUpdate(l.id, png)
	return nil
}
