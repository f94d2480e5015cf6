/* gait-synth.c
 *
 * Copyright 2026 The Gaitline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "gait-synth.h"

/*
 * A side-view walker with two near-side limbs (fore and hind). Walking
 * bouts alternate with standing; while standing, feet are now and then
 * lifted and set down nearby (fidgeting), which is not a stride. Feet
 * follow swings scheduled in a "ground" frame; the body follows the feet.
 * On a treadmill the ground is the belt: everything is shifted back by the
 * belt's travel, so the body stays put and stance feet slide backwards.
 *
 * The truth is exact: a touch-down is the frame nearest to the instant a
 * swing ends, a lift-off the frame nearest to the instant one begins.
 */

enum { FORE, HIND, N_LIMBS };

typedef enum
{
  ROLE_BODY,  /* fixed offset (a, b) from the body centre, in body lengths */
  ROLE_LIMB,  /* fraction a along attachment → foot, b sideways */
  ROLE_FOOT,
} Role;

typedef struct
{
  const char *name;
  Role        role;
  int         limb;
  double      a;
  double      b;
} Part;

typedef struct
{
  double t_lo;     /* lift-off, seconds */
  double t_td;     /* touch-down, seconds */
  double x_from;   /* ground-frame positions */
  double x_to;
  double height;
  int    bout;     /* walking bout, or FIDGET or REPOSITION */
} Swing;

#define FIDGET     (-1)
#define REPOSITION (-2)

typedef struct
{
  double t_begin;
  double t_end;
  double belt_speed;  /* px/s on a treadmill, else 0 */
  double frequency;
  double dir;
} Bout;

static const Part piglet_parts[] = {
  { "snout",      ROLE_BODY, 0,    0.75,  0.05 },
  { "eye",        ROLE_BODY, 0,    0.62, -0.12 },
  { "ear",        ROLE_BODY, 0,    0.55, -0.20 },
  { "withers",    ROLE_BODY, 0,    0.35, -0.25 },
  { "croup",      ROLE_BODY, 0,   -0.35, -0.25 },
  { "tailbase",   ROLE_BODY, 0,   -0.50, -0.20 },
  { "scapula",    ROLE_BODY, 0,    0.33, -0.10 },
  { "shoulder",   ROLE_LIMB, FORE, 0.00,  0.00 },
  { "elbow",      ROLE_LIMB, FORE, 0.30,  0.06 },
  { "wrist",      ROLE_LIMB, FORE, 0.60,  0.00 },
  { "metacarpal", ROLE_LIMB, FORE, 0.82, -0.02 },
  { "fhoof",      ROLE_FOOT, FORE, 0.00,  0.00 },
  { "hip",        ROLE_LIMB, HIND, 0.00,  0.00 },
  { "knee",       ROLE_LIMB, HIND, 0.30,  0.08 },
  { "ankle",      ROLE_LIMB, HIND, 0.60, -0.06 },
  { "metatarsal", ROLE_LIMB, HIND, 0.82,  0.00 },
  { "hhoof",      ROLE_FOOT, HIND, 0.00,  0.00 },
};

static const Part mouse_parts[] = {
  { "Nose",           ROLE_BODY, 0,    0.70,  0.10 },
  { "Ear base",       ROLE_BODY, 0,    0.55, -0.10 },
  { "Front paw tao",  ROLE_FOOT, FORE, 0.00,  0.00 },
  { "Wrist",          ROLE_LIMB, FORE, 0.88,  0.00 },
  { "Elbow",          ROLE_LIMB, FORE, 0.45,  0.05 },
  { "Lower Shoulder", ROLE_LIMB, FORE, 0.15,  0.00 },
  { "Upper Shoulder", ROLE_BODY, 0,    0.30, -0.15 },
  { "Iliac Crest",    ROLE_BODY, 0,   -0.20, -0.20 },
  { "Hip",            ROLE_LIMB, HIND, 0.00,  0.00 },
  { "Knee",           ROLE_LIMB, HIND, 0.35,  0.08 },
  { "Ankle",          ROLE_LIMB, HIND, 0.75, -0.05 },
  { "Hind paw tao",   ROLE_FOOT, HIND, 0.00,  0.00 },
  { "Tail base",      ROLE_BODY, 0,   -0.50, -0.10 },
  { "Tail center",    ROLE_BODY, 0,   -0.80,  0.00 },
  { "Tail tip",       ROLE_BODY, 0,   -1.10,  0.10 },
};

static const Part minimal_parts[] = {
  { "nose",      ROLE_BODY, 0,    0.70, 0.00 },
  { "front paw", ROLE_FOOT, FORE, 0.00, 0.00 },
  { "hind paw",  ROLE_FOOT, HIND, 0.00, 0.00 },
};

/* Where each limb attaches to the body, in body lengths ahead of its centre. */
static const double attach_offset[N_LIMBS] = { 0.35, -0.30 };

typedef struct
{
  const Part  *parts;
  guint        n_parts;
  const char  *limb_names[N_LIMBS];
  double       body_length;
} BodyPlan;

static void
body_plan_init (BodyPlan      *plan,
                GaitSynthBody  body)
{
  switch (body)
    {
    case GAIT_SYNTH_MOUSE:
      *plan = (BodyPlan) { mouse_parts, G_N_ELEMENTS (mouse_parts), { "fore", "hind" }, 120 };
      break;

    case GAIT_SYNTH_MINIMAL:
      *plan = (BodyPlan) { minimal_parts, G_N_ELEMENTS (minimal_parts), { "fore", "hind" }, 200 };
      break;

    case GAIT_SYNTH_PIGLET:
    default:
      *plan = (BodyPlan) { piglet_parts, G_N_ELEMENTS (piglet_parts), { "fl", "hl" }, 250 };
      break;
    }
}

/**
 * gait_synth_params_init:
 * @params: parameters to fill with defaults
 *
 * A piglet at 50 fps, walking 40 % of the time, with moderate noise.
 */
void
gait_synth_params_init (GaitSynthParams *params)
{
  g_return_if_fail (params != NULL);

  *params = (GaitSynthParams) {
    .seed = 1,
    .body = GAIT_SYNTH_PIGLET,
    .fps = 50,
    .n_frames = 3000,
    .treadmill = FALSE,
    .walking_fraction = 0.4,
    .stride_frequency = 1.5,
    .duty_factor = 0.65,
    .noise_px = 1.0,
    .dropout_rate = 0.05,
    .outlier_rate = 0.0005,
    .occlusion_rate = 0.05,
    .fidget_rate = 0.3,
  };
}

/**
 * gait_synth_params_vary:
 * @params: parameters, of which @n_frames is kept
 * @seed: selects the variation
 *
 * Draws a varied but plausible recording: body, frame rate (30–120 fps),
 * treadmill or not, gait, noise, dropouts, outliers, occlusions and fidgeting.
 */
void
gait_synth_params_vary (GaitSynthParams *params,
                        guint32          seed)
{
  static const double piglet_fps[] = { 30, 50, 60, 100, 120 };
  static const double mouse_fps[] = { 60, 100, 120 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint n_frames;

  g_return_if_fail (params != NULL);

  n_frames = params->n_frames;
  gait_synth_params_init (params);
  params->n_frames = n_frames;
  params->seed = seed;
  params->body = g_rand_int_range (rand, 0, 3);

  if (params->body == GAIT_SYNTH_MOUSE)
    {
      params->fps = mouse_fps[g_rand_int_range (rand, 0, G_N_ELEMENTS (mouse_fps))];
      params->stride_frequency = g_rand_double_range (rand, 2.5, 5.0);
    }
  else
    {
      params->fps = piglet_fps[g_rand_int_range (rand, 0, G_N_ELEMENTS (piglet_fps))];
      params->stride_frequency = g_rand_double_range (rand, 0.9, 2.2);
    }

  params->treadmill = g_rand_double (rand) < 0.25;
  params->walking_fraction = g_rand_double_range (rand, 0.2, 0.7);
  params->duty_factor = g_rand_double_range (rand, 0.55, 0.75);
  params->noise_px = g_rand_double_range (rand, 0.3, 2.0);
  params->dropout_rate = g_rand_double_range (rand, 0.0, 0.2);
  params->outlier_rate = g_rand_double_range (rand, 0.0, 0.002);
  params->occlusion_rate = g_rand_double_range (rand, 0.0, 0.15);
  params->fidget_rate = g_rand_double_range (rand, 0.1, 0.6);
}

static double
gaussian (GRand *rand)
{
  double u = 1.0 - g_rand_double (rand);
  double v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* Horizontal progress through a swing: a bell-shaped speed profile mixed
 * with a linear part, so that the foot lands with some speed left. */
static double
swing_progress (double s)
{
  return 0.7 * (s - sin (2.0 * G_PI * s) / (2.0 * G_PI)) + 0.3 * s;
}

static gboolean
swing_overlaps (GArray *swings,
                double  t_lo,
                double  t_td,
                double  margin)
{
  for (guint i = 0; i < swings->len; i++)
    {
      const Swing *s = &g_array_index (swings, Swing, i);

      if (t_lo < s->t_td + margin && s->t_lo < t_td + margin)
        return TRUE;
    }

  return FALSE;
}

static int
compare_swings (gconstpointer a,
                gconstpointer b)
{
  const Swing *sa = a;
  const Swing *sb = b;

  return (sa->t_lo > sb->t_lo) - (sa->t_lo < sb->t_lo);
}

/* Schedules walking bouts and standing periods over @duration seconds. */
static GArray *
schedule_bouts (const GaitSynthParams *params,
                GRand                 *rand,
                double                 duration)
{
  GArray *bouts = g_array_new (FALSE, FALSE, sizeof (Bout));
  double mean_walk = 6.0 / params->stride_frequency + 2.0;
  double wf = CLAMP (params->walking_fraction, 0.05, 0.95);
  double mean_stand = mean_walk * (1.0 - wf) / wf;
  double t = g_rand_double_range (rand, 0.3, 1.0) * mean_stand + 0.5;
  double dir = g_rand_boolean (rand) ? 1.0 : -1.0;

  while (t < duration)
    {
      Bout bout;

      bout.t_begin = t;
      bout.t_end = MIN (duration, t + mean_walk * g_rand_double_range (rand, 0.5, 1.5));
      bout.frequency = params->stride_frequency * g_rand_double_range (rand, 0.8, 1.25);
      bout.dir = dir;
      bout.belt_speed = 0;
      g_array_append_val (bouts, bout);

      /* over ground the animal turns round between bouts; on a treadmill it
       * keeps facing the belt's way */
      if (!params->treadmill)
        dir = -dir;
      t = bout.t_end + mean_stand * g_rand_double_range (rand, 0.5, 1.5) + 0.4;
    }

  return bouts;
}

static double
initial_foot_x (const BodyPlan *plan,
                GArray         *bouts,
                guint           limb)
{
  double dir = bouts->len > 0 ? g_array_index (bouts, Bout, 0).dir : 1.0;

  return 600 + attach_offset[limb] * plan->body_length * dir;
}

/* Fills @swings[limb] with the swings of every bout and the fidgets in between. */
static void
schedule_swings (const GaitSynthParams *params,
                 const BodyPlan        *plan,
                 GRand                 *rand,
                 GArray                *bouts,
                 double                 duration,
                 GArray               **swings)
{
  double B = plan->body_length;
  double foot_x[N_LIMBS];
  double phase[N_LIMBS];

  for (guint limb = 0; limb < N_LIMBS; limb++)
    foot_x[limb] = initial_foot_x (plan, bouts, limb);

  for (guint b = 0; b < bouts->len; b++)
    {
      Bout *bout = &g_array_index (bouts, Bout, b);
      double period = 1.0 / bout->frequency;
      double duty = CLAMP (params->duty_factor + g_rand_double_range (rand, -0.05, 0.05), 0.4, 0.85);
      double length = B * g_rand_double_range (rand, 0.7, 1.1);

      bout->belt_speed = params->treadmill ? length * bout->frequency : 0;

      phase[HIND] = 0;
      phase[FORE] = g_rand_double_range (rand, 0.25, 0.6);

      for (guint limb = 0; limb < N_LIMBS; limb++)
        {
          double t = bout->t_begin + (phase[limb] + g_rand_double_range (rand, 0.0, 0.1)) * period;
          gboolean first = TRUE;

          for (;;)
            {
              double t_swing = (1.0 - duty) * period * g_rand_double_range (rand, 0.93, 1.07);
              double step = length * g_rand_double_range (rand, 0.93, 1.07);
              Swing swing;

              if (t + t_swing > bout->t_end)
                break;

              if (first)
                step *= g_rand_double_range (rand, 0.5, 0.8);

              swing.t_lo = t;
              swing.t_td = t + t_swing;
              swing.x_from = foot_x[limb];
              swing.x_to = foot_x[limb] + bout->dir * step;
              swing.height = B * g_rand_double_range (rand, 0.08, 0.14);
              swing.bout = b;
              g_array_append_val (swings[limb], swing);

              foot_x[limb] = swing.x_to;
              first = FALSE;
              t += period * g_rand_double_range (rand, 0.95, 1.05);
            }
        }

      /* Turning round mid-pause, the animal sets its feet down facing the
       * other way: two steps that are not strides. */
      if (b + 1 < bouts->len)
        {
          const Bout *next = &g_array_index (bouts, Bout, b + 1);
          double t_mid = (bout->t_end + next->t_begin) / 2;
          double centre = ((foot_x[FORE] - attach_offset[FORE] * B * bout->dir) +
                           (foot_x[HIND] - attach_offset[HIND] * B * bout->dir)) / 2;

          for (guint limb = 0; limb < N_LIMBS; limb++)
            {
              Swing swing;

              swing.t_lo = t_mid + (limb == FORE ? -0.25 : 0.05);
              swing.t_td = swing.t_lo + g_rand_double_range (rand, 0.15, 0.22);
              swing.x_from = foot_x[limb];
              swing.x_to = centre + attach_offset[limb] * B * next->dir;
              swing.height = B * 0.06;
              swing.bout = REPOSITION;
              g_array_append_val (swings[limb], swing);
              foot_x[limb] = swing.x_to;
            }
        }
    }

  /* Fidgets: a foot lifted briefly while standing, set down close by. */
  for (guint b = 0; b <= bouts->len; b++)
    {
      double s_begin = b == 0 ? 0.0 : g_array_index (bouts, Bout, b - 1).t_end;
      double s_end = b == bouts->len ? duration : g_array_index (bouts, Bout, b).t_begin;
      double t = s_begin + 0.4;

      while (params->fidget_rate > 0)
        {
          guint limb = g_rand_int_range (rand, 0, N_LIMBS);
          double t_swing = g_rand_double_range (rand, 0.08, 0.2);
          Swing swing;

          t += -log (1.0 - g_rand_double (rand)) / params->fidget_rate;
          if (t + t_swing > s_end - 0.4)
            break;

          if (swing_overlaps (swings[limb], t, t + t_swing, 0.15))
            continue;

          swing.t_lo = t;
          swing.t_td = t + t_swing;
          swing.x_from = 0;
          swing.x_to = g_rand_double_range (rand, -0.12, 0.12) * B;
          swing.height = B * g_rand_double_range (rand, 0.01, 0.05);
          swing.bout = FIDGET;
          g_array_append_val (swings[limb], swing);
        }
    }

  /* Fidgets are relative to wherever the foot stands: make them absolute. */
  for (guint limb = 0; limb < N_LIMBS; limb++)
    {
      double x = initial_foot_x (plan, bouts, limb);

      g_array_sort (swings[limb], compare_swings);
      for (guint i = 0; i < swings[limb]->len; i++)
        {
          Swing *s = &g_array_index (swings[limb], Swing, i);

          if (s->bout == REPOSITION)
            {
              s->x_from = x;
            }
          else if (s->bout == FIDGET)
            {
              double dx = s->x_to;

              s->x_from = x;
              s->x_to = x + dx;
            }
          else
            {
              double shift = x - s->x_from;

              s->x_from += shift;
              s->x_to += shift;
              /* later walking swings of this bout keep their spacing */
              for (guint j = i + 1; j < swings[limb]->len; j++)
                {
                  Swing *n = &g_array_index (swings[limb], Swing, j);

                  if (n->bout != s->bout)
                    break;
                  n->x_from += shift;
                  n->x_to += shift;
                }
            }
          x = s->x_to;
        }
    }
}

/* Foot position (ground frame) of @limb at time @t; @cursor speeds up the search. */
static void
foot_position (GArray *swings,
               guint  *cursor,
               double  t,
               double  x0,
               double  ground,
               double *x,
               double *y)
{
  const Swing *s;

  while (*cursor < swings->len && g_array_index (swings, Swing, *cursor).t_td <= t)
    (*cursor)++;

  if (*cursor < swings->len && (s = &g_array_index (swings, Swing, *cursor))->t_lo <= t)
    {
      double u = (t - s->t_lo) / (s->t_td - s->t_lo);

      *x = s->x_from + (s->x_to - s->x_from) * swing_progress (u);
      *y = ground - s->height * sin (G_PI * u);
      return;
    }

  *x = *cursor > 0 ? g_array_index (swings, Swing, *cursor - 1).x_to : x0;
  *y = ground;
}

static void
add_truth (const BodyPlan *plan,
           GArray        **swings,
           double          fps,
           guint           n_frames,
           GArray         *truth)
{
  for (guint limb = 0; limb < N_LIMBS; limb++)
    {
      for (guint i = 0; i + 1 < swings[limb]->len; i++)
        {
          const Swing *a = &g_array_index (swings[limb], Swing, i);
          const Swing *b = &g_array_index (swings[limb], Swing, i + 1);
          GaitCycle cycle;

          if (a->bout < 0 || a->bout != b->bout)
            continue;

          gait_cycle_init (&cycle, plan->limb_names[limb],
                           (gint64)round (a->t_td * fps),
                           (gint64)round (b->t_td * fps));
          cycle.liftoff = (gint64)round (b->t_lo * fps);
          cycle.stride_length = fabs (b->x_to - a->x_to);
          cycle.method = GAIT_METHOD_MANUAL;

          if (cycle.end < (gint64)n_frames && cycle.end > cycle.start)
            g_array_append_val (truth, cycle);
        }
    }

  g_array_sort (truth, gait_cycle_compare);
}

/* Moving average of width @w over @n samples, in place. */
static void
smooth (double *v,
        guint   n,
        guint   w)
{
  g_autofree double *cum = g_new (double, n + 1);
  guint h = w / 2;

  cum[0] = 0;
  for (guint i = 0; i < n; i++)
    cum[i + 1] = cum[i] + v[i];

  for (guint i = 0; i < n; i++)
    {
      guint lo = i > h ? i - h : 0;
      guint hi = MIN (n, i + h + 1);

      v[i] = (cum[hi] - cum[lo]) / (hi - lo);
    }
}

static void
corrupt (const GaitSynthParams *params,
         const BodyPlan        *plan,
         GRand                 *rand,
         GaitTracking          *tracking)
{
  guint n = gait_tracking_get_n_frames (tracking);
  double fps = params->fps;

  for (guint p = 0; p < plan->n_parts; p++)
    {
      double *x = gait_tracking_get_x_mutable (tracking, p);
      double *y = gait_tracking_get_y_mutable (tracking, p);
      double *l = gait_tracking_get_likelihood_mutable (tracking, p);
      double p_dropout = params->dropout_rate / fps;

      for (guint f = 0; f < n; f++)
        {
          x[f] += params->noise_px * gaussian (rand);
          y[f] += params->noise_px * gaussian (rand);
          l[f] = 1.0 - 0.08 * pow (g_rand_double (rand), 2);
        }

      /* Dropouts: the network is unsure and wrong, sometimes on another landmark. */
      for (guint f = 0; f < n; f++)
        {
          guint len, other;

          if (g_rand_double (rand) >= p_dropout)
            continue;

          len = g_rand_int_range (rand, 1, 11);
          other = g_rand_int_range (rand, 0, plan->n_parts);
          for (guint k = f; k < MIN (n, f + len); k++)
            {
              l[k] = g_rand_double_range (rand, 0.01, 0.4);
              if (g_rand_double (rand) < 0.1)
                {
                  x[k] = y[k] = NAN;
                  l[k] = 0;
                }
              else if (other != p)
                {
                  x[k] = gait_tracking_get_x (tracking, other)[k] + 5 * gaussian (rand);
                  y[k] = gait_tracking_get_y (tracking, other)[k] + 5 * gaussian (rand);
                }
              else
                {
                  x[k] += 25 * gaussian (rand);
                  y[k] += 25 * gaussian (rand);
                }
            }
          f += len;
        }

      /* Confident outliers: one frame, far away, likelihood > 0.95. */
      for (guint f = 0; f < n; f++)
        {
          double angle, dist;

          if (g_rand_double (rand) >= params->outlier_rate)
            continue;

          angle = g_rand_double_range (rand, 0, 2 * G_PI);
          dist = g_rand_double_range (rand, 30, 120);
          x[f] += dist * cos (angle);
          y[f] += dist * sin (angle);
          l[f] = g_rand_double_range (rand, 0.95, 1.0);
        }
    }

  /* Occlusions: one distal landmark of a limb hidden for a while, now and
   * then (one in five) every distal landmark for a few frames. */
  for (guint limb = 0; limb < N_LIMBS; limb++)
    {
      int distal[2] = { -1, -1 };
      guint n_distal = 0;
      double p_occlusion = params->occlusion_rate / fps;

      for (guint p = 0; p < plan->n_parts; p++)
        if (plan->parts[p].limb == (int)limb &&
            (plan->parts[p].role == ROLE_FOOT || plan->parts[p].a >= 0.8))
          if (n_distal < 2)
            distal[n_distal++] = p;

      for (guint f = 0; f < n && n_distal > 0; f++)
        {
          gboolean all = n_distal == 1 || g_rand_double (rand) < 0.2;
          guint len;

          if (g_rand_double (rand) >= p_occlusion)
            continue;

          len = all ? (guint)g_rand_int_range (rand, 2, 7)
                    : (guint)(fps * g_rand_double_range (rand, 0.1, 0.4));
          for (guint d = 0; d < n_distal; d++)
            {
              double *x, *y, *l;

              if (!all && d != (guint)g_rand_int_range (rand, 0, n_distal))
                continue;

              x = gait_tracking_get_x_mutable (tracking, distal[d]);
              y = gait_tracking_get_y_mutable (tracking, distal[d]);
              l = gait_tracking_get_likelihood_mutable (tracking, distal[d]);
              for (guint k = f; k < MIN (n, f + len); k++)
                {
                  x[k] += 15 * gaussian (rand);
                  y[k] += 15 * gaussian (rand);
                  l[k] = g_rand_double_range (rand, 0.0, 0.3);
                }
            }
          f += len;
        }
    }
}

/**
 * gait_synth_generate:
 * @params: what to generate
 * @profile: (out) (optional) (transfer full): landmark roles that fit the
 *   generated landmarks
 * @truth: (out) (optional) (transfer full): the true stride cycles, an array
 *   of #GaitCycle sorted with gait_cycle_compare()
 *
 * Generates a DeepLabCut-like recording with known touch-downs.
 *
 * Returns: (transfer full): the tracking data
 */
GaitTracking *
gait_synth_generate (const GaitSynthParams  *params,
                     GaitProfile           **profile,
                     GArray                **truth)
{
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GArray) bouts = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree double *body_x = NULL;
  g_autofree double *belt = NULL;
  g_autofree double *dir = NULL;
  g_autofree double *bob = NULL;
  double *foot[N_LIMBS][2] = { { NULL } };
  GArray *swings[N_LIMBS];
  GaitTracking *tracking;
  BodyPlan plan;
  double duration, fps, B, ground;
  guint n;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (params->fps > 0, NULL);
  g_return_val_if_fail (params->n_frames > 0, NULL);

  body_plan_init (&plan, params->body);
  rand = g_rand_new_with_seed (params->seed);
  n = params->n_frames;
  fps = params->fps;
  duration = n / fps;
  B = plan.body_length;
  ground = 600;

  for (guint limb = 0; limb < N_LIMBS; limb++)
    swings[limb] = g_array_new (FALSE, FALSE, sizeof (Swing));

  bouts = schedule_bouts (params, rand, duration);
  schedule_swings (params, &plan, rand, bouts, duration, swings);

  /* Per frame: feet, body direction (turning while standing), belt travel. */
  body_x = g_new (double, n);
  belt = g_new (double, n);
  dir = g_new (double, n);
  bob = g_new0 (double, n);
  for (guint limb = 0; limb < N_LIMBS; limb++)
    {
      guint cursor = 0;

      foot[limb][0] = g_new (double, n);
      foot[limb][1] = g_new (double, n);
      for (guint f = 0; f < n; f++)
        foot_position (swings[limb], &cursor, f / fps,
                       initial_foot_x (&plan, bouts, limb), ground,
                       &foot[limb][0][f], &foot[limb][1][f]);
    }

  {
    guint b = 0;
    double travel = 0;
    double d = bouts->len > 0 ? g_array_index (bouts, Bout, 0).dir : 1.0;

    for (guint f = 0; f < n; f++)
      {
        double t = f / fps;
        const Bout *bout = NULL;

        while (b < bouts->len && g_array_index (bouts, Bout, b).t_end <= t)
          b++;

        if (b < bouts->len)
          {
            const Bout *next = &g_array_index (bouts, Bout, b);
            double prev_end = b > 0 ? g_array_index (bouts, Bout, b - 1).t_end : 0.0;
            double mid = (prev_end + next->t_begin) / 2;
            double turn = CLAMP ((t - (mid - 0.15)) / 0.3, 0.0, 1.0);

            if (next->t_begin <= t)
              bout = next;

            /* turn from the previous direction to the next one mid-pause */
            d = b > 0 ? -next->dir + 2 * next->dir * turn : next->dir;

            if (bout != NULL)
              bob[f] = 0.02 * B * sin (4 * G_PI * bout->frequency * t);
          }

        /* the belt starts and stops over half a second */
        if (bout != NULL)
          travel += bout->belt_speed / fps
                  * CLAMP (MIN (t - bout->t_begin + 0.25, bout->t_end + 0.25 - t) / 0.5, 0.0, 1.0);

        dir[f] = d;
        belt[f] = travel;
        body_x[f] = ((foot[FORE][0][f] - attach_offset[FORE] * B * d) +
                     (foot[HIND][0][f] - attach_offset[HIND] * B * d)) / 2;
      }
  }

  smooth (body_x, n, MAX (1, (guint)(0.3 * fps)));

  for (guint p = 0; p < plan.n_parts; p++)
    g_ptr_array_add (names, (gpointer)plan.parts[p].name);
  g_ptr_array_add (names, NULL);

  tracking = gait_tracking_new (n, plan.n_parts, (const char * const *)names->pdata);

  for (guint p = 0; p < plan.n_parts; p++)
    {
      const Part *part = &plan.parts[p];
      double *x = gait_tracking_get_x_mutable (tracking, p);
      double *y = gait_tracking_get_y_mutable (tracking, p);

      for (guint f = 0; f < n; f++)
        {
          double by = ground - 0.55 * B + bob[f];
          double px, py;

          switch (part->role)
            {
            case ROLE_BODY:
              px = body_x[f] + dir[f] * part->a * B;
              py = by + part->b * B;
              break;

            case ROLE_FOOT:
              px = foot[part->limb][0][f];
              py = foot[part->limb][1][f];
              break;

            case ROLE_LIMB:
            default:
              {
                double ax = body_x[f] + dir[f] * attach_offset[part->limb] * B;
                double vx = foot[part->limb][0][f] - ax;
                double vy = foot[part->limb][1][f] - by;
                double len = MAX (1e-6, hypot (vx, vy));

                px = ax + part->a * vx - part->b * B * vy / len * dir[f];
                py = by + part->a * vy + part->b * B * vx / len * dir[f];
              }
              break;
            }

          x[f] = px - belt[f];
          y[f] = py;
        }
    }

  corrupt (params, &plan, rand, tracking);

  if (truth != NULL)
    {
      *truth = g_array_new (FALSE, FALSE, sizeof (GaitCycle));
      add_truth (&plan, swings, fps, n, *truth);
    }

  if (profile != NULL)
    {
      if (params->body == GAIT_SYNTH_PIGLET)
        *profile = gait_profile_new_builtin ("piglet-blog");
      else if (params->body == GAIT_SYNTH_MOUSE)
        *profile = gait_profile_new_builtin ("mouse-side");
      else
        {
          static const char * const fore[] = { "front paw", NULL };
          static const char * const hind[] = { "hind paw", NULL };

          *profile = gait_profile_new ("Minimal");
          gait_profile_add_limb (*profile, "fore", fore);
          gait_profile_add_limb (*profile, "hind", hind);
        }
    }

  for (guint limb = 0; limb < N_LIMBS; limb++)
    {
      g_array_unref (swings[limb]);
      g_free (foot[limb][0]);
      g_free (foot[limb][1]);
    }

  return tracking;
}

typedef struct
{
  guint detected;
  guint truth;
  guint error;
} Pair;

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const Pair *pa = a;
  const Pair *pb = b;

  if (pa->error != pb->error)
    return pa->error < pb->error ? -1 : 1;
  if (pa->detected != pb->detected)
    return pa->detected < pb->detected ? -1 : 1;
  return (pa->truth > pb->truth) - (pa->truth < pb->truth);
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint ua = *(const guint *)a;
  guint ub = *(const guint *)b;

  return (ua > ub) - (ua < ub);
}

/**
 * gait_score_cycles:
 * @detected: detected cycles
 * @n_detected: their number
 * @truth: true cycles
 * @n_truth: their number
 * @tolerance: largest boundary error (frames) of a correct detection
 * @score: (out): the result
 *
 * A detection is correct when it matches a true cycle of the same limb with
 * both boundaries within @tolerance frames. Each true cycle matches at most
 * one detection; pairs are matched greedily, smallest error first.
 */
void
gait_score_cycles (const GaitCycle *detected,
                   gsize            n_detected,
                   const GaitCycle *truth,
                   gsize            n_truth,
                   guint            tolerance,
                   GaitScore       *score)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autoptr(GArray) errors = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gboolean *used_d = g_new0 (gboolean, n_detected + 1);
  g_autofree gboolean *used_t = g_new0 (gboolean, n_truth + 1);
  double sum = 0;

  g_return_if_fail (score != NULL);
  g_return_if_fail (detected != NULL || n_detected == 0);
  g_return_if_fail (truth != NULL || n_truth == 0);

  /* Both lists are short per limb; truth is sorted, so a window suffices. */
  for (gsize d = 0; d < n_detected; d++)
    for (gsize t = 0; t < n_truth; t++)
      {
        const GaitCycle *cd = &detected[d];
        const GaitCycle *ct = &truth[t];
        gint64 ds = ABS (cd->start - ct->start);
        gint64 de = ABS (cd->end - ct->end);

        if (g_strcmp0 (cd->limb, ct->limb) != 0 || ds > tolerance || de > tolerance)
          continue;

        g_array_append_val (pairs, ((Pair) { d, t, ds + de }));
      }

  g_array_sort (pairs, compare_pairs);

  *score = (GaitScore) { .n_truth = n_truth, .n_detected = n_detected };

  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *p = &g_array_index (pairs, Pair, i);
      guint ds, de;

      if (used_d[p->detected] || used_t[p->truth])
        continue;

      used_d[p->detected] = used_t[p->truth] = TRUE;
      score->n_matched++;
      ds = ABS (detected[p->detected].start - truth[p->truth].start);
      de = ABS (detected[p->detected].end - truth[p->truth].end);
      g_array_append_val (errors, ds);
      g_array_append_val (errors, de);
      sum += ds + de;
    }

  score->precision = n_detected ? (double)score->n_matched / n_detected : (n_truth ? 0.0 : 1.0);
  score->recall = n_truth ? (double)score->n_matched / n_truth : 1.0;
  score->f1 = score->precision + score->recall > 0
            ? 2 * score->precision * score->recall / (score->precision + score->recall)
            : 0.0;

  if (errors->len > 0)
    {
      g_array_sort (errors, compare_guint);
      score->median_error = errors->len % 2
                          ? g_array_index (errors, guint, errors->len / 2)
                          : (g_array_index (errors, guint, errors->len / 2 - 1) +
                             g_array_index (errors, guint, errors->len / 2)) / 2.0;
      score->mean_error = sum / errors->len;
    }
  else
    {
      score->median_error = score->mean_error = NAN;
    }
}
