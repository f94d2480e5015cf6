/* gait-window-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gait-cycle-list.h"
#include "gait-detector.h"
#include "gait-elan.h"
#include "gait-metrics.h"
#include "gait-spectral.h"
#include "gait-timeline.h"
#include "gait-trace-extractor.h"
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

  /* an ELAN document imported into the review: exports merge into it */
  GaitElanDocument     *elan_document;
  GtkLabel             *metrics_label;
  GtkDropDown          *spectro_dropdown;
  GtkLabel             *spectro_label;
  GtkDropDown          *stats_dropdown;
  GtkDropDown          *stats_range_dropdown;
  GtkLabel             *stats_label;
  GtkDrawingArea       *xcorr_area;
  GtkMenuButton        *trace_window_button;
  GtkLabel             *trace_window_label;
  GtkSpinButton        *scale_spin;
  GtkListBox           *trace_list;
  GtkDropDown          *trace_shape_dropdown;
  GtkSpinButton        *trace_size_spin;
  GtkBox               *trace_progress_box;
  GtkProgressBar       *trace_progress;
  GMenu                *primary_menu;

  /* owned */
  GMenu                *recent_menu;
  GaitSession          *session;
  GaitAnnotationStore  *store;
  GCancellable         *cancellable;
  char                 *session_path;
  GError               *save_error;
  GSettings            *settings;      /* NULL when the schema is not installed */

  /* traces: the intensity traces being extracted in one pass */
  GPtrArray            *trace_running;
  GCancellable         *trace_cancellable;
  guint                 trace_idle_id;
  guint                 trace_color;
  guint                 restoring_traces : 1;
  guint                 closed : 1;          /* unrealized: no more saving */

  guint                 metrics_idle_id;
  GaitMetrics          *metrics;       /* as the Cycles page shows them */
  GCancellable         *metrics_cancellable;

  GCancellable         *spectro_cancellable;
  guint                 filling_spectro : 1;
  GCancellable         *stats_cancellable;
  GPtrArray            *stats_signals;
  guint                 filling_stats : 1;

  /* playback */
  guint                 tick_id;
  gint64                play_start_time;
  gint64                play_start_frame;

  /* ELAN-style segmentation: the start marked at a frame */
  gint64                mark_start;

  guint                 busy : 1;
};

typedef void (*GaitWindowExportFunc) (GaitWindow *self,
                                      const char *path,
                                      gpointer    data);

void     _gait_window_add_actions        (GaitWindow     *self);
void     _gait_window_export_to          (GaitWindow           *self,
                                          const char           *path,
                                          const char           *title,
                                          const char           *suffix,
                                          GtkFileFilter        *filter,
                                          GaitWindowExportFunc  func,
                                          gpointer              data);
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
void     _gait_window_save_session       (GaitWindow     *self);
void     _gait_window_traces_class_init  (GtkWidgetClass *widget_class);
void     _gait_window_traces_init        (GaitWindow     *self);
void     _gait_window_traces_dispose     (GaitWindow     *self);
void     _gait_window_traces_clear       (GaitWindow     *self);
GPtrArray *_gait_window_traces_definitions (GaitWindow *self);
void     _gait_window_traces_restore     (GaitWindow     *self,
                                          GPtrArray      *definitions);
void     _gait_window_add_trace_action   (GtkWidget      *widget,
                                          const char     *action_name,
                                          GVariant       *param);
void     _gait_window_remove_trace_action (GtkWidget     *widget,
                                           const char    *action_name,
                                           GVariant      *param);
void     _gait_window_export_traces_action (GtkWidget    *widget,
                                            const char   *action_name,
                                            GVariant     *param);
void     _gait_window_queue_metrics      (GaitWindow     *self);
void     _gait_window_metrics_class_init (GtkWidgetClass *widget_class);
void     _gait_window_metrics_init       (GaitWindow     *self);
void     _gait_window_metrics_dispose    (GaitWindow     *self);
void     _gait_window_export_metrics_action (GtkWidget   *widget,
                                             const char  *action_name,
                                             GVariant    *param);
gboolean _gait_window_export_figure      (GaitWindow     *self,
                                          const char     *path,
                                          gboolean        with_frame,
                                          GError        **error);
void     _gait_window_export_figure_action (GtkWidget    *widget,
                                            const char   *action_name,
                                            GVariant     *param);
void     _gait_window_spectral_class_init (GtkWidgetClass *widget_class);
void     _gait_window_spectral_init      (GaitWindow     *self);
void     _gait_window_spectral_dispose   (GaitWindow     *self);
void     _gait_window_spectrogram_action (GtkWidget      *widget,
                                          const char     *action_name,
                                          GVariant       *param);
void     _gait_window_spectral_stats_action (GtkWidget   *widget,
                                             const char  *action_name,
                                             GVariant    *param);

G_END_DECLS
