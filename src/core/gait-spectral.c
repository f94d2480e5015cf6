/* gait-spectral.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <fftw3.h>

#include "gait-error.h"
#include "gait-fftw-private.h"
#include "gait-signal-private.h"
#include "gait-spectral.h"

/*
 * Spectral statistics after the signal-features Q&A: its
 * spectral_statistics() is a Python port of seewave's specprop() (R), and
 * its other answers recommend removing low-frequency drift with a high-pass
 * filter first. What is computed, precisely:
 *
 *  1. the mean is subtracted;
 *  2. drift is removed by a 2nd-order Butterworth high-pass run forwards
 *     and backwards: scipy.signal.sosfiltfilt (butter (2, cutoff,
 *     'highpass', fs=fps, output='sos'), x) with its default odd padding
 *     (9 samples) and steady-state initial conditions. Zero phase, and
 *     4th order in effect (the biomechanics convention); the cut-off is
 *     where the gain is ½ (−6 dB);
 *  3. optionally a Hann window (scipy's periodic one);
 *  4. the spectrum |rfft (x)| (or its square), at f_k = k · fps / n;
 *  5. the bins with f_low ≤ f_k ≤ f_high, divided by their sum, are the
 *     distribution p;
 *  6. mean, sd, skewness and kurtosis are its moments (seewave; the Q&A's
 *     Python computes the moments of the amplitude values instead, which
 *     says nothing about frequency);
 *  7. median and quartiles are the first frequencies whose cumulative sum
 *     exceeds ½, ¼, ¾ (seewave's `length (cumamp[cumamp <= q]) + 1` in
 *     R's 1-based indexing; the Q&A's port is one bin too high);
 *     mode is the frequency of the largest bin (the first, on ties);
 *  8. peaks: p is smoothed by a running mean over smooth_hz (zeros beyond
 *     the ends), its maxima are found and thinned as scipy.signal.find_peaks
 *     (x, distance=…) does, the three highest are kept, and each is
 *     reported at the largest bin of p within the smoothing window around
 *     it (so a sharp line keeps its exact frequency). Height is the
 *     smoothed value. The Q&A smooths with a running median of 15 bins:
 *     that erases any line narrower than 8 bins, the very peak of a steady
 *     rhythm, so Gaitline averages instead. Width and distance are in Hz,
 *     as the bin spacing depends on the signal's length; the Q&A's fixed 15
 *     bins, 100 bins and height 0.002 assume audio spectra.
 */

/**
 * gait_spectral_params_init:
 * @params: (out caller-allocates): parameters to fill in
 * @fps: the sampling rate of the signals
 *
 * Fills in the defaults: high-pass at 0.5 Hz, distribution from 0.5 Hz to
 * the Nyquist frequency, amplitude spectrum without a window, peaks from a
 * spectrum smoothed over 0.1 Hz, at least 0.25 Hz apart.
 */
void
gait_spectral_params_init (GaitSpectralParams *params,
                           double              fps)
{
  g_return_if_fail (params != NULL);

  *params = (GaitSpectralParams) {
    .fps = fps,
    .highpass_hz = 0.5,
    .f_low = 0.5,
    .f_high = 0,
    .power = FALSE,
    .hann = FALSE,
    .smooth_hz = 0.1,
    .peak_distance_hz = 0.25,
  };
}

typedef struct
{
  double re;
  double im;
} Complex;

static Complex
complex_div (Complex a,
             Complex b)
{
  double d = b.re * b.re + b.im * b.im;

  return (Complex) { (a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d };
}

static Complex
complex_mul (Complex a,
             Complex b)
{
  return (Complex) { a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re };
}

/* scipy.signal.butter (2, cutoff, 'highpass', fs=fps, output='sos'):
 * buttap, lp2hp_zpk, bilinear_zpk with pre-warping, one section. */
static void
butter2_highpass (double  fps,
                  double  cutoff,
                  double  sos[6])
{
  double wn = 2 * cutoff / fps;
  double warped = 2 * 2.0 * tan (G_PI * wn / 2.0);
  Complex pz[2], kden = { 1, 0 }, k;

  for (int i = 0; i < 2; i++)
    {
      double angle = G_PI * (i == 0 ? -1 : 1) / 4.0;
      Complex p = { -cos (angle), -sin (angle) };               /* Butterworth prototype */
      Complex hp = complex_div ((Complex) { warped, 0 }, p);     /* low-pass → high-pass */

      pz[i] = complex_div ((Complex) { 4.0 + hp.re, hp.im },     /* bilinear, fs2 = 4 */
                           (Complex) { 4.0 - hp.re, -hp.im });
      kden = complex_mul (kden, (Complex) { 4.0 - hp.re, -hp.im });
    }

  /* k_hp = 1 / Π (−p) of the prototype = 1; bilinear: Π (4 − z) / Π (4 − p)
   * with the two high-pass zeros at s = 0 */
  k = complex_div ((Complex) { 16.0, 0 }, kden);

  sos[0] = k.re;
  sos[1] = -2 * k.re;
  sos[2] = k.re;
  sos[3] = 1;
  sos[4] = -(pz[0].re + pz[1].re);
  sos[5] = complex_mul (pz[0], pz[1]).re;
}

/* scipy.signal.sosfilt of one section, in place, from state @z. */
static void
sosfilt1 (const double  sos[6],
          double       *x,
          gsize         n,
          double        z0,
          double        z1)
{
  for (gsize i = 0; i < n; i++)
    {
      double in = x[i];
      double out = sos[0] * in + z0;

      z0 = sos[1] * in - sos[4] * out + z1;
      z1 = sos[2] * in - sos[5] * out;
      x[i] = out;
    }
}

/**
 * gait_spectral_stats_range:
 * @x: (array length=n): a signal over a whole recording, one value per
 *   frame; NAN where it is unknown
 * @n: its length
 * @start: first frame of the range; negative for the first frame
 * @end: frame after the range; negative (or beyond @n) for the end
 * @params: how to treat it
 * @stats: (out caller-allocates): the statistics
 * @error: return location for a #GError
 *
 * gait_spectral_stats() of frames [@start, @end) of @x, the way the window
 * and `gaitline-cli spectrum` take a selection: gaps (non-finite values)
 * inside the range are bridged linearly between the values around them and
 * held at its edges, so a few lost frames do not end the analysis.
 *
 * Returns: %TRUE on success; %FALSE with %GAIT_ERROR_EMPTY when the range
 *   holds no finite value, or gait_spectral_stats()' errors
 */
gboolean
gait_spectral_stats_range (const double              *x,
                           gsize                      n,
                           gint64                     start,
                           gint64                     end,
                           const GaitSpectralParams  *params,
                           GaitSpectralStats         *stats,
                           GError                   **error)
{
  g_autofree double *y = NULL;
  gsize m;

  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (start < 0)
    start = 0;
  if (end < 0 || end > (gint64) n)
    end = (gint64) n;
  if (start >= end)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Spectral statistics: frames %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT
                   " are not a range of the %" G_GSIZE_FORMAT " frames", start, end, n);
      return FALSE;
    }

  m = (gsize) (end - start);
  y = g_new (double, m);
  memcpy (y, x + start, m * sizeof (double));

  /* gaps bridged linearly, the edges held */
  if (!_gait_fill_gaps (y, m))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_EMPTY,
                   "Spectral statistics: the signal is unknown in every frame of %" G_GINT64_FORMAT
                   "–%" G_GINT64_FORMAT, start, end);
      return FALSE;
    }

  return gait_spectral_stats (y, m, params, stats, error);
}

/**
 * gait_highpass_filter:
 * @x: (array length=n): the signal, finite values
 * @n: its length, more than 9
 * @fps: its sampling rate
 * @cutoff_hz: the cut-off frequency, below the Nyquist frequency
 * @out: (out caller-allocates) (array length=n): the filtered signal; may
 *   be @x
 * @error: return location for a #GError
 *
 * A zero-phase Butterworth high-pass: scipy.signal.sosfiltfilt of
 * scipy.signal.butter (2, @cutoff_hz, 'highpass', fs=@fps, output='sos'),
 * with scipy's default odd extension of 9 samples at each end and its
 * steady-state initial conditions.
 *
 * Returns: %TRUE on success; %FALSE with %GAIT_ERROR_INVALID_ARGUMENT for a
 *   bad cut-off, 9 samples or fewer, or a non-finite value
 */
gboolean
gait_highpass_filter (const double  *x,
                      gsize          n,
                      double         fps,
                      double         cutoff_hz,
                      double        *out,
                      GError       **error)
{
  const gsize edge = 9;   /* 3 × (2 · 1 section + 1) */
  g_autofree double *ext = NULL;
  double sos[6], zi0, zi1, b0, b1;
  gsize m;

  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (out != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(isfinite (fps) && fps > 0 && cutoff_hz > 0 && cutoff_hz < fps / 2))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "High-pass filter: the cut-off (%g Hz) must lie between 0 and "
                   "the Nyquist frequency (%g Hz)", cutoff_hz, fps / 2);
      return FALSE;
    }

  if (n <= edge)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "High-pass filter: %" G_GSIZE_FORMAT " samples are too few (at least %"
                   G_GSIZE_FORMAT ")", n, edge + 1);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    if (!isfinite (x[i]))
      {
        g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                     "High-pass filter: sample %" G_GSIZE_FORMAT " is not a finite number", i);
        return FALSE;
      }

  butter2_highpass (fps, cutoff_hz, sos);

  /* odd extension */
  m = n + 2 * edge;
  ext = g_new (double, m);
  for (gsize i = 0; i < edge; i++)
    {
      ext[i] = 2 * x[0] - x[edge - i];
      ext[edge + n + i] = 2 * x[n - 1] - x[n - 2 - i];
    }
  memcpy (ext + edge, x, sizeof (double) * n);

  /* sosfilt_zi: the state after a unit step has settled (lfilter_zi) */
  b0 = sos[1] - sos[4] * sos[0];
  b1 = sos[2] - sos[5] * sos[0];
  zi0 = (b0 + b1) / (1 + sos[4] + sos[5]);
  zi1 = b1 - sos[5] * zi0;

  sosfilt1 (sos, ext, m, zi0 * ext[0], zi1 * ext[0]);

  /* backwards */
  for (gsize i = 0; i < m / 2; i++)
    {
      double t = ext[i];

      ext[i] = ext[m - 1 - i];
      ext[m - 1 - i] = t;
    }
  sosfilt1 (sos, ext, m, zi0 * ext[0], zi1 * ext[0]);

  for (gsize i = 0; i < n; i++)
    out[i] = ext[m - 1 - edge - i];

  return TRUE;
}

/* The mean of each window of 2 @half + 1 values centred on a sample, zeros
 * beyond the ends: np.convolve (x, np.ones (k) / k, 'same'). */
static void
moving_average (const double *x,
                gsize         n,
                gsize         half,
                double       *out)
{
  double k = (double) (2 * half + 1);

  for (gsize i = 0; i < n; i++)
    {
      gsize a = i >= half ? i - half : 0;
      gsize b = MIN (i + half + 1, n);
      double sum = 0;

      for (gsize j = a; j < b; j++)
        sum += x[j];
      out[i] = sum / k;
    }
}

typedef struct
{
  const double *x;
  const guint  *peaks;
} PeakOrder;

static int
compare_priority (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const PeakOrder *order = user_data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  double pi = order->x[order->peaks[i]], pj = order->x[order->peaks[j]];

  if (pi != pj)
    return pi < pj ? -1 : 1;

  return (i > j) - (i < j);
}

/**
 * gait_find_peaks:
 * @x: (array length=n): the input, finite values
 * @n: its length
 * @distance: the smallest index distance between kept peaks (≥ 1)
 *
 * scipy.signal.find_peaks (@x, distance=@distance): samples larger than
 * both neighbours (for a flat top, its middle, rounded down; never the
 * first or last sample); then, from the highest down, every peak closer
 * than @distance to a kept higher one is dropped. Of equally high peaks,
 * the later one is considered first (SciPy's order is unspecified there).
 *
 * Returns: (transfer full) (element-type guint): the peaks' indices,
 *   ascending
 */
GArray *
gait_find_peaks (const double *x,
                 gsize         n,
                 gsize         distance)
{
  g_autoptr(GArray) peaks = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) kept = NULL;
  g_autofree guint *order = NULL;
  g_autofree gboolean *keep = NULL;
  PeakOrder po;
  gsize i = 1;

  g_return_val_if_fail (x != NULL || n == 0, NULL);
  g_return_val_if_fail (n < G_MAXUINT, NULL);

  /* _local_maxima_1d */
  while (n > 2 && i < n - 1)
    {
      if (x[i - 1] < x[i])
        {
          gsize ahead = i + 1;

          while (ahead < n - 1 && x[ahead] == x[i])
            ahead++;

          if (x[ahead] < x[i])
            {
              guint mid = (guint) ((i + ahead - 1) / 2);

              g_array_append_val (peaks, mid);
              i = ahead;
            }
        }
      i++;
    }

  if (distance <= 1 || peaks->len < 2)
    return g_steal_pointer (&peaks);

  /* _select_by_peak_distance */
  order = g_new (guint, peaks->len);
  keep = g_new (gboolean, peaks->len);
  for (guint p = 0; p < peaks->len; p++)
    {
      order[p] = p;
      keep[p] = TRUE;
    }
  po.x = x;
  po.peaks = (const guint *) (gpointer) peaks->data;
  g_qsort_with_data (order, peaks->len, sizeof (guint), compare_priority, &po);

  for (guint r = peaks->len; r-- > 0;)
    {
      guint j = order[r];
      guint pj = g_array_index (peaks, guint, j);

      if (!keep[j])
        continue;

      for (guint k = j; k-- > 0 && pj - g_array_index (peaks, guint, k) < distance;)
        keep[k] = FALSE;
      for (guint k = j + 1; k < peaks->len && g_array_index (peaks, guint, k) - pj < distance; k++)
        keep[k] = FALSE;
    }

  kept = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint p = 0; p < peaks->len; p++)
    if (keep[p])
      g_array_append_val (kept, g_array_index (peaks, guint, p));

  return g_steal_pointer (&kept);
}

typedef struct
{
  guint  index;
  double height;
} Peak;

static int
compare_peaks (gconstpointer a,
               gconstpointer b)
{
  const Peak *pa = a, *pb = b;

  if (pa->height != pb->height)
    return pa->height > pb->height ? -1 : 1;

  return (pa->index > pb->index) - (pa->index < pb->index);
}

/* The amplitude (or power) spectrum of @x: n / 2 + 1 values. */
static void
rfft_magnitude (const double *x,
                gsize         n,
                gboolean      power,
                double       *out)
{
  double *in = fftw_alloc_real (n);
  fftw_complex *spectrum = fftw_alloc_complex (n / 2 + 1);
  fftw_plan plan;

  _gait_fftw_lock ();
  plan = fftw_plan_dft_r2c_1d ((int) n, in, spectrum, FFTW_ESTIMATE);
  _gait_fftw_unlock ();

  memcpy (in, x, sizeof (double) * n);
  fftw_execute (plan);

  for (gsize k = 0; k <= n / 2; k++)
    {
      double p = spectrum[k][0] * spectrum[k][0] + spectrum[k][1] * spectrum[k][1];

      out[k] = power ? p : hypot (spectrum[k][0], spectrum[k][1]);
    }

  _gait_fftw_lock ();
  fftw_destroy_plan (plan);
  _gait_fftw_unlock ();

  fftw_free (in);
  fftw_free (spectrum);
}

/**
 * gait_spectral_stats:
 * @x: (array length=n): the signal (e.g. a limb's hoof speed over a range
 *   of frames), finite values
 * @n: its length (more than 9 when filtering)
 * @params: how to treat it
 * @stats: (out caller-allocates): the statistics
 * @error: return location for a #GError
 *
 * Spectral statistics of @x: its mean is removed, drift is filtered out
 * (gait_highpass_filter() at @params->highpass_hz), and its spectrum
 * between @params->f_low and @params->f_high, divided by its sum, is
 * treated as a distribution over frequency (see #GaitSpectralStats and the
 * comment at the top of gait-spectral.c). The dominant frequency is the
 * headline: for a hoof speed, one peak per stride, it estimates the stride
 * frequency. Frequencies are multiples of the resolution fps / n.
 *
 * Returns: %TRUE on success; %FALSE with %GAIT_ERROR_INVALID_ARGUMENT for
 *   bad parameters, a non-finite value, too short a signal or a spectrum
 *   that is zero in the range
 */
gboolean
gait_spectral_stats (const double              *x,
                     gsize                      n,
                     const GaitSpectralParams  *params,
                     GaitSpectralStats         *stats,
                     GError                   **error)
{
  g_autofree double *y = NULL;
  g_autofree double *mag = NULL;
  g_autofree double *smooth = NULL;
  g_autoptr(GArray) peaks = NULL;
  g_autoptr(GArray) ranked = NULL;
  double fps, df, nyquist, f_high, sum = 0, mean = 0, cum = 0;
  double m2 = 0, m3 = 0, m4 = 0, quartiles[3] = { NAN, NAN, NAN };
  const double levels[3] = { 0.25, 0.5, 0.75 };
  gsize first, last, m, mode = 0, half, distance;
  guint level = 0;

  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fps = params->fps;
  if (!(isfinite (fps) && fps > 0) || !(params->f_low >= 0) || !(params->f_high >= 0) ||
      !(params->smooth_hz >= 0) || !(params->peak_distance_hz >= 0) || !(params->highpass_hz >= 0))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Spectral statistics: frame rate and frequencies must be positive");
      return FALSE;
    }

  if (n < 2)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Spectral statistics: %" G_GSIZE_FORMAT " samples are too few", n);
      return FALSE;
    }

  y = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (x[i]))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "Spectral statistics: sample %" G_GSIZE_FORMAT " is not a finite number", i);
          return FALSE;
        }
      mean += x[i];
    }
  mean /= (double) n;
  for (gsize i = 0; i < n; i++)
    y[i] = x[i] - mean;

  if (params->highpass_hz > 0 &&
      !gait_highpass_filter (y, n, fps, params->highpass_hz, y, error))
    {
      g_prefix_error (error, "Spectral statistics: ");
      return FALSE;
    }

  if (params->hann)
    for (gsize i = 0; i < n; i++)
      y[i] *= 0.5 - 0.5 * cos (2 * G_PI * (double) i / (double) n);

  mag = g_new (double, n / 2 + 1);
  rfft_magnitude (y, n, params->power, mag);

  /* np.fft.rfftfreq (n, d=1/fps) */
  df = 1.0 / ((double) n * (1.0 / fps));
  nyquist = (double) (n / 2) * df;
  f_high = params->f_high > 0 ? MIN (params->f_high, nyquist) : nyquist;

  for (first = 0; first <= n / 2 && (double) first * df < params->f_low; first++)
    ;
  for (last = n / 2 + 1; last > first && (double) (last - 1) * df > f_high; last--)
    ;
  m = last - first;

  for (gsize k = 0; k < m; k++)
    sum += mag[first + k];

  if (m == 0 || !(sum > 0) || !isfinite (sum))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Spectral statistics: no spectrum between %g and %g Hz",
                   params->f_low, f_high);
      return FALSE;
    }

  /* the distribution p, in place; moments, quantiles and mode */
  mean = 0;
  for (gsize k = 0; k < m; k++)
    {
      double p = mag[first + k] / sum;

      mag[first + k] = p;
      mean += (double) (first + k) * df * p;
      if (p > mag[first + mode])
        mode = k;
    }

  for (gsize k = 0; k < m; k++)
    {
      double p = mag[first + k];
      double d = (double) (first + k) * df - mean;

      m2 += d * d * p;
      m3 += d * d * d * p;
      m4 += d * d * d * d * p;

      cum += p;
      while (level < 3 && cum > levels[level])
        quartiles[level++] = (double) (first + k) * df;
    }
  while (level < 3)
    quartiles[level++] = (double) (last - 1) * df;

  memset (stats, 0, sizeof *stats);
  stats->mean = mean;
  stats->sd = sqrt (m2);
  stats->skewness = m2 > 0 ? m3 / pow (stats->sd, 3) : NAN;
  stats->kurtosis = m2 > 0 ? m4 / (m2 * m2) : NAN;
  stats->q25 = quartiles[0];
  stats->median = quartiles[1];
  stats->q75 = quartiles[2];
  stats->iqr = stats->q75 - stats->q25;
  stats->mode = (double) (first + mode) * df;
  stats->resolution = df;
  stats->n_bins = m;

  /* peaks of the smoothed distribution, each moved to the largest bin
   * within the smoothing window */
  half = (gsize) floor (params->smooth_hz / (2 * df));
  half = MIN (half, m);
  smooth = g_new (double, m);
  moving_average (mag + first, m, half, smooth);

  distance = (gsize) MAX (1.0, ceil (params->peak_distance_hz / df * (1 - 1e-12)));
  peaks = gait_find_peaks (smooth, m, distance);

  ranked = g_array_new (FALSE, FALSE, sizeof (Peak));
  for (guint i = 0; i < peaks->len; i++)
    {
      Peak p = { g_array_index (peaks, guint, i), 0 };

      p.height = smooth[p.index];
      g_array_append_val (ranked, p);
    }
  g_array_sort (ranked, compare_peaks);

  stats->n_peaks = MIN (ranked->len, 3);
  for (guint i = 0; i < 3; i++)
    {
      if (i < stats->n_peaks)
        {
          const Peak *p = &g_array_index (ranked, Peak, i);
          gsize a = p->index >= half ? p->index - half : 0;
          gsize b = MIN (p->index + half + 1, m);
          gsize top = a;

          for (gsize j = a + 1; j < b; j++)
            if (mag[first + j] > mag[first + top])
              top = j;

          stats->peaks[i] = (double) (first + top) * df;
          stats->peak_heights[i] = p->height;
        }
      else
        {
          stats->peaks[i] = NAN;
          stats->peak_heights[i] = NAN;
        }
    }

  stats->dominant = stats->n_peaks > 0 ? stats->peaks[0] : stats->mode;

  return TRUE;
}

/**
 * gait_xcorr_normalised:
 * @a: (array length=n): the first signal
 * @b: (array length=n): the second signal
 * @n: their length
 * @max_lag: the largest lag, in samples, either way
 * @out: (out caller-allocates) (array): 2 × @max_lag + 1 values: the
 *   coefficient at lag k is at @out[@max_lag + k]
 * @peak_lag: (out) (optional): the lag of the largest coefficient
 *
 * Normalised cross-correlation with lags: for each lag k from −@max_lag to
 * @max_lag, the Pearson correlation coefficient of a[t] and b[t + k] over
 * the samples where both exist (the overlapping part, n − |k| pairs, each
 * side centred on its own mean), so every value lies in −1…1. A positive
 * peak lag means @b follows @a: b repeats a's pattern k samples later.
 * Pairs with a non-finite value are left out; a lag with fewer than two
 * pairs or a constant side gives NAN.
 *
 * Of equal maxima, the peak is the one closest to lag 0 (the negative one
 * on a tie). Keep @max_lag well below @n: near ±n only a few pairs
 * overlap, and their coefficient swings towards ±1 by chance (two pairs
 * always give exactly ±1).
 *
 * Returns: %TRUE if at least one coefficient is defined (then @peak_lag is
 *   set)
 */
gboolean
gait_xcorr_normalised (const double *a,
                       const double *b,
                       gsize         n,
                       guint         max_lag,
                       double       *out,
                       int          *peak_lag)
{
  double best = -INFINITY;
  int best_lag = 0;
  gboolean any = FALSE;

  g_return_val_if_fail (a != NULL || n == 0, FALSE);
  g_return_val_if_fail (b != NULL || n == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (max_lag < G_MAXINT / 2, FALSE);

  for (gint64 lag = -(gint64) max_lag; lag <= (gint64) max_lag; lag++)
    {
      gsize t0 = lag < 0 ? (gsize) -lag : 0;
      gsize t1 = lag > 0 ? (n > (gsize) lag ? n - (gsize) lag : 0) : n;
      double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0, r = NAN;
      gsize count = 0;

      for (gsize t = t0; t < t1; t++)
        {
          double va = a[t], vb = b[(gint64) t + lag];

          if (!isfinite (va) || !isfinite (vb))
            continue;
          sa += va;
          sb += vb;
          count++;
        }

      if (count >= 2)
        {
          double ma = sa / (double) count, mb = sb / (double) count;

          for (gsize t = t0; t < t1; t++)
            {
              double va = a[t], vb = b[(gint64) t + lag];

              if (!isfinite (va) || !isfinite (vb))
                continue;
              va -= ma;
              vb -= mb;
              sab += va * vb;
              saa += va * va;
              sbb += vb * vb;
            }

          /* √(saa · sbb), not √saa · √sbb: identical signals give exactly 1 */
          if (saa > 0 && sbb > 0)
            r = CLAMP (sab / sqrt (saa * sbb), -1.0, 1.0);
        }

      out[max_lag + lag] = r;
    }

  for (guint d = 0; d <= max_lag; d++)
    for (int sign = -1; sign <= 1; sign += 2)
      {
        int lag = sign * (int) d;
        double r = out[(gint64) max_lag + lag];

        if (d == 0 && sign == 1)
          continue;
        if (isfinite (r) && r > best)
          {
            best = r;
            best_lag = lag;
            any = TRUE;
          }
      }

  if (any && peak_lag != NULL)
    *peak_lag = best_lag;

  return any;
}
