/* gait-seek.c: video seek latency and sequential decode rate
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gait-seek VIDEO [--seeks N] [--seed S] [--cache N] [--sequential N] [--list FILE]
 *
 * Opens VIDEO with GaitVideoDecoder (time to open: index and first frame),
 * asks for N random frames (median and 95th percentile latency), then
 * decodes frames one after the other from the start (frames per second,
 * RGBA conversion included). Prints the peak resident memory at the end.
 * --list FILE writes the random frames asked for, one per line, for a peer
 * to ask for the same (bench/run-seek.sh). Generates nothing: give it a
 * video.
 */

#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>

#include "gait-video-decoder.h"
#include "gait-video-decoder-private.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;
  return (da > db) - (da < db);
}

/* Nearest-rank percentile of sorted @v */
static double
percentile (const double *v,
            int           n,
            double        p)
{
  int rank = (int)(p / 100.0 * n + 0.999999);

  return v[CLAMP (rank, 1, n) - 1];
}

int
main (int   argc,
      char *argv[])
{
  int n_seeks = 200;
  int seed = 1;
  int cache = -1;
  int n_sequential = -1;
  g_autofree char *list = NULL;
  g_autoptr(GString) listed = g_string_new (NULL);
  GOptionEntry entries[] = {
    { "seeks", 'n', 0, G_OPTION_ARG_INT, &n_seeks, "Random frames to ask for (200)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, "Random seed (1)", "S" },
    { "cache", 'c', 0, G_OPTION_ARG_INT, &cache, "Frame cache size (the default: 64)", "N" },
    { "sequential", 'q', 0, G_OPTION_ARG_INT, &n_sequential, "Frames to decode in a row (all)", "N" },
    { "list", 'l', 0, G_OPTION_ARG_FILENAME, &list, "Write the random frames asked for to FILE", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("VIDEO");
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree double *latencies = NULL;
  const char *sources[] = { "container index", "packet pass", "sequential" };
  struct rusage usage;
  double cpu;
  gint64 n_frames;
  gint64 start;
  guint64 decoded;
  guint64 seeks;
  double seconds;
  double sum = 0.0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || n_seeks < 1)
    {
      g_printerr ("usage: gait-seek VIDEO [--seeks N] [--seed S] [--cache N] [--sequential N] [--list FILE]\n");
      return 2;
    }

  start = g_get_monotonic_time ();
  decoder = gait_video_decoder_new (argv[1], &error);
  if (decoder == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;

  if (cache >= 0)
    gait_video_decoder_set_cache_size (decoder, cache);

  n_frames = gait_video_decoder_get_n_frames (decoder);
  g_print ("%s: %dx%d, %" G_GINT64_FORMAT " frames at %.3f fps, %" G_GINT64_FORMAT
           " keyframes, %s, cache %u frames\n",
           argv[1], gait_video_decoder_get_width (decoder),
           gait_video_decoder_get_height (decoder), n_frames,
           gait_video_decoder_get_fps (decoder),
           _gait_video_decoder_get_n_keyframes (decoder),
           sources[_gait_video_decoder_get_index_source (decoder)],
           gait_video_decoder_get_cache_size (decoder));
  g_print ("open (index and frame 0): %.1f ms\n", seconds * 1e3);

  /* Random seeks */
  getrusage (RUSAGE_SELF, &usage);
  cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
        usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  rand = g_rand_new_with_seed (seed);
  latencies = g_new (double, n_seeks);
  decoded = _gait_video_decoder_get_n_decoded (decoder);
  seeks = _gait_video_decoder_get_n_seeks (decoder);
  for (int i = 0; i < n_seeks; i++)
    {
      gint64 frame = (gint64)(g_rand_double (rand) * n_frames);
      g_autoptr(GBytes) bytes = NULL;

      g_string_append_printf (listed, "%" G_GINT64_FORMAT "\n", frame);

      start = g_get_monotonic_time ();
      bytes = gait_video_decoder_get_frame (decoder, frame, NULL, &error);
      latencies[i] = (g_get_monotonic_time () - start) / 1e3;
      if (bytes == NULL)
        {
          g_printerr ("frame %" G_GINT64_FORMAT ": %s\n", frame, error->message);
          return 1;
        }
      sum += latencies[i];
    }
  getrusage (RUSAGE_SELF, &usage);
  cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
        usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6 - cpu;
  qsort (latencies, n_seeks, sizeof (double), compare_doubles);
  if (list != NULL && !g_file_set_contents (list, listed->str, -1, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("random frames (%d): median %.1f ms, p95 %.1f ms, mean %.1f ms, max %.1f ms; "
           "%" G_GUINT64_FORMAT " seeks, %.1f frames decoded and %.1f ms of CPU per request\n",
           n_seeks, percentile (latencies, n_seeks, 50), percentile (latencies, n_seeks, 95),
           sum / n_seeks, latencies[n_seeks - 1],
           _gait_video_decoder_get_n_seeks (decoder) - seeks,
           (double)(_gait_video_decoder_get_n_decoded (decoder) - decoded) / n_seeks,
           cpu * 1e3 / n_seeks);

  /* Sequential decoding, RGBA conversion included */
  if (n_sequential < 0 || n_sequential > n_frames)
    n_sequential = (int)MIN (n_frames, G_MAXINT);
  if (n_sequential > 0)
    {
      g_autoptr(GBytes) bytes = gait_video_decoder_get_frame (decoder, 0, NULL, &error);

      if (bytes == NULL)
        {
          g_printerr ("frame 0: %s\n", error->message);
          return 1;
        }

      start = g_get_monotonic_time ();
      for (gint64 frame = 1; frame < n_sequential; frame++)
        {
          g_clear_pointer (&bytes, g_bytes_unref);
          bytes = gait_video_decoder_get_frame (decoder, frame, NULL, &error);
          if (bytes == NULL)
            {
              g_printerr ("frame %" G_GINT64_FORMAT ": %s\n", frame, error->message);
              return 1;
            }
        }
      seconds = (g_get_monotonic_time () - start) / 1e6;
      g_print ("sequential: %d frames in %.2f s, %.1f frames/s\n",
               n_sequential - 1, seconds, (n_sequential - 1) / seconds);
    }

  getrusage (RUSAGE_SELF, &usage);
  g_print ("peak RSS: %.1f MB\n", usage.ru_maxrss / 1024.0);

  return 0;
}
