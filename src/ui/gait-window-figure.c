/* gait-window-figure.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>

#include "gait-window-private.h"

/*
 * Figures: the visible timeline, optionally under the video frame at the
 * cursor, drawn by the same code as on screen onto a Cairo PNG, SVG or
 * PDF surface (by the file's extension), black on white, with the time
 * axis titled. PNG is drawn at three times the on-screen size.
 */

#define PNG_SCALE 3.0
#define MARGIN    12.0
#define GAP       10.0

typedef enum
{
  FIGURE_PNG,
  FIGURE_SVG,
  FIGURE_PDF,
} FigureFormat;

static gboolean
format_for_path (const char   *path,
                 FigureFormat *format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    *format = FIGURE_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = FIGURE_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = FIGURE_PDF;
  else
    return FALSE;

  return TRUE;
}

/* The shown frame at the video's own size: the pane holds a picture no
 * larger than it shows (a third of a 1080p frame, say), too coarse for a
 * figure. NULL without a video, or if it cannot be decoded (the pane's
 * picture is drawn then). */
static GdkTexture *
full_size_frame (GaitWindow *self)
{
  GaitRecording *recording = gait_session_get_recording (self->session);
  const char *video = recording ? gait_recording_get_video_path (recording) : NULL;
  gint64 frame = gait_video_view_get_shown_frame (self->video_view);
  g_autoptr(GaitVideoDecoder) decoder = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize stride = 0;

  if (video == NULL || frame < 0)
    return NULL;

  /* its own decoder: the pane's keeps its size and its cache */
  if (!(decoder = gait_video_decoder_new (video, &error)) ||
      !(bytes = gait_video_decoder_get_frame (decoder, frame, &stride, &error)))
    {
      g_debug ("The figure shows the pane's picture: %s", error->message);
      return NULL;
    }

  return gdk_memory_texture_new (gait_video_decoder_get_width (decoder),
                                 gait_video_decoder_get_height (decoder),
                                 GDK_MEMORY_R8G8B8A8, bytes, stride);
}

static void
draw_figure (GaitWindow *self,
             cairo_t    *cr,
             double      width,
             double      frame_height,
             double      frame_scale,
             double      timeline_height)
{
  static const GdkRGBA black = { 0, 0, 0, 1 };
  GaitSession *session = self->session;
  double fps = gait_session_get_fps (session);
  double y = MARGIN;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  if (frame_height > 0)
    {
      g_autoptr(GdkTexture) picture = full_size_frame (self);
      double vw, vh;

      gait_video_view_get_content_size (self->video_view, &vw, &vh);
      cairo_save (cr);
      cairo_translate (cr, (width - vw * frame_scale) / 2, y);
      gait_video_view_draw_frame (self->video_view, cr, frame_scale, picture);
      cairo_restore (cr);
      y += frame_height + GAP;
    }

  cairo_save (cr);
  cairo_translate (cr, MARGIN, y);
  gait_timeline_draw (self->timeline, cr, &black);

  /* the time axis' title, in the ruler's label column */
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 10);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 4, 18);
  cairo_show_text (cr, fps > 0 ? C_("figure axis", "time (s)") : C_("figure axis", "frame"));

  /* with the frame: where it is on the timeline */
  if (frame_height > 0)
    {
      double x = gait_timeline_frame_to_x (self->timeline, gait_session_get_frame (session) + 0.5);

      cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, timeline_height);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/**
 * _gait_window_export_figure:
 * @self: a #GaitWindow
 * @path: a .png, .svg or .pdf file
 * @with_frame: whether the video frame at the cursor goes above the timeline
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the figure was written
 */
gboolean
_gait_window_export_figure (GaitWindow  *self,
                            const char  *path,
                            gboolean     with_frame,
                            GError     **error)
{
  double tw = gtk_widget_get_width (GTK_WIDGET (self->timeline));
  double th = gtk_widget_get_height (GTK_WIDGET (self->timeline));
  double width = tw + 2 * MARGIN, height, frame_height = 0, frame_scale = 1, vw, vh;
  cairo_surface_t *surface;
  cairo_status_t status;
  FigureFormat format;
  cairo_t *cr;

  if (!format_for_path (path, &format))
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s”: a figure is a .png, .svg or .pdf file"), name);
      return FALSE;
    }

  if (gait_session_get_recording (self->session) == NULL || tw <= 0 || th <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("There is no timeline to draw"));
      return FALSE;
    }

  if (with_frame && gait_video_view_get_content_size (self->video_view, &vw, &vh))
    {
      /* the frame as wide as the timeline, at most as high as wide / 2 */
      frame_scale = MIN (tw / vw, tw / 2 / vh);
      frame_height = vh * frame_scale;
    }

  height = MARGIN + (frame_height > 0 ? frame_height + GAP : 0) + th + MARGIN;

  switch (format)
    {
    case FIGURE_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      break;

    case FIGURE_PDF:
      surface = cairo_pdf_surface_create (path, width, height);
      break;

    case FIGURE_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int)ceil (width * PNG_SCALE),
                                            (int)ceil (height * PNG_SCALE));
      break;
    }

  cr = cairo_create (surface);
  if (format == FIGURE_PNG)
    cairo_scale (cr, PNG_SCALE, PNG_SCALE);
  draw_figure (self, cr, width, frame_height, frame_scale, th);
  cairo_destroy (cr);

  if (format == FIGURE_PNG)
    status = cairo_surface_write_to_png (surface, path);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The figure could not be written to “%s”: %s"), name, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

static void
export_figure_to (GaitWindow *self,
                  const char *path,
                  gpointer    with_frame)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  if (_gait_window_export_figure (self, path, GPOINTER_TO_INT (with_frame), &error))
    _gait_window_toast (self, _("Figure exported to %s"), name);
  else
    _gait_window_toast (self, "%s", error->message);
}

/* win.export-figure('PATH') and win.export-figure-frame('PATH'): the
 * visible timeline (under the video frame at the cursor); an empty path
 * asks where */
void
_gait_window_export_figure_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  gboolean with_frame = g_str_equal (action_name, "win.export-figure-frame");

  gtk_file_filter_set_name (filter, _("PDF, SVG or PNG"));
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_filter_add_suffix (filter, "svg");
  gtk_file_filter_add_suffix (filter, "png");
  _gait_window_export_to (GAIT_WINDOW (widget), g_variant_get_string (param, NULL),
                          _("Export Figure"), "-figure.pdf", filter,
                          export_figure_to, GINT_TO_POINTER (with_frame));
}
