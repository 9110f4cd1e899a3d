#!/usr/bin/env bash
# Finds rclone, or builds it from the Go module proxy, and prints its path. The tests of the
# evidence store's S3 backend run `rclone serve s3 DIR` as their S3-compatible server (rclone is
# MIT-licensed; MinIO, the usual choice, is AGPL).
# Order: $RCLONE, the project's cache outside the repo, `go install`. An `rclone` on PATH is not
# taken: distributions ship old ones without `serve s3` (added in v1.65).
# The binary is never downloaded from the web and never committed.
set -euo pipefail

version="v1.71.2"
cache_root="${KEHOACH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kehoach}"
cache_dir="$cache_root/rclone/$version"
cached="$cache_dir/rclone"

if [ -n "${RCLONE:-}" ]; then
  if [ -x "$RCLONE" ]; then echo "$RCLONE"; exit 0; fi
  echo "RCLONE is set to '$RCLONE' but no executable is there. Unset it or point it at an rclone binary (v1.65 or newer)." >&2
  exit 1
fi
if [ -x "$cached" ]; then echo "$cached"; exit 0; fi

# Inside a test (KEHOACH_NO_BUILD=1) a build would run into the hook's time-out: say what to run.
if [ "${KEHOACH_NO_BUILD:-}" = "1" ]; then
  echo "rclone $version is not in $cache_dir: run 'bash scripts/provision-test-tools.sh' (npm test does it first)." >&2
  exit 1
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
rclone was not found and Go is not installed to build it.
Install one of them, then run this again:
  - rclone v1.65 or newer (https://rclone.org/install/), and set RCLONE=/path/to/rclone
  - Go 1.24 or newer, so that this script can run:
      go install github.com/rclone/rclone@$version
MSG
  exit 1
fi

echo "Building rclone $version from the Go module proxy into $cache_dir (first time only, several minutes)..." >&2
mkdir -p "$cache_dir"
# Build into a scratch folder and move it into place, so an interrupted build never leaves a broken binary.
tmp="$(mktemp -d "$cache_dir/build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && GOBIN="$tmp" go install "github.com/rclone/rclone@$version") >&2; then
  echo "Building rclone failed (see above). Install it yourself and set RCLONE=/path/to/rclone." >&2
  exit 1
fi
mv "$tmp/rclone" "$cached"
echo "$cached"
