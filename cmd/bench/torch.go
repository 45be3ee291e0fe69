package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dlgo/hello/datasets"
)

//go:embed torch_mlp.py
var torchScript []byte

// startedMarker is the line torch_mlp.py writes on stderr just before its "ready" line: by then
// OpenBLAS, which loads with torch, has printed its "Core:" line.
const startedMarker = "torch_mlp.py: started"

// torchProc is the PyTorch script running as a subprocess, one epoch per request.
type torchProc struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	out     *bufio.Scanner
	version string
	kernel  string // the OpenBLAS kernels the process uses, "" when unknown
	startup time.Duration
	spec    peerSpec
	name    string
	dir     string
	stderr  *stderrWatch
}

func startTorch(python string, train *datasets.Set, threads int, env []string) (*torchProc, error) {
	start := time.Now()
	dir, err := os.MkdirTemp("", "bench-torch-")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"torch_mlp.py": torchScript, "images.u8": train.Images, "labels.u8": train.Labels}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	cmd := exec.Command(python, filepath.Join(dir, "torch_mlp.py"), filepath.Join(dir, "images.u8"),
		filepath.Join(dir, "labels.u8"), strconv.Itoa(threads), "1")
	cmd.Env = env
	in, err := cmd.StdinPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	watch := newStderrWatch(os.Stderr)
	cmd.Stderr = watch
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%w (install PyTorch: apt-get install python3-torch)", err)
	}
	t := &torchProc{cmd: cmd, in: in, out: bufio.NewScanner(stdout), dir: dir, stderr: watch}
	t.out.Buffer(nil, 1<<20)
	line, err := t.read()
	if err != nil || !strings.HasPrefix(line, "ready torch ") {
		t.close()
		return nil, fmt.Errorf("PyTorch did not start (%q, %v); install it with: apt-get install python3-torch", line, err)
	}
	t.startup = time.Since(start)
	t.version, t.kernel = parseReady(line)
	if t.kernel == "" {
		t.kernel = t.stderr.core(5 * time.Second)
	}
	return t, nil
}

// parseReady reads torch_mlp.py's first line, "ready torch VERSION threads N openblas KERNELS",
// where KERNELS is what openblas_get_corename answered in that process ("unknown" when it found
// no OpenBLAS), and returns the version and the kernels ("" when unknown).
func parseReady(line string) (version, kernel string) {
	f := strings.Fields(line)
	if len(f) >= 3 {
		version = f[2]
	}
	for i := 3; i+1 < len(f); i++ {
		if f[i] == "openblas" && f[i+1] != "unknown" {
			kernel = f[i+1]
		}
	}
	return version, kernel
}

// stderrWatch passes a PyTorch process's stderr on, line by line, less OpenBLAS's "Core:" line
// before startedMarker, which it keeps. It is the process's Stderr, so that exec.Cmd.Wait waits
// for the copying to end.
type stderrWatch struct {
	w       io.Writer
	mu      sync.Mutex
	partial []byte
	kernel  string        // from the "Core:" line
	started chan struct{} // closed at startedMarker
	seen    bool          // startedMarker seen
}

func newStderrWatch(w io.Writer) *stderrWatch {
	return &stderrWatch{w: w, started: make(chan struct{})}
}

func (s *stderrWatch) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.partial = append(s.partial, p...)
	for {
		i := bytes.IndexByte(s.partial, '\n')
		if i < 0 {
			break
		}
		s.line(string(s.partial[:i]))
		s.partial = s.partial[i+1:]
	}
	return len(p), nil
}

func (s *stderrWatch) line(line string) {
	if !s.seen {
		if line == startedMarker {
			s.seen = true
			close(s.started)
			return
		}
		if k, ok := parseCoreLine(line); ok {
			s.kernel = k
			return
		}
		if name, ok := strings.CutPrefix(line, "Core not found: "); ok {
			fmt.Fprintf(s.w, "bench: OpenBLAS does not know %s=%s (%q); it picks kernels by the CPU's features instead\n", coreTypeEnv, name, line)
			return
		}
	}
	fmt.Fprintln(s.w, line)
}

// flush passes on a last line without a newline.
func (s *stderrWatch) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.partial) > 0 {
		fmt.Fprintln(s.w, string(s.partial))
		s.partial = nil
	}
}

// core returns the kernels from OpenBLAS's "Core:" line once the process has written
// startedMarker (waiting at most timeout), or "".
func (s *stderrWatch) core(timeout time.Duration) string {
	select {
	case <-s.started:
	case <-time.After(timeout):
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kernel
}

// check asks for the losses of a fresh model over the first n batches.
func (t *torchProc) check(n int) ([]float64, error) {
	if _, err := fmt.Fprintf(t.in, "check %d\n", n); err != nil {
		return nil, err
	}
	line, err := t.read()
	if err != nil {
		return nil, err
	}
	f := strings.Fields(line)
	if len(f) != n+1 || f[0] != "check" {
		return nil, errors.New("unexpected answer: " + line)
	}
	losses := make([]float64, n)
	for i, s := range f[1:] {
		if losses[i], err = strconv.ParseFloat(s, 64); err != nil {
			return nil, fmt.Errorf("unexpected answer %q: %w", line, err)
		}
	}
	return losses, nil
}

func (t *torchProc) read() (string, error) {
	if !t.out.Scan() {
		if err := t.out.Err(); err != nil {
			return "", err
		}
		return "", io.ErrUnexpectedEOF
	}
	return t.out.Text(), nil
}

// epoch trains one epoch and returns its seconds, timed inside the process (no start-up).
func (t *torchProc) epoch() (float64, float64, error) {
	if _, err := fmt.Fprintln(t.in, "epoch"); err != nil {
		return 0, 0, err
	}
	line, err := t.read()
	if err != nil {
		return 0, 0, err
	}
	f := strings.Fields(line)
	if len(f) != 4 || f[0] != "epoch" {
		return 0, 0, errors.New("unexpected answer: " + line)
	}
	secs, err1 := strconv.ParseFloat(f[1], 64)
	acc, err2 := strconv.ParseFloat(f[3], 64)
	return secs, acc, errors.Join(err1, err2)
}

func (t *torchProc) close() {
	fmt.Fprintln(t.in, "quit")
	t.in.Close()
	_ = t.cmd.Wait()
	t.stderr.flush()
	os.RemoveAll(t.dir)
}
