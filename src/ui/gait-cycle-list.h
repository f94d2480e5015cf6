/* gait-cycle-list.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gait-annotation-store.h"
#include "gait-session.h"

G_BEGIN_DECLS

#define GAIT_TYPE_CYCLE_LIST (gait_cycle_list_get_type ())

G_DECLARE_FINAL_TYPE (GaitCycleList, gait_cycle_list, GAIT, CYCLE_LIST, GtkWidget)

GtkWidget *gait_cycle_list_new       (void);
void       gait_cycle_list_set_session (GaitCycleList       *self,
                                        GaitSession         *session);
void       gait_cycle_list_set_store   (GaitCycleList       *self,
                                        GaitAnnotationStore *store);

G_END_DECLS
