/* gait-accuracy.c: detection accuracy on generated recordings
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generates varied synthetic recordings (gait_synth_params_vary), runs
 * both detection methods on each and scores them against the true
 * touch-downs: a detection is correct when both boundaries lie within
 * ±3 frames of a true cycle of the same limb.
 *
 *   gait-accuracy [--recordings N] [--frames N] [--first-seed S] [--verbose]
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "gait-detector.h"
#include "gait-synth.h"

static const char *body_names[] = { "piglet", "mouse", "minimal" };

typedef struct
{
  guint  n_truth;
  guint  n_detected;
  guint  n_matched;
  GArray *errors;   /* per-recording median errors */
  GArray *f1s;
} Totals;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;
  return (da > db) - (da < db);
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return NAN;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

int
main (int   argc,
      char *argv[])
{
  int recordings = 40;
  int frames = 6000;
  int first_seed = 1;
  gboolean verbose = FALSE;
  int tolerance = 3;
  GOptionEntry entries[] = {
    { "recordings", 'n', 0, G_OPTION_ARG_INT, &recordings, "How many recordings", "N" },
    { "frames", 'f', 0, G_OPTION_ARG_INT, &frames, "Frames per recording", "N" },
    { "first-seed", 's', 0, G_OPTION_ARG_INT, &first_seed, "Seed of the first recording", "S" },
    { "tolerance", 't', 0, G_OPTION_ARG_INT, &tolerance, "Boundary tolerance in frames", "N" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "One line per recording", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- stride cycle detection accuracy");
  g_autoptr(GError) error = NULL;
  Totals totals[2] = { { 0 } };
  const GaitMethod methods[2] = { GAIT_METHOD_TOUCHDOWN, GAIT_METHOD_SEED };
  double worst_f1 = 1.0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  for (guint m = 0; m < 2; m++)
    {
      totals[m].errors = g_array_new (FALSE, FALSE, sizeof (double));
      totals[m].f1s = g_array_new (FALSE, FALSE, sizeof (double));
    }

  if (verbose)
    g_print ("%-5s %-8s %4s %-5s %5s  %-28s %-28s\n", "seed", "body", "fps", "belt",
             "truth", "touchdown f1/p/r/med", "seed f1/p/r/med");

  for (int r = 0; r < recordings; r++)
    {
      GaitSynthParams sp;
      g_autoptr(GaitProfile) profile = NULL;
      g_autoptr(GArray) truth = NULL;
      g_autoptr(GaitTracking) tracking = NULL;
      GaitScore scores[2];

      sp.n_frames = frames;
      gait_synth_params_vary (&sp, first_seed + r);
      tracking = gait_synth_generate (&sp, &profile, &truth);

      for (guint m = 0; m < 2; m++)
        {
          GaitDetectParams dp;
          g_autoptr(GArray) cycles = NULL;

          gait_detect_params_init (&dp, methods[m]);
          dp.fps = sp.fps;
          cycles = gait_detect (tracking, profile, &dp, NULL, &error);
          if (cycles == NULL)
            {
              g_printerr ("seed %d: %s\n", first_seed + r, error->message);
              return 1;
            }

          gait_score_cycles ((GaitCycle *)(gpointer)cycles->data, cycles->len,
                             (GaitCycle *)(gpointer)truth->data, truth->len,
                             tolerance, &scores[m]);
          totals[m].n_truth += scores[m].n_truth;
          totals[m].n_detected += scores[m].n_detected;
          totals[m].n_matched += scores[m].n_matched;
          g_array_append_val (totals[m].f1s, scores[m].f1);
          if (isfinite (scores[m].median_error))
            g_array_append_val (totals[m].errors, scores[m].median_error);
        }

      worst_f1 = MIN (worst_f1, scores[0].f1);

      if (verbose)
        g_print ("%-5d %-8s %4.0f %-5s %5u  %.3f/%.3f/%.3f/%-4.1f       %.3f/%.3f/%.3f/%-4.1f\n",
                 first_seed + r, body_names[sp.body], sp.fps, sp.treadmill ? "yes" : "no",
                 scores[0].n_truth,
                 scores[0].f1, scores[0].precision, scores[0].recall, scores[0].median_error,
                 scores[1].f1, scores[1].precision, scores[1].recall, scores[1].median_error);
    }

  g_print ("\n%d recordings x %d frames, tolerance +-%d frames\n", recordings, frames, tolerance);
  g_print ("%-10s %6s %6s %6s %9s %7s %7s %9s %12s\n", "method", "truth", "found", "match",
           "precision", "recall", "F1", "median F1", "median error");
  for (guint m = 0; m < 2; m++)
    {
      double p = totals[m].n_detected ? (double)totals[m].n_matched / totals[m].n_detected : 0;
      double rc = totals[m].n_truth ? (double)totals[m].n_matched / totals[m].n_truth : 0;
      double f1 = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;

      g_print ("%-10s %6u %6u %6u %9.3f %7.3f %7.3f %9.3f %12.1f\n",
               gait_method_to_string (methods[m]),
               totals[m].n_truth, totals[m].n_detected, totals[m].n_matched,
               p, rc, f1, median (totals[m].f1s), median (totals[m].errors));
    }
  g_print ("worst touchdown F1 of one recording: %.3f\n", worst_f1);

  return 0;
}
