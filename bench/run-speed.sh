#!/usr/bin/env bash
# gaitline-cli against the Python reference of the blog's procedure, side by
# side on the same generated one-hour recording (180,000 frames at 50 fps,
# 17 landmarks), both limbs, reading the CSV included.
#
#   bench/run-speed.sh [BUILD_DIR] [FRAMES]
#
# The peer is bench/reference_blog.py with --fast-config (each frame's
# landmarks from one numpy array instead of the blog's per-landmark pandas
# look-ups; same cycles, several times faster). With AS_WRITTEN=1 the
# blog's own look-ups are timed too (about 7-18 minutes for an hour).
#
# Needs Debian's python3-scipy, python3-skimage and python3-pandas and GNU time.
set -euo pipefail

build=${1:-build}
frames=${2:-180000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cli="$build/src/cli/gaitline-cli"
py=/usr/bin/python3
here=$(dirname "$0")

"$cli" synth --seed 1 --frames "$frames" --fps 50 -o "$work/hour.csv" --truth "$work/truth.csv"
size=$(stat -c %s "$work/hour.csv")
numeric=$(( frames * 17 * 3 * 8 ))
echo "input: $frames frames x 17 landmarks, $(( size / 1000000 )) MB CSV, numeric data $(( numeric / 1000000 )) MB as doubles"

seconds () { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null; cat "$work/time"; }

# median of three runs for gaitline-cli, one run for the (slow) reference
for method in seed touchdown; do
  for i in 1 2 3; do seconds "$cli" detect --method "$method" --fps 50 -o "$work/$method.csv" "$work/hour.csv"; done \
    | sort -n | sed -n 2p > "$work/$method.time"
  read -r t kb < "$work/$method.time"
  echo "gaitline-cli detect --method $method: ${t} s, peak RSS $(( kb / 1024 )) MB ($(awk -v k="$kb" -v n="$numeric" 'BEGIN { printf "%.2f", k * 1024 / n }')x numeric data)"
done

read -r tpy kbpy < <(seconds "$py" "$here/reference_blog.py" --fast-config "$work/hour.csv" -o "$work/reference.csv")
echo "python reference --fast-config (scipy/skimage/pandas): ${tpy} s, peak RSS $(( kbpy / 1024 )) MB"

read -r tseed _ < "$work/seed.time"
echo "speed-up of gaitline-cli (seed method) over the reference: $(awk -v a="$tpy" -v b="$tseed" 'BEGIN { printf "%.0f", a / b }')x"

if [ "${AS_WRITTEN:-0}" = 1 ]; then
  read -r tslow kbslow < <(seconds "$py" "$here/reference_blog.py" "$work/hour.csv" -o "$work/reference-slow.csv")
  echo "python reference as the blog writes it: ${tslow} s, peak RSS $(( kbslow / 1024 )) MB"
  echo "speed-up over it: $(awk -v a="$tslow" -v b="$tseed" 'BEGIN { printf "%.0f", a / b }')x"
fi

"$build/bench/gait-speed" --repeat 3 "$work/hour.csv"

# Same cycles as the reference?
if cmp -s <(cut -d, -f1-3 "$work/reference.csv") <(cut -d, -f1-3 "$work/seed.csv"); then
  echo "seed method cycles identical to the reference: $(( $(wc -l < "$work/seed.csv") - 1 )) cycles"
else
  echo "seed method cycles differ from the reference: $(diff <(cut -d, -f1-3 "$work/reference.csv") <(cut -d, -f1-3 "$work/seed.csv") | grep -c '^[<>]') lines"
fi
