/* test-cli.c: gaitline-cli end to end
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gait-test-util.h"

static char *tmpdir;

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_usage (void)
{
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 }, r5 = { 0 }, r6 = { 0 };

  gait_test_cli (&r1, "--version", NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_true (g_str_has_prefix (r1.out, "gaitline-cli " PACKAGE_VERSION));

  gait_test_cli (&r2, NULL);
  g_assert_cmpint (r2.status, ==, 2);

  gait_test_cli (&r3, "frobnicate", NULL);
  g_assert_cmpint (r3.status, ==, 2);
  g_assert_nonnull (strstr (r3.err, "frobnicate"));

  gait_test_cli (&r4, "detect", NULL);
  g_assert_cmpint (r4.status, ==, 2);
  g_assert_nonnull (strstr (r4.err, "no input file"));

  gait_test_cli (&r5, "detect", "--method", "magic", "x.csv", NULL);
  g_assert_cmpint (r5.status, ==, 2);
  g_assert_nonnull (strstr (r5.err, "magic"));

  gait_test_cli (&r6, "detect", "--help", NULL);
  g_assert_cmpint (r6.status, ==, 0);
  g_assert_nonnull (strstr (r6.out, "--limb"));
}

static void
test_bad_input (void)
{
  g_autofree char *bad = g_build_filename (tmpdir, "bad.csv", NULL);
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 };

  gait_test_cli (&r1, "detect", "/nonexistent/file.csv", NULL);
  g_assert_cmpint (r1.status, ==, 1);
  g_assert_nonnull (strstr (r1.err, "/nonexistent/file.csv"));

  g_assert_true (g_file_set_contents (bad, "scorer,a,a,a\nbodyparts,p,p,p\ncoords,x,y,likelihood\n0,1,2\n", -1, NULL));
  gait_test_cli (&r2, "detect", bad, NULL);
  g_assert_cmpint (r2.status, ==, 1);
  g_assert_nonnull (strstr (r2.err, "bad.csv"));
  g_assert_nonnull (strstr (r2.err, ":4"));
}

static void
test_detect_synthetic (void)
{
  g_autofree char *csv = g_build_filename (tmpdir, "walkDLC_resnet50_synth.csv", NULL);
  g_autofree char *truth = g_build_filename (tmpdir, "walk-truth.csv", NULL);
  g_autofree char *eaf = g_build_filename (tmpdir, "walk.eaf", NULL);
  g_autofree char *contents = NULL;
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 };
  g_auto(GStrv) lines = NULL;

  gait_test_cli (&r1, "synth", "--seed", "3", "--frames", "2500", "-o", csv, "--truth", truth, NULL);
  g_assert_cmpint (r1.status, ==, 0);

  /* No frame rate: CSV has frames only, times empty. */
  gait_test_cli (&r2, "detect", csv, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  lines = g_strsplit (r2.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "limb,start,end,"));
  g_assert_cmpuint (g_strv_length (lines), >, 10);
  g_assert_true (g_str_has_prefix (lines[1], "fl,") || g_str_has_prefix (lines[1], "hl,"));
  g_assert_nonnull (strstr (lines[1], ",,,,"));

  /* EAF needs a frame rate... */
  gait_test_cli (&r3, "detect", "-o", eaf, csv, NULL);
  g_assert_cmpint (r3.status, ==, 1);
  g_assert_nonnull (strstr (r3.err, "frame rate"));
  g_assert_false (g_file_test (eaf, G_FILE_TEST_EXISTS));

  /* ...and with one it validates against ELAN's schema. */
  gait_test_cli (&r4, "detect", "--fps", "50", "-o", eaf, csv, NULL);
  g_assert_cmpint (r4.status, ==, 0);
  g_assert_true (g_file_get_contents (eaf, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "TIER_ID=\"fl\""));
  g_assert_nonnull (strstr (contents, "TIER_ID=\"hl\""));
  g_assert_true (gait_test_eaf_validates (eaf));
}

static void
test_detect_real (void)
{
  g_autofree char *mouse = gait_test_shared_path ("dlc/PCCD3_Mouse14_25mm_run3-6DLC_resnet50_SIMINewOct24shuffle1_200000.csv");
  g_autofree char *video = gait_test_shared_path ("video/dlc_openfield_m3v1mp4.mp4");
  g_autofree char *eaf = g_build_filename (tmpdir, "mouse.eaf", NULL);
  g_autofree char *contents = NULL;
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 };
  g_auto(GStrv) lines = NULL;
  guint fore = 0, hind = 0;

  if (mouse == NULL || video == NULL)
    return;

  /* The mouse-side profile is found by its landmark names. */
  gait_test_cli (&r1, "detect", "--fps", "100", mouse, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  lines = g_strsplit (r1.out, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      fore += g_str_has_prefix (lines[i], "fore,");
      hind += g_str_has_prefix (lines[i], "hind,");
    }
  /* the mouse crosses the beam in about five strides */
  g_assert_cmpuint (fore, >=, 4);
  g_assert_cmpuint (fore, <=, 7);
  g_assert_cmpuint (hind, >=, 4);
  g_assert_cmpuint (hind, <=, 7);

  /* A video gives the rate (1000000/33333) and the media link; the frame
   * counts differ, which is said, not hidden. */
  gait_test_cli (&r2, "detect", "--video", video, "-o", eaf, mouse, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_nonnull (strstr (r2.err, "2330 frames"));
  g_assert_nonnull (strstr (r2.err, "has 430"));
  g_assert_true (g_file_get_contents (eaf, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "MEDIA_URL=\"file:///"));
  g_assert_nonnull (strstr (contents, "MIME_TYPE=\"video/mp4\""));
  g_assert_nonnull (strstr (contents, "RELATIVE_MEDIA_URL="));
  g_assert_true (gait_test_eaf_validates (eaf));

  /* An unknown landmark lists the available ones. */
  gait_test_cli (&r3, "detect", "--limb", "fore=Front paw,Wrist", mouse, NULL);
  g_assert_cmpint (r3.status, ==, 1);
  g_assert_nonnull (strstr (r3.err, "\"Front paw\""));
  g_assert_nonnull (strstr (r3.err, "Front paw tao"));
}

/* Hoof speeds for ELAN's time-series viewer, linked from the EAF */
static void
test_timeseries (void)
{
  g_autofree char *csv = g_build_filename (tmpdir, "ts.csv", NULL);
  g_autofree char *eaf = g_build_filename (tmpdir, "ts.eaf", NULL);
  g_autofree char *speed = g_build_filename (tmpdir, "ts.speed.csv", NULL);
  g_autofree char *tsconf = g_build_filename (tmpdir, "ts_tsconf.xml", NULL);
  g_autofree char *notes = g_build_filename (tmpdir, "notes.eaf", NULL);
  g_autofree char *merged = g_build_filename (tmpdir, "merged.eaf", NULL);
  g_autofree char *merged_speed = g_build_filename (tmpdir, "merged.speed.csv", NULL);
  g_autofree char *merged_tsconf = g_build_filename (tmpdir, "merged_tsconf.xml", NULL);
  g_autofree char *contents = NULL;
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 };
  static const char notes_eaf[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- notes by hand -->\n"
    "<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"2024-01-01T00:00:00Z\" FORMAT=\"3.0\" VERSION=\"3.0\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xsi:noNamespaceSchemaLocation=\"http://www.mpi.nl/tools/elan/EAFv3.0.xsd\">\n"
    "    <HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">\n"
    "        <PROPERTY NAME=\"lastUsedAnnotationId\">0</PROPERTY>\n"
    "    </HEADER>\n"
    "    <TIME_ORDER/>\n"
    "    <TIER LINGUISTIC_TYPE_REF=\"default-lt\" TIER_ID=\"notes\"/>\n"
    "    <LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"default-lt\" TIME_ALIGNABLE=\"true\"/>\n"
    "</ANNOTATION_DOCUMENT>\n";

  gait_test_cli (&r1, "synth", "--seed", "9", "--frames", "600", "-o", csv, NULL);
  g_assert_cmpint (r1.status, ==, 0);

  gait_test_cli (&r2, "detect", "--fps", "50", "--timeseries", csv, NULL);
  g_assert_cmpint (r2.status, ==, 2);
  g_assert_nonnull (strstr (r2.err, "--timeseries"));

  gait_test_cli (&r3, "detect", "--fps", "50", "--timeseries", "-o", eaf, csv, NULL);
  g_assert_cmpint (r3.status, ==, 0);
  g_assert_true (g_file_test (tsconf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_get_contents (speed, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "# time (s),fl hoof speed,hl hoof speed\n"));
  g_assert_cmpuint (count_lines (contents), ==, 601);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (eaf, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "LINKED_FILE_DESCRIPTOR"));
  g_assert_nonnull (strstr (contents, "RELATIVE_LINK_URL=\"./ts.speed.csv\""));
  g_assert_nonnull (strstr (contents, "RELATIVE_LINK_URL=\"./ts_tsconf.xml\""));
  g_assert_true (gait_test_eaf_validates (eaf));

  /* Merged into a person's document: linked there, all else kept */
  g_assert_true (g_file_set_contents (notes, notes_eaf, -1, NULL));
  gait_test_cli (&r4, "detect", "--fps", "50", "--timeseries", "--merge", notes, "-o", merged, csv, NULL);
  g_assert_cmpint (r4.status, ==, 0);
  g_assert_true (g_file_test (merged_tsconf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (merged_speed, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (merged, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<!-- notes by hand -->"));
  g_assert_nonnull (strstr (contents, "TIER_ID=\"notes\""));
  g_assert_nonnull (strstr (contents, "TIER_ID=\"fl\""));
  g_assert_nonnull (strstr (contents, "RELATIVE_LINK_URL=\"./merged.speed.csv\""));
  g_assert_nonnull (strstr (contents, "RELATIVE_LINK_URL=\"./merged_tsconf.xml\""));
  g_assert_true (gait_test_eaf_validates (merged));
}

static void
test_batch (void)
{
  g_autofree char *a = g_build_filename (tmpdir, "batch-a.csv", NULL);
  g_autofree char *b = g_build_filename (tmpdir, "batch-b.csv", NULL);
  g_autofree char *bad = g_build_filename (tmpdir, "batch-bad.csv", NULL);
  g_autofree char *out = g_build_filename (tmpdir, "out", NULL);
  g_autofree char *out_a = g_build_filename (out, "batch-a.cycles.csv", NULL);
  g_autofree char *out_b = g_build_filename (out, "batch-b.cycles.csv", NULL);
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 };

  gait_test_cli (&r1, "synth", "--seed", "5", "--frames", "1500", "-o", a, NULL);
  gait_test_cli (&r2, "synth", "--seed", "6", "--frames", "1500", "--body", "mouse", "-o", b, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_true (g_file_set_contents (bad, "garbage\n", -1, NULL));

  gait_test_cli (&r3, "detect", a, b, NULL);
  g_assert_cmpint (r3.status, ==, 2);
  g_assert_nonnull (strstr (r3.err, "-o DIR"));

  /* one bad file: the others are still written, the exit status says so */
  gait_test_cli (&r4, "detect", "--jobs", "2", "-o", out, a, bad, b, NULL);
  g_assert_cmpint (r4.status, ==, 1);
  g_assert_true (g_file_test (out_a, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (out_b, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (r4.err, "batch-bad.csv"));
  g_assert_nonnull (strstr (r4.err, "3 files, 1 failed"));
}

static void
test_signals (void)
{
  g_autofree char *csv = g_build_filename (tmpdir, "signals.csv", NULL);
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;

  gait_test_cli (&r1, "synth", "--seed", "2", "--frames", "400", "-o", csv, NULL);
  g_assert_cmpint (r1.status, ==, 0);

  gait_test_cli (&r2, "speed", csv, "--fps", "50", NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_cmpuint (count_lines (r2.out), ==, 401);
  g_assert_true (g_str_has_prefix (r2.out, "frame,time,fl,hl\n0,0.000000,"));

  gait_test_cli (&r3, "scalogram", csv, "--limb", "hl", NULL);
  g_assert_cmpint (r3.status, ==, 0);
  g_assert_cmpuint (count_lines (r3.out), ==, 401);
  lines = g_strsplit (r3.out, "\n", 2);
  header = g_strsplit (lines[0], ",", -1);
  g_assert_cmpuint (g_strv_length (header), ==, 16);
  g_assert_cmpstr (header[15], ==, "w15");

  gait_test_cli (&r4, "speed", csv, "--limb", "tail", NULL);
  g_assert_cmpint (r4.status, ==, 2);
  g_assert_nonnull (strstr (r4.err, "fl, hl"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmpdir = gait_test_make_tmpdir ("gaitline-cli-XXXXXX");
  g_assert_nonnull (tmpdir);
  g_assert_nonnull (g_getenv ("GAITLINE_CLI"));

  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/bad-input", test_bad_input);
  g_test_add_func ("/cli/detect-synthetic", test_detect_synthetic);
  g_test_add_func ("/cli/detect-real", test_detect_real);
  g_test_add_func ("/cli/batch", test_batch);
  g_test_add_func ("/cli/timeseries", test_timeseries);
  g_test_add_func ("/cli/signals", test_signals);

  ret = g_test_run ();

  gait_test_remove_tree (tmpdir);
  g_free (tmpdir);

  return ret;
}
