/* gait-detector.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gaitline"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gait-detector.h"
#include "gait-detector-private.h"
#include "gait-error.h"
#include "gait-signal.h"
#include "gait-signal-private.h"

/**
 * gait_detect_params_init:
 * @params: the parameters to fill
 * @method: the method whose defaults to use
 *
 * The seed method's defaults are the blog post's; the touchdown method
 * shares them where it uses the same steps.
 */
void
gait_detect_params_init (GaitDetectParams *params,
                         GaitMethod        method)
{
  g_return_if_fail (params != NULL);

  *params = (GaitDetectParams) {
    .method = method,
    .fps = 0,
    .likelihood_cutoff = method == GAIT_METHOD_SEED ? 0.9 : 0.5,
    .savgol_window = 15,
    .savgol_order = 3,
    .gradient_spacing = 5,
    .threshold = 1.0,
    .min_width = 1,
    .max_width = 15,
    .min_distance = 4,
    .min_peak_width = 2,
    .max_interval = 120,
    .max_width_diff = 6,
    .min_landmarks = 6,
  };
}

static gboolean
check_landmarks (GaitTracking  *tracking,
                 const guint   *landmarks,
                 guint          n_landmarks,
                 GError       **error)
{
  guint n = gait_tracking_get_n_landmarks (tracking);

  if (n_landmarks == 0)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "a limb needs at least one landmark");
      return FALSE;
    }

  for (guint i = 0; i < n_landmarks; i++)
    if (landmarks[i] >= n)
      {
        g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                     "landmark index %u out of range (%u landmarks)", landmarks[i], n);
        return FALSE;
      }

  return TRUE;
}

/**
 * gait_limb_position:
 * @tracking: tracking data
 * @landmarks: (array length=n_landmarks): a limb's landmarks, valid indices
 * @n_landmarks: their number
 * @px: (out caller-allocates) (array): x per frame
 * @py: (out caller-allocates) (array): y per frame
 *
 * The limb's point in every frame: the mean of its landmarks' positions
 * weighted by their likelihoods, over those with a finite position and a
 * positive likelihood; NAN where there is none.
 */
void
gait_limb_position (GaitTracking *tracking,
                    const guint  *landmarks,
                    guint         n_landmarks,
                    double       *px,
                    double       *py)
{
  gsize n = gait_tracking_get_n_frames (tracking);

  for (gsize f = 0; f < n; f++)
    {
      double wx = 0, wy = 0, w = 0;

      for (guint k = 0; k < n_landmarks; k++)
        {
          double x = gait_tracking_get_x (tracking, landmarks[k])[f];
          double y = gait_tracking_get_y (tracking, landmarks[k])[f];
          double l = gait_tracking_get_likelihood (tracking, landmarks[k])[f];

          if (!isfinite (x) || !isfinite (y) || !isfinite (l) || l <= 0)
            continue;

          wx += l * x;
          wy += l * y;
          w += l;
        }

      px[f] = w > 0 ? wx / w : NAN;
      py[f] = w > 0 ? wy / w : NAN;
    }
}

/**
 * gait_hoof_speed:
 * @tracking: tracking data
 * @landmarks: (array length=n_landmarks): the limb's distal landmarks
 * @n_landmarks: their number
 * @params: smoothing parameters
 * @out: (out caller-allocates): one value per frame
 * @error: return location for a #GError
 *
 * The blog's hoof speed: the likelihood-weighted average of the limb's
 * landmarks, Savitzky–Golay smoothed (scipy's 'interp' edges), its NumPy
 * gradient with the given spacing, and the sum of the absolute x and y
 * components. Frames where no landmark has a finite position with a
 * positive likelihood are interpolated linearly before smoothing (the blog
 * assumes complete data; with complete data the result is identical).
 *
 * Returns: %TRUE on success
 */
gboolean
gait_hoof_speed (GaitTracking           *tracking,
                 const guint            *landmarks,
                 guint                   n_landmarks,
                 const GaitDetectParams *params,
                 double                 *out,
                 GError                **error)
{
  g_autofree double *px = NULL;
  g_autofree double *py = NULL;
  g_autofree double *sx = NULL;
  g_autofree double *sy = NULL;
  gsize n;

  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!check_landmarks (tracking, landmarks, n_landmarks, error))
    return FALSE;

  n = gait_tracking_get_n_frames (tracking);
  px = g_new (double, n);
  py = g_new (double, n);
  sx = g_new (double, n);
  sy = g_new (double, n);

  gait_limb_position (tracking, landmarks, n_landmarks, px, py);

  if (!_gait_fill_gaps (px, n) || !_gait_fill_gaps (py, n))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_EMPTY,
                   "%s: the limb's landmarks are never seen",
                   gait_tracking_get_path (tracking));
      return FALSE;
    }

  if (!gait_savgol_filter (px, n, params->savgol_window, params->savgol_order, 0, 1.0, sx, error) ||
      !gait_savgol_filter (py, n, params->savgol_window, params->savgol_order, 0, 1.0, sy, error))
    return FALSE;

  gait_gradient (sx, n, params->gradient_spacing, px);
  gait_gradient (sy, n, params->gradient_spacing, py);

  for (gsize f = 0; f < n; f++)
    out[f] = fabs (px[f]) + fabs (py[f]);

  return TRUE;
}

/**
 * gait_hoof_scalogram:
 * @speed: (array length=n): hoof speed
 * @n: its length
 * @params: widths
 * @out: (out caller-allocates): (max_width - min_width + 1) rows of @n values
 * @error: return location for a #GError
 *
 * The Ricker continuous wavelet transform of @speed for the integer widths
 * min_width…max_width, as scipy.signal.cwt computes it.
 *
 * Returns: %TRUE on success
 */
gboolean
gait_hoof_scalogram (const double           *speed,
                     gsize                   n,
                     const GaitDetectParams *params,
                     double                 *out,
                     GError                **error)
{
  g_autofree double *widths = NULL;
  guint n_widths;

  g_return_val_if_fail (speed != NULL, FALSE);
  g_return_val_if_fail (params != NULL, FALSE);

  if (params->min_width < 1 || params->max_width < params->min_width)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "wavelet widths %u…%u are not a range of positive widths",
                   params->min_width, params->max_width);
      return FALSE;
    }

  n_widths = params->max_width - params->min_width + 1;
  widths = g_new (double, n_widths);
  for (guint i = 0; i < n_widths; i++)
    widths[i] = params->min_width + i;

  return gait_cwt_ricker (speed, n, widths, n_widths, out, error);
}

/* Procrustes comparison of two frames. */

/* Procrustes distance between the postures at frames @f1 and @f2 over the
 * landmarks seen (likelihood > cutoff) in both; *n_used is their number,
 * *any_nan (optional) whether a landmark's position is missing in either. */
double
_gait_posture_distance (GaitPostureComparison *c,
                        gsize                  f1,
                        gsize                  f2,
                        guint                 *n_used,
                        gboolean              *any_nan)
{
  guint m = 0;

  if (any_nan != NULL)
    *any_nan = FALSE;

  for (guint k = 0; k < c->n_landmarks; k++)
    {
      guint lm = c->landmarks[k];
      const double *x = gait_tracking_get_x (c->tracking, lm);
      const double *y = gait_tracking_get_y (c->tracking, lm);
      const double *l = gait_tracking_get_likelihood (c->tracking, lm);

      if (!isfinite (x[f1]) || !isfinite (y[f1]) || !isfinite (x[f2]) || !isfinite (y[f2]))
        {
          if (any_nan != NULL)
            *any_nan = TRUE;
          continue;
        }

      if (!(l[f1] > c->cutoff && l[f2] > c->cutoff))
        continue;

      c->a[2 * m] = x[f1];
      c->a[2 * m + 1] = y[f1];
      c->b[2 * m] = x[f2];
      c->b[2 * m + 1] = y[f2];
      m++;
    }

  *n_used = m;

  return m >= 3 ? gait_procrustes_distance (c->a, c->b, m) : NAN;
}

/* The seed method: the blog post's procedure, step by step. */

typedef struct
{
  gint64 time;
  guint  width;
  guint  order;
} SeedPeak;

static int
compare_seed_peaks (gconstpointer a,
                    gconstpointer b)
{
  const SeedPeak *pa = a;
  const SeedPeak *pb = b;

  if (pa->time != pb->time)
    return pa->time < pb->time ? -1 : 1;
  return (pa->order > pb->order) - (pa->order < pb->order);
}

static gboolean
seed_is_good_cycle (const GaitDetectParams *params,
                    gint64                  n,
                    gint64                  t1,
                    gint64                  w1,
                    gint64                  t2,
                    gint64                  w2)
{
  if (t1 > n || t2 > n)
    return FALSE;
  if (t2 - t1 > (gint64)params->max_interval)
    return FALSE;
  if (t2 - t1 < w1 + w2)
    return FALSE;
  if (w2 - w1 > (gint64)params->max_width_diff)
    return FALSE;
  return TRUE;
}

static void
seed_refine (GaitPostureComparison  *c,
             const GaitDetectParams *params,
             guint                   min_landmarks,
             const char             *limb,
             const double           *px,
             const double           *py,
             gint64                  n,
             gint64                  t1,
             gint64                  w1,
             gint64                  t2,
             gint64                  w2,
             GArray                 *cycles)
{
  gint64 r1_begin = t1 - w1 / 2;
  gint64 r1_end = MIN (t1 + w1 + 1, n);
  gint64 r2_begin = t2 - w2 / 2;
  gint64 r2_end = MIN (t2 + w2 + 1, n);
  gsize rows, cols, n_finite = 0;
  g_autofree double *pd = NULL;
  g_autofree guint *nl = NULL;
  g_autoptr(GArray) minima = NULL;
  double max_pd = -INFINITY;
  gsize best = 0;
  gint64 best_dist = G_MAXINT64;
  GaitCycle cycle;

  if (r1_begin < 0 || r2_begin < 0 || r1_end <= r1_begin || r2_end <= r2_begin)
    return;

  rows = r1_end - r1_begin;
  cols = r2_end - r2_begin;
  pd = g_new (double, rows * cols);
  nl = g_new0 (guint, rows * cols);

  for (gsize i = 0; i < rows; i++)
    for (gsize j = 0; j < cols; j++)
      {
        gboolean any_nan;
        guint used;
        double d = _gait_posture_distance (c, r1_begin + i, r2_begin + j, &used, &any_nan);

        pd[i * cols + j] = NAN;
        /* The blog standardises whole configurations: one missing
         * coordinate makes the comparison NaN, not skipped. */
        if (any_nan || used < min_landmarks)
          continue;

        pd[i * cols + j] = d;
        nl[i * cols + j] = used;
        if (isfinite (d))
          {
            n_finite++;
            max_pd = MAX (max_pd, d);
          }
      }

  if (n_finite < 6)
    return;

  for (gsize k = 0; k < rows * cols; k++)
    pd[k] = max_pd - pd[k];

  minima = gait_peak_local_max (pd, rows, cols, 2, FALSE);
  if (minima == NULL || minima->len == 0)
    return;

  /* As the blog writes it: the minimum closest (L1) to the far corner. */
  for (guint k = 0; k < minima->len; k++)
    {
      const GaitPeak *p = &g_array_index (minima, GaitPeak, k);
      gint64 dist = ((gint64)rows - p->row) + ((gint64)cols - p->col);

      if (dist < best_dist)
        {
          best_dist = dist;
          best = k;
        }
    }

  {
    const GaitPeak *p = &g_array_index (minima, GaitPeak, best);

    gait_cycle_init (&cycle, limb, r1_begin + p->row, r2_begin + p->col);
    cycle.procrustes = max_pd - pd[p->row * cols + p->col];
    cycle.n_landmarks = nl[p->row * cols + p->col];
    cycle.method = GAIT_METHOD_SEED;
    cycle.stride_length = hypot (px[cycle.end] - px[cycle.start],
                                 py[cycle.end] - py[cycle.start]);
    g_array_append_val (cycles, cycle);
  }
}

static gboolean
detect_seed (GaitTracking           *tracking,
             const char             *limb,
             const guint            *distal,
             guint                   n_distal,
             const guint            *procrustes,
             guint                   n_procrustes,
             const GaitDetectParams *params,
             GArray                 *cycles,
             GError                **error)
{
  gsize n = gait_tracking_get_n_frames (tracking);
  guint n_widths = params->max_width - params->min_width + 1;
  g_autofree double *speed = g_new (double, n);
  g_autofree double *cwt = NULL;
  g_autofree double *image = NULL;
  g_autofree double *a = g_new (double, 2 * MAX (1, n_procrustes));
  g_autofree double *b = g_new (double, 2 * MAX (1, n_procrustes));
  g_autofree double *px = g_new (double, n);
  g_autofree double *py = g_new (double, n);
  g_autoptr(GArray) coords = NULL;
  g_autoptr(GArray) peaks = g_array_new (FALSE, FALSE, sizeof (SeedPeak));
  guint min_landmarks = MIN (params->min_landmarks, n_procrustes);
  GaitPostureComparison c = { tracking, procrustes, n_procrustes, params->likelihood_cutoff, a, b };

  if (!gait_hoof_speed (tracking, distal, n_distal, params, speed, error))
    return FALSE;

  cwt = g_new (double, (gsize)n_widths * n);
  if (!gait_hoof_scalogram (speed, n, params, cwt, error))
    return FALSE;

  /* peak_local_max works on the transposed matrix: time × width. */
  image = g_new (double, (gsize)n_widths * n);
  for (guint w = 0; w < n_widths; w++)
    for (gsize t = 0; t < n; t++)
      image[t * n_widths + w] = cwt[w * n + t];
  g_clear_pointer (&cwt, g_free);

  coords = gait_peak_local_max (image, n, n_widths, params->min_distance, FALSE);
  for (guint k = 0; k < coords->len; k++)
    {
      const GaitPeak *p = &g_array_index (coords, GaitPeak, k);
      SeedPeak peak = { p->row, params->min_width + p->col, k };

      if (speed[peak.time] > params->threshold && peak.width > params->min_peak_width)
        g_array_append_val (peaks, peak);
    }
  g_array_sort (peaks, compare_seed_peaks);

  /* The weighted point again, for stride lengths. */
  gait_limb_position (tracking, distal, n_distal, px, py);
  _gait_fill_gaps (px, n);
  _gait_fill_gaps (py, n);

  for (guint k = 0; k + 1 < peaks->len; k++)
    {
      const SeedPeak *p1 = &g_array_index (peaks, SeedPeak, k);
      const SeedPeak *p2 = &g_array_index (peaks, SeedPeak, k + 1);
      gint64 t1 = p1->time + p1->width;
      gint64 t2 = p2->time + p2->width;

      if (!seed_is_good_cycle (params, n, t1, p1->width, t2, p2->width))
        continue;

      seed_refine (&c, params, min_landmarks, limb, px, py, n,
                   t1, p1->width, t2, p2->width, cycles);
    }

  return TRUE;
}

/* The touchdown method. */

typedef struct
{
  gsize  lo;         /* lift-off: last frame at rest before the swing */
  gsize  td;         /* touch-down: first frame at rest after it */
  gsize  peak;
  double dx;         /* displacement relative to the stance motion */
  double dy;
  double quality;    /* 0…1, how clearly both ends came to rest */
  int    kind;
} Swing;

enum { SWING_NOISE, SWING_FIDGET, SWING_STRIDE };

typedef struct
{
  gsize   n;
  double  fps;
  double *vx;        /* smoothed velocity of the distal point, px/frame */
  double *vy;
  double *ux;        /* local stance velocity */
  double *uy;
  double *qx;        /* position relative to the stance motion (integrated) */
  double *qy;
  double *speed;     /* |v - u| */
  double *seen;      /* 0…1, how well the distal landmarks are seen */
  double  noise;     /* SD of q while at rest */
} LimbSignal;

static void
limb_signal_clear (LimbSignal *s)
{
  g_clear_pointer (&s->vx, g_free);
  g_clear_pointer (&s->vy, g_free);
  g_clear_pointer (&s->ux, g_free);
  g_clear_pointer (&s->uy, g_free);
  g_clear_pointer (&s->qx, g_free);
  g_clear_pointer (&s->qy, g_free);
  g_clear_pointer (&s->speed, g_free);
  g_clear_pointer (&s->seen, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LimbSignal, limb_signal_clear)

/* The @q quantile (nearest rank) of the finite values in @v; NAN if none. */
static double
percentile_in_place (double *v,
                     gsize   n,
                     double  q)
{
  gsize m = _gait_sort_finite (v, n);

  if (m == 0)
    return NAN;

  return v[MIN (m - 1, (gsize)(q * (m - 1) + 0.5))];
}

/* Marks confident outliers: samples far from the median of their five
 * neighbours, which a monotonic movement never is. */
static void
reject_outliers (double       *x,
                 double       *y,
                 gboolean     *valid,
                 gsize         n)
{
  g_autofree double *dev = g_new (double, n);
  double win[5];
  double mad, limit;

  for (gsize f = 0; f < n; f++)
    {
      double mx, my;
      guint m = 0;

      dev[f] = NAN;
      if (!valid[f])
        continue;

      for (gssize k = (gssize)f - 2; k <= (gssize)f + 2; k++)
        if (k >= 0 && (gsize)k < n && valid[k])
          win[m++] = x[k];
      if (m < 3)
        continue;
      mx = _gait_median_in_place (win, m);

      m = 0;
      for (gssize k = (gssize)f - 2; k <= (gssize)f + 2; k++)
        if (k >= 0 && (gsize)k < n && valid[k])
          win[m++] = y[k];
      my = _gait_median_in_place (win, m);

      dev[f] = hypot (x[f] - mx, y[f] - my);
    }

  {
    g_autofree double *copy = g_memdup2 (dev, n * sizeof (double));
    mad = _gait_median_in_place (copy, n);
  }

  limit = MAX (15.0, 8.0 * 1.4826 * (isfinite (mad) ? mad : 0));

  for (gsize f = 0; f < n; f++)
    if (valid[f] && isfinite (dev[f]) && dev[f] > limit)
      valid[f] = FALSE;
}

/* Linear interpolation over gaps of at most @max_gap frames; longer gaps
 * stay invalid. Returns how many frames were filled. */
static void
bridge_gaps (double   *x,
             double   *y,
             gboolean *valid,
             gboolean *filled,
             gsize     n,
             gsize     max_gap)
{
  gssize prev = -1;

  for (gsize f = 0; f < n; f++)
    {
      filled[f] = FALSE;
      if (!valid[f])
        continue;

      if (prev >= 0 && f - prev - 1 <= max_gap)
        for (gsize k = prev + 1; k < f; k++)
          {
            double t = (double)(k - prev) / (double)(f - prev);

            x[k] = x[prev] + t * (x[f] - x[prev]);
            y[k] = y[prev] + t * (y[f] - y[prev]);
            filled[k] = TRUE;
          }
      prev = f;
    }
}

/* Savitzky–Golay derivative over each run of usable samples. */
static void
smooth_derivative (const double   *x,
                   const gboolean *usable,
                   gsize           n,
                   guint           window,
                   double         *out)
{
  gsize f = 0;

  while (f < n)
    {
      gsize begin, len;

      if (!usable[f])
        {
          out[f++] = NAN;
          continue;
        }

      begin = f;
      while (f < n && usable[f])
        f++;
      len = f - begin;

      if (len >= window)
        {
          if (!gait_savgol_filter (x + begin, len, window, 2, 1, 1.0, out + begin, NULL))
            for (gsize k = begin; k < f; k++)
              out[k] = NAN;
        }
      else if (len >= 2)
        gait_gradient (x + begin, len, 1.0, out + begin);
      else
        out[begin] = NAN;
    }
}

/* Robust local stance velocity. Stance is where the velocity is steady
 * (the ground, or a belt, moves evenly); swings accelerate. In windows of
 * @w frames, the median velocity of the steady frames, refined towards its
 * densest cluster; linear in between. */
static void
stance_velocity (const double   *v,
                 const gboolean *steady,
                 gsize           n,
                 gsize           w,
                 double          noise,
                 double         *u)
{
  gsize step = MAX (1, w / 4);
  gsize n_centres = (n + step - 1) / step;
  g_autofree double *centre_u = g_new (double, n_centres);
  g_autofree double *buf = g_new (double, w + 1);

  for (gsize c = 0; c < n_centres; c++)
    {
      gsize mid = c * step;
      gsize lo = mid > w / 2 ? mid - w / 2 : 0;
      gsize hi = MIN (n, lo + w);
      gsize m = 0;
      double med;

      for (gsize f = lo; f < hi; f++)
        if (isfinite (v[f]) && steady[f])
          buf[m++] = v[f];

      if (m < w / 8)
        {
          m = 0;
          for (gsize f = lo; f < hi; f++)
            if (isfinite (v[f]))
              buf[m++] = v[f];
        }

      med = _gait_median_in_place (buf, m);
      for (int iter = 0; iter < 3 && isfinite (med); iter++)
        {
          double band = MAX (3 * noise, 0.25);
          gsize k = 0;

          for (gsize f = lo; f < hi; f++)
            if (isfinite (v[f]) && steady[f] && fabs (v[f] - med) < band + 0.5 * fabs (med))
              buf[k++] = v[f];
          if (k < 3)
            break;
          med = _gait_median_in_place (buf, k);
        }

      centre_u[c] = isfinite (med) ? med : (c > 0 ? centre_u[c - 1] : 0);
    }

  for (gsize f = 0; f < n; f++)
    {
      gsize c = f / step;
      double t = (double)(f - c * step) / step;

      u[f] = c + 1 < n_centres ? centre_u[c] * (1 - t) + centre_u[c + 1] * t : centre_u[c];
    }
}

static gboolean
build_limb_signal (GaitTracking           *tracking,
                   const guint            *distal,
                   guint                   n_distal,
                   const GaitDetectParams *params,
                   LimbSignal             *s)
{
  gsize n = gait_tracking_get_n_frames (tracking);
  double fps = params->fps > 0 ? params->fps : 50;
  guint window = MAX (5, ((guint)(fps / 20)) | 1);
  gsize max_gap = MAX (4, (gsize)(0.2 * fps));
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *dx = g_new (double, n);
  g_autofree double *dy = g_new (double, n);
  g_autofree double *wsum = g_new0 (double, n);
  g_autofree double *rx = g_new0 (double, n);  /* raw per-frame step */
  g_autofree double *ry = g_new0 (double, n);
  g_autofree double *rw = g_new0 (double, n);
  g_autofree gboolean *valid = g_new (gboolean, n);
  g_autofree gboolean *filled = g_new (gboolean, n);
  g_autofree gboolean *usable = g_new (gboolean, n);
  g_autofree double *tmp = NULL;
  g_autofree gboolean *steady = NULL;
  double noise_v;

  s->n = n;
  s->fps = params->fps;
  s->vx = g_new0 (double, n);
  s->vy = g_new0 (double, n);
  s->seen = g_new0 (double, n);

  for (guint k = 0; k < n_distal; k++)
    {
      const double *lx = gait_tracking_get_x (tracking, distal[k]);
      const double *ly = gait_tracking_get_y (tracking, distal[k]);
      const double *ll = gait_tracking_get_likelihood (tracking, distal[k]);

      for (gsize f = 0; f < n; f++)
        {
          x[f] = lx[f];
          y[f] = ly[f];
          valid[f] = isfinite (lx[f]) && isfinite (ly[f]) && ll[f] >= params->likelihood_cutoff;
        }

      reject_outliers (x, y, valid, n);
      bridge_gaps (x, y, valid, filled, n, max_gap);

      for (gsize f = 0; f < n; f++)
        usable[f] = valid[f] || filled[f];

      smooth_derivative (x, usable, n, window, dx);
      smooth_derivative (y, usable, n, window, dy);

      for (gsize f = 0; f < n; f++)
        {
          double w;

          if (!isfinite (dx[f]) || !isfinite (dy[f]))
            continue;

          w = valid[f] ? MAX (ll[f], 0.05) : 0.05;
          s->vx[f] += w * dx[f];
          s->vy[f] += w * dy[f];
          wsum[f] += w;
          if (valid[f])
            s->seen[f] += 1.0 / n_distal;

          /* raw steps, for locating touch-downs without smoothing */
          if (f > 0 && usable[f] && usable[f - 1])
            {
              rx[f] += w * (x[f] - x[f - 1]);
              ry[f] += w * (y[f] - y[f - 1]);
              rw[f] += w;
            }
        }
    }

  for (gsize f = 0; f < n; f++)
    {
      if (wsum[f] > 0)
        {
          s->vx[f] /= wsum[f];
          s->vy[f] /= wsum[f];
        }
      else
        s->vx[f] = s->vy[f] = NAN;
    }

  /* Noise of the velocity at rest: median absolute velocity is dominated
   * by stance and standing frames. */
  tmp = g_new (double, n);
  for (gsize f = 0; f < n; f++)
    tmp[f] = isfinite (s->vx[f]) ? hypot (s->vx[f], s->vy[f]) : NAN;
  noise_v = _gait_median_in_place (tmp, n);
  if (!isfinite (noise_v))
    return FALSE;

  /* Steady frames: small change of velocity from frame to frame. */
  steady = g_new (gboolean, n);
  for (gsize f = 0; f < n; f++)
    {
      gsize a = f > 0 ? f - 1 : f;
      gsize b = f + 1 < n ? f + 1 : f;

      tmp[f] = isfinite (s->vx[a]) && isfinite (s->vx[b])
             ? hypot (s->vx[b] - s->vx[a], s->vy[b] - s->vy[a]) : NAN;
      steady[f] = isfinite (tmp[f]);
    }
  {
    g_autofree double *copy = g_memdup2 (tmp, n * sizeof (double));
    double noise_a = _gait_median_in_place (copy, n);

    for (gsize f = 0; f < n; f++)
      steady[f] = steady[f] && tmp[f] <= 2.0 * noise_a;
  }

  s->ux = g_new (double, n);
  s->uy = g_new (double, n);
  stance_velocity (s->vx, steady, n, (gsize)(0.6 * fps), noise_v, s->ux);
  stance_velocity (s->vy, steady, n, (gsize)(0.6 * fps), noise_v, s->uy);

  s->speed = g_new (double, n);
  for (gsize f = 0; f < n; f++)
    s->speed[f] = isfinite (s->vx[f]) ? hypot (s->vx[f] - s->ux[f], s->vy[f] - s->uy[f]) : NAN;

  /* Position relative to the stance motion, from raw steps. */
  s->qx = g_new (double, n);
  s->qy = g_new (double, n);
  s->qx[0] = s->qy[0] = 0;
  for (gsize f = 1; f < n; f++)
    {
      double sx = rw[f] > 0 ? rx[f] / rw[f] : (isfinite (s->vx[f]) ? s->vx[f] : 0);
      double sy = rw[f] > 0 ? ry[f] / rw[f] : (isfinite (s->vy[f]) ? s->vy[f] : 0);

      s->qx[f] = s->qx[f - 1] + sx - s->ux[f];
      s->qy[f] = s->qy[f - 1] + sy - s->uy[f];
    }

  /* Noise of q at rest: from frame-to-frame steps of slow frames. */
  for (gsize f = 1; f < n; f++)
    tmp[f] = s->speed[f] < 2 * noise_v ? hypot (s->qx[f] - s->qx[f - 1], s->qy[f] - s->qy[f - 1]) : NAN;
  tmp[0] = NAN;
  s->noise = _gait_median_in_place (tmp, n);
  if (!isfinite (s->noise))
    s->noise = 1.0;

  return TRUE;
}

/* Least-squares fit of a hinge to q over frames [a, b]: constant after
 * the break point t (touch-down) or before it (lift-off), linear on the
 * other side. Returns the residual sum of squares. */
static double
hinge_sse (const LimbSignal *s,
           gssize            a,
           gssize            b,
           double            t,
           gboolean          rest_after)
{
  double sse = 0;

  for (int c = 0; c < 2; c++)
    {
      const double *q = c == 0 ? s->qx : s->qy;
      double sh = 0, shh = 0, sq = 0, shq = 0, sqq = 0;
      double m = b - a + 1;
      double det, p, v;

      for (gssize f = a; f <= b; f++)
        {
          double h = rest_after ? MAX (0.0, t - f) : MAX (0.0, f - t);

          sh += h;
          shh += h * h;
          sq += q[f];
          shq += h * q[f];
          sqq += q[f] * q[f];
        }

      det = m * shh - sh * sh;
      if (fabs (det) < 1e-12)
        {
          p = sq / m;
          sse += sqq - 2 * p * sq + m * p * p;
          continue;
        }

      p = (shh * sq - sh * shq) / det;
      v = (m * shq - sh * sq) / det;
      sse += sqq + m * p * p + v * v * shh - 2 * p * sq - 2 * v * shq + 2 * p * v * sh;
    }

  return sse;
}

/* The break point of the best hinge near @guess, to a quarter frame. */
static gsize
fit_hinge (const LimbSignal *s,
           gssize            guess,
           gssize            lo_limit,
           gssize            hi_limit,
           gssize            span,
           gboolean          rest_after)
{
  gssize a = MAX (lo_limit, guess - span);
  gssize b = MIN (hi_limit, guess + span);
  double best_t = guess;
  double best = INFINITY;

  if (b - a < 4)
    return guess;

  for (double t = MAX (a + 1, guess - 4); t <= MIN (b - 1, guess + 4); t += 0.25)
    {
      double sse = hinge_sse (s, a, b, t, rest_after);

      if (sse < best)
        {
          best = sse;
          best_t = t;
        }
    }

  return (gsize)floor (best_t + 0.5);
}

/* Finds the frames where the distal point comes to rest at the end of a
 * swing (and leaves rest at its start): first as where it stays close to
 * its resting position, then refined by a hinge fit, since a foot lands at
 * speed and the kink in its path is the contact. */
static void
refine_swing (const LimbSignal *s,
              gsize             begin,
              gsize             end,
              gsize             prev_end,
              gsize             next_begin,
              Swing            *swing)
{
  gsize n = s->n;
  gsize after = MIN (n - 1, MIN (next_begin, end + 4));
  gsize before = begin > 4 ? MAX (prev_end, begin - 4) : prev_end;
  double buf_x[8], buf_y[8];
  double rest_x, rest_y, start_x, start_y, disp, eps;
  gssize span;
  guint m = 0;

  for (gsize f = end; f <= after && m < 5; f++)
    {
      buf_x[m] = s->qx[f];
      buf_y[m++] = s->qy[f];
    }
  rest_x = _gait_median_in_place (buf_x, m);
  rest_y = _gait_median_in_place (buf_y, m);

  m = 0;
  for (gsize f = before; f <= begin && m < 5; f++)
    {
      buf_x[m] = s->qx[f];
      buf_y[m++] = s->qy[f];
    }
  start_x = _gait_median_in_place (buf_x, m);
  start_y = _gait_median_in_place (buf_y, m);

  swing->dx = rest_x - start_x;
  swing->dy = rest_y - start_y;
  disp = hypot (swing->dx, swing->dy);
  eps = 2.5 * s->noise;

  swing->td = end;
  for (gssize f = end; f >= (gssize)swing->peak; f--)
    {
      if (hypot (s->qx[f] - rest_x, s->qy[f] - rest_y) >= eps)
        break;
      swing->td = f;
    }

  swing->lo = begin;
  for (gsize f = begin; f <= swing->peak; f++)
    {
      if (hypot (s->qx[f] - start_x, s->qy[f] - start_y) >= eps)
        break;
      swing->lo = f;
    }

  span = MAX (3, (gssize)(0.3 * (swing->td - swing->lo)));
  swing->td = fit_hinge (s, swing->td, swing->peak, MIN (n - 1, next_begin), span, TRUE);
  swing->lo = fit_hinge (s, swing->lo, prev_end, swing->peak, span, FALSE);

  swing->quality = disp > 0 ? CLAMP (1.0 - 3.0 * s->noise / disp, 0.0, 1.0) : 0.0;
}

static GArray *
find_swings (const LimbSignal *s)
{
  gsize n = s->n;
  g_autoptr(GArray) swings = g_array_new (FALSE, FALSE, sizeof (Swing));
  g_autoptr(GArray) peaks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree double *tmp = g_memdup2 (s->speed, n * sizeof (double));
  double noise = _gait_median_in_place (tmp, n);
  double typical, high, low;
  g_autoptr(GArray) regions = g_array_new (FALSE, FALSE, sizeof (gsize));

  if (!isfinite (noise) || noise <= 0)
    noise = 1e-3;

  /* First pass: what a swing's peak speed looks like here. */
  for (gsize f = 1; f + 1 < n; f++)
    if (s->speed[f] > 5 * noise && s->speed[f] >= s->speed[f - 1] && s->speed[f] > s->speed[f + 1])
      g_array_append_val (peaks, s->speed[f]);

  typical = peaks->len > 0 ? percentile_in_place ((double *)(gpointer)peaks->data, peaks->len, 0.8) : 0;
  high = MAX (5 * noise, 0.25 * typical);
  low = MAX (2.5 * noise, 0.1 * typical);

  /* Hysteresis: regions above low that reach high. */
  for (gsize f = 0; f < n;)
    {
      gsize begin, end, peak;
      double top = 0;

      if (!(s->speed[f] > low))
        {
          f++;
          continue;
        }

      begin = f;
      peak = f;
      while (f < n && s->speed[f] > low)
        {
          if (s->speed[f] > top)
            {
              top = s->speed[f];
              peak = f;
            }
          f++;
        }
      end = f;  /* first frame back at stance level */

      if (top < high)
        continue;

      g_array_append_val (regions, begin);
      g_array_append_val (regions, end);
      g_array_append_val (regions, peak);
    }

  for (guint r = 0; r < regions->len; r += 3)
    {
      gsize begin = g_array_index (regions, gsize, r);
      gsize end = MIN (n - 1, g_array_index (regions, gsize, r + 1));
      gsize prev_end = r >= 3 ? g_array_index (regions, gsize, r - 2) : 0;
      gsize next_begin = r + 3 < regions->len ? g_array_index (regions, gsize, r + 3) : n - 1;
      Swing swing = { 0 };

      swing.peak = g_array_index (regions, gsize, r + 2);
      refine_swing (s, begin, end, prev_end, next_begin, &swing);
      g_array_append_val (swings, swing);
    }

  return g_steal_pointer (&swings);
}

static void
classify_swings (GArray *swings)
{
  g_autofree double *disp = g_new (double, swings->len + 1);
  double typical;

  for (guint i = 0; i < swings->len; i++)
    {
      const Swing *w = &g_array_index (swings, Swing, i);
      disp[i] = hypot (w->dx, w->dy);
    }

  typical = percentile_in_place (disp, swings->len, 0.75);

  for (guint i = 0; i < swings->len; i++)
    {
      Swing *w = &g_array_index (swings, Swing, i);
      double d = hypot (w->dx, w->dy);

      if (!isfinite (typical) || d < 0.15 * typical)
        w->kind = SWING_NOISE;
      else if (d < 0.3 * typical)
        w->kind = SWING_FIDGET;
      else
        w->kind = SWING_STRIDE;
    }
}

static double
seen_fraction (const LimbSignal *s,
               gsize             begin,
               gsize             end)
{
  double sum = 0;

  for (gsize f = begin; f <= end; f++)
    sum += s->seen[f];

  return sum / (end - begin + 1);
}

/* A touch-down is only known if the foot is seen at rest after it; where
 * tracking stops mid-swing (the animal leaves the view) it is not. */
static gboolean
rest_is_seen (const LimbSignal *s,
              gsize             td)
{
  guint seen = 0;

  for (gsize f = td; f < MIN (s->n, td + 4); f++)
    seen += s->seen[f] > 0;

  return seen >= 3;
}

static gboolean
detect_touchdown (GaitTracking           *tracking,
                  const char             *limb,
                  const guint            *distal,
                  guint                   n_distal,
                  const guint            *procrustes,
                  guint                   n_procrustes,
                  const GaitDetectParams *params,
                  GArray                 *cycles,
                  GError                **error)
{
  g_auto(LimbSignal) s = { 0 };
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (GaitCycle));
  g_autofree double *durations = NULL;
  g_autofree double *a = g_new (double, 2 * MAX (1, n_procrustes));
  g_autofree double *b = g_new (double, 2 * MAX (1, n_procrustes));
  GaitPostureComparison c = { tracking, procrustes, n_procrustes, params->likelihood_cutoff, a, b };
  double median_duration;

  if (!check_landmarks (tracking, distal, n_distal, error))
    return FALSE;

  if (gait_tracking_get_n_frames (tracking) < 8 ||
      !build_limb_signal (tracking, distal, n_distal, params, &s))
    return TRUE;

  all = find_swings (&s);
  classify_swings (all);

  for (guint i = 0; i < all->len; i++)
    {
      const Swing *w = &g_array_index (all, Swing, i);

      g_debug ("%s: swing %zu…%zu (peak %zu), displacement %.1f px, %s",
               limb, w->lo, w->td, w->peak, hypot (w->dx, w->dy),
               w->kind == SWING_STRIDE ? "stride" : w->kind == SWING_FIDGET ? "fidget" : "noise");
    }

  /* Cycles: consecutive stride swings with nothing else in between. */
  for (guint i = 0; i + 1 < all->len; i++)
    {
      const Swing *w1 = &g_array_index (all, Swing, i);
      const Swing *w2;
      GaitCycle cycle;
      guint j = i + 1;
      double d1, d2, cosine, stance, swing1, swing2;

      /* noise blips inside a cycle do not break it */
      while (j < all->len && g_array_index (all, Swing, j).kind == SWING_NOISE)
        j++;
      if (j >= all->len)
        break;
      w2 = &g_array_index (all, Swing, j);

      if (w1->kind != SWING_STRIDE || w2->kind != SWING_STRIDE)
        continue;
      if (w2->td <= w1->td || w2->lo <= w1->td)
        continue;

      d1 = hypot (w1->dx, w1->dy);
      d2 = hypot (w2->dx, w2->dy);
      cosine = (w1->dx * w2->dx + w1->dy * w2->dy) / (d1 * d2);
      if (cosine < 0.5 || MAX (d1, d2) > 2.5 * MIN (d1, d2))
        continue;

      /* standing between two steps is not a stride */
      stance = w2->lo - w1->td;
      swing1 = w1->td - w1->lo;
      swing2 = w2->td - w2->lo;
      if (stance > 8.0 * MAX (1.0, (swing1 + swing2) / 2))
        continue;

      if (!rest_is_seen (&s, w1->td) || !rest_is_seen (&s, w2->td))
        continue;

      /* a long unseen stretch hides what happened */
      if (seen_fraction (&s, w1->td, w2->td) < 0.5)
        continue;

      gait_cycle_init (&cycle, limb, w1->td, w2->td);
      cycle.liftoff = w2->lo;
      cycle.method = GAIT_METHOD_TOUCHDOWN;
      cycle.stride_length = hypot (s.qx[w2->td] - s.qx[w1->td], s.qy[w2->td] - s.qy[w1->td]);
      cycle.confidence = w1->quality * w2->quality * seen_fraction (&s, w1->td, w2->td)
                       * (1.0 - 0.5 * fabs (d1 - d2) / MAX (d1, d2));
      g_array_append_val (candidates, cycle);
    }

  /* Rhythm: a cycle much longer or shorter than its neighbours is not steady. */
  durations = g_new (double, candidates->len + 1);
  for (guint i = 0; i < candidates->len; i++)
    {
      const GaitCycle *cy = &g_array_index (candidates, GaitCycle, i);
      durations[i] = cy->end - cy->start;
    }
  median_duration = percentile_in_place (durations, candidates->len, 0.5);

  for (guint i = 0; i < candidates->len; i++)
    {
      GaitCycle *cy = &g_array_index (candidates, GaitCycle, i);
      double local[7];
      guint m = 0;
      double ref, dur = cy->end - cy->start;
      gboolean any_nan;

      for (gint k = (gint)i - 3; k <= (gint)i + 3; k++)
        {
          const GaitCycle *o;

          if (k < 0 || k >= (gint)candidates->len || k == (gint)i)
            continue;
          o = &g_array_index (candidates, GaitCycle, k);
          /* neighbours in the same bout only: adjacent in time */
          if (o->end < cy->start - 3 * dur || o->start > cy->end + 3 * dur)
            continue;
          local[m++] = o->end - o->start;
        }

      ref = m >= 2 ? _gait_median_in_place (local, m) : median_duration;
      if (dur > 1.7 * ref || dur < 0.55 * ref)
        continue;

      cy->procrustes = _gait_posture_distance (&c, cy->start, cy->end, &cy->n_landmarks, &any_nan);
      cy->confidence *= CLAMP (1.0 - fabs (dur - ref) / ref, 0.0, 1.0);
      cy->confidence = CLAMP (cy->confidence, 0.0, 1.0);
      g_array_append_val (cycles, *cy);
    }

  return TRUE;
}

/**
 * gait_detect:
 * @tracking: tracking data
 * @profile: landmark roles
 * @params: detection parameters
 * @cancellable: (nullable): checked between limbs
 * @error: return location for a #GError
 *
 * Detects the stride cycles of every limb of @profile.
 *
 * Returns: (transfer full) (nullable): an array of #GaitCycle, in the
 *   profile's limb order and by start frame
 */
GArray *
gait_detect (GaitTracking           *tracking,
             GaitProfile            *profile,
             const GaitDetectParams *params,
             GCancellable           *cancellable,
             GError                **error)
{
  g_autoptr(GArray) cycles = g_array_new (FALSE, FALSE, sizeof (GaitCycle));
  g_autoptr(GArray) procrustes = NULL;

  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), NULL);
  g_return_val_if_fail (GAIT_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (params != NULL, NULL);

  if (params->method != GAIT_METHOD_SEED && params->method != GAIT_METHOD_TOUCHDOWN)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a detection method", gait_method_to_string (params->method));
      return NULL;
    }

  if (!(params->likelihood_cutoff >= 0 && params->likelihood_cutoff <= 1))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "the likelihood cutoff must lie in 0…1, not %g", params->likelihood_cutoff);
      return NULL;
    }

  if (!(procrustes = gait_profile_resolve_procrustes (profile, tracking, error)))
    return NULL;

  for (guint i = 0; i < gait_profile_get_n_limbs (profile); i++)
    {
      g_autoptr(GArray) distal = NULL;
      const char *limb = gait_profile_get_limb_name (profile, i);
      gsize first = cycles->len;
      gboolean ok;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (!(distal = gait_profile_resolve_limb (profile, tracking, i, error)))
        return NULL;

      if (params->method == GAIT_METHOD_SEED)
        ok = detect_seed (tracking, limb,
                          (const guint *)(gpointer)distal->data, distal->len,
                          (const guint *)(gpointer)procrustes->data, procrustes->len,
                          params, cycles, error);
      else
        ok = detect_touchdown (tracking, limb,
                               (const guint *)(gpointer)distal->data, distal->len,
                               (const guint *)(gpointer)procrustes->data, procrustes->len,
                               params, cycles, error);
      if (!ok)
        return NULL;

      /* by start frame within the limb */
      if (cycles->len > first)
        {
          GaitCycle *base = &g_array_index (cycles, GaitCycle, first);
          qsort (base, cycles->len - first, sizeof (GaitCycle), gait_cycle_compare);
        }
    }

  return g_steal_pointer (&cycles);
}
