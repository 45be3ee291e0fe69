//go:build goexperiment.simd

package mlp

// simdBuild is true when the binary was built with GOEXPERIMENT=simd, which enables the
// AVX-512/AVX2 kernels of GoMLX's pure-Go backend.
const simdBuild = true
