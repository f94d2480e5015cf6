/* gait-media.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/rational.h>

#include "gait-error.h"
#include "gait-ffmpeg-private.h"
#include "gait-media.h"
#include "gait-media-private.h"

static gboolean
format_name_has (const char *format_name,
                 const char *name)
{
  g_auto(GStrv) names = NULL;

  if (format_name == NULL)
    return FALSE;

  names = g_strsplit (format_name, ",", -1);

  return g_strv_contains ((const char * const *)names, name);
}

/*
 * _gait_media_mime_type_for_path:
 * @path: a video file name
 * @format_name: (nullable): libavformat's name of its container, such as
 *   "mov,mp4,m4a,3gp,3g2,mj2", when known
 *
 * Picks the MIME type ELAN should see in a MEDIA_DESCRIPTOR. ELAN knows only
 * four video types (video/mpeg, video/mp4, video/quicktime and the generic
 * wildcard video type; see its MediaDescriptorUtility.isVideoType()), so AVI,
 * Matroska, WebM and everything else get the generic one: a more precise
 * type such as video/x-msvideo would make ELAN stop treating the file as a
 * video.
 *
 * Returns: (transfer none): a static string
 */
const char *
_gait_media_mime_type_for_path (const char *path,
                                const char *format_name)
{
  static const struct {
    const char *extension;
    const char *mime_type;
  } by_extension[] = {
    { "mpg", "video/mpeg" },
    { "mpeg", "video/mpeg" },
    { "mpe", "video/mpeg" },
    { "m1v", "video/mpeg" },
    { "m2v", "video/mpeg" },
    { "mp4", "video/mp4" },
    { "mpg4", "video/mp4" },
    { "m4v", "video/mp4" },
    { "mov", "video/quicktime" },
    { "qt", "video/quicktime" },
  };
  const char *basename;
  const char *dot;

  g_return_val_if_fail (path != NULL, NULL);

  basename = strrchr (path, G_DIR_SEPARATOR);
  basename = basename != NULL ? basename + 1 : path;
  dot = strrchr (basename, '.');

  if (dot != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (by_extension); i++)
        {
          if (g_ascii_strcasecmp (dot + 1, by_extension[i].extension) == 0)
            return by_extension[i].mime_type;
        }
    }

  /* Named oddly but recognised by content */
  if (format_name_has (format_name, "mp4"))
    return "video/mp4";
  if (format_name_has (format_name, "mpeg") ||
      format_name_has (format_name, "mpegvideo") ||
      format_name_has (format_name, "mpegts"))
    return "video/mpeg";

  return "video/*";
}

/* Counts the packets of one stream by reading the whole file, without
 * decoding: one packet is one frame for every video codec we care about.
 */
static gboolean
count_packets (AVFormatContext  *ctx,
               int               stream_index,
               const char       *path,
               gint64           *n_packets,
               GError          **error)
{
  g_autoptr(AVPacket) packet = NULL;
  gint64 n = 0;
  int ret;

  packet = av_packet_alloc ();
  if (packet == NULL)
    {
      _gait_ffmpeg_set_error (error, "Cannot read", path, AVERROR (ENOMEM));
      return FALSE;
    }

  _gait_ffmpeg_discard_other_streams (ctx, stream_index);

  while ((ret = av_read_frame (ctx, packet)) >= 0)
    {
      if (packet->stream_index == stream_index &&
          (packet->flags & AV_PKT_FLAG_DISCARD) == 0)
        n++;
      av_packet_unref (packet);
    }

  if (ret != AVERROR_EOF)
    {
      _gait_ffmpeg_set_error (error, "Cannot read", path, ret);
      return FALSE;
    }

  *n_packets = n;

  return TRUE;
}

/**
 * gait_media_probe:
 * @path: a video file
 * @info: (out caller-allocates): where to store what was found
 * @error: return location for a #GError
 *
 * Opens @path with libavformat and describes its best video stream: exact
 * frame rate (the average rate, else the base rate), picture size, duration,
 * number of frames (from the container, else by counting the stream's
 * packets) and a MIME type for ELAN.
 *
 * Only local files are read: @path is never taken for a URL, whatever it
 * looks like.
 *
 * On success @info is overwritten (free a previous result with
 * gait_media_info_clear() first); on failure it is left untouched.
 *
 * Returns: %TRUE on success, %FALSE with @error set to %GAIT_ERROR_VIDEO
 */
gboolean
gait_media_probe (const char     *path,
                  GaitMediaInfo  *info,
                  GError        **error)
{
  g_autoptr(AVFormatContext) ctx = NULL;
  const AVStream *stream;
  GaitMediaInfo result = { 0 };
  int stream_index;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(ctx = _gait_ffmpeg_open_input (path, error)))
    return FALSE;

  /* Without asking for a decoder: a stream FFmpeg cannot decode is still
   * described.
   */
  stream_index = _gait_ffmpeg_find_video_stream (ctx, path, NULL, error);
  if (stream_index < 0)
    return FALSE;

  stream = ctx->streams[stream_index];

  _gait_ffmpeg_stream_rate (stream, &result.rate_num, &result.rate_den);

  result.width = stream->codecpar->width;
  result.height = stream->codecpar->height;

  if (stream->nb_frames > 0)
    result.n_frames = stream->nb_frames;
  else if (!count_packets (ctx, stream_index, path, &result.n_frames, error))
    return FALSE;

  if (result.n_frames <= 0)
    {
      _gait_ffmpeg_set_video_error (error, path, "“%s” has no video frames");
      return FALSE;
    }

  if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0)
    result.duration = stream->duration * av_q2d (stream->time_base);
  else if (ctx->duration != AV_NOPTS_VALUE && ctx->duration > 0)
    result.duration = ctx->duration / (double)AV_TIME_BASE;
  else if (result.rate_num > 0)
    result.duration = result.n_frames * (double)result.rate_den / result.rate_num;

  result.mime_type = g_strdup (_gait_media_mime_type_for_path (path, ctx->iformat->name));

  *info = result;

  return TRUE;
}

/**
 * gait_media_info_clear:
 * @info: a #GaitMediaInfo
 *
 * Frees what @info owns and zeroes it, ready for reuse.
 */
void
gait_media_info_clear (GaitMediaInfo *info)
{
  g_return_if_fail (info != NULL);

  g_free (info->mime_type);
  memset (info, 0, sizeof *info);
}

/**
 * gait_media_info_get_fps:
 * @info: a #GaitMediaInfo
 *
 * Returns: the frame rate in frames per second, or 0 when unknown
 */
double
gait_media_info_get_fps (const GaitMediaInfo *info)
{
  g_return_val_if_fail (info != NULL, 0.0);

  if (info->rate_num <= 0 || info->rate_den <= 0)
    return 0.0;

  return (double)info->rate_num / (double)info->rate_den;
}
