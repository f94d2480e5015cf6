/* gait-metrics.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gait-detector-private.h"
#include "gait-error.h"
#include "gait-export.h"
#include "gait-metrics.h"
#include "gait-signal.h"
#include "gait-signal-private.h"
#include "gait-spectral.h"
#include "gait-trace.h"

/*
 * Per-cycle gait measurements and interlimb coordination.
 *
 * The foot of a limb is the likelihood-weighted mean of its distal
 * landmarks (as for the hoof speed): landmarks with a finite position and
 * a positive likelihood count. Its position at a touch-down is the median,
 * per axis, over the touch-down frame and the next touchdown_frames − 1
 * frames (where it stands still; the median shrugs off one bad frame). The
 * stride length is the distance between the positions at the cycle's two
 * touch-downs: for overground walking, what the foot travelled relative to
 * the ground. On a treadmill the stance foot moves with the belt: the
 * belt's velocity is the least-squares slope over the stance (start + 1 …
 * liftoff − 1) of the limb's landmark that moves fastest then (the one on
 * the belt; the others, nearer the body, swing over it), and the belt's
 * travel over the cycle is subtracted from the image displacement.
 *
 * Interlimb phase (the classic definition of gait analysis): for a cycle
 * [start, end) of limb A, the phase of limb B is (t − start) / (end −
 * start) for B's first touch-down t in the cycle, NAN if B does not touch
 * down in it. B's touch-downs are the starts and ends of its cycles that
 * count (see GaitCycleMetrics.used). Phases are averaged as angles: the
 * circular mean of 2π·phase, and the mean resultant length (vector
 * strength) says how consistent they are.
 */

struct _GaitMetrics
{
  GaitMetricsParams params;
  GArray           *cycles;      /* GaitCycleMetrics */
  GPtrArray        *limbs;       /* interned names */
  double           *phases;      /* n_cycles × n_limbs */
  GArray           *interlimb;   /* GaitInterlimb */
  GPtrArray        *xcorr;       /* the interlimb's curves */
};

G_DEFINE_BOXED_TYPE (GaitMetrics, gait_metrics, gait_metrics_ref, gait_metrics_unref)

/**
 * gait_metrics_params_init:
 * @params: (out caller-allocates): parameters to fill in
 *
 * No frame rate or scale, Procrustes likelihood cutoff 0.9, touch-down
 * positions over 3 frames, overground, automatic cross-correlation lag and
 * the blog's hoof speed smoothing.
 */
void
gait_metrics_params_init (GaitMetricsParams *params)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->likelihood_cutoff = 0.9;
  params->touchdown_frames = 3;
  gait_detect_params_init (&params->hoof, GAIT_METHOD_SEED);
  params->xcorr_start = -1;
  params->xcorr_end = -1;
}

/**
 * gait_interlimb_phase:
 * @start: the first frame of limb A's cycle
 * @end: its last frame (exclusive: the next touch-down)
 * @touchdowns: (array length=n_touchdowns): limb B's touch-down frames,
 *   ascending
 * @n_touchdowns: their number
 *
 * The phase of B's first touch-down within A's cycle: (t − @start) / (@end
 * − @start), in 0…1.
 *
 * Returns: the phase, or NAN when B does not touch down in [@start, @end)
 */
double
gait_interlimb_phase (gint64        start,
                      gint64        end,
                      const gint64 *touchdowns,
                      gsize         n_touchdowns)
{
  gsize lo = 0, hi = n_touchdowns;

  g_return_val_if_fail (touchdowns != NULL || n_touchdowns == 0, NAN);

  if (end <= start)
    return NAN;

  /* the first touch-down ≥ start */
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (touchdowns[mid] < start)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == n_touchdowns || touchdowns[lo] >= end)
    return NAN;

  return (double) (touchdowns[lo] - start) / (double) (end - start);
}

/**
 * gait_circular_mean:
 * @phases: (array length=n): phases in cycles (0…1); NAN values are skipped
 * @n: their number
 * @mean: (out) (optional): the circular mean phase, in 0…1
 * @strength: (out) (optional): the mean resultant length (vector
 *   strength), 0…1
 *
 * Averages phases as angles 2π·phase: the direction and length of the mean
 * unit vector.
 *
 * Returns: %TRUE if at least one phase was finite (else @mean and
 *   @strength are NAN)
 */
gboolean
gait_circular_mean (const double *phases,
                    gsize         n,
                    double       *mean,
                    double       *strength)
{
  double c = 0, s = 0, m = NAN, r = NAN;
  gsize count = 0;

  g_return_val_if_fail (phases != NULL || n == 0, FALSE);

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (phases[i]))
        continue;
      c += cos (2 * G_PI * phases[i]);
      s += sin (2 * G_PI * phases[i]);
      count++;
    }

  if (count > 0)
    {
      c /= (double) count;
      s /= (double) count;
      r = MIN (hypot (c, s), 1.0);
      m = atan2 (s, c) / (2 * G_PI);
      if (m < 0)
        m += 1;
      if (m >= 1)
        m -= 1;
    }

  if (mean != NULL)
    *mean = m;
  if (strength != NULL)
    *strength = r;

  return count > 0;
}

static gboolean
xcorr_range (const double  *a,
             const double  *b,
             gsize          n,
             gint64         start,
             gint64         end,
             guint          max_lag,
             double        *out,
             int           *peak_lag,
             GError       **error)
{
  start = CLAMP (start, 0, (gint64) n);
  end = CLAMP (end, start, (gint64) n);

  if (!gait_xcorr_normalised (a + start, b + start, (gsize) (end - start), max_lag, out, peak_lag))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Cross-correlation: frames %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT
                   " give no correlation (too few, or a constant signal)", start, end);
      return FALSE;
    }

  return TRUE;
}

/**
 * gait_hoof_xcorr:
 * @tracking: tracking data
 * @profile: its landmark roles
 * @limb_a: a limb of @profile
 * @limb_b: another (or the same) limb
 * @start: first frame of the range
 * @end: frame after the range
 * @max_lag: the largest lag in frames
 * @params: hoof speed smoothing (gait_hoof_speed())
 * @out: (out caller-allocates) (array): 2 × @max_lag + 1 coefficients,
 *   lag k at @out[@max_lag + k]
 * @peak_lag: (out) (optional): the lag of the peak: B's hoof speed follows
 *   A's by this many frames
 * @error: return location for a #GError
 *
 * The normalised cross-correlation (gait_xcorr_normalised()) of two limbs'
 * hoof speeds over frames [@start, @end). The hoof speeds are computed over
 * the whole recording, then cut, so the range's edges are smoothed as in
 * the rest of the recording.
 *
 * Returns: %TRUE on success
 */
gboolean
gait_hoof_xcorr (GaitTracking            *tracking,
                 GaitProfile             *profile,
                 guint                    limb_a,
                 guint                    limb_b,
                 gint64                   start,
                 gint64                   end,
                 guint                    max_lag,
                 const GaitDetectParams  *params,
                 double                  *out,
                 int                     *peak_lag,
                 GError                 **error)
{
  g_autoptr(GaitTrace) a = NULL;
  g_autoptr(GaitTrace) b = NULL;
  const double *speed_a, *speed_b;
  gsize n;

  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), FALSE);
  g_return_val_if_fail (GAIT_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (limb_a < gait_profile_get_n_limbs (profile), FALSE);
  g_return_val_if_fail (limb_b < gait_profile_get_n_limbs (profile), FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(a = gait_trace_new_for_limb (tracking, profile, limb_a, params, error)) ||
      !(b = gait_trace_new_for_limb (tracking, profile, limb_b, params, error)))
    return FALSE;

  speed_a = gait_trace_get_values (a, &n);
  speed_b = gait_trace_get_values (b, &n);

  return xcorr_range (speed_a, speed_b, n, start, end, max_lag, out, peak_lag, error);
}

/* The foot's position at touch-down @td: medians over @k frames. */
static gboolean
touchdown_position (const double *px,
                    const double *py,
                    gsize         n,
                    gint64        td,
                    guint         k,
                    double       *x,
                    double       *y)
{
  double bx[64], by[64];
  gsize m = 0;

  k = CLAMP (k, 1, G_N_ELEMENTS (bx));

  for (gint64 f = td; f < td + k && f < (gint64) n; f++)
    {
      if (f < 0 || !isfinite (px[f]))
        continue;
      bx[m] = px[f];
      by[m] = py[f];
      m++;
    }

  if (m == 0)
    return FALSE;

  *x = _gait_median_in_place (bx, m);
  *y = _gait_median_in_place (by, m);
  return TRUE;
}

/* Least-squares velocity (px/frame) of a landmark over frames [a, b], from
 * the frames where it is seen (finite, positive likelihood). */
static gboolean
stance_velocity (GaitTracking *tracking,
                 guint         landmark,
                 gint64        a,
                 gint64        b,
                 double       *vx,
                 double       *vy)
{
  const double *px = gait_tracking_get_x (tracking, landmark);
  const double *py = gait_tracking_get_y (tracking, landmark);
  const double *l = gait_tracking_get_likelihood (tracking, landmark);
  gint64 n = gait_tracking_get_n_frames (tracking);
  double st = 0, sx = 0, sy = 0, stt = 0, stx = 0, sty = 0;
  gsize m = 0;

  a = MAX (a, 0);
  b = MIN (b, n - 1);

  for (int pass = 0; pass < 2; pass++)
    {
      for (gint64 f = a; f <= b; f++)
        {
          double t = (double) (f - a);

          if (!isfinite (px[f]) || !isfinite (py[f]) || !(l[f] > 0))
            continue;

          if (pass == 0)
            {
              st += t;
              sx += px[f];
              sy += py[f];
              m++;
            }
          else
            {
              stt += (t - st) * (t - st);
              stx += (t - st) * (px[f] - sx);
              sty += (t - st) * (py[f] - sy);
            }
        }

      if (pass == 0)
        {
          if (m < 2)
            return FALSE;
          st /= (double) m;
          sx /= (double) m;
          sy /= (double) m;
        }
    }

  if (!(stt > 0))
    return FALSE;

  *vx = stx / stt;
  *vy = sty / stt;
  return TRUE;
}

/* The belt's velocity during a stance: that of the limb's landmark that
 * moves fastest then, the one standing on the belt (the others, nearer
 * the body, swing over it). */
static gboolean
belt_velocity (GaitTracking *tracking,
               GArray       *distal,
               gint64        a,
               gint64        b,
               double       *vx,
               double       *vy)
{
  double best = -1;

  for (guint k = 0; k < distal->len; k++)
    {
      double ux, uy;

      if (stance_velocity (tracking, g_array_index (distal, guint, k), a, b, &ux, &uy) &&
          hypot (ux, uy) > best)
        {
          best = hypot (ux, uy);
          *vx = ux;
          *vy = uy;
        }
    }

  return best >= 0;
}

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
gait_metrics_clear (gpointer data)
{
  GaitMetrics *self = data;

  g_clear_pointer (&self->cycles, g_array_unref);
  g_clear_pointer (&self->limbs, g_ptr_array_unref);
  g_clear_pointer (&self->phases, g_free);
  g_clear_pointer (&self->interlimb, g_array_unref);
  g_clear_pointer (&self->xcorr, g_ptr_array_unref);
}

static gboolean
is_reviewed (GaitCycleState state)
{
  return state == GAIT_CYCLE_ACCEPTED || state == GAIT_CYCLE_EDITED || state == GAIT_CYCLE_ADDED;
}

static int
limb_index (GPtrArray  *limbs,
            const char *name)
{
  for (guint i = 0; i < limbs->len; i++)
    if (g_ptr_array_index (limbs, i) == name)
      return (int) i;

  return -1;
}

/**
 * gait_metrics_compute:
 * @tracking: the tracking data the cycles were found in
 * @profile: its landmark roles (the limbs' distal landmarks, the Procrustes
 *   set)
 * @cycles: (array length=n_cycles): the cycles
 * @n_cycles: their number
 * @params: how to measure
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Measures every cycle (#GaitCycleMetrics) and the coordination of every
 * ordered pair of limbs (#GaitInterlimb). Limbs are the profile's, in its
 * order, then any other limb named by a cycle (whose foot is unknown: no
 * stride length). Cycles keep their order.
 *
 * Which cycles count (GaitCycleMetrics.used, the touch-downs used for
 * phases and every summary): never rejected ones; when at least one cycle
 * has been reviewed (accepted, edited or added), only reviewed ones.
 *
 * Returns: (transfer full): the measurements, or %NULL with @error set
 *   (%GAIT_ERROR_INVALID_ARGUMENT for a cycle outside the recording)
 */
GaitMetrics *
gait_metrics_compute (GaitTracking             *tracking,
                      GaitProfile              *profile,
                      const GaitCycle          *cycles,
                      gsize                     n_cycles,
                      const GaitMetricsParams  *params,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  g_autoptr(GaitMetrics) self = NULL;
  g_autoptr(GArray) procrustes = NULL;
  g_autofree double *posture_a = NULL;
  g_autofree double *posture_b = NULL;
  GaitPostureComparison posture = { 0 };
  g_autoptr(GPtrArray) feet = NULL;     /* per limb: x then y, n frames each */
  g_autoptr(GPtrArray) distals = NULL;  /* per limb: its landmarks, or NULL */
  g_autoptr(GPtrArray) speeds = NULL;   /* per limb: hoof speed */
  g_autoptr(GPtrArray) touchdowns = NULL;
  gboolean reviewed = FALSE;
  gboolean has_fps, has_scale;
  guint n_limbs, n_profile_limbs;
  gsize n;

  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), NULL);
  g_return_val_if_fail (GAIT_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (cycles != NULL || n_cycles == 0, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = gait_tracking_get_n_frames (tracking);
  has_fps = isfinite (params->fps) && params->fps > 0;
  has_scale = isfinite (params->mm_per_px) && params->mm_per_px > 0;

  for (gsize i = 0; i < n_cycles; i++)
    {
      const GaitCycle *c = &cycles[i];

      if (c->limb == NULL || c->start < 0 || c->end <= c->start || c->end >= (gint64) n + 1)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "%s: cycle %" G_GSIZE_FORMAT " (%s, frames %" G_GINT64_FORMAT "–%"
                       G_GINT64_FORMAT ") is not a cycle within the recording's %" G_GSIZE_FORMAT
                       " frames", gait_tracking_get_path (tracking), i + 1,
                       c->limb ? c->limb : "no limb", c->start, c->end, n);
          return NULL;
        }
      reviewed |= is_reviewed (c->state);
    }

  self = g_atomic_rc_box_new0 (GaitMetrics);
  self->params = *params;
  self->cycles = g_array_sized_new (FALSE, TRUE, sizeof (GaitCycleMetrics), n_cycles);
  self->limbs = g_ptr_array_new ();
  self->interlimb = g_array_new (FALSE, TRUE, sizeof (GaitInterlimb));
  self->xcorr = g_ptr_array_new_with_free_func (g_free);

  n_profile_limbs = gait_profile_get_n_limbs (profile);
  for (guint i = 0; i < n_profile_limbs; i++)
    g_ptr_array_add (self->limbs, (gpointer) g_intern_string (gait_profile_get_limb_name (profile, i)));
  for (gsize i = 0; i < n_cycles; i++)
    {
      const char *limb = g_intern_string (cycles[i].limb);

      if (limb_index (self->limbs, limb) < 0)
        g_ptr_array_add (self->limbs, (gpointer) limb);
    }
  n_limbs = self->limbs->len;

  /* feet and hoof speeds of the profile's limbs; NULL where unknown */
  feet = g_ptr_array_new_with_free_func (g_free);
  distals = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  speeds = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_limbs; i++)
    {
      GArray *distal = NULL;
      double *foot = NULL;

      double *speed = NULL;

      if (i < n_profile_limbs && (distal = gait_profile_resolve_limb (profile, tracking, i, NULL)))
        {
          foot = g_new (double, 2 * MAX (n, 1));
          gait_limb_position (tracking, (const guint *) (gpointer) distal->data, distal->len, foot, foot + n);
          speed = g_new (double, MAX (n, 1));
          if (!gait_hoof_speed (tracking, (const guint *) (gpointer) distal->data, distal->len,
                                &params->hoof, speed, NULL))
            g_clear_pointer (&speed, g_free);
        }
      g_ptr_array_add (feet, foot);
      g_ptr_array_add (distals, distal);
      g_ptr_array_add (speeds, speed);
    }

  procrustes = gait_profile_resolve_procrustes (profile, tracking, NULL);
  if (procrustes != NULL)
    {
      posture.tracking = tracking;
      posture.landmarks = (const guint *) (gpointer) procrustes->data;
      posture.n_landmarks = procrustes->len;
      posture.cutoff = params->likelihood_cutoff;
      posture.a = posture_a = g_new (double, 2 * MAX (procrustes->len, 1));
      posture.b = posture_b = g_new (double, 2 * MAX (procrustes->len, 1));
    }

  /* per cycle */
  for (gsize i = 0; i < n_cycles; i++)
    {
      const GaitCycle *c = &cycles[i];
      GaitCycleMetrics m = { 0 };
      int limb = limb_index (self->limbs, g_intern_string (c->limb));
      const double *foot = g_ptr_array_index (feet, limb);
      double x0, y0, x1, y1;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      m.limb = g_intern_string (c->limb);
      m.start = c->start;
      m.end = c->end;
      m.liftoff = c->liftoff >= c->start && c->liftoff <= c->end ? c->liftoff : -1;
      m.state = c->state;
      m.used = c->state != GAIT_CYCLE_REJECTED && (!reviewed || is_reviewed (c->state));
      m.frames = c->end - c->start;
      m.duration = has_fps ? (double) m.frames / params->fps : NAN;
      m.stride_frequency = has_fps ? 1.0 / m.duration : NAN;
      m.stance = m.liftoff >= 0 && has_fps ? (double) (m.liftoff - m.start) / params->fps : NAN;
      m.swing = m.liftoff >= 0 && has_fps ? (double) (m.end - m.liftoff) / params->fps : NAN;
      m.duty_factor = m.liftoff >= 0 ? (double) (m.liftoff - m.start) / (double) m.frames : NAN;
      m.stride_length_px = NAN;

      if (foot != NULL &&
          touchdown_position (foot, foot + n, n, c->start, params->touchdown_frames, &x0, &y0) &&
          touchdown_position (foot, foot + n, n, c->end, params->touchdown_frames, &x1, &y1))
        {
          double dx = x1 - x0, dy = y1 - y0, vx = 0, vy = 0;

          if (!params->treadmill)
            m.stride_length_px = hypot (dx, dy);
          else if (m.liftoff >= 0 &&
                   belt_velocity (tracking, g_ptr_array_index (distals, limb),
                                  m.start + 1, m.liftoff - 1, &vx, &vy))
            m.stride_length_px = hypot (dx - vx * (double) m.frames, dy - vy * (double) m.frames);
        }

      m.stride_length_mm = has_scale ? m.stride_length_px * params->mm_per_px : NAN;
      m.speed_px = m.stride_length_px / m.duration;
      m.speed_mm = m.stride_length_mm / m.duration;

      m.procrustes = NAN;
      if (procrustes != NULL && c->start >= 0 && c->end >= 0 && c->start < (gint64) n && c->end < (gint64) n)
        m.procrustes = _gait_posture_distance (&posture, c->start, c->end, &m.n_landmarks, NULL);

      g_array_append_val (self->cycles, m);
    }

  /* touch-downs of each limb: starts and ends of its cycles that count */
  touchdowns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint l = 0; l < n_limbs; l++)
    {
      GArray *td = g_array_new (FALSE, FALSE, sizeof (gint64));
      GArray *unique = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (gsize i = 0; i < n_cycles; i++)
        {
          const GaitCycleMetrics *m = &g_array_index (self->cycles, GaitCycleMetrics, i);

          if (m->limb != g_ptr_array_index (self->limbs, l) || !m->used)
            continue;
          g_array_append_val (td, m->start);
          g_array_append_val (td, m->end);
        }
      g_array_sort (td, compare_gint64);
      for (guint k = 0; k < td->len; k++)
        if (k == 0 || g_array_index (td, gint64, k) != g_array_index (td, gint64, k - 1))
          g_array_append_val (unique, g_array_index (td, gint64, k));
      g_array_unref (td);
      g_ptr_array_add (touchdowns, unique);
    }

  self->phases = g_new (double, MAX (n_cycles * n_limbs, 1));
  for (gsize i = 0; i < n_cycles; i++)
    {
      const GaitCycleMetrics *m = &g_array_index (self->cycles, GaitCycleMetrics, i);

      for (guint l = 0; l < n_limbs; l++)
        {
          GArray *td = g_ptr_array_index (touchdowns, l);

          self->phases[i * n_limbs + l] =
            m->limb == g_ptr_array_index (self->limbs, l)
              ? NAN
              : gait_interlimb_phase (m->start, m->end, (const gint64 *) (gpointer) td->data, td->len);
        }
    }

  /* every ordered pair of limbs */
  for (guint a = 0; a < n_limbs; a++)
    for (guint b = 0; b < n_limbs; b++)
      {
        g_autoptr(GArray) phases = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr(GArray) durations = g_array_new (FALSE, FALSE, sizeof (double));
        const double *sa = g_ptr_array_index (speeds, a);
        const double *sb = g_ptr_array_index (speeds, b);
        GaitInterlimb il = { 0 };
        gint64 first = G_MAXINT64, last = -1;
        double median_frames;
        guint max_lag;

        if (a == b)
          continue;

        il.limb = g_ptr_array_index (self->limbs, a);
        il.other = g_ptr_array_index (self->limbs, b);

        for (gsize i = 0; i < n_cycles; i++)
          {
            const GaitCycleMetrics *m = &g_array_index (self->cycles, GaitCycleMetrics, i);
            double phase = self->phases[i * n_limbs + b];
            double frames = (double) m->frames;

            if (!m->used || (m->limb != il.limb && m->limb != il.other))
              continue;

            first = MIN (first, m->start);
            last = MAX (last, m->end);

            if (m->limb != il.limb)
              continue;

            il.n_cycles++;
            g_array_append_val (durations, frames);
            if (isfinite (phase))
              {
                il.n_phases++;
                g_array_append_val (phases, phase);
              }
          }

        gait_circular_mean ((const double *) (gpointer) phases->data, phases->len,
                            &il.mean_phase, &il.vector_strength);

        median_frames = _gait_median_in_place ((double *) (gpointer) durations->data, durations->len);
        il.xcorr_peak = NAN;
        il.xcorr_phase = NAN;
        il.xcorr_start = -1;
        il.xcorr_end = -1;

        /* a range chosen by the caller, else the cycles' span */
        if (params->xcorr_start >= 0)
          first = params->xcorr_start;
        if (params->xcorr_end >= 0)
          last = params->xcorr_end;
        first = MAX (first, 0);
        last = MIN (last, (gint64) n);

        /* lags up to half a cycle, and a quarter of the range at most
         * when the range is not the cycles' own */
        max_lag = params->max_lag;
        if (max_lag == 0 && isfinite (median_frames))
          max_lag = (guint) MAX (1, round (median_frames / 2));
        if (params->max_lag == 0 && (params->xcorr_start >= 0 || params->xcorr_end >= 0) && last > first)
          max_lag = (guint) MAX (1, MIN (max_lag > 0 ? (gint64) max_lag : G_MAXINT, (last - first) / 4));

        if (sa != NULL && sb != NULL && last > first && max_lag > 0)
          {
            g_autofree double *r = g_new (double, 2 * (gsize) max_lag + 1);

            if (xcorr_range (sa, sb, n, first, last, max_lag, r, &il.xcorr_lag, NULL))
              {
                il.xcorr_peak = r[max_lag + il.xcorr_lag];
                il.xcorr_phase = isfinite (median_frames)
                                   ? fmod ((double) il.xcorr_lag / median_frames + 1.0, 1.0)
                                   : NAN;
                il.xcorr_start = first;
                il.xcorr_end = last;
                il.max_lag = max_lag;
                il.xcorr = r;
                g_ptr_array_add (self->xcorr, g_steal_pointer (&r));
              }
          }

        g_array_append_val (self->interlimb, il);
      }

  return g_steal_pointer (&self);
}

/**
 * gait_metrics_ref:
 * @self: measurements
 *
 * Returns: (transfer full): @self
 */
GaitMetrics *
gait_metrics_ref (GaitMetrics *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

/**
 * gait_metrics_unref:
 * @self: (transfer full): measurements
 *
 * Drops a reference; the last one frees them.
 */
void
gait_metrics_unref (GaitMetrics *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, gait_metrics_clear);
}

/**
 * gait_metrics_get_n_cycles:
 * @self: measurements
 *
 * Returns: the number of cycles
 */
gsize
gait_metrics_get_n_cycles (GaitMetrics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->cycles->len;
}

/**
 * gait_metrics_get_cycle:
 * @self: measurements
 * @index: a cycle, in the order given to gait_metrics_compute()
 *
 * Returns: (transfer none): its measurements
 */
const GaitCycleMetrics *
gait_metrics_get_cycle (GaitMetrics *self,
                        gsize        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->cycles->len, NULL);

  return &g_array_index (self->cycles, GaitCycleMetrics, index);
}

/**
 * gait_metrics_get_n_limbs:
 * @self: measurements
 *
 * Returns: the number of limbs
 */
guint
gait_metrics_get_n_limbs (GaitMetrics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->limbs->len;
}

/**
 * gait_metrics_get_limb:
 * @self: measurements
 * @limb: a limb index
 *
 * Returns: (transfer none): the limb's name (interned)
 */
const char *
gait_metrics_get_limb (GaitMetrics *self,
                       guint        limb)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (limb < self->limbs->len, NULL);

  return g_ptr_array_index (self->limbs, limb);
}

/**
 * gait_metrics_get_phase:
 * @self: measurements
 * @index: a cycle
 * @other: a limb index
 *
 * Returns: the phase (0…1) of @other's first touch-down within the cycle,
 *   NAN if it has none there or is the cycle's own limb
 */
double
gait_metrics_get_phase (GaitMetrics *self,
                        gsize        index,
                        guint        other)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (index < self->cycles->len, NAN);
  g_return_val_if_fail (other < self->limbs->len, NAN);

  return self->phases[index * self->limbs->len + other];
}

/**
 * gait_metrics_get_n_interlimb:
 * @self: measurements
 *
 * Returns: the number of ordered limb pairs
 */
guint
gait_metrics_get_n_interlimb (GaitMetrics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->interlimb->len;
}

/**
 * gait_metrics_get_interlimb:
 * @self: measurements
 * @index: a pair, 0 … gait_metrics_get_n_interlimb() − 1
 *
 * Pairs come in limb order: (0, 1), (0, 2), …, (1, 0), (1, 2), …
 *
 * Returns: (transfer none): the pair's coordination
 */
const GaitInterlimb *
gait_metrics_get_interlimb (GaitMetrics *self,
                            guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->interlimb->len, NULL);

  return &g_array_index (self->interlimb, GaitInterlimb, index);
}

/**
 * gait_metrics_find_interlimb:
 * @self: measurements
 * @limb: the reference limb
 * @other: the other limb
 *
 * Returns: (transfer none) (nullable): the pair's coordination, %NULL if
 *   there is no such pair
 */
const GaitInterlimb *
gait_metrics_find_interlimb (GaitMetrics *self,
                             const char  *limb,
                             const char  *other)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (limb != NULL && other != NULL, NULL);

  for (guint i = 0; i < self->interlimb->len; i++)
    {
      const GaitInterlimb *il = &g_array_index (self->interlimb, GaitInterlimb, i);

      if (g_str_equal (il->limb, limb) && g_str_equal (il->other, other))
        return il;
    }

  return NULL;
}

static void
append_double (GString    *out,
               const char *format,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

/**
 * gait_metrics_to_csv:
 * @self: measurements
 *
 * The per-cycle table as CSV (C locale; unknown values are empty cells),
 * one row per cycle with the columns:
 *
 * - `limb`, `start`, `end`, `liftoff` (frames; liftoff empty if unknown),
 *   `state` (review state), `used` (1 if the cycle counts in summaries)
 * - `frames`: end − start
 * - `start_time`, `duration`, `stance`, `swing` (s), `stride_frequency` (Hz)
 * - `duty_factor`: stance / duration
 * - `stride_length_px`, `stride_length_mm`, `speed_px_s`, `speed_mm_s`
 * - `procrustes_distance`, `n_landmarks`
 * - `phase_LIMB` for every limb: the phase (0…1) of that limb's first
 *   touch-down within the cycle (empty for the cycle's own limb)
 *
 * Returns: (transfer full): the CSV text
 */
char *
gait_metrics_to_csv (GaitMetrics *self)
{
  GString *out;
  guint n_limbs;

  g_return_val_if_fail (self != NULL, NULL);

  n_limbs = self->limbs->len;
  out = g_string_new ("limb,start,end,liftoff,state,used,frames,start_time,duration,"
                      "stance,swing,stride_frequency,duty_factor,stride_length_px,"
                      "stride_length_mm,speed_px_s,speed_mm_s,procrustes_distance,n_landmarks");
  for (guint l = 0; l < n_limbs; l++)
    {
      g_autofree char *name = g_strconcat ("phase_", (const char *) g_ptr_array_index (self->limbs, l), NULL);

      g_string_append_c (out, ',');
      gait_csv_append_field (out, name);
    }
  g_string_append_c (out, '\n');

  for (guint i = 0; i < self->cycles->len; i++)
    {
      const GaitCycleMetrics *m = &g_array_index (self->cycles, GaitCycleMetrics, i);
      double fps = self->params.fps;

      gait_csv_append_field (out, m->limb);
      g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", m->start, m->end);
      if (m->liftoff >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, m->liftoff);
      g_string_append_printf (out, ",%s,%d,%" G_GINT64_FORMAT,
                              gait_cycle_state_to_string (m->state), m->used ? 1 : 0, m->frames);
      append_double (out, "%.6f", fps > 0 ? (double) m->start / fps : NAN);
      append_double (out, "%.6f", m->duration);
      append_double (out, "%.6f", m->stance);
      append_double (out, "%.6f", m->swing);
      append_double (out, "%.6g", m->stride_frequency);
      append_double (out, "%.6g", m->duty_factor);
      append_double (out, "%.6g", m->stride_length_px);
      append_double (out, "%.6g", m->stride_length_mm);
      append_double (out, "%.6g", m->speed_px);
      append_double (out, "%.6g", m->speed_mm);
      append_double (out, "%.6g", m->procrustes);
      g_string_append_printf (out, ",%u", m->n_landmarks);
      for (guint l = 0; l < n_limbs; l++)
        append_double (out, "%.6g", self->phases[i * n_limbs + l]);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/**
 * gait_metrics_summary_to_csv:
 * @self: measurements
 *
 * The interlimb summary as CSV, one row per ordered pair of limbs, with the
 * columns `limb`, `other`, `n_cycles`, `n_phases`, `phase_mean`,
 * `vector_strength`, `xcorr_lag_frames`, `xcorr_peak`, `xcorr_phase`,
 * `xcorr_start`, `xcorr_end` (the frames correlated; see #GaitInterlimb).
 *
 * Returns: (transfer full): the CSV text
 */
char *
gait_metrics_summary_to_csv (GaitMetrics *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new ("limb,other,n_cycles,n_phases,phase_mean,vector_strength,"
                      "xcorr_lag_frames,xcorr_peak,xcorr_phase,xcorr_start,xcorr_end\n");

  for (guint i = 0; i < self->interlimb->len; i++)
    {
      const GaitInterlimb *il = &g_array_index (self->interlimb, GaitInterlimb, i);

      gait_csv_append_field (out, il->limb);
      g_string_append_c (out, ',');
      gait_csv_append_field (out, il->other);
      g_string_append_printf (out, ",%u,%u", il->n_cycles, il->n_phases);
      append_double (out, "%.6g", il->mean_phase);
      append_double (out, "%.6g", il->vector_strength);
      g_string_append_c (out, ',');
      if (isfinite (il->xcorr_peak))
        g_string_append_printf (out, "%d", il->xcorr_lag);
      append_double (out, "%.6g", il->xcorr_peak);
      append_double (out, "%.6g", il->xcorr_phase);
      g_string_append_c (out, ',');
      if (il->xcorr != NULL)
        g_string_append_printf (out, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, il->xcorr_start, il->xcorr_end);
      else
        g_string_append_c (out, ',');
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/**
 * gait_metrics_xcorr_to_csv:
 * @self: measurements
 *
 * The hoof-speed cross-correlations of every ordered pair of limbs, long:
 * the columns `limb`, `other`, `lag_frames`, `lag_s` (empty without a
 * frame rate) and `r` (−1…1), one row per pair and lag. A positive lag:
 * the other limb's hoof speed follows the limb's.
 *
 * Returns: (transfer full): the CSV text
 */
char *
gait_metrics_xcorr_to_csv (GaitMetrics *self)
{
  GString *out;
  double fps;

  g_return_val_if_fail (self != NULL, NULL);

  fps = self->params.fps;
  out = g_string_new ("limb,other,lag_frames,lag_s,r\n");

  for (guint i = 0; i < self->interlimb->len; i++)
    {
      const GaitInterlimb *il = &g_array_index (self->interlimb, GaitInterlimb, i);

      if (il->xcorr == NULL)
        continue;

      for (int k = -(int) il->max_lag; k <= (int) il->max_lag; k++)
        {
          gait_csv_append_field (out, il->limb);
          g_string_append_c (out, ',');
          gait_csv_append_field (out, il->other);
          g_string_append_printf (out, ",%d", k);
          append_double (out, "%.6g", isfinite (fps) && fps > 0 ? k / fps : NAN);
          append_double (out, "%.6g", il->xcorr[il->max_lag + k]);
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (out, FALSE);
}

/* CSV records (RFC 4180): fields of one record at a time. */
typedef struct
{
  const char *name;
  const char *p;
  const char *end;
  guint       line;
} CsvReader;

/* Reads the next record into @fields, or NULL at the end of the text;
 * FALSE with @error set if a quoted field is never closed. */
static gboolean
csv_next_record (CsvReader  *r,
                 GPtrArray **fields,
                 GError    **error)
{
  g_autoptr(GPtrArray) record = NULL;
  GString *field;

  *fields = NULL;
  if (r->p >= r->end)
    return TRUE;

  record = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);
  r->line++;

  for (;;)
    {
      if (r->p < r->end && *r->p == '"')
        {
          guint start_line = r->line;
          gboolean closed = FALSE;

          r->p++;
          while (r->p < r->end)
            {
              if (*r->p == '"')
                {
                  if (r->p + 1 < r->end && r->p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      r->p += 2;
                      continue;
                    }
                  r->p++;
                  closed = TRUE;
                  break;
                }
              if (*r->p == '\n')
                r->line++;
              g_string_append_c (field, *r->p++);
            }

          if (!closed)
            {
              g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                           "%s:%u: unterminated quoted field", r->name, start_line);
              g_string_free (field, TRUE);
              return FALSE;
            }
        }

      while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
        g_string_append_c (field, *r->p++);

      g_ptr_array_add (record, g_string_free (g_steal_pointer (&field), FALSE));

      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          field = g_string_new (NULL);
          continue;
        }

      if (r->p < r->end && *r->p == '\r')
        r->p++;
      if (r->p < r->end && *r->p == '\n')
        r->p++;
      break;
    }

  *fields = g_steal_pointer (&record);

  return TRUE;
}

enum
{
  COL_LIMB,
  COL_START,
  COL_END,
  COL_LIFTOFF,
  COL_STATE,
  COL_METHOD,
  COL_STRIDE_LENGTH,
  COL_PROCRUSTES,
  COL_N_LANDMARKS,
  COL_CONFIDENCE,
  N_COLS
};

static const char * const column_names[N_COLS] = {
  "limb", "start", "end", "liftoff", "state", "method",
  "stride_length_px", "procrustes_distance", "n_landmarks", "confidence",
};

static const char *
field_at (GPtrArray *fields,
          int        column)
{
  if (column < 0 || (guint) column >= fields->len)
    return "";

  return g_ptr_array_index (fields, column);
}

static gboolean
parse_frame (const char  *text,
             gboolean     optional,
             gint64      *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  if (copy[0] == '\0' && optional)
    {
      *value = -1;
      return TRUE;
    }

  return g_ascii_string_to_signed (copy, 10, 0, G_MAXINT64, value, NULL);
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (copy[0] == '\0')
    {
      *value = NAN;
      return TRUE;
    }

  *value = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0';
}

/**
 * gait_cycles_parse_csv:
 * @data: (array length=length): CSV text as gaitline-cli detect writes it
 *   (gait_cycles_to_csv())
 * @length: its length, or -1 if nul-terminated
 * @display_name: (nullable): the file's name, for messages
 * @n_cycles: (out): the number of cycles read
 * @error: return location for a #GError
 *
 * Reads a cycle table. Columns are found by their header names, in any
 * order: `limb`, `start` and `end` are required; `liftoff`, `state`,
 * `method`, `stride_length_px`, `procrustes_distance`, `n_landmarks` and
 * `confidence` are read when present (empty cells: unknown); others are
 * ignored. Fields may be quoted (RFC 4180).
 *
 * Returns: (transfer full) (array length=n_cycles) (nullable): the cycles in
 *   file order (free with g_free(); never %NULL on success), or %NULL with
 *   %GAIT_ERROR_PARSE naming the line
 */
GaitCycle *
gait_cycles_parse_csv (const char  *data,
                       gssize       length,
                       const char  *display_name,
                       gsize       *n_cycles,
                       GError     **error)
{
  g_autoptr(GArray) cycles = g_array_new (FALSE, FALSE, sizeof (GaitCycle));
  g_autoptr(GPtrArray) header = NULL;
  CsvReader r;
  int cols[N_COLS];
  const char *name = display_name ? display_name : "cycle table";

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (n_cycles != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  r.name = name;
  r.p = data;
  r.end = data + length;
  r.line = 0;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    r.p += 3;

  if (!csv_next_record (&r, &header, error))
    return NULL;
  if (header == NULL)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_EMPTY, "%s: the file is empty", name);
      return NULL;
    }

  for (guint c = 0; c < N_COLS; c++)
    {
      cols[c] = -1;
      for (guint f = 0; f < header->len; f++)
        {
          g_autofree char *h = g_strstrip (g_strdup (g_ptr_array_index (header, f)));

          if (g_ascii_strcasecmp (h, column_names[c]) == 0)
            {
              cols[c] = (int) f;
              break;
            }
        }
      if (c <= COL_END && cols[c] < 0)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s:1: no “%s” column; a cycle table needs limb, start and end",
                       name, column_names[c]);
          return NULL;
        }
    }

  for (;;)
    {
      g_autoptr(GPtrArray) fields = NULL;
      GaitCycle cycle;
      gint64 start, end, liftoff, n_landmarks;
      double value;
      const char *text;
      g_autofree char *limb = NULL;

      if (!csv_next_record (&r, &fields, error))
        return NULL;
      if (fields == NULL)
        break;
      if (fields->len == 1 && ((const char *) g_ptr_array_index (fields, 0))[0] == '\0')
        continue;   /* a blank line */

      limb = g_strstrip (g_strdup (field_at (fields, cols[COL_LIMB])));
      if (limb[0] == '\0' ||
          !parse_frame (field_at (fields, cols[COL_START]), FALSE, &start) ||
          !parse_frame (field_at (fields, cols[COL_END]), FALSE, &end) ||
          !parse_frame (field_at (fields, cols[COL_LIFTOFF]), TRUE, &liftoff) ||
          end <= start)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s:%u: not a cycle (a limb, and frames start < end)", name, r.line);
          return NULL;
        }

      gait_cycle_init (&cycle, limb, start, end);
      cycle.liftoff = liftoff;

      text = field_at (fields, cols[COL_STATE]);
      if (text[0] != '\0' && !gait_cycle_state_from_string (text, &cycle.state))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s:%u: “%s” is not a review state", name, r.line, text);
          return NULL;
        }

      text = field_at (fields, cols[COL_METHOD]);
      if (text[0] != '\0' && !gait_method_from_string (text, &cycle.method))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s:%u: “%s” is not a detection method", name, r.line, text);
          return NULL;
        }

      if (!parse_number (field_at (fields, cols[COL_STRIDE_LENGTH]), &cycle.stride_length) ||
          !parse_number (field_at (fields, cols[COL_PROCRUSTES]), &cycle.procrustes) ||
          !parse_number (field_at (fields, cols[COL_CONFIDENCE]), &cycle.confidence) ||
          !parse_number (field_at (fields, cols[COL_N_LANDMARKS]), &value))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s:%u: a number column holds something else", name, r.line);
          return NULL;
        }
      n_landmarks = isfinite (value) && value >= 0 && value < G_MAXUINT ? (gint64) value : 0;
      cycle.n_landmarks = (guint) n_landmarks;

      g_array_append_val (cycles, cycle);
    }

  *n_cycles = cycles->len;
  if (cycles->len == 0)
    return g_new0 (GaitCycle, 1);

  return (GaitCycle *) (gpointer) g_array_free (g_steal_pointer (&cycles), FALSE);
}

/**
 * gait_cycles_load_csv:
 * @path: a cycle table (gaitline-cli detect's CSV)
 * @n_cycles: (out): the number of cycles read
 * @error: return location for a #GError
 *
 * gait_cycles_parse_csv() of a file.
 *
 * Returns: (transfer full) (array length=n_cycles) (nullable): the cycles,
 *   or %NULL with @error set
 */
GaitCycle *
gait_cycles_load_csv (const char  *path,
                      gsize       *n_cycles,
                      GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (n_cycles != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;

  return gait_cycles_parse_csv (data, (gssize) length, path, n_cycles, error);
}
