/* test-spectral.c: variable-Q transform, spectral statistics, cross-correlation,
 * gait metrics and the vqt, metrics and spectrum commands
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gait-detector.h"
#include "gait-elan.h"
#include "gait-error.h"
#include "gait-export.h"
#include "gait-metrics.h"
#include "gait-signal.h"
#include "gait-spectral.h"
#include "gait-synth.h"
#include "gait-test-util.h"
#include "gait-trace.h"
#include "gait-vqt.h"

/* The reference values in tests/data/spectral-*.ini come from NumPy 1.24 and
 * SciPy 1.10.1 through tests/fixtures/gen-spectral-fixtures.py, which
 * re-implements face-rhythm's VQT (vqt 0.1.3) in float64 with direct
 * convolution.
 */

#define DATA(array) ((const double *) (gpointer) (array)->data)

static void
assert_rel (const char *what,
            double      got,
            double      expected,
            double      tol)
{
  if (!(fabs (got - expected) <= tol * MAX (fabs (expected), 1e-300)))
    g_error ("%s: got %.17g, expected %.17g", what, got, expected);
}

/* Variable-Q transform */

static void
params_from_fixture (GKeyFile      *kf,
                     const char    *group,
                     GaitVqtParams *p)
{
  g_autofree char *padding = g_key_file_get_string (kf, group, "padding", NULL);

  gait_vqt_params_init (p, gait_test_get_double (kf, group, "fps"));
  p->q_low = gait_test_get_double (kf, group, "q_low");
  p->q_high = gait_test_get_double (kf, group, "q_high");
  p->f_min = gait_test_get_double (kf, group, "f_min");
  p->f_max = gait_test_get_double (kf, group, "f_max");
  p->n_bins = gait_test_get_uint (kf, group, "n_bins");
  p->downsample = gait_test_get_uint (kf, group, "downsample");
  p->padding = g_str_equal (padding, "valid") ? GAIT_VQT_PADDING_VALID : GAIT_VQT_PADDING_SAME;
  p->normalization = gait_test_get_double (kf, group, "normalization");
  p->spectrogram_exponent = gait_test_get_double (kf, group, "exponent");
  p->one_over_f_exponent = gait_test_get_double (kf, group, "one_over_f");
}

static void
test_vqt_defaults (void)
{
  GaitVqtParams p;

  gait_vqt_params_init (&p, 90);
  g_assert_cmpfloat (p.fps, ==, 90);
  g_assert_cmpfloat (p.q_low, ==, 3);
  g_assert_cmpfloat (p.q_high, ==, 20);
  g_assert_cmpfloat (p.f_min, ==, 1);
  g_assert_cmpfloat (p.f_max, ==, 40);
  g_assert_cmpuint (p.n_bins, ==, 55);
  g_assert_cmpuint (p.downsample, ==, 8);
  g_assert_cmpfloat (p.normalization, ==, 0.99);
  g_assert_cmpfloat (p.spectrogram_exponent, ==, 1);
  g_assert_cmpfloat (p.one_over_f_exponent, ==, 1);
  g_assert_cmpint (p.padding, ==, GAIT_VQT_PADDING_SAME);
}

/* 55 log-spaced bins from 1 to 40 Hz, Q from 3 to 20: checked from the
 * definitions, not from the fixture. */
static void
test_vqt_bins (void)
{
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *re = NULL;
  g_autofree double *im = NULL;
  const double *f;
  double ratio = pow (40.0, 1.0 / 54);
  GaitVqtParams p;
  guint w;

  gait_vqt_params_init (&p, 100);
  vqt = gait_vqt_new (&p, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (gait_vqt_get_n_bins (vqt), ==, 55);
  f = gait_vqt_get_frequencies (vqt);
  g_assert_cmpfloat (f[0], ==, 1);
  g_assert_cmpfloat (f[54], ==, 40);
  for (guint k = 0; k + 1 < 55; k++)
    assert_rel ("bin ratio", f[k + 1] / f[k], ratio, 1e-12);

  w = gait_vqt_get_window_size (vqt);
  g_assert_cmpuint (w, ==, 301);   /* ⌈3 · 100 / 1⌉ made odd */

  re = g_new (double, w);
  im = g_new (double, w);
  for (guint k = 0; k < 55; k++)
    {
      double q = 3 * pow (20.0 / 3, k / 54.0);
      double l1 = 0;

      /* Hann length Q · fps / f (truncated), Q geometric from 3 to 20 */
      g_assert_cmpuint (gait_vqt_get_window_length (vqt, k), ==, (guint) (q * 100 / f[k] + 1e-9));

      gait_vqt_get_kernel (vqt, k, re, im);
      for (guint j = 0; j < w; j++)
        l1 += hypot (re[j], im[j]);
      assert_rel ("L1 norm", l1, 1, 1e-12);
    }
  g_assert_cmpuint (gait_vqt_get_window_length (vqt, 0), ==, 300);
  g_assert_cmpuint (gait_vqt_get_window_length (vqt, 54), ==, 50);

  g_assert_cmpuint (gait_vqt_get_n_times (vqt, 1000), ==, 125);
  g_assert_cmpuint (gait_vqt_get_n_times (vqt, 1001), ==, 126);
  g_assert_cmpuint (gait_vqt_get_n_times (vqt, 1), ==, 1);
  g_assert_cmpuint (gait_vqt_get_n_times (vqt, 0), ==, 0);
}

static void
test_vqt_bank_fixture (void)
{
  g_autoptr(GKeyFile) kf = gait_test_load_fixture ("spectral-vqt-bank.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);
  guint n_banks = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      const char *group = groups[g];
      g_autoptr(GaitVqt) vqt = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) freqs = gait_test_get_doubles (kf, group, "frequencies");
      g_autoptr(GArray) lengths = gait_test_get_doubles (kf, group, "lengths");
      g_autofree double *re = NULL;
      g_autofree double *im = NULL;
      GaitVqtParams p;
      guint w;

      gait_vqt_params_init (&p, gait_test_get_double (kf, group, "fps"));
      vqt = gait_vqt_new (&p, &error);
      g_assert_no_error (error);

      w = gait_vqt_get_window_size (vqt);
      g_assert_cmpuint (w, ==, gait_test_get_uint (kf, group, "window"));
      assert_rel ("f_max", gait_vqt_get_params (vqt)->f_max, gait_test_get_double (kf, group, "f_max"), 1e-15);
      g_assert_cmpuint (freqs->len, ==, 55);
      gait_test_assert_close ("frequencies", gait_vqt_get_frequencies (vqt), DATA (freqs), 55, 1e-14);
      for (guint k = 0; k < 55; k++)
        g_assert_cmpuint (gait_vqt_get_window_length (vqt, k), ==, (guint) g_array_index (lengths, double, k));

      re = g_new (double, w);
      im = g_new (double, w);
      for (guint k = 0; k < 55; k += 27)
        {
          g_autofree char *kre = g_strdup_printf ("kernel_re_%u", k);
          g_autofree char *kim = g_strdup_printf ("kernel_im_%u", k);
          g_autoptr(GArray) ere = gait_test_get_doubles (kf, group, kre);
          g_autoptr(GArray) eim = gait_test_get_doubles (kf, group, kim);

          g_assert_cmpuint (ere->len, ==, w);
          gait_vqt_get_kernel (vqt, k, re, im);
          /* vqt interpolates its Hann window; we evaluate it */
          gait_test_assert_close (kre, re, DATA (ere), w, 1e-12);
          gait_test_assert_close (kim, im, DATA (eim), w, 1e-12);
        }
      n_banks++;
    }

  g_assert_cmpuint (n_banks, ==, 2);
}

static void
check_spectrogram_fixture (const char *file)
{
  g_autoptr(GKeyFile) kf = gait_test_load_fixture (file);
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);

  for (guint g = 0; groups[g] != NULL; g++)
    {
      const char *group = groups[g];
      g_autoptr(GArray) dx = gait_test_get_doubles (kf, group, "dx");
      g_autoptr(GArray) dy = gait_test_get_doubles (kf, group, "dy");
      g_autoptr(GArray) frames = gait_test_get_doubles (kf, group, "frames");
      g_autoptr(GArray) x = gait_test_get_doubles (kf, group, "x");
      g_autoptr(GArray) y = gait_test_get_doubles (kf, group, "y");
      g_autoptr(GaitVqt) vqt = NULL;
      g_autoptr(GaitSpectrogram) spec = NULL;
      g_autoptr(GError) error = NULL;
      GaitVqtParams p;
      gsize n_times = gait_test_get_uint (kf, group, "n_times");
      guint n_bins;

      params_from_fixture (kf, group, &p);
      vqt = gait_vqt_new (&p, &error);
      g_assert_no_error (error);
      n_bins = gait_vqt_get_n_bins (vqt);

      spec = gait_vqt_displacement (vqt, DATA (dx), DATA (dy), dx->len, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gait_spectrogram_get_n_times (spec), ==, n_times);
      g_assert_cmpuint (gait_vqt_get_n_times (vqt, dx->len), ==, n_times);
      g_assert_cmpuint (x->len, ==, n_bins * n_times);

      gait_test_assert_close ("frames", gait_spectrogram_get_frames (spec), DATA (frames), n_times, 1e-15);
      gait_test_assert_close ("x", gait_spectrogram_get_data (spec, GAIT_SPECTROGRAM_X), DATA (x), x->len, 1e-9);
      gait_test_assert_close ("y", gait_spectrogram_get_data (spec, GAIT_SPECTROGRAM_Y), DATA (y), y->len, 1e-9);

      for (gsize i = 0; i < x->len; i++)
        assert_rel ("xy", gait_spectrogram_get_data (spec, GAIT_SPECTROGRAM_XY)[i],
                    (g_array_index (x, double, i) + g_array_index (y, double, i)) / 2, 1e-8);

      if (g_key_file_has_key (kf, group, "raw_x", NULL))
        {
          g_autoptr(GArray) raw = gait_test_get_doubles (kf, group, "raw_x");
          g_autofree double *out = g_new (double, raw->len);

          g_assert_true (gait_vqt_transform (vqt, DATA (dx), dx->len, out, NULL, &error));
          g_assert_no_error (error);
          gait_test_assert_close ("raw_x", out, DATA (raw), raw->len, 1e-9);
        }
    }
}

static void
test_vqt_fixture_default (void)
{
  check_spectrogram_fixture ("spectral-vqt.ini");
}

static void
test_vqt_fixture_custom (void)
{
  check_spectrogram_fixture ("spectral-vqt-custom.ini");
}

/* A direct O(n · W) convolution with the filter bank's own kernels checks
 * the overlap-save blocks, the padding and the downsampling. */
static void
check_direct (GaitVqtPadding padding,
              gsize          n)
{
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree double *x = g_new (double, n);
  g_autofree double *out = NULL;
  g_autofree double *re = NULL;
  g_autofree double *im = NULL;
  g_autofree double *mag = g_new (double, n);
  GaitVqtParams p;
  gsize n_times, first, length;
  guint w;

  for (gsize i = 0; i < n; i++)
    x[i] = 3 * sin (2 * G_PI * 1.7 * i / 50.0) + g_rand_double_range (rand, -1, 1);

  gait_vqt_params_init (&p, 50);
  p.padding = padding;
  vqt = gait_vqt_new (&p, &error);
  g_assert_no_error (error);
  w = gait_vqt_get_window_size (vqt);
  n_times = gait_vqt_get_n_times (vqt, n);
  out = g_new (double, n_times * 55);
  g_assert_true (gait_vqt_transform (vqt, x, n, out, NULL, &error));
  g_assert_no_error (error);

  first = padding == GAIT_VQT_PADDING_SAME ? (w - 1) / 2 : w - 1;
  length = padding == GAIT_VQT_PADDING_SAME ? n : n - w + 1;
  g_assert_cmpuint (n_times, ==, (length + 7) / 8);

  re = g_new (double, w);
  im = g_new (double, w);
  for (guint k = 0; k < 55; k += 6)
    {
      g_autofree double *expected = g_new0 (double, n_times);

      gait_vqt_get_kernel (vqt, k, re, im);
      for (gsize i = 0; i < length; i++)
        {
          double sr = 0, si = 0;

          for (guint j = 0; j < w; j++)
            {
              gint64 idx = (gint64) (i + first) - j;

              if (idx >= 0 && idx < (gint64) n)
                {
                  sr += re[j] * x[idx];
                  si += im[j] * x[idx];
                }
            }
          mag[i] = hypot (sr, si);
        }
      for (gsize t = 0; t < n_times; t++)
        {
          gsize a = t * 8, b = MIN (a + 8, length);

          for (gsize i = a; i < b; i++)
            expected[t] += mag[i];
          expected[t] /= (double) (b - a);
        }
      gait_test_assert_close ("direct", out + k * n_times, expected, n_times, 1e-11);
    }
}

static void
test_vqt_direct (void)
{
  check_direct (GAIT_VQT_PADDING_SAME, 2503);   /* several overlap-save blocks */
  check_direct (GAIT_VQT_PADDING_VALID, 1200);
  check_direct (GAIT_VQT_PADDING_SAME, 5);      /* shorter than the window */
}

/* A sinusoid at a bin's frequency peaks in that bin, with a magnitude of
 * about half its amplitude (the L1-normalised analytic filter). */
static void
test_vqt_sinusoids (void)
{
  const guint bins[] = { 3, 12, 20, 27, 35, 44, 51 };
  const gsize n = 4000;
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *x = g_new (double, n);
  g_autofree double *zero = g_new0 (double, n);
  g_autofree double *out = NULL;
  GaitVqtParams p;
  gsize n_times;

  gait_vqt_params_init (&p, 100);
  vqt = gait_vqt_new (&p, &error);
  g_assert_no_error (error);
  n_times = gait_vqt_get_n_times (vqt, n);
  out = g_new (double, n_times * 55);

  for (guint b = 0; b < G_N_ELEMENTS (bins); b++)
    {
      double f = gait_vqt_get_frequencies (vqt)[bins[b]];
      g_autoptr(GaitSpectrogram) spec = NULL;
      gsize mid = n_times / 2;
      guint best = 0, best_norm = 0;
      const double *xy;

      for (gsize i = 0; i < n; i++)
        x[i] = 4 * sin (2 * G_PI * f * i / 100.0 + 0.3);

      g_assert_true (gait_vqt_transform (vqt, x, n, out, NULL, &error));
      g_assert_no_error (error);
      for (guint k = 1; k < 55; k++)
        if (out[k * n_times + mid] > out[best * n_times + mid])
          best = k;
      g_assert_cmpuint (best, ==, bins[b]);
      g_assert_cmpfloat_with_epsilon (out[best * n_times + mid], 2.0, 0.1);

      /* the normalised pipeline keeps the peak, but the 1/f correction
       * (× f) tips it one bin up where Q is low and neighbours respond
       * almost as much */
      spec = gait_vqt_displacement (vqt, x, zero, n, NULL, &error);
      g_assert_no_error (error);
      xy = gait_spectrogram_get_data (spec, GAIT_SPECTROGRAM_XY);
      for (guint k = 1; k < 55; k++)
        if (xy[k * n_times + mid] > xy[best_norm * n_times + mid])
          best_norm = k;
      if (bins[b] >= 20)
        g_assert_cmpuint (best_norm, ==, bins[b]);
      else
        g_assert_cmpuint (best_norm - bins[b], <=, 1);
    }
}

/* 50 fps: 40 Hz is beyond Nyquist; the top bin is lowered. */
static void
test_vqt_nyquist (void)
{
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GError) error = NULL;
  GaitVqtParams p;

  gait_vqt_params_init (&p, 50);
  vqt = gait_vqt_new (&p, &error);
  g_assert_no_error (error);
  assert_rel ("top bin", gait_vqt_get_frequencies (vqt)[54], 25.0 * 20 / 22, 1e-15);
  g_assert_cmpfloat (gait_vqt_get_frequencies (vqt)[0], ==, 1);
  g_assert_cmpfloat (gait_vqt_get_params (vqt)->f_max, <, 25);
  g_assert_cmpuint (gait_vqt_get_window_size (vqt), ==, 151);
}

static void
test_vqt_errors (void)
{
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  double x[200] = { 0 };
  double out[55 * 25];
  GaitVqtParams p;
  struct { const char *what; double fps, f_min, f_max, norm; guint bins, ds; } bad[] = {
    { "fps", 0, 1, 40, 0.99, 55, 8 },
    { "f_min", 50, 0, 40, 0.99, 55, 8 },
    { "reversed", 50, 10, 5, 0.99, 55, 8 },
    { "above nyquist", 10, 8, 40, 0.99, 55, 8 },
    { "bins", 50, 1, 40, 0.99, 0, 8 },
    { "downsample", 50, 1, 40, 0.99, 55, 0 },
    { "normalisation", 50, 1, 40, 1.5, 55, 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GaitVqt) v = NULL;

      gait_vqt_params_init (&p, bad[i].fps);
      p.f_min = bad[i].f_min;
      p.f_max = bad[i].f_max;
      p.normalization = bad[i].norm;
      p.n_bins = bad[i].bins;
      p.downsample = bad[i].ds;
      v = gait_vqt_new (&p, &error);
      if (v != NULL)
        g_error ("%s: accepted", bad[i].what);
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  gait_vqt_params_init (&p, 50);
  p.padding = GAIT_VQT_PADDING_VALID;
  vqt = gait_vqt_new (&p, &error);
  g_assert_no_error (error);

  /* valid padding needs a whole window (151 frames) */
  g_assert_false (gait_vqt_transform (vqt, x, 150, out, NULL, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (gait_vqt_get_n_times (vqt, 150), ==, 0);
  g_assert_cmpuint (gait_vqt_get_n_times (vqt, 151), ==, 1);

  x[17] = NAN;
  g_assert_false (gait_vqt_transform (vqt, x, 200, out, NULL, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  x[17] = 0;

  g_cancellable_cancel (cancellable);
  g_assert_false (gait_vqt_transform (vqt, x, 200, out, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static GaitTracking *
tracking_with (guint               n_frames,
               const char * const *names)
{
  return gait_tracking_new (n_frames, g_strv_length ((char **) names), names);
}

/* A landmark: median reference, gaps interpolated, same as the pipeline on
 * the displacement computed by hand. */
static void
test_vqt_landmark (void)
{
  const char * const names[] = { "nose", "paw", NULL };
  const guint n = 700;
  g_autoptr(GaitTracking) tracking = tracking_with (n, names);
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GaitSpectrogram) spec = NULL;
  g_autoptr(GaitSpectrogram) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *dx = g_new (double, n);
  g_autofree double *dy = g_new (double, n);
  double *x = gait_tracking_get_x_mutable (tracking, 1);
  double *y = gait_tracking_get_y_mutable (tracking, 1);
  double *l = gait_tracking_get_likelihood_mutable (tracking, 1);
  double rx, ry;
  GaitVqtParams p;

  for (guint f = 0; f < n; f++)
    {
      x[f] = 300 + 20 * sin (2 * G_PI * 2.0 * f / 50.0) + 0.01 * f;
      y[f] = 120 + 5 * cos (2 * G_PI * 2.0 * f / 50.0);
      l[f] = 0.99;
    }
  /* not seen: low likelihood at 100–104, wrong and missing values */
  for (guint f = 100; f < 105; f++)
    {
      l[f] = 0.1;
      x[f] = 9999;
    }
  x[0] = NAN;
  l[0] = 0;
  y[n - 1] = NAN;

  gait_vqt_params_init (&p, 50);
  vqt = gait_vqt_new (&p, &error);
  g_assert_no_error (error);

  spec = gait_vqt_landmark (vqt, tracking, 1, 0.5, NULL, &error);
  g_assert_no_error (error);
  gait_spectrogram_get_reference (spec, &rx, &ry);
  g_assert_cmpuint (gait_spectrogram_get_n_times (spec), ==, (n + 7) / 8);
  g_assert_cmpuint (gait_spectrogram_get_n_frames (spec), ==, n);
  g_assert_cmpfloat (gait_spectrogram_get_fps (spec), ==, 50);
  g_assert_cmpfloat_with_epsilon (rx, 300 + 0.01 * n / 2, 2.0);
  g_assert_cmpfloat_with_epsilon (ry, 120, 1.0);

  for (guint f = 0; f < n; f++)
    {
      dx[f] = x[f] - rx;
      dy[f] = y[f] - ry;
    }
  dx[0] = dx[1];
  dy[0] = dy[1];
  dx[n - 1] = dx[n - 2];   /* a frame is seen when both coordinates are */
  dy[n - 1] = dy[n - 2];
  for (guint f = 100; f < 105; f++)
    {
      dx[f] = dx[99] + (dx[105] - dx[99]) * (f - 99) / 6.0;
      dy[f] = dy[99] + (dy[105] - dy[99]) * (f - 99) / 6.0;
    }

  expected = gait_vqt_displacement (vqt, dx, dy, n, NULL, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < 3; c++)
    gait_test_assert_close ("landmark", gait_spectrogram_get_data (spec, c),
                            gait_spectrogram_get_data (expected, c),
                            (gsize) 55 * gait_spectrogram_get_n_times (spec), 1e-12);

  /* the times are the frame centres over the frame rate */
  g_assert_cmpfloat (gait_spectrogram_get_frames (spec)[0], ==, 3.5);
  g_assert_cmpfloat (gait_spectrogram_get_times (spec)[1], ==, 11.5 / 50);

  /* never seen */
  g_assert_null (gait_vqt_landmark (vqt, tracking, 0, 1.5, NULL, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_EMPTY);
}

/* The spectrogram's reference is the median of the seen positions,
 * computed independently. */
static void
test_vqt_reference (void)
{
  const char * const names[] = { "paw", NULL };
  g_autoptr(GaitTracking) tracking = tracking_with (300, names);
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GaitSpectrogram) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  double *x = gait_tracking_get_x_mutable (tracking, 0);
  double *y = gait_tracking_get_y_mutable (tracking, 0);
  double *l = gait_tracking_get_likelihood_mutable (tracking, 0);
  double sx[300], sy[300], rx, ry;
  guint m = 0;
  GaitVqtParams p;

  for (guint f = 0; f < 300; f++)
    {
      x[f] = g_rand_double_range (rand, 0, 100);
      y[f] = g_rand_double_range (rand, 0, 100);
      l[f] = g_rand_double (rand);
      if (l[f] >= 0.3)
        {
          sx[m] = x[f];
          sy[m] = y[f];
          m++;
        }
    }
  qsort (sx, m, sizeof (double), gait_test_compare_doubles);
  qsort (sy, m, sizeof (double), gait_test_compare_doubles);

  gait_vqt_params_init (&p, 30);
  vqt = gait_vqt_new (&p, &error);
  g_assert_no_error (error);
  spec = gait_vqt_landmark (vqt, tracking, 0, 0.3, NULL, &error);
  g_assert_no_error (error);
  gait_spectrogram_get_reference (spec, &rx, &ry);
  g_assert_cmpfloat (rx, ==, m % 2 ? sx[m / 2] : (sx[m / 2 - 1] + sx[m / 2]) / 2);
  g_assert_cmpfloat (ry, ==, m % 2 ? sy[m / 2] : (sy[m / 2 - 1] + sy[m / 2]) / 2);
}

typedef struct
{
  GaitVqt      *vqt;
  const double *x;
  gsize         n;
  double       *out;
} VqtJob;

static gpointer
vqt_thread (gpointer data)
{
  VqtJob *job = data;

  for (guint r = 0; r < 5; r++)
    {
      g_autoptr(GaitVqt) fresh = NULL;
      GaitVqtParams p = *gait_vqt_get_params (job->vqt);

      /* a new bank plans FFTs while the other thread plans too */
      p.f_max = 20;
      fresh = gait_vqt_new (&p, NULL);
      g_assert_nonnull (fresh);
      g_assert_true (gait_vqt_transform (job->vqt, job->x, job->n, job->out, NULL, NULL));
    }

  return NULL;
}

static gpointer
cwt_thread (gpointer data)
{
  const double widths[] = { 1, 2, 3, 5, 8, 13 };
  g_autofree double *x = g_new (double, 777);
  g_autofree double *out = g_new (double, 777 * G_N_ELEMENTS (widths));

  for (guint r = 0; r < 20; r++)
    {
      for (guint i = 0; i < 777; i++)
        x[i] = sin (i * 0.1 * (r + 1));
      g_assert_true (gait_cwt_ricker (x, 777 - r, widths, G_N_ELEMENTS (widths), out, NULL));
    }

  return NULL;
}

/* Planning shares gait-signal.c's lock: run both at once. */
static void
test_vqt_threads (void)
{
  const gsize n = 3000;
  g_autoptr(GaitVqt) vqt = NULL;
  g_autofree double *x = g_new (double, n);
  g_autofree double *serial = NULL;
  GThread *threads[3];
  VqtJob jobs[2];
  GaitVqtParams p;
  gsize size;

  for (gsize i = 0; i < n; i++)
    x[i] = sin (i * 0.3) + 0.1 * cos (i * 1.7);

  gait_vqt_params_init (&p, 50);
  vqt = gait_vqt_new (&p, NULL);
  size = gait_vqt_get_n_times (vqt, n) * 55;
  serial = g_new (double, size);
  g_assert_true (gait_vqt_transform (vqt, x, n, serial, NULL, NULL));

  for (guint t = 0; t < 2; t++)
    {
      jobs[t] = (VqtJob) { vqt, x, n, g_new (double, size) };
      threads[t] = g_thread_new ("vqt", vqt_thread, &jobs[t]);
    }
  threads[2] = g_thread_new ("cwt", cwt_thread, NULL);

  for (guint t = 0; t < 3; t++)
    g_thread_join (threads[t]);

  for (guint t = 0; t < 2; t++)
    {
      g_assert_cmpmem (jobs[t].out, size * sizeof (double), serial, size * sizeof (double));
      g_free (jobs[t].out);
    }
}

static guint
count_char (const char *s,
            char        c)
{
  guint n = 0;

  for (; *s; s++)
    n += *s == c;
  return n;
}

static void
test_spectrogram_csv (void)
{
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GaitSpectrogram) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *x = g_new (double, 100);
  g_autofree char *wide = NULL;
  g_autofree char *longer = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) row = NULL;
  GaitVqtParams p;

  for (guint i = 0; i < 100; i++)
    x[i] = sin (i * 0.5);

  gait_vqt_params_init (&p, 50);
  p.n_bins = 5;
  vqt = gait_vqt_new (&p, &error);
  g_assert_no_error (error);
  spec = gait_vqt_displacement (vqt, x, x, 100, NULL, &error);
  g_assert_no_error (error);

  wide = gait_spectrogram_to_csv (spec, GAIT_SPECTROGRAM_X, GAIT_SPECTROGRAM_WIDE);
  lines = g_strsplit (wide, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 5 + 1);
  g_assert_true (g_str_has_prefix (lines[0], "frequency_hz,0.070000,0.230000,"));
  g_assert_cmpuint (count_char (lines[0], ','), ==, 13);   /* ⌈100 / 8⌉ columns */
  row = g_strsplit (lines[3], ",", -1);
  g_assert_cmpuint (g_strv_length (row), ==, 14);
  assert_rel ("frequency", g_ascii_strtod (row[0], NULL), gait_spectrogram_get_frequencies (spec)[2], 1e-8);
  assert_rel ("value", g_ascii_strtod (row[5], NULL),
              gait_spectrogram_get_data (spec, GAIT_SPECTROGRAM_X)[2 * 13 + 4], 1e-8);
  g_assert_cmpstr (lines[6], ==, "");

  longer = gait_spectrogram_to_csv (spec, GAIT_SPECTROGRAM_XY, GAIT_SPECTROGRAM_LONG);
  g_assert_true (g_str_has_prefix (longer, "frame,time,frequency_hz,x,y,xy\n3.5,0.070000,1,"));
  g_assert_cmpuint (count_char (longer, '\n'), ==, 1 + 13 * 5);
}

/* High-pass filter, peaks */

static void
test_highpass_fixture (void)
{
  g_autoptr(GKeyFile) kf = gait_test_load_fixture ("spectral-signal.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);
  g_autoptr(GArray) signal = gait_test_get_doubles (kf, "highpass signal", "x");
  guint n_cases = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autoptr(GArray) x = NULL;
      g_autoptr(GArray) expected = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree double *out = NULL;

      if (!g_str_has_prefix (groups[g], "highpass ") || g_str_equal (groups[g], "highpass signal"))
        continue;

      x = g_key_file_has_key (kf, groups[g], "x", NULL)
          ? gait_test_get_doubles (kf, groups[g], "x") : g_array_ref (signal);
      expected = gait_test_get_doubles (kf, groups[g], "expected");
      out = g_new (double, x->len);
      g_assert_true (gait_highpass_filter (DATA (x), x->len, gait_test_get_double (kf, groups[g], "fps"),
                                           gait_test_get_double (kf, groups[g], "cutoff"), out, &error));
      g_assert_no_error (error);
      gait_test_assert_close (groups[g], out, DATA (expected), x->len, 1e-11);

      /* in place */
      memcpy (out, x->data, x->len * sizeof (double));
      g_assert_true (gait_highpass_filter (out, x->len, gait_test_get_double (kf, groups[g], "fps"),
                                           gait_test_get_double (kf, groups[g], "cutoff"), out, &error));
      gait_test_assert_close (groups[g], out, DATA (expected), x->len, 1e-11);
      n_cases++;
    }

  g_assert_cmpuint (n_cases, ==, 5);
}

static void
test_highpass_errors (void)
{
  double x[20] = { 0 }, out[20];
  g_autoptr(GError) error = NULL;

  g_assert_false (gait_highpass_filter (x, 9, 50, 1, out, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gait_highpass_filter (x, 20, 50, 25, out, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gait_highpass_filter (x, 20, 50, 0, out, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  x[3] = INFINITY;
  g_assert_false (gait_highpass_filter (x, 20, 50, 1, out, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
}

static void
test_find_peaks_fixture (void)
{
  g_autoptr(GKeyFile) kf = gait_test_load_fixture ("spectral-signal.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);
  guint n_cases = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autoptr(GArray) x = NULL;
      g_autoptr(GArray) expected = NULL;
      g_autoptr(GArray) peaks = NULL;

      if (!g_str_has_prefix (groups[g], "peaks "))
        continue;

      x = gait_test_get_doubles (kf, groups[g], "x");
      expected = gait_test_get_doubles (kf, groups[g], "expected");
      peaks = gait_find_peaks (DATA (x), x->len, gait_test_get_uint (kf, groups[g], "distance"));
      g_assert_cmpuint (peaks->len, ==, expected->len);
      for (guint i = 0; i < peaks->len; i++)
        g_assert_cmpuint (g_array_index (peaks, guint, i), ==, (guint) g_array_index (expected, double, i));
      n_cases++;
    }

  g_assert_cmpuint (n_cases, ==, 5);

  {
    const double flat[] = { 1, 1, 1, 1 };
    const double edge[] = { 5, 1, 2, 1, 7 };
    g_autoptr(GArray) p1 = gait_find_peaks (flat, 4, 1);
    g_autoptr(GArray) p2 = gait_find_peaks (edge, 5, 1);
    g_autoptr(GArray) p3 = gait_find_peaks (edge, 0, 3);

    g_assert_cmpuint (p1->len, ==, 0);
    g_assert_cmpuint (p2->len, ==, 1);
    g_assert_cmpuint (g_array_index (p2, guint, 0), ==, 2);
    g_assert_cmpuint (p3->len, ==, 0);
  }
}

/* Spectral statistics */

static void
test_stats_fixture (void)
{
  g_autoptr(GKeyFile) kf = gait_test_load_fixture ("spectral-stats.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);
  guint n_cases = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      const char *group = groups[g];
      g_autoptr(GArray) x = gait_test_get_doubles (kf, group, "x");
      g_autoptr(GArray) peaks = gait_test_get_doubles (kf, group, "expected_peaks");
      g_autoptr(GArray) heights = gait_test_get_doubles (kf, group, "expected_peak_heights");
      g_autoptr(GError) error = NULL;
      GaitSpectralParams p;
      GaitSpectralStats s;
      struct { const char *key; double *value; } fields[] = {
        { "expected_mean", &s.mean }, { "expected_sd", &s.sd },
        { "expected_median", &s.median }, { "expected_mode", &s.mode },
        { "expected_q25", &s.q25 }, { "expected_q75", &s.q75 },
        { "expected_iqr", &s.iqr }, { "expected_skewness", &s.skewness },
        { "expected_kurtosis", &s.kurtosis }, { "expected_dominant", &s.dominant },
        { "expected_resolution", &s.resolution },
      };

      gait_spectral_params_init (&p, gait_test_get_double (kf, group, "fps"));
      p.highpass_hz = gait_test_get_double (kf, group, "highpass");
      p.f_low = gait_test_get_double (kf, group, "f_low");
      p.f_high = gait_test_get_double (kf, group, "f_high");
      p.power = gait_test_get_boolean (kf, group, "power");
      p.hann = gait_test_get_boolean (kf, group, "hann");
      p.smooth_hz = gait_test_get_double (kf, group, "smooth_hz");
      p.peak_distance_hz = gait_test_get_double (kf, group, "peak_distance_hz");

      g_assert_true (gait_spectral_stats (DATA (x), x->len, &p, &s, &error));
      g_assert_no_error (error);

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          g_autofree char *what = g_strdup_printf ("%s %s", group, fields[i].key);

          assert_rel (what, *fields[i].value, gait_test_get_double (kf, group, fields[i].key), 1e-9);
        }
      g_assert_cmpuint (s.n_bins, ==, gait_test_get_uint (kf, group, "expected_n_bins"));
      g_assert_cmpuint (s.n_peaks, ==, peaks->len);
      for (guint i = 0; i < s.n_peaks; i++)
        {
          assert_rel ("peak", s.peaks[i], g_array_index (peaks, double, i), 1e-12);
          assert_rel ("peak height", s.peak_heights[i], g_array_index (heights, double, i), 1e-9);
        }
      for (guint i = s.n_peaks; i < 3; i++)
        g_assert_true (isnan (s.peaks[i]));
      n_cases++;
    }

  g_assert_cmpuint (n_cases, ==, 5);
}

/* The headline: a stride rhythm under drift and noise. */
static void
test_stats_dominant (void)
{
  const gsize n = 3000;
  g_autofree double *x = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GError) error = NULL;
  GaitSpectralParams p;
  GaitSpectralStats s, unfiltered;

  for (gsize i = 0; i < n; i++)
    {
      double t = i / 50.0;

      x[i] = 3 * sin (2 * G_PI * 1.3 * t) + 1.0 * sin (2 * G_PI * 2.6 * t + 1)
             + 40 * t + 30 * sin (2 * G_PI * 0.05 * t) + g_rand_double_range (rand, -2, 2);
    }

  gait_spectral_params_init (&p, 50);
  g_assert_true (gait_spectral_stats (x, n, &p, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (s.dominant, 1.3, s.resolution / 2);
  g_assert_cmpfloat_with_epsilon (s.mode, 1.3, s.resolution / 2);
  g_assert_cmpuint (s.n_peaks, ==, 3);
  g_assert_cmpfloat_with_epsilon (s.peaks[1], 2.6, s.resolution / 2);
  g_assert_cmpfloat (s.q25, <=, s.median);
  g_assert_cmpfloat (s.median, <=, s.q75);
  g_assert_cmpfloat (s.iqr, ==, s.q75 - s.q25);
  g_assert_cmpfloat (s.resolution, ==, 50.0 / n);

  /* without the high-pass filter, the drift's leakage takes over */
  p.highpass_hz = 0;
  p.f_low = 0;
  g_assert_true (gait_spectral_stats (x, n, &p, &unfiltered, &error));
  g_assert_cmpfloat (unfiltered.mode, <, 0.5);
  g_assert_cmpfloat (unfiltered.mean, <, s.mean);

  /* errors */
  p.f_low = 30;
  g_assert_false (gait_spectral_stats (x, n, &p, &s, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  gait_spectral_params_init (&p, 50);
  x[5] = NAN;
  g_assert_false (gait_spectral_stats (x, n, &p, &s, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
}

/* A range of a longer signal: the same as the statistics of the slice, gaps
 * bridged linearly; each half of a signal that changes its rhythm gives its
 * own dominant frequency. */
static void
test_stats_range (void)
{
  const gsize n = 4000, half = 2000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *bridged = g_new (double, half);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GError) error = NULL;
  GaitSpectralParams p;
  GaitSpectralStats s, slice, whole;

  for (gsize i = 0; i < n; i++)
    {
      double t = i / 50.0;

      x[i] = 2 * sin (2 * G_PI * (i < half ? 1.3 : 2.1) * t) + g_rand_double_range (rand, -0.5, 0.5);
    }
  gait_spectral_params_init (&p, 50);

  g_assert_true (gait_spectral_stats_range (x, n, 0, half, &p, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (s.dominant, 1.3, s.resolution / 2);
  g_assert_true (gait_spectral_stats (x, half, &p, &slice, &error));
  g_assert_true (memcmp (&s, &slice, sizeof s) == 0);

  g_assert_true (gait_spectral_stats_range (x, n, half, -1, &p, &s, &error));
  g_assert_cmpfloat_with_epsilon (s.dominant, 2.1, s.resolution / 2);
  g_assert_cmpfloat (s.resolution, ==, 50.0 / (n - half));

  g_assert_true (gait_spectral_stats_range (x, n, -1, -1, &p, &whole, &error));
  g_assert_true (gait_spectral_stats (x, n, &p, &slice, &error));
  g_assert_true (memcmp (&whole, &slice, sizeof whole) == 0);
  g_assert_cmpuint (whole.n_peaks, >=, 2);

  /* gaps: interior ones bridged linearly, edges held */
  x[half] = NAN;
  x[half + 1] = NAN;
  for (gsize i = half + 100; i < half + 104; i++)
    x[i] = NAN;
  x[n - 1] = INFINITY;
  for (gsize i = 0; i < half; i++)
    bridged[i] = x[half + i];
  bridged[0] = bridged[1] = x[half + 2];
  for (gsize i = 100; i < 104; i++)
    bridged[i] = x[half + 99] + (x[half + 104] - x[half + 99]) * (i - 99) / 5.0;
  bridged[half - 1] = x[n - 2];
  g_assert_true (gait_spectral_stats_range (x, n, half, n, &p, &s, &error));
  g_assert_no_error (error);
  g_assert_true (gait_spectral_stats (bridged, half, &p, &slice, &error));
  g_assert_true (memcmp (&s, &slice, sizeof s) == 0);

  /* errors */
  for (gsize i = 10; i < 30; i++)
    x[i] = NAN;
  g_assert_false (gait_spectral_stats_range (x, n, 10, 30, &p, &s, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_false (gait_spectral_stats_range (x, n, 300, 300, &p, &s, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gait_spectral_stats_range (x, n, (gint64) n, -1, &p, &s, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
}

/* Cross-correlation */

static void
test_xcorr_fixture (void)
{
  g_autoptr(GKeyFile) kf = gait_test_load_fixture ("spectral-signal.ini");
  g_autoptr(GArray) a = gait_test_get_doubles (kf, "xcorr signals", "a");
  g_autoptr(GArray) b = gait_test_get_doubles (kf, "xcorr signals", "b");
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);
  guint n_cases = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autoptr(GArray) expected = NULL;
      g_autofree double *out = NULL;
      guint max_lag;
      int lag = 12345;

      if (!g_str_has_prefix (groups[g], "xcorr ") || g_str_equal (groups[g], "xcorr signals"))
        continue;

      max_lag = gait_test_get_uint (kf, groups[g], "max_lag");
      expected = gait_test_get_doubles (kf, groups[g], "expected");
      out = g_new (double, 2 * max_lag + 1);
      g_assert_cmpuint (expected->len, ==, 2 * max_lag + 1);
      g_assert_true (gait_xcorr_normalised (DATA (a), DATA (b), a->len, max_lag, out, &lag));
      gait_test_assert_close (groups[g], out, DATA (expected), expected->len, 1e-12);
      /* b is a, 4 samples later (with long lags, the last few pairs
       * correlate perfectly by chance: two points always do) */
      if (max_lag >= 4 && max_lag < a->len / 4)
        g_assert_cmpint (lag, ==, 4);
      n_cases++;
    }

  g_assert_cmpuint (n_cases, ==, 4);
}

static void
test_xcorr_shift (void)
{
  const gsize n = 1000;
  const guint max_lag = 30;
  g_autofree double *a = g_new (double, n);
  g_autofree double *b = g_new (double, n);
  g_autofree double *c = g_new (double, n);
  g_autofree double *out = g_new (double, 2 * max_lag + 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  double base[1100];
  int lag = 0;

  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    base[i] = sin (i * 2 * G_PI / 45.0) + g_rand_double_range (rand, -1.5, 1.5);

  /* b repeats a 7 frames later, with its own noise */
  for (gsize i = 0; i < n; i++)
    {
      a[i] = base[i + 50];
      b[i] = base[i + 50 - 7] + g_rand_double_range (rand, -0.8, 0.8);
    }
  g_assert_true (gait_xcorr_normalised (a, b, n, max_lag, out, &lag));
  g_assert_cmpint (lag, ==, 7);
  for (guint i = 0; i < 2 * max_lag + 1; i++)
    {
      g_assert_cmpfloat (out[i], >=, -1);
      g_assert_cmpfloat (out[i], <=, 1);
    }

  /* and the other way round */
  g_assert_true (gait_xcorr_normalised (b, a, n, max_lag, out, &lag));
  g_assert_cmpint (lag, ==, -7);

  /* identical: exactly 1 at lag 0; negated: exactly −1 */
  g_assert_true (gait_xcorr_normalised (a, a, n, max_lag, out, &lag));
  g_assert_cmpint (lag, ==, 0);
  g_assert_cmpfloat (out[max_lag], ==, 1.0);
  for (gsize i = 0; i < n; i++)
    c[i] = -a[i];
  g_assert_true (gait_xcorr_normalised (a, c, n, max_lag, out, &lag));
  g_assert_cmpfloat (out[max_lag], ==, -1.0);

  /* exactly, whatever the values */
  for (guint trial = 0; trial < 200; trial++)
    {
      gsize m = 10 + g_rand_int_range (rand, 0, 200);
      double r[3];

      for (gsize i = 0; i < m; i++)
        {
          c[i] = g_rand_double_range (rand, -1e3, 1e3) * g_rand_double (rand);
          b[i] = -c[i];
        }
      g_assert_true (gait_xcorr_normalised (c, c, m, 1, r, NULL));
      g_assert_cmpfloat (r[1], ==, 1.0);
      g_assert_true (gait_xcorr_normalised (c, b, m, 1, r, NULL));
      g_assert_cmpfloat (r[1], ==, -1.0);
    }
  for (gsize i = 0; i < n; i++)
    b[i] = base[i + 50 - 7] + g_rand_double_range (rand, -0.8, 0.8);

  /* scale and offset do not matter */
  for (gsize i = 0; i < n; i++)
    c[i] = 250 + 3.5 * b[i];
  {
    g_autofree double *ref = g_new (double, 2 * max_lag + 1);

    g_assert_true (gait_xcorr_normalised (a, b, n, max_lag, ref, NULL));
    g_assert_true (gait_xcorr_normalised (a, c, n, max_lag, out, NULL));
    gait_test_assert_close ("affine", out, ref, 2 * max_lag + 1, 1e-12);
  }

  /* undefined: constant, too short; NaN pairs are skipped */
  for (gsize i = 0; i < n; i++)
    c[i] = 4;
  g_assert_false (gait_xcorr_normalised (a, c, n, 3, out, &lag));
  g_assert_true (isnan (out[3]));
  g_assert_false (gait_xcorr_normalised (a, b, 1, 0, out, NULL));
  memcpy (c, b, n * sizeof (double));
  c[100] = NAN;
  g_assert_true (gait_xcorr_normalised (a, c, n, max_lag, out, &lag));
  g_assert_cmpint (lag, ==, 7);
}

/* Metrics */

/* Two limbs with one landmark each plus three body landmarks; the feet
 * stand still in stance and move 60 px in each swing. */
typedef struct
{
  GaitTracking *tracking;
  GaitProfile  *profile;
} Table;

static void
table_clear (Table *t)
{
  g_clear_object (&t->tracking);
  g_clear_object (&t->profile);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Table, table_clear)

/* A foot that stands for frames 0–11 of every 20 (from @offset) and swings
 * 60 px forward in frames 12–19. */
static double
stepping_foot (gint   f,
               gint   offset,
               double x0)
{
  gint g = f - offset;
  gint cycle = (gint) floor (g / 20.0);
  gint phase = g - 20 * cycle;

  return x0 + 60.0 * cycle + (phase < 12 ? 0 : 60.0 * (phase - 11) / 9.0);
}

static void
table_init (Table *t)
{
  const char * const names[] = { "fhoof", "hhoof", "a", "b", "c", NULL };
  const char * const fore[] = { "fhoof", NULL };
  const char * const hind[] = { "hhoof", NULL };
  const char * const body[] = { "a", "b", "c", NULL };

  t->tracking = tracking_with (60, names);
  t->profile = gait_profile_new ("table");
  gait_profile_add_limb (t->profile, "fore", fore);
  gait_profile_add_limb (t->profile, "hind", hind);
  gait_profile_set_procrustes (t->profile, body);

  /* fore: stance 0–11, swing 12–19 (to +60), …; hind: ten frames later */
  for (guint f = 0; f < 60; f++)
    {
      gait_tracking_get_x_mutable (t->tracking, 0)[f] = stepping_foot (f, 0, 100);
      gait_tracking_get_y_mutable (t->tracking, 0)[f] = 50;
      gait_tracking_get_x_mutable (t->tracking, 1)[f] = stepping_foot (f, 10, 40);
      gait_tracking_get_y_mutable (t->tracking, 1)[f] = 80;
    }
  /* the body: a triangle, rotated and scaled at frame 20 */
  for (guint f = 0; f < 60; f++)
    {
      double angle = f == 20 ? 0.3 : 0, scale = f == 20 ? 1.5 : 1;
      const double pts[3][2] = { { 0, 0 }, { 100, 0 }, { 30, 40 } };

      for (guint k = 0; k < 3; k++)
        {
          double px = pts[k][0] + (f == 40 && k == 2 ? 10 : 0), py = pts[k][1];

          gait_tracking_get_x_mutable (t->tracking, 2 + k)[f] = 200 + scale * (cos (angle) * px - sin (angle) * py);
          gait_tracking_get_y_mutable (t->tracking, 2 + k)[f] = 20 + scale * (sin (angle) * px + cos (angle) * py);
        }
    }
  gait_tracking_get_likelihood_mutable (t->tracking, 4)[50] = 0.5;
}

static void
test_metrics_table (void)
{
  g_auto(Table) t = { 0 };
  g_autoptr(GaitMetrics) m = NULL;
  g_autoptr(GaitMetrics) reviewed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *summary = NULL;
  g_auto(GStrv) lines = NULL;
  GaitMetricsParams params;
  GaitCycle cycles[] = {
    gait_test_cycle ("fore", 0, 20, 12, GAIT_CYCLE_DETECTED),
    gait_test_cycle ("fore", 20, 40, 32, GAIT_CYCLE_DETECTED),
    gait_test_cycle ("fore", 40, 55, -1, GAIT_CYCLE_REJECTED),
    gait_test_cycle ("hind", 10, 30, 22, GAIT_CYCLE_DETECTED),
    gait_test_cycle ("hind", 30, 50, 42, GAIT_CYCLE_DETECTED),
  };
  const GaitCycleMetrics *c;
  const GaitInterlimb *il;
  double a[6], b[6];

  table_init (&t);
  gait_metrics_params_init (&params);
  params.fps = 50;
  params.mm_per_px = 0.5;

  m = gait_metrics_compute (t.tracking, t.profile, cycles, G_N_ELEMENTS (cycles), &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gait_metrics_get_n_cycles (m), ==, 5);
  g_assert_cmpuint (gait_metrics_get_n_limbs (m), ==, 2);
  g_assert_cmpstr (gait_metrics_get_limb (m, 0), ==, "fore");

  for (guint i = 0; i < 5; i++)
    {
      c = gait_metrics_get_cycle (m, i);
      if (i == 2)
        continue;
      g_assert_cmpint (c->frames, ==, 20);
      g_assert_cmpfloat (c->duration, ==, 0.4);
      g_assert_cmpfloat (c->stride_frequency, ==, 2.5);
      g_assert_cmpfloat (c->stance, ==, 12 / 50.0);
      g_assert_cmpfloat (c->swing, ==, 8 / 50.0);
      g_assert_cmpfloat (c->duty_factor, ==, 0.6);
      g_assert_cmpfloat_with_epsilon (c->stride_length_px, 60, 1e-9);
      g_assert_cmpfloat_with_epsilon (c->stride_length_mm, 30, 1e-9);
      g_assert_cmpfloat_with_epsilon (c->speed_px, 150, 1e-9);
      g_assert_cmpfloat_with_epsilon (c->speed_mm, 75, 1e-9);
      g_assert_true (c->used);
      /* the other limb touches down half-way through */
      g_assert_cmpfloat (gait_metrics_get_phase (m, i, i < 3 ? 1 : 0), ==, 0.5);
      g_assert_true (isnan (gait_metrics_get_phase (m, i, i < 3 ? 0 : 1)));
    }

  /* rejected: measured, not used, no lift-off */
  c = gait_metrics_get_cycle (m, 2);
  g_assert_false (c->used);
  g_assert_true (isnan (c->duty_factor) && isnan (c->stance));
  g_assert_cmpfloat (c->duration, ==, 0.3);
  g_assert_cmpfloat (gait_metrics_get_phase (m, 2, 1), ==, 10 / 15.0);   /* hind lands at 50 */

  /* Procrustes: frame 20 is frame 0 rotated and scaled: 0; frame 40 moved c;
   * c is below the cutoff at 50 */
  c = gait_metrics_get_cycle (m, 0);
  g_assert_cmpuint (c->n_landmarks, ==, 3);
  g_assert_cmpfloat_with_epsilon (c->procrustes, 0, 1e-12);
  c = gait_metrics_get_cycle (m, 1);
  for (guint k = 0; k < 3; k++)
    {
      a[2 * k] = gait_tracking_get_x (t.tracking, 2 + k)[20];
      a[2 * k + 1] = gait_tracking_get_y (t.tracking, 2 + k)[20];
      b[2 * k] = gait_tracking_get_x (t.tracking, 2 + k)[40];
      b[2 * k + 1] = gait_tracking_get_y (t.tracking, 2 + k)[40];
    }
  g_assert_cmpfloat (c->procrustes, >, 0.001);
  g_assert_cmpfloat (c->procrustes, ==, gait_procrustes_distance (a, b, 3));
  c = gait_metrics_get_cycle (m, 4);
  g_assert_cmpuint (c->n_landmarks, ==, 2);
  g_assert_true (isnan (c->procrustes));

  il = gait_metrics_find_interlimb (m, "fore", "hind");
  g_assert_nonnull (il);
  g_assert_cmpuint (il->n_cycles, ==, 2);
  g_assert_cmpuint (il->n_phases, ==, 2);
  g_assert_cmpfloat_with_epsilon (il->mean_phase, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (il->vector_strength, 1, 1e-12);
  g_assert_cmpuint (gait_metrics_get_n_interlimb (m), ==, 2);
  g_assert_true (gait_metrics_get_interlimb (m, 0) == il);
  g_assert_null (gait_metrics_find_interlimb (m, "fore", "tail"));

  csv = gait_metrics_to_csv (m);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (lines[0], ==,
                   "limb,start,end,liftoff,state,used,frames,start_time,duration,stance,swing,"
                   "stride_frequency,duty_factor,stride_length_px,stride_length_mm,speed_px_s,"
                   "speed_mm_s,procrustes_distance,n_landmarks,phase_fore,phase_hind");
  g_assert_true (g_str_has_prefix (lines[1], "fore,0,20,12,detected,1,20,0.000000,0.400000,0.240000,0.160000,2.5,0.6,60,30,150,75,"));
  g_assert_true (g_str_has_suffix (lines[1], ",3,,0.5"));
  g_assert_true (g_str_has_prefix (lines[3], "fore,40,55,,rejected,0,15,"));
  g_assert_cmpuint (g_strv_length (lines), ==, 7);

  summary = gait_metrics_summary_to_csv (m);
  g_assert_true (g_str_has_prefix (summary, "limb,other,n_cycles,n_phases,phase_mean,vector_strength,"
                                            "xcorr_lag_frames,xcorr_peak,xcorr_phase,xcorr_start,xcorr_end\nfore,hind,2,2,0.5,1,"));

  /* once a cycle is reviewed, only reviewed ones count */
  cycles[3].state = GAIT_CYCLE_ACCEPTED;
  reviewed = gait_metrics_compute (t.tracking, t.profile, cycles, G_N_ELEMENTS (cycles), &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (gait_metrics_get_cycle (reviewed, 0)->used);
  g_assert_true (gait_metrics_get_cycle (reviewed, 3)->used);
  g_assert_false (gait_metrics_get_cycle (reviewed, 4)->used);
  g_assert_true (isnan (gait_metrics_get_phase (reviewed, 3, 0)));   /* no fore touch-downs count */
  g_assert_cmpfloat (gait_metrics_get_phase (reviewed, 0, 1), ==, 0.5);
  il = gait_metrics_find_interlimb (reviewed, "hind", "fore");
  g_assert_cmpuint (il->n_cycles, ==, 1);
  g_assert_cmpuint (il->n_phases, ==, 0);
  g_assert_true (isnan (il->mean_phase));

  /* no frame rate or scale: frames only */
  params.fps = 0;
  params.mm_per_px = 0;
  g_clear_pointer (&m, gait_metrics_unref);
  m = gait_metrics_compute (t.tracking, t.profile, cycles, 2, &params, NULL, &error);
  g_assert_no_error (error);
  c = gait_metrics_get_cycle (m, 0);
  g_assert_cmpint (c->frames, ==, 20);
  g_assert_cmpfloat (c->duty_factor, ==, 0.6);
  g_assert_true (isnan (c->duration) && isnan (c->speed_px) && isnan (c->stride_length_mm));
  g_assert_cmpfloat_with_epsilon (c->stride_length_px, 60, 1e-9);

  /* a cycle beyond the recording */
  cycles[0].end = 61;
  g_assert_null (gait_metrics_compute (t.tracking, t.profile, cycles, 1, &params, NULL, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
}

static void
test_circular_mean (void)
{
  const double wrap[] = { 0.9, 0.1, NAN };
  const double opposite[] = { 0.25, 0.75 };
  const double none[] = { NAN };
  const gint64 td[] = { 5, 18, 30, 44 };
  double mean, r;

  g_assert_true (gait_circular_mean (wrap, 3, &mean, &r));
  g_assert_true (mean < 1e-12 || mean > 1 - 1e-12);
  g_assert_cmpfloat_with_epsilon (r, cos (0.2 * G_PI), 1e-12);
  g_assert_true (gait_circular_mean (opposite, 2, NULL, &r));
  g_assert_cmpfloat (r, <, 1e-12);
  g_assert_false (gait_circular_mean (none, 1, &mean, &r));
  g_assert_true (isnan (mean) && isnan (r));
  g_assert_true (gait_circular_mean (wrap + 1, 1, &mean, &r));
  g_assert_cmpfloat_with_epsilon (mean, 0.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (r, 1, 1e-12);

  g_assert_cmpfloat (gait_interlimb_phase (10, 30, td, 4), ==, 8 / 20.0);
  g_assert_cmpfloat (gait_interlimb_phase (18, 30, td, 4), ==, 0);
  g_assert_true (isnan (gait_interlimb_phase (19, 30, td, 4)));
  g_assert_true (isnan (gait_interlimb_phase (45, 90, td, 4)));
  g_assert_true (isnan (gait_interlimb_phase (0, 5, td, 4)));
  g_assert_true (isnan (gait_interlimb_phase (0, 50, td, 0)));
}

/* B's hoof moves as A's, ten frames later. */
static void
test_hoof_xcorr (void)
{
  const char * const names[] = { "pa", "pb", NULL };
  const char * const la[] = { "pa", NULL };
  const char * const lb[] = { "pb", NULL };
  const guint n = 800;
  g_autoptr(GaitTracking) tracking = tracking_with (n, names);
  g_autoptr(GaitProfile) profile = gait_profile_new ("xcorr");
  g_autoptr(GError) error = NULL;
  GaitDetectParams params;
  double out[41];
  int lag = 0;

  for (guint f = 0; f < n; f++)
    {
      double u = fmod (f + 100, 40.0);
      double v = fmod (f + 100 - 10.0, 40.0);

      /* 12 frames of swing per 40: smooth steps of 50 px */
      gait_tracking_get_x_mutable (tracking, 0)[f] = 50 * floor ((f + 100) / 40.0)
        + (u < 12 ? 25 * (1 - cos (G_PI * u / 12)) : 50) + 3 * sin (f * 0.37);
      gait_tracking_get_x_mutable (tracking, 1)[f] = 50 * floor ((f + 90) / 40.0)
        + (v < 12 ? 25 * (1 - cos (G_PI * v / 12)) : 50) + 3 * sin (f * 0.53);
    }
  gait_profile_add_limb (profile, "a", la);
  gait_profile_add_limb (profile, "b", lb);
  gait_detect_params_init (&params, GAIT_METHOD_SEED);

  g_assert_true (gait_hoof_xcorr (tracking, profile, 0, 1, 100, 700, 20, &params, out, &lag, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lag, ==, 10);
  g_assert_cmpfloat (out[20 + 10], >, 0.9);
  g_assert_true (gait_hoof_xcorr (tracking, profile, 1, 0, 0, n, 20, &params, out, &lag, &error));
  g_assert_cmpint (lag, ==, -10);

  g_assert_false (gait_hoof_xcorr (tracking, profile, 0, 1, 500, 501, 20, &params, out, &lag, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
}

/* Two walking bouts of 800 frames with different coordination: B a
 * quarter cycle (10 frames) behind A, then a quarter ahead; limbs "a"
 * (landmark pa) and "b" (pb), and their accepted 40-frame cycles. */
static GaitTracking *
bouts_new (GaitProfile **profile,
           GArray      **cycles)
{
  const char * const names[] = { "pa", "pb", NULL };
  const char * const la[] = { "pa", NULL };
  const char * const lb[] = { "pb", NULL };
  const guint n = 1600;
  GaitTracking *tracking = tracking_with (n, names);

  for (guint f = 0; f < n; f++)
    {
      double shift = f < n / 2 ? -10.0 : 10.0;
      double u = fmod (f + 100, 40.0);
      double v = fmod (f + 100 + shift + 40, 40.0);

      gait_tracking_get_x_mutable (tracking, 0)[f] = 50 * floor ((f + 100) / 40.0)
        + (u < 12 ? 25 * (1 - cos (G_PI * u / 12)) : 50) + 3 * sin (f * 0.37);
      gait_tracking_get_x_mutable (tracking, 1)[f] = 50 * floor ((f + 100 + shift + 40) / 40.0)
        + (v < 12 ? 25 * (1 - cos (G_PI * v / 12)) : 50) + 3 * sin (f * 0.53);
    }
  *profile = gait_profile_new ("bouts");
  gait_profile_add_limb (*profile, "a", la);
  gait_profile_add_limb (*profile, "b", lb);
  *cycles = g_array_new (FALSE, FALSE, sizeof (GaitCycle));
  for (gint64 start = 20; start + 40 < n; start += 40)
    {
      GaitCycle c;

      gait_cycle_init (&c, "a", start, start + 40);
      c.state = GAIT_CYCLE_ACCEPTED;
      g_array_append_val (*cycles, c);
      gait_cycle_init (&c, "b", start + 10, start + 50);
      c.state = GAIT_CYCLE_ACCEPTED;
      g_array_append_val (*cycles, c);
    }

  return tracking;
}

/* The cross-correlation over a chosen range: two walking bouts with
 * different coordination give their own lags, and the summary's curve is
 * gait_hoof_xcorr()'s over the same frames. */
static void
test_metrics_xcorr_range (void)
{
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GArray) cycles = NULL;
  g_autoptr(GaitTracking) tracking = bouts_new (&profile, &cycles);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  GaitMetricsParams params;
  double curve[2 * 10 + 1];
  int lag = 0;
  guint rows = 0;

  gait_metrics_params_init (&params);
  params.fps = 50;
  g_assert_cmpint (params.xcorr_start, ==, -1);
  g_assert_cmpint (params.xcorr_end, ==, -1);

  for (guint bout = 0; bout < 2; bout++)
    {
      g_autoptr(GaitMetrics) m = NULL;
      const GaitInterlimb *il;

      params.xcorr_start = bout == 0 ? 100 : 900;
      params.xcorr_end = bout == 0 ? 700 : 1500;
      m = gait_metrics_compute (tracking, profile, (GaitCycle *) (gpointer) cycles->data, cycles->len,
                                &params, NULL, &error);
      g_assert_no_error (error);
      il = gait_metrics_find_interlimb (m, "a", "b");
      g_assert_nonnull (il);
      g_assert_nonnull (il->xcorr);
      g_assert_cmpint (il->xcorr_start, ==, params.xcorr_start);
      g_assert_cmpint (il->xcorr_end, ==, params.xcorr_end);
      /* half the median cycle (40 frames) */
      g_assert_cmpuint (il->max_lag, ==, 20);
      g_assert_cmpint (il->xcorr_lag, ==, bout == 0 ? 10 : -10);
      g_assert_cmpfloat (il->xcorr_peak, >, 0.9);
      g_assert_cmpfloat (il->xcorr_peak, ==, il->xcorr[il->max_lag + il->xcorr_lag]);
      for (guint k = 0; k <= 2 * il->max_lag; k++)
        {
          g_assert_cmpfloat (il->xcorr[k], >=, -1.0 - 1e-12);
          g_assert_cmpfloat (il->xcorr[k], <=, 1.0 + 1e-12);
        }

      /* the same as the two-limb function over the same frames */
      {
        double full[2 * 20 + 1];

        g_assert_true (gait_hoof_xcorr (tracking, profile, 0, 1, params.xcorr_start, params.xcorr_end,
                                        20, &params.hoof, full, &lag, &error));
        g_assert_cmpint (lag, ==, il->xcorr_lag);
        for (guint k = 0; k <= 40; k++)
          g_assert_cmpfloat_with_epsilon (full[k], il->xcorr[k], 1e-12);
      }

      if (bout == 1)
        {
          csv = gait_metrics_xcorr_to_csv (m);
          lines = g_strsplit (csv, "\n", -1);
          g_assert_cmpstr (lines[0], ==, "limb,other,lag_frames,lag_s,r");
          g_assert_true (g_str_has_prefix (lines[1], "a,b,-20,-0.4,"));
          for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
            rows++;
          /* both ordered pairs, 41 lags each */
          g_assert_cmpuint (rows, ==, 2 * 41);
        }
    }

  /* the whole span mixes both bouts: its peak is lower than either's */
  {
    g_autoptr(GaitMetrics) m = NULL;
    const GaitInterlimb *il;

    params.xcorr_start = params.xcorr_end = -1;
    m = gait_metrics_compute (tracking, profile, (GaitCycle *) (gpointer) cycles->data, cycles->len,
                              &params, NULL, &error);
    il = gait_metrics_find_interlimb (m, "a", "b");
    g_assert_cmpint (il->xcorr_start, ==, 20);
    g_assert_cmpfloat (il->xcorr_peak, <, 0.8);
  }

  /* a range without cycles still correlates, with lags up to a quarter of it */
  {
    g_autoptr(GaitMetrics) m = NULL;
    const GaitInterlimb *il;

    params.xcorr_start = 100;
    params.xcorr_end = 140;
    m = gait_metrics_compute (tracking, profile, NULL, 0, &params, NULL, &error);
    g_assert_no_error (error);
    il = gait_metrics_find_interlimb (m, "a", "b");
    g_assert_nonnull (il->xcorr);
    g_assert_cmpuint (il->max_lag, ==, 10);
    g_assert_true (isnan (il->xcorr_phase));
    g_assert_true (gait_hoof_xcorr (tracking, profile, 0, 1, 100, 140, 10, &params.hoof, curve, &lag, &error));
    g_assert_cmpint (lag, ==, il->xcorr_lag);
  }
}

typedef struct
{
  const GaitCycle *truth;
  gsize            n;
} Truth;

static const GaitCycle *
find_truth (const Truth     *t,
            const GaitCycle *c)
{
  for (gsize i = 0; i < t->n; i++)
    if (t->truth[i].limb == c->limb &&
        ABS (t->truth[i].start - c->start) <= 1 && ABS (t->truth[i].end - c->end) <= 1)
      return &t->truth[i];

  return NULL;
}

static int
cmp_abs (gconstpointer a,
         gconstpointer b,
         gpointer      data)
{
  double x = fabs (*(const double *) a), y = fabs (*(const double *) b);

  return (x > y) - (x < y);
}

/* Generated recordings with known touch-downs and lift-offs: the stride
 * length measured from the tracking data matches the generator's, and
 * duty factor, stride length and interlimb phases from detected cycles
 * match those of the true cycles. */
static void
check_synth (gboolean treadmill)
{
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GArray) truth = NULL;
  g_autoptr(GArray) detected = NULL;
  g_autoptr(GaitMetrics) on_truth = NULL;
  g_autoptr(GaitMetrics) on_detected = NULL;
  g_autoptr(GArray) errors = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  GaitSynthParams sp;
  GaitDetectParams dp;
  GaitMetricsParams mp;
  Truth t;
  g_autoptr(GArray) duty_errors = g_array_new (FALSE, FALSE, sizeof (double));
  guint considered = 0;
  int withers;
  guint matched = 0, within = 0, n_phases = 0, phases_within = 0;
  double worst_duty = 0;

  gait_synth_params_init (&sp);
  sp.seed = treadmill ? 17 : 5;
  sp.n_frames = 15000;
  sp.treadmill = treadmill;
  tracking = gait_synth_generate (&sp, &profile, &truth);
  t.truth = (const GaitCycle *) (gpointer) truth->data;
  t.n = truth->len;
  g_assert_cmpuint (truth->len, >, 100);

  gait_metrics_params_init (&mp);
  mp.fps = sp.fps;
  mp.treadmill = treadmill;
  on_truth = gait_metrics_compute (tracking, profile, t.truth, t.n, &mp, NULL, &error);
  g_assert_no_error (error);

  withers = gait_tracking_find_landmark (tracking, "withers");
  g_assert_cmpint (withers, >=, 0);

  for (gsize i = 0; i < t.n; i++)
    {
      const GaitCycleMetrics *c = gait_metrics_get_cycle (on_truth, i);
      const double *wx = gait_tracking_get_x (tracking, withers);
      double rel = (c->stride_length_px - t.truth[i].stride_length) / t.truth[i].stride_length;

      g_assert_cmpfloat (c->duty_factor, ==, gait_cycle_duty_factor (&t.truth[i]));

      /* On a treadmill the animal must keep its place on the belt (the
       * generator lets it run away in bouts towards -x) */
      if (treadmill && fabs (wx[c->end] - wx[c->start]) > 0.25 * t.truth[i].stride_length)
        continue;
      considered++;
      if (isfinite (rel))
        g_array_append_val (errors, rel);
    }
  g_test_message ("%u of %" G_GSIZE_FORMAT " true cycles considered", considered, t.n);
  g_assert_cmpuint (considered, >=, t.n * 3 / 10);
  g_assert_cmpuint (errors->len, >=, considered * 9 / 10);
  g_qsort_with_data (errors->data, errors->len, sizeof (double), cmp_abs, NULL);
  /* median and 90th percentile of the relative stride length error */
  g_test_message ("stride length error (%s): median %.4f, 90%% %.4f", treadmill ? "treadmill" : "overground",
                  fabs (g_array_index (errors, double, errors->len / 2)),
                  fabs (g_array_index (errors, double, errors->len * 9 / 10)));
  g_assert_cmpfloat (fabs (g_array_index (errors, double, errors->len / 2)), <, treadmill ? 0.03 : 0.01);
  g_assert_cmpfloat (fabs (g_array_index (errors, double, errors->len * 9 / 10)), <, treadmill ? 0.08 : 0.03);

  if (treadmill)
    return;

  gait_detect_params_init (&dp, GAIT_METHOD_TOUCHDOWN);
  dp.fps = sp.fps;
  detected = gait_detect (tracking, profile, &dp, NULL, &error);
  g_assert_no_error (error);
  on_detected = gait_metrics_compute (tracking, profile, (const GaitCycle *) (gpointer) detected->data,
                                      detected->len, &mp, NULL, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < detected->len; i++)
    {
      const GaitCycle *d = &g_array_index (detected, GaitCycle, i);
      const GaitCycle *tr = find_truth (&t, d);
      const GaitCycleMetrics *cm = gait_metrics_get_cycle (on_detected, i);
      double duty_error;

      if (tr == NULL || cm->liftoff < 0)
        continue;
      matched++;
      duty_error = fabs (cm->duty_factor - gait_cycle_duty_factor (tr));
      worst_duty = MAX (worst_duty, duty_error);
      g_array_append_val (duty_errors, duty_error);
      within += fabs (cm->stride_length_px - tr->stride_length) <= 0.05 * tr->stride_length;

      /* the other limb's phase in this cycle, against the true cycle's */
      for (guint l = 0; l < gait_metrics_get_n_limbs (on_detected); l++)
        {
          double pd = gait_metrics_get_phase (on_detected, i, l);
          double pt = gait_metrics_get_phase (on_truth, tr - t.truth, l);
          double gap = fabs (pd - pt);

          if (!isfinite (pt))
            continue;
          n_phases++;
          phases_within += isfinite (pd) && MIN (gap, 1 - gap) <= 0.05;
        }
    }
  g_qsort_with_data (duty_errors->data, duty_errors->len, sizeof (double), cmp_abs, NULL);
  g_test_message ("%u of %u detected cycles matched (%u true); duty factor error median %.3f, worst %.3f; "
                  "%u within 5%% stride length; %u of %u phases within 0.05",
                  matched, detected->len, truth->len, g_array_index (duty_errors, double, duty_errors->len / 2),
                  worst_duty, within, phases_within, n_phases);
  g_assert_cmpuint (matched, >=, truth->len * 8 / 10);
  g_assert_cmpfloat (g_array_index (duty_errors, double, duty_errors->len / 2), <, 0.03);
  g_assert_cmpfloat (worst_duty, <, 0.15);
  g_assert_cmpuint (within, >=, matched * 95 / 100);
  g_assert_cmpuint (phases_within, >=, n_phases * 9 / 10);

  /* interlimb summary: detected cycles against the truth's */
  for (guint i = 0; i < gait_metrics_get_n_interlimb (on_truth); i++)
    {
      const GaitInterlimb *a = gait_metrics_get_interlimb (on_truth, i);
      const GaitInterlimb *b = gait_metrics_find_interlimb (on_detected, a->limb, a->other);
      double d = fabs (a->mean_phase - b->mean_phase);

      g_test_message ("%s in %s: phase %.3f (truth %.3f), vector strength %.3f (truth %.3f), "
                      "xcorr phase %.3f", a->other, a->limb, b->mean_phase, a->mean_phase,
                      b->vector_strength, a->vector_strength, b->xcorr_phase);
      g_assert_cmpfloat (MIN (d, 1 - d), <, 0.03);
      g_assert_cmpfloat (fabs (a->vector_strength - b->vector_strength), <, 0.1);
      g_assert_cmpfloat (a->n_phases, >, a->n_cycles * 0.9);
      /* the hoof speeds say the same as the touch-downs */
      d = fabs (a->xcorr_phase - a->mean_phase);
      g_assert_cmpfloat (MIN (d, 1 - d), <, 0.05);
    }
}

static void
test_metrics_synth (void)
{
  check_synth (FALSE);
}

static void
test_metrics_treadmill (void)
{
  check_synth (TRUE);
}

/* Cycle tables */

static void
test_cycles_csv (void)
{
  GaitCycle in[3];
  g_autofree GaitCycle *out = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  GaitExportOptions options = { .fps = 50 };
  gsize n = 0;
  const char *bad[] = {
    "limb,end\nfl,3\n",
    "limb,start,end\nfl,5,5\n",
    "limb,start,end\nfl,x,5\n",
    "limb,start,end,state\nfl,1,5,maybe\n",
    "limb,start,end,procrustes_distance\nfl,1,5,far\n",
    "start,end,limb\n1,2,fl\n\n2,3,\n",
    /* a quote never closed: the line where it opens */
    "limb,start,end\nfl,1,5\n\"fl,2,6\n",
    "limb,start,end\nfl,1,5\nfl,\"2\n,6\n\n",
  };
  const guint bad_line[] = { 1, 2, 2, 2, 2, 4, 3, 3 };

  in[0] = gait_test_cycle ("fl", 10, 40, 30, GAIT_CYCLE_ACCEPTED);
  in[0].procrustes = 0.0123;
  in[0].n_landmarks = 7;
  in[0].stride_length = 81.5;
  in[0].method = GAIT_METHOD_SEED;
  in[1] = gait_test_cycle ("hind, left \"H\"", 5, 25, -1, GAIT_CYCLE_REJECTED);
  in[2] = gait_test_cycle ("fl", 40, 70, 61, GAIT_CYCLE_DETECTED);
  in[2].confidence = 0.75;

  csv = gait_cycles_to_csv (in, 3, &options);
  out = gait_cycles_parse_csv (csv, -1, "t.csv", &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (out[i].limb == in[i].limb);
      g_assert_cmpint (out[i].start, ==, in[i].start);
      g_assert_cmpint (out[i].end, ==, in[i].end);
      g_assert_cmpint (out[i].liftoff, ==, in[i].liftoff);
      g_assert_cmpint (out[i].state, ==, in[i].state);
      g_assert_cmpint (out[i].method, ==, in[i].method);
      g_assert_cmpuint (out[i].n_landmarks, ==, in[i].n_landmarks);
    }
  g_assert_cmpfloat_with_epsilon (out[0].procrustes, 0.0123, 1e-9);
  g_assert_cmpfloat_with_epsilon (out[0].stride_length, 81.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (out[2].confidence, 0.75, 1e-9);
  g_assert_true (isnan (out[1].procrustes));
  g_clear_pointer (&out, g_free);

  /* CRLF, a BOM, other column orders, only the required columns */
  out = gait_cycles_parse_csv ("\xef\xbb\xbf" "end,start,limb\r\n20,10,hl\r\n", -1, NULL, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (out[0].limb, ==, "hl");
  g_assert_cmpint (out[0].start, ==, 10);
  g_assert_cmpint (out[0].liftoff, ==, -1);
  g_assert_cmpint (out[0].state, ==, GAIT_CYCLE_DETECTED);
  g_clear_pointer (&out, g_free);

  out = gait_cycles_parse_csv ("limb,start,end\n", -1, NULL, &n, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_cmpuint (n, ==, 0);
  g_clear_pointer (&out, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *where = g_strdup_printf ("b.csv:%u:", bad_line[i]);

      g_assert_null (gait_cycles_parse_csv (bad[i], -1, "b.csv", &n, &error));
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
      if (!g_str_has_prefix (error->message, where))
        g_error ("case %u: “%s” does not start with %s", i, error->message, where);
      g_clear_error (&error);
    }

  g_assert_null (gait_cycles_parse_csv ("\"limb,start,end\n", -1, "q.csv", &n, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "q.csv:1: unterminated quoted field");
  g_clear_error (&error);

  /* a closed quote may hold line breaks: lines are still counted */
  out = gait_cycles_parse_csv ("limb,start,end\n\"f\nl\",1,5\nfl,x,9\n", -1, "m.csv", &n, &error);
  g_assert_null (out);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "m.csv:4:"));
  g_clear_error (&error);

  g_assert_null (gait_cycles_parse_csv ("", 0, "e.csv", &n, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_null (gait_cycles_load_csv ("/nonexistent/cycles.csv", &n, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* gaitline-cli vqt, metrics and spectrum, end to end */

static char *tmpdir;

static char *
tmp (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* A recording (piglet, 50 fps) and its true cycles as CSV and EAF. */
static void
write_recording (guint  n_frames,
                 char **tracking_path,
                 char **csv_path,
                 char **eaf_path,
                 gsize *n_cycles)
{
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GArray) truth = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *eaf = NULL;
  GaitExportOptions options = { .fps = 50 };
  GaitSynthParams sp;

  gait_synth_params_init (&sp);
  sp.n_frames = n_frames;
  tracking = gait_synth_generate (&sp, NULL, &truth);

  *tracking_path = tmp ("runDLC_resnet50.csv");
  *csv_path = tmp ("run.cycles.csv");
  *eaf_path = tmp ("run.cycles.eaf");
  *n_cycles = truth->len;

  g_assert_true (gait_tracking_save_csv (tracking, *tracking_path, &error));
  g_assert_no_error (error);
  csv = gait_cycles_to_csv ((GaitCycle *) (gpointer) truth->data, truth->len, &options);
  g_assert_true (g_file_set_contents (*csv_path, csv, -1, NULL));
  eaf = gait_cycles_to_eaf ((GaitCycle *) (gpointer) truth->data, truth->len, &options, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (*eaf_path, eaf, -1, NULL));
}

static void
test_cli_vqt (void)
{
  g_autofree char *tracking = NULL;
  g_autofree char *cycles = NULL;
  g_autofree char *eaf = NULL;
  g_autofree char *out = tmp ("vqt.csv");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 }, r5 = { 0 }, r6 = { 0 }, r7 = { 0 }, r8 = { 0 };
  gsize n_cycles;

  write_recording (1000, &tracking, &cycles, &eaf, &n_cycles);

  gait_test_cli (&r1, "vqt", tracking, "--landmark", "fhoof", "--fps", "50", "-o", out, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 55 + 1);
  g_assert_true (g_str_has_prefix (lines[0], "frequency_hz,0.070000,"));
  g_assert_cmpuint (count_char (lines[0], ','), ==, 125);      /* 1000 / 8 */
  g_assert_cmpuint (count_char (lines[55], ','), ==, 125);
  g_assert_true (g_str_has_prefix (lines[1], "1,"));
  g_assert_true (g_str_has_prefix (lines[55], "22.72727"));    /* below Nyquist */

  gait_test_cli (&r2, "vqt", tracking, "--landmark", "fhoof", "--fps", "50", "--layout", "long", NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_true (g_str_has_prefix (r2.out, "frame,time,frequency_hz,x,y,xy\n3.5,0.070000,1,"));
  g_assert_cmpuint (count_char (r2.out, '\n'), ==, 1 + 125 * 55);

  gait_test_cli (&r3, "vqt", tracking, "--fps", "50", NULL);
  g_assert_cmpint (r3.status, ==, 2);
  g_assert_nonnull (strstr (r3.err, "--landmark"));

  gait_test_cli (&r4, "vqt", tracking, "--landmark", "tail", "--fps", "50", NULL);
  g_assert_cmpint (r4.status, ==, 1);
  g_assert_nonnull (strstr (r4.err, "tail"));
  g_assert_nonnull (strstr (r4.err, "fhoof"));

  gait_test_cli (&r5, "vqt", tracking, "--landmark", "fhoof", NULL);   /* no frame rate */
  g_assert_cmpint (r5.status, ==, 2);

  gait_test_cli (&r6, "vqt", "/nonexistent/x.csv", "--landmark", "fhoof", "--fps", "50", NULL);
  g_assert_cmpint (r6.status, ==, 1);

  gait_test_cli (&r7, "vqt", tracking, "--landmark", "fhoof", "--fps", "50", "--layout", "tall", NULL);
  g_assert_cmpint (r7.status, ==, 2);

  gait_test_cli (&r8, "vqt", tracking, "--landmark", "fhoof", "--fps", "50", "--padding", "valid", "--component", "y", NULL);
  g_assert_cmpint (r8.status, ==, 0);
  g_assert_cmpuint (count_char (r8.out, '\n'), ==, 56);
  g_assert_true (g_str_has_prefix (r8.out, "frequency_hz,1.570000,"));   /* frames 75 … 82: (75 + 82) / 2 / 50 */
}

static void
test_cli_metrics (void)
{
  g_autofree char *tracking = NULL;
  g_autofree char *cycles = NULL;
  g_autofree char *eaf = NULL;
  g_autofree char *out = tmp ("metrics.csv");
  g_autofree char *summary = tmp ("summary.csv");
  g_autofree char *bad = tmp ("bad.cycles.csv");
  g_autofree char *text = NULL;
  g_autofree char *stext = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) slines = NULL;
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 }, r5 = { 0 }, r6 = { 0 }, r7 = { 0 }, r8 = { 0 };
  gsize n_cycles;

  write_recording (3000, &tracking, &cycles, &eaf, &n_cycles);

  gait_test_cli (&r1, "metrics", tracking, "--cycles", cycles, "--fps", "50", "--mm-per-px", "0.25",
                 "-o", out, "--summary", summary, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_nonnull (strstr (r1.err, "hl touch-down in fl cycles: phase"));
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n_cycles + 2);
  g_assert_cmpstr (lines[0], ==,
                   "limb,start,end,liftoff,state,used,frames,start_time,duration,stance,swing,"
                   "stride_frequency,duty_factor,stride_length_px,stride_length_mm,speed_px_s,"
                   "speed_mm_s,procrustes_distance,n_landmarks,phase_fl,phase_hl");
  for (gsize i = 1; i <= n_cycles; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 21);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cells[14], NULL),
                                      0.25 * g_ascii_strtod (cells[13], NULL), 1e-3);
      g_assert_cmpstr (cells[5], ==, "1");
    }
  g_assert_true (g_file_get_contents (summary, &stext, NULL, NULL));
  slines = g_strsplit (stext, "\n", -1);
  g_assert_cmpuint (g_strv_length (slines), ==, 4);
  g_assert_cmpstr (slines[0], ==, "limb,other,n_cycles,n_phases,phase_mean,vector_strength,"
                                  "xcorr_lag_frames,xcorr_peak,xcorr_phase,xcorr_start,xcorr_end");
  g_assert_true (g_str_has_prefix (slines[1], "fl,hl,"));
  g_assert_true (g_str_has_prefix (slines[2], "hl,fl,"));

  /* the same cycles from ELAN give the same table */
  gait_test_cli (&r2, "metrics", tracking, "--cycles", eaf, "--fps", "50", "--mm-per-px", "0.25", "-q", NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_cmpstr (r2.err, ==, "");
  {
    g_auto(GStrv) eaf_lines = g_strsplit (r2.out, "\n", -1);

    g_assert_cmpuint (g_strv_length (eaf_lines), ==, n_cycles + 2);
    for (gsize i = 0; i <= n_cycles; i++)
      g_assert_cmpstr (eaf_lines[i], ==, lines[i]);
  }

  /* ELAN needs the frame rate */
  gait_test_cli (&r3, "metrics", tracking, "--cycles", eaf, NULL);
  g_assert_cmpint (r3.status, ==, 2);

  /* without one, CSV cycles still give frames */
  gait_test_cli (&r4, "metrics", tracking, "--cycles", cycles, NULL);
  g_assert_cmpint (r4.status, ==, 0);
  g_assert_nonnull (strstr (r4.err, "frames only"));
  g_assert_nonnull (strstr (r4.out, ",detected,1,"));

  gait_test_cli (&r5, "metrics", tracking, NULL);
  g_assert_cmpint (r5.status, ==, 2);
  g_assert_nonnull (strstr (r5.err, "--cycles"));

  g_assert_true (g_file_set_contents (bad, "limb,start,end\nfl,9,3\n", -1, NULL));
  gait_test_cli (&r6, "metrics", tracking, "--cycles", bad, "--fps", "50", NULL);
  g_assert_cmpint (r6.status, ==, 1);
  g_assert_nonnull (strstr (r6.err, ":2:"));

  g_assert_true (g_file_set_contents (bad, "limb,start,end\nfl,9,30000\n", -1, NULL));
  gait_test_cli (&r7, "metrics", tracking, "--cycles", bad, "--fps", "50", NULL);
  g_assert_cmpint (r7.status, ==, 1);

  gait_test_cli (&r8, "metrics", "/nonexistent.csv", "--cycles", cycles, NULL);
  g_assert_cmpint (r8.status, ==, 1);
}

/* Metrics over a chosen range: the two bouts' lags, seconds as frames, and
 * the --xcorr curve peaking where the summary says. */
static void
test_cli_metrics_range (void)
{
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GArray) cycles = NULL;
  g_autoptr(GaitTracking) bouts = bouts_new (&profile, &cycles);
  g_autoptr(GError) error = NULL;
  g_autofree char *tracking = tmp ("bouts.csv");
  g_autofree char *cycles_path = tmp ("bouts.cycles.csv");
  g_autofree char *out = tmp ("bouts-metrics.csv");
  g_autofree char *summary = tmp ("bouts-summary.csv");
  g_autofree char *xcorr = tmp ("bouts-xcorr.csv");
  g_autofree char *csv = NULL;
  g_autofree char *first_bout = NULL;
  GaitExportOptions options = { .fps = 50 };
  struct {
    const char *range;
    const char *lag;
    const char *start;
    const char *end;
  } cases[] = {
    { "100:700", "10", "100", "700" },
    { "2s:14s", "10", "100", "700" },
    { "900:1500", "-10", "900", "1500" },
    { "18s:", "-10", "900", "1600" },
  };
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 };

  g_assert_true (gait_tracking_save_csv (bouts, tracking, &error));
  g_assert_no_error (error);
  csv = gait_cycles_to_csv ((GaitCycle *) (gpointer) cycles->data, cycles->len, &options);
  g_assert_true (g_file_set_contents (cycles_path, csv, -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GaitTestCliRun) r = { 0 };
      g_autofree char *stext = NULL;
      g_autofree char *xtext = NULL;
      g_autofree char *over = g_strdup_printf ("over frames %s–%s", cases[i].start, cases[i].end);
      g_auto(GStrv) slines = NULL;
      g_auto(GStrv) cells = NULL;
      g_auto(GStrv) xlines = NULL;
      const char *best = NULL;
      double best_r = -2;
      guint rows = 0;

      gait_test_cli (&r, "metrics", tracking, "--cycles", cycles_path, "--fps", "50", "--limb", "a=pa", "--limb", "b=pb",
                     "--range", cases[i].range, "-o", out, "--summary", summary, "--xcorr", xcorr, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.err, over));

      g_assert_true (g_file_get_contents (summary, &stext, NULL, NULL));
      slines = g_strsplit (stext, "\n", -1);
      g_assert_cmpuint (g_strv_length (slines), ==, 4);
      g_assert_true (g_str_has_prefix (slines[1], "a,b,"));
      cells = g_strsplit (slines[1], ",", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 11);
      g_assert_cmpstr (cells[6], ==, cases[i].lag);
      g_assert_cmpfloat (g_ascii_strtod (cells[7], NULL), >, 0.9);
      g_assert_cmpstr (cells[9], ==, cases[i].start);
      g_assert_cmpstr (cells[10], ==, cases[i].end);

      /* the frames and the seconds form give the same summary */
      if (i == 0)
        first_bout = g_strdup (stext);
      else if (i == 1)
        g_assert_cmpstr (stext, ==, first_bout);

      /* the curve of a → b: 41 lags, highest where the summary's peak is */
      g_assert_true (g_file_get_contents (xcorr, &xtext, NULL, NULL));
      xlines = g_strsplit (xtext, "\n", -1);
      g_assert_cmpstr (xlines[0], ==, "limb,other,lag_frames,lag_s,r");
      for (guint k = 1; xlines[k] != NULL && xlines[k][0] != '\0'; k++)
        {
          g_auto(GStrv) x = g_strsplit (xlines[k], ",", -1);

          g_assert_cmpuint (g_strv_length (x), ==, 5);
          if (!g_str_equal (x[0], "a"))
            continue;
          rows++;
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (x[3], NULL),
                                          g_ascii_strtod (x[2], NULL) / 50, 1e-9);
          if (g_ascii_strtod (x[4], NULL) > best_r)
            {
              best_r = g_ascii_strtod (x[4], NULL);
              best = xlines[k];
            }
        }
      g_assert_cmpuint (rows, ==, 41);
      {
        g_auto(GStrv) x = g_strsplit (best, ",", -1);

        g_assert_cmpstr (x[1], ==, "b");
        g_assert_cmpstr (x[2], ==, cells[6]);
        g_assert_cmpstr (x[4], ==, cells[7]);
      }
    }

  /* without --range: the span of the cycles, both bouts mixed */
  gait_test_cli (&r1, "metrics", tracking, "--cycles", cycles_path, "--fps", "50", "--limb", "a=pa", "--limb", "b=pb",
                 "-o", out, "--summary", "-", NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_nonnull (strstr (r1.err, "over frames 20–"));

  /* a range beyond the recording, or not a range */
  gait_test_cli (&r2, "metrics", tracking, "--cycles", cycles_path, "--fps", "50", "--limb", "a=pa", "--limb", "b=pb",
                 "--range", "1000:2000", "-o", out, NULL);
  g_assert_cmpint (r2.status, ==, 1);
  g_assert_nonnull (strstr (r2.err, tracking));
  g_assert_nonnull (strstr (r2.err, "--range “1000:2000”"));
  gait_test_cli (&r3, "metrics", tracking, "--cycles", cycles_path, "--limb", "a=pa", "--limb", "b=pb",
                 "--range", "2s:14s", "-o", out, NULL);
  g_assert_cmpint (r3.status, ==, 2);
  g_assert_nonnull (strstr (r3.err, "frame rate"));
}

/* gaitline-cli spectrum's row for these statistics: %.10g, empty cells
 * for unknown peaks */
static char *
spectrum_row (const char              *spec,
              gint64                   start,
              gint64                   end,
              const GaitSpectralStats *s)
{
  const double values[] = {
    s->dominant, s->mean, s->sd, s->median, s->mode, s->q25, s->q75, s->iqr,
    s->skewness, s->kurtosis, s->peaks[0], s->peaks[1], s->peaks[2], s->resolution,
  };
  GString *out = g_string_new (spec);

  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, start, end);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_c (out, ',');
      if (isfinite (values[i]))
        g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", values[i]));
    }

  return g_string_free (out, FALSE);
}

/* The statistics straight from the core, as the command is documented to
 * compute them: the seed method's speeds at 50 fps, the spectral defaults. */
static void
spectrum_expected (const char        *path,
                   const char        *spec,
                   gint64             start,
                   gint64             end,
                   GaitSpectralStats *stats)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitTracking) tracking = gait_tracking_new_from_file (path, NULL, &error);
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GaitTrace) trace = NULL;
  GaitDetectParams d;
  GaitSpectralParams p;
  const double *values;
  gsize n;

  g_assert_no_error (error);
  profile = gait_profile_guess (tracking);
  gait_detect_params_init (&d, GAIT_METHOD_SEED);
  d.fps = 50;
  trace = gait_trace_new_for_signal (tracking, profile, spec, &d, &error);
  g_assert_no_error (error);
  values = gait_trace_get_values (trace, &n);
  gait_spectral_params_init (&p, 50);
  g_assert_true (gait_spectral_stats_range (values, n, start, end, &p, stats, &error));
  g_assert_no_error (error);
}

static void
assert_same_stats (const GaitSpectralStats *a,
                   const GaitSpectralStats *b)
{
  const double *fa = &a->dominant, *fb = &b->dominant;

  /* dominant … kurtosis */
  for (guint i = 0; i < 10; i++)
    g_assert_cmpfloat (fa[i], ==, fb[i]);
  g_assert_cmpuint (a->n_peaks, ==, b->n_peaks);
  for (guint i = 0; i < a->n_peaks; i++)
    g_assert_cmpfloat (a->peaks[i], ==, b->peaks[i]);
  g_assert_cmpfloat (a->resolution, ==, b->resolution);
  g_assert_cmpuint (a->n_bins, ==, b->n_bins);
}

/* spectrum: each signal's row is the core's statistics of
 * gait_trace_new_for_signal() over the range, to the printed digit. */
static void
test_cli_spectrum (void)
{
  const char * const specs[] = { "hoof:fl", "fhoof", "snout:y", "fhoof:x" };
  g_autofree char *tracking = NULL;
  g_autofree char *cycles = NULL;
  g_autofree char *eaf = NULL;
  g_autofree char *out = tmp ("spectrum.csv");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 }, r5 = { 0 };
  GaitSpectralStats s;
  gsize n_cycles;

  write_recording (3000, &tracking, &cycles, &eaf, &n_cycles);

  gait_test_cli (&r1, "spectrum", tracking, "--fps", "50", "--signal", specs[0], "--signal", specs[1],
                 "-s", specs[2], "-s", specs[3], "-o", out, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_cmpstr (r1.out, ==, "");
  g_assert_cmpstr (r1.err, ==, "");
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + G_N_ELEMENTS (specs) + 1);
  g_assert_cmpstr (lines[0], ==, "signal,start,end,dominant_hz,mean_hz,sd_hz,median_hz,mode_hz,"
                                 "q25_hz,q75_hz,iqr_hz,skewness,kurtosis,peak1_hz,peak2_hz,peak3_hz,"
                                 "resolution_hz");
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autofree char *row = NULL;

      spectrum_expected (tracking, specs[i], -1, -1, &s);
      row = spectrum_row (specs[i], 0, 3000, &s);
      g_assert_cmpstr (lines[1 + i], ==, row);
    }
  g_assert_cmpstr (lines[5], ==, "");

  /* The window's Traces page took a landmark's speed with the default
   * parameters, held over gaps, over the whole recording: the same
   * statistics, since a speed has no gaps. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GaitTracking) t = gait_tracking_new_from_file (tracking, NULL, &error);
    g_autoptr(GaitTrace) speed = gait_trace_new_for_landmark (t, gait_tracking_find_landmark (t, "fhoof"),
                                                              GAIT_LANDMARK_SPEED, NULL, &error);
    GaitSpectralStats window;
    GaitSpectralParams p;
    const double *v;
    gsize n;

    g_assert_no_error (error);
    v = gait_trace_get_values (speed, &n);
    for (gsize i = 0; i < n; i++)
      g_assert_true (isfinite (v[i]));
    gait_spectral_params_init (&p, 50);
    g_assert_true (gait_spectral_stats (v, n, &p, &window, &error));
    spectrum_expected (tracking, "fhoof", -1, -1, &s);
    assert_same_stats (&window, &s);
  }

  /* a range, in frames or in seconds */
  gait_test_cli (&r2, "spectrum", tracking, "--fps", "50", "--signal", "hoof:fl", "--range", "1200:2400", NULL);
  gait_test_cli (&r3, "spectrum", tracking, "--fps", "50", "--signal", "hoof:fl", "--range", "24s:48s", NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_cmpint (r3.status, ==, 0);
  g_assert_cmpstr (r2.out, ==, r3.out);
  {
    g_auto(GStrv) range_lines = g_strsplit (r2.out, "\n", -1);
    g_autofree char *row = NULL;

    spectrum_expected (tracking, "hoof:fl", 1200, 2400, &s);
    row = spectrum_row ("hoof:fl", 1200, 2400, &s);
    g_assert_cmpstr (range_lines[1], ==, row);
  }

  /* open ends: the recording's */
  gait_test_cli (&r4, "spectrum", tracking, "--fps", "50", "--signal", "hoof:fl", "--range", ":1000", NULL);
  g_assert_cmpint (r4.status, ==, 0);
  g_assert_nonnull (strstr (r4.out, "\nhoof:fl,0,1000,"));
  gait_test_cli (&r5, "spectrum", tracking, "--fps", "50", "--signal", "hoof:fl", "--range", "40s:", NULL);
  g_assert_cmpint (r5.status, ==, 0);
  g_assert_nonnull (strstr (r5.out, "\nhoof:fl,2000,3000,"));
}

static GStrv
spectrum_cells (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  return g_strsplit (lines[1], ",", -1);
}

/* A signal whose rhythm changes halfway: each half's range gives its own
 * dominant frequency, frames and seconds alike; no profile is needed
 * without hoof:LIMB. */
static void
test_cli_spectrum_rhythms (void)
{
  const char * const names[] = { "paw", "nose", NULL };
  const guint n = 4000, half = 2000;
  g_autoptr(GaitTracking) t = tracking_with (n, names);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp ("rhythms.csv");
  const char * const ranges[][2] = { { "0:2000", "0s:40s" }, { "2000:", "40s:80s" } };
  const double rhythms[] = { 1.3, 2.1 };
  g_auto(GaitTestCliRun) whole = { 0 }, hoof = { 0 };

  for (guint f = 0; f < n; f++)
    {
      double u = f / 50.0;

      gait_tracking_get_x_mutable (t, 0)[f] = 300 + 2 * sin (f * 0.7);
      gait_tracking_get_y_mutable (t, 0)[f] = 100 + 20 * sin (2 * G_PI * (f < half ? 1.3 : 2.1) * u)
                                              + 3 * sin (f * 1.9);
      gait_tracking_get_x_mutable (t, 1)[f] = 500;
      gait_tracking_get_y_mutable (t, 1)[f] = 80;
    }
  g_assert_true (gait_tracking_save_csv (t, path, &error));
  g_assert_no_error (error);

  for (guint h = 0; h < 2; h++)
    {
      g_auto(GaitTestCliRun) frames = { 0 }, seconds = { 0 };
      g_auto(GStrv) cells = NULL;
      double resolution;

      gait_test_cli (&frames, "spectrum", path, "--fps", "50", "-s", "paw:y", "--range", ranges[h][0], NULL);
      gait_test_cli (&seconds, "spectrum", path, "--fps", "50", "-s", "paw:y", "--range", ranges[h][1], NULL);
      g_assert_cmpint (frames.status, ==, 0);
      g_assert_cmpint (seconds.status, ==, 0);
      g_assert_cmpstr (frames.out, ==, seconds.out);
      cells = spectrum_cells (frames.out);
      g_assert_cmpuint (g_strv_length (cells), ==, 17);
      g_assert_cmpint (g_ascii_strtoll (cells[1], NULL, 10), ==, h * half);
      g_assert_cmpint (g_ascii_strtoll (cells[2], NULL, 10), ==, (h + 1) * half);
      resolution = g_ascii_strtod (cells[16], NULL);
      g_assert_cmpfloat (resolution, ==, 50.0 / half);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cells[3], NULL), rhythms[h], resolution / 2);
    }

  /* the whole recording has both */
  gait_test_cli (&whole, "spectrum", path, "--fps", "50", "-s", "paw:y", NULL);
  g_assert_cmpint (whole.status, ==, 0);
  {
    g_auto(GStrv) cells = spectrum_cells (whole.out);
    double p1 = g_ascii_strtod (cells[13], NULL), p2 = g_ascii_strtod (cells[14], NULL);

    g_assert_cmpstr (cells[2], ==, "4000");
    g_assert_cmpfloat_with_epsilon (MIN (p1, p2), 1.3, 0.02);
    g_assert_cmpfloat_with_epsilon (MAX (p1, p2), 2.1, 0.02);
  }

  /* a hoof speed does need a profile */
  gait_test_cli (&hoof, "spectrum", path, "--fps", "50", "-s", "paw:y", "-s", "hoof:fore", NULL);
  g_assert_cmpint (hoof.status, ==, 1);
  g_assert_cmpstr (hoof.out, ==, "");
  g_assert_nonnull (strstr (hoof.err, "hoof:fore"));
  g_assert_nonnull (strstr (hoof.err, "profile"));
}

/* The statistics of tests/data/spectral-stats.ini's signals with the
 * default parameters, through the command, against SciPy's. */
static void
test_cli_spectrum_scipy (void)
{
  g_autoptr(GKeyFile) kf = gait_test_load_fixture ("spectral-stats.ini");
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);
  g_autofree char *path = tmp ("fixture.csv");
  guint n_cases = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      const char * const names[] = { "sig", NULL };
      const char *group = groups[g];
      g_autoptr(GArray) x = gait_test_get_doubles (kf, group, "x");
      g_autoptr(GArray) peaks = gait_test_get_doubles (kf, group, "expected_peaks");
      g_autoptr(GaitTracking) t = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) cells = NULL;
      g_auto(GaitTestCliRun) r = { 0 };
      const char * const columns[] = {
        "expected_dominant", "expected_mean", "expected_sd", "expected_median", "expected_mode",
        "expected_q25", "expected_q75", "expected_iqr", "expected_skewness", "expected_kurtosis",
      };
      GaitSpectralParams p;

      /* the groups with the command's parameters */
      gait_spectral_params_init (&p, 50);
      if (gait_test_get_double (kf, group, "fps") != p.fps || gait_test_get_double (kf, group, "highpass") != p.highpass_hz ||
          gait_test_get_double (kf, group, "f_low") != p.f_low || gait_test_get_double (kf, group, "f_high") != p.f_high ||
          gait_test_get_boolean (kf, group, "power") != p.power || gait_test_get_boolean (kf, group, "hann") != p.hann ||
          gait_test_get_double (kf, group, "smooth_hz") != p.smooth_hz ||
          gait_test_get_double (kf, group, "peak_distance_hz") != p.peak_distance_hz)
        continue;

      t = tracking_with (x->len, names);
      memcpy (gait_tracking_get_x_mutable (t, 0), x->data, x->len * sizeof (double));
      g_assert_true (gait_tracking_save_csv (t, path, &error));
      g_assert_no_error (error);

      gait_test_cli (&r, "spectrum", path, "--fps", "50", "--signal", "sig:x", NULL);
      g_assert_cmpint (r.status, ==, 0);
      cells = spectrum_cells (r.out);
      g_assert_cmpuint (g_strv_length (cells), ==, 17);
      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        assert_rel (columns[i], g_ascii_strtod (cells[3 + i], NULL), gait_test_get_double (kf, group, columns[i]), 1e-9);
      for (guint i = 0; i < 3; i++)
        {
          if (i < peaks->len)
            assert_rel ("peak", g_ascii_strtod (cells[13 + i], NULL), g_array_index (peaks, double, i), 1e-9);
          else
            g_assert_cmpstr (cells[13 + i], ==, "");
        }
      assert_rel ("resolution", g_ascii_strtod (cells[16], NULL), gait_test_get_double (kf, group, "expected_resolution"), 1e-9);
      n_cases++;
    }

  g_assert_cmpuint (n_cases, ==, 2);
}

/* Errors name the option or the file, exit non-zero and write nothing. */
static void
test_cli_spectrum_errors (void)
{
  g_autofree char *tracking = NULL;
  g_autofree char *cycles = NULL;
  g_autofree char *eaf = NULL;
  g_autofree char *out = tmp ("spectrum-error.csv");
  g_auto(GaitTestCliRun) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 }, r5 = { 0 }, r6 = { 0 }, r7 = { 0 }, r8 = { 0 }, r9 = { 0 };
  gsize n_cycles;

  write_recording (1000, &tracking, &cycles, &eaf, &n_cycles);
  g_unlink (out);

  /* an unknown signal, even after a good one */
  gait_test_cli (&r1, "spectrum", tracking, "--fps", "50", "-s", "fhoof", "-s", "tail:z", "-o", out, NULL);
  g_assert_cmpint (r1.status, ==, 1);
  g_assert_nonnull (strstr (r1.err, "“tail:z”"));
  g_assert_nonnull (strstr (r1.err, tracking));

  /* not a range */
  gait_test_cli (&r2, "spectrum", tracking, "--fps", "50", "-s", "fhoof", "--range", "12:ab", "-o", out, NULL);
  g_assert_cmpint (r2.status, ==, 2);
  g_assert_nonnull (strstr (r2.err, "--range: “12:ab”"));
  gait_test_cli (&r3, "spectrum", tracking, "--fps", "50", "-s", "fhoof", "--range", "10s:400", "-o", out, NULL);
  g_assert_cmpint (r3.status, ==, 2);
  g_assert_nonnull (strstr (r3.err, "mixes frames and seconds"));
  gait_test_cli (&r4, "spectrum", tracking, "--fps", "50", "-s", "fhoof", "--range", "500:400", "-o", out, NULL);
  g_assert_cmpint (r4.status, ==, 2);
  g_assert_nonnull (strstr (r4.err, "--range: “500:400”"));

  /* no frame rate */
  gait_test_cli (&r5, "spectrum", tracking, "-s", "fhoof", "--range", "1s:2s", "-o", out, NULL);
  g_assert_cmpint (r5.status, ==, 2);
  g_assert_nonnull (strstr (r5.err, "--fps"));

  /* outside the recording's 1000 frames */
  gait_test_cli (&r6, "spectrum", tracking, "--fps", "50", "-s", "fhoof", "--range", "900:1200", "-o", out, NULL);
  g_assert_cmpint (r6.status, ==, 1);
  g_assert_nonnull (strstr (r6.err, tracking));
  g_assert_nonnull (strstr (r6.err, "--range “900:1200”"));
  gait_test_cli (&r7, "spectrum", tracking, "--fps", "50", "-s", "fhoof", "--range", "20s:", "-o", out, NULL);
  g_assert_cmpint (r7.status, ==, 1);
  g_assert_nonnull (strstr (r7.err, "--range “20s:”"));

  /* no signal; no file */
  gait_test_cli (&r8, "spectrum", tracking, "--fps", "50", "-o", out, NULL);
  g_assert_cmpint (r8.status, ==, 2);
  g_assert_nonnull (strstr (r8.err, "--signal"));
  gait_test_cli (&r9, "spectrum", "/nonexistent/runDLC_x.csv", "--fps", "50", "-s", "fhoof", "-o", out, NULL);
  g_assert_cmpint (r9.status, ==, 1);
  g_assert_nonnull (strstr (r9.err, "/nonexistent/runDLC_x.csv"));

  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = gait_test_make_tmpdir ("test-spectral-XXXXXX");

  g_test_add_func ("/vqt/defaults", test_vqt_defaults);
  g_test_add_func ("/vqt/bins", test_vqt_bins);
  g_test_add_func ("/vqt/bank-fixture", test_vqt_bank_fixture);
  g_test_add_func ("/vqt/fixture/default", test_vqt_fixture_default);
  g_test_add_func ("/vqt/fixture/custom", test_vqt_fixture_custom);
  g_test_add_func ("/vqt/direct", test_vqt_direct);
  g_test_add_func ("/vqt/sinusoids", test_vqt_sinusoids);
  g_test_add_func ("/vqt/nyquist", test_vqt_nyquist);
  g_test_add_func ("/vqt/errors", test_vqt_errors);
  g_test_add_func ("/vqt/landmark", test_vqt_landmark);
  g_test_add_func ("/vqt/reference", test_vqt_reference);
  g_test_add_func ("/vqt/threads", test_vqt_threads);
  g_test_add_func ("/vqt/csv", test_spectrogram_csv);
  g_test_add_func ("/spectral/highpass/fixture", test_highpass_fixture);
  g_test_add_func ("/spectral/highpass/errors", test_highpass_errors);
  g_test_add_func ("/spectral/find-peaks", test_find_peaks_fixture);
  g_test_add_func ("/spectral/stats/fixture", test_stats_fixture);
  g_test_add_func ("/spectral/stats/dominant", test_stats_dominant);
  g_test_add_func ("/spectral/stats/range", test_stats_range);
  g_test_add_func ("/spectral/xcorr/fixture", test_xcorr_fixture);
  g_test_add_func ("/spectral/xcorr/shift", test_xcorr_shift);
  g_test_add_func ("/metrics/table", test_metrics_table);
  g_test_add_func ("/metrics/circular", test_circular_mean);
  g_test_add_func ("/metrics/hoof-xcorr", test_hoof_xcorr);
  g_test_add_func ("/metrics/xcorr-range", test_metrics_xcorr_range);
  g_test_add_func ("/metrics/synth", test_metrics_synth);
  g_test_add_func ("/metrics/treadmill", test_metrics_treadmill);
  g_test_add_func ("/metrics/cycles-csv", test_cycles_csv);
  g_test_add_func ("/cli/vqt", test_cli_vqt);
  g_test_add_func ("/cli/metrics", test_cli_metrics);
  g_test_add_func ("/cli/metrics/range", test_cli_metrics_range);
  g_test_add_func ("/cli/spectrum", test_cli_spectrum);
  g_test_add_func ("/cli/spectrum/rhythms", test_cli_spectrum_rhythms);
  g_test_add_func ("/cli/spectrum/scipy", test_cli_spectrum_scipy);
  g_test_add_func ("/cli/spectrum/errors", test_cli_spectrum_errors);

  status = g_test_run ();

  gait_test_remove_tree (tmpdir);
  g_free (tmpdir);

  return status;
}
