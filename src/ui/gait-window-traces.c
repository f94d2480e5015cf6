/* gait-window-traces.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "gait-window-private.h"

/*
 * Traces, as optimap adds them: a click on the video adds a trace there
 * (win.add-trace), a landmark's if one is within the hover's hit radius,
 * else a pixel-intensity trace with the window chosen in the Traces page.
 * Intensity traces added together are extracted in one decoding pass in
 * the background; the session's list of GaitTraceItem is what the video
 * (markers), the timeline (lanes) and the Traces page (rows) show. The
 * traces' definitions are kept in the session file's [Traces] group,
 * which the core's reader skips; their values are recomputed on reopening.
 */


static GListStore *
traces (GaitWindow *self)
{
  return gait_session_get_traces (self->session);
}

static void
remove_item (GaitWindow    *self,
             GaitTraceItem *item)
{
  guint position;

  if (g_list_store_find (traces (self), item, &position))
    g_list_store_remove (traces (self), position);
}

/* the shape dropdown's items, in order */
static const GaitTraceWindow dropdown_shapes[] = {
  GAIT_TRACE_WINDOW_RECT, GAIT_TRACE_WINDOW_DISC, GAIT_TRACE_WINDOW_PIXEL,
};

static GaitTraceWindow
shape_from_dropdown (GaitWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->trace_shape_dropdown);

  return selected < G_N_ELEMENTS (dropdown_shapes) ? dropdown_shapes[selected] : GAIT_TRACE_WINDOW_DISC;
}

/* trace-shape ("rect", "disc", "pixel") ↔ the dropdown's item */
static gboolean
shape_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  GaitTraceWindow window;

  if (!gait_trace_window_from_string (g_variant_get_string (variant, NULL), &window))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (dropdown_shapes); i++)
    if (dropdown_shapes[i] == window)
      g_value_set_uint (value, i);

  return TRUE;
}

static GVariant *
shape_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (dropdown_shapes))
    return NULL;

  return g_variant_new_string (gait_trace_window_to_string (dropdown_shapes[selected]));
}

/* Extraction: every pending intensity trace in one pass */

static void start_extraction (GaitWindow *self);

static void
extracted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GaitWindow) self = user_data;
  g_autoptr(GPtrArray) running = g_steal_pointer (&self->trace_running);
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GError) error = NULL;

  values = gait_trace_extractor_run_finish (GAIT_TRACE_EXTRACTOR (object), result, &error);

  g_clear_object (&self->trace_cancellable);

  /* disposed meanwhile */
  if (self->trace_progress_box == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->trace_progress_box), FALSE);

  if (values == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _gait_window_toast (self, _("The traces could not be computed: %s"), error->message);
      /* without values they would only wait for another pass */
      for (guint i = 0; i < running->len; i++)
        remove_item (self, g_ptr_array_index (running, i));
    }
  else
    {
      for (guint i = 0; i < running->len && i < values->len; i++)
        {
          GaitTraceItem *item = g_ptr_array_index (running, i);

          /* not if it was removed meanwhile */
          if (g_list_store_find (traces (self), item, NULL))
            gait_trace_item_set_raw (item, g_ptr_array_index (values, i));
        }
    }

  /* traces added meanwhile */
  start_extraction (self);
}

static void
start_extraction (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  g_autoptr(GaitTraceExtractor) extractor = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GListModel *model = G_LIST_MODEL (traces (self));

  if (self->trace_running != NULL || recording == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GaitTraceItem) item = g_list_model_get_item (model, i);

      if (gait_trace_item_get_kind (item) == GAIT_TRACE_ITEM_INTENSITY && !gait_trace_item_get_ready (item))
        g_ptr_array_add (pending, g_steal_pointer (&item));
    }

  if (pending->len == 0)
    return;

  if (gait_recording_get_video_path (recording) == NULL ||
      !(extractor = gait_trace_extractor_new (gait_recording_get_video_path (recording), &error)))
    {
      _gait_window_toast (self, _("Intensity traces need the video: %s"),
                          error ? error->message : _("there is none"));
      for (guint i = 0; i < pending->len; i++)
        remove_item (self, g_ptr_array_index (pending, i));
      return;
    }

  self->trace_running = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < pending->len; i++)
    {
      GaitTraceItem *item = g_ptr_array_index (pending, i);

      if (!gait_trace_extractor_add (extractor, gait_trace_item_get_name (item),
                                     gait_trace_item_get_pixel_x (item), gait_trace_item_get_pixel_y (item),
                                     gait_trace_item_get_window (item), gait_trace_item_get_size (item),
                                     &error))
        {
          _gait_window_toast (self, "%s", error->message);
          g_clear_error (&error);
          remove_item (self, item);
          continue;
        }
      g_ptr_array_add (self->trace_running, g_object_ref (item));
    }

  if (self->trace_running->len == 0)
    {
      g_clear_pointer (&self->trace_running, g_ptr_array_unref);
      return;
    }

  self->trace_cancellable = g_cancellable_new ();
  g_object_bind_property (extractor, "fraction", self->trace_progress, "fraction", G_BINDING_SYNC_CREATE);
  gtk_progress_bar_set_text (self->trace_progress, _("Computing traces…"));
  gtk_widget_set_visible (GTK_WIDGET (self->trace_progress_box), TRUE);
  gait_trace_extractor_run_async (extractor, self->trace_cancellable, extracted_cb, g_object_ref (self));
}

static gboolean
start_extraction_idle (gpointer user_data)
{
  GaitWindow *self = user_data;

  self->trace_idle_id = 0;
  start_extraction (self);

  return G_SOURCE_REMOVE;
}

/* Traces added in one go (by clicks, by a script, by reopening) share the
 * pass that starts once the main loop is idle. */
static void
queue_extraction (GaitWindow *self)
{
  if (self->trace_idle_id == 0)
    self->trace_idle_id = g_idle_add_full (G_PRIORITY_LOW, start_extraction_idle, self, NULL);
}

static void
trace_cancel_clicked_cb (GaitWindow *self)
{
  if (self->trace_cancellable != NULL)
    g_cancellable_cancel (self->trace_cancellable);
}

static void
add_item (GaitWindow    *self,
          GaitTraceItem *item)
{
  gait_trace_item_set_color_index (item, self->trace_color++);
  g_list_store_append (traces (self), item);
  if (!gait_trace_item_get_ready (item))
    queue_extraction (self);
}

/* win.add-trace((X, Y, 'auto'|'rect'|'disc'|'pixel')): X, Y in video pixels */
void
_gait_window_add_trace_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  GaitRecording *recording = gait_session_get_recording (self->session);
  g_autoptr(GaitTraceItem) item = NULL;
  g_autoptr(GError) error = NULL;
  GaitTraceWindow window;
  const char *kind;
  double x, y;

  g_variant_get (param, "(dd&s)", &x, &y, &kind);
  if (recording == NULL || !isfinite (x) || !isfinite (y))
    return;

  if (g_str_equal (kind, "auto"))
    {
      GaitTracking *tracking = gait_recording_get_tracking (recording);
      int landmark = gait_video_view_landmark_near (self->video_view, x, y);

      if (tracking != NULL && landmark >= 0)
        {
          GaitDetectParams params;

          _gait_window_read_params (self, &params);
          if (!(item = gait_trace_item_new_landmark (tracking, landmark, &params, &error)))
            {
              _gait_window_toast (self, "%s", error->message);
              return;
            }
          add_item (self, item);
          return;
        }
      window = shape_from_dropdown (self);
    }
  else if (!gait_trace_window_from_string (kind, &window))
    {
      g_warning ("win.add-trace: unknown kind “%s”", kind);
      return;
    }

  if (gait_recording_get_video_path (recording) == NULL)
    {
      _gait_window_toast (self, "%s", _("Intensity traces need the video"));
      return;
    }

  item = gait_trace_item_new_intensity (x, y, window,
                                        (guint)gtk_spin_button_get_value_as_int (self->trace_size_spin));
  add_item (self, item);
}

/* win.remove-trace(INDEX) */
void
_gait_window_remove_trace_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  GaitWindow *self = GAIT_WINDOW (widget);
  int index = g_variant_get_int32 (param);
  gboolean any_running = FALSE;

  if (index < 0 || (guint)index >= g_list_model_get_n_items (G_LIST_MODEL (traces (self))))
    return;

  g_list_store_remove (traces (self), index);

  /* a pass whose traces are all gone is not worth finishing */
  if (self->trace_running != NULL)
    {
      for (guint i = 0; i < self->trace_running->len; i++)
        any_running |= g_list_store_find (traces (self), g_ptr_array_index (self->trace_running, i), NULL);
      if (!any_running)
        trace_cancel_clicked_cb (self);
    }
}

/* Export: one column per trace (a landmark's x, y and speed), as shown */

static gboolean
export_traces (GaitWindow  *self,
               const char  *path,
               GError     **error)
{
  GListModel *model = G_LIST_MODEL (traces (self));
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GaitTraceItem) item = g_list_model_get_item (model, i);

      for (guint c = 0; c < gait_trace_item_get_n_columns (item); c++)
        if (gait_trace_item_get_column (item, c) != NULL)
          g_ptr_array_add (columns, gait_trace_item_get_column (item, c));
    }

  if (columns->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("There are no traces to export: click the video to add one"));
      return FALSE;
    }

  return gait_traces_save_csv ((GaitTrace * const *)columns->pdata, columns->len, path, error);
}

static void
export_traces_to (GaitWindow *self,
                  const char *path,
                  gpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  if (export_traces (self, path, &error))
    _gait_window_toast (self, _("Traces exported to %s"), name);
  else
    _gait_window_toast (self, "%s", error->message);
}

/* win.export-traces('PATH'); an empty path asks where */
void
_gait_window_export_traces_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  _gait_window_export_to (GAIT_WINDOW (widget), g_variant_get_string (param, NULL),
                          _("Export Traces"), "-traces.csv", NULL, export_traces_to, NULL);
}

/* The session file's [Traces] group */

/**
 * _gait_window_traces_definitions:
 * @self: a #GaitWindow
 *
 * The traces' definitions, in lane order, for the session file
 * (#GaitSessionInfo.traces): `landmark;NAME;NORMALISE;DETREND;` or
 * `intensity;X;Y;WINDOW;SIZE;NORMALISE;DETREND;`.
 *
 * Returns: (transfer full) (element-type GStrv) (nullable): %NULL if there
 *   are none
 */
GPtrArray *
_gait_window_traces_definitions (GaitWindow *self)
{
  GListModel *model = G_LIST_MODEL (traces (self));
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = recording ? gait_recording_get_tracking (recording) : NULL;
  GPtrArray *definitions;

  if (g_list_model_get_n_items (model) == 0)
    return NULL;

  definitions = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GaitTraceItem) item = g_list_model_get_item (model, i);
      const char *normalise = gait_trace_item_get_normalise (item) ? "normalise" : "raw";
      const char *detrend = gait_trace_item_get_detrend (item) ? "detrend" : "keep";
      g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();

      if (gait_trace_item_get_kind (item) == GAIT_TRACE_ITEM_LANDMARK)
        {
          g_strv_builder_add (fields, "landmark");
          g_strv_builder_add (fields, tracking ? gait_tracking_get_landmark_name (tracking, gait_trace_item_get_landmark (item)) : "");
        }
      else
        {
          char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];
          g_autofree char *size = g_strdup_printf ("%u", gait_trace_item_get_size (item));

          g_strv_builder_add_many (fields, "intensity",
                                   g_ascii_dtostr (x, sizeof x, gait_trace_item_get_x (item)),
                                   g_ascii_dtostr (y, sizeof y, gait_trace_item_get_y (item)),
                                   gait_trace_window_to_string (gait_trace_item_get_window (item)),
                                   size, NULL);
        }
      g_strv_builder_add_many (fields, normalise, detrend, NULL);
      g_ptr_array_add (definitions, g_strv_builder_end (fields));
    }

  return definitions;
}

/**
 * _gait_window_traces_restore:
 * @self: a #GaitWindow
 * @definitions: (nullable) (element-type GStrv): #GaitSessionInfo.traces
 *   of the session file
 *
 * Adds the traces saved in the session file, once the recording is
 * open, and writes them back to it; intensity traces are extracted
 * again, in one pass.
 */
void
_gait_window_traces_restore (GaitWindow *self,
                             GPtrArray  *definitions)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = recording ? gait_recording_get_tracking (recording) : NULL;
  GaitDetectParams params;

  if (definitions == NULL)
    return;

  _gait_window_read_params (self, &params);
  self->restoring_traces = TRUE;

  for (guint i = 0; i < definitions->len; i++)
    {
      const char * const *value = g_ptr_array_index (definitions, i);
      g_autoptr(GaitTraceItem) item = NULL;
      guint n = g_strv_length ((char **)value);

      if (n == 4 && g_str_equal (value[0], "landmark") && tracking != NULL)
        {
          int landmark = gait_tracking_find_landmark (tracking, value[1]);

          if (landmark >= 0)
            item = gait_trace_item_new_landmark (tracking, landmark, &params, NULL);
        }
      else if (n == 7 && g_str_equal (value[0], "intensity"))
        {
          GaitTraceWindow window;
          guint64 size;

          if (gait_trace_window_from_string (value[3], &window) &&
              g_ascii_string_to_unsigned (value[4], 10, 1, 4096, &size, NULL))
            item = gait_trace_item_new_intensity (g_ascii_strtod (value[1], NULL),
                                                  g_ascii_strtod (value[2], NULL),
                                                  window, (guint)size);
        }

      if (item == NULL)
        {
          g_debug ("Skipping saved trace %u", i);
          continue;
        }

      gait_trace_item_set_normalise (item, g_str_equal (value[n - 2], "normalise"));
      gait_trace_item_set_detrend (item, g_str_equal (value[n - 1], "detrend"));
      add_item (self, item);
    }

  self->restoring_traces = FALSE;
  _gait_window_save_session (self);
}

/**
 * _gait_window_traces_clear:
 * @self: a #GaitWindow
 *
 * Forgets the traces (a new recording is opening), without writing the
 * session file, and stops their extraction.
 */
void
_gait_window_traces_clear (GaitWindow *self)
{
  trace_cancel_clicked_cb (self);
  g_clear_handle_id (&self->trace_idle_id, g_source_remove);
  self->restoring_traces = TRUE;
  g_list_store_remove_all (traces (self));
  self->restoring_traces = FALSE;
  self->trace_color = 0;
}

/* The Traces page */

static void
remove_clicked_cb (GtkButton     *button,
                   GaitTraceItem *item)
{
  GaitWindow *self = GAIT_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
  guint position;

  if (g_list_store_find (traces (self), item, &position))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.remove-trace", "i", (int)position);
}

static GtkWidget *
create_row (gpointer item_,
            gpointer user_data)
{
  GaitTraceItem *item = item_;
  GtkWidget *box, *top, *bottom, *label, *check, *button;
  g_autofree char *markup = NULL;
  double r, g, b;

  gait_trace_item_get_color (item, &r, &g, &b);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 4);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  markup = g_markup_printf_escaped ("<span foreground=\"#%02x%02x%02x\">●</span>  %s",
                                    (int)(r * 255), (int)(g * 255), (int)(b * 255),
                                    gait_trace_item_get_name (item));
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (top), label);

  label = gtk_label_new (gait_trace_item_get_kind (item) == GAIT_TRACE_ITEM_LANDMARK
                         ? C_("trace kind", "landmark") : C_("trace kind", "intensity"));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (top), label);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_tooltip_text (button, _("Remove the trace"));
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", G_CALLBACK (remove_clicked_cb), item, 0);
  gtk_box_append (GTK_BOX (top), button);
  gtk_box_append (GTK_BOX (box), top);

  bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  check = gtk_check_button_new_with_label (_("Normalise"));
  gtk_widget_set_tooltip_text (check, _("Scale to 0…1 by the trace’s minimum and maximum"));
  g_object_bind_property (item, "normalise", check, "active", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  gtk_box_append (GTK_BOX (bottom), check);
  check = gtk_check_button_new_with_label (_("Detrend"));
  gtk_widget_set_tooltip_text (check, _("Take out the moving mean over two periods, keeping the baseline"));
  g_object_bind_property (item, "detrend", check, "active", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  gtk_box_append (GTK_BOX (bottom), check);
  gtk_box_append (GTK_BOX (box), bottom);

  return box;
}

static void
on_traces_changed (GaitWindow *self)
{
  if (!self->restoring_traces)
    _gait_window_save_session (self);
}

/* the window button under the video says what a click traces: "□ 4" */
static void
update_window_button (GaitWindow *self)
{
  GaitTraceWindow window = shape_from_dropdown (self);
  int size = gtk_spin_button_get_value_as_int (self->trace_size_spin);
  g_autofree char *text = NULL;

  if (window == GAIT_TRACE_WINDOW_PIXEL)
    text = g_strdup ("·");
  else
    text = g_strdup_printf ("%s %d", window == GAIT_TRACE_WINDOW_RECT ? "□" : "○", size);
  gtk_label_set_text (self->trace_window_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->trace_size_spin), window != GAIT_TRACE_WINDOW_PIXEL);
}


void
_gait_window_traces_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, trace_list);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, trace_shape_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, trace_size_spin);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, trace_window_button);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, trace_window_label);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, trace_progress_box);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, trace_progress);
  gtk_widget_class_bind_template_callback (widget_class, trace_cancel_clicked_cb);
}

void
_gait_window_traces_init (GaitWindow *self)
{
  gtk_list_box_bind_model (self->trace_list, G_LIST_MODEL (traces (self)), create_row, NULL, NULL);

  /* a disc unless GSettings (if the schema is installed) says otherwise */
  gtk_drop_down_set_selected (self->trace_shape_dropdown, 1);
  if (self->settings != NULL)
    {
      g_settings_bind_with_mapping (self->settings, "trace-shape",
                                    self->trace_shape_dropdown, "selected",
                                    G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY,
                                    shape_get_mapping, shape_set_mapping, NULL, NULL);
      g_settings_bind (self->settings, "trace-size", self->trace_size_spin, "value",
                       G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY);
    }
  update_window_button (self);

  g_signal_connect_object (self->trace_shape_dropdown, "notify::selected", G_CALLBACK (update_window_button), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trace_size_spin, "value-changed", G_CALLBACK (update_window_button), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "traces-changed", G_CALLBACK (on_traces_changed), self, G_CONNECT_SWAPPED);
}

void
_gait_window_traces_dispose (GaitWindow *self)
{
  trace_cancel_clicked_cb (self);
  g_clear_handle_id (&self->trace_idle_id, g_source_remove);
}
