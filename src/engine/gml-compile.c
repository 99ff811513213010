/* gml-compile.c: the compiler driver, frames, read-only data and the image.
 *
 * Read-only data layout (offsets from GML_RODATA_BASE):
 *   0x000100  runtime.zeroVal (1024 zero bytes)
 *   0x000500  runtime.staticuint64s[256]
 *   0x001000  type descriptors, 32 bytes per type id
 *   0x040000  static funcvals, 8 bytes per code index
 *   0x060000  string literals, itabs and constant boxes
 */
#include "gml-compile-private.h"

#include "gml-ast-private.h"

#include <string.h>

#include "gml-chan.h"
#include "gml-map.h"

#define RO_TYPEDESC    0x1000
#define RO_TYPEDESC_END 0x40000
#define RO_FUNCVALS    0x40000
#define RO_FUNCVALS_END 0x60000
#define RO_HEAP        0x60000
#define RO_END         (GML_DATA_BASE_MIN - GML_RODATA_BASE)

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

void
compiler_error (Compiler   *c,
                GmlPos      pos,
                const char *format,
                ...)
{
  va_list args;

  va_start (args, format);
  gml_diag_list_addv (c->diags, GML_DIAG_ERROR, c->program->filename, pos, format, args);
  va_end (args);
  c->failed = TRUE;
}

GmlKind
type_kind (GmlType *t)
{
  GmlType *u = gml_type_underlying (t);

  switch (u->kind)
    {
    case GML_TYPE_BOOL: case GML_TYPE_UNTYPED_BOOL:   return GML_KIND_U8;
    case GML_TYPE_INT8:    return GML_KIND_I8;
    case GML_TYPE_INT16:   return GML_KIND_I16;
    case GML_TYPE_INT32: case GML_TYPE_UNTYPED_RUNE:  return GML_KIND_I32;
    case GML_TYPE_INT: case GML_TYPE_INT64: case GML_TYPE_UNTYPED_INT: return GML_KIND_I64;
    case GML_TYPE_UINT8:   return GML_KIND_U8;
    case GML_TYPE_UINT16:  return GML_KIND_U16;
    case GML_TYPE_UINT32:  return GML_KIND_U32;
    case GML_TYPE_FLOAT32: return GML_KIND_F32;
    case GML_TYPE_FLOAT64: case GML_TYPE_UNTYPED_FLOAT: return GML_KIND_F64;
    case GML_TYPE_STRING: case GML_TYPE_UNTYPED_STRING: return GML_KIND_STR;
    default:               return GML_KIND_U64;
    }
}

gboolean
var_on_heap (Compiler  *c,
             GmlObject *var)
{
  if (c->escape_ran)
    return (var->flags & GML_VAR_HEAP) != 0;
  /* Conservative stand-in when escape analysis did not run. */
  return (var->flags & GML_VAR_ADDR_TAKEN) != 0 || (var->flags & GML_VAR_CAPTURED) != 0;
}

gboolean
var_byref (Compiler  *c,
           GmlObject *var)
{
  if (c->escape_ran)
    return (var->flags & GML_VAR_BYREF) != 0;
  return TRUE;
}

gboolean
site_on_heap (Compiler *c,
              GmlNode  *node)
{
  if (node->esc == GML_ESC_STACK)
    return FALSE;
  return node->esc == GML_ESC_HEAP || !c->escape_ran;
}

/* ------------------------------------------------------------------ */
/* Read-only data                                                      */

static guint64
ro_reserve (Compiler *c,
            gsize     len,
            gsize     align)
{
  GByteArray *ro = c->image->rodata;
  gsize off = (ro->len + align - 1) & ~(align - 1);

  if (off < RO_HEAP)
    off = RO_HEAP;
  if (off + len > RO_END)
    {
      compiler_error (c, GML_POS_NONE, "program too large: read-only data exceeds %u bytes", (guint) (RO_END - RO_HEAP));
      return GML_RODATA_BASE + RO_HEAP;
    }
  {
    gsize old_len = ro->len;

    /* The alignment padding too: the image must be the same every time. */
    g_byte_array_set_size (ro, (guint) (off + len));
    memset (ro->data + old_len, 0, off + len - old_len);
  }
  return GML_RODATA_BASE + off;
}

guint64
rodata_bytes (Compiler   *c,
              const void *data,
              gsize       len,
              gsize       align)
{
  guint64 addr = ro_reserve (c, MAX (len, 1), align);

  if (!c->failed && len > 0)
    memcpy (c->image->rodata->data + (addr - GML_RODATA_BASE), data, len);
  return addr;
}

guint64
rodata_string (Compiler   *c,
               const char *data,
               gsize       len)
{
  g_autofree char *key = g_malloc (len + 1);
  gpointer found;

  memcpy (key, data, len);
  key[len] = '\0';
  if (memchr (data, 0, len) == NULL
      && g_hash_table_lookup_extended (c->strings, key, NULL, &found))
    return *(guint64 *) found;
  {
    guint64 *addr = g_new (guint64, 1);

    *addr = len > 0 ? rodata_bytes (c, data, len, 1) : 0;
    if (memchr (data, 0, len) == NULL)
      g_hash_table_insert (c->strings, g_steal_pointer (&key), addr);
    else
      {
        guint64 v = *addr;

        g_free (addr);
        return v;
      }
    return *addr;
  }
}

guint64
funcval_static (Compiler *c,
                guint     code_index)
{
  return c->image->funcval_base + (guint64) code_index * 8;
}

GmlType *
gml_program_lookup_type (GmlProgram *program,
                         const char *qualified_name)
{
  const char *dot = strrchr (qualified_name, '.');
  g_autofree char *path = NULL;
  GmlPackage *pkg;
  GmlObject *obj;

  if (dot == NULL)
    return NULL;
  path = g_strndup (qualified_name, (gsize) (dot - qualified_name));
  pkg = g_hash_table_lookup (program->packages, path);
  if (pkg == NULL)
    return NULL;
  obj = gml_scope_lookup_local (pkg->scope, gml_arena_intern (program->arena, dot + 1));
  return obj != NULL && obj->kind == GML_OBJ_TYPE ? obj->type : NULL;
}

/* ------------------------------------------------------------------ */
/* ABI                                                                 */

void
gml_abi_layout (GmlType *recv,
                GmlType *sig,
                GmlAbi  *abi)
{
  gint32 off = 0;

  memset (abi, 0, sizeof *abi);
  if (recv != NULL)
    {
      abi->param_off[abi->n_params++] = 0;
      off = (gint32) gml_type_size (recv);
    }
  for (guint i = 0; i < sig->u.func.n_params && abi->n_params < G_N_ELEMENTS (abi->param_off); i++)
    {
      GmlType *t = sig->u.func.params[i];
      gint32 a = (gint32) MAX (gml_type_align (t), 1);

      off = (off + a - 1) / a * a;
      abi->param_off[abi->n_params++] = off;
      off += (gint32) gml_type_size (t);
    }
  off = (off + 7) & ~7;
  for (guint i = 0; i < sig->u.func.n_results && abi->n_results < G_N_ELEMENTS (abi->result_off); i++)
    {
      GmlType *t = sig->u.func.results[i];
      gint32 a = (gint32) MAX (gml_type_align (t), 1);

      off = (off + a - 1) / a * a;
      abi->result_off[abi->n_results++] = off;
      off += (gint32) gml_type_size (t);
    }
  abi->size = (off + 7) & ~7;
}

/* ------------------------------------------------------------------ */
/* Functions under construction                                        */

Fn *
fn_new (Compiler   *c,
        const char *name,
        const char *short_name,
        GmlFunc    *func)
{
  Fn *fn = g_new0 (Fn, 1);
  GmlCode *code = g_new0 (GmlCode, 1);

  fn->c = c;
  fn->func = func;
  fn->code = code;
  fn->insns = g_array_new (FALSE, TRUE, sizeof (GmlInsn));
  fn->pool = g_array_new (FALSE, TRUE, sizeof (guint64));
  fn->slots = g_array_new (FALSE, TRUE, sizeof (GmlSlot));
  fn->stmt_of_pc = g_array_new (FALSE, TRUE, sizeof (guint32));
  fn->vars = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  fn->sites = g_hash_table_new (NULL, NULL);
  fn->loops = g_ptr_array_new ();
  fn->returns = g_array_new (FALSE, FALSE, sizeof (guint));
  fn->refs = g_array_new (FALSE, FALSE, sizeof (VarRef));
  fn->vars_bottom = -8;
  fn->temp_top = -8;
  fn->temp_min = -8;
  fn->pin = 0;
  code->name = name;
  code->short_name = short_name;
  code->func = func;
  if (func != NULL)
    {
      code->index = func->index;
      g_ptr_array_index (c->image->codes, func->index) = code;
    }
  else
    {
      code->index = c->image->codes->len;
      g_ptr_array_add (c->image->codes, code);
    }
  return fn;
}

static guint
append_insn (Fn       *fn,
             GmlInsn   in,
             guint32   stmt)
{
  g_array_append_val (fn->insns, in);
  g_array_append_val (fn->stmt_of_pc, stmt);
  return fn->insns->len - 1;
}

/* Emits the held-back zeroing of a temporary (fn_add_slot): the
 * temporary is in scope from the next instruction on. */
static void
flush_zero (Fn *fn)
{
  GmlInsn zero = { GML_OP_ZERO, 0, 0, fn->zero_offset, 0, fn->zero_size, 0, 0 };

  if (!fn->zero_pending)
    return;
  fn->zero_pending = FALSE;
  append_insn (fn, zero, fn->zero_stmt);
  g_array_index (fn->slots, GmlSlot, fn->zero_slot).scope_start = fn->insns->len;
}

/* Does `in` write all 8 bytes at `offset` without reading them, and with
 * no way to run the collector, block or panic in between? */
static gboolean
only_writes_word (const GmlInsn *in,
                  gint32         offset)
{
  if (in->a != offset)
    return FALSE;
  switch ((GmlOp) in->op)
    {
    case GML_OP_CONST:
    case GML_OP_MOV:
      return (in->k == GML_KIND_I64 || in->k == GML_KIND_U64 || in->k == GML_KIND_F64)
             && (in->op == GML_OP_CONST || in->b != offset);
    case GML_OP_LEA:
      return TRUE;
    case GML_OP_ADDPTR:
      return in->b != offset;
    case GML_OP_INDEXPTR:
      return in->b != offset && in->c != offset;
    default:
      return FALSE;
    }
}

guint
fn_pc (Fn *fn)
{
  flush_zero (fn);
  return fn->insns->len;
}

guint
emit (Fn     *fn,
      GmlOp   op,
      guint8  k,
      gint32  a,
      gint32  b,
      gint32  c,
      gint32  d,
      gint32  e)
{
  GmlInsn in = { (guint16) op, k, 0, a, b, c, d, e };

  /* A temporary whose first instruction writes it whole, where nothing
   * can look at the frame, needs no zeroing first: it is in scope once
   * written instead. */
  if (fn->zero_pending && fn->zero_size == 8 && only_writes_word (&in, fn->zero_offset))
    {
      guint pc = append_insn (fn, in, fn->cur_stmt);

      fn->zero_pending = FALSE;
      g_array_index (fn->slots, GmlSlot, fn->zero_slot).scope_start = pc + 1;
      return pc;
    }
  flush_zero (fn);
  return append_insn (fn, in, fn->cur_stmt);
}

void
patch_jump (Fn    *fn,
            guint  insn,
            guint  target)
{
  GmlInsn *in = &g_array_index (fn->insns, GmlInsn, insn);

  if (in->op == GML_OP_JMP)
    in->a = (gint32) target;
  else
    in->b = (gint32) target;
}

guint
fn_const (Fn      *fn,
          guint64  v)
{
  for (guint i = 0; i < fn->pool->len; i++)
    if (g_array_index (fn->pool, guint64, i) == v)
      return i;
  g_array_append_val (fn->pool, v);
  return fn->pool->len - 1;
}

gint32
fn_add_slot (Fn        *fn,
             gint32     offset,
             GmlType   *type,
             GmlObject *var,
             gboolean   heap_ptr)
{
  GmlSlot s = { offset, (guint32) (type != NULL ? gml_type_size (type) : 8), type, var, heap_ptr,
                FALSE, fn_pc (fn), G_MAXUINT32 };

  g_array_append_val (fn->slots, s);
  /* A temporary the GC scans starts zeroed: it is scanned from here on,
   * and in a loop it would otherwise show the value of the previous
   * iteration until written (Go's liveness has autotmps dead until
   * written). */
  if (var == NULL && !heap_ptr && type != NULL && type->has_pointers && offset < fn->vars_bottom
      && gml_type_size (type) > 0)
    {
      /* In scope once zeroed (a frame may resume right at the zeroing):
       * flush_zero() or emit() sets scope_start. */
      flush_zero (fn);
      fn->zero_pending = TRUE;
      fn->zero_offset = offset;
      fn->zero_size = (gint32) gml_type_size (type);
      fn->zero_slot = fn->slots->len - 1;
      fn->zero_stmt = fn->cur_stmt;
    }
  return offset;
}

gint32
fn_temp_bytes (Fn     *fn,
               gint32  size,
               gint32  align)
{
  size = MAX (size, 1);
  align = MAX (align, 1);
  fn->temp_top -= size;
  fn->temp_top = -(((-fn->temp_top) + align - 1) / align * align);
  if (fn->temp_top < fn->temp_min)
    fn->temp_min = fn->temp_top;
  return fn->temp_top;
}

gint32
fn_temp (Fn      *fn,
         GmlType *type)
{
  gint32 off = fn_temp_bytes (fn, (gint32) gml_type_size (type), (gint32) gml_type_align (type));

  /* Pointer-holding temporaries must be known to the GC and to stack
   * copying while they are live. */
  if (type->has_pointers)
    fn_add_slot (fn, off, type, NULL, FALSE);
  return off;
}

gint32
fn_mark (Fn *fn)
{
  return fn->temp_top;
}

void
fn_release (Fn     *fn,
            gint32  mark)
{
  guint pc = fn_pc (fn);

  for (guint i = 0; i < fn->slots->len; i++)
    {
      GmlSlot *s = &g_array_index (fn->slots, GmlSlot, i);

      /* The storage of stack objects stays in scope for the whole frame
       * (the GC scans it when a live pointer reaches it); temporaries
       * end here. */
      if (s->var == NULL && s->scope_end == G_MAXUINT32 && s->offset < mark && s->offset < fn->vars_bottom
          && !s->stack_object)
        s->scope_end = pc;
    }
  /* Storage of stack objects stays reserved for the whole frame. */
  fn->temp_top = fn->pin != 0 ? MIN (mark, fn->pin) : mark;
}

void
fn_note_out (Fn     *fn,
             gint32  size)
{
  fn->out_max = MAX (fn->out_max, size);
}

guint32
fn_new_stmt (Fn     *fn,
             GmlPos  pos)
{
  GmlStmtInfo si = { fn->code->index, pos.line, pos.col, GML_STMT_PLAIN };
  GArray *stmts = fn->c->image->stmts;

  g_array_append_val (stmts, si);
  fn->cur_stmt = stmts->len - 1;
  emit (fn, GML_OP_STMT, 0, (gint32) fn->cur_stmt, 0, 0, 0, 0);
  return fn->cur_stmt;
}

/* Storage for a stack-allocated object of an allocation site, assigned
 * once per site in the vars region (it lives as long as the frame). */
gint32
site_slot (Fn      *fn,
           GmlNode *node,
           gint32   size,
           gint32   align)
{
  gpointer found = g_hash_table_lookup (fn->sites, node);

  if (found != NULL)
    return GPOINTER_TO_INT (found) - 1;
  /* Below every temp so far, and pinned: later releases never free it. */
  {
    gint32 off;

    fn->temp_top = fn->temp_min;
    off = fn_temp_bytes (fn, size, align);
    fn->pin = off;
    g_hash_table_insert (fn->sites, node, GINT_TO_POINTER (off + 1));
    return off;
  }
}

/* The storage of a non-escaping allocation at a site_slot(). */
void
fn_add_stack_object (Fn      *fn,
                     gint32   offset,
                     GmlType *type)
{
  GmlSlot s = { offset, (guint32) gml_type_size (type), type, NULL, FALSE, TRUE, fn_pc (fn), G_MAXUINT32 };

  g_array_append_val (fn->slots, s);
}

void
emit_copy (Fn      *fn,
           gint32   dst,
           gint32   src,
           GmlType *type)
{
  gint64 size = gml_type_size (type);

  if (dst == src || size == 0)
    return;
  switch (size)
    {
    case 1: emit (fn, GML_OP_MOV, GML_KIND_U8, dst, src, 0, 0, 0); break;
    case 2: emit (fn, GML_OP_MOV, GML_KIND_U16, dst, src, 0, 0, 0); break;
    case 4: emit (fn, GML_OP_MOV, GML_KIND_U32, dst, src, 0, 0, 0); break;
    case 8: emit (fn, GML_OP_MOV, GML_KIND_U64, dst, src, 0, 0, 0); break;
    default: emit (fn, GML_OP_MOVN, 0, dst, src, (gint32) size, 0, 0); break;
    }
}

void
emit_zero (Fn      *fn,
           gint32   dst,
           GmlType *type)
{
  gint64 size = gml_type_size (type);

  if (size > 0)
    emit (fn, GML_OP_ZERO, 0, dst, 0, (gint32) size, 0, 0);
}

void
emit_const_int (Fn      *fn,
                gint32   dst,
                GmlType *type,
                guint64  v)
{
  GmlKind k = type_kind (type);

  if (k == GML_KIND_STR || k == GML_KIND_F32 || k == GML_KIND_F64)
    k = gml_type_size (type) == 4 ? GML_KIND_U32 : GML_KIND_U64;
  emit (fn, GML_OP_CONST, k, dst, (gint32) fn_const (fn, v), 0, 0, 0);
}

guint
code_index_of (Compiler *c,
               GmlFunc  *func)
{
  return func->index;
}

static void
fixup_out (Fn *fn)
{
  gint32 frame = fn->code->frame_size;

  for (guint i = 0; i < fn->insns->len; i++)
    {
      GmlInsn *in = &g_array_index (fn->insns, GmlInsn, i);
      gint32 *ops[] = { &in->a, &in->b, &in->c, &in->d, &in->e };

      for (guint k = 0; k < G_N_ELEMENTS (ops); k++)
        if (IS_OUT (*ops[k]))
          *ops[k] = *ops[k] - OUT_BASE - frame;
    }
  for (guint i = 0; i < fn->slots->len; i++)
    {
      GmlSlot *s = &g_array_index (fn->slots, GmlSlot, i);

      if (IS_OUT (s->offset))
        s->offset = s->offset - OUT_BASE - frame;
    }
}

void
fn_finish (Fn *fn)
{
  GmlCode *code = fn->code;

  flush_zero (fn);
  code->locals_size = -fn->temp_min;
  code->frame_size = (code->locals_size + fn->out_max + 15) & ~15;
  code->ctx_slot = fn->ctx_slot;
  fixup_out (fn);
  fn_compute_liveness (fn);
  code->n_code = fn->insns->len;
  code->code = (GmlInsn *) (gpointer) g_array_free (fn->insns, FALSE);
  code->n_pool = fn->pool->len;
  code->pool = (guint64 *) (gpointer) g_array_free (fn->pool, FALSE);
  code->n_slots = fn->slots->len;
  code->slots = (GmlSlot *) (gpointer) g_array_free (fn->slots, FALSE);
  code->stmt_of_pc = (guint32 *) (gpointer) g_array_free (fn->stmt_of_pc, FALSE);
  for (guint i = 0; i < code->n_slots; i++)
    if (code->slots[i].scope_end == G_MAXUINT32)
      code->slots[i].scope_end = code->n_code;
  g_hash_table_unref (fn->vars);
  g_hash_table_unref (fn->sites);
  g_ptr_array_unref (fn->loops);
  g_array_unref (fn->returns);
  g_array_unref (fn->refs);
  g_free (fn);
}

/* ------------------------------------------------------------------ */
/* Wrappers                                                            */

static void
wrapper_copy_args (Fn            *fn,
                   GmlType       *sig,
                   const GmlAbi  *from,
                   guint          from_first,
                   const GmlAbi  *to,
                   guint          to_first)
{
  for (guint i = 0; i < sig->u.func.n_params; i++)
    emit_copy (fn, OUT (to->param_off[to_first + i]), 16 + from->param_off[from_first + i],
               sig->u.func.params[i]);
}

static void
wrapper_copy_results (Fn           *fn,
                      GmlType      *sig,
                      const GmlAbi *own,
                      const GmlAbi *callee)
{
  for (guint i = 0; i < sig->u.func.n_results; i++)
    emit_copy (fn, 16 + own->result_off[i], OUT (callee->result_off[i]), sig->u.func.results[i]);
}

static GmlType *
recv_type_of (GmlObject *method)
{
  GmlFunc *f = method->u.func.func;

  return f != NULL && f->recv != NULL ? f->recv->type : NULL;
}

/* (*T).M for a value-receiver method T.M: the itab entry of *T, and of T
 * when T is not pointer-shaped (the interface holds a pointer to a box). */
guint
wrapper_iface (Compiler  *c,
               GmlObject *method,
               GmlType   *recv_type)
{
  g_autofree char *key = g_strdup_printf ("iface:%p", (void *) method);
  gpointer found = g_hash_table_lookup (c->wrappers, key);
  GmlType *rt = recv_type_of (method);
  GmlType *sig = method->type;
  GmlType *ptr = gml_type_pointer (c->types, rt);
  g_autofree char *tname = NULL;
  GmlAbi own, callee;
  Fn *fn;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  tname = gml_type_string (rt, GML_TYPE_STRING_QUALIFIED);
  {
    const char *dot = strrchr (tname, '.');
    const char *pkg = method->pkg != NULL ? method->pkg->name : "main";
    const char *name = gml_arena_printf (c->program->arena, "%s.(*%s).%s", pkg, dot ? dot + 1 : tname, method->name);

    fn = fn_new (c, name, name + strlen (pkg) + 1, NULL);
  }
  fn->code->is_wrapper = TRUE;
  gml_abi_layout (ptr, sig, &own);
  gml_abi_layout (rt, sig, &callee);
  fn->code->args_size = own.size;
  fn_new_stmt (fn, method->pos);
  {
    gint32 p = fn_temp (fn, ptr);

    emit (fn, GML_OP_MOV, GML_KIND_U64, p, 16, 0, 0, 0);
    emit (fn, GML_OP_LOADN, 0, OUT (0), p, 0, (gint32) gml_type_size (rt), 0);
  }
  wrapper_copy_args (fn, sig, &own, 1, &callee, 1);
  fn_note_out (fn, callee.size);
  emit (fn, GML_OP_CALL, 0, (gint32) method->u.func.func->index, OUT (0), 0, 0, 0);
  wrapper_copy_results (fn, sig, &own, &callee);
  emit (fn, GML_OP_RET, 0, 0, 0, 0, 0, 0);
  g_hash_table_insert (c->wrappers, g_strdup (key), GUINT_TO_POINTER (fn->code->index + 1));
  {
    guint index = fn->code->index;

    fn_finish (fn);
    (void) recv_type;
    return index;
  }
}

/* The name Go gives a wrapper of method `name` with receiver `held`:
 * main.Outer.M, main.(*Outer).M. */
static const char *
wrapper_name (Compiler   *c,
              GmlType    *held,
              const char *name)
{
  gboolean ptr = held->kind == GML_TYPE_POINTER;
  GmlType *named = ptr ? held->u.pointer.elem : held;
  g_autofree char *tname = gml_type_string (named, GML_TYPE_STRING_QUALIFIED);
  char *dot = strrchr (tname, '.');

  if (dot == NULL)
    return gml_arena_printf (c->program->arena, ptr ? "main.(*%s).%s" : "main.%s.%s", tname, name);
  *dot = '\0';
  return gml_arena_printf (c->program->arena, ptr ? "%s.(*%s).%s" : "%s.%s.%s", tname, dot + 1, name);
}

/* A function whose receiver parameter has type `held` and which calls
 * `method` on the value reached from it through the embedded fields
 * `path` (taking its address or copying it as the method wants): an itab
 * entry for a promoted method, or a method expression such as (*T).M for
 * a value method.  `held` is a pointer when the argument is one. */
guint
wrapper_promoted (Compiler    *c,
                  GmlType     *held,
                  GmlObject   *method,
                  const guint *path,
                  guint        path_len)
{
  g_autofree char *key = g_strdup_printf ("promoted:%u:%p", held->id, (void *) method);
  gpointer found = g_hash_table_lookup (c->wrappers, key);
  GmlType *sig = method->type;
  GmlAbi own, callee;
  const char *name;
  Loc recv;
  Fn *fn;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  name = wrapper_name (c, held, method->name);
  fn = fn_new (c, name, strchr (name, '.') + 1, NULL);
  fn->code->is_wrapper = TRUE;
  gml_abi_layout (held, sig, &own);
  gml_abi_layout (recv_type_of (method), sig, &callee);
  fn->code->args_size = own.size;
  fn_new_stmt (fn, method->pos);
  recv = (Loc) { LOC_SLOT, 16 + own.param_off[0], 0, held };
  emit_method_recv (fn, recv, path, path_len, method, OUT (0));
  wrapper_copy_args (fn, sig, &own, 1, &callee, 1);
  fn_note_out (fn, callee.size);
  emit (fn, GML_OP_CALL, 0, (gint32) method->u.func.func->index, OUT (0), 0, 0, 0);
  wrapper_copy_results (fn, sig, &own, &callee);
  emit (fn, GML_OP_RET, 0, 0, 0, 0, 0, 0);
  g_hash_table_insert (c->wrappers, g_steal_pointer (&key), GUINT_TO_POINTER (fn->code->index + 1));
  {
    guint index = fn->code->index;

    fn_finish (fn);
    return index;
  }
}

/* T.M-fm: the code of a method value x.M; the closure holds the receiver. */
guint
wrapper_method_value (Compiler  *c,
                      GmlObject *method,
                      gboolean   ptr_recv)
{
  g_autofree char *key = g_strdup_printf ("fm:%p:%d", (void *) method, ptr_recv);
  gpointer found = g_hash_table_lookup (c->wrappers, key);
  GmlType *rt = recv_type_of (method);
  GmlType *sig = method->type;
  GmlType *held = ptr_recv ? gml_type_pointer (c->types, rt) : rt;
  GmlAbi own, callee;
  Fn *fn;
  gint32 ctx;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  fn = fn_new (c, gml_arena_printf (c->program->arena, "%s-fm", method->u.func.func->name),
               gml_arena_printf (c->program->arena, "%s-fm", method->u.func.func->short_name), NULL);
  fn->code->is_wrapper = TRUE;
  gml_abi_layout (NULL, sig, &own);
  gml_abi_layout (rt, sig, &callee);
  fn->code->args_size = own.size;
  ctx = fn_temp_bytes (fn, 8, 8);
  fn_add_slot (fn, ctx, c->t_uintptr, NULL, FALSE);
  fn->ctx_slot = ctx;
  fn->vars_bottom = fn->temp_top;
  fn_new_stmt (fn, method->pos);
  if (ptr_recv && !(method->flags & GML_FUNC_PTR_RECV))
    {
      gint32 p = fn_temp (fn, held);

      emit (fn, GML_OP_LOAD, GML_KIND_U64, p, ctx, 8, 0, 0);
      emit (fn, GML_OP_LOADN, 0, OUT (0), p, 0, (gint32) gml_type_size (rt), 0);
    }
  else
    emit (fn, GML_OP_LOADN, 0, OUT (0), ctx, 8, (gint32) gml_type_size (held), 0);
  wrapper_copy_args (fn, sig, &own, 0, &callee, 1);
  fn_note_out (fn, callee.size);
  emit (fn, GML_OP_CALL, 0, (gint32) method->u.func.func->index, OUT (0), 0, 0, 0);
  wrapper_copy_results (fn, sig, &own, &callee);
  emit (fn, GML_OP_RET, 0, 0, 0, 0, 0, 0);
  g_hash_table_insert (c->wrappers, g_strdup (key), GUINT_TO_POINTER (fn->code->index + 1));
  {
    guint index = fn->code->index;

    fn_finish (fn);
    return index;
  }
}

/* I.M-fm: the code of a method value i.M on an interface value; the
 * closure holds i and the call dispatches through its itab. */
guint
wrapper_iface_method_value (Compiler *c,
                            GmlType  *iface,
                            guint     mi)
{
  g_autofree char *key = g_strdup_printf ("ifm:%u:%u", iface->id, mi);
  gpointer found = g_hash_table_lookup (c->wrappers, key);
  GmlIMethod *im = &gml_type_underlying (iface)->u.iface.methods[mi];
  g_autofree char *tname = gml_type_string (iface, GML_TYPE_STRING_QUALIFIED);
  const char *name;
  GmlAbi own, callee;
  gint32 ctx, iv;
  Fn *fn;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  name = gml_arena_printf (c->program->arena, "%s.%s-fm", tname, im->name);
  fn = fn_new (c, name, strchr (tname, '.') != NULL ? strchr (name, '.') + 1 : name, NULL);
  fn->code->is_wrapper = TRUE;
  gml_abi_layout (NULL, im->sig, &own);
  gml_abi_layout (c->t_uintptr, im->sig, &callee);
  fn->code->args_size = own.size;
  ctx = fn_temp_bytes (fn, 8, 8);
  fn_add_slot (fn, ctx, c->t_uintptr, NULL, FALSE);
  fn->ctx_slot = ctx;
  fn->vars_bottom = fn->temp_top;
  fn_new_stmt (fn, GML_POS_NONE);
  iv = fn_temp (fn, iface);
  emit (fn, GML_OP_LOADN, 0, iv, ctx, 8, 16, 0);
  wrapper_copy_args (fn, im->sig, &own, 0, &callee, 1);
  fn_note_out (fn, callee.size);
  emit (fn, GML_OP_CALLIFACE, 0, iv, OUT (0), (gint32) mi, 0, 0);
  wrapper_copy_results (fn, im->sig, &own, &callee);
  emit (fn, GML_OP_RET, 0, 0, 0, 0, 0, 0);
  g_hash_table_insert (c->wrappers, g_steal_pointer (&key), GUINT_TO_POINTER (fn->code->index + 1));
  {
    guint index = fn->code->index;

    fn_finish (fn);
    return index;
  }
}

/* ------------------------------------------------------------------ */
/* Type descriptors and itabs                                          */

guint64
gml_image_typedesc (const GmlImage *image,
                    GmlType        *type)
{
  return image->typedesc_base + (guint64) type->id * GML_TYPEDESC_SIZE;
}

GmlType *
gml_image_type_at (const GmlImage *image,
                   guint64         addr)
{
  guint64 id;

  if (addr < image->typedesc_base)
    return NULL;
  id = (addr - image->typedesc_base) / GML_TYPEDESC_SIZE;
  if (id >= gml_type_table_len (image->program->types))
    return NULL;
  return gml_type_table_get (image->program->types, (guint) id);
}

static char *
itab_key (GmlType *iface,
          GmlType *type)
{
  return g_strdup_printf ("%u:%u", iface->id, type->id);
}

guint64
gml_image_type_word (const GmlImage *image,
                     GmlType        *iface,
                     GmlType        *type)
{
  g_autofree char *key = NULL;
  gpointer found;

  if (gml_type_underlying (iface)->u.iface.n_methods == 0)
    return gml_image_typedesc (image, type);
  key = itab_key (iface, type);
  found = g_hash_table_lookup (image->itabs, key);
  g_return_val_if_fail (found != NULL, 0);
  return *(guint64 *) found;
}

const GmlItab *
gml_image_itab_at (const GmlImage *image,
                   guint64         addr)
{
  return g_hash_table_lookup (image->itab_info, &addr);
}

/* The itab entry of a method promoted from an embedded interface field:
 * reaches the field from the receiver `held` through `path` and calls
 * the method through the field's own itab. */
static guint
wrapper_promoted_iface (Compiler    *c,
                        GmlType     *held,
                        GmlIMethod  *im,
                        const guint *path,
                        guint        path_len)
{
  g_autofree char *key = g_strdup_printf ("promoted-iface:%u:%p", held->id, (void *) im);
  gpointer found = g_hash_table_lookup (c->wrappers, key);
  const char *name;
  GmlAbi own, callee;
  Loc field;
  guint mi;
  Fn *fn;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  name = wrapper_name (c, held, im->name);
  fn = fn_new (c, name, strchr (name, '.') + 1, NULL);
  fn->code->is_wrapper = TRUE;
  gml_abi_layout (held, im->sig, &own);
  gml_abi_layout (c->t_uintptr, im->sig, &callee);
  fn->code->args_size = own.size;
  fn_new_stmt (fn, GML_POS_NONE);
  field = loc_embedded (fn, (Loc) { LOC_SLOT, 16 + own.param_off[0], 0, held }, path, path_len);
  mi = (guint) (im - gml_type_underlying (field.type)->u.iface.methods);
  wrapper_copy_args (fn, im->sig, &own, 1, &callee, 1);
  fn_note_out (fn, callee.size);
  emit (fn, GML_OP_CALLIFACE, 0, loc_value (fn, field), OUT (0), (gint32) mi, 0, 0);
  wrapper_copy_results (fn, im->sig, &own, &callee);
  emit (fn, GML_OP_RET, 0, 0, 0, 0, 0, 0);
  g_hash_table_insert (c->wrappers, g_steal_pointer (&key), GUINT_TO_POINTER (fn->code->index + 1));
  {
    guint index = fn->code->index;

    fn_finish (fn);
    return index;
  }
}

/* The code each interface method dispatches to for `type`. */
static guint
itab_target (Compiler  *c,
             GmlType   *type,
             GmlIMethod *im)
{
  GmlLookup l;
  gboolean is_ptr = type->kind == GML_TYPE_POINTER;

  /* The interface's data word is the value itself when it is
   * pointer-shaped, else a pointer to a box holding it. */
  GmlType *held = is_ptr || gml_type_is_pointer_shaped (type) ? type : gml_type_pointer (c->types, type);

  if (!gml_type_lookup (c->types, type, im->pkg, im->name, &l))
    return G_MAXUINT;
  if (l.kind == GML_LOOKUP_IFACE_METHOD && l.path_len > 0)
    return wrapper_promoted_iface (c, held, l.imethod, l.path, l.path_len);
  if (l.kind != GML_LOOKUP_METHOD)
    return G_MAXUINT;
  if (l.path_len > 0)
    return wrapper_promoted (c, held, l.method, l.path, l.path_len);
  if (l.method->flags & GML_FUNC_PTR_RECV)
    return l.method->u.func.func->index;
  if (is_ptr || !gml_type_is_pointer_shaped (type))
    return wrapper_iface (c, l.method, type);
  return l.method->u.func.func->index;
}

static void
make_itab (Compiler *c,
           GmlType  *iface,
           GmlType  *type)
{
  GmlType *iu = gml_type_underlying (iface);
  g_autofree char *key = itab_key (iface, type);
  GmlItab *itab;
  guint64 addr;

  if (g_hash_table_contains (c->image->itabs, key))
    return;
  itab = g_new0 (GmlItab, 1);
  itab->iface = iface;
  itab->type = type;
  itab->n_fun = iu->u.iface.n_methods;
  itab->fun = g_new0 (guint32, itab->n_fun);
  for (guint i = 0; i < itab->n_fun; i++)
    itab->fun[i] = itab_target (c, type, &iu->u.iface.methods[i]);
  /* Go's itab: inter, _type, hash, fun[...] */
  addr = ro_reserve (c, 24 + 8 * itab->n_fun, 8);
  {
    guint64 *boxed = g_new (guint64, 1);
    guint64 *k = g_new (guint64, 1);

    *boxed = addr;
    *k = addr;
    g_hash_table_insert (c->image->itabs, g_steal_pointer (&key), boxed);
    g_hash_table_insert (c->image->itab_info, k, itab);
  }
}

/* Every (interface, concrete type) pair a program can form at run time:
 * interfaces of the program times the types it converts to interfaces. */
static gint
compare_type_ids (gconstpointer a,
                  gconstpointer b)
{
  const GmlType *x = *(GmlType *const *) a, *y = *(GmlType *const *) b;

  return x->id < y->id ? -1 : x->id > y->id;
}

static void
make_all_itabs (Compiler   *c,
                GHashTable *converted)
{
  guint n = gml_type_table_len (c->types);
  /* By type id, not hash order: the image must not depend on where the
   * types happen to be in memory (function order, addresses). */
  g_autoptr (GPtrArray) types = g_ptr_array_new ();
  GHashTableIter it;
  gpointer key;

  g_hash_table_iter_init (&it, converted);
  while (g_hash_table_iter_next (&it, &key, NULL))
    g_ptr_array_add (types, key);
  g_ptr_array_sort (types, compare_type_ids);
  for (guint i = 0; i < n; i++)
    {
      GmlType *iface = gml_type_table_get (c->types, i);

      if (gml_type_underlying (iface)->kind != GML_TYPE_INTERFACE
          || gml_type_underlying (iface)->u.iface.n_methods == 0)
        continue;
      for (guint j = 0; j < types->len; j++)
        {
          const char *missing;
          gboolean wrong;
          GmlType *t = types->pdata[j];

          if (!gml_type_is_interface (t) && gml_type_implements (c->types, t, iface, &missing, &wrong))
            make_itab (c, iface, t);
        }
    }
}

static void collect_child (GmlNode *child, const char *label, int index, gpointer data);

/* Every concrete type the program converts to an interface. */
static void
collect_converted (GmlNode    *n,
                   GHashTable *set)
{
  if (n == NULL)
    return;
  if (n->kind == GML_NODE_CALL && n->u.call.call_kind == GML_CALL_CONVERSION && n->type != NULL
      && gml_type_is_interface (n->type) && n->u.call.args.len == 1 && n->u.call.args.items[0]->type != NULL
      && !gml_type_is_interface (n->u.call.args.items[0]->type))
    g_hash_table_add (set, n->u.call.args.items[0]->type);
  gml_node_foreach_child (n, collect_child, set);
}

static void
collect_child (GmlNode    *child,
               const char *label,
               int         index,
               gpointer    data)
{
  collect_converted (child, data);
}

guint64
gml_compile_itab_word (Compiler *c,
                       GmlType  *iface,
                       GmlType  *type)
{
  make_itab (c, iface, type);
  return gml_image_type_word (c->image, iface, type);
}

static void
write_typedescs (Compiler *c)
{
  guint n = gml_type_table_len (c->types);
  GByteArray *ro = c->image->rodata;

  if (RO_TYPEDESC + (gsize) n * GML_TYPEDESC_SIZE > RO_TYPEDESC_END)
    {
      compiler_error (c, GML_POS_NONE, "program too large: %u types", n);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      GmlType *t = gml_type_table_get (c->types, i);
      guint8 *d = ro->data + RO_TYPEDESC + (gsize) i * GML_TYPEDESC_SIZE;
      guint64 size = (guint64) MAX (gml_type_size (t), 0);
      guint32 id = t->id;

      memcpy (d, &size, 8);
      memcpy (d + 8, &id, 4);
      d[12] = (guint8) gml_type_underlying (t)->kind;
      d[13] = t->align;
    }
}

/* ------------------------------------------------------------------ */
/* Text layout and lookups                                             */

static void
layout_text (Compiler *c)
{
  GmlImage *image = c->image;
  guint64 addr = GML_TEXT_BASE;
  GArray *map = g_array_new (FALSE, TRUE, sizeof (guint32));

  for (guint i = 0; i < image->codes->len; i++)
    {
      GmlCode *code = g_ptr_array_index (image->codes, i);
      guint64 len = ((guint64) MAX (code->n_code, 1) * 4 + 63) & ~(guint64) 63;
      guint32 idx = i;

      code->entry = addr;
      for (guint64 k = 0; k < len / 64; k++)
        g_array_append_val (map, idx);
      addr += len;
      /* The static funcval of every function. */
      if (RO_FUNCVALS + (gsize) (i + 1) * 8 <= RO_FUNCVALS_END)
        memcpy (image->rodata->data + RO_FUNCVALS + (gsize) i * 8, &code->entry, 8);
    }
  image->text_end = addr;
  image->text_map_len = map->len;
  image->text_map = (guint32 *) (gpointer) g_array_free (map, FALSE);
}

const GmlCode *
gml_image_code_at (const GmlImage *image,
                   guint64         text_addr,
                   guint          *pc)
{
  guint64 chunk;
  const GmlCode *code;

  if (text_addr < GML_TEXT_BASE || text_addr >= image->text_end)
    return NULL;
  chunk = (text_addr - GML_TEXT_BASE) / 64;
  code = g_ptr_array_index (image->codes, image->text_map[chunk]);
  *pc = (guint) ((text_addr - code->entry) / 4);
  return code;
}

/* ------------------------------------------------------------------ */
/* Natives                                                             */

const GmlNative *
gml_native_lookup (const char *name)
{
  const GmlNative *tables[] = { gml_natives_runtime, gml_natives_sync, gml_natives_fmt, gml_natives_misc };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (const GmlNative *n = tables[t]; n->name != NULL; n++)
      if (strcmp (n->name, name) == 0)
        return n;
  return NULL;
}

static GmlNativeResult
missing_native (GmlVm   *vm,
                guint64  args)
{
  GmlFrame f;
  g_autofree char *msg = NULL;

  /* The calling frame's CALL names the function. */
  if (gml_frame_first (vm, vm->rt.cur_g, &f) && f.pc > 0)
    {
      const GmlInsn *in = &f.code->code[f.pc - 1];
      const GmlCode *callee = g_ptr_array_index (vm->image->codes, in->a);

      msg = g_strdup_printf ("%s is not implemented by the simulator", callee->name);
    }
  gml_vm_fatal (vm, msg != NULL ? msg : "a native function is not implemented by the simulator");
  return GML_NATIVE_EXIT;
}

static void
bind_native (Compiler *c,
             GmlFunc  *func)
{
  const GmlNative *n = gml_native_lookup (func->name);
  GmlCode *code = g_new0 (GmlCode, 1);
  GmlAbi abi;

  code->name = func->name;
  code->short_name = func->short_name;
  code->func = func;
  code->index = func->index;
  code->is_native = TRUE;
  gml_abi_layout (func->recv != NULL ? func->recv->type : NULL, func->sig, &abi);
  code->args_size = abi.size;
  g_ptr_array_index (c->image->codes, func->index) = code;
  if (n == NULL)
    {
      /* Only a program that calls it fails, at the call. */
      static const GmlNative missing = { "missing", missing_native };

      n = &missing;
    }
  /* Index into a table made of all natives, built lazily per image. */
  code->native_id = c->image->n_natives;
  c->image->native_list = g_renew (GmlNative, c->image->native_list, c->image->n_natives + 1);
  c->image->native_list[c->image->n_natives++] = *n;
  c->image->natives = c->image->native_list;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

static void
make_entry (Compiler *c)
{
  GmlImage *image = c->image;
  GmlPackage *main_pkg = c->program->main_pkg;
  GmlObject *main_obj = gml_scope_lookup_local (main_pkg->scope, gml_arena_intern (c->program->arena, "main"));
  Fn *fn;

  if (main_obj == NULL || main_obj->kind != GML_OBJ_FUNC || main_obj->u.func.func == NULL)
    {
      compiler_error (c, GML_POS_NONE, "function main is undeclared in the main package");
      return;
    }
  /* runtime.main: package initialisation, then main.main. */
  fn = fn_new (c, "runtime.main", "runtime.main", NULL);
  image->main_code = fn->code->index;
  fn_new_stmt (fn, GML_POS_NONE);
  emit (fn, GML_OP_CALL, 0, (gint32) image->init_code, OUT (0), 0, 0, 0);
  emit (fn, GML_OP_CALL, 0, (gint32) main_obj->u.func.func->index, OUT (0), 0, 0, 0);
  emit (fn, GML_OP_RET, 0, 0, 0, 0, 0, 0);
  fn_finish (fn);
}

/* runtime.runfinq: the finalizer goroutine's loop.  fingwait (a native)
 * blocks until a finalizer is queued and returns its funcval and argument. */
static void
make_runfinq (Compiler *c)
{
  const GmlNative *wait = gml_native_lookup ("runtime.fingwait");
  GmlCode *native = g_new0 (GmlCode, 1);
  Fn *fn;
  gint32 f;
  guint top;

  if (wait == NULL)
    return;
  native->name = native->short_name = "runtime.fingwait";
  native->index = c->image->codes->len;
  native->is_native = TRUE;
  native->args_size = 24;
  native->native_id = c->image->n_natives;
  c->image->native_list = g_renew (GmlNative, c->image->native_list, c->image->n_natives + 1);
  c->image->native_list[c->image->n_natives++] = *wait;
  c->image->natives = c->image->native_list;
  g_ptr_array_add (c->image->codes, native);

  fn = fn_new (c, "runtime.runfinq", "runtime.runfinq", NULL);
  c->image->runfinq_code = fn->code->index;
  f = fn_temp (fn, c->t_uintptr);
  fn_note_out (fn, 24);
  top = fn_pc (fn);
  fn_new_stmt (fn, GML_POS_NONE);
  emit (fn, GML_OP_CALL, 0, (gint32) native->index, OUT (0), 0, 0, 0);
  emit (fn, GML_OP_MOV, GML_KIND_U64, f, OUT (0), 0, 0, 0);
  emit (fn, GML_OP_MOVN, 0, OUT (0), OUT (8), 16, 0, 0);
  emit (fn, GML_OP_CALLCLO, 0, f, OUT (0), 0, 0, 0);
  emit (fn, GML_OP_JMP, 0, (gint32) top, 0, 0, 0, 0);
  fn_finish (fn);
}

GmlImage *
gml_image_build (GmlProgram  *program,
                 GmlDiagList *diags)
{
  Compiler c = { 0 };
  GmlImage *image = g_new0 (GmlImage, 1);
  g_autoptr (GHashTable) converted = g_hash_table_new (NULL, NULL);

  c.program = program;
  c.image = image;
  c.types = program->types;
  c.diags = diags;
  c.strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c.wrappers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.escape_ran = program->escape_analysed;
  c.t_int = gml_type_basic (c.types, GML_TYPE_INT);
  c.t_bool = gml_type_basic (c.types, GML_TYPE_BOOL);
  c.t_uintptr = gml_type_basic (c.types, GML_TYPE_UINTPTR);
  c.t_string = gml_type_basic (c.types, GML_TYPE_STRING);
  c.t_uint8 = gml_type_basic (c.types, GML_TYPE_UINT8);
  c.t_uint64 = gml_type_basic (c.types, GML_TYPE_UINT64);
  c.t_any = gml_type_empty_interface (c.types);

  image->program = program;
  image->codes = g_ptr_array_new ();
  g_ptr_array_set_size (image->codes, program->funcs->len);
  image->stmts = g_array_new (FALSE, TRUE, sizeof (GmlStmtInfo));
  {
    GmlStmtInfo none = { 0, 0, 0, GML_STMT_GC };

    g_array_append_val (image->stmts, none);   /* id 0: GC work */
  }
  image->rodata = g_byte_array_sized_new (RO_HEAP);
  g_byte_array_set_size (image->rodata, RO_HEAP);
  memset (image->rodata->data, 0, RO_HEAP);
  for (guint64 i = 0; i < 256; i++)
    memcpy (image->rodata->data + GML_RO_STATICUINT64S_OFF + i * 8, &i, 8);
  image->typedesc_base = GML_RODATA_BASE + RO_TYPEDESC;
  image->funcval_base = GML_RODATA_BASE + RO_FUNCVALS;
  image->itabs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  image->itab_info = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  image->data_base = GML_DATA_BASE_MIN + 0x1000;

  for (guint i = 0; i < gml_type_table_len (c.types); i++)
    {
      GmlType *t = gml_type_table_get (c.types, i);

      if (t->kind == GML_TYPE_MAP)
        gml_map_prepare (program, t);
      else if (t->kind == GML_TYPE_CHAN)
        gml_chan_prepare (program, t);
    }

  gml_compile_globals (&c);
  for (guint i = 0; i < program->funcs->len && !c.failed; i++)
    {
      GmlFunc *f = g_ptr_array_index (program->funcs, i);

      if (f->body == NULL)
        bind_native (&c, f);
      else
        compile_function (&c, f);
      if (f->body != NULL)
        collect_converted (f->body, converted);
    }
  for (guint p = 0; p < program->package_order->len; p++)
    {
      GmlPackage *pkg = g_ptr_array_index (program->package_order, p);

      for (guint i = 0; i < pkg->init_order->len; i++)
        collect_converted (g_ptr_array_index (pkg->init_order, i), converted);
    }
  if (!c.failed)
    gml_compile_init (&c);
  if (!c.failed)
    make_entry (&c);
  if (!c.failed)
    make_runfinq (&c);
  {
    GmlType *rt;

    static const char *const runtime_errors[] = {
      "runtime.errorString", "runtime.plainError", "runtime.boundsError",
    };

    /* Values the runtime itself puts in interfaces. */
    for (guint k = 0; k < G_N_ELEMENTS (runtime_errors); k++)
      if ((rt = gml_program_lookup_type (program, runtime_errors[k])) != NULL)
        g_hash_table_add (converted, rt);
    if ((rt = gml_program_lookup_type (program, "runtime.TypeAssertionError")) != NULL)
      g_hash_table_add (converted, gml_type_pointer (c.types, rt));
  }
  if (!c.failed)
    make_all_itabs (&c, converted);
  /* New types may have appeared (closure layouts, wrappers); compute
   * every layout and pointer mask now: the running VM only reads them. */
  for (guint i = 0; i < gml_type_table_len (c.types); i++)
    {
      GmlType *t = gml_type_table_get (c.types, i);
      const guint8 *mask;

      gml_type_size (t);
      if (t->has_pointers)
        gml_type_ptrmask (c.types, t, &mask);
    }
  if (!c.failed)
    write_typedescs (&c);
  if (!c.failed)
    layout_text (&c);

  g_hash_table_unref (c.strings);
  g_hash_table_unref (c.wrappers);
  if (c.failed)
    {
      gml_image_free (image);
      return NULL;
    }
  return image;
}

void
gml_image_free (GmlImage *image)
{
  if (image == NULL)
    return;
  for (guint i = 0; i < image->codes->len; i++)
    {
      GmlCode *code = g_ptr_array_index (image->codes, i);

      if (code == NULL)
        continue;
      g_free (code->code);
      g_free (code->pool);
      g_free (code->slots);
      g_free (code->stmt_of_pc);
      g_free (code->safepoints);
      g_free (code->live);
      g_free (code);
    }
  g_ptr_array_unref (image->codes);
  g_array_unref (image->stmts);
  g_byte_array_unref (image->rodata);
  g_free (image->text_map);
  {
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init (&it, image->itab_info);
    while (g_hash_table_iter_next (&it, NULL, &v))
      {
        GmlItab *itab = v;

        g_free (itab->fun);
        g_free (itab);
      }
  }
  g_hash_table_unref (image->itabs);
  g_hash_table_unref (image->itab_info);
  g_free (image->native_list);
  g_free (image);
}

/* ------------------------------------------------------------------ */
/* Disassembly                                                         */

char *
gml_code_disassemble (const GmlImage *image,
                      const GmlCode  *code)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s: frame %d locals %d args %d%s\n", code->name, code->frame_size,
                          code->locals_size, code->args_size, code->is_native ? " native" : "");
  for (guint pc = 0; pc < code->n_code; pc++)
    {
      const GmlInsn *in = &code->code[pc];

      g_string_append_printf (s, "%5u  %-12s k=%u %d %d %d %d %d\n", pc, gml_op_name ((GmlOp) in->op),
                              in->k, in->a, in->b, in->c, in->d, in->e);
    }
  (void) image;
  return g_string_free (s, FALSE);
}
