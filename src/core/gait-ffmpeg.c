/* gait-ffmpeg.c: opening files, streams and decoders, errors and logging,
 * as every FFmpeg user in the core does them
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <limits.h>

#include <libavutil/error.h>
#include <libavutil/rational.h>

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

void
_gait_ffmpeg_codec_context_free (AVCodecContext *ctx)
{
  avcodec_free_context (&ctx);
}

void
_gait_ffmpeg_packet_free (AVPacket *packet)
{
  av_packet_free (&packet);
}

void
_gait_ffmpeg_frame_free (AVFrame *frame)
{
  av_frame_free (&frame);
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

/* The video stream GaitVideoDecoder shows, GaitTraceExtractor reads and
 * gait_media_probe() describes: libavformat's best, unless it is only an
 * attached picture (cover art).
 *
 * @codec: (out) (optional): its decoder. When %NULL the stream is picked
 *   whether or not FFmpeg can decode it, as gait_media_probe() wants; when
 *   given, a stream without a decoder is "No decoder for the video".
 *
 * Returns: the stream's index, or -1 with @error set
 */
int
_gait_ffmpeg_find_video_stream (AVFormatContext  *ctx,
                                const char       *path,
                                const AVCodec   **codec,
                                GError          **error)
{
  int index = av_find_best_stream (ctx, AVMEDIA_TYPE_VIDEO, -1, -1, codec, 0);

  if (index < 0 || (ctx->streams[index]->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0)
    {
      if (index == AVERROR_DECODER_NOT_FOUND)
        _gait_ffmpeg_set_video_error (error, path, "No decoder for the video of “%s”");
      else
        _gait_ffmpeg_set_video_error (error, path, "“%s” has no video stream");
      return -1;
    }

  return index;
}

/* Reading packets of @stream_index only */
void
_gait_ffmpeg_discard_other_streams (AVFormatContext *ctx,
                                    int              stream_index)
{
  for (guint i = 0; i < ctx->nb_streams; i++)
    {
      if ((int)i != stream_index)
        ctx->streams[i]->discard = AVDISCARD_ALL;
    }
}

/* The exact frame rate: the average rate, else the base rate, reduced.
 * 0/1 when the stream has neither.
 *
 * Returns: whether the rate is known
 */
gboolean
_gait_ffmpeg_stream_rate (const AVStream *stream,
                          int            *rate_num,
                          int            *rate_den)
{
  AVRational rate = stream->avg_frame_rate;

  if (rate.num <= 0 || rate.den <= 0)
    rate = stream->r_frame_rate;

  if (rate.num <= 0 || rate.den <= 0)
    {
      *rate_num = 0;
      *rate_den = 1;
      return FALSE;
    }

  av_reduce (rate_num, rate_den, rate.num, rate.den, INT_MAX);

  return TRUE;
}

/* An open decoder for @stream with @codec (from
 * _gait_ffmpeg_find_video_stream()), threaded as the ffmpeg tool does it:
 * all cores, frame and slice threads. Failures are "Cannot decode".
 *
 * Returns: (transfer full) (nullable): the decoder, or %NULL with @error set
 */
AVCodecContext *
_gait_ffmpeg_open_decoder (const AVStream  *stream,
                           const AVCodec   *codec,
                           const char      *path,
                           GError         **error)
{
  g_autoptr(AVCodecContext) ctx = NULL;
  int ret;

  ctx = avcodec_alloc_context3 (codec);
  if (ctx == NULL)
    {
      _gait_ffmpeg_set_error (error, "Cannot decode", path, AVERROR (ENOMEM));
      return NULL;
    }

  ret = avcodec_parameters_to_context (ctx, stream->codecpar);
  if (ret < 0)
    {
      _gait_ffmpeg_set_error (error, "Cannot decode", path, ret);
      return NULL;
    }

  ctx->pkt_timebase = stream->time_base;
  ctx->thread_count = 0;
  ctx->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;

  ret = avcodec_open2 (ctx, codec, NULL);
  if (ret < 0)
    {
      _gait_ffmpeg_set_error (error, "Cannot decode", path, ret);
      return NULL;
    }

  return g_steal_pointer (&ctx);
}
