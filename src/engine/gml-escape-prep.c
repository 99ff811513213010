/* gml-escape-prep.c: what Go's compiler knows about a function before
 * escape analysis starts.
 *
 *   - fn.Dcl order: the noder declares parameters, results, then locals
 *     as it meets them (right-hand sides before the names they define);
 *     typecheck's temporaries for f(g()) and `return g()` take the next
 *     numbers, and their names (".autotmp_N") show up in -m output;
 *   - ir.reassigned / ir.StaticValue: a local assigned exactly once (and
 *     never address-taken) stands for its definition, which lets
 *     calls through it be static and interface calls be devirtualized;
 *   - the devirtualize pass itself ("devirtualizing s.Area to *Rect").
 */
#include "gml-escape-private.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* fn.Dcl numbering                                                    */

typedef struct
{
  EscPrep *prep;
  guint    n;
} DclCount;

static void count_stmt (DclCount *c, GmlNode *n);
static void count_expr (DclCount *c, GmlNode *n);

static gboolean
declares (GmlNode *n)
{
  n = gml_node_unparen (n);
  return n != NULL && n->kind == GML_NODE_IDENT && n->u.ident.obj != NULL
         && n->u.ident.obj->kind == GML_OBJ_VAR && n->u.ident.obj->decl == n
         && !(n->u.ident.obj->flags & GML_VAR_BLANK);
}

static gboolean
is_tuple (GmlNode *n)
{
  return n != NULL && n->type != NULL && n->type->kind == GML_TYPE_TUPLE;
}

static void
count_expr_cb (GmlNode    *child,
               const char *label,
               int         index,
               gpointer    data)
{
  count_expr (data, child);
}

static void
has_call_cb (GmlNode    *child,
             const char *label,
             int         index,
             gpointer    data)
{
  gboolean *found = data;

  if (*found || child->kind == GML_NODE_FUNC_LIT)
    return;
  if ((child->kind == GML_NODE_CALL && child->u.call.call_kind != GML_CALL_CONVERSION
       && !(child->u.call.call_kind == GML_CALL_BUILTIN && child->u.call.builtin == GML_BUILTIN_NEW))
      || (child->kind == GML_NODE_UNARY && child->u.unary.op == GML_TOKEN_ARROW))
    {
      *found = TRUE;
      return;
    }
  gml_node_foreach_child (child, has_call_cb, data);
}

/* typecheck's RewriteNonNameCall: a callee (or method receiver) with a
 * call or receive in it is evaluated into a temporary first. */
static gboolean
callee_needs_tmp (GmlNode *n)
{
  GmlNode *fun = gml_node_unparen (n->u.call.fun);
  gboolean found = FALSE;

  switch (n->u.call.call_kind)
    {
    case GML_CALL_METHOD:
    case GML_CALL_IFACE:
      fun = fun->u.selector.x;
      break;
    case GML_CALL_CLOSURE:
      break;
    default:
      return FALSE;
    }
  has_call_cb (fun, NULL, -1, &found);
  return found;
}

/* Temporaries of f(g()) come after the call's operands are noded. */
static void
count_expr (DclCount *c,
            GmlNode  *n)
{
  if (n == NULL || n->kind == GML_NODE_FUNC_LIT)
    return;
  gml_node_foreach_child (n, count_expr_cb, c);
  if (n->kind == GML_NODE_CALL)
    n->u.call.callee_tmp = callee_needs_tmp (n) ? 1 + c->n++ : 0;
  if (n->kind == GML_NODE_CALL && n->u.call.args.len == 1 && is_tuple (n->u.call.args.items[0])
      && n->u.call.call_kind != GML_CALL_BUILTIN && n->u.call.call_kind != GML_CALL_CONVERSION)
    {
      g_hash_table_insert (c->prep->tmp_numbers, n, GUINT_TO_POINTER (c->n));
      c->n += n->u.call.args.items[0]->type->u.tuple.n_elems;
    }
}

static void
count_list (DclCount    *c,
            GmlNodeList *l,
            gboolean     stmts)
{
  for (guint i = 0; i < l->len; i++)
    {
      if (stmts)
        count_stmt (c, l->items[i]);
      else
        count_expr (c, l->items[i]);
    }
}

static void
count_new_vars (DclCount    *c,
                GmlNodeList *l)
{
  for (guint i = 0; i < l->len; i++)
    if (declares (l->items[i]))
      c->n++;
}

/* x, y = g() whose targets' types differ from g's results: typecheck's
 * RewriteMultiValueCall assigns through temporaries (`owner` numbers
 * them). */
static void
count_mismatch (DclCount    *c,
                GmlNode     *owner,
                GmlNodeList *lhs,
                GmlNodeList *rhs)
{
  GmlType *tuple;
  gboolean mismatched = FALSE;

  if (lhs->len < 2 || rhs->len != 1 || !is_tuple (rhs->items[0]))
    return;
  tuple = rhs->items[0]->type;
  for (guint i = 0; i < lhs->len && i < tuple->u.tuple.n_elems; i++)
    {
      GmlNode *x = gml_node_unparen (lhs->items[i]);

      if (x->kind == GML_NODE_IDENT && strcmp (x->u.ident.name, "_") == 0)
        continue;
      if (esc_dst_type (x) != tuple->u.tuple.elems[i])
        mismatched = TRUE;
    }
  if (!mismatched)
    return;
  g_hash_table_insert (c->prep->tmp_numbers, owner, GUINT_TO_POINTER (c->n));
  c->n += tuple->u.tuple.n_elems;
}

static void
count_decl (DclCount *c,
            GmlNode  *n)
{
  GmlNode *d = n->u.decl_stmt.decl;

  if (d == NULL || d->kind != GML_NODE_GEN_DECL || d->u.gen_decl.tok != GML_TOKEN_VAR)
    return;
  for (guint i = 0; i < d->u.gen_decl.specs.len; i++)
    {
      GmlNode *spec = d->u.gen_decl.specs.items[i];

      count_new_vars (c, &spec->u.value_spec.names);
      count_list (c, &spec->u.value_spec.values, FALSE);
      count_mismatch (c, spec, &spec->u.value_spec.names, &spec->u.value_spec.values);
    }
}

static void
count_clauses (DclCount    *c,
               GmlNodeList *clauses)
{
  for (guint i = 0; i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];

      if (cc->kind == GML_NODE_COMM_CLAUSE)
        {
          count_stmt (c, cc->u.comm_clause.comm);
          count_list (c, &cc->u.comm_clause.body, TRUE);
          continue;
        }
      if (cc->u.case_clause.obj != NULL)
        c->n++;
      count_list (c, &cc->u.case_clause.list, FALSE);
      count_list (c, &cc->u.case_clause.body, TRUE);
    }
}

static void
count_stmt (DclCount *c,
            GmlNode  *n)
{
  if (n == NULL)
    return;
  switch (n->kind)
    {
    case GML_NODE_BLOCK:
      count_list (c, &n->u.block.stmts, TRUE);
      break;
    case GML_NODE_DECL_STMT:
      count_decl (c, n);
      break;
    case GML_NODE_ASSIGN_STMT:
      count_list (c, &n->u.assign.rhs, FALSE);
      if (n->u.assign.op == GML_TOKEN_DEFINE)
        count_new_vars (c, &n->u.assign.lhs);
      else
        count_list (c, &n->u.assign.lhs, FALSE);
      if (n->u.assign.op == GML_TOKEN_ASSIGN || n->u.assign.op == GML_TOKEN_DEFINE)
        count_mismatch (c, n, &n->u.assign.lhs, &n->u.assign.rhs);
      break;
    case GML_NODE_RETURN_STMT:
      count_list (c, &n->u.ret.results, FALSE);
      if (n->u.ret.results.len == 1 && is_tuple (n->u.ret.results.items[0]))
        {
          g_hash_table_insert (c->prep->tmp_numbers, n, GUINT_TO_POINTER (c->n));
          c->n += n->u.ret.results.items[0]->type->u.tuple.n_elems;
        }
      break;
    case GML_NODE_IF_STMT:
      count_stmt (c, n->u.if_stmt.init);
      count_expr (c, n->u.if_stmt.cond);
      count_stmt (c, n->u.if_stmt.then);
      count_stmt (c, n->u.if_stmt.else_);
      break;
    case GML_NODE_FOR_STMT:
      count_stmt (c, n->u.for_stmt.init);
      count_expr (c, n->u.for_stmt.cond);
      count_stmt (c, n->u.for_stmt.post);
      count_stmt (c, n->u.for_stmt.body);
      break;
    case GML_NODE_RANGE_STMT:
      if (n->u.range.define)
        c->n += (declares (n->u.range.key) ? 1 : 0) + (declares (n->u.range.value) ? 1 : 0);
      count_expr (c, n->u.range.x);
      count_stmt (c, n->u.range.body);
      break;
    case GML_NODE_SWITCH_STMT:
      count_stmt (c, n->u.switch_stmt.init);
      count_expr (c, n->u.switch_stmt.tag);
      count_clauses (c, &n->u.switch_stmt.clauses);
      break;
    case GML_NODE_TYPE_SWITCH:
      count_stmt (c, n->u.type_switch.init);
      count_expr (c, n->u.type_switch.x);
      count_clauses (c, &n->u.type_switch.clauses);
      break;
    case GML_NODE_SELECT_STMT:
      count_clauses (c, &n->u.select_stmt.clauses);
      break;
    case GML_NODE_LABELED_STMT:
      count_stmt (c, n->u.labeled.stmt);
      break;
    case GML_NODE_EXPR_STMT:
      count_expr (c, n->u.expr_stmt.x);
      break;
    case GML_NODE_SEND_STMT:
      count_expr (c, n->u.send.chan);
      count_expr (c, n->u.send.value);
      break;
    case GML_NODE_INC_DEC_STMT:
      count_expr (c, n->u.inc_dec.x);
      break;
    case GML_NODE_GO_STMT:
    case GML_NODE_DEFER_STMT:
      count_expr (c, n->u.go_defer.call);
      break;
    default:
      break;
    }
}

/* ------------------------------------------------------------------ */
/* ir.reassigned and definitions                                       */

/* ir.OuterValue: the variable whose storage x is part of. */
static GmlObject *
outer_var (GmlNode *x)
{
  for (;;)
    {
      x = gml_node_unparen (x);
      if (x == NULL)
        return NULL;
      if (x->kind == GML_NODE_SELECTOR && x->u.selector.selection.kind == GML_SEL_FIELD
          && !x->u.selector.selection.indirect)
        {
          x = x->u.selector.x;
          continue;
        }
      if (x->kind == GML_NODE_INDEX && x->u.index.x->type != NULL
          && gml_type_underlying (x->u.index.x->type)->kind == GML_TYPE_ARRAY)
        {
          x = x->u.index.x;
          continue;
        }
      break;
    }
  if (x->kind != GML_NODE_IDENT || x->u.ident.obj == NULL || x->u.ident.obj->kind != GML_OBJ_VAR)
    return NULL;
  return x->u.ident.obj;
}

static void
mark (EscPrep   *prep,
      GmlObject *v)
{
  if (v != NULL)
    g_hash_table_add (prep->reassigned, v);
}

static void
assigned_lhs (EscPrep     *prep,
              GmlNodeList *lhs,
              gboolean     define)
{
  for (guint i = 0; i < lhs->len; i++)
    {
      GmlNode *x = gml_node_unparen (lhs->items[i]);

      if (define && declares (x))
        continue;
      if (x->kind == GML_NODE_IDENT && x->u.ident.obj != NULL && x->u.ident.obj->kind == GML_OBJ_VAR)
        mark (prep, x->u.ident.obj);
    }
}

static void
reassign_cb (GmlNode    *child,
             const char *label,
             int         index,
             gpointer    data)
{
  EscPrep *prep = data;

  switch (child->kind)
    {
    case GML_NODE_ASSIGN_STMT:
      if (child->u.assign.op == GML_TOKEN_ASSIGN || child->u.assign.op == GML_TOKEN_DEFINE)
        assigned_lhs (prep, &child->u.assign.lhs, child->u.assign.op == GML_TOKEN_DEFINE);
      break;
    case GML_NODE_UNARY:
      if (child->u.unary.op == GML_TOKEN_AND)
        mark (prep, outer_var (child->u.unary.x));
      break;
    case GML_NODE_SELECTOR:
      if (esc_recv_implicit_addr (child))
        mark (prep, outer_var (child->u.selector.x));
      break;
    case GML_NODE_SLICE_EXPR:
      if (child->u.slice.x->type != NULL
          && gml_type_underlying (child->u.slice.x->type)->kind == GML_TYPE_ARRAY)
        mark (prep, outer_var (child->u.slice.x));
      break;
    default:
      break;
    }
  /* Assignments inside func literals count too (Go walks closures). */
  gml_node_foreach_child (child, reassign_cb, prep);
}

static void
add_defs (EscPrep     *prep,
          GmlNodeList *lhs,
          GmlNodeList *rhs,
          gboolean     define)
{
  if (!define || lhs->len != rhs->len)
    return;
  for (guint i = 0; i < lhs->len; i++)
    if (declares (lhs->items[i]))
      g_hash_table_insert (prep->defs, gml_node_unparen (lhs->items[i])->u.ident.obj, rhs->items[i]);
}

static void
defs_cb (GmlNode    *child,
         const char *label,
         int         index,
         gpointer    data)
{
  EscPrep *prep = data;

  if (child->kind == GML_NODE_FUNC_LIT)
    return;
  if (child->kind == GML_NODE_ASSIGN_STMT)
    add_defs (prep, &child->u.assign.lhs, &child->u.assign.rhs,
              child->u.assign.op == GML_TOKEN_DEFINE);
  else if (child->kind == GML_NODE_VALUE_SPEC)
    add_defs (prep, &child->u.value_spec.names, &child->u.value_spec.values, TRUE);
  gml_node_foreach_child (child, defs_cb, prep);
}

/* ------------------------------------------------------------------ */
/* Preps                                                               */

EscPrep *
esc_prep_new (EscCtx  *ctx,
              GmlFunc *f)
{
  EscPrep *prep = g_new0 (EscPrep, 1);
  DclCount c = { prep, 0 };

  prep->func = f;
  prep->tmp_numbers = g_hash_table_new (NULL, NULL);
  prep->reassigned = g_hash_table_new (NULL, NULL);
  prep->defs = g_hash_table_new (NULL, NULL);
  prep->msgs = g_ptr_array_new_with_free_func (g_free);
  if (f == NULL)
    return prep;
  c.n = (f->recv != NULL ? 1 : 0) + f->params->len + f->results->len;
  if (f->body != NULL)
    {
      count_stmt (&c, f->body);
      reassign_cb (f->body, NULL, -1, prep);
      defs_cb (f->body, NULL, -1, prep);
    }
  prep->n_dcl_total = c.n;
  (void) ctx;
  return prep;
}

void
esc_prep_free (EscPrep *prep)
{
  g_hash_table_unref (prep->tmp_numbers);
  g_hash_table_unref (prep->reassigned);
  g_hash_table_unref (prep->defs);
  g_ptr_array_unref (prep->msgs);
  g_free (prep);
}

/* ir.StaticValue: follows locals assigned exactly once to their value
 * (through conversions that change nothing). */
GmlNode *
esc_static_value (EscPrep *prep,
                  GmlNode *n)
{
  for (guint guard = 0; n != NULL && guard < 100; guard++)
    {
      GmlObject *v;
      GmlNode *def;

      n = gml_node_unparen (n);
      if (n->kind == GML_NODE_CALL && n->u.call.call_kind == GML_CALL_CONVERSION && !n->implicit
          && n->u.call.args.len == 1 && n->type != NULL && n->u.call.args.items[0]->type != NULL
          && !gml_type_is_interface (n->type)
          && gml_type_underlying (n->type) == gml_type_underlying (n->u.call.args.items[0]->type))
        {
          n = n->u.call.args.items[0];
          continue;
        }
      if (n->kind != GML_NODE_IDENT || (v = n->u.ident.obj) == NULL || v->kind != GML_OBJ_VAR)
        return n;
      if (prep == NULL || prep->func == NULL || v->u.var.owner != prep->func
          || (v->flags & (GML_VAR_PARAM | GML_VAR_RESULT | GML_VAR_GLOBAL)))
        return n;
      if (g_hash_table_contains (prep->reassigned, v))
        return n;
      def = g_hash_table_lookup (prep->defs, v);
      if (def == NULL)
        return n;
      n = def;
    }
  return n;
}

/* ------------------------------------------------------------------ */
/* The devirtualize pass                                               */

typedef struct
{
  EscCtx  *ctx;
  EscPrep *prep;
} Devirt;

static void
devirt_call (Devirt  *d,
             GmlNode *call)
{
  GmlNode *sel = gml_node_unparen (call->u.call.fun), *r;
  GmlType *typ;
  GmlLookup l = { 0 };
  GmlFunc *f = d->prep->func;

  if (sel->kind != GML_NODE_SELECTOR)
    return;
  r = esc_static_value (d->prep, sel->u.selector.x);
  if (r->kind != GML_NODE_CALL || r->u.call.call_kind != GML_CALL_CONVERSION
      || r->u.call.args.len != 1 || r->type == NULL || !gml_type_is_interface (r->type))
    return;
  typ = r->u.call.args.items[0]->type;
  if (typ == NULL || gml_type_is_interface (typ) || typ->kind == GML_TYPE_UNTYPED_NIL
      || gml_type_is_untyped (typ))
    return;
  if (!gml_type_lookup (d->ctx->prog->types, typ, f->pkg, sel->u.selector.sel->u.ident.name, &l)
      || l.kind != GML_LOOKUP_METHOD)
    return;
  call->u.call.devirt = typ;
  g_hash_table_insert (d->ctx->devirt, call, typ);
  if (f->pkg == d->ctx->prog->main_pkg)
    {
      g_autofree char *ss = gml_node_expr_string (sel);
      g_autofree char *ts = gml_type_string (typ, GML_TYPE_STRING_ERROR);

      g_ptr_array_add (d->prep->msgs,
                       esc_decision_new (d->ctx, GML_ESCAPE_NOTE, call->pos, FALSE, NULL, call,
                                         g_strdup_printf ("devirtualizing %s to %s", ss, ts)));
    }
}

static void
devirt_cb (GmlNode    *child,
           const char *label,
           int         index,
           gpointer    data)
{
  if (child->kind == GML_NODE_FUNC_LIT)
    return;
  gml_node_foreach_child (child, devirt_cb, data);
  if (child->kind == GML_NODE_CALL && child->u.call.call_kind == GML_CALL_IFACE)
    devirt_call (data, child);
}

void
esc_devirtualize (EscCtx     *ctx,
                  GmlPackage *pkg)
{
  for (guint i = 0; i < pkg->funcs->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (pkg->funcs, i);
      Devirt d = { ctx, g_hash_table_lookup (ctx->preps, f) };

      if (f->body != NULL && d.prep != NULL)
        devirt_cb (f->body, NULL, -1, &d);
    }
}
