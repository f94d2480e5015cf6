/* gait-window-spectral.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gait-spectral.h"
#include "gait-window-private.h"

/*
 * The spectral view: "Spectrogram of: <landmark>" in the Traces page
 * computes, in a worker thread, the variable-Q spectrogram of the
 * landmark's displacement (face-rhythm's defaults, FFTW) for the timeline
 * lane, and the spectral statistics of its speed over the whole recording,
 * the dominant stride frequency first.
 */

typedef struct
{
  GaitTracking     *tracking;
  guint             landmark;
  double            fps;
  double            cutoff;

  GaitSpectrogram  *spectrogram;
  GaitSpectralStats stats;
  gboolean          has_stats;
} SpectralJob;

static void
spectral_job_free (gpointer data)
{
  SpectralJob *job = data;

  g_clear_object (&job->tracking);
  g_clear_pointer (&job->spectrogram, gait_spectrogram_unref);
  g_free (job);
}

static void
spectral_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SpectralJob *job = task_data;
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GaitTrace) speed = NULL;
  g_autoptr(GError) error = NULL;
  GaitVqtParams params;

  gait_vqt_params_init (&params, job->fps);
  if (!(vqt = gait_vqt_new (&params, &error)) ||
      !(job->spectrogram = gait_vqt_landmark (vqt, job->tracking, job->landmark, job->cutoff,
                                              cancellable, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* the speed, gaps held at the last value seen */
  if ((speed = gait_trace_new_for_landmark (job->tracking, job->landmark, GAIT_LANDMARK_SPEED, NULL, NULL)))
    {
      gsize n;
      const double *v = gait_trace_get_values (speed, &n);
      g_autofree double *x = g_new (double, n);
      GaitSpectralParams sp;
      double last = 0;

      for (gsize i = 0; i < n; i++)
        if (isfinite (v[i]))
          {
            last = v[i];
            break;
          }
      for (gsize i = 0; i < n; i++)
        x[i] = last = isfinite (v[i]) ? v[i] : last;

      gait_spectral_params_init (&sp, job->fps);
      job->has_stats = gait_spectral_stats (x, n, &sp, &job->stats, NULL);
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * _gait_window_format_spectral_stats:
 * @stats: spectral statistics
 * @name: the landmark's name
 *
 * Returns: (transfer full): the Traces page's text
 */
char *
_gait_window_format_spectral_stats (const GaitSpectralStats *stats,
                                    const char              *name)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("Dominant stride frequency: %.2f Hz\n"), stats->dominant);
  g_string_append_printf (out, _("(%s speed, whole recording)\n"), name);
  g_string_append_printf (out, _("Mean %.2f Hz · SD %.2f Hz\n"), stats->mean, stats->sd);
  g_string_append_printf (out, _("Median %.2f Hz · mode %.2f Hz\n"), stats->median, stats->mode);
  g_string_append_printf (out, _("Quartiles %.2f–%.2f Hz · IQR %.2f Hz\n"), stats->q25, stats->q75, stats->iqr);
  g_string_append_printf (out, _("Skewness %.2f · kurtosis %.2f"), stats->skewness, stats->kurtosis);
  if (stats->n_peaks > 0)
    {
      g_string_append_c (out, '\n');
      g_string_append (out, _("Peaks:"));
      for (guint i = 0; i < stats->n_peaks && i < G_N_ELEMENTS (stats->peaks); i++)
        g_string_append_printf (out, " %.2f Hz", stats->peaks[i]);
    }

  return g_string_free (out, FALSE);
}

static void
spectral_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GaitWindow) self = user_data;
  SpectralJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GaitTracking *tracking;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->spectro_label != NULL)
        {
          gtk_label_set_text (self->spectro_label, "");
          gtk_widget_set_visible (GTK_WIDGET (self->spectro_label), FALSE);
          _gait_window_toast (self, _("The spectrogram could not be computed: %s"), error->message);
        }
      return;
    }

  tracking = job->tracking;
  gait_session_set_spectrogram (self->session, job->spectrogram,
                                gait_tracking_get_landmark_name (tracking, job->landmark));
  if (job->has_stats)
    {
      g_autofree char *text = _gait_window_format_spectral_stats (&job->stats,
                                                                  gait_tracking_get_landmark_name (tracking, job->landmark));

      gtk_label_set_text (self->spectro_label, text);
    }
  else
    gtk_label_set_text (self->spectro_label, _("No spectral statistics for this landmark"));
  gtk_widget_set_visible (GTK_WIDGET (self->spectro_label), TRUE);
}

static void
on_spectro_selected (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = recording ? gait_recording_get_tracking (recording) : NULL;
  guint selected = gtk_drop_down_get_selected (self->spectro_dropdown);
  g_autoptr(GTask) task = NULL;
  SpectralJob *job;

  if (self->filling_spectro)
    return;

  if (self->spectro_cancellable != NULL)
    g_cancellable_cancel (self->spectro_cancellable);
  g_clear_object (&self->spectro_cancellable);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || tracking == NULL ||
      selected - 1 >= gait_tracking_get_n_landmarks (tracking))
    {
      gait_session_set_spectrogram (self->session, NULL, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->spectro_label), FALSE);
      return;
    }

  if (!(gait_session_get_fps (self->session) > 0))
    {
      _gait_window_toast (self, "%s", _("A spectrogram needs the frame rate (Detection → Frame rate)"));
      return;
    }

  job = g_new0 (SpectralJob, 1);
  job->tracking = g_object_ref (tracking);
  job->landmark = selected - 1;
  job->fps = gait_session_get_fps (self->session);
  job->cutoff = gait_session_get_likelihood_cutoff (self->session);

  gtk_label_set_text (self->spectro_label, _("Computing the spectrogram…"));
  gtk_widget_set_visible (GTK_WIDGET (self->spectro_label), TRUE);

  self->spectro_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->spectro_cancellable, spectral_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, on_spectro_selected);
  g_task_set_task_data (task, job, spectral_job_free);
  g_task_run_in_thread (task, spectral_thread);
}

/* a new recording: its landmarks, no spectrogram yet */
static void
on_recording_changed (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = recording ? gait_recording_get_tracking (recording) : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (self->spectro_cancellable != NULL)
    g_cancellable_cancel (self->spectro_cancellable);
  g_clear_object (&self->spectro_cancellable);
  gait_session_set_spectrogram (self->session, NULL, NULL);

  gtk_string_list_append (names, C_("spectrogram of", "None"));
  for (guint i = 0; tracking != NULL && i < gait_tracking_get_n_landmarks (tracking); i++)
    gtk_string_list_append (names, gait_tracking_get_landmark_name (tracking, i));

  self->filling_spectro = TRUE;
  gtk_drop_down_set_model (self->spectro_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->spectro_dropdown, 0);
  self->filling_spectro = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->spectro_label), FALSE);
}

void
_gait_window_spectral_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, spectro_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, spectro_label);
}

void
_gait_window_spectral_init (GaitWindow *self)
{
  on_recording_changed (self);
  g_signal_connect_object (self->session, "notify::recording", G_CALLBACK (on_recording_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->spectro_dropdown, "notify::selected", G_CALLBACK (on_spectro_selected), self, G_CONNECT_SWAPPED);
}

void
_gait_window_spectral_dispose (GaitWindow *self)
{
  if (self->spectro_cancellable != NULL)
    g_cancellable_cancel (self->spectro_cancellable);
  g_clear_object (&self->spectro_cancellable);
}

/* win.spectrogram('LANDMARK'): the lane's landmark, as chosen in the
 * Traces page; an empty name for none */
void
_gait_window_spectrogram_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = recording ? gait_recording_get_tracking (recording) : NULL;
  const char *name = g_variant_get_string (param, NULL);
  int landmark;

  if (name[0] == '\0')
    {
      gtk_drop_down_set_selected (self->spectro_dropdown, 0);
      return;
    }

  if (tracking == NULL || (landmark = gait_tracking_find_landmark (tracking, name)) < 0)
    {
      _gait_window_toast (self, _("There is no landmark “%s”"), name);
      return;
    }

  gtk_drop_down_set_selected (self->spectro_dropdown, landmark + 1);
}
