#!/usr/bin/env bash
# Installs the system packages the project needs, or stops with a message saying what is missing.
#   scripts/ensure_system.sh run    fonts and libraries for PDF rendering (WeasyPrint) and CJK text
#   scripts/ensure_system.sh test   the above, plus Debian's Chromium and poppler-utils for the tests
#
# Fonts of the official documents (GB/T 9704): the Fandol faces (FandolFang 仿宋, FandolKai 楷体, FandolHei 黑体,
# FandolSong 宋体) are taken out of Debian's texlive-lang-chinese (GPL with the font exception: embedding in
# PDFs is fine) without installing TeX: `apt-get download` and `dpkg -x`, then the OTF files alone go to
# FANDOL_DIR (default /usr/local/share/fonts/fandol as root, ~/.local/share/fonts/fandol otherwise).
# Noto CJK (fonts-noto-cjk) stays installed as the fallback for glyphs Fandol lacks.
set -euo pipefail
need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
  have_pkg "$pkg" || need+=("$pkg")
done
if [ "${1:-run}" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    return 1
  fi
}

if [ ${#need[@]} -gt 0 ]; then
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "This setup expects Debian or Ubuntu. Install by hand: ${need[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${need[*]}"
  if ! as_root apt-get update -qq \
    || ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
    echo "Missing system packages: ${need[*]}" >&2
    echo "Install them with:  sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
fi

# The Fandol fonts, unless fontconfig finds them already (or a deployment installed them another way).
if ! fc-list : family | grep -q "FandolFang"; then
  if [ "$(id -u)" -eq 0 ]; then
    target="${FANDOL_DIR:-/usr/local/share/fonts/fandol}"
  else
    target="${FANDOL_DIR:-$HOME/.local/share/fonts/fandol}"
  fi
  echo "Installing the Fandol fonts (from texlive-lang-chinese) into $target"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  if ! (cd "$work" && apt-get download -qq texlive-lang-chinese >/dev/null 2>&1); then
    as_root apt-get update -qq || true
    (cd "$work" && apt-get download -qq texlive-lang-chinese >/dev/null) || {
      echo "Could not download texlive-lang-chinese for the Fandol fonts; install it, or put FandolFang," >&2
      echo "FandolKai, FandolHei and FandolSong (OTF) where fontconfig finds them." >&2
      exit 1
    }
  fi
  dpkg-deb -x "$work"/texlive-lang-chinese_*.deb "$work/x"
  mkdir -p "$target"
  install -m 0644 "$work"/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol{Fang,Kai,Hei,Song}-*.otf "$target"/
  fc-cache -f "$target" >/dev/null
  fc-list : family | grep -q "FandolFang" || { echo "fontconfig does not see the Fandol fonts in $target" >&2; exit 1; }
fi
exit 0
