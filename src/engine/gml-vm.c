/* gml-vm.c: the VM's life cycle and the bytecode dispatch loop.
 *
 * The dispatch loop keeps the running goroutine's registers (code, ip, fp)
 * in locals and everything else in simulated memory, so that stopping at a
 * statement boundary and resuming later — in this VM or a replay VM
 * restored from a checkpoint — is just saving and loading three values.
 */
#include "gml-interp.h"

#include <math.h>
#include <string.h>

#include "gml-chan.h"
#include "gml-gc.h"
#include "gml-heap.h"
#include "gml-map.h"

const char *
gml_op_name (GmlOp op)
{
  static const char *names[] = {
#define X(name, str) str,
#include "gml-op.def"
#undef X
  };

  g_return_val_if_fail (op < GML_N_OPS, "?");
  return names[op];
}

void
gml_vm_config_init (GmlVmConfig *config)
{
  memset (config, 0, sizeof *config);
  config->gogc = 100;
  config->memory_limit = G_MAXINT64;
  config->gomaxprocs = 2;
  config->max_stack = 1000000000;
  config->max_steps = 50000000;
  config->max_heap = G_GUINT64_CONSTANT (4) << 30;
  config->quantum = 50;
}

/* ------------------------------------------------------------------ */
/* Typed slot access                                                   */

static inline G_ALWAYS_INLINE gboolean
kind_is_float (GmlKind k)
{
  return k == GML_KIND_F32 || k == GML_KIND_F64;
}

static inline G_ALWAYS_INLINE gboolean
kind_is_signed (GmlKind k)
{
  return k <= GML_KIND_I64;
}

static inline G_ALWAYS_INLINE guint
kind_width (GmlKind k)
{
  static const guint w[] = { 1, 2, 4, 8, 1, 2, 4, 8, 4, 8, 16 };

  return w[k];
}

/* I64 and U64 (3 and 7): most integer operands, tested before the switch. */
#define KIND_IS_WORD(k) (((k) | 4) == GML_KIND_U64)

/* Values of kind k at a host pointer: a frame slot through the window,
 * or any aligned value through gml_mem_r/w (see ld_int and friends). */
static inline G_ALWAYS_INLINE gint64
ld_int_at (const guint8 *p,
           GmlKind       k)
{
  if (G_LIKELY (KIND_IS_WORD (k)))
    {
      gint64 v;

      memcpy (&v, p, 8);
      return v;
    }
  switch (k)
    {
    case GML_KIND_I8:  return (gint8) p[0];
    case GML_KIND_I16: { gint16 v; memcpy (&v, p, 2); return v; }
    case GML_KIND_I32: { gint32 v; memcpy (&v, p, 4); return v; }
    case GML_KIND_U8:  return p[0];
    case GML_KIND_U16: { guint16 v; memcpy (&v, p, 2); return v; }
    case GML_KIND_U32: { guint32 v; memcpy (&v, p, 4); return v; }
    default:           { gint64 v; memcpy (&v, p, 8); return v; }
    }
}

static inline G_ALWAYS_INLINE void
st_int_at (guint8  *p,
           GmlKind  k,
           guint64  v)
{
  if (G_LIKELY (KIND_IS_WORD (k)))
    {
      memcpy (p, &v, 8);
      return;
    }
  switch (k)
    {
    case GML_KIND_I8: case GML_KIND_U8:   p[0] = (guint8) v; break;
    case GML_KIND_I16: case GML_KIND_U16: { guint16 x = (guint16) v; memcpy (p, &x, 2); } break;
    case GML_KIND_I32: case GML_KIND_U32: { guint32 x = (guint32) v; memcpy (p, &x, 4); } break;
    default:                              memcpy (p, &v, 8); break;
    }
}

static inline G_ALWAYS_INLINE double
ld_flt_at (const guint8 *p,
           GmlKind       k)
{
  if (k == GML_KIND_F32)
    {
      float f;

      memcpy (&f, p, 4);
      return f;
    }
  else
    {
      double d;

      memcpy (&d, p, 8);
      return d;
    }
}

static inline G_ALWAYS_INLINE void
st_flt_at (guint8  *p,
           GmlKind  k,
           double   v)
{
  if (k == GML_KIND_F32)
    {
      float f = (float) v;

      memcpy (p, &f, 4);
    }
  else
    memcpy (p, &v, 8);
}

static inline G_ALWAYS_INLINE guint64
get_u64_at (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, 8);
  return v;
}

static inline G_ALWAYS_INLINE void
set_u64_at (guint8  *p,
            guint64  v)
{
  memcpy (p, &v, 8);
}

/* The same at a simulated address (aligned values never straddle a page). */
static inline G_ALWAYS_INLINE gint64
ld_int (GmlMem  *mem,
        guint64  addr,
        GmlKind  k)
{
  return ld_int_at (gml_mem_r (mem, addr), k);
}

static inline G_ALWAYS_INLINE void
st_int (GmlMem  *mem,
        guint64  addr,
        GmlKind  k,
        guint64  v)
{
  st_int_at (gml_mem_w (mem, addr), k, v);
}

static inline G_ALWAYS_INLINE double
ld_flt (GmlMem  *mem,
        guint64  addr,
        GmlKind  k)
{
  return ld_flt_at (gml_mem_r (mem, addr), k);
}

static inline G_ALWAYS_INLINE void
st_flt (GmlMem  *mem,
        guint64  addr,
        GmlKind  k,
        double   v)
{
  st_flt_at (gml_mem_w (mem, addr), k, v);
}

/* amd64's CVTTSD2SQ: out-of-range and NaN give the "integer indefinite". */
static inline gint64
float_to_int64 (double x)
{
  if (isnan (x) || x >= 9223372036854775808.0 || x < -9223372036854775808.0)
    return G_MININT64;
  return (gint64) x;
}

/* Go's float -> uint64 on amd64. */
static inline guint64
float_to_uint64 (double x)
{
  if (x < 9223372036854775808.0)
    return (guint64) float_to_int64 (x);
  return (guint64) float_to_int64 (x - 9223372036854775808.0) ^ G_GUINT64_CONSTANT (0x8000000000000000);
}

static void
op_conv (GmlMem  *mem,
         guint64  dst,
         GmlKind  dk,
         guint64  src,
         GmlKind  sk)
{
  if (!kind_is_float (dk) && !kind_is_float (sk))
    {
      st_int (mem, dst, dk, (guint64) ld_int (mem, src, sk));
      return;
    }
  if (kind_is_float (dk) && kind_is_float (sk))
    {
      st_flt (mem, dst, dk, ld_flt (mem, src, sk));
      return;
    }
  if (kind_is_float (dk))
    {
      gint64 v = ld_int (mem, src, sk);

      /* Convert in one rounding step, straight to the target width. */
      if (dk == GML_KIND_F32)
        gml_mem_set_f32 (mem, dst, sk == GML_KIND_U64 ? (float) (guint64) v : (float) v);
      else
        gml_mem_set_f64 (mem, dst, sk == GML_KIND_U64 ? (double) (guint64) v : (double) v);
      return;
    }
  {
    double x = ld_flt (mem, src, sk);

    st_int (mem, dst, dk, dk == GML_KIND_U64 ? float_to_uint64 (x) : (guint64) float_to_int64 (x));
  }
}

static gboolean
op_compare_int (GmlOp   op,
                gint64  x,
                gint64  y,
                gboolean is_signed)
{
  guint64 ux = (guint64) x, uy = (guint64) y;

  switch (op)
    {
    case GML_OP_EQ: return x == y;
    case GML_OP_NE: return x != y;
    case GML_OP_LT: return is_signed ? x < y : ux < uy;
    case GML_OP_LE: return is_signed ? x <= y : ux <= uy;
    case GML_OP_GT: return is_signed ? x > y : ux > uy;
    default:        return is_signed ? x >= y : ux >= uy;
    }
}

static gboolean
op_compare_float (GmlOp  op,
                  double x,
                  double y)
{
  switch (op)
    {
    case GML_OP_EQ: return x == y;
    case GML_OP_NE: return x != y;
    case GML_OP_LT: return x < y;
    case GML_OP_LE: return x <= y;
    case GML_OP_GT: return x > y;
    default:        return x >= y;
    }
}

static gboolean
op_compare_string (GmlVm  *vm,
                   GmlOp   op,
                   guint64 x,
                   guint64 y)
{
  int c;

  if (op == GML_OP_EQ || op == GML_OP_NE)
    {
      gsize lx = gml_mem_get_u64 (vm->mem, x + 8), ly = gml_mem_get_u64 (vm->mem, y + 8);
      gboolean eq = lx == ly
                    && gml_mem_equal (vm->mem, gml_mem_get_u64 (vm->mem, x),
                                      gml_mem_get_u64 (vm->mem, y), lx);

      return op == GML_OP_EQ ? eq : !eq;
    }
  c = gml_op_strcmp (vm, x, y);
  switch (op)
    {
    case GML_OP_LT: return c < 0;
    case GML_OP_LE: return c <= 0;
    case GML_OP_GT: return c > 0;
    default:        return c >= 0;
    }
}

/* Integer arithmetic with Go's wrap-around, division and shift rules.
 * Returns FALSE on division by zero. */
static gboolean
op_arith_int (GmlOp    op,
              GmlKind  k,
              gint64   x,
              gint64   y,
              guint64 *out)
{
  guint64 ux = (guint64) x, uy = (guint64) y;
  gboolean s = kind_is_signed (k);
  guint width = kind_width (k) * 8;

  /* Unsigned operands arrive zero-extended, signed ones sign-extended. */
  switch (op)
    {
    case GML_OP_ADD:    *out = ux + uy; return TRUE;
    case GML_OP_SUB:    *out = ux - uy; return TRUE;
    case GML_OP_MUL:    *out = ux * uy; return TRUE;
    case GML_OP_AND:    *out = ux & uy; return TRUE;
    case GML_OP_OR:     *out = ux | uy; return TRUE;
    case GML_OP_XOR:    *out = ux ^ uy; return TRUE;
    case GML_OP_ANDNOT: *out = ux & ~uy; return TRUE;
    case GML_OP_DIV:
    case GML_OP_REM:
      if (y == 0)
        return FALSE;
      if (s)
        {
          if (y == -1)
            *out = op == GML_OP_DIV ? (guint64) 0 - ux : 0;
          else
            *out = (guint64) (op == GML_OP_DIV ? x / y : x % y);
        }
      else
        *out = op == GML_OP_DIV ? ux / uy : ux % uy;
      return TRUE;
    case GML_OP_SHL:
      *out = uy >= 64 ? 0 : ux << uy;
      return TRUE;
    case GML_OP_SHR:
      if (s)
        *out = (guint64) (uy >= 64 ? (x < 0 ? -1 : 0) : x >> uy);
      else
        *out = uy >= 64 ? 0 : ux >> uy;
      (void) width;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static double
op_arith_float (GmlOp   op,
                GmlKind k,
                double  x,
                double  y)
{
  /* Computing a float32 operation in double and rounding once gives the
   * correctly rounded float32 result for + - * /. */
  switch (op)
    {
    case GML_OP_ADD: return k == GML_KIND_F32 ? (float) ((float) x + (float) y) : x + y;
    case GML_OP_SUB: return k == GML_KIND_F32 ? (float) ((float) x - (float) y) : x - y;
    case GML_OP_MUL: return k == GML_KIND_F32 ? (float) ((float) x * (float) y) : x * y;
    default:         return k == GML_KIND_F32 ? (float) ((float) x / (float) y) : x / y;
    }
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

void
gml_vm_write (GmlVm      *vm,
              int         fd,
              const char *data,
              gsize       len)
{
  GmlVmPriv *priv = VM_PRIV (vm);

  if (len == 0)
    return;
  gml_vm_emit (vm, GML_EVENT_OUTPUT, (guint64) fd, 0, len, 0);
  if (priv->out_func != NULL && !priv->is_replay)
    priv->out_func (fd, data, len, priv->out_data);
}

/* ------------------------------------------------------------------ */
/* Types                                                               */

GmlType *
gml_vm_type (GmlVm   *vm,
             guint32  type_id)
{
  return gml_type_table_get (vm->image->program->types, type_id);
}

GmlType *
gml_vm_runtime_type (GmlVm      *vm,
                     const char *qualified_name)
{
  return gml_program_lookup_type (vm->image->program, qualified_name);
}

guint64
gml_vm_current_g (GmlVm *vm)
{
  return vm->rt.cur_g;
}

const GmlCode *
gml_frame_code (GmlVm   *vm,
                guint64  ret_addr,
                guint   *pc)
{
  return gml_image_code_at (vm->image, ret_addr, pc);
}

/* ------------------------------------------------------------------ */
/* The dispatch loop                                                   */

typedef struct
{
  const GmlCode *code;
  const GmlInsn *ip;
  guint64        fp;
} Regs;

/* The dispatch loop's registers go in and out by value, so that the
 * compiler can keep them in machine registers. */
static void
regs_save (GmlVm *vm,
           Regs   r)
{
  GmlG *g = gml_g_w (vm, vm->rt.cur_g);

  g->pc = gml_text_addr (r.code, (guint) (r.ip - r.code->code));
  g->fp = r.fp;
}

static Regs
regs_load (GmlVm *vm)
{
  const GmlG *g = gml_g_r (vm, vm->rt.cur_g);
  Regs r;
  guint pc;

  r.code = gml_image_code_at (vm->image, g->pc, &pc);
  r.ip = r.code->code + pc;
  r.fp = g->fp;
  return r;
}

/* Pushes a frame for `callee` whose arguments are at `args`.  Returns FALSE
 * when the stack cannot grow (the program is dying). */
static gboolean
push_frame (GmlVm         *vm,
            Regs          *r,
            const GmlCode *callee,
            guint64        args,
            guint64        ret_addr,
            guint64        ctx)
{
  guint64 new_fp = args - 16;
  guint64 bottom = new_fp - (guint64) callee->frame_size;
  const GmlG *g = gml_g_r (vm, vm->rt.cur_g);

  if (bottom < g->stack_lo + GML_STACK_LIMIT || bottom > new_fp)
    {
      guint64 lo = g->stack_lo, hi = g->stack_hi;
      gint64 delta;
      Regs saved = *r;

      regs_save (vm, saved);
      if (!gml_stack_grow (vm, vm->rt.cur_g, r->fp, r->fp - (guint64) r->code->frame_size,
                           (guint64) callee->frame_size + 16, (guint64) callee->args_size, &delta))
        return FALSE;
      r->fp += (guint64) delta;
      new_fp += (guint64) delta;
      /* A closure context on the old stack moved with it. */
      if (ctx >= lo && ctx < hi)
        ctx += (guint64) delta;
    }
  /* The new frame is next to the caller's: through the window. */
  memcpy (gml_mem_frame_w (vm->mem, new_fp + 8), &ret_addr, 8);
  memcpy (gml_mem_frame_w (vm->mem, new_fp), &r->fp, 8);
  if (callee->locals_size > 8)
    gml_mem_frame_zero (vm->mem, new_fp - (guint64) (callee->locals_size - 8), (gsize) (callee->locals_size - 8));
  if (callee->results_size > 0)
    gml_mem_frame_zero (vm->mem, new_fp + 16 + (guint64) (callee->args_size - callee->results_size),
                        (gsize) callee->results_size);
  if (callee->ctx_slot != 0)
    memcpy (gml_mem_frame_w (vm->mem, new_fp + (guint64) (gint64) callee->ctx_slot), &ctx, 8);
  r->fp = new_fp;
  r->code = callee;
  r->ip = callee->code;
  gml_vm_emit (vm, GML_EVENT_CALL, callee->index, new_fp, bottom, 0);
  return TRUE;
}

static const GmlCode *
code_of_funcval (GmlVm   *vm,
                 guint64  funcval)
{
  guint pc;
  guint64 fn = gml_mem_get_u64 (vm->mem, funcval);

  return gml_image_code_at (vm->image, fn, &pc);
}

static GmlNativeResult
call_native (GmlVm         *vm,
             const GmlCode *callee,
             guint64        args)
{
  const GmlNative *n = &vm->image->natives[callee->native_id];

  return n->fn (vm, args);
}

/* Counts the step at a STMT. */
static inline void
step_take (GmlVm     *vm,
           GmlVmPriv *priv,
           guint32    stmt)
{
  vm->rt.step++;
  vm->rt.last_step_goid = vm->rt.cur_goid;
  vm->rt.nanotime += GML_NS_PER_STEP;
  vm->rt.quantum_left--;
  if (priv->step_log != NULL)
    gml_step_log_append (priv->step_log, stmt);
}

/* The step at a STMT, in the frame at `fp`: returns FALSE when the
 * goroutine must stop here. */
static gboolean
step_begin (GmlVm   *vm,
            guint32  stmt,
            guint64  fp)
{
  GmlVmPriv *priv = VM_PRIV (vm);
  gboolean watched;

  /* Nothing to check until fast_until: no nested run, no cycle, quantum
   * and target ahead. */
  if (G_LIKELY (vm->rt.step < priv->fast_until))
    {
      step_take (vm, priv, stmt);
      return TRUE;
    }
  if (priv->nested > 0)
    {
      /* Inside fmt calling a String method: part of the caller's step. */
      vm->rt.nested_steps++;
      return TRUE;
    }
  /* A cycle in progress takes its share of steps first.  The step's
   * credit is paid once (gc_yielded), even when the run stops here. */
  if (G_UNLIKELY (vm->rt.gc_phase != 0) && !vm->rt.gc_yielded)
    {
      if (gml_gc_note_mutator_step (vm))
        {
          vm->rt.gc_yielded = TRUE;
          return FALSE;
        }
    }
  vm->rt.gc_yielded = TRUE;
  if (vm->rt.quantum_left == 0)
    return FALSE;
  if (vm->rt.step >= priv->step_target)
    {
      /* Stopped in the middle of a turn: the next run resumes right here,
       * as if it had never stopped (gml_sched_turn). */
      vm->rt.mid_turn = TRUE;
      return FALSE;
    }
  /* The watched goroutine stops as at the step target when it is no
   * deeper than asked, and each of its steps is checked. */
  watched = G_UNLIKELY (priv->watch_goid != 0) && vm->rt.cur_goid == priv->watch_goid;
  if (watched && gml_g_r (vm, vm->rt.cur_g)->stack_hi - fp <= priv->watch_depth)
    {
      priv->watch_fired = TRUE;
      priv->step_target = vm->rt.step;
      vm->rt.mid_turn = TRUE;
      return FALSE;
    }
  vm->rt.gc_yielded = FALSE;
  step_take (vm, priv, stmt);
  if (vm->rt.gc_phase == 0 && !watched)
    priv->fast_until = MIN (vm->rt.step + vm->rt.quantum_left, priv->step_target);
  return TRUE;
}

/* A LOAD or STORE of an aligned word, the common case, is one access
 * through the TLB for the pointer's side and one through the window for
 * the frame's; anything else is a gml_mem_move. */
#define WORD_COPY(n, a, b) G_LIKELY ((n) == 8 && (((a) | (b)) & 7) == 0)

/* With GCC and Clang, the loop jumps straight to an instruction's case
 * through a table of label addresses (labels as values) instead of the
 * switch's range check and jump table: a third of the dispatch cost.
 * src/engine/meson.build lets GCC copy that jump into the end of every
 * case, so that each has its own (and its own branch prediction). */
#if defined (__GNUC__)
#define GML_VM_THREADED 1
#define CASE(name) op_##name: case GML_OP_##name
#else
#define GML_VM_THREADED 0
#define CASE(name) case GML_OP_##name
#endif

/* A frame slot's address; FR, FW: host pointers for reading and writing
 * a scalar slot (at most 8 aligned bytes), through the memory's window. */
#define A(off)   (R.fp + (guint64) (gint64) (off))
#define FR(off)  gml_mem_frame_r (mem, A (off))
#define FW(off)  gml_mem_frame_w (mem, A (off))
#define U64(off) get_u64_at (FR (off))

static void
panic_nil (GmlVm  *vm,
           gint32  offset)
{
  /* Go reports the faulting address: the field offset when the compiler
   * folded the nil check into the load, 0 for far offsets. */
  gml_vm_panic_nil (vm, offset >= 0 && offset < 4096 ? (guint64) offset : 0);
}

/* The dispatch loop's speed depends on where its branches fall in the
 * 64-byte lines of the instruction cache: the same code ran 4% slower
 * after an unrelated change moved it by 48 bytes.  Pinning its alignment
 * keeps changes elsewhere from moving it within a line. */
#if defined (__GNUC__)
__attribute__ ((aligned (64)))
#endif
GmlTurn
gml_interp_run (GmlVm *vm)
{
  GmlMem *mem = vm->mem;
  Regs R;
  GmlTurn turn;

#if GML_VM_THREADED
  static const void *const dispatch[GML_N_OPS] = {
#define X(name, str) &&op_##name,
#include "gml-op.def"
#undef X
  };
#endif

  R = regs_load (vm);

  for (;;)
    {
      const GmlInsn *in = R.ip++;

#if GML_VM_THREADED
      goto *dispatch[in->op];
#endif
      switch ((GmlOp) in->op)
        {
        CASE (NOP):
          break;

        CASE (STMT):
          if (!step_begin (vm, (guint32) in->a, R.fp))
            {
              R.ip--;
              turn = GML_TURN_YIELD;
              goto stop;
            }
          break;

        CASE (MOV):
          if (G_LIKELY (KIND_IS_WORD (in->k)))
            {
              guint64 v = U64 (in->b);

              set_u64_at (FW (in->a), v);
              break;
            }
          switch (in->k)
            {
            case GML_KIND_I8: case GML_KIND_U8:
              *FW (in->a) = (guint8) (*FR (in->b));
              break;
            case GML_KIND_I16: case GML_KIND_U16:
              gml_mem_set_u16 (mem, A (in->a), gml_mem_get_u16 (mem, A (in->b)));
              break;
            case GML_KIND_I32: case GML_KIND_U32: case GML_KIND_F32:
              gml_mem_set_u32 (mem, A (in->a), gml_mem_get_u32 (mem, A (in->b)));
              break;
            default:
              set_u64_at (FW (in->a), U64 (in->b));
              break;
            }
          break;

        CASE (MOVN):
          gml_mem_move (mem, A (in->a), A (in->b), (gsize) in->c);
          break;

        CASE (ZERO):
          gml_mem_frame_zero (mem, A (in->a), (gsize) in->c);
          break;

        CASE (CONST):
          st_int_at (FW (in->a), (GmlKind) in->k, R.code->pool[in->b]);
          break;

        CASE (LEA):
          set_u64_at (FW (in->a), A (in->b));
          break;

        CASE (LOAD):
        CASE (LOADN):
          {
            guint64 p = U64 (in->b);
            gsize n = in->op == GML_OP_LOAD ? kind_width ((GmlKind) in->k) : (gsize) in->d;

            if (p == 0)
              {
                panic_nil (vm, in->c);
                goto unwind_here;
              }
            p += (guint64) (gint64) in->c;
            if (WORD_COPY (n, A (in->a), p))
              {
                guint64 v = gml_mem_get_u64 (mem, p);

                set_u64_at (FW (in->a), v);
              }
            else
              gml_mem_move (mem, A (in->a), p, n);
          }
          break;

        CASE (STORE):
        CASE (STOREN):
          {
            guint64 p = U64 (in->a);
            gsize n = in->op == GML_OP_STORE ? kind_width ((GmlKind) in->k) : (gsize) in->d;

            if (p == 0)
              {
                panic_nil (vm, in->c);
                goto unwind_here;
              }
            p += (guint64) (gint64) in->c;
            if (WORD_COPY (n, p, A (in->b)))
              gml_mem_set_u64 (mem, p, U64 (in->b));
            else
              gml_mem_move (mem, p, A (in->b), n);
            gml_vm_emit (vm, GML_EVENT_STORE, p, n, 0, 0);
          }
          break;

        CASE (STORET):
        CASE (ZEROT):
          {
            guint64 p = U64 (in->a);

            if (p == 0)
              {
                panic_nil (vm, in->c);
                goto unwind_here;
              }
            if (in->op == GML_OP_STORET)
              gml_op_typed_store (vm, p + (guint64) (gint64) in->c, A (in->b), gml_vm_type (vm, (guint32) in->d));
            else
              gml_op_typed_zero (vm, p + (guint64) (gint64) in->c, gml_vm_type (vm, (guint32) in->d));
          }
          break;

        CASE (NILCHECK):
          if (U64 (in->a) == 0)
            {
              panic_nil (vm, in->c);
              goto unwind_here;
            }
          break;

        CASE (ADDPTR):
          set_u64_at (FW (in->a), U64 (in->b) + (guint64) (gint64) in->c);
          break;

        CASE (INDEXPTR):
          set_u64_at (FW (in->a), U64 (in->b) + (guint64) (gint64) in->d * U64 (in->c));
          break;

        CASE (ADD): CASE (SUB): CASE (MUL): CASE (DIV):
        CASE (REM): CASE (AND): CASE (OR): CASE (XOR):
        CASE (ANDNOT): CASE (SHL): CASE (SHR):
          {
            GmlKind k = (GmlKind) in->k;

            if (kind_is_float (k))
              st_flt_at (FW (in->a), k, op_arith_float ((GmlOp) in->op, k, ld_flt_at (FR (in->b), k),
                                                         ld_flt_at (FR (in->c), k)));
            else if (k == GML_KIND_STR)
              g_assert_not_reached ();
            else
              {
                guint64 v;
                gint64 y = (in->op == GML_OP_SHL || in->op == GML_OP_SHR)
                           ? (gint64) U64 (in->c) : ld_int_at (FR (in->c), k);

                if (!op_arith_int ((GmlOp) in->op, k, ld_int_at (FR (in->b), k), y, &v))
                  {
                    gml_vm_panic_runtime (vm, GML_RTERR_DIVIDE, "integer divide by zero");
                    goto unwind_here;
                  }
                st_int_at (FW (in->a), k, v);
              }
          }
          break;

        CASE (ADDI):
          st_int_at (FW (in->a), (GmlKind) in->k,
                  (guint64) ld_int_at (FR (in->b), (GmlKind) in->k) + (guint64) (gint64) in->c);
          break;

        CASE (NEG):
          if (kind_is_float ((GmlKind) in->k))
            st_flt_at (FW (in->a), (GmlKind) in->k, -ld_flt_at (FR (in->b), (GmlKind) in->k));
          else
            st_int_at (FW (in->a), (GmlKind) in->k, 0 - (guint64) ld_int_at (FR (in->b), (GmlKind) in->k));
          break;

        CASE (BITNOT):
          st_int_at (FW (in->a), (GmlKind) in->k, ~(guint64) ld_int_at (FR (in->b), (GmlKind) in->k));
          break;

        CASE (NOT):
          *FW (in->a) = (guint8) (!*FR (in->b));
          break;

        CASE (EQ): CASE (NE): CASE (LT):
        CASE (LE): CASE (GT): CASE (GE):
          {
            GmlKind k = (GmlKind) in->k;
            gboolean v;

            if (k == GML_KIND_STR)
              v = op_compare_string (vm, (GmlOp) in->op, A (in->b), A (in->c));
            else if (kind_is_float (k))
              v = op_compare_float ((GmlOp) in->op, ld_flt_at (FR (in->b), k), ld_flt_at (FR (in->c), k));
            else
              v = op_compare_int ((GmlOp) in->op, ld_int_at (FR (in->b), k), ld_int_at (FR (in->c), k),
                                  kind_is_signed (k));
            *FW (in->a) = (guint8) v;
          }
          break;

        CASE (EQN):
        CASE (NEN):
          {
            /* Comparing interfaces that hold uncomparable values panics.
             * A new panic, that is: a deferred call can compare while a
             * panic it recovered is still the goroutine's. */
            guint64 panics = gml_g_r (vm, vm->rt.cur_g)->panics;
            gboolean eq = gml_op_equal (vm, A (in->b), A (in->c), gml_vm_type (vm, (guint32) in->d));

            if (gml_g_r (vm, vm->rt.cur_g)->panics != panics)
              goto unwind_here;
            *FW (in->a) = (guint8) (in->op == GML_OP_EQN ? eq : !eq);
          }
          break;

        CASE (CONV):
          op_conv (mem, A (in->a), (GmlKind) in->k, A (in->b), (GmlKind) in->d);
          break;

        CASE (SHIFTCHECK):
          if (ld_int_at (FR (in->a), (GmlKind) in->k) < 0)
            {
              gml_vm_panic_runtime (vm, GML_RTERR_SHIFT, "negative shift amount");
              goto unwind_here;
            }
          break;

        CASE (JMP):
          R.ip = R.code->code + in->a;
          break;

        CASE (JT):
          if (*FR (in->a))
            R.ip = R.code->code + in->b;
          break;

        CASE (JF):
          if (!*FR (in->a))
            R.ip = R.code->code + in->b;
          break;

        CASE (CALL):
        CASE (CALLCLO):
        CASE (CALLIFACE):
          {
            const GmlCode *callee;
            guint64 args = A (in->b), ctx = 0;

            if (in->op == GML_OP_CALL)
              callee = g_ptr_array_index (vm->image->codes, in->a);
            else if (in->op == GML_OP_CALLCLO)
              {
                ctx = U64 (in->a);
                if (ctx == 0)
                  {
                    panic_nil (vm, 0);
                    goto unwind_here;
                  }
                callee = code_of_funcval (vm, ctx);
              }
            else
              {
                guint64 tab = U64 (in->a);
                const GmlItab *itab;

                if (tab == 0)
                  {
                    panic_nil (vm, 0);
                    goto unwind_here;
                  }
                itab = gml_image_itab_at (vm->image, tab);
                callee = g_ptr_array_index (vm->image->codes, itab->fun[in->c]);
                /* The receiver is the data word. */
                gml_mem_set_u64 (mem, args, U64 (in->a + 8));
              }
            if (callee->is_native)
              {
                GmlNativeResult res;

                regs_save (vm, R);
                res = call_native (vm, callee, args);
                if (res != GML_NATIVE_OK)
                  {
                    if (res == GML_NATIVE_BLOCK)
                      R.ip--;
                    regs_save (vm, R);
                    switch (res)
                      {
                      case GML_NATIVE_BLOCK:
                      case GML_NATIVE_PARK:
                        turn = GML_TURN_BLOCKED;
                        return turn;
                      case GML_NATIVE_YIELD:
                        gml_sched_ready (vm, vm->rt.cur_g, FALSE);
                        return GML_TURN_BLOCKED;
                      case GML_NATIVE_PANIC:
                        goto unwind;
                      case GML_NATIVE_EXIT:
                      default:
                        return GML_TURN_EXIT;
                      }
                  }
                break;
              }
            {
              Regs next = R;

              if (!push_frame (vm, &next, callee, args, gml_text_addr (R.code, (guint) (R.ip - R.code->code)), ctx))
                return GML_TURN_EXIT;
              R = next;
            }
          }
          break;

        CASE (CALLNATIVE):
          g_assert_not_reached ();
          break;

        CASE (RET):
          {
            guint64 ret = U64 (8);
            guint64 saved = U64 (0);
            guint pc;

            gml_vm_emit (vm, GML_EVENT_RETURN, R.code->index, R.fp, 0, 0);
            if (ret == GML_RET_GOEXIT)
              {
                regs_save (vm, R);
                return GML_TURN_DEAD;
              }
            if (ret == GML_RET_SYNC)
              {
                R.fp = saved;
                return GML_TURN_SYNC_DONE;
              }
            if (ret == GML_RET_PANIC)
              {
                /* A deferred call run by a panic finished: back to gopanic,
                 * which knows the panicking frame. */
                if (gml_panic_unwind (vm, vm->rt.cur_g) == GML_UNWIND_FATAL)
                  return GML_TURN_EXIT;
                R = regs_load (vm);
                break;
              }
            R.code = gml_image_code_at (vm->image, ret, &pc);
            R.ip = R.code->code + pc;
            R.fp = saved;
          }
          break;

        CASE (GO):
          {
            guint64 fv = U64 (in->a);

            regs_save (vm, R);
            if (fv == 0)
              {
                panic_nil (vm, 0);
                goto unwind_here;
              }
            if (gml_sched_new_g (vm, fv, A (in->b), (gsize) in->c,
                                 gml_text_addr (R.code, (guint) (R.ip - R.code->code) - 1)) == 0)
              return GML_TURN_EXIT;
          }
          break;

        CASE (DEFER):
          {
            guint64 rec = gml_meta_alloc (vm, sizeof (GmlDefer));
            GmlDefer *d = GML_META_W (vm, GmlDefer, rec);
            GmlG *g;

            d->fn = U64 (in->a);
            d->fp = R.fp;
            d->code = R.code->index;
            g = gml_g_w (vm, vm->rt.cur_g);
            d = GML_META_W (vm, GmlDefer, rec);
            d->next = g->defers;
            g->defers = rec;
          }
          break;

        CASE (RUNDEFERS):
          {
            guint64 rec = gml_g_r (vm, vm->rt.cur_g)->defers;
            GmlDefer d;

            if (rec == 0 || GML_META_R (vm, GmlDefer, rec)->fp != R.fp)
              break;
            d = *GML_META_R (vm, GmlDefer, rec);
            gml_g_w (vm, vm->rt.cur_g)->defers = d.next;
            gml_meta_free (vm, rec, sizeof (GmlDefer));
            /* Call it and come back to this RUNDEFERS for the next one. */
            {
              Regs next = R;

              if (!push_frame (vm, &next, code_of_funcval (vm, d.fn),
                               R.fp - (guint64) R.code->frame_size,
                               gml_text_addr (R.code, (guint) (in - R.code->code)), d.fn))
                return GML_TURN_EXIT;
              R = next;
            }
          }
          break;

        CASE (PANIC):
          {
            guint64 tab = U64 (in->a), data = U64 (in->a + 8);

            regs_save (vm, R);
            gml_vm_panic_value (vm, tab, data);
            goto unwind;
          }

        CASE (RECOVER):
          {
            guint64 tab, data;

            gml_panic_recover (vm, vm->rt.cur_g, R.fp, &tab, &data);
            set_u64_at (FW (in->a), tab);
            set_u64_at (FW (in->a + 8), data);
          }
          break;

        CASE (BOUNDS):
          {
            GmlKind k = (GmlKind) in->k;
            gint64 x = ld_int_at (FR (in->a), k);
            gint64 y = (gint64) U64 (in->b);
            gboolean ok;

            switch ((GmlBoundsKind) in->c)
              {
              case GML_BOUNDS_INDEX:
                ok = kind_is_signed (k) ? (x >= 0 && x < y) : ((guint64) x < (guint64) y);
                break;
              case GML_BOUNDS_SLICE_B:
              case GML_BOUNDS_SLICE3_B:
              case GML_BOUNDS_SLICE3_C:
                y = ld_int_at (FR (in->b), k);
                ok = kind_is_signed (k) ? (x >= 0 && x <= y) : ((guint64) x <= (guint64) y);
                break;
              default:
                ok = kind_is_signed (k) ? (x >= 0 && x <= y) : ((guint64) x <= (guint64) y);
                break;
              }
            if (!ok)
              {
                regs_save (vm, R);
                gml_op_bounds_fail (vm, x, y, kind_is_signed (k), (GmlBoundsKind) in->c);
                goto unwind;
              }
          }
          break;

        CASE (PANICMSG):
          {
            g_autofree char *msg = NULL;

            regs_save (vm, R);
            msg = gml_vm_read_string (vm, R.code->pool[in->b], NULL);
            gml_vm_panic_runtime (vm, (GmlRuntimeError) in->a, "%s", msg);
            goto unwind;
          }

        CASE (NEW):
          {
            GmlType *t = gml_vm_type (vm, (guint32) in->b);
            guint64 addr;

            if (in->c == 1)
              {
                regs_save (vm, R);
                addr = gml_vm_alloc (vm, t, 1, (gsize) gml_type_size (t));
                if (addr == 0)
                  return GML_TURN_EXIT;
              }
            else
              {
                addr = A (in->c);
                gml_mem_zero (mem, addr, (gsize) gml_type_size (t));
              }
            set_u64_at (FW (in->a), addr);
          }
          break;

        CASE (MAKESLICE):
          {
            gint64 len = (gint64) U64 (in->b);
            gint64 cap = in->c == -1 ? len : (gint64) U64 (in->c);

            regs_save (vm, R);
            if (!gml_op_make_slice (vm, A (in->a), len, cap, gml_vm_type (vm, (guint32) in->d)))
              goto unwind_or_exit;
          }
          break;

        CASE (GROWSLICE):
          regs_save (vm, R);
          if (!gml_op_grow_slice (vm, A (in->a), (gint64) U64 (in->b), gml_vm_type (vm, (guint32) in->d)))
            goto unwind_or_exit;
          break;

        CASE (COPY):
          gml_mem_set_u64 (mem, A (in->a),
                           (guint64) gml_op_copy (vm, A (in->b), A (in->c), in->d, NULL));
          break;

        CASE (CLOSURE):
          regs_save (vm, R);
          if (!gml_op_closure (vm, in, R.fp))
            goto unwind_or_exit;
          break;

        CASE (CONCAT):
          regs_save (vm, R);
          if (!gml_op_concat (vm, A (in->a), A (in->b), (guint) in->c, in->d != 0, A (in->e)))
            goto unwind_or_exit;
          break;

        CASE (STRCMP):
          gml_mem_set_u64 (mem, A (in->a), (guint64) (gint64) gml_op_strcmp (vm, A (in->b), A (in->c)));
          break;

        CASE (STREQ):
          gml_mem_set_u8 (mem, A (in->a), (guint8) op_compare_string (vm, GML_OP_EQ, A (in->b), A (in->c)));
          break;

        CASE (STRTOBYTES):
        CASE (BYTESTOSTR):
        CASE (STRTORUNES):
        CASE (RUNESTOSTR):
        CASE (RUNETOSTR):
          regs_save (vm, R);
          if (!gml_op_str_conv (vm, (GmlOp) in->op, A (in->a), A (in->b), (GmlKind) in->k, in->d != 0, A (in->e)))
            goto unwind_or_exit;
          break;

        CASE (RANGESTR):
          gml_op_range_string (vm, in, R.fp);
          break;

        CASE (MAKEMAP):
          {
            GmlType *mt = gml_vm_type (vm, (guint32) in->d);
            gint64 hint = in->b != 0 ? (gint64) U64 (in->b) : 0;
            guint64 h;

            regs_save (vm, R);
            if (in->c == 1)
              h = gml_map_make (vm, mt, hint);
            else
              h = gml_map_make_in (vm, mt, hint, A (in->c), A (in->c) + 48);
            if (h == 0)
              goto unwind_or_exit;
            set_u64_at (FW (in->a), h);
          }
          break;

        CASE (MAPACCESS):
        CASE (MAPACCESS2):
          {
            gboolean found;
            guint64 e;

            regs_save (vm, R);
            e = gml_map_access (vm, gml_vm_type (vm, (guint32) in->d), U64 (in->b), A (in->c), &found);
            if (e == 0)
              goto unwind_or_exit;
            set_u64_at (FW (in->a), e);
            if (in->op == GML_OP_MAPACCESS2)
              *FW (in->e) = (guint8) found;
          }
          break;

        CASE (MAPASSIGN):
          {
            guint64 e;

            regs_save (vm, R);
            e = gml_map_assign (vm, gml_vm_type (vm, (guint32) in->d), U64 (in->b), A (in->c));
            if (e == 0)
              goto unwind_or_exit;
            set_u64_at (FW (in->a), e);
          }
          break;

        CASE (MAPDELETE):
          regs_save (vm, R);
          if (!gml_map_delete (vm, gml_vm_type (vm, (guint32) in->d), U64 (in->b), A (in->c)))
            goto unwind_or_exit;
          break;

        CASE (MAPITERINIT):
          regs_save (vm, R);
          gml_map_iter_init (vm, gml_vm_type (vm, (guint32) in->d), U64 (in->b), A (in->a));
          break;

        CASE (MAPITERNEXT):
          {
            guint64 k = 0, e = 0;
            gboolean more = gml_map_iter_next (vm, A (in->a), &k, &e);

            *FW (in->b) = (guint8) more;
            set_u64_at (FW (in->c), k);
            set_u64_at (FW (in->d), e);
          }
          break;

        CASE (MAPLEN):
          gml_mem_set_u64 (mem, A (in->a), (guint64) gml_map_len (vm, U64 (in->b)));
          break;

        CASE (MAKECHAN):
          {
            guint64 c;

            regs_save (vm, R);
            c = gml_chan_make (vm, gml_vm_type (vm, (guint32) in->d), (gint64) U64 (in->b));
            if (c == 0)
              goto unwind_or_exit;
            set_u64_at (FW (in->a), c);
          }
          break;

        CASE (CHANSEND):
        CASE (CHANRECV):
        CASE (CHANCLOSE):
        CASE (SELECT):
          {
            GmlNativeResult res;

            regs_save (vm, R);
            if (in->op == GML_OP_CHANSEND)
              res = gml_chan_send (vm, U64 (in->a), A (in->b));
            else if (in->op == GML_OP_CHANRECV)
              res = gml_chan_recv (vm, U64 (in->a), in->b != 0 ? A (in->b) : 0,
                                   in->c != 0 ? A (in->c) : 0);
            else if (in->op == GML_OP_CHANCLOSE)
              res = gml_chan_close (vm, U64 (in->a));
            else
              res = gml_chan_select (vm, A (in->a), A (in->b), (guint) in->c, in->d != 0);
            if (res == GML_NATIVE_OK)
              break;
            if (res == GML_NATIVE_PANIC)
              goto unwind;
            if (res == GML_NATIVE_BLOCK)
              R.ip--;
            regs_save (vm, R);
            return res == GML_NATIVE_EXIT ? GML_TURN_EXIT : GML_TURN_BLOCKED;
          }

        CASE (CHANLEN):
          gml_mem_set_u64 (mem, A (in->a), (guint64) gml_chan_len (vm, U64 (in->b), in->c != 0));
          break;

        CASE (CONVIFACE):
          regs_save (vm, R);
          if (!gml_op_conv_iface (vm, A (in->a), A (in->b), R.code->pool[in->c],
                                  gml_vm_type (vm, (guint32) in->d), in->k, A (in->e)))
            goto unwind_or_exit;
          break;

        CASE (IFACETYPE):
          gml_mem_set_u64 (mem, A (in->a), gml_op_iface_dyntype (vm, U64 (in->b), in->c != 0));
          break;

        CASE (ASSERT):
          regs_save (vm, R);
          if (!gml_op_assert (vm, in, R.fp))
            goto unwind;
          break;

        CASE (IFACEEQ):
          {
            gboolean eq;

            regs_save (vm, R);
            if (!gml_op_iface_eq (vm, A (in->b), A (in->c), in->k != 0, &eq))
              goto unwind;
            *FW (in->a) = (guint8) eq;
          }
          break;

        CASE (IFACE2IFACE):
          regs_save (vm, R);
          if (!gml_op_iface_to_iface (vm, A (in->a), A (in->b), gml_vm_type (vm, (guint32) in->c), in->k != 0))
            goto unwind;
          break;

        CASE (PRINT):
          gml_op_print (vm, A (in->a), gml_vm_type (vm, (guint32) in->b), in->c);
          break;

        CASE (PRINTNL):
          gml_vm_write (vm, 2, "\n", 1);
          break;

        CASE (PANICIDX):
        default:
          g_error ("gml_interp_run: unhandled op %s", gml_op_name ((GmlOp) in->op));
        }
      continue;

    unwind_or_exit:
      if (vm->rt.exited)
        return GML_TURN_EXIT;
      goto unwind;

    unwind_here:
      R.ip--;
      regs_save (vm, R);
      R.ip++;
    unwind:
      /* A panic is in progress on this goroutine: let gopanic decide where
       * execution continues (a deferred call, a recovery point, or death). */
      if (VM_PRIV (vm)->nested > 0 && gml_vm_sync_unwinds_out (vm))
        {
          /* No deferred call of the synchronous call is left to recover:
           * the panic leaves it. */
          return GML_TURN_SYNC_PANIC;
        }
      if (gml_panic_unwind (vm, vm->rt.cur_g) == GML_UNWIND_FATAL)
        return GML_TURN_EXIT;
      R = regs_load (vm);
      continue;
    }

stop:
  regs_save (vm, R);
  return turn;
}
