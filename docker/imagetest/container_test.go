package imagetest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// containerPrefix begins the names of the buildah containers of these tests; build.sh removes those an
// interrupted run left.
const containerPrefix = "dlgo-imagetest-"

// imageConfig is the part of the image's configuration that says how `docker run` runs it.
type imageConfig struct {
	User        string
	Env         []string
	Entrypoint  []string
	Cmd         []string
	WorkingDir  string
	Healthcheck *struct{ Test []string }
}

var (
	// imageName is the image under test (DLGO_TEST_IMAGE).
	imageName string
	// image is its configuration.
	image imageConfig

	// summary collects the figures printed at the end of the run.
	summaryMu sync.Mutex
	summary   []string
)

func TestMain(m *testing.M) {
	if err := setup(); err != nil {
		fmt.Fprintln(os.Stderr, "imagetest:", err)
		os.Exit(2)
	}
	code := m.Run()
	// The build's figures (build.sh writes them) and the tests', together at the end of the output.
	if file := os.Getenv("DLGO_TEST_SUMMARY"); file != "" {
		if data, err := os.ReadFile(file); err == nil {
			fmt.Print(string(data))
		}
	}
	for _, line := range summary {
		fmt.Println("docker-test:", line)
	}
	os.Exit(code)
}

// setup reads the image's configuration, after checking what the tests need.
func setup() error {
	imageName = os.Getenv("DLGO_TEST_IMAGE")
	if imageName == "" {
		return errors.New("DLGO_TEST_IMAGE is not set: build the image with docker/imagetest/build.sh and name it " +
			"there, or run make docker-test, which does both")
	}
	if os.Geteuid() != 0 {
		return errors.New("run as root: the tests run the image with buildah as root (make docker-test does)")
	}
	if _, err := exec.LookPath("buildah"); err != nil {
		return errors.New("buildah not found: apt-get install buildah (make docker-test does)")
	}
	out, err := exec.Command("buildah", "inspect", "--type", "image", imageName).Output()
	if err != nil {
		return fmt.Errorf("buildah inspect %s: %v (build it with docker/imagetest/build.sh %s)", imageName, err, imageName)
	}
	var inspect struct {
		Docker struct {
			Config imageConfig `json:"config"`
		}
	}
	if err := json.Unmarshal(out, &inspect); err != nil {
		return fmt.Errorf("buildah inspect %s: %v", imageName, err)
	}
	image = inspect.Docker.Config
	if len(image.Entrypoint) == 0 {
		return fmt.Errorf("%s has no ENTRYPOINT (built with --format docker?)", imageName)
	}
	return nil
}

// report adds a line to the summary printed at the end.
func report(format string, args ...any) {
	summaryMu.Lock()
	defer summaryMu.Unlock()
	summary = append(summary, fmt.Sprintf(format, args...))
}

// imageEnv returns the value of name in the image's environment.
func imageEnv(t *testing.T, name string) string {
	t.Helper()
	for _, kv := range image.Env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	t.Fatalf("the image's environment has no %s", name)
	return ""
}

// launch returns what `docker run IMAGE args...` runs: the ENTRYPOINT, then args, or the CMD when there are none.
func launch(args ...string) []string {
	if len(args) == 0 {
		args = image.Cmd
	}
	return append(slices.Clone(image.Entrypoint), args...)
}

// container is a buildah container of the image: `docker create` here.
type container struct {
	name string
}

// newContainer creates a container of the image, removed when the test ends.
func newContainer(t *testing.T) *container {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	name := containerPrefix + hex.EncodeToString(b)
	if out, err := exec.Command("buildah", "from", "--pull-never", "--name", name, imageName).CombinedOutput(); err != nil {
		t.Fatalf("buildah from %s: %v\n%s", imageName, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("buildah", "rm", name).CombinedOutput(); err != nil {
			t.Errorf("buildah rm %s: %v\n%s", name, err, out)
		}
	})
	return &container{name: name}
}

// command returns a `buildah run` of args in c, as the image's user, in its working directory, with its
// environment and env (NAME=value) added, and volumes (HOST:PATH[:ro]) mounted: what `docker run -e ... -v ...`
// does, except that the container shares the host's network and process ids. So tini is not process 1, which
// reaps orphans: TINI_SUBREAPER=1 makes it reap them as it does there (and keeps it from warning that it cannot).
func (c *container) command(env, volumes []string, args ...string) *exec.Cmd {
	a := []string{"run", "--isolation", "chroot", "--env", "TINI_SUBREAPER=1"}
	for _, e := range env {
		a = append(a, "--env", e)
	}
	for _, v := range volumes {
		a = append(a, "--volume", v)
	}
	a = append(a, c.name, "--")
	return exec.Command("buildah", append(a, args...)...)
}

// run runs args in c (see command) and returns their output, stdout then stderr.
func (c *container) run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := c.command(nil, nil, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String() + containerOutput(stderr.String()), err
}

// imageUID returns the uid of the image's USER in the image's /etc/passwd; it fails the test when that is root.
func (c *container) imageUID(t *testing.T) int {
	t.Helper()
	if image.User == "" {
		t.Fatal("the image has no USER: it runs as root")
	}
	out, err := c.run(t, "id", "-u", strings.Split(image.User, ":")[0])
	if err != nil {
		t.Fatalf("id -u %s in the image: %v\n%s", image.User, err, out)
	}
	uid, err := strconv.Atoi(strings.TrimSpace(out))
	if err != nil {
		t.Fatalf("id -u %s in the image: %q", image.User, out)
	}
	if uid == 0 {
		t.Fatalf("the image's USER %s is root (uid 0)", image.User)
	}
	return uid
}

// rootfs returns the path of c's root file system on the host (buildah mount).
func (c *container) rootfs(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("buildah", "mount", c.name).Output()
	if err != nil {
		t.Fatalf("buildah mount %s: %v", c.name, err)
	}
	t.Cleanup(func() { exec.Command("buildah", "umount", c.name).Run() })
	return strings.TrimSpace(string(out))
}

// buildahLines are the lines buildah run itself adds to stderr when the command fails; docker run prints no such
// lines, so they are not the image's output.
var buildahLines = regexp.MustCompile(`(?m)^(subprocess exited (with status \d+|on \w+)|Error: exit status \d+)\n?`)

// containerOutput returns out without buildah's own lines.
func containerOutput(out string) string { return buildahLines.ReplaceAllString(out, "") }

// server is the image's ENTRYPOINT running in a container, its output collected as it comes.
type server struct {
	cmd  *exec.Cmd
	port int
	done chan struct{} // closed when it has exited; err is then set
	err  error

	mu  sync.Mutex
	out bytes.Buffer
}

func (s *server) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Write(p)
}

// output returns what the container printed so far, buildah's own lines left out.
func (s *server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return containerOutput(s.out.String())
}

// start runs the image's ENTRYPOINT and CMD in c, as `docker run` does, with JUPYTER_PORT=port and env (NAME=value)
// in its environment and volumes mounted. The test stops it at its end if it still runs.
func (c *container) start(t *testing.T, port int, env, volumes []string) *server {
	t.Helper()
	env = append([]string{"JUPYTER_PORT=" + strconv.Itoa(port)}, env...)
	s := &server{cmd: c.command(env, volumes, launch()...), port: port, done: make(chan struct{})}
	s.cmd.Stdout, s.cmd.Stderr = s, s
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("buildah run: %v", err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		if err := s.stop(time.Minute); err != nil {
			t.Errorf("stopping the container: %v", err)
		}
	})
	return s
}

// exited waits up to timeout for the container to end, and says whether it did.
func (s *server) exited(timeout time.Duration) bool {
	select {
	case <-s.done:
		return true
	case <-time.After(timeout):
		return false
	}
}

// boxRule is the top and bottom line of the box jupyter-url.sh prints the URL in.
var boxRule = regexp.MustCompile(`^(\x1b\[[0-9;]*m)?\+=+\+`)

// waitForBox returns the first box printed (its lines from rule to rule), or an error when the container exits or
// timeout passes first.
func (s *server) waitForBox(timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		var box []string
		for line := range strings.SplitSeq(s.output(), "\n") {
			switch {
			case box == nil && boxRule.MatchString(line):
				box = []string{line}
			case box != nil:
				box = append(box, line)
				if boxRule.MatchString(line) {
					return strings.Join(box, "\n"), nil
				}
			}
		}
		select {
		case <-s.done:
			return "", fmt.Errorf("the container exited (%v) before printing the URL box", s.err)
		default:
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("no URL box within %v", timeout)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// stop sends SIGTERM to the container's first process (tini, as docker stop does) and waits up to timeout for it
// to end; then it kills what is left.
func (s *server) stop(timeout time.Duration) error {
	select {
	case <-s.done:
		return nil
	default:
	}
	var init *process
	for _, p := range descendants(s.cmd.Process.Pid) {
		if p.comm == "tini" {
			init = &p
			break
		}
	}
	if init != nil {
		syscall.Kill(init.pid, syscall.SIGTERM)
		if s.exited(timeout) {
			return nil
		}
	}
	procs := descendants(s.cmd.Process.Pid)
	for _, p := range procs {
		syscall.Kill(p.pid, syscall.SIGKILL)
	}
	s.cmd.Process.Kill()
	<-s.done
	if init == nil {
		return fmt.Errorf("no tini among the container's processes %v; killed them", procs)
	}
	return fmt.Errorf("it did not end within %v of SIGTERM to tini; killed %d processes", timeout, len(procs))
}

// process is a process of the host as /proc shows it: the containers share the host's PID namespace.
type process struct {
	pid, ppid int
	comm      string
}

// processes returns the processes of the host.
func processes() []process {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var ps []process
	for _, d := range dirs {
		data, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses.
		lp, rp := bytes.IndexByte(data, '('), bytes.LastIndexByte(data, ')')
		if lp < 0 || rp < lp {
			continue
		}
		fields := strings.Fields(string(data[rp+1:]))
		if len(fields) < 2 {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(d))
		ppid, _ := strconv.Atoi(fields[1])
		ps = append(ps, process{pid: pid, ppid: ppid, comm: string(data[lp+1 : rp])})
	}
	return ps
}

// descendants returns the processes below pid, parents before children.
func descendants(pid int) []process {
	all := processes()
	var out []process
	parents := map[int]bool{pid: true}
	for changed := true; changed; {
		changed = false
		for _, p := range all {
			if parents[p.ppid] && !parents[p.pid] {
				parents[p.pid] = true
				out = append(out, p)
				changed = true
			}
		}
	}
	return out
}

// cmdline returns the command line of pid, its arguments separated by spaces.
func cmdline(pid int) string {
	data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return strings.TrimSpace(string(bytes.ReplaceAll(data, []byte{0}, []byte{' '})))
}

// uids returns the real, effective, saved and file-system uids of pid.
func uids(pid int) ([]int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "Uid:"); ok {
			var ids []int
			for _, f := range strings.Fields(rest) {
				id, err := strconv.Atoi(f)
				if err != nil {
					return nil, fmt.Errorf("/proc/%d/status: %q", pid, line)
				}
				ids = append(ids, id)
			}
			return ids, nil
		}
	}
	return nil, fmt.Errorf("/proc/%d/status has no Uid line", pid)
}

// freePort returns a TCP port that nothing listens on, on any address.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// randomToken returns 48 random hex digits.
func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
