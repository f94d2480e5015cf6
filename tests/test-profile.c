/* test-profile.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gait-error.h"
#include "gait-profile.h"

static GaitTracking *
tracking_with (const char * const *names)
{
  return gait_tracking_new (10, g_strv_length ((char **)names), names);
}

static void
test_builtin (void)
{
  const char * const *ids = gait_profile_list_builtin ();
  g_autoptr(GaitProfile) piglet = gait_profile_new_default ();
  const char * const *fl;

  g_assert_cmpuint (g_strv_length ((char **)ids), >=, 2);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GaitProfile) p = gait_profile_new_builtin (ids[i]);
      g_assert_nonnull (p);
      g_assert_cmpuint (gait_profile_get_n_limbs (p), >=, 1);
    }
  g_assert_null (gait_profile_new_builtin ("no-such-profile"));

  /* The blog's roles. */
  g_assert_cmpuint (gait_profile_get_n_limbs (piglet), ==, 2);
  g_assert_cmpstr (gait_profile_get_limb_name (piglet, 0), ==, "fl");
  g_assert_cmpstr (gait_profile_get_limb_name (piglet, 1), ==, "hl");
  {
    g_auto(GStrv) names = gait_profile_dup_limb_names (piglet);
    const char * const expected[] = { "fl", "hl", NULL };

    g_assert_true (g_strv_equal ((const char * const *)names, expected));
  }
  fl = gait_profile_get_limb_landmarks (piglet, 0);
  g_assert_cmpuint (g_strv_length ((char **)fl), ==, 3);
  g_assert_cmpstr (fl[0], ==, "wrist");
  g_assert_cmpstr (fl[2], ==, "fhoof");
  /* head and back are left out of Procrustes: 10 limb landmarks */
  g_assert_cmpuint (g_strv_length ((char **)gait_profile_get_procrustes (piglet)), ==, 10);
  g_assert_false (g_strv_contains (gait_profile_get_procrustes (piglet), "snout"));
  g_assert_cmpuint (gait_profile_get_n_bones (piglet), >, 0);
}

static void
test_parse (void)
{
  const char *text =
    "[Profile]\n"
    "Name=Horse\n"
    "Skeleton=Hind paw tao,Ankle;Ankle,Knee;\n"
    "[Limb hind]\n"
    "Landmarks=Hind paw tao;Ankle;\n"
    "[Limb fore]\n"
    "Landmarks=Front paw tao;\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GaitProfile) p = gait_profile_new_from_data (text, -1, "horse.ini", &error);
  g_autoptr(GaitProfile) again = NULL;
  g_autofree char *data = NULL;
  const char *from, *to;

  g_assert_no_error (error);
  g_assert_cmpstr (gait_profile_get_name (p), ==, "Horse");
  g_assert_cmpuint (gait_profile_get_n_limbs (p), ==, 2);
  g_assert_cmpstr (gait_profile_get_limb_name (p, 0), ==, "hind");
  g_assert_cmpstr (gait_profile_get_limb_landmarks (p, 0)[0], ==, "Hind paw tao");
  g_assert_cmpuint (gait_profile_get_n_bones (p), ==, 2);
  gait_profile_get_bone (p, 1, &from, &to);
  g_assert_cmpstr (from, ==, "Ankle");
  g_assert_cmpstr (to, ==, "Knee");
  g_assert_cmpuint (g_strv_length ((char **)gait_profile_get_procrustes (p)), ==, 0);

  /* round trip */
  data = gait_profile_to_data (p, NULL);
  again = gait_profile_new_from_data (data, -1, "again", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gait_profile_get_n_limbs (again), ==, 2);
  g_assert_cmpstr (gait_profile_get_limb_name (again, 1), ==, "fore");
  g_assert_cmpuint (gait_profile_get_n_bones (again), ==, 2);
}

static void
test_parse_errors (void)
{
  static const struct {
    const char *text;
    const char *message_part;
  } cases[] = {
    { "not a key file", "not a profile" },
    { "[Other]\nA=b\n", "no [Profile] group" },
    { "[Profile]\nName=x\n", "no [Limb NAME] group" },
    { "[Profile]\n[Limb a]\n", "lists no landmarks" },
    { "[Profile]\nSkeleton=a;\n[Limb a]\nLandmarks=x;\n", "is not a pair" },
    { "[Profile]\n[Limb ]\nLandmarks=x;\n", "has no limb name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GaitProfile) p = gait_profile_new_from_data (cases[i].text, -1, "bad.ini", &error);

      g_assert_null (p);
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "bad.ini"));
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
    }

  {
    g_autoptr(GError) error = NULL;
    g_assert_null (gait_profile_new_from_file ("/nonexistent/profile.ini", &error));
    g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "/nonexistent/profile.ini"));
  }
}

static void
test_resolve (void)
{
  static const char * const names[] = { "snout", "wrist", "fhoof", "Hind paw tao", NULL };
  static const char * const fore[] = { "fhoof", "wrist", NULL };
  static const char * const hind[] = { "hind paw tao", NULL };  /* case-insensitive match */
  static const char * const bad[] = { "fhoof", "elbow", NULL };
  g_autoptr(GaitTracking) tracking = tracking_with (names);
  g_autoptr(GaitProfile) p = gait_profile_new ("test");
  g_autoptr(GArray) limb = NULL;
  g_autoptr(GArray) procrustes = NULL;
  g_autoptr(GError) error = NULL;

  gait_profile_add_limb (p, "fore", fore);
  gait_profile_add_limb (p, "hind", hind);
  g_assert_true (gait_profile_validate (p, tracking, &error));
  g_assert_no_error (error);

  limb = gait_profile_resolve_limb (p, tracking, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limb->len, ==, 2);
  g_assert_cmpuint (g_array_index (limb, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (limb, guint, 1), ==, 1);

  /* Empty Procrustes set: every limb landmark once. */
  procrustes = gait_profile_resolve_procrustes (p, tracking, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (procrustes->len, ==, 3);

  /* Replacing a limb, then an unknown landmark: the message lists what exists. */
  gait_profile_add_limb (p, "fore", bad);
  g_assert_cmpuint (gait_profile_get_n_limbs (p), ==, 2);
  g_assert_false (gait_profile_validate (p, tracking, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_UNKNOWN_LANDMARK);
  g_assert_nonnull (strstr (error->message, "\"elbow\""));
  g_assert_nonnull (strstr (error->message, "snout, wrist, fhoof, Hind paw tao"));
}

static void
test_guess (void)
{
  static const char * const mouse[] = {
    "Nose", "Front paw tao", "Wrist", "Elbow", "Lower Shoulder", "Upper Shoulder",
    "Iliac Crest", "Hip", "Knee", "Ankle", "Hind paw tao", NULL
  };
  static const char * const beam[] = { "BeamLeft", "BeamMiddle", "BeamRight", NULL };
  g_autoptr(GaitTracking) mouse_tracking = tracking_with (mouse);
  g_autoptr(GaitTracking) beam_tracking = tracking_with (beam);
  g_autoptr(GaitProfile) guessed = gait_profile_guess (mouse_tracking);

  g_assert_nonnull (guessed);
  g_assert_cmpstr (gait_profile_get_limb_name (guessed, 0), ==, "fore");
  g_assert_null (gait_profile_guess (beam_tracking));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/profile/builtin", test_builtin);
  g_test_add_func ("/profile/parse", test_parse);
  g_test_add_func ("/profile/parse-errors", test_parse_errors);
  g_test_add_func ("/profile/resolve", test_resolve);
  g_test_add_func ("/profile/guess", test_guess);

  return g_test_run ();
}
