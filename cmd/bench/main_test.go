package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
)

func TestFormatRatiosAgainstTheFastestPeer(t *testing.T) {
	mlpRun := &contender{run: run{name: "mlp, go", seconds: []float64{4, 6, 5}}}
	pinned := &contender{run: run{name: "pinned", peer: true, seconds: []float64{3, 3, 3}}}
	unpinned := &contender{run: run{name: "unpinned", peer: true, seconds: []float64{2, 3, 5}}}
	twoThreads := &contender{run: run{name: "2 threads", peer: true, seconds: []float64{8, 6, 10}}}
	table := format([]*contender{mlpRun, pinned, unpinned, twoThreads})
	// Peers' medians 3, 3, 8: the first of the lowest, pinned, is the reference.
	// Per round against pinned: mlp 4/3, 6/3, 5/3 → median 1.67, min 1.33, max 2.
	for _, want := range []string{
		"| mlp, go | 5.00 | 4.00 | 6.00 | 1.67x (1.33–2.00) |",
		"| pinned | 3.00 | 3.00 | 3.00 | 1 (the fastest PyTorch) |",
		"| unpinned | 3.00 | 2.00 | 5.00 | 1.00x (0.67–1.67) |",
		"| 2 threads | 8.00 | 6.00 | 10.00 | 2.67x (2.00–3.33) |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}

	unpinned.seconds = []float64{2, 2.5, 2}
	table = format([]*contender{mlpRun, pinned, unpinned})
	// Now unpinned is the fastest: mlp 4/2, 6/2.5, 5/2 → 2, 2.4, 2.5.
	for _, want := range []string{
		"| mlp, go | 5.00 | 4.00 | 6.00 | 2.40x (2.00–2.50) |",
		"| unpinned | 2.00 | 2.00 | 2.50 | 1 (the fastest PyTorch) |",
		"| pinned | 3.00 | 3.00 | 3.00 | 1.50x (1.20–1.50) |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

func TestFormatWithoutPeers(t *testing.T) {
	table := format([]*contender{{run: run{name: "mlp, go", seconds: []float64{4}}}})
	if !strings.Contains(table, "| mlp, go | 4.00 | 4.00 | 4.00 | — |") {
		t.Errorf("table:\n%s", table)
	}
}

func TestPeerSpecsUnpinOnlyTheirOwnEnvironment(t *testing.T) {
	environ := []string{"HOME=/root", "OPENBLAS_CORETYPE=Haswell", "OPENBLAS_L2_SIZE=1048576", "OMP_NUM_THREADS=8"}
	saved := slices.Clone(environ)
	specs := peerSpecs(environ, []int{1, 2}, "SkylakeX")
	if !slices.Equal(environ, saved) {
		t.Errorf("peerSpecs changed its input environment: %q", environ)
	}
	if got := len(specs); got != 4 {
		t.Fatalf("%d peers, want 4 (pinned 1 thread, unpinned 1 and 2 threads, unpinned flushing subnormals): %+v", got, specs)
	}
	for i, want := range []struct {
		name    string
		threads int
		env     []string
	}{
		{"1 thread, OpenBLAS pinned (OPENBLAS_CORETYPE=Haswell, machine default)", 1,
			[]string{"HOME=/root", "OPENBLAS_CORETYPE=Haswell", "OPENBLAS_L2_SIZE=1048576", "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1"}},
		{"1 thread, OpenBLAS unpinned", 1, []string{"HOME=/root", "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1"}},
		{"2 threads, OpenBLAS unpinned", 2, []string{"HOME=/root", "OPENBLAS_NUM_THREADS=2", "OMP_NUM_THREADS=2"}},
		{"1 thread, OpenBLAS unpinned, subnormals flushed (torch.set_flush_denormal)", 1,
			[]string{"HOME=/root", "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1", "BENCH_TORCH_FLUSH_DENORMAL=1"}},
	} {
		got := specs[i]
		if got.name != want.name || got.threads != want.threads || !slices.Equal(got.env, want.env) {
			t.Errorf("peer %d = %q, %d threads, env %q; want %q, %d, %q", i, got.name, got.threads, got.env, want.name, want.threads, want.env)
		}
	}

	// No pin in the environment: the pinned row sets the given core type, or is left out.
	specs = peerSpecs([]string{"HOME=/root"}, []int{1}, "Haswell")
	if len(specs) != 3 || !slices.Contains(specs[0].env, "OPENBLAS_CORETYPE=Haswell") || specs[0].name != "1 thread, OpenBLAS pinned (OPENBLAS_CORETYPE=Haswell)" {
		t.Errorf("pinned by the flag: %+v", specs)
	}
	if specs = peerSpecs([]string{"HOME=/root"}, []int{2}, ""); len(specs) != 2 || specs[0].threads != 2 {
		t.Errorf("no pin: %+v", specs)
	}
}

func TestParseThreads(t *testing.T) {
	if got, err := parseThreads(" 1, 2,1,"); err != nil || !slices.Equal(got, []int{1, 2}) {
		t.Errorf("parseThreads = %v, %v", got, err)
	}
	if got, err := parseThreads(""); err != nil || len(got) != 0 {
		t.Errorf("parseThreads(\"\") = %v, %v", got, err)
	}
	for _, bad := range []string{"0", "two", "1,-2"} {
		if _, err := parseThreads(bad); err == nil || !strings.Contains(err.Error(), "positive thread counts") {
			t.Errorf("parseThreads(%q) error = %v", bad, err)
		}
	}
}

// fakePython is a stand-in for python3 running torch_mlp.py: it speaks the same protocol and
// answers "check N" with N copies of $FAKE_LOSS.
const fakePython = `#!/bin/sh
echo "ready torch fake threads $4"
while read cmd n; do
	case "$cmd" in
	quit) exit 0 ;;
	check) line=check; i=0; while [ $i -lt $n ]; do line="$line $FAKE_LOSS"; i=$((i+1)); done; echo "$line" ;;
	epoch) echo "epoch 0.5 0.1 0.25" ;;
	esac
done
`

func TestStartPeersLeavesOutAPeerThatTrainsDifferently(t *testing.T) {
	python := filepath.Join(t.TempDir(), "python")
	if err := os.WriteFile(python, []byte(fakePython), 0o755); err != nil {
		t.Fatal(err)
	}
	set := &datasets.Set{Images: make([]uint8, 300*784), Labels: make([]uint8, 300), Count: 300, Rows: 28, Cols: 28}
	specs := []peerSpec{
		{name: "reference", threads: 1, env: []string{"FAKE_LOSS=0.09"}},
		{name: "close", threads: 1, env: []string{"FAKE_LOSS=0.0909"}},
		{name: "off", threads: 2, env: []string{"FAKE_LOSS=0.0911"}},
	}
	peers, err := startPeers(python, set, specs)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range peers {
		names = append(names, p.name)
		if secs, acc, err := p.epoch(); err != nil || secs != 0.5 || acc != 0.25 {
			t.Errorf("%s: epoch %g s, acc %g, %v", p.name, secs, acc, err)
		}
		p.close()
	}
	if want := []string{"PyTorch fake, reference", "PyTorch fake, close"}; !slices.Equal(names, want) {
		t.Errorf("peers %q, want %q (0.0911 is more than 1e-3 from 0.09)", names, want)
	}

	if _, err := startPeers(filepath.Join(t.TempDir(), "none"), set, specs); err == nil {
		t.Error("startPeers with no Python: no error")
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
	p, err := startTorch("/usr/bin/python3", train.Slice(0, 500), 1, withThreads(os.Environ(), 1))
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	losses, err := p.check(3)
	if err != nil || len(losses) != 3 || losses[0] <= 0 || losses[0] > 1 {
		t.Errorf("check 3 = %v, %v", losses, err)
	}
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

// TestTorchPinnedAndUnpinnedTrainAlike runs the real peers pinned and unpinned on 500 images:
// removing OpenBLAS's pin, or flushing subnormals, must not change PyTorch's losses.
func TestTorchPinnedAndUnpinnedTrainAlike(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import torch").Run(); err != nil {
		t.Skip("PyTorch not installed (apt-get install python3-torch); make bench installs it")
	}
	train, _, err := datasets.LoadMNIST()
	if err != nil {
		t.Fatal(err)
	}
	specs := peerSpecs(os.Environ(), []int{1}, "Haswell")
	peers, err := startPeers("/usr/bin/python3", train.Slice(0, 500), specs)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range peers {
		p.close()
	}
	if len(peers) != len(specs) {
		t.Errorf("%d of %d peers trained alike", len(peers), len(specs))
	}
}

func TestWriteDocStatesTheCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "performance.md")
	doc := "# Performance\n\nintro\n\n" + docBegin + "\nold\n" + docEnd + "\n\nanalysis\n"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	o := options{rounds: 5, threads: []int{1, 2}, limit: 2000}
	if err := writeDoc(path, "| table |\n", mlp.BackendInfo{Config: "go"}, o, true); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := string(data)
	for _, want := range []string{
		"intro\n\n" + docBegin,
		"Command: `make bench ARGS=\"-rounds 5 -torch-threads 1,2 -doc " + path + "\"` with `-limit 2000` (not the full epoch)",
		"first trained 20 batches from the same seed with losses within 0.001",
		"| table |\n\n" + docEnd + "\n\nanalysis\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("document lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "old") {
		t.Errorf("old section kept:\n%s", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left in the folder: %v", entries)
	}
}
