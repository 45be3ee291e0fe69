#!/usr/bin/env bash
# run.sh runs mlp on XLA on a machine with an NVIDIA GPU, the JAX CUDA PJRT
# plugin and the nvidia-* CUDA wheels in Python's site-packages, and no Go:
# `make device-check` lays it out with the binaries and MNIST. Every step has
# a timeout and the whole run stays under DEVICE_CHECK_BUDGET seconds (500).
#
# Usage: bash run.sh OUT_DIR
#
# Steps, each logged to OUT_DIR/NN-name.log and summed up in OUT_DIR/summary.txt:
#   seed      the seed's 20 epochs, timed per epoch, on the CUDA plugin; saved
#   evaluate  the saved model loaded and evaluated again (same accuracy)
#   inside    mlp's tests of LayerOutputs and Gradients, on the CUDA plugin
#   hello     cmd/hello, the seed as users run it, on the CUDA plugin
#   bench     cmd/bench on the CUDA plugin (mlp only)
#   plugins   any other PJRT plugin (a shared object exporting GetPjrtApi,
#             e.g. a CPU one inside jaxlib) in site-packages; the seed on each
#             one that loads
#
# DEVICE_CHECK_DRY=1 runs every step on GoMLX's Go backend with 1 epoch (the
# timed seed on 10,000 images), so the script is tested where there is no GPU. DEVICE_CHECK_PLUGIN=/abs/path.so
# names the CUDA plugin instead of looking for it.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -eq 1 ]] || {
	echo "usage: bash $0 OUT_DIR" >&2
	exit 2
}
out=$1
mkdir -p "$out" || exit 1
out=$(cd "$out" && pwd)
summary="$out/summary.txt"
: >"$summary"
budget=${DEVICE_CHECK_BUDGET:-500}
dry=${DEVICE_CHECK_DRY:-}
epochs=20 limit=()
[[ -n $dry ]] && epochs=1 limit=(-limit 10000)
start=$SECONDS
failed=0
n=0

note() { echo "$*" | tee -a "$summary"; }

# step NAME TIMEOUT CMD...: runs CMD with its output in OUT/NN-NAME.log (also
# $lastlog), within TIMEOUT seconds and what is left of the budget; notes the
# outcome and the command's "summary:" lines. A failure fails the whole check
# unless the variable optional is set.
step() {
	local name=$1 limit=$2
	shift 2
	n=$((n + 1))
	local log
	log="$out/$(printf %02d $n)-$name.log"
	lastlog=$log
	local left=$((budget - (SECONDS - start) - 10))
	if ((left < 20)); then
		note "$name: skipped: out of time (budget ${budget} s)"
		return 1
	fi
	((limit > left)) && limit=$left
	echo "== $name (timeout ${limit} s): $*" | tee "$log"
	local t0=$SECONDS rc=0
	timeout -k 10 "$limit" "$@" </dev/null >>"$log" 2>&1 || rc=$?
	local took=$((SECONDS - t0))
	grep '^summary: ' "$log" | sed "s/^summary: /$name: /" | tee -a "$summary"
	if ((rc == 0)); then
		note "$name: ok (${took} s, $(basename "$log"))"
		return 0
	fi
	local what="FAILED"
	[[ -n ${optional:-} ]] && what="failed (optional)"
	if ((rc == 124 || rc == 137)); then
		note "$name: $what: timed out after ${limit} s ($(basename "$log"))"
	else
		note "$name: $what: exit status $rc ($(basename "$log")): $(grep -v '^== ' "$log" | tail -n 3 | tr '\n' ' ')"
	fi
	[[ -n ${optional:-} ]] || failed=1
	return $rc
}

command -v timeout >/dev/null || {
	echo "run.sh: the timeout command (coreutils) is missing" >&2
	exit 1
}
export MNIST_DIR="$here/mnist"
export GOMLX_NO_AUTO_INSTALL=1
export XDG_CACHE_HOME="$out/cache"

# The binaries, compressed in bin/, unpacked outside OUT.
bin=$(mktemp -d "${TMPDIR:-/tmp}/device-check-bin.XXXXXX") || exit 1
trap 'rm -rf "$bin"' EXIT
for gz in "$here"/bin/*.gz; do
	exe="$bin/$(basename "$gz" .gz)"
	if command -v gzip >/dev/null; then
		gzip -dc "$gz" >"$exe"
	else
		python3 -c 'import gzip, shutil, sys; shutil.copyfileobj(gzip.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$gz" "$exe"
	fi || {
		echo "run.sh: cannot unpack $gz" >&2
		exit 1
	}
	chmod +x "$exe"
done

note "device check $(date -u +%FT%TZ) on $(uname -n), $(nproc) CPUs${dry:+, dry run on the Go backend}"
if command -v nvidia-smi >/dev/null; then
	nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | sed 's/^/gpu: /' | tee -a "$summary"
fi

python=$(command -v python3 || true)
sitedirs=()
if [[ -n $python ]]; then
	note "python: $("$python" --version 2>&1), jax $("$python" -c 'import importlib.metadata as m; print(m.version("jax"))' 2>/dev/null || echo "not installed")"
	mapfile -t sitedirs < <("$python" -c 'import site, sys; print("\n".join(p for p in site.getsitepackages() + [site.getusersitepackages()] + sys.path if p.endswith("-packages")))' 2>/dev/null | awk '!seen[$0]++')
fi

# The CUDA plugin: named, else inside the jax_plugins package, else any
# xla_cuda_plugin.so in site-packages.
cuda=${DEVICE_CHECK_PLUGIN:-}
if [[ -z $cuda && -z $dry && -n $python ]]; then
	cuda=$("$python" -c '
import importlib.util, glob, os
for name in ("jax_plugins.xla_cuda13", "jax_plugins.xla_cuda12"):
    try:
        spec = importlib.util.find_spec(name)
    except Exception:
        continue
    for d in (spec.submodule_search_locations or []) if spec else []:
        for f in sorted(glob.glob(os.path.join(d, "*.so"))):
            if "cuda" in os.path.basename(f):
                print(os.path.abspath(f)); raise SystemExit
' 2>/dev/null)
	if [[ -z $cuda ]]; then
		for d in "${sitedirs[@]}"; do
			cuda=$(find "$d" -name xla_cuda_plugin.so -print -quit 2>/dev/null)
			[[ -n $cuda ]] && break
		done
	fi
fi

# The CUDA libraries of the nvidia-* wheels: their lib folders on
# LD_LIBRARY_PATH, ptxas on PATH, and libdevice's folder for XLA.
for d in "${sitedirs[@]}"; do
	for lib in "$d"/nvidia/*/lib; do
		[[ -d $lib ]] && LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	done
	for ptxas in "$d"/nvidia/*/bin/ptxas; do
		[[ -x $ptxas ]] && PATH="$(dirname "$ptxas"):$PATH"
	done
	for libdevice in "$d"/nvidia/*/nvvm/libdevice; do
		[[ -d $libdevice && -z ${cuda_data_dir:-} ]] && cuda_data_dir=$(dirname "$(dirname "$libdevice")")
	done
done
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}" PATH
if [[ -n ${cuda_data_dir:-} ]]; then
	export XLA_FLAGS="${XLA_FLAGS:+$XLA_FLAGS }--xla_gpu_cuda_data_dir=$cuda_data_dir"
	export GOPJRT_CUDA_CHECKS=0 # go-xla looks for nvidia/ next to the plugin; XLA_FLAGS says where it is
fi

model="$out/seed.model"
if [[ -n $dry ]]; then
	backend=go
	note "cuda: skipped: no plugin (dry run)"
elif [[ -n $cuda ]]; then
	cuda=$(readlink -f "$cuda")
	backend="xla:$cuda"
	note "cuda plugin: $cuda"
	note "LD_LIBRARY_PATH: ${LD_LIBRARY_PATH:-none}; XLA_FLAGS: ${XLA_FLAGS:-none}"
else
	backend=
	note "cuda: skipped: no plugin (no jax_plugins.xla_cuda13 and no xla_cuda_plugin.so in ${sitedirs[*]:-site-packages})"
	failed=1
fi

if [[ -n $backend ]]; then
	export GOMLX_BACKEND=$backend
	if step seed 240 "$bin/devicecheck" seed -epochs "$epochs" "${limit[@]}" -save "$model"; then
		acc=$(grep -o 'test accuracy [0-9.]*' "$lastlog" 2>/dev/null | head -n 1 | awk '{print $3}')
		step evaluate 90 "$bin/devicecheck" evaluate -want-accuracy "${acc:--1}" "$model"
	fi
	# LayerOutputs equal a forward pass by hand; Gradients equal the step SGD takes.
	step inside 90 "$bin/mlp.test" -test.v -test.run 'TestLayerOutputsEqualAForwardPassByHand|TestGradientsAreTheStepSGDTakes|TestRecordGradientSizes'
	step hello 200 "$bin/hello" -epochs "$epochs" -save "$out/hello.model"
	grep -h -E '^(Total loss|Accuracy of testing)' "$lastlog" 2>/dev/null | sed 's/^/hello: /' >>"$summary"
	if [[ -n $dry ]]; then
		step bench 120 "$bin/bench" -python "" -xla off -rounds 1 -limit 3000
	else
		step bench 120 "$bin/bench" -python "" -xla off -rounds 3
	fi
	grep -h '^| mlp' "$lastlog" 2>/dev/null | sed 's/^/bench: /' >>"$summary"
	unset GOMLX_BACKEND
fi

# Other PJRT plugins (a CPU one, e.g. inside jaxlib): the seed on each that loads.
plugins="$out/plugins.txt"
if step plugins 60 "$bin/devicecheck" plugins "${sitedirs[@]}" /usr/local/lib/go-xla "$HOME/.local/lib/go-xla"; then
	# CPU-looking ones first; the CUDA plugin in use is left out.
	grep '^/' "$lastlog" | grep -v -x -F "${cuda:-/nonexistent}" | awk '{print (tolower($0) ~ /cuda|gpu|tpu/), $0}' |
		sort -s -k1,1n | cut -d' ' -f2- >"$plugins"
	if [[ ! -s $plugins ]]; then
		note "cpu: skipped: no plugin (no other shared object exporting GetPjrtApi)"
	fi
	while read -r so; do
		note "other PJRT plugin: $so"
		export GOMLX_BACKEND="xla:$so"
		if optional=1 step plugin-probe 60 "$bin/devicecheck" seed -epochs 1 -limit 1000; then
			optional=1 step plugin-seed 240 "$bin/devicecheck" seed -epochs "$epochs"
		fi
		unset GOMLX_BACKEND
	done <"$plugins"
fi

note "done in $((SECONDS - start)) s; logs in $out"
if ((failed)); then
	note "result: FAILED (see the lines above)"
	exit 1
fi
note "result: ok"
