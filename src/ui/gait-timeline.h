/* gait-timeline.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gait-annotation-store.h"
#include "gait-session.h"

G_BEGIN_DECLS

#define GAIT_TYPE_TIMELINE (gait_timeline_get_type ())

G_DECLARE_FINAL_TYPE (GaitTimeline, gait_timeline, GAIT, TIMELINE, GtkWidget)

GtkWidget           *gait_timeline_new         (void);
GaitSession         *gait_timeline_get_session (GaitTimeline        *self);
void                 gait_timeline_set_session (GaitTimeline        *self,
                                                GaitSession         *session);
GaitAnnotationStore *gait_timeline_get_store   (GaitTimeline        *self);
void                 gait_timeline_set_store   (GaitTimeline        *self,
                                                GaitAnnotationStore *store);
double               gait_timeline_frame_to_x  (GaitTimeline        *self,
                                                double               frame);
double               gait_timeline_x_to_frame  (GaitTimeline        *self,
                                                double               x);
gboolean             gait_timeline_get_lane    (GaitTimeline        *self,
                                                const char          *kind,
                                                guint                limb,
                                                graphene_rect_t     *area);
void                 gait_timeline_draw        (GaitTimeline        *self,
                                                cairo_t             *cr,
                                                const GdkRGBA       *fg);

G_END_DECLS
