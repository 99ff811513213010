/* test-canvas.c: the memory canvas's model, layout and drawing (suite 'ui').
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No display needed: scenes are GTK-free, and the painter draws into a
 * GtkSnapshot whose render nodes are inspected (never pixels). Scenes come
 * from made-up data and from real runs of small programs.
 */
#include "config.h"

#include <gtk/gtk.h>
#include <locale.h>
#include <pango/pangocairo.h>

#include "gml-gc.h"
#include "gml-image.h"
#include "gml-inspector.h"
#include "gml-painter.h"
#include "gml-program.h"
#include "gml-run-summary.h"
#include "gml-scene-state.h"
#include "gml-scene-synthetic.h"
#include "gml-scene-transition.h"
#include "gml-timeline.h"

/* Helpers ----------------------------------------------------------------- */

static PangoContext *
new_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string ("DejaVu Sans 11");

  pango_context_set_font_description (context, font);
  return context;
}

static GmlPainter *
new_painter (void)
{
  PangoContext *context = new_context ();
  GmlPalette palette;
  GmlPainter *painter;

  painter = gml_painter_new (context);
  g_object_unref (context);
  gml_palette_init (&palette, FALSE, FALSE);
  gml_painter_set_palette (painter, &palette);
  return painter;
}

typedef struct
{
  guint counts[64];
} NodeCounts;

static void
count_nodes (GskRenderNode *node,
             NodeCounts    *counts)
{
  GskRenderNodeType type = gsk_render_node_get_node_type (node);

  counts->counts[type]++;
  switch (type)
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        count_nodes (gsk_container_node_get_child (node, i), counts);
      break;
    case GSK_TRANSFORM_NODE:
      count_nodes (gsk_transform_node_get_child (node), counts);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      count_nodes (gsk_rounded_clip_node_get_child (node), counts);
      break;
    case GSK_CLIP_NODE:
      count_nodes (gsk_clip_node_get_child (node), counts);
      break;
    case GSK_OPACITY_NODE:
      count_nodes (gsk_opacity_node_get_child (node), counts);
      break;
    default:
      break;
    }
}

static GskRenderNode *
paint (GmlPainter           *painter,
       GmlScene             *scene,
       const GmlPainterView *view)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gml_painter_draw (painter, snapshot, scene, view);
  gml_painter_draw_marks (painter, snapshot, scene, view);
  return gtk_snapshot_free_to_node (snapshot);
}

static GmlScene *
laid_out_synthetic (GmlPainter *painter,
                    guint       goroutines,
                    guint       objects,
                    guint32     seed)
{
  GmlScene *scene = gml_scene_new_synthetic (goroutines, objects, seed);

  gml_scene_layout_for_width (scene, gml_painter_get_metrics (painter), 1000);
  return scene;
}

static gboolean
rect_inside (const GmlSceneRect *inner,
             const GmlSceneRect *outer)
{
  return inner->x >= outer->x - 0.01 && inner->y >= outer->y - 0.01 &&
         inner->x + inner->width <= outer->x + outer->width + 0.01 &&
         inner->y + inner->height <= outer->y + outer->height + 0.01;
}

static gboolean
rects_overlap (const GmlSceneRect *a,
               const GmlSceneRect *b)
{
  return a->x < b->x + b->width - 0.01 && b->x < a->x + a->width - 0.01 &&
         a->y < b->y + b->height - 0.01 && b->y < a->y + a->height - 0.01;
}

/* Layout ----------------------------------------------------------------- */

static void
test_layout_nests_and_separates (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlScene) scene = laid_out_synthetic (painter, 6, 300, 1);

  g_assert_cmpuint (scene->goroutines->len, ==, 6);
  g_assert_cmpuint (scene->objects->len, ==, 300);

  /* Frames sit in their goroutine's stack block, slots in their frame. */
  for (guint i = 0; i < scene->frames->len; i++)
    {
      GmlSceneFrame *f = gml_scene_frame (scene, i);

      g_assert_true (rect_inside (&f->rect, &gml_scene_goroutine (scene, f->goroutine)->stack_rect));
      for (guint s = 0; s < f->n_slots; s++)
        g_assert_true (rect_inside (&gml_scene_slot (scene, f->first_slot + s)->rect, &f->rect));
    }
  /* Objects sit in their span and never overlap; fields in their object. */
  for (guint i = 0; i < scene->objects->len; i++)
    {
      GmlSceneObject *o = gml_scene_object (scene, i);

      g_assert_true (rect_inside (&o->rect, &gml_scene_span (scene, o->span)->rect));
      if (i > 0)
        g_assert_false (rects_overlap (&o->rect, &gml_scene_object (scene, i - 1)->rect));
      for (guint f = 0; f < o->n_fields; f++)
        g_assert_true (rect_inside (&gml_scene_field (scene, o->first_field + f)->rect, &o->rect));
    }
  /* Stacks and heap apart; everything inside the scene's extent. */
  g_assert_false (rects_overlap (&scene->stacks_rect, &scene->heap_rect));
  g_assert_cmpfloat (scene->heap_rect.x + scene->heap_rect.width, <=, scene->width);
  g_assert_cmpfloat (scene->heap_rect.y + scene->heap_rect.height, <=, scene->height);
}

/* Large Text and presentation mode grow the boxes, not clip the text. */
static void
test_layout_follows_text_size (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlScene) scene = gml_scene_new_synthetic (2, 20, 1);
  PangoContext *context = new_context ();
  double small_width, small_height;

  gml_scene_layout (scene, gml_painter_get_metrics (painter));
  small_width = gml_scene_goroutine (scene, 0)->rect.width;
  small_height = gml_scene_object (scene, 0)->rect.height;

  gml_painter_set_context (painter, context, 1.5);
  g_object_unref (context);
  gml_scene_layout (scene, gml_painter_get_metrics (painter));
  g_assert_cmpfloat (gml_scene_goroutine (scene, 0)->rect.width, >, small_width * 1.3);
  g_assert_cmpfloat (gml_scene_object (scene, 0)->rect.height, >, small_height * 1.3);
}

/* A narrow canvas puts the heap under the stacks instead of beside. */
static void
test_layout_narrow_stacks_heap (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlScene) scene = gml_scene_new_synthetic (1, 10, 1);

  gml_scene_layout_for_width (scene, gml_painter_get_metrics (painter), 2000);
  g_assert_cmpfloat (scene->heap_rect.x, >, scene->stacks_rect.width);
  gml_scene_layout_for_width (scene, gml_painter_get_metrics (painter), 300);
  g_assert_cmpfloat (scene->heap_rect.x, ==, 0);
  g_assert_cmpfloat (scene->heap_rect.y, >=, scene->stacks_rect.height);
}

static void
test_hit_testing (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlScene) scene = laid_out_synthetic (painter, 3, 40, 1);
  GmlSceneObject *o = gml_scene_object (scene, 7);
  GmlSceneSlot *slot = gml_scene_slot (scene, 2);
  guint32 index = G_MAXUINT32;

  g_assert_cmpint (gml_scene_hit (scene, o->rect.x + 2, o->rect.y + 2, &index), ==, GML_SCENE_ITEM_OBJECT);
  g_assert_cmpuint (index, ==, 7);
  g_assert_cmpint (gml_scene_hit (scene, slot->rect.x + 3, slot->rect.y + 3, &index), ==, GML_SCENE_ITEM_SLOT);
  g_assert_cmpuint (index, ==, 2);
  g_assert_cmpint (gml_scene_hit (scene, -50, -50, &index), ==, GML_SCENE_ITEM_NONE);
}

/* Links, lookups, differences ------------------------------------------- */

static void
test_links_and_lookups (void)
{
  g_autoptr (GmlScene) scene = gml_scene_new_synthetic (4, 200, 3);
  guint linked = 0;

  g_assert_cmpuint (scene->arrows->len, >, 0);
  for (guint i = 0; i < scene->arrows->len; i++)
    {
      GmlSceneArrow *a = &g_array_index (scene->arrows, GmlSceneArrow, i);
      GmlSceneSlot *from = a->from_kind == GML_SCENE_FROM_SLOT ? gml_scene_slot (scene, a->from)
                                                               : gml_scene_field (scene, a->from);
      guint32 found;

      g_assert_true (from->flags & GML_SCENE_LINKED);
      g_assert_cmpint (a->to_kind, ==, GML_SCENE_TO_OBJECT);
      g_assert_true (gml_scene_find_object (scene, from->target, &found));
      g_assert_cmpuint (found, ==, a->to);
      linked++;
    }
  for (guint i = 0; i < scene->goroutines->len; i++)
    {
      guint32 found;

      g_assert_true (gml_scene_find_goroutine (scene, gml_scene_goroutine (scene, i)->goid, &found));
      g_assert_cmpuint (found, ==, i);
    }
  for (guint i = 0; i < scene->slots->len; i++)
    {
      guint32 found;

      g_assert_true (gml_scene_find_slot (scene, gml_scene_slot (scene, i)->addr, &found));
      g_assert_cmpuint (found, ==, i);
    }
  g_assert_cmpuint (linked, ==, scene->arrows->len);
}

static void
test_diff_marks_changes (void)
{
  g_autoptr (GmlScene) before = gml_scene_new_synthetic (2, 50, 7);
  g_autoptr (GmlScene) after = gml_scene_new_synthetic (2, 50, 7);
  g_autoptr (GmlScene) more = gml_scene_new_synthetic (2, 60, 7);
  guint changed = 0, fresh = 0;

  /* The same scene: nothing changed. */
  gml_scene_diff (after, before);
  for (guint i = 0; i < after->slots->len; i++)
    g_assert_false (gml_scene_slot (after, i)->flags & (GML_SCENE_CHANGED | GML_SCENE_NEW));
  for (guint i = 0; i < after->objects->len; i++)
    g_assert_false (gml_scene_object (after, i)->flags & (GML_SCENE_CHANGED | GML_SCENE_NEW));

  /* Ten more objects, and the stacks' random values differ. */
  gml_scene_diff (more, before);
  for (guint i = 0; i < more->objects->len; i++)
    fresh += (gml_scene_object (more, i)->flags & GML_SCENE_NEW) != 0;
  for (guint i = 0; i < more->slots->len; i++)
    changed += (gml_scene_slot (more, i)->flags & GML_SCENE_CHANGED) != 0;
  g_assert_cmpuint (fresh, >=, 10);
  g_assert_cmpuint (changed, >, 0);
}

static void
test_transition_matches (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlScene) from = laid_out_synthetic (painter, 2, 30, 5);
  g_autoptr (GmlScene) to = laid_out_synthetic (painter, 2, 36, 5);
  g_autoptr (GmlSceneTransition) tr = gml_scene_transition_new (from, to);
  guint matched = 0;

  for (guint i = 0; i < to->objects->len; i++)
    {
      GmlSceneRect start = gml_scene_transition_object_rect (tr, i, 0);
      GmlSceneRect end = gml_scene_transition_object_rect (tr, i, 1);

      g_assert_cmpfloat (end.x, ==, gml_scene_object (to, i)->rect.x);
      if (!gml_scene_transition_object_is_new (tr, i))
        {
          gint32 j = g_array_index (tr->object_from, gint32, i);

          g_assert_cmpfloat (start.x, ==, gml_scene_object (from, j)->rect.x);
          g_assert_cmpuint (gml_scene_object (from, j)->addr, ==, gml_scene_object (to, i)->addr);
          matched++;
        }
    }
  g_assert_cmpuint (matched, ==, from->objects->len);
  g_assert_cmpuint (tr->gone_objects->len, ==, 0);
  g_assert_cmpuint (g_array_index (tr->goroutine_from, gint32, 1), ==, 1);
}

/* Drawing ---------------------------------------------------------------- */

static void
test_painter_levels_of_detail (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlScene) scene = laid_out_synthetic (painter, 20, 3000, 1);
  GmlPainterView view = { .mode = GML_PAINTER_OBJECTS, .zoom = 1, .width = 1000, .height = 700 };
  g_autoptr (GskRenderNode) full = NULL;
  g_autoptr (GskRenderNode) fit = NULL;
  NodeCounts near = { 0 }, far = { 0 };

  full = paint (painter, scene, &view);
  count_nodes (full, &near);
  /* Labels at 100%, and only what is in view. */
  g_assert_cmpuint (near.counts[GSK_TEXT_NODE], >, 20);
  g_assert_cmpuint (near.counts[GSK_TEXT_NODE], <, 2000);
  g_assert_cmpuint (near.counts[GSK_CAIRO_NODE], ==, 1);

  view.zoom = MIN (1000 / scene->width, 700 / scene->height);
  fit = paint (painter, scene, &view);
  count_nodes (fit, &far);
  /* The whole heap: no text, no arrows, one strip set per span. */
  g_assert_cmpuint (far.counts[GSK_TEXT_NODE], ==, 0);
  g_assert_cmpuint (far.counts[GSK_CAIRO_NODE], ==, 0);
  g_assert_cmpuint (far.counts[GSK_COLOR_NODE], <, 4 * scene->spans->len + 10 * scene->goroutines->len + 50);
}

static void
test_painter_culls_offscreen (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlScene) scene = laid_out_synthetic (painter, 2, 100, 1);
  GmlPainterView view = { .mode = GML_PAINTER_OBJECTS, .zoom = 1, .x = -5000, .y = -5000,
                          .width = 800, .height = 600 };
  g_autoptr (GskRenderNode) node = paint (painter, scene, &view);
  NodeCounts counts = { 0 };

  count_nodes (node, &counts);
  g_assert_cmpuint (counts.counts[GSK_TEXT_NODE], ==, 0);
  g_assert_cmpuint (counts.counts[GSK_CAIRO_NODE], ==, 0);
}

/* The pointer ink budget never drops a pointer about the selection. */
static void
test_painter_keeps_selected_pointer (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlScene) scene = laid_out_synthetic (painter, 100, 10000, 1);
  GmlPainterView view = { .mode = GML_PAINTER_OBJECTS, .zoom = 1, .width = 1280, .height = 800 };
  g_autoptr (GskRenderNode) node = NULL;
  GmlSceneArrow *a = &g_array_index (scene->arrows, GmlSceneArrow, 0);
  gint64 start;

  view.selected_kind = GML_SCENE_ITEM_OBJECT;
  view.selected = a->to;
  start = g_get_monotonic_time ();
  node = paint (painter, scene, &view);
  g_assert_nonnull (node);
  /* Not a benchmark: a guard against drawing the whole heap. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (gml_painter_n_cached_labels (painter), >, 0);
}

/* Pixels of `node` rasterised at width × height. */
static cairo_surface_t *
rasterise (GskRenderNode *node,
           int            width,
           int            height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* At zoom 1. */
static gboolean
rect_in_view (const GmlSceneRect   *r,
              const GmlPainterView *view)
{
  return r->x < view->x + view->width && r->y < view->y + view->height &&
         r->x + r->width > view->x && r->y + r->height > view->y;
}

/* Bytes (of four a pixel) further apart than rounding between two nodes
 * rasterised. */
static guint
count_differing (GskRenderNode *x,
                 GskRenderNode *y,
                 int            width,
                 int            height)
{
  cairo_surface_t *a = rasterise (x, width, height), *b = rasterise (y, width, height);
  const guint8 *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  int stride = cairo_image_surface_get_stride (a);
  guint differ = 0;

  for (int row = 0; row < height; row++)
    for (int i = 0; i < width * 4; i++)
      differ += abs (pa[row * stride + i] - pb[row * stride + i]) > 2;
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  return differ;
}

/* Heap objects at full detail are drawn from images kept from frame to
 * frame (for the cairo renderer, painted in the arrows' cairo node),
 * which look the same as drawing them directly. */
static void
test_painter_caches_objects (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlPainter) direct_painter = new_painter ();
  g_autoptr (GmlScene) scene = laid_out_synthetic (painter, 2, 300, 1);
  GmlPainterView view = { .mode = GML_PAINTER_OBJECTS, .zoom = 1, .width = 900, .height = 700,
                          .x = -16, .y = -16, .cairo_renderer = TRUE };
  g_autoptr (GskRenderNode) direct_node = NULL;
  g_autoptr (GskRenderNode) first = NULL;
  g_autoptr (GskRenderNode) again = NULL;
  NodeCounts cd = { 0 }, c1 = { 0 }, c2 = { 0 };
  guint visible = 0, differ;

  for (guint i = 0; i < scene->objects->len; i++)
    {
      const GmlSceneRect *r = &gml_scene_object (scene, i)->rect;

      if (r->x < view.x + view.width && r->y < view.y + view.height &&
          r->x + r->width > view.x && r->y + r->height > view.y)
        visible++;
    }
  g_assert_cmpuint (visible, >, 5);

  gml_painter_set_cache_images (direct_painter, FALSE);
  direct_node = paint (direct_painter, scene, &view);
  first = paint (painter, scene, &view);
  again = paint (painter, scene, &view);
  count_nodes (direct_node, &cd);
  count_nodes (first, &c1);
  count_nodes (again, &c2);
  /* One cairo node either way (the arrows, and with images the objects
   * too), and far fewer labels with images: one per visible object,
   * reused by the next frame. */
  g_assert_cmpuint (cd.counts[GSK_CAIRO_NODE], ==, 1);
  g_assert_cmpuint (c1.counts[GSK_CAIRO_NODE], ==, 1);
  g_assert_cmpuint (c1.counts[GSK_TEXT_NODE], <, cd.counts[GSK_TEXT_NODE] / 2);
  g_assert_cmpuint (c2.counts[GSK_TEXT_NODE], ==, c1.counts[GSK_TEXT_NODE]);
  g_assert_cmpuint (gml_painter_n_cached_images (painter), ==, visible);
  gsk_render_node_unref (paint (painter, scene, &view));
  g_assert_cmpuint (gml_painter_n_cached_images (painter), ==, visible);

  /* The same pixels either way. */
  differ = count_differing (direct_node, again, 900, 700);
  g_test_message ("%u of %u bytes differ", differ, 900 * 700 * 4);
  g_assert_cmpuint (differ, <, 900 * 700 * 4 / 1000);

  /* Objects of a size and colour share the images of their box and
   * outline (one of each is kept from above): new or changed, they still
   * look as drawn directly. */
  for (guint i = 0, k = 0; i < scene->objects->len; i++)
    {
      GmlSceneObject *o = gml_scene_object (scene, i);

      if (rect_in_view (&o->rect, &view))
        o->flags |= k++ % 2 ? GML_SCENE_NEW : GML_SCENE_CHANGED;
    }
  g_clear_pointer (&direct_node, gsk_render_node_unref);
  g_clear_pointer (&again, gsk_render_node_unref);
  direct_node = paint (direct_painter, scene, &view);
  again = paint (painter, scene, &view);
  differ = count_differing (direct_node, again, 900, 700);
  g_test_message ("%u of %u bytes differ, marked", differ, 900 * 700 * 4);
  g_assert_cmpuint (differ, <, 900 * 700 * 4 / 1000);

  /* Zoomed in, outlines and rounded corners are thicker. */
  view.zoom = 2.2;
  g_clear_pointer (&direct_node, gsk_render_node_unref);
  g_clear_pointer (&again, gsk_render_node_unref);
  direct_node = paint (direct_painter, scene, &view);
  again = paint (painter, scene, &view);
  differ = count_differing (direct_node, again, 900, 700);
  g_test_message ("%u of %u bytes differ at 220%%", differ, 900 * 700 * 4);
  g_assert_cmpuint (differ, <, 900 * 700 * 4 / 1000);
  view.zoom = 1;

  /* Another zoom: new images (the old ones go once there are too many). */
  view.zoom = 1.25;
  g_clear_pointer (&again, gsk_render_node_unref);
  again = paint (painter, scene, &view);
  g_assert_cmpuint (gml_painter_n_cached_images (painter), >, visible);
}

/* Labels of one short ASCII run are shaped without a layout: the same
 * pixels as with layouts, as nodes and in the objects' images, at 100%
 * and between zooms, with names, numbers and addresses, stacks and
 * heap. */
static void
test_painter_quick_labels (void)
{
  const double zooms[] = { 1, 0.83 };

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    for (guint images = 0; images < 2; images++)
      {
        g_autoptr (GmlPainter) quick = new_painter ();
        g_autoptr (GmlPainter) layouts = new_painter ();
        g_autoptr (GmlScene) scene = laid_out_synthetic (quick, 3, 300, 1);
        GmlPainterView view = { .mode = GML_PAINTER_OBJECTS, .zoom = zooms[z], .width = 900, .height = 700,
                                .x = -16.5, .y = -16, .cairo_renderer = images };
        g_autoptr (GskRenderNode) a = NULL;
        g_autoptr (GskRenderNode) b = NULL;
        NodeCounts ca = { 0 }, cb = { 0 };
        guint differ;

        gml_painter_set_quick_labels (layouts, FALSE);
        gml_painter_set_cache_images (layouts, images);
        gml_painter_set_cache_images (quick, images);
        a = paint (layouts, scene, &view);
        b = paint (quick, scene, &view);
        count_nodes (a, &ca);
        count_nodes (b, &cb);
        g_assert_cmpuint (cb.counts[GSK_TEXT_NODE], ==, ca.counts[GSK_TEXT_NODE]);
        g_assert_cmpuint (cb.counts[GSK_TEXT_NODE], >, 20);
        differ = count_differing (a, b, 900, 700);
        g_test_message ("zoom %g, images %u: %u of %u bytes differ", zooms[z], images, differ, 900 * 700 * 4);
        /* Identical here; a few glyphs' worth of leeway.  (Shaping
         * letters as the digits' Common script, which drops kerning,
         * differs in some 600 bytes.) */
        g_assert_cmpuint (differ, <, 200);
      }
}

/* Panning through a heap too big for the image budget drops images a
 * few at a time (dropping hundreds at once took a whole frame), and
 * only those not drawn lately. */
static void
test_painter_trims_gradually (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlScene) scene = laid_out_synthetic (painter, 2, 6000, 1);
  GmlPainterView view = { .mode = GML_PAINTER_OBJECTS, .zoom = 1, .width = 900, .height = 700,
                          .cairo_renderer = TRUE };
  guint before = 0, most = 0, drops = 0;

  /* The heap's side, as a window shows it. */
  view.width = 1280;
  view.x = MAX (scene->width - view.width, 0);
  for (view.y = 0; view.y + view.height < scene->height; view.y += 350)
    {
      guint n;

      gsk_render_node_unref (paint (painter, scene, &view));
      n = gml_painter_n_cached_images (painter);
      most = MAX (most, n);
      if (n < before)
        {
          drops++;
          g_assert_cmpuint (before - n, <=, 24);
        }
      before = n;
    }
  g_test_message ("at most %u images, %u frames dropped some, scene %g × %g", most, drops, scene->width, scene->height);
  g_assert_cmpuint (drops, >, 0);
}

/* A white object's dashed outline shows against its own fill in every
 * style: in the dark style the canvas's ink is near white too. */
static void
test_painter_white_outline (void)
{
  for (guint style = 0; style < 4; style++)
    {
      g_autoptr (GmlPainter) painter = new_painter ();
      g_autoptr (GmlScene) scene = laid_out_synthetic (painter, 1, 40, 1);
      GmlPainterView view = { .mode = GML_PAINTER_OBJECTS, .zoom = 1, .width = 1000, .height = 900 };
      g_autoptr (GskRenderNode) node = NULL;
      GmlSceneObject *white = NULL;
      cairo_surface_t *image;
      const guint8 *data;
      GmlPalette palette;
      int stride, lo = 255, hi = 0, row;

      gml_palette_init (&palette, style & 1, style & 2);
      gml_painter_set_palette (painter, &palette);
      for (guint i = 0; i < scene->objects->len && white == NULL; i++)
        {
          GmlSceneObject *o = gml_scene_object (scene, i);

          if (o->color == GML_SCENE_GC_WHITE && o->rect.x + o->rect.width < view.width &&
              o->rect.y + o->rect.height < view.height)
            white = o;
        }
      g_assert_nonnull (white);
      node = paint (painter, scene, &view);
      image = rasterise (node, 1000, 900);
      data = cairo_image_surface_get_data (image);
      stride = cairo_image_surface_get_stride (image);
      /* Along the first whole row of the top edge, dashes alternate with
       * the fill. */
      row = (int) ceil (white->rect.y);
      for (int x = (int) white->rect.x + 8; x < (int) (white->rect.x + white->rect.width) - 8; x++)
        {
          int green = data[row * stride + x * 4 + 1];

          lo = MIN (lo, green);
          hi = MAX (hi, green);
        }
      g_test_message ("style %u: dashes and fill %d apart", style, hi - lo);
      g_assert_cmpint (hi - lo, >, 100);
      cairo_surface_destroy (image);
    }
}

/* Zoomed out, heap objects are plain boxes, gathered by colour into a few
 * fills in the arrows' cairo node (for the cairo renderer), which look
 * the same as a node each. */
static void
test_painter_batches_boxes (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlPainter) direct_painter = new_painter ();
  g_autoptr (GmlScene) scene = laid_out_synthetic (painter, 2, 600, 1);
  GmlPainterView view = { .mode = GML_PAINTER_OBJECTS, .zoom = 0.4, .width = 900, .height = 700,
                          .x = -7.3, .y = -5.6, .cairo_renderer = TRUE };
  g_autoptr (GskRenderNode) direct = NULL;
  g_autoptr (GskRenderNode) batched = NULL;
  NodeCounts cd = { 0 }, cb = { 0 };
  guint differ;

  gml_painter_set_cache_images (direct_painter, FALSE);
  direct = paint (direct_painter, scene, &view);
  batched = paint (painter, scene, &view);
  count_nodes (direct, &cd);
  count_nodes (batched, &cb);
  /* A fill and an outline a box as nodes; none batched. */
  g_assert_cmpuint (cd.counts[GSK_BORDER_NODE], >, 100);
  g_assert_cmpuint (cb.counts[GSK_BORDER_NODE] + cb.counts[GSK_COLOR_NODE], <,
                    (cd.counts[GSK_BORDER_NODE] + cd.counts[GSK_COLOR_NODE]) / 4);
  g_assert_cmpuint (cb.counts[GSK_CAIRO_NODE], ==, 1);

  differ = count_differing (direct, batched, 900, 700);
  g_test_message ("%u of %u bytes differ", differ, 900 * 700 * 4);
  g_assert_cmpuint (differ, <, 900 * 700 * 4 / 1000);
}

static void
test_painter_arena (void)
{
  g_autoptr (GmlPainter) painter = new_painter ();
  g_autoptr (GmlScene) scene = laid_out_synthetic (painter, 2, 500, 1);
  GmlPainterView view = { .mode = GML_PAINTER_ARENA, .zoom = 1, .width = 1000, .height = 700 };
  g_autoptr (GskRenderNode) node = paint (painter, scene, &view);
  NodeCounts counts = { 0 };
  double width, height;

  gml_painter_get_size (painter, scene, GML_PAINTER_ARENA, &width, &height);
  g_assert_cmpfloat (width, >, 0);
  g_assert_cmpfloat (height, >, 0);
  count_nodes (node, &counts);
  g_assert_cmpuint (counts.counts[GSK_TEXT_NODE], >, scene->spans->len / 2);
}

/* The run summary -------------------------------------------------------- */

static void
add (GmlRunSummary *summary,
     guint64        step,
     GmlEventKind   kind,
     guint64        a,
     guint64        b,
     guint64        c,
     guint64        d)
{
  GmlEvent e = { step, kind, 0, 1, a, b, c, d };

  gml_run_summary_add_event (summary, &e, "worker");
}

static void
test_run_summary (void)
{
  g_autoptr (GmlRunSummary) summary = gml_run_summary_new ();
  guint32 cycle;

  add (summary, 5, GML_EVENT_ALLOC, 0xc000010000, 16, 0, 1);
  add (summary, 6, GML_EVENT_ALLOC, 0xc000010010, 32, 0, 1);
  add (summary, 8, GML_EVENT_G_CREATE, 2, 1, 0, 0);
  add (summary, 10, GML_EVENT_GC_PHASE, GML_GC_SWEEP_TERM, 1, 48, 4 << 20);
  add (summary, 11, GML_EVENT_GC_PHASE, GML_GC_MARK, 1, 48, 4 << 20);
  add (summary, 15, GML_EVENT_GC_PHASE, GML_GC_MARK_TERM, 1, 48, 4 << 20);
  add (summary, 16, GML_EVENT_GC_PHASE, GML_GC_SWEEP, 1, 48, 4 << 20);
  add (summary, 17, GML_EVENT_FREE, 0xc000010000, 16, 0, 1);
  add (summary, 18, GML_EVENT_GC_PHASE, GML_GC_OFF, 1, 32, 4 << 20);
  add (summary, 20, GML_EVENT_G_EXIT, 2, 0, 0, 0);
  add (summary, 21, GML_EVENT_PANIC, 1, 0, 0, 0);

  g_assert_cmpuint (gml_run_summary_n_cycles (summary), ==, 1);
  g_assert_cmpuint (gml_run_summary_phase_at (summary, 12, &cycle), ==, GML_GC_MARK);
  g_assert_cmpuint (cycle, ==, 1);
  g_assert_cmpuint (gml_run_summary_phase_at (summary, 3, NULL), ==, GML_GC_OFF);
  g_assert_cmpuint (gml_run_summary_phase_at (summary, 19, NULL), ==, GML_GC_OFF);
  g_assert_cmpuint (gml_run_summary_sample_at (summary, 7)->heap, ==, 48);
  g_assert_cmpuint (gml_run_summary_sample_at (summary, 17)->heap, ==, 32);
  g_assert_cmpuint (gml_run_summary_max_heap (summary), ==, 48);
  /* The main goroutine, implicit, then goroutine 2 from step 8 to 20. */
  g_assert_cmpuint (gml_run_summary_goroutines (summary)->len, ==, 2);
  g_assert_cmpuint (g_array_index (gml_run_summary_goroutines (summary), GmlRunGoroutine, 1).exited, ==, 20);
  g_assert_cmpuint (g_array_index (gml_run_summary_marks (summary), GmlRunMark, 0).kind, ==, GML_RUN_MARK_PANIC);
}

/* Scenes of real runs ---------------------------------------------------- */

static GmlTimeline *
record (const char *source)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlProgram *program = gml_program_load ("./prog.go", source, strlen (source), diags);
  GmlImage *image;
  GmlVmConfig vm_config;
  GmlTimelineConfig config;
  GmlTimeline *timeline;

  g_assert_nonnull (program);
  image = gml_image_build (program, diags);
  g_assert_nonnull (image);
  gml_vm_config_init (&vm_config);
  gml_timeline_config_init (&config);
  timeline = gml_timeline_new (program, image, &vm_config, &config);
  gml_timeline_run (timeline, 10000000);
  g_assert_true (gml_timeline_is_complete (timeline));
  return timeline;
}

/* What the run summary and the inspector read from a recording, a block
 * of events at a time, is what a walk through the events one by one
 * finds: the summary's cycles, goroutines and heap samples, and every
 * object's allocation step. */
static void
test_run_summary_of_recording (void)
{
  static const char src[] =
    "package main\n"
    "\n"
    "type Node struct {\n"
    "\tNext *Node\n"
    "\tV    [6]int\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tvar keep []*Node\n"
    "\tdone := make(chan bool)\n"
    "\tfor g := 0; g < 4; g++ {\n"
    "\t\tgo func() {\n"
    "\t\t\tdone <- true\n"
    "\t\t}()\n"
    "\t}\n"
    "\tfor i := 0; i < 200000; i++ {\n"
    "\t\tn := &Node{V: [6]int{i}}\n"
    "\t\tif i%1000 == 0 {\n"
    "\t\t\tkeep = append(keep, n)\n"
    "\t\t}\n"
    "\t}\n"
    "\tfor g := 0; g < 4; g++ {\n"
    "\t\t<-done\n"
    "\t}\n"
    "\tprintln(len(keep))\n"
    "}\n";
  g_autoptr (GmlTimeline) timeline = record (src);
  g_autoptr (GmlRunSummary) batch = gml_run_summary_new ();
  g_autoptr (GmlRunSummary) one = gml_run_summary_new ();
  guint n = gml_timeline_n_events (timeline), checked = 0;
  guint64 end = gml_timeline_n_steps (timeline);
  GRand *rand = g_rand_new_with_seed (8);
  GmlEvent *all;

  g_assert_cmpuint (n, >, 20 * GML_TIMELINE_EVENT_BLOCK);
  gml_run_summary_update (batch, timeline);
  all = g_new (GmlEvent, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (gml_timeline_event (timeline, i, &all[i]));
      gml_run_summary_add_event (one, &all[i], all[i].kind == GML_EVENT_G_CREATE ? "x" : NULL);
    }
  for (guint i = 0; i < n; i++)
    /* An allocation, found from a later step, unless its slot was freed
     * and allocated again by then: the first and last of each block of
     * events, and others at random. */
    if (all[i].kind == GML_EVENT_ALLOC
        && ((i + 1) % GML_TIMELINE_EVENT_BLOCK <= 1 || g_rand_int_range (rand, 0, 1000) == 0))
      {
        guint64 later = MIN (end, all[i].step + (guint64) g_rand_int_range (rand, 0, 40000));
        guint64 want = all[i].step;

        for (guint k = i + 1; k < n && all[k].step <= later; k++)
          if (all[k].kind == GML_EVENT_ALLOC && all[k].a == all[i].a)
            want = all[k].step;
        g_assert_cmpuint (gml_inspector_find_allocation (timeline, all[i].a, later), ==, want);
        checked++;
      }
  gml_run_summary_set_n_steps (one, end);
  g_assert_cmpuint (checked, >, 50);
  g_assert_cmpuint (gml_run_summary_n_cycles (batch), ==, gml_run_summary_n_cycles (one));
  g_assert_cmpuint (gml_run_summary_n_cycles (batch), >, 0);
  g_assert_cmpuint (gml_run_summary_max_heap (batch), ==, gml_run_summary_max_heap (one));
  g_assert_cmpuint (gml_run_summary_goroutines (batch)->len, ==, gml_run_summary_goroutines (one)->len);
  g_assert_cmpuint (gml_run_summary_goroutines (batch)->len, ==, 5);
  for (guint64 step = 0; step < end; step += 997)
    {
      const GmlRunSample *a = gml_run_summary_sample_at (batch, step), *b = gml_run_summary_sample_at (one, step);

      g_assert_true ((a == NULL) == (b == NULL));
      if (a != NULL)
        g_assert_cmpuint (a->heap, ==, b->heap);
    }
  g_free (all);
  g_rand_free (rand);
}

static GmlScene *
scene_at (GmlTimeline *timeline,
          guint64      step)
{
  g_autoptr (GmlState) state = gml_timeline_state_at (timeline, step);

  return gml_scene_new_from_state (state, gml_timeline_get_program (timeline), gml_timeline_get_image (timeline));
}

/* The first step about to run `line`. */
static guint64
step_at_line (GmlTimeline *timeline,
              guint        line)
{
  guint64 step = gml_timeline_first_at_line (timeline, line);

  g_assert_cmpuint (step, !=, G_MAXUINT64);
  return step;
}

static const char escape_program[] =
  "package main\n"                                  /* 1 */
  "\n"
  "type Point struct {\n"
  "\tX, Y int\n"
  "}\n"
  "\n"
  "func newPoint(x, y int) *Point {\n"              /* 7 */
  "\tp := Point{X: x, Y: y}\n"                      /* 8 */
  "\treturn &p\n"                                   /* 9 */
  "}\n"
  "\n"
  "func main() {\n"                                 /* 12 */
  "\ta := Point{X: 1, Y: 2}\n"                      /* 13 */
  "\tb := newPoint(3, 4)\n"                         /* 14 */
  "\tprintln(a.X, b.Y)\n"                           /* 15 */
  "}\n";

static GmlSceneSlot *
find_slot_named (GmlScene   *scene,
                 const char *func,
                 const char *name)
{
  for (guint i = 0; i < scene->slots->len; i++)
    {
      GmlSceneSlot *slot = gml_scene_slot (scene, i);

      if (g_str_equal (slot->name, name) && g_str_equal (gml_scene_frame (scene, slot->owner)->func, func))
        return slot;
    }
  return NULL;
}

static void
test_state_escaped_variable (void)
{
  g_autoptr (GmlTimeline) timeline = record (escape_program);
  g_autoptr (GmlScene) inside = scene_at (timeline, step_at_line (timeline, 9));
  g_autoptr (GmlScene) after = scene_at (timeline, step_at_line (timeline, 15));
  GmlSceneSlot *p, *a, *b;
  guint32 object;

  /* In newPoint, p lives on the heap: the slot points at it. */
  g_assert_cmpuint (inside->line, ==, 9);
  p = find_slot_named (inside, "newPoint", "p");
  g_assert_nonnull (p);
  g_assert_true (p->flags & GML_SCENE_MOVED);
  g_assert_true (p->flags & GML_SCENE_LINKED);
  g_assert_true (gml_scene_find_object (inside, p->target, &object));
  g_assert_cmpstr (gml_scene_object (inside, object)->var_name, ==, "p");
  g_assert_cmpstr (gml_scene_object (inside, object)->type, ==, "Point");
  g_assert_cmpuint (gml_scene_object (inside, object)->n_fields, ==, 2);
  g_assert_cmpstr (gml_scene_field (inside, gml_scene_object (inside, object)->first_field)->value, ==, "3");

  /* Back in main: a stays in the frame; b points at the same object. */
  a = find_slot_named (after, "main", "a");
  b = find_slot_named (after, "main", "b");
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_false (a->flags & GML_SCENE_MOVED);
  g_assert_cmpstr (a->value, ==, "{1 2}");
  g_assert_true (b->flags & GML_SCENE_POINTER);
  g_assert_cmpuint (b->target, ==, p->target);
  g_assert_cmpstr (after->description, !=, "");
}

static const char gc_program[] =
  "package main\n"
  "\n"
  "import \"runtime\"\n"
  "\n"
  "type Node struct {\n"
  "\tNext *Node\n"
  "\tV    int\n"
  "}\n"
  "\n"
  "func main() {\n"
  "\tvar head *Node\n"
  "\tfor i := 0; i < 20; i++ {\n"
  "\t\thead = &Node{Next: head, V: i}\n"
  "\t}\n"
  "\tkeep := head.Next.Next\n"
  "\thead = nil\n"
  "\truntime.GC()\n"
  "\tprintln(keep.V)\n"
  "}\n";

/* Mark phases colour objects; sweeping frees the unreachable nodes. */
static void
test_state_gc_colours (void)
{
  g_autoptr (GmlTimeline) timeline = record (gc_program);
  guint64 mark = gml_timeline_find_gc_start (timeline, 0, GML_NAV_FORWARD);
  guint64 n = gml_timeline_n_steps (timeline);
  guint64 before_nodes = 0, after_nodes = 0;
  gboolean saw[4] = { FALSE };
  guint64 step;

  g_assert_cmpuint (mark, !=, G_MAXUINT64);
  for (step = mark; step < n; step++)
    {
      g_autoptr (GmlScene) scene = scene_at (timeline, step);

      if (scene->gc.phase_id == GML_GC_MARK)
        {
          g_assert_true (scene->marking);
          for (guint i = 0; i < scene->objects->len; i++)
            saw[gml_scene_object (scene, i)->color] = TRUE;
        }
      if (scene->gc.phase_id == GML_GC_OFF && scene->gc.numgc > 0)
        break;
    }
  g_assert_true (saw[GML_SCENE_GC_BLACK]);
  g_assert_true (saw[GML_SCENE_GC_WHITE]);

  {
    g_autoptr (GmlScene) before = scene_at (timeline, mark);
    g_autoptr (GmlScene) after = scene_at (timeline, step);

    for (guint i = 0; i < before->objects->len; i++)
      before_nodes += g_str_equal (gml_scene_object (before, i)->type, "Node");
    for (guint i = 0; i < after->objects->len; i++)
      after_nodes += g_str_equal (gml_scene_object (after, i)->type, "Node");
    g_assert_false (after->marking);
  }
  g_assert_cmpuint (before_nodes, ==, 20);
  /* keep reaches 18 nodes (the list below head.Next.Next). */
  g_assert_cmpuint (after_nodes, ==, 18);
}

static const char deep_program[] =
  "package main\n"
  "\n"
  "func down(n int) int {\n"
  "\tif n == 0 {\n"
  "\t\treturn 0\n"
  "\t}\n"
  "\treturn down(n-1) + 1\n"
  "}\n"
  "\n"
  "func main() {\n"
  "\tprintln(down(5000))\n"
  "}\n";

/* A deep stack is summarised; its stack grew by copying on the way. */
static void
test_state_deep_stack (void)
{
  g_autoptr (GmlTimeline) timeline = record (deep_program);
  g_autoptr (GmlScene) scene = scene_at (timeline, step_at_line (timeline, 5));
  GmlSceneGoroutine *g = gml_scene_goroutine (scene, 0);
  guint elided = 0;

  g_assert_cmpuint (g->n_frames, >, 5000);
  g_assert_cmpuint (g->n_scene_frames, <=, GML_SCENE_INNER_FRAMES + GML_SCENE_OUTER_FRAMES + 1);
  for (guint f = 0; f < g->n_scene_frames; f++)
    if (gml_scene_frame (scene, g->first_frame + f)->flags & GML_SCENE_ELIDED)
      elided += gml_scene_frame (scene, g->first_frame + f)->n_elided;
  g_assert_cmpuint (elided + g->n_scene_frames - 1, ==, g->n_frames);
  g_assert_cmpuint (g->stack_hi - g->stack_lo, >, 2048);
  g_assert_cmpuint (g->line, ==, 5);
}

static const char values_program[] =
  "package main\n"
  "\n"
  "import (\n"
  "\t\"errors\"\n"
  "\t\"fmt\"\n"
  ")\n"
  "\n"
  "type Point struct{ X, Y int }\n"
  "\n"
  "type Person struct {\n"
  "\tName  string\n"
  "\tAge   int\n"
  "\tScore float64\n"
  "\tTags  []string\n"
  "\tBest  *Point\n"
  "}\n"
  "\n"
  "func main() {\n"
  "\tp := &Person{Name: \"Ada \\\"Lovelace\\\"\", Age: 36, Score: 98.5, Tags: []string{\"math\", \"poetry\"}, Best: &Point{3, -4}}\n"
  "\tm := map[string]int{\"one\": 1, \"two\": 2}\n"
  "\terr := errors.New(\"invalid value: 42%\")\n"
  "\tvar nothing *Point\n"
  "\tb := []byte(\"bytes!\")\n"
  "\tch := make(chan bool, 1)\n"
  "\tfmt.Println(p.Name, m[\"one\"], err, nothing == nil, len(b), cap(ch))\n"
  "}\n";

/* Quick labels on a real run's labels -- strings with quotes, negative
 * numbers, floats, errors, maps, nil -- draw as layouts do, as nodes
 * and in the objects' images. */
static void
test_state_quick_labels (void)
{
  g_autoptr (GmlTimeline) timeline = record (values_program);
  g_autoptr (GmlScene) scene = scene_at (timeline, step_at_line (timeline, 25));

  for (guint images = 0; images < 2; images++)
    {
      g_autoptr (GmlPainter) quick = new_painter ();
      g_autoptr (GmlPainter) layouts = new_painter ();
      GmlPainterView view = { .mode = GML_PAINTER_OBJECTS, .zoom = 1, .width = 1200, .height = 900,
                              .cairo_renderer = images };
      g_autoptr (GskRenderNode) a = NULL;
      g_autoptr (GskRenderNode) b = NULL;
      guint differ;

      gml_scene_layout_for_width (scene, gml_painter_get_metrics (quick), 1200);
      gml_painter_set_quick_labels (layouts, FALSE);
      gml_painter_set_cache_images (layouts, images);
      gml_painter_set_cache_images (quick, images);
      a = paint (layouts, scene, &view);
      b = paint (quick, scene, &view);
      differ = count_differing (a, b, 1200, 900);
      g_test_message ("images %u: %u of %u bytes differ", images, differ, 1200 * 900 * 4);
      g_assert_cmpuint (differ, <, 200);
    }
}

static const char stack_object_program[] =
  "package main\n"
  "\n"
  "type Point struct{ X, Y int }\n"
  "\n"
  "var kept *Point\n"
  "\n"
  "func main() {\n"
  "\tp := &Point{X: 1, Y: -2}\n"
  "\tq := &Point{X: 3, Y: 4}\n"
  "\tkept = q\n"
  "\tprintln(p.X + q.Y)\n"
  "}\n";

/* A &T{} that does not escape is a stack object: a slot in the frame
 * named after its pointer, which points to it there; one that escapes
 * is a heap object, and has no such slot. */
static void
test_state_stack_object (void)
{
  g_autoptr (GmlTimeline) timeline = record (stack_object_program);
  g_autoptr (GmlScene) scene = scene_at (timeline, step_at_line (timeline, 11));
  gint p = -1, star_p = -1, q = -1;
  gboolean linked = FALSE;

  for (guint i = 0; i < scene->slots->len; i++)
    {
      GmlSceneSlot *slot = gml_scene_slot (scene, i);

      if (g_str_equal (slot->name, "p"))
        p = (gint) i;
      else if (g_str_equal (slot->name, "q"))
        q = (gint) i;
      else if (g_str_equal (slot->name, "*p"))
        star_p = (gint) i;
      g_assert_false (g_str_equal (slot->name, "*q"));
    }
  g_assert_cmpint (p, >=, 0);
  g_assert_cmpint (q, >=, 0);
  g_assert_cmpint (star_p, >=, 0);
  g_assert_true (gml_scene_slot (scene, star_p)->flags & GML_SCENE_STACK_OBJECT);
  g_assert_cmpstr (gml_scene_slot (scene, star_p)->type, ==, "Point");
  g_assert_cmpstr (gml_scene_slot (scene, star_p)->value, ==, "{1 -2}");
  g_assert_cmpuint (gml_scene_slot (scene, star_p)->owner, ==, gml_scene_slot (scene, p)->owner);
  for (guint i = 0; i < scene->arrows->len; i++)
    {
      GmlSceneArrow *a = &g_array_index (scene->arrows, GmlSceneArrow, i);

      if (a->from_kind == GML_SCENE_FROM_SLOT && a->from == (guint32) p)
        {
          g_assert_cmpint (a->to_kind, ==, GML_SCENE_TO_SLOT);
          g_assert_cmpuint (a->to, ==, (guint32) star_p);
          linked = TRUE;
        }
    }
  g_assert_true (linked);
}

/* The bounds of the text nodes under `node`, in the scene's coordinates
 * (the painter only translates). */
static void
collect_text_bounds (GskRenderNode *node,
                     double         dx,
                     double         dy,
                     GArray        *out)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      {
        graphene_rect_t b;

        gsk_render_node_get_bounds (node, &b);
        b.origin.x += dx;
        b.origin.y += dy;
        g_array_append_val (out, b);
      }
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_text_bounds (gsk_container_node_get_child (node, i), dx, dy, out);
      break;
    case GSK_TRANSFORM_NODE:
      {
        float tx = 0, ty = 0;

        gsk_transform_to_translate (gsk_transform_node_get_transform (node), &tx, &ty);
        collect_text_bounds (gsk_transform_node_get_child (node), dx + tx, dy + ty, out);
      }
      break;
    case GSK_CLIP_NODE:
      collect_text_bounds (gsk_clip_node_get_child (node), dx, dy, out);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      collect_text_bounds (gsk_rounded_clip_node_get_child (node), dx, dy, out);
      break;
    case GSK_OPACITY_NODE:
      collect_text_bounds (gsk_opacity_node_get_child (node), dx, dy, out);
      break;
    default:
      break;
    }
}

/* The step a stack is copied to a bigger block is marked, with the old
 * size, against the step before. */
static void
test_state_stack_growth (void)
{
  g_autoptr (GmlTimeline) timeline = record (deep_program);
  guint64 grow = gml_timeline_find_event (timeline, 0, GML_EVENT_STACK_GROW, GML_NAV_FORWARD);
  g_autoptr (GmlScene) before = NULL;
  g_autoptr (GmlScene) after = NULL;
  GmlSceneGoroutine *g;

  g_assert_cmpuint (grow, !=, G_MAXUINT64);
  before = scene_at (timeline, grow - 1);
  after = scene_at (timeline, grow);
  gml_scene_diff (after, before);
  g = gml_scene_goroutine (after, 0);
  g_assert_true (g->flags & GML_SCENE_GREW);
  g_assert_cmpuint (g->old_stack_hi - g->old_stack_lo, ==, 2048);
  g_assert_cmpuint (g->stack_hi - g->stack_lo, ==, 4096);
  g_assert_cmpuint (g->stack_lo, !=, g->old_stack_lo);

  /* The header's second row says so beside the status, which does not
   * run under it however narrow the card (the stack grew from 2 KiB to
   * 512 MiB in one jump of the playhead, say). */
  {
    g_autoptr (GmlPainter) painter = new_painter ();
    GmlPainterView view = { .mode = GML_PAINTER_OBJECTS, .zoom = 1, .width = 1200, .height = 900 };
    g_autoptr (GskRenderNode) node = NULL;
    g_autoptr (GArray) texts = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
    const GmlSceneMetrics *m = gml_painter_get_metrics (painter);
    double row = ceil (m->line_height * 1.45);   /* the painter's row */
    guint in_row = 0;

    gml_scene_layout_for_width (after, m, 1000);
    g->old_stack_lo = 0;
    g->old_stack_hi = 2048;
    g->stack_lo = 0;
    g->stack_hi = (guint64) 512 << 20;
    node = paint (painter, after, &view);
    collect_text_bounds (node, 0, 0, texts);
    for (guint i = 0; i < texts->len; i++)
      {
        const graphene_rect_t *a = &g_array_index (texts, graphene_rect_t, i);
        double mid = a->origin.y + a->size.height / 2;

        if (mid < g->rect.y + row || mid > g->rect.y + 2 * row
            || a->origin.x < g->rect.x || a->origin.x > g->rect.x + g->rect.width)
          continue;
        in_row++;
        g_assert_cmpfloat (a->origin.x + a->size.width, <=, g->rect.x + g->rect.width + 0.5);
        for (guint j = i + 1; j < texts->len; j++)
          {
            const graphene_rect_t *b = &g_array_index (texts, graphene_rect_t, j);
            double bmid = b->origin.y + b->size.height / 2;

            if (bmid < g->rect.y + row || bmid > g->rect.y + 2 * row)
              continue;
            g_assert_false (a->origin.x < b->origin.x + b->size.width && b->origin.x < a->origin.x + a->size.width);
          }
      }
    g_assert_cmpuint (in_row, ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");
  /* Drawing without a display: node types register lazily in GTK 4.8. */
  g_type_ensure (GSK_TYPE_COLOR_NODE);

  g_test_add_func ("/ui/canvas/layout/nests-and-separates", test_layout_nests_and_separates);
  g_test_add_func ("/ui/canvas/layout/follows-text-size", test_layout_follows_text_size);
  g_test_add_func ("/ui/canvas/layout/narrow", test_layout_narrow_stacks_heap);
  g_test_add_func ("/ui/canvas/layout/hit-testing", test_hit_testing);
  g_test_add_func ("/ui/canvas/scene/links-and-lookups", test_links_and_lookups);
  g_test_add_func ("/ui/canvas/scene/diff", test_diff_marks_changes);
  g_test_add_func ("/ui/canvas/scene/transition", test_transition_matches);
  g_test_add_func ("/ui/canvas/painter/levels-of-detail", test_painter_levels_of_detail);
  g_test_add_func ("/ui/canvas/painter/culls-offscreen", test_painter_culls_offscreen);
  g_test_add_func ("/ui/canvas/painter/keeps-selected-pointer", test_painter_keeps_selected_pointer);
  g_test_add_func ("/ui/canvas/painter/arena", test_painter_arena);
  g_test_add_func ("/ui/canvas/painter/caches-objects", test_painter_caches_objects);
  g_test_add_func ("/ui/canvas/painter/batches-boxes", test_painter_batches_boxes);
  g_test_add_func ("/ui/canvas/painter/white-outline", test_painter_white_outline);
  g_test_add_func ("/ui/canvas/painter/trims-gradually", test_painter_trims_gradually);
  g_test_add_func ("/ui/canvas/painter/quick-labels", test_painter_quick_labels);
  g_test_add_func ("/ui/canvas/run-summary", test_run_summary);
  g_test_add_func ("/ui/canvas/state/escaped-variable", test_state_escaped_variable);
  g_test_add_func ("/ui/canvas/state/gc-colours", test_state_gc_colours);
  g_test_add_func ("/ui/canvas/state/run-summary-of-recording", test_run_summary_of_recording);
  g_test_add_func ("/ui/canvas/state/deep-stack", test_state_deep_stack);
  g_test_add_func ("/ui/canvas/state/stack-growth", test_state_stack_growth);
  g_test_add_func ("/ui/canvas/state/quick-labels", test_state_quick_labels);
  g_test_add_func ("/ui/canvas/state/stack-object", test_state_stack_object);

  return g_test_run ();
}
