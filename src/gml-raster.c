/* gml-raster.c: anti-aliased lines and small shapes into a coverage mask.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The canvas's pointer arrows are hundreds of long thin curves. cairo
 * 1.16 strokes them through its general polygon scan converter and
 * composites every scanline of every line on its own, which costs about
 * 200 ns a pixel of line and was half of a canvas frame. Here a line is
 * what it looks like: each pixel near a segment gets the coverage of a
 * disc-swept stroke, clamp (half_width + 0.5 - distance, 0, 1), which
 * gives round caps and joins for free. Pixels keep the larger coverage,
 * so the segments of a polyline join without seams. The painter then
 * composites the mask once, in the arrows' colour.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gml-raster.h"

struct _GmlRaster
{
  cairo_surface_t *surface;   /* CAIRO_FORMAT_A8, device pixels */
  guint8          *data;
  int              stride;
  int              width, height;  /* device pixels */
  int              x, y;           /* widget pixels of the mask's origin */
  double           scale;

  /* drawing units to device pixels: p * m + (ox, oy) */
  double           m, ox, oy;
  double           half_width;     /* device pixels */
  double           alpha;          /* 0 to 255 */

  double           cx, cy;         /* current point, device pixels */
  gboolean         has_point;

  int              ink[4];         /* device pixels drawn: x0, y0, x1, y1 */
};

/* The drawing state of a new raster: the identity transform, a line a
 * pixel wide, full coverage, no current point, nothing drawn. */
static void
reset_drawing (GmlRaster *r)
{
  r->m = r->scale;
  r->ox = -r->x * r->scale;
  r->oy = -r->y * r->scale;
  r->half_width = 0.5 * r->scale;
  r->alpha = 255;
  r->has_point = FALSE;
  r->ink[0] = r->ink[1] = G_MAXINT;
  r->ink[2] = r->ink[3] = G_MININT;
}

GmlRaster *
gml_raster_new (int    x,
                int    y,
                int    width,
                int    height,
                double scale)
{
  GmlRaster *r = g_new0 (GmlRaster, 1);

  r->scale = scale > 0 ? scale : 1;
  r->x = x;
  r->y = y;
  r->width = MAX ((int) ceil (width * r->scale), 0);
  r->height = MAX ((int) ceil (height * r->scale), 0);
  r->surface = cairo_image_surface_create (CAIRO_FORMAT_A8, r->width, r->height);
  r->data = cairo_image_surface_get_data (r->surface);
  r->stride = cairo_image_surface_get_stride (r->surface);
  if (r->data == NULL)
    r->width = r->height = 0;
  cairo_surface_set_device_scale (r->surface, r->scale, r->scale);
  cairo_surface_set_device_offset (r->surface, -x * r->scale, -y * r->scale);
  reset_drawing (r);
  return r;
}

/* Clears what was drawn (only that: the ink's bounds) and the drawing
 * state, as if new. */
static void
raster_clear (GmlRaster *r)
{
  /* A recording that still holds the mask gets its own copy first. */
  cairo_surface_flush (r->surface);
  if (r->ink[0] <= r->ink[2])
    for (int y = r->ink[1]; y <= r->ink[3]; y++)
      memset (r->data + (gsize) y * r->stride + r->ink[0], 0, r->ink[2] - r->ink[0] + 1);
  reset_drawing (r);
}

GmlRaster *
gml_raster_reuse (GmlRaster *r,
                  int        x,
                  int        y,
                  int        width,
                  int        height,
                  double     scale)
{
  scale = scale > 0 ? scale : 1;
  if (r != NULL && r->data != NULL && r->x == x && r->y == y && r->scale == scale &&
      r->width == MAX ((int) ceil (width * scale), 0) && r->height == MAX ((int) ceil (height * scale), 0))
    {
      raster_clear (r);
      return r;
    }
  gml_raster_free (r);
  return gml_raster_new (x, y, width, height, scale);
}

void
gml_raster_free (GmlRaster *r)
{
  if (r == NULL)
    return;
  cairo_surface_destroy (r->surface);
  g_free (r);
}

void
gml_raster_set_transform (GmlRaster *r,
                          double     zoom,
                          double     dx,
                          double     dy)
{
  r->m = zoom * r->scale;
  r->ox = (dx - r->x) * r->scale;
  r->oy = (dy - r->y) * r->scale;
}

void
gml_raster_set_line_width (GmlRaster *r,
                           double     width)
{
  r->half_width = MAX (width * r->m, 0) / 2;
}

void
gml_raster_set_alpha (GmlRaster *r,
                      double     alpha)
{
  r->alpha = CLAMP (alpha, 0, 1) * 255;
}

/* Marks the device pixels [x0, x1] × [y0, y1] as drawn. */
static inline void
add_ink (GmlRaster *r,
         int        x0,
         int        y0,
         int        x1,
         int        y1)
{
  r->ink[0] = MIN (r->ink[0], x0);
  r->ink[1] = MIN (r->ink[1], y0);
  r->ink[2] = MAX (r->ink[2], x1);
  r->ink[3] = MAX (r->ink[3], y1);
}

/* Coverage `c` (may exceed 1) at mask byte `p`, keeping the larger. */
static inline void
cover (GmlRaster *r,
       guint8    *p,
       double     c)
{
  int v = (int) (MIN (c, 1.0) * r->alpha + 0.5);

  if (v > *p)
    *p = (guint8) v;
}

/* The same at pixel (x, y), already clipped. */
static inline void
plot (GmlRaster *r,
      int        x,
      int        y,
      double     c)
{
  cover (r, r->data + (gsize) y * r->stride + x, c);
}

/* The stroke of segment a-b, in device pixels. Walks the longer axis;
 * for each pixel column (or row) only the few pixels across the line. */
static void
stroke_segment (GmlRaster *r,
                double     ax,
                double     ay,
                double     bx,
                double     by)
{
  double hw = r->half_width;
  double reach = hw + 0.5;              /* coverage is zero beyond */
  double thin = MIN (2 * hw, 1.0);       /* a line under a pixel is fainter */
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  gboolean steep = fabs (dy) > fabs (dx);
  double u0, u1, v_of_u, slope, across, inv_len, inv_len2;
  int lo, hi, vlo_all = G_MAXINT, vhi_all = G_MININT;
  int ulen = steep ? r->height : r->width, vlen = steep ? r->width : r->height;

  if (MAX (ax, bx) + reach < 0 || MIN (ax, bx) - reach > r->width ||
      MAX (ay, by) + reach < 0 || MIN (ay, by) - reach > r->height || hw <= 0)
    return;

  /* u is the walked axis, v the other. */
  if (steep)
    {
      u0 = MIN (ay, by);
      u1 = MAX (ay, by);
      slope = dx / dy;
      v_of_u = ax - ay * slope;
    }
  else
    {
      u0 = MIN (ax, bx);
      u1 = MAX (ax, bx);
      slope = len2 > 0 ? dy / dx : 0;
      v_of_u = ay - ax * slope;
    }
  /* A pixel within reach of the segment is within `across` of it along
   * v, in its own column, or of the nearer end beyond it. */
  across = reach * sqrt (1 + slope * slope);
  inv_len = len2 > 0 ? 1 / sqrt (len2) : 0;
  inv_len2 = len2 > 0 ? 1 / len2 : 0;
  lo = MAX ((int) ceil (u0 - reach - 0.5), 0);
  hi = MIN ((int) floor (u1 + reach - 0.5), ulen - 1);

  for (int u = lo; u <= hi; u++)
    {
      double uc = CLAMP (u + 0.5, u0, u1);
      double vc = v_of_u + uc * slope;
      int vlo = MAX ((int) ceil (vc - across - 0.5), 0);
      int vhi = MIN ((int) floor (vc + across - 0.5), vlen - 1);
      double p0x, p0y, t0, t1;

      if (vlo > vhi)
        continue;
      vlo_all = MIN (vlo_all, vlo);
      vhi_all = MAX (vhi_all, vhi);

      /* Pixel (u, vlo) relative to a, and the projection on the segment
       * of the first and last pixel centres of the run. */
      p0x = (steep ? vlo + 0.5 : u + 0.5) - ax;
      p0y = (steep ? u + 0.5 : vlo + 0.5) - ay;
      t0 = len2 > 0 ? (p0x * dx + p0y * dy) * inv_len2 : -1;
      t1 = t0 + (vhi - vlo) * (steep ? dx : dy) * inv_len2;
      if (MIN (t0, t1) >= 0 && MAX (t0, t1) <= 1)
        {
          /* Every pixel's nearest point is inside the segment: the
           * distance is the signed distance to the line, linear in v. */
          double sd = (p0x * dy - p0y * dx) * inv_len;
          double step = (steep ? dy : -dx) * inv_len;
          guint8 *p = steep ? r->data + (gsize) u * r->stride + vlo : r->data + (gsize) vlo * r->stride + u;
          gsize next = steep ? 1 : (gsize) r->stride;

          for (int v = vlo; v <= vhi; v++, sd += step, p += next)
            {
              double c = MIN (reach - fabs (sd), thin);

              if (c > 0)
                cover (r, p, c);
            }
          continue;
        }

      for (int v = vlo; v <= vhi; v++)
        {
          double px = (steep ? v : u) + 0.5 - ax, py = (steep ? u : v) + 0.5 - ay;
          double t = CLAMP ((px * dx + py * dy) * inv_len2, 0, 1);
          double ex = px - t * dx, ey = py - t * dy;
          double d2 = ex * ex + ey * ey, c;

          if (d2 >= reach * reach)
            continue;
          c = MIN (reach - sqrt (d2), thin);
          if (steep)
            plot (r, v, u, c);
          else
            plot (r, u, v, c);
        }
    }
  if (vlo_all > vhi_all)
    return;
  if (steep)
    add_ink (r, vlo_all, lo, vhi_all, hi);
  else
    add_ink (r, lo, vlo_all, hi, vhi_all);
}

void
gml_raster_move_to (GmlRaster *r,
                    double     x,
                    double     y)
{
  r->cx = x * r->m + r->ox;
  r->cy = y * r->m + r->oy;
  r->has_point = TRUE;
}

void
gml_raster_line_to (GmlRaster *r,
                    double     x,
                    double     y)
{
  double nx = x * r->m + r->ox, ny = y * r->m + r->oy;

  if (r->has_point)
    stroke_segment (r, r->cx, r->cy, nx, ny);
  r->cx = nx;
  r->cy = ny;
  r->has_point = TRUE;
}

/* Flattened into as few segments as keep the polyline within a fifth of
 * a device pixel of the curve (Wang's formula); parts off the mask cost
 * only their arithmetic. */
void
gml_raster_curve_to (GmlRaster *r,
                     double     x1,
                     double     y1,
                     double     x2,
                     double     y2,
                     double     x3,
                     double     y3)
{
  double p[4][2] = {
    { r->cx, r->cy },
    { x1 * r->m + r->ox, y1 * r->m + r->oy },
    { x2 * r->m + r->ox, y2 * r->m + r->oy },
    { x3 * r->m + r->ox, y3 * r->m + r->oy },
  };
  double reach = r->half_width + 1, dd, px, py;
  guint n;

  if (!r->has_point)
    {
      gml_raster_move_to (r, x1, y1);
      p[0][0] = r->cx;
      p[0][1] = r->cy;
    }
  if (MAX (MAX (p[0][0], p[1][0]), MAX (p[2][0], p[3][0])) + reach < 0 ||
      MIN (MIN (p[0][0], p[1][0]), MIN (p[2][0], p[3][0])) - reach > r->width ||
      MAX (MAX (p[0][1], p[1][1]), MAX (p[2][1], p[3][1])) + reach < 0 ||
      MIN (MIN (p[0][1], p[1][1]), MIN (p[2][1], p[3][1])) - reach > r->height)
    {
      r->cx = p[3][0];
      r->cy = p[3][1];
      return;
    }

  dd = MAX (hypot (p[0][0] - 2 * p[1][0] + p[2][0], p[0][1] - 2 * p[1][1] + p[2][1]),
            hypot (p[1][0] - 2 * p[2][0] + p[3][0], p[1][1] - 2 * p[2][1] + p[3][1]));
  n = (guint) CLAMP (ceil (sqrt (0.75 * dd / 0.2)), 1, 1024);
  px = p[0][0];
  py = p[0][1];
  for (guint i = 1; i <= n; i++)
    {
      double t = (double) i / n, s = 1 - t;
      double a = s * s * s, b = 3 * s * s * t, c = 3 * s * t * t, d = t * t * t;
      double x = a * p[0][0] + b * p[1][0] + c * p[2][0] + d * p[3][0];
      double y = a * p[0][1] + b * p[1][1] + c * p[2][1] + d * p[3][1];

      stroke_segment (r, px, py, x, y);
      px = x;
      py = y;
    }
  r->cx = p[3][0];
  r->cy = p[3][1];
}

void
gml_raster_fill_circle (GmlRaster *r,
                        double     x,
                        double     y,
                        double     radius)
{
  double cx = x * r->m + r->ox, cy = y * r->m + r->oy, rad = radius * r->m;
  double reach = rad + 0.5;
  int x0 = MAX ((int) floor (cx - reach), 0), x1 = MIN ((int) ceil (cx + reach), r->width - 1);
  int y0 = MAX ((int) floor (cy - reach), 0), y1 = MIN ((int) ceil (cy + reach), r->height - 1);

  if (x0 > x1 || y0 > y1 || rad <= 0)
    return;
  for (int py = y0; py <= y1; py++)
    for (int px = x0; px <= x1; px++)
      {
        double d = hypot (px + 0.5 - cx, py + 0.5 - cy);

        if (d < reach)
          plot (r, px, py, MIN (reach - d, 2 * rad));
      }
  add_ink (r, x0, y0, x1, y1);
}

void
gml_raster_fill_triangle (GmlRaster *r,
                          double     x0,
                          double     y0,
                          double     x1,
                          double     y1,
                          double     x2,
                          double     y2)
{
  double p[3][2] = {
    { x0 * r->m + r->ox, y0 * r->m + r->oy },
    { x1 * r->m + r->ox, y1 * r->m + r->oy },
    { x2 * r->m + r->ox, y2 * r->m + r->oy },
  };
  double edge[3][3];  /* inward unit normal (a, b) and c: a x + b y + c */
  double area = (p[1][0] - p[0][0]) * (p[2][1] - p[0][1]) - (p[2][0] - p[0][0]) * (p[1][1] - p[0][1]);
  int bx0, by0, bx1, by1;

  if (fabs (area) < 1e-9)
    return;
  for (int i = 0; i < 3; i++)
    {
      const double *a = p[i], *b = p[(i + 1) % 3];
      double nx = -(b[1] - a[1]), ny = b[0] - a[0], len = hypot (nx, ny);

      if (area < 0)
        {
          nx = -nx;
          ny = -ny;
        }
      edge[i][0] = nx / len;
      edge[i][1] = ny / len;
      edge[i][2] = -(edge[i][0] * a[0] + edge[i][1] * a[1]);
    }
  bx0 = MAX ((int) floor (MIN (MIN (p[0][0], p[1][0]), p[2][0]) - 1), 0);
  by0 = MAX ((int) floor (MIN (MIN (p[0][1], p[1][1]), p[2][1]) - 1), 0);
  bx1 = MIN ((int) ceil (MAX (MAX (p[0][0], p[1][0]), p[2][0]) + 1), r->width - 1);
  by1 = MIN ((int) ceil (MAX (MAX (p[0][1], p[1][1]), p[2][1]) + 1), r->height - 1);
  if (bx0 > bx1 || by0 > by1)
    return;
  for (int py = by0; py <= by1; py++)
    for (int px = bx0; px <= bx1; px++)
      {
        double x = px + 0.5, y = py + 0.5, inside = G_MAXDOUBLE;

        for (int i = 0; i < 3; i++)
          inside = MIN (inside, edge[i][0] * x + edge[i][1] * y + edge[i][2]);
        if (inside > -0.5)
          plot (r, px, py, inside + 0.5);
      }
  add_ink (r, bx0, by0, bx1, by1);
}

gboolean
gml_raster_get_extents (GmlRaster             *r,
                        cairo_rectangle_int_t *extents)
{
  int x0, y0, x1, y1;

  if (r->ink[0] > r->ink[2])
    return FALSE;
  x0 = (int) floor (r->ink[0] / r->scale) + r->x;
  y0 = (int) floor (r->ink[1] / r->scale) + r->y;
  x1 = (int) ceil ((r->ink[2] + 1) / r->scale) + r->x;
  y1 = (int) ceil ((r->ink[3] + 1) / r->scale) + r->y;
  *extents = (cairo_rectangle_int_t) { x0, y0, x1 - x0, y1 - y0 };
  return TRUE;
}

guint8
gml_raster_get_coverage (GmlRaster *r,
                         int        x,
                         int        y)
{
  if (x < 0 || y < 0 || x >= r->width || y >= r->height)
    return 0;
  cairo_surface_flush (r->surface);
  return r->data[(gsize) y * r->stride + x];
}

cairo_surface_t *
gml_raster_get_surface (GmlRaster *r)
{
  cairo_surface_mark_dirty (r->surface);
  return r->surface;
}
