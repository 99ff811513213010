/* gml-compile-stmt.c: statements, functions, package initialisation. */
#include "gml-compile-private.h"

#include <string.h>

#include "gml-ast-private.h"
#include "gml-chan.h"
#include "gml-map.h"

static void assign_values (Fn *fn, GmlNode **lhs, guint n_lhs, GmlNode **rhs, guint n_rhs,
                           gboolean define, GmlPos pos);

static VarStore *
var_store_new (Fn           *fn,
               GmlObject    *var,
               VarStoreKind  kind,
               gint32        slot)
{
  VarStore *vs = g_new0 (VarStore, 1);

  vs->kind = kind;
  vs->slot = slot;
  /* Variables in frame slots were registered just before. */
  vs->slot_index = (kind == VS_SLOT || kind == VS_HEAP) ? (gint) fn->slots->len - 1 : -1;
  g_hash_table_insert (fn->vars, var, vs);
  return vs;
}

/* A slot in the vars region (above all temps). */
static gint32
vars_alloc (Fn      *fn,
            GmlType *type)
{
  gint32 size = (gint32) MAX (gml_type_size (type), 1);
  gint32 align = (gint32) MAX (gml_type_align (type), 1);

  fn->vars_bottom -= size;
  fn->vars_bottom = -(((-fn->vars_bottom) + align - 1) / align * align);
  return fn->vars_bottom;
}

/* ------------------------------------------------------------------ */
/* Declarations of locals                                              */

static void
scope_begin (Fn       *fn,
             VarStore *vs)
{
  GmlSlot *sl;

  if (vs->slot_index < 0)
    return;
  sl = &g_array_index (fn->slots, GmlSlot, vs->slot_index);
  if (sl->scope_start == G_MAXUINT32)
    sl->scope_start = fn_pc (fn);
}

/* Storage at the point of declaration: heap variables get a new object
 * each time their declaration runs (a loop body allocates per iteration). */
static Loc
declare_var (Fn        *fn,
             GmlObject *var)
{
  VarStore *vs = g_hash_table_lookup (fn->vars, var);
  Loc l;

  if (vs == NULL)
    return var_loc (fn, var);
  scope_begin (fn, vs);
  if (vs->kind == VS_HEAP)
    {
      /* The NEW defines the pointer slot; the store goes through it. */
      fn_note_def (fn, var);
      emit (fn, GML_OP_NEW, 0, vs->slot, (gint32) var->type->id, 1, 0, 0);
      return var_loc (fn, var);
    }
  l = var_loc_def (fn, var);
  return l;
}

static void
zero_loc (Fn  *fn,
          Loc  l)
{
  if (l.kind == LOC_SLOT)
    emit_zero (fn, l.slot, l.type);
  /* Heap variables are freshly allocated, hence zero. */
}

/* ------------------------------------------------------------------ */
/* Assignment                                                          */

static gboolean
is_blank (GmlNode *e)
{
  e = gml_node_unparen (e);
  return e->kind == GML_NODE_IDENT && strcmp (e->u.ident.name, "_") == 0;
}

static gboolean
is_map_index (GmlNode *e)
{
  e = gml_node_unparen (e);
  return e->kind == GML_NODE_INDEX && gml_type_underlying (e->u.index.x->type)->kind == GML_TYPE_MAP;
}

static Loc
map_assign_loc (Fn      *fn,
                GmlNode *e)
{
  GmlType *mt = e->u.index.x->type;
  GmlType *mu = gml_type_underlying (mt);
  gint32 m = expr_value (fn, e->u.index.x);
  gint32 k = fn_temp (fn, mu->u.map.key);
  gint32 p = fn_temp (fn, gml_type_pointer (fn->c->types, mu->u.map.elem));
  Loc l = { LOC_MEM, p, 0, mu->u.map.elem };

  expr_into (fn, e->u.index.index, k);
  emit (fn, GML_OP_MAPASSIGN, 0, p, m, k, (gint32) mt->id, 0);
  return l;
}

/* The location an assignment writes, or a declaration defines. */
static Loc
target_loc (Fn       *fn,
            GmlNode  *lhs,
            gboolean  define)
{
  GmlNode *u = gml_node_unparen (lhs);

  if (define && u->kind == GML_NODE_IDENT && u->u.ident.obj != NULL && u->u.ident.obj->decl == u)
    return declare_var (fn, u->u.ident.obj);
  if (u->kind == GML_NODE_IDENT && u->u.ident.obj != NULL && u->u.ident.obj->kind == GML_OBJ_VAR)
    return var_loc_def (fn, u->u.ident.obj);
  if (is_map_index (u))
    return map_assign_loc (fn, u);
  return expr_loc (fn, u);
}

static void
store_to (Fn       *fn,
          GmlNode  *lhs,
          gboolean  define,
          gint32    value)
{
  if (is_blank (lhs))
    return;
  loc_store (fn, target_loc (fn, lhs, define), value);
}

/* A target of a multiple assignment, after the first phase. */
typedef struct
{
  GmlNode *lhs;
  enum { TARGET_VAR, TARGET_LOC, TARGET_MAP } kind;
  Loc      loc;        /* TARGET_LOC */
  gint32   map, key;   /* TARGET_MAP: copies of the operands */
} Target;

/* Go assigns in two phases: the operands of index expressions and
 * pointer indirections on the left are evaluated first, then the values
 * are stored left to right, so `i, s[i] = 1, 2` writes the old s[i].
 * Variables need nothing; a map element is only assigned (inserted) in
 * the second phase. */
static void
target_prepare (Fn      *fn,
                GmlNode *lhs,
                Target  *t)
{
  GmlNode *u = gml_node_unparen (lhs);

  t->lhs = lhs;
  t->kind = TARGET_VAR;
  if (is_blank (lhs) || u->kind == GML_NODE_IDENT)
    return;
  if (is_map_index (u))
    {
      GmlType *mt = u->u.index.x->type;

      t->kind = TARGET_MAP;
      t->map = fn_temp (fn, mt);
      expr_into (fn, u->u.index.x, t->map);
      t->key = fn_temp (fn, gml_type_underlying (mt)->u.map.key);
      expr_into (fn, u->u.index.index, t->key);
      return;
    }
  t->kind = TARGET_LOC;
  t->loc = expr_loc (fn, u);
  if (t->loc.kind == LOC_MEM)
    {
      /* Freeze the address: a later store may change the pointer variable. */
      gint32 p = fn_temp (fn, gml_type_pointer (fn->c->types, fn->c->t_uint8));

      emit (fn, GML_OP_MOV, GML_KIND_U64, p, t->loc.slot, 0, 0, 0);
      t->loc.slot = p;
    }
}

static void
target_store (Fn       *fn,
              Target   *t,
              gboolean  define,
              gint32    value)
{
  GmlType *mt, *elem;
  Loc l;

  switch (t->kind)
    {
    case TARGET_VAR:
      store_to (fn, t->lhs, define, value);
      return;
    case TARGET_LOC:
      loc_store (fn, t->loc, value);
      return;
    case TARGET_MAP:
      mt = gml_node_unparen (t->lhs)->u.index.x->type;
      elem = gml_type_underlying (mt)->u.map.elem;
      l = (Loc) { LOC_MEM, fn_temp (fn, gml_type_pointer (fn->c->types, elem)), 0, elem };
      emit (fn, GML_OP_MAPASSIGN, 0, l.slot, t->map, t->key, (gint32) mt->id, 0);
      loc_store (fn, l, value);
      return;
    }
}

static void
assign_values (Fn       *fn,
               GmlNode **lhs,
               guint     n_lhs,
               GmlNode **rhs,
               guint     n_rhs,
               gboolean  define,
               GmlPos    pos)
{
  gint32 vals[64];
  Target targets[64];

  if (n_lhs > G_N_ELEMENTS (vals))
    {
      compiler_error (fn->c, pos, "too many assignment targets for the simulator");
      return;
    }
  if (n_lhs == 1)
    {
      store_to (fn, lhs[0], define, expr_value (fn, rhs[0]));
      return;
    }
  for (guint i = 0; i < n_lhs; i++)
    target_prepare (fn, lhs[i], &targets[i]);
  if (n_rhs == 1)
    {
      GmlNode *r = gml_node_unparen (rhs[0]);
      gint32 ok;

      if (r->kind == GML_NODE_CALL)
        {
          guint n = expr_call (fn, r, vals, n_lhs);

          for (guint i = 0; i < n; i++)
            target_store (fn, &targets[i], define, vals[i]);
          return;
        }
      if (gml_compile_comma_ok (fn, r, &vals[0], &ok))
        {
          target_store (fn, &targets[0], define, vals[0]);
          target_store (fn, &targets[1], define, ok);
          return;
        }
    }
  /* Evaluate every right-hand side first, then assign left to right. */
  for (guint i = 0; i < n_rhs && i < n_lhs; i++)
    {
      vals[i] = fn_temp (fn, rhs[i]->type);
      expr_into (fn, rhs[i], vals[i]);
    }
  for (guint i = 0; i < n_lhs; i++)
    target_store (fn, &targets[i], define, vals[i]);
}

/* s += x: Go's walk rewrites it as s = s + x and flattens the sum, so
 * s += " " + t is one concatenation of s, " " and t (one allocation).
 * For m[k] += x, order's safeMapRHS first evaluates x into a temporary:
 * a sum there is a concatenation of its own. */
static void
op_assign_concat (Fn      *fn,
                  GmlNode *s,
                  gint32   cur,
                  GmlType *type,
                  gint32   dst)
{
  g_autoptr (GPtrArray) ops = g_ptr_array_new ();
  gboolean heap = site_on_heap (fn->c, s);
  GmlNode *rhs = s->u.assign.rhs.items[0];
  gint32 area;

  if (is_map_index (s->u.assign.lhs.items[0]))
    g_ptr_array_add (ops, rhs);
  else
    concat_operands (rhs, ops);
  area = fn_temp_bytes (fn, 16 * (gint32) (ops->len + 1), 8);
  for (guint i = 0; i <= ops->len; i++)
    fn_add_slot (fn, area + 16 * (gint32) i, fn->c->t_string, NULL, FALSE);
  emit_copy (fn, area, cur, type);
  for (guint i = 0; i < ops->len; i++)
    expr_into (fn, ops->pdata[i], area + 16 * (gint32) (i + 1));
  emit (fn, GML_OP_CONCAT, 0, dst, area, (gint32) ops->len + 1, heap, heap ? 0 : site_slot (fn, s, 32, 8));
}

static void
op_assign (Fn      *fn,
           GmlNode *s)
{
  GmlNode *lhs = s->u.assign.lhs.items[0];
  GmlNode *rhs = s->u.assign.rhs.items[0];
  GmlTokenKind op = s->u.assign.op;
  GmlTokenKind bin = op - GML_TOKEN_ADD_ASSIGN + GML_TOKEN_ADD;
  Loc l = is_map_index (lhs) ? map_assign_loc (fn, gml_node_unparen (lhs)) : expr_loc (fn, lhs);
  gint32 a = loc_value (fn, l);
  GmlKind k = type_kind (l.type);
  /* A number in a frame slot (sum += x) takes the result in place: the
   * operation writes only once it has its result, so a panic (division
   * by zero) leaves it as it was. */
  gboolean in_place = l.kind == LOC_SLOT && k >= GML_KIND_I8 && k <= GML_KIND_F64;
  gint32 r = in_place ? l.slot : fn_temp (fn, l.type);

  if (bin == GML_TOKEN_ADD && gml_type_is_string (l.type))
    op_assign_concat (fn, s, a, l.type, r);
  else
    {
      gint32 b;
      GmlOp o = gml_compile_binary_op (bin);

      if (o == GML_OP_SHL || o == GML_OP_SHR)
        {
          gint32 v = expr_value (fn, rhs);

          b = fn_temp (fn, fn->c->t_uint64);
          emit (fn, GML_OP_CONV, GML_KIND_U64, b, v, 0, type_kind (rhs->type), 0);
        }
      else
        b = expr_value (fn, rhs);
      emit (fn, o, type_kind (l.type), r, a, b, 0, 0);
    }
  if (!in_place)
    loc_store (fn, l, r);
}

static void
assign_stmt (Fn      *fn,
             GmlNode *s)
{
  GmlTokenKind op = s->u.assign.op;

  if (op == GML_TOKEN_ASSIGN || op == GML_TOKEN_DEFINE)
    assign_values (fn, s->u.assign.lhs.items, s->u.assign.lhs.len, s->u.assign.rhs.items,
                   s->u.assign.rhs.len, op == GML_TOKEN_DEFINE, s->pos);
  else
    op_assign (fn, s);
}

static void
inc_dec (Fn      *fn,
         GmlNode *s)
{
  GmlNode *x = s->u.inc_dec.x;
  Loc l = is_map_index (x) ? map_assign_loc (fn, gml_node_unparen (x)) : expr_loc (fn, x);
  GmlKind k = type_kind (l.type);

  if (k == GML_KIND_F32 || k == GML_KIND_F64)
    {
      gint32 one = fn_temp (fn, l.type);
      gint32 v = loc_value (fn, l);
      gint32 r = fn_temp (fn, l.type);
      double d = 1.0;
      float f = 1.0f;
      guint64 bits = 0;

      if (k == GML_KIND_F32)
        memcpy (&bits, &f, 4);
      else
        memcpy (&bits, &d, 8);
      emit (fn, GML_OP_CONST, k == GML_KIND_F32 ? GML_KIND_U32 : GML_KIND_U64, one, (gint32) fn_const (fn, bits), 0, 0, 0);
      emit (fn, s->u.inc_dec.inc ? GML_OP_ADD : GML_OP_SUB, k, r, v, one, 0, 0);
      loc_store (fn, l, r);
      return;
    }
  if (l.kind == LOC_SLOT)
    {
      emit (fn, GML_OP_ADDI, k, l.slot, l.slot, s->u.inc_dec.inc ? 1 : -1, 0, 0);
      return;
    }
  {
    gint32 v = loc_value (fn, l);
    gint32 r = fn_temp (fn, l.type);

    emit (fn, GML_OP_ADDI, k, r, v, s->u.inc_dec.inc ? 1 : -1, 0, 0);
    loc_store (fn, l, r);
  }
}

static void
decl_stmt (Fn      *fn,
           GmlNode *s)
{
  GmlNode *decl = s->u.decl_stmt.decl;

  if (decl->u.gen_decl.tok != GML_TOKEN_VAR)
    return;
  for (guint i = 0; i < decl->u.gen_decl.specs.len; i++)
    {
      GmlNode *spec = decl->u.gen_decl.specs.items[i];
      GmlNodeList names = spec->u.value_spec.names;
      GmlNodeList values = spec->u.value_spec.values;
      gint32 mark = fn_mark (fn);

      if (values.len == 0)
        {
          for (guint k = 0; k < names.len; k++)
            if (!is_blank (names.items[k]))
              zero_loc (fn, declare_var (fn, names.items[k]->u.ident.obj));
        }
      else
        assign_values (fn, names.items, names.len, values.items, values.len, TRUE, spec->pos);
      fn_release (fn, mark);
    }
}

/* ------------------------------------------------------------------ */
/* Control flow                                                        */

static Loop *
loop_push (Fn      *fn,
           GmlNode *target,
           GmlNode *label)
{
  Loop *l = g_new0 (Loop, 1);

  l->target = target;
  l->label = label;
  l->breaks = g_array_new (FALSE, FALSE, sizeof (guint));
  l->continues = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (fn->loops, l);
  return l;
}

static void
patch_all (Fn     *fn,
           GArray *jumps,
           guint   target)
{
  for (guint i = 0; i < jumps->len; i++)
    patch_jump (fn, g_array_index (jumps, guint, i), target);
}

static void
loop_pop (Fn    *fn,
          Loop  *l,
          guint  continue_pc,
          guint  break_pc)
{
  patch_all (fn, l->continues, continue_pc);
  patch_all (fn, l->breaks, break_pc);
  g_array_unref (l->breaks);
  g_array_unref (l->continues);
  g_ptr_array_remove_index (fn->loops, fn->loops->len - 1);
  g_free (l);
}

static void
branch_stmt (Fn      *fn,
             GmlNode *s)
{
  GmlNode *target = s->u.branch.target;
  guint j;

  if (s->u.branch.tok == GML_TOKEN_FALLTHROUGH)
    return;  /* handled by the switch */
  j = emit (fn, GML_OP_JMP, 0, 0, 0, 0, 0, 0);
  for (guint i = fn->loops->len; i > 0; i--)
    {
      Loop *l = g_ptr_array_index (fn->loops, i - 1);

      if (target != NULL && l->target != target)
        continue;
      if (target == NULL)
        {
          /* Unlabeled: the innermost loop (or switch/select for break). */
          if (s->u.branch.tok == GML_TOKEN_CONTINUE
              && l->target->kind != GML_NODE_FOR_STMT && l->target->kind != GML_NODE_RANGE_STMT)
            continue;
        }
      g_array_append_val (s->u.branch.tok == GML_TOKEN_BREAK ? l->breaks : l->continues, j);
      return;
    }
  compiler_error (fn->c, s->pos, "internal error: branch target not found");
}

static void
if_stmt (Fn      *fn,
         GmlNode *s)
{
  g_autoptr (GArray) falses = g_array_new (FALSE, FALSE, sizeof (guint));
  gint32 mark;

  if (s->u.if_stmt.init != NULL)
    stmt_compile (fn, s->u.if_stmt.init);
  mark = fn_mark (fn);
  fn_new_stmt (fn, gml_node_start_pos (s->u.if_stmt.cond));
  expr_cond (fn, s->u.if_stmt.cond, FALSE, falses);
  fn_release (fn, mark);
  stmt_compile (fn, s->u.if_stmt.then);
  if (s->u.if_stmt.else_ != NULL)
    {
      guint end = emit (fn, GML_OP_JMP, 0, 0, 0, 0, 0, 0);

      patch_all (fn, falses, fn_pc (fn));
      stmt_compile (fn, s->u.if_stmt.else_);
      patch_jump (fn, end, fn_pc (fn));
    }
  else
    patch_all (fn, falses, fn_pc (fn));
}

static void
for_stmt (Fn      *fn,
          GmlNode *s,
          GmlNode *label)
{
  g_autoptr (GArray) exits = g_array_new (FALSE, FALSE, sizeof (guint));
  guint top, cont;
  Loop *l;
  gint32 mark;

  if (s->u.for_stmt.init != NULL)
    stmt_compile (fn, s->u.for_stmt.init);
  top = fn_pc (fn);
  mark = fn_mark (fn);
  fn_new_stmt (fn, s->u.for_stmt.cond != NULL ? gml_node_start_pos (s->u.for_stmt.cond) : s->pos);
  if (s->u.for_stmt.cond != NULL)
    expr_cond (fn, s->u.for_stmt.cond, FALSE, exits);
  fn_release (fn, mark);
  l = loop_push (fn, s, label);
  stmt_compile (fn, s->u.for_stmt.body);
  cont = fn_pc (fn);
  if (s->u.for_stmt.post != NULL)
    stmt_compile (fn, s->u.for_stmt.post);
  emit (fn, GML_OP_JMP, 0, (gint32) top, 0, 0, 0, 0);
  patch_all (fn, exits, fn_pc (fn));
  loop_pop (fn, l, cont, fn_pc (fn));
}

static void
range_assign (Fn      *fn,
              GmlNode *s,
              GmlNode *target,
              gint32   value,
              GmlType *type)
{
  gint32 mark;

  if (target == NULL || is_blank (target))
    return;
  mark = fn_mark (fn);
  {
    Loc l = target_loc (fn, target, s->u.range.define);

    if (s->u.range.define)
      l.type = type;
    loc_store (fn, l, value);
  }
  fn_release (fn, mark);
}

/* Declares the iteration variables of `for k, v := range` once, before
 * the loop (Go 1.19: one variable for the whole loop). */
static void
range_declare (Fn      *fn,
               GmlNode *s)
{
  GmlNode *vars[2] = { s->u.range.key, s->u.range.value };

  if (!s->u.range.define)
    return;
  for (guint i = 0; i < 2; i++)
    if (vars[i] != NULL && !is_blank (vars[i]) && gml_node_unparen (vars[i])->kind == GML_NODE_IDENT)
      {
        GmlObject *v = gml_node_unparen (vars[i])->u.ident.obj;
        VarStore *vs = v != NULL ? g_hash_table_lookup (fn->vars, v) : NULL;

        if (vs != NULL)
          scope_begin (fn, vs);
        if (vs != NULL && vs->kind == VS_HEAP)
          emit (fn, GML_OP_NEW, 0, vs->slot, (gint32) v->type->id, 1, 0, 0);
      }
}

static void
range_stmt (Fn      *fn,
            GmlNode *s,
            GmlNode *label)
{
  GmlNode *x = s->u.range.x;
  GmlType *xt = gml_type_underlying (x->type);
  gboolean define_saved = s->u.range.define;
  guint top, cont, exit_jump;
  Loop *l;
  gint32 mark;

  fn_new_stmt (fn, s->pos);
  range_declare (fn, s);
  /* Iterate with define off: the variables exist already. */
  s->u.range.define = FALSE;

  if (xt->kind == GML_TYPE_MAP)
    {
      gint32 it = fn_add_slot (fn, fn_temp_bytes (fn, GML_HITER_SIZE, 8),
                               gml_map_hiter_type (fn->c->program), NULL, FALSE);
      gint32 m = fn_temp (fn, x->type);
      gint32 more = fn_temp (fn, fn->c->t_bool);
      gint32 kp = fn_temp (fn, gml_type_pointer (fn->c->types, xt->u.map.key));
      gint32 ep = fn_temp (fn, gml_type_pointer (fn->c->types, xt->u.map.elem));

      expr_into (fn, x, m);
      emit (fn, GML_OP_MAPITERINIT, 0, it, m, 0, (gint32) x->type->id, 0);
      top = fn_pc (fn);
      fn_new_stmt (fn, s->pos);
      emit (fn, GML_OP_MAPITERNEXT, 0, it, more, kp, ep, 0);
      exit_jump = emit (fn, GML_OP_JF, 0, more, 0, 0, 0, 0);
      mark = fn_mark (fn);
      if (s->u.range.key != NULL && !is_blank (s->u.range.key))
        {
          Loc kl = { LOC_MEM, kp, 0, xt->u.map.key };

          range_assign (fn, s, s->u.range.key, loc_value (fn, kl), xt->u.map.key);
        }
      if (s->u.range.value != NULL && !is_blank (s->u.range.value))
        {
          Loc el = { LOC_MEM, ep, 0, xt->u.map.elem };

          range_assign (fn, s, s->u.range.value, loc_value (fn, el), xt->u.map.elem);
        }
      fn_release (fn, mark);
    }
  else if (xt->kind == GML_TYPE_CHAN)
    {
      gint32 ch = fn_temp (fn, x->type);
      gint32 v = fn_temp (fn, xt->u.chan.elem);
      gint32 ok = fn_temp (fn, fn->c->t_bool);

      expr_into (fn, x, ch);
      top = fn_pc (fn);
      fn_new_stmt (fn, s->pos);
      emit (fn, GML_OP_CHANRECV, 0, ch, v, ok, 0, 0);
      exit_jump = emit (fn, GML_OP_JF, 0, ok, 0, 0, 0, 0);
      range_assign (fn, s, s->u.range.key, v, xt->u.chan.elem);
    }
  else if (gml_type_is_string (xt))
    {
      gint32 str = fn_temp (fn, fn->c->t_string);
      gint32 next = fn_temp (fn, fn->c->t_int);
      gint32 rn = fn_temp (fn, gml_type_basic (fn->c->types, GML_TYPE_INT32));
      gint32 pos = fn_temp (fn, fn->c->t_int);
      gint32 more = fn_temp (fn, fn->c->t_bool);

      expr_into (fn, x, str);
      emit_const_int (fn, next, fn->c->t_int, 0);
      top = fn_pc (fn);
      fn_new_stmt (fn, s->pos);
      emit (fn, GML_OP_RANGESTR, 0, str, next, rn, pos, more);
      exit_jump = emit (fn, GML_OP_JF, 0, more, 0, 0, 0, 0);
      range_assign (fn, s, s->u.range.key, pos, fn->c->t_int);
      range_assign (fn, s, s->u.range.value, rn, gml_type_basic (fn->c->types, GML_TYPE_INT32));
    }
  else
    {
      /* Arrays, pointers to arrays and slices: evaluate once, index. */
      GmlType *elem;
      gint32 base = fn_temp (fn, gml_type_pointer (fn->c->types, fn->c->t_uint8));
      gint32 len = fn_temp (fn, fn->c->t_int);
      gint32 idx = fn_temp (fn, fn->c->t_int);
      gint32 cmp = fn_temp (fn, fn->c->t_bool);
      gboolean need_value = s->u.range.value != NULL && !is_blank (s->u.range.value);

      if (xt->kind == GML_TYPE_SLICE)
        {
          gint32 sl = fn_temp (fn, x->type);

          elem = xt->u.slice.elem;
          expr_into (fn, x, sl);
          emit (fn, GML_OP_MOV, GML_KIND_U64, base, sl, 0, 0, 0);
          emit (fn, GML_OP_MOV, GML_KIND_U64, len, sl + 8, 0, 0, 0);
        }
      else
        {
          GmlType *arr = xt->kind == GML_TYPE_POINTER ? gml_type_underlying (xt->u.pointer.elem) : xt;

          elem = arr->u.array.elem;
          if (xt->kind == GML_TYPE_POINTER)
            emit (fn, GML_OP_MOV, GML_KIND_U64, base, expr_value (fn, x), 0, 0, 0);
          else if (need_value)
            {
              /* Ranging over an array value iterates over a copy. */
              gint32 copy = fn_temp (fn, x->type);

              expr_into (fn, x, copy);
              emit (fn, GML_OP_LEA, 0, base, copy, 0, 0, 0);
            }
          else
            {
              if (node_has_call (x))
                expr_value (fn, x);
              emit_const_int (fn, base, fn->c->t_uintptr, 0);
            }
          emit_const_int (fn, len, fn->c->t_int, (guint64) arr->u.array.len);
        }
      emit_const_int (fn, idx, fn->c->t_int, 0);
      top = fn_pc (fn);
      fn_new_stmt (fn, s->pos);
      emit (fn, GML_OP_LT, GML_KIND_I64, cmp, idx, len, 0, 0);
      exit_jump = emit (fn, GML_OP_JF, 0, cmp, 0, 0, 0, 0);
      range_assign (fn, s, s->u.range.key, idx, fn->c->t_int);
      if (need_value)
        {
          gint32 p = fn_temp (fn, gml_type_pointer (fn->c->types, elem));
          Loc el = { LOC_MEM, p, 0, elem };

          mark = fn_mark (fn);
          emit (fn, GML_OP_INDEXPTR, 0, p, base, idx, (gint32) gml_type_size (elem), 0);
          range_assign (fn, s, s->u.range.value, loc_value (fn, el), elem);
          fn_release (fn, mark);
        }
      l = loop_push (fn, s, label);
      stmt_compile (fn, s->u.range.body);
      cont = fn_pc (fn);
      emit (fn, GML_OP_ADDI, GML_KIND_I64, idx, idx, 1, 0, 0);
      emit (fn, GML_OP_JMP, 0, (gint32) top, 0, 0, 0, 0);
      patch_jump (fn, exit_jump, fn_pc (fn));
      loop_pop (fn, l, cont, fn_pc (fn));
      s->u.range.define = define_saved;
      return;
    }
  l = loop_push (fn, s, label);
  stmt_compile (fn, s->u.range.body);
  cont = fn_pc (fn);
  emit (fn, GML_OP_JMP, 0, (gint32) top, 0, 0, 0, 0);
  patch_jump (fn, exit_jump, fn_pc (fn));
  loop_pop (fn, l, cont, fn_pc (fn));
  s->u.range.define = define_saved;
}

static gboolean
ends_in_fallthrough (GmlNodeList body)
{
  GmlNode *last = body.len > 0 ? body.items[body.len - 1] : NULL;

  return last != NULL && last->kind == GML_NODE_BRANCH_STMT && last->u.branch.tok == GML_TOKEN_FALLTHROUGH;
}

static void
switch_stmt (Fn      *fn,
             GmlNode *s,
             GmlNode *label)
{
  GmlNodeList clauses = s->u.switch_stmt.clauses;
  g_autofree guint *body_pc = g_new0 (guint, clauses.len + 1);
  g_autoptr (GArray) to_body = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  g_autoptr (GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  gint32 tag = 0;
  GmlType *tag_type = fn->c->t_bool;
  gint default_clause = -1;
  guint to_default;
  Loop *l;

  if (s->u.switch_stmt.init != NULL)
    stmt_compile (fn, s->u.switch_stmt.init);
  fn_new_stmt (fn, s->pos);
  if (s->u.switch_stmt.tag != NULL)
    {
      tag_type = s->u.switch_stmt.tag->type;
      tag = fn_temp (fn, tag_type);
      expr_into (fn, s->u.switch_stmt.tag, tag);
    }
  for (guint i = 0; i < clauses.len; i++)
    {
      GmlNode *cl = clauses.items[i];

      if (cl->u.case_clause.list.len == 0)
        default_clause = (gint) i;
      for (guint k = 0; k < cl->u.case_clause.list.len; k++)
        {
          GmlNode *v = cl->u.case_clause.list.items[k];
          gint32 mark = fn_mark (fn);
          gint32 cond;
          guint pair[2];

          if (s->u.switch_stmt.tag != NULL)
            cond = emit_equal (fn, tag, expr_value (fn, v), tag_type, FALSE);
          else
            cond = expr_value (fn, v);
          pair[0] = emit (fn, GML_OP_JT, 0, cond, 0, 0, 0, 0);
          pair[1] = i;
          g_array_append_vals (to_body, pair, 1);
          fn_release (fn, mark);
        }
    }
  to_default = emit (fn, GML_OP_JMP, 0, 0, 0, 0, 0, 0);
  l = loop_push (fn, s, label);
  for (guint i = 0; i < clauses.len; i++)
    {
      GmlNode *cl = clauses.items[i];

      body_pc[i] = fn_pc (fn);
      block_compile (fn, cl->u.case_clause.body);
      if (!ends_in_fallthrough (cl->u.case_clause.body))
        {
          guint e = emit (fn, GML_OP_JMP, 0, 0, 0, 0, 0, 0);

          g_array_append_val (ends, e);
        }
    }
  /* A body ending in fallthrough has no jump: it runs into the next one. */
  body_pc[clauses.len] = fn_pc (fn);
  for (guint i = 0; i < to_body->len; i++)
    {
      guint *pair = &g_array_index (to_body, guint, i * 2);

      patch_jump (fn, pair[0], body_pc[pair[1]]);
    }
  patch_jump (fn, to_default, default_clause >= 0 ? body_pc[default_clause] : body_pc[clauses.len]);
  patch_all (fn, ends, fn_pc (fn));
  loop_pop (fn, l, fn_pc (fn), fn_pc (fn));
}

static void
type_switch (Fn      *fn,
             GmlNode *s,
             GmlNode *label)
{
  GmlNodeList clauses = s->u.type_switch.clauses;
  GmlType *it = s->u.type_switch.x->type;
  g_autofree guint *body_pc = g_new0 (guint, clauses.len + 1);
  g_autofree gint32 *matched = g_new0 (gint32, clauses.len);
  g_autoptr (GArray) to_body = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  g_autoptr (GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  gint default_clause = -1;
  gint32 x;
  guint to_default;
  Loop *l;

  if (s->u.type_switch.init != NULL)
    stmt_compile (fn, s->u.type_switch.init);
  fn_new_stmt (fn, s->pos);
  x = fn_temp (fn, it);
  expr_into (fn, s->u.type_switch.x, x);
  for (guint i = 0; i < clauses.len; i++)
    {
      GmlNode *cl = clauses.items[i];
      GmlNodeList types = cl->u.case_clause.list;

      if (types.len == 0)
        default_clause = (gint) i;
      for (guint k = 0; k < types.len; k++)
        {
          GmlNode *tn = types.items[k];
          gint32 ok = fn_temp (fn, fn->c->t_bool);
          guint pair[2];

          if (tn->type == NULL || tn->type->kind == GML_TYPE_UNTYPED_NIL)
            {
              gint32 zero = fn_temp (fn, fn->c->t_uintptr);

              emit_const_int (fn, zero, fn->c->t_uintptr, 0);
              emit (fn, GML_OP_EQ, GML_KIND_U64, ok, x, zero, 0, 0);
            }
          else
            {
              gint32 v = fn_temp (fn, tn->type);

              emit (fn, GML_OP_ASSERT, 0, v, x, (gint32) tn->type->id, ok, (gint32) it->id);
              if (types.len == 1)
                matched[i] = v;
            }
          pair[0] = emit (fn, GML_OP_JT, 0, ok, 0, 0, 0, 0);
          pair[1] = i;
          g_array_append_vals (to_body, pair, 1);
        }
    }
  to_default = emit (fn, GML_OP_JMP, 0, 0, 0, 0, 0, 0);
  l = loop_push (fn, s, label);
  for (guint i = 0; i < clauses.len; i++)
    {
      GmlNode *cl = clauses.items[i];
      GmlObject *v = cl->u.case_clause.obj;
      guint e;

      body_pc[i] = fn_pc (fn);
      if (v != NULL && g_hash_table_contains (fn->vars, v))
        {
          Loc vl = declare_var (fn, v);

          loc_store (fn, vl, matched[i] != 0 ? matched[i] : x);
        }
      block_compile (fn, cl->u.case_clause.body);
      e = emit (fn, GML_OP_JMP, 0, 0, 0, 0, 0, 0);
      g_array_append_val (ends, e);
    }
  body_pc[clauses.len] = fn_pc (fn);
  for (guint i = 0; i < to_body->len; i++)
    {
      guint *pair = &g_array_index (to_body, guint, i * 2);

      patch_jump (fn, pair[0], body_pc[pair[1]]);
    }
  patch_jump (fn, to_default, default_clause >= 0 ? body_pc[default_clause] : body_pc[clauses.len]);
  patch_all (fn, ends, fn_pc (fn));
  loop_pop (fn, l, fn_pc (fn), fn_pc (fn));
}

static void
select_stmt (Fn      *fn,
             GmlNode *s,
             GmlNode *label)
{
  GmlNodeList clauses = s->u.select_stmt.clauses;
  guint n = 0, di = 0;
  gint has_default = -1;
  g_autofree gint32 *vals = g_new0 (gint32, clauses.len);
  g_autofree gint32 *oks = g_new0 (gint32, clauses.len);
  g_autofree guint *case_of = g_new0 (guint, clauses.len);
  g_autoptr (GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  gint32 area, chosen;
  Loop *l;

  fn_new_stmt (fn, s->pos);
  for (guint i = 0; i < clauses.len; i++)
    if (clauses.items[i]->u.comm_clause.comm != NULL)
      n++;
  area = fn_temp_bytes (fn, (gint32) (MAX (n, 1) * sizeof (GmlSelectCase)), 8);
  chosen = fn_temp (fn, fn->c->t_int);
  for (guint i = 0; i < clauses.len; i++)
    {
      GmlNode *comm = clauses.items[i]->u.comm_clause.comm;
      gint32 c = area + (gint32) (di * sizeof (GmlSelectCase));
      GmlNode *recv = NULL;

      if (comm == NULL)
        {
          has_default = (gint) i;
          continue;
        }
      case_of[i] = di++;
      /* chan, elem and ok: elem and ok point into this frame, so stack
       * copies must adjust them while the select waits. */
      for (gint32 w = 0; w < 3; w++)
        fn_add_slot (fn, c + 8 * w, gml_type_pointer (fn->c->types, fn->c->t_uint8), NULL, FALSE);
      if (comm->kind == GML_NODE_SEND_STMT)
        {
          GmlNode *ch = comm->u.send.chan;
          gint32 v = fn_temp (fn, gml_type_underlying (ch->type)->u.chan.elem);

          expr_into (fn, ch, c);
          expr_into (fn, comm->u.send.value, v);
          emit (fn, GML_OP_LEA, 0, c + 8, v, 0, 0, 0);
          emit_const_int (fn, c + 16, fn->c->t_uintptr, 0);
          emit_const_int (fn, c + 24, gml_type_basic (fn->c->types, GML_TYPE_UINT32), GML_SELECT_SEND);
          continue;
        }
      recv = comm->kind == GML_NODE_EXPR_STMT ? comm->u.expr_stmt.x : comm->u.assign.rhs.items[0];
      recv = gml_node_unparen (recv);
      {
        GmlNode *ch = recv->u.unary.x;
        GmlType *et = gml_type_underlying (ch->type)->u.chan.elem;

        vals[i] = fn_temp (fn, et);
        oks[i] = fn_temp (fn, fn->c->t_bool);
        expr_into (fn, ch, c);
        emit (fn, GML_OP_LEA, 0, c + 8, vals[i], 0, 0, 0);
        emit (fn, GML_OP_LEA, 0, c + 16, oks[i], 0, 0, 0);
        emit_const_int (fn, c + 24, gml_type_basic (fn->c->types, GML_TYPE_UINT32), GML_SELECT_RECV);
      }
    }
  emit (fn, GML_OP_SELECT, 0, chosen, area, (gint32) n, has_default >= 0, 0);
  l = loop_push (fn, s, label);
  for (guint i = 0; i < clauses.len; i++)
    {
      GmlNode *cl = clauses.items[i];
      GmlNode *comm = cl->u.comm_clause.comm;
      gint32 want = fn_temp (fn, fn->c->t_int);
      gint32 eq = fn_temp (fn, fn->c->t_bool);
      guint skip, e;

      emit_const_int (fn, want, fn->c->t_int, comm == NULL ? n : case_of[i]);
      emit (fn, GML_OP_EQ, GML_KIND_I64, eq, chosen, want, 0, 0);
      skip = emit (fn, GML_OP_JF, 0, eq, 0, 0, 0, 0);
      if (comm != NULL && comm->kind == GML_NODE_ASSIGN_STMT)
        {
          GmlNodeList lhs = comm->u.assign.lhs;
          gboolean define = comm->u.assign.op == GML_TOKEN_DEFINE;

          store_to (fn, lhs.items[0], define, vals[i]);
          if (lhs.len > 1)
            store_to (fn, lhs.items[1], define, oks[i]);
        }
      block_compile (fn, cl->u.comm_clause.body);
      e = emit (fn, GML_OP_JMP, 0, 0, 0, 0, 0, 0);
      g_array_append_val (ends, e);
      patch_jump (fn, skip, fn_pc (fn));
    }
  patch_all (fn, ends, fn_pc (fn));
  loop_pop (fn, l, fn_pc (fn), fn_pc (fn));
}

/* ------------------------------------------------------------------ */
/* go, defer, return                                                   */

/* The callee of a go/defer call as a funcval, plus its ABI (receiver in
 * parameter 0 for methods). */
typedef struct
{
  gint32  fv;       /* slot holding the funcval */
  GmlType *recv;
  GmlType *sig;
  GmlAbi  abi;
} Callee;

/* The type a builtin's argument is passed as to its wrapper. */
static GmlType *
builtin_param_type (GmlNode *call,
                    guint    i)
{
  GmlNode *arg = call->u.call.args.items[i];

  if (call->u.call.builtin == GML_BUILTIN_DELETE && i == 1)
    return gml_type_underlying (call->u.call.args.items[0]->type)->u.map.key;
  return arg->type;
}

/* The body of a builtin's wrapper: the builtin applied to the parameters. */
static void
builtin_wrapper_body (Fn           *w,
                      GmlNode      *call,
                      GmlType      *sig,
                      const GmlAbi *abi)
{
  guint n = sig->u.func.n_params;
  gint32 p0 = 16 + (n > 0 ? abi->param_off[0] : 0), p1 = 16 + (n > 1 ? abi->param_off[1] : 0);

  switch (call->u.call.builtin)
    {
    case GML_BUILTIN_CLOSE:
      emit (w, GML_OP_CHANCLOSE, 0, p0, 0, 0, 0, 0);
      break;
    case GML_BUILTIN_DELETE:
      emit (w, GML_OP_MAPDELETE, 0, 0, p0, p1, (gint32) sig->u.func.params[0]->id, 0);
      break;
    case GML_BUILTIN_PANIC:
      emit (w, GML_OP_PANIC, 0, p0, 0, 0, 0, 0);
      break;
    case GML_BUILTIN_COPY:
      emit (w, GML_OP_COPY, 0, fn_temp (w, w->c->t_int), p0, p1,
            (gint32) gml_type_size (gml_type_underlying (sig->u.func.params[0])->u.slice.elem), 0);
      break;
    case GML_BUILTIN_PRINT:
    case GML_BUILTIN_PRINTLN:
      {
        gboolean ln = call->u.call.builtin == GML_BUILTIN_PRINTLN;

        for (guint i = 0; i < n; i++)
          emit (w, GML_OP_PRINT, 0, 16 + abi->param_off[i], (gint32) sig->u.func.params[i]->id,
                ((ln && i > 0) ? 1 : 0) | ((ln && i == n - 1) ? 2 : 0), 0, 0);
        if (ln && n == 0)
          emit (w, GML_OP_PRINTNL, 0, 0, 0, 0, 0, 0);
        break;
      }
    default:
      /* recover(): a deferred recover is not called by a deferred
       * function, so it never stops a panic (nor does a go'd one). */
      break;
    }
}

/* go or defer of a builtin: Go's wrapGoDefer calls a closure over the
 * evaluated arguments; here a function made for the statement takes them
 * as parameters, so the usual go/defer machinery applies. */
static void
builtin_callee (Fn      *fn,
                GmlNode *call,
                Callee  *ce)
{
  Compiler *c = fn->c;
  guint n = call->u.call.args.len;
  g_autofree GmlType **params = g_new0 (GmlType *, MAX (n, 1));
  Fn *w;

  for (guint i = 0; i < n; i++)
    params[i] = builtin_param_type (call, i);
  ce->sig = gml_type_func (c->types, params, n, NULL, 0, FALSE);
  gml_abi_layout (NULL, ce->sig, &ce->abi);
  w = fn_new (c, gml_arena_printf (c->program->arena, "%s.gowrap%u", fn->code->name, c->image->codes->len),
              gml_arena_printf (c->program->arena, "%s.gowrap", fn->code->short_name), NULL);
  w->code->args_size = ce->abi.size;
  fn_new_stmt (w, call->pos);
  builtin_wrapper_body (w, call, ce->sig, &ce->abi);
  emit (w, GML_OP_RET, 0, 0, 0, 0, 0, 0);
  emit (fn, GML_OP_CONST, GML_KIND_U64, ce->fv, (gint32) fn_const (fn, funcval_static (c, w->code->index)), 0, 0, 0);
  fn_finish (w);
}

static gboolean
callee_of (Fn      *fn,
           GmlNode *call,
           Callee  *ce)
{
  GmlNode *fun = gml_node_unparen (call->u.call.fun);
  GmlCallKind kind = call->u.call.call_kind;

  memset (ce, 0, sizeof *ce);
  ce->fv = fn_temp (fn, fn->c->t_uintptr);
  switch (kind)
    {
    case GML_CALL_FUNC:
      {
        GmlObject *obj = fun->kind == GML_NODE_SELECTOR ? fun->u.selector.selection.obj : fun->u.ident.obj;

        ce->sig = obj->type;
        emit (fn, GML_OP_CONST, GML_KIND_U64, ce->fv,
              (gint32) fn_const (fn, funcval_static (fn->c, obj->u.func.func->index)), 0, 0, 0);
        break;
      }
    case GML_CALL_METHOD:
      {
        GmlObject *m = fun->u.selector.selection.obj;

        ce->sig = m->type;
        ce->recv = m->u.func.func != NULL && m->u.func.func->recv != NULL ? m->u.func.func->recv->type
                   : ((m->flags & GML_FUNC_PTR_RECV) ? gml_type_pointer (fn->c->types, m->u.func.recv_base)
                                                      : m->u.func.recv_base);
        emit (fn, GML_OP_CONST, GML_KIND_U64, ce->fv,
              (gint32) fn_const (fn, funcval_static (fn->c, m->u.func.func->index)), 0, 0, 0);
        break;
      }
    case GML_CALL_CLOSURE:
      ce->sig = gml_type_underlying (fun->type);
      expr_into (fn, fun, ce->fv);
      break;
    case GML_CALL_BUILTIN:
      builtin_callee (fn, call, ce);
      return TRUE;
    default:
      return FALSE;
    }
  gml_abi_layout (ce->recv, ce->sig, &ce->abi);
  return TRUE;
}

/* Evaluates receiver and arguments of `call` into a block laid out per ABI. */
static gint32
call_args_block (Fn      *fn,
                 GmlNode *call,
                 Callee  *ce)
{
  gint32 block = fn_temp_bytes (fn, MAX (ce->abi.size, 8), 8);
  GmlNode *fun = gml_node_unparen (call->u.call.fun);
  GmlNodeList args = call->u.call.args;
  guint first = ce->recv != NULL ? 1 : 0;
  GmlType *sig = ce->sig;

  for (guint i = 0; i < ce->abi.n_params; i++)
    {
      GmlType *pt = i < first ? ce->recv : sig->u.func.params[i - first];

      if (pt->has_pointers)
        fn_add_slot (fn, block + ce->abi.param_off[i], pt, NULL, FALSE);
    }
  if (first)
    {
      /* Receiver: reuse the method-call path by compiling x.M's receiver. */
      GmlSelection *sel = &fun->u.selector.selection;
      gboolean ptr = (sel->obj->flags & GML_FUNC_PTR_RECV) != 0;
      GmlNode *x = fun->u.selector.x;

      if (ptr && gml_type_underlying (x->type)->kind != GML_TYPE_POINTER)
        emit (fn, GML_OP_MOV, GML_KIND_U64, block, expr_addr (fn, x), 0, 0, 0);
      else if (!ptr && gml_type_underlying (x->type)->kind == GML_TYPE_POINTER)
        {
          Loc d = { LOC_MEM, expr_value (fn, x), 0, ce->recv };

          emit_copy (fn, block, loc_value (fn, d), ce->recv);
        }
      else
        expr_into (fn, x, block);
    }
  for (guint i = 0; i < sig->u.func.n_params; i++)
    {
      gint32 dst = block + ce->abi.param_off[first + i];
      GmlType *pt = sig->u.func.params[i];

      if (sig->u.func.variadic && !call->u.call.has_dots && i == sig->u.func.n_params - 1)
        {
          /* Pack the variadic arguments on the heap: they outlive the frame. */
          GmlType *elem = gml_type_underlying (pt)->u.slice.elem;
          guint n = args.len > i ? args.len - i : 0;

          if (n == 0)
            emit (fn, GML_OP_ZERO, 0, dst, 0, 24, 0, 0);
          else
            {
              GmlType *arr = gml_type_array (fn->c->types, elem, n);
              gint32 p = fn_temp (fn, gml_type_pointer (fn->c->types, arr));

              emit (fn, GML_OP_NEW, 0, p, (gint32) arr->id, 1, 0, 0);
              for (guint k = 0; k < n; k++)
                {
                  Loc el = { LOC_MEM, p, (gint32) (k * gml_type_size (elem)), elem };

                  loc_store (fn, el, expr_value (fn, args.items[i + k]));
                }
              emit (fn, GML_OP_MOV, GML_KIND_U64, dst, p, 0, 0, 0);
              emit_const_int (fn, dst + 8, fn->c->t_int, n);
              emit_const_int (fn, dst + 16, fn->c->t_int, n);
            }
          break;
        }
      if (i < args.len)
        expr_into (fn, args.items[i], dst);
    }
  return block;
}

static void
go_stmt (Fn      *fn,
         GmlNode *s)
{
  GmlNode *call = s->u.go_defer.call;
  Callee ce;
  gint32 block;

  if (!callee_of (fn, call, &ce))
    {
      compiler_error (fn->c, s->pos, "this go statement is not supported by the simulator");
      return;
    }
  block = call_args_block (fn, call, &ce);
  emit (fn, GML_OP_GO, 0, ce.fv, block, ce.abi.size, 0, 0);
}

/* A deferred call with arguments becomes a closure of a wrapper that
 * makes the call with the values evaluated at the defer statement. */
static guint
defer_wrapper (Fn     *fn,
               Callee *ce,
               GmlPos  pos)
{
  Compiler *c = fn->c;
  Fn *w = fn_new (c, gml_arena_printf (c->program->arena, "%s.deferwrap%u", fn->code->name, fn->c->image->codes->len),
                  gml_arena_printf (c->program->arena, "%s.deferwrap", fn->code->short_name), NULL);
  gint32 ctx = fn_temp_bytes (w, 8, 8);
  gint32 callee = fn_temp (w, c->t_uintptr);
  guint index = w->code->index;

  w->code->is_wrapper = TRUE;
  fn_add_slot (w, ctx, c->t_uintptr, NULL, FALSE);
  w->ctx_slot = ctx;
  w->vars_bottom = w->temp_top;
  fn_new_stmt (w, pos);
  /* closure layout: F, callee funcval, argument block */
  emit (w, GML_OP_LOAD, GML_KIND_U64, callee, ctx, 8, 0, 0);
  if (ce->abi.size > 0)
    emit (w, GML_OP_LOADN, 0, OUT (0), ctx, 16, ce->abi.size, 0);
  fn_note_out (w, ce->abi.size);
  emit (w, GML_OP_CALLCLO, 0, callee, OUT (0), 0, 0, 0);
  emit (w, GML_OP_RET, 0, 0, 0, 0, 0, 0);
  fn_finish (w);
  return index;
}

/* The heap or stack record of a deferred call: {F, fn, arguments as the
 * callee's ABI lays them out, room for the results}.  The arguments keep
 * their types so the collector sees the pointers among them. */
static GmlType *
defer_record_type (Compiler     *c,
                   const Callee *ce)
{
  g_autoptr (GArray) fields = g_array_new (FALSE, TRUE, sizeof (GmlField));
  GmlField f = { 0 };
  gint32 end = 0;
  GmlType *ct;

  f.name = gml_arena_intern (c->program->arena, "F");
  f.type = c->t_uintptr;
  g_array_append_val (fields, f);
  f.name = gml_arena_intern (c->program->arena, "fn");
  f.type = gml_type_pointer (c->types, c->t_uint8);
  g_array_append_val (fields, f);
  for (guint i = 0; i < ce->abi.n_params; i++)
    {
      GmlType *t = ce->recv != NULL && i == 0 ? ce->recv
                   : ce->sig->u.func.params[i - (ce->recv != NULL ? 1 : 0)];

      char name[16];

      g_snprintf (name, sizeof name, "a%u", i);
      f.name = gml_arena_intern (c->program->arena, name);
      f.type = t;
      g_array_append_val (fields, f);
      end = ce->abi.param_off[i] + (gint32) gml_type_size (t);
    }
  if (MAX (ce->abi.size, 8) > end)
    {
      f.name = gml_arena_intern (c->program->arena, "results");
      f.type = gml_type_array (c->types, c->t_uint8, MAX (ce->abi.size, 8) - end);
      g_array_append_val (fields, f);
    }
  ct = gml_type_struct (c->types, (GmlField *) (gpointer) fields->data, fields->len);
  gml_type_size (ct);
  for (guint i = 0; i < ce->abi.n_params; i++)
    g_assert (ct->u.strukt.fields[i + 2].offset == 16 + (gint64) ce->abi.param_off[i]);
  g_assert (gml_type_size (ct) == 16 + (gint64) MAX (ce->abi.size, 8));
  return ct;
}

static void
defer_stmt (Fn      *fn,
            GmlNode *s)
{
  GmlNode *call = s->u.go_defer.call;
  GmlNode *fun = gml_node_unparen (call->u.call.fun);
  Callee ce;
  gint32 block, fv;
  GmlType *ct;
  guint wrapper;
  gint32 storage = 0;

  if (call->u.call.call_kind == GML_CALL_CLOSURE && call->u.call.args.len == 0
      && gml_type_underlying (fun->type)->u.func.n_results == 0)
    {
      /* defer func() {...}(): the closure itself. */
      emit (fn, GML_OP_DEFER, 0, expr_value (fn, fun), 0, 0, 0, 0);
      return;
    }
  if (!callee_of (fn, call, &ce))
    {
      compiler_error (fn->c, s->pos, "this defer statement is not supported by the simulator");
      return;
    }
  block = call_args_block (fn, call, &ce);
  wrapper = defer_wrapper (fn, &ce, s->pos);
  ct = defer_record_type (fn->c, &ce);
  {
    gint32 area = fn_temp_bytes (fn, (gint32) gml_type_size (ct) - 8, 8);

    emit (fn, GML_OP_MOV, GML_KIND_U64, area, ce.fv, 0, 0, 0);
    if (ce.abi.size > 0)
      emit (fn, GML_OP_MOVN, 0, area + 8, block, ce.abi.size, 0, 0);
    fv = fn_temp (fn, fn->c->t_uintptr);
    if (!site_on_heap (fn->c, s))
      {
        storage = site_slot (fn, s, (gint32) gml_type_size (ct), 8);
        fn_add_stack_object (fn, storage, ct);
      }
    emit (fn, GML_OP_CLOSURE, 0, fv, (gint32) wrapper, area, (gint32) ct->id, storage);
  }
  emit (fn, GML_OP_DEFER, 0, fv, 0, 0, 0, 0);
}

static void
return_stmt (Fn      *fn,
             GmlNode *s)
{
  GmlFunc *f = fn->func;
  GmlNodeList res = s->u.ret.results;
  guint j;

  if (f != NULL && res.len > 0)
    {
      GmlNode **lhs = g_newa (GmlNode *, f->results->len);
      GmlNode *ids = g_newa (GmlNode, f->results->len);

      /* Assign through synthetic identifiers of the result variables. */
      for (guint i = 0; i < f->results->len; i++)
        {
          memset (&ids[i], 0, sizeof ids[i]);
          ids[i].kind = GML_NODE_IDENT;
          ids[i].u.ident.obj = g_ptr_array_index (f->results, i);
          ids[i].u.ident.name = ids[i].u.ident.obj->name;
          ids[i].type = ids[i].u.ident.obj->type;
          lhs[i] = &ids[i];
        }
      assign_values (fn, lhs, f->results->len, res.items, res.len, FALSE, s->pos);
    }
  j = emit (fn, GML_OP_JMP, 0, 0, 0, 0, 0, 0);
  g_array_append_val (fn->returns, j);
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */

void
block_compile (Fn          *fn,
               GmlNodeList  stmts)
{
  for (guint i = 0; i < stmts.len; i++)
    stmt_compile (fn, stmts.items[i]);
}

static void
simple_stmt (Fn      *fn,
             GmlNode *s)
{
  gint32 mark = fn_mark (fn);
  guint refs = fn->refs->len;

  fn_new_stmt (fn, gml_node_start_pos (s));
  switch (s->kind)
    {
    case GML_NODE_EXPR_STMT:
      {
        GmlNode *x = gml_node_unparen (s->u.expr_stmt.x);
        gint32 results[16];

        if (x->kind == GML_NODE_CALL && x->u.call.call_kind != GML_CALL_BUILTIN
            && x->u.call.call_kind != GML_CALL_CONVERSION)
          expr_call (fn, x, results, 16);
        else
          expr_value (fn, x);
      }
      break;
    case GML_NODE_ASSIGN_STMT:
      assign_stmt (fn, s);
      break;
    case GML_NODE_INC_DEC_STMT:
      inc_dec (fn, s);
      break;
    case GML_NODE_SEND_STMT:
      {
        gint32 ch = expr_value (fn, s->u.send.chan);
        GmlType *et = gml_type_underlying (s->u.send.chan->type)->u.chan.elem;
        gint32 v = fn_temp (fn, et);

        expr_into (fn, s->u.send.value, v);
        emit (fn, GML_OP_CHANSEND, 0, ch, v, 0, 0, 0);
      }
      break;
    case GML_NODE_DECL_STMT:
      decl_stmt (fn, s);
      break;
    case GML_NODE_GO_STMT:
      go_stmt (fn, s);
      break;
    case GML_NODE_DEFER_STMT:
      defer_stmt (fn, s);
      break;
    case GML_NODE_RETURN_STMT:
      return_stmt (fn, s);
      break;
    default:
      break;
    }
  fn_extend_uses (fn, refs);
  fn_release (fn, mark);
}

void
stmt_compile (Fn      *fn,
              GmlNode *s)
{
  GmlNode *label = fn->pending_label;
  gint32 mark = fn_mark (fn);

  fn->pending_label = NULL;
  switch (s->kind)
    {
    case GML_NODE_EMPTY_STMT:
    case GML_NODE_BAD_STMT:
      break;
    case GML_NODE_BLOCK:
      block_compile (fn, s->u.block.stmts);
      break;
    case GML_NODE_LABELED_STMT:
      fn->pending_label = s;
      stmt_compile (fn, s->u.labeled.stmt);
      break;
    case GML_NODE_BRANCH_STMT:
      branch_stmt (fn, s);
      break;
    case GML_NODE_IF_STMT:
      if_stmt (fn, s);
      break;
    case GML_NODE_FOR_STMT:
      for_stmt (fn, s, label);
      break;
    case GML_NODE_RANGE_STMT:
      range_stmt (fn, s, label);
      break;
    case GML_NODE_SWITCH_STMT:
      switch_stmt (fn, s, label);
      break;
    case GML_NODE_TYPE_SWITCH:
      type_switch (fn, s, label);
      break;
    case GML_NODE_SELECT_STMT:
      select_stmt (fn, s, label);
      break;
    default:
      simple_stmt (fn, s);
      break;
    }
  /* Loop state and other temporaries of a compound statement end here. */
  fn_release (fn, mark);
}

/* ------------------------------------------------------------------ */
/* Functions                                                           */

static void
setup_params (Fn      *fn,
              GmlFunc *f)
{
  GmlAbi *abi = &fn->abi;
  guint first = f->recv != NULL ? 1 : 0;

  gml_abi_layout (f->recv != NULL ? f->recv->type : NULL, f->sig, abi);
  fn->code->args_size = abi->size;
  fn->code->results_size = abi->n_results > 0 ? abi->size - abi->result_off[0] : 0;
  for (guint i = 0; i < abi->n_params; i++)
    {
      GmlObject *v = i < first ? f->recv : g_ptr_array_index (f->params, i - first);
      gint32 off = 16 + abi->param_off[i];

      /* A parameter moved to the heap lives in its new home; the incoming
       * slot is only read by the prologue. */
      fn_add_slot (fn, off, v->type, var_on_heap (fn->c, v) ? NULL : v, FALSE);
      if (var_on_heap (fn->c, v))
        {
          gint32 p = vars_alloc (fn, gml_type_pointer (fn->c->types, v->type));

          fn_add_slot (fn, p, gml_type_pointer (fn->c->types, v->type), v, TRUE);
          var_store_new (fn, v, VS_HEAP, p);
        }
      else
        var_store_new (fn, v, VS_SLOT, off);
    }
  for (guint i = 0; i < f->results->len; i++)
    {
      GmlObject *v = g_ptr_array_index (f->results, i);
      gint32 off = 16 + abi->result_off[i];

      fn_add_slot (fn, off, v->type, var_on_heap (fn->c, v) ? NULL : v, FALSE);
      if (var_on_heap (fn->c, v))
        {
          gint32 p = vars_alloc (fn, gml_type_pointer (fn->c->types, v->type));

          fn_add_slot (fn, p, gml_type_pointer (fn->c->types, v->type), v, TRUE);
          var_store_new (fn, v, VS_HEAP, p);
        }
      else
        var_store_new (fn, v, VS_SLOT, off);
    }
  fn->code->func = f;
}

static void
setup_locals (Fn      *fn,
              GmlFunc *f)
{
  if (f->captures != NULL && f->captures->len > 0)
    {
      GmlType *ct = NULL;
      gint32 ctx = vars_alloc (fn, fn->c->t_uintptr);

      fn_add_slot (fn, ctx, gml_type_pointer (fn->c->types, fn->c->t_uint8), NULL, FALSE);
      fn->ctx_slot = ctx;
      {
        /* The same layout func_literal builds. */
        g_autoptr (GArray) fields = g_array_new (FALSE, TRUE, sizeof (GmlField));
        GmlField fv = { 0 };

        fv.name = gml_arena_intern (fn->c->program->arena, "F");
        fv.type = fn->c->t_uintptr;
        fv.exported = TRUE;
        g_array_append_val (fields, fv);
        for (guint i = 0; i < f->captures->len; i++)
          {
            GmlObject *v = g_ptr_array_index (f->captures, i);
            GmlField cf = { 0 };

            cf.name = v->name;
            cf.type = var_byref (fn->c, v) ? gml_type_pointer (fn->c->types, v->type) : v->type;
            cf.exported = TRUE;
            g_array_append_val (fields, cf);
          }
        ct = gml_type_struct (fn->c->types, (GmlField *) (gpointer) fields->data, fields->len);
        gml_type_size (ct);
      }
      for (guint i = 0; i < f->captures->len; i++)
        {
          GmlObject *v = g_ptr_array_index (f->captures, i);

          var_store_new (fn, v, var_byref (fn->c, v) ? VS_CAPT_REF : VS_CAPT_VAL,
                         (gint32) ct->u.strukt.fields[i + 1].offset);
        }
    }
  for (guint i = 0; i < f->locals->len; i++)
    {
      GmlObject *v = g_ptr_array_index (f->locals, i);
      gint32 off;

      if (v->flags & GML_VAR_BLANK)
        continue;
      if (var_on_heap (fn->c, v))
        {
          off = vars_alloc (fn, gml_type_pointer (fn->c->types, v->type));
          fn_add_slot (fn, off, gml_type_pointer (fn->c->types, v->type), v, TRUE);
          var_store_new (fn, v, VS_HEAP, off);
        }
      else
        {
          off = vars_alloc (fn, v->type);
          fn_add_slot (fn, off, v->type, v, FALSE);
          var_store_new (fn, v, VS_SLOT, off);
        }
      /* In scope (and drawn) from its declaration on: see declare_var. */
      g_array_index (fn->slots, GmlSlot, fn->slots->len - 1).scope_start = G_MAXUINT32;
    }
  fn->temp_top = fn->temp_min = fn->vars_bottom;
}

/* Heap-moved parameters are copied into their new home on entry. */
static void
prologue (Fn      *fn,
          GmlFunc *f)
{
  guint first = f->recv != NULL ? 1 : 0;

  for (guint i = 0; i < fn->abi.n_params; i++)
    {
      GmlObject *v = i < first ? f->recv : g_ptr_array_index (f->params, i - first);
      VarStore *vs = g_hash_table_lookup (fn->vars, v);

      if (vs->kind != VS_HEAP)
        continue;
      emit (fn, GML_OP_NEW, 0, vs->slot, (gint32) v->type->id, 1, 0, 0);
      {
        Loc l = { LOC_MEM, vs->slot, 0, v->type };

        loc_store (fn, l, 16 + fn->abi.param_off[i]);
      }
    }
  for (guint i = 0; i < f->results->len; i++)
    {
      GmlObject *v = g_ptr_array_index (f->results, i);
      VarStore *vs = g_hash_table_lookup (fn->vars, v);

      /* Results start zeroed (push_frame). */
      if (vs->kind == VS_HEAP)
        emit (fn, GML_OP_NEW, 0, vs->slot, (gint32) v->type->id, 1, 0, 0);
    }
}

static void
epilogue (Fn      *fn,
          GmlFunc *f)
{
  guint exit_pc = fn_pc (fn);

  for (guint i = 0; i < fn->returns->len; i++)
    patch_jump (fn, g_array_index (fn->returns, guint, i), exit_pc);
  fn->code->deferreturn_pc = exit_pc;
  if (f->has_defer)
    emit (fn, GML_OP_RUNDEFERS, 0, 0, 0, 0, 0, 0);
  for (guint i = 0; i < f->results->len; i++)
    {
      GmlObject *v = g_ptr_array_index (f->results, i);
      VarStore *vs = g_hash_table_lookup (fn->vars, v);

      if (vs->kind == VS_HEAP)
        {
          Loc l = { LOC_MEM, vs->slot, 0, v->type };

          emit_copy (fn, 16 + fn->abi.result_off[i], loc_value (fn, l), v->type);
        }
    }
  emit (fn, GML_OP_RET, 0, 0, 0, 0, 0, 0);
}

void
compile_function (Compiler *c,
                  GmlFunc  *f)
{
  Fn *fn = fn_new (c, f->name, f->short_name, f);

  setup_params (fn, f);
  setup_locals (fn, f);
  fn_new_stmt (fn, f->decl != NULL ? f->decl->pos : GML_POS_NONE);
  prologue (fn, f);
  block_compile (fn, f->body->u.block.stmts);
  epilogue (fn, f);
  fn_finish (fn);
}

/* ------------------------------------------------------------------ */
/* Globals and package initialisation                                  */

void
gml_compile_globals (Compiler *c)
{
  guint64 off = 0;

  for (guint p = 0; p < c->program->package_order->len; p++)
    {
      GmlPackage *pkg = g_ptr_array_index (c->program->package_order, p);

      for (guint i = 0; i < pkg->globals->len; i++)
        {
          GmlObject *v = g_ptr_array_index (pkg->globals, i);
          guint64 a = MAX (gml_type_align (v->type), 1);

          off = (off + a - 1) / a * a;
          v->u.var.offset = (gint64) off;
          off += (guint64) MAX (gml_type_size (v->type), 1);
        }
    }
  c->image->data_size = off;
}

static GmlFunc *
find_init_func (GmlPackage *pkg,
                guint       nth)
{
  guint n = 0;

  for (guint i = 0; i < pkg->funcs->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (pkg->funcs, i);

      /* Package init functions (a method may be called init too). */
      if (f->decl != NULL && f->decl->kind == GML_NODE_FUNC_DECL && f->decl->u.func_decl.recv == NULL
          && strcmp (f->decl->u.func_decl.name->u.ident.name, "init") == 0 && n++ == nth)
        return f;
    }
  return NULL;
}

void
gml_compile_init (Compiler *c)
{
  Fn *fn = fn_new (c, "main.init", "init", NULL);

  c->image->init_code = fn->code->index;
  for (guint p = 0; p < c->program->package_order->len; p++)
    {
      GmlPackage *pkg = g_ptr_array_index (c->program->package_order, p);

      for (guint i = 0; i < pkg->init_order->len; i++)
        {
          GmlNode *spec = g_ptr_array_index (pkg->init_order, i);
          gint32 mark = fn_mark (fn);

          /* `var a, b = x, y` comes as one synthesized assignment per
           * variable, so that each can take its own place in the order. */
          if (spec->kind == GML_NODE_ASSIGN_STMT)
            {
              fn_new_stmt (fn, spec->pos);
              assign_stmt (fn, spec);
              fn_release (fn, mark);
              continue;
            }
          if (spec->kind != GML_NODE_VALUE_SPEC || spec->u.value_spec.values.len == 0)
            continue;
          fn_new_stmt (fn, spec->pos);
          assign_values (fn, spec->u.value_spec.names.items, spec->u.value_spec.names.len,
                         spec->u.value_spec.values.items, spec->u.value_spec.values.len, FALSE, spec->pos);
          fn_release (fn, mark);
        }
      for (guint k = 0;; k++)
        {
          GmlFunc *init = find_init_func (pkg, k);

          if (init == NULL)
            break;
          fn_new_stmt (fn, init->decl->pos);
          emit (fn, GML_OP_CALL, 0, (gint32) init->index, OUT (0), 0, 0, 0);
        }
    }
  emit (fn, GML_OP_RET, 0, 0, 0, 0, 0, 0);
  fn_finish (fn);
}
