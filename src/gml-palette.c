/* gml-palette.c: the colours of the custom-drawn widgets.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hues come from the GNOME palette (blue, purple, orange, red, greens)
 * so the canvas sits well beside libadwaita's widgets.
 */
#include "config.h"

#include "gml-palette.h"

static GdkRGBA
rgba (guint32 rgb,
      double  alpha)
{
  return (GdkRGBA) {
    ((rgb >> 16) & 0xff) / 255.0,
    ((rgb >> 8) & 0xff) / 255.0,
    (rgb & 0xff) / 255.0,
    alpha,
  };
}

static void
init_light (GmlPalette *p)
{
  p->bg = rgba (0xf6f5f4, 1);
  p->fg = rgba (0x000000, 0.82);
  p->dim = rgba (0x000000, 0.55);
  p->faint = rgba (0x000000, 0.10);
  p->card = rgba (0xffffff, 1);
  p->border = rgba (0x000000, 0.22);
  p->accent = rgba (0x3584e4, 1);
  p->accent_fg = rgba (0xffffff, 1);
  p->highlight = rgba (0xf6d32d, 0.45);
  p->frame_header = rgba (0xdeddda, 1);
  p->frame_active = rgba (0x99c1f1, 1);
  p->free_space = rgba (0x000000, 0.025);
  p->guard = rgba (0xe01b24, 0.22);
  p->arrow = rgba (0x813d9c, 0.85);
  p->nil = rgba (0x000000, 0.45);
  p->heap_badge = rgba (0xc64600, 1);
  p->stack_badge = rgba (0x26a269, 1);
  p->gc_white = rgba (0xffffff, 1);
  p->gc_white_fg = rgba (0x000000, 0.82);
  p->gc_grey = rgba (0x9a9996, 1);
  p->gc_grey_fg = rgba (0x000000, 0.9);
  p->gc_black = rgba (0x241f31, 1);
  p->gc_black_fg = rgba (0xffffff, 1);
  p->lesson = rgba (0x9141ac, 1);
  p->right = rgba (0x26a269, 1);
  p->wrong = rgba (0xc01c28, 1);
  p->missed = rgba (0xe66100, 1);
  p->heap_area = rgba (0x3584e4, 0.35);
  p->heap_goal = rgba (0xc64600, 1);
  p->phase[0] = rgba (0x000000, 0);
  p->phase[1] = rgba (0xe01b24, 0.9);
  p->phase[2] = rgba (0xf5c211, 0.9);
  p->phase[3] = rgba (0xe01b24, 0.9);
  p->phase[4] = rgba (0x33d17a, 0.8);
  p->lane = rgba (0x000000, 0.06);
  p->panic = rgba (0xe01b24, 1);
  p->playhead = rgba (0x1c71d8, 1);
}

static void
init_dark (GmlPalette *p)
{
  p->bg = rgba (0x242424, 1);
  p->fg = rgba (0xffffff, 1);
  p->dim = rgba (0xffffff, 0.6);
  p->faint = rgba (0xffffff, 0.12);
  p->card = rgba (0x383838, 1);
  p->border = rgba (0xffffff, 0.25);
  p->accent = rgba (0x78aeed, 1);
  p->accent_fg = rgba (0x000000, 0.87);
  p->highlight = rgba (0xf6d32d, 0.32);
  p->frame_header = rgba (0x4a4a4a, 1);
  p->frame_active = rgba (0x1a5fb4, 1);
  p->free_space = rgba (0xffffff, 0.03);
  p->guard = rgba (0xff7b63, 0.3);
  p->arrow = rgba (0xdc8add, 0.9);
  p->nil = rgba (0xffffff, 0.5);
  p->heap_badge = rgba (0xffa348, 1);
  p->stack_badge = rgba (0x8ff0a4, 1);
  p->gc_white = rgba (0xf6f5f4, 1);
  p->gc_white_fg = rgba (0x000000, 0.87);
  p->gc_grey = rgba (0x77767b, 1);
  p->gc_grey_fg = rgba (0xffffff, 1);
  p->gc_black = rgba (0x000000, 1);
  p->gc_black_fg = rgba (0xffffff, 1);
  p->lesson = rgba (0xdc8add, 1);
  p->right = rgba (0x57e389, 1);
  p->wrong = rgba (0xff7b63, 1);
  p->missed = rgba (0xffa348, 1);
  p->heap_area = rgba (0x78aeed, 0.35);
  p->heap_goal = rgba (0xffa348, 1);
  p->phase[0] = rgba (0x000000, 0);
  p->phase[1] = rgba (0xff7b63, 0.9);
  p->phase[2] = rgba (0xf8e45c, 0.85);
  p->phase[3] = rgba (0xff7b63, 0.9);
  p->phase[4] = rgba (0x57e389, 0.7);
  p->lane = rgba (0xffffff, 0.07);
  p->panic = rgba (0xff7b63, 1);
  p->playhead = rgba (0x78aeed, 1);
}

/* High contrast: solid foreground for text and lines, no translucent
 * shades that vanish on a projector, heavier strokes. */
static void
apply_high_contrast (GmlPalette *p)
{
  p->dim = p->fg;
  p->dim.alpha = 1;
  p->fg.alpha = 1;
  p->gc_white_fg.alpha = 1;
  p->border = p->fg;
  p->faint = p->fg;
  p->faint.alpha = 0.5;
  p->arrow.alpha = 1;
  p->nil.alpha = 1;
  p->guard.alpha = 0.5;
  p->highlight.alpha = 0.6;
  p->stroke = 2;
}

void
gml_palette_init (GmlPalette *palette,
                  gboolean    dark,
                  gboolean    high_contrast)
{
  g_return_if_fail (palette != NULL);

  if (dark)
    init_dark (palette);
  else
    init_light (palette);
  palette->stroke = 1;
  palette->dark = dark;
  palette->high_contrast = high_contrast;
  if (high_contrast)
    apply_high_contrast (palette);
}

void
gml_palette_init_for_style (GmlPalette      *palette,
                            AdwStyleManager *style_manager)
{
  gml_palette_init (palette,
                    adw_style_manager_get_dark (style_manager),
                    adw_style_manager_get_high_contrast (style_manager));
}
