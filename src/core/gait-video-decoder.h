/* gait-video-decoder.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GAIT_TYPE_VIDEO_DECODER (gait_video_decoder_get_type ())

G_DECLARE_FINAL_TYPE (GaitVideoDecoder, gait_video_decoder, GAIT, VIDEO_DECODER, GObject)

GaitVideoDecoder *gait_video_decoder_new              (const char           *path,
                                                       GError              **error);
const char       *gait_video_decoder_get_path         (GaitVideoDecoder     *self);
gint64            gait_video_decoder_get_n_frames     (GaitVideoDecoder     *self);
void              gait_video_decoder_get_rate         (GaitVideoDecoder     *self,
                                                       int                  *rate_num,
                                                       int                  *rate_den);
double            gait_video_decoder_get_fps          (GaitVideoDecoder     *self);
int               gait_video_decoder_get_width        (GaitVideoDecoder     *self);
int               gait_video_decoder_get_height       (GaitVideoDecoder     *self);
guint             gait_video_decoder_get_cache_size   (GaitVideoDecoder     *self);
void              gait_video_decoder_set_cache_size   (GaitVideoDecoder     *self,
                                                       guint                 n_frames);
void              gait_video_decoder_set_output_size  (GaitVideoDecoder     *self,
                                                       int                   max_width,
                                                       int                   max_height);
void              gait_video_decoder_get_output_size  (GaitVideoDecoder     *self,
                                                       int                  *width,
                                                       int                  *height);
GBytes           *gait_video_decoder_get_frame        (GaitVideoDecoder     *self,
                                                       gint64                frame,
                                                       gsize                *stride,
                                                       GError              **error);
void              gait_video_decoder_get_frame_async  (GaitVideoDecoder     *self,
                                                       gint64                frame,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GBytes           *gait_video_decoder_get_frame_finish (GaitVideoDecoder     *self,
                                                       GAsyncResult         *result,
                                                       gsize                *stride,
                                                       GError              **error);

G_END_DECLS
