// Package e2e is the root of the project's end-to-end tests, a Go module of its own
// (github.com/dlgo/hello/e2e): they drive Jupyter and headless Chromium (through chromedp), and none of that
// belongs in the go.mod of github.com/dlgo/hello, the module learners import. This module uses the project's
// packages from the folder above (replace github.com/dlgo/hello => ../), internal/atomicfile included: Go's
// internal rule goes by import path, and github.com/dlgo/hello/e2e/... lies under github.com/dlgo/hello.
//
//   - jupytertest: what the tests of both Jupyter front ends share (tools, a Jupyter server, Chromium's switches,
//     drawing on the board of notebook 04, and Diagnose, the report every failure of these tests prints).
//   - notebooktest: the notebooks executed in Jupyter (nbconvert) and served by Jupyter Notebook 6, and the
//     setup that serves them (`make notebooks-test`).
//   - jupyterlab: a page of JupyterLab 4's notebook components (built by jupyterlab/build.sh) and the tests that
//     run the notebooks in it (`make jupyterlab-test`).
//   - deps_test.go, in this package: the product's packages and go.mod stay free of these harnesses (`make unit`
//     runs it).
//
// go test runs each package in its folder, from which the tests find the repository's root ("../.." from a
// subfolder, ".." here); run them from this folder, e.g. `cd e2e && go test ./notebooktest/`.
package e2e
