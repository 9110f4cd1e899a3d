#!/usr/bin/env bash
# Finds the Temporal CLI, or builds it from the Go module proxy, and prints its path.
# Order: $TEMPORAL_CLI, `temporal` on PATH, the project's cache outside the repo, `go install`.
# The binary is never downloaded from the web and never committed.
set -euo pipefail

version="v1.5.1" # newer tags carry replace directives and cannot be built with `go install`
cache_root="${KEHOACH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kehoach}"
cache_dir="$cache_root/temporal-cli/$version"
cached="$cache_dir/temporal"

if [ -n "${TEMPORAL_CLI:-}" ]; then
  if [ -x "$TEMPORAL_CLI" ]; then echo "$TEMPORAL_CLI"; exit 0; fi
  echo "TEMPORAL_CLI is set to '$TEMPORAL_CLI' but no executable is there. Unset it or point it at a temporal binary." >&2
  exit 1
fi
if [ -x "$cached" ]; then echo "$cached"; exit 0; fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
The Temporal CLI was not found and Go is not installed to build it.
Install one of them, then run this again:
  - the Temporal CLI (https://docs.temporal.io/cli), or set TEMPORAL_CLI=/path/to/temporal
  - Go 1.24 or newer, so that this script can run:
      go install github.com/temporalio/cli/cmd/temporal@$version
MSG
  exit 1
fi

echo "Building the Temporal CLI $version from the Go module proxy into $cache_dir (first time only, a few minutes)..." >&2
mkdir -p "$cache_dir"
# Build into a scratch folder and move it into place, so an interrupted build never leaves a broken binary.
tmp="$(mktemp -d "$cache_dir/build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && GOBIN="$tmp" go install "github.com/temporalio/cli/cmd/temporal@$version") >&2; then
  echo "Building the Temporal CLI failed (see above). Install it yourself and set TEMPORAL_CLI=/path/to/temporal." >&2
  exit 1
fi
mv "$tmp/temporal" "$cached"
echo "$cached"
