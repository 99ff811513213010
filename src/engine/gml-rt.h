/* gml-rt.h: the simulated Go runtime's private state, shared by the VM,
 * heap, stacks, scheduler, channels, maps and GC.
 *
 * All runtime state is either
 *   - in simulated memory (gml-mem): the program's data and the runtime's
 *     bookkeeping records (spans, goroutines, wait queues) in the metadata
 *     region, or
 *   - in GmlRt, a fixed-size plain struct of numbers and simulated addresses
 *     (no host pointers), copied verbatim into every checkpoint.
 * Host-side structures may only cache what can be derived from those two,
 * so a replay VM restored from a checkpoint behaves identically.
 *
 * Metadata records accessed through host pointers (GmlSpan, GmlG, ...) are
 * allocated at addresses aligned to a power of two at least their size, so
 * they never straddle a page; arrays are accessed element by element.
 */
#pragma once

#include <glib.h>

#include "gml-event.h"
#include "gml-mem.h"
#include "gml-sizeclass.h"
#include "gml-types.h"

G_BEGIN_DECLS

typedef struct _GmlVm    GmlVm;
typedef struct _GmlImage GmlImage;

/* ------------------------------------------------------------------ */
/* The simulated address space (linux/amd64-like).                      */

#define GML_TEXT_BASE     G_GUINT64_CONSTANT (0x401000)
#define GML_RODATA_BASE   G_GUINT64_CONSTANT (0x4a0000)
#define GML_DATA_BASE_MIN G_GUINT64_CONSTANT (0x540000)
#define GML_ARENA_BASE    G_GUINT64_CONSTANT (0xc000000000)
#define GML_ARENA_LIMIT   G_GUINT64_CONSTANT (0xd000000000)   /* 64 GiB */
#define GML_META_BASE     G_GUINT64_CONSTANT (0x7f0000000000)
/* page index -> span record, one u64 per 8 KiB arena page */
#define GML_SPANMAP_BASE  G_GUINT64_CONSTANT (0x7f8000000000)
/* the metadata heap for records and arrays */
#define GML_METAHEAP_BASE G_GUINT64_CONSTANT (0x7f0000001000)

/* ------------------------------------------------------------------ */
/* Metadata heap: power-of-two classes from 16 B to 64 KiB.             */

#define GML_META_MIN_SHIFT 4
#define GML_META_CLASSES   13     /* 16 .. 65536 */

guint64  gml_meta_alloc  (GmlVm *vm, gsize size);   /* zeroed, aligned to its class */
void     gml_meta_free   (GmlVm *vm, guint64 addr, gsize size);

/* Host pointer to a metadata record (read-only / writable). */
#define GML_META_R(vm, T, addr) ((const T *) (gconstpointer) gml_mem_r ((vm)->mem, (addr)))
#define GML_META_W(vm, T, addr) ((T *) (gpointer) gml_mem_w ((vm)->mem, (addr)))

/* ------------------------------------------------------------------ */
/* Spans                                                               */

typedef enum
{
  GML_SPAN_FREE,
  GML_SPAN_IN_USE,     /* heap objects */
  GML_SPAN_STACK,      /* goroutine stacks (mSpanManual in Go) */
} GmlSpanState;

/* One per span; 128 bytes at a 128-aligned metadata address. */
typedef struct
{
  guint64 base;         /* first byte */
  guint64 next, prev;   /* mcentral / free-stack lists */
  guint64 allnext;      /* list of every span ever in use, for the sweeper */
  guint64 allocbits;    /* bitmap: slot allocated (after sweep: marked) */
  guint64 markbits;     /* bitmap: slot marked in the current cycle */
  guint64 objinfo;      /* per slot: GmlObjInfo */
  guint32 npages;       /* 8 KiB pages */
  guint32 elemsize;
  guint32 nelems;
  guint32 alloc_count;
  guint32 freeindex;
  guint32 sweepgen;
  guint8  spanclass;
  guint8  state;        /* GmlSpanState */
  guint8  in_cache;     /* cached by some P's mcache */
  guint8  list;         /* which mcentral list it is on: 0 none, else
                         * (1 partial or 2 full) + 2 * its sweep set */
  guint32 stack_order;  /* GML_SPAN_STACK: log2(stack size / 2 KiB), 0xff for large */
  guint32 free_stacks;  /* GML_SPAN_STACK, small stacks: bit i says the
                         * stack at base + i * size is free */
  guint64 alloc_step;   /* step at which the span was put in use */
} GmlSpan;

/* Per heap slot: what was allocated there (for the GC's pointer scan and
 * the canvas's labels).  8 bytes, element-wise access. */
typedef struct
{
  guint32 type_id;      /* element type (program type table id); 0 = raw bytes */
  guint32 count;        /* number of elements (1 for a single object) */
} GmlObjInfo;

/* ------------------------------------------------------------------ */
/* Processors, goroutines                                              */

#define GML_MAX_PROCS 64

/* One P; 80 bytes.  The mcache's span table is a separate array of
 * GML_NUM_SPAN_CLASSES u64s, the sudog cache one of GML_SUDOG_CACHE. */
typedef struct
{
  guint64 mcache;       /* address of the u64[GML_NUM_SPAN_CLASSES] array */
  guint64 tiny;         /* current tiny block, 0 if none */
  guint64 tinyoffset;
  guint64 runq_head;    /* local run queue, linked through GmlG.schedlink */
  guint64 runq_tail;
  guint64 runnext;
  guint64 curg;         /* goroutine running on this P, 0 if idle */
  guint32 runq_len;
  guint32 id;
  guint64 sudogcache;   /* u64[GML_SUDOG_CACHE] of runtime.sudog objects, or 0 */
  guint32 nsudog;       /* how many of them are cached */
  guint32 pad;
} GmlP;

#define GML_SUDOG_CACHE 128   /* Go's p.sudogbuf */

/* ------------------------------------------------------------------ */
/* The registers: everything not in simulated memory.                   */

typedef struct
{
  /* Time and randomness */
  guint64 step;             /* steps executed so far */
  guint64 nanotime;         /* simulated clock, ns since start */
  guint64 rng;              /* fastrand state */

  /* Metadata heap */
  guint64 meta_top;
  guint64 meta_free[GML_META_CLASSES];

  /* Page heap */
  guint64 arena_end;        /* first arena byte never handed out */
  guint64 free_runs;        /* sorted list of free page runs (GmlRun records) */
  /* mheap_.central: the address of u64[4][GML_NUM_SPAN_CLASSES], the
   * heads of the mcentral lists, as Go's partial and full spanSets:
   * partial, full, then the same for the second sweep set.  The set
   * sweepgen / 2 % 2 holds the spans swept in this cycle, the other those
   * not yet swept; the flip of sweepgen swaps their roles. */
  guint64 central;
  guint64 allspans;         /* every span in use (heap or stack), newest first */
  guint32 sweepgen;         /* mheap_.sweepgen: +2 per GC */
  guint32 nprocs;           /* GOMAXPROCS */
  guint64 ps[GML_MAX_PROCS];/* GmlP records */
  guint32 curp;             /* P running now */
  guint32 pad0;

  /* Heap statistics (runtime.MemStats) */
  guint64 nmalloc;          /* Mallocs: objects allocated, tiny ones included */
  guint64 nfree;            /* Frees */
  guint64 total_alloc;      /* TotalAlloc: bytes (size-class sizes) */
  guint64 heap_alloc;       /* HeapAlloc: bytes of allocated, unswept-or-live objects */
  guint64 heap_inuse;       /* HeapInuse: bytes in in-use heap spans */
  guint64 stack_inuse;      /* StackInuse: bytes in stack spans */
  guint64 heap_sys;         /* arena bytes obtained */
  guint64 heap_live;        /* the pacer's heapLive (span-granular) */
  guint64 tiny_allocs;

  /* Scheduler (gml-sched.c) */
  guint64 cur_goid;         /* goroutine running now (0 = runtime) */
  guint64 last_step_goid;   /* goroutine that ran the last step (0 = GC) */
  guint64 cur_g;            /* its record, 0 when none */
  guint64 main_g;
  guint64 allgs;            /* oldest first, linked through GmlG.allnext */
  guint64 allgs_tail;
  guint64 free_gs;          /* dead goroutines for reuse (gfree list) */
  guint64 sudog_central;    /* sched.sudogcache: runtime.sudog objects linked through next */
  guint64 next_goid;
  guint64 global_runq_head, global_runq_tail;
  guint64 sleepers;         /* goroutines in time.Sleep, sorted by wake time */
  guint64 gc_waiters;       /* goroutines in runtime.GC waiting for a cycle */
  guint32 ngoroutines;      /* live ones, runtime.NumGoroutine */
  guint32 quantum_left;
  guint32 exited;           /* the program has ended */
  gint32  exit_code;
  guint64 nested_steps;     /* steps run inside synchronous calls (fmt -> String) */
  guint64 start_stack_size; /* startingStackSize (adaptive in Go 1.19) */
  guint64 stackpool[4];     /* stack spans with free small stacks, by order
                             * (2, 4, 8, 16 KiB), linked through next */

  /* Garbage collector (gml-gc.c) */
  guint32 gc_phase;         /* GmlGcPhase */
  guint32 gc_cycle;         /* cycles started (work.cycles) */
  guint32 numgc;            /* cycles completed (memstats.numgc) */
  guint32 num_forced;       /* NumForcedGC */
  guint32 gc_forced;        /* the current cycle was started by runtime.GC */
  gint32  gcpercent;
  gint64  memory_limit;
  guint64 sweep_cursor;     /* next span in allspans for the background sweeper */
  guint64 heap_marked;      /* live heap marked by the last cycle */
  guint64 heap_goal;
  guint64 trigger;
  guint64 heap_minimum;
  guint64 last_stack_scan;
  guint64 last_heap_scan;   /* heap bytes scanned by the last cycle (lastHeapScan) */
  guint64 last_heap_goal;   /* the goal of the cycle that just ended (gctrace) */
  guint64 globals_scan;
  double  cons_mark;
  guint64 grey_head;        /* work queue: chunks of addresses (metadata) */
  guint64 grey_count;
  guint64 bytes_marked;
  guint64 scan_work;
  guint64 stack_scan;       /* stack bytes scanned in this cycle */
  guint64 root_g;           /* next goroutine whose stack is a root job */
  guint64 root_g_last;      /* last goroutine of the snapshot */
  guint32 root_phase;       /* 0 globals, 1 stacks, 2 specials and pools, 3 done */
  guint32 root_index;
  guint64 heap0, heap1;     /* heapLive at the start / at mark termination */
  guint64 t_start, t_mark, t_markterm, t_end;  /* simulated ns */
  guint64 pause_total_ns;
  guint64 last_gc_ns;
  guint64 gc_cpu_ns;
  guint64 assist_work;      /* scan work done by assists this cycle */
  guint32 credit;           /* GC work owed to the background workers (fixed point) */
  guint32 gc_rate;          /* credit earned per mutator step */
  guint32 gc_yielded;       /* the current step already gave the GC its turn */
  guint32 mid_turn;         /* a run stopped inside a turn: resume it directly */
  guint32 mark_drained;     /* marking found no work left: waiting out
                             * GML_NS_MARK_MIN before mark termination */
  guint32 locks;            /* m.locks: a goroutine is pinned (sync.Pool), so the
                             * stop-the-world phases wait */
  guint32 gc_check_failed;
  guint64 specials;         /* finalizer records (GmlSpecial) */
  guint64 finq;             /* queued finalizers */
  guint64 fing;             /* the finalizer goroutine */
  guint64 pools;            /* registered sync.Pool objects (GmlPoolRec) */
  guint64 pause_ns;         /* metadata array u64[256]: MemStats.PauseNs */
  guint64 pause_end;        /* metadata array u64[256]: MemStats.PauseEnd */
  guint64 gc_step_debt;     /* assist steps owed by the running goroutine */
} GmlRt;

/* A free run of pages in the page heap; 32 bytes. */
typedef struct
{
  guint64 base;
  guint64 npages;
  guint64 next;
  guint64 pad;
} GmlRun;

/* The parts of the VM the runtime modules share.  The complete definition
 * of GmlVm (interpreter registers, hooks) is in gml-vm.h. */
struct _GmlVm
{
  GmlMem         *mem;
  GmlRt           rt;
  const GmlImage *image;    /* compiled program; NULL in runtime unit tests */
  GmlEventSink   *sink;     /* NULL when nobody listens */
  gpointer        priv;     /* interpreter state (gml-vm.c) */
};

/* TRUE when the sink takes the fine events too (a replay for the canvas),
 * so work that only feeds them can be skipped otherwise. */
static inline gboolean
gml_vm_emits_fine (GmlVm *vm)
{
  return vm->sink != NULL && vm->sink->fine;
}

static inline void
gml_vm_emit (GmlVm        *vm,
             GmlEventKind  kind,
             guint64       a,
             guint64       b,
             guint64       c,
             guint64       d)
{
  GmlEventSink *sink = vm->sink;

  if (G_UNLIKELY (sink != NULL) && (sink->fine || gml_event_kind_coarse (kind)))
    {
      GmlEvent e = { vm->rt.step, (guint16) kind, 0, (guint32) vm->rt.cur_goid, a, b, c, d };

      sink->emit (sink, &e);
    }
}

/* Bitmaps in metadata, one bit per slot. */
gboolean gml_bitmap_get       (GmlVm    *vm,
                               guint64   bitmap,
                               guint32   i);
void     gml_bitmap_set       (GmlVm    *vm,
                               guint64   bitmap,
                               guint32   i,
                               gboolean  value);

#define GML_ZEROBASE_ADDR (GML_RODATA_BASE)   /* runtime.zerobase lives first in rodata */

G_END_DECLS
