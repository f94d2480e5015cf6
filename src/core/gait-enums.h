/* gait-enums.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* GTypes of the core's plain C enums, for properties and GtkExpressions. */

#define GAIT_TYPE_METHOD      (gait_method_get_type ())
#define GAIT_TYPE_CYCLE_STATE (gait_cycle_state_get_type ())
#define GAIT_TYPE_BOUNDARY    (gait_boundary_get_type ())

GType gait_method_get_type      (void) G_GNUC_CONST;
GType gait_cycle_state_get_type (void) G_GNUC_CONST;
GType gait_boundary_get_type    (void) G_GNUC_CONST;

G_END_DECLS
