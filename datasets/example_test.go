package datasets_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/dlgo/hello/datasets"
)

// The Go counterpart of Keras's
//
//	(train_images, train_labels), (test_images, test_labels) = mnist.load_data()
//
// Offline skips the public mirrors, so this example gets the files from
// MNIST_DIR, the cache or the Go module.
func ExampleLoadMNIST() {
	train, test, err := datasets.LoadMNIST(datasets.Offline(), datasets.Progress(nil))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(train.Shape(), len(train.Labels), train.Labels[:5])
	fmt.Println(test.Shape(), len(test.Labels), test.Labels[:5])
	// Output:
	// [60000 28 28] 60000 [5 0 4 1 9]
	// [10000 28 28] 10000 [7 2 1 0 4]
}

// The seed's preprocessing: flatten the images to 784 float32 values and
// one-hot encode the labels.
func ExampleSet_Flat() {
	train, test, err := datasets.LoadMNIST(datasets.Offline(), datasets.Progress(nil))
	if err != nil {
		log.Fatal(err)
	}
	x := train.Flat()   // float32 [60000, 784], 0..255 as the seed; Scaled() divides by 255
	y := train.OneHot() // float32 [60000, 10]
	fmt.Println(x.Shape(), y.Shape(), test.Slice(0, 1000).Shape())
}

// Fashion-MNIST comes through the same API, with its own class names.
func ExampleLoadFashionMNIST() {
	train, _, err := datasets.LoadFashionMNIST()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(train.Shape(), datasets.FashionMNISTClassNames[train.Labels[0]])
}

// OneHot is Keras's to_categorical, or numpy.arange(10) == y[:, None].
func ExampleOneHot() {
	labels := []uint8{2, 0, 1}
	oneHot := datasets.OneHot(labels, 3)
	for i := range labels {
		fmt.Println(oneHot[i*3 : i*3+3])
	}
	// Output:
	// [0 0 1]
	// [1 0 0]
	// [0 1 0]
}

func ExampleParseIDX() {
	file := []byte{
		0, 0, 0x08, 2, // magic: uint8 elements, 2 dimensions
		0, 0, 0, 2, // 2 rows
		0, 0, 0, 3, // 3 columns
		1, 2, 3, 4, 5, 6,
	}
	x, err := datasets.ParseIDX("example.idx", bytes.NewReader(file))
	fmt.Println(x.Dims, x.Data, err)

	_, err = datasets.ParseIDX("short.idx", bytes.NewReader(file[:15]))
	fmt.Println(err)
	// Output:
	// [2 3] [1 2 3 4 5 6] <nil>
	// datasets: short.idx: truncated IDX data: dimensions [2 3] need 6 bytes, file has 3
}
