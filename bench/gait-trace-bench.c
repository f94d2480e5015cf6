/* gait-trace-bench.c: pixel-intensity trace throughput against ffmpeg
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gait-trace-bench [VIDEO] [--frames N] [--runs R] [--keep DIR]
 *
 * Measures how fast GaitTraceExtractor reads a whole video, with 1 and
 * with 8 traces, against the time `ffmpeg -v error -i VIDEO -f null -`
 * takes to decode the same file (the same decoder, all cores). Each is run
 * R times (3), alternating; the best run of each counts. CPU time (user
 * and system, all threads) is measured too: on a busy machine it says
 * more than the wall-clock time. Without VIDEO, a
 * 1080p H.264 video of N frames (3000) with B-frames is made first with
 * the ffmpeg tool (x264, preset superfast), in a temporary directory that
 * is removed afterwards unless --keep names one to make it in (and reuse).
 */

#include "config.h"

#include <sys/resource.h>

#include <glib/gstdio.h>

#include "gait-trace-extractor.h"

static gboolean
spawn (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  if (process == NULL || !g_subprocess_wait_check (process, NULL, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return FALSE;
    }

  return TRUE;
}

static double
cpu_seconds (int who)
{
  struct rusage usage;

  getrusage (who, &usage);

  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double
time_ffmpeg (const char *path,
             double     *cpu)
{
  const char *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-", NULL };
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_seconds (RUSAGE_CHILDREN);

  if (!spawn (argv))
    return -1;

  *cpu = cpu_seconds (RUSAGE_CHILDREN) - cpu_start;

  return (g_get_monotonic_time () - start) / 1e6;
}

static double
time_traces (const char *path,
             guint       n_traces,
             gsize      *n_frames,
             double     *cpu)
{
  g_autoptr(GaitTraceExtractor) extractor = NULL;
  g_autoptr(GPtrArray) traces = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_seconds (RUSAGE_SELF);
  int width, height;

  extractor = gait_trace_extractor_new (path, &error);
  if (extractor == NULL)
    {
      g_printerr ("%s\n", error->message);
      return -1;
    }

  width = gait_trace_extractor_get_width (extractor);
  height = gait_trace_extractor_get_height (extractor);

  /* Spread over the picture: rects and discs of sizes 5 to 15 */
  for (guint i = 0; i < n_traces; i++)
    {
      int x = (int)((i + 1) * (gint64)width / (n_traces + 1));
      int y = (int)(((i * 3) % (n_traces + 1) + 1) * (gint64)height / (n_traces + 2));

      gait_trace_extractor_add (extractor, NULL, x, y,
                                i % 2 ? GAIT_TRACE_WINDOW_DISC : GAIT_TRACE_WINDOW_RECT,
                                5 + 2 * (i % 6), &error);
      g_assert_no_error (error);
    }

  traces = gait_trace_extractor_run (extractor, NULL, &error);
  if (traces == NULL)
    {
      g_printerr ("%s\n", error->message);
      return -1;
    }

  *n_frames = traces->len > 0 ? gait_trace_get_n_values (g_ptr_array_index (traces, 0)) : 0;
  *cpu = cpu_seconds (RUSAGE_SELF) - cpu_start;

  return (g_get_monotonic_time () - start) / 1e6;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }

  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  int n_frames = 3000;
  int n_runs = 3;
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
    { "frames", 'n', 0, G_OPTION_ARG_INT, &n_frames, "Frames of the generated video (3000)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &n_runs, "Runs of each measurement (3)", "R" },
    { "keep", 'k', 0, G_OPTION_ARG_FILENAME, &keep, "Make the video in DIR and keep it", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[VIDEO]");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *path = NULL;
  double best_ffmpeg = G_MAXDOUBLE, best_ffmpeg_cpu = G_MAXDOUBLE;
  double best[2] = { G_MAXDOUBLE, G_MAXDOUBLE };
  double best_cpu[2] = { G_MAXDOUBLE, G_MAXDOUBLE };
  double cpu;
  const guint n_traces[2] = { 1, 8 };
  gsize frames = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 2 || n_frames < 1 || n_runs < 1)
    {
      g_printerr ("usage: gait-trace-bench [VIDEO] [--frames N] [--runs R] [--keep DIR]\n");
      return 2;
    }

  if (argc == 2)
    path = g_strdup (argv[1]);
  else
    {
      g_autofree char *n = g_strdup_printf ("%d", n_frames);
      g_autofree char *name = g_strdup_printf ("trace-bench-1080p-%d.mp4", n_frames);
      const char *make[] = {
        "ffmpeg", "-nostdin", "-v", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=50", "-frames:v", n,
        "-c:v", "libx264", "-preset", "superfast", "-bf", "3", "-pix_fmt", "yuv420p",
        NULL, NULL
      };

      if (keep != NULL)
        {
          g_mkdir_with_parents (keep, 0755);
          path = g_build_filename (keep, name, NULL);
        }
      else
        {
          tmp_dir = g_dir_make_tmp ("gait-trace-bench-XXXXXX", &error);
          g_assert_no_error (error);
          path = g_build_filename (tmp_dir, name, NULL);
        }

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          gint64 start = g_get_monotonic_time ();

          make[G_N_ELEMENTS (make) - 2] = path;
          g_print ("Making %s…\n", path);
          if (!spawn (make))
            return 1;
          g_print ("  %.1f s\n", (g_get_monotonic_time () - start) / 1e6);
        }
    }

  /* Once for the file cache */
  time_ffmpeg (path, &cpu);

  for (int run = 0; run < n_runs; run++)
    {
      double t_ffmpeg = time_ffmpeg (path, &cpu);
      double t[2], c[2];

      if (t_ffmpeg < 0)
        return 1;
      best_ffmpeg = MIN (best_ffmpeg, t_ffmpeg);
      best_ffmpeg_cpu = MIN (best_ffmpeg_cpu, cpu);

      for (guint k = 0; k < G_N_ELEMENTS (n_traces); k++)
        {
          t[k] = time_traces (path, n_traces[k], &frames, &c[k]);
          if (t[k] < 0)
            return 1;
          best[k] = MIN (best[k], t[k]);
          best_cpu[k] = MIN (best_cpu[k], c[k]);
        }

      g_print ("run %d: ffmpeg %.3f s (CPU %.3f s), 1 trace %.3f s (CPU %.3f s), "
               "8 traces %.3f s (CPU %.3f s)\n",
               run + 1, t_ffmpeg, cpu, t[0], c[0], t[1], c[1]);
    }

  g_print ("\n%s: %" G_GSIZE_FORMAT " frames\n", path, frames);
  g_print ("                  frames/s   × ffmpeg   frames/CPU-s   × ffmpeg\n");
  g_print ("ffmpeg -f null -   %8.1f              %8.1f\n",
           frames / best_ffmpeg, frames / best_ffmpeg_cpu);
  for (guint k = 0; k < G_N_ELEMENTS (n_traces); k++)
    g_print ("%u trace%s           %8.1f   %6.2f     %8.1f      %6.2f\n",
             n_traces[k], n_traces[k] > 1 ? "s" : " ",
             frames / best[k], best_ffmpeg / best[k],
             frames / best_cpu[k], best_ffmpeg_cpu / best_cpu[k]);

  if (tmp_dir != NULL)
    remove_dir (tmp_dir);

  return 0;
}
