/* gait-annotation-store.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gait-annotation.h"
#include "gait-cycle.h"

G_BEGIN_DECLS

/**
 * GAIT_ANNOTATION_STORE_OVERLAP:
 *
 * How much of the shorter of two cycles of the same limb must overlap the
 * other before [method@Gait.AnnotationStore.replace_detected] takes a new
 * cycle for one a person already reviewed.
 */
#define GAIT_ANNOTATION_STORE_OVERLAP 0.2

#define GAIT_TYPE_ANNOTATION_STORE (gait_annotation_store_get_type ())

G_DECLARE_FINAL_TYPE (GaitAnnotationStore, gait_annotation_store, GAIT, ANNOTATION_STORE, GObject)

GaitAnnotationStore *gait_annotation_store_new                  (void);
gint64               gait_annotation_store_get_n_frames         (GaitAnnotationStore  *self);
void                 gait_annotation_store_set_n_frames         (GaitAnnotationStore  *self,
                                                                 gint64                n_frames);
guint                gait_annotation_store_get_n_unreviewed     (GaitAnnotationStore  *self);
gboolean             gait_annotation_store_get_can_undo         (GaitAnnotationStore  *self);
gboolean             gait_annotation_store_get_can_redo         (GaitAnnotationStore  *self);

GaitAnnotation      *gait_annotation_store_add                  (GaitAnnotationStore  *self,
                                                                 const GaitCycle      *cycle,
                                                                 GError              **error);
void                 gait_annotation_store_remove               (GaitAnnotationStore  *self,
                                                                 GaitAnnotation       *annotation);
void                 gait_annotation_store_set_state            (GaitAnnotationStore  *self,
                                                                 GaitAnnotation       *annotation,
                                                                 GaitCycleState        state);
gboolean             gait_annotation_store_move_boundary        (GaitAnnotationStore  *self,
                                                                 GaitAnnotation       *annotation,
                                                                 GaitBoundary          which,
                                                                 gint64                frame,
                                                                 GError              **error);
guint                gait_annotation_store_replace_detected     (GaitAnnotationStore  *self,
                                                                 const GaitCycle      *cycles,
                                                                 gsize                 n_cycles);
gboolean             gait_annotation_store_reset                (GaitAnnotationStore  *self,
                                                                 const GaitCycle      *cycles,
                                                                 gsize                 n_cycles,
                                                                 GError              **error);

void                 gait_annotation_store_begin_group          (GaitAnnotationStore  *self);
void                 gait_annotation_store_end_group            (GaitAnnotationStore  *self);
gboolean             gait_annotation_store_undo                 (GaitAnnotationStore  *self);
gboolean             gait_annotation_store_redo                 (GaitAnnotationStore  *self);
void                 gait_annotation_store_clear_history        (GaitAnnotationStore  *self);

GaitAnnotation      *gait_annotation_store_find                 (GaitAnnotationStore  *self,
                                                                 const char           *limb,
                                                                 gint64                frame);
GaitAnnotation      *gait_annotation_store_find_next_unreviewed (GaitAnnotationStore  *self,
                                                                 gint64                frame,
                                                                 gboolean              forward);
gboolean             gait_annotation_store_get_position         (GaitAnnotationStore  *self,
                                                                 GaitAnnotation       *annotation,
                                                                 guint                *position);
GaitCycle           *gait_annotation_store_get_cycles           (GaitAnnotationStore  *self,
                                                                 gsize                *n_cycles);

G_END_DECLS
