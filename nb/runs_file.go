package nb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/dlgo/hello/internal/atomicfile"
)

// The runs file is a JSON object that says what it is, so that another JSON file of the same
// name is recognised and set aside rather than taken for an empty history:
//
//	{"format": "github.com/dlgo/hello/nb runs", "version": 1, "runs": [{...}, ...]}
//
// Runs are kept oldest first.
const (
	runsFormat  = "github.com/dlgo/hello/nb runs"
	runsVersion = 1
)

// runsFile is the content of the file.
type runsFile struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Runs    []*Run `json:"runs"`
}

// runsFileHead is what a reader checks before the runs.
type runsFileHead struct {
	Format  *string `json:"format"`
	Version int     `json:"version"`
}

// update runs change on the runs in the file, under the file's lock, and writes what it returns
// when it reports a change. A missing file holds no runs; a corrupt or foreign one is set aside
// first (see setAside). It returns the runs now in the file.
func (r *Runs) update(change func(runs []*Run) ([]*Run, bool, error)) ([]*Run, error) {
	unlock, err := lockFile(r.path)
	if err != nil {
		return nil, fmt.Errorf("nb: runs history %s: %w", r.name, err)
	}
	defer unlock()
	runs, err := r.read()
	if err != nil {
		return nil, err
	}
	if change == nil {
		return runs, nil
	}
	runs, changed, err := change(runs)
	if err != nil || !changed {
		return runs, err
	}
	return runs, r.write(runs)
}

// read returns the runs in the file. The caller holds the lock.
func (r *Runs) read() ([]*Run, error) {
	data, err := os.ReadFile(r.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("nb: runs history: %w", err)
	case len(bytes.TrimSpace(data)) == 0:
		return nil, nil // an empty file holds nothing to keep
	}
	var head runsFileHead
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, r.setAside("corrupt", fmt.Sprintf("is not valid JSON (%v)", err))
	}
	switch {
	case head.Format == nil || *head.Format != runsFormat:
		return nil, r.setAside("foreign", fmt.Sprintf("is JSON of another kind (no \"format\": %q)", runsFormat))
	case head.Version > runsVersion:
		return nil, fmt.Errorf("nb: runs history %s was written by a newer version of package nb (format version %d; this one reads %d): update the module, or open another file",
			r.name, head.Version, runsVersion)
	case head.Version < 1:
		return nil, r.setAside("corrupt", fmt.Sprintf("has format version %d", head.Version))
	}
	var file runsFile
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, r.setAside("corrupt", fmt.Sprintf("does not hold runs (%v)", err))
	}
	runs := file.Runs[:0]
	for _, run := range file.Runs {
		if run != nil {
			runs = append(runs, run)
		}
	}
	return runs, nil
}

// setAside renames the file to "<name>.<why>-<time>", tells so on the cell's standard error in
// one line, and returns nil: the history starts again empty, and nothing is lost. When it cannot
// rename the file it returns an error, and the file stays.
func (r *Runs) setAside(why, what string) error {
	stamp := time.Now().Format("20060102-150405")
	aside := fmt.Sprintf("%s.%s-%s", r.path, why, stamp)
	for i := 2; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
			break
		}
		aside = fmt.Sprintf("%s.%s-%s-%d", r.path, why, stamp, i)
	}
	if err := os.Rename(r.path, aside); err != nil {
		return fmt.Errorf("nb: runs history %s %s, and cannot be set aside: %w; move it away to start a new history", r.name, what, err)
	}
	shown := r.name + aside[len(r.path):]
	fmt.Fprintf(stderr, "nb: %s %s: set aside as %s; a new history starts\n", r.name, what, shown)
	return nil
}

// write replaces the file's content with runs, atomically. The caller holds the lock.
func (r *Runs) write(runs []*Run) error {
	if runs == nil {
		runs = []*Run{}
	}
	data, err := json.MarshalIndent(runsFile{Format: runsFormat, Version: runsVersion, Runs: runs}, "", " ")
	if err != nil {
		return fmt.Errorf("nb: runs history %s: %w", r.name, err)
	}
	if err := atomicfile.WriteFile(r.path, append(data, '\n')); err != nil {
		return fmt.Errorf("nb: runs history: %w", err)
	}
	return nil
}
