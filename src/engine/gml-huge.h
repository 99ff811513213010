/* gml-huge.h: big, long-lived buffers on huge pages.
 *
 * A recording writes tens of megabytes it never frees until the end: the
 * memory's slabs, the owner's unpacked copies, the event log.  Taken from
 * malloc, every 4 KiB of it costs a page fault on first touch, which in
 * a virtual machine is several microseconds -- a tenth of the time of a
 * run of 10,000 goroutines.  These buffers are 2 MiB-aligned and asked to
 * be backed by transparent huge pages (Linux's MADV_HUGEPAGE): one fault
 * per 2 MiB where the kernel allows it, ordinary pages where it does not.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GML_HUGE_SIZE ((gsize) 2 << 20)

/* `size` bytes (rounded up to GML_HUGE_SIZE), zero-filled; on Linux
 * 2 MiB-aligned and advised onto huge pages. */
gpointer gml_huge_alloc (gsize    size);
/* The same on ordinary pages, faulted in 4 KiB at a time: for memory a
 * latency-bound path fills gradually (a replay's pages, during seeks),
 * where clearing a whole huge page at once would stall one seek for
 * milliseconds. */
gpointer gml_huge_alloc_small_pages (gsize size);
void     gml_huge_free  (gpointer mem,
                         gsize    size);

/* A growing byte buffer on huge pages: appended to, read in place.  It
 * reserves address space for GML_HUGE_BUF_RESERVE bytes and grows in
 * place, without copying; past that (or where the reservation fails) it
 * grows like a GByteArray, moving `data`. */
#if GLIB_SIZEOF_SIZE_T >= 8
#define GML_HUGE_BUF_RESERVE ((gsize) 64 << 30)
#else
#define GML_HUGE_BUF_RESERVE ((gsize) 0)    /* no room to reserve: copy */
#endif

typedef struct
{
  guint8 *data;
  gsize   len;
  gsize   cap;        /* bytes mapped writable */
  gsize   reserved;   /* bytes of address space held, or 0 */
  gsize   reserve;    /* to reserve at the first append; 0: GML_HUGE_BUF_RESERVE */
} GmlHugeBuf;

void     gml_huge_buf_append (GmlHugeBuf   *buf,
                              const guint8 *bytes,
                              gsize         len);
void     gml_huge_buf_clear  (GmlHugeBuf   *buf);

G_END_DECLS
