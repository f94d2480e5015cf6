#!/usr/bin/env bash
# The review window's memory with a long video open: opens VIDEO (with its
# tracking file beside it, or on its own), seeks to 20 frames spread over
# it, plays 5 s, and reads VmRSS and VmHWM from /proc.
#
#   bench/run-memory.sh [BUILD_DIR] VIDEO
#
# Runs the window under Xvfb in its own D-Bus session and drives it over
# D-Bus (org.gtk.Actions), as a user would with the keyboard.
set -euo pipefail

build=${1:-build}
video=$(realpath "$2")

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- "$0" "$build" "$video"
fi

frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$video")
GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
  "$build/src/ui/gaitline" "$video" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT

act () {
  gdbus call --session --dest io.github.gaitline.Gaitline \
    --object-path /io/github/gaitline/Gaitline/window/1 \
    --method org.gtk.Actions.Activate "$@" '{}' >/dev/null
}
mem () { awk -v k="$1" '$1 == k":" { printf "%d MB", $2 / 1024 }' "/proc/$pid/status"; }

for _ in $(seq 1 300); do
  act seek '[<int64 0>]' 2>/dev/null && break
  sleep 0.1
done
sleep 3
echo "$video: $frames frames"
echo "after opening: VmRSS $(mem VmRSS)"

for i in $(seq 0 19); do
  act seek "[<int64 $(( frames * i / 20 + 7 ))>]"
  sleep 1
done
act play '[]'
sleep 5
act play '[]'

echo "after 20 seeks and 5 s of playback: VmRSS $(mem VmRSS), peak VmHWM $(mem VmHWM)"
