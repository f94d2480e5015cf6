/* gait-error.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GAIT_ERROR (gait_error_quark ())

/**
 * GaitError:
 * @GAIT_ERROR_FAILED: an unspecified failure
 * @GAIT_ERROR_PARSE: an input file is malformed (the message names file and line)
 * @GAIT_ERROR_EMPTY: an input file holds no frames
 * @GAIT_ERROR_UNKNOWN_LANDMARK: a landmark or individual is not in the file
 * @GAIT_ERROR_INVALID_ARGUMENT: a parameter is out of range
 * @GAIT_ERROR_NO_FRAME_RATE: times were asked for but no frame rate is known
 * @GAIT_ERROR_VIDEO: a video cannot be opened or decoded
 */
typedef enum
{
  GAIT_ERROR_FAILED,
  GAIT_ERROR_PARSE,
  GAIT_ERROR_EMPTY,
  GAIT_ERROR_UNKNOWN_LANDMARK,
  GAIT_ERROR_INVALID_ARGUMENT,
  GAIT_ERROR_NO_FRAME_RATE,
  GAIT_ERROR_VIDEO,
} GaitError;

GQuark gait_error_quark (void);

G_END_DECLS
