// Package jupytertest holds what the tests of the Jupyter front ends share: finding the tools (and skipping, or
// failing in CI, when one is missing), starting a Jupyter server on 127.0.0.1 with a random token and stopping
// it, and starting headless Chromium with the same switches everywhere.
//
// It is for tests only (its functions take a *testing.T): internal/notebooktest (Jupyter Notebook 6) and
// internal/jupyterlab (JupyterLab 4's notebook components) import it; no other code may.
//
//   - tools.go: CI, Missing, ToolVars, LookPath, Getenv, FindChromium, Chromium, FreePort, RandomToken, Context, Tail.
//   - server.go: Server, a Jupyter server started by a test and stopped when it ends.
//   - chromium.go: ChromiumArgs and AllocatorOptions, the headless switches for a command line and for chromedp.
package jupytertest
