#!/usr/bin/env bash
# HDF5 read in the child process (gaitline-hdf5-reader) against reading it
# in process (GAITLINE_HDF5_READER=""), side by side on the same one-hour
# DeepLabCut file: 180,000 frames x 17 landmarks written by pandas
# (format "table"), loaded by `gaitline-cli speed`. Median of 5 runs each,
# wall time and peak RSS (GNU time's %M: from wait4(), the larger of
# gaitline-cli's and that of the child it reaped, the reader).
#
#   bench/run-hdf5.sh [BUILD_DIR]
#
# Needs Debian's python3-pandas and python3-tables.
set -euo pipefail

build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cli="$build/src/cli/gaitline-cli"

/usr/bin/python3 - "$work/hour.h5" <<'PY'
import sys
import numpy as np
import pandas as pd
n = 180000
landmarks = [f"lm{i}" for i in range(17)]
columns = pd.MultiIndex.from_product([["DLC_scorer"], landmarks, ["x", "y", "likelihood"]],
                                     names=["scorer", "bodyparts", "coords"])
data = np.random.default_rng(1).random((n, 51)) * 500
pd.DataFrame(data, columns=columns).to_hdf(sys.argv[1], key="df_with_missing", format="table", mode="w")
PY
echo "input: $(( $(stat -c %s "$work/hour.h5") / 1000000 )) MB, 180000 frames x 17 landmarks"

run () {
  for _ in 1 2 3 4 5; do
    env "$@" /usr/bin/time -f "%e %M" -o "$work/t" "$cli" speed "$work/hour.h5" --fps 50 --limb a=lm0 -o /dev/null
    cat "$work/t"
  done | sort -n | sed -n 3p
}

child=$(run GAITLINE_HDF5_READER="$build/src/core/gaitline-hdf5-reader")
inproc=$(run GAITLINE_HDF5_READER=)
awk -v c="$child" -v i="$inproc" 'BEGIN {
  split (c, a, " "); split (i, b, " ")
  printf "child process: %.2f s, peak %d MB (the larger of gaitline-cli and its reader)\n", a[1], a[2] / 1024
  printf "in process:    %.2f s, peak %d MB\n", b[1], b[2] / 1024
  printf "child / in process: %.2fx the time\n", a[1] / b[1]
}'
