#!/usr/bin/env bash
# healthcheck.sh succeeds when JupyterLab answers on port 8888. It asks for
# /api, which Jupyter Server serves without a token (it only returns the
# server version), so the check needs no secret.
set -euo pipefail

exec curl --fail --silent --show-error --max-time 4 --output /dev/null \
	"http://127.0.0.1:8888/api"
