#!/usr/bin/env bash
# install-go.sh installs the pinned Go toolchain from the official release
# archive, verified against its published SHA-256.
#
# Usage:
#   docker/install-go.sh PREFIX   install into PREFIX/go (e.g. /usr/local)
#   docker/install-go.sh --check  check that the `go` on PATH is the pinned
#                                 release and that this platform has a pinned
#                                 checksum; downloads nothing
#
# Environment:
#   GO_VERSION  release to install (default: the pinned one below).
#   GO_SHA256   checksum of go${GO_VERSION}.linux-ARCH.tar.gz; required when
#               GO_VERSION is not the pinned release.
#
# Installing is idempotent: when PREFIX/go already holds the wanted release
# nothing is downloaded.
set -euo pipefail

# The pinned release and the SHA-256 of its archives, as published on
# https://go.dev/dl/.
readonly PINNED_GO_VERSION=1.26.8
declare -rA PINNED_SHA256=(
	[linux-amd64]=d0f743b33e8d8945e6b1f432edd15785c70507121d6e2a723b21285eddf8b57b
	[linux-arm64]=211ffced9dcb9633a55eac6364816ec0ddd951389a740e88fa8b3337971bdda0
)

die() {
	echo "install-go: $*" >&2
	exit 1
}
log() { echo "install-go: $*"; }

[[ $# -eq 1 ]] || die "usage: $0 PREFIX | --check"

version="${GO_VERSION:-${PINNED_GO_VERSION}}"
case "$(uname -m)" in
x86_64 | amd64) platform=linux-amd64 ;;
aarch64 | arm64) platform=linux-arm64 ;;
*) die "unsupported machine $(uname -m)" ;;
esac
if [[ ${version} == "${PINNED_GO_VERSION}" ]]; then
	sha256="${PINNED_SHA256[${platform}]:-}"
else
	sha256="${GO_SHA256:-}"
fi
[[ ${sha256} =~ ^[0-9a-f]{64}$ ]] || die "no SHA-256 known for go${version}.${platform}.tar.gz (set GO_SHA256)"

if [[ $1 == --check ]]; then
	command -v go >/dev/null || die "go not found on PATH"
	have=$(GOTOOLCHAIN=local go env GOVERSION)
	[[ ${have} == "go${version}" ]] || die "go on PATH is ${have}, want go${version} (run $0 /usr/local)"
	log "go${version} on PATH, ${platform} archive pinned to sha256 ${sha256}"
	exit 0
fi

prefix=$1
goroot="${prefix}/go"
if [[ -x "${goroot}/bin/go" ]] && [[ $(GOTOOLCHAIN=local "${goroot}/bin/go" env GOVERSION) == "go${version}" ]]; then
	log "go${version} already installed in ${goroot}"
	exit 0
fi

command -v curl >/dev/null || die "curl not found on PATH"
archive="go${version}.${platform}.tar.gz"
tmp=$(mktemp -d)
trap 'rm -rf "${tmp}"' EXIT

log "downloading ${archive}"
curl --fail --silent --show-error --location --retry 3 \
	--output "${tmp}/${archive}" "https://go.dev/dl/${archive}"
echo "${sha256}  ${tmp}/${archive}" | sha256sum --check --quiet - ||
	die "checksum mismatch for ${archive}"

mkdir -p "${prefix}"
rm -rf "${goroot}"
tar -C "${prefix}" -xzf "${tmp}/${archive}"
have=$(GOTOOLCHAIN=local "${goroot}/bin/go" env GOVERSION)
[[ ${have} == "go${version}" ]] || die "${goroot}/bin/go reports ${have}, want go${version}"
log "installed go${version} in ${goroot}"
