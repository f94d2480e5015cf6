/* gait-test-util.c: helpers shared by the test programs
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "gait-test-util.h"

/* Files of the tests and of ../shared/data */

/* tests/data/@name */
char *
gait_test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* A file of ../shared/data, or NULL (and the test is skipped). */
char *
gait_test_shared_path (const char *relative)
{
  const char *root = g_getenv ("GAIT_SHARED_DATA");
  char *path;

  if (root == NULL)
    {
      g_test_skip ("GAIT_SHARED_DATA is not set");
      return NULL;
    }

  path = g_build_filename (root, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip_printf ("%s is not there", path);
      g_clear_pointer (&path, g_free);
    }

  return path;
}

/* GAIT_SHARED_DATA/video/@name, or NULL when there is no such folder or,
 * with @need_file, no such file. */
char *
gait_test_shared_video_path (const char *name,
                             gboolean    need_file)
{
  const char *shared = g_getenv ("GAIT_SHARED_DATA");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (shared == NULL)
    return NULL;

  dir = g_build_filename (shared, "video", NULL);
  path = g_build_filename (dir, name, NULL);
  if (need_file ? !g_file_test (path, G_FILE_TEST_IS_REGULAR)
                : !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;

  return g_steal_pointer (&path);
}

/* A new temporary folder named after @tmpl (see g_dir_make_tmp()) */
char *
gait_test_make_tmpdir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);

  return dir;
}

/* Removes @path and, if it is a folder, all in it (links, not what they
 * point to). */
void
gait_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    dir = g_dir_open (path, 0, NULL);

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      gait_test_remove_tree (child);
    }

  g_rmdir (path);
}

/* The same, unless GAIT_KEEP_TEST_FILES is set: then says where they are. */
void
gait_test_remove_tmpdir (const char *path)
{
  if (g_getenv ("GAIT_KEEP_TEST_FILES") == NULL)
    gait_test_remove_tree (path);
  else
    g_printerr ("test files kept in %s\n", path);
}

/* Copies the bundled example, data/examples/piglet-walk.mp4 and its
 * tracking, into @dir; returns the path of the copied video. */
char *
gait_test_copy_example (const char *dir)
{
  const char * const names[] = { "piglet-walk.mp4", "piglet-walkDLC_synthetic.csv" };
  g_autofree char *examples = g_test_build_filename (G_TEST_DIST, "..", "data", "examples", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *from = g_build_filename (examples, names[i], NULL);
      g_autofree char *to = g_build_filename (dir, names[i], NULL);
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &data, &len, NULL));
      g_assert_true (g_file_set_contents (to, data, len, NULL));
    }

  return g_build_filename (dir, names[0], NULL);
}

/* Reference values in tests/data/NAME.ini */

GKeyFile *
gait_test_load_fixture (const char *name)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *path = gait_test_data_path (name);
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&key_file);
}

/* A list of doubles "a;b;c;" (an empty list: no values) */
GArray *
gait_test_get_doubles (GKeyFile   *key_file,
                       const char *group,
                       const char *key)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) items = NULL;
  gsize n_items = 0;

  items = g_key_file_get_string_list (key_file, group, key, &n_items, &error);
  if (g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE))
    return g_steal_pointer (&values);  /* an empty list */
  g_assert_no_error (error);

  for (gsize i = 0; i < n_items; i++)
    {
      char *end = NULL;
      double value = g_ascii_strtod (items[i], &end);

      g_assert_true (end != items[i] && *end == '\0');
      g_array_append_val (values, value);
    }

  return g_steal_pointer (&values);
}

double
gait_test_get_double (GKeyFile   *key_file,
                      const char *group,
                      const char *key)
{
  g_autoptr(GError) error = NULL;
  double value = g_key_file_get_double (key_file, group, key, &error);

  g_assert_no_error (error);

  return value;
}

guint
gait_test_get_uint (GKeyFile   *key_file,
                    const char *group,
                    const char *key)
{
  g_autoptr(GError) error = NULL;
  int value = g_key_file_get_integer (key_file, group, key, &error);

  g_assert_no_error (error);
  g_assert_cmpint (value, >=, 0);

  return (guint) value;
}

gboolean
gait_test_get_boolean (GKeyFile   *key_file,
                       const char *group,
                       const char *key)
{
  g_autoptr(GError) error = NULL;
  gboolean value = g_key_file_get_boolean (key_file, group, key, &error);

  g_assert_no_error (error);

  return value;
}

/* Other programs: ffmpeg, xmllint, gaitline-cli */

/* Runs a tool; its standard output goes to @out when not %NULL. FALSE
 * (its standard error in the test log) when it fails. */
gboolean
gait_test_run (const char * const  *argv,
               GBytes             **out)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GBytes) stderr_bytes = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &stdout_bytes, &stderr_bytes, &error);
  g_assert_no_error (error);

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_test_message ("%s failed: %.*s", argv[0],
                      (int)g_bytes_get_size (stderr_bytes),
                      (const char *)g_bytes_get_data (stderr_bytes, NULL));
      return FALSE;
    }

  if (out != NULL)
    *out = g_steal_pointer (&stdout_bytes);

  return TRUE;
}

/* @dir/@name, written first with ffmpeg -nostdin -v error -y @args PATH
 * unless it is there already; an argument "SOURCE" stands for @source. */
char *
gait_test_make_video (const char         *dir,
                      const char         *name,
                      const char * const *args,
                      const char         *source)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GPtrArray) argv = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *)"ffmpeg");
  g_ptr_array_add (argv, (char *)"-nostdin");
  g_ptr_array_add (argv, (char *)"-v");
  g_ptr_array_add (argv, (char *)"error");
  g_ptr_array_add (argv, (char *)"-y");
  for (guint i = 0; args[i] != NULL; i++)
    {
      const char *arg = g_str_equal (args[i], "SOURCE") ? source : args[i];

      g_assert_nonnull (arg);
      g_ptr_array_add (argv, (char *)arg);
    }
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, NULL);

  g_assert_true (gait_test_run ((const char * const *)argv->pdata, NULL));

  return g_steal_pointer (&path);
}

/* Whether xmllint finds @path valid against the schema @xsd; what it
 * said (its standard error) in @messages when not NULL. */
gboolean
gait_test_xmllint_validates (const char  *xsd,
                             const char  *path,
                             char       **messages)
{
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { xmllint, "--noout", "--nonet", "--schema", xsd, path, NULL };
  int status;

  g_assert_nonnull (xmllint);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);

  if (messages != NULL)
    *messages = g_steal_pointer (&err);

  return g_spawn_check_wait_status (status, NULL);
}

/* Whether @eaf is valid against ELAN's EAF 3.0 schema
 * (GAIT_SHARED_DATA/xsd/EAFv3.0.xsd), with what xmllint said as a test
 * message when not. Without the schema or xmllint the test is marked
 * skipped (as it is where ../shared/data is absent), and this is TRUE. */
gboolean
gait_test_eaf_validates (const char *eaf)
{
  g_autofree char *xsd = gait_test_shared_path ("xsd/EAFv3.0.xsd");
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autofree char *messages = NULL;

  if (xsd == NULL)
    return TRUE;
  if (xmllint == NULL)
    {
      g_test_skip ("xmllint is not installed: no EAF schema validation");
      return TRUE;
    }

  if (!gait_test_xmllint_validates (xsd, eaf, &messages))
    {
      g_test_message ("%s is not valid EAF 3.0: %s", eaf, messages);
      return FALSE;
    }

  return TRUE;
}

/* $GAITLINE_CLI, or the one of the build tree */
const char *
gait_test_cli_path (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *env = g_getenv ("GAITLINE_CLI");

      path = env != NULL ? g_strdup (env)
                         : g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "gaitline-cli", NULL);
    }

  return path;
}

/* Runs gaitline-cli with the NULL-terminated arguments. */
void
gait_test_cli (GaitTestCliRun *run,
               const char     *first,
               ...)
{
  const char *program = gait_test_cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s is not there: build the whole project first", program);

  g_ptr_array_add (argv, (gpointer)program);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (run->status) ? WEXITSTATUS (run->status) : -1;
}

void
gait_test_cli_run_clear (GaitTestCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Values */

/* For sorting doubles (NaN sorts as equal to everything) */
int
gait_test_compare_doubles (gconstpointer a,
                           gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;

  return (da > db) - (da < db);
}

/* Bit for bit, NaN matching NaN */
gboolean
gait_test_same_double (double a,
                       double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);

  return memcmp (&a, &b, sizeof a) == 0;
}

/* Asserts that @got is @expected to within @rel_tol of the largest finite
 * |expected|: max |got - expected| <= rel_tol * max |expected|, so that
 * where every expected value is 0 the values must be exactly 0. NaN only
 * matches NaN and an infinity only the same infinity. Returns the error
 * relative to that largest |expected| (0 when it is 0). */
double
gait_test_assert_close (const char   *what,
                        const double *got,
                        const double *expected,
                        gsize         n,
                        double        rel_tol)
{
  double scale = 0, err = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (expected[i]))
      scale = MAX (scale, fabs (expected[i]));

  for (gsize i = 0; i < n; i++)
    {
      if (isfinite (expected[i]) && isfinite (got[i]))
        err = MAX (err, fabs (got[i] - expected[i]));
      else if (!gait_test_same_double (got[i], expected[i]))
        g_error ("%s[%" G_GSIZE_FORMAT "]: got %.17g, expected %.17g",
                 what, i, got[i], expected[i]);
    }

  if (!(err <= rel_tol * scale))
    g_error ("%s: max error %g exceeds %g × max |expected| %g",
             what, err, rel_tol, scale);

  return scale > 0 ? err / scale : 0;
}

/* A cycle with gait_cycle_init()'s values but @liftoff and @state */
GaitCycle
gait_test_cycle (const char     *limb,
                 gint64          start,
                 gint64          end,
                 gint64          liftoff,
                 GaitCycleState  state)
{
  GaitCycle cycle;

  gait_cycle_init (&cycle, limb, start, end);
  cycle.liftoff = liftoff;
  cycle.state = state;

  return cycle;
}

/* Tracking values where the reference tools put them */

const double *
gait_test_get_channel (GaitTracking *tracking,
                       guint         landmark,
                       guint         channel)
{
  switch (channel)
    {
    case GAIT_TEST_X:
      return gait_tracking_get_x (tracking, landmark);
    case GAIT_TEST_Y:
      return gait_tracking_get_y (tracking, landmark);
    default:
      return gait_tracking_get_likelihood (tracking, landmark);
    }
}

void
gait_test_check_spots (GaitTracking       *tracking,
                       const GaitTestSpot *spots,
                       gsize               n_spots)
{
  for (gsize i = 0; i < n_spots; i++)
    {
      const double *values = gait_test_get_channel (tracking, spots[i].landmark, spots[i].channel);
      double got;

      g_assert_nonnull (values);
      g_assert_cmpuint (spots[i].frame, <, gait_tracking_get_n_frames (tracking));
      got = values[spots[i].frame];
      if (!gait_test_same_double (got, spots[i].value))
        g_error ("%s: frame %u, landmark %u, channel %u: expected %.17g, got %.17g",
                 gait_tracking_get_path (tracking), spots[i].frame,
                 spots[i].landmark, spots[i].channel, spots[i].value, got);
    }
}
