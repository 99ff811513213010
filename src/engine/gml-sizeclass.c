/* gml-sizeclass.c: Go 1.19's size class tables and growslice. */
#include "gml-sizeclass.h"

/* class: { size, pages, objects per span }, from runtime/sizeclasses.go. */
static const struct
{
  guint32 size;
  guint32 npages;
  guint32 nelems;
} classes[GML_NUM_SIZE_CLASSES] = {
  { 0, 0, 0 },
  { 8, 1, 1024 },
  { 16, 1, 512 },
  { 24, 1, 341 },
  { 32, 1, 256 },
  { 48, 1, 170 },
  { 64, 1, 128 },
  { 80, 1, 102 },
  { 96, 1, 85 },
  { 112, 1, 73 },
  { 128, 1, 64 },
  { 144, 1, 56 },
  { 160, 1, 51 },
  { 176, 1, 46 },
  { 192, 1, 42 },
  { 208, 1, 39 },
  { 224, 1, 36 },
  { 240, 1, 34 },
  { 256, 1, 32 },
  { 288, 1, 28 },
  { 320, 1, 25 },
  { 352, 1, 23 },
  { 384, 1, 21 },
  { 416, 1, 19 },
  { 448, 1, 18 },
  { 480, 1, 17 },
  { 512, 1, 16 },
  { 576, 1, 14 },
  { 640, 1, 12 },
  { 704, 1, 11 },
  { 768, 1, 10 },
  { 896, 1, 9 },
  { 1024, 1, 8 },
  { 1152, 1, 7 },
  { 1280, 1, 6 },
  { 1408, 2, 11 },
  { 1536, 1, 5 },
  { 1792, 2, 9 },
  { 2048, 1, 4 },
  { 2304, 2, 7 },
  { 2688, 1, 3 },
  { 3072, 3, 8 },
  { 3200, 2, 5 },
  { 3456, 3, 7 },
  { 4096, 1, 2 },
  { 4864, 3, 5 },
  { 5376, 2, 3 },
  { 6144, 3, 4 },
  { 6528, 4, 5 },
  { 6784, 5, 6 },
  { 6912, 6, 7 },
  { 8192, 1, 1 },
  { 9472, 7, 6 },
  { 9728, 6, 5 },
  { 10240, 5, 4 },
  { 10880, 4, 3 },
  { 12288, 3, 2 },
  { 13568, 5, 3 },
  { 14336, 7, 4 },
  { 16384, 2, 1 },
  { 18432, 9, 4 },
  { 19072, 7, 3 },
  { 20480, 5, 2 },
  { 21760, 8, 3 },
  { 24576, 3, 1 },
  { 27264, 10, 3 },
  { 28672, 7, 2 },
  { 32768, 4, 1 },
};

guint32
gml_class_size (guint sizeclass)
{
  g_return_val_if_fail (sizeclass < GML_NUM_SIZE_CLASSES, 0);
  return classes[sizeclass].size;
}

guint32
gml_class_npages (guint sizeclass)
{
  g_return_val_if_fail (sizeclass < GML_NUM_SIZE_CLASSES, 0);
  return classes[sizeclass].npages;
}

guint32
gml_class_nelems (guint sizeclass)
{
  g_return_val_if_fail (sizeclass < GML_NUM_SIZE_CLASSES, 0);
  return classes[sizeclass].nelems;
}

/* Go's size_to_class8 (8-byte steps up to 1024) and size_to_class128
 * (128-byte steps above), as in runtime/sizeclasses.go: the smallest
 * class that fits (test-heap checks every size against the table above). */
static const guint8 size_to_class8[1024 / 8 + 1] = {
  0, 1, 2, 3, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
  10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18,
  18, 19, 19, 19, 19, 20, 20, 20, 20, 21, 21, 21, 21, 22, 22, 22,
  22, 23, 23, 23, 23, 24, 24, 24, 24, 25, 25, 25, 25, 26, 26, 26,
  26, 27, 27, 27, 27, 27, 27, 27, 27, 28, 28, 28, 28, 28, 28, 28,
  28, 29, 29, 29, 29, 29, 29, 29, 29, 30, 30, 30, 30, 30, 30, 30,
  30, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31,
  31, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
  32,
};

static const guint8 size_to_class128[(GML_MAX_SMALL_SIZE - 1024) / 128 + 1] = {
  32, 33, 34, 35, 36, 37, 37, 38, 38, 39, 39, 40, 40, 40, 41, 41,
  41, 42, 43, 43, 44, 44, 44, 44, 44, 45, 45, 45, 45, 45, 45, 46,
  46, 46, 46, 47, 47, 47, 47, 47, 47, 48, 48, 48, 49, 49, 50, 51,
  51, 51, 51, 51, 51, 51, 51, 51, 51, 52, 52, 52, 52, 52, 52, 52,
  52, 52, 52, 53, 53, 54, 54, 54, 54, 55, 55, 55, 55, 55, 56, 56,
  56, 56, 56, 56, 56, 56, 56, 56, 56, 57, 57, 57, 57, 57, 57, 57,
  57, 57, 57, 58, 58, 58, 58, 58, 58, 59, 59, 59, 59, 59, 59, 59,
  59, 59, 59, 59, 59, 59, 59, 59, 59, 60, 60, 60, 60, 60, 60, 60,
  60, 60, 60, 60, 60, 60, 60, 60, 60, 61, 61, 61, 61, 61, 62, 62,
  62, 62, 62, 62, 62, 62, 62, 62, 62, 63, 63, 63, 63, 63, 63, 63,
  63, 63, 63, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
  64, 64, 64, 64, 64, 64, 64, 64, 64, 65, 65, 65, 65, 65, 65, 65,
  65, 65, 65, 65, 65, 65, 65, 65, 65, 65, 65, 65, 65, 65, 66, 66,
  66, 66, 66, 66, 66, 66, 66, 66, 66, 67, 67, 67, 67, 67, 67, 67,
  67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67,
  67, 67, 67, 67, 67, 67, 67, 67, 67,
};

guint
gml_size_to_class (gsize size)
{
  if (size == 0 || size > GML_MAX_SMALL_SIZE)
    return 0;
  if (size <= 1024 - 8)
    return size_to_class8[(size + 7) / 8];
  return size_to_class128[(size - 1024 + 127) / 128];
}

gsize
gml_roundupsize (gsize size)
{
  if (size <= GML_MAX_SMALL_SIZE)
    return size == 0 ? 0 : classes[gml_size_to_class (size)].size;
  /* Large objects get whole pages. */
  if (size + GML_GO_PAGE_SIZE < size)
    return size;
  return (size + GML_GO_PAGE_SIZE - 1) & ~(gsize) (GML_GO_PAGE_SIZE - 1);
}

gint64
gml_growslice_cap (gint64 old_cap,
                   gint64 needed)
{
  gint64 newcap = old_cap;
  gint64 doublecap = newcap + newcap;

  if (needed > doublecap)
    return needed;
  if (old_cap < 256)
    return doublecap;
  /* Transition from growing 2x for small slices to 1.25x for large ones. */
  while (0 < newcap && newcap < needed)
    newcap += (newcap + 3 * 256) / 4;
  if (newcap <= 0)
    newcap = needed;
  return newcap;
}

gboolean
gml_growslice (gint64  old_cap,
               gint64  needed,
               gint64  elem_size,
               gint64 *new_cap,
               gint64 *new_bytes)
{
  gint64 newcap = gml_growslice_cap (old_cap, needed);
  gsize capmem;

  if (elem_size == 0)
    {
      *new_cap = needed;
      *new_bytes = 0;
      return TRUE;
    }
  if (newcap > G_MAXINT64 / elem_size)
    return FALSE;
  capmem = gml_roundupsize ((gsize) (newcap * elem_size));
  *new_cap = (gint64) (capmem / (gsize) elem_size);
  *new_bytes = (gint64) capmem;
  return TRUE;
}
