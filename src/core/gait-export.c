/* gait-export.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>

#include <math.h>
#include <string.h>

#include "gait-error.h"
#include "gait-export.h"
#include "gait-export-private.h"
#include "gait-media-private.h"

#define CSV_HEADER \
  "limb,start,end,liftoff,start_time,end_time,duration,stride_frequency," \
  "duty_factor,stride_length_px,procrustes_distance,n_landmarks,confidence,method,state\n"

/**
 * _gait_has_fps:
 * @fps: a frame rate
 *
 * Returns: whether @fps is a frame rate: finite and positive
 */
gboolean
_gait_has_fps (double fps)
{
  return isfinite (fps) && fps > 0;
}

/* Appends @value with a printf-style @format, in the C locale; nothing for
 * NaN and infinities, which become empty cells.
 */
static void
append_double (GString    *out,
               const char *format,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return;

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

/**
 * gait_csv_append_field:
 * @out: the CSV being built
 * @text: (nullable): a field's text
 *
 * Appends @text as one CSV field, quoted when it holds a comma, a quote or
 * a line break (RFC 4180).
 */
void
gait_csv_append_field (GString    *out,
                       const char *text)
{
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * gait_cycles_to_csv:
 * @cycles: (array length=n_cycles): the cycles, written in this order
 * @n_cycles: the number of cycles
 * @options: (nullable): the frame rate; %NULL for none
 *
 * Writes the cycle table as CSV with a header row. Frames are always
 * written; times in seconds (start_time, end_time, duration) and the stride
 * frequency in Hz only when @options gives a frame rate, else those cells
 * stay empty, as do unknown values (NaN, a liftoff of -1). Numbers use the
 * C locale whatever the user's locale is.
 *
 * Returns: (transfer full): the CSV text
 */
char *
gait_cycles_to_csv (const GaitCycle         *cycles,
                    gsize                    n_cycles,
                    const GaitExportOptions *options)
{
  GString *out;
  gboolean with_times;

  g_return_val_if_fail (cycles != NULL || n_cycles == 0, NULL);

  with_times = options != NULL && _gait_has_fps (options->fps);
  out = g_string_new (CSV_HEADER);

  for (gsize i = 0; i < n_cycles; i++)
    {
      const GaitCycle *cycle = &cycles[i];

      gait_csv_append_field (out, cycle->limb);
      g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",",
                              cycle->start, cycle->end);
      if (cycle->liftoff >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, cycle->liftoff);
      g_string_append_c (out, ',');

      if (with_times)
        {
          double fps = options->fps;
          double duration = (double)(cycle->end - cycle->start) / fps;

          append_double (out, "%.6f", (double)cycle->start / fps);
          g_string_append_c (out, ',');
          append_double (out, "%.6f", (double)cycle->end / fps);
          g_string_append_c (out, ',');
          append_double (out, "%.6f", duration);
          g_string_append_c (out, ',');
          if (duration > 0)
            append_double (out, "%.6g", 1.0 / duration);
          g_string_append_c (out, ',');
        }
      else
        {
          g_string_append (out, ",,,,");
        }

      append_double (out, "%.6g", gait_cycle_duty_factor (cycle));
      g_string_append_c (out, ',');
      append_double (out, "%.6g", cycle->stride_length);
      g_string_append_c (out, ',');
      append_double (out, "%.6g", cycle->procrustes);
      g_string_append_printf (out, ",%u,", cycle->n_landmarks);
      append_double (out, "%.6g", cycle->confidence);
      g_string_append_c (out, ',');
      gait_csv_append_field (out, gait_method_to_string (cycle->method));
      g_string_append_c (out, ',');
      g_string_append (out, gait_cycle_state_to_string (cycle->state));
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/**
 * _gait_xml_append_escaped:
 * @out: where to append
 * @text: the text, UTF-8 (invalid sequences become U+FFFD)
 * @attribute: whether @text is an attribute value (in double quotes)
 *   rather than character data
 *
 * Escapes @text for XML 1.0. In attribute values, tabs and line breaks
 * become character references so that they survive attribute-value
 * normalisation, and double quotes are escaped; in character data they
 * stay as they are. Carriage returns always become references, which
 * line-end normalisation would otherwise turn into line feeds. Characters
 * XML 1.0 forbids (other C0 controls, U+FFFE, U+FFFF) become U+FFFD.
 */
void
_gait_xml_append_escaped (GString    *out,
                          const char *text,
                          gboolean    attribute)
{
  g_autofree char *valid = NULL;
  const char *run;
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (run = p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *replacement = NULL;
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&':
          replacement = "&amp;";
          break;

        case '<':
          replacement = "&lt;";
          break;

        case '>':
          replacement = "&gt;";
          break;

        case '"':
          replacement = attribute ? "&quot;" : NULL;
          break;

        case '\t':
          replacement = attribute ? "&#9;" : NULL;
          break;

        case '\n':
          replacement = attribute ? "&#10;" : NULL;
          break;

        case '\r':
          replacement = "&#13;";
          break;

        default:
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
            replacement = "\xEF\xBF\xBD";
          break;
        }

      if (replacement != NULL)
        {
          g_string_append_len (out, run, p - run);
          g_string_append (out, replacement);
          run = g_utf8_next_char (p);
        }
    }

  g_string_append_len (out, run, p - run);
}

/**
 * _gait_frame_to_ms:
 * @frame: a frame
 * @fps: the frame rate, positive
 * @offset: ELAN's media offset in milliseconds (the video time at
 *   annotation time 0), 0 when none
 * @ms: (out): the annotation time
 *
 * The frame's annotation time in whole milliseconds, rounding halves up.
 * The tiny bias keeps a true half (frame 15 at 30000/1001 fps is
 * 500.5 ms) from falling either way with the rounding error of a double
 * frame rate. The offset is subtracted after rounding, so that the same
 * frame always gets the same video time.
 *
 * Returns: %FALSE when the time is outside what a TIME_VALUE
 *   (xsd:unsignedInt) holds
 */
gboolean
_gait_frame_to_ms (gint64  frame,
                   double  fps,
                   gint64  offset,
                   gint64 *ms)
{
  double t = floor ((double)frame * 1000.0 / fps + 0.5 + 1e-6) - (double)offset;

  if (!(t >= 0 && t <= (double)G_MAXUINT32))
    return FALSE;

  *ms = (gint64)t;

  return TRUE;
}

typedef struct
{
  gint64 ms;
  gsize  cycle;
  guint  is_end;
} TimeSlot;

static int
time_slot_compare (gconstpointer a,
                   gconstpointer b)
{
  const TimeSlot *sa = a;
  const TimeSlot *sb = b;

  if (sa->ms != sb->ms)
    return sa->ms < sb->ms ? -1 : 1;
  if (sa->cycle != sb->cycle)
    return sa->cycle < sb->cycle ? -1 : 1;
  if (sa->is_end != sb->is_end)
    return sa->is_end < sb->is_end ? -1 : 1;
  return 0;
}

typedef struct
{
  guint  tier;
  gint64 start;
  gint64 end;
  gsize  cycle;
} AnnotationOrder;

static int
annotation_order_compare (gconstpointer a,
                          gconstpointer b)
{
  const AnnotationOrder *oa = a;
  const AnnotationOrder *ob = b;

  if (oa->tier != ob->tier)
    return oa->tier < ob->tier ? -1 : 1;
  if (oa->start != ob->start)
    return oa->start < ob->start ? -1 : 1;
  if (oa->end != ob->end)
    return oa->end < ob->end ? -1 : 1;
  if (oa->cycle != ob->cycle)
    return oa->cycle < ob->cycle ? -1 : 1;
  return 0;
}

/**
 * _gait_check_cycle:
 * @cycle: a cycle
 * @index: its index, for messages
 * @fps: the frame rate, positive
 * @offset: ELAN's media offset in milliseconds, as for _gait_frame_to_ms()
 * @start_ms: (out): its start's annotation time
 * @end_ms: (out): its end's annotation time
 * @error: return location for a #GError
 *
 * Checks that ELAN can hold @cycle: a limb name for its tier, frames that
 * increase from 0 on, and annotation times that fit a TIME_VALUE and
 * differ by at least a millisecond.
 *
 * Returns: %TRUE with the times set, or %FALSE with @error set to
 *   %GAIT_ERROR_INVALID_ARGUMENT naming the cycle and its limb
 */
gboolean
_gait_check_cycle (const GaitCycle  *cycle,
                   gsize             index,
                   double            fps,
                   gint64            offset,
                   gint64           *start_ms,
                   gint64           *end_ms,
                   GError          **error)
{
  if (cycle->limb == NULL || cycle->limb[0] == '\0')
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Cycle %" G_GSIZE_FORMAT " has no limb name, which ELAN needs as tier name",
                   index + 1);
      return FALSE;
    }

  if (cycle->start < 0 || cycle->end <= cycle->start)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Cycle %" G_GSIZE_FORMAT " of “%s” (frames %" G_GINT64_FORMAT
                   " to %" G_GINT64_FORMAT ") does not end after it starts: "
                   "ELAN needs increasing, non-negative times",
                   index + 1, cycle->limb, cycle->start, cycle->end);
      return FALSE;
    }

  if (!_gait_frame_to_ms (cycle->start, fps, offset, start_ms) ||
      !_gait_frame_to_ms (cycle->end, fps, offset, end_ms))
    {
      if (offset != 0)
        g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                     "Cycle %" G_GSIZE_FORMAT " of “%s” (frames %" G_GINT64_FORMAT
                     " to %" G_GINT64_FORMAT ") lies beyond what ELAN can store: "
                     "0 to 2³² ms after the video’s media offset of %" G_GINT64_FORMAT " ms",
                     index + 1, cycle->limb, cycle->start, cycle->end, offset);
      else
        g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                     "Cycle %" G_GSIZE_FORMAT " of “%s” (frames %" G_GINT64_FORMAT
                     " to %" G_GINT64_FORMAT ") lies beyond what ELAN can store",
                     index + 1, cycle->limb, cycle->start, cycle->end);
      return FALSE;
    }

  if (*end_ms <= *start_ms)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "Cycle %" G_GSIZE_FORMAT " of “%s” (frames %" G_GINT64_FORMAT
                   " to %" G_GINT64_FORMAT ") is shorter than ELAN’s millisecond",
                   index + 1, cycle->limb, cycle->start, cycle->end);
      return FALSE;
    }

  return TRUE;
}

/**
 * _gait_append_linked_path:
 * @url: where to append
 * @path: a path, or a part of one
 *
 * Appends @path as ELAN writes linked files ("file:///abs/path", or
 * relative): not percent-encoded, because ELAN's linked-file readers only
 * strip "file:" from it; only '%' is escaped, which xsd:anyURI would
 * refuse bare.
 */
void
_gait_append_linked_path (GString    *url,
                          const char *path)
{
  for (const char *c = path; *c != '\0'; c++)
    {
      if (*c == '%')
        g_string_append (url, "%25");
      else
        g_string_append_c (url, *c);
    }
}

/* The path to @path from the directory of @eaf_path, as a relative
 * URL: "./clip.mp4" next to it, "../videos/clip.mp4" elsewhere, which is
 * what ELAN writes and resolves against the EAF's location. Media URLs
 * escape reserved characters; linked files (@escape_reserved FALSE) only '%'.
 */
char *
_gait_relative_url (const char *path,
                    const char *eaf_path,
                    gboolean    escape_reserved)
{
  g_autofree char *media_abs = g_canonicalize_filename (path, NULL);
  g_autofree char *eaf_abs = g_canonicalize_filename (eaf_path, NULL);
  g_autofree char *eaf_dir = g_path_get_dirname (eaf_abs);
  g_auto(GStrv) from = g_strsplit (eaf_dir, G_DIR_SEPARATOR_S, -1);
  g_auto(GStrv) to = g_strsplit (media_abs, G_DIR_SEPARATOR_S, -1);
  g_autoptr(GPtrArray) from_parts = g_ptr_array_new ();
  g_autoptr(GPtrArray) to_parts = g_ptr_array_new ();
  GString *url = g_string_new (NULL);
  guint common = 0;

  for (guint i = 0; from[i] != NULL; i++)
    {
      if (from[i][0] != '\0')
        g_ptr_array_add (from_parts, from[i]);
    }
  for (guint i = 0; to[i] != NULL; i++)
    {
      if (to[i][0] != '\0')
        g_ptr_array_add (to_parts, to[i]);
    }

  g_assert (to_parts->len > 0);

  /* Directories only: the last part of @media_abs is its name */
  while (common < from_parts->len &&
         common + 1 < to_parts->len &&
         strcmp (g_ptr_array_index (from_parts, common),
                 g_ptr_array_index (to_parts, common)) == 0)
    common++;

  if (common == from_parts->len)
    g_string_append (url, "./");
  for (guint i = common; i < from_parts->len; i++)
    g_string_append (url, "../");

  for (guint i = common; i < to_parts->len; i++)
    {
      const char *part = g_ptr_array_index (to_parts, i);

      if (i > common)
        g_string_append_c (url, '/');

      if (escape_reserved)
        {
          g_autofree char *escaped = g_uri_escape_string (part, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH_ELEMENT,
                                                          FALSE);
          g_string_append (url, escaped);
        }
      else
        _gait_append_linked_path (url, part);
    }

  return g_string_free (url, FALSE);
}

static gboolean
append_media_descriptor (GString                 *out,
                         const GaitExportOptions *options,
                         GError                 **error)
{
  g_autofree char *media_abs = g_canonicalize_filename (options->media_path, NULL);
  g_autofree char *media_url = NULL;
  const char *mime_type = options->media_mime_type;

  media_url = g_filename_to_uri (media_abs, NULL, error);
  if (media_url == NULL)
    return FALSE;

  if (mime_type == NULL || mime_type[0] == '\0')
    mime_type = _gait_media_mime_type_for_path (media_abs, NULL);

  g_string_append (out, "        <MEDIA_DESCRIPTOR MEDIA_URL=\"");
  _gait_xml_append_escaped (out, media_url, TRUE);
  g_string_append (out, "\" MIME_TYPE=\"");
  _gait_xml_append_escaped (out, mime_type, TRUE);
  g_string_append_c (out, '"');

  if (options->eaf_path != NULL)
    {
      g_autofree char *relative = _gait_relative_url (media_abs, options->eaf_path, TRUE);

      g_string_append (out, " RELATIVE_MEDIA_URL=\"");
      _gait_xml_append_escaped (out, relative, TRUE);
      g_string_append_c (out, '"');
    }

  g_string_append (out, "/>\n");

  return TRUE;
}

/**
 * _gait_cycle_summary:
 * @cycle: a cycle
 *
 * The value of @cycle's annotation: a short, human-readable summary such
 * as "accepted touchdown conf=0.93 pd=0.0123 duty=0.60", without the state
 * word for cycles nobody reviewed, which the ELAN reader understands.
 *
 * Returns: (transfer full): the summary, not escaped
 */
char *
_gait_cycle_summary (const GaitCycle *cycle)
{
  GString *value = g_string_new (NULL);
  const char *method = gait_method_to_string (cycle->method);
  double duty_factor = gait_cycle_duty_factor (cycle);

  if (cycle->state != GAIT_CYCLE_DETECTED)
    g_string_append_printf (value, "%s ", gait_cycle_state_to_string (cycle->state));
  g_string_append (value, method != NULL ? method : "cycle");
  if (isfinite (cycle->confidence))
    {
      g_string_append (value, " conf=");
      append_double (value, "%.2f", cycle->confidence);
    }
  if (isfinite (cycle->procrustes))
    {
      g_string_append (value, " pd=");
      append_double (value, "%.3g", cycle->procrustes);
    }
  if (isfinite (duty_factor))
    {
      g_string_append (value, " duty=");
      append_double (value, "%.2f", duty_factor);
    }

  return g_string_free (value, FALSE);
}

/**
 * _gait_cycle_tier_name:
 * @limb: a limb's name
 * @rejected: whether the tier is that of the limb's rejected cycles
 *
 * Rejected cycles keep their own tier per limb, "fl rejected", so that a
 * person's decision survives the export without mixing with the cycles.
 *
 * Returns: (transfer none): the tier's name, interned
 */
const char *
_gait_cycle_tier_name (const char *limb,
                       gboolean    rejected)
{
  g_autofree char *name = NULL;

  if (!rejected)
    return g_intern_string (limb);

  name = g_strconcat (limb, _GAIT_REJECTED_TIER_SUFFIX, NULL);
  return g_intern_string (name);
}

/**
 * _gait_now_as_xsd_date_time:
 *
 * The current local time as ELAN writes its dates, an xsd:dateTime in
 * whole seconds with the offset from UTC: "2026-03-01T14:05:09+01:00".
 *
 * Returns: (transfer full): the date
 */
char *
_gait_now_as_xsd_date_time (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (now == NULL)
    now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
add_tier (GPtrArray  *tiers,
          GHashTable *tier_index,
          const char *name)
{
  if (g_hash_table_contains (tier_index, name))
    return;

  g_hash_table_insert (tier_index, (gpointer)name, GUINT_TO_POINTER (tiers->len));
  g_ptr_array_add (tiers, (gpointer)name);
}

/**
 * gait_cycles_to_eaf:
 * @cycles: (array length=n_cycles): the cycles
 * @n_cycles: the number of cycles
 * @options: (nullable): the frame rate (required: %NULL or a rate of 0 is
 *   refused) and, optionally, the video, the EAF's own path and the tier order
 * @error: return location for a #GError
 *
 * Writes an ELAN Annotation Format 3.0 document that validates against
 * EAFv3.0.xsd: one tier per limb (linguistic type "stride-cycle"), in the
 * order of @options' limbs followed by any other limb in order of first
 * appearance, and one time-aligned annotation per cycle, from the frame
 * that starts it to the frame that ends it, in milliseconds rounded to
 * the nearest. Limbs listed in @options without cycles get empty tiers.
 * Rejected cycles go to the tier "LIMB rejected", which follows the limb's
 * own tier and exists only when the limb has rejected cycles; this is
 * also where gait_elan_document_set_cycles() creates missing tiers.
 *
 * When @options has a media path, the document links it with an absolute
 * file:// URL and, if @options also has the EAF's own path, a relative one.
 *
 * Returns: (transfer full): the EAF document, or %NULL with @error set to
 *   %GAIT_ERROR_NO_FRAME_RATE without a frame rate, or to
 *   %GAIT_ERROR_INVALID_ARGUMENT for a cycle that ELAN cannot hold (no limb,
 *   a negative start, an end not after its start)
 */
char *
gait_cycles_to_eaf (const GaitCycle          *cycles,
                    gsize                     n_cycles,
                    const GaitExportOptions  *options,
                    GError                  **error)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GPtrArray) limbs = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GHashTable) tier_index = NULL;
  g_autoptr(GHashTable) with_rejected = NULL;
  g_autofree gint64 *start_ms = NULL;
  g_autofree gint64 *end_ms = NULL;
  g_autofree guint *start_slot = NULL;
  g_autofree guint *end_slot = NULL;
  g_autofree TimeSlot *slots = NULL;
  g_autofree AnnotationOrder *order = NULL;
  g_autofree char *date = NULL;
  gsize next = 0;

  g_return_val_if_fail (cycles != NULL || n_cycles == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL || !_gait_has_fps (options->fps))
    {
      g_set_error_literal (error, GAIT_ERROR, GAIT_ERROR_NO_FRAME_RATE,
                           "ELAN export needs a frame rate: pass --fps or --video");
      return NULL;
    }

  start_ms = g_new0 (gint64, MAX (n_cycles, 1));
  end_ms = g_new0 (gint64, MAX (n_cycles, 1));
  for (gsize i = 0; i < n_cycles; i++)
    {
      if (!_gait_check_cycle (&cycles[i], i, options->fps, 0, &start_ms[i], &end_ms[i], error))
        return NULL;
    }

  /* Tiers: the limbs in the requested order, then the rest as they come;
   * each limb's rejected tier, when it has one, right after its own */
  limbs = g_ptr_array_new ();
  with_rejected = g_hash_table_new (NULL, NULL);
  for (guint i = 0; options->limbs != NULL && options->limbs[i] != NULL; i++)
    {
      if (options->limbs[i][0] != '\0')
        g_ptr_array_add (limbs, (gpointer)g_intern_string (options->limbs[i]));
    }
  for (gsize i = 0; i < n_cycles; i++)
    {
      const char *limb = g_intern_string (cycles[i].limb);

      g_ptr_array_add (limbs, (gpointer)limb);
      if (cycles[i].state == GAIT_CYCLE_REJECTED)
        g_hash_table_add (with_rejected, (gpointer)limb);
    }

  tiers = g_ptr_array_new ();
  tier_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < limbs->len; i++)
    {
      const char *limb = g_ptr_array_index (limbs, i);

      add_tier (tiers, tier_index, _gait_cycle_tier_name (limb, FALSE));
      if (g_hash_table_contains (with_rejected, limb))
        add_tier (tiers, tier_index, _gait_cycle_tier_name (limb, TRUE));
    }

  /* Time slots: two per cycle, numbered in increasing time */
  slots = g_new0 (TimeSlot, MAX (2 * n_cycles, 1));
  start_slot = g_new0 (guint, MAX (n_cycles, 1));
  end_slot = g_new0 (guint, MAX (n_cycles, 1));
  for (gsize i = 0; i < n_cycles; i++)
    {
      slots[2 * i] = (TimeSlot) { start_ms[i], i, FALSE };
      slots[2 * i + 1] = (TimeSlot) { end_ms[i], i, TRUE };
    }
  qsort (slots, 2 * n_cycles, sizeof *slots, time_slot_compare);
  for (gsize i = 0; i < 2 * n_cycles; i++)
    {
      if (slots[i].is_end)
        end_slot[slots[i].cycle] = i + 1;
      else
        start_slot[slots[i].cycle] = i + 1;
    }

  /* Annotations: tier by tier, in time order within a tier */
  order = g_new0 (AnnotationOrder, MAX (n_cycles, 1));
  for (gsize i = 0; i < n_cycles; i++)
    {
      const char *name = _gait_cycle_tier_name (cycles[i].limb, cycles[i].state == GAIT_CYCLE_REJECTED);
      gpointer tier = g_hash_table_lookup (tier_index, name);

      order[i] = (AnnotationOrder) { GPOINTER_TO_UINT (tier), cycles[i].start, cycles[i].end, i };
    }
  qsort (order, n_cycles, sizeof *order, annotation_order_compare);

  date = _gait_now_as_xsd_date_time ();

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append (out, "<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"");
  _gait_xml_append_escaped (out, date, TRUE);
  g_string_append (out,
                   "\" FORMAT=\"3.0\" VERSION=\"3.0\""
                   " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                   " xsi:noNamespaceSchemaLocation=\"http://www.mpi.nl/tools/elan/EAFv3.0.xsd\">\n");

  g_string_append (out, "    <HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">\n");
  if (options->media_path != NULL &&
      !append_media_descriptor (out, options, error))
    return NULL;
  g_string_append_printf (out,
                          "        <PROPERTY NAME=\"lastUsedAnnotationId\">%" G_GSIZE_FORMAT "</PROPERTY>\n",
                          n_cycles);
  g_string_append (out, "    </HEADER>\n");

  if (n_cycles == 0)
    {
      g_string_append (out, "    <TIME_ORDER/>\n");
    }
  else
    {
      g_string_append (out, "    <TIME_ORDER>\n");
      for (gsize i = 0; i < 2 * n_cycles; i++)
        g_string_append_printf (out,
                                "        <TIME_SLOT TIME_SLOT_ID=\"ts%" G_GSIZE_FORMAT "\""
                                " TIME_VALUE=\"%" G_GINT64_FORMAT "\"/>\n",
                                i + 1, slots[i].ms);
      g_string_append (out, "    </TIME_ORDER>\n");
    }

  for (guint t = 0; t < tiers->len; t++)
    {
      g_string_append (out, "    <TIER LINGUISTIC_TYPE_REF=\"" GAIT_ELAN_LINGUISTIC_TYPE "\" TIER_ID=\"");
      _gait_xml_append_escaped (out, g_ptr_array_index (tiers, t), TRUE);
      g_string_append_c (out, '"');

      if (next >= n_cycles || order[next].tier != t)
        {
          g_string_append (out, "/>\n");
          continue;
        }

      g_string_append (out, ">\n");
      for (; next < n_cycles && order[next].tier == t; next++)
        {
          gsize i = order[next].cycle;
          g_autofree char *value = _gait_cycle_summary (&cycles[i]);

          g_string_append_printf (out,
                                  "        <ANNOTATION>\n"
                                  "            <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a%" G_GSIZE_FORMAT "\""
                                  " TIME_SLOT_REF1=\"ts%u\" TIME_SLOT_REF2=\"ts%u\">\n"
                                  "                <ANNOTATION_VALUE>",
                                  next + 1, start_slot[i], end_slot[i]);
          _gait_xml_append_escaped (out, value, FALSE);
          g_string_append (out,
                           "</ANNOTATION_VALUE>\n"
                           "            </ALIGNABLE_ANNOTATION>\n"
                           "        </ANNOTATION>\n");
        }
      g_string_append (out, "    </TIER>\n");
    }

  g_assert (next == n_cycles);

  g_string_append (out,
                   "    <LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\""
                   " LINGUISTIC_TYPE_ID=\"" GAIT_ELAN_LINGUISTIC_TYPE "\" TIME_ALIGNABLE=\"true\"/>\n"
                   "    <LANGUAGE LANG_DEF=\"http://cdb.iso.org/lg/CDB-00130975-001\""
                   " LANG_ID=\"und\" LANG_LABEL=\"undetermined (und)\"/>\n"
                   "    <CONSTRAINT DESCRIPTION=\"Time subdivision of parent annotation's time interval,"
                   " no time gaps allowed within this interval\" STEREOTYPE=\"Time_Subdivision\"/>\n"
                   "    <CONSTRAINT DESCRIPTION=\"Symbolic subdivision of a parent annotation."
                   " Annotations refering to the same parent are ordered\" STEREOTYPE=\"Symbolic_Subdivision\"/>\n"
                   "    <CONSTRAINT DESCRIPTION=\"1-1 association with a parent annotation\""
                   " STEREOTYPE=\"Symbolic_Association\"/>\n"
                   "    <CONSTRAINT DESCRIPTION=\"Time alignable annotations within the parent annotation's"
                   " time interval, gaps are allowed\" STEREOTYPE=\"Included_In\"/>\n"
                   "</ANNOTATION_DOCUMENT>\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * gait_write_file_atomic:
 * @path: the file to write
 * @contents: (array length=length): what to write
 * @length: the length of @contents in bytes
 * @error: return location for a #GError
 *
 * Writes @contents to a temporary file next to @path and renames it over
 * @path, so that readers see the old file or the new one, never half of it.
 * The file gets mode 0644.
 *
 * Returns: %TRUE on success, %FALSE with @error set (a #GFileError whose
 *   message names @path)
 */
gboolean
gait_write_file_atomic (const char  *path,
                        const char  *contents,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A device or a pipe (/dev/stdout, /dev/null, a FIFO) is written to,
   * never renamed over: only regular files are replaced atomically. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      FILE *stream = fopen (path, "w");
      gboolean ok = stream != NULL &&
                    fwrite (contents != NULL ? contents : "", 1, length, stream) == length;
      int saved_errno = errno;

      if (stream != NULL && fclose (stream) != 0 && ok)
        {
          ok = FALSE;
          saved_errno = errno;
        }

      if (!ok)
        {
          g_autofree char *display_name = g_filename_display_name (path);

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       "Cannot write “%s”: %s", display_name, g_strerror (saved_errno));
          return FALSE;
        }

      return TRUE;
    }

  if (!g_file_set_contents_full (path, contents != NULL ? contents : "", length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &local_error))
    {
      g_autofree char *display_name = g_filename_display_name (path);

      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Cannot write “%s”: ", display_name);
      return FALSE;
    }

  return TRUE;
}
