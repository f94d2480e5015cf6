/* gait-application.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gait-application.h"
#include "gait-window.h"

struct _GaitApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (GaitApplication, gait_application, ADW_TYPE_APPLICATION)

static GaitWindow *
get_window (GaitApplication *self,
            gboolean         create)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL && create)
    window = GTK_WINDOW (gait_window_new (self));

  return GAIT_WINDOW (window);
}

static void
gait_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (GAIT_APPLICATION (app), TRUE)));
}

/* "gaitline VIDEO TRACKING", in either order, or just one of them. */
static void
gait_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  GaitWindow *window = get_window (GAIT_APPLICATION (app), TRUE);

  gtk_window_present (GTK_WINDOW (window));
  gait_window_open_files (window, files, MIN (n_files, 2));
}

static void
gait_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const struct {
    const char *action;
    const char *accels[3];
  } win_accels[] = {
    { "win.open", { "<Control>o", NULL } },
    { "win.play", { "space", "k", NULL } },
    { "win.step(1)", { "Right", "period", NULL } },
    { "win.step(-1)", { "Left", "comma", NULL } },
    { "win.step-seconds(1.0)", { "<Shift>Right", NULL } },
    { "win.step-seconds(-1.0)", { "<Shift>Left", NULL } },
    { "win.accept", { "a", NULL } },
    { "win.reject", { "r", NULL } },
    { "win.select-next", { "n", NULL } },
    { "win.select-previous", { "p", NULL } },
    { "win.mark-start", { "bracketleft", NULL } },
    { "win.mark-end", { "bracketright", NULL } },
    { "win.delete", { "Delete", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.detect", { "<Control>d", NULL } },
    { "win.export-eaf('')", { "<Control>e", NULL } },
    { "win.export-csv('')", { "<Control><Shift>e", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-fit", { "<Control>0", NULL } },
    { "win.next-limb", { "Down", NULL } },
    { "win.previous-limb", { "Up", NULL } },
    { "win.select-range((int64 -1, int64 -1))", { "Escape", NULL } },
  };
  g_autoptr(GtkCssProvider) css = NULL;

  G_APPLICATION_CLASS (gait_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  for (guint i = 0; i < G_N_ELEMENTS (win_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), win_accels[i].action,
                                           win_accels[i].accels);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GaitApplication *self = user_data;

  /* Closing windows saves their sessions. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_destroy (window);
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Gaitline authors", NULL };
  GaitApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", "Gaitline",
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Stride cycles from pose-tracked animal video"),
                         "website", "https://github.com/gaitline/gaitline",
                         NULL);
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static void
gait_application_class_init (GaitApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = gait_application_activate;
  app_class->open = gait_application_open;
  app_class->startup = gait_application_startup;
}

static void
gait_application_init (GaitApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
}

GaitApplication *
gait_application_new (void)
{
  return g_object_new (GAIT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}
