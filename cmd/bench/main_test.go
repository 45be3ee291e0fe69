package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
)

func TestFormatRatiosAgainstThePeerAtItsBest(t *testing.T) {
	mlpRun := &contender{run: run{name: "mlp, go", seconds: []float64{4, 6, 5}}}
	haswell := &contender{run: run{name: "flushed, Haswell", peer: true, flushed: true, kernel: "Haswell", seconds: []float64{3, 3, 3}}}
	skylake := &contender{run: run{name: "flushed, SkylakeX", peer: true, flushed: true, kernel: "SkylakeX", seconds: []float64{2, 3, 5}}}
	twoThreads := &contender{run: run{name: "2 threads", peer: true, kernel: "SkylakeX", seconds: []float64{8, 6, 10}}}
	table := format([]*contender{mlpRun, haswell, skylake, twoThreads})
	// Flushed peers' medians 3, 3: the first of the lowest, Haswell, is the peer at its best.
	// Per round against it: mlp 4/3, 6/3, 5/3 → median 1.67, min 1.33, max 2.
	for _, want := range []string{
		"| contender | OpenBLAS kernels | s/epoch (median) | min | max | ratio to the peer at its best (median, min–max over rounds) |",
		"| mlp, go | — | 5.00 | 4.00 | 6.00 | 1.67x (1.33–2.00) |",
		"| flushed, Haswell | Haswell | 3.00 | 3.00 | 3.00 | 1 (the peer at its best) |",
		"| flushed, SkylakeX | SkylakeX | 3.00 | 2.00 | 5.00 | 1.00x (0.67–1.67) |",
		"| 2 threads | SkylakeX | 8.00 | 6.00 | 10.00 | 2.67x (2.00–3.33) |",
		"The peer at its best: flushed, Haswell, OpenBLAS kernels Haswell, 3.00 s/epoch.",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}

	skylake.seconds = []float64{2, 2.5, 2}
	table = format([]*contender{mlpRun, haswell, skylake})
	// Now SkylakeX is the fastest: mlp 4/2, 6/2.5, 5/2 → 2, 2.4, 2.5.
	for _, want := range []string{
		"| mlp, go | — | 5.00 | 4.00 | 6.00 | 2.40x (2.00–2.50) |",
		"| flushed, SkylakeX | SkylakeX | 2.00 | 2.00 | 2.50 | 1 (the peer at its best) |",
		"| flushed, Haswell | Haswell | 3.00 | 3.00 | 3.00 | 1.50x (1.20–1.50) |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

func TestFormatShowsAnUnknownKernel(t *testing.T) {
	table := format([]*contender{{run: run{name: "PyTorch, MKL", peer: true, flushed: true, seconds: []float64{2}}}})
	if !strings.Contains(table, "| PyTorch, MKL | unknown | 2.00 | 2.00 | 2.00 | 1 (the peer at its best) |") {
		t.Errorf("table:\n%s", table)
	}
}

func TestFormatWithoutPeers(t *testing.T) {
	table := format([]*contender{{run: run{name: "mlp, go", seconds: []float64{4}}}})
	if !strings.Contains(table, "| mlp, go | — | 4.00 | 4.00 | 4.00 | — |") || strings.Contains(table, "at its best:") {
		t.Errorf("table:\n%s", table)
	}
}

func TestPeerAtBestIsTheFastestFlushedPeer(t *testing.T) {
	mlpRun := &contender{run: run{name: "mlp", seconds: []float64{1}}}
	unflushed := &contender{run: run{name: "unflushed", peer: true, seconds: []float64{1.5}}}
	slow := &contender{run: run{name: "Prescott", peer: true, flushed: true, seconds: []float64{18, 19, 17}}}
	fast := &contender{run: run{name: "SkylakeX", peer: true, flushed: true, seconds: []float64{5, 6, 4}}}
	untimed := &contender{run: run{name: "untimed", peer: true, flushed: true}}
	if got := peerAtBest([]*contender{mlpRun, unflushed, slow, fast, untimed}); got != fast {
		t.Errorf("peer at its best = %v, want SkylakeX (mlp and the unflushed peer are faster but not candidates)", got)
	}
	if got := peerAtBest([]*contender{mlpRun, unflushed}); got != nil {
		t.Errorf("no flushed peer: peer at its best = %v, want none", got)
	}
}

func TestTimeRoundsLeavesOutTheWarmUpEpoch(t *testing.T) {
	epochs := []float64{9, 2, 3, 4}
	c := &contender{run: run{name: "mlp, go"}, epoch: func() (float64, float64, error) {
		s := epochs[0]
		epochs = epochs[1:]
		return s, 0.5, nil
	}}
	var out strings.Builder
	if err := timeRounds([]*contender{c}, 3, &out); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.seconds, []float64{2, 3, 4}) || len(c.acc) != 3 {
		t.Errorf("seconds %v, accuracies %v; want 2, 3, 4 (the first epoch, 9 s, is the warm-up)", c.seconds, c.acc)
	}
	if !strings.HasPrefix(out.String(), "warm-up ") || !strings.Contains(out.String(), "round 3/3") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestPeerSpecsSetOpenBLASOnlyInTheirOwnEnvironment(t *testing.T) {
	environ := []string{"HOME=/root", "OPENBLAS_CORETYPE=Haswell", "OPENBLAS_L2_SIZE=1048576", "OMP_NUM_THREADS=8"}
	saved := slices.Clone(environ)
	specs := peerSpecs(environ, []int{1, 2}, []string{"Haswell", "SkylakeX"})
	if !slices.Equal(environ, saved) {
		t.Errorf("peerSpecs changed its input environment: %q", environ)
	}
	auto := []string{"HOME=/root", "OPENBLAS_VERBOSE=2"}
	flushed := append(slices.Clone(auto), "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1", "BENCH_TORCH_FLUSH_DENORMAL=1")
	want := []peerSpec{
		{"1 thread, subnormals flushed, OpenBLAS autodetected", 1, true, flushed},
		{"1 thread, subnormals flushed, OPENBLAS_CORETYPE=Haswell", 1, true, append(slices.Clone(flushed), "OPENBLAS_CORETYPE=Haswell")},
		{"1 thread, subnormals flushed, OPENBLAS_CORETYPE=SkylakeX", 1, true, append(slices.Clone(flushed), "OPENBLAS_CORETYPE=SkylakeX")},
		{"1 thread, OpenBLAS autodetected", 1, false, append(slices.Clone(auto), "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1")},
		{"2 threads, OpenBLAS autodetected", 2, false, append(slices.Clone(auto), "OPENBLAS_NUM_THREADS=2", "OMP_NUM_THREADS=2")},
		{"1 thread, OPENBLAS_CORETYPE=Haswell as this machine sets it", 1, false,
			[]string{"HOME=/root", "OPENBLAS_CORETYPE=Haswell", "OPENBLAS_L2_SIZE=1048576", "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1", "OPENBLAS_VERBOSE=2"}},
	}
	if len(specs) != len(want) {
		t.Fatalf("%d peers, want %d: %+v", len(specs), len(want), specs)
	}
	for i, w := range want {
		got := specs[i]
		if got.name != w.name || got.threads != w.threads || got.flushed != w.flushed || !slices.Equal(got.env, w.env) {
			t.Errorf("peer %d = %q, %d threads, flushed %v, env %q;\nwant %q, %d, %v, %q", i, got.name, got.threads, got.flushed, got.env, w.name, w.threads, w.flushed, w.env)
		}
	}

	// No OPENBLAS_CORETYPE in the environment and no kernels: autodetected rows only.
	specs = peerSpecs([]string{"HOME=/root"}, []int{2}, nil)
	if len(specs) != 2 || !specs[0].flushed || specs[1].threads != 2 || specs[1].flushed {
		t.Errorf("without kernels: %+v", specs)
	}
	for _, s := range specs {
		if _, ok := lookup(s.env, coreTypeEnv); ok {
			t.Errorf("%s sets %s: %q", s.name, coreTypeEnv, s.env)
		}
	}
}

func TestKernelsFor(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    cpuFeatures
		want []string
	}{
		{"SSE only", cpuFeatures{}, nil},
		{"Intel AVX2", cpuFeatures{avx2FMA: true}, []string{"Haswell"}},
		{"AMD AVX2 (Zen 1-3)", cpuFeatures{amd: true, avx2FMA: true}, []string{"Haswell", "Zen"}},
		{"Intel AVX-512", cpuFeatures{avx2FMA: true, avx512: true}, []string{"Haswell", "SkylakeX"}},
		{"AMD AVX-512 and BF16 (Zen 4)", cpuFeatures{amd: true, avx2FMA: true, avx512: true, avx512BF16: true},
			[]string{"Haswell", "Zen", "SkylakeX", "Cooperlake"}},
		{"Intel AMX", cpuFeatures{avx2FMA: true, avx512: true, avx512BF16: true, amxBF16: true},
			[]string{"Haswell", "SkylakeX", "Cooperlake", "SapphireRapids"}},
	} {
		if got := kernelsFor(tc.f); !slices.Equal(got, tc.want) {
			t.Errorf("%s: kernelsFor(%+v) = %q, want %q", tc.name, tc.f, got, tc.want)
		}
	}
}

func TestParseKernels(t *testing.T) {
	avx512 := cpuFeatures{avx2FMA: true, avx512: true}
	for _, tc := range []struct {
		flag string
		want []string
	}{
		{"auto", []string{"Haswell", "SkylakeX"}},
		{"none", nil},
		{"", nil},
		{" Haswell, Zen,", []string{"Haswell", "Zen"}},
	} {
		if got, err := parseKernels(tc.flag, avx512); err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("parseKernels(%q) = %q, %v; want %q", tc.flag, got, err, tc.want)
		}
	}
	for _, bad := range []string{"Haswell;rm", "Sky lakeX", "A=B"} {
		if _, err := parseKernels(bad, avx512); err == nil || !strings.Contains(err.Error(), "OpenBLAS core names") {
			t.Errorf("parseKernels(%q) error = %v", bad, err)
		}
	}
}

func TestParseCoreLine(t *testing.T) {
	for _, tc := range []struct {
		line, want string
		ok         bool
	}{
		{"Core: SkylakeX", "SkylakeX", true},
		{"Core: Haswell\r", "Haswell", true},
		{"  Core:  Prescott ", "Prescott", true},
		{"Core not found: Cooperlake", "", false},
		{"Core: ", "", false},
		{"Core: two words", "", false},
		{"OpenBLAS : Your OS does not support AVX512VL instructions.", "", false},
		{"core: haswell", "", false},
	} {
		if got, ok := parseCoreLine(tc.line); got != tc.want || ok != tc.ok {
			t.Errorf("parseCoreLine(%q) = %q, %v; want %q, %v", tc.line, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseReady(t *testing.T) {
	for _, tc := range []struct{ line, version, kernel string }{
		{"ready torch 1.13.0a0 threads 1 openblas SkylakeX", "1.13.0a0", "SkylakeX"},
		{"ready torch 1.13.0a0 threads 1 openblas unknown", "1.13.0a0", ""},
		{"ready torch fake threads 1", "fake", ""},
	} {
		if v, k := parseReady(tc.line); v != tc.version || k != tc.kernel {
			t.Errorf("parseReady(%q) = %q, %q; want %q, %q", tc.line, v, k, tc.version, tc.kernel)
		}
	}
}

func TestStderrWatchKeepsOpenBLASCoreLine(t *testing.T) {
	var out strings.Builder
	w := newStderrWatch(&out)
	// Lines arrive in pieces; the "Core:" line before the marker is kept, the rest passed on.
	for _, chunk := range []string{"Core not found: Coo", "perlake\nCo", "re: Cooperlake\n", startedMarker + "\nCore: late\nlast"} {
		if _, err := w.Write([]byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	if got := w.core(time.Second); got != "Cooperlake" {
		t.Errorf("core = %q, want Cooperlake", got)
	}
	w.flush()
	want := "bench: OpenBLAS does not know OPENBLAS_CORETYPE=Cooperlake (\"Core not found: Cooperlake\"); it picks kernels by the CPU's features instead\n" +
		"Core: late\nlast\n"
	if out.String() != want {
		t.Errorf("passed on %q, want %q", out.String(), want)
	}

	// No marker (a process that died): core gives up after the timeout.
	if got := newStderrWatch(io.Discard).core(10 * time.Millisecond); got != "" {
		t.Errorf("core without marker = %q", got)
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

// fakePython is a stand-in for python3 running torch_mlp.py: it speaks the same protocol, reports
// $FAKE_CORE as its OpenBLAS kernels (or prints $FAKE_STDERR_CORE as OpenBLAS's "Core:" line),
// exits at once with $FAKE_FAIL set, and answers "check N" with N copies of $FAKE_LOSS.
const fakePython = `#!/bin/sh
[ -n "$FAKE_FAIL" ] && exit 3
[ -n "$FAKE_STDERR_CORE" ] && echo "Core: $FAKE_STDERR_CORE" >&2
echo "torch_mlp.py: started" >&2
echo "ready torch fake threads $4 openblas ${FAKE_CORE:-unknown}"
while read cmd n; do
	case "$cmd" in
	quit) exit 0 ;;
	check) line=check; i=0; while [ $i -lt $n ]; do line="$line $FAKE_LOSS"; i=$((i+1)); done; echo "$line" ;;
	epoch) echo "epoch 0.5 0.1 0.25" ;;
	esac
done
`

// startFakePeers runs startPeers with fakePython on 300 blank images and returns the kept peers'
// names and kernels, closing them.
func startFakePeers(t *testing.T, specs []peerSpec) (names, kernels []string, err error) {
	t.Helper()
	python := filepath.Join(t.TempDir(), "python")
	if err := os.WriteFile(python, []byte(fakePython), 0o755); err != nil {
		t.Fatal(err)
	}
	set := &datasets.Set{Images: make([]uint8, 300*784), Labels: make([]uint8, 300), Count: 300, Rows: 28, Cols: 28}
	peers, err := startPeers(python, set, specs)
	for _, p := range peers {
		names = append(names, p.name)
		kernels = append(kernels, p.kernel)
		if secs, acc, err := p.epoch(); err != nil || secs != 0.5 || acc != 0.25 {
			t.Errorf("%s: epoch %g s, acc %g, %v", p.name, secs, acc, err)
		}
		p.close()
	}
	return names, kernels, err
}

func TestStartPeersLeavesOutAPeerThatTrainsDifferently(t *testing.T) {
	names, _, err := startFakePeers(t, []peerSpec{
		{name: "reference", threads: 1, env: []string{"FAKE_LOSS=0.09", "FAKE_CORE=SkylakeX"}},
		{name: "close", threads: 1, env: []string{"FAKE_LOSS=0.0909", "FAKE_CORE=Haswell"}},
		{name: "off", threads: 2, env: []string{"FAKE_LOSS=0.0911", "FAKE_CORE=Cooperlake"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"PyTorch fake, reference", "PyTorch fake, close"}; !slices.Equal(names, want) {
		t.Errorf("peers %q, want %q (0.0911 is more than 1e-3 from 0.09)", names, want)
	}
}

func TestStartPeersLeavesOutARepeatedKernel(t *testing.T) {
	names, kernels, err := startFakePeers(t, []peerSpec{
		{name: "flushed, autodetected", threads: 1, flushed: true, env: []string{"FAKE_LOSS=0.09", "FAKE_CORE=SkylakeX"}},
		{name: "flushed, SkylakeX", threads: 1, flushed: true, env: []string{"FAKE_LOSS=0.09", "FAKE_CORE=SkylakeX"}},
		{name: "flushed, Haswell", threads: 1, flushed: true, env: []string{"FAKE_LOSS=0.09", "FAKE_CORE=Haswell"}},
		{name: "flushed, Zen from stderr", threads: 1, flushed: true, env: []string{"FAKE_LOSS=0.09", "FAKE_STDERR_CORE=Zen"}},
		{name: "autodetected", threads: 1, env: []string{"FAKE_LOSS=0.09", "FAKE_CORE=SkylakeX"}},
		{name: "2 threads", threads: 2, env: []string{"FAKE_LOSS=0.09", "FAKE_CORE=SkylakeX"}},
		{name: "2 threads again", threads: 2, env: []string{"FAKE_LOSS=0.09", "FAKE_CORE=SkylakeX"}},
		{name: "unknown", threads: 1, env: []string{"FAKE_LOSS=0.09"}},
		{name: "unknown again", threads: 1, env: []string{"FAKE_LOSS=0.09"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"PyTorch fake, flushed, autodetected", "PyTorch fake, flushed, Haswell", "PyTorch fake, flushed, Zen from stderr",
		"PyTorch fake, autodetected", "PyTorch fake, 2 threads", "PyTorch fake, unknown", "PyTorch fake, unknown again"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("peers %q,\nwant %q (a row with the same threads, flushing and known kernels as an earlier one is left out)", names, wantNames)
	}
	if want := []string{"SkylakeX", "Haswell", "Zen", "SkylakeX", "SkylakeX", "", ""}; !slices.Equal(kernels, want) {
		t.Errorf("kernels %q, want %q", kernels, want)
	}
}

func TestStartPeersLeavesOutAPeerThatDoesNotStart(t *testing.T) {
	names, _, err := startFakePeers(t, []peerSpec{
		{name: "reference", threads: 1, env: []string{"FAKE_LOSS=0.09"}},
		{name: "crashes", threads: 1, env: []string{"FAKE_LOSS=0.09", "FAKE_FAIL=1"}},
		{name: "after", threads: 1, env: []string{"FAKE_LOSS=0.09"}},
	})
	if err != nil || !slices.Equal(names, []string{"PyTorch fake, reference", "PyTorch fake, after"}) {
		t.Errorf("peers %q, %v; want the reference and the one after the crash", names, err)
	}
	if _, _, err := startFakePeers(t, []peerSpec{{name: "crashes", threads: 1, env: []string{"FAKE_FAIL=1"}}}); err == nil {
		t.Error("the first peer failed to start: no error")
	}
	if _, err := startPeers(filepath.Join(t.TempDir(), "none"), &datasets.Set{Count: 300}, []peerSpec{{name: "x", threads: 1}}); err == nil {
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

// TestTorchKernelsTrainAlike runs the real peers, 1 thread, with OpenBLAS autodetected and with
// each kernel set this CPU can run, flushing subnormals or not, on 500 images: they must train
// alike, a forced kernel must be the one OpenBLAS reports, and what OpenBLAS answers in the process
// (openblas_get_corename) must agree with the "Core:" line it prints.
func TestTorchKernelsTrainAlike(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import torch").Run(); err != nil {
		t.Skip("PyTorch not installed (apt-get install python3-torch); make bench installs it")
	}
	train, _, err := datasets.LoadMNIST()
	if err != nil {
		t.Fatal(err)
	}
	train = train.Slice(0, 500)
	var ref []float64
	for _, spec := range peerSpecs(os.Environ(), []int{1}, kernelsFor(detectCPU())) {
		p, err := startTorch("/usr/bin/python3", train, spec.threads, spec.env)
		if err != nil {
			t.Fatalf("%s: %v", spec.name, err)
		}
		losses, err := p.check(5)
		stderrKernel := p.stderr.core(5 * time.Second)
		p.close()
		if err != nil {
			t.Fatalf("%s: %v", spec.name, err)
		}
		if ref == nil {
			ref = losses
		} else if d := maxDiff(losses, ref); d > peerCheckTolerance {
			t.Errorf("%s: losses differ from the first row's by %g", spec.name, d)
		}
		if p.kernel == "" || p.kernel != stderrKernel {
			t.Errorf("%s: OpenBLAS answered %q in the process, printed %q", spec.name, p.kernel, stderrKernel)
		}
		// OpenBLAS 0.3.21 cannot be forced to Cooperlake or later: it falls back to its choice.
		if core, _ := lookup(spec.env, coreTypeEnv); (core == "Haswell" || core == "SkylakeX") && p.kernel != core {
			t.Errorf("%s: OpenBLAS used %q", spec.name, p.kernel)
		}
		t.Logf("%s: %s", spec.name, p.kernel)
	}
}

func TestWriteDocStatesTheCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "performance.md")
	doc := "# Performance\n\nintro\n\n" + docBegin + "\nold\n" + docEnd + "\n\nanalysis\n"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	o := options{rounds: 5, threads: []int{1, 2}, kernelsFlag: "auto", limit: 2000}
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
		"Command: `make bench ARGS=\"-rounds 5 -torch-threads 1,2 -kernels auto -doc " + path + "\"` with `-limit 2000` (not the full epoch)",
		"after one warm-up epoch that is not counted: the median and range of 5 epochs",
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
