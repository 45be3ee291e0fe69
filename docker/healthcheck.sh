#!/usr/bin/env bash
# healthcheck.sh succeeds when JupyterLab answers on port 8888 (JUPYTER_PORT,
# as in entrypoint.sh). It asks for /api, which Jupyter Server (and Jupyter
# Notebook) serves without a token (it only returns the server version), so
# the check needs no secret.
set -euo pipefail

exec curl --fail --silent --show-error --max-time 4 --output /dev/null \
	"http://127.0.0.1:${JUPYTER_PORT:-8888}/api"
