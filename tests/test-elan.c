/* test-elan.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gait-cycle.h"
#include "gait-elan.h"
#include "gait-error.h"
#include "gait-export.h"
#include "gait-test-util.h"

/* An independent reading of XML for comparisons: GMarkup events into a
 * tree of elements (attributes sorted, so compared as sets) and text runs
 * (exactly, CDATA merged in, line ends normalised as XML does). Comments
 * and processing instructions are left out. */

typedef struct _TNode TNode;

struct _TNode
{
  char      *name;      /* NULL for text */
  char      *text;
  GPtrArray *attrs;     /* sorted "NAME=value" */
  GPtrArray *children;
  TNode     *parent;
};

static void
tnode_free (gpointer data)
{
  TNode *node = data;

  g_free (node->name);
  g_free (node->text);
  g_clear_pointer (&node->attrs, g_ptr_array_unref);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

static TNode *
tnode_new (TNode *parent)
{
  TNode *node = g_new0 (TNode, 1);

  node->children = g_ptr_array_new_with_free_func (tnode_free);
  node->attrs = g_ptr_array_new_with_free_func (g_free);
  node->parent = parent;
  if (parent != NULL)
    g_ptr_array_add (parent->children, node);

  return node;
}

typedef struct
{
  TNode *root;
  TNode *current;
} TBuild;

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
t_start (GMarkupParseContext  *context,
         const char           *name,
         const char          **names,
         const char          **values,
         gpointer              user_data,
         GError              **error)
{
  TBuild *build = user_data;
  TNode *node = tnode_new (build->current);

  node->name = g_strdup (name);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (node->attrs, g_strdup_printf ("%s=%s", names[i], values[i]));
  g_ptr_array_sort (node->attrs, compare_strings);

  if (build->root == NULL)
    build->root = node;
  build->current = node;
}

static void
t_end (GMarkupParseContext  *context,
       const char           *name,
       gpointer              user_data,
       GError              **error)
{
  TBuild *build = user_data;

  build->current = build->current->parent;
}

static void
t_text (GMarkupParseContext  *context,
        const char           *text,
        gsize                 len,
        gpointer              user_data,
        GError              **error)
{
  TBuild *build = user_data;
  TNode *parent = build->current;
  g_autofree char *copy = g_strndup (text, len);
  TNode *last;

  if (parent == NULL || len == 0)
    return;

  last = parent->children->len > 0 ? g_ptr_array_index (parent->children, parent->children->len - 1) : NULL;
  if (last != NULL && last->name == NULL)
    {
      char *joined = g_strconcat (last->text, copy, NULL);

      g_free (last->text);
      last->text = joined;
    }
  else
    {
      tnode_new (parent)->text = g_steal_pointer (&copy);
    }
}

static TNode *
tnode_parse (const char *data,
             gsize       length)
{
  static const GMarkupParser parser = { t_start, t_end, t_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) normalized = g_string_new_len (data, length);
  TBuild build = { NULL, NULL };

  /* XML end-of-line handling, on the input as XML does it */
  g_string_replace (normalized, "\r\n", "\n", 0);
  g_string_replace (normalized, "\r", "\n", 0);

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &build, NULL);
  g_markup_parse_context_parse (context, normalized->str, normalized->len, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_assert_nonnull (build.root);

  return build.root;
}

static TNode *
tnode_parse_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);

  return tnode_parse (data, length);
}

static gboolean
tnode_is_blank (const TNode *node)
{
  if (node->name != NULL)
    return FALSE;

  for (const char *p = node->text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;

  return TRUE;
}

static const char *
tnode_attr (const TNode *node,
            const char  *name)
{
  gsize len = strlen (name);

  for (guint i = 0; i < node->attrs->len; i++)
    {
      const char *attr = g_ptr_array_index (node->attrs, i);

      if (strncmp (attr, name, len) == 0 && attr[len] == '=')
        return attr + len + 1;
    }

  return NULL;
}

static char *
tnode_text (const TNode *node)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < node->children->len; i++)
    {
      const TNode *child = g_ptr_array_index (node->children, i);

      if (child->name == NULL)
        g_string_append (text, child->text);
    }

  return g_string_free (text, FALSE);
}

static void
tnode_set_text (TNode      *node,
                const char *text)
{
  g_ptr_array_set_size (node->children, 0);
  tnode_new (node)->text = g_strdup (text);
}

/* NULL when equal, else where and how they differ */
static char *
tnode_diff (const TNode *a,
            const TNode *b,
            const char  *path)
{
  g_autofree char *here = NULL;

  if ((a->name == NULL) != (b->name == NULL))
    return g_strdup_printf ("%s: element against text", path);

  if (a->name == NULL)
    {
      if (strcmp (a->text, b->text) != 0)
        return g_strdup_printf ("%s: text “%s” against “%s”", path, a->text, b->text);
      return NULL;
    }

  here = g_strdup_printf ("%s/%s", path, a->name);

  if (strcmp (a->name, b->name) != 0)
    return g_strdup_printf ("%s: element <%s> against <%s>", path, a->name, b->name);

  if (a->attrs->len != b->attrs->len)
    return g_strdup_printf ("%s: %u attributes against %u", here, a->attrs->len, b->attrs->len);
  for (guint i = 0; i < a->attrs->len; i++)
    {
      if (strcmp (g_ptr_array_index (a->attrs, i), g_ptr_array_index (b->attrs, i)) != 0)
        return g_strdup_printf ("%s: attribute %s against %s", here,
                                (char *)g_ptr_array_index (a->attrs, i),
                                (char *)g_ptr_array_index (b->attrs, i));
    }

  if (a->children->len != b->children->len)
    return g_strdup_printf ("%s: %u children against %u", here, a->children->len, b->children->len);
  for (guint i = 0; i < a->children->len; i++)
    {
      char *diff = tnode_diff (g_ptr_array_index (a->children, i), g_ptr_array_index (b->children, i), here);

      if (diff != NULL)
        return diff;
    }

  return NULL;
}

static void
assert_same_tree (const TNode *a,
                  const TNode *b)
{
  g_autofree char *diff = tnode_diff (a, b, "");

  if (diff != NULL)
    g_test_message ("difference: %s", diff);
  g_assert_null (diff);
}

/* Helpers */

/* ../shared/data/@relative, which these tests need */
static char *
shared_path (const char *relative)
{
  char *path = gait_test_shared_path (relative);

  g_assert_nonnull (path);
  return path;
}

/* The shared EAF files, sorted */
static GPtrArray *
shared_eaf_files (void)
{
  g_autofree char *dir_path = shared_path ("eaf");
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".eaf"))
        g_ptr_array_add (files, g_build_filename (dir_path, name, NULL));
    }

  g_ptr_array_sort (files, compare_strings);
  g_assert_cmpuint (files->len, >=, 7);

  return files;
}

static char *
xmllint_path (void)
{
  return g_find_program_in_path ("xmllint");
}

static char *
xmllint_c14n (const char *path)
{
  g_autofree char *xmllint = xmllint_path ();
  g_autoptr(GError) error = NULL;
  const char *argv[] = { xmllint, "--nonet", "--c14n", path, NULL };
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static char *
write_temp (const char *dir,
            const char *name,
            const char *data,
            gsize       length)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);

  return path;
}

/* Whether @text, written to @tmp/@name, is valid EAF 3.0 (see
 * gait_test_eaf_validates()) */
static gboolean
eaf_text_validates (const char *tmp,
                    const char *name,
                    const char *text)
{
  g_autofree char *path = write_temp (tmp, name, text, strlen (text));

  return gait_test_eaf_validates (path);
}

static GaitCycle
make_cycle (const char     *limb,
            gint64          start,
            gint64          end,
            gint64          liftoff,
            double          confidence,
            double          procrustes,
            GaitMethod      method,
            GaitCycleState  state)
{
  GaitCycle cycle = gait_test_cycle (limb, start, end, liftoff, state);

  cycle.confidence = confidence;
  cycle.procrustes = procrustes;
  cycle.method = method;

  return cycle;
}

static void
assert_same_cycles (const GaitCycle *expected,
                    gsize            n_expected,
                    const GaitCycle *actual,
                    gsize            n_actual)
{
  g_autofree GaitCycle *sorted = g_memdup2 (expected, MAX (n_expected, 1) * sizeof *expected);

  qsort (sorted, n_expected, sizeof *sorted, gait_cycle_compare);

  g_assert_cmpuint (n_actual, ==, n_expected);
  for (gsize i = 0; i < n_expected; i++)
    {
      g_assert_cmpstr (actual[i].limb, ==, sorted[i].limb);
      g_assert_cmpint (actual[i].start, ==, sorted[i].start);
      g_assert_cmpint (actual[i].end, ==, sorted[i].end);
      g_assert_cmpint (actual[i].state, ==, sorted[i].state);
      g_assert_cmpint (actual[i].method, ==, sorted[i].method);
    }
}

/* Every TIME_SLOT_ID and ANNOTATION_ID is unique; every reference to a
 * time slot resolves. */
static void
check_ids (const TNode *root)
{
  g_autoptr(GHashTable) slots = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) annotations = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < root->children->len; i++)
    {
      TNode *node = g_ptr_array_index (root->children, i);

      if (g_strcmp0 (node->name, "TIME_ORDER") != 0)
        continue;

      for (guint k = 0; k < node->children->len; k++)
        {
          TNode *slot = g_ptr_array_index (node->children, k);

          if (slot->name != NULL)
            g_assert_true (g_hash_table_add (slots, (gpointer)tnode_attr (slot, "TIME_SLOT_ID")));
        }
    }

  for (guint i = 0; i < root->children->len; i++)
    {
      TNode *tier = g_ptr_array_index (root->children, i);

      if (g_strcmp0 (tier->name, "TIER") != 0)
        continue;

      for (guint k = 0; k < tier->children->len; k++)
        {
          TNode *annotation = g_ptr_array_index (tier->children, k);

          if (annotation->name == NULL)
            continue;

          for (guint j = 0; j < annotation->children->len; j++)
            {
              TNode *inner = g_ptr_array_index (annotation->children, j);

              if (inner->name == NULL)
                continue;

              g_assert_true (g_hash_table_add (annotations, (gpointer)tnode_attr (inner, "ANNOTATION_ID")));
              if (strcmp (inner->name, "ALIGNABLE_ANNOTATION") == 0)
                {
                  g_assert_true (g_hash_table_contains (slots, tnode_attr (inner, "TIME_SLOT_REF1")));
                  g_assert_true (g_hash_table_contains (slots, tnode_attr (inner, "TIME_SLOT_REF2")));
                }
            }
        }
    }
}

/* Every shared file parses */
static void
test_parse_shared (void)
{
  g_autoptr(GPtrArray) files = shared_eaf_files ();

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GaitElanDocument) doc = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", path);
      doc = gait_elan_document_new_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (doc);
      g_assert_nonnull (gait_elan_document_get_format (doc));
      g_assert_true (g_str_has_prefix (gait_elan_document_get_format (doc), "2.") ||
                     g_str_has_prefix (gait_elan_document_get_format (doc), "3."));
    }
}

/* ELAN's own demo has an unaligned slot (ts62) between two words that
 * subdivide 11470–11940 ms: ELAN shows them as halves, 235 ms each, though
 * TIME_ORDER puts ts62 before a slot at 11840 */
static void
test_unaligned_shared (void)
{
  g_autofree char *path = shared_path ("eaf/poio_elan-example1_v2.3.eaf");
  const char * const words[] = { "W-Words", NULL };
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GaitCycle *cycles = NULL;
  gboolean seen_you = FALSE, seen_follow = FALSE;
  gsize n;

  doc = gait_elan_document_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gait_elan_document_get_format (doc), ==, "2.3");

  cycles = gait_elan_document_get_cycles (doc, 1000, words, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 10);

  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpint (cycles[i].state, ==, GAIT_CYCLE_ACCEPTED);
      if (cycles[i].start == 11470)
        {
          g_assert_cmpint (cycles[i].end, ==, 11705);
          seen_you = TRUE;
        }
      if (cycles[i].start == 11705)
        {
          g_assert_cmpint (cycles[i].end, ==, 11940);
          seen_follow = TRUE;
        }
    }

  g_assert_true (seen_you && seen_follow);
}

/* Written back unchanged, every shared file reads as the same tree, by an
 * independent reader and by xmllint's canonical form */
static void
test_round_trip_shared (void)
{
  g_autoptr(GPtrArray) files = shared_eaf_files ();
  g_autofree char *tmp = gait_test_make_tmpdir ("test-elan-XXXXXX");
  g_autofree char *xmllint = xmllint_path ();

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GaitElanDocument) doc = NULL;
      g_autoptr(GaitElanDocument) again = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      g_autofree char *data_again = NULL;
      g_autofree char *out_path = NULL;
      TNode *input, *output;
      gsize length, length_again;

      g_test_message ("%s", path);
      doc = gait_elan_document_new_from_file (path, &error);
      g_assert_no_error (error);

      data = gait_elan_document_to_data (doc, &length);
      g_assert_cmpuint (length, ==, strlen (data));
      g_assert_true (g_utf8_validate (data, length, NULL));

      input = tnode_parse_file (path);
      output = tnode_parse (data, length);
      assert_same_tree (input, output);
      tnode_free (input);
      tnode_free (output);

      /* Idempotent */
      again = gait_elan_document_new_from_data (data, length, "again", &error);
      g_assert_no_error (error);
      data_again = gait_elan_document_to_data (again, &length_again);
      g_assert_cmpstr (data, ==, data_again);

      if (xmllint != NULL)
        {
          g_autofree char *c14n_in = xmllint_c14n (path);
          g_autofree char *c14n_out = NULL;

          out_path = write_temp (tmp, "out.eaf", data, length);
          c14n_out = xmllint_c14n (out_path);
          g_assert_cmpstr (c14n_in, ==, c14n_out);
        }
    }

  gait_test_remove_tree (tmp);
}

/* The input's HEADER lastUsedAnnotationId may only grow; then it is made
 * equal for the comparison. */
static void
align_last_used_id (TNode *in_root,
                    TNode *out_root)
{
  TNode *headers[2] = { NULL, NULL };
  TNode *roots[2] = { in_root, out_root };
  TNode *props[2] = { NULL, NULL };

  for (guint r = 0; r < 2; r++)
    {
      for (guint i = 0; i < roots[r]->children->len; i++)
        {
          TNode *child = g_ptr_array_index (roots[r]->children, i);

          if (g_strcmp0 (child->name, "HEADER") == 0)
            headers[r] = child;
        }

      for (guint i = 0; headers[r] != NULL && i < headers[r]->children->len; i++)
        {
          TNode *child = g_ptr_array_index (headers[r]->children, i);

          if (g_strcmp0 (child->name, "PROPERTY") == 0 &&
              g_strcmp0 (tnode_attr (child, "NAME"), "lastUsedAnnotationId") == 0)
            props[r] = child;
        }
    }

  g_assert_true ((props[0] == NULL) == (props[1] == NULL));
  if (props[0] != NULL)
    {
      g_autofree char *before = tnode_text (props[0]);
      g_autofree char *after = tnode_text (props[1]);

      g_assert_cmpint (g_ascii_strtoll (after, NULL, 10), >=, g_ascii_strtoll (before, NULL, 10));
      tnode_set_text (props[1], before);
    }
}

static gboolean
is_cycle_tier (const TNode        *node,
               const char * const *tier_ids)
{
  return g_strcmp0 (node->name, "TIER") == 0 &&
         g_strv_contains (tier_ids, tnode_attr (node, "TIER_ID"));
}

/* The root's element children but the cycle tiers, TIME_ORDER and (when
 * @skip_type) the stride-cycle linguistic type */
static GPtrArray *
other_content (const TNode        *root,
               const char * const *tier_ids,
               gboolean            skip_type)
{
  GPtrArray *nodes = g_ptr_array_new ();

  for (guint i = 0; i < root->children->len; i++)
    {
      TNode *child = g_ptr_array_index (root->children, i);

      if (child->name == NULL)
        {
          g_assert_true (tnode_is_blank (child));
          continue;
        }
      if (is_cycle_tier (child, tier_ids) || strcmp (child->name, "TIME_ORDER") == 0)
        continue;
      if (skip_type && strcmp (child->name, "LINGUISTIC_TYPE") == 0 &&
          g_strcmp0 (tnode_attr (child, "LINGUISTIC_TYPE_ID"), "stride-cycle") == 0)
        continue;

      g_ptr_array_add (nodes, child);
    }

  return nodes;
}

static TNode *
find_child (const TNode *node,
            const char  *name,
            const char  *attr,
            const char  *value)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      TNode *child = g_ptr_array_index (node->children, i);

      if (g_strcmp0 (child->name, name) == 0 &&
          (attr == NULL || g_strcmp0 (tnode_attr (child, attr), value) == 0))
        return child;
    }

  return NULL;
}

/* Time slots referred to from outside the cycle tiers keep their ids and
 * values, and stay in order. */
static void
check_time_order (const TNode        *in_root,
                  const TNode        *out_root,
                  const char * const *tier_ids)
{
  TNode *in_order = find_child (in_root, "TIME_ORDER", NULL, NULL);
  TNode *out_order = find_child (out_root, "TIME_ORDER", NULL, NULL);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) out_index = g_hash_table_new (g_str_hash, g_str_equal);
  guint last = 0;
  gboolean in_sorted = TRUE;
  gint64 previous = -1;

  g_assert_nonnull (in_order);
  g_assert_nonnull (out_order);

  for (guint i = 0; i < in_root->children->len; i++)
    {
      TNode *tier = g_ptr_array_index (in_root->children, i);

      if (g_strcmp0 (tier->name, "TIER") != 0 || is_cycle_tier (tier, tier_ids))
        continue;
      for (guint k = 0; k < tier->children->len; k++)
        {
          TNode *annotation = g_ptr_array_index (tier->children, k);
          TNode *alignable = annotation->name != NULL
            ? find_child (annotation, "ALIGNABLE_ANNOTATION", NULL, NULL) : NULL;

          if (alignable != NULL)
            {
              g_hash_table_add (used, (gpointer)tnode_attr (alignable, "TIME_SLOT_REF1"));
              g_hash_table_add (used, (gpointer)tnode_attr (alignable, "TIME_SLOT_REF2"));
            }
        }
    }

  for (guint i = 0; i < out_order->children->len; i++)
    {
      TNode *slot = g_ptr_array_index (out_order->children, i);

      if (slot->name != NULL)
        g_hash_table_insert (out_index, (gpointer)tnode_attr (slot, "TIME_SLOT_ID"), GUINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < in_order->children->len; i++)
    {
      TNode *slot = g_ptr_array_index (in_order->children, i);
      const char *id;
      guint index;

      if (slot->name == NULL || !g_hash_table_contains (used, (id = tnode_attr (slot, "TIME_SLOT_ID"))))
        continue;

      index = GPOINTER_TO_UINT (g_hash_table_lookup (out_index, id));
      g_assert_cmpuint (index, >, last);
      last = index;
      assert_same_tree (slot, g_ptr_array_index (out_order->children, index - 1));
    }

  /* Slots in time order stay in time order, new ones included */
  for (guint i = 0; i < in_order->children->len; i++)
    {
      TNode *slot = g_ptr_array_index (in_order->children, i);
      const char *value = slot->name != NULL ? tnode_attr (slot, "TIME_VALUE") : NULL;

      if (value != NULL)
        {
          in_sorted = in_sorted && g_ascii_strtoll (value, NULL, 10) >= previous;
          previous = g_ascii_strtoll (value, NULL, 10);
        }
    }

  previous = -1;
  for (guint i = 0; in_sorted && i < out_order->children->len; i++)
    {
      TNode *slot = g_ptr_array_index (out_order->children, i);
      const char *value = slot->name != NULL ? tnode_attr (slot, "TIME_VALUE") : NULL;

      if (value != NULL)
        {
          g_assert_cmpint (g_ascii_strtoll (value, NULL, 10), >=, previous);
          previous = g_ascii_strtoll (value, NULL, 10);
        }
    }
}

static void
check_only_cycles_changed (const char         *in_data,
                           gsize               in_length,
                           const char         *out_data,
                           gsize               out_length,
                           const char * const *tier_ids)
{
  TNode *in_root = tnode_parse (in_data, in_length);
  TNode *out_root = tnode_parse (out_data, out_length);
  gboolean had_type = find_child (in_root, "LINGUISTIC_TYPE", "LINGUISTIC_TYPE_ID", "stride-cycle") != NULL;
  g_autoptr(GPtrArray) in_other = NULL;
  g_autoptr(GPtrArray) out_other = NULL;

  check_ids (out_root);
  check_time_order (in_root, out_root, tier_ids);
  align_last_used_id (in_root, out_root);

  /* The root's attributes, then everything else element by element */
  g_assert_cmpuint (in_root->attrs->len, ==, out_root->attrs->len);
  for (guint i = 0; i < in_root->attrs->len; i++)
    g_assert_cmpstr (g_ptr_array_index (in_root->attrs, i), ==, g_ptr_array_index (out_root->attrs, i));

  in_other = other_content (in_root, tier_ids, FALSE);
  out_other = other_content (out_root, tier_ids, !had_type);
  g_assert_cmpuint (in_other->len, ==, out_other->len);
  for (guint i = 0; i < in_other->len; i++)
    assert_same_tree (g_ptr_array_index (in_other, i), g_ptr_array_index (out_other, i));

  tnode_free (in_root);
  tnode_free (out_root);
}

static gboolean
validates_before (const char *path)
{
  g_autofree char *xmllint = xmllint_path ();

  return xmllint != NULL && gait_test_eaf_validates (path);
}

/* A few cycles on new limb tiers: everything else stays, the cycles read
 * back, a valid 3.0 document stays valid */
static void
test_set_cycles_shared (void)
{
  g_autoptr(GPtrArray) files = shared_eaf_files ();
  g_autofree char *tmp = gait_test_make_tmpdir ("test-elan-XXXXXX");
  g_autofree char *xmllint = xmllint_path ();
  const char * const limbs[] = { "fl", "hr", NULL };
  const char * const tier_ids[] = { "fl", "fl rejected", "hr", "hr rejected", NULL };
  GaitCycle cycles[] = {
    make_cycle ("fl", 10, 40, 28, 0.93, 0.0123, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_ACCEPTED),
    make_cycle ("fl", 40, 70, -1, 0.81, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_DETECTED),
    make_cycle ("hr", 5, 30, 20, NAN, NAN, GAIT_METHOD_SEED, GAIT_CYCLE_REJECTED),
    make_cycle ("hr", 30, 52, 40, NAN, NAN, GAIT_METHOD_MANUAL, GAIT_CYCLE_ADDED),
  };
  GaitExportOptions options = { .fps = 50, .limbs = limbs };

  if (xmllint == NULL)
    g_test_message ("xmllint is missing: no schema validation");

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GaitElanDocument) doc = NULL;
      g_autoptr(GaitElanDocument) reread = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *in_data = NULL;
      g_autofree char *out_data = NULL;
      g_autofree char *out_path = NULL;
      g_autofree GaitCycle *read = NULL;
      gsize in_length, out_length, n_read;

      g_test_message ("%s", path);
      g_file_get_contents (path, &in_data, &in_length, &error);
      g_assert_no_error (error);

      doc = gait_elan_document_new_from_data (in_data, in_length, path, &error);
      g_assert_no_error (error);
      g_assert_true (gait_elan_document_set_cycles (doc, cycles, G_N_ELEMENTS (cycles), &options, &error));
      g_assert_no_error (error);

      out_data = gait_elan_document_to_data (doc, &out_length);
      check_only_cycles_changed (in_data, in_length, out_data, out_length, tier_ids);

      reread = gait_elan_document_new_from_data (out_data, out_length, "out", &error);
      g_assert_no_error (error);
      read = gait_elan_document_get_cycles (reread, 50, limbs, &n_read, &error);
      g_assert_no_error (error);
      assert_same_cycles (cycles, G_N_ELEMENTS (cycles), read, n_read);
      g_assert_cmpint (read[0].liftoff, ==, 28);  /* fl 10–40, duty 0.60 */
      g_assert_cmpint (read[2].liftoff, ==, 20);  /* hr 5–30 */
      g_assert_cmpfloat_with_epsilon (read[0].confidence, 0.93, 1e-9);
      g_assert_cmpfloat_with_epsilon (read[0].procrustes, 0.0123, 1e-9);

      /* The same cycles again change nothing */
      g_assert_true (gait_elan_document_set_cycles (reread, cycles, G_N_ELEMENTS (cycles), &options, &error));
      g_assert_no_error (error);
      {
        g_autofree char *again = gait_elan_document_to_data (reread, NULL);

        g_assert_cmpstr (again, ==, out_data);
      }

      if (xmllint != NULL && validates_before (path))
        {
          out_path = write_temp (tmp, "out.eaf", out_data, out_length);
          g_assert_true (gait_test_eaf_validates (out_path));
        }
    }

  gait_test_remove_tree (tmp);
}

/* gait_cycles_to_eaf() output reads back as the same cycles */
static void
check_export_round_trip (double fps)
{
  const char * const limbs[] = { "LF", "RF", "LH", "RH", NULL };
  GaitCycle cycles[] = {
    make_cycle ("LF", 0, 31, 19, 0.93, 0.0123, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_DETECTED),
    make_cycle ("LF", 31, 62, 50, 0.5, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_ACCEPTED),
    make_cycle ("LF", 62, 95, -1, NAN, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_EDITED),
    make_cycle ("RF", 15, 46, 30, 0.7, 0.2, GAIT_METHOD_SEED, GAIT_CYCLE_REJECTED),
    make_cycle ("RF", 46, 78, 60, NAN, NAN, GAIT_METHOD_MANUAL, GAIT_CYCLE_ADDED),
    make_cycle ("RH", 1, 2, -1, NAN, NAN, GAIT_METHOD_SEED, GAIT_CYCLE_DETECTED),
    make_cycle ("RH", 1000, 1033, 1020, 0.99, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_DETECTED),
    make_cycle ("RH", 89999, 90031, 90010, NAN, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_ACCEPTED),
  };
  GaitExportOptions options = { .fps = fps, .limbs = limbs };
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *eaf = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree GaitCycle *read = NULL;
  g_autofree GaitCycle *read_all = NULL;
  gsize n_read, n_all;

  eaf = gait_cycles_to_eaf (cycles, G_N_ELEMENTS (cycles), &options, &error);
  g_assert_no_error (error);

  doc = gait_elan_document_new_from_data (eaf, -1, "export.eaf", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gait_elan_document_get_format (doc), ==, "3.0");

  read = gait_elan_document_get_cycles (doc, fps, limbs, &n_read, &error);
  g_assert_no_error (error);
  assert_same_cycles (cycles, G_N_ELEMENTS (cycles), read, n_read);

  for (gsize i = 0; i < n_read; i++)
    {
      for (gsize k = 0; k < G_N_ELEMENTS (cycles); k++)
        {
          if (cycles[k].limb == read[i].limb && cycles[k].start == read[i].start)
            {
              g_assert_cmpint (read[i].liftoff, ==, cycles[k].liftoff);
              g_assert_true (isnan (read[i].confidence) == isnan (cycles[k].confidence));
              if (!isnan (cycles[k].confidence))
                g_assert_cmpfloat_with_epsilon (read[i].confidence, cycles[k].confidence, 0.005);
            }
        }
    }

  /* Without limbs: the stride-cycle tiers */
  read_all = gait_elan_document_get_cycles (doc, fps, NULL, &n_all, &error);
  g_assert_no_error (error);
  assert_same_cycles (cycles, G_N_ELEMENTS (cycles), read_all, n_all);

  /* Writing what was read changes nothing, to the byte */
  before = gait_elan_document_to_data (doc, NULL);
  g_assert_true (gait_elan_document_set_cycles (doc, read, n_read, &options, &error));
  g_assert_no_error (error);
  after = gait_elan_document_to_data (doc, NULL);
  g_assert_cmpstr (before, ==, after);
}

static void
test_export_round_trip_50 (void)
{
  check_export_round_trip (50);
}

static void
test_export_round_trip_ntsc (void)
{
  check_export_round_trip (30000.0 / 1001.0);
}

/* Replacing cycles of an exported document: kept annotations keep their
 * ids and slots, the others go with their slots, new ids are fresh, values
 * are those gait_cycles_to_eaf() writes */
static void
test_replace_cycles (void)
{
  const char * const limbs[] = { "LF", "RF", NULL };
  const char * const tier_ids[] = { "LF", "LF rejected", "RF", "RF rejected", NULL };
  GaitCycle old_cycles[] = {
    make_cycle ("LF", 10, 40, 28, 0.93, 0.0123, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_DETECTED),
    make_cycle ("LF", 40, 70, 55, 0.9, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_DETECTED),
    make_cycle ("RF", 20, 50, 35, 0.8, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_DETECTED),
  };
  GaitCycle new_cycles[] = {
    make_cycle ("LF", 10, 40, 28, 0.93, 0.0123, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_ACCEPTED),
    make_cycle ("LF", 40, 72, 55, 0.9, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_EDITED),
    make_cycle ("RF", 20, 50, 35, 0.8, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_REJECTED),
  };
  GaitExportOptions options = { .fps = 50, .limbs = limbs };
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GaitElanDocument) expected_doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *eaf = NULL;
  g_autofree char *expected_eaf = NULL;
  g_autofree char *out = NULL;
  g_autofree char *tmp = gait_test_make_tmpdir ("test-elan-XXXXXX");
  g_autofree GaitCycle *read = NULL;
  TNode *root, *tier, *time_order, *expected_root;
  gsize n_read;

  eaf = gait_cycles_to_eaf (old_cycles, G_N_ELEMENTS (old_cycles), &options, &error);
  g_assert_no_error (error);
  doc = gait_elan_document_new_from_data (eaf, -1, "old.eaf", &error);
  g_assert_no_error (error);

  g_assert_true (gait_elan_document_set_cycles (doc, new_cycles, G_N_ELEMENTS (new_cycles), &options, &error));
  g_assert_no_error (error);
  out = gait_elan_document_to_data (doc, NULL);
  check_only_cycles_changed (eaf, strlen (eaf), out, strlen (out), tier_ids);

  root = tnode_parse (out, strlen (out));
  check_ids (root);

  /* LF 10–40 kept its id and slots, with the new state in its value */
  tier = find_child (root, "TIER", "TIER_ID", "LF");
  g_assert_nonnull (tier);
  {
    TNode *first = find_child (find_child (tier, "ANNOTATION", NULL, NULL), "ALIGNABLE_ANNOTATION", NULL, NULL);
    TNode *value = find_child (first, "ANNOTATION_VALUE", NULL, NULL);
    g_autofree char *text = tnode_text (value);

    g_assert_cmpstr (tnode_attr (first, "ANNOTATION_ID"), ==, "a1");
    g_assert_cmpstr (tnode_attr (first, "TIME_SLOT_REF1"), ==, "ts1");
    g_assert_cmpstr (tnode_attr (first, "TIME_SLOT_REF2"), ==, "ts3");
    g_assert_cmpstr (text, ==, "accepted touchdown conf=0.93 pd=0.0123 duty=0.60");
  }

  /* LF 40–70 (ts4, ts6) and RF 20–50 (ts2, ts5) went with their slots;
   * LF 40–72 and RF 20–50 rejected are new, with ids after the highest */
  time_order = find_child (root, "TIME_ORDER", NULL, NULL);
  g_assert_null (find_child (time_order, "TIME_SLOT", "TIME_VALUE", "1400"));
  g_assert_nonnull (find_child (time_order, "TIME_SLOT", "TIME_VALUE", "1440"));
  g_assert_null (find_child (time_order, "TIME_SLOT", "TIME_SLOT_ID", "ts2"));
  g_assert_null (find_child (time_order, "TIME_SLOT", "TIME_SLOT_ID", "ts4"));
  g_assert_null (find_child (time_order, "TIME_SLOT", "TIME_SLOT_ID", "ts5"));
  g_assert_null (find_child (time_order, "TIME_SLOT", "TIME_SLOT_ID", "ts6"));
  for (guint i = 7; i <= 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("ts%u", i);

      g_assert_nonnull (find_child (time_order, "TIME_SLOT", "TIME_SLOT_ID", id));
    }
  g_assert_null (find_child (time_order, "TIME_SLOT", "TIME_SLOT_ID", "ts11"));
  g_assert_nonnull (strstr (out, "ANNOTATION_ID=\"a4\" TIME_SLOT_REF1=\"ts7\" TIME_SLOT_REF2=\"ts8\""));
  g_assert_nonnull (strstr (out, "ANNOTATION_ID=\"a5\" TIME_SLOT_REF1=\"ts9\" TIME_SLOT_REF2=\"ts10\""));
  g_assert_nonnull (strstr (out, "<PROPERTY NAME=\"lastUsedAnnotationId\">5</PROPERTY>"));

  /* RF moved to its rejected tier, created after the last tier */
  tier = find_child (root, "TIER", "TIER_ID", "RF rejected");
  g_assert_nonnull (tier);
  g_assert_cmpstr (tnode_attr (tier, "LINGUISTIC_TYPE_REF"), ==, "stride-cycle");
  tier = find_child (root, "TIER", "TIER_ID", "RF");
  g_assert_null (find_child (tier, "ANNOTATION", NULL, NULL));

  /* Same annotation values and tiers as a fresh export */
  expected_eaf = gait_cycles_to_eaf (new_cycles, G_N_ELEMENTS (new_cycles), &options, &error);
  g_assert_no_error (error);
  expected_doc = gait_elan_document_new_from_data (expected_eaf, -1, "expected.eaf", &error);
  g_assert_no_error (error);
  expected_root = tnode_parse (expected_eaf, strlen (expected_eaf));
  for (guint t = 0; tier_ids[t] != NULL; t++)
    {
      TNode *a = find_child (expected_root, "TIER", "TIER_ID", tier_ids[t]);
      TNode *b = find_child (root, "TIER", "TIER_ID", tier_ids[t]);
      guint n = 0;

      g_assert_true ((a == NULL) == (b == NULL) || (a == NULL && b->children->len == 0));
      for (guint i = 0; a != NULL && i < a->children->len; i++)
        {
          TNode *annotation = g_ptr_array_index (a->children, i);
          TNode *other;
          g_autofree char *text_a = NULL;
          g_autofree char *text_b = NULL;

          if (annotation->name == NULL)
            continue;

          while (((TNode *)g_ptr_array_index (b->children, n))->name == NULL)
            n++;
          other = g_ptr_array_index (b->children, n++);
          text_a = tnode_text (find_child (find_child (annotation, "ALIGNABLE_ANNOTATION", NULL, NULL),
                                           "ANNOTATION_VALUE", NULL, NULL));
          text_b = tnode_text (find_child (find_child (other, "ALIGNABLE_ANNOTATION", NULL, NULL),
                                           "ANNOTATION_VALUE", NULL, NULL));
          g_assert_cmpstr (text_a, ==, text_b);
        }
    }

  read = gait_elan_document_get_cycles (doc, 50, limbs, &n_read, &error);
  g_assert_no_error (error);
  assert_same_cycles (new_cycles, G_N_ELEMENTS (new_cycles), read, n_read);

  g_assert_true (eaf_text_validates (tmp, "out.eaf", out));

  tnode_free (root);
  tnode_free (expected_root);
  gait_test_remove_tree (tmp);
}

/* A person's own tier: words that are no state stay, and read as accepted;
 * unaligned slots are interpolated; the video's media offset applies */
static const char hand_made_eaf[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<!-- made by hand -->\n"
  "<ANNOTATION_DOCUMENT AUTHOR=\"me\" DATE=\"2024-01-01T00:00:00+01:00\" FORMAT=\"3.0\" VERSION=\"3.0\">\n"
  "  <HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">\n"
  "    <MEDIA_DESCRIPTOR MEDIA_URL=\"file:///a.wav\" MIME_TYPE=\"audio/x-wav\" TIME_ORIGIN=\"5000\"/>\n"
  "    <MEDIA_DESCRIPTOR MEDIA_URL=\"file:///a.mp4\" MIME_TYPE=\"video/mp4\" TIME_ORIGIN=\"%s\"/>\n"
  "    <PROPERTY NAME=\"lastUsedAnnotationId\">40</PROPERTY>\n"
  "  </HEADER>\n"
  "  <TIME_ORDER>\n"
  "    <TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"1000\"/>\n"
  "    <TIME_SLOT TIME_SLOT_ID=\"ts2\"/>\n"
  "    <TIME_SLOT TIME_SLOT_ID=\"ts3\" TIME_VALUE=\"3000\"/>\n"
  "    <TIME_SLOT TIME_SLOT_ID=\"ts4\" TIME_VALUE=\"3000\"/>\n"
  "    <TIME_SLOT TIME_SLOT_ID=\"ts5\" TIME_VALUE=\"3600\"/>\n"
  "    <TIME_SLOT TIME_SLOT_ID=\"ts6\" TIME_VALUE=\"4000\"/>\n"
  "    <TIME_SLOT TIME_SLOT_ID=\"ts7\" TIME_VALUE=\"4010\"/>\n"
  "  </TIME_ORDER>\n"
  "  <TIER LINGUISTIC_TYPE_REF=\"default\" TIER_ID=\"fl\">\n"
  "    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a10\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\">"
  "<ANNOTATION_VALUE>step &amp; &lt;slip&gt;</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n"
  "    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a11\" TIME_SLOT_REF1=\"ts2\" TIME_SLOT_REF2=\"ts3\">"
  "<ANNOTATION_VALUE></ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n"
  "    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a12\" TIME_SLOT_REF1=\"ts6\" TIME_SLOT_REF2=\"ts7\">"
  "<ANNOTATION_VALUE>too short</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n"
  "  </TIER>\n"
  "  <TIER LINGUISTIC_TYPE_REF=\"default\" TIER_ID=\"fl rejected\">\n"
  "    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a20\" TIME_SLOT_REF1=\"ts4\" TIME_SLOT_REF2=\"ts5\">"
  "<ANNOTATION_VALUE>limping</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n"
  "  </TIER>\n"
  "  <TIER LINGUISTIC_TYPE_REF=\"default\" TIER_ID=\"hr\">\n"
  "    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a30\" TIME_SLOT_REF1=\"ts4\" TIME_SLOT_REF2=\"ts6\">"
  "<ANNOTATION_VALUE>Edited  seed conf=0.5 pd=abc</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n"
  "  </TIER>\n"
  "  <TIER LINGUISTIC_TYPE_REF=\"default\" TIER_ID=\"notes\"><![CDATA[]]></TIER>\n"
  "  <LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"default\" TIME_ALIGNABLE=\"true\"/>\n"
  "</ANNOTATION_DOCUMENT>\n";

static void
test_hand_made (void)
{
  const char * const limbs[] = { "fl", "hr", NULL };
  g_autofree char *eaf = g_strdup_printf (hand_made_eaf, "0");
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GaitCycle *cycles = NULL;
  g_autofree GaitCycle *again = NULL;
  g_autofree char *out = NULL;
  GaitExportOptions options = { .fps = 10, .limbs = limbs };
  gsize n, n_again;

  doc = gait_elan_document_new_from_data (eaf, -1, "hand.eaf", &error);
  g_assert_no_error (error);

  /* fl 4000–4010 ms is no frame at 10 fps */
  g_test_expect_message ("gaitline", G_LOG_LEVEL_MESSAGE, "*leaving out annotation “a12”*");
  cycles = gait_elan_document_get_cycles (doc, 10, limbs, &n, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);

  /* sorted by limb, then start: fl 1000–2000 (ts2 interpolated), fl
   * 2000–3000, fl 3000–3600 rejected, hr 3000–4000 */
  g_assert_cmpstr (cycles[0].limb, ==, "fl");
  g_assert_cmpint (cycles[0].start, ==, 10);
  g_assert_cmpint (cycles[0].end, ==, 20);
  g_assert_cmpint (cycles[0].state, ==, GAIT_CYCLE_ACCEPTED);
  g_assert_cmpint (cycles[0].method, ==, GAIT_METHOD_MANUAL);
  g_assert_cmpint (cycles[0].liftoff, ==, -1);
  g_assert_true (isnan (cycles[0].confidence));

  g_assert_cmpint (cycles[1].start, ==, 20);
  g_assert_cmpint (cycles[1].end, ==, 30);
  g_assert_cmpint (cycles[1].state, ==, GAIT_CYCLE_ACCEPTED);

  g_assert_cmpint (cycles[2].start, ==, 30);
  g_assert_cmpint (cycles[2].end, ==, 36);
  g_assert_cmpint (cycles[2].state, ==, GAIT_CYCLE_REJECTED);
  g_assert_cmpint (cycles[2].method, ==, GAIT_METHOD_MANUAL);

  g_assert_cmpstr (cycles[3].limb, ==, "hr");
  g_assert_cmpint (cycles[3].start, ==, 30);
  g_assert_cmpint (cycles[3].end, ==, 40);
  g_assert_cmpint (cycles[3].state, ==, GAIT_CYCLE_EDITED);
  g_assert_cmpint (cycles[3].method, ==, GAIT_METHOD_SEED);
  g_assert_cmpfloat (cycles[3].confidence, ==, 0.5);
  g_assert_true (isnan (cycles[3].procrustes));

  /* Written back: the person's words stay where the meaning does */
  g_assert_true (gait_elan_document_set_cycles (doc, cycles, n, &options, &error));
  g_assert_no_error (error);
  out = gait_elan_document_to_data (doc, NULL);
  g_assert_nonnull (strstr (out, "<!-- made by hand -->"));
  g_assert_nonnull (strstr (out, "<ANNOTATION_VALUE>limping</ANNOTATION_VALUE>"));
  /* fl 1000–2000 had an unaligned end: new annotation, new id after the
   * highest (lastUsedAnnotationId 40), new slots after ts7 */
  g_assert_null (strstr (out, "step &amp; &lt;slip&gt;"));
  g_assert_nonnull (strstr (out, "ANNOTATION_ID=\"a41\""));
  g_assert_nonnull (strstr (out, "<PROPERTY NAME=\"lastUsedAnnotationId\">42</PROPERTY>"));
  g_assert_nonnull (strstr (out, "TIME_SLOT_ID=\"ts8\" TIME_VALUE=\"1000\""));
  g_assert_nonnull (strstr (out, "accepted manual"));
  /* the too-short annotation went, and with it ts7 only it used */
  g_assert_null (strstr (out, "too short"));
  g_assert_null (strstr (out, "\"ts7\""));
  g_assert_nonnull (strstr (out, "\"ts6\""));
  /* hr 3000–4000 kept its id, but its value, in Gaitline's words, is
   * written anew */
  g_assert_null (strstr (out, "Edited  seed conf=0.5 pd=abc"));
  g_assert_nonnull (strstr (out, "ANNOTATION_ID=\"a30\""));
  g_assert_nonnull (strstr (out, "<ANNOTATION_VALUE>edited seed conf=0.50</ANNOTATION_VALUE>"));

  g_clear_object (&doc);
  doc = gait_elan_document_new_from_data (out, -1, "hand-out.eaf", &error);
  g_assert_no_error (error);
  again = gait_elan_document_get_cycles (doc, 10, limbs, &n_again, &error);
  g_assert_no_error (error);
  assert_same_cycles (cycles, n, again, n_again);
}

static void
test_media_offset (void)
{
  const char * const limbs[] = { "fl", "hr", NULL };
  g_autofree char *eaf = g_strdup_printf (hand_made_eaf, "500");
  g_autofree char *bad_eaf = g_strdup_printf (hand_made_eaf, "soon");
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GaitElanDocument) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GaitCycle *cycles = NULL;
  g_autofree GaitCycle *none = NULL;
  GaitCycle early = make_cycle ("hr", 1, 10, -1, NAN, NAN, GAIT_METHOD_MANUAL, GAIT_CYCLE_ADDED);
  GaitExportOptions options = { .fps = 10, .limbs = limbs };
  gsize n;

  doc = gait_elan_document_new_from_data (eaf, -1, "offset.eaf", &error);
  g_assert_no_error (error);

  /* annotation time 0 shows the video at 500 ms */
  g_test_expect_message ("gaitline", G_LOG_LEVEL_MESSAGE, "*leaving out annotation “a12”*");
  cycles = gait_elan_document_get_cycles (doc, 10, limbs, &n, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (cycles[0].start, ==, 15);
  g_assert_cmpint (cycles[0].end, ==, 25);

  /* frame 1 is annotation time -400 ms: ELAN cannot hold it */
  g_assert_false (gait_elan_document_set_cycles (doc, &early, 1, &options, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "media offset of 500 ms"));
  g_clear_error (&error);

  bad = gait_elan_document_new_from_data (bad_eaf, -1, "bad-offset.eaf", &error);
  g_assert_no_error (error);
  none = gait_elan_document_get_cycles (bad, 10, limbs, &n, &error);
  g_assert_null (none);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "bad-offset.eaf:6:"));
}

/* Cycles must not pull annotations from under tiers that depend on them;
 * when they would, nothing changes */
static void
test_dependent_tiers (void)
{
  g_autofree char *path = shared_path ("eaf/pympi_sample_3.0.eaf");
  const char * const text_limb[] = { "text", NULL };
  const char * const gestures[] = { "gestures", NULL };
  const char * const words[] = { "words-timesub", NULL };
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree GaitCycle *cycles = NULL;
  g_autofree GaitCycle *gesture_cycles = NULL;
  GaitExportOptions options = { .fps = 1000, .limbs = text_limb };
  GaitCycle one = make_cycle ("text", 100, 200, -1, NAN, NAN, GAIT_METHOD_MANUAL, GAIT_CYCLE_ADDED);
  gsize n, n_gestures;

  doc = gait_elan_document_new_from_file (path, &error);
  g_assert_no_error (error);
  before = gait_elan_document_to_data (doc, NULL);

  /* "text" has dependent tiers: replacing its annotations is refused */
  g_assert_false (gait_elan_document_set_cycles (doc, &one, 1, &options, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "pympi_sample_3.0.eaf:"));
  g_clear_error (&error);
  after = gait_elan_document_to_data (doc, NULL);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&after, g_free);

  /* a dependent tier cannot hold cycles */
  options.limbs = words;
  g_assert_false (gait_elan_document_set_cycles (doc, NULL, 0, &options, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* …but the same annotations, read at 1 ms per frame, can be written back */
  options.limbs = text_limb;
  cycles = gait_elan_document_get_cycles (doc, 1000, text_limb, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 10);
  g_assert_true (gait_elan_document_set_cycles (doc, cycles, n, &options, &error));
  g_assert_no_error (error);
  after = gait_elan_document_to_data (doc, NULL);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&after, g_free);

  /* An independent tier of a person's annotations takes new cycles */
  options.limbs = gestures;
  gesture_cycles = gait_elan_document_get_cycles (doc, 1000, gestures, &n_gestures, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_gestures, >, 0);
  for (gsize i = 0; i < n_gestures; i++)
    g_assert_cmpint (gesture_cycles[i].state, ==, GAIT_CYCLE_ACCEPTED);
  g_assert_true (gait_elan_document_set_cycles (doc, gesture_cycles, n_gestures, &options, &error));
  g_assert_no_error (error);
  after = gait_elan_document_to_data (doc, NULL);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&after, g_free);

  one.limb = g_intern_static_string ("gestures");
  g_assert_true (gait_elan_document_set_cycles (doc, &one, 1, &options, &error));
  g_assert_no_error (error);
  after = gait_elan_document_to_data (doc, NULL);
  {
    const char * const tier_ids[] = { "gestures", "gestures rejected", NULL };

    check_only_cycles_changed (before, strlen (before), after, strlen (after), tier_ids);
  }
}

/* Bad cycles and options: an error, and nothing changes */
static void
test_bad_cycles (void)
{
  const char * const limbs[] = { "fl", NULL };
  GaitCycle backwards = make_cycle ("fl", 40, 10, -1, NAN, NAN, GAIT_METHOD_MANUAL, GAIT_CYCLE_ADDED);
  GaitCycle nameless = make_cycle ("fl", 10, 40, -1, NAN, NAN, GAIT_METHOD_MANUAL, GAIT_CYCLE_ADDED);
  GaitCycle good = make_cycle ("fl", 10, 40, -1, NAN, NAN, GAIT_METHOD_MANUAL, GAIT_CYCLE_ADDED);
  GaitCycle pair[2];
  GaitExportOptions options = { .fps = 50, .limbs = limbs };
  GaitExportOptions no_fps = { .fps = 0, .limbs = limbs };
  g_autofree char *eaf = g_strdup_printf (hand_made_eaf, "0");
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize n;

  nameless.limb = "";
  doc = gait_elan_document_new_from_data (eaf, -1, "hand.eaf", &error);
  g_assert_no_error (error);
  before = gait_elan_document_to_data (doc, NULL);

  pair[0] = good;
  pair[1] = backwards;
  g_assert_false (gait_elan_document_set_cycles (doc, pair, 2, &options, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  pair[1] = nameless;
  g_assert_false (gait_elan_document_set_cycles (doc, pair, 2, &options, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (gait_elan_document_set_cycles (doc, &good, 1, &no_fps, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_NO_FRAME_RATE);
  g_clear_error (&error);

  g_assert_null (gait_elan_document_get_cycles (doc, NAN, limbs, &n, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_NO_FRAME_RATE);
  g_clear_error (&error);

  after = gait_elan_document_to_data (doc, NULL);
  g_assert_cmpstr (before, ==, after);
}

/* Cycles need a free, time-aligned linguistic type */
static void
test_bad_types (void)
{
  const char * const limbs[] = { "fl", NULL };
  GaitCycle cycle = make_cycle ("fl", 10, 40, -1, NAN, NAN, GAIT_METHOD_MANUAL, GAIT_CYCLE_ADDED);
  GaitExportOptions options = { .fps = 50, .limbs = limbs };
  const char *docs[] = {
    /* an existing limb tier whose type is not time-alignable */
    "<ANNOTATION_DOCUMENT><HEADER/><TIME_ORDER/>"
    "<TIER LINGUISTIC_TYPE_REF=\"sym\" TIER_ID=\"fl\"/>"
    "<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID=\"sym\" TIME_ALIGNABLE=\"false\"/>"
    "</ANNOTATION_DOCUMENT>",
    /* a stride-cycle type (for a tier to create) with a constraint */
    "<ANNOTATION_DOCUMENT><HEADER/><TIME_ORDER/>"
    "<LINGUISTIC_TYPE CONSTRAINTS=\"Time_Subdivision\" LINGUISTIC_TYPE_ID=\"stride-cycle\" TIME_ALIGNABLE=\"true\"/>"
    "</ANNOTATION_DOCUMENT>",
    /* no TIME_ORDER */
    "<ANNOTATION_DOCUMENT><HEADER/></ANNOTATION_DOCUMENT>",
    /* a limb tier twice */
    "<ANNOTATION_DOCUMENT><HEADER/><TIME_ORDER/>"
    "<TIER LINGUISTIC_TYPE_REF=\"x\" TIER_ID=\"fl\"/><TIER LINGUISTIC_TYPE_REF=\"x\" TIER_ID=\"fl\"/>"
    "</ANNOTATION_DOCUMENT>",
  };
  const int codes[] = {
    GAIT_ERROR_INVALID_ARGUMENT, GAIT_ERROR_INVALID_ARGUMENT, GAIT_ERROR_PARSE, GAIT_ERROR_PARSE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(GaitElanDocument) doc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      doc = gait_elan_document_new_from_data (docs[i], -1, "types.eaf", &error);
      g_assert_no_error (error);
      before = gait_elan_document_to_data (doc, NULL);
      g_assert_false (gait_elan_document_set_cycles (doc, &cycle, 1, &options, &error));
      g_assert_error (error, GAIT_ERROR, codes[i]);
      g_assert_true (g_str_has_prefix (error->message, "types.eaf:1:"));
      after = gait_elan_document_to_data (doc, NULL);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
assert_parse_error (const char *data,
                    gssize      length,
                    const char *problem)
{
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = gait_elan_document_new_from_data (data, length, "bad.eaf", &error);
  g_assert_null (doc);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "bad.eaf:"));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (problem != NULL && strstr (error->message, problem) == NULL)
    g_test_message ("message: %s", error->message);
  if (problem != NULL)
    g_assert_nonnull (strstr (error->message, problem));
}

#define MINIMAL_PREFIX \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"2024-01-01T00:00:00Z\" VERSION=\"3.0\">" \
  "<HEADER/><TIME_ORDER/>"
#define MINIMAL_SUFFIX "</ANNOTATION_DOCUMENT>\n"

static void
test_malformed (void)
{
  const char *names[] = { "envisionbox_videoplayback_2.mp4.eaf", "poio_turkish.eaf" };
  g_autofree char *deep = NULL;
  g_autofree char *at_limit = NULL;
  g_autoptr(GString) nested = g_string_new (MINIMAL_PREFIX);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  g_autoptr(GaitElanDocument) limit_doc = NULL;

  /* Truncated anywhere before the end of the root: every offset of a
   * small file, the start, the end and every 211th byte of a bigger one */
  for (guint f = 0; f < G_N_ELEMENTS (names); f++)
    {
      g_autofree char *relative = g_build_filename ("eaf", names[f], NULL);
      g_autofree char *path = shared_path (relative);
      g_autofree char *data = NULL;
      gsize length, end, n_cuts = 0;

      g_file_get_contents (path, &data, &length, &error);
      g_assert_no_error (error);

      end = strstr (data, "</ANNOTATION_DOCUMENT>") - data + strlen ("</ANNOTATION_DOCUMENT>");
      for (gsize cut = 0; cut < end; cut += (f == 0 || cut < 1024 || end - cut < 1024) ? 1 : 211)
        {
          g_autoptr(GaitElanDocument) doc = NULL;
          g_autoptr(GError) cut_error = NULL;

          doc = gait_elan_document_new_from_data (data, cut, "bad.eaf", &cut_error);
          g_assert_null (doc);
          g_assert_error (cut_error, GAIT_ERROR, GAIT_ERROR_PARSE);
          g_assert_true (g_str_has_prefix (cut_error->message, "bad.eaf:"));
          n_cuts++;
        }
      g_test_message ("%s: %" G_GSIZE_FORMAT " truncations", names[f], n_cuts);
    }

  assert_parse_error ("", 0, NULL);
  assert_parse_error (NULL, 0, NULL);
  assert_parse_error ("   \n", -1, NULL);
  assert_parse_error (MINIMAL_PREFIX "<TIER></TIME_ORDER>" MINIMAL_SUFFIX, -1, NULL);
  assert_parse_error (MINIMAL_PREFIX "<TIER>" MINIMAL_SUFFIX, -1, NULL);
  assert_parse_error (MINIMAL_PREFIX MINIMAL_SUFFIX "<ANNOTATION_DOCUMENT/>", -1, "after the end of the root");
  assert_parse_error ("<html><body/></html>", -1, "not an ELAN file");
  assert_parse_error (MINIMAL_PREFIX "<TIER TIER_ID=\"a\" TIER_ID=\"b\"/>" MINIMAL_SUFFIX, -1, "repeated");
  assert_parse_error (MINIMAL_PREFIX "<TIER TIER_ID=\"&foo;\"/>" MINIMAL_SUFFIX, -1, NULL);
  assert_parse_error (MINIMAL_PREFIX "&#0;" MINIMAL_SUFFIX, -1, NULL);
  assert_parse_error ("<?xml version=\"1.0\"?>\n"
                      "<!DOCTYPE ANNOTATION_DOCUMENT [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                      "<ANNOTATION_DOCUMENT>&xxe;</ANNOTATION_DOCUMENT>", -1, "DOCTYPE");
  assert_parse_error ("<?xml version=\"1.0\"?>\n"
                      "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n"
                      "<ANNOTATION_DOCUMENT>&lol2;</ANNOTATION_DOCUMENT>", -1, "DOCTYPE");
  assert_parse_error (MINIMAL_PREFIX "<!ENTITY x \"y\">" MINIMAL_SUFFIX, -1, NULL);
  assert_parse_error (MINIMAL_PREFIX "<?xml version=\"1.0\"?>" MINIMAL_SUFFIX, -1, "declaration");
  assert_parse_error (MINIMAL_PREFIX "<TIER TIER_ID=\"caf\xe9\"/>" MINIMAL_SUFFIX, -1, NULL);
  assert_parse_error (MINIMAL_PREFIX "\xff\xfe\xfd" MINIMAL_SUFFIX, -1, NULL);
  assert_parse_error ("\xfe\xff\0<\0A\0N\0", 10, NULL);
  assert_parse_error (MINIMAL_PREFIX "a\0b" MINIMAL_SUFFIX, sizeof (MINIMAL_PREFIX "a\0b" MINIMAL_SUFFIX) - 1, NULL);

  /* 10,000 levels deep: refused, no crash */
  for (guint i = 0; i < 10000; i++)
    g_string_append (nested, "<TIER>");
  for (guint i = 0; i < 10000; i++)
    g_string_append (nested, "</TIER>");
  g_string_append (nested, MINIMAL_SUFFIX);
  deep = g_string_free (g_steal_pointer (&nested), FALSE);
  assert_parse_error (deep, -1, "nested deeper than 256");

  /* …while 256 levels are fine */
  nested = g_string_new ("<ANNOTATION_DOCUMENT>");
  for (guint i = 1; i < GAIT_ELAN_MAX_DEPTH; i++)
    g_string_append (nested, "<X>");
  for (guint i = 1; i < GAIT_ELAN_MAX_DEPTH; i++)
    g_string_append (nested, "</X>");
  g_string_append (nested, "</ANNOTATION_DOCUMENT>");
  at_limit = g_string_free (g_steal_pointer (&nested), FALSE);
  limit_doc = gait_elan_document_new_from_data (at_limit, -1, "deep.eaf", &error);
  g_assert_no_error (error);
  g_assert_nonnull (limit_doc);

  /* Binary garbage */
  for (guint round = 0; round < 200; round++)
    {
      gsize n = g_rand_int_range (rand, 1, 4096);
      g_autofree guchar *garbage = g_malloc (n);

      for (gsize i = 0; i < n; i++)
        garbage[i] = g_rand_int_range (rand, 0, 256);
      /* a random start, or a valid start followed by garbage */
      if (round % 2 == 1 && n > strlen (MINIMAL_PREFIX))
        memcpy (garbage, MINIMAL_PREFIX, strlen (MINIMAL_PREFIX));

      assert_parse_error ((const char *)garbage, n, NULL);
    }

  /* Files */
  {
    g_autoptr(GaitElanDocument) doc = NULL;
    g_autoptr(GError) file_error = NULL;

    doc = gait_elan_document_new_from_file ("/nonexistent/missing.eaf", &file_error);
    g_assert_null (doc);
    g_assert_error (file_error, GAIT_ERROR, GAIT_ERROR_PARSE);
    g_assert_nonnull (strstr (file_error->message, "missing.eaf"));
  }
}

/* The line in the message is the line of the problem */
static void
test_error_line (void)
{
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GaitElanDocument) dangling = NULL;
  g_autoptr(GError) error = NULL;
  const char * const limbs[] = { "fl", NULL };
  gsize n;

  doc = gait_elan_document_new_from_data ("<ANNOTATION_DOCUMENT>\n<HEADER>\n\n</TIME_ORDER>\n", -1,
                                          "lines.eaf", &error);
  g_assert_null (doc);
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "lines.eaf:4:"));
  g_clear_error (&error);

  dangling = gait_elan_document_new_from_data (MINIMAL_PREFIX "\n<TIER LINGUISTIC_TYPE_REF=\"x\" TIER_ID=\"fl\">\n"
                                               "<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" "
                                               "TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\">"
                                               "<ANNOTATION_VALUE/></ALIGNABLE_ANNOTATION></ANNOTATION>"
                                               "</TIER>" MINIMAL_SUFFIX, -1, "dangling.eaf", &error);
  g_assert_no_error (error);
  g_assert_null (gait_elan_document_get_cycles (dangling, 50, limbs, &n, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "dangling.eaf:4:"));
}

/* Characters that need escaping, character references, CDATA, comments,
 * processing instructions, non-ASCII text, CR LF line ends: all survive */
static const char special_eaf[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<?gait-test keep me?>\n"
  "<!-- before the root -->\n"
  "<ANNOTATION_DOCUMENT AUTHOR=\"Zoë &amp; &lt;Ann&gt; &quot;Q&quot; 'A'\" DATE=\"2024-01-01T00:00:00Z\" "
  "FORMAT=\"3.0\" VERSION=\"3.0\">\n"
  "    <HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">\n"
  "        <PROPERTY NAME=\"tab&#9;line&#10;cr&#13;end\">a &amp; b &lt; c &gt; d ]]&gt; e 'f' \"g\" ✓ 😀</PROPERTY>\n"
  "        <PROPERTY NAME=\"cdata\"><![CDATA[x < y & z]]> and <![CDATA[]]]]><![CDATA[>]]></PROPERTY>\n"
  "        <PROPERTY NAME=\"refs\">&#x263A;&#65;&#9;&#13;&#10;</PROPERTY>\n"
  "    </HEADER>\n"
  "    <!-- inside: <TIER> & such -->\n"
  "    <TIME_ORDER/>\n"
  "    <?gait-test inside?>\n"
  "</ANNOTATION_DOCUMENT>\n"
  "<!-- after the root -->\n";

static void
test_special_characters (void)
{
  g_autofree char *tmp = gait_test_make_tmpdir ("test-elan-XXXXXX");
  g_autofree char *xmllint = xmllint_path ();
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GaitElanDocument) again = NULL;
  g_autoptr(GaitElanDocument) crlf_doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) crlf = g_string_new (special_eaf);
  g_autofree char *out = NULL;
  g_autofree char *out_again = NULL;
  g_autofree char *out_crlf = NULL;
  TNode *input, *output;

  doc = gait_elan_document_new_from_data (special_eaf, -1, "special.eaf", &error);
  g_assert_no_error (error);
  out = gait_elan_document_to_data (doc, NULL);

  input = tnode_parse (special_eaf, strlen (special_eaf));
  output = tnode_parse (out, strlen (out));
  assert_same_tree (input, output);
  tnode_free (input);
  tnode_free (output);

  g_assert_nonnull (strstr (out, "<?gait-test keep me?>\n<!-- before the root -->\n<ANNOTATION_DOCUMENT"));
  g_assert_nonnull (strstr (out, "<!-- inside: <TIER> & such -->"));
  g_assert_nonnull (strstr (out, "<?gait-test inside?>"));
  g_assert_true (g_str_has_suffix (out, "</ANNOTATION_DOCUMENT>\n<!-- after the root -->\n"));
  g_assert_nonnull (strstr (out, "NAME=\"tab&#9;line&#10;cr&#13;end\""));
  g_assert_nonnull (strstr (out, "a &amp; b &lt; c &gt; d ]]&gt; e 'f' \"g\" ✓ 😀"));
  g_assert_nonnull (strstr (out, "x &lt; y &amp; z and ]]&gt;"));

  again = gait_elan_document_new_from_data (out, -1, "again.eaf", &error);
  g_assert_no_error (error);
  out_again = gait_elan_document_to_data (again, NULL);
  g_assert_cmpstr (out, ==, out_again);

  if (xmllint != NULL)
    {
      g_autofree char *in_path = write_temp (tmp, "in.eaf", special_eaf, strlen (special_eaf));
      g_autofree char *out_path = write_temp (tmp, "out.eaf", out, strlen (out));
      g_autofree char *c14n_in = xmllint_c14n (in_path);
      g_autofree char *c14n_out = xmllint_c14n (out_path);

      g_assert_cmpstr (c14n_in, ==, c14n_out);
    }

  /* CR LF line ends read as LF, as XML says */
  g_string_replace (crlf, "\n", "\r\n", 0);
  crlf_doc = gait_elan_document_new_from_data (crlf->str, crlf->len, "crlf.eaf", &error);
  g_assert_no_error (error);
  out_crlf = gait_elan_document_to_data (crlf_doc, NULL);
  g_assert_cmpstr (out_crlf, ==, out);

  gait_test_remove_tree (tmp);
}

/* New ids never take a value some other ID attribute has (XML Schema IDs
 * share one space), nor one below ELAN's counter; reference links and
 * dependent tiers keep what they refer to */
static const char linked_eaf[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"2024-01-01T00:00:00Z\" FORMAT=\"3.0\" VERSION=\"3.0\" "
  "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
  "xsi:noNamespaceSchemaLocation=\"http://www.mpi.nl/tools/elan/EAFv3.0.xsd\">\n"
  "    <HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">\n"
  "        <PROPERTY NAME=\"lastUsedAnnotationId\">3</PROPERTY>\n"
  "    </HEADER>\n"
  "    <TIME_ORDER>\n"
  "        <TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"200\"/>\n"
  "        <TIME_SLOT TIME_SLOT_ID=\"ts2\" TIME_VALUE=\"300\"/>\n"
  "        <TIME_SLOT TIME_SLOT_ID=\"ts3\" TIME_VALUE=\"800\"/>\n"
  "    </TIME_ORDER>\n"
  "    <TIER LINGUISTIC_TYPE_REF=\"stride-cycle\" TIER_ID=\"fl\">\n"
  "        <ANNOTATION>\n"
  "            <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts3\">\n"
  "                <ANNOTATION_VALUE>step</ANNOTATION_VALUE>\n"
  "            </ALIGNABLE_ANNOTATION>\n"
  "        </ANNOTATION>\n"
  "    </TIER>\n"
  "    <TIER LINGUISTIC_TYPE_REF=\"phase\" PARENT_REF=\"fl\" TIER_ID=\"fl phases\">%s</TIER>\n"
  "    <LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"stride-cycle\" TIME_ALIGNABLE=\"true\"/>\n"
  "    <LINGUISTIC_TYPE CONSTRAINTS=\"Included_In\" GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"phase\" "
  "TIME_ALIGNABLE=\"true\"/>\n"
  "    <LOCALE LANGUAGE_CODE=\"ts4\"/>\n"
  "    <CONSTRAINT DESCRIPTION=\"Included\" STEREOTYPE=\"Included_In\"/>\n"
  "%s"
  "    <EXTERNAL_REF EXT_REF_ID=\"a4\" TYPE=\"resource_url\" VALUE=\"http://example.org/\"/>\n"
  "</ANNOTATION_DOCUMENT>\n";

#define PHASE_ANNOTATION \
  "<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a2\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\">" \
  "<ANNOTATION_VALUE>stance</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>"
#define REF_LINKS \
  "    <REF_LINK_SET LINK_SET_ID=\"links\">\n" \
  "        <CROSS_REF_LINK REF1=\"a1\" REF2=\"a2\" REF_LINK_ID=\"link1\"/>\n" \
  "    </REF_LINK_SET>\n"
#define GROUP_LINKS \
  "    <REF_LINK_SET LINK_SET_ID=\"links\">\n" \
  "        <GROUP_REF_LINK REFS=\"a2  a1\" REF_LINK_ID=\"group1\"/>\n" \
  "    </REF_LINK_SET>\n"

static void
check_linked (const char *phases,
              const char *links,
              gboolean    refused)
{
  const char * const limbs[] = { "fl", NULL };
  const char * const tier_ids[] = { "fl", "fl rejected", NULL };
  g_autofree char *tmp = gait_test_make_tmpdir ("test-elan-XXXXXX");
  g_autofree char *eaf = g_strdup_printf (linked_eaf, phases, links);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  /* 200–800 ms at 50 fps is frames 10–40: a1 stays; 40–60 is new */
  GaitCycle cycles[] = {
    make_cycle ("fl", 10, 40, -1, NAN, NAN, GAIT_METHOD_MANUAL, GAIT_CYCLE_ACCEPTED),
    make_cycle ("fl", 40, 60, -1, NAN, NAN, GAIT_METHOD_MANUAL, GAIT_CYCLE_ADDED),
  };
  GaitCycle moved = make_cycle ("fl", 11, 40, -1, NAN, NAN, GAIT_METHOD_MANUAL, GAIT_CYCLE_ACCEPTED);
  GaitExportOptions options = { .fps = 50, .limbs = limbs };

  g_assert_true (eaf_text_validates (tmp, "in.eaf", eaf));

  doc = gait_elan_document_new_from_data (eaf, -1, "linked.eaf", &error);
  g_assert_no_error (error);
  before = gait_elan_document_to_data (doc, NULL);

  /* Keeping a1: fine, new ids skip "a4" and "ts4" */
  g_assert_true (gait_elan_document_set_cycles (doc, cycles, G_N_ELEMENTS (cycles), &options, &error));
  g_assert_no_error (error);
  after = gait_elan_document_to_data (doc, NULL);
  check_only_cycles_changed (before, strlen (before), after, strlen (after), tier_ids);
  g_assert_nonnull (strstr (after, "ANNOTATION_ID=\"a5\" TIME_SLOT_REF1=\"ts5\" TIME_SLOT_REF2=\"ts6\""));
  g_assert_nonnull (strstr (after, "<PROPERTY NAME=\"lastUsedAnnotationId\">5</PROPERTY>"));
  g_assert_nonnull (strstr (after, "<ANNOTATION_VALUE>step</ANNOTATION_VALUE>"));
  g_assert_true (eaf_text_validates (tmp, "out.eaf", after));

  /* Moving a1 takes it away from under what refers to it */
  g_clear_pointer (&after, g_free);
  g_clear_object (&doc);
  doc = gait_elan_document_new_from_data (eaf, -1, "linked.eaf", &error);
  g_assert_no_error (error);
  if (refused)
    {
      g_assert_false (gait_elan_document_set_cycles (doc, &moved, 1, &options, &error));
      g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_str_has_prefix (error->message, "linked.eaf:"));
      g_test_message ("%s", error->message);
      after = gait_elan_document_to_data (doc, NULL);
      g_assert_cmpstr (before, ==, after);
    }
  else
    {
      g_assert_true (gait_elan_document_set_cycles (doc, &moved, 1, &options, &error));
      g_assert_no_error (error);
    }

  gait_test_remove_tree (tmp);
}

static void
test_linked_nothing (void)
{
  check_linked ("", "", FALSE);
}

static void
test_linked_cross_ref (void)
{
  check_linked ("", REF_LINKS, TRUE);
}

static void
test_linked_group_ref (void)
{
  check_linked ("", GROUP_LINKS, TRUE);
}

static void
test_linked_dependent (void)
{
  check_linked (PHASE_ANNOTATION, "", TRUE);
}

static GPtrArray *
tier_ids_of (const TNode *root)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < root->children->len; i++)
    {
      TNode *child = g_ptr_array_index (root->children, i);

      if (g_strcmp0 (child->name, "TIER") == 0)
        g_ptr_array_add (ids, g_strdup (tnode_attr (child, "TIER_ID")));
    }

  return ids;
}

/* Tiers created for cycles come in the order gait_cycles_to_eaf() writes
 * them, each limb's rejected tier right after its own; names with
 * characters XML forbids are written as U+FFFD, and the result validates */
static void
test_created_tiers (void)
{
  const char * const limbs[] = { "fl", "hr", NULL };
  static const char *odd = "a\x01" "b\xEF\xBF\xBE" "c";
  GaitCycle cycles[] = {
    make_cycle ("hr", 0, 25, -1, NAN, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_DETECTED),
    make_cycle ("x", 0, 25, -1, NAN, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_REJECTED),
    make_cycle ("fl", 25, 50, -1, NAN, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_REJECTED),
    make_cycle ("hr", 25, 50, -1, NAN, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_REJECTED),
    make_cycle ("fl", 50, 75, -1, NAN, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_ACCEPTED),
    make_cycle (odd, 0, 25, -1, NAN, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_DETECTED),
  };
  GaitExportOptions empty_options = { .fps = 50 };
  GaitExportOptions options = { .fps = 50, .limbs = limbs };
  g_autofree char *tmp = gait_test_make_tmpdir ("test-elan-XXXXXX");
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) exported_ids = NULL;
  g_autoptr(GPtrArray) set_ids = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *out = NULL;
  TNode *exported_root, *out_root;

  empty = gait_cycles_to_eaf (NULL, 0, &empty_options, &error);
  g_assert_no_error (error);
  doc = gait_elan_document_new_from_data (empty, -1, "empty.eaf", &error);
  g_assert_no_error (error);
  g_assert_true (gait_elan_document_set_cycles (doc, cycles, G_N_ELEMENTS (cycles), &options, &error));
  g_assert_no_error (error);
  out = gait_elan_document_to_data (doc, NULL);

  exported = gait_cycles_to_eaf (cycles, G_N_ELEMENTS (cycles), &options, &error);
  g_assert_no_error (error);

  exported_root = tnode_parse (exported, strlen (exported));
  out_root = tnode_parse (out, strlen (out));
  exported_ids = tier_ids_of (exported_root);
  set_ids = tier_ids_of (out_root);

  g_assert_cmpuint (set_ids->len, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (set_ids, 0), ==, "fl");
  g_assert_cmpstr (g_ptr_array_index (set_ids, 1), ==, "fl rejected");
  g_assert_cmpstr (g_ptr_array_index (set_ids, 2), ==, "hr");
  g_assert_cmpstr (g_ptr_array_index (set_ids, 3), ==, "hr rejected");
  g_assert_cmpstr (g_ptr_array_index (set_ids, 4), ==, "x");
  g_assert_cmpstr (g_ptr_array_index (set_ids, 5), ==, "x rejected");
  g_assert_cmpstr (g_ptr_array_index (set_ids, 6), ==, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
  g_assert_cmpuint (exported_ids->len, ==, set_ids->len);
  for (guint i = 0; i < set_ids->len; i++)
    g_assert_cmpstr (g_ptr_array_index (exported_ids, i), ==, g_ptr_array_index (set_ids, i));

  g_assert_null (strstr (out, "\xEF\xBF\xBE"));
  g_assert_null (strstr (exported, "\xEF\xBF\xBE"));

  g_assert_true (eaf_text_validates (tmp, "out.eaf", out));

  tnode_free (exported_root);
  tnode_free (out_root);
  gait_test_remove_tree (tmp);
}

/* Signals for ELAN's time-series viewer, linked from the document */
static void
test_timeseries (void)
{
  g_autofree char *tmp = gait_test_make_tmpdir ("test-elan-XXXXXX");
  g_autofree char *csv_path = g_build_filename (tmp, "run 1%.csv", NULL);
  g_autofree char *tsconf_path = g_build_filename (tmp, "run_tsconf.xml", NULL);
  g_autofree char *eaf_path = g_build_filename (tmp, "run.eaf", NULL);
  g_autofree char *bad_tsconf = g_build_filename (tmp, "run.xml", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *eaf = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GaitElanDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const double fl[] = { 0, 1.5, NAN, 3.25 };
  const double hr[] = { -1, 2, 4, 8 };
  const GaitElanTrack tracks[] = {
    { "fl hoof speed", "px/frame", fl },
    { "hr, \"hind\" <speed>", NULL, hr },
  };
  GaitCycle cycle = make_cycle ("fl", 0, 3, -1, NAN, NAN, GAIT_METHOD_TOUCHDOWN, GAIT_CYCLE_DETECTED);
  GaitExportOptions options = { .fps = 50 };
  TNode *root, *source, *track, *header;

  g_assert_true (gait_elan_write_timeseries (csv_path, tsconf_path, tracks, 2, 4, 50, &error));
  g_assert_no_error (error);

  g_file_get_contents (csv_path, &csv, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "# time (s),fl hoof speed,\"hr, \"\"hind\"\" <speed>\"");
  g_assert_cmpstr (lines[1], ==, "0.000000,0,-1");
  g_assert_cmpstr (lines[2], ==, "0.020000,1.5,2");
  g_assert_cmpstr (lines[3], ==, "0.040000,NaN,4");
  g_assert_cmpstr (lines[4], ==, "0.060000,3.25,8");
  g_assert_cmpstr (lines[5], ==, "");
  g_assert_null (lines[6]);

  g_file_get_contents (tsconf_path, &conf, NULL, &error);
  g_assert_no_error (error);
  root = tnode_parse (conf, strlen (conf));
  g_assert_cmpstr (root->name, ==, "timeseries");
  g_assert_cmpstr (tnode_attr (root, "version"), ==, "1.0");
  {
    g_autoptr(GRegex) elan_date = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d$",
                                               0, 0, NULL);

    /* the same date as the EAF's, as ELAN writes it */
    g_assert_true (g_regex_match (elan_date, tnode_attr (root, "date"), 0, NULL));
  }
  source = find_child (root, "tracksource", NULL, NULL);
  g_assert_nonnull (source);
  g_assert_cmpstr (tnode_attr (source, "time-column"), ==, "0");
  g_assert_cmpstr (tnode_attr (source, "sample-type"), ==, "Discontinuous Rate");
  g_assert_true (g_str_has_prefix (tnode_attr (source, "source-url"), "file:///"));
  g_assert_true (g_str_has_suffix (tnode_attr (source, "source-url"), "/run 1%25.csv"));
  g_assert_nonnull (find_child (source, "property", "value",
                                "mpi.eudico.client.annotator.timeseries.csv.CSVServiceProvider"));
  track = find_child (source, "track", "name", "hr, \"hind\" <speed>");
  g_assert_nonnull (track);
  g_assert_cmpstr (tnode_attr (find_child (find_child (track, "sample-position", NULL, NULL), "pos", NULL, NULL),
                               "col"), ==, "2");
  g_assert_cmpstr (tnode_attr (find_child (track, "range", NULL, NULL), "min"), ==, "-1");
  g_assert_cmpstr (tnode_attr (find_child (track, "range", NULL, NULL), "max"), ==, "8");
  track = find_child (source, "track", "name", "fl hoof speed");
  g_assert_nonnull (track);
  {
    g_autofree char *units = tnode_text (find_child (track, "units", NULL, NULL));

    g_assert_cmpstr (units, ==, "px/frame");
  }
  tnode_free (root);

  /* Misnamed configuration, no signal, no rate */
  g_assert_false (gait_elan_write_timeseries (csv_path, bad_tsconf, tracks, 2, 4, 50, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gait_elan_write_timeseries (csv_path, tsconf_path, tracks, 0, 4, 50, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gait_elan_write_timeseries (csv_path, tsconf_path, tracks, 2, 4, 0, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_NO_FRAME_RATE);
  g_clear_error (&error);

  /* Linked from a document, once however often */
  eaf = gait_cycles_to_eaf (&cycle, 1, &options, &error);
  g_assert_no_error (error);
  doc = gait_elan_document_new_from_data (eaf, -1, "run.eaf", &error);
  g_assert_no_error (error);
  g_assert_true (gait_elan_document_link_timeseries (doc, csv_path, tsconf_path, eaf_path, &error));
  g_assert_no_error (error);
  g_assert_true (gait_elan_document_link_timeseries (doc, csv_path, tsconf_path, eaf_path, &error));
  g_assert_no_error (error);
  g_assert_false (gait_elan_document_link_timeseries (doc, csv_path, bad_tsconf, eaf_path, &error));
  g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  {
    g_autofree char *other = g_build_filename (tmp, "other_tsconf.xml", NULL);

    g_assert_false (gait_elan_document_link_timeseries (doc, csv_path, other, NULL, &error));
    g_assert_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  out = gait_elan_document_to_data (doc, NULL);
  root = tnode_parse (out, strlen (out));
  header = find_child (root, "HEADER", NULL, NULL);
  {
    guint n_linked = 0;
    TNode *csv_link = find_child (header, "LINKED_FILE_DESCRIPTOR", "MIME_TYPE", "text/plain");
    TNode *conf_link = find_child (header, "LINKED_FILE_DESCRIPTOR", "MIME_TYPE", "text/xml");

    for (guint i = 0; i < header->children->len; i++)
      n_linked += g_strcmp0 (((TNode *)g_ptr_array_index (header->children, i))->name,
                             "LINKED_FILE_DESCRIPTOR") == 0;
    g_assert_cmpuint (n_linked, ==, 2);
    g_assert_nonnull (csv_link);
    g_assert_nonnull (conf_link);
    g_assert_cmpstr (tnode_attr (csv_link, "RELATIVE_LINK_URL"), ==, "./run 1%25.csv");
    g_assert_cmpstr (tnode_attr (conf_link, "RELATIVE_LINK_URL"), ==, "./run_tsconf.xml");
    g_assert_true (g_str_has_suffix (tnode_attr (conf_link, "LINK_URL"), "/run_tsconf.xml"));
    /* the configuration names the data as the document links it */
    g_clear_pointer (&conf, g_free);
    g_file_get_contents (tsconf_path, &conf, NULL, NULL);
    g_assert_nonnull (strstr (conf, tnode_attr (csv_link, "LINK_URL")));
  }
  tnode_free (root);

  g_assert_true (eaf_text_validates (tmp, "run.eaf", out));

  gait_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/elan/parse-shared", test_parse_shared);
  g_test_add_func ("/elan/unaligned-shared", test_unaligned_shared);
  g_test_add_func ("/elan/round-trip-shared", test_round_trip_shared);
  g_test_add_func ("/elan/set-cycles-shared", test_set_cycles_shared);
  g_test_add_func ("/elan/export-round-trip/50", test_export_round_trip_50);
  g_test_add_func ("/elan/export-round-trip/ntsc", test_export_round_trip_ntsc);
  g_test_add_func ("/elan/replace-cycles", test_replace_cycles);
  g_test_add_func ("/elan/hand-made", test_hand_made);
  g_test_add_func ("/elan/media-offset", test_media_offset);
  g_test_add_func ("/elan/dependent-tiers", test_dependent_tiers);
  g_test_add_func ("/elan/bad-cycles", test_bad_cycles);
  g_test_add_func ("/elan/bad-types", test_bad_types);
  g_test_add_func ("/elan/malformed", test_malformed);
  g_test_add_func ("/elan/error-line", test_error_line);
  g_test_add_func ("/elan/timeseries", test_timeseries);
  g_test_add_func ("/elan/created-tiers", test_created_tiers);
  g_test_add_func ("/elan/special-characters", test_special_characters);
  g_test_add_func ("/elan/linked/nothing", test_linked_nothing);
  g_test_add_func ("/elan/linked/cross-ref", test_linked_cross_ref);
  g_test_add_func ("/elan/linked/group-ref", test_linked_group_ref);
  g_test_add_func ("/elan/linked/dependent", test_linked_dependent);

  return g_test_run ();
}
