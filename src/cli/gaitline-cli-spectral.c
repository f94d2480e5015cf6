/* gaitline-cli-spectral.c: the vqt and metrics commands
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gait-elan.h"
#include "gait-error.h"
#include "gait-export.h"
#include "gait-media.h"
#include "gait-metrics.h"
#include "gait-profile.h"
#include "gait-tracking.h"
#include "gait-vqt.h"

#include "gaitline-cli-commands.h"

enum {
  EXIT_OK = 0,
  EXIT_BAD_INPUT = 1,
  EXIT_USAGE = 2,
};

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_printerr ("gaitline-cli: %s\n", message);
  g_printerr ("Try “gaitline-cli %s --help”.\n", g_option_context_get_summary (context));
  return EXIT_USAGE;
}

static int
input_error (const GError *error)
{
  g_printerr ("gaitline-cli: %s\n", error->message);
  return EXIT_BAD_INPUT;
}

/* As detect's --fps: 50, 29.97 or 30000/1001. */
static gboolean
parse_rate (const char  *str,
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

/* detect's rule: "<video>DLC_resnet50_…csv" pairs with "<video>.mp4" etc. */
static char *
find_paired_video (const char *tracking_path)
{
  static const char * const extensions[] = { "mp4", "avi", "mov", "mkv", "webm", "m4v", "mpg", NULL };
  g_autofree char *dir = g_path_get_dirname (tracking_path);
  g_autofree char *base = g_path_get_basename (tracking_path);
  char *dlc = strstr (base, "DLC_");

  if (dlc == NULL || dlc == base)
    return NULL;
  *dlc = '\0';

  for (guint i = 0; extensions[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat (base, ".", extensions[i], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }

  return NULL;
}

/* The frame rate: --fps, else the video's (--video or the paired one);
 * 0 when neither is known. */
static gboolean
resolve_fps (const char  *fps_option,
             const char  *video_option,
             const char  *tracking_path,
             double      *fps,
             GError     **error)
{
  g_autofree char *video = NULL;
  g_auto(GaitMediaInfo) media = { 0 };

  *fps = 0;

  if (fps_option != NULL)
    return parse_rate (fps_option, fps, error);

  video = video_option ? g_strdup (video_option) : find_paired_video (tracking_path);
  if (video == NULL)
    return TRUE;

  if (!gait_media_probe (video, &media, error))
    return FALSE;

  *fps = gait_media_info_get_fps (&media);
  return TRUE;
}

static gboolean
write_output (const char  *path,
              const char  *text,
              GError     **error)
{
  if (path == NULL || g_str_equal (path, "-"))
    {
      fputs (text, stdout);
      fflush (stdout);
      return TRUE;
    }

  return gait_write_file_atomic (path, text, strlen (text), error);
}

/* vqt */

/**
 * gait_cli_vqt:
 * @argc: the argument count, the command's name first
 * @argv: the arguments
 *
 * `gaitline-cli vqt FILE --landmark NAME`: face-rhythm's variable-Q
 * spectrogram of one landmark's displacement from its median position.
 *
 * Returns: the exit status
 */
int
gait_cli_vqt (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GaitVqt) vqt = NULL;
  g_autoptr(GaitSpectrogram) spec = NULL;
  g_autofree char *landmark = NULL;
  g_autofree char *fps_option = NULL;
  g_autofree char *video = NULL;
  g_autofree char *individual = NULL;
  g_autofree char *output = NULL;
  g_autofree char *layout = NULL;
  g_autofree char *component = NULL;
  g_autofree char *padding = NULL;
  g_autofree char *text = NULL;
  double likelihood = 0.5, f_min = 0, f_max = 0, fps;
  int n_bins = 0, downsample = 0;
  GaitSpectrogramLayout layout_value = GAIT_SPECTROGRAM_WIDE;
  GaitSpectrogramComponent component_value = GAIT_SPECTROGRAM_XY;
  GaitVqtParams params;
  int index;
  GOptionEntry entries[] = {
    { "landmark", 'L', 0, G_OPTION_ARG_STRING, &landmark, "The landmark (required)", "NAME" },
    { "fps", 'r', 0, G_OPTION_ARG_STRING, &fps_option,
      "Frame rate (50, 29.97, 30000/1001); default: the video's", "RATE" },
    { "video", 'V', 0, G_OPTION_ARG_FILENAME, &video,
      "The recording's video, for its frame rate (default: <name>.mp4 etc. beside a <name>DLC_*.csv)", "FILE" },
    { "individual", 'i', 0, G_OPTION_ARG_STRING, &individual,
      "Animal of a multi-animal file (default: the first)", "NAME" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output file (default: standard output)", "FILE" },
    { "layout", 0, 0, G_OPTION_ARG_STRING, &layout,
      "wide: a row per frequency, a column per time (default); long: a row per time and frequency", "LAYOUT" },
    { "component", 0, 0, G_OPTION_ARG_STRING, &component,
      "wide layout: xy (mean of x and y, default), x or y", "C" },
    { "likelihood", 0, 0, G_OPTION_ARG_DOUBLE, &likelihood,
      "Positions below this likelihood are interpolated (0.5)", "P" },
    { "padding", 0, 0, G_OPTION_ARG_STRING, &padding,
      "same: a column per 8 frames of the whole recording (default); valid: face-rhythm's, full windows only", "MODE" },
    { "f-min", 0, 0, G_OPTION_ARG_DOUBLE, &f_min, "Lowest frequency, Hz (1)", "HZ" },
    { "f-max", 0, 0, G_OPTION_ARG_DOUBLE, &f_max, "Highest frequency, Hz (40, lowered below Nyquist)", "HZ" },
    { "bins", 0, 0, G_OPTION_ARG_INT, &n_bins, "Number of frequency bins (55)", "N" },
    { "downsample", 0, 0, G_OPTION_ARG_INT, &downsample, "Frames averaged per column (8)", "N" },
    { NULL }
  };

  context = g_option_context_new ("FILE - variable-Q spectrogram of a landmark's motion");
  g_option_context_set_summary (context, "vqt");
  g_option_context_set_description (context,
    "face-rhythm's spectral analysis of one landmark: the x and y displacement from\n"
    "its median position, variable-Q transformed (Q 3 → 20, 1–40 Hz in 55 log-spaced\n"
    "bins, Hann windows, mean of every 8 frames), normalised per time point (0.99)\n"
    "and multiplied by the frequency (1/f correction). Frames where the landmark's\n"
    "likelihood is low are interpolated.\n\n"
    "Wide layout: the header is frequency_hz and each column's time in seconds; then\n"
    "one row per frequency, lowest first. Long layout: frame,time,frequency_hz,x,y,xy.\n\n"
    "Example:\n  gaitline-cli vqt run.csv --landmark fhoof --fps 50 -o fhoof-vqt.csv\n");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, argc < 2 ? "no input file" : "one input file at a time");
  if (landmark == NULL)
    return usage_error (context, "--landmark NAME is required");

  if (layout == NULL || g_str_equal (layout, "wide"))
    layout_value = GAIT_SPECTROGRAM_WIDE;
  else if (g_str_equal (layout, "long"))
    layout_value = GAIT_SPECTROGRAM_LONG;
  else
    return usage_error (context, "--layout must be wide or long");

  if (component == NULL || g_str_equal (component, "xy"))
    component_value = GAIT_SPECTROGRAM_XY;
  else if (g_str_equal (component, "x"))
    component_value = GAIT_SPECTROGRAM_X;
  else if (g_str_equal (component, "y"))
    component_value = GAIT_SPECTROGRAM_Y;
  else
    return usage_error (context, "--component must be xy, x or y");

  if (fps_option != NULL && !parse_rate (fps_option, &fps, &error))
    return usage_error (context, error->message);
  if (n_bins < 0 || downsample < 0 || f_min < 0 || f_max < 0)
    return usage_error (context, "--bins, --downsample, --f-min and --f-max must be positive");

  if (!(tracking = gait_tracking_new_from_file (argv[1], individual, &error)))
    return input_error (error);

  index = gait_tracking_find_landmark (tracking, landmark);
  if (index < 0)
    {
      g_autofree char *available = gait_tracking_dup_landmark_list (tracking);

      g_printerr ("gaitline-cli: %s: no landmark “%s”; available landmarks: %s\n",
                  argv[1], landmark, available);
      return EXIT_BAD_INPUT;
    }

  if (!resolve_fps (fps_option, video, argv[1], &fps, &error))
    return input_error (error);
  if (!(fps > 0))
    return usage_error (context, "the frame rate is unknown: give --fps or --video");

  gait_vqt_params_init (&params, fps);
  if (f_min > 0)
    params.f_min = f_min;
  if (f_max > 0)
    params.f_max = f_max;
  if (n_bins > 0)
    params.n_bins = n_bins;
  if (downsample > 0)
    params.downsample = downsample;
  if (padding == NULL || g_str_equal (padding, "same"))
    params.padding = GAIT_VQT_PADDING_SAME;
  else if (g_str_equal (padding, "valid"))
    params.padding = GAIT_VQT_PADDING_VALID;
  else
    return usage_error (context, "--padding must be same or valid");

  if (!(vqt = gait_vqt_new (&params, &error)))
    return usage_error (context, error->message);

  if (!(spec = gait_vqt_landmark (vqt, tracking, index, likelihood, NULL, &error)))
    {
      g_printerr ("gaitline-cli: %s: %s\n", argv[1], error->message);
      return EXIT_BAD_INPUT;
    }

  text = gait_spectrogram_to_csv (spec, component_value, layout_value);
  if (!write_output (output, text, &error))
    return input_error (error);

  return EXIT_OK;
}

/* metrics */

static GaitCycle *
load_cycles (const char   *path,
             double        fps,
             GaitProfile  *profile,
             gsize        *n_cycles,
             GError      **error)
{
  if (g_str_has_suffix (path, ".eaf") || g_str_has_suffix (path, ".EAF"))
    {
      g_autoptr(GaitElanDocument) doc = NULL;
      g_autoptr(GPtrArray) limbs = g_ptr_array_new ();

      if (!(doc = gait_elan_document_new_from_file (path, error)))
        return NULL;

      for (guint i = 0; i < gait_profile_get_n_limbs (profile); i++)
        g_ptr_array_add (limbs, (gpointer) gait_profile_get_limb_name (profile, i));
      g_ptr_array_add (limbs, NULL);

      return gait_elan_document_get_cycles (doc, fps, (const char * const *) limbs->pdata,
                                            n_cycles, error);
    }

  return gait_cycles_load_csv (path, n_cycles, error);
}

static double
mean_of (GaitMetrics *metrics,
         const char  *limb,
         gsize        offset,
         guint       *count)
{
  double sum = 0;
  guint n = 0;

  for (gsize i = 0; i < gait_metrics_get_n_cycles (metrics); i++)
    {
      const GaitCycleMetrics *m = gait_metrics_get_cycle (metrics, i);
      double v = G_STRUCT_MEMBER (double, m, offset);

      if (m->used && m->limb == limb && isfinite (v))
        {
          sum += v;
          n++;
        }
    }

  if (count != NULL)
    *count = n;

  return n > 0 ? sum / n : NAN;
}

static void
print_summary (GaitMetrics *metrics,
               double       fps)
{
  gsize n = gait_metrics_get_n_cycles (metrics), used = 0;

  for (gsize i = 0; i < n; i++)
    used += gait_metrics_get_cycle (metrics, i)->used;

  g_printerr ("%" G_GSIZE_FORMAT " cycles, %" G_GSIZE_FORMAT " used for the summary\n", n, used);

  for (guint l = 0; l < gait_metrics_get_n_limbs (metrics); l++)
    {
      const char *limb = gait_metrics_get_limb (metrics, l);
      guint count;
      double duty = mean_of (metrics, limb, G_STRUCT_OFFSET (GaitCycleMetrics, duty_factor), NULL);
      double length = mean_of (metrics, limb, G_STRUCT_OFFSET (GaitCycleMetrics, stride_length_px), NULL);
      double duration = mean_of (metrics, limb, G_STRUCT_OFFSET (GaitCycleMetrics, duration), &count);

      g_printerr ("  %s: %u cycles, mean duration %.3f s, duty factor %.3f, stride length %.1f px\n",
                  limb, count, fps > 0 ? duration : NAN, duty, length);
    }

  for (guint i = 0; i < gait_metrics_get_n_interlimb (metrics); i++)
    {
      const GaitInterlimb *il = gait_metrics_get_interlimb (metrics, i);

      g_printerr ("  %s touch-down in %s cycles: phase %.3f, vector strength %.3f (%u of %u cycles)",
                  il->other, il->limb, il->mean_phase, il->vector_strength, il->n_phases, il->n_cycles);
      if (isfinite (il->xcorr_peak))
        g_printerr ("; hoof speed follows by %d frames (phase %.3f, r = %.3f)",
                    il->xcorr_lag, il->xcorr_phase, il->xcorr_peak);
      g_printerr ("\n");
    }
}

/**
 * gait_cli_metrics:
 * @argc: the argument count, the command's name first
 * @argv: the arguments
 *
 * `gaitline-cli metrics TRACKING --cycles CYCLES`: per-cycle measurements
 * and interlimb coordination.
 *
 * Returns: the exit status
 */
int
gait_cli_metrics (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GaitMetrics) metrics = NULL;
  g_autofree GaitCycle *cycles = NULL;
  g_autofree char *cycles_path = NULL;
  g_autofree char *fps_option = NULL;
  g_autofree char *video = NULL;
  g_autofree char *individual = NULL;
  g_autofree char *profile_option = NULL;
  g_auto(GStrv) limbs = NULL;
  g_autofree char *output = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  double mm_per_px = 0, likelihood = 0.9, fps = 0;
  gboolean treadmill = FALSE, quiet = FALSE;
  GaitMetricsParams params;
  gsize n_cycles = 0;
  GOptionEntry entries[] = {
    { "cycles", 'c', 0, G_OPTION_ARG_FILENAME, &cycles_path,
      "The cycles: detect's CSV or an ELAN file (.eaf) (required)", "FILE" },
    { "fps", 'r', 0, G_OPTION_ARG_STRING, &fps_option,
      "Frame rate (50, 29.97, 30000/1001); default: the video's", "RATE" },
    { "video", 'V', 0, G_OPTION_ARG_FILENAME, &video,
      "The recording's video, for its frame rate (default: <name>.mp4 etc. beside a <name>DLC_*.csv)", "FILE" },
    { "mm-per-px", 's', 0, G_OPTION_ARG_DOUBLE, &mm_per_px,
      "Image scale: also give lengths and speeds in mm", "S" },
    { "treadmill", 0, 0, G_OPTION_ARG_NONE, &treadmill,
      "Treadmill: add the belt's travel (measured from the stance foot) to stride lengths", NULL },
    { "profile", 'p', 0, G_OPTION_ARG_FILENAME, &profile_option,
      "Landmark roles: a profile file or a built-in id; default: the built-in profile that fits", "FILE" },
    { "limb", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &limbs,
      "A limb and its distal landmarks (repeat; replaces the profile's limbs)", "NAME=LM1,LM2,..." },
    { "individual", 'i', 0, G_OPTION_ARG_STRING, &individual,
      "Animal of a multi-animal file (default: the first)", "NAME" },
    { "likelihood", 0, 0, G_OPTION_ARG_DOUBLE, &likelihood,
      "Likelihood cutoff for the Procrustes distance (0.9)", "P" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Per-cycle table (default: standard output)", "FILE" },
    { "summary", 'S', 0, G_OPTION_ARG_FILENAME, &summary,
      "Also write the interlimb summary as CSV", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No summary on standard error", NULL },
    { NULL }
  };

  context = g_option_context_new ("TRACKING - measure stride cycles");
  g_option_context_set_summary (context, "metrics");
  g_option_context_set_description (context,
    "Measures every cycle of --cycles in the tracking file: duration, stride frequency,\n"
    "stance and swing (from the lift-off), duty factor, stride length and speed (px,\n"
    "and mm with --mm-per-px), the Procrustes distance, and the phase of every other\n"
    "limb's touch-down within the cycle. Columns:\n"
    "  limb,start,end,liftoff,state,used,frames,start_time,duration,stance,swing,\n"
    "  stride_frequency,duty_factor,stride_length_px,stride_length_mm,speed_px_s,\n"
    "  speed_mm_s,procrustes_distance,n_landmarks,phase_LIMB...\n"
    "Times in seconds, frequencies in Hz, empty cells where unknown (no frame rate:\n"
    "frames only). The summary (standard error, and --summary FILE as CSV:\n"
    "limb,other,n_cycles,n_phases,phase_mean,vector_strength,xcorr_lag_frames,\n"
    "xcorr_peak,xcorr_phase) gives for each pair of limbs the circular mean phase and\n"
    "vector strength, and the lag of the hoof speeds' cross-correlation. Rejected\n"
    "cycles never count; when cycles have been reviewed, only accepted, edited and\n"
    "added ones do (column used).\n\n"
    "Example:\n  gaitline-cli metrics run.csv --cycles run.cycles.csv --fps 50 -o metrics.csv\n");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, argc < 2 ? "no tracking file" : "one tracking file at a time");
  if (cycles_path == NULL)
    return usage_error (context, "--cycles FILE is required");
  if (fps_option != NULL && !parse_rate (fps_option, &fps, &error))
    return usage_error (context, error->message);
  if (!(mm_per_px >= 0) || !isfinite (mm_per_px))
    return usage_error (context, "--mm-per-px must be positive");
  if (!(likelihood >= 0 && likelihood <= 1))
    return usage_error (context, "--likelihood must lie in 0…1");

  if (!(tracking = gait_tracking_new_from_file (argv[1], individual, &error)))
    return input_error (error);

  if (!(profile = gait_cli_resolve_profile (profile_option, (const char * const *) limbs, NULL, tracking, &error)))
    return input_error (error);

  if (!resolve_fps (fps_option, video, argv[1], &fps, &error))
    return input_error (error);

  if (fps <= 0 && (g_str_has_suffix (cycles_path, ".eaf") || g_str_has_suffix (cycles_path, ".EAF")))
    return usage_error (context, "reading ELAN times needs the frame rate: give --fps or --video");

  if (!(cycles = load_cycles (cycles_path, fps, profile, &n_cycles, &error)))
    return input_error (error);

  gait_metrics_params_init (&params);
  params.fps = fps;
  params.mm_per_px = mm_per_px;
  params.likelihood_cutoff = likelihood;
  params.treadmill = treadmill;

  if (!(metrics = gait_metrics_compute (tracking, profile, cycles, n_cycles, &params, NULL, &error)))
    return input_error (error);

  text = gait_metrics_to_csv (metrics);
  if (!write_output (output, text, &error))
    return input_error (error);

  if (summary != NULL)
    {
      g_autofree char *summary_text = gait_metrics_summary_to_csv (metrics);

      if (!write_output (summary, summary_text, &error))
        return input_error (error);
    }

  if (!quiet)
    {
      if (fps <= 0)
        g_printerr ("gaitline-cli: warning: no frame rate (--fps or --video): frames only\n");
      print_summary (metrics, fps);
    }

  return EXIT_OK;
}
