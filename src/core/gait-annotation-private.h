/* gait-annotation-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gait-annotation.h"

G_BEGIN_DECLS

struct _GaitAnnotation
{
  GObject    parent_instance;

  GaitCycle  cycle;

  /* The store that lists the annotation, or NULL. Not a reference: the
   * store clears it when it drops the annotation. */
  gpointer   store;

  /* Creation order; the last sort key, so that equal cycles keep a stable
   * order through undo and redo. */
  guint64    serial;

  /* Scratch flag of the store's bulk updates. */
  guint      mark : 1;

  /* The cycle's row in a session file, owned; NULL when stale. Only the
   * session file writer uses it, on the main thread. */
  char      *row;
  gsize      row_length;
};

void      _gait_annotation_set_cycle     (GaitAnnotation   *self,
                                          const GaitCycle  *cycle);
void      _gait_annotation_set_row       (GaitAnnotation   *self,
                                          char             *row,
                                          gsize             row_length);
gboolean  _gait_annotation_validate      (const GaitCycle  *cycle,
                                          gint64            n_frames,
                                          GError          **error);
gboolean  _gait_cycle_equal              (const GaitCycle  *a,
                                          const GaitCycle  *b);

G_END_DECLS
