#!/usr/bin/env bash
# install-go.sh installs the pinned Go toolchain from the official release
# archive, verified against its published SHA-256, or from the Go module
# proxy (GO_SOURCE=goproxy), verified against a pinned SHA-256 too.
#
# Usage:
#   docker/install-go.sh PREFIX   install into PREFIX/go (e.g. /usr/local)
#   docker/install-go.sh --check  check that the `go` on PATH is the pinned
#                                 release and that this platform has a pinned
#                                 checksum; downloads nothing
#
# Environment:
#   GO_VERSION  release to install (default: the pinned one below).
#   GO_SOURCE   where Go comes from:
#                 go.dev   (default) the archive go${GO_VERSION}.linux-ARCH.tar.gz
#                          from https://go.dev/dl/;
#                 goproxy  the toolchain module
#                          golang.org/toolchain@v0.0.1-go${GO_VERSION}.linux-ARCH
#                          from the Go module proxy (the zip the go command
#                          fetches for GOTOOLCHAIN): for networks that reach
#                          the Go module proxy but not go.dev.
#   GO_SHA256   SHA-256 of that archive or zip; required when GO_VERSION is
#               not the pinned release.
#   GOPROXY     the module proxy for GO_SOURCE=goproxy: its first URL is used
#               (default https://proxy.golang.org).
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
# The SHA-256 of the toolchain module's zips on the Go module proxy
# (<GOPROXY>/golang.org/toolchain/@v/v0.0.1-go1.26.8.linux-ARCH.zip). Module
# zips never change once published; these are the zips that
# `go mod download golang.org/toolchain@v0.0.1-go1.26.8.linux-ARCH` fetched
# and checked against the Go checksum database, whose go.sum hashes are
# linux-amd64 h1:ZOmGe1OnfREDMIdb1Qi4G9JSuDPBLGExZMQ4nis1RXM= and
# linux-arm64 h1:sYL/O6MqS68ML0kjsQ36WoYIpJqkw60TxizWUYUKQMc=. The plain
# SHA-256 is pinned, as for the archives, because sha256sum checks it with
# no Go at hand.
declare -rA PINNED_ZIP_SHA256=(
	[linux-amd64]=30c2b1bf7dcc88d3eb0a1364e47ddd9128edb3110a30e8a0ef61cd5856b31de7
	[linux-arm64]=02b36b6787b3ac767668f630e2998df45a3b1f9ffee08d1bf3ef6487cd658d99
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
source="${GO_SOURCE:-go.dev}"
case ${source} in
go.dev)
	download="go${version}.${platform}.tar.gz"
	pinned="${PINNED_SHA256[${platform}]:-}"
	;;
goproxy)
	download="golang.org/toolchain@v0.0.1-go${version}.${platform}.zip"
	pinned="${PINNED_ZIP_SHA256[${platform}]:-}"
	;;
*) die "GO_SOURCE=${source}: want go.dev (the official archive) or goproxy (the toolchain module from the Go module proxy)" ;;
esac
if [[ ${version} == "${PINNED_GO_VERSION}" ]]; then
	sha256="${pinned}"
else
	sha256="${GO_SHA256:-}"
fi
[[ ${sha256} =~ ^[0-9a-f]{64}$ ]] || die "no SHA-256 known for ${download} (set GO_SHA256)"

if [[ $1 == --check ]]; then
	command -v go >/dev/null || die "go not found on PATH"
	have=$(GOTOOLCHAIN=local go env GOVERSION)
	[[ ${have} == "go${version}" ]] || die "go on PATH is ${have}, want go${version} (run $0 /usr/local)"
	log "go${version} on PATH, ${download} pinned to sha256 ${sha256}"
	exit 0
fi

prefix=$1
goroot="${prefix}/go"
if [[ -x "${goroot}/bin/go" ]] && [[ $(GOTOOLCHAIN=local "${goroot}/bin/go" env GOVERSION) == "go${version}" ]]; then
	log "go${version} already installed in ${goroot}"
	exit 0
fi

command -v curl >/dev/null || die "curl not found on PATH"
tmp=$(mktemp -d)
trap 'rm -rf "${tmp}"' EXIT

if [[ ${source} == go.dev ]]; then
	url="https://go.dev/dl/${download}"
else
	# The first URL of GOPROXY (a list separated by commas or pipes, which
	# may also hold "direct" and "off").
	proxy=""
	IFS=',|' read -ra entries <<<"${GOPROXY:-https://proxy.golang.org}"
	for e in "${entries[@]}"; do
		if [[ ${e} == http://* || ${e} == https://* ]]; then
			proxy=${e%/}
			break
		fi
	done
	[[ -n ${proxy} ]] || die "GOPROXY=${GOPROXY:-} names no proxy URL (GO_SOURCE=goproxy needs one, e.g. https://proxy.golang.org)"
	url="${proxy}/golang.org/toolchain/@v/v0.0.1-go${version}.${platform}.zip"
fi
file="${tmp}/${download##*/}"
log "downloading ${url}"
curl --fail --silent --show-error --location --retry 3 --output "${file}" "${url}"
echo "${sha256}  ${file}" | sha256sum --check --status - ||
	die "checksum mismatch for ${download}: want sha256 ${sha256}, got $(sha256sum "${file}" | cut -d' ' -f1)"

mkdir -p "${prefix}"
rm -rf "${goroot}"
if [[ ${source} == go.dev ]]; then
	tar -C "${prefix}" -xzf "${file}"
else
	# The zip holds the GOROOT under golang.org/toolchain@VERSION/. Module
	# zips keep no file modes: the go command marks bin/ and pkg/tool/
	# executable itself when it installs a toolchain, and so does this.
	mkdir "${tmp}/unzip"
	if command -v unzip >/dev/null; then
		unzip -q "${file}" -d "${tmp}/unzip"
	elif command -v python3 >/dev/null; then
		python3 -m zipfile -e "${file}" "${tmp}/unzip"
	else
		die "unzip or python3 is needed to unpack ${download}"
	fi
	root="${tmp}/unzip/golang.org/toolchain@v0.0.1-go${version}.${platform}"
	[[ -f "${root}/bin/go" ]] || die "${download} holds no bin/go under golang.org/toolchain@v0.0.1-go${version}.${platform}/"
	chmod -R a+rX,u+w,go-w "${root}"
	find "${root}/bin" "${root}/pkg/tool" -type f -exec chmod a+x {} +
	mv "${root}" "${goroot}"
fi
have=$(GOTOOLCHAIN=local "${goroot}/bin/go" env GOVERSION)
[[ ${have} == "go${version}" ]] || die "${goroot}/bin/go reports ${have}, want go${version}"
log "installed go${version} in ${goroot}"
