/* test-media.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libavformat/avformat.h>
#include <libavutil/log.h>

#include "gait-error.h"
#include "gait-media.h"
#include "gait-test-util.h"
#include "gait-trace-extractor.h"
#include "gait-video-decoder.h"

/* Expected values measured with
 *   ffprobe -v error -count_frames -select_streams v:0 \
 *     -show_entries stream=avg_frame_rate,r_frame_rate,nb_read_frames,width,height,duration FILE
 * (FFmpeg 5.1).
 */
typedef struct
{
  const char *name;
  int         rate_num;
  int         rate_den;
  gint64      n_frames;
  int         width;
  int         height;
  double      duration;
  const char *mime_type;
} VideoCase;

static const VideoCase video_cases[] = {
  { "dlc_openfield_m3v1mp4.mp4", 1000000, 33333, 2330, 640, 480, 77.665890, "video/mp4" },
  { "dlc_3dtestviews_vid1_camera-1.avi", 30, 1, 12, 832, 747, 0.4, "video/*" },
  { "kiehnlab_SIDEVIEW_Cage1_0L0R_20cms_0degUP_4.avi", 152, 1, 382, 658, 296, 2.513158, "video/*" },
};

static void
test_probe_shared (gconstpointer data)
{
  const VideoCase *c = data;
  g_autofree char *path = gait_test_shared_video_path (c->name, FALSE);
  g_auto(GaitMediaInfo) info = { 0 };
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    {
      g_test_skip ("GAIT_SHARED_DATA/video is missing");
      return;
    }

  g_assert_true (gait_media_probe (path, &info, &error));
  g_assert_no_error (error);

  g_assert_cmpint (info.rate_num, ==, c->rate_num);
  g_assert_cmpint (info.rate_den, ==, c->rate_den);
  g_assert_cmpint (info.n_frames, ==, c->n_frames);
  g_assert_cmpint (info.width, ==, c->width);
  g_assert_cmpint (info.height, ==, c->height);
  g_assert_cmpfloat_with_epsilon (info.duration, c->duration, 1e-5);
  g_assert_cmpstr (info.mime_type, ==, c->mime_type);
  g_assert_cmpfloat_with_epsilon (gait_media_info_get_fps (&info),
                                  (double)c->rate_num / c->rate_den, 1e-12);
}

/* Remuxes the (LGPL) 12-frame AVI into Matroska, which does not store a
 * frame count, so that the probe has to count packets.
 */
static gboolean
remux_to_matroska (const char *in_path,
                   const char *out_path)
{
  AVFormatContext *in = NULL;
  AVFormatContext *out = NULL;
  AVPacket *packet = NULL;
  gboolean ok = FALSE;

  if (avformat_open_input (&in, in_path, NULL, NULL) < 0)
    return FALSE;
  if (avformat_find_stream_info (in, NULL) < 0)
    goto out;
  if (avformat_alloc_output_context2 (&out, NULL, "matroska", out_path) < 0)
    goto out;

  for (guint i = 0; i < in->nb_streams; i++)
    {
      AVStream *st = avformat_new_stream (out, NULL);

      if (st == NULL || avcodec_parameters_copy (st->codecpar, in->streams[i]->codecpar) < 0)
        goto out;
      st->codecpar->codec_tag = 0;
      st->time_base = in->streams[i]->time_base;
    }

  if (avio_open (&out->pb, out_path, AVIO_FLAG_WRITE) < 0)
    goto out;
  if (avformat_write_header (out, NULL) < 0)
    goto out;

  packet = av_packet_alloc ();
  while (av_read_frame (in, packet) >= 0)
    {
      av_packet_rescale_ts (packet, in->streams[packet->stream_index]->time_base,
                            out->streams[packet->stream_index]->time_base);
      packet->pos = -1;
      if (av_interleaved_write_frame (out, packet) < 0)
        goto out;
    }

  ok = av_write_trailer (out) == 0;

out:
  av_packet_free (&packet);
  if (out != NULL)
    {
      if (out->pb != NULL)
        avio_closep (&out->pb);
      avformat_free_context (out);
    }
  avformat_close_input (&in);

  return ok;
}

static void
test_probe_counts_packets (void)
{
  g_autofree char *avi = gait_test_shared_video_path ("dlc_3dtestviews_vid1_camera-1.avi", FALSE);
  g_autofree char *tmpdir = NULL;
  g_autofree char *mkv = NULL;
  g_auto(GaitMediaInfo) info = { 0 };
  g_autoptr(GError) error = NULL;

  if (avi == NULL)
    {
      g_test_skip ("GAIT_SHARED_DATA/video is missing");
      return;
    }

  tmpdir = g_dir_make_tmp ("gait-media-XXXXXX", &error);
  g_assert_no_error (error);
  mkv = g_build_filename (tmpdir, "twelve frames.mkv", NULL);

  av_log_set_level (AV_LOG_QUIET);
  g_assert_true (remux_to_matroska (avi, mkv));

  /* The container indeed has no frame count */
  {
    AVFormatContext *ctx = NULL;

    g_assert_cmpint (avformat_open_input (&ctx, mkv, NULL, NULL), ==, 0);
    g_assert_cmpint (avformat_find_stream_info (ctx, NULL), >=, 0);
    g_assert_cmpint (ctx->streams[0]->nb_frames, ==, 0);
    avformat_close_input (&ctx);
  }

  g_assert_true (gait_media_probe (mkv, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.n_frames, ==, 12);
  g_assert_cmpint (info.rate_num, ==, 30);
  g_assert_cmpint (info.rate_den, ==, 1);
  g_assert_cmpint (info.width, ==, 832);
  g_assert_cmpint (info.height, ==, 747);
  g_assert_cmpfloat_with_epsilon (info.duration, 0.4, 1e-3);
  g_assert_cmpstr (info.mime_type, ==, "video/*");

  g_assert_cmpint (g_unlink (mkv), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
}

static void
assert_probe_fails (const char *path)
{
  g_autofree char *basename = g_path_get_basename (path);
  GaitMediaInfo info = { 0 };
  g_autoptr(GError) error = NULL;

  info.rate_num = 42;

  g_assert_false (gait_media_probe (path, &info, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO);
  g_assert_nonnull (strstr (error->message, basename));
  g_test_message ("%s", error->message);

  /* Left untouched */
  g_assert_cmpint (info.rate_num, ==, 42);
  g_assert_null (info.mime_type);
}

static void
test_probe_not_a_video (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("gait-media-XXXXXX", &error);
  g_autofree char *txt = NULL;
  g_autofree char *fake_mp4 = NULL;

  g_assert_no_error (error);

  txt = g_build_filename (tmpdir, "notes.txt", NULL);
  g_file_set_contents (txt, "frame,x,y\n1,2,3\n", -1, &error);
  g_assert_no_error (error);
  assert_probe_fails (txt);

  /* A name that claims a container does not fool it either */
  fake_mp4 = g_build_filename (tmpdir, "not really.mp4", NULL);
  g_file_set_contents (fake_mp4, "hello, world\n", -1, &error);
  g_assert_no_error (error);
  assert_probe_fails (fake_mp4);

  g_assert_cmpint (g_unlink (txt), ==, 0);
  g_assert_cmpint (g_unlink (fake_mp4), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
}

static void
test_probe_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("gait-media-XXXXXX", &error);
  g_autofree char *missing = NULL;

  g_assert_no_error (error);
  missing = g_build_filename (tmpdir, "no-such-video.mp4", NULL);
  assert_probe_fails (missing);

  /* Looks like a URL, but it is a (missing) file name */
  assert_probe_fails ("http:no-such-host.avi");

  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
}

static char *
write_truncated_mp4 (const char *tmpdir)
{
  g_autofree char *mp4 = gait_test_shared_video_path ("dlc_openfield_m3v1mp4.mp4", FALSE);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *truncated;
  gsize length;

  if (mp4 == NULL)
    return NULL;

  g_file_get_contents (mp4, &contents, &length, &error);
  g_assert_no_error (error);

  truncated = g_build_filename (tmpdir, "truncated.mp4", NULL);
  g_file_set_contents (truncated, contents, length * 3 / 10, &error);
  g_assert_no_error (error);

  return truncated;
}

static void
test_probe_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("gait-media-XXXXXX", &error);
  g_autofree char *truncated = NULL;

  g_assert_no_error (error);

  truncated = write_truncated_mp4 (tmpdir);
  if (truncated == NULL)
    {
      g_test_skip ("GAIT_SHARED_DATA/video is missing");
      g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
      return;
    }

  assert_probe_fails (truncated);

  g_assert_cmpint (g_unlink (truncated), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
}

/* FFmpeg would say "moov atom not found" on stderr: the GError is enough */
static void
test_probe_quiet (void)
{
  g_autofree char *mp4 = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *tmpdir = g_dir_make_tmp ("gait-media-XXXXXX", &error);
      g_autofree char *truncated = write_truncated_mp4 (tmpdir);
      g_autofree char *txt = g_build_filename (tmpdir, "notes.txt", NULL);
      GaitMediaInfo info = { 0 };

      g_file_set_contents (txt, "not a video\n", -1, NULL);

      g_assert_false (gait_media_probe (truncated, &info, NULL));
      g_assert_false (gait_media_probe (txt, &info, NULL));

      g_unlink (truncated);
      g_unlink (txt);
      g_rmdir (tmpdir);
      return;
    }

  mp4 = gait_test_shared_video_path ("dlc_openfield_m3v1mp4.mp4", FALSE);
  if (mp4 == NULL)
    {
      g_test_skip ("GAIT_SHARED_DATA/video is missing");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

static void
test_info_clear (void)
{
  GaitMediaInfo info = { 0 };

  info.rate_num = 30000;
  info.rate_den = 1001;
  info.n_frames = 10;
  info.mime_type = g_strdup ("video/mp4");

  g_assert_cmpfloat_with_epsilon (gait_media_info_get_fps (&info), 29.97002997002997, 1e-12);

  gait_media_info_clear (&info);
  g_assert_null (info.mime_type);
  g_assert_cmpint (info.rate_num, ==, 0);
  g_assert_cmpint (info.n_frames, ==, 0);
  g_assert_cmpfloat (gait_media_info_get_fps (&info), ==, 0.0);

  info.rate_num = 25;
  info.rate_den = 0;
  g_assert_cmpfloat (gait_media_info_get_fps (&info), ==, 0.0);
}

/* The probe, GaitVideoDecoder and GaitTraceExtractor pick the video stream
 * and its rate the same way, and say the same when there is none.
 */
static void
assert_no_video_stream (const char *path)
{
  g_autofree char *display_name = g_filename_display_name (path);
  g_autofree char *expected = g_strdup_printf ("“%s” has no video stream", display_name);
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GaitTraceExtractor) extractor = NULL;
  g_autoptr(GError) error = NULL;
  GaitMediaInfo info = { 0 };

  g_assert_false (gait_media_probe (path, &info, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  decoder = gait_video_decoder_new (path, &error);
  g_assert_null (decoder);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  extractor = gait_trace_extractor_new (path, &error);
  g_assert_null (extractor);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_probe_same_as_decoders (void)
{
  const char *audio_args[] = {
    "-f", "lavfi", "-i", "sine=duration=0.2", NULL
  };
  const char *picture_args[] = {
    "-f", "lavfi", "-i", "color=red:size=16x16:duration=0.04", "-frames:v", "1", NULL
  };
  const char *cover_args[] = {
    "-f", "lavfi", "-i", "sine=duration=0.2", "-i", "SOURCE",
    "-map", "0:a", "-map", "1:v", "-c:v", "copy", "-disposition:v", "attached_pic", NULL
  };
  const char *ntsc_args[] = {
    "-f", "lavfi", "-i", "testsrc=size=32x24:rate=30000/1001:duration=0.2",
    "-c:v", "mpeg4", NULL
  };
  g_autofree char *ffmpeg = g_find_program_in_path ("ffmpeg");
  g_autofree char *tmpdir = NULL;
  g_autofree char *audio = NULL;
  g_autofree char *picture = NULL;
  g_autofree char *cover = NULL;
  g_autofree char *ntsc = NULL;
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GaitTraceExtractor) extractor = NULL;
  g_autoptr(GError) error = NULL;
  GaitMediaInfo info = { 0 };
  int rate_num = 0;
  int rate_den = 0;

  if (ffmpeg == NULL)
    {
      g_test_skip ("ffmpeg is missing");
      return;
    }

  tmpdir = gait_test_make_tmpdir ("gait-media-XXXXXX");
  audio = gait_test_make_video (tmpdir, "tone.wav", audio_args, NULL);
  picture = gait_test_make_video (tmpdir, "red.png", picture_args, NULL);
  cover = gait_test_make_video (tmpdir, "cover only.mp3", cover_args, picture);
  ntsc = gait_test_make_video (tmpdir, "ntsc.avi", ntsc_args, NULL);

  /* No video at all, and a cover picture that is no video either */
  assert_no_video_stream (audio);
  assert_no_video_stream (cover);

  /* The same exact rate, reduced */
  g_assert_true (gait_media_probe (ntsc, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.rate_num, ==, 30000);
  g_assert_cmpint (info.rate_den, ==, 1001);

  decoder = gait_video_decoder_new (ntsc, &error);
  g_assert_no_error (error);
  gait_video_decoder_get_rate (decoder, &rate_num, &rate_den);
  g_assert_cmpint (rate_num, ==, info.rate_num);
  g_assert_cmpint (rate_den, ==, info.rate_den);

  extractor = gait_trace_extractor_new (ntsc, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (gait_trace_extractor_get_fps (extractor), ==,
                     gait_media_info_get_fps (&info));

  gait_media_info_clear (&info);
  gait_test_remove_tmpdir (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (video_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/media/probe/%s", video_cases[i].name);

      g_test_add_data_func (name, &video_cases[i], test_probe_shared);
    }
  g_test_add_func ("/media/probe/counts-packets", test_probe_counts_packets);
  g_test_add_func ("/media/probe/not-a-video", test_probe_not_a_video);
  g_test_add_func ("/media/probe/missing", test_probe_missing);
  g_test_add_func ("/media/probe/truncated", test_probe_truncated);
  g_test_add_func ("/media/probe/quiet", test_probe_quiet);
  g_test_add_func ("/media/probe/same-as-decoders", test_probe_same_as_decoders);
  g_test_add_func ("/media/info/clear", test_info_clear);

  return g_test_run ();
}
