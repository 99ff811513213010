/* bench-canvas.c: how long the memory canvas takes to draw a frame.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scene of 10,000 heap objects and 100 goroutines (made up, with the
 * shape of real ones: a mark phase, so all GC colours appear, and
 * pointers from stacks and fields), drawn offscreen at 1280×800 the way
 * the canvas draws it (GmlPainter into a GtkSnapshot) and rasterised with
 * GTK's cairo renderer, with no display. One frame is snapshot plus
 * render into a reused 1280×800 surface, as the cairo renderer paints a
 * window; it is timed in the thread's CPU time, so a busy machine does
 * not inflate it (wall time is printed too). The frames cover what
 * people do:
 *
 *   pan-100     panning at 100% zoom (labels, fields, arrows);
 *   pan-40      panning at 40% (boxes without text);
 *   fit         the whole heap at once (each span one strip);
 *   transition  the animation between two steps at 100%.
 *
 * Output, one line each, then the summary line:
 *   bench: canvas-10k/pan-100 frame_ms_p50=… frame_ms_p99=…
 *   bench: canvas-10k frame_ms_p50=… frame_ms_p99=…
 *
 * Run: meson test -C BUILD --benchmark --verbose canvas-10k, or
 * BUILD/bench/bench-canvas [--frames N].
 */
#include "config.h"

#include <gtk/gtk.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <time.h>

#include "gml-painter.h"
#include "gml-scene-synthetic.h"

#define WIDTH  1280
#define HEIGHT 800
#define N_OBJECTS 10000
#define N_GOROUTINES 100

typedef struct
{
  GmlPainter      *painter;
  cairo_surface_t *surface;  /* the window, as it were */
  GArray          *all;      /* double ms, every frame */
  double           wall;     /* ms, every frame */
} Bench;

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* What GskCairoRenderer does for a window: clear, then draw the frame's
 * node with cairo. */
static double
draw_frame (Bench                *b,
            GmlScene             *scene,
            const GmlPainterView *view)
{
  gint64 wall = g_get_monotonic_time ();
  double start = cpu_ms ();
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  cairo_t *cr;

  gml_painter_draw (b->painter, snapshot, scene, view);
  gml_painter_draw_marks (b->painter, snapshot, scene, view);
  node = gtk_snapshot_free_to_node (snapshot);
  cr = cairo_create (b->surface);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (b->surface);
  gsk_render_node_unref (node);

  b->wall += (g_get_monotonic_time () - wall) / 1000.0;
  return cpu_ms () - start;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            double  p)
{
  g_autoptr (GArray) sorted = g_array_copy (ms);
  guint i;

  g_array_sort (sorted, compare_double);
  i = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

static void
report (const char *name,
        GArray     *ms)
{
  printf ("bench: canvas-10k%s%s frame_ms_p50=%.2f frame_ms_p99=%.2f frames=%u\n",
          name != NULL ? "/" : "", name != NULL ? name : "",
          percentile (ms, 0.5), percentile (ms, 0.99), ms->len);
}

/* Frames panning over the scene at `zoom`, left to right and down. */
static void
run_pan (Bench      *b,
         GmlScene   *scene,
         const char *name,
         double      zoom,
         guint       frames)
{
  g_autoptr (GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  double max_x = MAX (scene->width * zoom - WIDTH, 0);
  double max_y = MAX (scene->height * zoom - HEIGHT, 0);

  for (guint i = 0; i < frames; i++)
    {
      double f = frames > 1 ? (double) i / (frames - 1) : 0;
      GmlPainterView view = {
        .mode = GML_PAINTER_OBJECTS,
        .zoom = zoom,
        .x = max_x * f,
        .y = max_y * (f * f),
        .width = WIDTH,
        .height = HEIGHT,
        .cairo_renderer = TRUE,
        .selected_kind = GML_SCENE_ITEM_OBJECT,
        .selected = i % scene->objects->len,
      };
      double t = draw_frame (b, scene, &view);

      g_array_append_val (ms, t);
      g_array_append_val (b->all, t);
    }
  report (name, ms);
}

static void
run_transition (Bench    *b,
                GmlScene *from,
                GmlScene *to,
                guint     frames)
{
  g_autoptr (GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GmlSceneTransition) transition = gml_scene_transition_new (from, to);

  for (guint i = 0; i < frames; i++)
    {
      GmlPainterView view = {
        .mode = GML_PAINTER_OBJECTS,
        .zoom = 1,
        .width = WIDTH,
        .height = HEIGHT,
        .cairo_renderer = TRUE,
        .transition = transition,
        .t = (double) (i % 23) / 22,
      };
      double t = draw_frame (b, to, &view);

      g_array_append_val (ms, t);
      g_array_append_val (b->all, t);
    }
  report ("transition", ms);
}

int
main (int   argc,
      char *argv[])
{
  guint frames = 120;
  PangoContext *context = NULL;
  g_autoptr (PangoFontDescription) font = NULL;
  g_autoptr (GmlScene) scene = NULL;
  g_autoptr (GmlScene) next = NULL;
  GmlPalette palette;
  Bench b = { 0 };
  double fit;

  if (argc > 2 && g_str_equal (argv[1], "--frames"))
    frames = MAX (atoi (argv[2]), 1);

  /* Drawing without a display: node types register lazily in GTK 4.8. */
  g_type_ensure (GSK_TYPE_COLOR_NODE);
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  font = pango_font_description_from_string ("Cantarell 11");
  pango_context_set_font_description (context, font);

  b.painter = gml_painter_new (context);
  gml_palette_init (&palette, FALSE, FALSE);
  gml_painter_set_palette (b.painter, &palette);
  b.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  b.all = g_array_new (FALSE, FALSE, sizeof (double));

  scene = gml_scene_new_synthetic (N_GOROUTINES, N_OBJECTS, 1);
  next = gml_scene_new_synthetic (N_GOROUTINES, N_OBJECTS, 2);
  gml_scene_layout_for_width (scene, gml_painter_get_metrics (b.painter), WIDTH);
  gml_scene_layout_for_width (next, gml_painter_get_metrics (b.painter), WIDTH);
  gml_scene_diff (next, scene);
  fit = MIN ((double) WIDTH / scene->width, (double) HEIGHT / scene->height);

  /* Warm up the label cache, as a running canvas has it. */
  run_pan (&b, scene, "warm-up", 1.0, 4);
  g_array_set_size (b.all, 0);
  b.wall = 0;

  run_pan (&b, scene, "pan-100", 1.0, frames);
  run_pan (&b, scene, "pan-40", 0.4, frames);
  run_pan (&b, scene, "fit", fit, frames);
  run_transition (&b, scene, next, frames);
  report (NULL, b.all);
  printf ("# wall-clock mean %.2f ms a frame (the CPU-time figures above exclude waiting on a busy machine)\n",
          b.wall / MAX (b.all->len, 1));

  cairo_surface_destroy (b.surface);
  gml_painter_free (b.painter);
  g_object_unref (context);
  g_array_unref (b.all);
  return 0;
}
