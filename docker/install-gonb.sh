#!/usr/bin/env bash
# install-gonb.sh installs the GoNB Jupyter kernel and the tools it needs
# (goimports, gopls) at the versions pinned in docker/tools/go.mod, then
# registers the kernel with Jupyter.
#
# Usage: docker/install-gonb.sh BIN_DIR [JUPYTER_DATA_DIR]
#
#   BIN_DIR           where gonb, goimports and gopls are installed.
#   JUPYTER_DATA_DIR  Jupyter data directory that receives kernels/gonb.
#                     Defaults to $JUPYTER_DATA_DIR, else GoNB's default
#                     (~/.local/share/jupyter on Linux).
#
# The Docker image and `make` on a host both use this script. It is
# idempotent: binaries already built from the pinned versions by the current
# Go toolchain are kept, so a second run only rewrites the kernelspec.
#
# The kernelspec's "env" is completed so that the kernel finds go,
# goimports and gopls and builds with GOEXPERIMENT=simd even when Jupyter
# is started with a PATH that lacks BIN_DIR. Its arguments send GoNB's own
# log (glog-style lines such as "I1127 12:00:00 main.go:187] ...", and
# "E... main.go:191] Error message", a test line GoNB v0.11.5 logs at every
# start) to GONB_LOG instead of the Jupyter server's terminal; only fatal
# errors still go there.
#
# Each long step says what it does and how long it usually takes, and how
# long it took.
#
# Environment:
#   GOEXPERIMENT  used for the builds and recorded in the kernelspec
#                 (default simd).
#   GONB_GO_WORK  comma-separated module directories (e.g. this repository)
#                 that every new notebook's go.work uses, so notebooks import
#                 the project's packages without setup (gonb --go_work).
#   GONB_LOG      file that receives GoNB's log (default /dev/null); the
#                 kernel appends to it, so it must be writable by the user
#                 who runs Jupyter.
set -euo pipefail

die() {
	echo "install-gonb: $*" >&2
	exit 1
}
log() { echo "install-gonb: $*"; }

# elapsed prints the time since SECONDS was $1, as "42s" or "2m05s".
elapsed() {
	local s=$((SECONDS - $1))
	if ((s < 60)); then
		echo "${s}s"
	else
		printf '%dm%02ds\n' $((s / 60)) $((s % 60))
	fi
}

[[ $# -ge 1 && $# -le 2 ]] || die "usage: $0 BIN_DIR [JUPYTER_DATA_DIR]"
command -v go >/dev/null || die "go not found on PATH (install it first, e.g. docker/install-go.sh)"
command -v python3 >/dev/null || die "python3 not found on PATH (needed to edit the kernelspec)"

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools_dir="${script_dir}/tools"
[[ -f "${tools_dir}/go.mod" ]] || die "missing ${tools_dir}/go.mod"

mkdir -p "$1"
bin_dir=$(cd "$1" && pwd)
if [[ $# -eq 2 ]]; then
	mkdir -p "$2"
	JUPYTER_DATA_DIR=$(cd "$2" && pwd)
	export JUPYTER_DATA_DIR
fi
export GOEXPERIMENT="${GOEXPERIMENT:-simd}"

# Arguments of `gonb --install`.
install_args=(--install)
if [[ -n ${GONB_GO_WORK:-} ]]; then
	# Kernels start in a temporary directory: the paths must be absolute.
	go_work=()
	IFS=, read -ra dirs <<<"${GONB_GO_WORK}"
	for d in "${dirs[@]}"; do
		if [[ -d ${d} ]]; then
			d=$(cd "${d}" && pwd)
		elif [[ ${d} != /* ]]; then
			die "GONB_GO_WORK: ${d} must be an absolute path"
		fi
		go_work+=("${d}")
	done
	install_args+=("--go_work=$(IFS=,; echo "${go_work[*]}")")
fi

go_version=$(go env GOVERSION)
go_bin_dir=$(dirname "$(command -v go)")

# up_to_date BINARY PACKAGE MODULE VERSION reports whether BINARY was built
# from PACKAGE of MODULE@VERSION by the current Go toolchain.
up_to_date() {
	local info built_with
	[[ -x "$1" ]] || return 1
	info=$(go version -m "$1" 2>/dev/null) || return 1
	built_with=$(head -n 1 <<<"${info}")
	built_with=${built_with#*: }
	# "go1.26.8", or "go1.26.8-X:simd" when built with experiments.
	[[ ${built_with} == "${go_version}" || ${built_with} == "${go_version}-X:"* ]] || return 1
	awk -F '\t' -v pkg="$2" -v mod="$3" -v ver="$4" '
		$2 == "path" && $3 == pkg { p = 1 }
		$2 == "mod" && $3 == mod && $4 == ver { m = 1 }
		END { exit !(p && m) }' <<<"${info}"
}

cd "${tools_dir}"
# Tool packages with their modules and pinned versions, one per line.
log "checking GoNB, goimports and gopls against docker/tools/go.mod (seconds; downloads their modules on a first run, about 10 s)..."
start=${SECONDS}
mapfile -t tools < <(go list -mod=readonly -f '{{.ImportPath}} {{.Module.Path}} {{.Module.Version}}' tool)
[[ ${#tools[@]} -gt 0 ]] || die "no tool directives in ${tools_dir}/go.mod"

stale=0
for t in "${tools[@]}"; do
	read -r pkg mod version <<<"${t}"
	name=${pkg##*/}
	if up_to_date "${bin_dir}/${name}" "${pkg}" "${mod}" "${version}"; then
		log "${name} ${version} already installed in ${bin_dir}"
	else
		log "${name} ${version} will be built"
		stale=1
	fi
done

log "checked in $(elapsed "${start}")"

if [[ ${stale} -eq 1 ]]; then
	log "building GoNB, goimports and gopls with ${go_version} (GOEXPERIMENT=${GOEXPERIMENT}) into ${bin_dir}"
	log "first run only: about 1 minute with a warm Go build cache, 2-5 minutes on 2 cores without; nothing is printed meanwhile..."
	start=${SECONDS}
	GOBIN="${bin_dir}" go install -mod=readonly tool
	log "built in $(elapsed "${start}")"
	for t in "${tools[@]}"; do
		read -r pkg mod version <<<"${t}"
		up_to_date "${bin_dir}/${pkg##*/}" "${pkg}" "${mod}" "${version}" ||
			die "${bin_dir}/${pkg##*/} does not report ${mod} ${version} after the build"
	done
fi

# Register the kernel. GoNB writes kernels/gonb/kernel.json under
# $JUPYTER_DATA_DIR (or ~/.local/share/jupyter), pointing at its own binary,
# and checks that goimports and gopls are on PATH.
export PATH="${bin_dir}:${PATH}"
# Its log line on success is glog-style noise; shown only on failure.
if ! out=$("${bin_dir}/gonb" "${install_args[@]}" 2>&1); then
	echo "${out}" >&2
	die "gonb --install failed"
fi
data_dir="${JUPYTER_DATA_DIR:-${HOME}/.local/share/jupyter}"
kernel_json="${data_dir}/kernels/gonb/kernel.json"
[[ -f "${kernel_json}" ]] || die "gonb --install did not write ${kernel_json}"

# Jupyter substitutes ${VAR} in kernelspec env values with the server's
# environment, so the kernel keeps the user's PATH with the tools in front.
# GoNB's log flags (klog's) are rewritten: klog logs everything to stderr by
# default, which the Jupyter server prints.
KERNEL_PATH="${bin_dir}:${go_bin_dir}:\${PATH}" KERNEL_LOG="${GONB_LOG:-/dev/null}" \
	python3 - "${kernel_json}" <<'EOF'
import json, os, sys

path = sys.argv[1]
with open(path) as f:
    spec = json.load(f)
env = spec.get("env") or {}
env["PATH"] = os.environ["KERNEL_PATH"]
env["GOEXPERIMENT"] = os.environ["GOEXPERIMENT"]
spec["env"] = env
flags = {
    "-logtostderr": "false",     # log to GONB_LOG, not the server's terminal
    "-stderrthreshold": "FATAL", # only fatal errors still reach the terminal
    "-extra_log": os.environ["KERNEL_LOG"],
    # klog writes its own files to /tmp unless given one; GoNB already
    # writes -extra_log, so the same file makes klog write nothing itself.
    "-log_file": os.environ["KERNEL_LOG"],
}
argv = [a for a in spec["argv"] if a.split("=", 1)[0] not in flags]
spec["argv"] = argv + [f"{k}={v}" for k, v in flags.items()]
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
EOF
log "kernel gonb registered in ${kernel_json}"
