// Package jupytertest holds what the tests of the Jupyter front ends share: finding the tools (and skipping, or
// failing in CI, when one is missing), starting a Jupyter server on 127.0.0.1 with a random token and stopping
// it, starting headless Chromium with the same switches everywhere, and drawing on the board of notebook 04.
//
// It is for tests only (its functions take a *testing.T): e2e/notebooktest (Jupyter Notebook 6) and
// e2e/jupyterlab (JupyterLab 4's notebook components) import it; no other code may.
//
//   - diagnose.go: Diagnose, the report (a Failure) that every failure of the browser and notebook tests prints,
//     in the same sections: what was expected; what the page showed (ReadPage: the running, failed and last cells
//     with their outputs as text, the drawing board's status, the kernel, whether Run All still runs); the
//     browser's console errors; the ends of the Jupyter server's log and of GoNB's. Witnesses say where to look.
//   - console.go: Console, the errors a page reports in the browser (WatchConsole).
//   - gonblog.go: GoNBKernel, a copy of the gonb kernelspec whose kernels log to a file of the test's own;
//     FileTail, the end of a log file.
//   - broken.go: a GoNB notebook broken on purpose (WriteBrokenNotebook, RunBrokenNotebook) and CheckBrokenReport,
//     with which each front end's tests check that a failure's report shows every section.
//   - tools.go: CI, Missing, ToolVars, LookPath, Getenv, FindChromium, Chromium, FreePort, RandomToken, Context, Tail.
//   - server.go: Server, a Jupyter server started by a test and stopped when it ends, with GetJSON and Post for its
//     REST API, and the end of its log (LogTail).
//   - chromium.go: ChromiumArgs and AllocatorOptions, the headless switches for a command line and for chromedp.
//   - draw.go: CheckDrawing and its steps (OpenAndRunDrawCells, WaitForBoard, Draw, DrawDigits, ClearBoard,
//     PressDone, Screenshot), which draw MNIST digits' strokes (MNISTDigits) on the board of notebook 04 in any
//     front end (a DrawFrontEnd); RetryOnTiming and ScreenshotPath, which the draw tests of both front ends share.
//     CheckDrawing's errors are reports (Diagnose), and RetryOnTiming logs the report of the failure it retries.
package jupytertest
