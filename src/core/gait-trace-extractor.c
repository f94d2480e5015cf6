/* gait-trace-extractor.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libavutil/pixdesc.h>
#include <libavutil/rational.h>
#include <libswscale/swscale.h>

#include "gait-error.h"
#include "gait-ffmpeg-private.h"
#include "gait-trace.h"
#include "gait-trace-extractor.h"

/**
 * GaitTraceExtractor:
 *
 * Pixel-intensity traces of chosen positions over a whole video, in one
 * decoding pass.
 *
 * A trace is the mean grey value of a window of pixels around a position,
 * in every frame, as optimap's `extract_traces()` computes it from a video
 * held as an array `video[frame, row, column]`:
 *
 * - Positions are (x, y) = (column, row) of a pixel, from (0, 0) at the
 *   top left, as DeepLabCut and the pictures of #GaitVideoDecoder count
 *   them. optimap's documentation calls the same pair "(y, x)", but its
 *   code reads `video[:, y, x]` with the first number as the column: the
 *   pixel is the same. Both numbers must lie inside the picture.
 * - %GAIT_TRACE_WINDOW_RECT of size s covers columns x − ⌊s/2⌋ … x +
 *   ⌊s/2⌋ + (s mod 2) − 1 and the same rows around y: s × s pixels, and for
 *   an even s one pixel more above and left of the position than below and
 *   right.
 * - %GAIT_TRACE_WINDOW_DISC of size s covers the pixels (c, r) with
 *   (c − x)² + (r − y)² ≤ (s/2)²: centred on the pixel, for any s.
 * - %GAIT_TRACE_WINDOW_PIXEL, and any window of size 0 or 1, is the pixel
 *   at the position alone.
 * - Windows are clipped at the picture's border: the mean is over the
 *   pixels inside.
 *
 * ## Grey values
 *
 * optimap works on single-channel pictures; a video's grey value here is
 * the luma (Y′) of the decoded picture, read straight from the decoder's
 * own pixel format: no conversion, no rounding. It is in 8-bit code
 * values (0–255); deeper formats are divided by 2^(depth − 8), so that a
 * 10-bit 940 is 235. For full-range ("JPEG") video, such as MJPEG, this is
 * byte for byte what `ffmpeg -i VIDEO -pix_fmt gray` writes, so optimap
 * given that greyscale video would get the same traces. For limited-range
 * video (most H.264 and MPEG-4), Y′ is kept as coded, 16 for black and 235
 * for white: `-pix_fmt gray` instead stretches each pixel to
 * round((Y′ − 16) × 255 / 219) and clips it to 0–255, which loses the
 * "blacker than black" and "whiter than white" pixels that such video
 * often holds; a trace here is linear in the pixels, so such a stretch
 * can be applied to it afterwards if wanted.
 *
 * Pictures without luma (RGB, palette, Bayer and similar formats) are
 * converted to grey with libswscale as `-pix_fmt gray` does (BT.601 luma
 * of the RGB values); only then is the whole picture converted.
 *
 * ## Frames
 *
 * Frames are numbered from 0 in the order the decoder outputs them when
 * the file is decoded from its start: frame N is what `ffmpeg -i VIDEO
 * -vf "select=eq(n\,N)"` selects, the numbering of #GaitVideoDecoder. A
 * trace has one value per decoded frame. The picture's coded orientation
 * is used; rotation metadata is ignored, as #GaitVideoDecoder does.
 *
 * ## Running
 *
 * gait_trace_extractor_run_async() decodes in a worker thread and updates
 * #GaitTraceExtractor:fraction on the calling thread's main context, at
 * most ten times a second; cancelling stops it within a frame. The file is
 * opened afresh for every run, so an extractor can be run again.
 */

#define PROGRESS_INTERVAL_US  (G_USEC_PER_SEC / 10)
#define MAX_DECODE_ERRORS     1000

typedef struct
{
  int dy;
  int dx0;
  int dx1;   /* exclusive */
} Offset;

typedef struct
{
  int y;
  int x0;
  int x1;   /* exclusive */
} Span;

typedef struct
{
  char            *name;
  int              x;
  int              y;
  GaitTraceWindow  window;
  guint            size;
  GArray          *offsets;   /* of Offset, relative to (x, y) */
} TraceSpec;

struct _GaitTraceExtractor
{
  GObject     parent_instance;

  /* Set when opening, then immutable */
  char       *path;
  int         width;
  int         height;
  int         rate_num;
  int         rate_den;
  gint64      n_frames_estimate;   /* 0 if unknown */

  /* Changed only on the thread that created the extractor */
  GPtrArray  *specs;               /* of TraceSpec */
  double      fraction;
  guint       generation;
  gboolean    running;

  /* Between the worker and the main context */
  GMutex      mutex;
  double      pending_fraction;
  guint       pending_generation;
  gboolean    notify_scheduled;
};

G_DEFINE_FINAL_TYPE (GaitTraceExtractor, gait_trace_extractor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
trace_spec_free (gpointer data)
{
  TraceSpec *spec = data;

  g_free (spec->name);
  g_array_unref (spec->offsets);
  g_free (spec);
}

static void
gait_trace_extractor_finalize (GObject *object)
{
  GaitTraceExtractor *self = (GaitTraceExtractor *)object;

  g_clear_pointer (&self->specs, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (gait_trace_extractor_parent_class)->finalize (object);
}

static void
gait_trace_extractor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GaitTraceExtractor *self = GAIT_TRACE_EXTRACTOR (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_trace_extractor_class_init (GaitTraceExtractorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gait_trace_extractor_finalize;
  object_class->get_property = gait_trace_extractor_get_property;

  /**
   * GaitTraceExtractor:path:
   *
   * The video file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GaitTraceExtractor:fraction:
   *
   * How much of the video the current or last run has read, from 0 to 1.
   * Notified on the main context of the thread that started the run, at
   * most ten times a second; it is 1 when a run has succeeded.
   */
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gait_trace_extractor_init (GaitTraceExtractor *self)
{
  g_mutex_init (&self->mutex);
  self->specs = g_ptr_array_new_with_free_func (trace_spec_free);
  self->rate_den = 1;
}

/**
 * gait_trace_extractor_new:
 * @path: a video file
 * @error: return location for a #GError
 *
 * Opens @path to learn the size and frame rate of its video; no trace yet.
 * Only local files are read: @path is never taken for a URL.
 *
 * Returns: (transfer full) (nullable): a new extractor, or %NULL with
 *   @error set to %GAIT_ERROR_VIDEO, naming the file
 */
GaitTraceExtractor *
gait_trace_extractor_new (const char  *path,
                          GError     **error)
{
  g_autoptr(GaitTraceExtractor) self = NULL;
  g_autoptr(AVFormatContext) format = NULL;
  const AVCodec *codec = NULL;
  const AVStream *stream;
  int index;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  format = _gait_ffmpeg_open_input (path, error);
  if (format == NULL)
    return NULL;

  index = _gait_ffmpeg_find_video_stream (format, path, &codec, error);
  if (index < 0)
    return NULL;

  self = g_object_new (GAIT_TYPE_TRACE_EXTRACTOR, NULL);
  self->path = g_strdup (path);

  stream = format->streams[index];
  self->width = stream->codecpar->width;
  self->height = stream->codecpar->height;
  if (self->width <= 0 || self->height <= 0)
    {
      _gait_ffmpeg_set_video_error (error, path, "The video of “%s” has no valid picture size");
      return NULL;
    }

  /* The rate GaitVideoDecoder and gait_media_probe() report */
  _gait_ffmpeg_stream_rate (stream, &self->rate_num, &self->rate_den);

  /* Only for the progress fraction */
  if (stream->nb_frames > 0)
    self->n_frames_estimate = stream->nb_frames;
  else if (stream->duration > 0 && self->rate_num > 0)
    self->n_frames_estimate = av_rescale_q (stream->duration, stream->time_base,
                                            av_make_q (self->rate_den, self->rate_num));
  else if (format->duration > 0 && self->rate_num > 0)
    self->n_frames_estimate = av_rescale_q (format->duration, AV_TIME_BASE_Q,
                                            av_make_q (self->rate_den, self->rate_num));

  return g_steal_pointer (&self);
}

/* Windows */

static void
add_offset (GArray *offsets,
            int     dy,
            int     dx0,
            int     dx1)
{
  Offset offset = { dy, dx0, dx1 };

  g_array_append_val (offsets, offset);
}

/* optimap's masks, as rows of pixels relative to the position */
static GArray *
window_offsets (GaitTraceWindow window,
                guint           size)
{
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (Offset));

  if (window == GAIT_TRACE_WINDOW_PIXEL || size <= 1)
    {
      add_offset (offsets, 0, 0, 1);
    }
  else if (window == GAIT_TRACE_WINDOW_RECT)
    {
      /* video[:, x - size//2 : x + size//2 + size%2] in both axes */
      int lo = -(int)(size / 2);
      int hi = (int)(size / 2 + size % 2);

      for (int dy = lo; dy < hi; dy++)
        add_offset (offsets, dy, lo, hi);
    }
  else
    {
      /* disc_mask(): dx² + dy² <= (size / 2)², that is 4 (dx² + dy²) <= size² */
      gint64 size2 = (gint64)size * size;
      int reach = (int)(size / 2);

      for (int dy = -reach; dy <= reach; dy++)
        {
          gint64 rest = size2 - 4 * (gint64)dy * dy;
          int dx = (int)floor (sqrt ((double)rest) / 2.0);

          /* The largest dx with 4 dx² <= rest, exactly */
          while (dx > 0 && 4 * (gint64)dx * dx > rest)
            dx--;
          while (4 * (gint64)(dx + 1) * (dx + 1) <= rest)
            dx++;

          add_offset (offsets, dy, -dx, dx + 1);
        }
    }

  return offsets;
}

/**
 * gait_trace_extractor_add:
 * @self: a #GaitTraceExtractor
 * @name: (nullable): the trace's name, or %NULL for one made from the
 *   position and window, such as "x120_y45_rect5"
 * @x: column of the position, from 0 at the left
 * @y: row of the position, from 0 at the top
 * @window: which pixels around the position to average
 * @size: the window's size in pixels (side or diameter); 0 and 1 mean the
 *   pixel alone
 * @error: return location for a #GError
 *
 * Adds a trace to extract on the next run. Not while a run is under way.
 *
 * Returns: %TRUE, or %FALSE with @error set to
 *   %GAIT_ERROR_INVALID_ARGUMENT if the position is outside the picture
 *   (the message names the file and the picture size)
 */
gboolean
gait_trace_extractor_add (GaitTraceExtractor  *self,
                          const char          *name,
                          int                  x,
                          int                  y,
                          GaitTraceWindow      window,
                          guint                size,
                          GError             **error)
{
  TraceSpec *spec;

  g_return_val_if_fail (GAIT_IS_TRACE_EXTRACTOR (self), FALSE);
  g_return_val_if_fail (window <= GAIT_TRACE_WINDOW_PIXEL, FALSE);
  g_return_val_if_fail (!self->running, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (x < 0 || y < 0 || x >= self->width || y >= self->height)
    {
      g_autofree char *display_name = g_filename_display_name (self->path);

      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Position (%d, %d) is outside the %d×%d picture of “%s”",
                   x, y, self->width, self->height, display_name);
      return FALSE;
    }

  if (window == GAIT_TRACE_WINDOW_PIXEL || size <= 1)
    {
      window = GAIT_TRACE_WINDOW_PIXEL;
      size = 1;
    }

  spec = g_new0 (TraceSpec, 1);
  spec->x = x;
  spec->y = y;
  spec->window = window;
  spec->size = size;

  if (name != NULL)
    spec->name = g_strdup (name);
  else if (window == GAIT_TRACE_WINDOW_PIXEL)
    spec->name = g_strdup_printf ("x%d_y%d_pixel", x, y);
  else
    spec->name = g_strdup_printf ("x%d_y%d_%s%u", x, y,
                                  gait_trace_window_to_string (window), size);

  /* Beyond this, any window covers the whole picture from anywhere */
  if (size > (guint)(self->width + self->height) * 2 + 1)
    size = (guint)(self->width + self->height) * 2 + 1;
  spec->offsets = window_offsets (window, size);

  g_ptr_array_add (self->specs, spec);

  return TRUE;
}

/* Reading grey values */

typedef enum
{
  READ_Y8,        /* 8-bit luma, one byte a pixel */
  READ_Y16,       /* 9 to 16-bit luma, one native-endian word a pixel */
  READ_GENERIC,   /* luma in any other layout: av_read_image_line2() */
  READ_SWS,       /* no luma: converted to grey */
} ReadMode;

typedef struct
{
  const char               *path;

  /* Set up for the current picture format and size */
  int                       format;
  int                       width;
  int                       height;
  ReadMode                  mode;
  const AVPixFmtDescriptor *desc;
  double                    scale;      /* divides a sum of codes */
  guint32                  *line;       /* READ_GENERIC: one row */
  struct SwsContext        *sws;
  guint8                   *grey;       /* READ_SWS: the converted picture */
  int                       grey_stride;
} Reader;

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->line, g_free);
  g_clear_pointer (&reader->sws, sws_freeContext);
  g_clear_pointer (&reader->grey, av_free);
}

static gboolean
has_luma (const AVPixFmtDescriptor *desc)
{
  guint64 no_luma = AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BAYER |
                    AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_FLOAT;

  return (desc->flags & no_luma) == 0 &&
         desc->nb_components >= 1 &&
         desc->comp[0].depth >= 1 && desc->comp[0].depth <= 16 &&
         !g_str_has_prefix (desc->name, "xyz");
}

static gboolean
reader_setup (Reader         *reader,
              const AVFrame  *frame,
              GError        **error)
{
  const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get (frame->format);
  const AVComponentDescriptor *luma;

  reader_clear (reader);
  reader->format = frame->format;
  reader->width = frame->width;
  reader->height = frame->height;
  reader->desc = desc;

  if (desc == NULL || frame->width <= 0 || frame->height <= 0)
    {
      _gait_ffmpeg_set_video_error (error, reader->path, "A frame of “%s” has no picture");
      return FALSE;
    }

  if (!has_luma (desc))
    {
      /* As `-pix_fmt gray`: the scale filter's default flags */
      reader->mode = READ_SWS;
      reader->scale = 1.0;
      reader->sws = sws_getContext (frame->width, frame->height, frame->format,
                                    frame->width, frame->height, AV_PIX_FMT_GRAY8,
                                    SWS_BICUBIC, NULL, NULL, NULL);
      reader->grey_stride = FFALIGN (frame->width, 64);
      reader->grey = av_malloc ((gsize)reader->grey_stride * frame->height);
      if (reader->sws == NULL || reader->grey == NULL)
        {
          g_autofree char *display_name = g_filename_display_name (reader->path);

          g_set_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO,
                       "Cannot make grey pictures from the %s pictures of “%s”",
                       desc->name, display_name);
          return FALSE;
        }

      return TRUE;
    }

  luma = &desc->comp[0];
  reader->scale = luma->depth > 8 ? (double)(1 << (luma->depth - 8)) : 1.0;

  if (luma->depth == 8 && luma->step == 1 && luma->shift == 0)
    reader->mode = READ_Y8;
  else if (luma->depth > 8 && luma->step == 2 &&
           ((desc->flags & AV_PIX_FMT_FLAG_BE) != 0) == (G_BYTE_ORDER == G_BIG_ENDIAN))
    reader->mode = READ_Y16;
  else
    {
      reader->mode = READ_GENERIC;
      reader->line = g_new (guint32, frame->width);
    }

  return TRUE;
}

static gboolean
reader_prepare_frame (Reader         *reader,
                      const AVFrame  *frame,
                      GError        **error)
{
  uint8_t *planes[4] = { reader->grey, NULL, NULL, NULL };
  int strides[4] = { reader->grey_stride, 0, 0, 0 };

  if (reader->mode != READ_SWS)
    return TRUE;

  if (sws_scale (reader->sws, (const uint8_t * const *)frame->data, frame->linesize,
                 0, frame->height, planes, strides) <= 0)
    {
      _gait_ffmpeg_set_video_error (error, reader->path, "Cannot make grey pictures of the frames of “%s”");
      return FALSE;
    }

  return TRUE;
}

/* Sum of the grey codes of pixels x0 … x1 - 1 of row y */
static inline guint64
reader_sum_span (Reader        *reader,
                 const AVFrame *frame,
                 int            y,
                 int            x0,
                 int            x1)
{
  guint64 sum = 0;

  switch (reader->mode)
    {
    case READ_Y8:
      {
        const AVComponentDescriptor *luma = &reader->desc->comp[0];
        const guint8 *row = frame->data[luma->plane] +
                            (ptrdiff_t)y * frame->linesize[luma->plane] + luma->offset;

        for (int x = x0; x < x1; x++)
          sum += row[x];
      }
      break;

    case READ_Y16:
      {
        const AVComponentDescriptor *luma = &reader->desc->comp[0];
        const guint8 *row = frame->data[luma->plane] +
                            (ptrdiff_t)y * frame->linesize[luma->plane] + luma->offset;
        guint mask = (1u << luma->depth) - 1;

        for (int x = x0; x < x1; x++)
          {
            guint16 word;

            memcpy (&word, row + (gsize)x * 2, sizeof word);
            sum += (word >> luma->shift) & mask;
          }
      }
      break;

    case READ_GENERIC:
      av_read_image_line2 (reader->line, (const uint8_t **)frame->data, frame->linesize,
                           reader->desc, x0, y, 0, x1 - x0, 0, 4);
      for (int i = 0; i < x1 - x0; i++)
        sum += reader->line[i];
      break;

    case READ_SWS:
      {
        const guint8 *row = reader->grey + (gsize)y * reader->grey_stride;

        for (int x = x0; x < x1; x++)
          sum += row[x];
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return sum;
}

/* Running */

typedef struct
{
  const TraceSpec *spec;
  GArray          *spans;     /* of Span, clipped to the current picture */
  guint64          n_pixels;
  GArray          *values;    /* of double */
} TraceState;

static void
trace_state_clear (gpointer data)
{
  TraceState *state = data;

  g_clear_pointer (&state->spans, g_array_unref);
  g_clear_pointer (&state->values, g_array_unref);
}

static void
trace_state_clip (TraceState *state,
                  int         width,
                  int         height)
{
  const TraceSpec *spec = state->spec;

  g_array_set_size (state->spans, 0);
  state->n_pixels = 0;

  for (guint i = 0; i < spec->offsets->len; i++)
    {
      const Offset *o = &g_array_index (spec->offsets, Offset, i);
      Span span;

      span.y = spec->y + o->dy;
      span.x0 = MAX (spec->x + o->dx0, 0);
      span.x1 = MIN (spec->x + o->dx1, width);

      if (span.y < 0 || span.y >= height || span.x1 <= span.x0)
        continue;

      g_array_append_val (state->spans, span);
      state->n_pixels += (guint64)(span.x1 - span.x0);
    }
}

typedef struct
{
  GaitTraceExtractor *self;
  GMainContext       *context;     /* NULL: no progress */
  guint               generation;
  gint64              last_us;
} Progress;

static gboolean
notify_fraction_cb (gpointer data)
{
  GaitTraceExtractor *self = data;
  double fraction;
  guint generation;

  g_mutex_lock (&self->mutex);
  fraction = self->pending_fraction;
  generation = self->pending_generation;
  self->notify_scheduled = FALSE;
  g_mutex_unlock (&self->mutex);

  if (generation == self->generation && fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }

  return G_SOURCE_REMOVE;
}

static void
progress_report (Progress *progress,
                 double    fraction,
                 gboolean  force)
{
  GaitTraceExtractor *self = progress->self;
  gint64 now;
  gboolean schedule;

  if (progress->context == NULL)
    return;

  now = g_get_monotonic_time ();
  if (!force && now - progress->last_us < PROGRESS_INTERVAL_US)
    return;
  progress->last_us = now;

  g_mutex_lock (&self->mutex);
  self->pending_fraction = CLAMP (fraction, 0.0, 1.0);
  self->pending_generation = progress->generation;
  schedule = !self->notify_scheduled;
  self->notify_scheduled = TRUE;
  g_mutex_unlock (&self->mutex);

  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, notify_fraction_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[gaitline] trace progress");
      g_source_attach (source, progress->context);
      g_source_unref (source);
    }
}

static gboolean
record_frame (GaitTraceExtractor  *self,
              Reader              *reader,
              GArray              *states,
              const AVFrame       *frame,
              GError             **error)
{
  if (frame->format != reader->format ||
      frame->width != reader->width ||
      frame->height != reader->height)
    {
      if (!reader_setup (reader, frame, error))
        return FALSE;

      for (guint i = 0; i < states->len; i++)
        trace_state_clip (&g_array_index (states, TraceState, i), frame->width, frame->height);
    }

  if (!reader_prepare_frame (reader, frame, error))
    return FALSE;

  for (guint i = 0; i < states->len; i++)
    {
      TraceState *state = &g_array_index (states, TraceState, i);
      guint64 sum = 0;
      double value;

      for (guint k = 0; k < state->spans->len; k++)
        {
          const Span *span = &g_array_index (state->spans, Span, k);

          sum += reader_sum_span (reader, frame, span->y, span->x0, span->x1);
        }

      if (state->n_pixels > 0)
        value = (double)sum / (double)state->n_pixels / reader->scale;
      else
        value = NAN;   /* a picture smaller than the first */

      g_array_append_val (state->values, value);
    }

  return TRUE;
}

static GPtrArray *
extract (GaitTraceExtractor  *self,
         GPtrArray           *specs,
         GCancellable        *cancellable,
         Progress            *progress,
         GError             **error)
{
  g_autoptr(AVFormatContext) format = NULL;
  g_autoptr(AVCodecContext) codec_ctx = NULL;
  g_autoptr(AVPacket) packet = NULL;
  g_autoptr(AVFrame) frame = NULL;
  g_autoptr(GArray) states = NULL;
  g_autoptr(GPtrArray) traces = NULL;
  Reader reader = { 0 };
  const AVCodec *codec = NULL;
  double fps = gait_trace_extractor_get_fps (self);
  gint64 n_frames = 0;
  gint64 n_errors = 0;
  gboolean eof_sent = FALSE;
  gboolean failed = FALSE;
  int stream_index;
  int last_error = 0;
  int ret;

  reader.path = self->path;
  reader.format = AV_PIX_FMT_NONE;

  format = _gait_ffmpeg_open_input (self->path, error);
  if (format == NULL)
    return NULL;

  stream_index = _gait_ffmpeg_find_video_stream (format, self->path, &codec, error);
  if (stream_index < 0)
    return NULL;

  _gait_ffmpeg_discard_other_streams (format, stream_index);

  packet = av_packet_alloc ();
  frame = av_frame_alloc ();
  if (packet == NULL || frame == NULL)
    {
      _gait_ffmpeg_set_error (error, "Cannot decode", self->path, AVERROR (ENOMEM));
      return NULL;
    }

  /* Threaded as GaitVideoDecoder. Pictures are read in the decoder's own
   * format.
   */
  codec_ctx = _gait_ffmpeg_open_decoder (format->streams[stream_index], codec,
                                         self->path, error);
  if (codec_ctx == NULL)
    return NULL;

  states = g_array_sized_new (FALSE, TRUE, sizeof (TraceState), specs->len);
  g_array_set_clear_func (states, trace_state_clear);
  for (guint i = 0; i < specs->len; i++)
    {
      TraceState state = { 0 };

      state.spec = g_ptr_array_index (specs, i);
      state.spans = g_array_new (FALSE, FALSE, sizeof (Span));
      state.values = g_array_sized_new (FALSE, FALSE, sizeof (double),
                                        (guint)CLAMP (self->n_frames_estimate, 0, 1 << 20));
      g_array_append_val (states, state);
    }

  progress_report (progress, 0.0, TRUE);

  for (;;)
    {
      ret = avcodec_receive_frame (codec_ctx, frame);

      if (ret >= 0)
        {
          gboolean recorded = record_frame (self, &reader, states, frame, error);

          av_frame_unref (frame);
          if (!recorded)
            {
              failed = TRUE;
              break;
            }

          n_frames++;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              failed = TRUE;
              break;
            }

          if (self->n_frames_estimate > 0)
            progress_report (progress, MIN ((double)n_frames / self->n_frames_estimate, 0.99), FALSE);

          continue;
        }

      if (ret == AVERROR_EOF)
        break;

      if (ret != AVERROR (EAGAIN))
        {
          /* A damaged picture: like the ffmpeg tool, go on with the next */
          last_error = ret;
          if (++n_errors > MAX_DECODE_ERRORS)
            {
              _gait_ffmpeg_set_error (error, "Cannot decode", self->path, ret);
              failed = TRUE;
              break;
            }
          if (eof_sent)
            continue;
        }

      if (eof_sent)
        break;

      /* The next packet of the stream */
      for (;;)
        {
          ret = av_read_frame (format, packet);
          if (ret < 0 || packet->stream_index == stream_index)
            break;
          av_packet_unref (packet);
        }

      if (ret < 0)
        {
          /* End of file, or a read error, which the ffmpeg tool takes
           * for the end too: what was read still counts.
           */
          if (ret != AVERROR_EOF)
            last_error = ret;
          avcodec_send_packet (codec_ctx, NULL);
          eof_sent = TRUE;
          continue;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          av_packet_unref (packet);
          failed = TRUE;
          break;
        }

      ret = avcodec_send_packet (codec_ctx, packet);
      av_packet_unref (packet);
      if (ret < 0 && ret != AVERROR (EAGAIN))
        {
          last_error = ret;
          if (++n_errors > MAX_DECODE_ERRORS)
            {
              _gait_ffmpeg_set_error (error, "Cannot decode", self->path, ret);
              failed = TRUE;
              break;
            }
        }
    }

  reader_clear (&reader);

  if (failed)
    return NULL;

  if (n_frames == 0)
    {
      if (last_error != 0)
        _gait_ffmpeg_set_error (error, "Cannot decode", self->path, last_error);
      else
        _gait_ffmpeg_set_video_error (error, self->path, "“%s” has no video frames");
      return NULL;
    }

  if (n_errors > 0)
    g_debug ("%s: %" G_GINT64_FORMAT " decoding errors", self->path, n_errors);

  traces = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < states->len; i++)
    {
      TraceState *state = &g_array_index (states, TraceState, i);

      g_ptr_array_add (traces, gait_trace_new (state->spec->name,
                                               (const double *)(gpointer)state->values->data,
                                               state->values->len, fps));
    }

  progress_report (progress, 1.0, TRUE);

  return g_steal_pointer (&traces);
}

/**
 * gait_trace_extractor_run:
 * @self: a #GaitTraceExtractor
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Decodes the whole video once, on the calling thread, and computes every
 * trace added. Does not update #GaitTraceExtractor:fraction.
 *
 * Returns: (transfer container) (element-type GaitTrace) (nullable): one
 *   #GaitTrace per trace added, in the order added, each with one value
 *   per frame; or %NULL with @error set: %GAIT_ERROR_VIDEO (naming the
 *   file) if the video cannot be read, %G_IO_ERROR_CANCELLED
 */
GPtrArray *
gait_trace_extractor_run (GaitTraceExtractor  *self,
                          GCancellable        *cancellable,
                          GError             **error)
{
  Progress progress = { self, NULL, 0, 0 };

  g_return_val_if_fail (GAIT_IS_TRACE_EXTRACTOR (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return extract (self, self->specs, cancellable, &progress, error);
}

typedef struct
{
  GPtrArray *specs;
  Progress   progress;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_ptr_array_unref (run->specs);
  g_main_context_unref (run->progress.context);
  g_free (run);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GaitTraceExtractor *self = source_object;
  RunData *run = task_data;
  GError *error = NULL;
  GPtrArray *traces;

  traces = extract (self, run->specs, cancellable, &run->progress, &error);
  if (traces == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, traces, (GDestroyNotify)g_ptr_array_unref);
}

static void
task_completed_cb (GTask              *task,
                   GParamSpec         *pspec,
                   GaitTraceExtractor *self)
{
  self->running = FALSE;
}

static void
set_fraction (GaitTraceExtractor *self,
              double              fraction)
{
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
}

/**
 * gait_trace_extractor_run_async:
 * @self: a #GaitTraceExtractor
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Computes the traces in a worker thread; see gait_trace_extractor_run().
 * #GaitTraceExtractor:fraction starts at 0 and is notified on the calling
 * thread's main context as decoding goes on. One run at a time; no trace
 * can be added until it has finished.
 */
void
gait_trace_extractor_run_async (GaitTraceExtractor  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (GAIT_IS_TRACE_EXTRACTOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->running);

  self->running = TRUE;
  self->generation++;
  set_fraction (self, 0.0);

  run = g_new0 (RunData, 1);
  run->specs = g_ptr_array_ref (self->specs);
  run->progress.self = self;
  run->progress.context = g_main_context_ref_thread_default ();
  run->progress.generation = self->generation;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gait_trace_extractor_run_async);
  g_task_set_name (task, "[gaitline] gait_trace_extractor_run_async");
  g_task_set_task_data (task, run, run_data_free);
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (task_completed_cb), self, 0);
  g_task_run_in_thread (task, run_thread);
}

/**
 * gait_trace_extractor_run_finish:
 * @self: a #GaitTraceExtractor
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type GaitTrace) (nullable): the
 *   traces, or %NULL with @error set
 */
GPtrArray *
gait_trace_extractor_run_finish (GaitTraceExtractor  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  GPtrArray *traces;

  g_return_val_if_fail (GAIT_IS_TRACE_EXTRACTOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gait_trace_extractor_run_async, NULL);

  self->running = FALSE;

  traces = g_task_propagate_pointer (G_TASK (result), error);
  if (traces != NULL)
    set_fraction (self, 1.0);

  return traces;
}

/**
 * gait_trace_extractor_get_path:
 * @self: a #GaitTraceExtractor
 *
 * Returns: (transfer none): the video file
 */
const char *
gait_trace_extractor_get_path (GaitTraceExtractor *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_EXTRACTOR (self), NULL);

  return self->path;
}

/**
 * gait_trace_extractor_get_width:
 * @self: a #GaitTraceExtractor
 *
 * Returns: the width of the pictures, in pixels
 */
int
gait_trace_extractor_get_width (GaitTraceExtractor *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_EXTRACTOR (self), 0);

  return self->width;
}

/**
 * gait_trace_extractor_get_height:
 * @self: a #GaitTraceExtractor
 *
 * Returns: the height of the pictures, in pixels
 */
int
gait_trace_extractor_get_height (GaitTraceExtractor *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_EXTRACTOR (self), 0);

  return self->height;
}

/**
 * gait_trace_extractor_get_fps:
 * @self: a #GaitTraceExtractor
 *
 * Returns: the frame rate, as #GaitVideoDecoder reports it, or 0 when
 *   unknown
 */
double
gait_trace_extractor_get_fps (GaitTraceExtractor *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_EXTRACTOR (self), 0.0);

  if (self->rate_num <= 0 || self->rate_den <= 0)
    return 0.0;

  return (double)self->rate_num / (double)self->rate_den;
}

/**
 * gait_trace_extractor_get_n_traces:
 * @self: a #GaitTraceExtractor
 *
 * Returns: how many traces were added
 */
guint
gait_trace_extractor_get_n_traces (GaitTraceExtractor *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_EXTRACTOR (self), 0);

  return self->specs->len;
}

/**
 * gait_trace_extractor_get_fraction:
 * @self: a #GaitTraceExtractor
 *
 * Returns: the #GaitTraceExtractor:fraction of the video read
 */
double
gait_trace_extractor_get_fraction (GaitTraceExtractor *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_EXTRACTOR (self), 0.0);

  return self->fraction;
}
