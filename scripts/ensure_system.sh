#!/usr/bin/env bash
# Installs the system packages the project needs, or stops with a message saying what is missing.
#   scripts/ensure_system.sh run    fonts and libraries for PDF rendering (WeasyPrint) and CJK text
#   scripts/ensure_system.sh test   the above, plus Debian's Chromium for the browser tests
set -euo pipefail
need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0; do
  have_pkg "$pkg" || need+=("$pkg")
done
if [ "${1:-run}" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "This setup expects Debian or Ubuntu. Install by hand: ${need[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "Installing system packages: ${need[*]}"
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Missing system packages: ${need[*]}" >&2
  echo "Install them with:  sudo apt-get install ${need[*]}" >&2
  exit 1
fi
