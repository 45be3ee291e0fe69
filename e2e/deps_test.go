package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// productModule is the module learners import; this module's harnesses must stay out of it.
const productModule = "github.com/dlgo/hello"

// corePackages are product packages that must always be checked, so that a broken listing cannot pass.
var corePackages = []string{"mlp", "datasets", "digit", "nb", "plot", "cmd/hello"}

// TestProductHasNoTestHarness checks that no package of the product module (its test helpers, named …test,
// aside) depends on chromedp, on this module or on package testing, which would come into every program and
// notebook that imports the package.
func TestProductHasNoTestHarness(t *testing.T) {
	root := productRoot(t)
	var pkgs []string
	for _, p := range strings.Fields(goCmd(t, root, "list", "-f", "{{.ImportPath}}", "./...")) {
		if !strings.HasSuffix(p, "test") {
			pkgs = append(pkgs, p)
		}
	}
	for _, p := range corePackages {
		if !slices.Contains(pkgs, productModule+"/"+p) {
			t.Fatalf("go list ./... in %s lists no %s/%s: %q", root, productModule, p, pkgs)
		}
	}
	for _, p := range pkgs {
		var bad []string
		for _, d := range strings.Fields(goCmd(t, root, "list", "-deps", p)) {
			if h := harness(d); h != "" && !slices.Contains(bad, h) {
				bad = append(bad, h)
			}
		}
		if len(bad) > 0 {
			t.Errorf("%s depends on %s, for tests only: import them from _test.go files or from the e2e module",
				p, strings.Join(bad, ", "))
		}
	}
}

// harness returns what the package path d belongs to when that is for tests only (package testing, a chromedp
// module, or this module), and "" otherwise.
func harness(d string) string {
	if d == "testing" || d == productModule+"/e2e" || strings.HasPrefix(d, productModule+"/e2e/") {
		return d
	}
	if rest, ok := strings.CutPrefix(d, "github.com/chromedp/"); ok {
		name, _, _ := strings.Cut(rest, "/")
		return "github.com/chromedp/" + name // the module, not its many packages
	}
	return ""
}

// TestProductGoModHasNoChromedp checks that the product's go.mod requires no chromedp module, not even as an
// indirect one: the browser tests live in this module, whose go.mod requires it.
func TestProductGoModHasNoChromedp(t *testing.T) {
	root := productRoot(t)
	var mod struct {
		Require []struct{ Path, Version string }
	}
	if err := json.Unmarshal([]byte(goCmd(t, root, "mod", "edit", "-json")), &mod); err != nil {
		t.Fatalf("go mod edit -json in %s: %v", root, err)
	}
	if len(mod.Require) == 0 {
		t.Fatalf("go mod edit -json in %s lists no requirements: is this the product's go.mod?", root)
	}
	for _, r := range mod.Require {
		if strings.HasPrefix(r.Path, "github.com/chromedp/") {
			t.Errorf("%s/go.mod requires %s %s: only the e2e module may (run go mod tidy in %s)",
				root, r.Path, r.Version, root)
		}
	}
}

// productRoot returns the product module's folder, the parent of this one, checking that it is that module.
func productRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(goCmd(t, root, "list", "-m")); got != productModule {
		t.Fatalf("the module in %s is %q, want %s", root, got, productModule)
	}
	return root
}

// goCmd runs the go command in dir, in the product module alone (no go.work) and with GOEXPERIMENT=simd as every
// build of the project, and returns its standard output.
func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOEXPERIMENT=simd", "GOWORK=off")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, stderr.String())
	}
	return string(out)
}
