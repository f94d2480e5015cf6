/* test-tracking.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gait-error.h"
#include "gait-test-util.h"
#include "gait-tracking-private.h"

/* Expected values, as gait_test_check_spots() takes them */
enum { X = GAIT_TEST_X, Y = GAIT_TEST_Y, L = GAIT_TEST_LIKELIHOOD };

typedef GaitTestSpot Spot;

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = gait_test_data_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

/* Formats ------------------------------------------------------------------ */

typedef struct
{
  const char *file;
  const char *individual;
  guint       n_frames;
  const char *names[6];
  gboolean    has_likelihood;
  const char *scorer;
  const char *selected;
  guint       n_individuals;
  Spot        spots[12];
} FormatCase;

static const FormatCase format_cases[] = {
  {
    "dlc-single.csv", NULL, 4, { "Nose", "Wrist", "Hind paw tao" }, TRUE,
    "DLC_resnet50_demoJan1shuffle1_1000", NULL, 0,
    {
      { 0, 0, X, 10.5 }, { 0, 0, Y, 20.25 }, { 0, 0, L, 0.99 },
      { 1, 0, Y, NAN }, { 2, 0, L, 0.0 }, { 2, 0, X, -12.5 },
      { 1, 1, X, NAN }, { 2, 1, Y, NAN }, { 3, 1, L, 0.3 },
      { 0, 2, X, 100.0 }, { 0, 2, Y, 0.25 },
      { 3, 2, X, 475.82781982421875 },
    },
  },
  {
    "dlc-multi.csv", NULL, 3, { "snout", "tailbase" }, TRUE, "Mia", "mouse1", 3,
    { { 0, 0, X, 1.0 }, { 1, 1, Y, 4.5 }, { 2, 1, L, 0.82 } },
  },
  {
    "dlc-multi.csv", "mouse2", 3, { "snout", "tailbase" }, TRUE, "Mia", "mouse2", 3,
    {
      { 0, 0, X, 101.0 }, { 1, 0, X, NAN }, { 1, 0, Y, NAN }, { 1, 0, L, 0.0 },
      { 2, 1, Y, 105.0 }, { 2, 1, L, 0.62 },
    },
  },
  {
    "dlc-multi.csv", "single", 3, { "arena corner" }, TRUE, "Mia", "single", 3,
    { { 0, 0, X, 500.0 }, { 2, 0, Y, 600.0 }, { 2, 0, L, 0.99 } },
  },
  {
    "blog.csv", NULL, 4, { "snout", "eye", "fhoof" }, TRUE, NULL, NULL, 0,
    {
      { 0, 0, X, 615.0 }, { 0, 0, Y, 149.325 }, { 1, 0, L, 0.999 },
      { 3, 1, L, 0.738 }, { 3, 2, X, 303.5 }, { 3, 2, Y, 403.25 }, { 3, 2, L, 0.0 },
    },
  },
  {
    "labelled.csv", NULL, 3, { "head", "tail" }, FALSE, "Daniel", "bird1", 2,
    {
      { 0, 0, X, 921.5828446877664 }, { 0, 0, L, 1.0 },
      { 1, 1, X, NAN }, { 1, 1, Y, NAN }, { 1, 1, L, 0.0 },
      { 2, 1, X, 412.64 }, { 2, 1, Y, NAN }, { 2, 1, L, 0.0 },
      { 2, 0, Y, 386.14 }, { 2, 0, L, 1.0 },
    },
  },
  {
    "labelled.csv", "bird2", 3, { "head", "tail" }, FALSE, "Daniel", "bird2", 2,
    {
      { 0, 0, X, 668.7776782624801 }, { 0, 1, X, NAN }, { 0, 1, L, 0.0 },
      { 1, 1, Y, 691.463 }, { 1, 1, L, 1.0 }, { 2, 0, L, 0.0 },
    },
  },
  {
    "bom-crlf.csv", NULL, 2, { "Hind paw tao", "Paw, left \"L\"" }, TRUE, "DLC_x", NULL, 0,
    {
      { 0, 0, X, 1.25 }, { 0, 0, Y, 2.5 }, { 0, 0, L, 0.75 },
      { 1, 0, X, NAN }, { 1, 0, Y, NAN }, { 1, 0, L, 0.5 },
      { 1, 1, X, 5.0 }, { 1, 1, Y, 6.0 }, { 1, 1, L, 0.25 },
    },
  },
};

static void
check_format_case (GaitTracking     *tracking,
                   const FormatCase *c)
{
  guint n_names = g_strv_length ((char **)c->names);
  const char * const *individuals;
  gsize n_spots = 0;

  g_assert_cmpuint (gait_tracking_get_n_frames (tracking), ==, c->n_frames);
  g_assert_cmpuint (gait_tracking_get_n_landmarks (tracking), ==, n_names);
  for (guint i = 0; i < n_names; i++)
    g_assert_cmpstr (gait_tracking_get_landmark_name (tracking, i), ==, c->names[i]);
  g_assert_cmpint (gait_tracking_has_likelihood (tracking), ==, c->has_likelihood);
  g_assert_cmpstr (gait_tracking_get_scorer (tracking), ==, c->scorer);
  g_assert_cmpstr (gait_tracking_get_individual (tracking), ==, c->selected);

  individuals = gait_tracking_get_individuals (tracking);
  g_assert_nonnull (individuals);
  g_assert_cmpuint (g_strv_length ((char **)individuals), ==, c->n_individuals);

  while (n_spots < G_N_ELEMENTS (c->spots) &&
         (c->spots[n_spots].value != 0.0 || c->spots[n_spots].frame != 0 ||
          c->spots[n_spots].landmark != 0 || c->spots[n_spots].channel != 0))
    n_spots++;
  gait_test_check_spots (tracking, c->spots, n_spots);
}

static void
test_formats (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      const FormatCase *c = &format_cases[i];
      g_autofree char *path = gait_test_data_path (c->file);
      g_autofree char *data = NULL;
      g_autoptr(GaitTracking) from_file = NULL;
      g_autoptr(GaitTracking) from_data = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      g_test_message ("%s (%s)", c->file, c->individual ? c->individual : "default");

      from_file = gait_tracking_new_from_file (path, c->individual, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gait_tracking_get_path (from_file), ==, path);
      check_format_case (from_file, c);

      data = read_fixture (c->file, &length);
      from_data = gait_tracking_new_from_data (data, length, c->file, c->individual, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gait_tracking_get_path (from_data), ==, c->file);
      check_format_case (from_data, c);
    }
}

static void
test_individuals (void)
{
  g_autofree char *path = gait_test_data_path ("dlc-multi.csv");
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *individuals;

  tracking = gait_tracking_new_from_file (path, NULL, &error);
  g_assert_no_error (error);

  individuals = gait_tracking_get_individuals (tracking);
  g_assert_cmpuint (g_strv_length ((char **)individuals), ==, 3);
  g_assert_cmpstr (individuals[0], ==, "mouse1");
  g_assert_cmpstr (individuals[1], ==, "mouse2");
  g_assert_cmpstr (individuals[2], ==, "single");
  g_assert_null (individuals[3]);
  g_clear_object (&tracking);

  tracking = gait_tracking_new_from_file (path, "mouse3", &error);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_UNKNOWN_LANDMARK);
  g_assert_null (tracking);
  g_assert_nonnull (strstr (error->message, "dlc-multi.csv"));
  g_assert_nonnull (strstr (error->message, "mouse3"));
  g_assert_nonnull (strstr (error->message, "mouse1, mouse2, single"));
  g_clear_error (&error);

  /* A single-animal file has no individuals to choose from. */
  g_clear_pointer (&path, g_free);
  path = gait_test_data_path ("dlc-single.csv");
  tracking = gait_tracking_new_from_file (path, "mouse1", &error);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_UNKNOWN_LANDMARK);
  g_assert_nonnull (strstr (error->message, "dlc-single.csv"));
  g_assert_null (tracking);
}

static void
test_inline_data (void)
{
  static const char tabs[] = "bodyparts\ta\ta\ncoords\tx\ty\n0\t1\t2\n1\t3\t \n";
  static const char no_name[] = "bodyparts,a,a\ncoords,x,y\n0,1\n";
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;

  /* Tab separated, a blank cell is missing, and no display name. */
  tracking = gait_tracking_new_from_data (tabs, sizeof tabs - 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (gait_tracking_get_path (tracking));
  g_assert_null (gait_tracking_get_scorer (tracking));
  g_assert_cmpuint (gait_tracking_get_n_frames (tracking), ==, 2);
  g_assert_cmpfloat (gait_tracking_get_x (tracking, 0)[1], ==, 3.0);
  g_assert_true (isnan (gait_tracking_get_y (tracking, 0)[1]));
  g_assert_false (gait_tracking_has_likelihood (tracking));
  g_assert_cmpfloat (gait_tracking_get_likelihood (tracking, 0)[0], ==, 1.0);
  g_assert_cmpfloat (gait_tracking_get_likelihood (tracking, 0)[1], ==, 0.0);

  g_clear_object (&tracking);
  tracking = gait_tracking_new_from_data (no_name, sizeof no_name - 1, NULL, NULL, &error);
  g_assert_null (tracking);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "(data):3: expected 3 fields, found 2");
}

/* Objects made in memory --------------------------------------------------- */

static void
test_new (void)
{
  static const char * const names[] = { "Nose", "Hind paw tao", "wrist" };
  g_autoptr(GaitTracking) tracking = gait_tracking_new (5, 3, names);
  g_autoptr(GaitTracking) unnamed = gait_tracking_new (2, 2, NULL);
  g_autoptr(GaitTracking) empty = gait_tracking_new (0, 0, NULL);
  g_autofree char *list = NULL;
  g_autofree char *empty_list = NULL;

  g_assert_cmpuint (gait_tracking_get_n_frames (tracking), ==, 5);
  g_assert_cmpuint (gait_tracking_get_n_landmarks (tracking), ==, 3);
  g_assert_true (gait_tracking_has_likelihood (tracking));
  g_assert_null (gait_tracking_get_path (tracking));
  g_assert_null (gait_tracking_get_scorer (tracking));
  g_assert_null (gait_tracking_get_individual (tracking));
  g_assert_null (gait_tracking_get_individuals (tracking)[0]);

  for (guint l = 0; l < 3; l++)
    for (guint f = 0; f < 5; f++)
      {
        g_assert_cmpfloat (gait_tracking_get_x (tracking, l)[f], ==, 0.0);
        g_assert_cmpfloat (gait_tracking_get_y (tracking, l)[f], ==, 0.0);
        g_assert_cmpfloat (gait_tracking_get_likelihood (tracking, l)[f], ==, 1.0);
      }

  /* Channels are separate arrays. */
  gait_tracking_get_x_mutable (tracking, 1)[4] = 7.0;
  gait_tracking_get_y_mutable (tracking, 1)[0] = 8.0;
  gait_tracking_get_likelihood_mutable (tracking, 2)[2] = 0.5;
  g_assert_cmpfloat (gait_tracking_get_x (tracking, 1)[4], ==, 7.0);
  g_assert_cmpfloat (gait_tracking_get_y (tracking, 1)[0], ==, 8.0);
  g_assert_cmpfloat (gait_tracking_get_likelihood (tracking, 2)[2], ==, 0.5);
  g_assert_cmpfloat (gait_tracking_get_x (tracking, 1)[3], ==, 0.0);
  g_assert_cmpfloat (gait_tracking_get_y (tracking, 1)[1], ==, 0.0);
  g_assert_cmpfloat (gait_tracking_get_x (tracking, 2)[0], ==, 0.0);

  g_assert_cmpint (gait_tracking_find_landmark (tracking, "Nose"), ==, 0);
  g_assert_cmpint (gait_tracking_find_landmark (tracking, "nose"), ==, 0);
  g_assert_cmpint (gait_tracking_find_landmark (tracking, "HIND PAW TAO"), ==, 1);
  g_assert_cmpint (gait_tracking_find_landmark (tracking, "wrist"), ==, 2);
  g_assert_cmpint (gait_tracking_find_landmark (tracking, "Wrist"), ==, 2);
  g_assert_cmpint (gait_tracking_find_landmark (tracking, "tail"), ==, -1);
  g_assert_cmpint (gait_tracking_find_landmark (tracking, ""), ==, -1);

  list = gait_tracking_dup_landmark_list (tracking);
  g_assert_cmpstr (list, ==, "Nose, Hind paw tao, wrist");
  empty_list = gait_tracking_dup_landmark_list (empty);
  g_assert_cmpstr (empty_list, ==, "");

  g_assert_cmpstr (gait_tracking_get_landmark_name (unnamed, 0), ==, "landmark1");
  g_assert_cmpstr (gait_tracking_get_landmark_name (unnamed, 1), ==, "landmark2");
  g_assert_cmpuint (gait_tracking_get_n_frames (empty), ==, 0);
  g_assert_cmpuint (gait_tracking_get_n_landmarks (empty), ==, 0);
}

static void
test_bad_index (void)
{
  g_autoptr(GaitTracking) tracking = gait_tracking_new (4, 2, NULL);
  typedef const double *(*Getter) (GaitTracking *, guint);
  typedef double *(*MutableGetter) (GaitTracking *, guint);
  static const Getter getters[] = {
    gait_tracking_get_x, gait_tracking_get_y, gait_tracking_get_likelihood,
  };
  static const MutableGetter mutable_getters[] = {
    gait_tracking_get_x_mutable, gait_tracking_get_y_mutable,
    gait_tracking_get_likelihood_mutable,
  };

  for (guint i = 0; i < G_N_ELEMENTS (getters); i++)
    {
      g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*landmark < self->n_landmarks*");
      g_assert_null (getters[i] (tracking, 2));
      g_test_assert_expected_messages ();

      g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*landmark < self->n_landmarks*");
      g_assert_null (mutable_getters[i] (tracking, 99));
      g_test_assert_expected_messages ();
    }

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*landmark < self->n_landmarks*");
  g_assert_null (gait_tracking_get_landmark_name (tracking, 2));
  g_test_assert_expected_messages ();
}

/* Round trip --------------------------------------------------------------- */

static double
random_value (guint kind)
{
  switch (kind % 8)
    {
    case 0:
      /* Pixel coordinates with three decimals, as generators write them. */
      return round (g_test_rand_double_range (-50.0, 2000.0) * 1000.0) / 1000.0;
    case 1:
      /* float32 values, as DeepLabCut writes them. */
      return (float)g_test_rand_double_range (0.0, 1000.0);
    case 2:
      return g_test_rand_double_range (-1e6, 1e6);
    case 3:
      return g_test_rand_double_range (0.0, 1.0) * pow (10.0, g_test_rand_int_range (-30, 30));
    case 4:
      {
        /* Any finite double. */
        double d;
        guint64 bits;

        do
          {
            bits = ((guint64)g_test_rand_int () << 32) | (guint32)g_test_rand_int ();
            memcpy (&d, &bits, sizeof d);
          }
        while (!isfinite (d));

        return d;
      }
    case 5:
      return g_test_rand_int_range (-1000, 1000);
    case 6:
      return g_test_rand_bit () ? NAN : -0.0;
    default:
      return g_test_rand_double ();
    }
}

static void
test_round_trip (void)
{
  static const char * const names[] = {
    "Nose", "Hind paw tao", "comma, name", "quote \"q\"", " padded ",
  };
  const guint n_frames = 500;
  const guint n_landmarks = G_N_ELEMENTS (names);
  g_autoptr(GaitTracking) tracking = gait_tracking_new (n_frames, n_landmarks, names);
  g_autoptr(GaitTracking) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  for (guint l = 0; l < n_landmarks; l++)
    {
      double *x = gait_tracking_get_x_mutable (tracking, l);
      double *y = gait_tracking_get_y_mutable (tracking, l);
      double *lk = gait_tracking_get_likelihood_mutable (tracking, l);

      for (guint f = 0; f < n_frames; f++)
        {
          x[f] = random_value (f + l);
          y[f] = random_value (f * 3 + l);
          lk[f] = g_test_rand_bit () ? g_test_rand_double () : (double)(float)g_test_rand_double ();
        }
      lk[0] = 0.0;
      lk[1] = 1.0;
      lk[2] = 1e-300;
      x[3] = NAN;
      y[3] = NAN;
      x[4] = -0.0;
      x[5] = G_MAXDOUBLE;
      y[5] = G_MINDOUBLE;
      x[6] = 4.9406564584124654e-324;
      y[6] = 9007199254740993.0;
    }

  dir = g_dir_make_tmp ("gaitline-tracking-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "round-trip.csv", NULL);

  g_assert_true (gait_tracking_save_csv (tracking, path, &error));
  g_assert_no_error (error);

  loaded = gait_tracking_new_from_file (path, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (gait_tracking_get_n_frames (loaded), ==, n_frames);
  g_assert_cmpuint (gait_tracking_get_n_landmarks (loaded), ==, n_landmarks);
  g_assert_true (gait_tracking_has_likelihood (loaded));
  g_assert_cmpstr (gait_tracking_get_scorer (loaded), ==, "gaitline");

  for (guint l = 0; l < n_landmarks; l++)
    {
      g_assert_cmpstr (gait_tracking_get_landmark_name (loaded, l), ==, names[l]);
      for (guint ch = X; ch <= L; ch++)
        {
          const double *a = gait_test_get_channel (tracking, l, ch);
          const double *b = gait_test_get_channel (loaded, l, ch);

          for (guint f = 0; f < n_frames; f++)
            if (!gait_test_same_double (a[f], b[f]))
              g_error ("landmark %u channel %u frame %u: saved %.17g, loaded %.17g",
                       l, ch, f, a[f], b[f]);
        }
    }

  /* Saving again replaces the file. */
  g_clear_object (&loaded);
  g_clear_object (&tracking);
  tracking = gait_tracking_new (1, 1, NULL);
  g_assert_true (gait_tracking_save_csv (tracking, path, &error));
  g_assert_no_error (error);
  loaded = gait_tracking_new_from_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gait_tracking_get_n_frames (loaded), ==, 1);
  g_assert_cmpfloat (gait_tracking_get_likelihood (loaded, 0)[0], ==, 1.0);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  /* A directory that does not exist. */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "missing", "x.csv", NULL);
  g_assert_false (gait_tracking_save_csv (tracking, path, &error));
  g_assert_nonnull (error);
}

static void
test_save_format (void)
{
  static const char * const names[] = { "a", "b c" };
  g_autoptr(GaitTracking) tracking = gait_tracking_new (2, 2, names);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  double *x = gait_tracking_get_x_mutable (tracking, 0);
  double *y = gait_tracking_get_y_mutable (tracking, 0);
  double *lk = gait_tracking_get_likelihood_mutable (tracking, 0);

  x[0] = 123.456;
  y[0] = 0.1;
  lk[0] = 0.98765;
  x[1] = NAN;
  y[1] = -2.5;
  lk[1] = 0.0;
  gait_tracking_get_x_mutable (tracking, 1)[1] = 1e-7;
  gait_tracking_get_y_mutable (tracking, 1)[1] = 475.82781982421875;

  dir = g_dir_make_tmp ("gaitline-tracking-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "out.csv", NULL);
  g_assert_true (gait_tracking_save_csv (tracking, path, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (contents, ==,
                   "scorer,gaitline,gaitline,gaitline,gaitline,gaitline,gaitline\n"
                   "bodyparts,a,a,a,b c,b c,b c\n"
                   "coords,x,y,likelihood,x,y,likelihood\n"
                   "0,123.456,0.1,0.98765,0,0,1\n"
                   "1,,-2.5,0,0.0000001,475.82781982421875,1\n");

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Numbers ------------------------------------------------------------------ */

static void
check_parse (const char *text)
{
  double expected = g_ascii_strtod (text, NULL);
  double got = 0.0;

  if (!_gait_tracking_parse_double (text, strlen (text), &got))
    g_error ("\"%s\" was rejected", text);
  if (!gait_test_same_double (got, expected))
    g_error ("\"%s\": expected %a, got %a", text, expected, got);
}

static void
test_parse_numbers (void)
{
  static const char * const accepted[] = {
    "0", "-0", "+0", "0.0", "-0.0", "00", ".5", "5.", "-.5", "+3.5", "1E5",
    "1e+05", "1e-05", "0.1", "0.2", "0.3", "0.30000000000000004",
    "1e-300", "4.9e-324", "4.9406564584124654e-324", "2.4703282292062327e-324",
    "2.2250738585072014e-308", "2.2250738585072011e-308",
    "1.7976931348623157e308", "1.7976931348623158e308",
    "9007199254740992", "9007199254740993", "9007199254740995",
    "9007199254740993.0000000001", "18014398509481985", "18446744073709551615",
    "18446744073709551616", "99999999999999999999", "9999999999999999999",
    "1844674407370955161.5", "123456789012345678901234567890",
    "0.000000000000000000000000000001", "00000000000000000000000001.5",
    "12345678901234567890123e-10", "1e23", "8.98846567431158e307",
    "475.82781982421875", "0.013625327497720718", "-5.0022430419921875",
    "0.0018431672360748053", "2.344605983595918e-05", "7.2057594037927933e16",
    "1e22", "1e-22", "1e27", "1e-27", "3e28", "123456789e-30", "1e0",
    "0e999999999999", "1e-999999999999", "1.5e0000000000000000000000000000001",
  };
  static const char * const missing[] = {
    "", " ", "nan", "NaN", "NAN", "nAn", "-nan", "+NaN", "  nan  ",
  };
  static const char * const rejected[] = {
    "abc", "1.2.3", "1e", "1e+", "e5", "--1", "+-1", "0x10", "inf", "-Infinity",
    "1,5", "1 2", ".", "-", "+", "1e5.5", "nana", "na", "1.5x", "\"1\"", "1e999",
    "-1e999", "1\t", "\t1", "nan1",
  };
  double value;

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    check_parse (accepted[i]);

  g_assert_true (_gait_tracking_parse_double ("  1.5  ", 7, &value));
  g_assert_cmpfloat (value, ==, 1.5);

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      value = 0.0;
      g_assert_true (_gait_tracking_parse_double (missing[i], strlen (missing[i]), &value));
      g_assert_true (isnan (value));
    }

  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
    if (_gait_tracking_parse_double (rejected[i], strlen (rejected[i]), &value))
      g_error ("\"%s\" was accepted as %g", rejected[i], value);

  /* Not NUL-terminated: only @length bytes count. */
  g_assert_true (_gait_tracking_parse_double ("12345", 2, &value));
  g_assert_cmpfloat (value, ==, 12.0);

  /* Random decimals of every length against the C library. */
  for (guint i = 0; i < 200000; i++)
    {
      char text[64];
      guint64 mantissa = ((guint64)g_test_rand_int () << 32) | (guint32)g_test_rand_int ();
      guint n_digits = g_test_rand_int_range (1, 21);
      int exp10 = g_test_rand_int_range (-40, 40);

      if (n_digits < 20)
        {
          guint64 limit = 1;

          for (guint d = 0; d < n_digits; d++)
            limit *= 10;
          mantissa %= limit;
        }

      g_snprintf (text, sizeof text, "%s%" G_GUINT64_FORMAT "e%d",
                  g_test_rand_bit () ? "-" : "", mantissa, exp10);
      check_parse (text);
    }

  /* Random doubles printed with 15 to 20 digits. */
  for (guint i = 0; i < 100000; i++)
    {
      char text[64];
      double d = random_value (i);

      if (isnan (d))
        continue;
      g_snprintf (text, sizeof text, "%.*g", 15 + i % 6, d);
      check_parse (text);
    }
}

static void
check_format (double value)
{
  char buf[GAIT_TRACKING_DOUBLE_BUF + 1];
  gsize len = _gait_tracking_format_double (value, buf);
  double parsed = 0.0;

  if (len >= sizeof buf)
    g_error ("%a: %" G_GSIZE_FORMAT " bytes written", value, len);
  buf[len] = '\0';

  if (!isfinite (value))
    {
      g_assert_cmpuint (len, ==, 0);
      return;
    }

  g_assert_true (_gait_tracking_parse_double (buf, len, &parsed));
  if (!gait_test_same_double (parsed, value) || !gait_test_same_double (g_ascii_strtod (buf, NULL), value))
    g_error ("%a written as \"%s\" reads back as %a", value, buf, parsed);
}

static void
test_format_numbers (void)
{
  static const struct {
    double      value;
    const char *text;
  } cases[] = {
    { 0.0, "0" }, { -0.0, "-0" }, { 1.0, "1" }, { -2.5, "-2.5" },
    { 123.456, "123.456" }, { 0.1, "0.1" }, { 1e-6, "0.000001" },
    { 100.0, "100" }, { 1e15, "1000000000000000" },
    { 475.82781982421875, "475.82781982421875" },
    { 0.30000000000000004, "0.30000000000000004" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[GAIT_TRACKING_DOUBLE_BUF];
      gsize len = _gait_tracking_format_double (cases[i].value, buf);

      g_assert_cmpmem (buf, len, cases[i].text, strlen (cases[i].text));
    }

  check_format (NAN);
  check_format (INFINITY);
  check_format (-INFINITY);
  check_format (G_MAXDOUBLE);
  check_format (-G_MAXDOUBLE);
  check_format (G_MINDOUBLE);
  check_format (4.9406564584124654e-324);
  check_format (9007199254740992.0);

  for (guint i = 0; i < 200000; i++)
    check_format (random_value (i));
}

/* Malformed input ---------------------------------------------------------- */

/* Text with NUL bytes: data and length. */
#define BINARY(s) s, sizeof (s) - 1

#define HEAD "scorer,S,S,S\nbodyparts,a,a,a\ncoords,x,y,likelihood\n"

typedef struct
{
  const char *data;
  gsize       length;     /* 0: strlen (data) */
  int         code;
  const char *expect[3];  /* substrings of the message after "bad.csv" */
} BadCase;

static const BadCase bad_cases[] = {
  { "", 0, GAIT_ERROR_EMPTY, { "bad.csv: ", "empty" } },
  { "\n\r\n\n", 0, GAIT_ERROR_EMPTY, { "bad.csv: ", "empty" } },
  { "\xEF\xBB\xBF", 0, GAIT_ERROR_EMPTY, { "bad.csv: ", "empty" } },
  { HEAD, 0, GAIT_ERROR_EMPTY, { "bad.csv:3:", "no data rows" } },
  { HEAD "\n\r\n", 0, GAIT_ERROR_EMPTY, { "bad.csv:3:", "no data rows" } },
  { HEAD "0,1,2,1\n1,1,2\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:5: expected 4 fields, found 3" } },
  { HEAD "0,1,2,1\n1,1,2,1,9\n2,1,2,1\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:5: expected 4 fields, found 5" } },
  { HEAD "0\n", 0, GAIT_ERROR_PARSE, { "bad.csv:4: expected 4 fields, found 1" } },
  { HEAD "0,1,2,1\r\n1,1,2,1,,,\r\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:5: expected 4 fields, found 7" } },
  { HEAD "0,1,2,1\n1,1,abc,1\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:5, column 3 (a y): \"abc\" is not a number" } },
  { HEAD "0,1.5x,2,1\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:4, column 2 (a x): \"1.5x\" is not a number" } },
  { HEAD "0,1,2,1e999\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:4, column 4 (a likelihood): \"1e999\" is out of range" } },
  { HEAD "0,1,2,\"1\n", 0, GAIT_ERROR_PARSE, { "bad.csv:4:", "unterminated" } },
  { HEAD "0,1,\x01\xff,1\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:4, column 3 (a y): \"\\x01\\xFF\" is not a number" } },
  { "scorer,S,S,S\nbodyparts,a,a,a\ncoords,a,b,c\n0,1,2,3\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:3:", "column 2", "unknown coordinate \"a\"" } },
  { "scorer,S,S\nbodyparts,a,a\ncoords,likelihood,y\n0,1,2\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:3:", "landmark \"a\" has no x column" } },
  { "bodyparts,a,a,b\ncoords,x,y,x\n0,1,2,3\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:2:", "landmark \"b\" has no y column" } },
  { "bodyparts,a,a,a\ncoords,x,y,x\n0,1,2,3\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:2:", "column 4", "second x column" } },
  { "bodyparts,a,a\ncoords,,\n0,1,2\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:2:", "no x/y columns" } },
  { "bodyparts,,a\ncoords,x,y\n0,1,2\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:1:", "column 2 has no bodypart" } },
  { "0,1,2,1\n1,1,2,1\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:1:", "expected a header row", "\"0\"" } },
  { "scorer,S,S,S\nbodyparts,a,a,a\n0,1,2,1\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:3:", "missing header row \"coords\"" } },
  { "scorer,S,S,S\ncoords,x,y,likelihood\n0,1,2,1\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:2:", "missing header row \"bodyparts\"" } },
  { "scorer,S,S,S\nindividuals,i,i,i\n0,1,2,1\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:3:", "missing header row \"bodyparts\"" } },
  { "scorer,S,S,S\nbodyparts,a,a,a\nbodyparts,a,a,a\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:3:", "\"bodyparts\" is repeated or out of order" } },
  { "scorer,S,S,S\nbodyparts,a,a,a", 0, GAIT_ERROR_PARSE,
    { "bad.csv:2:", "unexpected end of file" } },
  { "scorer,S,S,S\nbodyparts,a,a\ncoords,x,y,likelihood\n0,1,2,1\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:2:", "bodyparts row has 3 fields", "coords row (line 3) has 4" } },
  { "scorer,S,S,S\nbodyparts,a,a,a\ncoords,x,y\n0,1,2,1\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:1:", "scorer row has 4 fields", "(line 3) has 3" } },
  { "scorer,S,S\nindividuals,m,\nbodyparts,a,a\ncoords,x,y\n0,1,2\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:2:", "column 3 has no individual" } },
  { "scorer,\"S,S,S\nbodyparts,a,a,a\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:1:", "unterminated quoted field" } },
  { "scorer,S,S\nbodyparts,a\xff,a\xff\ncoords,x,y\n0,1,2\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:2:", "not valid UTF-8" } },
  { BINARY ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"), GAIT_ERROR_PARSE,
    { "bad.csv:1:", "no field separator" } },
  { BINARY ("\x7f" "ELF\x02\x01\x01\0\0,\0\0\0\0\0\n\x02\0>\0\x01"), GAIT_ERROR_PARSE,
    { "bad.csv:1:", "expected a header row", "\\x7FELF" } },
  { BINARY ("PK\x03\x04\x14\0\0\0\x08\0;\xff\xfe\n"), GAIT_ERROR_PARSE,
    { "bad.csv:1:", "expected a header row", "\"PK\\x03\\x04" } },
  { "a;b;c\nd;e;f\n", 0, GAIT_ERROR_PARSE, { "bad.csv:1:", "expected a header row" } },
  { "bodyparts;a;a\ncoords;x;y\n1;2,5;3\n", 0, GAIT_ERROR_PARSE,
    { "bad.csv:3, column 2 (a x): \"2,5\" is not a number" } },
};

static void
test_malformed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      gsize length = c->length ? c->length : strlen (c->data);
      g_autofree char *copy = g_memdup2 (c->data, length);
      g_autoptr(GaitTracking) tracking = NULL;
      g_autoptr(GError) error = NULL;

      tracking = gait_tracking_new_from_data (copy, length, "bad.csv", NULL, &error);
      g_assert_null (tracking);
      g_assert_nonnull (error);
      g_test_message ("case %u: %s", i, error->message);
      g_assert_error (error, GAIT_ERROR, c->code);
      g_assert_true (g_str_has_prefix (error->message, "bad.csv"));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      for (guint j = 0; j < G_N_ELEMENTS (c->expect) && c->expect[j] != NULL; j++)
        if (strstr (error->message, c->expect[j]) == NULL)
          g_error ("case %u: \"%s\" does not contain \"%s\"",
                   i, error->message, c->expect[j]);
    }
}

/* The header's columns: whole messages, also those the HDF5 reader shares. */
static void
test_column_messages (void)
{
  static const struct
  {
    const char *data;
    const char *individual;
    int         code;
    const char *message;
  } cases[] = {
    { "scorer,S,S\nindividuals,m,\nbodyparts,a,a\ncoords,x,y\n0,1,2\n", NULL, GAIT_ERROR_PARSE,
      "bad.csv:2: column 3 has no individual name" },
    { "individuals,m\xff,m\xff\nbodyparts,a,a\ncoords,x,y\n0,1,2\n", NULL, GAIT_ERROR_PARSE,
      "bad.csv:1: column 2: the individual name is not valid UTF-8" },
    { "individuals,m,m,n,n\nbodyparts,a,a,a,a\ncoords,x,y,x,y\n0,1,2,3,4\n", "o",
      GAIT_ERROR_UNKNOWN_LANDMARK, "bad.csv: no individual \"o\"; the file has: m, n" },
    { "bodyparts,a,a\ncoords,x,y\n0,1,2\n", "m", GAIT_ERROR_UNKNOWN_LANDMARK,
      "bad.csv: no individual \"m\": the file has a single animal and no individuals row" },
    { "bodyparts,a,a\ncoords,x,z\n0,1,2\n", NULL, GAIT_ERROR_PARSE,
      "bad.csv:2: column 3: unknown coordinate \"z\" (expected x, y or likelihood)" },
    { "bodyparts,a,a\ncoords,x,zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n0,1,2\n", NULL,
      GAIT_ERROR_PARSE, "bad.csv:2: column 3: unknown coordinate "
      "\"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz…\" (expected x, y or likelihood)" },
    { "bodyparts,,a\ncoords,x,y\n0,1,2\n", NULL, GAIT_ERROR_PARSE,
      "bad.csv:1: column 2 has no bodypart name" },
    { "bodyparts,a\xff,a\ncoords,x,y\n0,1,2\n", NULL, GAIT_ERROR_PARSE,
      "bad.csv:1: column 2: the bodypart name is not valid UTF-8" },
    { "bodyparts,a,a,a\ncoords,x,y,x\n0,1,2,3\n", NULL, GAIT_ERROR_PARSE,
      "bad.csv:2: column 4: landmark \"a\" has a second x column (first: column 2)" },
    { "bodyparts,a,a,b\ncoords,x,y,x\n0,1,2,3\n", NULL, GAIT_ERROR_PARSE,
      "bad.csv:2: landmark \"b\" has no y column" },
    /* the other individual's columns are only read for it */
    { "individuals,m,m,n\nbodyparts,a,a,a\ncoords,x,y,q\n0,1,2,3\n", "n", GAIT_ERROR_PARSE,
      "bad.csv:3: column 4: unknown coordinate \"q\" (expected x, y or likelihood)" },
  };
  static const char two[] = "scorer,,S,S,S\nindividuals,,m,m,n\nbodyparts,,a,a,a\n"
                            "coords,,x,y,q\n0,,1,,3\n";
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      tracking = gait_tracking_new_from_data (cases[i].data, strlen (cases[i].data), "bad.csv",
                                              cases[i].individual, &error);
      g_assert_null (tracking);
      g_assert_error (error, GAIT_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);
    }

  /* Two index columns; the first individual, without likelihood. */
  tracking = gait_tracking_new_from_data (two, sizeof two - 1, "two.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gait_tracking_get_n_landmarks (tracking), ==, 1);
  g_assert_cmpstr (gait_tracking_get_individual (tracking), ==, "m");
  g_assert_cmpstr (gait_tracking_get_individuals (tracking)[1], ==, "n");
  g_assert_null (gait_tracking_get_individuals (tracking)[2]);
  g_assert_cmpstr (gait_tracking_get_scorer (tracking), ==, "S");
  g_assert_false (gait_tracking_has_likelihood (tracking));
  g_assert_cmpfloat (gait_tracking_get_x (tracking, 0)[0], ==, 1.0);
  g_assert_true (isnan (gait_tracking_get_y (tracking, 0)[0]));
  g_assert_cmpfloat (gait_tracking_get_likelihood (tracking, 0)[0], ==, 0.0);
}

static void
test_file_errors (void)
{
  g_autofree char *path = gait_test_data_path ("ragged.csv");
  g_autofree char *expected = g_strconcat (path, ":5: expected 7 fields, found 6", NULL);
  g_autofree char *missing = gait_test_data_path ("does-not-exist.csv");
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;

  tracking = gait_tracking_new_from_file (path, NULL, &error);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
  g_assert_null (tracking);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  tracking = gait_tracking_new_from_file (missing, NULL, &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (tracking);
  g_assert_nonnull (strstr (error->message, "does-not-exist.csv"));
}

/* Every prefix of a valid file either loads or fails cleanly; the buffer is
 * exactly as long as the prefix, so a read past the end trips ASan. */
static void
test_truncated (void)
{
  static const char * const files[] = {
    "dlc-single.csv", "dlc-multi.csv", "blog.csv", "labelled.csv", "bom-crlf.csv",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      gsize length;
      g_autofree char *data = read_fixture (files[i], &length);
      g_autoptr(GaitTracking) full = NULL;
      g_autoptr(GError) error = NULL;

      full = gait_tracking_new_from_data (data, length, files[i], NULL, &error);
      g_assert_no_error (error);

      for (gsize cut = 0; cut <= length; cut++)
        {
          g_autofree char *prefix = g_memdup2 (data, cut);
          g_autoptr(GaitTracking) tracking = NULL;
          g_autoptr(GError) cut_error = NULL;

          tracking = gait_tracking_new_from_data (prefix, cut, files[i], NULL, &cut_error);
          if (tracking == NULL)
            {
              g_assert_nonnull (cut_error);
              g_assert_true (g_str_has_prefix (cut_error->message, files[i]));
            }
          else
            {
              g_assert_no_error (cut_error);
              g_assert_cmpuint (gait_tracking_get_n_frames (tracking), >=, 1);
              g_assert_cmpuint (gait_tracking_get_n_frames (tracking), <=,
                                gait_tracking_get_n_frames (full));
              g_assert_cmpuint (gait_tracking_get_n_landmarks (tracking), ==,
                                gait_tracking_get_n_landmarks (full));
            }
        }
    }
}

/* Random damage to valid files: never a crash. */
static void
test_mutations (void)
{
  static const char * const files[] = {
    "dlc-single.csv", "dlc-multi.csv", "blog.csv", "labelled.csv", "bom-crlf.csv",
  };
  static const char interesting[] = { ',', ';', '"', '\n', '\r', '\0', 'e', '.', '-', ' ' };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      gsize length;
      g_autofree char *data = read_fixture (files[i], &length);

      for (guint round = 0; round < 2000; round++)
        {
          g_autofree char *copy = g_memdup2 (data, length);
          g_autoptr(GaitTracking) tracking = NULL;
          g_autoptr(GError) error = NULL;
          guint n_changes = g_test_rand_int_range (1, 4);

          for (guint k = 0; k < n_changes; k++)
            {
              gsize at = g_test_rand_int_range (0, length);

              if (g_test_rand_bit ())
                copy[at] = interesting[g_test_rand_int_range (0, G_N_ELEMENTS (interesting))];
              else
                copy[at] = g_test_rand_int_range (0, 256);
            }

          tracking = gait_tracking_new_from_data (copy, length, files[i], NULL, &error);
          g_assert_true ((tracking == NULL) != (error == NULL));
          if (error != NULL)
            {
              g_assert_true (g_str_has_prefix (error->message, files[i]));
              g_assert_true (g_utf8_validate (error->message, -1, NULL));
            }
        }
    }
}

/* Volume ------------------------------------------------------------------- */

static void
test_volume (void)
{
  const guint n_frames = 20000;
  const guint n_landmarks = 7;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree double *expected = g_new (double, (gsize)n_frames * n_landmarks * 3);
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;

  g_string_append (csv, "scorer");
  for (guint i = 0; i < n_landmarks * 3; i++)
    g_string_append (csv, ",volume");
  g_string_append (csv, "\r\nbodyparts");
  for (guint l = 0; l < n_landmarks; l++)
    g_string_append_printf (csv, ",part %u,part %u,part %u", l, l, l);
  g_string_append (csv, "\r\ncoords");
  for (guint l = 0; l < n_landmarks; l++)
    g_string_append (csv, ",x,y,likelihood");

  for (guint f = 0; f < n_frames; f++)
    {
      g_string_append_printf (csv, "\r\n%u", f);
      for (guint l = 0; l < n_landmarks; l++)
        {
          for (guint ch = 0; ch < 3; ch++)
            {
              gsize at = ((gsize)f * n_landmarks + l) * 3 + ch;
              double d = random_value (f + l + ch);
              gsize start;

              g_string_append_c (csv, ',');
              start = csv->len;
              if (isnan (d) || (f + l) % 97 == 0)
                {
                  if (f % 2)
                    g_string_append (csv, "NaN");
                  expected[at] = ch == 2 ? 0.0 : NAN;
                  continue;
                }

              switch ((f + ch) % 4)
                {
                case 0:
                  g_string_append_printf (csv, "%.17g", d);
                  break;
                case 1:
                  g_string_append_printf (csv, "%.3f", d);
                  break;
                case 2:
                  g_string_append_printf (csv, "%.6e", d);
                  break;
                default:
                  g_string_append_printf (csv, "%.15g", d);
                  break;
                }
              expected[at] = g_ascii_strtod (csv->str + start, NULL);
              if (!isfinite (expected[at]))
                {
                  /* %.3f of a huge value is fine; an overflow is not. */
                  g_string_truncate (csv, start);
                  g_string_append (csv, "1");
                  expected[at] = 1.0;
                }
            }
        }
    }

  tracking = gait_tracking_new_from_data (csv->str, csv->len, "volume.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gait_tracking_get_n_frames (tracking), ==, n_frames);
  g_assert_cmpuint (gait_tracking_get_n_landmarks (tracking), ==, n_landmarks);
  g_assert_cmpstr (gait_tracking_get_landmark_name (tracking, 6), ==, "part 6");

  for (guint l = 0; l < n_landmarks; l++)
    for (guint ch = 0; ch < 3; ch++)
      {
        const double *values = gait_test_get_channel (tracking, l, ch);

        for (guint f = 0; f < n_frames; f++)
          {
            double e = expected[((gsize)f * n_landmarks + l) * 3 + ch];

            if (!gait_test_same_double (values[f], e))
              g_error ("frame %u landmark %u channel %u: expected %a, got %a",
                       f, l, ch, e, values[f]);
          }
      }
}

/* Real files --------------------------------------------------------------- */

typedef struct
{
  const char *file;
  const char *individual;
  guint       n_frames;
  guint       n_landmarks;
  gboolean    has_likelihood;
  const char *scorer;
  const char *names[3];     /* landmarks 0, 1 and last */
  Spot        spots[4];     /* values as pandas reads them (float_precision="round_trip") */
} RealCase;

#define SIMI_NAMES { "Nose", "Ear base", "Tail tip" }

static const RealCase real_cases[] = {
  {
    "PCCD3_Mouse14_25mm_run3-6DLC_resnet50_BeamTraining1Dec27shuffle1_20000.csv", NULL,
    430, 3, TRUE, "DLC_resnet50_BeamTraining1Dec27shuffle1_20000",
    { "BeamLeft", "BeamMiddle", "BeamRight" },
    { { 0, 0, X, 475.82781982421875 }, { 429, 2, L, 0.013625327497720718 },
      { 215, 1, Y, 613.864013671875 } },
  },
  {
    "PCCD3_Mouse14_25mm_run3-6DLC_resnet50_SIMINewOct24shuffle1_200000.csv", NULL,
    430, 15, TRUE, "DLC_resnet50_SIMINewOct24shuffle1_200000", SIMI_NAMES,
    { { 0, 0, X, -5.0022430419921875 }, { 429, 14, L, 0.01248913537710905 },
      { 215, 7, Y, 533.3900756835938 } },
  },
  {
    "PCCD3_Mouse16_25mm_run18-6DLC_resnet50_SIMINewOct24shuffle1_200000.csv", NULL,
    564, 15, TRUE, "DLC_resnet50_SIMINewOct24shuffle1_200000", SIMI_NAMES,
    { { 0, 0, X, 426.66925048828125 }, { 563, 14, L, 0.0 },
      { 282, 7, Y, 500.16485595703125 } },
  },
  {
    "PCCD3_Mouse18_25mm_run2-6DLC_resnet50_SIMINewOct24shuffle1_200000.csv", NULL,
    715, 15, TRUE, "DLC_resnet50_SIMINewOct24shuffle1_200000", SIMI_NAMES,
    { { 0, 0, X, -2.693507194519043 }, { 714, 14, L, 0.0018431672360748053 },
      { 357, 7, Y, 514.9278564453125 } },
  },
  {
    "vid1_camera-1DLC_resnet50_TESTNov1shuffle1_10filtered.csv", NULL,
    12, 4, TRUE, "DLC_resnet50_TESTNov1shuffle1_10",
    { "bodypart1", "bodypart2", "objectA" },
    { { 0, 0, X, 8.413285255432129 }, { 11, 3, L, 0.34296220541000366 },
      { 6, 2, Y, 12.415346145629883 } },
  },
  {
    "maDLC_montblanc_CollectedData_Daniel.csv", NULL,
    42, 4, FALSE, "Daniel", { "head", "tail", "rightwing" },
    { { 0, 0, X, 921.5828446877664 }, { 5, 1, Y, 399.6022234831571 },
      { 10, 0, X, NAN }, { 10, 0, L, 0.0 } },
  },
  {
    "maDLC_montblanc_CollectedData_Daniel.csv", "bird8",
    42, 4, FALSE, "Daniel", { "head", "tail", "rightwing" },
    { { 0, 0, X, NAN }, { 0, 0, L, 0.0 } },
  },
  {
    "maDLC_montblanc_CollectedData_Daniel.csv", "bird3",
    42, 4, FALSE, "Daniel", { "head", "tail", "rightwing" },
    { { 41, 3, X, NAN }, { 41, 3, L, 0.0 } },
  },
};

static void
test_real_files (void)
{
  const char *shared = g_getenv ("GAIT_SHARED_DATA");
  g_autofree char *dir = NULL;

  if (shared == NULL || !g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("GAIT_SHARED_DATA is not a directory");
      return;
    }

  dir = g_build_filename (shared, "dlc", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (real_cases); i++)
    {
      const RealCase *c = &real_cases[i];
      g_autofree char *path = g_build_filename (dir, c->file, NULL);
      g_autoptr(GaitTracking) tracking = NULL;
      g_autoptr(GError) error = NULL;
      guint n = c->n_landmarks;
      gsize n_spots = 0;

      g_test_message ("%s", c->file);
      tracking = gait_tracking_new_from_file (path, c->individual, &error);
      g_assert_no_error (error);

      g_assert_cmpuint (gait_tracking_get_n_frames (tracking), ==, c->n_frames);
      g_assert_cmpuint (gait_tracking_get_n_landmarks (tracking), ==, n);
      g_assert_cmpint (gait_tracking_has_likelihood (tracking), ==, c->has_likelihood);
      g_assert_cmpstr (gait_tracking_get_scorer (tracking), ==, c->scorer);
      g_assert_cmpstr (gait_tracking_get_landmark_name (tracking, 0), ==, c->names[0]);
      g_assert_cmpstr (gait_tracking_get_landmark_name (tracking, 1), ==, c->names[1]);
      g_assert_cmpstr (gait_tracking_get_landmark_name (tracking, n - 1), ==, c->names[2]);

      while (n_spots < G_N_ELEMENTS (c->spots) &&
             (c->spots[n_spots].frame != 0 || c->spots[n_spots].landmark != 0 ||
              c->spots[n_spots].channel != 0 || c->spots[n_spots].value != 0.0))
        n_spots++;
      gait_test_check_spots (tracking, c->spots, n_spots);
    }
}

static void
test_real_multi_animal (void)
{
  const char *shared = g_getenv ("GAIT_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *individuals;
  static const guint missing_head[] = { 10, 13, 16, 33, 35, 36, 41 };
  const double *x;
  const double *lk;
  guint n_missing = 0;

  if (shared == NULL || !g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("GAIT_SHARED_DATA is not a directory");
      return;
    }

  path = g_build_filename (shared, "dlc", "maDLC_montblanc_CollectedData_Daniel.csv", NULL);
  tracking = gait_tracking_new_from_file (path, NULL, &error);
  g_assert_no_error (error);

  individuals = gait_tracking_get_individuals (tracking);
  g_assert_cmpuint (g_strv_length ((char **)individuals), ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("bird%u", i + 1);

      g_assert_cmpstr (individuals[i], ==, name);
    }
  g_assert_cmpstr (gait_tracking_get_individual (tracking), ==, "bird1");

  /* bird1's head is missing in exactly these frames (pandas). */
  x = gait_tracking_get_x (tracking, 0);
  lk = gait_tracking_get_likelihood (tracking, 0);
  for (guint f = 0; f < 42; f++)
    {
      gboolean expect_missing = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (missing_head); k++)
        expect_missing |= missing_head[k] == f;

      g_assert_cmpint (isnan (x[f]), ==, expect_missing);
      g_assert_cmpfloat (lk[f], ==, expect_missing ? 0.0 : 1.0);
      n_missing += isnan (x[f]);
    }
  g_assert_cmpuint (n_missing, ==, G_N_ELEMENTS (missing_head));
  g_clear_object (&tracking);

  tracking = gait_tracking_new_from_file (path, "bird9", &error);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_UNKNOWN_LANDMARK);
  g_assert_nonnull (strstr (error->message, "maDLC_montblanc_CollectedData_Daniel.csv"));
  g_assert_nonnull (strstr (error->message, "bird1, bird2, bird3, bird4, bird5, bird6, bird7, bird8"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tracking/formats", test_formats);
  g_test_add_func ("/tracking/individuals", test_individuals);
  g_test_add_func ("/tracking/inline-data", test_inline_data);
  g_test_add_func ("/tracking/new", test_new);
  g_test_add_func ("/tracking/bad-index", test_bad_index);
  g_test_add_func ("/tracking/round-trip", test_round_trip);
  g_test_add_func ("/tracking/save-format", test_save_format);
  g_test_add_func ("/tracking/parse-numbers", test_parse_numbers);
  g_test_add_func ("/tracking/format-numbers", test_format_numbers);
  g_test_add_func ("/tracking/malformed", test_malformed);
  g_test_add_func ("/tracking/column-messages", test_column_messages);
  g_test_add_func ("/tracking/file-errors", test_file_errors);
  g_test_add_func ("/tracking/truncated", test_truncated);
  g_test_add_func ("/tracking/mutations", test_mutations);
  g_test_add_func ("/tracking/volume", test_volume);
  g_test_add_func ("/tracking/real-files", test_real_files);
  g_test_add_func ("/tracking/real-multi-animal", test_real_multi_animal);

  return g_test_run ();
}
