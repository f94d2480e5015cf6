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
#include <string.h>

#include "gait-session-file.h"
#include "gait-test-ui-util.h"
#include "gait-test-util.h"
#include "gait-timeline.h"
#include "gait-window.h"

static char *tmpdir;
static char *video_path;
static char *tracking_path;

static GaitAnnotation *
selected (GaitWindow *window)
{
  return gait_session_get_selected (gait_window_get_session (window));
}

/* Saturated, bright pixels: landmark markers over the greyish video. */
static guint
count_vivid (const GaitTestPixels  *px,
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

/* Zooming into a paused video shows it sharper: the decoder is asked
 * again for the frame, at the size now wanted (up to the stream's). */
typedef struct
{
  GaitVideoDecoder *decoder;
  int               width;
} OutputWidth;

static gboolean
output_width_is (gpointer data)
{
  OutputWidth *want = data;
  int w, h;

  gait_video_decoder_get_output_size (want->decoder, &w, &h);
  return w == want->width;
}

static void
test_zoom (void)
{
  g_autoptr(GaitWindow) window = g_object_ref_sink (gait_test_open_window (video_path));
  GtkWidget *video = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "video_view"));
  GaitRecording *recording = gait_session_get_recording (gait_window_get_session (window));
  GaitVideoDecoder *decoder = gait_recording_get_decoder (recording);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (video);
  GtkEventController *scroll = NULL;
  OutputWidth full = { decoder, gait_video_decoder_get_width (decoder) };
  gboolean handled = FALSE;
  int w, h;

  /* the pane is narrower than the stream: a smaller picture */
  gait_video_decoder_get_output_size (decoder, &w, &h);
  g_assert_cmpint (w, <, full.width);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        scroll = controller;
    }
  g_assert_nonnull (scroll);

  /* paused, one step in (×1.25): the whole stream's size */
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  g_assert_true (gait_test_wait_for (output_width_is, &full, 20000));
  g_assert_true (gait_test_wait_for (gait_test_frame_shown, window, 20000));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_render (void)
{
  g_autoptr(GaitWindow) window = g_object_ref_sink (gait_test_open_window (video_path));
  GtkWidget *video = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "video_view"));
  GtkWidget *timeline = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "timeline"));
  g_autofree char *png = g_build_filename (tmpdir, "window.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t video_area, lane, lane_in_window;
  GaitTestPixels px;

  /* a frame of the walk, with the animal in view */
  gait_test_activate (window, "win.seek", g_variant_new_int64 (600));
  g_assert_true (gait_test_wait_for (gait_test_frame_shown, window, 20000));

  texture = gait_test_render (window, png);
  gait_test_pixels_init (&px, texture);

  /* the video: its wall colour (205, 200, 190) fills much of the pane */
  widget_area (video, GTK_WIDGET (window), &video_area);
  g_assert_cmpuint (gait_test_count_colour (&px, &video_area, 205, 200, 190, 12), >, 20000);

  /* the overlay: vivid landmark markers on top of it */
  g_assert_cmpuint (count_vivid (&px, &video_area), >, 100);

  /* the lanes: detected cycles in amber on both limbs' cycle lanes */
  for (guint limb = 0; limb < 2; limb++)
    {
      graphene_point_t origin;

      g_assert_true (gait_timeline_get_lane (GAIT_TIMELINE (timeline), "cycles", limb, &lane));
      g_assert_true (gtk_widget_compute_point (timeline, GTK_WIDGET (window), &lane.origin, &origin));
      graphene_rect_init (&lane_in_window, origin.x, origin.y, lane.size.width, lane.size.height);
      g_assert_cmpuint (gait_test_count_colour (&px, &lane_in_window, 0xe5, 0xa5, 0x0a, 60), >, 500);
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
  g_autoptr(GaitWindow) window = g_object_ref_sink (gait_test_open_window (video_path));
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
  gait_test_activate (window, "win.select-next", NULL);
  g_assert_nonnull (selected (window));
  g_assert_cmpint (gait_session_get_frame (session), ==, gait_annotation_get_start (selected (window)));

  gait_test_activate (window, "win.accept", NULL);
  accepted = g_object_ref (selected (window));
  g_assert_cmpint (gait_annotation_get_state (accepted), ==, GAIT_CYCLE_ACCEPTED);

  gait_test_activate (window, "win.select-next", NULL);
  g_assert_true (selected (window) != accepted);
  gait_test_activate (window, "win.reject", NULL);
  rejected = g_object_ref (selected (window));
  g_assert_cmpint (gait_annotation_get_state (rejected), ==, GAIT_CYCLE_REJECTED);

  /* drag a boundary (as the action does it): one frame later */
  gait_test_activate (window, "win.select-at", g_variant_new ("(sx)", gait_annotation_get_limb (accepted),
                                                              gait_annotation_get_start (accepted) + 1));
  g_assert_true (selected (window) == accepted);
  end = gait_annotation_get_end (accepted) + 1;
  gait_test_activate (window, "win.move-boundary", g_variant_new ("(sx)", "end", end));
  g_assert_cmpint (gait_annotation_get_end (accepted), ==, end);
  g_assert_cmpint (gait_annotation_get_state (accepted), ==, GAIT_CYCLE_EDITED);
  /* the video shows the frame under the boundary */
  g_assert_cmpint (gait_session_get_frame (session), ==, end);

  /* add one by hand, ELAN-style: mark start, move, mark end */
  gait_test_activate (window, "win.seek", g_variant_new_int64 (20));
  gait_test_activate (window, "win.mark-start", NULL);
  gait_test_activate (window, "win.seek", g_variant_new_int64 (50));
  gait_test_activate (window, "win.mark-end", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 1);
  g_assert_nonnull (selected (window));
  g_assert_cmpint (gait_annotation_get_state (selected (window)), ==, GAIT_CYCLE_ADDED);
  g_assert_cmpint (gait_annotation_get_start (selected (window)), ==, 20);
  g_assert_cmpint (gait_annotation_get_end (selected (window)), ==, 50);

  /* and with the parameterised action */
  gait_test_activate (window, "win.add-cycle", g_variant_new ("(sxx)", "hl", (gint64)100, (gint64)140));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 2);

  /* delete it, undo, redo, undo */
  gait_test_activate (window, "win.delete", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 1);
  gait_test_activate (window, "win.undo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 2);
  gait_test_activate (window, "win.redo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 1);

  /* undo back to before the boundary move, one step at a time */
  gait_test_activate (window, "win.undo", NULL);  /* the delete */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 2);
  gait_test_activate (window, "win.undo", NULL);  /* the add-cycle action */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 1);
  gait_test_activate (window, "win.undo", NULL);  /* the ELAN-style add */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n);
  g_assert_cmpint (gait_annotation_get_state (accepted), ==, GAIT_CYCLE_EDITED);
  gait_test_activate (window, "win.undo", NULL);  /* the move */
  g_assert_cmpint (gait_annotation_get_end (accepted), ==, end - 1);
  g_assert_cmpint (gait_annotation_get_state (accepted), ==, GAIT_CYCLE_ACCEPTED);

  /* detect again: reviewed cycles stay */
  gait_test_activate (window, "win.detect", NULL);
  g_assert_true (gait_test_wait_for (gait_test_window_ready, window, 30000));
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_ACCEPTED), ==, 1);
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_REJECTED), ==, 1);
  g_assert_true (gait_annotation_store_get_position (store, accepted, NULL));
  g_assert_true (gait_annotation_store_get_position (store, rejected, NULL));

  /* export */
  gait_test_activate (window, "win.export-eaf", g_variant_new_string (eaf));
  gait_test_activate (window, "win.export-csv", g_variant_new_string (csv));
  g_assert_true (g_file_get_contents (eaf, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "TIER_ID=\"fl\""));
  g_assert_nonnull (strstr (contents, "TIER_ID=\"hl\""));
  g_assert_nonnull (strstr (contents, " rejected\""));
  g_assert_nonnull (strstr (contents, "MEDIA_URL=\"file://"));
  g_assert_nonnull (strstr (contents, "piglet-walk.mp4"));
  g_assert_nonnull (strstr (contents, ">accepted touchdown"));
  g_assert_true (gait_test_eaf_validates (eaf));
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
    g_autoptr(GaitWindow) again = g_object_ref_sink (gait_test_open_window (video_path));
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
  window = g_object_ref_sink (gait_test_open_window (video_path));
  store = gait_window_get_store (window);
  gait_test_activate (window, "win.select-next", NULL);
  gait_test_activate (window, "win.accept", NULL);
  gait_test_activate (window, "win.select-next", NULL);
  gait_test_activate (window, "win.reject", NULL);
  accepted = count_state (store, GAIT_CYCLE_ACCEPTED);
  rejected = count_state (store, GAIT_CYCLE_REJECTED);
  g_assert_cmpuint (accepted, >=, 1);
  g_assert_cmpuint (rejected, >=, 1);
  gait_test_activate (window, "win.export-eaf", g_variant_new_string (eaf));
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
  window = g_object_ref_sink (gait_test_open_window (video_path));
  store = gait_window_get_store (window);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_DETECTED), ==, n);

  gait_test_activate (window, "win.import-eaf", g_variant_new_string (eaf));
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_ACCEPTED), ==, accepted);
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_REJECTED), ==, rejected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n);

  /* one undo step */
  gait_test_activate (window, "win.undo", NULL);
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_DETECTED), ==, n);
  gait_test_activate (window, "win.redo", NULL);
  g_assert_cmpuint (count_state (store, GAIT_CYCLE_ACCEPTED), ==, accepted);

  /* the export merges into the imported document */
  gait_test_activate (window, "win.export-eaf", g_variant_new_string (again));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (again, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "TIER_ID=\"notes\""));
  g_assert_nonnull (strstr (contents, ">accepted "));
  g_assert_true (gait_test_eaf_validates (again));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

static gboolean
not_busy (gpointer data)
{
  return !gait_window_is_busy (data);
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
  gait_test_activate (window, "win.open-file", g_variant_new_string (bad));
  g_assert_true (gait_test_wait_for (not_busy, window, 60000));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "error");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (error_page)), "not-a-video.mp4"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmpdir = gait_test_make_tmpdir ("gaitline-window-XXXXXX");

  /* work on copies: the window writes its session file beside them */
  video_path = gait_test_copy_example (tmpdir);
  tracking_path = g_build_filename (tmpdir, "piglet-walkDLC_synthetic.csv", NULL);

  g_test_add_func ("/window/render", test_render);
  g_test_add_func ("/window/zoom", test_zoom);
  g_test_add_func ("/window/review", test_review);
  g_test_add_func ("/window/import-eaf", test_import_eaf);
  g_test_add_func ("/window/bad-input", test_bad_input);

  ret = g_test_run ();

  gait_test_remove_tmpdir (tmpdir);

  return ret;
}
