package nb

import "errors"

// Display shows a PNG figure in the cell's output and returns err. It takes
// the two results of a figure function of package plot, so that a cell can
// be a single line:
//
//	nb.Check(nb.Display(plot.ConfusionMatrix(m, nil)))
//
// If err is not nil nothing is shown. Outside a notebook nothing is shown
// either.
func Display(png []byte, err error) error {
	if err != nil {
		return err
	}
	if len(png) == 0 {
		return errors.New("nb: Display: empty PNG; pass the results of a figure function of package plot")
	}
	if front.notebook() {
		front.displayPNG(png)
		front.sync()
	}
	return nil
}

// DisplayHTML shows html (such as a table from plot.HTMLTable) in the
// cell's output. Outside a notebook it does nothing.
func DisplayHTML(html string) {
	if front.notebook() {
		front.displayHTML(html)
		front.sync()
	}
}

// Live is an output of the cell redrawn in place, such as learning curves
// updated after each epoch:
//
//	live := nb.NewLive()
//	// In the training loop, after each epoch:
//	live.Update(plot.LearningCurves(map[string][]float64{"loss": history.Loss}))
//
// Outside a notebook its methods do nothing.
type Live struct {
	id string
}

// NewLive returns a Live output. Nothing is shown until the first Update or
// HTML.
func NewLive() *Live {
	id := ""
	if front.notebook() {
		id = "nb_live_" + front.uniqueID()
	}
	return &Live{id: id}
}

// Update redraws the output with png and returns err; if err is not nil
// the previous figure stays. It takes the two results of a figure function.
// The figure is an image/png output, kept in the saved notebook like those
// of [Display].
func (l *Live) Update(png []byte, err error) error {
	if err != nil {
		return err
	}
	if len(png) == 0 {
		return errors.New("nb: Live.Update: empty PNG; pass the results of a figure function of package plot")
	}
	if l.id != "" {
		front.updatePNG(l.id, png)
		front.sync()
	}
	return nil
}

// HTML shows html in place of the output, for example a note that the
// figure comes after the first epoch; "" empties it.
func (l *Live) HTML(html string) {
	if l.id != "" {
		front.updateHTML(l.id, html)
		front.sync()
	}
}
