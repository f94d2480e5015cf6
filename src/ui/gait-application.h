/* gait-application.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GAIT_TYPE_APPLICATION (gait_application_get_type ())

G_DECLARE_FINAL_TYPE (GaitApplication, gait_application, GAIT, APPLICATION, AdwApplication)

GaitApplication *gait_application_new (void);

G_END_DECLS
