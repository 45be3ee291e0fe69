package jupytertest

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// GoNBKernel copies the gonb kernelspec of kernelDir (a folder with kernel.json, as docker/install-gonb.sh writes
// it) into a fresh Jupyter data folder, with GoNB's log (its -extra_log and -log_file arguments, GONB_LOG of
// install-gonb.sh) sent to a file of the test's own. It returns the data folder, to put first on JUPYTER_PATH
// (Jupyter finds a kernel there before its other folders), and the log's path, for Diagnose.
func GoNBKernel(t testing.TB, kernelDir string) (jupyterPath, logFile string) {
	t.Helper()
	jupyterPath, logFile = t.TempDir(), filepath.Join(t.TempDir(), "gonb.log")
	if err := copyGoNBKernel(kernelDir, filepath.Join(jupyterPath, "kernels", "gonb"), logFile); err != nil {
		t.Fatalf("the GoNB kernelspec with a log of this test's own: %v", err)
	}
	return jupyterPath, logFile
}

// copyGoNBKernel copies the files of the kernelspec in from into the folder to, its kernel.json with GoNB's log
// arguments set to logFile.
func copyGoNBKernel(from, to, logFile string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if e.Name() == "kernel.json" {
			if data, err = withLogFile(data, logFile); err != nil {
				return fmt.Errorf("%s: %w", filepath.Join(from, e.Name()), err)
			}
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// withLogFile returns the kernelspec spec (kernel.json) with GoNB's log sent to logFile alone: -extra_log and
// -log_file replaced or added, -logtostderr=false.
func withLogFile(spec []byte, logFile string) ([]byte, error) {
	var k map[string]any
	if err := json.Unmarshal(spec, &k); err != nil {
		return nil, err
	}
	raw, ok := k["argv"].([]any)
	if !ok || len(raw) == 0 {
		return nil, fmt.Errorf("no argv")
	}
	var argv []any
	for _, a := range raw {
		s, _ := a.(string)
		name, _, _ := strings.Cut(s, "=")
		if name != "-extra_log" && name != "-log_file" && name != "-logtostderr" {
			argv = append(argv, a)
		}
	}
	k["argv"] = append(argv, "-logtostderr=false", "-extra_log="+logFile, "-log_file="+logFile)
	return json.MarshalIndent(k, "", " ")
}

// tailBytes is how much of the end of a file FileTail reads: logs grow large, their end is what tells.
const tailBytes = 64 << 10

// FileTail returns the last n lines of the file at path (of its last 64 KiB), or says why it cannot.
func FileTail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(cannot read it: %v)", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Sprintf("(cannot read it: %v)", err)
	}
	start := max(0, info.Size()-tailBytes)
	data, err := io.ReadAll(io.NewSectionReader(f, start, info.Size()-start))
	if err != nil {
		return fmt.Sprintf("(cannot read it: %v)", err)
	}
	s := string(data)
	if start > 0 {
		_, s, _ = strings.Cut(s, "\n") // a partial first line
		s = "...\n" + s
	}
	if strings.TrimSpace(s) == "" {
		return "(empty)"
	}
	return Tail(s, n)
}
