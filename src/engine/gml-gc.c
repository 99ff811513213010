/* gml-gc.c: the collector's state machine, marking and sweeping. */
#include "gml-gc.h"

#include "gml-heap.h"

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
    gml_bitmap_set (vm, GML_META_R (vm, GmlSpan, span)->markbits, index, TRUE);
}

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

/* mspan.sweep: every allocated slot that is not marked is freed; the mark
 * bits become the new alloc bits. */
gboolean
gml_gc_sweep_span (GmlVm   *vm,
                   guint64  span,
                   gboolean lazy)
{
  GmlSpan s = *GML_META_R (vm, GmlSpan, span);
  guint32 live = 0, freed = 0;

  if (s.state != GML_SPAN_IN_USE || s.sweepgen == vm->rt.sweepgen)
    return TRUE;
  for (guint32 i = 0; i < s.nelems; i++)
    {
      gboolean allocated = i < s.freeindex || gml_bitmap_get (vm, s.allocbits, i);
      gboolean marked = gml_bitmap_get (vm, s.markbits, i);
      GmlObjInfo info;

      if (marked)
        live++;
      if (!allocated || marked)
        continue;
      gml_mem_read (vm->mem, s.objinfo + (guint64) i * sizeof info, &info, sizeof info);
      free_object (vm, s.base + (guint64) i * s.elemsize, s.elemsize, info);
      freed++;
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
  if (live == 0)
    {
      gml_heap_central_remove (vm, span);
      gml_heap_free_span (vm, span);
      return FALSE;
    }
  (void) lazy;
  return TRUE;
}
