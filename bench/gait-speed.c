/* gait-speed.c: CSV parse throughput and detection time
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gait-speed FILE.csv [--repeat N]
 *
 * Loads FILE N times (median time, MB/s), then runs each detection
 * method N times on the loaded data (median time).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "gait-detector.h"
#include "gait-profile.h"
#include "gait-tracking.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;
  return (da > db) - (da < db);
}

static double
median (double *v,
        int     n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return v[n / 2];
}

int
main (int   argc,
      char *argv[])
{
  int repeat = 5;
  GOptionEntry entries[] = {
    { "repeat", 'n', 0, G_OPTION_ARG_INT, &repeat, "Repetitions (5)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GaitProfile) profile = NULL;
  g_autofree double *times = NULL;
  GStatBuf st;
  const GaitMethod methods[] = { GAIT_METHOD_SEED, GAIT_METHOD_TOUCHDOWN };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || repeat < 1)
    {
      g_printerr ("usage: gait-speed FILE.csv [--repeat N]\n");
      return 2;
    }

  if (g_stat (argv[1], &st) != 0)
    {
      g_printerr ("%s: cannot stat\n", argv[1]);
      return 1;
    }

  times = g_new (double, repeat);
  for (int i = 0; i < repeat; i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      g_clear_object (&tracking);
      tracking = gait_tracking_new_from_file (argv[1], NULL, &error);
      if (tracking == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      times[i] = (g_get_monotonic_time () - t0) / 1e6;
    }

  {
    double t = median (times, repeat);
    double mb = st.st_size / 1e6;

    g_print ("file: %s (%.1f MB, %u frames x %u landmarks)\n", argv[1], mb,
             gait_tracking_get_n_frames (tracking), gait_tracking_get_n_landmarks (tracking));
    g_print ("parse: %.3f s median of %d, %.0f MB/s\n", t, repeat, mb / t);
  }

  profile = gait_profile_guess (tracking);
  if (profile == NULL)
    {
      g_printerr ("no built-in profile fits %s\n", argv[1]);
      return 1;
    }

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      GaitDetectParams params;
      guint n_cycles = 0;

      gait_detect_params_init (&params, methods[m]);
      params.fps = 50;

      for (int i = 0; i < repeat; i++)
        {
          g_autoptr(GArray) cycles = NULL;
          gint64 t0 = g_get_monotonic_time ();

          cycles = gait_detect (tracking, profile, &params, NULL, &error);
          if (cycles == NULL)
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          times[i] = (g_get_monotonic_time () - t0) / 1e6;
          n_cycles = cycles->len;
        }

      g_print ("detect %-9s: %.3f s median of %d, %u cycles, %u limbs\n",
               gait_method_to_string (methods[m]), median (times, repeat), repeat,
               n_cycles, gait_profile_get_n_limbs (profile));
    }

  return 0;
}
