//go:build !linux

package datasets

import "os/exec"

// runChild runs cmd; cancelling its context kills it. Outside Linux there is no parent-death
// signal, and the child stays in the terminal's process group so that Ctrl-C reaches it too.
func runChild(cmd *exec.Cmd) error { return cmd.Run() }
