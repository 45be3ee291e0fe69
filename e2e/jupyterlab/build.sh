#!/usr/bin/env bash
# build.sh builds the JupyterLab notebook page of this folder and prints the folder that holds it (index.html,
# bundle.js and its chunks), for jupyter_server's --ServerApp.extra_static_paths: the page is then
# /static/lab/index.html.
#
# Usage: e2e/jupyterlab/build.sh [CACHE_DIR]
#
# CACHE_DIR (default: .tools/jupyterlab-page in the repository) keeps
#   deps-<hash of package-lock.json>/node_modules   what `npm ci` installed, and
#   page-<hash of every input>/lab/                 the built page,
# so a second run with the same inputs prints the cached page at once, and a change to src/ rebuilds the page
# without reinstalling. npm keeps the downloaded packages in its own cache (~/.npm unless npm_config_cache says
# otherwise), so a new lock file only downloads what changed. Nothing half-built is left under a final name.
set -euo pipefail

die() {
	echo "jupyterlab/build.sh: $*" >&2
	exit 1
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "${here}/../.." && pwd)
cache=${1:-${root}/.tools/jupyterlab-page}
command -v node >/dev/null || die "node not found on PATH (install Node.js 18 or later: apt-get install nodejs npm)"
command -v npm >/dev/null || die "npm not found on PATH (apt-get install npm)"
mkdir -p "${cache}"
cache=$(cd "${cache}" && pwd)

cd "${here}"
inputs=(package.json package-lock.json build.js src/*)
lock_hash=$(sha256sum package-lock.json | cut -c1-16)
page_hash=$(sha256sum "${inputs[@]}" | sha256sum | cut -c1-16)
deps=${cache}/deps-${lock_hash}
page=${cache}/page-${page_hash}

if [[ -f ${page}/lab/index.html ]]; then
	echo "${page}"
	exit 0
fi

# Log to stderr: stdout is the page's folder only.
if [[ ! -f ${deps}/installed ]]; then
	echo "jupyterlab/build.sh: npm ci into ${deps}" >&2
	rm -rf "${deps}"
	mkdir -p "${deps}"
	cp package.json package-lock.json "${deps}/"
	start=${SECONDS}
	(cd "${deps}" && npm ci --ignore-scripts --no-audit --no-fund --prefer-offline >&2) ||
		die "npm ci failed (the npm registry must be reachable the first time, or npm's cache must hold the packages)"
	echo "jupyterlab/build.sh: npm ci took $((SECONDS - start)) s" >&2
	touch "${deps}/installed"
fi

tmp=$(mktemp -d "${cache}/.page-${page_hash}.tmp-XXXXXX")
trap 'rm -rf "${tmp}"' EXIT
start=${SECONDS}
node build.js "${deps}/node_modules" "${tmp}/lab" >&2 || die "webpack failed"
echo "jupyterlab/build.sh: webpack took $((SECONDS - start)) s" >&2
rm -rf "${page}"
mv "${tmp}" "${page}"
trap - EXIT

# Keep only what this build uses.
for old in "${cache}"/deps-* "${cache}"/page-*; do
	[[ ${old} == "${deps}" || ${old} == "${page}" ]] || rm -rf "${old}"
done
echo "${page}"
