package main

import "github.com/gomlx/go-xla/installer"

// installCUDA installs the CUDA PJRT plugin and the NVIDIA libraries it
// needs under dir/nvidia.
func installCUDA(plugin, version, dir string) error {
	return installer.CudaInstall(plugin, version, dir, false, installer.Normal)
}
