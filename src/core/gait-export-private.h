/* gait-export-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *_gait_relative_url (const char *path,
                          const char *eaf_path,
                          gboolean    escape_reserved);

void  _gait_append_linked_path (GString    *url,
                               const char *path);

G_END_DECLS
