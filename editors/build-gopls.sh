#!/usr/bin/env bash
# build-gopls.sh: build gopls with leakvet's checks in its analyzer list,
# and print the path of the binary on stdout (progress goes to stderr).
#
#   editors/build-gopls.sh            # gopls v0.23.0, from the module proxy
#   GOPLS_VERSION=v0.23.0 editors/build-gopls.sh
#
# Steps (the cache entry keeps the patch, patch.diff, next to the binary):
#   1. go mod download golang.org/x/tools/gopls@$GOPLS_VERSION (module proxy);
#   2. copy the module to a build directory, and run editors/patchgopls on it:
#      it appends leakvet's checks (analyzer.Checks()) to the list in
#      internal/settings/analysis.go, and fails naming the version and the
#      file when that place changed;
#   3. in the copy's go.mod: require leakvet, replaced by this checkout, and
#      keep gopls's own golang.org/x/tools (gopls uses x/tools internals that
#      change between versions: with leakvet's newer x/tools, MVS's choice,
#      gopls v0.23.0 does not compile); go mod tidy;
#   4. go build -trimpath.
#
# The binary is cached under $LEAKVET_GOPLS_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/leakvet/gopls), keyed by the gopls version,
# the Go version, and a hash of leakvet's sources that end up in it (the
# packages analyzer depends on, go.mod, go.sum) and of this script and the
# patcher. A second run with the same key prints the path at once. Builds
# are serialised with flock; the four most recent entries are kept.
set -euo pipefail

GOPLS_VERSION=${GOPLS_VERSION:-v0.23.0}
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${LEAKVET_GOPLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/leakvet/gopls}
module=github.com/leakvet/leakvet

log() { echo "build-gopls: $*" >&2; }
die() { log "$*"; exit 1; }

command -v go >/dev/null || die "go is not on PATH"
command -v flock >/dev/null || die "flock (util-linux) is not on PATH"

# The key: what the binary is made of.
cd "$root"
sources=$(go list -deps -f '{{if and .Module (eq .Module.Path "'"$module"'")}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}
{{end}}{{end}}' ./analyzer ./editors/patchgopls | sed '/^$/d' | sort -u)
[ -n "$sources" ] || die "go list found no sources of $module in $root"
hash=$({
  echo "gopls $GOPLS_VERSION"
  go version
  for f in $sources go.mod go.sum editors/build-gopls.sh; do
    echo "== ${f#"$root"/}"
    cat "$f"
  done
} | sha256sum | cut -c1-16)
key="$GOPLS_VERSION-$hash"
out="$cache/$key"

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

if [ -x "$out/gopls" ]; then
  log "cached: $out/gopls"
  touch "$out"
  echo "$out/gopls"
  exit 0
fi

start=$(date +%s)
work=$(mktemp -d "$cache/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT

log "gopls $GOPLS_VERSION + leakvet ($hash): downloading from the module proxy"
dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "golang.org/x/tools/gopls@$GOPLS_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
[ -n "$dir" ] && [ -f "$dir/go.mod" ] || die "go mod download golang.org/x/tools/gopls@$GOPLS_VERSION gave no module directory"

src="$work/src"
cp -R "$dir" "$src"
chmod -R u+w "$src"
cp "$src/internal/settings/analysis.go" "$work/analysis.go.orig"
cp "$src/go.mod" "$work/go.mod.orig"

xtools=$(awk '$1 == "golang.org/x/tools" && $2 ~ /^v/ { print $2; exit }' "$src/go.mod")
[ -n "$xtools" ] || die "gopls $GOPLS_VERSION: go.mod: no requirement of golang.org/x/tools found; update editors/build-gopls.sh"

log "patching $src/internal/settings/analysis.go"
go run ./editors/patchgopls -version "$GOPLS_VERSION" "$src"

log "go.mod: require $module (=> $root), keep golang.org/x/tools $xtools (gopls's own)"
(
  cd "$src"
  go mod edit \
    -require="$module@v0.0.0-00010101000000-000000000000" \
    -replace="$module=$root" \
    -replace="golang.org/x/tools=golang.org/x/tools@$xtools"
  GOFLAGS=-mod=mod go mod tidy
) || die "gopls $GOPLS_VERSION: go mod tidy failed in $src"

log "go build (the first build compiles all of gopls: minutes)"
if ! (cd "$src" && go build -trimpath \
  -ldflags="-X main.version=$GOPLS_VERSION+leakvet.$hash" \
  -o "$work/gopls" .); then
  die "gopls $GOPLS_VERSION with leakvet does not build; gopls pins golang.org/x/tools $xtools, leakvet's go.mod requires $(go list -m -f '{{.Version}}' golang.org/x/tools): leakvet must compile against gopls's x/tools, or pin another gopls (GOPLS_VERSION)"
fi

# Keep the patch next to the binary: what was changed, for review.
{
  diff -u --label a/internal/settings/analysis.go --label b/internal/settings/analysis.go \
    "$work/analysis.go.orig" "$src/internal/settings/analysis.go" || true
  diff -u --label a/go.mod --label b/go.mod "$work/go.mod.orig" "$src/go.mod" || true
} >"$work/patch.diff"

mkdir -p "$work/entry"
mv "$work/gopls" "$work/patch.diff" "$work/entry/"
rm -rf "$out"
mv "$work/entry" "$out"
log "built $out/gopls in $(($(date +%s) - start)) s"

# Keep the four most recent entries.
ls -1dt "$cache"/v* 2>/dev/null | tail -n +5 | while read -r old; do rm -rf "$old"; done

echo "$out/gopls"
