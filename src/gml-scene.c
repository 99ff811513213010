/* gml-scene.c: the canvas model of one step: building, links, differences.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gml-scene.h"

GmlScene *
gml_scene_new (guint64 step)
{
  static guint next_serial = 1;
  GmlScene *scene = g_new0 (GmlScene, 1);

  scene->serial = g_atomic_int_add (&next_serial, 1);
  scene->ref_count = 1;
  scene->step = step;
  scene->strings = g_string_chunk_new (4096);
  scene->goroutines = g_array_new (FALSE, TRUE, sizeof (GmlSceneGoroutine));
  scene->frames = g_array_new (FALSE, TRUE, sizeof (GmlSceneFrame));
  scene->slots = g_array_new (FALSE, TRUE, sizeof (GmlSceneSlot));
  scene->spans = g_array_new (FALSE, TRUE, sizeof (GmlSceneSpan));
  scene->objects = g_array_new (FALSE, TRUE, sizeof (GmlSceneObject));
  scene->fields = g_array_new (FALSE, TRUE, sizeof (GmlSceneSlot));
  scene->arrows = g_array_new (FALSE, TRUE, sizeof (GmlSceneArrow));
  scene->groups = g_array_new (FALSE, TRUE, sizeof (GmlSceneGroup));
  scene->heap_order = g_array_new (FALSE, TRUE, sizeof (guint32));
  scene->globals = g_array_new (FALSE, TRUE, sizeof (GmlSceneSlot));
  scene->gc.phase = "idle";
  scene->description = "";

  return scene;
}

GmlScene *
gml_scene_ref (GmlScene *scene)
{
  g_return_val_if_fail (scene != NULL, NULL);

  g_atomic_int_inc (&scene->ref_count);
  return scene;
}

void
gml_scene_unref (GmlScene *scene)
{
  g_return_if_fail (scene != NULL);

  if (!g_atomic_int_dec_and_test (&scene->ref_count))
    return;

  g_array_unref (scene->goroutines);
  g_array_unref (scene->frames);
  g_array_unref (scene->slots);
  g_array_unref (scene->spans);
  g_array_unref (scene->objects);
  g_array_unref (scene->fields);
  g_array_unref (scene->arrows);
  g_array_unref (scene->groups);
  g_array_unref (scene->heap_order);
  g_array_unref (scene->globals);
  g_string_chunk_free (scene->strings);
  g_clear_pointer (&scene->goroutine_index, g_hash_table_unref);
  g_clear_pointer (&scene->frame_index, g_hash_table_unref);
  g_clear_pointer (&scene->slot_order, g_array_unref);
  g_free (scene);
}

/* Building ---------------------------------------------------------------- */

/* Lookups build their indexes on first use; adding items drops them. */
static void
drop_indexes (GmlScene *scene)
{
  g_clear_pointer (&scene->goroutine_index, g_hash_table_unref);
  g_clear_pointer (&scene->frame_index, g_hash_table_unref);
  g_clear_pointer (&scene->slot_order, g_array_unref);
}

const char *
gml_scene_intern (GmlScene   *scene,
                  const char *text)
{
  if (text == NULL)
    return "";
  return g_string_chunk_insert_const (scene->strings, text);
}

guint32
gml_scene_add_goroutine (GmlScene                *scene,
                         const GmlSceneGoroutine *g)
{
  GmlSceneGoroutine copy = *g;

  drop_indexes (scene);
  copy.entry = gml_scene_intern (scene, g->entry);
  copy.wait_reason = gml_scene_intern (scene, g->wait_reason);
  copy.first_frame = scene->frames->len;
  copy.n_scene_frames = 0;
  g_array_append_val (scene->goroutines, copy);

  return scene->goroutines->len - 1;
}

guint32
gml_scene_add_frame (GmlScene            *scene,
                     const GmlSceneFrame *frame)
{
  GmlSceneGoroutine *g;
  GmlSceneFrame copy = *frame;

  drop_indexes (scene);
  g_return_val_if_fail (scene->goroutines->len > 0, 0);

  g = gml_scene_goroutine (scene, scene->goroutines->len - 1);
  copy.func = gml_scene_intern (scene, frame->func);
  copy.goroutine = scene->goroutines->len - 1;
  copy.depth = g->n_scene_frames;
  copy.first_slot = scene->slots->len;
  copy.n_slots = 0;
  g->n_scene_frames++;
  g_array_append_val (scene->frames, copy);

  return scene->frames->len - 1;
}

static void
intern_slot (GmlScene     *scene,
             GmlSceneSlot *slot)
{
  slot->name = gml_scene_intern (scene, slot->name);
  slot->type = gml_scene_intern (scene, slot->type);
  slot->value = gml_scene_intern (scene, slot->value);
}

guint32
gml_scene_add_slot (GmlScene           *scene,
                    const GmlSceneSlot *slot)
{
  GmlSceneSlot copy = *slot;

  drop_indexes (scene);
  g_return_val_if_fail (scene->frames->len > 0, 0);

  intern_slot (scene, &copy);
  copy.owner = scene->frames->len - 1;
  gml_scene_frame (scene, copy.owner)->n_slots++;
  g_array_append_val (scene->slots, copy);

  return scene->slots->len - 1;
}

guint32
gml_scene_add_span (GmlScene           *scene,
                    const GmlSceneSpan *span)
{
  GmlSceneSpan copy = *span;

  copy.first_object = scene->objects->len;
  copy.n_objects = 0;
  g_array_append_val (scene->spans, copy);

  return scene->spans->len - 1;
}

guint32
gml_scene_add_object (GmlScene             *scene,
                      const GmlSceneObject *object)
{
  GmlSceneObject copy = *object;

  g_return_val_if_fail (scene->spans->len > 0, 0);

  copy.type = gml_scene_intern (scene, object->type);
  copy.var_name = object->var_name != NULL ? gml_scene_intern (scene, object->var_name) : NULL;
  copy.span = scene->spans->len - 1;
  copy.first_field = scene->fields->len;
  copy.n_fields = 0;
  gml_scene_span (scene, copy.span)->n_objects++;
  g_array_append_val (scene->objects, copy);

  return scene->objects->len - 1;
}

guint32
gml_scene_add_field (GmlScene           *scene,
                     const GmlSceneSlot *field)
{
  GmlSceneSlot copy = *field;

  g_return_val_if_fail (scene->objects->len > 0, 0);

  intern_slot (scene, &copy);
  copy.owner = scene->objects->len - 1;
  gml_scene_object (scene, copy.owner)->n_fields++;
  g_array_append_val (scene->fields, copy);

  return scene->fields->len - 1;
}

guint32
gml_scene_add_global (GmlScene           *scene,
                      const GmlSceneSlot *global)
{
  GmlSceneSlot copy = *global;

  intern_slot (scene, &copy);
  copy.owner = G_MAXUINT32;
  g_array_append_val (scene->globals, copy);

  return scene->globals->len - 1;
}

/* Lookups ---------------------------------------------------------------- */

/* Objects are in address order and do not overlap. */
gboolean
gml_scene_find_object (GmlScene *scene,
                       guint64   addr,
                       guint32  *index)
{
  guint lo = 0, hi = scene->objects->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      GmlSceneObject *o = gml_scene_object (scene, mid);

      if (addr < o->addr)
        hi = mid;
      else if (addr >= o->addr + MAX (o->size, 1))
        lo = mid + 1;
      else
        {
          if (index != NULL)
            *index = mid;
          return TRUE;
        }
    }

  return FALSE;
}

static GHashTable *
goroutine_index (GmlScene *scene)
{
  if (scene->goroutine_index == NULL)
    {
      scene->goroutine_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < scene->goroutines->len; i++)
        g_hash_table_insert (scene->goroutine_index,
                             g_memdup2 (&gml_scene_goroutine (scene, i)->goid, sizeof (guint64)),
                             GUINT_TO_POINTER (i + 1));
    }
  return scene->goroutine_index;
}

gboolean
gml_scene_find_goroutine (GmlScene *scene,
                          guint64   goid,
                          guint32  *index)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (goroutine_index (scene), &goid));

  if (i == 0)
    return FALSE;
  if (index != NULL)
    *index = i - 1;
  return TRUE;
}

static int
compare_slot_addr (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  GmlScene *scene = data;
  guint64 x = gml_scene_slot (scene, *(const guint32 *) a)->addr;
  guint64 y = gml_scene_slot (scene, *(const guint32 *) b)->addr;

  return x < y ? -1 : x > y;
}

static GArray *
slot_order (GmlScene *scene)
{
  if (scene->slot_order == NULL)
    {
      scene->slot_order = g_array_sized_new (FALSE, FALSE, sizeof (guint32), scene->slots->len);
      for (guint32 i = 0; i < scene->slots->len; i++)
        if (!(gml_scene_slot (scene, i)->flags & GML_SCENE_MORE))
          g_array_append_val (scene->slot_order, i);
      g_array_sort_with_data (scene->slot_order, compare_slot_addr, scene);
    }
  return scene->slot_order;
}

/* The slot containing addr: the last slot starting at or below it. */
gboolean
gml_scene_find_slot (GmlScene *scene,
                     guint64   addr,
                     guint32  *index)
{
  GArray *order = slot_order (scene);
  guint lo = 0, hi = order->len;
  GmlSceneSlot *s;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (gml_scene_slot (scene, g_array_index (order, guint32, mid))->addr <= addr)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;
  s = gml_scene_slot (scene, g_array_index (order, guint32, lo - 1));
  if (addr >= s->addr + MAX (s->size, 1))
    return FALSE;
  if (index != NULL)
    *index = g_array_index (order, guint32, lo - 1);
  return TRUE;
}

gboolean
gml_scene_find_frame (GmlScene *scene,
                      guint64   fp,
                      guint32  *index)
{
  guint i;

  if (scene->frame_index == NULL)
    {
      scene->frame_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint f = 0; f < scene->frames->len; f++)
        if (!(gml_scene_frame (scene, f)->flags & GML_SCENE_ELIDED))
          g_hash_table_insert (scene->frame_index, g_memdup2 (&gml_scene_frame (scene, f)->fp, sizeof (guint64)),
                               GUINT_TO_POINTER (f + 1));
    }
  i = GPOINTER_TO_UINT (g_hash_table_lookup (scene->frame_index, &fp));
  if (i == 0)
    return FALSE;
  if (index != NULL)
    *index = i - 1;
  return TRUE;
}

gboolean
gml_scene_find_global (GmlScene *scene,
                       guint64   addr,
                       guint32  *index)
{
  for (guint i = 0; i < scene->globals->len; i++)
    {
      GmlSceneSlot *g = gml_scene_global (scene, i);

      if (addr >= g->addr && addr < g->addr + MAX (g->size, 1))
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

GArray *
gml_scene_referrers (GmlScene *scene,
                     guint32   object)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (GmlSceneArrow));

  for (guint i = 0; i < scene->arrows->len; i++)
    {
      GmlSceneArrow *a = &g_array_index (scene->arrows, GmlSceneArrow, i);

      if (a->to_kind == GML_SCENE_TO_OBJECT && a->to == object)
        g_array_append_val (result, *a);
    }

  return result;
}

/* Links ------------------------------------------------------------------ */

static void
add_arrow (GmlScene          *scene,
           GmlSceneArrowFrom  from_kind,
           guint32            from,
           GmlSceneSlot      *slot)
{
  GmlSceneArrow arrow = { from_kind, from, GML_SCENE_TO_OBJECT, 0, 0 };

  slot->flags &= ~GML_SCENE_LINKED;
  if (slot->target == 0)
    return;
  if (!gml_scene_find_object (scene, slot->target, &arrow.to))
    {
      arrow.to_kind = GML_SCENE_TO_SLOT;
      if (!gml_scene_find_slot (scene, slot->target, &arrow.to))
        return;
    }
  slot->flags |= GML_SCENE_LINKED;
  g_array_append_val (scene->arrows, arrow);
}

void
gml_scene_link (GmlScene *scene)
{
  g_array_set_size (scene->arrows, 0);

  for (guint i = 0; i < scene->slots->len; i++)
    add_arrow (scene, GML_SCENE_FROM_SLOT, i, gml_scene_slot (scene, i));
  for (guint i = 0; i < scene->fields->len; i++)
    add_arrow (scene, GML_SCENE_FROM_FIELD, i, gml_scene_field (scene, i));
  for (guint i = 0; i < scene->globals->len; i++)
    add_arrow (scene, GML_SCENE_FROM_GLOBAL, i, gml_scene_global (scene, i));
}

/* Differences ------------------------------------------------------------ */

/* Frames are matched by goroutine and depth from the outermost frame, so
 * that a stack copied to a new address still matches; slots by frame and
 * name. */
static char *
slot_key (GmlScene *scene,
          guint32   slot_index)
{
  GmlSceneSlot *slot = gml_scene_slot (scene, slot_index);
  GmlSceneFrame *frame = gml_scene_frame (scene, slot->owner);
  GmlSceneGoroutine *g = gml_scene_goroutine (scene, frame->goroutine);

  return g_strdup_printf ("%" G_GUINT64_FORMAT "/%u/%s/%s/%s", g->goid, frame->depth,
                          frame->func, slot->name, slot->type);
}

static void
diff_slots (GmlScene *scene,
            GmlScene *previous)
{
  g_autoptr (GHashTable) old = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < previous->slots->len; i++)
    g_hash_table_insert (old, slot_key (previous, i), gml_scene_slot (previous, i));

  for (guint i = 0; i < scene->slots->len; i++)
    {
      g_autofree char *key = slot_key (scene, i);
      GmlSceneSlot *slot = gml_scene_slot (scene, i);
      GmlSceneSlot *before = g_hash_table_lookup (old, key);

      if (before == NULL)
        slot->flags |= GML_SCENE_NEW;
      else if (strcmp (before->value, slot->value) != 0 || before->target != slot->target)
        slot->flags |= GML_SCENE_CHANGED;
    }
}

static void
diff_frames (GmlScene *scene,
             GmlScene *previous)
{
  for (guint i = 0; i < scene->frames->len; i++)
    {
      GmlSceneFrame *frame = gml_scene_frame (scene, i);
      GmlSceneGoroutine *g = gml_scene_goroutine (scene, frame->goroutine);
      guint32 old_g;
      gboolean found = FALSE;

      if (gml_scene_find_goroutine (previous, g->goid, &old_g))
        {
          GmlSceneGoroutine *og = gml_scene_goroutine (previous, old_g);

          if (frame->depth < og->n_scene_frames)
            {
              GmlSceneFrame *of = gml_scene_frame (previous, og->first_frame + frame->depth);

              found = strcmp (of->func, frame->func) == 0;
              if (found && of->line != frame->line)
                frame->flags |= GML_SCENE_CHANGED;
            }
        }
      if (!found)
        frame->flags |= GML_SCENE_NEW;
    }
}

static void
diff_goroutines (GmlScene *scene,
                 GmlScene *previous)
{
  for (guint i = 0; i < scene->goroutines->len; i++)
    {
      GmlSceneGoroutine *g = gml_scene_goroutine (scene, i);
      guint32 old;

      if (!gml_scene_find_goroutine (previous, g->goid, &old))
        {
          g->flags |= GML_SCENE_NEW;
          continue;
        }

      GmlSceneGoroutine *og = gml_scene_goroutine (previous, old);

      if (og->status != g->status)
        g->flags |= GML_SCENE_CHANGED;
      if (og->stack_lo != g->stack_lo || og->stack_hi != g->stack_hi)
        {
          g->flags |= GML_SCENE_GREW;
          g->old_stack_lo = og->stack_lo;
          g->old_stack_hi = og->stack_hi;
        }
    }
}

static gboolean
fields_differ (GmlScene       *scene,
               GmlSceneObject *o,
               GmlScene       *previous,
               GmlSceneObject *old)
{
  gboolean differ = FALSE;

  for (guint f = 0; f < o->n_fields; f++)
    {
      GmlSceneSlot *field = gml_scene_field (scene, o->first_field + f);
      GmlSceneSlot *before;

      if (f >= old->n_fields)
        break;
      before = gml_scene_field (previous, old->first_field + f);
      if (strcmp (before->value, field->value) != 0 || before->target != field->target)
        {
          field->flags |= GML_SCENE_CHANGED;
          differ = TRUE;
        }
    }

  return differ;
}

static void
diff_objects (GmlScene *scene,
              GmlScene *previous)
{
  for (guint i = 0; i < scene->objects->len; i++)
    {
      GmlSceneObject *o = gml_scene_object (scene, i);
      GmlSceneObject *old;
      guint32 j;

      if (!gml_scene_find_object (previous, o->addr, &j) ||
          (old = gml_scene_object (previous, j))->addr != o->addr ||
          strcmp (old->type, o->type) != 0)
        {
          o->flags |= GML_SCENE_NEW;
          continue;
        }
      if (old->color != o->color || fields_differ (scene, o, previous, old))
        o->flags |= GML_SCENE_CHANGED;
    }
}

void
gml_scene_diff (GmlScene *scene,
                GmlScene *previous)
{
  g_return_if_fail (scene != NULL);

  if (previous == NULL || previous == scene)
    return;

  diff_goroutines (scene, previous);
  diff_frames (scene, previous);
  diff_slots (scene, previous);
  diff_objects (scene, previous);
  /* Globals are the same variables at every step. */
  for (guint i = 0; i < scene->globals->len && i < previous->globals->len; i++)
    {
      GmlSceneSlot *now = gml_scene_global (scene, i), *before = gml_scene_global (previous, i);

      if (strcmp (now->value, before->value) != 0 || now->target != before->target)
        now->flags |= GML_SCENE_CHANGED;
    }

  for (guint i = 0; i < scene->arrows->len; i++)
    {
      GmlSceneArrow *a = &g_array_index (scene->arrows, GmlSceneArrow, i);
      GmlSceneSlot *from = gml_scene_arrow_source (scene, a);

      if (from->flags & (GML_SCENE_CHANGED | GML_SCENE_NEW))
        a->flags |= GML_SCENE_CHANGED;
    }
}

/* Formatting ------------------------------------------------------------- */

char *
gml_scene_format_bytes (guint64 bytes)
{
  static const char *units[] = { "KiB", "MiB", "GiB", "TiB" };
  double value = bytes;
  guint unit = 0;

  if (bytes < 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);

  value /= 1024;
  while (value >= 1024 && unit + 1 < G_N_ELEMENTS (units))
    {
      value /= 1024;
      unit++;
    }
  if (value == (guint64) value)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " %s", (guint64) value, units[unit]);
  return g_strdup_printf ("%.1f %s", value, units[unit]);
}

char *
gml_scene_short_addr (guint64 addr)
{
  return g_strdup_printf ("…%04" G_GINT64_MODIFIER "x", addr & 0xffff);
}

const char *
gml_scene_color_name (GmlSceneGcColor color)
{
  switch (color)
    {
    case GML_SCENE_GC_WHITE:
      return "white";
    case GML_SCENE_GC_GREY:
      return "grey";
    case GML_SCENE_GC_BLACK:
      return "black";
    case GML_SCENE_GC_NONE:
    default:
      return "";
    }
}
