package jupyterlab

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dlgo/hello/e2e/jupytertest"
)

// TestJupyterLabCheckFindsBrokenOutputs shows the checks of TestJupyterLabNotebooks broken outputs in the page:
// saved ones, in notebooks written here and opened without a kernel, and ones a python3 kernel sends while the
// page runs its cells (an image that does not decode, a live display left in an unfinished state). It also checks
// that neither the page nor the server writes into the notebooks' folder.
func TestJupyterLabCheckFindsBrokenOutputs(t *testing.T) {
	env := newLabEnv(t)
	dir := t.TempDir()
	good := pngBase64(t)
	const brokenPNG = "bm90IGEgcG5n" // "not a png"
	table := "<table><tr><th>epoch</th><th>loss</th></tr><tr><td>1</td><td>0.08</td></tr></table>"
	writeNotebook(t, filepath.Join(dir, "good.ipynb"), "python3",
		markdownCell("# Saved outputs\n\n$$\\sigma(x) = \\frac{1}{1+e^{-x}}$$"),
		codeCell(1, "show()",
			displayData("image/png", good),
			displayData("text/html", table),
			displayData("text/html", "<pre>60000/60000 [==============================] - 3s 51us/step</pre>"),
			stream("stdout", "done\n")))
	writeNotebook(t, filepath.Join(dir, "broken.ipynb"), "python3",
		codeCell(1, "show()", displayData("image/png", brokenPNG)),
		codeCell(2, "progress()", displayData("text/html", "<pre> 1200/60000 [>.............................] - ETA: 1:02</pre>")),
		codeCell(3, "warn()", stream("stderr", "something went wrong\n")),
		codeCell(4, "fail()", map[string]any{"output_type": "error", "ename": "ERROR", "evalue": "failed",
			"traceback": []string{"panic: failed"}}),
		codeCell(0, "never_run()"))
	// Run by the page: the first display is updated to its final state, the second is not; one image is broken.
	writeNotebook(t, filepath.Join(dir, "live.ipynb"), "python3",
		codeCell(0, "from IPython.display import display\n"+
			"h = display({'text/html': '<pre>1/2 [>....] - ETA: 1s</pre>'}, raw=True, display_id=True)\n"+
			"h.update({'text/html': '<pre>2/2 [=====] - 1s</pre>'}, raw=True)\n"+
			"display({'text/html': '<pre>1/2 [>....] - ETA: 1s</pre>'}, raw=True, display_id=True)"),
		codeCell(0, "display({'image/png': '"+good+"'}, raw=True)\n"+
			"display({'image/png': '"+brokenPNG+"'}, raw=True)"))

	before := readFiles(t, dir)
	var srv *labServer
	t.Cleanup(func() {
		// The page never saves a notebook, and the server keeps its checkpoints elsewhere.
		if after := readFiles(t, dir); !maps.Equal(before, after) {
			var w jupytertest.Witnesses
			if srv != nil {
				w.Server = srv.Server
			}
			t.Error(jupytertest.Diagnose(fmt.Errorf("the notebooks' folder to stay as it was: %v before, %v after",
				slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after))), w))
		}
	})
	srv = env.startServer(t, dir)
	b := newBrowser(t, env.chromium, 1280, 1600)
	show := func(t *testing.T, name string, kernel bool) *summary {
		t.Helper()
		if _, err := b.open(srv.pageURL(name, kernel)); err != nil {
			t.Fatal(b.diagnose(err, srv))
		}
		if kernel {
			if _, err := b.runAll(2 * time.Minute); err != nil {
				t.Fatal(b.diagnose(err, srv))
			}
		}
		s, err := b.summary()
		if err != nil {
			t.Fatal(b.diagnose(err, srv))
		}
		if errs := b.takeErrors(); len(errs) > 0 {
			t.Error(b.diagnose(fmt.Errorf("no errors in the browser's console; it shows:\n%s",
				strings.Join(errs, "\n")), srv))
		}
		return s
	}
	// expectProblems fails unless problems holds, for each of want, one problem that contains it, and no other.
	expectProblems := func(t *testing.T, problems []string, want ...string) {
		t.Helper()
		var wrong []string
		for _, w := range want {
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, w) }) {
				wrong = append(wrong, fmt.Sprintf("no problem reported that contains %q", w))
			}
		}
		if len(problems) != len(want) {
			wrong = append(wrong, fmt.Sprintf("%d problems, want %d", len(problems), len(want)))
		}
		if len(wrong) > 0 {
			t.Error(b.diagnose(fmt.Errorf("the checks to find exactly the broken outputs: %s; they found:\n%s",
				strings.Join(wrong, "; "), strings.Join(problems, "\n")), srv))
		}
	}
	// The kernel stops once its notebook has been checked: a report of a failure reads the page as it ran.
	shutdown := func(t *testing.T) {
		if _, err := await[chromedp.Void](b, time.Minute, `window.labTest.shutdown()`); err != nil {
			t.Logf("shutting down the kernel: %v", err)
		}
	}

	t.Run("good", func(t *testing.T) {
		s := show(t, "good.ipynb", false)
		expectProblems(t, s.problems(expected{ran: true, images: 1, tables: 1, progress: true, texts: []string{"done"}}))
	})
	t.Run("wanting more", func(t *testing.T) {
		s := show(t, "good.ipynb", false)
		expectProblems(t, s.problems(expected{images: 2, tables: 2, texts: []string{"Accuracy"}}),
			"1 images rendered, want 2", "1 tables rendered, want 2", `does not show "Accuracy"`)
	})
	t.Run("broken", func(t *testing.T) {
		s := show(t, "broken.ipynb", false)
		expectProblems(t, s.problems(expected{ran: true, progress: true}),
			"cell 1 (code): shows an image that does not render",
			"cell 2 (code): shows a progress line that did not reach its end",
			"cell 3 (code): shows an error or stderr output",
			"cell 4 (code): shows an error or stderr output",
			"cell 5 (code): did not run")
	})
	t.Run("python3 kernel", func(t *testing.T) {
		if !slices.Contains(srv.kernelspecs(t), "python3") {
			jupytertest.Missing(t, "jupyter_server has no python3 kernel (apt-get install python3-ipykernel)")
		}
		s := show(t, "live.ipynb", true)
		expectProblems(t, s.problems(expected{ran: true, images: 2, progress: true}),
			"cell 1 (code): shows a progress line that did not reach its end",
			"cell 2 (code): shows an image that does not render")
		shutdown(t)
	})
}

// readFiles returns the contents of the files and folders in dir, by name (folders as "").
func readFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		files[e.Name()] = ""
		if !e.IsDir() {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[e.Name()] = string(data)
		}
	}
	return files
}

// pngBase64 returns a small valid PNG, base64-encoded as in a notebook.
func pngBase64(t *testing.T) string {
	img := image.NewGray(image.Rect(0, 0, 8, 6))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 5)
	}
	img.SetGray(0, 0, color.Gray{Y: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func markdownCell(source string) map[string]any {
	return map[string]any{"cell_type": "markdown", "metadata": map[string]any{}, "source": source}
}

// codeCell returns a code cell; count 0 means never run.
func codeCell(count int, source string, outputs ...map[string]any) map[string]any {
	var c any
	if count > 0 {
		c = count
	}
	if outputs == nil {
		outputs = []map[string]any{}
	}
	return map[string]any{"cell_type": "code", "execution_count": c, "metadata": map[string]any{},
		"source": source, "outputs": outputs}
}

func displayData(mime, data string) map[string]any {
	return map[string]any{"output_type": "display_data", "metadata": map[string]any{},
		"data": map[string]any{mime: data}}
}

func stream(name, text string) map[string]any {
	return map[string]any{"output_type": "stream", "name": name, "text": text}
}

// writeNotebook writes an nbformat 4 notebook for the kernel with the cells.
func writeNotebook(t *testing.T, path, kernel string, cells ...map[string]any) {
	t.Helper()
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5, "cells": cells,
		"metadata": map[string]any{"kernelspec": map[string]any{"name": kernel, "display_name": kernel}},
	}
	for i, c := range cells {
		c["id"] = "cell-" + string(rune('a'+i))
	}
	data, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
