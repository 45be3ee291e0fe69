package main

import (
	"slices"
	"strings"
	"testing"
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
