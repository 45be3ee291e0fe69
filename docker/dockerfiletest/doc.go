// Package dockerfiletest checks docker/Dockerfile without Docker: its tests
// parse it with BuildKit's parser, expand its variables as Docker does, and
// check that the image runs JupyterLab as a non-root user behind a token,
// has a health check, exposes port 8888, builds Go with GOEXPERIMENT=simd,
// and that every script it calls exists and parses.
//
// It is a module of its own so that BuildKit and its dependencies stay out
// of the project's go.mod; `make test` runs it with
// `cd docker/dockerfiletest && go test ./...`.
package dockerfiletest
