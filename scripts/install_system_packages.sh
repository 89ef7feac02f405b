#!/usr/bin/env bash
# Install the system packages the browser tests and the PDF report need, if missing:
#   chromium              headless browser for the end-to-end tests (Playwright drives it;
#                         no browser is downloaded)
#   libpango-1.0-0, libpangoft2-1.0-0   the text layout WeasyPrint loads for PDFs
# Idempotent: does nothing when they are present. Needs root (as in CI) for apt-get; without
# root it prints what to install and carries on (the browser tests then skip, outside CI).
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
for lib in libpango-1.0-0 libpangoft2-1.0-0; do
    dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "ok installed" || missing+=("$lib")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "warning: please install these system packages: ${missing[*]}" >&2
    exit 0
fi
echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
