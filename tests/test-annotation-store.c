/* test-annotation-store.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gait-annotation.h"
#include "gait-annotation-store.h"
#include "gait-enums.h"
#include "gait-error.h"
#include "gait-session-file.h"
#include "gait-test-util.h"

static const char * const limbs[] = { "LF", "RF", "LH", "RH" };

static GaitCycle
make_cycle (const char     *limb,
            gint64          start,
            gint64          end,
            gint64          liftoff,
            GaitCycleState  state)
{
  GaitCycle cycle = gait_test_cycle (limb, start, end, liftoff, state);

  cycle.method = GAIT_METHOD_TOUCHDOWN;
  cycle.procrustes = 0.01 * (double)start;
  cycle.n_landmarks = 5;
  cycle.confidence = 0.5;
  cycle.stride_length = (double)(end - start) * 1.5;

  return cycle;
}

static gboolean
double_same (double a,
             double b)
{
  /* bit for bit, but any NaN is NaN */
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return memcmp (&a, &b, sizeof a) == 0;
}

static gboolean
cycle_same (const GaitCycle *a,
            const GaitCycle *b)
{
  return g_strcmp0 (a->limb, b->limb) == 0
      && a->start == b->start
      && a->end == b->end
      && a->liftoff == b->liftoff
      && double_same (a->procrustes, b->procrustes)
      && a->n_landmarks == b->n_landmarks
      && double_same (a->confidence, b->confidence)
      && double_same (a->stride_length, b->stride_length)
      && a->method == b->method
      && a->state == b->state;
}

static void
assert_cycle_same (const GaitCycle *a,
                   const GaitCycle *b)
{
  if (!cycle_same (a, b))
    g_error ("cycles differ: %s %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT " lo %" G_GINT64_FORMAT
             " p %g n %u c %g s %g m %d st %d vs %s %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT
             " lo %" G_GINT64_FORMAT " p %g n %u c %g s %g m %d st %d",
             a->limb, a->start, a->end, a->liftoff, a->procrustes, a->n_landmarks,
             a->confidence, a->stride_length, a->method, a->state,
             b->limb, b->start, b->end, b->liftoff, b->procrustes, b->n_landmarks,
             b->confidence, b->stride_length, b->method, b->state);
}

static GaitAnnotation *
item (GaitAnnotationStore *store,
      guint                position)
{
  GaitAnnotation *annotation = g_list_model_get_item (G_LIST_MODEL (store), position);

  g_assert_nonnull (annotation);
  g_object_unref (annotation);   /* the store keeps it */

  return annotation;
}

static guint
n_items (GaitAnnotationStore *store)
{
  return g_list_model_get_n_items (G_LIST_MODEL (store));
}

/* Mirror: a copy of the model kept up to date by items-changed alone. */

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Event;

typedef struct
{
  GaitAnnotationStore *store;
  GPtrArray           *items;
  GArray              *events;
  gboolean             check_each;
  guint                n_changed;
  gulong               handler;
  gulong               changed_handler;
} Mirror;

static void
assert_sorted (GaitAnnotationStore *store)
{
  for (guint i = 1; i < n_items (store); i++)
    {
      const GaitCycle *a = gait_annotation_get_cycle (item (store, i - 1));
      const GaitCycle *b = gait_annotation_get_cycle (item (store, i));
      int cmp = 0;

      if (a->start != b->start)
        cmp = a->start < b->start ? -1 : 1;
      else if (strcmp (a->limb, b->limb) != 0)
        cmp = strcmp (a->limb, b->limb);
      else if (a->end != b->end)
        cmp = a->end < b->end ? -1 : 1;

      g_assert_cmpint (cmp, <=, 0);
    }
}

static void
mirror_check (Mirror *mirror)
{
  GaitAnnotationStore *store = mirror->store;
  guint n_unreviewed = 0;
  guint n;

  g_assert_cmpuint (mirror->items->len, ==, n_items (store));
  for (guint i = 0; i < mirror->items->len; i++)
    {
      GaitAnnotation *a = item (store, i);
      guint position = G_MAXUINT;

      g_assert_true (g_ptr_array_index (mirror->items, i) == a);
      g_assert_true (gait_annotation_store_get_position (store, a, &position));
      g_assert_cmpuint (position, ==, i);
      if (gait_annotation_get_state (a) == GAIT_CYCLE_DETECTED)
        n_unreviewed++;
    }

  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), mirror->items->len));
  g_assert_cmpuint (gait_annotation_store_get_n_unreviewed (store), ==, n_unreviewed);
  g_object_get (store, "n-items", &n, NULL);
  g_assert_cmpuint (n, ==, mirror->items->len);
  assert_sorted (store);
}

static void
mirror_items_changed (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      Mirror     *mirror)
{
  Event event = { position, removed, added };

  g_assert_cmpuint (removed + added, >, 0);
  g_assert_cmpuint (position + removed, <=, mirror->items->len);

  g_ptr_array_remove_range (mirror->items, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->items, position + i,
                        g_list_model_get_item (model, position + i));

  /* The model is consistent whenever it says it changed. */
  g_assert_cmpuint (mirror->items->len, ==, g_list_model_get_n_items (model));
  if (mirror->check_each)
    for (guint i = 0; i < mirror->items->len; i++)
      g_assert_true (g_ptr_array_index (mirror->items, i) == item (mirror->store, i));

  g_array_append_val (mirror->events, event);
}

static void
mirror_changed (GaitAnnotationStore *store,
                Mirror              *mirror)
{
  mirror->n_changed++;
}

static Mirror *
mirror_new (GaitAnnotationStore *store)
{
  Mirror *mirror = g_new0 (Mirror, 1);

  mirror->store = g_object_ref (store);
  mirror->items = g_ptr_array_new_with_free_func (g_object_unref);
  mirror->events = g_array_new (FALSE, FALSE, sizeof (Event));
  mirror->check_each = TRUE;

  for (guint i = 0; i < n_items (store); i++)
    g_ptr_array_add (mirror->items, g_object_ref (item (store, i)));

  mirror->handler = g_signal_connect (store, "items-changed",
                                      G_CALLBACK (mirror_items_changed), mirror);
  mirror->changed_handler = g_signal_connect (store, "changed",
                                              G_CALLBACK (mirror_changed), mirror);

  return mirror;
}

static void
mirror_free (Mirror *mirror)
{
  mirror_check (mirror);
  g_signal_handler_disconnect (mirror->store, mirror->handler);
  g_signal_handler_disconnect (mirror->store, mirror->changed_handler);
  g_ptr_array_unref (mirror->items);
  g_array_unref (mirror->events);
  g_object_unref (mirror->store);
  g_free (mirror);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mirror, mirror_free)

static void
assert_events (Mirror      *mirror,
               const Event *expected,
               guint        n_expected)
{
  g_assert_cmpuint (mirror->events->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const Event *e = &g_array_index (mirror->events, Event, i);

      g_assert_cmpuint (e->position, ==, expected[i].position);
      g_assert_cmpuint (e->removed, ==, expected[i].removed);
      g_assert_cmpuint (e->added, ==, expected[i].added);
    }
  g_array_set_size (mirror->events, 0);
}

/* Snapshots: the objects and their cycles, in order. */

typedef struct
{
  GPtrArray *items;
  GArray    *cycles;
} Snapshot;

static Snapshot *
snapshot_take (GaitAnnotationStore *store)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);

  snapshot->items = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->cycles = g_array_new (FALSE, FALSE, sizeof (GaitCycle));

  for (guint i = 0; i < n_items (store); i++)
    {
      GaitAnnotation *a = item (store, i);

      g_ptr_array_add (snapshot->items, g_object_ref (a));
      g_array_append_val (snapshot->cycles, *gait_annotation_get_cycle (a));
    }

  return snapshot;
}

static void
snapshot_free (Snapshot *snapshot)
{
  g_ptr_array_unref (snapshot->items);
  g_array_unref (snapshot->cycles);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static void
assert_snapshot (GaitAnnotationStore *store,
                 const Snapshot      *snapshot)
{
  g_assert_cmpuint (n_items (store), ==, snapshot->items->len);
  for (guint i = 0; i < snapshot->items->len; i++)
    {
      GaitAnnotation *a = item (store, i);

      g_assert_true (a == g_ptr_array_index (snapshot->items, i));
      assert_cycle_same (gait_annotation_get_cycle (a),
                         &g_array_index (snapshot->cycles, GaitCycle, i));
    }
}

static GaitAnnotationStore *
store_with (const GaitCycle *cycles,
            gsize            n_cycles)
{
  GaitAnnotationStore *store = gait_annotation_store_new ();
  g_autoptr(GError) error = NULL;

  gait_annotation_store_reset (store, cycles, n_cycles, &error);
  g_assert_no_error (error);

  return store;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* Tests of the annotation */

static void
test_annotation_properties (void)
{
  GaitCycle cycle = make_cycle ("left fore", 10, 40, 25, GAIT_CYCLE_ACCEPTED);
  g_autoptr(GaitAnnotation) annotation = NULL;
  g_autofree char *limb = NULL;
  gint64 start, end, liftoff, duration;
  GaitCycleState state;
  GaitMethod method;
  double confidence, procrustes, stride_length;
  guint n_landmarks;

  cycle.method = GAIT_METHOD_SEED;
  annotation = gait_annotation_new (&cycle);

  g_object_get (annotation,
                "limb", &limb,
                "start", &start,
                "end", &end,
                "liftoff", &liftoff,
                "duration", &duration,
                "state", &state,
                "method", &method,
                "confidence", &confidence,
                "procrustes", &procrustes,
                "n-landmarks", &n_landmarks,
                "stride-length", &stride_length,
                NULL);

  g_assert_cmpstr (limb, ==, "left fore");
  g_assert_true (gait_annotation_get_limb (annotation) == g_intern_string ("left fore"));
  g_assert_cmpint (start, ==, 10);
  g_assert_cmpint (end, ==, 40);
  g_assert_cmpint (liftoff, ==, 25);
  g_assert_cmpint (duration, ==, 30);
  g_assert_cmpint (state, ==, GAIT_CYCLE_ACCEPTED);
  g_assert_cmpint (method, ==, GAIT_METHOD_SEED);
  g_assert_cmpfloat (confidence, ==, 0.5);
  g_assert_cmpfloat (procrustes, ==, 0.1);
  g_assert_cmpuint (n_landmarks, ==, 5);
  g_assert_cmpfloat (stride_length, ==, 45);
  g_assert_true (gait_annotation_is_reviewed (annotation));
  g_assert_cmpint (gait_annotation_get_boundary (annotation, GAIT_BOUNDARY_START), ==, 10);
  g_assert_cmpint (gait_annotation_get_boundary (annotation, GAIT_BOUNDARY_END), ==, 40);
  g_assert_cmpint (gait_annotation_get_boundary (annotation, GAIT_BOUNDARY_LIFTOFF), ==, 25);
  assert_cycle_same (gait_annotation_get_cycle (annotation), &cycle);

  /* read only: changes go through the store */
  g_assert_false (g_object_class_find_property (G_OBJECT_GET_CLASS (annotation), "state")->flags & G_PARAM_WRITABLE);
}

static void
test_enum_types (void)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (GAIT_TYPE_CYCLE_STATE);
  g_autoptr(GEnumClass) methods = g_type_class_ref (GAIT_TYPE_METHOD);
  g_autoptr(GEnumClass) boundaries = g_type_class_ref (GAIT_TYPE_BOUNDARY);

  g_assert_cmpstr (g_type_name (GAIT_TYPE_CYCLE_STATE), ==, "GaitCycleState");
  g_assert_cmpuint (states->n_values, ==, GAIT_CYCLE_ADDED + 1);
  for (int s = GAIT_CYCLE_DETECTED; s <= GAIT_CYCLE_ADDED; s++)
    g_assert_cmpstr (g_enum_get_value (states, s)->value_nick, ==, gait_cycle_state_to_string (s));

  g_assert_cmpuint (methods->n_values, ==, GAIT_METHOD_MANUAL + 1);
  for (int m = GAIT_METHOD_TOUCHDOWN; m <= GAIT_METHOD_MANUAL; m++)
    g_assert_cmpstr (g_enum_get_value (methods, m)->value_nick, ==, gait_method_to_string (m));

  g_assert_cmpuint (boundaries->n_values, ==, 3);
  g_assert_cmpstr (g_enum_get_value (boundaries, GAIT_BOUNDARY_LIFTOFF)->value_nick, ==, "liftoff");
}

static void
test_annotation_notify (void)
{
  GaitCycle cycles[] = {
    make_cycle ("LF", 10, 40, 25, GAIT_CYCLE_DETECTED),
  };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, 1);
  GaitAnnotation *a = item (store, 0);
  guint n_state = 0, n_start = 0, n_duration = 0, n_end = 0, n_any = 0;

  g_signal_connect (a, "notify::state", G_CALLBACK (count_notify), &n_state);
  g_signal_connect (a, "notify::start", G_CALLBACK (count_notify), &n_start);
  g_signal_connect (a, "notify::end", G_CALLBACK (count_notify), &n_end);
  g_signal_connect (a, "notify::duration", G_CALLBACK (count_notify), &n_duration);
  g_signal_connect (a, "notify", G_CALLBACK (count_notify), &n_any);

  gait_annotation_store_set_state (store, a, GAIT_CYCLE_ACCEPTED);
  g_assert_cmpuint (n_state, ==, 1);
  g_assert_cmpuint (n_any, ==, 1);

  gait_annotation_store_set_state (store, a, GAIT_CYCLE_ACCEPTED);
  g_assert_cmpuint (n_any, ==, 1);

  /* start moves: start, duration, state, procrustes, stride-length, n-landmarks */
  g_assert_true (gait_annotation_store_move_boundary (store, a, GAIT_BOUNDARY_START, 12, NULL));
  g_assert_cmpuint (n_start, ==, 1);
  g_assert_cmpuint (n_duration, ==, 1);
  g_assert_cmpuint (n_state, ==, 2);
  g_assert_cmpuint (n_end, ==, 0);
  g_assert_cmpuint (n_any, ==, 7);

  g_assert_true (gait_annotation_store_undo (store));
  g_assert_cmpuint (n_start, ==, 2);
  g_assert_cmpint (gait_annotation_get_start (a), ==, 10);
  g_assert_cmpint (gait_annotation_get_state (a), ==, GAIT_CYCLE_ACCEPTED);
}

/* add */

typedef struct
{
  const char     *name;
  const char     *limb;
  gint64          start;
  gint64          end;
  gint64          liftoff;
  GaitCycleState  state;
  gint64          n_frames;
  GaitCycleState  expected_state;
  const char     *error;          /* part of the message, or NULL */
} AddCase;

static const AddCase add_cases[] = {
  { "detected becomes added", "LF", 10, 40, 25, GAIT_CYCLE_DETECTED, 0, GAIT_CYCLE_ADDED, NULL },
  { "accepted stays", "LF", 10, 40, -1, GAIT_CYCLE_ACCEPTED, 0, GAIT_CYCLE_ACCEPTED, NULL },
  { "rejected stays", "LF", 10, 40, -1, GAIT_CYCLE_REJECTED, 0, GAIT_CYCLE_REJECTED, NULL },
  { "last frame", "LF", 0, 99, 98, GAIT_CYCLE_DETECTED, 100, GAIT_CYCLE_ADDED, NULL },
  { "no limb", NULL, 10, 40, -1, GAIT_CYCLE_DETECTED, 0, 0, "limb" },
  { "empty limb", "", 10, 40, -1, GAIT_CYCLE_DETECTED, 0, 0, "limb" },
  { "negative start", "LF", -1, 40, -1, GAIT_CYCLE_DETECTED, 0, 0, "negative" },
  { "empty", "LF", 10, 10, -1, GAIT_CYCLE_DETECTED, 0, 0, "not after" },
  { "backwards", "LF", 40, 10, -1, GAIT_CYCLE_DETECTED, 0, 0, "not after" },
  { "lift-off at start", "LF", 10, 40, 10, GAIT_CYCLE_DETECTED, 0, 0, "lift-off" },
  { "lift-off at end", "LF", 10, 40, 40, GAIT_CYCLE_DETECTED, 0, 0, "lift-off" },
  { "lift-off -2", "LF", 10, 40, -2, GAIT_CYCLE_DETECTED, 0, 0, "lift-off" },
  { "beyond the frames", "LF", 10, 100, -1, GAIT_CYCLE_DETECTED, 100, 0, "beyond" },
};

static void
test_add (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (add_cases); i++)
    {
      const AddCase *c = &add_cases[i];
      GaitCycle existing[] = { make_cycle ("LF", 5, 30, -1, GAIT_CYCLE_DETECTED) };
      g_autoptr(GaitAnnotationStore) store = store_with (existing, 1);
      g_autoptr(Mirror) mirror = mirror_new (store);
      g_autoptr(Snapshot) before = snapshot_take (store);
      g_autoptr(Snapshot) after = NULL;
      g_autoptr(GError) error = NULL;
      GaitCycle cycle;
      GaitAnnotation *a;

      g_test_message ("add: %s", c->name);

      gait_annotation_store_set_n_frames (store, c->n_frames);
      cycle = make_cycle ("x", c->start, c->end, c->liftoff, c->state);
      cycle.limb = c->limb;

      a = gait_annotation_store_add (store, &cycle, &error);

      if (c->error != NULL)
        {
          g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
          g_assert_nonnull (strstr (error->message, c->error));
          g_assert_null (a);
          g_assert_false (gait_annotation_store_get_can_undo (store));
          g_assert_cmpuint (mirror->n_changed, ==, 0);
          assert_snapshot (store, before);
          continue;
        }

      g_assert_no_error (error);
      g_assert_nonnull (a);
      g_assert_cmpint (gait_annotation_get_state (a), ==, c->expected_state);
      cycle.state = c->expected_state;
      assert_cycle_same (gait_annotation_get_cycle (a), &cycle);
      g_assert_cmpuint (n_items (store), ==, 2);
      g_assert_true (gait_annotation_store_get_can_undo (store));
      g_assert_cmpuint (mirror->n_changed, ==, 1);
      mirror_check (mirror);
      after = snapshot_take (store);

      g_assert_true (gait_annotation_store_undo (store));
      assert_snapshot (store, before);
      g_assert_true (gait_annotation_store_redo (store));
      assert_snapshot (store, after);
      g_assert_cmpuint (mirror->n_changed, ==, 3);
    }
}

static void
test_remove (void)
{
  GaitCycle cycles[] = {
    make_cycle ("LF", 0, 30, -1, GAIT_CYCLE_DETECTED),
    make_cycle ("LF", 30, 60, -1, GAIT_CYCLE_ACCEPTED),
    make_cycle ("RF", 30, 60, -1, GAIT_CYCLE_DETECTED),
  };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, G_N_ELEMENTS (cycles));
  g_autoptr(Mirror) mirror = mirror_new (store);
  g_autoptr(Snapshot) before = snapshot_take (store);
  g_autoptr(Snapshot) after = NULL;
  GaitAnnotation *a = item (store, 1);
  guint position;
  const Event removed[] = { { 1, 1, 0 } };
  const Event added[] = { { 1, 0, 1 } };

  g_object_ref (a);
  gait_annotation_store_remove (store, a);
  assert_events (mirror, removed, 1);
  g_assert_false (gait_annotation_store_get_position (store, a, &position));
  g_assert_cmpuint (n_items (store), ==, 2);
  after = snapshot_take (store);

  g_assert_true (gait_annotation_store_undo (store));
  assert_events (mirror, added, 1);
  assert_snapshot (store, before);
  g_assert_true (item (store, 1) == a);   /* the same object */

  g_assert_true (gait_annotation_store_redo (store));
  assert_events (mirror, removed, 1);
  assert_snapshot (store, after);
  g_object_unref (a);
}

static void
test_set_state (void)
{
  GaitCycle cycles[] = {
    make_cycle ("LF", 0, 30, -1, GAIT_CYCLE_DETECTED),
    make_cycle ("LF", 30, 60, -1, GAIT_CYCLE_DETECTED),
  };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, G_N_ELEMENTS (cycles));
  g_autoptr(Mirror) mirror = mirror_new (store);
  GaitAnnotation *a = item (store, 0);
  guint n_unreviewed_notify = 0;
  const Event changed[] = { { 0, 1, 1 } };

  g_signal_connect (store, "notify::n-unreviewed", G_CALLBACK (count_notify), &n_unreviewed_notify);
  g_assert_cmpuint (gait_annotation_store_get_n_unreviewed (store), ==, 2);

  gait_annotation_store_set_state (store, a, GAIT_CYCLE_ACCEPTED);
  assert_events (mirror, changed, 1);
  g_assert_cmpuint (gait_annotation_store_get_n_unreviewed (store), ==, 1);
  g_assert_cmpuint (n_unreviewed_notify, ==, 1);

  gait_annotation_store_set_state (store, a, GAIT_CYCLE_REJECTED);
  assert_events (mirror, changed, 1);
  g_assert_cmpuint (n_unreviewed_notify, ==, 1);

  /* the same state again: no command */
  gait_annotation_store_set_state (store, a, GAIT_CYCLE_REJECTED);
  assert_events (mirror, NULL, 0);
  g_assert_cmpuint (mirror->n_changed, ==, 2);

  g_assert_true (gait_annotation_store_undo (store));
  g_assert_cmpint (gait_annotation_get_state (a), ==, GAIT_CYCLE_ACCEPTED);
  g_assert_true (gait_annotation_store_undo (store));
  g_assert_cmpint (gait_annotation_get_state (a), ==, GAIT_CYCLE_DETECTED);
  g_assert_false (gait_annotation_store_undo (store));
  g_assert_cmpuint (gait_annotation_store_get_n_unreviewed (store), ==, 2);
  g_assert_cmpuint (n_unreviewed_notify, ==, 2);

  g_assert_true (gait_annotation_store_redo (store));
  g_assert_true (gait_annotation_store_redo (store));
  g_assert_false (gait_annotation_store_redo (store));
  g_assert_cmpint (gait_annotation_get_state (a), ==, GAIT_CYCLE_REJECTED);
  g_assert_cmpuint (mirror->n_changed, ==, 6);
}

/* move_boundary */

typedef struct
{
  const char     *name;
  gint64          liftoff;        /* of the cycle 100–200 */
  GaitCycleState  state;
  gint64          n_frames;
  GaitBoundary    which;
  gint64          frame;
  const char     *error;          /* NULL: the move succeeds */
  gint64          start;          /* expected */
  gint64          end;
  gint64          expected_liftoff;
  GaitCycleState  expected_state;
} MoveCase;

static const MoveCase move_cases[] = {
  { "start earlier", 150, GAIT_CYCLE_DETECTED, 0, GAIT_BOUNDARY_START, 90, NULL, 90, 200, 150, GAIT_CYCLE_EDITED },
  { "start later", 150, GAIT_CYCLE_ACCEPTED, 0, GAIT_BOUNDARY_START, 149, NULL, 149, 200, 150, GAIT_CYCLE_EDITED },
  { "start at lift-off", 150, GAIT_CYCLE_ACCEPTED, 0, GAIT_BOUNDARY_START, 150, "lift-off", 0, 0, 0, 0 },
  { "start past lift-off", 150, GAIT_CYCLE_ACCEPTED, 0, GAIT_BOUNDARY_START, 170, "lift-off", 0, 0, 0, 0 },
  { "start at end, no lift-off", -1, GAIT_CYCLE_ACCEPTED, 0, GAIT_BOUNDARY_START, 200, "end", 0, 0, 0, 0 },
  { "start before 0 is clamped", 150, GAIT_CYCLE_REJECTED, 0, GAIT_BOUNDARY_START, -50, NULL, 0, 200, 150, GAIT_CYCLE_EDITED },
  { "start of added stays added", -1, GAIT_CYCLE_ADDED, 0, GAIT_BOUNDARY_START, 120, NULL, 120, 200, -1, GAIT_CYCLE_ADDED },
  { "end later", 150, GAIT_CYCLE_DETECTED, 0, GAIT_BOUNDARY_END, 230, NULL, 100, 230, 150, GAIT_CYCLE_EDITED },
  { "end clamped to the frames", 150, GAIT_CYCLE_DETECTED, 250, GAIT_BOUNDARY_END, 1000, NULL, 100, 249, 150, GAIT_CYCLE_EDITED },
  { "end at lift-off", 150, GAIT_CYCLE_DETECTED, 0, GAIT_BOUNDARY_END, 150, "lift-off", 0, 0, 0, 0 },
  { "end at start, no lift-off", -1, GAIT_CYCLE_DETECTED, 0, GAIT_BOUNDARY_END, 100, "start", 0, 0, 0, 0 },
  { "end before 0", -1, GAIT_CYCLE_DETECTED, 0, GAIT_BOUNDARY_END, -10, "start", 0, 0, 0, 0 },
  { "lift-off moves", 150, GAIT_CYCLE_ACCEPTED, 0, GAIT_BOUNDARY_LIFTOFF, 101, NULL, 100, 200, 101, GAIT_CYCLE_EDITED },
  { "lift-off set", -1, GAIT_CYCLE_DETECTED, 0, GAIT_BOUNDARY_LIFTOFF, 199, NULL, 100, 200, 199, GAIT_CYCLE_EDITED },
  { "lift-off removed", 150, GAIT_CYCLE_ADDED, 0, GAIT_BOUNDARY_LIFTOFF, -1, NULL, 100, 200, -1, GAIT_CYCLE_ADDED },
  { "lift-off at start", 150, GAIT_CYCLE_DETECTED, 0, GAIT_BOUNDARY_LIFTOFF, 100, "between", 0, 0, 0, 0 },
  { "lift-off at end", 150, GAIT_CYCLE_DETECTED, 0, GAIT_BOUNDARY_LIFTOFF, 200, "between", 0, 0, 0, 0 },
  { "lift-off -5", 150, GAIT_CYCLE_DETECTED, 0, GAIT_BOUNDARY_LIFTOFF, -5, "between", 0, 0, 0, 0 },
  { "no move", 150, GAIT_CYCLE_DETECTED, 0, GAIT_BOUNDARY_END, 200, NULL, 100, 200, 150, GAIT_CYCLE_DETECTED },
};

static void
test_move_boundary (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (move_cases); i++)
    {
      const MoveCase *c = &move_cases[i];
      GaitCycle cycle = make_cycle ("LF", 100, 200, c->liftoff, c->state);
      g_autoptr(GaitAnnotationStore) store = store_with (&cycle, 1);
      g_autoptr(Snapshot) before = snapshot_take (store);
      g_autoptr(Snapshot) after = NULL;
      g_autoptr(GError) error = NULL;
      GaitAnnotation *a = item (store, 0);
      const GaitCycle *moved;
      gboolean ok;

      g_test_message ("move: %s", c->name);
      gait_annotation_store_set_n_frames (store, c->n_frames);

      ok = gait_annotation_store_move_boundary (store, a, c->which, c->frame, &error);

      if (c->error != NULL)
        {
          g_assert_false (ok);
          g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
          g_assert_nonnull (strstr (error->message, c->error));
          assert_snapshot (store, before);
          g_assert_false (gait_annotation_store_get_can_undo (store));
          continue;
        }

      g_assert_no_error (error);
      g_assert_true (ok);
      moved = gait_annotation_get_cycle (a);
      g_assert_cmpint (moved->start, ==, c->start);
      g_assert_cmpint (moved->end, ==, c->end);
      g_assert_cmpint (moved->liftoff, ==, c->expected_liftoff);
      g_assert_cmpint (moved->state, ==, c->expected_state);
      g_assert_cmpfloat (moved->confidence, ==, cycle.confidence);

      if (c->start == 100 && c->end == 200)
        {
          /* the lift-off alone does not change what start and end measure */
          g_assert_true (double_same (moved->procrustes, cycle.procrustes));
          g_assert_cmpuint (moved->n_landmarks, ==, cycle.n_landmarks);
          g_assert_true (double_same (moved->stride_length, cycle.stride_length));
        }
      else
        {
          g_assert_true (isnan (moved->procrustes));
          g_assert_cmpuint (moved->n_landmarks, ==, 0);
          g_assert_true (isnan (moved->stride_length));
        }

      if (strcmp (c->name, "no move") == 0)
        {
          g_assert_false (gait_annotation_store_get_can_undo (store));
          continue;
        }

      after = snapshot_take (store);
      g_assert_true (gait_annotation_store_undo (store));
      assert_snapshot (store, before);
      g_assert_true (gait_annotation_store_redo (store));
      assert_snapshot (store, after);
    }
}

static void
test_move_resorts (void)
{
  GaitCycle cycles[] = {
    make_cycle ("LF", 0, 30, -1, GAIT_CYCLE_DETECTED),     /* 0 */
    make_cycle ("LF", 30, 60, -1, GAIT_CYCLE_DETECTED),    /* 1 */
    make_cycle ("RF", 40, 70, -1, GAIT_CYCLE_DETECTED),    /* 2 */
    make_cycle ("LF", 60, 90, -1, GAIT_CYCLE_DETECTED),    /* 3 */
  };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, G_N_ELEMENTS (cycles));
  g_autoptr(Mirror) mirror = mirror_new (store);
  g_autoptr(Snapshot) before = snapshot_take (store);
  GaitAnnotation *first = item (store, 0);
  GaitAnnotation *rf = item (store, 2);
  g_autoptr(GError) error = NULL;
  const Event to_end[] = { { 0, 1, 0 }, { 2, 0, 1 } };
  const Event in_place[] = { { 2, 1, 1 } };
  const Event back[] = { { 2, 1, 0 }, { 0, 0, 1 } };
  const Event rf_in_place[] = { { 1, 1, 1 } };
  const Event tie[] = { { 2, 1, 0 }, { 0, 0, 1 } };

  /* 0–30 becomes 50–60: after RF 40 */
  g_assert_true (gait_annotation_store_move_boundary (store, first, GAIT_BOUNDARY_END, 60, &error));
  g_assert_no_error (error);
  g_assert_true (gait_annotation_store_move_boundary (store, first, GAIT_BOUNDARY_START, 50, &error));
  g_assert_no_error (error);
  g_array_set_size (mirror->events, 0);
  mirror_check (mirror);
  g_assert_true (item (store, 2) == first);

  /* start 50 → 45: still after RF 40, before LF 60 */
  g_assert_true (gait_annotation_store_move_boundary (store, first, GAIT_BOUNDARY_START, 45, &error));
  assert_events (mirror, in_place, 1);

  /* back to the front */
  g_assert_true (gait_annotation_store_move_boundary (store, first, GAIT_BOUNDARY_START, 0, &error));
  assert_events (mirror, back, 2);
  g_assert_true (item (store, 0) == first);

  /* undo: 0 → 45 */
  g_assert_true (gait_annotation_store_undo (store));
  assert_events (mirror, to_end, 2);

  /* RF starting at 30 sorts after LF starting at 30 (limb order) */
  g_assert_true (gait_annotation_store_move_boundary (store, rf, GAIT_BOUNDARY_START, 30, &error));
  assert_events (mirror, rf_in_place, 1);
  g_assert_true (item (store, 0) == g_ptr_array_index (before->items, 1));
  g_assert_true (item (store, 1) == rf);

  /* equal cycles keep their creation order: 45–60 → 30–60 goes first */
  g_assert_true (gait_annotation_store_move_boundary (store, first, GAIT_BOUNDARY_START, 30, &error));
  assert_events (mirror, tie, 2);
  g_assert_true (item (store, 0) == first);
  g_assert_true (item (store, 1) == g_ptr_array_index (before->items, 1));
  g_assert_no_error (error);

  while (gait_annotation_store_undo (store))
    ;
  assert_snapshot (store, before);
}

/* groups and history */

static void
test_group (void)
{
  GaitCycle cycles[] = {
    make_cycle ("LF", 0, 30, 20, GAIT_CYCLE_DETECTED),
    make_cycle ("LF", 30, 60, 50, GAIT_CYCLE_DETECTED),
  };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, G_N_ELEMENTS (cycles));
  g_autoptr(Mirror) mirror = mirror_new (store);
  g_autoptr(Snapshot) before = snapshot_take (store);
  g_autoptr(Snapshot) dragged = NULL;
  g_autoptr(Snapshot) accepted = NULL;
  GaitAnnotation *a = item (store, 1);
  guint n_can_undo = 0;

  g_signal_connect (store, "notify::can-undo", G_CALLBACK (count_notify), &n_can_undo);

  /* a drag: many moves, nested groups, one command */
  gait_annotation_store_begin_group (store);
  for (gint64 f = 31; f < 45; f++)
    {
      g_assert_true (gait_annotation_store_move_boundary (store, a, GAIT_BOUNDARY_START, f, NULL));
      gait_annotation_store_begin_group (store);
      g_assert_true (gait_annotation_store_move_boundary (store, a, GAIT_BOUNDARY_END, 60 + f, NULL));
      gait_annotation_store_end_group (store);
    }
  g_assert_cmpuint (mirror->n_changed, ==, 0);      /* not before the group ends */
  g_assert_false (gait_annotation_store_get_can_undo (store));
  gait_annotation_store_end_group (store);

  g_assert_cmpuint (mirror->n_changed, ==, 1);
  g_assert_cmpuint (n_can_undo, ==, 1);
  g_assert_cmpint (gait_annotation_get_start (a), ==, 44);
  g_assert_cmpint (gait_annotation_get_end (a), ==, 104);
  dragged = snapshot_take (store);

  gait_annotation_store_set_state (store, a, GAIT_CYCLE_ACCEPTED);
  accepted = snapshot_take (store);

  g_assert_true (gait_annotation_store_undo (store));
  assert_snapshot (store, dragged);
  g_assert_true (gait_annotation_store_undo (store));
  assert_snapshot (store, before);
  g_assert_false (gait_annotation_store_get_can_undo (store));
  g_assert_true (gait_annotation_store_redo (store));
  assert_snapshot (store, dragged);

  /* a group whose moves cancel out is no command, and keeps redo */
  g_assert_true (gait_annotation_store_get_can_redo (store));
  gait_annotation_store_begin_group (store);
  g_assert_true (gait_annotation_store_move_boundary (store, a, GAIT_BOUNDARY_LIFTOFF, 60, NULL));
  g_assert_true (gait_annotation_store_move_boundary (store, a, GAIT_BOUNDARY_LIFTOFF, 50, NULL));
  gait_annotation_store_end_group (store);
  g_assert_true (gait_annotation_store_get_can_redo (store));
  assert_snapshot (store, dragged);
  g_assert_true (gait_annotation_store_redo (store));
  assert_snapshot (store, accepted);

  /* an empty group neither */
  gait_annotation_store_begin_group (store);
  gait_annotation_store_end_group (store);
  g_assert_true (gait_annotation_store_undo (store));
  assert_snapshot (store, dragged);

  /* an add and a remove of it in one group: nothing */
  {
    GaitCycle extra = make_cycle ("RH", 5, 15, -1, GAIT_CYCLE_ADDED);
    GaitAnnotation *added;

    gait_annotation_store_begin_group (store);
    added = gait_annotation_store_add (store, &extra, NULL);
    gait_annotation_store_remove (store, added);
    gait_annotation_store_end_group (store);
    g_assert_true (gait_annotation_store_get_can_redo (store));
    assert_snapshot (store, dragged);
  }

  /* no undo inside a group */
  gait_annotation_store_begin_group (store);
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*group_depth == 0*");
  g_assert_false (gait_annotation_store_undo (store));
  g_test_assert_expected_messages ();
  gait_annotation_store_end_group (store);
}

static void
test_redo_cleared (void)
{
  GaitCycle cycles[] = {
    make_cycle ("LF", 0, 30, -1, GAIT_CYCLE_DETECTED),
    make_cycle ("LF", 30, 60, -1, GAIT_CYCLE_DETECTED),
  };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, G_N_ELEMENTS (cycles));
  GaitAnnotation *a = item (store, 0);
  GaitAnnotation *b = item (store, 1);
  guint n_can_undo = 0, n_can_redo = 0;

  g_signal_connect (store, "notify::can-undo", G_CALLBACK (count_notify), &n_can_undo);
  g_signal_connect (store, "notify::can-redo", G_CALLBACK (count_notify), &n_can_redo);

  gait_annotation_store_set_state (store, a, GAIT_CYCLE_ACCEPTED);
  gait_annotation_store_set_state (store, b, GAIT_CYCLE_ACCEPTED);
  g_assert_cmpuint (n_can_undo, ==, 1);
  g_assert_true (gait_annotation_store_undo (store));
  g_assert_true (gait_annotation_store_undo (store));
  g_assert_cmpuint (n_can_undo, ==, 2);
  g_assert_cmpuint (n_can_redo, ==, 1);
  g_assert_true (gait_annotation_store_redo (store));
  g_assert_true (gait_annotation_store_get_can_redo (store));

  /* a new command drops what could be redone */
  gait_annotation_store_set_state (store, b, GAIT_CYCLE_REJECTED);
  g_assert_false (gait_annotation_store_get_can_redo (store));
  g_assert_cmpuint (n_can_redo, ==, 2);
  g_assert_false (gait_annotation_store_redo (store));
  g_assert_cmpint (gait_annotation_get_state (a), ==, GAIT_CYCLE_ACCEPTED);
  g_assert_cmpint (gait_annotation_get_state (b), ==, GAIT_CYCLE_REJECTED);

  g_assert_true (gait_annotation_store_undo (store));
  g_assert_true (gait_annotation_store_undo (store));
  g_assert_false (gait_annotation_store_undo (store));
  g_assert_cmpint (gait_annotation_get_state (a), ==, GAIT_CYCLE_DETECTED);
  g_assert_cmpint (gait_annotation_get_state (b), ==, GAIT_CYCLE_DETECTED);

  gait_annotation_store_clear_history (store);
  g_assert_false (gait_annotation_store_get_can_undo (store));
  g_assert_false (gait_annotation_store_get_can_redo (store));
}

/* replace_detected */

typedef struct
{
  const char *limb;
  gint64      start;
  gint64      end;
  gboolean    kept;
} DetectCase;

static void
test_replace_detected (void)
{
  /* reviewed: LF 100–200 in each reviewed state, on separate stretches */
  GaitCycle cycles[] = {
    make_cycle ("LF", 100, 200, -1, GAIT_CYCLE_ACCEPTED),
    make_cycle ("LF", 1100, 1200, -1, GAIT_CYCLE_REJECTED),
    make_cycle ("LF", 2100, 2200, -1, GAIT_CYCLE_EDITED),
    make_cycle ("LF", 3100, 3200, -1, GAIT_CYCLE_ADDED),
    make_cycle ("LF", 5000, 5100, -1, GAIT_CYCLE_DETECTED),
    make_cycle ("RF", 100, 200, -1, GAIT_CYCLE_DETECTED),
  };
  /* relative to each reviewed cycle at base + 100 … base + 200 */
  static const DetectCase cases[] = {
    { "LF", 100, 200, FALSE },     /* the same */
    { "LF", 180, 280, TRUE },      /* overlap 20 of 100: exactly 20 %, kept */
    { "LF", 179, 279, FALSE },     /* 21 % */
    { "LF", 20, 121, FALSE },      /* 21 % at the front */
    { "LF", 20, 120, TRUE },       /* 20 % */
    { "LF", 150, 160, FALSE },     /* inside: 100 % of the shorter */
    { "LF", 50, 350, FALSE },      /* around */
    { "LF", 200, 300, TRUE },      /* shares the boundary frame only */
    { "LF", 0, 100, TRUE },
    { "RH", 100, 200, TRUE },      /* another limb */
  };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, G_N_ELEMENTS (cycles));
  g_autoptr(Mirror) mirror = mirror_new (store);
  g_autoptr(Snapshot) before = snapshot_take (store);
  g_autoptr(Snapshot) after = NULL;
  g_autoptr(GArray) detected = g_array_new (FALSE, FALSE, sizeof (GaitCycle));
  guint expected_kept = 0;
  guint added;

  for (guint r = 0; r < 4; r++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        GaitCycle c = make_cycle (cases[i].limb, r * 1000 + cases[i].start,
                                  r * 1000 + cases[i].end, -1, GAIT_CYCLE_ACCEPTED);

        c.method = GAIT_METHOD_SEED;
        g_array_append_val (detected, c);
        expected_kept += cases[i].kept;
      }

  /* one invalid, left out with a warning */
  {
    GaitCycle bad = make_cycle ("LF", 9000, 8000, -1, GAIT_CYCLE_DETECTED);

    g_array_append_val (detected, bad);
  }

  g_test_expect_message (NULL, G_LOG_LEVEL_WARNING, "*not after*");
  added = gait_annotation_store_replace_detected (store, (GaitCycle *)(gpointer)detected->data,
                                                  detected->len);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (added, ==, expected_kept);
  g_assert_cmpuint (n_items (store), ==, 4 + expected_kept);
  g_assert_cmpuint (gait_annotation_store_get_n_unreviewed (store), ==, expected_kept);
  g_assert_cmpuint (mirror->n_changed, ==, 1);

  /* the reviewed ones are the same objects, unchanged; the detected ones gone */
  for (guint i = 0; i < before->items->len; i++)
    {
      GaitAnnotation *a = g_ptr_array_index (before->items, i);
      gboolean listed = gait_annotation_store_get_position (store, a, NULL);

      g_assert_cmpint (listed, ==, gait_annotation_get_state (a) != GAIT_CYCLE_DETECTED);
      if (listed)
        assert_cycle_same (gait_annotation_get_cycle (a), &g_array_index (before->cycles, GaitCycle, i));
    }

  /* the new ones are unreviewed, whatever state the detector gave */
  for (guint i = 0; i < n_items (store); i++)
    {
      GaitAnnotation *a = item (store, i);

      if (gait_annotation_get_method (a) == GAIT_METHOD_SEED)
        g_assert_cmpint (gait_annotation_get_state (a), ==, GAIT_CYCLE_DETECTED);
      else
        g_assert_cmpint (gait_annotation_get_state (a), !=, GAIT_CYCLE_DETECTED);
    }

  /* which ones were kept */
  for (guint r = 0; r < 4; r++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        gboolean found = FALSE;

        for (guint j = 0; j < n_items (store); j++)
          {
            const GaitCycle *c = gait_annotation_get_cycle (item (store, j));

            if (c->method == GAIT_METHOD_SEED && strcmp (c->limb, cases[i].limb) == 0 &&
                c->start == r * 1000 + cases[i].start && c->end == r * 1000 + cases[i].end)
              found = TRUE;
          }
        g_assert_cmpint (found, ==, cases[i].kept);
      }

  after = snapshot_take (store);
  g_assert_true (gait_annotation_store_undo (store));
  assert_snapshot (store, before);
  g_assert_true (gait_annotation_store_redo (store));
  assert_snapshot (store, after);

  /* re-running again replaces the detected ones only */
  added = gait_annotation_store_replace_detected (store, NULL, 0);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (n_items (store), ==, 4);
  g_assert_cmpuint (gait_annotation_store_get_n_unreviewed (store), ==, 0);
  g_assert_true (gait_annotation_store_undo (store));
  assert_snapshot (store, after);
}

static void
test_find (void)
{
  GaitCycle cycles[] = {
    make_cycle ("LF", 0, 30, -1, GAIT_CYCLE_ACCEPTED),
    make_cycle ("LF", 30, 60, -1, GAIT_CYCLE_DETECTED),
    make_cycle ("RF", 10, 40, -1, GAIT_CYCLE_DETECTED),
    make_cycle ("LF", 200, 900, -1, GAIT_CYCLE_DETECTED),  /* long */
    make_cycle ("LF", 400, 420, -1, GAIT_CYCLE_REJECTED),  /* inside it */
    make_cycle ("RH", 1000, 1030, -1, GAIT_CYCLE_DETECTED),
  };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, G_N_ELEMENTS (cycles));
  struct {
    const char *limb;
    gint64      frame;
    int         cycle;   /* index in cycles, or -1 */
  } finds[] = {
    { "LF", -1, -1 },
    { "LF", 0, 0 },
    { "LF", 29, 0 },
    { "LF", 30, 1 },     /* the shared frame belongs to the later cycle */
    { "LF", 59, 1 },
    { "LF", 60, -1 },
    { "RF", 30, 2 },
    { "RF", 40, -1 },
    { "LF", 399, 3 },
    { "LF", 400, 4 },    /* the one that starts last */
    { "LF", 420, 3 },
    { "LF", 899, 3 },
    { "RH", 1029, 5 },
    { "XX", 10, -1 },
  };
  struct {
    gint64   frame;
    gboolean forward;
    int      cycle;
  } nexts[] = {
    { -1, TRUE, 2 },
    { 10, TRUE, 1 },     /* starting at the frame does not count */
    { 30, TRUE, 3 },
    { 200, TRUE, 5 },
    { 1000, TRUE, -1 },
    { G_MAXINT64, FALSE, 5 },
    { 1000, FALSE, 3 },
    { 200, FALSE, 1 },
    { 30, FALSE, 2 },
    { 10, FALSE, -1 },
    { G_MININT64, FALSE, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (finds); i++)
    {
      GaitAnnotation *a = gait_annotation_store_find (store, finds[i].limb, finds[i].frame);

      if (finds[i].cycle < 0)
        g_assert_null (a);
      else
        assert_cycle_same (gait_annotation_get_cycle (a), &cycles[finds[i].cycle]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (nexts); i++)
    {
      GaitAnnotation *a = gait_annotation_store_find_next_unreviewed (store, nexts[i].frame,
                                                                      nexts[i].forward);

      if (nexts[i].cycle < 0)
        g_assert_null (a);
      else
        assert_cycle_same (gait_annotation_get_cycle (a), &cycles[nexts[i].cycle]);
    }
}

static void
test_get_cycles (void)
{
  GaitCycle cycles[] = {
    make_cycle ("RF", 10, 40, -1, GAIT_CYCLE_DETECTED),
    make_cycle ("LF", 10, 40, -1, GAIT_CYCLE_DETECTED),
    make_cycle ("LF", 0, 30, -1, GAIT_CYCLE_ACCEPTED),
    make_cycle ("LF", 10, 35, -1, GAIT_CYCLE_DETECTED),
  };
  const int order[] = { 2, 3, 1, 0 };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, G_N_ELEMENTS (cycles));
  g_autoptr(GaitAnnotationStore) empty = gait_annotation_store_new ();
  g_autofree GaitCycle *copy = NULL;
  gsize n = 99;

  copy = gait_annotation_store_get_cycles (store, &n);
  g_assert_cmpuint (n, ==, 4);
  for (guint i = 0; i < n; i++)
    assert_cycle_same (&copy[i], &cycles[order[i]]);

  g_assert_null (gait_annotation_store_get_cycles (empty, &n));
  g_assert_cmpuint (n, ==, 0);
}

static void
test_reset (void)
{
  GaitCycle cycles[] = {
    make_cycle ("LF", 0, 30, -1, GAIT_CYCLE_DETECTED),
    make_cycle ("LF", 30, 60, -1, GAIT_CYCLE_ACCEPTED),
  };
  GaitCycle others[] = {
    make_cycle ("RH", 5, 30, -1, GAIT_CYCLE_EDITED),
    make_cycle ("RH", 30, 60, -1, GAIT_CYCLE_DETECTED),
    make_cycle ("RH", 60, 90, -1, GAIT_CYCLE_DETECTED),
  };
  GaitCycle bad[] = {
    make_cycle ("RH", 5, 30, -1, GAIT_CYCLE_EDITED),
    make_cycle ("RH", 30, 20, -1, GAIT_CYCLE_DETECTED),
  };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, G_N_ELEMENTS (cycles));
  g_autoptr(Mirror) mirror = mirror_new (store);
  g_autoptr(Snapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  const Event all[] = { { 0, 2, 3 } };

  gait_annotation_store_set_state (store, item (store, 0), GAIT_CYCLE_REJECTED);
  g_assert_cmpuint (mirror->n_changed, ==, 1);
  g_array_set_size (mirror->events, 0);

  g_assert_true (gait_annotation_store_reset (store, others, G_N_ELEMENTS (others), &error));
  g_assert_no_error (error);
  assert_events (mirror, all, 1);
  g_assert_cmpuint (mirror->n_changed, ==, 1);     /* not a change to save */
  g_assert_false (gait_annotation_store_get_can_undo (store));
  g_assert_cmpuint (gait_annotation_store_get_n_unreviewed (store), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    assert_cycle_same (gait_annotation_get_cycle (item (store, i)), &others[i]);

  snapshot = snapshot_take (store);
  g_assert_false (gait_annotation_store_reset (store, bad, G_N_ELEMENTS (bad), &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Cycle 2"));
  assert_snapshot (store, snapshot);
  assert_events (mirror, NULL, 0);
}

/* Random operations, checked against the mirror; then all undone and
 * redone. */

#define N_RANDOM_FRAMES 3000

static GaitCycle
random_cycle (GRand *rand)
{
  const char *limb = limbs[g_rand_int_range (rand, 0, G_N_ELEMENTS (limbs))];
  gint64 start = g_rand_int_range (rand, 0, N_RANDOM_FRAMES - 100);
  gint64 end = start + g_rand_int_range (rand, 2, 80);
  gint64 liftoff = g_rand_boolean (rand) ? g_rand_int_range (rand, start + 1, end) : -1;
  GaitCycle cycle = make_cycle (limb, start, end, liftoff,
                                g_rand_int_range (rand, 0, GAIT_CYCLE_ADDED + 1));

  cycle.method = g_rand_int_range (rand, 0, GAIT_METHOD_MANUAL + 1);
  if (g_rand_boolean (rand))
    cycle.confidence = NAN;

  return cycle;
}

static GaitAnnotation *
random_item (GaitAnnotationStore *store,
             GRand               *rand)
{
  if (n_items (store) == 0)
    return NULL;
  return item (store, g_rand_int_range (rand, 0, n_items (store)));
}

static void
random_edit (GaitAnnotationStore *store,
             GRand               *rand,
             guint               *n_commands)
{
  GaitAnnotation *a = random_item (store, rand);
  guint op = g_rand_int_range (rand, 0, 100);
  gboolean could_undo = gait_annotation_store_get_can_undo (store);

  if (op < 20)
    {
      GaitCycle cycle = random_cycle (rand);

      g_assert_nonnull (gait_annotation_store_add (store, &cycle, NULL));
    }
  else if (op < 30)
    {
      if (a != NULL)
        gait_annotation_store_remove (store, a);
    }
  else if (op < 50)
    {
      if (a != NULL)
        gait_annotation_store_set_state (store, a, g_rand_int_range (rand, 0, GAIT_CYCLE_ADDED + 1));
    }
  else if (op < 85)
    {
      if (a != NULL)
        {
          GaitBoundary which = g_rand_int_range (rand, 0, 3);
          gint64 frame = gait_annotation_get_boundary (a, which == GAIT_BOUNDARY_LIFTOFF ? GAIT_BOUNDARY_START : which)
                       + g_rand_int_range (rand, -60, 61);
          g_autoptr(GError) error = NULL;

          if (which == GAIT_BOUNDARY_LIFTOFF && g_rand_int_range (rand, 0, 5) == 0)
            frame = -1;

          if (!gait_annotation_store_move_boundary (store, a, which, frame, &error))
            g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
          else
            g_assert_no_error (error);
        }
    }
  else
    {
      guint n = g_rand_int_range (rand, 0, 40);
      g_autofree GaitCycle *cycles = g_new (GaitCycle, n + 1);

      for (guint i = 0; i < n; i++)
        cycles[i] = random_cycle (rand);
      gait_annotation_store_replace_detected (store, cycles, n);
    }

  if (gait_annotation_store_get_can_undo (store) != could_undo || could_undo)
    (*n_commands)++;
}

static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);
  g_autoptr(GArray) initial = g_array_new (FALSE, FALSE, sizeof (GaitCycle));
  g_autoptr(GaitAnnotationStore) store = NULL;
  g_autoptr(Mirror) mirror = NULL;
  g_autoptr(Snapshot) start = NULL;
  g_autoptr(Snapshot) end = NULL;
  guint n_commands = 0;
  guint n_undone = 0;
  guint n_redone = 0;
  guint depth = 0;

  for (guint i = 0; i < 300; i++)
    {
      GaitCycle cycle = random_cycle (rand);

      g_array_append_val (initial, cycle);
    }

  store = store_with ((GaitCycle *)(gpointer)initial->data, initial->len);
  gait_annotation_store_set_n_frames (store, N_RANDOM_FRAMES);
  mirror = mirror_new (store);
  start = snapshot_take (store);

  for (guint step = 0; step < 2000; step++)
    {
      guint op = g_rand_int_range (rand, 0, 100);

      if (depth == 0 && op < 10)
        gait_annotation_store_undo (store);
      else if (depth == 0 && op < 15)
        gait_annotation_store_redo (store);
      else if (op < 18 && depth < 3)
        {
          gait_annotation_store_begin_group (store);
          depth++;
        }
      else if (op < 30 && depth > 0)
        {
          gait_annotation_store_end_group (store);
          depth--;
        }
      else
        random_edit (store, rand, &n_commands);

      mirror_check (mirror);
    }

  while (depth-- > 0)
    gait_annotation_store_end_group (store);

  end = snapshot_take (store);
  g_test_message ("%u items, %u commands issued", n_items (store), n_commands);

  while (gait_annotation_store_undo (store))
    {
      n_undone++;
      mirror_check (mirror);
    }
  assert_snapshot (store, start);

  /* Redo what was undone; what had been undone before stays undone. */
  while (n_redone < n_undone)
    {
      g_assert_true (gait_annotation_store_redo (store));
      n_redone++;
      mirror_check (mirror);
    }
  assert_snapshot (store, end);
  g_assert_cmpuint (n_undone, >, 100);
  g_test_message ("%u commands undone and redone", n_undone);
}

/* Session files */

static const char * const odd_limbs[] = {
  "left fore",
  "Vorderbein links ü",
  "前肢",
  "two\nlines",
  "semi;colon",
  "back\\slash",
  "  leading and trailing  ",
  "\ttab",
  "[End]",
  "# not a comment",
  "key=value",
  "\\s",
  "carriage\rreturn",
};

static GaitAnnotationStore *
make_session_store (GRand *rand,
                    guint  n_cycles)
{
  g_autoptr(GArray) cycles = g_array_new (FALSE, FALSE, sizeof (GaitCycle));
  GaitAnnotationStore *store;

  for (guint i = 0; i < n_cycles; i++)
    {
      const char *limb = odd_limbs[i % G_N_ELEMENTS (odd_limbs)];
      gint64 start = (gint64)i * 37 % 100000;
      GaitCycle cycle = make_cycle (limb, start, start + 10 + i % 50, -1, i % (GAIT_CYCLE_ADDED + 1));

      cycle.method = i % (GAIT_METHOD_MANUAL + 1);
      if (i % 3 == 0)
        cycle.liftoff = start + 5;
      switch (i % 5)
        {
        case 0:
          cycle.procrustes = NAN;
          cycle.confidence = NAN;
          cycle.stride_length = NAN;
          cycle.n_landmarks = 0;
          break;

        case 1:
          cycle.procrustes = g_rand_double (rand);
          cycle.confidence = g_rand_double (rand);
          cycle.stride_length = g_rand_double_range (rand, 0, 500);
          break;

        case 2:
          cycle.procrustes = 1e-300;
          cycle.confidence = 0.1;
          cycle.stride_length = -0.0;
          cycle.n_landmarks = G_MAXUINT;
          break;

        case 3:
          cycle.procrustes = (float)g_rand_double (rand);   /* DeepLabCut's floats */
          cycle.confidence = 1;
          cycle.stride_length = 1.7976931348623157e308;
          break;

        default:
          break;
        }
      g_array_append_val (cycles, cycle);
    }

  store = store_with ((GaitCycle *)(gpointer)cycles->data, cycles->len);
  gait_annotation_store_set_n_frames (store, 200000);

  return store;
}

static void
make_session_info (GaitSessionInfo *info,
                   const char      *tmpdir)
{
  gait_session_info_init (info);
  info->tracking = g_build_filename (tmpdir, "piglet 1.csv", NULL);
  info->video = g_build_filename (tmpdir, "videos", "piglet ü 1.mp4", NULL);
  info->fps = 30000.0 / 1001.0;
  info->profile = g_strdup ("Piglet; side view\n(custom)");
  info->mm_per_px = 0.0421;
  info->has_params = TRUE;
  gait_detect_params_init (&info->params, GAIT_METHOD_TOUCHDOWN);
  info->params.likelihood_cutoff = 0.6;
  info->params.savgol_window = 21;
  info->params.threshold = 0.123456789;
  info->params.max_interval = G_MAXUINT;

  /* the window's trace definitions: a landmark whose name needs escapes */
  info->traces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (info->traces, g_strsplit ("landmark| hoof;left\\front|raw|keep", "|", -1));
  g_ptr_array_add (info->traces, g_strsplit ("intensity|320.5|240|disc|4|normalise|detrend", "|", -1));
}

static void
assert_stores_same (GaitAnnotationStore *a,
                    GaitAnnotationStore *b)
{
  g_assert_cmpuint (n_items (a), ==, n_items (b));
  for (guint i = 0; i < n_items (a); i++)
    assert_cycle_same (gait_annotation_get_cycle (item (a, i)),
                       gait_annotation_get_cycle (item (b, i)));
  g_assert_cmpint (gait_annotation_store_get_n_frames (a), ==, gait_annotation_store_get_n_frames (b));
}

static void
test_session_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *tmpdir = gait_test_make_tmpdir ("gait-session-XXXXXX");
  g_autofree char *subdir = g_build_filename (tmpdir, "sessions", NULL);
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *old_locale = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autoptr(GaitAnnotationStore) store = make_session_store (rand, 200);
  g_autoptr(GaitAnnotationStore) loaded = gait_annotation_store_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GaitSessionInfo) info = { 0 };
  g_auto(GaitSessionInfo) read = { 0 };
  g_autofree char *expected_video = NULL;

  make_session_info (&info, tmpdir);
  gait_session_info_init (&read);
  g_assert_cmpint (g_mkdir (subdir, 0755), ==, 0);

  /* beside the tracking file */
  path = gait_session_file_path_for_tracking (info.tracking);
  g_assert_true (g_str_has_suffix (path, "piglet 1.csv.gaitline"));

  setlocale (LC_NUMERIC, "de_DE.UTF-8");
  g_assert_true (gait_session_file_save (path, &info, store, &error));
  setlocale (LC_NUMERIC, old_locale);
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &data, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (strstr (data, "[Gaitline]"), "[Gaitline]\nversion=1\n"));
  g_assert_nonnull (strstr (data, "\ntracking=piglet 1.csv\n"));
  g_assert_nonnull (strstr (data, "\nvideo=videos/piglet ü 1.mp4\n"));
  g_assert_nonnull (strstr (data, "\nprofile=Piglet; side view\\n(custom)\n"));
  g_assert_nonnull (strstr (data, "\nfps=29.97002997002997\n"));
  g_assert_nonnull (strstr (data, "\nframes=200000\n"));
  g_assert_nonnull (strstr (data, "\nmm-per-px=0.0421\n"));
  g_assert_nonnull (strstr (data, "\n\n[Traces]\n"
                                  "trace0=landmark;\\shoof\\;left\\\\front;raw;keep;\n"
                                  "trace1=intensity;320.5;240;disc;4;normalise;detrend;\n"
                                  "\n[End]\n"));
  g_assert_true (g_str_has_suffix (data, "\n[End]\n"));

  setlocale (LC_NUMERIC, "de_DE.UTF-8");
  g_assert_true (gait_session_file_load (path, &read, loaded, &error));
  setlocale (LC_NUMERIC, old_locale);
  g_assert_no_error (error);

  assert_stores_same (store, loaded);
  g_assert_false (gait_annotation_store_get_can_undo (loaded));
  g_assert_cmpstr (read.tracking, ==, info.tracking);
  g_assert_cmpstr (read.video, ==, info.video);
  g_assert_cmpfloat (read.fps, ==, info.fps);
  g_assert_cmpstr (read.profile, ==, info.profile);
  g_assert_cmpfloat (read.mm_per_px, ==, info.mm_per_px);
  g_assert_true (read.has_params);
  g_assert_cmpmem (&read.params, sizeof read.params, &info.params, sizeof info.params);
  g_assert_nonnull (read.traces);
  g_assert_cmpuint (read.traces->len, ==, info.traces->len);
  for (guint i = 0; i < info.traces->len; i++)
    g_assert_true (g_strv_equal (g_ptr_array_index (read.traces, i), g_ptr_array_index (info.traces, i)));

  /* from another directory: ../ */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (subdir, "review.gaitline", NULL);
  g_assert_true (gait_session_file_save (path, &info, store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (path, &data, NULL, &error));
  g_assert_nonnull (strstr (data, "\ntracking=../piglet 1.csv\n"));
  gait_session_info_clear (&read);
  g_assert_true (gait_session_file_load (path, &read, loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (read.tracking, ==, info.tracking);
  expected_video = g_build_filename (tmpdir, "videos", "piglet ü 1.mp4", NULL);
  g_assert_cmpstr (read.video, ==, expected_video);
  assert_stores_same (store, loaded);

  /* no info, no frames, no cycles */
  {
    g_autoptr(GaitAnnotationStore) empty = gait_annotation_store_new ();

    g_assert_true (gait_session_file_save (path, NULL, empty, &error));
    g_assert_no_error (error);
    gait_session_info_clear (&read);
    g_assert_true (gait_session_file_load (path, &read, loaded, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_items (loaded), ==, 0);
    g_assert_null (read.tracking);
    g_assert_null (read.video);
    g_assert_null (read.profile);
    g_assert_cmpfloat (read.fps, ==, 0);
    g_assert_false (read.has_params);
  }

  gait_test_remove_tree (tmpdir);
}

/* The format, by example. */
static void
test_session_example (void)
{
  GaitCycle cycles[] = {
    make_cycle ("LF", 10, 40, 28, GAIT_CYCLE_ACCEPTED),
    make_cycle ("right; hind", 12, 45, -1, GAIT_CYCLE_DETECTED),
  };
  g_autoptr(GaitAnnotationStore) store = NULL;
  g_auto(GaitSessionInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  cycles[0].method = GAIT_METHOD_SEED;
  cycles[0].confidence = 0.93;
  cycles[0].procrustes = 0.0123;
  cycles[0].stride_length = 123.456;
  cycles[1].confidence = NAN;
  cycles[1].procrustes = NAN;
  cycles[1].n_landmarks = 0;
  cycles[1].stride_length = NAN;
  store = store_with (cycles, G_N_ELEMENTS (cycles));
  gait_annotation_store_set_n_frames (store, 1800);

  gait_session_info_init (&info);
  info.tracking = g_strdup ("/data/piglet.csv");
  info.video = g_strdup ("/data/piglet.mp4");
  info.fps = 59.94;
  info.profile = g_strdup ("Piglet, side view");
  info.has_params = TRUE;
  gait_detect_params_init (&info.params, GAIT_METHOD_SEED);

  data = gait_session_file_to_data ("/data/piglet.csv.gaitline", &info, store, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", data);

  g_assert_cmpstr (data, ==,
                   "# Gaitline review session: the stride cycles of one recording and where\n"
                   "# each stands in review. The last line must be [End]; without it the\n"
                   "# file counts as incomplete.\n"
                   "[Gaitline]\n"
                   "version=1\n"
                   "tracking=piglet.csv\n"
                   "video=piglet.mp4\n"
                   "fps=59.94\n"
                   "frames=1800\n"
                   "profile=Piglet, side view\n"
                   "\n"
                   "[Detection]\n"
                   "method=seed\n"
                   "fps=0\n"
                   "likelihood-cutoff=0.9\n"
                   "savgol-window=15\n"
                   "savgol-order=3\n"
                   "gradient-spacing=5\n"
                   "threshold=1\n"
                   "min-width=1\n"
                   "max-width=15\n"
                   "min-distance=4\n"
                   "min-peak-width=2\n"
                   "max-interval=120\n"
                   "max-width-diff=6\n"
                   "min-landmarks=6\n"
                   "\n"
                   "[Cycles]\n"
                   "columns=limb;start;end;liftoff;state;method;confidence;procrustes;n-landmarks;stride-length;\n"
                   "1=LF;10;40;28;accepted;seed;0.93;0.0123;5;123.456;\n"
                   "2=right\\; hind;12;45;-1;detected;touchdown;nan;nan;0;nan;\n"
                   "\n"
                   "[End]\n");
}

static const char valid_session[] =
  "[Gaitline]\n"                                                       /* 1 */
  "version=1\n"                                                        /* 2 */
  "frames=1000\n"                                                      /* 3 */
  "\n"                                                                 /* 4 */
  "[Cycles]\n"                                                         /* 5 */
  "columns=limb;start;end;liftoff;state;method;confidence;procrustes;n-landmarks;stride-length;\n"
  "1=LF;10;40;28;accepted;seed;0.93;0.0123;5;123.456;\n"               /* 7 */
  "\n"                                                                 /* 8 */
  "[End]\n";                                                           /* 9 */

#define HEAD "[Gaitline]\nversion=1\nframes=1000\n\n[Cycles]\n" \
  "columns=limb;start;end;liftoff;state;method;confidence;procrustes;n-landmarks;stride-length;\n"
#define TAIL "\n[End]\n"

typedef struct
{
  const char *name;
  const char *data;
  gssize      length;     /* -1: strlen */
  const char *expected[3];
} BadCase;

static const BadCase bad_cases[] = {
  { "empty", "", -1, { "empty" } },
  { "white space", "\n  \n\t\n", -1, { "empty" } },
  { "plain text", "hello world\n", -1, { "not a Gaitline session file" } },
  { "CSV", "limb,start,end\nLF,1,2\n", -1, { "not a Gaitline session file" } },
  { "CSV ending in [End]", "limb,start,end\nLF,1,2\n[End]\n", -1, { "line 1", "not a Gaitline session file" } },
  { "other key file", "[Desktop Entry]\nName=x\n[End]\n", -1, { "line 1", "first group" } },
  { "key before group", "version=1\n[Gaitline]\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1,
    { "line 1", "before the first group" } },
  { "no [End]", HEAD "1=LF;10;40;28;accepted;seed;0.93;0.0123;5;123.456;\n", -1, { "incomplete", "[End]", "backup" } },
  { "text after [End]", HEAD TAIL "1=LF;10;40;28;accepted;seed;0.93;0.0123;5;123.456;\n", -1, { "incomplete" } },
  { "only a comment", "# Gaitline review session\n", -1, { "incomplete" } },
  { "no version", "[Gaitline]\nframes=1000\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1,
    { "line 1", "version" } },
  { "newer version", "[Gaitline]\nversion=2\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1,
    { "line 2", "newer", "format 2" } },
  { "version 0", "[Gaitline]\nversion=0\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1, { "line 2", "version" } },
  { "version text", "[Gaitline]\nversion=one\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1, { "line 2", "“one”" } },
  { "fps text", "[Gaitline]\nversion=1\nfps=fast\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1, { "line 3", "fps" } },
  { "fps negative", "[Gaitline]\nversion=1\nfps=-25\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1, { "line 3", "fps" } },
  { "scale negative", "[Gaitline]\nversion=1\nmm-per-px=-0.5\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1, { "line 3", "mm-per-px" } },
  { "scale not a number", "[Gaitline]\nversion=1\nmm-per-px=nan\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1, { "line 3", "mm-per-px" } },
  { "fps infinite", "[Gaitline]\nversion=1\nfps=1e999\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1, { "line 3", "fps" } },
  { "frames negative", "[Gaitline]\nversion=1\nframes=-5\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1, { "line 3", "frames" } },
  { "no cycles group", "[Gaitline]\nversion=1\n[End]\n", -1, { "no group [Cycles]" } },
  { "no columns", "[Gaitline]\nversion=1\n[Cycles]\n1=LF;1;2;detected;\n[End]\n", -1, { "line 3", "columns" } },
  { "no state column", "[Gaitline]\nversion=1\n[Cycles]\ncolumns=limb;start;end;\n[End]\n", -1, { "line 4", "no column “state”" } },
  { "column twice", "[Gaitline]\nversion=1\n[Cycles]\ncolumns=limb;start;end;state;end;\n[End]\n", -1, { "line 4", "“end” appears twice" } },
  { "too few fields", HEAD "1=LF;10;40;28;accepted;seed;0.93;0.0123;5;\n" TAIL, -1, { "line 7", "[Cycles] 1", "9 fields" } },
  { "too many fields", HEAD "1=LF;10;40;28;accepted;seed;0.93;0.0123;5;1;2;\n" TAIL, -1, { "line 7", "11 fields" } },
  { "start text", HEAD "1=LF;ten;40;28;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "start “ten”" } },
  { "start huge", HEAD "1=LF;99999999999999999999;40;28;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "start" } },
  { "start nan", HEAD "1=LF;nan;40;28;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "start" } },
  { "end before start", HEAD "1=LF;50;40;-1;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "not after" } },
  { "lift-off at start", HEAD "1=LF;10;40;10;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "lift-off" } },
  { "lift-off -2", HEAD "1=LF;10;40;-2;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "lift-off" } },
  { "beyond frames", HEAD "1=LF;10;1000;-1;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "beyond" } },
  { "unknown state", HEAD "1=LF;10;40;28;maybe;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "unknown state “maybe”" } },
  { "unknown method", HEAD "1=LF;10;40;28;accepted;magic;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "unknown method" } },
  { "confidence text", HEAD "1=LF;10;40;28;accepted;seed;high;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "confidence" } },
  { "procrustes inf", HEAD "1=LF;10;40;28;accepted;seed;0.5;inf;5;123.456;\n" TAIL, -1, { "line 7", "Procrustes" } },
  { "landmarks negative", HEAD "1=LF;10;40;28;accepted;seed;0.5;0.1;-1;123.456;\n" TAIL, -1, { "line 7", "landmark count" } },
  { "landmarks too many", HEAD "1=LF;10;40;28;accepted;seed;0.5;0.1;4294967296;123.456;\n" TAIL, -1, { "line 7", "landmark count" } },
  { "stride text", HEAD "1=LF;10;40;28;accepted;seed;0.5;0.1;5;long;\n" TAIL, -1, { "line 7", "stride length" } },
  { "no limb", HEAD "1=;10;40;28;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "no limb name" } },
  { "not UTF-8", HEAD "1=L\xff;10;40;28;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "UTF-8" } },
  { "NUL byte", HEAD "1=L\0F;10;40;28;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL,
    sizeof (HEAD "1=L\0F;10;40;28;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL) - 1, { "line 7", "NUL" } },
  { "bad escape", HEAD "1=L\\F;10;40;28;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 7", "[Cycles] 1" } },
  { "row twice", HEAD "1=LF;10;40;28;accepted;seed;0.93;0.0123;5;123.456;\n"
                      "1=LF;50;90;-1;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 8", "appears twice" } },
  { "group twice", HEAD "1=LF;10;40;28;accepted;seed;0.93;0.0123;5;123.456;\n"
                        "[Cycles]\n2=LF;50;90;-1;accepted;seed;0.93;0.0123;5;123.456;\n" TAIL, -1, { "line 8", "[Cycles]" } },
  { "garbage line", "[Gaitline]\nversion=1\ngarbage\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1,
    { "line 3", "neither" } },
  { "broken group", "[Gaitline]\nversion=1\n[Cycles\ncolumns=limb;start;end;state;\n[End]\n", -1,
    { "line 3", "group header" } },
  { "detection without method", "[Gaitline]\nversion=1\n\n[Detection]\nthreshold=2\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1,
    { "line 4", "method" } },
  { "detection unknown method", "[Gaitline]\nversion=1\n[Detection]\nmethod=guess\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1,
    { "line 4", "unknown method “guess”" } },
  { "detection negative window", "[Gaitline]\nversion=1\n[Detection]\nmethod=seed\nsavgol-window=-3\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1,
    { "line 5", "savgol-window" } },
  { "detection nan threshold", "[Gaitline]\nversion=1\n[Detection]\nmethod=seed\nthreshold=nan\n[Cycles]\ncolumns=limb;start;end;state;\n[End]\n", -1,
    { "line 5", "threshold" } },
};

/* What GKeyFile would not read back the same (a value starting with a
 * form feed or vertical tab loses it) is refused when saving, not
 * silently changed. */
static void
test_session_unkept_space (void)
{
  GaitCycle fine[] = { make_cycle ("LF", 1, 2, -1, GAIT_CYCLE_ACCEPTED) };
  GaitCycle form_feed[] = { make_cycle ("\fLF", 1, 2, -1, GAIT_CYCLE_ACCEPTED) };
  g_autoptr(GaitAnnotationStore) good = store_with (fine, 1);
  g_autoptr(GaitAnnotationStore) bad = store_with (form_feed, 1);
  g_auto(GaitSessionInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  gait_session_info_init (&info);

  /* a limb name: the first field of its row */
  g_assert_null (gait_session_file_to_data ("/tmp/x.gaitline", &info, bad, NULL, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "form feed"));
  g_clear_error (&error);

  /* the profile's name */
  info.profile = g_strdup ("\vPiglet");
  g_assert_null (gait_session_file_to_data ("/tmp/x.gaitline", &info, good, NULL, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "profile"));
  g_clear_error (&error);
  g_clear_pointer (&info.profile, g_free);

  /* a trace's first field; later fields are list elements, kept as they are */
  info.traces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (info.traces, g_strsplit ("\flandmark|x", "|", -1));
  g_assert_null (gait_session_file_to_data ("/tmp/x.gaitline", &info, good, NULL, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_ptr_array_set_size (info.traces, 0);
  g_ptr_array_add (info.traces, g_strsplit ("landmark|\fx", "|", -1));
  text = gait_session_file_to_data ("/tmp/x.gaitline", &info, good, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\ntrace0=landmark;\fx;\n"));
}

static void
test_session_malformed (void)
{
  GaitCycle cycles[] = { make_cycle ("keep me", 1, 2, -1, GAIT_CYCLE_ACCEPTED) };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, 1);
  g_autoptr(Snapshot) before = snapshot_take (store);
  g_autoptr(GError) error = NULL;
  g_auto(GaitSessionInfo) info = { 0 };

  gait_session_info_init (&info);

  /* the base case loads */
  g_assert_true (gait_session_file_load_data (valid_session, strlen (valid_session),
                                              "valid.gaitline", &info, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      gsize length = c->length < 0 ? strlen (c->data) : (gsize)c->length;

      info.fps = 12345;
      g_assert_false (gait_session_file_load_data (c->data, length, "/some/dir/bad.gaitline",
                                                   &info, store, &error));
      g_test_message ("%s: %s", c->name, error != NULL ? error->message : "(no error)");
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
      g_assert_true (g_str_has_prefix (error->message, "“/some/dir/bad.gaitline”"));
      for (guint j = 0; j < G_N_ELEMENTS (c->expected) && c->expected[j] != NULL; j++)
        if (strstr (error->message, c->expected[j]) == NULL)
          g_error ("%s: “%s” does not say “%s”", c->name, error->message, c->expected[j]);

      /* nothing changed */
      assert_snapshot (store, before);
      g_assert_cmpfloat (info.fps, ==, 12345);
      g_clear_error (&error);
    }
}

static void
test_session_forward_compatible (void)
{
  static const char data[] =
    "# written by a later version\n"
    "[Gaitline]\n"
    "version=1\n"
    "new-key=whatever\n"
    "\n"
    "[Traces]\n"
    "LF=1;2;3;\n"
    "\n"
    "[Cycles]\n"
    "columns=quality;end;start;limb;state;\n"
    "7=good;40;10;LF;rejected;\n"
    "3=  bad ;  90 ; 50 ;RH;  EDITED ;\n"
    "\n"
    "[Later]\n"
    "x=y\n"
    "[End]\r\n";
  g_autoptr(GaitAnnotationStore) store = gait_annotation_store_new ();
  g_autoptr(GError) error = NULL;
  GaitCycle expected[2];

  g_assert_true (gait_session_file_load_data (data, strlen (data), "later.gaitline", NULL, store, &error));
  g_assert_no_error (error);

  expected[0] = make_cycle ("LF", 10, 40, -1, GAIT_CYCLE_REJECTED);
  expected[1] = make_cycle ("RH", 50, 90, -1, GAIT_CYCLE_EDITED);
  for (guint i = 0; i < 2; i++)
    {
      expected[i].method = GAIT_METHOD_MANUAL;
      expected[i].procrustes = NAN;
      expected[i].confidence = NAN;
      expected[i].stride_length = NAN;
      expected[i].n_landmarks = 0;
    }

  g_assert_cmpuint (n_items (store), ==, 2);
  assert_cycle_same (gait_annotation_get_cycle (item (store, 0)), &expected[0]);
  assert_cycle_same (gait_annotation_get_cycle (item (store, 1)), &expected[1]);
}

static void
test_session_truncated (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GaitAnnotationStore) store = make_session_store (rand, 40);
  g_autoptr(GaitAnnotationStore) target = NULL;
  g_autoptr(Snapshot) before = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GaitSessionInfo) info = { 0 };
  GaitCycle keep = make_cycle ("keep me", 1, 2, -1, GAIT_CYCLE_ACCEPTED);
  gsize length;
  guint n_loaded = 0;

  make_session_info (&info, "/tmp");
  data = gait_session_file_to_data ("/tmp/x.gaitline", &info, store, &length, &error);
  g_assert_no_error (error);

  target = store_with (&keep, 1);
  before = snapshot_take (target);

  for (gsize n = 0; n < length; n++)
    {
      g_autofree char *prefix = g_strndup (data, n);   /* not NUL-terminated at n: copy */

      if (gait_session_file_load_data (prefix, n, "/tmp/x.gaitline", NULL, target, &error))
        {
          /* only the file without its last newline: all there */
          g_assert_cmpuint (n, ==, length - 1);
          assert_stores_same (store, target);
          n_loaded++;
          continue;
        }

      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "x.gaitline"));
      if (n > 0)
        g_assert_nonnull (strstr (error->message, "incomplete"));
      g_clear_error (&error);
      assert_snapshot (target, before);
    }

  g_assert_cmpuint (n_loaded, ==, 1);
  g_test_message ("%" G_GSIZE_FORMAT " truncations of a %" G_GSIZE_FORMAT "-byte file checked",
                  length, length);
}

static void
test_session_backup (void)
{
  g_autofree char *tmpdir = gait_test_make_tmpdir ("gait-session-XXXXXX");
  g_autofree char *path = g_build_filename (tmpdir, "track.csv.gaitline", NULL);
  g_autofree char *backup = gait_session_file_backup_path (path);
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GaitCycle cycles[] = { make_cycle ("LF", 10, 40, -1, GAIT_CYCLE_DETECTED) };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, 1);
  g_autoptr(GaitAnnotationStore) loaded = gait_annotation_store_new ();

  g_assert_cmpstr (backup + strlen (path), ==, "~");

  /* the first save has nothing to back up */
  g_assert_true (gait_session_file_save (path, NULL, store, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (path, &v1, NULL, NULL));

  gait_annotation_store_set_state (store, item (store, 0), GAIT_CYCLE_ACCEPTED);
  g_assert_true (gait_session_file_save (path, NULL, store, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &v2, NULL, NULL));
  g_assert_cmpstr (v1, !=, v2);
  g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, v1);
  g_clear_pointer (&contents, g_free);

  /* the file gets cut short (a crash, a full disk, a careless copy) */
  g_assert_true (g_file_set_contents (path, v2, strlen (v2) / 2, NULL));
  g_assert_false (gait_session_file_load (path, NULL, loaded, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "incomplete"));
  g_clear_error (&error);

  /* the backup loads */
  g_assert_true (gait_session_file_load (backup, NULL, loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gait_annotation_get_state (item (loaded, 0)), ==, GAIT_CYCLE_DETECTED);

  /* saving over a damaged file keeps the good backup */
  gait_annotation_store_set_state (store, item (store, 0), GAIT_CYCLE_REJECTED);
  g_assert_true (gait_session_file_save (path, NULL, store, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, v1);
  g_assert_true (gait_session_file_load (path, NULL, loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gait_annotation_get_state (item (loaded, 0)), ==, GAIT_CYCLE_REJECTED);

  /* missing file */
  g_assert_false (gait_session_file_load (backup + 1, NULL, loaded, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  gait_test_remove_tree (tmpdir);
}

typedef struct
{
  GError   *error;
  gboolean  done;
} Saved;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Saved *saved = user_data;

  g_assert_null (object);
  saved->done = TRUE;
  if (!gait_session_file_save_finish (result, &saved->error))
    g_assert_nonnull (saved->error);
}

static void
test_session_async (void)
{
  g_autofree char *tmpdir = gait_test_make_tmpdir ("gait-session-XXXXXX");
  g_autofree char *path = g_build_filename (tmpdir, "async.gaitline", NULL);
  g_autofree char *bad_path = g_build_filename (tmpdir, "no-such-dir", "x.gaitline", NULL);
  GaitCycle cycles[] = { make_cycle ("LF", 10, 40, -1, GAIT_CYCLE_DETECTED) };
  g_autoptr(GaitAnnotationStore) store = store_with (cycles, 1);
  g_autoptr(GaitAnnotationStore) loaded = gait_annotation_store_new ();
  g_autoptr(GError) error = NULL;
  Saved saved = { 0 };

  gait_session_file_save_async (path, NULL, store, NULL, saved_cb, &saved);
  /* the store may change at once: the text is made before returning */
  gait_annotation_store_set_state (store, item (store, 0), GAIT_CYCLE_ACCEPTED);
  while (!saved.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (saved.error);

  g_assert_true (gait_session_file_load (path, NULL, loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gait_annotation_get_state (item (loaded, 0)), ==, GAIT_CYCLE_DETECTED);

  saved.done = FALSE;
  gait_session_file_save_async (bad_path, NULL, store, NULL, saved_cb, &saved);
  while (!saved.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (saved.error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&saved.error);

  gait_test_remove_tree (tmpdir);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static gint64
median (gint64 *t,
        guint   n)
{
  qsort (t, n, sizeof *t, compare_gint64);
  return t[n / 2];
}

/* Autosave speed: reported, not asserted. */
static void
test_session_speed (void)
{
  enum { N_CYCLES = 5000, N_RUNS = 9 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autofree char *tmpdir = gait_test_make_tmpdir ("gait-session-XXXXXX");
  g_autofree char *path = g_build_filename (tmpdir, "speed.gaitline", NULL);
  g_autoptr(GaitAnnotationStore) store = gait_annotation_store_new ();
  g_autoptr(GaitAnnotationStore) loaded = gait_annotation_store_new ();
  g_autoptr(GArray) cycles = g_array_new (FALSE, FALSE, sizeof (GaitCycle));
  g_autoptr(GError) error = NULL;
  g_auto(GaitSessionInfo) info = { 0 };
  gint64 cold, t0;
  gint64 format[N_RUNS], save[N_RUNS], load[N_RUNS], edit[N_RUNS];
  gsize length = 0;

  /* realistic: detector output, four limbs, measurements of all kinds */
  for (guint i = 0; i < N_CYCLES; i++)
    {
      gint64 start = (i / 4) * 30 + g_rand_int_range (rand, 0, 10);
      GaitCycle cycle = make_cycle (limbs[i % 4], start, start + 25 + g_rand_int_range (rand, 0, 10),
                                    start + 15, i % 7 == 0 ? GAIT_CYCLE_ACCEPTED : GAIT_CYCLE_DETECTED);

      cycle.procrustes = g_rand_double (rand) * 0.05;
      cycle.confidence = g_rand_double (rand);
      cycle.stride_length = g_rand_double_range (rand, 50, 200);
      g_array_append_val (cycles, cycle);
    }
  gait_annotation_store_reset (store, (GaitCycle *)(gpointer)cycles->data, cycles->len, &error);
  g_assert_no_error (error);
  make_session_info (&info, tmpdir);

  t0 = g_get_monotonic_time ();
  g_free (gait_session_file_to_data (path, &info, store, &length, &error));
  cold = g_get_monotonic_time () - t0;
  g_assert_no_error (error);

  for (guint run = 0; run < N_RUNS; run++)
    {
      GaitAnnotation *a = item (store, g_rand_int_range (rand, 0, N_CYCLES));

      t0 = g_get_monotonic_time ();
      gait_annotation_store_set_state (store, a, run % 2 ? GAIT_CYCLE_REJECTED : GAIT_CYCLE_ACCEPTED);
      edit[run] = g_get_monotonic_time () - t0;

      t0 = g_get_monotonic_time ();
      g_free (gait_session_file_to_data (path, &info, store, &length, &error));
      format[run] = g_get_monotonic_time () - t0;

      t0 = g_get_monotonic_time ();
      g_assert_true (gait_session_file_save (path, &info, store, &error));
      save[run] = g_get_monotonic_time () - t0;
      g_assert_no_error (error);

      t0 = g_get_monotonic_time ();
      g_assert_true (gait_session_file_load (path, NULL, loaded, &error));
      load[run] = g_get_monotonic_time () - t0;
      g_assert_no_error (error);
    }

  assert_stores_same (store, loaded);

  g_test_message ("%d cycles, %" G_GSIZE_FORMAT " bytes: first format %.2f ms; after an edit "
                  "(median of %d): edit %.3f ms, format %.2f ms, save (format, backup, atomic "
                  "write with fsync) %.2f ms, load (read, parse, reset) %.2f ms",
                  N_CYCLES, length, cold / 1000.0, N_RUNS,
                  median (edit, N_RUNS) / 1000.0, median (format, N_RUNS) / 1000.0,
                  median (save, N_RUNS) / 1000.0, median (load, N_RUNS) / 1000.0);

  gait_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/annotation/properties", test_annotation_properties);
  g_test_add_func ("/annotation/enum-types", test_enum_types);
  g_test_add_func ("/annotation/notify", test_annotation_notify);
  g_test_add_func ("/annotation-store/add", test_add);
  g_test_add_func ("/annotation-store/remove", test_remove);
  g_test_add_func ("/annotation-store/set-state", test_set_state);
  g_test_add_func ("/annotation-store/move-boundary", test_move_boundary);
  g_test_add_func ("/annotation-store/move-resorts", test_move_resorts);
  g_test_add_func ("/annotation-store/group", test_group);
  g_test_add_func ("/annotation-store/redo-cleared", test_redo_cleared);
  g_test_add_func ("/annotation-store/replace-detected", test_replace_detected);
  g_test_add_func ("/annotation-store/find", test_find);
  g_test_add_func ("/annotation-store/get-cycles", test_get_cycles);
  g_test_add_func ("/annotation-store/reset", test_reset);
  g_test_add_func ("/annotation-store/random", test_random);
  g_test_add_func ("/session/round-trip", test_session_round_trip);
  g_test_add_func ("/session/example", test_session_example);
  g_test_add_func ("/session/malformed", test_session_malformed);
  g_test_add_func ("/session/unkept-space", test_session_unkept_space);
  g_test_add_func ("/session/forward-compatible", test_session_forward_compatible);
  g_test_add_func ("/session/truncated", test_session_truncated);
  g_test_add_func ("/session/backup", test_session_backup);
  g_test_add_func ("/session/async", test_session_async);
  g_test_add_func ("/session/speed", test_session_speed);

  return g_test_run ();
}
