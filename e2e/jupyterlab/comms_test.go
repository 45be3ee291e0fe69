package jupyterlab

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// TestJupyterLabGoNBComms checks that interactive GoNB cells work in the page: a cell listens on a GoNB comms
// address, and a script in its HTML output answers through GoNB's own WebSocket to the kernel (which the server
// authenticates by the cookie it sets on the page's first request).
func TestJupyterLabGoNBComms(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode (GoNB compiles the cells)")
	}
	env := newLabEnv(t)
	dir := t.TempDir()
	writeNotebook(t, filepath.Join(dir, "comms.ipynb"), "gonb",
		codeCell(0, "!*go get github.com/janpfeifer/gonb@v0.11.5 2>&1"), // go get reports on stderr
		codeCell(0, `import (
	"fmt"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
)

%%
answer := comms.Listen[string]("/labtest/ping")
gonbui.DisplayHtml("<script>globalThis.gonb_comm.send('/labtest/ping', 'pong')</script>")
select {
case v := <-answer.C:
	fmt.Println("the page answered", v)
case <-time.After(time.Minute):
	panic("no answer from the page within a minute")
}`))
	srv := env.startServer(t, dir)
	if specs := srv.kernelspecs(t); !slices.Contains(specs, "gonb") {
		t.Fatal(jupytertest.Diagnose(fmt.Errorf("jupyter_server to offer the gonb kernel; it offers %v "+
			"(JUPYTER_PATH=%s)", specs, env.kernels), jupytertest.Witnesses{Server: srv.Server}))
	}
	b := newBrowser(t, env.chromium, 1280, 1000)
	if _, err := b.openRetrying(t, srv.pageURL("comms.ipynb", true), srv); err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	if _, err := b.runAll(5 * time.Minute); err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	s, err := b.summary()
	if err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	problems := s.problems(expected{ran: true, texts: []string{"the page answered pong"}})
	for _, e := range b.takeErrors() {
		problems = append(problems, "the browser reports: "+e)
	}
	if len(problems) > 0 {
		t.Error(b.diagnose(fmt.Errorf("the page to answer the cell through GoNB's comms, without errors; %d "+
			"problems:\n%s", len(problems), strings.Join(problems, "\n")), srv))
	}
}
