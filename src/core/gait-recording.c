/* gait-recording.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gait-error.h"
#include "gait-recording.h"
#include "gait-signal.h"
#include "gait-tracking-private.h"

/*
 * A recording: a video, its tracking data, or both, with what the review
 * window shows beside them (each limb's hoof speed and its scalogram),
 * loaded and computed away from the main thread.
 */

struct _GaitRecording
{
  GObject           parent_instance;

  char             *video_path;
  char             *tracking_path;
  GaitTracking     *tracking;
  GaitProfile      *profile;
  GaitMediaInfo     media;
  GaitVideoDecoder *decoder;
  char             *warning;
  GaitDetectParams  signal_params;

  /* per limb */
  GPtrArray        *speeds;       /* of double[n_frames] */
  GPtrArray        *scalograms;   /* of double[n_widths * n_frames] */
  GPtrArray        *peaks;        /* of GArray of GaitPeak (row: frame, col: width index) */
};

G_DEFINE_FINAL_TYPE (GaitRecording, gait_recording, G_TYPE_OBJECT)

static void
gait_recording_finalize (GObject *object)
{
  GaitRecording *self = (GaitRecording *)object;

  g_clear_pointer (&self->video_path, g_free);
  g_clear_pointer (&self->tracking_path, g_free);
  g_clear_object (&self->tracking);
  g_clear_object (&self->profile);
  g_clear_object (&self->decoder);
  gait_media_info_clear (&self->media);
  g_clear_pointer (&self->warning, g_free);
  g_clear_pointer (&self->speeds, g_ptr_array_unref);
  g_clear_pointer (&self->scalograms, g_ptr_array_unref);
  g_clear_pointer (&self->peaks, g_ptr_array_unref);

  G_OBJECT_CLASS (gait_recording_parent_class)->finalize (object);
}

static void
gait_recording_class_init (GaitRecordingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gait_recording_finalize;
}

static void
gait_recording_init (GaitRecording *self)
{
  self->speeds = g_ptr_array_new_with_free_func (g_free);
  self->scalograms = g_ptr_array_new_with_free_func (g_free);
  self->peaks = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  gait_detect_params_init (&self->signal_params, GAIT_METHOD_SEED);
}

static gboolean
is_tracking_file (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".csv") || _gait_tracking_is_hdf5 (path, NULL, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

/**
 * gait_recording_find_tracking:
 * @video_path: a video
 *
 * DeepLabCut names its output after the video: `<video name>DLC_….csv`
 * (or `.h5`) in the video's folder. When several match, the filtered one
 * (`…_filtered.csv`) wins, then CSV before HDF5, then the first by name.
 *
 * Returns: (transfer full) (nullable): the tracking file beside the video
 */
char *
gait_recording_find_tracking (const char *video_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  char *dot;

  g_return_val_if_fail (video_path != NULL, NULL);

  dir = g_path_get_dirname (video_path);
  base = g_path_get_basename (video_path);
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  prefix = g_strconcat (base, "DLC", NULL);

  if (!(d = g_dir_open (dir, 0, NULL)))
    return NULL;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && is_tracking_file (name))
      g_ptr_array_add (matches, g_strdup (name));

  if (matches->len == 0)
    return NULL;

  g_ptr_array_sort (matches, compare_names);
  for (guint i = 0; i < matches->len; i++)
    if (strstr (g_ptr_array_index (matches, i), "filtered") != NULL)
      return g_build_filename (dir, g_ptr_array_index (matches, i), NULL);
  for (guint i = 0; i < matches->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (matches, i), ".csv"))
      return g_build_filename (dir, g_ptr_array_index (matches, i), NULL);

  return g_build_filename (dir, g_ptr_array_index (matches, 0), NULL);
}

/**
 * gait_recording_find_video:
 * @tracking_path: a DeepLabCut output file
 *
 * Returns: (transfer full) (nullable): `<video name>.mp4` (or .avi, .mov,
 *   .mkv, .webm, .m4v, .mpg) beside a `<video name>DLC_….csv`
 */
char *
gait_recording_find_video (const char *tracking_path)
{
  static const char * const extensions[] = { "mp4", "avi", "mov", "mkv", "webm", "m4v", "mpg", NULL };
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  char *dlc;

  g_return_val_if_fail (tracking_path != NULL, NULL);

  dir = g_path_get_dirname (tracking_path);
  base = g_path_get_basename (tracking_path);
  if ((dlc = strstr (base, "DLC")) == NULL || dlc == base)
    return NULL;
  *dlc = '\0';

  for (guint i = 0; extensions[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat (base, ".", extensions[i], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }

  return NULL;
}

/* The scalogram's 2-D maxima that pass the seed method's filters (hoof
 * speed above the threshold, width above the minimum): the swings. */
static GArray *
find_peaks (const GaitDetectParams *params,
            const double           *speed,
            const double           *cwt,
            gsize                   n)
{
  guint n_widths = params->max_width - params->min_width + 1;
  g_autofree double *image = g_new (double, (gsize)n_widths * n);
  g_autoptr(GArray) all = NULL;
  GArray *peaks = g_array_new (FALSE, FALSE, sizeof (GaitPeak));

  for (guint w = 0; w < n_widths; w++)
    for (gsize t = 0; t < n; t++)
      image[t * n_widths + w] = cwt[(gsize)w * n + t];

  all = gait_peak_local_max (image, n, n_widths, params->min_distance, FALSE);
  for (guint i = 0; i < all->len; i++)
    {
      const GaitPeak *p = &g_array_index (all, GaitPeak, i);

      if (speed[p->row] > params->threshold && params->min_width + p->col > params->min_peak_width)
        g_array_append_val (peaks, *p);
    }

  return peaks;
}

static gboolean
compute_signals (GaitRecording  *self,
                 GCancellable   *cancellable,
                 GError        **error)
{
  gsize n = gait_tracking_get_n_frames (self->tracking);
  guint n_widths = self->signal_params.max_width - self->signal_params.min_width + 1;

  /* Too short to smooth: the timeline shows no signal lanes. */
  if (n < self->signal_params.savgol_window)
    return TRUE;

  for (guint i = 0; i < gait_profile_get_n_limbs (self->profile); i++)
    {
      g_autoptr(GArray) distal = NULL;
      g_autofree double *speed = g_new (double, n);
      g_autofree double *cwt = g_new (double, (gsize)n_widths * n);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!(distal = gait_profile_resolve_limb (self->profile, self->tracking, i, error)) ||
          !gait_hoof_speed (self->tracking, (guint *)(gpointer)distal->data, distal->len,
                            &self->signal_params, speed, error) ||
          !gait_hoof_scalogram (speed, n, &self->signal_params, cwt, error))
        {
          /* a limb that is never seen has no signal, not a failed recording */
          if (g_error_matches (*error, GAIT_ERROR, GAIT_ERROR_EMPTY))
            {
              g_clear_error (error);
              g_ptr_array_add (self->speeds, NULL);
              g_ptr_array_add (self->scalograms, NULL);
              g_ptr_array_add (self->peaks, g_array_new (FALSE, FALSE, sizeof (GaitPeak)));
              continue;
            }
          return FALSE;
        }

      g_ptr_array_add (self->peaks, find_peaks (&self->signal_params, speed, cwt, n));
      g_ptr_array_add (self->speeds, g_steal_pointer (&speed));
      g_ptr_array_add (self->scalograms, g_steal_pointer (&cwt));
    }

  return TRUE;
}

/**
 * gait_recording_load:
 * @video_path: (nullable): the video
 * @tracking_path: (nullable): its tracking data; found beside the video
 *   when %NULL
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads a recording. Either path may be %NULL (video only, or tracking only
 * for a timeline without a picture), not both. A frame count that differs
 * between video and tracking is no error: gait_recording_get_warning()
 * says so, with both counts.
 *
 * Returns: (transfer full) (nullable): the recording
 */
GaitRecording *
gait_recording_load (const char    *video_path,
                     const char    *tracking_path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GaitRecording) self = g_object_new (GAIT_TYPE_RECORDING, NULL);

  g_return_val_if_fail (video_path != NULL || tracking_path != NULL, NULL);

  self->video_path = g_strdup (video_path);
  self->tracking_path = tracking_path ? g_strdup (tracking_path)
                                      : gait_recording_find_tracking (video_path);
  if (self->video_path == NULL)
    self->video_path = gait_recording_find_video (self->tracking_path);

  if (self->video_path != NULL &&
      (!gait_media_probe (self->video_path, &self->media, error) ||
       !(self->decoder = gait_video_decoder_new (self->video_path, error))))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (self->tracking_path != NULL)
    {
      if (!(self->tracking = gait_tracking_new_from_file (self->tracking_path, NULL, error)))
        return NULL;

      self->profile = gait_profile_guess (self->tracking);

      if (self->video_path != NULL &&
          self->media.n_frames != gait_tracking_get_n_frames (self->tracking))
        {
          g_autofree char *video = g_path_get_basename (self->video_path);
          g_autofree char *tracking = g_path_get_basename (self->tracking_path);

          self->warning = g_strdup_printf ("The video %s has %" G_GINT64_FORMAT " frames but "
                                           "the tracking data %s has %u. Frames are matched "
                                           "from the start; nothing is shifted.",
                                           video, self->media.n_frames, tracking,
                                           gait_tracking_get_n_frames (self->tracking));
        }

      if (self->profile != NULL && !compute_signals (self, cancellable, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

typedef struct
{
  char *video_path;
  char *tracking_path;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *ld = data;

  g_free (ld->video_path);
  g_free (ld->tracking_path);
  g_free (ld);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *ld = task_data;
  GError *error = NULL;
  GaitRecording *recording;

  recording = gait_recording_load (ld->video_path, ld->tracking_path, cancellable, &error);
  if (recording == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, recording, g_object_unref);
}

/**
 * gait_recording_load_async:
 * @video_path: (nullable): the video
 * @tracking_path: (nullable): its tracking data
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Loads a recording in a worker thread; see gait_recording_load().
 */
void
gait_recording_load_async (const char          *video_path,
                           const char          *tracking_path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *ld;

  g_return_if_fail (video_path != NULL || tracking_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gait_recording_load_async);
  ld = g_new0 (LoadData, 1);
  ld->video_path = g_strdup (video_path);
  ld->tracking_path = g_strdup (tracking_path);
  g_task_set_task_data (task, ld, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

GaitRecording *
gait_recording_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gait_recording_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
gait_recording_get_video_path (GaitRecording *self)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), NULL);
  return self->video_path;
}

const char *
gait_recording_get_tracking_path (GaitRecording *self)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), NULL);
  return self->tracking_path;
}

/**
 * gait_recording_get_tracking:
 * @self: a #GaitRecording
 *
 * Returns: (transfer none) (nullable): the tracking data
 */
GaitTracking *
gait_recording_get_tracking (GaitRecording *self)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), NULL);
  return self->tracking;
}

/**
 * gait_recording_get_profile:
 * @self: a #GaitRecording
 *
 * Returns: (transfer none) (nullable): the landmark roles, if a built-in
 *   profile fits the tracking data
 */
GaitProfile *
gait_recording_get_profile (GaitRecording *self)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), NULL);
  return self->profile;
}

/**
 * gait_recording_get_decoder:
 * @self: a #GaitRecording
 *
 * Returns: (transfer none) (nullable): the video's frame-exact decoder
 */
GaitVideoDecoder *
gait_recording_get_decoder (GaitRecording *self)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), NULL);
  return self->decoder;
}

/**
 * gait_recording_get_media_info:
 * @self: a #GaitRecording
 *
 * Returns: (transfer none) (nullable): the video's properties, or %NULL
 *   without a video
 */
const GaitMediaInfo *
gait_recording_get_media_info (GaitRecording *self)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), NULL);
  return self->video_path ? &self->media : NULL;
}

/**
 * gait_recording_get_n_frames:
 * @self: a #GaitRecording
 *
 * Returns: the length of the timeline: the longer of video and tracking
 */
gint64
gait_recording_get_n_frames (GaitRecording *self)
{
  gint64 n = 0;

  g_return_val_if_fail (GAIT_IS_RECORDING (self), 0);

  if (self->video_path != NULL)
    n = self->media.n_frames;
  if (self->tracking != NULL)
    n = MAX (n, (gint64)gait_tracking_get_n_frames (self->tracking));

  return n;
}

/**
 * gait_recording_get_fps:
 * @self: a #GaitRecording
 *
 * Returns: the video's frame rate, or 0 without a video
 */
double
gait_recording_get_fps (GaitRecording *self)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), 0);
  return self->video_path ? gait_media_info_get_fps (&self->media) : 0;
}

const char *
gait_recording_get_warning (GaitRecording *self)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), NULL);
  return self->warning;
}

guint
gait_recording_get_n_limbs (GaitRecording *self)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), 0);
  return self->speeds->len;
}

/**
 * gait_recording_get_speed:
 * @self: a #GaitRecording
 * @limb: index of a limb of the profile
 *
 * Returns: (transfer none) (nullable): the limb's hoof speed, one value per
 *   tracking frame, or %NULL if the limb is never seen
 */
const double *
gait_recording_get_speed (GaitRecording *self,
                          guint          limb)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (limb < self->speeds->len, NULL);
  return g_ptr_array_index (self->speeds, limb);
}

/**
 * gait_recording_get_scalogram:
 * @self: a #GaitRecording
 * @limb: index of a limb of the profile
 * @n_widths: (out) (optional): number of rows
 *
 * Returns: (transfer none) (nullable): the Ricker scalogram of the limb's
 *   hoof speed, @n_widths rows of one value per frame
 */
const double *
gait_recording_get_scalogram (GaitRecording *self,
                              guint          limb,
                              guint         *n_widths)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (limb < self->scalograms->len, NULL);

  if (n_widths != NULL)
    *n_widths = self->signal_params.max_width - self->signal_params.min_width + 1;
  return g_ptr_array_index (self->scalograms, limb);
}

/**
 * gait_recording_get_peaks:
 * @self: a #GaitRecording
 * @limb: index of a limb of the profile
 *
 * Returns: (transfer none) (nullable): the limb's wavelet peaks (#GaitPeak:
 *   row is the frame, col the width index), unordered
 */
const GArray *
gait_recording_get_peaks (GaitRecording *self,
                          guint          limb)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), NULL);
  g_return_val_if_fail (limb < self->peaks->len, NULL);

  return g_ptr_array_index (self->peaks, limb);
}

/**
 * gait_recording_get_signal_params:
 * @self: a #GaitRecording
 *
 * Returns: (transfer none): the parameters of the hoof speed and scalogram
 */
const GaitDetectParams *
gait_recording_get_signal_params (GaitRecording *self)
{
  g_return_val_if_fail (GAIT_IS_RECORDING (self), NULL);
  return &self->signal_params;
}

/* Detection in a worker thread. */

typedef struct
{
  GaitTracking     *tracking;
  GaitProfile      *profile;
  GaitDetectParams  params;
} DetectData;

static void
detect_data_free (gpointer data)
{
  DetectData *dd = data;

  g_object_unref (dd->tracking);
  g_object_unref (dd->profile);
  g_free (dd);
}

static void
detect_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DetectData *dd = task_data;
  GError *error = NULL;
  GArray *cycles;

  cycles = gait_detect (dd->tracking, dd->profile, &dd->params, cancellable, &error);
  if (cycles == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, cycles, (GDestroyNotify)g_array_unref);
}

/**
 * gait_detect_async:
 * @tracking: tracking data (kept alive until done; it is immutable)
 * @profile: landmark roles (copied)
 * @params: detection parameters (copied)
 * @cancellable: (nullable): checked between limbs
 * @callback: called on the calling thread's main context
 * @user_data: data for @callback
 *
 * Runs gait_detect() in a worker thread.
 */
void
gait_detect_async (GaitTracking           *tracking,
                   GaitProfile            *profile,
                   const GaitDetectParams *params,
                   GCancellable           *cancellable,
                   GAsyncReadyCallback     callback,
                   gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  DetectData *dd;

  g_return_if_fail (GAIT_IS_TRACKING (tracking));
  g_return_if_fail (GAIT_IS_PROFILE (profile));
  g_return_if_fail (params != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gait_detect_async);
  dd = g_new0 (DetectData, 1);
  dd->tracking = g_object_ref (tracking);
  dd->profile = gait_profile_copy (profile);
  dd->params = *params;
  g_task_set_task_data (task, dd, detect_data_free);
  g_task_run_in_thread (task, detect_thread);
}

/**
 * gait_detect_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): an array of #GaitCycle
 */
GArray *
gait_detect_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gait_detect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
