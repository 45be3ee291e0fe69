package jupyterlab

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dlgo/hello/e2e/jupytertest"
)

// pageDir returns the folder of the built page (with lab/index.html): $JUPYTERLAB_PAGE when set (make
// jupyterlab-test builds the page first and sets it), else what build.sh prints, which builds the page unless
// its cache has it.
func pageDir(t *testing.T, root string, vars []string) string {
	t.Helper()
	dir := os.Getenv("JUPYTERLAB_PAGE")
	if dir == "" {
		for _, tool := range []string{"node", "npm"} {
			if jupytertest.LookPath(vars, tool) == "" {
				jupytertest.Missing(t, "%s not found on PATH: it builds the JupyterLab page (apt-get install nodejs npm)", tool)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		start := time.Now()
		out, err := runOutput(ctx, vars, "bash", filepath.Join(root, "e2e", "jupyterlab", "build.sh"))
		if err != nil {
			t.Fatalf("building the JupyterLab page: %v", err)
		}
		dir = strings.TrimSpace(out)
		if d := time.Since(start); d > 5*time.Second {
			t.Logf("built the JupyterLab page in %v", d.Round(time.Second))
		}
	}
	if !jupytertest.IsFile(filepath.Join(dir, "lab", "index.html")) {
		t.Fatalf("JUPYTERLAB_PAGE=%s holds no lab/index.html: build the page with e2e/jupyterlab/build.sh", dir)
	}
	return dir
}
