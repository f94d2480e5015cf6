/* test-export.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "gait-cycle.h"
#include "gait-error.h"
#include "gait-export.h"
#include "gait-test-util.h"

static GaitCycle
make_cycle (const char *limb,
            gint64      start,
            gint64      end,
            gint64      liftoff,
            double      procrustes,
            guint       n_landmarks,
            double      confidence,
            double      stride_length,
            GaitMethod  method)
{
  GaitCycle cycle = gait_test_cycle (limb, start, end, liftoff, GAIT_CYCLE_DETECTED);

  cycle.procrustes = procrustes;
  cycle.n_landmarks = n_landmarks;
  cycle.confidence = confidence;
  cycle.stride_length = stride_length;
  cycle.method = method;

  return cycle;
}

static void
make_csv_cycles (GaitCycle cycles[3])
{
  cycles[0] = make_cycle ("LF", 10, 40, 28, 0.0123, 5, 0.93, 123.456, GAIT_METHOD_TOUCHDOWN);
  cycles[1] = make_cycle ("left, \"front\"", 40, 70, -1, NAN, 0, NAN, NAN, GAIT_METHOD_MANUAL);
  cycles[2] = make_cycle ("RH", 5, 30, 20, 1.5e-5, 3, 0.5, 80, GAIT_METHOD_SEED);
}

#define CSV_HEADER \
  "limb,start,end,liftoff,start_time,end_time,duration,stride_frequency," \
  "duty_factor,stride_length_px,procrustes_distance,n_landmarks,confidence,method,state\n"

static void
test_csv_with_fps (void)
{
  GaitCycle cycles[3];
  GaitExportOptions options = { .fps = 100 };
  g_autofree char *csv = NULL;
  g_autofree char *old_locale = g_strdup (setlocale (LC_NUMERIC, NULL));

  make_csv_cycles (cycles);

  /* A decimal comma must not leak in (if such a locale is installed) */
  setlocale (LC_NUMERIC, "de_DE.UTF-8");
  csv = gait_cycles_to_csv (cycles, G_N_ELEMENTS (cycles), &options);
  setlocale (LC_NUMERIC, old_locale);

  g_assert_cmpstr (csv, ==,
                   CSV_HEADER
                   "LF,10,40,28,0.100000,0.400000,0.300000,3.33333,0.6,123.456,0.0123,5,0.93,touchdown,detected\n"
                   "\"left, \"\"front\"\"\",40,70,,0.400000,0.700000,0.300000,3.33333,,,,0,,manual,detected\n"
                   "RH,5,30,20,0.050000,0.300000,0.250000,4,0.6,80,1.5e-05,3,0.5,seed,detected\n");
}

static void
test_csv_ntsc (void)
{
  GaitCycle cycles[1];
  GaitExportOptions options = { .fps = 30000.0 / 1001.0 };
  g_autofree char *csv = NULL;

  cycles[0] = make_cycle ("LF", 15, 45, -1, NAN, 0, NAN, NAN, GAIT_METHOD_TOUCHDOWN);
  csv = gait_cycles_to_csv (cycles, 1, &options);

  g_assert_cmpstr (csv, ==,
                   CSV_HEADER
                   "LF,15,45,,0.500500,1.501500,1.001000,0.999001,,,,0,,touchdown,detected\n");
}

static void
test_csv_without_fps (void)
{
  GaitCycle cycles[3];
  GaitExportOptions options = { .fps = 0 };
  g_autofree char *csv = NULL;
  g_autofree char *csv_null = NULL;
  g_autofree char *csv_empty = NULL;
  const char *expected =
    CSV_HEADER
    "LF,10,40,28,,,,,0.6,123.456,0.0123,5,0.93,touchdown,detected\n"
    "\"left, \"\"front\"\"\",40,70,,,,,,,,,0,,manual,detected\n"
    "RH,5,30,20,,,,,0.6,80,1.5e-05,3,0.5,seed,detected\n";

  make_csv_cycles (cycles);

  csv = gait_cycles_to_csv (cycles, G_N_ELEMENTS (cycles), &options);
  g_assert_cmpstr (csv, ==, expected);

  options.fps = NAN;
  g_clear_pointer (&csv, g_free);
  csv = gait_cycles_to_csv (cycles, G_N_ELEMENTS (cycles), &options);
  g_assert_cmpstr (csv, ==, expected);

  csv_null = gait_cycles_to_csv (cycles, G_N_ELEMENTS (cycles), NULL);
  g_assert_cmpstr (csv_null, ==, expected);

  csv_empty = gait_cycles_to_csv (NULL, 0, NULL);
  g_assert_cmpstr (csv_empty, ==, CSV_HEADER);
}

static void
test_csv_quoting (void)
{
  GaitCycle cycles[2];
  g_autofree char *csv = NULL;

  cycles[0] = make_cycle ("two\nlines", 0, 10, -1, NAN, 0, NAN, NAN, GAIT_METHOD_SEED);
  cycles[1] = make_cycle ("plain 'quote' & <b>", 0, 10, -1, NAN, 0, NAN, NAN, GAIT_METHOD_SEED);
  csv = gait_cycles_to_csv (cycles, 2, NULL);

  g_assert_cmpstr (csv, ==,
                   CSV_HEADER
                   "\"two\nlines\",0,10,,,,,,,,,0,,seed,detected\n"
                   "plain 'quote' & <b>,0,10,,,,,,,,,0,,seed,detected\n");
}

/* A small reader for what the EAF writer produces */

typedef struct
{
  char *tier;
  char *id;
  char *ref1;
  char *ref2;
  char *value;
} Annotation;

static void
annotation_free (gpointer data)
{
  Annotation *a = data;

  g_free (a->tier);
  g_free (a->id);
  g_free (a->ref1);
  g_free (a->ref2);
  g_free (a->value);
  g_free (a);
}

typedef struct
{
  char       *date;
  GPtrArray  *slot_ids;          /* in document order */
  GHashTable *slot_values;       /* id → value string */
  GPtrArray  *tiers;
  GPtrArray  *annotations;
  char       *media_url;
  char       *mime_type;
  char       *relative_media_url;
  char       *last_used_annotation_id;
  guint       n_media_descriptors;
  guint       n_linguistic_types;
  guint       n_languages;
  guint       n_constraints;
  char       *current_tier;
  Annotation *current;
  GString    *text;
  gboolean    in_value;
  gboolean    in_last_used;
} Eaf;

static void
eaf_free (Eaf *eaf)
{
  g_free (eaf->date);
  g_ptr_array_unref (eaf->slot_ids);
  g_hash_table_unref (eaf->slot_values);
  g_ptr_array_unref (eaf->tiers);
  g_ptr_array_unref (eaf->annotations);
  g_free (eaf->media_url);
  g_free (eaf->mime_type);
  g_free (eaf->relative_media_url);
  g_free (eaf->last_used_annotation_id);
  g_free (eaf->current_tier);
  g_string_free (eaf->text, TRUE);
  g_free (eaf);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Eaf, eaf_free)

static const char *
attribute (const char  *name,
           const char **names,
           const char **values)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], name) == 0)
        return values[i];
    }

  return NULL;
}

static void
eaf_start_element (GMarkupParseContext  *context,
                   const char           *element,
                   const char          **names,
                   const char          **values,
                   gpointer              user_data,
                   GError              **error)
{
  Eaf *eaf = user_data;

  if (strcmp (element, "ANNOTATION_DOCUMENT") == 0)
    {
      eaf->date = g_strdup (attribute ("DATE", names, values));
    }
  else if (strcmp (element, "MEDIA_DESCRIPTOR") == 0)
    {
      eaf->n_media_descriptors++;
      eaf->media_url = g_strdup (attribute ("MEDIA_URL", names, values));
      eaf->mime_type = g_strdup (attribute ("MIME_TYPE", names, values));
      eaf->relative_media_url = g_strdup (attribute ("RELATIVE_MEDIA_URL", names, values));
    }
  else if (strcmp (element, "PROPERTY") == 0)
    {
      eaf->in_last_used = g_strcmp0 (attribute ("NAME", names, values), "lastUsedAnnotationId") == 0;
      g_string_truncate (eaf->text, 0);
    }
  else if (strcmp (element, "TIME_SLOT") == 0)
    {
      const char *id = attribute ("TIME_SLOT_ID", names, values);

      g_assert_nonnull (id);
      g_assert_false (g_hash_table_contains (eaf->slot_values, id));
      g_ptr_array_add (eaf->slot_ids, g_strdup (id));
      g_hash_table_insert (eaf->slot_values, g_strdup (id),
                           g_strdup (attribute ("TIME_VALUE", names, values)));
    }
  else if (strcmp (element, "TIER") == 0)
    {
      const char *id = attribute ("TIER_ID", names, values);

      g_assert_nonnull (id);
      g_assert_cmpstr (attribute ("LINGUISTIC_TYPE_REF", names, values), ==, "stride-cycle");
      g_ptr_array_add (eaf->tiers, g_strdup (id));
      g_free (eaf->current_tier);
      eaf->current_tier = g_strdup (id);
    }
  else if (strcmp (element, "ALIGNABLE_ANNOTATION") == 0)
    {
      Annotation *a = g_new0 (Annotation, 1);

      a->tier = g_strdup (eaf->current_tier);
      a->id = g_strdup (attribute ("ANNOTATION_ID", names, values));
      a->ref1 = g_strdup (attribute ("TIME_SLOT_REF1", names, values));
      a->ref2 = g_strdup (attribute ("TIME_SLOT_REF2", names, values));
      g_ptr_array_add (eaf->annotations, a);
      eaf->current = a;
    }
  else if (strcmp (element, "ANNOTATION_VALUE") == 0)
    {
      eaf->in_value = TRUE;
      g_string_truncate (eaf->text, 0);
    }
  else if (strcmp (element, "LINGUISTIC_TYPE") == 0)
    {
      g_assert_cmpstr (attribute ("LINGUISTIC_TYPE_ID", names, values), ==, "stride-cycle");
      g_assert_cmpstr (attribute ("TIME_ALIGNABLE", names, values), ==, "true");
      eaf->n_linguistic_types++;
    }
  else if (strcmp (element, "LANGUAGE") == 0)
    {
      g_assert_cmpstr (attribute ("LANG_ID", names, values), ==, "und");
      eaf->n_languages++;
    }
  else if (strcmp (element, "CONSTRAINT") == 0)
    {
      eaf->n_constraints++;
    }
}

static void
eaf_end_element (GMarkupParseContext  *context,
                 const char           *element,
                 gpointer              user_data,
                 GError              **error)
{
  Eaf *eaf = user_data;

  if (strcmp (element, "ANNOTATION_VALUE") == 0)
    {
      g_assert_nonnull (eaf->current);
      eaf->current->value = g_strdup (eaf->text->str);
      eaf->in_value = FALSE;
    }
  else if (strcmp (element, "ALIGNABLE_ANNOTATION") == 0)
    {
      eaf->current = NULL;
    }
  else if (strcmp (element, "PROPERTY") == 0 && eaf->in_last_used)
    {
      eaf->last_used_annotation_id = g_strdup (eaf->text->str);
      eaf->in_last_used = FALSE;
    }
  else if (strcmp (element, "TIER") == 0)
    {
      g_clear_pointer (&eaf->current_tier, g_free);
    }
}

static void
eaf_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  Eaf *eaf = user_data;

  if (eaf->in_value || eaf->in_last_used)
    g_string_append_len (eaf->text, text, length);
}

static Eaf *
eaf_parse (const char *document)
{
  static const GMarkupParser parser = {
    eaf_start_element,
    eaf_end_element,
    eaf_text,
    NULL,
    NULL,
  };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Eaf *eaf = g_new0 (Eaf, 1);

  eaf->slot_ids = g_ptr_array_new_with_free_func (g_free);
  eaf->slot_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  eaf->tiers = g_ptr_array_new_with_free_func (g_free);
  eaf->annotations = g_ptr_array_new_with_free_func (annotation_free);
  eaf->text = g_string_new (NULL);

  context = g_markup_parse_context_new (&parser, 0, eaf, NULL);
  g_markup_parse_context_parse (context, document, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);

  return eaf;
}

static gint64
eaf_slot_value (Eaf        *eaf,
                const char *slot_id)
{
  const char *value = g_hash_table_lookup (eaf->slot_values, slot_id);
  guint64 ms = 0;

  g_assert_nonnull (value);
  g_assert_true (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &ms, NULL));

  return (gint64)ms;
}

/* Structural checks that hold for every document the writer produces */
static void
eaf_check_consistent (Eaf *eaf)
{
  g_autoptr(GHashTable) annotation_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) tier_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GRegex) date_time = NULL;
  gint64 previous = -1;

  date_time = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)$",
                           0, 0, NULL);
  g_assert_nonnull (eaf->date);
  g_assert_true (g_regex_match (date_time, eaf->date, 0, NULL));

  g_assert_cmpuint (eaf->n_linguistic_types, ==, 1);
  g_assert_cmpuint (eaf->n_languages, ==, 1);
  g_assert_cmpuint (eaf->n_constraints, ==, 4);

  /* ts1, ts2, … in increasing time */
  for (guint i = 0; i < eaf->slot_ids->len; i++)
    {
      g_autofree char *expected_id = g_strdup_printf ("ts%u", i + 1);
      const char *id = g_ptr_array_index (eaf->slot_ids, i);
      gint64 value = eaf_slot_value (eaf, id);

      g_assert_cmpstr (id, ==, expected_id);
      g_assert_cmpint (value, >=, previous);
      previous = value;
    }

  for (guint i = 0; i < eaf->tiers->len; i++)
    {
      g_assert_false (g_hash_table_contains (tier_ids, g_ptr_array_index (eaf->tiers, i)));
      g_hash_table_add (tier_ids, g_ptr_array_index (eaf->tiers, i));
    }

  for (guint i = 0; i < eaf->annotations->len; i++)
    {
      Annotation *a = g_ptr_array_index (eaf->annotations, i);
      g_autofree char *expected_id = g_strdup_printf ("a%u", i + 1);

      g_assert_cmpstr (a->id, ==, expected_id);
      g_assert_false (g_hash_table_contains (annotation_ids, a->id));
      g_hash_table_add (annotation_ids, a->id);
      g_assert_nonnull (a->tier);
      g_assert_nonnull (a->value);
      g_assert_cmpint (eaf_slot_value (eaf, a->ref1), <, eaf_slot_value (eaf, a->ref2));
    }

  /* Every slot is used exactly once: two per annotation */
  g_assert_cmpuint (eaf->slot_ids->len, ==, 2 * eaf->annotations->len);

  g_assert_nonnull (eaf->last_used_annotation_id);
  g_assert_cmpuint (strtoul (eaf->last_used_annotation_id, NULL, 10), ==, eaf->annotations->len);
}

static void
eaf_assert_annotation (Eaf        *eaf,
                       guint       i,
                       const char *tier,
                       gint64      start_ms,
                       gint64      end_ms)
{
  Annotation *a;

  g_assert_cmpuint (i, <, eaf->annotations->len);
  a = g_ptr_array_index (eaf->annotations, i);

  g_assert_cmpstr (a->tier, ==, tier);
  g_assert_cmpint (eaf_slot_value (eaf, a->ref1), ==, start_ms);
  g_assert_cmpint (eaf_slot_value (eaf, a->ref2), ==, end_ms);
}

/* Validates @document against ELAN's schema with xmllint */
static void
assert_valid_eaf (const char *document)
{
  const char *shared = g_getenv ("GAIT_SHARED_DATA");
  g_autofree char *schema = NULL;
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *standard_error = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid;

  if (shared != NULL)
    schema = g_build_filename (shared, "xsd", "EAFv3.0.xsd", NULL);

  if (xmllint == NULL || schema == NULL || !g_file_test (schema, G_FILE_TEST_IS_REGULAR))
    {
      g_test_message ("Not validated: xmllint or EAFv3.0.xsd is missing");
      return;
    }

  tmpdir = g_dir_make_tmp ("gait-export-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (tmpdir, "cycles.eaf", NULL);
  g_file_set_contents (path, document, -1, &error);
  g_assert_no_error (error);

  valid = gait_test_xmllint_validates (schema, path, &standard_error);
  if (!valid)
    g_test_message ("xmllint:\n%s\n%s", standard_error, document);
  g_assert_true (valid);
  g_assert_nonnull (strstr (standard_error, "validates"));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
}

static gboolean
have_validator (void)
{
  const char *shared = g_getenv ("GAIT_SHARED_DATA");
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autofree char *schema = NULL;

  if (shared == NULL || xmllint == NULL)
    return FALSE;

  schema = g_build_filename (shared, "xsd", "EAFv3.0.xsd", NULL);

  return g_file_test (schema, G_FILE_TEST_IS_REGULAR);
}

static void
test_eaf_ntsc (void)
{
  const char * const limbs[] = { "LF", "RF", "RH", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("gait-export-XXXXXX", &error);
  g_autofree char *eaf_path = g_build_filename (tmpdir, "walk.eaf", NULL);
  g_autofree char *media_path = g_build_filename (tmpdir, "videos", "clip one.mp4", NULL);
  g_autofree char *expected_url = NULL;
  g_autofree char *eaf_uri = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *document = NULL;
  g_autoptr(Eaf) eaf = NULL;
  GaitExportOptions options = {
    .fps = 30000.0 / 1001.0,
    .media_path = media_path,
    .limbs = limbs,
    .eaf_path = eaf_path,
  };
  GaitCycle cycles[3];

  g_assert_no_error (error);

  cycles[0] = make_cycle ("LF", 40, 70, 55, 0.02, 6, 0.8, 100, GAIT_METHOD_TOUCHDOWN);
  cycles[1] = make_cycle ("RH", 15, 45, -1, NAN, 0, NAN, NAN, GAIT_METHOD_SEED);
  cycles[2] = make_cycle ("LF", 10, 40, 28, 0.0123, 5, 0.93, 123.456, GAIT_METHOD_TOUCHDOWN);

  document = gait_cycles_to_eaf (cycles, G_N_ELEMENTS (cycles), &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);

  assert_valid_eaf (document);

  eaf = eaf_parse (document);
  eaf_check_consistent (eaf);

  /* Requested tier order, including the limb without cycles */
  g_assert_cmpuint (eaf->tiers->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 0), ==, "LF");
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 1), ==, "RF");
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 2), ==, "RH");

  /* frame × 1001 / 30 ms: 10 → 333.67, 15 → 500.5 (half up), 40 → 1334.67,
   * 45 → 1501.5, 70 → 2335.67; in time order within a tier
   */
  g_assert_cmpuint (eaf->annotations->len, ==, 3);
  eaf_assert_annotation (eaf, 0, "LF", 334, 1335);
  eaf_assert_annotation (eaf, 1, "LF", 1335, 2336);
  eaf_assert_annotation (eaf, 2, "RH", 501, 1502);
  g_assert_cmpuint (eaf->slot_ids->len, ==, 6);

  /* A human-readable summary */
  g_assert_cmpstr (((Annotation *)g_ptr_array_index (eaf->annotations, 0))->value, ==,
                   "touchdown conf=0.93 pd=0.0123 duty=0.60");
  g_assert_cmpstr (((Annotation *)g_ptr_array_index (eaf->annotations, 2))->value, ==,
                   "seed");

  /* The video, absolute and relative to the EAF */
  g_assert_cmpuint (eaf->n_media_descriptors, ==, 1);
  expected_url = g_filename_to_uri (media_path, NULL, NULL);
  g_assert_true (g_str_has_prefix (eaf->media_url, "file:///"));
  g_assert_cmpstr (eaf->media_url, ==, expected_url);
  g_assert_cmpstr (eaf->mime_type, ==, "video/mp4");
  g_assert_cmpstr (eaf->relative_media_url, ==, "./videos/clip%20one.mp4");

  eaf_uri = g_filename_to_uri (eaf_path, NULL, NULL);
  resolved = g_uri_resolve_relative (eaf_uri, eaf->relative_media_url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolved, ==, expected_url);

  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
}

static void
test_eaf_pal (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  g_autoptr(Eaf) eaf = NULL;
  GaitExportOptions options = { .fps = 50 };
  GaitCycle cycles[3];

  cycles[0] = make_cycle ("RH", 25, 50, 40, NAN, 2, 0.5, NAN, GAIT_METHOD_MANUAL);
  cycles[1] = make_cycle ("LF", 10, 37, -1, NAN, 0, NAN, NAN, GAIT_METHOD_TOUCHDOWN);
  cycles[2] = make_cycle ("RH", 0, 25, 15, NAN, 2, 0.25, NAN, GAIT_METHOD_MANUAL);

  document = gait_cycles_to_eaf (cycles, G_N_ELEMENTS (cycles), &options, &error);
  g_assert_no_error (error);

  assert_valid_eaf (document);

  eaf = eaf_parse (document);
  eaf_check_consistent (eaf);

  /* Tiers in order of first appearance */
  g_assert_cmpuint (eaf->tiers->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 0), ==, "RH");
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 1), ==, "LF");

  g_assert_cmpuint (eaf->annotations->len, ==, 3);
  eaf_assert_annotation (eaf, 0, "RH", 0, 500);
  eaf_assert_annotation (eaf, 1, "RH", 500, 1000);
  eaf_assert_annotation (eaf, 2, "LF", 200, 740);
  g_assert_cmpstr (((Annotation *)g_ptr_array_index (eaf->annotations, 0))->value, ==,
                   "manual conf=0.25 duty=0.60");

  /* No video, no descriptor */
  g_assert_cmpuint (eaf->n_media_descriptors, ==, 0);
  g_assert_null (strstr (document, "MEDIA_DESCRIPTOR"));
}

/* Review states: rejected cycles get their own tier per limb, reviewed
 * ones say so in their value, and the CSV has a state column. */
static void
test_states (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(Eaf) eaf = NULL;
  GaitExportOptions options = { .fps = 50 };
  GaitCycle cycles[3];

  cycles[0] = make_cycle ("fl", 0, 25, 15, NAN, 2, 0.5, NAN, GAIT_METHOD_TOUCHDOWN);
  cycles[1] = make_cycle ("fl", 25, 50, 40, NAN, 2, 0.5, NAN, GAIT_METHOD_TOUCHDOWN);
  cycles[2] = make_cycle ("fl", 50, 75, 65, NAN, 2, 0.5, NAN, GAIT_METHOD_MANUAL);
  cycles[0].state = GAIT_CYCLE_ACCEPTED;
  cycles[1].state = GAIT_CYCLE_REJECTED;
  cycles[2].state = GAIT_CYCLE_ADDED;

  document = gait_cycles_to_eaf (cycles, G_N_ELEMENTS (cycles), &options, &error);
  g_assert_no_error (error);
  assert_valid_eaf (document);

  eaf = eaf_parse (document);
  eaf_check_consistent (eaf);
  g_assert_cmpuint (eaf->tiers->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 0), ==, "fl");
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 1), ==, "fl rejected");
  eaf_assert_annotation (eaf, 0, "fl", 0, 500);
  eaf_assert_annotation (eaf, 1, "fl", 1000, 1500);
  eaf_assert_annotation (eaf, 2, "fl rejected", 500, 1000);
  g_assert_true (g_str_has_prefix (((Annotation *)g_ptr_array_index (eaf->annotations, 0))->value,
                                   "accepted touchdown"));
  g_assert_true (g_str_has_prefix (((Annotation *)g_ptr_array_index (eaf->annotations, 1))->value,
                                   "added manual"));

  csv = gait_cycles_to_csv (cycles, G_N_ELEMENTS (cycles), &options);
  g_assert_nonnull (strstr (csv, ",touchdown,accepted\n"));
  g_assert_nonnull (strstr (csv, ",touchdown,rejected\n"));
  g_assert_nonnull (strstr (csv, ",manual,added\n"));
}

static void
test_eaf_half_millisecond (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  g_autoptr(Eaf) eaf = NULL;
  GaitExportOptions options = { .fps = 24000.0 / 1001.0 };
  GaitCycle cycle;

  /* 12 × 1001 / 24 = 500.5 ms and 84 × 1001 / 24 = 3503.5 ms exactly, but
   * 12 * 1000.0 / (24000.0 / 1001.0) is 500.49999999999994 in doubles:
   * halves still round up.
   */
  gait_cycle_init (&cycle, "LF", 12, 84);
  document = gait_cycles_to_eaf (&cycle, 1, &options, &error);
  g_assert_no_error (error);

  eaf = eaf_parse (document);
  eaf_check_consistent (eaf);
  eaf_assert_annotation (eaf, 0, "LF", 501, 3504);
}

static void
test_eaf_special_characters (void)
{
  static const char *nasty = "fore & hind <L> \"q\" 'a'";
  static const char *spaced = "tab\there\nnew line";
  static const char *unicode = "Vorderpfote links – ü";
  const char * const limbs[] = { unicode, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("gait-export-XXXXXX", &error);
  g_autofree char *eaf_path = g_build_filename (tmpdir, "eaf", "out.eaf", NULL);
  g_autofree char *media_path = g_build_filename (tmpdir, "videos", "a&b <c>.mov", NULL);
  g_autofree char *media_from_url = NULL;
  g_autofree char *eaf_uri = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *document = NULL;
  g_autoptr(Eaf) eaf = NULL;
  GaitExportOptions options = {
    .fps = 25,
    .media_path = media_path,
    .media_mime_type = "video/quicktime",
    .limbs = limbs,
    .eaf_path = eaf_path,
  };
  GaitCycle cycles[3];

  g_assert_no_error (error);

  cycles[0] = make_cycle (nasty, 0, 10, -1, NAN, 0, NAN, NAN, GAIT_METHOD_SEED);
  cycles[1] = make_cycle (spaced, 5, 15, -1, NAN, 0, NAN, NAN, GAIT_METHOD_SEED);
  cycles[2] = make_cycle (unicode, 1, 2, -1, NAN, 0, NAN, NAN, GAIT_METHOD_SEED);

  document = gait_cycles_to_eaf (cycles, G_N_ELEMENTS (cycles), &options, &error);
  g_assert_no_error (error);

  assert_valid_eaf (document);

  eaf = eaf_parse (document);
  eaf_check_consistent (eaf);

  g_assert_cmpuint (eaf->tiers->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 0), ==, unicode);
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 1), ==, nasty);
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 2), ==, spaced);
  eaf_assert_annotation (eaf, 0, unicode, 40, 80);
  eaf_assert_annotation (eaf, 1, nasty, 0, 400);
  eaf_assert_annotation (eaf, 2, spaced, 200, 600);

  g_assert_cmpstr (eaf->mime_type, ==, "video/quicktime");
  media_from_url = g_filename_from_uri (eaf->media_url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (media_from_url, ==, media_path);

  g_assert_true (g_str_has_prefix (eaf->relative_media_url, "../videos/"));
  eaf_uri = g_filename_to_uri (eaf_path, NULL, NULL);
  resolved = g_uri_resolve_relative (eaf_uri, eaf->relative_media_url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolved, ==, eaf->media_url);

  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
}

static void
test_eaf_relative_media_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected_path = g_build_filename (cwd, "clips", "walk.avi", NULL);
  g_autofree char *expected_url = g_filename_to_uri (expected_path, NULL, NULL);
  g_autofree char *document = NULL;
  g_autoptr(Eaf) eaf = NULL;
  GaitExportOptions options = {
    .fps = 100,
    .media_path = "clips/../clips/./walk.avi",
    .eaf_path = "walk.eaf",
  };

  document = gait_cycles_to_eaf (NULL, 0, &options, &error);
  g_assert_no_error (error);

  assert_valid_eaf (document);

  eaf = eaf_parse (document);
  eaf_check_consistent (eaf);
  g_assert_cmpstr (eaf->media_url, ==, expected_url);
  g_assert_cmpstr (eaf->relative_media_url, ==, "./clips/walk.avi");
  /* ELAN's own type for AVI: a more precise one would not be seen as video */
  g_assert_cmpstr (eaf->mime_type, ==, "video/*");
}

static void
test_eaf_empty (void)
{
  const char * const limbs[] = { "LF", "RF", "LF", "", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *with_limbs = NULL;
  g_autofree char *without_limbs = NULL;
  g_autoptr(Eaf) eaf = NULL;
  g_autoptr(Eaf) bare = NULL;
  GaitExportOptions options = { .fps = 100, .limbs = limbs };

  with_limbs = gait_cycles_to_eaf (NULL, 0, &options, &error);
  g_assert_no_error (error);
  assert_valid_eaf (with_limbs);

  eaf = eaf_parse (with_limbs);
  eaf_check_consistent (eaf);
  g_assert_cmpuint (eaf->tiers->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 0), ==, "LF");
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 1), ==, "RF");
  g_assert_cmpuint (eaf->annotations->len, ==, 0);
  g_assert_cmpstr (eaf->last_used_annotation_id, ==, "0");

  options.limbs = NULL;
  without_limbs = gait_cycles_to_eaf (NULL, 0, &options, &error);
  g_assert_no_error (error);
  assert_valid_eaf (without_limbs);

  bare = eaf_parse (without_limbs);
  eaf_check_consistent (bare);
  g_assert_cmpuint (bare->tiers->len, ==, 0);
}

static void
test_eaf_no_frame_rate (void)
{
  const double rates[] = { 0, -25, NAN, INFINITY };
  GaitCycle cycle;

  gait_cycle_init (&cycle, "LF", 0, 10);

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      GaitExportOptions options = { .fps = rates[i] };
      g_autoptr(GError) error = NULL;
      g_autofree char *document = gait_cycles_to_eaf (&cycle, 1, &options, &error);

      g_assert_null (document);
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_NO_FRAME_RATE);
      g_assert_cmpstr (error->message, ==, "ELAN export needs a frame rate: pass --fps or --video");
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *document = gait_cycles_to_eaf (&cycle, 1, NULL, &error);

    g_assert_null (document);
    g_assert_error (error, GAIT_ERROR, GAIT_ERROR_NO_FRAME_RATE);
  }
}

static void
test_eaf_invalid_cycles (void)
{
  static const struct {
    gint64 start;
    gint64 end;
    double fps;
  } cases[] = {
    { 10, 10, 100 },        /* empty */
    { 20, 10, 100 },        /* backwards */
    { -5, 10, 100 },        /* before the video */
    { 0, 1, 5000 },         /* both frames round to 0 ms */
    { 0, G_MAXINT64 / 2, 100 }, /* beyond an unsigned 32-bit TIME_VALUE */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GaitExportOptions options = { .fps = cases[i].fps };
      g_autoptr(GError) error = NULL;
      g_autofree char *document = NULL;
      GaitCycle cycles[2];

      gait_cycle_init (&cycles[0], "LF", 0, 10);
      gait_cycle_init (&cycles[1], "RF", cases[i].start, cases[i].end);

      document = gait_cycles_to_eaf (cycles, 2, &options, &error);
      g_assert_null (document);
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "RF"));
    }

  /* And a cycle without a limb */
  {
    GaitExportOptions options = { .fps = 100 };
    g_autoptr(GError) error = NULL;
    g_autofree char *document = NULL;
    GaitCycle cycle;

    gait_cycle_init (&cycle, "", 0, 10);
    document = gait_cycles_to_eaf (&cycle, 1, &options, &error);
    g_assert_null (document);
    g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  }
}

/* Each limb's rejected tier follows its own tier, which exists even when
 * the limb has rejected cycles only (as gait_elan_document_set_cycles()
 * creates them); the date is ELAN's: whole seconds and the UTC offset */
static void
test_eaf_rejected_tiers (void)
{
  const char * const limbs[] = { "LF", "RH", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  g_autoptr(Eaf) eaf = NULL;
  g_autoptr(GRegex) elan_date = NULL;
  GaitExportOptions options = { .fps = 50, .limbs = limbs };
  GaitCycle cycles[5];

  cycles[0] = make_cycle ("RH", 0, 25, -1, NAN, 0, NAN, NAN, GAIT_METHOD_TOUCHDOWN);
  cycles[1] = make_cycle ("X", 0, 25, -1, NAN, 0, NAN, NAN, GAIT_METHOD_TOUCHDOWN);
  cycles[2] = make_cycle ("LF", 25, 50, -1, NAN, 0, NAN, NAN, GAIT_METHOD_TOUCHDOWN);
  cycles[3] = make_cycle ("RH", 25, 50, -1, NAN, 0, NAN, NAN, GAIT_METHOD_TOUCHDOWN);
  cycles[4] = make_cycle ("LF", 50, 75, -1, NAN, 0, NAN, NAN, GAIT_METHOD_TOUCHDOWN);
  cycles[1].state = GAIT_CYCLE_REJECTED;
  cycles[2].state = GAIT_CYCLE_REJECTED;
  cycles[3].state = GAIT_CYCLE_REJECTED;

  document = gait_cycles_to_eaf (cycles, G_N_ELEMENTS (cycles), &options, &error);
  g_assert_no_error (error);
  assert_valid_eaf (document);

  eaf = eaf_parse (document);
  eaf_check_consistent (eaf);
  g_assert_cmpuint (eaf->tiers->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 0), ==, "LF");
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 1), ==, "LF rejected");
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 2), ==, "RH");
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 3), ==, "RH rejected");
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 4), ==, "X");
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 5), ==, "X rejected");
  eaf_assert_annotation (eaf, 0, "LF", 1000, 1500);
  eaf_assert_annotation (eaf, 1, "LF rejected", 500, 1000);
  eaf_assert_annotation (eaf, 2, "RH", 0, 500);
  eaf_assert_annotation (eaf, 3, "RH rejected", 500, 1000);
  eaf_assert_annotation (eaf, 4, "X rejected", 0, 500);

  elan_date = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d$", 0, 0, NULL);
  g_assert_true (g_regex_match (elan_date, eaf->date, 0, NULL));
}

/* Characters XML 1.0 forbids, in a tier name or a value, become U+FFFD;
 * line breaks in attributes are character references */
static void
test_eaf_forbidden_characters (void)
{
  static const char *limb = "a\x01" "b\xEF\xBF\xBE" "c\xEF\xBF\xBF" "d\re";
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  g_autoptr(Eaf) eaf = NULL;
  GaitExportOptions options = { .fps = 50 };
  GaitCycle cycle = make_cycle (limb, 0, 25, -1, NAN, 0, NAN, NAN, GAIT_METHOD_TOUCHDOWN);

  document = gait_cycles_to_eaf (&cycle, 1, &options, &error);
  g_assert_no_error (error);
  assert_valid_eaf (document);
  g_assert_null (strstr (document, "\xEF\xBF\xBE"));
  g_assert_null (strstr (document, "\xEF\xBF\xBF"));
  g_assert_nonnull (strstr (document, "TIER_ID=\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d&#13;e\""));

  eaf = eaf_parse (document);
  eaf_check_consistent (eaf);
  g_assert_cmpuint (eaf->tiers->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (eaf->tiers, 0), ==,
                   "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\re");
}

static gpointer
read_fifo (gpointer data)
{
  char *contents = NULL;

  g_file_get_contents (data, &contents, NULL, NULL);
  return contents;
}

/* A FIFO (like /dev/stdout or /dev/null) is written to, not replaced. */
static void
test_write_to_fifo (void)
{
  g_autofree char *dir = gait_test_make_tmpdir ("gait-export-fifo-XXXXXX");
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autofree char *received = NULL;
  g_autoptr(GError) error = NULL;
  GThread *reader;
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  reader = g_thread_new ("reader", read_fifo, fifo);
  g_assert_true (gait_write_file_atomic (fifo, "limb,start,end\n", 15, &error));
  g_assert_no_error (error);
  received = g_thread_join (reader);

  g_assert_cmpstr (received, ==, "limb,start,end\n");
  g_assert_cmpint (g_stat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  g_unlink (fifo);
  g_rmdir (dir);
}

static void
test_write_file_atomic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("gait-export-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize length;

  g_assert_no_error (error);
  path = g_build_filename (tmpdir, "cycles.csv", NULL);

  g_assert_true (gait_write_file_atomic (path, "old\n", 4, &error));
  g_assert_no_error (error);
  g_assert_true (gait_write_file_atomic (path, "new\0text", 8, &error));
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, 8);
  g_assert_cmpmem (contents, length, "new\0text", 8);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  /* Nothing left behind but the file */
  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (g_dir_read_name (dir), ==, "cycles.csv");
    g_assert_null (g_dir_read_name (dir));
  }

  missing = g_build_filename (tmpdir, "no-such-dir", "out.eaf", NULL);
  g_assert_false (gait_write_file_atomic (missing, "x", 1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, missing));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (tmpdir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!have_validator ())
    g_test_message ("xmllint or EAFv3.0.xsd missing: EAF output will not be validated");

  g_test_add_func ("/export/csv/with-fps", test_csv_with_fps);
  g_test_add_func ("/export/csv/ntsc", test_csv_ntsc);
  g_test_add_func ("/export/csv/without-fps", test_csv_without_fps);
  g_test_add_func ("/export/csv/quoting", test_csv_quoting);
  g_test_add_func ("/export/eaf/ntsc", test_eaf_ntsc);
  g_test_add_func ("/export/eaf/pal", test_eaf_pal);
  g_test_add_func ("/export/states", test_states);
  g_test_add_func ("/export/write-to-fifo", test_write_to_fifo);
  g_test_add_func ("/export/eaf/half-millisecond", test_eaf_half_millisecond);
  g_test_add_func ("/export/eaf/special-characters", test_eaf_special_characters);
  g_test_add_func ("/export/eaf/relative-media-path", test_eaf_relative_media_path);
  g_test_add_func ("/export/eaf/empty", test_eaf_empty);
  g_test_add_func ("/export/eaf/no-frame-rate", test_eaf_no_frame_rate);
  g_test_add_func ("/export/eaf/invalid-cycles", test_eaf_invalid_cycles);
  g_test_add_func ("/export/eaf/rejected-tiers", test_eaf_rejected_tiers);
  g_test_add_func ("/export/eaf/forbidden-characters", test_eaf_forbidden_characters);
  g_test_add_func ("/export/write-file-atomic", test_write_file_atomic);

  return g_test_run ();
}
