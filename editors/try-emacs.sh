#!/usr/bin/env bash
# try-emacs.sh FILE.go: as try.sh, in Emacs (batch mode) with eglot:
# opens FILE with editors/emacs/init.el and prints the diagnostics Flymake
# gets from gopls built with leakvet's checks, the code actions at the
# first one, and the result of its quick fix. FILE is not modified.
#
# Needs Emacs with eglot and go-mode (Debian: apt-get install emacs-nox
# elpa-eglot elpa-go-mode). Environment: LEAKVET_GOPLS, a gopls to use
# instead of building one. Exit status: 0 when the editor ran, 1 when it
# could not, 2 on a usage error.
set -euo pipefail

usage() { echo "usage: editors/try-emacs.sh FILE.go" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in -*) usage ;; esac
file=$1
[ -f "$file" ] || { echo "try-emacs.sh: $file: no such file" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
command -v emacs >/dev/null || {
  echo "try-emacs.sh: Emacs is not installed (Debian: apt-get install emacs-nox elpa-eglot elpa-go-mode)" >&2
  exit 1
}

gopls=${LEAKVET_GOPLS:-}
if [ -z "$gopls" ]; then
  gopls=$("$here/build-gopls.sh") || { echo "try-emacs.sh: building gopls failed" >&2; exit 1; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LEAKVET_GOPLS="$gopls" LEAKVET_TRY_OUT="$tmp/report" LEAKVET_TRY_FILE="$file"

# -q: no user init file, but Debian's site start, which puts the elpa-*
# packages on the load path. try.el always exits; timeout is a last resort.
status=0
timeout -k 10 600 emacs --batch -q -l "$here/emacs/init.el" -l "$here/emacs/try.el" \
  </dev/null >"$tmp/emacs.out" 2>&1 || status=$?
if [ -f "$tmp/report" ]; then
  cat "$tmp/report"
fi
if [ "$status" -ne 0 ] || [ ! -f "$tmp/report" ]; then
  echo "try-emacs.sh: emacs exited with status $status" >&2
  cat "$tmp/emacs.out" >&2
  exit 1
fi
