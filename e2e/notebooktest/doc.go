// Package notebooktest runs the project's GoNB notebooks, which live in the notebooks/ folder at the root of
// the repository, and checks the Jupyter setup that serves them. It has no API: everything is in its tests,
// kept out of notebooks/ so that a learner browsing that folder in Jupyter sees notebooks only.
//
// The notebooks, opened in JupyterLab or Jupyter Notebook with the Go (gonb) kernel:
//
//   - 01-hello-world.ipynb: the Keras "Hello World" MNIST classifier, step by step, from loading the data to
//     evaluating the trained model (93 % test accuracy), with its figures.
//   - 02-activations.ipynb: the activation functions of package mlp with their derivatives, an editable cell that
//     retrains the Hello World model with another activation over the history of earlier runs (02-runs.json), a
//     training panel, and a comparison of four activations.
//   - 03-chapter1.ipynb: the four versions of the network in the first chapter of "Deep Learning with Keras".
//   - 04-draw-a-digit.ipynb: a drawing board read live by the V4 model, and a picture read from a file.
//   - 05-inside-the-network.ipynb: the Hello World network's weights, layer outputs, saturation and gradients.
//
// The tests, one concern per file:
//
//   - notebooks_test.go: executes every notebook with Jupyter nbconvert and the GoNB kernel and checks the
//     outputs (no errors, a figure in every plotting cell, the tables, the accuracy of the Hello World model);
//     checks that the committed notebooks show a full run.
//   - toolenv_test.go: finds Jupyter, the GoNB kernelspec and its tools (the repository's .tools/ by default).
//   - notebook_test.go, checks_test.go: the part of the notebook JSON the checks read, and the checks.
//   - served_test.go: serves each executed notebook with Jupyter Notebook to headless Chromium and checks that its
//     images render; startNotebookServer, which draw_test.go uses too.
//   - jupyter_test.go: `make jupyter`'s launcher: the token stays off every command line, the URL is printed
//     (and written to a file) once the server answers, GoNB's start is quiet in the server log.
//   - folder_test.go: notebooks/ holds notebooks only.
//   - draw_test.go: draws digits on the board of 04 in headless Chromium (chromedp) and checks the answers, "done"
//     and an interrupt (with jupytertest.CheckDrawing, which e2e/jupyterlab runs in JupyterLab's notebook too).
//   - runs_test.go: trains from 02's training panel in headless Chromium (jupytertest.CheckRunsPanel): a finished,
//     a diverged and a stopped run, the cell rerun with its history.
//   - failure_test.go: breaks a notebook on purpose in Notebook 6 and checks the report of the failure
//     (jupytertest.Diagnose), which every failure of these tests prints: what was expected, the page's cells and
//     drawing board, the browser's console errors, the ends of the server's and GoNB's logs (each test's GoNB
//     kernels log to a file of its own).
//   - stats_test.go: prints each notebook's non-blank code lines, data loads, gonbui.Sync() calls and func
//     declarations, and fails above their limits (01 at most 70 lines; every notebook at most one data load, no
//     gonbui.Sync(), at most two funcs). It needs no tools.
//
// What does not depend on Notebook 6 (missing tools, ports, tokens, starting and stopping a server, Chromium's
// switches) is in e2e/jupytertest, which e2e/jupyterlab's tests use too.
//
// Run them with `make notebooks-test`, or `cd e2e && go test -timeout 60m ./notebooktest/`; see notebooks_test.go
// for the environment they need.
package notebooktest
