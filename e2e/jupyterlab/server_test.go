package jupyterlab

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// labEnv holds what the JupyterLab page needs: a Python with jupyter_server, the GoNB kernelspec, Chromium and the
// built page.
type labEnv struct {
	root     string   // the repository
	python   string   // runs jupyter_server
	chromium string   // headless browser
	kernels  string   // a Jupyter data folder with kernels/gonb, for JUPYTER_PATH
	page     string   // the built page: page/lab/index.html
	vars     []string // environment of the server and its kernels
}

// newLabEnv finds the tools, preferring the repository's .tools (as `make tools` installs them) when PATH and
// JUPYTER_DATA_DIR do not say otherwise, and builds the page (see pageDir). Without a tool the test is skipped,
// or fails when CI is set.
func newLabEnv(t *testing.T) *labEnv {
	t.Helper()
	root := repoRoot(t)
	vars := jupytertest.ToolVars(root)
	e := &labEnv{root: root, vars: vars}

	e.python = jupytertest.LookPath(vars, "/usr/bin/python3")
	if e.python == "" {
		e.python = jupytertest.LookPath(vars, "python3")
	}
	if e.python == "" {
		jupytertest.Missing(t, "python3 not found (apt-get install python3-jupyter-server)")
	}
	if _, err := runOutput(context.Background(), vars, e.python, "-c", "import jupyter_server"); err != nil {
		jupytertest.Missing(t, "%s has no jupyter_server (apt-get install python3-jupyter-server): %v", e.python, err)
	}
	e.chromium = jupytertest.Chromium(t, vars)
	e.kernels = os.Getenv("JUPYTER_DATA_DIR")
	if e.kernels == "" {
		e.kernels = filepath.Join(root, ".tools", "jupyter")
	}
	spec := filepath.Join(e.kernels, "kernels", "gonb", "kernel.json")
	if !jupytertest.IsFile(spec) {
		jupytertest.Missing(t, "no GoNB kernelspec %s (run make tools, or set JUPYTER_DATA_DIR to where "+
			"docker/install-gonb.sh installed it)", spec)
	}
	for _, tool := range []string{"goimports", "gopls"} {
		if jupytertest.LookPath(vars, tool) == "" {
			jupytertest.Missing(t, "%s not found on PATH; GoNB needs it (make tools installs it in .tools/bin)", tool)
		}
	}
	e.page = pageDir(t, root, vars)
	return e
}

// labServer is a running jupyter_server that serves the page at /static/lab/index.html.
type labServer struct {
	*jupytertest.Server
}

// startServer starts Debian's jupyter_server (1.23 has no launcher script: python3 -m jupyter_server) on
// 127.0.0.1 with a random token, the notebooks of dir and the page as an extra static path, and stops it when
// the test ends. The server and its kernels get vars plus env; the server writes its runtime files, data and
// checkpoints into temporary folders, and finds the GoNB kernelspec through JUPYTER_PATH: a copy of e.kernels's
// whose kernels log to a file of the test's own (s.GoNBLog), which failure reports show the end of.
func (e *labEnv) startServer(t *testing.T, dir string, env ...string) *labServer {
	t.Helper()
	return e.startServerWith(t, dir, nil, env...)
}

// startServerWith starts the server as startServer does, with args added to its command line.
func (e *labEnv) startServerWith(t *testing.T, dir string, args []string, env ...string) *labServer {
	t.Helper()
	s := &labServer{jupytertest.NewServer(t, "jupyter_server")}
	kernels, gonbLog := jupytertest.GoNBKernel(t, filepath.Join(e.kernels, "kernels", "gonb"))
	s.GoNBLog = gonbLog
	cmd := exec.Command(e.python, "-m", "jupyter_server",
		"--ServerApp.ip=127.0.0.1", "--ServerApp.port="+strconv.Itoa(s.Port), "--ServerApp.port_retries=0",
		"--ServerApp.open_browser=False", "--ServerApp.allow_root=True", "--ServerApp.root_dir="+dir,
		"--ServerApp.extra_static_paths="+e.page,
		// Checkpoints, which opening a notebook creates, go to a temporary folder, not next to the notebooks.
		"--FileCheckpoints.checkpoint_dir="+t.TempDir())
	cmd.Args = append(cmd.Args, args...)
	cmd.Env = append(slices.Clone(e.vars), "JUPYTER_DATA_DIR="+t.TempDir(),
		"JUPYTER_PATH="+kernels+string(os.PathListSeparator)+e.kernels)
	cmd.Env = append(cmd.Env, env...)
	s.Start(t, cmd) // adds the token and the runtime and config folders to cmd.Env
	return s
}

// kernelspecs returns the names of the kernels the server can start.
func (s *labServer) kernelspecs(t *testing.T) []string {
	t.Helper()
	var specs struct {
		Kernelspecs map[string]any `json:"kernelspecs"`
	}
	if err := s.GetJSON(&http.Client{Timeout: 10 * time.Second}, "/api/kernelspecs", &specs); err != nil {
		t.Fatal(jupytertest.Diagnose(fmt.Errorf("jupyter_server to list its kernels: %w", err),
			jupytertest.Witnesses{Server: s.Server}))
	}
	var names []string
	for name := range specs.Kernelspecs {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// pageURL returns the address of the page showing the notebook at path (relative to the server's folder);
// without a kernel the page shows the saved outputs.
func (s *labServer) pageURL(path string, kernel bool) string {
	q := "path=" + url.QueryEscape(path) + "&token=" + s.Token
	if !kernel {
		q += "&kernel=none"
	}
	return s.Base + "/static/lab/index.html?" + q
}
