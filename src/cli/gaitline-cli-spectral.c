/* gaitline-cli-spectral.c: the vqt, metrics and spectrum commands
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
#include "gait-recording.h"
#include "gait-spectral.h"
#include "gait-trace.h"
#include "gait-tracking.h"
#include "gait-vqt.h"

#include "gaitline-cli-commands.h"

/* The frame rate of the video (--video or the one paired with
 * @tracking_path); 0 when there is none. */
static gboolean
video_fps (const char  *video_option,
           const char  *tracking_path,
           double      *fps,
           GError     **error)
{
  g_autofree char *video = NULL;
  g_auto(GaitMediaInfo) media = { 0 };

  *fps = 0;

  video = video_option ? g_strdup (video_option) : gait_recording_find_video (tracking_path);
  if (video == NULL)
    return TRUE;

  if (!gait_media_probe (video, &media, error))
    return FALSE;

  *fps = gait_media_info_get_fps (&media);
  return TRUE;
}

/* ",value", or "," where it is unknown */
static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

/* The options the commands share: the recording and its frame rate
 * (all), its landmark roles and a range of its frames (metrics and
 * spectrum). */
typedef struct
{
  char  *range;
  char  *fps;
  char  *video;
  char  *profile;
  char **limbs;
  char  *individual;
} RecordingOptions;

static void
recording_options_clear (RecordingOptions *o)
{
  g_clear_pointer (&o->range, g_free);
  g_clear_pointer (&o->fps, g_free);
  g_clear_pointer (&o->video, g_free);
  g_clear_pointer (&o->profile, g_free);
  g_clear_pointer (&o->limbs, g_strfreev);
  g_clear_pointer (&o->individual, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RecordingOptions, recording_options_clear)

/* --fps, --video, --individual */
static void
add_source_entries (GOptionContext   *context,
                    RecordingOptions *o)
{
  GOptionEntry entries[] = {
    { "fps", 'r', 0, G_OPTION_ARG_STRING, &o->fps,
      "Frame rate (50, 29.97, 30000/1001); default: the video's", "RATE" },
    { "video", 'V', 0, G_OPTION_ARG_FILENAME, &o->video,
      "The recording's video, for its frame rate (default: <name>.mp4 etc. beside a <name>DLC_*.csv)", "FILE" },
    { "individual", 'i', 0, G_OPTION_ARG_STRING, &o->individual,
      "Animal of a multi-animal file (default: the first)", "NAME" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

/* the source's, and --range, --profile, --limb */
static void
add_recording_entries (GOptionContext   *context,
                       RecordingOptions *o,
                       const char       *range_help)
{
  GOptionEntry entries[] = {
    { "range", 0, 0, G_OPTION_ARG_STRING, &o->range, range_help, "FIRST:LAST" },
    { "profile", 'p', 0, G_OPTION_ARG_FILENAME, &o->profile,
      "Landmark roles: a profile file or a built-in id; default: the built-in profile that fits", "FILE" },
    { "limb", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &o->limbs,
      "A limb and its distal landmarks (repeat; replaces the profile's limbs)", "NAME=LM1,LM2,..." },
    { NULL }
  };

  add_source_entries (context, o);
  g_option_context_add_main_entries (context, entries, NULL);
}

/* Loads @path into @tracking with its frame rate (0 when unknown, unless
 * @need_fps) and --range's frames (-1, -1 without one). Returns the exit
 * status, GAIT_CLI_EXIT_OK when all is well. */
static int
load_recording (GOptionContext          *context,
                const RecordingOptions  *o,
                const char              *path,
                gboolean                 need_fps,
                GaitTracking           **tracking,
                double                  *fps,
                gint64                  *start,
                gint64                  *end)
{
  g_autoptr(GError) error = NULL;

  if (o->fps != NULL)
    {
      if (!gait_cli_parse_fps (o->fps, fps, &error))
        return gait_cli_usage_error (context, error->message);
    }
  else if (!video_fps (o->video, path, fps, &error))
    return gait_cli_input_error (error);
  if (need_fps && !(*fps > 0))
    return gait_cli_usage_error (context, "the frame rate is unknown: give --fps or --video");

  *start = *end = -1;
  if (o->range != NULL && !gait_cli_parse_range ("--range", o->range, *fps, start, end, &error))
    return gait_cli_usage_error (context, error->message);

  if (!(*tracking = gait_tracking_new_from_file (path, o->individual, &error)))
    return gait_cli_input_error (error);

  if (o->range != NULL && !gait_cli_check_range ("--range", o->range, *tracking, start, end, &error))
    return gait_cli_input_error (error);

  return GAIT_CLI_EXIT_OK;
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
  g_auto(RecordingOptions) recording = { 0 };
  g_autofree char *landmark = NULL;
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
  gint64 start, end;
  int index, status;
  GOptionEntry entries[] = {
    { "landmark", 'L', 0, G_OPTION_ARG_STRING, &landmark, "The landmark (required)", "NAME" },
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
  add_source_entries (context, &recording);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gait_cli_usage_error (context, error->message);
  if (argc != 2)
    return gait_cli_usage_error (context, argc < 2 ? "no input file" : "one input file at a time");
  if (landmark == NULL)
    return gait_cli_usage_error (context, "--landmark NAME is required");

  if (layout == NULL || g_str_equal (layout, "wide"))
    layout_value = GAIT_SPECTROGRAM_WIDE;
  else if (g_str_equal (layout, "long"))
    layout_value = GAIT_SPECTROGRAM_LONG;
  else
    return gait_cli_usage_error (context, "--layout must be wide or long");

  if (component == NULL || g_str_equal (component, "xy"))
    component_value = GAIT_SPECTROGRAM_XY;
  else if (g_str_equal (component, "x"))
    component_value = GAIT_SPECTROGRAM_X;
  else if (g_str_equal (component, "y"))
    component_value = GAIT_SPECTROGRAM_Y;
  else
    return gait_cli_usage_error (context, "--component must be xy, x or y");

  if (n_bins < 0 || downsample < 0 || f_min < 0 || f_max < 0)
    return gait_cli_usage_error (context, "--bins, --downsample, --f-min and --f-max must be positive");

  status = load_recording (context, &recording, argv[1], TRUE, &tracking, &fps, &start, &end);
  if (status != GAIT_CLI_EXIT_OK)
    return status;

  index = gait_tracking_find_landmark (tracking, landmark);
  if (index < 0)
    {
      g_autofree char *available = gait_tracking_dup_landmark_list (tracking);

      g_printerr ("gaitline-cli: %s: no landmark “%s”; available landmarks: %s\n",
                  argv[1], landmark, available);
      return GAIT_CLI_EXIT_BAD_INPUT;
    }

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
    return gait_cli_usage_error (context, "--padding must be same or valid");

  if (!(vqt = gait_vqt_new (&params, &error)))
    return gait_cli_usage_error (context, error->message);

  if (!(spec = gait_vqt_landmark (vqt, tracking, index, likelihood, NULL, &error)))
    {
      g_printerr ("gaitline-cli: %s: %s\n", argv[1], error->message);
      return GAIT_CLI_EXIT_BAD_INPUT;
    }

  text = gait_spectrogram_to_csv (spec, component_value, layout_value);
  if (!gait_cli_write_output (output, text, -1, &error))
    return gait_cli_input_error (error);

  return GAIT_CLI_EXIT_OK;
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
      g_auto(GStrv) limbs = gait_profile_dup_limb_names (profile);

      if (!(doc = gait_elan_document_new_from_file (path, error)))
        return NULL;

      return gait_elan_document_get_cycles (doc, fps, (const char * const *) limbs,
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
        {
          g_printerr ("; hoof speed follows by %d frames (", il->xcorr_lag);
          if (isfinite (il->xcorr_phase))
            g_printerr ("phase %.3f, ", il->xcorr_phase);
          g_printerr ("r = %.3f over frames %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT,
                      il->xcorr_peak, il->xcorr_start, il->xcorr_end);
          if (fps > 0)
            g_printerr (", %.2f–%.2f s", il->xcorr_start / fps, il->xcorr_end / fps);
          g_printerr (")");
        }
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
  g_auto(RecordingOptions) recording = { 0 };
  g_autofree char *output = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *xcorr = NULL;
  double mm_per_px = 0, likelihood = 0.9, fps = 0;
  gint64 range_start, range_end;
  gboolean treadmill = FALSE, quiet = FALSE;
  GaitMetricsParams params;
  gsize n_cycles = 0;
  int status;
  GOptionEntry entries[] = {
    { "cycles", 'c', 0, G_OPTION_ARG_FILENAME, &cycles_path,
      "The cycles: detect's CSV or an ELAN file (.eaf) (required)", "FILE" },
    { "mm-per-px", 's', 0, G_OPTION_ARG_DOUBLE, &mm_per_px,
      "Image scale: also give lengths and speeds in mm", "S" },
    { "treadmill", 0, 0, G_OPTION_ARG_NONE, &treadmill,
      "Treadmill: add the belt's travel (measured from the stance foot) to stride lengths", NULL },
    { "likelihood", 0, 0, G_OPTION_ARG_DOUBLE, &likelihood,
      "Likelihood cutoff for the Procrustes distance (0.9)", "P" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Per-cycle table (default: standard output)", "FILE" },
    { "summary", 'S', 0, G_OPTION_ARG_FILENAME, &summary,
      "Also write the interlimb summary as CSV", "FILE" },
    { "xcorr", 0, 0, G_OPTION_ARG_FILENAME, &xcorr,
      "Also write the cross-correlation curves as CSV (limb,other,lag_frames,lag_s,r)", "FILE" },
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
    "xcorr_peak,xcorr_phase,xcorr_start,xcorr_end) gives for each pair of limbs the\n"
    "circular mean phase and vector strength, and the lag of the hoof speeds'\n"
    "cross-correlation over frames xcorr_start to xcorr_end (exclusive): --range, or\n"
    "the span of the pair's cycles; --xcorr FILE writes its whole curve. Rejected\n"
    "cycles never count; when cycles have been reviewed, only accepted, edited and\n"
    "added ones do (column used).\n\n"
    "Examples:\n"
    "  gaitline-cli metrics run.csv --cycles run.cycles.csv --fps 50 -o metrics.csv\n"
    "  gaitline-cli metrics run.csv --cycles run.cycles.csv --fps 50 --range 24s:48s \\\n"
    "      --summary summary.csv --xcorr xcorr.csv -o metrics.csv\n");
  g_option_context_add_main_entries (context, entries, NULL);
  add_recording_entries (context, &recording,
                         "Frames whose hoof speeds are cross-correlated: 1200:2400 (end exclusive) or 24s:48s; "
                         "either side may be empty (default: the span of the pair's cycles)");

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gait_cli_usage_error (context, error->message);
  if (argc != 2)
    return gait_cli_usage_error (context, argc < 2 ? "no tracking file" : "one tracking file at a time");
  if (cycles_path == NULL)
    return gait_cli_usage_error (context, "--cycles FILE is required");
  if (!(mm_per_px >= 0) || !isfinite (mm_per_px))
    return gait_cli_usage_error (context, "--mm-per-px must be positive");
  if (!(likelihood >= 0 && likelihood <= 1))
    return gait_cli_usage_error (context, "--likelihood must lie in 0…1");

  status = load_recording (context, &recording, argv[1], FALSE, &tracking, &fps, &range_start, &range_end);
  if (status != GAIT_CLI_EXIT_OK)
    return status;

  if (!(profile = gait_cli_resolve_profile (recording.profile, (const char * const *) recording.limbs,
                                            NULL, tracking, &error)))
    return gait_cli_input_error (error);

  if (fps <= 0 && (g_str_has_suffix (cycles_path, ".eaf") || g_str_has_suffix (cycles_path, ".EAF")))
    return gait_cli_usage_error (context, "reading ELAN times needs the frame rate: give --fps or --video");

  if (!(cycles = load_cycles (cycles_path, fps, profile, &n_cycles, &error)))
    return gait_cli_input_error (error);

  gait_metrics_params_init (&params);
  params.fps = fps;
  params.mm_per_px = mm_per_px;
  params.likelihood_cutoff = likelihood;
  params.treadmill = treadmill;
  params.xcorr_start = range_start;
  params.xcorr_end = range_end;

  if (!(metrics = gait_metrics_compute (tracking, profile, cycles, n_cycles, &params, NULL, &error)))
    return gait_cli_input_error (error);

  {
    /* the table (standard output by default), then what was asked for */
    const struct {
      const char *path;
      char     *(*to_csv) (GaitMetrics *metrics);
    } outputs[] = {
      { output ? output : "-", gait_metrics_to_csv },
      { summary, gait_metrics_summary_to_csv },
      { xcorr, gait_metrics_xcorr_to_csv },
    };

    for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
      {
        g_autofree char *text = outputs[i].path ? outputs[i].to_csv (metrics) : NULL;

        if (text != NULL && !gait_cli_write_output (outputs[i].path, text, -1, &error))
          return gait_cli_input_error (error);
      }
  }

  if (!quiet)
    {
      if (fps <= 0)
        g_printerr ("gaitline-cli: warning: no frame rate (--fps or --video): frames only\n");
      print_summary (metrics, fps);
    }

  return GAIT_CLI_EXIT_OK;
}

/* spectrum */

/* Each signal's trace: hoof speeds need the profile, and only they do. */
static gboolean
append_spectrum_row (GString                  *out,
                     GaitTracking             *tracking,
                     GaitProfile              *profile,
                     const GError             *profile_error,
                     const char               *spec,
                     const GaitDetectParams   *detect,
                     gint64                    start,
                     gint64                    end,
                     const GaitSpectralParams *params,
                     GError                  **error)
{
  g_autoptr(GaitTrace) trace = NULL;
  g_autoptr(GError) local_error = NULL;
  GaitSpectralStats stats;
  const double *values;
  gsize n;

  if (!(trace = gait_trace_new_for_signal (tracking, profile, spec, detect, &local_error)))
    {
      /* "hoof:LIMB" without a profile: why there is none */
      if (profile == NULL && profile_error != NULL && g_str_has_prefix (spec, "hoof:"))
        g_set_error (error, profile_error->domain, profile_error->code,
                     "--signal “%s”: %s", spec, profile_error->message);
      else
        g_set_error (error, local_error->domain, local_error->code,
                     "%s: --signal: %s", gait_tracking_get_path (tracking), local_error->message);
      return FALSE;
    }

  values = gait_trace_get_values (trace, &n);
  if (!gait_spectral_stats_range (values, n, start, end, params, &stats, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "%s: --signal “%s”: %s", gait_tracking_get_path (tracking), spec, local_error->message);
      return FALSE;
    }

  gait_csv_append_field (out, spec);
  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, start, end);
  append_double (out, stats.dominant);
  append_double (out, stats.mean);
  append_double (out, stats.sd);
  append_double (out, stats.median);
  append_double (out, stats.mode);
  append_double (out, stats.q25);
  append_double (out, stats.q75);
  append_double (out, stats.iqr);
  append_double (out, stats.skewness);
  append_double (out, stats.kurtosis);
  for (guint i = 0; i < G_N_ELEMENTS (stats.peaks); i++)
    append_double (out, i < stats.n_peaks ? stats.peaks[i] : NAN);
  append_double (out, stats.resolution);
  g_string_append_c (out, '\n');

  return TRUE;
}

/**
 * gait_cli_spectrum:
 * @argc: the argument count, the command's name first
 * @argv: the arguments
 *
 * `gaitline-cli spectrum FILE --signal SPEC…`: the spectral statistics of
 * signals of the tracking (gait_trace_new_for_signal()) over a range of
 * frames (gait_spectral_stats_range()), one CSV row per signal.
 *
 * Returns: the exit status
 */
int
gait_cli_spectrum (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) profile_error = NULL;
  g_autoptr(GaitTracking) tracking = NULL;
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GString) out = NULL;
  g_auto(RecordingOptions) recording = { 0 };
  g_auto(GStrv) signals = NULL;
  g_autofree char *output = NULL;
  double likelihood = 0.9, fps = 0;
  gint64 start, end;
  GaitDetectParams detect;
  GaitSpectralParams params;
  int status;
  GOptionEntry entries[] = {
    { "signal", 's', 0, G_OPTION_ARG_STRING_ARRAY, &signals,
      "A signal: hoof:LIMB, or a landmark NAME (its speed), NAME:speed, NAME:x or NAME:y "
      "(repeat; at least one)", "SPEC" },
    { "likelihood", 0, 0, G_OPTION_ARG_DOUBLE, &likelihood,
      "Likelihood cutoff of the speeds' parameters (0.9, detect's seed default; "
      "the speeds weight every position by its likelihood)", "P" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output file (default: standard output)", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("FILE - spectral statistics of tracked signals");
  g_option_context_set_summary (context, "spectrum");
  g_option_context_set_description (context,
    "The spectrum of each --signal over --range (default: the whole recording),\n"
    "treated as a distribution over frequency: the signal is high-pass filtered at\n"
    "0.5 Hz, its amplitude spectrum taken from 0.5 Hz to the Nyquist frequency, and\n"
    "its peaks picked after smoothing over 0.1 Hz, at least 0.25 Hz apart. Frames\n"
    "where a signal is unknown are bridged linearly. A speed is the blog's hoof speed\n"
    "(Savitzky–Golay 15/3, gradient spacing 5): of the limb's distal landmarks for\n"
    "hoof:LIMB (the profile is needed for these only), of the one landmark for NAME;\n"
    "NAME:x and NAME:y are the coordinates as tracked. The window's Traces page gives\n"
    "the same numbers for the same signal.\n\n"
    "One row per signal:\n"
    "  signal,start,end,dominant_hz,mean_hz,sd_hz,median_hz,mode_hz,q25_hz,q75_hz,\n"
    "  iqr_hz,skewness,kurtosis,peak1_hz,peak2_hz,peak3_hz,resolution_hz\n"
    "start and end are the frames analysed (end exclusive); dominant_hz the strongest\n"
    "peak, peaks strongest first (empty cells where there are fewer), resolution_hz\n"
    "the spacing of the frequency bins. Needs the frame rate.\n\n"
    "Examples:\n"
    "  gaitline-cli spectrum run.csv --fps 50 --signal hoof:fl --signal hoof:hl\n"
    "  gaitline-cli spectrum run.csv --fps 50 --signal snout:y --range 24s:48s -o spectrum.csv\n");
  g_option_context_add_main_entries (context, entries, NULL);
  add_recording_entries (context, &recording,
                         "Frames 1200:2400 (end exclusive) or seconds 24s:48s; either side may be empty "
                         "(default: the whole recording)");

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gait_cli_usage_error (context, error->message);
  if (argc != 2)
    return gait_cli_usage_error (context, argc < 2 ? "no input file" : "one input file at a time");
  if (signals == NULL || signals[0] == NULL)
    return gait_cli_usage_error (context, "--signal SPEC is required");
  if (!(likelihood >= 0 && likelihood <= 1))
    return gait_cli_usage_error (context, "--likelihood must lie in 0…1");

  status = load_recording (context, &recording, argv[1], TRUE, &tracking, &fps, &start, &end);
  if (status != GAIT_CLI_EXIT_OK)
    return status;
  start = MAX (start, 0);
  end = end >= 0 ? end : gait_tracking_get_n_frames (tracking);

  /* only hoof:LIMB needs one */
  profile = gait_cli_resolve_profile (recording.profile, (const char * const *) recording.limbs,
                                      NULL, tracking, &profile_error);

  /* the speeds as the window's Traces page takes them */
  gait_detect_params_init (&detect, GAIT_METHOD_SEED);
  detect.fps = fps;
  detect.likelihood_cutoff = likelihood;
  gait_spectral_params_init (&params, fps);

  out = g_string_new ("signal,start,end,dominant_hz,mean_hz,sd_hz,median_hz,mode_hz,q25_hz,q75_hz,"
                      "iqr_hz,skewness,kurtosis,peak1_hz,peak2_hz,peak3_hz,resolution_hz\n");
  for (guint i = 0; signals[i] != NULL; i++)
    if (!append_spectrum_row (out, tracking, profile, profile_error, signals[i],
                              &detect, start, end, &params, &error))
      return gait_cli_input_error (error);

  if (!gait_cli_write_output (output, out->str, -1, &error))
    return gait_cli_input_error (error);

  return GAIT_CLI_EXIT_OK;
}
