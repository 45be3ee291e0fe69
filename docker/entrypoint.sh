#!/usr/bin/env bash
# entrypoint.sh starts the image: it copies the image's notebooks into the
# project's notebooks directory where they are missing (that directory is
# the user's volume, so edits are kept), then runs JupyterLab behind a
# token, or the command given to `docker run`.
#
# Once JupyterLab answers, the URL to open (with the token) is printed
# last, in a box (jupyter-url.sh, beside this script).
#
# Environment:
#   JUPYTER_TOKEN    token JupyterLab requires; a random one is generated
#                    when it is unset or empty. JupyterLab never runs without
#                    a token, and reads it from this variable: it is never on
#                    a command line, where every process in the container
#                    could read it (ps, /proc/*/cmdline).
#   DLGO_HELLO_DIR   the project's checkout, which JupyterLab serves; its
#                    notebooks/ directory is where the volume is mounted.
#   DLGO_NOTEBOOKS   the notebooks as shipped in the image.
set -euo pipefail

die() {
	echo "entrypoint: $*" >&2
	exit 1
}

readonly port=8888

if [[ $(id -u) -eq 0 ]]; then
	die "refusing to run as root; start the container as its default user (drop --user)"
fi

repo="${DLGO_HELLO_DIR:-${HOME}}"
notebooks="${repo}/notebooks"

# sync_notebooks copies the files under $1 that $2 lacks, so a volume mounted
# on the notebooks gets them on first start and keeps the user's edits after.
sync_notebooks() {
	local src=$1 dst=$2 rel
	while IFS= read -r -d '' rel; do
		rel=${rel#./}
		if [[ -d "${src}/${rel}" ]]; then
			mkdir -p "${dst}/${rel}"
		elif [[ ! -e "${dst}/${rel}" ]]; then
			cp -p "${src}/${rel}" "${dst}/${rel}"
		fi
	done < <(cd "${src}" && find . -mindepth 1 -not -name '.ipynb_checkpoints' -print0)
}

if [[ -n ${DLGO_NOTEBOOKS:-} && -d ${DLGO_NOTEBOOKS} ]]; then
	mkdir -p "${notebooks}"
	sync_notebooks "${DLGO_NOTEBOOKS}" "${notebooks}"
fi

if [[ $# -gt 0 ]]; then
	exec "$@"
fi

if [[ -z ${JUPYTER_TOKEN:-} ]]; then
	JUPYTER_TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
fi
[[ -n ${JUPYTER_TOKEN} ]] || die "could not generate a token"
export JUPYTER_TOKEN

# Python's debugger (debugpy, which every Python kernel of ipykernel
# loads) warns about frozen modules on Python 3.11 when such a kernel
# starts; the warning is harmless and only misleads.
export PYDEVD_DISABLE_FILE_VALIDATION=1

echo "entrypoint: starting JupyterLab on port ${port} (a few seconds); the URL to open follows once it answers..."
# In a subshell that exits at once, so that tini, not JupyterLab, reaps it.
(JUPYTER_URL_NOTE="(use the host port you published if it is not ${port})" \
	"$(dirname "${BASH_SOURCE[0]}")/jupyter-url.sh" $$ "${port}" /lab/tree/notebooks &)
exec jupyter lab \
	--no-browser \
	--ip=0.0.0.0 \
	--port="${port}" \
	--port-retries=0 \
	--ServerApp.root_dir="${repo}" \
	--ServerApp.default_url=/lab/tree/notebooks \
	--MappingKernelManager.default_kernel_name=gonb
