/* gait-tracking-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gait-tracking.h"

G_BEGIN_DECLS

/* Room for the longest text _gait_tracking_format_double() writes. */
#define GAIT_TRACKING_DOUBLE_BUF 40

gboolean _gait_tracking_parse_double  (const char *str,
                                       gsize       length,
                                       double     *value);
gsize    _gait_tracking_format_double (double      value,
                                       char       *buf);

G_END_DECLS
