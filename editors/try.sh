#!/usr/bin/env bash
# try.sh FILE.go: open FILE in headless Neovim with gopls built with
# leakvet's checks (editors/build-gopls.sh, cached), and print what the
# editor gets from the server:
#
#   # diagnostics
#   file:line:col: source: message         (source: the analyzer, e.g. stranded)
#   	file:line:col: related information
#   # float at file:line:col              (what :lua vim.diagnostic.open_float() shows there)
#   # code actions at file:line:col       (the first diagnostic)
#   kind: title
#   # after the quick fix "..."            (the first quick fix, applied to the buffer)
#   file:line: the changed line
#   # diagnostics after the fix
#   # messages from gopls                 (errors and warnings it showed, if any)
#
# The configuration is editors/nvim/init.lua (what a user puts in
# init.lua); editors/nvim/try.lua drives the editor. FILE is not modified.
# Run it from anywhere; paths are printed relative to the current directory.
#
# Environment: LEAKVET_GOPLS, a gopls to use instead of building one;
# NVIM, the Neovim binary (default nvim).
# Exit status: 0 when the editor ran (with or without diagnostics), 1 when
# it could not (no Neovim, gopls failed to build or start, a wait ran out),
# 2 on a usage error.
set -euo pipefail

usage() { echo "usage: editors/try.sh FILE.go" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in -*) usage ;; esac
file=$1
[ -f "$file" ] || { echo "try.sh: $file: no such file" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
nvim=${NVIM:-nvim}
command -v "$nvim" >/dev/null || {
  echo "try.sh: Neovim ($nvim) is not installed (Debian: apt-get install neovim)" >&2
  exit 1
}

gopls=${LEAKVET_GOPLS:-}
if [ -z "$gopls" ]; then
  gopls=$("$here/build-gopls.sh") || { echo "try.sh: building gopls failed" >&2; exit 1; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Neovim's own state (its log) stays in the temporary directory; -n and
# -i NONE turn off swap and shada files. XDG_CONFIG_HOME is left alone: the
# go command gopls runs reads its settings (go env -w) from there.
export XDG_STATE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/data"
export LEAKVET_GOPLS="$gopls" LEAKVET_TRY_OUT="$tmp/report"

# try.lua bounds every wait by a count of polls and always quits; timeout
# is a last resort against an editor that stops responding.
status=0
timeout -k 10 600 "$nvim" --headless -n -i NONE --noplugin -u "$here/nvim/init.lua" "$file" \
  -c "luafile $here/nvim/try.lua" </dev/null >"$tmp/nvim.out" 2>&1 || status=$?
if [ -f "$tmp/report" ]; then
  cat "$tmp/report"
fi
if [ "$status" -ne 0 ] || [ ! -f "$tmp/report" ]; then
  echo "try.sh: nvim exited with status $status" >&2
  cat "$tmp/nvim.out" >&2
  exit 1
fi
