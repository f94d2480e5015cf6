/* gait-tracking.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GAIT_TYPE_TRACKING (gait_tracking_get_type ())

G_DECLARE_FINAL_TYPE (GaitTracking, gait_tracking, GAIT, TRACKING, GObject)

/*
 * Per-frame landmark positions from pose tracking (DeepLabCut).
 *
 * Storage is one contiguous double array per channel: for landmark L the
 * x, y and likelihood of frame F are x[F], y[F], likelihood[F] with the
 * arrays returned by the getters below. Missing values are NAN (x, y) and
 * 0.0 (likelihood). An object is immutable once loaded.
 */

GaitTracking       *gait_tracking_new                   (guint                 n_frames,
                                                         guint                 n_landmarks,
                                                         const char * const   *names);
GaitTracking       *gait_tracking_new_from_file         (const char           *path,
                                                         const char           *individual,
                                                         GError              **error);
GaitTracking       *gait_tracking_new_from_data         (const char           *data,
                                                         gsize                 length,
                                                         const char           *display_name,
                                                         const char           *individual,
                                                         GError              **error);
gboolean            gait_tracking_save_csv              (GaitTracking         *self,
                                                         const char           *path,
                                                         GError              **error);
guint               gait_tracking_get_n_frames          (GaitTracking         *self);
guint               gait_tracking_get_n_landmarks       (GaitTracking         *self);
const char         *gait_tracking_get_landmark_name     (GaitTracking         *self,
                                                         guint                 landmark);
int                 gait_tracking_find_landmark         (GaitTracking         *self,
                                                         const char           *name);
char               *gait_tracking_dup_landmark_list     (GaitTracking         *self);
const double       *gait_tracking_get_x                 (GaitTracking         *self,
                                                         guint                 landmark);
const double       *gait_tracking_get_y                 (GaitTracking         *self,
                                                         guint                 landmark);
const double       *gait_tracking_get_likelihood        (GaitTracking         *self,
                                                         guint                 landmark);
double             *gait_tracking_get_x_mutable         (GaitTracking         *self,
                                                         guint                 landmark);
double             *gait_tracking_get_y_mutable         (GaitTracking         *self,
                                                         guint                 landmark);
double             *gait_tracking_get_likelihood_mutable (GaitTracking        *self,
                                                         guint                 landmark);
gboolean            gait_tracking_has_likelihood        (GaitTracking         *self);
const char         *gait_tracking_get_scorer            (GaitTracking         *self);
const char         *gait_tracking_get_individual        (GaitTracking         *self);
const char * const *gait_tracking_get_individuals       (GaitTracking         *self);
const char         *gait_tracking_get_path              (GaitTracking         *self);

G_END_DECLS
