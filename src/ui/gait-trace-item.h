/* gait-trace-item.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gait-trace.h"
#include "gait-tracking.h"

G_BEGIN_DECLS

/**
 * GaitTraceItemKind:
 * @GAIT_TRACE_ITEM_LANDMARK: a tracked landmark's x, y and speed
 * @GAIT_TRACE_ITEM_INTENSITY: the mean pixel intensity in a window
 *
 * What a trace added on the video follows.
 */
typedef enum
{
  GAIT_TRACE_ITEM_LANDMARK,
  GAIT_TRACE_ITEM_INTENSITY,
} GaitTraceItemKind;

#define GAIT_TYPE_TRACE_ITEM (gait_trace_item_get_type ())

G_DECLARE_FINAL_TYPE (GaitTraceItem, gait_trace_item, GAIT, TRACE_ITEM, GObject)

GaitTraceItem     *gait_trace_item_new_landmark    (GaitTracking          *tracking,
                                                    guint                  landmark,
                                                    const GaitDetectParams *params,
                                                    GError               **error);
GaitTraceItem     *gait_trace_item_new_intensity   (double                 x,
                                                    double                 y,
                                                    GaitTraceWindow        window,
                                                    guint                  size);
GaitTraceItemKind  gait_trace_item_get_kind        (GaitTraceItem         *self);
const char        *gait_trace_item_get_name        (GaitTraceItem         *self);
double             gait_trace_item_get_x           (GaitTraceItem         *self);
double             gait_trace_item_get_y           (GaitTraceItem         *self);
int                gait_trace_item_get_pixel_x     (GaitTraceItem         *self);
int                gait_trace_item_get_pixel_y     (GaitTraceItem         *self);
GaitTraceWindow    gait_trace_item_get_window      (GaitTraceItem         *self);
guint              gait_trace_item_get_size        (GaitTraceItem         *self);
guint              gait_trace_item_get_landmark    (GaitTraceItem         *self);
void               gait_trace_item_get_color       (GaitTraceItem         *self,
                                                    double                *r,
                                                    double                *g,
                                                    double                *b);
void               gait_trace_item_set_color_index (GaitTraceItem         *self,
                                                    guint                  index);
gboolean           gait_trace_item_get_ready       (GaitTraceItem         *self);
void               gait_trace_item_set_raw         (GaitTraceItem         *self,
                                                    GaitTrace             *trace);
gboolean           gait_trace_item_get_normalise   (GaitTraceItem         *self);
void               gait_trace_item_set_normalise   (GaitTraceItem         *self,
                                                    gboolean               normalise);
gboolean           gait_trace_item_get_detrend     (GaitTraceItem         *self);
void               gait_trace_item_set_detrend     (GaitTraceItem         *self,
                                                    gboolean               detrend);
guint              gait_trace_item_get_n_columns   (GaitTraceItem         *self);
GaitTrace         *gait_trace_item_get_column      (GaitTraceItem         *self,
                                                    guint                  column);
GaitTrace         *gait_trace_item_get_lane_trace  (GaitTraceItem         *self);
gboolean           gait_trace_item_get_lane_range  (GaitTraceItem         *self,
                                                    double                *lo,
                                                    double                *hi);

G_END_DECLS
