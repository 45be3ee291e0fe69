#!/usr/bin/env bash
# install-pjrt.sh installs the PJRT plugins for GoMLX's XLA backend with the
# installer of the go-xla version in go.mod (see docker/pjrtinstall).
#
# Usage: docker/install-pjrt.sh [--dry-run] VARIANT [LIB_DIR]
#
#   VARIANT  cpu            the XLA CPU plugin
#            cuda | cuda13  the CPU plugin, and the CUDA 13 plugin with the
#                           NVIDIA libraries it needs (NVIDIA driver >= 580)
#            cuda12         the CPU plugin and the CUDA 12 plugin
#            go             no plugin: GoMLX's pure-Go backend only (an image
#                           built where GitHub cannot be reached)
#   LIB_DIR  plugins go to LIB_DIR/go-xla (default /usr/local/lib, which
#            go-xla searches); CUDA ones to LIB_DIR/go-xla/nvidia.
#   --dry-run  build the installer and print what it would install.
#
# Environment:
#   CUDA_PJRT_VERSION  JAX release of the CUDA PJRT wheel (default 0.11.2;
#                      "latest" takes PyPI's newest).
#
# Downloads come from the PJRT CPU binaries' GitHub release (its direct
# download address: no GitHub API call, no hourly quota) and, for CUDA,
# from the JAX wheels on PyPI (checked against their published SHA-256).
# Programs using the plugins should set GOMLX_NO_AUTO_INSTALL=1.
set -euo pipefail

die() {
	echo "install-pjrt: $*" >&2
	exit 1
}

dry_run=()
if [[ ${1:-} == --dry-run ]]; then
	dry_run=(-dry_run)
	shift
fi
[[ $# -ge 1 && $# -le 2 ]] || die "usage: $0 [--dry-run] cpu|cuda|cuda13|cuda12|go [LIB_DIR]"
case "$1" in
cpu) plugins=cpu ;;
cuda | cuda13) plugins=cpu,cuda13 ;;
cuda12) plugins=cpu,cuda12 ;;
go)
	echo "install-pjrt: variant go: no PJRT plugin installed; GoMLX uses its pure-Go backend"
	exit 0
	;;
*) die "unknown variant '$1', want cpu, cuda, cuda13, cuda12 or go" ;;
esac
lib="${2:-/usr/local/lib}"
command -v go >/dev/null || die "go not found on PATH (install it first, e.g. docker/install-go.sh)"

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ -f "${repo}/go.mod" && -d "${repo}/docker/pjrtinstall" ]] ||
	die "${repo} must hold go.mod, go.sum and docker/pjrtinstall"
export GOEXPERIMENT="${GOEXPERIMENT:-simd}"

cd "${repo}"
echo "install-pjrt: installing ${plugins} into ${lib}/go-xla"
go run -mod=readonly ./docker/pjrtinstall \
	-lib "${lib}" \
	-plugins "${plugins}" \
	-cuda_version "${CUDA_PJRT_VERSION:-0.11.2}" \
	"${dry_run[@]}"
