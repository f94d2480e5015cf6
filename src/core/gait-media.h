/* gait-media.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GaitMediaInfo:
 * @rate_num: frame rate numerator (e.g. 30000)
 * @rate_den: frame rate denominator (e.g. 1001)
 * @n_frames: number of video frames, counted exactly when the container
 *   does not say
 * @width: picture width in pixels
 * @height: picture height in pixels
 * @duration: duration in seconds
 * @mime_type: MIME type for ELAN's MEDIA_DESCRIPTOR (e.g. "video/mp4")
 *
 * What Gaitline needs to know about a video without decoding it.
 */
typedef struct
{
  int     rate_num;
  int     rate_den;
  gint64  n_frames;
  int     width;
  int     height;
  double  duration;
  char   *mime_type;
} GaitMediaInfo;

gboolean gait_media_probe      (const char     *path,
                                GaitMediaInfo  *info,
                                GError        **error);
void     gait_media_info_clear (GaitMediaInfo  *info);
double   gait_media_info_get_fps (const GaitMediaInfo *info);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GaitMediaInfo, gait_media_info_clear)

G_END_DECLS
