/* gml-compile-expr.c: expressions, calls and builtins. */
#include "gml-compile-private.h"

#include <string.h>

#include "gml-ast-private.h"
#include "gml-fmt.h"
#include "gml-map.h"

static gint32 call_builtin (Fn *fn, GmlNode *call);
static gint32 conversion (Fn *fn, GmlNode *call);

/* ------------------------------------------------------------------ */
/* Locations                                                           */

static Loc
loc_slot (gint32   slot,
          GmlType *type)
{
  Loc l = { LOC_SLOT, slot, 0, type };

  return l;
}

static Loc
loc_mem (gint32   ptr,
         gint32   off,
         GmlType *type)
{
  Loc l = { LOC_MEM, ptr, off, type };

  return l;
}

static gint32
ptr_temp (Fn *fn)
{
  return fn_temp (fn, gml_type_pointer (fn->c->types, fn->c->t_uint8));
}

static gint32
global_addr_slot (Fn        *fn,
                  GmlObject *var)
{
  gint32 t = ptr_temp (fn);

  emit (fn, GML_OP_CONST, GML_KIND_U64, t, (gint32) fn_const (fn, fn->c->image->data_base + (guint64) var->u.var.offset),
        0, 0, 0);
  return t;
}

/* The location of a variable that is about to be written whole: a
 * definition for the liveness analysis, not a use. */
Loc
var_loc_def (Fn        *fn,
             GmlObject *var)
{
  VarStore *vs = g_hash_table_lookup (fn->vars, var);

  if (vs != NULL && vs->kind == VS_SLOT)
    {
      fn_note_def (fn, var);
      return loc_slot (vs->slot, var->type);
    }
  return var_loc (fn, var);
}

Loc
var_loc (Fn        *fn,
         GmlObject *var)
{
  VarStore *vs = g_hash_table_lookup (fn->vars, var);

  if (vs == NULL)
    {
      if (var->flags & GML_VAR_GLOBAL)
        return loc_mem (global_addr_slot (fn, var), 0, var->type);
      compiler_error (fn->c, var->pos, "internal error: variable %s has no storage in %s",
                      var->name, fn->code->name);
      return loc_slot (fn_temp (fn, var->type), var->type);
    }
  switch (vs->kind)
    {
    case VS_SLOT:
      fn_note_use (fn, var);
      return loc_slot (vs->slot, var->type);
    case VS_HEAP:
      fn_note_use (fn, var);
      return loc_mem (vs->slot, 0, var->type);
    case VS_CAPT_VAL:
      return loc_mem (fn->ctx_slot, vs->slot, var->type);
    case VS_CAPT_REF:
      {
        gint32 p = ptr_temp (fn);

        emit (fn, GML_OP_LOAD, GML_KIND_U64, p, fn->ctx_slot, vs->slot, 0, 0);
        return loc_mem (p, 0, var->type);
      }
    case VS_GLOBAL:
    default:
      return loc_mem (global_addr_slot (fn, var), 0, var->type);
    }
}

static gboolean
is_pow2_small (gint64 size)
{
  return size == 1 || size == 2 || size == 4 || size == 8;
}

static GmlKind
width_kind (gint64 size)
{
  switch (size)
    {
    case 1: return GML_KIND_U8;
    case 2: return GML_KIND_U16;
    case 4: return GML_KIND_U32;
    default: return GML_KIND_U64;
    }
}

gint32
loc_value (Fn  *fn,
           Loc  l)
{
  gint64 size = gml_type_size (l.type);
  gint32 t;

  if (l.kind == LOC_SLOT)
    return l.slot;
  t = fn_temp (fn, l.type);
  if (is_pow2_small (size))
    emit (fn, GML_OP_LOAD, width_kind (size), t, l.slot, l.off, 0, 0);
  else
    emit (fn, GML_OP_LOADN, 0, t, l.slot, l.off, (gint32) size, 0);
  return t;
}

void
loc_store (Fn     *fn,
           Loc     l,
           gint32  src)
{
  gint64 size = gml_type_size (l.type);

  if (l.kind == LOC_SLOT)
    {
      emit_copy (fn, l.slot, src, l.type);
      return;
    }
  if (size == 0)
    return;
  if (l.type->has_pointers)
    emit (fn, GML_OP_STORET, 0, l.slot, src, l.off, (gint32) l.type->id, 0);
  else if (is_pow2_small (size))
    emit (fn, GML_OP_STORE, width_kind (size), l.slot, src, l.off, 0, 0);
  else
    emit (fn, GML_OP_STOREN, 0, l.slot, src, l.off, (gint32) size, 0);
}

gint32
loc_addr (Fn  *fn,
          Loc  l)
{
  gint32 t;

  if (l.kind == LOC_SLOT)
    {
      t = ptr_temp (fn);
      emit (fn, GML_OP_LEA, 0, t, l.slot, 0, 0, 0);
      return t;
    }
  if (l.off == 0)
    return l.slot;
  t = ptr_temp (fn);
  emit (fn, GML_OP_ADDPTR, 0, t, l.slot, l.off, 0, 0);
  return t;
}

/* Moves a location by a constant offset (a field). */
static Loc
loc_field (Loc      l,
           gint64   offset,
           GmlType *type)
{
  if (l.kind == LOC_SLOT)
    l.slot += (gint32) offset;
  else
    l.off += (gint32) offset;
  l.type = type;
  return l;
}

/* The struct reached through a pointer value: *p. */
static Loc
loc_deref (Fn       *fn,
           Loc       ptr_loc,
           GmlType  *elem)
{
  gint32 p = loc_value (fn, ptr_loc);

  return loc_mem (p, 0, elem);
}

/* Walks embedded fields (selection path), following pointers. */
static Loc
loc_walk_path (Fn           *fn,
               Loc           l,
               const guint  *path,
               guint         path_len)
{
  for (guint i = 0; i < path_len; i++)
    {
      GmlType *st = gml_type_underlying (l.type);
      GmlField *f;

      if (st->kind == GML_TYPE_POINTER)
        {
          l = loc_deref (fn, l, st->u.pointer.elem);
          st = gml_type_underlying (l.type);
        }
      f = &st->u.strukt.fields[path[i]];
      gml_type_size (st);
      l = loc_field (l, f->offset, f->type);
    }
  return l;
}

/* ------------------------------------------------------------------ */
/* Constants                                                           */

static void
const_into (Fn       *fn,
            GmlNode  *e,
            gint32    dst)
{
  GmlConst *cv = e->cval;
  GmlType *t = e->type;
  GmlType *u = gml_type_underlying (t);

  if (gml_type_is_interface (t))
    {
      compiler_error (fn->c, e->pos, "internal error: untyped constant in interface position");
      return;
    }
  switch (cv->kind)
    {
    case GML_CONST_BOOL:
      emit_const_int (fn, dst, t, cv->v.b ? 1 : 0);
      break;
    case GML_CONST_STRING:
      {
        guint64 addr = rodata_string (fn->c, cv->v.s.data, cv->v.s.len);

        emit (fn, GML_OP_CONST, GML_KIND_U64, dst, (gint32) fn_const (fn, addr), 0, 0, 0);
        emit (fn, GML_OP_CONST, GML_KIND_U64, dst + 8, (gint32) fn_const (fn, cv->v.s.len), 0, 0, 0);
      }
      break;
    case GML_CONST_INT:
    case GML_CONST_FLOAT:
      if (u->kind == GML_TYPE_FLOAT32)
        {
          float f = cv->kind == GML_CONST_INT ? (float) cv->v.i : (float) cv->v.f;
          guint32 bits;

          memcpy (&bits, &f, 4);
          emit (fn, GML_OP_CONST, GML_KIND_U32, dst, (gint32) fn_const (fn, bits), 0, 0, 0);
        }
      else if (u->kind == GML_TYPE_FLOAT64 || u->kind == GML_TYPE_UNTYPED_FLOAT)
        {
          double d = cv->kind == GML_CONST_INT ? (double) cv->v.i : (double) cv->v.f;
          guint64 bits;

          memcpy (&bits, &d, 8);
          emit (fn, GML_OP_CONST, GML_KIND_U64, dst, (gint32) fn_const (fn, bits), 0, 0, 0);
        }
      else
        {
          __int128 v = cv->kind == GML_CONST_INT ? cv->v.i : (__int128) cv->v.f;

          emit_const_int (fn, dst, t, (guint64) v);
        }
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Operators                                                           */

static void
has_call_child (GmlNode    *child,
                const char *label,
                int         index,
                gpointer    data)
{
  gboolean *found = data;

  if (!*found && node_has_call (child))
    *found = TRUE;
}

/* Does evaluating e make a call (which would use the outgoing area)? */
gboolean
node_has_call (GmlNode *e)
{
  gboolean found = FALSE;

  if (e == NULL || e->kind == GML_NODE_FUNC_LIT)
    return FALSE;
  if (e->kind == GML_NODE_CALL && e->u.call.call_kind != GML_CALL_CONVERSION
      && e->u.call.call_kind != GML_CALL_BUILTIN)
    return TRUE;
  gml_node_foreach_child (e, has_call_child, &found);
  return found;
}

gint32
emit_equal (Fn       *fn,
            gint32    x,
            gint32    y,
            GmlType  *t,
            gboolean  negate)
{
  gint32 r = fn_temp (fn, fn->c->t_bool);
  GmlType *u = gml_type_underlying (t);

  switch (u->kind)
    {
    case GML_TYPE_INTERFACE:
      emit (fn, GML_OP_IFACEEQ, u->u.iface.n_methods > 0, r, x, y, 0, 0);
      if (negate)
        emit (fn, GML_OP_NOT, 0, r, r, 0, 0, 0);
      return r;
    case GML_TYPE_STRUCT:
    case GML_TYPE_ARRAY:
      emit (fn, negate ? GML_OP_NEN : GML_OP_EQN, 0, r, x, y, (gint32) t->id, 0);
      return r;
    default:
      emit (fn, negate ? GML_OP_NE : GML_OP_EQ, type_kind (t), r, x, y, 0, 0);
      return r;
    }
}

/* The operands of a string sum, nested sums flattened as Go's typecheck
 * does: a + (b + c) is one concatenation of a, b and c. */
void
concat_operands (GmlNode   *e,
                 GPtrArray *out)
{
  GmlNode *u = gml_node_unparen (e);

  if (u->kind == GML_NODE_BINARY && u->u.binary.op == GML_TOKEN_ADD && u->cval == NULL
      && gml_type_is_string (u->type))
    {
      concat_operands (u->u.binary.x, out);
      concat_operands (u->u.binary.y, out);
    }
  else
    g_ptr_array_add (out, e);
}

static gint32
concat (Fn      *fn,
        GmlNode *e)
{
  g_autoptr (GPtrArray) ops = g_ptr_array_new ();
  gint32 area, dst = fn_temp (fn, fn->c->t_string);
  gint32 buf = 0;
  gboolean heap = site_on_heap (fn->c, e);

  concat_operands (e, ops);
  area = fn_temp_bytes (fn, 16 * (gint32) ops->len, 8);
  for (guint i = 0; i < ops->len; i++)
    {
      fn_add_slot (fn, area + 16 * (gint32) i, fn->c->t_string, NULL, FALSE);
      expr_into (fn, ops->pdata[i], area + 16 * (gint32) i);
    }
  if (!heap)
    buf = site_slot (fn, e, 32, 8);
  emit (fn, GML_OP_CONCAT, 0, dst, area, (gint32) ops->len, heap, buf);
  return dst;
}

static GmlOp
binary_op (GmlTokenKind tok)
{
  switch (tok)
    {
    case GML_TOKEN_ADD: return GML_OP_ADD;
    case GML_TOKEN_SUB: return GML_OP_SUB;
    case GML_TOKEN_MUL: return GML_OP_MUL;
    case GML_TOKEN_QUO: return GML_OP_DIV;
    case GML_TOKEN_REM: return GML_OP_REM;
    case GML_TOKEN_AND: return GML_OP_AND;
    case GML_TOKEN_OR: return GML_OP_OR;
    case GML_TOKEN_XOR: return GML_OP_XOR;
    case GML_TOKEN_AND_NOT: return GML_OP_ANDNOT;
    case GML_TOKEN_SHL: return GML_OP_SHL;
    case GML_TOKEN_SHR: return GML_OP_SHR;
    case GML_TOKEN_EQL: return GML_OP_EQ;
    case GML_TOKEN_NEQ: return GML_OP_NE;
    case GML_TOKEN_LSS: return GML_OP_LT;
    case GML_TOKEN_LEQ: return GML_OP_LE;
    case GML_TOKEN_GTR: return GML_OP_GT;
    case GML_TOKEN_GEQ: return GML_OP_GE;
    default: return GML_OP_NOP;
    }
}

GmlOp gml_compile_binary_op (GmlTokenKind tok);

GmlOp
gml_compile_binary_op (GmlTokenKind tok)
{
  return binary_op (tok);
}

/* A shift count as uint64, checked for negative values. */
static gint32
shift_count (Fn      *fn,
             GmlNode *y)
{
  gint32 v = expr_value (fn, y);
  gint32 t = fn_temp (fn, fn->c->t_uint64);
  GmlKind k = type_kind (y->type);

  if (k <= GML_KIND_I64 && y->cval == NULL)
    emit (fn, GML_OP_SHIFTCHECK, k, v, 0, 0, 0, 0);
  emit (fn, GML_OP_CONV, GML_KIND_U64, t, v, 0, k, 0);
  return t;
}

static gint32
binary (Fn      *fn,
        GmlNode *e)
{
  GmlTokenKind tok = e->u.binary.op;
  GmlNode *x = e->u.binary.x, *y = e->u.binary.y;
  GmlOp op = binary_op (tok);
  gint32 a, b, r;

  if (tok == GML_TOKEN_LAND || tok == GML_TOKEN_LOR)
    {
      g_autoptr (GArray) jumps = g_array_new (FALSE, FALSE, sizeof (guint));
      gint32 res = fn_temp (fn, fn->c->t_bool);

      /* res = x; if res == (tok == ||) goto end; res = y */
      expr_into (fn, x, res);
      g_array_append_val (jumps, (guint) { emit (fn, tok == GML_TOKEN_LOR ? GML_OP_JT : GML_OP_JF, 0, res, 0, 0, 0, 0) });
      expr_into (fn, y, res);
      for (guint i = 0; i < jumps->len; i++)
        patch_jump (fn, g_array_index (jumps, guint, i), fn_pc (fn));
      return res;
    }
  if (tok == GML_TOKEN_ADD && gml_type_is_string (e->type))
    return concat (fn, e);
  if (op == GML_OP_EQ || op == GML_OP_NE)
    {
      a = expr_value (fn, x);
      b = expr_value (fn, y);
      return emit_equal (fn, a, b, x->type, op == GML_OP_NE);
    }
  a = expr_value (fn, x);
  /* An integer plus or minus a constant (n+1, i-2): one ADDI. */
  if ((op == GML_OP_ADD || op == GML_OP_SUB) && y->cval != NULL && y->cval->kind == GML_CONST_INT)
    {
      GmlKind k = type_kind (e->type);
      __int128 c = op == GML_OP_ADD ? (__int128) y->cval->v.i : -(__int128) y->cval->v.i;

      if (k >= GML_KIND_I8 && k <= GML_KIND_U64 && c >= G_MININT32 && c <= G_MAXINT32)
        {
          r = fn_temp (fn, e->type);
          emit (fn, GML_OP_ADDI, k, r, a, (gint32) c, 0, 0);
          return r;
        }
    }
  if (op == GML_OP_SHL || op == GML_OP_SHR)
    b = shift_count (fn, y);
  else
    b = expr_value (fn, y);
  if (op >= GML_OP_EQ && op <= GML_OP_GE)
    {
      r = fn_temp (fn, fn->c->t_bool);
      emit (fn, op, type_kind (x->type), r, a, b, 0, 0);
      return r;
    }
  r = fn_temp (fn, e->type);
  emit (fn, op, type_kind (e->type), r, a, b, 0, 0);
  return r;
}

/* ------------------------------------------------------------------ */
/* Allocation sites                                                    */

/* Storage for a new object of `type` at allocation site `site`: a heap
 * object, or frame storage when escape analysis keeps it on the stack.
 * Returns a slot holding its address. */
static gint32
alloc_object (Fn      *fn,
              GmlNode *site,
              GmlType *type)
{
  gint32 p = fn_temp (fn, gml_type_pointer (fn->c->types, type));

  if (site_on_heap (fn->c, site))
    emit (fn, GML_OP_NEW, 0, p, (gint32) type->id, 1, 0, 0);
  else
    {
      gint32 storage = site_slot (fn, site, (gint32) MAX (gml_type_size (type), 1),
                                  (gint32) gml_type_align (type));

      fn_add_stack_object (fn, storage, type);
      emit (fn, GML_OP_NEW, 0, p, (gint32) type->id, storage, 0, 0);
    }
  return p;
}

/* The type a literal's elements fill: T for an elided &T{...} inside
 * another literal, whose node has type *T. */
static GmlType *
composite_type (GmlNode *e)
{
  GmlType *u = gml_type_underlying (e->type);

  if (e->u.composite.type == NULL && u->kind == GML_TYPE_POINTER)
    return u->u.pointer.elem;
  return e->type;
}

static gboolean
composite_is_elided_pointer (GmlNode *e)
{
  return composite_type (e) != e->type;
}

static void composite_into_loc (Fn *fn, GmlNode *e, Loc dst);

/* Fills a freshly zeroed location with a composite literal's elements. */
static void
composite_elems (Fn      *fn,
                 GmlNode *e,
                 Loc      dst)
{
  GmlType *t = composite_type (e);
  GmlType *u = gml_type_underlying (t);
  GmlNodeList elts = e->u.composite.elts;

  if (u->kind == GML_TYPE_STRUCT)
    {
      gml_type_size (u);
      for (guint i = 0; i < elts.len; i++)
        {
          GmlNode *el = elts.items[i];
          guint index = i;
          GmlNode *val = el;

          if (el->kind == GML_NODE_KEY_VALUE)
            {
              const char *name = el->u.kv.key->u.ident.name;

              val = el->u.kv.value;
              for (index = 0; index < u->u.strukt.n_fields; index++)
                if (u->u.strukt.fields[index].name == name)
                  break;
            }
          if (index >= u->u.strukt.n_fields)
            continue;
          {
            GmlField *f = &u->u.strukt.fields[index];
            Loc fl = loc_field (dst, f->offset, f->type);
            gint32 mark = fn_mark (fn);

            if (gml_node_unparen (val)->kind == GML_NODE_COMPOSITE_LIT)
              composite_into_loc (fn, gml_node_unparen (val), fl);
            else
              loc_store (fn, fl, expr_value (fn, val));
            fn_release (fn, mark);
          }
        }
      return;
    }
  /* Arrays: keys are constant indexes, elements without keys follow. */
  {
    GmlType *elem = u->kind == GML_TYPE_ARRAY ? u->u.array.elem : u->u.slice.elem;
    gint64 es = gml_type_size (elem), index = 0;

    for (guint i = 0; i < elts.len; i++, index++)
      {
        GmlNode *el = elts.items[i], *val = el;
        gint32 mark = fn_mark (fn);
        Loc el_loc;

        if (el->kind == GML_NODE_KEY_VALUE)
          {
            index = (gint64) el->u.kv.key->cval->v.i;
            val = el->u.kv.value;
          }
        el_loc = loc_field (dst, index * es, elem);
        if (gml_node_unparen (val)->kind == GML_NODE_COMPOSITE_LIT)
          composite_into_loc (fn, gml_node_unparen (val), el_loc);
        else
          loc_store (fn, el_loc, expr_value (fn, val));
        fn_release (fn, mark);
      }
  }
}

/* makemap's operand c: 1 for an hmap on the heap, else the frame storage
 * of a map that does not escape: its hmap, and one bucket when the hint
 * may fit in it (not a constant over 8), as walkMakeMap does. */
static gint32
map_storage (Fn       *fn,
             GmlNode  *site,
             GmlType  *t,
             gboolean  bucket)
{
  GmlType *st;
  gint32 storage;

  if (site_on_heap (fn->c, site))
    return 1;
  st = gml_map_stack_type (fn->c->program, t, bucket);
  storage = site_slot (fn, site, (gint32) gml_type_size (st), 8);
  fn_add_stack_object (fn, storage, st);
  return storage;
}

static gint32
map_literal (Fn      *fn,
             GmlNode *e)
{
  GmlType *t = e->type;
  GmlType *mu = gml_type_underlying (t);
  gint32 m = fn_temp (fn, t);
  gint32 hint = fn_temp (fn, fn->c->t_int);

  emit_const_int (fn, hint, fn->c->t_int, e->u.composite.elts.len);
  emit (fn, GML_OP_MAKEMAP, 0, m, hint, map_storage (fn, e, t, e->u.composite.elts.len <= 8),
        (gint32) t->id, 0);
  for (guint i = 0; i < e->u.composite.elts.len; i++)
    {
      GmlNode *kv = e->u.composite.elts.items[i];
      gint32 mark = fn_mark (fn);
      gint32 k = fn_temp (fn, mu->u.map.key);
      gint32 v = fn_temp (fn, mu->u.map.elem);
      gint32 p = ptr_temp (fn);

      expr_into (fn, kv->u.kv.key, k);
      expr_into (fn, kv->u.kv.value, v);
      emit (fn, GML_OP_MAPASSIGN, 0, p, m, k, (gint32) t->id, 0);
      loc_store (fn, loc_mem (p, 0, mu->u.map.elem), v);
      fn_release (fn, mark);
    }
  return m;
}

static gint32
slice_literal (Fn      *fn,
               GmlNode *e)
{
  GmlType *t = e->type;
  GmlType *elem = gml_type_underlying (t)->u.slice.elem;
  gint64 n = 0, idx = 0;
  gint32 hdr = fn_temp (fn, t);
  gint32 p;

  for (guint i = 0; i < e->u.composite.elts.len; i++, idx++)
    {
      GmlNode *el = e->u.composite.elts.items[i];

      if (el->kind == GML_NODE_KEY_VALUE)
        idx = (gint64) el->u.kv.key->cval->v.i;
      n = MAX (n, idx + 1);
    }
  if (n == 0)
    {
      /* []T{} points at zerobase: an empty, non-nil slice. */
      emit (fn, GML_OP_CONST, GML_KIND_U64, hdr, (gint32) fn_const (fn, GML_ZEROBASE_ADDR), 0, 0, 0);
      emit (fn, GML_OP_ZERO, 0, hdr + 8, 0, 16, 0, 0);
      return hdr;
    }
  p = alloc_object (fn, e, gml_type_array (fn->c->types, elem, n));
  composite_elems (fn, e, loc_mem (p, 0, gml_type_array (fn->c->types, elem, n)));
  emit (fn, GML_OP_MOV, GML_KIND_U64, hdr, p, 0, 0, 0);
  emit_const_int (fn, hdr + 8, fn->c->t_int, (guint64) n);
  emit_const_int (fn, hdr + 16, fn->c->t_int, (guint64) n);
  return hdr;
}

/* An elided &T{...}: a new object of type T, the literal's own
 * allocation site, initialised in place. */
static gint32
elided_address_of (Fn      *fn,
                   GmlNode *e)
{
  GmlType *t = composite_type (e);
  gint32 p = alloc_object (fn, e, t);

  composite_elems (fn, e, loc_mem (p, 0, t));
  return p;
}

static void
composite_into_loc (Fn      *fn,
                    GmlNode *e,
                    Loc      dst)
{
  GmlType *u = gml_type_underlying (e->type);

  if (composite_is_elided_pointer (e))
    {
      loc_store (fn, dst, elided_address_of (fn, e));
      return;
    }
  if (u->kind == GML_TYPE_SLICE)
    {
      loc_store (fn, dst, slice_literal (fn, e));
      return;
    }
  if (u->kind == GML_TYPE_MAP)
    {
      loc_store (fn, dst, map_literal (fn, e));
      return;
    }
  if (dst.kind == LOC_SLOT)
    emit_zero (fn, dst.slot, e->type);
  else if (e->type->has_pointers)
    emit (fn, GML_OP_ZEROT, 0, dst.slot, 0, dst.off, (gint32) e->type->id, 0);
  else
    {
      gint32 z = fn_temp (fn, e->type);

      emit_zero (fn, z, e->type);
      loc_store (fn, dst, z);
    }
  composite_elems (fn, e, dst);
}

static gint32
composite (Fn      *fn,
           GmlNode *e)
{
  GmlType *u = gml_type_underlying (e->type);
  gint32 t;

  if (composite_is_elided_pointer (e))
    return elided_address_of (fn, e);
  if (u->kind == GML_TYPE_SLICE)
    return slice_literal (fn, e);
  if (u->kind == GML_TYPE_MAP)
    return map_literal (fn, e);
  t = fn_temp (fn, e->type);
  composite_into_loc (fn, e, loc_slot (t, e->type));
  return t;
}

/* &T{...}: a new object initialised in place. */
static gint32
address_of_composite (Fn      *fn,
                      GmlNode *amp,
                      GmlNode *lit)
{
  gint32 p = alloc_object (fn, amp, lit->type);

  composite_elems (fn, lit, loc_mem (p, 0, lit->type));
  return p;
}

/* ------------------------------------------------------------------ */
/* Closures                                                            */

static GmlType *
closure_type (Compiler *c,
              GmlFunc  *f)
{
  g_autoptr (GArray) fields = g_array_new (FALSE, TRUE, sizeof (GmlField));
  GmlField fv = { 0 };

  fv.name = gml_arena_intern (c->program->arena, "F");
  fv.type = c->t_uintptr;
  fv.exported = TRUE;
  g_array_append_val (fields, fv);
  for (guint i = 0; f->captures != NULL && i < f->captures->len; i++)
    {
      GmlObject *v = g_ptr_array_index (f->captures, i);
      GmlField cf = { 0 };

      cf.name = v->name;
      cf.type = var_byref (c, v) ? gml_type_pointer (c->types, v->type) : v->type;
      cf.exported = TRUE;
      g_array_append_val (fields, cf);
    }
  return gml_type_struct (c->types, (GmlField *) (gpointer) fields->data, fields->len);
}

static gint32
func_literal (Fn      *fn,
              GmlNode *e)
{
  GmlFunc *f = e->u.func_lit.func;
  GmlType *ct;
  gint32 dst = fn_temp (fn, e->type);
  gint32 area, storage = 0;

  if (f->captures == NULL || f->captures->len == 0)
    {
      /* No captures: a static funcval, no allocation. */
      emit (fn, GML_OP_CONST, GML_KIND_U64, dst, (gint32) fn_const (fn, funcval_static (fn->c, f->index)), 0, 0, 0);
      return dst;
    }
  ct = closure_type (fn->c, f);
  gml_type_size (ct);
  area = fn_temp (fn, ct);
  for (guint i = 0; i < f->captures->len; i++)
    {
      GmlObject *v = g_ptr_array_index (f->captures, i);
      GmlField *cf = &ct->u.strukt.fields[i + 1];
      Loc vl = var_loc (fn, v);

      if (var_byref (fn->c, v))
        emit (fn, GML_OP_MOV, GML_KIND_U64, area + (gint32) cf->offset, loc_addr (fn, vl), 0, 0, 0);
      else
        emit_copy (fn, area + (gint32) cf->offset, loc_value (fn, vl), v->type);
    }
  if (!site_on_heap (fn->c, e))
    {
      storage = site_slot (fn, e, (gint32) gml_type_size (ct), 8);
      fn_add_stack_object (fn, storage, ct);
    }
  emit (fn, GML_OP_CLOSURE, 0, dst, (gint32) f->index, area + 8, (gint32) ct->id, storage);
  return dst;
}

/* A method value x.M: a closure of the -fm wrapper holding the receiver. */
static gint32
method_value (Fn      *fn,
              GmlNode *e)
{
  GmlSelection *sel = &e->u.selector.selection;
  GmlObject *m = sel->obj;
  gboolean ptr = (m->flags & GML_FUNC_PTR_RECV) != 0;
  guint code = wrapper_method_value (fn->c, m, ptr);
  GmlType *recv = m->u.func.func->recv->type;
  GmlType *held = ptr ? recv : recv;
  GmlField fields[2] = { { 0 } };
  GmlType *ct;
  gint32 area, dst = fn_temp (fn, e->type);
  Loc x;

  fields[0].name = gml_arena_intern (fn->c->program->arena, "F");
  fields[0].type = fn->c->t_uintptr;
  fields[1].name = gml_arena_intern (fn->c->program->arena, "R");
  fields[1].type = held;
  ct = gml_type_struct (fn->c->types, fields, 2);
  gml_type_size (ct);
  area = fn_temp (fn, ct);
  x = expr_loc (fn, e->u.selector.x);
  x = loc_walk_path (fn, x, sel->path, sel->path_len);
  if (ptr && gml_type_underlying (x.type)->kind != GML_TYPE_POINTER)
    emit (fn, GML_OP_MOV, GML_KIND_U64, area + 8, loc_addr (fn, x), 0, 0, 0);
  else if (!ptr && gml_type_underlying (x.type)->kind == GML_TYPE_POINTER)
    emit_copy (fn, area + 8, loc_value (fn, loc_deref (fn, x, recv)), recv);
  else
    emit_copy (fn, area + 8, loc_value (fn, x), held);
  emit (fn, GML_OP_CLOSURE, 0, dst, (gint32) code, area + 8, (gint32) ct->id, 0);
  return dst;
}

/* T.M or (*T).M: the method's own code when T.M's receiver is exactly the
 * first parameter, otherwise a wrapper that reaches the receiver (through
 * a pointer, through embedded fields). */
static gint32
method_expr (Fn      *fn,
             GmlNode *e)
{
  GmlSelection *sel = &e->u.selector.selection;
  GmlObject *m = sel->obj;
  GmlType *held = gml_type_underlying (e->type)->u.func.params[0];
  gboolean held_ptr = gml_type_underlying (held)->kind == GML_TYPE_POINTER;
  gint32 t = fn_temp (fn, e->type);
  guint code;

  if (m == NULL)
    {
      compiler_error (fn->c, e->pos, "method expressions of interface types are not supported by the simulator");
      return t;
    }
  code = m->u.func.func->index;
  if (sel->path_len > 0 || held_ptr != ((m->flags & GML_FUNC_PTR_RECV) != 0))
    code = wrapper_promoted (fn->c, held, m, sel->path, sel->path_len);
  emit (fn, GML_OP_CONST, GML_KIND_U64, t, (gint32) fn_const (fn, funcval_static (fn->c, code)), 0, 0, 0);
  return t;
}

/* The interface value x.M calls M on: x itself, or the embedded
 * interface field M is promoted from.  *iface is its type, *mi M's index
 * in its method set. */
static gint32
iface_operand (Fn       *fn,
               GmlNode  *fun,
               GmlType **iface,
               guint    *mi)
{
  GmlSelection *sel = &fun->u.selector.selection;
  GmlNode *x = fun->u.selector.x;
  GmlType *xu = gml_type_underlying (x->type);
  Loc l;

  if (sel->path_len == 0)
    l = loc_slot (expr_value (fn, x), x->type);
  else
    {
      l = xu->kind == GML_TYPE_POINTER ? loc_mem (expr_value (fn, x), 0, xu->u.pointer.elem)
                                       : expr_loc (fn, x);
      l = loc_walk_path (fn, l, sel->path, sel->path_len);
    }
  *iface = l.type;
  *mi = (guint) (sel->imethod - gml_type_underlying (l.type)->u.iface.methods);
  return l.kind == LOC_SLOT ? l.slot : loc_value (fn, l);
}

/* i.M for an interface value i: a closure of i.M-fm holding i, which
 * must not be nil (Go checks when the method value is made). */
static gint32
iface_method_value (Fn      *fn,
                    GmlNode *e)
{
  GmlField fields[2] = { { 0 } };
  gint32 dst = fn_temp (fn, e->type);
  gint32 area, iv;
  GmlType *ct, *it;
  guint mi;

  iv = iface_operand (fn, e, &it, &mi);
  fields[0].name = gml_arena_intern (fn->c->program->arena, "F");
  fields[0].type = fn->c->t_uintptr;
  fields[1].name = gml_arena_intern (fn->c->program->arena, "R");
  fields[1].type = it;
  ct = gml_type_struct (fn->c->types, fields, 2);
  gml_type_size (ct);
  area = fn_temp (fn, ct);
  emit (fn, GML_OP_NILCHECK, 0, iv, 0, 0, 0, 0);
  emit_copy (fn, area + 8, iv, it);
  emit (fn, GML_OP_CLOSURE, 0, dst, (gint32) wrapper_iface_method_value (fn->c, it, mi),
        area + 8, (gint32) ct->id, 0);
  return dst;
}

/* ------------------------------------------------------------------ */
/* Selectors, indexing, slicing                                        */

static Loc
selector_loc (Fn      *fn,
              GmlNode *e)
{
  GmlSelection *sel = &e->u.selector.selection;
  GmlNode *x = e->u.selector.x;
  Loc l;

  if (sel->kind == GML_SEL_QUALIFIED)
    return var_loc (fn, sel->obj);
  if (gml_type_underlying (x->type)->kind == GML_TYPE_POINTER)
    l = loc_mem (expr_value (fn, x), 0, gml_type_underlying (x->type)->u.pointer.elem);
  else
    l = expr_loc (fn, x);
  l = loc_walk_path (fn, l, sel->path, sel->path_len);
  if (gml_type_underlying (l.type)->kind == GML_TYPE_POINTER)
    l = loc_deref (fn, l, gml_type_underlying (l.type)->u.pointer.elem);
  gml_type_size (gml_type_underlying (l.type));
  return loc_field (l, sel->field->offset, sel->field->type);
}

static gint32
int_operand (Fn      *fn,
             GmlNode *index,
             GmlKind *kind)
{
  gint32 v = expr_value (fn, index);

  *kind = type_kind (index->type);
  if (*kind != GML_KIND_I64 && *kind != GML_KIND_U64)
    {
      gint32 t = fn_temp (fn, fn->c->t_int);

      emit (fn, GML_OP_CONV, GML_KIND_I64, t, v, 0, *kind, 0);
      if (*kind >= GML_KIND_U8 && *kind <= GML_KIND_U32)
        *kind = GML_KIND_I64;
      else
        *kind = GML_KIND_I64;
      return t;
    }
  return v;
}

static Loc
index_loc (Fn      *fn,
           GmlNode *e)
{
  GmlNode *x = e->u.index.x;
  GmlType *xt = gml_type_underlying (x->type);
  GmlKind k;
  gint32 idx, len, p;
  GmlType *elem;

  if (xt->kind == GML_TYPE_POINTER)
    {
      GmlType *arr = gml_type_underlying (xt->u.pointer.elem);
      gint32 ptr = expr_value (fn, x);

      idx = int_operand (fn, e->u.index.index, &k);
      len = fn_temp (fn, fn->c->t_int);
      emit_const_int (fn, len, fn->c->t_int, (guint64) arr->u.array.len);
      emit (fn, GML_OP_NILCHECK, 0, ptr, 0, 0, 0, 0);
      emit (fn, GML_OP_BOUNDS, k, idx, len, GML_BOUNDS_INDEX, 0, 0);
      p = ptr_temp (fn);
      emit (fn, GML_OP_INDEXPTR, 0, p, ptr, idx, (gint32) gml_type_size (arr->u.array.elem), 0);
      return loc_mem (p, 0, arr->u.array.elem);
    }
  if (xt->kind == GML_TYPE_ARRAY)
    {
      Loc base;

      elem = xt->u.array.elem;
      if (e->u.index.index->cval != NULL)
        {
          base = expr_loc (fn, x);
          return loc_field (base, (gint64) e->u.index.index->cval->v.i * gml_type_size (elem), elem);
        }
      base = expr_loc (fn, x);
      idx = int_operand (fn, e->u.index.index, &k);
      len = fn_temp (fn, fn->c->t_int);
      emit_const_int (fn, len, fn->c->t_int, (guint64) xt->u.array.len);
      emit (fn, GML_OP_BOUNDS, k, idx, len, GML_BOUNDS_INDEX, 0, 0);
      p = ptr_temp (fn);
      emit (fn, GML_OP_INDEXPTR, 0, p, loc_addr (fn, base), idx, (gint32) gml_type_size (elem), 0);
      return loc_mem (p, 0, elem);
    }
  /* Slices. */
  {
    gint32 s = expr_value (fn, x);

    elem = xt->u.slice.elem;
    idx = int_operand (fn, e->u.index.index, &k);
    emit (fn, GML_OP_BOUNDS, k, idx, s + 8, GML_BOUNDS_INDEX, 0, 0);
    p = ptr_temp (fn);
    emit (fn, GML_OP_INDEXPTR, 0, p, s, idx, (gint32) gml_type_size (elem), 0);
    return loc_mem (p, 0, elem);
  }
}

static gint32
index_value (Fn      *fn,
             GmlNode *e)
{
  GmlType *xt = gml_type_underlying (e->u.index.x->type);

  if (xt->kind == GML_TYPE_STRING || xt->kind == GML_TYPE_UNTYPED_STRING)
    {
      gint32 s = expr_value (fn, e->u.index.x);
      GmlKind k;
      gint32 idx = int_operand (fn, e->u.index.index, &k);
      gint32 p = ptr_temp (fn);
      gint32 r = fn_temp (fn, fn->c->t_uint8);

      emit (fn, GML_OP_BOUNDS, k, idx, s + 8, GML_BOUNDS_INDEX, 0, 0);
      emit (fn, GML_OP_INDEXPTR, 0, p, s, idx, 1, 0);
      emit (fn, GML_OP_LOAD, GML_KIND_U8, r, p, 0, 0, 0);
      return r;
    }
  if (xt->kind == GML_TYPE_MAP)
    {
      gint32 m = expr_value (fn, e->u.index.x);
      gint32 k = fn_temp (fn, xt->u.map.key);
      gint32 p = ptr_temp (fn);

      expr_into (fn, e->u.index.index, k);
      emit (fn, GML_OP_MAPACCESS, 0, p, m, k, (gint32) e->u.index.x->type->id, 0);
      return loc_value (fn, loc_mem (p, 0, xt->u.map.elem));
    }
  return loc_value (fn, index_loc (fn, e));
}

/* s[lo:hi:max] on strings, slices and (pointers to) arrays. */
static gint32
slice_expr (Fn      *fn,
            GmlNode *e)
{
  GmlNode *x = e->u.slice.x;
  GmlType *xt = gml_type_underlying (x->type);
  gboolean is_string = gml_type_is_string (xt);
  gint32 base, len, cap, lo, hi, max, r;
  gint64 es;
  GmlKind k = GML_KIND_I64;

  base = ptr_temp (fn);
  len = fn_temp (fn, fn->c->t_int);
  cap = fn_temp (fn, fn->c->t_int);
  if (is_string)
    {
      gint32 s = expr_value (fn, x);

      emit (fn, GML_OP_MOV, GML_KIND_U64, base, s, 0, 0, 0);
      emit (fn, GML_OP_MOV, GML_KIND_U64, len, s + 8, 0, 0, 0);
      emit (fn, GML_OP_MOV, GML_KIND_U64, cap, s + 8, 0, 0, 0);
      es = 1;
    }
  else if (xt->kind == GML_TYPE_SLICE)
    {
      gint32 s = expr_value (fn, x);

      emit (fn, GML_OP_MOV, GML_KIND_U64, base, s, 0, 0, 0);
      emit (fn, GML_OP_MOV, GML_KIND_U64, len, s + 8, 0, 0, 0);
      emit (fn, GML_OP_MOV, GML_KIND_U64, cap, s + 16, 0, 0, 0);
      es = gml_type_size (xt->u.slice.elem);
    }
  else
    {
      GmlType *arr = xt->kind == GML_TYPE_POINTER ? gml_type_underlying (xt->u.pointer.elem) : xt;

      if (xt->kind == GML_TYPE_POINTER)
        {
          emit (fn, GML_OP_MOV, GML_KIND_U64, base, expr_value (fn, x), 0, 0, 0);
          emit (fn, GML_OP_NILCHECK, 0, base, 0, 0, 0, 0);
        }
      else
        emit (fn, GML_OP_MOV, GML_KIND_U64, base, expr_addr (fn, x), 0, 0, 0);
      emit_const_int (fn, len, fn->c->t_int, (guint64) arr->u.array.len);
      emit_const_int (fn, cap, fn->c->t_int, (guint64) arr->u.array.len);
      es = gml_type_size (arr->u.array.elem);
    }
  lo = fn_temp (fn, fn->c->t_int);
  hi = fn_temp (fn, fn->c->t_int);
  max = fn_temp (fn, fn->c->t_int);
  if (e->u.slice.lo != NULL)
    emit_copy (fn, lo, int_operand (fn, e->u.slice.lo, &k), fn->c->t_int);
  else
    emit_const_int (fn, lo, fn->c->t_int, 0);
  if (e->u.slice.slice3)
    {
      emit_copy (fn, hi, int_operand (fn, e->u.slice.hi, &k), fn->c->t_int);
      emit_copy (fn, max, int_operand (fn, e->u.slice.max, &k), fn->c->t_int);
      emit (fn, GML_OP_BOUNDS, GML_KIND_I64, max, cap, GML_BOUNDS_SLICE3_ACAP, 0, 0);
      emit (fn, GML_OP_BOUNDS, GML_KIND_I64, hi, max, GML_BOUNDS_SLICE3_B, 0, 0);
      emit (fn, GML_OP_BOUNDS, GML_KIND_I64, lo, hi, GML_BOUNDS_SLICE3_C, 0, 0);
    }
  else
    {
      if (e->u.slice.hi != NULL)
        emit_copy (fn, hi, int_operand (fn, e->u.slice.hi, &k), fn->c->t_int);
      else
        emit_copy (fn, hi, len, fn->c->t_int);
      emit_copy (fn, max, cap, fn->c->t_int);
      emit (fn, GML_OP_BOUNDS, GML_KIND_I64, hi, is_string ? len : cap,
            is_string || xt->kind != GML_TYPE_SLICE ? GML_BOUNDS_SLICE_ALEN : GML_BOUNDS_SLICE_ACAP, 0, 0);
      emit (fn, GML_OP_BOUNDS, GML_KIND_I64, lo, hi, GML_BOUNDS_SLICE_B, 0, 0);
    }
  r = fn_temp (fn, e->type);
  /* ptr = base + lo*es (Go keeps base when the result is empty at cap) */
  emit (fn, GML_OP_INDEXPTR, 0, r, base, lo, (gint32) es, 0);
  emit (fn, GML_OP_SUB, GML_KIND_I64, r + 8, hi, lo, 0, 0);
  if (!is_string)
    emit (fn, GML_OP_SUB, GML_KIND_I64, r + 16, max, lo, 0, 0);
  return r;
}

static gint32
type_assert (Fn      *fn,
             GmlNode *e,
             gint32   ok_slot)
{
  GmlType *target = e->type;
  gint32 v = expr_value (fn, e->u.assert.x);
  gint32 r = fn_temp (fn, target);

  emit (fn, GML_OP_ASSERT, 0, r, v, (gint32) target->id, ok_slot, (gint32) e->u.assert.x->type->id);
  return r;
}

/* ------------------------------------------------------------------ */
/* Unary                                                               */

static gint32
unary (Fn      *fn,
       GmlNode *e)
{
  GmlNode *x = e->u.unary.x;
  gint32 v, r;

  switch (e->u.unary.op)
    {
    case GML_TOKEN_AND:
      {
        GmlNode *ux = gml_node_unparen (x);

        if (ux->kind == GML_NODE_COMPOSITE_LIT)
          return address_of_composite (fn, e, ux);
        return expr_addr (fn, x);
      }
    case GML_TOKEN_ARROW:
      {
        gint32 ch = expr_value (fn, x);

        r = fn_temp (fn, e->type);
        emit (fn, GML_OP_CHANRECV, 0, ch, r, 0, 0, 0);
        return r;
      }
    case GML_TOKEN_ADD:
      return expr_value (fn, x);
    case GML_TOKEN_SUB:
      v = expr_value (fn, x);
      r = fn_temp (fn, e->type);
      emit (fn, GML_OP_NEG, type_kind (e->type), r, v, 0, 0, 0);
      return r;
    case GML_TOKEN_XOR:
      v = expr_value (fn, x);
      r = fn_temp (fn, e->type);
      emit (fn, GML_OP_BITNOT, type_kind (e->type), r, v, 0, 0, 0);
      return r;
    case GML_TOKEN_NOT:
    default:
      v = expr_value (fn, x);
      r = fn_temp (fn, e->type);
      emit (fn, GML_OP_NOT, 0, r, v, 0, 0, 0);
      return r;
    }
}

/* ------------------------------------------------------------------ */
/* Expressions                                                         */

Loc
expr_loc (Fn      *fn,
          GmlNode *e)
{
  switch (e->kind)
    {
    case GML_NODE_PAREN:
      return expr_loc (fn, e->u.paren.x);
    case GML_NODE_IDENT:
      if (e->u.ident.obj != NULL && e->u.ident.obj->kind == GML_OBJ_VAR)
        return var_loc (fn, e->u.ident.obj);
      break;
    case GML_NODE_SELECTOR:
      if (e->u.selector.selection.kind == GML_SEL_FIELD
          || (e->u.selector.selection.kind == GML_SEL_QUALIFIED && e->u.selector.selection.obj->kind == GML_OBJ_VAR))
        return selector_loc (fn, e);
      break;
    case GML_NODE_STAR:
      return loc_mem (expr_value (fn, e->u.star.x), 0, e->type);
    case GML_NODE_INDEX:
      if (gml_type_underlying (e->u.index.x->type)->kind != GML_TYPE_MAP
          && !gml_type_is_string (e->u.index.x->type))
        return index_loc (fn, e);
      break;
    default:
      break;
    }
  return loc_slot (expr_value (fn, e), e->type);
}

gint32
expr_addr (Fn      *fn,
           GmlNode *e)
{
  return loc_addr (fn, expr_loc (fn, e));
}

gint32
expr_value (Fn      *fn,
            GmlNode *e)
{
  if (e->cval != NULL && e->type != NULL && !gml_type_is_interface (e->type))
    {
      gint32 t = fn_temp (fn, e->type);

      const_into (fn, e, t);
      return t;
    }
  switch (e->kind)
    {
    case GML_NODE_PAREN:
      return expr_value (fn, e->u.paren.x);
    case GML_NODE_IDENT:
      {
        GmlObject *obj = e->u.ident.obj;
        gint32 t;

        if (obj != NULL && obj->kind == GML_OBJ_VAR)
          return loc_value (fn, var_loc (fn, obj));
        t = fn_temp (fn, e->type);
        if (obj != NULL && obj->kind == GML_OBJ_FUNC)
          emit (fn, GML_OP_CONST, GML_KIND_U64, t,
                (gint32) fn_const (fn, funcval_static (fn->c, obj->u.func.func->index)), 0, 0, 0);
        else
          emit_zero (fn, t, e->type);   /* nil */
        return t;
      }
    case GML_NODE_SELECTOR:
      {
        GmlSelection *sel = &e->u.selector.selection;

        if (sel->kind == GML_SEL_QUALIFIED)
          {
            if (sel->obj->kind == GML_OBJ_FUNC)
              {
                gint32 t = fn_temp (fn, e->type);

                emit (fn, GML_OP_CONST, GML_KIND_U64, t,
                      (gint32) fn_const (fn, funcval_static (fn->c, sel->obj->u.func.func->index)), 0, 0, 0);
                return t;
              }
            return loc_value (fn, var_loc (fn, sel->obj));
          }
        if (sel->kind == GML_SEL_METHOD)
          return method_value (fn, e);
        if (sel->kind == GML_SEL_METHOD_EXPR)
          return method_expr (fn, e);
        if (sel->kind == GML_SEL_IFACE_METHOD)
          return iface_method_value (fn, e);
        return loc_value (fn, selector_loc (fn, e));
      }
    case GML_NODE_STAR:
      return loc_value (fn, loc_mem (expr_value (fn, e->u.star.x), 0, e->type));
    case GML_NODE_BINARY:
      return binary (fn, e);
    case GML_NODE_UNARY:
      return unary (fn, e);
    case GML_NODE_CALL:
      {
        gint32 results[16];

        if (e->u.call.call_kind == GML_CALL_CONVERSION)
          return conversion (fn, e);
        if (e->u.call.call_kind == GML_CALL_BUILTIN)
          return call_builtin (fn, e);
        if (expr_call (fn, e, results, 16) == 0)
          return fn_temp (fn, fn->c->t_int);
        return results[0];
      }
    case GML_NODE_INDEX:
      return index_value (fn, e);
    case GML_NODE_SLICE_EXPR:
      return slice_expr (fn, e);
    case GML_NODE_TYPE_ASSERT:
      return type_assert (fn, e, 0);
    case GML_NODE_COMPOSITE_LIT:
      return composite (fn, e);
    case GML_NODE_FUNC_LIT:
      return func_literal (fn, e);
    default:
      compiler_error (fn->c, e->pos, "internal error: cannot compile %s", gml_node_kind_name (e->kind));
      return fn_temp (fn, e->type != NULL ? e->type : fn->c->t_int);
    }
}

void
expr_into (Fn      *fn,
           GmlNode *e,
           gint32   dst)
{
  if (e->cval != NULL && e->type != NULL && !gml_type_is_interface (e->type))
    {
      const_into (fn, e, dst);
      return;
    }
  emit_copy (fn, dst, expr_value (fn, e), e->type);
}

/* Jumps to be patched when e is `jump_if`. */
void
expr_cond (Fn       *fn,
           GmlNode  *e,
           gboolean  jump_if,
           GArray   *jumps)
{
  gint32 v = expr_value (fn, e);
  guint j = emit (fn, jump_if ? GML_OP_JT : GML_OP_JF, 0, v, 0, 0, 0, 0);

  g_array_append_val (jumps, j);
}

/* ------------------------------------------------------------------ */
/* Conversions                                                         */

void
emit_conv_iface (Fn      *fn,
                 GmlNode *site,
                 gint32   dst,
                 gint32   src,
                 GmlType *from,
                 GmlType *iface)
{
  if (gml_type_is_interface (from))
    {
      emit (fn, GML_OP_IFACE2IFACE, gml_type_underlying (from)->u.iface.n_methods > 0, dst, src,
            (gint32) iface->id, 0, 0);
      return;
    }
  {
    gboolean heap = site == NULL || site_on_heap (fn->c, site);
    gint32 box = 0;
    guint64 word = gml_type_underlying (iface)->u.iface.n_methods == 0
                   ? fn->c->image->typedesc_base + (guint64) from->id * GML_TYPEDESC_SIZE
                   : 0;

    if (!heap && !gml_type_is_pointer_shaped (from) && gml_type_size (from) > 0)
      {
        box = site_slot (fn, site, (gint32) gml_type_size (from), (gint32) gml_type_align (from));
        fn_add_stack_object (fn, box, from);
      }
    if (word == 0)
      {
        /* itab addresses are assigned when all conversions are known: a
         * pool entry with the pair is resolved at image build time. */
        word = gml_compile_itab_word (fn->c, iface, from);
      }
    emit (fn, GML_OP_CONVIFACE, heap ? 1 : 0, dst, src, (gint32) fn_const (fn, word), (gint32) from->id, box);
  }
}

/* A constant converted to an interface lives in read-only data. */
static gboolean
const_iface (Fn      *fn,
             GmlNode *arg,
             GmlType *iface,
             gint32   dst)
{
  GmlType *t = arg->type;
  gint64 size = gml_type_size (t);
  guint8 buf[16] = { 0 };
  guint64 data, word;

  if (arg->cval == NULL || size > 16 || gml_type_is_interface (t))
    return FALSE;
  if (arg->cval->kind == GML_CONST_STRING)
    {
      guint64 p = rodata_string (fn->c, arg->cval->v.s.data, arg->cval->v.s.len);
      guint64 len = arg->cval->v.s.len;

      memcpy (buf, &p, 8);
      memcpy (buf + 8, &len, 8);
    }
  else
    {
      gint32 tmp_mark = fn_mark (fn);

      (void) tmp_mark;
      /* Integers, floats and bools: encode the value as const_into does. */
      if (arg->cval->kind == GML_CONST_BOOL)
        buf[0] = arg->cval->v.b;
      else if (gml_type_is_float (t))
        {
          if (size == 4)
            {
              float f = arg->cval->kind == GML_CONST_INT ? (float) arg->cval->v.i : (float) arg->cval->v.f;

              memcpy (buf, &f, 4);
            }
          else
            {
              double d = arg->cval->kind == GML_CONST_INT ? (double) arg->cval->v.i : (double) arg->cval->v.f;

              memcpy (buf, &d, 8);
            }
        }
      else
        {
          guint64 v = (guint64) (arg->cval->kind == GML_CONST_INT ? arg->cval->v.i : (__int128) arg->cval->v.f);

          memcpy (buf, &v, (gsize) size);
        }
    }
  data = rodata_bytes (fn->c, buf, (gsize) MAX (size, 1), 8);
  word = gml_type_underlying (iface)->u.iface.n_methods == 0
         ? fn->c->image->typedesc_base + (guint64) t->id * GML_TYPEDESC_SIZE
         : gml_compile_itab_word (fn->c, iface, t);
  emit (fn, GML_OP_CONST, GML_KIND_U64, dst, (gint32) fn_const (fn, word), 0, 0, 0);
  emit (fn, GML_OP_CONST, GML_KIND_U64, dst + 8, (gint32) fn_const (fn, data), 0, 0, 0);
  return TRUE;
}

static GmlOp
string_conv_op (GmlType *to,
                GmlType *from)
{
  GmlType *tu = gml_type_underlying (to), *fu = gml_type_underlying (from);

  if (gml_type_is_string (tu))
    {
      if (fu->kind == GML_TYPE_SLICE)
        return gml_type_underlying (fu->u.slice.elem)->kind == GML_TYPE_UINT8 ? GML_OP_BYTESTOSTR : GML_OP_RUNESTOSTR;
      if (gml_type_is_integer (fu))
        return GML_OP_RUNETOSTR;
      return GML_OP_NOP;
    }
  if (tu->kind == GML_TYPE_SLICE && gml_type_is_string (fu))
    return gml_type_underlying (tu->u.slice.elem)->kind == GML_TYPE_UINT8 ? GML_OP_STRTOBYTES : GML_OP_STRTORUNES;
  return GML_OP_NOP;
}

/* []rune("const"): Go's type checker makes it the literal []rune{...}
 * (stringtoruneslit), so it is an array of exactly its runes, in the
 * frame unless it escapes, and []rune("") is an empty, non-nil slice. */
static gint32
const_string_runes (Fn         *fn,
                    GmlNode    *call,
                    const char *s,
                    gsize       len)
{
  GmlType *elem = gml_type_underlying (call->type)->u.slice.elem;
  gint32 hdr = fn_temp (fn, call->type);
  gint32 r = fn_temp (fn, elem);
  g_autoptr (GArray) runes = g_array_new (FALSE, FALSE, sizeof (gint32));
  GmlType *array;
  gint32 p;

  for (gsize i = 0; i < len;)
    {
      gsize w;
      gint32 c = gml_utf8_decode ((const guint8 *) s + i, len - i, &w);

      g_array_append_val (runes, c);
      i += w;
    }
  if (runes->len == 0)
    {
      emit (fn, GML_OP_CONST, GML_KIND_U64, hdr, (gint32) fn_const (fn, GML_ZEROBASE_ADDR), 0, 0, 0);
      emit (fn, GML_OP_ZERO, 0, hdr + 8, 0, 16, 0, 0);
      return hdr;
    }
  array = gml_type_array (fn->c->types, elem, runes->len);
  p = alloc_object (fn, call, array);
  for (guint k = 0; k < runes->len; k++)
    {
      emit_const_int (fn, r, elem, (guint64) (guint32) g_array_index (runes, gint32, k));
      loc_store (fn, loc_mem (p, (gint32) k * 4, elem), r);
    }
  emit (fn, GML_OP_MOV, GML_KIND_U64, hdr, p, 0, 0, 0);
  emit_const_int (fn, hdr + 8, fn->c->t_int, runes->len);
  emit_const_int (fn, hdr + 16, fn->c->t_int, runes->len);
  return hdr;
}

static gint32
conversion (Fn      *fn,
            GmlNode *call)
{
  GmlType *to = call->type;
  GmlNode *arg = call->u.call.args.items[0];
  GmlType *from = arg->type;
  gint32 r = fn_temp (fn, to);
  GmlOp sop;

  if (call->cval != NULL && !gml_type_is_interface (to))
    {
      const_into (fn, call, r);
      return r;
    }
  if (from == NULL || from->kind == GML_TYPE_UNTYPED_NIL)
    {
      /* T(nil): the zero value of a pointer, slice, map, chan, func or interface. */
      emit_zero (fn, r, to);
      return r;
    }
  if (gml_type_is_interface (to))
    {
      if (!const_iface (fn, arg, to, r))
        emit_conv_iface (fn, call, r, expr_value (fn, arg), from, to);
      return r;
    }
  sop = string_conv_op (to, from);
  if (sop != GML_OP_NOP)
    {
      gint32 v = expr_value (fn, arg);
      gboolean heap = site_on_heap (fn->c, call);
      gint32 buf;

      if (sop == GML_OP_STRTOBYTES && arg->cval != NULL && !heap)
        {
          /* []byte("const") that does not escape: Go's walk puts a
           * [len]byte in the frame (cap == len, not a 32-byte buffer). */
          gsize n = arg->cval->v.s.len;
          gint32 p = alloc_object (fn, call, gml_type_array (fn->c->types, fn->c->t_uint8, (gint64) n));

          emit (fn, GML_OP_MOV, GML_KIND_U64, r, p, 0, 0, 0);
          emit_const_int (fn, r + 8, fn->c->t_int, n);
          emit_const_int (fn, r + 16, fn->c->t_int, n);
          emit (fn, GML_OP_COPY, 0, fn_temp (fn, fn->c->t_int), r, v, 1, 0);
          return r;
        }
      if (sop == GML_OP_STRTORUNES && arg->cval != NULL)
        return const_string_runes (fn, call, arg->cval->v.s.data, arg->cval->v.s.len);
      /* Go's tmpBuf: 32 bytes, or 32 runes for []rune(s). */
      buf = heap ? 0 : site_slot (fn, call, sop == GML_OP_STRTORUNES ? 128 : 32, 8);
      if (sop == GML_OP_STRTOBYTES && arg->cval != NULL && heap)
        {
          /* []byte("const"): a fresh array of exactly len bytes. */
          gint32 len = fn_temp (fn, fn->c->t_int);

          emit_const_int (fn, len, fn->c->t_int, arg->cval->v.s.len);
          emit (fn, GML_OP_MAKESLICE, 0, r, len, -1, (gint32) fn->c->t_uint8->id, 0);
          emit (fn, GML_OP_COPY, 0, fn_temp (fn, fn->c->t_int), r, v, 1, 0);
          return r;
        }
      emit (fn, sop, type_kind (from), r, v, 0, heap, buf);
      return r;
    }
  if (gml_type_is_numeric (to) && gml_type_is_numeric (from))
    {
      gint32 v = expr_value (fn, arg);

      emit (fn, GML_OP_CONV, type_kind (to), r, v, 0, type_kind (from), 0);
      return r;
    }
  /* Same representation (named <-> underlying, pointers, funcs...). */
  emit_copy (fn, r, expr_value (fn, arg), to);
  return r;
}

/* ------------------------------------------------------------------ */
/* Calls                                                               */

/* Receiver value or address for a static method call. */
static void
receiver_into (Fn      *fn,
               GmlNode *fun,
               gint32   dst)
{
  GmlSelection *sel = &fun->u.selector.selection;
  GmlObject *m = sel->obj;
  gboolean ptr = (m->flags & GML_FUNC_PTR_RECV) != 0;
  GmlType *recv = m->u.func.func != NULL && m->u.func.func->recv != NULL ? m->u.func.func->recv->type
                                                                         : NULL;
  GmlNode *x = fun->u.selector.x;
  Loc l;

  if (recv == NULL)
    recv = ptr ? gml_type_pointer (fn->c->types, m->u.func.recv_base) : m->u.func.recv_base;
  if (gml_type_underlying (x->type)->kind == GML_TYPE_POINTER && sel->path_len == 0)
    {
      gint32 p = expr_value (fn, x);

      if (ptr)
        emit (fn, GML_OP_MOV, GML_KIND_U64, dst, p, 0, 0, 0);
      else
        {
          Loc d = loc_mem (p, 0, recv);

          emit_copy (fn, dst, loc_value (fn, d), recv);
        }
      return;
    }
  if (gml_type_underlying (x->type)->kind == GML_TYPE_POINTER)
    l = loc_mem (expr_value (fn, x), 0, gml_type_underlying (x->type)->u.pointer.elem);
  else
    l = expr_loc (fn, x);
  l = loc_walk_path (fn, l, sel->path, sel->path_len);
  if (gml_type_underlying (l.type)->kind == GML_TYPE_POINTER)
    l = loc_deref (fn, l, gml_type_underlying (l.type)->u.pointer.elem);
  if (ptr)
    emit (fn, GML_OP_MOV, GML_KIND_U64, dst, loc_addr (fn, l), 0, 0, 0);
  else
    emit_copy (fn, dst, loc_value (fn, l), recv);
}

/* The embedded field reached from the value at `l` through `path`,
 * following pointers on the way (for wrappers). */
Loc
loc_embedded (Fn          *fn,
              Loc          l,
              const guint *path,
              guint        path_len)
{
  return loc_walk_path (fn, l, path, path_len);
}

/* The receiver argument of method `m` for the value at `l`, reached
 * through the embedded fields `path`: the address of the embedded value
 * for a pointer receiver, a copy of it otherwise (for wrappers). */
void
emit_method_recv (Fn          *fn,
                  Loc          l,
                  const guint *path,
                  guint        path_len,
                  GmlObject   *m,
                  gint32       dst)
{
  GmlType *base;

  l = loc_walk_path (fn, l, path, path_len);
  if (gml_type_underlying (l.type)->kind == GML_TYPE_POINTER)
    l = loc_deref (fn, l, gml_type_underlying (l.type)->u.pointer.elem);
  base = l.type;
  if (m->flags & GML_FUNC_PTR_RECV)
    emit (fn, GML_OP_MOV, GML_KIND_U64, dst, loc_addr (fn, l), 0, 0, 0);
  else
    emit_copy (fn, dst, loc_value (fn, l), base);
}

/* The ...T slice of a variadic call without dots. */
static void
variadic_into (Fn       *fn,
               GmlNode  *call,
               GmlType  *slice_type,
               GmlNode **args,
               guint     n,
               gint32    dst)
{
  GmlType *elem = gml_type_underlying (slice_type)->u.slice.elem;
  GmlType *arr;
  gint32 p;

  if (n == 0)
    {
      emit (fn, GML_OP_ZERO, 0, dst, 0, 24, 0, 0);
      return;
    }
  arr = gml_type_array (fn->c->types, elem, n);
  p = alloc_object (fn, call, arr);
  for (guint i = 0; i < n; i++)
    {
      gint32 mark = fn_mark (fn);

      loc_store (fn, loc_mem (p, (gint32) (i * gml_type_size (elem)), elem), expr_value (fn, args[i]));
      fn_release (fn, mark);
    }
  emit (fn, GML_OP_MOV, GML_KIND_U64, dst, p, 0, 0, 0);
  emit_const_int (fn, dst + 8, fn->c->t_int, n);
  emit_const_int (fn, dst + 16, fn->c->t_int, n);
}

/* Evaluates the arguments of `call` for a callee with signature `sig`
 * into `area` (an OUT area or a temp block) laid out by `abi`; the
 * receiver, if any, is parameter 0. */
static void
args_into (Fn           *fn,
           GmlNode      *call,
           GmlType      *sig,
           const GmlAbi *abi,
           guint         first,
           gint32        area)
{
  GmlNodeList args = call->u.call.args;
  guint np = sig->u.func.n_params;
  gboolean variadic = sig->u.func.variadic && !call->u.call.has_dots;

  /* f(g()) with g returning several values. */
  if (args.len == 1 && args.items[0]->type != NULL && args.items[0]->type->kind == GML_TYPE_TUPLE)
    {
      gint32 res[16];
      GmlType *tuple = args.items[0]->type;
      guint n = expr_call (fn, args.items[0], res, 16);

      for (guint i = 0; i < n && i < np; i++)
        {
          GmlType *pt = sig->u.func.params[i];

          if (variadic && i == np - 1)
            {
              /* f(g()) into ...T: pack the remaining results. */
              GmlType *elem = gml_type_underlying (pt)->u.slice.elem;
              GmlType *arr = gml_type_array (fn->c->types, elem, n - i);
              gint32 p = alloc_object (fn, call, arr);
              gint32 dst = area + abi->param_off[first + i];

              for (guint k = i; k < n; k++)
                {
                  gint32 v = res[k];

                  if (gml_type_is_interface (elem) && !gml_type_is_interface (tuple->u.tuple.elems[k]))
                    {
                      v = fn_temp (fn, elem);
                      emit_conv_iface (fn, NULL, v, res[k], tuple->u.tuple.elems[k], elem);
                    }
                  loc_store (fn, loc_mem (p, (gint32) ((k - i) * gml_type_size (elem)), elem), v);
                }
              emit (fn, GML_OP_MOV, GML_KIND_U64, dst, p, 0, 0, 0);
              emit_const_int (fn, dst + 8, fn->c->t_int, n - i);
              emit_const_int (fn, dst + 16, fn->c->t_int, n - i);
              break;
            }
          if (gml_type_is_interface (pt) && !gml_type_is_interface (tuple->u.tuple.elems[i]))
            emit_conv_iface (fn, NULL, area + abi->param_off[first + i], res[i], tuple->u.tuple.elems[i], pt);
          else
            emit_copy (fn, area + abi->param_off[first + i], res[i], pt);
        }
      return;
    }
  for (guint i = 0; i < np; i++)
    {
      GmlType *pt = sig->u.func.params[i];
      gint32 dst = area + abi->param_off[first + i];

      if (variadic && i == np - 1)
        {
          variadic_into (fn, call, pt, args.items + i, args.len > i ? args.len - i : 0, dst);
          break;
        }
      if (i < args.len)
        expr_into (fn, args.items[i], dst);
    }
}

guint
expr_call (Fn      *fn,
           GmlNode *call,
           gint32  *results,
           guint    max_results)
{
  GmlNode *fun = gml_node_unparen (call->u.call.fun);
  GmlCallKind kind = call->u.call.call_kind;
  GmlType *sig = gml_type_underlying (fun->type);
  GmlType *recv = NULL;
  GmlAbi abi;
  gboolean staged;
  gint32 area, callee_slot = 0;
  guint first = 0, n, mi = 0;
  GmlType *iface = NULL;

  if (kind == GML_CALL_METHOD)
    {
      GmlObject *m = fun->u.selector.selection.obj;

      sig = m->type;
      recv = m->u.func.func != NULL && m->u.func.func->recv != NULL ? m->u.func.func->recv->type
             : ((m->flags & GML_FUNC_PTR_RECV) ? gml_type_pointer (fn->c->types, m->u.func.recv_base)
                                                : m->u.func.recv_base);
      first = 1;
    }
  else if (kind == GML_CALL_IFACE)
    {
      sig = fun->u.selector.selection.imethod->sig;
      recv = fn->c->t_uintptr;
      first = 1;
    }
  gml_abi_layout (recv, sig, &abi);
  fn_note_out (fn, abi.size);

  /* Arguments go straight into the outgoing area unless evaluating one of
   * them makes a call (which would overwrite it). */
  staged = FALSE;
  for (guint i = 0; i < call->u.call.args.len; i++)
    staged |= node_has_call (call->u.call.args.items[i]);
  if (kind == GML_CALL_METHOD || kind == GML_CALL_IFACE || kind == GML_CALL_CLOSURE)
    staged |= node_has_call (fun);
  area = staged ? fn_temp_bytes (fn, MAX (abi.size, 8), 8) : OUT (0);
  if (staged)
    for (guint i = 0; i < abi.n_params; i++)
      {
        GmlType *pt = i < first ? recv : sig->u.func.params[i - first];

        if (pt->has_pointers)
          fn_add_slot (fn, area + abi.param_off[i], pt, NULL, FALSE);
      }

  if (kind == GML_CALL_METHOD)
    receiver_into (fn, fun, area + abi.param_off[0]);
  else if (kind == GML_CALL_IFACE)
    callee_slot = iface_operand (fn, fun, &iface, &mi);
  else if (kind == GML_CALL_CLOSURE)
    callee_slot = expr_value (fn, fun);
  args_into (fn, call, sig, &abi, first, area);
  if (staged)
    emit (fn, GML_OP_MOVN, 0, OUT (0), area, abi.size, 0, 0);

  switch (kind)
    {
    case GML_CALL_FUNC:
      {
        GmlObject *obj = fun->kind == GML_NODE_SELECTOR ? fun->u.selector.selection.obj : fun->u.ident.obj;

        emit (fn, GML_OP_CALL, 0, (gint32) obj->u.func.func->index, OUT (0), 0, 0, 0);
      }
      break;
    case GML_CALL_METHOD:
      emit (fn, GML_OP_CALL, 0, (gint32) fun->u.selector.selection.obj->u.func.func->index, OUT (0), 0, 0, 0);
      break;
    case GML_CALL_IFACE:
      emit (fn, GML_OP_CALLIFACE, 0, callee_slot, OUT (0), (gint32) mi, 0, 0);
      break;
    default:
      emit (fn, GML_OP_CALLCLO, 0, callee_slot, OUT (0), 0, 0, 0);
      break;
    }
  n = MIN (sig->u.func.n_results, max_results);
  for (guint i = 0; i < n; i++)
    {
      results[i] = fn_temp (fn, sig->u.func.results[i]);
      emit_copy (fn, results[i], OUT (abi.result_off[i]), sig->u.func.results[i]);
    }
  return n;
}

/* ------------------------------------------------------------------ */
/* Builtins                                                            */

static gint32
builtin_len_cap (Fn      *fn,
                 GmlNode *call,
                 gboolean is_cap)
{
  GmlNode *x = call->u.call.args.items[0];
  GmlType *u = gml_type_underlying (x->type);
  gint32 r = fn_temp (fn, fn->c->t_int);
  gint32 v;

  if (u->kind == GML_TYPE_POINTER)
    u = gml_type_underlying (u->u.pointer.elem);
  if (u->kind == GML_TYPE_ARRAY)
    {
      /* Not a constant (the checker says so): x has calls or receives,
       * which happen. */
      if (call->cval == NULL)
        expr_value (fn, x);
      emit_const_int (fn, r, fn->c->t_int, (guint64) u->u.array.len);
      return r;
    }
  v = expr_value (fn, x);
  switch (u->kind)
    {
    case GML_TYPE_MAP:
      emit (fn, GML_OP_MAPLEN, 0, r, v, 0, 0, 0);
      break;
    case GML_TYPE_CHAN:
      emit (fn, GML_OP_CHANLEN, 0, r, v, is_cap, 0, 0);
      break;
    default:
      emit (fn, GML_OP_MOV, GML_KIND_U64, r, v + (is_cap ? 16 : 8), 0, 0, 0);
      break;
    }
  return r;
}

static gint32
builtin_append (Fn      *fn,
                GmlNode *call)
{
  GmlNodeList args = call->u.call.args;
  GmlType *st = call->type;
  GmlType *elem = gml_type_underlying (st)->u.slice.elem;
  gint64 es = gml_type_size (elem);
  gint32 s = fn_temp (fn, st);
  gint32 oldlen = fn_temp (fn, fn->c->t_int);
  gint32 newlen = fn_temp (fn, fn->c->t_int);
  g_autofree gint32 *vals = NULL;
  guint n = args.len - 1;

  expr_into (fn, args.items[0], s);
  if (call->u.call.has_dots)
    {
      gint32 other = expr_value (fn, args.items[1]);
      gint32 dst = fn_temp (fn, st);

      emit (fn, GML_OP_MOV, GML_KIND_U64, oldlen, s + 8, 0, 0, 0);
      emit (fn, GML_OP_ADD, GML_KIND_I64, newlen, oldlen, other + 8, 0, 0);
      emit (fn, GML_OP_GROWSLICE, 0, s, newlen, 0, (gint32) elem->id, 0);
      /* copy(s[oldlen:], other) */
      emit (fn, GML_OP_INDEXPTR, 0, dst, s, oldlen, (gint32) es, 0);
      emit (fn, GML_OP_SUB, GML_KIND_I64, dst + 8, newlen, oldlen, 0, 0);
      emit (fn, GML_OP_MOV, GML_KIND_U64, dst + 16, dst + 8, 0, 0, 0);
      emit (fn, GML_OP_COPY, 0, fn_temp (fn, fn->c->t_int), dst, other, (gint32) es, 0);
      return s;
    }
  /* Evaluate the new elements before growing (Go's order). */
  vals = g_new0 (gint32, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      vals[i] = fn_temp (fn, elem);
      expr_into (fn, args.items[i + 1], vals[i]);
    }
  if (n == 0)
    return s;
  emit (fn, GML_OP_MOV, GML_KIND_U64, oldlen, s + 8, 0, 0, 0);
  emit (fn, GML_OP_ADDI, GML_KIND_I64, newlen, oldlen, (gint32) n, 0, 0);
  emit (fn, GML_OP_GROWSLICE, 0, s, newlen, 0, (gint32) elem->id, 0);
  {
    gint32 p = ptr_temp (fn);

    emit (fn, GML_OP_INDEXPTR, 0, p, s, oldlen, (gint32) es, 0);
    for (guint i = 0; i < n; i++)
      loc_store (fn, loc_mem (p, (gint32) (i * es), elem), vals[i]);
  }
  return s;
}

static gint32
builtin_make (Fn      *fn,
              GmlNode *call)
{
  GmlType *t = call->type;
  GmlType *u = gml_type_underlying (t);
  GmlNodeList args = call->u.call.args;
  gint32 r = fn_temp (fn, t);
  GmlKind k;

  if (u->kind == GML_TYPE_MAP)
    {
      gint32 hint = args.len > 1 ? int_operand (fn, args.items[1], &k) : 0;
      gboolean fits = args.len < 2 || args.items[1]->cval == NULL || args.items[1]->cval->v.i <= 8;

      emit (fn, GML_OP_MAKEMAP, 0, r, hint, map_storage (fn, call, t, fits), (gint32) t->id, 0);
      return r;
    }
  if (u->kind == GML_TYPE_CHAN)
    {
      gint32 size = fn_temp (fn, fn->c->t_int);

      if (args.len > 1)
        emit_copy (fn, size, int_operand (fn, args.items[1], &k), fn->c->t_int);
      else
        emit_const_int (fn, size, fn->c->t_int, 0);
      emit (fn, GML_OP_MAKECHAN, 0, r, size, 0, (gint32) t->id, 0);
      return r;
    }
  {
    GmlType *elem = u->u.slice.elem;
    gint32 len = int_operand (fn, args.items[1], &k);
    gint32 cap = args.len > 2 ? int_operand (fn, args.items[2], &k) : -1;

    if (!site_on_heap (fn->c, call) && args.items[1]->cval != NULL
        && (args.len < 3 || args.items[2]->cval != NULL))
      {
        /* A constant-size make that does not escape: the array is in the frame. */
        gint64 n = (gint64) (args.len > 2 ? args.items[2]->cval->v.i : args.items[1]->cval->v.i);
        GmlType *arr = gml_type_array (fn->c->types, elem, n);
        gint32 p = alloc_object (fn, call, arr);

        emit (fn, GML_OP_MOV, GML_KIND_U64, r, p, 0, 0, 0);
        emit_copy (fn, r + 8, len, fn->c->t_int);
        emit_const_int (fn, r + 16, fn->c->t_int, (guint64) n);
        return r;
      }
    emit (fn, GML_OP_MAKESLICE, 0, r, len, cap, (gint32) elem->id, 0);
    return r;
  }
}

static void
builtin_print (Fn       *fn,
               GmlNode  *call,
               gboolean  ln)
{
  GmlNodeList args = call->u.call.args;

  for (guint i = 0; i < args.len; i++)
    {
      gint32 v = expr_value (fn, args.items[i]);
      int flags = (ln && i > 0) ? 1 : 0;

      if (ln && i == args.len - 1)
        flags |= 2;
      emit (fn, GML_OP_PRINT, 0, v, (gint32) args.items[i]->type->id, flags, 0, 0);
    }
  if (ln && args.len == 0)
    emit (fn, GML_OP_PRINTNL, 0, 0, 0, 0, 0, 0);
}

static gint32
call_builtin (Fn      *fn,
              GmlNode *call)
{
  GmlNodeList args = call->u.call.args;
  gint32 r = 0;

  switch (call->u.call.builtin)
    {
    case GML_BUILTIN_LEN:
      return builtin_len_cap (fn, call, FALSE);
    case GML_BUILTIN_CAP:
      return builtin_len_cap (fn, call, TRUE);
    case GML_BUILTIN_APPEND:
      return builtin_append (fn, call);
    case GML_BUILTIN_MAKE:
      return builtin_make (fn, call);
    case GML_BUILTIN_NEW:
      return alloc_object (fn, call, gml_type_underlying (call->type)->u.pointer.elem);
    case GML_BUILTIN_COPY:
      {
        gint32 d = expr_value (fn, args.items[0]);
        gint32 s = expr_value (fn, args.items[1]);
        GmlType *elem = gml_type_underlying (args.items[0]->type)->u.slice.elem;

        r = fn_temp (fn, fn->c->t_int);
        emit (fn, GML_OP_COPY, 0, r, d, s, (gint32) gml_type_size (elem), 0);
        return r;
      }
    case GML_BUILTIN_DELETE:
      {
        GmlType *mt = args.items[0]->type;
        gint32 m = expr_value (fn, args.items[0]);
        gint32 k = fn_temp (fn, gml_type_underlying (mt)->u.map.key);

        expr_into (fn, args.items[1], k);
        emit (fn, GML_OP_MAPDELETE, 0, 0, m, k, (gint32) mt->id, 0);
        return 0;
      }
    case GML_BUILTIN_CLOSE:
      emit (fn, GML_OP_CHANCLOSE, 0, expr_value (fn, args.items[0]), 0, 0, 0, 0);
      return 0;
    case GML_BUILTIN_PANIC:
      emit (fn, GML_OP_PANIC, 0, expr_value (fn, args.items[0]), 0, 0, 0, 0);
      return 0;
    case GML_BUILTIN_RECOVER:
      r = fn_temp (fn, fn->c->t_any);
      emit (fn, GML_OP_RECOVER, 0, r, 0, 0, 0, 0);
      return r;
    case GML_BUILTIN_PRINT:
    case GML_BUILTIN_PRINTLN:
      builtin_print (fn, call, call->u.call.builtin == GML_BUILTIN_PRINTLN);
      return 0;
    default:
      compiler_error (fn->c, call->pos, "builtin not supported by the simulator");
      return fn_temp (fn, fn->c->t_int);
    }
}

/* v, ok forms: m[k], x.(T), <-ch. */
gboolean gml_compile_comma_ok (Fn *fn, GmlNode *e, gint32 *value, gint32 *ok);

gboolean
gml_compile_comma_ok (Fn      *fn,
                      GmlNode *e,
                      gint32  *value,
                      gint32  *ok)
{
  e = gml_node_unparen (e);
  *ok = fn_temp (fn, fn->c->t_bool);
  if (e->kind == GML_NODE_TYPE_ASSERT)
    {
      *value = type_assert (fn, e, *ok);
      return TRUE;
    }
  if (e->kind == GML_NODE_INDEX)
    {
      GmlType *mt = e->u.index.x->type;
      GmlType *mu = gml_type_underlying (mt);
      gint32 m = expr_value (fn, e->u.index.x);
      gint32 k = fn_temp (fn, mu->u.map.key);
      gint32 p = ptr_temp (fn);

      expr_into (fn, e->u.index.index, k);
      emit (fn, GML_OP_MAPACCESS2, 0, p, m, k, (gint32) mt->id, *ok);
      *value = loc_value (fn, loc_mem (p, 0, mu->u.map.elem));
      return TRUE;
    }
  if (e->kind == GML_NODE_UNARY && e->u.unary.op == GML_TOKEN_ARROW)
    {
      gint32 ch = expr_value (fn, e->u.unary.x);

      *value = fn_temp (fn, e->type);
      emit (fn, GML_OP_CHANRECV, 0, ch, *value, *ok, 0, 0);
      return TRUE;
    }
  return FALSE;
}
