#!/usr/bin/env bash
# Debian's chromium for the browser tests (playwright-core drives it; no browser download).
# No-op when /usr/bin/chromium exists; installs it with apt-get when run as root; otherwise says how.
# With --optional (npm install), a missing browser is a note, not a failure: only the browser
# tests need it, and `npm test` runs this again without --optional.
set -euo pipefail
optional=false
[ "${1:-}" = "--optional" ] && optional=true
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq chromium >/dev/null; then
    exit 0
  fi
  echo "Installing chromium with apt-get failed." >&2
fi
cat >&2 <<'MSG'
The browser tests need Debian's chromium at /usr/bin/chromium. Install it with:
  sudo apt-get update && sudo apt-get install -y chromium
MSG
$optional && exit 0
exit 1
