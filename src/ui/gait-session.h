/* gait-session.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gait-annotation.h"
#include "gait-recording.h"
#include "gait-trace-item.h"
#include "gait-vqt.h"

G_BEGIN_DECLS

#define GAIT_TYPE_SESSION (gait_session_get_type ())

G_DECLARE_FINAL_TYPE (GaitSession, gait_session, GAIT, SESSION, GObject)

GaitSession   *gait_session_new                 (void);
GaitRecording *gait_session_get_recording       (GaitSession   *self);
void           gait_session_set_recording       (GaitSession   *self,
                                                 GaitRecording *recording);
gint64         gait_session_get_n_frames        (GaitSession   *self);
double         gait_session_get_fps             (GaitSession   *self);
void           gait_session_set_fps             (GaitSession   *self,
                                                 double         fps);
gint64         gait_session_get_frame           (GaitSession   *self);
void           gait_session_seek                (GaitSession   *self,
                                                 gint64         frame);
double         gait_session_get_visible_begin   (GaitSession   *self);
double         gait_session_get_visible_end     (GaitSession   *self);
void           gait_session_set_visible         (GaitSession   *self,
                                                 double         begin,
                                                 double         end);
void           gait_session_zoom                (GaitSession   *self,
                                                 double         factor,
                                                 double         around);
void           gait_session_zoom_fit            (GaitSession   *self);
void           gait_session_scroll_to_frame     (GaitSession   *self,
                                                 gint64         frame);
guint          gait_session_get_limb            (GaitSession   *self);
void           gait_session_set_limb            (GaitSession   *self,
                                                 guint          limb);
gboolean       gait_session_get_playing         (GaitSession   *self);
void           gait_session_set_playing         (GaitSession   *self,
                                                 gboolean       playing);
double         gait_session_get_rate            (GaitSession   *self);
void           gait_session_set_rate            (GaitSession   *self,
                                                 double         rate);
double         gait_session_get_likelihood_cutoff (GaitSession *self);
void           gait_session_set_likelihood_cutoff (GaitSession *self,
                                                   double       cutoff);
GaitAnnotation *gait_session_get_selected       (GaitSession    *self);
void           gait_session_set_selected        (GaitSession    *self,
                                                 GaitAnnotation *annotation);
gboolean       gait_session_get_selection       (GaitSession    *self,
                                                 gint64         *start,
                                                 gint64         *end);
void           gait_session_set_selection       (GaitSession    *self,
                                                 gint64          start,
                                                 gint64          end);
GListStore    *gait_session_get_traces          (GaitSession   *self);
GaitSpectrogram *gait_session_get_spectrogram    (GaitSession     *self);
const char    *gait_session_get_spectrogram_name (GaitSession     *self);
void           gait_session_set_spectrogram     (GaitSession     *self,
                                                 GaitSpectrogram *spectrogram,
                                                 const char      *name);
char          *gait_session_format_frame        (GaitSession   *self,
                                                 gint64         frame);

G_END_DECLS
