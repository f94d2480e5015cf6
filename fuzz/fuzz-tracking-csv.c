/* fuzz-tracking-csv.c: DeepLabCut CSV reader
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "gait-tracking.h"

/* The round trip through gait_tracking_save_csv() costs a file write: only
 * for small results. */
#define MAX_ROUND_TRIP_VALUES 20000

static char *round_trip_path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  round_trip_path = g_strdup_printf ("%s/gaitline-fuzz-tracking-%d.csv",
                                     g_get_tmp_dir (), (int)getpid ());
  return 0;
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || memcmp (&a, &b, sizeof a) == 0;
}

/* What every loaded tracking must satisfy, whatever the input. */
static void
check_tracking (GaitTracking *tracking)
{
  guint n_frames = gait_tracking_get_n_frames (tracking);
  guint n_landmarks = gait_tracking_get_n_landmarks (tracking);
  const char * const *individuals = gait_tracking_get_individuals (tracking);
  const char *individual = gait_tracking_get_individual (tracking);
  g_autofree char *list = gait_tracking_dup_landmark_list (tracking);

  g_assert (n_frames > 0);
  g_assert (list != NULL);
  g_assert (individuals != NULL);
  g_assert ((individual == NULL) == (individuals[0] == NULL));
  if (individual != NULL)
    g_assert (g_strv_contains (individuals, individual));

  for (guint i = 0; i < n_landmarks; i++)
    {
      const char *name = gait_tracking_get_landmark_name (tracking, i);
      const double *x = gait_tracking_get_x (tracking, i);
      const double *y = gait_tracking_get_y (tracking, i);
      const double *lk = gait_tracking_get_likelihood (tracking, i);
      int found;

      g_assert (name != NULL && name[0] != '\0');
      g_assert (g_utf8_validate (name, -1, NULL));
      found = gait_tracking_find_landmark (tracking, name);
      g_assert (found == (int)i);

      /* Values are numbers or NaN (x, y); likelihoods are never NaN. */
      for (guint f = 0; f < n_frames; f++)
        {
          g_assert (!isinf (x[f]) && !isinf (y[f]));
          g_assert (isfinite (lk[f]));
        }
    }
}

/* A saved tracking loads back with the same names and the same doubles. */
static void
check_round_trip (GaitTracking *tracking)
{
  g_autoptr(GaitTracking) copy = NULL;
  g_autoptr(GError) error = NULL;
  guint n_frames = gait_tracking_get_n_frames (tracking);
  guint n_landmarks = gait_tracking_get_n_landmarks (tracking);

  if (n_landmarks == 0 || (gsize)n_frames * n_landmarks > MAX_ROUND_TRIP_VALUES)
    return;

  if (!gait_tracking_save_csv (tracking, round_trip_path, &error))
    g_error ("cannot write %s: %s", round_trip_path, error->message);

  copy = gait_tracking_new_from_file (round_trip_path, NULL, &error);
  g_unlink (round_trip_path);
  if (copy == NULL)
    g_error ("a saved tracking does not load: %s", error->message);

  g_assert (gait_tracking_get_n_frames (copy) == n_frames);
  g_assert (gait_tracking_get_n_landmarks (copy) == n_landmarks);

  for (guint i = 0; i < n_landmarks; i++)
    {
      g_assert (strcmp (gait_tracking_get_landmark_name (copy, i),
                        gait_tracking_get_landmark_name (tracking, i)) == 0);

      for (guint f = 0; f < n_frames; f++)
        {
          g_assert (same_double (gait_tracking_get_x (copy, i)[f],
                                 gait_tracking_get_x (tracking, i)[f]));
          g_assert (same_double (gait_tracking_get_y (copy, i)[f],
                                 gait_tracking_get_y (tracking, i)[f]));
          g_assert (same_double (gait_tracking_get_likelihood (copy, i)[f],
                                 gait_tracking_get_likelihood (tracking, i)[f]));
        }
    }
}

static GaitTracking *
load (const uint8_t *data,
      size_t         size,
      const char    *individual)
{
  g_autoptr(GError) error = NULL;
  GaitTracking *tracking;

  tracking = gait_tracking_new_from_data ((const char *)data, size, "fuzz.csv",
                                          individual, &error);
  fuzz_check_error (tracking != NULL, error);
  if (tracking != NULL)
    {
      check_tracking (tracking);
      if (individual != NULL)
        g_assert (g_strcmp0 (gait_tracking_get_individual (tracking), individual) == 0);
    }

  return tracking;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GaitTracking) first = NULL;
  g_autoptr(GaitTracking) named = NULL;
  g_autoptr(GaitTracking) last = NULL;

  /* Without an individual: the first (or a single-animal file). */
  first = load (data, size, NULL);
  if (first != NULL)
    check_round_trip (first);

  /* With one: a fixed name, which the fuzzer can put in the file... */
  named = load (data, size, "mouse1");

  /* ...and the file's last individual. */
  if (first != NULL)
    {
      const char * const *individuals = gait_tracking_get_individuals (first);
      guint n = g_strv_length ((char **)individuals);

      if (n > 1)
        last = load (data, size, individuals[n - 1]);
    }

  return 0;
}
