/* gml-vm-run.c: creating, running, checkpointing and replaying a VM. */
#include "gml-interp.h"

#include <string.h>

#include "gml-gc.h"
#include "gml-heap.h"

struct _GmlVmCheckpoint
{
  GmlMemRoot *root;   /* owned by the simulating VM's memory */
  GmlRt       rt;
};

/* A synchronous call in progress (host side: never checkpointed). */
typedef struct
{
  guint64 caller_fp;
  guint64 caller_pc;
  guint64 stack_lo, stack_hi, stack_span;
  guint64 defers;     /* the goroutine's defer list when the call began */
} SyncFrame;

static GArray *
sync_frames (GmlVm *vm)
{
  return VM_PRIV (vm)->sync;
}

static void
resolve_runtime_types (GmlVm *vm)
{
  GmlVmPriv *priv = VM_PRIV (vm);
  GmlTypeTable *tt = vm->image->program->types;

  priv->t_error_string = gml_vm_runtime_type (vm, "runtime.errorString");
  priv->t_plain_error = gml_vm_runtime_type (vm, "runtime.plainError");
  priv->t_bounds_error = gml_vm_runtime_type (vm, "runtime.boundsError");
  /* The compiler created the pointer type (gml_image_build): a lookup. */
  priv->t_assert_error = gml_vm_runtime_type (vm, "runtime.TypeAssertionError");
  if (priv->t_assert_error != NULL)
    priv->t_assert_error = gml_type_pointer (tt, priv->t_assert_error);
  priv->t_g = gml_vm_runtime_type (vm, "runtime.g");
  priv->t_sudog = gml_vm_runtime_type (vm, "runtime.sudog");
  priv->t_string = gml_type_basic (tt, GML_TYPE_STRING);
  priv->t_empty_iface = gml_type_empty_interface (tt);
}

static GmlVm *
vm_alloc (const GmlImage    *image,
          const GmlVmConfig *config,
          GmlMem            *mem)
{
  GmlVm *vm = g_new0 (GmlVm, 1);
  GmlVmPriv *priv = g_new0 (GmlVmPriv, 1);

  vm->priv = priv;
  vm->image = image;
  vm->mem = mem;
  if (config != NULL)
    priv->config = *config;
  else
    gml_vm_config_init (&priv->config);
  if (priv->config.quantum == 0)
    priv->config.quantum = 50;
  priv->sync = g_array_new (FALSE, FALSE, sizeof (SyncFrame));
  resolve_runtime_types (vm);
  return vm;
}

GmlVm *
gml_vm_new (const GmlImage    *image,
            const GmlVmConfig *config)
{
  GmlVm *vm = vm_alloc (image, config, gml_mem_new ());
  GmlVmPriv *priv = VM_PRIV (vm);
  const GmlCode *entry = g_ptr_array_index (image->codes, image->main_code);

  gml_mem_write (vm->mem, GML_RODATA_BASE, image->rodata->data, image->rodata->len);
  gml_heap_init (vm, priv->config.gomaxprocs);
  gml_gc_init (vm, priv->config.gogc, priv->config.memory_limit);
  vm->rt.rng = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  vm->rt.next_goid = 1;
  vm->rt.start_stack_size = GML_STACK_MIN;
  vm->rt.main_g = gml_sched_new_g (vm, image->funcval_base + (guint64) entry->index * 8, 0, 0, 0);
  /* Every Go program has started three goroutines of the runtime's by
   * main.main (forcegchelper, bgsweep, bgscavenge: 2, 3 and 4), which
   * the simulator leaves out; the program's first is 5.  (Go takes ids
   * from per-P caches of 16, so with several Ps it can print 17 too.) */
  vm->rt.next_goid = 5;
  vm->rt.quantum_left = priv->config.quantum;
  return vm;
}

void
gml_vm_free (GmlVm *vm)
{
  GmlVmPriv *priv;

  if (vm == NULL)
    return;
  priv = VM_PRIV (vm);
  gml_mem_free (vm->mem);
  g_array_unref (priv->sync);
  g_clear_pointer (&priv->scan_objects, g_array_unref);
  g_clear_pointer (&priv->scan_pending, g_array_unref);
  g_free (priv->fmt_host);
  g_free (priv->preprint_throw);
  g_free (priv);
  g_free (vm);
}

void
gml_vm_set_output (GmlVm           *vm,
                   GmlVmOutputFunc  func,
                   gpointer         user_data)
{
  VM_PRIV (vm)->out_func = func;
  VM_PRIV (vm)->out_data = user_data;
}

void
gml_vm_set_sink (GmlVm        *vm,
                 GmlEventSink *sink)
{
  vm->sink = sink;
}

void
gml_vm_set_step_log (GmlVm      *vm,
                     GmlStepLog *log)
{
  VM_PRIV (vm)->step_log = log;
}

GmlVmStatus
gml_vm_run (GmlVm   *vm,
            guint64  n_steps)
{
  GmlVmPriv *priv = VM_PRIV (vm);
  guint64 budget = priv->config.max_steps;

  priv->step_target = MIN (vm->rt.step + n_steps, budget);
  gml_vm_step_check (vm);
  while (!vm->rt.exited && vm->rt.step < priv->step_target)
    if (!gml_sched_turn (vm))
      break;
  if (vm->rt.exited)
    return GML_VM_EXITED;
  if (vm->rt.step >= budget)
    return GML_VM_OUT_OF_STEPS;
  return GML_VM_RUNNING;
}

void
gml_vm_watch_depth (GmlVm   *vm,
                    guint64  goid,
                    guint64  depth)
{
  GmlVmPriv *priv = VM_PRIV (vm);

  priv->watch_goid = goid;
  priv->watch_depth = depth;
  priv->watch_fired = FALSE;
  gml_vm_step_check (vm);
}

gboolean
gml_vm_watch_fired (GmlVm *vm)
{
  return VM_PRIV (vm)->watch_fired;
}

guint64
gml_vm_steps (GmlVm *vm)
{
  return vm->rt.step;
}

gboolean
gml_vm_heap_check_failed (GmlVm *vm)
{
  return vm->rt.gc_check_failed != 0;
}

int
gml_vm_exit_code (GmlVm *vm)
{
  return vm->rt.exit_code;
}

void
gml_vm_exit (GmlVm *vm,
             int    code)
{
  if (vm->rt.exited)
    return;
  vm->rt.exited = TRUE;
  vm->rt.exit_code = code;
  gml_vm_emit (vm, GML_EVENT_EXIT, (guint64) code, 0, 0, 0);
}

guint
gml_vm_current_line (GmlVm *vm)
{
  GmlFrame f;
  guint64 g = 0;

  /* The goroutine that ran last on the current P, or main. */
  g = GML_META_R (vm, GmlP, vm->rt.ps[vm->rt.curp])->curg;
  if (g == 0)
    g = vm->rt.main_g;
  if (g == 0 || !gml_frame_first (vm, g, &f) || f.code->stmt_of_pc == NULL)
    return 0;
  return g_array_index (vm->image->stmts, GmlStmtInfo, f.code->stmt_of_pc[f.pc]).line;
}

/* ------------------------------------------------------------------ */
/* Allocation                                                          */

guint64
gml_vm_alloc (GmlVm   *vm,
              GmlType *type,
              guint32  count,
              gsize    size)
{
  gboolean noscan = type == NULL || !type->has_pointers;
  gboolean trigger;
  guint64 addr;

  if (vm->rt.heap_alloc + size > VM_PRIV (vm)->config.max_heap)
    {
      g_autofree char *msg = g_strdup_printf ("runtime: out of memory: cannot allocate %" G_GSIZE_FORMAT
                                              "-byte block (%" G_GUINT64_FORMAT " in use)\n",
                                              size, vm->rt.heap_alloc);

      gml_vm_write (vm, 2, msg, strlen (msg));
      gml_vm_fatal (vm, "runtime: out of memory");
      return 0;
    }
  addr = gml_heap_alloc (vm, size, type != NULL ? type->id : 0, count, noscan, &trigger);
  if (addr == 0)
    {
      gml_vm_fatal (vm, "runtime: out of memory");
      return 0;
    }
  if (size > 0 && size < GML_TINY_SIZE && noscan)
    gml_vm_emit (vm, GML_EVENT_TINY_ALLOC, addr, size, type != NULL ? type->id : 0, addr & ~(guint64) 15);
  else if (size > 0)
    gml_vm_emit (vm, GML_EVENT_ALLOC, addr, gml_roundupsize (size), type != NULL ? type->id : 0, count);
  gml_gc_after_alloc (vm, trigger, size);
  return addr;
}

/* ------------------------------------------------------------------ */
/* Synchronous calls from natives                                      */

gboolean
gml_vm_sync_caller (GmlVm          *vm,
                    guint64         caller_fp,
                    const GmlCode **code,
                    guint          *pc)
{
  GArray *s = sync_frames (vm);

  for (guint i = s->len; i > 0; i--)
    {
      SyncFrame *f = &g_array_index (s, SyncFrame, i - 1);

      if (f->caller_fp == caller_fp)
        {
          *code = gml_image_code_at (vm->image, f->caller_pc, pc);
          return *code != NULL;
        }
    }
  return FALSE;
}

void
gml_vm_sync_adjust (GmlVm   *vm,
                    guint64  lo,
                    guint64  hi,
                    gint64   delta)
{
  GArray *s = sync_frames (vm);

  for (guint i = 0; i < s->len; i++)
    {
      SyncFrame *f = &g_array_index (s, SyncFrame, i);

      if (f->caller_fp >= lo && f->caller_fp < hi)
        f->caller_fp += (guint64) delta;
    }
}

/* A panic inside a synchronous call may be recovered by the call's own
 * deferred functions; once only the caller's remain, it escapes. */
gboolean
gml_vm_sync_unwinds_out (GmlVm *vm)
{
  GArray *s = sync_frames (vm);

  if (s->len == 0)
    return FALSE;
  return gml_g_r (vm, vm->rt.cur_g)->defers
         == g_array_index (s, SyncFrame, s->len - 1).defers;
}

/* Drops what a failed synchronous call left on the goroutine. */
static void
sync_unwind (GmlVm      *vm,
             guint64     g,
             const SyncFrame *sf,
             guint64    *panic_tab,
             guint64    *panic_data)
{
  GmlG *gg = gml_g_w (vm, g);
  guint64 p = gg->panics;
  const GmlG *cur;

  if (p != 0)
    {
      GmlPanic pp = *GML_META_R (vm, GmlPanic, p);

      *panic_tab = pp.tab;
      *panic_data = pp.data;
      gml_g_w (vm, g)->panics = pp.next;
    }
  /* Defers registered on the temporary stack die with it. */
  cur = gml_g_r (vm, g);
  while (cur->defers != 0)
    {
      const GmlDefer *d = GML_META_R (vm, GmlDefer, cur->defers);

      if (d->fp < cur->stack_lo || d->fp >= cur->stack_hi)
        break;
      gml_g_w (vm, g)->defers = d->next;
      cur = gml_g_r (vm, g);
    }
  (void) sf;
}

gboolean
gml_vm_call_sync (GmlVm      *vm,
                  guint       code_index,
                  const void *args,
                  gsize       args_size,
                  void       *results,
                  gsize       results_size,
                  guint64    *panic_tab,
                  guint64    *panic_data)
{
  GmlVmPriv *priv = VM_PRIV (vm);
  const GmlCode *code = g_ptr_array_index (vm->image->codes, code_index);
  guint64 g = vm->rt.cur_g;
  GmlG saved = *gml_g_r (vm, g);
  SyncFrame sf = { saved.fp, saved.pc, saved.stack_lo, saved.stack_hi, saved.stack_span, saved.defers };
  guint64 argp, fp;
  GmlTurn turn;
  GmlG *gg;

  *panic_tab = *panic_data = 0;
  /* The call runs on a stack of its own, so that the caller's stack (and
   * the native's arguments on it) never move under the native. */
  if (!gml_stack_alloc (vm, g, 8192))
    return FALSE;
  gg = gml_g_w (vm, g);
  argp = (gg->stack_hi - (guint64) code->args_size) & ~(guint64) 15;
  gml_mem_write (vm->mem, argp, args, args_size);
  fp = argp - 16;
  gml_mem_set_u64 (vm->mem, fp + 8, GML_RET_SYNC);
  gml_mem_set_u64 (vm->mem, fp, saved.fp);
  if (code->locals_size > 8)
    gml_mem_zero (vm->mem, fp - (guint64) (code->locals_size - 8), (gsize) (code->locals_size - 8));
  gg = gml_g_w (vm, g);
  gg->fp = fp;
  gg->pc = code->entry;
  g_array_append_val (priv->sync, sf);
  priv->nested++;
  gml_vm_step_check (vm);

  turn = gml_interp_run (vm);

  priv->nested--;
  gml_vm_step_check (vm);
  g_array_set_size (priv->sync, priv->sync->len - 1);
  if (turn == GML_TURN_SYNC_DONE)
    gml_mem_read (vm->mem, argp + (guint64) (code->args_size - (gint32) results_size), results, results_size);
  else if (turn == GML_TURN_SYNC_PANIC)
    sync_unwind (vm, g, &sf, panic_tab, panic_data);
  else if (turn == GML_TURN_BLOCKED)
    gml_vm_fatal (vm, "a String or Error method blocked: not supported by the simulator");

  gml_stack_free (vm, g);
  gg = gml_g_w (vm, g);
  gg->stack_lo = saved.stack_lo;
  gg->stack_hi = saved.stack_hi;
  gg->stack_span = saved.stack_span;
  gg->fp = sf.caller_fp;
  gg->pc = saved.pc;
  gg->status = GML_G_RUNNING;
  return turn == GML_TURN_SYNC_DONE;
}

/* ------------------------------------------------------------------ */
/* Checkpoints and replay                                              */

GmlVmCheckpoint *
gml_vm_checkpoint (GmlVm *vm)
{
  GmlVmCheckpoint *cp = g_new0 (GmlVmCheckpoint, 1);

  g_return_val_if_fail (VM_PRIV (vm)->nested == 0, NULL);
  cp->rt = vm->rt;
  cp->root = gml_mem_freeze (vm->mem);
  return cp;
}

void
gml_vm_checkpoint_free (GmlVmCheckpoint *cp)
{
  g_free (cp);
}

guint64
gml_vm_checkpoint_step (const GmlVmCheckpoint *cp)
{
  return cp->rt.step;
}

GmlVm *
gml_vm_new_replay (GmlVm *vm)
{
  GmlVm *replay = vm_alloc (vm->image, &VM_PRIV (vm)->config, gml_mem_new_replay (vm->mem));

  VM_PRIV (replay)->is_replay = TRUE;
  return replay;
}

void
gml_vm_restore (GmlVm                 *replay,
                const GmlVmCheckpoint *cp)
{
  gml_mem_restore (replay->mem, cp->root);
  replay->rt = cp->rt;
  gml_vm_step_check (replay);
}
