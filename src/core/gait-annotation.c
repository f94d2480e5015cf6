/* gait-annotation.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "gait-annotation-private.h"
#include "gait-error.h"

/**
 * GaitAnnotation:
 *
 * One stride cycle under review: a [struct@Gait.Cycle] as a GObject with a
 * property per field, for list views and expressions.
 *
 * An annotation cannot be changed directly: every change goes through the
 * [class@Gait.AnnotationStore] that lists it, so that undo sees it. The
 * store emits [signal@GObject.Object::notify] on the annotation for every
 * property a change touches.
 */

enum {
  PROP_0,
  PROP_LIMB,
  PROP_START,
  PROP_END,
  PROP_LIFTOFF,
  PROP_DURATION,
  PROP_STATE,
  PROP_METHOD,
  PROP_CONFIDENCE,
  PROP_PROCRUSTES,
  PROP_N_LANDMARKS,
  PROP_STRIDE_LENGTH,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (GaitAnnotation, gait_annotation, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* NAN equals NAN here: the fields are measurements, NAN means "none". */
static gboolean
double_equal (double a,
              double b)
{
  return a == b || (isnan (a) && isnan (b));
}

gboolean
_gait_cycle_equal (const GaitCycle *a,
                   const GaitCycle *b)
{
  return a->limb == b->limb
      && a->start == b->start
      && a->end == b->end
      && a->liftoff == b->liftoff
      && double_equal (a->procrustes, b->procrustes)
      && a->n_landmarks == b->n_landmarks
      && double_equal (a->confidence, b->confidence)
      && double_equal (a->stride_length, b->stride_length)
      && a->method == b->method
      && a->state == b->state;
}

/*
 * _gait_annotation_validate:
 * @cycle: a cycle
 * @n_frames: the number of frames, or 0 if unknown
 * @error: return location for a #GError
 *
 * Checks what the store keeps true of every cycle: a limb name, 0 ≤ start
 * < end (< @n_frames when known), lift-off -1 or strictly between start
 * and end, a known state and method.
 *
 * Returns: %TRUE if @cycle is valid, else %FALSE with a
 *   %GAIT_ERROR_INVALID_ARGUMENT error
 */
gboolean
_gait_annotation_validate (const GaitCycle  *cycle,
                           gint64            n_frames,
                           GError          **error)
{
  if (cycle->limb == NULL || cycle->limb[0] == '\0')
    {
      g_set_error_literal (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                           "A cycle needs a limb name");
      return FALSE;
    }

  if (cycle->start < 0)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "The start frame %" G_GINT64_FORMAT " is negative",
                   cycle->start);
      return FALSE;
    }

  if (cycle->end <= cycle->start)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "The end frame %" G_GINT64_FORMAT " is not after the start frame %"
                   G_GINT64_FORMAT, cycle->end, cycle->start);
      return FALSE;
    }

  if (n_frames > 0 && cycle->end >= n_frames)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "The end frame %" G_GINT64_FORMAT " is beyond the last frame %"
                   G_GINT64_FORMAT, cycle->end, n_frames - 1);
      return FALSE;
    }

  if (cycle->liftoff != -1 && (cycle->liftoff <= cycle->start || cycle->liftoff >= cycle->end))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "The lift-off frame %" G_GINT64_FORMAT " is not between the start frame %"
                   G_GINT64_FORMAT " and the end frame %" G_GINT64_FORMAT,
                   cycle->liftoff, cycle->start, cycle->end);
      return FALSE;
    }

  if ((guint)cycle->state > GAIT_CYCLE_ADDED)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Unknown cycle state %d", (int)cycle->state);
      return FALSE;
    }

  if ((guint)cycle->method > GAIT_METHOD_MANUAL)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Unknown cycle method %d", (int)cycle->method);
      return FALSE;
    }

  return TRUE;
}

/*
 * _gait_annotation_set_cycle:
 * @self: an annotation
 * @cycle: its new cycle
 *
 * Replaces the cycle and notifies every property that changed. Only the
 * store calls this, with a valid cycle.
 */
void
_gait_annotation_set_cycle (GaitAnnotation  *self,
                            const GaitCycle *cycle)
{
  GaitCycle old;
  GObject *object = G_OBJECT (self);

  g_assert (GAIT_IS_ANNOTATION (self));
  g_assert (cycle != NULL);

  old = self->cycle;
  self->cycle = *cycle;
  self->cycle.limb = g_intern_string (cycle->limb);

  if (_gait_cycle_equal (&old, &self->cycle))
    return;

  g_clear_pointer (&self->row, g_free);
  self->row_length = 0;

  g_object_freeze_notify (object);

  if (old.limb != self->cycle.limb)
    g_object_notify_by_pspec (object, properties[PROP_LIMB]);
  if (old.start != self->cycle.start)
    g_object_notify_by_pspec (object, properties[PROP_START]);
  if (old.end != self->cycle.end)
    g_object_notify_by_pspec (object, properties[PROP_END]);
  if (old.liftoff != self->cycle.liftoff)
    g_object_notify_by_pspec (object, properties[PROP_LIFTOFF]);
  if (old.end - old.start != self->cycle.end - self->cycle.start)
    g_object_notify_by_pspec (object, properties[PROP_DURATION]);
  if (old.state != self->cycle.state)
    g_object_notify_by_pspec (object, properties[PROP_STATE]);
  if (old.method != self->cycle.method)
    g_object_notify_by_pspec (object, properties[PROP_METHOD]);
  if (!double_equal (old.confidence, self->cycle.confidence))
    g_object_notify_by_pspec (object, properties[PROP_CONFIDENCE]);
  if (!double_equal (old.procrustes, self->cycle.procrustes))
    g_object_notify_by_pspec (object, properties[PROP_PROCRUSTES]);
  if (old.n_landmarks != self->cycle.n_landmarks)
    g_object_notify_by_pspec (object, properties[PROP_N_LANDMARKS]);
  if (!double_equal (old.stride_length, self->cycle.stride_length))
    g_object_notify_by_pspec (object, properties[PROP_STRIDE_LENGTH]);

  g_object_thaw_notify (object);
}

/*
 * _gait_annotation_set_row:
 * @self: an annotation
 * @row: (transfer full): the cycle's session file row
 * @row_length: its length
 *
 * Caches the session file row, until the cycle changes.
 */
void
_gait_annotation_set_row (GaitAnnotation *self,
                          char           *row,
                          gsize           row_length)
{
  g_assert (GAIT_IS_ANNOTATION (self));

  g_free (self->row);
  self->row = row;
  self->row_length = row_length;
}

static void
gait_annotation_finalize (GObject *object)
{
  GaitAnnotation *self = (GaitAnnotation *)object;

  g_assert (self->store == NULL);

  g_clear_pointer (&self->row, g_free);

  G_OBJECT_CLASS (gait_annotation_parent_class)->finalize (object);
}

static void
gait_annotation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GaitAnnotation *self = GAIT_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_LIMB:
      g_value_set_static_string (value, gait_annotation_get_limb (self));
      break;

    case PROP_START:
      g_value_set_int64 (value, gait_annotation_get_start (self));
      break;

    case PROP_END:
      g_value_set_int64 (value, gait_annotation_get_end (self));
      break;

    case PROP_LIFTOFF:
      g_value_set_int64 (value, gait_annotation_get_liftoff (self));
      break;

    case PROP_DURATION:
      g_value_set_int64 (value, gait_annotation_get_duration (self));
      break;

    case PROP_STATE:
      g_value_set_enum (value, gait_annotation_get_state (self));
      break;

    case PROP_METHOD:
      g_value_set_enum (value, gait_annotation_get_method (self));
      break;

    case PROP_CONFIDENCE:
      g_value_set_double (value, gait_annotation_get_confidence (self));
      break;

    case PROP_PROCRUSTES:
      g_value_set_double (value, gait_annotation_get_procrustes (self));
      break;

    case PROP_N_LANDMARKS:
      g_value_set_uint (value, gait_annotation_get_n_landmarks (self));
      break;

    case PROP_STRIDE_LENGTH:
      g_value_set_double (value, gait_annotation_get_stride_length (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_annotation_class_init (GaitAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gait_annotation_finalize;
  object_class->get_property = gait_annotation_get_property;

  /**
   * GaitAnnotation:limb:
   *
   * The limb's name.
   */
  properties[PROP_LIMB] =
    g_param_spec_string ("limb", NULL, NULL, NULL, flags);

  /**
   * GaitAnnotation:start:
   *
   * The touch-down frame that starts the cycle.
   */
  properties[PROP_START] =
    g_param_spec_int64 ("start", NULL, NULL, 0, G_MAXINT64, 0, flags);

  /**
   * GaitAnnotation:end:
   *
   * The next touch-down frame, which ends the cycle.
   */
  properties[PROP_END] =
    g_param_spec_int64 ("end", NULL, NULL, 0, G_MAXINT64, 1, flags);

  /**
   * GaitAnnotation:liftoff:
   *
   * The lift-off frame, or -1 if unknown.
   */
  properties[PROP_LIFTOFF] =
    g_param_spec_int64 ("liftoff", NULL, NULL, -1, G_MAXINT64, -1, flags);

  /**
   * GaitAnnotation:duration:
   *
   * The length of the cycle in frames: end − start.
   */
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 1, flags);

  /**
   * GaitAnnotation:state:
   *
   * Where the cycle stands in review.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       GAIT_TYPE_CYCLE_STATE, GAIT_CYCLE_DETECTED, flags);

  /**
   * GaitAnnotation:method:
   *
   * What produced the cycle.
   */
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL,
                       GAIT_TYPE_METHOD, GAIT_METHOD_MANUAL, flags);

  /**
   * GaitAnnotation:confidence:
   *
   * How sure the detector is, 0…1; NAN where the method has none.
   */
  properties[PROP_CONFIDENCE] =
    g_param_spec_double ("confidence", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, flags);

  /**
   * GaitAnnotation:procrustes:
   *
   * The Procrustes distance of the postures at start and end, or NAN.
   */
  properties[PROP_PROCRUSTES] =
    g_param_spec_double ("procrustes", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, flags);

  /**
   * GaitAnnotation:n-landmarks:
   *
   * The landmarks that entered the Procrustes distance.
   */
  properties[PROP_N_LANDMARKS] =
    g_param_spec_uint ("n-landmarks", NULL, NULL, 0, G_MAXUINT, 0, flags);

  /**
   * GaitAnnotation:stride-length:
   *
   * The distance (px) the limb travelled over the cycle, or NAN.
   */
  properties[PROP_STRIDE_LENGTH] =
    g_param_spec_double ("stride-length", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gait_annotation_init (GaitAnnotation *self)
{
  static gsize last_serial;

  /* Annotations are made on the main thread, but be safe. */
  self->serial = (gsize)g_atomic_pointer_add (&last_serial, 1);
}

/**
 * gait_annotation_new:
 * @cycle: a cycle, copied
 *
 * Makes an annotation that is in no store yet. Use
 * [method@Gait.AnnotationStore.add] to add a cycle to a store.
 *
 * Returns: (transfer full): a new annotation
 */
GaitAnnotation *
gait_annotation_new (const GaitCycle *cycle)
{
  GaitAnnotation *self;

  g_return_val_if_fail (cycle != NULL, NULL);

  self = g_object_new (GAIT_TYPE_ANNOTATION, NULL);
  self->cycle = *cycle;
  self->cycle.limb = g_intern_string (cycle->limb);

  return self;
}

/**
 * gait_annotation_get_cycle:
 * @self: a #GaitAnnotation
 *
 * Returns: (transfer none): the cycle, valid until the store changes it
 */
const GaitCycle *
gait_annotation_get_cycle (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), NULL);

  return &self->cycle;
}

/**
 * gait_annotation_get_limb:
 * @self: a #GaitAnnotation
 *
 * Returns: (transfer none): the limb's name, an interned string
 */
const char *
gait_annotation_get_limb (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), NULL);

  return self->cycle.limb;
}

/**
 * gait_annotation_get_start:
 * @self: a #GaitAnnotation
 *
 * Returns: the touch-down frame that starts the cycle
 */
gint64
gait_annotation_get_start (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), 0);

  return self->cycle.start;
}

/**
 * gait_annotation_get_end:
 * @self: a #GaitAnnotation
 *
 * Returns: the touch-down frame that ends the cycle
 */
gint64
gait_annotation_get_end (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), 0);

  return self->cycle.end;
}

/**
 * gait_annotation_get_liftoff:
 * @self: a #GaitAnnotation
 *
 * Returns: the lift-off frame, or -1 if unknown
 */
gint64
gait_annotation_get_liftoff (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), -1);

  return self->cycle.liftoff;
}

/**
 * gait_annotation_get_boundary:
 * @self: a #GaitAnnotation
 * @which: the boundary
 *
 * Returns: the frame of the boundary @which; -1 for an unknown lift-off
 */
gint64
gait_annotation_get_boundary (GaitAnnotation *self,
                              GaitBoundary    which)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), -1);

  switch (which)
    {
    case GAIT_BOUNDARY_START:
      return self->cycle.start;

    case GAIT_BOUNDARY_END:
      return self->cycle.end;

    case GAIT_BOUNDARY_LIFTOFF:
      return self->cycle.liftoff;

    default:
      g_return_val_if_reached (-1);
    }
}

/**
 * gait_annotation_get_duration:
 * @self: a #GaitAnnotation
 *
 * Returns: the length of the cycle in frames (end − start)
 */
gint64
gait_annotation_get_duration (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), 0);

  return self->cycle.end - self->cycle.start;
}

/**
 * gait_annotation_get_state:
 * @self: a #GaitAnnotation
 *
 * Returns: where the cycle stands in review
 */
GaitCycleState
gait_annotation_get_state (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), GAIT_CYCLE_DETECTED);

  return self->cycle.state;
}

/**
 * gait_annotation_get_method:
 * @self: a #GaitAnnotation
 *
 * Returns: what produced the cycle
 */
GaitMethod
gait_annotation_get_method (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), GAIT_METHOD_MANUAL);

  return self->cycle.method;
}

/**
 * gait_annotation_get_confidence:
 * @self: a #GaitAnnotation
 *
 * Returns: the detector's confidence, 0…1, or NAN
 */
double
gait_annotation_get_confidence (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), NAN);

  return self->cycle.confidence;
}

/**
 * gait_annotation_get_procrustes:
 * @self: a #GaitAnnotation
 *
 * Returns: the Procrustes distance of the postures at start and end, or NAN
 */
double
gait_annotation_get_procrustes (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), NAN);

  return self->cycle.procrustes;
}

/**
 * gait_annotation_get_n_landmarks:
 * @self: a #GaitAnnotation
 *
 * Returns: the landmarks that entered the Procrustes distance
 */
guint
gait_annotation_get_n_landmarks (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), 0);

  return self->cycle.n_landmarks;
}

/**
 * gait_annotation_get_stride_length:
 * @self: a #GaitAnnotation
 *
 * Returns: the stride length in pixels, or NAN
 */
double
gait_annotation_get_stride_length (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), NAN);

  return self->cycle.stride_length;
}

/**
 * gait_annotation_is_reviewed:
 * @self: a #GaitAnnotation
 *
 * Returns: %TRUE unless the cycle is %GAIT_CYCLE_DETECTED
 */
gboolean
gait_annotation_is_reviewed (GaitAnnotation *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION (self), FALSE);

  return self->cycle.state != GAIT_CYCLE_DETECTED;
}
