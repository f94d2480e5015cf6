/* gait-ffmpeg-private.h: what the core's FFmpeg users share
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libavformat/avformat.h>

G_BEGIN_DECLS

void             _gait_ffmpeg_init_logging (void);
void             _gait_ffmpeg_set_error    (GError          **error,
                                            const char       *what,
                                            const char       *path,
                                            int               averror);
AVFormatContext *_gait_ffmpeg_open_input   (const char       *path,
                                            GError          **error);
void             _gait_ffmpeg_close_input  (AVFormatContext  *ctx);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AVFormatContext, _gait_ffmpeg_close_input)

G_END_DECLS
