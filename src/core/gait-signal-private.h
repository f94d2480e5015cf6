/* gait-signal-private.h: small numeric helpers the core's files share
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int      _gait_compare_doubles (const void *a,
                                const void *b);
gsize    _gait_sort_finite     (double     *v,
                                gsize       n);
double   _gait_median_in_place (double     *v,
                                gsize       n);
gboolean _gait_fill_gaps       (double     *v,
                                gsize       n);

G_END_DECLS
