/* test-signal.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "gait-error.h"
#include "gait-signal.h"
#include "gait-test-util.h"

/* The reference values in tests/data/signal-*.ini come from SciPy 1.10.1,
 * NumPy 1.24 and scikit-image 0.19.3 through
 * tests/fixtures/gen-signal-fixtures.py.
 */

/* Savitzky-Golay */

static void
test_savgol_fixtures (void)
{
  g_autoptr(GKeyFile) key_file = gait_test_load_fixture ("signal-savgol.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  double worst = 0;
  guint n_cases = 0;
  guint n_errors = 0;
  guint n_exact = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      const char *group = groups[g];
      g_autofree char *name = NULL;
      g_autoptr(GArray) x = NULL;
      g_autofree double *out = NULL;
      g_autoptr(GError) error = NULL;
      guint window, polyorder, deriv;
      double delta;
      gboolean ok;

      if (!g_str_has_prefix (group, "savgol "))
        continue;

      name = g_key_file_get_string (key_file, group, "signal", NULL);
      x = gait_test_get_doubles (key_file, "signals", name);
      g_assert_cmpuint (x->len, >, 0);
      window = gait_test_get_uint (key_file, group, "window");
      polyorder = gait_test_get_uint (key_file, group, "polyorder");
      deriv = gait_test_get_uint (key_file, group, "deriv");
      delta = gait_test_get_double (key_file, group, "delta");
      out = g_new (double, x->len);

      ok = gait_savgol_filter ((const double *) x->data, x->len, window,
                               polyorder, deriv, delta, out, &error);

      if (g_key_file_has_key (key_file, group, "error", NULL))
        {
          g_assert_false (ok);
          g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
          n_errors++;
        }
      else
        {
          g_autoptr(GArray) expected = gait_test_get_doubles (key_file, group, "expected");
          g_autofree char *what = g_strdup_printf ("%s (%s, %u, %u, %u, %g)",
                                                   group, name, window,
                                                   polyorder, deriv, delta);

          double tolerance = 1e-10;

          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpuint (expected->len, ==, x->len);

          /* Where SciPy's own rounding error is large, hold us to the exact
           * least-squares answer, and to SciPy within its own error. */
          if (g_key_file_has_key (key_file, group, "exact", NULL))
            {
              g_autoptr(GArray) exact = gait_test_get_doubles (key_file, group, "exact");
              double scipy_error;

              g_assert_cmpuint (exact->len, ==, x->len);
              gait_test_assert_close (what, out, (const double *) exact->data, x->len, 1e-13);
              scipy_error = gait_test_assert_close (what, (const double *) expected->data,
                                                    (const double *) exact->data, x->len, 1e-9);
              g_test_message ("%s: SciPy is off by %.3g x max |exact|", what, scipy_error);
              tolerance += scipy_error;
              n_exact++;
            }
          else
            worst = MAX (worst, gait_test_assert_close (what, out,
                                                        (const double *) expected->data,
                                                        x->len, tolerance));
          gait_test_assert_close (what, out, (const double *) expected->data, x->len, tolerance);
          n_cases++;
        }
    }

  g_assert_cmpuint (n_cases, >=, 30);
  g_assert_cmpuint (n_errors, >=, 3);
  g_assert_cmpuint (n_exact, >=, 1);
  g_test_message ("savgol: %u cases, max error %.3g x max |scipy| (%u judged "
                  "against the exact answer)", n_cases, worst, n_exact);
}

static void
test_savgol_errors (void)
{
  double x[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  double out[8];
  struct {
    guint window;
    guint polyorder;
    guint deriv;
    double delta;
  } cases[] = {
    { 5, 5, 0, 1.0 },   /* polyorder >= window */
    { 0, 0, 0, 1.0 },
    { 9, 2, 0, 1.0 },   /* window > n */
    { 5, 2, 1, 0.0 },   /* derivative with zero spacing */
    { 5, 2, 1, NAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (gait_savgol_filter (x, G_N_ELEMENTS (x), cases[i].window,
                                          cases[i].polyorder, cases[i].deriv,
                                          cases[i].delta, out, &error));
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
    }

  /* an even window is fine, as in SciPy 1.10; so is a full-length one */
  g_assert_true (gait_savgol_filter (x, 8, 4, 2, 0, 1.0, out, NULL));
  g_assert_true (gait_savgol_filter (x, 8, 8, 2, 0, 1.0, out, NULL));
  /* a straight line survives the fit */
  for (guint i = 0; i < 8; i++)
    g_assert_cmpfloat_with_epsilon (out[i], x[i], 1e-12);
}

/* A cubic is reproduced exactly, derivatives included, by any window:
 * interior and both edges. With an even window the interior is the fit at
 * the middle of the window, half a sample after the output sample (SciPy's
 * convention); the edges are at the samples themselves. */
static double
cubic (double t,
       guint  deriv)
{
  switch (deriv)
    {
    case 0:
      return 0.5 * t * t * t - 2.0 * t * t + t + 3.0;
    case 1:
      return 1.5 * t * t - 4.0 * t + 1.0;
    case 2:
      return 3.0 * t - 4.0;
    default:
      return 3.0;
    }
}

static void
test_savgol_polynomial (void)
{
  const gsize n = 200;
  const double delta = 0.05;
  g_autofree double *x = g_new (double, n);
  g_autofree double *expected = g_new (double, n);
  g_autofree double *out = g_new (double, n);
  guint windows[] = { 4, 5, 8, 9, 31, 50 };

  for (gsize i = 0; i < n; i++)
    x[i] = cubic ((double) i * delta - 3.0, 0);

  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    {
      guint half = windows[w] / 2;
      double shift = windows[w] % 2 == 0 ? delta / 2 : 0;

      for (guint order = 3; order <= 3 + (windows[w] > 5); order++)
        for (guint deriv = 0; deriv <= 3; deriv++)
          {
            g_autofree char *what = g_strdup_printf ("cubic window %u order %u deriv %u",
                                                     windows[w], order, deriv);

            for (gsize i = 0; i < n; i++)
              {
                gboolean edge = i < half || i + half >= n;

                expected[i] = cubic ((double) i * delta - 3.0 + (edge ? 0 : shift), deriv);
              }

            g_assert_true (gait_savgol_filter (x, n, windows[w], order, deriv,
                                               delta, out, NULL));
            gait_test_assert_close (what, out, expected, n, deriv < 2 ? 1e-11 : 1e-8);
          }
    }

  /* a derivative beyond the polynomial order is zero */
  g_assert_true (gait_savgol_filter (x, n, 9, 2, 3, delta, out, NULL));
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat (out[i], ==, 0.0);
}

/* numpy.gradient */

static void
test_gradient_fixtures (void)
{
  g_autoptr(GKeyFile) key_file = gait_test_load_fixture ("signal-gradient.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  double worst = 0;
  guint n_cases = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autoptr(GArray) x = gait_test_get_doubles (key_file, groups[g], "x");
      g_autoptr(GArray) expected = gait_test_get_doubles (key_file, groups[g], "expected");
      double spacing = gait_test_get_double (key_file, groups[g], "spacing");
      g_autofree double *out = g_new (double, x->len);

      g_assert_cmpuint (x->len, ==, expected->len);
      gait_gradient ((const double *) x->data, x->len, spacing, out);
      worst = MAX (worst, gait_test_assert_close (groups[g], out,
                                                  (const double *) expected->data,
                                                  x->len, 1e-12));
      n_cases++;
    }

  g_assert_cmpuint (n_cases, >=, 5);
  g_test_message ("gradient: %u cases, max error %.3g x max |numpy|", n_cases, worst);
}

static void
test_gradient_short (void)
{
  double one = 42.0;
  double two[2] = { 1.0, 4.0 };
  double out[2] = { -1, -1 };

  gait_gradient (&one, 1, 1.0, out);
  g_assert_cmpfloat (out[0], ==, 0.0);
  g_assert_cmpfloat (out[1], ==, -1.0);

  gait_gradient (two, 2, 0.5, out);
  g_assert_cmpfloat (out[0], ==, 6.0);
  g_assert_cmpfloat (out[1], ==, 6.0);

  gait_gradient (NULL, 0, 1.0, NULL);
}

/* scipy.signal.ricker and scipy.signal.cwt */

static void
test_ricker_fixtures (void)
{
  g_autoptr(GKeyFile) key_file = gait_test_load_fixture ("signal-cwt.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  double worst = 0;
  guint n_cases = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autoptr(GArray) expected = NULL;
      g_autofree double *out = NULL;
      guint points;

      if (!g_str_has_prefix (groups[g], "ricker "))
        continue;

      expected = gait_test_get_doubles (key_file, groups[g], "expected");
      points = gait_test_get_uint (key_file, groups[g], "points");
      g_assert_cmpuint (points, ==, expected->len);
      out = g_new (double, points);
      gait_ricker (out, points, gait_test_get_double (key_file, groups[g], "a"));
      worst = MAX (worst, gait_test_assert_close (groups[g], out,
                                                  (const double *) expected->data,
                                                  points, 1e-14));
      n_cases++;
    }

  g_assert_cmpuint (n_cases, >=, 5);
  g_test_message ("ricker: %u cases, max error %.3g x max |scipy|", n_cases, worst);
}

static void
test_cwt_fixtures (void)
{
  g_autoptr(GKeyFile) key_file = gait_test_load_fixture ("signal-cwt.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  double worst = 0;
  guint n_cases = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autoptr(GArray) x = NULL;
      g_autoptr(GArray) widths = NULL;
      g_autoptr(GArray) expected = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree double *out = NULL;

      if (!g_str_has_prefix (groups[g], "cwt "))
        continue;

      x = gait_test_get_doubles (key_file, groups[g], "x");
      widths = gait_test_get_doubles (key_file, groups[g], "widths");
      expected = gait_test_get_doubles (key_file, groups[g], "expected");
      g_assert_cmpuint (expected->len, ==, x->len * widths->len);
      out = g_new (double, expected->len);

      g_assert_true (gait_cwt_ricker ((const double *) x->data, x->len,
                                      (const double *) widths->data, widths->len,
                                      out, &error));
      g_assert_no_error (error);
      worst = MAX (worst, gait_test_assert_close (groups[g], out,
                                                  (const double *) expected->data,
                                                  expected->len, 1e-9));
      n_cases++;
    }

  g_assert_cmpuint (n_cases, >=, 5);
  g_test_message ("cwt: %u cases, max error %.3g x max |scipy|", n_cases, worst);
}

/* The Ricker wavelet written out independently of gait-signal.c. */
static double
reference_ricker (double k,
                  double points,
                  double a)
{
  double t = (k - (points - 1.0) / 2.0) / a;

  return 2.0 / (sqrt (3.0 * a) * pow (G_PI, 0.25)) * (1.0 - t * t) * exp (-t * t / 2.0);
}

/* scipy.signal.cwt's row at @i by the definition: 'same' convolution with
 * the reversed wavelet of ceil (N) points, N = min (10 width, n). */
static double
direct_cwt (const double *x,
            gsize         n,
            double        width,
            gsize         i)
{
  double points = MIN (10.0 * width, (double) n);
  gsize m = (gsize) ceil (points);
  gsize shift = (m - 1) / 2;
  double sum = 0;

  /* full[i + shift] = sum_j x[j] reversed[i + shift - j] */
  for (gsize j = 0; j < n; j++)
    {
      gssize k = (gssize) (i + shift) - (gssize) j;

      if (k < 0)
        break;
      if ((gsize) k >= m)
        continue;
      sum += x[j] * reference_ricker ((double) (m - 1 - k), points, width);
    }

  return sum;
}

static void
test_cwt_direct (void)
{
  const gsize n = 50000;
  const double widths[] = { 1, 2.5, 7, 15, 31.4, 1234.5, 6000 };
  const gsize n_widths = G_N_ELEMENTS (widths);
  g_autofree double *x = g_new (double, n);
  g_autofree double *out = g_new (double, n * n_widths);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  g_autoptr(GError) error = NULL;
  gsize probes[] = { 0, 1, 2, 17, 3001, 24999, 25000, 25001, 49000, 49998, 49999 };
  double worst = 0;

  for (gsize i = 0; i < n; i++)
    x[i] = g_rand_double_range (rand, -1, 1) + (i % 97 == 0 ? 20 : 0);

  g_assert_true (gait_cwt_ricker (x, n, widths, n_widths, out, &error));
  g_assert_no_error (error);

  for (gsize w = 0; w < n_widths; w++)
    {
      double expected[G_N_ELEMENTS (probes)];
      double got[G_N_ELEMENTS (probes)];

      for (gsize p = 0; p < G_N_ELEMENTS (probes); p++)
        {
          expected[p] = direct_cwt (x, n, widths[w], probes[p]);
          got[p] = out[w * n + probes[p]];
        }
      worst = MAX (worst, gait_test_assert_close ("cwt direct", got, expected,
                                                  G_N_ELEMENTS (probes), 1e-9));
    }

  g_test_message ("cwt 50000: max error %.3g x max |direct|", worst);
}

static void
test_cwt_errors (void)
{
  double x[4] = { 1, 2, 3, 4 };
  double out[8];
  double bad_widths[][1] = { { 0 }, { -1 }, { NAN }, { INFINITY } };
  double width = 1;
  g_autoptr(GError) error = NULL;

  g_assert_false (gait_cwt_ricker (NULL, 0, &width, 1, out, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_widths); i++)
    {
      g_assert_false (gait_cwt_ricker (x, 4, bad_widths[i], 1, out, &error));
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  /* as documented: by FFT, a NaN anywhere makes whole rows NaN */
  x[2] = NAN;
  width = 0.5;
  g_assert_true (gait_cwt_ricker (x, 4, &width, 1, out, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    g_assert_true (isnan (out[i]));

  /* no widths: nothing to do */
  g_assert_true (gait_cwt_ricker (x, 4, NULL, 0, NULL, &error));
  g_assert_no_error (error);
}

/* Many threads, many sizes (more than the plan cache keeps): the same
 * answers as one thread, bit for bit. */
typedef struct
{
  const double *x;
  gsize         n;
  const double *reference;
  guint         failures;
} CwtJob;

static const double thread_widths[] = { 1, 3, 7.5 };

static gpointer
cwt_thread (gpointer data)
{
  CwtJob *job = data;
  g_autofree double *out = g_new (double, job->n * G_N_ELEMENTS (thread_widths));

  for (guint round = 0; round < 20; round++)
    {
      if (!gait_cwt_ricker (job->x, job->n, thread_widths,
                            G_N_ELEMENTS (thread_widths), out, NULL) ||
          memcmp (out, job->reference,
                  job->n * G_N_ELEMENTS (thread_widths) * sizeof (double)) != 0)
        job->failures++;
    }

  return NULL;
}

static void
test_cwt_threads (void)
{
  const gsize n_max = 3000;
  const guint n_jobs = 12;
  g_autofree double *x = g_new (double, n_max);
  g_autofree CwtJob *jobs = g_new0 (CwtJob, n_jobs);
  g_autofree GThread **threads = g_new0 (GThread *, n_jobs);
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; i < n_max; i++)
    x[i] = sin (i * 0.1) + (i % 13) * 0.01;

  for (guint j = 0; j < n_jobs; j++)
    {
      double *reference;

      jobs[j].x = x;
      jobs[j].n = 100 + 211 * j;
      reference = g_new (double, jobs[j].n * G_N_ELEMENTS (thread_widths));
      g_assert_true (gait_cwt_ricker (x, jobs[j].n, thread_widths,
                                      G_N_ELEMENTS (thread_widths), reference, NULL));
      g_ptr_array_add (references, reference);
      jobs[j].reference = reference;
    }

  for (guint j = 0; j < n_jobs; j++)
    threads[j] = g_thread_new ("cwt", cwt_thread, &jobs[j]);
  for (guint j = 0; j < n_jobs; j++)
    {
      g_thread_join (threads[j]);
      g_assert_cmpuint (jobs[j].failures, ==, 0);
    }
}

/* skimage.feature.peak_local_max */

static void
assert_peaks (const char *what,
              GArray     *peaks,
              GArray     *rows,
              GArray     *cols)
{
  g_assert_cmpuint (rows->len, ==, cols->len);

  if (peaks->len != rows->len)
    g_error ("%s: %u peaks, skimage has %u", what, peaks->len, rows->len);

  for (guint i = 0; i < peaks->len; i++)
    {
      const GaitPeak *peak = &g_array_index (peaks, GaitPeak, i);
      double row = g_array_index (rows, double, i);
      double col = g_array_index (cols, double, i);

      if (peak->row != row || peak->col != col)
        g_error ("%s: peak %u is (%u, %u), skimage has (%g, %g)",
                 what, i, peak->row, peak->col, row, col);
    }
}

static void
test_peaks_fixtures (void)
{
  g_autoptr(GKeyFile) key_file = gait_test_load_fixture ("signal-peaks.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  guint n_cases = 0;
  guint n_peaks = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autofree char *image_name = NULL;
      g_autofree char *image_group = NULL;
      g_autoptr(GArray) image = NULL;
      g_autoptr(GArray) rows = NULL;
      g_autoptr(GArray) cols = NULL;
      g_autoptr(GArray) peaks = NULL;
      g_autofree char *what = NULL;
      guint n_rows, n_cols, min_distance;
      gboolean exclude_border;

      if (!g_str_has_prefix (groups[g], "peaks "))
        continue;

      image_name = g_key_file_get_string (key_file, groups[g], "image", NULL);
      image_group = g_strconcat ("image ", image_name, NULL);
      image = gait_test_get_doubles (key_file, image_group, "data");
      n_rows = gait_test_get_uint (key_file, image_group, "rows");
      n_cols = gait_test_get_uint (key_file, image_group, "cols");
      g_assert_cmpuint (image->len, ==, n_rows * n_cols);
      min_distance = gait_test_get_uint (key_file, groups[g], "min_distance");
      exclude_border = gait_test_get_boolean (key_file, groups[g], "exclude_border");
      rows = gait_test_get_doubles (key_file, groups[g], "rows");
      cols = gait_test_get_doubles (key_file, groups[g], "cols");
      what = g_strdup_printf ("%s (%s, min_distance %u, exclude_border %d)",
                              groups[g], image_name, min_distance, exclude_border);

      peaks = gait_peak_local_max ((const double *) image->data, n_rows, n_cols,
                                   min_distance, exclude_border);
      g_assert_nonnull (peaks);
      assert_peaks (what, peaks, rows, cols);
      n_cases++;
      n_peaks += peaks->len;
    }

  g_assert_cmpuint (n_cases, >=, 100);
  g_assert_cmpuint (n_peaks, >=, 1000);
}

static void
test_peaks_empty (void)
{
  g_autoptr(GArray) none = gait_peak_local_max (NULL, 0, 5, 1, FALSE);

  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
}

/* The blog's use: peaks of the scalogram (time x width) of a pulse train. */
static void
test_peaks_pulses (void)
{
  g_autoptr(GKeyFile) key_file = gait_test_load_fixture ("signal-pulses.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  g_autoptr(GArray) x = gait_test_get_doubles (key_file, "pulses", "x");
  g_autoptr(GArray) widths = gait_test_get_doubles (key_file, "pulses", "widths");
  g_autoptr(GArray) index = gait_test_get_doubles (key_file, "pulses", "cwt_index");
  g_autoptr(GArray) expected = gait_test_get_doubles (key_file, "pulses", "cwt_value");
  g_autofree double *cwt = g_new (double, x->len * widths->len);
  g_autofree double *image = g_new (double, x->len * widths->len);
  g_autofree double *sampled = g_new (double, index->len);
  g_autoptr(GError) error = NULL;
  guint n_cases = 0;
  double err;

  g_assert_cmpuint (x->len, ==, 2000);
  g_assert_cmpuint (widths->len, ==, 15);
  g_assert_cmpuint (index->len, ==, expected->len);

  g_assert_true (gait_cwt_ricker ((const double *) x->data, x->len,
                                  (const double *) widths->data, widths->len,
                                  cwt, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < index->len; i++)
    {
      gsize k = (gsize) g_array_index (index, double, i);

      g_assert_cmpuint (k, <, x->len * widths->len);
      sampled[i] = cwt[k];
    }
  err = gait_test_assert_close ("pulses cwt", sampled, (const double *) expected->data,
                                index->len, 1e-9);
  g_test_message ("pulses cwt: max error %.3g x max |scipy|", err);

  /* image = cwt.T */
  for (guint w = 0; w < widths->len; w++)
    for (guint t = 0; t < x->len; t++)
      image[t * widths->len + w] = cwt[w * x->len + t];

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autoptr(GArray) rows = NULL;
      g_autoptr(GArray) cols = NULL;
      g_autoptr(GArray) peaks = NULL;

      if (!g_str_has_prefix (groups[g], "peaks "))
        continue;

      rows = gait_test_get_doubles (key_file, groups[g], "rows");
      cols = gait_test_get_doubles (key_file, groups[g], "cols");
      g_assert_cmpuint (rows->len, >, 10);
      peaks = gait_peak_local_max (image, x->len, widths->len,
                                   gait_test_get_uint (key_file, groups[g], "min_distance"),
                                   gait_test_get_boolean (key_file, groups[g], "exclude_border"));
      assert_peaks (groups[g], peaks, rows, cols);
      n_cases++;
    }

  g_assert_cmpuint (n_cases, ==, 4);
}

/* Checks the definition directly on an image too large for fixtures:
 * every peak is the maximum of its neighbourhood (outside counting as 0) and
 * above the minimum, the peaks come in non-increasing intensity and are
 * min_distance apart, and every candidate left out is closer than
 * min_distance to a peak kept before it. */
static void
test_peaks_properties (void)
{
  const gsize rows = 3000;
  const gsize cols = 15;
  const guint min_distance = 4;
  g_autofree double *image = g_new (double, rows * cols);
  g_autofree guint8 *kept = g_new0 (guint8, rows * cols);
  g_autoptr(GRand) rand = g_rand_new_with_seed (77);
  g_autoptr(GArray) peaks = NULL;
  guint n_candidates = 0;
  double minimum = INFINITY;

  for (gsize i = 0; i < rows * cols; i++)
    {
      image[i] = floor (g_rand_double_range (rand, -2, 30));  /* many ties */
      minimum = MIN (minimum, image[i]);
    }

  peaks = gait_peak_local_max (image, rows, cols, min_distance, FALSE);
  g_assert_cmpuint (peaks->len, >, 100);

  for (guint k = 0; k < peaks->len; k++)
    {
      const GaitPeak *p = &g_array_index (peaks, GaitPeak, k);

      kept[p->row * cols + p->col] = 1;
      if (k > 0)
        {
          const GaitPeak *q = &g_array_index (peaks, GaitPeak, k - 1);

          g_assert_cmpfloat (image[q->row * cols + q->col], >=,
                             image[p->row * cols + p->col]);
        }
      for (guint j = 0; j < k; j++)
        {
          const GaitPeak *q = &g_array_index (peaks, GaitPeak, j);
          guint dr = MAX (p->row, q->row) - MIN (p->row, q->row);
          guint dc = MAX (p->col, q->col) - MIN (p->col, q->col);

          g_assert_cmpuint (MAX (dr, dc), >=, min_distance);
        }
    }

  for (gsize r = 0; r < rows; r++)
    for (gsize c = 0; c < cols; c++)
      {
        double v = image[r * cols + c];
        double m = -INFINITY;
        gboolean candidate;
        gboolean covered = FALSE;

        for (gssize i = (gssize) r - min_distance; i <= (gssize) (r + min_distance); i++)
          for (gssize j = (gssize) c - min_distance; j <= (gssize) (c + min_distance); j++)
            {
              if (i < 0 || j < 0 || i >= (gssize) rows || j >= (gssize) cols)
                m = MAX (m, 0.0);
              else
                m = MAX (m, image[i * cols + j]);
            }
        candidate = v == m && v > minimum;

        if (kept[r * cols + c])
          {
            g_assert_true (candidate);
            continue;
          }
        if (!candidate)
          continue;
        n_candidates++;

        for (guint k = 0; k < peaks->len && !covered; k++)
          {
            const GaitPeak *q = &g_array_index (peaks, GaitPeak, k);
            guint dr = MAX (r, q->row) - MIN (r, q->row);
            guint dc = MAX (c, q->col) - MIN (c, q->col);

            covered = MAX (dr, dc) < min_distance && image[q->row * cols + q->col] >= v;
          }
        g_assert_true (covered);
      }

  g_assert_cmpuint (n_candidates, >, 0);
}

/* Procrustes distance */

static void
test_procrustes_fixtures (void)
{
  g_autoptr(GKeyFile) key_file = gait_test_load_fixture ("signal-procrustes.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  double worst = 0;
  guint n_cases = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autoptr(GArray) a = gait_test_get_doubles (key_file, groups[g], "a");
      g_autoptr(GArray) b = gait_test_get_doubles (key_file, groups[g], "b");
      double expected = gait_test_get_double (key_file, groups[g], "expected");
      double d;

      g_assert_cmpuint (a->len, ==, b->len);
      g_assert_cmpuint (a->len % 2, ==, 0);
      d = gait_procrustes_distance ((const double *) a->data,
                                    (const double *) b->data, a->len / 2);
      g_assert_cmpfloat_with_epsilon (d, expected, 1e-12);
      worst = MAX (worst, fabs (d - expected));
      n_cases++;
    }

  g_assert_cmpuint (n_cases, >=, 20);
  g_test_message ("procrustes: %u cases, max error %.3g", n_cases, worst);
}

static void
test_procrustes_properties (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  for (guint trial = 0; trial < 200; trial++)
    {
      gsize n = 2 + trial % 15;
      g_autofree double *a = g_new (double, 2 * n);
      g_autofree double *b = g_new (double, 2 * n);
      g_autofree double *moved = g_new (double, 2 * n);
      g_autofree double *mirrored = g_new (double, 2 * n);
      double angle = g_rand_double_range (rand, -G_PI, G_PI);
      double scale = g_rand_double_range (rand, 0.01, 100);
      double tx = g_rand_double_range (rand, -1000, 1000);
      double ty = g_rand_double_range (rand, -1000, 1000);
      double ab, ba;

      for (gsize i = 0; i < n; i++)
        {
          double x = g_rand_double_range (rand, -50, 50);
          double y = g_rand_double_range (rand, -50, 50);

          a[2 * i] = x;
          a[2 * i + 1] = y;
          b[2 * i] = g_rand_double_range (rand, -50, 50);
          b[2 * i + 1] = g_rand_double_range (rand, -50, 50);
          moved[2 * i] = scale * (cos (angle) * x - sin (angle) * y) + tx;
          moved[2 * i + 1] = scale * (sin (angle) * x + cos (angle) * y) + ty;
          mirrored[2 * i] = -x;
          mirrored[2 * i + 1] = y;
        }

      /* the same shape, rotated, scaled and moved */
      g_assert_cmpfloat_with_epsilon (gait_procrustes_distance (a, moved, n), 0, 1e-12);

      /* symmetric, bit for bit, and within [0, 1] */
      ab = gait_procrustes_distance (a, b, n);
      ba = gait_procrustes_distance (b, a, n);
      g_assert_cmpfloat (ab, ==, ba);
      g_assert_cmpfloat (ab, >=, 0);
      g_assert_cmpfloat (ab, <=, 1);

      /* a mirror image is no rotation of a shape of three or more points */
      if (n >= 3)
        g_assert_cmpfloat (gait_procrustes_distance (a, mirrored, n), >, 1e-6);
      else
        g_assert_cmpfloat_with_epsilon (gait_procrustes_distance (a, mirrored, n), 0, 1e-12);
    }
}

static void
test_procrustes_degenerate (void)
{
  double a[6] = { 0, 0, 1, 0, 0, 1 };
  double b[6] = { 2, 3, 4, 1, 0, 0 };
  double same[6] = { 5, 5, 5, 5, 5, 5 };
  double with_nan[6] = { 0, 0, 1, NAN, 0, 1 };
  double with_inf[6] = { 0, 0, 1, INFINITY, 0, 1 };

  g_assert_false (isnan (gait_procrustes_distance (a, b, 3)));
  g_assert_true (isnan (gait_procrustes_distance (a, b, 1)));
  g_assert_true (isnan (gait_procrustes_distance (a, b, 0)));
  g_assert_true (isnan (gait_procrustes_distance (a, same, 3)));
  g_assert_true (isnan (gait_procrustes_distance (same, b, 3)));
  g_assert_true (isnan (gait_procrustes_distance (with_nan, b, 3)));
  g_assert_true (isnan (gait_procrustes_distance (a, with_nan, 3)));
  g_assert_true (isnan (gait_procrustes_distance (with_inf, b, 3)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signal/savgol/fixtures", test_savgol_fixtures);
  g_test_add_func ("/signal/savgol/errors", test_savgol_errors);
  g_test_add_func ("/signal/savgol/polynomial", test_savgol_polynomial);
  g_test_add_func ("/signal/gradient/fixtures", test_gradient_fixtures);
  g_test_add_func ("/signal/gradient/short", test_gradient_short);
  g_test_add_func ("/signal/ricker/fixtures", test_ricker_fixtures);
  g_test_add_func ("/signal/cwt/fixtures", test_cwt_fixtures);
  g_test_add_func ("/signal/cwt/direct", test_cwt_direct);
  g_test_add_func ("/signal/cwt/errors", test_cwt_errors);
  g_test_add_func ("/signal/cwt/threads", test_cwt_threads);
  g_test_add_func ("/signal/peaks/fixtures", test_peaks_fixtures);
  g_test_add_func ("/signal/peaks/empty", test_peaks_empty);
  g_test_add_func ("/signal/peaks/pulses", test_peaks_pulses);
  g_test_add_func ("/signal/peaks/properties", test_peaks_properties);
  g_test_add_func ("/signal/procrustes/fixtures", test_procrustes_fixtures);
  g_test_add_func ("/signal/procrustes/properties", test_procrustes_properties);
  g_test_add_func ("/signal/procrustes/degenerate", test_procrustes_degenerate);

  return g_test_run ();
}
