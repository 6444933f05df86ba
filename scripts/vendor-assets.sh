#!/usr/bin/env bash
# Copy the browser assets the server ships (YASGUI for /sparql, Swagger UI for /docs) from npm's
# node_modules into api/static/vendor/, where they are package data: an installed wheel serves them with
# no network and no npm at run time. Run after changing the versions pinned in package.json; commit the result.
#   npm ci && bash scripts/vendor-assets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/@zazuko/yasgui ] && [ -d node_modules/swagger-ui-dist ] || npm ci --no-audit --no-fund --loglevel=error

out=api/static/vendor
rm -rf "$out"
mkdir -p "$out/yasgui" "$out/swagger-ui"

yasgui=node_modules/@zazuko/yasgui
cp "$yasgui/build/yasgui.min.js" "$yasgui/build/yasgui.min.css" "$out/yasgui/"
# The npm package carries no licence file; its package.json says MIT.
version=$(node -p "require('./$yasgui/package.json').version")
{
  echo "@zazuko/yasgui $version (https://github.com/zazuko/Yasgui), licence: MIT"
  echo
  echo "Copyright (c) 2019 Triply B.V. and Zazuko GmbH"
  echo
  sed -n '/^Permission is hereby granted/,$p' LICENSE
} > "$out/yasgui/LICENSE.txt"

swagger=node_modules/swagger-ui-dist
cp "$swagger/swagger-ui-bundle.js" "$swagger/swagger-ui.css" "$out/swagger-ui/"
version=$(node -p "require('./$swagger/package.json').version")
{ echo "swagger-ui-dist $version (https://github.com/swagger-api/swagger-ui), licence: Apache-2.0"; echo;
  cat "$swagger/LICENSE"; [ -f "$swagger/NOTICE" ] && { echo; cat "$swagger/NOTICE"; } ; true; } > "$out/swagger-ui/LICENSE.txt"
# Source maps are left out on purpose (they are several MB and not needed to run).
du -sh "$out"/*
