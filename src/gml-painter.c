/* gml-painter.c: draws a scene into a GtkSnapshot, with or without a widget.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Boxes are colour and border nodes; text is labels shaped once and kept
 * (see Label); the pointer arrows are rasterised by GmlRaster into a
 * coverage mask that one cairo node composites (GTK 4.8 has no path API,
 * and cairo strokes long thin lines slowly).  Under GTK's cairo renderer
 * heap objects are images kept from frame to frame, or batched boxes when
 * zoomed out, in that same node.  What is drawn depends on how big a row
 * of text would be on screen:
 *
 *   FULL    rows of at least 14 px (text of about 10 px): labels,
 *           fields, arrows;
 *   BOXES   3.5 to 14 px: the same boxes without text;
 *   STRIPS  below: each span is one strip showing how full it is and how
 *           its objects split between the GC colours; no arrows.
 *
 * so a 100,000-object heap costs a few hundred nodes when zoomed out.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gml-gc.h"
#include "gml-painter.h"
#include "gml-raster.h"

#define MAX_CACHED_LABELS 6000
/* Images of heap objects (see draw_object_cached): beyond this many
 * bytes, those not drawn lately go. */
#define MAX_CACHED_IMAGE_BYTES (48 << 20)
#define EVICT_PER_FRAME 24
/* Boxes and outlines of objects (see object_part): one per size,
 * colour and sub-pixel phase in view. */
#define MAX_CACHED_PARTS  128
#define MAX_ARROWS_BOXES  2500
/* Device pixels of pointer line drawn in full per frame, beyond the
 * pointers that always are: cairo 1.16 spends about 90 ns a pixel on an
 * anti-aliased line. */
#define INK_BUDGET        24000.0
#define PAGE_SIZE 8192

typedef enum
{
  STYLE_NORMAL,
  STYLE_BOLD,
  STYLE_SMALL,
  STYLE_MONO,
  STYLE_TITLE,
  STYLE_SMALL_BOLD,
  N_STYLES
} Style;

typedef enum
{
  LOD_STRIPS,
  LOD_BOXES,
  LOD_FULL,
} Lod;

struct _GmlPainter
{
  PangoContext         *context;
  PangoFontDescription *fonts[N_STYLES];
  GHashTable           *labels;      /* "style|width|align|text" -> Label */
  PangoLayout          *samples[N_STYLES][2]; /* quick_label (): without letters, with */
  gboolean              no_quick_labels;
  GHashTable           *objects;     /* draw_object_cached () key -> CachedObject */
  GHashTable           *parts;       /* object_part () key -> cairo_surface_t */
  GmlRaster            *rasters[2][2]; /* overlay_raster (): by frame parity, emphasis */
  guint64               frame;       /* gml_painter_draw calls, for the cache */
  gsize                 image_bytes; /* of the images in `objects` */
  gboolean              no_images;   /* gml_painter_set_cache_images (FALSE) */
  GmlPalette            palette;
  GmlSceneMetrics       metrics;
  double                text_scale;
  double                stroke_scale;
  guint                 style_serial;  /* bumped by every style change */
};

/* Everything one draw call needs. */
typedef struct
{
  GmlPainter           *p;
  GtkSnapshot          *s;
  GmlScene             *scene;
  const GmlPainterView *v;
  GmlSceneTransition   *tr;
  graphene_rect_t       visible;     /* canvas units */
  double                row;
  double                pad;
  double                t;
  double                alpha;       /* of everything drawn: fades */
  double                zoom;        /* the view's, at least 0.01 */
  double                scale;       /* the view's device pixels a widget pixel */
  Lod                   lod;
  GArray               *placed;      /* Placed: cached objects, drawn after the rest */
  GArray               *batches;     /* BoxBatch: objects as boxes, drawn after the rest */
  cairo_t              *cr;          /* if set, text and fills go here, not to `s` (render_object) */
  GArray               *runs;        /* with `cr`: GlyphRun, quick labels shown together */
} Ctx;

/* A quick label's glyphs, in `cr`'s user space, waiting for show_runs. */
typedef struct
{
  cairo_scaled_font_t *font;
  GdkRGBA              color;
  GArray              *glyphs;  /* cairo_glyph_t */
} GlyphRun;

/* Rectangles of one colour and layer, in viewport pixels: filled, or
 * outlined `ring` pixels wide inside. */
typedef struct
{
  guint            layer;
  GdkRGBA          color;
  double           ring;
  GArray          *rects;    /* graphene_rect_t */
} BoxBatch;

/* A cached object at whole device pixels of the viewport. */
typedef struct _CachedObject CachedObject;
typedef struct _Label Label;
static void label_free (gpointer data);
typedef struct
{
  CachedObject *co;
  int           x, y;
  double        alpha;
} Placed;

/* Set-up ----------------------------------------------------------------- */

struct _CachedObject
{
  cairo_surface_t *surface;     /* device pixels */
  guint64          last_frame;
};

static void
clear_images (GmlPainter *p)
{
  g_hash_table_remove_all (p->objects);
  g_hash_table_remove_all (p->parts);
  p->image_bytes = 0;
}

static void
cached_object_free (gpointer data)
{
  CachedObject *co = data;

  g_clear_pointer (&co->surface, cairo_surface_destroy);
  g_free (co);
}

static void
clear_samples (GmlPainter *p)
{
  for (guint i = 0; i < N_STYLES; i++)
    for (guint j = 0; j < 2; j++)
      g_clear_object (&p->samples[i][j]);
}

static void
update_fonts (GmlPainter *p)
{
  const PangoFontDescription *base = pango_context_get_font_description (p->context);
  double size = pango_font_description_get_size (base);
  gboolean absolute = pango_font_description_get_size_is_absolute (base);
  static const struct { double scale; PangoWeight weight; gboolean mono; } styles[N_STYLES] = {
    [STYLE_NORMAL] = { 1.0, PANGO_WEIGHT_NORMAL, FALSE },
    [STYLE_BOLD] = { 1.0, PANGO_WEIGHT_BOLD, FALSE },
    [STYLE_SMALL] = { 0.84, PANGO_WEIGHT_NORMAL, FALSE },
    [STYLE_MONO] = { 0.95, PANGO_WEIGHT_NORMAL, TRUE },
    [STYLE_TITLE] = { 1.3, PANGO_WEIGHT_BOLD, FALSE },
    [STYLE_SMALL_BOLD] = { 0.84, PANGO_WEIGHT_BOLD, FALSE },
  };

  if (size <= 0)
    size = 11 * PANGO_SCALE;
  clear_samples (p);
  for (guint i = 0; i < N_STYLES; i++)
    {
      g_clear_pointer (&p->fonts[i], pango_font_description_free);
      p->fonts[i] = pango_font_description_copy (base);
      if (styles[i].mono)
        pango_font_description_set_family (p->fonts[i], "Monospace");
      pango_font_description_set_weight (p->fonts[i], styles[i].weight);
      if (absolute)
        pango_font_description_set_absolute_size (p->fonts[i], size * p->text_scale * styles[i].scale);
      else
        pango_font_description_set_size (p->fonts[i], (int) (size * p->text_scale * styles[i].scale));
    }
}

static void
update_metrics (GmlPainter *p)
{
  PangoFontMetrics *m = pango_context_get_metrics (p->context, p->fonts[STYLE_NORMAL], NULL);

  p->metrics.line_height = ceil ((pango_font_metrics_get_ascent (m) +
                                  pango_font_metrics_get_descent (m)) / (double) PANGO_SCALE);
  p->metrics.char_width = pango_font_metrics_get_approximate_digit_width (m) / (double) PANGO_SCALE;
  pango_font_metrics_unref (m);
}

GmlPainter *
gml_painter_new (PangoContext *context)
{
  GmlPainter *p = g_new0 (GmlPainter, 1);

  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);

  p->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, label_free);
  p->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_object_free);
  p->parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cairo_surface_destroy);
  p->stroke_scale = 1;
  gml_palette_init (&p->palette, FALSE, FALSE);
  gml_painter_set_context (p, context, 1);

  return p;
}

void
gml_painter_free (GmlPainter *p)
{
  if (p == NULL)
    return;

  for (guint i = 0; i < N_STYLES; i++)
    g_clear_pointer (&p->fonts[i], pango_font_description_free);
  g_clear_object (&p->context);
  g_hash_table_unref (p->labels);
  clear_samples (p);
  g_hash_table_unref (p->objects);
  g_hash_table_unref (p->parts);
  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 2; j++)
      gml_raster_free (p->rasters[i][j]);
  g_free (p);
}

void
gml_painter_set_context (GmlPainter   *p,
                         PangoContext *context,
                         double        scale)
{
  g_return_if_fail (p != NULL && PANGO_IS_CONTEXT (context));

  g_set_object (&p->context, context);
  p->text_scale = scale > 0 ? scale : 1;
  p->style_serial++;
  g_hash_table_remove_all (p->labels);
  clear_images (p);
  update_fonts (p);
  update_metrics (p);
}

void
gml_painter_set_palette (GmlPainter       *p,
                         const GmlPalette *palette)
{
  p->palette = *palette;
  p->style_serial++;
  clear_images (p);
}

void
gml_painter_set_stroke_scale (GmlPainter *p,
                              double      scale)
{
  p->stroke_scale = scale;
  p->style_serial++;
  clear_images (p);
}

void
gml_painter_set_quick_labels (GmlPainter *p,
                              gboolean    quick)
{
  p->no_quick_labels = !quick;
  g_hash_table_remove_all (p->labels);
  clear_images (p);
}

void
gml_painter_set_cache_images (GmlPainter *p,
                              gboolean    cache)
{
  p->no_images = !cache;
  clear_images (p);
}

const GmlSceneMetrics *
gml_painter_get_metrics (GmlPainter *p)
{
  return &p->metrics;
}

guint
gml_painter_n_cached_labels (GmlPainter *p)
{
  return g_hash_table_size (p->labels);
}

guint
gml_painter_n_cached_images (GmlPainter *p)
{
  return g_hash_table_size (p->objects);
}

/* Primitives ------------------------------------------------------------- */

static graphene_rect_t
grect (const GmlSceneRect *r)
{
  return GRAPHENE_RECT_INIT (r->x, r->y, r->width, r->height);
}

static gboolean
visible (Ctx                *c,
         const GmlSceneRect *r)
{
  graphene_rect_t g = grect (r);

  return graphene_rect_intersection (&c->visible, &g, NULL);
}

static double
stroke (Ctx    *c,
        double  width)
{
  return width * c->p->palette.stroke * c->p->stroke_scale;
}

/* `color` at the context's alpha.  Fades multiply the alpha of each
 * thing drawn instead of pushing an opacity node: the cairo renderer
 * draws an opacity node through an image of its bounds. */
static GdkRGBA
tint (Ctx           *c,
      const GdkRGBA *color)
{
  GdkRGBA t = *color;

  t.alpha *= c->alpha;
  return t;
}

static void
fill (Ctx             *c,
      graphene_rect_t  r,
      const GdkRGBA   *color)
{
  GdkRGBA t = tint (c, color);

  if (c->cr != NULL)
    {
      /* What a colour node draws. */
      gdk_cairo_set_source_rgba (c->cr, &t);
      cairo_rectangle (c->cr, r.origin.x, r.origin.y, r.size.width, r.size.height);
      cairo_fill (c->cr);
      return;
    }
  gtk_snapshot_append_color (c->s, &t, &r);
}

/* A border node, into the snapshot or drawn into c->cr. */
static void
append_border (Ctx                  *c,
               const GskRoundedRect *rr,
               const float           widths[4],
               const GdkRGBA         colors[4])
{
  GskRenderNode *node;

  if (c->cr == NULL)
    {
      gtk_snapshot_append_border (c->s, rr, widths, colors);
      return;
    }
  node = gsk_border_node_new (rr, widths, colors);
  gsk_render_node_draw (node, c->cr);
  gsk_render_node_unref (node);
}

static void
box (Ctx                   *c,
     graphene_rect_t        r,
     double                 radius,
     const GdkRGBA         *background,
     const GdkRGBA         *border,
     double                 border_width)
{
  GskRoundedRect rr;

  if (c->lod != LOD_FULL)
    radius = 0;
  gsk_rounded_rect_init_from_rect (&rr, &r, radius);
  if (background != NULL && radius > 0)
    {
      /* A border as wide as the box fills it: one fill of the rounded
       * outline, where a rounded clip costs cairo a clip mask. */
      float w = MAX (r.size.width, r.size.height);
      float ws[4] = { w, w, w, w };
      GdkRGBA t = tint (c, background);
      GdkRGBA colors[4] = { t, t, t, t };

      append_border (c, &rr, ws, colors);
    }
  else if (background != NULL)
    fill (c, r, background);
  if (border != NULL && border_width > 0)
    {
      float w[4] = { border_width, border_width, border_width, border_width };
      GdkRGBA t = tint (c, border);
      GdkRGBA colors[4] = { t, t, t, t };

      append_border (c, &rr, w, colors);
    }
}

/* A label's shaped text, kept from frame to frame: a PangoLayout, or,
 * for the commonest labels (one short run of printable ASCII that fits:
 * names, numbers, addresses), the glyphs alone, shaped with the analysis
 * of a sample of their style (see quick_label), for about half the
 * cost of a layout (shaping itself is a quarter) -- most labels of a new
 * step are new values. */
struct _Label
{
  PangoLayout      *layout;          /* NULL for a quick label, which has: */
  PangoFont        *font;
  PangoGlyphString *glyphs;
  float             x, baseline;     /* pixels: where the run starts in the label's box */
  int               width, height;   /* pixels, as pango_layout_get_pixel_size () */
};

static void
label_free (gpointer data)
{
  Label *l = data;

  g_clear_object (&l->layout);
  g_clear_object (&l->font);
  g_clear_pointer (&l->glyphs, pango_glyph_string_free);
  g_free (l);
}

static Label *
layout_label (GmlPainter     *p,
              Style           style,
              const char     *text,
              double          width,
              PangoAlignment  align)
{
  Label *l = g_new0 (Label, 1);

  l->layout = pango_layout_new (p->context);
  pango_layout_set_font_description (l->layout, p->fonts[style]);
  pango_layout_set_text (l->layout, text, -1);
  pango_layout_set_single_paragraph_mode (l->layout, TRUE);
  if (width > 0)
    {
      pango_layout_set_width (l->layout, (int) (width * PANGO_SCALE));
      pango_layout_set_ellipsize (l->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (l->layout, align);
    }
  pango_layout_get_pixel_size (l->layout, &l->width, &l->height);
  return l;
}

/* The sample layout of a style for text with letters (Latin script) or
 * without (Common): one run whose analysis (font, script, language)
 * every such label shares. */
static PangoLayout *
sample (GmlPainter *p,
        Style       style,
        gboolean    letters)
{
  PangoLayout **sample = &p->samples[style][letters];

  if (*sample == NULL)
    {
      *sample = pango_layout_new (p->context);
      pango_layout_set_font_description (*sample, p->fonts[style]);
      pango_layout_set_text (*sample, letters ? "a" : "0", -1);
    }
  return *sample;
}

/* What layout_label () would lay out, as one run shaped directly; NULL
 * where that might differ (other scripts, fallback fonts, tabs and line
 * breaks, an ellipsis, centring). */
static Label *
quick_label (GmlPainter     *p,
             Style           style,
             const char     *text,
             double          width,
             PangoAlignment  align)
{
  PangoLayout *sampled;
  PangoLayoutLine *line;
  PangoGlyphItem *run;
  PangoRectangle logical;
  gboolean letters = FALSE;
  gsize len = 0;
  int line_width, x, box_width = width > 0 ? (int) (width * PANGO_SCALE) : -1;
  Label *l;

  if (p->no_quick_labels || (width > 0 && align != PANGO_ALIGN_LEFT && align != PANGO_ALIGN_RIGHT))
    return NULL;
  for (const char *c = text; *c != '\0'; c++, len++)
    {
      if (*c < 0x20 || *c > 0x7e || len >= 64)
        return NULL;
      letters = letters || g_ascii_isalpha (*c);
    }
  if (len == 0 || text[0] == ' ' || text[len - 1] == ' ')
    return NULL;

  sampled = sample (p, style, letters);
  line = pango_layout_get_line_readonly (sampled, 0);
  if (line == NULL || line->runs == NULL || line->runs->next != NULL)
    return NULL;
  run = line->runs->data;

  l = g_new0 (Label, 1);
  l->glyphs = pango_glyph_string_new ();
  pango_shape_with_flags (text, len, text, len, &run->item->analysis, l->glyphs,
                          pango_context_get_round_glyph_positions (p->context) ? PANGO_SHAPE_ROUND_POSITIONS
                                                                               : PANGO_SHAPE_NONE);
  line_width = pango_glyph_string_get_width (l->glyphs);
  /* A glyph the font lacks needs a fallback font: a layout finds it. */
  for (int i = 0; i < l->glyphs->num_glyphs; i++)
    if (l->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
      line_width = G_MAXINT;
  if (box_width >= 0 && line_width > box_width)
    {
      label_free (l);
      return NULL;
    }

  l->font = g_object_ref (run->item->analysis.font);
  x = box_width >= 0 && align == PANGO_ALIGN_RIGHT ? box_width - line_width : 0;
  l->x = (float) x / PANGO_SCALE;
  l->baseline = (float) pango_layout_get_baseline (sampled) / PANGO_SCALE;
  pango_layout_get_extents (sampled, NULL, &logical);
  logical.x = x;
  logical.width = line_width;
  pango_extents_to_pixels (&logical, NULL);
  l->width = logical.width;
  l->height = logical.height;
  return l;
}

static Label *
label (GmlPainter     *p,
       Style           style,
       const char     *text,
       double          width,
       PangoAlignment  align)
{
  char stack_key[256];
  g_autofree char *heap_key = NULL;
  char *key = stack_key;
  Label *l;

  /* Every label of every frame looks itself up: no allocation for that. */
  if ((gsize) g_snprintf (stack_key, sizeof stack_key, "%d|%d|%d|%s", style, (int) width, align, text) >= sizeof stack_key)
    key = heap_key = g_strdup_printf ("%d|%d|%d|%s", style, (int) width, align, text);
  l = g_hash_table_lookup (p->labels, key);
  if (l != NULL)
    return l;

  if (g_hash_table_size (p->labels) > MAX_CACHED_LABELS)
    g_hash_table_remove_all (p->labels);

  l = quick_label (p, style, text, width, align);
  if (l == NULL)
    l = layout_label (p, style, text, width, align);
  g_hash_table_insert (p->labels, heap_key != NULL ? g_steal_pointer (&heap_key) : g_strdup (key), l);
  return l;
}

/* A quick label's glyphs at (x, y), as pango_cairo_show_glyph_string ()
 * places them, added to the run of its font and colour: cairo shows a
 * few runs of many glyphs far faster than many short ones, and the
 * labels of an object do not overlap. */
static void
queue_run (Ctx           *c,
           const Label   *l,
           double         x,
           double         y,
           const GdkRGBA *color)
{
  cairo_scaled_font_t *font = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (l->font));
  GlyphRun *run = NULL;
  int position = 0;

  for (guint i = 0; i < c->runs->len && run == NULL; i++)
    {
      GlyphRun *r = &g_array_index (c->runs, GlyphRun, i);

      if (r->font == font && gdk_rgba_equal (&r->color, color))
        run = r;
    }
  if (run == NULL)
    {
      GlyphRun r = { font, *color, g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t)) };

      g_array_append_val (c->runs, r);
      run = &g_array_index (c->runs, GlyphRun, c->runs->len - 1);
    }
  for (int i = 0; i < l->glyphs->num_glyphs; i++)
    {
      const PangoGlyphInfo *gi = &l->glyphs->glyphs[i];

      if (gi->glyph != PANGO_GLYPH_EMPTY)
        {
          cairo_glyph_t g = { gi->glyph, x + (double) (position + gi->geometry.x_offset) / PANGO_SCALE,
                              y + (double) gi->geometry.y_offset / PANGO_SCALE };

          g_array_append_val (run->glyphs, g);
        }
      position += gi->geometry.width;
    }
}

static void
show_runs (Ctx *c)
{
  for (guint i = 0; i < c->runs->len; i++)
    {
      GlyphRun *r = &g_array_index (c->runs, GlyphRun, i);

      cairo_set_scaled_font (c->cr, r->font);
      gdk_cairo_set_source_rgba (c->cr, &r->color);
      cairo_show_glyphs (c->cr, (cairo_glyph_t *) r->glyphs->data, (int) r->glyphs->len);
      g_array_unref (r->glyphs);
    }
  g_array_set_size (c->runs, 0);
}

/* Text vertically centred in a row of height `h` starting at y. */
static void
text_in (Ctx            *c,
         Style           style,
         const char     *str,
         double          x,
         double          y,
         double          width,
         double          h,
         const GdkRGBA  *color,
         PangoAlignment  align)
{
  Label *l;
  GdkRGBA t;
  double top;

  if (str == NULL || *str == '\0' || width < 4)
    return;
  l = label (c->p, style, str, width, align);
  t = tint (c, color);
  top = y + (h - l->height) / 2;
  if (c->cr != NULL && c->runs != NULL && l->layout == NULL && PANGO_IS_CAIRO_FONT (l->font))
    {
      queue_run (c, l, x + l->x, top + l->baseline, &t);
      return;
    }
  if (c->cr != NULL)
    {
      /* The glyphs of the text nodes below, at the same places. */
      cairo_save (c->cr);
      cairo_translate (c->cr, x, top);
      gdk_cairo_set_source_rgba (c->cr, &t);
      if (l->layout != NULL)
        pango_cairo_show_layout (c->cr, l->layout);
      else
        {
          cairo_translate (c->cr, l->x, l->baseline);
          pango_cairo_show_glyph_string (c->cr, l->font, l->glyphs);
        }
      cairo_restore (c->cr);
      return;
    }
  gtk_snapshot_save (c->s);
  gtk_snapshot_translate (c->s, &GRAPHENE_POINT_INIT (x, top));
  if (l->layout != NULL)
    gtk_snapshot_append_layout (c->s, l->layout, &t);
  else
    {
      /* The node gtk_snapshot_append_layout () makes of the run. */
      GskRenderNode *node = gsk_text_node_new (l->font, l->glyphs, &t, &GRAPHENE_POINT_INIT (l->x, l->baseline));

      if (node != NULL)
        {
          gtk_snapshot_append_node (c->s, node);
          gsk_render_node_unref (node);
        }
    }
  gtk_snapshot_restore (c->s);
}

static void
text (Ctx            *c,
      Style           style,
      const char     *str,
      double          x,
      double          y,
      double          width,
      const GdkRGBA  *color,
      PangoAlignment  align)
{
  text_in (c, style, str, x, y, width, c->row, color, align);
}

/* Width of a label as drawn. */
static double
text_width (Ctx        *c,
            Style       style,
            const char *str)
{
  return label (c->p, style, str, 0, PANGO_ALIGN_LEFT)->width;
}

/* A rounded tag with text: "G1", "heap". Returns its width. */
static double
pill (Ctx           *c,
      const char    *str,
      double         x,
      double         y,
      const GdkRGBA *background,
      const GdkRGBA *foreground)
{
  double w = text_width (c, STYLE_SMALL_BOLD, str) + c->pad;
  double h = c->row * 0.8;

  box (c, GRAPHENE_RECT_INIT (x, y + (c->row - h) / 2, w, h), h / 2, background, NULL, 0);
  text (c, STYLE_SMALL_BOLD, str, x + c->pad / 2, y, w, foreground, PANGO_ALIGN_LEFT);

  return w;
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            double         alpha)
{
  GdkRGBA result = *color;

  result.alpha *= alpha;
  return result;
}

/* Diagonal stripes, for the stack guard. */
static void
stripes (Ctx             *c,
         graphene_rect_t  r,
         const GdkRGBA   *color)
{
  double period = c->row * 0.5;
  GdkRGBA t = tint (c, color);
  GskColorStop stops[4] = {
    { 0.0, t }, { 0.5, t },
    { 0.5, { 0, 0, 0, 0 } }, { 1.0, { 0, 0, 0, 0 } },
  };

  gtk_snapshot_append_repeating_linear_gradient (c->s, &r,
                                                 &GRAPHENE_POINT_INIT (r.origin.x, r.origin.y),
                                                 &GRAPHENE_POINT_INIT (r.origin.x + period,
                                                                       r.origin.y + period),
                                                 stops, G_N_ELEMENTS (stops));
}

/* "Changed since the last step": a marker-pen band behind the row. */
static void
changed_band (Ctx             *c,
              graphene_rect_t  r)
{
  fill (c, r, &c->p->palette.highlight);
  fill (c, GRAPHENE_RECT_INIT (r.origin.x, r.origin.y, stroke (c, 3), r.size.height),
        &c->p->palette.heap_goal);
}

/* Stacks ----------------------------------------------------------------- */

static const char *
status_text (GmlSceneGoroutine *g)
{
  switch (g->status)
    {
    case GML_SCENE_G_RUNNING:
      return _("running");
    case GML_SCENE_G_RUNNABLE:
      return _("runnable");
    case GML_SCENE_G_WAITING:
      return _("waiting");
    case GML_SCENE_G_DEAD:
    default:
      return _("finished");
    }
}

static GmlSceneRect
goroutine_rect_at (Ctx                *c,
                   guint32             index,
                   const GmlSceneRect *now,
                   gsize               offset)
{
  gint32 j;

  if (c->tr == NULL || (j = g_array_index (c->tr->goroutine_from, gint32, index)) < 0)
    return *now;

  return gml_scene_rect_lerp ((const GmlSceneRect *) ((const char *) gml_scene_goroutine (c->tr->from, j) + offset),
                              now, c->t);
}

#define GOROUTINE_RECT(c, i, g, field) \
  goroutine_rect_at ((c), (i), &(g)->field, G_STRUCT_OFFSET (GmlSceneGoroutine, field))

static void
draw_goroutine_header (Ctx               *c,
                       GmlSceneGoroutine *g,
                       const GmlSceneRect *r)
{
  const GmlPalette *pal = &c->p->palette;
  g_autofree char *id = g_strdup_printf ("G%" G_GUINT64_FORMAT, g->goid);
  g_autofree char *cap = gml_scene_format_bytes (g->stack_hi - g->stack_lo);
  g_autofree char *status = NULL;
  double w;

  w = pill (c, id, r->x, r->y,
            (g->flags & GML_SCENE_CURRENT) ? &pal->accent : &pal->frame_header,
            (g->flags & GML_SCENE_CURRENT) ? &pal->accent_fg : &pal->fg);
  text (c, STYLE_BOLD, g->entry, r->x + w + c->pad / 2, r->y, r->width - w - c->pad / 2,
        &pal->fg, PANGO_ALIGN_LEFT);

  if (g->wait_reason != NULL && *g->wait_reason != '\0')
    /* Translators: a goroutine's status, its wait reason and its stack size. */
    status = g_strdup_printf (_("%s (%s) · %s stack"), status_text (g), g->wait_reason, cap);
  else
    /* Translators: a goroutine's status and its stack size. */
    status = g_strdup_printf (_("%s · %s stack"), status_text (g), cap);
  if (g->flags & GML_SCENE_GREW)
    {
      g_autofree char *old = gml_scene_format_bytes (g->old_stack_hi - g->old_stack_lo);
      /* Translators: the stack was copied to a new block; %s are sizes. */
      g_autofree char *note = g_strdup_printf (_("copied: %s → %s"), old, cap);
      double inner = r->width - 2 * c->pad;
      double note_w = MIN (text_width (c, STYLE_SMALL_BOLD, note), inner);

      /* The note gives the new size: the status, without it, takes what
       * the note leaves. */
      g_free (status);
      status = g->wait_reason != NULL && *g->wait_reason != '\0'
               ? g_strdup_printf ("%s (%s)", status_text (g), g->wait_reason)
               : g_strdup (status_text (g));
      changed_band (c, GRAPHENE_RECT_INIT (r->x, r->y + c->row, r->width, c->row));
      text (c, STYLE_SMALL_BOLD, note, r->x + c->pad + inner - note_w, r->y + c->row, note_w,
            &pal->fg, PANGO_ALIGN_RIGHT);
      if (inner - note_w > c->pad * 2)
        text (c, STYLE_SMALL, status, r->x + c->pad, r->y + c->row, inner - note_w - c->pad,
              &pal->fg, PANGO_ALIGN_LEFT);
      return;
    }
  text (c, STYLE_SMALL, status, r->x, r->y + c->row, r->width, &pal->dim, PANGO_ALIGN_LEFT);
}

static void
draw_slot (Ctx          *c,
           GmlSceneSlot *slot,
           GmlSceneRect  r,
           gboolean      on_dark,
           const GdkRGBA *fg)
{
  const GmlPalette *pal = &c->p->palette;
  double x = r.x + c->pad, w = r.width - 2 * c->pad;
  double name_w = w * 0.36, type_w = w * 0.3;
  double value_x = x + name_w + type_w, value_w = w - name_w - type_w;
  /* Secondary text from the box's own ink: a white object in the dark
   * style has dark text. */
  GdkRGBA dim = on_dark || fg != &pal->fg ? with_alpha (fg, 0.65) : pal->dim;

  if (slot->flags & (GML_SCENE_CHANGED | GML_SCENE_NEW))
    changed_band (c, grect (&r));

  if (slot->flags & GML_SCENE_MORE)
    {
      text (c, STYLE_SMALL, slot->name, x, r.y, w, &dim, PANGO_ALIGN_LEFT);
      return;
    }

  text (c, STYLE_NORMAL, slot->name, x, r.y, name_w - c->pad / 2, fg, PANGO_ALIGN_LEFT);
  text (c, STYLE_SMALL, slot->type, x + name_w, r.y, type_w - c->pad / 2, &dim, PANGO_ALIGN_LEFT);

  if (slot->flags & GML_SCENE_MOVED)
    {
      pill (c, _("heap"), value_x, r.y, &pal->heap_badge, &pal->accent_fg);
      return;
    }
  if ((slot->flags & GML_SCENE_POINTER) && (slot->target == 0 || (slot->flags & GML_SCENE_LINKED)))
    {
      if (slot->target == 0)
        {
          double lx = value_x + value_w - c->pad * 3;

          text (c, STYLE_MONO, "nil", value_x, r.y, value_w - c->pad * 3.5, &pal->nil, PANGO_ALIGN_RIGHT);
          fill (c, GRAPHENE_RECT_INIT (lx, r.y + c->row / 2 - stroke (c, 1), c->pad * 2.5, stroke (c, 2)),
                &pal->nil);
          fill (c, GRAPHENE_RECT_INIT (lx + c->pad * 2.5, r.y + c->row * 0.3, stroke (c, 2), c->row * 0.4),
                &pal->nil);
        }
      return;
    }
  text (c, STYLE_MONO, slot->value, value_x, r.y, value_w, fg, PANGO_ALIGN_RIGHT);
}

static GmlSceneRect
frame_rect (Ctx     *c,
            guint32  index)
{
  if (c->tr == NULL)
    return gml_scene_frame (c->scene, index)->rect;
  return gml_scene_transition_frame_rect (c->tr, index, c->t);
}

static GmlSceneRect
slot_rect (Ctx     *c,
           guint32  index)
{
  if (c->tr == NULL)
    return gml_scene_slot (c->scene, index)->rect;
  return gml_scene_transition_slot_rect (c->tr, index, c->t);
}

static void
draw_frame (Ctx           *c,
            GmlSceneFrame *frame,
            guint32        index,
            gboolean       innermost)
{
  const GmlPalette *pal = &c->p->palette;
  GmlSceneRect r = frame_rect (c, index);
  gboolean fading = c->tr != NULL && gml_scene_transition_frame_is_new (c->tr, index);
  double alpha = c->alpha;
  graphene_rect_t header = GRAPHENE_RECT_INIT (r.x, r.y, r.width, c->row);

  if (!visible (c, &r))
    return;
  if (fading)
    c->alpha *= c->t;

  if (frame->flags & GML_SCENE_ELIDED)
    {
      g_autofree char *n = g_strdup_printf ("%'" G_GUINT64_FORMAT, frame->n_elided);
      /* Translators: %s is a number of stack frames, %s a function name. */
      g_autofree char *str = g_strdup_printf (_("⋮ %s more frames of %s"), n, frame->func);

      stripes (c, header, &pal->faint);
      if (c->lod == LOD_FULL)
        text (c, STYLE_SMALL_BOLD, str, r.x, r.y, r.width, &pal->fg, PANGO_ALIGN_CENTER);
    }
  else
    {
      fill (c, header, innermost ? &pal->frame_active : &pal->frame_header);
      if (frame->flags & (GML_SCENE_NEW | GML_SCENE_CHANGED))
        changed_band (c, header);
      if (c->lod == LOD_FULL)
        {
          g_autofree char *line = frame->line > 0 ? g_strdup_printf (_("line %u"), frame->line) : NULL;

          text (c, STYLE_BOLD, frame->func, r.x + c->pad, r.y, r.width * 0.7 - c->pad,
                &pal->fg, PANGO_ALIGN_LEFT);
          text (c, STYLE_SMALL, line, r.x + r.width * 0.6, r.y, r.width * 0.4 - c->pad,
                &pal->fg, PANGO_ALIGN_RIGHT);
          for (guint i = 0; i < frame->n_slots; i++)
            draw_slot (c, gml_scene_slot (c->scene, frame->first_slot + i),
                       slot_rect (c, frame->first_slot + i), FALSE, &pal->fg);
        }
    }
  fill (c, GRAPHENE_RECT_INIT (r.x, r.y + r.height - stroke (c, 1), r.width, stroke (c, 1)),
        &pal->faint);

  if (fading)
    c->alpha = alpha;
}

static void
draw_stack_block (Ctx               *c,
                  GmlSceneGoroutine *g,
                  guint32            index)
{
  const GmlPalette *pal = &c->p->palette;
  GmlSceneRect block = GOROUTINE_RECT (c, index, g, stack_rect);
  GmlSceneRect free_r = GOROUTINE_RECT (c, index, g, free_rect);
  GmlSceneRect guard = GOROUTINE_RECT (c, index, g, guard_rect);
  gboolean current = (g->flags & GML_SCENE_CURRENT) != 0;
  double used = g->stack_hi > g->sp ? (double) (g->stack_hi - g->sp) : 0;
  double cap = MAX ((double) (g->stack_hi - g->stack_lo), 1);

  box (c, grect (&block), 6, &pal->card, NULL, 0);
  if (c->lod == LOD_FULL)
    {
      /* Translators: how much of a goroutine stack its frames use. */
      g_autofree char *use = g_strdup_printf (_("%.0f%% used"), 100 * used / cap);
      g_autofree char *hi = gml_scene_short_addr (g->stack_hi);
      /* Translators: the stack's high end (stacks grow down); %s is an address. */
      g_autofree char *hi_text = g_strdup_printf (_("top %s"), hi);

      text_in (c, STYLE_SMALL, use, block.x + c->pad, block.y, block.width / 2,
               c->row * 0.8, &pal->dim, PANGO_ALIGN_LEFT);
      text_in (c, STYLE_SMALL, hi_text, block.x + block.width / 2, block.y, block.width / 2 - c->pad,
               c->row * 0.8, &pal->dim, PANGO_ALIGN_RIGHT);
    }

  for (guint f = 0; f < g->n_scene_frames; f++)
    draw_frame (c, gml_scene_frame (c->scene, g->first_frame + f), g->first_frame + f,
                f + 1 == g->n_scene_frames);

  fill (c, grect (&free_r), &pal->free_space);
  stripes (c, grect (&guard), &pal->guard);
  if (c->lod == LOD_FULL)
    {
      g_autofree char *free_bytes = gml_scene_format_bytes (g->sp > g->stack_lo ? g->sp - g->stack_lo : 0);
      /* Translators: free space left in a goroutine stack. */
      g_autofree char *free_text = g_strdup_printf (_("free · %s"), free_bytes);
      g_autofree char *lo = gml_scene_short_addr (g->stack_lo);
      /* Translators: the stack's low end, where it grows; %s is an address. */
      g_autofree char *range = g_strdup_printf (_("bottom %s · grows down ↓"), lo);

      if (g->flags & GML_SCENE_UNREAD)
        {
          g_autofree char *n = g_strdup_printf ("%'" G_GUINT64_FORMAT, g->n_frames);
          /* Translators: shown on one of many goroutines whose frames are
           * not read; %s is a number of frames. */
          g_autofree char *unread = g_strdup_printf (_("%s frames, not shown"), n);

          text_in (c, STYLE_SMALL, unread, free_r.x, free_r.y, free_r.width, free_r.height,
                   &pal->dim, PANGO_ALIGN_CENTER);
        }
      else
        text_in (c, STYLE_SMALL, free_text, free_r.x, free_r.y, free_r.width, free_r.height,
                 &pal->dim, PANGO_ALIGN_CENTER);
      text (c, STYLE_SMALL_BOLD, _("guard"), guard.x, guard.y, guard.width, &pal->fg, PANGO_ALIGN_CENTER);
      text_in (c, STYLE_SMALL, range, block.x, block.y + block.height, block.width, c->row * 0.9,
               &pal->dim, PANGO_ALIGN_LEFT);
    }

  box (c, grect (&block), 6, NULL, current ? &pal->accent : &pal->border,
       stroke (c, current ? 2 : 1));
}

static void
draw_globals (Ctx *c)
{
  const GmlPalette *pal = &c->p->palette;
  GmlSceneRect r = c->scene->globals_rect;
  graphene_rect_t header = GRAPHENE_RECT_INIT (r.x, r.y, r.width, c->row);

  if (c->scene->globals->len == 0 || !visible (c, &r))
    return;
  box (c, grect (&r), 6, &pal->card, NULL, 0);
  fill (c, header, &pal->frame_header);
  if (c->lod == LOD_FULL)
    {
      text (c, STYLE_BOLD, _("Globals"), r.x + c->pad, r.y, r.width / 2, &pal->fg, PANGO_ALIGN_LEFT);
      /* Translators: where package-level variables live; they are GC roots. */
      text (c, STYLE_SMALL, _("data segment · GC roots"), r.x + r.width / 3, r.y, r.width * 2 / 3 - c->pad,
            &pal->fg, PANGO_ALIGN_RIGHT);
      for (guint i = 0; i < c->scene->globals->len; i++)
        {
          GmlSceneSlot *g = gml_scene_global (c->scene, i);

          draw_slot (c, g, g->rect, FALSE, &pal->fg);
        }
    }
  box (c, grect (&r), 6, NULL, &pal->border, stroke (c, 1));
}

static void
draw_goroutines (Ctx *c)
{
  for (guint i = 0; i < c->scene->goroutines->len; i++)
    {
      GmlSceneGoroutine *g = gml_scene_goroutine (c->scene, i);
      GmlSceneRect r = GOROUTINE_RECT (c, i, g, rect);
      gboolean fading = c->tr != NULL && g_array_index (c->tr->goroutine_from, gint32, i) < 0;

      if (!visible (c, &r))
        continue;
      if (fading)
        c->alpha = c->t;
      if (c->lod == LOD_FULL)
        draw_goroutine_header (c, g, &r);
      draw_stack_block (c, g, i);
      c->alpha = 1;
    }
}

/* Heap ------------------------------------------------------------------- */

static void
object_colors (Ctx                  *c,
               const GmlSceneObject *o,
               const GdkRGBA       **background,
               const GdkRGBA       **foreground)
{
  const GmlPalette *pal = &c->p->palette;

  switch (o->color)
    {
    case GML_SCENE_GC_WHITE:
      *background = &pal->gc_white;
      *foreground = &pal->gc_white_fg;
      break;
    case GML_SCENE_GC_GREY:
      *background = &pal->gc_grey;
      *foreground = &pal->gc_grey_fg;
      break;
    case GML_SCENE_GC_BLACK:
      *background = &pal->gc_black;
      *foreground = &pal->gc_black_fg;
      break;
    case GML_SCENE_GC_NONE:
    default:
      *background = &pal->card;
      *foreground = &pal->fg;
      break;
    }
}

/* The text cue for a GC colour, so colour is never the only signal. */
static const char *
color_mark (GmlSceneGcColor color)
{
  switch (color)
    {
    case GML_SCENE_GC_WHITE:
      return "○";
    case GML_SCENE_GC_GREY:
      return "◐";
    case GML_SCENE_GC_BLACK:
      return "●";
    case GML_SCENE_GC_NONE:
    default:
      return NULL;
    }
}

static void
draw_object_text (Ctx            *c,
                  GmlSceneObject *o,
                  GmlSceneRect    r,
                  const GdkRGBA  *fg)
{
  const GmlPalette *pal = &c->p->palette;
  const char *mark = color_mark (o->color);
  g_autofree char *size = gml_scene_format_bytes (o->size);
  g_autofree char *title = NULL;
  double x = r.x + c->pad, w = r.width - 2 * c->pad;
  double size_w = text_width (c, STYLE_SMALL, size) + c->pad / 2;

  if (o->var_name != NULL)
    title = g_strdup_printf ("%s%s%s · %s", mark ? mark : "", mark ? " " : "", o->var_name, o->type);
  else
    title = g_strdup_printf ("%s%s%s", mark ? mark : "", mark ? " " : "", o->type);

  text (c, STYLE_BOLD, title, x, r.y, w - size_w, fg, PANGO_ALIGN_LEFT);
  text (c, STYLE_SMALL, size, x + w - size_w, r.y, size_w, fg, PANGO_ALIGN_RIGHT);

  if (o->n_fields == 0)
    {
      const char *what = (o->flags & GML_SCENE_TINY) ? _("tiny-allocator block")
                         : (o->flags & GML_SCENE_NOSCAN) ? _("no pointers") : _("not shown");
      GdkRGBA dim = with_alpha (fg, 0.7);

      text (c, STYLE_SMALL, what, x, r.y + c->row, w, &dim, PANGO_ALIGN_LEFT);
      return;
    }
  for (guint f = 0; f < o->n_fields; f++)
    {
      GmlSceneSlot *field = gml_scene_field (c->scene, o->first_field + f);
      GmlSceneRect fr = { r.x, r.y + c->row * (1 + f), r.width, c->row };

      draw_slot (c, field, fr, o->color == GML_SCENE_GC_BLACK || o->color == GML_SCENE_GC_GREY, fg);
    }
  (void) pal;
}

/* White objects' outline is dashed, so that white reads without colour,
 * in the object's own ink (the canvas's would vanish on a white object in
 * the dark style). Repeating gradients along each edge: cairo fills those
 * rectangles far faster than it strokes dashes. */
static void
dashed_outline (Ctx             *c,
                graphene_rect_t  r)
{
  const GdkRGBA *ink = &c->p->palette.gc_white_fg;
  GdkRGBA t = tint (c, ink);
  double w = MAX (stroke (c, 1.5), 1.0 / c->v->zoom), dash = c->row * 0.5;
  double x0 = r.origin.x, y0 = r.origin.y, x1 = x0 + r.size.width, y1 = y0 + r.size.height;
  GskColorStop stops[4] = {
    { 0.0, t }, { 0.6, t }, { 0.6, { 0, 0, 0, 0 } }, { 1.0, { 0, 0, 0, 0 } },
  };

  if (c->lod != LOD_FULL)
    {
      box (c, r, 0, NULL, ink, w);
      return;
    }
  gtk_snapshot_append_repeating_linear_gradient (c->s, &GRAPHENE_RECT_INIT (x0, y0, r.size.width, w),
                                                 &GRAPHENE_POINT_INIT (x0, y0), &GRAPHENE_POINT_INIT (x0 + dash, y0),
                                                 stops, 4);
  gtk_snapshot_append_repeating_linear_gradient (c->s, &GRAPHENE_RECT_INIT (x0, y1 - w, r.size.width, w),
                                                 &GRAPHENE_POINT_INIT (x0, y1), &GRAPHENE_POINT_INIT (x0 + dash, y1),
                                                 stops, 4);
  gtk_snapshot_append_repeating_linear_gradient (c->s, &GRAPHENE_RECT_INIT (x0, y0, w, r.size.height),
                                                 &GRAPHENE_POINT_INIT (x0, y0), &GRAPHENE_POINT_INIT (x0, y0 + dash),
                                                 stops, 4);
  gtk_snapshot_append_repeating_linear_gradient (c->s, &GRAPHENE_RECT_INIT (x1 - w, y0, w, r.size.height),
                                                 &GRAPHENE_POINT_INIT (x1, y0), &GRAPHENE_POINT_INIT (x1, y0 + dash),
                                                 stops, 4);
}

/* What is under an object's text: the glow of a new object, the box,
 * the badge of a named one. */
static void
draw_object_under (Ctx            *c,
                   GmlSceneObject *o,
                   GmlSceneRect    r)
{
  const GmlPalette *pal = &c->p->palette;
  const GdkRGBA *bg, *fg;
  graphene_rect_t gr = grect (&r);

  object_colors (c, o, &bg, &fg);
  if ((o->flags & GML_SCENE_NEW) && c->lod == LOD_FULL)
    {
      graphene_rect_t glow;

      graphene_rect_inset_r (&gr, -stroke (c, 3), -stroke (c, 3), &glow);
      box (c, glow, 9, &pal->highlight, NULL, 0);
    }
  box (c, gr, 6, bg, NULL, 0);
  if (o->var_name != NULL)
    fill (c, GRAPHENE_RECT_INIT (r.x, r.y + 3, stroke (c, 3), r.height - 6), &pal->heap_badge);
}

/* What is over it: the outline, dashed for white. */
static void
draw_object_over (Ctx            *c,
                  GmlSceneObject *o,
                  GmlSceneRect    r)
{
  const GmlPalette *pal = &c->p->palette;
  graphene_rect_t gr = grect (&r);

  if (o->color == GML_SCENE_GC_WHITE)
    dashed_outline (c, gr);
  else
    box (c, gr, 6, NULL, (o->flags & GML_SCENE_CHANGED) ? &pal->heap_goal : &pal->border,
         stroke (c, (o->flags & GML_SCENE_CHANGED) ? 2 : 1));
}

/* Its labels and fields, in its colours' ink. */
static void
draw_object_text_part (Ctx            *c,
                       GmlSceneObject *o,
                       GmlSceneRect    r)
{
  const GdkRGBA *bg, *fg;

  object_colors (c, o, &bg, &fg);
  draw_object_text (c, o, r, fg);
}

static void
draw_object_direct (Ctx            *c,
                    GmlSceneObject *o,
                    GmlSceneRect    r)
{
  draw_object_under (c, o, r);
  if (c->lod == LOD_FULL)
    draw_object_text_part (c, o, r);
  draw_object_over (c, o, r);
}

/* Images of what is drawn often the same ------------------------------- */

/* An object's image is at device resolution, of `r` plus `margin` canvas
 * units around it, the corner `phase` device pixels into its first pixel
 * -- as it falls on the viewport's pixels, so the image matches drawing
 * it directly.  Canvas units map to its pixels as p * k + (dx, dy): as
 * the viewport does, a whole-pixel translation, then the zoom (a
 * fractional translation would change how cairo places glyphs). */
static void
image_transform (Ctx          *c,
                 GmlSceneRect  r,
                 double        margin,
                 double        phase_x,
                 double        phase_y,
                 double       *k,
                 double       *dx,
                 double       *dy)
{
  *k = c->zoom * c->scale;
  *dx = phase_x - (r.x - margin) * *k;
  *dy = phase_y - (r.y - margin) * *k;
}

/* A context that draws one object of `c` into an image, through the
 * snapshot `s` or straight into `cr`: opaque, with nothing put off. */
static Ctx
image_ctx (Ctx         *c,
           GtkSnapshot *s,
           cairo_t     *cr)
{
  Ctx oc = *c;

  oc.s = s;
  oc.cr = cr;
  oc.runs = NULL;
  oc.alpha = 1;
  oc.placed = NULL;
  oc.batches = NULL;
  return oc;
}

/* Draws `draw` of the object into `cr`, its image (see image_transform),
 * as nodes. */
static void
render_part (Ctx            *c,
             cairo_t        *cr,
             void          (*draw) (Ctx *, GmlSceneObject *, GmlSceneRect),
             GmlSceneObject *o,
             GmlSceneRect    r,
             double          margin,
             double          phase_x,
             double          phase_y)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  Ctx oc = image_ctx (c, snapshot, NULL);
  double k, dx, dy;

  image_transform (c, r, margin, phase_x, phase_y, &k, &dx, &dy);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (dx, dy));
  gtk_snapshot_scale (snapshot, k, k);
  draw (&oc, o, r);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    {
      gsk_render_node_draw (node, cr);
      gsk_render_node_unref (node);
    }
}

static gsize
image_size (cairo_surface_t *surface)
{
  return (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface);
}

static cairo_surface_t *
image_new (int width,
           int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (width, 1), MAX (height, 1));

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    g_clear_pointer (&surface, cairo_surface_destroy);
  return surface;
}

/* A copy of an image, made without clearing it first. */
static cairo_surface_t *
image_copy (cairo_surface_t *image)
{
  static const cairo_user_data_key_t key;
  int stride = cairo_image_surface_get_stride (image), height = cairo_image_surface_get_height (image);
  guint8 *data;
  cairo_surface_t *copy;

  cairo_surface_flush (image);
  data = g_memdup2 (cairo_image_surface_get_data (image), (gsize) stride * height);
  copy = cairo_image_surface_create_for_data (data, CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width (image),
                                              height, stride);
  if (cairo_surface_status (copy) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_set_user_data (copy, &key, data, g_free) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (copy);
      g_free (data);
      return NULL;
    }
  return copy;
}

/* What fixes an object image's pixels besides what it shows: the zoom,
 * the device scale, the sub-pixel phase (to a sixteenth of a pixel) and
 * the size, with the margin. */
static void
geometry_key (char            key[96],
              Ctx            *c,
              GmlSceneRect    r,
              double          margin,
              double          phase_x,
              double          phase_y)
{
  g_snprintf (key, 96, "%.6g|%.3g|%d|%d|%.2f|%.2f|%.2f", c->v->zoom, c->v->scale,
              (int) round (phase_x * 16), (int) round (phase_y * 16), r.width, r.height, margin);
}

/* The box or the outline of an object, as an image: objects of one size
 * class and colour share them, and cairo fills a rounded outline or a
 * dash gradient far more slowly than it copies one.  Kept until the
 * style changes, or there are too many. */
static cairo_surface_t *
object_part (Ctx            *c,
             gboolean        over,
             GmlSceneObject *o,
             GmlSceneRect    r,
             double          margin,
             double          phase_x,
             double          phase_y,
             int             width,
             int             height)
{
  GmlPainter *p = c->p;
  char geometry[96], key[160];
  cairo_surface_t *surface;
  cairo_t *cr;

  geometry_key (geometry, c, r, margin, phase_x, phase_y);
  if (over)
    g_snprintf (key, sizeof key, "over|%s|%d|%d", geometry,
                o->color == GML_SCENE_GC_WHITE, (o->flags & GML_SCENE_CHANGED) != 0);
  else
    g_snprintf (key, sizeof key, "under|%s|%d|%d|%d", geometry,
                o->color, (o->flags & GML_SCENE_NEW) != 0, o->var_name != NULL);
  surface = g_hash_table_lookup (p->parts, key);
  if (surface != NULL)
    return surface;

  surface = image_new (width, height);
  if (surface == NULL)
    return NULL;
  cr = cairo_create (surface);
  render_part (c, cr, over ? draw_object_over : draw_object_under, o, r, margin, phase_x, phase_y);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (g_hash_table_size (p->parts) >= MAX_CACHED_PARTS)
    g_hash_table_remove_all (p->parts);
  g_hash_table_insert (p->parts, g_strdup (key), surface);
  return surface;
}

/* The object in an image (see image_transform): its box, then its text,
 * then its outline, as drawing it directly. */
static cairo_surface_t *
render_object (Ctx            *c,
               GmlSceneObject *o,
               GmlSceneRect    r,
               double          margin,
               double          phase_x,
               double          phase_y)
{
  double k, dx, dy;
  int width, height;
  cairo_surface_t *under, *over, *surface;
  cairo_t *cr;

  image_transform (c, r, margin, phase_x, phase_y, &k, &dx, &dy);
  width = (int) ceil ((r.width + 2 * margin) * k + phase_x);
  height = (int) ceil ((r.height + 2 * margin) * k + phase_y);
  under = object_part (c, FALSE, o, r, margin, phase_x, phase_y, width, height);
  over = object_part (c, TRUE, o, r, margin, phase_x, phase_y, width, height);
  surface = under != NULL ? image_copy (under) : image_new (width, height);
  if (surface == NULL)
    return NULL;
  cr = cairo_create (surface);
  if (under == NULL)
    render_part (c, cr, draw_object_under, o, r, margin, phase_x, phase_y);
  {
    /* The text straight into the image: as nodes, its snapshot and
     * nodes cost as much as drawing it. */
    Ctx oc = image_ctx (c, NULL, cr);

    oc.runs = g_array_new (FALSE, FALSE, sizeof (GlyphRun));
    cairo_save (cr);
    cairo_translate (cr, dx, dy);
    cairo_scale (cr, k, k);
    draw_object_text_part (&oc, o, r);
    show_runs (&oc);
    cairo_restore (cr);
    g_array_unref (oc.runs);
  }
  if (over != NULL)
    {
      /* The outline is a ring at the edges (the sag of a rounded corner
       * is within two units of them): only that much is blended. */
      double x0 = r.x * k + dx, y0 = r.y * k + dy, x1 = x0 + r.width * k, y1 = y0 + r.height * k;
      double t = ceil ((stroke (c, 2) + 2) * k) + 2;

      cairo_rectangle (cr, floor (x0 - 2), floor (y0 - 2), ceil (x1 - x0 + 4), t + 2);
      cairo_rectangle (cr, floor (x0 - 2), floor (y1 - t), ceil (x1 - x0 + 4), t + 2);
      cairo_rectangle (cr, floor (x0 - 2), floor (y0 - 2), t + 2, ceil (y1 - y0 + 4));
      cairo_rectangle (cr, floor (x1 - t), floor (y0 - 2), t + 2, ceil (y1 - y0 + 4));
      cairo_set_source_surface (cr, over, 0, 0);
      cairo_fill (cr);
    }
  else
    render_part (c, cr, draw_object_over, o, r, margin, phase_x, phase_y);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* Painted in widget pixels (paint_placed). */
  cairo_surface_set_device_scale (surface, c->scale, c->scale);
  return surface;
}

/* Under GTK's cairo renderer a heap object at full detail is some
 * twenty nodes (box, outline, a dozen labels) rasterised again for every
 * frame of a pan.  Drawn once into an image -- keyed by `body` (what it
 * shows; taken) and the size, zoom, style and sub-pixel phase -- it
 * costs two plain copies a frame after.  Images are placed on whole
 * device pixels after the rest (draw_overlay): exactly where drawing
 * directly puts them when the scroll offset is on whole device pixels
 * (as the wheel and the keys scroll), within half a pixel otherwise.
 * Objects fading in or out use their image too, at the context's alpha,
 * so nothing shifts when a fade ends.  (A whole stack block is too big
 * an image to copy each frame; other renderers draw the nodes on the
 * GPU, and get them.) */
static void
draw_object_cached (Ctx            *c,
                    GString        *body,
                    GmlSceneObject *o,
                    GmlSceneRect    r,
                    double          margin)
{
  GmlPainter *p = c->p;
  double scale = c->scale;
  double canvas_x = (r.x - margin) * c->v->zoom * scale, canvas_y = (r.y - margin) * c->v->zoom * scale;
  double phase_x = canvas_x - floor (canvas_x), phase_y = canvas_y - floor (canvas_y);
  char geometry[96], prefix[112];
  g_autofree char *key = NULL;
  CachedObject *co;
  Placed placed;

  geometry_key (geometry, c, r, margin, phase_x, phase_y);
  g_snprintf (prefix, sizeof prefix, "%u|%s|", p->style_serial, geometry);
  g_string_prepend (body, prefix);
  key = g_string_free (body, FALSE);
  co = g_hash_table_lookup (p->objects, key);
  if (co == NULL)
    {
      co = g_new0 (CachedObject, 1);
      g_hash_table_insert (p->objects, g_steal_pointer (&key), co);
    }
  if (co->surface == NULL)
    {
      co->surface = render_object (c, o, r, margin, phase_x, phase_y);
      if (co->surface != NULL)
        p->image_bytes += image_size (co->surface);
    }
  if (co->surface == NULL)
    {
      draw_object_direct (c, o, r);
      return;
    }
  co->last_frame = p->frame;
  placed = (Placed) { co, (int) round (canvas_x - phase_x - c->v->x * scale),
                      (int) round (canvas_y - phase_y - c->v->y * scale), c->alpha };
  g_array_append_val (c->placed, placed);
}

static gboolean
can_cache (Ctx *c)
{
  return c->v->cairo_renderer && c->lod == LOD_FULL && c->placed != NULL && !c->p->no_images;
}

static void
append_slot_key (GString      *key,
                 GmlSceneSlot *slot)
{
  g_string_append_printf (key, "|%s|%s|%s|%u|%d", slot->name, slot->type, slot->value != NULL ? slot->value : "",
                          slot->flags, slot->target == 0);
}

/* Under GTK's cairo renderer, a zoomed-out heap is hundreds of plain
 * boxes a frame, and cairo spends some 5 µs on each fill whatever its
 * size: as a node each, boxes were half the frame.  So they are
 * gathered by layer and colour and filled together, one path each, in
 * the overlay's node (draw_overlay) -- objects overlap nothing else
 * there, so they can come last, under the pointers. */
static gboolean
can_batch (Ctx *c)
{
  return c->v->cairo_renderer && c->lod == LOD_BOXES && c->batches != NULL && !c->p->no_images;
}

static void
batch_rect (Ctx           *c,
            guint          layer,
            GmlSceneRect   r,
            const GdkRGBA *color,
            double         ring)
{
  double zoom = c->zoom;
  GdkRGBA t = tint (c, color);
  graphene_rect_t vr = GRAPHENE_RECT_INIT (r.x * zoom - c->v->x, r.y * zoom - c->v->y, r.width * zoom, r.height * zoom);
  BoxBatch *batch = NULL;

  for (guint i = 0; i < c->batches->len && batch == NULL; i++)
    {
      BoxBatch *b = &g_array_index (c->batches, BoxBatch, i);

      if (b->layer == layer && b->ring == ring * zoom && gdk_rgba_equal (&b->color, &t))
        batch = b;
    }
  if (batch == NULL)
    {
      BoxBatch b = { layer, t, ring * zoom, g_array_new (FALSE, FALSE, sizeof (graphene_rect_t)) };

      g_array_append_val (c->batches, b);
      batch = &g_array_index (c->batches, BoxBatch, c->batches->len - 1);
    }
  g_array_append_val (batch->rects, vr);
}

/* draw_object_direct () at LOD_BOXES, batched. */
static void
draw_object_batched (Ctx            *c,
                     GmlSceneObject *o,
                     GmlSceneRect    r)
{
  const GmlPalette *pal = &c->p->palette;
  const GdkRGBA *bg, *fg;

  object_colors (c, o, &bg, &fg);
  batch_rect (c, 0, r, bg, 0);
  if (o->var_name != NULL)
    batch_rect (c, 1, (GmlSceneRect) { r.x, r.y + 3, stroke (c, 3), r.height - 6 }, &pal->heap_badge, 0);
  if (o->color == GML_SCENE_GC_WHITE)
    batch_rect (c, 2, r, &pal->gc_white_fg, MAX (stroke (c, 1.5), 1.0 / c->v->zoom));
  else
    batch_rect (c, 2, r, (o->flags & GML_SCENE_CHANGED) ? &pal->heap_goal : &pal->border,
                stroke (c, (o->flags & GML_SCENE_CHANGED) ? 2 : 1));
}

static int
compare_batches (gconstpointer a,
                 gconstpointer b)
{
  const BoxBatch *x = a, *y = b;

  return (x->layer > y->layer) - (x->layer < y->layer);
}

/* The batches' bounds, in viewport pixels; FALSE if there are none. */
static gboolean
batches_extents (Ctx                   *c,
                 cairo_rectangle_int_t *extents)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (guint i = 0; i < c->batches->len; i++)
    {
      GArray *rects = g_array_index (c->batches, BoxBatch, i).rects;

      for (guint j = 0; j < rects->len; j++)
        {
          const graphene_rect_t *r = &g_array_index (rects, graphene_rect_t, j);

          x0 = MIN (x0, r->origin.x);
          y0 = MIN (y0, r->origin.y);
          x1 = MAX (x1, r->origin.x + r->size.width);
          y1 = MAX (y1, r->origin.y + r->size.height);
        }
    }
  if (x0 > x1)
    return FALSE;
  extents->x = (int) floor (x0);
  extents->y = (int) floor (y0);
  extents->width = (int) ceil (x1) - extents->x;
  extents->height = (int) ceil (y1) - extents->y;
  return TRUE;
}

/* Each batch one path and one fill: a ring is its outer rectangle
 * clockwise and its inner one the other way round, so with the nonzero
 * rule rings that touch stay whole (GTK draws a border the same way,
 * with the even-odd rule). */
static void
paint_batches (Ctx     *c,
               cairo_t *cr)
{
  g_array_sort (c->batches, compare_batches);
  for (guint i = 0; i < c->batches->len; i++)
    {
      BoxBatch *b = &g_array_index (c->batches, BoxBatch, i);

      for (guint j = 0; j < b->rects->len; j++)
        {
          const graphene_rect_t *r = &g_array_index (b->rects, graphene_rect_t, j);
          double x = r->origin.x, y = r->origin.y, w = r->size.width, h = r->size.height, k = b->ring;

          cairo_rectangle (cr, x, y, w, h);
          if (k > 0 && 2 * k < w && 2 * k < h)
            {
              cairo_move_to (cr, x + k, y + k);
              cairo_line_to (cr, x + k, y + h - k);
              cairo_line_to (cr, x + w - k, y + h - k);
              cairo_line_to (cr, x + w - k, y + k);
              cairo_close_path (cr);
            }
        }
      gdk_cairo_set_source_rgba (cr, &b->color);
      cairo_fill (cr);
    }
}

static void
batch_free (gpointer data)
{
  g_array_unref (((BoxBatch *) data)->rects);
}

static void
draw_object (Ctx            *c,
             GmlSceneObject *o,
             GmlSceneRect    r)
{
  GString *body;

  if (can_batch (c))
    {
      draw_object_batched (c, o, r);
      return;
    }
  if (!can_cache (c))
    {
      draw_object_direct (c, o, r);
      return;
    }
  body = g_string_sized_new (160);
  g_string_append_printf (body, "O|%s|%s|%u|%d|%u|%u", o->type, o->var_name != NULL ? o->var_name : "",
                          o->size, o->color, o->flags, o->n_fields);
  for (guint f = 0; f < o->n_fields; f++)
    append_slot_key (body, gml_scene_field (c->scene, o->first_field + f));
  /* The glow of a new object reaches outside its rect. */
  draw_object_cached (c, body, o, r, ceil (stroke (c, 3) + 2 / c->zoom));
}

/* The cached images, in viewport coordinates: objects do not overlap
 * what else the scene draws, so they can come last, under the arrows,
 * and share the arrows' cairo node (see draw_overlay): GTK's cairo
 * renderer draws a texture node with a padded pattern, off pixman's fast
 * paths (some 250 µs for an object), and a cairo node of its own each
 * would cost an image of its bounds each. */
static void
placed_rect (Ctx                   *c,
             const Placed          *pl,
             cairo_rectangle_int_t *rect)
{
  double scale = c->scale;

  rect->x = (int) floor (pl->x / scale);
  rect->y = (int) floor (pl->y / scale);
  rect->width = (int) ceil ((pl->x + cairo_image_surface_get_width (pl->co->surface)) / scale) - rect->x;
  rect->height = (int) ceil ((pl->y + cairo_image_surface_get_height (pl->co->surface)) / scale) - rect->y;
}

static gboolean
placed_overlap (const Placed *a,
                const Placed *b)
{
  return a->x < b->x + cairo_image_surface_get_width (b->co->surface) &&
         b->x < a->x + cairo_image_surface_get_width (a->co->surface) &&
         a->y < b->y + cairo_image_surface_get_height (b->co->surface) &&
         b->y < a->y + cairo_image_surface_get_height (a->co->surface);
}

/* The images go first into the node's image, which cairo starts clear:
 * one that overlaps no other (the margins for a new object's glow can
 * meet at small zooms) and is not fading is copied, not blended, which
 * pixman does several times faster. */
static void
paint_placed (Ctx     *c,
              cairo_t *cr)
{
  double scale = c->scale;

  for (guint i = 0; i < c->placed->len; i++)
    {
      const Placed *pl = &g_array_index (c->placed, Placed, i);
      gboolean copy = pl->alpha >= 1;

      for (guint j = 0; j < c->placed->len && copy; j++)
        copy = j == i || !placed_overlap (pl, &g_array_index (c->placed, Placed, j));
      cairo_set_source_surface (cr, pl->co->surface, pl->x / scale, pl->y / scale);
      if (copy)
        {
          cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
          cairo_rectangle (cr, pl->x / scale, pl->y / scale, cairo_image_surface_get_width (pl->co->surface) / scale,
                           cairo_image_surface_get_height (pl->co->surface) / scale);
          cairo_fill (cr);
          cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
        }
      else
        cairo_paint_with_alpha (cr, pl->alpha);
    }
}

/* An image the cache could drop. */
typedef struct
{
  const char *key;
  guint64     last_frame;
} Stale;

static int
compare_last_frame (gconstpointer a,
                    gconstpointer b)
{
  const Stale *x = a, *y = b;

  return (x->last_frame > y->last_frame) - (x->last_frame < y->last_frame);
}

/* Past three quarters of the budget, drops a few of the images least
 * lately drawn (not in the last frames) each frame: freeing hundreds at
 * once took 5 ms, a frame's worth.  Past the budget, as many as it
 * takes, and all of them if that is not enough. */
static void
trim_object_cache (GmlPainter *p)
{
  g_autoptr (GArray) stale = NULL;
  GHashTableIter iter;
  CachedObject *co;
  const char *key;

  if (p->image_bytes <= MAX_CACHED_IMAGE_BYTES / 4 * 3)
    return;
  stale = g_array_new (FALSE, FALSE, sizeof (Stale));
  g_hash_table_iter_init (&iter, p->objects);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &co))
    if (co->last_frame + 2 < p->frame)
      g_array_append_val (stale, ((Stale) { key, co->last_frame }));
  g_array_sort (stale, compare_last_frame);
  for (guint i = 0; i < stale->len; i++)
    {
      if (i >= EVICT_PER_FRAME && p->image_bytes <= MAX_CACHED_IMAGE_BYTES)
        break;
      co = g_hash_table_lookup (p->objects, g_array_index (stale, Stale, i).key);
      if (co->surface != NULL)
        p->image_bytes -= image_size (co->surface);
      g_hash_table_remove (p->objects, g_array_index (stale, Stale, i).key);
    }
  if (p->image_bytes > MAX_CACHED_IMAGE_BYTES)
    clear_images (p);
}

static GmlSceneRect
object_rect (Ctx     *c,
             guint32  index)
{
  if (c->tr == NULL)
    return gml_scene_object (c->scene, index)->rect;
  return gml_scene_transition_object_rect (c->tr, index, c->t);
}

static void
draw_span_header (Ctx          *c,
                  GmlSceneSpan *span)
{
  const GmlPalette *pal = &c->p->palette;
  g_autofree char *addr = gml_scene_short_addr (span->base);
  g_autofree char *bytes = gml_scene_format_bytes ((guint64) span->npages * PAGE_SIZE);
  g_autofree char *str = NULL;
  double bar_w = c->row * 3, bar_h = c->row * 0.35;
  double used = span->nelems > 0 ? (double) span->allocated / span->nelems : 1;
  double bar_x = span->rect.x + span->rect.width - bar_w;
  double bar_y = span->rect.y + (c->row - bar_h) / 2;

  /* Translators: a heap span: its address, size and slots in use. */
  str = g_strdup_printf (_("span %s · %s · %u of %u slots used"), addr, bytes,
                         span->allocated, span->nelems);
  text (c, STYLE_SMALL, str, span->rect.x, span->rect.y, span->rect.width - bar_w - c->pad,
        &pal->dim, PANGO_ALIGN_LEFT);
  fill (c, GRAPHENE_RECT_INIT (bar_x, bar_y, bar_w, bar_h), &pal->faint);
  fill (c, GRAPHENE_RECT_INIT (bar_x, bar_y, bar_w * used, bar_h), &pal->heap_area);
}

/* One strip per span when zoomed far out: its fill and colour split. */
static void
draw_span_strip (Ctx          *c,
                 GmlSceneSpan *span)
{
  const GmlPalette *pal = &c->p->palette;
  guint n[4] = { 0 };
  graphene_rect_t body = grect (&span->body);
  double x = body.origin.x;

  fill (c, body, &pal->faint);
  for (guint i = 0; i < span->n_objects; i++)
    n[gml_scene_object (c->scene, span->first_object + i)->color]++;
  for (guint k = 0; k < 4; k++)
    {
      const GdkRGBA *colors[4] = { &pal->card, &pal->gc_white, &pal->gc_grey, &pal->gc_black };
      double w = span->n_objects > 0 ? body.size.width * n[k] / span->n_objects : 0;

      if (w <= 0)
        continue;
      fill (c, GRAPHENE_RECT_INIT (x, body.origin.y, w, body.size.height), colors[k]);
      x += w;
    }
  box (c, body, 0, NULL, &pal->border, 1 / c->zoom);
}

static void
draw_group_header (Ctx           *c,
                   GmlSceneGroup *group)
{
  g_autofree char *size = gml_scene_format_bytes (group->elemsize);
  g_autofree char *str = NULL;

  if (group->sizeclass == 0)
    /* Translators: heading of the heap's large objects; %s is a size. */
    str = g_strdup_printf (_("Large objects · %s"), size);
  else
    /* Translators: heading of one size class in the heap. */
    str = g_strdup_printf (_("%s objects · size class %u"), size, group->sizeclass);
  text (c, STYLE_SMALL_BOLD, str, group->rect.x, group->rect.y, group->rect.width,
        &c->p->palette.fg, PANGO_ALIGN_LEFT);
}

static void
draw_spans (Ctx *c)
{
  for (guint g = 0; g < c->scene->groups->len; g++)
    {
      GmlSceneGroup *group = &g_array_index (c->scene->groups, GmlSceneGroup, g);

      if (!visible (c, &group->rect))
        continue;
      if (c->lod == LOD_FULL)
        draw_group_header (c, group);
      for (guint k = group->first_span; k < group->first_span + group->n_spans; k++)
        {
          GmlSceneSpan *span = gml_scene_span (c->scene, g_array_index (c->scene->heap_order, guint32, k));

          if (!visible (c, &span->rect))
            continue;
          if (c->lod == LOD_STRIPS)
            {
              draw_span_strip (c, span);
              continue;
            }
          if (c->lod == LOD_FULL)
            draw_span_header (c, span);
          for (guint i = 0; i < span->n_objects; i++)
            {
              guint32 index = span->first_object + i;
              GmlSceneRect r = object_rect (c, index);
              gboolean fresh = c->tr != NULL && gml_scene_transition_object_is_new (c->tr, index);

              if (!visible (c, &r))
                continue;
              c->alpha = fresh ? c->t : 1;
              draw_object (c, gml_scene_object (c->scene, index), r);
              c->alpha = 1;
            }
        }
    }
}

/* Freed objects and returned frames fade out where they were. */
static void
draw_ghosts (Ctx *c)
{
  Ctx old = *c;

  if (c->tr == NULL || c->t >= 1)
    return;

  old.scene = c->tr->from;
  old.tr = NULL;
  old.alpha = 1 - c->t;
  for (guint i = 0; i < c->tr->gone_objects->len; i++)
    {
      GmlSceneObject *o = gml_scene_object (old.scene, g_array_index (c->tr->gone_objects, guint32, i));

      if (visible (&old, &o->rect))
        draw_object (&old, o, o->rect);
    }
  for (guint i = 0; i < c->tr->gone_frames->len; i++)
    {
      guint32 index = g_array_index (c->tr->gone_frames, guint32, i);

      draw_frame (&old, gml_scene_frame (old.scene, index), index, FALSE);
    }
}

static void
draw_titles (Ctx *c)
{
  const GmlPalette *pal = &c->p->palette;
  GmlScene *scene = c->scene;
  guint64 bytes = 0;
  g_autofree char *total = NULL;
  g_autofree char *subtitle = NULL;
  GmlSceneRect stacks_title = { 0, 0, scene->stacks_rect.width, c->row * 1.2 };
  GmlSceneRect heap_title = { scene->heap_rect.x, scene->heap_rect.y, scene->heap_rect.width, c->row * 1.2 };
  double w;

  if (c->lod != LOD_FULL)
    return;

  if (visible (c, &stacks_title))
    text_in (c, STYLE_TITLE, _("Stacks"), 0, 0, scene->stacks_rect.width, c->row * 1.2,
             &pal->fg, PANGO_ALIGN_LEFT);
  if (!visible (c, &heap_title))
    return;
  for (guint i = 0; i < scene->objects->len; i++)
    bytes += gml_scene_object (scene, i)->size;
  total = gml_scene_format_bytes (bytes);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u object · %s", "%u objects · %s",
                                           scene->objects->len),
                              scene->objects->len, total);

  w = text_width (c, STYLE_TITLE, _("Heap"));
  text_in (c, STYLE_TITLE, _("Heap"), scene->heap_rect.x, scene->heap_rect.y, w + c->pad, c->row * 1.2,
           &pal->fg, PANGO_ALIGN_LEFT);
  text_in (c, STYLE_SMALL, subtitle, scene->heap_rect.x + w + c->pad, scene->heap_rect.y,
           MAX (scene->heap_rect.width - w - c->pad, c->row * 8), c->row * 1.2, &pal->dim,
           PANGO_ALIGN_LEFT);
}

/* Arrows and dashed outlines: one cairo node ------------------------------ */

typedef enum
{
  ENTER_LEFT,    /* the object's left edge, from the left */
  ENTER_TOP,     /* the object's top edge, from above */
  ENTER_RIGHT,   /* a stack slot's right edge, from the right */
} Enter;

static Enter
arrow_ends (Ctx                 *c,
            const GmlSceneArrow *a,
            double              *x1,
            double              *y1,
            double              *x2,
            double              *y2)
{
  GmlSceneRect from, to;

  if (a->from_kind == GML_SCENE_FROM_SLOT)
    from = slot_rect (c, a->from);
  else if (a->from_kind == GML_SCENE_FROM_GLOBAL)
    from = gml_scene_global (c->scene, a->from)->rect;
  else
    {
      GmlSceneSlot *field = gml_scene_field (c->scene, a->from);
      GmlSceneRect owner = object_rect (c, field->owner);

      from = field->rect;
      from.x = owner.x;
      from.y = owner.y + (field->rect.y - gml_scene_object (c->scene, field->owner)->rect.y);
    }
  *x1 = from.x + from.width - c->pad * 0.9;
  *y1 = from.y + from.height / 2;

  if (a->to_kind == GML_SCENE_TO_SLOT)
    {
      to = slot_rect (c, a->to);
      *x2 = to.x + to.width;
      *y2 = to.y + to.height / 2;
      return ENTER_RIGHT;
    }
  to = object_rect (c, a->to);
  /* An object below and to the left (the heap under the stacks, or a
   * field pointing back) is entered from the top. */
  if (to.x < *x1 - c->row && to.y > *y1 + c->row)
    {
      *x2 = to.x + MIN (to.width / 2, c->row * 2);
      *y2 = to.y;
      return ENTER_TOP;
    }
  *x2 = to.x;
  *y2 = to.y + c->row / 2;
  return ENTER_LEFT;
}

/* The arrow's curve: a cubic Bézier, its four control points as x, y
 * pairs in canvas units. */
static void
arrow_bezier (Ctx                 *c,
              const GmlSceneArrow *a,
              double               p[8])
{
  double x1, y1, x2, y2, dx, head = c->row * 0.45;
  Enter enter = arrow_ends (c, a, &x1, &y1, &x2, &y2);

  dx = MAX (fabs (x2 - x1) * 0.45, c->row * 2);
  p[0] = x1;
  p[1] = y1;
  p[6] = x2;
  p[7] = y2;
  switch (enter)
    {
    case ENTER_RIGHT:
      p[2] = x1 + dx, p[3] = y1, p[4] = x2 + dx, p[5] = y2;
      p[6] = x2 + head * 0.8;
      break;
    case ENTER_TOP:
      p[2] = x1 + c->row * 3, p[3] = y1, p[4] = x2, p[5] = y2 - MAX (fabs (y2 - y1) * 0.5, c->row * 2);
      p[7] = y2 - head * 0.8;
      break;
    case ENTER_LEFT:
    default:
      p[2] = x1 + dx, p[3] = y1, p[4] = x2 - dx, p[5] = y2;
      p[6] = x2 - head * 0.8;
      break;
    }
}

/* Strokes the arrow's curve into r (which skips what is off its mask). */
static void
arrow_curve (Ctx                 *c,
             GmlRaster           *r,
             const GmlSceneArrow *a)
{
  double p[8];

  arrow_bezier (c, a, p);
  gml_raster_move_to (r, p[0], p[1]);
  gml_raster_curve_to (r, p[2], p[3], p[4], p[5], p[6], p[7]);
}

/* The length in device pixels of the arrow's curve near the view, an
 * estimate for the ink budget. */
static double
arrow_ink (Ctx                 *c,
           const GmlSceneArrow *a)
{
  double p[8];
  double margin = c->row;
  double vx0 = c->visible.origin.x - margin, vy0 = c->visible.origin.y - margin;
  double vx1 = vx0 + c->visible.size.width + 2 * margin, vy1 = vy0 + c->visible.size.height + 2 * margin;
  double chord, px, py, ink = 0;
  guint n;

  arrow_bezier (c, a, p);
  chord = hypot (p[2] - p[0], p[3] - p[1]) + hypot (p[4] - p[2], p[5] - p[3]) + hypot (p[6] - p[4], p[7] - p[5]);
  /* Wholly in view (the control points bound the curve): its length is
   * near the control polygon's. */
  if (MIN (MIN (p[0], p[2]), MIN (p[4], p[6])) >= vx0 && MAX (MAX (p[0], p[2]), MAX (p[4], p[6])) <= vx1 &&
      MIN (MIN (p[1], p[3]), MIN (p[5], p[7])) >= vy0 && MAX (MAX (p[1], p[3]), MAX (p[5], p[7])) <= vy1)
    return chord * 0.8 * c->v->zoom;

  /* One segment per 24 screen pixels of the control polygon is close
   * enough. */
  n = CLAMP ((guint) (chord * c->v->zoom / 24), 4, 100);
  px = p[0];
  py = p[1];
  for (guint i = 1; i <= n; i++)
    {
      double t = (double) i / n, u = 1 - t;
      double x = u * u * u * p[0] + 3 * u * u * t * p[2] + 3 * u * t * t * p[4] + t * t * t * p[6];
      double y = u * u * u * p[1] + 3 * u * u * t * p[3] + 3 * u * t * t * p[5] + t * t * t * p[7];

      if (MAX (px, x) >= vx0 && MIN (px, x) <= vx1 && MAX (py, y) >= vy0 && MIN (py, y) <= vy1)
        ink += hypot (x - px, y - py);
      px = x;
      py = y;
    }
  return ink * c->v->zoom;
}

/* Fills the arrow's head and its start dot. */
static void
arrow_ends_shapes (Ctx                 *c,
                   GmlRaster           *r,
                   const GmlSceneArrow *a)
{
  double x1, y1, x2, y2, head = c->row * 0.45, dot = c->row * 0.18;
  Enter enter = arrow_ends (c, a, &x1, &y1, &x2, &y2);
  double angle = enter == ENTER_RIGHT ? G_PI : enter == ENTER_TOP ? G_PI / 2 : 0;
  double ca = cos (angle), sa = sin (angle);

  gml_raster_fill_circle (r, x1, y1, dot);
  gml_raster_fill_triangle (r, x2, y2,
                            x2 + (-head * ca + head * 0.55 * sa), y2 + (-head * sa - head * 0.55 * ca),
                            x2 + (-head * ca - head * 0.55 * sa), y2 + (-head * sa + head * 0.55 * ca));
}

/* Draws the shown arrows that are (or are not) emphasised into r. */
static void
draw_arrows (Ctx       *c,
             GmlRaster *r,
             GArray    *shown,
             gboolean   emphasised)
{
  GArray *arrows = c->scene->arrows;

  gml_raster_set_alpha (r, 1);
  gml_raster_set_line_width (r, MAX (stroke (c, emphasised ? 2.6 : 1.8), 1.0 / c->v->zoom));
  for (guint i = 0; i < shown->len; i++)
    {
      GmlSceneArrow *a = &g_array_index (arrows, GmlSceneArrow, g_array_index (shown, guint32, i));

      if (((a->flags & GML_SCENE_CHANGED) != 0) != emphasised)
        continue;
      arrow_curve (c, r, a);
      arrow_ends_shapes (c, r, a);
    }
}

/* Pointers about the selection, the hovered item or a change are always
 * drawn in full. */
static gboolean
arrow_touches (Ctx                 *c,
               const GmlSceneArrow *a,
               GmlSceneItemKind     kind,
               guint32              index)
{
  GmlSceneSlot *from;

  if (kind == GML_SCENE_ITEM_NONE)
    return FALSE;
  if (kind == GML_SCENE_ITEM_OBJECT && a->to_kind == GML_SCENE_TO_OBJECT && a->to == index)
    return TRUE;
  if (kind == GML_SCENE_ITEM_SLOT && a->from_kind == GML_SCENE_FROM_SLOT && a->from == index)
    return TRUE;
  if (kind == GML_SCENE_ITEM_GLOBAL && a->from_kind == GML_SCENE_FROM_GLOBAL && a->from == index)
    return TRUE;
  if (a->from_kind != GML_SCENE_FROM_FIELD)
    return FALSE;
  from = gml_scene_field (c->scene, a->from);
  return (kind == GML_SCENE_ITEM_OBJECT && from->owner == index) ||
         (kind == GML_SCENE_ITEM_FIELD && a->from == index);
}

typedef struct
{
  guint32 index;
  gboolean must;
  double  ink;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->must != y->must)
    return x->must ? -1 : 1;
  return x->ink < y->ink ? -1 : x->ink > y->ink;
}

/* The level of detail of pointers: with more line than INK_BUDGET in
 * view (a big heap, or many long pointers crossing it), the shortest are
 * drawn in full and the others as a stub at their slot, which still says
 * "a pointer"; hovering or selecting either end draws it in full.
 * Splits `shown` into what is drawn in full and `stubs`. */
static void
apply_ink_budget (Ctx    *c,
                  GArray *shown,
                  GArray *stubs)
{
  GArray *arrows = c->scene->arrows;
  g_autoptr (GArray) candidates = g_array_sized_new (FALSE, FALSE, sizeof (Candidate), shown->len);
  double ink = 0;
  guint kept = 0;

  for (guint i = 0; i < shown->len; i++)
    {
      guint32 index = g_array_index (shown, guint32, i);
      GmlSceneArrow *a = &g_array_index (arrows, GmlSceneArrow, index);
      Candidate cand = { index, FALSE, 0 };

      cand.must = (a->flags & GML_SCENE_CHANGED) || arrow_touches (c, a, c->v->selected_kind, c->v->selected) ||
                  arrow_touches (c, a, c->v->hover_kind, c->v->hover);
      cand.ink = arrow_ink (c, a);
      g_array_append_val (candidates, cand);
    }
  g_array_sort (candidates, compare_candidates);

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *cand = &g_array_index (candidates, Candidate, i);

      if (cand->must || ink + cand->ink <= INK_BUDGET)
        {
          ink += cand->ink;
          g_array_index (shown, guint32, kept++) = cand->index;
        }
      else
        g_array_append_val (stubs, cand->index);
    }
  g_array_set_size (shown, kept);
}

static void
draw_stubs (Ctx       *c,
            GmlRaster *r,
            GArray    *stubs)
{
  gml_raster_set_alpha (r, 0.7);
  gml_raster_set_line_width (r, MAX (stroke (c, 1.8), 1.0 / c->v->zoom));
  for (guint i = 0; i < stubs->len; i++)
    {
      double x1, y1, x2, y2;

      arrow_ends (c, &g_array_index (c->scene->arrows, GmlSceneArrow, g_array_index (stubs, guint32, i)),
                  &x1, &y1, &x2, &y2);
      gml_raster_move_to (r, x1, y1);
      gml_raster_line_to (r, x1 + c->pad * 1.6, y1);
    }
}

static gboolean
arrow_visible (Ctx                 *c,
               const GmlSceneArrow *a)
{
  double x1, y1, x2, y2;
  GmlSceneRect bounds;

  arrow_ends (c, a, &x1, &y1, &x2, &y2);
  bounds = (GmlSceneRect) { MIN (x1, x2) - c->row * 4, MIN (y1, y2) - c->row,
                            fabs (x2 - x1) + c->row * 8, fabs (y2 - y1) + c->row * 2 };
  return visible (c, &bounds);
}


/* Grows `ink` (if `*any`, else sets it) to hold `part`. */
static void
grow (cairo_rectangle_int_t       *ink,
      gboolean                    *any,
      const cairo_rectangle_int_t *part)
{
  if (*any)
    gdk_rectangle_union ((const GdkRectangle *) ink, (const GdkRectangle *) part, (GdkRectangle *) ink);
  else
    *ink = *part;
  *any = TRUE;
}

/* A coverage mask over the viewport, in device pixels, taking canvas
 * units.  The painter keeps two of each kind and takes turns: the
 * frame before's render node may still hold its masks (the renderer
 * keeps it to compare), and cairo would have to copy one to clear it. */
static GmlRaster *
overlay_raster (Ctx      *c,
                gboolean  emphasised)
{
  GmlRaster **r = &c->p->rasters[c->p->frame & 1][emphasised];

  *r = gml_raster_reuse (*r, 0, 0, (int) ceil (c->v->width), (int) ceil (c->v->height),
                         c->scale);
  gml_raster_set_transform (*r, c->zoom, -c->v->x, -c->v->y);
  return *r;
}

/* The pointers of what c->visible covers, rasterised by GmlRaster (cairo
 * 1.16 strokes long anti-aliased lines about twenty times more slowly)
 * and composited by one cairo node, in viewport pixels outside the zoom,
 * only as big as what was drawn: cairo replays a node through an image of
 * its bounds. */
static void
draw_overlay (Ctx *c)
{
  GArray *arrows = c->scene->arrows;
  g_autoptr (GArray) shown = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) stubs = g_array_new (FALSE, FALSE, sizeof (guint32));
  GmlRaster *plain = NULL, *emphasised = NULL;
  cairo_rectangle_int_t ink = { 0 }, part;
  gboolean any = FALSE, any_plain = FALSE, any_emphasised = FALSE;
  cairo_t *cr;

  if (c->lod != LOD_STRIPS)
    {
      for (guint32 i = 0; i < arrows->len; i++)
        if (arrow_visible (c, &g_array_index (arrows, GmlSceneArrow, i)))
          g_array_append_val (shown, i);
      if (c->lod == LOD_BOXES && shown->len > MAX_ARROWS_BOXES)
        g_array_set_size (shown, 0);
      apply_ink_budget (c, shown, stubs);
    }
  if (shown->len > 0 || stubs->len > 0)
    {
      plain = overlay_raster (c, FALSE);
      draw_stubs (c, plain, stubs);
      draw_arrows (c, plain, shown, FALSE);
      any = any_plain = gml_raster_get_extents (plain, &ink);
      for (guint i = 0; i < shown->len && !any_emphasised; i++)
        any_emphasised = (g_array_index (arrows, GmlSceneArrow, g_array_index (shown, guint32, i)).flags &
                          GML_SCENE_CHANGED) != 0;
      if (any_emphasised)
        {
          emphasised = overlay_raster (c, TRUE);
          draw_arrows (c, emphasised, shown, TRUE);
          any_emphasised = gml_raster_get_extents (emphasised, &part);
          if (any_emphasised)
            grow (&ink, &any, &part);
        }
    }
  if (batches_extents (c, &part))
    grow (&ink, &any, &part);
  for (guint i = 0; i < c->placed->len; i++)
    {
      placed_rect (c, &g_array_index (c->placed, Placed, i), &part);
      grow (&ink, &any, &part);
    }
  if (!any ||
      !gdk_rectangle_intersect ((GdkRectangle *) &ink,
                                &(GdkRectangle) { 0, 0, (int) ceil (c->v->width), (int) ceil (c->v->height) },
                                (GdkRectangle *) &ink))
    return;

  /* One node: the cairo renderer replays a node through an image of its
   * bounds, so the objects' images and the arrows share one. */
  cr = gtk_snapshot_append_cairo (c->s, &GRAPHENE_RECT_INIT (ink.x, ink.y, ink.width, ink.height));
  paint_batches (c, cr);
  paint_placed (c, cr);
  if (any_plain)
    {
      gdk_cairo_set_source_rgba (cr, &c->p->palette.arrow);
      cairo_mask_surface (cr, gml_raster_get_surface (plain), 0, 0);
    }
  if (any_emphasised)
    {
      gdk_cairo_set_source_rgba (cr, &c->p->palette.heap_goal);
      cairo_mask_surface (cr, gml_raster_get_surface (emphasised), 0, 0);
    }
  cairo_destroy (cr);
}

/* Selection and hover ---------------------------------------------------- */

static gboolean
item_rect (Ctx              *c,
           GmlSceneItemKind  kind,
           guint32           index,
           GmlSceneRect     *r)
{
  GmlScene *scene = c->scene;

  switch (kind)
    {
    case GML_SCENE_ITEM_GOROUTINE:
      if (index >= scene->goroutines->len)
        return FALSE;
      *r = gml_scene_goroutine (scene, index)->stack_rect;
      return TRUE;
    case GML_SCENE_ITEM_FRAME:
      if (index >= scene->frames->len)
        return FALSE;
      *r = frame_rect (c, index);
      return TRUE;
    case GML_SCENE_ITEM_SLOT:
      if (index >= scene->slots->len)
        return FALSE;
      *r = slot_rect (c, index);
      return TRUE;
    case GML_SCENE_ITEM_OBJECT:
      if (index >= scene->objects->len)
        return FALSE;
      *r = object_rect (c, index);
      return TRUE;
    case GML_SCENE_ITEM_FIELD:
      if (index >= scene->fields->len)
        return FALSE;
      *r = gml_scene_field (scene, index)->rect;
      return TRUE;
    case GML_SCENE_ITEM_SPAN:
      if (index >= scene->spans->len)
        return FALSE;
      *r = gml_scene_span (scene, index)->rect;
      return TRUE;
    case GML_SCENE_ITEM_GLOBAL:
      if (index >= scene->globals->len)
        return FALSE;
      *r = gml_scene_global (scene, index)->rect;
      return TRUE;
    case GML_SCENE_ITEM_NONE:
    default:
      return FALSE;
    }
}

static void
draw_outline (Ctx              *c,
              GmlSceneItemKind  kind,
              guint32           index,
              const GdkRGBA    *color,
              double            width)
{
  GmlSceneRect r;
  graphene_rect_t g;
  double w = MAX (stroke (c, width), width / c->v->zoom);

  if (!item_rect (c, kind, index, &r))
    return;
  g = grect (&r);
  graphene_rect_inset (&g, -w, -w);
  box (c, g, 7, NULL, color, w);
}

static void
draw_lesson_mark (Ctx                  *c,
                  const GmlPainterMark *mark)
{
  const GmlPalette *pal = &c->p->palette;
  const GdkRGBA *color = &pal->accent;
  const char *tag = NULL;
  GmlSceneRect r;
  graphene_rect_t g;
  double w;

  if (!item_rect (c, mark->kind, mark->index, &r) || !visible (c, &r))
    return;
  switch (mark->style)
    {
    case GML_PAINTER_MARK_HIGHLIGHT:
      {
        GdkRGBA tint = with_alpha (&pal->lesson, 0.14);

        w = MAX (stroke (c, 3), 3 / c->v->zoom);
        g = grect (&r);
        graphene_rect_inset (&g, -w, -w);
        box (c, g, 7, &tint, &pal->lesson, w);
        return;
      }
    case GML_PAINTER_MARK_PICKED:
      /* Translators: an object the learner picked for a quiz. */
      tag = _("picked");
      break;
    case GML_PAINTER_MARK_RIGHT:
      color = &pal->right;
      /* Translators: a picked object that is in the quiz's answer. */
      tag = _("✓ right");
      break;
    case GML_PAINTER_MARK_WRONG:
      color = &pal->wrong;
      /* Translators: a picked object that is not in the quiz's answer. */
      tag = _("✗ wrong");
      break;
    case GML_PAINTER_MARK_ANSWER:
      color = &pal->right;
      /* Translators: an object of a quiz's answer, after "Show Answer". */
      tag = _("answer");
      break;
    case GML_PAINTER_MARK_MISSED:
    default:
      color = &pal->missed;
      /* Translators: an object of the quiz's answer the learner did not pick. */
      tag = _("missed");
      break;
    }
  w = MAX (stroke (c, 4), 4 / c->v->zoom);
  g = grect (&r);
  graphene_rect_inset (&g, -w, -w);
  box (c, g, 7, NULL, color, w);
  if (c->lod == LOD_FULL)
    {
      double tw = text_width (c, STYLE_SMALL_BOLD, tag) + c->pad;

      pill (c, tag, g.origin.x + g.size.width - tw, g.origin.y - c->row * 0.75, color, &pal->accent_fg);
    }
}

static void
draw_marks (Ctx *c)
{
  const GmlPalette *pal = &c->p->palette;

  /* Highlights under the pick marks, marks under hover and selection. */
  for (guint i = 0; i < c->v->n_marks; i++)
    if (c->v->marks[i].style == GML_PAINTER_MARK_HIGHLIGHT)
      draw_lesson_mark (c, &c->v->marks[i]);
  for (guint i = 0; i < c->v->n_marks; i++)
    if (c->v->marks[i].style != GML_PAINTER_MARK_HIGHLIGHT)
      draw_lesson_mark (c, &c->v->marks[i]);

  if (c->v->hover_kind != GML_SCENE_ITEM_NONE &&
      (c->v->hover_kind != c->v->selected_kind || c->v->hover != c->v->selected))
    {
      GdkRGBA hover = with_alpha (&pal->accent, 0.5);

      draw_outline (c, c->v->hover_kind, c->v->hover, &hover, 2);
    }
  if (c->v->selected_kind != GML_SCENE_ITEM_NONE)
    draw_outline (c, c->v->selected_kind, c->v->selected, &pal->accent, 3);
}

/* Arena ------------------------------------------------------------------ */

typedef struct
{
  guint64 lo;        /* first page's address */
  guint64 n_pages;
  guint   columns;   /* pages a row */
  double  cell_w, cell_h;
  double  top;
} Arena;

static void
arena_init (GmlPainter *p,
            GmlScene   *scene,
            Arena      *a)
{
  double row = ceil (p->metrics.line_height * 1.45);
  guint64 hi = 0;

  a->lo = G_MAXUINT64;
  for (guint i = 0; i < scene->spans->len; i++)
    {
      GmlSceneSpan *span = gml_scene_span (scene, i);

      a->lo = MIN (a->lo, span->base);
      hi = MAX (hi, span->base + (guint64) span->npages * PAGE_SIZE);
    }
  if (a->lo == G_MAXUINT64)
    a->lo = hi = 0;
  a->cell_w = ceil (p->metrics.char_width * 8);
  a->cell_h = ceil (row * 2.2);
  /* As many pages a row as the canvas the scene was laid out for holds,
   * in whole 64 KiB groups of eight. */
  a->columns = scene->layout_width > 0 ? (guint) (scene->layout_width / a->cell_w) / 8 * 8 : 16;
  a->columns = CLAMP (a->columns, 8, 64);
  a->lo -= a->lo % (PAGE_SIZE * a->columns);
  a->n_pages = (hi - a->lo + PAGE_SIZE - 1) / PAGE_SIZE;
  a->top = ceil (row * 4.5);
}

static void
draw_span_cells (Ctx          *c,
                 const Arena  *a,
                 GmlSceneSpan *span)
{
  const GmlPalette *pal = &c->p->palette;
  guint64 first = (span->base - a->lo) / PAGE_SIZE;
  gboolean stack = (span->flags & GML_SCENE_STACK_SPAN) != 0;
  double used = span->nelems > 0 ? (double) span->allocated / span->nelems : 1;

  for (guint64 page = first; page < first + span->npages;)
    {
      guint64 col = page % a->columns;
      guint64 n = MIN (first + span->npages - page, a->columns - col);
      graphene_rect_t r = GRAPHENE_RECT_INIT (col * a->cell_w + 2, a->top + (page / a->columns) * a->cell_h + 2,
                                              n * a->cell_w - 4, a->cell_h - 4);

      box (c, r, 4, stack ? &pal->frame_active : &pal->card, NULL, 0);
      if (!stack)
        fill (c, GRAPHENE_RECT_INIT (r.origin.x, r.origin.y + r.size.height * 0.62,
                                     r.size.width * used, r.size.height * 0.38), &pal->heap_area);
      box (c, r, 4, NULL, &pal->border, stroke (c, 1));
      if (c->lod == LOD_FULL && page == first)
        {
          g_autofree char *size = gml_scene_format_bytes (span->elemsize);
          g_autofree char *what = stack ? g_strdup (_("stack"))
                                  : span->sizeclass == 0 ? g_strdup (_("large"))
                                  : g_strdup (size);
          g_autofree char *use = stack || span->nelems == 0 ? NULL
                                 : g_strdup_printf ("%u/%u", span->allocated, span->nelems);
          double half = r.size.height * 0.31;

          text_in (c, STYLE_SMALL_BOLD, what, r.origin.x + c->pad / 2, r.origin.y + 2, r.size.width - c->pad,
                   half, &pal->fg, PANGO_ALIGN_LEFT);
          text_in (c, STYLE_SMALL, use, r.origin.x + c->pad / 2, r.origin.y + 2 + half, r.size.width - c->pad,
                   half, &pal->fg, PANGO_ALIGN_LEFT);
        }
      page += n;
    }
}

static char *
arena_summary (GmlScene    *scene,
               const Arena *a)
{
  guint64 used_pages = 0, slots = 0, used_slots = 0, partial_free = 0;
  guint n_heap = 0, n_stack = 0, tiny = 0;
  g_autofree char *arena = gml_scene_format_bytes (a->n_pages * PAGE_SIZE);

  for (guint i = 0; i < scene->spans->len; i++)
    {
      GmlSceneSpan *span = gml_scene_span (scene, i);

      used_pages += span->npages;
      if (span->flags & GML_SCENE_STACK_SPAN)
        {
          n_stack++;
          continue;
        }
      n_heap++;
      slots += span->nelems;
      used_slots += span->allocated;
      if (span->allocated > 0 && span->allocated < span->nelems)
        partial_free += span->nelems - span->allocated;
    }
  for (guint i = 0; i < scene->objects->len; i++)
    if (gml_scene_object (scene, i)->flags & GML_SCENE_TINY)
      tiny++;

  /* Translators: a summary of the heap arena above its picture. */
  return g_strdup_printf (_("%s of arena in %" G_GUINT64_FORMAT " pages of 8 KiB: %u heap spans, %u stack spans, "
                            "%" G_GUINT64_FORMAT " free pages. %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                            " slots in use; %" G_GUINT64_FORMAT " free slots sit in partly used spans "
                            "(fragmentation); %u tiny-allocator blocks. Each cell is a page; the bar shows "
                            "how many slots of its span are in use."),
                          arena, a->n_pages, n_heap, n_stack, a->n_pages - MIN (a->n_pages, used_pages),
                          used_slots, slots, partial_free, tiny);
}

/* A wrapped paragraph of small text, two lines at most. */
static void
arena_paragraph (Ctx        *c,
                 const char *str,
                 double      x,
                 double      y,
                 double      width)
{
  PangoLayout *layout = pango_layout_new (c->p->context);

  pango_layout_set_font_description (layout, c->p->fonts[STYLE_SMALL]);
  pango_layout_set_text (layout, str, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_height (layout, -2);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  gtk_snapshot_save (c->s);
  gtk_snapshot_translate (c->s, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (c->s, layout, &c->p->palette.dim);
  gtk_snapshot_restore (c->s);
  g_object_unref (layout);
}

static void
draw_arena (Ctx *c)
{
  const GmlPalette *pal = &c->p->palette;
  g_autofree char *summary = NULL;
  Arena a;

  arena_init (c->p, c->scene, &a);
  if (c->lod == LOD_FULL)
    {
      summary = arena_summary (c->scene, &a);
      text_in (c, STYLE_TITLE, _("Arena"), 0, 0, a.cell_w * a.columns, c->row * 1.2,
               &pal->fg, PANGO_ALIGN_LEFT);
      arena_paragraph (c, summary, 0, c->row * 1.3, a.cell_w * a.columns);

    }
  for (guint64 page = 0; page < a.n_pages; page++)
    {
      graphene_rect_t r = GRAPHENE_RECT_INIT ((page % a.columns) * a.cell_w + 2,
                                              a.top + (page / a.columns) * a.cell_h + 2,
                                              a.cell_w - 4, a.cell_h - 4);

      if (graphene_rect_intersection (&c->visible, &r, NULL))
        box (c, r, 4, &pal->free_space, &pal->faint, stroke (c, 1));
    }
  for (guint i = 0; i < c->scene->spans->len; i++)
    draw_span_cells (c, &a, gml_scene_span (c->scene, i));
}

/* Entry points ----------------------------------------------------------- */

void
gml_painter_get_size (GmlPainter     *p,
                      GmlScene       *scene,
                      GmlPainterMode  mode,
                      double         *width,
                      double         *height)
{
  if (mode == GML_PAINTER_ARENA)
    {
      Arena a;

      arena_init (p, scene, &a);
      *width = a.cell_w * a.columns;
      *height = a.top + ((a.n_pages + a.columns - 1) / a.columns) * a.cell_h;
      return;
    }
  *width = scene->width;
  *height = scene->height;
}

static Lod
pick_lod (double row_px)
{
  if (row_px >= 14)
    return LOD_FULL;
  if (row_px >= 3.5)
    return LOD_BOXES;
  return LOD_STRIPS;
}

static void
ctx_init (Ctx                  *c,
          GmlPainter           *p,
          GtkSnapshot          *snapshot,
          GmlScene             *scene,
          const GmlPainterView *view)
{
  double zoom = MAX (view->zoom, 0.01);

  *c = (Ctx) {
    .p = p,
    .s = snapshot,
    .scene = scene,
    .v = view,
    .tr = view->transition != NULL && view->transition->to == scene && view->t < 1
          ? view->transition : NULL,
    .t = CLAMP (view->t, 0, 1),
    .alpha = 1,
    .zoom = zoom,
    .scale = view->scale > 0 ? view->scale : 1,
    .row = ceil (p->metrics.line_height * 1.45),
    .pad = ceil (p->metrics.line_height * 0.5),
  };
  c->lod = pick_lod (c->row * zoom);
  c->visible = GRAPHENE_RECT_INIT (view->x / zoom, view->y / zoom, view->width / zoom, view->height / zoom);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-view->x, -view->y));
  gtk_snapshot_scale (snapshot, zoom, zoom);
}

void
gml_painter_draw (GmlPainter           *p,
                  GtkSnapshot          *snapshot,
                  GmlScene             *scene,
                  const GmlPainterView *view)
{
  Ctx c;

  g_return_if_fail (p != NULL && GTK_IS_SNAPSHOT (snapshot) && scene != NULL && view != NULL);

  gtk_snapshot_append_color (snapshot, &p->palette.bg,
                             &GRAPHENE_RECT_INIT (0, 0, view->width, view->height));
  p->frame++;
  ctx_init (&c, p, snapshot, scene, view);
  c.placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  c.batches = g_array_new (FALSE, FALSE, sizeof (BoxBatch));
  g_array_set_clear_func (c.batches, batch_free);
  if (view->mode == GML_PAINTER_ARENA)
    draw_arena (&c);
  else
    {
      draw_titles (&c);
      draw_globals (&c);
      draw_goroutines (&c);
      draw_spans (&c);
      draw_ghosts (&c);
    }
  gtk_snapshot_restore (snapshot);
  if (view->mode == GML_PAINTER_OBJECTS)
    draw_overlay (&c);
  g_array_unref (c.placed);
  g_array_unref (c.batches);
  trim_object_cache (p);
}

void
gml_painter_draw_marks (GmlPainter           *p,
                        GtkSnapshot          *snapshot,
                        GmlScene             *scene,
                        const GmlPainterView *view)
{
  Ctx c;

  g_return_if_fail (p != NULL && GTK_IS_SNAPSHOT (snapshot) && scene != NULL && view != NULL);

  if (view->mode == GML_PAINTER_ARENA)
    return;
  ctx_init (&c, p, snapshot, scene, view);
  draw_marks (&c);
  gtk_snapshot_restore (snapshot);
}
