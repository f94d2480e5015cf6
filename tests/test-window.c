/* test-window.c: the review window, driven through its actions
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under xvfb-run. Opens the bundled example (video + tracking) in a
 * real window, waits for detection, then accepts, rejects, drags a
 * boundary, adds, deletes, undoes and redoes through the window's actions,
 * exports ELAN and CSV and checks the files, reopens the recording to find
 * the review restored, and renders the window to PNG to check that the
 * video, the landmark overlay and the lanes are drawn.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "gait-session-file.h"
#include "gait-timeline.h"
#include "gait-video-view.h"
#include "gait-window.h"

static char *tmpdir;
static char *video_path;
static char *tracking_path;

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition  condition,
          gpointer   data,
          guint      timeout_ms)
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
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  return TRUE;
}

static gboolean
window_ready (gpointer data)
{
  GaitWindow *window = data;

  return !gait_window_is_busy (window) &&
         gait_session_get_recording (gait_window_get_session (window)) != NULL &&
         gait_window_get_store (window) != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (gait_window_get_store (window))) > 0;
}

static gboolean
frame_shown (gpointer data)
{
  GaitWindow *window = data;
  GaitVideoView *view = GAIT_VIDEO_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "video_view"));

  return gait_video_view_get_shown_frame (view) == gait_session_get_frame (gait_window_get_session (window));
}

static void
activate (GaitWindow *window,
          const char *action,
          GVariant   *param)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, param));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static GaitWindow *
open_example (void)
{
  GaitWindow *window = g_object_new (GAIT_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));

  activate (window, "win.open-file", g_variant_new_string (video_path));
  g_assert_true (wait_for (window_ready, window, 60000));
  g_assert_true (wait_for (frame_shown, window, 20000));

  return window;
}

static GaitAnnotation *
selected (GaitWindow *window)
{
  return gait_session_get_selected (gait_window_get_session (window));
}

static void
count_paint (guint *painted)
{
  (*painted)++;
}

static gboolean
painted_once (gpointer data)
{
  return *(guint *)data > 0;
}

/* Renders the window as it is on screen. */
static GdkTexture *
render (GaitWindow *window,
        const char *png)
{
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) paintable = NULL;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  guint painted = 0;
  gulong handler;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  GdkTexture *texture;

  /* paint once more, then take what was painted, CSS backgrounds and all */
  g_assert_nonnull (clock);
  handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (count_paint), &painted);
  gtk_widget_queue_draw (widget);
  g_assert_true (wait_for (painted_once, &painted, 10000));
  g_signal_handler_disconnect (clock, handler);

  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("window rendered to %s", png);

  return texture;
}

typedef struct
{
  guchar *data;
  gsize   stride;
  int     width;
  int     height;
} Pixels;

static void
pixels_init (Pixels     *px,
             GdkTexture *texture)
{
  px->width = gdk_texture_get_width (texture);
  px->height = gdk_texture_get_height (texture);
  px->stride = px->width * 4;
  px->data = g_malloc (px->stride * px->height);
  gdk_texture_download (texture, px->data, px->stride);
}

/* How many pixels of @area are within @tolerance of the colour (r, g, b). */
static guint
count_colour (const Pixels          *px,
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

/* Saturated, bright pixels: landmark markers over the greyish video. */
static guint
count_vivid (const Pixels          *px,
             const graphene_rect_t *area)
{
  guint n = 0;

  for (int y = MAX (0, (int)area->origin.y); y < MIN (px->height, (int)(area->origin.y + area->size.height)); y++)
    for (int x = MAX (0, (int)area->origin.x); x < MIN (px->width, (int)(area->origin.x + area->size.width)); x++)
      {
        const guchar *p = px->data + y * px->stride + 4 * x;
        int hi = MAX (p[0], MAX (p[1], p[2])), lo = MIN (p[0], MIN (p[1], p[2]));

        if (hi > 180 && hi - lo > 150)
          n++;
      }

  return n;
}

static void
widget_area (GtkWidget       *widget,
             GtkWidget       *window,
             graphene_rect_t *area)
{
  g_assert_true (gtk_widget_compute_bounds (widget, window, area));
}

static void
test_render (void)
{
  g_autoptr(GaitWindow) window = g_object_ref_sink (open_example ());
  GtkWidget *video = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "video_view"));
  GtkWidget *timeline = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "timeline"));
  g_autofree char *png = g_build_filename (tmpdir, "window.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t video_area, lane, lane_in_window;
  Pixels px;

  /* a frame of the walk, with the animal in view */
  activate (window, "win.seek", g_variant_new_int64 (600));
  g_assert_true (wait_for (frame_shown, window, 20000));

  texture = render (window, png);
  pixels_init (&px, texture);

  /* the video: its wall colour (205, 200, 190) fills much of the pane */
  widget_area (video, GTK_WIDGET (window), &video_area);
  g_assert_cmpuint (count_colour (&px, &video_area, 205, 200, 190, 12), >, 20000);

  /* the overlay: vivid landmark markers on top of it */
  g_assert_cmpuint (count_vivid (&px, &video_area), >, 100);

  /* the lanes: detected cycles in amber on both limbs' cycle lanes */
  for (guint limb = 0; limb < 2; limb++)
    {
      graphene_point_t origin;

      g_assert_true (gait_timeline_get_lane (GAIT_TIMELINE (timeline), "cycles", limb, &lane));
      g_assert_true (gtk_widget_compute_point (timeline, GTK_WIDGET (window), &lane.origin, &origin));
      graphene_rect_init (&lane_in_window, origin.x, origin.y, lane.size.width, lane.size.height);
      g_assert_cmpuint (count_colour (&px, &lane_in_window, 0xe5, 0xa5, 0x0a, 60), >, 500);
    }

  g_free (px.data);
  gtk_window_destroy (GTK_WINDOW (window));
}

static guint
count_state (GaitAnnotationStore *store,
             GaitCycleState       state)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(GaitAnnotation) a = g_list_model_get_item (G_LIST_MODEL (store), i);
      n += gait_annotation_get_state (a) == state;
    }

  return n;
}

static void
test_review (void)
{
  g_autoptr(GaitWindow) window = g_object_ref_sink (open_example ());
  GaitAnnotationStore *store = gait_window_get_store (window);
  GaitSession *session = gait_window_get_session (window);
  g_autofree char *eaf = g_build_filename (tmpdir, "review.eaf", NULL);
  g_autofree char *csv = g_build_filename (tmpdir, "review.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *session_file = NULL;
  g_autoptr(GaitAnnotation) accepted = NULL;
  g_autoptr(GaitAnnotation) rejected = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  gint64 end;

  /* The example has 36 true cycles; detection finds them. */
  g_assert_cmpuint (n, >=, 33);
  g_assert_cmpuint (n, <=, 39);
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_DETECTED), ==, n);

  /* next unreviewed: selects and seeks to its start */
  activate (window, "win.select-next", NULL);
  g_assert_nonnull (selected (window));
  g_assert_cmpint (gait_session_get_frame (session), ==, gait_annotation_get_start (selected (window)));

  activate (window, "win.accept", NULL);
  accepted = g_object_ref (selected (window));
  g_assert_cmpint (gait_annotation_get_state (accepted), ==, GAIT_CYCLE_ACCEPTED);

  activate (window, "win.select-next", NULL);
  g_assert_true (selected (window) != accepted);
  activate (window, "win.reject", NULL);
  rejected = g_object_ref (selected (window));
  g_assert_cmpint (gait_annotation_get_state (rejected), ==, GAIT_CYCLE_REJECTED);

  /* drag a boundary (as the action does it): one frame later */
  activate (window, "win.select-at", g_variant_new ("(sx)", gait_annotation_get_limb (accepted),
                                                    gait_annotation_get_start (accepted) + 1));
  g_assert_true (selected (window) == accepted);
  end = gait_annotation_get_end (accepted) + 1;
  activate (window, "win.move-boundary", g_variant_new ("(sx)", "end", end));
  g_assert_cmpint (gait_annotation_get_end (accepted), ==, end);
  g_assert_cmpint (gait_annotation_get_state (accepted), ==, GAIT_CYCLE_EDITED);
  /* the video shows the frame under the boundary */
  g_assert_cmpint (gait_session_get_frame (session), ==, end);

  /* add one by hand, ELAN-style: mark start, move, mark end */
  activate (window, "win.seek", g_variant_new_int64 (20));
  activate (window, "win.mark-start", NULL);
  activate (window, "win.seek", g_variant_new_int64 (50));
  activate (window, "win.mark-end", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 1);
  g_assert_nonnull (selected (window));
  g_assert_cmpint (gait_annotation_get_state (selected (window)), ==, GAIT_CYCLE_ADDED);
  g_assert_cmpint (gait_annotation_get_start (selected (window)), ==, 20);
  g_assert_cmpint (gait_annotation_get_end (selected (window)), ==, 50);

  /* and with the parameterised action */
  activate (window, "win.add-cycle", g_variant_new ("(sxx)", "hl", (gint64)100, (gint64)140));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 2);

  /* delete it, undo, redo, undo */
  activate (window, "win.delete", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 1);
  activate (window, "win.undo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 2);
  activate (window, "win.redo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 1);

  /* undo back to before the boundary move, one step at a time */
  activate (window, "win.undo", NULL);  /* the delete */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 2);
  activate (window, "win.undo", NULL);  /* the add-cycle action */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 1);
  activate (window, "win.undo", NULL);  /* the ELAN-style add */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n);
  g_assert_cmpint (gait_annotation_get_state (accepted), ==, GAIT_CYCLE_EDITED);
  activate (window, "win.undo", NULL);  /* the move */
  g_assert_cmpint (gait_annotation_get_end (accepted), ==, end - 1);
  g_assert_cmpint (gait_annotation_get_state (accepted), ==, GAIT_CYCLE_ACCEPTED);

  /* detect again: reviewed cycles stay */
  activate (window, "win.detect", NULL);
  g_assert_true (wait_for (window_ready, window, 30000));
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_ACCEPTED), ==, 1);
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_REJECTED), ==, 1);
  g_assert_true (gait_annotation_store_get_position (store, accepted, NULL));
  g_assert_true (gait_annotation_store_get_position (store, rejected, NULL));

  /* export */
  activate (window, "win.export-eaf", g_variant_new_string (eaf));
  activate (window, "win.export-csv", g_variant_new_string (csv));
  g_assert_true (g_file_get_contents (eaf, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "TIER_ID=\"fl\""));
  g_assert_nonnull (strstr (contents, "TIER_ID=\"hl\""));
  g_assert_nonnull (strstr (contents, " rejected\""));
  g_assert_nonnull (strstr (contents, "MEDIA_URL=\"file://"));
  g_assert_nonnull (strstr (contents, "piglet-walk.mp4"));
  g_assert_nonnull (strstr (contents, ">accepted touchdown"));
  {
    const char *xsd_root = g_getenv ("GAIT_SHARED_DATA");
    g_autofree char *xsd = g_build_filename (xsd_root ? xsd_root : "", "xsd", "EAFv3.0.xsd", NULL);
    g_autofree char *xmllint = g_find_program_in_path ("xmllint");

    if (xmllint != NULL && g_file_test (xsd, G_FILE_TEST_EXISTS))
      {
        const char *argv[] = { xmllint, "--noout", "--nonet", "--schema", xsd, eaf, NULL };
        int status;

        g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                     NULL, NULL, NULL, NULL, &status, NULL));
        g_assert_true (g_spawn_check_wait_status (status, NULL));
      }
  }
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "limb,start,end,"));
  g_assert_nonnull (strstr (contents, ",accepted\n"));
  g_assert_nonnull (strstr (contents, ",rejected\n"));

  /* every edit was saved at once, beside the tracking file */
  session_file = g_strconcat (tracking_path, ".gaitline", NULL);
  g_assert_cmpstr (gait_window_get_session_path (window), ==, session_file);
  g_assert_true (g_file_test (session_file, G_FILE_TEST_IS_REGULAR));

  gtk_window_destroy (GTK_WINDOW (window));

  /* reopen: the review is restored, not detected again */
  {
    g_autoptr(GaitWindow) again = g_object_ref_sink (open_example ());
    GaitAnnotationStore *restored = gait_window_get_store (again);

    g_assert_cmpuint (count_state (restored, GAIT_CYCLE_ACCEPTED), ==, 1);
    g_assert_cmpuint (count_state (restored, GAIT_CYCLE_REJECTED), ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (restored)), ==,
                      g_list_model_get_n_items (G_LIST_MODEL (store)));
    gtk_window_destroy (GTK_WINDOW (again));
  }
}

/* ELAN both ways in the window: the reviewed states of an exported EAF
 * come back into a fresh review, and the file's other tiers survive a
 * new export. */
static void
test_import_eaf (void)
{
  g_autofree char *eaf = g_build_filename (tmpdir, "import.eaf", NULL);
  g_autofree char *again = g_build_filename (tmpdir, "import-again.eaf", NULL);
  g_autofree char *session_file = g_strconcat (tracking_path, ".gaitline", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *edited = NULL;
  GaitAnnotationStore *store;
  GaitWindow *window;
  guint n, accepted, rejected;
  char *at;

  /* a review with decisions, exported */
  window = g_object_ref_sink (open_example ());
  store = gait_window_get_store (window);
  activate (window, "win.select-next", NULL);
  activate (window, "win.accept", NULL);
  activate (window, "win.select-next", NULL);
  activate (window, "win.reject", NULL);
  accepted = count_state (store, GAIT_CYCLE_ACCEPTED);
  rejected = count_state (store, GAIT_CYCLE_REJECTED);
  g_assert_cmpuint (accepted, >=, 1);
  g_assert_cmpuint (rejected, >=, 1);
  activate (window, "win.export-eaf", g_variant_new_string (eaf));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  /* someone's own tier in the file, which Gaitline must keep */
  g_assert_true (g_file_get_contents (eaf, &contents, NULL, NULL));
  at = strstr (contents, "    <LINGUISTIC_TYPE");
  g_assert_nonnull (at);
  edited = g_strdup_printf ("%.*s    <TIER LINGUISTIC_TYPE_REF=\"stride-cycle\" TIER_ID=\"notes\"/>\n%s",
                            (int)(at - contents), contents, at);
  g_assert_true (g_file_set_contents (eaf, edited, -1, NULL));

  /* a fresh review: detection again, nothing reviewed */
  g_assert_cmpint (g_unlink (session_file), ==, 0);
  window = g_object_ref_sink (open_example ());
  store = gait_window_get_store (window);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_DETECTED), ==, n);

  activate (window, "win.import-eaf", g_variant_new_string (eaf));
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_ACCEPTED), ==, accepted);
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_REJECTED), ==, rejected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n);

  /* one undo step */
  activate (window, "win.undo", NULL);
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_DETECTED), ==, n);
  activate (window, "win.redo", NULL);
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_ACCEPTED), ==, accepted);

  /* the export merges into the imported document */
  activate (window, "win.export-eaf", g_variant_new_string (again));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (again, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "TIER_ID=\"notes\""));
  g_assert_nonnull (strstr (contents, ">accepted "));
  {
    const char *xsd_root = g_getenv ("GAIT_SHARED_DATA");
    g_autofree char *xsd = g_build_filename (xsd_root ? xsd_root : "", "xsd", "EAFv3.0.xsd", NULL);
    g_autofree char *xmllint = g_find_program_in_path ("xmllint");

    if (xmllint != NULL && g_file_test (xsd, G_FILE_TEST_EXISTS))
      {
        const char *argv[] = { xmllint, "--noout", "--nonet", "--schema", xsd, again, NULL };
        int status;

        g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                     NULL, NULL, NULL, NULL, &status, NULL));
        g_assert_true (g_spawn_check_wait_status (status, NULL));
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

static void
test_bad_input (void)
{
  g_autofree char *bad = g_build_filename (tmpdir, "not-a-video.mp4", NULL);
  GaitWindow *window = g_object_new (GAIT_TYPE_WINDOW, NULL);
  GtkWidget *stack = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "main_stack"));
  GtkWidget *error_page = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "error_page"));

  g_assert_true (g_file_set_contents (bad, "this is text", -1, NULL));
  gtk_window_present (GTK_WINDOW (window));
  activate (window, "win.open-file", g_variant_new_string (bad));
  while (gait_window_is_busy (window))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "error");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (error_page)), "not-a-video.mp4"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *examples = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmpdir = g_dir_make_tmp ("gaitline-window-XXXXXX", NULL);
  examples = g_test_build_filename (G_TEST_DIST, "..", "data", "examples", NULL);

  /* work on copies: the window writes its session file beside them */
  video_path = g_build_filename (tmpdir, "piglet-walk.mp4", NULL);
  tracking_path = g_build_filename (tmpdir, "piglet-walkDLC_synthetic.csv", NULL);
  {
    const char *names[] = { "piglet-walk.mp4", "piglet-walkDLC_synthetic.csv" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *from = g_build_filename (examples, names[i], NULL);
        g_autofree char *to = g_build_filename (tmpdir, names[i], NULL);
        g_autofree char *data = NULL;
        gsize len;

        g_assert_true (g_file_get_contents (from, &data, &len, NULL));
        g_assert_true (g_file_set_contents (to, data, len, NULL));
      }
  }

  g_test_add_func ("/window/render", test_render);
  g_test_add_func ("/window/review", test_review);
  g_test_add_func ("/window/import-eaf", test_import_eaf);
  g_test_add_func ("/window/bad-input", test_bad_input);

  ret = g_test_run ();

  if (g_getenv ("GAIT_KEEP_TEST_FILES") == NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
      (void)system (cmd);
    }
  else
    g_printerr ("test files kept in %s\n", tmpdir);

  return ret;
}
