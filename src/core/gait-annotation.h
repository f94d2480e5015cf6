/* gait-annotation.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gait-cycle.h"
#include "gait-enums.h"

G_BEGIN_DECLS

/**
 * GaitBoundary:
 * @GAIT_BOUNDARY_START: the touch-down that starts a cycle
 * @GAIT_BOUNDARY_END: the touch-down that ends it
 * @GAIT_BOUNDARY_LIFTOFF: the lift-off between them
 *
 * One of the frames that delimit a cycle.
 */
typedef enum
{
  GAIT_BOUNDARY_START,
  GAIT_BOUNDARY_END,
  GAIT_BOUNDARY_LIFTOFF,
} GaitBoundary;

#define GAIT_TYPE_ANNOTATION (gait_annotation_get_type ())

G_DECLARE_FINAL_TYPE (GaitAnnotation, gait_annotation, GAIT, ANNOTATION, GObject)

GaitAnnotation   *gait_annotation_new               (const GaitCycle *cycle);
const GaitCycle  *gait_annotation_get_cycle         (GaitAnnotation  *self);
const char       *gait_annotation_get_limb          (GaitAnnotation  *self);
gint64            gait_annotation_get_start         (GaitAnnotation  *self);
gint64            gait_annotation_get_end           (GaitAnnotation  *self);
gint64            gait_annotation_get_liftoff       (GaitAnnotation  *self);
gint64            gait_annotation_get_boundary      (GaitAnnotation  *self,
                                                     GaitBoundary     which);
gint64            gait_annotation_get_duration      (GaitAnnotation  *self);
GaitCycleState    gait_annotation_get_state         (GaitAnnotation  *self);
GaitMethod        gait_annotation_get_method        (GaitAnnotation  *self);
double            gait_annotation_get_confidence    (GaitAnnotation  *self);
double            gait_annotation_get_procrustes    (GaitAnnotation  *self);
guint             gait_annotation_get_n_landmarks   (GaitAnnotation  *self);
double            gait_annotation_get_stride_length (GaitAnnotation  *self);
gboolean          gait_annotation_is_reviewed       (GaitAnnotation  *self);

G_END_DECLS
