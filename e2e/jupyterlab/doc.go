// Package jupyterlab holds a minimal JupyterLab 4 notebook page and the test that runs this repository's
// notebooks in it.
//
// The page (src/, built by build.sh from the npm packages pinned in package-lock.json) is JupyterLab's own
// notebook components — NotebookPanel, output areas, rendermime renderers and the light theme — on their own, not
// the JupyterLab application, which Debian does not package. Debian's jupyter_server serves it next to the
// notebooks and runs their GoNB kernel; the test drives it in headless Chromium and checks what a JupyterLab user
// would see: see README.md.
//
// The package has no Go API; its content is the page and its tests (jupyterlab_test.go runs the notebooks,
// draw_test.go draws on the board of notebook 04). Every failure prints jupytertest.Diagnose's report of what the
// page, the browser and the logs showed; failure_test.go breaks a notebook on purpose to check that report, and opens one
// whose kernel never answers; kernelinfo_test.go checks that the page asks the kernel again when the status of its
// first request is lost, and reports at once a kernel_info answered with an error.
package jupyterlab
