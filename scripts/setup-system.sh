#!/usr/bin/env bash
# Install the system parts that some tests and pages need: headless Chromium (page tests),
# Virtuoso (the second remote engine), and the npm packages served as static assets (YASGUI).
# The Oxigraph server comes from PyPI with the dev extras. Idempotent: skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium chromium-driver)
command -v virtuoso-t >/dev/null 2>&1 || need_apt+=(virtuoso-opensource)
[ -d /usr/share/fonts/opentype/noto ] || need_apt+=(fonts-noto-cjk)  # CJK glyphs in screenshots
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup-system: not root, cannot apt-get install ${need_apt[*]}; tests that need them will be skipped" >&2
  fi
fi

if [ -f package.json ] && command -v npm >/dev/null 2>&1; then
  if [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
    npm install --no-audit --no-fund --loglevel=error
    touch node_modules
  fi
fi
