/* gait-synth.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gait-cycle.h"
#include "gait-profile.h"
#include "gait-tracking.h"

G_BEGIN_DECLS

typedef enum
{
  GAIT_SYNTH_PIGLET,   /* the blog's 17 landmarks */
  GAIT_SYNTH_MOUSE,    /* AutoGaitA's 15 landmarks */
  GAIT_SYNTH_MINIMAL,  /* nose and two paws */
} GaitSynthBody;

/**
 * GaitSynthParams:
 * @seed: random seed; equal parameters give equal recordings
 * @body: which landmark set to draw
 * @fps: frames per second
 * @n_frames: length of the recording
 * @treadmill: stance feet move backwards at belt speed; the body stays put
 * @walking_fraction: share of time spent in walking bouts (0…1)
 * @stride_frequency: mean stride frequency in Hz (varies ±25 % between bouts)
 * @duty_factor: mean fraction of a cycle in stance
 * @noise_px: SD of Gaussian noise on every coordinate
 * @dropout_rate: per landmark and second, how often a low-likelihood
 *   stretch (1–10 frames, coordinates wrong) starts
 * @outlier_rate: per landmark and frame, probability of a confident
 *   (likelihood > 0.95) single-frame outlier 30–120 px away
 * @occlusion_rate: per limb and second, how often one of its distal
 *   landmarks is hidden for 0.1–0.4 s
 * @fidget_rate: per second of standing, how often a foot is lifted and set
 *   down again nearby (not a stride)
 *
 * Parameters of a synthetic DeepLabCut recording with known touch-downs.
 */
typedef struct
{
  guint32        seed;
  GaitSynthBody  body;
  double         fps;
  guint          n_frames;
  gboolean       treadmill;
  double         walking_fraction;
  double         stride_frequency;
  double         duty_factor;
  double         noise_px;
  double         dropout_rate;
  double         outlier_rate;
  double         occlusion_rate;
  double         fidget_rate;
} GaitSynthParams;

void          gait_synth_params_init    (GaitSynthParams        *params);
void          gait_synth_params_vary    (GaitSynthParams        *params,
                                         guint32                 seed);
GaitTracking *gait_synth_generate       (const GaitSynthParams  *params,
                                         GaitProfile           **profile,
                                         GArray                **truth);

/**
 * GaitScore:
 * @n_truth: true cycles
 * @n_detected: detected cycles
 * @n_matched: detections matching a true cycle of the same limb with both
 *   boundaries within the tolerance (one-to-one)
 * @precision: @n_matched / @n_detected
 * @recall: @n_matched / @n_truth
 * @f1: harmonic mean of precision and recall
 * @median_error: median absolute boundary error (frames) of matched cycles,
 *   over starts and ends together
 * @mean_error: mean of the same
 */
typedef struct
{
  guint  n_truth;
  guint  n_detected;
  guint  n_matched;
  double precision;
  double recall;
  double f1;
  double median_error;
  double mean_error;
} GaitScore;

void          gait_score_cycles         (const GaitCycle        *detected,
                                         gsize                   n_detected,
                                         const GaitCycle        *truth,
                                         gsize                   n_truth,
                                         guint                   tolerance,
                                         GaitScore              *score);

G_END_DECLS
