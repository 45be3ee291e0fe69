// Package imagetest builds docker/Dockerfile and checks the image from
// outside, as a user meets it: `make docker-test` runs build.sh, which
// builds the image with buildah (no registry, no Docker engine), then
// `go test` here with DLGO_TEST_IMAGE naming it.
//
// The tests run the image's ENTRYPOINT, as its USER, with its environment
// and working directory, in a buildah container (buildah run --isolation
// chroot), which shares the host's network: the server listens on the
// host's 127.0.0.1, on a free port given in JUPYTER_PORT. They check:
//   - the server: the URL box printed last, with a token that the server
//     requires (403 or the login page without it or with a wrong one), the
//     image's HEALTHCHECK, the server's user (the image's, not root), no
//     token on any command line, GoNB as the default kernel, and a clear
//     line for a port already in use (server_test.go);
//   - the notebooks executed in the image by nbconvert through the
//     entrypoint: 01's accuracy line, 04's drawing cell ending at once
//     without a browser (notebooks_test.go);
//   - the notebooks volume: an edit saved through Jupyter survives a
//     restart, a deleted shipped notebook comes back, and a read-only or
//     foreign-owned mount gets one line and changes nothing
//     (volume_test.go).
//
// It is a module of its own, with no dependencies, so that `go test ./...`
// of the project does not run it: it needs root, buildah and a built image.
package imagetest
