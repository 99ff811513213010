/* gml-native-sync.c: the natives of package sync (prelude/sync.go).
 *
 * Mutex, RWMutex and WaitGroup are Go 1.19's code (sync/mutex.go,
 * rwmutex.go, waitgroup.go) over their real fields, with the runtime's
 * semaphores (runtime/sema.go) underneath: a semaphore is the uint32 at its
 * address, and its waiters queue in a semaphore table keyed by that
 * address, as Go's semtable.  Each native runs atomically (one goroutine
 * runs at a time), so compare-and-swap loops are plain updates and the
 * mutex never spins.
 *
 * Blocking: when a native must wait it queues a Waiter record (metadata)
 * for the goroutine, remembers it in GmlG.param (GmlG.retry =
 * RETRY_SYNC), parks and returns GML_NATIVE_BLOCK.  semrelease readies the
 * goroutine, and the call runs again: it finds its Waiter and resumes
 * where it waited (the Waiter keeps the mutex's waitStartTime, starving
 * and awoke across waits, as lockSlow's locals).
 *
 * sync.Pool is Go code in the prelude; the runtime registers pools
 * (allPools/oldPools) and clears them at every GC's sweep termination
 * (poolCleanup).
 *
 * The root of it all is the record at vm->rt.pools: the pool registry and
 * the semaphore table.
 */
#include "gml-interp.h"

#include <string.h>

#include "gml-gc.h"

/* GmlG.retry while parked in a sync native (gml-chan.c uses 1..3). */
#define RETRY_SYNC 16

/* ------------------------------------------------------------------ */
/* The sync runtime's root record                                      */

#define SEMTAB_SIZE 61

/* Word offsets in the root record: the pool list, then the semaphore
 * table's bucket heads and tails. */
#define ROOT_POOLS       0
#define ROOT_HEAD(i)     (8 * (1 + (i)))
#define ROOT_TAIL(i)     (8 * (1 + SEMTAB_SIZE + (i)))
#define ROOT_SIZE        (8 * (1 + 2 * SEMTAB_SIZE))

static guint64
sync_root (GmlVm *vm)
{
  if (vm->rt.pools == 0)
    vm->rt.pools = gml_meta_alloc (vm, ROOT_SIZE);
  return vm->rt.pools;
}

/* ------------------------------------------------------------------ */
/* Semaphores (runtime/sema.go)                                        */

/* A goroutine waiting in a sync native (Go's sudog on a semaRoot); 72
 * bytes of metadata. */
typedef struct
{
  guint64 g;
  guint64 next, prev;   /* the semtable bucket's list */
  guint64 addr;         /* the semaphore */
  guint64 wait_start;   /* Mutex: waitStartTime (simulated ns), 0 = none yet */
  guint32 queued;       /* on a semtable list */
  guint32 ticket;       /* semrelease handed the semaphore over */
  guint32 lifo;         /* queue at the head when waiting again */
  guint32 phase;        /* which of the native's waits this is */
  guint32 starving;     /* Mutex.lockSlow's locals */
  guint32 awoke;
  guint64 obj;          /* its runtime.sudog heap object */
} Waiter;

G_STATIC_ASSERT (sizeof (Waiter) == 72);

enum
{
  PHASE_MUTEX,          /* Mutex.lockSlow (also RWMutex.Lock's w.Lock) */
  PHASE_READER_SEM,     /* RWMutex.RLock */
  PHASE_WRITER_SEM,     /* RWMutex.Lock, waiting for readers */
  PHASE_WAITGROUP,      /* WaitGroup.Wait */
};

static inline Waiter *
waiter_w (GmlVm   *vm,
          guint64  w)
{
  return GML_META_W (vm, Waiter, w);
}

static inline const Waiter *
waiter_r (GmlVm   *vm,
          guint64  w)
{
  return GML_META_R (vm, Waiter, w);
}

static guint
sema_bucket (guint64 addr)
{
  return (guint) ((addr >> 2) % SEMTAB_SIZE);
}

static gboolean
cansemacquire (GmlVm   *vm,
               guint64  addr)
{
  guint32 v = gml_mem_get_u32 (vm->mem, addr);

  if (v == 0)
    return FALSE;
  gml_mem_set_u32 (vm->mem, addr, v - 1);
  return TRUE;
}

/* semaRoot.queue: at the tail of the address's waiters, or at their head
 * for lifo (a mutex waiter that already waited once). */
static void
sema_queue (GmlVm   *vm,
            guint64  w)
{
  guint64 root = sync_root (vm), addr = waiter_r (vm, w)->addr;
  guint b = sema_bucket (addr);
  guint64 at = 0, prev;

  if (waiter_r (vm, w)->lifo)
    for (at = gml_mem_get_u64 (vm->mem, root + ROOT_HEAD (b)); at != 0; at = waiter_r (vm, at)->next)
      if (waiter_r (vm, at)->addr == addr)
        break;
  /* Insert before `at` (0: at the tail). */
  prev = at != 0 ? waiter_r (vm, at)->prev : gml_mem_get_u64 (vm->mem, root + ROOT_TAIL (b));
  waiter_w (vm, w)->next = at;
  waiter_w (vm, w)->prev = prev;
  waiter_w (vm, w)->queued = TRUE;
  if (prev != 0)
    waiter_w (vm, prev)->next = w;
  else
    gml_mem_set_u64 (vm->mem, root + ROOT_HEAD (b), w);
  if (at != 0)
    waiter_w (vm, at)->prev = w;
  else
    gml_mem_set_u64 (vm->mem, root + ROOT_TAIL (b), w);
}

static void
sema_unlink (GmlVm   *vm,
             guint64  w)
{
  guint64 root = sync_root (vm);
  guint b = sema_bucket (waiter_r (vm, w)->addr);
  Waiter r = *waiter_r (vm, w);

  if (r.prev != 0)
    waiter_w (vm, r.prev)->next = r.next;
  else
    gml_mem_set_u64 (vm->mem, root + ROOT_HEAD (b), r.next);
  if (r.next != 0)
    waiter_w (vm, r.next)->prev = r.prev;
  else
    gml_mem_set_u64 (vm->mem, root + ROOT_TAIL (b), r.prev);
  waiter_w (vm, w)->next = waiter_w (vm, w)->prev = 0;
  waiter_w (vm, w)->queued = FALSE;
}

/* semaRoot.dequeue: the first waiter on addr, or 0. */
static guint64
sema_dequeue (GmlVm   *vm,
              guint64  addr)
{
  guint64 root = sync_root (vm);

  for (guint64 w = gml_mem_get_u64 (vm->mem, root + ROOT_HEAD (sema_bucket (addr))); w != 0;
       w = waiter_r (vm, w)->next)
    if (waiter_r (vm, w)->addr == addr)
      {
        sema_unlink (vm, w);
        return w;
      }
  return 0;
}

/* semrelease1: count up and wake the first waiter.  With `handoff` the
 * count goes straight to it (ticket); the caller should then yield so
 * that the waiter runs next (Go's goyield): returns TRUE. */
static gboolean
semrelease (GmlVm    *vm,
            guint64   addr,
            gboolean  handoff)
{
  guint64 w;

  gml_mem_set_u32 (vm->mem, addr, gml_mem_get_u32 (vm->mem, addr) + 1);
  if ((w = sema_dequeue (vm, addr)) == 0)
    return FALSE;
  if (handoff && cansemacquire (vm, addr))
    waiter_w (vm, w)->ticket = TRUE;
  gml_sched_ready (vm, waiter_r (vm, w)->g, TRUE);
  return waiter_r (vm, w)->ticket;
}

/* The Waiter of a native call that runs again after parking, or 0. */
static guint64
resumed_waiter (GmlVm *vm)
{
  const GmlG *g = gml_g_r (vm, vm->rt.cur_g);

  return g->retry == RETRY_SYNC ? g->param : 0;
}

static guint64
waiter_new (GmlVm   *vm,
            guint    phase)
{
  guint64 w = gml_meta_alloc (vm, sizeof (Waiter)), obj;
  GmlG *g;

  waiter_w (vm, w)->g = vm->rt.cur_g;
  waiter_w (vm, w)->phase = phase;
  g = gml_g_w (vm, vm->rt.cur_g);
  g->param = w;
  g->retry = RETRY_SYNC;
  /* semacquire1's acquireSudog (allocating may start a GC cycle: the
   * Waiter is already the goroutine's). */
  obj = gml_sched_acquire_sudog (vm);
  waiter_w (vm, w)->obj = obj;
  return w;
}

/* The runtime.sudog object goroutine g waits with in a sync native, or 0. */
guint64
gml_sync_waiter_sudog (GmlVm   *vm,
                       guint64  g)
{
  const GmlG *gg = gml_g_r (vm, g);

  return gg->retry == RETRY_SYNC && gg->param != 0 ? waiter_r (vm, gg->param)->obj : 0;
}

/* The native call is done with waiting: drops its Waiter. */
static GmlNativeResult
waiter_done (GmlVm   *vm,
             guint64  w)
{
  if (w != 0)
    {
      GmlG *g = gml_g_w (vm, vm->rt.cur_g);

      g->param = 0;
      g->retry = 0;
      gml_sched_release_sudog (vm, waiter_r (vm, w)->obj);
      gml_meta_free (vm, w, sizeof (Waiter));
    }
  return GML_NATIVE_OK;
}

static void
sema_park (GmlVm         *vm,
           guint64        w,
           GmlWaitReason  reason)
{
  gml_g_w (vm, vm->rt.cur_g)->sema = waiter_r (vm, w)->addr;
  gml_sched_park (vm, reason);
}

/* semacquire1's wait: queue w for its address and park. */
static void
sema_wait (GmlVm         *vm,
           guint64        w,
           guint64        addr,
           gboolean       lifo,
           GmlWaitReason  reason)
{
  Waiter *ww = waiter_w (vm, w);

  ww->addr = addr;
  ww->lifo = lifo;
  ww->ticket = FALSE;
  sema_queue (vm, w);
  sema_park (vm, w, reason);
}

/* semacquire1 after a wake-up: TRUE when w now holds the semaphore;
 * otherwise it waits again (FALSE: the native returns BLOCK). */
static gboolean
sema_resume (GmlVm         *vm,
             guint64        w,
             GmlWaitReason  reason)
{
  const Waiter *r = waiter_r (vm, w);

  if (r->queued)
    {
      /* Not released yet. */
      sema_park (vm, w, reason);
      return FALSE;
    }
  if (r->ticket || cansemacquire (vm, r->addr))
    {
      waiter_w (vm, w)->ticket = FALSE;
      gml_g_w (vm, vm->rt.cur_g)->sema = 0;
      return TRUE;
    }
  /* Another goroutine took the count first. */
  sema_queue (vm, w);
  sema_park (vm, w, reason);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static GmlNativeResult
nil_receiver (GmlVm   *vm,
              guint64  field_offset)
{
  gml_vm_panic_nil (vm, field_offset);
  return GML_NATIVE_PANIC;
}

/* panic("...") with a string value, as package sync does. */
static GmlNativeResult
panic_string (GmlVm      *vm,
              const char *message)
{
  guint64 str = gml_vm_new_string (vm, message, strlen (message), NULL);

  if (str == 0)
    return GML_NATIVE_EXIT;
  gml_vm_panic_value (vm, gml_image_typedesc (vm->image, VM_PRIV (vm)->t_string), str);
  return GML_NATIVE_PANIC;
}

static GmlNativeResult
fatal (GmlVm      *vm,
       const char *message)
{
  gml_vm_fatal (vm, message);
  return GML_NATIVE_EXIT;
}

static inline gint32
get_i32 (GmlVm   *vm,
         guint64  addr)
{
  return gml_mem_get_i32 (vm->mem, addr);
}

static inline void
set_i32 (GmlVm   *vm,
         guint64  addr,
         gint32   v)
{
  gml_mem_set_i32 (vm->mem, addr, v);
}

/* ------------------------------------------------------------------ */
/* Mutex (sync/mutex.go)                                               */

#define MUTEX_LOCKED        1
#define MUTEX_WOKEN         2
#define MUTEX_STARVING      4
#define MUTEX_WAITER_SHIFT  3
#define STARVATION_NS       1000000

#define M_STATE 0
#define M_SEMA  4

/* lockSlow's locals, kept in the Waiter across waits. */
typedef struct
{
  guint64  wait_start;
  gboolean starving;
  gboolean awoke;
} LockState;

/* One turn of lockSlow's loop (without spinning: no other goroutine runs
 * while this one would spin): TRUE when the state update took the lock. */
static gboolean
lock_attempt (GmlVm     *vm,
              guint64    m,
              LockState *st)
{
  gint32 old = get_i32 (vm, m + M_STATE), nw = old;

  if (!(old & MUTEX_STARVING))
    nw |= MUTEX_LOCKED;
  if (old & (MUTEX_LOCKED | MUTEX_STARVING))
    nw += 1 << MUTEX_WAITER_SHIFT;
  if (st->starving && (old & MUTEX_LOCKED))
    nw |= MUTEX_STARVING;
  if (st->awoke)
    nw &= ~MUTEX_WOKEN;
  set_i32 (vm, m + M_STATE, nw);
  return !(old & (MUTEX_LOCKED | MUTEX_STARVING));
}

/* lockSlow after its semacquire returned: in starvation mode the lock was
 * handed over (TRUE); otherwise compete again, as the woken waiter. */
static gboolean
lock_after_sema (GmlVm     *vm,
                 guint64    m,
                 LockState *st)
{
  gint32 old = get_i32 (vm, m + M_STATE);

  st->starving = st->starving || vm->rt.nanotime - st->wait_start > STARVATION_NS;
  if (old & MUTEX_STARVING)
    {
      gint32 delta = MUTEX_LOCKED - (1 << MUTEX_WAITER_SHIFT);

      if (!st->starving || (old >> MUTEX_WAITER_SHIFT) == 1)
        delta -= MUTEX_STARVING;   /* the last waiter leaves starvation mode */
      set_i32 (vm, m + M_STATE, old + delta);
      return TRUE;
    }
  st->awoke = TRUE;
  return FALSE;
}

static void
lock_state_load (GmlVm     *vm,
                 guint64    w,
                 LockState *st)
{
  memset (st, 0, sizeof *st);
  if (w != 0)
    {
      const Waiter *r = waiter_r (vm, w);

      st->wait_start = r->wait_start;
      st->starving = r->starving;
      st->awoke = r->awoke;
    }
}

/* Queues the goroutine on the mutex's semaphore, lockSlow's state saved. */
static void
lock_wait (GmlVm     *vm,
           guint64   *w,
           guint64    m,
           LockState *st,
           gboolean   lifo)
{
  Waiter *ww;

  if (*w == 0)
    *w = waiter_new (vm, PHASE_MUTEX);
  ww = waiter_w (vm, *w);
  ww->phase = PHASE_MUTEX;
  ww->wait_start = st->wait_start;
  ww->starving = st->starving;
  ww->awoke = st->awoke;
  sema_wait (vm, *w, m + M_SEMA, lifo, GML_WAIT_SYNC_MUTEX);
}

/* Mutex.lockSlow, resumable.  *w is the call's Waiter (0 on the first
 * run); GML_NATIVE_OK when locked (the caller drops the Waiter). */
static GmlNativeResult
lock_slow (GmlVm   *vm,
           guint64  m,
           guint64 *w)
{
  LockState st;

  lock_state_load (vm, *w, &st);
  if (*w != 0)
    {
      if (!sema_resume (vm, *w, GML_WAIT_SYNC_MUTEX))
        return GML_NATIVE_BLOCK;
      if (lock_after_sema (vm, m, &st))
        return GML_NATIVE_OK;
    }
  for (;;)
    {
      gboolean lifo;

      if (lock_attempt (vm, m, &st))
        return GML_NATIVE_OK;
      lifo = st.wait_start != 0;
      if (st.wait_start == 0)
        st.wait_start = MAX (vm->rt.nanotime, 1);
      if (!cansemacquire (vm, m + M_SEMA))
        {
          lock_wait (vm, w, m, &st, lifo);
          return GML_NATIVE_BLOCK;
        }
      if (lock_after_sema (vm, m, &st))
        return GML_NATIVE_OK;
    }
}

/* Lock with the fast path; `w` is the resumed Waiter or 0. */
static GmlNativeResult
mutex_lock_at (GmlVm   *vm,
               guint64  m,
               guint64 *w)
{
  if (*w == 0 && get_i32 (vm, m + M_STATE) == 0)
    {
      set_i32 (vm, m + M_STATE, MUTEX_LOCKED);
      return GML_NATIVE_OK;
    }
  return lock_slow (vm, m, w);
}

/* Mutex.Unlock; GML_NATIVE_YIELD after a starvation-mode handoff. */
static GmlNativeResult
mutex_unlock_at (GmlVm   *vm,
                 guint64  m)
{
  gint32 nw = get_i32 (vm, m + M_STATE) - MUTEX_LOCKED;

  set_i32 (vm, m + M_STATE, nw);
  if (nw == 0)
    return GML_NATIVE_OK;
  if (((nw + MUTEX_LOCKED) & MUTEX_LOCKED) == 0)
    return fatal (vm, "sync: unlock of unlocked mutex");
  if (nw & MUTEX_STARVING)
    return semrelease (vm, m + M_SEMA, TRUE) ? GML_NATIVE_YIELD : GML_NATIVE_OK;
  /* Wake one waiter, unless none waits or one is already awake. */
  if ((nw >> MUTEX_WAITER_SHIFT) == 0 || (nw & (MUTEX_LOCKED | MUTEX_WOKEN | MUTEX_STARVING)))
    return GML_NATIVE_OK;
  set_i32 (vm, m + M_STATE, (nw - (1 << MUTEX_WAITER_SHIFT)) | MUTEX_WOKEN);
  semrelease (vm, m + M_SEMA, FALSE);
  return GML_NATIVE_OK;
}

static GmlNativeResult
mutex_lock (GmlVm   *vm,
            guint64  args)
{
  guint64 m = gml_mem_get_u64 (vm->mem, args), w = resumed_waiter (vm);
  GmlNativeResult r;

  if (m == 0)
    return nil_receiver (vm, M_STATE);
  r = mutex_lock_at (vm, m, &w);
  return r == GML_NATIVE_OK ? waiter_done (vm, w) : r;
}

static GmlNativeResult
mutex_try_lock (GmlVm   *vm,
                guint64  args)
{
  guint64 m = gml_mem_get_u64 (vm->mem, args);
  gint32 old;

  if (m == 0)
    return nil_receiver (vm, M_STATE);
  old = get_i32 (vm, m + M_STATE);
  if (old & (MUTEX_LOCKED | MUTEX_STARVING))
    {
      gml_mem_set_u8 (vm->mem, args + 8, FALSE);
      return GML_NATIVE_OK;
    }
  set_i32 (vm, m + M_STATE, old | MUTEX_LOCKED);
  gml_mem_set_u8 (vm->mem, args + 8, TRUE);
  return GML_NATIVE_OK;
}

static GmlNativeResult
mutex_unlock (GmlVm   *vm,
              guint64  args)
{
  guint64 m = gml_mem_get_u64 (vm->mem, args);

  if (m == 0)
    return nil_receiver (vm, M_STATE);
  return mutex_unlock_at (vm, m);
}

/* ------------------------------------------------------------------ */
/* RWMutex (sync/rwmutex.go)                                           */

#define RW_W            0
#define RW_WRITER_SEM   8
#define RW_READER_SEM  12
#define RW_READER_COUNT 16
#define RW_READER_WAIT 20
#define MAX_READERS    (1 << 30)

static gint32
add_i32 (GmlVm   *vm,
         guint64  addr,
         gint32   delta)
{
  gint32 v = (gint32) ((guint32) get_i32 (vm, addr) + (guint32) delta);

  set_i32 (vm, addr, v);
  return v;
}

/* A semacquire at addr that may park: *w gets a Waiter of `phase`. */
static GmlNativeResult
sema_acquire_or_wait (GmlVm         *vm,
                      guint64       *w,
                      guint64        addr,
                      guint          phase,
                      GmlWaitReason  reason)
{
  if (cansemacquire (vm, addr))
    return GML_NATIVE_OK;
  if (*w == 0)
    *w = waiter_new (vm, phase);
  waiter_w (vm, *w)->phase = phase;
  sema_wait (vm, *w, addr, FALSE, reason);
  return GML_NATIVE_BLOCK;
}

static GmlNativeResult
rw_rlock (GmlVm   *vm,
          guint64  args)
{
  guint64 rw = gml_mem_get_u64 (vm->mem, args), w = resumed_waiter (vm);

  if (rw == 0)
    return nil_receiver (vm, RW_READER_COUNT);
  if (w != 0)
    return sema_resume (vm, w, GML_WAIT_SYNC_MUTEX) ? waiter_done (vm, w) : GML_NATIVE_BLOCK;
  /* A writer is pending: wait for it on readerSem. */
  if (add_i32 (vm, rw + RW_READER_COUNT, 1) < 0)
    return sema_acquire_or_wait (vm, &w, rw + RW_READER_SEM, PHASE_READER_SEM, GML_WAIT_SYNC_MUTEX);
  return GML_NATIVE_OK;
}

static GmlNativeResult
rw_runlock (GmlVm   *vm,
            guint64  args)
{
  guint64 rw = gml_mem_get_u64 (vm->mem, args);
  gint32 r;

  if (rw == 0)
    return nil_receiver (vm, RW_READER_COUNT);
  if ((r = add_i32 (vm, rw + RW_READER_COUNT, -1)) >= 0)
    return GML_NATIVE_OK;
  /* rUnlockSlow: a writer waits; the last departing reader wakes it. */
  if (r + 1 == 0 || r + 1 == -MAX_READERS)
    return fatal (vm, "sync: RUnlock of unlocked RWMutex");
  if (add_i32 (vm, rw + RW_READER_WAIT, -1) == 0)
    semrelease (vm, rw + RW_WRITER_SEM, FALSE);
  return GML_NATIVE_OK;
}

/* RWMutex.Lock after w.Lock: announce the writer, wait for the readers. */
static GmlNativeResult
rw_lock_readers (GmlVm   *vm,
                 guint64  rw,
                 guint64 *w)
{
  gint32 r = add_i32 (vm, rw + RW_READER_COUNT, -MAX_READERS) + MAX_READERS;

  if (r != 0 && add_i32 (vm, rw + RW_READER_WAIT, r) != 0)
    return sema_acquire_or_wait (vm, w, rw + RW_WRITER_SEM, PHASE_WRITER_SEM, GML_WAIT_SYNC_MUTEX);
  return GML_NATIVE_OK;
}

static GmlNativeResult
rw_lock (GmlVm   *vm,
         guint64  args)
{
  guint64 rw = gml_mem_get_u64 (vm->mem, args), w = resumed_waiter (vm);
  GmlNativeResult r;

  if (rw == 0)
    return nil_receiver (vm, RW_W);
  if (w != 0 && waiter_r (vm, w)->phase == PHASE_WRITER_SEM)
    return sema_resume (vm, w, GML_WAIT_SYNC_MUTEX) ? waiter_done (vm, w) : GML_NATIVE_BLOCK;
  r = mutex_lock_at (vm, rw + RW_W, &w);
  if (r == GML_NATIVE_OK)
    r = rw_lock_readers (vm, rw, &w);
  return r == GML_NATIVE_OK ? waiter_done (vm, w) : r;
}

static GmlNativeResult
rw_unlock (GmlVm   *vm,
           guint64  args)
{
  guint64 rw = gml_mem_get_u64 (vm->mem, args);
  gint32 r;

  if (rw == 0)
    return nil_receiver (vm, RW_READER_COUNT);
  /* Announce to readers there is no active writer; unblock them. */
  r = add_i32 (vm, rw + RW_READER_COUNT, MAX_READERS);
  if (r >= MAX_READERS)
    return fatal (vm, "sync: Unlock of unlocked RWMutex");
  for (gint32 i = 0; i < r; i++)
    semrelease (vm, rw + RW_READER_SEM, FALSE);
  return mutex_unlock_at (vm, rw + RW_W);
}

/* ------------------------------------------------------------------ */
/* WaitGroup (sync/waitgroup.go)                                       */

/* state1 (counter << 32 | waiters) is 8-aligned on amd64: state2 is the
 * semaphore. */
#define WG_STATE 0
#define WG_SEMA  8

static GmlNativeResult
wg_add_at (GmlVm   *vm,
           guint64  wg,
           gint64   delta)
{
  guint64 state = gml_mem_get_u64 (vm->mem, wg + WG_STATE) + ((guint64) delta << 32);
  gint32 v = (gint32) (state >> 32);
  guint32 waiters = (guint32) state;

  gml_mem_set_u64 (vm->mem, wg + WG_STATE, state);
  if (v < 0)
    return panic_string (vm, "sync: negative WaitGroup counter");
  if (waiters != 0 && delta > 0 && v == (gint32) delta)
    return panic_string (vm, "sync: WaitGroup misuse: Add called concurrently with Wait");
  if (v > 0 || waiters == 0)
    return GML_NATIVE_OK;
  /* The counter is 0 and goroutines wait: release them all. */
  gml_mem_set_u64 (vm->mem, wg + WG_STATE, 0);
  for (; waiters != 0; waiters--)
    semrelease (vm, wg + WG_SEMA, FALSE);
  return GML_NATIVE_OK;
}

static GmlNativeResult
wg_add (GmlVm   *vm,
        guint64  args)
{
  guint64 wg = gml_mem_get_u64 (vm->mem, args);

  if (wg == 0)
    return nil_receiver (vm, WG_STATE);
  return wg_add_at (vm, wg, (gint64) gml_mem_get_u64 (vm->mem, args + 8));
}

static GmlNativeResult
wg_done (GmlVm   *vm,
         guint64  args)
{
  guint64 wg = gml_mem_get_u64 (vm->mem, args);

  if (wg == 0)
    return nil_receiver (vm, WG_STATE);
  return wg_add_at (vm, wg, -1);
}

/* After Wait's semacquire: the group must not have been reused. */
static GmlNativeResult
wg_wait_done (GmlVm   *vm,
              guint64  wg,
              guint64  w)
{
  waiter_done (vm, w);
  if (gml_mem_get_u64 (vm->mem, wg + WG_STATE) != 0)
    return panic_string (vm, "sync: WaitGroup is reused before previous Wait has returned");
  return GML_NATIVE_OK;
}

static GmlNativeResult
wg_wait (GmlVm   *vm,
         guint64  args)
{
  guint64 wg = gml_mem_get_u64 (vm->mem, args), w = resumed_waiter (vm), state;

  if (wg == 0)
    return nil_receiver (vm, WG_STATE);
  if (w != 0)
    return sema_resume (vm, w, GML_WAIT_SYNC_WAITGROUP) ? wg_wait_done (vm, wg, w) : GML_NATIVE_BLOCK;
  state = gml_mem_get_u64 (vm->mem, wg + WG_STATE);
  if ((state >> 32) == 0)
    return GML_NATIVE_OK;
  gml_mem_set_u64 (vm->mem, wg + WG_STATE, state + 1);
  if (sema_acquire_or_wait (vm, &w, wg + WG_SEMA, PHASE_WAITGROUP, GML_WAIT_SYNC_WAITGROUP) == GML_NATIVE_BLOCK)
    return GML_NATIVE_BLOCK;
  return wg_wait_done (vm, wg, w);
}

/* ------------------------------------------------------------------ */
/* Pool support                                                        */

/* procPin keeps the goroutine on its P until procUnpin (Go: m.locks++,
 * no preemption): the quantum is lengthened for the pinned stretch, and
 * the collector's stop-the-world phases wait (gml_gc_wants_step). */
#define PIN_QUANTUM (1u << 24)

static GmlNativeResult
proc_pin (GmlVm   *vm,
          guint64  args)
{
  vm->rt.quantum_left = vm->rt.quantum_left > G_MAXUINT32 - PIN_QUANTUM ? G_MAXUINT32
                                                                        : vm->rt.quantum_left + PIN_QUANTUM;
  vm->rt.locks++;
  gml_mem_set_u64 (vm->mem, args, vm->rt.curp);
  return GML_NATIVE_OK;
}

static GmlNativeResult
proc_unpin (GmlVm   *vm,
            guint64  args)
{
  /* A preemption due while pinned happens at the next statement. */
  vm->rt.quantum_left = vm->rt.quantum_left > PIN_QUANTUM ? vm->rt.quantum_left - PIN_QUANTUM : 0;
  gml_vm_step_check (vm);
  if (vm->rt.locks > 0)
    vm->rt.locks--;
  return GML_NATIVE_OK;
}

/* A registered pool; 32 bytes of metadata. */
typedef struct
{
  guint64 pool;
  guint64 next;
  guint32 flags;
  guint32 pad;
  guint64 pad2;
} PoolRec;

G_STATIC_ASSERT (sizeof (PoolRec) == 32);

enum
{
  POOL_ALL = 1,   /* in Go's allPools: local moves to victim at the next GC */
  POOL_OLD = 2,   /* in oldPools: victim is dropped at the next GC */
};

static GmlNativeResult
register_pool (GmlVm   *vm,
               guint64  args)
{
  guint64 p = gml_mem_get_u64 (vm->mem, args), root = sync_root (vm), rec;

  if (p == 0)
    return nil_receiver (vm, 0);
  for (rec = gml_mem_get_u64 (vm->mem, root + ROOT_POOLS); rec != 0; rec = GML_META_R (vm, PoolRec, rec)->next)
    if (GML_META_R (vm, PoolRec, rec)->pool == p)
      break;
  if (rec == 0)
    {
      rec = gml_meta_alloc (vm, sizeof (PoolRec));
      GML_META_W (vm, PoolRec, rec)->pool = p;
      GML_META_W (vm, PoolRec, rec)->next = gml_mem_get_u64 (vm->mem, root + ROOT_POOLS);
      gml_mem_set_u64 (vm->mem, root + ROOT_POOLS, rec);
    }
  GML_META_W (vm, PoolRec, rec)->flags |= POOL_ALL;
  return GML_NATIVE_OK;
}

static GmlType *
pool_type (GmlVm *vm)
{
  return gml_program_lookup_type (vm->image->program, "sync.Pool");
}

static gint64
pool_field (GmlVm      *vm,
            GmlType    *pool,
            const char *name)
{
  GmlProgram *program = vm->image->program;
  GmlLookup l;

  if (!gml_type_lookup (program->types, pool, g_hash_table_lookup (program->packages, "sync"),
                        gml_arena_intern (program->arena, name), &l)
      || l.kind != GML_LOOKUP_FIELD)
    return -1;
  return l.field->offset;
}

/* poolCleanup, at sweep termination (the world is stopped and the GC is
 * not marking, so these stores need no write barrier): drop the victim
 * caches of oldPools, move allPools' local caches to their victims. */
void
gml_sync_pool_cleanup (GmlVm *vm)
{
  GmlType *pool = vm->rt.pools != 0 ? pool_type (vm) : NULL;
  guint64 root;
  gint64 local, victim;

  if (pool == NULL || (local = pool_field (vm, pool, "local")) < 0
      || (victim = pool_field (vm, pool, "victim")) < 0)
    return;
  root = sync_root (vm);
  for (guint64 rec = gml_mem_get_u64 (vm->mem, root + ROOT_POOLS), next; rec != 0; rec = next)
    {
      PoolRec r = *GML_META_R (vm, PoolRec, rec);

      next = r.next;
      if (r.flags & POOL_OLD)
        gml_mem_zero (vm->mem, r.pool + (guint64) victim, 24);
      if (r.flags & POOL_ALL)
        {
          gml_mem_move (vm->mem, r.pool + (guint64) victim, r.pool + (guint64) local, 24);
          gml_mem_zero (vm->mem, r.pool + (guint64) local, 24);
        }
      GML_META_W (vm, PoolRec, rec)->flags = (r.flags & POOL_ALL) ? POOL_OLD : 0;
    }
  /* oldPools, allPools = allPools, nil: forget pools in neither. */
  for (guint64 rec = gml_mem_get_u64 (vm->mem, root + ROOT_POOLS), prev = 0, next; rec != 0; rec = next)
    {
      next = GML_META_R (vm, PoolRec, rec)->next;
      if (GML_META_R (vm, PoolRec, rec)->flags != 0)
        {
          prev = rec;
          continue;
        }
      if (prev != 0)
        GML_META_W (vm, PoolRec, prev)->next = next;
      else
        gml_mem_set_u64 (vm->mem, root + ROOT_POOLS, next);
      gml_meta_free (vm, rec, sizeof (PoolRec));
    }
}

/* A pointer type for shading a pool: *sync.Pool (every program has it:
 * Pool's methods have pointer receivers). */
static GmlType *
pool_pointer_type (GmlVm   *vm,
                   GmlType *pool)
{
  GmlTypeTable *tt = vm->image->program->types;

  for (guint i = 0; i < gml_type_table_len (tt); i++)
    {
      GmlType *t = gml_type_table_get (tt, i);

      if (t->kind == GML_TYPE_POINTER && t->u.pointer.elem == pool)
        return t;
    }
  return NULL;
}

/* Registered pools are roots (Go's allPools and oldPools are globals). */
void
gml_sync_pool_roots (GmlVm *vm)
{
  GmlType *ptr;

  if (vm->rt.pools == 0 || (ptr = pool_pointer_type (vm, pool_type (vm))) == NULL)
    return;
  for (guint64 rec = gml_mem_get_u64 (vm->mem, vm->rt.pools + ROOT_POOLS); rec != 0;
       rec = GML_META_R (vm, PoolRec, rec)->next)
    gml_gc_shade_typed (vm, rec + G_STRUCT_OFFSET (PoolRec, pool), ptr);
}

/* ------------------------------------------------------------------ */

const GmlNative gml_natives_sync[] = {
  { "sync.(*Mutex).Lock", mutex_lock },
  { "sync.(*Mutex).TryLock", mutex_try_lock },
  { "sync.(*Mutex).Unlock", mutex_unlock },
  { "sync.(*RWMutex).RLock", rw_rlock },
  { "sync.(*RWMutex).RUnlock", rw_runlock },
  { "sync.(*RWMutex).Lock", rw_lock },
  { "sync.(*RWMutex).Unlock", rw_unlock },
  { "sync.(*WaitGroup).Add", wg_add },
  { "sync.(*WaitGroup).Done", wg_done },
  { "sync.(*WaitGroup).Wait", wg_wait },
  { "sync.runtime_procPin", proc_pin },
  { "sync.runtime_procUnpin", proc_unpin },
  { "sync.runtime_registerPool", register_pool },
  { NULL, NULL },
};
