// Package docker holds the files that build the project's Docker image:
// the Dockerfile, its compose file and the scripts its steps run
// (install-go.sh, install-gonb.sh, install-pjrt.sh, warm-caches.sh,
// entrypoint.sh, jupyter-url.sh, healthcheck.sh) and serve-notebooks.sh,
// which `make jupyter` runs on a host. See README.md in this directory.
//
// The package has no API. Its tests check the scripts (bash -n, modes),
// the pins that files share and compose.yaml, and run entrypoint.sh with stub
// commands. The Dockerfile itself is checked by docker/dockerfiletest, a
// module of its own so that BuildKit's parser stays out of the project's
// go.mod, and built and run by docker/imagetest (make docker-test).
package docker
