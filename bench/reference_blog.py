#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference implementation of the stride-cycle procedure of Falk Mielke's
blog post "Automatic Extraction of Stride Cycles" (2021), for benchmarking
Gaitline against it.  A benchmark peer only: Gaitline never runs it.

It follows the post's code as written, quirks included (see
bench/README-reference.md for every deviation and why).  Run it with
Debian's interpreter, which has numpy, scipy, scikit-image and pandas:

  /usr/bin/python3 bench/reference_blog.py FILE.csv -o cycles.csv [--time]

Extra modes (not part of the blog's procedure):
  --make-synthetic OUT.csv [--frames N] [--seed S]   write a synthetic
      17-landmark piglet recording (50 fps, ~1 Hz walk) in DeepLabCut's CSV
  --self-check       generate a synthetic file in a temporary directory,
      run the procedure on it and check that cycles are found
"""

import time

_T_START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import warnings  # noqa: E402

import numpy as NP  # noqa: E402
import pandas as PD  # noqa: E402
import scipy.signal as SIG  # noqa: E402
from skimage import feature as FEAT  # noqa: E402

_T_IMPORTED = time.perf_counter()

xy = ['x', 'y']
xyl = xy + ['likelihood']

# the blog's landmark roles
BLOG_LIMBS = [('fl', ['wrist', 'metacarpal', 'fhoof']),
              ('hl', ['ankle', 'metatarsal', 'hhoof'])]
BLOG_EXCLUDE = ['snout', 'eye', 'ear', 'withers', 'croup', 'tailbase',
                'scapula']


###############################################################################
# SuperimpositionToolbox (ST), the parts the blog uses
###############################################################################
def _centroid(pointset):
    return NP.mean(pointset, axis=0)


def _rcs(pointset):
    # root centroid size
    return NP.sqrt(NP.sum(NP.power(pointset - _centroid(pointset), 2)))


def Standardize(pointset):
    """ST.Standardize: centre and scale to unit root centroid size."""
    pointset = pointset.copy()
    pointset = pointset - _centroid(pointset)
    return pointset / _rcs(pointset)


def Procrustes(focalform_raw, referenceform_raw):
    """ST.Procrustes, reduced to what the blog uses (the distance).

    Returns (None, procrustes_distance, rotation_matrix); the toolbox returns
    (transformed focal form, distance, transformation history); the blog
    throws away the first and the last.
    """
    referenceform = Standardize(referenceform_raw.copy())
    focalform = Standardize(focalform_raw.copy())
    cross_dispersion = referenceform.T @ focalform
    U, singular_values, V = NP.linalg.svd(cross_dispersion,
                                          full_matrices=False)
    rotation_matrix = V.T @ U.T
    if NP.linalg.det(rotation_matrix) < 0:
        # reflection: the toolbox uses eye(3) here (3-D only); 2-D version
        dims = rotation_matrix.shape[0]
        flip = NP.ones(dims)
        flip[-1] = -1.
        rotation_matrix = (V.T @ (NP.eye(dims) * flip)) @ U.T
        singular_values[-1] *= -1
    procrustes_distance = 1 - singular_values.sum() ** 2
    return None, procrustes_distance, rotation_matrix


###############################################################################
# Reading
###############################################################################
def read_trace(path):
    """DeepLabCut CSV -> DataFrame with (bodypart, coord) columns.

    ',' files: DeepLabCut's own format, 3 header rows (scorer, bodyparts,
    coords) and the frame number as first column.  ';' files: the blog's
    example format, 2 header rows (bodyparts, coords).
    """
    with open(path, 'r', newline='') as fh:
        first = fh.readline()
        second = fh.readline()
    if first.count(';') > first.count(','):
        trace = PD.read_csv(path, sep=';', header=[0, 1]) \
            .set_index(('bodyparts', 'coords'))
    else:
        if second.split(',')[0].strip().lower() == 'individuals':
            sys.exit('reference_blog.py: multi-animal DeepLabCut files '
                     '(4 header rows) are not supported')
        trace = PD.read_csv(path, header=[0, 1, 2], index_col=0)
        trace.columns = trace.columns.droplevel(0)  # drop the scorer
    return trace


###############################################################################
# The blog's procedure, one limb
###############################################################################
class ConfigurationStore:
    """The blog's config_store / NewConfiguration / GetConfiguration.

    One store per recording, shared between limbs (as in the blog's
    interactive session).  Cached configurations are standardised in place
    by the refinement loop, exactly as the blog does.
    """

    def __init__(self, trace, landmarks, fast=False):
        self.trace = trace
        self.landmarks = landmarks
        self.store = {}
        self.n = trace.shape[0]
        self.block = None
        if fast:
            cols = [(lm, coord) for lm in landmarks for coord in xyl]
            self.block = trace.loc[:, cols].values.astype(float) \
                .reshape((self.n, len(landmarks), 3))

    def new(self, tp):
        if self.block is not None:
            return self.block[tp].copy()
        return NP.concatenate([
            self.trace.iloc[[tp], :]
                .loc[:, [(lm, coord) for coord in xyl]].values
            for lm in self.landmarks], axis=0)

    def get(self, tp):
        configuration = self.store.get(tp, None)
        if configuration is not None:
            return configuration
        if not (-self.n <= tp < self.n):
            # guard: iloc would raise IndexError.  Cannot happen with the
            # blog's filters (see README-reference.md), kept for safety.
            return None
        configuration = self.new(tp)
        self.store[tp] = configuration
        return configuration


def _fill_missing(points, likelihoods):
    """Missing values (not in the blog, which assumes complete data): a
    landmark with a non-finite position or a likelihood <= 0 gets weight 0
    in that frame; frames with no weight are interpolated linearly, constant
    beyond the ends. The same rule as gait_hoof_speed() in Gaitline."""
    n = points[0].shape[0]
    wx = NP.zeros(n)
    wy = NP.zeros(n)
    w = NP.zeros(n)
    for pt, likh in zip(points, likelihoods):
        lk = likh[:, 0]
        ok = NP.isfinite(pt[:, 0]) & NP.isfinite(pt[:, 1]) & NP.isfinite(lk) & (lk > 0)
        wx[ok] += lk[ok] * pt[ok, 0]
        wy[ok] += lk[ok] * pt[ok, 1]
        w[ok] += lk[ok]
    seen = w > 0
    frames = NP.arange(n)
    out = NP.empty((n, 2))
    out[:, 0] = NP.interp(frames, frames[seen], wx[seen] / w[seen])
    out[:, 1] = NP.interp(frames, frames[seen], wy[seen] / w[seen])
    return out


def hoof_speed(trace, hoof_landmarks):
    """Likelihood-weighted average -> Savitzky-Golay -> |gradient| sum."""
    points = trace.loc[:, hoof_landmarks]
    likelihoods = [points.loc[:, (hlm, 'likelihood')].values.reshape((-1, 1))
                   for hlm in hoof_landmarks]
    points = [points.loc[:, [(hlm, coord) for coord in xy]].values
              for hlm in hoof_landmarks]
    point = NP.stack([pt * NP.dot(likh, NP.ones((1, 2)))
                      for likh, pt in zip(likelihoods, points)], axis=2)
    normalizer = NP.dot(NP.sum(NP.concatenate(likelihoods, axis=1),
                               axis=1).reshape((-1, 1)), NP.ones((1, 2)))
    point = NP.divide(NP.sum(point, axis=2), normalizer)
    if NP.isnan(point).any():
        point = _fill_missing(points, likelihoods)
    point = SIG.savgol_filter(point, window_length=15, polyorder=3, axis=0)
    return NP.sum(NP.abs(NP.gradient(point, 5, axis=0)), axis=1)


def find_cycles(trace, hoof_landmarks, configs, opts, debug=None):
    n_frames = trace.shape[0]
    if n_frames < 15:
        # savgol_filter(window_length=15, mode='interp') would raise
        print('reference_blog.py: fewer than 15 frames, skipping limb',
              file=sys.stderr)
        return []

    hoofspeed = hoof_speed(trace, hoof_landmarks)

    # wavelet transform with mexican hat wavelets to find relative peaks
    widths = opts.widths
    cwtmatr = SIG.cwt(hoofspeed, SIG.ricker, widths)

    # find local maxima in the wavelet spectrogram
    coords = FEAT.peak_local_max(cwtmatr.T, min_distance=opts.min_distance,
                                 exclude_border=False)
    time_ = coords[:, 0]
    width = NP.array([widths[coord] for coord in coords[:, 1]])

    threshold = opts.threshold
    sup = [idx for idx, t in enumerate(time_)
           if (hoofspeed[t] > threshold) and (width[idx] > 2)]
    time_ = time_[sup]
    width = width[sup]
    peaks = NP.stack([time_, width], axis=1).astype(NP.int64)
    peaks = peaks[NP.argsort(peaks[:, 0]), :]  # sort by ascending time

    def IsThisAGoodCycle(t1, w1, t2, w2):
        if t1 > n_frames:
            return False
        if t2 > n_frames:
            return False
        if t2 - t1 > opts.max_interval:
            return False
        if t2 - t1 < w1 + w2:
            return False
        if w2 - w1 > opts.max_width_diff:
            return False
        return True

    goodpeaks = []
    for pk1, pk2 in zip(peaks[:-1, :], peaks[1:, :]):
        t1, w1 = NP.sum(pk1), pk1[1]
        t2, w2 = NP.sum(pk2), pk2[1]
        if not IsThisAGoodCycle(t1, w1, t2, w2):
            continue
        goodpeaks.append([t1, w1, t2, w2])

    if debug is not None:
        debug['hoofspeed_nan'] = int(NP.sum(NP.isnan(hoofspeed)))
        debug['n_cwt_maxima'] = int(coords.shape[0])
        debug['peaks'] = peaks.tolist()
        debug['goodpeaks'] = [[int(v) for v in g] for g in goodpeaks]

    lik = opts.likelihood
    SupLikelihoods = lambda configuration: configuration[:, 2] > lik  # noqa
    min_landmarks = opts.effective_min_landmarks

    cycles = []
    n_guarded = 0
    dropped = {'few_comparisons': 0, 'no_minimum': 0, 'no_minimum_nan': 0}
    for t1, w1, t2, w2 in goodpeaks:
        range_t1 = NP.arange(t1 - w1 // 2, t1 + w1 + 1)
        range_t2 = NP.arange(t2 - w2 // 2, t2 + w2 + 1)
        range_t2 = range_t2[range_t2 < n_frames]

        pd_image = NP.empty((len(range_t1), len(range_t2)))
        nl_image = NP.empty((len(range_t1), len(range_t2)))
        pd_image[:, :] = NP.nan
        nl_image[:, :] = NP.nan

        for i_ref, t_ref in enumerate(range_t1):
            ref_configuration = configs.get(t_ref)
            if ref_configuration is None:
                continue
            ref_filter = SupLikelihoods(ref_configuration)
            ref_configuration[:, :2] = Standardize(ref_configuration[:, :2])
            for i_candidate, t_candidate in enumerate(range_t2):
                candidate_configuration = configs.get(t_candidate)
                if candidate_configuration is None:
                    continue
                candidate_configuration[:, :2] = \
                    Standardize(candidate_configuration[:, :2])
                landmark_filter = NP.logical_and(
                    ref_filter, SupLikelihoods(candidate_configuration))
                n_landmarks = NP.sum(landmark_filter)
                if n_landmarks < min_landmarks:
                    continue
                focal = ref_configuration[landmark_filter, :2]
                reference = candidate_configuration[landmark_filter, :2]
                # guard: NaN/inf coordinates (or a zero-size form) make the
                # toolbox's SVD raise LinAlgError; the blog would crash.
                if not (NP.all(NP.isfinite(focal))
                        and NP.all(NP.isfinite(reference))):
                    n_guarded += 1
                    continue
                try:
                    _, pd, _ = Procrustes(focal, reference)
                except NP.linalg.LinAlgError:
                    n_guarded += 1
                    continue
                pd_image[i_ref, i_candidate] = pd
                nl_image[i_ref, i_candidate] = n_landmarks

        if NP.sum(NP.logical_not(NP.isnan(pd_image))) < 6:
            dropped['few_comparisons'] += 1
            continue

        local_minima = FEAT.peak_local_max(-pd_image + NP.nanmax(pd_image),
                                           min_distance=2,
                                           exclude_border=False)
        if len(local_minima) == 0:
            # note: with skimage's default threshold (image.min()), a single
            # NaN in pd_image yields no maxima at all
            dropped['no_minimum_nan' if NP.isnan(pd_image).any()
                    else 'no_minimum'] += 1
            continue

        # "closest to the original peak position": as written, the distance
        # is measured to pd_image.shape, i.e. the far corner.
        center_dist = NP.sum(NP.abs(local_minima
                                    - NP.array(pd_image.shape)
                                    .reshape((1, -1))), axis=1)
        best_idx = local_minima[NP.argmin(center_dist), :]
        pd_min = pd_image[best_idx[0], best_idx[1]]
        nl_min = nl_image[best_idx[0], best_idx[1]]
        cycles.append([int(range_t1[0] + best_idx[0]),
                       int(range_t2[0] + best_idx[1]),
                       NP.round(pd_min, 5) if opts.round else pd_min,
                       int(nl_min)])

    if debug is not None:
        debug['n_guarded_comparisons'] = n_guarded
        debug['pairs_dropped'] = dropped
    return cycles


###############################################################################
# Command line
###############################################################################
def parse_widths(text):
    if ':' in text:
        a, b = text.split(':', 1)
        return NP.arange(int(a), int(b))
    return NP.array([int(w) for w in text.split(',')])


def parse_limbs(groups):
    limbs = []
    for group in groups:
        for item in group:
            if '=' not in item:
                raise SystemExit('--limb expects NAME=LM1,LM2,...: %r' % item)
            name, lms = item.split('=', 1)
            lms = [lm.strip() for lm in lms.split(',') if lm.strip()]
            if not lms:
                raise SystemExit('--limb %s: no landmarks' % name)
            limbs.append((name.strip(), lms))
    return limbs


def build_parser():
    p = argparse.ArgumentParser(
        description="Stride cycles by the procedure of Mielke's 2021 blog "
                    "post (benchmark reference for Gaitline).")
    p.add_argument('csv', nargs='?', help='DeepLabCut CSV file')
    p.add_argument('-o', '--output', help='output CSV (default: stdout)')
    p.add_argument('--limb', action='append', nargs='+', default=None,
                   metavar='NAME=LM1,LM2,...',
                   help="limb name and its distal landmarks (repeatable); "
                        "default fl=wrist,metacarpal,fhoof "
                        "hl=ankle,metatarsal,hhoof")
    p.add_argument('--procrustes', default=None, metavar='LM,...',
                   help='landmarks of the Procrustes step; default: all '
                        'landmarks except ' + ','.join(BLOG_EXCLUDE))
    p.add_argument('--threshold', type=float, default=1.0,
                   help='minimum hoof speed at a CWT peak (default 1.0)')
    p.add_argument('--min-distance', type=int, default=4,
                   help='peak_local_max min_distance on the scalogram')
    p.add_argument('--widths', type=parse_widths, default=NP.arange(1, 16),
                   help='CWT widths, A:B = arange(A,B) (default 1:16)')
    p.add_argument('--max-interval', type=int, default=120)
    p.add_argument('--max-width-diff', type=int, default=6)
    p.add_argument('--likelihood', type=float, default=0.9)
    p.add_argument('--min-landmarks', type=int, default=6,
                   help='min landmarks per comparison; capped at the '
                        'number of Procrustes landmarks (default 6)')
    p.add_argument('--no-round', dest='round', action='store_false',
                   help='write the full Procrustes distance instead of the '
                        "blog's NP.round(pd, 5)")
    p.add_argument('--fast-config', action='store_true',
                   help='grab configurations from one numpy block instead '
                        "of the blog's per-frame pandas iloc/loc "
                        '(same results, much faster)')
    p.add_argument('--time', action='store_true',
                   help='print wall times as a JSON line on stderr')
    p.add_argument('--debug', action='store_true',
                   help='print per-limb peaks and pairs as JSON on stderr')
    p.add_argument('--make-synthetic', metavar='OUT.csv',
                   help='write a synthetic piglet recording and exit')
    p.add_argument('--frames', type=int, default=2000,
                   help='frames of --make-synthetic (default 2000)')
    p.add_argument('--seed', type=int, default=1,
                   help='random seed of --make-synthetic')
    p.add_argument('--self-check', action='store_true',
                   help='run on a generated synthetic file and check it')
    return p


def run(opts):
    t0 = time.perf_counter()
    trace = read_trace(opts.csv)
    t1 = time.perf_counter()

    all_landmarks = [lm for lm in
                     NP.unique(trace.columns.get_level_values(0))]
    limbs = parse_limbs(opts.limb) if opts.limb else BLOG_LIMBS
    if opts.procrustes is not None:
        landmarks = [lm.strip() for lm in opts.procrustes.split(',')
                     if lm.strip()]
    else:
        landmarks = [lm for lm in all_landmarks if lm not in BLOG_EXCLUDE]
    for lm in landmarks + [lm for _, lms in limbs for lm in lms]:
        if lm not in all_landmarks:
            sys.exit('reference_blog.py: no landmark %r in %s (has: %s)'
                     % (lm, opts.csv, ','.join(all_landmarks)))
    opts.effective_min_landmarks = min(opts.min_landmarks, len(landmarks))

    # empty likelihood cells count as likelihood 0 (the blog does not
    # handle missing values; NaN > 0.9 is False anyway)
    lik_cols = [c for c in trace.columns if c[1] == 'likelihood']
    trace.loc[:, lik_cols] = trace.loc[:, lik_cols].fillna(0.)

    configs = ConfigurationStore(trace, landmarks, fast=opts.fast_config)
    rows = []
    debug_all = {}
    with warnings.catch_warnings(), \
            NP.errstate(invalid='ignore', divide='ignore'):
        warnings.simplefilter('ignore', RuntimeWarning)
        for name, hoof_landmarks in limbs:
            debug = {} if opts.debug else None
            cycles = find_cycles(trace, hoof_landmarks, configs, opts, debug)
            order = NP.argsort([c[0] for c in cycles], kind='stable')
            rows.extend([name] + cycles[i] for i in order)
            if debug is not None:
                debug['n_cycles'] = len(cycles)
                debug_all[name] = debug

    out = open(opts.output, 'w') if opts.output else sys.stdout
    out.write('limb,start,end,procrustes_distance,n_landmarks\n')
    for limb, start, end, pdist, nl in rows:
        pdtext = repr(float(pdist)) if opts.round else '%.17g' % pdist
        out.write('%s,%d,%d,%s,%d\n' % (limb, start, end, pdtext, nl))
    if opts.output:
        out.close()
    else:
        out.flush()
    t2 = time.perf_counter()

    if opts.debug:
        print(json.dumps({'procrustes_landmarks': landmarks,
                          'min_landmarks': opts.effective_min_landmarks,
                          'limbs': debug_all}), file=sys.stderr)
    if opts.time:
        print(json.dumps({'import_s': round(_T_IMPORTED - _T_START, 4),
                          'read_s': round(t1 - t0, 4),
                          'detect_s': round(t2 - t1, 4),
                          'total_s': round(t2 - _T_START, 4),
                          'n_frames': int(trace.shape[0]),
                          'n_cycles': len(rows)}), file=sys.stderr)
    return rows


###############################################################################
# Synthetic data (not part of the blog): a piglet walking at ~1 Hz
###############################################################################
SYNTH_LANDMARKS = ['snout', 'eye', 'ear', 'withers', 'scapula', 'shoulder',
                   'elbow', 'wrist', 'metacarpal', 'fhoof', 'croup',
                   'tailbase', 'hip', 'knee', 'ankle', 'metatarsal',
                   'hhoof']


def make_synthetic(path, n_frames=2000, fps=50., seed=1, stride_hz=1.0,
                   stride_px=150., duty=0.6, noise_px=0.5):
    """Overground walk in image coordinates (y down), side view.

    The body moves forward at constant speed; each hoof stands still in
    stance and swings forward (cosine speed profile, lifted) in swing.
    Hind limb half a cycle out of phase.  Likelihood uniform in 0.95..1.
    Returns the true touch-down frames per limb.
    """
    rng = NP.random.default_rng(seed)
    t = NP.arange(n_frames, dtype=float)
    period = fps / stride_hz
    body_x = 100. + stride_px * t / period
    bob = 3. * NP.sin(2 * NP.pi * 2 * t / period)
    ground, hip_y = 400., 290.
    pos = {}

    def rel(dx, dy):
        return NP.stack([body_x + dx, hip_y + dy + bob], axis=1)

    pos['snout'] = rel(150., 10.)
    pos['eye'] = rel(125., -20.)
    pos['ear'] = rel(110., -35.)
    pos['withers'] = rel(70., -40.)
    pos['scapula'] = rel(60., -20.)
    pos['shoulder'] = rel(65., 5.)
    pos['croup'] = rel(-70., -40.)
    pos['tailbase'] = rel(-95., -30.)
    pos['hip'] = rel(-70., 0.)
    truth = {}

    def limb(top, anchor_dx, phase0, names, bend):
        tau = t / period + phase0
        k = NP.floor(tau)
        phi = tau - k
        swing = phi >= duty
        u = NP.where(swing, (phi - duty) / (1. - duty), 0.)
        s = NP.where(swing, 0.5 * (1. - NP.cos(NP.pi * u)), 0.)
        hx = 100. + anchor_dx + stride_px * (k - phase0 + duty / 2. + s)
        hy = ground - NP.where(swing, 30. * NP.sin(NP.pi * u), 0.)
        hoof = NP.stack([hx, hy], axis=1)
        flex = NP.where(swing, NP.sin(NP.pi * u), 0.)
        j1, j2, j3 = names[:3]
        leg = hoof - top
        pos[j1] = top + 0.35 * leg + NP.stack([bend * (1 + flex), 0 * t],
                                              axis=1)
        pos[j2] = top + 0.65 * leg + NP.stack([-12. * flex, 0 * t], axis=1)
        pos[j3] = top + 0.85 * leg + NP.stack([-8. * flex, 0 * t], axis=1)
        pos[names[3]] = hoof
        # touch-down: phase wraps from swing (phi->1) to stance (phi=0)
        truth_frames = NP.nonzero(NP.diff(k) > 0)[0] + 1
        return truth_frames

    truth['fl'] = limb(pos['shoulder'], 65., 0.0,
                       ['elbow', 'wrist', 'metacarpal', 'fhoof'], 10.)
    truth['hl'] = limb(pos['hip'], -70., 0.5,
                       ['knee', 'ankle', 'metatarsal', 'hhoof'], -10.)

    names = SYNTH_LANDMARKS
    cols = []
    fmt = ['%d']
    for lm in names:
        p = pos[lm] + rng.normal(0., noise_px, size=(n_frames, 2))
        lik = rng.uniform(0.95, 1.0, size=n_frames)
        cols += [p[:, 0], p[:, 1], lik]
        fmt += ['%.3f', '%.3f', '%.4f']
    data = NP.column_stack([t] + cols)
    scorer = 'DLC_resnet50_syntheticpigletJan1shuffle1_100000'
    with open(path, 'w') as fh:
        fh.write('scorer' + (',' + scorer) * (3 * len(names)) + '\n')
        fh.write('bodyparts' + ''.join(',%s,%s,%s' % (lm, lm, lm)
                                       for lm in names) + '\n')
        fh.write('coords' + ',x,y,likelihood' * len(names) + '\n')
        NP.savetxt(fh, data, fmt=fmt, delimiter=',')
    return truth


def self_check(opts):
    tmp = tempfile.mkdtemp(prefix='reference_blog_')
    path = os.path.join(tmp, 'synthetic.csv')
    truth = make_synthetic(path, n_frames=2000, seed=opts.seed)
    opts.csv = path
    opts.output = os.path.join(tmp, 'cycles.csv')
    rows = run(opts)
    ok = True
    for limb, _ in BLOG_LIMBS:
        mine = [r for r in rows if r[0] == limb]
        td = truth[limb]
        errs = [int(NP.min(NP.abs(td - r[1]))) for r in mine]
        durs = [r[2] - r[1] for r in mine]
        print('%s: %d cycles (%d true touch-downs); start frame error '
              'median %s, durations %s..%s frames'
              % (limb, len(mine), len(td),
                 NP.median(errs) if errs else '-',
                 min(durs) if durs else '-', max(durs) if durs else '-'))
        if len(mine) < 10:
            ok = False
    print('self-check', 'passed' if ok else 'FAILED', '(files in %s)' % tmp)
    return 0 if ok else 1


def main(argv=None):
    opts = build_parser().parse_args(argv)
    if opts.make_synthetic:
        truth = make_synthetic(opts.make_synthetic, n_frames=opts.frames,
                               seed=opts.seed)
        print(json.dumps({k: v.tolist()[:5] + ['...'] for k, v in
                          truth.items()}), file=sys.stderr)
        return 0
    opts.effective_min_landmarks = opts.min_landmarks
    if opts.self_check:
        return self_check(opts)
    if not opts.csv:
        build_parser().error('a CSV file is required')
    run(opts)
    return 0


if __name__ == '__main__':
    sys.exit(main())
