/* gait-recording.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gait-detector.h"
#include "gait-media.h"
#include "gait-profile.h"
#include "gait-signal.h"
#include "gait-tracking.h"
#include "gait-video-decoder.h"

G_BEGIN_DECLS

#define GAIT_TYPE_RECORDING (gait_recording_get_type ())

G_DECLARE_FINAL_TYPE (GaitRecording, gait_recording, GAIT, RECORDING, GObject)

GaitRecording *gait_recording_load             (const char           *video_path,
                                                const char           *tracking_path,
                                                GCancellable         *cancellable,
                                                GError              **error);
void           gait_recording_load_async       (const char           *video_path,
                                                const char           *tracking_path,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GaitRecording *gait_recording_load_finish      (GAsyncResult         *result,
                                                GError              **error);
char          *gait_recording_find_tracking    (const char           *video_path);
char          *gait_recording_find_video       (const char           *tracking_path);
const char    *gait_recording_get_video_path    (GaitRecording        *self);
const char    *gait_recording_get_tracking_path (GaitRecording        *self);
GaitTracking  *gait_recording_get_tracking     (GaitRecording        *self);
GaitProfile   *gait_recording_get_profile      (GaitRecording        *self);
GaitVideoDecoder *gait_recording_get_decoder   (GaitRecording        *self);
const GaitMediaInfo *gait_recording_get_media_info (GaitRecording    *self);
gint64         gait_recording_get_n_frames     (GaitRecording        *self);
double         gait_recording_get_fps          (GaitRecording        *self);
const char    *gait_recording_get_warning      (GaitRecording        *self);
guint          gait_recording_get_n_limbs      (GaitRecording        *self);
const double  *gait_recording_get_speed        (GaitRecording        *self,
                                                guint                 limb);
const double  *gait_recording_get_scalogram    (GaitRecording        *self,
                                                guint                 limb,
                                                guint                *n_widths);
const GArray  *gait_recording_get_peaks        (GaitRecording        *self,
                                                guint                 limb);
const GaitDetectParams *gait_recording_get_signal_params (GaitRecording *self);

void           gait_detect_async               (GaitTracking           *tracking,
                                                GaitProfile            *profile,
                                                const GaitDetectParams *params,
                                                GCancellable           *cancellable,
                                                GAsyncReadyCallback     callback,
                                                gpointer                user_data);
GArray        *gait_detect_finish              (GAsyncResult           *result,
                                                GError                **error);

G_END_DECLS
