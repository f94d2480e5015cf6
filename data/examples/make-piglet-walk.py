#!/usr/bin/python3
# Makes the bundled example recording: a generated piglet walking (with
# standing, fidgeting and turning), its video and its DeepLabCut-style
# tracking file with realistic tracking errors, plus the true cycles.
#
#   data/examples/make-piglet-walk.py BUILD_DIR
#
# Development time only; needs Debian's python3-numpy, python3-skimage,
# python3-pandas and the ffmpeg program. The video is drawn from the
# generator's true positions, the tracking file from the same animal with
# noise, dropouts, confident outliers and occlusions.
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
from skimage.draw import disk, line_aa, polygon

build = sys.argv[1] if len(sys.argv) > 1 else 'build'
here = os.path.dirname(os.path.abspath(__file__))
cli = os.path.join(build, 'src', 'cli', 'gaitline-cli')
seed, frames, fps = '4', '1500', '50'
W, H, margin = 960, 540, 30

with tempfile.TemporaryDirectory() as tmp:
    clean_csv = os.path.join(tmp, 'clean.csv')
    noisy_csv = os.path.join(tmp, 'noisy.csv')
    truth = os.path.join(here, 'piglet-walk-truth.csv')
    common = ['synth', '--seed', seed, '--frames', frames, '--fps', fps]
    subprocess.run([cli] + common + ['--clean', '-o', clean_csv], check=True)
    subprocess.run([cli] + common + ['-o', noisy_csv, '--truth', truth], check=True)
    clean = pd.read_csv(clean_csv, header=[0, 1, 2], index_col=0)
    noisy = pd.read_csv(noisy_csv, header=[0, 1, 2], index_col=0)

# one transform for both, so that the tracking matches the picture
xs = clean.xs('x', level=2, axis=1).values
ys = clean.xs('y', level=2, axis=1).values
scale = min((W - 2 * margin) / (xs.max() - xs.min()), (H - 2 * margin) / (ys.max() - ys.min()))
ox = margin - xs.min() * scale + (W - 2 * margin - (xs.max() - xs.min()) * scale) / 2
oy = margin - ys.min() * scale + (H - 2 * margin - (ys.max() - ys.min()) * scale) / 2

for table in (clean, noisy):
    for col in table.columns:
        if col[2] == 'x':
            table[col] = table[col] * scale + ox
        elif col[2] == 'y':
            table[col] = table[col] * scale + oy

cols = noisy.columns
noisy.loc[:, [c for c in cols if c[2] != 'likelihood']] = noisy.loc[:, [c for c in cols if c[2] != 'likelihood']].round(2)
noisy.loc[:, [c for c in cols if c[2] == 'likelihood']] = noisy.loc[:, [c for c in cols if c[2] == 'likelihood']].round(4)
noisy.index.name = None
noisy.to_csv(os.path.join(here, 'piglet-walkDLC_synthetic.csv'))

cx = clean.xs('x', level=2, axis=1).droplevel(0, axis=1)
cy = clean.xs('y', level=2, axis=1).droplevel(0, axis=1)
ground = cy[['fhoof', 'hhoof']].values.max() + 4 * scale
limbs = [['shoulder', 'elbow', 'wrist', 'metacarpal', 'fhoof'],
         ['hip', 'knee', 'ankle', 'metatarsal', 'hhoof']]
body = ['snout', 'withers', 'croup', 'tailbase', 'hip', 'shoulder']


def thick_line(img, a, b, width, colour):
    for d in range(-(width // 2), width // 2 + 1):
        for dx, dy in ((d, 0), (0, d)):
            rr, cc, val = line_aa(int(a[1] + dy), int(a[0] + dx), int(b[1] + dy), int(b[0] + dx))
            ok = (rr >= 0) & (rr < H) & (cc >= 0) & (cc < W)
            img[rr[ok], cc[ok]] = (img[rr[ok], cc[ok]] * (1 - val[ok, None]) + np.array(colour) * val[ok, None]).astype(np.uint8)


ffmpeg = subprocess.Popen(['ffmpeg', '-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24',
                           '-s', f'{W}x{H}', '-r', fps, '-i', '-',
                           '-c:v', 'libx264', '-preset', 'slow', '-crf', '30', '-g', '250', '-bf', '2',
                           '-pix_fmt', 'yuv420p', '-movflags', '+faststart',
                           os.path.join(here, 'piglet-walk.mp4')], stdin=subprocess.PIPE)
background = np.zeros((H, W, 3), np.uint8)
background[:] = (205, 200, 190)
background[int(ground):] = (120, 105, 90)
for f in range(int(frames)):
    img = background.copy()
    p = {lm: (cx[lm].iat[f], cy[lm].iat[f]) for lm in cx.columns}
    pts = np.array([p[lm] for lm in body])
    rr, cc = polygon(pts[:, 1], pts[:, 0], (H, W))
    img[rr, cc] = (230, 170, 170)
    for limb, colour in zip(limbs, ((150, 80, 80), (110, 60, 60))):
        for a, b in zip(limb[:-1], limb[1:]):
            thick_line(img, p[a], p[b], 5, colour)
        rr, cc = disk((p[limb[-1]][1], p[limb[-1]][0]), 6, shape=(H, W))
        img[rr, cc] = (60, 40, 30)
    rr, cc = disk((p['eye'][1], p['eye'][0]), 3, shape=(H, W))
    img[rr, cc] = (20, 20, 20)
    ffmpeg.stdin.write(img.tobytes())
ffmpeg.stdin.close()
ffmpeg.wait()
