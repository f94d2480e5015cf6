/* gait-cycle.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "gait-cycle.h"

static const char * const method_names[] = {
  [GAIT_METHOD_TOUCHDOWN] = "touchdown",
  [GAIT_METHOD_SEED] = "seed",
  [GAIT_METHOD_MANUAL] = "manual",
};

static const char * const state_names[] = {
  [GAIT_CYCLE_DETECTED] = "detected",
  [GAIT_CYCLE_ACCEPTED] = "accepted",
  [GAIT_CYCLE_REJECTED] = "rejected",
  [GAIT_CYCLE_EDITED] = "edited",
  [GAIT_CYCLE_ADDED] = "added",
};

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *str,
             guint              *index)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_ascii_strcasecmp (str, names[i]) == 0)
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
gait_cycle_state_to_string (GaitCycleState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

gboolean
gait_cycle_state_from_string (const char     *str,
                              GaitCycleState *state)
{
  guint index;

  g_return_val_if_fail (str != NULL, FALSE);

  if (!lookup_name (state_names, G_N_ELEMENTS (state_names), str, &index))
    return FALSE;
  if (state != NULL)
    *state = index;
  return TRUE;
}

const char *
gait_method_to_string (GaitMethod method)
{
  g_return_val_if_fail (method < G_N_ELEMENTS (method_names), NULL);

  return method_names[method];
}

gboolean
gait_method_from_string (const char *str,
                         GaitMethod *method)
{
  guint index;

  g_return_val_if_fail (str != NULL, FALSE);

  if (!lookup_name (method_names, G_N_ELEMENTS (method_names), str, &index))
    return FALSE;
  if (method != NULL)
    *method = index;
  return TRUE;
}

void
gait_cycle_init (GaitCycle  *cycle,
                 const char *limb,
                 gint64      start,
                 gint64      end)
{
  g_return_if_fail (cycle != NULL);

  cycle->limb = g_intern_string (limb);
  cycle->start = start;
  cycle->end = end;
  cycle->liftoff = -1;
  cycle->procrustes = NAN;
  cycle->n_landmarks = 0;
  cycle->confidence = NAN;
  cycle->stride_length = NAN;
  cycle->method = GAIT_METHOD_MANUAL;
  cycle->state = GAIT_CYCLE_DETECTED;
}

/* Orders by limb name, then start frame, then end frame. */
int
gait_cycle_compare (gconstpointer a,
                    gconstpointer b)
{
  const GaitCycle *ca = a;
  const GaitCycle *cb = b;
  int cmp;

  if (ca->limb != cb->limb && (cmp = g_strcmp0 (ca->limb, cb->limb)) != 0)
    return cmp;
  if (ca->start != cb->start)
    return ca->start < cb->start ? -1 : 1;
  if (ca->end != cb->end)
    return ca->end < cb->end ? -1 : 1;
  return 0;
}

/* Fraction of the cycle spent in stance: (liftoff - start) / (end - start). */
double
gait_cycle_duty_factor (const GaitCycle *cycle)
{
  g_return_val_if_fail (cycle != NULL, NAN);

  if (cycle->liftoff < cycle->start || cycle->liftoff > cycle->end || cycle->end <= cycle->start)
    return NAN;

  return (double)(cycle->liftoff - cycle->start) / (double)(cycle->end - cycle->start);
}
