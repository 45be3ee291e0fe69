#!/usr/bin/env bash
# The first cell of every notebook in notebooks/ runs this script, in the directory of the Go module
# GoNB compiles the cells in (the cell's working directory). It makes that module use this
# repository (a replace of github.com/dlgo/hello by the folder above this one) and pins GoNB's
# display package, gonbui, to the GoNB version of this repository's go.mod. On failure it prints one
# line on stderr and exits with status 1.
set -u
module=github.com/dlgo/hello
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

fail() { # fail WHAT OUTPUT: one line saying what failed, with the last line of the command's output
	echo "setup: $1 failed: $(printf '%s\n' "$2" | grep -v '^\s*$' | tail -n 1)" >&2
	exit 1
}

if ! grep -qs "^module $module\$" "$repo/go.mod"; then
	echo "setup: $repo is not the $module repository: open the notebook from its notebooks/ folder" >&2
	exit 1
fi
gonb=$(grep -o 'github.com/janpfeifer/gonb v[^ ]*' "$repo/go.mod" | head -n 1 | tr ' ' '@')
[ -n "$gonb" ] || fail "finding GoNB's version in $repo/go.mod" "no github.com/janpfeifer/gonb requirement"
out=$(go mod edit -require="$module@v0.0.0" -replace="$module=$repo" 2>&1) || fail "go mod edit" "$out"
out=$(go get "$gonb" 2>&1) || fail "go get $gonb" "$out"
exit 0
