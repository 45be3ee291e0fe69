// Package notebooks holds the project's GoNB notebooks and the test that runs them.
//
// The notebooks, opened in JupyterLab or Jupyter Notebook with the Go (gonb) kernel:
//
//   - 01-hello-world.ipynb: the Keras "Hello World" MNIST classifier, step by step, from loading the data to
//     evaluating the trained model (93 % test accuracy), with its figures.
//   - 02-activations.ipynb: the activation functions of package mlp with their derivatives, an editable cell that
//     retrains the Hello World model with another activation, and a comparison of four activations.
//   - 03-chapter1.ipynb: the four versions of the network in the first chapter of "Deep Learning with Keras".
//
// The test executes every notebook with Jupyter nbconvert and the GoNB kernel, checks their outputs (no errors,
// a figure in every plotting cell, the tables, the accuracy of the Hello World model) and serves each executed
// notebook to headless Chromium to check that its images render in Jupyter Notebook. See notebooks_test.go for
// the environment it needs.
package notebooks
