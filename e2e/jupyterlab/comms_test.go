package jupyterlab

import (
	"path/filepath"
	"slices"
	"testing"
	"time"
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
	if !slices.Contains(srv.kernelspecs(t), "gonb") {
		t.Fatalf("jupyter_server does not offer the gonb kernel (JUPYTER_PATH=%s)", env.kernels)
	}
	b := newBrowser(t, env.chromium, 1280, 1000)
	if _, err := b.open(srv.pageURL("comms.ipynb", true)); err != nil {
		t.Fatalf("%v\nbrowser: %s\njupyter_server:\n%s", err, b.takeErrors(), srv.LogTail(20))
	}
	if _, err := b.runAll(5 * time.Minute); err != nil {
		t.Fatal(err)
	}
	s, err := b.summary()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.problems(expected{ran: true, texts: []string{"the page answered pong"}}) {
		t.Error(p)
	}
	for _, e := range b.takeErrors() {
		t.Errorf("the browser reports: %s", e)
	}
}
