/* gait-timeline.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gait-signal.h"
#include "gait-timeline.h"

/*
 * The timeline: one time axis shared with the video cursor. A ruler in
 * seconds and frames, and per limb three lanes: hoof speed with the
 * detection threshold, its Ricker scalogram (diverging colours symmetric
 * around zero, as in the blog) with the wavelet peaks marked, and the
 * limb's stride cycles as editable spans.
 *
 * Drawing: everything but the playhead and the pointer feedback is rendered
 * once into a texture and reused until the view or the data change, so
 * playback redraws a line, not the lanes. Signals are decimated to one
 * min/max pair per pixel column; the scalogram is rendered at pixel
 * resolution into an image.
 *
 * Input: click or drag on the ruler and signal lanes seeks (the video
 * follows while scrubbing); in a cycle lane, a click selects, dragging a
 * boundary moves it (snapping to frames, the video showing the frame under
 * it, one undo step per drag), dragging on empty space adds a cycle.
 * Shift+drag anywhere selects a range of frames (the session's selection,
 * drawn as a band over every lane); Shift+click clears it.
 * Ctrl+scroll zooms around the pointer, scroll pans.
 */

#define LABEL_WIDTH   72.0
#define RULER_HEIGHT  30.0
#define SPEED_HEIGHT  56.0
#define CWT_HEIGHT    48.0
#define CYCLE_HEIGHT  28.0
#define LANE_GAP      6.0
#define TRACE_HEIGHT  44.0
#define SPECTRO_HEIGHT 72.0
#define SPECTRO_TILE  4096
#define HANDLE_SLOP   6.0

typedef enum
{
  DRAG_NONE,
  DRAG_SEEK,
  DRAG_BOUNDARY,
  DRAG_CREATE,
  DRAG_SELECT,
} DragMode;

struct _GaitTimeline
{
  GtkWidget            parent_instance;

  GaitSession         *session;
  GSignalGroup        *session_signals;
  GaitAnnotationStore *store;
  GSignalGroup        *store_signals;

  GdkTexture          *cache;
  int                  cache_width;
  int                  cache_height;

  /* per limb: 0.2 × max |cwt| (the blog's colour range), speed axis top */
  GArray              *cwt_range;
  GArray              *speed_top;

  /* the variable-Q spectrogram, coloured: a pixel per time point and bin */
  GPtrArray           *spectro_tiles;

  DragMode             drag_mode;
  guint                drag_limb;
  GaitAnnotation      *drag_annotation;
  GaitBoundary         drag_boundary;
  double               drag_start_x;
  double               drag_start_y;
  gint64               create_start;
  gint64               create_end;

  double               pointer_x;
  double               pointer_y;
  gboolean             pointer_inside;
};

G_DEFINE_FINAL_TYPE (GaitTimeline, gait_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GTK 4.8 has no gtk_widget_get_color() yet */
static void
get_fg_color (GtkWidget *widget,
              GdkRGBA   *color)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
}

static guint
n_limbs (GaitTimeline *self)
{
  GaitRecording *recording;

  if (self->session == NULL || !(recording = gait_session_get_recording (self->session)))
    return 0;

  return gait_recording_get_n_limbs (recording);
}

static guint
n_traces (GaitTimeline *self)
{
  if (self->session == NULL)
    return 0;

  return g_list_model_get_n_items (G_LIST_MODEL (gait_session_get_traces (self->session)));
}

/* the spectrogram lane's height with its gap, or 0 without one */
static double
spectro_height (GaitTimeline *self)
{
  if (self->session == NULL || gait_session_get_spectrogram (self->session) == NULL)
    return 0;

  return SPECTRO_HEIGHT + LANE_GAP;
}

static double
lane_block_height (void)
{
  return SPEED_HEIGHT + CWT_HEIGHT + CYCLE_HEIGHT + 2 * LANE_GAP + LANE_GAP;
}

/**
 * gait_timeline_get_lane:
 * @self: a #GaitTimeline
 * @kind: "ruler", "speed", "scalogram", "cycles", "spectrogram" or "trace"
 * @limb: the limb (the trace's index for "trace"; ignored for the ruler)
 * @area: (out): the lane's rectangle in widget coordinates
 *
 * Returns: %TRUE if the lane exists
 */
gboolean
gait_timeline_get_lane (GaitTimeline    *self,
                        const char      *kind,
                        guint            limb,
                        graphene_rect_t *area)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double y;

  g_return_val_if_fail (GAIT_IS_TIMELINE (self), FALSE);

  if (g_str_equal (kind, "ruler"))
    {
      graphene_rect_init (area, LABEL_WIDTH, 0, w - LABEL_WIDTH, RULER_HEIGHT);
      return TRUE;
    }

  /* the spectrogram's lane, below the limbs', then the traces' */
  if (g_str_equal (kind, "spectrogram"))
    {
      if (spectro_height (self) <= 0)
        return FALSE;
      y = RULER_HEIGHT + LANE_GAP + n_limbs (self) * lane_block_height ();
      graphene_rect_init (area, LABEL_WIDTH, y, w - LABEL_WIDTH, SPECTRO_HEIGHT);
      return TRUE;
    }

  if (g_str_equal (kind, "trace"))
    {
      if (limb >= n_traces (self))
        return FALSE;
      y = RULER_HEIGHT + LANE_GAP + n_limbs (self) * lane_block_height () + spectro_height (self)
          + limb * (TRACE_HEIGHT + LANE_GAP);
      graphene_rect_init (area, LABEL_WIDTH, y, w - LABEL_WIDTH, TRACE_HEIGHT);
      return TRUE;
    }

  if (limb >= n_limbs (self))
    return FALSE;

  y = RULER_HEIGHT + LANE_GAP + limb * lane_block_height ();

  if (g_str_equal (kind, "speed"))
    graphene_rect_init (area, LABEL_WIDTH, y, w - LABEL_WIDTH, SPEED_HEIGHT);
  else if (g_str_equal (kind, "scalogram"))
    graphene_rect_init (area, LABEL_WIDTH, y + SPEED_HEIGHT + LANE_GAP, w - LABEL_WIDTH, CWT_HEIGHT);
  else if (g_str_equal (kind, "cycles"))
    graphene_rect_init (area, LABEL_WIDTH, y + SPEED_HEIGHT + CWT_HEIGHT + 2 * LANE_GAP,
                        w - LABEL_WIDTH, CYCLE_HEIGHT);
  else
    return FALSE;

  return TRUE;
}

double
gait_timeline_frame_to_x (GaitTimeline *self,
                          double        frame)
{
  double vb = gait_session_get_visible_begin (self->session);
  double ve = gait_session_get_visible_end (self->session);
  double plot = gtk_widget_get_width (GTK_WIDGET (self)) - LABEL_WIDTH;

  return LABEL_WIDTH + (frame - vb) / (ve - vb) * plot;
}

double
gait_timeline_x_to_frame (GaitTimeline *self,
                          double        x)
{
  double vb = gait_session_get_visible_begin (self->session);
  double ve = gait_session_get_visible_end (self->session);
  double plot = MAX (1.0, gtk_widget_get_width (GTK_WIDGET (self)) - LABEL_WIDTH);

  return vb + (x - LABEL_WIDTH) / plot * (ve - vb);
}

static void
invalidate (GaitTimeline *self)
{
  g_clear_object (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;

  return (da > db) - (da < db);
}

/* Colour ranges are properties of the data: computed once per recording. */
/* The @q quantile of the finite values among @n, from about 20,000 of them
 * evenly spaced; @fallback if there are none. */
static double
sampled_percentile (const double *values,
                    gsize         n,
                    double        q,
                    double        fallback)
{
  gsize step = MAX (1, n / 20000);
  g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (double));

  for (gsize i = 0; i < n; i += step)
    if (isfinite (values[i]))
      g_array_append_val (sample, values[i]);
  if (sample->len == 0)
    return fallback;

  g_array_sort (sample, compare_doubles);
  return g_array_index (sample, double, (gsize)(q * (sample->len - 1)));
}

static void
update_ranges (GaitTimeline *self)
{
  GaitRecording *recording = self->session ? gait_session_get_recording (self->session) : NULL;
  GaitTracking *tracking = recording ? gait_recording_get_tracking (recording) : NULL;

  g_array_set_size (self->cwt_range, 0);
  g_array_set_size (self->speed_top, 0);

  for (guint limb = 0; limb < n_limbs (self); limb++)
    {
      const double *speed = gait_recording_get_speed (recording, limb);
      guint n_widths;
      const double *cwt = gait_recording_get_scalogram (recording, limb, &n_widths);
      gsize n = tracking ? gait_tracking_get_n_frames (tracking) : 0;
      double cwt_max = 0, top = 1;

      if (cwt != NULL)
        for (gsize i = 0; i < (gsize)n_widths * n; i++)
          if (isfinite (cwt[i]))
            cwt_max = MAX (cwt_max, fabs (cwt[i]));

      /* the 99.5th percentile, so that one spike does not flatten the lane */
      if (speed != NULL)
        top = sampled_percentile (speed, n, 0.995, top);

      top = MAX (top, 1.5 * gait_recording_get_signal_params (recording)->threshold);
      cwt_max = cwt_max > 0 ? 0.2 * cwt_max : 1;
      g_array_append_val (self->cwt_range, cwt_max);
      g_array_append_val (self->speed_top, top);
    }
}

/* matplotlib's RdBu, reduced to five stops: -1 red … 0 white … +1 blue */
static void
diverging (double   v,
           guint8  *rgb)
{
  static const double stops[5][3] = {
    { 0.40, 0.00, 0.12 },
    { 0.84, 0.38, 0.30 },
    { 0.97, 0.97, 0.97 },
    { 0.26, 0.58, 0.76 },
    { 0.02, 0.19, 0.38 },
  };
  double t = (CLAMP (v, -1.0, 1.0) + 1.0) * 2.0;
  int i = MIN (3, (int)t);
  double f = t - i;

  for (int c = 0; c < 3; c++)
    rgb[c] = (guint8)(255 * (stops[i][c] * (1 - f) + stops[i + 1][c] * f));
}

static void
state_color (GaitCycleState  state,
             GdkRGBA        *color)
{
  switch (state)
    {
    case GAIT_CYCLE_ACCEPTED: gdk_rgba_parse (color, "#2ec27e"); break;
    case GAIT_CYCLE_REJECTED: gdk_rgba_parse (color, "#e01b24"); break;
    case GAIT_CYCLE_EDITED: gdk_rgba_parse (color, "#3584e4"); break;
    case GAIT_CYCLE_ADDED: gdk_rgba_parse (color, "#9141ac"); break;
    case GAIT_CYCLE_DETECTED:
    default: gdk_rgba_parse (color, "#e5a50a"); break;
    }
}

static void
draw_ruler (GaitTimeline *self,
            cairo_t      *cr,
            const GdkRGBA *fg)
{
  double vb = gait_session_get_visible_begin (self->session);
  double ve = gait_session_get_visible_end (self->session);
  double fps = gait_session_get_fps (self->session);
  double plot = gtk_widget_get_width (GTK_WIDGET (self)) - LABEL_WIDTH;
  double unit = fps > 0 ? fps : 1;   /* ticks in seconds when we can */
  double span = (ve - vb) / unit;
  double target = span / MAX (1.0, plot / 90.0);
  double step = pow (10, floor (log10 (target)));

  if (plot <= 0)
    return;

  if (step * 2 >= target)
    step *= 2;
  else if (step * 5 >= target)
    step *= 5;
  else
    step *= 10;
  /* in frames, a tick never falls between frames */
  if (fps <= 0)
    step = MAX (1.0, round (step));

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 10);
  cairo_set_line_width (cr, 1);

  for (double t = ceil (vb / unit / step) * step; t * unit <= ve; t += step)
    {
      double x = round (gait_timeline_frame_to_x (self, t * unit)) + 0.5;
      char label[64];

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.6);
      cairo_move_to (cr, x, RULER_HEIGHT - 8);
      cairo_line_to (cr, x, RULER_HEIGHT);
      cairo_stroke (cr);

      if (fps > 0)
        g_snprintf (label, sizeof label, step < 1 ? "%.*f s · %.0f" : "%.*f s",
                    step < 0.01 ? 3 : step < 0.1 ? 2 : step < 1 ? 1 : 0, t, round (t * unit));
      else
        g_snprintf (label, sizeof label, "%.0f", t);

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.85);
      cairo_move_to (cr, x + 3, RULER_HEIGHT - 12);
      cairo_show_text (cr, label);
    }

  /* frame ticks once single frames are wide enough to tell apart */
  if (plot / (ve - vb) >= 6)
    {
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.3);
      for (double f = ceil (vb); f <= ve; f++)
        {
          double x = round (gait_timeline_frame_to_x (self, f)) + 0.5;

          cairo_move_to (cr, x, RULER_HEIGHT - 4);
          cairo_line_to (cr, x, RULER_HEIGHT);
        }
      cairo_stroke (cr);
    }
}

static void
draw_speed (GaitTimeline          *self,
            cairo_t               *cr,
            guint                  limb,
            const graphene_rect_t *area,
            const GdkRGBA         *fg)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = gait_recording_get_tracking (recording);
  const double *speed = gait_recording_get_speed (recording, limb);
  double threshold = gait_recording_get_signal_params (recording)->threshold;
  double top = g_array_index (self->speed_top, double, limb);
  double vb = gait_session_get_visible_begin (self->session);
  double ve = gait_session_get_visible_end (self->session);
  gsize n = gait_tracking_get_n_frames (tracking);
  double ty;

#define SPEED_Y(v) (area->origin.y + area->size.height * (1.0 - CLAMP ((v) / top, 0.0, 1.0)))

  if (speed == NULL)
    return;

  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.9);

  if ((ve - vb) / area->size.width > 1.0)
    {
      /* zoomed out: a min/max bar per pixel column */
      for (int px = 0; px < (int)area->size.width; px++)
        {
          gsize f0 = (gsize)MAX (0.0, floor (vb + (ve - vb) * px / area->size.width));
          gsize f1 = (gsize)MIN ((double)n, ceil (vb + (ve - vb) * (px + 1) / area->size.width));
          double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

          for (gsize f = f0; f < f1; f++)
            if (isfinite (speed[f]))
              {
                lo = MIN (lo, speed[f]);
                hi = MAX (hi, speed[f]);
              }
          if (hi < lo)
            continue;
          cairo_rectangle (cr, area->origin.x + px, SPEED_Y (hi), 1, MAX (1.0, SPEED_Y (lo) - SPEED_Y (hi)));
        }
      cairo_fill (cr);
    }
  else
    {
      /* zoomed in: a line through frame centres */
      gboolean pen_down = FALSE;

      for (gsize f = (gsize)MAX (0.0, floor (vb) - 1); f < MIN ((double)n, ceil (ve) + 1); f++)
        {
          double x = gait_timeline_frame_to_x (self, f + 0.5);

          if (!isfinite (speed[f]))
            {
              pen_down = FALSE;
              continue;
            }
          if (pen_down)
            cairo_line_to (cr, x, SPEED_Y (speed[f]));
          else
            cairo_move_to (cr, x, SPEED_Y (speed[f]));
          pen_down = TRUE;
        }
      cairo_stroke (cr);
    }

  /* the detection threshold */
  ty = round (SPEED_Y (threshold)) + 0.5;
  cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.8);
  cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
  cairo_move_to (cr, area->origin.x, ty);
  cairo_line_to (cr, area->origin.x + area->size.width, ty);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

#undef SPEED_Y
}

static void
draw_scalogram (GaitTimeline          *self,
                cairo_t               *cr,
                guint                  limb,
                const graphene_rect_t *area)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitTracking *tracking = gait_recording_get_tracking (recording);
  guint n_widths;
  const double *cwt = gait_recording_get_scalogram (recording, limb, &n_widths);
  const GArray *peaks = gait_recording_get_peaks (recording, limb);
  double range = g_array_index (self->cwt_range, double, limb);
  double vb = gait_session_get_visible_begin (self->session);
  double ve = gait_session_get_visible_end (self->session);
  gsize n = gait_tracking_get_n_frames (tracking);
  int width = MAX (1, (int)area->size.width);
  cairo_surface_t *image;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  guint8 *pixels;
  int stride;

  if (cwt == NULL)
    return;

  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, n_widths);
  pixels = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);

  for (int px = 0; px < width; px++)
    {
      gsize f0 = (gsize)MAX (0.0, floor (vb + (ve - vb) * px / width));
      gsize f1 = (gsize)MIN ((double)n, MAX (f0 + 1.0, ceil (vb + (ve - vb) * (px + 1) / width)));

      for (guint w = 0; w < n_widths; w++)
        {
          /* the strongest value of the column keeps blobs visible when zoomed out */
          double best = 0;
          guint8 rgb[3];
          guint8 *p = pixels + (n_widths - 1 - w) * stride + 4 * px;

          for (gsize f = f0; f < f1 && f < n; f++)
            if (fabs (cwt[(gsize)w * n + f]) > fabs (best))
              best = cwt[(gsize)w * n + f];

          diverging (best / range, rgb);
          p[0] = rgb[2];
          p[1] = rgb[1];
          p[2] = rgb[0];
          p[3] = 255;
        }
    }
  cairo_surface_mark_dirty (image);

  pattern = cairo_pattern_create_for_surface (image);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_matrix_init_scale (&matrix, width / area->size.width, n_widths / area->size.height);
  cairo_matrix_translate (&matrix, -area->origin.x, -area->origin.y);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, area->origin.x, area->origin.y, area->size.width, area->size.height);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (image);

  /* the wavelet peaks that pass the seed method's filters */
  if (peaks != NULL)
    {
      cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.8);
      cairo_set_line_width (cr, 1.5);
      for (guint i = 0; i < peaks->len; i++)
        {
          const GaitPeak *p = &g_array_index (peaks, GaitPeak, i);
          double x, y;

          if (p->row + 1 < vb || p->row > ve)
            continue;
          x = gait_timeline_frame_to_x (self, p->row + 0.5);
          y = area->origin.y + area->size.height * (1.0 - (p->col + 0.5) / n_widths);
          cairo_move_to (cr, x - 3, y - 3);
          cairo_line_to (cr, x + 3, y + 3);
          cairo_move_to (cr, x + 3, y - 3);
          cairo_line_to (cr, x - 3, y + 3);
        }
      cairo_stroke (cr);
    }
}

static void
draw_cycles (GaitTimeline          *self,
             cairo_t               *cr,
             guint                  limb,
             const graphene_rect_t *area)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitProfile *profile = gait_recording_get_profile (recording);
  const char *limb_name = gait_profile_get_limb_name (profile, limb);
  GaitAnnotation *selected = gait_session_get_selected (self->session);
  double vb = gait_session_get_visible_begin (self->session);
  double ve = gait_session_get_visible_end (self->session);
  guint n;

  if (self->store == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GaitAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      const GaitCycle *c = gait_annotation_get_cycle (a);
      double x0, x1;
      GdkRGBA color;

      if (g_strcmp0 (c->limb, limb_name) != 0 || c->end < vb || c->start > ve)
        continue;

      x0 = gait_timeline_frame_to_x (self, c->start);
      x1 = gait_timeline_frame_to_x (self, c->end);
      state_color (c->state, &color);

      cairo_set_source_rgba (cr, color.red, color.green, color.blue,
                             c->state == GAIT_CYCLE_REJECTED ? 0.35 : 0.75);
      cairo_rectangle (cr, x0, area->origin.y + 2, MAX (1.0, x1 - x0), area->size.height - 4);
      cairo_fill (cr);

      /* narrower than a few pixels: the colour says it all */
      if (x1 - x0 < 4 && a != selected)
        continue;

      /* lift-off: end of stance */
      if (c->liftoff > c->start && c->liftoff < c->end && x1 - x0 >= 12)
        {
          double xl = round (gait_timeline_frame_to_x (self, c->liftoff)) + 0.5;

          cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, xl, area->origin.y + area->size.height / 2);
          cairo_line_to (cr, xl, area->origin.y + area->size.height - 2);
          cairo_stroke (cr);
        }

      /* boundaries */
      cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
      cairo_set_line_width (cr, a == selected ? 2.5 : 1.0);
      cairo_move_to (cr, round (x0) + 0.5, area->origin.y + 1);
      cairo_line_to (cr, round (x0) + 0.5, area->origin.y + area->size.height - 1);
      cairo_move_to (cr, round (x1) - 0.5, area->origin.y + 1);
      cairo_line_to (cr, round (x1) - 0.5, area->origin.y + area->size.height - 1);
      cairo_stroke (cr);

      if (a == selected)
        {
          cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
          cairo_set_line_width (cr, 2);
          cairo_rectangle (cr, x0 + 1, area->origin.y + 1, MAX (1.0, x1 - x0 - 2), area->size.height - 2);
          cairo_stroke (cr);
        }
    }
}

/* A trace's lane: min/max bars per pixel column when zoomed out, a line
 * through frame centres when zoomed in, scaled to the trace's range. */
static void
draw_trace (GaitTimeline          *self,
            cairo_t               *cr,
            GaitTraceItem         *item,
            const graphene_rect_t *area)
{
  GaitTrace *trace = gait_trace_item_get_lane_trace (item);
  double vb = gait_session_get_visible_begin (self->session);
  double ve = gait_session_get_visible_end (self->session);
  double lo, hi, r, g, b;
  const double *v;
  gsize n;

  if (trace == NULL || !gait_trace_item_get_lane_range (item, &lo, &hi))
    return;

  v = gait_trace_get_values (trace, &n);
  if (hi - lo < 1e-12)
    {
      lo -= 0.5;
      hi += 0.5;
    }

#define TRACE_Y(x) (area->origin.y + 2 + (area->size.height - 4) * (1.0 - ((x) - lo) / (hi - lo)))

  gait_trace_item_get_color (item, &r, &g, &b);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_set_line_width (cr, 1.25);

  if ((ve - vb) / area->size.width > 1.0)
    {
      for (int px = 0; px < (int)area->size.width; px++)
        {
          gsize f0 = (gsize)MAX (0.0, floor (vb + (ve - vb) * px / area->size.width));
          gsize f1 = (gsize)MIN ((double)n, ceil (vb + (ve - vb) * (px + 1) / area->size.width));
          double cmin = G_MAXDOUBLE, cmax = -G_MAXDOUBLE;

          for (gsize f = f0; f < f1; f++)
            if (isfinite (v[f]))
              {
                cmin = MIN (cmin, v[f]);
                cmax = MAX (cmax, v[f]);
              }
          if (cmax < cmin)
            continue;
          cairo_rectangle (cr, area->origin.x + px, TRACE_Y (cmax), 1, MAX (1.0, TRACE_Y (cmin) - TRACE_Y (cmax)));
        }
      cairo_fill (cr);
    }
  else
    {
      gboolean pen_down = FALSE;

      for (gsize f = (gsize)MAX (0.0, floor (vb) - 1); f < MIN ((double)n, ceil (ve) + 1); f++)
        {
          double x = gait_timeline_frame_to_x (self, f + 0.5);

          if (!isfinite (v[f]))
            {
              pen_down = FALSE;
              continue;
            }
          if (pen_down)
            cairo_line_to (cr, x, TRACE_Y (v[f]));
          else
            cairo_move_to (cr, x, TRACE_Y (v[f]));
          pen_down = TRUE;
        }
      cairo_stroke (cr);
    }

#undef TRACE_Y
}

/* magma-like: dark purple through red to pale yellow */
static void
spectro_color (double  v,
               guchar *r,
               guchar *g,
               guchar *b)
{
  static const double stops[][3] = {
    { 0.00, 0.00, 0.02 }, { 0.23, 0.06, 0.44 }, { 0.55, 0.16, 0.51 },
    { 0.87, 0.29, 0.41 }, { 0.99, 0.62, 0.42 }, { 0.99, 0.99, 0.75 },
  };
  double x = CLAMP (v, 0.0, 1.0) * (G_N_ELEMENTS (stops) - 1);
  guint i = MIN ((guint)x, G_N_ELEMENTS (stops) - 2);
  double f = x - i;

  *r = (guchar)(255 * (stops[i][0] + f * (stops[i + 1][0] - stops[i][0])));
  *g = (guchar)(255 * (stops[i][1] + f * (stops[i + 1][1] - stops[i][1])));
  *b = (guchar)(255 * (stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
}

/* Colours the spectrogram once: time across, the highest bin on top, in
 * tiles of SPECTRO_TILE time points (an image surface may not be wider
 * than 32,767 pixels: one hour at 120 fps has 54,000 time points). */
static void
update_spectro_image (GaitTimeline *self)
{
  GaitSpectrogram *spectrogram = self->session ? gait_session_get_spectrogram (self->session) : NULL;
  const double *data;
  guint n_bins;
  gsize n_times;
  double top;

  g_ptr_array_set_size (self->spectro_tiles, 0);
  if (spectrogram == NULL)
    return;

  n_bins = gait_spectrogram_get_n_bins (spectrogram);
  n_times = gait_spectrogram_get_n_times (spectrogram);
  data = gait_spectrogram_get_data (spectrogram, GAIT_SPECTROGRAM_XY);
  if (n_bins == 0 || n_times == 0 || data == NULL)
    return;

  /* the colour range: up to the 99th percentile */
  top = MAX (sampled_percentile (data, (gsize)n_bins * n_times, 0.99, 0), 1e-12);

  for (gsize t0 = 0; t0 < n_times; t0 += SPECTRO_TILE)
    {
      gsize width = MIN (SPECTRO_TILE, n_times - t0);
      cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int)width, (int)n_bins);
      guchar *pixels;
      int stride;

      if (cairo_surface_status (tile) != CAIRO_STATUS_SUCCESS)
        {
          cairo_surface_destroy (tile);
          g_ptr_array_set_size (self->spectro_tiles, 0);
          return;
        }

      cairo_surface_flush (tile);
      pixels = cairo_image_surface_get_data (tile);
      stride = cairo_image_surface_get_stride (tile);
      for (guint k = 0; k < n_bins; k++)
        {
          guint32 *row = (guint32 *)(gpointer)(pixels + (gsize)(n_bins - 1 - k) * stride);
          const double *in = data + (gsize)k * n_times + t0;

          for (gsize t = 0; t < width; t++)
            {
              guchar r, g, b;

              spectro_color (isfinite (in[t]) ? in[t] / top : 0, &r, &g, &b);
              row[t] = ((guint32)r << 16) | ((guint32)g << 8) | b;
            }
        }
      cairo_surface_mark_dirty (tile);
      g_ptr_array_add (self->spectro_tiles, tile);
    }
}

static void
draw_spectrogram_lane (GaitTimeline  *self,
                       cairo_t       *cr,
                       const GdkRGBA *fg)
{
  GaitSpectrogram *spectrogram = gait_session_get_spectrogram (self->session);
  const char *name = gait_session_get_spectrogram_name (self->session);
  double vb = gait_session_get_visible_begin (self->session);
  double ve = gait_session_get_visible_end (self->session);
  static const double ticks[] = { 1, 2, 5, 10, 20, 40 };
  const double *frames, *freqs;
  graphene_rect_t lane;
  gsize n_times;
  guint n_bins;
  double step, f_lo, f_hi;

  if (spectrogram == NULL || self->spectro_tiles->len == 0 ||
      !gait_timeline_get_lane (self, "spectrogram", 0, &lane))
    return;

  n_times = gait_spectrogram_get_n_times (spectrogram);
  n_bins = gait_spectrogram_get_n_bins (spectrogram);
  frames = gait_spectrogram_get_frames (spectrogram);
  freqs = gait_spectrogram_get_frequencies (spectrogram);
  step = n_times > 1 ? frames[1] - frames[0] : 1;

  /* the image: time point t covers frames[t] ± step / 2; bins are
   * log-spaced, so rows of equal height make a log-frequency axis */
  cairo_save (cr);
  cairo_rectangle (cr, lane.origin.x, lane.origin.y, lane.size.width, lane.size.height);
  cairo_clip (cr);
  cairo_translate (cr, gait_timeline_frame_to_x (self, frames[0] - step / 2), lane.origin.y);
  cairo_scale (cr, step * lane.size.width / (ve - vb), lane.size.height / n_bins);
  for (guint i = 0; i < self->spectro_tiles->len; i++)
    {
      cairo_surface_t *tile = g_ptr_array_index (self->spectro_tiles, i);
      double x0 = (double)i * SPECTRO_TILE;

      /* padded, so that tiles meet without a seam */
      cairo_set_source_surface (cr, tile, x0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_rectangle (cr, x0, 0, cairo_image_surface_get_width (tile), n_bins);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  /* the frequency axis in Hz */
  f_lo = freqs[0];
  f_hi = freqs[n_bins - 1];
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 9);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < G_N_ELEMENTS (ticks) && f_hi > f_lo; i++)
    {
      double frac, y;
      char label[32];
      cairo_text_extents_t ext;

      if (ticks[i] < f_lo || ticks[i] > f_hi)
        continue;
      /* bin centres: the lowest at the bottom row's middle */
      frac = log (ticks[i] / f_lo) / log (f_hi / f_lo);
      y = lane.origin.y + lane.size.height - (0.5 + frac * (n_bins - 1)) * lane.size.height / n_bins;
      g_snprintf (label, sizeof label, "%g Hz", ticks[i]);
      cairo_text_extents (cr, label, &ext);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.7);
      cairo_move_to (cr, LABEL_WIDTH - 6 - ext.x_advance, y + 3);
      cairo_show_text (cr, label);
      cairo_move_to (cr, LABEL_WIDTH - 4, round (y) + 0.5);
      cairo_line_to (cr, LABEL_WIDTH, round (y) + 0.5);
      cairo_stroke (cr);
    }

  /* what it is of, over the picture's dark top left corner */
  {
    g_autofree char *title = g_strdup_printf ("%s · %s", C_("timeline lane", "variable-Q spectrogram"),
                                              name ? name : "");

    cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size (cr, 10);
    cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
    cairo_move_to (cr, LABEL_WIDTH + 7, lane.origin.y + 14);
    cairo_show_text (cr, title);
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_move_to (cr, LABEL_WIDTH + 6, lane.origin.y + 13);
    cairo_show_text (cr, title);
  }
}

static void
draw_trace_lanes (GaitTimeline  *self,
                  cairo_t       *cr,
                  const GdkRGBA *fg)
{
  GListModel *traces = G_LIST_MODEL (gait_session_get_traces (self->session));
  double w = gtk_widget_get_width (GTK_WIDGET (self));

  for (guint i = 0; i < g_list_model_get_n_items (traces); i++)
    {
      g_autoptr(GaitTraceItem) item = g_list_model_get_item (traces, i);
      graphene_rect_t lane;
      double r, g, b;

      if (!gait_timeline_get_lane (self, "trace", i, &lane))
        continue;

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.06);
      cairo_rectangle (cr, lane.origin.x, lane.origin.y, lane.size.width, lane.size.height);
      cairo_fill (cr);

      cairo_save (cr);
      cairo_rectangle (cr, LABEL_WIDTH, lane.origin.y, w - LABEL_WIDTH, lane.size.height);
      cairo_clip (cr);
      draw_trace (self, cr, item, &lane);
      cairo_restore (cr);

      /* label: the trace's colour and name, and what the lane shows */
      gait_trace_item_get_color (item, &r, &g, &b);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_rectangle (cr, 8, lane.origin.y + 6, 8, 8);
      cairo_fill (cr);
      cairo_save (cr);
      cairo_rectangle (cr, 0, lane.origin.y, LABEL_WIDTH - 2, lane.size.height);
      cairo_clip (cr);
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 10);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.9);
      cairo_move_to (cr, 20, lane.origin.y + 14);
      cairo_show_text (cr, gait_trace_item_get_name (item));
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.6);
      cairo_move_to (cr, 8, lane.origin.y + 28);
      if (!gait_trace_item_get_ready (item))
        cairo_show_text (cr, C_("timeline lane", "computing…"));
      else if (gait_trace_item_get_kind (item) == GAIT_TRACE_ITEM_LANDMARK)
        cairo_show_text (cr, C_("timeline lane", "speed"));
      else
        cairo_show_text (cr, C_("timeline lane", "intensity"));
      cairo_restore (cr);
    }
}

/* Everything but the playhead: the ruler, each limb's lanes and labels,
 * the traces' lanes; on screen and in exported figures. */
static void
draw_lanes (GaitTimeline  *self,
            cairo_t       *cr,
            const GdkRGBA *fg)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitProfile *profile = recording ? gait_recording_get_profile (recording) : NULL;

  draw_ruler (self, cr, fg);

  for (guint limb = 0; limb < n_limbs (self); limb++)
    {
      graphene_rect_t speed, cwt, cycles;
      double label_y;

      gait_timeline_get_lane (self, "speed", limb, &speed);
      gait_timeline_get_lane (self, "scalogram", limb, &cwt);
      gait_timeline_get_lane (self, "cycles", limb, &cycles);

      /* active limb: where cycles are marked and added */
      if (limb == gait_session_get_limb (self->session))
        {
          cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.12);
          cairo_rectangle (cr, 0, speed.origin.y - LANE_GAP / 2, w,
                           cycles.origin.y + cycles.size.height - speed.origin.y + LANE_GAP);
          cairo_fill (cr);
        }

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.06);
      cairo_rectangle (cr, speed.origin.x, speed.origin.y, speed.size.width, speed.size.height);
      cairo_rectangle (cr, cycles.origin.x, cycles.origin.y, cycles.size.width, cycles.size.height);
      cairo_fill (cr);

      cairo_save (cr);
      cairo_rectangle (cr, LABEL_WIDTH, 0, w - LABEL_WIDTH, h);
      cairo_clip (cr);
      draw_speed (self, cr, limb, &speed, fg);
      draw_scalogram (self, cr, limb, &cwt);
      draw_cycles (self, cr, limb, &cycles);
      cairo_restore (cr);

      /* labels */
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 12);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.9);
      label_y = speed.origin.y + 16;
      cairo_move_to (cr, 8, label_y);
      cairo_show_text (cr, gait_profile_get_limb_name (profile, limb));
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 10);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.6);
      cairo_move_to (cr, 8, label_y + 14);
      cairo_show_text (cr, C_("timeline lane", "speed"));
      cairo_move_to (cr, 8, cwt.origin.y + 14);
      cairo_show_text (cr, C_("timeline lane", "wavelet"));
      cairo_move_to (cr, 8, cycles.origin.y + 17);
      cairo_show_text (cr, C_("timeline lane", "cycles"));
    }

  draw_spectrogram_lane (self, cr, fg);
  draw_trace_lanes (self, cr, fg);
}

/* Draws the lanes straight into pixels: no recording to replay per frame. */
static GdkTexture *
build_static_texture (GaitTimeline *self,
                      int           scale)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  GdkRGBA fg;
  cairo_t *cr;

  get_fg_color (widget, &fg);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int)w * scale, (int)h * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  draw_lanes (self, cr, &fg);

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface),
                                      (GDestroyNotify)cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface),
                                    cairo_image_surface_get_height (surface),
                                    GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));

  return texture;
}

static void
gait_timeline_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GaitTimeline *self = GAIT_TIMELINE (widget);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  double x;

  if (w <= LABEL_WIDTH || h <= 0 || self->session == NULL ||
      gait_session_get_recording (self->session) == NULL)
    return;

  /* The lanes are rendered once into a texture (at the display's scale),
   * so that a playhead move is a blit and a line. */
  if (self->cache == NULL || self->cache_width != (int)w || self->cache_height != (int)h)
    {
      g_clear_object (&self->cache);
      self->cache = build_static_texture (self, gtk_widget_get_scale_factor (widget));
      self->cache_width = (int)w;
      self->cache_height = (int)h;
    }

  if (self->cache != NULL)
    gtk_snapshot_append_texture (snapshot, self->cache, &GRAPHENE_RECT_INIT (0, 0, w, h));

  /* the selected range, or the one being dragged */
  {
    gint64 start, end;
    gboolean selecting = self->drag_mode == DRAG_SELECT;

    if (selecting)
      {
        start = MIN (self->create_start, self->create_end);
        end = MAX (self->create_start, self->create_end);
      }
    if (selecting || gait_session_get_selection (self->session, &start, &end))
      {
        double x0 = MAX (LABEL_WIDTH, gait_timeline_frame_to_x (self, start));
        double x1 = MIN (w, gait_timeline_frame_to_x (self, end));

        if (x1 > x0)
          {
            g_autofree char *text = NULL;
            cairo_t *cr;

            gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.21, 0.52, 0.89, 0.18 },
                                       &GRAPHENE_RECT_INIT (x0, 0, x1 - x0, h));
            gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.21, 0.52, 0.89, 0.9 },
                                       &GRAPHENE_RECT_INIT (x0, 0, 1, h));
            gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.21, 0.52, 0.89, 0.9 },
                                       &GRAPHENE_RECT_INIT (x1 - 1, 0, 1, h));

            /* its length in the ruler */
            if (gait_session_get_fps (self->session) > 0)
              text = g_strdup_printf ("%.3f s", (end - start) / gait_session_get_fps (self->session));
            else
              text = g_strdup_printf ("%" G_GINT64_FORMAT, end - start);
            cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x0, 0, x1 - x0, RULER_HEIGHT));
            cairo_set_font_size (cr, 10);
            cairo_set_source_rgb (cr, 0.1, 0.35, 0.7);
            cairo_move_to (cr, x0 + 3, RULER_HEIGHT - 4);
            cairo_show_text (cr, text);
            cairo_destroy (cr);
          }
      }
  }

  /* a cycle being drawn */
  if (self->drag_mode == DRAG_CREATE)
    {
      graphene_rect_t lane;

      if (gait_timeline_get_lane (self, "cycles", self->drag_limb, &lane))
        {
          double x0 = gait_timeline_frame_to_x (self, MIN (self->create_start, self->create_end));
          double x1 = gait_timeline_frame_to_x (self, MAX (self->create_start, self->create_end));
          GdkRGBA color;

          state_color (GAIT_CYCLE_ADDED, &color);
          color.alpha = 0.5;
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT (x0, lane.origin.y + 2, MAX (1.0, x1 - x0),
                                                          lane.size.height - 4));
        }
    }

  /* the playhead: the video's frame */
  x = gait_timeline_frame_to_x (self, gait_session_get_frame (self->session) + 0.5);
  if (x >= LABEL_WIDTH && x <= w)
    gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.88, 0.11, 0.14, 1 },
                               &GRAPHENE_RECT_INIT (round (x) - 1, 0, 2, h));

  /* pointer position in the ruler */
  if (self->pointer_inside && self->pointer_x > LABEL_WIDTH)
    {
      g_autofree char *text = gait_session_format_frame (self->session,
                                                        (gint64)floor (gait_timeline_x_to_frame (self, self->pointer_x)));
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, RULER_HEIGHT));
      cairo_text_extents_t ext;
      GdkRGBA fg;

      get_fg_color (widget, &fg);
      cairo_set_font_size (cr, 10);
      cairo_text_extents (cr, text, &ext);
      cairo_set_source_rgba (cr, 0.2, 0.2, 0.2, 0.85);
      cairo_rectangle (cr, 2, 2, LABEL_WIDTH - 4, RULER_HEIGHT - 4);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, 5, RULER_HEIGHT / 2 + 4);
      cairo_show_text (cr, text);
      cairo_destroy (cr);
    }
}

static void
gait_timeline_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  GaitTimeline *self = GAIT_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = LABEL_WIDTH + 100;
      *natural = LABEL_WIDTH + 600;
    }
  else
    {
      *minimum = *natural = RULER_HEIGHT + LANE_GAP + MAX (1u, n_limbs (self)) * lane_block_height ()
                            + spectro_height (self) + n_traces (self) * (TRACE_HEIGHT + LANE_GAP);
    }
}

/* Where the pointer is: which limb, which lane. */
static gboolean
hit_lane (GaitTimeline *self,
          double        x,
          double        y,
          guint        *limb,
          const char  **kind)
{
  static const char * const kinds[] = { "speed", "scalogram", "cycles" };

  for (guint l = 0; l < n_limbs (self); l++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        graphene_rect_t area;

        if (gait_timeline_get_lane (self, kinds[k], l, &area) &&
            y >= area.origin.y && y < area.origin.y + area.size.height)
          {
            *limb = l;
            *kind = kinds[k];
            return TRUE;
          }
      }

  return FALSE;
}

/* The annotation of @limb whose boundary is near @x, else the one under it. */
static GaitAnnotation *
annotation_at (GaitTimeline *self,
               guint         limb,
               double        x,
               GaitBoundary *boundary,
               gboolean     *on_boundary)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  const char *limb_name = gait_profile_get_limb_name (gait_recording_get_profile (recording), limb);
  GaitAnnotation *inside = NULL;
  GaitAnnotation *best = NULL;
  double best_dist = HANDLE_SLOP;
  guint n;

  *on_boundary = FALSE;
  if (self->store == NULL)
    return NULL;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GaitAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      const GaitCycle *c = gait_annotation_get_cycle (a);
      double x0, x1;

      if (g_strcmp0 (c->limb, limb_name) != 0)
        continue;

      x0 = gait_timeline_frame_to_x (self, c->start);
      x1 = gait_timeline_frame_to_x (self, c->end);

      if (fabs (x - x0) < best_dist)
        {
          best_dist = fabs (x - x0);
          best = a;
          *boundary = GAIT_BOUNDARY_START;
        }
      if (fabs (x - x1) <= best_dist)
        {
          best_dist = fabs (x - x1);
          best = a;
          *boundary = GAIT_BOUNDARY_END;
        }
      if (x >= x0 && x < x1 && inside == NULL)
        inside = a;
    }

  if (best != NULL)
    {
      *on_boundary = TRUE;
      return best;
    }

  return inside;
}

static void
drag_begin_cb (GaitTimeline   *self,
               double          x,
               double          y,
               GtkGestureDrag *drag)
{
  const char *kind = NULL;
  guint limb = 0;
  gint64 frame;

  if (self->session == NULL || gait_session_get_recording (self->session) == NULL || x < LABEL_WIDTH)
    {
      gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_x = x;
  self->drag_start_y = y;
  frame = (gint64)floor (gait_timeline_x_to_frame (self, x));

  /* Shift: a range, boundaries between frames as for cycles */
  if (gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (drag)) & GDK_SHIFT_MASK)
    {
      self->drag_mode = DRAG_SELECT;
      self->create_start = self->create_end = (gint64)floor (gait_timeline_x_to_frame (self, x) + 0.5);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  if (hit_lane (self, x, y, &limb, &kind))
    gait_session_set_limb (self->session, limb);

  if (kind != NULL && g_str_equal (kind, "cycles"))
    {
      gboolean on_boundary;
      GaitBoundary boundary = GAIT_BOUNDARY_START;
      GaitAnnotation *a = annotation_at (self, limb, x, &boundary, &on_boundary);

      self->drag_limb = limb;

      if (a != NULL && on_boundary)
        {
          self->drag_mode = DRAG_BOUNDARY;
          self->drag_boundary = boundary;
          g_set_object (&self->drag_annotation, a);
          gait_session_set_selected (self->session, a);
          gait_annotation_store_begin_group (self->store);
        }
      else if (a != NULL)
        {
          self->drag_mode = DRAG_NONE;
          gait_session_set_selected (self->session, a);
        }
      else
        {
          self->drag_mode = DRAG_CREATE;
          self->create_start = self->create_end = frame;
        }
      return;
    }

  self->drag_mode = DRAG_SEEK;
  gait_session_seek (self->session, frame);
}

static void
drag_update_cb (GaitTimeline   *self,
                double          dx,
                double          dy,
                GtkGestureDrag *drag)
{
  double x = self->drag_start_x + dx;
  gint64 frame = (gint64)floor (gait_timeline_x_to_frame (self, x) + 0.5);

  switch (self->drag_mode)
    {
    case DRAG_SEEK:
      gait_session_seek (self->session, (gint64)floor (gait_timeline_x_to_frame (self, x)));
      break;

    case DRAG_BOUNDARY:
      /* boundaries sit between frames; snap to the nearest */
      if (gait_annotation_store_move_boundary (self->store, self->drag_annotation,
                                               self->drag_boundary, frame, NULL))
        gait_session_seek (self->session, frame);
      break;

    case DRAG_CREATE:
    case DRAG_SELECT:
      self->create_end = frame;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    case DRAG_NONE:
    default:
      break;
    }
}

static void
drag_end_cb (GaitTimeline   *self,
             double          dx,
             double          dy,
             GtkGestureDrag *drag)
{
  if (self->drag_mode == DRAG_BOUNDARY)
    {
      gait_annotation_store_end_group (self->store);
      g_clear_object (&self->drag_annotation);
    }
  else if (self->drag_mode == DRAG_SELECT)
    {
      /* a Shift+click clears the selection; the session clamps */
      if (self->create_start == self->create_end)
        gait_session_set_selection (self->session, -1, -1);
      else
        gait_session_set_selection (self->session, self->create_start, self->create_end);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (self->drag_mode == DRAG_CREATE)
    {
      gint64 start = MIN (self->create_start, self->create_end);
      gint64 end = MAX (self->create_start, self->create_end);

      if (end - start >= 2 && self->store != NULL)
        {
          GaitRecording *recording = gait_session_get_recording (self->session);
          GaitCycle cycle;
          GaitAnnotation *added;

          gait_cycle_init (&cycle, gait_profile_get_limb_name (gait_recording_get_profile (recording),
                                                               self->drag_limb),
                           start, end);
          cycle.state = GAIT_CYCLE_ADDED;
          if ((added = gait_annotation_store_add (self->store, &cycle, NULL)))
            gait_session_set_selected (self->session, added);
        }
      else
        {
          /* a click on empty lane space seeks */
          gait_session_seek (self->session, self->create_start);
        }
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  self->drag_mode = DRAG_NONE;
}

static gboolean
scroll_cb (GaitTimeline             *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *scroll)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  double vb, ve;

  if (self->session == NULL)
    return FALSE;

  vb = gait_session_get_visible_begin (self->session);
  ve = gait_session_get_visible_end (self->session);

  if (state & GDK_CONTROL_MASK)
    {
      double around = self->pointer_x > LABEL_WIDTH ? gait_timeline_x_to_frame (self, self->pointer_x)
                                                    : (vb + ve) / 2;

      gait_session_zoom (self->session, pow (1.25, -dy), around);
      return TRUE;
    }

  /* vertical wheel pans only with Shift; the page scrolls otherwise */
  if (dx == 0 && !(state & GDK_SHIFT_MASK))
    return FALSE;

  gait_session_set_visible (self->session,
                            vb + (dx != 0 ? dx : dy) * 0.1 * (ve - vb),
                            ve + (dx != 0 ? dx : dy) * 0.1 * (ve - vb));
  return TRUE;
}

static void
motion_cb (GaitTimeline             *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  guint limb;
  const char *kind;
  const char *cursor = NULL;

  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;

  if (self->session != NULL && gait_session_get_recording (self->session) != NULL &&
      hit_lane (self, x, y, &limb, &kind) && g_str_equal (kind, "cycles"))
    {
      gboolean on_boundary;
      GaitBoundary boundary;

      annotation_at (self, limb, x, &boundary, &on_boundary);
      if (on_boundary)
        cursor = "col-resize";
    }

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GaitTimeline             *self,
          GtkEventControllerMotion *motion)
{
  self->pointer_inside = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_recording_changed (GaitTimeline *self)
{
  update_ranges (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  invalidate (self);
}

static void
on_traces_changed (GaitTimeline *self)
{
  invalidate (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
on_spectrogram_changed (GaitTimeline *self)
{
  update_spectro_image (self);
  invalidate (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
on_frame_changed (GaitTimeline *self)
{
  /* only the playhead moves; the lanes are cached */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gait_timeline_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  invalidate (GAIT_TIMELINE (widget));
}

static void
gait_timeline_dispose (GObject *object)
{
  GaitTimeline *self = (GaitTimeline *)object;

  g_clear_object (&self->session_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->drag_annotation);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->cwt_range, g_array_unref);
  g_clear_pointer (&self->speed_top, g_array_unref);
  g_clear_pointer (&self->spectro_tiles, g_ptr_array_unref);

  G_OBJECT_CLASS (gait_timeline_parent_class)->dispose (object);
}

static void
gait_timeline_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GaitTimeline *self = GAIT_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_timeline_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GaitTimeline *self = GAIT_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      gait_timeline_set_session (self, g_value_get_object (value));
      break;

    case PROP_STORE:
      gait_timeline_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_timeline_class_init (GaitTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gait_timeline_dispose;
  object_class->get_property = gait_timeline_get_property;
  object_class->set_property = gait_timeline_set_property;

  widget_class->snapshot = gait_timeline_snapshot;
  widget_class->measure = gait_timeline_measure;
  widget_class->size_allocate = gait_timeline_size_allocate;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         GAIT_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         GAIT_TYPE_ANNOTATION_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "gaittimeline");
}

static void
gait_timeline_init (GaitTimeline *self)
{
  GtkEventController *controller;
  GtkGesture *drag;

  self->cwt_range = g_array_new (FALSE, FALSE, sizeof (double));
  self->speed_top = g_array_new (FALSE, FALSE, sizeof (double));
  self->spectro_tiles = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);

  self->session_signals = g_signal_group_new (GAIT_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::recording",
                                 G_CALLBACK (on_recording_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::frame",
                                 G_CALLBACK (on_frame_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::visible-end",
                                 G_CALLBACK (invalidate), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::visible-begin",
                                 G_CALLBACK (invalidate), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::limb",
                                 G_CALLBACK (invalidate), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::selected",
                                 G_CALLBACK (invalidate), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::selection-end",
                                 G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);

  g_signal_group_connect_object (self->session_signals, "notify::spectrogram",
                                 G_CALLBACK (on_spectrogram_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "traces-changed",
                                 G_CALLBACK (on_traces_changed), self, G_CONNECT_SWAPPED);

  self->store_signals = g_signal_group_new (GAIT_TYPE_ANNOTATION_STORE);
  g_signal_group_connect_object (self->store_signals, "changed",
                                 G_CALLBACK (invalidate), self, G_CONNECT_SWAPPED);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
gait_timeline_new (void)
{
  return g_object_new (GAIT_TYPE_TIMELINE, NULL);
}

/**
 * gait_timeline_get_session:
 * @self: a #GaitTimeline
 *
 * Returns: (transfer none) (nullable): the session shown
 */
GaitSession *
gait_timeline_get_session (GaitTimeline *self)
{
  g_return_val_if_fail (GAIT_IS_TIMELINE (self), NULL);

  return self->session;
}

void
gait_timeline_set_session (GaitTimeline *self,
                           GaitSession  *session)
{
  g_return_if_fail (GAIT_IS_TIMELINE (self));
  g_return_if_fail (!session || GAIT_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  on_recording_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * gait_timeline_get_store:
 * @self: a #GaitTimeline
 *
 * Returns: (transfer none) (nullable): the cycles shown and edited
 */
GaitAnnotationStore *
gait_timeline_get_store (GaitTimeline *self)
{
  g_return_val_if_fail (GAIT_IS_TIMELINE (self), NULL);

  return self->store;
}

void
gait_timeline_set_store (GaitTimeline        *self,
                         GaitAnnotationStore *store)
{
  g_return_if_fail (GAIT_IS_TIMELINE (self));
  g_return_if_fail (!store || GAIT_IS_ANNOTATION_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_signal_group_set_target (self->store_signals, store);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * gait_timeline_draw:
 * @self: a #GaitTimeline
 * @cr: where to draw, in widget coordinates
 * @fg: the colour of text and lines
 *
 * Draws the visible timeline as on screen (without the playhead and the
 * pointer) at the widget's size: for figures, on any Cairo surface.
 */
void
gait_timeline_draw (GaitTimeline  *self,
                    cairo_t       *cr,
                    const GdkRGBA *fg)
{
  g_return_if_fail (GAIT_IS_TIMELINE (self));
  g_return_if_fail (cr != NULL);

  if (self->session == NULL || gait_session_get_recording (self->session) == NULL ||
      gtk_widget_get_width (GTK_WIDGET (self)) <= LABEL_WIDTH)
    return;

  draw_lanes (self, cr, fg);
}
