/* gait-vqt.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gait-tracking.h"

G_BEGIN_DECLS

/**
 * GaitVqtPadding:
 * @GAIT_VQT_PADDING_SAME: one output sample per input frame, the kernel
 *   centred on the frame and the signal taken as 0 (the reference position)
 *   outside the recording; ⌈n_frames / downsample⌉ columns
 * @GAIT_VQT_PADDING_VALID: only frames whose whole window lies inside the
 *   recording (face-rhythm's setting); ⌈(n_frames − window + 1) /
 *   downsample⌉ columns
 *
 * Which part of the convolution the transform keeps (vqt's `padding`).
 */
typedef enum
{
  GAIT_VQT_PADDING_SAME,
  GAIT_VQT_PADDING_VALID,
} GaitVqtPadding;

/**
 * GaitVqtParams:
 * @fps: sampling rate of the input (frames per second)
 * @q_low: Q (cycles in the window) at the lowest frequency (3)
 * @q_high: Q at the highest frequency (20)
 * @f_min: lowest frequency in Hz (1)
 * @f_max: highest frequency in Hz (40), lowered below the Nyquist frequency
 *   when needed, see gait_vqt_new()
 * @n_bins: number of log-spaced frequency bins (55)
 * @downsample: output decimation: the mean of every @downsample magnitudes (8)
 * @padding: see #GaitVqtPadding (%GAIT_VQT_PADDING_SAME)
 * @normalization: per-time-point power normalisation strength, 0…1 (0.99)
 * @spectrogram_exponent: exponent applied to the magnitudes before the
 *   normalisation (1)
 * @one_over_f_exponent: the normalised spectrogram is multiplied by
 *   f^@one_over_f_exponent (1; 0 disables)
 *
 * Parameters of face-rhythm's variable-Q transform (its VQT_Analyzer
 * defaults); gait_vqt_params_init() fills them in.
 */
typedef struct
{
  double         fps;
  double         q_low;
  double         q_high;
  double         f_min;
  double         f_max;
  guint          n_bins;
  guint          downsample;
  GaitVqtPadding padding;
  double         normalization;
  double         spectrogram_exponent;
  double         one_over_f_exponent;
} GaitVqtParams;

/**
 * GaitSpectrogramComponent:
 * @GAIT_SPECTROGRAM_X: the x displacement's spectrogram
 * @GAIT_SPECTROGRAM_Y: the y displacement's spectrogram
 * @GAIT_SPECTROGRAM_XY: the mean of the two (Gaitline's single map)
 *
 * Which of the three normalised spectrograms of a landmark to read.
 */
typedef enum
{
  GAIT_SPECTROGRAM_X,
  GAIT_SPECTROGRAM_Y,
  GAIT_SPECTROGRAM_XY,
} GaitSpectrogramComponent;

/**
 * GaitSpectrogramLayout:
 * @GAIT_SPECTROGRAM_WIDE: one row per frequency bin (lowest first), one
 *   column per time point; the header row gives the times
 * @GAIT_SPECTROGRAM_LONG: one row per time point and frequency bin with
 *   all three components
 *
 * How gait_spectrogram_to_csv() lays out the matrix.
 */
typedef enum
{
  GAIT_SPECTROGRAM_WIDE,
  GAIT_SPECTROGRAM_LONG,
} GaitSpectrogramLayout;

typedef struct _GaitVqt GaitVqt;
typedef struct _GaitSpectrogram GaitSpectrogram;

#define GAIT_TYPE_VQT         (gait_vqt_get_type ())
#define GAIT_TYPE_SPECTROGRAM (gait_spectrogram_get_type ())

void             gait_vqt_params_init          (GaitVqtParams            *params,
                                                double                    fps);

GType            gait_vqt_get_type             (void) G_GNUC_CONST;
GaitVqt         *gait_vqt_new                  (const GaitVqtParams      *params,
                                                GError                  **error);
GaitVqt         *gait_vqt_ref                  (GaitVqt                  *self);
void             gait_vqt_unref                (GaitVqt                  *self);
const GaitVqtParams *gait_vqt_get_params       (GaitVqt                  *self);
guint            gait_vqt_get_n_bins           (GaitVqt                  *self);
const double    *gait_vqt_get_frequencies      (GaitVqt                  *self);
guint            gait_vqt_get_window_size      (GaitVqt                  *self);
guint            gait_vqt_get_window_length    (GaitVqt                  *self,
                                                guint                     bin);
void             gait_vqt_get_kernel           (GaitVqt                  *self,
                                                guint                     bin,
                                                double                   *re,
                                                double                   *im);
gsize            gait_vqt_get_n_times          (GaitVqt                  *self,
                                                gsize                     n_frames);
void             gait_vqt_get_frame_axis       (GaitVqt                  *self,
                                                gsize                     n_frames,
                                                double                   *out);
gboolean         gait_vqt_transform            (GaitVqt                  *self,
                                                const double             *signal,
                                                gsize                     n_frames,
                                                double                   *out,
                                                GCancellable             *cancellable,
                                                GError                  **error);
GaitSpectrogram *gait_vqt_displacement         (GaitVqt                  *self,
                                                const double             *dx,
                                                const double             *dy,
                                                gsize                     n_frames,
                                                GCancellable             *cancellable,
                                                GError                  **error);
GaitSpectrogram *gait_vqt_landmark             (GaitVqt                  *self,
                                                GaitTracking             *tracking,
                                                guint                     landmark,
                                                double                    likelihood_cutoff,
                                                GCancellable             *cancellable,
                                                GError                  **error);

GType            gait_spectrogram_get_type     (void) G_GNUC_CONST;
GaitSpectrogram *gait_spectrogram_ref          (GaitSpectrogram          *self);
void             gait_spectrogram_unref        (GaitSpectrogram          *self);
guint            gait_spectrogram_get_n_bins   (GaitSpectrogram          *self);
gsize            gait_spectrogram_get_n_times  (GaitSpectrogram          *self);
gsize            gait_spectrogram_get_n_frames (GaitSpectrogram          *self);
double           gait_spectrogram_get_fps      (GaitSpectrogram          *self);
const double    *gait_spectrogram_get_frequencies (GaitSpectrogram       *self);
const double    *gait_spectrogram_get_frames   (GaitSpectrogram          *self);
const double    *gait_spectrogram_get_times    (GaitSpectrogram          *self);
const double    *gait_spectrogram_get_data     (GaitSpectrogram          *self,
                                                GaitSpectrogramComponent  component);
void             gait_spectrogram_get_reference (GaitSpectrogram         *self,
                                                double                   *x,
                                                double                   *y);
char            *gait_spectrogram_to_csv       (GaitSpectrogram          *self,
                                                GaitSpectrogramComponent  component,
                                                GaitSpectrogramLayout     layout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GaitVqt, gait_vqt_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GaitSpectrogram, gait_spectrogram_unref)

G_END_DECLS
