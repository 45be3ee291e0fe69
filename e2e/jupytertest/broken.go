package jupytertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The GoNB notebook that WriteBrokenNotebook writes is broken on purpose, to test the failure report (Diagnose)
// in a front end: one cell shows a drawing board that never becomes ready (no script of package nb drives it)
// and writes an error to the browser's console; the next prints a line, then panics. These are what the report
// must show of it.
const (
	brokenBoardStatus = "connecting to the cell… (broken on purpose)"
	brokenConsole     = "broken on purpose: an error in the browser's console"
	brokenPrinted     = "the cell ran up to here"
	brokenPanic       = "broken on purpose: this cell fails"
	brokenBoardWait   = 2 * time.Second
)

// brokenCells are the sources of the code cells of the broken notebook, and texts that find them (RunCell).
var brokenCells = []struct{ find, source string }{
	{"go get", "!*go get github.com/janpfeifer/gonb@v0.11.5 2>&1"}, // go get reports on stderr
	{"gonbui.DisplayHtml", `import "github.com/janpfeifer/gonb/gonbui"

%%
gonbui.DisplayHtml("<div class=\"nbdraw-board\"><span class=\"nbdraw-status\">` + brokenBoardStatus + `</span></div>" +
	"<script>console.error(\"` + brokenConsole + `\")</script>")
gonbui.Sync()`},
	{"panic(", `import "fmt"

%%
fmt.Println("` + brokenPrinted + `")
panic("` + brokenPanic + `")`},
}

// WriteBrokenNotebook writes the notebook broken on purpose (nbformat 4, GoNB kernel) to path.
func WriteBrokenNotebook(t testing.TB, path string) {
	t.Helper()
	var cells []map[string]any
	for i, c := range brokenCells {
		cells = append(cells, map[string]any{"cell_type": "code", "id": fmt.Sprintf("broken-%d", i),
			"execution_count": nil, "metadata": map[string]any{}, "outputs": []any{}, "source": c.source})
	}
	nb := map[string]any{"nbformat": 4, "nbformat_minor": 5, "cells": cells, "metadata": map[string]any{
		"kernelspec": map[string]any{"name": "gonb", "display_name": "Go (gonb)", "language": "go"}}}
	data, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// RunBrokenNotebook opens the broken notebook in fe, runs its cells one by one and waits (3 minutes at most) until
// the failing cell shows its panic; then it waits 2 seconds for the board to be ready, which it never is, and
// returns that TimingError, whose report CheckBrokenReport checks. Any other error means that the notebook did not
// break as planned.
func RunBrokenNotebook(ctx context.Context, fe DrawFrontEnd) (timing error, other error) {
	if err := fe.Open(ctx); err != nil {
		return nil, err
	}
	for _, c := range brokenCells {
		if err := fe.RunCell(ctx, c.find); err != nil {
			return nil, err
		}
	}
	// In an output: the cells' sources, which the page shows too, hold the text.
	quoted, _ := json.Marshal("panic: " + brokenPanic)
	if err := wait(ctx, "the failing cell to show its panic", 3*time.Minute, fmt.Sprintf(
		`[...document.querySelectorAll(".jp-OutputArea-output, .output_subarea")].some(o => o.innerText.includes(%s))`,
		quoted)); err != nil {
		return nil, err
	}
	err := WaitForBoard(ctx, brokenBoardWait)
	if err == nil {
		return nil, fmt.Errorf("the board of the broken notebook became ready")
	}
	return err, nil
}

// gonbLogLine matches a line of GoNB's log (klog's format: I1202 03:54:52.670 …).
var gonbLogLine = regexp.MustCompile(`(?m)^[IWEF]\d{4} \d\d:\d\d:\d\d`)

// CheckBrokenReport fails t unless report, Diagnose's report of RunBrokenNotebook's timing error, has each section
// with what the broken notebook makes it show: the wait for the board in "expected"; in "page" the failing cell's
// printed line and panic, and the board's status; the console error; the server's log; GoNB's log. It logs the
// report.
func CheckBrokenReport(t testing.TB, report string) {
	t.Helper()
	t.Logf("the report of a failure caused on purpose:\n%s", report)
	sections := ReportSections(report)
	for _, want := range []struct {
		section string
		holds   func(string) bool
		what    string
	}{
		{"expected", contains(fmt.Sprintf("waiting %v for the board to be ready", brokenBoardWait)), "the wait for the board"},
		{"page", contains(brokenPrinted), "the failing cell's printed line"},
		{"page", contains(brokenPanic), "the failing cell's panic"},
		{"page", contains(fmt.Sprintf("status %q", brokenBoardStatus)), "the board's status"},
		{"page", contains("shows an error or stderr"), "the failing cell marked as such"},
		{"browser console errors", contains(brokenConsole), "the console error"},
		{"jupyter server log", contains("Kernel started"), "the server's log of the kernel's start"},
		{"GoNB log", gonbLogLine.MatchString, "lines of GoNB's log"},
	} {
		if body, ok := sections[want.section]; !ok {
			t.Errorf("the report has no section %q", want.section)
		} else if !want.holds(body) {
			t.Errorf("the report's section %q does not show %s", want.section, want.what)
		}
	}
}

func contains(s string) func(string) bool {
	return func(b string) bool { return strings.Contains(b, s) }
}

// ReportSections splits a report (Failure.String) into its sections' bodies, by their names: the line's first
// words up to a parenthesis ("GoNB log (/tmp/gonb.log, the last 30 lines)" is "GoNB log").
func ReportSections(report string) map[string]string {
	sections := map[string]string{}
	name := ""
	for _, line := range strings.Split(report, "\n") {
		if title, ok := strings.CutPrefix(line, SectionMark+" "); ok {
			title, _, _ = strings.Cut(title, " (")
			name = strings.TrimSpace(title)
			sections[name] = ""
			continue
		}
		if name != "" {
			sections[name] += line + "\n"
		}
	}
	return sections
}
