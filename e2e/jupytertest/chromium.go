package jupytertest

import "github.com/chromedp/chromedp"

// chromiumFlags are the switches of every headless Chromium the tests start: no sandbox (tests may run as root,
// in containers), no GPU, and nothing that reaches outside (QUIC, background networking, component updates, sync).
var chromiumFlags = []string{"headless", "no-sandbox", "disable-gpu", "disable-quic", "no-first-run",
	"disable-background-networking", "disable-component-update", "disable-sync", "hide-scrollbars"}

// ChromiumArgs returns the command-line switches of headless Chromium with the profile userDataDir (a fresh,
// empty folder).
func ChromiumArgs(userDataDir string) []string {
	var args []string
	for _, f := range chromiumFlags {
		args = append(args, "--"+f)
	}
	return append(args, "--user-data-dir="+userDataDir)
}

// AllocatorOptions returns chromedp's options for the headless Chromium at path, with the profile userDataDir (a
// fresh, empty folder) and a window of width×height pixels: chromedp's defaults and the switches of ChromiumArgs.
func AllocatorOptions(path, userDataDir string, width, height int) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path))
	for _, f := range chromiumFlags {
		opts = append(opts, chromedp.Flag(f, true))
	}
	return append(opts, chromedp.UserDataDir(userDataDir), chromedp.WindowSize(width, height))
}
