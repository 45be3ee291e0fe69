package nb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/dlgo/hello/mlp"
)

// FitOnce returns the training history of the model saved at path, without training, when
// there is one. Otherwise it trains model on x and y (model.FitContext with Interruptible and
// opts) and saves it to path, so that the next call — the same cell run again, or another
// notebook — reuses it. A notebook trains a baseline to compare with this way once, not on
// every edit of the cell that compares with it:
//
//	base := nb.Must(nb.FitOnce("hello-world.model", model, x, y, mlp.Epochs(20)))
//
// A file at path that is not a saved model is an error; it is not overwritten.
func FitOnce(path string, model *mlp.Model, x, y any, opts ...mlp.FitOption) (*mlp.History, error) {
	if _, err := os.Stat(path); err == nil {
		saved, err := mlp.Load(path)
		if err != nil {
			return nil, err
		}
		if h := saved.History(); h != nil && len(h.Epochs) > 0 {
			return h, nil
		}
		return nil, fmt.Errorf("nb: FitOnce: %s holds an untrained model; remove it to train again", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("nb: FitOnce: %w", err)
	}
	if _, err := model.FitContext(Interruptible(), x, y, opts...); err != nil {
		return nil, err
	}
	if err := model.Save(path); err != nil {
		return nil, err
	}
	return model.History(), nil
}
