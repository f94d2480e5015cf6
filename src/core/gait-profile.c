/* gait-profile.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "gait-error.h"
#include "gait-key-file-private.h"
#include "gait-profile.h"
#include "gaitline-core-resources.h"

/*
 * A profile names the roles of a project's landmarks: the limbs (each with
 * its distal landmarks, whose movement gives the limb's hoof speed), the
 * landmarks compared by Procrustes superimposition, and an optional
 * skeleton for drawing. Profiles are GKeyFiles:
 *
 *   [Profile]
 *   Name=Piglet, side view
 *   Procrustes=ankle;elbow;...
 *   Skeleton=wrist,metacarpal;metacarpal,fhoof;...
 *
 *   [Limb fl]
 *   Landmarks=wrist;metacarpal;fhoof;
 *
 * Limbs keep the order of their groups. An empty Procrustes list means
 * "every landmark of every limb".
 */

#define LIMB_GROUP_PREFIX "Limb "
#define RESOURCE_PATH     "/io/github/gaitline/Gaitline/profiles/"

typedef struct
{
  char  *name;
  GStrv  landmarks;
} Limb;

struct _GaitProfile
{
  GObject    parent_instance;

  char      *name;
  GArray    *limbs;       /* of Limb */
  GStrv      procrustes;
  GPtrArray *bones;       /* pairs of owned strings, flattened */
};

G_DEFINE_FINAL_TYPE (GaitProfile, gait_profile, G_TYPE_OBJECT)

static const char * const builtin_ids[] = {
  "piglet-blog",
  "mouse-side",
  NULL
};

static void
limb_clear (gpointer data)
{
  Limb *limb = data;

  g_clear_pointer (&limb->name, g_free);
  g_clear_pointer (&limb->landmarks, g_strfreev);
}

static void
gait_profile_finalize (GObject *object)
{
  GaitProfile *self = (GaitProfile *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->limbs, g_array_unref);
  g_clear_pointer (&self->procrustes, g_strfreev);
  g_clear_pointer (&self->bones, g_ptr_array_unref);

  G_OBJECT_CLASS (gait_profile_parent_class)->finalize (object);
}

static void
gait_profile_class_init (GaitProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gait_profile_finalize;
}

static void
gait_profile_init (GaitProfile *self)
{
  self->limbs = g_array_new (FALSE, TRUE, sizeof (Limb));
  g_array_set_clear_func (self->limbs, limb_clear);
  self->procrustes = g_new0 (char *, 1);
  self->bones = g_ptr_array_new_with_free_func (g_free);
}

/**
 * gait_profile_new:
 * @name: (nullable): a human readable name
 *
 * Returns: (transfer full): an empty profile
 */
GaitProfile *
gait_profile_new (const char *name)
{
  GaitProfile *self = g_object_new (GAIT_TYPE_PROFILE, NULL);

  self->name = g_strdup (name ? name : "Custom");

  return self;
}

/**
 * gait_profile_list_builtin:
 *
 * Returns: (transfer none): the ids of the profiles Gaitline ships
 */
const char * const *
gait_profile_list_builtin (void)
{
  return builtin_ids;
}

/**
 * gait_profile_new_builtin:
 * @id: one of gait_profile_list_builtin()
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL for an unknown id
 */
GaitProfile *
gait_profile_new_builtin (const char *id)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GaitProfile *self;

  g_return_val_if_fail (id != NULL, NULL);

  if (!g_strv_contains (builtin_ids, id))
    return NULL;

  path = g_strconcat (RESOURCE_PATH, id, ".ini", NULL);
  bytes = g_resource_lookup_data (gait_core_get_resource (), path,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);

  self = gait_profile_new_from_data (g_bytes_get_data (bytes, NULL),
                                     g_bytes_get_size (bytes),
                                     path, &error);
  g_assert_no_error (error);

  return self;
}

/**
 * gait_profile_new_default:
 *
 * Returns: (transfer full): the blog post's piglet profile
 */
GaitProfile *
gait_profile_new_default (void)
{
  return gait_profile_new_builtin (builtin_ids[0]);
}

static gboolean
parse_bone (const char  *str,
            char       **from,
            char       **to)
{
  const char *comma = strchr (str, ',');

  if (comma == NULL || comma == str || comma[1] == '\0')
    return FALSE;

  *from = g_strstrip (g_strndup (str, comma - str));
  *to = g_strstrip (g_strdup (comma + 1));

  return **from != '\0' && **to != '\0';
}

/**
 * gait_profile_new_from_data:
 * @data: GKeyFile text
 * @length: length of @data, or -1 if NUL-terminated
 * @display_name: how to name the source in error messages
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a profile, or %NULL with @error set
 */
GaitProfile *
gait_profile_new_from_data (const char  *data,
                            gssize       length,
                            const char  *display_name,
                            GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GaitProfile) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) procrustes = NULL;
  g_auto(GStrv) skeleton = NULL;
  g_autofree char *bad_group = NULL;
  g_autofree char *bad_key = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      /* GKeyFile quotes what it cannot parse as is, UTF-8 or not */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                   "%s: not a profile: %s", display_name, message);
      return NULL;
    }

  if (_gait_key_file_find_lone_backslash (key_file, &bad_group, &bad_key))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                   "%s: [%s] %s: the value ends with a lone backslash",
                   display_name, bad_group, bad_key);
      return NULL;
    }

  if (!g_key_file_has_group (key_file, "Profile"))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                   "%s: no [Profile] group", display_name);
      return NULL;
    }

  name = g_key_file_get_string (key_file, "Profile", "Name", NULL);
  self = gait_profile_new (name);

  procrustes = g_key_file_get_string_list (key_file, "Profile", "Procrustes", NULL, NULL);
  if (procrustes != NULL)
    gait_profile_set_procrustes (self, (const char * const *)procrustes);

  skeleton = g_key_file_get_string_list (key_file, "Profile", "Skeleton", NULL, NULL);
  for (guint i = 0; skeleton != NULL && skeleton[i] != NULL; i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (!parse_bone (skeleton[i], &from, &to))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s: skeleton entry \"%s\" is not a pair \"LANDMARK,LANDMARK\"",
                       display_name, skeleton[i]);
          return NULL;
        }

      gait_profile_add_bone (self, from, to);
    }

  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) landmarks = NULL;
      const char *limb;

      if (!g_str_has_prefix (groups[i], LIMB_GROUP_PREFIX))
        continue;

      limb = groups[i] + strlen (LIMB_GROUP_PREFIX);
      landmarks = g_key_file_get_string_list (key_file, groups[i], "Landmarks", NULL, NULL);

      if (*limb == '\0')
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s: group [%s] has no limb name", display_name, groups[i]);
          return NULL;
        }

      /* GKeyFile does not check group names: a limb name ends up in the
       * window, in messages and in EAF tier names. */
      if (!g_utf8_validate (limb, -1, NULL))
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s: a limb name is not valid UTF-8", display_name);
          return NULL;
        }

      if (landmarks == NULL || landmarks[0] == NULL)
        {
          g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                       "%s: limb \"%s\" lists no landmarks", display_name, limb);
          return NULL;
        }

      gait_profile_add_limb (self, limb, (const char * const *)landmarks);
    }

  if (self->limbs->len == 0)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                   "%s: no [Limb NAME] group", display_name);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * gait_profile_new_from_file:
 * @path: a profile file
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a profile, or %NULL with @error set
 */
GaitProfile *
gait_profile_new_from_file (const char  *path,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display_name = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  display_name = g_filename_display_name (path);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_PARSE,
                   "%s: cannot read profile: %s", display_name, local_error->message);
      return NULL;
    }

  return gait_profile_new_from_data (contents, length, display_name, error);
}

/**
 * gait_profile_to_data:
 * @self: a #GaitProfile
 * @length: (out) (optional): length of the result
 *
 * Returns: (transfer full): the profile as GKeyFile text
 */
char *
gait_profile_to_data (GaitProfile *self,
                      gsize       *length)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GPtrArray) bones = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (GAIT_IS_PROFILE (self), NULL);

  g_key_file_set_string (key_file, "Profile", "Name", self->name);
  g_key_file_set_string_list (key_file, "Profile", "Procrustes",
                              (const char * const *)self->procrustes,
                              g_strv_length (self->procrustes));

  for (guint i = 0; i + 1 < self->bones->len; i += 2)
    g_ptr_array_add (bones, g_strconcat (g_ptr_array_index (self->bones, i), ",",
                                         g_ptr_array_index (self->bones, i + 1), NULL));
  if (bones->len > 0)
    g_key_file_set_string_list (key_file, "Profile", "Skeleton",
                                (const char * const *)bones->pdata, bones->len);

  for (guint i = 0; i < self->limbs->len; i++)
    {
      const Limb *limb = &g_array_index (self->limbs, Limb, i);
      g_autofree char *group = g_strconcat (LIMB_GROUP_PREFIX, limb->name, NULL);

      g_key_file_set_string_list (key_file, group, "Landmarks",
                                  (const char * const *)limb->landmarks,
                                  g_strv_length (limb->landmarks));
    }

  return g_key_file_to_data (key_file, length, NULL);
}

/**
 * gait_profile_copy:
 * @self: a #GaitProfile
 *
 * Returns: (transfer full): an independent copy
 */
GaitProfile *
gait_profile_copy (GaitProfile *self)
{
  GaitProfile *copy;

  g_return_val_if_fail (GAIT_IS_PROFILE (self), NULL);

  copy = gait_profile_new (self->name);
  for (guint i = 0; i < self->limbs->len; i++)
    {
      const Limb *limb = &g_array_index (self->limbs, Limb, i);
      gait_profile_add_limb (copy, limb->name, (const char * const *)limb->landmarks);
    }
  gait_profile_set_procrustes (copy, (const char * const *)self->procrustes);
  for (guint i = 0; i + 1 < self->bones->len; i += 2)
    gait_profile_add_bone (copy,
                           g_ptr_array_index (self->bones, i),
                           g_ptr_array_index (self->bones, i + 1));

  return copy;
}

const char *
gait_profile_get_name (GaitProfile *self)
{
  g_return_val_if_fail (GAIT_IS_PROFILE (self), NULL);

  return self->name;
}

guint
gait_profile_get_n_limbs (GaitProfile *self)
{
  g_return_val_if_fail (GAIT_IS_PROFILE (self), 0);

  return self->limbs->len;
}

const char *
gait_profile_get_limb_name (GaitProfile *self,
                            guint        limb)
{
  g_return_val_if_fail (GAIT_IS_PROFILE (self), NULL);
  g_return_val_if_fail (limb < self->limbs->len, NULL);

  return g_array_index (self->limbs, Limb, limb).name;
}

/**
 * gait_profile_dup_limb_names:
 * @self: a #GaitProfile
 *
 * Returns: (transfer full): the limbs' names, in order, %NULL-terminated
 *   (as #GaitExportOptions.limbs and the ELAN reader take them)
 */
GStrv
gait_profile_dup_limb_names (GaitProfile *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (GAIT_IS_PROFILE (self), NULL);

  for (guint i = 0; i < self->limbs->len; i++)
    g_strv_builder_add (names, g_array_index (self->limbs, Limb, i).name);

  return g_strv_builder_end (names);
}

const char * const *
gait_profile_get_limb_landmarks (GaitProfile *self,
                                 guint        limb)
{
  g_return_val_if_fail (GAIT_IS_PROFILE (self), NULL);
  g_return_val_if_fail (limb < self->limbs->len, NULL);

  return (const char * const *)g_array_index (self->limbs, Limb, limb).landmarks;
}

void
gait_profile_clear_limbs (GaitProfile *self)
{
  g_return_if_fail (GAIT_IS_PROFILE (self));

  g_array_set_size (self->limbs, 0);
}

/**
 * gait_profile_add_limb:
 * @self: a #GaitProfile
 * @name: the limb's name, e.g. "fl"
 * @landmarks: its distal landmarks
 *
 * Adds a limb, or replaces the landmarks of the limb called @name.
 */
void
gait_profile_add_limb (GaitProfile        *self,
                       const char         *name,
                       const char * const *landmarks)
{
  Limb limb;

  g_return_if_fail (GAIT_IS_PROFILE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (landmarks != NULL);

  for (guint i = 0; i < self->limbs->len; i++)
    {
      Limb *existing = &g_array_index (self->limbs, Limb, i);

      if (g_strcmp0 (existing->name, name) == 0)
        {
          g_strfreev (existing->landmarks);
          existing->landmarks = g_strdupv ((char **)landmarks);
          return;
        }
    }

  limb.name = g_strdup (name);
  limb.landmarks = g_strdupv ((char **)landmarks);
  g_array_append_val (self->limbs, limb);
}

const char * const *
gait_profile_get_procrustes (GaitProfile *self)
{
  g_return_val_if_fail (GAIT_IS_PROFILE (self), NULL);

  return (const char * const *)self->procrustes;
}

/**
 * gait_profile_set_procrustes:
 * @self: a #GaitProfile
 * @landmarks: (nullable): landmarks compared by Procrustes; %NULL or empty
 *   means every landmark of every limb
 */
void
gait_profile_set_procrustes (GaitProfile        *self,
                             const char * const *landmarks)
{
  g_return_if_fail (GAIT_IS_PROFILE (self));

  g_strfreev (self->procrustes);
  self->procrustes = landmarks ? g_strdupv ((char **)landmarks) : g_new0 (char *, 1);
}

guint
gait_profile_get_n_bones (GaitProfile *self)
{
  g_return_val_if_fail (GAIT_IS_PROFILE (self), 0);

  return self->bones->len / 2;
}

void
gait_profile_get_bone (GaitProfile  *self,
                       guint         bone,
                       const char  **from,
                       const char  **to)
{
  g_return_if_fail (GAIT_IS_PROFILE (self));
  g_return_if_fail (bone < self->bones->len / 2);

  if (from != NULL)
    *from = g_ptr_array_index (self->bones, 2 * bone);
  if (to != NULL)
    *to = g_ptr_array_index (self->bones, 2 * bone + 1);
}

void
gait_profile_add_bone (GaitProfile *self,
                       const char  *from,
                       const char  *to)
{
  g_return_if_fail (GAIT_IS_PROFILE (self));
  g_return_if_fail (from != NULL && to != NULL);

  g_ptr_array_add (self->bones, g_strdup (from));
  g_ptr_array_add (self->bones, g_strdup (to));
}

static gboolean
resolve_names (GaitTracking        *tracking,
               const char * const  *names,
               const char          *role,
               GArray              *indices,
               GError             **error)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      int index = gait_tracking_find_landmark (tracking, names[i]);
      guint u;

      if (index < 0)
        {
          g_autofree char *available = gait_tracking_dup_landmark_list (tracking);

          g_set_error (error, GAIT_ERROR, GAIT_ERROR_UNKNOWN_LANDMARK,
                       "%s: %s landmark \"%s\" is not in the file; available landmarks: %s",
                       gait_tracking_get_path (tracking), role, names[i], available);
          return FALSE;
        }

      u = index;
      g_array_append_val (indices, u);
    }

  return TRUE;
}

/**
 * gait_profile_resolve_limb:
 * @self: a #GaitProfile
 * @tracking: the data the profile is applied to
 * @limb: index of the limb
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the landmark indices (guint) of the
 *   limb's distal landmarks in @tracking
 */
GArray *
gait_profile_resolve_limb (GaitProfile   *self,
                           GaitTracking  *tracking,
                           guint          limb,
                           GError       **error)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *role = NULL;

  g_return_val_if_fail (GAIT_IS_PROFILE (self), NULL);
  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), NULL);
  g_return_val_if_fail (limb < self->limbs->len, NULL);

  role = g_strdup_printf ("limb %s", g_array_index (self->limbs, Limb, limb).name);
  if (!resolve_names (tracking,
                      (const char * const *)g_array_index (self->limbs, Limb, limb).landmarks,
                      role, indices, error))
    return NULL;

  return g_steal_pointer (&indices);
}

static void
append_unique (GArray *indices,
               guint   index)
{
  for (guint i = 0; i < indices->len; i++)
    if (g_array_index (indices, guint, i) == index)
      return;

  g_array_append_val (indices, index);
}

/**
 * gait_profile_resolve_procrustes:
 * @self: a #GaitProfile
 * @tracking: the data the profile is applied to
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the landmark indices (guint) to
 *   compare by Procrustes superimposition, in the profile's order
 */
GArray *
gait_profile_resolve_procrustes (GaitProfile   *self,
                                 GaitTracking  *tracking,
                                 GError       **error)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) unique = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (GAIT_IS_PROFILE (self), NULL);
  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), NULL);

  if (self->procrustes[0] != NULL)
    {
      if (!resolve_names (tracking, (const char * const *)self->procrustes,
                          "Procrustes", indices, error))
        return NULL;
    }
  else
    {
      for (guint i = 0; i < self->limbs->len; i++)
        {
          g_autoptr(GArray) limb = gait_profile_resolve_limb (self, tracking, i, error);

          if (limb == NULL)
            return NULL;
          g_array_append_vals (indices, limb->data, limb->len);
        }
    }

  for (guint i = 0; i < indices->len; i++)
    append_unique (unique, g_array_index (indices, guint, i));

  return g_steal_pointer (&unique);
}

/**
 * gait_profile_validate:
 * @self: a #GaitProfile
 * @tracking: the data the profile is applied to
 * @error: return location for a #GError
 *
 * Checks that every landmark the profile names is in @tracking.
 *
 * Returns: %TRUE if the profile applies to @tracking
 */
gboolean
gait_profile_validate (GaitProfile   *self,
                       GaitTracking  *tracking,
                       GError       **error)
{
  g_autoptr(GArray) procrustes = NULL;

  g_return_val_if_fail (GAIT_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), FALSE);

  if (self->limbs->len == 0)
    {
      g_set_error (error, GAIT_ERROR, GAIT_ERROR_INVALID_ARGUMENT,
                   "profile \"%s\" names no limbs", self->name);
      return FALSE;
    }

  for (guint i = 0; i < self->limbs->len; i++)
    {
      g_autoptr(GArray) limb = gait_profile_resolve_limb (self, tracking, i, error);

      if (limb == NULL)
        return FALSE;
    }

  procrustes = gait_profile_resolve_procrustes (self, tracking, error);

  return procrustes != NULL;
}

/**
 * gait_profile_guess:
 * @tracking: tracking data
 *
 * Finds the first built-in profile whose landmarks are all in @tracking.
 *
 * Returns: (transfer full) (nullable): a profile, or %NULL if none applies
 */
GaitProfile *
gait_profile_guess (GaitTracking *tracking)
{
  g_return_val_if_fail (GAIT_IS_TRACKING (tracking), NULL);

  for (guint i = 0; builtin_ids[i] != NULL; i++)
    {
      g_autoptr(GaitProfile) profile = gait_profile_new_builtin (builtin_ids[i]);

      if (gait_profile_validate (profile, tracking, NULL))
        return g_steal_pointer (&profile);
    }

  return NULL;
}
