package nb

import (
	"fmt"
	"html"
	"time"

	"github.com/dlgo/hello/plot"
)

// bestMark marks the runs with the best test accuracy in the table.
const bestMark = "★"

// Table returns the runs of the history as an HTML table (see plot.HTMLTable), newest first, as
// last read or written (see All): each run's number (1 the oldest), settings, epochs done of
// those asked, last training accuracy, test loss and accuracy, training time and how it ended,
// in words. The runs with the best test accuracy are marked ★. A notebook shows it with
//
//	nb.DisplayHTML(runs.Table())
func (r *Runs) Table() string {
	runs := r.All()
	if len(runs) == 0 {
		return "<p>No runs in " + html.EscapeString(r.name) + " yet.</p>\n"
	}
	best := -1.0
	for _, run := range runs {
		if run.Test != nil && run.Test.Accuracy > best {
			best = run.Test.Accuracy
		}
	}
	header := []string{bestMark, "#", "activation", "pixels", "optimizer", "learning rate", "epochs", "batch",
		"training accuracy", "test loss", "test accuracy", "time", "end"}
	rows := make([][]string, 0, len(runs))
	for i := len(runs) - 1; i >= 0; i-- {
		run, s := runs[i], runs[i].Settings
		mark, testLoss, testAccuracy := "", "", ""
		if run.Test != nil {
			testLoss, testAccuracy = fmt.Sprintf("%.4f", run.Test.Loss), fmt.Sprintf("%.4f", run.Test.Accuracy)
			if run.Test.Accuracy == best {
				mark = bestMark
			}
		}
		training := ""
		if acc := run.History.Accuracy; len(acc) > 0 {
			training = fmt.Sprintf("%.4f", acc[len(acc)-1])
		}
		rows = append(rows, []string{mark, fmt.Sprint(i + 1), s.Activation, s.Pixels(), s.Optimizer,
			fmt.Sprintf("%g", s.LearningRate), fmt.Sprintf("%d/%d", len(run.History.Epochs), s.Epochs),
			fmt.Sprint(s.BatchSize), training, testLoss, testAccuracy,
			(time.Duration(run.Seconds * float64(time.Second))).Round(time.Second).String(), run.Note})
	}
	return plot.HTMLTable(header, rows) + fmt.Sprintf("<p>%s in %s, newest first; %s: the best test accuracy.</p>\n",
		count(len(runs), "run"), html.EscapeString(r.name), bestMark)
}

// count returns "1 run", "2 runs"...
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
