/* gml-sched.c: goroutines and Go's scheduler, made deterministic.
 *
 * The structure is Go's: Ps with a local run queue and a `runnext` slot,
 * a global run queue, work stealing, new and woken goroutines going to the
 * current P's runnext, preempted ones to the global queue.  Parallelism is
 * simulated by giving the Ps turns in round-robin order, each running its
 * goroutine for a quantum of steps, so the same program always interleaves
 * the same way.
 */
#include "gml-interp.h"

#include "gml-gc.h"
#include "gml-heap.h"

static const char *wait_reasons[] = {
  [GML_WAIT_NONE] = "",
  [GML_WAIT_CHAN_RECEIVE] = "chan receive",
  [GML_WAIT_CHAN_SEND] = "chan send",
  [GML_WAIT_CHAN_RECEIVE_NIL] = "chan receive (nil chan)",
  [GML_WAIT_CHAN_SEND_NIL] = "chan send (nil chan)",
  [GML_WAIT_SELECT] = "select",
  [GML_WAIT_SELECT_NO_CASES] = "select (no cases)",
  [GML_WAIT_SEMACQUIRE] = "semacquire",
  [GML_WAIT_SYNC_MUTEX] = "semacquire",        /* "sync.Mutex.Lock" from Go 1.20 */
  [GML_WAIT_SYNC_WAITGROUP] = "semacquire",
  [GML_WAIT_SLEEP] = "sleep",
  [GML_WAIT_GC] = "GC assist wait",
  [GML_WAIT_FINALIZER] = "finalizer wait",
  [GML_WAIT_FORCEGC] = "force gc (idle)",
};

const char *
gml_wait_reason_string (GmlWaitReason reason)
{
  g_return_val_if_fail (reason < G_N_ELEMENTS (wait_reasons), "?");
  return wait_reasons[reason];
}

/* ------------------------------------------------------------------ */
/* Run queues                                                          */

static void
queue_push (GmlVm   *vm,
            guint64 *head,
            guint64 *tail,
            guint64  g)
{
  gml_g_w (vm, g)->schedlink = 0;
  if (*tail != 0)
    gml_g_w (vm, *tail)->schedlink = g;
  else
    *head = g;
  *tail = g;
}

static guint64
queue_pop (GmlVm   *vm,
           guint64 *head,
           guint64 *tail)
{
  guint64 g = *head;

  if (g == 0)
    return 0;
  *head = gml_g_r (vm, g)->schedlink;
  if (*head == 0)
    *tail = 0;
  gml_g_w (vm, g)->schedlink = 0;
  return g;
}

static void
local_push (GmlVm   *vm,
            guint    p,
            guint64  g)
{
  GmlP *pp = GML_META_W (vm, GmlP, vm->rt.ps[p]);
  guint64 head = pp->runq_head, tail = pp->runq_tail;

  queue_push (vm, &head, &tail, g);
  pp = GML_META_W (vm, GmlP, vm->rt.ps[p]);
  pp->runq_head = head;
  pp->runq_tail = tail;
  pp->runq_len++;
}

static guint64
local_pop (GmlVm *vm,
           guint  p)
{
  GmlP *pp = GML_META_W (vm, GmlP, vm->rt.ps[p]);
  guint64 head = pp->runq_head, tail = pp->runq_tail, g;

  g = queue_pop (vm, &head, &tail);
  pp = GML_META_W (vm, GmlP, vm->rt.ps[p]);
  pp->runq_head = head;
  pp->runq_tail = tail;
  if (g != 0)
    pp->runq_len--;
  return g;
}

void
gml_sched_ready (GmlVm   *vm,
                 guint64  g,
                 gboolean next)
{
  guint p = vm->rt.curp;
  GmlG *gg = gml_g_w (vm, g);

  gg->status = GML_G_RUNNABLE;
  gg->wait_reason = GML_WAIT_NONE;
  gg->ready_step = vm->rt.step;
  gml_vm_emit (vm, GML_EVENT_G_STATUS, gg->goid, GML_G_RUNNABLE, 0, 0);
  if (next)
    {
      /* runqput(next=true): the old runnext goes to the tail. */
      guint64 old = GML_META_R (vm, GmlP, vm->rt.ps[p])->runnext;

      GML_META_W (vm, GmlP, vm->rt.ps[p])->runnext = g;
      if (old != 0)
        local_push (vm, p, old);
      return;
    }
  local_push (vm, p, g);
}

void
gml_sched_park (GmlVm         *vm,
                GmlWaitReason  reason)
{
  GmlG *g = gml_g_w (vm, vm->rt.cur_g);

  g->status = GML_G_WAITING;
  g->wait_reason = reason;
  gml_vm_emit (vm, GML_EVENT_G_STATUS, g->goid, GML_G_WAITING, reason, 0);
}

/* procresize, when GOMAXPROCS drops below `old` Ps: the goroutines of
 * the Ps that go away move to the global queue.  One running there is
 * preempted by the stop of the world, to the queue's tail; (*p).destroy
 * puts the P's queue, then its runnext, at the head, and drops its
 * cached sudogs.  The caller, if its P goes, takes P 0, whose goroutine
 * was preempted in turn. */
void
gml_sched_procresize (GmlVm *vm,
                      guint  old,
                      guint  nprocs)
{
  GmlRt *rt = &vm->rt;

  for (guint i = nprocs; i < old; i++)
    {
      GmlP *pp = GML_META_W (vm, GmlP, rt->ps[i]);
      guint64 running = pp->curg, head = pp->runq_head, tail = pp->runq_tail, next = pp->runnext;
      guint64 sudogs = pp->sudogcache;
      guint32 nsudog = pp->nsudog;

      pp->curg = pp->runnext = pp->runq_head = pp->runq_tail = 0;
      pp->runq_len = pp->nsudog = 0;
      if (sudogs != 0)
        gml_mem_zero (vm->mem, sudogs, (gsize) nsudog * 8);
      if (running != 0 && running != rt->cur_g)
        {
          gml_g_w (vm, running)->status = GML_G_RUNNABLE;
          queue_push (vm, &rt->global_runq_head, &rt->global_runq_tail, running);
        }
      if (head != 0)
        {
          gml_g_w (vm, tail)->schedlink = rt->global_runq_head;
          rt->global_runq_head = head;
          if (rt->global_runq_tail == 0)
            rt->global_runq_tail = tail;
        }
      if (next != 0)
        {
          gml_g_w (vm, next)->schedlink = rt->global_runq_head;
          rt->global_runq_head = next;
          if (rt->global_runq_tail == 0)
            rt->global_runq_tail = next;
        }
    }
  if (rt->curp >= nprocs)
    {
      guint64 running = GML_META_R (vm, GmlP, rt->ps[0])->curg;

      if (running != 0 && running != rt->cur_g)
        {
          gml_g_w (vm, running)->status = GML_G_RUNNABLE;
          queue_push (vm, &rt->global_runq_head, &rt->global_runq_tail, running);
        }
      GML_META_W (vm, GmlP, rt->ps[0])->curg = rt->cur_g;
      rt->curp = 0;
      if (rt->cur_g != 0)
        gml_g_w (vm, rt->cur_g)->p = 0;
    }
}

/* findRunnable: runnext, local queue, global queue, then steal half of
 * another P's queue. */
static guint64
find_runnable (GmlVm *vm,
               guint  p)
{
  guint64 g = GML_META_R (vm, GmlP, vm->rt.ps[p])->runnext;

  if (g != 0)
    {
      GML_META_W (vm, GmlP, vm->rt.ps[p])->runnext = 0;
      return g;
    }
  g = local_pop (vm, p);
  if (g != 0)
    return g;
  g = queue_pop (vm, &vm->rt.global_runq_head, &vm->rt.global_runq_tail);
  if (g != 0)
    return g;
  for (guint i = 1; i < vm->rt.nprocs; i++)
    {
      guint victim = (p + i) % vm->rt.nprocs;
      guint n = GML_META_R (vm, GmlP, vm->rt.ps[victim])->runq_len;

      if (n == 0)
        continue;
      g = local_pop (vm, victim);
      for (guint k = 1; k < (n + 1) / 2; k++)
        local_push (vm, p, local_pop (vm, victim));
      return g;
    }
  return 0;
}

/* ------------------------------------------------------------------ */
/* Goroutines                                                          */

guint64
gml_sched_find_g (GmlVm   *vm,
                  guint64  goid)
{
  for (guint64 g = vm->rt.allgs; g != 0; g = gml_g_r (vm, g)->allnext)
    if (gml_g_r (vm, g)->goid == goid)
      return g;
  return 0;
}

/* ------------------------------------------------------------------ */
/* Sudogs                                                              */

/* The P's sudog cache, made on first use. */
static guint64
sudog_cache (GmlVm   *vm,
             guint64  pa)
{
  guint64 cache = GML_META_R (vm, GmlP, pa)->sudogcache;

  if (cache == 0)
    {
      cache = gml_meta_alloc (vm, GML_SUDOG_CACHE * 8);
      GML_META_W (vm, GmlP, pa)->sudogcache = cache;
    }
  return cache;
}

/**
 * gml_sched_acquire_sudog:
 *
 * acquireSudog: the runtime.sudog heap object for a goroutine about to
 * wait, from the current P's cache, which takes up to half its capacity
 * from the central list when empty; new(sudog) only when both are.
 *
 * Returns: the object, or 0 (no runtime.sudog type, or out of memory)
 */
guint64
gml_sched_acquire_sudog (GmlVm *vm)
{
  GmlType *t = VM_PRIV (vm)->t_sudog;
  guint64 pa = vm->rt.ps[vm->rt.curp], cache, s;
  guint32 n;

  if (t == NULL)
    return 0;
  cache = sudog_cache (vm, pa);
  n = GML_META_R (vm, GmlP, pa)->nsudog;
  if (n == 0)
    {
      while (n < GML_SUDOG_CACHE / 2 && vm->rt.sudog_central != 0)
        {
          s = vm->rt.sudog_central;
          vm->rt.sudog_central = gml_mem_get_u64 (vm->mem, s);
          gml_gc_store_pointer (vm, s, 0);
          gml_gc_store_pointer (vm, cache + (guint64) n++ * 8, s);
        }
      if (n == 0)
        {
          s = gml_vm_alloc (vm, t, 1, (gsize) gml_type_size (t));
          if (s == 0)
            return 0;
          gml_gc_store_pointer (vm, cache, s);
          n = 1;
        }
    }
  n--;
  s = gml_mem_get_u64 (vm->mem, cache + (guint64) n * 8);
  gml_gc_store_pointer (vm, cache + (guint64) n * 8, 0);
  GML_META_W (vm, GmlP, pa)->nsudog = n;
  return s;
}

/**
 * gml_sched_release_sudog:
 * @s: a runtime.sudog object from gml_sched_acquire_sudog(), or 0
 *
 * releaseSudog: back into the current P's cache; a full cache first
 * moves half of itself to the central list.
 */
void
gml_sched_release_sudog (GmlVm   *vm,
                         guint64  s)
{
  guint64 pa, cache;
  guint32 n;

  if (s == 0)
    return;
  pa = vm->rt.ps[vm->rt.curp];
  cache = sudog_cache (vm, pa);
  n = GML_META_R (vm, GmlP, pa)->nsudog;
  if (n == GML_SUDOG_CACHE)
    {
      /* Chained in cache order, the chain's last put first in the list. */
      guint64 first = 0, last = 0;

      while (n > GML_SUDOG_CACHE / 2)
        {
          guint64 p = gml_mem_get_u64 (vm->mem, cache + (guint64) (n - 1) * 8);

          gml_gc_store_pointer (vm, cache + (guint64) --n * 8, 0);
          if (first == 0)
            first = p;
          else
            gml_gc_store_pointer (vm, last, p);
          last = p;
        }
      gml_gc_store_pointer (vm, last, vm->rt.sudog_central);
      vm->rt.sudog_central = first;
    }
  gml_gc_store_pointer (vm, cache + (guint64) n * 8, s);
  GML_META_W (vm, GmlP, pa)->nsudog = n + 1;
}

/* clearpools, at the start of a cycle: the central list is dropped,
 * each sudog unlinked so that one still referenced pins no others. */
void
gml_sched_sudog_cleanup (GmlVm *vm)
{
  guint64 s = vm->rt.sudog_central, next;

  for (; s != 0; s = next)
    {
      next = gml_mem_get_u64 (vm->mem, s);
      gml_mem_set_u64 (vm->mem, s, 0);
    }
  vm->rt.sudog_central = 0;
}

static guint64
g_record (GmlVm *vm)
{
  guint64 g = vm->rt.free_gs;
  GmlVmPriv *priv = VM_PRIV (vm);

  if (g != 0)
    {
      vm->rt.free_gs = gml_g_r (vm, g)->schedlink;
      return g;
    }
  g = gml_meta_alloc (vm, sizeof (GmlG));
  /* Go allocates every g with new(g) and keeps it forever (allgs). */
  if (priv->t_g != NULL)
    gml_g_w (vm, g)->gobj = gml_vm_alloc (vm, priv->t_g, 1, (gsize) gml_type_size (priv->t_g));
  if (vm->rt.allgs_tail != 0)
    gml_g_w (vm, vm->rt.allgs_tail)->allnext = g;
  else
    vm->rt.allgs = g;
  vm->rt.allgs_tail = g;
  return g;
}

guint64
gml_sched_new_g (GmlVm   *vm,
                 guint64  funcval,
                 guint64  args,
                 gsize    args_size,
                 guint64  created_pc)
{
  guint pc;
  guint64 fn = gml_mem_get_u64 (vm->mem, funcval);
  const GmlCode *code = gml_image_code_at (vm->image, fn, &pc);
  guint64 g = g_record (vm);
  guint64 size = MAX (vm->rt.start_stack_size, GML_STACK_MIN);
  guint64 argp, fp;
  GmlG *gg;

  if (!gml_stack_alloc (vm, g, size))
    return 0;
  gg = gml_g_w (vm, g);
  gg->goid = vm->rt.next_goid++;
  gg->parent_goid = vm->rt.cur_goid;
  gg->created_pc = created_pc;
  gg->start_code = code->index;
  gg->defers = gg->panics = gg->sudogs = gg->param = 0;
  gg->assist_bytes = 0;
  gg->retry = 0;

  /* The entry frame: arguments at the top of the stack, then a return
   * address of 0 (goexit) and a saved FP of 0. */
  argp = (gg->stack_hi - (guint64) code->args_size) & ~(guint64) 15;
  if (args_size > 0)
    gml_mem_move (vm->mem, argp, args, args_size);
  fp = argp - 16;
  gml_mem_set_u64 (vm->mem, fp + 8, GML_RET_GOEXIT);
  gml_mem_set_u64 (vm->mem, fp, 0);
  if (code->ctx_slot != 0)
    gml_mem_set_u64 (vm->mem, fp + (guint64) (gint64) code->ctx_slot, funcval);
  gg = gml_g_w (vm, g);
  gg->fp = fp;
  gg->pc = code->entry;
  vm->rt.ngoroutines++;
  gml_vm_emit (vm, GML_EVENT_G_CREATE, gg->goid, gg->parent_goid, code->index, gg->stack_lo);
  gml_sched_ready (vm, g, vm->rt.cur_g != 0);
  return g;
}

static void
g_exit (GmlVm   *vm,
        guint64  g)
{
  GmlG *gg = gml_g_w (vm, g);

  gg->status = GML_G_DEAD;
  gml_vm_emit (vm, GML_EVENT_G_EXIT, gg->goid, 0, 0, 0);
  gml_stack_free (vm, g);
  gg = gml_g_w (vm, g);
  gg->schedlink = vm->rt.free_gs;
  vm->rt.free_gs = g;
  vm->rt.ngoroutines--;
}

/* ------------------------------------------------------------------ */
/* Timers                                                              */

void gml_sched_sleep (GmlVm *vm, guint64 g, guint64 wake_at);

void
gml_sched_sleep (GmlVm   *vm,
                 guint64  g,
                 guint64  wake_at)
{
  guint64 *link = &vm->rt.sleepers;
  guint64 prev = 0, cur = vm->rt.sleepers;

  gml_g_w (vm, g)->wake_at = wake_at;
  while (cur != 0 && gml_g_r (vm, cur)->wake_at <= wake_at)
    {
      prev = cur;
      cur = gml_g_r (vm, cur)->schedlink;
    }
  gml_g_w (vm, g)->schedlink = cur;
  if (prev == 0)
    *link = g;
  else
    gml_g_w (vm, prev)->schedlink = g;
}

static gboolean
wake_sleepers (GmlVm *vm)
{
  gboolean woke = FALSE;

  while (vm->rt.sleepers != 0 && gml_g_r (vm, vm->rt.sleepers)->wake_at <= vm->rt.nanotime)
    {
      guint64 g = vm->rt.sleepers;

      vm->rt.sleepers = gml_g_r (vm, g)->schedlink;
      gml_sched_ready (vm, g, FALSE);
      woke = TRUE;
    }
  return woke;
}

/* ------------------------------------------------------------------ */
/* The scheduling loop                                                 */

/* Nothing can run: sleep until the next timer, let the GC finish, or
 * report Go's deadlock. */
static gboolean
idle (GmlVm *vm)
{
  if (vm->rt.sleepers != 0)
    {
      vm->rt.nanotime = MAX (vm->rt.nanotime, gml_g_r (vm, vm->rt.sleepers)->wake_at);
      wake_sleepers (vm);
      return TRUE;
    }
  if (gml_gc_has_work (vm))
    {
      gml_gc_step (vm);
      return TRUE;
    }
  gml_vm_deadlock (vm);
  return FALSE;
}

/* Runs one turn: one P's goroutine for up to a quantum.  Returns FALSE
 * when the program has ended. */
gboolean
gml_sched_turn (GmlVm *vm)
{
  guint p = vm->rt.curp;
  guint64 g = 0;
  GmlTurn turn;

  /* Resuming a turn a run stopped inside of makes no scheduling decision:
   * stopping anywhere must not change the run. */
  if (vm->rt.mid_turn)
    vm->rt.mid_turn = FALSE;
  else
    {
      wake_sleepers (vm);
      if (gml_gc_wants_step (vm))
        {
          gml_gc_step (vm);
          return !vm->rt.exited;
        }
    }
  for (guint tries = 0; tries < vm->rt.nprocs && g == 0; tries++)
    {
      p = (vm->rt.curp + tries) % vm->rt.nprocs;
      g = GML_META_R (vm, GmlP, vm->rt.ps[p])->curg;
      if (g == 0)
        g = find_runnable (vm, p);
    }
  if (g == 0)
    return idle (vm) && !vm->rt.exited;

  vm->rt.curp = p;
  vm->rt.cur_g = g;
  vm->rt.cur_goid = gml_g_r (vm, g)->goid;
  if (GML_META_R (vm, GmlP, vm->rt.ps[p])->curg != g)
    {
      GML_META_W (vm, GmlP, vm->rt.ps[p])->curg = g;
      vm->rt.quantum_left = VM_PRIV (vm)->config.quantum;
      gml_vm_step_check (vm);
      gml_vm_emit (vm, GML_EVENT_SCHED, p, vm->rt.cur_goid, 0, 0);
    }
  gml_g_w (vm, g)->status = GML_G_RUNNING;
  gml_g_w (vm, g)->p = p;
  /* The watched goroutine's steps must not take the fast path. */
  if (G_UNLIKELY (VM_PRIV (vm)->watch_goid != 0))
    gml_vm_step_check (vm);

  turn = gml_interp_run (vm);

  /* (GOMAXPROCS may have moved it to another P meanwhile.) */
  p = vm->rt.curp;
  vm->rt.cur_g = 0;
  vm->rt.cur_goid = 0;
  switch (turn)
    {
    case GML_TURN_YIELD:
      if (vm->rt.quantum_left == 0)
        {
          /* Preempted: to the global queue, and the next P's turn. */
          GML_META_W (vm, GmlP, vm->rt.ps[p])->curg = 0;
          gml_g_w (vm, g)->status = GML_G_RUNNABLE;
          queue_push (vm, &vm->rt.global_runq_head, &vm->rt.global_runq_tail, g);
          vm->rt.curp = (p + 1) % vm->rt.nprocs;
        }
      else
        gml_g_w (vm, g)->status = GML_G_RUNNABLE;  /* resumes with its quantum */
      break;
    case GML_TURN_BLOCKED:
      GML_META_W (vm, GmlP, vm->rt.ps[p])->curg = 0;
      vm->rt.curp = (p + 1) % vm->rt.nprocs;
      break;
    case GML_TURN_DEAD:
      GML_META_W (vm, GmlP, vm->rt.ps[p])->curg = 0;
      if (g == vm->rt.main_g)
        {
          /* main returned: the program ends, whatever else runs. */
          vm->rt.exited = TRUE;
          vm->rt.exit_code = 0;
          gml_vm_emit (vm, GML_EVENT_EXIT, 0, 0, 0, 0);
          return FALSE;
        }
      g_exit (vm, g);
      break;
    case GML_TURN_EXIT:
    default:
      GML_META_W (vm, GmlP, vm->rt.ps[p])->curg = 0;
      return FALSE;
    }
  return !vm->rt.exited;
}
