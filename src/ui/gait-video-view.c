/* gait-video-view.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "gait-video-decoder.h"
#include "gait-video-view.h"

/*
 * The video pane: the frame at the session's cursor, with the tracked
 * landmarks drawn over it. Frames are decoded in a worker thread; one
 * request is in flight at a time, and when it returns the newest wanted
 * frame is asked for, so that playback drops frames instead of lagging.
 *
 * Landmarks: a colour each (legend in the corner), opacity following the
 * likelihood, drawn hollow below the session's cutoff, the profile's
 * skeleton between them, optional trails of the last frames, and the name
 * of the landmark under the pointer. Scroll zooms around the pointer; a
 * drag pans.
 */

#define POINT_RADIUS 5.0
#define HIT_RADIUS   9.0

struct _GaitVideoView
{
  GtkWidget         parent_instance;

  GaitSession      *session;
  GSignalGroup     *session_signals;
  GaitVideoDecoder *decoder;
  GCancellable     *cancellable;

  GdkTexture       *texture;
  gint64            shown_frame;
  gint64            wanted_frame;
  gint64            requested_frame;
  gboolean          in_flight;
  int               output_width;    /* the bounds last given to the decoder */
  int               output_height;

  /* geometry of the picture (or of the landmarks without video) */
  double            content_width;
  double            content_height;
  double            content_x0;
  double            content_y0;

  double            zoom;
  double            pan_x;
  double            pan_y;
  double            drag_pan_x;
  double            drag_pan_y;

  double            pointer_x;
  double            pointer_y;
  int               hover_landmark;

  guint             trail_length;
  gboolean          show_legend;
};

G_DEFINE_FINAL_TYPE (GaitVideoView, gait_video_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SHOWN_FRAME,
  PROP_TRAIL_LENGTH,
  PROP_SHOW_LEGEND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void request_frame (GaitVideoView *self);

/* Pictures no larger than the pane shows them (rounded up, so that a
 * small resize keeps the cache): converting and drawing a full 1080p frame
 * for a pane a third of its size is what makes playback drop frames. */
static void
wanted_output_size (GaitVideoView *self,
                    int           *width,
                    int           *height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  *width = (int)ceil (gtk_widget_get_width (GTK_WIDGET (self)) * scale * self->zoom / 128.0) * 128;
  *height = (int)ceil (gtk_widget_get_height (GTK_WIDGET (self)) * scale * self->zoom / 128.0) * 128;
}

/* The pane was resized or zoomed since the shown picture was asked for:
 * it is shown again at the size that is wanted now, paused too. */
static void
refresh_if_resized (GaitVideoView *self)
{
  int w, h;

  if (self->decoder == NULL)
    return;

  wanted_output_size (self, &w, &h);
  if (w > 0 && h > 0 && (w != self->output_width || h != self->output_height))
    request_frame (self);
}

/* Evenly spaced hues, fully saturated: the landmark colours. */
static void
landmark_color (guint   index,
                guint   n,
                double *r,
                double *g,
                double *b)
{
  double h = fmod (index * 0.61803398875, 1.0) * 6.0;
  double x = 1.0 - fabs (fmod (h, 2.0) - 1.0);

  switch ((int)h)
    {
    case 0: *r = 1; *g = x; *b = 0; break;
    case 1: *r = x; *g = 1; *b = 0; break;
    case 2: *r = 0; *g = 1; *b = x; break;
    case 3: *r = 0; *g = x; *b = 1; break;
    case 4: *r = x; *g = 0; *b = 1; break;
    default: *r = 1; *g = 0; *b = x; break;
    }
}

static GaitTracking *
get_tracking (GaitVideoView *self)
{
  GaitRecording *recording;

  if (self->session == NULL || !(recording = gait_session_get_recording (self->session)))
    return NULL;

  return gait_recording_get_tracking (recording);
}

/* Picture rectangle in widget coordinates: fitted, zoomed, panned. */
static void
get_transform (GaitVideoView *self,
               double        *scale,
               double        *ox,
               double        *oy)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double fit;

  if (self->content_width <= 0 || self->content_height <= 0)
    {
      *scale = 1;
      *ox = *oy = 0;
      return;
    }

  fit = MIN (w / self->content_width, h / self->content_height);
  *scale = fit * self->zoom;
  *ox = (w - self->content_width * *scale) / 2 + self->pan_x - self->content_x0 * *scale;
  *oy = (h - self->content_height * *scale) / 2 + self->pan_y - self->content_y0 * *scale;
}

/* Without video, the landmarks' extent is the picture. */
static void
update_content_size (GaitVideoView *self)
{
  GaitTracking *tracking = get_tracking (self);
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  self->content_x0 = self->content_y0 = 0;
  self->content_width = self->content_height = 0;

  if (self->decoder != NULL)
    {
      self->content_width = gait_video_decoder_get_width (self->decoder);
      self->content_height = gait_video_decoder_get_height (self->decoder);
      return;
    }

  if (tracking == NULL)
    return;

  for (guint lm = 0; lm < gait_tracking_get_n_landmarks (tracking); lm++)
    {
      const double *x = gait_tracking_get_x (tracking, lm);
      const double *y = gait_tracking_get_y (tracking, lm);
      const double *l = gait_tracking_get_likelihood (tracking, lm);

      /* every 7th frame is plenty for an extent */
      for (guint f = 0; f < gait_tracking_get_n_frames (tracking); f += 7)
        if (l[f] >= 0.5 && isfinite (x[f]) && isfinite (y[f]))
          {
            x0 = MIN (x0, x[f]);
            x1 = MAX (x1, x[f]);
            y0 = MIN (y0, y[f]);
            y1 = MAX (y1, y[f]);
          }
    }

  if (x1 > x0 && y1 > y0)
    {
      double margin = 0.05 * MAX (x1 - x0, y1 - y0);

      self->content_x0 = x0 - margin;
      self->content_y0 = y0 - margin;
      self->content_width = x1 - x0 + 2 * margin;
      self->content_height = y1 - y0 + 2 * margin;
    }
}

static void
frame_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GaitVideoView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gint64 frame = self->requested_frame;
  gsize stride = 0;

  bytes = gait_video_decoder_get_frame_finish (GAIT_VIDEO_DECODER (object), result,
                                               &stride, &error);
  /* a request for a recording no longer shown */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (GaitVideoDecoder *)object != self->decoder)
    return;

  self->in_flight = FALSE;

  if (bytes == NULL)
    g_warning ("%s", error->message);
  else
    {
      int width, height;

      g_clear_object (&self->texture);
      /* the pane's size, not the stream's: see request_frame() */
      gait_video_decoder_get_output_size (self->decoder, &width, &height);
      self->texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, stride);
      self->shown_frame = frame;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_FRAME]);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  if (self->wanted_frame != self->shown_frame)
    request_frame (self);
  else
    refresh_if_resized (self);
}

static void
request_frame (GaitVideoView *self)
{
  if (self->decoder == NULL || self->in_flight)
    return;

  if (self->wanted_frame >= gait_video_decoder_get_n_frames (self->decoder))
    {
      /* tracking longer than the video: keep the last picture */
      return;
    }

  /* only between requests, as the decoder asks */
  {
    int w, h;

    wanted_output_size (self, &w, &h);
    if (w > 0 && h > 0)
      {
        gait_video_decoder_set_output_size (self->decoder, w, h);
        self->output_width = w;
        self->output_height = h;
      }
  }

  self->in_flight = TRUE;
  self->requested_frame = self->wanted_frame;
  gait_video_decoder_get_frame_async (self->decoder, self->wanted_frame, self->cancellable,
                                      frame_ready_cb, g_object_ref (self));
}

static void
on_frame_changed (GaitVideoView *self,
                  GParamSpec    *pspec,
                  GaitSession   *session)
{
  self->wanted_frame = gait_session_get_frame (session);

  if (self->decoder != NULL)
    request_frame (self);
  else
    {
      self->shown_frame = self->wanted_frame;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_FRAME]);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_recording_changed (GaitVideoView *self,
                      GParamSpec    *pspec,
                      GaitSession   *session)
{
  GaitRecording *recording = gait_session_get_recording (session);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->in_flight = FALSE;
  self->output_width = self->output_height = 0;

  g_clear_object (&self->texture);
  g_set_object (&self->decoder, (recording ? gait_recording_get_decoder (recording) : NULL));
  self->zoom = 1;
  self->pan_x = self->pan_y = 0;
  self->shown_frame = -1;
  update_content_size (self);
  on_frame_changed (self, NULL, session);
}

static void
draw_overlay (GaitVideoView *self,
              cairo_t       *cr,
              double         scale,
              double         ox,
              double         oy)
{
  GaitTracking *tracking = get_tracking (self);
  GaitRecording *recording = gait_session_get_recording (self->session);
  GaitProfile *profile = recording ? gait_recording_get_profile (recording) : NULL;
  double cutoff = gait_session_get_likelihood_cutoff (self->session);
  gint64 frame = self->decoder ? self->shown_frame : gait_session_get_frame (self->session);
  guint n_landmarks;

  if (tracking == NULL || frame < 0 || frame >= gait_tracking_get_n_frames (tracking))
    return;

  n_landmarks = gait_tracking_get_n_landmarks (tracking);

  /* skeleton */
  if (profile != NULL)
    {
      cairo_set_line_width (cr, 2.0);
      for (guint b = 0; b < gait_profile_get_n_bones (profile); b++)
        {
          const char *from, *to;
          int i, j;

          gait_profile_get_bone (profile, b, &from, &to);
          i = gait_tracking_find_landmark (tracking, from);
          j = gait_tracking_find_landmark (tracking, to);
          if (i < 0 || j < 0 ||
              gait_tracking_get_likelihood (tracking, i)[frame] < cutoff ||
              gait_tracking_get_likelihood (tracking, j)[frame] < cutoff)
            continue;

          cairo_set_source_rgba (cr, 1, 1, 1, 0.6);
          cairo_move_to (cr, ox + gait_tracking_get_x (tracking, i)[frame] * scale,
                             oy + gait_tracking_get_y (tracking, i)[frame] * scale);
          cairo_line_to (cr, ox + gait_tracking_get_x (tracking, j)[frame] * scale,
                             oy + gait_tracking_get_y (tracking, j)[frame] * scale);
          cairo_stroke (cr);
        }
    }

  for (guint lm = 0; lm < n_landmarks; lm++)
    {
      const double *x = gait_tracking_get_x (tracking, lm);
      const double *y = gait_tracking_get_y (tracking, lm);
      const double *l = gait_tracking_get_likelihood (tracking, lm);
      double r, g, b;

      landmark_color (lm, n_landmarks, &r, &g, &b);

      /* trail of the last frames, fading out */
      if (self->trail_length > 0)
        {
          gboolean pen_down = FALSE;

          cairo_set_line_width (cr, 1.5);
          for (gint64 f = MAX (0, frame - (gint64)self->trail_length); f <= frame; f++)
            {
              if (!(l[f] >= cutoff) || !isfinite (x[f]) || !isfinite (y[f]))
                {
                  pen_down = FALSE;
                  continue;
                }
              if (pen_down)
                cairo_line_to (cr, ox + x[f] * scale, oy + y[f] * scale);
              else
                cairo_move_to (cr, ox + x[f] * scale, oy + y[f] * scale);
              pen_down = TRUE;
            }
          cairo_set_source_rgba (cr, r, g, b, 0.5);
          cairo_stroke (cr);
        }

      if (!isfinite (x[frame]) || !isfinite (y[frame]))
        continue;

      cairo_new_path (cr);
      cairo_arc (cr, ox + x[frame] * scale, oy + y[frame] * scale,
                 (int)lm == self->hover_landmark ? POINT_RADIUS + 2 : POINT_RADIUS, 0, 2 * G_PI);

      if (l[frame] >= cutoff)
        {
          cairo_set_source_rgba (cr, r, g, b, 0.35 + 0.65 * CLAMP (l[frame], 0.0, 1.0));
          cairo_fill_preserve (cr);
          cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
          cairo_set_line_width (cr, 1.0);
          cairo_stroke (cr);
        }
      else
        {
          /* under the cutoff: hollow and dim */
          cairo_set_source_rgba (cr, r, g, b, 0.45);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
    }

  /* the hovered landmark's name and likelihood */
  if (self->hover_landmark >= 0 && (guint)self->hover_landmark < n_landmarks)
    {
      g_autofree char *text = g_strdup_printf ("%s  %.2f",
                                               gait_tracking_get_landmark_name (tracking, self->hover_landmark),
                                               gait_tracking_get_likelihood (tracking, self->hover_landmark)[frame]);
      cairo_text_extents_t ext;

      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 13);
      cairo_text_extents (cr, text, &ext);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.75);
      cairo_rectangle (cr, self->pointer_x + 12, self->pointer_y - 22, ext.width + 12, 22);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, self->pointer_x + 18, self->pointer_y - 6);
      cairo_show_text (cr, text);
    }

  /* legend */
  if (self->show_legend)
    {
      double lx = 8, ly = 8, line = 16, width = 0;
      guint shown = MIN (n_landmarks, 24);

      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 11);
      for (guint lm = 0; lm < shown; lm++)
        {
          cairo_text_extents_t ext;

          cairo_text_extents (cr, gait_tracking_get_landmark_name (tracking, lm), &ext);
          width = MAX (width, ext.x_advance);
        }

      cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
      cairo_rectangle (cr, lx, ly, width + 30, shown * line + 8);
      cairo_fill (cr);

      for (guint lm = 0; lm < shown; lm++)
        {
          double r, g, b;

          landmark_color (lm, n_landmarks, &r, &g, &b);
          cairo_set_source_rgb (cr, r, g, b);
          cairo_arc (cr, lx + 10, ly + 10 + lm * line, 4, 0, 2 * G_PI);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_move_to (cr, lx + 20, ly + 14 + lm * line);
          cairo_show_text (cr, gait_tracking_get_landmark_name (tracking, lm));
        }
    }
}

/* Where a trace's marker is in video pixels: a landmark's moves with it. */
static gboolean
trace_position (GaitVideoView *self,
                GaitTraceItem *item,
                double        *vx,
                double        *vy)
{
  if (gait_trace_item_get_kind (item) == GAIT_TRACE_ITEM_LANDMARK)
    {
      GaitTracking *tracking = get_tracking (self);
      gint64 frame = self->decoder ? self->shown_frame : gait_session_get_frame (self->session);
      guint lm = gait_trace_item_get_landmark (item);

      if (tracking == NULL || frame < 0 || frame >= gait_tracking_get_n_frames (tracking) ||
          lm >= gait_tracking_get_n_landmarks (tracking))
        return FALSE;
      *vx = gait_tracking_get_x (tracking, lm)[frame];
      *vy = gait_tracking_get_y (tracking, lm)[frame];
      return isfinite (*vx) && isfinite (*vy);
    }

  /* the centre of the window, as optimap places it (an even size reaches
   * one pixel further up and left) */
  *vx = gait_trace_item_get_pixel_x (item) + 0.5;
  *vy = gait_trace_item_get_pixel_y (item) + 0.5;
  if (gait_trace_item_get_window (item) == GAIT_TRACE_WINDOW_RECT && gait_trace_item_get_size (item) % 2 == 0)
    {
      *vx -= 0.5;
      *vy -= 0.5;
    }
  return TRUE;
}

static void
draw_trace_markers (GaitVideoView *self,
                    cairo_t       *cr,
                    double         scale,
                    double         ox,
                    double         oy)
{
  GListModel *traces = G_LIST_MODEL (gait_session_get_traces (self->session));

  for (guint i = 0; i < g_list_model_get_n_items (traces); i++)
    {
      g_autoptr(GaitTraceItem) item = g_list_model_get_item (traces, i);
      double r, g, b, vx, vy, cx, cy, half;

      if (!trace_position (self, item, &vx, &vy))
        continue;

      gait_trace_item_get_color (item, &r, &g, &b);
      cx = ox + vx * scale;
      cy = oy + vy * scale;
      half = MAX (3.0, gait_trace_item_get_size (item) * scale / 2);

      cairo_set_line_width (cr, 2.0);
      switch (gait_trace_item_get_kind (item) == GAIT_TRACE_ITEM_LANDMARK ? -1 : (int)gait_trace_item_get_window (item))
        {
        case GAIT_TRACE_WINDOW_RECT:
          cairo_rectangle (cr, cx - half, cy - half, 2 * half, 2 * half);
          break;

        case GAIT_TRACE_WINDOW_DISC:
          cairo_new_sub_path (cr);
          cairo_arc (cr, cx, cy, half, 0, 2 * G_PI);
          break;

        case GAIT_TRACE_WINDOW_PIXEL:
          cairo_move_to (cr, cx - 6, cy);
          cairo_line_to (cr, cx + 6, cy);
          cairo_move_to (cr, cx, cy - 6);
          cairo_line_to (cr, cx, cy + 6);
          break;

        default:
          /* a ring around the landmark's point */
          cairo_new_sub_path (cr);
          cairo_arc (cr, cx, cy, POINT_RADIUS + 5, 0, 2 * G_PI);
          break;
        }
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_set_line_width (cr, 4.0);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }
}

static void
gait_video_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  GaitVideoView *self = GAIT_VIDEO_VIEW (widget);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  double scale, ox, oy;
  cairo_t *cr;

  if (w <= 0 || h <= 0 || self->session == NULL)
    return;

  get_transform (self, &scale, &ox, &oy);

  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture,
                                 &GRAPHENE_RECT_INIT (ox + self->content_x0 * scale,
                                                      oy + self->content_y0 * scale,
                                                      self->content_width * scale,
                                                      self->content_height * scale));

  if (get_tracking (self) == NULL)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
      draw_trace_markers (self, cr, scale, ox, oy);
      cairo_destroy (cr);
      return;
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  draw_overlay (self, cr, scale, ox, oy);
  draw_trace_markers (self, cr, scale, ox, oy);
  cairo_destroy (cr);
}

static int
landmark_at (GaitVideoView *self,
             double         px,
             double         py)
{
  GaitTracking *tracking = get_tracking (self);
  gint64 frame = self->decoder ? self->shown_frame : gait_session_get_frame (self->session);
  double scale, ox, oy, best = HIT_RADIUS * HIT_RADIUS;
  int found = -1;

  if (tracking == NULL || frame < 0 || frame >= gait_tracking_get_n_frames (tracking))
    return -1;

  get_transform (self, &scale, &ox, &oy);

  for (guint lm = 0; lm < gait_tracking_get_n_landmarks (tracking); lm++)
    {
      double dx = ox + gait_tracking_get_x (tracking, lm)[frame] * scale - px;
      double dy = oy + gait_tracking_get_y (tracking, lm)[frame] * scale - py;

      if (dx * dx + dy * dy < best)
        {
          best = dx * dx + dy * dy;
          found = lm;
        }
    }

  return found;
}

static void
widget_to_video (GaitVideoView *self,
                 double         px,
                 double         py,
                 double        *vx,
                 double        *vy)
{
  double scale, ox, oy;

  get_transform (self, &scale, &ox, &oy);
  *vx = (px - ox) / scale;
  *vy = (py - oy) / scale;
}

/* A click adds a trace there; the window decides which kind. */
static void
click_released_cb (GaitVideoView   *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *click)
{
  double vx, vy;

  /* a double click adds one trace, not two */
  if (n_press != 1 || self->session == NULL || gait_session_get_recording (self->session) == NULL)
    return;

  widget_to_video (self, x, y, &vx, &vy);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.add-trace", "(dds)", vx, vy, "auto");
}

/* A right-click on a trace's marker removes it. */
static void
secondary_pressed_cb (GaitVideoView   *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *click)
{
  int found;

  if (self->session == NULL)
    return;

  found = gait_video_view_trace_at (self, x, y);
  if (found >= 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.remove-trace", "i", found);
      gtk_gesture_set_state (GTK_GESTURE (click), GTK_EVENT_SEQUENCE_CLAIMED);
    }
}

static void
motion_cb (GaitVideoView            *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  int hover;

  self->pointer_x = x;
  self->pointer_y = y;
  hover = landmark_at (self, x, y);
  if (hover != self->hover_landmark || hover >= 0)
    {
      self->hover_landmark = hover;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GaitVideoView            *self,
          GtkEventControllerMotion *motion)
{
  if (self->hover_landmark >= 0)
    {
      self->hover_landmark = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gboolean
scroll_cb (GaitVideoView            *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *scroll)
{
  double factor = dy < 0 ? 1.25 : 1 / 1.25;
  double old_zoom = self->zoom;
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double cx, cy;

  if (dy == 0)
    return FALSE;

  self->zoom = CLAMP (self->zoom * factor, 1.0, 32.0);
  if (self->zoom == 1.0)
    {
      self->pan_x = self->pan_y = 0;
    }
  else
    {
      /* keep the point under the pointer in place */
      cx = self->pointer_x - w / 2 - self->pan_x;
      cy = self->pointer_y - h / 2 - self->pan_y;
      self->pan_x -= cx * (self->zoom / old_zoom - 1);
      self->pan_y -= cy * (self->zoom / old_zoom - 1);
    }

  refresh_if_resized (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
drag_begin_cb (GaitVideoView  *self,
               double          x,
               double          y,
               GtkGestureDrag *drag)
{
  self->drag_pan_x = self->pan_x;
  self->drag_pan_y = self->pan_y;
}

static void
drag_update_cb (GaitVideoView  *self,
                double          dx,
                double          dy,
                GtkGestureDrag *drag)
{
  if (self->zoom <= 1.0)
    return;

  self->pan_x = self->drag_pan_x + dx;
  self->pan_y = self->drag_pan_y + dy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gait_video_view_dispose (GObject *object)
{
  GaitVideoView *self = (GaitVideoView *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->decoder);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (gait_video_view_parent_class)->dispose (object);
}

static void
gait_video_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GaitVideoView *self = GAIT_VIDEO_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_SHOWN_FRAME:
      g_value_set_int64 (value, self->shown_frame);
      break;

    case PROP_TRAIL_LENGTH:
      g_value_set_uint (value, self->trail_length);
      break;

    case PROP_SHOW_LEGEND:
      g_value_set_boolean (value, self->show_legend);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_video_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GaitVideoView *self = GAIT_VIDEO_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      gait_video_view_set_session (self, g_value_get_object (value));
      break;

    case PROP_TRAIL_LENGTH:
      gait_video_view_set_trail_length (self, g_value_get_uint (value));
      break;

    case PROP_SHOW_LEGEND:
      gait_video_view_set_show_legend (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_video_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  refresh_if_resized (GAIT_VIDEO_VIEW (widget));
}

static void
gait_video_view_class_init (GaitVideoViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gait_video_view_dispose;
  object_class->get_property = gait_video_view_get_property;
  object_class->set_property = gait_video_view_set_property;

  widget_class->snapshot = gait_video_view_snapshot;
  widget_class->size_allocate = gait_video_view_size_allocate;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         GAIT_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOWN_FRAME] =
    g_param_spec_int64 ("shown-frame", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_TRAIL_LENGTH] =
    g_param_spec_uint ("trail-length", NULL, NULL,
                       0, 1000, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_LEGEND] =
    g_param_spec_boolean ("show-legend", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "gaitvideoview");
}

static void
gait_video_view_init (GaitVideoView *self)
{
  GtkEventController *controller;
  GtkGesture *drag;
  GtkGesture *click;

  self->zoom = 1;
  self->hover_landmark = -1;
  self->shown_frame = -1;
  self->show_legend = TRUE;
  self->cancellable = g_cancellable_new ();

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  self->session_signals = g_signal_group_new (GAIT_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::frame",
                                 G_CALLBACK (on_frame_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::recording",
                                 G_CALLBACK (on_recording_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::likelihood-cutoff",
                                 G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "traces-changed",
                                 G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
gait_video_view_new (void)
{
  return g_object_new (GAIT_TYPE_VIDEO_VIEW, NULL);
}

/**
 * gait_video_view_get_session:
 * @self: a #GaitVideoView
 *
 * Returns: (transfer none) (nullable): the session shown
 */
GaitSession *
gait_video_view_get_session (GaitVideoView *self)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_VIEW (self), NULL);

  return self->session;
}

void
gait_video_view_set_session (GaitVideoView *self,
                             GaitSession   *session)
{
  g_return_if_fail (GAIT_IS_VIDEO_VIEW (self));
  g_return_if_fail (!session || GAIT_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_signal_group_set_target (self->session_signals, session);
  if (session != NULL)
    on_recording_changed (self, NULL, session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * gait_video_view_get_shown_frame:
 * @self: a #GaitVideoView
 *
 * Returns: the frame on screen (the decoder may still be catching up with
 *   the session's frame), or -1 before the first
 */
gint64
gait_video_view_get_shown_frame (GaitVideoView *self)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_VIEW (self), -1);

  return self->shown_frame;
}

guint
gait_video_view_get_trail_length (GaitVideoView *self)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_VIEW (self), 0);

  return self->trail_length;
}

/**
 * gait_video_view_set_trail_length:
 * @self: a #GaitVideoView
 * @frames: how many past frames each landmark's trail shows; 0 for none
 */
void
gait_video_view_set_trail_length (GaitVideoView *self,
                                  guint          frames)
{
  g_return_if_fail (GAIT_IS_VIDEO_VIEW (self));

  if (frames == self->trail_length)
    return;

  self->trail_length = frames;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAIL_LENGTH]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
gait_video_view_get_show_legend (GaitVideoView *self)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_VIEW (self), FALSE);

  return self->show_legend;
}

void
gait_video_view_set_show_legend (GaitVideoView *self,
                                 gboolean       show)
{
  g_return_if_fail (GAIT_IS_VIDEO_VIEW (self));

  show = !!show;
  if (show == self->show_legend)
    return;

  self->show_legend = show;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LEGEND]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * gait_video_view_landmark_near:
 * @self: a #GaitVideoView
 * @x: x in video pixels
 * @y: y in video pixels
 *
 * Which tracked landmark is within the hover's hit radius (on screen, at
 * the current zoom) of a point in the shown frame.
 *
 * Returns: the landmark, or -1
 */
int
gait_video_view_landmark_near (GaitVideoView *self,
                               double         x,
                               double         y)
{
  double scale, ox, oy;

  g_return_val_if_fail (GAIT_IS_VIDEO_VIEW (self), -1);

  if (self->session == NULL)
    return -1;

  get_transform (self, &scale, &ox, &oy);
  return landmark_at (self, ox + x * scale, oy + y * scale);
}

/**
 * gait_video_view_trace_at:
 * @self: a #GaitVideoView
 * @x: x in widget coordinates
 * @y: y in widget coordinates
 *
 * Returns: the index of the trace whose marker is under the point (the
 *   nearest within the hit radius or inside its window), or -1
 */
int
gait_video_view_trace_at (GaitVideoView *self,
                          double         x,
                          double         y)
{
  GListModel *traces;
  double scale, ox, oy, best = G_MAXDOUBLE;
  int found = -1;

  g_return_val_if_fail (GAIT_IS_VIDEO_VIEW (self), -1);

  if (self->session == NULL)
    return -1;

  traces = G_LIST_MODEL (gait_session_get_traces (self->session));
  get_transform (self, &scale, &ox, &oy);

  for (guint i = 0; i < g_list_model_get_n_items (traces); i++)
    {
      g_autoptr(GaitTraceItem) item = g_list_model_get_item (traces, i);
      double vx, vy, dx, dy, reach;

      if (!trace_position (self, item, &vx, &vy))
        continue;

      dx = ox + vx * scale - x;
      dy = oy + vy * scale - y;
      reach = MAX ((double)HIT_RADIUS, gait_trace_item_get_size (item) * scale / 2 + 2);
      if (dx * dx + dy * dy <= reach * reach && dx * dx + dy * dy < best)
        {
          best = dx * dx + dy * dy;
          found = i;
        }
    }

  return found;
}

/**
 * gait_video_view_get_content_size:
 * @self: a #GaitVideoView
 * @width: (out): the picture's width in video pixels
 * @height: (out): its height
 *
 * Returns: %TRUE if there is a picture (a video, or landmarks to show)
 */
gboolean
gait_video_view_get_content_size (GaitVideoView *self,
                                  double        *width,
                                  double        *height)
{
  g_return_val_if_fail (GAIT_IS_VIDEO_VIEW (self), FALSE);

  *width = self->content_width;
  *height = self->content_height;

  return self->content_width > 0 && self->content_height > 0 && self->session != NULL;
}

/**
 * gait_video_view_draw_frame:
 * @self: a #GaitVideoView
 * @cr: where to draw
 * @scale: output units per video pixel
 * @picture: (nullable): the shown frame at a larger size than the pane's
 *   (the video's own), or %NULL for the pane's picture
 *
 * Draws the shown frame with the landmarks and the traces' markers, not
 * zoomed, its top left corner at the origin: for figures.
 */
void
gait_video_view_draw_frame (GaitVideoView *self,
                            cairo_t       *cr,
                            double         scale,
                            GdkTexture    *picture)
{
  double ox, oy;
  int hover;

  g_return_if_fail (GAIT_IS_VIDEO_VIEW (self));

  if (self->session == NULL || self->content_width <= 0)
    return;

  ox = -self->content_x0 * scale;
  oy = -self->content_y0 * scale;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, self->content_width * scale, self->content_height * scale);
  cairo_clip (cr);

  if (picture == NULL)
    picture = self->texture;

  if (picture != NULL)
    {
      int tw = gdk_texture_get_width (picture);
      int th = gdk_texture_get_height (picture);
      cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, tw, th);

      cairo_surface_flush (image);
      gdk_texture_download (picture, cairo_image_surface_get_data (image),
                            cairo_image_surface_get_stride (image));
      cairo_surface_mark_dirty (image);

      cairo_save (cr);
      cairo_translate (cr, ox + self->content_x0 * scale, oy + self->content_y0 * scale);
      cairo_scale (cr, self->content_width * scale / tw, self->content_height * scale / th);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (image);
    }

  /* no hover label in a figure */
  hover = self->hover_landmark;
  self->hover_landmark = -1;
  if (get_tracking (self) != NULL)
    draw_overlay (self, cr, scale, ox, oy);
  self->hover_landmark = hover;
  draw_trace_markers (self, cr, scale, ox, oy);
  cairo_restore (cr);
}
