/* gml-sizeclass.h: Go 1.19's malloc size classes (runtime/sizeclasses.go).
 *
 * 68 classes (class 0 means "large object"), 8 KiB pages, objects up to
 * 32 KiB are small.  The tables are Go's; size_to_class is derived from
 * them exactly as Go's generator does (the smallest class that fits).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GML_PAGE_SHIFT_GO     13
#define GML_GO_PAGE_SIZE      8192
#define GML_MAX_SMALL_SIZE    32768
#define GML_NUM_SIZE_CLASSES  68
#define GML_TINY_SIZE         16
#define GML_TINY_SIZE_CLASS   2
#define GML_NUM_SPAN_CLASSES  (GML_NUM_SIZE_CLASSES * 2)

/* Object size of a class (0 for class 0). */
guint32  gml_class_size        (guint sizeclass);
/* Pages per span of a class. */
guint32  gml_class_npages      (guint sizeclass);
/* Objects per span (Go 1.19: span bytes / object size). */
guint32  gml_class_nelems      (guint sizeclass);
/* The class for a small size (1..32768); 0 for larger sizes. */
guint    gml_size_to_class     (gsize size);
/* runtime.roundupsize: the size mallocgc really allocates for `size`. */
gsize    gml_roundupsize       (gsize size);

/* A span class combines the size class with the noscan bit. */
static inline guint
gml_span_class (guint    sizeclass,
                gboolean noscan)
{
  return (sizeclass << 1) | (noscan ? 1 : 0);
}

static inline guint
gml_span_class_size (guint spanclass)
{
  return spanclass >> 1;
}

static inline gboolean
gml_span_class_noscan (guint spanclass)
{
  return (spanclass & 1) != 0;
}

/* runtime.growslice's new capacity (Go 1.19), before size-class rounding:
 * old_cap and the needed capacity in elements. */
gint64   gml_growslice_cap     (gint64   old_cap,
                                gint64   needed);
/* The full growslice computation: the capacity after rounding the backing
 * array to a size class, and its byte size.  Returns FALSE on overflow. */
gboolean gml_growslice         (gint64   old_cap,
                                gint64   needed,
                                gint64   elem_size,
                                gint64  *new_cap,
                                gint64  *new_bytes);

G_END_DECLS
