#!/usr/bin/env bash
# po/POTFILES.in is complete, sorted and names only files that exist.
#
#   tests/test-potfiles.sh SOURCE_ROOT
#
# A file has translatable strings when it calls _( ), N_( ), C_( ) or
# NC_( ) (C sources and headers under src/), marks a property
# translatable="yes" (.ui files), or is a desktop entry, AppStream
# metainfo or GSettings schema template under data/.
set -u

root=${1:-$(dirname "$0")/..}
cd "$root" || exit 1

potfiles=po/POTFILES.in
listed=$(grep -v -e '^#' -e '^[[:space:]]*$' "$potfiles")
failures=0

fail () { echo "FAIL: $*"; failures=$((failures + 1)); }

marked=$( {
  grep -rlE --include='*.c' --include='*.h' '(^|[^[:alnum:]_])(_|N_|C_|NC_) ?\(' src
  grep -rl --include='*.ui' 'translatable="yes"' src ui 2>/dev/null
  find data -maxdepth 1 \( -name '*.desktop.in.in' -o -name '*.desktop.in' \
                          -o -name '*.metainfo.xml.in.in' -o -name '*.metainfo.xml.in' \
                          -o -name '*.gschema.xml' \)
} | sed 's|^\./||' | LC_ALL=C sort -u)

if [ -z "$marked" ]; then
  fail "no file with translatable strings found under $root: is it the source tree?"
fi

for file in $marked; do
  grep -qxF "$file" <<<"$listed" || fail "$file has translatable strings but is not in $potfiles"
done

for file in $listed; do
  [ -f "$file" ] || fail "$potfiles lists $file, which does not exist"
done

if [ "$listed" != "$(LC_ALL=C sort -u <<<"$listed")" ]; then
  fail "$potfiles is not sorted (LC_ALL=C sort) or has duplicates"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures problem(s) with $potfiles"
  exit 1
fi
echo "$potfiles lists all $(wc -l <<<"$marked") files with translatable strings"
