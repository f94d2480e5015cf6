/* test-detector.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gait-detector.h"
#include "gait-error.h"
#include "gait-synth.h"
#include "gait-test-util.h"

/* The touchdown method on varied generated recordings: bodies with 17, 15
 * and 3 landmarks, 30–120 fps, treadmill and over ground, noise, dropouts,
 * confident outliers, occlusions, standing and fidgeting. */
static void
test_touchdown_accuracy (void)
{
  guint n_truth = 0, n_detected = 0, n_matched = 0;
  g_autoptr(GArray) errors = g_array_new (FALSE, FALSE, sizeof (double));
  double precision, recall, f1, median;

  for (guint32 seed = 1; seed <= 16; seed++)
    {
      GaitSynthParams sp;
      GaitDetectParams dp;
      GaitScore score;
      g_autoptr(GaitProfile) profile = NULL;
      g_autoptr(GArray) truth = NULL;
      g_autoptr(GArray) cycles = NULL;
      g_autoptr(GaitTracking) tracking = NULL;
      g_autoptr(GError) error = NULL;

      sp.n_frames = 5000;
      gait_synth_params_vary (&sp, seed);
      tracking = gait_synth_generate (&sp, &profile, &truth);
      g_assert_cmpuint (truth->len, >, 0);

      gait_detect_params_init (&dp, GAIT_METHOD_TOUCHDOWN);
      dp.fps = sp.fps;
      cycles = gait_detect (tracking, profile, &dp, NULL, &error);
      g_assert_no_error (error);

      gait_score_cycles ((GaitCycle *)(gpointer)cycles->data, cycles->len,
                         (GaitCycle *)(gpointer)truth->data, truth->len, 3, &score);
      g_test_message ("seed %u: %u true, %u found, F1 %.3f, median error %.1f",
                      seed, score.n_truth, score.n_detected, score.f1, score.median_error);

      n_truth += score.n_truth;
      n_detected += score.n_detected;
      n_matched += score.n_matched;
      g_array_append_val (errors, score.median_error);

      /* no single recording may be poor */
      g_assert_cmpfloat (score.f1, >=, 0.85);

      for (guint i = 0; i < cycles->len; i++)
        {
          const GaitCycle *c = &g_array_index (cycles, GaitCycle, i);

          g_assert_cmpint (c->start, <, c->end);
          g_assert_cmpint (c->liftoff, >, c->start);
          g_assert_cmpint (c->liftoff, <, c->end);
          g_assert_cmpfloat (c->confidence, >=, 0.0);
          g_assert_cmpfloat (c->confidence, <=, 1.0);
          g_assert_true (c->method == GAIT_METHOD_TOUCHDOWN);
          g_assert_true (isfinite (c->stride_length) && c->stride_length > 0);
        }
    }

  precision = (double)n_matched / n_detected;
  recall = (double)n_matched / n_truth;
  f1 = 2 * precision * recall / (precision + recall);
  g_array_sort (errors, gait_test_compare_doubles);
  median = g_array_index (errors, double, errors->len / 2);

  g_test_message ("pooled: precision %.3f recall %.3f F1 %.3f, median of medians %.1f",
                  precision, recall, f1, median);
  g_assert_cmpfloat (f1, >=, 0.95);
  g_assert_cmpfloat (median, <=, 1.0);
}

/* A standing animal that only fidgets has no stride cycles. */
static void
test_touchdown_standing (void)
{
  GaitSynthParams sp;
  GaitDetectParams dp;
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GArray) truth = NULL;
  g_autoptr(GArray) cycles = NULL;
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;

  gait_synth_params_init (&sp);
  sp.n_frames = 3000;
  sp.walking_fraction = 0.05;  /* bouts are scheduled rarely... */
  sp.fidget_rate = 1.0;
  sp.seed = 7;
  tracking = gait_synth_generate (&sp, &profile, &truth);

  gait_detect_params_init (&dp, GAIT_METHOD_TOUCHDOWN);
  dp.fps = sp.fps;
  cycles = gait_detect (tracking, profile, &dp, NULL, &error);
  g_assert_no_error (error);

  /* ...so every detection must be one of the few true cycles */
  {
    GaitScore score;

    gait_score_cycles ((GaitCycle *)(gpointer)cycles->data, cycles->len,
                       (GaitCycle *)(gpointer)truth->data, truth->len, 3, &score);
    g_assert_cmpuint (score.n_detected - score.n_matched, <=, 1);
  }
}

/* The scorer itself: matching rules on a hand-made table. */
static void
test_score (void)
{
  GaitCycle truth[3], detected[4];
  GaitScore score;

  gait_cycle_init (&truth[0], "fl", 100, 150);
  gait_cycle_init (&truth[1], "fl", 150, 200);
  gait_cycle_init (&truth[2], "hl", 120, 170);
  gait_cycle_init (&detected[0], "fl", 101, 152);   /* match, errors 1 and 2 */
  gait_cycle_init (&detected[1], "fl", 150, 204);   /* end 4 off: no match */
  gait_cycle_init (&detected[2], "fl", 120, 170);   /* wrong limb for truth[2] */
  gait_cycle_init (&detected[3], "hl", 120, 170);   /* exact */

  gait_score_cycles (detected, 4, truth, 3, 3, &score);
  g_assert_cmpuint (score.n_matched, ==, 2);
  g_assert_cmpfloat_with_epsilon (score.precision, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (score.recall, 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (score.f1, 4.0 / 7.0, 1e-12);
  /* errors 1, 2, 0, 0 → median 0.5 */
  g_assert_cmpfloat_with_epsilon (score.median_error, 0.5, 1e-12);

  gait_score_cycles (detected, 4, truth, 3, 4, &score);
  g_assert_cmpuint (score.n_matched, ==, 3);
}

/* Equal seeds give equal recordings; different seeds do not. */
static void
test_synth_deterministic (void)
{
  GaitSynthParams sp;
  g_autoptr(GaitTracking) a = NULL;
  g_autoptr(GaitTracking) b = NULL;
  g_autoptr(GaitTracking) c = NULL;
  guint n;

  sp.n_frames = 500;
  gait_synth_params_vary (&sp, 42);
  a = gait_synth_generate (&sp, NULL, NULL);
  b = gait_synth_generate (&sp, NULL, NULL);
  sp.seed = 43;
  c = gait_synth_generate (&sp, NULL, NULL);

  n = gait_tracking_get_n_frames (a);
  g_assert_cmpuint (n, ==, 500);
  g_assert_cmpmem (gait_tracking_get_x (a, 0), n * sizeof (double),
                   gait_tracking_get_x (b, 0), n * sizeof (double));
  g_assert_true (memcmp (gait_tracking_get_x (a, 0), gait_tracking_get_x (c, 0), n * sizeof (double)) != 0);
}

/* The seed method is the blog's procedure: compare with the Python
 * reference (bench/reference_blog.py, scipy/skimage) on a generated
 * recording. tests/fixtures/gen-detector-fixtures.sh made the expected table. */
static void
test_seed_matches_reference (void)
{
  g_autofree char *path = gait_test_data_path ("seed-reference.csv");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GArray) cycles = NULL;
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;
  GaitSynthParams sp;
  GaitDetectParams dp;
  guint n_expected = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);

  /* first line: "# seed N frames N" */
  gait_synth_params_init (&sp);
  g_assert_cmpint (sscanf (lines[0], "# seed %u frames %u", &sp.seed, &sp.n_frames), ==, 2);
  tracking = gait_synth_generate (&sp, &profile, NULL);

  gait_detect_params_init (&dp, GAIT_METHOD_SEED);
  cycles = gait_detect (tracking, profile, &dp, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      const GaitCycle *c;

      if (lines[i][0] == '\0')
        continue;

      f = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 5);
      g_assert_cmpuint (n_expected, <, cycles->len);
      c = &g_array_index (cycles, GaitCycle, n_expected);
      g_assert_cmpstr (c->limb, ==, f[0]);
      g_assert_cmpint (c->start, ==, g_ascii_strtoll (f[1], NULL, 10));
      g_assert_cmpint (c->end, ==, g_ascii_strtoll (f[2], NULL, 10));
      g_assert_cmpfloat_with_epsilon (c->procrustes, g_ascii_strtod (f[3], NULL), 1e-9);
      g_assert_cmpuint (c->n_landmarks, ==, g_ascii_strtoull (f[4], NULL, 10));
      n_expected++;
    }

  g_assert_cmpuint (n_expected, >, 0);
  g_assert_cmpuint (cycles->len, ==, n_expected);
}

static void
test_errors (void)
{
  static const char * const names[] = { "a", "b", NULL };
  static const char * const limb[] = { "a", NULL };
  g_autoptr(GaitTracking) tracking = gait_tracking_new (50, 2, names);
  g_autoptr(GaitProfile) profile = gait_profile_new ("x");
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GaitDetectParams dp;
  GArray *cycles;

  gait_profile_add_limb (profile, "l", limb);

  gait_detect_params_init (&dp, GAIT_METHOD_TOUCHDOWN);
  dp.likelihood_cutoff = 1.5;
  g_assert_null (gait_detect (tracking, profile, &dp, NULL, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  gait_detect_params_init (&dp, GAIT_METHOD_TOUCHDOWN);
  g_cancellable_cancel (cancellable);
  g_assert_null (gait_detect (tracking, profile, &dp, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* a motionless recording has no cycles, with either method */
  cycles = gait_detect (tracking, profile, &dp, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cycles->len, ==, 0);
  g_array_unref (cycles);

  gait_detect_params_init (&dp, GAIT_METHOD_SEED);
  cycles = gait_detect (tracking, profile, &dp, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cycles->len, ==, 0);
  g_array_unref (cycles);

  /* savgol window longer than the recording */
  {
    g_autoptr(GaitTracking) tiny = gait_tracking_new (5, 2, names);
    g_assert_null (gait_detect (tiny, profile, &dp, NULL, &error));
    g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/detector/score", test_score);
  g_test_add_func ("/detector/synth-deterministic", test_synth_deterministic);
  g_test_add_func ("/detector/touchdown-accuracy", test_touchdown_accuracy);
  g_test_add_func ("/detector/touchdown-standing", test_touchdown_standing);
  g_test_add_func ("/detector/seed-matches-reference", test_seed_matches_reference);
  g_test_add_func ("/detector/errors", test_errors);

  return g_test_run ();
}
