package nb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
)

// PanelModel builds the model that TrainingPanel trains: the notebook's network with the
// activation chosen in the panel, compiled with the optimizer chosen (its learning rate set).
// Notebook 02's is
//
//	func helloNetwork(activation string, optimizer mlp.Optimizer) (*mlp.Model, error)
type PanelModel func(activation string, optimizer mlp.Optimizer) (*mlp.Model, error)

// ExamplesVar is the environment variable that makes TrainingPanel train on the first N
// training examples only, for quick tries (the project's browser tests set it).
const ExamplesVar = "NOTEBOOK_EXAMPLES"

// The panel's settings: the learning rate slider goes from 10^panelLRMinExp to 1 in
// panelLRPerDecade steps per decade; the epochs slider from 1 to panelMaxEpochs.
const (
	panelLRMinExp    = -3
	panelLRPerDecade = 10
	panelMaxEpochs   = 20
	panelBatchSize   = 100 // the seed's
)

// The lines TrainingPanel prints when it closes, one for each way out but the idle timeout's.
const (
	panelNoPage = "no page shows this cell's output (run without a browser?): the training panel is closed; " +
		"open the notebook in Jupyter to train from it"
	panelInterrupted = "interrupted: the training panel is closed"
	panelClosed      = "closed: the training panel is closed; run the cell again to train more"
)

// panelConfig holds TrainingPanel's timeouts, and where it prints the line that says why the
// panel closed (a test's buffer).
type panelConfig struct {
	ready, idle time.Duration
	out         io.Writer
}

// PanelSettings are the settings a learner chooses in the training panel.
type PanelSettings struct {
	Activation   string  `json:"activation"`
	Optimizer    string  `json:"optimizer"` // "sgd" or "adam"
	LearningRate float64 `json:"learning_rate"`
	Scaled       bool    `json:"scaled"` // pixels divided by 255
	Epochs       int     `json:"epochs"`
}

// defaultPanelSettings are what the panel shows first: the seed's SGD and learning rate, with
// relu on pixels divided by 255, for 5 epochs.
var defaultPanelSettings = PanelSettings{Activation: "relu", Optimizer: "sgd", LearningRate: 0.1, Scaled: true, Epochs: 5}

// optimizer returns the optimizer of the settings.
func (s PanelSettings) optimizer() (mlp.Optimizer, error) {
	switch s.Optimizer {
	case "sgd":
		return mlp.SGD(s.LearningRate), nil
	case "adam":
		return mlp.Adam(s.LearningRate), nil
	}
	return mlp.Optimizer{}, fmt.Errorf("optimizer %q: want sgd or adam", s.Optimizer)
}

// TrainingPanel shows a panel in the cell's output to train the model that build makes, with
// settings chosen in the page: the activation of the hidden layers (every name mlp accepts),
// the optimizer (SGD, Adam), the learning rate (0.001 to 1, on a log scale), the pixels (raw
// 0…255 or divided by 255) and the epochs (1 to 20), in batches of 100. Under it, it shows the
// table of runs. "Train" trains a model on train, in the history runs, as Runs.Fit does: the
// live curves over the earlier runs, the run recorded however it ends, its test score on test
// and the table of runs. "Stop" stops the run at the end of a batch, keeping its epochs; a run
// whose loss becomes NaN stops itself, and its row says so in words. A notebook shows it with
//
//	nb.Check(nb.TrainingPanel(runs, helloNetwork, train, test))
//
// The cell keeps running while the panel is up. The panel goes away, and TrainingPanel returns
// nil, when "Close" is clicked, when the cell is interrupted (■; a run in progress is stopped
// and recorded first), after 10 minutes without a click while no run trains, or when no page
// shows the panel within 8 seconds: no dead panel is left in the saved notebook. Each way out
// prints one line saying why. A kernel that no Jupyter server runs (nbconvert's) shows the
// table and no panel, and returns at once. Like the drawing board, the panel survives GoNB
// reconnecting to the page.
//
// NOTEBOOK_EPOCHS caps the epochs of each run (see Epochs); NOTEBOOK_EXAMPLES=N trains on the
// first N training examples only. Outside a notebook TrainingPanel returns an error.
func TrainingPanel(runs *Runs, build PanelModel, train, test *datasets.Set) error {
	return trainingPanel(panelConfig{ready: defaultReadyTimeout, idle: defaultIdleTimeout, out: os.Stdout},
		runs, build, train, test)
}

func trainingPanel(cfg panelConfig, runs *Runs, build PanelModel, train, test *datasets.Set) error {
	switch {
	case runs == nil:
		return errors.New(`nb: TrainingPanel: nil history; pass nb.Must(nb.OpenRuns("02-runs.json"))`)
	case build == nil:
		return errors.New("nb: TrainingPanel: nil model builder; pass a func(activation string, optimizer mlp.Optimizer) (*mlp.Model, error)")
	case train == nil || test == nil || train.Count == 0 || test.Count == 0:
		return errors.New("nb: TrainingPanel: no training or test examples; pass the sets of datasets.LoadMNIST()")
	case !front.notebook():
		return errors.New("nb: TrainingPanel: not in a notebook; the training panel needs a GoNB cell open in Jupyter")
	}
	train, note := examples(train, os.Getenv(ExamplesVar))
	if note != "" {
		fmt.Fprintln(cfg.out, note)
	}
	if _, err := runs.reload(); err != nil {
		return err
	}
	if !served() {
		DisplayHTML(runs.Table())
		fmt.Fprintln(cfg.out, panelNoPage)
		return nil
	}
	p := showPanel(cfg, runs, build, train, test)
	DisplayHTML(runs.Table())
	defer p.stop()
	why, ready := p.waitReady()
	if ready {
		why = p.answer()
	}
	p.remove(why)
	return nil
}

// examples returns the first n training examples when env (NOTEBOOK_EXAMPLES) asks for fewer
// than train holds, and the line that says so.
func examples(train *datasets.Set, env string) (*datasets.Set, string) {
	env = strings.TrimSpace(env)
	if env == "" {
		return train, ""
	}
	n, err := strconv.Atoi(env)
	switch {
	case err != nil || n <= 0:
		return train, fmt.Sprintf("nb: ignoring %s=%q (want a positive whole number): training on all %d examples",
			ExamplesVar, env, train.Count)
	case n < train.Count:
		return train.Slice(0, n), fmt.Sprintf("%s=%d: training on the first %d of %d examples", ExamplesVar, n, n, train.Count)
	}
	return train, ""
}

// panel is a training panel shown in a cell, and its session with the page that shows it: the
// page sends "ready" on each of its connections, "train:{settings}", "stop" and "close"; the
// cell answers each "ready" on address/ack and says what it does in the element statusID,
// under the panel.
type panel struct {
	cfg         panelConfig
	runs        *Runs
	build       PanelModel
	train, test *datasets.Set

	panelID, statusID, address string

	messages      <-chan string
	sig           <-chan os.Signal
	stopListening func()
	stopSignals   func()

	cancel context.CancelFunc // stops the run in progress; nil when none trains
	done   chan runResult     // receives the run's end
}

// runResult is how a run of the panel ended.
type runResult struct {
	run *Run
	err error
}

// showPanel shows a new panel in the cell's output and starts listening to its page and to the
// cell's interrupts; stop ends the listening.
func showPanel(cfg panelConfig, runs *Runs, build PanelModel, train, test *datasets.Set) *panel {
	id := front.uniqueID()
	p := &panel{cfg: cfg, runs: runs, build: build, train: train, test: test,
		panelID: "nb_runs_panel_" + id, statusID: "nb_runs_status_" + id, address: "/nb_runs/" + id,
		done: make(chan runResult, 1)}
	p.sig, p.stopSignals = interrupts()
	front.updateHTML(p.panelID, panelHTML(p.panelID, p.address, defaultPanelSettings))
	p.status("idle", "Choose the settings and click Train.")
	p.messages, p.stopListening = listen(p.address)
	return p
}

// stop stops listening to the page, then to the cell's interrupts.
func (p *panel) stop() {
	p.stopListening()
	p.stopSignals()
}

// status shows what the panel does under it; state is "idle" or "training".
func (p *panel) status(state, text string) {
	front.updateHTML(p.statusID, fmt.Sprintf(`<div class="nbruns-status" data-state="%s">%s</div>`,
		state, html.EscapeString(text)))
	front.sync()
}

// remove takes the panel and its status out of the cell's output, and prints why.
func (p *panel) remove(why string) {
	front.updateHTML(p.panelID, "")
	front.updateHTML(p.statusID, "")
	front.sync()
	fmt.Fprintln(p.cfg.out, why)
}

func (p *panel) ack() { send(p.address+"/ack", "ready") }

// waitReady waits for the page's first "ready" and acknowledges it, asking GoNB to reconnect
// meanwhile (as the drawing board does). It reports false, and why, if the cell is interrupted
// or the ready timeout passes first.
func (p *panel) waitReady() (why string, ready bool) {
	timeout := time.NewTimer(p.cfg.ready)
	defer timeout.Stop()
	retry := time.NewTicker(p.cfg.ready / (reconnects + 2))
	defer retry.Stop()
	for tries := 0; ; {
		select {
		case m := <-p.messages:
			if m == "ready" {
				p.ack()
				return "", true
			}
		case <-retry.C:
			if tries < reconnects {
				tries++
				reconnect()
			}
		case <-p.sig:
			return panelInterrupted, false
		case <-timeout.C:
			return panelNoPage, false
		}
	}
}

// answer answers the page's messages until "close", an interrupt, or the idle timeout without
// a message while no run trains, and returns why it stopped. A run in progress then is stopped,
// and recorded, first.
func (p *panel) answer() (why string) {
	idle := time.NewTimer(p.cfg.idle)
	defer idle.Stop()
	for {
		select {
		case m := <-p.messages:
			idle.Reset(p.cfg.idle)
			switch {
			case m == "ready":
				p.ack()
			case m == "close":
				p.stopRun()
				return panelClosed
			case m == "stop":
				if p.cancel == nil {
					p.status("idle", "No run is training.")
				} else {
					p.cancel()
				}
			case strings.HasPrefix(m, "train:"):
				p.startRun(m[len("train:"):])
			}
		case r := <-p.done:
			p.cancel = nil
			idle.Reset(p.cfg.idle)
			p.ended(r)
		case <-p.sig:
			p.stopRun()
			return panelInterrupted
		case <-idle.C:
			if p.cancel != nil {
				idle.Reset(p.cfg.idle)
				continue
			}
			return fmt.Sprintf("nothing trained for %v: the training panel is closed; run the cell again to train more",
				p.cfg.idle)
		}
	}
}

// startRun starts training with the settings of the page's message, unless a run trains.
func (p *panel) startRun(message string) {
	if p.cancel != nil {
		p.status("training", "A run is training: Stop it before training another.")
		return
	}
	var s PanelSettings
	if err := json.Unmarshal([]byte(message), &s); err != nil {
		p.status("idle", fmt.Sprintf("The page sent settings that cannot be read (%v): run the cell again.", err))
		return
	}
	optimizer, err := s.optimizer()
	if err == nil && (s.LearningRate <= 0 || s.Epochs < 1 || s.Epochs > panelMaxEpochs) {
		err = fmt.Errorf("learning rate %g and epochs %d: want a learning rate above 0 and 1 to %d epochs",
			s.LearningRate, s.Epochs, panelMaxEpochs)
	}
	if err != nil {
		p.status("idle", "Not trained: "+err.Error())
		return
	}
	epochs, note := epochs(s.Epochs, os.Getenv(EpochsVar))
	if note != "" {
		fmt.Fprintln(p.cfg.out, note)
	}
	settings := RunSettings{Scaled: s.Scaled, Epochs: epochs, BatchSize: panelBatchSize}
	mlp.SetRandomSeed(1) // every run starts from the same weights, as the cell above
	model, err := p.build(s.Activation, optimizer)
	if err != nil {
		p.status("idle", "Not trained: "+oneLine(err.Error()))
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	label := RunSettings{Activation: s.Activation, Optimizer: s.Optimizer, LearningRate: s.LearningRate,
		Scaled: s.Scaled}.Label()
	p.status("training", fmt.Sprintf("Training %s for %s… (Stop ends it at the end of a batch)", label, count(epochs, "epoch")))
	go func() {
		xTrain, xTest := p.train.Flat(), p.test.Flat()
		if s.Scaled {
			xTrain, xTest = p.train.Scaled(), p.test.Scaled()
		}
		run, err := p.runs.FitContext(ctx, model, settings, xTrain, p.train.OneHot(), xTest, p.test.OneHot())
		p.done <- runResult{run, err}
	}()
}

// stopRun stops the run in progress, if any, and waits until it is recorded.
func (p *panel) stopRun() {
	if p.cancel == nil {
		return
	}
	p.cancel()
	p.ended(<-p.done)
	p.cancel = nil
}

// ended says how the run ended under the panel.
func (p *panel) ended(r runResult) {
	switch {
	case r.run == nil && r.err != nil:
		p.status("idle", "Not trained: "+oneLine(r.err.Error()))
	case r.run != nil:
		text := fmt.Sprintf("Run %s: %s.", r.run.Settings.Label(), r.run.Note)
		if r.run.Test != nil {
			text += fmt.Sprintf(" Test accuracy %.4f.", r.run.Test.Accuracy)
		}
		if r.err != nil && r.run.End != RunFailed {
			text += " " + oneLine(r.err.Error())
		}
		p.status("idle", text)
	}
}
