/* gait-window.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gait-annotation-store.h"
#include "gait-application.h"
#include "gait-session.h"

G_BEGIN_DECLS

#define GAIT_TYPE_WINDOW (gait_window_get_type ())

G_DECLARE_FINAL_TYPE (GaitWindow, gait_window, GAIT, WINDOW, AdwApplicationWindow)

GaitWindow          *gait_window_new              (GaitApplication *application);
void                 gait_window_open             (GaitWindow      *self,
                                                   const char      *video_path,
                                                   const char      *tracking_path);
gboolean             gait_window_open_files       (GaitWindow      *self,
                                                   GFile * const   *files,
                                                   guint            n_files);
gboolean             gait_window_is_tracking_file (const char      *path);
GaitSession         *gait_window_get_session      (GaitWindow      *self);
GaitAnnotationStore *gait_window_get_store        (GaitWindow      *self);
gboolean             gait_window_is_busy          (GaitWindow      *self);
const char          *gait_window_get_session_path (GaitWindow      *self);

G_END_DECLS
