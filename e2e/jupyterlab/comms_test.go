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
// authenticates by the cookie it sets on the page's first request). GoNB's page side gives up on a connection
// whose comm_open is not acknowledged within 500 ms, which happens on a busy machine; the cell then has GoNB connect
// again, as package nb's board and panel do, and the script answers on each new connection (nbHandshake's way).
// A run that needed that says so in the test's log, with GoNB's console errors.
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
gonbui.DisplayHtml(`+"`"+`<script>(function ping(asked, tries) {
  const comm = globalThis.gonb_comm;
  if (comm && comm !== asked) { comm.send('/labtest/ping', 'pong'); asked = comm; }
  if (tries < 1200) { setTimeout(() => ping(asked, tries + 1), 50); }
})(null, 0)</script>`+"`"+`)
retry := time.NewTicker(`+commsRetry+`)
for tries := 1; ; tries++ {
	select {
	case v := <-answer.C:
		fmt.Println("the page answered", v)
		return
	case <-retry.C:
		if tries == 6 {
			panic("no answer from the page within a minute")
		}
		fmt.Println("`+gonbReconnected+`", tries)
		comms.Start()
	}
}`))
	srv := env.startServer(t, dir)
	if specs := srv.kernelspecs(t); !slices.Contains(specs, "gonb") {
		t.Fatal(jupytertest.Diagnose(fmt.Errorf("jupyter_server to offer the gonb kernel; it offers %v "+
			"(JUPYTER_PATH=%s)", specs, env.kernels), jupytertest.Witnesses{Server: srv.Server}))
	}
	for _, slow := range []bool{false, true} {
		name := "first connection"
		if slow {
			name = "after a failed connection"
		}
		t.Run(name, func(t *testing.T) { runComms(t, env, srv, slow) })
	}
}

// runComms runs comms.ipynb in a new browser; slow makes GoNB's first connection fail (slowFirstSocket), and then
// the cell must have GoNB connect again for the page's answer to come.
func runComms(t *testing.T, env *labEnv, srv *labServer, slow bool) {
	b := newBrowser(t, env.chromium, 1280, 1000)
	if slow {
		slowFirstSocket(t, b)
	}
	if _, err := b.openRetrying(t, srv.pageURL("comms.ipynb", true), srv); err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	defer func() {
		if _, err := await[bool](b, time.Minute, `window.labTest.shutdown().then(() => true)`); err != nil {
			t.Logf("shutting down the kernel: %v", err)
		}
	}()
	if _, err := b.runAll(5 * time.Minute); err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	s, err := b.summary()
	if err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	problems := s.problems(expected{ran: true, texts: []string{"the page answered pong"}})
	if len(problems) > 0 {
		t.Fatal(b.diagnose(fmt.Errorf("the page to answer the cell through GoNB's comms; %d problems:\n%s",
			len(problems), strings.Join(problems, "\n")), srv))
	}
	retried := false
	for _, line := range strings.Split(s.text(), "\n") {
		if strings.Contains(line, gonbReconnected) {
			retried = true
			t.Logf("the cell had GoNB connect to the page again: %s", line)
		}
	}
	if slow {
		if !retried {
			t.Errorf("the page answered though GoNB's first connection was made to fail, and the cell never had " +
				"GoNB connect again: the test did not test the recovery")
		}
		checkRecovered(t, b, srv)
		return
	}
	if errs := jupytertest.LogGoNBReconnects(t, b.takeErrors()); len(errs) > 0 {
		t.Error(b.diagnose(fmt.Errorf("no errors in the browser's console; it shows:\n%s", strings.Join(errs, "\n")), srv))
	}
}

// commsRetry is how long TestJupyterLabGoNBComms's cell waits for the page's answer before it has GoNB connect
// again, and gonbReconnected begins the line it prints then.
const (
	commsRetry      = "10 * time.Second"
	gonbReconnected = "no answer yet: GoNB connects to the page again, time"
)
