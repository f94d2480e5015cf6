/* gait-session-file.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gait-annotation-store.h"
#include "gait-detector.h"

G_BEGIN_DECLS

/**
 * GAIT_SESSION_FILE_SUFFIX:
 *
 * What gait_session_file_path_for_tracking() appends to the tracking file.
 */
#define GAIT_SESSION_FILE_SUFFIX ".gaitline"

/**
 * GAIT_SESSION_FILE_VERSION:
 *
 * The session file format this version writes, and the newest it reads.
 */
#define GAIT_SESSION_FILE_VERSION 1

/**
 * GaitSessionInfo:
 * @tracking: (nullable): the tracking file, absolute or relative to the
 *   working directory; stored relative to the session file
 * @video: (nullable): the video, likewise
 * @fps: frames per second, or 0 if unknown
 * @profile: (nullable): the name of the landmark profile
 * @mm_per_px: the image scale the user gave for gait metrics in mm, or 0
 * @has_params: whether @params holds the detection parameters
 * @params: the parameters of the last detection
 * @traces: (element-type GStrv) (nullable): the traces the user added, in
 *   lane order, each as the list of fields that defines it (the review
 *   window's business: the session file only keeps them, as [Traces])
 *
 * What a session file holds besides the cycles. Initialise with
 * gait_session_info_init(), free the members with gait_session_info_clear().
 */
typedef struct
{
  char             *tracking;
  char             *video;
  double            fps;
  char             *profile;
  double            mm_per_px;
  gboolean          has_params;
  GaitDetectParams  params;
  GPtrArray        *traces;
} GaitSessionInfo;

void      gait_session_info_init              (GaitSessionInfo        *info);
void      gait_session_info_clear             (GaitSessionInfo        *info);

char     *gait_session_file_path_for_tracking (const char             *tracking);
char     *gait_session_file_backup_path       (const char             *path);

char     *gait_session_file_to_data           (const char             *path,
                                               const GaitSessionInfo  *info,
                                               GaitAnnotationStore    *store,
                                               gsize                  *length,
                                               GError                **error);
gboolean  gait_session_file_write             (const char             *path,
                                               const char             *data,
                                               gsize                   length,
                                               GError                **error);
gboolean  gait_session_file_save              (const char             *path,
                                               const GaitSessionInfo  *info,
                                               GaitAnnotationStore    *store,
                                               GError                **error);
void      gait_session_file_save_async        (const char             *path,
                                               const GaitSessionInfo  *info,
                                               GaitAnnotationStore    *store,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
gboolean  gait_session_file_save_finish       (GAsyncResult           *result,
                                               GError                **error);

gboolean  gait_session_file_load              (const char             *path,
                                               GaitSessionInfo        *info,
                                               GaitAnnotationStore    *store,
                                               GError                **error);
gboolean  gait_session_file_load_data         (const char             *data,
                                               gsize                   length,
                                               const char             *path,
                                               GaitSessionInfo        *info,
                                               GaitAnnotationStore    *store,
                                               GError                **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GaitSessionInfo, gait_session_info_clear)

G_END_DECLS
