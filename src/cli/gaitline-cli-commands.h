/* gaitline-cli-commands.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gait-profile.h"

G_BEGIN_DECLS

/* gaitline-cli commands that live in their own files. Each gets the
 * command line with the command's name as argv[0] and returns the exit
 * status: 0 success, 1 an input could not be read or used, 2 usage error.
 */

/* Exit codes of every command */
enum {
  GAIT_CLI_EXIT_OK = 0,
  GAIT_CLI_EXIT_BAD_INPUT = 1,    /* an input file could not be read or used */
  GAIT_CLI_EXIT_USAGE = 2,        /* the command line is wrong */
  GAIT_CLI_EXIT_CANCELLED = 130,  /* interrupted (Ctrl+C) */
};

/* gaitline-cli.c: shared by the commands */
int          gait_cli_usage_error     (GOptionContext      *context,
                                       const char          *message);
int          gait_cli_input_error     (const GError        *error);
gboolean     gait_cli_parse_fps       (const char          *str,
                                       double              *fps,
                                       GError             **error);
gboolean     gait_cli_write_output    (const char          *path,
                                       const char          *text,
                                       gssize               length,
                                       GError             **error);
GStrv        gait_cli_split_list      (const char          *list);
GaitProfile *gait_cli_resolve_profile (const char          *profile_option,
                                       const char * const  *limbs,
                                       const char          *procrustes,
                                       GaitTracking        *tracking,
                                       GError             **error);
gboolean     gait_cli_parse_range     (const char          *option,
                                       const char          *text,
                                       double               fps,
                                       gint64              *start,
                                       gint64              *end,
                                       GError             **error);
gboolean     gait_cli_check_range     (const char          *option,
                                       const char          *text,
                                       GaitTracking        *tracking,
                                       gint64              *start,
                                       gint64              *end,
                                       GError             **error);

/* gaitline-cli-spectral.c */
int gait_cli_vqt      (int    argc,
                       char **argv);
int gait_cli_metrics  (int    argc,
                       char **argv);
int gait_cli_spectrum (int    argc,
                       char **argv);

/* gaitline-cli-trace.c */
int gait_cli_trace    (int    argc,
                       char **argv);

G_END_DECLS
