#!/usr/bin/env bash
# A translation compiles, keeps every format directive and mnemonic of its
# originals (msgfmt --check --check-accelerators) and is complete: no
# untranslated or fuzzy message.
#
#   tests/test-po.sh po/LANG.po
set -u

po=$1
stats=$(LC_ALL=C msgfmt --check --check-accelerators=_ --statistics --output-file=/dev/null "$po" 2>&1)
status=$?
echo "$po: $stats"

[ "$status" = 0 ] || exit 1
case "$stats" in
  *untranslated*|*fuzzy*) echo "FAIL: $po is incomplete"; exit 1 ;;
  *" translated message"*) ;;
  *) echo "FAIL: no translated message in $po"; exit 1 ;;
esac
