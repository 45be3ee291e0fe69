#!/usr/bin/env bash
# entrypoint.sh starts the image: it copies the image's notebooks into the
# project's notebooks directory where they are missing (that directory is
# the user's volume, so edits are kept), then runs JupyterLab behind a
# token, or the command given to `docker run`.
#
# Once JupyterLab answers, the URL to open (with the token) is printed
# last, in a box (jupyter-url.sh, beside this script).
#
# It serves with JupyterLab when the image has it (jupyter-lab on PATH: pip's
# JupyterLab, the default), else with Jupyter Notebook (Debian's, in an image
# built with JUPYTER_SOURCE=debian), as `make jupyter` does on a host.
#
# The notebooks directory must be writable: when it is not (a volume mounted
# read-only, or a host folder that belongs to another user), it says so in
# one line and exits with status 1 before touching anything.
#
# Environment:
#   JUPYTER_TOKEN    token JupyterLab requires; a random one is generated
#                    when it is unset or empty. JupyterLab never runs without
#                    a token, and reads it from this variable: it is never on
#                    a command line, where every process in the container
#                    could read it (ps, /proc/*/cmdline).
#   JUPYTER_PORT     the port to listen on (default 8888); only for a
#                    container that shares the host's network (docker run
#                    --network host), where 8888 may be taken. With -p, keep
#                    8888 and choose the host port there.
#   JUPYTER_APP      lab or notebook (default: lab when jupyter-lab is on
#                    PATH, else notebook).
#   DLGO_HELLO_DIR   the project's checkout, which JupyterLab serves; its
#                    notebooks/ directory is where the volume is mounted.
#   DLGO_NOTEBOOKS   the notebooks as shipped in the image.
set -euo pipefail

die() {
	echo "entrypoint: $*" >&2
	exit 1
}

port=${JUPYTER_PORT:-8888}
[[ ${port} =~ ^[0-9]+$ ]] || die "JUPYTER_PORT=${port} is not a port number"

uid=$(id -u)
if [[ ${uid} -eq 0 ]]; then
	die "refusing to run as root; start the container as its default user (drop --user)"
fi

repo="${DLGO_HELLO_DIR:-${HOME}}"
notebooks="${repo}/notebooks"

# check_writable dies with one line when directory $1 exists and this user
# cannot write it: Jupyter would start, then fail at every save.
check_writable() {
	local dir=$1 owner
	[[ -d ${dir} && ! -w ${dir} ]] || return 0
	owner=$(stat -c %u "${dir}")
	if [[ ${owner} == "${uid}" ]]; then
		die "${dir} is read-only (a volume mounted with :ro?): mount it writable, or the notebooks could not be saved; nothing was changed"
	fi
	die "${dir} belongs to uid ${owner}, and this container runs as uid ${uid}, which cannot write it: mount a named volume there, or make the host folder writable by uid ${uid} (sudo chown -R ${uid} FOLDER); nothing was changed"
}

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
	check_writable "${notebooks}"
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

app=${JUPYTER_APP:-}
if [[ -z ${app} ]]; then
	if command -v jupyter-lab >/dev/null; then app=lab; else app=notebook; fi
fi
case ${app} in
lab) name=JupyterLab url_path=/lab/tree/notebooks ;;
notebook) name="Jupyter Notebook" url_path=/tree/notebooks ;;
*) die "JUPYTER_APP=${app}: want lab or notebook" ;;
esac

echo "entrypoint: starting ${name} on port ${port} (a few seconds); the URL to open follows once it answers..."
# In a subshell that exits at once, so that tini, not JupyterLab, reaps it.
(JUPYTER_URL_NOTE="(use the host port you published if it is not ${port})" \
	"$(dirname "${BASH_SOURCE[0]}")/jupyter-url.sh" $$ "${port}" "${url_path}" &)
common=(
	--no-browser
	--ip=0.0.0.0
	--port="${port}"
	--port-retries=0
	--MappingKernelManager.default_kernel_name=gonb
)
if [[ ${app} == lab ]]; then
	exec jupyter lab "${common[@]}" \
		--ServerApp.root_dir="${repo}" \
		--ServerApp.default_url="${url_path}"
fi
exec jupyter notebook "${common[@]}" \
	--NotebookApp.notebook_dir="${repo}" \
	--NotebookApp.default_url="${url_path}"
