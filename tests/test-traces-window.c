/* test-traces-window.c: traces in the review window, driven through its actions
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under xvfb-run. Traces: adds a landmark trace and two
 * pixel-intensity traces with win.add-trace, waits for the one background
 * extraction, checks the values against the core API, the lanes and the
 * Traces page, removes a trace, exports the CSV and reopens the recording
 * to find the traces restored from the session file. Metrics: accepts
 * cycles and checks the side panel and win.export-metrics against
 * gait_metrics_compute(). Figures: PNG, SVG and PDF by win.export-figure.
 * Spectrogram: win.spectrogram against gait_vqt_landmark(). Spectral
 * statistics: win.spectral-stats over the whole recording and over
 * selections (win.select-range) against gait_spectral_stats_range(). The
 * limbs' cross-correlation over a selection against gait_hoof_xcorr().
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gait-metrics.h"
#include "gait-spectral.h"
#include "gait-synth.h"
#include "gait-test-ui-util.h"
#include "gait-test-util.h"
#include "gait-trace-extractor.h"
#include "gait-timeline.h"
#include "gait-window.h"

static char *tmpdir;
static char *video_path;

static GListModel *
traces_of (GaitWindow *window)
{
  return G_LIST_MODEL (gait_session_get_traces (gait_window_get_session (window)));
}

/* every trace has its values */
static gboolean
traces_ready (gpointer data)
{
  GListModel *traces = traces_of (data);

  for (guint i = 0; i < g_list_model_get_n_items (traces); i++)
    {
      g_autoptr(GaitTraceItem) item = g_list_model_get_item (traces, i);

      if (!gait_trace_item_get_ready (item))
        return FALSE;
    }

  return TRUE;
}

static GaitTraceItem *
trace_at (GaitWindow *window,
          guint       i)
{
  g_autoptr(GaitTraceItem) item = g_list_model_get_item (traces_of (window), i);

  g_assert_nonnull (item);
  return item;   /* the list holds it */
}

static void
assert_same_values (GaitTrace *a,
                    GaitTrace *b)
{
  gsize na, nb;
  const double *va = gait_trace_get_values (a, &na);
  const double *vb = gait_trace_get_values (b, &nb);

  g_assert_cmpuint (na, ==, nb);
  for (gsize f = 0; f < na; f++)
    {
      if (isnan (va[f]))
        g_assert_true (isnan (vb[f]));
      else
        g_assert_cmpfloat_with_epsilon (va[f], vb[f], 1e-9);
    }
}

/* Scrolling to the end of a scrolled window's content brings a rectangle
 * of @target (all of it when @whole) into view, once the content is laid
 * out: until then the adjustment's upper bound is the old one. */
typedef struct
{
  GtkWidget       *scrolled;
  GtkWidget       *target;
  gboolean         whole;
  graphene_rect_t  rect;   /* in @target's coordinates */
} ScrollTo;

static gboolean
scrolled_to_end (gpointer data)
{
  ScrollTo *to = data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (to->scrolled));
  double view_height = gtk_widget_get_height (to->scrolled);
  graphene_point_t near, far, top, bottom;
  double shown;

  /* (again, when a layout made the content taller) */
  if (gtk_adjustment_get_value (adj) < gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj))
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));

  if (to->whole)
    graphene_rect_init (&to->rect, 0, 0, gtk_widget_get_width (to->target), gtk_widget_get_height (to->target));
  near = to->rect.origin;
  graphene_point_init (&far, to->rect.origin.x + to->rect.size.width, to->rect.origin.y + to->rect.size.height);

  if (!gtk_widget_get_mapped (to->target) || to->rect.size.height <= 0 || view_height <= 0 ||
      !gtk_widget_compute_point (to->target, to->scrolled, &near, &top) ||
      !gtk_widget_compute_point (to->target, to->scrolled, &far, &bottom))
    return FALSE;

  /* as much of it in view as fits */
  shown = MIN (bottom.y, view_height) - MAX (top.y, 0);
  return shown >= MIN (to->rect.size.height, view_height) - 0.5;
}

/* Scrolls @scrolled to its end, and waits until @rect of @target (all of
 * it when %NULL) is in view. */
static void
scroll_to_end (GtkWidget             *scrolled,
               GtkWidget             *target,
               const graphene_rect_t *rect)
{
  ScrollTo to = { scrolled, target, rect == NULL, GRAPHENE_RECT_INIT (0, 0, 0, 0) };

  if (rect != NULL)
    to.rect = *rect;

  if (!gait_test_wait_for (scrolled_to_end, &to, 30000))
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      g_error ("scrolled to %g of %g (page %g), but %s is still out of view",
               gtk_adjustment_get_value (adj), gtk_adjustment_get_upper (adj),
               gtk_adjustment_get_page_size (adj), G_OBJECT_TYPE_NAME (target));
    }
}

/* A click on the video adds a trace; a double click, one too. */
static void
test_click (void)
{
  g_autoptr(GaitWindow) window = g_object_ref_sink (gait_test_open_window (video_path));
  GtkWidget *video = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "video_view"));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (video);
  GtkGesture *primary = NULL;
  double x = gtk_widget_get_width (video) / 3.0, y = gtk_widget_get_height (video) / 3.0;
  guint n0 = g_list_model_get_n_items (traces_of (window));   /* restored from the review */

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_PRIMARY)
        primary = GTK_GESTURE (controller);
    }
  g_assert_nonnull (primary);

  /* the two releases of a double click */
  g_signal_emit_by_name (primary, "released", 1, x, y);
  g_signal_emit_by_name (primary, "released", 2, x, y);
  gait_test_iterate (20);
  g_assert_cmpuint (g_list_model_get_n_items (traces_of (window)), ==, n0 + 1);

  /* another click elsewhere: another trace */
  g_signal_emit_by_name (primary, "released", 1, 2 * x, 2 * y);
  gait_test_iterate (20);
  g_assert_cmpuint (g_list_model_get_n_items (traces_of (window)), ==, n0 + 2);

  /* not left in the review for the tests after this one */
  gait_test_activate (window, "win.remove-trace", g_variant_new_int32 (n0 + 1));
  gait_test_activate (window, "win.remove-trace", g_variant_new_int32 (n0));
  g_assert_cmpuint (g_list_model_get_n_items (traces_of (window)), ==, n0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_traces (void)
{
  g_autoptr(GaitWindow) window = g_object_ref_sink (gait_test_open_window (video_path));
  GaitSession *session = gait_window_get_session (window);
  GaitRecording *recording = gait_session_get_recording (session);
  GaitTracking *tracking = gait_recording_get_tracking (recording);
  GtkWidget *timeline = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "timeline"));
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "trace_list"));
  g_autofree char *csv = g_build_filename (tmpdir, "traces.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *session_file = NULL;
  g_autoptr(GaitTraceExtractor) extractor = NULL;
  g_autoptr(GPtrArray) direct = NULL;
  g_autoptr(GaitTrace) direct_x = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 frame = gait_session_get_frame (session);
  graphene_rect_t lane;
  double lx, ly;
  guint lm = gait_tracking_find_landmark (tracking, "hhoof");
  g_autofree char *rect_name = NULL;
  g_autofree char *disc_name = NULL;
  g_autofree char *header = NULL;
  int ax, bx, ay;

  g_assert_cmpint ((int)lm, >=, 0);
  lx = gait_tracking_get_x (tracking, lm)[frame];
  ly = gait_tracking_get_y (tracking, lm)[frame];
  g_assert_true (isfinite (lx) && isfinite (ly));

  /* two points on the animal's way, off its landmarks at this frame */
  extractor = gait_trace_extractor_new (video_path, NULL);
  g_assert_nonnull (extractor);
  ax = gait_trace_extractor_get_width (extractor) / 2;
  bx = gait_trace_extractor_get_width (extractor) / 3;
  ay = (int)ly - 30;
  rect_name = g_strdup_printf ("rect4_%d_%d", ax, ay);
  disc_name = g_strdup_printf ("disc4_%d_%d", bx, ay);
  header = g_strdup_printf ("frame,time,%s,%s", rect_name, disc_name);

  /* on a landmark: its trace; elsewhere: intensity traces, extracted together */
  gait_test_activate (window, "win.add-trace", g_variant_new ("(dds)", lx + 1.0, ly - 1.0, "auto"));
  gait_test_activate (window, "win.add-trace", g_variant_new ("(dds)", ax + 0.25, ay + 0.5, "rect"));
  gait_test_activate (window, "win.add-trace", g_variant_new ("(dds)", bx + 0.5, ay + 0.2, "disc"));
  g_assert_cmpuint (g_list_model_get_n_items (traces_of (window)), ==, 3);
  g_assert_cmpint (gait_trace_item_get_kind (trace_at (window, 0)), ==, GAIT_TRACE_ITEM_LANDMARK);
  g_assert_cmpuint (gait_trace_item_get_landmark (trace_at (window, 0)), ==, lm);
  g_assert_cmpint (gait_trace_item_get_kind (trace_at (window, 1)), ==, GAIT_TRACE_ITEM_INTENSITY);
  g_assert_cmpint (gait_trace_item_get_window (trace_at (window, 1)), ==, GAIT_TRACE_WINDOW_RECT);
  g_assert_cmpint (gait_trace_item_get_window (trace_at (window, 2)), ==, GAIT_TRACE_WINDOW_DISC);
  g_assert_true (gait_test_wait_for (traces_ready, window, 120000));

  /* the values are the core's */
  direct_x = gait_trace_new_for_landmark (tracking, lm, GAIT_LANDMARK_X, NULL, NULL);
  g_assert_nonnull (direct_x);
  assert_same_values (gait_trace_item_get_column (trace_at (window, 0), 0), direct_x);
  g_assert_cmpstr (gait_trace_get_name (gait_trace_item_get_lane_trace (trace_at (window, 0))), ==, "hhoof_speed");

  g_assert_true (gait_trace_extractor_add (extractor, "a", ax, ay, GAIT_TRACE_WINDOW_RECT, 4, NULL));
  g_assert_true (gait_trace_extractor_add (extractor, "b", bx, ay, GAIT_TRACE_WINDOW_DISC, 4, NULL));
  direct = gait_trace_extractor_run (extractor, NULL, NULL);
  g_assert_nonnull (direct);
  assert_same_values (gait_trace_item_get_column (trace_at (window, 1), 0), g_ptr_array_index (direct, 0));
  assert_same_values (gait_trace_item_get_column (trace_at (window, 2), 0), g_ptr_array_index (direct, 1));
  g_assert_cmpuint (gait_trace_get_n_values (g_ptr_array_index (direct, 0)), ==, gait_session_get_n_frames (session));

  /* normalised: 0…1 */
  gait_trace_item_set_normalise (trace_at (window, 1), TRUE);
  {
    gsize n;
    const double *v = gait_trace_get_values (gait_trace_item_get_column (trace_at (window, 1), 0), &n);
    double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

    for (gsize f = 0; f < n; f++)
      {
        lo = MIN (lo, v[f]);
        hi = MAX (hi, v[f]);
      }
    g_assert_cmpfloat_with_epsilon (lo, 0.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (hi, 1.0, 1e-9);
  }

  /* a lane per trace, below the limbs', and a row in the Traces page */
  gait_test_iterate (50);
  g_assert_true (gait_timeline_get_lane (GAIT_TIMELINE (timeline), "trace", 2, &lane));
  g_assert_false (gait_timeline_get_lane (GAIT_TIMELINE (timeline), "trace", 3, &lane));
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 2));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 3));

  /* drawn: the Traces page, the markers on the video, the lanes */
  {
    GtkWidget *side_stack = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "side_stack"));
    GtkWidget *scrolled = gtk_widget_get_ancestor (timeline, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    g_autofree char *png = g_build_filename (tmpdir, "traces.png", NULL);
    g_autoptr(GdkTexture) texture = NULL;
    graphene_rect_t in_window;
    GaitTestPixels px;

    gtk_stack_set_visible_child_name (GTK_STACK (side_stack), "traces");
    gait_test_iterate (50);
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    /* the timeline grew by three lanes: wait until the last is in view */
    g_assert_true (gait_timeline_get_lane (GAIT_TIMELINE (timeline), "trace", 2, &lane));
    scroll_to_end (scrolled, timeline, &lane);
    texture = gait_test_render (window, png);
    gait_test_pixels_init (&px, texture);

    /* the third trace's colour (Tableau green) in its lane */
    g_assert_true (gait_timeline_get_lane (GAIT_TIMELINE (timeline), "trace", 2, &lane));
    g_assert_true (gtk_widget_compute_point (timeline, GTK_WIDGET (window), &lane.origin, &in_window.origin));
    in_window.size = lane.size;
    g_assert_cmpuint (gait_test_count_colour (&px, &in_window, 0x2b, 0xa1, 0x2b, 12), >, 20);
    g_free (px.data);
  }

  /* remove the landmark's */
  gait_test_activate (window, "win.remove-trace", g_variant_new_int32 (0));
  g_assert_cmpuint (g_list_model_get_n_items (traces_of (window)), ==, 2);
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 2));
  gait_test_activate (window, "win.remove-trace", g_variant_new_int32 (7));   /* out of range: nothing */
  g_assert_cmpuint (g_list_model_get_n_items (traces_of (window)), ==, 2);

  /* CSV: a column per trace, a row per frame */
  gait_test_activate (window, "win.export-traces", g_variant_new_string (csv));
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (lines[0], ==, header);
  g_assert_cmpuint (g_strv_length (lines), ==, gait_session_get_n_frames (session) + 2);   /* header, rows, "" */
  g_assert_true (g_str_has_prefix (lines[1], "0,0.000000,"));

  /* in the session file */
  session_file = g_strdup (gait_window_get_session_path (window));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (session_file, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "[Traces]"));

  gtk_window_destroy (GTK_WINDOW (window));

  /* reopen: restored and extracted again */
  {
    g_autoptr(GaitWindow) again = g_object_ref_sink (gait_test_open_window (video_path));

    g_assert_cmpuint (g_list_model_get_n_items (traces_of (again)), ==, 2);
    g_assert_cmpstr (gait_trace_item_get_name (trace_at (again, 0)), ==, rect_name);
    g_assert_cmpstr (gait_trace_item_get_name (trace_at (again, 1)), ==, disc_name);
    g_assert_true (gait_trace_item_get_normalise (trace_at (again, 0)));
    g_assert_false (gait_trace_item_get_normalise (trace_at (again, 1)));
    g_assert_true (gait_test_wait_for (traces_ready, again, 120000));
    assert_same_values (gait_trace_item_get_column (trace_at (again, 1), 0), g_ptr_array_index (direct, 1));

    /* the review itself is still read by the core */
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gait_window_get_store (again))), >, 0);
    gtk_window_destroy (GTK_WINDOW (again));
  }
}

/* mean ± SD as the side panel prints it */
static char *
mean_sd (GaitMetrics *metrics,
         gsize        offset)
{
  double sum = 0, sq = 0, mean;
  guint n = 0;

  for (gsize i = 0; i < gait_metrics_get_n_cycles (metrics); i++)
    {
      const GaitCycleMetrics *c = gait_metrics_get_cycle (metrics, i);
      double v = G_STRUCT_MEMBER (double, c, offset);

      if (c->used && isfinite (v))
        {
          sum += v;
          n++;
        }
    }
  mean = sum / n;
  for (gsize i = 0; i < gait_metrics_get_n_cycles (metrics); i++)
    {
      const GaitCycleMetrics *c = gait_metrics_get_cycle (metrics, i);
      double v = G_STRUCT_MEMBER (double, c, offset);

      if (c->used && isfinite (v))
        sq += (v - mean) * (v - mean);
    }

  return g_strdup_printf ("%.3f ± %.3f s", mean, sqrt (sq / (n - 1)));
}

/* The metrics and the spectral statistics are computed in worker threads:
 * wait until a label's text does (or does not) say @needle. */
typedef struct
{
  GtkLabel   *label;
  const char *needle;
  gboolean    present;
} LabelSays;

static gboolean
label_says (gpointer data)
{
  const LabelSays *says = data;

  return (strstr (gtk_label_get_text (says->label), says->needle) != NULL) == says->present;
}

static void
wait_for_label (GtkWidget  *label,
                const char *needle,
                gboolean    present)
{
  LabelSays says = { GTK_LABEL (label), needle, present };

  if (!gait_test_wait_for (label_says, &says, 30000))
    g_error ("the label %s “%s”: “%s”", present ? "never says" : "still says", needle,
             gtk_label_get_text (GTK_LABEL (label)));
}

static void
test_metrics (void)
{
  g_autoptr(GaitWindow) window = g_object_ref_sink (gait_test_open_window (video_path));
  GaitSession *session = gait_window_get_session (window);
  GaitRecording *recording = gait_session_get_recording (session);
  GaitAnnotationStore *store = gait_window_get_store (window);
  GtkWidget *label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "metrics_label"));
  GtkWidget *scale = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "scale_spin"));
  g_autofree char *csv_path = g_build_filename (tmpdir, "metrics.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *expected_csv = NULL;
  g_autofree GaitCycle *cycles = NULL;
  g_autoptr(GaitMetrics) metrics = NULL;
  g_autofree char *text = NULL;
  g_autofree char *mean_duration = NULL;
  const GaitCycle *sel;
  GaitMetricsParams params;
  gsize n_cycles;

  /* accept four cycles, select a fifth */
  for (int i = 0; i < 4; i++)
    {
      gait_test_activate (window, "win.select-next", NULL);
      gait_test_activate (window, "win.accept", NULL);
    }
  gait_test_activate (window, "win.select-next", NULL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (scale), 0.5);
  gait_test_iterate (100);
  wait_for_label (label, "4 cycles measured", TRUE);
  wait_for_label (label, " mm\n", TRUE);
  sel = gait_annotation_get_cycle (gait_session_get_selected (session));

  /* the core's numbers, directly */
  cycles = gait_annotation_store_get_cycles (store, &n_cycles);
  gait_metrics_params_init (&params);
  params.fps = gait_session_get_fps (session);
  params.mm_per_px = 0.5;
  metrics = gait_metrics_compute (gait_recording_get_tracking (recording), gait_recording_get_profile (recording),
                                  cycles, n_cycles, &params, NULL, NULL);
  g_assert_nonnull (metrics);

  text = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  g_test_message ("%s", text);
  for (gsize i = 0; i < gait_metrics_get_n_cycles (metrics); i++)
    {
      const GaitCycleMetrics *c = gait_metrics_get_cycle (metrics, i);
      g_autofree char *heading = NULL;
      g_autofree char *duration = NULL;
      g_autofree char *stride = NULL;
      g_autofree char *stride_mm = NULL;
      g_autofree char *duty = NULL;

      if (c->start != sel->start || g_strcmp0 (c->limb, sel->limb) != 0)
        continue;

      heading = g_strdup_printf ("Selected cycle: %s, frames %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, c->limb, c->start, c->end);
      duration = g_strdup_printf ("Duration: %.3f s\n", c->duration);
      duty = g_strdup_printf ("Duty factor: %.3f\n", c->duty_factor);
      stride = g_strdup_printf ("Stride length: %.1f px\n", c->stride_length_px);
      stride_mm = g_strdup_printf ("Stride length: %.1f mm\n", c->stride_length_mm);
      g_assert_nonnull (strstr (text, heading));
      g_assert_nonnull (strstr (text, duration));
      g_assert_nonnull (strstr (text, duty));
      g_assert_nonnull (strstr (text, stride));
      g_assert_nonnull (strstr (text, stride_mm));
      g_assert_cmpfloat_with_epsilon (c->stride_length_mm, c->stride_length_px * 0.5, 1e-9);
    }

  /* the four accepted cycles' summary and the interlimb phase */
  g_assert_nonnull (strstr (text, "4 cycles measured"));
  mean_duration = mean_sd (metrics, G_STRUCT_OFFSET (GaitCycleMetrics, duration));
  g_assert_nonnull (strstr (text, mean_duration));
  g_assert_cmpuint (gait_metrics_get_n_interlimb (metrics), >, 0);
  {
    const GaitInterlimb *il = gait_metrics_get_interlimb (metrics, 0);
    g_autofree char *line = g_strdup_printf ("%s → %s: phase %.3f (vector strength %.3f), hoof-speed lag %d frames",
                                             il->limb, il->other, il->mean_phase, il->vector_strength, il->xcorr_lag);

    g_assert_nonnull (strstr (text, line));
  }

  /* the export is the core's CSV */
  gait_test_activate (window, "win.export-metrics", g_variant_new_string (csv_path));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  expected_csv = gait_metrics_to_csv (metrics);
  g_assert_cmpstr (csv, ==, expected_csv);

  /* the limbs' cross-correlation over a selection: a walking bout */
  {
    GtkWidget *area = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "xcorr_area"));
    GtkWidget *scroller;
    GtkAdjustment *adj;
    g_autoptr(GaitMetrics) bout = NULL;
    g_autoptr(GdkTexture) texture = NULL;
    g_autofree char *png = g_build_filename (tmpdir, "metrics-window.png", NULL);
    g_autofree char *heading = NULL;
    g_autofree char *line = NULL;
    const GaitInterlimb *il;
    graphene_rect_t bounds;
    gint64 start = -1, end = -1;
    double curve[201];
    int lag = 0;
    GaitTestPixels px;

    gait_test_activate (window, "win.select-range", g_variant_new ("(xx)", (gint64) 830, (gint64) 505));
    gait_test_iterate (100);
    g_assert_true (gait_session_get_selection (session, &start, &end));
    g_assert_cmpint (start, ==, 505);
    g_assert_cmpint (end, ==, 830);

    params.xcorr_start = 505;
    params.xcorr_end = 830;
    bout = gait_metrics_compute (gait_recording_get_tracking (recording), gait_recording_get_profile (recording),
                                 cycles, n_cycles, &params, NULL, NULL);
    il = gait_metrics_get_interlimb (bout, 0);
    g_assert_nonnull (il->xcorr);
    g_assert_cmpint (il->xcorr_start, ==, 505);
    g_assert_cmpuint (il->max_lag, <=, 100);
    /* the same as the two limbs' function over those frames */
    g_assert_true (gait_hoof_xcorr (gait_recording_get_tracking (recording), gait_recording_get_profile (recording),
                                    0, 1, 505, 830, il->max_lag, &params.hoof, curve, &lag, NULL));
    g_assert_cmpint (lag, ==, il->xcorr_lag);
    g_assert_cmpfloat_with_epsilon (curve[il->max_lag + lag], il->xcorr_peak, 1e-12);

    heading = g_strdup ("Hoof-speed cross-correlation over frames 505–830:");
    wait_for_label (label, heading, TRUE);
    g_free (text);
    text = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
    g_test_message ("%s", text);
    line = g_strdup_printf ("%s → %s: phase %.3f (vector strength %.3f), hoof-speed lag %d frames (r = %.2f)",
                            il->limb, il->other, il->mean_phase, il->vector_strength, il->xcorr_lag, il->xcorr_peak);
    g_assert_nonnull (strstr (text, heading));
    g_assert_nonnull (strstr (text, line));

    /* its curves are drawn, below the numbers: the first limb against the
     * second, in blue */
    g_assert_true (gtk_widget_get_visible (area));
    scroller = gtk_widget_get_ancestor (area, GTK_TYPE_SCROLLED_WINDOW);
    adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    /* the numbers above it just grew: wait until it is in view */
    scroll_to_end (scroller, area, NULL);
    texture = gait_test_render (window, png);
    gait_test_pixels_init (&px, texture);
    g_assert_true (gtk_widget_compute_bounds (area, GTK_WIDGET (window), &bounds));
    g_assert_cmpfloat (bounds.size.height, >=, 100);
    g_assert_cmpuint (gait_test_count_colour (&px, &bounds, 28, 112, 217, 40), >, 100);
    g_free (px.data);

    /* Escape's action clears the selection: each pair's cycles again */
    gait_test_activate (window, "win.select-range", g_variant_new ("(xx)", (gint64) -1, (gint64) -1));
    gait_test_iterate (100);
    wait_for_label (label, heading, FALSE);
    g_assert_false (gait_session_get_selection (session, NULL, NULL));
    g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (label)), heading));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);

  /* the scale is part of the review: it comes back with it */
  {
    g_autofree char *session_path = g_strconcat (tmpdir, "/piglet-walkDLC_synthetic.csv.gaitline", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (session_path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "\nmm-per-px=0.5\n"));
    window = g_object_ref_sink (gait_test_open_window (video_path));
    scale = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "scale_spin"));
    g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (scale)), ==, 0.5);
    gtk_window_destroy (GTK_WINDOW (window));
  }
}


/* the pane's pictures are now the stream's size */
static gboolean
output_full (gpointer data)
{
  int w, h;

  gait_video_decoder_get_output_size (data, &w, &h);
  return w == gait_video_decoder_get_width (data);
}

/* One step of the scroll wheel over the video: zoom in */
static void
scroll_video (GtkWidget *video)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (video);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        g_signal_emit_by_name (controller, "scroll", 0.0, -1.0, &handled);
    }
  g_assert_true (handled);
}

static void
test_figure (void)
{
  g_autoptr(GaitWindow) window = g_object_ref_sink (gait_test_open_window (video_path));
  GtkWidget *timeline = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "timeline"));
  const char *names[] = { "figure.png", "figure.svg", "figure.pdf", "frame.png" };
  const char *magic[] = { "\x89PNG", "<?xml", "%PDF-", "\x89PNG" };
  g_autofree char *bad = g_build_filename (tmpdir, "figure.txt", NULL);
  int th = gtk_widget_get_height (timeline);


  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (tmpdir, names[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      gait_test_activate (window, i == 3 ? "win.export-figure-frame" : "win.export-figure", g_variant_new_string (path));
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_true (g_str_has_prefix (contents, magic[i]));
      g_assert_cmpuint (length, >, 20000);

      if (i == 1)
        g_assert_nonnull (strstr (contents, "<svg"));
      if (i == 0 || i == 3)
        {
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autoptr(GdkTexture) texture = gdk_texture_new_from_file (file, NULL);

          /* three times the timeline's size; the frame above it */
          g_assert_nonnull (texture);
          g_assert_cmpint (gdk_texture_get_width (texture), >=, 3 * gtk_widget_get_width (timeline));
          if (i == 0)
            g_assert_cmpint (gdk_texture_get_height (texture), <, 3 * (th + 40));
          else
            g_assert_cmpint (gdk_texture_get_height (texture), >, 3 * (th + 100));
        }
    }

  /* not a figure format: nothing written */
  gait_test_activate (window, "win.export-figure", g_variant_new_string (bad));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));

  /* the frame is drawn from the video at its own size, not from the
   * pane's picture: zoomed in (a picture of another size), the pane makes
   * the same figure */
  {
    GtkWidget *video = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "video_view"));
    GaitVideoDecoder *decoder = gait_recording_get_decoder (gait_session_get_recording (gait_window_get_session (window)));
    g_autofree char *wide_path = g_build_filename (tmpdir, "frame-pane.png", NULL);
    g_autofree char *narrow_path = g_build_filename (tmpdir, "frame-zoomed.png", NULL);
    g_autoptr(GFile) wide_file = g_file_new_for_path (wide_path);
    g_autoptr(GFile) narrow_file = NULL;
    g_autoptr(GdkTexture) wide = NULL;
    g_autoptr(GdkTexture) narrow = NULL;
    GaitTestPixels a, b;
    int w0, h0, w1, h1;

    /* the traces restored with the review drawn in full in both */
    g_assert_true (gait_test_wait_for (traces_ready, window, 120000));
    gait_test_activate (window, "win.export-figure-frame", g_variant_new_string (wide_path));
    wide = gdk_texture_new_from_file (wide_file, NULL);
    g_assert_nonnull (wide);

    gait_video_decoder_get_output_size (decoder, &w0, &h0);
    g_assert_cmpint (w0, <, gait_video_decoder_get_width (decoder));
    scroll_video (video);
    g_assert_true (gait_test_wait_for (output_full, decoder, 20000));
    g_assert_true (gait_test_wait_for (gait_test_frame_shown, window, 20000));
    gait_video_decoder_get_output_size (decoder, &w1, &h1);
    g_test_message ("the pane's picture: %d × %d, then %d × %d", w0, h0, w1, h1);

    gait_test_activate (window, "win.export-figure-frame", g_variant_new_string (narrow_path));
    narrow_file = g_file_new_for_path (narrow_path);
    narrow = gdk_texture_new_from_file (narrow_file, NULL);
    g_assert_nonnull (narrow);
    gait_test_pixels_init (&a, wide);
    gait_test_pixels_init (&b, narrow);
    g_assert_cmpint (a.width, ==, b.width);
    g_assert_cmpint (a.height, ==, b.height);
    g_assert_cmpmem (a.data, (gsize)a.stride * a.height, b.data, (gsize)b.stride * b.height);
    g_free (a.data);
    g_free (b.data);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_spectrogram (gpointer data)
{
  GtkWidget *label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (data), GAIT_TYPE_WINDOW, "spectro_label"));

  /* the lane, and the "Computing…" line gone */
  return gait_session_get_spectrogram (gait_window_get_session (data)) != NULL &&
         !gtk_widget_get_visible (label);
}

static void
test_spectrogram (void)
{
  g_autoptr(GaitWindow) window = g_object_ref_sink (gait_test_open_window (video_path));
  GaitSession *session = gait_window_get_session (window);
  GaitTracking *tracking = gait_recording_get_tracking (gait_session_get_recording (session));
  GtkWidget *timeline = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "timeline"));
  GtkWidget *dropdown = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "spectro_dropdown"));
  int lm = gait_tracking_find_landmark (tracking, "hhoof");
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GaitSpectrogram) direct = NULL;
  GaitSpectrogram *shown;
  GaitVqtParams params;
  graphene_rect_t lane;
  const double *a, *b;

  g_assert_false (gait_timeline_get_lane (GAIT_TIMELINE (timeline), "spectrogram", 0, &lane));

  /* by the action, which sets the Traces page's dropdown */
  gait_test_activate (window, "win.spectrogram", g_variant_new_string ("hhoof"));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, (guint)lm + 1);
  g_assert_true (gait_test_wait_for (has_spectrogram, window, 60000));
  shown = gait_session_get_spectrogram (session);
  g_assert_cmpstr (gait_session_get_spectrogram_name (session), ==, "hhoof");

  /* face-rhythm's defaults, as the core computes them */
  gait_vqt_params_init (&params, gait_session_get_fps (session));
  vqt = gait_vqt_new (&params, NULL);
  direct = gait_vqt_landmark (vqt, tracking, lm, gait_session_get_likelihood_cutoff (session), NULL, NULL);
  g_assert_nonnull (direct);
  g_assert_cmpuint (gait_spectrogram_get_n_bins (shown), ==, 55);
  g_assert_cmpuint (gait_spectrogram_get_n_bins (shown), ==, gait_spectrogram_get_n_bins (direct));
  g_assert_cmpuint (gait_spectrogram_get_n_times (shown), ==, gait_spectrogram_get_n_times (direct));
  a = gait_spectrogram_get_data (shown, GAIT_SPECTROGRAM_XY);
  b = gait_spectrogram_get_data (direct, GAIT_SPECTROGRAM_XY);
  for (gsize i = 0; i < gait_spectrogram_get_n_bins (shown) * gait_spectrogram_get_n_times (shown); i++)
    g_assert_cmpfloat_with_epsilon (a[i], b[i], 1e-9);

  /* its lane, below the limbs' */
  gait_test_iterate (50);
  g_assert_true (gait_timeline_get_lane (GAIT_TIMELINE (timeline), "spectrogram", 0, &lane));
  g_assert_cmpfloat (lane.size.height, >, 40);

  /* none: the lane goes */
  gait_test_activate (window, "win.spectrogram", g_variant_new_string (""));
  g_assert_null (gait_session_get_spectrogram (session));
  g_assert_false (gait_timeline_get_lane (GAIT_TIMELINE (timeline), "spectrogram", 0, &lane));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A long recording's spectrogram is drawn in tiles (an image may be at
 * most 32,767 pixels wide; an hour at 120 fps has 54,000 time points):
 * they cover the lane from end to end, without a seam. */
static void
test_spectrogram_long (void)
{
  g_autofree char *csv = g_build_filename (tmpdir, "long-walkDLC_synthetic.csv", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "spectrogram-long.png", NULL);
  g_autoptr(GaitTracking) synthetic = NULL;
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GaitWindow) window = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GaitSynthParams synth;
  GtkWidget *timeline, *scrolled;
  graphene_rect_t lane, strip;
  GaitTestPixels px;
  guint light = 0;

  /* 13 minutes at 50 fps: 5,000 time points after downsampling by 8 */
  gait_synth_params_init (&synth);
  synth.n_frames = 40000;
  synthetic = gait_synth_generate (&synth, &profile, NULL);
  g_assert_true (gait_tracking_save_csv (synthetic, csv, &error));
  g_assert_no_error (error);

  window = g_object_ref_sink (gait_test_open_window (csv));
  timeline = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "timeline"));
  scrolled = gtk_widget_get_ancestor (timeline, GTK_TYPE_SCROLLED_WINDOW);
  /* no video: the frame rate is the user's */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "fps_spin")),
                             synth.fps);
  g_assert_cmpfloat (gait_session_get_fps (gait_window_get_session (window)), ==, synth.fps);
  gait_test_activate (window, "win.spectrogram", g_variant_new_string ("hhoof"));
  g_assert_true (gait_test_wait_for (has_spectrogram, window, 60000));
  g_assert_cmpuint (gait_spectrogram_get_n_times (gait_session_get_spectrogram (gait_window_get_session (window))), >, 4096);

  g_assert_true (gait_timeline_get_lane (GAIT_TIMELINE (timeline), "spectrogram", 0, &lane));
  scroll_to_end (scrolled, timeline, &lane);
  texture = gait_test_render (window, png);
  gait_test_pixels_init (&px, texture);

  /* the lower half of the lane, all across (the labels are at its top
   * left): no column of it is the light background (a toast may cover
   * part of it: it is dark) */
  g_assert_true (gait_timeline_get_lane (GAIT_TIMELINE (timeline), "spectrogram", 0, &lane));
  g_assert_true (gtk_widget_compute_point (timeline, GTK_WIDGET (window), &lane.origin, &strip.origin));
  strip.origin.y += lane.size.height / 2;
  /* (less the overlay scrollbar at the right) */
  graphene_size_init (&strip.size, lane.size.width - 12, lane.size.height / 2 - 2);
  for (int x = (int)strip.origin.x + 1; x < (int)(strip.origin.x + strip.size.width); x++)
    {
      gboolean all_light = TRUE;

      for (int y = (int)strip.origin.y; y < (int)(strip.origin.y + strip.size.height) && all_light; y++)
        {
          const guchar *p = px.data + (gsize)y * px.stride + (gsize)x * 4;

          all_light = p[0] > 230 && p[1] > 230 && p[2] > 230;
        }
      light += all_light;
    }
  g_assert_cmpuint (light, ==, 0);
  g_free (px.data);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_stats (gpointer data)
{
  GtkWidget *label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (data), GAIT_TYPE_WINDOW, "stats_label"));

  return g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Dominant");
}

/* The headline and the range line the Traces page should show for a
 * signal of the example, computed with the core directly. */
static char *
expected_stats (GaitWindow *window,
                GaitTrace  *trace,
                gint64      start,
                gint64      end)
{
  GaitSession *session = gait_window_get_session (window);
  GaitSpectralParams sp;
  GaitSpectralStats stats;
  const double *v;
  gsize n;

  v = gait_trace_get_values (trace, &n);
  gait_spectral_params_init (&sp, gait_session_get_fps (session));
  g_assert_true (gait_spectral_stats_range (v, n, start, end, &sp, &stats, NULL));

  return g_strdup_printf ("Dominant stride frequency: %.2f Hz\n", stats.dominant);
}

static char *
stats_text (GaitWindow *window)
{
  GtkWidget *label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "stats_label"));

  return g_strdup (gtk_label_get_text (GTK_LABEL (label)));
}

typedef struct
{
  GaitWindow *window;
  const char *before;
} NewStats;

/* statistics, and not the ones shown before */
static gboolean
has_new_stats (gpointer data)
{
  const NewStats *new_stats = data;
  g_autofree char *text = stats_text (new_stats->window);

  return has_stats (new_stats->window) && g_strcmp0 (text, new_stats->before) != 0;
}

/* Waits until the label shows statistics other than @before, its text
 * before the change that recomputes them (%NULL: any statistics): a worker
 * thread computes them. */
static void
wait_for_stats (GaitWindow *window,
                const char *before)
{
  NewStats new_stats = { window, before };
  g_autofree char *text = NULL;

  if (!gait_test_wait_for (has_new_stats, &new_stats, 30000))
    {
      text = stats_text (window);
      g_error ("no new statistics: “%s”", text);
    }
  text = stats_text (window);
  g_test_message ("%s", text);
}

static void
test_spectral_stats (void)
{
  g_autoptr(GaitWindow) window = g_object_ref_sink (gait_test_open_window (video_path));
  GaitSession *session = gait_window_get_session (window);
  GaitRecording *recording = gait_session_get_recording (session);
  GaitTracking *tracking = gait_recording_get_tracking (recording);
  GaitProfile *profile = gait_recording_get_profile (recording);
  GtkWidget *label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "stats_label"));
  GtkWidget *method = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "likelihood_spin"));
  g_autoptr(GaitTrace) hoof = NULL;
  g_autoptr(GaitTrace) x = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *bout = NULL;
  g_autofree char *standing = NULL;
  g_autofree char *lx = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *before = NULL;
  GaitDetectParams params;

  /* the detector's hoof speed, with the Detection page's settings */
  gait_detect_params_init (&params, GAIT_METHOD_TOUCHDOWN);
  params.likelihood_cutoff = gtk_spin_button_get_value (GTK_SPIN_BUTTON (method));
  params.fps = gait_session_get_fps (session);
  hoof = gait_trace_new_for_signal (tracking, profile, "hoof:fl", &params, NULL);
  g_assert_nonnull (hoof);

  /* on opening: the first limb's hoof speed over the whole recording */
  wait_for_stats (window, NULL);
  whole = expected_stats (window, hoof, -1, -1);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), whole));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "(fl hoof speed, whole recording)"));

  /* over a selection: a walking bout walks near 1.7 strides a second */
  before = stats_text (window);
  gait_test_activate (window, "win.select-range", g_variant_new ("(xx)", (gint64) 505, (gint64) 830));
  gait_test_activate (window, "win.spectral-stats", g_variant_new ("(ss)", "hoof:fl", "selection"));
  wait_for_stats (window, before);
  bout = expected_stats (window, hoof, 505, 830);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), bout));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "(fl hoof speed, frames 505–830 (6.50 s))"));
  g_assert_cmpstr (whole, !=, bout);

  /* a new selection recomputes */
  g_free (before);
  before = stats_text (window);
  gait_test_activate (window, "win.select-range", g_variant_new ("(xx)", (gint64) 900, (gint64) 1200));
  wait_for_stats (window, before);
  standing = expected_stats (window, hoof, 900, 1200);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), standing));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "frames 900–1200"));

  /* without a selection, it says how to make one */
  gait_test_activate (window, "win.select-range", g_variant_new ("(xx)", (gint64) -1, (gint64) -1));
  gait_test_iterate (50);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Select frames"));

  /* a landmark's coordinate, whole recording */
  g_free (before);
  before = stats_text (window);
  gait_test_activate (window, "win.spectral-stats", g_variant_new ("(ss)", "hhoof:x", "whole"));
  wait_for_stats (window, before);
  x = gait_trace_new_for_signal (tracking, profile, "hhoof:x", &params, NULL);
  lx = expected_stats (window, x, -1, -1);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), lx));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "(hhoof x, whole recording)"));

  /* an unknown signal changes nothing */
  shown = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  gait_test_activate (window, "win.spectral-stats", g_variant_new ("(ss)", "nose:x", "whole"));
  gait_test_activate (window, "win.spectral-stats", g_variant_new ("(ss)", "hoof:fl", "sometimes"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, shown);

  /* an intensity trace on the wall has no spectrum, and says so */
  gait_test_activate (window, "win.add-trace", g_variant_new ("(dds)", 100.0, 60.0, "rect"));
  {
    guint n = g_list_model_get_n_items (traces_of (window));
    GaitTraceItem *item = trace_at (window, n - 1);
    g_autofree char *spec = g_strdup_printf ("trace:%u", n - 1);
    g_autofree char *message = g_strdup_printf ("No spectral statistics of %s: ", gait_trace_item_get_name (item));

    gait_test_activate (window, "win.spectral-stats", g_variant_new ("(ss)", spec, "whole"));
    g_assert_true (gait_test_wait_for ((GaitTestCondition) gait_trace_item_get_ready, item, 60000));
    wait_for_label (label, message, TRUE);
    g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), message));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "no spectrum"));
  }

  /* an intensity trace on the animal's way, as its lane shows it */
  {
    int withers = gait_tracking_find_landmark (tracking, "withers");
    g_autoptr(GaitTraceExtractor) extractor = gait_trace_extractor_new (video_path, NULL);
    int width;

    g_assert_cmpint (withers, >=, 0);
    g_assert_nonnull (extractor);
    width = gait_trace_extractor_get_width (extractor);
    gait_test_activate (window, "win.add-trace", g_variant_new ("(dds)", width / 2.0,
                                                                gait_tracking_get_y (tracking, withers)[0], "rect"));
  }
  {
    guint n = g_list_model_get_n_items (traces_of (window));
    GaitTraceItem *item = trace_at (window, n - 1);
    g_autofree char *spec = g_strdup_printf ("trace:%u", n - 1);
    g_autofree char *expected = NULL;
    g_autofree char *range = NULL;

    g_assert_cmpint (gait_trace_item_get_kind (item), ==, GAIT_TRACE_ITEM_INTENSITY);
    g_free (before);
    before = stats_text (window);
    gait_test_activate (window, "win.spectral-stats", g_variant_new ("(ss)", spec, "whole"));
    g_assert_true (gait_test_wait_for ((GaitTestCondition) gait_trace_item_get_ready, item, 60000));
    wait_for_stats (window, before);
    expected = expected_stats (window, gait_trace_item_get_lane_trace (item), -1, -1);
    g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), expected));
    range = g_strdup_printf ("(%s, whole recording)", gait_trace_item_get_name (item));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), range));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmpdir = gait_test_make_tmpdir ("gaitline-traces-XXXXXX");

  /* work on copies: the window writes its session file beside them */
  video_path = gait_test_copy_example (tmpdir);

  g_test_add_func ("/traces-window/traces", test_traces);
  g_test_add_func ("/traces-window/click", test_click);
  g_test_add_func ("/traces-window/metrics", test_metrics);
  g_test_add_func ("/traces-window/figure", test_figure);
  g_test_add_func ("/traces-window/spectrogram", test_spectrogram);
  g_test_add_func ("/traces-window/spectrogram-long", test_spectrogram_long);
  g_test_add_func ("/traces-window/spectral-stats", test_spectral_stats);

  ret = g_test_run ();

  gait_test_remove_tmpdir (tmpdir);

  return ret;
}
