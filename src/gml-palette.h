/* gml-palette.h: the colours of the custom-drawn widgets.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 has no gtk_widget_get_color(), so the canvas and the scrubber
 * keep their own palette, switched on AdwStyleManager:dark and
 * :high-contrast, in the spirit of libadwaita's named colours. The GC
 * colours never rely on hue alone: the canvas pairs each with a border
 * style and a text badge.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct
{
  GdkRGBA bg;            /* canvas background */
  GdkRGBA fg;
  GdkRGBA dim;           /* secondary text */
  GdkRGBA faint;         /* hairlines, grid */
  GdkRGBA card;          /* boxes */
  GdkRGBA border;
  GdkRGBA accent;
  GdkRGBA accent_fg;     /* text on accent */
  GdkRGBA highlight;     /* "changed since the last viewed step" */
  GdkRGBA frame_header;
  GdkRGBA frame_active;  /* the frame that runs the next step */
  GdkRGBA free_space;
  GdkRGBA guard;         /* stripes */
  GdkRGBA arrow;
  GdkRGBA nil;
  GdkRGBA heap_badge;
  GdkRGBA stack_badge;
  GdkRGBA gc_white;
  GdkRGBA gc_white_fg;
  GdkRGBA gc_grey;
  GdkRGBA gc_grey_fg;
  GdkRGBA gc_black;
  GdkRGBA gc_black_fg;
  /* Lessons: what a narration card points at; a pick quiz's results. */
  GdkRGBA lesson;
  GdkRGBA right;
  GdkRGBA wrong;
  GdkRGBA missed;
  /* Scrubber. */
  GdkRGBA heap_area;
  GdkRGBA heap_goal;
  GdkRGBA phase[5];      /* GmlGcPhase: idle, sweep term, mark, mark term, sweep */
  GdkRGBA lane;
  GdkRGBA panic;
  GdkRGBA playhead;
  double  stroke;        /* base line width */
  gboolean high_contrast;
  gboolean dark;
} GmlPalette;

/* The palette for the current style. */
void gml_palette_init (GmlPalette *palette,
                       gboolean    dark,
                       gboolean    high_contrast);
void gml_palette_init_for_style (GmlPalette      *palette,
                                 AdwStyleManager *style_manager);

G_END_DECLS
