/* gait-session-file.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gait-annotation-private.h"
#include "gait-error.h"
#include "gait-export.h"
#include "gait-key-file-private.h"
#include "gait-session-file.h"
#include "gait-tracking-private.h"

/*
 * A session file keeps the review of one recording beside its tracking
 * file, as <tracking>.gaitline. It is a GKeyFile:
 *
 *   # Gaitline review session. …
 *   [Gaitline]
 *   version=1
 *   tracking=piglet.csv            relative to the session file
 *   video=piglet.mp4               likewise; optional
 *   fps=59.94                      optional
 *   frames=1800                    optional: the store's n-frames
 *   profile=Piglet, side view      optional
 *   mm-per-px=0.25                 optional: the scale of gait metrics
 *
 *   [Detection]                    optional: the last detection's parameters
 *   method=seed
 *   likelihood-cutoff=0.9
 *   …                              (missing keys take the method's defaults)
 *
 *   [Cycles]
 *   columns=limb;start;end;liftoff;state;method;confidence;procrustes;n-landmarks;stride-length;
 *   1=LF;10;40;28;accepted;seed;0.93;0.0123;5;123.456;
 *   2=RH;12;45;-1;detected;touchdown;nan;nan;0;nan;
 *
 *   [Traces]                       optional: GaitSessionInfo.traces
 *   trace0=landmark;hoof;raw;keep;
 *   trace1=intensity;320;240;disc;4;normalise;detrend;
 *
 *   [End]
 *
 * Every key but "columns" in [Cycles] is one cycle, a GKeyFile list in the
 * order of "columns" (limb names are escaped as GKeyFile escapes list
 * elements: "\;", "\n", "\s" …). Unknown columns, keys and groups are
 * ignored, so later versions can add them without a version break; limb, start, end and state are required, the other
 * columns default to -1, "manual", nan and 0. NaN is written "nan"; numbers
 * are written with the fewest digits that read back as the same double.
 *
 * The last line must be "[End]": a file cut short at any byte fails to load
 * with an error that says so, instead of loading part of a review. Saving
 * first keeps the previous file, if complete, as <file>~ (a hard link, so
 * it costs nothing), then replaces the file atomically; the backup is what
 * to offer when a file does not load.
 *
 * Saving formats a cycle's row once and caches it on the annotation until
 * the cycle changes, so that saving after every edit only formats what the
 * edit changed.
 */

#define GROUP_SESSION   "Gaitline"
#define GROUP_DETECTION "Detection"
#define GROUP_CYCLES    "Cycles"
#define GROUP_TRACES    "Traces"
#define KEY_COLUMNS     "columns"
#define END_LINE        "[End]"

#define HEADER_COMMENT \
  "# Gaitline review session: the stride cycles of one recording and where\n" \
  "# each stands in review. The last line must be " END_LINE "; without it the\n" \
  "# file counts as incomplete.\n"

typedef enum
{
  COLUMN_LIMB,
  COLUMN_START,
  COLUMN_END,
  COLUMN_LIFTOFF,
  COLUMN_STATE,
  COLUMN_METHOD,
  COLUMN_CONFIDENCE,
  COLUMN_PROCRUSTES,
  COLUMN_N_LANDMARKS,
  COLUMN_STRIDE_LENGTH,
  N_COLUMNS
} Column;

static const char * const column_names[N_COLUMNS] = {
  [COLUMN_LIMB] = "limb",
  [COLUMN_START] = "start",
  [COLUMN_END] = "end",
  [COLUMN_LIFTOFF] = "liftoff",
  [COLUMN_STATE] = "state",
  [COLUMN_METHOD] = "method",
  [COLUMN_CONFIDENCE] = "confidence",
  [COLUMN_PROCRUSTES] = "procrustes",
  [COLUMN_N_LANDMARKS] = "n-landmarks",
  [COLUMN_STRIDE_LENGTH] = "stride-length",
};

static const gboolean column_required[N_COLUMNS] = {
  [COLUMN_LIMB] = TRUE,
  [COLUMN_START] = TRUE,
  [COLUMN_END] = TRUE,
  [COLUMN_STATE] = TRUE,
};

typedef enum
{
  PARAM_DOUBLE,
  PARAM_UINT,
} ParamType;

static const struct {
  const char *key;
  ParamType   type;
  gsize       offset;
} param_keys[] = {
  { "fps", PARAM_DOUBLE, G_STRUCT_OFFSET (GaitDetectParams, fps) },
  { "likelihood-cutoff", PARAM_DOUBLE, G_STRUCT_OFFSET (GaitDetectParams, likelihood_cutoff) },
  { "savgol-window", PARAM_UINT, G_STRUCT_OFFSET (GaitDetectParams, savgol_window) },
  { "savgol-order", PARAM_UINT, G_STRUCT_OFFSET (GaitDetectParams, savgol_order) },
  { "gradient-spacing", PARAM_DOUBLE, G_STRUCT_OFFSET (GaitDetectParams, gradient_spacing) },
  { "threshold", PARAM_DOUBLE, G_STRUCT_OFFSET (GaitDetectParams, threshold) },
  { "min-width", PARAM_UINT, G_STRUCT_OFFSET (GaitDetectParams, min_width) },
  { "max-width", PARAM_UINT, G_STRUCT_OFFSET (GaitDetectParams, max_width) },
  { "min-distance", PARAM_UINT, G_STRUCT_OFFSET (GaitDetectParams, min_distance) },
  { "min-peak-width", PARAM_UINT, G_STRUCT_OFFSET (GaitDetectParams, min_peak_width) },
  { "max-interval", PARAM_UINT, G_STRUCT_OFFSET (GaitDetectParams, max_interval) },
  { "max-width-diff", PARAM_UINT, G_STRUCT_OFFSET (GaitDetectParams, max_width_diff) },
  { "min-landmarks", PARAM_UINT, G_STRUCT_OFFSET (GaitDetectParams, min_landmarks) },
};

/**
 * gait_session_info_init:
 * @info: a #GaitSessionInfo
 *
 * Sets every member to nothing or unknown; the parameters to the seed
 * method's defaults, not in use.
 */
void
gait_session_info_init (GaitSessionInfo *info)
{
  g_return_if_fail (info != NULL);

  memset (info, 0, sizeof *info);
  gait_detect_params_init (&info->params, GAIT_METHOD_SEED);
}

/**
 * gait_session_info_clear:
 * @info: a #GaitSessionInfo
 *
 * Frees the members of @info and initialises it again.
 */
void
gait_session_info_clear (GaitSessionInfo *info)
{
  g_return_if_fail (info != NULL);

  g_free (info->tracking);
  g_free (info->video);
  g_free (info->profile);
  g_clear_pointer (&info->traces, g_ptr_array_unref);
  gait_session_info_init (info);
}

/**
 * gait_session_file_path_for_tracking:
 * @tracking: a tracking file
 *
 * Returns: (transfer full): where the session of @tracking is kept: the
 *   same path with %GAIT_SESSION_FILE_SUFFIX appended
 */
char *
gait_session_file_path_for_tracking (const char *tracking)
{
  g_return_val_if_fail (tracking != NULL, NULL);

  return g_strconcat (tracking, GAIT_SESSION_FILE_SUFFIX, NULL);
}

/**
 * gait_session_file_backup_path:
 * @path: a session file
 *
 * Returns: (transfer full): where saving keeps the previous version of
 *   @path: the same path with "~" appended
 */
char *
gait_session_file_backup_path (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_strconcat (path, "~", NULL);
}

/* Writing */

/* Appends @text as GKeyFile does a value, or a list element if @list. */
static void
append_escaped (GString    *out,
                const char *text,
                gboolean    list)
{
  const char *p = text;

  for (; *p == ' '; p++)
    g_string_append (out, "\\s");

  for (; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\n':
          g_string_append (out, "\\n");
          break;

        case '\t':
          g_string_append (out, "\\t");
          break;

        case '\r':
          g_string_append (out, "\\r");
          break;

        case '\\':
          g_string_append (out, "\\\\");
          break;

        case ';':
          if (list)
            g_string_append (out, "\\;");
          else
            g_string_append_c (out, ';');
          break;

        default:
          g_string_append_c (out, *p);
        }
    }
}

/* GKeyFile drops white space at the start of a value, and has no escape
 * for form feeds and vertical tabs: a value starting with one would not
 * read back the same. */
static gboolean
starts_with_unkept_space (const char *text)
{
  return text[0] == '\f' || text[0] == '\v';
}

static void
append_int64 (GString *out,
              gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 u = value < 0 ? -(guint64)value : (guint64)value;

  do
    {
      *--p = '0' + u % 10;
      u /= 10;
    }
  while (u != 0);

  if (value < 0)
    *--p = '-';

  g_string_append_len (out, p, buf + sizeof buf - p);
}

/* NaN and infinities are written "nan". */
static void
append_double (GString *out,
               double   value)
{
  char buf[GAIT_TRACKING_DOUBLE_BUF];
  gsize n = _gait_tracking_format_double (value, buf);

  if (n == 0)
    g_string_append (out, "nan");
  else
    g_string_append_len (out, buf, n);
}

static void
append_row (GString         *out,
            const GaitCycle *cycle)
{
  append_escaped (out, cycle->limb, TRUE);
  g_string_append_c (out, ';');
  append_int64 (out, cycle->start);
  g_string_append_c (out, ';');
  append_int64 (out, cycle->end);
  g_string_append_c (out, ';');
  append_int64 (out, cycle->liftoff);
  g_string_append_c (out, ';');
  g_string_append (out, gait_cycle_state_to_string (cycle->state));
  g_string_append_c (out, ';');
  g_string_append (out, gait_method_to_string (cycle->method));
  g_string_append_c (out, ';');
  append_double (out, cycle->confidence);
  g_string_append_c (out, ';');
  append_double (out, cycle->procrustes);
  g_string_append_c (out, ';');
  append_int64 (out, cycle->n_landmarks);
  g_string_append_c (out, ';');
  append_double (out, cycle->stride_length);
  g_string_append_c (out, ';');
}

/* @target relative to the directory @base_dir, both absolute and
 * canonical; @target itself when they share nothing but the root. */
static char *
relative_path (const char *target,
               const char *base_dir)
{
  g_auto(GStrv) t = g_strsplit (target, G_DIR_SEPARATOR_S, -1);
  g_auto(GStrv) b = g_strsplit (base_dir, G_DIR_SEPARATOR_S, -1);
  g_autoptr(GPtrArray) tp = g_ptr_array_new ();
  g_autoptr(GPtrArray) bp = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  guint common = 0;

  for (guint i = 0; t[i] != NULL; i++)
    if (t[i][0] != '\0')
      g_ptr_array_add (tp, t[i]);
  for (guint i = 0; b[i] != NULL; i++)
    if (b[i][0] != '\0')
      g_ptr_array_add (bp, b[i]);

  while (common < tp->len && common < bp->len
         && strcmp (g_ptr_array_index (tp, common), g_ptr_array_index (bp, common)) == 0)
    common++;

  if (common == 0)
    return g_strdup (target);

  for (guint i = common; i < bp->len; i++)
    g_string_append (out, ".." G_DIR_SEPARATOR_S);
  for (guint i = common; i < tp->len; i++)
    {
      if (i > common)
        g_string_append_c (out, G_DIR_SEPARATOR);
      g_string_append (out, g_ptr_array_index (tp, i));
    }

  if (out->len == 0)
    g_string_append_c (out, '.');
  else if (out->str[out->len - 1] == G_DIR_SEPARATOR)
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
append_path_key (GString     *out,
                 const char  *key,
                 const char  *path,
                 const char  *base_dir,
                 GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *utf8 = NULL;
  g_autoptr(GError) local_error = NULL;

  if (path == NULL || path[0] == '\0')
    return TRUE;

  absolute = g_canonicalize_filename (path, NULL);
  relative = relative_path (absolute, base_dir);
  utf8 = g_filename_to_utf8 (relative, -1, NULL, NULL, &local_error);
  if (utf8 == NULL)
    {
      g_autofree char *display_name = g_filename_display_name (path);

      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Cannot store the path “%s” in a session file: %s",
                   display_name, local_error->message);
      return FALSE;
    }

  g_string_append (out, key);
  g_string_append_c (out, '=');
  /* (see starts_with_unkept_space()): kept behind a "./" */
  if (starts_with_unkept_space (utf8))
    g_string_append (out, "." G_DIR_SEPARATOR_S);
  append_escaped (out, utf8, FALSE);
  g_string_append_c (out, '\n');

  return TRUE;
}

static gboolean
append_string_key (GString     *out,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  if (value == NULL)
    return TRUE;

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Cannot store the %s in a session file: it is not UTF-8", key);
      return FALSE;
    }
  if (starts_with_unkept_space (value))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Cannot store the %s in a session file: it starts with a form feed or vertical tab", key);
      return FALSE;
    }

  g_string_append (out, key);
  g_string_append_c (out, '=');
  append_escaped (out, value, FALSE);
  g_string_append_c (out, '\n');

  return TRUE;
}

/* [Traces]: trace0=FIELD;FIELD;…; in lane order */
static gboolean
append_traces (GString    *out,
               GPtrArray  *traces,
               GError    **error)
{
  if (traces == NULL || traces->len == 0)
    return TRUE;

  g_string_append (out, "\n[" GROUP_TRACES "]\n");
  for (guint i = 0; i < traces->len; i++)
    {
      const char * const *fields = g_ptr_array_index (traces, i);

      g_string_append_printf (out, "trace%u=", i);
      for (guint f = 0; fields[f] != NULL; f++)
        {
          if (!g_utf8_validate (fields[f], -1, NULL) || (f == 0 && starts_with_unkept_space (fields[f])))
            {
              g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                           "Cannot store trace %u in a session file: it is not UTF-8, "
                           "or starts with a form feed or vertical tab", i + 1);
              return FALSE;
            }
          append_escaped (out, fields[f], TRUE);
          g_string_append_c (out, ';');
        }
      g_string_append_c (out, '\n');
    }

  return TRUE;
}

static void
append_params (GString                *out,
               const GaitDetectParams *params)
{
  g_string_append (out, "\n[" GROUP_DETECTION "]\nmethod=");
  g_string_append (out, gait_method_to_string (params->method));
  g_string_append_c (out, '\n');

  for (guint i = 0; i < G_N_ELEMENTS (param_keys); i++)
    {
      const guint8 *field = (const guint8 *)params + param_keys[i].offset;

      g_string_append (out, param_keys[i].key);
      g_string_append_c (out, '=');
      if (param_keys[i].type == PARAM_DOUBLE)
        append_double (out, *(const double *)(gconstpointer)field);
      else
        append_int64 (out, *(const guint *)(gconstpointer)field);
      g_string_append_c (out, '\n');
    }
}

/**
 * gait_session_file_to_data:
 * @path: where the session file will be saved; paths in @info are stored
 *   relative to its directory
 * @info: (nullable): the recording and detection; %NULL for none
 * @store: the cycles
 * @length: (out) (optional): return location for the length
 * @error: return location for a #GError
 *
 * Formats a session file, as described in gait-session-file.c. Must be
 * called on the thread that owns @store: it caches formatted rows on the
 * annotations.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with @error set
 *   (%GAIT_ERROR_INVALID_ARGUMENT: a limb name or path that is not UTF-8)
 */
char *
gait_session_file_to_data (const char             *path,
                           const GaitSessionInfo  *info,
                           GaitAnnotationStore    *store,
                           gsize                  *length,
                           GError                **error)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *base_dir = NULL;
  GListModel *model;
  gint64 n_frames;
  guint n_items;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  model = G_LIST_MODEL (store);
  n_items = g_list_model_get_n_items (model);
  absolute = g_canonicalize_filename (path, NULL);
  base_dir = g_path_get_dirname (absolute);

  out = g_string_sized_new (1024 + (gsize)n_items * 80);
  g_string_append (out, HEADER_COMMENT "[" GROUP_SESSION "]\nversion=");
  append_int64 (out, GAIT_SESSION_FILE_VERSION);
  g_string_append_c (out, '\n');

  if (info != NULL)
    {
      if (!append_path_key (out, "tracking", info->tracking, base_dir, error) ||
          !append_path_key (out, "video", info->video, base_dir, error))
        return NULL;

      if (isfinite (info->fps) && info->fps > 0)
        {
          g_string_append (out, "fps=");
          append_double (out, info->fps);
          g_string_append_c (out, '\n');
        }
    }

  n_frames = gait_annotation_store_get_n_frames (store);
  if (n_frames > 0)
    {
      g_string_append (out, "frames=");
      append_int64 (out, n_frames);
      g_string_append_c (out, '\n');
    }

  if (info != NULL)
    {
      if (!append_string_key (out, "profile", info->profile, error))
        return NULL;

      if (isfinite (info->mm_per_px) && info->mm_per_px > 0)
        {
          g_string_append (out, "mm-per-px=");
          append_double (out, info->mm_per_px);
          g_string_append_c (out, '\n');
        }

      if (info->has_params)
        append_params (out, &info->params);
    }

  g_string_append (out, "\n[" GROUP_CYCLES "]\n" KEY_COLUMNS "=");
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_string_append (out, column_names[i]);
      g_string_append_c (out, ';');
    }
  g_string_append_c (out, '\n');

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GaitAnnotation) annotation = g_list_model_get_item (model, i);

      if (annotation->row == NULL)
        {
          g_autoptr(GString) row = g_string_sized_new (80);

          if (!g_utf8_validate (annotation->cycle.limb, -1, NULL))
            {
              g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                           "Cannot store the limb name of cycle %u in a session file: "
                           "it is not UTF-8", i + 1);
              return NULL;
            }
          /* the first field of its row */
          if (starts_with_unkept_space (annotation->cycle.limb))
            {
              g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                           "Cannot store the limb name of cycle %u in a session file: "
                           "it starts with a form feed or vertical tab", i + 1);
              return NULL;
            }

          append_row (row, &annotation->cycle);
          _gait_annotation_set_row (annotation, g_strndup (row->str, row->len), row->len);
        }

      append_int64 (out, (gint64)i + 1);
      g_string_append_c (out, '=');
      g_string_append_len (out, annotation->row, annotation->row_length);
      g_string_append_c (out, '\n');
    }

  if (info != NULL && !append_traces (out, info->traces, error))
    return NULL;

  g_string_append (out, "\n" END_LINE "\n");

  if (length != NULL)
    *length = out->len;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Whether @data, after trailing white space, ends with the line [End]. */
static gboolean
ends_with_end_line (const char *data,
                    gsize       length)
{
  const gsize n_end = strlen (END_LINE);

  while (length > 0 && g_ascii_isspace (data[length - 1]))
    length--;

  if (length < n_end || memcmp (data + length - n_end, END_LINE, n_end) != 0)
    return FALSE;

  return length == n_end || data[length - n_end - 1] == '\n';
}

/* Whether @path is a session file that was written completely. Reads only
 * its end. */
static gboolean
file_is_complete (const char *path)
{
  char buf[64];
  struct stat st;
  gsize n;
  int fd;
  gboolean ok = FALSE;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;

  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
    {
      n = MIN ((gsize)st.st_size, sizeof buf);
      if (pread (fd, buf, n, st.st_size - n) == (gssize)n)
        ok = ends_with_end_line (buf, n);
    }

  close (fd);

  return ok;
}

/* Keeps the complete session file at @path as its backup. Failing to is
 * not an error: it must not keep the new file from being saved. */
static void
keep_backup (const char *path)
{
  g_autofree char *backup = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (!file_is_complete (path))
    return;

  backup = gait_session_file_backup_path (path);

  if (g_unlink (backup) != 0 && errno != ENOENT)
    g_debug ("Cannot remove the old backup “%s”: %s", backup, g_strerror (errno));

#ifdef G_OS_UNIX
  /* The atomic write replaces the directory entry, not the file, so a hard
   * link keeps the old contents. */
  if (link (path, backup) == 0)
    return;
#endif

  if (!g_file_get_contents (path, &contents, &length, &error) ||
      !gait_write_file_atomic (backup, contents, length, &error))
    g_debug ("Cannot keep a backup of “%s”: %s", path, error->message);
}

/**
 * gait_session_file_write:
 * @path: the session file
 * @data: (array length=length): its contents, from gait_session_file_to_data()
 * @length: the length of @data
 * @error: return location for a #GError
 *
 * Keeps the file now at @path, if it is complete, as its backup
 * (gait_session_file_backup_path()), then replaces it atomically with
 * @data. Safe to call from a worker thread; one save of a path at a time.
 *
 * Returns: %TRUE on success
 */
gboolean
gait_session_file_write (const char  *path,
                         const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  keep_backup (path);

  return gait_write_file_atomic (path, data, length, error);
}

/**
 * gait_session_file_save:
 * @path: the session file, usually gait_session_file_path_for_tracking()
 * @info: (nullable): the recording and detection
 * @store: the cycles
 * @error: return location for a #GError
 *
 * Saves the review: gait_session_file_to_data(), then
 * gait_session_file_write(). Fast enough to call after every edit.
 *
 * Returns: %TRUE on success
 */
gboolean
gait_session_file_save (const char             *path,
                        const GaitSessionInfo  *info,
                        GaitAnnotationStore    *store,
                        GError                **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = gait_session_file_to_data (path, info, store, &length, error);
  if (data == NULL)
    return FALSE;

  return gait_session_file_write (path, data, length, error);
}

typedef struct
{
  char  *path;
  char  *data;
  gsize  length;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_free (save->path);
  g_free (save->data);
  g_free (save);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *save = task_data;
  GError *error = NULL;

  if (gait_session_file_write (save->path, save->data, save->length, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * gait_session_file_save_async:
 * @path: the session file
 * @info: (nullable): the recording and detection
 * @store: the cycles
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is saved
 * @user_data: data for @callback
 *
 * Formats the session now, on this thread, and writes it in a worker
 * thread, for saving without waiting for the disk. Wait for one save to
 * finish before starting the next of the same path.
 */
void
gait_session_file_save_async (const char             *path,
                              const GaitSessionInfo  *info,
                              GaitAnnotationStore    *store,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SaveData *save;

  g_return_if_fail (path != NULL);
  g_return_if_fail (GAIT_IS_ANNOTATION_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gait_session_file_save_async);

  save = g_new0 (SaveData, 1);
  save->path = g_strdup (path);
  save->data = gait_session_file_to_data (path, info, store, &save->length, &error);
  g_task_set_task_data (task, save, save_data_free);

  if (save->data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_run_in_thread (task, save_thread);
}

/**
 * gait_session_file_save_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the session was saved
 */
gboolean
gait_session_file_save_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gait_session_file_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reading */

typedef struct
{
  const char *data;
  gsize       length;
  char       *display_name;
  char       *base_dir;
} Source;

static void
source_clear (Source *src)
{
  g_clear_pointer (&src->display_name, g_free);
  g_clear_pointer (&src->base_dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Source, source_clear)

/* Calls @func for each line (without its '\n' and '\r'), numbered from 1,
 * until it returns FALSE. */
typedef gboolean (*LineFunc) (const char *line,
                              gsize       length,
                              guint       number,
                              gpointer    user_data);

static void
foreach_line (const Source *src,
              LineFunc      func,
              gpointer      user_data)
{
  const char *p = src->data;
  const char *end = src->data + src->length;
  guint number = 1;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      gsize length = line_end - p;

      if (length > 0 && p[length - 1] == '\r')
        length--;

      if (!func (p, length, number, user_data))
        return;

      if (nl == NULL)
        break;
      p = nl + 1;
      number++;
    }
}

/* Strips white space off both ends of a line. */
static const char *
strip (const char *line,
       gsize      *length)
{
  while (*length > 0 && g_ascii_isspace (*line))
    {
      line++;
      (*length)--;
    }
  while (*length > 0 && g_ascii_isspace (line[*length - 1]))
    (*length)--;

  return line;
}

/* The group name of a "[name]" line, or NULL. */
static char *
group_of_line (const char *line,
               gsize       length)
{
  line = strip (line, &length);
  if (length < 2 || line[0] != '[' || line[length - 1] != ']')
    return NULL;
  return g_strndup (line + 1, length - 2);
}

/* The key of a "key=value" line, or NULL. */
static char *
key_of_line (const char *line,
             gsize       length)
{
  const char *eq;
  gsize key_length;

  line = strip (line, &length);
  if (length == 0 || line[0] == '#' || line[0] == '[')
    return NULL;

  eq = memchr (line, '=', length);
  if (eq == NULL)
    return NULL;

  key_length = eq - line;
  line = strip (line, &key_length);

  return g_strndup (line, key_length);
}

typedef struct
{
  const char *group;
  const char *key;
  char       *current;
  guint       line;
} FindKey;

static gboolean
find_key_cb (const char *line,
             gsize       length,
             guint       number,
             gpointer    user_data)
{
  FindKey *find = user_data;
  char *group = group_of_line (line, length);
  g_autofree char *key = NULL;

  if (group != NULL)
    {
      g_free (find->current);
      find->current = group;
      if (find->key == NULL && strcmp (group, find->group) == 0)
        {
          find->line = number;
          return FALSE;
        }
      return TRUE;
    }

  if (find->key == NULL || g_strcmp0 (find->current, find->group) != 0)
    return TRUE;

  key = key_of_line (line, length);
  if (key != NULL && strcmp (key, find->key) == 0)
    {
      find->line = number;
      return FALSE;
    }

  return TRUE;
}

/* The line of @key in @group, or of the group's header if @key is NULL;
 * 0 if there is none. For error messages only: a linear search. */
static guint
find_line (const Source *src,
           const char   *group,
           const char   *key)
{
  FindKey find = { .group = group, .key = key };

  foreach_line (src, find_key_cb, &find);
  g_free (find.current);

  return find.line;
}

static void set_line_error (GError       **error,
                            const Source  *src,
                            guint          line,
                            const char    *format,
                            ...) G_GNUC_PRINTF (4, 5);

static void
set_line_error (GError       **error,
                const Source  *src,
                guint          line,
                const char    *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                 "“%s”, line %u: %s", src->display_name, line, message);
  else
    g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                 "“%s”: %s", src->display_name, message);
}

static void set_key_error (GError       **error,
                           const Source  *src,
                           const char    *group,
                           const char    *key,
                           const char    *format,
                           ...) G_GNUC_PRINTF (5, 6);

/* An error about the value of @key in [@group], with its line. */
static void
set_key_error (GError       **error,
               const Source  *src,
               const char    *group,
               const char    *key,
               const char    *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  set_line_error (error, src, find_line (src, group, key),
                  "[%s] %s: %s", group, key, message);
}

typedef struct
{
  GHashTable *groups;       /* name → first line */
  char       *current;
  const char *problem;
  char       *detail;
  guint       line;
} Scan;

static gboolean
scan_cb (const char *line,
         gsize       length,
         guint       number,
         gpointer    user_data)
{
  Scan *scan = user_data;
  const char *text;
  const char *eq;
  gsize text_length = length;
  char *group;

  if (!g_utf8_validate_len (line, length, NULL))
    {
      scan->problem = "the text is not UTF-8";
      scan->line = number;
      return FALSE;
    }

  text = strip (line, &text_length);
  if (text_length == 0 || text[0] == '#')
    return TRUE;

  if (text[0] == '[')
    {
      group = group_of_line (text, text_length);
      if (group == NULL || group[0] == '\0' || strpbrk (group, "[]") != NULL)
        {
          g_free (group);
          scan->problem = "a malformed group header";
          scan->line = number;
          return FALSE;
        }

      if (g_hash_table_contains (scan->groups, group))
        {
          scan->problem = "the group appears twice";
          scan->detail = group;
          scan->line = number;
          return FALSE;
        }

      if (scan->current == NULL && strcmp (group, GROUP_SESSION) != 0)
        {
          g_free (group);
          scan->problem = "not a Gaitline session file: the first group is not [" GROUP_SESSION "]";
          scan->line = number;
          return FALSE;
        }

      g_hash_table_insert (scan->groups, group, GUINT_TO_POINTER (number));
      scan->current = group;
      return TRUE;
    }

  if (scan->current == NULL)
    {
      scan->problem = "not a Gaitline session file: text before the first group";
      scan->line = number;
      return FALSE;
    }

  eq = memchr (text, '=', text_length);
  if (eq == NULL || eq == text)
    {
      scan->problem = "neither a key=value pair, a group nor a comment";
      scan->line = number;
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *group;
  GHashTable *seen;
  char       *current;
  char       *key;
  guint       line;
} FindDuplicate;

static gboolean
find_duplicate_cb (const char *line,
                   gsize       length,
                   guint       number,
                   gpointer    user_data)
{
  FindDuplicate *find = user_data;
  char *group = group_of_line (line, length);
  char *key;

  if (group != NULL)
    {
      g_free (find->current);
      find->current = group;
      return TRUE;
    }

  if (g_strcmp0 (find->current, find->group) != 0)
    return TRUE;

  key = key_of_line (line, length);
  if (key == NULL)
    return TRUE;

  if (g_hash_table_contains (find->seen, key))
    {
      find->key = key;
      find->line = number;
      return FALSE;
    }

  g_hash_table_add (find->seen, key);

  return TRUE;
}

/* Checks what GKeyFile lets pass: text that is not UTF-8 or has NUL bytes,
 * a first group other than [Gaitline], a group that appears twice. Gives
 * line numbers to syntax errors. */
static gboolean
check_structure (const Source  *src,
                 GHashTable    *groups,
                 GError       **error)
{
  Scan scan = { .groups = groups };
  const char *nul;

  nul = memchr (src->data, '\0', src->length);
  if (nul != NULL)
    {
      gsize length = nul - src->data;
      guint line = 1;

      for (gsize i = 0; i < length; i++)
        line += src->data[i] == '\n';

      set_line_error (error, src, line, "a NUL byte");
      return FALSE;
    }

  foreach_line (src, scan_cb, &scan);
  if (scan.problem != NULL)
    {
      g_autofree char *detail = scan.detail;

      if (detail != NULL)
        set_line_error (error, src, scan.line, "%s: [%s]", scan.problem, detail);
      else
        set_line_error (error, src, scan.line, "%s", scan.problem);
      return FALSE;
    }

  return TRUE;
}

/* A key that appears twice in a group, which GKeyFile lets pass (lookups
 * find the last value), would lose a cycle. */
static gboolean
check_duplicate_keys (const Source  *src,
                      GKeyFile      *key_file,
                      GError       **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (key_file, groups[g], NULL, NULL);

      g_hash_table_remove_all (seen);

      for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
        {
          g_autoptr(GHashTable) lines = NULL;
          FindDuplicate find = { .group = groups[g] };

          if (g_hash_table_add (seen, keys[i]))
            continue;

          lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          find.seen = lines;
          foreach_line (src, find_duplicate_cb, &find);
          g_free (find.current);
          set_line_error (error, src, find.line, "[%s] %s: the key appears twice",
                          groups[g], keys[i]);
          g_free (find.key);
          return FALSE;
        }
    }

  return TRUE;
}

/* Numbers may have white space around them, which is stripped off @text. */
static gboolean
parse_int64 (char   *text,
             gint64  min,
             gint64  max,
             gint64 *value)
{
  return g_ascii_string_to_signed (g_strstrip (text), 10, min, max, value, NULL);
}

/* A number or "nan" (or nothing, which is NaN too); not infinity. */
static gboolean
parse_double (const char *text,
              double     *value)
{
  gsize length = strlen (text);
  double v;

  text = strip (text, &length);
  if (!_gait_tracking_parse_double (text, length, &v) || isinf (v))
    return FALSE;

  *value = v;
  return TRUE;
}

/* trace0, trace1, … up to the first missing key; what the window cannot
 * read it leaves out, as it does a trace of a landmark no longer tracked */
static GPtrArray *
read_traces_group (GKeyFile *key_file)
{
  GPtrArray *traces;

  if (!g_key_file_has_group (key_file, GROUP_TRACES))
    return NULL;

  traces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; ; i++)
    {
      g_autofree char *key = g_strdup_printf ("trace%u", i);
      char **fields;

      if (!g_key_file_has_key (key_file, GROUP_TRACES, key, NULL))
        break;
      if ((fields = g_key_file_get_string_list (key_file, GROUP_TRACES, key, NULL, NULL)) != NULL)
        g_ptr_array_add (traces, fields);
    }

  return traces;
}

static gboolean
read_session_group (const Source     *src,
                    GKeyFile         *key_file,
                    GaitSessionInfo  *info,
                    gint64           *n_frames,
                    GError          **error)
{
  const char *path_keys[] = { "tracking", "video" };
  char **path_values[] = { &info->tracking, &info->video };
  g_autofree char *value = NULL;
  gint64 version;

  value = g_key_file_get_value (key_file, GROUP_SESSION, "version", NULL);
  if (value == NULL)
    {
      set_line_error (error, src, find_line (src, GROUP_SESSION, NULL),
                      "[" GROUP_SESSION "] has no key “version”");
      return FALSE;
    }
  if (!parse_int64 (value, 1, G_MAXINT, &version))
    {
      set_key_error (error, src, GROUP_SESSION, "version",
                     "“%s” is not a format version", value);
      return FALSE;
    }
  if (version > GAIT_SESSION_FILE_VERSION)
    {
      set_key_error (error, src, GROUP_SESSION, "version",
                     "the file was written by a newer Gaitline (format %" G_GINT64_FORMAT
                     "; this version reads format %d)", version, GAIT_SESSION_FILE_VERSION);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (path_keys); i++)
    {
      g_autofree char *utf8 = NULL;
      g_autofree char *filename = NULL;
      g_autoptr(GError) local_error = NULL;

      utf8 = g_key_file_get_string (key_file, GROUP_SESSION, path_keys[i], &local_error);
      if (utf8 == NULL)
        {
          if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
            continue;
          set_key_error (error, src, GROUP_SESSION, path_keys[i], "%s", local_error->message);
          return FALSE;
        }

      if (utf8[0] == '\0')
        continue;

      filename = g_filename_from_utf8 (utf8, -1, NULL, NULL, &local_error);
      if (filename == NULL)
        {
          set_key_error (error, src, GROUP_SESSION, path_keys[i], "%s", local_error->message);
          return FALSE;
        }

      *path_values[i] = g_canonicalize_filename (filename, src->base_dir);
    }

  g_clear_pointer (&value, g_free);
  value = g_key_file_get_value (key_file, GROUP_SESSION, "fps", NULL);
  if (value != NULL && (!parse_double (value, &info->fps) || info->fps < 0))
    {
      set_key_error (error, src, GROUP_SESSION, "fps",
                     "“%s” is not a frame rate", value);
      return FALSE;
    }
  if (isnan (info->fps))
    info->fps = 0;

  g_clear_pointer (&value, g_free);
  value = g_key_file_get_value (key_file, GROUP_SESSION, "frames", NULL);
  if (value != NULL && !parse_int64 (value, 0, G_MAXINT64, n_frames))
    {
      set_key_error (error, src, GROUP_SESSION, "frames",
                     "“%s” is not a number of frames", value);
      return FALSE;
    }

  g_clear_pointer (&value, g_free);
  value = g_key_file_get_value (key_file, GROUP_SESSION, "mm-per-px", NULL);
  if (value != NULL && (!parse_double (value, &info->mm_per_px) || !(info->mm_per_px >= 0)))
    {
      set_key_error (error, src, GROUP_SESSION, "mm-per-px",
                     "“%s” is not a scale in millimetres per pixel", value);
      return FALSE;
    }

  if (g_key_file_has_key (key_file, GROUP_SESSION, "profile", NULL))
    {
      g_autoptr(GError) local_error = NULL;

      info->profile = g_key_file_get_string (key_file, GROUP_SESSION, "profile", &local_error);
      if (info->profile == NULL)
        {
          set_key_error (error, src, GROUP_SESSION, "profile", "%s", local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
read_detection_group (const Source     *src,
                      GKeyFile         *key_file,
                      GaitSessionInfo  *info,
                      GError          **error)
{
  g_autofree char *method_name = NULL;
  GaitMethod method;

  if (!g_key_file_has_group (key_file, GROUP_DETECTION))
    return TRUE;

  method_name = g_key_file_get_value (key_file, GROUP_DETECTION, "method", NULL);
  if (method_name == NULL)
    {
      set_line_error (error, src, find_line (src, GROUP_DETECTION, NULL),
                      "[" GROUP_DETECTION "] has no key “method”");
      return FALSE;
    }
  g_strstrip (method_name);
  if (!gait_method_from_string (method_name, &method))
    {
      set_key_error (error, src, GROUP_DETECTION, "method",
                     "unknown method “%s”", method_name);
      return FALSE;
    }

  gait_detect_params_init (&info->params, method);
  info->has_params = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (param_keys); i++)
    {
      g_autofree char *value = NULL;
      guint8 *field = (guint8 *)&info->params + param_keys[i].offset;

      value = g_key_file_get_value (key_file, GROUP_DETECTION, param_keys[i].key, NULL);
      if (value == NULL)
        continue;

      if (param_keys[i].type == PARAM_DOUBLE)
        {
          double v;

          if (!parse_double (value, &v) || isnan (v))
            {
              set_key_error (error, src, GROUP_DETECTION, param_keys[i].key,
                             "“%s” is not a number", value);
              return FALSE;
            }
          *(double *)(gpointer)field = v;
        }
      else
        {
          gint64 v;

          if (!parse_int64 (value, 0, G_MAXUINT, &v))
            {
              set_key_error (error, src, GROUP_DETECTION, param_keys[i].key,
                             "“%s” is not a whole number ≥ 0", value);
              return FALSE;
            }
          *(guint *)(gpointer)field = (guint)v;
        }
    }

  return TRUE;
}

static gboolean
read_row (const Source     *src,
          GKeyFile         *key_file,
          const char       *key,
          const int        *positions,
          gsize             n_fields,
          gint64            n_frames,
          GaitCycle        *cycle,
          GError          **error)
{
  g_auto(GStrv) fields = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize n = 0;
  gint64 v;

  fields = g_key_file_get_string_list (key_file, GROUP_CYCLES, key, &n, &local_error);
  if (fields == NULL && local_error != NULL)
    {
      set_key_error (error, src, GROUP_CYCLES, key, "%s", local_error->message);
      return FALSE;
    }

  if (n != n_fields)
    {
      set_key_error (error, src, GROUP_CYCLES, key,
                     "%" G_GSIZE_FORMAT " fields where “" KEY_COLUMNS "” names %" G_GSIZE_FORMAT,
                     n, n_fields);
      return FALSE;
    }

  gait_cycle_init (cycle, "?", 0, 0);

#define FIELD(column) (fields[positions[column]])

  if (FIELD (COLUMN_LIMB)[0] == '\0')
    {
      set_key_error (error, src, GROUP_CYCLES, key, "no limb name");
      return FALSE;
    }

  /* in another column than the first: readable, but it could not be
   * saved again (starts_with_unkept_space()) */
  if (starts_with_unkept_space (FIELD (COLUMN_LIMB)))
    {
      set_key_error (error, src, GROUP_CYCLES, key,
                     "the limb name starts with a form feed or vertical tab");
      return FALSE;
    }
  cycle->limb = g_intern_string (FIELD (COLUMN_LIMB));

  if (!parse_int64 (FIELD (COLUMN_START), 0, G_MAXINT64, &cycle->start))
    {
      set_key_error (error, src, GROUP_CYCLES, key,
                     "start “%s” is not a frame", FIELD (COLUMN_START));
      return FALSE;
    }

  if (!parse_int64 (FIELD (COLUMN_END), 0, G_MAXINT64, &cycle->end))
    {
      set_key_error (error, src, GROUP_CYCLES, key,
                     "end “%s” is not a frame", FIELD (COLUMN_END));
      return FALSE;
    }

  if (positions[COLUMN_LIFTOFF] >= 0 &&
      !parse_int64 (FIELD (COLUMN_LIFTOFF), -1, G_MAXINT64, &cycle->liftoff))
    {
      set_key_error (error, src, GROUP_CYCLES, key,
                     "lift-off “%s” is not a frame or -1", FIELD (COLUMN_LIFTOFF));
      return FALSE;
    }

  g_strstrip (FIELD (COLUMN_STATE));
  if (!gait_cycle_state_from_string (FIELD (COLUMN_STATE), &cycle->state))
    {
      set_key_error (error, src, GROUP_CYCLES, key,
                     "unknown state “%s”", FIELD (COLUMN_STATE));
      return FALSE;
    }

  if (positions[COLUMN_METHOD] >= 0)
    {
      g_strstrip (FIELD (COLUMN_METHOD));
      if (!gait_method_from_string (FIELD (COLUMN_METHOD), &cycle->method))
        {
          set_key_error (error, src, GROUP_CYCLES, key,
                         "unknown method “%s”", FIELD (COLUMN_METHOD));
          return FALSE;
        }
    }

  if (positions[COLUMN_CONFIDENCE] >= 0 &&
      !parse_double (FIELD (COLUMN_CONFIDENCE), &cycle->confidence))
    {
      set_key_error (error, src, GROUP_CYCLES, key,
                     "confidence “%s” is not a number", FIELD (COLUMN_CONFIDENCE));
      return FALSE;
    }

  if (positions[COLUMN_PROCRUSTES] >= 0 &&
      !parse_double (FIELD (COLUMN_PROCRUSTES), &cycle->procrustes))
    {
      set_key_error (error, src, GROUP_CYCLES, key,
                     "Procrustes distance “%s” is not a number", FIELD (COLUMN_PROCRUSTES));
      return FALSE;
    }

  if (positions[COLUMN_N_LANDMARKS] >= 0)
    {
      if (!parse_int64 (FIELD (COLUMN_N_LANDMARKS), 0, G_MAXUINT, &v))
        {
          set_key_error (error, src, GROUP_CYCLES, key,
                         "landmark count “%s” is not a whole number ≥ 0",
                         FIELD (COLUMN_N_LANDMARKS));
          return FALSE;
        }
      cycle->n_landmarks = (guint)v;
    }

  if (positions[COLUMN_STRIDE_LENGTH] >= 0 &&
      !parse_double (FIELD (COLUMN_STRIDE_LENGTH), &cycle->stride_length))
    {
      set_key_error (error, src, GROUP_CYCLES, key,
                     "stride length “%s” is not a number", FIELD (COLUMN_STRIDE_LENGTH));
      return FALSE;
    }

#undef FIELD

  if (!_gait_annotation_validate (cycle, n_frames, &local_error))
    {
      set_key_error (error, src, GROUP_CYCLES, key, "%s", local_error->message);
      return FALSE;
    }

  return TRUE;
}

static GArray *
read_cycles_group (const Source  *src,
                   GKeyFile      *key_file,
                   gint64         n_frames,
                   GError       **error)
{
  g_autoptr(GArray) cycles = NULL;
  g_auto(GStrv) columns = NULL;
  g_auto(GStrv) keys = NULL;
  g_autoptr(GError) local_error = NULL;
  int positions[N_COLUMNS];
  gsize n_columns = 0;
  gsize n_keys = 0;

  if (!g_key_file_has_group (key_file, GROUP_CYCLES))
    {
      set_line_error (error, src, 0, "no group [" GROUP_CYCLES "]");
      return NULL;
    }

  columns = g_key_file_get_string_list (key_file, GROUP_CYCLES, KEY_COLUMNS, &n_columns, &local_error);
  if (columns == NULL)
    {
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
        set_line_error (error, src, find_line (src, GROUP_CYCLES, NULL),
                        "[" GROUP_CYCLES "] has no key “" KEY_COLUMNS "”");
      else
        set_key_error (error, src, GROUP_CYCLES, KEY_COLUMNS, "%s", local_error->message);
      return NULL;
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    positions[c] = -1;

  for (gsize i = 0; i < n_columns; i++)
    {
      g_strstrip (columns[i]);
      for (guint c = 0; c < N_COLUMNS; c++)
        {
          if (strcmp (columns[i], column_names[c]) != 0)
            continue;
          if (positions[c] >= 0)
            {
              set_key_error (error, src, GROUP_CYCLES, KEY_COLUMNS,
                             "the column “%s” appears twice", columns[i]);
              return NULL;
            }
          positions[c] = (int)i;
        }
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      if (column_required[c] && positions[c] < 0)
        {
          set_key_error (error, src, GROUP_CYCLES, KEY_COLUMNS,
                         "no column “%s”", column_names[c]);
          return NULL;
        }
    }

  keys = g_key_file_get_keys (key_file, GROUP_CYCLES, &n_keys, NULL);
  cycles = g_array_sized_new (FALSE, FALSE, sizeof (GaitCycle), n_keys);

  for (gsize i = 0; i < n_keys; i++)
    {
      GaitCycle cycle;

      if (strcmp (keys[i], KEY_COLUMNS) == 0)
        continue;

      if (!read_row (src, key_file, keys[i], positions, n_columns, n_frames, &cycle, error))
        return NULL;

      g_array_append_val (cycles, cycle);
    }

  return g_steal_pointer (&cycles);
}

/**
 * gait_session_file_load_data:
 * @data: (array length=length): the contents of a session file
 * @length: the length of @data
 * @path: the file's path, for error messages and to resolve the relative
 *   paths in it
 * @info: (out caller-allocates) (optional): an initialised
 *   #GaitSessionInfo to fill in; untouched on failure
 * @store: (nullable): the store to load the cycles into; untouched on
 *   failure
 * @error: return location for a #GError
 *
 * Reads a session file: replaces the annotations of @store with its cycles
 * (gait_annotation_store_reset(): no undo history) and sets the store's
 * n-frames if the file has them. Either everything loads or nothing
 * changes.
 *
 * A malformed file fails with %GAIT_ERROR_PARSE and a message naming the
 * file, the line (and group and key where there is one) and the problem.
 * A file cut short fails as incomplete: see gait_session_file_backup_path()
 * for the previous version.
 *
 * Returns: %TRUE on success
 */
gboolean
gait_session_file_load_data (const char           *data,
                             gsize                 length,
                             const char           *path,
                             GaitSessionInfo      *info,
                             GaitAnnotationStore  *store,
                             GError              **error)
{
  g_auto(Source) src = { .data = data, .length = length };
  g_auto(GaitSessionInfo) parsed = { 0 };
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GArray) cycles = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *bad_group = NULL;
  g_autofree char *bad_key = NULL;
  gint64 n_frames = 0;
  gsize n = length;
  const char *start;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (store == NULL || GAIT_IS_ANNOTATION_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (data == NULL)
    data = src.data = "";

  src.display_name = g_filename_display_name (path);
  absolute = g_canonicalize_filename (path, NULL);
  src.base_dir = g_path_get_dirname (absolute);
  gait_session_info_init (&parsed);

  start = strip (data, &n);
  if (n == 0)
    {
      set_line_error (error, &src, 0, "the file is empty");
      return FALSE;
    }

  if (!ends_with_end_line (data, length))
    {
      /* Tell a cut-short session from something else. */
      static const char header[] = "[" GROUP_SESSION "]";
      gboolean session = FALSE;

      while (n > 0 && start[0] == '#')
        {
          const char *nl = memchr (start, '\n', n);

          if (nl == NULL)
            {
              n = 0;
              break;
            }
          n -= nl + 1 - start;
          start = strip (nl + 1, &n);
        }

      session = n == 0
             || strncmp (start, header, MIN (n, strlen (header))) == 0;

      if (session)
        set_line_error (error, &src, 0,
                        "the file is incomplete (cut short?): its last line is not "
                        END_LINE "; its backup may hold the previous version");
      else
        set_line_error (error, &src, 0, "not a Gaitline session file");
      return FALSE;
    }

  groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!check_structure (&src, groups, error))
    return FALSE;

  key_file = g_key_file_new ();
  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      set_line_error (error, &src, 0, "%s", local_error->message);
      return FALSE;
    }

  if (!check_duplicate_keys (&src, key_file, error))
    return FALSE;

  if (_gait_key_file_find_lone_backslash (key_file, &bad_group, &bad_key))
    {
      set_key_error (error, &src, bad_group, bad_key, "the value ends with a lone backslash");
      return FALSE;
    }

  if (!read_session_group (&src, key_file, &parsed, &n_frames, error) ||
      !read_detection_group (&src, key_file, &parsed, error))
    return FALSE;

  cycles = read_cycles_group (&src, key_file, n_frames, error);
  if (cycles == NULL)
    return FALSE;

  parsed.traces = read_traces_group (key_file);

  if (store != NULL)
    {
      if (!gait_annotation_store_reset (store, (const GaitCycle *)(gpointer)cycles->data,
                                        cycles->len, &local_error))
        {
          set_line_error (error, &src, 0, "%s", local_error->message);
          return FALSE;
        }

      if (n_frames > 0)
        gait_annotation_store_set_n_frames (store, n_frames);
    }

  if (info != NULL)
    {
      gait_session_info_clear (info);
      *info = parsed;
      gait_session_info_init (&parsed);
    }

  return TRUE;
}

/**
 * gait_session_file_load:
 * @path: a session file
 * @info: (out caller-allocates) (optional): an initialised
 *   #GaitSessionInfo to fill in; untouched on failure
 * @store: (nullable): the store to load the cycles into
 * @error: return location for a #GError
 *
 * Reads the file at @path with gait_session_file_load_data().
 *
 * Returns: %TRUE on success
 */
gboolean
gait_session_file_load (const char           *path,
                        GaitSessionInfo      *info,
                        GaitAnnotationStore  *store,
                        GError              **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (store == NULL || GAIT_IS_ANNOTATION_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_get_contents (path, &data, &length, error))
    return FALSE;

  return gait_session_file_load_data (data, length, path, info, store, error);
}
