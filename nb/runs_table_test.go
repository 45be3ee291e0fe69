package nb

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestRunsTableListsNewestFirstAndMarksTheBest(t *testing.T) {
	runs, err := OpenRuns(filepath.Join(t.TempDir(), "02-runs.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := runs.Table(); !strings.Contains(got, "No runs in") {
		t.Errorf("empty history: %q, want a line saying there are no runs", got)
	}
	diverged := testRun("elu", 0)
	diverged.Test, diverged.End, diverged.DivergedAt = nil, RunDiverged, 3
	diverged.Note = "diverged at epoch 3: lower the learning rate or divide the pixels by 255"
	for _, run := range []*Run{testRun("sigmoid", 0.70), testRun("relu", 0.94), testRun("tanh", 0.93), diverged} {
		if err := runs.Add(run); err != nil {
			t.Fatal(err)
		}
	}
	table := runs.Table()
	rows := regexp.MustCompile(`<tr><td>(.*?)</td><td>(\d+)</td><td>(\w+)</td>`).FindAllStringSubmatch(table, -1)
	var order, marked []string
	for _, row := range rows {
		order = append(order, row[2]+" "+row[3])
		if row[1] == bestMark {
			marked = append(marked, row[3])
		}
	}
	if want := []string{"4 elu", "3 tanh", "2 relu", "1 sigmoid"}; !slices.Equal(order, want) {
		t.Errorf("rows %q, want newest first %q", order, want)
	}
	if !slices.Equal(marked, []string{"relu"}) {
		t.Errorf("marked %q, want the best test accuracy, relu", marked)
	}
	for _, want := range []string{"<th>test accuracy</th>", "<td>0.9400</td>", "<td>2/2</td>",
		"<td>diverged at epoch 3: lower the learning rate or divide the pixels by 255</td>",
		"4 runs in " + filepath.Join(filepath.Dir(runs.Path()), "02-runs.json") + ", newest first"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}
