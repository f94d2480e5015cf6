/* gait-video-view.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gait-session.h"

G_BEGIN_DECLS

#define GAIT_TYPE_VIDEO_VIEW (gait_video_view_get_type ())

G_DECLARE_FINAL_TYPE (GaitVideoView, gait_video_view, GAIT, VIDEO_VIEW, GtkWidget)

GtkWidget   *gait_video_view_new              (void);
GaitSession *gait_video_view_get_session      (GaitVideoView *self);
void         gait_video_view_set_session      (GaitVideoView *self,
                                               GaitSession   *session);
gint64       gait_video_view_get_shown_frame  (GaitVideoView *self);
guint        gait_video_view_get_trail_length (GaitVideoView *self);
void         gait_video_view_set_trail_length (GaitVideoView *self,
                                               guint          frames);
gboolean     gait_video_view_get_show_legend  (GaitVideoView *self);
void         gait_video_view_set_show_legend  (GaitVideoView *self,
                                               gboolean       show);
int          gait_video_view_landmark_near    (GaitVideoView *self,
                                               double         x,
                                               double         y);
int          gait_video_view_trace_at         (GaitVideoView *self,
                                               double         x,
                                               double         y);
gboolean     gait_video_view_get_content_size (GaitVideoView *self,
                                               double        *width,
                                               double        *height);
void         gait_video_view_draw_frame       (GaitVideoView *self,
                                               cairo_t       *cr,
                                               double         scale,
                                               GdkTexture    *picture);

G_END_DECLS
