/* gait-enums.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gait-annotation.h"
#include "gait-cycle.h"
#include "gait-enums.h"

/* The nicks are the names gait_method_to_string() and
 * gait_cycle_state_to_string() use, so GValue transforms and the CSV, EAF
 * and session files all spell a value the same way.
 */

G_DEFINE_ENUM_TYPE (GaitMethod, gait_method,
  G_DEFINE_ENUM_VALUE (GAIT_METHOD_TOUCHDOWN, "touchdown"),
  G_DEFINE_ENUM_VALUE (GAIT_METHOD_SEED, "seed"),
  G_DEFINE_ENUM_VALUE (GAIT_METHOD_MANUAL, "manual"))

G_DEFINE_ENUM_TYPE (GaitCycleState, gait_cycle_state,
  G_DEFINE_ENUM_VALUE (GAIT_CYCLE_DETECTED, "detected"),
  G_DEFINE_ENUM_VALUE (GAIT_CYCLE_ACCEPTED, "accepted"),
  G_DEFINE_ENUM_VALUE (GAIT_CYCLE_REJECTED, "rejected"),
  G_DEFINE_ENUM_VALUE (GAIT_CYCLE_EDITED, "edited"),
  G_DEFINE_ENUM_VALUE (GAIT_CYCLE_ADDED, "added"))

G_DEFINE_ENUM_TYPE (GaitBoundary, gait_boundary,
  G_DEFINE_ENUM_VALUE (GAIT_BOUNDARY_START, "start"),
  G_DEFINE_ENUM_VALUE (GAIT_BOUNDARY_END, "end"),
  G_DEFINE_ENUM_VALUE (GAIT_BOUNDARY_LIFTOFF, "liftoff"))
