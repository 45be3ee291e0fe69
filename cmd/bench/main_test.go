package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/dlgo/hello/datasets"
)

func TestFormatRatiosPerRound(t *testing.T) {
	mlpRun := &contender{run: run{name: "mlp, go", seconds: []float64{4, 6, 5}}}
	torch := &contender{run: run{name: "PyTorch", seconds: []float64{2, 3, 5}}}
	table := format([]*contender{mlpRun, torch}, true)
	// Ratios per round: 2, 2, 1 → median 2, min 1, max 2.
	if !strings.Contains(table, "| mlp, go | 5.00 | 4.00 | 6.00 | 2.00x (1.00–2.00) |") {
		t.Errorf("table:\n%s", table)
	}
	if !strings.Contains(table, "| PyTorch | 3.00 | 2.00 | 5.00 | — |") {
		t.Errorf("table:\n%s", table)
	}
	if m := median([]float64{3, 1, 2, 10}); m != 2.5 {
		t.Errorf("median = %g, want 2.5", m)
	}
}

// TestTorchPeerTrainsAnEpoch drives the PyTorch script over its stdin protocol on 500 images.
func TestTorchPeerTrainsAnEpoch(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import torch").Run(); err != nil {
		t.Skip("PyTorch not installed (apt-get install python3-torch); make bench installs it")
	}
	train, _, err := datasets.LoadMNIST()
	if err != nil {
		t.Fatal(err)
	}
	p, err := startTorch("/usr/bin/python3", train.Slice(0, 500), 1)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	secs, acc, err := p.epoch()
	if err != nil {
		t.Fatal(err)
	}
	if secs <= 0 || acc < 0 || acc > 1 {
		t.Errorf("epoch: %g s, accuracy %g", secs, acc)
	}
}

func TestReplaceGeneratedKeepsTheAnalysis(t *testing.T) {
	doc := "# Performance\n\nintro\n\n" + docBegin + "\nold table\n" + docEnd + "\n\n## Where the time goes\nanalysis\n"
	got := replaceGenerated(doc, docBegin+"\nnew table\n"+docEnd)
	want := "# Performance\n\nintro\n\n" + docBegin + "\nnew table\n" + docEnd + "\n\n## Where the time goes\nanalysis\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if fresh := replaceGenerated("", "S"); fresh != "# Performance\n\nS\n" {
		t.Errorf("new document: %q", fresh)
	}
}
