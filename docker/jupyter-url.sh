#!/usr/bin/env bash
# jupyter-url.sh waits until the Jupyter server that process PID runs
# answers on PORT, then prints the URL to open, with its token, in a box:
# the server's own banner only shows the token masked ("?token=..."), and
# the URL printed before the server started scrolled away under its log.
# It also writes the URL to URL_FILE (mode 0600) when one is given, for
# scripts. Start it in the background just before exec'ing the server, in a
# subshell so that it is not left a zombie of the server:
#
#   (docker/jupyter-url.sh $$ 8888 /lab .tools/jupyter-url &)
#   exec jupyter lab ...
#
# Usage: jupyter-url.sh PID PORT URL_PATH [URL_FILE]
#
# It asks the server's /api/status with the token in an Authorization
# header, read from the environment: the token never appears on a command
# line, where any local user could read it (ps, /proc/*/cmdline). It gives
# up quietly when PID exits first (the server failed; its log says why),
# and with a message after JUPYTER_WAIT seconds.
#
# Environment:
#   JUPYTER_TOKEN     the server's token (required).
#   JUPYTER_URL_HOST  host name in the printed URL (default 127.0.0.1).
#   JUPYTER_URL_NOTE  a line printed in the box under the URL.
#   JUPYTER_WAIT      seconds to wait for the server (default 120).
set -euo pipefail

die() {
	echo "jupyter-url: $*" >&2
	exit 1
}

[[ $# -ge 3 && $# -le 4 ]] || die "usage: $0 PID PORT URL_PATH [URL_FILE]"
pid=$1 port=$2 url_path=$3 url_file=${4:-}
[[ ${pid} =~ ^[0-9]+$ ]] || die "PID ${pid} is not a process id"
[[ ${port} =~ ^[0-9]+$ ]] || die "PORT ${port} is not a port number"
[[ -n ${JUPYTER_TOKEN:-} ]] || die "JUPYTER_TOKEN is not set"
command -v python3 >/dev/null || die "python3 not found on PATH"

# One Python process polls (Jupyter needs Python, so it is there): exit
# status 0 when the server answers, 1 when PID ends, 2 on time-out.
status=0
JUPYTER_PORT="${port}" JUPYTER_PID="${pid}" python3 - <<'EOF' || status=$?
import os, sys, time, urllib.error, urllib.request

pid = int(os.environ["JUPYTER_PID"])
url = "http://127.0.0.1:%s/api/status" % os.environ["JUPYTER_PORT"]
req = urllib.request.Request(url, headers={"Authorization": "token " + os.environ["JUPYTER_TOKEN"]})
deadline = time.monotonic() + float(os.environ.get("JUPYTER_WAIT") or 120)
try:
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            sys.exit(1)
        try:
            with urllib.request.urlopen(req, timeout=2) as resp:
                if resp.status == 200:
                    sys.exit(0)
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
except KeyboardInterrupt:
    sys.exit(1)
sys.exit(2)
EOF
case ${status} in
0) ;;
1) exit 0 ;; # the server stopped; its own log says why
2) die "the server did not answer on port ${port} within ${JUPYTER_WAIT:-120}s; see its log above" ;;
*) die "waiting for the server failed (python3 exited with ${status})" ;;
esac

url="http://${JUPYTER_URL_HOST:-127.0.0.1}:${port}${url_path}?token=${JUPYTER_TOKEN}"

if [[ -n ${url_file} ]]; then
	# Written whole or not at all; mktemp creates it with mode 0600.
	tmp=$(mktemp "${url_file}.XXXXXX")
	printf '%s\n' "${url}" >"${tmp}"
	mv -f "${tmp}" "${url_file}"
fi

lines=("Jupyter answered after ${SECONDS}s. Open this URL in your browser:" "" "  ${url}" "")
[[ -n ${url_file} ]] && lines+=("The URL is also in ${url_file}.")
[[ -n ${JUPYTER_URL_NOTE:-} ]] && lines+=("${JUPYTER_URL_NOTE}")
width=0
for l in "${lines[@]}"; do ((${#l} > width)) && width=${#l}; done
rule=$(printf '%*s' $((width + 2)) '' | tr ' ' '=')
bold='' reset=''
if [[ -t 1 ]]; then
	bold=$'\e[1;32m' reset=$'\e[0m'
fi
{
	echo
	echo "${bold}+${rule}+"
	for l in "${lines[@]}"; do printf '| %-*s |\n' "${width}" "${l}"; done
	echo "+${rule}+${reset}"
	echo
}
