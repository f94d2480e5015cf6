/* gait-vqt.c
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
#include "gait-signal-private.h"
#include "gait-vqt.h"

/*
 * face-rhythm's spectral analysis (face_rhythm.spectral_analysis.VQT_Analyzer)
 * on top of the variable-Q transform of its author's `vqt` package (0.1.3,
 * vqt.VQT and vqt.helpers.make_VQT_filters), step by step:
 *
 * Filter bank (make_VQT_filters, window_type='hann', symmetry='center'):
 *  - frequencies: np.geomspace (f_min, f_max, n_bins);
 *  - one window length W for every filter: ⌈q_low · fps / f_min⌉, made odd
 *    (+1) and at least 3;
 *  - Q rises geometrically from q_low to q_high (np.geomspace), and bin k's
 *    Hann window spans L_k = int (Q_k · fps / f_k) samples (clipped to ≥ 1,
 *    truncated as NumPy's int cast does), centred in the W samples and 0
 *    outside. vqt draws it by cubic interpolation of a 10 000-point
 *    scipy hann(fftbins=False); we evaluate the same function,
 *    0.5 + 0.5 cos (2π u) for |u| ≤ ½ at u = (j / (W − 1) − ½) · W / L_k,
 *    which agrees with the interpolation to 1e-15;
 *  - the real filter cos (t_j · f_k · W / fps) · window, with t_j =
 *    np.linspace (−π, π, W). (So its frequency is f_k · W / (W − 1), a
 *    fraction of a per cent above f_k: vqt's, kept as is);
 *  - made analytic with a W-point Hilbert transform (scipy.signal.hilbert)
 *    and divided by its L1 norm (Σ |h_j|), so a sinusoid of amplitude A at
 *    the filter's frequency gives a magnitude close to A / 2.
 *
 * Transform (vqt.VQT.forward, fft_conv=True, take_abs=True): the full linear
 * convolution of the signal with every complex filter (a convolution, not a
 * correlation), cut to 'same' (centred) or 'valid', its magnitude, then
 * avg_pool1d (kernel = stride = downsample, ceil_mode=True,
 * count_include_pad=False): the mean of each run of `downsample`
 * magnitudes, the last run possibly shorter. vqt convolves the whole signal
 * at once with one FFT; we use overlap-save blocks of a few thousand
 * samples, which is the same linear convolution (to rounding) in less
 * memory. The time axis is vqt's make_conv_xAxis: the mean frame index of
 * the filter centres in each run.
 *
 * face-rhythm (VQT_Analyzer.transform and _normalize_spectrogram) feeds
 * x and y displacements (position − reference position) as separate
 * channels; for a single landmark, per time point t:
 *   s = |VQT|^spectrogram_exponent,
 *   mean_t = mean over the x and y channels of Σ_f s[f, t],
 *   s_norm = s / (normalization · mean_t + (1 − normalization)),
 *   result = s_norm · f^one_over_f_exponent.
 * face-rhythm keeps x and y as two spectrograms (and, with many points, the
 * mean runs over all of them). Gaitline keeps both and adds their mean as
 * its one map per landmark: since the normalisation divides by the mean of
 * the x and y column sums, that map's columns sum to ≈ 1 before the 1/f
 * weighting.
 *
 * Differences from face-rhythm's numbers: vqt computes in float32 (filters,
 * frequencies, convolution), we in double, so results agree to about 1e-6
 * relative; a window length L_k within float32 rounding of an integer could
 * truncate differently there. Values are otherwise the same computation.
 */

#define MOTHER_Q_MARGIN 2.0   /* main-lobe half-width of a Hann window: 2 / length */
#define MAX_WINDOW      (1u << 24)

struct _GaitVqt
{
  GaitVqtParams  params;      /* f_max as used, after the Nyquist limit */
  guint          n_bins;
  guint          window;      /* W, odd */
  double        *freqs;
  guint         *lengths;     /* Hann length of each bin, samples */
  double        *kernels;     /* n_bins × W complex, (re, im) interleaved */
  gsize          block;       /* overlap-save FFT size */
  fftw_complex  *spectra;     /* n_bins × block: DFTs of the padded kernels */
  fftw_plan      forward;
  fftw_plan      backward;
};

struct _GaitSpectrogram
{
  guint   n_bins;
  gsize   n_times;
  gsize   n_frames;
  double  fps;
  double *freqs;
  double *frames;
  double *times;
  double *data[3];
  double  ref_x;
  double  ref_y;
};

G_DEFINE_BOXED_TYPE (GaitVqt, gait_vqt, gait_vqt_ref, gait_vqt_unref)
G_DEFINE_BOXED_TYPE (GaitSpectrogram, gait_spectrogram, gait_spectrogram_ref, gait_spectrogram_unref)

/**
 * gait_vqt_params_init:
 * @params: (out caller-allocates): parameters to fill in
 * @fps: the sampling rate of the signals (frames per second)
 *
 * Fills in face-rhythm's defaults: Q from 3 to 20, 1–40 Hz in 55 log-spaced
 * bins, Hann windows, downsampling by 8, normalisation 0.99, spectrogram
 * exponent 1 and 1/f exponent 1. Padding is %GAIT_VQT_PADDING_SAME, so that
 * the columns line up with frames (face-rhythm uses 'valid').
 */
void
gait_vqt_params_init (GaitVqtParams *params,
                      double         fps)
{
  g_return_if_fail (params != NULL);

  *params = (GaitVqtParams) {
    .fps = fps,
    .q_low = 3,
    .q_high = 20,
    .f_min = 1,
    .f_max = 40,
    .n_bins = 55,
    .downsample = 8,
    .padding = GAIT_VQT_PADDING_SAME,
    .normalization = 0.99,
    .spectrogram_exponent = 1,
    .one_over_f_exponent = 1,
  };
}

/* np.geomspace (start, stop, num): 10 ** np.linspace (log10 (start),
 * log10 (stop), num) with the end points set exactly. */
static void
geomspace (double  start,
           double  stop,
           guint   num,
           double *out)
{
  double lo = log10 (start);
  double hi = log10 (stop);
  double step;

  if (num == 0)
    return;
  if (num == 1)
    {
      out[0] = start;
      return;
    }

  step = (hi - lo) / (double) (num - 1);
  for (guint k = 0; k < num; k++)
    out[k] = pow (10.0, (double) k * step + lo);

  out[0] = start;
  out[num - 1] = stop;
}

static gsize
next_pow2 (gsize n)
{
  gsize p = 1;

  while (p < n)
    p <<= 1;

  return p;
}

static void
gait_vqt_clear (gpointer data)
{
  GaitVqt *self = data;

  _gait_fftw_lock ();
  if (self->forward != NULL)
    fftw_destroy_plan (self->forward);
  if (self->backward != NULL)
    fftw_destroy_plan (self->backward);
  _gait_fftw_unlock ();

  g_free (self->freqs);
  g_free (self->lengths);
  g_free (self->kernels);
  fftw_free (self->spectra);
}

static gboolean
check_params (const GaitVqtParams  *p,
              GError              **error)
{
  const char *problem = NULL;

  if (!(isfinite (p->fps) && p->fps > 0))
    problem = "the frame rate must be positive";
  else if (!(isfinite (p->q_low) && p->q_low > 0 && isfinite (p->q_high) && p->q_high > 0))
    problem = "Q must be positive";
  else if (!(isfinite (p->f_min) && p->f_min > 0 && isfinite (p->f_max) && p->f_max >= p->f_min))
    problem = "the frequency range must be positive and not reversed";
  else if (p->n_bins == 0)
    problem = "there must be at least one frequency bin";
  else if (p->downsample == 0)
    problem = "the downsampling factor must be at least 1";
  else if (!(p->normalization >= 0 && p->normalization <= 1))
    problem = "the normalisation factor must lie in 0…1";
  else if (!isfinite (p->spectrogram_exponent) || !isfinite (p->one_over_f_exponent))
    problem = "the exponents must be finite";
  else if (p->padding != GAIT_VQT_PADDING_SAME && p->padding != GAIT_VQT_PADDING_VALID)
    problem = "unknown padding";

  if (problem != NULL)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Variable-Q transform: %s", problem);
      return FALSE;
    }

  return TRUE;
}

/* The W-point analytic signal of @real (scipy.signal.hilbert) into @out,
 * with the plans @fwd (@in → @spec) and @bwd (@spec → @out). */
static void
hilbert (const double *real,
         guint         w,
         fftw_plan     fwd,
         fftw_plan     bwd,
         fftw_complex *in,
         fftw_complex *spec,
         fftw_complex *out)
{
  for (guint j = 0; j < w; j++)
    {
      in[j][0] = real[j];
      in[j][1] = 0;
    }
  fftw_execute_dft (fwd, in, spec);

  /* h = 1 at 0 (and at w/2 for even w), 2 for the positive frequencies */
  for (guint j = 1; j < w; j++)
    {
      double h;

      if (w % 2 == 0)
        h = j < w / 2 ? 2 : (j == w / 2 ? 1 : 0);
      else
        h = j < (w + 1) / 2 ? 2 : 0;

      spec[j][0] *= h / w;
      spec[j][1] *= h / w;
    }
  spec[0][0] /= w;
  spec[0][1] /= w;
  fftw_execute_dft (bwd, spec, out);
}

/**
 * gait_vqt_new:
 * @params: the transform's parameters
 * @error: return location for a #GError
 *
 * Builds the filter bank of face-rhythm's variable-Q transform (see the
 * comment at the top of gait-vqt.c for each step). The highest frequency is
 * lowered, when needed, to `fps / 2 · q_high / (q_high + 2)`: there the
 * main lobe of the top filter's Hann window, which reaches 2 / q_high
 * above its centre frequency, ends at the Nyquist frequency (22.7 Hz at
 * 50 fps; face-rhythm's 90 fps leave 40 Hz as it is). gait_vqt_get_frequencies()
 * gives the frequencies used.
 *
 * The filter bank can be used from several threads at once.
 *
 * Returns: (transfer full): the filter bank, or %NULL with @error set
 *   (%GAIT_ERROR_INVALID_ARGUMENT) when a parameter is out of range
 */
GaitVqt *
gait_vqt_new (const GaitVqtParams  *params,
              GError              **error)
{
  g_autoptr(GaitVqt) self = NULL;
  g_autofree double *q = NULL;
  g_autofree double *real = NULL;
  fftw_complex *analytic, *hin, *hspec;
  fftw_complex *buffer = NULL;
  fftw_plan hfwd, hbwd;
  double f_max, limit, win;
  guint n, w;
  gsize block;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_params (params, error))
    return NULL;

  limit = params->fps / 2 * params->q_high / (params->q_high + MOTHER_Q_MARGIN);
  f_max = MIN (params->f_max, limit);
  if (!(f_max >= params->f_min))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Variable-Q transform: the lowest frequency (%g Hz) is not below "
                   "the highest that %g fps can resolve (%g Hz)",
                   params->f_min, params->fps, limit);
      return NULL;
    }

  win = ceil (params->q_low * (params->fps / params->f_min));
  if (!(win <= MAX_WINDOW))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Variable-Q transform: the window (q_low · fps / f_min = %g samples) is too long",
                   win);
      return NULL;
    }
  w = (guint) win;
  if (w % 2 != 1)
    w++;
  w = MAX (w, 3);

  n = params->n_bins;
  self = g_atomic_rc_box_new0 (GaitVqt);
  self->params = *params;
  self->params.f_max = f_max;
  self->n_bins = n;
  self->window = w;
  self->freqs = g_new (double, n);
  self->lengths = g_new (guint, n);
  self->kernels = g_new (double, (gsize) 2 * n * w);

  geomspace (params->f_min, f_max, n, self->freqs);
  q = g_new (double, n);
  geomspace (params->q_low, params->q_high, n, q);

  real = g_new (double, w);
  analytic = fftw_alloc_complex (w);
  hin = fftw_alloc_complex (w);
  hspec = fftw_alloc_complex (w);

  _gait_fftw_lock ();
  hfwd = fftw_plan_dft_1d ((int) w, hin, hspec, FFTW_FORWARD, FFTW_ESTIMATE);
  hbwd = fftw_plan_dft_1d ((int) w, hspec, analytic, FFTW_BACKWARD, FFTW_ESTIMATE);
  _gait_fftw_unlock ();
  g_assert (hfwd != NULL && hbwd != NULL);

  for (guint k = 0; k < n; k++)
    {
      double f = self->freqs[k];
      double period = 1.0 / f;
      double scale = MAX (q[k] * (params->fps * period), 1.0);
      double *kernel = self->kernels + (gsize) 2 * k * w;
      double ratio, l1 = 0;
      double t_step = (G_PI - (-G_PI)) / (double) (w - 1);
      double u_step = 1.0 / (double) (w - 1);

      /* np.array (scales, dtype=int) truncates */
      self->lengths[k] = scale >= (double) G_MAXUINT ? G_MAXUINT : (guint) scale;
      ratio = (double) w / (double) self->lengths[k];

      for (guint j = 0; j < w; j++)
        {
          double t = j == w - 1 ? G_PI : (double) j * t_step + (-G_PI);
          double u = ((j == w - 1 ? 1.0 : (double) j * u_step) - 0.5) * ratio;
          double hann = fabs (u) <= 0.5 ? 0.5 + 0.5 * cos (2 * G_PI * u) : 0.0;

          real[j] = cos (t * f * ((double) w / params->fps)) * hann;
        }

      hilbert (real, w, hfwd, hbwd, hin, hspec, analytic);

      for (guint j = 0; j < w; j++)
        l1 += hypot (analytic[j][0], analytic[j][1]);
      for (guint j = 0; j < w; j++)
        {
          kernel[2 * j] = l1 > 0 ? analytic[j][0] / l1 : 0;
          kernel[2 * j + 1] = l1 > 0 ? analytic[j][1] / l1 : 0;
        }
    }

  _gait_fftw_lock ();
  fftw_destroy_plan (hfwd);
  fftw_destroy_plan (hbwd);
  _gait_fftw_unlock ();
  fftw_free (analytic);
  fftw_free (hin);
  fftw_free (hspec);

  /* Overlap-save: blocks of a power of two ≥ 4 W keep the overhead of the
   * W − 1 overlapping samples at a quarter or less. */
  block = next_pow2 (MAX ((gsize) 4 * w, 256));
  self->block = block;
  self->spectra = fftw_alloc_complex (block * n);
  buffer = fftw_alloc_complex (block);

  _gait_fftw_lock ();
  self->forward = fftw_plan_dft_1d ((int) block, buffer, self->spectra, FFTW_FORWARD, FFTW_ESTIMATE);
  self->backward = fftw_plan_dft_1d ((int) block, self->spectra, buffer, FFTW_BACKWARD, FFTW_ESTIMATE);
  _gait_fftw_unlock ();
  g_assert (self->forward != NULL && self->backward != NULL);

  for (guint k = 0; k < n; k++)
    {
      const double *kernel = self->kernels + (gsize) 2 * k * w;

      memset (buffer, 0, sizeof (fftw_complex) * block);
      for (guint j = 0; j < w; j++)
        {
          buffer[j][0] = kernel[2 * j];
          buffer[j][1] = kernel[2 * j + 1];
        }
      fftw_execute_dft (self->forward, buffer, self->spectra + (gsize) k * block);
    }

  fftw_free (buffer);

  return g_steal_pointer (&self);
}

/**
 * gait_vqt_ref:
 * @self: a filter bank
 *
 * Returns: (transfer full): @self
 */
GaitVqt *
gait_vqt_ref (GaitVqt *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

/**
 * gait_vqt_unref:
 * @self: (transfer full): a filter bank
 *
 * Drops a reference; the last one frees the filter bank.
 */
void
gait_vqt_unref (GaitVqt *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, gait_vqt_clear);
}

/**
 * gait_vqt_get_params:
 * @self: a filter bank
 *
 * The parameters as used: @f_max is the highest frequency after the
 * Nyquist limit.
 *
 * Returns: (transfer none): the parameters
 */
const GaitVqtParams *
gait_vqt_get_params (GaitVqt *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->params;
}

/**
 * gait_vqt_get_n_bins:
 * @self: a filter bank
 *
 * Returns: the number of frequency bins
 */
guint
gait_vqt_get_n_bins (GaitVqt *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_bins;
}

/**
 * gait_vqt_get_frequencies:
 * @self: a filter bank
 *
 * Returns: (transfer none) (array): the centre frequency of each bin in Hz,
 *   lowest first
 */
const double *
gait_vqt_get_frequencies (GaitVqt *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->freqs;
}

/**
 * gait_vqt_get_window_size:
 * @self: a filter bank
 *
 * Returns: the length W of every filter in samples (odd)
 */
guint
gait_vqt_get_window_size (GaitVqt *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->window;
}

/**
 * gait_vqt_get_window_length:
 * @self: a filter bank
 * @bin: a frequency bin
 *
 * Returns: the length of @bin's Hann window in samples (≈ Q · fps / f)
 */
guint
gait_vqt_get_window_length (GaitVqt *self,
                            guint    bin)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (bin < self->n_bins, 0);

  return self->lengths[bin];
}

/**
 * gait_vqt_get_kernel:
 * @self: a filter bank
 * @bin: a frequency bin
 * @re: (out caller-allocates) (array): the real parts, W values
 * @im: (out caller-allocates) (array): the imaginary parts, W values
 *
 * Copies @bin's complex filter (gait_vqt_get_window_size() samples).
 */
void
gait_vqt_get_kernel (GaitVqt *self,
                     guint    bin,
                     double  *re,
                     double  *im)
{
  const double *kernel;

  g_return_if_fail (self != NULL);
  g_return_if_fail (bin < self->n_bins);
  g_return_if_fail (re != NULL && im != NULL);

  kernel = self->kernels + (gsize) 2 * bin * self->window;
  for (guint j = 0; j < self->window; j++)
    {
      re[j] = kernel[2 * j];
      im[j] = kernel[2 * j + 1];
    }
}

/* The part of the full convolution kept: first index and length. */
static gboolean
output_range (GaitVqt *self,
              gsize    n_frames,
              gsize   *first,
              gsize   *length)
{
  gsize w = self->window;

  if (self->params.padding == GAIT_VQT_PADDING_SAME)
    {
      *first = (w - 1) / 2;
      *length = n_frames;
      return n_frames > 0;
    }

  *first = w - 1;
  *length = n_frames >= w ? n_frames - w + 1 : 0;
  return n_frames >= w;
}

/**
 * gait_vqt_get_n_times:
 * @self: a filter bank
 * @n_frames: the length of a signal
 *
 * Returns: the number of time points (columns) of its transform: ⌈n_frames
 *   / downsample⌉ with %GAIT_VQT_PADDING_SAME, ⌈(n_frames − W + 1) /
 *   downsample⌉ with %GAIT_VQT_PADDING_VALID; 0 when the signal is too
 *   short
 */
gsize
gait_vqt_get_n_times (GaitVqt *self,
                      gsize    n_frames)
{
  gsize first, length;

  g_return_val_if_fail (self != NULL, 0);

  if (!output_range (self, n_frames, &first, &length))
    return 0;

  return (length + self->params.downsample - 1) / self->params.downsample;
}

/**
 * gait_vqt_get_frame_axis:
 * @self: a filter bank
 * @n_frames: the length of a signal
 * @out: (out caller-allocates) (array): gait_vqt_get_n_times() values
 *
 * The time axis of a transform in frames: for each column, the mean frame
 * index on which the filters were centred (vqt's make_conv_xAxis). Divide
 * by the frame rate for seconds.
 */
void
gait_vqt_get_frame_axis (GaitVqt *self,
                         gsize    n_frames,
                         double  *out)
{
  gsize first, length, ds, n_times;

  g_return_if_fail (self != NULL);

  if (!output_range (self, n_frames, &first, &length))
    return;

  g_return_if_fail (out != NULL);

  ds = self->params.downsample;
  n_times = (length + ds - 1) / ds;

  /* output i is centred on frame i + first − (W − 1) / 2 */
  for (gsize c = 0; c < n_times; c++)
    {
      gsize a = c * ds;
      gsize b = MIN (a + ds, length) - 1;
      double offset = (double) first - (double) ((self->window - 1) / 2);

      out[c] = ((double) a + (double) b) / 2 + offset;
    }
}

/**
 * gait_vqt_transform:
 * @self: a filter bank
 * @signal: (array length=n_frames): the signal, all values finite
 * @n_frames: its length
 * @out: (out caller-allocates) (array): n_bins × gait_vqt_get_n_times()
 *   values, row-major: bin k's magnitudes start at k × n_times
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The magnitude of the variable-Q transform, downsampled (vqt.VQT with
 * take_abs): not normalised, see gait_vqt_displacement() for face-rhythm's
 * whole pipeline.
 *
 * Returns: %TRUE on success; %FALSE with %GAIT_ERROR_INVALID_ARGUMENT for a
 *   non-finite value or a signal too short for %GAIT_VQT_PADDING_VALID, or
 *   %G_IO_ERROR_CANCELLED
 */
gboolean
gait_vqt_transform (GaitVqt       *self,
                    const double  *signal,
                    gsize          n_frames,
                    double        *out,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gsize w, block, step, first, length, ds, n_times;
  fftw_complex *segment, *spectrum, *product, *result;
  g_autofree double *counts = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (signal != NULL || n_frames == 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!output_range (self, n_frames, &first, &length))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Variable-Q transform: %" G_GSIZE_FORMAT " frames are fewer than "
                   "the window (%u)", n_frames, self->window);
      return FALSE;
    }

  g_return_val_if_fail (out != NULL, FALSE);

  for (gsize i = 0; i < n_frames; i++)
    if (!isfinite (signal[i]))
      {
        g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                     "Variable-Q transform: frame %" G_GSIZE_FORMAT " is not a finite number", i);
        return FALSE;
      }

  w = self->window;
  block = self->block;
  step = block - w + 1;
  ds = self->params.downsample;
  n_times = (length + ds - 1) / ds;

  memset (out, 0, sizeof (double) * n_times * self->n_bins);

  segment = fftw_alloc_complex (block);
  spectrum = fftw_alloc_complex (block);
  product = fftw_alloc_complex (block);
  result = fftw_alloc_complex (block);

  for (gsize done = 0; done < length; done += step)
    {
      /* this block gives full-convolution outputs first + done … */
      gint64 origin = (gint64) (first + done) - (gint64) (w - 1);
      gsize count = MIN (step, length - done);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;

      for (gsize s = 0; s < block; s++)
        {
          gint64 idx = origin + (gint64) s;

          segment[s][0] = idx >= 0 && idx < (gint64) n_frames ? signal[idx] : 0.0;
          segment[s][1] = 0;
        }
      fftw_execute_dft (self->forward, segment, spectrum);

      for (guint k = 0; k < self->n_bins; k++)
        {
          const fftw_complex *h = self->spectra + (gsize) k * block;
          double *row = out + (gsize) k * n_times;

          for (gsize s = 0; s < block; s++)
            {
              double a = spectrum[s][0], b = spectrum[s][1];
              double c = h[s][0], d = h[s][1];

              product[s][0] = a * c - b * d;
              product[s][1] = a * d + b * c;
            }
          fftw_execute_dft (self->backward, product, result);

          for (gsize t = 0; t < count; t++)
            {
              const double *z = result[w - 1 + t];

              row[(done + t) / ds] += sqrt (z[0] * z[0] + z[1] * z[1]);
            }
        }
    }

  fftw_free (segment);
  fftw_free (spectrum);
  fftw_free (product);
  fftw_free (result);

  if (error != NULL && *error != NULL)
    return FALSE;
  if (g_cancellable_is_cancelled (cancellable))
    return !g_cancellable_set_error_if_cancelled (cancellable, error);

  /* the inverse FFT is unnormalised: divide by the block size here too */
  counts = g_new (double, n_times);
  for (gsize c = 0; c < n_times; c++)
    counts[c] = (double) (MIN ((c + 1) * ds, length) - c * ds) * (double) block;

  for (guint k = 0; k < self->n_bins; k++)
    {
      double *row = out + (gsize) k * n_times;

      for (gsize c = 0; c < n_times; c++)
        row[c] /= counts[c];
    }

  return TRUE;
}

static void
gait_spectrogram_clear (gpointer data)
{
  GaitSpectrogram *self = data;

  g_free (self->freqs);
  g_free (self->frames);
  g_free (self->times);
  for (guint c = 0; c < G_N_ELEMENTS (self->data); c++)
    g_free (self->data[c]);
}

/**
 * gait_vqt_displacement:
 * @self: a filter bank
 * @dx: (array length=n_frames): x displacement from the reference position
 * @dy: (array length=n_frames): y displacement
 * @n_frames: the number of frames
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * face-rhythm's spectrogram of one tracked point: the variable-Q transform
 * of the x and y displacements, each raised to the spectrogram exponent,
 * divided per time point by `normalization · m + (1 − normalization)` where
 * m is the mean over x and y of the column's sum over frequencies, and
 * multiplied by f^one_over_f_exponent. A column whose divisor is 0 (no
 * motion at all with normalisation 1) stays 0. The %GAIT_SPECTROGRAM_XY
 * component is the mean of the x and y spectrograms.
 *
 * Returns: (transfer full): the spectrogram, or %NULL with @error set
 */
GaitSpectrogram *
gait_vqt_displacement (GaitVqt       *self,
                       const double  *dx,
                       const double  *dy,
                       gsize          n_frames,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GaitSpectrogram) spec = NULL;
  const GaitVqtParams *p;
  gsize n_times, size;
  guint n_bins;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (dx != NULL || n_frames == 0, NULL);
  g_return_val_if_fail (dy != NULL || n_frames == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p = &self->params;
  n_bins = self->n_bins;
  n_times = gait_vqt_get_n_times (self, n_frames);
  size = n_times * n_bins;

  spec = g_atomic_rc_box_new0 (GaitSpectrogram);
  spec->n_bins = n_bins;
  spec->n_times = n_times;
  spec->n_frames = n_frames;
  spec->fps = p->fps;
  spec->freqs = g_memdup2 (self->freqs, sizeof (double) * n_bins);
  spec->frames = g_new (double, MAX (n_times, 1));
  spec->times = g_new (double, MAX (n_times, 1));
  for (guint c = 0; c < 3; c++)
    spec->data[c] = g_new0 (double, MAX (size, 1));

  if (!gait_vqt_transform (self, dx, n_frames, spec->data[GAIT_SPECTROGRAM_X], cancellable, error) ||
      !gait_vqt_transform (self, dy, n_frames, spec->data[GAIT_SPECTROGRAM_Y], cancellable, error))
    return NULL;

  gait_vqt_get_frame_axis (self, n_frames, spec->frames);
  for (gsize t = 0; t < n_times; t++)
    spec->times[t] = spec->frames[t] / p->fps;

  if (p->spectrogram_exponent != 1)
    for (guint c = 0; c < 2; c++)
      for (gsize i = 0; i < size; i++)
        spec->data[c][i] = pow (spec->data[c][i], p->spectrogram_exponent);

  for (gsize t = 0; t < n_times; t++)
    {
      double sum = 0, divisor;

      for (guint c = 0; c < 2; c++)
        for (guint k = 0; k < n_bins; k++)
          sum += spec->data[c][(gsize) k * n_times + t];

      divisor = p->normalization * (sum / 2) + (1 - p->normalization);

      for (guint c = 0; c < 2; c++)
        for (guint k = 0; k < n_bins; k++)
          {
            double *v = &spec->data[c][(gsize) k * n_times + t];

            *v = divisor != 0 ? *v / divisor : 0.0;
          }
    }

  if (p->one_over_f_exponent != 0)
    for (guint k = 0; k < n_bins; k++)
      {
        double weight = pow (self->freqs[k], p->one_over_f_exponent);

        for (guint c = 0; c < 2; c++)
          for (gsize t = 0; t < n_times; t++)
            spec->data[c][(gsize) k * n_times + t] *= weight;
      }

  for (gsize i = 0; i < size; i++)
    spec->data[GAIT_SPECTROGRAM_XY][i] = (spec->data[GAIT_SPECTROGRAM_X][i] +
                                          spec->data[GAIT_SPECTROGRAM_Y][i]) / 2;

  return g_steal_pointer (&spec);
}

/**
 * gait_vqt_landmark:
 * @self: a filter bank
 * @tracking: tracking data
 * @landmark: a landmark of @tracking
 * @likelihood_cutoff: frames where the landmark's likelihood is below this
 *   count as not seen (files without likelihoods: every finite position
 *   is seen)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gait_vqt_displacement() of a landmark: the displacement is its position
 * minus its median position over the frames where it is seen (the
 * reference, per axis); frames where it is not seen are interpolated
 * linearly between their seen neighbours (held at the ends), as the VQT
 * needs a value at every frame.
 *
 * Returns: (transfer full): the spectrogram, or %NULL with @error set
 *   (%GAIT_ERROR_EMPTY when the landmark is never seen)
 */
GaitSpectrogram *
gait_vqt_landmark (GaitVqt       *self,
                   GaitTracking  *tracking,
                   guint          landmark,
                   double         likelihood_cutoff,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GaitSpectrogram) spec = NULL;
  g_autofree double *dx = NULL;
  g_autofree double *dy = NULL;
  g_autofree double *sorted = NULL;
  g_autofree gboolean *seen = NULL;
  const double *x, *y, *l;
  gboolean has_likelihood;
  double ref_x, ref_y;
  gsize n, n_seen = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), NULL);
  g_return_val_if_fail (landmark < gait_tracking_get_n_landmarks (tracking), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = gait_tracking_get_n_frames (tracking);
  x = gait_tracking_get_x (tracking, landmark);
  y = gait_tracking_get_y (tracking, landmark);
  l = gait_tracking_get_likelihood (tracking, landmark);
  has_likelihood = gait_tracking_has_likelihood (tracking);

  seen = g_new (gboolean, MAX (n, 1));
  dx = g_new (double, MAX (n, 1));
  dy = g_new (double, MAX (n, 1));
  sorted = g_new (double, MAX (n, 1));

  for (gsize f = 0; f < n; f++)
    {
      seen[f] = isfinite (x[f]) && isfinite (y[f]) &&
                (!has_likelihood || l[f] >= likelihood_cutoff);
      n_seen += seen[f];
    }

  if (n_seen == 0)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_EMPTY,
                   "%s: landmark “%s” is never seen (likelihood ≥ %g)",
                   gait_tracking_get_path (tracking),
                   gait_tracking_get_landmark_name (tracking, landmark),
                   likelihood_cutoff);
      return NULL;
    }

  for (guint axis = 0; axis < 2; axis++)
    {
      const double *v = axis == 0 ? x : y;
      gsize m = 0;

      for (gsize f = 0; f < n; f++)
        if (seen[f])
          sorted[m++] = v[f];
      if (axis == 0)
        ref_x = _gait_median_in_place (sorted, m);
      else
        ref_y = _gait_median_in_place (sorted, m);
    }

  for (gsize f = 0; f < n; f++)
    {
      dx[f] = seen[f] ? x[f] - ref_x : NAN;
      dy[f] = seen[f] ? y[f] - ref_y : NAN;
    }
  /* linear over the frames not seen, held at the ends */
  _gait_fill_gaps (dx, n);
  _gait_fill_gaps (dy, n);

  if (!(spec = gait_vqt_displacement (self, dx, dy, n, cancellable, error)))
    {
      g_prefix_error (error, "%s: ", gait_tracking_get_landmark_name (tracking, landmark));
      return NULL;
    }

  spec->ref_x = ref_x;
  spec->ref_y = ref_y;

  return g_steal_pointer (&spec);
}

/**
 * gait_spectrogram_ref:
 * @self: a spectrogram
 *
 * Returns: (transfer full): @self
 */
GaitSpectrogram *
gait_spectrogram_ref (GaitSpectrogram *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

/**
 * gait_spectrogram_unref:
 * @self: (transfer full): a spectrogram
 *
 * Drops a reference; the last one frees the spectrogram.
 */
void
gait_spectrogram_unref (GaitSpectrogram *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, gait_spectrogram_clear);
}

/**
 * gait_spectrogram_get_n_bins:
 * @self: a spectrogram
 *
 * Returns: the number of frequency bins (rows)
 */
guint
gait_spectrogram_get_n_bins (GaitSpectrogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_bins;
}

/**
 * gait_spectrogram_get_n_times:
 * @self: a spectrogram
 *
 * Returns: the number of time points (columns)
 */
gsize
gait_spectrogram_get_n_times (GaitSpectrogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_times;
}

/**
 * gait_spectrogram_get_n_frames:
 * @self: a spectrogram
 *
 * Returns: the number of frames of the signal it was computed from
 */
gsize
gait_spectrogram_get_n_frames (GaitSpectrogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_frames;
}

/**
 * gait_spectrogram_get_fps:
 * @self: a spectrogram
 *
 * Returns: the frame rate of the signal
 */
double
gait_spectrogram_get_fps (GaitSpectrogram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->fps;
}

/**
 * gait_spectrogram_get_frequencies:
 * @self: a spectrogram
 *
 * Returns: (transfer none) (array): each row's frequency in Hz, lowest first
 */
const double *
gait_spectrogram_get_frequencies (GaitSpectrogram *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->freqs;
}

/**
 * gait_spectrogram_get_frames:
 * @self: a spectrogram
 *
 * Returns: (transfer none) (array): each column's time as a (fractional)
 *   frame index: the mean of the frames the column averages
 */
const double *
gait_spectrogram_get_frames (GaitSpectrogram *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->frames;
}

/**
 * gait_spectrogram_get_times:
 * @self: a spectrogram
 *
 * Returns: (transfer none) (array): each column's time in seconds
 *   (gait_spectrogram_get_frames() / fps)
 */
const double *
gait_spectrogram_get_times (GaitSpectrogram *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->times;
}

/**
 * gait_spectrogram_get_data:
 * @self: a spectrogram
 * @component: which spectrogram
 *
 * Returns: (transfer none) (array): n_bins × n_times values, row-major:
 *   bin k, time t is at k × n_times + t
 */
const double *
gait_spectrogram_get_data (GaitSpectrogram          *self,
                           GaitSpectrogramComponent  component)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (component <= GAIT_SPECTROGRAM_XY, NULL);

  return self->data[component];
}

/**
 * gait_spectrogram_get_reference:
 * @self: a spectrogram
 * @x: (out) (optional): the reference x position
 * @y: (out) (optional): the reference y position
 *
 * The position the displacements were measured from (the landmark's median
 * position for gait_vqt_landmark(); 0 for gait_vqt_displacement()).
 */
void
gait_spectrogram_get_reference (GaitSpectrogram *self,
                                double          *x,
                                double          *y)
{
  g_return_if_fail (self != NULL);

  if (x != NULL)
    *x = self->ref_x;
  if (y != NULL)
    *y = self->ref_y;
}

static void
append_number (GString    *out,
               const char *format,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

/**
 * gait_spectrogram_to_csv:
 * @self: a spectrogram
 * @component: the spectrogram written by %GAIT_SPECTROGRAM_WIDE
 * @layout: the layout
 *
 * Writes the spectrogram as CSV (C locale, values with 9 significant
 * digits).
 *
 * %GAIT_SPECTROGRAM_WIDE: the header is `frequency_hz` followed by each
 * column's time in seconds; then one row per frequency bin, lowest first:
 * the frequency in Hz and the values of @component over time.
 *
 * %GAIT_SPECTROGRAM_LONG: columns `frame,time,frequency_hz,x,y,xy`, one row
 * per time point and bin (time-major, frequencies ascending): the column's
 * centre frame, its time in seconds, the bin's frequency and the three
 * components; @component is ignored.
 *
 * Returns: (transfer full): the CSV text
 */
char *
gait_spectrogram_to_csv (GaitSpectrogram          *self,
                         GaitSpectrogramComponent  component,
                         GaitSpectrogramLayout     layout)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (component <= GAIT_SPECTROGRAM_XY, NULL);

  out = g_string_sized_new (64 + self->n_times * self->n_bins * 16);

  if (layout == GAIT_SPECTROGRAM_WIDE)
    {
      const double *data = self->data[component];

      g_string_append (out, "frequency_hz");
      for (gsize t = 0; t < self->n_times; t++)
        {
          g_string_append_c (out, ',');
          append_number (out, "%.6f", self->times[t]);
        }
      g_string_append_c (out, '\n');

      for (guint k = 0; k < self->n_bins; k++)
        {
          append_number (out, "%.9g", self->freqs[k]);
          for (gsize t = 0; t < self->n_times; t++)
            {
              g_string_append_c (out, ',');
              append_number (out, "%.9g", data[(gsize) k * self->n_times + t]);
            }
          g_string_append_c (out, '\n');
        }
    }
  else
    {
      g_string_append (out, "frame,time,frequency_hz,x,y,xy\n");
      for (gsize t = 0; t < self->n_times; t++)
        for (guint k = 0; k < self->n_bins; k++)
          {
            gsize i = (gsize) k * self->n_times + t;

            append_number (out, "%.1f", self->frames[t]);
            g_string_append_c (out, ',');
            append_number (out, "%.6f", self->times[t]);
            g_string_append_c (out, ',');
            append_number (out, "%.9g", self->freqs[k]);
            for (guint c = 0; c < 3; c++)
              {
                g_string_append_c (out, ',');
                append_number (out, "%.9g", self->data[c][i]);
              }
            g_string_append_c (out, '\n');
          }
    }

  return g_string_free (out, FALSE);
}
