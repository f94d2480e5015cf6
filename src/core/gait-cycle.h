/* gait-cycle.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GAIT_METHOD_TOUCHDOWN,
  GAIT_METHOD_SEED,
  GAIT_METHOD_MANUAL,
} GaitMethod;

/**
 * GaitCycleState:
 * @GAIT_CYCLE_DETECTED: found by a detector, not reviewed yet
 * @GAIT_CYCLE_ACCEPTED: a person confirmed it
 * @GAIT_CYCLE_REJECTED: a person rejected it
 * @GAIT_CYCLE_EDITED: a person moved a boundary
 * @GAIT_CYCLE_ADDED: a person added it
 *
 * Where a cycle stands in review. Everything but %GAIT_CYCLE_DETECTED is a
 * person's decision, which re-running detection never replaces.
 */
typedef enum
{
  GAIT_CYCLE_DETECTED,
  GAIT_CYCLE_ACCEPTED,
  GAIT_CYCLE_REJECTED,
  GAIT_CYCLE_EDITED,
  GAIT_CYCLE_ADDED,
} GaitCycleState;

/**
 * GaitCycle:
 * @limb: interned limb name (g_intern_string()), never freed
 * @start: touch-down frame that starts the cycle
 * @end: next touch-down frame of the same limb, which ends it
 * @liftoff: frame where stance ends and swing begins, or -1 if unknown
 * @procrustes: Procrustes distance between the postures at @start and @end,
 *   NAN when fewer than three usable landmarks were available
 * @n_landmarks: landmarks that entered the Procrustes distance
 * @confidence: 0…1, how sure the detector is; NAN where the method has none
 * @stride_length: distance (px) the limb's distal point travelled over the
 *   cycle relative to the ground, NAN if unknown
 * @method: what produced the cycle
 * @state: where the cycle stands in review
 *
 * One stride cycle of one limb. Frames are 0-based row indices of the
 * tracking file.
 */
typedef struct
{
  const char *limb;
  gint64      start;
  gint64      end;
  gint64      liftoff;
  double      procrustes;
  guint       n_landmarks;
  double      confidence;
  double      stride_length;
  GaitMethod  method;
  GaitCycleState state;
} GaitCycle;

const char *gait_method_to_string   (GaitMethod   method);
gboolean    gait_method_from_string (const char  *str,
                                     GaitMethod  *method);
const char *gait_cycle_state_to_string   (GaitCycleState  state);
gboolean    gait_cycle_state_from_string (const char     *str,
                                          GaitCycleState *state);
void        gait_cycle_init         (GaitCycle   *cycle,
                                     const char  *limb,
                                     gint64       start,
                                     gint64       end);
int         gait_cycle_compare      (gconstpointer a,
                                     gconstpointer b);
double      gait_cycle_duty_factor  (const GaitCycle *cycle);

G_END_DECLS
