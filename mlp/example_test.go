package mlp_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/dlgo/hello/datasets"
	"github.com/dlgo/hello/mlp"
)

// The seed's model: Keras's Sequential with Dense(500, input_dim=784), sigmoid, Dense(500),
// sigmoid, Dense(10), softmax.
func ExampleNewSequential() {
	model := mlp.NewSequential(
		mlp.Dense(500, mlp.InputDim(28*28)), mlp.Activation("sigmoid"),
		mlp.Dense(500), mlp.Activation("sigmoid"),
		mlp.Dense(10), mlp.Activation("softmax"))
	fmt.Println(model.CountParams())
	// Output: 648010
}

// The seed program on a toy problem: compile with MSE and SGD(0.1), fit, evaluate, predict.
func ExampleModel_Fit() {
	// Two classes: is the first feature larger than the second?
	r := rand.New(rand.NewPCG(1, 2))
	x := make([][]float32, 400)
	y := make([][]float32, 400)
	for i := range x {
		a, b := r.Float32(), r.Float32()
		x[i] = []float32{a, b}
		if a > b {
			y[i] = []float32{1, 0}
		} else {
			y[i] = []float32{0, 1}
		}
	}
	model := mlp.NewSequential(mlp.Dense(16, mlp.InputDim(2)), mlp.Activation("sigmoid"),
		mlp.Dense(2), mlp.Activation("softmax")).WithSeed(1)
	if err := model.Compile(mlp.Loss("mse"), mlp.SGD(0.5), mlp.Metrics("accuracy")); err != nil {
		panic(err)
	}
	history, err := model.Fit(x, y, mlp.Epochs(30), mlp.BatchSize(10), mlp.Verbose(0))
	if err != nil {
		panic(err)
	}
	score, err := model.Evaluate(x, y, mlp.BatchSize(32), mlp.Verbose(0))
	if err != nil {
		panic(err)
	}
	classes, err := model.PredictClasses([][]float32{{0.9, 0.1}, {0.1, 0.9}})
	if err != nil {
		panic(err)
	}
	fmt.Println("epochs:", len(history.Loss))
	fmt.Println("loss decreased:", history.Loss[29] < history.Loss[0])
	fmt.Println("accuracy > 0.9:", score.Accuracy > 0.9)
	fmt.Println("classes:", classes)
	// Output:
	// epochs: 30
	// loss decreased: true
	// accuracy > 0.9: true
	// classes: [0 1]
}

// The seed program (the Keras book's MNIST "Hello World"), one Go line per Keras line. It trains
// for minutes, so it is compiled but not run as a test (Example runs it on a sample).
func Example_seed() {
	train, test, err := datasets.LoadMNIST() // mnist.load_data()
	if err != nil {
		panic(err)
	}
	xTrain, yTrain := train.Flat(), train.OneHot() // reshape(60000, 784); arange(10) == y[:, None]
	xTest, yTest := test.Flat(), test.OneHot()

	model := mlp.NewSequential( // Sequential()
		mlp.Dense(500, mlp.InputDim(28*28)), mlp.Activation("sigmoid"),
		mlp.Dense(500), mlp.Activation("sigmoid"),
		mlp.Dense(10), mlp.Activation("softmax"))
	err = model.Compile(mlp.Loss("mse"), mlp.SGD(0.1), mlp.Metrics("accuracy"))
	if err != nil {
		panic(err)
	}
	if _, err := model.Fit(xTrain, yTrain, mlp.Epochs(20), mlp.BatchSize(100)); err != nil {
		panic(err)
	}
	score, err := model.Evaluate(xTest, yTest, mlp.BatchSize(32))
	if err != nil {
		panic(err)
	}
	fmt.Println("Total loss = ", score.Loss)
	fmt.Println("Accuracy of testing = ", score.Accuracy)
	result, err := model.Predict(xTest)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(result), len(result[0])) // 10000 10
}

// The seed's program on a sample — the first 1,000 training images for 2 epochs — so that it
// runs in seconds; Example_seed is the whole of it.
func Example() {
	train, test, err := datasets.LoadMNIST() // mnist.load_data()
	if err != nil {
		panic(err)
	}
	train = train.Slice(0, 1000)
	xTrain, yTrain := train.Flat(), train.OneHot() // reshape(60000, 784); arange(10) == y[:, None]
	xTest, yTest := test.Flat(), test.OneHot()

	model := mlp.NewSequential( // Sequential()
		mlp.Dense(500, mlp.InputDim(28*28)), mlp.Activation("sigmoid"),
		mlp.Dense(500), mlp.Activation("sigmoid"),
		mlp.Dense(10), mlp.Activation("softmax")).WithSeed(1)
	if err := model.Compile(mlp.Loss("mse"), mlp.SGD(0.1), mlp.Metrics("accuracy")); err != nil {
		panic(err)
	}
	history, err := model.Fit(xTrain, yTrain, mlp.Epochs(2), mlp.BatchSize(100), mlp.Verbose(0))
	if err != nil {
		panic(err)
	}
	score, err := model.Evaluate(xTest, yTest, mlp.BatchSize(32), mlp.Verbose(0))
	if err != nil {
		panic(err)
	}
	result, err := model.Predict(xTest)
	if err != nil {
		panic(err)
	}
	fmt.Println("epochs trained:", len(history.Loss))
	fmt.Println("training loss decreased:", history.Loss[1] < history.Loss[0])
	fmt.Printf("Total loss = %.2f\n", score.Loss) // the seed, after 20 epochs of 60,000: 0.0107
	fmt.Println("predictions:", len(result), "rows of", len(result[0]), "probabilities")
	// Output:
	// epochs trained: 2
	// training loss decreased: true
	// Total loss = 0.09
	// predictions: 10000 rows of 10 probabilities
}

// The seed's model, as Keras's model.summary() shows it.
func ExampleModel_Summary() {
	model := mlp.NewSequential(
		mlp.Dense(500, mlp.InputDim(28*28)), mlp.Activation("sigmoid"),
		mlp.Dense(500), mlp.Activation("sigmoid"),
		mlp.Dense(10), mlp.Activation("softmax"))
	model.Summary()
	// Output:
	// Model: "sequential"
	// _________________________________________________________________
	// Layer (type)                 Output Shape              Param #
	// =================================================================
	// dense_1 (Dense)              (None, 500)               392500
	// _________________________________________________________________
	// activation_1 (Activation)    (None, 500)               0
	// _________________________________________________________________
	// dense_2 (Dense)              (None, 500)               250500
	// _________________________________________________________________
	// activation_2 (Activation)    (None, 500)               0
	// _________________________________________________________________
	// dense_3 (Dense)              (None, 10)                5010
	// _________________________________________________________________
	// activation_3 (Activation)    (None, 10)                0
	// =================================================================
	// Total params: 648,010
	// Trainable params: 648,010
	// Non-trainable params: 0
	// _________________________________________________________________
}

// The digit a row of Predict's probabilities stands for.
func ExampleArgMax() {
	fmt.Println(mlp.ArgMax([]float32{0.05, 0.15, 0.7, 0.1}))
	// Output: 2
}

// Inside a model: its layers, the weights of one, and what every layer outputs for an example
// (Keras's model.layers, layer.get_weights() and Model(inputs, [l.output for l in model.layers])).
func ExampleModel_LayerOutputs() {
	model := mlp.NewSequential(mlp.Dense(3, mlp.InputDim(2)), mlp.Activation("sigmoid"),
		mlp.Dense(2), mlp.Activation("softmax")).WithSeed(1)
	if err := model.Compile(mlp.Loss("mse"), mlp.SGD(0.1)); err != nil {
		panic(err)
	}
	weights, err := model.LayerWeights(0) // kernel 2×3, bias 1×3
	if err != nil {
		panic(err)
	}
	fmt.Printf("kernel %d×%d, bias %d×%d\n", weights[0].Rows, weights[0].Cols, weights[1].Rows, weights[1].Cols)
	outputs, err := model.LayerOutputs([][]float32{{0, 0}})
	if err != nil {
		panic(err)
	}
	for i, l := range model.Layers() {
		fmt.Printf("%s: %.2f\n", l.Name, outputs[i].Row(0))
	}
	// Output:
	// kernel 2×3, bias 1×3
	// dense_1: [0.00 0.00 0.00]
	// activation_1: [0.50 0.50 0.50]
	// dense_2: [0.18 -0.81]
	// activation_2: [0.73 0.27]
}
