/* gait-test-util.h: helpers shared by the test programs
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the test programs only: every helper checks what it does with
 * g_assert*() and fails the test that called it.
 */

#pragma once

#include <gio/gio.h>

#include "gait-cycle.h"
#include "gait-tracking.h"

G_BEGIN_DECLS

/* Files of the tests and of ../shared/data */

char         *gait_test_data_path         (const char          *name);
char         *gait_test_shared_path       (const char          *relative);
char         *gait_test_shared_video_path (const char          *name,
                                           gboolean             need_file);
char         *gait_test_make_tmpdir       (const char          *tmpl);
void          gait_test_remove_tree       (const char          *path);
void          gait_test_remove_tmpdir     (const char          *path);
char         *gait_test_copy_example      (const char          *dir);

/* Reference values in tests/data/NAME.ini */

GKeyFile     *gait_test_load_fixture      (const char          *name);
GArray       *gait_test_get_doubles       (GKeyFile            *key_file,
                                           const char          *group,
                                           const char          *key);
double        gait_test_get_double        (GKeyFile            *key_file,
                                           const char          *group,
                                           const char          *key);
guint         gait_test_get_uint          (GKeyFile            *key_file,
                                           const char          *group,
                                           const char          *key);
gboolean      gait_test_get_boolean       (GKeyFile            *key_file,
                                           const char          *group,
                                           const char          *key);

/* Other programs: ffmpeg, xmllint, gaitline-cli */

gboolean      gait_test_run               (const char * const  *argv,
                                           GBytes             **out);
char         *gait_test_make_video        (const char          *dir,
                                           const char          *name,
                                           const char * const  *args,
                                           const char          *source);
gboolean      gait_test_xmllint_validates (const char          *xsd,
                                           const char          *path,
                                           char               **messages);
gboolean      gait_test_eaf_validates     (const char          *eaf);

/* One run of gaitline-cli: its exit status (-1: it did not exit) and output */
typedef struct
{
  int   status;
  char *out;
  char *err;
} GaitTestCliRun;

const char   *gait_test_cli_path          (void);
void          gait_test_cli               (GaitTestCliRun      *run,
                                           const char          *first,
                                           ...);
void          gait_test_cli_run_clear     (GaitTestCliRun      *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GaitTestCliRun, gait_test_cli_run_clear)

/* Values */

int           gait_test_compare_doubles   (gconstpointer        a,
                                           gconstpointer        b);
gboolean      gait_test_same_double       (double               a,
                                           double               b);
double        gait_test_assert_close      (const char          *what,
                                           const double        *got,
                                           const double        *expected,
                                           gsize                n,
                                           double               rel_tol);
GaitCycle     gait_test_cycle             (const char          *limb,
                                           gint64               start,
                                           gint64               end,
                                           gint64               liftoff,
                                           GaitCycleState       state);

/* Tracking values where the reference tools put them */

typedef enum
{
  GAIT_TEST_X,
  GAIT_TEST_Y,
  GAIT_TEST_LIKELIHOOD,
} GaitTestChannel;

typedef struct
{
  guint  frame;
  guint  landmark;
  guint  channel;   /* a GaitTestChannel */
  double value;     /* NAN: expect a missing value */
} GaitTestSpot;

const double *gait_test_get_channel       (GaitTracking        *tracking,
                                           guint                landmark,
                                           guint                channel);
void          gait_test_check_spots       (GaitTracking        *tracking,
                                           const GaitTestSpot  *spots,
                                           gsize                n_spots);

G_END_DECLS
