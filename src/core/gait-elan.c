/* gait-elan.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gaitline"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gait-elan.h"
#include "gait-export-private.h"
#include "gait-error.h"

/**
 * GaitElanDocument:
 *
 * An ELAN annotation document (EAF 2.x or 3.0) held as the tree it was
 * read as: every element, attribute, text run (white space included),
 * comment and processing instruction, in document order. Only
 * gait_elan_document_set_cycles() and gait_elan_document_link_timeseries()
 * change it, and only where they say; gait_elan_document_to_data() writes
 * everything else back as read.
 *
 * Reading uses #GMarkupParseContext, which never touches the network and
 * knows no external entities: a document type declaration (DOCTYPE,
 * ENTITY) is refused, an undefined entity reference is a parse error, and
 * elements nested deeper than %GAIT_ELAN_MAX_DEPTH are refused, so no
 * input can recurse without bound.
 *
 * Cycle tiers. A tier whose TIER_ID is a limb name holds that limb's
 * cycles; "LIMB rejected" holds the cycles a person rejected (as
 * gait_cycles_to_eaf() writes them). The limbs come from the caller (the
 * profile's limbs); without them, the tiers of linguistic type
 * "stride-cycle" are the cycle tiers.
 *
 * Reading cycles. Each alignable annotation of a cycle tier is one cycle,
 * from round((ms + offset) × fps / 1000) to the same of its end, where
 * offset is the TIME_ORIGIN of the first video MEDIA_DESCRIPTOR (ELAN's
 * media offset; 0 when absent). Its value decides the rest:
 *
 * - on a "LIMB rejected" tier the state is always rejected;
 * - a value whose first word is a state name ("accepted", "edited", …)
 *   has that state, and a following method name ("touchdown", "seed",
 *   "manual") sets the method;
 * - a value whose first word is a method name is a detected cycle, as
 *   gait_cycles_to_eaf() writes it for cycles nobody reviewed;
 * - any other value (a person's own annotation) is an accepted, manual
 *   cycle: a person made it.
 *
 * "conf=", "pd=" and "duty=" words give the confidence, the Procrustes
 * distance and, from the duty factor, the lift-off frame (to the two
 * decimals written, so exact for cycles up to 100 frames).
 *
 * A time slot without TIME_VALUE (ELAN's unaligned slot, as in time
 * subdivisions) gets its time from the tier: adjoining annotations (one
 * ends on the slot the next starts on) form a chain whose unaligned slots
 * share the time between the chain's nearest aligned slots evenly, which is
 * how ELAN shows them. A slot without aligned slots on both sides in its
 * chain is interpolated by its position in TIME_ORDER between the nearest
 * slots there that have a time (the first or last such time when there is
 * only one side). Annotations shorter
 * than a frame at the given rate, or before the video's start, are skipped
 * with a message (g_message(), not a warning: bad data is no programming
 * error).
 *
 * Writing cycles replaces the annotations of the cycle tiers and the time
 * slots only they used, and nothing else; see
 * gait_elan_document_set_cycles(). Documents are written back in the
 * format they were read in: a 2.x document stays 2.x (new elements exist
 * with the same syntax in every 2.x format), a 3.0 document stays 3.0 and,
 * if it validated against EAFv3.0.xsd, still does.
 */

/* The tree */

typedef enum
{
  NODE_ELEMENT,
  NODE_TEXT,
  NODE_RAW,
} NodeKind;

typedef struct _Node Node;

struct _Node
{
  NodeKind   kind;
  guint      line;
  /* element name; the text of TEXT nodes; RAW nodes (comments, processing
   * instructions) verbatim, delimiters included */
  char      *name;
  /* elements only: name, value, name, value, … (NULL when none) */
  GPtrArray *attrs;
  /* elements only: owned children (NULL when none) */
  GPtrArray *children;
  Node      *parent;
};

static void
node_free (gpointer data)
{
  Node *node = data;

  if (node == NULL)
    return;

  g_free (node->name);
  g_clear_pointer (&node->attrs, g_ptr_array_unref);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

static Node *
node_new (NodeKind    kind,
          const char *name,
          guint       line)
{
  Node *node = g_new0 (Node, 1);

  node->kind = kind;
  node->name = g_strdup (name);
  node->line = line;

  return node;
}

static inline gboolean
node_is (const Node *node,
         const char *name)
{
  return node != NULL && node->kind == NODE_ELEMENT && strcmp (node->name, name) == 0;
}

static inline guint
node_n_children (const Node *node)
{
  return node->children != NULL ? node->children->len : 0;
}

static inline Node *
node_child_at (const Node *node,
               guint       i)
{
  return g_ptr_array_index (node->children, i);
}

static const char *
node_attr (const Node *node,
           const char *name)
{
  if (node->attrs == NULL)
    return NULL;

  for (guint i = 0; i + 1 < node->attrs->len; i += 2)
    {
      if (strcmp (g_ptr_array_index (node->attrs, i), name) == 0)
        return g_ptr_array_index (node->attrs, i + 1);
    }

  return NULL;
}

static void
node_set_attr (Node       *node,
               const char *name,
               const char *value)
{
  if (node->attrs == NULL)
    node->attrs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i + 1 < node->attrs->len; i += 2)
    {
      if (strcmp (g_ptr_array_index (node->attrs, i), name) == 0)
        {
          g_free (g_ptr_array_index (node->attrs, i + 1));
          g_ptr_array_index (node->attrs, i + 1) = g_strdup (value);
          return;
        }
    }

  g_ptr_array_add (node->attrs, g_strdup (name));
  g_ptr_array_add (node->attrs, g_strdup (value));
}

static void
node_remove_attr (Node       *node,
                  const char *name)
{
  if (node->attrs == NULL)
    return;

  for (guint i = 0; i + 1 < node->attrs->len; i += 2)
    {
      if (strcmp (g_ptr_array_index (node->attrs, i), name) == 0)
        {
          g_ptr_array_remove_range (node->attrs, i, 2);
          return;
        }
    }
}

/* Appends @child at the very end of @parent's children, nothing else. */
static void
node_add (Node *parent,
          Node *child)
{
  if (parent->children == NULL)
    parent->children = g_ptr_array_new_with_free_func (node_free);

  child->parent = parent;
  g_ptr_array_add (parent->children, child);
}

static Node *
node_child (const Node *node,
            const char *name)
{
  for (guint i = 0; i < node_n_children (node); i++)
    {
      Node *child = node_child_at (node, i);

      if (node_is (child, name))
        return child;
    }

  return NULL;
}

static gboolean
node_is_blank (const Node *node)
{
  if (node->kind != NODE_TEXT)
    return FALSE;

  for (const char *p = node->name; *p != '\0'; p++)
    {
      if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
        return FALSE;
    }

  return TRUE;
}

static guint
node_depth (const Node *node)
{
  guint depth = 0;

  for (const Node *p = node->parent; p != NULL; p = p->parent)
    depth++;

  return depth;
}

/* The text content of a simple element such as ANNOTATION_VALUE: its text
 * children joined (comments left out). */
static char *
node_text (const Node *node)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < node_n_children (node); i++)
    {
      const Node *child = node_child_at (node, i);

      if (child->kind == NODE_TEXT)
        g_string_append (text, child->name);
    }

  return g_string_free (text, FALSE);
}

static void
node_set_text (Node       *node,
               const char *text)
{
  g_clear_pointer (&node->children, g_ptr_array_unref);

  if (text != NULL && text[0] != '\0')
    node_add (node, node_new (NODE_TEXT, text, 0));
}

/* The document */

struct _GaitElanDocument
{
  GObject    parent_instance;

  char      *display_name;
  char      *format;
  /* the text that indents one level ("    " in files ELAN saves); NULL
   * when the document is not indented */
  char      *indent;
  /* comments and processing instructions before and after the root */
  GPtrArray *prolog;
  GPtrArray *epilog;
  Node      *root;
};

G_DEFINE_FINAL_TYPE (GaitElanDocument, gait_elan_document, G_TYPE_OBJECT)

static void
gait_elan_document_finalize (GObject *object)
{
  GaitElanDocument *self = GAIT_ELAN_DOCUMENT (object);

  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->format, g_free);
  g_clear_pointer (&self->indent, g_free);
  g_clear_pointer (&self->prolog, g_ptr_array_unref);
  g_clear_pointer (&self->epilog, g_ptr_array_unref);
  g_clear_pointer (&self->root, node_free);

  G_OBJECT_CLASS (gait_elan_document_parent_class)->finalize (object);
}

static void
gait_elan_document_class_init (GaitElanDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gait_elan_document_finalize;
}

static void
gait_elan_document_init (GaitElanDocument *self)
{
  self->prolog = g_ptr_array_new_with_free_func (node_free);
  self->epilog = g_ptr_array_new_with_free_func (node_free);
}

/* Line break and indentation for a child of an element at @depth. */
static char *
indentation (GaitElanDocument *self,
             guint             depth)
{
  GString *ws = g_string_new ("\n");

  for (guint i = 0; i < depth; i++)
    g_string_append (ws, self->indent);

  return g_string_free (ws, FALSE);
}

static void
node_insert (Node  *parent,
             guint  index,
             Node  *child)
{
  if (parent->children == NULL)
    parent->children = g_ptr_array_new_with_free_func (node_free);

  child->parent = parent;
  g_ptr_array_insert (parent->children, index, child);
}

/* Inserts @child into @parent at @index (an index into its children) with
 * the white space that lines it up with its siblings when the document is
 * indented: a line break and indentation before it (@space_before) or
 * after it. A parent without children also gets the indentation of its
 * own closing tag. */
static void
node_insert_indented (GaitElanDocument *self,
                      Node             *parent,
                      guint             index,
                      Node             *child,
                      gboolean          space_before)
{
  guint depth;
  g_autofree char *inner = NULL;

  if (self->indent == NULL)
    {
      node_insert (parent, index, child);
      return;
    }

  depth = node_depth (parent);
  inner = indentation (self, depth + 1);

  if (node_n_children (parent) == 0)
    {
      g_autofree char *outer = indentation (self, depth);

      node_insert (parent, 0, node_new (NODE_TEXT, inner, 0));
      node_insert (parent, 1, child);
      node_insert (parent, 2, node_new (NODE_TEXT, outer, 0));
    }
  else if (space_before)
    {
      node_insert (parent, index, node_new (NODE_TEXT, inner, 0));
      node_insert (parent, index + 1, child);
    }
  else
    {
      node_insert (parent, index, child);
      node_insert (parent, index + 1, node_new (NODE_TEXT, inner, 0));
    }
}

static guint
node_index_of (const Node *parent,
               const Node *child)
{
  guint index = 0;

  if (parent->children == NULL || !g_ptr_array_find (parent->children, child, &index))
    g_assert_not_reached ();

  return index;
}

/* Puts @child right after @sibling (a child of @parent), or when @sibling
 * is NULL before the first child of @parent:
 * [… sibling ws B …] becomes [… sibling ws' child ws B …] and
 * [ws A …] becomes [ws child ws' A …]. */
static void
node_insert_after (GaitElanDocument *self,
                   Node             *parent,
                   Node             *sibling,
                   Node             *child)
{
  if (sibling != NULL)
    node_insert_indented (self, parent, node_index_of (parent, sibling) + 1, child, TRUE);
  else if (node_n_children (parent) > 0 && node_is_blank (node_child_at (parent, 0)))
    node_insert_indented (self, parent, 1, child, FALSE);
  else
    node_insert_indented (self, parent, 0, child, FALSE);
}

/* Puts @child after the last child of @parent that is not text. */
static void
node_append_indented (GaitElanDocument *self,
                      Node             *parent,
                      Node             *child)
{
  guint n = node_n_children (parent);

  for (guint i = n; i > 0; i--)
    {
      Node *last = node_child_at (parent, i - 1);

      if (last->kind != NODE_TEXT)
        {
          node_insert_after (self, parent, last, child);
          return;
        }
    }

  if (n > 0 && node_is_blank (node_child_at (parent, n - 1)))
    node_insert_indented (self, parent, n - 1, child, TRUE);
  else
    node_insert_indented (self, parent, n, child, TRUE);
}

/* Reading */

typedef struct
{
  GaitElanDocument *doc;
  Node             *current;
  guint             depth;
  gboolean          root_closed;
  gboolean          seen_anything;
} ParseState;

static void
parse_start_element (GMarkupParseContext  *context,
                     const char           *element_name,
                     const char          **attribute_names,
                     const char          **attribute_values,
                     gpointer              user_data,
                     GError              **error)
{
  ParseState *state = user_data;
  g_autoptr(GHashTable) seen = NULL;
  Node *node;
  guint n_attrs;
  int line;

  state->seen_anything = TRUE;

  if (state->root_closed)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "element <%s> after the end of the root element", element_name);
      return;
    }

  if (state->depth >= GAIT_ELAN_MAX_DEPTH)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "elements nested deeper than %u levels", GAIT_ELAN_MAX_DEPTH);
      return;
    }

  n_attrs = g_strv_length ((char **)attribute_names);

  /* GMarkup lets a repeated attribute through; XML does not */
  if (n_attrs > 1)
    seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_attrs && seen != NULL; i++)
    {
      if (!g_hash_table_add (seen, (gpointer)attribute_names[i]))
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "attribute “%s” repeated in <%s>", attribute_names[i], element_name);
          return;
        }
    }

  g_markup_parse_context_get_position (context, &line, NULL);
  node = node_new (NODE_ELEMENT, element_name, line);
  if (n_attrs > 0)
    {
      node->attrs = g_ptr_array_new_full (2 * n_attrs, g_free);
      for (guint i = 0; i < n_attrs; i++)
        {
          g_ptr_array_add (node->attrs, g_strdup (attribute_names[i]));
          g_ptr_array_add (node->attrs, g_strdup (attribute_values[i]));
        }
    }

  if (state->current == NULL)
    state->doc->root = node;
  else
    node_add (state->current, node);

  state->current = node;
  state->depth++;
}

static void
parse_end_element (GMarkupParseContext  *context,
                   const char           *element_name,
                   gpointer              user_data,
                   GError              **error)
{
  ParseState *state = user_data;

  g_assert (state->current != NULL);

  state->current = state->current->parent;
  state->depth--;
  if (state->current == NULL)
    state->root_closed = TRUE;
}

static void
parse_text (GMarkupParseContext  *context,
            const char           *text,
            gsize                 text_len,
            gpointer              user_data,
            GError              **error)
{
  ParseState *state = user_data;
  Node *parent = state->current;
  Node *last = NULL;

  /* Outside the root GMarkup allows white space only. GMarkup has done
   * XML's end-of-line handling: CR LF and a lone CR read as LF, while
   * &#13; stays a carriage return. */
  if (parent == NULL || text_len == 0)
    return;

  if (node_n_children (parent) > 0)
    last = node_child_at (parent, node_n_children (parent) - 1);

  /* CDATA sections arrive as runs of their own: keep one text node */
  if (last != NULL && last->kind == NODE_TEXT)
    {
      gsize old_len = strlen (last->name);

      last->name = g_realloc (last->name, old_len + text_len + 1);
      memcpy (last->name + old_len, text, text_len);
      last->name[old_len + text_len] = '\0';
    }
  else
    {
      Node *node = node_new (NODE_TEXT, NULL, 0);
      int line;

      g_markup_parse_context_get_position (context, &line, NULL);
      node->name = g_strndup (text, text_len);
      node->line = line;
      node_add (parent, node);
    }
}

static void
parse_passthrough (GMarkupParseContext  *context,
                   const char           *text,
                   gsize                 text_len,
                   gpointer              user_data,
                   GError              **error)
{
  ParseState *state = user_data;
  gboolean first = !state->seen_anything;
  g_autofree char *raw = g_strndup (text, text_len);
  int line;

  state->seen_anything = TRUE;

  /* The XML declaration: always rewritten as UTF-8 on output */
  if (g_str_has_prefix (raw, "<?xml") &&
      (raw[5] == ' ' || raw[5] == '\t' || raw[5] == '\r' || raw[5] == '\n' || raw[5] == '?'))
    {
      if (!first)
        g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                             "XML declaration not at the start of the document");
      return;
    }

  if (g_str_has_prefix (raw, "<!") && !g_str_has_prefix (raw, "<!--"))
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "document type and entity declarations (<!DOCTYPE …>, <!ENTITY …>) "
                           "are not allowed in ELAN documents");
      return;
    }

  g_markup_parse_context_get_position (context, &line, NULL);

  if (state->current != NULL)
    node_add (state->current, node_new (NODE_RAW, raw, line));
  else if (state->doc->root == NULL)
    g_ptr_array_add (state->doc->prolog, node_new (NODE_RAW, raw, line));
  else
    g_ptr_array_add (state->doc->epilog, node_new (NODE_RAW, raw, line));
}

static const GMarkupParser parser = {
  parse_start_element,
  parse_end_element,
  parse_text,
  parse_passthrough,
  NULL,
};

/* "FILE:LINE:COLUMN: problem", without GMarkup's own "Error on line …"
 * prefix, and always valid UTF-8. */
static void
set_markup_error (GError              **error,
                  const char           *display_name,
                  GMarkupParseContext  *context,
                  const GError         *markup_error)
{
  const char *message = markup_error->message;
  g_autofree char *valid = NULL;
  int line = 0;
  int column = 0;

  if (g_str_has_prefix (message, "Error on line "))
    {
      const char *colon = strstr (message, ": ");

      if (colon != NULL)
        message = colon + 2;
    }

  valid = g_utf8_make_valid (message, -1);
  g_markup_parse_context_get_position (context, &line, &column);
  g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
               "%s:%d:%d: not a valid ELAN file: %s", display_name, line, column, valid);
}

/* The indentation step of the document, from the white space before the
 * root's first child: what ELAN writes is four spaces. */
static char *
detect_indent (const Node *root)
{
  for (guint i = 0; i < node_n_children (root); i++)
    {
      const Node *child = node_child_at (root, i);
      const char *newline;

      if (child->kind != NODE_TEXT)
        break;
      if (!node_is_blank (child))
        break;

      newline = strrchr (child->name, '\n');
      if (newline != NULL && newline[1] != '\0')
        return g_strdup (newline + 1);
    }

  return NULL;
}

/**
 * gait_elan_document_new_from_data:
 * @data: (array length=length): the document's bytes, UTF-8
 * @length: the length of @data, or -1 if it is nul-terminated
 * @display_name: (nullable): the file name used in error messages
 * @error: return location for a #GError
 *
 * Parses an ELAN annotation document (format 2.x or 3.0) into a tree that
 * keeps every element, attribute, text and comment in order. The document
 * need not validate against a schema; it must be well-formed XML in
 * UTF-8 whose root element is ANNOTATION_DOCUMENT.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error
 *   set to %GAIT_ERROR_PARSE; its message names the file, the line and
 *   the problem
 */
GaitElanDocument *
gait_elan_document_new_from_data (const char  *data,
                                  gssize       length,
                                  const char  *display_name,
                                  GError     **error)
{
  g_autoptr(GaitElanDocument) self = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  ParseState state = { 0 };
  const char *format;
  const char *invalid = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "ELAN document";
  if (data == NULL)
    data = "";
  if (length < 0)
    length = strlen (data);

  /* A UTF-8 byte order mark is allowed before the declaration */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  /* XML 1.0 has no place for NUL and most control characters, which
   * GMarkup lets through (and NUL would cut strings short) */
  for (gssize i = 0, line = 1; i < length; i++)
    {
      guchar c = data[i];

      if (c == '\n')
        line++;
      else if (c < 0x20 && c != '\t' && c != '\r')
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s:%" G_GSSIZE_FORMAT ": not a valid ELAN file: control character U+%04X "
                       "is not allowed in XML", display_name, line, c);
          return NULL;
        }
    }

  /* ...nor for bytes that are not UTF-8. GMarkup (GLib 2.74) notices them
   * in comments and processing instructions but parses on, and then sets
   * a second error over the first (a warning) or reports success. */
  if (!g_utf8_validate_len (data, length, &invalid))
    {
      gsize line = 1;

      for (const char *p = data; p < invalid; p++)
        line += *p == '\n';

      g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                   "%s:%" G_GSIZE_FORMAT ": not a valid ELAN file: the text is not UTF-8",
                   display_name, line);
      return NULL;
    }

  self = g_object_new (GAIT_TYPE_ELAN_DOCUMENT, NULL);
  self->display_name = g_strdup (display_name);
  state.doc = self;

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &state, NULL);
  if (!g_markup_parse_context_parse (context, data, length, &local_error) ||
      !g_markup_parse_context_end_parse (context, &local_error))
    {
      set_markup_error (error, display_name, context, local_error);
      return NULL;
    }

  /* GMarkup takes a document of comments or processing instructions only */
  if (self->root == NULL)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                   "%s:1: not an ELAN file: no root element", display_name);
      return NULL;
    }

  if (!node_is (self->root, "ANNOTATION_DOCUMENT"))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                   "%s:%u: not an ELAN file: the root element is <%s>, not <ANNOTATION_DOCUMENT>",
                   display_name, self->root->line, self->root->name);
      return NULL;
    }

  format = node_attr (self->root, "FORMAT");
  if (format == NULL)
    format = node_attr (self->root, "VERSION");
  self->format = g_strdup (format);
  self->indent = detect_indent (self->root);

  return g_steal_pointer (&self);
}

/**
 * gait_elan_document_new_from_file:
 * @path: an .eaf file
 * @error: return location for a #GError
 *
 * Reads @path with gait_elan_document_new_from_data().
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error
 *   set to %GAIT_ERROR_PARSE naming @path
 */
GaitElanDocument *
gait_elan_document_new_from_file (const char  *path,
                                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display_name = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_name (path);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                   "%s: cannot read ELAN file: %s", display_name, local_error->message);
      return NULL;
    }

  return gait_elan_document_new_from_data (contents, length, display_name, error);
}

/**
 * gait_elan_document_get_format:
 * @self: a #GaitElanDocument
 *
 * Returns: (nullable): the document's FORMAT (or VERSION) attribute, e.g.
 *   "3.0" or "2.7"
 */
const char *
gait_elan_document_get_format (GaitElanDocument *self)
{
  g_return_val_if_fail (GAIT_IS_ELAN_DOCUMENT (self), NULL);

  return self->format;
}

/* Writing */

static void
node_write (const Node *node,
            GString    *out)
{
  switch (node->kind)
    {
    case NODE_TEXT:
      _gait_xml_append_escaped (out, node->name, FALSE);
      break;

    case NODE_RAW:
      g_string_append (out, node->name);
      break;

    case NODE_ELEMENT:
    default:
      g_string_append_c (out, '<');
      g_string_append (out, node->name);
      for (guint i = 0; node->attrs != NULL && i + 1 < node->attrs->len; i += 2)
        {
          g_string_append_c (out, ' ');
          g_string_append (out, g_ptr_array_index (node->attrs, i));
          g_string_append (out, "=\"");
          _gait_xml_append_escaped (out, g_ptr_array_index (node->attrs, i + 1), TRUE);
          g_string_append_c (out, '"');
        }

      if (node_n_children (node) == 0)
        {
          g_string_append (out, "/>");
          break;
        }

      g_string_append_c (out, '>');
      for (guint i = 0; i < node_n_children (node); i++)
        node_write (node_child_at (node, i), out);
      g_string_append (out, "</");
      g_string_append (out, node->name);
      g_string_append_c (out, '>');
      break;
    }
}

/**
 * gait_elan_document_to_data:
 * @self: a #GaitElanDocument
 * @length: (out) (optional): the length of the result in bytes
 *
 * Writes the document as UTF-8 XML with an XML declaration, the elements
 * in the order they were read (or inserted), attributes in the order read,
 * text and white space as read, special characters escaped.
 *
 * Returns: (transfer full): the document
 */
char *
gait_elan_document_to_data (GaitElanDocument *self,
                            gsize            *length)
{
  GString *out;

  g_return_val_if_fail (GAIT_IS_ELAN_DOCUMENT (self), NULL);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

  for (guint i = 0; i < self->prolog->len; i++)
    {
      node_write (g_ptr_array_index (self->prolog, i), out);
      g_string_append_c (out, '\n');
    }

  node_write (self->root, out);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < self->epilog->len; i++)
    {
      node_write (g_ptr_array_index (self->epilog, i), out);
      g_string_append_c (out, '\n');
    }

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

/**
 * gait_elan_document_save:
 * @self: a #GaitElanDocument
 * @path: where to write it
 * @error: return location for a #GError
 *
 * Writes gait_elan_document_to_data() to @path atomically.
 *
 * Returns: %TRUE on success
 */
gboolean
gait_elan_document_save (GaitElanDocument  *self,
                         const char        *path,
                         GError           **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (GAIT_IS_ELAN_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = gait_elan_document_to_data (self, &length);

  return gait_write_file_atomic (path, data, length, error);
}

/* Time slots */

typedef struct
{
  Node    *node;
  double   ms;       /* TIME_VALUE, or interpolated when unaligned */
  gboolean aligned;
} Slot;

typedef struct
{
  GArray     *slots;  /* Slot, in TIME_ORDER order */
  GHashTable *by_id;  /* TIME_SLOT_ID → index + 1 */
} SlotTable;

static void
slot_table_clear (SlotTable *table)
{
  g_clear_pointer (&table->slots, g_array_unref);
  g_clear_pointer (&table->by_id, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlotTable, slot_table_clear)

static Node *
time_order_of (GaitElanDocument  *self,
               GError           **error)
{
  Node *time_order = node_child (self->root, "TIME_ORDER");

  if (time_order == NULL)
    g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                 "%s:%u: the ELAN document has no TIME_ORDER element",
                 self->display_name, self->root->line);

  return time_order;
}

static gboolean
slot_table_init (GaitElanDocument  *self,
                 Node              *time_order,
                 SlotTable         *table,
                 GError           **error)
{
  guint n;
  guint prev = G_MAXUINT;

  table->slots = g_array_new (FALSE, FALSE, sizeof (Slot));
  table->by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < node_n_children (time_order); i++)
    {
      Node *node = node_child_at (time_order, i);
      const char *id;
      const char *value;
      Slot slot = { node, 0, FALSE };

      if (!node_is (node, "TIME_SLOT"))
        continue;

      id = node_attr (node, "TIME_SLOT_ID");
      value = node_attr (node, "TIME_VALUE");

      if (id == NULL)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s:%u: a time slot has no TIME_SLOT_ID", self->display_name, node->line);
          return FALSE;
        }

      if (value != NULL)
        {
          guint64 ms;

          if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &ms, NULL))
            {
              g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                           "%s:%u: time slot “%s” has TIME_VALUE “%s”, not a number of milliseconds",
                           self->display_name, node->line, id, value);
              return FALSE;
            }

          slot.ms = ms;
          slot.aligned = TRUE;
        }

      if (!g_hash_table_insert (table->by_id, (gpointer)id, GUINT_TO_POINTER (table->slots->len + 1)))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s:%u: time slot “%s” is defined twice", self->display_name, node->line, id);
          return FALSE;
        }

      g_array_append_val (table->slots, slot);
    }

  /* Unaligned slots: linear between the aligned ones around them */
  n = table->slots->len;
  for (guint i = 0; i <= n; i++)
    {
      Slot *slots = (Slot *)(gpointer)table->slots->data;

      if (i < n && !slots[i].aligned)
        continue;

      if (prev == G_MAXUINT ? i > 0 : i > prev + 1)
        {
          guint first = prev == G_MAXUINT ? 0 : prev + 1;

          for (guint k = first; k < i; k++)
            {
              if (prev != G_MAXUINT && i < n)
                slots[k].ms = slots[prev].ms +
                  (slots[i].ms - slots[prev].ms) * (double)(k - prev) / (double)(i - prev);
              else if (prev != G_MAXUINT)
                slots[k].ms = slots[prev].ms;
              else if (i < n)
                slots[k].ms = slots[i].ms;
              else
                slots[k].ms = 0;
            }
        }

      prev = i;
    }

  return TRUE;
}

static const Slot *
slot_table_lookup (const SlotTable *table,
                   const char      *id)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (table->by_id, id != NULL ? id : ""));

  if (index == 0)
    return NULL;

  return &g_array_index (table->slots, Slot, index - 1);
}

/* The header's time units must be milliseconds (the default), the only
 * unit ELAN has written for two decades. */
static gboolean
check_time_units (GaitElanDocument  *self,
                  GError           **error)
{
  Node *header = node_child (self->root, "HEADER");
  const char *units = header != NULL ? node_attr (header, "TIME_UNITS") : NULL;

  if (units != NULL && strcmp (units, "milliseconds") != 0)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                   "%s:%u: time units “%s” are not supported, only milliseconds",
                   self->display_name, header->line, units);
      return FALSE;
    }

  return TRUE;
}

/* ELAN's media offset of the video: the TIME_ORIGIN of the first
 * MEDIA_DESCRIPTOR whose MIME type is video/…: annotation time t shows
 * video time t + offset. */
static gboolean
video_offset (GaitElanDocument  *self,
              gint64            *offset,
              GError           **error)
{
  Node *header = node_child (self->root, "HEADER");

  *offset = 0;

  for (guint i = 0; header != NULL && i < node_n_children (header); i++)
    {
      Node *node = node_child_at (header, i);
      const char *mime_type;
      const char *origin;

      if (!node_is (node, "MEDIA_DESCRIPTOR"))
        continue;

      mime_type = node_attr (node, "MIME_TYPE");
      if (mime_type == NULL || !g_str_has_prefix (mime_type, "video/"))
        continue;

      origin = node_attr (node, "TIME_ORIGIN");
      if (origin != NULL &&
          !g_ascii_string_to_signed (origin, 10, -(gint64)G_MAXUINT32, G_MAXUINT32, offset, NULL))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s:%u: TIME_ORIGIN “%s” is not a number of milliseconds",
                       self->display_name, node->line, origin);
          return FALSE;
        }

      break;
    }

  return TRUE;
}

/* Cycle tiers */

typedef struct
{
  const char *limb;      /* interned */
  gboolean    rejected;
} TierRole;

/* Adds @limb's two tiers to @roles (tier name → TierRole) and @limb to
 * @order, once. */
static void
add_limb (GHashTable *roles,
          GPtrArray  *order,
          const char *limb)
{
  TierRole *role;
  const char *rejected;

  if (limb == NULL || limb[0] == '\0')
    return;

  limb = g_intern_string (limb);
  if (g_hash_table_contains (roles, limb))
    return;

  role = g_new0 (TierRole, 1);
  role->limb = limb;
  g_hash_table_insert (roles, g_strdup (limb), role);
  if (order != NULL)
    g_ptr_array_add (order, (gpointer)limb);

  rejected = _gait_cycle_tier_name (limb, TRUE);
  if (g_hash_table_contains (roles, rejected))
    return;

  role = g_new0 (TierRole, 1);
  role->limb = limb;
  role->rejected = TRUE;
  g_hash_table_insert (roles, g_strdup (rejected), role);
}

/* The cycle tiers: @limbs' tiers, or without @limbs those of linguistic
 * type "stride-cycle" ("X rejected" stands for limb X). */
static GHashTable *
cycle_tier_roles (GaitElanDocument   *self,
                  const char * const *limbs,
                  GPtrArray          *order)
{
  GHashTable *roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (limbs != NULL)
    {
      for (guint i = 0; limbs[i] != NULL; i++)
        add_limb (roles, order, limbs[i]);
      return roles;
    }

  for (guint i = 0; i < node_n_children (self->root); i++)
    {
      Node *tier = node_child_at (self->root, i);
      const char *id;

      if (!node_is (tier, "TIER") ||
          g_strcmp0 (node_attr (tier, "LINGUISTIC_TYPE_REF"), GAIT_ELAN_LINGUISTIC_TYPE) != 0 ||
          (id = node_attr (tier, "TIER_ID")) == NULL)
        continue;

      if (g_str_has_suffix (id, _GAIT_REJECTED_TIER_SUFFIX) &&
          strlen (id) > strlen (_GAIT_REJECTED_TIER_SUFFIX))
        {
          g_autofree char *limb = g_strndup (id, strlen (id) - strlen (_GAIT_REJECTED_TIER_SUFFIX));

          add_limb (roles, order, limb);
        }
      else
        {
          add_limb (roles, order, id);
        }
    }

  return roles;
}

/* Annotation values */

typedef struct
{
  GaitCycleState state;
  GaitMethod     method;
  double         confidence;
  double         procrustes;
  double         duty;
  gboolean       ours;  /* starts with a state or method word */
} Value;

static void
parse_value (const char *text,
             gboolean    rejected_tier,
             Value      *value)
{
  g_auto(GStrv) words = g_strsplit_set (text != NULL ? text : "", " \t\n", -1);
  gboolean has_state = FALSE;
  gboolean has_method = FALSE;
  guint i = 0;

  *value = (Value) { GAIT_CYCLE_ACCEPTED, GAIT_METHOD_MANUAL, NAN, NAN, NAN, FALSE };

  /* split_set leaves empty words between separators */
  while (words[i] != NULL && words[i][0] == '\0')
    i++;

  if (words[i] != NULL && gait_cycle_state_from_string (words[i], &value->state))
    {
      has_state = TRUE;
      i++;
      while (words[i] != NULL && words[i][0] == '\0')
        i++;
    }

  if (words[i] != NULL && gait_method_from_string (words[i], &value->method))
    has_method = TRUE;

  value->ours = has_state || has_method;

  if (!has_state)
    value->state = has_method ? GAIT_CYCLE_DETECTED : GAIT_CYCLE_ACCEPTED;
  if (rejected_tier)
    value->state = GAIT_CYCLE_REJECTED;

  for (i = 0; words[i] != NULL; i++)
    {
      double *target = NULL;
      const char *number = NULL;
      char *end = NULL;
      double x;

      if (g_str_has_prefix (words[i], "conf="))
        {
          target = &value->confidence;
          number = words[i] + 5;
        }
      else if (g_str_has_prefix (words[i], "pd="))
        {
          target = &value->procrustes;
          number = words[i] + 3;
        }
      else if (g_str_has_prefix (words[i], "duty="))
        {
          target = &value->duty;
          number = words[i] + 5;
        }
      else
        {
          continue;
        }

      x = g_ascii_strtod (number, &end);
      if (end != number && *end == '\0' && isfinite (x))
        *target = x;
    }
}

/* Reading cycles */

typedef struct
{
  Node       *alignable;
  const char *id;
  const Slot *slot1;
  const Slot *slot2;
  double      ms1;
  double      ms2;
} TierAnnotation;

/* Times of the annotations of one tier. Adjoining annotations (one ends on
 * the slot the next starts on, as in ELAN's time subdivisions) form a
 * chain, whose unaligned slots share the time between the chain's nearest
 * aligned slots evenly, as ELAN shows them. A slot without an aligned one
 * on both sides in its chain keeps its place in TIME_ORDER's time. */
static void
chain_times (TierAnnotation *annotations,
             guint           n)
{
  g_autofree const Slot **slots = g_new (const Slot *, n + 1);
  g_autofree double *times = g_new (double, n + 1);

  for (guint first = 0, last; first < n; first = last + 1)
    {
      guint m;

      for (last = first; last + 1 < n && annotations[last].slot2 == annotations[last + 1].slot1; last++)
        ;

      m = last - first + 2;
      slots[0] = annotations[first].slot1;
      for (guint a = first; a <= last; a++)
        slots[a - first + 1] = annotations[a].slot2;

      for (guint k = 0; k < m; k++)
        {
          guint p = k, q = k;

          times[k] = slots[k]->ms;
          if (slots[k]->aligned)
            continue;

          while (p > 0 && !slots[p]->aligned)
            p--;
          while (q + 1 < m && !slots[q]->aligned)
            q++;
          if (slots[p]->aligned && slots[q]->aligned)
            times[k] = slots[p]->ms + (slots[q]->ms - slots[p]->ms) * (double)(k - p) / (double)(q - p);
        }

      for (guint a = first; a <= last; a++)
        {
          annotations[a].ms1 = times[a - first];
          annotations[a].ms2 = times[a - first + 1];
        }
    }
}

/**
 * gait_elan_document_get_cycles:
 * @self: a #GaitElanDocument
 * @fps: the video's frame rate, to turn milliseconds into frames
 * @limbs: (nullable) (array zero-terminated=1): the limbs whose tiers hold
 *   cycles (the profile's limbs); %NULL for the tiers of linguistic type
 *   "stride-cycle"
 * @n_cycles: (out): the number of cycles returned
 * @error: return location for a #GError
 *
 * Reads the cycles of the cycle tiers, by the rules given in the
 * description of #GaitElanDocument, ordered as gait_cycle_compare() does.
 *
 * Returns: (transfer full) (array length=n_cycles) (nullable): the cycles
 *   (never %NULL on success, even when there are none; free with g_free()),
 *   or %NULL with @error set to %GAIT_ERROR_NO_FRAME_RATE or, for an
 *   annotation that refers to a missing or malformed time slot,
 *   %GAIT_ERROR_PARSE naming the file and the line
 */
GaitCycle *
gait_elan_document_get_cycles (GaitElanDocument    *self,
                               double               fps,
                               const char * const  *limbs,
                               gsize               *n_cycles,
                               GError             **error)
{
  g_autoptr(GArray) cycles = NULL;
  g_autoptr(GHashTable) roles = NULL;
  g_auto(SlotTable) table = { 0 };
  Node *time_order;
  gint64 offset;

  g_return_val_if_fail (GAIT_IS_ELAN_DOCUMENT (self), NULL);
  g_return_val_if_fail (n_cycles != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  *n_cycles = 0;

  if (!_gait_has_fps (fps))
    {
      g_set_error_literal (error, GAIT_ERROR, GAIT_ERROR_NO_FRAME_RATE,
                           "Reading cycles from ELAN needs the video's frame rate");
      return NULL;
    }

  if (!check_time_units (self, error) ||
      !video_offset (self, &offset, error) ||
      !(time_order = time_order_of (self, error)) ||
      !slot_table_init (self, time_order, &table, error))
    return NULL;

  roles = cycle_tier_roles (self, limbs, NULL);
  cycles = g_array_new (FALSE, FALSE, sizeof (GaitCycle));

  for (guint t = 0; t < node_n_children (self->root); t++)
    {
      Node *tier = node_child_at (self->root, t);
      const char *tier_id;
      TierRole *role;
      g_autoptr(GArray) annotations = g_array_new (FALSE, FALSE, sizeof (TierAnnotation));

      if (!node_is (tier, "TIER") ||
          (tier_id = node_attr (tier, "TIER_ID")) == NULL ||
          (role = g_hash_table_lookup (roles, tier_id)) == NULL)
        continue;

      for (guint a = 0; a < node_n_children (tier); a++)
        {
          Node *annotation = node_child_at (tier, a);
          TierAnnotation entry = { 0 };

          if (!node_is (annotation, "ANNOTATION"))
            continue;

          if ((entry.alignable = node_child (annotation, "ALIGNABLE_ANNOTATION")) == NULL)
            {
              g_message ("%s:%u: tier “%s” holds a reference annotation, which is no cycle",
                         self->display_name, annotation->line, tier_id);
              continue;
            }

          entry.id = node_attr (entry.alignable, "ANNOTATION_ID");
          if (entry.id == NULL)
            entry.id = "";
          entry.slot1 = slot_table_lookup (&table, node_attr (entry.alignable, "TIME_SLOT_REF1"));
          entry.slot2 = slot_table_lookup (&table, node_attr (entry.alignable, "TIME_SLOT_REF2"));
          if (entry.slot1 == NULL || entry.slot2 == NULL)
            {
              g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                           "%s:%u: annotation “%s” on tier “%s” refers to a time slot that does not exist",
                           self->display_name, entry.alignable->line, entry.id, tier_id);
              return NULL;
            }

          g_array_append_val (annotations, entry);
        }

      chain_times ((TierAnnotation *)(gpointer)annotations->data, annotations->len);

      for (guint a = 0; a < annotations->len; a++)
        {
          const TierAnnotation *entry = &g_array_index (annotations, TierAnnotation, a);
          Node *value_node;
          g_autofree char *text = NULL;
          GaitCycle cycle;
          Value value;
          double start, end;

          value_node = node_child (entry->alignable, "ANNOTATION_VALUE");
          text = value_node != NULL ? node_text (value_node) : g_strdup ("");
          parse_value (text, role->rejected, &value);

          start = floor ((entry->ms1 + offset) * fps / 1000.0 + 0.5);
          end = floor ((entry->ms2 + offset) * fps / 1000.0 + 0.5);

          /* (also keeps the conversion to integers defined) */
          if (!(start >= 0 && end > start && end < 1e15))
            {
              g_message ("%s:%u: leaving out annotation “%s” on tier “%s”: "
                         "it does not span a frame at %g fps",
                         self->display_name, entry->alignable->line, entry->id, tier_id, fps);
              continue;
            }

          gait_cycle_init (&cycle, role->limb, (gint64)start, (gint64)end);

          cycle.state = value.state;
          cycle.method = value.method;
          cycle.confidence = value.confidence;
          cycle.procrustes = value.procrustes;
          if (isfinite (value.duty) && value.duty >= 0 && value.duty <= 1)
            cycle.liftoff = cycle.start + (gint64)floor (value.duty * (double)(cycle.end - cycle.start) + 0.5);

          g_array_append_val (cycles, cycle);
        }
    }

  g_array_sort (cycles, gait_cycle_compare);

  *n_cycles = cycles->len;
  if (cycles->len == 0)
    return g_new0 (GaitCycle, 1);

  return (GaitCycle *)(gpointer)g_array_free (g_steal_pointer (&cycles), FALSE);
}

/* Writing cycles */

typedef struct
{
  Node       *annotation;  /* ANNOTATION */
  Node       *alignable;   /* its ALIGNABLE_ANNOTATION */
  const char *tier;
  const char *id;
  const char *ts1;
  const char *ts2;
  gint64      start_ms;
  gint64      end_ms;
  gboolean    exact;       /* both time slots have a TIME_VALUE */
  gboolean    reused;
} OldAnnotation;

typedef struct
{
  gsize          cycle;
  const char    *tier;     /* interned */
  gboolean       rejected;
  guint          tier_rank;
  gint64         start_ms;
  gint64         end_ms;
  char          *value;
  OldAnnotation *reuse;
  char          *id;
  char          *ts1;
  char          *ts2;
} NewAnnotation;

static void
new_annotation_clear (gpointer data)
{
  NewAnnotation *annotation = data;

  g_clear_pointer (&annotation->value, g_free);
  g_clear_pointer (&annotation->id, g_free);
  g_clear_pointer (&annotation->ts1, g_free);
  g_clear_pointer (&annotation->ts2, g_free);
}

static int
new_annotation_compare (gconstpointer a,
                        gconstpointer b)
{
  const NewAnnotation *na = a;
  const NewAnnotation *nb = b;

  if (na->tier_rank != nb->tier_rank)
    return na->tier_rank < nb->tier_rank ? -1 : 1;
  if (na->start_ms != nb->start_ms)
    return na->start_ms < nb->start_ms ? -1 : 1;
  if (na->end_ms != nb->end_ms)
    return na->end_ms < nb->end_ms ? -1 : 1;
  if (na->cycle != nb->cycle)
    return na->cycle < nb->cycle ? -1 : 1;
  return 0;
}

typedef struct
{
  gint64  ms;
  guint   seq;
  char   *id;   /* borrowed from its NewAnnotation */
} NewSlot;

static int
new_slot_compare (gconstpointer a,
                  gconstpointer b)
{
  const NewSlot *sa = a;
  const NewSlot *sb = b;

  if (sa->ms != sb->ms)
    return sa->ms < sb->ms ? -1 : 1;
  if (sa->seq != sb->seq)
    return sa->seq < sb->seq ? -1 : 1;
  return 0;
}

/* What the rest of the document refers to, outside the cycle tiers */
typedef struct
{
  GHashTable *cycle_tiers;  /* TIER nodes not to look into */
  GHashTable *removed_ids;  /* annotation ids that go away */
  GHashTable *kept_slots;   /* time slot ids still in use */
  GHashTable *values;       /* every attribute value (for new unique ids) */
  guint64     max_ts;
  guint64     max_a;
  Node       *bad_node;     /* the first element that refers to a removed annotation */
  const char *bad_id;
} Scan;

static guint64
id_number (const char *id,
           const char *prefix)
{
  guint64 number;

  if (!g_str_has_prefix (id, prefix) ||
      !g_ascii_string_to_unsigned (id + strlen (prefix), 10, 0, G_MAXUINT32, &number, NULL))
    return 0;

  return number;
}

static void
scan_reference (Scan       *scan,
                Node       *node,
                const char *id)
{
  if (scan->bad_node == NULL && id != NULL && g_hash_table_contains (scan->removed_ids, id))
    {
      scan->bad_node = node;
      scan->bad_id = id;
    }
}

static void
scan_node (Scan *scan,
           Node *node,
           gboolean in_cycle_tier)
{
  if (node->kind != NODE_ELEMENT)
    return;

  if (!in_cycle_tier && g_hash_table_contains (scan->cycle_tiers, node))
    in_cycle_tier = TRUE;

  for (guint i = 0; node->attrs != NULL && i + 1 < node->attrs->len; i += 2)
    {
      const char *name = g_ptr_array_index (node->attrs, i);
      const char *value = g_ptr_array_index (node->attrs, i + 1);

      g_hash_table_add (scan->values, (gpointer)value);

      if (strcmp (name, "TIME_SLOT_ID") == 0)
        scan->max_ts = MAX (scan->max_ts, id_number (value, "ts"));
      else if (strcmp (name, "ANNOTATION_ID") == 0)
        scan->max_a = MAX (scan->max_a, id_number (value, "a"));

      if (in_cycle_tier)
        continue;

      if (strcmp (name, "TIME_SLOT_REF1") == 0 || strcmp (name, "TIME_SLOT_REF2") == 0)
        {
          g_hash_table_add (scan->kept_slots, (gpointer)value);
        }
      else if (strcmp (name, "ANNOTATION_REF") == 0 || strcmp (name, "PREVIOUS_ANNOTATION") == 0 ||
               strcmp (name, "REF1") == 0 || strcmp (name, "REF2") == 0)
        {
          scan_reference (scan, node, value);
        }
      else if (strcmp (name, "REFS") == 0)
        {
          g_auto(GStrv) refs = g_strsplit_set (value, " \t\n", -1);

          for (guint k = 0; refs[k] != NULL; k++)
            {
              if (refs[k][0] != '\0' && scan->bad_node == NULL &&
                  g_hash_table_contains (scan->removed_ids, refs[k]))
                {
                  scan->bad_node = node;
                  scan->bad_id = g_intern_string (refs[k]);
                }
            }
        }
    }

  for (guint i = 0; i < node_n_children (node); i++)
    scan_node (scan, node_child_at (node, i), in_cycle_tier);
}

static char *
new_id (GHashTable *values,
        const char *prefix,
        guint64    *next)
{
  for (;;)
    {
      char *id = g_strdup_printf ("%s%" G_GUINT64_FORMAT, prefix, (*next)++);

      if (!g_hash_table_contains (values, id))
        {
          /* the table borrows; the caller keeps the string alive */
          g_hash_table_add (values, id);
          return id;
        }

      g_free (id);
    }
}

static Node *
element_new (const char *name,
             ...) G_GNUC_NULL_TERMINATED;

static Node *
element_new (const char *name,
             ...)
{
  Node *node = node_new (NODE_ELEMENT, name, 0);
  const char *attr;
  va_list args;

  va_start (args, name);
  while ((attr = va_arg (args, const char *)) != NULL)
    node_set_attr (node, attr, va_arg (args, const char *));
  va_end (args);

  return node;
}

static Node *
last_child_named (Node       *parent,
                  const char *name)
{
  for (guint i = node_n_children (parent); i > 0; i--)
    {
      Node *child = node_child_at (parent, i - 1);

      if (node_is (child, name))
        return child;
    }

  return NULL;
}

static gboolean
check_type (GaitElanDocument  *self,
            Node              *type,
            const char        *tier_id,
            GError           **error)
{
  if (type == NULL)
    return TRUE;

  if (g_strcmp0 (node_attr (type, "TIME_ALIGNABLE"), "false") == 0 ||
      node_attr (type, "CONSTRAINTS") != NULL)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "%s:%u: tier “%s” has linguistic type “%s”, which is not a free time-aligned "
                   "type: cycles cannot go there",
                   self->display_name, type->line, tier_id, node_attr (type, "LINGUISTIC_TYPE_ID"));
      return FALSE;
    }

  return TRUE;
}

/* Merges @new_slots into TIME_ORDER, leaving out @remove: a new slot goes
 * before the first slot with a later TIME_VALUE, so slots stay in time
 * order and unaligned slots stay with the aligned slot before them. */
static void
rebuild_time_order (GaitElanDocument *self,
                    Node             *time_order,
                    const SlotTable  *table,
                    GHashTable       *remove,
                    GArray           *new_slots)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&time_order->children);
  g_autofree char *inner = NULL;
  guint next = 0;
  gboolean blank = TRUE;

  if (self->indent != NULL)
    inner = indentation (self, node_depth (time_order) + 1);

  time_order->children = g_ptr_array_new_with_free_func (node_free);

  for (guint i = 0; old != NULL && i < old->len; i++)
    {
      Node *child = g_ptr_array_index (old, i);
      const char *id = node_is (child, "TIME_SLOT") ? node_attr (child, "TIME_SLOT_ID") : NULL;

      if (id != NULL && g_hash_table_contains (remove, id))
        {
          GPtrArray *children = time_order->children;

          /* and the white space that indented it */
          if (children->len > 0 && node_is_blank (g_ptr_array_index (children, children->len - 1)))
            g_ptr_array_remove_index (children, children->len - 1);
          continue;
        }

      if (id != NULL)
        {
          const Slot *slot = slot_table_lookup (table, id);

          while (slot != NULL && slot->aligned && next < new_slots->len &&
                 g_array_index (new_slots, NewSlot, next).ms < (gint64)slot->ms)
            {
              NewSlot *new_slot = &g_array_index (new_slots, NewSlot, next++);
              char value[32];

              g_snprintf (value, sizeof value, "%" G_GINT64_FORMAT, new_slot->ms);
              node_add (time_order, element_new ("TIME_SLOT", "TIME_SLOT_ID", new_slot->id,
                                                 "TIME_VALUE", value, NULL));
              if (inner != NULL)
                node_add (time_order, node_new (NODE_TEXT, inner, 0));
            }
        }

      g_ptr_array_index (old, i) = NULL;
      node_add (time_order, child);
    }

  for (guint i = 0; i < time_order->children->len && blank; i++)
    blank = node_is_blank (g_ptr_array_index (time_order->children, i));
  if (blank)
    g_ptr_array_set_size (time_order->children, 0);

  for (; next < new_slots->len; next++)
    {
      NewSlot *new_slot = &g_array_index (new_slots, NewSlot, next);
      char value[32];

      g_snprintf (value, sizeof value, "%" G_GINT64_FORMAT, new_slot->ms);
      node_append_indented (self, time_order,
                            element_new ("TIME_SLOT", "TIME_SLOT_ID", new_slot->id,
                                         "TIME_VALUE", value, NULL));
    }

  if (time_order->children->len == 0)
    g_clear_pointer (&time_order->children, g_ptr_array_unref);
}

static Node *
annotation_node_new (GaitElanDocument    *self,
                     Node                *tier,
                     const NewAnnotation *annotation)
{
  Node *node = node_new (NODE_ELEMENT, "ANNOTATION", 0);
  Node *alignable;
  Node *value;

  node_append_indented (self, tier, node);
  alignable = element_new ("ALIGNABLE_ANNOTATION",
                           "ANNOTATION_ID", annotation->id,
                           "TIME_SLOT_REF1", annotation->ts1,
                           "TIME_SLOT_REF2", annotation->ts2,
                           NULL);
  node_append_indented (self, node, alignable);
  value = node_new (NODE_ELEMENT, "ANNOTATION_VALUE", 0);
  node_append_indented (self, alignable, value);
  node_set_text (value, annotation->value);

  return node;
}

/* A reused annotation takes the new value unless the old one says the
 * same: identical text, or a person's own words whose meaning (state and
 * method) is unchanged, which stay. */
static void
update_value (GaitElanDocument    *self,
              const NewAnnotation *annotation,
              const GaitCycle     *cycle)
{
  Node *alignable = annotation->reuse->alignable;
  Node *value_node = node_child (alignable, "ANNOTATION_VALUE");
  g_autofree char *old = value_node != NULL ? node_text (value_node) : NULL;
  Value meaning;

  if (old != NULL && strcmp (old, annotation->value) == 0)
    return;

  if (old != NULL)
    {
      parse_value (old, annotation->rejected, &meaning);
      if (!meaning.ours && meaning.state == cycle->state && meaning.method == cycle->method)
        return;
    }

  if (value_node == NULL)
    {
      value_node = node_new (NODE_ELEMENT, "ANNOTATION_VALUE", 0);
      node_append_indented (self, alignable, value_node);
    }

  node_set_text (value_node, annotation->value);
  /* the controlled vocabulary entry belonged to the old value */
  node_remove_attr (alignable, "CVE_REF");
}

/**
 * gait_elan_document_set_cycles:
 * @self: a #GaitElanDocument
 * @cycles: (array length=n_cycles): the cycles
 * @n_cycles: the number of cycles
 * @options: the frame rate (required) and the limbs in tier order (their
 *   tiers are cycle tiers even without cycles); its media fields are not
 *   used: the document keeps its own media descriptors
 * @error: return location for a #GError
 *
 * Replaces the annotations of the cycle tiers (see #GaitElanDocument) with
 * one time-aligned annotation per cycle, valued as gait_cycles_to_eaf()
 * values them; rejected cycles go to the "LIMB rejected" tier. Missing limb
 * tiers are created (a rejected tier only when it gets annotations) after
 * the last tier, with linguistic type "stride-cycle", which is added when
 * missing.
 *
 * Everything else stays as it was: other tiers and their annotations, the
 * time slots they use, linguistic types, vocabularies, languages, licence,
 * header, properties, media and linked files, locales, constraints,
 * lexicon references, reference links, comments. Two changes are made
 * outside the cycle tiers, because ELAN needs them: TIME_ORDER loses the
 * slots only the replaced annotations used and gains new ones (existing ids
 * are kept, new ids follow the highest "tsN"), and the header property
 * lastUsedAnnotationId, ELAN's annotation id counter, is raised to the
 * highest id written so that ELAN never hands out one of them again.
 *
 * An annotation whose tier and times (in whole milliseconds) match a cycle
 * is kept, with its id, time slots and other attributes; its value only
 * changes when the cycle's state or method differ from what it says, so a
 * person's own words survive a round trip.
 *
 * Nothing changes when an error is returned.
 *
 * Returns: %TRUE on success; %FALSE with @error set to
 *   %GAIT_ERROR_NO_FRAME_RATE without a frame rate,
 *   %GAIT_ERROR_INVALID_ARGUMENT for a cycle ELAN cannot hold, a cycle tier
 *   that is a dependent tier or not time-alignable, or annotations of a
 *   cycle tier that other tiers or reference links depend on and that
 *   would go away, or %GAIT_ERROR_PARSE for a malformed time order
 */
gboolean
gait_elan_document_set_cycles (GaitElanDocument         *self,
                               const GaitCycle          *cycles,
                               gsize                     n_cycles,
                               const GaitExportOptions  *options,
                               GError                  **error)
{
  g_autoptr(GHashTable) roles = NULL;
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GArray) news = NULL;
  g_autoptr(GPtrArray) olds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) old_by_times = NULL;
  g_autoptr(GHashTable) tiers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) cycle_tiers = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) removed_tiers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) remove_slots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) reused_nodes = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) new_slots = g_array_new (FALSE, FALSE, sizeof (NewSlot));
  g_auto(SlotTable) table = { 0 };
  Scan scan = { 0 };
  Node *time_order;
  Node *header;
  Node *last_tier = NULL;
  Node *type_node;
  gboolean creates_tiers = FALSE;
  gint64 offset;
  double fps;
  guint64 next_ts, next_a, last_used = 0;
  Node *last_used_node = NULL;
  guint seq = 0;

  g_return_val_if_fail (GAIT_IS_ELAN_DOCUMENT (self), FALSE);
  g_return_val_if_fail (cycles != NULL || n_cycles == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL || !_gait_has_fps (options->fps))
    {
      g_set_error_literal (error, GAIT_ERROR, GAIT_ERROR_NO_FRAME_RATE,
                           "ELAN export needs a frame rate: pass --fps or --video");
      return FALSE;
    }
  fps = options->fps;

  if (!check_time_units (self, error) ||
      !video_offset (self, &offset, error) ||
      !(time_order = time_order_of (self, error)) ||
      !slot_table_init (self, time_order, &table, error))
    return FALSE;

  /* The cycle tiers, and the new annotations */
  roles = cycle_tier_roles (self, options->limbs, order);
  news = g_array_sized_new (FALSE, TRUE, sizeof (NewAnnotation), n_cycles);
  g_array_set_clear_func (news, new_annotation_clear);

  for (gsize i = 0; i < n_cycles; i++)
    {
      const GaitCycle *cycle = &cycles[i];
      NewAnnotation annotation = { 0 };

      if (!_gait_check_cycle (cycle, i, fps, offset, &annotation.start_ms, &annotation.end_ms, error))
        return FALSE;

      add_limb (roles, order, cycle->limb);

      annotation.cycle = i;
      annotation.rejected = cycle->state == GAIT_CYCLE_REJECTED;
      annotation.tier = _gait_cycle_tier_name (cycle->limb, annotation.rejected);

      for (guint k = 0; k < order->len; k++)
        {
          if (g_ptr_array_index (order, k) == g_intern_string (cycle->limb))
            annotation.tier_rank = 2 * k + (annotation.rejected ? 1 : 0);
        }

      annotation.value = _gait_cycle_summary (cycle);
      g_array_append_val (news, annotation);
    }

  g_array_sort (news, new_annotation_compare);

  /* The tiers and types there are; the old annotations of cycle tiers */
  for (guint i = 0; i < node_n_children (self->root); i++)
    {
      Node *node = node_child_at (self->root, i);
      const char *id;

      if (node_is (node, "LINGUISTIC_TYPE") && (id = node_attr (node, "LINGUISTIC_TYPE_ID")) != NULL)
        g_hash_table_insert (types, (gpointer)id, node);

      if (!node_is (node, "TIER"))
        continue;

      last_tier = node;
      if ((id = node_attr (node, "TIER_ID")) == NULL)
        continue;

      if (g_hash_table_contains (roles, id))
        {
          if (g_hash_table_contains (tiers, id))
            {
              g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                           "%s:%u: tier “%s” is defined twice", self->display_name, node->line, id);
              return FALSE;
            }
          g_hash_table_add (cycle_tiers, node);
        }

      g_hash_table_insert (tiers, (gpointer)id, node);
    }

  old_by_times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_queue_free);

  for (guint i = 0; i < node_n_children (self->root); i++)
    {
      Node *tier = node_child_at (self->root, i);
      const char *tier_id;
      const char *parent;

      if (!g_hash_table_contains (cycle_tiers, tier))
        continue;

      tier_id = node_attr (tier, "TIER_ID");
      if ((parent = node_attr (tier, "PARENT_REF")) != NULL)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "%s:%u: tier “%s” depends on tier “%s”: cycles need an independent, "
                       "time-aligned tier",
                       self->display_name, tier->line, tier_id, parent);
          return FALSE;
        }

      type_node = node_attr (tier, "LINGUISTIC_TYPE_REF") != NULL
        ? g_hash_table_lookup (types, node_attr (tier, "LINGUISTIC_TYPE_REF"))
        : NULL;
      if (!check_type (self, type_node, tier_id, error))
        return FALSE;

      for (guint a = 0; a < node_n_children (tier); a++)
        {
          Node *annotation = node_child_at (tier, a);
          OldAnnotation *old;
          const Slot *slot1, *slot2;
          Node *alignable;

          if (!node_is (annotation, "ANNOTATION"))
            continue;

          if ((alignable = node_child (annotation, "ALIGNABLE_ANNOTATION")) == NULL)
            {
              g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                           "%s:%u: tier “%s” holds a reference annotation: cycles need an "
                           "independent, time-aligned tier",
                           self->display_name, annotation->line, tier_id);
              return FALSE;
            }

          old = g_new0 (OldAnnotation, 1);
          old->annotation = annotation;
          old->alignable = alignable;
          old->tier = tier_id;
          old->id = node_attr (alignable, "ANNOTATION_ID");
          old->ts1 = node_attr (alignable, "TIME_SLOT_REF1");
          old->ts2 = node_attr (alignable, "TIME_SLOT_REF2");
          g_ptr_array_add (olds, old);

          slot1 = slot_table_lookup (&table, old->ts1);
          slot2 = slot_table_lookup (&table, old->ts2);
          if (slot1 == NULL || slot2 == NULL)
            {
              g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                           "%s:%u: annotation “%s” on tier “%s” refers to a time slot that does not exist",
                           self->display_name, alignable->line, old->id != NULL ? old->id : "", tier_id);
              return FALSE;
            }

          old->exact = slot1->aligned && slot2->aligned;
          old->start_ms = (gint64)slot1->ms;
          old->end_ms = (gint64)slot2->ms;

          if (old->exact)
            {
              g_autofree char *key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT,
                                                      tier_id, old->start_ms, old->end_ms);
              GQueue *queue = g_hash_table_lookup (old_by_times, key);

              if (queue == NULL)
                {
                  queue = g_queue_new ();
                  g_hash_table_insert (old_by_times, g_steal_pointer (&key), queue);
                }
              g_queue_push_tail (queue, old);
            }
        }
    }

  /* Tiers to create need a free time-aligned type */
  for (guint k = 0; k < order->len; k++)
    {
      const char *limb = g_ptr_array_index (order, k);
      const char *rejected = _gait_cycle_tier_name (limb, TRUE);

      if (!g_hash_table_contains (tiers, limb))
        creates_tiers = TRUE;

      for (guint i = 0; i < news->len && !g_hash_table_contains (tiers, rejected); i++)
        {
          if (strcmp (g_array_index (news, NewAnnotation, i).tier, rejected) == 0)
            creates_tiers = TRUE;
        }
    }

  type_node = g_hash_table_lookup (types, GAIT_ELAN_LINGUISTIC_TYPE);
  if (creates_tiers && !check_type (self, type_node, GAIT_ELAN_LINGUISTIC_TYPE, error))
    return FALSE;

  /* Annotations whose tier and times stay are kept */
  for (guint i = 0; i < news->len; i++)
    {
      NewAnnotation *annotation = &g_array_index (news, NewAnnotation, i);
      g_autofree char *key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT,
                                              annotation->tier, annotation->start_ms, annotation->end_ms);
      GQueue *queue = g_hash_table_lookup (old_by_times, key);

      if (queue != NULL && !g_queue_is_empty (queue))
        {
          annotation->reuse = g_queue_pop_head (queue);
          annotation->reuse->reused = TRUE;
          g_hash_table_add (reused_nodes, annotation->reuse->annotation);
        }
    }

  /* What goes away must not be referred to from elsewhere */
  scan.cycle_tiers = cycle_tiers;
  scan.removed_ids = g_hash_table_new (g_str_hash, g_str_equal);
  scan.kept_slots = g_hash_table_new (g_str_hash, g_str_equal);
  scan.values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);

  for (guint i = 0; i < olds->len; i++)
    {
      OldAnnotation *old = g_ptr_array_index (olds, i);

      if (old->reused)
        {
          if (old->ts1 != NULL)
            g_hash_table_add (scan.kept_slots, (gpointer)old->ts1);
          if (old->ts2 != NULL)
            g_hash_table_add (scan.kept_slots, (gpointer)old->ts2);
          continue;
        }

      if (old->id != NULL)
        g_hash_table_add (scan.removed_ids, (gpointer)old->id);
      g_hash_table_add (removed_tiers, (gpointer)old->tier);
    }

  scan_node (&scan, self->root, FALSE);

  if (scan.bad_node != NULL)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "%s:%u: <%s> refers to annotation “%s” of a cycle tier, which the new cycles "
                   "replace; remove that reference in ELAN first",
                   self->display_name, scan.bad_node->line, scan.bad_node->name, scan.bad_id);
      goto fail;
    }

  for (guint i = 0; i < node_n_children (self->root); i++)
    {
      Node *tier = node_child_at (self->root, i);
      const char *parent;

      if (node_is (tier, "TIER") && !g_hash_table_contains (cycle_tiers, tier) &&
          (parent = node_attr (tier, "PARENT_REF")) != NULL &&
          g_hash_table_contains (removed_tiers, parent) &&
          node_child (tier, "ANNOTATION") != NULL)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "%s:%u: tier “%s” depends on cycle tier “%s”, whose annotations the new "
                       "cycles replace; remove its annotations in ELAN first",
                       self->display_name, tier->line, node_attr (tier, "TIER_ID") != NULL ? node_attr (tier, "TIER_ID") : "", parent);
          goto fail;
        }
    }

  for (guint i = 0; i < olds->len; i++)
    {
      OldAnnotation *old = g_ptr_array_index (olds, i);

      if (old->reused)
        continue;
      /* copies: the annotations go before TIME_ORDER is rebuilt */
      if (old->ts1 != NULL && !g_hash_table_contains (scan.kept_slots, old->ts1))
        g_hash_table_add (remove_slots, g_strdup (old->ts1));
      if (old->ts2 != NULL && !g_hash_table_contains (scan.kept_slots, old->ts2))
        g_hash_table_add (remove_slots, g_strdup (old->ts2));
    }

  /* Nothing can fail from here on. New ids: after the highest, unique */
  header = node_child (self->root, "HEADER");
  for (guint i = 0; header != NULL && i < node_n_children (header); i++)
    {
      Node *property = node_child_at (header, i);
      g_autofree char *text = NULL;

      if (!node_is (property, "PROPERTY") ||
          g_strcmp0 (node_attr (property, "NAME"), "lastUsedAnnotationId") != 0)
        continue;

      text = node_text (property);
      g_strstrip (text);
      if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &last_used, NULL))
        last_used_node = property;
      break;
    }

  next_ts = scan.max_ts + 1;
  next_a = MAX (scan.max_a, last_used) + 1;

  for (guint i = 0; i < news->len; i++)
    {
      NewAnnotation *annotation = &g_array_index (news, NewAnnotation, i);
      NewSlot slot;

      if (annotation->reuse != NULL)
        continue;

      annotation->id = new_id (scan.values, "a", &next_a);
      annotation->ts1 = new_id (scan.values, "ts", &next_ts);
      annotation->ts2 = new_id (scan.values, "ts", &next_ts);

      slot = (NewSlot) { annotation->start_ms, seq++, annotation->ts1 };
      g_array_append_val (new_slots, slot);
      slot = (NewSlot) { annotation->end_ms, seq++, annotation->ts2 };
      g_array_append_val (new_slots, slot);
    }

  /* After the ids: values (those of removed attributes) must stay valid
   * while new ids are looked up */
  for (guint i = 0; i < news->len; i++)
    {
      NewAnnotation *annotation = &g_array_index (news, NewAnnotation, i);

      if (annotation->reuse != NULL)
        update_value (self, annotation, &cycles[annotation->cycle]);
    }

  /* The tiers */
  for (guint k = 0; k < 2 * order->len; k++)
    {
      const char *limb = g_ptr_array_index (order, k / 2);
      const char *tier_id = _gait_cycle_tier_name (limb, k % 2 == 1);
      Node *tier = g_hash_table_lookup (tiers, tier_id);
      g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
      gboolean unchanged = tier != NULL;
      guint n_old = 0;

      for (guint i = 0; i < news->len; i++)
        {
          NewAnnotation *annotation = &g_array_index (news, NewAnnotation, i);

          if (annotation->tier == tier_id)
            g_ptr_array_add (wanted, annotation);
        }

      if (tier == NULL)
        {
          if (k % 2 == 1 && wanted->len == 0)
            continue;

          tier = element_new ("TIER",
                              "LINGUISTIC_TYPE_REF", GAIT_ELAN_LINGUISTIC_TYPE,
                              "TIER_ID", tier_id,
                              NULL);
          node_insert_after (self, self->root, last_tier != NULL ? last_tier : time_order, tier);
          last_tier = tier;
        }

      /* Same annotations in the same order: the tier stays as it is */
      for (guint i = 0; unchanged && i < node_n_children (tier); i++)
        {
          Node *child = node_child_at (tier, i);

          if (!node_is (child, "ANNOTATION"))
            continue;

          unchanged = n_old < wanted->len &&
            ((NewAnnotation *)g_ptr_array_index (wanted, n_old))->reuse != NULL &&
            ((NewAnnotation *)g_ptr_array_index (wanted, n_old))->reuse->annotation == child;
          n_old++;
        }

      if (unchanged && n_old == wanted->len)
        continue;

      if (tier->children != NULL)
        {
          g_autoptr(GPtrArray) old = g_steal_pointer (&tier->children);

          g_ptr_array_set_free_func (old, NULL);
          for (guint i = 0; i < old->len; i++)
            {
              Node *child = g_ptr_array_index (old, i);

              if (!g_hash_table_contains (reused_nodes, child))
                node_free (child);
            }
        }

      for (guint i = 0; i < wanted->len; i++)
        {
          NewAnnotation *annotation = g_ptr_array_index (wanted, i);

          if (annotation->reuse != NULL)
            node_append_indented (self, tier, annotation->reuse->annotation);
          else
            annotation_node_new (self, tier, annotation);
        }
    }

  if (creates_tiers && type_node == NULL)
    {
      Node *after = last_child_named (self->root, "LINGUISTIC_TYPE");

      node_insert_after (self, self->root, after != NULL ? after : last_tier,
                         element_new ("LINGUISTIC_TYPE",
                                      "GRAPHIC_REFERENCES", "false",
                                      "LINGUISTIC_TYPE_ID", GAIT_ELAN_LINGUISTIC_TYPE,
                                      "TIME_ALIGNABLE", "true",
                                      NULL));
    }

  if (new_slots->len > 0 || g_hash_table_size (remove_slots) > 0)
    {
      g_array_sort (new_slots, new_slot_compare);
      rebuild_time_order (self, time_order, &table, remove_slots, new_slots);
    }

  if (last_used_node != NULL && next_a - 1 > last_used)
    {
      char text[32];

      g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, next_a - 1);
      node_set_text (last_used_node, text);
    }

  g_hash_table_unref (scan.removed_ids);
  g_hash_table_unref (scan.kept_slots);
  g_hash_table_unref (scan.values);

  return TRUE;

fail:
  g_hash_table_unref (scan.removed_ids);
  g_hash_table_unref (scan.kept_slots);
  g_hash_table_unref (scan.values);

  return FALSE;
}

/* Time series */

#define TSCONF_SUFFIX "_tsconf.xml"
#define CSV_PROVIDER "mpi.eudico.client.annotator.timeseries.csv.CSVServiceProvider"

static char *
link_url (const char *path)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  GString *url = g_string_new ("file://");

  _gait_append_linked_path (url, abs);

  return g_string_free (url, FALSE);
}

static gboolean
check_tsconf_path (const char  *tsconf_path,
                   GError     **error)
{
  if (!g_str_has_suffix (tsconf_path, TSCONF_SUFFIX))
    {
      g_autofree char *display_name = g_filename_display_name (tsconf_path);

      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "%s: ELAN finds a time-series configuration by its name, which must end in “%s”",
                   display_name, TSCONF_SUFFIX);
      return FALSE;
    }

  return TRUE;
}

/* Adds a LINKED_FILE_DESCRIPTOR for @url, or updates the one there is. */
static void
link_file (GaitElanDocument *self,
           Node             *header,
           const char       *url,
           const char       *relative_url,
           const char       *mime_type)
{
  Node *after = NULL;
  Node *descriptor;

  for (guint i = 0; i < node_n_children (header); i++)
    {
      Node *child = node_child_at (header, i);

      if (node_is (child, "LINKED_FILE_DESCRIPTOR") &&
          g_strcmp0 (node_attr (child, "LINK_URL"), url) == 0)
        {
          node_set_attr (child, "MIME_TYPE", mime_type);
          if (relative_url != NULL)
            node_set_attr (child, "RELATIVE_LINK_URL", relative_url);
          return;
        }

      if (node_is (child, "MEDIA_DESCRIPTOR") || node_is (child, "LINKED_FILE_DESCRIPTOR"))
        after = child;
    }

  descriptor = element_new ("LINKED_FILE_DESCRIPTOR",
                            "LINK_URL", url,
                            "MIME_TYPE", mime_type,
                            NULL);
  if (relative_url != NULL)
    node_set_attr (descriptor, "RELATIVE_LINK_URL", relative_url);

  node_insert_after (self, header, after, descriptor);
}

/**
 * gait_elan_document_link_timeseries:
 * @self: a #GaitElanDocument
 * @csv_path: the CSV written by gait_elan_write_timeseries()
 * @tsconf_path: its configuration, whose name ends in "_tsconf.xml"
 * @eaf_path: (nullable): where the document will be saved, for links
 *   relative to it (RELATIVE_LINK_URL), which ELAN uses when files move
 *   together
 * @error: return location for a #GError
 *
 * Links both files from the document's HEADER as ELAN's "Linked secondary
 * files" (LINKED_FILE_DESCRIPTOR, MIME types "text/plain" and "text/xml"),
 * so that ELAN's time-series viewer shows the signals. Links that are
 * already there are updated, not repeated.
 *
 * Returns: %TRUE on success; %FALSE with @error set to
 *   %GAIT_ERROR_INVALID_ARGUMENT when @tsconf_path is misnamed or the
 *   document already links another time-series configuration (ELAN reads
 *   only one), or %GAIT_ERROR_PARSE when it has no HEADER
 */
gboolean
gait_elan_document_link_timeseries (GaitElanDocument  *self,
                                    const char        *csv_path,
                                    const char        *tsconf_path,
                                    const char        *eaf_path,
                                    GError           **error)
{
  g_autofree char *csv_url = NULL;
  g_autofree char *tsconf_url = NULL;
  g_autofree char *csv_relative = NULL;
  g_autofree char *tsconf_relative = NULL;
  Node *header;

  g_return_val_if_fail (GAIT_IS_ELAN_DOCUMENT (self), FALSE);
  g_return_val_if_fail (csv_path != NULL, FALSE);
  g_return_val_if_fail (tsconf_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_tsconf_path (tsconf_path, error))
    return FALSE;

  if ((header = node_child (self->root, "HEADER")) == NULL)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                   "%s:%u: the ELAN document has no HEADER element",
                   self->display_name, self->root->line);
      return FALSE;
    }

  csv_url = link_url (csv_path);
  tsconf_url = link_url (tsconf_path);

  for (guint i = 0; i < node_n_children (header); i++)
    {
      Node *child = node_child_at (header, i);
      const char *url = node_attr (child, "LINK_URL");

      if (node_is (child, "LINKED_FILE_DESCRIPTOR") && url != NULL &&
          g_str_has_suffix (url, TSCONF_SUFFIX) && strcmp (url, tsconf_url) != 0)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "%s:%u: the document already links the time-series configuration “%s”; "
                       "ELAN reads only one",
                       self->display_name, child->line, url);
          return FALSE;
        }
    }

  if (eaf_path != NULL)
    {
      csv_relative = _gait_relative_url (csv_path, eaf_path, FALSE);
      tsconf_relative = _gait_relative_url (tsconf_path, eaf_path, FALSE);
    }

  link_file (self, header, csv_url, csv_relative, "text/plain");
  link_file (self, header, tsconf_url, tsconf_relative, "text/xml");

  return TRUE;
}

static void
append_number (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.9g", value));
  else
    g_string_append (out, "NaN");
}

/**
 * gait_elan_write_timeseries:
 * @csv_path: the CSV file to write
 * @tsconf_path: the time-series configuration to write; its name must end
 *   in "_tsconf.xml", by which ELAN finds it
 * @tracks: (array length=n_tracks): the signals, one value per frame each
 * @n_tracks: the number of signals, at least one
 * @n_frames: the number of frames of every signal
 * @fps: the frame rate
 * @error: return location for a #GError
 *
 * Writes signals for ELAN's time-series viewer: a comma-separated file
 * with the time in seconds (frame / @fps, six decimals, which ELAN reads
 * as seconds because of the decimal point) in the first column and one
 * column per signal (NaN where a value is missing), after one header line
 * starting with "#", which ELAN skips; and the configuration ELAN writes
 * when a person sets up the tracks ("_tsconf.xml": a
 * &lt;tracksource&gt; read by ELAN's CSV service provider, time column 0,
 * "Discontinuous Rate" so that ELAN uses each row's time rather than a
 * rate it would round to whole hertz, and one &lt;track&gt; per signal with
 * its column, unit, value range and colour).
 *
 * Link both files to the document with
 * gait_elan_document_link_timeseries(). Times are video times: when the
 * document gives the video a media offset, ELAN's media synchronisation
 * mode aligns the signals too.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 *   (%GAIT_ERROR_NO_FRAME_RATE, %GAIT_ERROR_INVALID_ARGUMENT, or a
 *   #GFileError naming the file that could not be written)
 */
gboolean
gait_elan_write_timeseries (const char           *csv_path,
                            const char           *tsconf_path,
                            const GaitElanTrack  *tracks,
                            guint                 n_tracks,
                            gsize                 n_frames,
                            double                fps,
                            GError              **error)
{
  static const char * const colors[] = {
    "230,25,75", "60,180,75", "0,130,200", "245,130,48",
    "145,30,180", "0,160,160", "240,50,230", "128,128,0",
  };
  g_autoptr(GString) csv = NULL;
  g_autoptr(GString) conf = NULL;
  g_autofree char *date = NULL;
  g_autofree char *csv_url = NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (csv_path != NULL, FALSE);
  g_return_val_if_fail (tsconf_path != NULL, FALSE);
  g_return_val_if_fail (tracks != NULL || n_tracks == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_gait_has_fps (fps))
    {
      g_set_error_literal (error, GAIT_ERROR, GAIT_ERROR_NO_FRAME_RATE,
                           "Time series for ELAN need the video's frame rate");
      return FALSE;
    }

  if (n_tracks == 0)
    {
      g_set_error_literal (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                           "No signal to write for ELAN");
      return FALSE;
    }

  for (guint t = 0; t < n_tracks; t++)
    {
      if (tracks[t].name == NULL || tracks[t].name[0] == '\0' ||
          (tracks[t].values == NULL && n_frames > 0))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                       "Signal %u for ELAN has no name or no values", t + 1);
          return FALSE;
        }
    }

  if (!check_tsconf_path (tsconf_path, error))
    return FALSE;

  /* The data */
  csv = g_string_new ("# time (s)");
  for (guint t = 0; t < n_tracks; t++)
    {
      g_string_append_c (csv, ',');
      gait_csv_append_field (csv, tracks[t].name);
    }
  g_string_append_c (csv, '\n');

  for (gsize i = 0; i < n_frames; i++)
    {
      g_string_append (csv, g_ascii_formatd (buf, sizeof buf, "%.6f", (double)i / fps));
      for (guint t = 0; t < n_tracks; t++)
        {
          g_string_append_c (csv, ',');
          append_number (csv, tracks[t].values[i]);
        }
      g_string_append_c (csv, '\n');
    }

  /* The configuration */
  date = _gait_now_as_xsd_date_time ();
  csv_url = link_url (csv_path);

  conf = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<timeseries date=\"");
  _gait_xml_append_escaped (conf, date, TRUE);
  g_string_append (conf, "\" version=\"1.0\">\n    <tracksource sample-type=\"Discontinuous Rate\" source-url=\"");
  _gait_xml_append_escaped (conf, csv_url, TRUE);
  g_string_append (conf, "\" time-column=\"0\">\n"
                         "        <property key=\"provider\" value=\"" CSV_PROVIDER "\"/>\n");

  for (guint t = 0; t < n_tracks; t++)
    {
      double min = INFINITY;
      double max = -INFINITY;

      for (gsize i = 0; i < n_frames; i++)
        {
          double value = tracks[t].values[i];

          if (isfinite (value))
            {
              min = MIN (min, value);
              max = MAX (max, value);
            }
        }

      if (!(min <= max))
        {
          min = 0;
          max = 1;
        }
      else if (min == max)
        {
          max = min + 1;
        }

      g_string_append (conf, "        <track derivative=\"0\" name=\"");
      _gait_xml_append_escaped (conf, tracks[t].name, TRUE);
      g_string_append_printf (conf,
                              "\">\n"
                              "            <property key=\"detect-range\" value=\"false\"/>\n"
                              "            <sample-position>\n"
                              "                <pos col=\"%u\" row=\"0\"/>\n"
                              "            </sample-position>\n"
                              "            <description></description>\n"
                              "            <units>",
                              t + 1);
      _gait_xml_append_escaped (conf, tracks[t].units != NULL ? tracks[t].units : "", FALSE);
      g_string_append (conf, "</units>\n            <range max=\"");
      g_string_append (conf, g_ascii_formatd (buf, sizeof buf, "%.6g", max));
      g_string_append (conf, "\" min=\"");
      g_string_append (conf, g_ascii_formatd (buf, sizeof buf, "%.6g", min));
      g_string_append_printf (conf,
                              "\"/>\n"
                              "            <color>%s</color>\n"
                              "        </track>\n",
                              colors[t % G_N_ELEMENTS (colors)]);
    }

  g_string_append (conf, "    </tracksource>\n</timeseries>\n");

  return gait_write_file_atomic (csv_path, csv->str, csv->len, error) &&
         gait_write_file_atomic (tsconf_path, conf->str, conf->len, error);
}
