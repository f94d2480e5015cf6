/* gait-ui-bench.c: timeline redraw and playback, measured on a real window
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gait-ui-bench timeline [--frames N]   redraw time of the timeline
 *   gait-ui-bench playback VIDEO [--seconds S] [--rate R]
 *                                         frames shown vs due while playing
 *
 * Run under a display (xvfb-run for numbers comparable between machines).
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "gait-synth.h"
#include "gait-timeline.h"
#include "gait-video-view.h"
#include "gait-window.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;
  return (da > db) - (da < db);
}

/* Runs the main loop for @ms milliseconds: frames get drawn. */
static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

/* Draws @widget as GTK would for a frame (its snapshot, then rendering);
 * returns milliseconds. */
static double
render_once (GtkWidget   *widget,
             GskRenderer *renderer)
{
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gint64 t0 = g_get_monotonic_time ();

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));

  return (g_get_monotonic_time () - t0) / 1000.0;
}

static void
report (const char *what,
        GArray     *ms)
{
  g_array_sort (ms, compare_doubles);
  g_print ("%-44s median %7.2f ms   p95 %7.2f ms   (%u runs)\n", what,
           g_array_index (ms, double, ms->len / 2),
           g_array_index (ms, double, (guint)(0.95 * (ms->len - 1))), ms->len);
}

static int
bench_timeline (int frames)
{
  g_autofree char *dir = g_dir_make_tmp ("gait-ui-bench-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "hourDLC_bench.csv", NULL);
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GaitRecording) recording = NULL;
  g_autoptr(GaitSession) session = gait_session_new ();
  g_autoptr(GaitAnnotationStore) store = gait_annotation_store_new ();
  g_autoptr(GArray) truth = NULL;
  g_autoptr(GArray) rebuild = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) playhead = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  GaitSynthParams params;
  GtkWidget *window, *timeline;
  GskRenderer *renderer;

  gait_synth_params_init (&params);
  params.n_frames = frames;
  tracking = gait_synth_generate (&params, NULL, &truth);
  if (!gait_tracking_save_csv (tracking, csv, &error) ||
      !(recording = gait_recording_load (NULL, csv, NULL, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* the true cycles as spans: thousands of them */
  gait_annotation_store_replace_detected (store, (GaitCycle *)(gpointer)truth->data, truth->len);
  gait_session_set_recording (session, recording);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 420);
  timeline = gait_timeline_new ();
  gait_timeline_set_session (GAIT_TIMELINE (timeline), session);
  gait_timeline_set_store (GAIT_TIMELINE (timeline), store);
  gtk_window_set_child (GTK_WINDOW (window), timeline);
  gtk_window_present (GTK_WINDOW (window));
  iterate (1000);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  g_print ("timeline: %d frames, %u cycles, %d x %d px, renderer %s\n", frames, truth->len,
           gtk_widget_get_width (timeline), gtk_widget_get_height (timeline), G_OBJECT_TYPE_NAME (renderer));

  for (int i = 0; i < 40; i++)
    {
      double ms;

      /* a zoom or pan invalidates the lanes: full rebuild */
      if (i % 2 == 0)
        gait_session_zoom_fit (session);
      else
        gait_session_set_visible (session, 0, frames - 1);
      ms = render_once (timeline, renderer);
      g_array_append_val (rebuild, ms);

      /* playback moves the playhead only: the lanes are reused */
      gait_session_seek (session, (gint64)i * frames / 40);
      ms = render_once (timeline, renderer);
      g_array_append_val (playhead, ms);
    }

  report ("whole recording, lanes rebuilt (zoom/pan)", rebuild);
  report ("whole recording, playhead moved (cached)", playhead);

  g_array_set_size (rebuild, 0);
  g_array_set_size (playhead, 0);
  for (int i = 0; i < 40; i++)
    {
      double ms;

      gait_session_set_visible (session, frames / 2 + i, frames / 2 + i + 500);
      ms = render_once (timeline, renderer);
      g_array_append_val (rebuild, ms);
      gait_session_seek (session, frames / 2 + i + 100);
      ms = render_once (timeline, renderer);
      g_array_append_val (playhead, ms);
    }
  report ("500 frames visible, lanes rebuilt", rebuild);
  report ("500 frames visible, playhead moved", playhead);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (csv);
  g_rmdir (dir);
  return 0;
}

typedef struct
{
  gint64 last;
  guint  shown;
} Counter;

static void
shown_cb (GaitVideoView *view,
          GParamSpec    *pspec,
          Counter       *counter)
{
  gint64 f = gait_video_view_get_shown_frame (view);

  if (f != counter->last)
    {
      counter->shown++;
      counter->last = f;
    }
}

static gboolean
ready (GaitWindow *window)
{
  return !gait_window_is_busy (window) && gait_session_get_recording (gait_window_get_session (window)) != NULL;
}

static int
bench_playback (const char *video,
                double      seconds,
                double      rate)
{
  GaitWindow *window = g_object_new (GAIT_TYPE_WINDOW, NULL);
  GaitSession *session = gait_window_get_session (window);
  GaitVideoView *view;
  Counter counter = { -1, 0 };
  gint64 t0, start_frame, end_frame;
  double fps, due;

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.open-file", g_variant_new_string (video));
  while (!ready (window))
    g_main_context_iteration (NULL, TRUE);
  iterate (200);

  view = GAIT_VIDEO_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), GAIT_TYPE_WINDOW, "video_view"));
  g_signal_connect (view, "notify::shown-frame", G_CALLBACK (shown_cb), &counter);

  fps = gait_session_get_fps (session);
  gait_session_set_rate (session, rate);
  start_frame = gait_session_get_frame (session);
  gait_session_set_playing (session, TRUE);
  t0 = g_get_monotonic_time ();
  while (g_get_monotonic_time () - t0 < seconds * 1e6 && gait_session_get_playing (session))
    g_main_context_iteration (NULL, TRUE);
  gait_session_set_playing (session, FALSE);
  end_frame = gait_session_get_frame (session);

  due = end_frame - start_frame;
  g_print ("playback: %s, %.3f fps, %.2fx, %.1f s\n", video, fps, rate, seconds);
  g_print ("  frames due %.0f (clock: %.0f), shown %u, dropped %.0f (%.1f %%)\n",
           due, (g_get_monotonic_time () - t0) / 1e6 * fps * rate, counter.shown,
           MAX (0.0, due - counter.shown), 100.0 * MAX (0.0, due - counter.shown) / MAX (1.0, due));

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  int frames = 180000;
  double seconds = 10, rate = 1;
  GOptionEntry entries[] = {
    { "frames", 'n', 0, G_OPTION_ARG_INT, &frames, "Frames of the generated recording (180000)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, "How long to play (10)", "S" },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &rate, "Playback speed (1)", "R" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("timeline | playback VIDEO");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2)
    {
      g_printerr ("usage: gait-ui-bench timeline [--frames N] | playback VIDEO [--seconds S] [--rate R]\n");
      return 2;
    }

  gtk_init ();
  adw_init ();

  if (g_str_equal (argv[1], "timeline"))
    return bench_timeline (frames);
  if (g_str_equal (argv[1], "playback") && argc == 3)
    return bench_playback (argv[2], seconds, rate);

  g_printerr ("usage: gait-ui-bench timeline [--frames N] | playback VIDEO [--seconds S] [--rate R]\n");
  return 2;
}
