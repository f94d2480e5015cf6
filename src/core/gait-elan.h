/* gait-elan.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gait-cycle.h"
#include "gait-export.h"

G_BEGIN_DECLS

/**
 * GAIT_ELAN_MAX_DEPTH:
 *
 * How deeply elements may nest in an ELAN document. EAF needs five levels;
 * deeper input is refused rather than risking the stack.
 */
#define GAIT_ELAN_MAX_DEPTH 256

/**
 * GaitElanTrack:
 * @name: the track's name in ELAN's time-series viewer, e.g. "fl hoof speed"
 * @units: (nullable): the unit shown next to it, e.g. "px/frame"
 * @values: (array): one value per frame; NAN where there is none
 *
 * One signal for gait_elan_write_timeseries().
 */
typedef struct
{
  const char   *name;
  const char   *units;
  const double *values;
} GaitElanTrack;

#define GAIT_TYPE_ELAN_DOCUMENT (gait_elan_document_get_type ())

G_DECLARE_FINAL_TYPE (GaitElanDocument, gait_elan_document, GAIT, ELAN_DOCUMENT, GObject)

GaitElanDocument *gait_elan_document_new_from_data   (const char               *data,
                                                      gssize                    length,
                                                      const char               *display_name,
                                                      GError                  **error);
GaitElanDocument *gait_elan_document_new_from_file   (const char               *path,
                                                      GError                  **error);
const char       *gait_elan_document_get_format      (GaitElanDocument         *self);
GaitCycle        *gait_elan_document_get_cycles      (GaitElanDocument         *self,
                                                      double                    fps,
                                                      const char * const       *limbs,
                                                      gsize                    *n_cycles,
                                                      GError                  **error);
gboolean          gait_elan_document_set_cycles      (GaitElanDocument         *self,
                                                      const GaitCycle          *cycles,
                                                      gsize                     n_cycles,
                                                      const GaitExportOptions  *options,
                                                      GError                  **error);
gboolean          gait_elan_document_link_timeseries (GaitElanDocument         *self,
                                                      const char               *csv_path,
                                                      const char               *tsconf_path,
                                                      const char               *eaf_path,
                                                      GError                  **error);
char             *gait_elan_document_to_data         (GaitElanDocument         *self,
                                                      gsize                    *length);
gboolean          gait_elan_document_save            (GaitElanDocument         *self,
                                                      const char               *path,
                                                      GError                  **error);

gboolean          gait_elan_write_timeseries         (const char               *csv_path,
                                                      const char               *tsconf_path,
                                                      const GaitElanTrack      *tracks,
                                                      guint                     n_tracks,
                                                      gsize                     n_frames,
                                                      double                    fps,
                                                      GError                  **error);

G_END_DECLS
