package nb

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Environment of the runs-writer cell program.
const (
	runsPathEnv  = "NB_TEST_RUNS_PATH"
	runsCountEnv = "NB_TEST_RUNS_COUNT"
	runsNameEnv  = "NB_TEST_RUNS_NAME"
)

func init() {
	cellPrograms["runs-writer"] = runsWriterCell
	cellPrograms["runs-lock-holder"] = runsLockHolderCell
}

// runsLockHolderCell takes the lock of the history at NB_TEST_RUNS_PATH, says so and waits to be
// killed, as a kernel killed in the middle of a write would.
func runsLockHolderCell() {
	if _, err := lockFile(os.Getenv(runsPathEnv)); err != nil {
		Check(err)
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
}

// runsWriterCell records NB_TEST_RUNS_COUNT runs in the history at NB_TEST_RUNS_PATH, each with
// activation "<NB_TEST_RUNS_NAME>-<i>", as a second kernel writing the same history would.
func runsWriterCell() {
	runs := Must(OpenRuns(os.Getenv(runsPathEnv)))
	n := Must(strconv.Atoi(os.Getenv(runsCountEnv)))
	for i := range n {
		Check(runs.Add(testRun(fmt.Sprintf("%s-%d", os.Getenv(runsNameEnv), i), 0.9)))
	}
}

func TestRunsConcurrentWritersLoseNothing(t *testing.T) {
	const goroutines, each = 4, 5
	path := filepath.Join(t.TempDir(), "02-runs.json")
	var wg sync.WaitGroup
	errs := make(chan error, (goroutines+1)*each)
	for g := range goroutines {
		wg.Go(func() {
			runs, err := OpenRuns(path) // a Runs of its own, as another kernel would have
			if err != nil {
				errs <- err
				return
			}
			for i := range each {
				errs <- runs.Add(testRun(fmt.Sprintf("g%d-%d", g, i), 0.9))
			}
		})
	}
	shared, err := OpenRuns(path) // and one Runs shared by goroutines
	if err != nil {
		t.Fatal(err)
	}
	for i := range each {
		wg.Go(func() { errs <- shared.Add(testRun(fmt.Sprintf("shared-%d", i), 0.9)) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	runs, err := OpenRuns(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(runs.All()), (goroutines+1)*each; got != want {
		t.Errorf("history holds %d runs, want %d: %q", got, want, activations(runs.All()))
	}
}

func TestRunsConcurrentProcessesLoseNothing(t *testing.T) {
	const processes, each = 3, 10
	path := filepath.Join(t.TempDir(), "02-runs.json")
	cmds := make([]*exec.Cmd, processes)
	for p := range cmds {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), cellEnv+"=runs-writer", runsPathEnv+"="+path,
			runsCountEnv+"="+strconv.Itoa(each), runsNameEnv+"="+fmt.Sprint("p", p))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[p] = cmd
	}
	runs, err := OpenRuns(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range each { // this process writes too
		if err := runs.Add(testRun(fmt.Sprint("main-", i), 0.9)); err != nil {
			t.Fatal(err)
		}
	}
	for p, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("writer %d: %v", p, err)
		}
	}
	all, err := runs.reload()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for p := range processes {
		for i := range each {
			want = append(want, fmt.Sprintf("p%d-%d", p, i))
		}
	}
	for i := range each {
		want = append(want, fmt.Sprint("main-", i))
	}
	got := activations(all)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("history holds %d runs %q, want the %d of %d writers", len(got), got, len(want), processes+1)
	}
}

func TestRunsLockOfAKilledProgramIsReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "02-runs.json")
	runs, err := OpenRuns(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), cellEnv+"=runs-lock-holder", runsPathEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line := make([]byte, len("locked\n"))
	if _, err := io.ReadFull(out, line); err != nil || !strings.HasPrefix(string(line), "locked") {
		t.Fatalf("lock holder said %q (%v)", line, err)
	}
	done := make(chan error, 1)
	go func() { done <- runs.Add(testRun("relu", 0.9)) }()
	select {
	case err := <-done:
		t.Fatalf("Add returned (%v) while another program held the lock", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := cmd.Process.Kill(); err != nil { // as GoNB kills a cell 5 s after an interrupt
		t.Fatal(err)
	}
	_ = cmd.Wait()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Add still waits 10 s after the program holding the lock was killed")
	}
	if len(runs.All()) != 1 {
		t.Errorf("history holds %d runs, want 1", len(runs.All()))
	}
}
