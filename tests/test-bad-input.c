/* test-bad-input.c: every parser against bad input
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "gait-annotation.h"
#include "gait-annotation-store.h"
#include "gait-elan.h"
#include "gait-error.h"
#include "gait-export.h"
#include "gait-media.h"
#include "gait-profile.h"
#include "gait-session-file.h"
#include "gait-test-util.h"
#include "gait-tracking.h"
#include "gait-video-decoder.h"

/*
 * Bad input must give a clean GError (or load, where the input is merely
 * odd), never a crash, a hang or a warning; g_test_init() makes warnings
 * and criticals fatal. Run under ASan in CI (.ci/run, _build-asan).
 *
 * 1. tests/data/regressions/HARNESS/: what the fuzzers in fuzz/ found,
 *    through the parser the directory is named after.
 * 2. Bad input made here: empty, truncated, garbage, huge, ragged, NaN and
 *    infinity, 100,000 landmarks, non-UTF-8 names, XML entities and deep
 *    nesting, broken videos.
 * 3. gaitline-cli detect on bad files: status 1, a message naming the
 *    file, and no output file left behind.
 */

static char *tmpdir;

/* Helpers ------------------------------------------------------------------ */

static char *
write_tmp (const char *name,
           const char *data,
           gsize       length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);

  return path;
}

static char *
read_source_file (const char *first,
                  ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GString *relative = g_string_new (first);
  const char *part;
  char *contents = NULL;
  va_list args;

  va_start (args, first);
  while ((part = va_arg (args, const char *)) != NULL)
    {
      g_string_append_c (relative, G_DIR_SEPARATOR);
      g_string_append (relative, part);
    }
  va_end (args);

  path = g_test_build_filename (G_TEST_DIST, relative->str, NULL);
  g_string_free (relative, TRUE);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* A clean failure: a GError in an expected domain, with a message that is
 * UTF-8 (it is shown in the window) and names the input. */
static void
assert_clean_error (const GError *error,
                    const char   *name)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == GAIT_ERROR || error->domain == G_FILE_ERROR);
  g_assert_nonnull (error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (name != NULL && strstr (error->message, name) == NULL)
    g_error ("the message does not name “%s”: %s", name, error->message);
}

static guint64
pseudo_random (guint64 *state)
{
  /* xorshift64*: the same garbage on every run and platform */
  *state ^= *state >> 12;
  *state ^= *state << 25;
  *state ^= *state >> 27;
  return *state * G_GUINT64_CONSTANT (2685821657736338717);
}

static char *
make_garbage (gsize    length,
              guint64  seed)
{
  char *data = g_malloc (length + 1);
  guint64 state = seed | 1;

  for (gsize i = 0; i < length; i++)
    data[i] = (char)(pseudo_random (&state) >> 56);
  data[length] = '\0';

  return data;
}

/* Tracking (DeepLabCut CSV) ------------------------------------------------- */

#define CSV_NAME "bad.csv"

static gboolean
check_tracking (GaitTracking *tracking)
{
  guint n_frames = gait_tracking_get_n_frames (tracking);

  g_assert_cmpuint (n_frames, >, 0);
  for (guint i = 0; i < gait_tracking_get_n_landmarks (tracking); i++)
    {
      const double *lk = gait_tracking_get_likelihood (tracking, i);

      g_assert_true (g_utf8_validate (gait_tracking_get_landmark_name (tracking, i), -1, NULL));
      for (guint f = 0; f < n_frames; f++)
        {
          g_assert_false (isinf (gait_tracking_get_x (tracking, i)[f]));
          g_assert_false (isinf (gait_tracking_get_y (tracking, i)[f]));
          g_assert_true (isfinite (lk[f]));
        }
    }

  return TRUE;
}

/* Loads CSV text with and without an individual; TRUE if it loaded. */
static gboolean
load_csv (const char *data,
          gsize       length)
{
  const char *individuals[] = { NULL, "mouse1", "nobody" };
  gboolean loaded = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (individuals); i++)
    {
      g_autoptr(GaitTracking) tracking = NULL;
      g_autoptr(GError) error = NULL;

      tracking = gait_tracking_new_from_data (data, length, CSV_NAME, individuals[i], &error);
      if (tracking == NULL)
        assert_clean_error (error, CSV_NAME);
      else
        {
          g_assert_no_error (error);
          check_tracking (tracking);
          if (i == 0)
            loaded = TRUE;
        }
    }

  return loaded;
}

/* What loaded, saved, loads back the same (as fuzz-tracking-csv checks). */
static void
check_round_trip (GaitTracking *tracking)
{
  g_autofree char *path = g_build_filename (tmpdir, "round-trip.csv", NULL);
  g_autoptr(GaitTracking) copy = NULL;
  g_autoptr(GError) error = NULL;
  guint n_frames = gait_tracking_get_n_frames (tracking);
  guint n_landmarks = gait_tracking_get_n_landmarks (tracking);

  gait_tracking_save_csv (tracking, path, &error);
  g_assert_no_error (error);
  copy = gait_tracking_new_from_file (path, NULL, &error);
  g_assert_no_error (error);
  g_unlink (path);

  g_assert_cmpuint (gait_tracking_get_n_frames (copy), ==, n_frames);
  g_assert_cmpuint (gait_tracking_get_n_landmarks (copy), ==, n_landmarks);
  g_assert_cmpstr (gait_tracking_get_scorer (copy), ==, gait_tracking_get_scorer (tracking));
  for (guint i = 0; i < n_landmarks; i++)
    {
      g_assert_cmpstr (gait_tracking_get_landmark_name (copy, i), ==,
                       gait_tracking_get_landmark_name (tracking, i));
      for (guint f = 0; f < n_frames; f++)
        {
          g_assert_true (gait_test_same_double (gait_tracking_get_x (copy, i)[f],
                                                gait_tracking_get_x (tracking, i)[f]));
          g_assert_true (gait_test_same_double (gait_tracking_get_y (copy, i)[f],
                                                gait_tracking_get_y (tracking, i)[f]));
          g_assert_true (gait_test_same_double (gait_tracking_get_likelihood (copy, i)[f],
                                                gait_tracking_get_likelihood (tracking, i)[f]));
        }
    }
}

static void
load_csv_file (const char *path)
{
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  tracking = gait_tracking_new_from_file (path, NULL, &error);
  if (tracking == NULL)
    assert_clean_error (error, name);
  else
    {
      check_tracking (tracking);
      check_round_trip (tracking);
    }
}

static void
assert_csv_fails (const char *data,
                  const char *expected)
{
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;

  tracking = gait_tracking_new_from_data (data, strlen (data), CSV_NAME, NULL, &error);
  g_assert_null (tracking);
  assert_clean_error (error, CSV_NAME);
  if (expected != NULL && strstr (error->message, expected) == NULL)
    g_error ("expected “%s” in: %s", expected, error->message);
}

static void
test_csv_empty (void)
{
  const char *cases[] = { "", "\n", "\r\n\r\n", "   ", "\xEF\xBB\xBF", "\xEF\xBB", ",", ";;\n", "\"" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_false (load_csv (cases[i], strlen (cases[i])));
      assert_csv_fails (cases[i], NULL);
    }

  /* NULL data of length 0 */
  g_assert_false (load_csv (NULL, 0));
}

static void
test_csv_truncated (void)
{
  const char *files[] = { "dlc-single.csv", "dlc-multi.csv", "labelled.csv", "bom-crlf.csv", "blog.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *data = read_source_file ("data", files[i], NULL);
      gsize length = strlen (data);
      guint n_loaded = 0;

      /* Every prefix: cut in the header, in a quoted field, in a number. */
      for (gsize cut = 0; cut <= length; cut++)
        {
          /* A copy of exactly @cut bytes, so that ASan sees any overread. */
          g_autofree char *copy = g_memdup2 (data, cut);

          n_loaded += load_csv (copy, cut);
        }

      /* The whole file loads, and so do cuts inside the data rows. */
      g_assert_true (load_csv (data, length));
      g_assert_cmpuint (n_loaded, >, 1);
    }
}

static void
test_csv_garbage (void)
{
  /* Every byte value, and random bytes of several sizes */
  {
    char all[256];

    for (guint i = 0; i < 256; i++)
      all[i] = (char)i;
    load_csv (all, sizeof all);
    for (guint i = 0; i < 256; i++)
      load_csv (all + i, 1);
  }

  for (guint i = 0; i < 200; i++)
    {
      gsize length = 1 + i * 37;
      g_autofree char *data = make_garbage (length, i + 1);

      g_assert_false (load_csv (data, length));
    }

  /* Garbage after a good header */
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *garbage = make_garbage (100 + i, 1000 + i);
      g_autofree char *data = g_strconcat ("scorer,S,S,S\nbodyparts,a,a,a\ncoords,x,y,likelihood\n",
                                           garbage, NULL);

      load_csv (data, strlen (data));
    }
}

#define ONE_MB (1024 * 1024)

static void
test_csv_long_lines (void)
{
  GString *str = g_string_new (NULL);

  /* A 1 MB first line without a separator, with one, and unterminated */
  g_string_append_c (str, 's');
  for (guint i = 0; i < ONE_MB; i++)
    g_string_append_c (str, 'a' + i % 26);
  assert_csv_fails (str->str, "no field separator");

  g_string_assign (str, "scorer,");
  for (guint i = 0; i < ONE_MB; i++)
    g_string_append_c (str, 'a' + i % 26);
  assert_csv_fails (str->str, "no \"coords\" row");

  g_string_assign (str, "scorer,\"");
  for (guint i = 0; i < ONE_MB; i++)
    g_string_append_c (str, i % 100 == 99 ? '\n' : 'x');
  assert_csv_fails (str->str, "unterminated");

  /* A 1 MB header line of empty fields: a million columns */
  g_string_assign (str, "scorer");
  for (guint i = 0; i < ONE_MB; i++)
    g_string_append_c (str, ',');
  g_string_append (str, "\nbodyparts,a\ncoords,x\n0,1\n");
  assert_csv_fails (str->str, "fields");

  /* A 1 MB bodypart name, and a 1 MB number */
  g_string_assign (str, "bodyparts,a,");
  for (guint i = 0; i < ONE_MB; i++)
    g_string_append_c (str, 'b');
  g_string_append (str, "\ncoords,x,y\n0,1,");
  for (guint i = 0; i < ONE_MB; i++)
    g_string_append_c (str, '9');
  g_string_append_c (str, '\n');
  load_csv (str->str, str->len);

  g_string_free (str, TRUE);
}

static void
test_csv_ragged (void)
{
  static const char header[] = "scorer,S,S,S,S,S,S\nbodyparts,a,a,a,b,b,b\ncoords,x,y,likelihood,x,y,likelihood\n";
  const char *rows[] = {
    "0,1,2,1,3,4\n",              /* too few */
    "0,1,2,1,3,4,1,5\n",          /* too many */
    "0\n",
    ",,,,,,,,,,,,,,,,,,,,\n",
    "0,1,2,1,3,4,1\n1,1\n",
    "0,1,2,1,3,4,1\n1,1,2,1,3,4,1,,,\n",
    "0;1;2;1;3;4;1\n",            /* another separator */
    "0,1,2,1,3,4,\"1\n",          /* unterminated quote at the end */
    "0,1,2,1,3,4,1\r",            /* a lone CR */
    "0,1,2,1,3,4,1\r\r\n",
    "0,1 2,2,1,3,4,1\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *data = g_strconcat (header, rows[i], NULL);

      load_csv (data, strlen (data));
    }

  /* Header rows that disagree in length */
  assert_csv_fails ("scorer,S,S\nbodyparts,a,a,a\ncoords,x,y,likelihood\n0,1,2,3\n", "fields");
  assert_csv_fails ("bodyparts,a,a\ncoords,x,y,likelihood\n0,1,2,3\n", "fields");
  /* The committed ragged.csv */
  {
    g_autofree char *data = read_source_file ("data", "ragged.csv", NULL);

    assert_csv_fails (data, "expected 7 fields");
  }
}

static void
test_csv_nan_inf (void)
{
  const char *missing[] = { "nan", "NaN", "NAN", "-nan", "+nan", "", " nan ", "\"nan\"", "\"\"" };
  const char *infinite[] = { "inf", "-inf", "+inf", "Infinity", "-Infinity", "INF", "1e999",
                             "-1e999", "1e400", "\"inf\"", "\"1e999\"", "1.8e308", "0x1p1024" };

  /* Missing everywhere: loads, x and y NaN, likelihood 0 */
  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      g_autofree char *data = g_strdup_printf ("bodyparts,a,a,a\ncoords,x,y,likelihood\n"
                                               "%s,%s,%s,%s\n%s,%s,%s,%s\n",
                                               missing[i], missing[i], missing[i], missing[i],
                                               missing[i], missing[i], missing[i], missing[i]);
      g_autoptr(GaitTracking) tracking = NULL;
      g_autoptr(GError) error = NULL;

      tracking = gait_tracking_new_from_data (data, strlen (data), CSV_NAME, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gait_tracking_get_n_frames (tracking), ==, 2);
      for (guint f = 0; f < 2; f++)
        {
          g_assert_true (isnan (gait_tracking_get_x (tracking, 0)[f]));
          g_assert_true (isnan (gait_tracking_get_y (tracking, 0)[f]));
          g_assert_cmpfloat (gait_tracking_get_likelihood (tracking, 0)[f], ==, 0.0);
        }
    }

  /* Infinity anywhere a number is read: an error naming line and column */
  for (guint i = 0; i < G_N_ELEMENTS (infinite); i++)
    {
      for (guint column = 1; column <= 3; column++)
        {
          g_autofree char *data = NULL;
          g_autoptr(GaitTracking) tracking = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *where = g_strdup_printf (CSV_NAME ":4, column %u", column + 1);

          data = g_strdup_printf ("bodyparts,a,a,a\ncoords,x,y,likelihood\n0,1,2,0.5\n1,%s,%s,%s\n",
                                  column == 1 ? infinite[i] : "1",
                                  column == 2 ? infinite[i] : "2",
                                  column == 3 ? infinite[i] : "0.5");
          tracking = gait_tracking_new_from_data (data, strlen (data), CSV_NAME, NULL, &error);
          g_assert_null (tracking);
          assert_clean_error (error, where);
        }
    }

  /* In the index column, infinity is just a label */
  {
    const char data[] = "bodyparts,a,a\ncoords,x,y\ninf,1,2\nnan,3,4\n";

    g_assert_true (load_csv (data, strlen (data)));
  }
}

/* A DeepLabCut header with @n_landmarks landmarks, then @n_rows rows with
 * @n_blank blank lines before each. */
static GString *
make_wide_csv (guint n_landmarks,
               guint n_rows,
               guint n_blank)
{
  GString *str = g_string_sized_new ((gsize)n_landmarks * 60 + (gsize)n_rows * n_landmarks * 12);

  g_string_append (str, "scorer");
  for (guint i = 0; i < n_landmarks * 3; i++)
    g_string_append (str, ",DLC");
  g_string_append (str, "\nbodyparts");
  for (guint i = 0; i < n_landmarks; i++)
    g_string_append_printf (str, ",lm%u,lm%u,lm%u", i, i, i);
  g_string_append (str, "\ncoords");
  for (guint i = 0; i < n_landmarks; i++)
    g_string_append (str, ",x,y,likelihood");
  g_string_append_c (str, '\n');

  for (guint r = 0; r < n_rows; r++)
    {
      for (guint b = 0; b < n_blank; b++)
        g_string_append_c (str, '\n');
      g_string_append_printf (str, "%u", r);
      for (guint i = 0; i < n_landmarks; i++)
        g_string_append (str, ",1.5,2.5,0.9");
      g_string_append_c (str, '\n');
    }

  return str;
}

static void
test_csv_many_landmarks (void)
{
  g_autoptr(GString) str = make_wide_csv (100000, 2, 0);
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 start = g_get_monotonic_time ();

  tracking = gait_tracking_new_from_data (str->str, str->len, CSV_NAME, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gait_tracking_get_n_landmarks (tracking), ==, 100000);
  g_assert_cmpuint (gait_tracking_get_n_frames (tracking), ==, 2);
  g_assert_cmpstr (gait_tracking_get_landmark_name (tracking, 99999), ==, "lm99999");
  g_assert_cmpfloat (gait_tracking_get_y (tracking, 99999)[1], ==, 2.5);
  g_assert_cmpint (gait_tracking_find_landmark (tracking, "lm54321"), ==, 54321);
  g_test_message ("100,000 landmarks: %.2f s", (g_get_monotonic_time () - start) / 1e6);

  /* The same from a file (mapped), and cut short in the last row */
  path = write_tmp ("wide.csv", str->str, str->len - 100);
  load_csv_file (path);
}

static void
test_csv_many_landmarks_blank_lines (void)
{
  /* Blank lines are skipped, but each used to count as a row when the
   * storage was sized: 100,000 landmarks and 1,000,000 blank lines asked
   * for 2.4 TB. Storage is now bounded by what the bytes can hold. */
  g_autoptr(GString) str = make_wide_csv (100000, 2, 500000);
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;

  tracking = gait_tracking_new_from_data (str->str, str->len, CSV_NAME, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gait_tracking_get_n_frames (tracking), ==, 2);
  g_assert_cmpfloat (gait_tracking_get_x (tracking, 12345)[1], ==, 1.5);

  /* Likewise rows of quoted line breaks in a skipped index column */
  g_string_assign (str, "bodyparts");
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (str, ",l%u,l%u", i, i);
  g_string_append (str, "\ncoords");
  for (guint i = 0; i < 20000; i++)
    g_string_append (str, ",x,y");
  g_string_append (str, "\n\"");
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (str, '\n');
  g_string_append_c (str, '"');
  for (guint i = 0; i < 40000; i++)
    g_string_append (str, ",1");
  g_string_append_c (str, '\n');

  g_clear_object (&tracking);
  tracking = gait_tracking_new_from_data (str->str, str->len, CSV_NAME, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gait_tracking_get_n_frames (tracking), ==, 1);
  g_assert_cmpuint (gait_tracking_get_n_landmarks (tracking), ==, 20000);
}

static void
test_csv_non_utf8 (void)
{
  static const char utf16[] = "\xfe\xff\x00s\x00,\x00" "a\n";
  static const char nul[] = "sc\x00rer,a\nbodyparts,a\ncoords,x\n";
  struct {
    const char *data;
    gsize       length;
    const char *expected;
  } cases[] = {
    { "bodyparts,\xff\xfe,\xff\xfe\ncoords,x,y\n0,1,2\n", 0, "not valid UTF-8" },
    { "bodyparts,a\xc3,a\xc3\ncoords,x,y\n0,1,2\n", 0, "not valid UTF-8" },
    { "individuals,\xc3\x28,\xc3\x28\nbodyparts,a,a\ncoords,x,y\n0,1,2\n", 0, "not valid UTF-8" },
    { "bodyparts,a,a\ncoords,x,\xe2\x82\n0,1,2\n", 0, "unknown coordinate" },
    { "bodyparts,a,a\ncoords,x,y\n0,1,\xed\xa0\x80\n", 0, "not a number" },
    { utf16, sizeof utf16 - 1, NULL },
    { nul, sizeof nul - 1, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GaitTracking) tracking = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = cases[i].length > 0 ? cases[i].length : strlen (cases[i].data);

      tracking = gait_tracking_new_from_data (cases[i].data, length, CSV_NAME, NULL, &error);
      g_assert_null (tracking);
      assert_clean_error (error, CSV_NAME);
      if (cases[i].expected != NULL && strstr (error->message, cases[i].expected) == NULL)
        g_error ("expected “%s” in: %s", cases[i].expected, error->message);
    }

  /* A scorer that is not UTF-8 is ignored */
  {
    const char data[] = "scorer,\xff,\xff\nbodyparts,a,a\ncoords,x,y\n0,1,2\n";
    g_autoptr(GaitTracking) tracking = NULL;
    g_autoptr(GError) error = NULL;

    tracking = gait_tracking_new_from_data (data, strlen (data), CSV_NAME, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (gait_tracking_get_scorer (tracking));
  }
}

/* Profiles ------------------------------------------------------------------ */

#define PROFILE_NAME "bad.ini"

static gboolean
load_profile (const char *data,
              gsize       length)
{
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = gait_profile_new_from_data (data, length, PROFILE_NAME, &error);
  if (profile == NULL)
    {
      assert_clean_error (error, PROFILE_NAME);
      return FALSE;
    }

  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (gait_profile_get_name (profile), -1, NULL));
  g_assert_cmpuint (gait_profile_get_n_limbs (profile), >, 0);
  for (guint i = 0; i < gait_profile_get_n_limbs (profile); i++)
    {
      const char * const *landmarks = gait_profile_get_limb_landmarks (profile, i);

      g_assert_true (g_utf8_validate (gait_profile_get_limb_name (profile, i), -1, NULL));
      for (guint j = 0; landmarks[j] != NULL; j++)
        g_assert_true (g_utf8_validate (landmarks[j], -1, NULL));
    }

  return TRUE;
}

static void
load_profile_file (const char *path)
{
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  profile = gait_profile_new_from_file (path, &error);
  if (profile == NULL)
    assert_clean_error (error, name);
}

static void
test_profile_bad (void)
{
  g_autofree char *good = read_source_file ("..", "data", "profiles", "piglet-blog.ini", NULL);
  gsize length = strlen (good);
  const char *cases[] = {
    "",
    "[Profile]\n",
    "[Profile]\nName=x\n",
    "[Profile\nName=x\n",
    "[Limb fl]\nLandmarks=a\n",
    "[Profile]\n[Limb ]\nLandmarks=a\n",
    "[Profile]\n[Limb fl]\nLandmarks=\n",
    "[Profile]\nSkeleton=a;b\n[Limb fl]\nLandmarks=a\n",
    "[Profile]\nSkeleton=,b\n[Limb fl]\nLandmarks=a\n",
    "[Profile]\nName=\\m\\\n[Limb fl]\nLandmarks=a\n",
    "[Profile]\n[Limb fl]\nLandmarks=a\\m;b\\\n",
    "[Profile]\n[Limb \xff]\nLandmarks=a\n",
    "[Profile]\n[Limb fl]\nLandmarks=\xff\n",
    "[Profile]\nName=\xc3\x28\n[Limb fl]\nLandmarks=a\n",
    "[\xff]\n",
    "\xef\xbb\xbf[Profile]\n[Limb fl]\nLandmarks=a\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    load_profile (cases[i], strlen (cases[i]));

  /* A limb name that is not UTF-8 would end up in the window and in EAF
   * tier names: refused. */
  g_assert_false (load_profile (cases[11], strlen (cases[11])));
  /* So is a value ending with a lone backslash (GLib 2.74 would warn) */
  g_assert_false (load_profile (cases[9], strlen (cases[9])));
  g_assert_false (load_profile (cases[10], strlen (cases[10])));

  g_assert_true (load_profile (good, length));
  for (gsize cut = 0; cut < length; cut++)
    {
      /* (@data must not be NULL, even when empty) */
      g_autofree char *copy = g_memdup2 (good, MAX (cut, 1));

      load_profile (copy, cut);
    }

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *garbage = make_garbage (1 + i * 13, 7000 + i);

      g_assert_false (load_profile (garbage, 1 + i * 13));
    }
}

/* Session files ------------------------------------------------------------- */

#define SESSION_NAME "bad.csv.gaitline"

static gboolean
load_session (const char *data,
              gsize       length)
{
  g_autoptr(GaitAnnotationStore) store = gait_annotation_store_new ();
  g_auto(GaitSessionInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, SESSION_NAME, NULL);
  gboolean ok;

  gait_session_info_init (&info);
  ok = gait_session_file_load_data (data, length, path, &info, store, &error);
  if (!ok)
    {
      assert_clean_error (error, SESSION_NAME);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
    }

  return ok;
}

/* A session with every group, key and column. */
static char *
make_session (void)
{
  g_autoptr(GaitAnnotationStore) store = gait_annotation_store_new ();
  g_auto(GaitSessionInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, SESSION_NAME, NULL);
  GaitCycle cycles[3];
  char *text;

  gait_cycle_init (&cycles[0], "fl", 10, 40);
  gait_cycle_init (&cycles[1], "fore left; \\ odd", 40, 71);
  gait_cycle_init (&cycles[2], "hl", 25, 55);
  cycles[0].liftoff = 30;
  cycles[0].confidence = 0.875;
  cycles[1].state = GAIT_CYCLE_REJECTED;
  cycles[2].state = GAIT_CYCLE_EDITED;
  cycles[2].procrustes = 0.0123;
  cycles[2].n_landmarks = 6;
  cycles[2].stride_length = 123.5;
  gait_annotation_store_reset (store, cycles, G_N_ELEMENTS (cycles), &error);
  g_assert_no_error (error);
  gait_annotation_store_set_n_frames (store, 100);

  gait_session_info_init (&info);
  info.tracking = g_build_filename (tmpdir, "walkDLC.csv", NULL);
  info.video = g_build_filename (tmpdir, "walk.mp4", NULL);
  info.fps = 59.94;
  info.profile = g_strdup ("Piglet, side view");
  info.has_params = TRUE;
  gait_detect_params_init (&info.params, GAIT_METHOD_SEED);

  text = gait_session_file_to_data (path, &info, store, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static void
test_session_bad (void)
{
  g_autofree char *good = make_session ();
  gsize length = strlen (good);
  const char *end = g_strrstr (good, "[End]");
  const char *cases[] = {
    "",
    "[End]\n",
    "[Gaitline]\n[End]\n",
    "[Gaitline]\nversion=1\n[End]\n",
    "[Gaitline]\nversion=99\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n",
    "[Gaitline]\nversion=1\n[Cycles]\ncolumns=limb;start;end;state;\n1=fl;2;1;accepted;\n[End]\n",
    "[Gaitline]\nversion=1\n[Cycles]\ncolumns=limb;start;end;state;\n1=fl;1;9223372036854775808;accepted;\n[End]\n",
    "[Gaitline]\nversion=1\n[Cycles]\ncolumns=limb;start;end;state;\n1=fl;-1;2;accepted;\n[End]\n",
    "[Gaitline]\nversion=1\n[Cycles]\ncolumns=limb;start;end;state;confidence;\n1=fl;1;2;accepted;inf;\n[End]\n",
    "[Gaitline]\nversion=1\nfps=inf\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n",
    "[Gaitline]\nversion=1\nfps=-1\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n",
    "[Gaitline]\nversion=1\n[Cycles]\ncolumns=limb;start;end;state;\n1=\xff;1;2;accepted;\n[End]\n",
    "[Gaitline]\nversion=1\ntracking=\xc3\x28\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n",
    "[Gaitline]\nversion=1\n[Cycles]\ncolumns=limb;start;end;state;\n1=fl;1;2;accepted;\n1=fl;1;3;accepted;\n[End]\n",
    "[Gaitline]\nversion=1\n[Cycles]\ncolumns=limb;start;end;state;\n1=fl;1;2;accepted\\m;\\\n[End]\n",
    "[Gaitline]\nversion=1\n[Detection]\nmethod=seed\nmin-width=-1\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_false (load_session (cases[i], strlen (cases[i])));

  /* A NUL byte */
  {
    const char data[] = "[Gaitline]\nversion=1\0\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n";

    g_assert_false (load_session (data, sizeof data - 1));
  }

  /* Cut anywhere before its [End] line, a session is incomplete */
  g_assert_nonnull (end);
  g_assert_true (load_session (good, length));
  for (gsize cut = 0; cut < (gsize)(end - good) + 5; cut++)
    {
      g_autofree char *copy = g_memdup2 (good, cut);
      g_autoptr(GaitAnnotationStore) store = gait_annotation_store_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (gait_session_file_load_data (copy, cut, SESSION_NAME, NULL, store, &error));
      assert_clean_error (error, SESSION_NAME);
      if (cut > 0)
        g_assert_nonnull (strstr (error->message, "incomplete"));
    }

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *garbage = make_garbage (1 + i * 17, 9000 + i);

      g_assert_false (load_session (garbage, 1 + i * 17));
    }

  /* A 1 MB line */
  {
    GString *str = g_string_new ("[Gaitline]\nversion=1\nprofile=");

    for (guint i = 0; i < ONE_MB; i++)
      g_string_append_c (str, 'p');
    g_string_append (str, "\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n");
    g_assert_true (load_session (str->str, str->len));
    g_string_free (str, TRUE);
  }
}

/* A loaded session, saved again, loads back the same (as fuzz-session
 * checks). */
static void
check_session_round_trip (const char            *path,
                          const GaitSessionInfo *info,
                          GaitAnnotationStore   *store)
{
  g_autoptr(GaitAnnotationStore) copy = gait_annotation_store_new ();
  g_auto(GaitSessionInfo) copy_info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  gsize length = 0;

  text = gait_session_file_to_data (path, info, store, &length, &error);
  g_assert_no_error (error);
  gait_session_info_init (&copy_info);
  gait_session_file_load_data (text, length, path, &copy_info, copy, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (copy)), ==, n_items);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GaitAnnotation) a = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(GaitAnnotation) b = g_list_model_get_item (G_LIST_MODEL (copy), i);
      const GaitCycle *ca = gait_annotation_get_cycle (a);
      const GaitCycle *cb = gait_annotation_get_cycle (b);

      g_assert_cmpstr (ca->limb, ==, cb->limb);
      g_assert_cmpint (ca->start, ==, cb->start);
      g_assert_cmpint (ca->end, ==, cb->end);
      g_assert_cmpint (ca->liftoff, ==, cb->liftoff);
      g_assert_cmpint (ca->state, ==, cb->state);
      g_assert_cmpint (ca->method, ==, cb->method);
      g_assert_cmpuint (ca->n_landmarks, ==, cb->n_landmarks);
      g_assert_true (gait_test_same_double (ca->confidence, cb->confidence));
      g_assert_true (gait_test_same_double (ca->procrustes, cb->procrustes));
      g_assert_true (gait_test_same_double (ca->stride_length, cb->stride_length));
    }
  g_assert_cmpstr (copy_info.tracking, ==, info->tracking);
  g_assert_cmpstr (copy_info.video, ==, info->video);
  g_assert_cmpstr (copy_info.profile, ==, info->profile);
}

static void
load_session_file (const char *path)
{
  g_autoptr(GaitAnnotationStore) store = gait_annotation_store_new ();
  g_auto(GaitSessionInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  gait_session_info_init (&info);
  if (!gait_session_file_load (path, &info, store, &error))
    assert_clean_error (error, name);
  else
    check_session_round_trip (path, &info, store);
}

/* ELAN documents ------------------------------------------------------------ */

#define EAF_NAME "bad.eaf"

static gboolean
load_eaf (const char *data,
          gsize       length)
{
  static const char * const limbs[] = { "fl", "hl", NULL };
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GaitCycle *cycles = NULL;
  g_autofree char *text = NULL;
  gsize n_cycles = 0;

  doc = gait_elan_document_new_from_data (data, length, EAF_NAME, &error);
  if (doc == NULL)
    {
      assert_clean_error (error, EAF_NAME);
      return FALSE;
    }

  cycles = gait_elan_document_get_cycles (doc, 50, limbs, &n_cycles, &error);
  if (cycles == NULL)
    assert_clean_error (error, NULL);
  text = gait_elan_document_to_data (doc, NULL);
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));

  return TRUE;
}

static void
load_eaf_file (const char *path)
{
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  doc = gait_elan_document_new_from_file (path, &error);
  if (doc == NULL)
    assert_clean_error (error, name);
  else
    {
      g_autofree char *text = gait_elan_document_to_data (doc, NULL);

      /* What it writes back is XML in UTF-8 */
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
}

static char *
make_eaf (void)
{
  static const char * const limbs[] = { "fl", "hl", NULL };
  GaitCycle cycles[3];
  GaitExportOptions options = { .fps = 50, .limbs = limbs,
                                .media_path = "walk.mp4", .media_mime_type = "video/mp4" };
  g_autoptr(GError) error = NULL;
  char *text;

  gait_cycle_init (&cycles[0], "fl", 10, 40);
  gait_cycle_init (&cycles[1], "fl", 40, 71);
  gait_cycle_init (&cycles[2], "hl", 25, 55);
  cycles[1].state = GAIT_CYCLE_REJECTED;

  text = gait_cycles_to_eaf (cycles, G_N_ELEMENTS (cycles), &options, &error);
  g_assert_no_error (error);

  return text;
}

static void
test_eaf_bad (void)
{
  g_autofree char *good = make_eaf ();
  gsize length = strlen (good);
  const char *root_end = g_strrstr (good, "</ANNOTATION_DOCUMENT>");
  const char *cases[] = {
    "",
    "<",
    "<?xml version=\"1.0\"?>",
    "<ANNOTATION_DOCUMENT>",
    "<ANNOTATION_DOCUMENT/>",
    "<HTML></HTML>",
    "<ANNOTATION_DOCUMENT>&nbsp;</ANNOTATION_DOCUMENT>",
    "<ANNOTATION_DOCUMENT>&#0;</ANNOTATION_DOCUMENT>",
    "<ANNOTATION_DOCUMENT>&#xD800;</ANNOTATION_DOCUMENT>",
    "<ANNOTATION_DOCUMENT A=\"1\" A=\"2\"></ANNOTATION_DOCUMENT>",
    "<ANNOTATION_DOCUMENT></annotation_document>",
    "<ANNOTATION_DOCUMENT>\xff</ANNOTATION_DOCUMENT>",
    "<ANNOTATION_DOCUMENT AUTHOR=\"\xc3\x28\"></ANNOTATION_DOCUMENT>",
    "<ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"a\" TIME_VALUE=\"-9999999999999999999\"/>"
      "</TIME_ORDER><TIER TIER_ID=\"fl\"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"x\" "
      "TIME_SLOT_REF1=\"a\" TIME_SLOT_REF2=\"b\"><ANNOTATION_VALUE>x</ANNOTATION_VALUE>"
      "</ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>",
  };
  GString *str;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    load_eaf (cases[i], strlen (cases[i]));

  /* Entities: a "billion laughs" document type, an external entity */
  str = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
  for (guint i = 1; i < 10; i++)
    {
      g_string_append_printf (str, " <!ENTITY lol%u \"", i);
      for (guint j = 0; j < 10; j++)
        {
          if (i == 1)
            g_string_append (str, "&lol;");
          else
            g_string_append_printf (str, "&lol%u;", i - 1);
        }
      g_string_append (str, "\">\n");
    }
  g_string_append (str, "]>\n<ANNOTATION_DOCUMENT>&lol9;</ANNOTATION_DOCUMENT>\n");
  g_assert_false (load_eaf (str->str, str->len));

  g_string_assign (str, "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                        "<ANNOTATION_DOCUMENT>&xxe;</ANNOTATION_DOCUMENT>\n");
  g_assert_false (load_eaf (str->str, str->len));

  /* Entity references in bulk, and 1 MB of them */
  g_string_assign (str, "<ANNOTATION_DOCUMENT AUTHOR=\"");
  for (guint i = 0; i < ONE_MB / 8; i++)
    g_string_append (str, i % 2 ? "&amp;" : "&#x41;");
  g_string_append (str, "\"></ANNOTATION_DOCUMENT>");
  g_assert_true (load_eaf (str->str, str->len));

  /* Deep nesting: refused, no stack overflow */
  g_string_assign (str, "<ANNOTATION_DOCUMENT>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (str, "<a>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (str, "</a>");
  g_string_append (str, "</ANNOTATION_DOCUMENT>");
  g_assert_false (load_eaf (str->str, str->len));

  g_string_assign (str, "<ANNOTATION_DOCUMENT>");
  for (guint i = 0; i < 1000000; i++)
    g_string_append (str, "<a>");
  g_assert_false (load_eaf (str->str, str->len));

  g_string_free (str, TRUE);

  /* Cut anywhere before the root element ends: not well-formed */
  g_assert_nonnull (root_end);
  g_assert_true (load_eaf (good, length));
  for (gsize cut = 0; cut < (gsize)(root_end - good) + strlen ("</ANNOTATION_DOCUMENT>"); cut++)
    {
      g_autofree char *copy = g_memdup2 (good, cut);

      g_assert_false (load_eaf (copy, cut));
    }

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *garbage = make_garbage (1 + i * 19, 11000 + i);

      g_assert_false (load_eaf (garbage, 1 + i * 19));
    }
}

/* Videos -------------------------------------------------------------------- */

static void
open_video (const char *path)
{
  g_auto(GaitMediaInfo) info = { 0 };
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  if (!gait_media_probe (path, &info, &error))
    {
      assert_clean_error (error, name);
      g_clear_error (&error);
    }

  decoder = gait_video_decoder_new (path, &error);
  if (decoder == NULL)
    {
      assert_clean_error (error, NULL);
      return;
    }

  /* Whatever opens: the first and last frames decode or fail cleanly. */
  for (guint i = 0; i < 2; i++)
    {
      gint64 frame = i == 0 ? 0 : gait_video_decoder_get_n_frames (decoder) - 1;
      g_autoptr(GBytes) bytes = NULL;
      gsize stride = 0;

      if (frame < 0)
        continue;

      bytes = gait_video_decoder_get_frame (decoder, frame, &stride, &error);
      if (bytes == NULL)
        {
          assert_clean_error (error, NULL);
          g_clear_error (&error);
        }
      else
        g_assert_cmpuint (g_bytes_get_size (bytes), >=,
                          stride * gait_video_decoder_get_height (decoder));
    }
}

static void
test_video_not_a_video (void)
{
  const char text[] = "This is a text file, not a video.\n";
  g_autofree char *path = write_tmp ("text.mp4", text, strlen (text));
  g_autofree char *empty = write_tmp ("empty.mp4", "", 0);
  g_autofree char *garbage = make_garbage (65536, 42);
  g_autofree char *garbage_path = write_tmp ("garbage.avi", garbage, 65536);
  g_auto(GaitMediaInfo) info = { 0 };
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (gait_media_probe (path, &info, &error));
  assert_clean_error (error, "text.mp4");
  g_clear_error (&error);

  decoder = gait_video_decoder_new (path, &error);
  g_assert_null (decoder);
  assert_clean_error (error, NULL);

  open_video (empty);
  open_video (garbage_path);
}

static void
test_video_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "..", "data", "examples",
                                                   "piglet-walk.mp4", NULL);
  g_autofree char *data = NULL;
  gsize length = 0;
  gsize cuts[12];

  g_file_get_contents (source, &data, &length, &error);
  g_assert_no_error (error);

  cuts[0] = 0;
  cuts[1] = 8;
  cuts[2] = 32;
  cuts[3] = 100;
  cuts[4] = 1000;
  for (guint i = 5; i < G_N_ELEMENTS (cuts); i++)
    cuts[i] = length * (i - 4) / (G_N_ELEMENTS (cuts) - 4);
  cuts[G_N_ELEMENTS (cuts) - 1] = length - 1;

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *name = g_strdup_printf ("truncated-%" G_GSIZE_FORMAT ".mp4", cuts[i]);
      g_autofree char *path = write_tmp (name, data, cuts[i]);

      open_video (path);
    }

  /* The moov atom cut off, and the header kept with the data cut */
  {
    g_autofree char *name = NULL;
    g_autofree char *path = NULL;
    g_autofree char *copy = g_memdup2 (data, length);

    /* Flip bytes in the middle: a damaged stream */
    for (gsize i = length / 3; i < length / 3 + 2000 && i < length; i++)
      copy[i] ^= 0x5a;
    name = g_strdup ("damaged.mp4");
    path = write_tmp (name, copy, length);
    open_video (path);
  }
}

/* Regressions --------------------------------------------------------------- */

typedef struct
{
  const char *harness;
  void      (*load) (const char *path);
} Harness;

static void
load_csv_file_both (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  load_csv_file (path);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  load_csv (data, length);
}

/* HDF5 files that crash libhdf5 or make it loop (read in a child) */
static void
load_hdf5_file (const char *path)
{
  g_assert_true (g_setenv ("GAITLINE_HDF5_TIME_LIMIT", "3", TRUE));
  load_csv_file (path);
  g_unsetenv ("GAITLINE_HDF5_TIME_LIMIT");
}

static const Harness harnesses[] = {
  { "tracking-csv", load_csv_file_both },
  { "hdf5", load_hdf5_file },
  { "profile", load_profile_file },
  { "session", load_session_file },
  { "eaf", load_eaf_file },
};

static void
test_regressions (void)
{
  g_autofree char *root = gait_test_data_path ("regressions");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (root, 0, &error);
  const char *harness;
  guint n_files = 0;

  g_assert_no_error (error);

  while ((harness = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (root, harness, NULL);
      g_autoptr(GDir) files = NULL;
      const Harness *h = NULL;
      const char *name;

      if (!g_file_test (sub, G_FILE_TEST_IS_DIR))
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (harnesses); i++)
        if (g_str_equal (harnesses[i].harness, harness))
          h = &harnesses[i];
      if (h == NULL)
        g_error ("tests/data/regressions/%s: no parser for this directory", harness);

      files = g_dir_open (sub, 0, &error);
      g_assert_no_error (error);
      while ((name = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *path = g_build_filename (sub, name, NULL);

          g_test_message ("%s: %s", harness, name);
          h->load (path);
          n_files++;
        }
    }

  g_assert_cmpuint (n_files, >, 0);
}

/* gaitline-cli -------------------------------------------------------------- */

/* Runs detect on @input (with @extra options) writing @output: it must
 * fail with status 1, name @culprit, and leave no output behind. */
static void
assert_detect_fails (const char *input,
                     const char *output_name,
                     const char *culprit,
                     const char *extra_option,
                     const char *extra_value)
{
  g_autofree char *output = g_build_filename (tmpdir, output_name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *culprit_name = g_path_get_basename (culprit);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status = 0;

  g_ptr_array_add (argv, (gpointer)gait_test_cli_path ());
  g_ptr_array_add (argv, (gpointer)"detect");
  g_ptr_array_add (argv, (gpointer)"-q");
  g_ptr_array_add (argv, (gpointer)"-o");
  g_ptr_array_add (argv, output);
  if (extra_option != NULL)
    {
      g_ptr_array_add (argv, (gpointer)extra_option);
      g_ptr_array_add (argv, (gpointer)extra_value);
    }
  g_ptr_array_add (argv, (gpointer)input);
  g_ptr_array_add (argv, NULL);

  g_unlink (output);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);

  if (!WIFEXITED (status) || WEXITSTATUS (status) != 1)
    g_error ("gaitline-cli detect %s: status %d (expected exit 1)\n%s",
             input, status, err);
  if (strstr (err, culprit_name) == NULL)
    g_error ("gaitline-cli detect %s: the message does not name %s: %s",
             input, culprit_name, err);
  g_assert_true (g_utf8_validate (err, -1, NULL));
  if (g_file_test (output, G_FILE_TEST_EXISTS))
    g_error ("gaitline-cli detect %s left %s behind", input, output);
}

static void
test_cli (void)
{
  g_autofree char *good_source = g_test_build_filename (G_TEST_DIST, "..", "data", "examples",
                                                        "piglet-walkDLC_synthetic.csv", NULL);
  g_autofree char *good_data = NULL;
  g_autofree char *good = NULL;
  g_autofree char *root = gait_test_data_path ("regressions" G_DIR_SEPARATOR_S "tracking-csv");
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) wide = make_wide_csv (2000, 3, 0);
  g_autofree char *garbage = make_garbage (4096, 99);
  g_autoptr(GError) error = NULL;
  GDir *dir;
  gsize good_length = 0;
  const char *name;
  struct {
    const char *name;
    const char *data;
    gssize      length;
  } generated[] = {
    { "empty.csv", "", 0 },
    { "blank.csv", "\n\n\r\n", -1 },
    { "garbage.csv", garbage, 4096 },
    { "header-only.csv", "scorer,S,S\nbodyparts,a,a\ncoords,x,y\n", -1 },
    { "truncated.csv", "scorer,S,S\nbodyparts,a,a\ncoords,x", -1 },
    { "ragged.csv", "bodyparts,a,a\ncoords,x,y\n0,1,2\n1,1\n", -1 },
    { "inf.csv", "bodyparts,a,a\ncoords,x,y\n0,1,inf\n", -1 },
    { "nan-name.csv", "bodyparts,\xff,\xff\ncoords,x,y\n0,1,2\n", -1 },
    { "quote.csv", "bodyparts,a,a\ncoords,x,y\n0,\"1,2\n", -1 },
    { "wide-cut.csv", wide->str, wide->len - 10 },
    { "not-a-csv.mp4.csv", "\x00\x00\x00\x20" "ftypisom", 12 },
  };

  /* Generated bad files, and the fuzzers' regressions that do not load */
  for (guint i = 0; i < G_N_ELEMENTS (generated); i++)
    {
      gsize length = generated[i].length < 0 ? strlen (generated[i].data) : (gsize)generated[i].length;

      g_ptr_array_add (bad, write_tmp (generated[i].name, generated[i].data, length));
    }

  dir = g_dir_open (root, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root, name, NULL);
      g_autoptr(GaitTracking) tracking = gait_tracking_new_from_file (path, NULL, NULL);

      if (tracking == NULL)
        g_ptr_array_add (bad, g_steal_pointer (&path));
    }
  g_clear_pointer (&dir, g_dir_close);

  for (guint i = 0; i < bad->len; i++)
    {
      const char *path = g_ptr_array_index (bad, i);

      assert_detect_fails (path, "out.csv", path, NULL, NULL);
      assert_detect_fails (path, "out.eaf", path, NULL, NULL);
    }

  /* A good file with a bad profile, and with a bad paired video */
  g_file_get_contents (good_source, &good_data, &good_length, &error);
  g_assert_no_error (error);
  good = write_tmp ("walkDLC_synthetic.csv", good_data, good_length);

  {
    const char profile[] = "[Profile]\nName=x\n[Limb fl]\n";
    g_autofree char *bad_profile = write_tmp ("bad-profile.ini", profile, strlen (profile));

    assert_detect_fails (good, "out.csv", bad_profile, "--profile", bad_profile);
  }

  {
    const char text[] = "not a video\n";
    g_autofree char *video = write_tmp ("walk.mp4", text, strlen (text));

    assert_detect_fails (good, "out.eaf", video, NULL, NULL);
    assert_detect_fails (good, "out.csv", video, "--video", video);
    g_unlink (video);
  }
}

/* -------------------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmpdir = gait_test_make_tmpdir ("gaitline-bad-input-XXXXXX");

  g_test_add_func ("/bad-input/regressions", test_regressions);
  g_test_add_func ("/bad-input/csv/empty", test_csv_empty);
  g_test_add_func ("/bad-input/csv/truncated", test_csv_truncated);
  g_test_add_func ("/bad-input/csv/garbage", test_csv_garbage);
  g_test_add_func ("/bad-input/csv/long-lines", test_csv_long_lines);
  g_test_add_func ("/bad-input/csv/ragged", test_csv_ragged);
  g_test_add_func ("/bad-input/csv/nan-inf", test_csv_nan_inf);
  g_test_add_func ("/bad-input/csv/many-landmarks", test_csv_many_landmarks);
  g_test_add_func ("/bad-input/csv/many-landmarks-blank-lines", test_csv_many_landmarks_blank_lines);
  g_test_add_func ("/bad-input/csv/non-utf8", test_csv_non_utf8);
  g_test_add_func ("/bad-input/profile", test_profile_bad);
  g_test_add_func ("/bad-input/session", test_session_bad);
  g_test_add_func ("/bad-input/eaf", test_eaf_bad);
  g_test_add_func ("/bad-input/video/not-a-video", test_video_not_a_video);
  g_test_add_func ("/bad-input/video/truncated", test_video_truncated);
  g_test_add_func ("/bad-input/cli", test_cli);

  ret = g_test_run ();
  gait_test_remove_tree (tmpdir);

  return ret;
}
