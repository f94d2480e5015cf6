/* gait-detector-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gait-tracking.h"

G_BEGIN_DECLS

/* The Procrustes comparison of two postures: @a and @b are scratch space
 * for 2 × @n_landmarks doubles each. */
typedef struct
{
  GaitTracking *tracking;
  const guint  *landmarks;
  guint         n_landmarks;
  double        cutoff;
  double       *a;
  double       *b;
} GaitPostureComparison;

double _gait_posture_distance (GaitPostureComparison *c,
                               gsize                  f1,
                               gsize                  f2,
                               guint                 *n_used,
                               gboolean              *any_nan);

G_END_DECLS
