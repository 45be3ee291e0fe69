package jupytertest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// examplePage is a page as ReadPage returns it: notebook 04 waiting for its board, one cell failed earlier.
func examplePage() *PageView {
	return &PageView{
		URL: "http://127.0.0.1:8888/static/lab/index.html?path=04-draw-a-digit.ipynb&token=…", Kernel: "busy",
		RunAll: "still running",
		Cells: []CellView{
			{Index: 0, Prompt: "[1]:", Count: 1, Source: "%env GOEXPERIMENT=simd", Outputs: []OutputView{{Text: "set"}}},
			{Index: 2, Prompt: "[2]:", Count: 2, Source: "// the reader\nfunc newReader()", Outputs: []OutputView{
				{Text: "loading"}, {Error: true, Text: "warning: slow disk"}}},
			{Index: 4, Prompt: "[3]:", Count: 3, Source: "import \"os\"\n\n%%\n// the model\nmodel := load()", Outputs: []OutputView{{Text: "using chapter1-v4-adam.model"}}},
			{Index: 6, Prompt: "[*]:", Source: "%%\nnb.DrawDigit(reader)"},
			{Index: 8, Prompt: "[ ]:", Source: "%%\nfmt.Println(1)"},
		},
		Boards: []BoardView{{Status: "connecting to the cell…", Started: true}},
		Comm:   true,
		Live:   true,
	}
}

func TestFailureStringHasEverySection(t *testing.T) {
	f := &Failure{
		Err:        TimingError{Err: errors.New("waiting 8m0s for the board to be ready: timeout")},
		Page:       examplePage(),
		Console:    []string{"error: gonb_comm: no answer to comm_open token=0123456789abcdef"},
		ServerName: "jupyter_server", ServerLog: "[I 12:00:00.000 ServerApp] Kernel started: 42",
		GoNBFile: "/tmp/gonb.log", GoNBLog: "I1202 03:54:52.670362   10301 main.go:222] \x1b[7;39;32m[9250ef2c]\x1b[0m kernel created",
	}
	report := f.String()
	sections := ReportSections(report)
	for name, want := range map[string][]string{
		"expected": {"waiting 8m0s for the board to be ready"},
		"page": {"04-draw-a-digit.ipynb", "5 code cells, 3 ran, 1 running or queued; kernel busy; Run All still running",
			`drawing board: status "connecting to the cell…", script ran true, ready false, 0 strokes sent; GoNB comms in the page true`,
			"cell 3 [2]: func newReader() (shows an error or stderr)", "  | warning: slow disk",
			"cell 5 [3]: model := load()", "  | using chapter1-v4-adam.model",
			"cell 7 [*]: nb.DrawDigit(reader) (running or queued)", "  | (no output)"},
		"browser console errors": {"gonb_comm: no answer to comm_open token=…"},
		"jupyter server log":     {"Kernel started: 42"},
		"GoNB log":               {"main.go:222] [9250ef2c] kernel created"},
	} {
		for _, w := range want {
			if !strings.Contains(sections[name], w) {
				t.Errorf("section %q lacks %q", name, w)
			}
		}
	}
	for _, not := range []string{"GOEXPERIMENT", "fmt.Println(1)", "0123456789abcdef", "\x1b["} {
		if strings.Contains(report, not) {
			t.Errorf("the report shows %q", not)
		}
	}
	if t.Failed() {
		t.Logf("report:\n%s", report)
	}
}

func TestFailureStringSaysWhatIsMissing(t *testing.T) {
	report := Diagnose(errors.New("jupyter nbconvert failed"), Witnesses{}).String()
	sections := ReportSections(report)
	for name, want := range map[string]string{
		"expected":               "jupyter nbconvert failed",
		"page":                   "no live page",
		"browser console errors": "not collected",
		"jupyter server log":     "no Jupyter server",
		"GoNB log":               "no log file",
	} {
		if !strings.Contains(sections[name], want) {
			t.Errorf("section %q lacks %q:\n%s", name, want, report)
		}
	}
	if got := len(sections); got != 5 {
		t.Errorf("%d sections, want 5:\n%s", got, report)
	}
}

func TestDiagnoseKeepsTheFirstReportAndTheTimingError(t *testing.T) {
	first := Diagnose(TimingError{Err: errors.New("waiting")}, Witnesses{Shown: "the page as it was"})
	again := Diagnose(first, Witnesses{})
	if again != first {
		t.Errorf("Diagnose of a *Failure made a new report")
	}
	if timing := (TimingError{}); !errors.As(again, &timing) {
		t.Errorf("errors.As finds no TimingError in the report")
	}
	if !strings.Contains(again.Error(), "the page as it was") {
		t.Errorf("Error() lacks what the page showed:\n%v", again)
	}
}

func TestDiagnoseReadsTheLogs(t *testing.T) {
	dir := t.TempDir()
	serverLog, gonbLog := filepath.Join(dir, "server.log"), filepath.Join(dir, "gonb.log")
	os.WriteFile(serverLog, []byte("[I ServerApp] started\n[W ServerApp] 404 GET /api/me\n"), 0o644)
	os.WriteFile(gonbLog, []byte("I1202 kernel created\nE1202 cell failed\n"), 0o644)
	f := Diagnose(errors.New("x"), Witnesses{Server: &Server{Name: "jupyter_server", Log: serverLog, GoNBLog: gonbLog}})
	if !strings.HasSuffix(f.ServerLog, "404 GET /api/me") || !strings.HasSuffix(f.GoNBLog, "E1202 cell failed") ||
		f.GoNBFile != gonbLog {
		t.Errorf("server log %q, GoNB log %s: %q", f.ServerLog, f.GoNBFile, f.GoNBLog)
	}
	f = Diagnose(errors.New("x"), Witnesses{Output: "a\nb\nnbconvert: cell failed", GoNBLog: filepath.Join(dir, "absent")})
	if !strings.Contains(f.ServerLog, "nbconvert: cell failed") || !strings.Contains(f.GoNBLog, "cannot read it") {
		t.Errorf("command output %q, GoNB log %q", f.ServerLog, f.GoNBLog)
	}
}

func TestPageShowsRunningFailedAndLastCells(t *testing.T) {
	p := examplePage()
	var got []int
	for _, c := range p.shown() {
		got = append(got, c.Index)
	}
	if fmt.Sprint(got) != "[2 4 6]" {
		t.Errorf("cells shown %v, want [2 4 6] (failed, last run, running)", got)
	}
	// Nothing ran: the last cell with outputs.
	p = &PageView{Cells: []CellView{{Index: 0, Outputs: []OutputView{{Text: "saved"}}}, {Index: 1}}}
	if cells := p.shown(); len(cells) != 1 || cells[0].Index != 0 {
		t.Errorf("cells shown %v, want the one with outputs", cells)
	}
	// Many failed cells: the last reportCells.
	p = &PageView{}
	for i := range 10 {
		p.Cells = append(p.Cells, CellView{Index: i, Outputs: []OutputView{{Error: true}}})
	}
	if cells := p.shown(); len(cells) != reportCells || cells[0].Index != 10-reportCells {
		t.Errorf("cells shown %v, want the last %d", cells, reportCells)
	}
}

func TestFileTailReadsTheEnd(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.log")
	os.WriteFile(small, []byte("a\nb\nc\n"), 0o644)
	empty := filepath.Join(dir, "empty.log")
	os.WriteFile(empty, nil, 0o644)
	big := filepath.Join(dir, "big.log")
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	os.WriteFile(big, []byte(b.String()), 0o644)
	for _, tc := range []struct {
		path string
		n    int
		want string
	}{
		{small, 2, "...\nb\nc"},
		{small, 5, "a\nb\nc"},
		{empty, 5, "(empty)"},
		{big, 2, "...\nline 19998\nline 19999"},
	} {
		if got := FileTail(tc.path, tc.n); got != tc.want {
			t.Errorf("FileTail(%s, %d) = %q, want %q", filepath.Base(tc.path), tc.n, got, tc.want)
		}
	}
	if got := FileTail(filepath.Join(dir, "absent"), 3); !strings.HasPrefix(got, "(cannot read it: ") {
		t.Errorf("FileTail of a missing file = %q", got)
	}
}

func TestGoNBKernelLogsToAFileOfTheTest(t *testing.T) {
	from := filepath.Join(t.TempDir(), "gonb")
	os.MkdirAll(from, 0o755)
	spec := `{"argv": ["/bin/gonb", "--kernel", "{connection_file}", "-logtostderr=false", "-stderrthreshold=FATAL",
		"-extra_log=/shared/gonb.log", "-log_file=/shared/gonb.log"], "display_name": "Go (gonb)", "language": "go",
		"env": {"GOEXPERIMENT": "simd"}}`
	os.WriteFile(filepath.Join(from, "kernel.json"), []byte(spec), 0o644)
	os.WriteFile(filepath.Join(from, "logo-svg.svg"), []byte("<svg/>"), 0o644)

	path, logFile := GoNBKernel(t, from)
	data, err := os.ReadFile(filepath.Join(path, "kernels", "gonb", "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var k struct {
		Argv []string          `json:"argv"`
		Env  map[string]string `json:"env"`
	}
	if err := json.Unmarshal(data, &k); err != nil {
		t.Fatal(err)
	}
	want := []string{"/bin/gonb", "--kernel", "{connection_file}", "-stderrthreshold=FATAL", "-logtostderr=false",
		"-extra_log=" + logFile, "-log_file=" + logFile}
	if fmt.Sprint(k.Argv) != fmt.Sprint(want) || k.Env["GOEXPERIMENT"] != "simd" {
		t.Errorf("kernel.json: argv %q, env %v; want argv %q and the env kept", k.Argv, k.Env, want)
	}
	if !IsFile(filepath.Join(path, "kernels", "gonb", "logo-svg.svg")) {
		t.Errorf("the kernelspec's other files were not copied")
	}
}

func TestReportSectionsSplitsByTitle(t *testing.T) {
	report := "== expected\nx\n== page\n[I 12:00 ServerApp] not a title\n== GoNB log (/tmp/g.log, the last 30 lines)\ng\n"
	got := ReportSections(report)
	want := map[string]string{"expected": "x\n", "page": "[I 12:00 ServerApp] not a title\n", "GoNB log": "g\n\n"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ReportSections = %q, want %q", got, want)
	}
}

// recorder is a testing.TB that records Fatalf and Skipf; both end the goroutine, as testing's do.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(f string, args ...any) {
	r.fatal = fmt.Sprintf(f, args...)
	runtime.Goexit()
}
func (r *recorder) Skipf(f string, args ...any) {
	r.skip = fmt.Sprintf(f, args...)
	runtime.Goexit()
}

func TestMissingFailsInCIAndSkipsElsewhere(t *testing.T) {
	for _, tc := range []struct {
		ci   string
		fail bool
	}{{"true", true}, {"1", true}, {"yes", true}, {"", false}, {"0", false}, {"false", false}, {"FALSE", false}} {
		t.Setenv("CI", tc.ci)
		r := &recorder{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			Missing(r, "chromium not found")
		}()
		<-done
		if failed := r.fatal != ""; failed != tc.fail || (r.skip != "") == tc.fail {
			t.Errorf("CI=%q: Missing failed %q, skipped %q; want a failure: %v", tc.ci, r.fatal, r.skip, tc.fail)
		}
	}
}

func TestSplitGoNBReconnects(t *testing.T) {
	errs := []string{
		"gonb_comm: failed to connect to kernel, communication (and widgets) will not work: comm_open_ack not received in time http://127.0.0.1:1/x.js",
		`gonb_comm: failed sending data to address "/nbdraw/1": comm_open_ack not received in time`,
		"gonb_comm already running: we assume this is after a kernel restart, closing previous instance.",
		"gonb_comm from previous kernel still hanging, closing it",
		"exception: Uncaught (in promise) Error: comm_open_ack not received in time",
		`gonb_comm: comm_msg to address "/x" but no one listening.`,
		"Uncaught TypeError: x is undefined",
	}
	others, reconnects := SplitGoNBReconnects(errs)
	if len(reconnects) != 5 || len(others) != 2 || others[0] != errs[5] || others[1] != errs[6] {
		t.Errorf("SplitGoNBReconnects: others %q, reconnects %q; want the last two as others", others, reconnects)
	}
}
