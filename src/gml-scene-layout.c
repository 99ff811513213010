/* gml-scene-layout.c: where everything in a scene goes, and what is where.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Globals and stacks on the left, one column per goroutine (wrapping
 * into rows when there are many, or when the canvas is too narrow to show
 * the heap beside them), the heap on the right with room between them
 * for the pointer arrows; below the stacks when even one column leaves no
 * room. A stack is a block with the high addresses at the top,
 * as Go stacks grow down: the outermost frame first, then each call below
 * it, then the free space and the hatched guard at the low end. The free
 * space is drawn in proportion to the frames, within bounds, so that a
 * nearly empty 2 KiB stack looks nearly empty without pushing everything
 * else off the screen.
 *
 * The heap is grouped by size class; each span is a row of its objects.
 * All sizes derive from the text metrics.
 */
#include "config.h"

#include <math.h>

#include "gml-scene.h"

typedef struct
{
  double row;        /* one line of a box */
  double pad;
  double stack_w;    /* a goroutine column */
  double card_w;     /* a heap object */
  double gap;        /* between columns and cards */
  double arrow_gap;  /* between the stacks and the heap */
} Dims;

static void
dims_init (Dims                  *d,
           const GmlSceneMetrics *m)
{
  d->row = ceil (m->line_height * 1.45);
  d->pad = ceil (m->line_height * 0.5);
  d->stack_w = ceil (m->char_width * 30 + 2 * d->pad);
  d->card_w = ceil (m->char_width * 22 + 2 * d->pad);
  d->gap = ceil (m->char_width * 3);
  d->arrow_gap = ceil (m->char_width * 7);
}

static GmlSceneRect
rect (double x, double y, double w, double h)
{
  return (GmlSceneRect) { x, y, w, h };
}

/* Stacks ----------------------------------------------------------------- */

static double
layout_frame (GmlScene      *scene,
              GmlSceneFrame *frame,
              const Dims    *d,
              double         x,
              double         y)
{
  double top = y;

  y += d->row;
  for (guint i = 0; i < frame->n_slots; i++)
    {
      gml_scene_slot (scene, frame->first_slot + i)->rect = rect (x, y, d->stack_w, d->row);
      y += d->row;
    }
  if (frame->n_slots > 0)
    y += d->pad / 2;
  frame->rect = rect (x, top, d->stack_w, y - top);

  return y;
}

static double
free_height (GmlSceneGoroutine *g,
             double             frames_h,
             const Dims        *d)
{
  double used = g->stack_hi > g->sp ? (double) (g->stack_hi - g->sp) : 0;
  double free_bytes = g->sp > g->stack_lo ? (double) (g->sp - g->stack_lo) : 0;

  if (used <= 0 || frames_h <= 0)
    return 2 * d->row;

  return CLAMP (frames_h * free_bytes / used, d->row, 4 * d->row);
}

/* Returns the height of the column. */
static double
layout_goroutine (GmlScene          *scene,
                  GmlSceneGoroutine *g,
                  const Dims        *d,
                  double             x,
                  double             y)
{
  double top = y;
  double block_top, frames_h;

  y += 2 * d->row;             /* "G1 main.main" and its status */
  block_top = y;
  y += d->row * 0.8;           /* capacity and use, at the high end */
  for (guint i = 0; i < g->n_scene_frames; i++)
    y = layout_frame (scene, gml_scene_frame (scene, g->first_frame + i), d, x, y);
  frames_h = y - block_top;

  g->free_rect = rect (x, y, d->stack_w, free_height (g, frames_h, d));
  y += g->free_rect.height;
  g->guard_rect = rect (x, y, d->stack_w, d->row);
  y += d->row;
  g->stack_rect = rect (x, block_top, d->stack_w, y - block_top);
  y += d->row * 0.9;           /* the address range under the block */
  g->rect = rect (x, top, d->stack_w, y - top);

  return y - top;
}

/* The main package's variables, a box above the stacks: GC roots. */
static double
layout_globals (GmlScene   *scene,
                const Dims *d,
                double      y)
{
  double top = y;

  if (scene->globals->len == 0)
    {
      scene->globals_rect = rect (0, y, 0, 0);
      return y;
    }
  y += d->row;                 /* "Globals" heading */
  for (guint i = 0; i < scene->globals->len; i++)
    {
      gml_scene_global (scene, i)->rect = rect (0, y, d->stack_w, d->row);
      y += d->row;
    }
  y += d->pad / 2;
  scene->globals_rect = rect (0, top, d->stack_w, y - top);
  return y + d->gap;
}

/* Goroutine columns side by side, as many as leave room for the heap
 * beside them (the heap is what people watch); many goroutines wrap into
 * a square-ish grid. */
static guint
columns_per_row (guint       n,
                 const Dims *d,
                 double      preferred_width)
{
  guint per_row = n <= 4 ? MAX (n, 1) : (guint) ceil (sqrt (n));
  double room = preferred_width - d->arrow_gap - d->card_w + d->gap;

  if (preferred_width > 0 && room > 0)
    per_row = MIN (per_row, MAX ((guint) (room / (d->stack_w + d->gap)), 1));
  return per_row;
}

static void
layout_stacks (GmlScene   *scene,
               const Dims *d,
               double      preferred_width)
{
  guint n = scene->goroutines->len;
  guint per_row = columns_per_row (n, d, preferred_width);
  double y = layout_globals (scene, d, d->row * 1.5);   /* under the "Stacks" title */
  double width = scene->globals->len > 0 ? d->stack_w : 0;

  for (guint first = 0; first < n; first += per_row)
    {
      double row_h = 0;

      for (guint i = first; i < MIN (n, first + per_row); i++)
        {
          double x = (i - first) * (d->stack_w + d->gap);

          row_h = MAX (row_h, layout_goroutine (scene, gml_scene_goroutine (scene, i), d, x, y));
          width = MAX (width, x + d->stack_w);
        }
      y += row_h + d->gap;
    }

  scene->stacks_rect = rect (0, 0, MAX (width, d->stack_w), y);
}

/* Heap ------------------------------------------------------------------- */

static double
card_height (GmlSceneObject *o,
             const Dims     *d)
{
  return d->row * (1 + MAX (o->n_fields, 1)) + d->pad / 2;
}

static void
layout_object (GmlScene       *scene,
               GmlSceneObject *o,
               const Dims     *d,
               double          x,
               double          y)
{
  o->rect = rect (x, y, d->card_w, card_height (o, d));
  for (guint f = 0; f < o->n_fields; f++)
    gml_scene_field (scene, o->first_field + f)->rect =
      rect (x, y + d->row * (1 + f), d->card_w, d->row);
}

/* A span row: a header, then its objects, `per_row` to a line. */
static double
layout_span (GmlScene     *scene,
             GmlSceneSpan *span,
             const Dims   *d,
             guint         per_row,
             double        x,
             double        y)
{
  double top = y;

  y += d->row;
  span->body = rect (x, y, per_row * (d->card_w + d->gap) - d->gap, 0);
  for (guint first = 0; first < span->n_objects; first += per_row)
    {
      double line_h = 0;

      for (guint i = first; i < MIN (span->n_objects, first + per_row); i++)
        {
          GmlSceneObject *o = gml_scene_object (scene, span->first_object + i);

          layout_object (scene, o, d, x + (i - first) * (d->card_w + d->gap), y);
          line_h = MAX (line_h, o->rect.height);
        }
      y += line_h + d->gap / 2;
    }
  span->body.height = y - span->body.y;
  span->rect = rect (x, top, span->body.width, y - top);

  return y + d->gap / 2;
}

static int
compare_class (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  GmlScene *scene = data;
  GmlSceneSpan *sa = gml_scene_span (scene, *(const guint32 *) a);
  GmlSceneSpan *sb = gml_scene_span (scene, *(const guint32 *) b);
  /* Large objects (class 0) after the small size classes. */
  guint ca = sa->sizeclass == 0 ? G_MAXUINT : sa->sizeclass;
  guint cb = sb->sizeclass == 0 ? G_MAXUINT : sb->sizeclass;

  if (ca != cb)
    return ca < cb ? -1 : 1;
  return sa->base < sb->base ? -1 : sa->base > sb->base;
}

/* Heap spans with objects, sorted by size class; stack spans are shown as
 * the goroutines' stacks, and empty spans only in the arena view. */
static void
order_heap_spans (GmlScene *scene)
{
  g_array_set_size (scene->heap_order, 0);
  for (guint32 i = 0; i < scene->spans->len; i++)
    {
      GmlSceneSpan *span = gml_scene_span (scene, i);

      if (!(span->flags & GML_SCENE_STACK_SPAN) && span->n_objects > 0)
        g_array_append_val (scene->heap_order, i);
    }
  g_array_sort_with_data (scene->heap_order, compare_class, scene);
}

static guint
objects_per_row (GmlScene   *scene,
                 const Dims *d,
                 double      x,
                 double      preferred_width)
{
  guint n = scene->objects->len;
  guint fit = preferred_width > x + d->card_w
              ? (guint) ((preferred_width - x + d->gap) / (d->card_w + d->gap)) : 1;
  /* Big heaps stay roughly square, whatever the window's shape. */
  guint square = n > 100 ? (guint) ceil (sqrt (n / 6.0)) : 1;

  return CLAMP (MAX (fit, square), 1, 64);
}

/* The heap goes right of the stacks, or below them when the canvas is
 * too narrow for both side by side. */
static void
heap_origin (GmlScene   *scene,
             const Dims *d,
             double      preferred_width,
             double     *x,
             double     *y)
{
  double beside = scene->stacks_rect.width + d->arrow_gap;

  if (preferred_width <= 0 || beside + d->card_w <= preferred_width)
    {
      *x = beside;
      *y = 0;
      return;
    }
  *x = 0;
  *y = scene->stacks_rect.height + d->gap;
}

static void
layout_heap (GmlScene   *scene,
             const Dims *d,
             double      preferred_width)
{
  double x, top, y;
  guint per_row;

  heap_origin (scene, d, preferred_width, &x, &top);
  y = top + d->row * 1.5;      /* the "Heap" title */
  per_row = objects_per_row (scene, d, x, preferred_width);
  GmlSceneGroup *group = NULL;
  double width = d->card_w;

  order_heap_spans (scene);
  g_array_set_size (scene->groups, 0);

  for (guint k = 0; k < scene->heap_order->len; k++)
    {
      guint32 index = g_array_index (scene->heap_order, guint32, k);
      GmlSceneSpan *span = gml_scene_span (scene, index);

      if (group == NULL || group->sizeclass != span->sizeclass ||
          (span->sizeclass == 0 && group->elemsize != span->elemsize))
        {
          if (group != NULL)
            {
              group->rect.height = y - group->rect.y;
              y += d->gap / 2;
            }
          g_array_set_size (scene->groups, scene->groups->len + 1);
          group = &g_array_index (scene->groups, GmlSceneGroup, scene->groups->len - 1);
          group->sizeclass = span->sizeclass;
          group->elemsize = span->elemsize;
          group->first_span = k;
          group->rect = rect (x, y, 0, 0);
          y += d->row;
        }
      span->group = scene->groups->len - 1;
      group->n_spans++;
      group->n_objects += span->n_objects;
      y = layout_span (scene, span, d, MIN (per_row, MAX (span->n_objects, 1)), x, y);
      group->rect.width = MAX (group->rect.width, span->rect.width);
      width = MAX (width, span->rect.width);
    }
  if (group != NULL)
    group->rect.height = y - group->rect.y;

  scene->heap_rect = rect (x, top, width, y - top);
}

void
gml_scene_layout (GmlScene              *scene,
                  const GmlSceneMetrics *metrics)
{
  gml_scene_layout_for_width (scene, metrics, 0);
}

void
gml_scene_layout_for_width (GmlScene              *scene,
                            const GmlSceneMetrics *metrics,
                            double                 preferred_width)
{
  Dims d;

  g_return_if_fail (scene != NULL);
  g_return_if_fail (metrics != NULL && metrics->line_height > 0 && metrics->char_width > 0);

  scene->metrics = *metrics;
  scene->layout_width = preferred_width;
  dims_init (&d, metrics);
  layout_stacks (scene, &d, preferred_width);
  layout_heap (scene, &d, preferred_width);
  scene->width = MAX (scene->stacks_rect.width, scene->heap_rect.x + scene->heap_rect.width) + d.pad;
  scene->height = MAX (scene->stacks_rect.height, scene->heap_rect.y + scene->heap_rect.height) + d.pad;
}

/* Hit testing ------------------------------------------------------------ */

static gboolean
contains (const GmlSceneRect *r,
          double              x,
          double              y)
{
  return x >= r->x && y >= r->y && x < r->x + r->width && y < r->y + r->height;
}

static GmlSceneItemKind
hit_stacks (GmlScene *scene,
            double    x,
            double    y,
            guint32  *index)
{
  for (guint i = 0; i < scene->goroutines->len; i++)
    {
      GmlSceneGoroutine *g = gml_scene_goroutine (scene, i);

      if (!contains (&g->rect, x, y))
        continue;
      for (guint f = 0; f < g->n_scene_frames; f++)
        {
          GmlSceneFrame *frame = gml_scene_frame (scene, g->first_frame + f);

          if (!contains (&frame->rect, x, y))
            continue;
          for (guint s = 0; s < frame->n_slots; s++)
            if (contains (&gml_scene_slot (scene, frame->first_slot + s)->rect, x, y))
              {
                *index = frame->first_slot + s;
                return GML_SCENE_ITEM_SLOT;
              }
          *index = g->first_frame + f;
          return GML_SCENE_ITEM_FRAME;
        }
      *index = i;
      return GML_SCENE_ITEM_GOROUTINE;
    }

  return GML_SCENE_ITEM_NONE;
}

static GmlSceneItemKind
hit_heap (GmlScene *scene,
          double    x,
          double    y,
          guint32  *index)
{
  for (guint k = 0; k < scene->heap_order->len; k++)
    {
      guint32 s = g_array_index (scene->heap_order, guint32, k);
      GmlSceneSpan *span = gml_scene_span (scene, s);

      if (!contains (&span->rect, x, y))
        continue;
      for (guint i = 0; i < span->n_objects; i++)
        {
          GmlSceneObject *o = gml_scene_object (scene, span->first_object + i);

          if (!contains (&o->rect, x, y))
            continue;
          for (guint f = 0; f < o->n_fields; f++)
            if (contains (&gml_scene_field (scene, o->first_field + f)->rect, x, y))
              {
                *index = o->first_field + f;
                return GML_SCENE_ITEM_FIELD;
              }
          *index = span->first_object + i;
          return GML_SCENE_ITEM_OBJECT;
        }
      *index = s;
      return GML_SCENE_ITEM_SPAN;
    }

  return GML_SCENE_ITEM_NONE;
}

GmlSceneItemKind
gml_scene_hit (GmlScene *scene,
               double    x,
               double    y,
               guint32  *index)
{
  guint32 dummy;
  GmlSceneItemKind kind;

  g_return_val_if_fail (scene != NULL, GML_SCENE_ITEM_NONE);

  if (index == NULL)
    index = &dummy;
  for (guint i = 0; i < scene->globals->len; i++)
    if (contains (&gml_scene_global (scene, i)->rect, x, y))
      {
        *index = i;
        return GML_SCENE_ITEM_GLOBAL;
      }
  kind = hit_stacks (scene, x, y, index);
  if (kind == GML_SCENE_ITEM_NONE)
    kind = hit_heap (scene, x, y, index);

  return kind;
}
