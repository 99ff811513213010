/* gml-interp.h: the interpreter's internals, shared by gml-vm.c (the
 * dispatch loop), gml-sched.c, gml-stack.c, gml-panic.c and gml-vm-ops.c.
 */
#pragma once

#include "gml-vm-private.h"

G_BEGIN_DECLS

/* Special return addresses. */
#define GML_RET_GOEXIT   G_GUINT64_CONSTANT (0)  /* the goroutine's entry function returns */
#define GML_RET_SYNC     G_GUINT64_CONSTANT (1)  /* back to a native (gml_vm_call_sync) */
#define GML_RET_PANIC    G_GUINT64_CONSTANT (2)  /* a deferred call run by a panic returns */

/* Read-only data layout (at GML_RODATA_BASE). */
#define GML_RO_ZEROBASE_OFF       0      /* unused: zerobase is in the data segment */
#define GML_RO_ZEROVAL_OFF        0x100  /* runtime.zeroVal: 1024 zero bytes */
#define GML_RO_ZEROVAL_SIZE       1024
#define GML_RO_STATICUINT64S_OFF  0x500  /* runtime.staticuint64s[256] */
#define GML_RO_TYPEDESC_OFF       0x1000 /* type descriptors follow */
#define GML_TYPEDESC_SIZE         32

struct _GmlVmPriv
{
  GmlVmConfig      config;
  GmlVmOutputFunc  out_func;
  gpointer         out_data;
  GmlStepLog      *step_log;    /* statement ids; borrowed */
  gboolean         is_replay;
  guint            nested;      /* depth of gml_vm_call_sync */
  guint64          step_target; /* gml_vm_run stops when rt.step reaches it */
  guint64          fast_until;  /* steps below this need none of step_begin's
                                 * checks; gml_vm_step_check() resets it */
  guint64          watch_goid;  /* gml_vm_watch_depth(), or 0 */
  guint64          watch_depth;
  gboolean         watch_fired;
  GArray          *sync;        /* SyncFrame: synchronous calls in progress */
  struct _GmlFmtHost *fmt_host; /* gml-native-fmt.c, created on first use */
  char            *preprint_throw; /* what the last String/Error method that
                                    * panicked makes preprintpanics throw */
  struct _GmlGcReach *reach;    /* gml-gc.c: set while the heap checker walks
                                 * the reachable objects (no side effects) */
  GArray          *scan_objects; /* gml-gc.c: scan_stack's scratch, kept */
  GArray          *scan_pending;

  /* Cached type ids of runtime types used by the runtime itself. */
  GmlType         *t_error_string;  /* runtime.errorString */
  GmlType         *t_plain_error;   /* runtime.plainError */
  GmlType         *t_bounds_error;  /* runtime.boundsError */
  GmlType         *t_assert_error;  /* *runtime.TypeAssertionError */
  GmlType         *t_g;             /* runtime.g */
  GmlType         *t_sudog;         /* runtime.sudog */
  GmlType         *t_string;
  GmlType         *t_empty_iface;
};

#define VM_PRIV(vm) ((GmlVmPriv *) (vm)->priv)

/* Whatever changes what a step must check (the step target, the quantum
 * going down, the GC phase, a nested run) calls this: the next step
 * checks everything again. */
static inline void
gml_vm_step_check (GmlVm *vm)
{
  VM_PRIV (vm)->fast_until = 0;
}

/* How a goroutine's turn ended. */
typedef enum
{
  GML_TURN_YIELD,      /* quantum or step target reached: runnable */
  GML_TURN_BLOCKED,    /* parked */
  GML_TURN_DEAD,       /* the goroutine finished */
  GML_TURN_EXIT,       /* the program ended */
  GML_TURN_SYNC_DONE,  /* a synchronous call returned (nested interpreter) */
  GML_TURN_SYNC_PANIC, /* a synchronous call panicked */
} GmlTurn;

/* Runs the current goroutine (rt.cur_g) from its saved state. */
GmlTurn  gml_interp_run       (GmlVm   *vm);

/* Until called again with goid 0, gml_vm_run stops before goroutine
 * `goid` begins a statement at most `depth` bytes below the top of its
 * stack (how deep its frame is: copying the stack keeps it), and
 * gml_vm_watch_fired() is TRUE.  Step over and out, in one run instead
 * of a run per step.  That goroutine's steps all take step_begin's slow
 * path meanwhile. */
void     gml_vm_watch_depth   (GmlVm   *vm,
                               guint64  goid,
                               guint64  depth);
gboolean gml_vm_watch_fired   (GmlVm   *vm);

/* Text addresses. */
static inline guint64
gml_text_addr (const GmlCode *code,
               guint          pc)
{
  return code->entry + (guint64) pc * 4;
}

/* Frames. */
const GmlCode *gml_frame_code  (GmlVm   *vm,
                                guint64  ret_addr_of_callee,
                                guint   *pc);

/* Stacks (gml-stack.c). */
gboolean gml_stack_alloc      (GmlVm   *vm,
                               guint64  g,
                               guint64  size);
void     gml_stack_free       (GmlVm   *vm,
                               guint64  g);
/* Grows g's stack so that `need` more bytes fit below `sp` (the frame at
 * `fp` is about to call; its `args_size` bytes of arguments at sp are
 * adjusted too); returns the displacement (new - old) or FALSE with a fatal
 * error raised. */
gboolean gml_stack_grow       (GmlVm   *vm,
                               guint64  g,
                               guint64  fp,
                               guint64  sp,
                               guint64  need,
                               guint64  args_size,
                               gint64  *delta);

/* A frame of a stopped goroutine. */
typedef struct
{
  guint64        g;
  const GmlCode *code;
  guint          pc;     /* index of the next instruction */
  guint64        fp;
} GmlFrame;

/* The innermost frame of a goroutine that is not running, then its callers. */
gboolean gml_frame_first      (GmlVm    *vm,
                               guint64   g,
                               GmlFrame *frame);
gboolean gml_frame_next       (GmlVm    *vm,
                               GmlFrame *frame);

/* Synchronous calls (gml_vm_call_sync) keep the calling frame's pc on the
 * host side; frame walks and stack copies ask for it. */
gboolean gml_vm_sync_caller   (GmlVm          *vm,
                               guint64         caller_fp,
                               const GmlCode **code,
                               guint          *pc);
gboolean gml_vm_sync_unwinds_out (GmlVm        *vm);
void     gml_vm_sync_adjust   (GmlVm          *vm,
                               guint64         lo,
                               guint64         hi,
                               gint64          delta);

/* The scheduler (gml-sched.c). */
gboolean gml_sched_turn       (GmlVm          *vm);
void     gml_sched_sleep      (GmlVm          *vm,
                               guint64         g,
                               guint64         wake_at);
/* "fatal error: all goroutines are asleep - deadlock!" */
void     gml_vm_deadlock      (GmlVm          *vm);
void     gml_stack_maybe_shrink (GmlVm *vm,
                                 guint64 g);

/* Panics (gml-panic.c).  The interpreter calls gml_panic_unwind whenever a
 * goroutine has a panic in progress; it sets up the next deferred call or
 * the recovery point in g's saved state, or ends the program. */
typedef enum
{
  GML_UNWIND_CONTINUE, /* g's saved pc/fp point where to continue */
  GML_UNWIND_FATAL,    /* the program ended */
} GmlUnwind;

GmlUnwind gml_panic_unwind    (GmlVm   *vm,
                               guint64  g);
/* recover(): the recovered value, or a nil interface. */
void     gml_panic_recover    (GmlVm   *vm,
                               guint64  g,
                               guint64  fp,
                               guint64 *tab,
                               guint64 *data);
/* Prints "goroutine N [status]:" and the frames. */
void     gml_panic_traceback  (GmlVm   *vm,
                               guint64  g,
                               GString *out);

/* Ops with bodies too large for the dispatch loop (gml-vm-ops.c). */
void     gml_op_typed_store   (GmlVm   *vm,
                               guint64  dst,
                               guint64  src,
                               GmlType *type);
void     gml_op_typed_zero    (GmlVm   *vm,
                               guint64  dst,
                               GmlType *type);
gboolean gml_op_equal         (GmlVm   *vm,
                               guint64  a,
                               guint64  b,
                               GmlType *type);
gboolean gml_op_conv_iface    (GmlVm   *vm,
                               guint64  dst,
                               guint64  src,
                               guint64  type_word,
                               GmlType *type,
                               int      box,
                               guint64  frame_box);
gboolean gml_op_assert        (GmlVm   *vm,
                               const GmlInsn *insn,
                               guint64  fp);
gboolean gml_op_iface_eq      (GmlVm   *vm,
                               guint64  a,
                               guint64  b,
                               gboolean nonempty,
                               gboolean *result);
gboolean gml_op_iface_to_iface (GmlVm  *vm,
                                guint64 dst,
                                guint64 src,
                                GmlType *target,
                                gboolean nonempty_src);
guint64  gml_op_iface_dyntype (GmlVm   *vm,
                               guint64  tab,
                               gboolean nonempty);
gboolean gml_op_concat        (GmlVm   *vm,
                               guint64  dst,
                               guint64  strs,
                               guint    n,
                               gboolean heap,
                               guint64  buf);
int      gml_op_strcmp        (GmlVm   *vm,
                               guint64  a,
                               guint64  b);
gboolean gml_op_str_conv      (GmlVm   *vm,
                               GmlOp    op,
                               guint64  dst,
                               guint64  src,
                               GmlKind  kind,
                               gboolean heap,
                               guint64  buf);
void     gml_op_range_string  (GmlVm   *vm,
                               const GmlInsn *insn,
                               guint64  fp);
gboolean gml_op_make_slice    (GmlVm   *vm,
                               guint64  dst,
                               gint64   len,
                               gint64   cap,
                               GmlType *elem);
gboolean gml_op_grow_slice    (GmlVm   *vm,
                               guint64  slice,
                               gint64   newlen,
                               GmlType *elem);
gint64   gml_op_copy          (GmlVm   *vm,
                               guint64  dst_slice,
                               guint64  src,
                               gint64   elem_size,
                               GmlType *elem);
gboolean gml_op_closure       (GmlVm   *vm,
                               const GmlInsn *insn,
                               guint64  fp);
void     gml_op_print         (GmlVm   *vm,
                               guint64  value,
                               GmlType *type,
                               int      flags);
gboolean gml_op_bounds_fail   (GmlVm   *vm,
                               gint64   x,
                               gint64   y,
                               gboolean x_signed,
                               GmlBoundsKind kind);

/* Type helpers. */
GmlType *gml_vm_type          (GmlVm   *vm,
                               guint32  type_id);
GmlType *gml_vm_runtime_type  (GmlVm   *vm,
                               const char *qualified_name);

/* GC pacing at allocation (gml-gc.c). */
void     gml_gc_after_alloc   (GmlVm   *vm,
                               gboolean trigger_test,
                               gsize    size);

G_END_DECLS
