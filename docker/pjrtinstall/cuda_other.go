//go:build !(linux && amd64)

package main

import (
	"fmt"
	"runtime"
)

// installCUDA fails: go-xla distributes CUDA plugins for linux/amd64 only.
func installCUDA(plugin, _, _ string) error {
	return fmt.Errorf("PJRT plugin %s is only available for linux/amd64, not %s/%s", plugin, runtime.GOOS, runtime.GOARCH)
}
