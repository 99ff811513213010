/* gml-huge.c: big, long-lived buffers on huge pages.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gml-huge.h"

#include <string.h>

#if defined (__linux__)
#include <sys/mman.h>
#endif

static gsize
round_up (gsize size)
{
  return (MAX (size, 1) + GML_HUGE_SIZE - 1) & ~(GML_HUGE_SIZE - 1);
}

gpointer
gml_huge_alloc (gsize size)
{
#if defined (__linux__)
  gsize len = round_up (size);
  guint8 *p = mmap (NULL, len + GML_HUGE_SIZE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guint8 *a;

  if (p == MAP_FAILED)
    g_error ("%s: failed to map %" G_GSIZE_FORMAT " bytes", G_STRLOC, len);
  /* Map 2 MiB more than asked and keep the aligned part. */
  a = (guint8 *) (((guintptr) p + GML_HUGE_SIZE - 1) & ~(guintptr) (GML_HUGE_SIZE - 1));
  if (a > p)
    munmap (p, (gsize) (a - p));
  if (a + len < p + len + GML_HUGE_SIZE)
    munmap (a + len, (gsize) (p + len + GML_HUGE_SIZE - (a + len)));
#if defined (MADV_HUGEPAGE)
  madvise (a, len, MADV_HUGEPAGE);
#endif
  return a;
#else
  return g_malloc0 (round_up (size));
#endif
}

void
gml_huge_free (gpointer mem,
               gsize    size)
{
  if (mem == NULL)
    return;
#if defined (__linux__)
  munmap (mem, round_up (size));
#else
  g_free (mem);
#endif
}

void
gml_huge_buf_append (GmlHugeBuf   *buf,
                     const guint8 *bytes,
                     gsize         len)
{
  if (buf->len + len > buf->cap)
    {
      gsize cap = MAX (buf->cap, GML_HUGE_SIZE);
      guint8 *data;

      while (cap < buf->len + len)
        cap *= 2;
      data = gml_huge_alloc (cap);
      if (buf->len > 0)
        memcpy (data, buf->data, buf->len);
      gml_huge_free (buf->data, buf->cap);
      buf->data = data;
      buf->cap = cap;
    }
  if (len > 0)
    memcpy (buf->data + buf->len, bytes, len);
  buf->len += len;
}

void
gml_huge_buf_clear (GmlHugeBuf *buf)
{
  gml_huge_free (buf->data, buf->cap);
  buf->data = NULL;
  buf->len = buf->cap = 0;
}
