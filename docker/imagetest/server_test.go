package imagetest

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startTimeout bounds the time from `docker run` to the URL box: seconds, minutes on a busy machine.
const startTimeout = 3 * time.Minute

// TestServer runs the image as `docker run` does, without JUPYTER_TOKEN, and checks what a user meets: the URL
// box printed last, once the server answers, with a token the server requires; the image's HEALTHCHECK; the
// server's user; no token on any command line; GoNB as the notebooks' kernel. Then it stops the container as
// docker stop does, and the HEALTHCHECK fails.
func TestServer(t *testing.T) {
	c := newContainer(t)
	port := freePort(t)
	s := c.start(t, port, nil, nil)
	box, err := s.waitForBox(startTimeout)
	if err != nil {
		t.Fatalf("%v; the container printed:\n%s", err, tail(s.output(), 40))
	}
	// Read before anything else talks to the server, which then logs.
	time.Sleep(time.Second)
	out := s.output()

	urlPattern := regexp.MustCompile(`http://127\.0\.0\.1:` + strconv.Itoa(port) +
		`(/lab/tree/notebooks|/tree/notebooks)\?token=([0-9a-f]{48})\b`)
	m := urlPattern.FindStringSubmatch(box)
	if m == nil {
		t.Fatalf("the box holds no URL matching %s:\n%s", urlPattern, box)
	}
	url, urlPath, token := m[0], m[1], m[2]
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	t.Logf("the box:\n%s", box)

	t.Run("url box last", func(t *testing.T) {
		if !strings.HasSuffix(strings.TrimRight(out, "\n "), strings.TrimRight(box, "\n ")) {
			t.Errorf("the box is not the last thing printed; the output ends with:\n%s", tail(out, 15))
		}
		started := strings.Index(out, "is running at")
		if started < 0 || started > strings.Index(out, box) {
			t.Errorf("the box does not come after the server's start banner (\"is running at\"):\n%s", tail(out, 30))
		}
	})

	t.Run("token", func(t *testing.T) {
		if status, _, _ := get(t, url, ""); status != http.StatusOK {
			t.Errorf("GET the printed URL: status %d, want 200", status)
		}
		if status, _, _ := get(t, base+"/api/status", token); status != http.StatusOK {
			t.Errorf("/api/status with the token: status %d, want 200", status)
		}
		for _, tc := range []struct{ name, token string }{{"no token", ""}, {"a wrong token", randomToken()}} {
			logged := len(s.output())
			if status, _, _ := get(t, base+"/api/status", tc.token); status != http.StatusForbidden {
				t.Errorf("/api/status with %s: status %d, want 403", tc.name, status)
			}
			page := base + urlPath
			if tc.token != "" {
				page += "?token=" + tc.token
			}
			status, path, body := get(t, page, "")
			if status != http.StatusForbidden && (status != http.StatusOK || path != "/login") {
				t.Errorf("%s with %s: status %d at %s, want 403 or the login page", urlPath, tc.name, status, path)
			}
			// What the user sees in the browser: the login page asks for the token (Jupyter Notebook and
			// Jupyter Server both say "Password or token").
			if status == http.StatusOK && !strings.Contains(body, "Password or token") {
				t.Errorf("%s with %s: the login page does not ask for the token:\n%s", urlPath, tc.name, body)
			}
			// What the server's log says.
			time.Sleep(500 * time.Millisecond)
			if !strings.Contains(s.output()[logged:], "403 GET /api/status") {
				t.Errorf("the server's log has no line for the refused request with %s:\n%s", tc.name, s.output()[logged:])
			}
		}
	})

	t.Run("healthcheck", func(t *testing.T) {
		if out, err := healthcheck(t, c, port); err != nil {
			t.Errorf("the HEALTHCHECK fails while the server runs: %v\n%s", err, out)
		}
	})

	t.Run("user", func(t *testing.T) {
		uid := c.imageUID(t)
		var found bool
		for _, p := range descendants(s.cmd.Process.Pid) {
			line := cmdline(p.pid)
			if !strings.Contains(line, "jupyter") || !strings.Contains(line, "--port="+strconv.Itoa(port)) {
				continue
			}
			found = true
			ids, err := uids(p.pid)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				if id != uid {
					t.Errorf("the server (%s) runs with uids %v, want %d (%s, the image's USER)", line, ids, uid, image.User)
					break
				}
			}
			t.Logf("the server runs as uid %d (%s): %s", uid, image.User, line)
		}
		if !found {
			t.Errorf("no jupyter process with --port=%d among the container's processes %v", port, descendants(s.cmd.Process.Pid))
		}
	})

	t.Run("token off command lines", func(t *testing.T) {
		files, _ := filepath.Glob("/proc/[0-9]*/cmdline")
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err == nil && strings.Contains(string(data), token) {
				t.Errorf("the token is on the command line of %s: %q", filepath.Dir(f), data)
			}
		}
	})

	t.Run("kernel", func(t *testing.T) {
		status, _, body := get(t, base+"/api/kernelspecs", token)
		if status != http.StatusOK {
			t.Fatalf("/api/kernelspecs: status %d", status)
		}
		var specs struct {
			Default     string
			Kernelspecs map[string]struct {
				Spec struct {
					Argv     []string
					Language string
				}
			}
		}
		if err := json.Unmarshal([]byte(body), &specs); err != nil {
			t.Fatalf("/api/kernelspecs: %v\n%s", err, body)
		}
		gonb, ok := specs.Kernelspecs["gonb"]
		if !ok || gonb.Spec.Language != "go" || len(gonb.Spec.Argv) == 0 || filepath.Base(gonb.Spec.Argv[0]) != "gonb" {
			t.Errorf("no GoNB kernel (gonb, language go, argv[0] gonb) among the server's kernels:\n%s", body)
		}
		if specs.Default != "gonb" {
			t.Errorf("the default kernel is %q, want gonb", specs.Default)
		}
	})

	if err := s.stop(time.Minute); err != nil {
		t.Fatalf("stopping the container as docker stop does (SIGTERM to tini): %v\n%s", err, tail(s.output(), 20))
	}
	t.Run("healthcheck after stop", func(t *testing.T) {
		if out, err := healthcheck(t, c, port); err == nil {
			t.Errorf("the HEALTHCHECK passes with no server running:\n%s", out)
		}
	})
}

// healthcheck runs the image's HEALTHCHECK command in c, as Docker does, for a server on port.
func healthcheck(t *testing.T, c *container, port int) (string, error) {
	t.Helper()
	if image.Healthcheck == nil || len(image.Healthcheck.Test) < 2 {
		t.Fatalf("the image has no HEALTHCHECK command (built with --format docker?): %v", image.Healthcheck)
	}
	var args []string
	switch test := image.Healthcheck.Test; test[0] {
	case "CMD":
		args = test[1:]
	case "CMD-SHELL":
		args = []string{"/bin/sh", "-c", test[1]}
	default:
		t.Fatalf("HEALTHCHECK %q: want CMD or CMD-SHELL", test)
	}
	cmd := c.command([]string{"JUPYTER_PORT=" + strconv.Itoa(port)}, nil, args...)
	out, err := cmd.CombinedOutput()
	return containerOutput(string(out)), err
}

// TestPortInUse starts the image with its port taken by another server on the host's network: it must end with a
// line that names the port, and print no URL.
func TestPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	c := newContainer(t)
	s := c.start(t, port, nil, nil)
	if !s.exited(startTimeout) {
		t.Fatalf("still running %v after start with port %d taken:\n%s", startTimeout, port, tail(s.output(), 20))
	}
	out := s.output()
	want := fmt.Sprintf("port %d is not available", port)
	if !strings.Contains(out, want) {
		t.Errorf("no line says %q:\n%s", want, tail(out, 20))
	}
	if s.err == nil {
		t.Errorf("the container exited with status 0")
	}
	if slices.ContainsFunc(strings.Split(out, "\n"), boxRule.MatchString) {
		t.Errorf("a URL box was printed although the server did not start:\n%s", tail(out, 20))
	}
	for line := range strings.SplitSeq(out, "\n") {
		if strings.Contains(line, want) {
			t.Logf("the line: %s", line)
		}
	}
}

// get asks url, with token in an Authorization header when it is not empty, following redirects; it returns the
// final response's status, path and body.
func get(t *testing.T, url, token string) (status int, path, body string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "token "+token)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, resp.Request.URL.Path, string(data)
}
