package docker

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// entrypointRun is the outcome of running entrypoint.sh with stubs.
type entrypointRun struct {
	err     error
	output  string   // stdout and stderr
	jupyter []string // arguments jupyter was started with; nil if not started
	env     []string // environment jupyter was started with
	repo    string   // DLGO_HELLO_DIR
}

// runEntrypoint runs entrypoint.sh with `id` reporting uid and `jupyter`
// replaced by a stub recording its arguments and environment, and a
// `jupyter-lab` on PATH, as in the default image (pip's JupyterLab).
// extraEnv entries are added to the environment. The image's notebooks
// (DLGO_NOTEBOOKS) and the repository (DLGO_HELLO_DIR) are laid out in a
// temporary directory; prepare may add files to the repository first.
func runEntrypoint(t *testing.T, uid string, extraEnv []string, prepare func(repo string), args ...string) entrypointRun {
	t.Helper()
	return runEntrypointIn(t, true, uid, extraEnv, prepare, args...)
}

// runEntrypointIn is runEntrypoint, with a jupyter-lab stub on PATH only when lab is true (an image built with
// JUPYTER_SOURCE=debian has Jupyter Notebook only).
func runEntrypointIn(t *testing.T, lab bool, uid string, extraEnv []string, prepare func(repo string), args ...string) entrypointRun {
	t.Helper()
	requireBash(t)
	if !lab {
		if p, err := exec.LookPath("jupyter-lab"); err == nil {
			t.Skipf("%s is on PATH: the entrypoint would find JupyterLab", p)
		}
	}
	dir := t.TempDir()
	stubs := filepath.Join(dir, "stubs")
	home := filepath.Join(dir, "home")
	repo := filepath.Join(dir, "repo")
	dist := filepath.Join(dir, "dist")
	record := filepath.Join(dir, "jupyter-args")
	recordEnv := filepath.Join(dir, "jupyter-env")
	write := func(name, content string, mode os.FileMode) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(stubs, "id"), "#!/bin/sh\necho "+uid+"\n", 0o755)
	write(filepath.Join(stubs, "jupyter"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > '"+record+"'\nenv > '"+recordEnv+"'\n", 0o755)
	if lab {
		write(filepath.Join(stubs, "jupyter-lab"), "#!/bin/sh\nexit 1\n", 0o755)
	}
	write(filepath.Join(dist, "01-hello.ipynb"), "image version\n", 0o644)
	write(filepath.Join(dist, "data", "extra.txt"), "extra\n", 0o644)
	for _, d := range []string{home, repo} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if prepare != nil {
		prepare(repo)
	}

	script, err := filepath.Abs("entrypoint.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(script, args...)
	cmd.Env = append([]string{
		"PATH=" + stubs + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home,
		"DLGO_HELLO_DIR=" + repo,
		"DLGO_NOTEBOOKS=" + dist,
	}, extraEnv...)
	out, err := cmd.CombinedOutput()
	run := entrypointRun{err: err, output: string(out), repo: repo}
	if data, err := os.ReadFile(record); err == nil {
		run.jupyter = strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	}
	if data, err := os.ReadFile(recordEnv); err == nil {
		run.env = strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	}
	return run
}

// flagValue returns the value of --name=value in args, and whether it is there.
func flagValue(args []string, name string) (string, bool) {
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, true
		}
	}
	return "", false
}

// envValue returns the value of name in env (NAME=value lines), and whether it is there.
func envValue(env []string, name string) (string, bool) {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v, true
		}
	}
	return "", false
}

// checkTokenOffCommandLine fails when token, or a token option, is among the arguments jupyter was started with:
// every process can read another's command line (ps, /proc/*/cmdline).
func checkTokenOffCommandLine(t *testing.T, run entrypointRun, token string) {
	t.Helper()
	for _, a := range run.jupyter {
		if strings.Contains(a, token) || strings.Contains(a, ".token") {
			t.Errorf("the token is on jupyter's command line: %q", a)
		}
	}
}

func TestEntrypointGeneratesToken(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  []string
	}{
		{"unset", nil},
		{"empty", []string{"JUPYTER_TOKEN="}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := runEntrypoint(t, "1000", tc.env, nil)
			if run.err != nil {
				t.Fatalf("entrypoint failed: %v\n%s", run.err, run.output)
			}
			if len(run.jupyter) == 0 || run.jupyter[0] != "lab" {
				t.Fatalf("jupyter started with %q, want lab ...", run.jupyter)
			}
			token, ok := envValue(run.env, "JUPYTER_TOKEN")
			if !ok || !regexp.MustCompile(`^[0-9a-f]{48}$`).MatchString(token) {
				t.Fatalf("JUPYTER_TOKEN=%q in jupyter's environment (set: %v), want 48 hex digits", token, ok)
			}
			checkTokenOffCommandLine(t, run, token)
			for _, a := range run.jupyter {
				if a == "--allow-root" {
					t.Errorf("jupyter started with --allow-root")
				}
			}
			if v, _ := flagValue(run.jupyter, "--port"); v != jupyterPort {
				t.Errorf("--port=%q, want %s", v, jupyterPort)
			}
			if v, _ := flagValue(run.jupyter, "--ServerApp.root_dir"); v != run.repo {
				t.Errorf("--ServerApp.root_dir=%q, want the repository %s", v, run.repo)
			}
			if v, _ := envValue(run.env, "PYDEVD_DISABLE_FILE_VALIDATION"); v != "1" {
				t.Errorf("PYDEVD_DISABLE_FILE_VALIDATION=%q in jupyter's environment, want 1 (silences the "+
					"frozen-modules warning of Python's debugger)", v)
			}
		})
	}
}

func TestEntrypointUsesGivenToken(t *testing.T) {
	const token = "a-token-chosen-by-the-user"
	run := runEntrypoint(t, "1000", []string{"JUPYTER_TOKEN=" + token}, nil)
	if run.err != nil {
		t.Fatalf("entrypoint failed: %v\n%s", run.err, run.output)
	}
	if got, _ := envValue(run.env, "JUPYTER_TOKEN"); got != token {
		t.Errorf("JUPYTER_TOKEN=%q in jupyter's environment, want %q", got, token)
	}
	checkTokenOffCommandLine(t, run, token)
	if strings.Contains(run.output, token) {
		t.Errorf("the token is printed although the server never answered:\n%s", run.output)
	}
}

func TestEntrypointRefusesRoot(t *testing.T) {
	run := runEntrypoint(t, "0", nil, nil)
	if run.err == nil {
		t.Fatalf("entrypoint ran as root:\n%s", run.output)
	}
	if run.jupyter != nil {
		t.Errorf("jupyter was started as root with %q", run.jupyter)
	}
	if !strings.Contains(run.output, "refusing to run as root") {
		t.Errorf("no explanation in the output:\n%s", run.output)
	}
}

func TestEntrypointRunsCommand(t *testing.T) {
	run := runEntrypoint(t, "1000", nil, nil, "sh", "-c", "echo custom command")
	if run.err != nil {
		t.Fatalf("entrypoint failed: %v\n%s", run.err, run.output)
	}
	if run.jupyter != nil {
		t.Errorf("jupyter started although a command was given")
	}
	if !strings.Contains(run.output, "custom command") {
		t.Errorf("command not run:\n%s", run.output)
	}
}

func TestEntrypointCopiesNotebooksKeepingEdits(t *testing.T) {
	edited := "edited by the user\n"
	run := runEntrypoint(t, "1000", nil, func(repo string) {
		dir := filepath.Join(repo, "notebooks")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "01-hello.ipynb"), []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
	})
	if run.err != nil {
		t.Fatalf("entrypoint failed: %v\n%s", run.err, run.output)
	}
	nb := filepath.Join(run.repo, "notebooks")
	if got, err := os.ReadFile(filepath.Join(nb, "01-hello.ipynb")); err != nil || string(got) != edited {
		t.Errorf("the user's notebook was replaced: %q, %v", got, err)
	}
	if got, err := os.ReadFile(filepath.Join(nb, "data", "extra.txt")); err != nil || string(got) != "extra\n" {
		t.Errorf("missing file not copied: %q, %v", got, err)
	}
}

func TestEntrypointServesNotebookWithoutJupyterLab(t *testing.T) {
	run := runEntrypointIn(t, false, "1000", nil, nil)
	if run.err != nil {
		t.Fatalf("entrypoint failed: %v\n%s", run.err, run.output)
	}
	if len(run.jupyter) == 0 || run.jupyter[0] != "notebook" {
		t.Fatalf("jupyter started with %q, want notebook ... (no jupyter-lab on PATH)", run.jupyter)
	}
	for flag, want := range map[string]string{
		"--NotebookApp.notebook_dir":                 run.repo,
		"--NotebookApp.default_url":                  "/tree/notebooks",
		"--port":                                     jupyterPort,
		"--MappingKernelManager.default_kernel_name": "gonb",
	} {
		if v, _ := flagValue(run.jupyter, flag); v != want {
			t.Errorf("%s=%q, want %q", flag, v, want)
		}
	}
	token, _ := envValue(run.env, "JUPYTER_TOKEN")
	if token == "" {
		t.Errorf("no JUPYTER_TOKEN in Jupyter Notebook's environment")
	}
	checkTokenOffCommandLine(t, run, token)
	if !strings.Contains(run.output, "starting Jupyter Notebook") {
		t.Errorf("the output does not say that Jupyter Notebook starts:\n%s", run.output)
	}
}

func TestEntrypointPort(t *testing.T) {
	run := runEntrypoint(t, "1000", []string{"JUPYTER_PORT=18888"}, nil)
	if run.err != nil {
		t.Fatalf("entrypoint failed: %v\n%s", run.err, run.output)
	}
	if v, _ := flagValue(run.jupyter, "--port"); v != "18888" {
		t.Errorf("--port=%q with JUPYTER_PORT=18888", v)
	}

	run = runEntrypoint(t, "1000", []string{"JUPYTER_PORT=88a"}, nil)
	if run.err == nil || run.jupyter != nil {
		t.Fatalf("entrypoint accepted JUPYTER_PORT=88a (jupyter started with %q):\n%s", run.jupyter, run.output)
	}
	if !strings.Contains(run.output, "JUPYTER_PORT=88a is not a port number") {
		t.Errorf("no explanation in the output:\n%s", run.output)
	}
}

// TestEntrypointRefusesReadOnlyNotebooks needs a user that a folder's mode can stop (not root); docker/imagetest
// checks a read-only and a foreign-owned mount in the image itself.
func TestEntrypointRefusesReadOnlyNotebooks(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write a folder of mode 0555; docker/imagetest checks read-only mounts in the image")
	}
	const mine = "the user's notebook\n"
	var dir string
	run := runEntrypoint(t, strconv.Itoa(os.Getuid()), nil, func(repo string) {
		dir = filepath.Join(repo, "notebooks")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "mine.ipynb"), []byte(mine), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
	})
	if run.err == nil || run.jupyter != nil {
		t.Fatalf("entrypoint went on with a read-only notebooks folder (jupyter: %q):\n%s", run.jupyter, run.output)
	}
	if lines := strings.Split(strings.TrimSpace(run.output), "\n"); len(lines) != 1 ||
		!strings.Contains(lines[0], dir+" is read-only") {
		t.Errorf("want one line saying %s is read-only, got:\n%s", dir, run.output)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 || entries[0].Name() != "mine.ipynb" {
		t.Errorf("the notebooks folder changed: %v, %v", entries, err)
	}
}
