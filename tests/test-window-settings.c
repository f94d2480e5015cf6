/* test-window-settings.c: what the review window remembers in GSettings
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under xvfb-run with GSETTINGS_BACKEND=memory and
 * GSETTINGS_SCHEMA_DIR set to the build tree's compiled schema. A window
 * closed with a size, pane positions and detection parameters gives them
 * to the next window, and a recording without a saved review opens with
 * the remembered parameters. Without the schema the window still works
 * and remembers nothing.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gait-test-ui-util.h"
#include "gait-test-util.h"
#include "gait-window-private.h"

#define SCHEMA_ID "io.github.gaitline.Gaitline"

static char *tmpdir;
static char *examples;

static GtkPaned *
side_paned (GaitWindow *window)
{
  return GTK_PANED (gtk_widget_get_ancestor (GTK_WIDGET (window->video_view), GTK_TYPE_PANED));
}

static GtkPaned *
timeline_paned (GaitWindow *window)
{
  GtkWidget *side = GTK_WIDGET (side_paned (window));

  return GTK_PANED (gtk_widget_get_ancestor (gtk_widget_get_parent (side), GTK_TYPE_PANED));
}

static GtkPaned *
metrics_paned (GaitWindow *window)
{
  return GTK_PANED (gtk_widget_get_ancestor (GTK_WIDGET (window->cycle_list), GTK_TYPE_PANED));
}

static GaitWindow *
new_window (void)
{
  GaitWindow *window = g_object_new (GAIT_TYPE_WINDOW, NULL);

  gtk_window_present (GTK_WINDOW (window));
  gait_test_iterate (50);

  return window;
}

/* Closes the window as the user would: "close-request" runs. */
static void
close_window (GaitWindow *window)
{
  g_autoptr(GaitWindow) ref = g_object_ref (window);

  gtk_window_close (GTK_WINDOW (window));
  gait_test_iterate (20);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ref)));
}

static void
test_schema_found (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL)
    g_error ("schema %s not found: GSETTINGS_SCHEMA_DIR=%s", SCHEMA_ID,
             g_getenv ("GSETTINGS_SCHEMA_DIR"));
  g_assert_true (g_settings_schema_has_key (schema, "window-width"));
}

static void
test_defaults (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GVariant) user_value = NULL;
  GaitWindow *window;
  GaitDetectParams defaults;
  int width, height;

  /* nothing remembered yet: the schema's defaults, which are the
   * template's and the detector's */
  user_value = g_settings_get_user_value (settings, "window-width");
  g_assert_null (user_value);
  window = new_window ();
  gait_detect_params_init (&defaults, GAIT_METHOD_TOUCHDOWN);

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1280);
  g_assert_cmpint (height, ==, 860);
  g_assert_cmpint (gtk_paned_get_position (side_paned (window)), ==, 860);
  g_assert_cmpint (gtk_paned_get_position (timeline_paned (window)), ==, 470);
  g_assert_cmpint (gtk_paned_get_position (metrics_paned (window)), ==, 190);
  g_assert_cmpuint (gtk_drop_down_get_selected (window->method_dropdown), ==, 0);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (window->likelihood_spin), defaults.likelihood_cutoff, 1e-9);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (window->threshold_spin), defaults.threshold, 1e-9);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (window->min_width_spin), ==, defaults.min_width);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (window->max_width_spin), ==, defaults.max_width);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (window->min_distance_spin), ==, defaults.min_distance);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (window->cutoff_spin), 0.5, 1e-9);
  /* the trace window: a disc of 4 */
  g_assert_cmpuint (gtk_drop_down_get_selected (window->trace_shape_dropdown), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (window->trace_size_spin), ==, 4);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
set_parameters (GaitWindow *window)
{
  /* the method first: changing it resets the likelihood cutoff */
  gtk_drop_down_set_selected (window->method_dropdown, 1);
  gtk_spin_button_set_value (window->likelihood_spin, 0.75);
  gtk_spin_button_set_value (window->threshold_spin, 2.5);
  gtk_spin_button_set_value (window->min_width_spin, 3);
  gtk_spin_button_set_value (window->max_width_spin, 21);
  gtk_spin_button_set_value (window->min_distance_spin, 7);
  gtk_spin_button_set_value (window->cutoff_spin, 0.3);
  gtk_drop_down_set_selected (window->trace_shape_dropdown, 0);   /* rect */
  gtk_spin_button_set_value (window->trace_size_spin, 9);
}

static void
assert_parameters (GaitWindow *window)
{
  g_assert_cmpuint (gtk_drop_down_get_selected (window->method_dropdown), ==, 1);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (window->likelihood_spin), 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (window->threshold_spin), 2.5, 1e-9);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (window->min_width_spin), ==, 3);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (window->max_width_spin), ==, 21);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (window->min_distance_spin), ==, 7);
  g_assert_cmpuint (gtk_drop_down_get_selected (window->trace_shape_dropdown), ==, 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (window->trace_size_spin), ==, 9);
}

static void
test_remembered (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *method = NULL;
  GaitWindow *window = new_window ();
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 870);
  gtk_paned_set_position (side_paned (window), 610);
  gtk_paned_set_position (timeline_paned (window), 333);
  gtk_paned_set_position (metrics_paned (window), 144);
  set_parameters (window);
  gait_test_iterate (50);

  /* the parameters are written as they change, the window state on close */
  method = g_settings_get_string (settings, "detect-method");
  g_assert_cmpstr (method, ==, "seed");
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "likelihood-cutoff"), 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "overlay-likelihood-cutoff"), 0.3, 1e-9);
  g_clear_pointer (&method, g_free);
  method = g_settings_get_string (settings, "trace-shape");
  g_assert_cmpstr (method, ==, "rect");
  g_assert_cmpint (g_settings_get_int (settings, "trace-size"), ==, 9);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1280);

  close_window (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1300);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 870);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_assert_cmpint (g_settings_get_int (settings, "side-pane-position"), ==, 610);
  g_assert_cmpint (g_settings_get_int (settings, "timeline-pane-position"), ==, 333);
  g_assert_cmpint (g_settings_get_int (settings, "metrics-pane-position"), ==, 144);
  g_assert_cmpint (g_settings_get_int (settings, "min-width"), ==, 3);
  g_assert_cmpint (g_settings_get_int (settings, "max-width"), ==, 21);
  g_assert_cmpint (g_settings_get_int (settings, "min-distance"), ==, 7);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "threshold"), 2.5, 1e-9);

  /* the next window starts where this one ended */
  window = new_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1300);
  g_assert_cmpint (height, ==, 870);
  g_assert_cmpint (gtk_paned_get_position (side_paned (window)), ==, 610);
  g_assert_cmpint (gtk_paned_get_position (timeline_paned (window)), ==, 333);
  g_assert_cmpint (gtk_paned_get_position (metrics_paned (window)), ==, 144);
  assert_parameters (window);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (window->cutoff_spin), 0.3, 1e-9);
  g_assert_cmpfloat_with_epsilon (gait_session_get_likelihood_cutoff (gait_window_get_session (window)), 0.3, 1e-9);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* the recording is open, and the window no longer busy */
static gboolean
loaded (gpointer data)
{
  GaitWindow *window = data;

  return !gait_window_is_busy (window) &&
         gait_session_get_recording (gait_window_get_session (window)) != NULL;
}

static void
test_new_recording (void)
{
  g_autofree char *from = g_build_filename (examples, "piglet-walkDLC_synthetic.csv", NULL);
  g_autofree char *to = g_build_filename (tmpdir, "walkDLC_synthetic.csv", NULL);
  g_autofree char *session = g_strconcat (to, ".gaitline", NULL);
  g_autofree char *data = NULL;
  gsize len;
  GaitWindow *window;
  GaitDetectParams params;

  g_assert_true (g_file_get_contents (from, &data, &len, NULL));
  g_assert_true (g_file_set_contents (to, data, len, NULL));
  g_assert_false (g_file_test (session, G_FILE_TEST_EXISTS));

  /* remembered by test_remembered; a new window resets nothing */
  window = new_window ();
  assert_parameters (window);

  /* a recording without a saved review is opened with the remembered
   * parameters, not the detector's defaults */
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.open-file",
                                                     g_variant_new_string (to)));
  g_assert_true (gait_test_wait_for (loaded, window, 60000));

  assert_parameters (window);
  _gait_window_read_params (window, &params);
  g_assert_cmpint (params.method, ==, GAIT_METHOD_SEED);
  g_assert_cmpfloat_with_epsilon (params.likelihood_cutoff, 0.75, 1e-9);
  g_assert_cmpuint (params.max_width, ==, 21);

  gtk_window_destroy (GTK_WINDOW (window));
  gait_test_iterate (20);
}

static void
test_no_schema (void)
{
  if (g_test_subprocess ())
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;
      GaitWindow *window;
      int width, height;

      g_assert_nonnull (source);
      schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
      if (schema != NULL)
        g_error ("%s is installed system-wide: cannot test running without it", SCHEMA_ID);

      window = new_window ();
      g_assert_null (window->settings);
      gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
      g_assert_cmpint (width, ==, 1280);
      gtk_spin_button_set_value (window->threshold_spin, 4.0);
      close_window (window);
      return;
    }

  /* a schema directory with another schema only (libadwaita needs a
   * schema source to look its schemas up in) */
  {
    g_autofree char *other = g_build_filename (tmpdir, "other-schemas", NULL);
    g_autofree char *xml = g_build_filename (other, "io.github.gaitline.Other.gschema.xml", NULL);
    g_autofree char *compiled = g_build_filename (other, "gschemas.compiled", NULL);
    g_autofree char *old_schema_dir = g_strdup (g_getenv ("GSETTINGS_SCHEMA_DIR"));
    g_autofree char *old_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
    const char *compile[] = { "glib-compile-schemas", other, NULL };
    g_autoptr(GError) error = NULL;
    int status;

    g_assert_cmpint (g_mkdir_with_parents (other, 0700), ==, 0);
    g_assert_true (g_file_set_contents (xml,
                                        "<schemalist><schema id=\"io.github.gaitline.Other\">"
                                        "<key name=\"k\" type=\"b\"><default>false</default></key>"
                                        "</schema></schemalist>", -1, NULL));
    g_spawn_sync (NULL, (char **)compile, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_test (compiled, G_FILE_TEST_EXISTS));

    g_setenv ("GSETTINGS_SCHEMA_DIR", other, TRUE);
    /* the distribution's data (MIME database, icons) but not /usr/local,
     * where an installed Gaitline would have its schema */
    g_setenv ("XDG_DATA_DIRS", "/usr/share", TRUE);
    g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
    if (old_schema_dir != NULL)
      g_setenv ("GSETTINGS_SCHEMA_DIR", old_schema_dir, TRUE);
    if (old_data_dirs != NULL)
      g_setenv ("XDG_DATA_DIRS", old_data_dirs, TRUE);
    else
      g_unsetenv ("XDG_DATA_DIRS");
  }
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (!g_test_subprocess ())
    tmpdir = gait_test_make_tmpdir ("gaitline-settings-XXXXXX");
  examples = g_test_build_filename (G_TEST_DIST, "..", "data", "examples", NULL);

  g_test_add_func ("/window-settings/schema-found", test_schema_found);
  g_test_add_func ("/window-settings/defaults", test_defaults);
  g_test_add_func ("/window-settings/remembered", test_remembered);
  g_test_add_func ("/window-settings/new-recording", test_new_recording);
  g_test_add_func ("/window-settings/no-schema", test_no_schema);

  ret = g_test_run ();

  if (!g_test_subprocess ())
    gait_test_remove_tree (tmpdir);

  return ret;
}
