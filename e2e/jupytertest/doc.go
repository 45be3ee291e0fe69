// Package jupytertest holds what the tests of the Jupyter front ends share: finding the tools (and skipping, or
// failing in CI, when one is missing), starting a Jupyter server on 127.0.0.1 with a random token and stopping
// it, starting headless Chromium with the same switches everywhere, and drawing on the board of notebook 04.
//
// It is for tests only (its functions take a *testing.T): e2e/notebooktest (Jupyter Notebook 6) and
// e2e/jupyterlab (JupyterLab 4's notebook components) import it; no other code may.
//
//   - tools.go: CI, Missing, ToolVars, LookPath, Getenv, FindChromium, Chromium, FreePort, RandomToken, Context, Tail.
//   - server.go: Server, a Jupyter server started by a test and stopped when it ends, with GetJSON and Post for its
//     REST API.
//   - chromium.go: ChromiumArgs and AllocatorOptions, the headless switches for a command line and for chromedp.
//   - draw.go: CheckDrawing and its steps (OpenAndRunDrawCells, WaitForBoard, Draw, DrawDigits, ClearBoard,
//     PressDone, Screenshot), which draw MNIST digits' strokes (MNISTDigits) on the board of notebook 04 in any
//     front end (a DrawFrontEnd); RetryOnTiming and ScreenshotPath, which the draw tests of both front ends share.
package jupytertest
