/* test-raster.c: GmlRaster's coverage against the definition.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stroke of half-width w covers a pixel by clamp (w + 0.5 - d, 0, 1),
 * d the distance from the pixel's centre to the nearest segment; these
 * tests compute that by brute force and compare every pixel.
 */
#include "config.h"

#include <math.h>

#include "gml-raster.h"

#define W 64
#define H 48

static double
segment_distance (double px,
                  double py,
                  double ax,
                  double ay,
                  double bx,
                  double by)
{
  double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / len2, 0, 1) : 0;

  return hypot (px - ax - t * dx, py - ay - t * dy);
}

/* Largest difference, in 0-255 levels, between the raster and the
 * definition for the polyline pts (n points) of half-width hw. */
static int
polyline_error (GmlRaster    *r,
                const double *pts,
                guint         n,
                double        hw)
{
  int worst = 0;

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        double d = G_MAXDOUBLE, c;
        int want;

        for (guint i = 0; i + 1 < n; i++)
          d = MIN (d, segment_distance (x + 0.5, y + 0.5, pts[2 * i], pts[2 * i + 1], pts[2 * i + 2], pts[2 * i + 3]));
        c = CLAMP (hw + 0.5 - d, 0, MIN (2 * hw, 1.0));
        want = (int) (c * 255 + 0.5);
        worst = MAX (worst, abs (want - gml_raster_get_coverage (r, x, y)));
      }
  return worst;
}

static void
test_horizontal (void)
{
  g_autoptr (GmlRaster) r = gml_raster_new (0, 0, W, H, 1);

  gml_raster_set_line_width (r, 2);
  gml_raster_move_to (r, 10, 10.5);
  gml_raster_line_to (r, 50, 10.5);
  g_assert_cmpint (gml_raster_get_coverage (r, 30, 10), ==, 255);
  g_assert_cmpint (gml_raster_get_coverage (r, 30, 9), ==, 128);    /* a pixel off: half covered */
  g_assert_cmpint (gml_raster_get_coverage (r, 30, 8), ==, 0);
  g_assert_cmpint (gml_raster_get_coverage (r, 9, 10), ==, 255);    /* the round cap */
  g_assert_cmpint (gml_raster_get_coverage (r, 8, 10), ==, 0);
  g_assert_cmpint (gml_raster_get_coverage (r, 30, 12), ==, 0);
}

static void
test_against_definition (void)
{
  /* Shallow, steep, diagonal, reversed, degenerate and crossing the
   * mask's edges, at several widths. */
  static const double lines[][4] = {
    { 3, 4, 60, 20 }, { 5, 2, 12, 45 }, { 2, 2, 46, 46 }, { 60, 40, 4, 6 },
    { 30, 20, 30, 20 }, { -20, 10, 90, 30 }, { 20, -30, 40, 90 }, { 31.3, 7.9, 33.1, 41.2 },
  };
  static const double widths[] = { 0.6, 1.0, 1.8, 2.6, 5.0 };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    for (guint j = 0; j < G_N_ELEMENTS (widths); j++)
      {
        g_autoptr (GmlRaster) r = gml_raster_new (0, 0, W, H, 1);

        gml_raster_set_line_width (r, widths[j]);
        gml_raster_move_to (r, lines[i][0], lines[i][1]);
        gml_raster_line_to (r, lines[i][2], lines[i][3]);
        g_assert_cmpint (polyline_error (r, lines[i], 2, widths[j] / 2), <=, 1);
      }
}

static void
test_polyline_joins (void)
{
  static const double pts[] = { 4, 40, 20, 8, 36, 40, 52, 8, 60, 30 };
  g_autoptr (GmlRaster) r = gml_raster_new (0, 0, W, H, 1);

  gml_raster_set_line_width (r, 3);
  gml_raster_move_to (r, pts[0], pts[1]);
  for (guint i = 1; i < 5; i++)
    gml_raster_line_to (r, pts[2 * i], pts[2 * i + 1]);
  /* Where segments meet the mask keeps the larger coverage: no seam,
   * no double darkening. */
  g_assert_cmpint (polyline_error (r, pts, 5, 1.5), <=, 1);
}

static void
test_curve (void)
{
  g_autoptr (GmlRaster) r = gml_raster_new (0, 0, W, H, 1);
  double samples[2 * 101];

  gml_raster_set_line_width (r, 2);
  gml_raster_move_to (r, 4, 40);
  gml_raster_curve_to (r, 30, 40, 30, 6, 60, 6);
  /* Within a fifth of a pixel (51 levels) of the curve: compare with a
   * fine polyline. */
  for (guint i = 0; i <= 100; i++)
    {
      double t = i / 100.0, s = 1 - t;

      samples[2 * i] = s * s * s * 4 + 3 * s * s * t * 30 + 3 * s * t * t * 30 + t * t * t * 60;
      samples[2 * i + 1] = s * s * s * 40 + 3 * s * s * t * 40 + 3 * s * t * t * 6 + t * t * t * 6;
    }
  g_test_message ("curve error %d levels", polyline_error (r, samples, 101, 1));
  g_assert_cmpint (polyline_error (r, samples, 101, 1), <=, 51);
  g_assert_cmpint (gml_raster_get_coverage (r, 4, 39), ==, 255);
  g_assert_cmpint (gml_raster_get_coverage (r, 58, 5), >=, 204);
}

static void
test_shapes (void)
{
  g_autoptr (GmlRaster) r = gml_raster_new (0, 0, W, H, 1);

  gml_raster_fill_circle (r, 10, 10, 4);
  g_assert_cmpint (gml_raster_get_coverage (r, 9, 9), ==, 255);
  g_assert_cmpint (gml_raster_get_coverage (r, 12, 9), ==, 255);   /* centre 2.55 away */
  g_assert_cmpint (gml_raster_get_coverage (r, 13, 9), ==, 246);   /* 3.54 away: 0.96 covered */
  g_assert_cmpint (gml_raster_get_coverage (r, 14, 9), ==, 0);     /* 4.53 away */
  g_assert_cmpint (gml_raster_get_coverage (r, 3, 3), ==, 0);

  gml_raster_fill_triangle (r, 30.5, 10, 50, 20, 30.5, 30);
  g_assert_cmpint (gml_raster_get_coverage (r, 35, 20), ==, 255);
  g_assert_cmpint (gml_raster_get_coverage (r, 29, 20), ==, 0);
  g_assert_cmpint (gml_raster_get_coverage (r, 30, 20), ==, 128);  /* the edge through the pixel's middle... */
  g_assert_cmpint (gml_raster_get_coverage (r, 49, 12), ==, 0);    /* ...and well outside the slanted one */
  /* Either winding. */
  gml_raster_fill_triangle (r, 40, 40, 40, 46, 34, 43);
  g_assert_cmpint (gml_raster_get_coverage (r, 38, 43), ==, 255);
}

static void
test_alpha_keeps_the_larger (void)
{
  g_autoptr (GmlRaster) r = gml_raster_new (0, 0, W, H, 1);

  gml_raster_set_line_width (r, 2);
  gml_raster_set_alpha (r, 0.5);
  gml_raster_move_to (r, 0, 20.5);
  gml_raster_line_to (r, W, 20.5);
  g_assert_cmpint (gml_raster_get_coverage (r, 30, 20), ==, 128);
  gml_raster_set_alpha (r, 1);
  gml_raster_move_to (r, 30.5, 0);
  gml_raster_line_to (r, 30.5, H);
  g_assert_cmpint (gml_raster_get_coverage (r, 30, 20), ==, 255);
  gml_raster_set_alpha (r, 0.5);
  gml_raster_move_to (r, 0, 20.5);
  gml_raster_line_to (r, W, 20.5);
  g_assert_cmpint (gml_raster_get_coverage (r, 30, 20), ==, 255);
}

/* Reused, a raster starts again as new: clear, no current point, the
 * default transform; a recording made from it before keeps its pixels
 * (as the render node of the frame before holds its mask); and another
 * size gives a new raster. */
static void
test_reuse (void)
{
  GmlRaster *r = gml_raster_new (0, 0, W, H, 1);
  GmlRaster *again;
  cairo_surface_t *recording, *out;
  cairo_rectangle_int_t e;
  cairo_t *cr;

  gml_raster_set_transform (r, 2, 3, 4);
  gml_raster_set_line_width (r, 3);
  gml_raster_move_to (r, 1, 5);
  gml_raster_line_to (r, 20, 5);
  g_assert_cmpint (gml_raster_get_coverage (r, 20, 14), ==, 255);

  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (recording);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_mask_surface (cr, gml_raster_get_surface (r), 0, 0);
  cairo_destroy (cr);

  again = gml_raster_reuse (r, 0, 0, W, H, 1);
  g_assert_true (again == r);
  g_assert_false (gml_raster_get_extents (r, &e));
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      g_assert_cmpint (gml_raster_get_coverage (r, x, y), ==, 0);
  gml_raster_line_to (r, 10, 30.5);  /* no current point: draws nothing */
  g_assert_false (gml_raster_get_extents (r, &e));
  gml_raster_move_to (r, 0, 30.5);
  gml_raster_line_to (r, W, 30.5);
  g_assert_cmpint (gml_raster_get_coverage (r, 5, 30), ==, 255);
  g_assert_cmpint (gml_raster_get_coverage (r, 20, 14), ==, 0);

  out = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cr = cairo_create (out);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (out);
  {
    const guint8 *data = cairo_image_surface_get_data (out);
    int stride = cairo_image_surface_get_stride (out);

    /* Alpha of ARGB32, little-endian: the old line, not the new one. */
    g_assert_cmpint (data[14 * stride + 20 * 4 + 3], ==, 255);
    g_assert_cmpint (data[30 * stride + 5 * 4 + 3], ==, 0);
  }
  cairo_surface_destroy (out);
  cairo_surface_destroy (recording);

  again = gml_raster_reuse (r, 0, 0, W / 2, H, 1);
  g_assert_cmpint (gml_raster_get_coverage (again, W / 2 + 1, 30), ==, 0);
  gml_raster_move_to (again, 0, 30.5);
  gml_raster_line_to (again, W, 30.5);
  g_assert_cmpint (gml_raster_get_coverage (again, W / 2 - 1, 30), ==, 255);
  g_assert_cmpint (gml_raster_get_coverage (again, W / 2 + 1, 30), ==, 0);
  gml_raster_free (again);
}

static void
test_transform_scale_and_extents (void)
{
  g_autoptr (GmlRaster) r = gml_raster_new (100, 200, 32, 24, 2);
  cairo_rectangle_int_t e;
  cairo_surface_t *surface;
  double sx, sy, ox, oy;

  g_assert_false (gml_raster_get_extents (r, &e));
  /* Canvas units at zoom 0.5: (220, 440.5) is widget (110, 220.25),
   * device (20, 40.5) of the mask. */
  gml_raster_set_transform (r, 0.5, 0, 0);
  gml_raster_set_line_width (r, 2);   /* one widget pixel, two device pixels */
  gml_raster_move_to (r, 220, 440.5);
  gml_raster_line_to (r, 240, 440.5);
  g_assert_cmpint (gml_raster_get_coverage (r, 25, 40), ==, 255);
  g_assert_cmpint (gml_raster_get_coverage (r, 25, 39), ==, 128);
  g_assert_cmpint (gml_raster_get_coverage (r, 25, 41), ==, 128);
  g_assert_cmpint (gml_raster_get_coverage (r, 25, 42), ==, 0);
  g_assert_true (gml_raster_get_extents (r, &e));
  g_assert_cmpint (e.x, <=, 110);
  g_assert_cmpint (e.x + e.width, >=, 120);
  g_assert_cmpint (e.y, <=, 220);
  g_assert_cmpint (e.y + e.height, >=, 221);
  g_assert_cmpint (e.width, <=, 14);
  g_assert_cmpint (e.height, <=, 4);

  surface = gml_raster_get_surface (r);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_A8);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 64);
  cairo_surface_get_device_scale (surface, &sx, &sy);
  cairo_surface_get_device_offset (surface, &ox, &oy);
  g_assert_cmpfloat (sx, ==, 2);
  g_assert_cmpfloat (ox, ==, -200);
  g_assert_cmpfloat (oy, ==, -400);
}

static void
test_off_the_mask (void)
{
  g_autoptr (GmlRaster) r = gml_raster_new (0, 0, W, H, 1);
  cairo_rectangle_int_t e;

  gml_raster_set_line_width (r, 3);
  gml_raster_move_to (r, -1000, -1000);
  gml_raster_line_to (r, -10, 5000);
  gml_raster_curve_to (r, 1e6, 1e6, -1e6, 1e6, 5000, -10);
  gml_raster_fill_circle (r, -50, -50, 10);
  gml_raster_fill_triangle (r, 1000, 1000, 1010, 1000, 1000, 1010);
  g_assert_false (gml_raster_get_extents (r, &e));

  /* A zero-sized mask draws nothing and says so. */
  {
    g_autoptr (GmlRaster) empty = gml_raster_new (0, 0, 0, 0, 1);

    gml_raster_move_to (empty, 0, 0);
    gml_raster_line_to (empty, 10, 10);
    g_assert_false (gml_raster_get_extents (empty, &e));
    g_assert_cmpint (gml_raster_get_coverage (empty, 0, 0), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/raster/horizontal", test_horizontal);
  g_test_add_func ("/raster/against-definition", test_against_definition);
  g_test_add_func ("/raster/polyline-joins", test_polyline_joins);
  g_test_add_func ("/raster/curve", test_curve);
  g_test_add_func ("/raster/shapes", test_shapes);
  g_test_add_func ("/raster/alpha-keeps-the-larger", test_alpha_keeps_the_larger);
  g_test_add_func ("/raster/transform-scale-and-extents", test_transform_scale_and_extents);
  g_test_add_func ("/raster/reuse", test_reuse);
  g_test_add_func ("/raster/off-the-mask", test_off_the_mask);
  return g_test_run ();
}
