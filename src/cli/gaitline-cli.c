/* gaitline-cli.c
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

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "gait-detector.h"
#include "gait-elan.h"
#include "gait-error.h"
#include "gait-export.h"
#include "gait-media.h"
#include "gait-profile.h"
#include "gait-recording.h"
#include "gait-synth.h"
#include "gait-trace.h"
#include "gait-tracking.h"

#include "gaitline-cli-commands.h"

typedef enum
{
  FORMAT_AUTO,
  FORMAT_CSV,
  FORMAT_EAF,
} Format;

typedef struct
{
  /* common */
  char             *profile;
  char            **limbs;
  char             *procrustes;
  char             *individual;
  char             *fps;
  char             *video;
  char             *output;
  char             *format;
  char             *method;
  char             *widths;
  char             *merge;
  gboolean          timeseries;
  int               jobs;
  gboolean          quiet;

  /* parsed */
  GaitDetectParams  params;
  double            fps_value;
  Format            format_value;
} Options;

typedef struct
{
  const Options *options;
  const char    *path;
  guint          index;
  gboolean       to_directory;

  /* results, filled by the worker */
  GError        *error;
  char          *warning;
  guint          n_cycles;
  char          *written;
} Job;

static void
options_clear (Options *o)
{
  g_clear_pointer (&o->profile, g_free);
  g_clear_pointer (&o->limbs, g_strfreev);
  g_clear_pointer (&o->procrustes, g_free);
  g_clear_pointer (&o->individual, g_free);
  g_clear_pointer (&o->fps, g_free);
  g_clear_pointer (&o->video, g_free);
  g_clear_pointer (&o->output, g_free);
  g_clear_pointer (&o->format, g_free);
  g_clear_pointer (&o->method, g_free);
  g_clear_pointer (&o->widths, g_free);
  g_clear_pointer (&o->merge, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/**
 * gait_cli_parse_fps:
 * @str: a frame rate: 50, 29.97 or 30000/1001
 * @fps: (out): it as a number
 * @error: return location for a #GError
 *
 * Returns: whether @str is a positive frame rate
 */
gboolean
gait_cli_parse_fps (const char  *str,
                    double      *fps,
                    GError     **error)
{
  const char *slash = strchr (str, '/');
  char *end = NULL;
  double num, den = 1;

  num = g_ascii_strtod (str, &end);
  if (slash != NULL && end == slash)
    den = g_ascii_strtod (slash + 1, &end);

  if (end == NULL || *end != '\0' || !(num > 0) || !(den > 0) || !isfinite (num / den))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "--fps: “%s” is not a frame rate (e.g. 50, 29.97 or 30000/1001)", str);
      return FALSE;
    }

  *fps = num / den;
  return TRUE;
}

/**
 * gait_cli_write_output:
 * @path: (nullable): a file, or %NULL or "-" for standard output
 * @text: what to write
 * @length: its length, or -1 when nul-terminated
 * @error: return location for a #GError
 *
 * Writes @text to @path atomically (devices and pipes in place), or to
 * standard output.
 *
 * Returns: %TRUE on success
 */
gboolean
gait_cli_write_output (const char  *path,
                       const char  *text,
                       gssize       length,
                       GError     **error)
{
  gsize n = length < 0 ? strlen (text) : (gsize) length;

  if (path == NULL || g_str_equal (path, "-"))
    {
      if (fwrite (text, 1, n, stdout) != n || fflush (stdout) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write to standard output");
          return FALSE;
        }
      return TRUE;
    }

  return gait_write_file_atomic (path, text, n, error);
}

static gboolean
parse_widths (const char  *str,
              guint       *min,
              guint       *max,
              GError     **error)
{
  guint64 a, b;
  char *end = NULL;

  a = g_ascii_strtoull (str, &end, 10);
  if (end != str && *end == ':')
    {
      const char *second = end + 1;

      b = g_ascii_strtoull (second, &end, 10);
      if (end != second && *end == '\0' && a >= 1 && b >= a && b <= 1000)
        {
          *min = a;
          *max = b;
          return TRUE;
        }
    }

  g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
               "--widths: “%s” is not a range MIN:MAX of wavelet widths (e.g. 1:15)", str);
  return FALSE;
}

/**
 * gait_cli_split_list:
 * @list: "a, b,c"
 *
 * Returns: (transfer full): the non-empty, stripped items
 */
GStrv
gait_cli_split_list (const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

/* One side of FIRST:LAST: empty (@value -1), frames (digits) or seconds
 * (digits with at most one point, then "s"). */
static gboolean
parse_range_bound (const char *text,
                   gboolean   *seconds,
                   double     *value)
{
  gsize len = strlen (text);
  guint digits = 0, points = 0;

  *seconds = len > 0 && text[len - 1] == 's';
  if (*seconds)
    len--;

  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isdigit (text[i]))
        digits++;
      else if (text[i] == '.' && *seconds)
        points++;
      else
        return FALSE;
    }

  if (len == 0)
    {
      *value = -1;
      return !*seconds;
    }

  *value = g_ascii_strtod (text, NULL);
  return digits > 0 && points <= 1 && isfinite (*value);
}

/**
 * gait_cli_parse_range:
 * @option: the option, for messages ("--range")
 * @text: "FIRST:LAST": frames, the end exclusive ("1200:2400"), or seconds
 *   with an "s" on both ("24s:48s"); either side may be empty
 * @fps: the frame rate for seconds; 0 when unknown
 * @start: (out): the first frame; -1: the recording's first
 * @end: (out): the frame after the last; -1: the recording's end
 * @error: return location for a #GError
 *
 * The syntax of a frame range on the command line; gait_cli_check_range()
 * then fits it to a recording. Seconds become the nearest frame.
 *
 * Returns: %TRUE on success; %FALSE with %GAIT_ERROR_INVALID_ARGUMENT (not
 *   a range, or an empty one) or %GAIT_ERROR_NO_FRAME_RATE (seconds
 *   without @fps), the message naming @option and @text
 */
gboolean
gait_cli_parse_range (const char  *option,
                      const char  *text,
                      double       fps,
                      gint64      *start,
                      gint64      *end,
                      GError     **error)
{
  const char *colon = strchr (text, ':');
  g_autofree char *first_text = colon ? g_strndup (text, colon - text) : NULL;
  gboolean first_seconds, last_seconds;
  double bounds[2];

  if (colon == NULL ||
      !parse_range_bound (first_text, &first_seconds, &bounds[0]) ||
      !parse_range_bound (colon + 1, &last_seconds, &bounds[1]))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "%s: “%s” is not a range FIRST:LAST of frames (1200:2400) or seconds (24s:48s)",
                   option, text);
      return FALSE;
    }

  if (bounds[0] >= 0 && bounds[1] >= 0 && first_seconds != last_seconds)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "%s: “%s” mixes frames and seconds: give both in frames (1200:2400) or both in seconds (24s:48s)",
                   option, text);
      return FALSE;
    }

  if ((first_seconds || last_seconds) && !(fps > 0))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_NO_FRAME_RATE,
                   "%s: “%s” is in seconds, which needs the frame rate: give --fps or --video",
                   option, text);
      return FALSE;
    }

  /* frames beyond any recording stay beyond it, without overflowing */
  for (guint i = 0; i < 2; i++)
    if (bounds[i] >= 0)
      bounds[i] = MIN (first_seconds || last_seconds ? round (bounds[i] * fps) : bounds[i],
                       (double) G_MAXUINT + 1);

  *start = (gint64) bounds[0];
  *end = (gint64) bounds[1];

  if (*end >= 0 && *end <= MAX (*start, 0))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "%s: “%s” holds no frames: LAST must come after FIRST (the end is exclusive)",
                   option, text);
      return FALSE;
    }

  return TRUE;
}

/**
 * gait_cli_check_range:
 * @option: the option, for messages
 * @text: the range as given, for messages
 * @tracking: the recording
 * @start: (inout): gait_cli_parse_range()'s first frame; the first frame
 * @end: (inout): its end; the frame after the last
 * @error: return location for a #GError
 *
 * Fits a range from gait_cli_parse_range() to @tracking: open sides become
 * its first frame and its end.
 *
 * Returns: %TRUE if the range lies within @tracking; %FALSE with
 *   %GAIT_ERROR_INVALID_ARGUMENT naming the file, @option and @text
 */
gboolean
gait_cli_check_range (const char    *option,
                      const char    *text,
                      GaitTracking  *tracking,
                      gint64        *start,
                      gint64        *end,
                      GError       **error)
{
  gint64 n = gait_tracking_get_n_frames (tracking);
  gint64 first = MAX (*start, 0), last = *end >= 0 ? *end : n;

  if (last > n || first >= last)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "%s: %s “%s” (frames %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT
                   ") is not within its %" G_GINT64_FORMAT " frames",
                   gait_tracking_get_path (tracking), option, text, first, last, n);
      return FALSE;
    }

  *start = first;
  *end = last;
  return TRUE;
}

/**
 * gait_cli_resolve_profile:
 * @profile_option: (nullable): --profile: a file or a built-in id
 * @limbs: (nullable): --limb NAME=LM,… (replace the profile's limbs)
 * @procrustes: (nullable): --procrustes LM,…
 * @tracking: the data the profile is for
 * @error: return location for a #GError
 *
 * The profile for @tracking as every command finds it: --profile, else the
 * first built-in profile that fits; --limb and --procrustes override.
 *
 * Returns: (transfer full) (nullable): a profile that fits @tracking
 */
GaitProfile *
gait_cli_resolve_profile (const char          *profile_option,
                          const char * const  *limbs,
                          const char          *procrustes,
                          GaitTracking        *tracking,
                          GError             **error)
{
  g_autoptr(GaitProfile) profile = NULL;

  if (profile_option != NULL)
    {
      profile = gait_profile_new_builtin (profile_option);
      if (profile == NULL && !(profile = gait_profile_new_from_file (profile_option, error)))
        return NULL;
    }
  else
    {
      profile = gait_profile_guess (tracking);
    }

  if (limbs != NULL && limbs[0] != NULL)
    {
      g_autoptr(GaitProfile) base = profile;

      profile = base ? gait_profile_copy (base) : gait_profile_new ("Command line");
      gait_profile_clear_limbs (profile);

      for (guint i = 0; limbs[i] != NULL; i++)
        {
          const char *eq = strchr (limbs[i], '=');
          g_autofree char *name = NULL;
          g_auto(GStrv) landmarks = NULL;

          if (eq == NULL || eq == limbs[i])
            {
              g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                           "--limb: “%s” is not NAME=LANDMARK,LANDMARK,...", limbs[i]);
              return NULL;
            }

          name = g_strstrip (g_strndup (limbs[i], eq - limbs[i]));
          landmarks = gait_cli_split_list (eq + 1);
          if (landmarks[0] == NULL)
            {
              g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                           "--limb: limb “%s” names no landmarks", name);
              return NULL;
            }

          gait_profile_add_limb (profile, name, (const char * const *)landmarks);
        }

      /* The guessed profile's Procrustes set may not suit other limbs. */
      if (profile_option == NULL && procrustes == NULL &&
          !gait_profile_validate (profile, tracking, NULL))
        gait_profile_set_procrustes (profile, NULL);
    }

  if (procrustes != NULL)
    {
      g_auto(GStrv) landmarks = gait_cli_split_list (procrustes);

      if (profile == NULL)
        profile = gait_profile_new ("Command line");
      gait_profile_set_procrustes (profile, (const char * const *)landmarks);
    }

  if (profile == NULL || gait_profile_get_n_limbs (profile) == 0)
    {
      g_autofree char *available = gait_tracking_dup_landmark_list (tracking);

      g_set_error (error, GAIT_ERROR, GAIT_ERROR_UNKNOWN_LANDMARK,
                   "%s: no built-in profile fits its landmarks (%s); name the limbs with "
                   "--limb NAME=LANDMARK,... or give --profile FILE",
                   gait_tracking_get_path (tracking), available);
      return NULL;
    }

  if (!gait_profile_validate (profile, tracking, error))
    return NULL;

  return g_steal_pointer (&profile);
}

/* Loads a tracking file with its profile, frame rate and video. */
static GaitTracking *
load_input (const Options   *o,
            const char      *path,
            GaitProfile    **profile,
            GaitMediaInfo   *media,
            char           **video,
            double          *fps,
            char           **warning,
            GError         **error)
{
  g_autoptr(GaitTracking) tracking = NULL;
  g_autofree char *video_path = NULL;

  if (!(tracking = gait_tracking_new_from_file (path, o->individual, error)))
    return NULL;

  if (!(*profile = gait_cli_resolve_profile (o->profile, (const char * const *)o->limbs, o->procrustes, tracking, error)))
    return NULL;

  video_path = o->video ? g_strdup (o->video) : gait_recording_find_video (path);
  if (video_path != NULL)
    {
      if (!gait_media_probe (video_path, media, error))
        return NULL;

      if (media->n_frames != gait_tracking_get_n_frames (tracking))
        *warning = g_strdup_printf ("%s has %" G_GINT64_FORMAT " frames but %s has %u; "
                                    "frames are matched from the start, nothing is shifted",
                                    video_path, media->n_frames, path,
                                    gait_tracking_get_n_frames (tracking));
    }

  *fps = o->fps_value > 0 ? o->fps_value : gait_media_info_get_fps (media);
  *video = g_steal_pointer (&video_path);

  return g_steal_pointer (&tracking);
}

static char *
output_path_for (const Options *o,
                 const char    *input,
                 Format         format)
{
  g_autofree char *base = g_path_get_basename (input);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';

  return g_strdup_printf ("%s%c%s.cycles.%s", o->output, G_DIR_SEPARATOR, base,
                          format == FORMAT_EAF ? "eaf" : "csv");
}

static Format
format_for (const Options *o,
            const char    *output)
{
  if (o->format_value != FORMAT_AUTO)
    return o->format_value;
  if (output != NULL && g_str_has_suffix (output, ".eaf"))
    return FORMAT_EAF;
  return FORMAT_CSV;
}

/* Writes "<eaf without .eaf>.speed.csv" and "…_tsconf.xml" with each limb's
 * hoof speed and links both from @doc, which will be saved as @eaf_path. */
static gboolean
write_timeseries (const Options           *o,
                  GaitTracking            *tracking,
                  GaitProfile             *profile,
                  const GaitDetectParams  *params,
                  const char              *eaf_path,
                  GaitElanDocument        *doc,
                  GError                 **error)
{
  gsize n = gait_tracking_get_n_frames (tracking);
  guint n_limbs = gait_profile_get_n_limbs (profile);
  g_autofree char *base = g_strdup (eaf_path);
  g_autofree char *csv = NULL;
  g_autofree char *tsconf = NULL;
  g_autofree GaitElanTrack *tracks = g_new0 (GaitElanTrack, n_limbs);
  g_autoptr(GPtrArray) traces = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GaitDetectParams signal_params;

  if (g_str_has_suffix (base, ".eaf"))
    base[strlen (base) - 4] = '\0';
  csv = g_strconcat (base, ".speed.csv", NULL);
  tsconf = g_strconcat (base, "_tsconf.xml", NULL);

  /* the blog's hoof speed, with the smoothing options of the command line */
  gait_detect_params_init (&signal_params, GAIT_METHOD_SEED);
  signal_params.savgol_window = o->params.savgol_window;
  signal_params.savgol_order = o->params.savgol_order;
  signal_params.gradient_spacing = o->params.gradient_spacing;

  for (guint i = 0; i < n_limbs; i++)
    {
      GaitTrace *trace = gait_trace_new_for_limb (tracking, profile, i, &signal_params, error);
      char *name;

      if (trace == NULL)
        return FALSE;

      /* ELAN shows the name: "fl hoof speed" rather than the trace's "fl_hoof_speed" */
      name = g_strdup_printf ("%s hoof speed", gait_profile_get_limb_name (profile, i));
      g_ptr_array_add (traces, trace);
      g_ptr_array_add (names, name);

      tracks[i].name = name;
      tracks[i].units = "px/frame";
      tracks[i].values = gait_trace_get_values (trace, NULL);
    }

  return gait_elan_write_timeseries (csv, tsconf, tracks, n_limbs, n, params->fps, error) &&
         gait_elan_document_link_timeseries (doc, csv, tsconf, eaf_path, error);
}

static void
run_detect_job (gpointer data,
                gpointer user_data)
{
  Job *job = data;
  const Options *o = job->options;
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GArray) cycles = NULL;
  g_auto(GStrv) limbs = NULL;
  g_auto(GaitMediaInfo) media = { 0 };
  g_autofree char *video = NULL;
  g_autofree char *text = NULL;
  g_autofree char *out_path = NULL;
  g_autoptr(GaitElanDocument) doc = NULL;
  GaitDetectParams params = o->params;
  GaitExportOptions export = { 0 };
  Format format;

  if (!(tracking = load_input (o, job->path, &profile, &media, &video,
                               &params.fps, &job->warning, &job->error)))
    return;

  if (!(cycles = gait_detect (tracking, profile, &params, NULL, &job->error)))
    return;

  job->n_cycles = cycles->len;

  if (job->to_directory)
    out_path = output_path_for (o, job->path, format_for (o, NULL));
  else if (o->output != NULL && g_strcmp0 (o->output, "-") != 0)
    out_path = g_strdup (o->output);

  format = format_for (o, out_path);

  limbs = gait_profile_dup_limb_names (profile);

  export.fps = params.fps;
  export.media_path = video;
  export.media_mime_type = media.mime_type;
  export.limbs = (const char * const *)limbs;
  export.eaf_path = out_path;

  if (format == FORMAT_EAF && o->merge != NULL)
    {
      /* Into a copy of an existing ELAN document: only the limb tiers change */
      doc = gait_elan_document_new_from_file (o->merge, &job->error);

      if (doc == NULL ||
          !gait_elan_document_set_cycles (doc, (GaitCycle *)(gpointer)cycles->data, cycles->len,
                                          &export, &job->error))
        {
          g_prefix_error (&job->error, "%s: ", job->path);
          return;
        }
    }
  else if (format == FORMAT_EAF)
    {
      if (!(text = gait_cycles_to_eaf ((GaitCycle *)(gpointer)cycles->data, cycles->len,
                                       &export, &job->error)))
        {
          g_prefix_error (&job->error, "%s: ", job->path);
          return;
        }
    }
  else
    text = gait_cycles_to_csv ((GaitCycle *)(gpointer)cycles->data, cycles->len, &export);

  /* The hoof speeds for ELAN's time-series viewer, linked from the EAF.
   * Links are made in the document model, which gait_cycles_to_eaf() has
   * no constructor for: its text is read into one (a merge already is one) */
  if (format == FORMAT_EAF && o->timeseries && out_path != NULL)
    {
      if (doc == NULL)
        doc = gait_elan_document_new_from_data (text, -1, out_path, &job->error);

      if (doc == NULL ||
          !write_timeseries (o, tracking, profile, &params, out_path, doc, &job->error))
        {
          g_prefix_error (&job->error, "%s: ", job->path);
          return;
        }
    }

  if (doc != NULL)
    {
      g_free (text);
      text = gait_elan_document_to_data (doc, NULL);
    }

  if (gait_cli_write_output (out_path, text, -1, &job->error) && out_path != NULL)
    job->written = g_steal_pointer (&out_path);
}

static void
detect_job_thread (gpointer data,
                   gpointer user_data)
{
  GAsyncQueue *finished = user_data;

  run_detect_job (data, NULL);
  g_async_queue_push (finished, data);
}

static gboolean
prepare_detect_options (Options  *o,
                        GError  **error)
{
  GaitMethod method = GAIT_METHOD_TOUCHDOWN;

  if (o->method != NULL &&
      (!gait_method_from_string (o->method, &method) || method == GAIT_METHOD_MANUAL))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "--method: “%s” is not a method (touchdown or seed)", o->method);
      return FALSE;
    }
  o->params.method = method;

  if (o->fps != NULL && !gait_cli_parse_fps (o->fps, &o->fps_value, error))
    return FALSE;

  if (o->widths != NULL &&
      !parse_widths (o->widths, &o->params.min_width, &o->params.max_width, error))
    return FALSE;

  if (o->format == NULL)
    o->format_value = FORMAT_AUTO;
  else if (g_ascii_strcasecmp (o->format, "csv") == 0)
    o->format_value = FORMAT_CSV;
  else if (g_ascii_strcasecmp (o->format, "eaf") == 0)
    o->format_value = FORMAT_EAF;
  else
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "--format: “%s” is not a format (csv or eaf)", o->format);
      return FALSE;
    }

  if (!(o->params.likelihood_cutoff >= 0 && o->params.likelihood_cutoff <= 1))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "--likelihood: %g is not in 0…1", o->params.likelihood_cutoff);
      return FALSE;
    }

  if (o->params.savgol_order >= o->params.savgol_window)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "--savgol-order must be smaller than --savgol-window");
      return FALSE;
    }

  if (o->video != NULL && !g_file_test (o->video, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_VIDEO, "%s: no such file", o->video);
      return FALSE;
    }

  return TRUE;
}

/* Options shared by detect, speed and scalogram. */
static GOptionGroup *
input_group (Options *o)
{
  GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_FILENAME, &o->profile,
      "Landmark roles: a profile file or a built-in id (piglet-blog, mouse-side); default: the built-in profile that fits", "FILE" },
    { "limb", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &o->limbs,
      "A limb and its distal landmarks (repeat; replaces the profile's limbs)", "NAME=LM1,LM2,..." },
    { "procrustes", 0, 0, G_OPTION_ARG_STRING, &o->procrustes,
      "Landmarks compared by Procrustes superimposition", "LM1,LM2,..." },
    { "individual", 'i', 0, G_OPTION_ARG_STRING, &o->individual,
      "Animal of a multi-animal file (default: the first)", "NAME" },
    { "fps", 'r', 0, G_OPTION_ARG_STRING, &o->fps,
      "Frame rate (50, 29.97, 30000/1001); default: the video's", "RATE" },
    { "video", 'V', 0, G_OPTION_ARG_FILENAME, &o->video,
      "The recording's video, for its frame rate and the ELAN media link (default: <name>.mp4 etc. beside a <name>DLC_*.csv)", "FILE" },
    { "likelihood", 0, 0, G_OPTION_ARG_DOUBLE, &o->params.likelihood_cutoff,
      "Likelihood cutoff (seed: 0.9 for Procrustes; touchdown: 0.5)", "P" },
    { "savgol-window", 0, 0, G_OPTION_ARG_INT, &o->params.savgol_window,
      "Savitzky–Golay window of the hoof speed (15)", "N" },
    { "savgol-order", 0, 0, G_OPTION_ARG_INT, &o->params.savgol_order,
      "Savitzky–Golay polynomial order (3)", "N" },
    { "gradient-spacing", 0, 0, G_OPTION_ARG_DOUBLE, &o->params.gradient_spacing,
      "Spacing of the hoof speed gradient (5)", "D" },
    { "widths", 0, 0, G_OPTION_ARG_STRING, &o->widths,
      "Ricker wavelet widths (1:15)", "MIN:MAX" },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("input", "Input and hoof speed options:",
                                            "Show input options", NULL, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

/**
 * gait_cli_usage_error:
 * @context: (nullable): the command's options
 * @message: what is wrong with the command line
 *
 * Returns: %GAIT_CLI_EXIT_USAGE, after saying so and where help is
 */
int
gait_cli_usage_error (GOptionContext *context,
                      const char     *message)
{
  g_printerr ("gaitline-cli: %s\n", message);
  g_printerr ("Try “gaitline-cli %s --help”.\n",
              context ? g_option_context_get_summary (context) : "");
  return GAIT_CLI_EXIT_USAGE;
}

/**
 * gait_cli_input_error:
 * @error: why an input could not be used
 *
 * Returns: %GAIT_CLI_EXIT_BAD_INPUT, after saying why
 */
int
gait_cli_input_error (const GError *error)
{
  g_printerr ("gaitline-cli: %s\n", error->message);
  return GAIT_CLI_EXIT_BAD_INPUT;
}

static int
cmd_detect (int    argc,
            char **argv)
{
  g_auto(Options) o = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncQueue) finished = g_async_queue_new ();
  GThreadPool *pool = NULL;
  g_autofree Job *jobs = NULL;
  gboolean is_tty = isatty (STDERR_FILENO);
  guint n_files, failed = 0, total_cycles = 0;
  int min_landmarks, min_distance, min_peak_width, max_interval, max_width_diff;
  GOptionEntry entries[] = {
    { "method", 'm', 0, G_OPTION_ARG_STRING, &o.method,
      "touchdown (default) or seed (the blog post's procedure)", "METHOD" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output,
      "Output file (one input) or directory (several inputs); default: standard output", "PATH" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.format,
      "csv or eaf (default: from the output file's extension, else csv)", "FORMAT" },
    { "timeseries", 0, 0, G_OPTION_ARG_NONE, &o.timeseries,
      "With ELAN output: also write each limb's hoof speed (NAME.speed.csv, NAME_tsconf.xml) for ELAN's time-series viewer, linked from the EAF", NULL },
    { "merge", 0, 0, G_OPTION_ARG_FILENAME, &o.merge,
      "Write the cycles into a copy of this ELAN file, replacing only its limb tiers (implies eaf)", "FILE.eaf" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &o.jobs,
      "Files processed at once (default: one per processor)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "No progress or summary", NULL },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &o.params.threshold,
      "seed: minimum hoof speed at a wavelet peak (1.0)", "S" },
    { "min-distance", 0, 0, G_OPTION_ARG_INT, &min_distance,
      "seed: peak_local_max min_distance (4)", "N" },
    { "min-peak-width", 0, 0, G_OPTION_ARG_INT, &min_peak_width,
      "seed: keep peaks wider than this (2)", "N" },
    { "max-interval", 0, 0, G_OPTION_ARG_INT, &max_interval,
      "seed: largest frame interval between consecutive peaks (120)", "N" },
    { "max-width-diff", 0, 0, G_OPTION_ARG_INT, &max_width_diff,
      "seed: largest width increase between consecutive peaks (6)", "N" },
    { "min-landmarks", 0, 0, G_OPTION_ARG_INT, &min_landmarks,
      "seed: landmarks needed for a Procrustes comparison (6)", "N" },
    { NULL }
  };

  gait_detect_params_init (&o.params, GAIT_METHOD_TOUCHDOWN);
  o.params.likelihood_cutoff = -1;
  min_landmarks = o.params.min_landmarks;
  min_distance = o.params.min_distance;
  min_peak_width = o.params.min_peak_width;
  max_interval = o.params.max_interval;
  max_width_diff = o.params.max_width_diff;

  context = g_option_context_new ("FILE... - find stride cycles");
  g_option_context_set_summary (context, "detect");
  g_option_context_set_description (context,
    "Reads DeepLabCut CSV files and writes one row per stride cycle (CSV) or an ELAN\n"
    "3.0 annotation file (EAF) with a tier per limb. Several files need -o DIR.\n\n"
    "Examples:\n"
    "  gaitline-cli detect run1DLC_resnet50.csv\n"
    "  gaitline-cli detect --fps 50 -o cycles.eaf run1DLC_resnet50.csv\n"
    "  gaitline-cli detect --limb fore=\"Front paw tao,Wrist\" --fps 100 run.csv\n"
    "  gaitline-cli detect -o out/ videos/*.csv\n"
    "  gaitline-cli detect --fps 50 --merge notes.eaf -o notes-cycles.eaf run.csv\n");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, input_group (&o));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gait_cli_usage_error (context, error->message);

  if (argc < 2)
    return gait_cli_usage_error (context, "no input file");

  o.params.min_landmarks = MAX (1, min_landmarks);
  o.params.min_distance = MAX (1, min_distance);
  o.params.min_peak_width = MAX (0, min_peak_width);
  o.params.max_interval = MAX (0, max_interval);
  o.params.max_width_diff = MAX (0, max_width_diff);

  if (o.params.likelihood_cutoff == -1)
    o.params.likelihood_cutoff = o.method != NULL && g_ascii_strcasecmp (o.method, "seed") == 0 ? 0.9 : 0.5;

  if (!prepare_detect_options (&o, &error))
    return gait_cli_usage_error (context, error->message);

  if (o.timeseries && (o.output == NULL || g_strcmp0 (o.output, "-") == 0))
    return gait_cli_usage_error (context, "--timeseries writes files beside the EAF: give -o FILE.eaf or -o DIR");
  if (o.merge != NULL && o.format_value == FORMAT_CSV)
    return gait_cli_usage_error (context, "--merge writes ELAN: it does not go with --format csv");
  if (o.merge != NULL)
    o.format_value = FORMAT_EAF;

  n_files = argc - 1;

  if (n_files > 1)
    {
      if (o.output == NULL)
        return gait_cli_usage_error (context, "several input files need an output directory: -o DIR");
      if (o.video != NULL)
        return gait_cli_usage_error (context, "--video names one video; with several files, videos are found beside each file");
    }

  if (n_files > 1 || (o.output != NULL && g_file_test (o.output, G_FILE_TEST_IS_DIR)))
    {
      if (g_mkdir_with_parents (o.output, 0755) != 0)
        {
          g_printerr ("gaitline-cli: %s: cannot create directory: %s\n", o.output, g_strerror (errno));
          return GAIT_CLI_EXIT_BAD_INPUT;
        }
    }

  jobs = g_new0 (Job, n_files);
  for (guint i = 0; i < n_files; i++)
    {
      jobs[i].options = &o;
      jobs[i].path = argv[i + 1];
      jobs[i].index = i;
      jobs[i].to_directory = o.output != NULL && g_file_test (o.output, G_FILE_TEST_IS_DIR);
    }

  if (n_files == 1)
    run_detect_job (&jobs[0], NULL);
  else
    {
      int n_threads = o.jobs > 0 ? o.jobs : (int)g_get_num_processors ();

      pool = g_thread_pool_new (detect_job_thread, finished, MIN (n_threads, (int)n_files), TRUE, NULL);
      for (guint i = 0; i < n_files; i++)
        g_thread_pool_push (pool, &jobs[i], NULL);
    }

  /* Report each file as it finishes. */
  for (guint done = 0; done < n_files; done++)
    {
      Job *job = pool != NULL ? g_async_queue_pop (finished) : &jobs[0];

      if (job->warning != NULL)
        g_printerr ("gaitline-cli: warning: %s\n", job->warning);

      if (job->error != NULL)
        {
          g_printerr ("gaitline-cli: %s\n", job->error->message);
          failed++;
        }
      else
        {
          total_cycles += job->n_cycles;
          if (!o.quiet && (is_tty || n_files > 1))
            g_printerr ("[%u/%u] %s: %u cycles%s%s\n", done + 1, n_files, job->path, job->n_cycles,
                        job->written ? " → " : "", job->written ? job->written : "");
        }

      g_clear_error (&job->error);
      g_clear_pointer (&job->warning, g_free);
      g_clear_pointer (&job->written, g_free);
    }

  if (pool != NULL)
    g_thread_pool_free (g_steal_pointer (&pool), FALSE, TRUE);

  if (!o.quiet && n_files > 1)
    g_printerr ("%u files, %u failed, %u cycles\n", n_files, failed, total_cycles);

  return failed ? GAIT_CLI_EXIT_BAD_INPUT : GAIT_CLI_EXIT_OK;
}

/* speed and scalogram */

static int
cmd_signal (int      argc,
            char   **argv,
            gboolean scalogram)
{
  g_auto(Options) o = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GaitProfile) profile = NULL;
  g_auto(GaitMediaInfo) media = { 0 };
  g_autofree char *video = NULL;
  g_autofree char *warning = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  char *limb_name = NULL;
  double fps = 0;
  gsize n;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "Output file (default: standard output)", "FILE" },
    { NULL }
  };

  gait_detect_params_init (&o.params, GAIT_METHOD_SEED);

  context = g_option_context_new (scalogram ? "FILE - Ricker wavelet scalogram of a limb's hoof speed"
                                            : "FILE - per-frame hoof speed");
  g_option_context_set_summary (context, scalogram ? "scalogram" : "speed");
  g_option_context_set_description (context, scalogram
    ? "Writes frames × widths: the continuous wavelet transform (Ricker) of the limb's\n"
      "hoof speed, as scipy.signal.cwt computes it. --limb names a profile limb or\n"
      "defines one (NAME=LM1,LM2).\n\nExample:\n  gaitline-cli scalogram run.csv --limb fl -o fl-cwt.csv\n"
    : "Writes one row per frame with each limb's hoof speed (px/frame): the\n"
      "likelihood-weighted distal landmarks, Savitzky–Golay smoothed, differentiated.\n\n"
      "Example:\n  gaitline-cli speed run.csv --limb fl -o fl-speed.csv\n");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, input_group (&o));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gait_cli_usage_error (context, error->message);
  if (argc != 2)
    return gait_cli_usage_error (context, argc < 2 ? "no input file" : "one input file at a time");
  if (o.fps != NULL && !gait_cli_parse_fps (o.fps, &o.fps_value, &error))
    return gait_cli_usage_error (context, error->message);
  if (o.widths != NULL && !parse_widths (o.widths, &o.params.min_width, &o.params.max_width, &error))
    return gait_cli_usage_error (context, error->message);
  if (o.params.savgol_order >= o.params.savgol_window)
    return gait_cli_usage_error (context, "--savgol-order must be smaller than --savgol-window");

  /* "--limb fl" selects a profile limb; "--limb fl=a,b" defines one. */
  if (o.limbs != NULL && o.limbs[0] != NULL && o.limbs[1] == NULL && strchr (o.limbs[0], '=') == NULL)
    {
      limb_name = g_steal_pointer (&o.limbs[0]);
      g_clear_pointer (&o.limbs, g_strfreev);
    }

  if (!(tracking = load_input (&o, argv[1], &profile, &media, &video, &fps, &warning, &error)))
    {
      g_printerr ("gaitline-cli: %s\n", error->message);
      g_free (limb_name);
      return GAIT_CLI_EXIT_BAD_INPUT;
    }
  if (warning != NULL)
    g_printerr ("gaitline-cli: warning: %s\n", warning);

  n = gait_tracking_get_n_frames (tracking);

  for (guint i = 0; i < gait_profile_get_n_limbs (profile); i++)
    {
      const char *name = gait_profile_get_limb_name (profile, i);
      g_autoptr(GArray) distal = NULL;
      double *speed;

      if (limb_name != NULL && g_strcmp0 (limb_name, name) != 0)
        continue;
      if (scalogram && names->len > 0)
        break;

      distal = gait_profile_resolve_limb (profile, tracking, i, &error);
      speed = g_new (double, n);
      g_ptr_array_add (columns, speed);
      g_ptr_array_add (names, (gpointer)name);

      if (distal == NULL ||
          !gait_hoof_speed (tracking, (guint *)(gpointer)distal->data, distal->len, &o.params, speed, &error))
        {
          g_printerr ("gaitline-cli: %s: %s\n", argv[1], error->message);
          g_free (limb_name);
          return GAIT_CLI_EXIT_BAD_INPUT;
        }
    }

  if (names->len == 0)
    {
      g_autoptr(GString) available = g_string_new (NULL);

      for (guint i = 0; i < gait_profile_get_n_limbs (profile); i++)
        g_string_append_printf (available, "%s%s", i ? ", " : "", gait_profile_get_limb_name (profile, i));
      g_printerr ("gaitline-cli: %s: no limb “%s”; the profile's limbs are: %s\n",
                  argv[1], limb_name, available->str);
      g_free (limb_name);
      return GAIT_CLI_EXIT_USAGE;
    }
  g_free (limb_name);

  if (scalogram)
    {
      guint n_widths = o.params.max_width - o.params.min_width + 1;
      g_autofree double *cwt = g_new (double, (gsize)n_widths * n);

      if (!gait_hoof_scalogram (g_ptr_array_index (columns, 0), n, &o.params, cwt, &error))
        {
          g_printerr ("gaitline-cli: %s: %s\n", argv[1], error->message);
          return GAIT_CLI_EXIT_BAD_INPUT;
        }

      g_string_append (out, "frame");
      for (guint w = 0; w < n_widths; w++)
        g_string_append_printf (out, ",w%u", o.params.min_width + w);
      g_string_append_c (out, '\n');

      for (gsize f = 0; f < n; f++)
        {
          g_string_append_printf (out, "%" G_GSIZE_FORMAT, f);
          for (guint w = 0; w < n_widths; w++)
            {
              g_string_append_c (out, ',');
              g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", cwt[(gsize)w * n + f]));
            }
          g_string_append_c (out, '\n');
        }
    }
  else
    {
      g_string_append (out, "frame");
      if (fps > 0)
        g_string_append (out, ",time");
      for (guint c = 0; c < names->len; c++)
        {
          g_string_append_c (out, ',');
          gait_csv_append_field (out, g_ptr_array_index (names, c));
        }
      g_string_append_c (out, '\n');

      for (gsize f = 0; f < n; f++)
        {
          g_string_append_printf (out, "%" G_GSIZE_FORMAT, f);
          if (fps > 0)
            {
              g_string_append_c (out, ',');
              g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6f", f / fps));
            }
          for (guint c = 0; c < columns->len; c++)
            {
              g_string_append_c (out, ',');
              g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g",
                                                     ((double *)g_ptr_array_index (columns, c))[f]));
            }
          g_string_append_c (out, '\n');
        }
    }

  if (!gait_cli_write_output (o.output, out->str, out->len, &error))
    return gait_cli_input_error (error);

  return GAIT_CLI_EXIT_OK;
}

/* synth: generated recordings with known touch-downs */

static int
cmd_synth (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GArray) truth = NULL;
  g_autofree char *output = NULL;
  g_autofree char *truth_path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  GaitSynthParams params;
  GaitExportOptions export = { 0 };
  int seed = 1, frames = 3000, decimals = -1;
  double fps = 0;
  gboolean vary = FALSE, treadmill = FALSE, clean = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "DeepLabCut CSV to write", "FILE" },
    { "truth", 't', 0, G_OPTION_ARG_FILENAME, &truth_path, "Also write the true cycles (CSV)", "FILE" },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, "Random seed (1)", "N" },
    { "frames", 'n', 0, G_OPTION_ARG_INT, &frames, "Number of frames (3000)", "N" },
    { "fps", 'r', 0, G_OPTION_ARG_DOUBLE, &fps, "Frame rate (50)", "RATE" },
    { "body", 'b', 0, G_OPTION_ARG_STRING, &body, "piglet (17 landmarks), mouse (15) or minimal (3)", "BODY" },
    { "treadmill", 0, 0, G_OPTION_ARG_NONE, &treadmill, "Walk on a treadmill", NULL },
    { "clean", 0, 0, G_OPTION_ARG_NONE, &clean, "No noise, dropouts, outliers or occlusions (the true positions)", NULL },
    { "vary", 0, 0, G_OPTION_ARG_NONE, &vary, "Draw body, frame rate, gait and noise from the seed", NULL },
    { "decimals", 'd', 0, G_OPTION_ARG_INT, &decimals, "Round positions to N decimals (likelihoods to N + 2)", "N" },
    { NULL }
  };

  context = g_option_context_new ("- generate a tracking file with known touch-downs");
  g_option_context_set_summary (context, "synth");
  g_option_context_set_description (context,
    "Writes a synthetic DeepLabCut recording: walking bouts between standing and\n"
    "fidgeting, with noise, likelihood dropouts, confident outliers and occlusions.\n"
    "The true cycles (limb,start,end,liftoff,...) go to --truth.\n\n"
    "Example:\n  gaitline-cli synth --frames 180000 --fps 50 -o hour.csv --truth hour-truth.csv\n");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gait_cli_usage_error (context, error->message);
  if (output == NULL)
    return gait_cli_usage_error (context, "-o FILE is required");
  if (frames < 1 || seed < 0)
    return gait_cli_usage_error (context, "--frames must be positive and --seed not negative");

  params.n_frames = frames;
  if (vary)
    gait_synth_params_vary (&params, seed);
  else
    {
      gait_synth_params_init (&params);
      params.n_frames = frames;
      params.seed = seed;
    }
  if (fps > 0)
    params.fps = fps;
  if (treadmill)
    params.treadmill = TRUE;
  if (clean)
    params.noise_px = params.dropout_rate = params.outlier_rate = params.occlusion_rate = 0;
  if (body != NULL)
    {
      if (g_str_equal (body, "piglet"))
        params.body = GAIT_SYNTH_PIGLET;
      else if (g_str_equal (body, "mouse"))
        params.body = GAIT_SYNTH_MOUSE;
      else if (g_str_equal (body, "minimal"))
        params.body = GAIT_SYNTH_MINIMAL;
      else
        return gait_cli_usage_error (context, "--body must be piglet, mouse or minimal");
    }

  tracking = gait_synth_generate (&params, NULL, &truth);

  if (decimals >= 0)
    {
      double scale = pow (10, MIN (decimals, 12));

      for (guint lm = 0; lm < gait_tracking_get_n_landmarks (tracking); lm++)
        {
          double *x = gait_tracking_get_x_mutable (tracking, lm);
          double *y = gait_tracking_get_y_mutable (tracking, lm);
          double *l = gait_tracking_get_likelihood_mutable (tracking, lm);

          for (guint f = 0; f < params.n_frames; f++)
            {
              x[f] = round (x[f] * scale) / scale;
              y[f] = round (y[f] * scale) / scale;
              l[f] = round (l[f] * scale * 100) / (scale * 100);
            }
        }
    }

  if (!gait_tracking_save_csv (tracking, output, &error))
    return gait_cli_input_error (error);

  if (truth_path != NULL)
    {
      export.fps = params.fps;
      text = gait_cycles_to_csv ((GaitCycle *)(gpointer)truth->data, truth->len, &export);
      if (!gait_write_file_atomic (truth_path, text, strlen (text), &error))
        return gait_cli_input_error (error);
    }

  g_printerr ("%s: %u frames at %g fps, %u true cycles\n", output, params.n_frames, params.fps, truth->len);

  return GAIT_CLI_EXIT_OK;
}

static void
print_help (void)
{
  g_print ("Usage:\n"
           "  gaitline-cli COMMAND [OPTION…]\n\n"
           "Finds stride cycles in pose-tracking data (DeepLabCut).\n\n"
           "Commands:\n"
           "  detect FILE...     stride cycles as CSV or ELAN (.eaf)\n"
           "  speed FILE         per-frame hoof speed of each limb\n"
           "  scalogram FILE     Ricker wavelet transform of a limb's hoof speed\n"
           "  synth -o FILE      a synthetic recording with known touch-downs\n"
           "  trace VIDEO        pixel-intensity traces of points over a video (CSV)\n"
           "  vqt FILE           variable-Q spectrogram of a landmark's motion\n"
           "  metrics FILE       per-cycle measurements and interlimb coordination\n"
           "  spectrum FILE      spectral statistics of tracked signals\n\n"
           "Options:\n"
           "  -h, --help         this help (COMMAND --help: the command's)\n"
           "  --version          the version\n\n"
           "Exit status: 0 success, 1 an input could not be read or used, 2 usage error.\n");
}

int
main (int   argc,
      char *argv[])
{
  const char *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("gaitline-cli");

  if (argc < 2)
    {
      print_help ();
      return GAIT_CLI_EXIT_USAGE;
    }

  command = argv[1];

  if (g_str_equal (command, "--version") || g_str_equal (command, "-v"))
    {
      g_print ("gaitline-cli %s\n", PACKAGE_VERSION);
      return GAIT_CLI_EXIT_OK;
    }
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") || g_str_equal (command, "help"))
    {
      print_help ();
      return GAIT_CLI_EXIT_OK;
    }

  /* The command becomes argv[0] for its own option parsing. */
  if (g_str_equal (command, "detect"))
    return cmd_detect (argc - 1, argv + 1);
  if (g_str_equal (command, "speed"))
    return cmd_signal (argc - 1, argv + 1, FALSE);
  if (g_str_equal (command, "scalogram"))
    return cmd_signal (argc - 1, argv + 1, TRUE);
  if (g_str_equal (command, "synth"))
    return cmd_synth (argc - 1, argv + 1);
  if (g_str_equal (command, "trace"))
    return gait_cli_trace (argc - 1, argv + 1);
  if (g_str_equal (command, "vqt"))
    return gait_cli_vqt (argc - 1, argv + 1);
  if (g_str_equal (command, "metrics"))
    return gait_cli_metrics (argc - 1, argv + 1);
  if (g_str_equal (command, "spectrum"))
    return gait_cli_spectrum (argc - 1, argv + 1);

  g_printerr ("gaitline-cli: unknown command “%s”\n", command);
  g_printerr ("Try “gaitline-cli --help”.\n");
  return GAIT_CLI_EXIT_USAGE;
}
