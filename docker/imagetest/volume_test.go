package imagetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// notebooksDir returns where the image's notebooks live, and the volume is mounted: the repository's notebooks/.
func notebooksDir(t *testing.T) string {
	return path.Join(imageEnv(t, "DLGO_HELLO_DIR"), "notebooks")
}

// shipped returns the notebooks as shipped in the image (DLGO_NOTEBOOKS), by path under that folder.
func (c *container) shipped(t *testing.T) map[string][]byte {
	t.Helper()
	root := filepath.Join(c.rootfs(t), imageEnv(t, "DLGO_NOTEBOOKS"))
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[rel], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatalf("the image's notebooks: %v", err)
	}
	if files["01-hello-world.ipynb"] == nil || files["02-activations.ipynb"] == nil {
		t.Fatalf("the image's notebooks (%s) lack 01-hello-world.ipynb or 02-activations.ipynb: %v",
			imageEnv(t, "DLGO_NOTEBOOKS"), slices.Sorted(maps.Keys(files)))
	}
	return files
}

// TestNotebooksVolume mounts an empty host folder on the notebooks, as `docker run -v` does: the image's notebooks
// are copied in; an edit saved through Jupyter survives a restart of the container, and a shipped notebook deleted
// from the folder comes back, as shipped.
func TestNotebooksVolume(t *testing.T) {
	c := newContainer(t)
	uid := c.imageUID(t)
	shipped := c.shipped(t)
	dir := t.TempDir()
	if err := os.Chown(dir, uid, uid); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	volume := []string{dir + ":" + notebooksDir(t)}
	token := randomToken()
	env := []string{"JUPYTER_TOKEN=" + token}
	marker := "edited by docker/imagetest " + randomToken()[:8]

	port := freePort(t)
	s := c.start(t, port, env, volume)
	if _, err := s.waitForBox(startTimeout); err != nil {
		t.Fatalf("first start: %v\n%s", err, tail(s.output(), 40))
	}
	for name, want := range shipped {
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !bytes.Equal(got, want) {
			t.Errorf("first start: %s in the volume: %v; want the image's copy", name, err)
		}
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	saveEdit(t, base, token, "notebooks/01-hello-world.ipynb", marker)
	if got, _ := os.ReadFile(filepath.Join(dir, "01-hello-world.ipynb")); !bytes.Contains(got, []byte(marker)) {
		t.Fatalf("the edit saved through Jupyter is not in the mounted folder")
	}
	if err := os.Remove(filepath.Join(dir, "02-activations.ipynb")); err != nil {
		t.Fatal(err)
	}
	if err := s.stop(time.Minute); err != nil {
		t.Fatalf("stopping the container: %v", err)
	}

	// docker restart: the same container, the same volume.
	port = freePort(t)
	s = c.start(t, port, env, volume)
	if _, err := s.waitForBox(startTimeout); err != nil {
		t.Fatalf("restart: %v\n%s", err, tail(s.output(), 40))
	}
	if got, err := os.ReadFile(filepath.Join(dir, "01-hello-world.ipynb")); err != nil || !bytes.Contains(got, []byte(marker)) {
		t.Errorf("restart: the edited 01-hello-world.ipynb lost its edit (%v)", err)
	}
	status, _, body := get(t, fmt.Sprintf("http://127.0.0.1:%d/api/contents/notebooks/01-hello-world.ipynb", port), token)
	if status != http.StatusOK || !strings.Contains(body, marker) {
		t.Errorf("restart: Jupyter serves 01-hello-world.ipynb without the edit (status %d)", status)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "02-activations.ipynb")); err != nil || !bytes.Equal(got, shipped["02-activations.ipynb"]) {
		t.Errorf("restart: the deleted 02-activations.ipynb did not come back as shipped (%v)", err)
	}
	if err := s.stop(time.Minute); err != nil {
		t.Fatalf("stopping the container: %v", err)
	}
}

// saveEdit adds a markdown cell holding marker to the notebook at nbPath, through Jupyter's contents API, as the
// browser saves a notebook.
func saveEdit(t *testing.T, base, token, nbPath, marker string) {
	t.Helper()
	status, _, body := get(t, base+"/api/contents/"+nbPath+"?content=1", token)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d\n%s", nbPath, status, body)
	}
	var model struct {
		Content map[string]any
	}
	if err := json.Unmarshal([]byte(body), &model); err != nil {
		t.Fatalf("GET %s: %v", nbPath, err)
	}
	cells, _ := model.Content["cells"].([]any)
	model.Content["cells"] = append(cells, map[string]any{
		"cell_type": "markdown", "id": "imagetest-edit", "metadata": map[string]any{}, "source": marker,
	})
	put, err := json.Marshal(map[string]any{"type": "notebook", "format": "json", "content": model.Content})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPut, base+"/api/contents/"+nbPath, bytes.NewReader(put))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "token "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("PUT %s: %v", nbPath, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		data, _ := io.ReadAll(resp.Body)
		t.Fatalf("PUT %s: %s\n%s", nbPath, resp.Status, data)
	}
}

// fileState is what a test must find unchanged in a folder: each file's mode, owner and content.
type fileState struct {
	mode     fs.FileMode
	uid, gid int
	content  string
}

// snapshot returns the state of every file and folder under dir, by relative path.
func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	files := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st := fileState{mode: info.Mode()}
		if sys, ok := info.Sys().(*syscall.Stat_t); ok {
			st.uid, st.gid = int(sys.Uid), int(sys.Gid)
		}
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			st.content = string(data)
		}
		rel, _ := filepath.Rel(dir, p)
		files[rel] = st
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestNotebooksMountNotWritable mounts, on the notebooks, a folder the image's user cannot write: read-only, or
// owned by another user. The container must end at once with one line that says what is wrong and what to do, and
// change nothing in the folder.
func TestNotebooksMountNotWritable(t *testing.T) {
	c := newContainer(t)
	uid := c.imageUID(t)
	for _, tc := range []struct {
		name     string
		owner    int
		readOnly bool
		want     string
	}{
		{name: "read-only", owner: uid, readOnly: true, want: "is read-only"},
		{name: "foreign-owned", owner: 4242, want: "belongs to uid 4242"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range map[string]string{
				"mine.ipynb":           `{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}` + "\n",
				"01-hello-world.ipynb": "the user's edited copy\n",
			} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				return os.Chown(p, tc.owner, tc.owner)
			}); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dir)
			volume := dir + ":" + notebooksDir(t)
			if tc.readOnly {
				volume += ":ro"
			}

			s := c.start(t, freePort(t), nil, []string{volume})
			if !s.exited(startTimeout) {
				t.Fatalf("still running %v after start:\n%s", startTimeout, tail(s.output(), 20))
			}
			if s.err == nil {
				t.Errorf("the container exited with status 0")
			}
			var lines []string
			for line := range strings.SplitSeq(s.output(), "\n") {
				if strings.TrimSpace(line) != "" {
					lines = append(lines, line)
				}
			}
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "entrypoint: "+notebooksDir(t)+" ") ||
				!strings.Contains(lines[0], tc.want) {
				t.Errorf("want one line \"entrypoint: %s ...%s...\", got:\n%s", notebooksDir(t), tc.want, strings.Join(lines, "\n"))
			} else {
				t.Logf("the line: %s", lines[0])
			}
			if after := snapshot(t, dir); !maps.Equal(before, after) {
				t.Errorf("the mounted folder changed:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}
