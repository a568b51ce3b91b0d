#!/usr/bin/env bash
# bench/slowest.sh lists the packages where leakvet's own passes cost the
# most, next to what the floor's own passes (buildssa and its no-op) cost on
# the same package, from one run of each tool with the analysis driver's
# -debug=tp (leakvet with -debug=itp: its in-process driver, whose
# timings are per pass): per-pass timings, passes run one at a time (in parallel, the
# driver's timings include waiting for the CPU).
# Passes both tools run (loading, type checking, ctrlflow, inspect) are left
# out of both sides.
#
#   bench/slowest.sh [-n TOP] [PATTERN]     # default: -n 10 std
#
# Run from anywhere; PATTERN is resolved in $(go env GOROOT)/src (std) or
# $(go env GOROOT)/src/cmd (cmd, cmd/...). Not a test: no threshold.
set -euo pipefail
cd "$(dirname "$0")/.."

top=10
if [ "${1:-}" = "-n" ]; then top=$2; shift 2; fi
pattern=${1:-std}
dir=$(go env GOROOT)/src
case $pattern in cmd|cmd/*) dir=$dir/cmd ;; esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/leakvet" ./cmd/leakvet
go build -o "$tmp/floor" ./bench/floor

(cd "$dir" && "$tmp/floor" -debug=tp $pattern >/dev/null 2>"$tmp/floor.t") || true
(cd "$dir" && "$tmp/leakvet" -debug=itp $pattern >/dev/null 2>"$tmp/leakvet.t") || true

# -debug=tp prints "DURATION\tanalyzer@package"; sum per package the passes
# that belong to each tool.
sum() {
  awk -F'\t' -v own="$2" '
    function secs(d) {
      if (d ~ /ms$/) { sub(/ms$/, "", d); return d / 1000 }
      if (d ~ /µs$/) { sub(/µs$/, "", d); return d / 1e6 }
      if (d ~ /ns$/) { sub(/ns$/, "", d); return d / 1e9 }
      if (d ~ /m[0-9.]*s$/) { split(d, a, "m"); sub(/s$/, "", a[2]); return a[1] * 60 + a[2] }
      sub(/s$/, "", d); return d
    }
    NF == 2 && index($2, "@") > 0 {
      split($2, a, "@"); name = a[1]; pkg = substr($2, length(name) + 2)
      if (name ~ own) t[pkg] += secs($1)
    }
    END { for (p in t) printf "%s\t%.4f\n", p, t[p] }' "$1" | sort
}
sum "$tmp/floor.t" '^(buildssa|noop)$' >"$tmp/floor.sum"
sum "$tmp/leakvet.t" '^(summary|unpaired|stranded|noexit|deadlock|lintignore|leakvetdirectives|config)$' >"$tmp/leakvet.sum"

printf '| package | floor: buildssa (s) | leakvet: own passes (s) | ratio |\n|---|---|---|---|\n'
join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 "$tmp/floor.sum" "$tmp/leakvet.sum" |
  sort -t $'\t' -k3 -g -r | awk -v n="$top" 'NR <= n' |
  awk -F'\t' '{ r = ($2 > 0) ? sprintf("%.2f", $3 / $2) : "-"; printf "| %s | %.3f | %.3f | %s |\n", $1, $2, $3, r }'
printf '\ntotal over all packages: floor %s s, leakvet %s s\n' \
  "$(awk -F'\t' '{s += $2} END {printf "%.1f", s}' "$tmp/floor.sum")" \
  "$(awk -F'\t' '{s += $2} END {printf "%.1f", s}' "$tmp/leakvet.sum")"
