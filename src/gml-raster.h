/* gml-raster.h: anti-aliased lines and small shapes into a coverage mask.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _GmlRaster GmlRaster;

/* A mask over the viewport rectangle (x, y, width, height), in widget
 * pixels, with `scale` device pixels to a widget pixel. */
GmlRaster       *gml_raster_new            (int         x,
                                            int         y,
                                            int         width,
                                            int         height,
                                            double      scale);
void             gml_raster_free           (GmlRaster  *raster);
/* `raster` cleared for drawing again if it has this geometry (cheaper
 * than a new one: only what was drawn is cleared), else a new raster
 * in place of it (which may be NULL). A recording that still holds the
 * surface keeps what it recorded: cairo copies it first. */
GmlRaster       *gml_raster_reuse          (GmlRaster  *raster,
                                            int         x,
                                            int         y,
                                            int         width,
                                            int         height,
                                            double      scale);

/* Drawing coordinates map to widget pixels as p * zoom + (dx, dy). */
void             gml_raster_set_transform  (GmlRaster  *raster,
                                            double      zoom,
                                            double      dx,
                                            double      dy);
/* In drawing units, like cairo_set_line_width (). */
void             gml_raster_set_line_width (GmlRaster  *raster,
                                            double      width);
/* What full coverage writes, 0 to 1. */
void             gml_raster_set_alpha      (GmlRaster  *raster,
                                            double      alpha);

/* Strokes as it goes, with round caps and joins; where lines cross, the
 * mask keeps the larger coverage. */
void             gml_raster_move_to        (GmlRaster  *raster,
                                            double      x,
                                            double      y);
void             gml_raster_line_to        (GmlRaster  *raster,
                                            double      x,
                                            double      y);
void             gml_raster_curve_to       (GmlRaster  *raster,
                                            double      x1,
                                            double      y1,
                                            double      x2,
                                            double      y2,
                                            double      x3,
                                            double      y3);
void             gml_raster_fill_circle    (GmlRaster  *raster,
                                            double      x,
                                            double      y,
                                            double      radius);
void             gml_raster_fill_triangle  (GmlRaster  *raster,
                                            double      x0,
                                            double      y0,
                                            double      x1,
                                            double      y1,
                                            double      x2,
                                            double      y2);

/* The widget-pixel rectangle holding everything drawn; FALSE if nothing
 * was. */
gboolean         gml_raster_get_extents    (GmlRaster  *raster,
                                            cairo_rectangle_int_t *extents);
/* Coverage at device pixel (x, y) of the mask, 0 to 255. */
guint8           gml_raster_get_coverage   (GmlRaster  *raster,
                                            int         x,
                                            int         y);
/* An A8 surface to use as a mask in widget pixels (its device offset and
 * scale are set): cairo_mask_surface (cr, surface, 0, 0). */
cairo_surface_t *gml_raster_get_surface    (GmlRaster  *raster);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlRaster, gml_raster_free)

G_END_DECLS
