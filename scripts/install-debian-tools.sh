#!/usr/bin/env bash
# The Debian programs the tests and the documents use (no downloads from the web; apt only):
#   chromium                  browser tests (driven by playwright-core)
#   libreoffice-writer-nogui  .docx -> PDF for the administrative documents and the import tests
#   poppler-utils             PDF -> text/PNG (pdftotext, pdftoppm) for the document tests
#   fonts-liberation          Liberation Serif, metric-compatible with Times New Roman
# Installs what is missing with apt-get when run as root; otherwise says how.
# With --optional (npm install), a missing tool is a note, not a failure: only the tests and the
# PDF output need them, and `npm test` runs this again without --optional.
set -euo pipefail
optional=false
[ "${1:-}" = "--optional" ] && optional=true
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -d /usr/share/fonts/truetype/liberation ] || [ -d /usr/share/fonts/truetype/liberation2 ] || missing+=(fonts-liberation)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing from Debian: ${missing[*]} ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    exit 0
  fi
  echo "Installing ${missing[*]} with apt-get failed." >&2
fi
cat >&2 <<MSG
The tests and the PDF documents need these Debian packages: ${missing[*]}. Install them with:
  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}
MSG
$optional && exit 0
exit 1
