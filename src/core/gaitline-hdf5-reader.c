/* gaitline-hdf5-reader.c: reads an HDF5 tracking file for Gaitline
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   gaitline-hdf5-reader FILE [INDIVIDUAL]
 *
 * Run by gait-tracking-isolated.c, not by people: reads FILE with libhdf5
 * and writes the tracking data (exit 0) or the error (exit 1) to standard
 * output (see gait-tracking-isolated.c). If libhdf5 crashes or loops on a
 * damaged file, only this process goes; an alarm ends a loop.
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "gait-tracking-private.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = NULL;

  if (argc < 2 || argc > 3)
    {
      fprintf (stderr, "usage: gaitline-hdf5-reader FILE [INDIVIDUAL]\n");
      return 2;
    }

  /* the parent waits this long; a loop in libhdf5 ends here too */
  alarm (_gait_tracking_hdf5_time_limit (argv[1]));

  display_name = g_filename_display_name (argv[1]);
  tracking = _gait_tracking_new_from_hdf5 (argv[1], display_name, argc == 3 ? argv[2] : NULL, &error);
  if (tracking == NULL)
    return _gait_tracking_write_error_to_fd (error, STDOUT_FILENO) ? 1 : 3;

  return _gait_tracking_write_to_fd (tracking, STDOUT_FILENO) ? 0 : 3;
}
