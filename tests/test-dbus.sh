#!/usr/bin/env bash
# The review window scripted over D-Bus, and a crash mid-review.
#
# Run inside a display and a session bus (the meson test wraps it in
# xvfb-run and dbus-run-session):
#   tests/test-dbus.sh BUILD/src/ui/gaitline data/examples
#
# Starts Gaitline on a copy of the example, accepts and rejects cycles with
# org.gtk.Actions.Activate, kills it with SIGKILL, and checks that the
# session file kept both decisions; starts it again and exports over D-Bus.
set -u

gaitline=$1
examples=$2
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT

name=io.github.gaitline.Gaitline
window=/io/github/gaitline/Gaitline/window/1
session="$work/piglet-walkDLC_synthetic.csv.gaitline"
failures=0

cp "$examples/piglet-walk.mp4" "$examples/piglet-walkDLC_synthetic.csv" "$work/"

fail () { echo "FAIL: $*"; failures=$((failures + 1)); }

activate () {
  gdbus call --session --dest "$name" --object-path "$window" \
    --method org.gtk.Actions.Activate "$1" "${2:-[]}" '{}' >/dev/null
}

start () {
  GSK_RENDERER=cairo "$gaitline" "$work/piglet-walk.mp4" >"$work/log" 2>&1 &
  pid=$!
  # the window is there once its actions are on the bus, and the review
  # once the session file exists
  for _ in $(seq 1 300); do
    if gdbus call --session --dest "$name" --object-path "$window" \
         --method org.gtk.Actions.List >/dev/null 2>&1 && [ -s "$session" ]; then
      sleep 0.5
      return 0
    fi
    sleep 0.1
  done
  cat "$work/log"
  return 1
}

count () { grep -c ";$1;" "$session"; }

start || fail "Gaitline did not start"

actions=$(gdbus call --session --dest "$name" --object-path "$window" --method org.gtk.Actions.List)
for action in open-file seek play step detect accept reject select-next move-boundary add-cycle delete undo redo export-eaf export-csv; do
  case "$actions" in
    *"'$action'"*) ;;
    *) fail "win.$action is not exported on D-Bus" ;;
  esac
done

detected=$(count detected)
[ "$detected" -gt 30 ] || fail "expected the example's cycles, found $detected"

activate select-next
activate accept
activate select-next
activate reject
activate add-cycle "[<('hl', int64 10, int64 40)>]"
sleep 0.5

# a crash right after the edits: nothing on screen may be lost
kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=

[ "$(count accepted)" = 1 ] || fail "accepted cycle lost after SIGKILL ($(count accepted))"
[ "$(count rejected)" = 1 ] || fail "rejected cycle lost after SIGKILL ($(count rejected))"
[ "$(count added)" = 1 ] || fail "added cycle lost after SIGKILL ($(count added))"
tail -n 1 "$session" | grep -q '^\[End\]' || fail "session file incomplete after SIGKILL"

start || fail "Gaitline did not start again"
activate export-eaf "[<'$work/out.eaf'>]"
activate export-csv "[<'$work/out.csv'>]"
sleep 0.5
grep -q 'TIER_ID="hl rejected"\|TIER_ID="fl rejected"' "$work/out.eaf" || fail "no rejected tier in the export"
grep -q '>accepted ' "$work/out.eaf" || fail "the accepted cycle is not in the export"
grep -q ',added$' "$work/out.csv" || fail "the added cycle is not in the CSV"

gdbus call --session --dest "$name" --object-path /io/github/gaitline/Gaitline \
  --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null
wait "$pid" 2>/dev/null
pid=

if [ "$failures" -gt 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "D-Bus scripting and crash recovery: ok"
