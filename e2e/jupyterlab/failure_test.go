package jupyterlab

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// TestJupyterLabFailureReportShowsThePageAndTheLogs breaks a GoNB notebook on purpose (jupytertest.
// WriteBrokenNotebook: a drawing board that never becomes ready, an error in the browser's console, a cell that
// panics), runs it in the page, and checks that the report of the failure (jupytertest.Diagnose, which every
// failure of these tests prints) shows what was expected, the failing cell's outputs, the board's status, the
// console error, and the ends of jupyter_server's and GoNB's logs. It takes about 15 seconds.
func TestJupyterLabFailureReportShowsThePageAndTheLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode (GoNB compiles the cells)")
	}
	env := newLabEnv(t)
	dir := t.TempDir()
	jupytertest.WriteBrokenNotebook(t, filepath.Join(dir, "broken.ipynb"))
	srv := env.startServer(t, dir)
	b := newBrowser(t, env.chromium, 1280, 1000)
	fe := &labFrontEnd{b: b, srv: srv, url: srv.pageURL("broken.ipynb", true)}
	start := time.Now()
	timing, err := jupytertest.RunBrokenNotebook(b.ctx, fe)
	if err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	t.Logf("the notebook broke as planned in %v", time.Since(start).Round(100*time.Millisecond))
	jupytertest.CheckBrokenReport(t, b.diagnose(timing, srv).String())
	if _, err := await[bool](b, time.Minute, `window.labTest.shutdown().then(() => true)`); err != nil {
		t.Logf("shutting down the kernel: %v", err)
	}
}

// TestJupyterLabReportWhenTheKernelDoesNotAnswer opens a notebook whose kernel starts but never answers (a process
// that only sleeps) and checks that the page's error says so and shows what happened on the kernel connection: the
// page sent its kernel_info_request and no reply came. This is the report a page prints when its kernel does not
// answer in time, whatever the cause (full runs once saw a GoNB kernel's idle status lost: see
// TestJupyterLabAsksAgainForTheKernelInfo). It takes about 10 seconds.
func TestJupyterLabReportWhenTheKernelDoesNotAnswer(t *testing.T) {
	// The server waits for the kernel's kernel_info_reply 2 s, not 60, before it lets the page connect.
	b, srv, url := testKernelPage(t, "mute", "mute", 8, "--MappingKernelManager.kernel_info_timeout=2")
	_, err := b.open(url)
	if err == nil {
		t.Fatal("the page opened a notebook whose kernel never answers")
	}
	report := b.diagnose(err, srv).String()
	for _, want := range []string{
		"connecting to kernel mute: " + kernelNoAnswer + " 8 s",
		"the connection's last events:",
		"connection connected",
		"send shell kernel_info_request",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "kernel_info_reply") {
		t.Errorf("the report shows a kernel_info_reply from a kernel that never answers:\n%s", report)
	}
	if !t.Failed() {
		t.Logf("the report begins:\n%s", firstLines(report, 20))
	}
}

// firstLines returns the first n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "")
}
