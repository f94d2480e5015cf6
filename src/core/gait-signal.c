/* gait-signal.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "gait-error.h"
#include "gait-fftw-private.h"
#include "gait-signal.h"
#include "gait-signal-private.h"

/* Savitzky-Golay filter
 *
 * scipy.signal.savgol_filter (mode='interp') computes the interior with
 * convolve1d() and the savgol_coeffs() for the middle of the window, and the
 * window_length // 2 samples at each end from np.polyfit() of the first and
 * last window_length samples (np.polyval() of the deriv-th derivative,
 * divided by delta ** deriv). All of these are least-squares fits of the
 * same design matrix, so we factor it once: the powers of
 * u = (t - centre) / scale for t = 0 … window_length - 1, which keeps the
 * Vandermonde columns well conditioned, orthogonalised by modified
 * Gram-Schmidt with one reorthogonalisation pass (V = Q R).
 */
typedef struct
{
  guint   m;       /* window length */
  guint   p1;      /* polyorder + 1 */
  double  centre;
  double  scale;
  double *q;       /* p1 columns of m values */
  double *r;       /* p1 x p1, upper triangular, row-major */
} SavgolFit;

static void
savgol_fit_init (SavgolFit *fit,
                 guint      window_length,
                 guint      polyorder)
{
  guint m = window_length;
  guint p1 = polyorder + 1;

  g_assert (p1 <= m);

  fit->m = m;
  fit->p1 = p1;
  fit->centre = (m - 1) / 2.0;
  fit->scale = MAX (fit->centre, 1.0);
  fit->q = g_new0 (double, (gsize) m * p1);
  fit->r = g_new0 (double, (gsize) p1 * p1);

  for (guint k = 0; k < p1; k++)
    {
      double *v = fit->q + (gsize) k * m;
      double norm = 0;

      for (guint j = 0; j < m; j++)
        v[j] = pow ((j - fit->centre) / fit->scale, k);

      for (guint pass = 0; pass < 2; pass++)
        {
          for (guint i = 0; i < k; i++)
            {
              const double *qi = fit->q + (gsize) i * m;
              double d = 0;

              for (guint j = 0; j < m; j++)
                d += qi[j] * v[j];
              for (guint j = 0; j < m; j++)
                v[j] -= d * qi[j];
              fit->r[i * p1 + k] += d;
            }
        }

      for (guint j = 0; j < m; j++)
        norm += v[j] * v[j];
      norm = sqrt (norm);
      g_assert (norm > 0);
      for (guint j = 0; j < m; j++)
        v[j] /= norm;
      fit->r[k * p1 + k] = norm;
    }
}

static void
savgol_fit_clear (SavgolFit *fit)
{
  g_clear_pointer (&fit->q, g_free);
  g_clear_pointer (&fit->r, g_free);
}

/* Weights ell[k] such that sum_k ell[k] a[k] is the deriv-th derivative
 * with respect to t, divided by delta ** deriv, at window position t of the
 * polynomial sum_k a[k] u^k.
 */
static void
savgol_fit_functional (const SavgolFit *fit,
                       guint            deriv,
                       double           delta,
                       double           t,
                       double          *ell)
{
  double u = (t - fit->centre) / fit->scale;
  double factor = pow (fit->scale * delta, -(double) deriv);

  for (guint k = 0; k < fit->p1; k++)
    {
      double falling = 1;

      if (k < deriv)
        {
          ell[k] = 0;
          continue;
        }

      for (guint i = 0; i < deriv; i++)
        falling *= (double) (k - i);
      ell[k] = falling * pow (u, k - deriv) * factor;
    }
}

/* Coefficients c (dotted with the window) of the linear functional ell
 * applied to the least-squares polynomial: c = Q R^-T ell.
 */
static void
savgol_fit_coeffs (const SavgolFit *fit,
                   const double    *ell,
                   double          *coeffs)
{
  guint p1 = fit->p1;
  g_autofree double *z = g_new0 (double, p1);

  for (guint k = 0; k < p1; k++)
    {
      double s = ell[k];

      for (guint i = 0; i < k; i++)
        s -= fit->r[i * p1 + k] * z[i];
      z[k] = s / fit->r[k * p1 + k];
    }

  for (guint j = 0; j < fit->m; j++)
    {
      double s = 0;

      for (guint k = 0; k < p1; k++)
        s += fit->q[(gsize) k * fit->m + j] * z[k];
      coeffs[j] = s;
    }
}

/* Least-squares polynomial coefficients a = R^-1 Q^T window. */
static void
savgol_fit_solve (const SavgolFit *fit,
                  const double    *window,
                  double          *a)
{
  guint p1 = fit->p1;

  for (guint k = 0; k < p1; k++)
    {
      const double *qk = fit->q + (gsize) k * fit->m;
      double s = 0;

      for (guint j = 0; j < fit->m; j++)
        s += qk[j] * window[j];
      a[k] = s;
    }

  for (guint k = p1; k-- > 0;)
    {
      double s = a[k];

      for (guint i = k + 1; i < p1; i++)
        s -= fit->r[k * p1 + i] * a[i];
      a[k] = s / fit->r[k * p1 + k];
    }
}

/* Fills out[first … first + count) from the polynomial fitted to
 * x[start … start + m), evaluated at window positions first - start ….
 */
static void
savgol_fit_edge (const SavgolFit *fit,
                 const double    *x,
                 gsize            start,
                 gsize            first,
                 gsize            count,
                 guint            deriv,
                 double           delta,
                 double          *out)
{
  g_autofree double *a = g_new0 (double, fit->p1);
  g_autofree double *ell = g_new0 (double, fit->p1);

  if (deriv >= fit->p1)
    {
      /* np.polyder() of a polynomial of lower degree is exactly zero, even
       * when np.polyfit() produced NaN coefficients. */
      for (gsize i = 0; i < count; i++)
        out[first + i] = 0.0;
      return;
    }

  savgol_fit_solve (fit, x + start, a);

  for (gsize i = 0; i < count; i++)
    {
      double s = 0;

      savgol_fit_functional (fit, deriv, delta, (double) (first + i - start), ell);
      for (guint k = 0; k < fit->p1; k++)
        s += ell[k] * a[k];
      out[first + i] = s;
    }
}

/**
 * gait_savgol_filter:
 * @x: (array length=n): the samples
 * @n: number of samples
 * @window_length: filter window, at least `polyorder + 1` and at most @n;
 *   even lengths are allowed, as in SciPy
 * @polyorder: degree of the fitted polynomials
 * @deriv: order of the derivative to compute, 0 to smooth
 * @delta: sample spacing, used when @deriv > 0
 * @out: (out caller-allocates) (array length=n): the result; must not
 *   overlap @x
 * @error: return location for a #GError
 *
 * Computes `scipy.signal.savgol_filter (x, window_length, polyorder,
 * deriv=deriv, delta=delta, mode='interp')` of SciPy 1.10.
 *
 * Sample `i` of the interior is the least-squares polynomial of
 * `x[i - (window_length - 1) / 2 …]` evaluated at the middle of that window
 * (for even windows that is half a sample after `i`, as in SciPy). The
 * first and last `window_length / 2` samples are the polynomial fitted to the
 * first, respectively last, @window_length samples, evaluated there.
 * When @deriv > @polyorder the result is 0, except that interior samples
 * whose window holds a NaN or infinity are NaN, as SciPy's convolution gives.
 * NaN spreads to every sample whose window holds it.
 *
 * Returns: %TRUE on success; %FALSE with %GAIT_ERROR_INVALID_ARGUMENT when
 *   @polyorder >= @window_length, @window_length > @n, or @deriv > 0 with a
 *   zero or non-finite @delta
 */
gboolean
gait_savgol_filter (const double  *x,
                    gsize          n,
                    guint          window_length,
                    guint          polyorder,
                    guint          deriv,
                    double         delta,
                    double        *out,
                    GError       **error)
{
  SavgolFit fit;
  g_autofree double *ell = NULL;
  g_autofree double *coeffs = NULL;
  gsize halflen;
  gsize offset;

  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (out != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (polyorder >= window_length)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Savitzky-Golay polynomial order %u must be less than "
                   "the window length %u", polyorder, window_length);
      return FALSE;
    }

  if (window_length > n)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Savitzky-Golay window length %u exceeds the %" G_GSIZE_FORMAT
                   " samples", window_length, n);
      return FALSE;
    }

  if (deriv > 0 && (delta == 0 || !isfinite (delta)))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Savitzky-Golay sample spacing %g is not usable", delta);
      return FALSE;
    }

  savgol_fit_init (&fit, window_length, polyorder);

  ell = g_new0 (double, fit.p1);
  coeffs = g_new0 (double, window_length);
  if (deriv <= polyorder)
    {
      savgol_fit_functional (&fit, deriv, delta, fit.centre, ell);
      savgol_fit_coeffs (&fit, ell, coeffs);
    }

  halflen = window_length / 2;
  offset = (window_length - 1) / 2;

  for (gsize i = halflen; i + halflen < n; i++)
    {
      const double *w = x + i - offset;
      double s = 0;

      for (guint j = 0; j < window_length; j++)
        s += coeffs[j] * w[j];
      out[i] = s;
    }

  savgol_fit_edge (&fit, x, 0, 0, halflen, deriv, delta, out);
  savgol_fit_edge (&fit, x, n - window_length, n - halflen, halflen,
                   deriv, delta, out);

  savgol_fit_clear (&fit);

  return TRUE;
}

/**
 * gait_gradient:
 * @x: (array length=n): the samples
 * @n: number of samples
 * @spacing: distance between samples
 * @out: (out caller-allocates) (array length=n): the gradient; must not
 *   alias @x
 *
 * Computes `numpy.gradient (x, spacing)` (edge_order=1): central differences
 * `(x[i+1] - x[i-1]) / (2 * spacing)` inside, one-sided differences at the
 * two ends. NumPy refuses a single sample; here its gradient is 0.
 */
void
gait_gradient (const double *x,
               gsize         n,
               double        spacing,
               double       *out)
{
  g_return_if_fail (x != NULL || n == 0);
  g_return_if_fail (out != NULL || n == 0);

  if (n == 0)
    return;

  if (n == 1)
    {
      out[0] = 0.0;
      return;
    }

  for (gsize i = 1; i + 1 < n; i++)
    out[i] = (x[i + 1] - x[i - 1]) / (2.0 * spacing);
  out[0] = (x[1] - x[0]) / spacing;
  out[n - 1] = (x[n - 1] - x[n - 2]) / spacing;
}

/* scipy.signal.ricker (points, a) with a possibly fractional @points, as
 * scipy.signal.cwt() passes it: np.arange (0, points) has ceil (points)
 * elements, centred on (points - 1) / 2.
 */
static void
ricker_fill (double *out,
             gsize   m,
             double  points,
             double  a)
{
  double amplitude = 2.0 / (sqrt (3.0 * a) * pow (G_PI, 0.25));
  double wsq = a * a;
  double centre = (points - 1.0) / 2.0;

  for (gsize k = 0; k < m; k++)
    {
      double vec = (double) k - centre;
      double xsq = vec * vec;
      double mod = 1.0 - xsq / wsq;
      double gauss = exp (-xsq / (2.0 * wsq));

      out[k] = amplitude * mod * gauss;
    }
}

/**
 * gait_ricker:
 * @out: (out caller-allocates) (array length=points): the wavelet
 * @points: number of samples, centred on `(points - 1) / 2`
 * @a: width parameter
 *
 * Computes `scipy.signal.ricker (points, a)`, the "Mexican hat"
 * `A (1 - (x/a)²) exp (-(x/a)² / 2)` with `A = 2 / (sqrt (3a) π^¼)`.
 */
void
gait_ricker (double *out,
             gsize   points,
             double  a)
{
  g_return_if_fail (out != NULL || points == 0);

  ricker_fill (out, points, (double) points, a);
}

/* FFTW plans, shared between calls and threads. The planner is not
 * thread-safe, so plans are only made and destroyed under the core's
 * FFTW lock (gait-fftw-private.h), which also guards plan_cache;
 * executing them (the new-array interface) is.
 */
#define MAX_UNUSED_PLANS 8

typedef struct
{
  gint64    size;
  guint     users;
  fftw_plan forward;
  fftw_plan backward;
} FftPlans;

static GHashTable *plan_cache;

static void
fft_plans_free (gpointer data)
{
  FftPlans *plans = data;

  fftw_destroy_plan (plans->forward);
  fftw_destroy_plan (plans->backward);
  g_free (plans);
}

static FftPlans *
fft_plans_acquire (gsize size)
{
  FftPlans *plans;
  gint64 key = (gint64) size;

  _gait_fftw_lock ();

  if (plan_cache == NULL)
    plan_cache = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                        NULL, fft_plans_free);

  plans = g_hash_table_lookup (plan_cache, &key);
  if (plans == NULL)
    {
      double *real = fftw_alloc_real (size);
      fftw_complex *spectrum = fftw_alloc_complex (size / 2 + 1);

      plans = g_new0 (FftPlans, 1);
      plans->size = key;
      plans->forward = fftw_plan_dft_r2c_1d ((int) size, real, spectrum,
                                             FFTW_ESTIMATE);
      plans->backward = fftw_plan_dft_c2r_1d ((int) size, spectrum, real,
                                              FFTW_ESTIMATE);
      g_assert (plans->forward != NULL && plans->backward != NULL);
      g_hash_table_insert (plan_cache, &plans->size, plans);

      fftw_free (real);
      fftw_free (spectrum);
    }

  plans->users++;

  _gait_fftw_unlock ();

  return plans;
}

static gboolean
fft_plans_unused (gpointer key,
                  gpointer value,
                  gpointer user_data)
{
  FftPlans *plans = value;

  return plans->users == 0 && plans != user_data;
}

static void
fft_plans_release (FftPlans *plans)
{
  _gait_fftw_lock ();

  g_assert (plans->users > 0);
  plans->users--;

  /* Keep the most recent size; forget the others once there are many. */
  if (g_hash_table_size (plan_cache) > MAX_UNUSED_PLANS)
    g_hash_table_foreach_remove (plan_cache, fft_plans_unused, plans);

  _gait_fftw_unlock ();
}

/* The smallest 2^a 3^b 5^c 7^d >= n: sizes FFTW transforms fast. */
static gsize
fft_good_size (gsize n)
{
  gsize best = G_MAXSIZE;

  if (n <= 1)
    return 1;

  for (gsize p7 = 1; p7 < best; p7 *= 7)
    for (gsize p5 = p7; p5 < best; p5 *= 5)
      for (gsize p3 = p5; p3 < best; p3 *= 3)
        {
          gsize p2 = p3;

          while (p2 < n)
            p2 *= 2;
          if (p2 < best)
            best = p2;
          if (p3 >= n)
            break;
        }

  return best;
}

/* Samples of the wavelet scipy.signal.cwt() uses at @width: its length
 * N = min (10 * width, n) is a float for float widths, and np.arange (0, N)
 * then has ceil (N) elements.
 */
static gsize
cwt_wavelet_points (double  width,
                    gsize   n,
                    double *points)
{
  double p = MIN (10.0 * width, (double) n);

  *points = p;
  return (gsize) ceil (p);
}

/**
 * gait_cwt_ricker:
 * @x: (array length=n): the signal
 * @n: number of samples, at least 1
 * @widths: (array length=n_widths): wavelet widths, finite and positive
 * @n_widths: number of widths
 * @out: (out caller-allocates): @n_widths rows of @n values, row-major
 * @error: return location for a #GError
 *
 * Computes `scipy.signal.cwt (x, scipy.signal.ricker, widths)` of SciPy
 * 1.10: row `w` is `x` convolved, in 'same' mode, with the reversed
 * `ricker (N, widths[w])` where `N = min (10 * widths[w], n)` (for
 * fractional widths the wavelet has `ceil (N)` samples centred on
 * `(N - 1) / 2`, as in SciPy). Convolution is by FFT, so a NaN or an
 * infinity in @x makes its whole rows NaN; SciPy gives the same where it
 * picks FFT convolution, but NaN only near it where it picks the direct sum.
 *
 * Returns: %TRUE on success; %FALSE with %GAIT_ERROR_INVALID_ARGUMENT when
 *   @n is 0 or a width is not finite and positive
 */
gboolean
gait_cwt_ricker (const double  *x,
                 gsize          n,
                 const double  *widths,
                 gsize          n_widths,
                 double        *out,
                 GError       **error)
{
  FftPlans *plans;
  gsize max_points = 0;
  gsize size;
  gsize n_freq;
  double *signal;
  double *buffer;
  fftw_complex *signal_spectrum;
  fftw_complex *spectrum;
  g_autofree double *wavelet = NULL;

  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (widths != NULL || n_widths == 0, FALSE);
  g_return_val_if_fail (out != NULL || n_widths == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n == 0)
    {
      g_set_error_literal (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                           "Cannot transform an empty signal");
      return FALSE;
    }

  for (gsize w = 0; w < n_widths; w++)
    {
      double points;

      if (!isfinite (widths[w]) || widths[w] <= 0)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "Wavelet width %g is not positive", widths[w]);
          return FALSE;
        }
      max_points = MAX (max_points, cwt_wavelet_points (widths[w], n, &points));
    }

  if (n_widths == 0)
    return TRUE;

  /* Circular convolution of this size holds the full linear one. */
  size = fft_good_size (n + max_points - 1);
  if (size > G_MAXINT)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Signal of %" G_GSIZE_FORMAT " samples is too long", n);
      return FALSE;
    }
  n_freq = size / 2 + 1;

  plans = fft_plans_acquire (size);

  signal = fftw_alloc_real (size);
  buffer = fftw_alloc_real (size);
  signal_spectrum = fftw_alloc_complex (n_freq);
  spectrum = fftw_alloc_complex (n_freq);
  wavelet = g_new (double, max_points);

  memcpy (signal, x, n * sizeof (double));
  memset (signal + n, 0, (size - n) * sizeof (double));
  fftw_execute_dft_r2c (plans->forward, signal, signal_spectrum);

  for (gsize w = 0; w < n_widths; w++)
    {
      double points;
      gsize m = cwt_wavelet_points (widths[w], n, &points);
      gsize shift = (m - 1) / 2;
      double *row = out + w * n;

      ricker_fill (wavelet, m, points, widths[w]);

      /* 'same' keeps full[shift … shift + n) of the full convolution with
       * the reversed wavelet; rotating that kernel left by shift samples
       * puts those outputs at 0 … n - 1. */
      memset (buffer, 0, size * sizeof (double));
      for (gsize k = 0; k < m; k++)
        buffer[(k + size - shift) % size] = wavelet[m - 1 - k];

      fftw_execute_dft_r2c (plans->forward, buffer, spectrum);

      for (gsize f = 0; f < n_freq; f++)
        {
          double re = signal_spectrum[f][0] * spectrum[f][0]
                    - signal_spectrum[f][1] * spectrum[f][1];
          double im = signal_spectrum[f][0] * spectrum[f][1]
                    + signal_spectrum[f][1] * spectrum[f][0];

          spectrum[f][0] = re / (double) size;
          spectrum[f][1] = im / (double) size;
        }

      fftw_execute_dft_c2r (plans->backward, spectrum, buffer);
      memcpy (row, buffer, n * sizeof (double));
    }

  fftw_free (signal);
  fftw_free (buffer);
  fftw_free (signal_spectrum);
  fftw_free (spectrum);

  fft_plans_release (plans);

  return TRUE;
}

/* numpy.argsort (v) of NumPy 1.24 for float64, kind='quicksort': an
 * introsort that is not stable, replicated step by step so that peaks of
 * equal intensity come out in the same order as in scikit-image.
 */
static inline gboolean
npy_double_less (double a,
                 double b)
{
  return a < b || (b != b && a == a);
}

static int
npy_get_msb (gsize n)
{
  int depth = 0;

  while (n >>= 1)
    depth++;

  return depth;
}

static void
npy_aheapsort (const double *v,
               gsize        *tosort,
               gsize         n)
{
  gsize *a = tosort - 1;  /* 1-based heap indexing, as NumPy */
  gsize i, j, l, tmp;

  for (l = n >> 1; l > 0; --l)
    {
      tmp = a[l];
      for (i = l, j = l << 1; j <= n;)
        {
          if (j < n && npy_double_less (v[a[j]], v[a[j + 1]]))
            j += 1;
          if (npy_double_less (v[tmp], v[a[j]]))
            {
              a[i] = a[j];
              i = j;
              j += j;
            }
          else
            break;
        }
      a[i] = tmp;
    }

  for (; n > 1;)
    {
      tmp = a[n];
      a[n] = a[1];
      n -= 1;
      for (i = 1, j = 2; j <= n;)
        {
          if (j < n && npy_double_less (v[a[j]], v[a[j + 1]]))
            j++;
          if (npy_double_less (v[tmp], v[a[j]]))
            {
              a[i] = a[j];
              i = j;
              j += j;
            }
          else
            break;
        }
      a[i] = tmp;
    }
}

#define NPY_SMALL_QUICKSORT 15
#define NPY_QS_STACK (2 * 8 * (int) sizeof (gsize))

static void
npy_argsort (const double *v,
             gsize        *tosort,
             gsize         num)
{
  gssize stack[NPY_QS_STACK];
  int depth[NPY_QS_STACK];
  int sp = 0;
  int dp = 0;
  gssize pl = 0;
  gssize pr = (gssize) num - 1;
  int cdepth;

#define SWAP_IDX(a, b) \
  G_STMT_START { gsize t_ = tosort[a]; tosort[a] = tosort[b]; tosort[b] = t_; } G_STMT_END

  for (gsize i = 0; i < num; i++)
    tosort[i] = i;

  if (num < 2)
    return;

  cdepth = npy_get_msb (num) * 2;

  for (;;)
    {
      if (G_UNLIKELY (cdepth < 0))
        {
          npy_aheapsort (v, tosort + pl, (gsize) (pr - pl + 1));
          goto stack_pop;
        }

      while ((pr - pl) > NPY_SMALL_QUICKSORT)
        {
          gssize pm = pl + ((pr - pl) >> 1);
          gssize pi, pj;
          double vp;

          if (npy_double_less (v[tosort[pm]], v[tosort[pl]]))
            SWAP_IDX (pm, pl);
          if (npy_double_less (v[tosort[pr]], v[tosort[pm]]))
            SWAP_IDX (pr, pm);
          if (npy_double_less (v[tosort[pm]], v[tosort[pl]]))
            SWAP_IDX (pm, pl);
          vp = v[tosort[pm]];
          pi = pl;
          pj = pr - 1;
          SWAP_IDX (pm, pj);
          for (;;)
            {
              do
                ++pi;
              while (npy_double_less (v[tosort[pi]], vp));
              do
                --pj;
              while (npy_double_less (vp, v[tosort[pj]]));
              if (pi >= pj)
                break;
              SWAP_IDX (pi, pj);
            }
          SWAP_IDX (pi, pr - 1);

          /* push the larger partition on the stack */
          if (pi - pl < pr - pi)
            {
              stack[sp++] = pi + 1;
              stack[sp++] = pr;
              pr = pi - 1;
            }
          else
            {
              stack[sp++] = pl;
              stack[sp++] = pi - 1;
              pl = pi + 1;
            }
          depth[dp++] = --cdepth;
        }

      /* insertion sort */
      for (gssize pi = pl + 1; pi <= pr; ++pi)
        {
          gsize vi = tosort[pi];
          double vp = v[vi];
          gssize pj = pi;

          while (pj > pl && npy_double_less (vp, v[tosort[pj - 1]]))
            {
              tosort[pj] = tosort[pj - 1];
              pj--;
            }
          tosort[pj] = vi;
        }

    stack_pop:
      if (sp == 0)
        break;
      pr = stack[--sp];
      pl = stack[--sp];
      cdepth = depth[--dp];
    }

#undef SWAP_IDX
}

/* scipy.ndimage.maximum_filter1d (mode='constant', cval=0.0) along both
 * axes, as maximum_filter() does for a square footprint: the maximum over
 * [i - radius, i + radius], samples outside counting as 0. Monotonic
 * deques of (index, value), O(1) amortised per pixel; the image is swept
 * once in memory order, one output row at a time.
 */
typedef struct
{
  gsize  index;
  double value;
} DequeItem;

static inline double
window_max_pad (double max,
                gsize  i,
                gsize  len,
                gsize  radius)
{
  if ((i < radius || i + radius >= len) && max < 0.0)
    return 0.0;
  return max;
}

/* Marks the peak candidates of skimage's _get_peak_mask() and
 * _exclude_border(): pixels equal to their neighbourhood maximum, above
 * @threshold, and at least @border from every edge. Returns their number. */
static gsize
peak_mask (const double *image,
           gsize         rows,
           gsize         cols,
           gsize         radius,
           double        threshold,
           gsize         border,
           guint8       *mask)
{
  /* one deque per column (axis 0), each a ring whose power-of-two size
   * exceeds the window plus the row being added */
  gsize capacity = 1;
  gsize ring_mask;
  g_autofree DequeItem *rings = NULL;
  g_autofree gsize *heads = g_new0 (gsize, cols);
  g_autofree gsize *tails = g_new0 (gsize, cols);
  g_autofree double *column_max = g_new (double, cols);
  g_autofree DequeItem *row_deque = g_new (DequeItem, cols);
  gsize next = 0;
  gsize n_candidates = 0;

  while (capacity < 2 * radius + 2)
    capacity *= 2;
  ring_mask = capacity - 1;
  rings = g_new (DequeItem, capacity * cols);

  for (gsize i = 0; i < rows; i++)
    {
      const double *row = image + i * cols;
      gsize hi = MIN (i + radius, rows - 1);
      gsize lo = i >= radius ? i - radius : 0;
      gboolean row_in = i >= border && i + border < rows;
      gsize head = 0;
      gsize tail = 0;
      gsize col_next = 0;

      /* axis 0 */
      for (; next <= hi; next++)
        {
          const double *added = image + next * cols;

          for (gsize c = 0; c < cols; c++)
            {
              DequeItem *q = rings + c * capacity;
              gsize t = tails[c];

              while (t > heads[c] && q[(t - 1) & ring_mask].value <= added[c])
                t--;
              q[t & ring_mask].index = next;
              q[t & ring_mask].value = added[c];
              tails[c] = t + 1;
            }
        }

      for (gsize c = 0; c < cols; c++)
        {
          const DequeItem *q = rings + c * capacity;

          while (q[heads[c] & ring_mask].index < lo)
            heads[c]++;
          column_max[c] = window_max_pad (q[heads[c] & ring_mask].value,
                                          i, rows, radius);
        }

      /* axis 1, on the result of axis 0 */
      for (gsize c = 0; c < cols; c++)
        {
          gsize col_hi = MIN (c + radius, cols - 1);
          gsize col_lo = c >= radius ? c - radius : 0;
          double max;
          gboolean candidate;

          for (; col_next <= col_hi; col_next++)
            {
              double value = column_max[col_next];

              while (tail > head && row_deque[tail - 1].value <= value)
                tail--;
              row_deque[tail].index = col_next;
              row_deque[tail].value = value;
              tail++;
            }
          while (row_deque[head].index < col_lo)
            head++;

          max = window_max_pad (row_deque[head].value, c, cols, radius);
          candidate = row_in && c >= border && c + border < cols &&
                      row[c] == max && row[c] > threshold;
          mask[i * cols + c] = candidate;
          n_candidates += candidate;
        }
    }

  return n_candidates;
}

/**
 * gait_peak_local_max:
 * @image: (array): @rows × @cols values, row-major
 * @rows: number of rows
 * @cols: number of columns
 * @min_distance: minimal distance between peaks (Chebyshev), and half the
 *   size of the neighbourhood a peak must be the maximum of
 * @exclude_border: whether to drop peaks within @min_distance of the border
 *
 * Computes `skimage.feature.peak_local_max (image,
 * min_distance=min_distance, exclude_border=exclude_border)` of
 * scikit-image 0.19.3, other arguments at their defaults:
 *
 * - a candidate equals the maximum of its (2 @min_distance + 1)² square
 *   neighbourhood, where pixels outside the image count as 0
 *   (`scipy.ndimage.maximum_filter`, mode 'constant'), so near the border
 *   of an all-negative image nothing is a peak; with @min_distance 0 or a
 *   single pixel there is no filter;
 * - a candidate is greater than the image minimum (a constant image has no
 *   peaks; a NaN anywhere makes the minimum NaN and so there are none);
 * - candidates are ordered by decreasing intensity, ties broken exactly as
 *   NumPy's non-stable argsort does;
 * - in that order a candidate is dropped when it lies closer than
 *   @min_distance (Chebyshev distance) to one already kept.
 *
 * An empty image (NumPy would raise) has no peaks.
 *
 * Returns: (transfer full) (element-type GaitPeak): the peaks, highest first
 */
GArray *
gait_peak_local_max (const double *image,
                     gsize         rows,
                     gsize         cols,
                     guint         min_distance,
                     gboolean      exclude_border)
{
  g_autoptr(GArray) peaks = NULL;
  g_autofree guint8 *mask = NULL;
  g_autofree gsize *candidates = NULL;
  g_autofree double *values = NULL;
  g_autofree gsize *order = NULL;
  gsize n_pixels;
  gsize n_candidates = 0;
  double threshold;
  gsize border;

  g_return_val_if_fail (image != NULL || rows == 0 || cols == 0, NULL);
  g_return_val_if_fail (rows <= G_MAXUINT && cols <= G_MAXUINT, NULL);
  g_return_val_if_fail (cols == 0 || rows <= G_MAXSIZE / cols, NULL);

  peaks = g_array_new (FALSE, FALSE, sizeof (GaitPeak));
  n_pixels = rows * cols;

  if (n_pixels == 0)
    return g_steal_pointer (&peaks);

  threshold = image[0];
  for (gsize i = 0; i < n_pixels; i++)
    {
      if (isnan (image[i]))
        return g_steal_pointer (&peaks);
      if (image[i] < threshold)
        threshold = image[i];
    }

  mask = g_new0 (guint8, n_pixels);
  border = exclude_border ? min_distance : 0;

  if (min_distance == 0 || n_pixels == 1)
    {
      /* no filter: every pixel above the minimum (and no border) */
      for (gsize i = 0; i < n_pixels; i++)
        {
          mask[i] = image[i] > threshold;
          n_candidates += mask[i];
        }
    }
  else
    {
      /* skimage also drops every candidate when all pixels equal their
       * neighbourhood maximum; that happens only for a constant image,
       * where nothing exceeds the minimum anyway. */
      n_candidates = peak_mask (image, rows, cols, min_distance, threshold,
                                border, mask);
    }

  if (n_candidates == 0)
    return g_steal_pointer (&peaks);

  candidates = g_new (gsize, n_candidates);
  values = g_new (double, n_candidates);
  order = g_new (gsize, n_candidates);

  for (gsize i = 0, k = 0; i < n_pixels; i++)
    {
      if (mask[i])
        {
          candidates[k] = i;
          values[k] = -image[i];
          k++;
        }
    }

  npy_argsort (values, order, n_candidates);

  if (min_distance <= 1)
    {
      /* Distinct pixels are at least 1 apart: all are kept. */
      g_array_set_size (peaks, n_candidates);
      for (gsize k = 0; k < n_candidates; k++)
        {
          gsize pixel = candidates[order[k]];
          GaitPeak *peak = &g_array_index (peaks, GaitPeak, k);

          peak->row = pixel / cols;
          peak->col = pixel % cols;
        }
    }
  else
    {
      /* Greedy, as skimage's ensure_spacing() (whose batches do not change
       * the result). Any two peaks kept are at least min_distance apart, so
       * a min_distance × min_distance cell holds at most one of them, and
       * everything closer than min_distance lies in the 3 × 3 cells around. */
      gsize cell = min_distance;
      gsize grid_rows = (rows - 1) / cell + 1;
      gsize grid_cols = (cols - 1) / cell + 1;
      g_autofree gsize *grid = g_new0 (gsize, grid_rows * grid_cols);

      for (gsize k = 0; k < n_candidates; k++)
        {
          gsize pixel = candidates[order[k]];
          gsize r = pixel / cols;
          gsize c = pixel % cols;
          gsize gr = r / cell;
          gsize gc = c / cell;
          gboolean keep = TRUE;

          for (gsize i = gr > 0 ? gr - 1 : 0; keep && i <= gr + 1 && i < grid_rows; i++)
            for (gsize j = gc > 0 ? gc - 1 : 0; keep && j <= gc + 1 && j < grid_cols; j++)
              {
                gsize slot = grid[i * grid_cols + j];
                const GaitPeak *other;
                gsize dr, dc;

                if (slot == 0)
                  continue;

                other = &g_array_index (peaks, GaitPeak, slot - 1);
                dr = other->row > r ? other->row - r : r - other->row;
                dc = other->col > c ? other->col - c : c - other->col;
                if (MAX (dr, dc) < min_distance)
                  keep = FALSE;
              }

          if (keep)
            {
              GaitPeak peak = { .row = r, .col = c };

              g_array_append_val (peaks, peak);
              g_assert (grid[gr * grid_cols + gc] == 0);
              grid[gr * grid_cols + gc] = peaks->len;
            }
        }
    }

  return g_steal_pointer (&peaks);
}

/**
 * gait_procrustes_distance:
 * @a: (array): @n_points (x, y) pairs, interleaved
 * @b: (array): @n_points (x, y) pairs, interleaved
 * @n_points: number of landmarks
 *
 * The Procrustes distance of SuperimpositionToolbox.Procrustes(), as the
 * stride-cycle blog uses it: both forms are centred and scaled to unit root
 * centroid size, `M = aᵀ b` (2 × 2), and the distance is
 * `1 - (s₁ ± s₂)²` with the singular values of M, the last negated when the
 * optimal orthogonal map would be a reflection (rotations only). In 2-D that
 * square is `(m₁₁ + m₂₂)² + (m₁₂ - m₂₁)²`, which is what is computed.
 *
 * The result is symmetric in @a and @b and clamped to [0, 1] (rounding can
 * otherwise leave it a few ulp outside).
 *
 * Returns: the distance, or NAN for fewer than two points, a non-finite
 *   coordinate or a form whose points all coincide
 */
double
gait_procrustes_distance (const double *a,
                          const double *b,
                          gsize         n_points)
{
  const double *forms[2] = { a, b };
  double centre[2][2] = { { 0, 0 }, { 0, 0 } };
  double size[2] = { 0, 0 };
  double m11 = 0, m12 = 0, m21 = 0, m22 = 0;
  double trace, skew, d;

  g_return_val_if_fail (a != NULL || n_points == 0, NAN);
  g_return_val_if_fail (b != NULL || n_points == 0, NAN);

  if (n_points < 2)
    return NAN;

  for (guint f = 0; f < 2; f++)
    {
      for (gsize i = 0; i < 2 * n_points; i++)
        if (!isfinite (forms[f][i]))
          return NAN;

      for (gsize i = 0; i < n_points; i++)
        {
          centre[f][0] += forms[f][2 * i];
          centre[f][1] += forms[f][2 * i + 1];
        }
      centre[f][0] /= (double) n_points;
      centre[f][1] /= (double) n_points;

      for (gsize i = 0; i < n_points; i++)
        {
          double dx = forms[f][2 * i] - centre[f][0];
          double dy = forms[f][2 * i + 1] - centre[f][1];

          size[f] += dx * dx + dy * dy;
        }
      size[f] = sqrt (size[f]);

      if (!(size[f] > 0) || !isfinite (size[f]))
        return NAN;
    }

  for (gsize i = 0; i < n_points; i++)
    {
      double ax = (a[2 * i] - centre[0][0]) / size[0];
      double ay = (a[2 * i + 1] - centre[0][1]) / size[0];
      double bx = (b[2 * i] - centre[1][0]) / size[1];
      double by = (b[2 * i + 1] - centre[1][1]) / size[1];

      m11 += ax * bx;
      m12 += ax * by;
      m21 += ay * bx;
      m22 += ay * by;
    }

  trace = m11 + m22;
  skew = m12 - m21;
  d = 1.0 - (trace * trace + skew * skew);

  return CLAMP (d, 0.0, 1.0);
}

/* Shared helpers (gait-signal-private.h) */

/* qsort()'s comparison of doubles, ascending */
int
_gait_compare_doubles (const void *a,
                       const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Moves the finite values of @v to its front, sorted; returns their number. */
gsize
_gait_sort_finite (double *v,
                   gsize   n)
{
  gsize m = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (v[i]))
      v[m++] = v[i];

  /* (not with an empty array, which may be NULL) */
  if (m > 1)
    qsort (v, m, sizeof (double), _gait_compare_doubles);

  return m;
}

/* numpy.median of the finite values in @v (reordered); NAN if none. */
double
_gait_median_in_place (double *v,
                       gsize   n)
{
  gsize m = _gait_sort_finite (v, n);

  if (m == 0)
    return NAN;

  return m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
}

/* Replaces what is not finite by linear interpolation between the nearest
 * finite values, holding the first and last ones beyond the ends. Returns
 * FALSE if nothing is finite. */
gboolean
_gait_fill_gaps (double *v,
                 gsize   n)
{
  gssize prev = -1;

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (v[i]))
        continue;

      if (prev < 0)
        for (gsize k = 0; k < i; k++)
          v[k] = v[i];
      else
        for (gsize k = prev + 1; k < i; k++)
          v[k] = v[prev] + (v[i] - v[prev]) * (double)(k - prev) / (double)(i - prev);

      prev = i;
    }

  if (prev < 0)
    return FALSE;

  for (gsize k = prev + 1; k < n; k++)
    v[k] = v[prev];

  return TRUE;
}
