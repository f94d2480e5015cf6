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
 * The spectral view, in the Traces page:
 *
 * "Spectrogram of: <landmark>" computes, in a worker thread, the
 * variable-Q spectrogram of the landmark's displacement (face-rhythm's
 * defaults, FFTW) for the timeline lane.
 *
 * "Statistics of: <signal> over <the whole recording | the selection>"
 * computes the spectral statistics (gait_spectral_stats_range()) of a
 * limb's hoof speed, a landmark's x, y or speed, or an intensity trace,
 * over the whole recording or the range selected in the timeline
 * (Shift+drag), the dominant stride frequency first. Signals are named as
 * `gaitline-cli spectrum --signal` names them, so both give the same
 * numbers; an intensity trace is taken as its lane shows it. The first
 * limb's hoof speed is chosen when a recording opens.
 */

/* The spectrogram */

typedef struct
{
  GaitTracking     *tracking;
  guint             landmark;
  double            fps;
  double            cutoff;
  GaitSpectrogram  *spectrogram;
} SpectrogramJob;

static void
spectrogram_job_free (gpointer data)
{
  SpectrogramJob *job = data;

  g_clear_object (&job->tracking);
  g_clear_pointer (&job->spectrogram, gait_spectrogram_unref);
  g_free (job);
}

static void
spectrogram_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SpectrogramJob *job = task_data;
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GError) error = NULL;
  GaitVqtParams params;

  gait_vqt_params_init (&params, job->fps);
  if (!(vqt = gait_vqt_new (&params, &error)) ||
      !(job->spectrogram = gait_vqt_landmark (vqt, job->tracking, job->landmark, job->cutoff,
                                              cancellable, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
spectrogram_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GaitWindow) self = user_data;
  SpectrogramJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->spectro_label != NULL)
        {
          gtk_widget_set_visible (GTK_WIDGET (self->spectro_label), FALSE);
          _gait_window_toast (self, _("The spectrogram could not be computed: %s"), error->message);
        }
      return;
    }

  gait_session_set_spectrogram (self->session, job->spectrogram,
                                gait_tracking_get_landmark_name (job->tracking, job->landmark));
  gtk_widget_set_visible (GTK_WIDGET (self->spectro_label), FALSE);
}

static void
on_spectro_selected (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = recording ? gait_recording_get_tracking (recording) : NULL;
  guint selected = gtk_drop_down_get_selected (self->spectro_dropdown);
  g_autoptr(GTask) task = NULL;
  SpectrogramJob *job;

  if (self->filling_spectro)
    return;

  g_cancellable_cancel (self->spectro_cancellable);
  g_clear_object (&self->spectro_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->spectro_label), FALSE);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || tracking == NULL ||
      selected - 1 >= gait_tracking_get_n_landmarks (tracking))
    {
      gait_session_set_spectrogram (self->session, NULL, NULL);
      return;
    }

  if (!(gait_session_get_fps (self->session) > 0))
    {
      _gait_window_toast (self, "%s", _("A spectrogram needs the frame rate (Detection → Frame rate)"));
      return;
    }

  job = g_new0 (SpectrogramJob, 1);
  job->tracking = g_object_ref (tracking);
  job->landmark = selected - 1;
  job->fps = gait_session_get_fps (self->session);
  job->cutoff = gait_session_get_likelihood_cutoff (self->session);

  gtk_label_set_text (self->spectro_label, _("Computing the spectrogram…"));
  gtk_widget_set_visible (GTK_WIDGET (self->spectro_label), TRUE);

  self->spectro_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->spectro_cancellable, spectrogram_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, on_spectro_selected);
  g_task_set_task_data (task, job, spectrogram_job_free);
  g_task_run_in_thread (task, spectrogram_thread);
}

/* Spectral statistics */

/* an entry of "Statistics of": a signal by its command-line name, or an
 * intensity trace */
typedef struct
{
  char          *spec;
  GaitTraceItem *item;
} StatsSignal;

static void
stats_signal_free (gpointer data)
{
  StatsSignal *signal = data;

  g_free (signal->spec);
  g_clear_object (&signal->item);
  g_free (signal);
}

typedef struct
{
  GaitTracking       *tracking;
  GaitProfile        *profile;
  char               *spec;
  GaitTrace          *trace;      /* an intensity trace's values, or NULL */
  GaitDetectParams    params;
  gint64              start;
  gint64              end;
  char               *name;

  GaitSpectralStats   stats;
} StatsJob;

static void
stats_job_free (gpointer data)
{
  StatsJob *job = data;

  g_clear_object (&job->tracking);
  g_clear_object (&job->profile);
  g_clear_object (&job->trace);
  g_free (job->spec);
  g_free (job->name);
  g_free (job);
}

static void
stats_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StatsJob *job = task_data;
  g_autoptr(GaitTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  GaitSpectralParams params;
  const double *values;
  gsize n;

  if (job->trace != NULL)
    trace = g_object_ref (job->trace);
  else if (!(trace = gait_trace_new_for_signal (job->tracking, job->profile, job->spec, &job->params, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  values = gait_trace_get_values (trace, &n);
  gait_spectral_params_init (&params, job->params.fps);
  if (!gait_spectral_stats_range (values, n, job->start, job->end, &params, &job->stats, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The Traces page's text: the statistics of the signal @name over @range
 * ("frames 120–480 (7.20 s)"; %NULL for the whole recording) */
static char *
format_spectral_stats (const GaitSpectralStats *stats,
                       const char              *name,
                       const char              *range)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("Dominant stride frequency: %.2f Hz\n"), stats->dominant);
  /* TRANSLATORS: the signal analysed, and over which frames */
  g_string_append_printf (out, _("(%s, %s)\n"), name, range ? range : _("whole recording"));
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
  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Resolution %.3f Hz"), stats->resolution);

  return g_string_free (out, FALSE);
}

/* "frames 120–480 (7.20 s)" */
static char *
format_range (GaitWindow *self,
              gint64      start,
              gint64      end)
{
  double fps = gait_session_get_fps (self->session);
  g_autofree char *first = g_strdup_printf ("%" G_GINT64_FORMAT, start);
  g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, end);

  /* TRANSLATORS: a range of video frames and its duration */
  return g_strdup_printf (_("frames %s–%s (%.2f s)"), first, last, fps > 0 ? (end - start) / fps : 0.0);
}

static void
stats_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GaitWindow) self = user_data;
  StatsJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *range = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->stats_label != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("No spectral statistics of %s: %s"), job->name, error->message);

          gtk_label_set_text (self->stats_label, message);
        }
      return;
    }

  if (job->start >= 0)
    range = format_range (self, job->start, job->end);
  text = format_spectral_stats (&job->stats, job->name, range);
  gtk_label_set_text (self->stats_label, text);
}

/* (Re)computes the statistics the Traces page asks for. */
static void
update_stats (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = recording ? gait_recording_get_tracking (recording) : NULL;
  guint selected = gtk_drop_down_get_selected (self->stats_dropdown);
  gboolean over_selection = gtk_drop_down_get_selected (self->stats_range_dropdown) == 1;
  g_autoptr(GTask) task = NULL;
  StatsSignal *signal;
  StatsJob *job;
  gint64 start = -1, end = -1;

  if (self->filling_stats)
    return;

  g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->stats_signals->len || recording == NULL)
    {
      gtk_label_set_text (self->stats_label, "");
      return;
    }
  signal = g_ptr_array_index (self->stats_signals, selected);

  if (!(gait_session_get_fps (self->session) > 0))
    {
      gtk_label_set_text (self->stats_label, _("Spectral statistics need the frame rate (Detection → Frame rate)"));
      return;
    }

  if (over_selection && !gait_session_get_selection (self->session, &start, &end))
    {
      gtk_label_set_text (self->stats_label, _("Select frames in the timeline with Shift+drag"));
      return;
    }

  if (signal->item != NULL && !gait_trace_item_get_ready (signal->item))
    {
      gtk_label_set_text (self->stats_label, _("The trace is being computed…"));
      return;
    }

  job = g_new0 (StatsJob, 1);
  job->start = start;
  job->end = end;
  job->name = g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (self->stats_dropdown))));
  _gait_window_read_params (self, &job->params);
  job->params.fps = gait_session_get_fps (self->session);
  if (signal->item != NULL)
    job->trace = g_object_ref (gait_trace_item_get_lane_trace (signal->item));
  else
    {
      job->tracking = g_object_ref (tracking);
      job->profile = gait_recording_get_profile (recording) ? g_object_ref (gait_recording_get_profile (recording)) : NULL;
      job->spec = g_strdup (signal->spec);
    }

  gtk_label_set_text (self->stats_label, _("Computing the spectral statistics…"));

  self->stats_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->stats_cancellable, stats_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, update_stats);
  g_task_set_task_data (task, job, stats_job_free);
  g_task_run_in_thread (task, stats_thread);
}

static void
on_selection_changed (GaitWindow *self)
{
  if (gtk_drop_down_get_selected (self->stats_range_dropdown) == 1)
    update_stats (self);
}

static void
add_signal (GaitWindow    *self,
            GtkStringList *names,
            const char    *name,
            const char    *spec,
            GaitTraceItem *item)
{
  StatsSignal *signal = g_new0 (StatsSignal, 1);

  signal->spec = g_strdup (spec);
  signal->item = item ? g_object_ref (item) : NULL;
  g_ptr_array_add (self->stats_signals, signal);
  gtk_string_list_append (names, name);
}

/* The signals of "Statistics of": every limb's hoof speed, every
 * landmark's speed, x and y, and the intensity traces; the choice is kept
 * when it is still there. */
static void
fill_stats_signals (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = recording ? gait_recording_get_tracking (recording) : NULL;
  GaitProfile *profile = recording ? gait_recording_get_profile (recording) : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->stats_signals);
  guint old_selected = gtk_drop_down_get_selected (self->stats_dropdown);
  StatsSignal *chosen = old != NULL && old_selected < old->len ? g_ptr_array_index (old, old_selected) : NULL;
  guint selected = 0;
  GListModel *traces = G_LIST_MODEL (gait_session_get_traces (self->session));

  self->stats_signals = g_ptr_array_new_with_free_func (stats_signal_free);

  for (guint i = 0; tracking != NULL && profile != NULL && i < gait_profile_get_n_limbs (profile); i++)
    {
      const char *limb = gait_profile_get_limb_name (profile, i);
      g_autofree char *spec = g_strdup_printf ("hoof:%s", limb);
      /* TRANSLATORS: a limb's hoof speed, the signal the detector reads */
      g_autofree char *name = g_strdup_printf (_("%s hoof speed"), limb);

      add_signal (self, names, name, spec, NULL);
    }

  for (guint i = 0; tracking != NULL && i < gait_tracking_get_n_landmarks (tracking); i++)
    {
      const char *landmark = gait_tracking_get_landmark_name (tracking, i);
      static const char * const suffixes[] = { "speed", "x", "y" };

      for (guint q = 0; q < G_N_ELEMENTS (suffixes); q++)
        {
          g_autofree char *spec = g_strdup_printf ("%s:%s", landmark, suffixes[q]);
          g_autofree char *name = NULL;

          /* TRANSLATORS: a landmark's speed, x or y coordinate */
          name = q == 0 ? g_strdup_printf (_("%s speed"), landmark)
                        : g_strdup_printf (C_("landmark coordinate", "%s %s"), landmark, suffixes[q]);
          add_signal (self, names, name, spec, NULL);
        }
    }

  for (guint i = 0; i < g_list_model_get_n_items (traces); i++)
    {
      g_autoptr(GaitTraceItem) item = g_list_model_get_item (traces, i);

      if (gait_trace_item_get_kind (item) == GAIT_TRACE_ITEM_INTENSITY)
        add_signal (self, names, gait_trace_item_get_name (item), NULL, item);
    }

  for (guint i = 0; chosen != NULL && i < self->stats_signals->len; i++)
    {
      StatsSignal *signal = g_ptr_array_index (self->stats_signals, i);

      if ((chosen->item != NULL && signal->item == chosen->item) ||
          (chosen->spec != NULL && g_strcmp0 (signal->spec, chosen->spec) == 0))
        selected = i;
    }

  self->filling_stats = TRUE;
  gtk_drop_down_set_model (self->stats_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->stats_dropdown, self->stats_signals->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->filling_stats = FALSE;
}

static void
on_traces_changed (GaitWindow *self)
{
  guint n_before = self->stats_signals ? self->stats_signals->len : 0;
  guint selected = gtk_drop_down_get_selected (self->stats_dropdown);
  StatsSignal *chosen = selected < n_before ? g_ptr_array_index (self->stats_signals, selected) : NULL;
  gboolean was_trace = chosen != NULL && chosen->item != NULL;

  fill_stats_signals (self);

  /* a trace's values arrived, changed or went */
  if (was_trace || selected != gtk_drop_down_get_selected (self->stats_dropdown))
    update_stats (self);
}

/* a new recording: its landmarks, no spectrogram yet, the first limb's
 * statistics */
static void
on_recording_changed (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = recording ? gait_recording_get_tracking (recording) : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

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

  g_clear_pointer (&self->stats_signals, g_ptr_array_unref);
  fill_stats_signals (self);
  self->filling_stats = TRUE;
  gtk_drop_down_set_selected (self->stats_range_dropdown, 0);
  self->filling_stats = FALSE;
  update_stats (self);
}

void
_gait_window_spectral_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, spectro_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, spectro_label);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, stats_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, stats_range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, stats_label);
}

void
_gait_window_spectral_init (GaitWindow *self)
{
  on_recording_changed (self);
  g_signal_connect_object (self->session, "notify::recording", G_CALLBACK (on_recording_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::fps", G_CALLBACK (update_stats), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::selection-end", G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "traces-changed", G_CALLBACK (on_traces_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->spectro_dropdown, "notify::selected", G_CALLBACK (on_spectro_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stats_dropdown, "notify::selected", G_CALLBACK (update_stats), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stats_range_dropdown, "notify::selected", G_CALLBACK (update_stats), self, G_CONNECT_SWAPPED);
}

void
_gait_window_spectral_dispose (GaitWindow *self)
{
  g_cancellable_cancel (self->spectro_cancellable);
  g_clear_object (&self->spectro_cancellable);
  g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  g_clear_pointer (&self->stats_signals, g_ptr_array_unref);
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

/* win.spectral-stats(('SIGNAL', 'whole'|'selection')): the Traces page's
 * statistics; SIGNAL as `gaitline-cli spectrum --signal` names it
 * (hoof:LIMB, NAME:speed, NAME:x, NAME:y) or trace:N for the Nth trace */
void
_gait_window_spectral_stats_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  GListModel *traces = G_LIST_MODEL (gait_session_get_traces (self->session));
  g_autoptr(GaitTraceItem) item = NULL;
  g_autofree char *spec = NULL;
  const char *signal, *over;
  guint found = GTK_INVALID_LIST_POSITION;

  g_variant_get (param, "(&s&s)", &signal, &over);

  if (!g_str_equal (over, "whole") && !g_str_equal (over, "selection"))
    {
      _gait_window_toast (self, _("“%s” is not a range (whole or selection)"), over);
      return;
    }

  if (g_str_has_prefix (signal, "trace:"))
    {
      guint64 index;

      if (g_ascii_string_to_unsigned (signal + strlen ("trace:"), 10, 0, G_MAXUINT, &index, NULL))
        item = g_list_model_get_item (traces, (guint) index);
    }
  else if (strchr (signal, ':') != NULL)
    spec = g_strdup (signal);
  else
    spec = g_strconcat (signal, ":speed", NULL);

  for (guint i = 0; self->stats_signals != NULL && i < self->stats_signals->len; i++)
    {
      StatsSignal *s = g_ptr_array_index (self->stats_signals, i);

      if ((item != NULL && s->item == item) || (spec != NULL && g_strcmp0 (s->spec, spec) == 0))
        found = i;
    }

  if (found == GTK_INVALID_LIST_POSITION)
    {
      _gait_window_toast (self, _("There is no signal “%s”"), signal);
      return;
    }

  self->filling_stats = TRUE;
  gtk_drop_down_set_selected (self->stats_range_dropdown, g_str_equal (over, "selection") ? 1 : 0);
  gtk_drop_down_set_selected (self->stats_dropdown, found);
  self->filling_stats = FALSE;
  update_stats (self);
}
