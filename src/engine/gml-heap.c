/* gml-heap.c: Go's heap allocator on simulated memory.
 *
 * Mirrors Go 1.19's malloc.go, mcache.go, mcentral.go and mheap.go at the
 * level a learner can see: a page heap carving 8 KiB pages out of the arena
 * at 0xc000000000 (lowest address first), spans of one size class split
 * into equal slots, per-P caches holding one span per span class, central
 * lists of partially full and full spans, the tiny allocator for
 * pointer-free objects under 16 bytes, and large objects in spans of their
 * own.  heapLive is tracked at span granularity like Go's pacer sees it.
 *
 * Slot allocation follows Go's encoding: a slot is allocated when its index
 * is below the span's freeindex or its allocbit is set (allocbits are the
 * mark bits of the last sweep).
 */
#include "gml-heap.h"

#include "gml-gc.h"
#include "gml-vm-private.h"

#define TINY_TYPE_ID G_MAXUINT32   /* objinfo of a tiny block */

/* ------------------------------------------------------------------ */
/* Metadata heap                                                       */

static guint
meta_class (gsize size)
{
  guint c = 0;

  while (((gsize) 1 << (c + GML_META_MIN_SHIFT)) < size)
    c++;
  return c;
}

guint64
gml_meta_alloc (GmlVm *vm,
                gsize  size)
{
  guint c = meta_class (size);
  gsize csize = (gsize) 1 << (c + GML_META_MIN_SHIFT);
  guint64 addr;

  g_return_val_if_fail (c < GML_META_CLASSES, 0);
  if (vm->rt.meta_free[c] != 0)
    {
      addr = vm->rt.meta_free[c];
      vm->rt.meta_free[c] = gml_mem_get_u64 (vm->mem, addr);
      gml_mem_zero (vm->mem, addr, csize);
      return addr;
    }
  if (vm->rt.meta_top == 0)
    vm->rt.meta_top = GML_METAHEAP_BASE;
  addr = (vm->rt.meta_top + csize - 1) & ~(guint64) (csize - 1);
  vm->rt.meta_top = addr + csize;
  return addr;   /* fresh metadata memory is unmapped, hence zero */
}

void
gml_meta_free (GmlVm  *vm,
               guint64 addr,
               gsize   size)
{
  guint c = meta_class (size);

  if (addr == 0)
    return;
  gml_mem_set_u64 (vm->mem, addr, vm->rt.meta_free[c]);
  vm->rt.meta_free[c] = addr;
}

/* ------------------------------------------------------------------ */
/* Bitmaps                                                             */

gboolean
gml_bitmap_get (GmlVm   *vm,
                guint64  bitmap,
                guint32  i)
{
  return (gml_mem_get_u8 (vm->mem, bitmap + i / 8) >> (i % 8)) & 1;
}

void
gml_bitmap_set (GmlVm   *vm,
                guint64  bitmap,
                guint32  i,
                gboolean value)
{
  guint8 *b = gml_mem_w (vm->mem, bitmap + i / 8);

  if (value)
    *b |= (guint8) (1u << (i % 8));
  else
    *b &= (guint8) ~(1u << (i % 8));
}

static gsize
bitmap_bytes (guint32 nelems)
{
  return ((nelems + 63) / 64) * 8;
}

/* ------------------------------------------------------------------ */
/* Page heap                                                           */

static guint64
spanmap_slot (guint64 addr)
{
  return GML_SPANMAP_BASE + ((addr - GML_ARENA_BASE) >> GML_PAGE_SHIFT_GO) * 8;
}

guint64
gml_heap_span_of (GmlVm   *vm,
                  guint64  addr)
{
  if (addr < GML_ARENA_BASE || addr >= vm->rt.arena_end)
    return 0;
  return gml_mem_get_u64 (vm->mem, spanmap_slot (addr));
}

static void
spanmap_fill (GmlVm   *vm,
              guint64  base,
              guint64  npages,
              guint64  span)
{
  for (guint64 i = 0; i < npages; i++)
    gml_mem_set_u64 (vm->mem, spanmap_slot (base + i * GML_GO_PAGE_SIZE), span);
}

/* First fit by address, like Go's page allocator which returns the lowest
 * address that fits. */
static guint64
pages_alloc (GmlVm   *vm,
             guint64  npages)
{
  guint64 *link = &vm->rt.free_runs;
  guint64 run = vm->rt.free_runs;
  guint64 prev = 0, base;

  for (; run != 0; prev = run, run = GML_META_R (vm, GmlRun, run)->next)
    {
      GmlRun *r = GML_META_W (vm, GmlRun, run);

      if (r->npages < npages)
        continue;
      base = r->base;
      r->base += npages * GML_GO_PAGE_SIZE;
      r->npages -= npages;
      if (r->npages == 0)
        {
          guint64 next = r->next;

          if (prev == 0)
            *link = next;
          else
            GML_META_W (vm, GmlRun, prev)->next = next;
          gml_meta_free (vm, run, sizeof (GmlRun));
        }
      return base;
    }

  if (vm->rt.arena_end == 0)
    vm->rt.arena_end = GML_ARENA_BASE;
  base = vm->rt.arena_end;
  if (base + npages * GML_GO_PAGE_SIZE > GML_ARENA_LIMIT)
    return 0;
  vm->rt.arena_end += npages * GML_GO_PAGE_SIZE;
  vm->rt.heap_sys = vm->rt.arena_end - GML_ARENA_BASE;
  return base;
}

/* Returns pages to the sorted free list, merging with its neighbours. */
static void
pages_free (GmlVm   *vm,
            guint64  base,
            guint64  npages)
{
  guint64 prev = 0, run = vm->rt.free_runs, rec;
  guint64 end = base + npages * GML_GO_PAGE_SIZE;
  GmlRun *r;

  gml_mem_unmap (vm->mem, base, npages * GML_GO_PAGE_SIZE);
  while (run != 0 && GML_META_R (vm, GmlRun, run)->base < base)
    {
      prev = run;
      run = GML_META_R (vm, GmlRun, run)->next;
    }
  if (run != 0 && GML_META_R (vm, GmlRun, run)->base == end)
    {
      r = GML_META_W (vm, GmlRun, run);
      r->base = base;
      r->npages += npages;
      rec = run;
    }
  else
    {
      rec = gml_meta_alloc (vm, sizeof (GmlRun));
      r = GML_META_W (vm, GmlRun, rec);
      r->base = base;
      r->npages = npages;
      r->next = run;
      if (prev == 0)
        vm->rt.free_runs = rec;
      else
        GML_META_W (vm, GmlRun, prev)->next = rec;
    }
  if (prev != 0)
    {
      GmlRun *p = GML_META_W (vm, GmlRun, prev);

      if (p->base + p->npages * GML_GO_PAGE_SIZE == base)
        {
          r = GML_META_W (vm, GmlRun, rec);
          p->npages += r->npages;
          p->next = r->next;
          gml_meta_free (vm, rec, sizeof (GmlRun));
        }
    }
}

guint64
gml_heap_alloc_span (GmlVm        *vm,
                     guint64       npages,
                     GmlSpanState  state,
                     guint         spanclass)
{
  guint64 base = pages_alloc (vm, npages);
  guint64 rec;
  GmlSpan *s;
  guint sizeclass = gml_span_class_size (spanclass);

  if (base == 0)
    return 0;
  rec = gml_meta_alloc (vm, sizeof (GmlSpan));
  s = GML_META_W (vm, GmlSpan, rec);
  s->base = base;
  s->npages = (guint32) npages;
  s->state = state;
  s->spanclass = (guint8) spanclass;
  s->sweepgen = vm->rt.sweepgen;
  s->alloc_step = vm->rt.step;
  if (state == GML_SPAN_IN_USE)
    {
      s->elemsize = sizeclass != 0 ? gml_class_size (sizeclass) : (guint32) (npages * GML_GO_PAGE_SIZE);
      s->nelems = sizeclass != 0 ? gml_class_nelems (sizeclass) : 1;
      s->allocbits = gml_meta_alloc (vm, bitmap_bytes (s->nelems));
      s->markbits = gml_meta_alloc (vm, bitmap_bytes (s->nelems));
      s->objinfo = gml_meta_alloc (vm, s->nelems * sizeof (GmlObjInfo));
      vm->rt.heap_inuse += npages * GML_GO_PAGE_SIZE;
    }
  else
    vm->rt.stack_inuse += npages * GML_GO_PAGE_SIZE;

  /* Link into allspans (doubly, through allnext / the prev of the next). */
  s->allnext = vm->rt.allspans;
  vm->rt.allspans = rec;
  spanmap_fill (vm, base, npages, rec);
  gml_gc_note_span_alloc (vm, rec);
  return rec;
}

static void
allspans_unlink (GmlVm   *vm,
                 guint64  rec)
{
  guint64 cur = vm->rt.allspans, prev = 0;

  /* Go keeps every span in h.allspans forever; we reuse records, so the
   * list is unlinked here.  Freed spans are rare next to allocations. */
  while (cur != 0 && cur != rec)
    {
      prev = cur;
      cur = GML_META_R (vm, GmlSpan, cur)->allnext;
    }
  if (cur == 0)
    return;
  if (prev == 0)
    vm->rt.allspans = GML_META_R (vm, GmlSpan, rec)->allnext;
  else
    GML_META_W (vm, GmlSpan, prev)->allnext = GML_META_R (vm, GmlSpan, rec)->allnext;
}

void
gml_heap_free_span (GmlVm   *vm,
                    guint64  rec)
{
  GmlSpan s = *GML_META_R (vm, GmlSpan, rec);

  gml_gc_note_span_free (vm, rec);
  if (s.state == GML_SPAN_IN_USE)
    {
      gml_meta_free (vm, s.allocbits, bitmap_bytes (s.nelems));
      gml_meta_free (vm, s.markbits, bitmap_bytes (s.nelems));
      gml_meta_free (vm, s.objinfo, s.nelems * sizeof (GmlObjInfo));
      vm->rt.heap_inuse -= (guint64) s.npages * GML_GO_PAGE_SIZE;
    }
  else
    vm->rt.stack_inuse -= (guint64) s.npages * GML_GO_PAGE_SIZE;
  spanmap_fill (vm, s.base, s.npages, 0);
  allspans_unlink (vm, rec);
  pages_free (vm, s.base, s.npages);
  gml_meta_free (vm, rec, sizeof (GmlSpan));
}

/* ------------------------------------------------------------------ */
/* Central lists                                                       */

/* A span's list (GmlSpan.list): 1 partial or 2 full, plus 2 for the
 * second sweep set. */
static guint8
list_id (gboolean full,
         guint    set)
{
  return (guint8) ((full ? 2 : 1) + 2 * set);
}

/* The metadata address of the head of a span class's list `list`. */
static guint64
central_list (GmlVm   *vm,
              guint    spanclass,
              guint8   list)
{
  return vm->rt.central + ((guint64) (list - 1) * GML_NUM_SPAN_CLASSES + spanclass) * 8;
}

/* The index of the lists of spans swept in this cycle (Go's
 * partialSwept / fullSwept); the other set is the unswept spans. */
static guint
swept_set (GmlVm *vm)
{
  return vm->rt.sweepgen / 2 % 2;
}

void
gml_heap_central_remove (GmlVm   *vm,
                         guint64  rec)
{
  GmlSpan *s = GML_META_W (vm, GmlSpan, rec);
  guint64 next = s->next, prev = s->prev;

  if (s->list == 0)
    return;
  if (prev != 0)
    GML_META_W (vm, GmlSpan, prev)->next = next;
  else
    gml_mem_set_u64 (vm->mem, central_list (vm, s->spanclass, s->list), next);
  if (next != 0)
    GML_META_W (vm, GmlSpan, next)->prev = prev;
  s = GML_META_W (vm, GmlSpan, rec);
  s->next = s->prev = 0;
  s->list = 0;
}

void
gml_heap_central_insert (GmlVm   *vm,
                         guint64  rec)
{
  GmlSpan *s = GML_META_W (vm, GmlSpan, rec);
  guint set = s->sweepgen == vm->rt.sweepgen ? swept_set (vm) : 1 - swept_set (vm);
  guint8 list = list_id (s->alloc_count >= s->nelems, set);
  guint64 head = central_list (vm, s->spanclass, list);
  guint64 old = gml_mem_get_u64 (vm->mem, head);

  s->list = list;
  s->next = old;
  s->prev = 0;
  gml_mem_set_u64 (vm->mem, head, rec);
  if (old != 0)
    GML_META_W (vm, GmlSpan, old)->prev = rec;
}

/* mcentral.cacheSpan: a span of this class with at least one free slot --
 * a partial one swept in this cycle, else the first unswept span that
 * sweeping (lazily, here) leaves with room -- growing the heap as the last
 * resort.  As in Go, the spans swept full are never walked again. */
static guint64
central_cache_span (GmlVm *vm,
                    guint  spanclass)
{
  guint swept = swept_set (vm);
  guint64 rec = gml_mem_get_u64 (vm->mem, central_list (vm, spanclass, list_id (FALSE, swept)));

  if (rec != 0)
    {
      gml_heap_central_remove (vm, rec);
      return rec;
    }
  for (guint full = 0; full <= 1; full++)
    {
      guint64 head = central_list (vm, spanclass, list_id (full, 1 - swept));

      while ((rec = gml_mem_get_u64 (vm->mem, head)) != 0)
        {
          const GmlSpan *s;

          /* Sweeping may free the whole span to the page heap. */
          gml_heap_central_remove (vm, rec);
          if (!gml_gc_sweep_span (vm, rec, TRUE))
            continue;
          s = GML_META_R (vm, GmlSpan, rec);
          if (s->alloc_count < s->nelems)
            return rec;
          gml_heap_central_insert (vm, rec);
        }
    }
  {
    guint sizeclass = gml_span_class_size (spanclass);

    return gml_heap_alloc_span (vm, gml_class_npages (sizeclass), GML_SPAN_IN_USE, spanclass);
  }
}

static guint64
mcache_get (GmlVm *vm,
            guint  spanclass)
{
  guint64 p = vm->rt.ps[vm->rt.curp];

  return gml_mem_get_u64 (vm->mem, GML_META_R (vm, GmlP, p)->mcache + spanclass * 8);
}

static void
mcache_set (GmlVm   *vm,
            guint    spanclass,
            guint64  span)
{
  guint64 p = vm->rt.ps[vm->rt.curp];

  gml_mem_set_u64 (vm->mem, GML_META_R (vm, GmlP, p)->mcache + spanclass * 8, span);
}

/* Unused slots of a cached span were counted as live; give them back. */
static void
uncache_span (GmlVm   *vm,
              guint64  rec)
{
  GmlSpan *s = GML_META_W (vm, GmlSpan, rec);
  guint64 unused = (guint64) (s->nelems - s->alloc_count) * s->elemsize;

  s->in_cache = 0;
  vm->rt.heap_live = vm->rt.heap_live > unused ? vm->rt.heap_live - unused : 0;
  gml_heap_central_insert (vm, rec);
}

/* mcache.refill: swaps the full span for one with free space.  The whole
 * free space of the new span counts as live from now on. */
static guint64
refill (GmlVm *vm,
        guint  spanclass)
{
  guint64 old = mcache_get (vm, spanclass);
  guint64 rec;
  GmlSpan *s;

  if (old != 0)
    uncache_span (vm, old);
  rec = central_cache_span (vm, spanclass);
  if (rec == 0)
    return 0;
  s = GML_META_W (vm, GmlSpan, rec);
  s->in_cache = 1;
  vm->rt.heap_live += (guint64) (s->nelems - s->alloc_count) * s->elemsize;
  mcache_set (vm, spanclass, rec);
  return rec;
}

void
gml_heap_flush_caches (GmlVm *vm)
{
  for (guint p = 0; p < vm->rt.nprocs; p++)
    {
      guint64 mc = GML_META_R (vm, GmlP, vm->rt.ps[p])->mcache;

      for (guint spc = 0; spc < GML_NUM_SPAN_CLASSES; spc++)
        {
          guint64 rec = gml_mem_get_u64 (vm->mem, mc + spc * 8);

          if (rec == 0)
            continue;
          uncache_span (vm, rec);
          gml_mem_set_u64 (vm->mem, mc + spc * 8, 0);
        }
      {
        GmlP *pp = GML_META_W (vm, GmlP, vm->rt.ps[p]);

        pp->tiny = 0;
        pp->tinyoffset = 0;
      }
    }
}

/* ------------------------------------------------------------------ */
/* Slots                                                               */

static gboolean
slot_is_free (GmlVm         *vm,
              const GmlSpan *s,
              guint32        i)
{
  return i >= s->freeindex && !gml_bitmap_get (vm, s->allocbits, i);
}

/* nextFreeIndex: the next free slot at or after freeindex. */
static gboolean
span_next_free (GmlVm   *vm,
                guint64  rec,
                guint32 *index)
{
  const GmlSpan *s = GML_META_R (vm, GmlSpan, rec);
  guint32 i = s->freeindex, nelems = s->nelems;
  guint64 bits = s->allocbits;

  if (s->alloc_count >= nelems)
    return FALSE;
  /* A word of the allocation bitmap at a time (Go's allocCache). */
  while (i < nelems)
    {
      guint64 free = ~gml_mem_get_u64 (vm->mem, bits + (guint64) (i / 64) * 8) >> (i % 64);

      if (free != 0)
        {
          i += (guint32) __builtin_ctzll (free);
          break;
        }
      i = (i / 64 + 1) * 64;
    }
  if (i >= nelems)
    return FALSE;
  *index = i;
  return TRUE;
}

static guint64
span_take (GmlVm   *vm,
           guint64  rec,
           guint32  i,
           guint32  type_id,
           guint32  count)
{
  GmlSpan *s = GML_META_W (vm, GmlSpan, rec);
  GmlObjInfo info = { type_id, count };
  guint64 addr = s->base + (guint64) i * s->elemsize;
  guint32 elemsize = s->elemsize;
  guint64 objinfo = s->objinfo;

  guint64 word;

  s->freeindex = i + 1;
  s->alloc_count++;
  G_STATIC_ASSERT (sizeof info == 8);
  memcpy (&word, &info, 8);
  gml_mem_set_u64 (vm->mem, objinfo + (guint64) i * sizeof info, word);
  /* Slots are reused after sweeping: clear what the last object left. */
  gml_mem_zero_small (vm->mem, addr, elemsize);
  gml_gc_note_alloc (vm, rec, i);
  return addr;
}

static guint64
alloc_small (GmlVm    *vm,
             guint     spanclass,
             guint32   type_id,
             guint32   count,
             gboolean *gc_trigger)
{
  guint64 rec = mcache_get (vm, spanclass);
  guint32 i;

  if (rec == 0 || !span_next_free (vm, rec, &i))
    {
      rec = refill (vm, spanclass);
      *gc_trigger = TRUE;
      if (rec == 0 || !span_next_free (vm, rec, &i))
        return 0;
    }
  return span_take (vm, rec, i, type_id, count);
}

static guint64
alloc_tiny (GmlVm    *vm,
            gsize     size,
            gboolean *gc_trigger)
{
  guint64 paddr = vm->rt.ps[vm->rt.curp];
  GmlP p = *GML_META_R (vm, GmlP, paddr);
  guint64 off = p.tinyoffset;
  guint64 block;

  /* Align the offset like Go: 8 for multiples of 8, 4, 2. */
  if ((size & 7) == 0)
    off = (off + 7) & ~(guint64) 7;
  else if ((size & 3) == 0)
    off = (off + 3) & ~(guint64) 3;
  else if ((size & 1) == 0)
    off = (off + 1) & ~(guint64) 1;

  if (off + size <= GML_TINY_SIZE && p.tiny != 0)
    {
      GmlP *pw = GML_META_W (vm, GmlP, paddr);

      pw->tinyoffset = off + size;
      vm->rt.tiny_allocs++;
      vm->rt.nmalloc++;
      vm->rt.nfree++;   /* Go counts tiny sub-allocations as freed at once */
      return p.tiny + off;
    }

  block = alloc_small (vm, gml_span_class (GML_TINY_SIZE_CLASS, TRUE), TINY_TYPE_ID, 0, gc_trigger);
  if (block == 0)
    return 0;
  vm->rt.nmalloc++;
  vm->rt.total_alloc += GML_TINY_SIZE;
  vm->rt.heap_alloc += GML_TINY_SIZE;
  /* Keep the block with more room left, as Go does. */
  if (size < p.tinyoffset || p.tiny == 0)
    {
      GmlP *pw = GML_META_W (vm, GmlP, paddr);

      pw->tiny = block;
      pw->tinyoffset = size;
    }
  return block;
}

guint64
gml_heap_alloc (GmlVm    *vm,
                gsize     size,
                guint32   type_id,
                guint32   count,
                gboolean  noscan,
                gboolean *gc_trigger)
{
  guint64 addr;

  *gc_trigger = FALSE;
  if (size == 0)
    return GML_ZEROBASE_ADDR;
  vm->rt.nanotime += size / GML_ALLOC_BYTES_PER_NS;
  if (size <= GML_MAX_SMALL_SIZE)
    {
      guint sizeclass;

      if (noscan && size < GML_TINY_SIZE)
        return alloc_tiny (vm, size, gc_trigger);
      sizeclass = gml_size_to_class (size);
      addr = alloc_small (vm, gml_span_class (sizeclass, noscan), type_id, count, gc_trigger);
      if (addr != 0)
        {
          guint32 elemsize = gml_class_size (sizeclass);

          vm->rt.nmalloc++;
          vm->rt.total_alloc += elemsize;
          vm->rt.heap_alloc += elemsize;
        }
      return addr;
    }
  else
    {
      guint64 npages = (size + GML_GO_PAGE_SIZE - 1) / GML_GO_PAGE_SIZE;
      guint64 rec = gml_heap_alloc_span (vm, npages, GML_SPAN_IN_USE, gml_span_class (0, noscan));

      *gc_trigger = TRUE;
      if (rec == 0)
        return 0;
      addr = span_take (vm, rec, 0, type_id, count);
      vm->rt.nmalloc++;
      vm->rt.total_alloc += npages * GML_GO_PAGE_SIZE;
      vm->rt.heap_alloc += npages * GML_GO_PAGE_SIZE;
      vm->rt.heap_live += npages * GML_GO_PAGE_SIZE;
      /* A large span is never cached: it is full and goes straight to
       * the central full list so the sweeper finds it. */
      gml_heap_central_insert (vm, rec);
      return addr;
    }
}

gboolean
gml_heap_find_object (GmlVm   *vm,
                      guint64  addr,
                      guint64 *base,
                      guint64 *span,
                      guint32 *index)
{
  guint64 rec = gml_heap_span_of (vm, addr);
  const GmlSpan *s;
  guint32 i;

  if (rec == 0)
    return FALSE;
  s = GML_META_R (vm, GmlSpan, rec);
  if (s->state != GML_SPAN_IN_USE)
    return FALSE;
  i = (guint32) ((addr - s->base) / s->elemsize);
  if (i >= s->nelems || slot_is_free (vm, s, i))
    return FALSE;
  *base = s->base + (guint64) i * s->elemsize;
  *span = rec;
  *index = i;
  return TRUE;
}

void
gml_heap_set_procs (GmlVm *vm,
                    guint  nprocs)
{
  nprocs = CLAMP (nprocs, 1, GML_MAX_PROCS);
  for (guint i = 0; i < nprocs; i++)
    {
      guint64 p;

      if (vm->rt.ps[i] != 0)
        continue;
      p = gml_meta_alloc (vm, sizeof (GmlP));
      GML_META_W (vm, GmlP, p)->id = i;
      GML_META_W (vm, GmlP, p)->mcache = gml_meta_alloc (vm, GML_NUM_SPAN_CLASSES * 8);
      vm->rt.ps[i] = p;
    }
  /* Ps that go away give their cached spans back, and their goroutines
   * and sudogs (procresize). */
  if (nprocs < vm->rt.nprocs)
    {
      gml_heap_flush_caches (vm);
      gml_sched_procresize (vm, vm->rt.nprocs, nprocs);
    }
  vm->rt.nprocs = nprocs;
}

void
gml_heap_init (GmlVm *vm,
               guint  nprocs)
{
  vm->rt.sweepgen = 2;  /* Go starts mheap_.sweepgen at 0 and bumps by 2 */
  vm->rt.central = gml_meta_alloc (vm, 4 * GML_NUM_SPAN_CLASSES * 8);
  gml_heap_set_procs (vm, nprocs);
}
