/* gml-stack.c: goroutine stacks, Go 1.19 style.
 *
 * Stacks are powers of two carved from the heap arena: stacks under 32 KiB
 * come from 32 KiB stack spans split by order (2, 4, 8, 16 KiB), larger
 * ones get a span of their own.  A call that does not fit doubles the stack
 * (newstack): the used part is copied to the new stack and every pointer
 * into the old range is adjusted — frame links, pointer slots of each frame
 * (from the compiler's slot table), defer and panic records — then the old
 * stack is freed.  The GC halves stacks that use less than a quarter.
 */
#include "gml-interp.h"

#include <stdio.h>

#include "gml-heap.h"

#define STACK_CACHE_SIZE 32768   /* _StackCacheSize */
#define NUM_STACK_ORDERS 4

static guint
stack_order (guint64 size)
{
  guint order = 0;

  while (((guint64) GML_STACK_MIN << order) < size)
    order++;
  return order;
}

/* Free small stacks.  Go links them through their first word; here each
 * stack span keeps a bitmap of its free stacks (GmlSpan.free_stacks, at
 * most 16), and the spans with one free or more are listed by order
 * (rt.stackpool, through GmlSpan.next).  A free stack is unmapped: until
 * a goroutine runs on it, it takes no memory and no timeline bytes. */
static guint64 *
pool_head (GmlVm *vm,
           guint  order)
{
  return &vm->rt.stackpool[order];
}

gboolean
gml_stack_alloc (GmlVm   *vm,
                 guint64  g,
                 guint64  size)
{
  guint64 lo, span;
  GmlG *gg;

  if (size < STACK_CACHE_SIZE)
    {
      guint order = stack_order (size);
      guint64 *head = pool_head (vm, order);
      GmlSpan *s;
      guint i;

      G_STATIC_ASSERT (STACK_CACHE_SIZE / GML_STACK_MIN <= 32);
      if (*head == 0)
        {
          guint64 rec = gml_heap_alloc_span (vm, STACK_CACHE_SIZE / GML_GO_PAGE_SIZE, GML_SPAN_STACK, 0);

          if (rec == 0)
            return FALSE;
          s = GML_META_W (vm, GmlSpan, rec);
          s->stack_order = order;
          s->free_stacks = (guint32) ((G_GUINT64_CONSTANT (1) << (STACK_CACHE_SIZE / size)) - 1);
          s->next = 0;
          *head = rec;
        }
      span = *head;
      s = GML_META_W (vm, GmlSpan, span);
      /* The lowest free stack of the first span. */
      i = (guint) __builtin_ctz (s->free_stacks);
      s->free_stacks &= s->free_stacks - 1;
      lo = s->base + i * size;
      if (s->free_stacks == 0)
        {
          *head = s->next;
          s->next = 0;
        }
    }
  else
    {
      span = gml_heap_alloc_span (vm, size / GML_GO_PAGE_SIZE, GML_SPAN_STACK, 0);
      if (span == 0)
        return FALSE;
      GML_META_W (vm, GmlSpan, span)->stack_order = 0xff;
      lo = GML_META_R (vm, GmlSpan, span)->base;
    }
  gg = gml_g_w (vm, g);
  gg->stack_lo = lo;
  gg->stack_hi = lo + size;
  gg->stack_span = span;
  return TRUE;
}

void
gml_stack_free (GmlVm   *vm,
                guint64  g)
{
  GmlG gg = *gml_g_r (vm, g);
  guint64 size = gg.stack_hi - gg.stack_lo;

  if (gg.stack_lo == 0)
    return;
  if (size < STACK_CACHE_SIZE)
    {
      guint64 *head = pool_head (vm, stack_order (size));
      GmlSpan *s;

      /* Stacks are whole pages: unmapped, they read as zeros again, so a
       * new goroutine does not show stale frames. */
      G_STATIC_ASSERT (GML_STACK_MIN % GML_PAGE_SIZE == 0);
      gml_mem_unmap (vm->mem, gg.stack_lo, size);
      s = GML_META_W (vm, GmlSpan, gg.stack_span);
      if (s->free_stacks == 0)
        {
          s->next = *head;
          *head = gg.stack_span;
        }
      s->free_stacks |= 1u << ((gg.stack_lo - s->base) / size);
    }
  else
    gml_heap_free_span (vm, gg.stack_span);
  gml_g_w (vm, g)->stack_lo = gml_g_w (vm, g)->stack_hi = 0;
}

/* ------------------------------------------------------------------ */
/* Walking frames                                                      */

gboolean
gml_frame_first (GmlVm    *vm,
                 guint64   g,
                 GmlFrame *frame)
{
  const GmlG *gg = gml_g_r (vm, g);

  frame->code = gml_image_code_at (vm->image, gg->pc, &frame->pc);
  frame->fp = gg->fp;
  frame->g = g;
  return frame->code != NULL;
}

gboolean
gml_frame_next (GmlVm    *vm,
                GmlFrame *frame)
{
  guint64 ret = gml_mem_get_u64 (vm->mem, frame->fp + 8);
  guint64 caller_fp = gml_mem_get_u64 (vm->mem, frame->fp);

  if (ret == GML_RET_GOEXIT)
    return FALSE;
  if (ret == GML_RET_SYNC)
    {
      if (!gml_vm_sync_caller (vm, caller_fp, &frame->code, &frame->pc))
        return FALSE;
    }
  else if (ret == GML_RET_PANIC)
    {
      /* The deferred call's caller is the frame where the panic began. */
      guint64 p = gml_g_r (vm, frame->g)->panics;

      for (; p != 0; p = GML_META_R (vm, GmlPanic, p)->next)
        if (GML_META_R (vm, GmlPanic, p)->fp == caller_fp)
          break;
      if (p == 0)
        return FALSE;
      frame->code = gml_image_code_at (vm->image, GML_META_R (vm, GmlPanic, p)->pc, &frame->pc);
    }
  else
    frame->code = gml_image_code_at (vm->image, ret, &frame->pc);
  frame->fp = caller_fp;
  return frame->code != NULL;
}

/* ------------------------------------------------------------------ */
/* Copying                                                             */

typedef struct
{
  guint64 lo, hi;
  gint64  delta;
} Adjust;

static void
adjust_word (GmlVm        *vm,
             guint64       addr,
             const Adjust *a)
{
  guint64 v = gml_mem_get_u64 (vm->mem, addr);

  if (v >= a->lo && v < a->hi)
    gml_mem_set_u64 (vm->mem, addr, v + (guint64) a->delta);
}

static void
adjust_typed (GmlVm        *vm,
              guint64       addr,
              GmlType      *type,
              const Adjust *a)
{
  const guint8 *mask;
  guint n;

  if (!type->has_pointers)
    return;
  n = gml_type_ptrmask (vm->image->program->types, type, &mask);
  for (guint w = 0; w < n; w++)
    if (mask[w / 8] & (1u << (w % 8)))
      adjust_word (vm, addr + (guint64) w * 8, a);
}

/* Adjusts one frame (already copied to the new stack): its link to the
 * caller and every slot that can hold a pointer. */
static void
adjust_frame (GmlVm          *vm,
              const GmlFrame *f,
              const Adjust   *a)
{
  adjust_word (vm, f->fp, a);
  for (guint i = 0; i < f->code->n_slots; i++)
    {
      const GmlSlot *s = &f->code->slots[i];

      if (s->type != NULL)
        adjust_typed (vm, f->fp + (guint64) (gint64) s->offset, s->type, a);
    }
  if (f->code->ctx_slot != 0)
    adjust_word (vm, f->fp + (guint64) (gint64) f->code->ctx_slot, a);
}

static void
adjust_records (GmlVm        *vm,
                guint64       g,
                const Adjust *a)
{
  for (guint64 d = gml_g_r (vm, g)->defers; d != 0; d = GML_META_R (vm, GmlDefer, d)->next)
    {
      GmlDefer *w = GML_META_W (vm, GmlDefer, d);

      if (w->fp >= a->lo && w->fp < a->hi)
        w->fp += (guint64) a->delta;
      if (w->fn >= a->lo && w->fn < a->hi)
        w->fn += (guint64) a->delta;
    }
  for (guint64 p = gml_g_r (vm, g)->panics; p != 0; p = GML_META_R (vm, GmlPanic, p)->next)
    {
      GmlPanic *w = GML_META_W (vm, GmlPanic, p);

      if (w->fp >= a->lo && w->fp < a->hi)
        {
          w->fp += (guint64) a->delta;
          w->sp += (guint64) a->delta;
        }
    }
  /* Channel waits: a sudog's elem can point into the stack (adjustsudogs). */
  for (guint64 s = gml_g_r (vm, g)->sudogs; s != 0; s = GML_META_R (vm, GmlSudog, s)->waitlink)
    {
      GmlSudog *w = GML_META_W (vm, GmlSudog, s);

      if (w->elem >= a->lo && w->elem < a->hi)
        w->elem += (guint64) a->delta;
    }
  gml_vm_sync_adjust (vm, a->lo, a->hi, a->delta);
}

/* Bytes of stack copied, or packed, at a time. */
#define COPY_STRETCH (64 * 1024)

/* Copies the old stack's bytes to the new stack up to new-stack address
 * `to` (and a stretch more, within `hi`); *copied is how far it got. */
static void
copy_up_to (GmlVm        *vm,
            const Adjust *a,
            guint64      *copied,
            guint64       to,
            guint64       hi)
{
  guint64 end;

  if (to <= *copied)
    return;
  end = MIN (hi, MAX (to, *copied + COPY_STRETCH));
  gml_mem_move (vm->mem, *copied, *copied - (guint64) a->delta, end - *copied);
  *copied = end;
}

/* copystack: moves g's stack to one of `newsize` bytes. */
static gboolean
copy_stack (GmlVm   *vm,
            guint64  g,
            guint64  sp,
            guint64  newsize,
            gint64  *delta_out)
{
  GmlG old = *gml_g_r (vm, g);
  GmlFrame f;
  Adjust a;

  if (!gml_stack_alloc (vm, g, newsize))
    return FALSE;
  {
    const GmlG *ng = gml_g_r (vm, g);

    a.lo = old.stack_lo;
    a.hi = old.stack_hi;
    a.delta = (gint64) (ng->stack_hi - old.stack_hi);
  }
  /* Walk the frames on the new stack.  The records first: the walk finds
   * the caller of a deferred call run by a panic (or of a synchronous
   * call) by the adjusted frame pointer. */
  adjust_records (vm, g, &a);
  gml_g_w (vm, g)->fp = old.fp + (guint64) a.delta;
  {
    /* A big stack is copied, adjusted and packed a stretch at a time,
     * from sp up, while the stretch is in the cache: the copy runs ahead
     * of the frame being adjusted, and once a frame is adjusted, the
     * pages below its arguments are final (its caller only writes from
     * there up).  The kilobyte above sp stays unpacked for the next call.
     * A small stack is left to the next checkpoint: its callers' frames
     * are likely to be written again soon, when they return. */
    guint64 new_hi = old.stack_hi + (guint64) a.delta;
    guint64 copied = sp + (guint64) a.delta;
    guint64 packed = old.stack_hi - sp >= COPY_STRETCH ? copied + GML_PAGE_SIZE : new_hi;

    if (gml_frame_first (vm, g, &f))
      do
        {
          copy_up_to (vm, &a, &copied, f.fp + 16 + (guint64) f.code->args_size, new_hi);
          adjust_frame (vm, &f, &a);
          if (f.fp + 16 > packed + COPY_STRETCH)
            {
              gml_mem_pack (vm->mem, packed, f.fp + 16 - packed);
              packed = f.fp + 16;
            }
        }
      while (gml_frame_next (vm, &f));
    copy_up_to (vm, &a, &copied, new_hi, new_hi);
    if (new_hi > packed)
      gml_mem_pack (vm->mem, packed, new_hi - packed);
  }

  /* Free the old stack (a temporary record carries its bounds). */
  {
    GmlG now = *gml_g_r (vm, g);
    GmlG *w = gml_g_w (vm, g);

    w->stack_lo = old.stack_lo;
    w->stack_hi = old.stack_hi;
    w->stack_span = old.stack_span;
    gml_stack_free (vm, g);
    w = gml_g_w (vm, g);
    w->stack_lo = now.stack_lo;
    w->stack_hi = now.stack_hi;
    w->stack_span = now.stack_span;
  }
  *delta_out = a.delta;
  return TRUE;
}

static void
stack_overflow (GmlVm   *vm,
                guint64  g,
                guint64  sp)
{
  const GmlG *gg = gml_g_r (vm, g);
  g_autofree char *msg = g_strdup_printf ("runtime: goroutine stack exceeds %" G_GUINT64_FORMAT "-byte limit\n"
                                          "runtime: sp=0x%" G_GINT64_MODIFIER "x stack=[0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x]\n",
                                          VM_PRIV (vm)->config.max_stack, sp, gg->stack_lo, gg->stack_hi);

  gml_vm_write (vm, 2, msg, strlen (msg));
  gml_vm_fatal (vm, "stack overflow");
}

gboolean
gml_stack_grow (GmlVm   *vm,
                guint64  g,
                guint64  fp,
                guint64  sp,
                guint64  need,
                guint64  args_size,
                gint64  *delta)
{
  const GmlG *gg = gml_g_r (vm, g);
  guint64 oldsize = gg->stack_hi - gg->stack_lo;
  guint64 used = gg->stack_hi - sp;
  guint64 newsize = oldsize * 2;
  GmlG before = *gg;

  /* Keep doubling until the new frame fits, as newstack does. */
  while (newsize - used < need + GML_STACK_GUARD)
    newsize *= 2;
  if (newsize > VM_PRIV (vm)->config.max_stack)
    {
      stack_overflow (vm, g, sp);
      return FALSE;
    }
  gml_g_w (vm, g)->fp = fp;
  if (!copy_stack (vm, g, sp, newsize, delta))
    {
      gml_vm_fatal (vm, "out of memory allocating stack");
      return FALSE;
    }
  /* The arguments of the call being made are not in any frame yet. */
  {
    Adjust a = { before.stack_lo, before.stack_hi, *delta };

    for (guint64 off = 0; off < args_size; off += 8)
      adjust_word (vm, sp + (guint64) *delta + off, &a);
  }
  gml_vm_emit (vm, GML_EVENT_STACK_GROW, before.stack_lo, oldsize,
               gml_g_r (vm, g)->stack_lo, newsize);
  return TRUE;
}

/* shrinkstack: halve when less than a quarter is in use. */
void
gml_stack_maybe_shrink (GmlVm   *vm,
                        guint64  g)
{
  GmlG gg = *gml_g_r (vm, g);
  guint64 oldsize = gg.stack_hi - gg.stack_lo;
  guint64 newsize = oldsize / 2;
  guint64 sp, used;
  GmlFrame f;
  gint64 delta;

  if (newsize < GML_STACK_MIN || gg.status == GML_G_DEAD || gg.stack_lo == 0)
    return;
  if (!gml_frame_first (vm, g, &f))
    return;
  sp = f.fp - (guint64) f.code->frame_size;
  used = gg.stack_hi - sp + GML_STACK_LIMIT;
  if (used >= oldsize / 4)
    return;
  if (copy_stack (vm, g, sp, newsize, &delta))
    gml_vm_emit (vm, GML_EVENT_STACK_SHRINK, gg.stack_lo, oldsize, gml_g_r (vm, g)->stack_lo, newsize);
}
