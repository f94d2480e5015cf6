/* test-trace.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gait-detector.h"
#include "gait-error.h"
#include "gait-synth.h"
#include "gait-test-util.h"
#include "gait-trace.h"
#include "gait-trace-extractor.h"
#include "gait-tracking.h"
#include "gait-video-decoder.h"

/*
 * Pixel-intensity traces are checked against window means computed here,
 * independently, from the pictures the ffmpeg tool writes:
 *   ffmpeg -i VIDEO -fps_mode passthrough -vf extractplanes=y -f rawvideo -
 * (the luma plane as decoded, 8 or 16 bits a sample) or, for video without
 * luma and to compare with a greyscale video,
 *   ffmpeg -i VIDEO -fps_mode passthrough -f rawvideo -pix_fmt gray -
 * Every value must be equal, exactly.
 */

typedef enum
{
  REF_LUMA,        /* extractplanes=y, 8 bits */
  REF_LUMA16,      /* extractplanes=y, 16-bit little-endian words */
  REF_GRAY,        /* -pix_fmt gray */
} RefKind;

typedef struct
{
  const char         *name;        /* in the temporary directory, or GAIT_SHARED_DATA/video */
  gboolean            shared;
  const char * const *args;        /* ffmpeg arguments between input and output */
  RefKind             ref;
  int                 depth;       /* of the luma samples */
  gboolean            full_range;  /* luma is what -pix_fmt gray gives */
  gint64              max_frames;  /* reference frames to compare; 0: all */
} VideoCase;

#define TESTSRC "testsrc2=size=160x120:rate=25"

static const char * const h264_bframes_args[] = {
  "-f", "lavfi", "-i", TESTSRC, "-frames:v", "120",
  "-c:v", "libx264", "-preset", "ultrafast", "-bf", "3", "-g", "50",
  "-x264-params", "b-adapt=0", "-pix_fmt", "yuv420p", NULL
};
static const char * const h264_10bit_args[] = {
  "-f", "lavfi", "-i", TESTSRC, "-frames:v", "40",
  "-c:v", "libx264", "-bf", "2", "-pix_fmt", "yuv420p10le", NULL
};
static const char * const png_rgb_args[] = {
  "-f", "lavfi", "-i", TESTSRC, "-frames:v", "20",
  "-c:v", "png", "-pix_fmt", "rgb24", NULL
};
/* Long enough to decode for a while: progress and cancellation */
static const char * const long_args[] = {
  "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-frames:v", "1500",
  "-c:v", "libx264", "-preset", "ultrafast", "-bf", "3", "-pix_fmt", "yuv420p", NULL
};

static const VideoCase video_cases[] = {
  { "dlc_3dtestviews_vid1_camera-1.avi", TRUE, NULL, REF_LUMA, 8, TRUE, 0 },
  { "kiehnlab_SIDEVIEW_Cage1_0L0R_20cms_0degUP_4.avi", TRUE, NULL, REF_LUMA, 8, FALSE, 0 },
  { "dlc_openfield_m3v1mp4.mp4", TRUE, NULL, REF_LUMA, 8, FALSE, 150 },
  { "h264-bframes.mp4", FALSE, h264_bframes_args, REF_LUMA, 8, FALSE, 0 },
  { "h264-10bit.mkv", FALSE, h264_10bit_args, REF_LUMA16, 10, FALSE, 0 },
  { "png-rgb.mkv", FALSE, png_rgb_args, REF_GRAY, 8, TRUE, 0 },
};

static const VideoCase long_case = { "long.mp4", FALSE, long_args, REF_LUMA, 8, FALSE, 0 };

static char *tmp_dir;
static gboolean have_ffmpeg;

/* Helpers */

/* The path of a test video, made on first use; NULL to skip */
static char *
video_path (const VideoCase *c)
{
  if (c->shared)
    return gait_test_shared_video_path (c->name, TRUE);

  if (!have_ffmpeg)
    return NULL;

  return gait_test_make_video (tmp_dir, c->name, c->args, NULL);
}

static char *
case_path_or_skip (const VideoCase *c)
{
  char *path = NULL;

  if (!have_ffmpeg)
    g_test_skip ("ffmpeg and ffprobe are needed");
  else if ((path = video_path (c)) == NULL)
    g_test_skip ("GAIT_SHARED_DATA/video has not this video");

  return path;
}

/* The reference pictures: one sample per pixel, tightly packed */
typedef struct
{
  GBytes *bytes;
  int     width;
  int     height;
  int     bytes_per_sample;
  double  scale;            /* a sample / scale is the grey value */
  gint64  n_frames;
} Pictures;

static void
pictures_clear (Pictures *p)
{
  g_clear_pointer (&p->bytes, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pictures, pictures_clear)

static void
pictures_load (Pictures   *p,
               const char *path,
               RefKind     kind,
               int         depth,
               gint64      max_frames,
               int         width,
               int         height)
{
  g_autofree char *frames = g_strdup_printf ("%" G_GINT64_FORMAT, max_frames);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  gsize frame_size;

  g_ptr_array_add (argv, (char *)"ffmpeg");
  g_ptr_array_add (argv, (char *)"-nostdin");
  g_ptr_array_add (argv, (char *)"-v");
  g_ptr_array_add (argv, (char *)"error");
  g_ptr_array_add (argv, (char *)"-i");
  g_ptr_array_add (argv, (char *)path);
  g_ptr_array_add (argv, (char *)"-fps_mode");
  g_ptr_array_add (argv, (char *)"passthrough");
  if (max_frames > 0)
    {
      g_ptr_array_add (argv, (char *)"-frames:v");
      g_ptr_array_add (argv, frames);
    }
  if (kind == REF_GRAY)
    {
      g_ptr_array_add (argv, (char *)"-pix_fmt");
      g_ptr_array_add (argv, (char *)"gray");
    }
  else
    {
      g_ptr_array_add (argv, (char *)"-vf");
      g_ptr_array_add (argv, (char *)"extractplanes=y");
      if (kind == REF_LUMA16)
        {
          g_ptr_array_add (argv, (char *)"-pix_fmt");
          g_ptr_array_add (argv, (char *)(depth == 10 ? "gray10le" : "gray16le"));
        }
    }
  g_ptr_array_add (argv, (char *)"-f");
  g_ptr_array_add (argv, (char *)"rawvideo");
  g_ptr_array_add (argv, (char *)"-");
  g_ptr_array_add (argv, NULL);

  g_assert_true (gait_test_run ((const char * const *)argv->pdata, &p->bytes));

  p->width = width;
  p->height = height;
  p->bytes_per_sample = kind == REF_LUMA16 ? 2 : 1;
  p->scale = kind == REF_LUMA16 ? (double)(1 << (depth - 8)) : 1.0;
  frame_size = (gsize)width * height * p->bytes_per_sample;
  g_assert_cmpuint (g_bytes_get_size (p->bytes) % frame_size, ==, 0);
  p->n_frames = g_bytes_get_size (p->bytes) / frame_size;
}

static guint
pictures_sample (const Pictures *p,
                 gint64          frame,
                 int             x,
                 int             y)
{
  const guint8 *data = g_bytes_get_data (p->bytes, NULL);
  gsize index = ((gsize)frame * p->height + y) * p->width + x;

  if (p->bytes_per_sample == 1)
    return data[index];

  return data[2 * index] | (guint)data[2 * index + 1] << 8;
}

/* optimap's windows, computed the plain way: every pixel tested */
static double
window_mean (const Pictures  *p,
             gint64           frame,
             int              x,
             int              y,
             GaitTraceWindow  window,
             guint            size)
{
  double sum = 0;
  guint64 count = 0;
  int s = (int)size;

  if (window == GAIT_TRACE_WINDOW_PIXEL || size <= 1)
    return pictures_sample (p, frame, x, y) / p->scale;

  for (int r = y - s; r <= y + s; r++)
    for (int c = x - s; c <= x + s; c++)
      {
        gboolean inside;

        if (r < 0 || c < 0 || r >= p->height || c >= p->width)
          continue;

        if (window == GAIT_TRACE_WINDOW_RECT)
          inside = r >= y - s / 2 && r < y + s / 2 + s % 2 &&
                   c >= x - s / 2 && c < x + s / 2 + s % 2;
        else
          inside = (double)(r - y) * (r - y) + (double)(c - x) * (c - x) <= (s / 2.0) * (s / 2.0);

        if (inside)
          {
            sum += pictures_sample (p, frame, c, r);
            count++;
          }
      }

  g_assert_cmpuint (count, >, 0);

  return sum / (double)count / p->scale;
}

typedef struct
{
  int             x;
  int             y;
  GaitTraceWindow window;
  guint           size;
} Spec;

/* Every kind of window: odd and even sizes, sizes 0 and 1, clipped at
 * each border and corner.
 */
static GArray *
make_specs (int width,
            int height)
{
  GArray *specs = g_array_new (FALSE, FALSE, sizeof (Spec));
  const Spec list[] = {
    { 0, 0, GAIT_TRACE_WINDOW_PIXEL, 1 },
    { width - 1, height - 1, GAIT_TRACE_WINDOW_PIXEL, 7 },
    { width / 2, height / 3, GAIT_TRACE_WINDOW_PIXEL, 0 },
    { width / 2, height / 2, GAIT_TRACE_WINDOW_RECT, 5 },
    { width / 2, height / 2, GAIT_TRACE_WINDOW_RECT, 4 },
    { 0, height - 1, GAIT_TRACE_WINDOW_RECT, 6 },
    { width - 2, 1, GAIT_TRACE_WINDOW_RECT, 7 },
    { width / 3, height / 4, GAIT_TRACE_WINDOW_RECT, 2 },
    { width / 4, height / 4, GAIT_TRACE_WINDOW_RECT, 1 },
    { width / 4, height / 5, GAIT_TRACE_WINDOW_RECT, 0 },
    { width / 3, height / 2, GAIT_TRACE_WINDOW_RECT, 31 },
    { width / 2, height / 2, GAIT_TRACE_WINDOW_DISC, 5 },
    { width / 2, height / 2, GAIT_TRACE_WINDOW_DISC, 4 },
    { 1, 1, GAIT_TRACE_WINDOW_DISC, 9 },
    { width - 1, height / 2, GAIT_TRACE_WINDOW_DISC, 10 },
    { width / 5, height - 2, GAIT_TRACE_WINDOW_DISC, 2 },
    { width / 5, height / 5, GAIT_TRACE_WINDOW_DISC, 3 },
    { width / 6, height / 6, GAIT_TRACE_WINDOW_DISC, 1 },
    { (2 * width) / 3, height / 2, GAIT_TRACE_WINDOW_DISC, 31 },
    { width - 3, height - 3, GAIT_TRACE_WINDOW_DISC, 8 },
  };

  g_array_append_vals (specs, list, G_N_ELEMENTS (list));

  return specs;
}

static GaitTraceExtractor *
new_extractor (const char *path,
               const Spec *specs,
               guint       n_specs)
{
  g_autoptr(GaitTraceExtractor) extractor = NULL;
  g_autoptr(GError) error = NULL;

  extractor = gait_trace_extractor_new (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_specs; i++)
    {
      gait_trace_extractor_add (extractor, NULL, specs[i].x, specs[i].y,
                                specs[i].window, specs[i].size, &error);
      g_assert_no_error (error);
    }

  return g_steal_pointer (&extractor);
}

static GPtrArray *
run_sync (const char *path,
          const Spec *specs,
          guint       n_specs)
{
  g_autoptr(GaitTraceExtractor) extractor = new_extractor (path, specs, n_specs);
  g_autoptr(GError) error = NULL;
  GPtrArray *traces;

  traces = gait_trace_extractor_run (extractor, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (traces);
  g_assert_cmpuint (traces->len, ==, n_specs);

  return traces;
}

/* Traces against ffmpeg's pictures */

static void
test_matches_ffmpeg (gconstpointer data)
{
  const VideoCase *c = data;
  g_autofree char *path = case_path_or_skip (c);
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GaitTraceExtractor) probe = NULL;
  g_autoptr(GPtrArray) traces = NULL;
  g_autoptr(GArray) specs = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Pictures) pictures = { 0 };
  g_auto(Pictures) grey = { 0 };
  gint64 n_frames;
  int width, height;

  if (path == NULL)
    return;

  probe = gait_trace_extractor_new (path, &error);
  g_assert_no_error (error);
  width = gait_trace_extractor_get_width (probe);
  height = gait_trace_extractor_get_height (probe);

  decoder = gait_video_decoder_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (width, ==, gait_video_decoder_get_width (decoder));
  g_assert_cmpint (height, ==, gait_video_decoder_get_height (decoder));
  g_assert_cmpfloat (gait_trace_extractor_get_fps (probe), ==, gait_video_decoder_get_fps (decoder));
  n_frames = gait_video_decoder_get_n_frames (decoder);

  specs = make_specs (width, height);
  traces = run_sync (path, (const Spec *)(gpointer)specs->data, specs->len);

  pictures_load (&pictures, path, c->ref, c->depth, c->max_frames, width, height);
  if (c->max_frames > 0)
    g_assert_cmpint (pictures.n_frames, ==, MIN (c->max_frames, n_frames));
  else
    g_assert_cmpint (pictures.n_frames, ==, n_frames);

  for (guint i = 0; i < specs->len; i++)
    {
      const Spec *s = &g_array_index (specs, Spec, i);
      GaitTrace *trace = g_ptr_array_index (traces, i);
      gsize n_values;
      const double *values = gait_trace_get_values (trace, &n_values);

      /* One value per frame, numbered as GaitVideoDecoder does */
      g_assert_cmpint ((gint64)n_values, ==, n_frames);
      g_assert_cmpfloat (gait_trace_get_fps (trace), ==, gait_video_decoder_get_fps (decoder));

      for (gint64 f = 0; f < pictures.n_frames; f++)
        {
          double expected = window_mean (&pictures, f, s->x, s->y, s->window, s->size);

          if (values[f] != expected)
            g_error ("%s: trace %u (%s at %d, %d, size %u), frame %" G_GINT64_FORMAT
                     ": %.17g, ffmpeg's pictures give %.17g", c->name, i,
                     gait_trace_window_to_string (s->window), s->x, s->y, s->size,
                     f, values[f], expected);
        }
    }

  /* Full-range luma is what a greyscale video holds, byte for byte */
  if (c->full_range && c->ref != REF_GRAY)
    {
      pictures_load (&grey, path, REF_GRAY, 8, c->max_frames, width, height);
      g_assert_true (g_bytes_equal (grey.bytes, pictures.bytes));
    }

  /* Limited range: what optimap would get from `-pix_fmt gray` instead */
  if (!c->full_range && c->ref == REF_LUMA && g_test_verbose ())
    {
      double max_diff = 0, max_norm_diff = 0;

      pictures_load (&grey, path, REF_GRAY, 8, c->max_frames, width, height);

      for (guint i = 0; i < specs->len; i++)
        {
          const Spec *s = &g_array_index (specs, Spec, i);
          const double *values = gait_trace_get_values (g_ptr_array_index (traces, i), NULL);
          g_autofree double *ours = g_new (double, grey.n_frames);
          g_autofree double *theirs = g_new (double, grey.n_frames);

          for (gint64 f = 0; f < grey.n_frames; f++)
            {
              ours[f] = (values[f] - 16.0) * 255.0 / 219.0;
              theirs[f] = window_mean (&grey, f, s->x, s->y, s->window, s->size);
              max_diff = MAX (max_diff, fabs (ours[f] - theirs[f]));
            }

          gait_normalise (ours, grey.n_frames, ours);
          gait_normalise (theirs, grey.n_frames, theirs);
          for (gint64 f = 0; f < grey.n_frames; f++)
            max_norm_diff = MAX (max_norm_diff, fabs (ours[f] - theirs[f]));
        }

      g_test_message ("%s: stretched luma vs -pix_fmt gray: max difference %.3f grey levels, "
                      "%.4f after normalisation", c->name, max_diff, max_norm_diff);
    }
}

/* One pass for several traces gives what one pass each gives */
static void
test_one_pass (void)
{
  g_autofree char *path = case_path_or_skip (&video_cases[3]);
  g_autoptr(GPtrArray) together = NULL;
  g_autoptr(GArray) specs = NULL;

  if (path == NULL)
    return;

  specs = make_specs (160, 120);
  together = run_sync (path, (const Spec *)(gpointer)specs->data, specs->len);

  for (guint i = 0; i < specs->len; i++)
    {
      g_autoptr(GPtrArray) alone = run_sync (path, &g_array_index (specs, Spec, i), 1);
      GaitTrace *a = g_ptr_array_index (together, i);
      GaitTrace *b = g_ptr_array_index (alone, 0);
      gsize n_a, n_b;
      const double *va = gait_trace_get_values (a, &n_a);
      const double *vb = gait_trace_get_values (b, &n_b);

      g_assert_cmpstr (gait_trace_get_name (a), ==, gait_trace_get_name (b));
      g_assert_cmpuint (n_a, ==, n_b);
      g_assert_cmpmem (va, n_a * sizeof (double), vb, n_b * sizeof (double));
    }

  /* The same traces added in another order, and twice */
  {
    g_autoptr(GArray) reversed = g_array_new (FALSE, FALSE, sizeof (Spec));
    g_autoptr(GPtrArray) traces = NULL;

    for (guint i = specs->len; i > 0; i--)
      g_array_append_val (reversed, g_array_index (specs, Spec, i - 1));
    g_array_append_val (reversed, g_array_index (specs, Spec, 3));

    traces = run_sync (path, (const Spec *)(gpointer)reversed->data, reversed->len);
    for (guint i = 0; i < specs->len; i++)
      {
        GaitTrace *a = g_ptr_array_index (together, i);
        GaitTrace *b = g_ptr_array_index (traces, specs->len - 1 - i);

        g_assert_cmpmem (gait_trace_get_values (a, NULL), gait_trace_get_n_values (a) * sizeof (double),
                         gait_trace_get_values (b, NULL), gait_trace_get_n_values (b) * sizeof (double));
      }
    g_assert_cmpmem (gait_trace_get_values (g_ptr_array_index (together, 3), NULL), 120 * sizeof (double),
                     gait_trace_get_values (g_ptr_array_index (traces, specs->len), NULL), 120 * sizeof (double));
  }
}

static void
test_names (void)
{
  g_autofree char *path = case_path_or_skip (&video_cases[3]);
  g_autoptr(GaitTraceExtractor) extractor = NULL;
  g_autoptr(GPtrArray) traces = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;

  extractor = gait_trace_extractor_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gait_trace_extractor_get_path (extractor), ==, path);
  g_assert_cmpint (gait_trace_extractor_get_width (extractor), ==, 160);
  g_assert_cmpint (gait_trace_extractor_get_height (extractor), ==, 120);
  g_assert_cmpfloat (gait_trace_extractor_get_fps (extractor), ==, 25.0);

  g_assert_true (gait_trace_extractor_add (extractor, NULL, 10, 20, GAIT_TRACE_WINDOW_RECT, 5, &error));
  g_assert_true (gait_trace_extractor_add (extractor, NULL, 11, 21, GAIT_TRACE_WINDOW_DISC, 4, &error));
  g_assert_true (gait_trace_extractor_add (extractor, NULL, 12, 22, GAIT_TRACE_WINDOW_RECT, 1, &error));
  g_assert_true (gait_trace_extractor_add (extractor, "paw", 13, 23, GAIT_TRACE_WINDOW_PIXEL, 9, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gait_trace_extractor_get_n_traces (extractor), ==, 4);

  traces = gait_trace_extractor_run (extractor, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gait_trace_get_name (g_ptr_array_index (traces, 0)), ==, "x10_y20_rect5");
  g_assert_cmpstr (gait_trace_get_name (g_ptr_array_index (traces, 1)), ==, "x11_y21_disc4");
  g_assert_cmpstr (gait_trace_get_name (g_ptr_array_index (traces, 2)), ==, "x12_y22_pixel");
  g_assert_cmpstr (gait_trace_get_name (g_ptr_array_index (traces, 3)), ==, "paw");

  /* No trace: the video is still read, to no purpose but no harm */
  {
    g_autoptr(GaitTraceExtractor) empty = gait_trace_extractor_new (path, &error);
    g_autoptr(GPtrArray) none = gait_trace_extractor_run (empty, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* Progress and cancellation */

typedef struct
{
  GArray       *fractions;
  GCancellable *cancel_on_progress;
  GPtrArray    *traces;
  GError       *error;
  gboolean      done;
  double        fraction_in_callback;
} AsyncState;

static void
fraction_cb (GaitTraceExtractor *extractor,
             GParamSpec         *pspec,
             AsyncState         *state)
{
  double fraction = gait_trace_extractor_get_fraction (extractor);

  g_array_append_val (state->fractions, fraction);

  if (state->cancel_on_progress != NULL && fraction > 0 && fraction < 1)
    g_cancellable_cancel (state->cancel_on_progress);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncState *state = user_data;

  state->traces = gait_trace_extractor_run_finish (GAIT_TRACE_EXTRACTOR (object), result, &state->error);
  state->fraction_in_callback = gait_trace_extractor_get_fraction (GAIT_TRACE_EXTRACTOR (object));
  state->done = TRUE;
}

static void
async_state_clear (AsyncState *state)
{
  g_clear_pointer (&state->fractions, g_array_unref);
  g_clear_pointer (&state->traces, g_ptr_array_unref);
  g_clear_error (&state->error);
}

static void
run_async_and_wait (GaitTraceExtractor *extractor,
                    GCancellable       *cancellable,
                    AsyncState         *state)
{
  gulong handler;

  state->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  handler = g_signal_connect (extractor, "notify::fraction", G_CALLBACK (fraction_cb), state);

  gait_trace_extractor_run_async (extractor, cancellable, run_done_cb, state);
  while (!state->done)
    g_main_context_iteration (NULL, TRUE);

  /* Nothing may come after the end */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_signal_handler_disconnect (extractor, handler);
}

static void
test_progress (void)
{
  g_autofree char *path = case_path_or_skip (&long_case);
  g_autoptr(GaitTraceExtractor) extractor = NULL;
  AsyncState state = { 0 };
  const Spec spec = { 320, 180, GAIT_TRACE_WINDOW_DISC, 9 };
  gint64 start, elapsed_us;
  double last = -1;

  if (path == NULL)
    return;

  extractor = new_extractor (path, &spec, 1);
  g_assert_cmpfloat (gait_trace_extractor_get_fraction (extractor), ==, 0.0);

  start = g_get_monotonic_time ();
  run_async_and_wait (extractor, NULL, &state);
  elapsed_us = g_get_monotonic_time () - start;

  g_assert_no_error (state.error);
  g_assert_nonnull (state.traces);
  g_assert_cmpuint (gait_trace_get_n_values (g_ptr_array_index (state.traces, 0)), ==, 1500);

  /* Rising, ending at 1, at a bounded rate */
  g_assert_cmpuint (state.fractions->len, >=, 1);
  for (guint i = 0; i < state.fractions->len; i++)
    {
      double f = g_array_index (state.fractions, double, i);

      g_assert_cmpfloat (f, >, last);
      g_assert_cmpfloat (f, <=, 1.0);
      last = f;
    }
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpfloat (state.fraction_in_callback, ==, 1.0);
  g_assert_cmpfloat (gait_trace_extractor_get_fraction (extractor), ==, 1.0);
  g_assert_cmpuint (state.fractions->len, <=, elapsed_us / 100000 + 3);
  g_test_message ("%u progress notifications in %.2f s", state.fractions->len, elapsed_us / 1e6);
  if (elapsed_us > 400000)
    g_assert_cmpuint (state.fractions->len, >=, 2);

  async_state_clear (&state);

  /* A second run starts from 0 and gives the same */
  {
    AsyncState again = { 0 };
    g_autoptr(GPtrArray) first = gait_trace_extractor_run (extractor, NULL, NULL);

    run_async_and_wait (extractor, NULL, &again);
    g_assert_no_error (again.error);
    g_assert_cmpfloat (g_array_index (again.fractions, double, 0), <, 1.0);
    g_assert_cmpmem (gait_trace_get_values (g_ptr_array_index (first, 0), NULL), 1500 * sizeof (double),
                     gait_trace_get_values (g_ptr_array_index (again.traces, 0), NULL), 1500 * sizeof (double));
    async_state_clear (&again);
  }
}

static void
test_cancel (void)
{
  g_autofree char *path = case_path_or_skip (&long_case);
  g_autoptr(GaitTraceExtractor) extractor = NULL;
  const Spec spec = { 10, 10, GAIT_TRACE_WINDOW_RECT, 4 };

  if (path == NULL)
    return;

  extractor = new_extractor (path, &spec, 1);

  /* Cancelled before it starts */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) traces = NULL;
    AsyncState state = { 0 };

    g_cancellable_cancel (cancellable);
    traces = gait_trace_extractor_run (extractor, cancellable, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (traces);

    run_async_and_wait (extractor, cancellable, &state);
    g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (state.traces);
    g_assert_cmpfloat (gait_trace_extractor_get_fraction (extractor), <, 1.0);
    async_state_clear (&state);
  }

  /* Cancelled half way, at the first progress report */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    AsyncState state = { 0 };
    gint64 start = g_get_monotonic_time ();

    state.cancel_on_progress = cancellable;
    run_async_and_wait (extractor, cancellable, &state);
    g_test_message ("cancelled after %.2f s", (g_get_monotonic_time () - start) / 1e6);

    if (state.error == NULL)
      {
        /* Decoded before the first report (100 ms): nothing to cancel */
        g_assert_cmpuint (state.fractions->len, ==, 1);
        g_test_incomplete ("the video was decoded before it could be cancelled");
      }
    else
      {
        g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_assert_null (state.traces);
        g_assert_cmpfloat (gait_trace_extractor_get_fraction (extractor), <, 1.0);
      }
    async_state_clear (&state);
  }

  /* And it can run again */
  {
    AsyncState state = { 0 };

    run_async_and_wait (extractor, NULL, &state);
    g_assert_no_error (state.error);
    g_assert_cmpuint (state.traces->len, ==, 1);
    g_assert_cmpfloat (gait_trace_extractor_get_fraction (extractor), ==, 1.0);
    async_state_clear (&state);
  }
}

/* Errors */

static void
assert_names_file (const GError *error,
                   const char   *path)
{
  g_autofree char *base = g_path_get_basename (path);

  if (strstr (error->message, base) == NULL)
    g_error ("“%s” does not name “%s”", error->message, base);
}

static void
test_outside (void)
{
  g_autofree char *path = case_path_or_skip (&video_cases[3]);
  g_autoptr(GaitTraceExtractor) extractor = NULL;
  g_autoptr(GError) error = NULL;
  const int bad[][2] = { { -1, 0 }, { 0, -1 }, { 160, 0 }, { 0, 120 }, { 160, 120 }, { G_MININT, 5 } };

  if (path == NULL)
    return;

  extractor = gait_trace_extractor_new (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (gait_trace_extractor_add (extractor, NULL, bad[i][0], bad[i][1],
                                                GAIT_TRACE_WINDOW_PIXEL, 1, &error));
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
      assert_names_file (error, path);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }

  /* The corners are inside, and a huge window is only clipped */
  g_assert_true (gait_trace_extractor_add (extractor, NULL, 159, 119, GAIT_TRACE_WINDOW_DISC, 100000, &error));
  g_assert_true (gait_trace_extractor_add (extractor, NULL, 0, 0, GAIT_TRACE_WINDOW_RECT, 100000, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gait_trace_extractor_get_n_traces (extractor), ==, 2);

  {
    g_autoptr(GPtrArray) traces = gait_trace_extractor_run (extractor, NULL, &error);
    const double *disc = gait_trace_get_values (g_ptr_array_index (traces, 0), NULL);
    const double *rect = gait_trace_get_values (g_ptr_array_index (traces, 1), NULL);

    g_assert_no_error (error);
    /* Both cover the whole picture */
    g_assert_cmpfloat (disc[0], ==, rect[0]);
    g_assert_cmpfloat (disc[0], >, 16);
  }
}

static void
test_bad_videos (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.mp4", NULL);
  g_autofree char *text = g_build_filename (tmp_dir, "text.avi", NULL);
  g_autofree char *empty = g_build_filename (tmp_dir, "empty.mp4", NULL);
  g_autofree char *truncated = g_build_filename (tmp_dir, "truncated.mp4", NULL);
  g_autofree char *audio = g_build_filename (tmp_dir, "audio.wav", NULL);
  g_autoptr(GError) error = NULL;
  const char *paths[5];
  guint n_paths = 0;

  g_assert_true (g_file_set_contents (text, "frame,x,y\n0,1,2\n", -1, &error));
  g_assert_true (g_file_set_contents (empty, "", 0, &error));
  g_assert_no_error (error);

  paths[n_paths++] = missing;
  paths[n_paths++] = text;
  paths[n_paths++] = empty;

  if (have_ffmpeg)
    {
      g_autofree char *source = video_path (&video_cases[3]);
      g_autofree char *contents = NULL;
      const char *argv[] = {
        "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=duration=0.5",
        audio, NULL
      };
      gsize length;

      g_assert_true (g_file_get_contents (source, &contents, &length, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (truncated, contents, MIN (length, 2000), &error));
      g_assert_no_error (error);
      g_assert_true (gait_test_run (argv, NULL));

      paths[n_paths++] = truncated;
      paths[n_paths++] = audio;
    }

  for (guint i = 0; i < n_paths; i++)
    {
      g_autoptr(GaitTraceExtractor) extractor = gait_trace_extractor_new (paths[i], &error);

      if (extractor != NULL)
        {
          /* Some damage shows only when decoding */
          g_autoptr(GPtrArray) traces = NULL;

          g_assert_no_error (error);
          g_assert_true (gait_trace_extractor_add (extractor, NULL, 0, 0, GAIT_TRACE_WINDOW_PIXEL, 1, NULL));
          traces = gait_trace_extractor_run (extractor, NULL, &error);
          g_assert_null (traces);
        }

      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO);
      assert_names_file (error, paths[i]);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }
}

/* Landmark traces */

static void
test_landmarks (void)
{
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GArray) truth = NULL;
  g_autoptr(GError) error = NULL;
  GaitSynthParams params;
  GaitDetectParams detect;
  guint n;

  gait_synth_params_init (&params);
  params.seed = 7;
  params.n_frames = 600;
  tracking = gait_synth_generate (&params, NULL, &truth);
  n = gait_tracking_get_n_frames (tracking);

  gait_detect_params_init (&detect, GAIT_METHOD_SEED);
  detect.fps = params.fps;

  for (guint lm = 0; lm < gait_tracking_get_n_landmarks (tracking); lm++)
    {
      g_autoptr(GaitTrace) x = gait_trace_new_for_landmark (tracking, lm, GAIT_LANDMARK_X, &detect, &error);
      g_autoptr(GaitTrace) y = gait_trace_new_for_landmark (tracking, lm, GAIT_LANDMARK_Y, NULL, &error);
      g_autoptr(GaitTrace) speed = gait_trace_new_for_landmark (tracking, lm, GAIT_LANDMARK_SPEED, &detect, &error);
      g_autofree char *x_name = g_strdup_printf ("%s_x", gait_tracking_get_landmark_name (tracking, lm));
      g_autofree char *speed_name = g_strdup_printf ("%s_speed", gait_tracking_get_landmark_name (tracking, lm));
      g_autofree double *expected = g_new (double, n);

      g_assert_no_error (error);
      g_assert_cmpstr (gait_trace_get_name (x), ==, x_name);
      g_assert_cmpstr (gait_trace_get_name (speed), ==, speed_name);
      g_assert_cmpuint (gait_trace_get_n_values (x), ==, n);
      g_assert_cmpfloat (gait_trace_get_fps (x), ==, params.fps);
      g_assert_cmpfloat (gait_trace_get_fps (y), ==, 0.0);
      g_assert_cmpmem (gait_trace_get_values (x, NULL), n * sizeof (double),
                       gait_tracking_get_x (tracking, lm), n * sizeof (double));
      g_assert_cmpmem (gait_trace_get_values (y, NULL), n * sizeof (double),
                       gait_tracking_get_y (tracking, lm), n * sizeof (double));

      g_assert_true (gait_hoof_speed (tracking, &lm, 1, &detect, expected, &error));
      g_assert_cmpmem (gait_trace_get_values (speed, NULL), n * sizeof (double),
                       expected, n * sizeof (double));
    }

  /* Out of range */
  g_assert_null (gait_trace_new_for_landmark (tracking, 1000, GAIT_LANDMARK_X, NULL, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
}

/* The speed's definition on a landmark moving steadily: (|vx| + |vy|) / 5 */
static void
test_landmark_speed (void)
{
  const char *names[] = { "paw", "never", NULL };
  g_autoptr(GaitTracking) tracking = gait_tracking_new (200, 2, names);
  g_autoptr(GaitTrace) speed = NULL;
  g_autoptr(GaitTrace) x = NULL;
  g_autoptr(GError) error = NULL;
  double *px = gait_tracking_get_x_mutable (tracking, 0);
  double *py = gait_tracking_get_y_mutable (tracking, 0);
  double *pl = gait_tracking_get_likelihood_mutable (tracking, 0);
  const double *values;

  for (guint f = 0; f < 200; f++)
    {
      px[f] = 30 + 2.0 * f;
      py[f] = 400 - 0.5 * f;
      pl[f] = 0.99;
    }
  for (guint f = 0; f < 200; f++)
    {
      gait_tracking_get_x_mutable (tracking, 1)[f] = NAN;
      gait_tracking_get_y_mutable (tracking, 1)[f] = NAN;
      gait_tracking_get_likelihood_mutable (tracking, 1)[f] = 0;
    }
  /* Lost for a while: bridged */
  for (guint f = 80; f < 90; f++)
    {
      px[f] = py[f] = NAN;
      pl[f] = 0;
    }

  speed = gait_trace_new_for_landmark (tracking, 0, GAIT_LANDMARK_SPEED, NULL, &error);
  g_assert_no_error (error);
  values = gait_trace_get_values (speed, NULL);
  for (guint f = 0; f < 200; f++)
    g_assert_cmpfloat_with_epsilon (values[f], (2.0 + 0.5) / 5, 1e-9);

  x = gait_trace_new_for_landmark (tracking, 0, GAIT_LANDMARK_X, NULL, &error);
  g_assert_true (isnan (gait_trace_get_values (x, NULL)[85]));

  g_assert_null (gait_trace_new_for_landmark (tracking, 1, GAIT_LANDMARK_SPEED, NULL, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_EMPTY);
}

/* Signals named as the command line names them */
static void
test_signal_specs (void)
{
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GArray) truth = NULL;
  g_autoptr(GError) error = NULL;
  GaitSynthParams params;
  GaitDetectParams detect;
  const char *name;
  gsize n;

  gait_synth_params_init (&params);
  params.seed = 3;
  params.n_frames = 400;
  tracking = gait_synth_generate (&params, &profile, &truth);
  n = gait_tracking_get_n_frames (tracking);
  name = gait_tracking_get_landmark_name (tracking, 2);
  gait_detect_params_init (&detect, GAIT_METHOD_SEED);
  detect.fps = params.fps;

  /* a landmark: bare (its speed) or with a quantity */
  for (guint q = 0; q < 4; q++)
    {
      static const char * const suffixes[] = { "", ":x", ":y", ":speed" };
      static const GaitLandmarkQuantity quantities[] = {
        GAIT_LANDMARK_SPEED, GAIT_LANDMARK_X, GAIT_LANDMARK_Y, GAIT_LANDMARK_SPEED
      };
      g_autofree char *spec = g_strconcat (name, suffixes[q], NULL);
      g_autoptr(GaitTrace) a = gait_trace_new_for_signal (tracking, NULL, spec, &detect, &error);
      g_autoptr(GaitTrace) b = gait_trace_new_for_landmark (tracking, 2, quantities[q], &detect, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gait_trace_get_name (a), ==, gait_trace_get_name (b));
      g_assert_cmpmem (gait_trace_get_values (a, NULL), n * sizeof (double),
                       gait_trace_get_values (b, NULL), n * sizeof (double));
    }

  /* a limb's hoof speed: the detector's signal */
  for (guint limb = 0; limb < gait_profile_get_n_limbs (profile); limb++)
    {
      g_autofree char *spec = g_strdup_printf ("hoof:%s", gait_profile_get_limb_name (profile, limb));
      g_autofree char *expected_name = g_strdup_printf ("%s_hoof_speed", gait_profile_get_limb_name (profile, limb));
      g_autoptr(GaitTrace) a = gait_trace_new_for_signal (tracking, profile, spec, &detect, &error);
      g_autoptr(GArray) distal = gait_profile_resolve_limb (profile, tracking, limb, &error);
      g_autofree double *expected = g_new (double, n);

      g_assert_no_error (error);
      g_assert_true (gait_hoof_speed (tracking, (const guint *) (gpointer) distal->data, distal->len,
                                      &detect, expected, &error));
      g_assert_cmpstr (gait_trace_get_name (a), ==, expected_name);
      g_assert_cmpfloat (gait_trace_get_fps (a), ==, params.fps);
      g_assert_cmpmem (gait_trace_get_values (a, NULL), n * sizeof (double),
                       expected, n * sizeof (double));
    }

  /* what is not a signal says what is wrong */
  {
    const char *bad[] = { "nothing", "hoof:nolimb", ":x", "", "hoof:" };
    g_autofree char *quantity = g_strconcat (name, ":z", NULL);

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_null (gait_trace_new_for_signal (tracking, profile, bad[i], NULL, &error));
        g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
      }
    g_assert_null (gait_trace_new_for_signal (tracking, profile, quantity, NULL, &error));
    g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, quantity));
    g_clear_error (&error);
    g_assert_null (gait_trace_new_for_signal (tracking, NULL, "hoof:LF", NULL, &error));
    g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "profile"));
  }
}

/* Post-processing */

static void
test_normalise (void)
{
  const double x[] = { 2, 4, NAN, 6, 3 };
  const double flat[] = { 5, 5, 5 };
  double out[5];

  gait_normalise (x, 5, out);
  g_assert_cmpfloat (out[0], ==, 0.0);
  g_assert_cmpfloat_with_epsilon (out[1], 0.5, 1e-15);
  g_assert_true (isnan (out[2]));
  g_assert_cmpfloat_with_epsilon (out[3], 1.0, 1e-15);
  g_assert_cmpfloat (out[3], <=, 1.0);
  g_assert_cmpfloat_with_epsilon (out[4], 0.25, 1e-15);

  gait_normalise (flat, 3, out);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (out[i], ==, 0.0);

  memcpy (out, x, sizeof x);
  gait_normalise (out, 5, out);
  g_assert_cmpfloat_with_epsilon (out[1], 0.5, 1e-15);
}

/* scipy.stats.theilslopes the way it does it: all slopes, sorted */
static void
theil_sen_sorted (const double *y,
                  gsize         n,
                  double       *slope,
                  double       *low,
                  double       *high)
{
  gsize n_pairs = n * (n - 1) / 2;
  g_autofree double *slopes = g_new (double, n_pairs);
  g_autofree double *sorted = g_memdup2 (y, n * sizeof (double));
  double ties = 0, sigma;
  gsize k = 0;
  gint64 ru, rl;

  for (gsize i = 0; i < n; i++)
    for (gsize j = i + 1; j < n; j++)
      slopes[k++] = (y[j] - y[i]) / (double)(j - i);
  qsort (slopes, n_pairs, sizeof (double), gait_test_compare_doubles);

  *slope = n_pairs % 2 ? slopes[n_pairs / 2] : (slopes[n_pairs / 2 - 1] + slopes[n_pairs / 2]) / 2;

  qsort (sorted, n, sizeof (double), gait_test_compare_doubles);
  for (gsize i = 0; i < n;)
    {
      gsize j = i;

      while (j < n && sorted[j] == sorted[i])
        j++;
      if (j - i > 1)
        ties += (double)(j - i) * (j - i - 1) * (2.0 * (j - i) + 5);
      i = j;
    }

  sigma = sqrt ((1.0 / 18.0) * ((double)n * (n - 1) * (2.0 * n + 5) - ties));
  ru = MIN ((gint64)nearbyint ((n_pairs + 1.9599639845400545 * sigma) / 2), (gint64)n_pairs - 1);
  rl = MAX ((gint64)nearbyint ((n_pairs - 1.9599639845400545 * sigma) / 2) - 1, 0);
  *low = slopes[rl];
  *high = slopes[ru];
}

static void
test_theil_sen (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autoptr(GError) error = NULL;
  const gsize sizes[] = { 2, 3, 10, 101, 2900, 3100 };
  double slope, low, high;

  /* A line: every slope is its slope */
  {
    const double line[] = { 1, 3, 5, 7, 9 };

    g_assert_true (gait_theil_sen (line, 5, &slope, &low, &high, &error));
    g_assert_cmpfloat (slope, ==, 2.0);
    g_assert_cmpfloat (low, ==, 2.0);
    g_assert_cmpfloat (high, ==, 2.0);
  }

  /* By hand: slopes of (0, 1, 0, 4) are 1, 0, 4/3, -1/2, 3/2, 4: median 7/6 */
  {
    const double y[] = { 0, 1, 0, 4 };

    g_assert_true (gait_theil_sen (y, 4, &slope, NULL, NULL, &error));
    g_assert_cmpfloat_with_epsilon (slope, (1.0 + 4.0 / 3.0) / 2, 1e-15);
  }

  /* Against all slopes sorted; 3100 values have more slopes than are
   * kept in memory, with many ties (rounded values).
   */
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gsize n = sizes[s];
      g_autofree double *y = g_new (double, n);
      double e_slope, e_low, e_high;

      for (gsize i = 0; i < n; i++)
        y[i] = round (0.01 * i + 3 * sin (i / 7.0) + g_rand_double_range (rand, -2, 2));

      g_assert_true (gait_theil_sen (y, n, &slope, &low, &high, &error));
      g_assert_no_error (error);
      theil_sen_sorted (y, n, &e_slope, &e_low, &e_high);
      g_assert_cmpfloat (slope, ==, e_slope);
      g_assert_cmpfloat (low, ==, e_low);
      g_assert_cmpfloat (high, ==, e_high);
      g_assert_cmpfloat (low, <=, slope);
      g_assert_cmpfloat (slope, <=, high);
    }

  {
    const double one[] = { 1 };
    const double nan[] = { 1, NAN, 2 };

    g_assert_false (gait_theil_sen (one, 1, &slope, NULL, NULL, &error));
    g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (gait_theil_sen (nan, 3, &slope, NULL, NULL, &error));
    g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  }
}

/* A periodic signal on a trend: each kind takes most of the trend away */
static void
test_detrend (void)
{
  const gsize n = 1200;
  const double period = 40;
  g_autofree double *x = g_new (double, n);
  g_autofree double *out = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GError) error = NULL;
  double mean_x = 0;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = 100 + 0.05 * i + 10 * sin (2 * G_PI * i / period) + g_rand_double_range (rand, -1, 1);
      mean_x += x[i] / n;
    }

  /* The period is found */
  g_assert_cmpuint (gait_estimate_period (x, n), >=, 38);
  g_assert_cmpuint (gait_estimate_period (x, n), <=, 42);

  for (GaitDetrendKind kind = GAIT_DETREND_MEAN; kind <= GAIT_DETREND_SPLINE; kind++)
    {
      for (int estimate = 0; estimate <= 1; estimate++)
        {
          double slope, mean = 0;

          g_assert_true (gait_detrend (x, n, kind, estimate ? 0 : period, 2, TRUE, out, &error));
          g_assert_no_error (error);

          g_assert_true (gait_theil_sen (out, n, &slope, NULL, NULL, &error));
          for (gsize i = 0; i < n; i++)
            mean += out[i] / n;

          g_test_message ("%s: slope %.5f, mean %.3f (before: 0.05, %.3f)",
                          gait_detrend_kind_to_string (kind), slope, mean, mean_x);
          g_assert_cmpfloat (fabs (slope), <, 0.005);
          /* The baseline is kept */
          g_assert_cmpfloat (fabs (mean - mean_x), <, 2);
        }

      /* Without the baseline, around 0 */
      {
        double mean = 0;

        g_assert_true (gait_detrend (x, n, kind, period, 2, FALSE, out, &error));
        for (gsize i = 0; i < n; i++)
          mean += out[i] / n;
        g_assert_cmpfloat (fabs (mean), <, 2);
      }
    }

  /* None copies; in place works */
  g_assert_true (gait_detrend (x, n, GAIT_DETREND_NONE, 0, 2, TRUE, out, &error));
  g_assert_cmpmem (out, n * sizeof (double), x, n * sizeof (double));
  {
    g_autofree double *separate = g_new (double, n);

    /* in place, the same as into another array */
    g_assert_true (gait_detrend (x, n, GAIT_DETREND_MEDIAN, period, 2, TRUE, separate, &error));
    memcpy (out, x, n * sizeof (double));
    g_assert_true (gait_detrend (out, n, GAIT_DETREND_MEDIAN, period, 2, TRUE, out, &error));
    g_assert_cmpmem (out, n * sizeof (double), separate, n * sizeof (double));
    g_assert_cmpfloat (fabs (out[n / 2] - x[n / 2]), >, 0);
  }

  /* A constant trace stays what it is */
  {
    double flat[50];

    for (guint i = 0; i < 50; i++)
      flat[i] = 7;
    for (GaitDetrendKind kind = GAIT_DETREND_MEAN; kind <= GAIT_DETREND_SPLINE; kind++)
      {
        g_assert_true (gait_detrend (flat, 50, kind, 5, 2, TRUE, out, &error));
        g_assert_no_error (error);
        for (guint i = 0; i < 50; i++)
          g_assert_cmpfloat_with_epsilon (out[i], 7, 1e-9);
      }
  }

  /* Too short, bad window, missing values */
  g_assert_false (gait_detrend (x, 10, GAIT_DETREND_MEAN, 40, 2, TRUE, out, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gait_detrend (x, n, GAIT_DETREND_MEDIAN, 1, 2, TRUE, out, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  x[3] = NAN;
  g_assert_false (gait_detrend (x, n, GAIT_DETREND_LINE, 40, 2, TRUE, out, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
}

/* seasonal's moving mean and median, by hand on a short trace */
static void
test_detrend_by_hand (void)
{
  /* window (int(2 * 2) // 2) * 2 - 1 = 3 */
  const double x[] = { 1, 5, 2, 8, 3, 9, 4 };
  double trend_mean[7], trend_median[7], out[7];
  g_autoptr(GError) error = NULL;
  double mean;

  /* Inside: windows of 3 */
  trend_mean[1] = (1 + 5 + 2) / 3.0;
  trend_mean[2] = (5 + 2 + 8) / 3.0;
  trend_mean[3] = (2 + 8 + 3) / 3.0;
  trend_mean[4] = (8 + 3 + 9) / 3.0;
  trend_mean[5] = (3 + 9 + 4) / 3.0;
  trend_median[1] = 2;
  trend_median[2] = 5;
  trend_median[3] = 3;
  trend_median[4] = 8;
  trend_median[5] = 4;
  /* Ends: the Theil–Sen slope of the first three and last three values of
   * the filtered trace (its ends unfiltered), from its second and
   * second-last values.
   */
  {
    double a[3] = { x[0], trend_mean[1], trend_mean[2] };
    double b[3] = { trend_mean[4], trend_mean[5], x[6] };
    double sa, sb;

    g_assert_true (gait_theil_sen (a, 3, &sa, NULL, NULL, &error));
    g_assert_true (gait_theil_sen (b, 3, &sb, NULL, NULL, &error));
    trend_mean[0] = -1 * sa + trend_mean[1];
    trend_mean[6] = 1 * sb + trend_mean[5];
  }
  {
    double a[3] = { x[0], trend_median[1], trend_median[2] };
    double b[3] = { trend_median[4], trend_median[5], x[6] };
    double sa, sb;

    g_assert_true (gait_theil_sen (a, 3, &sa, NULL, NULL, &error));
    g_assert_true (gait_theil_sen (b, 3, &sb, NULL, NULL, &error));
    trend_median[0] = -1 * sa + trend_median[1];
    trend_median[6] = 1 * sb + trend_median[5];
  }

  g_assert_true (gait_detrend (x, 7, GAIT_DETREND_MEAN, 2, 2, FALSE, out, &error));
  for (guint i = 0; i < 7; i++)
    g_assert_cmpfloat_with_epsilon (out[i], x[i] - trend_mean[i], 1e-12);

  g_assert_true (gait_detrend (x, 7, GAIT_DETREND_MEDIAN, 2, 2, TRUE, out, &error));
  mean = 0;
  for (guint i = 0; i < 7; i++)
    mean += trend_median[i] / 7;
  for (guint i = 0; i < 7; i++)
    g_assert_cmpfloat_with_epsilon (out[i], x[i] - trend_median[i] + mean, 1e-12);

  /* A line: the median-filtered values' slope is (3 - 5) ... its 95 %
   * interval holds 0 for so few values: the trend is the median, 4.
   */
  g_assert_true (gait_detrend (x, 7, GAIT_DETREND_LINE, 2, 2, FALSE, out, &error));
  for (guint i = 0; i < 7; i++)
    g_assert_cmpfloat (out[i], ==, x[i] - 4);

  /* A steep line is all trend */
  {
    double line[30], flat[30];

    for (guint i = 0; i < 30; i++)
      line[i] = 3 * i + (i % 2);
    g_assert_true (gait_detrend (line, 30, GAIT_DETREND_LINE, 2, 2, FALSE, flat, &error));
    for (guint i = 0; i < 30; i++)
      g_assert_cmpfloat (fabs (flat[i]), <=, 1.5);
  }
}

/* A cubic is its own cubic spline: the spline trend takes all of it */
static void
test_detrend_spline (void)
{
  const gsize n = 300;
  g_autofree double *x = g_new (double, n);
  g_autofree double *out = g_new (double, n);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < n; i++)
    {
      double t = i / 100.0;

      x[i] = 2 + t - 3 * t * t + 0.5 * t * t * t;
    }

  /* window 19: aglet ends are lines, so compare the middle */
  g_assert_true (gait_detrend (x, n, GAIT_DETREND_SPLINE, 10, 2, FALSE, out, &error));
  g_assert_no_error (error);
  for (gsize i = 9; i < n - 9; i++)
    g_assert_cmpfloat_with_epsilon (out[i], 0, 1e-9);
}

/* Against SciPy, through the steps of seasonal's fit_trend()
 * (tests/fixtures/gen-trace-fixtures.py)
 */

static void
test_detrend_reference (void)
{
  g_autoptr(GKeyFile) file = gait_test_load_fixture ("trace-detrend.ini");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = g_key_file_get_groups (file, NULL);
  guint n_detrend = 0, n_period = 0, n_slopes = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autofree char *signal = NULL;
      g_autoptr(GArray) values = NULL;
      const double *x;
      gsize n;
      double scale = 1;

      if (g_str_equal (groups[g], "signals"))
        continue;

      signal = g_key_file_get_string (file, groups[g], "signal", &error);
      g_assert_no_error (error);
      values = gait_test_get_doubles (file, "signals", signal);
      g_assert_cmpuint (values->len, >, 0);
      x = (const double *)(gconstpointer)values->data;
      n = values->len;
      for (gsize i = 0; i < n; i++)
        scale = MAX (scale, fabs (x[i]));

      if (g_str_has_prefix (groups[g], "detrend "))
        {
          g_autofree char *kind_name = NULL;
          double period = gait_test_get_double (file, groups[g], "period");
          double ptimes = gait_test_get_double (file, groups[g], "ptimes");
          g_autoptr(GArray) expected_values = gait_test_get_doubles (file, groups[g], "trend");
          const double *expected = (const double *)(gconstpointer)expected_values->data;
          g_autofree double *out = g_new (double, n);
          GaitDetrendKind kind;
          double worst = 0;

          kind_name = g_key_file_get_string (file, groups[g], "kind", &error);
          g_assert_no_error (error);
          g_assert_true (gait_detrend_kind_from_string (kind_name, &kind));
          g_assert_cmpuint (expected_values->len, ==, n);

          g_assert_true (gait_detrend (x, n, kind, period, ptimes, FALSE, out, &error));
          g_assert_no_error (error);

          for (gsize i = 0; i < n; i++)
            {
              double trend = x[i] - out[i];

              worst = MAX (worst, fabs (trend - expected[i]));
              if (fabs (trend - expected[i]) > 1e-9 * scale)
                g_error ("%s (%s of %s, period %g × %g): frame %" G_GSIZE_FORMAT
                         ": trend %.12g, SciPy's %.12g", groups[g], kind_name, signal,
                         period, ptimes, i, trend, expected[i]);
            }
          g_test_message ("%s: %s of %s, period %g: largest difference %.2g",
                          groups[g], kind_name, signal, period, worst);
          n_detrend++;
        }
      else if (g_str_has_prefix (groups[g], "period "))
        {
          guint expected = gait_test_get_uint (file, groups[g], "period");

          g_assert_cmpuint (gait_estimate_period (x, n), ==, expected);
          n_period++;
        }
      else if (g_str_has_prefix (groups[g], "theilslopes "))
        {
          double slope, low, high;

          g_assert_true (gait_theil_sen (x, n, &slope, &low, &high, &error));
          g_assert_no_error (error);
          g_assert_cmpfloat (slope, ==, gait_test_get_double (file, groups[g], "slope"));
          g_assert_cmpfloat (low, ==, gait_test_get_double (file, groups[g], "low"));
          g_assert_cmpfloat (high, ==, gait_test_get_double (file, groups[g], "high"));
          n_slopes++;
        }
      else
        g_error ("%s: a group the test does not know", groups[g]);
    }

  g_assert_cmpuint (n_detrend, ==, 36);
  g_assert_cmpuint (n_period, ==, 5);
  g_assert_cmpuint (n_slopes, ==, 6);
}

static void
test_process (void)
{
  const double values[] = { 10, 12, 11, 15, 13, 17, 16, 20, 18, 22 };
  g_autoptr(GaitTrace) trace = gait_trace_new ("paw", values, 10, 50);
  g_autoptr(GaitTrace) normalised = NULL;
  g_autoptr(GaitTrace) detrended = NULL;
  g_autoptr(GError) error = NULL;
  GaitTraceProcessing processing;
  const double *v;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

  gait_trace_processing_init (&processing);
  g_assert_cmpint (processing.detrend, ==, GAIT_DETREND_NONE);
  g_assert_cmpfloat (processing.ptimes, ==, 2);
  g_assert_true (processing.retain_baseline);
  g_assert_false (processing.normalise);

  processing.normalise = TRUE;
  normalised = gait_trace_process (trace, &processing, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gait_trace_get_name (normalised), ==, "paw");
  g_assert_cmpfloat (gait_trace_get_fps (normalised), ==, 50);
  v = gait_trace_get_values (normalised, NULL);
  g_assert_cmpfloat (v[0], ==, 0);
  g_assert_cmpfloat_with_epsilon (v[9], 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (v[3], 5.0 / 12, 1e-12);

  processing.detrend = GAIT_DETREND_MEAN;
  processing.period = 2;
  detrended = gait_trace_process (trace, &processing, &error);
  g_assert_no_error (error);
  v = gait_trace_get_values (detrended, NULL);
  for (guint i = 0; i < 10; i++)
    {
      lo = MIN (lo, v[i]);
      hi = MAX (hi, v[i]);
    }
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat_with_epsilon (hi, 1, 1e-12);

  processing.period = 100;
  g_assert_null (gait_trace_process (trace, &processing, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);

  /* The original is untouched */
  g_assert_cmpmem (gait_trace_get_values (trace, NULL), sizeof values, values, sizeof values);
}

static void
test_csv (void)
{
  const double a[] = { 1.5, NAN, 100.0 / 3 };
  const double b[] = { 0.25, 7 };
  g_autoptr(GaitTrace) ta = gait_trace_new ("x10_y20_rect5", a, 3, 50);
  g_autoptr(GaitTrace) tb = gait_trace_new ("paw, left", b, 2, 25);
  g_autoptr(GaitTrace) tc = gait_trace_new ("c", b, 2, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "traces.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *read_back = NULL;
  GaitTrace *both[2];
  GaitTrace *no_fps[1];

  both[0] = ta;
  both[1] = tb;
  text = gait_traces_to_csv (both, 2);
  g_assert_cmpstr (text, ==,
                   "frame,time,x10_y20_rect5,\"paw, left\"\n"
                   "0,0.000000,1.5,0.25\n"
                   "1,0.020000,,7\n"
                   "2,0.040000,33.33333333,\n");

  no_fps[0] = tc;
  g_clear_pointer (&text, g_free);
  text = gait_traces_to_csv (no_fps, 1);
  g_assert_cmpstr (text, ==, "frame,time,c\n0,,0.25\n1,,7\n");

  g_assert_true (gait_traces_save_csv (both, 2, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &read_back, NULL, &error));
  g_clear_pointer (&text, g_free);
  text = gait_traces_to_csv (both, 2);
  g_assert_cmpstr (read_back, ==, text);

  {
    g_autofree char *bad = g_build_filename (tmp_dir, "no-such-dir", "traces.csv", NULL);

    g_assert_false (gait_traces_save_csv (both, 2, bad, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "traces.csv"));
  }
}

static void
test_window_names (void)
{
  GaitTraceWindow window;
  GaitDetrendKind kind;

  for (GaitTraceWindow w = GAIT_TRACE_WINDOW_RECT; w <= GAIT_TRACE_WINDOW_PIXEL; w++)
    {
      g_assert_true (gait_trace_window_from_string (gait_trace_window_to_string (w), &window));
      g_assert_cmpint (window, ==, w);
    }
  g_assert_false (gait_trace_window_from_string ("square", &window));

  for (GaitDetrendKind k = GAIT_DETREND_NONE; k <= GAIT_DETREND_SPLINE; k++)
    {
      g_assert_true (gait_detrend_kind_from_string (gait_detrend_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_false (gait_detrend_kind_from_string ("linear", &kind));
}

/* gaitline-cli trace, end to end */

static int
run_cli (const char * const  *args,
         char               **out,
         char               **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *)g_getenv ("GAITLINE_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

static void
test_cli (void)
{
  g_autofree char *path = NULL;
  g_autofree char *csv = g_build_filename (tmp_dir, "cli-traces.csv", NULL);
  const Spec specs[] = {
    { 10, 20, GAIT_TRACE_WINDOW_RECT, 5 },
    { 30, 40, GAIT_TRACE_WINDOW_DISC, 4 },
    { 5, 5, GAIT_TRACE_WINDOW_PIXEL, 1 },
    { 159, 0, GAIT_TRACE_WINDOW_RECT, 6 },
  };
  g_autoptr(GPtrArray) traces = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;

  if (g_getenv ("GAITLINE_CLI") == NULL)
    {
      g_test_skip ("GAITLINE_CLI is not set");
      return;
    }

  path = case_path_or_skip (&video_cases[3]);
  if (path == NULL)
    return;

  traces = run_sync (path, specs, G_N_ELEMENTS (specs));

  /* To a file: the core's traces */
  {
    const char *args[] = { "trace", path, "--at", "10,20", "--at", "30,40:disc:4",
                           "--at", "5,5:pixel", "--at", "159,0:rect:6", "-o", csv, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_true (g_file_get_contents (csv, &written, NULL, &error));
    expected = gait_traces_to_csv ((GaitTrace * const *)traces->pdata, traces->len);
    g_assert_cmpstr (written, ==, expected);
    g_assert_cmpstr (out, ==, "");
    /* Not a terminal: no progress, only the summary */
    g_assert_null (strstr (err, "%"));
    g_assert_nonnull (strstr (err, "4 traces of 120 frames"));
  }

  /* Detrended and normalised, to standard output */
  {
    const char *args[] = { "trace", path, "--at", "10,20", "--detrend=mean", "--period", "5",
                           "--normalise", NULL };
    g_autoptr(GaitTrace) processed = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *text = NULL;
    GaitTraceProcessing processing;

    gait_trace_processing_init (&processing);
    processing.detrend = GAIT_DETREND_MEAN;
    processing.period = 5;
    processing.normalise = TRUE;
    processed = gait_trace_process (g_ptr_array_index (traces, 0), &processing, &error);
    g_assert_no_error (error);
    text = gait_traces_to_csv (&processed, 1);

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, text);
  }

  /* A pipe named as the output is written to, not replaced */
  {
    const char *args[] = { "trace", path, "--at", "10,20", "-q", "-o", "/dev/stdout", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *text = gait_traces_to_csv ((GaitTrace * const *)traces->pdata, 1);

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, text);
    g_assert_cmpstr (err, ==, "");
  }

  /* Usage errors: 2; unusable inputs: 1 */
  {
    const char *no_at[] = { "trace", path, NULL };
    const char *bad_at[] = { "trace", path, "--at", "10;20", NULL };
    const char *bad_window[] = { "trace", path, "--at", "10,20:square", NULL };
    const char *bad_kind[] = { "trace", path, "--at", "10,20", "--detrend=linear", NULL };
    const char *period_alone[] = { "trace", path, "--at", "10,20", "--period", "9", NULL };
    const char *two_videos[] = { "trace", path, path, "--at", "10,20", NULL };
    const char *outside[] = { "trace", path, "--at", "160,20", NULL };
    const char *missing[] = { "trace", "no-such-video.mp4", "--at", "1,1", NULL };
    const char *too_short[] = { "trace", path, "--at", "1,1", "--detrend=mean", "--period", "200", NULL };
    const char * const *usage[] = { no_at, bad_at, bad_window, bad_kind, period_alone, two_videos };
    const char * const *bad[] = { outside, missing, too_short };

    for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
      {
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;

        g_assert_cmpint (run_cli (usage[i], &out, &err), ==, 2);
        g_assert_cmpstr (out, ==, "");
        g_assert_true (g_str_has_prefix (err, "gaitline-cli: "));
      }

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;

        g_assert_cmpint (run_cli (bad[i], &out, &err), ==, 1);
        g_assert_cmpstr (out, ==, "");
        g_assert_true (g_str_has_prefix (err, "gaitline-cli: "));
        g_test_message ("%s", err);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *ffmpeg = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  ffmpeg = g_find_program_in_path ("ffmpeg");
  have_ffmpeg = ffmpeg != NULL;

  tmp_dir = gait_test_make_tmpdir ("gait-trace-XXXXXX");

  for (guint i = 0; i < G_N_ELEMENTS (video_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/trace/matches-ffmpeg/%s", video_cases[i].name);

      g_test_add_data_func (name, &video_cases[i], test_matches_ffmpeg);
    }

  g_test_add_func ("/trace/one-pass", test_one_pass);
  g_test_add_func ("/trace/names", test_names);
  g_test_add_func ("/trace/progress", test_progress);
  g_test_add_func ("/trace/cancel", test_cancel);
  g_test_add_func ("/trace/outside", test_outside);
  g_test_add_func ("/trace/bad-videos", test_bad_videos);
  g_test_add_func ("/trace/landmarks", test_landmarks);
  g_test_add_func ("/trace/landmark-speed", test_landmark_speed);
  g_test_add_func ("/trace/signal-specs", test_signal_specs);
  g_test_add_func ("/trace/normalise", test_normalise);
  g_test_add_func ("/trace/theil-sen", test_theil_sen);
  g_test_add_func ("/trace/detrend", test_detrend);
  g_test_add_func ("/trace/detrend-by-hand", test_detrend_by_hand);
  g_test_add_func ("/trace/detrend-spline", test_detrend_spline);
  g_test_add_func ("/trace/detrend-reference", test_detrend_reference);
  g_test_add_func ("/trace/process", test_process);
  g_test_add_func ("/trace/csv", test_csv);
  g_test_add_func ("/trace/window-names", test_window_names);
  g_test_add_func ("/trace/cli", test_cli);

  ret = g_test_run ();

  gait_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
