#!/usr/bin/env bash
# Finds the Temporal server and its SQL schema tool, or builds them from the Go module proxy, for
# the local cluster (`npm run cluster`, scripts/cluster.ts). Prints, one per line:
#   server=<path of the server binary>
#   sql=<path of temporal-sql-tool>
#   module=<a folder holding the module's schema/postgresql/v12/… and config/…>
# Everything lives in the project's cache outside the repo
# (${KEHOACH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kehoach}/temporal-server/<version>): the
# binaries built with `go install`, and a copy of the schema and the sample configuration taken
# from the module's source in the Go module cache. Nothing is downloaded as a binary, nothing is
# committed; once built, Go is no longer needed. The first build takes a few minutes.
set -euo pipefail

version="v1.29.1" # engine/cluster-config.ts TEMPORAL_SERVER_VERSION and docker-compose.yml name it too
module="go.temporal.io/server"
cache_root="${KEHOACH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kehoach}"
cache_dir="$cache_root/temporal-server/$version"
server="$cache_dir/temporal-server"
sql="$cache_dir/temporal-sql-tool"
files="$cache_dir/module"

if [ -x "$server" ] && [ -x "$sql" ] && [ -f "$files/.complete" ]; then
  echo "server=$server"
  echo "sql=$sql"
  echo "module=$files"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
Go is not installed, and the local cluster needs it once to build the Temporal server $version:
install Go 1.25 or newer (https://go.dev/dl/), then run this again. It will run:
  go install $module/cmd/server@$version
  go install $module/cmd/tools/sql@$version
MSG
  exit 1
fi

mkdir -p "$cache_dir"
# Build into a scratch folder and move into place, so an interrupted build never leaves a broken binary.
tmp="$(mktemp -d "$cache_dir/build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$server" ] || [ ! -x "$sql" ]; then
  started=$(date +%s)
  echo "Building the Temporal server $version and its SQL tool from the Go module proxy into $cache_dir (first time only, a few minutes)..." >&2
  # `nice`: the build takes every core for minutes; whatever else runs keeps its share.
  if ! (cd "$tmp" && GOBIN="$tmp" GOFLAGS=-mod=mod nice -n 10 go install "$module/cmd/server@$version" "$module/cmd/tools/sql@$version") >&2; then
    echo "Building the Temporal server failed (see above)." >&2
    exit 1
  fi
  mv "$tmp/server" "$server"
  mv "$tmp/sql" "$sql"
  echo "Built the Temporal server $version in $(($(date +%s) - started)) s." >&2
fi

# The schema and the sample configuration, from the module's source (fetched through the module
# proxy by `go mod download` if the build above did not leave it in the module cache).
dir="$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "$module@$version" 2>/dev/null |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' || true)"
if [ -z "$dir" ] || [ ! -d "$dir/schema/postgresql/v12/temporal" ]; then
  echo "Could not fetch $module@$version from the Go module proxy ($(go env GOPROXY)); check the network, then run this again." >&2
  exit 1
fi
mkdir -p "$tmp/module/schema/postgresql" "$tmp/module/config/dynamicconfig"
cp -R "$dir/schema/postgresql/v12" "$tmp/module/schema/postgresql/"
cp "$dir/config/development-postgres12.yaml" "$tmp/module/config/"
cp "$dir/config/dynamicconfig/development-sql.yaml" "$tmp/module/config/dynamicconfig/"
chmod -R u+w "$tmp/module"
touch "$tmp/module/.complete"
rm -rf "$files"
mv "$tmp/module" "$files"

echo "server=$server"
echo "sql=$sql"
echo "module=$files"
