#!/usr/bin/env bash
# build.sh builds docker/Dockerfile into a local image with buildah, with no
# registry and no Docker engine, for the tests of docker/imagetest (make
# docker-test). It needs root, buildah, podman and mmdebstrap (Debian
# packages; make docker-test installs them).
#
# Usage: docker/imagetest/build.sh [IMAGE]   (default localhost/dlgo-hello:test)
#
#   1. The base image of `FROM debian:RELEASE-slim` is made from Debian's
#      archive with mmdebstrap (about 40 s), once per Debian release (RELEASE
#      is the Dockerfile's DEBIAN_RELEASE), with the CA certificates the host
#      adds in /usr/local/share/ca-certificates (a TLS-inspecting proxy's:
#      the build's HTTPS downloads fail without them), as
#      localhost/debian:RELEASE-slim; later runs reuse it, and remake it in
#      seconds when those certificates change. Its tarball stays in
#      DOCKER_TEST_DIR, to import it again should the image be removed.
#   2. The image is built with the build arguments that take every download
#      from a source reachable with only Debian's archive, npm and the Go
#      module proxy (printed in one line), layers cached: a first build
#      takes 5-10 minutes on 2 cores, a build with nothing changed seconds.
#      A change in the repository rebuilds from the step that copies it
#      (warm-caches.sh: about 2 minutes).
#   3. It builds a second time, which takes every step from the cache, and
#      prints both times and the image's size. Then it removes the images
#      no tag names any more (buildah rmi --prune: the layers of earlier
#      builds, 1-2 GB each), keeping the cache of this one.
#
# The full build log is in DOCKER_TEST_DIR/build.log; the terminal gets the
# steps and the lines of the project's scripts. The substitutions and the
# figures are also written to DOCKER_TEST_DIR/summary, which the tests print
# at their end.
#
# Environment:
#   DOCKER_TEST_DIR  the base's tarball and the build logs (default
#                    .tools/docker in the repository).
set -euo pipefail

die() {
	echo "docker-test: $*" >&2
	exit 1
}
log() { echo "docker-test: $*"; }

[[ $# -le 1 ]] || die "usage: $0 [IMAGE]"
image=${1:-localhost/dlgo-hello:test}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "${repo}"
[[ -f docker/Dockerfile ]] || die "${repo}/docker/Dockerfile not found"

[[ $(id -u) -eq 0 ]] || die "run as root: buildah builds and runs the image here as root (make docker-test does)"
missing=()
for c in buildah podman mmdebstrap; do
	command -v "${c}" >/dev/null || missing+=("${c}")
done
[[ ${#missing[@]} -eq 0 ]] ||
	die "${missing[*]} not found: apt-get install --no-install-recommends buildah podman mmdebstrap (make docker-test does)"

dir=${DOCKER_TEST_DIR:-${repo}/.tools/docker}
mkdir -p "${dir}"
rm -f "${dir}/summary"

# elapsed prints the seconds since $1 (date +%s).
elapsed() { echo $(($(date +%s) - $1)); }

# 1. The base image: Debian's minbase, with ca-certificates (which the
# Dockerfile installs first anyway) and the CA certificates this host adds
# in /usr/local/share/ca-certificates, such as a TLS-inspecting proxy's,
# without which no HTTPS download of the build gets through such a proxy.
release=$(sed -n 's/^ARG DEBIAN_RELEASE=\([a-z]*\)$/\1/p' docker/Dockerfile)
[[ -n ${release} ]] || die "docker/Dockerfile has no ARG DEBIAN_RELEASE=<release> line"
base="localhost/debian:${release}-slim"
minbase="localhost/dlgo-minbase:${release}"
ca_dir=/usr/local/share/ca-certificates
ca_files=()
if [[ -d ${ca_dir} ]]; then
	mapfile -t ca_files < <(find "${ca_dir}" -name '*.crt' -type f | sort)
fi
ca_sum=none
if [[ ${#ca_files[@]} -gt 0 ]]; then
	ca_sum=$(cat "${ca_files[@]}" | sha256sum | cut -c1-16)
fi
if [[ $(podman image inspect --format '{{index .Labels "org.dlgo.ca"}}' "${base}" 2>/dev/null) == "${ca_sum}" ]]; then
	log "base ${base}: reused (made $(podman image inspect --format '{{.Created}}' "${base}" | cut -d. -f1))"
else
	if ! podman image exists "${minbase}"; then
		tarball="${dir}/base-${release}.tar"
		if [[ ! -s ${tarball} ]]; then
			log "base: making Debian ${release} from its archive with mmdebstrap (once per release, about 40 s)..."
			start=$(date +%s)
			# mmdebstrap writes a tarball for a name ending in .tar (a folder otherwise).
			partial="${dir}/partial-base-${release}.tar"
			mmdebstrap --quiet --variant=minbase --include=ca-certificates --mode=root "${release}" "${partial}" \
				"deb http://deb.debian.org/debian ${release} main" \
				"deb http://deb.debian.org/debian ${release}-updates main" \
				"deb http://deb.debian.org/debian-security ${release}-security main" ||
				die "mmdebstrap ${release} failed (it needs deb.debian.org); see its output above"
			mv "${partial}" "${tarball}"
			log "base tarball made in $(elapsed "${start}")s: ${tarball}"
		fi
		# Docker Hub's debian images set PATH and CMD; a tarball has no
		# configuration.
		podman import --quiet \
			--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
			--change 'CMD ["bash"]' \
			"${tarball}" "${minbase}" >/dev/null || die "podman import ${tarball} failed"
	fi
	ctr=$(buildah from --pull-never "${minbase}")
	if [[ ${#ca_files[@]} -gt 0 ]]; then
		buildah copy --quiet "${ctr}" "${ca_dir}" "${ca_dir}" >/dev/null
		out=$(buildah run --isolation chroot "${ctr}" -- update-ca-certificates 2>&1) ||
			die "update-ca-certificates in ${minbase} failed: ${out}"
	fi
	buildah config --label "org.dlgo.base=mmdebstrap --variant=minbase --include=ca-certificates ${release}" \
		--label "org.dlgo.ca=${ca_sum}" "${ctr}"
	buildah commit --quiet --format docker --rm "${ctr}" "${base}" >/dev/null || die "buildah commit ${base} failed"
	log "base ${base}: made from ${minbase}, with ${#ca_files[@]} CA certificates of ${ca_dir}"
fi

# Containers of an earlier test run that ended without removing them.
while read -r name; do
	[[ ${name} == dlgo-imagetest-* ]] && buildah rm "${name}" >/dev/null
done < <(buildah containers --format '{{.ContainerName}}')

# 2. The build. Each substitution: a build argument and what it replaces.
build_args=(GO_SOURCE=goproxy JUPYTER_SOURCE=debian VARIANT=go)
substituted="base debian:${release}-slim from Debian's archive (mmdebstrap), not Docker Hub"
if [[ ${#ca_files[@]} -gt 0 ]]; then
	substituted+=", trusting this host's CA certificates (${ca_files[*]##*/})"
fi
substituted+=";"
substituted+=" Go from the toolchain module on the Go module proxy (GO_SOURCE=goproxy), not go.dev's archive;"
substituted+=" Debian's Jupyter Notebook (JUPYTER_SOURCE=debian), not JupyterLab from PyPI;"
substituted+=" no PJRT plugin, the pure-Go backend (VARIANT=go), not the XLA CPU plugin from GitHub"
log "the test image is not the users' image; substituted: ${substituted}"

build() {
	local logfile=$1 args=()
	for a in "${build_args[@]}"; do args+=(--build-arg "${a}"); done
	buildah build --isolation chroot --pull=never --from "${base}" --layers --format docker \
		--ignorefile docker/Dockerfile.dockerignore "${args[@]}" \
		-f docker/Dockerfile -t "${image}" . >"${logfile}" 2>&1
}

# steps prints how many of the build's steps (FROM aside) came from the cache.
steps() {
	local total cached
	total=$(grep '^STEP [0-9]*/[0-9]*:' "$1" | grep -vc '^STEP [0-9]*/[0-9]*: FROM ' || true)
	cached=$(grep -c '^--> Using cache' "$1" || true)
	echo "${cached} of ${total} steps from the cache"
}

log "building ${image} from docker/Dockerfile (log: ${dir}/build.log); a first build takes 5-10 minutes on 2 cores, a rebuild after a change in the repository about 2..."
start=$(date +%s)
: >"${dir}/build.log"
build "${dir}/build.log" &
pid=$!
# The steps and the lines of the project's scripts, as they come.
tail -n +1 -F --pid="${pid}" "${dir}/build.log" 2>/dev/null |
	grep --line-buffered -E '^(STEP [0-9]+/[0-9]+:|install-go:|install-gonb:|install-pjrt:|warm-caches:)' || true
if ! wait "${pid}"; then
	echo "--- the last lines of ${dir}/build.log:" >&2
	tail -n 40 "${dir}/build.log" >&2
	die "building ${image} failed after $(elapsed "${start}")s; the whole log is in ${dir}/build.log"
fi
first=$(elapsed "${start}")
first_steps=$(steps "${dir}/build.log")

# 3. Again: every step from the cache.
start=$(date +%s)
build "${dir}/build-cached.log" || {
	tail -n 40 "${dir}/build-cached.log" >&2
	die "the second build of ${image} failed; see ${dir}/build-cached.log"
}
cached=$(elapsed "${start}")
cached_steps=$(steps "${dir}/build-cached.log")

# Earlier builds' layers; the cache of this build belongs to the image.
pruned=$(buildah rmi --prune 2>/dev/null | grep -c . || true)
[[ ${pruned} -eq 0 ]] || log "removed ${pruned} images of earlier builds (buildah rmi --prune)"

size=$(podman image inspect --format '{{.Size}}' "${image}")
figures="built ${image}: first build ${first}s (${first_steps}), cached build ${cached}s (${cached_steps}), image size $((size / 1000000)) MB"
log "${figures}"
# For the summary at the end of the tests (docker/imagetest reads DLGO_TEST_SUMMARY).
printf 'docker-test: substituted: %s\ndocker-test: %s\n' "${substituted}" "${figures}" >"${dir}/summary"
