/* gait-spectral.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GaitSpectralParams:
 * @fps: sampling rate of the signal (frames per second)
 * @highpass_hz: cut-off of the zero-phase Butterworth high-pass filter that
 *   removes drift before the spectrum is taken (0.5 Hz); 0 for none
 * @f_low: lowest frequency of the distribution in Hz (0.5, the cut-off)
 * @f_high: highest frequency in Hz; 0 or above the Nyquist frequency: up
 *   to the Nyquist frequency (0)
 * @power: use the power spectrum |X|² instead of the amplitude spectrum |X|
 *   (%FALSE: the amplitude, as the Q&A's code and seewave do)
 * @hann: multiply the filtered signal by a Hann window before the FFT
 *   (%FALSE, as the Q&A's code)
 * @smooth_hz: width in Hz of the running mean applied to the spectrum
 *   before peaks are picked (0.1 Hz; the Q&A uses a median of 15 bins)
 * @peak_distance_hz: smallest distance between two reported peaks (0.25 Hz)
 *
 * How gait_spectral_stats() treats a signal; gait_spectral_params_init()
 * fills in the defaults.
 */
typedef struct
{
  double   fps;
  double   highpass_hz;
  double   f_low;
  double   f_high;
  gboolean power;
  gboolean hann;
  double   smooth_hz;
  double   peak_distance_hz;
} GaitSpectralParams;

/**
 * GaitSpectralStats:
 * @dominant: the dominant frequency (Hz): the strongest peak, or @mode when
 *   the spectrum has no peak
 * @mean: spectral centroid, Σ f·p (Hz)
 * @sd: spectral spread, √Σ (f − mean)²·p (Hz)
 * @median: first frequency where the cumulative distribution exceeds ½
 * @mode: frequency of the largest bin
 * @q25: first frequency where the cumulative distribution exceeds ¼
 * @q75: first frequency where the cumulative distribution exceeds ¾
 * @iqr: @q75 − @q25
 * @skewness: Σ (f − mean)³·p / sd³
 * @kurtosis: Σ (f − mean)⁴·p / sd⁴ (not the excess: 3 for a normal shape)
 * @n_peaks: how many of @peaks are set (0…3)
 * @peaks: the frequencies of the strongest peaks, strongest first; NAN
 *   beyond @n_peaks
 * @peak_heights: their heights in the smoothed distribution (fractions of
 *   its total per bin); NAN beyond @n_peaks
 * @resolution: the spacing of the frequency bins, fps / n (Hz)
 * @n_bins: the number of bins in the distribution
 *
 * Statistics of a spectrum treated as a distribution p over frequency
 * (seewave's specprop; see gait_spectral_stats()).
 */
typedef struct
{
  double dominant;
  double mean;
  double sd;
  double median;
  double mode;
  double q25;
  double q75;
  double iqr;
  double skewness;
  double kurtosis;
  guint  n_peaks;
  double peaks[3];
  double peak_heights[3];
  double resolution;
  gsize  n_bins;
} GaitSpectralStats;

void     gait_spectral_params_init (GaitSpectralParams       *params,
                                    double                    fps);
gboolean gait_spectral_stats       (const double             *x,
                                    gsize                     n,
                                    const GaitSpectralParams *params,
                                    GaitSpectralStats        *stats,
                                    GError                  **error);
gboolean gait_spectral_stats_range (const double             *x,
                                    gsize                     n,
                                    gint64                    start,
                                    gint64                    end,
                                    const GaitSpectralParams *params,
                                    GaitSpectralStats        *stats,
                                    GError                  **error);
gboolean gait_highpass_filter      (const double             *x,
                                    gsize                     n,
                                    double                    fps,
                                    double                    cutoff_hz,
                                    double                   *out,
                                    GError                  **error);
GArray  *gait_find_peaks           (const double             *x,
                                    gsize                     n,
                                    gsize                     distance);
gboolean gait_xcorr_normalised     (const double             *a,
                                    const double             *b,
                                    gsize                     n,
                                    guint                     max_lag,
                                    double                   *out,
                                    int                      *peak_lag);

G_END_DECLS
