/* gait-trace.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gait-detector.h"
#include "gait-profile.h"
#include "gait-tracking.h"

G_BEGIN_DECLS

/**
 * GaitTraceWindow:
 * @GAIT_TRACE_WINDOW_RECT: the size × size square around the position;
 *   an even size has no centre pixel, so the square reaches one pixel
 *   further up and left than down and right
 * @GAIT_TRACE_WINDOW_DISC: the pixels whose centre lies within size / 2
 *   of the position's
 * @GAIT_TRACE_WINDOW_PIXEL: the pixel at the position only
 *
 * Which pixels around a position a pixel-intensity trace averages, as
 * optimap's `extract_traces()` defines them.
 */
typedef enum
{
  GAIT_TRACE_WINDOW_RECT,
  GAIT_TRACE_WINDOW_DISC,
  GAIT_TRACE_WINDOW_PIXEL,
} GaitTraceWindow;

/**
 * GaitLandmarkQuantity:
 * @GAIT_LANDMARK_X: the x coordinate as tracked (NAN where missing)
 * @GAIT_LANDMARK_Y: the y coordinate as tracked (NAN where missing)
 * @GAIT_LANDMARK_SPEED: the speed of the landmark: the hoof speed of
 *   gait_hoof_speed() with this one landmark
 *
 * What a landmark trace holds.
 */
typedef enum
{
  GAIT_LANDMARK_X,
  GAIT_LANDMARK_Y,
  GAIT_LANDMARK_SPEED,
} GaitLandmarkQuantity;

/**
 * GaitDetrendKind:
 * @GAIT_DETREND_NONE: no detrending
 * @GAIT_DETREND_MEAN: the trend is a moving mean over the window
 * @GAIT_DETREND_MEDIAN: the trend is a moving median over the window
 * @GAIT_DETREND_LINE: the trend is a line: the Theil–Sen slope of the
 *   median-filtered trace (none if its 95 % interval holds 0)
 * @GAIT_DETREND_SPLINE: the trend is a least-squares cubic spline with
 *   one knot every two windows
 *
 * How gait_detrend() estimates the trend of a trace: the kinds of
 * optimap's `detrend_timeseries()` (the `seasonal` package's
 * `fit_trend()`).
 */
typedef enum
{
  GAIT_DETREND_NONE,
  GAIT_DETREND_MEAN,
  GAIT_DETREND_MEDIAN,
  GAIT_DETREND_LINE,
  GAIT_DETREND_SPLINE,
} GaitDetrendKind;

/**
 * GaitTraceProcessing:
 * @detrend: how to detrend (first)
 * @period: the trace's main period in frames, or 0 to estimate it
 * @ptimes: the smoothing window in periods (optimap: 2)
 * @retain_baseline: add the mean of the trend back (optimap: %TRUE)
 * @normalise: then scale to 0…1 by the trace's minimum and maximum
 *
 * Post-processing of a trace. gait_trace_processing_init() sets
 * optimap's defaults, with neither detrending nor normalisation.
 */
typedef struct
{
  GaitDetrendKind detrend;
  double          period;
  double          ptimes;
  gboolean        retain_baseline;
  gboolean        normalise;
} GaitTraceProcessing;

#define GAIT_TYPE_TRACE (gait_trace_get_type ())

G_DECLARE_FINAL_TYPE (GaitTrace, gait_trace, GAIT, TRACE, GObject)

GaitTrace       *gait_trace_new                 (const char                 *name,
                                                 const double               *values,
                                                 gsize                       n_values,
                                                 double                      fps);
GaitTrace       *gait_trace_new_for_landmark    (GaitTracking               *tracking,
                                                 guint                       landmark,
                                                 GaitLandmarkQuantity        quantity,
                                                 const GaitDetectParams     *params,
                                                 GError                    **error);
GaitTrace       *gait_trace_new_for_limb        (GaitTracking               *tracking,
                                                 GaitProfile                *profile,
                                                 guint                       limb,
                                                 const GaitDetectParams     *params,
                                                 GError                    **error);
GaitTrace       *gait_trace_new_for_signal      (GaitTracking               *tracking,
                                                 GaitProfile                *profile,
                                                 const char                 *spec,
                                                 const GaitDetectParams     *params,
                                                 GError                    **error);
const char      *gait_trace_get_name            (GaitTrace                  *self);
gsize            gait_trace_get_n_values        (GaitTrace                  *self);
const double    *gait_trace_get_values          (GaitTrace                  *self,
                                                 gsize                      *n_values);
double           gait_trace_get_fps             (GaitTrace                  *self);
GaitTrace       *gait_trace_process             (GaitTrace                  *self,
                                                 const GaitTraceProcessing  *processing,
                                                 GError                    **error);

void             gait_trace_processing_init     (GaitTraceProcessing        *processing);
const char      *gait_trace_window_to_string    (GaitTraceWindow             window);
gboolean         gait_trace_window_from_string  (const char                 *str,
                                                 GaitTraceWindow            *window);
const char      *gait_detrend_kind_to_string    (GaitDetrendKind             kind);
gboolean         gait_detrend_kind_from_string  (const char                 *str,
                                                 GaitDetrendKind            *kind);

void             gait_normalise                 (const double               *x,
                                                 gsize                       n,
                                                 double                     *out);
gboolean         gait_detrend                   (const double               *x,
                                                 gsize                       n,
                                                 GaitDetrendKind             kind,
                                                 double                      period,
                                                 double                      ptimes,
                                                 gboolean                    retain_baseline,
                                                 double                     *out,
                                                 GError                    **error);
guint            gait_estimate_period           (const double               *x,
                                                 gsize                       n);
gboolean         gait_theil_sen                 (const double               *y,
                                                 gsize                       n,
                                                 double                     *slope,
                                                 double                     *low_slope,
                                                 double                     *high_slope,
                                                 GError                    **error);

char            *gait_traces_to_csv             (GaitTrace * const          *traces,
                                                 guint                       n_traces);
gboolean         gait_traces_save_csv           (GaitTrace * const          *traces,
                                                 guint                       n_traces,
                                                 const char                 *path,
                                                 GError                    **error);

G_END_DECLS
