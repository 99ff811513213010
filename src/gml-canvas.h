/* gml-canvas.h: the memory canvas.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gml-painter.h"
#include "gml-session.h"

G_BEGIN_DECLS

#define GML_TYPE_CANVAS (gml_canvas_get_type ())

G_DECLARE_FINAL_TYPE (GmlCanvas, gml_canvas, GML, CANVAS, GtkWidget)

GtkWidget      *gml_canvas_new           (void);
GmlSession     *gml_canvas_get_session   (GmlCanvas      *self);
void            gml_canvas_set_session   (GmlCanvas      *self,
                                          GmlSession     *session);
GmlPainterMode  gml_canvas_get_mode      (GmlCanvas      *self);
void            gml_canvas_set_mode      (GmlCanvas      *self,
                                          GmlPainterMode  mode);

/* Zoom keeping the content under (x, y) in place (widget coordinates). */
void            gml_canvas_zoom_at       (GmlCanvas      *self,
                                          double          factor,
                                          double          x,
                                          double          y);
void            gml_canvas_zoom_to_fit   (GmlCanvas      *self);
/* Scrolls so that the item of the current scene is visible. */
void            gml_canvas_reveal        (GmlCanvas        *self,
                                          GmlSceneItemKind  kind,
                                          guint32           index);

/* For tests: what the canvas shows now. */
GmlPainter     *gml_canvas_get_painter   (GmlCanvas      *self);
/* The lesson marks drawn now (highlights, picks). */
const GmlPainterMark *gml_canvas_get_marks (GmlCanvas    *self,
                                            guint        *n_marks);
gboolean        gml_canvas_is_animating  (GmlCanvas      *self);
GmlSceneItemKind gml_canvas_get_selected (GmlCanvas      *self,
                                          guint32        *index);
/* Widget coordinates of the centre of an item of the current scene. */
gboolean        gml_canvas_item_point    (GmlCanvas        *self,
                                          GmlSceneItemKind  kind,
                                          guint32           index,
                                          double           *x,
                                          double           *y);

G_END_DECLS
