/* test-recording.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gait-error.h"
#include "gait-recording.h"
#include "gait-test-util.h"

static char *tmpdir;

static char *
example (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "examples", name, NULL);
}

static void
copy (const char *from,
      const char *to,
      gssize      max_lines)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, NULL));
  if (max_lines >= 0)
    {
      char *p = data;

      for (gssize i = 0; i < max_lines && p != NULL; i++)
        p = strchr (p + 1, '\n');
      g_assert_nonnull (p);
      len = p - data + 1;
    }
  g_assert_true (g_file_set_contents (to, data, len, NULL));
}

/* A video and "<video>DLC_….csv" beside it find each other. */
static void
test_pairing (void)
{
  g_autofree char *video = example ("piglet-walk.mp4");
  g_autofree char *tracking = example ("piglet-walkDLC_synthetic.csv");
  g_autofree char *found_tracking = gait_recording_find_tracking (video);
  g_autofree char *found_video = gait_recording_find_video (tracking);
  g_autofree char *mouse = example ("PCCD3_Mouse14_25mm_run3-6DLC_resnet50_SIMINewOct24shuffle1_200000.csv");
  g_autofree char *no_video = gait_recording_find_video (mouse);

  g_assert_cmpstr (found_tracking, ==, tracking);
  g_assert_cmpstr (found_video, ==, video);
  g_assert_null (no_video);
}

static void
test_load_example (void)
{
  g_autofree char *video = example ("piglet-walk.mp4");
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitRecording) recording = gait_recording_load (video, NULL, NULL, &error);
  GaitTracking *tracking;
  g_autofree double *speed = NULL;
  g_autoptr(GArray) distal = NULL;
  guint n_widths = 0;

  g_assert_no_error (error);
  g_assert_nonnull (gait_recording_get_decoder (recording));
  g_assert_nonnull (gait_recording_get_tracking_path (recording));
  g_assert_cmpint (gait_recording_get_n_frames (recording), ==, 1500);
  g_assert_cmpfloat (gait_recording_get_fps (recording), ==, 50.0);
  g_assert_null (gait_recording_get_warning (recording));
  g_assert_cmpstr (gait_recording_get_media_info (recording)->mime_type, ==, "video/mp4");

  /* the piglet profile fits; each limb has its signals */
  g_assert_nonnull (gait_recording_get_profile (recording));
  g_assert_cmpuint (gait_recording_get_n_limbs (recording), ==, 2);
  g_assert_nonnull (gait_recording_get_scalogram (recording, 0, &n_widths));
  g_assert_cmpuint (n_widths, ==, 15);
  g_assert_cmpuint (gait_recording_get_peaks (recording, 0)->len, >, 10);

  /* the speed is the core's hoof speed, not a copy of something else */
  tracking = gait_recording_get_tracking (recording);
  distal = gait_profile_resolve_limb (gait_recording_get_profile (recording), tracking, 1, &error);
  g_assert_no_error (error);
  speed = g_new (double, gait_tracking_get_n_frames (tracking));
  g_assert_true (gait_hoof_speed (tracking, (guint *)(gpointer)distal->data, distal->len,
                                  gait_recording_get_signal_params (recording), speed, &error));
  g_assert_cmpmem (speed, gait_tracking_get_n_frames (tracking) * sizeof (double),
                   gait_recording_get_speed (recording, 1), gait_tracking_get_n_frames (tracking) * sizeof (double));

  /* every peak passes the seed filters */
  for (guint i = 0; i < gait_recording_get_peaks (recording, 1)->len; i++)
    {
      const GaitPeak *p = &g_array_index (gait_recording_get_peaks (recording, 1), GaitPeak, i);

      g_assert_cmpfloat (speed[p->row], >, 1.0);
      g_assert_cmpuint (p->col + 1, >, 2);
    }
}

/* Video and tracking disagree on their length: opened, with both counts said. */
static void
test_frame_count_mismatch (void)
{
  g_autofree char *video = example ("piglet-walk.mp4");
  g_autofree char *tracking = example ("piglet-walkDLC_synthetic.csv");
  g_autofree char *short_tracking = g_build_filename (tmpdir, "shortDLC_x.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitRecording) recording = NULL;

  copy (tracking, short_tracking, 3 + 1000);
  recording = gait_recording_load (video, short_tracking, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gait_recording_get_warning (recording));
  g_assert_nonnull (strstr (gait_recording_get_warning (recording), "1500 frames"));
  g_assert_nonnull (strstr (gait_recording_get_warning (recording), "has 1000"));
  g_assert_cmpint (gait_recording_get_n_frames (recording), ==, 1500);
}

static void
test_tracking_only (void)
{
  g_autofree char *mouse = example ("PCCD3_Mouse14_25mm_run3-6DLC_resnet50_SIMINewOct24shuffle1_200000.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitRecording) recording = gait_recording_load (NULL, mouse, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (gait_recording_get_decoder (recording));
  g_assert_null (gait_recording_get_media_info (recording));
  g_assert_cmpfloat (gait_recording_get_fps (recording), ==, 0.0);
  g_assert_cmpint (gait_recording_get_n_frames (recording), ==, 430);
  g_assert_cmpstr (gait_profile_get_limb_name (gait_recording_get_profile (recording), 0), ==, "fore");
}

static void
test_bad_input (void)
{
  g_autofree char *bad_video = g_build_filename (tmpdir, "broken.mp4", NULL);
  g_autofree char *bad_csv = g_build_filename (tmpdir, "broken.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitRecording) r1 = NULL;
  g_autoptr(GaitRecording) r2 = NULL;

  g_assert_true (g_file_set_contents (bad_video, "not a video", -1, NULL));
  g_assert_true (g_file_set_contents (bad_csv, "scorer,a\nbodyparts,b\n", -1, NULL));

  r1 = gait_recording_load (bad_video, NULL, NULL, &error);
  g_assert_null (r1);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO);
  g_assert_nonnull (strstr (error->message, "broken.mp4"));
  g_clear_error (&error);

  r2 = gait_recording_load (NULL, bad_csv, NULL, &error);
  g_assert_null (r2);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "broken.csv"));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;
  GaitRecording *recording = gait_recording_load_finish (result, error);

  g_assert_null (recording);
}

static void
test_cancel (void)
{
  g_autofree char *video = example ("piglet-walk.mp4");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;

  g_cancellable_cancel (cancellable);
  gait_recording_load_async (video, NULL, cancellable, loaded_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = gait_test_make_tmpdir ("gaitline-recording-XXXXXX");

  g_test_add_func ("/recording/pairing", test_pairing);
  g_test_add_func ("/recording/load-example", test_load_example);
  g_test_add_func ("/recording/frame-count-mismatch", test_frame_count_mismatch);
  g_test_add_func ("/recording/tracking-only", test_tracking_only);
  g_test_add_func ("/recording/bad-input", test_bad_input);
  g_test_add_func ("/recording/cancel", test_cancel);

  ret = g_test_run ();

  gait_test_remove_tree (tmpdir);
  g_free (tmpdir);
  return ret;
}
