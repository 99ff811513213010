/* gml-scene-transition.c: what moves, appears and goes between two scenes.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gml-scene-transition.h"

static GArray *
index_array (guint n)
{
  GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (gint32), n);

  g_array_set_size (a, n);
  for (guint i = 0; i < n; i++)
    g_array_index (a, gint32, i) = -1;

  return a;
}

static void
match_goroutines (GmlSceneTransition *tr)
{
  for (guint i = 0; i < tr->to->goroutines->len; i++)
    {
      guint32 j;

      if (gml_scene_find_goroutine (tr->from, gml_scene_goroutine (tr->to, i)->goid, &j))
        g_array_index (tr->goroutine_from, gint32, i) = j;
    }
}

/* Frames by goroutine, depth and function; a stack copied elsewhere
 * still matches, so its frames slide to the new block. */
static void
match_frames_and_slots (GmlSceneTransition *tr)
{
  g_autofree gboolean *kept = g_new0 (gboolean, tr->from->frames->len + 1);

  for (guint i = 0; i < tr->to->frames->len; i++)
    {
      GmlSceneFrame *f = gml_scene_frame (tr->to, i);
      gint32 g = g_array_index (tr->goroutine_from, gint32, f->goroutine);
      GmlSceneGoroutine *og;
      GmlSceneFrame *of;

      if (g < 0)
        continue;
      og = gml_scene_goroutine (tr->from, g);
      if (f->depth >= og->n_scene_frames)
        continue;
      of = gml_scene_frame (tr->from, og->first_frame + f->depth);
      if (strcmp (of->func, f->func) != 0 || (of->flags & GML_SCENE_ELIDED) != (f->flags & GML_SCENE_ELIDED))
        continue;
      g_array_index (tr->frame_from, gint32, i) = og->first_frame + f->depth;
      kept[og->first_frame + f->depth] = TRUE;
      for (guint s = 0; s < f->n_slots; s++)
        {
          GmlSceneSlot *slot = gml_scene_slot (tr->to, f->first_slot + s);

          for (guint k = 0; k < of->n_slots; k++)
            if (strcmp (gml_scene_slot (tr->from, of->first_slot + k)->name, slot->name) == 0)
              {
                g_array_index (tr->slot_from, gint32, f->first_slot + s) = of->first_slot + k;
                break;
              }
        }
    }

  for (guint32 i = 0; i < tr->from->frames->len; i++)
    if (!kept[i])
      g_array_append_val (tr->gone_frames, i);
}

static void
match_objects (GmlSceneTransition *tr)
{
  g_autofree gboolean *kept = g_new0 (gboolean, tr->from->objects->len + 1);

  for (guint i = 0; i < tr->to->objects->len; i++)
    {
      GmlSceneObject *o = gml_scene_object (tr->to, i);
      guint32 j;

      if (gml_scene_find_object (tr->from, o->addr, &j) &&
          gml_scene_object (tr->from, j)->addr == o->addr &&
          strcmp (gml_scene_object (tr->from, j)->type, o->type) == 0)
        {
          g_array_index (tr->object_from, gint32, i) = j;
          kept[j] = TRUE;
        }
    }

  for (guint32 i = 0; i < tr->from->objects->len; i++)
    if (!kept[i])
      g_array_append_val (tr->gone_objects, i);
}

GmlSceneTransition *
gml_scene_transition_new (GmlScene *from,
                          GmlScene *to)
{
  GmlSceneTransition *tr;

  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  tr = g_new0 (GmlSceneTransition, 1);
  tr->from = gml_scene_ref (from);
  tr->to = gml_scene_ref (to);
  tr->goroutine_from = index_array (to->goroutines->len);
  tr->frame_from = index_array (to->frames->len);
  tr->slot_from = index_array (to->slots->len);
  tr->object_from = index_array (to->objects->len);
  tr->gone_objects = g_array_new (FALSE, FALSE, sizeof (guint32));
  tr->gone_frames = g_array_new (FALSE, FALSE, sizeof (guint32));

  match_goroutines (tr);
  match_frames_and_slots (tr);
  match_objects (tr);

  return tr;
}

void
gml_scene_transition_free (GmlSceneTransition *tr)
{
  if (tr == NULL)
    return;

  gml_scene_unref (tr->from);
  gml_scene_unref (tr->to);
  g_array_unref (tr->goroutine_from);
  g_array_unref (tr->frame_from);
  g_array_unref (tr->slot_from);
  g_array_unref (tr->object_from);
  g_array_unref (tr->gone_objects);
  g_array_unref (tr->gone_frames);
  g_free (tr);
}

GmlSceneRect
gml_scene_rect_lerp (const GmlSceneRect *a,
                     const GmlSceneRect *b,
                     double              t)
{
  return (GmlSceneRect) {
    a->x + (b->x - a->x) * t,
    a->y + (b->y - a->y) * t,
    a->width + (b->width - a->width) * t,
    a->height + (b->height - a->height) * t,
  };
}

GmlSceneRect
gml_scene_transition_object_rect (GmlSceneTransition *tr,
                                  guint32             object,
                                  double              t)
{
  GmlSceneObject *o = gml_scene_object (tr->to, object);
  gint32 j = g_array_index (tr->object_from, gint32, object);

  if (j < 0)
    return o->rect;
  return gml_scene_rect_lerp (&gml_scene_object (tr->from, j)->rect, &o->rect, t);
}

GmlSceneRect
gml_scene_transition_slot_rect (GmlSceneTransition *tr,
                                guint32             slot,
                                double              t)
{
  GmlSceneSlot *s = gml_scene_slot (tr->to, slot);
  gint32 j = g_array_index (tr->slot_from, gint32, slot);

  if (j < 0)
    return s->rect;
  return gml_scene_rect_lerp (&gml_scene_slot (tr->from, j)->rect, &s->rect, t);
}

GmlSceneRect
gml_scene_transition_frame_rect (GmlSceneTransition *tr,
                                 guint32             frame,
                                 double              t)
{
  GmlSceneFrame *f = gml_scene_frame (tr->to, frame);
  gint32 j = g_array_index (tr->frame_from, gint32, frame);

  if (j < 0)
    return f->rect;
  return gml_scene_rect_lerp (&gml_scene_frame (tr->from, j)->rect, &f->rect, t);
}

gboolean
gml_scene_transition_object_is_new (GmlSceneTransition *tr,
                                    guint32             object)
{
  return g_array_index (tr->object_from, gint32, object) < 0;
}

gboolean
gml_scene_transition_frame_is_new (GmlSceneTransition *tr,
                                   guint32             frame)
{
  return g_array_index (tr->frame_from, gint32, frame) < 0;
}
