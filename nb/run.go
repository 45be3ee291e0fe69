package nb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/dlgo/hello/mlp"
)

// Run is one training run recorded in a Runs history: its settings, each epoch's loss and
// accuracy, the test score, how long it took and how it ended.
type Run struct {
	// ID tells runs apart when several programs write the history.
	ID       string      `json:"id"`
	Start    time.Time   `json:"start"`
	Settings RunSettings `json:"settings"`
	// History holds the epochs done; a stopped or diverged run keeps those before its end.
	History mlp.History `json:"history"`
	// Test is the score on the test set; nil when the run did not train a whole epoch or
	// diverged.
	Test *TestScore `json:"test,omitempty"`
	// Seconds is the wall time of training, without the test.
	Seconds float64 `json:"seconds"`
	End     RunEnd  `json:"end"`
	// DivergedAt is the epoch whose loss became NaN or infinite, for a diverged run.
	DivergedAt int `json:"diverged_at,omitempty"`
	// Note says how the run ended, in words: "finished 20 epochs", "stopped after 7 of 20
	// epochs", "diverged at epoch 3: lower the learning rate or divide the pixels by 255",
	// "failed: …".
	Note string `json:"note"`
}

// TestScore is a model's loss and accuracy on the test set.
type TestScore struct {
	Loss     float64 `json:"loss"`
	Accuracy float64 `json:"accuracy"`
}

// RunEnd says how a run ended.
type RunEnd string

// How runs end.
const (
	// RunFinished: every epoch asked for was trained.
	RunFinished RunEnd = "finished"
	// RunStopped: interrupted (the kernel's interrupt, a cancelled context) or stopped early
	// by a callback, keeping the epochs done.
	RunStopped RunEnd = "stopped"
	// RunDiverged: the loss became NaN or infinite.
	RunDiverged RunEnd = "diverged"
	// RunFailed: training failed with an error, such as data that does not fit the model.
	RunFailed RunEnd = "failed"
)

// RunSettings are the settings of a run. Fit reads the activation, the optimizer and the
// learning rate from the model; the pixels, the epochs and the batch size are given.
type RunSettings struct {
	// Activation of the hidden layers (several: "relu/tanh"; none: "none"). Fit fills it in
	// from the model; given, it must agree with the model.
	Activation string `json:"activation"`
	// Optimizer is the optimizer's name ("sgd", "adam"…) and LearningRate its learning rate.
	// Fit fills them in from the model; given, they must agree with it.
	Optimizer    string  `json:"optimizer"`
	LearningRate float64 `json:"learning_rate"`
	// Scaled says that the pixels were divided by 255 (shown as "/255"); raw pixels 0…255
	// otherwise ("raw"). The caller says it: the data does not.
	Scaled bool `json:"scaled"`
	// Epochs is the number of epochs asked for (0: 1, as Keras) and BatchSize the examples per
	// step (0: 32, as Keras). Fit trains with them: don't pass mlp.Epochs or mlp.BatchSize too.
	Epochs    int `json:"epochs"`
	BatchSize int `json:"batch_size"`
}

// Pixels returns "/255" for scaled pixels and "raw" otherwise.
func (s RunSettings) Pixels() string {
	if s.Scaled {
		return "/255"
	}
	return "raw"
}

// Label names the settings in a few words, as the curves show them: "relu /255 lr 0.1", with
// the optimizer unless it is SGD, the seed's: "relu /255 adam lr 0.001".
func (s RunSettings) Label() string {
	optimizer := " " + s.Optimizer
	if s.Optimizer == "sgd" || s.Optimizer == "" {
		optimizer = ""
	}
	return fmt.Sprintf("%s %s%s lr %g", s.Activation, s.Pixels(), optimizer, s.LearningRate)
}

// complete returns s with what the model says filled in and the defaults applied, or an error
// that says what disagrees.
func (s RunSettings) complete(model *mlp.Model) (RunSettings, error) {
	if model == nil {
		return s, errors.New("nb: Runs.Fit: the model is nil")
	}
	opt := model.Optimizer()
	if opt.Name == "" {
		return s, errors.New("nb: Runs.Fit: the model is not compiled; call model.Compile(mlp.Loss(...), mlp.SGD(...)) first")
	}
	activation := hiddenActivations(model)
	switch {
	case s.Activation != "" && s.Activation != activation:
		return s, fmt.Errorf("nb: Runs.Fit: the settings say activation %q, the model's hidden layers use %q; leave Activation empty to take the model's", s.Activation, activation)
	case s.Optimizer != "" && s.Optimizer != opt.Name:
		return s, fmt.Errorf("nb: Runs.Fit: the settings say optimizer %q, the model was compiled with %s; leave Optimizer empty to take the model's", s.Optimizer, opt)
	case s.LearningRate != 0 && s.LearningRate != opt.LearningRate:
		return s, fmt.Errorf("nb: Runs.Fit: the settings say learning rate %g, the model was compiled with %s; leave LearningRate at 0 to take the model's", s.LearningRate, opt)
	case s.Epochs < 0 || s.BatchSize < 0:
		return s, fmt.Errorf("nb: Runs.Fit: epochs %d and batch size %d must be positive (0 for Keras's defaults, 1 and 32)", s.Epochs, s.BatchSize)
	}
	s.Activation, s.Optimizer, s.LearningRate = activation, opt.Name, opt.LearningRate
	if s.Epochs == 0 {
		s.Epochs = 1
	}
	if s.BatchSize == 0 {
		s.BatchSize = 32
	}
	return s, nil
}

// hiddenActivations returns the activations of the model's hidden layers, each once, joined by
// "/"; "none" for a model without hidden activations.
func hiddenActivations(model *mlp.Model) string {
	layers := model.Layers()
	var names []string
	for _, i := range model.HiddenLayers() {
		if name := strings.ToLower(layers[i].Activation); !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, "/")
}

// newRunID returns a random id.
func newRunID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ended sets how the run ended from Fit's error: err is FitContext's, with ctx the context it
// ran with.
func (r *Run) ended(ctx context.Context, err error) {
	done, asked := len(r.History.Epochs), r.Settings.Epochs
	switch {
	case err == nil && done < asked:
		r.End, r.Note = RunStopped, fmt.Sprintf("stopped early after %d of %d epochs", done, asked)
	case err == nil:
		r.End, r.Note = RunFinished, fmt.Sprintf("finished %d epochs", done)
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		r.End, r.Note = RunStopped, fmt.Sprintf("stopped after %d of %d epochs", done, asked)
	case strings.Contains(err.Error(), "training diverged"): // mlp's error when the loss is NaN or infinite
		r.diverged(done + 1)
	default:
		r.End, r.Note = RunFailed, "failed: "+oneLine(err.Error())
	}
	r.keepFinite()
}

// diverged marks the run as diverged at epoch, with advice in words.
func (r *Run) diverged(epoch int) {
	r.End, r.DivergedAt = RunDiverged, epoch
	r.Note = fmt.Sprintf("diverged at epoch %d: lower the learning rate", epoch)
	if !r.Settings.Scaled {
		r.Note += " or divide the pixels by 255"
	}
}

// keepFinite cuts the history before the first epoch with a value that is not a finite number
// (JSON cannot hold one), and marks the run diverged there.
func (r *Run) keepFinite() {
	h := &r.History
	for i := range h.Epochs {
		for _, series := range [][]float64{h.Loss, h.Accuracy, h.ValLoss, h.ValAccuracy, h.Seconds} {
			if i < len(series) && !isFinite(series[i]) {
				cut := func(s []float64) []float64 { return s[:min(i, len(s))] }
				h.Epochs = h.Epochs[:i]
				h.Loss, h.Accuracy, h.ValLoss, h.ValAccuracy, h.Seconds =
					cut(h.Loss), cut(h.Accuracy), cut(h.ValLoss), cut(h.ValAccuracy), cut(h.Seconds)
				r.diverged(i + 1)
				return
			}
		}
	}
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// label names the run n of a history (1 the oldest) in curves: "#3 relu /255 lr 0.1"; n has
// at least digits digits ("#03"), so that the curves, drawn in the order of their names, are in
// the order of the runs.
func (r *Run) label(n, digits int) string {
	return fmt.Sprintf("#%0*d %s", digits, n, r.Settings.Label())
}
