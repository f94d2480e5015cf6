/* gait-annotation-store.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "gait-annotation-private.h"
#include "gait-annotation-store.h"
#include "gait-error.h"

/**
 * GaitAnnotationStore:
 *
 * The cycles of one recording under review, as a [iface@Gio.ListModel] of
 * [class@Gait.Annotation], always sorted by start frame, then limb name,
 * then end frame (then creation order, so that equal cycles keep their
 * order through undo and redo).
 *
 * Every change is one undoable command: adding, removing, accepting or
 * rejecting a cycle, moving one of its boundaries, re-running detection.
 * [method@Gait.AnnotationStore.begin_group] and
 * [method@Gait.AnnotationStore.end_group] make one command of many, such
 * as the moves of a boundary drag. Undo keeps the annotation objects: an
 * annotation removed and brought back by undo is the same object.
 *
 * [signal@Gio.ListModel::items-changed] is exact. A change that keeps an
 * annotation at its position is reported as (position, 1, 1), so that
 * filter and sort models over the store look at it again; one that moves it
 * as its removal, then its insertion. Commands that touch many annotations
 * at once (re-running detection, undoing that, resetting) are reported as
 * one signal for the span between the first and the last position that
 * changed.
 *
 * Annotations notify their properties after the store has emitted
 * items-changed. [signal@Gait.AnnotationStore::changed] comes last, once
 * per command (once per outermost group), undo and redo. The store must
 * not be changed from an items-changed handler.
 *
 * Undo history is unlimited and kept in memory: about 160 bytes per
 * changed cycle per command.
 */

/* Commands touching more annotations than this are applied in one go. */
#define BULK_THRESHOLD 16

typedef struct
{
  GaitAnnotation *annotation;   /* owned */
  GaitCycle       before;
  GaitCycle       after;
  guint           had : 1;      /* listed before the command */
  guint           has : 1;      /* listed after it */
} Change;

typedef struct
{
  GArray     *changes;          /* of Change, one per annotation */
  GHashTable *index;            /* annotation → index + 1, while recording */
} Command;

typedef struct
{
  GaitAnnotation *annotation;
  GaitCycle       cycle;
  gboolean        listed;
} Transition;

struct _GaitAnnotationStore
{
  GObject    parent_instance;

  GPtrArray *items;             /* of GaitAnnotation, owned, sorted */
  GPtrArray *undo_stack;        /* of Command */
  GPtrArray *redo_stack;        /* of Command */
  Command   *group;             /* the command being recorded, or NULL */
  guint      group_depth;

  gint64     n_frames;
  gint64     max_span;          /* largest end - start of the items */
  guint      n_unreviewed;

  guint      can_undo : 1;
  guint      can_redo : 1;
  guint      applying : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GaitAnnotationStore, gait_annotation_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_FRAMES,
  PROP_N_ITEMS,
  PROP_N_UNREVIEWED,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
change_clear (gpointer data)
{
  Change *change = data;

  g_clear_object (&change->annotation);
}

static Command *
command_new (void)
{
  Command *command = g_new0 (Command, 1);

  command->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_array_set_clear_func (command->changes, change_clear);
  command->index = g_hash_table_new (NULL, NULL);

  return command;
}

static void
command_free (gpointer data)
{
  Command *command = data;

  g_clear_pointer (&command->changes, g_array_unref);
  g_clear_pointer (&command->index, g_hash_table_unref);
  g_free (command);
}

/* Sort order: start, limb, end, creation. */
static inline int
compare_annotations (const GaitAnnotation *a,
                     const GaitAnnotation *b)
{
  int cmp;

  if (a->cycle.start != b->cycle.start)
    return a->cycle.start < b->cycle.start ? -1 : 1;
  if (a->cycle.limb != b->cycle.limb && (cmp = strcmp (a->cycle.limb, b->cycle.limb)) != 0)
    return cmp;
  if (a->cycle.end != b->cycle.end)
    return a->cycle.end < b->cycle.end ? -1 : 1;
  if (a->serial != b->serial)
    return a->serial < b->serial ? -1 : 1;
  return 0;
}

static int
compare_annotation_ptrs (gconstpointer a,
                         gconstpointer b)
{
  return compare_annotations (*(GaitAnnotation * const *)a, *(GaitAnnotation * const *)b);
}

/* The first position whose annotation does not sort before @annotation. */
static guint
lower_bound (GaitAnnotationStore  *self,
             const GaitAnnotation *annotation)
{
  guint lo = 0;
  guint hi = self->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_annotations (g_ptr_array_index (self->items, mid), annotation) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The first position whose annotation starts after @frame. */
static guint
first_starting_after (GaitAnnotationStore *self,
                      gint64               frame)
{
  guint lo = 0;
  guint hi = self->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const GaitAnnotation *a = g_ptr_array_index (self->items, mid);

      if (a->cycle.start <= frame)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The first position of an annotation that may cover @frame. */
static guint
first_reaching (GaitAnnotationStore *self,
                gint64               frame)
{
  /* Only annotations starting after frame - max_span can end after frame. */
  if (frame < G_MININT64 + self->max_span)
    return 0;
  return first_starting_after (self, frame - self->max_span);
}

static guint
position_of (GaitAnnotationStore  *self,
             const GaitAnnotation *annotation)
{
  guint position = lower_bound (self, annotation);

  g_assert (position < self->items->len);
  g_assert (g_ptr_array_index (self->items, position) == annotation);

  return position;
}

static void
update_counts (GaitAnnotationStore *self,
               guint                old_n_items)
{
  guint n_unreviewed = 0;
  gint64 max_span = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      const GaitAnnotation *a = g_ptr_array_index (self->items, i);

      if (a->cycle.state == GAIT_CYCLE_DETECTED)
        n_unreviewed++;
      max_span = MAX (max_span, a->cycle.end - a->cycle.start);
    }

  self->max_span = max_span;

  if (old_n_items != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  if (n_unreviewed != self->n_unreviewed)
    {
      self->n_unreviewed = n_unreviewed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNREVIEWED]);
    }
}

static void
update_history (GaitAnnotationStore *self)
{
  gboolean can_undo = self->undo_stack->len > 0;
  gboolean can_redo = self->redo_stack->len > 0;

  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }

  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
}

static void
apply_one (GaitAnnotationStore *self,
           const Transition    *t)
{
  GaitAnnotation *a = t->annotation;
  gboolean present = a->store == self;
  guint old_position = 0;
  guint new_position;

  if (!present && !t->listed)
    return;

  if (present && _gait_cycle_equal (&a->cycle, &t->cycle) && t->listed)
    return;

  if (present)
    {
      old_position = position_of (self, a);
      g_ptr_array_steal_index (self->items, old_position);
      a->store = NULL;

      if (!t->listed)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
          g_object_unref (a);
          return;
        }
    }
  else
    {
      g_object_ref (a);
    }

  _gait_annotation_set_cycle (a, &t->cycle);
  new_position = lower_bound (self, a);

  if (present && new_position != old_position)
    g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);

  g_ptr_array_insert (self->items, new_position, a);
  a->store = self;

  if (present && new_position == old_position)
    g_list_model_items_changed (G_LIST_MODEL (self), new_position, 1, 1);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), new_position, 0, 1);
}

static void
apply_bulk (GaitAnnotationStore *self,
            const Transition    *transitions,
            guint                n_transitions)
{
  g_autoptr(GPtrArray) old_items = NULL;
  GPtrArray *items;
  guint old_len;
  guint new_len;
  guint prefix = 0;
  guint suffix = 0;

  /* Mark what changes; unlist what goes. */
  for (guint i = 0; i < n_transitions; i++)
    {
      const Transition *t = &transitions[i];
      GaitAnnotation *a = t->annotation;
      gboolean present = a->store == self;

      if (!present && !t->listed)
        continue;
      if (present && t->listed && _gait_cycle_equal (&a->cycle, &t->cycle))
        continue;

      a->mark = TRUE;
      if (!t->listed)
        a->store = NULL;
    }

  old_items = self->items;
  old_len = old_items->len;
  items = g_ptr_array_new_full (old_len + n_transitions, g_object_unref);

  for (guint i = 0; i < old_len; i++)
    {
      GaitAnnotation *a = g_ptr_array_index (old_items, i);

      if (a->store == self)
        g_ptr_array_add (items, g_object_ref (a));
    }

  for (guint i = 0; i < n_transitions; i++)
    {
      const Transition *t = &transitions[i];
      GaitAnnotation *a = t->annotation;

      if (!t->listed || !a->mark)
        continue;

      if (a->store != self)
        {
          a->store = self;
          g_ptr_array_add (items, g_object_ref (a));
        }

      _gait_annotation_set_cycle (a, &t->cycle);
    }

  g_ptr_array_sort (items, compare_annotation_ptrs);
  self->items = items;
  new_len = items->len;

  while (prefix < old_len && prefix < new_len
         && g_ptr_array_index (old_items, prefix) == g_ptr_array_index (items, prefix)
         && !((GaitAnnotation *)g_ptr_array_index (items, prefix))->mark)
    prefix++;

  while (suffix < old_len - prefix && suffix < new_len - prefix
         && g_ptr_array_index (old_items, old_len - 1 - suffix) == g_ptr_array_index (items, new_len - 1 - suffix)
         && !((GaitAnnotation *)g_ptr_array_index (items, new_len - 1 - suffix))->mark)
    suffix++;

  for (guint i = 0; i < n_transitions; i++)
    transitions[i].annotation->mark = FALSE;

  if (old_len - prefix - suffix > 0 || new_len - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old_len - prefix - suffix,
                                new_len - prefix - suffix);
}

/* Brings every annotation of @transitions to its state there: listed with
 * its cycle, or not listed. Emits items-changed, then the annotations'
 * notifications, then the store's.
 */
static void
apply_transitions (GaitAnnotationStore *self,
                   const Transition    *transitions,
                   guint                n_transitions,
                   gboolean             bulk)
{
  guint old_n_items = self->items->len;

  g_assert (!self->applying);

  self->applying = TRUE;

  for (guint i = 0; i < n_transitions; i++)
    {
      g_object_ref (transitions[i].annotation);
      g_object_freeze_notify (G_OBJECT (transitions[i].annotation));
    }

  if (bulk || n_transitions > BULK_THRESHOLD)
    apply_bulk (self, transitions, n_transitions);
  else
    for (guint i = 0; i < n_transitions; i++)
      apply_one (self, &transitions[i]);

  self->applying = FALSE;

  update_counts (self, old_n_items);

  for (guint i = 0; i < n_transitions; i++)
    {
      g_object_thaw_notify (G_OBJECT (transitions[i].annotation));
      g_object_unref (transitions[i].annotation);
    }
}

static void
finish_command (GaitAnnotationStore *self,
                Command             *command)
{
  GArray *changes = command->changes;
  guint n = 0;

  g_clear_pointer (&command->index, g_hash_table_unref);

  /* Drop what ended up as it began, such as a boundary dragged back. */
  for (guint i = 0; i < changes->len; i++)
    {
      Change *c = &g_array_index (changes, Change, i);

      if (c->had == c->has && (!c->had || _gait_cycle_equal (&c->before, &c->after)))
        {
          g_clear_object (&c->annotation);
          continue;
        }

      if (i != n)
        {
          g_array_index (changes, Change, n) = *c;
          c->annotation = NULL;
        }
      n++;
    }
  g_array_set_size (changes, n);

  if (n == 0)
    {
      command_free (command);
      return;
    }

  g_ptr_array_add (self->undo_stack, command);
  g_ptr_array_set_size (self->redo_stack, 0);
  update_history (self);

  g_signal_emit (self, signals[CHANGED], 0);
}

/* Records @transitions in the open command, or a new one, and applies them. */
static void
commit (GaitAnnotationStore *self,
        const Transition    *transitions,
        guint                n_transitions)
{
  if (n_transitions == 0)
    return;

  gait_annotation_store_begin_group (self);

  for (guint i = 0; i < n_transitions; i++)
    {
      const Transition *t = &transitions[i];
      GaitAnnotation *a = t->annotation;
      gpointer index = g_hash_table_lookup (self->group->index, a);
      Change *change;

      if (index == NULL)
        {
          Change c = {
            .annotation = g_object_ref (a),
            .before = a->cycle,
            .had = a->store == self,
          };

          g_array_append_val (self->group->changes, c);
          g_hash_table_insert (self->group->index, a,
                               GUINT_TO_POINTER (self->group->changes->len));
          change = &g_array_index (self->group->changes, Change,
                                   self->group->changes->len - 1);
        }
      else
        {
          change = &g_array_index (self->group->changes, Change,
                                   GPOINTER_TO_UINT (index) - 1);
        }

      change->has = t->listed;
      if (t->listed)
        change->after = t->cycle;
    }

  apply_transitions (self, transitions, n_transitions, FALSE);

  gait_annotation_store_end_group (self);
}

static void
commit_one (GaitAnnotationStore *self,
            GaitAnnotation      *annotation,
            gboolean             listed,
            const GaitCycle     *cycle)
{
  Transition t = {
    .annotation = annotation,
    .listed = listed,
  };

  if (cycle != NULL)
    t.cycle = *cycle;

  commit (self, &t, 1);
}

static GType
gait_annotation_store_get_item_type (GListModel *model)
{
  return GAIT_TYPE_ANNOTATION;
}

static guint
gait_annotation_store_get_n_items (GListModel *model)
{
  GaitAnnotationStore *self = GAIT_ANNOTATION_STORE (model);

  return self->items->len;
}

static gpointer
gait_annotation_store_get_item (GListModel *model,
                                guint       position)
{
  GaitAnnotationStore *self = GAIT_ANNOTATION_STORE (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gait_annotation_store_get_item_type;
  iface->get_n_items = gait_annotation_store_get_n_items;
  iface->get_item = gait_annotation_store_get_item;
}

static void
gait_annotation_store_dispose (GObject *object)
{
  GaitAnnotationStore *self = (GaitAnnotationStore *)object;

  g_clear_pointer (&self->group, command_free);
  self->group_depth = 0;

  if (self->undo_stack != NULL)
    g_ptr_array_set_size (self->undo_stack, 0);
  if (self->redo_stack != NULL)
    g_ptr_array_set_size (self->redo_stack, 0);

  if (self->items != NULL)
    {
      for (guint i = 0; i < self->items->len; i++)
        ((GaitAnnotation *)g_ptr_array_index (self->items, i))->store = NULL;
      g_ptr_array_set_size (self->items, 0);
    }

  G_OBJECT_CLASS (gait_annotation_store_parent_class)->dispose (object);
}

static void
gait_annotation_store_finalize (GObject *object)
{
  GaitAnnotationStore *self = (GaitAnnotationStore *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);

  G_OBJECT_CLASS (gait_annotation_store_parent_class)->finalize (object);
}

static void
gait_annotation_store_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GaitAnnotationStore *self = GAIT_ANNOTATION_STORE (object);

  switch (prop_id)
    {
    case PROP_N_FRAMES:
      g_value_set_int64 (value, gait_annotation_store_get_n_frames (self));
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    case PROP_N_UNREVIEWED:
      g_value_set_uint (value, gait_annotation_store_get_n_unreviewed (self));
      break;

    case PROP_CAN_UNDO:
      g_value_set_boolean (value, gait_annotation_store_get_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, gait_annotation_store_get_can_redo (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_annotation_store_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GaitAnnotationStore *self = GAIT_ANNOTATION_STORE (object);

  switch (prop_id)
    {
    case PROP_N_FRAMES:
      gait_annotation_store_set_n_frames (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gait_annotation_store_class_init (GaitAnnotationStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gait_annotation_store_dispose;
  object_class->finalize = gait_annotation_store_finalize;
  object_class->get_property = gait_annotation_store_get_property;
  object_class->set_property = gait_annotation_store_set_property;

  /**
   * GaitAnnotationStore:n-frames:
   *
   * The number of frames of the recording, or 0 if unknown. Boundary moves
   * are clamped to the frames, and added cycles must lie within them.
   */
  properties[PROP_N_FRAMES] =
    g_param_spec_int64 ("n-frames", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GaitAnnotationStore:n-items:
   *
   * The number of annotations.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GaitAnnotationStore:n-unreviewed:
   *
   * The number of annotations in state %GAIT_CYCLE_DETECTED.
   */
  properties[PROP_N_UNREVIEWED] =
    g_param_spec_uint ("n-unreviewed", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GaitAnnotationStore:can-undo:
   *
   * Whether there is a command to undo.
   */
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GaitAnnotationStore:can-redo:
   *
   * Whether there is an undone command to redo.
   */
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GaitAnnotationStore::changed:
   * @self: a #GaitAnnotationStore
   *
   * Emitted after every command (after the outermost group ends), undo and
   * redo that changed the annotations: the moment to save the session.
   * Not emitted by [method@Gait.AnnotationStore.reset].
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
gait_annotation_store_init (GaitAnnotationStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->undo_stack = g_ptr_array_new_with_free_func (command_free);
  self->redo_stack = g_ptr_array_new_with_free_func (command_free);
}

/**
 * gait_annotation_store_new:
 *
 * Returns: (transfer full): an empty store
 */
GaitAnnotationStore *
gait_annotation_store_new (void)
{
  return g_object_new (GAIT_TYPE_ANNOTATION_STORE, NULL);
}

/**
 * gait_annotation_store_get_n_frames:
 * @self: a #GaitAnnotationStore
 *
 * Returns: the number of frames of the recording, or 0 if unknown
 */
gint64
gait_annotation_store_get_n_frames (GaitAnnotationStore *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), 0);

  return self->n_frames;
}

/**
 * gait_annotation_store_set_n_frames:
 * @self: a #GaitAnnotationStore
 * @n_frames: the number of frames, or 0 if unknown
 *
 * Sets the frame range for boundary moves and added cycles. Annotations
 * already in the store are not checked against it.
 */
void
gait_annotation_store_set_n_frames (GaitAnnotationStore *self,
                                    gint64               n_frames)
{
  g_return_if_fail (GAIT_IS_ANNOTATION_STORE (self));
  g_return_if_fail (n_frames >= 0);

  if (self->n_frames == n_frames)
    return;

  self->n_frames = n_frames;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FRAMES]);
}

/**
 * gait_annotation_store_get_n_unreviewed:
 * @self: a #GaitAnnotationStore
 *
 * Returns: the number of annotations in state %GAIT_CYCLE_DETECTED
 */
guint
gait_annotation_store_get_n_unreviewed (GaitAnnotationStore *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), 0);

  return self->n_unreviewed;
}

/**
 * gait_annotation_store_get_can_undo:
 * @self: a #GaitAnnotationStore
 *
 * Returns: whether there is a command to undo
 */
gboolean
gait_annotation_store_get_can_undo (GaitAnnotationStore *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), FALSE);

  return self->can_undo;
}

/**
 * gait_annotation_store_get_can_redo:
 * @self: a #GaitAnnotationStore
 *
 * Returns: whether there is an undone command to redo
 */
gboolean
gait_annotation_store_get_can_redo (GaitAnnotationStore *self)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), FALSE);

  return self->can_redo;
}

/**
 * gait_annotation_store_add:
 * @self: a #GaitAnnotationStore
 * @cycle: the cycle to add, copied
 * @error: return location for a #GError
 *
 * Adds a cycle by hand. A cycle in state %GAIT_CYCLE_DETECTED becomes
 * %GAIT_CYCLE_ADDED (a person's decision, which re-running detection
 * keeps); any other state is kept.
 *
 * Fails with %GAIT_ERROR_INVALID_ARGUMENT unless the cycle has a limb,
 * 0 ≤ start < end (< [property@Gait.AnnotationStore:n-frames] if known) and
 * a lift-off of -1 or strictly between start and end.
 *
 * Returns: (transfer none) (nullable): the new annotation, or %NULL with
 *   @error set
 */
GaitAnnotation *
gait_annotation_store_add (GaitAnnotationStore  *self,
                           const GaitCycle      *cycle,
                           GError              **error)
{
  g_autoptr(GaitAnnotation) annotation = NULL;
  GaitCycle copy;

  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), NULL);
  g_return_val_if_fail (cycle != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (!self->applying, NULL);

  copy = *cycle;
  if (copy.state == GAIT_CYCLE_DETECTED)
    copy.state = GAIT_CYCLE_ADDED;

  if (!_gait_annotation_validate (&copy, self->n_frames, error))
    return NULL;

  annotation = gait_annotation_new (&copy);
  commit_one (self, annotation, TRUE, &annotation->cycle);

  /* the store and the undo history hold it now */
  return annotation;
}

/**
 * gait_annotation_store_remove:
 * @self: a #GaitAnnotationStore
 * @annotation: an annotation of @self
 *
 * Removes an annotation. Undo brings the same object back.
 */
void
gait_annotation_store_remove (GaitAnnotationStore *self,
                              GaitAnnotation      *annotation)
{
  g_return_if_fail (GAIT_IS_ANNOTATION_STORE (self));
  g_return_if_fail (GAIT_IS_ANNOTATION (annotation));
  g_return_if_fail (annotation->store == self);
  g_return_if_fail (!self->applying);

  commit_one (self, annotation, FALSE, NULL);
}

/**
 * gait_annotation_store_set_state:
 * @self: a #GaitAnnotationStore
 * @annotation: an annotation of @self
 * @state: its new state
 *
 * Accepts or rejects a cycle (or sets any other state). Nothing happens,
 * and no command is recorded, if the state does not change.
 */
void
gait_annotation_store_set_state (GaitAnnotationStore *self,
                                 GaitAnnotation      *annotation,
                                 GaitCycleState       state)
{
  GaitCycle copy;

  g_return_if_fail (GAIT_IS_ANNOTATION_STORE (self));
  g_return_if_fail (GAIT_IS_ANNOTATION (annotation));
  g_return_if_fail (annotation->store == self);
  g_return_if_fail ((guint)state <= GAIT_CYCLE_ADDED);
  g_return_if_fail (!self->applying);

  if (annotation->cycle.state == state)
    return;

  copy = annotation->cycle;
  copy.state = state;
  commit_one (self, annotation, TRUE, &copy);
}

/**
 * gait_annotation_store_move_boundary:
 * @self: a #GaitAnnotationStore
 * @annotation: an annotation of @self
 * @which: the boundary to move
 * @frame: its new frame; -1 removes the lift-off
 * @error: return location for a #GError
 *
 * Moves the start, end or lift-off of a cycle. @frame is first clamped to
 * the recording (0 … [property@Gait.AnnotationStore:n-frames] − 1, or just
 * ≥ 0 if the number of frames is unknown); the move must then keep start <
 * lift-off < end (start < end without a lift-off), else it fails with
 * %GAIT_ERROR_INVALID_ARGUMENT and changes nothing.
 *
 * The cycle becomes %GAIT_CYCLE_EDITED unless it is %GAIT_CYCLE_ADDED.
 * Moving the start or the end clears the measurements that depend on them
 * (Procrustes distance, its landmark count, stride length), which no
 * longer describe the cycle; the confidence is kept.
 *
 * The annotation may change its position in the list. Moving a boundary to
 * where it is already does nothing and records no command.
 *
 * Returns: %TRUE if the boundary is at @frame (clamped) now
 */
gboolean
gait_annotation_store_move_boundary (GaitAnnotationStore  *self,
                                     GaitAnnotation       *annotation,
                                     GaitBoundary          which,
                                     gint64                frame,
                                     GError              **error)
{
  GaitCycle copy;
  gint64 low;
  gint64 high;

  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (GAIT_IS_ANNOTATION (annotation), FALSE);
  g_return_val_if_fail (annotation->store == self, FALSE);
  g_return_val_if_fail ((guint)which <= GAIT_BOUNDARY_LIFTOFF, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!self->applying, FALSE);

  copy = annotation->cycle;

  if (!(which == GAIT_BOUNDARY_LIFTOFF && frame == -1))
    {
      frame = MAX (frame, 0);
      if (self->n_frames > 0)
        frame = MIN (frame, self->n_frames - 1);
    }

  switch (which)
    {
    case GAIT_BOUNDARY_START:
      high = copy.liftoff != -1 ? copy.liftoff : copy.end;
      if (frame >= high)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "Cannot move the start of the cycle to frame %" G_GINT64_FORMAT
                       ": it must stay before the %s at frame %" G_GINT64_FORMAT,
                       frame, copy.liftoff != -1 ? "lift-off" : "end", high);
          return FALSE;
        }
      copy.start = frame;
      break;

    case GAIT_BOUNDARY_END:
      low = copy.liftoff != -1 ? copy.liftoff : copy.start;
      if (frame <= low)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "Cannot move the end of the cycle to frame %" G_GINT64_FORMAT
                       ": it must stay after the %s at frame %" G_GINT64_FORMAT,
                       frame, copy.liftoff != -1 ? "lift-off" : "start", low);
          return FALSE;
        }
      copy.end = frame;
      break;

    case GAIT_BOUNDARY_LIFTOFF:
      if (frame != -1 && (frame <= copy.start || frame >= copy.end))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "Cannot move the lift-off of the cycle to frame %" G_GINT64_FORMAT
                       ": it must stay between the start at frame %" G_GINT64_FORMAT
                       " and the end at frame %" G_GINT64_FORMAT,
                       frame, copy.start, copy.end);
          return FALSE;
        }
      copy.liftoff = frame;
      break;

    default:
      g_assert_not_reached ();
    }

  if (copy.start == annotation->cycle.start
      && copy.end == annotation->cycle.end
      && copy.liftoff == annotation->cycle.liftoff)
    return TRUE;

  if (which != GAIT_BOUNDARY_LIFTOFF)
    {
      copy.procrustes = NAN;
      copy.n_landmarks = 0;
      copy.stride_length = NAN;
    }

  if (copy.state != GAIT_CYCLE_ADDED)
    copy.state = GAIT_CYCLE_EDITED;

  commit_one (self, annotation, TRUE, &copy);

  return TRUE;
}

/* Whether a reviewed annotation of @cycle's limb overlaps it by more than
 * GAIT_ANNOTATION_STORE_OVERLAP of the shorter of the two. */
static gboolean
overlaps_reviewed (GaitAnnotationStore *self,
                   const GaitCycle     *cycle)
{
  for (guint i = first_reaching (self, cycle->start); i < self->items->len; i++)
    {
      const GaitAnnotation *a = g_ptr_array_index (self->items, i);
      gint64 overlap;
      gint64 shorter;

      if (a->cycle.start >= cycle->end)
        break;

      if (a->cycle.state == GAIT_CYCLE_DETECTED || a->cycle.limb != cycle->limb)
        continue;

      overlap = MIN (a->cycle.end, cycle->end) - MAX (a->cycle.start, cycle->start);
      shorter = MIN (a->cycle.end - a->cycle.start, cycle->end - cycle->start);

      if (overlap > 0 && (double)overlap > GAIT_ANNOTATION_STORE_OVERLAP * (double)shorter)
        return TRUE;
    }

  return FALSE;
}

/**
 * gait_annotation_store_replace_detected:
 * @self: a #GaitAnnotationStore
 * @cycles: (array length=n_cycles): cycles from a detector
 * @n_cycles: the number of cycles
 *
 * Takes the result of re-running detection: removes every unreviewed
 * (%GAIT_CYCLE_DETECTED) annotation and adds @cycles as unreviewed, except
 * those that overlap a reviewed annotation of the same limb (accepted,
 * rejected, edited or added) by more than
 * %GAIT_ANNOTATION_STORE_OVERLAP of the shorter of the two: people's
 * decisions stand. Cycles that are not valid (see
 * [method@Gait.AnnotationStore.add]) are left out with a warning.
 *
 * One command.
 *
 * Returns: the number of cycles added
 */
guint
gait_annotation_store_replace_detected (GaitAnnotationStore *self,
                                        const GaitCycle     *cycles,
                                        gsize                n_cycles)
{
  g_autoptr(GArray) transitions = NULL;
  g_autoptr(GPtrArray) added = NULL;

  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), 0);
  g_return_val_if_fail (cycles != NULL || n_cycles == 0, 0);
  g_return_val_if_fail (!self->applying, 0);

  transitions = g_array_new (FALSE, FALSE, sizeof (Transition));
  added = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->items->len; i++)
    {
      GaitAnnotation *a = g_ptr_array_index (self->items, i);

      if (a->cycle.state == GAIT_CYCLE_DETECTED)
        {
          Transition t = { .annotation = a, .listed = FALSE };

          g_array_append_val (transitions, t);
        }
    }

  for (gsize i = 0; i < n_cycles; i++)
    {
      g_autoptr(GError) error = NULL;
      GaitCycle copy = cycles[i];
      GaitAnnotation *a;
      Transition t;

      copy.state = GAIT_CYCLE_DETECTED;

      if (!_gait_annotation_validate (&copy, self->n_frames, &error))
        {
          g_warning ("Leaving out detected cycle %" G_GSIZE_FORMAT ": %s", i, error->message);
          continue;
        }

      copy.limb = g_intern_string (copy.limb);

      if (overlaps_reviewed (self, &copy))
        continue;

      a = gait_annotation_new (&copy);
      g_ptr_array_add (added, a);

      t.annotation = a;
      t.cycle = a->cycle;
      t.listed = TRUE;
      g_array_append_val (transitions, t);
    }

  commit (self, (const Transition *)(gpointer)transitions->data, transitions->len);

  return added->len;
}

/**
 * gait_annotation_store_reset:
 * @self: a #GaitAnnotationStore
 * @cycles: (array length=n_cycles) (nullable): the new cycles
 * @n_cycles: the number of cycles
 * @error: return location for a #GError
 *
 * Replaces all annotations with @cycles, states as given, and forgets the
 * undo history: for loading a session. Every cycle must be valid (see
 * [method@Gait.AnnotationStore.add]; the number of frames is not checked),
 * else nothing changes and @error is set. Emits no
 * [signal@Gait.AnnotationStore::changed].
 *
 * Returns: %TRUE on success
 */
gboolean
gait_annotation_store_reset (GaitAnnotationStore  *self,
                             const GaitCycle      *cycles,
                             gsize                 n_cycles,
                             GError              **error)
{
  g_autoptr(GArray) transitions = NULL;
  g_autoptr(GPtrArray) added = NULL;

  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (cycles != NULL || n_cycles == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->group_depth == 0, FALSE);
  g_return_val_if_fail (!self->applying, FALSE);

  for (gsize i = 0; i < n_cycles; i++)
    {
      if (!_gait_annotation_validate (&cycles[i], 0, error))
        {
          g_prefix_error (error, "Cycle %" G_GSIZE_FORMAT ": ", i + 1);
          return FALSE;
        }
    }

  transitions = g_array_sized_new (FALSE, FALSE, sizeof (Transition),
                                   self->items->len + n_cycles);
  added = g_ptr_array_new_full (n_cycles, g_object_unref);

  for (guint i = 0; i < self->items->len; i++)
    {
      Transition t = { .annotation = g_ptr_array_index (self->items, i), .listed = FALSE };

      g_array_append_val (transitions, t);
    }

  for (gsize i = 0; i < n_cycles; i++)
    {
      GaitAnnotation *a = gait_annotation_new (&cycles[i]);
      Transition t = { .annotation = a, .cycle = a->cycle, .listed = TRUE };

      g_ptr_array_add (added, a);
      g_array_append_val (transitions, t);
    }

  gait_annotation_store_clear_history (self);

  /* Always in one go: a reset is one change for views too. */
  apply_transitions (self, (const Transition *)(gpointer)transitions->data,
                     transitions->len, TRUE);

  return TRUE;
}

/**
 * gait_annotation_store_begin_group:
 * @self: a #GaitAnnotationStore
 *
 * Starts a group: every change until the matching
 * [method@Gait.AnnotationStore.end_group] becomes one command, such as the
 * moves of a boundary drag. Changes apply at once; only undo sees them as
 * one. Groups nest. Undo and redo are not allowed inside a group.
 */
void
gait_annotation_store_begin_group (GaitAnnotationStore *self)
{
  g_return_if_fail (GAIT_IS_ANNOTATION_STORE (self));

  if (self->group_depth++ == 0)
    {
      g_assert (self->group == NULL);
      self->group = command_new ();
    }
}

/**
 * gait_annotation_store_end_group:
 * @self: a #GaitAnnotationStore
 *
 * Ends a group started with [method@Gait.AnnotationStore.begin_group]. When
 * the outermost group ends, its changes become one command (none if they
 * cancel out), the redo history is dropped and
 * [signal@Gait.AnnotationStore::changed] is emitted.
 */
void
gait_annotation_store_end_group (GaitAnnotationStore *self)
{
  g_return_if_fail (GAIT_IS_ANNOTATION_STORE (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth == 0)
    finish_command (self, g_steal_pointer (&self->group));
}

static void
replay (GaitAnnotationStore *self,
        Command             *command,
        gboolean             forward)
{
  GArray *changes = command->changes;
  g_autofree Transition *transitions = g_new0 (Transition, changes->len);

  for (guint i = 0; i < changes->len; i++)
    {
      /* undo goes backwards */
      const Change *c = &g_array_index (changes, Change, forward ? i : changes->len - 1 - i);
      Transition *t = &transitions[i];

      t->annotation = c->annotation;
      t->listed = forward ? c->has : c->had;
      t->cycle = forward ? c->after : c->before;
    }

  apply_transitions (self, transitions, changes->len, FALSE);
}

/**
 * gait_annotation_store_undo:
 * @self: a #GaitAnnotationStore
 *
 * Undoes the last command.
 *
 * Returns: %TRUE if there was one
 */
gboolean
gait_annotation_store_undo (GaitAnnotationStore *self)
{
  Command *command;

  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (self->group_depth == 0, FALSE);
  g_return_val_if_fail (!self->applying, FALSE);

  if (self->undo_stack->len == 0)
    return FALSE;

  command = g_ptr_array_steal_index (self->undo_stack, self->undo_stack->len - 1);
  replay (self, command, FALSE);
  g_ptr_array_add (self->redo_stack, command);
  update_history (self);

  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

/**
 * gait_annotation_store_redo:
 * @self: a #GaitAnnotationStore
 *
 * Redoes the last undone command.
 *
 * Returns: %TRUE if there was one
 */
gboolean
gait_annotation_store_redo (GaitAnnotationStore *self)
{
  Command *command;

  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (self->group_depth == 0, FALSE);
  g_return_val_if_fail (!self->applying, FALSE);

  if (self->redo_stack->len == 0)
    return FALSE;

  command = g_ptr_array_steal_index (self->redo_stack, self->redo_stack->len - 1);
  replay (self, command, TRUE);
  g_ptr_array_add (self->undo_stack, command);
  update_history (self);

  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

/**
 * gait_annotation_store_clear_history:
 * @self: a #GaitAnnotationStore
 *
 * Forgets every command, for undo and redo.
 */
void
gait_annotation_store_clear_history (GaitAnnotationStore *self)
{
  g_return_if_fail (GAIT_IS_ANNOTATION_STORE (self));
  g_return_if_fail (self->group_depth == 0);

  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  update_history (self);
}

/**
 * gait_annotation_store_find:
 * @self: a #GaitAnnotationStore
 * @limb: a limb name
 * @frame: a frame
 *
 * Finds the annotation of @limb that covers @frame: start ≤ @frame < end,
 * so that of two consecutive cycles the later one covers the frame they
 * share. If several do, the one that starts last.
 *
 * Returns: (transfer none) (nullable): the annotation, or %NULL
 */
GaitAnnotation *
gait_annotation_store_find (GaitAnnotationStore *self,
                            const char          *limb,
                            gint64               frame)
{
  GaitAnnotation *found = NULL;

  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), NULL);
  g_return_val_if_fail (limb != NULL, NULL);

  for (guint i = first_reaching (self, frame); i < self->items->len; i++)
    {
      GaitAnnotation *a = g_ptr_array_index (self->items, i);

      if (a->cycle.start > frame)
        break;

      if (a->cycle.end > frame && strcmp (a->cycle.limb, limb) == 0)
        found = a;
    }

  return found;
}

/**
 * gait_annotation_store_find_next_unreviewed:
 * @self: a #GaitAnnotationStore
 * @frame: where to look from
 * @forward: %TRUE to look for the next, %FALSE for the previous
 *
 * Finds the first unreviewed (%GAIT_CYCLE_DETECTED) annotation, of any
 * limb, that starts after @frame (@forward) or the last one that starts
 * before it. There is no wrapping around: look from -1 or %G_MAXINT64 for
 * that.
 *
 * Returns: (transfer none) (nullable): the annotation, or %NULL
 */
GaitAnnotation *
gait_annotation_store_find_next_unreviewed (GaitAnnotationStore *self,
                                            gint64               frame,
                                            gboolean             forward)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), NULL);

  if (forward)
    {
      for (guint i = first_starting_after (self, frame); i < self->items->len; i++)
        {
          GaitAnnotation *a = g_ptr_array_index (self->items, i);

          if (a->cycle.state == GAIT_CYCLE_DETECTED)
            return a;
        }
    }
  else if (frame > G_MININT64)
    {
      for (guint i = first_starting_after (self, frame - 1); i > 0; i--)
        {
          GaitAnnotation *a = g_ptr_array_index (self->items, i - 1);

          if (a->cycle.state == GAIT_CYCLE_DETECTED)
            return a;
        }
    }

  return NULL;
}

/**
 * gait_annotation_store_get_position:
 * @self: a #GaitAnnotationStore
 * @annotation: an annotation
 * @position: (out) (optional): its position
 *
 * Finds the position of @annotation in the list, in O(log n).
 *
 * Returns: %TRUE if @annotation is in @self
 */
gboolean
gait_annotation_store_get_position (GaitAnnotationStore *self,
                                    GaitAnnotation      *annotation,
                                    guint               *position)
{
  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (GAIT_IS_ANNOTATION (annotation), FALSE);

  if (annotation->store != self)
    return FALSE;

  if (position != NULL)
    *position = position_of (self, annotation);

  return TRUE;
}

/**
 * gait_annotation_store_get_cycles:
 * @self: a #GaitAnnotationStore
 * @n_cycles: (out): return location for the number of cycles
 *
 * Copies the cycles in list order, for export and saving.
 *
 * Returns: (transfer full) (array length=n_cycles) (nullable): the cycles,
 *   %NULL if there are none; free with g_free()
 */
GaitCycle *
gait_annotation_store_get_cycles (GaitAnnotationStore *self,
                                  gsize               *n_cycles)
{
  GaitCycle *cycles;

  g_return_val_if_fail (GAIT_IS_ANNOTATION_STORE (self), NULL);
  g_return_val_if_fail (n_cycles != NULL, NULL);

  *n_cycles = self->items->len;
  if (self->items->len == 0)
    return NULL;

  cycles = g_new (GaitCycle, self->items->len);
  for (guint i = 0; i < self->items->len; i++)
    cycles[i] = ((GaitAnnotation *)g_ptr_array_index (self->items, i))->cycle;

  return cycles;
}
