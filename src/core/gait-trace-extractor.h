/* gait-trace-extractor.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gait-trace.h"

G_BEGIN_DECLS

#define GAIT_TYPE_TRACE_EXTRACTOR (gait_trace_extractor_get_type ())

G_DECLARE_FINAL_TYPE (GaitTraceExtractor, gait_trace_extractor, GAIT, TRACE_EXTRACTOR, GObject)

GaitTraceExtractor *gait_trace_extractor_new          (const char           *path,
                                                       GError              **error);
const char         *gait_trace_extractor_get_path     (GaitTraceExtractor   *self);
int                 gait_trace_extractor_get_width    (GaitTraceExtractor   *self);
int                 gait_trace_extractor_get_height   (GaitTraceExtractor   *self);
double              gait_trace_extractor_get_fps      (GaitTraceExtractor   *self);
gboolean            gait_trace_extractor_add          (GaitTraceExtractor   *self,
                                                       const char           *name,
                                                       int                   x,
                                                       int                   y,
                                                       GaitTraceWindow       window,
                                                       guint                 size,
                                                       GError              **error);
guint               gait_trace_extractor_get_n_traces (GaitTraceExtractor   *self);
double              gait_trace_extractor_get_fraction (GaitTraceExtractor   *self);
GPtrArray          *gait_trace_extractor_run          (GaitTraceExtractor   *self,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
void                gait_trace_extractor_run_async    (GaitTraceExtractor   *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray          *gait_trace_extractor_run_finish   (GaitTraceExtractor   *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
