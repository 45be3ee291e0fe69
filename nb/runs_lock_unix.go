//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package nb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockWait is how long lockFile waits for another writer before giving up. Writers hold the
// lock for the milliseconds of a read and a write.
const lockWait = 30 * time.Second

// lockFile takes the lock of the file path: an exclusive flock on the hidden file ".<name>.lock"
// beside it, which stays there. Programs and goroutines that write path through it take turns;
// the system releases the lock of a program that dies holding it. unlock releases it.
func lockFile(path string) (unlock func(), err error) {
	name := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fmt.Errorf("cannot create its lock file: %w", err)
	}
	deadline := time.Now().Add(lockWait)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				_ = f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) || time.Now().After(deadline) {
			_ = f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, fmt.Errorf("another program has held its lock %s for %v; try again", name, lockWait)
			}
			return nil, fmt.Errorf("cannot lock %s: %w", name, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
