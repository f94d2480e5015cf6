/* gait-ffmpeg-private.h: what the core's FFmpeg users share
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "gait-error.h"

G_BEGIN_DECLS

/* A GAIT_ERROR_VIDEO naming @path. @format: a string literal with one %s,
 * which becomes the file's display name.
 */
#define _gait_ffmpeg_set_video_error(error, path, format)                  \
  G_STMT_START {                                                          \
    g_autofree char *display_name_ = g_filename_display_name (path);      \
    g_set_error ((error), GAIT_ERROR, GAIT_ERROR_VIDEO, format,           \
                 display_name_);                                          \
  } G_STMT_END

void             _gait_ffmpeg_init_logging           (void);
void             _gait_ffmpeg_set_error              (GError          **error,
                                                      const char       *what,
                                                      const char       *path,
                                                      int               averror);
AVFormatContext *_gait_ffmpeg_open_input             (const char       *path,
                                                      GError          **error);
void             _gait_ffmpeg_close_input            (AVFormatContext  *ctx);
int              _gait_ffmpeg_find_video_stream      (AVFormatContext  *ctx,
                                                      const char       *path,
                                                      const AVCodec   **codec,
                                                      GError          **error);
void             _gait_ffmpeg_discard_other_streams  (AVFormatContext  *ctx,
                                                      int               stream_index);
gboolean         _gait_ffmpeg_stream_rate            (const AVStream   *stream,
                                                      int              *rate_num,
                                                      int              *rate_den);
AVCodecContext  *_gait_ffmpeg_open_decoder           (const AVStream   *stream,
                                                      const AVCodec    *codec,
                                                      const char       *path,
                                                      GError          **error);
void             _gait_ffmpeg_codec_context_free     (AVCodecContext   *ctx);
void             _gait_ffmpeg_packet_free            (AVPacket         *packet);
void             _gait_ffmpeg_frame_free             (AVFrame          *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AVFormatContext, _gait_ffmpeg_close_input)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AVCodecContext, _gait_ffmpeg_codec_context_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AVPacket, _gait_ffmpeg_packet_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AVFrame, _gait_ffmpeg_frame_free)

G_END_DECLS
