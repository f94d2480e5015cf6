/* gait-export.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gait-cycle.h"

G_BEGIN_DECLS

/**
 * GAIT_ELAN_LINGUISTIC_TYPE:
 *
 * The linguistic type of the tiers Gaitline creates for cycles, in the
 * documents gait_cycles_to_eaf() writes and in those
 * gait_elan_document_set_cycles() adds tiers to.
 */
#define GAIT_ELAN_LINGUISTIC_TYPE "stride-cycle"

/**
 * GaitExportOptions:
 * @fps: frames per second; 0 when unknown (CSV then has frames only, EAF refuses)
 * @media_path: (nullable): the video, linked from the EAF when given
 * @media_mime_type: (nullable): its MIME type (from gait_media_probe())
 * @limbs: (nullable): limb names in tier order; NULL derives them from the cycles
 * @eaf_path: (nullable): where the EAF will be saved; when given with
 *   @media_path, the EAF also links the video by a path relative to it
 *   (RELATIVE_MEDIA_URL), which ELAN uses when the files move together
 *
 * What the cycle table writers need beyond the cycles themselves.
 */
typedef struct
{
  double              fps;
  const char         *media_path;
  const char         *media_mime_type;
  const char * const *limbs;
  const char         *eaf_path;
} GaitExportOptions;

char     *gait_cycles_to_csv (const GaitCycle          *cycles,
                              gsize                     n_cycles,
                              const GaitExportOptions  *options);
char     *gait_cycles_to_eaf (const GaitCycle          *cycles,
                              gsize                     n_cycles,
                              const GaitExportOptions  *options,
                              GError                  **error);
void      gait_csv_append_field (GString                  *out,
                                 const char               *text);
gboolean  gait_write_file_atomic (const char           *path,
                                  const char           *contents,
                                  gsize                 length,
                                  GError              **error);

G_END_DECLS
