/* gait-window-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gait-cycle-list.h"
#include "gait-detector.h"
#include "gait-timeline.h"
#include "gait-video-view.h"
#include "gait-window.h"

G_BEGIN_DECLS

struct _GaitWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  GtkSpinner           *loading_spinner;
  GtkLabel             *loading_label;
  GaitVideoView        *video_view;
  GaitTimeline         *timeline;
  GaitCycleList        *cycle_list;
  GtkLabel             *frame_label;
  GtkLabel             *summary_label;
  GtkLabel             *limbs_label;
  GtkDropDown          *rate_dropdown;
  GtkDropDown          *method_dropdown;
  GtkSpinButton        *cutoff_spin;
  GtkSpinButton        *trail_spin;
  GtkSpinButton        *likelihood_spin;
  GtkSpinButton        *threshold_spin;
  GtkSpinButton        *min_width_spin;
  GtkSpinButton        *max_width_spin;
  GtkSpinButton        *min_distance_spin;
  GtkSpinButton        *fps_spin;
  GtkStack             *side_stack;
  GMenu                *primary_menu;

  /* owned */
  GMenu                *recent_menu;
  GaitSession          *session;
  GaitAnnotationStore  *store;
  GCancellable         *cancellable;
  char                 *session_path;
  GError               *save_error;
  GSettings            *settings;      /* NULL when the schema is not installed */

  /* playback */
  guint                 tick_id;
  gint64                play_start_time;
  gint64                play_start_frame;

  /* ELAN-style segmentation: the start marked at a frame */
  gint64                mark_start;

  guint                 busy : 1;
};

void     _gait_window_add_actions        (GaitWindow     *self);
void     _gait_window_update_actions     (GaitWindow     *self);
void     _gait_window_toast              (GaitWindow     *self,
                                          const char     *format,
                                          ...) G_GNUC_PRINTF (2, 3);
void     _gait_window_read_params        (GaitWindow     *self,
                                          GaitDetectParams *params);
void     _gait_window_detect             (GaitWindow     *self);
gboolean _gait_window_export             (GaitWindow     *self,
                                          const char     *path,
                                          gboolean        eaf,
                                          GError        **error);
void     _gait_window_restart_playback   (GaitWindow     *self);
void     _gait_window_settings_init      (GaitWindow     *self);
void     _gait_window_settings_defaults  (GaitWindow     *self,
                                          GaitDetectParams *params);

G_END_DECLS
