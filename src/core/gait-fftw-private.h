/* gait-fftw-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* FFTW's planner (fftw_plan_*, fftw_destroy_plan) is not thread-safe;
 * executing a plan with the new-array interface is. Every file of the core
 * that makes or destroys plans does so between these two calls, so that no
 * two threads ever plan at once. The lock is not recursive.
 */
void _gait_fftw_lock   (void);
void _gait_fftw_unlock (void);

G_END_DECLS
