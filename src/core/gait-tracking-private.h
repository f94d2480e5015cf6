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

/* For readers of other formats (gait-tracking-hdf5.c): positions 0 and
 * likelihoods 0, to be filled with the mutable getters; %NULL if the
 * storage cannot be allocated. */
GaitTracking *_gait_tracking_new_for_reader (guint               n_frames,
                                             guint               n_landmarks,
                                             const char * const *names,
                                             const char * const *individuals,
                                             const char         *individual,
                                             const char         *scorer,
                                             gboolean            has_likelihood);

/* gait-tracking-hdf5.c: DeepLabCut (pandas HDFStore) and SLEAP analysis
 * HDF5 files. */
gboolean      _gait_tracking_is_hdf5        (const char         *path,
                                             const char         *data,
                                             gsize               length);
GaitTracking *_gait_tracking_new_from_hdf5  (const char         *path,
                                             const char         *display_name,
                                             const char         *individual,
                                             GError            **error);

/* gait-tracking-isolated.c: HDF5 read in a child process */
GaitTracking *_gait_tracking_new_from_hdf5_isolated (const char   *path,
                                                     const char   *display_name,
                                                     const char   *individual,
                                                     GError      **error);
guint         _gait_tracking_hdf5_time_limit        (const char   *path);
gboolean      _gait_tracking_write_to_fd            (GaitTracking *self,
                                                     int           fd);
gboolean      _gait_tracking_write_error_to_fd      (const GError *error,
                                                     int           fd);

G_END_DECLS
