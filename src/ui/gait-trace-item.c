/* gait-trace-item.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "gait-trace-item.h"

/**
 * GaitTraceItem:
 *
 * One trace added on the video: where it was added, how it is computed,
 * its colour and its values, raw and as shown (detrended and normalised
 * as the user asks). A landmark's item has three columns (x, y and
 * speed; the speed is its timeline lane); an intensity item has one,
 * %NULL until the background extraction delivers it.
 */

struct _GaitTraceItem
{
  GObject            parent_instance;

  GaitTraceItemKind  kind;
  char              *name;
  double             x;
  double             y;
  GaitTraceWindow    window;
  guint              size;
  guint              landmark;
  guint              color_index;

  GaitTrace         *raw[3];
  GaitTrace         *shown[3];
  guint              n_columns;
  double             lane_lo;      /* the lane trace's finite range, */
  double             lane_hi;      /* lo > hi if it has none */

  gboolean           normalise;
  gboolean           detrend;
};

G_DEFINE_FINAL_TYPE (GaitTraceItem, gait_trace_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_READY,
  PROP_NORMALISE,
  PROP_DETREND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Tableau 10: distinct on video and on the lanes' background */
static const double palette[][3] = {
  { 0.12, 0.47, 0.71 }, { 1.00, 0.50, 0.05 }, { 0.17, 0.63, 0.17 },
  { 0.84, 0.15, 0.16 }, { 0.58, 0.40, 0.74 }, { 0.55, 0.34, 0.29 },
  { 0.89, 0.47, 0.76 }, { 0.50, 0.50, 0.50 }, { 0.74, 0.74, 0.13 },
  { 0.09, 0.75, 0.81 },
};

static void
reprocess (GaitTraceItem *self)
{
  GaitTraceProcessing processing;

  gait_trace_processing_init (&processing);
  processing.detrend = self->detrend ? GAIT_DETREND_MEAN : GAIT_DETREND_NONE;
  processing.normalise = self->normalise;

  for (guint i = 0; i < self->n_columns; i++)
    {
      g_autoptr(GError) error = NULL;

      g_clear_object (&self->shown[i]);
      if (self->raw[i] == NULL)
        continue;
      if (!self->detrend && !self->normalise)
        self->shown[i] = g_object_ref (self->raw[i]);
      else if (!(self->shown[i] = gait_trace_process (self->raw[i], &processing, &error)))
        {
          g_debug ("Trace %s is shown unprocessed: %s", self->name, error->message);
          self->shown[i] = g_object_ref (self->raw[i]);
        }
    }

  /* the lane's vertical range, once per change rather than per redraw */
  self->lane_lo = G_MAXDOUBLE;
  self->lane_hi = -G_MAXDOUBLE;
  if (gait_trace_item_get_lane_trace (self) != NULL)
    {
      gsize n;
      const double *v = gait_trace_get_values (gait_trace_item_get_lane_trace (self), &n);

      for (gsize f = 0; f < n; f++)
        if (isfinite (v[f]))
          {
            self->lane_lo = MIN (self->lane_lo, v[f]);
            self->lane_hi = MAX (self->lane_hi, v[f]);
          }
    }
}

static void
gait_trace_item_finalize (GObject *object)
{
  GaitTraceItem *self = (GaitTraceItem *)object;

  for (guint i = 0; i < G_N_ELEMENTS (self->raw); i++)
    {
      g_clear_object (&self->raw[i]);
      g_clear_object (&self->shown[i]);
    }
  g_free (self->name);

  G_OBJECT_CLASS (gait_trace_item_parent_class)->finalize (object);
}

static void
gait_trace_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GaitTraceItem *self = GAIT_TRACE_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_READY:
      g_value_set_boolean (value, gait_trace_item_get_ready (self));
      break;

    case PROP_NORMALISE:
      g_value_set_boolean (value, self->normalise);
      break;

    case PROP_DETREND:
      g_value_set_boolean (value, self->detrend);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_trace_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GaitTraceItem *self = GAIT_TRACE_ITEM (object);

  switch (prop_id)
    {
    case PROP_NORMALISE:
      gait_trace_item_set_normalise (self, g_value_get_boolean (value));
      break;

    case PROP_DETREND:
      gait_trace_item_set_detrend (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_trace_item_class_init (GaitTraceItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gait_trace_item_finalize;
  object_class->get_property = gait_trace_item_get_property;
  object_class->set_property = gait_trace_item_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_NORMALISE] =
    g_param_spec_boolean ("normalise", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DETREND] =
    g_param_spec_boolean ("detrend", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gait_trace_item_init (GaitTraceItem *self)
{
  self->lane_lo = G_MAXDOUBLE;
  self->lane_hi = -G_MAXDOUBLE;
}

/**
 * gait_trace_item_new_landmark:
 * @tracking: the tracking
 * @landmark: the landmark's index
 * @params: the detection parameters (for the speed's smoothing)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the landmark's x, y and speed
 */
GaitTraceItem *
gait_trace_item_new_landmark (GaitTracking           *tracking,
                              guint                   landmark,
                              const GaitDetectParams *params,
                              GError                **error)
{
  static const GaitLandmarkQuantity quantities[] = { GAIT_LANDMARK_X, GAIT_LANDMARK_Y, GAIT_LANDMARK_SPEED };
  g_autoptr(GaitTraceItem) self = NULL;

  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), NULL);
  g_return_val_if_fail (landmark < gait_tracking_get_n_landmarks (tracking), NULL);

  self = g_object_new (GAIT_TYPE_TRACE_ITEM, NULL);
  self->kind = GAIT_TRACE_ITEM_LANDMARK;
  self->landmark = landmark;
  self->name = g_strdup (gait_tracking_get_landmark_name (tracking, landmark));
  self->n_columns = 3;

  for (guint i = 0; i < 3; i++)
    if (!(self->raw[i] = gait_trace_new_for_landmark (tracking, landmark, quantities[i], params, error)))
      return NULL;

  reprocess (self);

  return g_steal_pointer (&self);
}

/**
 * gait_trace_item_new_intensity:
 * @x: the position's x in video pixels (column)
 * @y: the position's y in video pixels (row)
 * @window: the window averaged
 * @size: the window's size in pixels
 *
 * Returns: (transfer full): a trace without values yet: see
 *   gait_trace_item_set_raw()
 */
GaitTraceItem *
gait_trace_item_new_intensity (double          x,
                               double          y,
                               GaitTraceWindow window,
                               guint           size)
{
  GaitTraceItem *self = g_object_new (GAIT_TYPE_TRACE_ITEM, NULL);

  self->kind = GAIT_TRACE_ITEM_INTENSITY;
  self->x = x;
  self->y = y;
  self->window = window;
  self->size = window == GAIT_TRACE_WINDOW_PIXEL ? 1 : MAX (1u, size);
  self->n_columns = 1;
  if (window == GAIT_TRACE_WINDOW_PIXEL)
    self->name = g_strdup_printf ("pixel_%d_%d", gait_trace_item_get_pixel_x (self),
                                  gait_trace_item_get_pixel_y (self));
  else
    self->name = g_strdup_printf ("%s%u_%d_%d", gait_trace_window_to_string (window), self->size,
                                  gait_trace_item_get_pixel_x (self), gait_trace_item_get_pixel_y (self));

  return self;
}

GaitTraceItemKind
gait_trace_item_get_kind (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), 0);

  return self->kind;
}

/**
 * gait_trace_item_get_name:
 * @self: a #GaitTraceItem
 *
 * Returns: (transfer none): the landmark's name, or the window and the
 *   pixel, e.g. `disc4_120_88`
 */
const char *
gait_trace_item_get_name (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), NULL);

  return self->name;
}

double
gait_trace_item_get_x (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), 0);

  return self->x;
}

double
gait_trace_item_get_y (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), 0);

  return self->y;
}

/**
 * gait_trace_item_get_pixel_x:
 * @self: a #GaitTraceItem
 *
 * Returns: the column of the pixel holding the position
 */
int
gait_trace_item_get_pixel_x (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), 0);

  return (int)floor (self->x);
}

/**
 * gait_trace_item_get_pixel_y:
 * @self: a #GaitTraceItem
 *
 * Returns: the row of the pixel holding the position
 */
int
gait_trace_item_get_pixel_y (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), 0);

  return (int)floor (self->y);
}

GaitTraceWindow
gait_trace_item_get_window (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), 0);

  return self->window;
}

guint
gait_trace_item_get_size (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), 0);

  return self->size;
}

guint
gait_trace_item_get_landmark (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), 0);

  return self->landmark;
}

void
gait_trace_item_get_color (GaitTraceItem *self,
                           double        *r,
                           double        *g,
                           double        *b)
{
  const double *c;

  g_return_if_fail (GAIT_IS_TRACE_ITEM (self));

  c = palette[self->color_index % G_N_ELEMENTS (palette)];
  *r = c[0];
  *g = c[1];
  *b = c[2];
}

/**
 * gait_trace_item_set_color_index:
 * @self: a #GaitTraceItem
 * @index: which colour of the palette (it repeats after 10)
 */
void
gait_trace_item_set_color_index (GaitTraceItem *self,
                                 guint          index)
{
  g_return_if_fail (GAIT_IS_TRACE_ITEM (self));

  self->color_index = index;
}

/**
 * gait_trace_item_get_ready:
 * @self: a #GaitTraceItem
 *
 * Returns: %TRUE once the item has its values
 */
gboolean
gait_trace_item_get_ready (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), FALSE);

  return self->raw[0] != NULL;
}

/**
 * gait_trace_item_set_raw:
 * @self: an intensity #GaitTraceItem
 * @trace: its values, as extracted
 */
void
gait_trace_item_set_raw (GaitTraceItem *self,
                         GaitTrace     *trace)
{
  g_return_if_fail (GAIT_IS_TRACE_ITEM (self));
  g_return_if_fail (GAIT_IS_TRACE (trace));
  g_return_if_fail (self->kind == GAIT_TRACE_ITEM_INTENSITY);

  g_set_object (&self->raw[0], trace);
  reprocess (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

gboolean
gait_trace_item_get_normalise (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), FALSE);

  return self->normalise;
}

/**
 * gait_trace_item_set_normalise:
 * @self: a #GaitTraceItem
 * @normalise: whether the values shown and exported are scaled to 0…1
 */
void
gait_trace_item_set_normalise (GaitTraceItem *self,
                               gboolean       normalise)
{
  g_return_if_fail (GAIT_IS_TRACE_ITEM (self));

  normalise = !!normalise;
  if (self->normalise == normalise)
    return;

  self->normalise = normalise;
  reprocess (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NORMALISE]);
}

gboolean
gait_trace_item_get_detrend (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), FALSE);

  return self->detrend;
}

/**
 * gait_trace_item_set_detrend:
 * @self: a #GaitTraceItem
 * @detrend: whether the values shown and exported have their moving mean
 *   (over two estimated periods, as optimap) taken out, the baseline kept
 */
void
gait_trace_item_set_detrend (GaitTraceItem *self,
                             gboolean       detrend)
{
  g_return_if_fail (GAIT_IS_TRACE_ITEM (self));

  detrend = !!detrend;
  if (self->detrend == detrend)
    return;

  self->detrend = detrend;
  reprocess (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETREND]);
}

/**
 * gait_trace_item_get_n_columns:
 * @self: a #GaitTraceItem
 *
 * Returns: how many CSV columns the item exports: 3 for a landmark
 *   (x, y, speed), 1 for an intensity trace
 */
guint
gait_trace_item_get_n_columns (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), 0);

  return self->n_columns;
}

/**
 * gait_trace_item_get_column:
 * @self: a #GaitTraceItem
 * @column: the column
 *
 * Returns: (transfer none) (nullable): the column's values as shown
 *   (processed), or %NULL before they are extracted
 */
GaitTrace *
gait_trace_item_get_column (GaitTraceItem *self,
                            guint          column)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->shown[column];
}

/**
 * gait_trace_item_get_lane_trace:
 * @self: a #GaitTraceItem
 *
 * Returns: (transfer none) (nullable): what the timeline lane shows: a
 *   landmark's speed or the intensity
 */
GaitTrace *
gait_trace_item_get_lane_trace (GaitTraceItem *self)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), NULL);

  return self->shown[self->kind == GAIT_TRACE_ITEM_LANDMARK ? 2 : 0];
}

/**
 * gait_trace_item_get_lane_range:
 * @self: a #GaitTraceItem
 * @lo: (out): the smallest finite value of the lane trace
 * @hi: (out): the largest
 *
 * Returns: %FALSE if the lane trace has no finite value (or is not there)
 */
gboolean
gait_trace_item_get_lane_range (GaitTraceItem *self,
                                double        *lo,
                                double        *hi)
{
  g_return_val_if_fail (GAIT_IS_TRACE_ITEM (self), FALSE);

  *lo = self->lane_lo;
  *hi = self->lane_hi;

  return self->lane_lo <= self->lane_hi;
}
