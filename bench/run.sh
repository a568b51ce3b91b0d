#!/usr/bin/env bash
# bench/run.sh measures leakvet next to the floor (bench/floor: a no-op
# analyzer that only requires buildssa) and next to its former in-process
# driver (leakvet -debug=i: every package in memory at once), standalone
# and through go vet.
#
#   bench/run.sh [-n RUNS] [CORPUS...]
#
# CORPUS is one of std, cmd, x-tools (golang.org/x/tools/... from the module
# cache), golangci-lint (github.com/golangci/golangci-lint/v2/..., idem),
# grpc (google.golang.org/grpc/... at v1.85.0, idem), MODULE@VERSION (any
# module from the module proxy: a writable copy of it is made under
# $BENCH_SRC, default /tmp/leakvet-bench-src, and its dependencies are
# downloaded before anything is timed; it runs ./... there with
# GOFLAGS=-mod=mod and GOTOOLCHAIN=local, so a toolchain line in its go.mod
# fetches nothing),
# vet-std (go vet -vettool on std), or pkg:PATH for one package of std or
# cmd (its dependencies are loaded too, as in any run), e.g. the ones with
# the biggest functions: pkg:cmd/compile/internal/ssa (generated rewrite
# rules), pkg:net/http (the generated h2_bundle.go), pkg:runtime.
# Default: std cmd x-tools golangci-lint grpc vet-std.
# For each it prints the median wall time and peak RSS of each tool over
# RUNS runs (default 3), their ratios, the median CPU time (user and
# system, of the process and the children it waited for: less sensitive
# to the load than wall time), the number of packages and of
# leakvet's diagnostics. leakvet runs one process per package: its peak
# RSS is that of the largest process (from /usr/bin/time), and "all
# processes" is the largest sum of the RSS of the driver and the units in
# flight, sampled every 0.2 s. Each leakvet run starts from an empty
# cache; a second row, "CORPUS warm", reruns it with the cache of the
# cold run (nothing changed). Before anything is timed, go list -export
# builds every package (and test variant) of the corpus into the build
# cache, as a CI job's go build or go test would, so the cold leakvet run
# reads the types of imports from the compiler's export data; a third row,
# "CORPUS own types", is a cold run with -debug=x: the types written by
# leakvet itself, as when the build cache does not hold the packages.
# Before each measurement the 1-minute load
# average (from /proc/loadavg) is printed on stderr as "# load ...", and
# the loads are repeated under the table: on a shared machine wall times
# depend on them. Time comes from /usr/bin/time; nothing here is a test:
# no threshold is enforced.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
if [ "${1:-}" = "-n" ]; then runs=$2; shift 2; fi
corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || corpora=(std cmd x-tools golangci-lint grpc vet-std)

export GOTOOLCHAIN=local
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
    grpc) dir=$modcache/google.golang.org/grpc@v1.85.0; pattern=./... ;;
    pkg:cmd/*) dir=$(go env GOROOT)/src/cmd; pattern=${1#pkg:} ;;
    pkg:*) dir=$(go env GOROOT)/src; pattern=${1#pkg:} ;;
    *@*)
      local src name
      src=$(cd /tmp && go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p') || true
      [ -n "$src" ] || { echo "corpus $1: not served by the module proxy" >&2; exit 2; }
      name=$(echo "$1" | tr '/@' '__')
      dir=${BENCH_SRC:-/tmp/leakvet-bench-src}/$name
      if [ ! -d "$dir" ]; then
        mkdir -p "$dir.tmp" && cp -r "$src"/. "$dir.tmp" && chmod -R u+w "$dir.tmp"
        # A replace by a directory of the module's repository (etcd's
        # ../api) is not in the module: take the required version instead.
        (cd "$dir.tmp" && awk '/^replace[ \t]*\(/ {b = 1; next} b && /^\)/ {b = 0; next}
          {l = $0; if ((b || sub(/^replace[ \t]+/, "", l)) && l ~ /=>[ \t]*[.\/]/) {n = split(l, f, /[ \t]+/); o = f[1]; if (f[1] == "") {o = f[2]; if (f[3] != "=>") o = o "@" f[3]} else if (f[2] != "=>") o = o "@" f[2]; print o}}' go.mod |
          while read -r old; do go mod edit -dropreplace="$old"; done)
        mv "$dir.tmp" "$dir"
      fi
      pattern=./... ;;
    *) echo "unknown corpus $1" >&2; exit 2 ;;
  esac
  if [ ! -d "$dir" ]; then
    echo "corpus $1: $dir is not in the module cache (go mod download it first)" >&2
    exit 2
  fi
  # Download what the packages and their tests import and build them into
  # the build cache, untimed (see the top).
  [ "$1" = vet-std ] || (cd "$dir" && GOFLAGS=-mod=mod go list -e -export -deps -test $pattern >/dev/null 2>&1) || true
}

# treerss PID -> the sum of the RSS (KiB) of PID and its descendants
treerss() {
  ps -e -o pid=,ppid=,rss= | awk -v root="$1" '{p[$1] = $2; r[$1] = $3}
    END {for (x in p) {y = x; while ((y in p) && y != root && y > 1) y = p[y]; if (y == root) s += r[x]}; print s + 0}'
}

# sampled OUTFILE CMD... runs CMD (output to OUTFILE, time to OUTFILE.time)
# and writes the largest sum of its processes' RSS to OUTFILE.tree.
sampled() {
  local out=$1
  shift
  /usr/bin/time -f '%e %M %U %S' -o "$out.time" "$@" >"$out" 2>&1 &
  local pid=$! peak=0 now
  while kill -0 "$pid" 2>/dev/null; do
    now=$(treerss "$pid")
    [ "$now" -gt "$peak" ] && peak=$now
    sleep 0.2
  done
  wait "$pid" || true
  echo "$peak" >"$out.tree"
}

# load TOOL NAME [warm] prints the 1-minute load average on stderr and
# keeps it for the notes under the table (in a file: measure runs in a
# subshell).
load() {
  local l
  l=$(cut -d' ' -f1 /proc/loadavg)
  echo "# load $l before $2 ${3:+$3 }$1" >&2
  echo "$2 ${3:+$3 }$1: $l" >>"$tmp/loads"
}

# measure TOOL NAME [warm] -> "wall rss diags treerss" (median wall, max rss
# over runs)
measure() {
  local tool=$1 name=$2 mode=${3:-} walls=() cpus=() rss=0 diags=0 tree=0
  for ((i = 0; i < runs; i++)); do
    local out=$tmp/out.$i
    load "$tool" "$name" "$mode"
    if [ "$name" = vet-std ]; then
      # go vet caches its results: every run starts from a copy of a build
      # cache that holds the compiled packages but no vet result.
      rm -rf "$tmp/gocache-run"
      cp -a "$tmp/gocache-warm" "$tmp/gocache-run"
      (cd "$dir" && GOCACHE="$tmp/gocache-run" GOFLAGS=-mod=mod /usr/bin/time -f '%e %M %U %S' -o "$out.time" go vet -vettool="$tmp/$tool" $pattern >"$out" 2>&1) || true
    elif [ "$tool" = leakvet ]; then
      # A cold run starts from an empty cache; a warm one from the cache
      # the first cold run over the same code left.
      local flags=
      [ "$mode" = own ] && flags=-debug=x
      if [ "$mode" = warm ]; then
        if [ ! -d "$tmp/cache-warm" ]; then
          (cd "$dir" && GOFLAGS=-mod=mod LEAKVET_CACHE="$tmp/cache-warm" "$tmp/leakvet" $pattern >/dev/null 2>&1) || true
        fi
        cache=$tmp/cache-warm
      else
        rm -rf "$tmp/cache-cold"
        cache=$tmp/cache-cold
      fi
      (cd "$dir" && export GOFLAGS=-mod=mod LEAKVET_CACHE="$cache" && sampled "$out" "$tmp/leakvet" $flags $pattern)
      if [ -z "$mode" ] && [ ! -d "$tmp/cache-warm" ]; then
        mv "$tmp/cache-cold" "$tmp/cache-warm"
      fi
    elif [ "$tool" = inprocess ]; then
      (cd "$dir" && GOFLAGS=-mod=mod /usr/bin/time -f '%e %M %U %S' -o "$out.time" "$tmp/leakvet" -debug=i $pattern >"$out" 2>&1) || true
    else
      (cd "$dir" && GOFLAGS=-mod=mod /usr/bin/time -f '%e %M %U %S' -o "$out.time" "$tmp/$tool" $pattern >"$out" 2>&1) || true
    fi
    read -r w m u sy < <(tail -n 1 "$out.time")
    walls+=("$w")
    cpus+=("$(awk -v u="$u" -v s="$sy" 'BEGIN {print u + s}')")
    [ "$m" -gt "$rss" ] && rss=$m
    if [ -f "$out.tree" ]; then
      t=$(cat "$out.tree")
      [ "$t" -gt "$tree" ] && tree=$t
      rm -f "$out.tree"
    fi
    # A diagnostic is a line file.go:L:C: message (related lines start with a tab).
    diags=$(grep -cE '^[^[:space:]#]+\.go:[0-9]+:[0-9]+: [^[:space:]]' "$out" || true)
  done
  local median cpu
  median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $rss $diags $tree $cpu"
}

printf '| corpus | packages | floor wall (s) | in-process wall (s) | leakvet wall (s) | wall ratio to in-process | floor peak RSS (MiB) | in-process peak RSS (MiB) | leakvet peak RSS (MiB) | leakvet RSS, all processes (MiB) | diagnostics | in-process CPU (s) | leakvet CPU (s) |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for c in "${corpora[@]}"; do
  corpus "$c"
  rm -rf "$tmp/cache-warm"
  if [ "$c" = vet-std ] && [ ! -d "$tmp/gocache-warm" ]; then
    # Warm a build cache with everything go vet compiles (test variants
    # included), by a vet tool of another identity: its results are never
    # reused for the tools measured.
    go build -ldflags=-X=main.warmer=1 -o "$tmp/warmer" ./bench/floor
    (cd "$dir" && GOCACHE="$tmp/gocache-warm" go vet -vettool="$tmp/warmer" $pattern)
  fi
  pkgs=$(cd "$dir" && { GOFLAGS=-mod=mod go list -e $pattern 2>/dev/null || true; } | wc -l)
  read -r fw fr _ _ < <(measure floor "$c")
  if [ "$c" = vet-std ]; then
    read -r lw lr ld _ < <(measure leakvet "$c")
    awk -v c="$c" -v p="$pkgs" -v fw="$fw" -v lw="$lw" -v fr="$fr" -v lr="$lr" -v d="$ld" 'BEGIN {
      printf "| %s | %d | %.1f | | %.1f | | %.0f | | %.0f | | %d |\n", c, p, fw, lw, fr/1024, lr/1024, d }'
    continue
  fi
  read -r iw ir _ _ ic < <(measure inprocess "$c")
  read -r lw lr ld lt lc < <(measure leakvet "$c")
  read -r ww wr wd wt wc < <(measure leakvet "$c" warm)
  read -r ow or od ot oc < <(measure leakvet "$c" own)
  awk -v c="$c" -v p="$pkgs" -v fw="$fw" -v iw="$iw" -v lw="$lw" -v fr="$fr" -v ir="$ir" -v lr="$lr" -v lt="$lt" -v d="$ld" -v ic="$ic" -v lc="$lc" 'BEGIN {
    printf "| %s | %d | %.1f | %.1f | %.1f | %.2f | %.0f | %.0f | %.0f | %.0f | %d | %.1f | %.1f |\n", c, p, fw, iw, lw, lw/iw, fr/1024, ir/1024, lr/1024, lt/1024, d, ic, lc }'
  awk -v c="$c" -v iw="$iw" -v ww="$ww" -v wr="$wr" -v wt="$wt" -v d="$wd" -v lw="$lw" -v wc="$wc" 'BEGIN {
    printf "| %s warm (cold/warm: %.1f) | | | | %.1f | %.2f | | | %.0f | %.0f | %d | | %.1f |\n", c, lw/ww, ww, ww/iw, wr/1024, wt/1024, d, wc }'
  awk -v c="$c" -v iw="$iw" -v ow="$ow" -v or="$or" -v ot="$ot" -v d="$od" -v oc="$oc" 'BEGIN {
    printf "| %s own types (-debug=x) | | | | %.1f | %.2f | | | %.0f | %.0f | %d | | %.1f |\n", c, ow, ow/iw, or/1024, ot/1024, d, oc }'
done
echo
echo "1-minute load average before each run: $(paste -sd';' "$tmp/loads" | sed 's/;/; /g')"
echo "runs: $runs; $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(go version); $(date -u +%Y-%m-%d)"
