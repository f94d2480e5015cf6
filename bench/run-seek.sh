#!/usr/bin/env bash
# Random-frame latency of GaitVideoDecoder against two peers, side by side
# on the same video and the same frames.
#
#   bench/run-seek.sh VIDEO [BUILD_DIR] [SEEKS]
#
# gait-seek asks one open decoder for SEEKS random frames (RGBA) and lists
# them. The first peer, gait-seek-peer, is the plain libav way in one
# process: seek to the keyframe before, decode up to the frame, convert it.
# The second is one `ffmpeg -ss T -i VIDEO -frames:v 1 -pix_fmt rgba`
# per frame (seek to the keyframe before T, decode up to T, as a script
# would do it), whose time includes starting ffmpeg and opening the file.
# That part is shown by the time ffmpeg takes for frame 0; it is not
# subtracted (a median of differences is not a difference of medians).
set -euo pipefail

video=$1
build=${2:-build}
seeks=${3:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/bench/gait-seek" "$video" --seeks "$seeks" --sequential 1 --list "$work/frames" | tee "$work/ours"
"$build/bench/gait-seek-peer" "$video" "$work/frames" | tee "$work/libav"
fps=$(ffprobe -v error -select_streams v:0 -show_entries stream=avg_frame_rate -of csv=p=0 "$video")

peer () {
  local t=$1 start end
  start=$(date +%s%N)
  ffmpeg -v error -ss "$t" -i "$video" -frames:v 1 -pix_fmt rgba -f rawvideo -y /dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000 ))
}

median () { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] / 1000 }'; }

for _ in 1 2 3 4 5 6 7 8 9 10; do peer 0; done | median > "$work/fixed"
while read -r frame; do
  # the frame's start time, as ffmpeg -ss takes it
  peer "$(awk -v f="$frame" -v r="$fps" 'BEGIN { split (r, a, "/"); printf "%.6f", f * a[2] / a[1] }')"
done < "$work/frames" | median > "$work/peer"

ours=$(sed -n 's/^random frames ([0-9]*): median \([0-9.]*\) ms.*/\1/p' "$work/ours")
libav=$(sed -n 's/^peer, random frames ([0-9]*): median \([0-9.]*\) ms.*/\1/p' "$work/libav")
fixed=$(cat "$work/fixed")
peer=$(cat "$work/peer")
awk -v o="$ours" -v p="$peer" -v f="$fixed" -v l="$libav" 'BEGIN {
  printf "plain libav seek (one process): median %.1f ms; libav/ours %.2fx\n", l, l / o
  printf "ffmpeg -ss per frame: median %.1f ms (frame 0 alone: %.1f ms)\n", p, f
  printf "GaitVideoDecoder: median %.1f ms; ffmpeg/ours %.2fx\n", o, p / o
}'
