/* gml-gc.c: the collector's state machine, marking, sweeping and pacing.
 *
 * Phases and units of work (one step each):
 *   SWEEP_TERM  stop the world: finish sweeping, clear sync.Pools, flush
 *               the mcaches, snapshot the roots, turn the barrier on.
 *   MARK        one root job (a block of globals, one goroutine's stack,
 *               the finalizer specials and pools) or one grey object
 *               blackened per step; runs beside the mutator.
 *   MARK_TERM   stop the world: pacer update, gctrace line, flip sweepgen.
 *   SWEEP       one span per step in the background (allocation also
 *               sweeps lazily); then idle.
 */
#include "gml-gc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gml-heap.h"
#include "gml-interp.h"

#define GREY_CHUNK_ENTRIES 126   /* 126 addresses + count + next = 1 KiB */
#define DEFAULT_HEAP_MINIMUM (G_GUINT64_CONSTANT (4) << 20)
#define CREDIT_UNIT 256          /* fixed point: one GC step */
#define ASSIST_BYTES_PER_UNIT 4096

typedef struct
{
  guint64 next;
  guint64 count;
  guint64 addr[GREY_CHUNK_ENTRIES];
} GreyChunk;

/* A finalizer registered with runtime.SetFinalizer; 64 bytes. */
typedef struct
{
  guint64 obj;
  guint64 fn;
  guint64 next;
  guint32 type_id;
  guint32 queued;
  guint64 pad[4];
} GmlSpecial;

static const struct
{
  const char *name;
  gboolean    stw;
} phases[] = {
#define X(name, str, stw) { str, stw },
#include "gml-gc-phase.def"
#undef X
};

const char *
gml_gc_phase_name (GmlGcPhase phase)
{
  g_return_val_if_fail (phase < GML_GC_N_PHASES, "?");
  return phases[phase].name;
}

gboolean
gml_gc_phase_is_stw (GmlGcPhase phase)
{
  g_return_val_if_fail (phase < GML_GC_N_PHASES, FALSE);
  return phases[phase].stw;
}

static gboolean
marking (GmlVm *vm)
{
  return vm->rt.gc_phase == GML_GC_MARK || vm->rt.gc_phase == GML_GC_MARK_TERM;
}

static const GmlVmConfig *
config (GmlVm *vm)
{
  return &VM_PRIV (vm)->config;
}

/* ------------------------------------------------------------------ */
/* Pacer                                                               */

static void
pacer_commit (GmlVm *vm)
{
  GmlRt *rt = &vm->rt;
  double goal, runway, min_trigger, max_trigger, trigger;

  if (rt->gcpercent < 0)
    goal = (double) G_MAXINT64;
  else
    {
      goal = (double) rt->heap_marked
             + ((double) rt->heap_marked + (double) rt->last_stack_scan + (double) rt->globals_scan)
               * rt->gcpercent / 100.0;
      goal = MAX (goal, (double) rt->heap_minimum);
    }
  /* GOMEMLIMIT: keep all the runtime's memory under the limit, with
   * 1 MiB headroom (Go 1.19's memoryLimitHeapGoalHeadroom): the heap goal
   * is what is left after stacks, fragmentation and the runtime's own
   * metadata (mappedReady - heapFree - heapAlloc). */
  if (rt->memory_limit < G_MAXINT64)
    {
      GmlGcSys gs;
      double other;

      gml_gc_sys (vm, &gs);
      other = (double) (gs.stack_sys + gs.gc_sys + gs.other_sys + gs.mspan_sys + gs.mcache_sys)
              + (double) (rt->heap_inuse > rt->heap_alloc ? rt->heap_inuse - rt->heap_alloc : 0);
      double limit_goal = (double) rt->memory_limit - other - (double) (1 << 20);

      goal = MIN (goal, MAX (limit_goal, (double) rt->heap_marked));
    }
  rt->heap_goal = (guint64) MIN (goal, (double) G_MAXINT64);

  /* trigger = goal - runway, clamped between 0.7 and 0.95 of the way;
   * the runway is the scan work (lastHeapScan: only objects with
   * pointers are scanned) at the measured allocation/scan ratio. */
  runway = rt->cons_mark * (1.0 - 0.25) / 0.25
           * ((double) rt->last_heap_scan + (double) rt->last_stack_scan + (double) rt->globals_scan);
  min_trigger = (double) rt->heap_marked + (goal - (double) rt->heap_marked) * 45.0 / 64.0;
  max_trigger = (double) rt->heap_marked + (goal - (double) rt->heap_marked) * 61.0 / 64.0;
  if (goal - (double) rt->heap_marked > 8.0 * (1 << 20))
    max_trigger = MAX (max_trigger, goal - 4.0 * (1 << 20));
  trigger = goal - runway;
  trigger = CLAMP (trigger, min_trigger, max_trigger);
  rt->trigger = (guint64) MIN (trigger, (double) G_MAXINT64);
}

void
gml_gc_init (GmlVm  *vm,
             gint    gcpercent,
             gint64  memory_limit)
{
  GmlRt *rt = &vm->rt;

  rt->gcpercent = gcpercent;
  rt->memory_limit = memory_limit;
  rt->heap_minimum = gcpercent < 0 ? DEFAULT_HEAP_MINIMUM
                                   : DEFAULT_HEAP_MINIMUM * (guint64) gcpercent / 100;
  rt->gc_phase = GML_GC_OFF;
  rt->cons_mark = 0;
  rt->pause_ns = gml_meta_alloc (vm, 256 * 8);
  rt->pause_end = gml_meta_alloc (vm, 256 * 8);
  pacer_commit (vm);
}

/* ------------------------------------------------------------------ */
/* Heap hooks                                                          */

void
gml_gc_note_span_alloc (GmlVm   *vm,
                        guint64  span)
{
  const GmlSpan *s = GML_META_R (vm, GmlSpan, span);

  gml_vm_emit (vm, GML_EVENT_SPAN_ALLOC, span, s->base, s->npages, s->spanclass);
}

void
gml_gc_note_span_free (GmlVm   *vm,
                       guint64  span)
{
  const GmlSpan *s = GML_META_R (vm, GmlSpan, span);

  /* The background sweeper walks allspans; never leave it on a dead span. */
  if (vm->rt.sweep_cursor == span)
    vm->rt.sweep_cursor = s->allnext;
  gml_vm_emit (vm, GML_EVENT_SPAN_FREE, span, s->base, s->npages, s->spanclass);
}

/* Objects allocated during mark are black: allocated already marked. */
void
gml_gc_note_alloc (GmlVm   *vm,
                   guint64  span,
                   guint32  index)
{
  if (marking (vm))
    {
      const GmlSpan *s = GML_META_R (vm, GmlSpan, span);

      gml_bitmap_set (vm, s->markbits, index, TRUE);
      vm->rt.bytes_marked += s->elemsize;
    }
}

/* ------------------------------------------------------------------ */
/* The runtime's own memory                                            */

/* Go 1.19 on linux/amd64, measured with runtime.ReadMemStats: GCSys is
 * about 5.5 MiB plus 2.1 MiB (the heap bitmap and span table) per 64 MiB
 * heap arena; OtherSys about 0.4 MiB; stacks are mapped 256 KiB at a time
 * at least.  GOMEMLIMIT counts all of it. */
void
gml_gc_sys (GmlVm    *vm,
            GmlGcSys *out)
{
  const GmlRt *rt = &vm->rt;
  guint64 arenas = MAX ((rt->heap_sys + (G_GUINT64_CONSTANT (64) << 20) - 1) >> 26, 1);

  out->gc_sys = (G_GUINT64_CONSTANT (5632) << 10) + arenas * (G_GUINT64_CONSTANT (2112) << 10);
  out->other_sys = G_GUINT64_CONSTANT (400) << 10;
  out->stack_sys = MAX (rt->stack_inuse, G_GUINT64_CONSTANT (256) << 10);
  out->mspan_sys = MAX (G_GUINT64_CONSTANT (16) << 10, ((rt->heap_inuse / GML_GO_PAGE_SIZE) * 160 + 16383) / 16384 * 16384);
  out->mcache_sys = G_GUINT64_CONSTANT (15600);
  out->sys = rt->heap_sys + out->stack_sys + out->gc_sys + out->other_sys + out->mspan_sys + out->mcache_sys;
}

/* ------------------------------------------------------------------ */
/* Marking                                                             */

static void
grey_push (GmlVm   *vm,
           guint64  addr)
{
  guint64 chunk = vm->rt.grey_head;

  if (chunk == 0 || GML_META_R (vm, GreyChunk, chunk)->count == GREY_CHUNK_ENTRIES)
    {
      guint64 c = gml_meta_alloc (vm, sizeof (GreyChunk));

      GML_META_W (vm, GreyChunk, c)->next = chunk;
      vm->rt.grey_head = chunk = c;
    }
  {
    GreyChunk *w = GML_META_W (vm, GreyChunk, chunk);

    w->addr[w->count++] = addr;
  }
  vm->rt.grey_count++;
}

static guint64
grey_pop (GmlVm *vm)
{
  guint64 chunk = vm->rt.grey_head;
  GreyChunk *w;
  guint64 addr;

  if (chunk == 0)
    return 0;
  w = GML_META_W (vm, GreyChunk, chunk);
  if (w->count == 0)
    return 0;
  addr = w->addr[--w->count];
  /* The last chunk stays, empty, until mark termination: marking pushes
   * and pops one address at a time, which would allocate and free a
   * chunk each time. */
  if (w->count == 0 && w->next != 0)
    {
      vm->rt.grey_head = w->next;
      gml_meta_free (vm, chunk, sizeof (GreyChunk));
    }
  vm->rt.grey_count--;
  return addr;
}

/* Frees the emptied chunk grey_pop() keeps. */
static void
grey_release (GmlVm *vm)
{
  guint64 chunk = vm->rt.grey_head;

  if (chunk != 0 && vm->rt.grey_count == 0 && GML_META_R (vm, GreyChunk, chunk)->next == 0)
    {
      vm->rt.grey_head = 0;
      gml_meta_free (vm, chunk, sizeof (GreyChunk));
    }
}

static void check_reachable (GmlVm *vm);
static void reach_visit (GmlVm   *vm,
                         guint64  base,
                         guint64  span,
                         guint32  index,
                         guint64  from);

/* greyobject: marks the object holding addr; pointer-free objects are
 * black at once, others go on the work queue. */
static void
shade (GmlVm   *vm,
       guint64  addr,
       guint64  from)
{
  guint64 base, span;
  guint32 index;
  const GmlSpan *s;

  if (addr < GML_ARENA_BASE || addr >= vm->rt.arena_end)
    return;
  if (!gml_heap_find_object (vm, addr, &base, &span, &index))
    return;
  if (G_UNLIKELY (VM_PRIV (vm)->reach != NULL))
    {
      reach_visit (vm, base, span, index, from);
      return;
    }
  s = GML_META_R (vm, GmlSpan, span);
  if (gml_bitmap_get (vm, s->markbits, index))
    return;
  gml_bitmap_set (vm, s->markbits, index, TRUE);
  vm->rt.bytes_marked += s->elemsize;
  gml_vm_emit (vm, GML_EVENT_GC_SHADE, base, from, 0, 0);
  if (!gml_span_class_noscan (s->spanclass))
    grey_push (vm, base);
}

static void
shade_words (GmlVm        *vm,
             guint64       addr,
             GmlType      *t,
             guint64       from)
{
  const guint8 *mask;
  guint n;

  if (t == NULL || !t->has_pointers)
    return;
  n = gml_type_ptrmask (vm->image->program->types, t, &mask);
  for (guint w = 0; w < n; w++)
    if (mask[w / 8] & (1u << (w % 8)))
      shade (vm, gml_mem_get_u64 (vm->mem, addr + (guint64) w * 8), from);
}

void
gml_gc_shade_typed (GmlVm   *vm,
                    guint64  addr,
                    GmlType *t)
{
  if (marking (vm))
    shade_words (vm, addr, t, addr);
}

void
gml_gc_write_barrier (GmlVm   *vm,
                      guint64  slot,
                      guint64  old_ptr,
                      guint64  new_ptr)
{
  if (!marking (vm))
    return;
  gml_vm_emit (vm, GML_EVENT_GC_BARRIER, slot, old_ptr, new_ptr, 0);
  shade (vm, old_ptr, slot);
  shade (vm, new_ptr, slot);
}

void
gml_gc_store_pointer (GmlVm   *vm,
                      guint64  slot,
                      guint64  value)
{
  guint64 old = gml_mem_get_u64 (vm->mem, slot);

  gml_gc_write_barrier (vm, slot, old, value);
  gml_vm_emit (vm, GML_EVENT_PTR_STORE, slot, old, value, 0);
  gml_mem_set_u64 (vm->mem, slot, value);
}

/* What was allocated at slot `index` (an aligned word of the span's
 * records): one TLB access. */
static inline GmlObjInfo
objinfo_get (GmlVm   *vm,
             guint64  objinfo,
             guint32  index)
{
  guint64 word = gml_mem_get_u64 (vm->mem, objinfo + (guint64) index * sizeof (GmlObjInfo));
  GmlObjInfo info;

  G_STATIC_ASSERT (sizeof info == 8);
  memcpy (&info, &word, 8);
  return info;
}

/* scanobject: shade every pointer of one grey object. */
static void
blacken (GmlVm   *vm,
         guint64  base)
{
  guint64 span = gml_heap_span_of (vm, base);
  const GmlSpan *s = GML_META_R (vm, GmlSpan, span);
  guint32 index = (guint32) ((base - s->base) / s->elemsize);
  guint32 elemsize = s->elemsize;
  GmlObjInfo info;
  GmlType *t;

  info = objinfo_get (vm, s->objinfo, index);
  gml_vm_emit (vm, GML_EVENT_GC_BLACKEN, base, elemsize, 0, 0);
  vm->rt.scan_work += elemsize;
  if (info.type_id == 0 || info.type_id == G_MAXUINT32)
    return;
  t = gml_type_table_get (vm->image->program->types, info.type_id);
  for (guint32 i = 0; i < MAX (info.count, 1); i++)
    shade_words (vm, base + (guint64) i * (guint64) gml_type_size (t), t, base);
}

/* ------------------------------------------------------------------ */
/* Roots                                                               */

/* Is the slot live when the frame resumes at pc?  Temporaries (no
 * variable) follow their scope; variables the liveness analysis. */
gboolean
gml_gc_slot_live (const GmlCode *code,
                  guint          slot_index,
                  guint          pc)
{
  const GmlSlot *s = &code->slots[slot_index];

  if (pc < s->scope_start || pc > s->scope_end)
    return FALSE;
  if (s->var == NULL || code->live == NULL || pc >= code->n_safepoints)
    return TRUE;
  return (code->live[(gsize) pc * code->live_words + slot_index / 32] >> (slot_index % 32)) & 1;
}

/* Stack objects (Go 1.12+): the storage of non-escaping allocations is
 * scanned only when a live pointer reaches it, so a dead box or closure
 * does not keep heap objects alive. */
typedef struct
{
  guint64  lo, hi;
  GmlType *type;
  gboolean scanned;
} StackObject;

typedef struct
{
  guint64  stack_lo, stack_hi;
  GArray  *objects;    /* StackObject */
  GArray  *pending;    /* guint64 pointers into the stack still to resolve */
} StackScan;

static void
scan_words (GmlVm     *vm,
            StackScan *ss,
            guint64    addr,
            GmlType   *t,
            guint64    from)
{
  const guint8 *mask;
  guint n;

  if (t == NULL || !t->has_pointers)
    return;
  n = gml_type_ptrmask (vm->image->program->types, t, &mask);
  for (guint w = 0; w < n; w++)
    if (mask[w / 8] & (1u << (w % 8)))
      {
        guint64 p = gml_mem_get_u64 (vm->mem, addr + (guint64) w * 8);

        if (p >= ss->stack_lo && p < ss->stack_hi)
          g_array_append_val (ss->pending, p);
        else
          shade (vm, p, from);
      }
}

static void
scan_pointer (GmlVm     *vm,
              StackScan *ss,
              guint64    p,
              guint64    from)
{
  if (p >= ss->stack_lo && p < ss->stack_hi)
    g_array_append_val (ss->pending, p);
  else
    shade (vm, p, from);
}

/* scanstack: the live pointer slots of every frame of g, then the stack
 * objects they reach. */
static void
scan_stack (GmlVm   *vm,
            guint64  g)
{
  GmlFrame f;
  const GmlG *gg = gml_g_r (vm, g);
  gboolean checking = VM_PRIV (vm)->reach != NULL;
  StackScan ss;

  /* Go keeps every g in allgs forever: a dead goroutine's g object stays
   * live, to be reused by the next goroutine that takes its record. */
  shade (vm, gg->gobj, g);
  /* And the sudogs it waits with (g.waiting, a semaRoot). */
  for (guint64 s = gml_g_r (vm, g)->sudogs; s != 0; s = GML_META_R (vm, GmlSudog, s)->waitlink)
    shade (vm, GML_META_R (vm, GmlSudog, s)->obj, g);
  shade (vm, gml_sync_waiter_sudog (vm, g), g);
  gg = gml_g_r (vm, g);
  if (gg->status == GML_G_DEAD || gg->stack_lo == 0)
    return;
  if (!checking)
    gml_stack_maybe_shrink (vm, g);
  gg = gml_g_r (vm, g);
  if (!checking)
    gml_vm_emit (vm, GML_EVENT_GC_ROOT, 1, gg->goid, 0, 0);
  ss.stack_lo = gg->stack_lo;
  ss.stack_hi = gg->stack_hi;
  /* Scratch arrays, kept from one stack to the next. */
  if (VM_PRIV (vm)->scan_objects == NULL)
    {
      VM_PRIV (vm)->scan_objects = g_array_new (FALSE, FALSE, sizeof (StackObject));
      VM_PRIV (vm)->scan_pending = g_array_new (FALSE, FALSE, sizeof (guint64));
    }
  ss.objects = VM_PRIV (vm)->scan_objects;
  ss.pending = VM_PRIV (vm)->scan_pending;
  g_array_set_size (ss.objects, 0);
  g_array_set_size (ss.pending, 0);
  /* A goroutine between frames (its deferred calls running at exit, say)
   * still holds its defers and panics. */
  if (gml_frame_first (vm, g, &f))
   {
    if (!checking)
      vm->rt.stack_scan += gg->stack_hi - (f.fp - (guint64) f.code->frame_size);
    do
    {
      /* f.pc is where the frame resumes: its live-in set applies. */
      guint pc = f.pc;

      for (guint i = 0; i < f.code->n_slots; i++)
        {
          const GmlSlot *s = &f.code->slots[i];
          guint64 addr = f.fp + (guint64) (gint64) s->offset;

          if (s->type == NULL || !s->type->has_pointers || !gml_gc_slot_live (f.code, i, pc))
            continue;
          if (s->stack_object)
            {
              StackObject o = { addr, addr + s->size, s->type, FALSE };

              g_array_append_val (ss.objects, o);
            }
          else
            scan_words (vm, &ss, addr, s->type, addr);
        }
      if (f.code->ctx_slot != 0)
        scan_pointer (vm, &ss, gml_mem_get_u64 (vm->mem, f.fp + (guint64) (gint64) f.code->ctx_slot), f.fp);
    }
    while (gml_frame_next (vm, &f));
   }
  /* Deferred calls and panic values hang off the goroutine; a deferred
   * call's record may itself be a stack object. */
  for (guint64 d = gml_g_r (vm, g)->defers; d != 0; d = GML_META_R (vm, GmlDefer, d)->next)
    scan_pointer (vm, &ss, GML_META_R (vm, GmlDefer, d)->fn, d);
  for (guint64 p = gml_g_r (vm, g)->panics; p != 0; p = GML_META_R (vm, GmlPanic, p)->next)
    scan_pointer (vm, &ss, GML_META_R (vm, GmlPanic, p)->data, p);

  while (ss.pending->len > 0)
    {
      guint64 p = g_array_index (ss.pending, guint64, ss.pending->len - 1);

      g_array_set_size (ss.pending, ss.pending->len - 1);
      for (guint i = 0; i < ss.objects->len; i++)
        {
          StackObject *o = &g_array_index (ss.objects, StackObject, i);

          if (p >= o->lo && p < o->hi)
            {
              if (!o->scanned)
                {
                  o->scanned = TRUE;
                  scan_words (vm, &ss, o->lo, o->type, o->lo);
                }
              break;
            }
        }
    }
}

static void
scan_globals (GmlVm *vm)
{
  GmlProgram *prog = vm->image->program;

  if (VM_PRIV (vm)->reach == NULL)
    gml_vm_emit (vm, GML_EVENT_GC_ROOT, 0, vm->image->data_base, 0, 0);
  for (guint p = 0; p < prog->package_order->len; p++)
    {
      GmlPackage *pkg = g_ptr_array_index (prog->package_order, p);

      for (guint i = 0; i < pkg->globals->len; i++)
        {
          GmlObject *v = g_ptr_array_index (pkg->globals, i);
          guint64 addr = vm->image->data_base + (guint64) v->u.var.offset;

          shade_words (vm, addr, v->type, addr);
        }
    }
}

/* Finalizers: the object's referents and the finalizer function are
 * roots, but not the object itself (else it could never be found dead). */
static void
scan_specials (GmlVm *vm)
{
  for (guint64 sp = vm->rt.specials; sp != 0; sp = GML_META_R (vm, GmlSpecial, sp)->next)
    {
      const GmlSpecial *s = GML_META_R (vm, GmlSpecial, sp);
      GmlType *t = s->type_id != 0 ? gml_type_table_get (vm->image->program->types, s->type_id) : NULL;

      shade (vm, s->fn, sp);
      if (t != NULL)
        shade_words (vm, s->obj, t, s->obj);
    }
  for (guint64 q = vm->rt.finq; q != 0; q = GML_META_R (vm, GmlSpecial, q)->next)
    {
      shade (vm, GML_META_R (vm, GmlSpecial, q)->obj, q);
      shade (vm, GML_META_R (vm, GmlSpecial, q)->fn, q);
    }
  gml_sync_pool_roots (vm);
  /* The sudog caches: Go's allp (each P's sudogbuf) and sched. */
  for (guint i = 0; i < vm->rt.nprocs; i++)
    {
      const GmlP *pp = GML_META_R (vm, GmlP, vm->rt.ps[i]);
      guint64 cache = pp->sudogcache;
      guint32 n = pp->nsudog;

      for (guint32 k = 0; k < n; k++)
        shade (vm, gml_mem_get_u64 (vm->mem, cache + (guint64) k * 8), cache);
    }
  shade (vm, vm->rt.sudog_central, 0);
}

/* One root job; FALSE when there are none left. */
static gboolean
root_job (GmlVm *vm)
{
  GmlRt *rt = &vm->rt;

  switch (rt->root_phase)
    {
    case 0:
      scan_globals (vm);
      rt->root_phase = 1;
      rt->root_g = rt->allgs;
      return TRUE;
    case 1:
      if (rt->root_g != 0)
        {
          guint64 g = rt->root_g;

          rt->root_g = g == rt->root_g_last ? 0 : gml_g_r (vm, g)->allnext;
          scan_stack (vm, g);
          return TRUE;
        }
      rt->root_phase = 2;
      G_GNUC_FALLTHROUGH;
    case 2:
      scan_specials (vm);
      rt->root_phase = 3;
      return TRUE;
    default:
      return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* Sweeping                                                            */

static void
free_object (GmlVm      *vm,
             guint64     addr,
             guint32     size,
             GmlObjInfo  info)
{
  vm->rt.nfree++;
  vm->rt.heap_alloc -= size;
  gml_vm_emit (vm, GML_EVENT_FREE, addr, size, info.type_id, info.count);
}

/* Objects with finalizers that were found dead are resurrected for one
 * more cycle and their finalizer is queued (Go's sweep of specials).  The
 * specials are in address order, so those of one slot are adjacent: a
 * dead tiny block queues the finalizers of all the objects in it. */
static void
sweep_specials (GmlVm   *vm,
                guint64  span)
{
  const GmlSpan *s = GML_META_R (vm, GmlSpan, span);
  guint64 lo = s->base, hi = s->base + (guint64) s->npages * GML_GO_PAGE_SIZE;
  guint64 prev = 0, sp = vm->rt.specials, resurrected = 0;

  while (sp != 0)
    {
      GmlSpecial rec = *GML_META_R (vm, GmlSpecial, sp);
      guint64 base, osp;
      guint32 index;

      if (rec.obj < lo || rec.obj >= hi || !gml_heap_find_object (vm, rec.obj, &base, &osp, &index)
          || (base != resurrected && gml_bitmap_get (vm, GML_META_R (vm, GmlSpan, osp)->markbits, index)))
        {
          prev = sp;
          sp = rec.next;
          continue;
        }
      resurrected = base;
      gml_bitmap_set (vm, GML_META_R (vm, GmlSpan, osp)->markbits, index, TRUE);
      if (prev == 0)
        vm->rt.specials = rec.next;
      else
        GML_META_W (vm, GmlSpecial, prev)->next = rec.next;
      GML_META_W (vm, GmlSpecial, sp)->next = vm->rt.finq;
      vm->rt.finq = sp;
      gml_vm_emit (vm, GML_EVENT_FINALIZER, rec.obj, rec.fn, 0, 0);
      if (vm->rt.fing != 0 && gml_g_r (vm, vm->rt.fing)->status == GML_G_WAITING)
        gml_sched_ready (vm, vm->rt.fing, FALSE);
      sp = rec.next;
    }
}

gboolean
gml_gc_sweep_span (GmlVm   *vm,
                   guint64  span,
                   gboolean lazy)
{
  GmlSpan s = *GML_META_R (vm, GmlSpan, span);
  guint32 live = 0, freed = 0;

  if (s.state != GML_SPAN_IN_USE || s.sweepgen == vm->rt.sweepgen)
    return TRUE;
  if (vm->rt.specials != 0)
    sweep_specials (vm, span);
  /* The bitmaps 64 slots at a time (a span has at most 1,024): the dead
   * slots are the allocated ones (below freeindex, or with the bit set)
   * left unmarked. */
  {
    guint32 n_words = (s.nelems + 63) / 64;
    guint64 alloc[1024 / 64], mark[1024 / 64];

    g_assert (n_words <= G_N_ELEMENTS (alloc));
    gml_mem_read (vm->mem, s.allocbits, alloc, n_words * 8);
    gml_mem_read (vm->mem, s.markbits, mark, n_words * 8);
    for (guint32 w = 0; w < n_words; w++)
      {
        guint32 first = w * 64;
        guint64 valid = s.nelems - first >= 64 ? G_MAXUINT64 : ((guint64) 1 << (s.nelems - first)) - 1;
        guint64 below = s.freeindex <= first ? 0
                        : s.freeindex - first >= 64 ? G_MAXUINT64 : ((guint64) 1 << (s.freeindex - first)) - 1;
        guint64 marked = mark[w] & valid;

        live += (guint32) __builtin_popcountll (marked);
        for (guint64 dead = (alloc[w] | below) & ~marked & valid; dead != 0; dead &= dead - 1)
          {
            guint32 i = first + (guint32) __builtin_ctzll (dead);
            GmlObjInfo info = { 0, 0 };

            /* What was there matters only to the free event. */
            if (gml_vm_emits_fine (vm))
              info = objinfo_get (vm, s.objinfo, i);
            free_object (vm, s.base + (guint64) i * s.elemsize, s.elemsize, info);
            freed++;
          }
      }
  }
  {
    GmlSpan *w = GML_META_W (vm, GmlSpan, span);
    guint64 bytes = ((guint64) s.nelems + 63) / 64 * 8;
    guint64 tmp = w->allocbits;

    w->allocbits = w->markbits;
    w->markbits = tmp;
    w->freeindex = 0;
    w->alloc_count = live;
    w->sweepgen = vm->rt.sweepgen;
    gml_mem_zero (vm->mem, w->markbits, bytes);
  }
  gml_vm_emit (vm, GML_EVENT_GC_SWEEP, span, freed, 0, 0);
  if (live == 0 && !GML_META_R (vm, GmlSpan, span)->in_cache)
    {
      gml_heap_central_remove (vm, span);
      gml_heap_free_span (vm, span);
      return FALSE;
    }
  /* A span that had been full may have room now. */
  if (!lazy && !GML_META_R (vm, GmlSpan, span)->in_cache && GML_META_R (vm, GmlSpan, span)->list != 0)
    {
      gml_heap_central_remove (vm, span);
      gml_heap_central_insert (vm, span);
    }
  return TRUE;
}

/* One span of background sweeping; FALSE when everything is swept. */
static gboolean
sweep_one (GmlVm *vm)
{
  while (vm->rt.sweep_cursor != 0)
    {
      guint64 span = vm->rt.sweep_cursor;
      const GmlSpan *s = GML_META_R (vm, GmlSpan, span);

      vm->rt.sweep_cursor = s->allnext;
      if (s->state == GML_SPAN_IN_USE && s->sweepgen != vm->rt.sweepgen)
        {
          gml_gc_sweep_span (vm, span, FALSE);
          return TRUE;
        }
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Phases                                                              */

static void
set_phase (GmlVm      *vm,
           GmlGcPhase  phase)
{
  vm->rt.gc_phase = phase;
  gml_vm_step_check (vm);
  gml_vm_emit (vm, GML_EVENT_GC_PHASE, phase, vm->rt.gc_cycle, vm->rt.heap_live, vm->rt.heap_goal);
  if (config (vm)->gc_check)
    {
      g_autofree char *error = NULL;

      if (!gml_gc_check_heap (vm, &error))
        {
          vm->rt.gc_check_failed = TRUE;
          g_critical ("heap check failed at %s: %s", gml_gc_phase_name (phase), error);
        }
    }
}

static void
gc_start (GmlVm    *vm,
          gboolean  forced)
{
  GmlRt *rt = &vm->rt;

  rt->gc_cycle++;
  rt->gc_forced = forced;
  rt->t_start = rt->nanotime;
  rt->heap0 = rt->heap_live;
  set_phase (vm, GML_GC_SWEEP_TERM);
}

/* How much GC work one mutator step buys, in CREDIT_UNITs: the dedicated
 * background workers (GOMAXPROCS/4, rounded as Go does) and the idle
 * Ps' workers run beside the program, and scanning an object is cheaper
 * than a statement that allocates one. */
static guint32
gc_rate (GmlVm *vm)
{
  guint procs = vm->rt.nprocs;
  double workers = procs * 0.25;

  if (procs > 1)
    workers += procs - 1;  /* idle Ps run idle mark workers */
  return (guint32) (CREDIT_UNIT * 2 * workers);
}

/* Sweep termination (STW): finish the previous sweep, clear the pools,
 * prepare marking. */
static void
sweep_termination (GmlVm *vm)
{
  GmlRt *rt = &vm->rt;

  rt->sweep_cursor = rt->allspans;
  while (sweep_one (vm))
    ;
  gml_sync_pool_cleanup (vm);
  gml_sched_sudog_cleanup (vm);
  gml_heap_flush_caches (vm);
  rt->bytes_marked = 0;
  rt->scan_work = 0;
  rt->stack_scan = 0;
  rt->assist_work = 0;
  rt->root_phase = 0;
  rt->root_g_last = rt->allgs_tail;
  /* The world was stopped: every P's time is the collector's. */
  rt->nanotime += GML_NS_SWEEP_TERM (rt->nprocs);
  rt->gc_cpu_ns += GML_NS_SWEEP_TERM (rt->nprocs) * rt->nprocs;
  rt->t_mark = rt->nanotime;
  rt->credit = 0;
  rt->gc_rate = gc_rate (vm);
  set_phase (vm, GML_GC_MARK);
}

static guint64
globals_scan_size (GmlVm *vm)
{
  GmlProgram *prog = vm->image->program;
  guint64 n = 0;

  for (guint p = 0; p < prog->package_order->len; p++)
    {
      GmlPackage *pkg = g_ptr_array_index (prog->package_order, p);

      for (guint i = 0; i < pkg->globals->len; i++)
        {
          GmlObject *v = g_ptr_array_index (pkg->globals, i);

          if (v->type->has_pointers)
            n += (guint64) gml_type_size (v->type);
        }
    }
  return n;
}

/* Go's fmtNSAsMS: whole milliseconds from 10 ms, else two significant
 * digits with at most three decimals ("0.007", "0.52", "2.4"), "0"
 * under a microsecond. */
static char *
trace_ms (guint64 ns)
{
  guint64 x;
  int dec = 3;

  if (ns >= 10000000)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, ns / 1000000);
  x = ns / 1000;
  if (x == 0)
    return g_strdup ("0");
  while (x >= 100)
    {
      x /= 10;
      dec--;
    }
  {
    guint64 p = dec == 3 ? 1000 : dec == 2 ? 100 : dec == 1 ? 10 : 1;

    if (dec == 0)
      return g_strdup_printf ("%" G_GUINT64_FORMAT, x);
    return g_strdup_printf ("%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT, x / p, dec, x % p);
  }
}

static void
gctrace (GmlVm *vm)
{
  GmlRt *rt = &vm->rt;
  guint64 c1 = rt->t_mark - rt->t_start, c2 = rt->t_markterm - rt->t_mark, c3 = rt->t_end - rt->t_markterm;
  guint procs = rt->nprocs;
  g_autofree char *s1 = trace_ms (c1), *s2 = trace_ms (c2), *s3 = trace_ms (c3);
  g_autofree char *u1 = trace_ms (c1 * procs), *u3 = trace_ms (c3 * procs);
  g_autofree char *bg = trace_ms (c2 / 4 * procs), *as = trace_ms (rt->assist_work * GML_NS_PER_GC_UNIT / 64);
  guint pct = rt->nanotime > 0 ? (guint) (rt->gc_cpu_ns * 100 / (rt->nanotime * procs)) : 0;
  g_autofree char *line = NULL;

  line = g_strdup_printf ("gc %u @%.3fs %u%%: %s+%s+%s ms clock, %s+%s/%s/0+%s ms cpu, "
                          "%" G_GUINT64_FORMAT "->%" G_GUINT64_FORMAT "->%" G_GUINT64_FORMAT " MB, "
                          "%" G_GUINT64_FORMAT " MB goal, %" G_GUINT64_FORMAT " MB stacks, %" G_GUINT64_FORMAT
                          " MB globals, %u P%s\n",
                          rt->numgc, (double) rt->t_start / 1e9, pct, s1, s2, s3, u1, as, bg, u3,
                          rt->heap0 >> 20, rt->heap1 >> 20, rt->heap_marked >> 20, rt->last_heap_goal >> 20,
                          rt->stack_inuse >> 20, rt->globals_scan >> 20, procs,
                          rt->gc_forced ? " (forced)" : "");
  gml_vm_write (vm, 2, line, strlen (line));
}

/* Mark termination (STW): the cycle's results feed the pacer. */
static void
mark_termination (GmlVm *vm)
{
  GmlRt *rt = &vm->rt;
  guint64 pause;
  double util = 0.25;

  rt->t_markterm = rt->nanotime;
  if (config (vm)->gc_check)
    check_reachable (vm);
  gml_heap_flush_caches (vm);
  rt->heap1 = rt->heap_live;
  /* Measured cons/mark: bytes allocated during mark per unit of scan work. */
  if (rt->scan_work > 0)
    {
      double cons = (double) (rt->heap1 > rt->heap0 ? rt->heap1 - rt->heap0 : 0) * util
                    / ((double) rt->scan_work * (1 - util));

      rt->cons_mark = rt->cons_mark > 0 ? (rt->cons_mark + cons) / 2 : cons;
    }
  rt->heap_marked = rt->bytes_marked;
  rt->heap_live = rt->bytes_marked;
  rt->last_stack_scan = rt->stack_scan;
  rt->last_heap_scan = rt->scan_work;
  rt->last_heap_goal = rt->heap_goal;
  rt->globals_scan = globals_scan_size (vm);
  rt->numgc++;
  if (rt->gc_forced)
    rt->num_forced++;
  rt->sweepgen += 2;
  rt->sweep_cursor = rt->allspans;
  rt->nanotime += GML_NS_MARK_TERM (rt->nprocs);
  rt->gc_cpu_ns += GML_NS_MARK_TERM (rt->nprocs) * rt->nprocs;
  rt->t_end = rt->nanotime;
  pause = (rt->t_mark - rt->t_start) + (rt->t_end - rt->t_markterm);
  rt->pause_total_ns += pause;
  gml_mem_set_u64 (vm->mem, rt->pause_ns + ((rt->numgc + 255) % 256) * 8, pause);
  gml_mem_set_u64 (vm->mem, rt->pause_end + ((rt->numgc + 255) % 256) * 8, rt->t_end);
  rt->last_gc_ns = rt->t_end;
  pacer_commit (vm);
  if (config (vm)->gctrace)
    gctrace (vm);
  grey_release (vm);
  set_phase (vm, GML_GC_SWEEP);
}

static void
wake_gc_waiters (GmlVm *vm)
{
  guint64 g = vm->rt.gc_waiters;

  vm->rt.gc_waiters = 0;
  while (g != 0)
    {
      guint64 next = gml_g_r (vm, g)->schedlink;

      gml_sched_ready (vm, g, FALSE);
      g = next;
    }
}

void
gml_gc_step (GmlVm *vm)
{
  GmlRt *rt = &vm->rt;
  GmlVmPriv *priv = VM_PRIV (vm);
  GmlGcPhase phase = rt->gc_phase;
  guint32 stmt = 0;

  rt->step++;
  rt->last_step_goid = 0;
  rt->nanotime += GML_NS_PER_GC_UNIT;
  rt->gc_cpu_ns += GML_NS_PER_GC_UNIT;
  if (priv->step_log != NULL)
    gml_step_log_append (priv->step_log, stmt);

  switch (phase)
    {
    case GML_GC_SWEEP_TERM:
      sweep_termination (vm);
      break;
    case GML_GC_MARK:
      {
        guint64 obj = grey_pop (vm);

        if (obj != 0)
          blacken (vm, obj);
        else if (!root_job (vm))
          {
            /* With GOGC=off, drained before the phase's minimum: the
             * program runs until then (gml_gc_wants_step).  A step that
             * comes anyway -- nothing else can run -- is the workers
             * taking that time. */
            if (rt->gcpercent < 0 && !rt->mark_drained && rt->nanotime < rt->t_mark + GML_NS_MARK_MIN)
              rt->mark_drained = TRUE;
            else
              {
                rt->nanotime = MAX (rt->nanotime, rt->t_mark + GML_NS_MARK_MIN);
                rt->mark_drained = FALSE;
                set_phase (vm, GML_GC_MARK_TERM);
              }
          }
      }
      break;
    case GML_GC_MARK_TERM:
      mark_termination (vm);
      break;
    case GML_GC_SWEEP:
      if (!sweep_one (vm))
        {
          set_phase (vm, GML_GC_OFF);
          wake_gc_waiters (vm);
        }
      break;
    default:
      break;
    }
  if (rt->gc_step_debt > 0)
    rt->gc_step_debt--;
  else
    rt->credit = rt->credit > CREDIT_UNIT ? rt->credit - CREDIT_UNIT : 0;
}

gboolean
gml_gc_has_work (GmlVm *vm)
{
  return vm->rt.gc_phase != GML_GC_OFF;
}

/* Stop-the-world phases run at once; concurrent ones take a quarter of
 * the steps, more when allocating goroutines owe assists. */
gboolean
gml_gc_wants_step (GmlVm *vm)
{
  GmlRt *rt = &vm->rt;

  if (rt->gc_phase == GML_GC_OFF)
    return FALSE;
  if (gml_gc_phase_is_stw ((GmlGcPhase) rt->gc_phase))
    return rt->locks == 0;     /* stopping the world waits for pinned Ps */
  if (rt->mark_drained && rt->grey_count == 0)
    {
      /* GOGC=off and nothing left to scan: Go's hard goal is unbounded
       * then (revise: gcPercent 100000), so assists stay cheap and the
       * program allocates on until the phase's minimum has passed.  With
       * a memory limit below the live heap, that is what spaces Go's
       * back-to-back cycles.  (With GOGC set, an assist that finds no
       * work parks until the cycle ends; assists finishing the mark at
       * once stand for that.) */
      rt->gc_step_debt = 0;
      return rt->nanotime >= rt->t_mark + GML_NS_MARK_MIN;
    }
  if (rt->gc_step_debt > 0)
    return TRUE;
  return rt->credit >= CREDIT_UNIT;
}

gboolean
gml_gc_note_mutator_step (GmlVm *vm)
{
  GmlRt *rt = &vm->rt;

  if (rt->gc_phase == GML_GC_OFF)
    return FALSE;
  rt->credit += rt->gc_rate;
  return gml_gc_wants_step (vm);
}

/* ------------------------------------------------------------------ */
/* Allocation pacing                                                   */

static gboolean
trigger_reached (GmlVm *vm)
{
  GmlRt *rt = &vm->rt;

  if (rt->gc_phase != GML_GC_OFF && rt->gc_phase != GML_GC_SWEEP)
    return FALSE;
  return rt->heap_live >= rt->trigger;
}

void
gml_gc_after_alloc (GmlVm    *vm,
                    gboolean  trigger_test,
                    gsize     size)
{
  GmlRt *rt = &vm->rt;

  if (marking (vm))
    {
      /* Assists: allocating during mark costs scan work, paid as GC steps
       * before the goroutine's next statement. */
      rt->assist_work += size;
      rt->gc_step_debt += size / ASSIST_BYTES_PER_UNIT;
      return;
    }
  if (config (vm)->gc_stress && rt->gc_phase == GML_GC_OFF)
    {
      gc_start (vm, FALSE);
      return;
    }
  if (trigger_test && trigger_reached (vm))
    gc_start (vm, FALSE);
}

guint32
gml_gc_force (GmlVm *vm)
{
  GmlRt *rt = &vm->rt;

  /* A cycle already past its start is finished first; runtime.GC then
   * runs a complete cycle of its own. */
  if (rt->gc_phase == GML_GC_OFF || rt->gc_phase == GML_GC_SWEEP)
    {
      gc_start (vm, TRUE);
      return rt->gc_cycle;
    }
  return rt->gc_cycle + 1;
}

gboolean
gml_gc_cycle_done (GmlVm   *vm,
                   guint32  cycle)
{
  GmlRt *rt = &vm->rt;

  if (rt->numgc >= cycle && rt->gc_phase == GML_GC_OFF)
    return TRUE;
  /* The earlier cycle finished: start the forced one. */
  if (rt->gc_cycle < cycle && (rt->gc_phase == GML_GC_OFF || rt->gc_phase == GML_GC_SWEEP))
    gc_start (vm, TRUE);
  return FALSE;
}

void
gml_gc_wait (GmlVm   *vm,
             guint64  g)
{
  gml_g_w (vm, g)->schedlink = vm->rt.gc_waiters;
  vm->rt.gc_waiters = g;
}

/* ------------------------------------------------------------------ */
/* Finalizers                                                          */

void
gml_gc_set_finalizer (GmlVm   *vm,
                      guint64  obj,
                      guint64  fn,
                      GmlType *obj_type)
{
  guint64 prev = 0, sp = vm->rt.specials;

  /* Replace or remove an existing one. */
  while (sp != 0 && GML_META_R (vm, GmlSpecial, sp)->obj != obj)
    {
      prev = sp;
      sp = GML_META_R (vm, GmlSpecial, sp)->next;
    }
  if (sp != 0)
    {
      guint64 next = GML_META_R (vm, GmlSpecial, sp)->next;

      if (prev == 0)
        vm->rt.specials = next;
      else
        GML_META_W (vm, GmlSpecial, prev)->next = next;
      gml_meta_free (vm, sp, sizeof (GmlSpecial));
    }
  if (fn == 0)
    return;
  /* In address order, as a span's specials are in Go: a sweep queues
   * the finalizers of its dead objects lowest address first (and the
   * finalizer goroutine runs a batch last queued first). */
  prev = 0;
  for (guint64 at = vm->rt.specials; at != 0 && GML_META_R (vm, GmlSpecial, at)->obj < obj;
       at = GML_META_R (vm, GmlSpecial, at)->next)
    prev = at;
  sp = gml_meta_alloc (vm, sizeof (GmlSpecial));
  {
    GmlSpecial *w = GML_META_W (vm, GmlSpecial, sp);

    w->obj = obj;
    w->fn = fn;
    w->type_id = obj_type != NULL ? obj_type->id : 0;
    w->next = prev != 0 ? GML_META_R (vm, GmlSpecial, prev)->next : vm->rt.specials;
  }
  if (prev != 0)
    GML_META_W (vm, GmlSpecial, prev)->next = sp;
  else
    vm->rt.specials = sp;
  gml_sched_start_fing (vm);
}

/* ------------------------------------------------------------------ */
/* Colours and the heap checker                                        */

GmlGcColor
gml_gc_color (GmlVm   *vm,
              guint64  span,
              guint32  index)
{
  const GmlSpan *s = GML_META_R (vm, GmlSpan, span);
  guint64 base = s->base + (guint64) index * s->elemsize;

  if (!gml_bitmap_get (vm, s->markbits, index))
    return GML_GC_WHITE;
  for (guint64 c = vm->rt.grey_head; c != 0; c = GML_META_R (vm, GreyChunk, c)->next)
    {
      const GreyChunk *gc = GML_META_R (vm, GreyChunk, c);

      for (guint64 i = 0; i < gc->count; i++)
        if (gc->addr[i] == base)
          return GML_GC_GREY;
    }
  return GML_GC_BLACK;
}

void
gml_gc_collect_grey (GmlVm      *vm,
                     GHashTable *set)
{
  for (guint64 c = vm->rt.grey_head; c != 0; c = GML_META_R (vm, GreyChunk, c)->next)
    {
      const GreyChunk *gc = GML_META_R (vm, GreyChunk, c);

      for (guint64 i = 0; i < gc->count; i++)
        g_hash_table_add (set, GSIZE_TO_POINTER (gc->addr[i]));
    }
}

typedef struct
{
  GmlVm   *vm;
  GString *error;
} Check;

/* Invariant: during mark no black object points to a white one. */
static void
check_black_object (Check   *ck,
                    guint64  span,
                    guint32  index)
{
  GmlVm *vm = ck->vm;
  const GmlSpan *s = GML_META_R (vm, GmlSpan, span);
  guint64 base = s->base + (guint64) index * s->elemsize;
  GmlObjInfo info;
  GmlType *t;
  const guint8 *mask;
  guint n;

  if (gml_gc_color (vm, span, index) != GML_GC_BLACK)
    return;
  info = objinfo_get (vm, s->objinfo, index);
  if (info.type_id == 0 || info.type_id == G_MAXUINT32)
    return;
  t = gml_type_table_get (vm->image->program->types, info.type_id);
  if (!t->has_pointers)
    return;
  n = gml_type_ptrmask (vm->image->program->types, t, &mask);
  for (guint32 e = 0; e < MAX (info.count, 1); e++)
    for (guint w = 0; w < n; w++)
      if (mask[w / 8] & (1u << (w % 8)))
        {
          guint64 p = gml_mem_get_u64 (vm->mem, base + e * (guint64) gml_type_size (t) + (guint64) w * 8);
          guint64 tb, tspan;
          guint32 ti;

          if (gml_heap_find_object (vm, p, &tb, &tspan, &ti)
              && !gml_bitmap_get (vm, GML_META_R (vm, GmlSpan, tspan)->markbits, ti))
            g_string_append_printf (ck->error, "black object 0x%" G_GINT64_MODIFIER "x points to white 0x%"
                                    G_GINT64_MODIFIER "x; ", base, tb);
        }
}

gboolean
gml_gc_check_heap (GmlVm  *vm,
                   char  **error)
{
  Check ck = { vm, g_string_new (NULL) };
  guint64 counted = 0;

  for (guint64 span = vm->rt.allspans; span != 0; span = GML_META_R (vm, GmlSpan, span)->allnext)
    {
      const GmlSpan *s = GML_META_R (vm, GmlSpan, span);

      if (s->state == GML_SPAN_IN_USE)
        counted += (guint64) s->npages * GML_GO_PAGE_SIZE;
      if (s->state != GML_SPAN_IN_USE || !marking (vm))
        continue;
      for (guint32 i = 0; i < s->nelems; i++)
        check_black_object (&ck, span, i);
    }
  if (counted != vm->rt.heap_inuse)
    g_string_append_printf (ck.error, "span accounting: %" G_GUINT64_FORMAT " bytes in spans, HeapInuse %"
                            G_GUINT64_FORMAT "; ", counted, vm->rt.heap_inuse);
  if (ck.error->len == 0)
    {
      g_string_free (ck.error, TRUE);
      return TRUE;
    }
  *error = g_string_free (ck.error, FALSE);
  return FALSE;
}

/* Every object reachable at mark termination must be marked: an
 * independent, stop-the-world walk from the same roots (globals, live
 * stack slots, defers and panics, finalizer referents, pools) through
 * every pointer, with no side effect on the collector. */
struct _GmlGcReach
{
  GHashTable *seen;      /* object base addresses */
  GArray     *work;      /* guint64 bases still to scan */
  GString    *error;
  guint       n_white;
};

static void
reach_visit (GmlVm   *vm,
             guint64  base,
             guint64  span,
             guint32  index,
             guint64  from)
{
  struct _GmlGcReach *r = VM_PRIV (vm)->reach;
  const GmlSpan *s = GML_META_R (vm, GmlSpan, span);

  if (g_hash_table_contains (r->seen, &base))
    return;
  g_hash_table_add (r->seen, g_memdup2 (&base, sizeof base));
  if (!gml_bitmap_get (vm, s->markbits, index) && r->n_white++ < 4)
    g_string_append_printf (r->error, "reachable object 0x%" G_GINT64_MODIFIER "x (from 0x%"
                            G_GINT64_MODIFIER "x) is not marked; ", base, from);
  if (!gml_span_class_noscan (s->spanclass))
    g_array_append_val (r->work, base);
}

static void
check_reachable (GmlVm *vm)
{
  struct _GmlGcReach r = { 0 };
  GmlVmPriv *priv = VM_PRIV (vm);

  r.seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  r.work = g_array_new (FALSE, FALSE, sizeof (guint64));
  r.error = g_string_new (NULL);
  priv->reach = &r;

  scan_globals (vm);
  for (guint64 g = vm->rt.allgs; g != 0; g = gml_g_r (vm, g)->allnext)
    scan_stack (vm, g);
  scan_specials (vm);
  while (r.work->len > 0)
    {
      guint64 base = g_array_index (r.work, guint64, r.work->len - 1);
      guint64 span = gml_heap_span_of (vm, base);
      const GmlSpan *s = GML_META_R (vm, GmlSpan, span);
      guint32 index = (guint32) ((base - s->base) / s->elemsize);
      GmlObjInfo info;

      g_array_set_size (r.work, r.work->len - 1);
      info = objinfo_get (vm, s->objinfo, index);
      if (info.type_id != 0 && info.type_id != G_MAXUINT32)
        {
          GmlType *t = gml_type_table_get (vm->image->program->types, info.type_id);

          for (guint32 i = 0; i < MAX (info.count, 1); i++)
            shade_words (vm, base + (guint64) i * (guint64) gml_type_size (t), t, base);
        }
    }

  priv->reach = NULL;
  if (r.n_white > 0)
    {
      vm->rt.gc_check_failed = TRUE;
      g_critical ("heap check failed at mark termination of cycle %u: %u reachable objects unmarked: %s",
                  (guint) vm->rt.gc_cycle, r.n_white, r.error->str);
    }
  g_hash_table_unref (r.seen);
  g_array_unref (r.work);
  g_string_free (r.error, TRUE);
}
