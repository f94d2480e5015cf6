/* gait-ffmpeg.c: opening files, errors and logging, as every FFmpeg user
 * in the core does them
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gait-error.h"
#include "gait-ffmpeg-private.h"

/* FFmpeg logs to stderr by default, and every failure it logs we also
 * report as a GError. Keep it quiet, once per process, unless the user asks
 * for its chatter with GAIT_FFMPEG_DEBUG. Never make it louder than someone
 * else already set it.
 */
void
_gait_ffmpeg_init_logging (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      if (g_getenv ("GAIT_FFMPEG_DEBUG") == NULL &&
          av_log_get_level () > AV_LOG_FATAL)
        av_log_set_level (AV_LOG_FATAL);

      g_once_init_leave (&initialized, 1);
    }
}

/* "@what “@path”: FFmpeg's message", as GAIT_ERROR_VIDEO */
void
_gait_ffmpeg_set_error (GError     **error,
                        const char  *what,
                        const char  *path,
                        int          averror)
{
  g_autofree char *display_name = g_filename_display_name (path);
  char message[AV_ERROR_MAX_STRING_SIZE] = { 0 };

  if (av_strerror (averror, message, sizeof message) < 0)
    g_snprintf (message, sizeof message, "FFmpeg error %d", averror);

  g_set_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO,
               "%s “%s”: %s", what, display_name, message);
}

void
_gait_ffmpeg_close_input (AVFormatContext *ctx)
{
  avformat_close_input (&ctx);
}

/* Opens a local file and reads its stream information. "file:" so that a
 * name like "http:x.mp4" or "a:b.avi" stays a file, and the whitelist so
 * that playlists cannot pull in other protocols.
 */
AVFormatContext *
_gait_ffmpeg_open_input (const char  *path,
                         GError     **error)
{
  g_autoptr(AVFormatContext) ctx = NULL;
  g_autofree char *url = NULL;
  AVDictionary *options = NULL;
  int ret;

  _gait_ffmpeg_init_logging ();

  url = g_strconcat ("file:", path, NULL);
  av_dict_set (&options, "protocol_whitelist", "file", 0);
  ret = avformat_open_input (&ctx, url, NULL, &options);
  av_dict_free (&options);
  if (ret < 0)
    {
      _gait_ffmpeg_set_error (error, "Cannot open video", path, ret);
      return NULL;
    }

  ret = avformat_find_stream_info (ctx, NULL);
  if (ret < 0)
    {
      _gait_ffmpeg_set_error (error, "Cannot read the streams of", path, ret);
      return NULL;
    }

  return g_steal_pointer (&ctx);
}
