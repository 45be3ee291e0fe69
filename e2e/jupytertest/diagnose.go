package jupytertest

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Witnesses are where the evidence of a failure is; any of them may be missing (nil or "").
type Witnesses struct {
	Page    context.Context // the page in a live browser (a chromedp context): its cells, board and kernel
	Console *Console        // the errors the browser reported
	Server  *Server         // the Jupyter server: the end of its log, and of GoNB's when Server.GoNBLog is set
	Output  string          // when there is no Server: the output of the command that ran the kernel (nbconvert)
	GoNBLog string          // GoNB's log file, when Server does not name one
	Shown   string          // when there is no live page: what the page showed, as text (a dumped DOM, say)
	Saved   *PageView       // when there is no live page: the cells of a notebook as saved (nbconvert's run)
}

// Failure is the report of a failed browser or notebook test: what was expected (Err), and what the page, the
// browser and the logs showed when it failed. Its String (and Error) prints the same sections for every failure:
//
//	== expected, == page, == browser console errors, == jupyter server log, == GoNB log
type Failure struct {
	Err        error
	Page       *PageView // nil when no page was read
	PageNote   string    // why the page was not read, or what it showed when it was not live (Witnesses.Shown)
	Console    []string  // the browser's errors, oldest first; nil when they were not collected
	ServerName string    // jupyter_server, jupyter-notebook, or what ServerLog is when there is no server
	ServerLog  string    // the end of the server's log (or of the command's output), "" when there is none
	GoNBFile   string    // GoNB's log file
	GoNBLog    string    // the end of GoNB's log
}

// SectionMark starts the line that names each section of a report (no log line starts so).
const SectionMark = "=="

// commandOutput is the ServerName of a report that shows a command's output (Witnesses.Output), not a server's log.
const commandOutput = "no server: the output of the command that ran the kernel"

// Lines of each log the report shows, and the most cells, console errors and lines of an output.
const (
	reportLogLines     = 30
	reportOutputTail   = 60
	reportCells        = 6
	reportConsole      = 20
	reportOutputLines  = 15
	readPageTimeout    = 15 * time.Second
	maxReportLineRunes = 400
)

// Diagnose gathers, now, what the witnesses show about a failure whose expectation err states, and returns its
// report. It reads the page for at most 15 seconds, and never fails: what cannot be read is said in the report.
// Every Fatal and Error of the browser and notebook tests prints one (a *Failure is an error that wraps err, so
// errors.As still finds a TimingError in it).
func Diagnose(err error, w Witnesses) *Failure {
	if err == nil {
		err = errors.New("(no error given)")
	}
	var prev *Failure
	if errors.As(err, &prev) {
		return prev // diagnosed already, while the page was still there
	}
	f := &Failure{Err: err, PageNote: w.Shown, GoNBFile: w.GoNBLog}
	switch {
	case w.Page != nil:
		f.Page, f.PageNote = ReadPage(w.Page)
	case w.Saved != nil:
		f.Page = w.Saved
		if f.PageNote == "" {
			f.PageNote = "(no live page: the notebook's saved outputs)"
		}
	case w.Shown == "":
		f.PageNote = "(no live page: this test has no browser, or it had not started)"
	}
	if w.Console != nil {
		f.Console = w.Console.All()
		if f.Console == nil {
			f.Console = []string{}
		}
	}
	switch {
	case w.Server != nil:
		f.ServerName, f.ServerLog = w.Server.Name, w.Server.LogTail(reportLogLines)
		if f.GoNBFile == "" {
			f.GoNBFile = w.Server.GoNBLog
		}
	case w.Output != "":
		f.ServerName, f.ServerLog = commandOutput, Tail(w.Output, reportOutputTail)
	}
	if f.GoNBFile != "" {
		f.GoNBLog = FileTail(f.GoNBFile, reportLogLines)
	}
	return f
}

func (f *Failure) Error() string { return f.String() }
func (f *Failure) Unwrap() error { return f.Err }

// String returns the report: a line naming each section, then its lines.
func (f *Failure) String() string {
	var b strings.Builder
	section := func(title string) { fmt.Fprintf(&b, "\n%s %s\n", SectionMark, title) }
	fmt.Fprintf(&b, "%s expected\n%s\n", SectionMark, strings.TrimRight(f.Err.Error(), "\n"))

	section("page")
	if f.PageNote != "" {
		b.WriteString(strings.TrimRight(f.PageNote, "\n") + "\n")
	}
	if f.Page != nil {
		b.WriteString(f.Page.String())
	}

	switch {
	case f.Console == nil:
		section("browser console errors")
		b.WriteString("(not collected: no browser, or its console was not watched)\n")
	case len(f.Console) == 0:
		section("browser console errors")
		b.WriteString("(none)\n")
	default:
		section(fmt.Sprintf("browser console errors (%d; the last %d)", len(f.Console), min(len(f.Console), reportConsole)))
		b.WriteString(Tail(strings.Join(f.Console, "\n"), reportConsole) + "\n")
	}

	lines := reportLogLines
	if f.ServerName == commandOutput {
		lines = reportOutputTail
	}
	section(fmt.Sprintf("jupyter server log (%s, the last %d lines)", orText(f.ServerName, "none"), lines))
	if f.ServerName == "" {
		b.WriteString("(no Jupyter server in this test)\n")
	} else {
		b.WriteString(orNone(f.ServerLog) + "\n")
	}

	section(fmt.Sprintf("GoNB log (%s, the last %d lines)", orText(f.GoNBFile, "none"), reportLogLines))
	if f.GoNBFile == "" {
		b.WriteString("(unknown: this test gave GoNB no log file of its own)\n")
	} else {
		b.WriteString(orNone(f.GoNBLog) + "\n")
	}
	return redact(b.String())
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(empty)"
	}
	return strings.TrimRight(s, "\n")
}

var (
	// tokenParam matches a server's token in addresses, which reports must not print.
	tokenParam = regexp.MustCompile(`token=[0-9a-f]{8,}`)
	ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)
)

// redact removes tokens and terminal escapes, and cuts very long lines.
func redact(s string) string {
	s = ansiEscape.ReplaceAllString(tokenParam.ReplaceAllString(s, "token=…"), "")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if r := []rune(l); len(r) > maxReportLineRunes {
			lines[i] = string(r[:maxReportLineRunes]) + "…"
		}
	}
	return strings.Join(lines, "\n")
}

// PageView is what a notebook page (JupyterLab's or Notebook 6's) shows, read from its DOM by ReadPage.
type PageView struct {
	URL       string      `json:"url"`    // without the token
	Kernel    string      `json:"kernel"` // idle, busy…, "" when the page does not say
	RunAll    string      `json:"runAll"` // the JupyterLab page's Run All: still running, finished…; "" if not used
	Cells     []CellView  `json:"cells"`  // the code cells
	Boards    []BoardView `json:"boards"` // drawing boards of package nb
	Answer    string      `json:"answer"` // the text of the last answer under a board
	Comm      bool        `json:"comm"`   // GoNB's comms are installed in the page (globalThis.gonb_comm)
	PageError []string    `json:"errors"` // errors of the page itself (the JupyterLab page's labTest.errors)
	Live      bool        `json:"-"`      // read from a page in a browser (ReadPage), not from a saved notebook
}

// CellView is a code cell as the page shows it.
type CellView struct {
	Index   int          `json:"index"`  // among all the cells, from 0
	Prompt  string       `json:"prompt"` // "[3]:", "[*]:" running or queued, "[ ]:" never run
	Count   int          `json:"count"`  // execution count, 0 if none
	Source  string       `json:"source"`
	Outputs []OutputView `json:"outputs"`
}

// OutputView is one output of a cell, as text.
type OutputView struct {
	Error bool   `json:"error"` // an error or stderr output
	Text  string `json:"text"`
}

// BoardView is a drawing board of package nb.
type BoardView struct {
	Status  string `json:"status"`  // the text of its .nbdraw-status
	Started bool   `json:"started"` // its script ran
	Ready   bool   `json:"ready"`   // the cell acknowledged it (data-nbdraw-ready)
	Strokes string `json:"strokes"` // the number of strokes sent
}

// Running reports whether the cell is running or queued.
func (c CellView) Running() bool { return strings.Contains(c.Prompt, "*") }

// Failed reports whether the cell shows an error or stderr output.
func (c CellView) Failed() bool {
	for _, o := range c.Outputs {
		if o.Error {
			return true
		}
	}
	return false
}

// shown returns the cells a report shows: those running or queued, those with an error, and the last that ran
// (or, when none ran, the last with outputs), in page order, at most reportCells.
func (p *PageView) shown() []CellView {
	last := -1
	for i, c := range p.Cells {
		if c.Count > 0 && (last < 0 || c.Count > p.Cells[last].Count) {
			last = i
		}
	}
	if last < 0 {
		for i, c := range p.Cells {
			if len(c.Outputs) > 0 {
				last = i
			}
		}
	}
	var cells []CellView
	for i, c := range p.Cells {
		if i == last || c.Running() || c.Failed() {
			cells = append(cells, c)
		}
	}
	if len(cells) > reportCells {
		cells = cells[len(cells)-reportCells:]
	}
	return cells
}

// String returns the page as a report shows it: a line of state, the boards, then the cells worth showing with
// the text of their outputs.
func (p *PageView) String() string {
	var b strings.Builder
	ran, running := 0, 0
	for _, c := range p.Cells {
		if c.Count > 0 {
			ran++
		}
		if c.Running() {
			running++
		}
	}
	fmt.Fprintf(&b, "%s\n", orNone(p.URL))
	state := []string{fmt.Sprintf("%d code cells, %d ran, %d running or queued", len(p.Cells), ran, running)}
	if p.Kernel != "" {
		state = append(state, "kernel "+p.Kernel)
	}
	if p.RunAll != "" {
		state = append(state, "Run All "+p.RunAll)
	}
	fmt.Fprintf(&b, "%s\n", strings.Join(state, "; "))
	for _, e := range p.PageError {
		fmt.Fprintf(&b, "the page reports: %s\n", e)
	}
	if len(p.Boards) == 0 && p.Live {
		b.WriteString("drawing board: none in the page")
	}
	for i, d := range p.Boards {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "drawing board: status %q, script ran %v, ready %v, %s strokes sent", d.Status, d.Started,
			d.Ready, orText(d.Strokes, "0"))
	}
	if len(p.Boards) > 0 || p.Answer != "" {
		fmt.Fprintf(&b, "; GoNB comms in the page %v; last answer %q", p.Comm, p.Answer)
	}
	if len(p.Boards) > 0 || p.Answer != "" || p.Live {
		b.WriteString("\n")
	}
	cells := p.shown()
	if len(cells) == 0 {
		b.WriteString("no code cell ran, runs or shows an output\n")
	}
	for _, c := range cells {
		var tags []string
		if c.Running() {
			tags = append(tags, "running or queued")
		}
		if c.Failed() {
			tags = append(tags, "shows an error or stderr")
		}
		tag := ""
		if len(tags) > 0 {
			tag = " (" + strings.Join(tags, ", ") + ")"
		}
		fmt.Fprintf(&b, "cell %d %s %s%s\n", c.Index+1, orNone(c.Prompt), sourceLine(c.Source), tag)
		if len(c.Outputs) == 0 {
			b.WriteString("  | (no output)\n")
		}
		for _, o := range c.Outputs {
			kind := "output"
			if o.Error {
				kind = "error/stderr"
			}
			fmt.Fprintf(&b, "  %s:\n", kind)
			for _, l := range strings.Split(Tail(o.Text, reportOutputLines), "\n") {
				fmt.Fprintf(&b, "  | %s\n", l)
			}
		}
	}
	return b.String()
}

// sourceLine returns the first line of a cell's source that says what it does (not blank, "%%" or a comment),
// after GoNB's "%%" line when there is one: what the cell runs, not what it declares.
func sourceLine(src string) string {
	if _, main, ok := strings.Cut("\n"+src, "\n%%"); ok && strings.TrimSpace(main) != "" {
		src = main
	}
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && l != "%%" && !strings.HasPrefix(l, "//") {
			if r := []rune(l); len(r) > 80 {
				l = string(r[:80]) + "…"
			}
			return l
		}
	}
	return "(empty)"
}

// ReadPage reads what the notebook page of ctx shows now, from its DOM: JupyterLab's (.jp-Cell) or Notebook 6's
// (.cell). It returns a note instead when the page cannot be read within 15 seconds.
func ReadPage(ctx context.Context) (*PageView, string) {
	if ctx.Err() != nil {
		return nil, fmt.Sprintf("(not read: the browser's context has ended: %v)", ctx.Err())
	}
	ctx, cancel := context.WithTimeout(ctx, readPageTimeout)
	defer cancel()
	p, err := chromedp.Run(ctx, chromedp.Evaluate[PageView](readPageJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Sprintf("(not read: %v)", err)
	}
	p.Live = true
	return &p, ""
}

// readPageJS reads a notebook page for PageView.
const readPageJS = `(async () => {
	const text = (n, max) => {
		if (!n) { return ""; }
		const s = (n.innerText || n.textContent || "").trim();
		return s.length > max ? "…" + s.slice(s.length - max) : s;
	};
	const view = {url: location.origin + location.pathname + location.search.replace(/token=[^&]*/, "token=…"),
		kernel: "", runAll: "", cells: [], boards: [], answer: "", comm: !!globalThis.gonb_comm, errors: []};
	document.querySelectorAll(".jp-Cell, #notebook-container .cell").forEach((node, index) => {
		if (!node.classList.contains("jp-CodeCell") && !node.classList.contains("code_cell")) { return; }
		const prompt = text(node.querySelector(".jp-InputPrompt, .input_prompt"), 40).replace(/^In\s*/, "");
		const m = prompt.match(/\[(\d+)\]/);
		const outputs = [...node.querySelectorAll(".jp-OutputArea-output, .output_subarea")].map((o) => ({
			error: o.dataset.mimeType === "application/vnd.jupyter.stderr" ||
				o.classList.contains("output_error") || o.classList.contains("output_stderr"),
			text: text(o, 3000)}));
		view.cells.push({index, prompt, count: m ? Number(m[1]) : 0,
			source: text(node.querySelector(".jp-InputArea-editor, .input_area"), 2000), outputs});
	});
	for (const b of document.querySelectorAll(".nbdraw-board")) {
		view.boards.push({status: text(b.querySelector(".nbdraw-status"), 300), started: !!b.dataset.nbdrawStarted,
			ready: b.hasAttribute("data-nbdraw-ready"), strokes: b.dataset.nbdrawStrokes || ""});
	}
	const answers = document.querySelectorAll(".nbdraw-answer");
	if (answers.length > 0) { view.answer = text(answers[answers.length - 1], 300); }
	const lab = window.labTest;
	if (lab) {
		view.errors = (lab.errors || []).slice(-10).map(String);
		const session = lab.panel && lab.panel.sessionContext;
		view.kernel = session ? String(session.kernelDisplayStatus) : "";
		view.runAll = !lab.running ? "not started" : await Promise.race([
			lab.running.then((r) => r.ok ? "finished" : "stopped at a failing cell", (e) => "failed: " + e),
			new Promise((resolve) => setTimeout(() => resolve("still running"), 100))]);
	} else if (window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel) {
		const icon = document.querySelector("#kernel_indicator_icon");
		view.kernel = (icon ? icon.className.replace(/kernel_|_icon/g, "").trim() : "") +
			(Jupyter.notebook.kernel.is_connected() ? "" : " (disconnected)");
	}
	return view;
})()`
