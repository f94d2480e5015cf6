/* gait-tracking-isolated.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gait-error.h"
#include "gait-tracking-private.h"

/*
 * HDF5 files are read in a child process, gaitline-hdf5-reader.
 *
 * libhdf5 trusts the files it reads: on some damaged files it writes out
 * of bounds, crashes or loops for ever inside H5Dread(), where no check of
 * ours can reach. Read in a child, such a file costs the child, not the
 * application with the user's review in it: the child's death becomes an
 * error that names the file. The child sets an alarm for the time it may
 * take (a minute, and a second per megabyte beyond; a one-hour DeepLabCut
 * file of 70 MB reads in under a second), so a loop ends too, even when
 * the parent has gone.
 *
 * What the child writes to its standard output: a tag byte, 'T' for the
 * tracking data or 'E' for an error; the length of a serialised GVariant
 * (8 bytes, native order) and the GVariant, "(ssasasbuu)" (scorer,
 * individual, individuals, landmark names, has-likelihood, frames,
 * landmarks) or "(sis)" (error domain, code, message); after 'T', the x, y
 * and likelihood of each landmark in turn as native doubles, read straight
 * into the new #GaitTracking (no copy beyond the pipe).
 *
 * The child is found, in order: $GAITLINE_HDF5_READER (empty: read in this
 * process; $GAITLINE_HDF5_TIME_LIMIT sets the time limit in seconds, for
 * tests), beside the program in ../libexec/ (installed, Flatpak) or
 * ../core/ (the build tree), or in the configured libexecdir. Without one,
 * the file is read in this process.
 */

#define HEADER_TYPE  "(ssasasbuu)"
#define ERROR_TYPE   "(sis)"
#define READER_NAME  "gaitline-hdf5-reader"
#define MIN_SECONDS  60
#define MAX_HEADER   ((guint64) 64 * 1024 * 1024)

/**
 * _gait_tracking_hdf5_time_limit:
 * @path: an HDF5 file
 *
 * Returns: the seconds the child may take to read @path
 */
guint
_gait_tracking_hdf5_time_limit (const char *path)
{
  const char *env = g_getenv ("GAITLINE_HDF5_TIME_LIMIT");
  guint64 limit;
  GStatBuf st;
  guint seconds = MIN_SECONDS;

  /* for tests */
  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, 86400, &limit, NULL))
    return (guint) limit;

  if (g_stat (path, &st) == 0 && st.st_size > 0)
    seconds += (guint) MIN ((gint64) st.st_size / 1000000, G_MAXUINT / 2);

  return seconds;
}

static gboolean
write_all (int         fd,
           const void *data,
           gsize       length)
{
  const guint8 *p = data;

  while (length > 0)
    {
      gssize n = write (fd, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      length -= (gsize) n;
    }

  return TRUE;
}

static gboolean
write_message (int       fd,
               char      tag,
               GVariant *variant)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (variant);
  guint64 length = g_variant_get_size (owned);

  return write_all (fd, &tag, 1) &&
         write_all (fd, &length, sizeof length) &&
         write_all (fd, g_variant_get_data (owned), length);
}

/**
 * _gait_tracking_write_to_fd:
 * @self: tracking data
 * @fd: where to (the child's standard output)
 *
 * Returns: whether all was written
 */
gboolean
_gait_tracking_write_to_fd (GaitTracking *self,
                            int           fd)
{
  guint n_frames = gait_tracking_get_n_frames (self);
  guint n_landmarks = gait_tracking_get_n_landmarks (self);
  g_autofree const char **names = g_new0 (const char *, n_landmarks + 1);
  const char * const *individuals = gait_tracking_get_individuals (self);
  const char * const none[] = { NULL };
  gsize bytes = (gsize) n_frames * sizeof (double);

  for (guint i = 0; i < n_landmarks; i++)
    names[i] = gait_tracking_get_landmark_name (self, i);

  if (!write_message (fd, 'T',
                      g_variant_new ("(ss^as^asbuu)",
                                     gait_tracking_get_scorer (self) ? gait_tracking_get_scorer (self) : "",
                                     gait_tracking_get_individual (self) ? gait_tracking_get_individual (self) : "",
                                     individuals ? individuals : none,
                                     names,
                                     gait_tracking_has_likelihood (self),
                                     n_frames, n_landmarks)))
    return FALSE;

  for (guint i = 0; i < n_landmarks; i++)
    if (!write_all (fd, gait_tracking_get_x (self, i), bytes) ||
        !write_all (fd, gait_tracking_get_y (self, i), bytes) ||
        !write_all (fd, gait_tracking_get_likelihood (self, i), bytes))
      return FALSE;

  return TRUE;
}

/**
 * _gait_tracking_write_error_to_fd:
 * @error: why the file could not be read
 * @fd: where to
 *
 * Returns: whether all was written
 */
gboolean
_gait_tracking_write_error_to_fd (const GError *error,
                                  int           fd)
{
  return write_message (fd, 'E', g_variant_new (ERROR_TYPE, g_quark_to_string (error->domain),
                                                error->code, error->message));
}

/* Reads the child's answer: the tracking data, or %NULL with @answer_error
 * set to the child's error, or %NULL and %FALSE when the answer is cut
 * short or makes no sense. */
static gboolean
read_answer (GInputStream  *in,
             GaitTracking **tracking,
             GError       **answer_error)
{
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GaitTracking) self = NULL;
  g_autofree const char **individuals = NULL;
  g_autofree const char **names = NULL;
  const char *scorer, *individual;
  gboolean has_likelihood;
  guint n_frames, n_landmarks;
  guint64 length;
  gsize got;
  char tag;
  void *header;

  *tracking = NULL;

  if (!g_input_stream_read_all (in, &tag, 1, &got, NULL, NULL) || got != 1 ||
      (tag != 'T' && tag != 'E') ||
      !g_input_stream_read_all (in, &length, sizeof length, &got, NULL, NULL) || got != sizeof length ||
      length > MAX_HEADER)
    return FALSE;

  header = g_malloc (MAX (length, 1));
  if (!g_input_stream_read_all (in, header, length, &got, NULL, NULL) || got != length)
    {
      g_free (header);
      return FALSE;
    }
  bytes = g_bytes_new_take (header, length);

  if (tag == 'E')
    {
      const char *domain, *message;
      int code;

      variant = g_variant_new_from_bytes (G_VARIANT_TYPE (ERROR_TYPE), bytes, FALSE);
      if (!g_variant_is_normal_form (variant))
        return FALSE;
      g_variant_get (variant, "(&si&s)", &domain, &code, &message);
      if (domain[0] == '\0')
        return FALSE;
      g_set_error_literal (answer_error, g_quark_from_string (domain), code, message);
      return TRUE;
    }

  /* what is not in normal form did not come from the reader */
  variant = g_variant_new_from_bytes (G_VARIANT_TYPE (HEADER_TYPE), bytes, FALSE);
  if (!g_variant_is_normal_form (variant))
    return FALSE;
  g_variant_get (variant, "(&s&s^a&s^a&sbuu)", &scorer, &individual, &individuals, &names,
                 &has_likelihood, &n_frames, &n_landmarks);
  if (g_strv_length ((char **) names) != n_landmarks ||
      !(self = _gait_tracking_new_for_reader (n_frames, n_landmarks, names, individuals,
                                              individual[0] ? individual : NULL,
                                              scorer[0] ? scorer : NULL, has_likelihood)))
    return FALSE;

  for (guint i = 0; i < n_landmarks; i++)
    {
      double *channels[] = {
        gait_tracking_get_x_mutable (self, i),
        gait_tracking_get_y_mutable (self, i),
        gait_tracking_get_likelihood_mutable (self, i),
      };

      for (guint c = 0; c < G_N_ELEMENTS (channels); c++)
        if (!g_input_stream_read_all (in, channels[c], (gsize) n_frames * sizeof (double), &got, NULL, NULL) ||
            got != (gsize) n_frames * sizeof (double))
          return FALSE;
    }

  *tracking = g_steal_pointer (&self);
  return TRUE;
}

static char *
find_reader (void)
{
  const char *env = g_getenv ("GAITLINE_HDF5_READER");
  g_autofree char *self_path = NULL;

  if (env != NULL)
    return env[0] != '\0' ? g_strdup (env) : NULL;

  if ((self_path = g_file_read_link ("/proc/self/exe", NULL)) != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_path);
      const char *relative[] = { "../libexec", "../core" };

      for (guint i = 0; i < G_N_ELEMENTS (relative); i++)
        {
          g_autofree char *path = g_build_filename (dir, relative[i], READER_NAME, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
            return g_steal_pointer (&path);
        }
    }

  {
    g_autofree char *path = g_build_filename (LIBEXECDIR, READER_NAME, NULL);

    if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
      return g_steal_pointer (&path);
  }

  return NULL;
}

/* The parent's own time limit, for a child that ignores its alarm: a
 * thread that kills the child at the deadline unless told it is done. */
typedef struct
{
  GMutex       lock;
  GCond        cond;
  GSubprocess *child;
  gint64       deadline;
  gboolean     done;
  gboolean     timed_out;
} Watch;

static gpointer
watch_thread (gpointer data)
{
  Watch *watch = data;

  g_mutex_lock (&watch->lock);
  while (!watch->done)
    if (!g_cond_wait_until (&watch->cond, &watch->lock, watch->deadline) && !watch->done)
      {
        watch->timed_out = TRUE;
        g_subprocess_force_exit (watch->child);
        break;
      }
  g_mutex_unlock (&watch->lock);

  return NULL;
}

/**
 * _gait_tracking_new_from_hdf5_isolated:
 * @path: an HDF5 file
 * @display_name: its name for messages
 * @individual: (nullable): the individual to read
 * @error: return location for a #GError
 *
 * _gait_tracking_new_from_hdf5() in a child process (see the top of this
 * file), or in this one when there is no child program.
 *
 * Returns: (transfer full) (nullable): the tracking data
 */
GaitTracking *
_gait_tracking_new_from_hdf5_isolated (const char  *path,
                                       const char  *display_name,
                                       const char  *individual,
                                       GError     **error)
{
  g_autofree char *reader = find_reader ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) child_error = NULL;
  g_autoptr(GaitTracking) tracking = NULL;
  guint limit = _gait_tracking_hdf5_time_limit (path);
  Watch watch = { 0 };
  GThread *watcher;
  gboolean answered;
  int status;

  if (reader == NULL)
    {
      g_debug ("No %s: reading “%s” in this process", READER_NAME, display_name);
      return _gait_tracking_new_from_hdf5 (path, display_name, individual, error);
    }

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &local_error, reader, path, individual, NULL);
  if (child == NULL)
    {
      g_debug ("%s: %s; reading “%s” in this process", reader, local_error->message, display_name);
      return _gait_tracking_new_from_hdf5 (path, display_name, individual, error);
    }

  /* the child's alarm comes first; this is for one that ignores it */
  g_mutex_init (&watch.lock);
  g_cond_init (&watch.cond);
  watch.child = child;
  watch.deadline = g_get_monotonic_time () + (limit + 2) * G_TIME_SPAN_SECOND;
  watcher = g_thread_new ("gaitline-hdf5-watch", watch_thread, &watch);

  answered = read_answer (g_subprocess_get_stdout_pipe (child), &tracking, &child_error);
  if (!answered)
    g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);
  status = g_subprocess_get_status (child);

  g_mutex_lock (&watch.lock);
  watch.done = TRUE;
  g_cond_signal (&watch.cond);
  g_mutex_unlock (&watch.lock);
  g_thread_join (watcher);
  g_mutex_clear (&watch.lock);
  g_cond_clear (&watch.cond);

  if (answered && WIFEXITED (status) && WEXITSTATUS (status) == (tracking != NULL ? 0 : 1))
    {
      if (tracking == NULL)
        g_propagate_error (error, g_steal_pointer (&child_error));
      return g_steal_pointer (&tracking);
    }

  if (watch.timed_out || (WIFSIGNALED (status) && WTERMSIG (status) == SIGALRM))
    g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                 "“%s” could not be read: the HDF5 library was still at it after %u s, "
                 "so the file is probably damaged", display_name, limit);
  else if (WIFSIGNALED (status) && WTERMSIG (status) != SIGKILL)
    g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                 "“%s” could not be read: the HDF5 library crashed on it (%s), "
                 "so the file is probably damaged", display_name, g_strsignal (WTERMSIG (status)));
  else if (WIFEXITED (status) && WEXITSTATUS (status) > 1)
    g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                 "“%s” could not be read: %s stopped with status %d",
                 display_name, READER_NAME, WEXITSTATUS (status));
  else
    g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                 "“%s”: the HDF5 reader's answer is incomplete", display_name);

  return NULL;
}
