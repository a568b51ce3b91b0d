#!/usr/bin/env bash
# bench/realcode.sh runs leakvet on real modules as docs/findings.md does:
# each MODULE@VERSION is copied, writable, from the module proxy into
# $CORPUS (default /tmp/leakvet-corpus), and `leakvet ./...` runs there
# with GOFLAGS=-mod=mod; its text output goes to $CORPUS/<module>.txt and a
# line per module says how many diagnostics it printed. std and cmd run
# from $(go env GOROOT)/src. Nothing here judges a diagnostic: that is done
# by reading the code, in docs/findings.md.
#
#   bench/realcode.sh [-o OUTDIR] MODULE@VERSION|std|cmd...
set -euo pipefail
cd "$(dirname "$0")/.."
out=${CORPUS:-/tmp/leakvet-corpus}
if [ "${1:-}" = "-o" ]; then out=$2; shift 2; fi
mkdir -p "$out"
go build -o "$out/leakvet" ./cmd/leakvet
for m in "$@"; do
  name=$(echo "$m" | tr '/@' '__')
  case $m in
    std) dir=$(go env GOROOT)/src; pat=std ;;
    cmd) dir=$(go env GOROOT)/src/cmd; pat=cmd ;;
    *)
      src=$(cd /tmp && go mod download -json "$m" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
      [ -n "$src" ] || { echo "$m: not served by the module proxy" >&2; continue; }
      dir=$out/src/$name
      if [ ! -d "$dir" ]; then
        mkdir -p "$dir" && cp -r "$src"/. "$dir" && chmod -R u+w "$dir"
      fi
      pat=./... ;;
  esac
  start=$(date +%s)
  (cd "$dir" && GOFLAGS=-mod=mod "$out/leakvet" "$pat" >"$out/$name.txt" 2>&1) || true
  n=$(grep -cE '^[^[:space:]]+:[0-9]+:[0-9]+: [^[:space:]]' "$out/$name.txt" || true)
  echo "$m: $n diagnostics ($(( $(date +%s) - start )) s), $out/$name.txt"
done
