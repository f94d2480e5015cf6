/* gait-window.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gait-export.h"
#include "gait-session-file.h"
#include "gait-window-private.h"

/*
 * The review window: opening a recording (in a worker thread, cancellable),
 * the session file that keeps every edit (written after each one), playback
 * at the native rate, and the glue between video, timeline and cycle list.
 * The actions are in gait-window-actions.c.
 */

G_DEFINE_FINAL_TYPE (GaitWindow, gait_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PLAYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const double rates[] = { 0.1, 0.25, 0.5, 1.0, 2.0, 4.0 };

gboolean
gait_window_is_tracking_file (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".h5") ||
         g_str_has_suffix (lower, ".hdf5");
}

void
_gait_window_toast (GaitWindow *self,
                    const char *format,
                    ...)
{
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_debug ("toast: %s", text);
}

static void
update_summary (GaitWindow *self)
{
  guint n, reviewed = 0, accepted = 0;

  if (self->store == NULL)
    {
      gtk_label_set_text (self->summary_label, "");
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GaitAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      GaitCycleState state = gait_annotation_get_cycle (a)->state;

      reviewed += state != GAIT_CYCLE_DETECTED;
      accepted += state == GAIT_CYCLE_ACCEPTED || state == GAIT_CYCLE_EDITED || state == GAIT_CYCLE_ADDED;
    }

  {
    g_autofree char *text = g_strdup_printf (_("%u cycles · %u reviewed · %u kept"), n, reviewed, accepted);
    gtk_label_set_text (self->summary_label, text);
  }
}

/* Every edit is written at once: killing the window loses nothing. */
static void
save_session (GaitWindow *self)
{
  _gait_window_save_session (self);
}

void
_gait_window_save_session (GaitWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GaitSessionInfo) info;
  GaitRecording *recording = gait_session_get_recording (self->session);

  /* first: the early return below clears it */
  gait_session_info_init (&info);

  if (self->closed || self->store == NULL || self->session_path == NULL || recording == NULL)
    return;

  info.tracking = g_strdup (gait_recording_get_tracking_path (recording));
  info.video = g_strdup (gait_recording_get_video_path (recording));
  info.fps = gait_session_get_fps (self->session);
  if (gait_recording_get_profile (recording) != NULL)
    info.profile = g_strdup (gait_profile_get_name (gait_recording_get_profile (recording)));
  info.mm_per_px = gtk_spin_button_get_value (self->scale_spin);
  info.has_params = TRUE;
  _gait_window_read_params (self, &info.params);
  info.traces = _gait_window_traces_definitions (self);

  if (!gait_session_file_save (self->session_path, &info, self->store, &error))
    {
      /* say it once, not at every edit */
      if (self->save_error == NULL || !g_error_matches (self->save_error, error->domain, error->code))
        _gait_window_toast (self, _("Your edits cannot be saved: %s"), error->message);
      g_clear_error (&self->save_error);
      self->save_error = g_steal_pointer (&error);
    }
  else
    g_clear_error (&self->save_error);
}

static void
on_store_changed (GaitWindow          *self,
                  GaitAnnotationStore *store)
{
  save_session (self);
  update_summary (self);
  _gait_window_queue_metrics (self);
  _gait_window_update_actions (self);
}

static void
update_frame_label (GaitWindow *self)
{
  gint64 frame = gait_session_get_frame (self->session);
  gint64 n = gait_session_get_n_frames (self->session);
  double fps = gait_session_get_fps (self->session);
  g_autofree char *text = NULL;

  if (fps > 0)
    text = g_strdup_printf (_("Frame %lld of %lld · %.3f s"),
                            (long long)frame, (long long)n, frame / fps);
  else
    text = g_strdup_printf (_("Frame %lld of %lld"), (long long)frame, (long long)n);

  gtk_label_set_text (self->frame_label, text);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  GaitWindow *self = user_data;
  double fps = gait_session_get_fps (self->session);
  gint64 n = gait_session_get_n_frames (self->session);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  gint64 target;

  if (!gait_session_get_playing (self->session))
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  if (fps <= 0)
    fps = 30;   /* tracking without video: show it at a usual rate */

  /* from the clock, not by counting ticks: never drifts, drops when behind */
  target = self->play_start_frame +
           (gint64)floor ((now - self->play_start_time) / 1e6 * fps * gait_session_get_rate (self->session));

  if (target >= n - 1)
    {
      gait_session_seek (self->session, n - 1);
      gait_session_set_playing (self->session, FALSE);
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  gait_session_seek (self->session, target);
  gait_session_scroll_to_frame (self->session, target);

  return G_SOURCE_CONTINUE;
}

void
_gait_window_restart_playback (GaitWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->video_view));

  self->play_start_frame = gait_session_get_frame (self->session);
  self->play_start_time = clock ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
}

static void
on_playing_changed (GaitWindow  *self,
                    GParamSpec  *pspec,
                    GaitSession *session)
{
  if (gait_session_get_playing (session))
    {
      if (gait_session_get_frame (session) >= gait_session_get_n_frames (session) - 1)
        gait_session_seek (session, 0);
      _gait_window_restart_playback (self);
      if (self->tick_id == 0)
        self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->video_view), tick_cb, self, NULL);
    }
  else if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->video_view), self->tick_id);
      self->tick_id = 0;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
on_rate_selected (GaitWindow  *self,
                  GParamSpec  *pspec,
                  GtkDropDown *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (i < G_N_ELEMENTS (rates))
    gait_session_set_rate (self->session, rates[i]);
}

static void
on_rate_changed (GaitWindow  *self,
                 GParamSpec  *pspec,
                 GaitSession *session)
{
  double rate = gait_session_get_rate (session);

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    if (fabs (rates[i] - rate) < 1e-9)
      gtk_drop_down_set_selected (self->rate_dropdown, i);

  if (gait_session_get_playing (session))
    _gait_window_restart_playback (self);
}

/* The session file: beside the tracking file, or the video without one. */
static char *
session_path_for (GaitRecording *recording)
{
  const char *base = gait_recording_get_tracking_path (recording);

  if (base == NULL)
    base = gait_recording_get_video_path (recording);

  return g_strconcat (base, ".gaitline", NULL);
}

static void
set_params (GaitWindow             *self,
            const GaitDetectParams *params)
{
  gtk_drop_down_set_selected (self->method_dropdown, params->method == GAIT_METHOD_SEED ? 1 : 0);
  gtk_spin_button_set_value (self->likelihood_spin, params->likelihood_cutoff);
  gtk_spin_button_set_value (self->threshold_spin, params->threshold);
  gtk_spin_button_set_value (self->min_width_spin, params->min_width);
  gtk_spin_button_set_value (self->max_width_spin, params->max_width);
  gtk_spin_button_set_value (self->min_distance_spin, params->min_distance);
}

void
_gait_window_read_params (GaitWindow       *self,
                          GaitDetectParams *params)
{
  GaitMethod method = gtk_drop_down_get_selected (self->method_dropdown) == 1
                    ? GAIT_METHOD_SEED : GAIT_METHOD_TOUCHDOWN;

  gait_detect_params_init (params, method);
  params->fps = gait_session_get_fps (self->session);
  params->likelihood_cutoff = gtk_spin_button_get_value (self->likelihood_spin);
  params->threshold = gtk_spin_button_get_value (self->threshold_spin);
  params->min_width = gtk_spin_button_get_value_as_int (self->min_width_spin);
  params->max_width = MAX (params->min_width, (guint)gtk_spin_button_get_value_as_int (self->max_width_spin));
  params->min_distance = gtk_spin_button_get_value_as_int (self->min_distance_spin);
}

static void
on_method_changed (GaitWindow  *self,
                   GParamSpec  *pspec,
                   GtkDropDown *dropdown)
{
  /* each method has its own likelihood default (0.5 / the blog's 0.9) */
  GaitDetectParams defaults;

  gait_detect_params_init (&defaults, gtk_drop_down_get_selected (dropdown) == 1
                                      ? GAIT_METHOD_SEED : GAIT_METHOD_TOUCHDOWN);
  gtk_spin_button_set_value (self->likelihood_spin, defaults.likelihood_cutoff);
}

static void
update_limbs_label (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitProfile *profile = recording ? gait_recording_get_profile (recording) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (profile == NULL)
    {
      gtk_label_set_text (self->limbs_label,
                          recording && gait_recording_get_tracking (recording)
                          ? _("No built-in landmark profile fits this file's landmarks; detection needs one (see gaitline-cli --profile).")
                          : "");
      return;
    }

  g_string_append_printf (text, _("Profile: %s"), gait_profile_get_name (profile));
  for (guint i = 0; i < gait_profile_get_n_limbs (profile); i++)
    {
      g_autofree char *landmarks = g_strjoinv (", ", (char **)gait_profile_get_limb_landmarks (profile, i));

      g_string_append_printf (text, "\n%s: %s", gait_profile_get_limb_name (profile, i), landmarks);
    }

  gtk_label_set_text (self->limbs_label, text->str);
}

static void
add_recent (GaitRecording *recording)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  const char *paths[] = { gait_recording_get_tracking_path (recording),
                          gait_recording_get_video_path (recording) };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *uri = NULL;

      if (paths[i] == NULL)
        continue;
      uri = g_filename_to_uri (paths[i], NULL, NULL);
      if (uri != NULL)
        gtk_recent_manager_add_item (manager, uri);
    }
}

static void
update_recent_menu (GaitWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  guint shown = 0;

  g_menu_remove_all (self->recent_menu);

  for (GList *l = items; l != NULL && shown < 8; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      g_autofree char *path = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (!gtk_recent_info_has_application (info, g_get_application_name ()) ||
          !(path = g_filename_from_uri (gtk_recent_info_get_uri (info), NULL, NULL)) ||
          !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-file", g_variant_new_string (path));
      g_menu_append_item (self->recent_menu, item);
      shown++;
    }

  g_list_free_full (items, (GDestroyNotify)gtk_recent_info_unref);
}

static void
set_store (GaitWindow          *self,
           GaitAnnotationStore *store)
{
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed, self);

  g_set_object (&self->store, store);
  gait_session_set_selected (self->session, NULL);

  if (store != NULL)
    {
      g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::can-undo", G_CALLBACK (_gait_window_update_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::can-redo", G_CALLBACK (_gait_window_update_actions), self, G_CONNECT_SWAPPED);
    }

  gait_timeline_set_store (self->timeline, store);
  gait_cycle_list_set_store (self->cycle_list, store);
  update_summary (self);
}

static void
recording_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GaitWindow) self = user_data;
  g_autoptr(GaitRecording) recording = NULL;
  g_autoptr(GaitAnnotationStore) store = NULL;
  g_autoptr(GPtrArray) saved_traces = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GaitDetectParams params;
  gboolean restored = FALSE;
  double restored_fps = 0;
  double restored_scale = 0;

  recording = gait_recording_load_finish (result, &error);
  self->busy = FALSE;
  gtk_spinner_stop (self->loading_spinner);

  if (recording == NULL)
    {
      gboolean open = gait_session_get_recording (self->session) != NULL;

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* what was open stays open, with its edits */
          if (open)
            _gait_window_toast (self, "%s", error->message);
          else
            adw_status_page_set_description (self->error_page, error->message);
        }
      gtk_stack_set_visible_child_name (self->main_stack,
                                        open ? "review" :
                                        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "empty" : "error");
      _gait_window_update_actions (self);
      return;
    }

  /* the previous recording's edits were saved as they were made */
  _gait_window_traces_clear (self);
  g_clear_pointer (&self->session_path, g_free);
  self->session_path = session_path_for (recording);

  store = gait_annotation_store_new ();
  gait_annotation_store_set_n_frames (store, gait_recording_get_n_frames (recording));

  gait_detect_params_init (&params, GAIT_METHOD_TOUCHDOWN);
  _gait_window_settings_defaults (self, &params);
  if (g_file_test (self->session_path, G_FILE_TEST_EXISTS))
    {
      g_auto(GaitSessionInfo) info;

      gait_session_info_init (&info);
      if (gait_session_file_load (self->session_path, &info, store, &error))
        {
          restored = TRUE;
          saved_traces = g_steal_pointer (&info.traces);
          if (info.has_params)
            params = info.params;
          restored_fps = info.fps;
          restored_scale = info.mm_per_px;
        }
      else
        {
          _gait_window_toast (self, _("The saved review could not be read (%s); it is kept as it was and nothing will be written over it."),
                              error->message);
          g_clear_error (&error);
          g_clear_pointer (&self->session_path, g_free);
        }
    }

  set_store (self, store);
  g_clear_object (&self->elan_document);
  gait_session_set_recording (self->session, recording);
  gait_session_set_fps (self->session, restored_fps);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fps_spin), gait_recording_get_fps (recording) <= 0);
  set_params (self, &params);
  gtk_spin_button_set_value (self->scale_spin, restored_scale);
  update_limbs_label (self);
  _gait_window_traces_restore (self, saved_traces);
  add_recent (recording);

  title = g_path_get_basename (gait_recording_get_video_path (recording)
                               ? gait_recording_get_video_path (recording)
                               : gait_recording_get_tracking_path (recording));
  adw_window_title_set_title (self->window_title, title);
  if (gait_recording_get_tracking_path (recording) && gait_recording_get_video_path (recording))
    {
      g_autofree char *tracking = g_path_get_basename (gait_recording_get_tracking_path (recording));
      adw_window_title_set_subtitle (self->window_title, tracking);
    }
  else
    adw_window_title_set_subtitle (self->window_title,
                                   gait_recording_get_video_path (recording) ? _("video only") : _("tracking only"));

  gtk_stack_set_visible_child_name (self->main_stack, "review");

  if (gait_recording_get_warning (recording) != NULL)
    _gait_window_toast (self, "%s", gait_recording_get_warning (recording));

  if (restored)
    _gait_window_toast (self, _("Review restored: %u cycles"),
                        g_list_model_get_n_items (G_LIST_MODEL (store)));
  else if (gait_recording_get_profile (recording) != NULL)
    _gait_window_detect (self);

  _gait_window_update_actions (self);
}

/**
 * gait_window_open_files:
 * @self: a #GaitWindow
 * @files: (array length=n_files): a video, a tracking file, or both, in
 *   either order
 * @n_files: their number
 *
 * Opens what @files name as gait_window_open() does, telling tracking files
 * (gait_window_is_tracking_file()) from videos; of several of a kind, the
 * last counts.
 *
 * Returns: %FALSE when @files name nothing local to open
 */
gboolean
gait_window_open_files (GaitWindow    *self,
                        GFile * const *files,
                        guint          n_files)
{
  g_autofree char *video = NULL;
  g_autofree char *tracking = NULL;

  g_return_val_if_fail (GAIT_IS_WINDOW (self), FALSE);

  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);
      char **kind;

      if (path == NULL)
        continue;
      kind = gait_window_is_tracking_file (path) ? &tracking : &video;
      g_free (*kind);
      *kind = path;
    }

  if (video == NULL && tracking == NULL)
    return FALSE;

  gait_window_open (self, video, tracking);
  return TRUE;
}

/**
 * gait_window_open:
 * @self: a #GaitWindow
 * @video_path: (nullable): a video
 * @tracking_path: (nullable): its tracking data (found beside the video when %NULL)
 *
 * Opens a recording without blocking; the window shows progress and can
 * cancel.
 */
void
gait_window_open (GaitWindow *self,
                  const char *video_path,
                  const char *tracking_path)
{
  g_autofree char *name = NULL;

  g_return_if_fail (GAIT_IS_WINDOW (self));
  g_return_if_fail (video_path != NULL || tracking_path != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gait_session_set_playing (self->session, FALSE);
  self->busy = TRUE;

  name = g_path_get_basename (video_path ? video_path : tracking_path);
  {
    g_autofree char *text = g_strdup_printf (_("Opening %s…"), name);
    gtk_label_set_text (self->loading_label, text);
  }
  gtk_spinner_start (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  _gait_window_update_actions (self);

  gait_recording_load_async (video_path, tracking_path, self->cancellable,
                             recording_loaded_cb, g_object_ref (self));
}

static gboolean
drop_cb (GaitWindow    *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);

  return gait_window_open_files (self, (GFile **) files->pdata, files->len);
}

/* Closed: a task that still holds the window (trace extraction, say) may
 * finish later, when another window has the same review open. Nothing may
 * write the session file from here on, and what runs is cancelled. */
static void
gait_window_unrealize (GtkWidget *widget)
{
  GaitWindow *self = GAIT_WINDOW (widget);

  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->trace_cancellable);
  g_cancellable_cancel (self->metrics_cancellable);
  g_cancellable_cancel (self->spectro_cancellable);
  g_cancellable_cancel (self->stats_cancellable);

  GTK_WIDGET_CLASS (gait_window_parent_class)->unrealize (widget);
}

static void
gait_window_dispose (GObject *object)
{
  GaitWindow *self = (GaitWindow *)object;

  self->closed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->video_view), self->tick_id);
      self->tick_id = 0;
    }

  _gait_window_traces_dispose (self);
  _gait_window_metrics_dispose (self);
  _gait_window_spectral_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), GAIT_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gait_window_parent_class)->dispose (object);
}

static void
gait_window_finalize (GObject *object)
{
  GaitWindow *self = (GaitWindow *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->recent_menu);
  g_clear_object (&self->elan_document);
  g_clear_pointer (&self->session_path, g_free);
  g_clear_error (&self->save_error);

  G_OBJECT_CLASS (gait_window_parent_class)->finalize (object);
}

static void
gait_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GaitWindow *self = GAIT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, gait_session_get_playing (self->session));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GaitWindow *self = GAIT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      gait_session_set_playing (self->session, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_window_class_init (GaitWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gait_window_dispose;
  object_class->finalize = gait_window_finalize;
  object_class->get_property = gait_window_get_property;
  object_class->set_property = gait_window_set_property;

  widget_class->unrealize = gait_window_unrealize;

  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GAIT_TYPE_VIDEO_VIEW);
  g_type_ensure (GAIT_TYPE_TIMELINE);
  g_type_ensure (GAIT_TYPE_CYCLE_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gait-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, video_view);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, cycle_list);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, frame_label);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, limbs_label);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, rate_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, cutoff_spin);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, trail_spin);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, likelihood_spin);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, min_width_spin);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, max_width_spin);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, min_distance_spin);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, fps_spin);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, side_stack);
  _gait_window_traces_class_init (widget_class);
  _gait_window_metrics_class_init (widget_class);
  _gait_window_spectral_class_init (widget_class);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, primary_menu);

}

static void
gait_window_init (GaitWindow *self)
{
  GtkDropTarget *drop;

  /* before the template, whose buttons look the actions up */
  self->mark_start = -1;
  self->session = gait_session_new ();
  self->cancellable = g_cancellable_new ();
  _gait_window_add_actions (self);

  gtk_widget_init_template (GTK_WIDGET (self));

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  gait_video_view_set_session (self->video_view, self->session);
  gait_timeline_set_session (self->timeline, self->session);
  gait_cycle_list_set_session (self->cycle_list, self->session);

  g_signal_connect_object (self->session, "notify::frame", G_CALLBACK (update_frame_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::recording", G_CALLBACK (update_frame_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::playing", G_CALLBACK (on_playing_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::rate", G_CALLBACK (on_rate_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::selected", G_CALLBACK (_gait_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rate_dropdown, "notify::selected", G_CALLBACK (on_rate_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->method_dropdown, "notify::selected", G_CALLBACK (on_method_changed), self, G_CONNECT_SWAPPED);
  _gait_window_settings_init (self);
  _gait_window_traces_init (self);
  _gait_window_metrics_init (self);
  _gait_window_spectral_init (self);

  g_object_bind_property (self->cutoff_spin, "value", self->session, "likelihood-cutoff",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->trail_spin, "value", self->video_view, "trail-length",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->session, "fps", self->fps_spin, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_object (self->session, "notify::fps", G_CALLBACK (update_frame_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::fps", G_CALLBACK (save_session), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_swapped (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  /* Open… and Open Recent ▸ come first in the main menu */
  {
    g_autoptr(GMenu) section = g_menu_new ();

    self->recent_menu = g_menu_new ();
    g_menu_append (section, _("_Open…"), "win.open");
    g_menu_append_submenu (section, _("Open _Recent"), G_MENU_MODEL (self->recent_menu));
    g_menu_prepend_section (self->primary_menu, NULL, G_MENU_MODEL (section));
  }

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
  update_frame_label (self);
  _gait_window_update_actions (self);
}

GaitWindow *
gait_window_new (GaitApplication *application)
{
  return g_object_new (GAIT_TYPE_WINDOW, "application", application, NULL);
}

/**
 * gait_window_get_session:
 * @self: a #GaitWindow
 *
 * Returns: (transfer none): the view state
 */
GaitSession *
gait_window_get_session (GaitWindow *self)
{
  g_return_val_if_fail (GAIT_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * gait_window_get_store:
 * @self: a #GaitWindow
 *
 * Returns: (transfer none) (nullable): the cycles under review
 */
GaitAnnotationStore *
gait_window_get_store (GaitWindow *self)
{
  g_return_val_if_fail (GAIT_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * gait_window_is_busy:
 * @self: a #GaitWindow
 *
 * Returns: %TRUE while a recording is being opened or cycles detected
 */
gboolean
gait_window_is_busy (GaitWindow *self)
{
  g_return_val_if_fail (GAIT_IS_WINDOW (self), FALSE);

  return self->busy;
}

const char *
gait_window_get_session_path (GaitWindow *self)
{
  g_return_val_if_fail (GAIT_IS_WINDOW (self), NULL);

  return self->session_path;
}
