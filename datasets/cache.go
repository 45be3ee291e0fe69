package datasets

import (
	"os"
	"path/filepath"

	"github.com/dlgo/hello/internal/atomicfile"
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

// writeCacheFile stores data as dir/name, creating dir if needed, so that
// readers see either no file or the complete data, never a part (see
// atomicfile.WriteFile). Several processes may do so at once; the last
// rename wins, which is fine since they write the same bytes.
func writeCacheFile(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, name), data)
}
