/* gait-error.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gait-error.h"

G_DEFINE_QUARK (gait-error-quark, gait_error)
