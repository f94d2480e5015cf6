/* gait-metrics.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gait-cycle.h"
#include "gait-detector.h"
#include "gait-profile.h"
#include "gait-tracking.h"

G_BEGIN_DECLS

/**
 * GaitMetricsParams:
 * @fps: frames per second; 0 when unknown (times, frequencies and speeds
 *   are then NAN, frame counts remain)
 * @mm_per_px: image scale for millimetre columns; 0 when unknown
 * @likelihood_cutoff: landmarks enter the Procrustes distance when their
 *   likelihood exceeds this at both frames (0.9, the blog's)
 * @touchdown_frames: a touch-down's foot position is the median over this
 *   many frames from the touch-down on (3)
 * @treadmill: the animal walks on a treadmill: the belt's motion, measured
 *   from the foot during the cycle's stance, is added to the stride length
 * @max_lag: largest lag (frames) of the hoof-speed cross-correlation in the
 *   summary; 0: half the median cycle duration of the reference limb
 * @hoof: hoof speed smoothing for the cross-correlation (the detector's
 *   seed defaults)
 * @xcorr_start: first frame of the hoof-speed cross-correlation; negative
 *   (the default): from the first used cycle of either limb of the pair
 * @xcorr_end: frame after its last; negative (the default): to the end of
 *   the last used cycle of either limb
 *
 * How gait_metrics_compute() measures cycles; gait_metrics_params_init()
 * fills in the defaults.
 */
typedef struct
{
  double           fps;
  double           mm_per_px;
  double           likelihood_cutoff;
  guint            touchdown_frames;
  gboolean         treadmill;
  guint            max_lag;
  GaitDetectParams hoof;
  gint64           xcorr_start;
  gint64           xcorr_end;
} GaitMetricsParams;

/**
 * GaitCycleMetrics:
 * @limb: the limb (interned)
 * @start: touch-down frame that starts the cycle
 * @end: touch-down frame that ends it
 * @liftoff: lift-off frame, or -1
 * @state: its review state
 * @used: whether it counts in summaries: not rejected and, when any cycle
 *   of the table has been reviewed, accepted, edited or added
 * @frames: @end − @start
 * @duration: @frames / fps (s)
 * @stride_frequency: 1 / @duration (Hz)
 * @stance: (@liftoff − @start) / fps (s)
 * @swing: (@end − @liftoff) / fps (s)
 * @duty_factor: @stance / @duration
 * @stride_length_px: distance between the foot's positions at the two
 *   touch-downs (plus the belt's travel on a treadmill), px
 * @stride_length_mm: the same in mm (needs a scale)
 * @speed_px: @stride_length_px / @duration (px/s)
 * @speed_mm: @stride_length_mm / @duration (mm/s)
 * @procrustes: Procrustes distance between the postures at @start and @end
 * @n_landmarks: landmarks that entered it
 *
 * The measurements of one cycle; unknown values are NAN.
 */
typedef struct
{
  const char    *limb;
  gint64         start;
  gint64         end;
  gint64         liftoff;
  GaitCycleState state;
  gboolean       used;
  gint64         frames;
  double         duration;
  double         stride_frequency;
  double         stance;
  double         swing;
  double         duty_factor;
  double         stride_length_px;
  double         stride_length_mm;
  double         speed_px;
  double         speed_mm;
  double         procrustes;
  guint          n_landmarks;
} GaitCycleMetrics;

/**
 * GaitInterlimb:
 * @limb: the reference limb A
 * @other: the other limb B
 * @n_cycles: A's cycles counted (the used ones)
 * @n_phases: those in which B touched down
 * @mean_phase: circular mean of the phase (0…1) of B's touch-down within
 *   A's cycles
 * @vector_strength: mean resultant length of those phases (0…1; 1: always
 *   the same phase)
 * @xcorr_lag: lag (frames) of the peak of the normalised cross-correlation
 *   of A's and B's hoof speeds: B's follows A's by this many frames
 * @xcorr_peak: the correlation there (−1…1)
 * @xcorr_phase: @xcorr_lag over A's median cycle duration, in 0…1: the
 *   same phase, measured from the signals instead of the touch-downs
 * @xcorr_start: first frame the cross-correlation covered (-1: none)
 * @xcorr_end: the frame after its last
 * @max_lag: the largest lag of @xcorr
 * @xcorr: (array) (nullable): the normalised cross-correlation, −1…1, at
 *   every lag from −@max_lag to @max_lag (lag k at @xcorr[@max_lag + k]);
 *   %NULL when unknown. Owned by the #GaitMetrics.
 *
 * Coordination of two limbs. Unknown values are NAN (@xcorr_lag: 0).
 */
typedef struct
{
  const char *limb;
  const char *other;
  guint       n_cycles;
  guint       n_phases;
  double      mean_phase;
  double      vector_strength;
  int         xcorr_lag;
  double      xcorr_peak;
  double      xcorr_phase;
  gint64      xcorr_start;
  gint64      xcorr_end;
  guint       max_lag;
  const double *xcorr;
} GaitInterlimb;

typedef struct _GaitMetrics GaitMetrics;

#define GAIT_TYPE_METRICS (gait_metrics_get_type ())

void                    gait_metrics_params_init     (GaitMetricsParams        *params);

double                  gait_interlimb_phase         (gint64                    start,
                                                      gint64                    end,
                                                      const gint64             *touchdowns,
                                                      gsize                     n_touchdowns);
gboolean                gait_circular_mean           (const double             *phases,
                                                      gsize                     n,
                                                      double                   *mean,
                                                      double                   *strength);
gboolean                gait_hoof_xcorr              (GaitTracking             *tracking,
                                                      GaitProfile              *profile,
                                                      guint                     limb_a,
                                                      guint                     limb_b,
                                                      gint64                    start,
                                                      gint64                    end,
                                                      guint                     max_lag,
                                                      const GaitDetectParams   *params,
                                                      double                   *out,
                                                      int                      *peak_lag,
                                                      GError                  **error);

GType                   gait_metrics_get_type        (void) G_GNUC_CONST;
GaitMetrics            *gait_metrics_compute         (GaitTracking             *tracking,
                                                      GaitProfile              *profile,
                                                      const GaitCycle          *cycles,
                                                      gsize                     n_cycles,
                                                      const GaitMetricsParams  *params,
                                                      GCancellable             *cancellable,
                                                      GError                  **error);
GaitMetrics            *gait_metrics_ref             (GaitMetrics              *self);
void                    gait_metrics_unref           (GaitMetrics              *self);
gsize                   gait_metrics_get_n_cycles    (GaitMetrics              *self);
const GaitCycleMetrics *gait_metrics_get_cycle       (GaitMetrics              *self,
                                                      gsize                     index);
guint                   gait_metrics_get_n_limbs     (GaitMetrics              *self);
const char             *gait_metrics_get_limb        (GaitMetrics              *self,
                                                      guint                     limb);
double                  gait_metrics_get_phase       (GaitMetrics              *self,
                                                      gsize                     index,
                                                      guint                     other);
guint                   gait_metrics_get_n_interlimb (GaitMetrics              *self);
const GaitInterlimb    *gait_metrics_get_interlimb   (GaitMetrics              *self,
                                                      guint                     index);
const GaitInterlimb    *gait_metrics_find_interlimb  (GaitMetrics              *self,
                                                      const char               *limb,
                                                      const char               *other);
char                   *gait_metrics_to_csv          (GaitMetrics              *self);
char                   *gait_metrics_summary_to_csv  (GaitMetrics              *self);
char                   *gait_metrics_xcorr_to_csv    (GaitMetrics              *self);

GaitCycle              *gait_cycles_parse_csv        (const char               *data,
                                                      gssize                    length,
                                                      const char               *display_name,
                                                      gsize                    *n_cycles,
                                                      GError                  **error);
GaitCycle              *gait_cycles_load_csv         (const char               *path,
                                                      gsize                    *n_cycles,
                                                      GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GaitMetrics, gait_metrics_unref)

G_END_DECLS
