package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/go-xla/pjrt"
)

func TestParsePlugins(t *testing.T) {
	for _, tt := range []struct {
		in      string
		want    []string
		wantErr string
	}{
		{in: "cpu", want: []string{"cpu"}},
		{in: " cpu , cuda13,cpu,", want: []string{"cpu", "cuda13"}},
		{in: "cuda12", want: []string{"cuda12"}},
		{in: "", wantErr: "no plugin"},
		{in: "cpu,tpu", wantErr: `unknown plugin "tpu"`},
	} {
		got, err := parsePlugins(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parsePlugins(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("parsePlugins(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestRunRejectsRelativeLib(t *testing.T) {
	if err := run("lib", "cpu", "latest", true); err == nil {
		t.Error("run accepted a relative -lib")
	}
}

func TestRunDryRunInstallsNothing(t *testing.T) {
	dir := t.TempDir()
	if err := run(dir, "cpu,cuda13", "latest", true); err != nil {
		t.Fatal(err)
	}
	if err := check("cpu", dir+"/go-xla"); err == nil {
		t.Error("a dry run installed the CPU plugin")
	}
}

func TestCPUVersionIsGoXLAs(t *testing.T) {
	if cpuVersion != pjrt.DefaultCPUVersion {
		t.Errorf("cpuVersion = %s, go-xla pins %s: update cpuVersion (and docker/README.md)", cpuVersion, pjrt.DefaultCPUVersion)
	}
}

// TestInstallCPUFromRelease installs from a local stand-in for the release's direct address.
func TestInstallCPUFromRelease(t *testing.T) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	name := fmt.Sprintf("pjrt_c_api_cpu_%s_plugin.so", cpuVersion)
	body := []byte("not really a shared object")
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
		t.Fatal(err)
	}
	tw.Write(body)
	tw.Close()
	gz.Close()
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.Path)
		if !strings.HasSuffix(r.URL.Path, ".tar.gz") {
			http.NotFound(w, r)
			return
		}
		w.Write(buf.Bytes())
	}))
	defer srv.Close()
	saved := cpuReleaseURL
	defer func() { cpuReleaseURL = saved }()

	dir := filepath.Join(t.TempDir(), "go-xla")
	cpuReleaseURL = srv.URL + "/releases/download/%s/pjrt_cpu_%s.tar.gz"
	if err := installCPU(dir); err != nil {
		t.Fatal(err)
	}
	want := "/releases/download/" + cpuVersion + "/pjrt_cpu_" + runtime.GOOS + "_" + runtime.GOARCH + ".tar.gz"
	if len(asked) != 1 || asked[0] != want {
		t.Errorf("requests %q, want one for %s", asked, want)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "pjrt_c_api_cpu_plugin.so")); err != nil || !bytes.Equal(got, body) {
		t.Errorf("pjrt_c_api_cpu_plugin.so: %q, %v", got, err)
	}
	if err := check("cpu", dir); err != nil {
		t.Error(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("left behind: %q", left)
	}
	// Installed already: no second download.
	if err := installCPU(dir); err != nil || len(asked) != 1 {
		t.Errorf("second install: %v, %d requests", err, len(asked))
	}

	// A release without the asset fails with the address in the error, and leaves nothing.
	dir2 := filepath.Join(t.TempDir(), "go-xla")
	cpuReleaseURL = srv.URL + "/missing/%s/%s"
	if err := installCPU(dir2); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("missing asset: error %v, want a 404", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir2, "*")); len(left) > 0 {
		t.Errorf("left behind after a failed download: %q", left)
	}
}
