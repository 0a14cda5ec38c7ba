#!/usr/bin/env bash
# Install the Debian packages Qt (and the venv) need, when they are missing.
# Usage: scripts/system-deps.sh test|run|screenshot|report
# As root it runs apt-get; otherwise it prints the exact command to run and exits non-zero.
set -euo pipefail
mode=${1:-test}

# Offscreen Qt (tests) needs these; a real window on X11 needs the xcb set as well.
pkgs=(libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3)
if [ "$mode" = run ] || [ "$mode" = screenshot ]; then
  pkgs+=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0
         libxcb-image0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0)
fi
# A real window without a display (the README's screenshots): a virtual X server and xvfb-run's xauth.
if [ "$mode" = screenshot ]; then
  pkgs+=(xvfb xauth)
fi
# The Excel report read as a printed page (scripts/report_pages.sh): LibreOffice's converter, poppler's pdftoppm and
# a Korean font for both.
if [ "$mode" = report ]; then
  pkgs+=(libreoffice-calc-nogui poppler-utils fonts-noto-cjk)
fi
# Debian's python3 needs python3-venv for `python3 -m venv`.
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  pkgs+=(python3-venv python3-pip)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not a Debian-like system; make sure these libraries are installed: ${missing[*]}" >&2
  exit 0
fi
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "system-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || apt-get update
  $cmd >/dev/null || $cmd
else
  echo "system-deps: missing Debian packages. Run:" >&2
  echo "  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
