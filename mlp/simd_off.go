//go:build !goexperiment.simd

package mlp

// simdBuild is false: the binary was built without GOEXPERIMENT=simd, so GoMLX's pure-Go
// backend falls back to its scalar kernels (about 15x slower). Build with GOEXPERIMENT=simd.
const simdBuild = false
