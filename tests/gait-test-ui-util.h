/* gait-test-ui-util.h: helpers shared by the tests of the review window
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the test programs that run under xvfb-run only.
 */

#pragma once

#include <gtk/gtk.h>

#include "gait-window.h"

G_BEGIN_DECLS

typedef gboolean (*GaitTestCondition) (gpointer data);

void        gait_test_iterate        (guint                  n);
gboolean    gait_test_wait_for       (GaitTestCondition      condition,
                                      gpointer               data,
                                      guint                  timeout_ms);
gboolean    gait_test_window_ready   (gpointer               window);
gboolean    gait_test_frame_shown    (gpointer               window);
void        gait_test_activate       (GaitWindow            *window,
                                      const char            *action,
                                      GVariant              *param);
GaitWindow *gait_test_open_window    (const char            *path);
GdkTexture *gait_test_render         (GaitWindow            *window,
                                      const char            *png);

/* A texture's pixels, B G R A bytes */
typedef struct
{
  guchar *data;
  gsize   stride;
  int     width;
  int     height;
} GaitTestPixels;

void        gait_test_pixels_init    (GaitTestPixels        *px,
                                      GdkTexture            *texture);
guint       gait_test_count_colour   (const GaitTestPixels  *px,
                                      const graphene_rect_t *area,
                                      int                    r,
                                      int                    g,
                                      int                    b,
                                      int                    tolerance);

G_END_DECLS
