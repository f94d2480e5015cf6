/* gait-window-actions.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gait-export.h"
#include "gait-window-private.h"

/*
 * Every user operation is a window action, with a parameter where a script
 * needs one, so that the window can be driven over D-Bus
 * (org.gtk.Actions.Activate on /io/github/gaitline/Gaitline/window/1) and
 * by the tests. README.md lists them.
 */

static GaitAnnotation *
selected (GaitWindow *self)
{
  return gait_session_get_selected (self->session);
}

static GaitProfile *
profile (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);

  return recording ? gait_recording_get_profile (recording) : NULL;
}

static void
set_enabled (GaitWindow *self,
                                const char *full_name,
                                gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), full_name + strlen ("win."));

  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
_gait_window_update_actions (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  gboolean open = recording != NULL && !self->busy;
  gboolean has_store = open && self->store != NULL;
  gboolean has_selection = has_store && selected (self) != NULL;
  gboolean can_detect = open && profile (self) != NULL && gait_recording_get_tracking (recording) != NULL;

  set_enabled (self, "win.cancel", self->busy);
  set_enabled (self, "win.seek", open);
  set_enabled (self, "win.step", open);
  set_enabled (self, "win.step-seconds", open);
  set_enabled (self, "win.rate", open);
  set_enabled (self, "win.detect", can_detect);
  set_enabled (self, "win.accept", has_selection);
  set_enabled (self, "win.reject", has_selection);
  set_enabled (self, "win.delete", has_selection);
  set_enabled (self, "win.move-boundary", has_selection);
  set_enabled (self, "win.select-next", has_store);
  set_enabled (self, "win.select-previous", has_store);
  set_enabled (self, "win.select-at", has_store);
  set_enabled (self, "win.select-range", open);
  set_enabled (self, "win.add-cycle", has_store && profile (self) != NULL);
  set_enabled (self, "win.mark-start", has_store && profile (self) != NULL);
  set_enabled (self, "win.mark-end", has_store && profile (self) != NULL);
  set_enabled (self, "win.undo", has_store && gait_annotation_store_get_can_undo (self->store));
  set_enabled (self, "win.redo", has_store && gait_annotation_store_get_can_redo (self->store));
  set_enabled (self, "win.export-eaf", has_store);
  set_enabled (self, "win.export-csv", has_store);
  set_enabled (self, "win.import-eaf", has_store);
  set_enabled (self, "win.zoom-in", open);
  set_enabled (self, "win.zoom-out", open);
  set_enabled (self, "win.zoom-fit", open);
  set_enabled (self, "win.next-limb", open);
  set_enabled (self, "win.previous-limb", open);
  set_enabled (self, "win.add-trace", open);
  set_enabled (self, "win.remove-trace", open);
  set_enabled (self, "win.export-traces", open);
  set_enabled (self, "win.export-figure", open);
  set_enabled (self, "win.spectrogram", open && gait_recording_get_tracking (recording) != NULL);
  set_enabled (self, "win.spectral-stats", open);
  set_enabled (self, "win.export-figure-frame", open);
  set_enabled (self, "win.export-metrics", has_store && profile (self) != NULL &&
               gait_recording_get_tracking (recording) != NULL);
}

/* Opening */

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  GaitWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) model = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (files, g_list_model_get_item (model, i));
      gait_window_open_files (self, (GFile **) files->pdata, files->len);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = gtk_file_chooser_native_new (_("Open a Recording"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Videos and tracking files"));
  gtk_file_filter_add_mime_type (filter, "video/*");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "h5");
  gtk_file_filter_add_suffix (filter, "hdf5");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  g_signal_connect (native, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* win.open-file('PATH'): a video or a tracking file; the other is found beside it */
static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  const char *path = g_variant_get_string (param, NULL);

  if (gait_window_is_tracking_file (path))
    gait_window_open (GAIT_WINDOW (widget), NULL, path);
  else
    gait_window_open (GAIT_WINDOW (widget), path, NULL);
}

/* win.open-files(['VIDEO', 'TRACKING']) */
static void
open_files_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  g_autofree const char **paths = g_variant_get_strv (param, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));
  gait_window_open_files (GAIT_WINDOW (widget), (GFile **) files->pdata, files->len);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
}

/* Moving in time */

static void
seek_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  gint64 frame = g_variant_get_int64 (param);

  gait_session_seek (self->session, frame);
  gait_session_scroll_to_frame (self->session, gait_session_get_frame (self->session));
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);

  gait_session_set_playing (self->session, FALSE);
  gait_session_seek (self->session, gait_session_get_frame (self->session) + g_variant_get_int32 (param));
  gait_session_scroll_to_frame (self->session, gait_session_get_frame (self->session));
}

static void
step_seconds_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  double fps = gait_session_get_fps (self->session);
  gint64 frames = (gint64)llround (g_variant_get_double (param) * (fps > 0 ? fps : 30));

  gait_session_seek (self->session, gait_session_get_frame (self->session) + frames);
  gait_session_scroll_to_frame (self->session, gait_session_get_frame (self->session));
  if (gait_session_get_playing (self->session))
    _gait_window_restart_playback (self);
}

static void
rate_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  gait_session_set_rate (GAIT_WINDOW (widget)->session, g_variant_get_double (param));
}

/* Detection */

static void
detected_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GaitWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) cycles = gait_detect_finish (result, &error);
  guint before, kept;

  self->busy = FALSE;

  if (cycles == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _gait_window_toast (self, _("Detection failed: %s"), error->message);
      _gait_window_update_actions (self);
      return;
    }

  if (self->store == NULL)
    return;

  before = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  gait_annotation_store_replace_detected (self->store, (GaitCycle *)(gpointer)cycles->data, cycles->len);
  kept = g_list_model_get_n_items (G_LIST_MODEL (self->store)) - gait_annotation_store_get_n_unreviewed (self->store);

  _gait_window_toast (self, _("%u cycles found; %u reviewed cycles kept"),
                      gait_annotation_store_get_n_unreviewed (self->store), kept);
  (void)before;
  _gait_window_update_actions (self);
}

void
_gait_window_detect (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitDetectParams params;

  if (recording == NULL || profile (self) == NULL || gait_recording_get_tracking (recording) == NULL)
    return;

  _gait_window_read_params (self, &params);
  self->busy = TRUE;
  _gait_window_update_actions (self);

  /* after a cancel, new work needs a cancellable of its own */
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }

  gait_detect_async (gait_recording_get_tracking (recording), profile (self), &params,
                     self->cancellable, detected_cb, g_object_ref (self));
}

static void
detect_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _gait_window_detect (GAIT_WINDOW (widget));
}

/* Reviewing */

static void
set_state (GaitWindow     *self,
           GaitCycleState  state)
{
  GaitAnnotation *annotation = selected (self);

  if (annotation == NULL)
    return;

  gait_annotation_store_set_state (self->store, annotation, state);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  set_state (GAIT_WINDOW (widget), GAIT_CYCLE_ACCEPTED);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  set_state (GAIT_WINDOW (widget), GAIT_CYCLE_REJECTED);
}

static void
select_annotation (GaitWindow     *self,
                   GaitAnnotation *annotation)
{
  const GaitCycle *c;

  gait_session_set_selected (self->session, annotation);
  if (annotation == NULL)
    return;

  c = gait_annotation_get_cycle (annotation);
  for (guint i = 0; profile (self) && i < gait_profile_get_n_limbs (profile (self)); i++)
    if (g_strcmp0 (gait_profile_get_limb_name (profile (self), i), c->limb) == 0)
      gait_session_set_limb (self->session, i);

  gait_session_seek (self->session, c->start);
  gait_session_scroll_to_frame (self->session, c->start);
  if (c->end >= gait_session_get_visible_end (self->session))
    gait_session_scroll_to_frame (self->session, c->end);
}

static void
select_unreviewed (GaitWindow *self,
                   gboolean    forward)
{
  GaitAnnotation *current = selected (self);
  gint64 from = current ? gait_annotation_get_cycle (current)->start : gait_session_get_frame (self->session);
  GaitAnnotation *next;

  /* from the selected cycle, or from the cursor */
  next = gait_annotation_store_find_next_unreviewed (self->store, current ? from + (forward ? 1 : -1) : from, forward);
  if (next == NULL)
    {
      _gait_window_toast (self, forward ? _("No unreviewed cycle after this one") : _("No unreviewed cycle before this one"));
      return;
    }

  select_annotation (self, next);
}

static void
select_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  select_unreviewed (GAIT_WINDOW (widget), TRUE);
}

static void
select_previous_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  select_unreviewed (GAIT_WINDOW (widget), FALSE);
}

/* win.select-at(('LIMB', FRAME)): the limb's cycle covering FRAME */
static void
select_at_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  const char *limb;
  gint64 frame;

  g_variant_get (param, "(&sx)", &limb, &frame);
  select_annotation (self, gait_annotation_store_find (self->store, limb, frame));
}

/* win.select-range((START, END)): frames [START, END) as the timeline's
 * selection (Shift+drag); a negative START clears it */
static void
select_range_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  gint64 start, end;

  g_variant_get (param, "(xx)", &start, &end);
  gait_session_set_selection (self->session, start, end);
}

/* win.move-boundary(('start'|'end'|'liftoff', FRAME)) on the selected cycle */
static void
move_boundary_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  const char *which;
  GaitBoundary boundary;
  gint64 frame;

  g_variant_get (param, "(&sx)", &which, &frame);

  if (g_str_equal (which, "start"))
    boundary = GAIT_BOUNDARY_START;
  else if (g_str_equal (which, "end"))
    boundary = GAIT_BOUNDARY_END;
  else if (g_str_equal (which, "liftoff"))
    boundary = GAIT_BOUNDARY_LIFTOFF;
  else
    {
      _gait_window_toast (self, _("“%s” is not a boundary (start, end or liftoff)"), which);
      return;
    }

  if (!gait_annotation_store_move_boundary (self->store, selected (self), boundary, frame, &error))
    _gait_window_toast (self, "%s", error->message);
  else
    gait_session_seek (self->session, frame);
}

static void
add_cycle (GaitWindow *self,
           const char *limb,
           gint64      start,
           gint64      end)
{
  g_autoptr(GError) error = NULL;
  GaitAnnotation *added;
  GaitCycle cycle;

  if (end <= start)
    {
      _gait_window_toast (self, _("A cycle must end after it starts"));
      return;
    }

  gait_cycle_init (&cycle, limb, start, end);
  cycle.state = GAIT_CYCLE_ADDED;
  if (!(added = gait_annotation_store_add (self->store, &cycle, &error)))
    _gait_window_toast (self, "%s", error->message);
  else
    gait_session_set_selected (self->session, added);
}

/* win.add-cycle(('LIMB', START, END)) */
static void
add_cycle_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  const char *limb;
  gint64 start, end;
  gboolean known = FALSE;

  g_variant_get (param, "(&sxx)", &limb, &start, &end);

  for (guint i = 0; i < gait_profile_get_n_limbs (profile (self)); i++)
    known |= g_str_equal (limb, gait_profile_get_limb_name (profile (self), i));

  if (!known)
    {
      _gait_window_toast (self, _("No limb “%s” in this recording's profile"), limb);
      return;
    }

  add_cycle (self, limb, start, end);
}

/* ELAN's segmentation mode: mark the start at the cursor, then the end. */
static void
mark_start_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  g_autofree char *at = NULL;

  self->mark_start = gait_session_get_frame (self->session);
  at = gait_session_format_frame (self->session, self->mark_start);
  _gait_window_toast (self, _("Cycle start marked at %s; mark its end with ]"), at);
}

static void
mark_end_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  gint64 end = gait_session_get_frame (self->session);
  const char *limb;

  if (self->mark_start < 0)
    {
      _gait_window_toast (self, _("Mark the cycle's start first with ["));
      return;
    }

  limb = gait_profile_get_limb_name (profile (self), gait_session_get_limb (self->session));
  add_cycle (self, limb, MIN (self->mark_start, end), MAX (self->mark_start, end));
  self->mark_start = -1;
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  g_autoptr(GaitAnnotation) annotation = NULL;

  if (!(annotation = selected (self) ? g_object_ref (selected (self)) : NULL))
    return;

  gait_session_set_selected (self->session, NULL);
  gait_annotation_store_remove (self->store, annotation);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);

  gait_annotation_store_undo (self->store);
  /* the selection may have been removed by the undo */
  if (selected (self) != NULL && !gait_annotation_store_get_position (self->store, selected (self), NULL))
    gait_session_set_selected (self->session, NULL);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);

  gait_annotation_store_redo (self->store);
  if (selected (self) != NULL && !gait_annotation_store_get_position (self->store, selected (self), NULL))
    gait_session_set_selected (self->session, NULL);
}

/* Export */

/* The profile's limb names, %NULL-terminated (none without a profile) */
static GStrv
limb_names (GaitWindow *self)
{
  return profile (self) ? gait_profile_dup_limb_names (profile (self)) : g_new0 (char *, 1);
}

gboolean
_gait_window_export (GaitWindow  *self,
                     const char  *path,
                     gboolean     eaf,
                     GError     **error)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  const GaitMediaInfo *media = gait_recording_get_media_info (recording);
  g_auto(GStrv) limbs = limb_names (self);
  g_autofree GaitCycle *cycles = NULL;
  g_autofree char *text = NULL;
  GaitExportOptions options = { 0 };
  gsize n = 0;

  cycles = gait_annotation_store_get_cycles (self->store, &n);

  options.fps = gait_session_get_fps (self->session);
  options.media_path = gait_recording_get_video_path (recording);
  options.media_mime_type = media ? media->mime_type : NULL;
  options.limbs = (const char * const *)limbs;
  options.eaf_path = path;

  if (eaf && self->elan_document != NULL)
    {
      /* into the imported document: its other tiers, vocabularies,
       * media and properties come back as they were */
      if (gait_elan_document_set_cycles (self->elan_document, cycles, n, &options, error))
        text = gait_elan_document_to_data (self->elan_document, NULL);
    }
  else if (eaf)
    text = gait_cycles_to_eaf (cycles, n, &options, error);
  else
    text = gait_cycles_to_csv (cycles, n, &options);

  return text != NULL && gait_write_file_atomic (path, text, strlen (text), error);
}

/* ELAN counts milliseconds: without a video, the frame rate must be given.
 * Returns whether it is known; if not, shows where to enter it and says
 * that the import (or export) can then be done again. */
static gboolean
have_fps_for_elan (GaitWindow *self,
                   gboolean    import)
{
  if (gait_session_get_fps (self->session) > 0)
    return TRUE;

  gtk_stack_set_visible_child_name (self->side_stack, "detection");
  gtk_widget_grab_focus (GTK_WIDGET (self->fps_spin));
  if (import)
    _gait_window_toast (self, _("ELAN counts time in milliseconds: enter the frame rate the recording was filmed at (Detection → Frame rate), then import again."));
  else
    _gait_window_toast (self, _("ELAN counts time in milliseconds: enter the frame rate the recording was filmed at (Detection → Frame rate), then export again."));

  return FALSE;
}

/* An ELAN document's cycle tiers (one per limb, and "<limb> rejected")
 * become spans, as one undoable step; a cycle already under review takes
 * the imported state. The document is kept: exports merge into it. */
static void
import_eaf (GaitWindow *self,
            const char *path)
{
  g_autoptr(GaitElanDocument) doc = NULL;
  g_auto(GStrv) limbs = limb_names (self);
  g_autoptr(GError) error = NULL;
  g_autofree GaitCycle *cycles = NULL;
  double fps = gait_session_get_fps (self->session);
  guint added = 0, updated = 0;
  gsize n = 0;

  if (!have_fps_for_elan (self, TRUE))
    return;


  if (!(doc = gait_elan_document_new_from_file (path, &error)) ||
      !(cycles = gait_elan_document_get_cycles (doc, fps, (const char * const *)limbs, &n, &error)))
    {
      if (error != NULL)
        {
          _gait_window_toast (self, _("Cannot import: %s"), error->message);
          return;
        }
    }

  gait_annotation_store_begin_group (self->store);
  for (gsize i = 0; i < n; i++)
    {
      GaitAnnotation *existing = gait_annotation_store_find (self->store, cycles[i].limb, cycles[i].start);

      if (existing != NULL &&
          gait_annotation_get_start (existing) == cycles[i].start &&
          gait_annotation_get_end (existing) == cycles[i].end)
        {
          if (cycles[i].state != GAIT_CYCLE_DETECTED &&
              cycles[i].state != gait_annotation_get_state (existing))
            {
              gait_annotation_store_set_state (self->store, existing, cycles[i].state);
              updated++;
            }
          continue;
        }

      if (gait_annotation_store_add (self->store, &cycles[i], NULL) != NULL)
        added++;
    }
  gait_annotation_store_end_group (self->store);

  g_set_object (&self->elan_document, doc);
  _gait_window_toast (self, _("Imported from ELAN: %u cycles added, %u updated"), added, updated);
}

/* win.import-eaf('PATH') */
static void
import_eaf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  import_eaf (GAIT_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
export_to (GaitWindow *self,
           const char *path,
           gboolean    eaf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  if (eaf && !have_fps_for_elan (self, FALSE))
    return;

  if (_gait_window_export (self, path, eaf, &error))
    _gait_window_toast (self, _("Exported %u cycles to %s"),
                        g_list_model_get_n_items (G_LIST_MODEL (self->store)), name);
  else
    _gait_window_toast (self, _("Export failed: %s"), error->message);
}

/* Exporting: what a chosen file is written with */
typedef struct
{
  GaitWindowExportFunc func;
  gpointer             data;
} ExportTarget;

static void
export_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  GaitWindow *self = user_data;
  ExportTarget *target = g_object_get_data (G_OBJECT (dialog), "gait-export-target");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        target->func (self, path, target->data);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/**
 * _gait_window_export_to:
 * @self: a #GaitWindow
 * @path: where to export, from the action; empty: ask
 * @title: the save dialog's title
 * @suffix: what the suggested name ends with, after the recording's name
 *   without its extension (".eaf", "-traces.csv")
 * @filter: (nullable) (transfer none): the dialog's file filter
 * @func: writes the file and says how it went
 * @data: for @func
 *
 * Every win.export-…('PATH') action: @func writes @path at once, or, for
 * an empty @path, the file chosen in a save dialog that suggests a name
 * and the recording's folder.
 */
void
_gait_window_export_to (GaitWindow           *self,
                        const char           *path,
                        const char           *title,
                        const char           *suffix,
                        GtkFileFilter        *filter,
                        GaitWindowExportFunc  func,
                        gpointer              data)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GtkFileChooserNative *native;
  ExportTarget *target;
  const char *source = NULL;

  if (path != NULL && path[0] != '\0')
    {
      func (self, path, data);
      return;
    }

  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

  if (recording != NULL)
    source = gait_recording_get_video_path (recording) ? gait_recording_get_video_path (recording)
                                                        : gait_recording_get_tracking_path (recording);
  if (source != NULL)
    {
      g_autofree char *base = g_path_get_basename (source);
      g_autofree char *dir = g_path_get_dirname (source);
      g_autofree char *suggested = NULL;
      g_autoptr(GFile) folder = g_file_new_for_path (dir);
      char *dot = strrchr (base, '.');

      if (dot != NULL)
        *dot = '\0';
      suggested = g_strconcat (base, suffix, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }

  target = g_new (ExportTarget, 1);
  target->func = func;
  target->data = data;
  g_object_set_data_full (G_OBJECT (native), "gait-export-target", target, g_free);
  g_signal_connect (native, "response", G_CALLBACK (export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
export_cycles_to (GaitWindow *self,
                  const char *path,
                  gpointer    eaf)
{
  export_to (self, path, GPOINTER_TO_INT (eaf));
}

static void
export (GaitWindow *self,
        const char *path,
        gboolean    eaf)
{
  _gait_window_export_to (self, path,
                          eaf ? _("Export ELAN Annotations") : _("Export Cycle Table"),
                          eaf ? ".eaf" : ".cycles.csv", NULL,
                          export_cycles_to, GINT_TO_POINTER (eaf));
}

/* win.export-eaf('PATH'); an empty path asks where */
static void
export_eaf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  export (GAIT_WINDOW (widget), g_variant_get_string (param, NULL), TRUE);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  export (GAIT_WINDOW (widget), g_variant_get_string (param, NULL), FALSE);
}

/* The timeline */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  double around = gait_session_get_frame (self->session) + 0.5;

  if (g_str_equal (action_name, "win.zoom-in"))
    gait_session_zoom (self->session, 2.0, around);
  else if (g_str_equal (action_name, "win.zoom-out"))
    gait_session_zoom (self->session, 0.5, around);
  else
    gait_session_zoom_fit (self->session);
}

static void
limb_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  guint limb = gait_session_get_limb (self->session);

  if (g_str_equal (action_name, "win.next-limb"))
    gait_session_set_limb (self->session, limb + 1);
  else if (limb > 0)
    gait_session_set_limb (self->session, limb - 1);
}

typedef void (*Handler) (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param);

static const struct {
  const char *name;
  const char *param_type;
  Handler     handler;
} actions[] = {
  { "open", NULL, open_action },
  { "open-file", "s", open_file_action },
  { "open-files", "as", open_files_action },
  { "cancel", NULL, cancel_action },
  { "seek", "x", seek_action },
  { "step", "i", step_action },
  { "step-seconds", "d", step_seconds_action },
  { "rate", "d", rate_action },
  { "detect", NULL, detect_action },
  { "accept", NULL, accept_action },
  { "reject", NULL, reject_action },
  { "select-next", NULL, select_next_action },
  { "select-previous", NULL, select_previous_action },
  { "select-at", "(sx)", select_at_action },
  { "move-boundary", "(sx)", move_boundary_action },
  { "select-range", "(xx)", select_range_action },
  { "add-cycle", "(sxx)", add_cycle_action },
  { "mark-start", NULL, mark_start_action },
  { "mark-end", NULL, mark_end_action },
  { "delete", NULL, delete_action },
  { "undo", NULL, undo_action },
  { "redo", NULL, redo_action },
  { "export-eaf", "s", export_eaf_action },
  { "export-csv", "s", export_csv_action },
  { "import-eaf", "s", import_eaf_action },
  { "zoom-in", NULL, zoom_action },
  { "zoom-out", NULL, zoom_action },
  { "zoom-fit", NULL, zoom_action },
  { "next-limb", NULL, limb_action },
  { "previous-limb", NULL, limb_action },
  { "add-trace", "(dds)", _gait_window_add_trace_action },
  { "remove-trace", "i", _gait_window_remove_trace_action },
  { "export-traces", "s", _gait_window_export_traces_action },
  { "export-metrics", "s", _gait_window_export_metrics_action },
  { "export-figure", "s", _gait_window_export_figure_action },
  { "spectrogram", "s", _gait_window_spectrogram_action },
  { "spectral-stats", "(ss)", _gait_window_spectral_stats_action },
  { "export-figure-frame", "s", _gait_window_export_figure_action },
};

static void
dispatch (GSimpleAction *action,
          GVariant      *param,
          gpointer       user_data)
{
  const char *name = g_action_get_name (G_ACTION (action));
  g_autofree char *full_name = g_strconcat ("win.", name, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].name, name))
      actions[i].handler (GTK_WIDGET (user_data), full_name, param);
}

/* The actions live in the window's GActionMap, which GtkApplication
 * exports on D-Bus; "win.play" follows the window's "playing" property. */
void
_gait_window_add_actions (GaitWindow *self)
{
  g_autoptr(GPropertyAction) play = g_property_action_new ("play", self, "playing");

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(GSimpleAction) action = NULL;

      action = g_simple_action_new (actions[i].name,
                                    actions[i].param_type ? G_VARIANT_TYPE (actions[i].param_type) : NULL);
      g_signal_connect_object (action, "activate", G_CALLBACK (dispatch), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }

  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (play));
}
