// Package docker holds the files that build the project's Docker image:
// the Dockerfile, its compose file and the scripts its steps run
// (install-go.sh, install-gonb.sh, install-pjrt.sh, warm-caches.sh,
// entrypoint.sh, jupyter-url.sh, healthcheck.sh) and serve-notebooks.sh,
// which `make jupyter` runs on a host. See README.md in this directory.
//
// The package has no API. Its tests parse the Dockerfile with BuildKit's
// parser and check that the image runs JupyterLab as a non-root user behind
// a token, has a health check, exposes port 8888, builds Go with
// GOEXPERIMENT=simd, and that every script it calls exists and parses.
package docker
