/* gait-vqt-bench.c: variable-Q transform, spectral statistics and metrics of
 * an hour's recording
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gait-vqt-bench [--frames N] [--fps F] [--repeat N]
 *
 * Generates a recording (default: one hour, 180 000 frames at 50 fps, the
 * piglet body) and times, N times each (median, minimum):
 *  - the filter bank (gait_vqt_new, face-rhythm's defaults);
 *  - the spectrogram of one landmark, x and y (gait_vqt_landmark: median
 *    reference, two transforms, normalisation, 1/f);
 *  - spectral statistics of a limb's hoof speed over the whole recording;
 *  - metrics of the true cycles (gait_metrics_compute);
 *  - detrending a limb's hoof speed as the Traces page does (moving mean
 *    over two periods, the period estimated: gait_trace_process).
 */

#include "config.h"

#include <stdlib.h>

#include "gait-detector.h"
#include "gait-metrics.h"
#include "gait-spectral.h"
#include "gait-synth.h"
#include "gait-trace.h"
#include "gait-vqt.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        double     *seconds,
        int         n)
{
  qsort (seconds, n, sizeof (double), compare_doubles);
  g_print ("%-34s median %8.3f s   min %8.3f s\n", what, seconds[n / 2], seconds[0]);
}

int
main (int   argc,
      char *argv[])
{
  int frames = 180000, repeat = 5;
  double fps = 50;
  GOptionEntry entries[] = {
    { "frames", 'n', 0, G_OPTION_ARG_INT, &frames, "Frames (180000: an hour at 50 fps)", "N" },
    { "fps", 'r', 0, G_OPTION_ARG_DOUBLE, &fps, "Frame rate (50)", "F" },
    { "repeat", 'k', 0, G_OPTION_ARG_INT, &repeat, "Repetitions (5)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GArray) truth = NULL;
  g_autoptr(GArray) distal = NULL;
  g_autofree double *t_bank = NULL;
  g_autofree double *t_vqt = NULL;
  g_autofree double *t_stats = NULL;
  g_autofree double *t_metrics = NULL;
  g_autofree double *t_detrend = NULL;
  g_autofree double *speed = NULL;
  GaitSynthParams sp;
  GaitVqtParams vp;
  GaitDetectParams dp;
  GaitSpectralParams pp;
  GaitSpectralStats stats;
  GaitMetricsParams mp;
  gint64 t0;
  int landmark;
  gsize n_times = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || frames < 1000 || repeat < 1 || !(fps > 0))
    {
      g_printerr ("usage: gait-vqt-bench [--frames N >= 1000] [--fps F] [--repeat N]\n");
      return 2;
    }

  gait_synth_params_init (&sp);
  sp.n_frames = frames;
  sp.fps = fps;
  t0 = g_get_monotonic_time ();
  tracking = gait_synth_generate (&sp, &profile, &truth);
  g_print ("recording: %d frames at %g fps (%.1f min), %u true cycles, generated in %.2f s\n",
           frames, fps, frames / fps / 60, truth->len, (g_get_monotonic_time () - t0) / 1e6);

  landmark = gait_tracking_find_landmark (tracking, "fhoof");
  g_assert (landmark >= 0);

  t_bank = g_new (double, repeat);
  t_vqt = g_new (double, repeat);
  t_stats = g_new (double, repeat);
  t_metrics = g_new (double, repeat);
  t_detrend = g_new (double, repeat);

  gait_vqt_params_init (&vp, fps);
  for (int i = 0; i < repeat; i++)
    {
      g_autoptr(GaitVqt) vqt = NULL;
      g_autoptr(GaitSpectrogram) spec = NULL;

      t0 = g_get_monotonic_time ();
      vqt = gait_vqt_new (&vp, &error);
      t_bank[i] = (g_get_monotonic_time () - t0) / 1e6;
      if (vqt == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }

      t0 = g_get_monotonic_time ();
      spec = gait_vqt_landmark (vqt, tracking, landmark, 0.5, NULL, &error);
      t_vqt[i] = (g_get_monotonic_time () - t0) / 1e6;
      if (spec == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      n_times = gait_spectrogram_get_n_times (spec);
      if (i == 0)
        g_print ("spectrogram: %u bins x %" G_GSIZE_FORMAT " time points, window %u frames, %g-%g Hz\n",
                 gait_spectrogram_get_n_bins (spec), n_times, gait_vqt_get_window_size (vqt),
                 gait_vqt_get_frequencies (vqt)[0],
                 gait_vqt_get_frequencies (vqt)[gait_vqt_get_n_bins (vqt) - 1]);
    }
  report ("filter bank (gait_vqt_new)", t_bank, repeat);
  report ("VQT of one landmark, x + y", t_vqt, repeat);

  gait_detect_params_init (&dp, GAIT_METHOD_SEED);
  distal = gait_profile_resolve_limb (profile, tracking, 0, &error);
  speed = g_new (double, frames);
  if (distal == NULL ||
      !gait_hoof_speed (tracking, (const guint *) (gpointer) distal->data, distal->len, &dp, speed, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  gait_spectral_params_init (&pp, fps);
  for (int i = 0; i < repeat; i++)
    {
      t0 = g_get_monotonic_time ();
      if (!gait_spectral_stats (speed, frames, &pp, &stats, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      t_stats[i] = (g_get_monotonic_time () - t0) / 1e6;
    }
  report ("spectral statistics of hoof speed", t_stats, repeat);
  g_print ("  dominant %.3f Hz (stride frequency %.2f Hz +/- 25 %% by bout), peaks %.3f %.3f %.3f Hz\n",
           stats.dominant, sp.stride_frequency, stats.peaks[0], stats.peaks[1], stats.peaks[2]);

  gait_metrics_params_init (&mp);
  mp.fps = fps;
  for (int i = 0; i < repeat; i++)
    {
      g_autoptr(GaitMetrics) metrics = NULL;

      t0 = g_get_monotonic_time ();
      metrics = gait_metrics_compute (tracking, profile, (const GaitCycle *) (gpointer) truth->data,
                                      truth->len, &mp, NULL, &error);
      t_metrics[i] = (g_get_monotonic_time () - t0) / 1e6;
      if (metrics == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  report ("metrics of the true cycles", t_metrics, repeat);

  {
    g_autoptr(GaitTrace) hoof = gait_trace_new ("hoof", speed, frames, fps);
    GaitTraceProcessing processing;
    guint period = gait_estimate_period (speed, frames);

    gait_trace_processing_init (&processing);
    processing.detrend = GAIT_DETREND_MEAN;
    for (int i = 0; i < repeat; i++)
      {
        g_autoptr(GaitTrace) detrended = NULL;

        t0 = g_get_monotonic_time ();
        detrended = gait_trace_process (hoof, &processing, &error);
        t_detrend[i] = (g_get_monotonic_time () - t0) / 1e6;
        if (detrended == NULL)
          {
            g_printerr ("%s\n", error->message);
            return 1;
          }
      }
    report ("detrending hoof speed", t_detrend, repeat);
    g_print ("  estimated period %u frames\n", period);
  }

  return 0;
}
