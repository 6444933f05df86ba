#!/usr/bin/env bash
# mypy cannot follow setuptools' editable-install finder, which maps the top-level folders into the
# `policykg` package. So type-check a throwaway tree of symlinks laid out as the installed package.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.venv/bin}
tree=build/typecheck
rm -rf "$tree" && mkdir -p "$tree/policykg"
for entry in src/policykg/*; do ln -s "$PWD/$entry" "$tree/policykg/$(basename "$entry")"; done
for sub in ontology ingest api viz analysis; do ln -s "$PWD/$sub" "$tree/policykg/$sub"; done
cd "$tree" && "$OLDPWD/$bin/mypy" --config-file "$OLDPWD/pyproject.toml" --cache-dir "$OLDPWD/.mypy_cache" -p policykg
