/* gait-profile.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gait-tracking.h"

G_BEGIN_DECLS

#define GAIT_TYPE_PROFILE (gait_profile_get_type ())

G_DECLARE_FINAL_TYPE (GaitProfile, gait_profile, GAIT, PROFILE, GObject)

GaitProfile        *gait_profile_new                  (const char          *name);
GaitProfile        *gait_profile_new_default          (void);
GaitProfile        *gait_profile_new_builtin          (const char          *id);
const char * const *gait_profile_list_builtin         (void);
GaitProfile        *gait_profile_new_from_file        (const char          *path,
                                                       GError             **error);
GaitProfile        *gait_profile_new_from_data        (const char          *data,
                                                       gssize               length,
                                                       const char          *display_name,
                                                       GError             **error);
GaitProfile        *gait_profile_guess                (GaitTracking        *tracking);
GaitProfile        *gait_profile_copy                 (GaitProfile         *self);
char               *gait_profile_to_data              (GaitProfile         *self,
                                                       gsize               *length);
const char         *gait_profile_get_name             (GaitProfile         *self);
guint               gait_profile_get_n_limbs          (GaitProfile         *self);
const char         *gait_profile_get_limb_name        (GaitProfile         *self,
                                                       guint                limb);
GStrv               gait_profile_dup_limb_names       (GaitProfile         *self);
const char * const *gait_profile_get_limb_landmarks   (GaitProfile         *self,
                                                       guint                limb);
void                gait_profile_clear_limbs          (GaitProfile         *self);
void                gait_profile_add_limb             (GaitProfile         *self,
                                                       const char          *name,
                                                       const char * const  *landmarks);
const char * const *gait_profile_get_procrustes       (GaitProfile         *self);
void                gait_profile_set_procrustes       (GaitProfile         *self,
                                                       const char * const  *landmarks);
guint               gait_profile_get_n_bones          (GaitProfile         *self);
void                gait_profile_get_bone             (GaitProfile         *self,
                                                       guint                bone,
                                                       const char         **from,
                                                       const char         **to);
void                gait_profile_add_bone             (GaitProfile         *self,
                                                       const char          *from,
                                                       const char          *to);
gboolean            gait_profile_validate             (GaitProfile         *self,
                                                       GaitTracking        *tracking,
                                                       GError             **error);
GArray             *gait_profile_resolve_limb         (GaitProfile         *self,
                                                       GaitTracking        *tracking,
                                                       guint                limb,
                                                       GError             **error);
GArray             *gait_profile_resolve_procrustes   (GaitProfile         *self,
                                                       GaitTracking        *tracking,
                                                       GError             **error);

G_END_DECLS
