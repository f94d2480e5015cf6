/* gait-detector.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gait-cycle.h"
#include "gait-profile.h"
#include "gait-tracking.h"

G_BEGIN_DECLS

/**
 * GaitDetectParams:
 * @method: which detector to run
 * @fps: frames per second, or 0 if unknown (the touchdown method then
 *   works in frames only)
 * @likelihood_cutoff: below this a landmark counts as not seen (touchdown
 *   method) or is left out of Procrustes (seed method; the blog's 0.9)
 * @savgol_window: hoof speed smoothing window (seed: 15)
 * @savgol_order: its polynomial order (seed: 3)
 * @gradient_spacing: spacing passed to the gradient (seed: 5)
 * @threshold: minimum hoof speed at a CWT peak (seed: 1.0)
 * @min_width: smallest Ricker width (seed: 1)
 * @max_width: largest Ricker width (seed: 15)
 * @min_distance: peak_local_max min_distance (seed: 4)
 * @min_peak_width: peaks must be wider than this (seed: 2)
 * @max_interval: largest frame distance of consecutive peaks (seed: 120)
 * @max_width_diff: largest width increase of consecutive peaks (seed: 6)
 * @min_landmarks: landmarks needed for a Procrustes comparison (seed: 6;
 *   fewer when the profile names fewer)
 *
 * Detection parameters. gait_detect_params_init() fills in the defaults.
 */
typedef struct
{
  GaitMethod method;
  double     fps;
  double     likelihood_cutoff;
  guint      savgol_window;
  guint      savgol_order;
  double     gradient_spacing;
  double     threshold;
  guint      min_width;
  guint      max_width;
  guint      min_distance;
  guint      min_peak_width;
  guint      max_interval;
  guint      max_width_diff;
  guint      min_landmarks;
} GaitDetectParams;

void     gait_detect_params_init (GaitDetectParams       *params,
                                  GaitMethod              method);
void     gait_limb_position      (GaitTracking           *tracking,
                                  const guint            *landmarks,
                                  guint                   n_landmarks,
                                  double                 *px,
                                  double                 *py);
gboolean gait_hoof_speed         (GaitTracking           *tracking,
                                  const guint            *landmarks,
                                  guint                   n_landmarks,
                                  const GaitDetectParams *params,
                                  double                 *out,
                                  GError                **error);
gboolean gait_hoof_scalogram     (const double           *speed,
                                  gsize                   n,
                                  const GaitDetectParams *params,
                                  double                 *out,
                                  GError                **error);
GArray  *gait_detect             (GaitTracking           *tracking,
                                  GaitProfile            *profile,
                                  const GaitDetectParams *params,
                                  GCancellable           *cancellable,
                                  GError                **error);

G_END_DECLS
