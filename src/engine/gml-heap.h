/* gml-heap.h: Go's heap allocator on simulated memory (see gml-heap.c). */
#pragma once

#include "gml-rt.h"

G_BEGIN_DECLS

/* Allocating costs time too: mallocgc zeroes memory at about 16 bytes a
 * nanosecond (Go 1.19 on our machines: 64 KiB in 3.3 us). */
#define GML_ALLOC_BYTES_PER_NS 16

/* ------------------------------------------------------------------ */
/* Heap (gml-heap.c)                                                   */

void     gml_heap_init        (GmlVm    *vm,
                               guint     nprocs);
/* mallocgc: a zeroed object of `size` bytes for `count` elements of type
 * `type_id` (pointer-free when `noscan`).  Returns its address; size 0
 * returns the address of zerobase.  `*gc_trigger` is set when the
 * allocation went through a span refill or a large allocation, the points
 * where Go tests the GC trigger. */
guint64  gml_heap_alloc       (GmlVm    *vm,
                               gsize     size,
                               guint32   type_id,
                               guint32   count,
                               gboolean  noscan,
                               gboolean *gc_trigger);
/* The span containing addr, or 0. */
guint64  gml_heap_span_of     (GmlVm    *vm,
                               guint64   addr);
/* The start of the heap object containing addr, its slot index and span;
 * FALSE if addr is not inside an allocated heap object. */
gboolean gml_heap_find_object (GmlVm    *vm,
                               guint64   addr,
                               guint64  *base,
                               guint64  *span,
                               guint32  *index);
/* Page heap: spans for stacks and large objects. */
guint64  gml_heap_alloc_span  (GmlVm    *vm,
                               guint64   npages,
                               GmlSpanState state,
                               guint     spanclass);
void     gml_heap_free_span   (GmlVm    *vm,
                               guint64   span);
/* Flushes every P's mcache (Go does it before ReadMemStats and at mark
 * termination): uncached spans return their unused slots to heapLive. */
void     gml_heap_flush_caches (GmlVm   *vm);


/* Central span lists (used by the sweeper). */
void     gml_heap_central_remove (GmlVm  *vm,
                                  guint64 span);
void     gml_heap_central_insert (GmlVm  *vm,
                                  guint64 span);
/* GOMAXPROCS: makes sure P records 0..n-1 exist. */
void     gml_heap_set_procs   (GmlVm    *vm,
                               guint     nprocs);

G_END_DECLS
