#!/usr/bin/env bash
# bench/run.sh measures leakvet next to the floor (bench/floor: a no-op
# analyzer that only requires buildssa), standalone and through go vet.
#
#   bench/run.sh [-n RUNS] [CORPUS...]
#
# CORPUS is one of std, cmd, x-tools (golang.org/x/tools/... from the module
# cache), golangci-lint (github.com/golangci/golangci-lint/v2/..., idem),
# vet-std (go vet -vettool on std), or pkg:PATH for one package of std or
# cmd (its dependencies are loaded too, as in any run), e.g. the ones with
# the biggest functions: pkg:cmd/compile/internal/ssa (generated rewrite
# rules), pkg:net/http (the generated h2_bundle.go), pkg:runtime.
# Default: std cmd x-tools golangci-lint vet-std.
# For each it prints the median wall time and peak RSS of each tool over
# RUNS runs (default 3), their ratios, the number of packages and of
# leakvet's diagnostics. Time comes from /usr/bin/time; nothing here is a
# test: no threshold is enforced.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
if [ "${1:-}" = "-n" ]; then runs=$2; shift 2; fi
corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || corpora=(std cmd x-tools golangci-lint vet-std)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/leakvet" ./cmd/leakvet
go build -o "$tmp/floor" ./bench/floor
modcache=$(go env GOMODCACHE)

# corpus NAME -> sets dir, cmd (the command line after the tool) and list
corpus() {
  case $1 in
    std|vet-std) dir=$(go env GOROOT)/src; pattern=std ;;
    cmd) dir=$(go env GOROOT)/src/cmd; pattern=cmd ;;
    x-tools) dir=$modcache/golang.org/x/tools@v0.52.0; pattern=./... ;;
    golangci-lint) dir=$modcache/github.com/golangci/golangci-lint/v2@v2.15.0; pattern=./... ;;
    pkg:cmd/*) dir=$(go env GOROOT)/src/cmd; pattern=${1#pkg:} ;;
    pkg:*) dir=$(go env GOROOT)/src; pattern=${1#pkg:} ;;
    *) echo "unknown corpus $1" >&2; exit 2 ;;
  esac
  if [ ! -d "$dir" ]; then
    echo "corpus $1: $dir is not in the module cache (go mod download it first)" >&2
    exit 2
  fi
}

# measure TOOL NAME -> "wall rss diags" (median wall, max rss over runs)
measure() {
  local tool=$1 name=$2 walls=() rss=0 diags=0
  for ((i = 0; i < runs; i++)); do
    local out=$tmp/out.$i
    if [ "$name" = vet-std ]; then
      # go vet caches its results: every run starts from a copy of a build
      # cache that holds the compiled packages but no vet result.
      rm -rf "$tmp/gocache-run"
      cp -a "$tmp/gocache-warm" "$tmp/gocache-run"
      (cd "$dir" && GOCACHE="$tmp/gocache-run" GOFLAGS=-mod=mod /usr/bin/time -f '%e %M' -o "$out.time" go vet -vettool="$tmp/$tool" $pattern >"$out" 2>&1) || true
    else
      (cd "$dir" && GOFLAGS=-mod=mod /usr/bin/time -f '%e %M' -o "$out.time" "$tmp/$tool" $pattern >"$out" 2>&1) || true
    fi
    read -r w m < <(tail -n 1 "$out.time")
    walls+=("$w")
    [ "$m" -gt "$rss" ] && rss=$m
    # A diagnostic is a line file.go:L:C: message (related lines start with a tab).
    diags=$(grep -cE '^[^[:space:]#]+\.go:[0-9]+:[0-9]+: [^[:space:]]' "$out" || true)
  done
  local median
  median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $rss $diags"
}

printf '| corpus | packages | floor wall (s) | leakvet wall (s) | wall ratio | floor peak RSS (MiB) | leakvet peak RSS (MiB) | RSS ratio | diagnostics |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for c in "${corpora[@]}"; do
  corpus "$c"
  if [ "$c" = vet-std ] && [ ! -d "$tmp/gocache-warm" ]; then
    # Warm a build cache with everything go vet compiles (test variants
    # included), by a vet tool of another identity: its results are never
    # reused for the tools measured.
    go build -ldflags=-X=main.warmer=1 -o "$tmp/warmer" ./bench/floor
    (cd "$dir" && GOCACHE="$tmp/gocache-warm" go vet -vettool="$tmp/warmer" $pattern)
  fi
  pkgs=$(cd "$dir" && GOFLAGS=-mod=mod go list $pattern 2>/dev/null | wc -l)
  read -r fw fr _ < <(measure floor "$c")
  read -r lw lr ld < <(measure leakvet "$c")
  awk -v c="$c" -v p="$pkgs" -v fw="$fw" -v lw="$lw" -v fr="$fr" -v lr="$lr" -v d="$ld" 'BEGIN {
    printf "| %s | %d | %.1f | %.1f | %.2f | %.0f | %.0f | %.2f | %d |\n", c, p, fw, lw, lw/fw, fr/1024, lr/1024, lr/fr, d }'
done
echo
echo "runs: $runs; $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(go version); $(date -u +%Y-%m-%d)"
