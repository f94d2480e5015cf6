#!/usr/bin/env bash
# Every JSON file under a directory (the Flatpak manifests) is valid JSON,
# and each module file a manifest names exists.
#
#   tests/test-json.sh flatpak/
set -u

dir=$1
failures=0
count=0

fail () { echo "FAIL: $*"; failures=$((failures + 1)); }

while IFS= read -r -d '' file; do
  count=$((count + 1))
  json-glib-validate "$file" || fail "$file is not valid JSON"
  # modules given as file names are relative to the manifest
  for module in $(grep -oE '^ *"[^"{}:]+\.json" *,?$' "$file" | tr -d ' ",'); do
    [ -f "$(dirname "$file")/$module" ] || fail "$file names $module, which does not exist"
  done
done < <(find "$dir" -name '*.json' -print0)

[ "$count" -gt 0 ] || fail "no JSON file under $dir"
[ "$failures" = 0 ] || exit 1
echo "$count JSON files under $dir are valid"
