/* gait-test-ui-util.c: helpers shared by the tests of the review window
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gait-test-ui-util.h"
#include "gait-video-view.h"

/* Runs @n iterations of the main context, without blocking */
void
gait_test_iterate (guint n)
{
  for (guint i = 0; i < n; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Iterates until @condition holds (TRUE), or @timeout_ms passes (FALSE). */
gboolean
gait_test_wait_for (GaitTestCondition  condition,
                    gpointer           data,
                    guint              timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  /* let redraws and idles settle */
  gait_test_iterate (50);

  return TRUE;
}

/* A recording is open, detected, and no longer busy. */
gboolean
gait_test_window_ready (gpointer data)
{
  GaitWindow *window = data;

  return !gait_window_is_busy (window) &&
         gait_session_get_recording (gait_window_get_session (window)) != NULL &&
         gait_window_get_store (window) != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (gait_window_get_store (window))) > 0;
}

/* The video view shows the session's frame. */
gboolean
gait_test_frame_shown (gpointer data)
{
  GaitWindow *window = data;
  GaitVideoView *view = GAIT_VIDEO_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "video_view"));

  return gait_video_view_get_shown_frame (view) == gait_session_get_frame (gait_window_get_session (window));
}

void
gait_test_activate (GaitWindow *window,
                    const char *action,
                    GVariant   *param)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, param));
  gait_test_iterate (20);
}

/* A new window, 1400×900, with @path opened and its first frame shown */
GaitWindow *
gait_test_open_window (const char *path)
{
  GaitWindow *window = g_object_new (GAIT_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));

  gait_test_activate (window, "win.open-file", g_variant_new_string (path));
  g_assert_true (gait_test_wait_for (gait_test_window_ready, window, 60000));
  g_assert_true (gait_test_wait_for (gait_test_frame_shown, window, 20000));

  return window;
}

typedef struct
{
  GtkWidget     *widget;
  GskRenderNode *node;
} Capture;

/* Right after a paint the window's render node is the one on screen; any
 * redraw queued later (a label a worker updates, a spinner) drops it, so
 * it is taken here, in the same frame. */
static void
capture_after_paint (Capture *capture)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;
  int w = gtk_widget_get_width (capture->widget);
  int h = gtk_widget_get_height (capture->widget);

  if (capture->node != NULL)
    return;

  paintable = gtk_widget_paintable_new (capture->widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  capture->node = gtk_snapshot_free_to_node (snapshot);
  if (capture->node == NULL)
    gtk_widget_queue_draw (capture->widget);
}

static gboolean
captured (gpointer data)
{
  return ((Capture *)data)->node != NULL;
}

/* Renders the window as it is on screen, and saves it as @png. */
GdkTexture *
gait_test_render (GaitWindow *window,
                  const char *png)
{
  GtkWidget *widget = GTK_WIDGET (window);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  Capture capture = { widget, NULL };
  GdkTexture *texture;
  gulong handler;

  /* paint once more, then take what was painted, CSS backgrounds and all */
  g_assert_nonnull (clock);
  handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (capture_after_paint), &capture);
  gtk_widget_queue_draw (widget);
  g_assert_true (gait_test_wait_for (captured, &capture, 10000));
  g_signal_handler_disconnect (clock, handler);

  texture = gsk_renderer_render_texture (renderer, capture.node,
                                         &GRAPHENE_RECT_INIT (0, 0,
                                                              gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  gsk_render_node_unref (capture.node);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("window rendered to %s", png);

  return texture;
}

/* Downloads @texture into @px; g_free() px->data after. */
void
gait_test_pixels_init (GaitTestPixels *px,
                       GdkTexture     *texture)
{
  px->width = gdk_texture_get_width (texture);
  px->height = gdk_texture_get_height (texture);
  px->stride = px->width * 4;
  px->data = g_malloc (px->stride * px->height);
  gdk_texture_download (texture, px->data, px->stride);
}

/* How many pixels of @area are within @tolerance of the colour (r, g, b). */
guint
gait_test_count_colour (const GaitTestPixels  *px,
                        const graphene_rect_t *area,
                        int                    r,
                        int                    g,
                        int                    b,
                        int                    tolerance)
{
  guint n = 0;

  for (int y = MAX (0, (int)area->origin.y); y < MIN (px->height, (int)(area->origin.y + area->size.height)); y++)
    for (int x = MAX (0, (int)area->origin.x); x < MIN (px->width, (int)(area->origin.x + area->size.width)); x++)
      {
        const guchar *p = px->data + y * px->stride + 4 * x;   /* B G R A */

        if (ABS (p[2] - r) <= tolerance && ABS (p[1] - g) <= tolerance && ABS (p[0] - b) <= tolerance)
          n++;
      }

  return n;
}
