/* gml-vm-private.h: goroutines, frames, natives and panics — what the
 * interpreter shares with the runtime modules (channels, maps, sync,
 * natives, GC, timeline).
 */
#pragma once

#include "gml-image.h"
#include "gml-rt.h"
#include "gml-vm.h"

G_BEGIN_DECLS

/* Stack constants (Go 1.19, linux/amd64). */
#define GML_STACK_MIN    2048
#define GML_STACK_GUARD  928
#define GML_STACK_LIMIT  800     /* _StackLimit: how far below lo+guard a frame may reach */

typedef enum
{
  GML_G_IDLE,
  GML_G_RUNNABLE,
  GML_G_RUNNING,
  GML_G_WAITING,
  GML_G_DEAD,
} GmlGStatus;

/* Why a goroutine waits, as Go's traceback prints it ("chan receive"). */
typedef enum
{
  GML_WAIT_NONE,
  GML_WAIT_CHAN_RECEIVE,
  GML_WAIT_CHAN_SEND,
  GML_WAIT_CHAN_RECEIVE_NIL,
  GML_WAIT_CHAN_SEND_NIL,
  GML_WAIT_SELECT,
  GML_WAIT_SELECT_NO_CASES,
  GML_WAIT_SEMACQUIRE,
  GML_WAIT_SYNC_MUTEX,
  GML_WAIT_SYNC_WAITGROUP,
  GML_WAIT_SLEEP,
  GML_WAIT_GC,                /* runtime.GC waiting for the cycle */
  GML_WAIT_FINALIZER,
  GML_WAIT_FORCEGC,
} GmlWaitReason;

const char *gml_wait_reason_string (GmlWaitReason reason);

/* One goroutine: 256 bytes at a 256-aligned metadata address. */
typedef struct
{
  guint64 goid;
  guint64 stack_lo, stack_hi;   /* [lo, hi) */
  guint64 stack_span;           /* span holding the stack */
  guint64 pc;                   /* text address of the next instruction (when not running) */
  guint64 fp;
  guint32 status;               /* GmlGStatus */
  guint32 wait_reason;          /* GmlWaitReason */
  guint64 schedlink;            /* run queue / wait queue link */
  guint64 allnext;              /* all goroutines, oldest first */
  guint64 defers;               /* GmlDefer list, newest first */
  guint64 panics;               /* GmlPanic list, newest first */
  guint64 sudogs;               /* GmlSudog records this goroutine waits on */
  guint64 param;                /* wake-up parameter (e.g. the sudog that fired, 0 = closed) */
  guint64 wake_at;              /* GML_WAIT_SLEEP: simulated ns */
  guint64 gobj;                 /* the runtime.g heap object (accounting and drawing) */
  guint64 start_code;           /* code index of the entry function */
  guint64 parent_goid;
  guint64 created_pc;           /* text address of the go statement */
  gint64  assist_bytes;         /* GC assist credit */
  guint64 sema;                 /* address waited on by semacquire */
  guint64 ready_step;           /* step when it last became runnable */
  guint32 p;                    /* P it last ran on */
  guint32 retry;                /* TRUE: re-execute the blocking instruction on wake */
  guint64 scan_sp;              /* for the pacer: stack bytes scanned last */
  guint64 gc_wait;              /* runtime.GC: the cycle it waits for */
  guint64 pad[7];
} GmlG;

/* A deferred call; 64 bytes. */
typedef struct
{
  guint64 fn;       /* funcval address */
  guint64 fp;       /* frame that deferred it */
  guint64 next;
  guint64 panic;    /* the panic that started running it, or 0 */
  guint32 started;
  guint32 code;     /* code index of the deferring function */
  guint64 pad[3];
} GmlDefer;

/* An active panic; 128 bytes. */
typedef struct
{
  guint64 tab;      /* interface value: type word */
  guint64 data;     /*                  data word */
  guint64 next;     /* the panic this one interrupted */
  guint32 recovered;
  guint32 aborted;
  guint64 pc;       /* where it happened (text address) */
  guint64 fp;       /* the panicking frame */
  guint64 sp;       /* deferred calls run below this */
  guint64 sig_addr; /* nil dereference: the faulting address */
  guint32 is_signal;
  guint32 is_runtime;
  guint64 pad[5];
} GmlPanic;

/* A goroutine waiting on a channel (runtime.sudog); 64 bytes. */
typedef struct
{
  guint64 g;
  guint64 next, prev;
  guint64 elem;      /* address of the value to send / where to receive */
  guint64 chan;
  guint64 waitlink;  /* next sudog of the same goroutine (select) */
  guint32 is_select;
  guint32 success;
  guint32 case_index;
  guint32 pad;
  guint64 obj;       /* its runtime.sudog heap object (gml_sched_acquire_sudog) */
} GmlSudog;

/* Natives: runtime functions bound to bodyless prelude declarations. */
typedef enum
{
  GML_NATIVE_OK,        /* results written; continue after the call */
  GML_NATIVE_BLOCK,     /* parked; re-execute the call when woken */
  GML_NATIVE_PARK,      /* parked; the waker completes the call: continue after it */
  GML_NATIVE_YIELD,     /* continue after the call, but let others run first */
  GML_NATIVE_PANIC,     /* a panic was started (gml_vm_throw / gml_vm_panic_*) */
  GML_NATIVE_EXIT,      /* the program ends (os.Exit, fatal error) */
} GmlNativeResult;

typedef GmlNativeResult (*GmlNativeFn) (GmlVm *vm, guint64 args);

struct _GmlNative
{
  const char  *name;    /* "fmt.Println", "sync.(*Mutex).Lock" */
  GmlNativeFn  fn;
};

/* Natives are registered per area in tables terminated by { NULL, NULL };
 * the image builder binds bodyless prelude functions by name. */
extern const GmlNative gml_natives_runtime[];   /* gml-native-runtime.c */
extern const GmlNative gml_natives_sync[];      /* gml-native-sync.c */
extern const GmlNative gml_natives_fmt[];       /* gml-native-fmt.c */
extern const GmlNative gml_natives_misc[];      /* gml-native-misc.c: strings, strconv, time, os */

const GmlNative *gml_native_lookup (const char *name);

/* Argument layout of a call (Go's ABI0 on the stack): the receiver (if
 * any) and parameters in order, each aligned to its type's alignment,
 * then the results starting at the next multiple of 8.  Offsets are from
 * the start of the argument area (the callee's FP + 16). */
typedef struct
{
  guint   n_params;
  gint32  param_off[64];
  guint   n_results;
  gint32  result_off[16];
  gint32  size;          /* total, a multiple of 8 */
} GmlAbi;

/* `recv` is the receiver type for methods (else NULL). */
void     gml_abi_layout (GmlType *recv,
                         GmlType *sig,
                         GmlAbi  *abi);

/* Interpreter state that is not in GmlRt (host side, derived). */
typedef struct _GmlVmPriv GmlVmPriv;

/* Accessors for runtime modules. */
static inline GmlG *
gml_g_w (GmlVm   *vm,
         guint64  g)
{
  return GML_META_W (vm, GmlG, g);
}

static inline const GmlG *
gml_g_r (GmlVm   *vm,
         guint64  g)
{
  return GML_META_R (vm, GmlG, g);
}

/* The goroutine running now (its record address). */
guint64  gml_vm_current_g     (GmlVm        *vm);

/* Scheduling (gml-sched.c). */
void     gml_sched_ready      (GmlVm        *vm,
                               guint64       g,
                               gboolean      next);
void     gml_sched_park       (GmlVm        *vm,
                               GmlWaitReason reason);
guint64  gml_sched_new_g      (GmlVm        *vm,
                               guint64       funcval,
                               guint64       args,
                               gsize         args_size,
                               guint64       created_pc);
guint64  gml_sched_find_g     (GmlVm        *vm,
                               guint64       goid);

/* Panics and fatal errors. */
void     gml_vm_panic_value   (GmlVm        *vm,
                               guint64       tab,
                               guint64       data);
void     gml_vm_panic_runtime (GmlVm        *vm,
                               GmlRuntimeError code,
                               const char   *format,
                               ...) G_GNUC_PRINTF (3, 4);
void     gml_vm_panic_plain   (GmlVm        *vm,
                               const char   *message);
/* A runtime.boundsError, a *runtime.TypeAssertionError. */
void     gml_vm_panic_bounds  (GmlVm        *vm,
                               const char   *message);
void     gml_vm_panic_type_assert (GmlVm    *vm,
                                   const char *message);
/* "invalid memory address or nil pointer dereference" with its signal line. */
void     gml_vm_panic_nil     (GmlVm        *vm,
                               guint64       fault_addr);
/* A fatal error (throw): prints "fatal error: msg" and ends the program. */
void     gml_vm_fatal         (GmlVm        *vm,
                               const char   *message);

/* Output of the program (fd 1 = stdout, 2 = stderr). */
void     gml_vm_write         (GmlVm        *vm,
                               int           fd,
                               const char   *data,
                               gsize         len);

/* Allocation through mallocgc, with GC pacing and events.  `type` may be
 * NULL for raw pointer-free bytes. */
guint64  gml_vm_alloc         (GmlVm        *vm,
                               GmlType      *type,
                               guint32       count,
                               gsize         size);

/* Calls a Go function value synchronously from a native (fmt calling
 * String methods).  Runs inside the current step; cannot block.  Returns
 * FALSE if the call panicked (the panic is abandoned, *panic_tab/data get
 * its value). */
gboolean gml_vm_call_sync     (GmlVm        *vm,
                               guint         code_index,
                               const void   *args,
                               gsize         args_size,
                               void         *results,
                               gsize         results_size,
                               guint64      *panic_tab,
                               guint64      *panic_data);

/* Strings in simulated memory.  gml_vm_new_string allocates the bytes and
 * a boxed 16-byte string header (as an interface's data word would point
 * to); returns the header's address, 0 on failure; *out_ptr gets the
 * bytes' address.  gml_vm_read_string copies the string whose header is
 * at str_addr (NUL-terminated; *len may be NULL). */
guint64  gml_vm_new_string    (GmlVm        *vm,
                               const char   *data,
                               gsize         len,
                               guint64      *out_ptr);
char    *gml_vm_read_string   (GmlVm        *vm,
                               guint64       str_addr,
                               gsize        *len);
/* Just the bytes, as a fresh heap object; returns its address (0 when len
 * is 0).  Writes a string header {ptr, len} at `header` if non-zero. */
guint64  gml_vm_alloc_string  (GmlVm        *vm,
                               const char   *data,
                               gsize         len,
                               guint64       header);

/* sync.Pool support for the GC (gml-native-sync.c). */
void     gml_sync_pool_cleanup (GmlVm       *vm);
void     gml_sync_pool_roots   (GmlVm       *vm);
guint64  gml_sync_waiter_sudog (GmlVm       *vm,
                                guint64      g);

/* GOMAXPROCS lowered (gml_heap_set_procs), and the runtime.sudog heap
 * objects of acquireSudog/releaseSudog (gml-sched.c). */
void     gml_sched_procresize    (GmlVm    *vm,
                                  guint     old,
                                  guint     nprocs);
guint64  gml_sched_acquire_sudog (GmlVm    *vm);
void     gml_sched_release_sudog (GmlVm    *vm,
                                  guint64   s);
void     gml_sched_sudog_cleanup (GmlVm    *vm);

/* The finalizer goroutine, started with the first SetFinalizer. */
void     gml_sched_start_fing  (GmlVm       *vm);

/* A GmlFmtHost over this VM's memory (gml-native-fmt.c). */
const struct _GmlFmtHost *gml_vm_fmt_host (GmlVm *vm);

/* Ends the program with an exit status. */
void     gml_vm_exit          (GmlVm        *vm,
                               int           code);
/* Go's printpanicval for an interface value (tab, data).  FALSE when its
 * Error or String method panicked: *method_panic is then what Go's
 * preprintpanics throws after "panic while printing panic value" (the
 * string, or "type T"; caller frees). */
gboolean gml_vm_format_panic_value (GmlVm   *vm,
                                    guint64  tab,
                                    guint64  data,
                                    GString *out,
                                    char   **method_panic);

/* The simulated clock advances this much per statement and per GC unit. */
#define GML_NS_PER_STEP     10
#define GML_NS_PER_GC_UNIT  20
/* The two stop-the-world pauses of a cycle, as Go 1.19 shows them on
 * our 2-core machines (gctrace: tens of microseconds; they grow with the
 * number of Ps to stop, not with the heap). */
#define GML_NS_SWEEP_TERM(procs) (10000 + 5000 * (guint64) (procs))
#define GML_NS_MARK_TERM(procs)  (20000 + 10000 * (guint64) (procs))
/* The concurrent mark phase lasts at least this long, however little
 * there is to mark: Go's workers start, drain and agree that the work is
 * done (gcMarkDone) in 0.1 ms or more of gctrace's clock on a tiny heap.
 * With GOGC set, the clock just moves on at the end of marking (the
 * goroutine whose assist finished the work waits for the cycle, as Go
 * parks it).  With GOGC=off the program allocates on meanwhile (see
 * gml_gc_wants_step).  Calibrated on data/scenarios/gomemlimit.go: at
 * GOMEMLIMIT 12, 16, 20 and 24 MiB Go 1.19 runs 21-27, 20-22, 13-14 and
 * 3-4 cycles, the simulator 22, 20, 11 and 4 (without the minimum, one
 * per allocation below the live heap: some 400). */
#define GML_NS_MARK_MIN 75000

G_END_DECLS
