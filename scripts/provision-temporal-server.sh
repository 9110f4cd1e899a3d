#!/usr/bin/env bash
# Finds the Temporal server and its SQL schema tool, or builds them from the Go module proxy, for
# the local cluster (`npm run cluster`, scripts/cluster.ts). Prints, one per line:
#   server=<path of the server binary>
#   sql=<path of temporal-sql-tool>
#   module=<the server module's folder in the Go module cache: schema/postgresql/v12/…, config/…>
# Binaries live in the project's cache outside the repo
# (${KEHOACH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kehoach}/temporal-server/<version>); they are
# never downloaded from the web and never committed. The first build takes a few minutes.
set -euo pipefail

version="v1.29.1" # engine/cluster-config.ts TEMPORAL_SERVER_VERSION and docker-compose.yml name it too
module="go.temporal.io/server"
cache_root="${KEHOACH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kehoach}"
cache_dir="$cache_root/temporal-server/$version"
server="$cache_dir/temporal-server"
sql="$cache_dir/temporal-sql-tool"

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
Go is not installed, and the local cluster needs it once to build the Temporal server $version:
install Go 1.25 or newer (https://go.dev/dl/), then run this again. It will run:
  go install $module/cmd/server@$version
  go install $module/cmd/tools/sql@$version
MSG
  exit 1
fi

# The module's source (schema files, the sample config) comes from the module cache; `go mod
# download` fetches it through the module proxy when it is not there yet (a few seconds).
module_dir() {
  GOFLAGS=-mod=mod go mod download -json "$module@$version" 2>/dev/null |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p'
}
dir="$(module_dir || true)"
if [ -z "$dir" ] || [ ! -d "$dir/schema/postgresql/v12/temporal" ]; then
  echo "Could not fetch $module@$version from the Go module proxy ($(go env GOPROXY)); check the network, then run this again." >&2
  exit 1
fi

if [ ! -x "$server" ] || [ ! -x "$sql" ]; then
  started=$(date +%s)
  echo "Building the Temporal server $version and its SQL tool from the Go module proxy into $cache_dir (first time only, a few minutes)..." >&2
  mkdir -p "$cache_dir"
  # Build into a scratch folder and move into place, so an interrupted build never leaves a broken binary.
  tmp="$(mktemp -d "$cache_dir/build.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  # `nice`: the build takes every core for minutes; whatever else runs keeps its share.
  if ! (cd "$tmp" && GOBIN="$tmp" GOFLAGS=-mod=mod nice -n 10 go install "$module/cmd/server@$version" "$module/cmd/tools/sql@$version") >&2; then
    echo "Building the Temporal server failed (see above)." >&2
    exit 1
  fi
  mv "$tmp/server" "$server"
  mv "$tmp/sql" "$sql"
  echo "Built the Temporal server $version in $(($(date +%s) - started)) s." >&2
fi

echo "server=$server"
echo "sql=$sql"
echo "module=$dir"
