/* fuzz-eaf.c: ELAN annotation document (.eaf) reader
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "gait-elan.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static const char * const limbs[] = { "fl", "fr", "hl", "hr", NULL };

/* Reads the cycles: a list (maybe empty) or an error, and sane frames. */
static GaitCycle *
read_cycles (GaitElanDocument   *doc,
             double              fps,
             const char * const *tiers,
             gsize              *n_cycles)
{
  g_autoptr(GError) error = NULL;
  GaitCycle *cycles;

  cycles = gait_elan_document_get_cycles (doc, fps, tiers, n_cycles, &error);
  fuzz_check_error (cycles != NULL, error);
  if (cycles == NULL)
    g_assert (*n_cycles == 0);

  for (gsize i = 0; i < *n_cycles; i++)
    {
      g_assert (cycles[i].limb != NULL);
      g_assert (cycles[i].end > cycles[i].start);
    }

  return cycles;
}

/* Text written from a document reads back, and writes the same again. */
static void
check_round_trip (GaitElanDocument *doc)
{
  g_autoptr(GaitElanDocument) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  gsize length = 0;
  gsize length_again = 0;

  text = gait_elan_document_to_data (doc, &length);
  g_assert (text != NULL);
  g_assert (g_utf8_validate (text, length, NULL));

  copy = gait_elan_document_new_from_data (text, length, "round trip", &error);
  if (copy == NULL)
    g_error ("a written document does not load: %s", error->message);

  g_assert (g_strcmp0 (gait_elan_document_get_format (copy),
                       gait_elan_document_get_format (doc)) == 0);

  again = gait_elan_document_to_data (copy, &length_again);
  g_assert (length_again == length && memcmp (again, text, length) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GaitCycle *by_type = NULL;
  g_autofree GaitCycle *by_limb = NULL;
  gsize n_by_type = 0;
  gsize n_by_limb = 0;

  if (size > G_MAXSSIZE)
    return 0;

  doc = gait_elan_document_new_from_data ((const char *)data, (gssize)size,
                                          "fuzz.eaf", &error);
  fuzz_check_error (doc != NULL, error);
  if (doc == NULL)
    return 0;

  check_round_trip (doc);

  by_type = read_cycles (doc, 50.0, NULL, &n_by_type);
  by_limb = read_cycles (doc, 29.97, limbs, &n_by_limb);

  /* Writing the cycles back keeps a document that reads. */
  if (by_limb != NULL)
    {
      g_autoptr(GError) set_error = NULL;
      GaitExportOptions options = { .fps = 29.97, .limbs = limbs };

      if (gait_elan_document_set_cycles (doc, by_limb, n_by_limb, &options, &set_error))
        check_round_trip (doc);
      else
        fuzz_check_error (FALSE, set_error);
    }

  return 0;
}
