/* gait-video-decoder-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gait-video-decoder.h"

G_BEGIN_DECLS

/**
 * GaitVideoIndexSource:
 * @GAIT_VIDEO_INDEX_CONTAINER: frame timestamps came from the container's
 *   own index (instant)
 * @GAIT_VIDEO_INDEX_PACKETS: frame timestamps came from one demux-only pass
 *   over the packets
 * @GAIT_VIDEO_INDEX_SEQUENTIAL: some frames have no usable timestamp, so
 *   frames are found by counting them from the start of the file
 *
 * Where the frame index of a #GaitVideoDecoder came from. For tests and
 * benchmarks.
 */
typedef enum
{
  GAIT_VIDEO_INDEX_CONTAINER,
  GAIT_VIDEO_INDEX_PACKETS,
  GAIT_VIDEO_INDEX_SEQUENTIAL,
} GaitVideoIndexSource;

guint64              _gait_video_decoder_get_n_decoded   (GaitVideoDecoder *self);
guint64              _gait_video_decoder_get_n_seeks     (GaitVideoDecoder *self);
GaitVideoIndexSource _gait_video_decoder_get_index_source (GaitVideoDecoder *self);
gint64               _gait_video_decoder_get_n_keyframes (GaitVideoDecoder *self);
void                 _gait_video_decoder_set_cache_budget (GaitVideoDecoder *self,
                                                           gsize             bytes);
guint                _gait_video_decoder_get_n_cached    (GaitVideoDecoder *self);

G_END_DECLS
