/* gml-painter.h: draws a scene into a GtkSnapshot, with or without a widget.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The painter is the canvas's drawing code without the widget: the canvas
 * owns one, and so do the benchmark and the exporters, which render with
 * no display at all (a PangoContext from pango-cairo and the cairo GSK
 * renderer). It keeps the shaped text of labels between frames, picks the
 * level of detail from the zoom, and draws only what is visible.
 */
#pragma once

#include <gtk/gtk.h>

#include "gml-palette.h"
#include "gml-scene.h"
#include "gml-scene-transition.h"

G_BEGIN_DECLS

/* With more pointers than this, hover and selection can change which
 * pointers are drawn in full (see the ink budget in gml-painter.c), so
 * they invalidate the static layer. */
#define GML_PAINTER_MAX_ARROWS 60

typedef enum
{
  GML_PAINTER_OBJECTS,   /* stacks, heap objects, pointers */
  GML_PAINTER_ARENA,     /* pages and spans with occupancy */
} GmlPainterMode;

/* Marks a lesson puts on items: what a narration card points at, and
 * the objects of a pick quiz. Never colour alone: results carry a
 * label ("✓ right"). */
typedef enum
{
  GML_PAINTER_MARK_HIGHLIGHT,
  GML_PAINTER_MARK_PICKED,
  GML_PAINTER_MARK_RIGHT,
  GML_PAINTER_MARK_WRONG,
  GML_PAINTER_MARK_MISSED,
  GML_PAINTER_MARK_ANSWER,
} GmlPainterMarkStyle;

typedef struct
{
  GmlSceneItemKind     kind;
  guint32              index;
  GmlPainterMarkStyle  style;
} GmlPainterMark;

typedef struct
{
  GmlPainterMode        mode;
  double                zoom;
  double                x, y;           /* scroll offset, in widget pixels */
  double                width, height;  /* the viewport */
  double                scale;          /* device pixels a widget pixel; 0 is 1 */
  gboolean              cairo_renderer; /* drawn by GTK's cairo renderer */
  GmlSceneTransition   *transition;     /* NULL when not animating */
  double                t;              /* transition progress, 0 to 1 */
  GmlSceneItemKind      selected_kind;
  guint32               selected;
  GmlSceneItemKind      hover_kind;
  guint32               hover;
  const GmlPainterMark *marks;          /* drawn with hover and selection */
  guint                 n_marks;
} GmlPainterView;

typedef struct _GmlPainter GmlPainter;

GmlPainter *gml_painter_new          (PangoContext     *context);
void        gml_painter_free         (GmlPainter       *painter);

/* Text follows the context's font; `scale` grows it (presentation mode). */
void        gml_painter_set_context  (GmlPainter       *painter,
                                      PangoContext     *context,
                                      double            scale);
void        gml_painter_set_palette  (GmlPainter       *painter,
                                      const GmlPalette *palette);
/* Thicker strokes for projectors. */
void        gml_painter_set_stroke_scale (GmlPainter   *painter,
                                          double        scale);
/* Whether, for the cairo renderer, heap objects at full detail are drawn
 * from images kept from frame to frame, and zoomed-out ones are gathered
 * into one fill a colour (the default); off, every frame draws each
 * object as nodes of its own. */
void        gml_painter_set_cache_images (GmlPainter   *painter,
                                          gboolean      cache);
const GmlSceneMetrics *gml_painter_get_metrics (GmlPainter *painter);

/* The size of what `mode` draws of the laid-out scene, in canvas units. */
void        gml_painter_get_size     (GmlPainter       *painter,
                                      GmlScene         *scene,
                                      GmlPainterMode    mode,
                                      double           *width,
                                      double           *height);
/* The static layer: background, stacks, heap, arrows. */
void        gml_painter_draw         (GmlPainter       *painter,
                                      GtkSnapshot      *snapshot,
                                      GmlScene         *scene,
                                      const GmlPainterView *view);
/* Hover and selection outlines, drawn on top of the static layer. */
void        gml_painter_draw_marks   (GmlPainter       *painter,
                                      GtkSnapshot      *snapshot,
                                      GmlScene         *scene,
                                      const GmlPainterView *view);
/* Whether labels that are one short run of ASCII are shaped without a
 * PangoLayout (the default), which draws them the same (for tests). */
void        gml_painter_set_quick_labels (GmlPainter   *painter,
                                          gboolean      quick);
/* Labels kept for reuse (for tests). */
guint       gml_painter_n_cached_labels (GmlPainter    *painter);
/* Images of heap objects kept (gml_painter_set_cache_images). */
guint       gml_painter_n_cached_images (GmlPainter    *painter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlPainter, gml_painter_free)

G_END_DECLS
