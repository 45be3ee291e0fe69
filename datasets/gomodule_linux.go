package datasets

import (
	"os/exec"
	"runtime"
	"syscall"
)

// runChild runs cmd so that it does not outlive this process: it gets its own process group,
// which cancelling cmd's context kills as a whole (the go command and anything it started, such
// as git), and the kernel sends it SIGKILL when this process dies, even by SIGKILL, which no
// handler can catch.
func runChild(cmd *exec.Cmd) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error {
		// The group's id is the child's pid (Setpgid with Pgid 0).
		if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	// The kernel sends Pdeathsig when the thread that started the child exits, not the process.
	// Go ends a thread when a goroutine locked to it exits, so this goroutine holds the thread
	// while the child runs, and lets it go (alive) afterwards.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return cmd.Run()
}
