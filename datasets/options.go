package datasets

import (
	"io"
	"os"
)

// Option configures where LoadMNIST and LoadFashionMNIST look for files.
type Option func(*config)

// config collects the options of one load.
type config struct {
	dir        string   // explicit directory; "" means the dataset's environment variable
	dirSet     bool     // Dir was given, even if empty
	cacheDir   string   // "" means the user cache
	mirrors    []string // nil means the dataset's public mirrors
	mirrorsSet bool
	offline    bool
	noGoModule bool
	progress   io.Writer
}

// newConfig applies opts over the defaults.
func newConfig(opts []Option) *config {
	c := &config{progress: os.Stderr}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// Dir makes the loader look first in path for the four IDX files, compressed
// (.gz) or not. It takes the place of the MNIST_DIR (or FASHION_MNIST_DIR)
// environment variable; Dir("") ignores the variable. Files in path are only
// read, never modified or deleted.
func Dir(path string) Option {
	return func(c *config) { c.dir, c.dirSet = path, true }
}

// CacheDir sets the cache directory used instead of the user cache
// (os.UserCacheDir()/dlgo-hello/<dataset>). Files fetched from a mirror or
// the Go module are stored there, and files there are used when valid.
func CacheDir(path string) Option {
	return func(c *config) { c.cacheDir = path }
}

// Mirrors replaces the HTTPS mirrors of the dataset. Each URL is a base to
// which the file name (for example "train-images-idx3-ubyte.gz") is
// appended; they are tried in order.
func Mirrors(urls ...string) Option {
	return func(c *config) { c.mirrors, c.mirrorsSet = urls, true }
}

// Offline skips the HTTPS mirrors. The Go module source, which goes through
// the Go toolchain and GOPROXY, is still tried unless NoGoModule is given.
func Offline() Option {
	return func(c *config) { c.offline = true }
}

// NoGoModule skips the Go module source.
func NoGoModule() Option {
	return func(c *config) { c.noGoModule = true }
}

// Progress sets where download progress and notes about fetched files are
// written; nil silences them. The default is os.Stderr. A terminal shows an
// updating bar, a [LiveProgress] writer (such as package nb's, in a
// notebook) its own bar, other writers a line per download start and end.
func Progress(w io.Writer) Option {
	return func(c *config) { c.progress = w }
}
