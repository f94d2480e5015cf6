/* gait-session.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "gait-session.h"

/*
 * The review's view state, observed by the video pane, the timeline and
 * the side panel alike: what is open, which frame is shown, which span of
 * frames the timeline shows, which limb's lane is active, playback, the
 * selected cycle and the selected range of frames (ELAN's "selection":
 * what spectral statistics and the limbs' cross-correlation can be
 * limited to).
 * Frames are the unit throughout; seconds are only for display.
 */

#define MIN_VISIBLE_FRAMES 8.0

struct _GaitSession
{
  GObject        parent_instance;

  GaitRecording *recording;
  gint64         frame;
  double         visible_begin;
  double         visible_end;
  guint          limb;
  gboolean       playing;
  double         rate;
  double         likelihood_cutoff;
  GaitAnnotation *selected;
  gint64         selection_start;   /* -1: no range selected */
  gint64         selection_end;
  double         fps;       /* for tracking without video */
  GListStore    *traces;    /* of GaitTraceItem */
  GaitSpectrogram *spectrogram;
  char          *spectrogram_name;
};

G_DEFINE_FINAL_TYPE (GaitSession, gait_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RECORDING,
  PROP_FRAME,
  PROP_VISIBLE_BEGIN,
  PROP_VISIBLE_END,
  PROP_LIMB,
  PROP_PLAYING,
  PROP_RATE,
  PROP_LIKELIHOOD_CUTOFF,
  PROP_SELECTED,
  PROP_FPS,
  PROP_SPECTROGRAM,
  PROP_SELECTION_START,
  PROP_SELECTION_END,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TRACES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_traces_changed (GaitSession *self)
{
  g_signal_emit (self, signals[TRACES_CHANGED], 0);
}

static void
on_traces_items_changed (GaitSession *self,
                         guint        position,
                         guint        removed,
                         guint        added,
                         GListModel  *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GaitTraceItem) item = g_list_model_get_item (model, i);

      g_signal_connect_object (item, "notify", G_CALLBACK (emit_traces_changed), self, G_CONNECT_SWAPPED);
    }

  emit_traces_changed (self);
}

static void
gait_session_dispose (GObject *object)
{
  GaitSession *self = (GaitSession *)object;

  g_clear_object (&self->recording);
  g_clear_object (&self->selected);
  if (self->traces != NULL)
    g_signal_handlers_disconnect_by_data (self->traces, self);
  g_clear_object (&self->traces);
  g_clear_pointer (&self->spectrogram, gait_spectrogram_unref);
  g_clear_pointer (&self->spectrogram_name, g_free);

  G_OBJECT_CLASS (gait_session_parent_class)->dispose (object);
}

static void
gait_session_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GaitSession *self = GAIT_SESSION (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      g_value_set_object (value, self->recording);
      break;

    case PROP_FRAME:
      g_value_set_int64 (value, self->frame);
      break;

    case PROP_SELECTION_START:
      g_value_set_int64 (value, self->selection_start);
      break;

    case PROP_SELECTION_END:
      g_value_set_int64 (value, self->selection_end);
      break;

    case PROP_VISIBLE_BEGIN:
      g_value_set_double (value, self->visible_begin);
      break;

    case PROP_VISIBLE_END:
      g_value_set_double (value, self->visible_end);
      break;

    case PROP_LIMB:
      g_value_set_uint (value, self->limb);
      break;

    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    case PROP_LIKELIHOOD_CUTOFF:
      g_value_set_double (value, self->likelihood_cutoff);
      break;

    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;

    case PROP_FPS:
      g_value_set_double (value, gait_session_get_fps (self));
      break;

    case PROP_SPECTROGRAM:
      g_value_set_boxed (value, self->spectrogram);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_session_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GaitSession *self = GAIT_SESSION (object);

  switch (prop_id)
    {
    case PROP_RECORDING:
      gait_session_set_recording (self, g_value_get_object (value));
      break;

    case PROP_FRAME:
      gait_session_seek (self, g_value_get_int64 (value));
      break;

    case PROP_LIMB:
      gait_session_set_limb (self, g_value_get_uint (value));
      break;

    case PROP_PLAYING:
      gait_session_set_playing (self, g_value_get_boolean (value));
      break;

    case PROP_RATE:
      gait_session_set_rate (self, g_value_get_double (value));
      break;

    case PROP_LIKELIHOOD_CUTOFF:
      gait_session_set_likelihood_cutoff (self, g_value_get_double (value));
      break;

    case PROP_SELECTED:
      gait_session_set_selected (self, g_value_get_object (value));
      break;

    case PROP_FPS:
      gait_session_set_fps (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_session_class_init (GaitSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gait_session_dispose;
  object_class->get_property = gait_session_get_property;
  object_class->set_property = gait_session_set_property;

  properties[PROP_RECORDING] =
    g_param_spec_object ("recording", NULL, NULL,
                         GAIT_TYPE_RECORDING,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FRAME] =
    g_param_spec_int64 ("frame", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VISIBLE_BEGIN] =
    g_param_spec_double ("visible-begin", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_VISIBLE_END] =
    g_param_spec_double ("visible-end", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 1,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_LIMB] =
    g_param_spec_uint ("limb", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL,
                         0.1, 4.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LIKELIHOOD_CUTOFF] =
    g_param_spec_double ("likelihood-cutoff", NULL, NULL,
                         0.0, 1.0, 0.5,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL,
                         GAIT_TYPE_ANNOTATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FPS] =
    g_param_spec_double ("fps", NULL, NULL,
                         0, 100000, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SPECTROGRAM] =
    g_param_spec_boxed ("spectrogram", NULL, NULL,
                        GAIT_TYPE_SPECTROGRAM,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTION_START] =
    g_param_spec_int64 ("selection-start", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTION_END] =
    g_param_spec_int64 ("selection-end", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GaitSession::traces-changed:
   *
   * A trace was added, removed, got its values or changed its processing.
   */
  signals[TRACES_CHANGED] =
    g_signal_new ("traces-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
gait_session_init (GaitSession *self)
{
  self->visible_end = 1;
  self->selection_start = self->selection_end = -1;
  self->rate = 1.0;
  self->likelihood_cutoff = 0.5;
  self->traces = g_list_store_new (GAIT_TYPE_TRACE_ITEM);
  g_signal_connect_swapped (self->traces, "items-changed", G_CALLBACK (on_traces_items_changed), self);
}

GaitSession *
gait_session_new (void)
{
  return g_object_new (GAIT_TYPE_SESSION, NULL);
}

/**
 * gait_session_get_recording:
 * @self: a #GaitSession
 *
 * Returns: (transfer none) (nullable): what is open
 */
GaitRecording *
gait_session_get_recording (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), NULL);

  return self->recording;
}

void
gait_session_set_recording (GaitSession   *self,
                            GaitRecording *recording)
{
  g_return_if_fail (GAIT_IS_SESSION (self));
  g_return_if_fail (!recording || GAIT_IS_RECORDING (recording));

  if (!g_set_object (&self->recording, recording))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  gait_session_set_playing (self, FALSE);
  gait_session_set_selected (self, NULL);
  gait_session_set_selection (self, -1, -1);
  self->frame = 0;
  self->limb = 0;
  gait_session_zoom_fit (self);
  self->fps = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMB]);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
gait_session_get_n_frames (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), 0);

  return self->recording ? gait_recording_get_n_frames (self->recording) : 0;
}

/**
 * gait_session_get_fps:
 * @self: a #GaitSession
 *
 * Returns: frames per second, or 0 when only tracking data is open
 */
double
gait_session_get_fps (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), 0);

  if (self->recording != NULL && gait_recording_get_fps (self->recording) > 0)
    return gait_recording_get_fps (self->recording);

  return self->fps;
}

/**
 * gait_session_set_fps:
 * @self: a #GaitSession
 * @fps: frames per second of tracking data without video; 0 if unknown
 *
 * A video's own frame rate always wins.
 */
void
gait_session_set_fps (GaitSession *self,
                      double       fps)
{
  g_return_if_fail (GAIT_IS_SESSION (self));

  fps = MAX (0.0, fps);
  if (fps == self->fps)
    return;

  self->fps = fps;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS]);
}

gint64
gait_session_get_frame (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), 0);

  return self->frame;
}

/**
 * gait_session_seek:
 * @self: a #GaitSession
 * @frame: the frame to show, clamped to the recording
 */
void
gait_session_seek (GaitSession *self,
                   gint64       frame)
{
  gint64 n;

  g_return_if_fail (GAIT_IS_SESSION (self));

  n = gait_session_get_n_frames (self);
  frame = CLAMP (frame, 0, MAX (0, n - 1));

  if (frame == self->frame)
    return;

  self->frame = frame;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
}

double
gait_session_get_visible_begin (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), 0);

  return self->visible_begin;
}

double
gait_session_get_visible_end (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), 1);

  return self->visible_end;
}

/**
 * gait_session_set_visible:
 * @self: a #GaitSession
 * @begin: first visible frame (fractional)
 * @end: end of the visible span
 *
 * Sets the span the timeline shows, kept inside the recording and at least
 * a few frames wide.
 */
void
gait_session_set_visible (GaitSession *self,
                          double       begin,
                          double       end)
{
  double n, width;

  g_return_if_fail (GAIT_IS_SESSION (self));

  n = MAX (1.0, (double)gait_session_get_n_frames (self));
  width = CLAMP (end - begin, MIN (MIN_VISIBLE_FRAMES, n), n);
  if (!isfinite (begin) || !isfinite (width))
    return;

  begin = CLAMP (begin, 0.0, n - width);
  end = begin + width;

  if (begin == self->visible_begin && end == self->visible_end)
    return;

  self->visible_begin = begin;
  self->visible_end = end;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_BEGIN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_END]);
}

/**
 * gait_session_zoom:
 * @self: a #GaitSession
 * @factor: > 1 zooms in
 * @around: the frame that stays in place
 */
void
gait_session_zoom (GaitSession *self,
                   double       factor,
                   double       around)
{
  double begin, end;

  g_return_if_fail (GAIT_IS_SESSION (self));
  g_return_if_fail (factor > 0);

  begin = around - (around - self->visible_begin) / factor;
  end = around + (self->visible_end - around) / factor;
  gait_session_set_visible (self, begin, end);
}

void
gait_session_zoom_fit (GaitSession *self)
{
  g_return_if_fail (GAIT_IS_SESSION (self));

  gait_session_set_visible (self, 0, MAX (1.0, (double)gait_session_get_n_frames (self)));
}

/* Pages the timeline so that @frame is visible, as a player's cursor does. */
void
gait_session_scroll_to_frame (GaitSession *self,
                              gint64       frame)
{
  double width;

  g_return_if_fail (GAIT_IS_SESSION (self));

  width = self->visible_end - self->visible_begin;
  if (frame >= self->visible_begin && frame + 1 <= self->visible_end)
    return;

  if (frame < self->visible_begin)
    gait_session_set_visible (self, frame - 0.1 * width, frame + 0.9 * width);
  else
    gait_session_set_visible (self, frame + 1 - 0.1 * width, frame + 1 + 0.9 * width);
}

guint
gait_session_get_limb (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), 0);

  return self->limb;
}

/**
 * gait_session_set_limb:
 * @self: a #GaitSession
 * @limb: the active limb: where cycles are marked and added
 */
void
gait_session_set_limb (GaitSession *self,
                       guint        limb)
{
  g_return_if_fail (GAIT_IS_SESSION (self));

  if (self->recording != NULL)
    limb = MIN (limb, MAX (1, gait_recording_get_n_limbs (self->recording)) - 1);

  if (limb == self->limb)
    return;

  self->limb = limb;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMB]);
}

gboolean
gait_session_get_playing (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), FALSE);

  return self->playing;
}

void
gait_session_set_playing (GaitSession *self,
                          gboolean     playing)
{
  g_return_if_fail (GAIT_IS_SESSION (self));

  playing = !!playing && self->recording != NULL;
  if (playing == self->playing)
    return;

  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

double
gait_session_get_rate (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), 1.0);

  return self->rate;
}

/**
 * gait_session_set_rate:
 * @self: a #GaitSession
 * @rate: playback speed, 0.1–4 × the native frame rate
 */
void
gait_session_set_rate (GaitSession *self,
                       double       rate)
{
  g_return_if_fail (GAIT_IS_SESSION (self));

  rate = CLAMP (rate, 0.1, 4.0);
  if (rate == self->rate)
    return;

  self->rate = rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

double
gait_session_get_likelihood_cutoff (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), 0.5);

  return self->likelihood_cutoff;
}

/**
 * gait_session_set_likelihood_cutoff:
 * @self: a #GaitSession
 * @cutoff: landmarks below this likelihood are drawn hollow
 */
void
gait_session_set_likelihood_cutoff (GaitSession *self,
                                    double       cutoff)
{
  g_return_if_fail (GAIT_IS_SESSION (self));

  cutoff = CLAMP (cutoff, 0.0, 1.0);
  if (cutoff == self->likelihood_cutoff)
    return;

  self->likelihood_cutoff = cutoff;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIKELIHOOD_CUTOFF]);
}

/**
 * gait_session_get_selected:
 * @self: a #GaitSession
 *
 * Returns: (transfer none) (nullable): the selected cycle
 */
GaitAnnotation *
gait_session_get_selected (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), NULL);

  return self->selected;
}

void
gait_session_set_selected (GaitSession    *self,
                           GaitAnnotation *annotation)
{
  g_return_if_fail (GAIT_IS_SESSION (self));
  g_return_if_fail (!annotation || GAIT_IS_ANNOTATION (annotation));

  if (g_set_object (&self->selected, annotation))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/**
 * gait_session_get_selection:
 * @self: a #GaitSession
 * @start: (out) (optional): the first frame of the selected range
 * @end: (out) (optional): the frame after its last
 *
 * Returns: whether a range of frames is selected
 */
gboolean
gait_session_get_selection (GaitSession *self,
                            gint64      *start,
                            gint64      *end)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), FALSE);

  if (start != NULL)
    *start = self->selection_start;
  if (end != NULL)
    *end = self->selection_end;

  return self->selection_start >= 0;
}

/**
 * gait_session_set_selection:
 * @self: a #GaitSession
 * @start: the first frame; negative for no selection
 * @end: the frame after the last
 *
 * Selects frames [@start, @end), in either order, clamped to the
 * recording; a range of fewer than two frames, or a negative @start or
 * @end, selects nothing.
 */
void
gait_session_set_selection (GaitSession *self,
                            gint64       start,
                            gint64       end)
{
  gint64 n;

  g_return_if_fail (GAIT_IS_SESSION (self));

  n = gait_session_get_n_frames (self);
  if (start > end)
    {
      gint64 t = start;

      start = end;
      end = t;
    }
  start = CLAMP (start, -1, n);
  end = CLAMP (end, -1, n);
  if (start < 0 || end - start < 2)
    start = end = -1;

  if (start == self->selection_start && end == self->selection_end)
    return;

  self->selection_start = start;
  self->selection_end = end;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_START]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_END]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * gait_session_format_frame:
 * @self: a #GaitSession
 * @frame: a frame
 *
 * Returns: (transfer full): "12.340 s · 617" with a frame rate, else "617"
 */
char *
gait_session_format_frame (GaitSession *self,
                           gint64       frame)
{
  double fps;

  g_return_val_if_fail (GAIT_IS_SESSION (self), NULL);

  fps = gait_session_get_fps (self);
  if (fps > 0)
    return g_strdup_printf ("%.3f s · %" G_GINT64_FORMAT, frame / fps, frame);

  return g_strdup_printf ("%" G_GINT64_FORMAT, frame);
}

/**
 * gait_session_get_traces:
 * @self: a #GaitSession
 *
 * The traces added on the video, in the order of their lanes. The window
 * adds and removes them; the views follow #GaitSession::traces-changed.
 *
 * Returns: (transfer none): a #GListStore of #GaitTraceItem
 */
GListStore *
gait_session_get_traces (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), NULL);

  return self->traces;
}

/**
 * gait_session_get_spectrogram:
 * @self: a #GaitSession
 *
 * Returns: (transfer none) (nullable): the variable-Q spectrogram shown in
 *   the timeline
 */
GaitSpectrogram *
gait_session_get_spectrogram (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), NULL);

  return self->spectrogram;
}

/**
 * gait_session_get_spectrogram_name:
 * @self: a #GaitSession
 *
 * Returns: (transfer none) (nullable): what the spectrogram is of (a
 *   landmark's name)
 */
const char *
gait_session_get_spectrogram_name (GaitSession *self)
{
  g_return_val_if_fail (GAIT_IS_SESSION (self), NULL);

  return self->spectrogram_name;
}

/**
 * gait_session_set_spectrogram:
 * @self: a #GaitSession
 * @spectrogram: (nullable): a spectrogram, or %NULL for none
 * @name: (nullable): what it is of
 */
void
gait_session_set_spectrogram (GaitSession     *self,
                              GaitSpectrogram *spectrogram,
                              const char      *name)
{
  g_return_if_fail (GAIT_IS_SESSION (self));

  if (self->spectrogram == spectrogram)
    return;

  g_clear_pointer (&self->spectrogram, gait_spectrogram_unref);
  if (spectrogram != NULL)
    self->spectrogram = gait_spectrogram_ref (spectrogram);
  g_free (self->spectrogram_name);
  self->spectrogram_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPECTROGRAM]);
}
