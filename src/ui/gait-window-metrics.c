/* gait-window-metrics.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gait-metrics.h"
#include "gait-window-private.h"

/*
 * Gait metrics in the Cycles page: the selected cycle's measurements and
 * the used (accepted, edited, added; all but rejected before any review)
 * cycles' means and SDs with the interlimb coordination, all from
 * gait_metrics_compute() — the numbers of `gaitline-cli metrics` and of
 * win.export-metrics. Measured again in a worker thread after an edit, a
 * change of scale, frame rate or selected range; selecting another cycle
 * only shows its line of the last measurement. The hoof speeds'
 * cross-correlation covers the frames selected in the timeline when there
 * are any (else each pair's cycles), and its curves for the active limb
 * are drawn below the numbers.
 */

/* What gait_metrics_compute() measures, taken from the window so that a
 * worker thread can measure it */
typedef struct
{
  GaitTracking      *tracking;
  GaitProfile       *profile;
  GaitCycle         *cycles;
  gsize              n_cycles;
  GaitMetricsParams  params;
} MetricsInput;

static void
metrics_input_free (gpointer data)
{
  MetricsInput *in = data;

  g_clear_object (&in->tracking);
  g_clear_object (&in->profile);
  g_free (in->cycles);
  g_free (in);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MetricsInput, metrics_input_free)

/* The review's cycles as the window shows them: its frame rate, the scale
 * in the Detection page and the timeline's selection for the
 * cross-correlation */
static MetricsInput *
metrics_input_new (GaitWindow  *self,
                   GError     **error)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = recording ? gait_recording_get_tracking (recording) : NULL;
  GaitProfile *profile = recording ? gait_recording_get_profile (recording) : NULL;
  MetricsInput *in;

  if (tracking == NULL || profile == NULL || self->store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Gait metrics need tracking with a known animal profile"));
      return NULL;
    }

  in = g_new0 (MetricsInput, 1);
  in->tracking = g_object_ref (tracking);
  in->profile = g_object_ref (profile);
  in->cycles = gait_annotation_store_get_cycles (self->store, &in->n_cycles);
  gait_metrics_params_init (&in->params);
  in->params.fps = gait_session_get_fps (self->session);
  in->params.mm_per_px = gtk_spin_button_get_value (self->scale_spin);
  gait_session_get_selection (self->session, &in->params.xcorr_start, &in->params.xcorr_end);

  return in;
}

static GaitMetrics *
metrics_input_measure (MetricsInput  *in,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return gait_metrics_compute (in->tracking, in->profile, in->cycles, in->n_cycles,
                               &in->params, cancellable, error);
}

/* The review's cycles as the window shows them, measured now */
static GaitMetrics *
compute_metrics (GaitWindow  *self,
                 GError     **error)
{
  g_autoptr(MetricsInput) in = metrics_input_new (self, error);

  return in != NULL ? metrics_input_measure (in, NULL, error) : NULL;
}

/* "1.234 unit", or a dash for unknown */
static char *
fmt (double      value,
     int         digits,
     const char *unit)
{
  if (!isfinite (value))
    return g_strdup ("—");

  return g_strdup_printf ("%.*f%s%s", digits, value, *unit ? " " : "", unit);
}

static void
append_mean_sd (GString    *out,
                const char *label,
                GArray     *values,
                int         digits,
                const char *unit)
{
  double sum = 0, sq = 0, mean, sd;
  guint n = 0;
  g_autofree char *m = NULL;
  g_autofree char *s = NULL;

  for (guint i = 0; i < values->len; i++)
    {
      double v = g_array_index (values, double, i);

      if (isfinite (v))
        {
          sum += v;
          n++;
        }
    }
  mean = n > 0 ? sum / n : NAN;
  for (guint i = 0; i < values->len; i++)
    {
      double v = g_array_index (values, double, i);

      if (isfinite (v))
        sq += (v - mean) * (v - mean);
    }
  sd = n > 1 ? sqrt (sq / (n - 1)) : NAN;

  m = fmt (mean, digits, "");
  s = fmt (sd, digits, unit);
  /* TRANSLATORS: a measurement's mean ± standard deviation */
  g_string_append_printf (out, _("%s: %s ± %s\n"), label, m, s);
}

/* The text of the Cycles page's metrics, with @selected's (nullable) */
static char *
format_metrics (GaitMetrics     *metrics,
                const GaitCycle *selected)
{
  GString *out = g_string_new (NULL);
  struct {
    const char *label;
    gsize       offset;
    int         digits;
    const char *unit;
  } columns[] = {
    { NC_("gait metric", "Duration"), G_STRUCT_OFFSET (GaitCycleMetrics, duration), 3, "s" },
    { NC_("gait metric", "Stride frequency"), G_STRUCT_OFFSET (GaitCycleMetrics, stride_frequency), 3, "Hz" },
    { NC_("gait metric", "Duty factor"), G_STRUCT_OFFSET (GaitCycleMetrics, duty_factor), 3, "" },
    { NC_("gait metric", "Stride length"), G_STRUCT_OFFSET (GaitCycleMetrics, stride_length_px), 1, "px" },
    { NC_("gait metric", "Stride length"), G_STRUCT_OFFSET (GaitCycleMetrics, stride_length_mm), 1, "mm" },
    { NC_("gait metric", "Speed"), G_STRUCT_OFFSET (GaitCycleMetrics, speed_px), 1, "px/s" },
    { NC_("gait metric", "Speed"), G_STRUCT_OFFSET (GaitCycleMetrics, speed_mm), 1, "mm/s" },
    { NC_("gait metric", "Procrustes distance"), G_STRUCT_OFFSET (GaitCycleMetrics, procrustes), 4, "" },
  };
  guint n_used = 0;

  for (gsize i = 0; selected != NULL && i < gait_metrics_get_n_cycles (metrics); i++)
    {
      const GaitCycleMetrics *c = gait_metrics_get_cycle (metrics, i);
      g_autofree char *stance = NULL;
      g_autofree char *swing = NULL;
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;

      if (g_strcmp0 (c->limb, selected->limb) != 0 || c->start != selected->start || c->end != selected->end)
        continue;

      start = g_strdup_printf ("%" G_GINT64_FORMAT, c->start);
      end = g_strdup_printf ("%" G_GINT64_FORMAT, c->end);
      g_string_append_printf (out, _("Selected cycle: %s, frames %s–%s\n"), c->limb, start, end);
      for (guint k = 0; k < G_N_ELEMENTS (columns); k++)
        {
          double value = G_STRUCT_MEMBER (double, c, columns[k].offset);
          g_autofree char *v = fmt (value, columns[k].digits, columns[k].unit);

          /* millimetres only with a scale */
          if (g_str_has_prefix (columns[k].unit, "mm") && !isfinite (value))
            continue;
          g_string_append_printf (out, "%s: %s\n", g_dpgettext2 (GETTEXT_PACKAGE, "gait metric", columns[k].label), v);
        }
      stance = fmt (c->stance, 3, "s");
      swing = fmt (c->swing, 3, "s");
      g_string_append_printf (out, _("Stance %s · swing %s\n"), stance, swing);

      for (guint l = 0; l < gait_metrics_get_n_limbs (metrics); l++)
        {
          double phase = gait_metrics_get_phase (metrics, i, l);
          g_autofree char *p = NULL;

          if (g_strcmp0 (gait_metrics_get_limb (metrics, l), c->limb) == 0)
            continue;
          p = fmt (phase, 3, "");
          g_string_append_printf (out, _("Phase of %s’s touch-down: %s\n"), gait_metrics_get_limb (metrics, l), p);
        }
      g_string_append_c (out, '\n');
      break;
    }

  for (gsize i = 0; i < gait_metrics_get_n_cycles (metrics); i++)
    n_used += gait_metrics_get_cycle (metrics, i)->used;

  g_string_append_printf (out, ngettext ("%u cycle measured (mean ± SD)\n",
                                         "%u cycles measured (mean ± SD)\n", n_used), n_used);
  if (n_used > 0)
    {
      for (guint k = 0; k < G_N_ELEMENTS (columns); k++)
        {
          g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

          for (gsize i = 0; i < gait_metrics_get_n_cycles (metrics); i++)
            {
              const GaitCycleMetrics *c = gait_metrics_get_cycle (metrics, i);
              double v = G_STRUCT_MEMBER (double, c, columns[k].offset);

              if (c->used && isfinite (v))
                g_array_append_val (values, v);
            }
          if (values->len > 0)
            append_mean_sd (out, g_dpgettext2 (GETTEXT_PACKAGE, "gait metric", columns[k].label), values, columns[k].digits, columns[k].unit);
        }
    }

  /* one range for all pairs: the selection */
  for (guint i = 0; i < gait_metrics_get_n_interlimb (metrics); i++)
    {
      const GaitInterlimb *il = gait_metrics_get_interlimb (metrics, i);
      const GaitInterlimb *first = gait_metrics_get_interlimb (metrics, 0);

      if (il->xcorr == NULL || il->xcorr_start != first->xcorr_start || il->xcorr_end != first->xcorr_end)
        break;
      if (i == gait_metrics_get_n_interlimb (metrics) - 1)
        {
          g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, first->xcorr_start);
          g_autofree char *end = g_strdup_printf ("%" G_GINT64_FORMAT, first->xcorr_end);

          g_string_append_printf (out, _("Hoof-speed cross-correlation over frames %s–%s:\n"), start, end);
        }
    }

  for (guint i = 0; i < gait_metrics_get_n_interlimb (metrics); i++)
    {
      const GaitInterlimb *il = gait_metrics_get_interlimb (metrics, i);
      g_autofree char *phase = fmt (il->mean_phase, 3, "");
      g_autofree char *strength = fmt (il->vector_strength, 3, "");
      g_autofree char *peak = fmt (il->xcorr_peak, 2, "");

      g_string_append_printf (out, _("%s → %s: phase %s (vector strength %s), hoof-speed lag %d frames (r = %s)\n"),
                              il->limb, il->other, phase, strength, il->xcorr_lag, peak);
    }

  if (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

/* The metrics as measured last, with the selected cycle's */
static void
show_metrics (GaitWindow *self)
{
  GaitAnnotation *selected = gait_session_get_selected (self->session);
  g_autofree char *text = NULL;

  gtk_widget_queue_draw (GTK_WIDGET (self->xcorr_area));
  if (self->metrics == NULL)
    {
      gtk_label_set_text (self->metrics_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->xcorr_area), FALSE);
      return;
    }

  text = format_metrics (self->metrics, selected ? gait_annotation_get_cycle (selected) : NULL);
  gtk_label_set_text (self->metrics_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->xcorr_area), gait_metrics_get_n_interlimb (self->metrics) > 0);
}

static void
metrics_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GaitMetrics *metrics = metrics_input_measure (task_data, cancellable, &error);

  if (metrics == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, metrics, (GDestroyNotify) gait_metrics_unref);
}

static void
metrics_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GaitWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GaitMetrics *metrics = g_task_propagate_pointer (G_TASK (result), &error);

  /* a newer measurement is under way */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->metrics_cancellable);
  g_clear_pointer (&self->metrics, gait_metrics_unref);
  self->metrics = metrics;
  show_metrics (self);
}

static gboolean
update_metrics_idle (gpointer user_data)
{
  GaitWindow *self = user_data;
  g_autoptr(GTask) task = NULL;
  MetricsInput *in;

  self->metrics_idle_id = 0;
  g_cancellable_cancel (self->metrics_cancellable);
  g_clear_object (&self->metrics_cancellable);

  if (!(in = metrics_input_new (self, NULL)))
    {
      g_clear_pointer (&self->metrics, gait_metrics_unref);
      show_metrics (self);
      return G_SOURCE_REMOVE;
    }

  /* a one-hour review (3,812 cycles) takes 0.05 s: not on the main loop */
  self->metrics_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->metrics_cancellable, metrics_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, update_metrics_idle);
  g_task_set_task_data (task, in, metrics_input_free);
  g_task_run_in_thread (task, metrics_thread);

  return G_SOURCE_REMOVE;
}

/**
 * _gait_window_queue_metrics:
 * @self: a #GaitWindow
 *
 * Measures the cycles again, in a worker thread, once the main loop is
 * idle: after an edit, a change of scale, frame rate or selected range.
 */
void
_gait_window_queue_metrics (GaitWindow *self)
{
  if (self->metrics_idle_id == 0)
    self->metrics_idle_id = g_idle_add_full (G_PRIORITY_LOW, update_metrics_idle, self, NULL);
}

static void
export_metrics_to (GaitWindow *self,
                   const char *path,
                   gpointer    data)
{
  g_autoptr(GaitMetrics) metrics = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *name = g_path_get_basename (path);

  if (!(metrics = compute_metrics (self, &error)))
    {
      _gait_window_toast (self, "%s", error->message);
      return;
    }

  csv = gait_metrics_to_csv (metrics);
  if (!g_file_set_contents (path, csv, -1, &error))
    _gait_window_toast (self, "%s", error->message);
  else
    _gait_window_toast (self, _("Metrics exported to %s"), name);
}

/* win.export-metrics('PATH'): the core's per-cycle metrics CSV; an empty path asks where */
void
_gait_window_export_metrics_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  _gait_window_export_to (GAIT_WINDOW (widget), g_variant_get_string (param, NULL),
                          _("Export Metrics"), "-metrics.csv", NULL, export_metrics_to, NULL);
}

/* The active limb's hoof-speed cross-correlations with the other limbs:
 * r (−1…1) over the lag, a curve per other limb with its peak marked. */
static void
draw_xcorr (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  static const double colors[][3] = {
    { 0.11, 0.44, 0.85 }, { 0.90, 0.38, 0.00 }, { 0.18, 0.63, 0.26 },
    { 0.57, 0.25, 0.66 }, { 0.75, 0.11, 0.16 }, { 0.39, 0.39, 0.39 },
  };
  GaitWindow *self = user_data;
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitProfile *profile = recording ? gait_recording_get_profile (recording) : NULL;
  guint limb = gait_session_get_limb (self->session);
  const char *name;
  double fps = gait_session_get_fps (self->session);
  const double left = 30, right = 6, top = 14, bottom = 16;
  double pw = width - left - right, ph = height - top - bottom;
  guint max_lag = 0, n_curves = 0;
  GdkRGBA fg;
  char text[64];

  if (self->metrics == NULL || profile == NULL || limb >= gait_profile_get_n_limbs (profile) || pw < 20 || ph < 20)
    return;
  name = gait_profile_get_limb_name (profile, limb);

  for (guint i = 0; i < gait_metrics_get_n_interlimb (self->metrics); i++)
    {
      const GaitInterlimb *il = gait_metrics_get_interlimb (self->metrics, i);

      if (il->xcorr != NULL && g_strcmp0 (il->limb, name) == 0)
        max_lag = MAX (max_lag, il->max_lag);
    }
  if (max_lag == 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* axes: r = −1, 0, 1 and lag 0 */
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.25);
  for (int k = -1; k <= 1; k++)
    {
      double y = round (top + ph * (1 - k) / 2) + 0.5;

      cairo_move_to (cr, left, y);
      cairo_line_to (cr, left + pw, y);
    }
  cairo_move_to (cr, round (left + pw / 2) + 0.5, top);
  cairo_line_to (cr, round (left + pw / 2) + 0.5, top + ph);
  cairo_stroke (cr);

  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
  cairo_set_font_size (cr, 9);
  cairo_move_to (cr, 2, top + 8);
  cairo_show_text (cr, "r 1");
  cairo_move_to (cr, 2, top + ph);
  cairo_show_text (cr, "−1");
  if (fps > 0)
    g_snprintf (text, sizeof text, "%.2f s", -(double) max_lag / fps);
  else
    g_snprintf (text, sizeof text, "%d", -(int) max_lag);
  cairo_move_to (cr, left, height - 3);
  cairo_show_text (cr, text);
  if (fps > 0)
    g_snprintf (text, sizeof text, "+%.2f s", (double) max_lag / fps);
  else
    g_snprintf (text, sizeof text, "+%d", (int) max_lag);
  {
    cairo_text_extents_t ext;

    cairo_text_extents (cr, text, &ext);
    cairo_move_to (cr, left + pw - ext.x_advance, height - 3);
    cairo_show_text (cr, text);
  }
  g_snprintf (text, sizeof text, _("lag: %s → other"), name);
  {
    cairo_text_extents_t ext;

    cairo_text_extents (cr, text, &ext);
    cairo_move_to (cr, left + pw / 2 - ext.x_advance / 2, height - 3);
    cairo_show_text (cr, text);
  }

  for (guint i = 0; i < gait_metrics_get_n_interlimb (self->metrics); i++)
    {
      const GaitInterlimb *il = gait_metrics_get_interlimb (self->metrics, i);
      const double *c = colors[n_curves % G_N_ELEMENTS (colors)];
      double px, py;

      if (il->xcorr == NULL || g_strcmp0 (il->limb, name) != 0)
        continue;
      n_curves++;

      cairo_set_source_rgb (cr, c[0], c[1], c[2]);
      cairo_set_line_width (cr, 1.5);
      for (int k = -(int) il->max_lag; k <= (int) il->max_lag; k++)
        {
          double x = left + pw * (k + (double) max_lag) / (2.0 * max_lag);
          double y = top + ph * (1 - CLAMP (il->xcorr[il->max_lag + k], -1, 1)) / 2;

          if (k == -(int) il->max_lag)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);

      /* the peak, and the other limb's name at the top */
      px = left + pw * (il->xcorr_lag + (double) max_lag) / (2.0 * max_lag);
      py = top + ph * (1 - CLAMP (il->xcorr_peak, -1, 1)) / 2;
      cairo_arc (cr, px, py, 3, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_move_to (cr, left + 40 * (n_curves - 1), top - 4);
      cairo_show_text (cr, il->other);
    }
}

void
_gait_window_metrics_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, metrics_label);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, GaitWindow, xcorr_area);
}

void
_gait_window_metrics_init (GaitWindow *self)
{
  g_signal_connect_object (self->session, "notify::selected", G_CALLBACK (show_metrics), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::fps", G_CALLBACK (_gait_window_queue_metrics), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::recording", G_CALLBACK (_gait_window_queue_metrics), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scale_spin, "value-changed", G_CALLBACK (_gait_window_queue_metrics), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scale_spin, "value-changed", G_CALLBACK (_gait_window_save_session), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::selection-end", G_CALLBACK (_gait_window_queue_metrics), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::limb", G_CALLBACK (gtk_widget_queue_draw), self->xcorr_area, G_CONNECT_SWAPPED);
  gtk_drawing_area_set_draw_func (self->xcorr_area, draw_xcorr, self, NULL);
}

void
_gait_window_metrics_dispose (GaitWindow *self)
{
  g_clear_handle_id (&self->metrics_idle_id, g_source_remove);
  g_cancellable_cancel (self->metrics_cancellable);
  g_clear_object (&self->metrics_cancellable);
  g_clear_pointer (&self->metrics, gait_metrics_unref);
}
