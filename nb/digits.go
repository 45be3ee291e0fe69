package nb

import (
	"fmt"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
	"github.com/dlgo/hello/plot"
)

// Digits draws the images of set in a grid of gridCols columns, each captioned with its label,
// and returns the PNG for Display:
//
//	nb.Check(nb.Display(nb.Digits(train.Slice(0, 25), 5)))
func Digits(set *datasets.Set, gridCols int) ([]byte, error) {
	labels := make([]string, set.Count)
	for i, label := range set.Labels {
		labels[i] = fmt.Sprint(label)
	}
	return plot.Digits(set.Images, set.Rows, set.Cols, labels, gridCols)
}

// Mistakes draws the images of set that mistakes name (as mlp.ConfidentMistakes returns them),
// each captioned "#index: predicted (confidence), true label", in a grid of gridCols columns.
func Mistakes(set *datasets.Set, mistakes []mlp.Mistake, gridCols int) ([]byte, error) {
	var images []uint8
	captions := make([]string, len(mistakes))
	for i, m := range mistakes {
		if m.Index < 0 || m.Index >= set.Count {
			return nil, fmt.Errorf("nb: Mistakes: index %d is outside the set's %d images", m.Index, set.Count)
		}
		images = append(images, set.Image(m.Index)...)
		captions[i] = fmt.Sprintf("#%d: %d (%.2f), true %d", m.Index, m.Predicted, m.Confidence, m.Truth)
	}
	return plot.Digits(images, set.Rows, set.Cols, captions, gridCols)
}

// DisplayPredictions shows the first images of set with their predicted and true labels, then a
// table of the probabilities the model gave each class: result holds one row per image, as
// Model.Predict returns them (rows beyond the set's images are left out).
//
//	result := nb.Must(model.Predict(test.Flat()))
//	nb.Check(nb.DisplayPredictions(test.Slice(0, 10), result))
func DisplayPredictions(set *datasets.Set, result [][]float32) error {
	if len(result) < set.Count {
		return fmt.Errorf("nb: DisplayPredictions: %d rows of probabilities for %d images", len(result), set.Count)
	}
	captions := make([]string, set.Count)
	rows := make([][]string, set.Count)
	header := []string{"image", "true", "predicted"}
	for c := range len(result[0]) {
		header = append(header, fmt.Sprint(c))
	}
	for i := range set.Count {
		predicted := mlp.ArgMax(result[i])
		captions[i] = fmt.Sprintf("predicted %d, true %d", predicted, set.Labels[i])
		rows[i] = []string{fmt.Sprint(i), fmt.Sprint(set.Labels[i]), fmt.Sprint(predicted)}
		for _, p := range result[i] {
			rows[i] = append(rows[i], fmt.Sprintf("%.3f", p))
		}
	}
	if err := Display(plot.Digits(set.Images, set.Rows, set.Cols, captions, 5)); err != nil {
		return err
	}
	DisplayHTML(plot.HTMLTable(header, rows))
	return nil
}
