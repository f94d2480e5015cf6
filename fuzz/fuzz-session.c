/* fuzz-session.c: review session file reader
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz-common.h"
#include "gait-annotation.h"
#include "gait-annotation-store.h"
#include "gait-error.h"
#include "gait-session-file.h"

/*
 * A long run ends with a LeakSanitizer report of a few MB allocated by
 * g_malloc() with no further stack: GLib's quark table. The reader interns
 * every limb name (GaitCycle.limb is interned), and GLib leaks the old
 * table each time it grows, on purpose (lock-free lookups). It is not a
 * leak per input, which libFuzzer checks as it goes.
 */

/* Relative paths in the file resolve against its directory. */
#define SESSION_PATH "/nonexistent/fuzz/run.csv" GAIT_SESSION_FILE_SUFFIX

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
assert_same_cycle (const GaitCycle *a,
                   const GaitCycle *b)
{
  g_assert (a->limb == b->limb);   /* interned */
  g_assert (a->start == b->start && a->end == b->end && a->liftoff == b->liftoff);
  g_assert (a->state == b->state && a->method == b->method);
  g_assert (a->n_landmarks == b->n_landmarks);
  g_assert (same_double (a->confidence, b->confidence));
  g_assert (same_double (a->procrustes, b->procrustes));
  g_assert (same_double (a->stride_length, b->stride_length));
}

/* A loaded session, saved again, loads back the same. */
static void
check_round_trip (const GaitSessionInfo *info,
                  GaitAnnotationStore   *store)
{
  g_autoptr(GaitAnnotationStore) copy = gait_annotation_store_new ();
  g_auto(GaitSessionInfo) copy_info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GListModel *model = G_LIST_MODEL (store);
  guint n_items = g_list_model_get_n_items (model);
  gsize length = 0;

  text = gait_session_file_to_data (SESSION_PATH, info, store, &length, &error);
  if (text == NULL)
    {
      /* Only what the file format cannot hold may fail to save. */
      g_assert (g_error_matches (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT));
      return;
    }

  gait_session_info_init (&copy_info);
  if (!gait_session_file_load_data (text, length, SESSION_PATH, &copy_info, copy, &error))
    g_error ("a saved session does not load: %s\n%s", error->message, text);

  g_assert (g_list_model_get_n_items (G_LIST_MODEL (copy)) == n_items);
  g_assert (gait_annotation_store_get_n_frames (copy) ==
            gait_annotation_store_get_n_frames (store));
  g_assert (g_strcmp0 (copy_info.tracking, info->tracking) == 0);
  g_assert (g_strcmp0 (copy_info.video, info->video) == 0);
  g_assert (g_strcmp0 (copy_info.profile, info->profile) == 0);
  g_assert (copy_info.has_params == info->has_params);
  g_assert ((copy_info.traces ? copy_info.traces->len : 0) == (info->traces ? info->traces->len : 0));
  for (guint i = 0; info->traces != NULL && i < info->traces->len; i++)
    g_assert (g_strv_equal (g_ptr_array_index (copy_info.traces, i), g_ptr_array_index (info->traces, i)));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GaitAnnotation) a = g_list_model_get_item (model, i);
      g_autoptr(GaitAnnotation) b = g_list_model_get_item (G_LIST_MODEL (copy), i);

      assert_same_cycle (gait_annotation_get_cycle (a), gait_annotation_get_cycle (b));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GaitAnnotationStore) store = gait_annotation_store_new ();
  g_auto(GaitSessionInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  gait_session_info_init (&info);
  ok = gait_session_file_load_data ((const char *)data, size, SESSION_PATH,
                                    &info, store, &error);
  fuzz_check_error (ok, error);

  if (!ok)
    {
      /* Failure leaves the store untouched. */
      g_assert (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0);
      g_assert (info.tracking == NULL && info.video == NULL && info.profile == NULL);
      return 0;
    }

  g_assert (info.fps >= 0 && isfinite (info.fps));
  check_round_trip (&info, store);

  return 0;
}
