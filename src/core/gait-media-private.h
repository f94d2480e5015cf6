/* gait-media-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *_gait_media_mime_type_for_path (const char *path,
                                            const char *format_name);

G_END_DECLS
