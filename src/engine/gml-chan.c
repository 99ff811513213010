/* gml-chan.c: Go 1.19's channels and select (runtime/chan.go, select.go).
 *
 * A port over simulated memory: the hchan lies on the heap in Go's layout
 * (its buffer in the same pointer-free object, or in a second one when
 * elements hold pointers), waiting goroutines are sudog records (metadata)
 * on the recvq/sendq lists, a sender copies straight into a waiting
 * receiver's destination (and a receiver out of a waiting sender's
 * source), closing wakes every waiter, and select polls its cases in a
 * random order, then waits on all of them.
 *
 * Blocking: the operation parks the goroutine and returns
 * GML_NATIVE_BLOCK; whoever wakes it completes the transfer first, so the
 * re-executed instruction finds GmlG.retry set and its sudog completed
 * (GmlG.param = the sudog that fired, sudog.success = FALSE when the
 * channel was closed) and only finishes: frees the sudogs, writes `ok`,
 * or panics for a send on a closed channel.
 *
 * Wake-ups use goready, which puts the woken goroutine in the current P's
 * runnext, as Go does.
 */
#include "gml-chan.h"

#include <string.h>

#include "gml-gc.h"
#include "gml-interp.h"
#include "gml-map.h"

#define MAX_ALLOC (G_GUINT64_CONSTANT (1) << 48)

/* runtime.hchan */
#define C_QCOUNT    0
#define C_DATAQSIZ  8
#define C_BUF      16
#define C_ELEMSIZE 24
#define C_CLOSED   28
#define C_ELEMTYPE 32
#define C_SENDX    40
#define C_RECVX    48
#define C_RECVQ    56     /* waitq: first, last */
#define C_SENDQ    72
#define HCHAN_SIZE 96

/* GmlG.retry while parked in a channel operation. */
enum
{
  RETRY_NONE,
  RETRY_CHAN,     /* a send or receive: GmlG.sudogs is its sudog */
  RETRY_SELECT,   /* a select: GmlG.sudogs lists one sudog per case */
  RETRY_FOREVER,  /* a nil channel or an empty select: never woken */
};

typedef struct
{
  GmlType *elem;
  GmlType *hchan;          /* runtime.hchan, its buffer a separate object */
  GmlType *hchan_noscan;   /* the same layout, its buffer inside (no pointers) */
} ChanInfo;

typedef enum
{
  OP_DONE,
  OP_CLOSED,     /* a send on a closed channel */
  OP_WAIT,
} OpResult;

/* ------------------------------------------------------------------ */
/* Channel types                                                       */

static GmlType *
hchan_type (GmlProgram *program,
            gboolean    noscan)
{
  GmlTypeTable *tt = program->types;
  GmlType *uintptr_t = gml_type_basic (tt, GML_TYPE_UINTPTR);
  GmlType *uint_t = gml_type_basic (tt, GML_TYPE_UINT);
  GmlRuntimeField waitq_f[] = {
    { "first", uintptr_t },   /* sudogs are runtime metadata */
    { "last", uintptr_t },
  };
  GmlType *waitq = gml_runtime_struct_type (program, "waitq", waitq_f, G_N_ELEMENTS (waitq_f));
  GmlRuntimeField f[] = {
    { "qcount", uint_t },
    { "dataqsiz", uint_t },
    { "buf", noscan ? uintptr_t : gml_unsafe_pointer_type (program) },
    { "elemsize", gml_type_basic (tt, GML_TYPE_UINT16) },
    { "closed", gml_type_basic (tt, GML_TYPE_UINT32) },
    { "elemtype", uintptr_t },  /* a type descriptor in read-only data */
    { "sendx", uint_t },
    { "recvx", uint_t },
    { "recvq", waitq },
    { "sendq", waitq },
    { "lock", uintptr_t },
  };
  GmlType *t = gml_runtime_struct_type (program, noscan ? "hchan noscan" : "hchan", f, G_N_ELEMENTS (f));

  g_assert (gml_type_size (t) == HCHAN_SIZE);
  return t;
}

void
gml_chan_prepare (GmlProgram *program,
                  GmlType    *chan_type)
{
  ChanInfo *info = gml_arena_new0 (program->arena, ChanInfo);
  const guint8 *mask;

  g_return_if_fail (chan_type->kind == GML_TYPE_CHAN);

  info->elem = chan_type->u.chan.elem;
  info->hchan = hchan_type (program, FALSE);
  info->hchan_noscan = hchan_type (program, TRUE);
  gml_type_ptrmask (program->types, info->hchan, &mask);
  chan_type->rt = info;
}

/* ------------------------------------------------------------------ */
/* hchan fields                                                        */

static inline guint64
cget (GmlVm   *vm,
      guint64  c,
      guint    off)
{
  return gml_mem_get_u64 (vm->mem, c + off);
}

static inline void
cset (GmlVm   *vm,
      guint64  c,
      guint    off,
      guint64  v)
{
  gml_mem_set_u64 (vm->mem, c + off, v);
}

static inline gboolean
chan_closed (GmlVm   *vm,
             guint64  c)
{
  return gml_mem_get_u32 (vm->mem, c + C_CLOSED) != 0;
}

static GmlType *
chan_elem (GmlVm   *vm,
           guint64  c)
{
  return gml_image_type_at (vm->image, cget (vm, c, C_ELEMTYPE));
}

/* chanbuf: slot i of the ring buffer. */
static guint64
chan_slot (GmlVm   *vm,
           guint64  c,
           guint64  i)
{
  return cget (vm, c, C_BUF) + i * gml_mem_get_u16 (vm->mem, c + C_ELEMSIZE);
}

/* Advances sendx or recvx around the ring. */
static void
chan_advance (GmlVm   *vm,
              guint64  c,
              guint    off)
{
  guint64 x = cget (vm, c, off) + 1;

  cset (vm, c, off, x == cget (vm, c, C_DATAQSIZ) ? 0 : x);
}

/* ------------------------------------------------------------------ */
/* Wait queues                                                         */

static inline GmlSudog *
sudog_w (GmlVm   *vm,
         guint64  s)
{
  return GML_META_W (vm, GmlSudog, s);
}

static inline const GmlSudog *
sudog_r (GmlVm   *vm,
         guint64  s)
{
  return GML_META_R (vm, GmlSudog, s);
}

/* acquireSudog */
static guint64
sudog_new (GmlVm   *vm,
           guint64  c,
           guint64  elem)
{
  guint64 s = gml_meta_alloc (vm, sizeof (GmlSudog)), obj;
  GmlSudog *w = sudog_w (vm, s);

  w->g = vm->rt.cur_g;
  w->chan = c;
  w->elem = elem;
  /* (Allocating may start a GC cycle: the record is complete by then.) */
  obj = gml_sched_acquire_sudog (vm);
  sudog_w (vm, s)->obj = obj;
  return s;
}

/* releaseSudog, and the record goes. */
static void
sudog_free (GmlVm   *vm,
            guint64  s)
{
  gml_sched_release_sudog (vm, sudog_r (vm, s)->obj);
  gml_meta_free (vm, s, sizeof (GmlSudog));
}

static void
enqueue (GmlVm   *vm,
         guint64  q,
         guint64  s)
{
  guint64 last = gml_mem_get_u64 (vm->mem, q + 8);

  sudog_w (vm, s)->next = 0;
  sudog_w (vm, s)->prev = last;
  if (last == 0)
    gml_mem_set_u64 (vm->mem, q, s);
  else
    sudog_w (vm, last)->next = s;
  gml_mem_set_u64 (vm->mem, q + 8, s);
}

/* The first waiter, skipping (and dropping) sudogs of selects that another
 * case has already won: GmlG.param is set once a select has a winner, as
 * Go's selectDone. */
static guint64
dequeue (GmlVm   *vm,
         guint64  q)
{
  for (;;)
    {
      guint64 s = gml_mem_get_u64 (vm->mem, q), y, g;

      if (s == 0)
        return 0;
      y = sudog_r (vm, s)->next;
      if (y == 0)
        {
          gml_mem_set_u64 (vm->mem, q, 0);
          gml_mem_set_u64 (vm->mem, q + 8, 0);
        }
      else
        {
          sudog_w (vm, y)->prev = 0;
          gml_mem_set_u64 (vm->mem, q, y);
          sudog_w (vm, s)->next = 0;
        }
      if (!sudog_r (vm, s)->is_select)
        return s;
      g = sudog_r (vm, s)->g;
      if (gml_g_r (vm, g)->param != 0)
        continue;
      gml_g_w (vm, g)->param = s;
      return s;
    }
}

/* dequeueSudoG: removes s if it is still queued. */
static void
dequeue_sudog (GmlVm   *vm,
               guint64  q,
               guint64  s)
{
  guint64 x = sudog_r (vm, s)->prev, y = sudog_r (vm, s)->next;

  if (x != 0)
    {
      sudog_w (vm, x)->next = y;
      if (y != 0)
        sudog_w (vm, y)->prev = x;
      else
        gml_mem_set_u64 (vm->mem, q + 8, x);
    }
  else if (y != 0)
    {
      sudog_w (vm, y)->prev = 0;
      gml_mem_set_u64 (vm->mem, q, y);
    }
  else if (gml_mem_get_u64 (vm->mem, q) == s)
    {
      gml_mem_set_u64 (vm->mem, q, 0);
      gml_mem_set_u64 (vm->mem, q + 8, 0);
    }
  sudog_w (vm, s)->next = 0;
  sudog_w (vm, s)->prev = 0;
}

/* Completes a waiter's operation: its goroutine finds the sudog in
 * GmlG.param when it runs again (goready: into runnext). */
static void
complete (GmlVm    *vm,
          guint64   s,
          gboolean  success,
          gboolean  ready)
{
  guint64 g = sudog_r (vm, s)->g;

  sudog_w (vm, s)->elem = 0;
  sudog_w (vm, s)->success = success;
  gml_g_w (vm, g)->param = s;
  if (ready)
    gml_sched_ready (vm, g, TRUE);
}

/* ------------------------------------------------------------------ */
/* Transfers                                                           */

/* send: to a waiting receiver, straight into its destination. */
static void
send_direct (GmlVm   *vm,
             guint64  c,
             guint64  s,
             guint64  ep)
{
  guint64 dst = sudog_r (vm, s)->elem;

  if (dst != 0)
    gml_op_typed_store (vm, dst, ep, chan_elem (vm, c));
  complete (vm, s, TRUE, TRUE);
}

/* recv: from a waiting sender.  On a buffered channel the buffer is full:
 * take its head and put the sender's value at its tail. */
static void
recv_direct (GmlVm   *vm,
             guint64  c,
             guint64  s,
             guint64  ep)
{
  GmlType *et = chan_elem (vm, c);
  guint64 src = sudog_r (vm, s)->elem;

  if (cget (vm, c, C_DATAQSIZ) == 0)
    {
      if (ep != 0)
        gml_op_typed_store (vm, ep, src, et);
    }
  else
    {
      guint64 qp = chan_slot (vm, c, cget (vm, c, C_RECVX));

      if (ep != 0)
        gml_op_typed_store (vm, ep, qp, et);
      gml_op_typed_store (vm, qp, src, et);
      chan_advance (vm, c, C_RECVX);
      cset (vm, c, C_SENDX, cget (vm, c, C_RECVX));
    }
  complete (vm, s, TRUE, TRUE);
}

static void
buf_put (GmlVm   *vm,
         guint64  c,
         guint64  ep)
{
  gml_op_typed_store (vm, chan_slot (vm, c, cget (vm, c, C_SENDX)), ep, chan_elem (vm, c));
  chan_advance (vm, c, C_SENDX);
  cset (vm, c, C_QCOUNT, cget (vm, c, C_QCOUNT) + 1);
}

static void
buf_take (GmlVm   *vm,
          guint64  c,
          guint64  ep)
{
  GmlType *et = chan_elem (vm, c);
  guint64 qp = chan_slot (vm, c, cget (vm, c, C_RECVX));

  if (ep != 0)
    gml_op_typed_store (vm, ep, qp, et);
  gml_op_typed_zero (vm, qp, et);
  chan_advance (vm, c, C_RECVX);
  cset (vm, c, C_QCOUNT, cget (vm, c, C_QCOUNT) - 1);
}

/* The non-blocking part of chansend. */
static OpResult
try_send (GmlVm   *vm,
          guint64  c,
          guint64  ep)
{
  guint64 s;

  if (chan_closed (vm, c))
    return OP_CLOSED;
  if ((s = dequeue (vm, c + C_RECVQ)) != 0)
    {
      send_direct (vm, c, s, ep);
      return OP_DONE;
    }
  if (cget (vm, c, C_QCOUNT) < cget (vm, c, C_DATAQSIZ))
    {
      buf_put (vm, c, ep);
      return OP_DONE;
    }
  return OP_WAIT;
}

/* The non-blocking part of chanrecv; *ok is FALSE for a closed, drained
 * channel (whose zero value is stored). */
static OpResult
try_recv (GmlVm    *vm,
          guint64   c,
          guint64   ep,
          gboolean *ok)
{
  guint64 s;

  *ok = TRUE;
  if (chan_closed (vm, c))
    {
      if (cget (vm, c, C_QCOUNT) == 0)
        {
          if (ep != 0)
            gml_op_typed_zero (vm, ep, chan_elem (vm, c));
          *ok = FALSE;
          return OP_DONE;
        }
    }
  else if ((s = dequeue (vm, c + C_SENDQ)) != 0)
    {
      recv_direct (vm, c, s, ep);
      return OP_DONE;
    }
  if (cget (vm, c, C_QCOUNT) > 0)
    {
      buf_take (vm, c, ep);
      return OP_DONE;
    }
  return OP_WAIT;
}

/* ------------------------------------------------------------------ */
/* Parking                                                             */

static GmlNativeResult
park_forever (GmlVm         *vm,
              GmlWaitReason  reason)
{
  GmlG *g = gml_g_w (vm, vm->rt.cur_g);

  g->retry = RETRY_FOREVER;
  g->sudogs = 0;
  g->param = 0;
  gml_sched_park (vm, reason);
  return GML_NATIVE_BLOCK;
}

static GmlNativeResult
park_on (GmlVm         *vm,
         guint64        c,
         guint          queue,
         guint64        ep,
         GmlWaitReason  reason)
{
  guint64 s = sudog_new (vm, c, ep);
  GmlG *g;

  enqueue (vm, c + queue, s);
  g = gml_g_w (vm, vm->rt.cur_g);
  g->sudogs = s;
  g->param = 0;
  g->retry = RETRY_CHAN;
  gml_sched_park (vm, reason);
  return GML_NATIVE_BLOCK;
}

/* Back from parking: the completed sudog, released; or 0 (and parked
 * again) when nothing woke this goroutine's operation. */
static guint64
unpark (GmlVm         *vm,
        GmlWaitReason  reason,
        gboolean      *success)
{
  GmlG *g = gml_g_w (vm, vm->rt.cur_g);
  guint64 s = g->param;

  if (g->retry == RETRY_FOREVER || s == 0)
    {
      gml_sched_park (vm, reason);
      return 0;
    }
  g->sudogs = 0;
  g->param = 0;
  g->retry = RETRY_NONE;
  *success = sudog_r (vm, s)->success;
  sudog_free (vm, s);
  return s;
}

static GmlNativeResult
send_on_closed (GmlVm *vm)
{
  gml_vm_panic_plain (vm, "send on closed channel");
  return GML_NATIVE_PANIC;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

guint64
gml_chan_make (GmlVm   *vm,
               GmlType *chan_type,
               gint64   size)
{
  const ChanInfo *info = gml_type_underlying (chan_type)->rt;
  guint64 esize, mem, c, buf;

  g_assert (info != NULL);
  esize = (guint64) gml_type_size (info->elem);
  if (esize >= 1 << 16)
    {
      gml_vm_fatal (vm, "makechan: invalid channel element type");
      return 0;
    }
  if (size < 0 || (esize > 0 && (guint64) size > (MAX_ALLOC - HCHAN_SIZE) / esize))
    {
      gml_vm_panic_plain (vm, "makechan: size out of range");
      return 0;
    }
  mem = esize * (guint64) size;
  if (mem == 0 || !info->elem->has_pointers)
    {
      /* One pointer-free object: the hchan, then the buffer. */
      c = gml_vm_alloc (vm, info->hchan_noscan, 1, (gsize) (HCHAN_SIZE + mem));
      if (c == 0)
        return 0;
      cset (vm, c, C_BUF, mem == 0 ? c + C_BUF : c + HCHAN_SIZE);
    }
  else
    {
      c = gml_vm_alloc (vm, info->hchan, 1, HCHAN_SIZE);
      if (c == 0 || (buf = gml_vm_alloc (vm, info->elem, (guint32) size, (gsize) mem)) == 0)
        return 0;
      gml_gc_write_barrier (vm, c + C_BUF, 0, buf);
      cset (vm, c, C_BUF, buf);
    }
  gml_mem_set_u16 (vm->mem, c + C_ELEMSIZE, (guint16) esize);
  cset (vm, c, C_ELEMTYPE, gml_image_typedesc (vm->image, info->elem));
  cset (vm, c, C_DATAQSIZ, (guint64) size);
  return c;
}

gint64
gml_chan_len (GmlVm    *vm,
              guint64   c,
              gboolean  cap)
{
  if (c == 0)
    return 0;
  return (gint64) cget (vm, c, cap ? C_DATAQSIZ : C_QCOUNT);
}

GmlNativeResult
gml_chan_send (GmlVm   *vm,
               guint64  c,
               guint64  elem)
{
  gboolean success;

  if (gml_g_r (vm, vm->rt.cur_g)->retry != RETRY_NONE)
    {
      if (unpark (vm, GML_WAIT_CHAN_SEND, &success) == 0)
        return GML_NATIVE_BLOCK;
      return success ? GML_NATIVE_OK : send_on_closed (vm);
    }
  if (c == 0)
    return park_forever (vm, GML_WAIT_CHAN_SEND_NIL);
  switch (try_send (vm, c, elem))
    {
    case OP_DONE:
      return GML_NATIVE_OK;
    case OP_CLOSED:
      return send_on_closed (vm);
    case OP_WAIT:
    default:
      return park_on (vm, c, C_SENDQ, elem, GML_WAIT_CHAN_SEND);
    }
}

GmlNativeResult
gml_chan_recv (GmlVm   *vm,
               guint64  c,
               guint64  dst,
               guint64  ok)
{
  gboolean received;

  if (gml_g_r (vm, vm->rt.cur_g)->retry != RETRY_NONE)
    {
      /* The sender wrote to dst, or close cleared it. */
      if (unpark (vm, GML_WAIT_CHAN_RECEIVE, &received) == 0)
        return GML_NATIVE_BLOCK;
    }
  else if (c == 0)
    return park_forever (vm, GML_WAIT_CHAN_RECEIVE_NIL);
  else if (try_recv (vm, c, dst, &received) == OP_WAIT)
    return park_on (vm, c, C_RECVQ, dst, GML_WAIT_CHAN_RECEIVE);
  if (ok != 0)
    gml_mem_set_u8 (vm->mem, ok, (guint8) received);
  return GML_NATIVE_OK;
}

/* closechan: receivers get zero values and ok == false, senders panic
 * when they run again.  Go readies them from a stack, so the last waiter
 * queued runs last... and the first one, put in runnext last, runs next. */
GmlNativeResult
gml_chan_close (GmlVm   *vm,
                guint64  c)
{
  g_autoptr (GArray) woken = g_array_new (FALSE, FALSE, sizeof (guint64));
  GmlType *et;
  guint64 s;

  if (c == 0)
    {
      gml_vm_panic_plain (vm, "close of nil channel");
      return GML_NATIVE_PANIC;
    }
  if (chan_closed (vm, c))
    {
      gml_vm_panic_plain (vm, "close of closed channel");
      return GML_NATIVE_PANIC;
    }
  gml_mem_set_u32 (vm->mem, c + C_CLOSED, 1);
  et = chan_elem (vm, c);
  while ((s = dequeue (vm, c + C_RECVQ)) != 0)
    {
      if (sudog_r (vm, s)->elem != 0)
        gml_op_typed_zero (vm, sudog_r (vm, s)->elem, et);
      complete (vm, s, FALSE, FALSE);
      g_array_append_val (woken, sudog_r (vm, s)->g);
    }
  while ((s = dequeue (vm, c + C_SENDQ)) != 0)
    {
      complete (vm, s, FALSE, FALSE);
      g_array_append_val (woken, sudog_r (vm, s)->g);
    }
  for (guint i = woken->len; i > 0; i--)
    gml_sched_ready (vm, g_array_index (woken, guint64, i - 1), TRUE);
  return GML_NATIVE_OK;
}

/* ------------------------------------------------------------------ */
/* select                                                              */

typedef struct
{
  GmlSelectCase *cases;   /* as laid out by the compiler */
  guint          n;
  guint         *scases;  /* Go's scase order: sends, then receives reversed */
  guint          nsends;
  guint         *pollorder;
  guint         *lockorder;
  guint          norder;
} Select;

static void
select_load (GmlVm   *vm,
             Select  *sel,
             guint64  cases,
             guint    n)
{
  guint nrecvs = 0;

  sel->n = n;
  sel->cases = g_new0 (GmlSelectCase, n);
  sel->scases = g_new0 (guint, n);
  sel->pollorder = g_new0 (guint, n);
  sel->lockorder = g_new0 (guint, n);
  gml_mem_read (vm->mem, cases, sel->cases, n * sizeof (GmlSelectCase));
  sel->nsends = 0;
  for (guint i = 0; i < n; i++)
    if (sel->cases[i].dir == GML_SELECT_SEND)
      sel->scases[sel->nsends++] = i;
    else
      sel->scases[n - ++nrecvs] = i;
}

static void
select_free (Select *sel)
{
  g_free (sel->cases);
  g_free (sel->scases);
  g_free (sel->pollorder);
  g_free (sel->lockorder);
}

static guint64
sortkey (const Select *sel,
         guint         o)
{
  return sel->cases[sel->scases[o]].chan;
}

/* pollorder: a random permutation of the cases with channels; lockorder:
 * the same cases sorted by channel address, by Go's heap sort. */
static void
select_orders (GmlVm  *vm,
               Select *sel)
{
  guint *po = sel->pollorder, *lo = sel->lockorder, n = 0;

  for (guint i = 0; i < sel->n; i++)
    {
      guint j;

      if (sortkey (sel, i) == 0)
        continue;
      j = gml_fastrandn (vm, n + 1);
      po[n] = po[j];
      po[j] = i;
      n++;
    }
  sel->norder = n;
  for (guint i = 0; i < n; i++)
    {
      guint j = i;
      guint64 c = sortkey (sel, po[i]);

      while (j > 0 && sortkey (sel, lo[(j - 1) / 2]) < c)
        {
          guint k = (j - 1) / 2;

          lo[j] = lo[k];
          j = k;
        }
      lo[j] = po[i];
    }
  for (guint i = n; i-- > 0;)
    {
      guint o = lo[i], j = 0;
      guint64 c = sortkey (sel, o);

      lo[i] = lo[0];
      for (;;)
        {
          guint k = j * 2 + 1;

          if (k >= i)
            break;
          if (k + 1 < i && sortkey (sel, lo[k]) < sortkey (sel, lo[k + 1]))
            k++;
          if (c < sortkey (sel, lo[k]))
            {
              lo[j] = lo[k];
              j = k;
              continue;
            }
          break;
        }
      lo[j] = o;
    }
}

/* Pass 1: the first ready case in poll order.  Returns its index in the
 * compiler's case list, or -1; *closed_send is set for a send case on a
 * closed channel. */
static gint
select_poll (GmlVm    *vm,
             Select   *sel,
             gboolean *closed_send)
{
  *closed_send = FALSE;
  for (guint p = 0; p < sel->norder; p++)
    {
      guint ci = sel->scases[sel->pollorder[p]];
      const GmlSelectCase *cs = &sel->cases[ci];
      gboolean ok;

      if (cs->dir == GML_SELECT_SEND)
        {
          OpResult r = try_send (vm, cs->chan, cs->elem);

          if (r == OP_WAIT)
            continue;
          *closed_send = r == OP_CLOSED;
          return (gint) ci;
        }
      if (try_recv (vm, cs->chan, cs->elem, &ok) == OP_DONE)
        {
          if (cs->ok != 0)
            gml_mem_set_u8 (vm->mem, cs->ok, (guint8) ok);
          return (gint) ci;
        }
    }
  return -1;
}

/* Pass 2: a sudog on every channel, in lock order, linked through
 * waitlink from GmlG.sudogs. */
static GmlNativeResult
select_park (GmlVm  *vm,
             Select *sel)
{
  guint64 first = 0, prev = 0;
  GmlG *g;

  for (guint i = 0; i < sel->norder; i++)
    {
      guint ci = sel->scases[sel->lockorder[i]];
      const GmlSelectCase *cs = &sel->cases[ci];
      guint64 s = sudog_new (vm, cs->chan, cs->elem);
      GmlSudog *w = sudog_w (vm, s);

      w->is_select = TRUE;
      w->case_index = ci;
      if (prev != 0)
        sudog_w (vm, prev)->waitlink = s;
      else
        first = s;
      prev = s;
      enqueue (vm, cs->chan + (cs->dir == GML_SELECT_SEND ? C_SENDQ : C_RECVQ), s);
    }
  g = gml_g_w (vm, vm->rt.cur_g);
  g->sudogs = first;
  g->param = 0;
  g->retry = RETRY_SELECT;
  gml_sched_park (vm, GML_WAIT_SELECT);
  return GML_NATIVE_BLOCK;
}

/* Pass 3, when the select runs again: the sudog that fired gives the
 * case; the others leave their channels' queues. */
static GmlNativeResult
select_finish (GmlVm   *vm,
               guint64  result,
               guint64  cases,
               guint    n)
{
  GmlG *g = gml_g_w (vm, vm->rt.cur_g);
  guint64 fired = g->param, s = g->sudogs, next;
  guint ci = 0;
  gboolean success = FALSE;
  GmlSelectCase cs;

  if (fired == 0)
    {
      gml_sched_park (vm, GML_WAIT_SELECT);
      return GML_NATIVE_BLOCK;
    }
  g->sudogs = g->param = 0;
  g->retry = RETRY_NONE;
  for (; s != 0; s = next)
    {
      const GmlSudog *r = sudog_r (vm, s);

      next = r->waitlink;
      if (s == fired)
        {
          ci = r->case_index;
          success = r->success;
        }
      else
        {
          GmlSelectCase other;

          gml_mem_read (vm->mem, cases + (guint64) r->case_index * sizeof other, &other, sizeof other);
          dequeue_sudog (vm, r->chan + (other.dir == GML_SELECT_SEND ? C_SENDQ : C_RECVQ), s);
        }
      sudog_free (vm, s);
    }
  g_assert (ci < n);
  gml_mem_read (vm->mem, cases + (guint64) ci * sizeof cs, &cs, sizeof cs);
  if (cs.dir == GML_SELECT_SEND && !success)
    return send_on_closed (vm);
  if (cs.dir == GML_SELECT_RECV && cs.ok != 0)
    gml_mem_set_u8 (vm->mem, cs.ok, (guint8) success);
  gml_mem_set_u64 (vm->mem, result, ci);
  return GML_NATIVE_OK;
}

/* A select with one case and no default is the plain operation (Go's
 * compiler rewrites it so), with its wait reasons. */
static GmlNativeResult
select_single (GmlVm   *vm,
               guint64  result,
               guint64  cases)
{
  GmlSelectCase cs;
  GmlNativeResult r;

  gml_mem_read (vm->mem, cases, &cs, sizeof cs);
  if (cs.dir == GML_SELECT_SEND)
    r = gml_chan_send (vm, cs.chan, cs.elem);
  else
    r = gml_chan_recv (vm, cs.chan, cs.elem, cs.ok);
  if (r == GML_NATIVE_OK)
    gml_mem_set_u64 (vm->mem, result, 0);
  return r;
}

/* selectgo */
GmlNativeResult
gml_chan_select (GmlVm    *vm,
                 guint64   result,
                 guint64   cases,
                 guint     n,
                 gboolean  has_default)
{
  guint32 retry = gml_g_r (vm, vm->rt.cur_g)->retry;
  gboolean closed_send;
  GmlNativeResult r;
  Select sel;
  gint ci;

  if (n == 1 && !has_default)
    return select_single (vm, result, cases);
  if (retry == RETRY_SELECT)
    return select_finish (vm, result, cases, n);
  if (retry == RETRY_FOREVER)
    return park_forever (vm, GML_WAIT_SELECT_NO_CASES);
  if (n == 0)
    {
      if (!has_default)
        return park_forever (vm, GML_WAIT_SELECT_NO_CASES);
      gml_mem_set_u64 (vm->mem, result, 0);
      return GML_NATIVE_OK;
    }
  select_load (vm, &sel, cases, n);
  select_orders (vm, &sel);
  ci = select_poll (vm, &sel, &closed_send);
  if (ci >= 0)
    {
      gml_mem_set_u64 (vm->mem, result, (guint64) ci);
      r = closed_send ? send_on_closed (vm) : GML_NATIVE_OK;
    }
  else if (has_default)
    {
      gml_mem_set_u64 (vm->mem, result, n);
      r = GML_NATIVE_OK;
    }
  else
    r = select_park (vm, &sel);
  select_free (&sel);
  return r;
}
