/* gaitline-cli-trace.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "gait-error.h"
#include "gait-trace.h"
#include "gait-trace-extractor.h"

#include "gaitline-cli-commands.h"

#define DEFAULT_SIZE 5   /* optimap's */

typedef struct
{
  GMainLoop          *loop;
  GPtrArray          *traces;
  GError             *error;
  gboolean            show_progress;
  int                 last_percent;
} TraceRun;

static gboolean detrend_given = FALSE;
static char *detrend_kind = NULL;

static gboolean
detrend_option_cb (const char  *option_name,
                   const char  *value,
                   gpointer     data,
                   GError     **error)
{
  detrend_given = TRUE;
  g_free (detrend_kind);
  detrend_kind = g_strdup (value);

  return TRUE;
}

/* X,Y[:WINDOW[:SIZE]] */
static gboolean
parse_position (const char       *text,
                int              *x,
                int              *y,
                GaitTraceWindow  *window,
                guint            *size,
                GError          **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 0);
  g_auto(GStrv) xy = NULL;
  guint n_parts = g_strv_length (parts);
  gint64 vx, vy;
  guint64 vsize = DEFAULT_SIZE;

  *window = GAIT_TRACE_WINDOW_RECT;

  if (n_parts < 1 || n_parts > 3)
    goto bad;

  xy = g_strsplit (parts[0], ",", 0);
  if (g_strv_length (xy) != 2 ||
      !g_ascii_string_to_signed (xy[0], 10, G_MININT, G_MAXINT, &vx, NULL) ||
      !g_ascii_string_to_signed (xy[1], 10, G_MININT, G_MAXINT, &vy, NULL))
    goto bad;

  if (n_parts >= 2 && !gait_trace_window_from_string (parts[1], window))
    goto bad;

  if (n_parts == 3 &&
      !g_ascii_string_to_unsigned (parts[2], 10, 0, 100000, &vsize, NULL))
    goto bad;

  *x = (int)vx;
  *y = (int)vy;
  *size = *window == GAIT_TRACE_WINDOW_PIXEL ? 1 : (guint)vsize;

  return TRUE;

bad:
  g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
               "--at: “%s” is not a position X,Y[:rect|disc|pixel[:SIZE]] "
               "(e.g. 120,45 or 120,45:disc:9)", text);
  return FALSE;
}

static void
fraction_cb (GaitTraceExtractor *extractor,
             GParamSpec         *pspec,
             TraceRun           *run)
{
  int percent = (int)(gait_trace_extractor_get_fraction (extractor) * 100);

  if (!run->show_progress || percent == run->last_percent)
    return;

  run->last_percent = percent;
  g_printerr ("\rReading %s: %3d %%", gait_trace_extractor_get_path (extractor), percent);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TraceRun *run = user_data;

  run->traces = gait_trace_extractor_run_finish (GAIT_TRACE_EXTRACTOR (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));

  return G_SOURCE_CONTINUE;
}

int
gait_cli_trace (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GaitTraceExtractor) extractor = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) output = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) positions = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *text = NULL;
  GaitTraceProcessing processing;
  TraceRun run = { 0 };
  gboolean normalise = FALSE;
  gboolean quiet = FALSE;
  double period = 0;
  gulong handler;
  guint sigint;
  GOptionEntry entries[] = {
    { "at", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &positions,
      "A position to trace: column X and row Y from the top left; window rect (SIZE × SIZE, the default), "
      "disc (diameter SIZE) or pixel; SIZE 5 by default. Repeat for more traces", "X,Y[:WINDOW[:SIZE]]" },
    { "normalise", 'n', 0, G_OPTION_ARG_NONE, &normalise, "Scale each trace to 0…1 (min–max)", NULL },
    { "normalize", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &normalise, NULL, NULL },
    { "detrend", 'd', G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, detrend_option_cb,
      "Remove the trend as optimap's detrend_timeseries() does: spline (the default), line, mean or median",
      "[KIND]" },
    { "period", 'p', 0, G_OPTION_ARG_DOUBLE, &period,
      "The traces' period in frames, for --detrend (estimated by default); the window is two periods", "FRAMES" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "CSV file to write (standard output by default)", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress", NULL },
    { NULL }
  };

  detrend_given = FALSE;
  g_clear_pointer (&detrend_kind, g_free);

  context = g_option_context_new ("VIDEO - pixel-intensity traces of points over a video");
  g_option_context_set_summary (context, "trace");
  g_option_context_set_description (context,
    "A trace is the mean grey value (luma) of the window around a position in every\n"
    "frame, with optimap's windows: an even-sized rect reaches one pixel further up\n"
    "and left; windows are clipped at the picture's border. The video is decoded once\n"
    "for all traces. Detrending comes before normalisation.\n\n"
    "Output: CSV with one row per frame, frame,time,<one column per trace>.\n\n"
    "Example:\n"
    "  gaitline-cli trace run.mp4 --at 120,45 --at 300,200:disc:9 --normalise -o traces.csv\n");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gait_cli_usage_error (context, error->message);
  if (argc != 2)
    return gait_cli_usage_error (context, argc < 2 ? "a VIDEO is required" : "only one VIDEO at a time");
  if (positions == NULL || positions[0] == NULL)
    return gait_cli_usage_error (context, "at least one --at X,Y is required");
  if (period < 0 || !(period < 1e9))
    return gait_cli_usage_error (context, "--period must be a positive number of frames");

  gait_trace_processing_init (&processing);
  processing.normalise = normalise;
  processing.period = period;
  if (detrend_given)
    {
      processing.detrend = GAIT_DETREND_SPLINE;
      if (detrend_kind != NULL &&
          (!gait_detrend_kind_from_string (detrend_kind, &processing.detrend) ||
           processing.detrend == GAIT_DETREND_NONE))
        return gait_cli_usage_error (context, "--detrend: the kind must be spline, line, mean or median");
    }
  else if (period > 0)
    return gait_cli_usage_error (context, "--period is for --detrend");
  g_clear_pointer (&detrend_kind, g_free);

  extractor = gait_trace_extractor_new (argv[1], &error);
  if (extractor == NULL)
    return gait_cli_input_error (error);

  for (guint i = 0; positions[i] != NULL; i++)
    {
      GaitTraceWindow window;
      guint size;
      int x, y;

      if (!parse_position (positions[i], &x, &y, &window, &size, &error))
        return gait_cli_usage_error (context, error->message);

      if (!gait_trace_extractor_add (extractor, NULL, x, y, window, size, &error))
        return gait_cli_input_error (error);
    }

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  run.loop = loop;
  run.show_progress = !quiet && isatty (STDERR_FILENO);
  run.last_percent = -1;

  handler = g_signal_connect (extractor, "notify::fraction", G_CALLBACK (fraction_cb), &run);
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, cancellable);

  gait_trace_extractor_run_async (extractor, cancellable, run_done_cb, &run);
  g_main_loop_run (loop);

  g_source_remove (sigint);
  g_signal_handler_disconnect (extractor, handler);
  if (run.show_progress)
    g_printerr ("\n");

  if (run.traces == NULL)
    {
      gboolean cancelled = g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      g_printerr ("gaitline-cli: %s\n", cancelled ? "interrupted" : run.error->message);
      g_clear_error (&run.error);
      return cancelled ? GAIT_CLI_EXIT_CANCELLED : GAIT_CLI_EXIT_BAD_INPUT;
    }

  output = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < run.traces->len; i++)
    {
      GaitTrace *trace = g_ptr_array_index (run.traces, i);
      GaitTrace *processed;

      if (processing.detrend == GAIT_DETREND_NONE && !processing.normalise)
        {
          g_ptr_array_add (output, g_object_ref (trace));
          continue;
        }

      processed = gait_trace_process (trace, &processing, &error);
      if (processed == NULL)
        {
          g_printerr ("gaitline-cli: %s: %s\n", gait_trace_get_name (trace), error->message);
          g_ptr_array_unref (run.traces);
          return GAIT_CLI_EXIT_BAD_INPUT;
        }
      g_ptr_array_add (output, processed);
    }
  g_clear_pointer (&run.traces, g_ptr_array_unref);

  text = gait_traces_to_csv ((GaitTrace * const *)output->pdata, output->len);
  if (!gait_cli_write_output (out_path, text, -1, &error))
    return gait_cli_input_error (error);

  if (!quiet && out_path != NULL && !g_str_equal (out_path, "-"))
    g_printerr ("%s: %u trace%s of %" G_GSIZE_FORMAT " frames\n", out_path, output->len,
                output->len == 1 ? "" : "s",
                gait_trace_get_n_values (g_ptr_array_index (output, 0)));

  return GAIT_CLI_EXIT_OK;
}
