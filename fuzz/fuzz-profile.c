/* fuzz-profile.c: landmark profile reader
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "gait-profile.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
assert_same_strv (const char * const *a,
                  const char * const *b)
{
  g_assert (a != NULL && b != NULL);
  g_assert (g_strv_equal ((const char * const *)a, (const char * const *)b));
}

/* A profile written with gait_profile_to_data() reads back the same. */
static void
check_round_trip (GaitProfile *profile)
{
  g_autoptr(GaitProfile) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  text = gait_profile_to_data (profile, &length);
  g_assert (text != NULL);

  copy = gait_profile_new_from_data (text, length, "round trip", &error);
  if (copy == NULL)
    g_error ("a written profile does not load: %s\n%s", error->message, text);

  g_assert (strcmp (gait_profile_get_name (copy), gait_profile_get_name (profile)) == 0);
  g_assert (gait_profile_get_n_limbs (copy) == gait_profile_get_n_limbs (profile));
  for (guint i = 0; i < gait_profile_get_n_limbs (profile); i++)
    {
      g_assert (strcmp (gait_profile_get_limb_name (copy, i),
                        gait_profile_get_limb_name (profile, i)) == 0);
      assert_same_strv (gait_profile_get_limb_landmarks (copy, i),
                        gait_profile_get_limb_landmarks (profile, i));
    }

  assert_same_strv (gait_profile_get_procrustes (copy),
                    gait_profile_get_procrustes (profile));

  g_assert (gait_profile_get_n_bones (copy) == gait_profile_get_n_bones (profile));
  for (guint i = 0; i < gait_profile_get_n_bones (profile); i++)
    {
      const char *from1, *to1, *from2, *to2;

      gait_profile_get_bone (profile, i, &from1, &to1);
      gait_profile_get_bone (copy, i, &from2, &to2);
      g_assert (strcmp (from1, from2) == 0 && strcmp (to1, to2) == 0);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GaitProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  if (size > G_MAXSSIZE)
    return 0;

  profile = gait_profile_new_from_data ((const char *)data, (gssize)size,
                                        "fuzz.ini", &error);
  fuzz_check_error (profile != NULL, error);
  if (profile == NULL)
    return 0;

  /* Names end up in the window and in EAF files: UTF-8. */
  g_assert (g_utf8_validate (gait_profile_get_name (profile), -1, NULL));
  g_assert (gait_profile_get_n_limbs (profile) > 0);
  for (guint i = 0; i < gait_profile_get_n_limbs (profile); i++)
    {
      const char *limb = gait_profile_get_limb_name (profile, i);
      const char * const *landmarks = gait_profile_get_limb_landmarks (profile, i);

      g_assert (limb[0] != '\0' && g_utf8_validate (limb, -1, NULL));
      g_assert (landmarks != NULL && landmarks[0] != NULL);
      for (guint j = 0; landmarks[j] != NULL; j++)
        g_assert (g_utf8_validate (landmarks[j], -1, NULL));
    }

  check_round_trip (profile);

  return 0;
}
