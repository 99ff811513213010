/* gml-check-stmt.c: statements (types2's stmt.go, assignments.go,
 * return.go and labels.go).
 */
#include "gml-check.h"
#include "gml-lexer.h"

#include <string.h>

/* Where a statement may break, continue or fall through. */
enum
{
  CTX_BREAK        = 1 << 0,
  CTX_CONTINUE     = 1 << 1,
  CTX_FALLTHROUGH  = 1 << 2,
  CTX_FINAL_CASE   = 1 << 3,
  CTX_TYPE_SWITCH  = 1 << 4,
};

static void stmt (GmlChecker *c, GmlNode *s, guint ctx, GmlObject *label);

static GmlType *
basic (GmlChecker  *c,
       GmlTypeKind  k)
{
  return gml_type_basic (c->tt, k);
}

static gboolean
is_invalid (GmlNode *x)
{
  /* A named type whose declaration failed has an invalid underlying type. */
  return x->mode == GML_MODE_INVALID || x->type == NULL || x->type->kind == GML_TYPE_INVALID
         || gml_type_underlying (x->type)->kind == GML_TYPE_INVALID;
}

static void
stmt_list (GmlChecker  *c,
           GmlNodeList *list,
           guint        ctx)
{
  guint last = list->len;

  /* Trailing empty statements do not count for fallthrough placement. */
  while (last > 0 && list->items[last - 1]->kind == GML_NODE_EMPTY_STMT)
    last--;
  for (guint i = 0; i < list->len; i++)
    {
      guint inner = ctx;

      if (i + 1 != last)
        inner &= ~(guint) CTX_FALLTHROUGH;
      stmt (c, list->items[i], inner, NULL);
    }
}

void
check_stmt_list (GmlChecker  *c,
                 GmlNodeList *list)
{
  stmt_list (c, list, 0);
}

static void
block (GmlChecker *c,
       GmlNode    *b,
       guint       ctx)
{
  GmlScope *scope = check_scope_open (c, b->pos);

  scope->end = b->u.block.rbrace;
  b->u.block.scope = scope;
  stmt_list (c, &b->u.block.stmts, ctx & ~(guint) CTX_FALLTHROUGH);
  check_scope_close (c);
}

/* ------------------------------------------------------------------ */
/* Variables                                                           */

/* A new local variable (declared later by the caller). */
static GmlObject *
new_var (GmlChecker *c,
         GmlNode    *name,
         GmlType    *t)
{
  GmlObject *obj = check_object_new (c, GML_OBJ_VAR, name->u.ident.name, t, name);

  if (!(obj->flags & GML_VAR_BLANK))
    check_func_add_local (c, obj);
  else
    obj->u.var.owner = c->fn != NULL ? c->fn->func : NULL;
  return obj;
}

static void
declare_vars (GmlChecker *c,
              GmlObject **vars,
              guint       n)
{
  for (guint i = 0; i < n; i++)
    if (vars[i] != NULL)
      check_declare (c, c->scope, vars[i]);
}

/* Assigns the value in *slot to a new or redeclared variable
 * (types2's initVar).  A failed initialization marks it used, to avoid
 * a follow-up "declared but not used". */
static gboolean
init_var (GmlChecker *c,
          GmlObject  *v,
          GmlNode   **slot,
          const char *context,
          GmlPos      name_pos)
{
  GmlNode *x = *slot;

  if (is_invalid (x))
    {
      if (v->type == NULL)
        v->type = basic (c, GML_TYPE_INVALID);
      v->flags |= GML_OBJ_USED;
      return FALSE;
    }
  if (v->type == NULL)
    {
      if (!check_assign_to (c, slot, NULL, context, name_pos))
        {
          v->type = basic (c, GML_TYPE_INVALID);
          v->flags |= GML_OBJ_USED;
          return FALSE;
        }
      v->type = (*slot)->type;
      return TRUE;
    }
  if (!check_assign_to (c, slot, v->type, context, name_pos))
    {
      v->flags |= GML_OBJ_USED;
      return FALSE;
    }
  return TRUE;
}

static void
assign_error (GmlChecker *c,
              GmlNode    *rhs0,
              guint       nvars,
              guint       nvals)
{
  GmlNode *call = gml_node_unparen (rhs0);

  if (call->kind == GML_NODE_CALL && call->u.call.fun != NULL)
    {
      g_autofree char *fs = check_expr_string (call->u.call.fun);

      check_error_at (c, rhs0, "assignment mismatch: %u variable%s but %s returns %u value%s",
                      nvars, nvars == 1 ? "" : "s", fs, nvals, nvals == 1 ? "" : "s");
    }
  else
    check_error_at (c, rhs0, "assignment mismatch: %u variable%s but %u value%s",
                    nvars, nvars == 1 ? "" : "s", nvals, nvals == 1 ? "" : "s");
}

/* The types a single right-hand side provides for n variables: a tuple,
 * or a comma-ok form (value, bool).  Returns FALSE on a count mismatch
 * (reported). */
static gboolean
unpack_rhs (GmlChecker *c,
            GmlNode   **slot,
            guint       n,
            GmlType   **types)
{
  GmlNode *x;

  check_multi_expr (c, slot);
  x = *slot;
  if (x->mode == GML_MODE_NOVALUE || x->mode == GML_MODE_BUILTIN || x->mode == GML_MODE_TYPEXPR)
    check_single_value (c, x);
  if (is_invalid (x))
    return FALSE;
  if (x->type->kind == GML_TYPE_TUPLE)
    {
      if (x->type->u.tuple.n_elems != n)
        {
          assign_error (c, x, n, x->type->u.tuple.n_elems);
          return FALSE;
        }
      memcpy (types, x->type->u.tuple.elems, sizeof (GmlType *) * n);
      return TRUE;
    }
  if (n == 2 && (x->mode == GML_MODE_COMMAOK || x->mode == GML_MODE_MAPINDEX))
    {
      check_default (c, x);
      types[0] = x->type;
      types[1] = basic (c, GML_TYPE_UNTYPED_BOOL);
      /* The node now stands for the pair. */
      x->mode = GML_MODE_COMMAOK;
      return TRUE;
    }
  assign_error (c, x, n, 1);
  return FALSE;
}

/* A typed value of type t (from a tuple or comma-ok) assigned to a
 * variable of type vt: assignability only, no conversion node (the
 * compiler converts tuple elements itself). */
static gboolean
assign_type (GmlChecker *c,
             GmlNode    *at,
             GmlType    *t,
             GmlType    *vt,
             const char *context)
{
  GmlNode tmp = *at;
  char *reason = NULL;
  gboolean ok;

  tmp.type = t;
  tmp.mode = GML_MODE_VALUE;
  tmp.cval = NULL;
  ok = check_assignable (c, &tmp, vt, &reason);
  if (!ok)
    {
      g_autofree char *es = check_expr_string (at);
      g_autofree char *ts = check_type_string (t), *vs = check_type_string (vt);

      if (reason != NULL)
        check_error_at (c, at, "cannot use %s (value of type %s) as type %s in %s:\n\t%s", es, ts, vs, context, reason);
      else
        check_error_at (c, at, "cannot use %s (value of type %s) as type %s in %s", es, ts, vs, context);
    }
  g_free (reason);
  return ok;
}

/* n variables initialized from one tuple or comma-ok value. */
static void
init_vars_unpacked (GmlChecker *c,
                    GmlObject **vars,
                    guint       n,
                    GmlNode   **slot,
                    const char *context)
{
  g_autofree GmlType **types = g_new0 (GmlType *, n);

  if (!unpack_rhs (c, slot, n, types))
    {
      for (guint i = 0; i < n; i++)
        if (vars[i] != NULL)
          {
            if (vars[i]->type == NULL)
              vars[i]->type = basic (c, GML_TYPE_INVALID);
            vars[i]->flags |= GML_OBJ_USED;
          }
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      GmlObject *v = vars[i];
      GmlType *t = types[i];

      if (v == NULL)
        continue;
      if (v->type == NULL)
        v->type = gml_type_is_untyped (t) ? gml_type_default (c->tt, t) : t;
      else if (!assign_type (c, *slot, t, v->type, context))
        v->flags |= GML_OBJ_USED;
    }
}

/* Position for implicit conversions of names in assignments: the start
 * of the last left-hand side (where Go's compiler reports them). */
static GmlPos
assign_name_pos (GmlNodeList *lhs)
{
  return lhs->len > 0 ? check_start_pos (lhs->items[lhs->len - 1]) : GML_POS_NONE;
}

/* x = f() where f returns several values: "assignment mismatch"
 * (reported here).  Leaves *slot checked either way. */
gboolean
check_is_multi_value (GmlChecker *c,
                GmlNode   **slot)
{
  GmlNode *x;

  check_multi_expr (c, slot);
  x = *slot;
  if (x->mode != GML_MODE_VALUE || x->type->kind != GML_TYPE_TUPLE)
    {
      check_single_value (c, x);
      return FALSE;
    }
  assign_error (c, x, 1, x->type->u.tuple.n_elems);
  x->mode = GML_MODE_INVALID;
  return TRUE;
}

/* types2's initVars for declarations (var statements and :=). */
static void
init_vars (GmlChecker  *c,
           GmlObject  **vars,
           guint        n,
           GmlNodeList *values,
           const char  *context,
           GmlPos       name_pos)
{
  gboolean checked = FALSE;

  /* := unpacks a single multi-value call (and then counts); var
   * declarations expect a single value. */
  if (values->len == 1 && n == 1 && strcmp (context, "assignment") == 0)
    {
      if (check_is_multi_value (c, &values->items[0]))
        {
          if (vars[0] != NULL && vars[0]->type == NULL)
            vars[0]->type = basic (c, GML_TYPE_INVALID);
          if (vars[0] != NULL)
            vars[0]->flags |= GML_OBJ_USED;
          return;
        }
      checked = TRUE;
    }
  if (values->len == n)
    {
      gboolean failed = FALSE;

      for (guint i = 0; i < n; i++)
        {
          if (!checked)
            check_expr_hint (c, &values->items[i], vars[i] != NULL ? vars[i]->type : NULL);
          if (vars[i] != NULL)
            {
              failed |= !init_var (c, vars[i], &values->items[i], context,
                                   gml_pos_is_valid (name_pos) ? name_pos
                                   : n == 1 ? check_start_pos (values->items[i])
                                   : check_start_pos (values->items[n - 1]));
            }
          else
            check_assign_to (c, &values->items[i], NULL, context, GML_POS_NONE);
        }
      /* No "declared but not used" after a failed initialization. */
      for (guint i = 0; failed && i < n; i++)
        if (vars[i] != NULL)
          vars[i]->flags |= GML_OBJ_USED;
      return;
    }
  if (values->len == 1)
    {
      init_vars_unpacked (c, vars, n, &values->items[0], context);
      return;
    }
  for (guint i = 0; i < values->len; i++)
    check_multi_expr (c, &values->items[i]);
  for (guint i = 0; i < n; i++)
    if (vars[i] != NULL)
      {
        if (vars[i]->type == NULL)
          vars[i]->type = basic (c, GML_TYPE_INVALID);
        vars[i]->flags |= GML_OBJ_USED;
      }
  if (values->len > 0)
    assign_error (c, values->items[0], n, values->len);
}

static void
var_spec (GmlChecker *c,
          GmlNode    *spec)
{
  GmlNodeList *names = &spec->u.value_spec.names;
  g_autofree GmlObject **vars = g_new0 (GmlObject *, names->len + 1);
  GmlType *t = NULL;

  if (spec->u.value_spec.type != NULL)
    t = check_typexpr (c, spec->u.value_spec.type);
  for (guint i = 0; i < names->len; i++)
    vars[i] = new_var (c, names->items[i], t);
  if (spec->u.value_spec.values.len > 1 && spec->u.value_spec.values.len != names->len)
    {
      check_arity (c, spec, NULL, FALSE);
      for (guint i = 0; i < spec->u.value_spec.values.len; i++)
        check_multi_expr (c, &spec->u.value_spec.values.items[i]);
      for (guint i = 0; i < names->len; i++)
        {
          vars[i]->flags |= GML_OBJ_USED;
          if (vars[i]->type == NULL)
            vars[i]->type = basic (c, GML_TYPE_INVALID);
        }
    }
  else if (spec->u.value_spec.values.len > 0)
    init_vars (c, vars, names->len, &spec->u.value_spec.values, "variable declaration", GML_POS_NONE);
  else if (t == NULL)
    for (guint i = 0; i < names->len; i++)
      vars[i]->type = basic (c, GML_TYPE_INVALID);
  declare_vars (c, vars, names->len);
}

static void
decl_stmt (GmlChecker *c,
           GmlNode    *s)
{
  GmlNode *gd = s->u.decl_stmt.decl;

  if (gd->u.gen_decl.tok != GML_TOKEN_VAR)
    {
      check_local_decl (c, gd);
      return;
    }
  for (guint i = 0; i < gd->u.gen_decl.specs.len; i++)
    var_spec (c, gd->u.gen_decl.specs.items[i]);
}

/* ------------------------------------------------------------------ */
/* Assignments                                                         */

/* The left-hand side of an assignment (types2's lhsVar): assigning to a
 * variable is not a use of it. */
static GmlType *
lhs_var (GmlChecker *c,
         GmlNode   **slot)
{
  GmlNode *lhs = *slot, *id = gml_node_unparen (lhs);
  GmlObject *v = NULL;
  guint32 used = 0;

  if (check_is_blank_ident (c, lhs))
    {
      id->mode = GML_MODE_VARIABLE;
      id->type = NULL;
      return NULL;
    }
  if (id->kind == GML_NODE_IDENT)
    {
      v = check_lookup (c, gml_arena_intern (c->arena, id->u.ident.name));
      if (v != NULL && v->kind == GML_OBJ_VAR && v->pkg == c->pkg)
        used = v->flags & GML_OBJ_USED;
      else
        v = NULL;
    }
  check_expr (c, slot);
  lhs = *slot;
  if (v != NULL)
    {
      v->flags = (v->flags & ~(guint32) GML_OBJ_USED) | used;
      v->flags |= GML_VAR_REASSIGNED;
    }
  if (is_invalid (lhs))
    return basic (c, GML_TYPE_INVALID);
  if (lhs->mode != GML_MODE_VARIABLE && lhs->mode != GML_MODE_MAPINDEX)
    {
      GmlNode *sel = gml_node_unparen (lhs);

      if (sel->kind == GML_NODE_SELECTOR && sel->u.selector.x->mode == GML_MODE_MAPINDEX)
        {
          g_autofree char *es = check_expr_string (lhs);

          check_error_at (c, lhs, "cannot assign to struct field %s in map", es);
        }
      else
        {
          g_autofree char *op = check_operand_string (c, lhs);

          check_error_at (c, lhs, "cannot assign to %s", op);
        }
      return basic (c, GML_TYPE_INVALID);
    }
  return lhs->type;
}

/* Marks the variable an assignment's left-hand side names as used (after
 * a failed assignment, to avoid follow-up "declared but not used"). */
static void
use_lhs (GmlChecker *c,
         GmlNode    *lhs)
{
  GmlNode *id = gml_node_unparen (lhs);

  if (id->kind == GML_NODE_IDENT && id->u.ident.obj != NULL && id->u.ident.obj->kind == GML_OBJ_VAR)
    id->u.ident.obj->flags |= GML_OBJ_USED;
}

/* types2's assignVar; FALSE when the assignment failed. */
static gboolean
assign_var (GmlChecker *c,
            GmlNode   **lhs,
            GmlNode   **rhs,
            GmlPos      name_pos)
{
  GmlType *t;

  if (is_invalid (*rhs))
    {
      if (!check_is_blank_ident (c, *lhs))
        check_expr (c, lhs);
      return FALSE;
    }
  t = lhs_var (c, lhs);
  if (t == NULL)
    {
      /* _ = x: x only needs a type. */
      if (!check_assign_to (c, rhs, NULL, "assignment to _ identifier", GML_POS_NONE))
        return FALSE;
      gml_node_unparen (*lhs)->type = (*rhs)->type;
      return TRUE;
    }
  if (t->kind == GML_TYPE_INVALID)
    return FALSE;
  return check_assign_to (c, rhs, t, "assignment", name_pos);
}

static void
assign_stmt_plain (GmlChecker *c,
                   GmlNode    *s)
{
  GmlNodeList *lhs = &s->u.assign.lhs, *rhs = &s->u.assign.rhs;
  GmlPos name_pos = assign_name_pos (lhs);

  if (lhs->len == 1 && rhs->len == 1)
    {
      if (check_is_multi_value (c, &rhs->items[0]))
        {
          check_expr (c, &lhs->items[0]);
          return;
        }
      if (!assign_var (c, &lhs->items[0], &rhs->items[0], name_pos))
        use_lhs (c, lhs->items[0]);
      return;
    }
  if (lhs->len == rhs->len)
    {
      gboolean ok = TRUE;

      for (guint i = 0; i < rhs->len; i++)
        check_expr (c, &rhs->items[i]);
      for (guint i = 0; i < lhs->len; i++)
        ok &= assign_var (c, &lhs->items[i], &rhs->items[i], name_pos);
      for (guint i = 0; !ok && i < lhs->len; i++)
        use_lhs (c, lhs->items[i]);
      return;
    }
  if (rhs->len == 1)
    {
      g_autofree GmlType **types = g_new0 (GmlType *, lhs->len);
      gboolean ok = unpack_rhs (c, &rhs->items[0], lhs->len, types), all = ok;

      for (guint i = 0; i < lhs->len; i++)
        {
          GmlType *t;

          if (!ok)
            {
              if (!check_is_blank_ident (c, lhs->items[i]))
                check_expr (c, &lhs->items[i]);
              continue;
            }
          t = lhs_var (c, &lhs->items[i]);
          if (t != NULL && t->kind != GML_TYPE_INVALID
              && !assign_type (c, rhs->items[0], types[i], t, "assignment"))
            all = FALSE;
        }
      for (guint i = 0; ok && !all && i < lhs->len; i++)
        use_lhs (c, lhs->items[i]);
      return;
    }
  for (guint i = 0; i < rhs->len; i++)
    check_multi_expr (c, &rhs->items[i]);
  for (guint i = 0; i < lhs->len; i++)
    if (!check_is_blank_ident (c, lhs->items[i]))
      check_expr (c, &lhs->items[i]);
  assign_error (c, rhs->items[0], lhs->len, rhs->len);
}

/* x op= y: checked as the binary expression x op y, then assigned. */
static void
assign_op (GmlChecker *c,
           GmlNode    *s)
{
  GmlNode *bin;

  if (s->u.assign.lhs.len != 1 || s->u.assign.rhs.len != 1)
    {
      check_error_at (c, s, "assignment operation %s requires single-valued expressions",
                      gml_token_string (s->u.assign.op));
      return;
    }
  bin = gml_node_new (c->arena, GML_NODE_BINARY, s->pos);
  bin->implicit = TRUE;
  bin->u.binary.op = gml_token_assign_op (s->u.assign.op);
  bin->u.binary.x = s->u.assign.lhs.items[0];
  bin->u.binary.y = s->u.assign.rhs.items[0];
  check_expr (c, &bin);
  s->u.assign.lhs.items[0] = bin->u.binary.x;
  s->u.assign.rhs.items[0] = bin->u.binary.y;
  if (is_invalid (bin))
    return;
  lhs_var (c, &s->u.assign.lhs.items[0]);
  /* The operation's untyped operand took the left-hand side's type. */
}

static void
short_var_decl (GmlChecker *c,
                GmlNode    *s)
{
  GmlNodeList *lhs = &s->u.assign.lhs;
  g_autofree GmlObject **vars = g_new0 (GmlObject *, lhs->len + 1);
  g_autofree GmlObject **fresh = g_new0 (GmlObject *, lhs->len + 1);
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  gboolean any_new = FALSE, bad = FALSE;

  for (guint i = 0; i < lhs->len; i++)
    {
      GmlNode *id = lhs->items[i];
      GmlObject *prev;
      const char *name;

      if (id->kind != GML_NODE_IDENT)
        {
          g_autofree char *es = check_expr_string (id);

          check_expr (c, &lhs->items[i]);
          check_error_at (c, id, "non-name %s on left side of :=", es);
          bad = TRUE;
          continue;
        }
      name = gml_arena_intern (c->arena, id->u.ident.name);
      id->u.ident.name = name;
      if (name != c->s_blank && g_hash_table_contains (seen, name))
        {
          check_error (c, id->pos, "%s repeated on left side of :=", name);
          bad = TRUE;
          continue;
        }
      g_hash_table_add (seen, (gpointer) name);
      prev = name != c->s_blank ? gml_scope_lookup_local (c->scope, name) : NULL;
      if (prev != NULL)
        {
          id->u.ident.obj = prev;
          if (prev->kind == GML_OBJ_VAR)
            {
              prev->flags |= GML_VAR_REASSIGNED;
              vars[i] = prev;
            }
          else
            {
              g_autofree char *es = check_expr_string (id);

              check_error_at (c, id, "cannot assign to %s", es);
              bad = TRUE;
            }
          continue;
        }
      vars[i] = fresh[i] = new_var (c, id, NULL);
      if (name != c->s_blank)
        any_new = TRUE;
    }
  init_vars (c, vars, lhs->len, &s->u.assign.rhs, "assignment", assign_name_pos (lhs));
  declare_vars (c, fresh, lhs->len);
  if (!any_new && !bad)
    check_soft_error (c, s->pos, "no new variables on left side of :=");
}

static void
assign_stmt (GmlChecker *c,
             GmlNode    *s)
{
  switch (s->u.assign.op)
    {
    case GML_TOKEN_ASSIGN: assign_stmt_plain (c, s); break;
    case GML_TOKEN_DEFINE: short_var_decl (c, s); break;
    default:               assign_op (c, s); break;
    }
}

static void
inc_dec (GmlChecker *c,
         GmlNode    *s)
{
  GmlNode *x;

  check_expr (c, &s->u.inc_dec.x);
  x = s->u.inc_dec.x;
  if (is_invalid (x))
    return;
  if (!gml_type_is_numeric (x->type))
    {
      g_autofree char *es = check_expr_string (x), *ts = check_type_string (x->type);
      const char *op = s->u.inc_dec.inc ? "+" : "-";

      check_error_at (c, x, "invalid operation: %s%s%s (non-numeric type %s)", es, op, op, ts);
      return;
    }
  if (x->mode != GML_MODE_VARIABLE && x->mode != GML_MODE_MAPINDEX)
    {
      g_autofree char *op = check_operand_string (c, x);

      check_error_at (c, x, "cannot assign to %s", op);
      return;
    }
  x = gml_node_unparen (x);
  if (x->kind == GML_NODE_IDENT && x->u.ident.obj != NULL)
    x->u.ident.obj->flags |= GML_VAR_REASSIGNED;
}

/* ------------------------------------------------------------------ */
/* Simple statements                                                   */

static gboolean
is_statement_call (GmlNode *x)
{
  x = gml_node_unparen (x);
  if (x->kind == GML_NODE_UNARY && x->u.unary.op == GML_TOKEN_ARROW)
    return TRUE;
  if (x->kind != GML_NODE_CALL)
    return FALSE;
  switch (x->u.call.call_kind)
    {
    case GML_CALL_CONVERSION:
    case GML_CALL_UNKNOWN:
      return FALSE;
    case GML_CALL_BUILTIN:
      switch (x->u.call.builtin)
        {
        case GML_BUILTIN_CLOSE: case GML_BUILTIN_COPY: case GML_BUILTIN_DELETE:
        case GML_BUILTIN_PANIC: case GML_BUILTIN_PRINT: case GML_BUILTIN_PRINTLN:
        case GML_BUILTIN_RECOVER:
          return TRUE;
        default:
          return FALSE;
        }
    default:
      return TRUE;
    }
}

static void
expr_stmt (GmlChecker *c,
           GmlNode    *s)
{
  GmlNode *x;
  g_autofree char *op = NULL;

  check_multi_expr (c, &s->u.expr_stmt.x);
  x = s->u.expr_stmt.x;
  if (x->mode == GML_MODE_INVALID || is_statement_call (x))
    return;
  op = check_operand_string (c, x);
  if (x->mode == GML_MODE_BUILTIN)
    check_error_at (c, x, "%s must be called", op);
  else if (x->mode == GML_MODE_TYPEXPR)
    check_error_at (c, x, "%s is not an expression", op);
  else
    check_error_at (c, x, "%s is not used", op);
}

static void
send_stmt (GmlChecker *c,
           GmlNode    *s)
{
  GmlNode *ch;
  GmlType *u;

  check_expr (c, &s->u.send.chan);
  check_expr (c, &s->u.send.value);
  ch = s->u.send.chan;
  if (is_invalid (ch) || is_invalid (s->u.send.value))
    return;
  u = gml_type_underlying (ch->type);
  if (u->kind != GML_TYPE_CHAN)
    {
      g_autofree char *op = check_operand_string (c, ch);

      check_error_at (c, ch, "invalid operation: cannot send to non-channel %s", op);
      return;
    }
  if (u->u.chan.dir == GML_CHAN_RECV)
    {
      g_autofree char *op = check_operand_string (c, ch);

      check_error_at (c, ch, "invalid operation: cannot send to receive-only channel %s", op);
      return;
    }
  check_assign_to (c, &s->u.send.value, u->u.chan.elem, "send", GML_POS_NONE);
}

static void
go_defer (GmlChecker *c,
          GmlNode    *s)
{
  const char *kw = s->kind == GML_NODE_GO_STMT ? "go" : "defer";
  GmlNode *call = s->u.go_defer.call;

  if (s->kind == GML_NODE_DEFER_STMT && c->fn != NULL)
    c->fn->func->has_defer = TRUE;
  if (call == NULL)
    return;
  if (call->kind != GML_NODE_CALL)
    {
      /* The parser has reported "expression in go must be function call". */
      check_multi_expr (c, &s->u.go_defer.call);
      return;
    }
  check_multi_expr (c, &s->u.go_defer.call);
  call = s->u.go_defer.call;
  if (call->mode == GML_MODE_INVALID || is_statement_call (call))
    return;
  {
    g_autofree char *op = check_operand_string (c, call);

    if (call->u.call.call_kind == GML_CALL_CONVERSION)
      check_error_at (c, call, "%s requires function call, not conversion %s", kw, op);
    else
      check_error_at (c, call, "%s discards result of %s", kw, op);
  }
}

/* ------------------------------------------------------------------ */
/* Returns                                                             */

static void
return_error (GmlChecker  *c,
              GmlNode     *s,
              GmlType    **have,
              guint        n_have,
              GmlType     *sig,
              GmlNode     *at)
{
  guint n_want = sig->u.func.n_results;
  GString *hs = g_string_new ("("), *ws = g_string_new ("(");
  const char *qualifier = n_have > n_want ? "too many" : "not enough";

  for (guint i = 0; i < n_have; i++)
    {
      GmlType *t = have[i];
      g_autofree char *ts = NULL;

      if (t == NULL || t->kind == GML_TYPE_INVALID)
        ts = g_strdup ("<T>");
      else if (gml_type_is_untyped (t))
        ts = g_strdup (gml_type_is_numeric (t) ? "number" : t->kind == GML_TYPE_UNTYPED_NIL ? "nil"
                       : t->kind == GML_TYPE_UNTYPED_BOOL ? "bool" : "string");
      else
        ts = check_type_string (t);
      g_string_append_printf (hs, "%s%s", i > 0 ? ", " : "", ts);
    }
  for (guint i = 0; i < n_want; i++)
    {
      g_autofree char *ts = check_type_string (sig->u.func.results[i]);

      g_string_append_printf (ws, "%s%s", i > 0 ? ", " : "", ts);
    }
  check_error_at (c, at != NULL ? at : s, "%s return values\n\thave %s)\n\twant %s)", qualifier, hs->str, ws->str);
  g_string_free (hs, TRUE);
  g_string_free (ws, TRUE);
}

/* Position for implicit conversions of names in returns: their own for a
 * single result; with several, the last result that is not a name. */
static GmlPos
return_name_pos (GmlNodeList *results)
{
  if (results->len <= 1)
    return GML_POS_NONE;
  for (guint i = results->len; i > 0; i--)
    if (gml_node_unparen (results->items[i - 1])->kind != GML_NODE_IDENT)
      return results->items[i - 1]->pos;
  return results->items[results->len - 1]->pos;
}

static void
return_stmt (GmlChecker *c,
             GmlNode    *s)
{
  GmlNodeList *results = &s->u.ret.results;
  GmlType *sig = c->fn->sig;
  guint n = sig->u.func.n_results;
  GmlPos name_pos = return_name_pos (results);

  s->u.ret.func = c->fn->func;
  if (results->len == 0)
    {
      gboolean named = n > 0 && ((GmlObject *) g_ptr_array_index (c->fn->func->results, 0))->decl != NULL;

      if (n > 0 && !named)
        return_error (c, s, NULL, 0, sig, NULL);
      return;
    }
  if (results->len == 1 && n != 1)
    {
      GmlNode *x;

      check_multi_expr (c, &results->items[0]);
      x = results->items[0];
      if (x->mode != GML_MODE_VALUE || x->type->kind != GML_TYPE_TUPLE)
        check_single_value (c, x);
      if (is_invalid (x))
        return;
      if (x->type->kind == GML_TYPE_TUPLE && x->type->u.tuple.n_elems == n)
        {
          for (guint i = 0; i < n; i++)
            assign_type (c, x, x->type->u.tuple.elems[i], sig->u.func.results[i], "return statement");
          return;
        }
      if (x->type->kind == GML_TYPE_TUPLE)
        return_error (c, s, x->type->u.tuple.elems, x->type->u.tuple.n_elems, sig, x);
      else
        {
          GmlType *t = x->type;

          return_error (c, s, &t, 1, sig, x);
        }
      return;
    }
  for (guint i = 0; i < results->len; i++)
    check_expr (c, &results->items[i]);
  for (guint i = 0; i < results->len; i++)
    if (results->len != n && is_invalid (results->items[i]))
      return;   /* reported already */
  if (results->len != n)
    {
      g_autofree GmlType **have = g_new0 (GmlType *, results->len);

      for (guint i = 0; i < results->len; i++)
        have[i] = results->items[i]->type;
      return_error (c, s, have, results->len, sig,
                    results->len > n ? results->items[n] : results->items[results->len - 1]);
      return;
    }
  for (guint i = 0; i < n; i++)
    check_assign_to (c, &results->items[i], sig->u.func.results[i], "return statement", name_pos);
}

/* ------------------------------------------------------------------ */
/* Branches and labels                                                 */

static GmlObject *
find_label (GmlChecker *c,
            GmlNode    *label)
{
  const char *name = gml_arena_intern (c->arena, label->u.ident.name);

  return g_hash_table_lookup (c->fn->labels, name);
}

static void
branch_stmt (GmlChecker *c,
             GmlNode    *s,
             guint       ctx)
{
  GmlTokenKind tok = s->u.branch.tok;
  GmlNode *label = s->u.branch.label;

  if (tok == GML_TOKEN_GOTO)
    {
      check_error (c, s->pos, "goto is not supported by the simulator");
      c->fn->has_goto = TRUE;
      return;
    }
  if (tok == GML_TOKEN_FALLTHROUGH)
    {
      if (ctx & CTX_TYPE_SWITCH)
        check_error (c, s->pos, "cannot fallthrough in type switch");
      else if (ctx & CTX_FINAL_CASE)
        check_error (c, s->pos, "cannot fallthrough final case in switch");
      else if (!(ctx & CTX_FALLTHROUGH))
        check_error (c, s->pos, "fallthrough statement out of place");
      else if (c->stmt != NULL)
        s->u.branch.target = c->stmt->stmt;
      return;
    }
  if (label != NULL)
    {
      GmlObject *l = find_label (c, label);

      if (l == NULL)
        {
          check_error (c, label->pos, "%s label not defined: %s", gml_token_string (tok), label->u.ident.name);
          return;
        }
      l->u.label.used = TRUE;
      label->u.ident.obj = l;
      for (StmtCtx *sc = c->stmt; sc != NULL; sc = sc->outer)
        if (sc->label == l)
          {
            gboolean loop = sc->stmt->kind == GML_NODE_FOR_STMT || sc->stmt->kind == GML_NODE_RANGE_STMT;

            if (tok == GML_TOKEN_CONTINUE && !loop)
              break;
            s->u.branch.target = sc->stmt;
            return;
          }
      check_error (c, label->pos, "invalid %s label %s", gml_token_string (tok), label->u.ident.name);
      return;
    }
  if (tok == GML_TOKEN_BREAK)
    {
      if (!(ctx & CTX_BREAK) || c->stmt == NULL)
        check_error (c, s->pos, "break is not in a loop, switch, or select");
      else
        s->u.branch.target = c->stmt->stmt;
      return;
    }
  if (!(ctx & CTX_CONTINUE))
    {
      check_error (c, s->pos, "continue is not in a loop");
      return;
    }
  for (StmtCtx *sc = c->stmt; sc != NULL; sc = sc->outer)
    if (sc->stmt->kind == GML_NODE_FOR_STMT || sc->stmt->kind == GML_NODE_RANGE_STMT)
      {
        s->u.branch.target = sc->stmt;
        return;
      }
}

static void
labeled_stmt (GmlChecker *c,
              GmlNode    *s,
              guint       ctx)
{
  GmlNode *name = s->u.labeled.label;
  const char *n = gml_arena_intern (c->arena, name->u.ident.name);
  GmlObject *l;

  if (n == c->s_blank)
    {
      stmt (c, s->u.labeled.stmt, ctx, NULL);
      return;
    }
  l = g_hash_table_lookup (c->fn->labels, n);
  if (l != NULL)
    {
      check_error (c, name->pos, "label %s already defined at %s:%u:%u",
                   n, c->filename, l->pos.line, l->pos.col);
      stmt (c, s->u.labeled.stmt, ctx, NULL);
      return;
    }
  l = check_object_new (c, GML_OBJ_LABEL, n, NULL, name);
  l->u.label.stmt = s->u.labeled.stmt;
  g_hash_table_insert (c->fn->labels, (gpointer) n, l);
  stmt (c, s->u.labeled.stmt, ctx, l);
}

/* ------------------------------------------------------------------ */
/* Control flow                                                        */

static void
push_stmt (GmlChecker *c,
           StmtCtx    *sc,
           GmlNode    *s,
           GmlObject  *label)
{
  sc->outer = c->stmt;
  sc->stmt = s;
  sc->label = label;
  c->stmt = sc;
}

static void
condition (GmlChecker *c,
           GmlNode   **slot,
           const char *where)
{
  GmlNode *x;

  check_expr (c, slot);
  x = *slot;
  if (is_invalid (x))
    return;
  if (!gml_type_is_boolean (x->type))
    {
      check_error_at (c, x, "non-boolean condition in %s statement", where);
      return;
    }
  check_default (c, x);
}

static void
if_stmt (GmlChecker *c,
         GmlNode    *s,
         guint       ctx)
{
  check_scope_open (c, s->pos);
  if (s->u.if_stmt.init != NULL)
    stmt (c, s->u.if_stmt.init, 0, NULL);
  if (s->u.if_stmt.cond != NULL)
    condition (c, &s->u.if_stmt.cond, "if");
  block (c, s->u.if_stmt.then, ctx);
  if (s->u.if_stmt.else_ != NULL)
    {
      if (s->u.if_stmt.else_->kind == GML_NODE_BLOCK)
        block (c, s->u.if_stmt.else_, ctx);
      else
        stmt (c, s->u.if_stmt.else_, ctx & ~(guint) CTX_FALLTHROUGH, NULL);
    }
  check_scope_close (c);
}

static void
for_stmt (GmlChecker *c,
          GmlNode    *s,
          guint       ctx,
          GmlObject  *label)
{
  StmtCtx sc;

  check_scope_open (c, s->pos);
  if (s->u.for_stmt.init != NULL)
    stmt (c, s->u.for_stmt.init, 0, NULL);
  if (s->u.for_stmt.cond != NULL)
    condition (c, &s->u.for_stmt.cond, "for");
  if (s->u.for_stmt.post != NULL)
    {
      GmlNode *post = s->u.for_stmt.post;

      if (post->kind == GML_NODE_ASSIGN_STMT && post->u.assign.op == GML_TOKEN_DEFINE)
        check_error (c, post->pos, "cannot declare in post statement of for loop");
      stmt (c, post, 0, NULL);
    }
  push_stmt (c, &sc, s, label);
  block (c, s->u.for_stmt.body, (ctx & ~(guint) (CTX_FALLTHROUGH | CTX_FINAL_CASE | CTX_TYPE_SWITCH))
                                  | CTX_BREAK | CTX_CONTINUE);
  c->stmt = sc.outer;
  check_scope_close (c);
}

/* The key and value types of a range over x, or FALSE. */
static gboolean
range_types (GmlChecker *c,
             GmlNode    *x,
             GmlType   **key,
             GmlType   **val)
{
  GmlType *u = gml_type_underlying (x->type);

  *key = *val = NULL;
  if (u->kind == GML_TYPE_POINTER && gml_type_underlying (u->u.pointer.elem)->kind == GML_TYPE_ARRAY)
    u = gml_type_underlying (u->u.pointer.elem);
  switch (u->kind)
    {
    case GML_TYPE_STRING:
    case GML_TYPE_UNTYPED_STRING:
      *key = basic (c, GML_TYPE_INT);
      *val = basic (c, GML_TYPE_INT32);
      return TRUE;
    case GML_TYPE_ARRAY:
      *key = basic (c, GML_TYPE_INT);
      *val = u->u.array.elem;
      return TRUE;
    case GML_TYPE_SLICE:
      *key = basic (c, GML_TYPE_INT);
      *val = u->u.slice.elem;
      return TRUE;
    case GML_TYPE_MAP:
      *key = u->u.map.key;
      *val = u->u.map.elem;
      return TRUE;
    case GML_TYPE_CHAN:
      *key = u->u.chan.elem;
      return u->u.chan.dir != GML_CHAN_SEND;
    default:
      return FALSE;
    }
}

static void
range_vars (GmlChecker *c,
            GmlNode    *s,
            GmlType    *types[2])
{
  GmlNode **lhs[2] = { &s->u.range.key, &s->u.range.value };

  if (s->u.range.define)
    {
      GmlObject *vars[2] = { NULL, NULL };

      for (guint i = 0; i < 2; i++)
        {
          GmlNode *id = *lhs[i];

          if (id == NULL)
            continue;
          if (id->kind != GML_NODE_IDENT)
            {
              g_autofree char *es = check_expr_string (id);

              check_error_at (c, id, "non-name %s on left side of :=", es);
              continue;
            }
          vars[i] = new_var (c, id, types[i] != NULL ? types[i] : basic (c, GML_TYPE_INVALID));
        }
      declare_vars (c, vars, 2);
      return;
    }
  for (guint i = 0; i < 2; i++)
    {
      GmlType *t;

      if (*lhs[i] == NULL)
        continue;
      t = lhs_var (c, lhs[i]);
      if (t != NULL && t->kind != GML_TYPE_INVALID && types[i] != NULL)
        assign_type (c, *lhs[i], types[i], t, "range clause");
    }
}

static void
range_stmt (GmlChecker *c,
            GmlNode    *s,
            guint       ctx,
            GmlObject  *label)
{
  GmlNode *x;
  GmlType *types[2] = { NULL, NULL };
  StmtCtx sc;

  check_scope_open (c, s->pos);
  check_expr (c, &s->u.range.x);
  x = s->u.range.x;
  if (!is_invalid (x))
    {
      if (!range_types (c, x, &types[0], &types[1]))
        {
          g_autofree char *op = check_operand_string (c, x);
          GmlType *u = gml_type_underlying (x->type);

          if (u->kind == GML_TYPE_CHAN)
            check_error_at (c, x, "cannot range over %s (receive from send-only channel)", op);
          else
            check_error_at (c, x, "cannot range over %s", op);
        }
      else
        {
          check_default (c, x);
          if (types[1] == NULL && s->u.range.value != NULL)
            {
              g_autofree char *op = check_operand_string (c, x);

              check_error_at (c, s->u.range.value, "range over %s permits only one iteration variable", op);
            }
        }
    }
  range_vars (c, s, types);
  push_stmt (c, &sc, s, label);
  block (c, s->u.range.body, (ctx & ~(guint) (CTX_FALLTHROUGH | CTX_FINAL_CASE | CTX_TYPE_SWITCH))
                             | CTX_BREAK | CTX_CONTINUE);
  c->stmt = sc.outer;
  check_scope_close (c);
}

/* Case values of an expression switch against the tag (types2's
 * caseValues): comparisons and duplicate constants. */
static void
case_values (GmlChecker *c,
             GmlNode    *clause,
             GmlNode   **tag,
             GmlNode    *tag_expr,
             GPtrArray  *seen)
{
  GmlNodeList *list = &clause->u.case_clause.list;

  for (guint i = 0; i < list->len; i++)
    {
      GmlNode *v;

      check_expr (c, &list->items[i]);
      v = list->items[i];
      if (is_invalid (v) || is_invalid (*tag))
        continue;
      check_convert_untyped (c, v, (*tag)->type);
      if (is_invalid (v))
        continue;
      v = list->items[i];
      {
        GmlNode tmp_tag = **tag;
        GmlNode *tag_slot = &tmp_tag;

        check_comparison (c, NULL, &list->items[i], &tag_slot, TRUE, tag_expr);
      }
      /* v itself, not the conversion to the tag's interface type.
       * Duplicate booleans are allowed (types2's goVal ignores them). */
      if (v->mode != GML_MODE_CONSTANT || v->cval == NULL || v->cval->kind == GML_CONST_BOOL)
        continue;
      for (guint j = 0; j < seen->len; j++)
        {
          GmlNode *o = g_ptr_array_index (seen, j);

          if (o->type == v->type && gml_const_equal (o->cval, v->cval))
            {
              g_autofree char *op = check_operand_string (c, v);
              GmlPos p = o->pos;

              check_error_at (c, v, "duplicate case %s in expression switch\n\t%s:%u:%u: previous case",
                              op, c->filename, p.line, p.col);
              v = NULL;
              break;
            }
        }
      if (v != NULL)
        g_ptr_array_add (seen, v);
    }
}

static void
check_defaults (GmlChecker  *c,
                GmlNodeList *clauses)
{
  GmlNode *first = NULL;

  for (guint i = 0; i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];
      gboolean is_default = cc->kind == GML_NODE_CASE_CLAUSE ? cc->u.case_clause.is_default
                                                             : cc->u.comm_clause.comm == NULL;

      if (!is_default)
        continue;
      if (first != NULL)
        check_error (c, cc->pos, "multiple defaults (first at %s:%u:%u)", c->filename,
                     first->pos.line, first->pos.col);
      else
        first = cc;
    }
}

static void
switch_stmt (GmlChecker *c,
             GmlNode    *s,
             guint       ctx,
             GmlObject  *label)
{
  GmlNodeList *clauses = &s->u.switch_stmt.clauses;
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();
  GmlNode *tag, *tag_expr;
  StmtCtx sc;

  check_scope_open (c, s->pos);
  if (s->u.switch_stmt.init != NULL)
    stmt (c, s->u.switch_stmt.init, 0, NULL);
  if (s->u.switch_stmt.tag != NULL)
    {
      check_expr (c, &s->u.switch_stmt.tag);
      check_assign_to (c, &s->u.switch_stmt.tag, NULL, "switch expression", GML_POS_NONE);
      tag = s->u.switch_stmt.tag;
      tag_expr = tag;
      if (!is_invalid (tag) && !gml_type_is_comparable (tag->type)
          && gml_type_underlying (tag->type)->kind != GML_TYPE_SLICE
          && gml_type_underlying (tag->type)->kind != GML_TYPE_MAP
          && gml_type_underlying (tag->type)->kind != GML_TYPE_FUNC)
        {
          g_autofree char *op = check_operand_string (c, tag), *ts = check_type_string (tag->type);

          check_error_at (c, tag, "cannot switch on %s (%s is not comparable)", op, ts);
          tag->mode = GML_MODE_INVALID;
        }
    }
  else
    {
      /* switch { ... } is switch true { ... } */
      tag = gml_node_new (c->arena, GML_NODE_IDENT, s->pos);
      tag->u.ident.name = "true";
      tag->implicit = TRUE;
      tag->mode = GML_MODE_CONSTANT;
      tag->type = basic (c, GML_TYPE_BOOL);
      tag->cval = gml_const_new_bool (c->arena, TRUE);
      tag_expr = tag;
    }
  check_defaults (c, clauses);
  push_stmt (c, &sc, s, label);
  for (guint i = 0; i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];
      guint inner = (ctx & ~(guint) (CTX_FALLTHROUGH | CTX_FINAL_CASE | CTX_TYPE_SWITCH)) | CTX_BREAK;
      case_values (c, cc, &tag, tag_expr, seen);
      if (i + 1 < clauses->len)
        inner |= CTX_FALLTHROUGH;
      else
        inner |= CTX_FINAL_CASE;
      check_scope_open (c, cc->pos);
      stmt_list (c, &cc->u.case_clause.body, inner);
      check_scope_close (c);
    }
  c->stmt = sc.outer;
  check_scope_close (c);
}

/* ------------------------------------------------------------------ */
/* Type switches                                                       */

/* One case type of a type switch (or nil); returns the type, NULL for
 * nil, or the invalid type. */
static GmlType *
case_type (GmlChecker *c,
           GmlNode   **slot,
           GmlNode    *x,
           gboolean    x_ok,
           GPtrArray  *seen)
{
  GmlNode *e;
  GmlType *t;

  check_expr_or_type (c, slot);
  e = *slot;
  if (e->mode == GML_MODE_INVALID)
    return basic (c, GML_TYPE_INVALID);
  if (e->mode != GML_MODE_TYPEXPR)
    {
      if (e->type != NULL && e->type->kind == GML_TYPE_UNTYPED_NIL)
        t = NULL;
      else
        {
          g_autofree char *es = check_expr_string (e);

          check_error_at (c, e, "%s is not a type", es);
          return basic (c, GML_TYPE_INVALID);
        }
    }
  else
    t = e->type;
  for (guint i = 0; i < seen->len; i++)
    {
      GmlNode *o = g_ptr_array_index (seen, i);
      GmlType *ot = o->mode == GML_MODE_TYPEXPR ? o->type : NULL;

      if (ot == t)
        {
          g_autofree char *ts = t != NULL ? check_type_string (t) : g_strdup ("nil");
          GmlPos p = check_start_pos (o);

          if (t == NULL)
            check_error_at (c, e, "multiple nil cases in type switch (first at %s:%u:%u)",
                            c->filename, p.line, p.col);
          else
            check_error_at (c, e, "duplicate case %s in type switch\n\t%s:%u:%u: previous case",
                            ts, c->filename, p.line, p.col);
          return t;
        }
    }
  g_ptr_array_add (seen, e);
  if (t != NULL && !gml_type_is_interface (t) && x_ok)
    {
      g_autofree char *reason = check_missing_method_reason (c, t, x->type);

      if (reason != NULL)
        {
          g_autofree char *es = check_expr_string (e), *op = check_operand_string (c, x);
          g_autofree char *ts = check_type_string (t);

          check_error_at (c, e, "impossible type switch case: %s\n\t%s cannot have dynamic type %s %s",
                          es, op, ts, reason);
          return basic (c, GML_TYPE_INVALID);
        }
    }
  return t;
}

static void
type_switch (GmlChecker *c,
             GmlNode    *s,
             guint       ctx,
             GmlObject  *label)
{
  GmlNodeList *clauses = &s->u.type_switch.clauses;
  GmlNode *name = s->u.type_switch.name, *x;
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();
  g_autoptr (GPtrArray) objs = g_ptr_array_new ();
  gboolean ok = TRUE;
  StmtCtx sc;

  check_scope_open (c, s->pos);
  if (s->u.type_switch.init != NULL)
    stmt (c, s->u.type_switch.init, 0, NULL);
  if (name != NULL && check_is_blank_ident (c, name))
    {
      check_soft_error (c, name->pos, "no new variable on left side of :=");
      name = NULL;
    }
  check_expr (c, &s->u.type_switch.x);
  x = s->u.type_switch.x;
  if (is_invalid (x))
    ok = FALSE;
  else if (!gml_type_is_interface (x->type))
    {
      g_autofree char *op = check_operand_string (c, x);

      check_error_at (c, x, "%s is not an interface", op);
      ok = FALSE;
    }
  check_defaults (c, clauses);
  push_stmt (c, &sc, s, label);
  for (guint i = 0; i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];
      GmlType *single = NULL;
      guint n = cc->u.case_clause.list.len;

      for (guint j = 0; j < n; j++)
        {
          GmlType *t = case_type (c, &cc->u.case_clause.list.items[j], x, ok, seen);

          if (n == 1)
            single = t;
        }
      check_scope_open (c, cc->pos);
      if (name != NULL)
        {
          GmlType *vt = ok ? x->type : basic (c, GML_TYPE_INVALID);
          GmlObject *v;

          if (n == 1 && single != NULL)
            vt = single;
          v = check_object_new (c, GML_OBJ_VAR, name->u.ident.name, vt, NULL);
          v->pos = name->pos;
          v->flags |= GML_VAR_TYPESWITCH;
          check_func_add_local (c, v);
          check_declare (c, c->scope, v);
          cc->u.case_clause.obj = v;
          g_ptr_array_add (objs, v);
        }
      stmt_list (c, &cc->u.case_clause.body,
                 (ctx & ~(guint) (CTX_FALLTHROUGH | CTX_FINAL_CASE)) | CTX_BREAK | CTX_TYPE_SWITCH);
      check_scope_close (c);
    }
  c->stmt = sc.outer;
  if (name != NULL)
    {
      gboolean used = FALSE;

      for (guint i = 0; i < objs->len; i++)
        used |= (((GmlObject *) g_ptr_array_index (objs, i))->flags & GML_OBJ_USED) != 0;
      if (!used)
        check_soft_error (c, name->pos, "%s declared but not used", name->u.ident.name);
      if (objs->len > 0)
        name->u.ident.obj = g_ptr_array_index (objs, 0);
    }
  check_scope_close (c);
}

/* ------------------------------------------------------------------ */
/* Select                                                              */

static gboolean
is_recv (GmlNode *x)
{
  x = gml_node_unparen (x);
  return x != NULL && x->kind == GML_NODE_UNARY && x->u.unary.op == GML_TOKEN_ARROW;
}

static void
select_stmt (GmlChecker *c,
             GmlNode    *s,
             guint       ctx,
             GmlObject  *label)
{
  GmlNodeList *clauses = &s->u.select_stmt.clauses;
  StmtCtx sc;

  check_defaults (c, clauses);
  push_stmt (c, &sc, s, label);
  for (guint i = 0; i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];
      GmlNode *comm = cc->u.comm_clause.comm;
      gboolean valid = comm == NULL || comm->kind == GML_NODE_SEND_STMT
                       || (comm->kind == GML_NODE_EXPR_STMT && is_recv (comm->u.expr_stmt.x))
                       || (comm->kind == GML_NODE_ASSIGN_STMT && comm->u.assign.rhs.len == 1
                           && (comm->u.assign.op == GML_TOKEN_ASSIGN || comm->u.assign.op == GML_TOKEN_DEFINE)
                           && is_recv (comm->u.assign.rhs.items[0]));

      check_scope_open (c, cc->pos);
      if (!valid)
        check_error_at (c, comm, "select case must be receive, send or assign recv");
      else if (comm != NULL)
        stmt (c, comm, 0, NULL);
      stmt_list (c, &cc->u.comm_clause.body,
                 (ctx & ~(guint) (CTX_FALLTHROUGH | CTX_FINAL_CASE | CTX_TYPE_SWITCH)) | CTX_BREAK);
      check_scope_close (c);
    }
  c->stmt = sc.outer;
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */

static void
stmt (GmlChecker *c,
      GmlNode    *s,
      guint       ctx,
      GmlObject  *label)
{
  if (s == NULL)
    return;
  switch (s->kind)
    {
    case GML_NODE_EMPTY_STMT:
    case GML_NODE_BAD_STMT:
      break;
    case GML_NODE_DECL_STMT:    decl_stmt (c, s); break;
    case GML_NODE_LABELED_STMT: labeled_stmt (c, s, ctx); break;
    case GML_NODE_EXPR_STMT:    expr_stmt (c, s); break;
    case GML_NODE_SEND_STMT:    send_stmt (c, s); break;
    case GML_NODE_INC_DEC_STMT: inc_dec (c, s); break;
    case GML_NODE_ASSIGN_STMT:  assign_stmt (c, s); break;
    case GML_NODE_GO_STMT:
    case GML_NODE_DEFER_STMT:   go_defer (c, s); break;
    case GML_NODE_RETURN_STMT:  return_stmt (c, s); break;
    case GML_NODE_BRANCH_STMT:  branch_stmt (c, s, ctx); break;
    case GML_NODE_BLOCK:        block (c, s, ctx); break;
    case GML_NODE_IF_STMT:      if_stmt (c, s, ctx); break;
    case GML_NODE_FOR_STMT:     for_stmt (c, s, ctx, label); break;
    case GML_NODE_RANGE_STMT:   range_stmt (c, s, ctx, label); break;
    case GML_NODE_SWITCH_STMT:  switch_stmt (c, s, ctx, label); break;
    case GML_NODE_TYPE_SWITCH:  type_switch (c, s, ctx, label); break;
    case GML_NODE_SELECT_STMT:  select_stmt (c, s, ctx, label); break;
    default:
      check_error_at (c, s, "invalid statement");
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Terminating statements (types2's return.go)                         */

static gboolean has_break_list (GmlNodeList *list, const char *label, gboolean implicit);

static gboolean
has_break (GmlNode    *s,
           const char *label,
           gboolean    implicit)
{
  if (s == NULL)
    return FALSE;
  switch (s->kind)
    {
    case GML_NODE_BRANCH_STMT:
      if (s->u.branch.tok != GML_TOKEN_BREAK)
        return FALSE;
      if (s->u.branch.label == NULL)
        return implicit;
      return label != NULL && strcmp (s->u.branch.label->u.ident.name, label) == 0;
    case GML_NODE_LABELED_STMT:
      return has_break (s->u.labeled.stmt, label, implicit);
    case GML_NODE_BLOCK:
      return has_break_list (&s->u.block.stmts, label, implicit);
    case GML_NODE_IF_STMT:
      return has_break (s->u.if_stmt.then, label, implicit)
             || has_break (s->u.if_stmt.else_, label, implicit);
    case GML_NODE_CASE_CLAUSE:
      return has_break_list (&s->u.case_clause.body, label, implicit);
    case GML_NODE_COMM_CLAUSE:
      return has_break_list (&s->u.comm_clause.body, label, implicit);
    case GML_NODE_SWITCH_STMT:
      return label != NULL && has_break_list (&s->u.switch_stmt.clauses, label, FALSE);
    case GML_NODE_TYPE_SWITCH:
      return label != NULL && has_break_list (&s->u.type_switch.clauses, label, FALSE);
    case GML_NODE_SELECT_STMT:
      return label != NULL && has_break_list (&s->u.select_stmt.clauses, label, FALSE);
    case GML_NODE_FOR_STMT:
      return label != NULL && has_break (s->u.for_stmt.body, label, FALSE);
    case GML_NODE_RANGE_STMT:
      return label != NULL && has_break (s->u.range.body, label, FALSE);
    default:
      return FALSE;
    }
}

static gboolean
has_break_list (GmlNodeList *list,
                const char  *label,
                gboolean     implicit)
{
  for (guint i = 0; i < list->len; i++)
    if (has_break (list->items[i], label, implicit))
      return TRUE;
  return FALSE;
}

static gboolean
is_terminating_list (GmlChecker  *c,
                     GmlNodeList *list,
                     const char  *label)
{
  for (guint i = list->len; i > 0; i--)
    if (list->items[i - 1]->kind != GML_NODE_EMPTY_STMT)
      return check_is_terminating (c, list->items[i - 1], label);
  return FALSE;
}

static gboolean
is_terminating_clauses (GmlChecker  *c,
                        GmlNodeList *clauses,
                        const char  *label,
                        gboolean     need_default)
{
  gboolean has_default = FALSE;

  for (guint i = 0; i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];
      GmlNodeList *body = cc->kind == GML_NODE_CASE_CLAUSE ? &cc->u.case_clause.body
                                                           : &cc->u.comm_clause.body;

      if (cc->kind == GML_NODE_CASE_CLAUSE && cc->u.case_clause.is_default)
        has_default = TRUE;
      if (!is_terminating_list (c, body, NULL) || has_break_list (body, label, TRUE))
        return FALSE;
    }
  return !need_default || has_default;
}

gboolean
check_is_terminating (GmlChecker *c,
                      GmlNode    *s,
                      const char *label)
{
  GmlNode *x;

  if (s == NULL)
    return FALSE;
  switch (s->kind)
    {
    case GML_NODE_LABELED_STMT:
      return check_is_terminating (c, s->u.labeled.stmt, s->u.labeled.label->u.ident.name);
    case GML_NODE_EXPR_STMT:
      x = gml_node_unparen (s->u.expr_stmt.x);
      return x->kind == GML_NODE_CALL && x->u.call.call_kind == GML_CALL_BUILTIN
             && x->u.call.builtin == GML_BUILTIN_PANIC;
    case GML_NODE_RETURN_STMT:
      return TRUE;
    case GML_NODE_BRANCH_STMT:
      return s->u.branch.tok == GML_TOKEN_GOTO || s->u.branch.tok == GML_TOKEN_FALLTHROUGH;
    case GML_NODE_BLOCK:
      return is_terminating_list (c, &s->u.block.stmts, NULL);
    case GML_NODE_IF_STMT:
      return s->u.if_stmt.else_ != NULL && check_is_terminating (c, s->u.if_stmt.then, NULL)
             && check_is_terminating (c, s->u.if_stmt.else_, NULL);
    case GML_NODE_SWITCH_STMT:
      return is_terminating_clauses (c, &s->u.switch_stmt.clauses, label, TRUE);
    case GML_NODE_TYPE_SWITCH:
      return is_terminating_clauses (c, &s->u.type_switch.clauses, label, TRUE);
    case GML_NODE_SELECT_STMT:
      return is_terminating_clauses (c, &s->u.select_stmt.clauses, label, FALSE);
    case GML_NODE_FOR_STMT:
      return s->u.for_stmt.cond == NULL && !has_break (s->u.for_stmt.body, label, TRUE);
    default:
      return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* Unused variables                                                    */

void
check_report_unused (GmlChecker *c,
                     FuncCtx    *fn)
{
  for (guint i = 0; i < fn->vars->len; i++)
    {
      GmlObject *v = g_ptr_array_index (fn->vars, i);

      if (v->flags & (GML_OBJ_USED | GML_VAR_BLANK | GML_VAR_TYPESWITCH | GML_VAR_PARAM | GML_VAR_RESULT))
        continue;
      check_soft_error (c, v->pos, "%s declared but not used", v->name);
    }
}
