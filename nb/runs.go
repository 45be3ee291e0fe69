package nb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/dlgo/hello/mlp"
)

// Runs is a notebook's history of training runs, kept in a small JSON file beside the notebook,
// so that a cell run again, or the kernel restarted, keeps what the earlier tries reached. Fit
// trains a model through it: it draws the live curves over the earlier runs, records the run
// however it ends (finished, stopped, diverged, failed) and shows the table of runs:
//
//	var runs = nb.Must(nb.OpenRuns("02-runs.json"))
//
//	%%
//	model := nb.Must(helloModel("relu"))
//	nb.Must(runs.Fit(model, nb.RunSettings{Scaled: true, Epochs: nb.Epochs(20), BatchSize: 100},
//		train.Scaled(), train.OneHot(), test.Scaled(), test.OneHot()))
//
// Every change re-reads the file and writes it atomically (internal/atomicfile) under a lock
// (the hidden file ".<name>.lock" beside it), so that two kernels, or two goroutines, writing
// the same history keep each other's runs. A file that is not a runs history (invalid JSON,
// another kind of JSON) is renamed aside with one line on the cell's standard error, never
// overwritten or deleted.
//
// The methods of a Runs may be called from several goroutines.
type Runs struct {
	path string // absolute
	name string // as given, for messages

	mu        sync.Mutex
	runs      []*Run // as last read or written, oldest first
	baselines []NamedHistory
}

// OpenRuns opens the runs history in the file at path, which need not exist yet: the first run
// recorded creates it. A relative path is relative to the notebook's folder (where GoNB runs
// cells). A corrupt or foreign file there is set aside (see Runs).
func OpenRuns(path string) (*Runs, error) {
	if path == "" {
		return nil, errors.New(`nb: OpenRuns: empty path; give the history's file, such as "02-runs.json"`)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("nb: OpenRuns: %w", err)
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return nil, fmt.Errorf("nb: OpenRuns: %s is a folder; give the history's file, such as %s", path, filepath.Join(path, "runs.json"))
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("nb: OpenRuns: %w", err)
	}
	if st, err := os.Stat(filepath.Dir(abs)); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("nb: OpenRuns: %s: the folder %s does not exist; create it first", path, filepath.Dir(path))
	}
	r := &Runs{path: abs, name: path}
	if _, err := r.reload(); err != nil {
		return nil, err
	}
	return r, nil
}

// Path returns the absolute path of the history's file.
func (r *Runs) Path() string { return r.path }

// All returns the runs of the history, oldest first, as last read from or written to the file
// (by OpenRuns, Fit, Add or Clear): runs that another program recorded since are not in it.
func (r *Runs) All() []*Run {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.runs)
}

// Add records run at the end of the history: the file is read again, so that runs other
// programs recorded are kept, and written with run added. A run without an ID or a start time
// gets them. Adding a run whose ID the history holds replaces that run (Fit so records the test
// score after the run).
func (r *Runs) Add(run *Run) error {
	if run == nil {
		return errors.New("nb: Runs.Add: nil run")
	}
	if run.ID == "" {
		run.ID = newRunID()
	}
	if run.Start.IsZero() {
		run.Start = time.Now()
	}
	run.keepFinite()
	_, err := r.change(func(runs []*Run) ([]*Run, bool, error) {
		copied := *run
		if i := slices.IndexFunc(runs, func(x *Run) bool { return x.ID == run.ID }); i >= 0 {
			runs[i] = &copied
		} else {
			runs = append(runs, &copied)
		}
		return runs, true, nil
	})
	return err
}

// Clear empties the history. The runs it held are kept in the file "<name>.bak" beside it
// (replacing the one the previous Clear left), and one line says how many. A notebook clears it
// with one line:
//
//	nb.Check(runs.Clear())
func (r *Runs) Clear() error {
	backup := r.path + ".bak"
	var cleared int
	_, err := r.change(func(runs []*Run) ([]*Run, bool, error) {
		if cleared = len(runs); cleared == 0 {
			return nil, false, nil
		}
		if err := os.Rename(r.path, backup); err != nil {
			return runs, false, fmt.Errorf("nb: Runs.Clear: cannot keep the runs in %s: %w", backup, err)
		}
		return nil, true, nil
	})
	if err != nil {
		return err
	}
	if cleared == 0 {
		fmt.Printf("%s holds no runs\n", r.name)
	} else {
		fmt.Printf("cleared %s (%s, kept in %s until the next Clear)\n", r.name, count(cleared, "run"), r.name+".bak")
	}
	return nil
}

// Baseline adds a run trained elsewhere, such as the model of another notebook, to the curves
// that Fit draws, under name; it is not recorded in the history, and only this Runs draws it:
//
//	runs.Baseline("sigmoid raw, 01-hello-world", nb.Must(mlp.Load("hello-world.model")).History())
func (r *Runs) Baseline(name string, history *mlp.History) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.baselines = append(r.baselines, NamedHistory{Name: name, History: history})
}

// reload reads the file again.
func (r *Runs) reload() ([]*Run, error) { return r.change(nil) }

// change runs fn on the runs in the file (see update) and keeps the result as the runs last
// seen.
func (r *Runs) change(fn func(runs []*Run) ([]*Run, bool, error)) ([]*Run, error) {
	runs, err := r.update(fn)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs = runs
	return slices.Clone(runs), nil
}
