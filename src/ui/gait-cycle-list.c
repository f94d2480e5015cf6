/* gait-cycle-list.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gait-cycle-list.h"

/*
 * The side list of cycles: limb, start, end, duration, Procrustes
 * distance, confidence and state, sortable by any column. Selecting a row
 * selects the span and seeks the video to the cycle's start; selecting a
 * span elsewhere selects its row.
 */

struct _GaitCycleList
{
  GtkWidget           parent_instance;

  GtkWidget          *scroller;
  GtkColumnView      *view;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;

  GaitSession        *session;
  GSignalGroup       *session_signals;
  gboolean            syncing;
};

G_DEFINE_FINAL_TYPE (GaitCycleList, gait_cycle_list, GTK_TYPE_WIDGET)

typedef enum
{
  COLUMN_LIMB,
  COLUMN_START,
  COLUMN_END,
  COLUMN_DURATION,
  COLUMN_PROCRUSTES,
  COLUMN_CONFIDENCE,
  COLUMN_STATE,
} Column;

static char *
format_cell (GaitAnnotation *annotation,
             Column          column,
             GaitSession    *session)
{
  const GaitCycle *c = gait_annotation_get_cycle (annotation);
  double fps = session ? gait_session_get_fps (session) : 0;

  switch (column)
    {
    case COLUMN_LIMB:
      return g_strdup (c->limb);
    case COLUMN_START:
      return g_strdup_printf ("%" G_GINT64_FORMAT, c->start);
    case COLUMN_END:
      return g_strdup_printf ("%" G_GINT64_FORMAT, c->end);
    case COLUMN_DURATION:
      if (fps > 0)
        return g_strdup_printf ("%.3f s", (c->end - c->start) / fps);
      return g_strdup_printf ("%" G_GINT64_FORMAT, c->end - c->start);
    case COLUMN_PROCRUSTES:
      return isfinite (c->procrustes) ? g_strdup_printf ("%.4f", c->procrustes) : g_strdup ("–");
    case COLUMN_CONFIDENCE:
      return isfinite (c->confidence) ? g_strdup_printf ("%.2f", c->confidence) : g_strdup ("–");
    case COLUMN_STATE:
    default:
      return g_strdup (gait_cycle_state_to_string (c->state));
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (user_data) == COLUMN_LIMB ? 0.0 : 1.0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  GaitCycleList *self = g_object_get_data (G_OBJECT (factory), "cycle-list");
  Column column = GPOINTER_TO_INT (user_data);
  g_autofree char *text = format_cell (gtk_list_item_get_item (item), column, self->session);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static int
compare_states (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  GaitCycleState sa = gait_annotation_get_state ((GaitAnnotation *)a);
  GaitCycleState sb = gait_annotation_get_state ((GaitAnnotation *)b);

  return (sa > sb) - (sa < sb);
}

static void
add_column (GaitCycleList *self,
            const char    *title,
            Column         column,
            const char    *property,
            gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;
  GtkSorter *sorter;

  g_object_set_data (G_OBJECT (factory), "cycle-list", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));

  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);

  if (column == COLUMN_LIMB)
    sorter = GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (GAIT_TYPE_ANNOTATION, NULL, property)));
  else if (column == COLUMN_STATE)
    sorter = GTK_SORTER (gtk_custom_sorter_new (compare_states, NULL, NULL));
  else
    sorter = GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (GAIT_TYPE_ANNOTATION, NULL, property)));
  gtk_column_view_column_set_sorter (col, sorter);
  g_object_unref (sorter);

  gtk_column_view_append_column (self->view, col);
}

static void
on_selection_changed (GaitCycleList      *self,
                      guint               position,
                      guint               n_items,
                      GtkSingleSelection *selection)
{
  GaitAnnotation *annotation;

  if (self->syncing || self->session == NULL)
    return;

  annotation = gtk_single_selection_get_selected_item (selection);
  if (annotation == NULL)
    return;

  self->syncing = TRUE;
  gait_session_set_selected (self->session, annotation);
  gait_session_seek (self->session, gait_annotation_get_cycle (annotation)->start);
  gait_session_scroll_to_frame (self->session, gait_annotation_get_cycle (annotation)->start);
  self->syncing = FALSE;
}

static void
on_session_selected (GaitCycleList *self,
                     GParamSpec    *pspec,
                     GaitSession   *session)
{
  GaitAnnotation *selected = gait_session_get_selected (session);
  guint n;

  if (self->syncing)
    return;

  self->syncing = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; selected != NULL && i < n; i++)
    {
      g_autoptr(GaitAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (a == selected)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->view), "list.scroll-to-item", "u", i);
          break;
        }
    }
  self->syncing = FALSE;
}

static void
gait_cycle_list_dispose (GObject *object)
{
  GaitCycleList *self = (GaitCycleList *)object;

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (gait_cycle_list_parent_class)->dispose (object);
}

static void
gait_cycle_list_class_init (GaitCycleListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gait_cycle_list_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gaitcyclelist");
}

static void
gait_cycle_list_init (GaitCycleList *self)
{
  self->sorted = gtk_sort_list_model_new (NULL, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (on_selection_changed), self);

  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (self->selection)));
  gtk_column_view_set_show_row_separators (self->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");

  add_column (self, _("Limb"), COLUMN_LIMB, "limb", TRUE);
  add_column (self, _("Start"), COLUMN_START, "start", FALSE);
  add_column (self, _("End"), COLUMN_END, "end", FALSE);
  add_column (self, C_("column", "Length"), COLUMN_DURATION, "duration", FALSE);
  add_column (self, C_("column, Procrustes distance", "Procr."), COLUMN_PROCRUSTES, "procrustes", FALSE);
  add_column (self, C_("column, confidence", "Conf."), COLUMN_CONFIDENCE, "confidence", FALSE);
  add_column (self, _("State"), COLUMN_STATE, "state", FALSE);

  gtk_sort_list_model_set_sorter (self->sorted, gtk_column_view_get_sorter (self->view));

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (GAIT_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::selected",
                                 G_CALLBACK (on_session_selected), self, G_CONNECT_SWAPPED);
}

GtkWidget *
gait_cycle_list_new (void)
{
  return g_object_new (GAIT_TYPE_CYCLE_LIST, NULL);
}

void
gait_cycle_list_set_session (GaitCycleList *self,
                             GaitSession   *session)
{
  g_return_if_fail (GAIT_IS_CYCLE_LIST (self));

  if (g_set_object (&self->session, session))
    g_signal_group_set_target (self->session_signals, session);
}

void
gait_cycle_list_set_store (GaitCycleList       *self,
                           GaitAnnotationStore *store)
{
  g_return_if_fail (GAIT_IS_CYCLE_LIST (self));

  gtk_sort_list_model_set_model (self->sorted, G_LIST_MODEL (store));
}
