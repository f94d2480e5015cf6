/* test-video-decoder.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gait-error.h"
#include "gait-test-util.h"
#include "gait-video-decoder.h"
#include "gait-video-decoder-private.h"

/*
 * Every frame is checked against what the ffmpeg tool writes for
 *   ffmpeg -i VIDEO -vf "select=eq(n\,N)" -vframes 1 -f rawvideo -pix_fmt rgba -
 * To keep the test quick, the reference frames of one video come from one
 * ffmpeg run selecting all of them at once (with -fps_mode passthrough, so
 * that nothing is duplicated); one frame per video is also taken with the
 * command above, to show that both give the same picture.
 */

#define ANY_INDEX ((GaitVideoIndexSource)-1)

typedef struct
{
  const char           *name;         /* file name in the temporary directory or shared data */
  gboolean              shared;       /* in GAIT_SHARED_DATA/video */
  const char           *source;       /* generated from this other case, or NULL for lavfi */
  const char * const   *args;         /* ffmpeg arguments between input and output */
  GaitVideoIndexSource  index_source;
  double                max_mad;      /* allowed mean absolute difference to ffmpeg */
  double                min_neighbour_mad;  /* needed between neighbours to tell them apart */
} VideoCase;

#define TESTSRC_25 "testsrc2=size=160x120:rate=25"
#define TESTSRC_NTSC "testsrc2=size=160x120:rate=30000/1001"

static const char * const h264_bframes_args[] = {
  "-f", "lavfi", "-i", TESTSRC_25, "-frames:v", "300",
  "-c:v", "libx264", "-bf", "3", "-g", "250", "-pix_fmt", "yuv420p", NULL
};
static const char * const h264_offset_args[] = {
  "-f", "lavfi", "-i", TESTSRC_25, "-frames:v", "300",
  "-c:v", "libx264", "-bf", "3", "-g", "250", "-pix_fmt", "yuv420p",
  "-output_ts_offset", "1.5", NULL
};
static const char * const h264_ntsc_args[] = {
  "-f", "lavfi", "-i", TESTSRC_NTSC, "-frames:v", "200",
  "-c:v", "libx264", "-bf", "2", "-g", "48", "-pix_fmt", "yuv420p", NULL
};
static const char * const h264_bt709_args[] = {
  "-f", "lavfi", "-i", TESTSRC_NTSC, "-frames:v", "90",
  "-c:v", "libx264", "-bf", "0", "-g", "30", "-pix_fmt", "yuv420p",
  "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", NULL
};
static const char * const mjpeg_args[] = {
  "-f", "lavfi", "-i", TESTSRC_NTSC, "-frames:v", "60",
  "-c:v", "mjpeg", "-q:v", "3", NULL
};
/* Stream copy from 0.5 s: the MP4 starts with an edit list hiding frames */
static const char * const edit_list_args[] = {
  "-ss", "0.5", "-i", "SOURCE", "-c", "copy", NULL
};
static const char * const open_gop_args[] = {
  "-f", "lavfi", "-i", TESTSRC_25, "-frames:v", "200",
  "-c:v", "libx264", "-bf", "3", "-g", "40", "-x264-params", "open-gop=1:scenecut=0",
  "-pix_fmt", "yuv420p", NULL
};
static const char * const mpegts_args[] = {
  "-f", "lavfi", "-i", TESTSRC_25, "-frames:v", "150",
  "-c:v", "libx264", "-bf", "3", "-g", "50", "-pix_fmt", "yuv420p",
  "-output_ts_offset", "1.5", NULL
};
static const char * const mpeg4_bframes_args[] = {
  "-f", "lavfi", "-i", TESTSRC_25, "-frames:v", "80",
  "-c:v", "mpeg4", "-bf", "2", "-g", "25", "-q:v", "4", NULL
};

static const VideoCase video_cases[] = {
  { "h264-bframes.mp4", FALSE, NULL, h264_bframes_args, GAIT_VIDEO_INDEX_PACKETS, 0.0, 1.0 },
  { "h264-offset.mp4", FALSE, NULL, h264_offset_args, GAIT_VIDEO_INDEX_PACKETS, 0.0, 1.0 },
  { "h264-ntsc.mp4", FALSE, NULL, h264_ntsc_args, GAIT_VIDEO_INDEX_PACKETS, 0.0, 1.0 },
  { "h264-bt709.mp4", FALSE, NULL, h264_bt709_args, GAIT_VIDEO_INDEX_CONTAINER, 0.0, 1.0 },
  { "mjpeg.avi", FALSE, NULL, mjpeg_args, GAIT_VIDEO_INDEX_CONTAINER, 0.0, 1.0 },
  { "edit-list.mp4", FALSE, "h264-bframes.mp4", edit_list_args, GAIT_VIDEO_INDEX_PACKETS, 0.0, 1.0 },
  { "open-gop.mkv", FALSE, NULL, open_gop_args, GAIT_VIDEO_INDEX_PACKETS, 0.0, 1.0 },
  { "offset.ts", FALSE, NULL, mpegts_args, GAIT_VIDEO_INDEX_PACKETS, 0.0, 1.0 },
  { "mpeg4-bframes.avi", FALSE, NULL, mpeg4_bframes_args, ANY_INDEX, 0.0, 1.0 },
  { "dlc_3dtestviews_vid1_camera-1.avi", TRUE, NULL, NULL, GAIT_VIDEO_INDEX_CONTAINER, 0.0, 0.5 },
  { "dlc_openfield_m3v1mp4.mp4", TRUE, NULL, NULL, GAIT_VIDEO_INDEX_PACKETS, 0.0, 0.2 },
  { "kiehnlab_SIDEVIEW_Cage1_0L0R_20cms_0degUP_4.avi", TRUE, NULL, NULL, GAIT_VIDEO_INDEX_CONTAINER, 0.0, 0.2 },
};

static char *tmp_dir;
static gboolean have_ffmpeg;

static const VideoCase *
find_case (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (video_cases); i++)
    {
      if (g_str_equal (video_cases[i].name, name))
        return &video_cases[i];
    }

  g_assert_not_reached ();
}

/* The path of a test video, generating it on first use; NULL to skip */
static char *
video_path (const VideoCase *c)
{
  g_autofree char *source = NULL;

  if (c->shared)
    return gait_test_shared_video_path (c->name, TRUE);

  if (!have_ffmpeg)
    return NULL;

  if (c->source != NULL)
    source = video_path (find_case (c->source));

  return gait_test_make_video (tmp_dir, c->name, c->args, source);
}

static gint64
ffprobe_count_frames (const char *path)
{
  const char *argv[] = {
    "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
    "-show_entries", "stream=nb_read_frames", "-of", "default=nw=1:nk=1",
    path, NULL
  };
  g_autoptr(GBytes) out = NULL;
  g_autofree char *text = NULL;

  g_assert_true (gait_test_run (argv, &out));
  text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));

  return g_ascii_strtoll (g_strstrip (text), NULL, 10);
}

/* Frames @frames (ascending, no duplicates) as ffmpeg's select filter
 * numbers them, RGBA, tightly packed.
 */
static GBytes *
ffmpeg_frames (const char   *path,
               const gint64 *frames,
               guint         n_frames,
               gsize         frame_size)
{
  g_autoptr(GString) filter = g_string_new ("select=");
  g_autoptr(GBytes) out = NULL;
  const char *argv[] = {
    "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vf", NULL,
    "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgba", "-", NULL
  };

  for (guint i = 0; i < n_frames; i++)
    g_string_append_printf (filter, "%seq(n\\,%" G_GINT64_FORMAT ")", i > 0 ? "+" : "", frames[i]);
  argv[7] = filter->str;

  g_assert_true (gait_test_run (argv, &out));
  g_assert_cmpuint (g_bytes_get_size (out), ==, n_frames * frame_size);

  return g_steal_pointer (&out);
}

/* Exactly the command of the specification, for one frame */
static GBytes *
ffmpeg_frame (const char *path,
              gint64      frame)
{
  g_autofree char *filter = g_strdup_printf ("select=eq(n\\,%" G_GINT64_FORMAT ")", frame);
  g_autoptr(GBytes) out = NULL;
  const char *argv[] = {
    "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vf", filter, "-vframes", "1",
    "-f", "rawvideo", "-pix_fmt", "rgba", "-", NULL
  };

  g_assert_true (gait_test_run (argv, &out));

  return g_steal_pointer (&out);
}

/* Mean absolute difference per byte (R, G, B and A) */
static double
mean_abs_diff (GBytes *ours,
               gsize   stride,
               const guint8 *reference,
               int     width,
               int     height)
{
  const guint8 *data = g_bytes_get_data (ours, NULL);
  guint64 sum = 0;

  g_assert_cmpuint (stride, >=, (gsize)width * 4);
  g_assert_cmpuint (g_bytes_get_size (ours), >=, stride * (height - 1) + (gsize)width * 4);

  for (int y = 0; y < height; y++)
    {
      const guint8 *a = data + y * stride;
      const guint8 *b = reference + (gsize)y * width * 4;

      for (int x = 0; x < width * 4; x++)
        sum += (guint)abs ((int)a[x] - (int)b[x]);
    }

  return (double)sum / ((double)width * height * 4);
}

static double
packed_mad (const guint8 *a,
            const guint8 *b,
            gsize         size)
{
  guint64 sum = 0;

  for (gsize i = 0; i < size; i++)
    sum += (guint)abs ((int)a[i] - (int)b[i]);

  return (double)sum / size;
}

/* Frames to visit, scrambled: first, last, middle, random, steps back
 * and forward, repeats.
 */
static GArray *
frames_to_visit (gint64 n)
{
  GArray *frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);

  if (n <= 16)
    {
      gint64 order[] = { 5, 0, 11, 4, 3, 2, 7, 8, 9, 9, 1, 10, 6 };

      for (guint i = 0; i < G_N_ELEMENTS (order); i++)
        {
          if (order[i] < n)
            g_array_append_val (frames, order[i]);
        }
      return frames;
    }

#define VISIT(x) G_STMT_START { gint64 f_ = (x); g_array_append_val (frames, f_); } G_STMT_END
  VISIT (n / 2);
  VISIT (0);
  VISIT (n - 1);
  VISIT (n / 3);
  VISIT (n / 3 - 1);
  VISIT (n / 3 - 2);
  VISIT (n / 3 - 3);
  VISIT ((2 * n) / 3);
  VISIT ((2 * n) / 3 + 1);
  VISIT ((2 * n) / 3 + 2);
  VISIT (n / 2);
  VISIT (1);
  VISIT (n - 2);
  for (int i = 0; i < 4; i++)
    VISIT (g_rand_int_range (rand, 0, (gint32)n));
  VISIT (n / 3 - 1);
  VISIT (2);
#undef VISIT

  return frames;
}

typedef struct
{
  gint64 *frames;      /* ascending */
  guint   n_frames;
  GBytes *pixels;      /* n_frames pictures, packed RGBA */
  gsize   frame_size;
} Reference;

static void
reference_clear (Reference *ref)
{
  g_clear_pointer (&ref->frames, g_free);
  g_clear_pointer (&ref->pixels, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reference, reference_clear)

static const guint8 *
reference_get (const Reference *ref,
               gint64           frame)
{
  for (guint i = 0; i < ref->n_frames; i++)
    {
      if (ref->frames[i] == frame)
        return (const guint8 *)g_bytes_get_data (ref->pixels, NULL) + i * ref->frame_size;
    }

  return NULL;
}

static int
compare_frames (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* ffmpeg's pictures of @visit and their neighbours */
static void
reference_load (Reference  *ref,
                const char *path,
                GArray     *visit,
                gint64      n,
                int         width,
                int         height)
{
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < visit->len; i++)
    {
      for (gint64 d = -1; d <= 1; d++)
        {
          gint64 f = g_array_index (visit, gint64, i) + d;

          if (f >= 0 && f < n)
            g_array_append_val (wanted, f);
        }
    }
  g_array_sort (wanted, compare_frames);

  ref->frame_size = (gsize)width * height * 4;
  ref->frames = g_new (gint64, wanted->len);
  ref->n_frames = 0;
  for (guint i = 0; i < wanted->len; i++)
    {
      gint64 f = g_array_index (wanted, gint64, i);

      if (ref->n_frames == 0 || ref->frames[ref->n_frames - 1] != f)
        ref->frames[ref->n_frames++] = f;
    }

  ref->pixels = ffmpeg_frames (path, ref->frames, ref->n_frames, ref->frame_size);
}

static GaitVideoDecoder *
open_case (const VideoCase *c,
           char           **path_out)
{
  g_autofree char *path = video_path (c);
  g_autoptr(GError) error = NULL;
  GaitVideoDecoder *decoder;

  if (path == NULL)
    return NULL;

  decoder = gait_video_decoder_new (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decoder);

  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);

  return decoder;
}

static void
test_frames_match_ffmpeg (gconstpointer data)
{
  const VideoCase *c = data;
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GArray) visit = NULL;
  g_autoptr(GBytes) literal = NULL;
  g_auto(Reference) ref = { 0 };
  g_autofree char *path = NULL;
  double worst = 0.0;
  double closest_neighbour = G_MAXDOUBLE;
  gint64 n;
  int width;
  int height;

  if (!have_ffmpeg)
    {
      g_test_skip ("ffmpeg and ffprobe are not installed");
      return;
    }

  decoder = open_case (c, &path);
  if (decoder == NULL)
    {
      g_test_skip ("GAIT_SHARED_DATA/video is missing");
      return;
    }

  n = gait_video_decoder_get_n_frames (decoder);
  width = gait_video_decoder_get_width (decoder);
  height = gait_video_decoder_get_height (decoder);

  g_assert_cmpint (n, ==, ffprobe_count_frames (path));
  if (c->index_source != ANY_INDEX)
    g_assert_cmpint (_gait_video_decoder_get_index_source (decoder), ==, c->index_source);

  visit = frames_to_visit (n);
  reference_load (&ref, path, visit, n, width, height);

  /* The one-frame command gives the same picture as the batch. */
  literal = ffmpeg_frame (path, g_array_index (visit, gint64, 0));
  g_assert_cmpuint (g_bytes_get_size (literal), ==, ref.frame_size);
  g_assert_cmpfloat (packed_mad (g_bytes_get_data (literal, NULL),
                                 reference_get (&ref, g_array_index (visit, gint64, 0)),
                                 ref.frame_size), ==, 0.0);

  for (guint i = 0; i < visit->len; i++)
    {
      gint64 frame = g_array_index (visit, gint64, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      gsize stride = 0;
      double mad;

      bytes = gait_video_decoder_get_frame (decoder, frame, &stride, &error);
      g_assert_no_error (error);
      g_assert_nonnull (bytes);
      g_assert_cmpuint (stride % 4, ==, 0);

      mad = mean_abs_diff (bytes, stride, reference_get (&ref, frame), width, height);
      g_assert_cmpfloat (mad, <=, c->max_mad);
      worst = MAX (worst, mad);

      /* and it is not one of its neighbours */
      for (gint64 d = -1; d <= 1; d += 2)
        {
          const guint8 *neighbour = reference_get (&ref, frame + d);
          double other;

          if (neighbour == NULL)
            continue;

          other = mean_abs_diff (bytes, stride, neighbour, width, height);
          g_assert_cmpfloat (other, >=, mad + c->min_neighbour_mad);
          closest_neighbour = MIN (closest_neighbour, other);
        }
    }

  g_test_message ("%s: %" G_GINT64_FORMAT " frames, %s index, %u visits: "
                  "largest difference to ffmpeg %.4f, smallest to a neighbour %.4f",
                  c->name, n,
                  (const char *[]) { "container", "packets", "sequential" }
                    [_gait_video_decoder_get_index_source (decoder)],
                  visit->len, worst, closest_neighbour);
}

static void
test_properties (void)
{
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GaitVideoDecoder) ntsc = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const guint8 *data;
  gsize stride = 0;
  int num = 0;
  int den = 0;

  if (!have_ffmpeg)
    {
      g_test_skip ("ffmpeg and ffprobe are not installed");
      return;
    }

  decoder = open_case (find_case ("h264-offset.mp4"), &path);
  g_assert_cmpstr (gait_video_decoder_get_path (decoder), ==, path);
  g_assert_cmpint (gait_video_decoder_get_n_frames (decoder), ==, 300);
  g_assert_cmpint (gait_video_decoder_get_width (decoder), ==, 160);
  g_assert_cmpint (gait_video_decoder_get_height (decoder), ==, 120);
  gait_video_decoder_get_rate (decoder, &num, &den);
  g_assert_cmpint (num, ==, 25);
  g_assert_cmpint (den, ==, 1);
  g_assert_cmpfloat (gait_video_decoder_get_fps (decoder), ==, 25.0);
  g_assert_cmpuint (gait_video_decoder_get_cache_size (decoder), ==, 64);

  ntsc = open_case (find_case ("h264-ntsc.mp4"), NULL);
  gait_video_decoder_get_rate (ntsc, &num, &den);
  g_assert_cmpint (num, ==, 30000);
  g_assert_cmpint (den, ==, 1001);
  g_assert_cmpfloat_with_epsilon (gait_video_decoder_get_fps (ntsc), 30000.0 / 1001.0, 1e-12);

  /* RGBA with opaque alpha, rows of stride bytes */
  bytes = gait_video_decoder_get_frame (decoder, 7, &stride, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stride, >=, 160 * 4);
  g_assert_cmpuint (g_bytes_get_size (bytes), >=, stride * 119 + 160 * 4);
  data = g_bytes_get_data (bytes, NULL);
  for (int y = 0; y < 120; y++)
    {
      for (int x = 0; x < 160; x++)
        g_assert_cmpuint (data[y * stride + x * 4 + 3], ==, 255);
    }
}

static void
test_out_of_range (void)
{
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autofree char *path = gait_test_shared_video_path ("dlc_3dtestviews_vid1_camera-1.avi", TRUE);
  g_autofree char *basename = NULL;
  gint64 bad[] = { -1, 12, 13, G_MAXINT64, G_MININT64 };

  if (path == NULL)
    {
      g_test_skip ("GAIT_SHARED_DATA/video is missing");
      return;
    }

  decoder = gait_video_decoder_new (path, NULL);
  g_assert_nonnull (decoder);
  g_assert_cmpint (gait_video_decoder_get_n_frames (decoder), ==, 12);
  basename = g_path_get_basename (path);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize stride = 12345;

      bytes = gait_video_decoder_get_frame (decoder, bad[i], &stride, &error);
      g_assert_null (bytes);
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, basename));
      g_assert_cmpuint (stride, ==, 12345);
    }

  /* and the decoder still works */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = gait_video_decoder_get_frame (decoder, 11, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (bytes);
  }
}

static void
assert_open_fails (const char *path,
                   int         code)
{
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_path_get_basename (path);

  decoder = gait_video_decoder_new (path, &error);
  g_assert_null (decoder);
  g_assert_error (error, GAIT_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, basename));
}

static void
test_not_a_video (void)
{
  g_autofree char *text = g_build_filename (tmp_dir, "not-a-video.mp4", NULL);
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.mp4", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (text, "frame,x,y\n0,1,2\n", -1, &error);
  g_assert_no_error (error);
  assert_open_fails (text, GAIT_ERROR_VIDEO);
  assert_open_fails (missing, GAIT_ERROR_VIDEO);

  if (have_ffmpeg)
    {
      g_autofree char *wav = g_build_filename (tmp_dir, "tone.wav", NULL);
      const char *argv[] = {
        "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
        "-i", "sine=frequency=440:duration=0.2", wav, NULL
      };

      g_assert_true (gait_test_run (argv, NULL));
      assert_open_fails (wav, GAIT_ERROR_VIDEO);
    }
}

static char *
truncated_copy (const char *path,
                const char *name,
                double      fraction)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *out = g_build_filename (tmp_dir, name, NULL);
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (out, contents, (gssize)(length * fraction), &error);
  g_assert_no_error (error);

  return g_steal_pointer (&out);
}

static GBytes *
get_frame_checked (GaitVideoDecoder *decoder,
                   gint64            frame)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = gait_video_decoder_get_frame (decoder, frame, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);

  return bytes;
}

static char *
faststart_copy (const char *path,
                const char *name)
{
  g_autofree char *out = g_build_filename (tmp_dir, name, NULL);
  const char *argv[] = {
    "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", path,
    "-c", "copy", "-movflags", "+faststart", out, NULL
  };

  g_assert_true (gait_test_run (argv, NULL));

  return g_steal_pointer (&out);
}

static void
assert_frame_fails (GaitVideoDecoder *decoder,
                    gint64            frame)
{
  g_autofree char *basename = g_path_get_basename (gait_video_decoder_get_path (decoder));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = gait_video_decoder_get_frame (decoder, frame, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO);
  g_assert_nonnull (strstr (error->message, basename));
  g_test_message ("%s", error->message);
}

static void
test_truncated (void)
{
  g_autofree char *path = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *faststart = NULL;
  g_autofree char *cut_faststart = NULL;
  g_autofree char *intra = NULL;
  g_autofree char *intra_faststart = NULL;
  g_autofree char *cut_intra = NULL;
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n;

  if (!have_ffmpeg)
    {
      g_test_skip ("ffmpeg and ffprobe are not installed");
      return;
    }

  /* The MP4 index (moov) is at the end: cut, there is nothing to open. */
  path = video_path (find_case ("h264-bframes.mp4"));
  cut = truncated_copy (path, "cut.mp4", 0.6);
  assert_open_fails (cut, GAIT_ERROR_VIDEO);

  /* The index at the start, and no B-frames: the container's index is
   * used and promises 90 frames, but those past the cut fail, whatever
   * the order they are asked in, and the rest still work.
   */
  intra = video_path (find_case ("h264-bt709.mp4"));
  intra_faststart = faststart_copy (intra, "faststart-bt709.mp4");
  cut_intra = truncated_copy (intra_faststart, "cut-bt709.mp4", 0.5);
  decoder = gait_video_decoder_new (cut_intra, &error);
  g_assert_no_error (error);
  g_assert_cmpint (_gait_video_decoder_get_index_source (decoder), ==, GAIT_VIDEO_INDEX_CONTAINER);
  g_assert_cmpint (gait_video_decoder_get_n_frames (decoder), ==, 90);
  assert_frame_fails (decoder, 89);
  bytes = get_frame_checked (decoder, 1);
  assert_frame_fails (decoder, 88);
  assert_frame_fails (decoder, 60);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = get_frame_checked (decoder, 0);
  g_clear_object (&decoder);

  /* With B-frames, the packets are read: only those there are counted;
   * the last of them may be damaged.
   */
  faststart = faststart_copy (path, "faststart.mp4");
  cut_faststart = truncated_copy (faststart, "cut-faststart.mp4", 0.5);
  decoder = gait_video_decoder_new (cut_faststart, &error);
  g_assert_no_error (error);
  n = gait_video_decoder_get_n_frames (decoder);
  g_assert_cmpint (n, >, 100);
  g_assert_cmpint (n, <, 200);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = get_frame_checked (decoder, n / 2);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = gait_video_decoder_get_frame (decoder, n - 1, NULL, &error);
  if (bytes == NULL)
    {
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = get_frame_checked (decoder, 0);
}

typedef struct
{
  GMainLoop *loop;
  GBytes    *bytes;
  gsize      stride;
  GError    *error;
} AsyncData;

static void
get_frame_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncData *data = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  data->bytes = gait_video_decoder_get_frame_finish (GAIT_VIDEO_DECODER (object), result,
                                                     &data->stride, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GaitVideoDecoder) sync_decoder = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gint64 frames[] = { 150, 20, 21, 299, 19 };

  if (!have_ffmpeg)
    {
      g_test_skip ("ffmpeg and ffprobe are not installed");
      return;
    }

  decoder = open_case (find_case ("h264-bframes.mp4"), NULL);
  sync_decoder = open_case (find_case ("h264-bframes.mp4"), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      AsyncData data = { loop, NULL, 0, NULL };
      g_autoptr(GBytes) expected = NULL;
      g_autoptr(GError) error = NULL;
      gsize stride = 0;

      gait_video_decoder_get_frame_async (decoder, frames[i], NULL, get_frame_cb, &data);
      g_main_loop_run (loop);
      g_assert_no_error (data.error);
      g_assert_nonnull (data.bytes);

      expected = gait_video_decoder_get_frame (sync_decoder, frames[i], &stride, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (data.stride, ==, stride);
      g_assert_true (g_bytes_equal (data.bytes, expected));
      g_bytes_unref (data.bytes);
    }

  /* errors come back too */
  {
    AsyncData data = { loop, NULL, 0, NULL };

    gait_video_decoder_get_frame_async (decoder, 300, NULL, get_frame_cb, &data);
    g_main_loop_run (loop);
    g_assert_null (data.bytes);
    g_assert_error (data.error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
    g_clear_error (&data.error);
  }

  /* and cancelling before the work starts */
  {
    AsyncData data = { loop, NULL, 0, NULL };
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    gait_video_decoder_get_frame_async (decoder, 5, cancellable, get_frame_cb, &data);
    g_main_loop_run (loop);
    g_assert_null (data.bytes);
    g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&data.error);
  }
}

typedef struct
{
  GaitVideoDecoder *decoder;
  const Reference  *ref;
  const gint64     *frames;
  guint             n_frames;
  guint             n_wrong;
} ThreadData;

static gpointer
decode_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  int width = gait_video_decoder_get_width (data->decoder);
  int height = gait_video_decoder_get_height (data->decoder);

  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < data->n_frames; i++)
        {
          g_autoptr(GBytes) bytes = NULL;
          gsize stride = 0;

          bytes = gait_video_decoder_get_frame (data->decoder, data->frames[i], &stride, NULL);
          if (bytes == NULL ||
              mean_abs_diff (bytes, stride, reference_get (data->ref, data->frames[i]),
                             width, height) != 0.0)
            data->n_wrong++;
        }
    }

  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GArray) visit = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(Reference) ref = { 0 };
  g_autofree char *path = NULL;
  static const gint64 frames_a[] = { 10, 290, 11, 140, 139, 138, 0, 260, 261 };
  static const gint64 frames_b[] = { 280, 5, 6, 7, 200, 150, 151, 249, 250 };
  ThreadData a = { NULL, &ref, frames_a, G_N_ELEMENTS (frames_a), 0 };
  ThreadData b = { NULL, &ref, frames_b, G_N_ELEMENTS (frames_b), 0 };
  GThread *thread_a;
  GThread *thread_b;

  if (!have_ffmpeg)
    {
      g_test_skip ("ffmpeg and ffprobe are not installed");
      return;
    }

  decoder = open_case (find_case ("h264-bframes.mp4"), &path);
  /* a small cache, so that the threads really decode */
  gait_video_decoder_set_cache_size (decoder, 4);
  g_array_append_vals (visit, frames_a, G_N_ELEMENTS (frames_a));
  g_array_append_vals (visit, frames_b, G_N_ELEMENTS (frames_b));
  reference_load (&ref, path, visit, 300, 160, 120);

  a.decoder = b.decoder = decoder;
  thread_a = g_thread_new ("decode-a", decode_thread, &a);
  thread_b = g_thread_new ("decode-b", decode_thread, &b);
  g_thread_join (thread_a);
  g_thread_join (thread_b);

  g_assert_cmpuint (a.n_wrong, ==, 0);
  g_assert_cmpuint (b.n_wrong, ==, 0);
  g_assert_cmpuint (_gait_video_decoder_get_n_seeks (decoder), >, 6);
}

static void
test_cache (void)
{
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GBytes) f200 = NULL;
  g_autoptr(GBytes) f199 = NULL;
  g_autoptr(GBytes) f198 = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) other = NULL;
  guint64 decoded;
  guint64 seeks;

  if (!have_ffmpeg)
    {
      g_test_skip ("ffmpeg and ffprobe are not installed");
      return;
    }

  /* keyframes at 0 and 250 only: frame 200 needs 201 frames decoded */
  decoder = open_case (find_case ("h264-bframes.mp4"), NULL);
  g_assert_cmpint (_gait_video_decoder_get_n_keyframes (decoder), ==, 2);

  /* Opening decoded frame 0; 200 continues from there, decoding at
   * least the 64 frames the cache keeps (137…200) and at most all.
   */
  decoded = _gait_video_decoder_get_n_decoded (decoder);
  seeks = _gait_video_decoder_get_n_seeks (decoder);
  g_assert_cmpuint (decoded, >=, 1);
  g_assert_cmpuint (seeks, ==, 1);
  f200 = get_frame_checked (decoder, 200);
  g_assert_cmpuint (_gait_video_decoder_get_n_decoded (decoder), >=, decoded + 64);
  g_assert_cmpuint (_gait_video_decoder_get_n_decoded (decoder), <=, decoded + 200);
  g_assert_cmpuint (_gait_video_decoder_get_n_seeks (decoder), ==, seeks);
  decoded = _gait_video_decoder_get_n_decoded (decoder);

  /* Stepping back inside the GOP decodes nothing */
  f199 = get_frame_checked (decoder, 199);
  f198 = get_frame_checked (decoder, 198);
  g_assert_cmpuint (_gait_video_decoder_get_n_decoded (decoder), ==, decoded);
  g_assert_false (g_bytes_equal (f199, f200));
  g_assert_false (g_bytes_equal (f198, f199));

  /* as far back as the cache reaches: 64 frames, 137…200 */
  g_clear_pointer (&other, g_bytes_unref);
  other = get_frame_checked (decoder, 137);
  g_assert_cmpuint (_gait_video_decoder_get_n_decoded (decoder), ==, decoded);

  /* Stepping forward from the last decoded frame continues, no seek:
   * exactly one more frame comes out of the decoder.
   */
  g_clear_pointer (&other, g_bytes_unref);
  other = get_frame_checked (decoder, 201);
  g_assert_cmpuint (_gait_video_decoder_get_n_decoded (decoder), ==, decoded + 1);
  g_assert_cmpuint (_gait_video_decoder_get_n_seeks (decoder), ==, seeks);
  g_clear_pointer (&other, g_bytes_unref);
  other = get_frame_checked (decoder, 203);
  g_assert_cmpuint (_gait_video_decoder_get_n_decoded (decoder), ==, decoded + 3);
  g_assert_cmpuint (_gait_video_decoder_get_n_seeks (decoder), ==, seeks);

  /* Across the keyframe at 250, stepping forward still does not seek */
  for (gint64 f = 204; f <= 252; f++)
    {
      g_clear_pointer (&other, g_bytes_unref);
      other = get_frame_checked (decoder, f);
    }
  g_assert_cmpuint (_gait_video_decoder_get_n_decoded (decoder), ==, decoded + 52);
  g_assert_cmpuint (_gait_video_decoder_get_n_seeks (decoder), ==, seeks);

  /* Out of the cache: 136 is decoded again, from the keyframe at 0,
   * and the 64 frames up to it are kept: stepping back is free again.
   */
  g_clear_pointer (&other, g_bytes_unref);
  other = get_frame_checked (decoder, 136);
  g_assert_cmpuint (_gait_video_decoder_get_n_decoded (decoder), >=, decoded + 52 + 64);
  g_assert_cmpuint (_gait_video_decoder_get_n_seeks (decoder), ==, seeks + 1);
  decoded = _gait_video_decoder_get_n_decoded (decoder);
  for (gint64 f = 135; f >= 73; f--)
    {
      g_clear_pointer (&other, g_bytes_unref);
      other = get_frame_checked (decoder, f);
    }
  g_assert_cmpuint (_gait_video_decoder_get_n_decoded (decoder), ==, decoded);
  g_assert_cmpuint (_gait_video_decoder_get_n_seeks (decoder), ==, seeks + 1);

  /* Without a cache, every step back decodes from the keyframe */
  gait_video_decoder_set_cache_size (decoder, 0);
  g_assert_cmpuint (gait_video_decoder_get_cache_size (decoder), ==, 0);
  g_clear_pointer (&again, g_bytes_unref);
  again = get_frame_checked (decoder, 200);
  g_assert_true (g_bytes_equal (again, f200));
  decoded = _gait_video_decoder_get_n_decoded (decoder);
  g_clear_pointer (&again, g_bytes_unref);
  again = get_frame_checked (decoder, 199);
  g_assert_true (g_bytes_equal (again, f199));
  g_assert_cmpuint (_gait_video_decoder_get_n_decoded (decoder), >, decoded + 1);
  g_assert_cmpuint (_gait_video_decoder_get_n_seeks (decoder), ==, seeks + 2);
  decoded = _gait_video_decoder_get_n_decoded (decoder);
  g_clear_pointer (&again, g_bytes_unref);
  again = get_frame_checked (decoder, 198);
  g_assert_true (g_bytes_equal (again, f198));
  g_assert_cmpuint (_gait_video_decoder_get_n_decoded (decoder), >, decoded + 1);
  g_assert_cmpuint (_gait_video_decoder_get_n_seeks (decoder), ==, seeks + 3);
}

/* Smaller pictures for display: the right size, the same frame (compared
 * with ffmpeg's full-size frame averaged down), and back at full size the
 * exact bytes again. */
/* The cache's byte bound holds for what it really keeps: the frames
 * before a jump target are kept as decoded pictures of the stream's size,
 * however small the output (a video pane a few hundred pixels wide). */
static void
test_cache_budget (void)
{
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GBytes) frame = NULL;
  gsize picture, budget;
  int width, height;

  if (!have_ffmpeg)
    {
      g_test_skip ("ffmpeg is not installed");
      return;
    }

  decoder = open_case (find_case ("h264-bframes.mp4"), NULL);
  width = gait_video_decoder_get_width (decoder);
  height = gait_video_decoder_get_height (decoder);
  gait_video_decoder_set_output_size (decoder, width / 4, height / 4);

  /* room for ten decoded 4:2:0 pictures (1.5 bytes a pixel), where
   * small RGBA frames (a sixteenth of 4 bytes a pixel) would take 60 */
  picture = (gsize)width * height * 3 / 2;
  budget = 10 * picture;
  _gait_video_decoder_set_cache_budget (decoder, budget);

  /* keyframe at 0: 200 is reached by decoding all before it */
  frame = get_frame_checked (decoder, 200);
  g_assert_cmpuint (_gait_video_decoder_get_n_cached (decoder), >=, 2);
  g_assert_cmpuint (_gait_video_decoder_get_n_cached (decoder) * picture, <=, budget);

  /* a larger budget: the frame count bound again */
  _gait_video_decoder_set_cache_budget (decoder, 1000 * picture);
  g_clear_pointer (&frame, g_bytes_unref);
  frame = get_frame_checked (decoder, 120);
  g_assert_cmpuint (_gait_video_decoder_get_n_cached (decoder), ==, 64);
}

static void
test_output_size (void)
{
  const VideoCase *c = find_case ("h264-bframes.mp4");
  g_autofree char *path = NULL;
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GBytes) small = NULL;
  g_autoptr(GBytes) full = NULL;
  g_autoptr(GBytes) reference = NULL;
  g_autoptr(GError) error = NULL;
  int width, height, sw, sh;
  gsize stride;
  const gint64 frames[] = { 40, 41 };
  double mean_own = 0, mean_other = 0;

  if (!have_ffmpeg)
    {
      g_test_skip ("ffmpeg is not installed");
      return;
    }

  decoder = open_case (c, &path);
  width = gait_video_decoder_get_width (decoder);
  height = gait_video_decoder_get_height (decoder);

  /* half the size in either direction: aspect kept, even sizes */
  gait_video_decoder_set_output_size (decoder, width / 2, height * 4);
  gait_video_decoder_get_output_size (decoder, &sw, &sh);
  g_assert_cmpint (sw, ==, (width / 2) & ~1);
  g_assert_cmpint (sh, ==, (int)(height * ((double)((width / 2) & ~1) / width) + 0.5) & ~1);

  /* larger than the stream: the stream's size */
  gait_video_decoder_set_output_size (decoder, width * 3, height * 3);
  gait_video_decoder_get_output_size (decoder, &sw, &sh);
  g_assert_cmpint (sw, ==, width);
  g_assert_cmpint (sh, ==, height);

  gait_video_decoder_set_output_size (decoder, width / 2, height / 2);
  gait_video_decoder_get_output_size (decoder, &sw, &sh);
  g_assert_cmpint (sw, <=, width / 2);
  g_assert_cmpint (sh, <=, height / 2);

  for (guint k = 0; k < G_N_ELEMENTS (frames); k++)
    {
      const guint8 *ref;
      const guint8 *ours;
      double own = 0;

      g_clear_pointer (&small, g_bytes_unref);
      small = gait_video_decoder_get_frame (decoder, frames[0], &stride, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (stride, >=, (gsize)sw * 4);
      g_assert_cmpuint (g_bytes_get_size (small), >=, stride * (sh - 1) + (gsize)sw * 4);

      g_clear_pointer (&reference, g_bytes_unref);
      reference = ffmpeg_frame (path, frames[k]);
      ref = g_bytes_get_data (reference, NULL);
      ours = g_bytes_get_data (small, NULL);

      /* each small pixel against the mean of the full frame's pixels it covers */
      for (int y = 0; y < sh; y++)
        for (int x = 0; x < sw; x++)
          for (int ch = 0; ch < 3; ch++)
            {
              int x0 = x * width / sw, x1 = (x + 1) * width / sw;
              int y0 = y * height / sh, y1 = (y + 1) * height / sh;
              double sum = 0;

              for (int yy = y0; yy < y1; yy++)
                for (int xx = x0; xx < x1; xx++)
                  sum += ref[((gsize)yy * width + xx) * 4 + ch];
              own += fabs (ours[y * stride + x * 4 + ch] - sum / ((x1 - x0) * (y1 - y0)));
            }
      own /= (double)sw * sh * 3;
      if (k == 0)
        mean_own = own;
      else
        mean_other = own;
    }

  g_test_message ("scaled frame vs its own full frame %.2f, vs the next frame %.2f", mean_own, mean_other);
  /* area averaging of 4:2:0 pictures is close to the mean of the full
   * frame (6.5 measured), and clearly closer than to the next frame (11.3) */
  g_assert_cmpfloat (mean_own, <, 8.0);
  g_assert_cmpfloat (mean_own, <, 0.75 * mean_other);

  /* back to full size: ffmpeg's bytes exactly, not a cached small picture */
  gait_video_decoder_set_output_size (decoder, 0, 0);
  full = gait_video_decoder_get_frame (decoder, frames[0], &stride, &error);
  g_assert_no_error (error);
  g_clear_pointer (&reference, g_bytes_unref);
  reference = ffmpeg_frame (path, frames[0]);
  g_assert_cmpfloat (mean_abs_diff (full, stride, g_bytes_get_data (reference, NULL), width, height), ==, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *ffmpeg = NULL;
  g_autofree char *ffprobe = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  ffmpeg = g_find_program_in_path ("ffmpeg");
  ffprobe = g_find_program_in_path ("ffprobe");
  have_ffmpeg = ffmpeg != NULL && ffprobe != NULL;

  tmp_dir = gait_test_make_tmpdir ("gait-video-decoder-XXXXXX");

  for (guint i = 0; i < G_N_ELEMENTS (video_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/video-decoder/matches-ffmpeg/%s",
                                               video_cases[i].name);

      g_test_add_data_func (name, &video_cases[i], test_frames_match_ffmpeg);
    }

  g_test_add_func ("/video-decoder/properties", test_properties);
  g_test_add_func ("/video-decoder/out-of-range", test_out_of_range);
  g_test_add_func ("/video-decoder/not-a-video", test_not_a_video);
  g_test_add_func ("/video-decoder/truncated", test_truncated);
  g_test_add_func ("/video-decoder/async", test_async);
  g_test_add_func ("/video-decoder/threads", test_threads);
  g_test_add_func ("/video-decoder/cache", test_cache);
  g_test_add_func ("/video-decoder/cache-budget", test_cache_budget);
  g_test_add_func ("/video-decoder/output-size", test_output_size);

  ret = g_test_run ();

  gait_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
