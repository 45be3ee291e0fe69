// Package mlp builds, trains and runs Keras-style Sequential models — stacks of Dense, Activation
// and Dropout layers — on GoMLX, with Keras's names and defaults. The Keras book's MNIST
// "Hello World" reads, line for line:
//
//	train, test, err := datasets.LoadMNIST()       // (X_train, y_train), (X_test, y_test) = mnist.load_data()
//	xTrain, yTrain := train.Flat(), train.OneHot() // X_train.reshape(60000, 784); Y_train = (arange(10) == y_train[:, None])
//	xTest, yTest := test.Flat(), test.OneHot()
//
//	model := mlp.NewSequential(                    // model = Sequential()
//		mlp.Dense(500, mlp.InputDim(28*28)),       // model.add(Dense(output_dim=500, input_dim=28*28))
//		mlp.Activation("sigmoid"),                 // model.add(Activation('sigmoid'))
//		mlp.Dense(500), mlp.Activation("sigmoid"), // model.add(Dense(output_dim=500)); ...
//		mlp.Dense(10), mlp.Activation("softmax"))  // model.add(Dense(output_dim=10)); model.add(Activation('softmax'))
//	err = model.Compile(mlp.Loss("mse"), mlp.SGD(0.1), mlp.Metrics("accuracy"))
//	history, err := model.Fit(xTrain, yTrain, mlp.Epochs(20), mlp.BatchSize(100))
//	score, err := model.Evaluate(xTest, yTest, mlp.BatchSize(32))
//	fmt.Println("Total loss = ", score.Loss)
//	fmt.Println("Accuracy of testing = ", score.Accuracy)
//	result, err := model.Predict(xTest)
//
// It prints Keras's log (Epoch 1/20, the progress bar, loss and acc) and reaches the seed's 93 %
// test accuracy; cmd/hello is that program.
//
// # Map
//
//   - Layers: Input, Dense (with the DenseOptions InputDim, WithActivation, KernelInitializer,
//     UseBias), Activation, Dropout. Activations and Initializers list the names they accept.
//   - Model: NewSequential, Add, Summary, CountParams. Its seed (WithSeed, or the process-wide
//     SetRandomSeed) makes initialisation, shuffling and dropout reproducible.
//   - Compile takes CompileOptions: Loss, Metrics, and an Optimizer — SGD, RMSprop, Adam,
//     Adagrad or OptimizerByName, tuned with WithMomentum, WithNesterov, WithDecay.
//   - Fit (FitContext to interrupt it) takes FitOptions: Epochs, BatchSize, Verbose, Output,
//     Shuffle, ValidationSplit, ValidationData, EarlyStopping, and the callbacks OnBatchEnd and
//     OnEpochEnd (FitOptions bundles several). It returns a History, which the model accumulates
//     (Model.History).
//   - Evaluate takes EvaluateOptions and returns a Score; Predict and PredictClasses take
//     PredictOptions. BatchSize, Verbose and Output are options of all three; any other option
//     given to the wrong call does not compile.
//   - Weights returns the trained kernels and biases; Save and Load keep a whole model in one file.
//   - Inside a model: Layers, LayerWeights and LayerOutputs (Keras's model.layers,
//     layer.get_weights() and every layer's output), Gradients of the loss, and the Fit callback
//     RecordGradientSizes (GradientSizes); SaturatedShare and SubnormalSigmoidShare measure layer
//     outputs.
//   - ConfusionMatrix, ClassAccuracy, ConfusedPairs, ConfidentMistakes and ActivationCurve help
//     analyse a model.
//   - Backends: models run on the default backend (Backend, UseBackend), chosen on first use —
//     $GOMLX_BACKEND, else XLA when a PJRT plugin is installed, else GoMLX's pure-Go backend — or
//     on their own (NewBackend, Model.WithBackend).
//
// Settings take one of three forms: options of the call they configure (DenseOption,
// CompileOption, FitOption, EvaluateOption, PredictOption), so that Predict(x, Epochs(5)) does not
// compile; With… methods on a value (Optimizer.WithMomentum, Model.WithSeed, Model.WithBackend);
// and the process-wide defaults SetRandomSeed and UseBackend.
//
// Data: Fit, Evaluate and Predict take examples as rows — a *tensors.Tensor, a Matrix, [][]float32
// — and labels as one-hot rows or class ids ([]uint8, []int, ...). Float32 data is read in place.
//
// Inside, a model is a graph built in plain Go functions: the forward pass (forward.go), a
// backward pass written for the Go backend's fast matrix layouts (backward.go, checked against
// GoMLX's automatic differentiation), the optimizer's update (optimizers.go) and the training step
// that joins them (step.go), fed by batches gathered one ahead in a goroutine (prefetch.go).
package mlp
