/* gait-trace.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "gait-error.h"
#include "gait-export.h"
#include "gait-fftw-private.h"
#include "gait-signal-private.h"
#include "gait-trace.h"

/**
 * GaitTrace:
 *
 * One value per video frame: a pixel-intensity trace made by
 * #GaitTraceExtractor, a landmark trace made by
 * gait_trace_new_for_landmark(), or either after gait_trace_process().
 * Immutable.
 */

struct _GaitTrace
{
  GObject  parent_instance;

  char    *name;
  double  *values;
  gsize    n_values;
  double   fps;
};

G_DEFINE_FINAL_TYPE (GaitTrace, gait_trace, G_TYPE_OBJECT)

static void
gait_trace_finalize (GObject *object)
{
  GaitTrace *self = (GaitTrace *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->values, g_free);

  G_OBJECT_CLASS (gait_trace_parent_class)->finalize (object);
}

static void
gait_trace_class_init (GaitTraceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gait_trace_finalize;
}

static void
gait_trace_init (GaitTrace *self)
{
}

/**
 * gait_trace_new:
 * @name: the trace's name (a CSV column header)
 * @values: (array length=n_values): one value per frame; NAN where unknown
 * @n_values: the number of frames
 * @fps: frames per second, or 0 when unknown
 *
 * Returns: (transfer full): a new trace holding a copy of @values
 */
GaitTrace *
gait_trace_new (const char   *name,
                const double *values,
                gsize         n_values,
                double        fps)
{
  GaitTrace *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (values != NULL || n_values == 0, NULL);

  self = g_object_new (GAIT_TYPE_TRACE, NULL);
  self->name = g_strdup (name);
  self->values = g_new (double, MAX (n_values, 1));
  if (n_values > 0)
    memcpy (self->values, values, n_values * sizeof (double));
  self->n_values = n_values;
  self->fps = isfinite (fps) && fps > 0 ? fps : 0.0;

  return self;
}

static GaitTrace *
trace_new_take (char   *name,
                double *values,
                gsize   n_values,
                double  fps)
{
  GaitTrace *self = g_object_new (GAIT_TYPE_TRACE, NULL);

  self->name = name;
  self->values = values;
  self->n_values = n_values;
  self->fps = fps;

  return self;
}

/**
 * gait_trace_new_for_landmark:
 * @tracking: tracking data
 * @landmark: index of a landmark of @tracking
 * @quantity: what to trace
 * @params: (nullable): smoothing parameters and frame rate for the speed;
 *   %NULL for the seed method's (the blog's) with an unknown frame rate
 * @error: return location for a #GError
 *
 * A landmark's x or y coordinate as tracked (NAN where missing), or its
 * speed. The speed is the blog's hoof speed (gait_hoof_speed()) with the
 * landmark as the only landmark of the limb: its positions where its
 * likelihood is positive, linearly interpolated across the others,
 * Savitzky–Golay smoothed (@params' window and order; 15 and 3), the
 * NumPy gradient of each coordinate with @params' spacing (5), and the
 * sum of their absolute values. Because of that spacing, a landmark
 * moving steadily by (vx, vy) pixels per frame has the speed
 * (|vx| + |vy|) / 5: the blog's unit, which its threshold of 1.0 assumes.
 *
 * The trace is named after the landmark and the quantity, as
 * "fhoof_x", "fhoof_y" or "fhoof_speed".
 *
 * Returns: (transfer full) (nullable): a trace with one value per frame
 *   of @tracking, or %NULL with @error set: %GAIT_ERROR_INVALID_ARGUMENT
 *   for a landmark out of range, %GAIT_ERROR_EMPTY for a speed of a
 *   landmark never seen
 */
GaitTrace *
gait_trace_new_for_landmark (GaitTracking            *tracking,
                             guint                    landmark,
                             GaitLandmarkQuantity     quantity,
                             const GaitDetectParams  *params,
                             GError                 **error)
{
  static const char * const suffixes[] = { "x", "y", "speed" };
  g_autofree double *values = NULL;
  GaitDetectParams defaults;
  gsize n;

  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), NULL);
  g_return_val_if_fail (quantity <= GAIT_LANDMARK_SPEED, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (params == NULL)
    {
      gait_detect_params_init (&defaults, GAIT_METHOD_SEED);
      params = &defaults;
    }

  if (landmark >= gait_tracking_get_n_landmarks (tracking))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Landmark %u is out of range: the tracking has %u landmarks",
                   landmark, gait_tracking_get_n_landmarks (tracking));
      return NULL;
    }

  n = gait_tracking_get_n_frames (tracking);
  values = g_new (double, MAX (n, 1));

  switch (quantity)
    {
    case GAIT_LANDMARK_X:
      memcpy (values, gait_tracking_get_x (tracking, landmark), n * sizeof (double));
      break;

    case GAIT_LANDMARK_Y:
      memcpy (values, gait_tracking_get_y (tracking, landmark), n * sizeof (double));
      break;

    case GAIT_LANDMARK_SPEED:
      if (!gait_hoof_speed (tracking, &landmark, 1, params, values, error))
        return NULL;
      break;

    default:
      g_assert_not_reached ();
    }

  return trace_new_take (g_strdup_printf ("%s_%s",
                                          gait_tracking_get_landmark_name (tracking, landmark),
                                          suffixes[quantity]),
                         g_steal_pointer (&values), n,
                         isfinite (params->fps) && params->fps > 0 ? params->fps : 0.0);
}

/**
 * gait_trace_new_for_limb:
 * @tracking: tracking data
 * @profile: its landmark roles
 * @limb: a limb of @profile
 * @params: (nullable): smoothing parameters and frame rate, as for
 *   gait_trace_new_for_landmark()
 * @error: return location for a #GError
 *
 * The limb's hoof speed (gait_hoof_speed() over its distal landmarks), the
 * signal the detectors look for swings in. Named "LIMB_hoof_speed".
 *
 * Returns: (transfer full) (nullable): a trace with one value per frame,
 *   or %NULL with @error set
 */
GaitTrace *
gait_trace_new_for_limb (GaitTracking            *tracking,
                         GaitProfile             *profile,
                         guint                    limb,
                         const GaitDetectParams  *params,
                         GError                 **error)
{
  g_autoptr(GArray) distal = NULL;
  g_autofree double *values = NULL;
  GaitDetectParams defaults;
  gsize n;

  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), NULL);
  g_return_val_if_fail (GAIT_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (params == NULL)
    {
      gait_detect_params_init (&defaults, GAIT_METHOD_SEED);
      params = &defaults;
    }

  if (limb >= gait_profile_get_n_limbs (profile))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Limb %u is out of range: the profile has %u limbs",
                   limb, gait_profile_get_n_limbs (profile));
      return NULL;
    }

  if (!(distal = gait_profile_resolve_limb (profile, tracking, limb, error)))
    return NULL;

  n = gait_tracking_get_n_frames (tracking);
  values = g_new (double, MAX (n, 1));
  if (!gait_hoof_speed (tracking, (const guint *) (gpointer) distal->data, distal->len,
                        params, values, error))
    return NULL;

  return trace_new_take (g_strdup_printf ("%s_hoof_speed", gait_profile_get_limb_name (profile, limb)),
                         g_steal_pointer (&values), n,
                         isfinite (params->fps) && params->fps > 0 ? params->fps : 0.0);
}

/**
 * gait_trace_new_for_signal:
 * @tracking: tracking data
 * @profile: (nullable): its landmark roles, for limbs' hoof speeds
 * @spec: which signal: "hoof:LIMB" for a limb's hoof speed, "NAME:x",
 *   "NAME:y" or "NAME:speed" for a landmark's coordinate or speed, or a
 *   bare landmark NAME for its speed
 * @params: (nullable): smoothing parameters and frame rate
 * @error: return location for a #GError
 *
 * A signal of the tracking named the way the command line names it
 * (`gaitline-cli spectrum --signal`); see gait_trace_new_for_limb() and
 * gait_trace_new_for_landmark().
 *
 * Returns: (transfer full) (nullable): the trace, or %NULL with @error set
 *   (%GAIT_ERROR_INVALID_ARGUMENT naming what is unknown)
 */
GaitTrace *
gait_trace_new_for_signal (GaitTracking            *tracking,
                           GaitProfile             *profile,
                           const char              *spec,
                           const GaitDetectParams  *params,
                           GError                 **error)
{
  static const char * const quantities[] = { "x", "y", "speed" };
  const char *colon;
  int landmark;

  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), NULL);
  g_return_val_if_fail (profile == NULL || GAIT_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* a landmark's own name first: names may contain colons */
  if ((landmark = gait_tracking_find_landmark (tracking, spec)) >= 0)
    return gait_trace_new_for_landmark (tracking, landmark, GAIT_LANDMARK_SPEED, params, error);

  if ((colon = strrchr (spec, ':')) != NULL)
    {
      g_autofree char *name = g_strndup (spec, colon - spec);

      for (guint q = 0; q < G_N_ELEMENTS (quantities); q++)
        if (g_str_equal (colon + 1, quantities[q]) &&
            (landmark = gait_tracking_find_landmark (tracking, name)) >= 0)
          return gait_trace_new_for_landmark (tracking, landmark, q, params, error);
    }

  if (g_str_has_prefix (spec, "hoof:"))
    {
      const char *limb = spec + strlen ("hoof:");

      if (profile == NULL)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "“%s”: a hoof speed needs an animal profile", spec);
          return NULL;
        }
      for (guint i = 0; i < gait_profile_get_n_limbs (profile); i++)
        if (g_str_equal (gait_profile_get_limb_name (profile, i), limb))
          return gait_trace_new_for_limb (tracking, profile, i, params, error);

      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "“%s”: the profile “%s” has no limb “%s”",
                   spec, gait_profile_get_name (profile), limb);
      return NULL;
    }

  g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
               "“%s” is not a signal: give hoof:LIMB, or a landmark NAME, NAME:x, NAME:y or NAME:speed",
               spec);
  return NULL;
}

/**
 * gait_trace_get_name:
 * @self: a #GaitTrace
 *
 * Returns: (transfer none): the trace's name
 */
const char *
gait_trace_get_name (GaitTrace *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE (self), NULL);

  return self->name;
}

/**
 * gait_trace_get_n_values:
 * @self: a #GaitTrace
 *
 * Returns: the number of frames
 */
gsize
gait_trace_get_n_values (GaitTrace *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE (self), 0);

  return self->n_values;
}

/**
 * gait_trace_get_values:
 * @self: a #GaitTrace
 * @n_values: (out) (optional): the number of frames
 *
 * Returns: (transfer none) (array length=n_values): one value per frame,
 *   NAN where unknown
 */
const double *
gait_trace_get_values (GaitTrace *self,
                       gsize     *n_values)
{
  g_return_val_if_fail (GAIT_IS_TRACE (self), NULL);

  if (n_values != NULL)
    *n_values = self->n_values;

  return self->values;
}

/**
 * gait_trace_get_fps:
 * @self: a #GaitTrace
 *
 * Returns: frames per second, or 0 when unknown
 */
double
gait_trace_get_fps (GaitTrace *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE (self), 0.0);

  return self->fps;
}

/* Names */

static const char * const window_names[] = { "rect", "disc", "pixel" };
static const char * const detrend_names[] = { "none", "mean", "median", "line", "spline" };

/**
 * gait_trace_window_to_string:
 * @window: a #GaitTraceWindow
 *
 * Returns: (transfer none): "rect", "disc" or "pixel", as optimap names them
 */
const char *
gait_trace_window_to_string (GaitTraceWindow window)
{
  g_return_val_if_fail (window <= GAIT_TRACE_WINDOW_PIXEL, NULL);

  return window_names[window];
}

/**
 * gait_trace_window_from_string:
 * @str: "rect", "disc" or "pixel"
 * @window: (out): where to store the window
 *
 * Returns: %TRUE if @str names a window
 */
gboolean
gait_trace_window_from_string (const char      *str,
                               GaitTraceWindow *window)
{
  g_return_val_if_fail (str != NULL, FALSE);
  g_return_val_if_fail (window != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (window_names); i++)
    {
      if (g_str_equal (str, window_names[i]))
        {
          *window = (GaitTraceWindow)i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * gait_detrend_kind_to_string:
 * @kind: a #GaitDetrendKind
 *
 * Returns: (transfer none): "none", "mean", "median", "line" or "spline"
 */
const char *
gait_detrend_kind_to_string (GaitDetrendKind kind)
{
  g_return_val_if_fail (kind <= GAIT_DETREND_SPLINE, NULL);

  return detrend_names[kind];
}

/**
 * gait_detrend_kind_from_string:
 * @str: "none", "mean", "median", "line" or "spline"
 * @kind: (out): where to store the kind
 *
 * Returns: %TRUE if @str names a kind
 */
gboolean
gait_detrend_kind_from_string (const char      *str,
                               GaitDetrendKind *kind)
{
  g_return_val_if_fail (str != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (detrend_names); i++)
    {
      if (g_str_equal (str, detrend_names[i]))
        {
          *kind = (GaitDetrendKind)i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Normalisation */

/**
 * gait_normalise:
 * @x: (array length=n): a trace
 * @n: its length
 * @out: (out caller-allocates) (array length=n): the result; may be @x
 *
 * optimap's `normalize()` with its defaults: (x − min) / (max − min + ε)
 * with the minimum and maximum over the finite values and ε the machine
 * epsilon of doubles, so that the result lies in 0…1 (a constant trace
 * becomes 0). NANs stay NANs. optimap returns float32; this keeps doubles.
 */
void
gait_normalise (const double *x,
                gsize         n,
                double       *out)
{
  double lo = INFINITY;
  double hi = -INFINITY;

  g_return_if_fail (x != NULL || n == 0);
  g_return_if_fail (out != NULL || n == 0);

  for (gsize i = 0; i < n; i++)
    {
      if (isnan (x[i]))
        continue;
      lo = MIN (lo, x[i]);
      hi = MAX (hi, x[i]);
    }

  for (gsize i = 0; i < n; i++)
    out[i] = (x[i] - lo) / (hi - lo + DBL_EPSILON);
}

/* Selection */

static void
swap_doubles (double *a,
              double *b)
{
  double t = *a;

  *a = *b;
  *b = t;
}

/* Moves the @k-th smallest of @v to v[k], smaller ones before it */
static double
quickselect (double  *v,
             gsize    n,
             gsize    k,
             guint32 *seed)
{
  gsize lo = 0;
  gsize hi = n - 1;

  g_assert (k < n);

  while (lo < hi)
    {
      gsize p, i, lt, gt;
      double pivot;

      *seed = *seed * 1664525u + 1013904223u;
      p = lo + (gsize)(((guint64)*seed * (hi - lo + 1)) >> 32);
      pivot = v[p];

      /* Three-way partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot */
      lt = lo;
      gt = hi;
      i = lo;
      while (i <= gt)
        {
          if (v[i] < pivot)
            swap_doubles (&v[i++], &v[lt++]);
          else if (v[i] > pivot)
            {
              swap_doubles (&v[i], &v[gt]);
              if (gt == 0)
                break;
              gt--;
            }
          else
            i++;
        }

      if (k < lt)
        hi = lt - 1;
      else if (k > gt)
        lo = gt + 1;
      else
        return pivot;
    }

  return v[k];
}

/* Theil–Sen: slopes of all pairs, (y[j] - y[i]) / (j - i) for i < j, as
 * NumPy computes them. There are n (n - 1) / 2 of them: up to
 * COLLECT_LIMIT they are all kept and the ranks selected; beyond, each
 * rank is narrowed down to a value range by passes over the pairs
 * (histograms of HISTOGRAM_BUCKETS buckets), until few enough slopes are
 * left in the range to keep them. The result is the same, exactly.
 */
#define COLLECT_LIMIT     ((guint64)1 << 22)
#define HISTOGRAM_BUCKETS 65536

static inline double
pair_slope (const double *y,
            gsize         i,
            gsize         d)
{
  return (y[i + d] - y[i]) / (double)d;
}

typedef enum
{
  STEP_COLLECT,
  STEP_RANGE,
  STEP_HISTOGRAM,
  STEP_DONE,
} RankStep;

typedef struct
{
  guint64   rank;
  double    lo;          /* the slope lies in [lo, hi] */
  double    hi;
  guint64   below;       /* slopes smaller than lo */
  guint64   inside;      /* slopes in [lo, hi] */
  RankStep  step;
  double    value;

  GArray   *kept;        /* STEP_COLLECT */
  double    min, max;    /* STEP_RANGE */
  guint64  *counts;      /* STEP_HISTOGRAM */
  double   *bucket_min;
  double   *bucket_max;
} RankSearch;

static inline guint
bucket_of (const RankSearch *r,
           double            s)
{
  /* Halves, so that no difference overflows; monotonic in s */
  double t = (s * 0.5 - r->lo * 0.5) / (r->hi * 0.5 - r->lo * 0.5);
  double b = floor (t * HISTOGRAM_BUCKETS);

  if (!(b > 0))
    return 0;
  if (b >= HISTOGRAM_BUCKETS)
    return HISTOGRAM_BUCKETS - 1;
  return (guint)b;
}

static void
select_slope_ranks (const double *y,
                    gsize         n,
                    const guint64 *ranks,
                    guint         n_ranks,
                    double       *values)
{
  guint64 n_pairs = (guint64)n * (n - 1) / 2;
  guint32 seed = 12345;
  RankSearch search[4];
  gboolean pending = TRUE;

  g_assert (n >= 2 && n_ranks <= G_N_ELEMENTS (search));

  if (n_pairs <= COLLECT_LIMIT)
    {
      g_autofree double *all = g_new (double, n_pairs);
      gsize k = 0;

      for (gsize d = 1; d < n; d++)
        for (gsize i = 0; i + d < n; i++)
          all[k++] = pair_slope (y, i, d);

      for (guint r = 0; r < n_ranks; r++)
        values[r] = quickselect (all, n_pairs, ranks[r], &seed);

      return;
    }

  for (guint r = 0; r < n_ranks; r++)
    {
      search[r] = (RankSearch) {
        .rank = ranks[r],
        .lo = -INFINITY,
        .hi = INFINITY,
        .below = 0,
        .inside = n_pairs,
      };
    }

  while (pending)
    {
      pending = FALSE;

      for (guint r = 0; r < n_ranks; r++)
        {
          RankSearch *s = &search[r];

          if (s->step == STEP_DONE)
            continue;

          if (s->inside <= COLLECT_LIMIT)
            {
              s->step = STEP_COLLECT;
              s->kept = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint)s->inside);
            }
          else if (isinf (s->lo) || isinf (s->hi))
            {
              s->step = STEP_RANGE;
              s->min = INFINITY;
              s->max = -INFINITY;
            }
          else
            {
              s->step = STEP_HISTOGRAM;
              s->counts = g_new0 (guint64, HISTOGRAM_BUCKETS);
              s->bucket_min = g_new (double, HISTOGRAM_BUCKETS);
              s->bucket_max = g_new (double, HISTOGRAM_BUCKETS);
              for (guint b = 0; b < HISTOGRAM_BUCKETS; b++)
                {
                  s->bucket_min[b] = INFINITY;
                  s->bucket_max[b] = -INFINITY;
                }
            }
        }

      for (gsize d = 1; d < n; d++)
        for (gsize i = 0; i + d < n; i++)
          {
            double slope = pair_slope (y, i, d);

            for (guint r = 0; r < n_ranks; r++)
              {
                RankSearch *s = &search[r];

                if (slope < s->lo || slope > s->hi)
                  continue;

                switch (s->step)
                  {
                  case STEP_COLLECT:
                    g_array_append_val (s->kept, slope);
                    break;

                  case STEP_RANGE:
                    s->min = MIN (s->min, slope);
                    s->max = MAX (s->max, slope);
                    break;

                  case STEP_HISTOGRAM:
                    {
                      guint b = bucket_of (s, slope);

                      s->counts[b]++;
                      s->bucket_min[b] = MIN (s->bucket_min[b], slope);
                      s->bucket_max[b] = MAX (s->bucket_max[b], slope);
                    }
                    break;

                  case STEP_DONE:
                  default:
                    break;
                  }
              }
          }

      for (guint r = 0; r < n_ranks; r++)
        {
          RankSearch *s = &search[r];

          switch (s->step)
            {
            case STEP_COLLECT:
              g_assert (s->kept->len == s->inside);
              s->value = quickselect ((double *)(gpointer)s->kept->data, s->kept->len,
                                      s->rank - s->below, &seed);
              s->step = STEP_DONE;
              g_clear_pointer (&s->kept, g_array_unref);
              break;

            case STEP_RANGE:
              s->lo = s->min;
              s->hi = s->max;
              if (s->lo == s->hi)
                {
                  s->value = s->lo;
                  s->step = STEP_DONE;
                }
              else
                pending = TRUE;
              break;

            case STEP_HISTOGRAM:
              {
                guint64 cumulated = s->below;
                guint b = 0;

                while (cumulated + s->counts[b] <= s->rank)
                  cumulated += s->counts[b++];

                g_assert (b < HISTOGRAM_BUCKETS);

                s->below = cumulated;
                s->inside = s->counts[b];
                s->lo = s->bucket_min[b];
                s->hi = s->bucket_max[b];
                g_clear_pointer (&s->counts, g_free);
                g_clear_pointer (&s->bucket_min, g_free);
                g_clear_pointer (&s->bucket_max, g_free);

                if (s->lo == s->hi)
                  {
                    s->value = s->lo;
                    s->step = STEP_DONE;
                  }
                else
                  pending = TRUE;
              }
              break;

            case STEP_DONE:
            default:
              break;
            }
        }

      for (guint r = 0; r < n_ranks; r++)
        if (search[r].step != STEP_DONE)
          pending = TRUE;
    }

  for (guint r = 0; r < n_ranks; r++)
    values[r] = search[r].value;
}

static double
median_slope (const double *y,
              gsize         n)
{
  guint64 n_pairs = (guint64)n * (n - 1) / 2;
  guint64 ranks[2];
  double values[2];

  if (n_pairs % 2 == 1)
    {
      ranks[0] = n_pairs / 2;
      select_slope_ranks (y, n, ranks, 1, values);
      return values[0];
    }

  ranks[0] = n_pairs / 2 - 1;
  ranks[1] = n_pairs / 2;
  select_slope_ranks (y, n, ranks, 2, values);

  return (values[0] + values[1]) / 2.0;
}

static double
median_of (const double *x,
           gsize         n)
{
  g_autofree double *copy = g_memdup2 (x, n * sizeof (double));
  guint32 seed = 4321;
  double a, b;

  if (n % 2 == 1)
    return quickselect (copy, n, n / 2, &seed);

  a = quickselect (copy, n, n / 2 - 1, &seed);
  b = quickselect (copy, n, n / 2, &seed);

  return (a + b) / 2.0;
}

/**
 * gait_theil_sen:
 * @y: (array length=n): values at x = 0, 1, …, n − 1
 * @n: their number, at least 2
 * @slope: (out) (optional): the Theil–Sen slope, the median of the slopes
 *   between all pairs of points
 * @low_slope: (out) (optional): the lower bound of its 95 % confidence
 *   interval
 * @high_slope: (out) (optional): its upper bound
 * @error: return location for a #GError
 *
 * scipy.stats.theilslopes(y) of SciPy 1.10 (confidence interval from Sen,
 * 1968, eq. 2.6, with the ties of @y), exactly, for any length: the
 * slopes are not all kept in memory when they are many.
 *
 * Returns: %TRUE, or %FALSE with @error set to
 *   %GAIT_ERROR_INVALID_ARGUMENT for fewer than two or non-finite values
 */
gboolean
gait_theil_sen (const double  *y,
                gsize          n,
                double        *slope,
                double        *low_slope,
                double        *high_slope,
                GError       **error)
{
  /* scipy.stats.norm.ppf (0.025) */
  const double z = -1.9599639845400545;
  guint64 n_pairs;

  g_return_val_if_fail (y != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n < 2)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "A Theil–Sen slope needs at least two values, not %" G_GSIZE_FORMAT, n);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (y[i]))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "Value %" G_GSIZE_FORMAT " is missing or not finite", i);
          return FALSE;
        }
    }

  if (slope != NULL)
    *slope = median_slope (y, n);

  if (low_slope == NULL && high_slope == NULL)
    return TRUE;

  n_pairs = (guint64)n * (n - 1) / 2;

  {
    g_autofree double *sorted = g_memdup2 (y, n * sizeof (double));
    double ties = 0;
    double sigsq, sigma;
    gint64 upper_rank, lower_rank;
    guint64 ranks[2];
    double values[2];

    qsort (sorted, n, sizeof (double), _gait_compare_doubles);
    for (gsize i = 0; i < n;)
      {
        gsize j = i + 1;

        while (j < n && sorted[j] == sorted[i])
          j++;
        if (j - i > 1)
          {
            double k = (double)(j - i);

            ties += k * (k - 1) * (2 * k + 5);
          }
        i = j;
      }

    sigsq = (1.0 / 18.0) * ((double)n * (double)(n - 1) * (double)(2 * n + 5) - ties);
    sigma = sqrt (sigsq);

    if (!isfinite (sigma))
      {
        if (low_slope != NULL)
          *low_slope = NAN;
        if (high_slope != NULL)
          *high_slope = NAN;
        return TRUE;
      }

    upper_rank = MIN ((gint64)nearbyint (((double)n_pairs - z * sigma) / 2.0), (gint64)n_pairs - 1);
    lower_rank = MAX ((gint64)nearbyint (((double)n_pairs + z * sigma) / 2.0) - 1, 0);
    upper_rank = MAX (upper_rank, 0);
    lower_rank = MIN (lower_rank, (gint64)n_pairs - 1);

    ranks[0] = (guint64)lower_rank;
    ranks[1] = (guint64)upper_rank;
    select_slope_ranks (y, n, ranks, 2, values);

    if (low_slope != NULL)
      *low_slope = values[0];
    if (high_slope != NULL)
      *high_slope = values[1];
  }

  return TRUE;
}

/* Detrending: the `seasonal` package's fit_trend(), which optimap's
 * detrend_timeseries() calls.
 */

/* Sliding median of the full windows; partial windows at the ends are
 * left as they are (seasonal's median_filter()).
 */
static void
median_filter (const double *x,
               gsize         n,
               gsize         window,
               double       *out)
{
  gsize half = window / 2;
  g_autofree double *sorted = NULL;

  memcpy (out, x, n * sizeof (double));
  if (n < window)
    return;

  sorted = g_memdup2 (x, window * sizeof (double));
  qsort (sorted, window, sizeof (double), _gait_compare_doubles);

  for (gsize i = half; i + half < n; i++)
    {
      out[i] = sorted[half];

      if (i + half + 1 < n)
        {
          double leaving = x[i - half];
          double entering = x[i + half + 1];
          gsize lo = 0, hi = window;
          gsize at;

          /* Remove the leaving value (any of equal ones will do) */
          while (lo < hi)
            {
              gsize mid = lo + (hi - lo) / 2;

              if (sorted[mid] < leaving)
                lo = mid + 1;
              else
                hi = mid;
            }
          g_assert (lo < window && sorted[lo] == leaving);
          memmove (sorted + lo, sorted + lo + 1, (window - lo - 1) * sizeof (double));

          /* Insert the entering one */
          lo = 0;
          hi = window - 1;
          while (lo < hi)
            {
              gsize mid = lo + (hi - lo) / 2;

              if (sorted[mid] < entering)
                lo = mid + 1;
              else
                hi = mid;
            }
          at = lo;
          memmove (sorted + at + 1, sorted + at, (window - 1 - at) * sizeof (double));
          sorted[at] = entering;
        }
    }
}

/* seasonal's mean_filter(): means of the full windows from a running sum */
static void
mean_filter (const double *x,
             gsize         n,
             gsize         window,
             double       *out)
{
  gsize half = window / 2;
  g_autofree double *cum = g_new (double, n + 1);

  memcpy (out, x, n * sizeof (double));

  cum[0] = 0;
  for (gsize i = 0; i < n; i++)
    cum[i + 1] = cum[i] + x[i];

  for (gsize i = half; i + half < n; i++)
    out[i] = (cum[i + half + 1] - cum[i - half]) / (double)window;
}

/* seasonal's aglet(): the half windows at both ends become lines with the
 * Theil–Sen slope of the first and last window.
 */
static void
aglet (double *v,
       gsize   n,
       gsize   window)
{
  gsize half = window / 2;
  gsize w = MIN (window, n);
  double left, right;
  double left_base, right_base;

  if (half == 0 || n < half + 1)
    return;

  left = median_slope (v, w);
  right = median_slope (v + n - w, w);
  left_base = v[half];
  right_base = v[n - half - 1];

  for (gsize k = 0; k < half; k++)
    v[k] = (double)((gint64)k - (gint64)half) * left + left_base;
  for (gsize k = 0; k < half; k++)
    v[n - half + k] = (double)(k + 1) * right + right_base;
}

static gboolean
line_filter (const double  *x,
             gsize          n,
             gsize          window,
             double        *out,
             GError       **error)
{
  gsize half = window / 2;
  g_autofree double *coarse = g_new (double, n);
  double slope, low, high, median;

  median_filter (x, n, window, coarse);
  if (!gait_theil_sen (coarse + half, n - 2 * half, &slope, &low, &high, error))
    return FALSE;

  median = median_of (x, n);

  if (low <= 0.0 && high >= 0.0)
    {
      for (gsize i = 0; i < n; i++)
        out[i] = 0.0 + median;
    }
  else
    {
      double intercept = median - (double)(n - 1) / 2.0 * slope;

      for (gsize i = 0; i < n; i++)
        out[i] = slope * (double)i + intercept;
    }

  return TRUE;
}

/* Least-squares cubic spline through (i, x[i]) with the given interior
 * knots, evaluated at every i: scipy's LSQUnivariateSpline (FITPACK's
 * curfit, Givens rotations on the banded observation matrix).
 */
static void
bspline_basis (const double *t,
               gsize         l,
               double        x,
               double        h[4])
{
  double hh[3];

  /* FITPACK's fpbspl with k = 3: t[l] <= x < t[l + 1] */
  h[0] = 1.0;
  for (gsize j = 1; j <= 3; j++)
    {
      for (gsize i = 0; i < j; i++)
        hh[i] = h[i];
      h[0] = 0.0;
      for (gsize i = 1; i <= j; i++)
        {
          gsize li = l + i;
          gsize lj = li - j;
          double f;

          if (t[li] == t[lj])
            {
              h[i] = 0.0;
              continue;
            }

          f = hh[i - 1] / (t[li] - t[lj]);
          h[i - 1] = h[i - 1] + f * (t[li] - x);
          h[i] = f * (x - t[lj]);
        }
    }
}

static void
givens (double  piv,
        double *ww,
        double *cos_out,
        double *sin_out)
{
  double store = fabs (piv);
  double dd;

  if (store >= *ww)
    dd = store * sqrt (1.0 + (*ww / piv) * (*ww / piv));
  else
    dd = *ww * sqrt (1.0 + (piv / *ww) * (piv / *ww));

  *cos_out = *ww / dd;
  *sin_out = piv / dd;
  *ww = dd;
}

static void
rotate (double  cos_v,
        double  sin_v,
        double *a,
        double *b)
{
  double stor1 = *a;
  double stor2 = *b;

  *b = cos_v * stor2 + sin_v * stor1;
  *a = cos_v * stor1 - sin_v * stor2;
}

static gboolean
spline_filter (const double  *x,
               gsize          n,
               gsize          n_segments,
               double        *out,
               GError       **error)
{
  gsize n_knots = MAX (2, n_segments + 1);
  gsize n_interior = n_knots - 1;      /* linspace(...)[1:-2] */
  gsize n_coef = n_interior + 4;
  gsize n_t = n_coef + 4;
  g_autofree double *t = g_new (double, n_t);
  g_autofree double *band = g_new0 (double, n_coef * 4);
  g_autofree double *z = g_new0 (double, n_coef);
  g_autofree double *c = g_new0 (double, n_coef);
  double step = (double)(n - 1) / (double)(n_knots + 1);
  double last = (double)(n - 1);

  if (n < n_coef)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "A trace of %" G_GSIZE_FORMAT " frames is too short for a spline trend",
                   n);
      return FALSE;
    }

  for (gsize i = 0; i < 4; i++)
    {
      t[i] = 0.0;
      t[n_t - 1 - i] = last;
    }
  for (gsize i = 0; i < n_interior; i++)
    t[4 + i] = (double)(i + 1) * step;

  /* Observations, one row at a time, rotated into the band */
  {
    gsize l = 3;

    for (gsize i = 0; i < n; i++)
      {
        double xi = (double)i;
        double h[4];
        double yi = x[i];

        while (l + 1 < n_coef && xi >= t[l + 1])
          l++;

        bspline_basis (t, l, xi, h);

        for (gsize p = 0; p < 4; p++)
          {
            gsize j = l - 3 + p;
            double *row = band + j * 4;
            double cos_v, sin_v;

            if (h[p] == 0.0)
              continue;

            givens (h[p], &row[0], &cos_v, &sin_v);
            rotate (cos_v, sin_v, &yi, &z[j]);
            for (gsize q = p + 1; q < 4; q++)
              rotate (cos_v, sin_v, &h[q], &row[q - p]);
          }
      }
  }

  /* Back substitution */
  for (gsize jj = n_coef; jj > 0; jj--)
    {
      gsize j = jj - 1;
      double *row = band + j * 4;
      double sum = z[j];

      for (gsize q = 1; q < 4 && j + q < n_coef; q++)
        sum -= row[q] * c[j + q];

      if (row[0] == 0.0)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "The spline trend of a %" G_GSIZE_FORMAT "-frame trace has no solution", n);
          return FALSE;
        }

      c[j] = sum / row[0];
    }

  /* Evaluation */
  {
    gsize l = 3;

    for (gsize i = 0; i < n; i++)
      {
        double xi = (double)i;
        double h[4];
        double sum = 0.0;

        while (l + 1 < n_coef && xi >= t[l + 1])
          l++;

        bspline_basis (t, l, xi, h);
        for (gsize p = 0; p < 4; p++)
          sum += c[l - 3 + p] * h[p];
        out[i] = sum;
      }
  }

  return TRUE;
}

/* Welch's power spectrum (scipy.signal.welch(x, scaling='spectrum',
 * nperseg=nperseg): periodic Hann window, half overlap, each segment's
 * mean removed), one-sided, nperseg / 2 + 1 values.
 */
static double *
welch_spectrum (const double *x,
                gsize         n,
                gsize         nperseg)
{
  gsize noverlap = nperseg / 2;
  gsize step = nperseg - noverlap;
  gsize n_segments = (n - noverlap) / step;
  gsize n_freqs = nperseg / 2 + 1;
  g_autofree double *window = g_new (double, nperseg);
  double *segment = fftw_alloc_real (nperseg);
  fftw_complex *spectrum = fftw_alloc_complex (n_freqs);
  double *power = g_new0 (double, n_freqs);
  double window_sum = 0;
  double scale;
  fftw_plan plan;

  for (gsize k = 0; k < nperseg; k++)
    {
      double fac = (double)k * (2.0 * G_PI / (double)nperseg) + -G_PI;

      window[k] = 0.0 + 0.5 * 1.0 + 0.5 * cos (fac);
      window_sum += window[k];
    }
  scale = 1.0 / (window_sum * window_sum);

  _gait_fftw_lock ();
  plan = fftw_plan_dft_r2c_1d ((int)nperseg, segment, spectrum, FFTW_ESTIMATE);
  _gait_fftw_unlock ();

  for (gsize s = 0; s < n_segments; s++)
    {
      const double *seg = x + s * step;
      double mean = 0;

      for (gsize k = 0; k < nperseg; k++)
        mean += seg[k];
      mean /= (double)nperseg;

      for (gsize k = 0; k < nperseg; k++)
        segment[k] = window[k] * (seg[k] - mean);

      fftw_execute (plan);

      for (gsize f = 0; f < n_freqs; f++)
        {
          double p = (spectrum[f][0] * spectrum[f][0] + spectrum[f][1] * spectrum[f][1]) * scale;

          if (f > 0 && !(nperseg % 2 == 0 && f == nperseg / 2))
            p *= 2;
          power[f] += p;
        }
    }

  _gait_fftw_lock ();
  fftw_destroy_plan (plan);
  _gait_fftw_unlock ();
  fftw_free (segment);
  fftw_free (spectrum);

  for (gsize f = 0; f < n_freqs; f++)
    power[f] /= (double)MAX (n_segments, 1);

  return power;
}

static gboolean
fit_trend (const double     *x,
           gsize             n,
           GaitDetrendKind   kind,
           double            period,
           double            ptimes,
           double           *trend,
           GError          **error);

/**
 * gait_estimate_period:
 * @x: (array length=n): a trace, without missing values
 * @n: its length
 *
 * The `seasonal` package's guess_trended_period(), which optimap's
 * detrend_timeseries() uses when no period is given: the trace less a
 * broad moving median (window 2 × min(n / 3, 512) − 1) is scored by
 * Welch's periodogram (segments of twice that period, at most half the
 * trace), periods from 4 frames to min(n / 3, 512); the result is the mean
 * of the periods scoring at least 90 % of the best, weighted by their
 * power, rounded. Without any periodicity it is min(n / 3, 512).
 *
 * Returns: the estimated period in frames
 */
guint
gait_estimate_period (const double *x,
                      gsize         n)
{
  g_autofree double *broad = NULL;
  g_autofree double *power = NULL;
  g_autofree gint64 *periods = NULL;
  gsize max_period = MIN (n / 3, 512);
  double nperseg_exact;
  gsize nperseg;
  gsize n_periods = 0;
  gsize n_freqs;
  gsize min_i, max_i, first, end;
  double best = 0, keep;
  double weighted = 0, weights = 0;
  gboolean all_zero = TRUE;

  g_return_val_if_fail (x != NULL || n == 0, 0);

  if (max_period < 2)
    return (guint)MAX (max_period, 1);

  broad = g_new (double, n);
  if (!fit_trend (x, n, GAIT_DETREND_MEDIAN, (double)max_period, 2.0, broad, NULL))
    return (guint)max_period;
  for (gsize i = 0; i < n; i++)
    broad[i] = x[i] - broad[i];

  /* periodogram(): nperseg = min(max_period * 2, len / 2), which welch()
   * truncates to an integer.
   */
  nperseg_exact = MIN ((double)max_period * 2.0, (double)n / 2.0);
  nperseg = (gsize)nperseg_exact;
  if (nperseg < 2)
    return (guint)max_period;

  power = welch_spectrum (broad, n, nperseg);
  n_freqs = nperseg / 2 + 1;

  /* Periods of the frequencies after 0, merging equal ones (the most
   * power of each), in descending order.
   */
  periods = g_new (gint64, n_freqs);
  for (gsize f = 1; f < n_freqs; f++)
    {
      double freq = (double)f * (1.0 / (double)nperseg);
      gint64 period = (gint64)nearbyint (1.0 / freq);
      double p = power[f];

      if (n_periods > 0 && periods[n_periods - 1] == period)
        {
          power[n_periods - 1] = MAX (power[n_periods - 1], p);
          continue;
        }

      periods[n_periods] = period;
      power[n_periods] = p;
      n_periods++;
    }

  for (gsize i = 0; i < n_periods; i++)
    {
      if ((double)periods[i] == nperseg_exact)
        power[i] = 0;   /* the artifact at nperseg */
    }

  min_i = 0;
  max_i = 0;
  for (gsize i = 0; i < n_periods; i++)
    {
      if (periods[i] >= (gint64)max_period)
        min_i++;
      if (periods[i] < 4)
        max_i++;
    }

  /* periods[min_i - 1 : -max_i], as Python slices it */
  first = min_i > 0 ? min_i - 1 : n_periods - 1;
  end = max_i > 0 ? n_periods - max_i : 0;

  for (gsize i = first; i < end; i++)
    {
      if (fabs (power[i]) > 1e-8)
        all_zero = FALSE;
      best = MAX (best, power[i]);
    }

  if (all_zero || first >= end)
    return (guint)max_period;

  /* periodogram_peaks(): the best ones, one after another */
  keep = best * 0.9;
  for (;;)
    {
      gsize peak = first;

      for (gsize i = first; i < end; i++)
        {
          if (power[i] > power[peak])
            peak = i;
        }

      if (power[peak] < keep)
        break;

      weighted += (double)periods[peak] * power[peak];
      weights += power[peak];
      power[peak] = 0;
    }

  if (!(weights > 0))
    return (guint)max_period;

  return (guint)MAX (nearbyint (weighted / weights), 1);
}

static gboolean
fit_trend (const double     *x,
           gsize             n,
           GaitDetrendKind   kind,
           double            period,
           double            ptimes,
           double           *trend,
           GError          **error)
{
  double product = period * ptimes;
  gint64 window;

  if (!(product < 1e9))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "A detrending window of %g × %g frames is too long", period, ptimes);
      return FALSE;
    }

  /* (int(period * ptimes) // 2) * 2 - 1: an odd window */
  window = ((gint64)product / 2) * 2 - 1;
  if (window < 3)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "A detrending window of %g × %g frames is too short: "
                   "it needs at least 4 frames", period, ptimes);
      return FALSE;
    }

  if ((gint64)n < window + (kind == GAIT_DETREND_LINE ? 1 : 0))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "A trace of %" G_GSIZE_FORMAT " frames is too short for a "
                   "detrending window of %" G_GINT64_FORMAT " frames", n, window);
      return FALSE;
    }

  switch (kind)
    {
    case GAIT_DETREND_MEDIAN:
      median_filter (x, n, window, trend);
      aglet (trend, n, window);
      break;

    case GAIT_DETREND_MEAN:
      mean_filter (x, n, window, trend);
      aglet (trend, n, window);
      break;

    case GAIT_DETREND_LINE:
      if (!line_filter (x, n, window, trend, error))
        return FALSE;
      break;

    case GAIT_DETREND_SPLINE:
      if (!spline_filter (x, n, n / (gsize)(window * 2) + 1, trend, error))
        return FALSE;
      aglet (trend, n, window);
      break;

    case GAIT_DETREND_NONE:
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/**
 * gait_detrend:
 * @x: (array length=n): a trace, without missing values
 * @n: its length
 * @kind: how to estimate the trend
 * @period: the trace's main period in frames, or 0 to estimate it with
 *   gait_estimate_period()
 * @ptimes: the smoothing window in periods (optimap's default: 2)
 * @retain_baseline: add the mean of the trend back, so that the trace
 *   keeps its level (optimap's default)
 * @out: (out caller-allocates) (array length=n): the detrended trace;
 *   may be @x
 * @error: return location for a #GError
 *
 * optimap's `detrend_timeseries(x, kind, period, ptimes,
 * retain_baseline)`: the trend of the `seasonal` package's `fit_trend()`
 * subtracted from the trace. Its window is the odd number
 * 2 ⌊⌊period × ptimes⌋ / 2⌋ − 1 of frames:
 *
 * - %GAIT_DETREND_MEAN, %GAIT_DETREND_MEDIAN: the moving mean or median
 *   over the window; in the half windows at both ends, where the window
 *   does not fit, the trend is continued as a line with the Theil–Sen
 *   slope of the first and last window.
 * - %GAIT_DETREND_LINE: the Theil–Sen line of the median-filtered trace
 *   (without its ends), through the median of the trace at its middle; a
 *   constant (the median) if the slope's 95 % interval contains 0.
 * - %GAIT_DETREND_SPLINE: a least-squares cubic spline with ⌊n / 2
 *   window⌋ + 1 equally spaced interior knots, ends as for the mean.
 *
 * %GAIT_DETREND_NONE copies @x. Differences to the Python: none intended
 * beyond rounding; the line's Theil–Sen slope is selected without keeping
 * all n² / 2 slopes in memory, so it works for long traces too (slowly).
 *
 * Returns: %TRUE, or %FALSE with @error set to
 *   %GAIT_ERROR_INVALID_ARGUMENT if @x has missing values, the window is
 *   shorter than 3 frames or the trace shorter than the window
 */
gboolean
gait_detrend (const double     *x,
              gsize             n,
              GaitDetrendKind   kind,
              double            period,
              double            ptimes,
              gboolean          retain_baseline,
              double           *out,
              GError          **error)
{
  g_autofree double *trend = NULL;
  double mean = 0;

  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (out != NULL || n == 0, FALSE);
  g_return_val_if_fail (kind <= GAIT_DETREND_SPLINE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (kind == GAIT_DETREND_NONE)
    {
      if (out != x && n > 0)
        memmove (out, x, n * sizeof (double));
      return TRUE;
    }

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (x[i]))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "Cannot detrend a trace with missing values (frame %" G_GSIZE_FORMAT ")",
                       i);
          return FALSE;
        }
    }

  if (!isfinite (period) || period < 0 || !isfinite (ptimes) || ptimes <= 0)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Invalid detrending period %g or window %g", period, ptimes);
      return FALSE;
    }

  if (period == 0)
    period = gait_estimate_period (x, n);

  trend = g_new (double, MAX (n, 1));
  if (!fit_trend (x, n, kind, period, ptimes, trend, error))
    return FALSE;

  if (retain_baseline)
    {
      for (gsize i = 0; i < n; i++)
        mean += trend[i];
      mean /= (double)n;
    }

  for (gsize i = 0; i < n; i++)
    out[i] = retain_baseline ? x[i] - trend[i] + mean : x[i] - trend[i];

  return TRUE;
}

/**
 * gait_trace_processing_init:
 * @processing: the options to fill
 *
 * No detrending and no normalisation; for detrending, optimap's defaults:
 * estimated period, a window of two periods, baseline retained.
 */
void
gait_trace_processing_init (GaitTraceProcessing *processing)
{
  g_return_if_fail (processing != NULL);

  *processing = (GaitTraceProcessing) {
    .detrend = GAIT_DETREND_NONE,
    .period = 0,
    .ptimes = 2,
    .retain_baseline = TRUE,
    .normalise = FALSE,
  };
}

/**
 * gait_trace_process:
 * @self: a #GaitTrace
 * @processing: what to do: detrending (gait_detrend()), then normalisation
 *   (gait_normalise())
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a new trace with the same name, or
 *   %NULL with @error set as gait_detrend() does
 */
GaitTrace *
gait_trace_process (GaitTrace                  *self,
                    const GaitTraceProcessing  *processing,
                    GError                    **error)
{
  g_autofree double *values = NULL;

  g_return_val_if_fail (GAIT_IS_TRACE (self), NULL);
  g_return_val_if_fail (processing != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  values = g_new (double, MAX (self->n_values, 1));
  if (!gait_detrend (self->values, self->n_values, processing->detrend,
                     processing->period, processing->ptimes,
                     processing->retain_baseline, values, error))
    return NULL;

  if (processing->normalise)
    gait_normalise (values, self->n_values, values);

  return trace_new_take (g_strdup (self->name), g_steal_pointer (&values),
                         self->n_values, self->fps);
}

/* CSV */

/**
 * gait_traces_to_csv:
 * @traces: (array length=n_traces): traces
 * @n_traces: their number
 *
 * A table with one row per frame and one column per trace:
 * `frame,time,NAME…`. Times are in seconds (frame / fps, six decimals)
 * with the first trace's frame rate, empty when it is unknown; values
 * have ten significant digits, empty where missing. Traces shorter than
 * the longest have empty cells at the end.
 *
 * Returns: (transfer full): the CSV text
 */
char *
gait_traces_to_csv (GaitTrace * const *traces,
                    guint              n_traces)
{
  GString *out = g_string_new ("frame,time");
  gsize n_rows = 0;
  double fps = 0;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (traces != NULL || n_traces == 0, NULL);

  for (guint k = 0; k < n_traces; k++)
    {
      g_return_val_if_fail (GAIT_IS_TRACE (traces[k]), NULL);

      g_string_append_c (out, ',');
      gait_csv_append_field (out, traces[k]->name);
      n_rows = MAX (n_rows, traces[k]->n_values);
    }
  g_string_append_c (out, '\n');

  if (n_traces > 0)
    fps = traces[0]->fps;

  for (gsize f = 0; f < n_rows; f++)
    {
      g_string_append_printf (out, "%" G_GSIZE_FORMAT ",", f);
      if (fps > 0)
        g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.6f", (double)f / fps));

      for (guint k = 0; k < n_traces; k++)
        {
          g_string_append_c (out, ',');
          if (f < traces[k]->n_values && isfinite (traces[k]->values[f]))
            g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.10g",
                                                   traces[k]->values[f]));
        }

      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/**
 * gait_traces_save_csv:
 * @traces: (array length=n_traces): traces
 * @n_traces: their number
 * @path: the file to write
 * @error: return location for a #GError
 *
 * Writes gait_traces_to_csv() to @path: atomically (a new file renamed
 * over the old one) for a regular file, in place for a device or a named
 * pipe (/dev/stdout, /dev/null).
 *
 * Returns: %TRUE, or %FALSE with @error set (naming @path)
 */
gboolean
gait_traces_save_csv (GaitTrace * const  *traces,
                      guint               n_traces,
                      const char         *path,
                      GError            **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (traces != NULL || n_traces == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = gait_traces_to_csv (traces, n_traces);
  if (text == NULL)
    return FALSE;

  return gait_write_file_atomic (path, text, strlen (text), error);
}
