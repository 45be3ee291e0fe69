package jupyterlab

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestJupyterLabAsksAgainForTheKernelInfo opens a notebook whose kernel answers the page's first
// kernel_info_request without the idle status that ends it, as happens when the page's iopub subscription is not
// yet in place (see labTest.kernelInfo), and checks that the page asks again, opens the notebook, and says why it
// asked. Before the page asked again, such an opening waited 120 s and failed. It takes about 10 seconds.
func TestJupyterLabAsksAgainForTheKernelInfo(t *testing.T) {
	b, srv, url := testKernelPage(t, "lossy", "lossy", 30)
	r, err := b.open(url)
	if err != nil {
		t.Fatal(b.diagnose(err, srv))
	}
	want := "kernel lossy: its kernel_info_reply came but not its idle status within 5 s; asking again"
	if len(r.Retries) != 1 || r.Retries[0] != want {
		t.Errorf("the page's retries: %q, want [%q]", r.Retries, want)
	}
	if r.Language != "python" {
		t.Errorf("the kernel's language: %q, want python", r.Language)
	}
}

// testKernelPage starts a server whose one notebook runs the kernel name in mode (see kernelFolder), and returns
// a new browser, the server (for failure reports) and the address of the page that opens the notebook and waits
// timeout seconds for its kernel. serverArgs go on the server's command line.
func testKernelPage(t *testing.T, name, mode string, timeout int, serverArgs ...string) (*browser, *labServer, string) {
	t.Helper()
	env := newLabEnv(t)
	dir := t.TempDir()
	data := kernelFolder(t, name, env.python, mode)
	writeNotebook(t, filepath.Join(dir, name+".ipynb"), name, codeCell(0, "print('never runs')"))
	srv := env.startServerWith(t, dir, serverArgs, "JUPYTER_DATA_DIR="+data)
	b := newBrowser(t, env.chromium, 1280, 800)
	return b, srv, srv.pageURL(name+".ipynb", true) + "&kernel_timeout=" + strconv.Itoa(timeout)
}

// testKernel is a Jupyter kernel, for python3 with jupyter_client and pyzmq, that answers kernel_info_request and
// shutdown_request, publishing the busy and idle status of each request. Its mode, set by a line before it, changes
// what it does with the first kernel_info_request that comes through a page's own connection (whose zmq identity
// is the page's session): "lossy" answers it without the statuses, as if the page's iopub subscription was not yet
// in place; "error" answers it with status "error".
const testKernel = `import json, sys, zmq
from jupyter_client.session import Session

cfg = json.load(open(sys.argv[1]))
session = Session(key=cfg["key"].encode(), signature_scheme=cfg["signature_scheme"])
ctx = zmq.Context()

def bind(kind, port):
    s = ctx.socket(kind)
    s.bind("%s://%s:%d" % (cfg["transport"], cfg["ip"], cfg[port]))
    return s

shell, control = bind(zmq.ROUTER, "shell_port"), bind(zmq.ROUTER, "control_port")
iopub, stdin, hb = bind(zmq.PUB, "iopub_port"), bind(zmq.ROUTER, "stdin_port"), bind(zmq.REP, "hb_port")
info = {"status": "ok", "protocol_version": "5.3", "implementation": "lossy", "implementation_version": "1",
        "language_info": {"name": "python"}, "banner": ""}
poller = zmq.Poller()
for s in (shell, control, hb):
    poller.register(s, zmq.POLLIN)
seen = False
while True:
    for sock, _ in poller.poll():
        if sock is hb:
            hb.send(hb.recv())
            continue
        idents, parts = session.feed_identities(sock.recv_multipart())
        msg = session.deserialize(parts)
        kind = msg["header"]["msg_type"]
        first = (kind == "kernel_info_request" and not seen and len(idents) > 0
                 and idents[0] == msg["header"]["session"].encode())
        seen = seen or first
        quiet = first and mode == "lossy"
        if not quiet:
            session.send(iopub, "status", {"execution_state": "busy"}, parent=msg)
        if kind == "kernel_info_request":
            reply = dict(info, status="error") if first and mode == "error" else info
            session.send(sock, "kernel_info_reply", reply, parent=msg, ident=idents)
        elif kind == "shutdown_request":
            session.send(sock, "shutdown_reply", {"status": "ok", "restart": False}, parent=msg, ident=idents)
            sys.exit(0)
        if not quiet:
            session.send(iopub, "status", {"execution_state": "idle"}, parent=msg)
`

// kernelFolder writes a Jupyter data folder with one kernel, name, and returns the folder (for JUPYTER_DATA_DIR).
// The kernel is testKernel in mode, run by python; with mode "mute", a python process that only sleeps.
func kernelFolder(t *testing.T, name, python, mode string) string {
	t.Helper()
	data := t.TempDir()
	kernel := filepath.Join(data, "kernels", name)
	if err := os.MkdirAll(kernel, 0o755); err != nil {
		t.Fatal(err)
	}
	argv := []string{python, "-c", "import time; time.sleep(600)", "{connection_file}"}
	if mode != "mute" {
		path := filepath.Join(kernel, "kernel.py")
		script := fmt.Sprintf("mode = %q\n%s", mode, testKernel)
		if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
		argv = []string{python, path, "{connection_file}"}
	}
	spec, err := json.Marshal(map[string]any{"argv": argv, "display_name": name, "language": "python"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(kernel, "kernel.json"), spec, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// TestJupyterLabKernelInfoError opens a notebook whose kernel answers the page's kernel_info_request with an error,
// and checks that the page says so at once rather than asking again until its time is up.
func TestJupyterLabKernelInfoError(t *testing.T) {
	b, srv, url := testKernelPage(t, "errs", "error", 30)
	start := time.Now()
	_, err := b.open(url)
	took := time.Since(start)
	if err == nil {
		t.Fatal("the page opened a notebook whose kernel answers kernel_info_request with an error")
	}
	if want := "connecting to kernel errs: Kernel info reply errored"; !strings.Contains(err.Error(), want) {
		t.Errorf("the page's error lacks %q:\n%v", want, b.diagnose(err, srv))
	}
	if took >= 25*time.Second {
		t.Errorf("the page took %v to report the error, as if it had waited for its 30 s limit", took.Round(time.Second))
	}
}
