/* gait-key-file-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/*
 * _gait_key_file_find_lone_backslash:
 * @key_file: a loaded key file
 * @group: (out) (transfer full): the group of the first such value
 * @key: (out) (transfer full): its key
 *
 * Finds a value that ends with an odd number of backslashes (an escape
 * with nothing to escape). GLib 2.74 reads such a value, when it also has
 * an invalid escape earlier, by setting a GError over another one: a
 * g_warning(), fatal in tests and under G_DEBUG=fatal-warnings. Readers
 * refuse these values before asking for strings.
 *
 * Returns: %TRUE if there is one, with @group and @key set (made valid
 *   UTF-8 for messages: GKeyFile does not check names)
 */
static inline gboolean
_gait_key_file_find_lone_backslash (GKeyFile    *key_file,
                                    char       **group,
                                    char       **key)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (key_file, groups[g], NULL, NULL);

      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        {
          g_autofree char *value = g_key_file_get_value (key_file, groups[g], keys[k], NULL);
          gsize len = value != NULL ? strlen (value) : 0;
          gsize n = 0;

          while (n < len && value[len - 1 - n] == '\\')
            n++;

          if (n % 2 == 1)
            {
              *group = g_utf8_make_valid (groups[g], -1);
              *key = g_utf8_make_valid (keys[k], -1);
              return TRUE;
            }
        }
    }

  return FALSE;
}

G_END_DECLS
