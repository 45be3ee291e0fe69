#!/usr/bin/env bash
# serve-notebooks.sh serves a folder of notebooks with Jupyter on
# 127.0.0.1 behind a token (JupyterLab when installed, else Notebook), as
# `make jupyter` does on a host; the Docker image starts JupyterLab with
# entrypoint.sh instead. Once the server answers, the URL to open is printed
# last, in a box (jupyter-url.sh).
#
# Usage: docker/serve-notebooks.sh NOTEBOOK_DIR [JUPYTER_OPTION...]
#
#   JUPYTER_OPTION  passed on to the server, e.g. --allow-root, which
#                   Jupyter requires to run as root.
#
# The token reaches Jupyter through JUPYTER_TOKEN in its environment, which
# Notebook 6 and Jupyter Server both read, never on a command line, where
# any local user could read it (ps, /proc/*/cmdline).
#
# Environment:
#   JUPYTER_TOKEN     the token; a random one when unset or empty.
#   JUPYTER_PORT      the port (default 8888); the server fails rather than
#                     moving to another port when it is taken.
#   JUPYTER_URL_FILE  file that receives the URL (mode 0600) once the server
#                     answers; removed at start, so an old URL never lingers.
#   JUPYTER_APP       lab or notebook (default: lab when jupyter-lab is on
#                     PATH, else notebook).
set -euo pipefail

die() {
	echo "serve-notebooks: $*" >&2
	exit 1
}

[[ $# -ge 1 ]] || die "usage: $0 NOTEBOOK_DIR [JUPYTER_OPTION...]"
dir=$1
shift
[[ -d ${dir} ]] || die "${dir}: no such directory"
command -v jupyter >/dev/null || die "jupyter not found on PATH (make tools installs it)"
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

port=${JUPYTER_PORT:-8888}
[[ ${port} =~ ^[0-9]+$ ]] || die "JUPYTER_PORT=${port} is not a port number"

app=${JUPYTER_APP:-}
if [[ -z ${app} ]]; then
	if command -v jupyter-lab >/dev/null; then app=lab; else app=notebook; fi
fi
case ${app} in
lab) url_path=/lab name=JupyterLab ;;
notebook) url_path=/tree name="Jupyter Notebook" ;;
*) die "JUPYTER_APP=${app}: want lab or notebook" ;;
esac

if [[ -z ${JUPYTER_TOKEN:-} ]]; then
	JUPYTER_TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
fi
[[ -n ${JUPYTER_TOKEN} ]] || die "could not generate a token"
export JUPYTER_TOKEN

# Python's debugger (debugpy, which every Python kernel of ipykernel loads)
# warns about frozen modules on Python 3.11 when such a kernel starts; the
# warning is harmless and only misleads.
export PYDEVD_DISABLE_FILE_VALIDATION=1

url_file=${JUPYTER_URL_FILE:-}
if [[ -n ${url_file} ]]; then
	mkdir -p "$(dirname "${url_file}")"
	rm -f "${url_file}"
fi

echo "serve-notebooks: starting ${name} on 127.0.0.1:${port} for ${dir} (a few seconds); the URL to open follows once it answers..."
# In a subshell that exits at once, so that init, not the server, reaps it.
(JUPYTER_URL_NOTE="Control-C twice stops the server." \
	"${script_dir}/jupyter-url.sh" $$ "${port}" "${url_path}" ${url_file:+"${url_file}"} &)
exec jupyter "${app}" --no-browser --ip=127.0.0.1 --port="${port}" --port-retries=0 \
	--notebook-dir="${dir}" "$@"
