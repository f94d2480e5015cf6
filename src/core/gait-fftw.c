/* gait-fftw.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gait-fftw-private.h"

static GMutex fftw_lock;

/* Held while making or destroying FFTW plans anywhere in the core. */
void
_gait_fftw_lock (void)
{
  g_mutex_lock (&fftw_lock);
}

void
_gait_fftw_unlock (void)
{
  g_mutex_unlock (&fftw_lock);
}
