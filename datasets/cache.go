package datasets

import (
	"os"
	"path/filepath"
)

// cacheProject is the directory under the user cache that holds the data of
// this project.
const cacheProject = "dlgo-hello"

// cacheDirFor returns the cache directory for dataset d: the CacheDir option,
// else os.UserCacheDir()/dlgo-hello/<dataset>, else, when there is no user
// cache (no $HOME), a directory under os.TempDir().
func (c *config) cacheDirFor(d *dataset) string {
	if c.cacheDir != "" {
		return c.cacheDir
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return filepath.Join(os.TempDir(), cacheProject+"-cache", d.cacheSub)
	}
	return filepath.Join(base, cacheProject, d.cacheSub)
}

// writeFileAtomic stores data as dir/name so that readers see either no file
// or the complete data, never a part: it writes a temporary file in dir,
// flushes it to disk and renames it over name. Several processes may do so
// at once; the last rename wins, which is fine since they write the same
// bytes. The temporary file is removed on failure.
func writeFileAtomic(dir, name string, data []byte) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir flushes the directory entry of a rename to disk, where the
// platform allows it. Failure only weakens durability, so it is ignored.
func syncDir(dir string) {
	f, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = f.Sync()
	_ = f.Close()
}
