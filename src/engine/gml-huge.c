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

#if defined (__linux__)
/* `len` bytes (a multiple of GML_HUGE_SIZE) of anonymous memory at a
 * 2 MiB-aligned address.  Linux places a mapping just below the last
 * one, so after the first the address is usually aligned already;
 * otherwise 2 MiB more are mapped and the ends trimmed.  (Every munmap
 * interrupts the process's other threads to flush their TLBs.)  NULL if
 * the system refuses. */
static guint8 *
map_aligned (gsize len,
             int   prot,
             int   flags)
{
  guint8 *p = mmap (NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
  guint8 *a;

  if (p == MAP_FAILED)
    return NULL;
  if (((guintptr) p & (GML_HUGE_SIZE - 1)) == 0)
    return p;
  munmap (p, len);
  p = mmap (NULL, len + GML_HUGE_SIZE, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
  if (p == MAP_FAILED)
    return NULL;
  a = (guint8 *) (((guintptr) p + GML_HUGE_SIZE - 1) & ~(guintptr) (GML_HUGE_SIZE - 1));
  if (a > p)
    munmap (p, (gsize) (a - p));
  munmap (a + len, (gsize) (p + GML_HUGE_SIZE - a));
  return a;
}
#endif

static gpointer
huge_map (gsize    size,
          gboolean huge)
{
#if defined (__linux__)
  gsize len = round_up (size);
  guint8 *a = map_aligned (len, PROT_READ | PROT_WRITE, 0);

  if (a == NULL)
    g_error ("%s: failed to map %" G_GSIZE_FORMAT " bytes", G_STRLOC, len);
#if defined (MADV_HUGEPAGE)
  if (huge)
    madvise (a, len, MADV_HUGEPAGE);
#endif
  return a;
#else
  return g_malloc0 (round_up (size));
#endif
}

gpointer
gml_huge_alloc (gsize size)
{
  return huge_map (size, TRUE);
}

gpointer
gml_huge_alloc_small_pages (gsize size)
{
  return huge_map (size, FALSE);
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

/* Address space for `size` bytes, 2 MiB-aligned, none of it usable yet
 * (PROT_NONE costs no memory); NULL if the system refuses. */
static guint8 *
reserve (gsize size)
{
#if defined (__linux__)
  return map_aligned (size, PROT_NONE, MAP_NORESERVE);
#else
  return NULL;
#endif
}

/* Makes [buf->cap, cap) of the reservation usable. */
static gboolean
grow_in_place (GmlHugeBuf *buf,
               gsize       cap)
{
#if defined (__linux__)
  if (cap > buf->reserved
      || mprotect (buf->data + buf->cap, cap - buf->cap, PROT_READ | PROT_WRITE) != 0)
    return FALSE;
#if defined (MADV_HUGEPAGE)
  madvise (buf->data + buf->cap, cap - buf->cap, MADV_HUGEPAGE);
#endif
  buf->cap = cap;
  return TRUE;
#else
  return FALSE;
#endif
}

void
gml_huge_buf_append (GmlHugeBuf   *buf,
                     const guint8 *bytes,
                     gsize         len)
{
  if (buf->data == NULL)
    {
      gsize size = buf->reserve > 0 ? round_up (buf->reserve) : GML_HUGE_BUF_RESERVE;

      buf->data = size > 0 ? reserve (size) : NULL;
      buf->reserved = buf->data != NULL ? size : 0;
      buf->cap = 0;
    }
  if (buf->len + len > buf->cap)
    {
      gsize cap = round_up (buf->len + len);

      if (!grow_in_place (buf, cap))
        {
          /* Out of reservation: a bigger mapping, copied into. */
          guint8 *data;
          gsize kept = buf->len, reserve_size = buf->reserve;

          cap = MAX (cap, 2 * buf->cap);
          data = gml_huge_alloc (cap);
          if (kept > 0)
            memcpy (data, buf->data, kept);
          gml_huge_buf_clear (buf);
          buf->data = data;
          buf->len = kept;
          buf->cap = cap;
          buf->reserve = reserve_size;
        }
    }
  if (len > 0)
    memcpy (buf->data + buf->len, bytes, len);
  buf->len += len;
}

void
gml_huge_buf_clear (GmlHugeBuf *buf)
{
#if defined (__linux__)
  if (buf->reserved > 0)
    munmap (buf->data, buf->reserved);
  else
#endif
    gml_huge_free (buf->data, buf->cap);
  buf->data = NULL;
  buf->len = buf->cap = buf->reserved = 0;
}
