// Package atomicfile writes a file so that readers see either its old
// content or the new one, never a part: the data goes to a temporary file
// in the same directory, is flushed to disk, and is renamed over the target.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// StaleAfter is how long a temporary file of a target must have gone
// unmodified before WriteFile takes it for the leftover of an interrupted
// write and removes it. A write in progress modifies its file continuously
// and renames it within moments of the last write.
const StaleAfter = time.Minute

// tempInfix separates the target's name from the random part in the name of
// a temporary file: ".name.tmp-1a2b3c4d5e6f".
const tempInfix = ".tmp-"

// WriteFile writes data to the file path, atomically: a crash, a kill or a
// full disk leaves either the earlier file or the complete new one, and no
// temporary file. The file's mode is 0666 less the umask, as with
// os.Create. Temporary files of path left by an interrupted earlier write
// (".name.tmp-*" in the same directory, unmodified for StaleAfter) are
// removed.
//
// Several processes may write the same path at once: the last rename wins.
func WriteFile(path string, data []byte) (err error) {
	dir, base, err := split(path)
	if err != nil {
		return err
	}
	removeStale(dir, base, time.Now().Add(-StaleAfter))
	f, err := createTemp(dir, base)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// split checks that path can name a file to write and returns its directory
// and base name.
func split(path string) (dir, base string, err error) {
	if path == "" {
		return "", "", errors.New(`empty file path: give the name of the file to write, such as "out.bin"`)
	}
	base = filepath.Base(path)
	if strings.HasSuffix(path, string(filepath.Separator)) || base == "." || base == ".." || base == string(filepath.Separator) {
		return "", "", fmt.Errorf("%s is a directory, not a file: give the path of a file, such as %s", path, filepath.Join(path, "out.bin"))
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return "", "", fmt.Errorf("%s is a directory, not a file: give the path of a file, such as %s", path, filepath.Join(path, "out.bin"))
	}
	dir = filepath.Dir(path)
	switch st, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return "", "", fmt.Errorf("cannot write %s: directory %s does not exist; create it first", path, dir)
	case err != nil:
		return "", "", fmt.Errorf("cannot write %s: %w", path, err)
	case !st.IsDir():
		return "", "", fmt.Errorf("cannot write %s: %s is not a directory", path, dir)
	}
	return dir, base, nil
}

// createTemp creates a new temporary file for base in dir, with mode 0666
// less the umask (os.CreateTemp would give 0600).
func createTemp(dir, base string) (*os.File, error) {
	for range 100 {
		var random [6]byte
		_, _ = rand.Read(random[:])
		name := filepath.Join(dir, "."+base+tempInfix+hex.EncodeToString(random[:]))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("cannot write in %s: %w", dir, err)
		}
		return f, nil
	}
	return nil, fmt.Errorf("cannot create a temporary file in %s: too many name collisions", dir)
}

// removeStale removes the temporary files of base in dir last modified
// before cutoff. It is best effort: a file it cannot remove is left alone.
func removeStale(dir, base string, cutoff time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + tempInfix
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !isHex(rest) || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil && info.ModTime().Before(cutoff) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// isHex reports whether s is a non-empty run of lower-case hexadecimal
// digits: the random part of a temporary file's name. Temporary files of
// the earlier os.CreateTemp naming (decimal digits) match too.
func isHex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// syncDir flushes the directory entry of a rename to disk, where the
// platform allows it. Failure only weakens durability, so it is ignored.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
