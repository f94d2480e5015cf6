/* gait-seek-peer.c: the plain libav way to get frame N, for comparison
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gait-seek-peer VIDEO FRAMES
 *
 * The peer of gait-seek: for each frame number in the file FRAMES (one per
 * line, as `gait-seek --list` writes them) it seeks the one open demuxer
 * to the keyframe before the frame's timestamp (av_seek_frame with
 * AVSEEK_FLAG_BACKWARD), flushes the decoder, decodes every packet until
 * the frame with that timestamp comes out and converts it to RGBA, as a
 * straightforward libav program does. Same threads as GaitVideoDecoder;
 * no frame cache, no skipping of pictures nothing refers to. Assumes a
 * constant frame rate (frame N at start + N / fps).
 */

#include <glib.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
#include <stdlib.h>

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;
  return (da > db) - (da < db);
}

int
main (int   argc,
      char *argv[])
{
  AVFormatContext *format = NULL;
  AVCodecContext *codec = NULL;
  AVPacket *packet = av_packet_alloc ();
  AVFrame *frame = av_frame_alloc ();
  struct SwsContext *sws = NULL;
  g_autofree char *list = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  const AVCodec *decoder;
  AVStream *stream;
  gint64 start_pts;
  uint8_t *rgba;
  int index;

  if (argc != 3 || !g_file_get_contents (argv[2], &list, NULL, NULL))
    {
      g_printerr ("usage: gait-seek-peer VIDEO FRAMES\n");
      return 2;
    }

  if (avformat_open_input (&format, argv[1], NULL, NULL) < 0 ||
      avformat_find_stream_info (format, NULL) < 0 ||
      (index = av_find_best_stream (format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0)) < 0)
    {
      g_printerr ("%s: cannot open the video\n", argv[1]);
      return 1;
    }
  stream = format->streams[index];
  codec = avcodec_alloc_context3 (decoder);
  avcodec_parameters_to_context (codec, stream->codecpar);
  codec->thread_count = 0;
  codec->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  if (avcodec_open2 (codec, decoder, NULL) < 0)
    {
      g_printerr ("%s: cannot open the decoder\n", argv[1]);
      return 1;
    }
  start_pts = stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0;
  rgba = av_malloc ((size_t)codec->width * codec->height * 4);

  lines = g_strsplit (list, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gint64 n = g_ascii_strtoll (lines[i], NULL, 10);
      gint64 target = start_pts + av_rescale_q (n, av_inv_q (stream->avg_frame_rate), stream->time_base);
      gint64 t0 = g_get_monotonic_time ();
      gboolean found = FALSE;
      double ms;

      if (lines[i][0] == '\0')
        continue;

      av_seek_frame (format, index, target, AVSEEK_FLAG_BACKWARD);
      avcodec_flush_buffers (codec);

      while (!found)
        {
          int ret = avcodec_receive_frame (codec, frame);

          if (ret == 0)
            {
              gint64 pts = frame->best_effort_timestamp;

              if (pts >= target)
                {
                  uint8_t *planes[4] = { rgba };
                  int strides[4] = { codec->width * 4 };

                  sws = sws_getCachedContext (sws, frame->width, frame->height, frame->format,
                                              frame->width, frame->height, AV_PIX_FMT_RGBA,
                                              SWS_BICUBIC, NULL, NULL, NULL);
                  sws_scale (sws, (const uint8_t * const *)frame->data, frame->linesize,
                             0, frame->height, planes, strides);
                  found = TRUE;
                }
              av_frame_unref (frame);
              continue;
            }
          if (ret != AVERROR (EAGAIN))
            break;

          if (av_read_frame (format, packet) < 0)
            {
              avcodec_send_packet (codec, NULL);
              continue;
            }
          if (packet->stream_index == index)
            avcodec_send_packet (codec, packet);
          av_packet_unref (packet);
        }

      if (!found)
        {
          g_printerr ("frame %" G_GINT64_FORMAT ": not found\n", n);
          return 1;
        }
      ms = (g_get_monotonic_time () - t0) / 1e3;
      g_array_append_val (latencies, ms);
    }

  g_array_sort (latencies, compare_doubles);
  if (latencies->len > 0)
    g_print ("peer, random frames (%u): median %.1f ms, p95 %.1f ms\n", latencies->len,
             g_array_index (latencies, double, latencies->len / 2),
             g_array_index (latencies, double, MIN (latencies->len - 1, (guint)(0.95 * latencies->len))));

  av_free (rgba);
  sws_freeContext (sws);
  av_frame_free (&frame);
  av_packet_free (&packet);
  avcodec_free_context (&codec);
  avformat_close_input (&format);

  return 0;
}
