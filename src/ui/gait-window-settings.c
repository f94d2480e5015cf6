/* gait-window-settings.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the window remembers in GSettings: its size, whether it was
 * maximized and where its panes were divided (saved on close, restored at
 * start), and the last detection parameters and overlay likelihood cutoff
 * (bound to their controls; the detection parameters are the defaults for
 * a recording without a saved review).
 *
 * An uninstalled build whose schema cannot be found (GSETTINGS_SCHEMA_DIR
 * unset) runs without remembering anything rather than aborting.
 */

#define G_LOG_DOMAIN "gaitline"

#include "config.h"

#include "gait-window-private.h"

#define SETTINGS_SCHEMA_ID "io.github.gaitline.Gaitline"

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);

  if (schema == NULL)
    {
      g_debug ("GSettings schema %s is not installed; settings are not remembered",
               SETTINGS_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

/* The horizontal pane divides the video from the side panel, the vertical
 * one both from the timeline (ui/gait-window.ui). */
static GtkPaned *
get_side_paned (GaitWindow *self)
{
  return GTK_PANED (gtk_widget_get_ancestor (GTK_WIDGET (self->video_view), GTK_TYPE_PANED));
}

/* The cycle list above the gait metrics */
static GtkPaned *
get_metrics_paned (GaitWindow *self)
{
  return GTK_PANED (gtk_widget_get_ancestor (GTK_WIDGET (self->cycle_list), GTK_TYPE_PANED));
}

static GtkPaned *
get_timeline_paned (GaitWindow *self)
{
  GtkWidget *side = GTK_WIDGET (get_side_paned (self));

  return GTK_PANED (gtk_widget_get_ancestor (gtk_widget_get_parent (side), GTK_TYPE_PANED));
}

/* method_dropdown's items: 0 touch-down, 1 seed */
static gboolean
method_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "seed") ? 1 : 0);

  return TRUE;
}

static GVariant *
method_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "seed" : "touchdown");
}

static gboolean
on_close_request (GaitWindow *self,
                  gpointer    user_data)
{
  GtkWindow *window = GTK_WINDOW (self);
  gboolean maximized = gtk_window_is_maximized (window);

  /* the default size follows the size the window was given, except while
   * maximized or fullscreen, when it keeps the size to return to */
  if (!maximized && !gtk_window_is_fullscreen (window))
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  g_settings_set_int (self->settings, "side-pane-position",
                      gtk_paned_get_position (get_side_paned (self)));
  g_settings_set_int (self->settings, "timeline-pane-position",
                      gtk_paned_get_position (get_timeline_paned (self)));
  g_settings_set_int (self->settings, "metrics-pane-position",
                      gtk_paned_get_position (get_metrics_paned (self)));

  return GDK_EVENT_PROPAGATE;
}

/**
 * _gait_window_settings_init:
 * @self: a #GaitWindow whose template is initialised
 *
 * Restores the window state and binds the parameter controls to
 * GSettings. Does nothing when the schema is not installed.
 */
void
_gait_window_settings_init (GaitWindow *self)
{
  const struct {
    const char *key;
    gpointer    widget;
  } spins[] = {
    /* after the method, whose change resets the likelihood cutoff */
    { "likelihood-cutoff", self->likelihood_spin },
    { "threshold", self->threshold_spin },
    { "min-width", self->min_width_spin },
    { "max-width", self->max_width_spin },
    { "min-distance", self->min_distance_spin },
    { "overlay-likelihood-cutoff", self->cutoff_spin },
  };

  g_assert (GAIT_IS_WINDOW (self));
  g_assert (self->settings == NULL);

  if (!(self->settings = settings_new_if_installed ()))
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  gtk_paned_set_position (get_side_paned (self),
                          g_settings_get_int (self->settings, "side-pane-position"));
  gtk_paned_set_position (get_timeline_paned (self),
                          g_settings_get_int (self->settings, "timeline-pane-position"));
  gtk_paned_set_position (get_metrics_paned (self),
                          g_settings_get_int (self->settings, "metrics-pane-position"));

  g_settings_bind_with_mapping (self->settings, "detect-method",
                                self->method_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY,
                                method_get_mapping, method_set_mapping, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    g_settings_bind (self->settings, spins[i].key, spins[i].widget, "value",
                     G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY);

  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}

/**
 * _gait_window_settings_defaults:
 * @self: a #GaitWindow
 * @params: parameters initialised with gait_detect_params_init()
 *
 * Sets the detection parameters in @params to the last ones used: the
 * defaults for a recording without a saved review. Leaves @params as they
 * are when the schema is not installed.
 */
void
_gait_window_settings_defaults (GaitWindow       *self,
                                GaitDetectParams *params)
{
  g_assert (GAIT_IS_WINDOW (self));
  g_assert (params != NULL);

  if (self->settings == NULL)
    return;

  params->method = g_settings_get_enum (self->settings, "detect-method") == 1
                 ? GAIT_METHOD_SEED : GAIT_METHOD_TOUCHDOWN;
  params->likelihood_cutoff = g_settings_get_double (self->settings, "likelihood-cutoff");
  params->threshold = g_settings_get_double (self->settings, "threshold");
  params->min_width = g_settings_get_int (self->settings, "min-width");
  params->max_width = MAX (params->min_width, (guint)g_settings_get_int (self->settings, "max-width"));
  params->min_distance = g_settings_get_int (self->settings, "min-distance");
}
