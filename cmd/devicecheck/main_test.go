package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dlgo/hello/mlp"
)

func TestSeedSummary(t *testing.T) {
	got := seedSummary("xla:cuda", []float64{5, 1, 1.5, 1}, mlp.Score{Loss: 0.0107, Accuracy: 0.9324})
	// Later epochs 1, 1.5, 1 → median 1; total 8.5; without the first compile 8.5 − 5 + 1 = 4.5.
	want := "xla:cuda: 4 epoch(s), test accuracy 0.9324, test loss 0.01070; training 8.50 s, first epoch 5.00 s (with compile), " +
		"later epochs 1.000 s each (median), training without the first compile 4.50 s"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := seedSummary("go", []float64{2}, mlp.Score{}); strings.Contains(got, "later") {
		t.Errorf("one epoch: %s", got)
	}
}

// TestSeedSaveEvaluate trains the seed's model briefly, saves it, and evaluates the file again.
func TestSeedSaveEvaluate(t *testing.T) {
	model := filepath.Join(t.TempDir(), "seed.model")
	var out bytes.Buffer
	if err := seedCmd(&out, []string{"-epochs", "1", "-limit", "500", "-save", model}); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^summary: go\S*: 1 epoch\(s\), test accuracy ([0-9.]+),`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no summary line in:\n%s", out.String())
	}
	acc, err := strconv.ParseFloat(m[1], 64)
	if err != nil || acc <= 0 || acc > 1 {
		t.Fatalf("test accuracy %q (%v)", m[1], err)
	}
	out.Reset()
	if err := evaluateCmd(&out, []string{"-want-accuracy", strconv.FormatFloat(acc, 'f', 4, 64), model}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "as before saving") {
		t.Errorf("evaluate: %s", out.String())
	}
	if err := evaluateCmd(&out, []string{"-want-accuracy", strconv.FormatFloat(acc-0.01, 'f', 4, 64), model}); err == nil {
		t.Error("evaluate accepted an accuracy 0.01 off")
	}
	if err := evaluateCmd(&out, []string{filepath.Join(t.TempDir(), "missing")}); err == nil {
		t.Error("evaluate of a missing file: no error")
	}
	if err := seedCmd(&out, []string{"-epochs", "0"}); err == nil {
		t.Error("seed -epochs 0: no error")
	}
}

func TestFindPlugins(t *testing.T) {
	cc, err := exec.LookPath("cc")
	if err != nil {
		t.Skip("no C compiler to build shared objects with")
	}
	dir := t.TempDir()
	build := func(name, src string) {
		t.Helper()
		c := filepath.Join(dir, name+".c")
		if err := os.WriteFile(c, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(cc, "-shared", "-fPIC", "-o", filepath.Join(dir, "sub", name), c).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	build("pjrt_c_api_cpu_plugin.so", "void *GetPjrtApi(void) { return 0; }\n")
	build("libother.so.1", "int other(void) { return 1; }\n")
	build("libcaller.so", "extern void *GetPjrtApi(void);\nvoid *call(void) { return GetPjrtApi(); }\n") // uses, does not define
	build("xla_cuda_plugin.so", "void *GetPjrtApi(void) { return 0; }\n")
	if err := os.WriteFile(filepath.Join(dir, "sub", "text.so"), []byte("GetPjrtApi"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := findPlugins(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "sub", "pjrt_c_api_cpu_plugin.so"), filepath.Join(dir, "sub", "xla_cuda_plugin.so")}
	if !slices.Equal(got, want) {
		t.Errorf("findPlugins = %q, want %q", got, want)
	}
	if got, err := findPlugins(filepath.Join(dir, "missing")); err != nil || len(got) != 0 {
		t.Errorf("missing directory: %q, %v", got, err)
	}

	// The same folder twice, once through a link: each plugin once.
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := pluginsCmd(&out, []string{filepath.Join(dir, "link"), dir, filepath.Join(dir, "missing")}); err != nil {
		t.Fatal(err)
	}
	real, _ := filepath.EvalSymlinks(dir)
	wantOut := filepath.Join(real, "sub", "pjrt_c_api_cpu_plugin.so") + "\n" + filepath.Join(real, "sub", "xla_cuda_plugin.so") + "\n"
	if out.String() != wantOut {
		t.Errorf("plugins printed %q, want %q", out.String(), wantOut)
	}
}
