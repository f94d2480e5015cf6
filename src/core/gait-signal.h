/* gait-signal.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One-dimensional signal processing, numerically faithful to the
 * SciPy/NumPy/scikit-image functions named on each entry point.
 */

/**
 * GaitPeak:
 * @row: row of the peak (the first index, as in scikit-image)
 * @col: column of the peak
 *
 * One local maximum found by gait_peak_local_max().
 */
typedef struct
{
  guint row;
  guint col;
} GaitPeak;

gboolean gait_savgol_filter       (const double  *x,
                                   gsize          n,
                                   guint          window_length,
                                   guint          polyorder,
                                   guint          deriv,
                                   double         delta,
                                   double        *out,
                                   GError       **error);
void     gait_gradient            (const double  *x,
                                   gsize          n,
                                   double         spacing,
                                   double        *out);
void     gait_ricker              (double        *out,
                                   gsize          points,
                                   double         a);
gboolean gait_cwt_ricker          (const double  *x,
                                   gsize          n,
                                   const double  *widths,
                                   gsize          n_widths,
                                   double        *out,
                                   GError       **error);
GArray  *gait_peak_local_max      (const double  *image,
                                   gsize          rows,
                                   gsize          cols,
                                   guint          min_distance,
                                   gboolean       exclude_border);
double   gait_procrustes_distance (const double  *a,
                                   const double  *b,
                                   gsize          n_points);

G_END_DECLS
