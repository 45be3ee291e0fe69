package datasets

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeGo writes a shell script that stands in for the go command: it runs body, in which
// $PIDFILE names a file to write a process id to. It returns the script and the pid file.
func fakeGo(t *testing.T, body string) (script, pidFile string) {
	t.Helper()
	dir := t.TempDir()
	script = filepath.Join(dir, "go")
	pidFile = filepath.Join(dir, "pid")
	text := "#!/bin/sh\nPIDFILE=" + pidFile + "\n" + body + "\n"
	if err := os.WriteFile(script, []byte(text), 0o755); err != nil {
		t.Fatal(err)
	}
	return script, pidFile
}

// useGoCommand makes goModuleDir run path instead of the go command during the test.
func useGoCommand(t *testing.T, path string) {
	prev := goCommand
	goCommand = func() (string, error) { return path, nil }
	t.Cleanup(func() { goCommand = prev })
}

// waitPid waits for a process id to be written to file.
func waitPid(t *testing.T, file string) int {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(file); err == nil && strings.HasSuffix(string(b), "\n") {
			pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				t.Fatalf("pid file: %v", err)
			}
			return pid
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the fake go command did not start")
	return 0
}

// alive reports whether process pid runs (a zombie, dead but not yet reaped, does not).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// pid (comm) state ...: comm may hold spaces, the state follows the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// waitGone waits up to 10 s for process pid to end, and kills it if it does not.
func waitGone(t *testing.T, pid int, what string) {
	t.Helper()
	for range 500 {
		if !alive(pid) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	t.Errorf("%s (pid %d) outlived what should have ended it", what, pid)
}

// TestGoModuleCancelKillsTheProcessGroup checks that cancelling goModuleDir ends the go command
// and what it started (git, for a module fetched from its repository), and returns at once.
func TestGoModuleCancelKillsTheProcessGroup(t *testing.T) {
	script, pidFile := fakeGo(t, `sleep 300 & echo $! > "$PIDFILE"; wait`)
	useGoCommand(t, script)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := goModuleDir(ctx, "example.com/m", "v1.0.0"); done <- err }()
	grandchild := waitPid(t, pidFile)
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Error("goModuleDir succeeded after its context was cancelled")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("goModuleDir did not return after its context was cancelled")
	}
	waitGone(t, grandchild, "the go command's child")
}

// TestGoModuleChildDiesWithItsParent SIGKILLs a process (this test binary, run again) while
// goModuleDir waits for its child, and checks that the child ends too.
func TestGoModuleChildDiesWithItsParent(t *testing.T) {
	if os.Getenv("DATASETS_TEST_GOMODULE_PARENT") != "" {
		return // the parent's part runs in TestGoModuleChildHelper
	}
	script, pidFile := fakeGo(t, `echo $$ > "$PIDFILE"; exec sleep 300`)
	parent := exec.Command(os.Args[0], "-test.run=^TestGoModuleChildHelper$", "-test.v")
	parent.Env = append(os.Environ(), "DATASETS_TEST_GOMODULE_PARENT="+script)
	var out strings.Builder
	parent.Stdout, parent.Stderr = &out, &out
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	child := waitPid(t, pidFile)
	if err := parent.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	err := parent.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the parent ended with %v, not by SIGKILL:\n%s", err, out.String())
	}
	waitGone(t, child, "the go command")
}

// TestGoModuleChildHelper is the parent process of TestGoModuleChildDiesWithItsParent.
func TestGoModuleChildHelper(t *testing.T) {
	script := os.Getenv("DATASETS_TEST_GOMODULE_PARENT")
	if script == "" {
		t.Skip("run by TestGoModuleChildDiesWithItsParent")
	}
	useGoCommand(t, script)
	_, err := goModuleDir(context.Background(), "example.com/m", "v1.0.0")
	t.Fatalf("goModuleDir returned (%v) before the process was killed", err)
}
