/* gml-escape-walk.c: statements and assignments as flows (Go 1.19's
 * escape/stmt.go, assign.go and utils.go), go/defer wrappers, dead
 * branches of constant conditions (Go's deadcode pass) and package
 * initializers.
 */
#include "gml-escape-private.h"

#include <string.h>

#include "gml-const.h"

static void stmt (Esc *e, GmlNode *n);
/* ------------------------------------------------------------------ */
/* Assignments (assign.go)                                             */

/* Go's addr: a hole for storing into an assignable expression. */
static EscHole
addr (Esc     *e,
      GmlNode *n)
{
  GmlObject *v;

  n = gml_node_unparen (n);
  if (n == NULL || esc_is_blank_expr (n))
    return esc_discard_hole (e);
  switch (n->kind)
    {
    case GML_NODE_IDENT:
      v = esc_ident_var (n);
      if (v == NULL || esc_is_global (v))
        return esc_heap_hole (e);
      {
        EscLoc *loc = esc_var_loc (e, v);

        return loc != NULL ? esc_hole (loc) : esc_discard_hole (e);
      }
    case GML_NODE_SELECTOR:
      {
        const GmlSelection *sel = &n->u.selector.selection;
        g_autofree gboolean *steps = NULL;
        GmlType *t;

        if (sel->kind != GML_SEL_FIELD)
          return esc_heap_hole (e);
        steps = g_new0 (gboolean, sel->path_len + 1);
        t = esc_path_steps (n->u.selector.x->type, sel, steps);
        steps[sel->path_len] = t != NULL && esc_pointer_elem (t) != NULL;
        for (guint i = 0; i <= sel->path_len; i++)
          if (steps[i])
            {
              esc_discard (e, n);
              return esc_heap_hole (e);
            }
        return addr (e, n->u.selector.x);
      }
    case GML_NODE_INDEX:
      {
        GmlType *t = esc_under (n->u.index.x->type);

        if (t != NULL && t->kind == GML_TYPE_MAP)
          {
            esc_conv_positions_index (e->b->ctx, n);
            esc_discard (e, n->u.index.x);
            esc_expr (e, esc_note (e, esc_heap_hole (e), n, "key of map put"), n->u.index.index);
            return esc_heap_hole (e);
          }
        esc_discard (e, n->u.index.index);
        if (t != NULL && t->kind == GML_TYPE_ARRAY)
          return addr (e, n->u.index.x);
        esc_discard (e, n->u.index.x);
        return esc_heap_hole (e);
      }
    case GML_NODE_STAR:
      esc_discard (e, n);
      return esc_heap_hole (e);
    default:
      return esc_heap_hole (e);
    }
}

/* ir.SameSafeExpr */
static gboolean
same_safe_expr (GmlNode *l,
                GmlNode *r)
{
  l = gml_node_unparen (l);
  r = gml_node_unparen (r);
  if (l == NULL || r == NULL)
    return FALSE;
  if (esc_is_constant (l) && esc_is_constant (r))
    return gml_const_equal (l->cval, r->cval);
  if (l->kind != r->kind)
    return FALSE;
  switch (l->kind)
    {
    case GML_NODE_IDENT:
      return l->u.ident.obj != NULL && l->u.ident.obj == r->u.ident.obj;
    case GML_NODE_SELECTOR:
      return l->u.selector.selection.kind == GML_SEL_FIELD && r->u.selector.selection.kind == GML_SEL_FIELD
             && l->u.selector.selection.field == r->u.selector.selection.field
             && same_safe_expr (l->u.selector.x, r->u.selector.x);
    case GML_NODE_STAR:
      return same_safe_expr (l->u.star.x, r->u.star.x);
    case GML_NODE_INDEX:
      return same_safe_expr (l->u.index.x, r->u.index.x)
             && same_safe_expr (l->u.index.index, r->u.index.index);
    case GML_NODE_UNARY:
      return l->u.unary.op == r->u.unary.op && l->u.unary.op != GML_TOKEN_AND
             && l->u.unary.op != GML_TOKEN_ARROW && same_safe_expr (l->u.unary.x, r->u.unary.x);
    case GML_NODE_BINARY:
      return l->u.binary.op == r->u.binary.op && same_safe_expr (l->u.binary.x, r->u.binary.x)
             && same_safe_expr (l->u.binary.y, r->u.binary.y);
    case GML_NODE_CALL:
      if (l->u.call.call_kind == GML_CALL_CONVERSION && r->u.call.call_kind == GML_CALL_CONVERSION)
        return l->type == r->type && l->u.call.args.len == 1 && r->u.call.args.len == 1
               && same_safe_expr (l->u.call.args.items[0], r->u.call.args.items[0]);
      if (l->u.call.call_kind == GML_CALL_BUILTIN && r->u.call.call_kind == GML_CALL_BUILTIN
          && l->u.call.builtin == r->u.call.builtin
          && (l->u.call.builtin == GML_BUILTIN_LEN || l->u.call.builtin == GML_BUILTIN_CAP)
          && l->u.call.args.len == 1 && r->u.call.args.len == 1)
        return same_safe_expr (l->u.call.args.items[0], r->u.call.args.items[0]);
      return FALSE;
    default:
      return FALSE;
    }
}

/* Go's mayAffectMemory */
static gboolean
may_affect_memory (GmlNode *n)
{
  n = gml_node_unparen (n);
  if (n == NULL || esc_is_constant (n))
    return FALSE;
  switch (n->kind)
    {
    case GML_NODE_IDENT:
    case GML_NODE_BASIC_LIT:
      return FALSE;
    case GML_NODE_BINARY:
      switch (n->u.binary.op)
        {
        case GML_TOKEN_ADD: case GML_TOKEN_SUB: case GML_TOKEN_OR: case GML_TOKEN_XOR:
        case GML_TOKEN_MUL: case GML_TOKEN_SHL: case GML_TOKEN_SHR: case GML_TOKEN_AND:
        case GML_TOKEN_AND_NOT: case GML_TOKEN_QUO: case GML_TOKEN_REM:
          return may_affect_memory (n->u.binary.x) || may_affect_memory (n->u.binary.y);
        default:
          return TRUE;
        }
    case GML_NODE_INDEX:
      return may_affect_memory (n->u.index.x) || may_affect_memory (n->u.index.index);
    case GML_NODE_UNARY:
      return n->u.unary.op == GML_TOKEN_AND || n->u.unary.op == GML_TOKEN_ARROW
             || may_affect_memory (n->u.unary.x);
    case GML_NODE_STAR:
      return may_affect_memory (n->u.star.x);
    case GML_NODE_SELECTOR:
      return n->u.selector.selection.kind != GML_SEL_FIELD || may_affect_memory (n->u.selector.x);
    case GML_NODE_CALL:
      if (n->u.call.args.len != 1)
        return TRUE;
      if (n->u.call.call_kind == GML_CALL_CONVERSION && !gml_type_is_interface (n->type)
          && !esc_is_string_conversion (n->type, n->u.call.args.items[0]->type))
        return may_affect_memory (n->u.call.args.items[0]);
      if (n->u.call.call_kind == GML_CALL_BUILTIN
          && (n->u.call.builtin == GML_BUILTIN_LEN || n->u.call.builtin == GML_BUILTIN_CAP))
        return may_affect_memory (n->u.call.args.items[0]);
      return TRUE;
    default:
      return TRUE;
    }
}

/* Is x a field selection, index or dereference (Go's ODOT/ODOTPTR/OINDEX
 * of a non-map)?  Writes its base and whether it goes through a pointer. */
static gboolean
dot_or_index (GmlNode  *n,
              GmlNode **x,
              int      *op)
{
  n = gml_node_unparen (n);
  if (n->kind == GML_NODE_SELECTOR && n->u.selector.selection.kind == GML_SEL_FIELD)
    {
      const GmlSelection *sel = &n->u.selector.selection;
      g_autofree gboolean *steps = g_new0 (gboolean, sel->path_len + 1);
      GmlType *t = esc_path_steps (n->u.selector.x->type, sel, steps);

      *x = n->u.selector.x;
      *op = sel->path_len > 0 ? -1 : (t != NULL && esc_pointer_elem (t) != NULL ? 2 : 1);
      return TRUE;
    }
  if (n->kind == GML_NODE_INDEX && !esc_is_kind (n->u.index.x->type, GML_TYPE_MAP))
    {
      *x = n->u.index.x;
      *op = 3;
      return TRUE;
    }
  return FALSE;
}

/* Go's isSliceSelfAssign: b.buf = b.buf[n:m] stores nothing new. */
static gboolean
is_slice_self_assign (GmlNode *dst,
                      GmlNode *src)
{
  GmlNode *dx, *sx, *base;
  GmlObject *dv, *sv;
  int op;

  dst = gml_node_unparen (dst);
  src = gml_node_unparen (src);
  if (dst->kind == GML_NODE_STAR)
    dx = dst->u.star.x;
  else if (dot_or_index (dst, &dx, &op) && op == 2)
    ;
  else
    return FALSE;
  if ((dv = esc_ident_var (dx)) == NULL || src->kind != GML_NODE_SLICE_EXPR)
    return FALSE;
  if (esc_is_kind (src->u.slice.x->type, GML_TYPE_ARRAY))
    return FALSE;   /* slicing an array takes its address */
  base = gml_node_unparen (src->u.slice.x);
  if (base->kind == GML_NODE_STAR)
    sx = base->u.star.x;
  else if (dot_or_index (base, &sx, &op) && op == 2)
    ;
  else
    return FALSE;
  sv = esc_ident_var (sx);
  return sv != NULL && sv == dv;
}

/* Go's isSelfAssign */
static gboolean
is_self_assign (GmlNode *dst,
                GmlNode *src)
{
  GmlNode *dx, *sx;
  int dop, sop;

  if (dst == NULL || src == NULL)
    return FALSE;
  if (is_slice_self_assign (dst, src))
    return TRUE;
  if (!dot_or_index (dst, &dx, &dop) || !dot_or_index (src, &sx, &sop) || dop != sop || dop < 0)
    return FALSE;
  if (dop == 3)
    {
      GmlNode *di = gml_node_unparen (dst)->u.index.index, *si = gml_node_unparen (src)->u.index.index;

      if (may_affect_memory (di) || may_affect_memory (si))
        return FALSE;
    }
  return same_safe_expr (dx, sx);
}

/* Go's reassigned: every target but variables declared by this very
 * statement is marked reassigned (range variables always are). */
static void
mark_reassigned (EscHole        *ks,
                 guint           n,
                 const gboolean *defs)
{
  for (guint i = 0; i < n; i++)
    {
      if (ks[i].dst == NULL || (defs != NULL && defs[i]))
        continue;
      ks[i].dst->reassigned = TRUE;
    }
}

static void
self_assign_message (Esc     *e,
                     GmlNode *where)
{
  g_autofree char *s = gml_node_expr_string (where);
  const char *fname = e->fn->func != NULL ? e->fn->func->short_name : "init";

  esc_add_message (e, GML_ESCAPE_NOTE, where->pos, FALSE, NULL, NULL,
                   g_strdup_printf ("%s ignoring self-assignment in %s", fname, s));
}

/* dsts... = srcs... (srcs may be shorter: comma-ok forms). */
static void
assign_list (Esc         *e,
             GmlNode    **dsts,
             guint        nd,
             GmlNode    **srcs,
             guint        ns,
             const char  *why,
             GmlNode     *where,
             const gboolean *defs)
{
  g_autofree EscHole *ks = g_new0 (EscHole, MAX (nd, 1));

  for (guint i = 0; i < nd; i++)
    ks[i] = addr (e, dsts[i]);
  for (guint i = 0; i < nd; i++)
    {
      GmlNode *src = i < ns ? srcs[i] : NULL;
      EscHole k = ks[i];

      if (dsts[i] != NULL && src != NULL && is_self_assign (dsts[i], src))
        {
          if (where != NULL)
            self_assign_message (e, where);
          k = esc_discard_hole (e);
        }
      if (src != NULL)
        esc_expr (e, esc_note (e, k, where, why), src);
    }
  mark_reassigned (ks, nd, defs);
}

/* x, y = f() (Go's OAS2FUNC). */
/* x, y = f() (Go's OAS2FUNC).  When a target's type differs from the
 * result's, typecheck first assigns the results to temporaries (`where`
 * numbers them) and then converts those into the targets, at pos. */
static void
assign_call (Esc            *e,
             GmlNode       **dsts,
             guint           nd,
             GmlNode        *rhs,
             const gboolean *defs,
             GmlNode        *where,
             GmlPos          pos)
{
  g_autofree EscHole *ks = g_new0 (EscHole, MAX (nd, 1));
  gpointer first;

  if (g_hash_table_lookup_extended (e->fn->prep->tmp_numbers, where, NULL, &first))
    {
      g_autofree EscLoc **tmps = esc_call_into_tmps (e, rhs, GPOINTER_TO_UINT (first));

      for (guint i = 0; i < nd; i++)
        ks[i] = addr (e, dsts[i]);
      for (guint i = 0; i < nd && i < rhs->type->u.tuple.n_elems; i++)
        if (!esc_is_blank_expr (dsts[i]))
          esc_tmp_value (e, esc_note (e, ks[i], where, "assign-pair"), where, pos, tmps[i],
                         esc_dst_type (dsts[i]));
      mark_reassigned (ks, nd, defs);
      return;
    }
  for (guint i = 0; i < nd; i++)
    ks[i] = addr (e, dsts[i]);
  esc_call (e, ks, nd, rhs);
  mark_reassigned (ks, nd, defs);
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */

static void
stmts (Esc         *e,
       GmlNodeList *l);

static void
block (Esc     *e,
       GmlNode *n)
{
  int depth = e->loop_depth;

  if (n == NULL)
    return;
  if (n->kind == GML_NODE_BLOCK)
    stmts (e, &n->u.block.stmts);
  else
    stmt (e, n);
  e->loop_depth = depth;
}

/* Declares the new variables of an assignment's left-hand side. */
static gboolean *
declare_lhs (Esc         *e,
             GmlNodeList *lhs,
             gboolean     define)
{
  gboolean *defs = g_new0 (gboolean, MAX (lhs->len, 1));

  for (guint i = 0; define && i < lhs->len; i++)
    if (esc_declares (lhs->items[i]))
      {
        defs[i] = TRUE;
        esc_dcl (e, gml_node_unparen (lhs->items[i])->u.ident.obj);
      }
  return defs;
}

static void
assign_stmt (Esc     *e,
             GmlNode *n)
{
  GmlNodeList *lhs = &n->u.assign.lhs, *rhs = &n->u.assign.rhs;
  GmlTokenKind op = n->u.assign.op;
  g_autofree gboolean *defs = NULL;

  if (op != GML_TOKEN_ASSIGN && op != GML_TOKEN_DEFINE)
    {
      /* x op= y: Go's OASOP flows y into x; a string += builds the
       * concatenation after escape analysis, on the heap. */
      if (lhs->len > 0 && lhs->items[0]->type != NULL && gml_type_is_string (lhs->items[0]->type)
          && op == GML_TOKEN_ADD_ASSIGN)
        n->esc = GML_ESC_HEAP;
      assign_list (e, lhs->items, MIN (lhs->len, 1), rhs->items, MIN (rhs->len, 1), "assign", n, NULL);
      return;
    }
  defs = declare_lhs (e, lhs, op == GML_TOKEN_DEFINE);
  esc_conv_positions_assign (e->b->ctx, lhs, rhs, op == GML_TOKEN_DEFINE);
  if (lhs->len > 1 && rhs->len == 1)
    {
      GmlNode *r = gml_node_unparen (rhs->items[0]);

      if (r->kind == GML_NODE_CALL && r->type != NULL && r->type->kind == GML_TYPE_TUPLE)
        {
          assign_call (e, lhs->items, lhs->len, r, defs, n,
                       esc_assign_conv_pos (lhs, rhs, op == GML_TOKEN_DEFINE));
          return;
        }
      assign_list (e, lhs->items, lhs->len, rhs->items, 1,
                   r->kind == GML_NODE_INDEX ? "assign-pair-mapr"
                   : r->kind == GML_NODE_TYPE_ASSERT ? "assign-pair-dot-type" : "assign-pair-receive",
                   n, defs);
      return;
    }
  assign_list (e, lhs->items, lhs->len, rhs->items, rhs->len,
               lhs->len > 1 ? "assign-pair" : "assign", n, defs);
}

static void
value_spec (Esc     *e,
            GmlNode *spec)
{
  GmlNodeList *names = &spec->u.value_spec.names, *values = &spec->u.value_spec.values;
  g_autofree gboolean *defs = g_new0 (gboolean, MAX (names->len, 1));

  if (values->len == 0)
    {
      for (guint i = 0; i < names->len; i++)
        esc_dcl (e, names->items[i]->u.ident.obj);
      return;   /* the zero value: nothing flows, not a reassignment */
    }
  for (guint i = 0; i < names->len; i++)
    defs[i] = TRUE;
  esc_conv_positions_decl (e->b->ctx, names, values);
  if (names->len != values->len)
    {
      for (guint i = 0; i < names->len; i++)
        esc_dcl (e, names->items[i]->u.ident.obj);
      if (values->len == 1)
        assign_call (e, names->items, names->len, gml_node_unparen (values->items[0]), defs, spec,
                     esc_decl_conv_pos (names, values));
      return;
    }
  for (guint i = 0; i < names->len; i++)
    {
      esc_dcl (e, names->items[i]->u.ident.obj);
      assign_list (e, &names->items[i], 1, &values->items[i], 1, "assign", spec, defs + i);
    }
}

static void
decl_stmt (Esc     *e,
           GmlNode *n)
{
  GmlNode *d = n->u.decl_stmt.decl;

  if (d == NULL || d->kind != GML_NODE_GEN_DECL || d->u.gen_decl.tok != GML_TOKEN_VAR)
    return;
  for (guint i = 0; i < d->u.gen_decl.specs.len; i++)
    value_spec (e, d->u.gen_decl.specs.items[i]);
}

static void
return_stmt (Esc     *e,
             GmlNode *n)
{
  GmlFunc *f = e->fn->func;
  GmlNodeList *results = &n->u.ret.results;
  guint nr = f != NULL ? f->results->len : 0;
  g_autofree EscHole *ks = g_new0 (EscHole, MAX (nr, 1));

  if (f == NULL)
    return;
  for (guint i = 0; i < nr; i++)
    {
      EscLoc *loc = esc_var_loc (e, g_ptr_array_index (f->results, i));

      ks[i] = loc != NULL ? esc_hole (loc) : esc_discard_hole (e);
    }
  if (results->len == 1 && nr > 1 && results->items[0]->type != NULL
      && results->items[0]->type->kind == GML_TYPE_TUPLE)
    {
      /* return g(): g's results go through temporaries into ours,
       * converted (at the call) where our result types need it. */
      GmlNode *c = gml_node_unparen (results->items[0]);
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (e->fn->prep->tmp_numbers, n));
      g_autofree EscLoc **tmps = esc_call_into_tmps (e, c, first);

      for (guint i = 0; i < nr && i < c->type->u.tuple.n_elems; i++)
        esc_tmp_value (e, esc_note (e, ks[i], n, "return"), n, c->pos, tmps[i],
                       ((GmlObject *) g_ptr_array_index (f->results, i))->type);
      mark_reassigned (ks, nr, NULL);
      return;
    }
  esc_conv_positions_return (e->b->ctx, n);
  for (guint i = 0; i < results->len && i < nr; i++)
    esc_expr (e, esc_note (e, ks[i], n, "return"), results->items[i]);
  mark_reassigned (ks, nr, NULL);
}

static void
send_stmt (Esc     *e,
           GmlNode *n)
{
  esc_conv_positions_send (e->b->ctx, n);
  esc_discard (e, n->u.send.chan);
  esc_expr (e, esc_note (e, esc_heap_hole (e), n, "send"), n->u.send.value);
}

static void
expr_stmt (Esc     *e,
           GmlNode *n)
{
  GmlNode *x = gml_node_unparen (n->u.expr_stmt.x);

  if (x != NULL && x->kind == GML_NODE_CALL)
    esc_call (e, NULL, 0, x);
  else
    esc_discard (e, x);
}

/* go f(x) / defer f(x) (Go's goDeferStmt). */
static void
go_defer (Esc     *e,
          GmlNode *n)
{
  GmlNode *c = gml_node_unparen (n->u.go_defer.call);
  gboolean is_defer = n->kind == GML_NODE_DEFER_STMT;
  EscHole k = esc_heap_hole (e);
  EscClosure w = { 0 };
  EscHole wk;
  guint index;
  int saved;

  if (c == NULL || c->kind != GML_NODE_CALL)
    return;
  k = esc_note (e, k, n, is_defer ? "defer in a loop" : "go statement");
  if (is_defer && e->loop_depth == 1)
    {
      /* Top-level defers: their arguments last until the function returns. */
      k = esc_later (e, esc_discard_hole (e));
      n->esc = GML_ESC_STACK;
    }
  else if (is_defer)
    n->esc = GML_ESC_HEAP;
  if (c->u.call.call_kind == GML_CALL_FUNC || c->u.call.call_kind == GML_CALL_CLOSURE)
    {
      GmlType *sig = esc_call_sig (c);

      if (sig != NULL && sig->u.func.n_params == 0 && sig->u.func.n_results == 0)
        {
          esc_expr (e, k, c->u.call.fun);
          return;
        }
    }
  /* A wrapper closure captures the evaluated arguments. */
  w.captures = g_ptr_array_new ();
  g_array_append_val (e->b->closures, w);
  index = e->b->closures->len - 1;
  saved = e->fn->wrapper;
  e->fn->wrapper = (int) index;
  esc_call (e, NULL, 0, c);
  e->fn->wrapper = saved;
  wk = esc_spill (e, k, n, ESC_LOC_WRAPPER);
  g_array_index (e->b->closures, EscClosure, index).k = wk;
}

/* Is the body's last statement a return or a panic (deadcode's cut)? */
static gboolean
ends_in_exit (GmlNode *blk)
{
  GmlNode *last;

  if (blk == NULL || blk->kind != GML_NODE_BLOCK || blk->u.block.stmts.len == 0)
    return FALSE;
  last = blk->u.block.stmts.items[blk->u.block.stmts.len - 1];
  if (last->kind == GML_NODE_RETURN_STMT)
    return TRUE;
  if (last->kind == GML_NODE_EXPR_STMT)
    {
      GmlNode *x = gml_node_unparen (last->u.expr_stmt.x);

      return x->kind == GML_NODE_CALL && x->u.call.call_kind == GML_CALL_BUILTIN
             && x->u.call.builtin == GML_BUILTIN_PANIC;
    }
  return FALSE;
}

static gboolean
const_bool (GmlNode *n,
            gboolean *value)
{
  if (n == NULL || n->cval == NULL || n->cval->kind != GML_CONST_BOOL)
    return FALSE;
  *value = n->cval->v.b;
  return TRUE;
}

/* Returns TRUE when the statements after n are dead (deadcode's cut). */
static gboolean
if_stmt (Esc     *e,
         GmlNode *n)
{
  gboolean v;

  stmt (e, n->u.if_stmt.init);
  if (const_bool (n->u.if_stmt.cond, &v))
    {
      /* Go's deadcode pass drops the branch that never runs. */
      GmlNode *live = v ? n->u.if_stmt.then : n->u.if_stmt.else_;

      block (e, live);
      return live != NULL && live->kind == GML_NODE_BLOCK && ends_in_exit (live);
    }
  esc_discard (e, n->u.if_stmt.cond);
  block (e, n->u.if_stmt.then);
  block (e, n->u.if_stmt.else_);
  return FALSE;
}

static void
for_stmt (Esc     *e,
          GmlNode *n)
{
  stmt (e, n->u.for_stmt.init);
  e->loop_depth++;
  esc_discard (e, n->u.for_stmt.cond);
  stmt (e, n->u.for_stmt.post);
  block (e, n->u.for_stmt.body);
  e->loop_depth--;
}

static void
range_stmt (Esc     *e,
            GmlNode *n)
{
  GmlNode *lhs[2] = { n->u.range.key, n->u.range.value };
  GmlType *xt = esc_under (n->u.range.x->type);
  EscLoc *tmp;
  EscHole ks[2];

  for (guint i = 0; i < 2 && n->u.range.define; i++)
    if (lhs[i] != NULL && esc_declares (lhs[i]))
      esc_dcl (e, gml_node_unparen (lhs[i])->u.ident.obj);
  tmp = esc_new_loc (e, ESC_LOC_TEMP, FALSE);
  esc_expr (e, esc_hole (tmp), n->u.range.x);
  e->loop_depth++;
  for (guint i = 0; i < 2; i++)
    ks[i] = addr (e, lhs[i]);
  if (xt != NULL && xt->kind == GML_TYPE_ARRAY)
    esc_flow (e->b, esc_note (e, ks[1], n, "range"), tmp);
  else
    esc_flow (e->b, esc_deref (e, ks[1], n, "range-deref"), tmp);
  mark_reassigned (ks, 2, NULL);
  block (e, n->u.range.body);
  e->loop_depth--;
}

static gboolean
has_fallthrough (GmlNodeList *body)
{
  for (guint i = 0; i < body->len; i++)
    {
      GmlNode *s = body->items[i];

      if (s->kind == GML_NODE_BRANCH_STMT && s->u.branch.tok == GML_TOKEN_FALLTHROUGH)
        return TRUE;
    }
  return FALSE;
}

/* Go's deadcode pass on a switch whose tag and case values are all
 * constants: only the clause that runs remains (none if none matches).
 * Returns that clause, NULL for none, or the switch itself when every
 * clause must be kept. */
static GmlNode *
live_clause (GmlNode *n)
{
  GmlNodeList *clauses = &n->u.switch_stmt.clauses;
  GmlNode *tag = n->u.switch_stmt.tag, *def = NULL;
  GmlConst truth = { .kind = GML_CONST_BOOL, .v.b = TRUE };
  const GmlConst *x = tag == NULL ? &truth : tag->cval;   /* switch { } is switch true { } */

  if (x == NULL)
    return n;
  for (guint i = 0; i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];

      if (cc->u.case_clause.is_default || cc->u.case_clause.list.len == 0)
        {
          def = cc;
          continue;
        }
      for (guint j = 0; j < cc->u.case_clause.list.len; j++)
        {
          GmlNode *v = gml_node_unparen (cc->u.case_clause.list.items[j]);

          if (v->kind == GML_NODE_CALL && v->implicit && v->u.call.args.len == 1)
            v = gml_node_unparen (v->u.call.args.items[0]);
          if (v->cval == NULL)
            return n;
          if (gml_const_equal (v->cval, x))
            return has_fallthrough (&cc->u.case_clause.body) ? n : cc;
        }
    }
  if (def != NULL && has_fallthrough (&def->u.case_clause.body))
    return n;
  return def;
}

static void
switch_stmt (Esc     *e,
             GmlNode *n)
{
  GmlNodeList *clauses = &n->u.switch_stmt.clauses;
  GmlNode *live;

  stmt (e, n->u.switch_stmt.init);
  live = live_clause (n);
  if (live != n)
    {
      if (live != NULL)
        stmts (e, &live->u.case_clause.body);
      return;
    }
  if (n->u.switch_stmt.tag != NULL && !(n->u.switch_stmt.tag->implicit
                                        && n->u.switch_stmt.tag->kind == GML_NODE_IDENT))
    esc_compare_operand (e, n->u.switch_stmt.tag);
  for (guint i = 0; i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];

      for (guint j = 0; j < cc->u.case_clause.list.len; j++)
        esc_compare_operand (e, cc->u.case_clause.list.items[j]);
      stmts (e, &cc->u.case_clause.body);
    }
}

static void
type_switch (Esc     *e,
             GmlNode *n)
{
  GmlNodeList *clauses = &n->u.type_switch.clauses;
  g_autofree EscHole *ks = g_new0 (EscHole, MAX (clauses->len, 1));
  guint nk = 0;

  stmt (e, n->u.type_switch.init);
  for (guint i = 0; n->u.type_switch.name != NULL && i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];
      GmlObject *v = cc->u.case_clause.obj;
      EscHole k;

      if (v == NULL)
        continue;
      k = esc_dcl (e, v);
      if (esc_type_has_pointers (v->type))
        ks[nk++] = esc_dot_type (e, k, v->type, cc, "switch case");
    }
  esc_expr (e, esc_tee (e, ks, nk), n->u.type_switch.x);
  for (guint i = 0; i < clauses->len; i++)
    stmts (e, &((GmlNode *) clauses->items[i])->u.case_clause.body);
}

static void
select_stmt (Esc     *e,
             GmlNode *n)
{
  GmlNodeList *clauses = &n->u.select_stmt.clauses;

  for (guint i = 0; i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];

      stmt (e, cc->u.comm_clause.comm);
      stmts (e, &cc->u.comm_clause.body);
    }
}

/* Returns TRUE when the rest of the statement list is dead. */
static gboolean
stmt_cut (Esc     *e,
          GmlNode *n)
{
  if (n == NULL)
    return FALSE;
  switch (n->kind)
    {
    case GML_NODE_BLOCK:        block (e, n); break;
    case GML_NODE_DECL_STMT:    decl_stmt (e, n); break;
    case GML_NODE_LABELED_STMT: stmt (e, n->u.labeled.stmt); break;
    case GML_NODE_EXPR_STMT:    expr_stmt (e, n); break;
    case GML_NODE_SEND_STMT:    send_stmt (e, n); break;
    case GML_NODE_INC_DEC_STMT:
      assign_list (e, &n->u.inc_dec.x, 1, NULL, 0, "assign", n, NULL);
      break;
    case GML_NODE_ASSIGN_STMT:  assign_stmt (e, n); break;
    case GML_NODE_GO_STMT:
    case GML_NODE_DEFER_STMT:   go_defer (e, n); break;
    case GML_NODE_RETURN_STMT:  return_stmt (e, n); break;
    case GML_NODE_IF_STMT:      return if_stmt (e, n);
    case GML_NODE_FOR_STMT:     for_stmt (e, n); break;
    case GML_NODE_RANGE_STMT:   range_stmt (e, n); break;
    case GML_NODE_SWITCH_STMT:  switch_stmt (e, n); break;
    case GML_NODE_TYPE_SWITCH:  type_switch (e, n); break;
    case GML_NODE_SELECT_STMT:  select_stmt (e, n); break;
    default:                    break;
    }
  return FALSE;
}

static void
stmt (Esc     *e,
      GmlNode *n)
{
  stmt_cut (e, n);
}

static void
stmts (Esc         *e,
       GmlNodeList *l)
{
  int last_label = -1;

  /* Go's deadcode never cuts before a label (a goto could reach it). */
  for (guint i = 0; i < l->len; i++)
    if (l->items[i]->kind == GML_NODE_LABELED_STMT)
      last_label = (int) i;
  for (guint i = 0; i < l->len; i++)
    if (stmt_cut (e, l->items[i]) && (int) i > last_label)
      break;
}

void
esc_walk_body (Esc     *e,
               GmlFunc *f)
{
  EscFuncData *d = esc_func_data (e->b->ctx, f);

  d->state = ESC_FN_STARTED;
  if (f->body != NULL)
    block (e, f->body);
}

void
esc_walk_func (EscBatch *b,
               EscFn    *fn)
{
  Esc e = { b, fn, 1 };

  esc_walk_body (&e, fn->func);
}

/* Does x.M take x's address implicitly (a pointer method on an
 * addressable value, possibly through embedded fields)? */
gboolean
esc_recv_implicit_addr (GmlNode *sel)
{
  const GmlSelection *s = &sel->u.selector.selection;
  g_autofree gboolean *steps = NULL;
  GmlType *t;

  if (s->kind != GML_SEL_METHOD || s->obj == NULL || !(s->obj->flags & GML_FUNC_PTR_RECV))
    return FALSE;
  steps = g_new0 (gboolean, s->path_len + 1);
  t = esc_path_steps (sel->u.selector.x->type, s, steps);
  if (t == NULL || esc_pointer_elem (t) != NULL)
    return FALSE;
  for (guint i = 0; i < s->path_len; i++)
    if (steps[i])
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Package initializers                                                */

static GmlObject *
outer_global (GmlNode *x)
{
  for (x = gml_node_unparen (x); x != NULL; x = gml_node_unparen (x))
    {
      if (x->kind == GML_NODE_SELECTOR && x->u.selector.selection.kind == GML_SEL_FIELD
          && !x->u.selector.selection.indirect)
        x = x->u.selector.x;
      else if (x->kind == GML_NODE_INDEX && esc_is_kind (x->u.index.x->type, GML_TYPE_ARRAY))
        x = x->u.index.x;
      else
        break;
    }
  if (x != NULL && x->kind == GML_NODE_SELECTOR && x->u.selector.selection.kind == GML_SEL_QUALIFIED)
    return x->u.selector.selection.obj;
  return esc_ident_var (x);
}

/* Go initializes statically what it can (staticinit): constants,
 * addresses of globals, func literals, and composite literals of those;
 * only the rest becomes code in the package's init function. */
static gboolean
is_static (GmlNode *n)
{
  n = gml_node_unparen (n);
  if (n == NULL || esc_is_constant (n))
    return TRUE;
  switch (n->kind)
    {
    case GML_NODE_IDENT:
      return n->u.ident.obj == NULL || n->u.ident.obj->kind != GML_OBJ_VAR || esc_is_global (n->u.ident.obj);
    case GML_NODE_FUNC_LIT:
      return TRUE;
    case GML_NODE_SELECTOR:
      return n->u.selector.selection.kind == GML_SEL_QUALIFIED
             || n->u.selector.selection.kind == GML_SEL_METHOD_EXPR;
    case GML_NODE_UNARY:
      if (n->u.unary.op != GML_TOKEN_AND)
        return FALSE;
      return gml_node_unparen (n->u.unary.x)->kind == GML_NODE_COMPOSITE_LIT
             || esc_is_global (outer_global (n->u.unary.x));
    case GML_NODE_COMPOSITE_LIT:
      return !esc_is_kind (n->type, GML_TYPE_MAP);
    case GML_NODE_CALL:
      if (n->u.call.call_kind != GML_CALL_CONVERSION || n->u.call.args.len != 1)
        return FALSE;
      if (gml_type_is_interface (n->type))
        return is_static (n->u.call.args.items[0]);
      return esc_is_string_conversion (n->type, n->u.call.args.items[0]->type)
             && esc_is_constant (n->u.call.args.items[0]) && esc_is_kind (n->type, GML_TYPE_SLICE);
    default:
      return FALSE;
    }
}

/* The dynamic parts of a statically initialized value: elements of
 * composite literals that are not static themselves. */
static void
init_dynamic_parts (Esc     *e,
                    GmlNode *n)
{
  n = gml_node_unparen (n);
  if (n == NULL || esc_is_constant (n))
    return;
  if (n->kind == GML_NODE_UNARY && n->u.unary.op == GML_TOKEN_AND)
    {
      init_dynamic_parts (e, n->u.unary.x);
      return;
    }
  if (n->kind == GML_NODE_CALL && n->u.call.call_kind == GML_CALL_CONVERSION && n->u.call.args.len == 1)
    {
      if (!is_static (n->u.call.args.items[0]))
        esc_expr (e, esc_heap_hole (e), n);
      return;
    }
  if (n->kind != GML_NODE_COMPOSITE_LIT || esc_is_kind (n->type, GML_TYPE_MAP))
    {
      if (!is_static (n))
        esc_expr (e, esc_heap_hole (e), n);
      return;
    }
  for (guint i = 0; i < n->u.composite.elts.len; i++)
    {
      GmlNode *v = n->u.composite.elts.items[i];

      if (v->kind == GML_NODE_KEY_VALUE)
        v = v->u.kv.value;
      if (is_static (v))
        init_dynamic_parts (e, v);
      else
        esc_expr (e, esc_heap_hole (e), v);
    }
}

/* One entry of a package's init_order: a VALUE_SPEC or an ASSIGN. */
void
esc_walk_init (Esc     *e,
               GmlNode *n)
{
  GmlNodeList *rhs;

  if (n->kind == GML_NODE_VALUE_SPEC)
    {
      rhs = &n->u.value_spec.values;
      esc_conv_positions_decl (e->b->ctx, &n->u.value_spec.names, rhs);
    }
  else if (n->kind == GML_NODE_ASSIGN_STMT)
    rhs = &n->u.assign.rhs;
  else
    return;
  for (guint i = 0; i < rhs->len; i++)
    {
      GmlNode *v = rhs->items[i];

      if (v->type != NULL && v->type->kind == GML_TYPE_TUPLE)
        esc_call (e, NULL, 0, gml_node_unparen (v));
      else if (is_static (v))
        init_dynamic_parts (e, v);
      else
        esc_expr (e, esc_note (e, esc_heap_hole (e), n, "assign"), v);
    }
}
