/* gait-tracking-private.h
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gait-tracking.h"

G_BEGIN_DECLS

/* Room for the longest text _gait_tracking_format_double() writes. */
#define GAIT_TRACKING_DOUBLE_BUF 40

gboolean _gait_tracking_parse_double  (const char *str,
                                       gsize       length,
                                       double     *value);
gsize    _gait_tracking_format_double (double      value,
                                       char       *buf);

/* For readers of other formats (gait-tracking-hdf5.c): positions 0 and
 * likelihoods 0, to be filled with the mutable getters; %NULL if the
 * storage cannot be allocated. */
GaitTracking *_gait_tracking_new_for_reader (guint               n_frames,
                                             guint               n_landmarks,
                                             const char * const *names,
                                             const char * const *individuals,
                                             const char         *individual,
                                             const char         *scorer,
                                             gboolean            has_likelihood);

/* What the CSV reader (gait-tracking.c) and the HDF5 reader share. */

/* A landmark's values, in the order of its arrays. */
typedef enum
{
  GAIT_CHANNEL_X,
  GAIT_CHANNEL_Y,
  GAIT_CHANNEL_LIKELIHOOD,
} GaitChannel;

#define GAIT_N_CHANNELS 3

/* "x", "y", "likelihood" */
extern const char * const _gait_tracking_channel_names[GAIT_N_CHANNELS];

int   _gait_tracking_channel_kind (const char  *text);
char *_gait_tracking_quote        (const char  *text,
                                   gssize       length,
                                   gsize        max);
char *_gait_tracking_join         (GPtrArray   *strings);

gboolean _gait_tracking_select_individual (const char  *file,
                                           GPtrArray   *individuals,
                                           const char  *individual,
                                           const char  *place,
                                           guint       *index,
                                           GError     **error);

/* A file's column labels, one per column: what
 * _gait_tracking_map_columns() maps to landmarks. */
typedef struct
{
  const char          *file;              /* for messages */
  guint                first;             /* the columns before are not values */
  guint                n_columns;
  const char * const  *individuals;       /* nullable: a single animal */
  const char * const  *bodyparts;
  const char * const  *coords;

  /* For messages: the lines of the individuals, bodyparts and coords
   * labels (0: none), where a file would name individuals ("individuals
   * row"), and (nullable) a column's labels as text to show after
   * "column N" (freed; NULL for none). */
  guint                individuals_line;
  guint                bodyparts_line;
  guint                coords_line;
  const char          *individuals_place;
  char              *(*describe)          (gpointer  data,
                                           guint     column);
  gpointer             describe_data;
} GaitColumnLabels;

typedef struct
{
  const char  *name;                        /* borrowed from the labels */
  int          columns[GAIT_N_CHANNELS];    /* -1: none */
} GaitLandmarkColumns;

typedef struct
{
  GPtrArray   *individuals;     /* borrowed names, in order of appearance */
  const char  *selected;        /* one of them, or NULL */
  GPtrArray   *landmarks;       /* of GaitLandmarkColumns, in order */
  gboolean     has_likelihood;  /* every landmark has a likelihood column */
} GaitColumnMap;

gboolean _gait_tracking_map_columns     (const GaitColumnLabels  *labels,
                                         const char              *individual,
                                         GaitColumnMap           *map,
                                         GError                 **error);
void     _gait_column_map_clear         (GaitColumnMap           *map);
void     _gait_tracking_fill_likelihood (GaitTracking            *self,
                                         const GaitColumnMap     *map);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GaitColumnMap, _gait_column_map_clear)

/* gait-tracking-hdf5.c: DeepLabCut (pandas HDFStore) and SLEAP analysis
 * HDF5 files. */
gboolean      _gait_tracking_is_hdf5        (const char         *path,
                                             const char         *data,
                                             gsize               length);
GaitTracking *_gait_tracking_new_from_hdf5  (const char         *path,
                                             const char         *display_name,
                                             const char         *individual,
                                             GError            **error);

/* gait-tracking-isolated.c: HDF5 read in a child process */
GaitTracking *_gait_tracking_new_from_hdf5_isolated (const char   *path,
                                                     const char   *display_name,
                                                     const char   *individual,
                                                     GError      **error);
guint         _gait_tracking_hdf5_time_limit        (const char   *path);
gboolean      _gait_tracking_write_to_fd            (GaitTracking *self,
                                                     int           fd);
gboolean      _gait_tracking_write_error_to_fd      (const GError *error,
                                                     int           fd);

G_END_DECLS
