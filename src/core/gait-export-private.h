/* gait-export-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gait-cycle.h"

G_BEGIN_DECLS

/* What follows a limb's name in the name of the tier of its rejected
 * cycles, "fl rejected" */
#define _GAIT_REJECTED_TIER_SUFFIX " rejected"

char       *_gait_relative_url         (const char      *path,
                                        const char      *eaf_path,
                                        gboolean         escape_reserved);

void        _gait_append_linked_path   (GString         *url,
                                        const char      *path);

gboolean    _gait_has_fps              (double           fps);

void        _gait_xml_append_escaped   (GString         *out,
                                        const char      *text,
                                        gboolean         attribute);

gboolean    _gait_frame_to_ms          (gint64           frame,
                                        double           fps,
                                        gint64           offset,
                                        gint64          *ms);

gboolean    _gait_check_cycle          (const GaitCycle *cycle,
                                        gsize            index,
                                        double           fps,
                                        gint64           offset,
                                        gint64          *start_ms,
                                        gint64          *end_ms,
                                        GError         **error);

const char *_gait_cycle_tier_name      (const char      *limb,
                                        gboolean         rejected);

char       *_gait_cycle_summary        (const GaitCycle *cycle);

char       *_gait_now_as_xsd_date_time (void);

G_END_DECLS
