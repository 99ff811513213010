/* gml-check-expr.c: expressions — dispatch, names, literals, operators,
 * untyped constants, assignability and implicit interface conversions
 * (types2's expr.go, operand.go, assignments.go).
 *
 * An expression's annotations live on its node: `type`, `mode` and, for
 * constants, `cval`.  An untyped expression keeps its untyped type until
 * the context decides (assignment, argument, operand of a typed binary
 * expression); then check_convert_untyped() rewrites the types of the
 * whole untyped subtree, as types2's updateExprType does, so that after
 * checking no node that is materialized at run time is left untyped.
 */
#include "gml-check.h"

#include <string.h>

static void raw_expr (GmlChecker *c, GmlNode **slot, GmlType *hint);

static GmlType *
basic (GmlChecker  *c,
       GmlTypeKind  k)
{
  return gml_type_basic (c->tt, k);
}

static void
invalid (GmlChecker *c,
         GmlNode    *x)
{
  x->mode = GML_MODE_INVALID;
  x->type = basic (c, GML_TYPE_INVALID);
  x->cval = NULL;
}

static gboolean
is_invalid (GmlNode *x)
{
  /* A named type whose declaration failed has an invalid underlying type. */
  return x->mode == GML_MODE_INVALID || x->type == NULL || x->type->kind == GML_TYPE_INVALID
         || gml_type_underlying (x->type)->kind == GML_TYPE_INVALID;
}

/* ------------------------------------------------------------------ */
/* Names and literals                                                  */

static void
unsupported_name (GmlChecker *c,
                  GmlNode    *e,
                  GmlObject  *obj)
{
  if (strcmp (obj->name, "comparable") == 0)
    check_error (c, e->pos, "generics are not supported by the simulator");
  else
    check_error (c, e->pos, "complex numbers are not supported by the simulator");
  invalid (c, e);
}

static void
ident (GmlChecker *c,
       GmlNode    *e)
{
  const char *name = gml_arena_intern (c->arena, e->u.ident.name);
  GmlObject *obj;

  e->u.ident.name = name;
  if (name == c->s_blank)
    {
      check_error (c, e->pos, "cannot use _ as value");
      invalid (c, e);
      return;
    }
  obj = check_lookup (c, name);
  if (obj == NULL)
    {
      check_error (c, e->pos, "undefined: %s", name);
      invalid (c, e);
      return;
    }
  e->u.ident.obj = obj;
  if (obj->kind == GML_OBJ_BAD)
    {
      unsupported_name (c, e, obj);
      return;
    }
  check_resolve_object (c, obj);
  check_use_object (c, obj, e);
  e->cval = NULL;
  switch (obj->kind)
    {
    case GML_OBJ_PKG:
      check_error (c, e->pos, "use of package %s without selector", name);
      invalid (c, e);
      return;
    case GML_OBJ_CONST:
      e->mode = GML_MODE_CONSTANT;
      e->type = obj->type;
      if (obj->name == c->s_iota && obj->pkg == NULL)
        {
          if (c->iota < 0)
            {
              check_error (c, e->pos, "cannot use iota outside constant declaration");
              invalid (c, e);
              return;
            }
          e->cval = gml_const_new_int (c->arena, c->iota);
        }
      else
        e->cval = obj->u.cnst.value;
      if (e->cval == NULL)
        invalid (c, e);
      break;
    case GML_OBJ_TYPE:
      e->mode = GML_MODE_TYPEXPR;
      e->type = obj->type;
      break;
    case GML_OBJ_VAR:
      e->mode = GML_MODE_VARIABLE;
      e->type = obj->type;
      break;
    case GML_OBJ_FUNC:
      e->mode = GML_MODE_VALUE;
      e->type = obj->type;
      break;
    case GML_OBJ_BUILTIN:
      e->mode = GML_MODE_BUILTIN;
      e->type = basic (c, GML_TYPE_INVALID);
      return;
    case GML_OBJ_NIL:
      e->mode = GML_MODE_VALUE;
      e->type = obj->type;
      break;
    default:
      invalid (c, e);
      return;
    }
  if (e->type == NULL || e->type->kind == GML_TYPE_INVALID)
    invalid (c, e);
}

static void
basic_lit (GmlChecker *c,
           GmlNode    *e)
{
  static const GmlTypeKind kinds[] = {
    [GML_TOKEN_INT] = GML_TYPE_UNTYPED_INT, [GML_TOKEN_FLOAT] = GML_TYPE_UNTYPED_FLOAT,
    [GML_TOKEN_CHAR] = GML_TYPE_UNTYPED_RUNE, [GML_TOKEN_STRING] = GML_TYPE_UNTYPED_STRING,
  };
  GmlConst *v = NULL;

  if (e->u.lit.kind == GML_TOKEN_INT || e->u.lit.kind == GML_TOKEN_FLOAT
      || e->u.lit.kind == GML_TOKEN_CHAR || e->u.lit.kind == GML_TOKEN_STRING)
    v = gml_const_from_literal (c->arena, e->u.lit.kind, e->u.lit.raw);
  if (v == NULL)
    {
      /* Imaginary literals (reported by the parser) and bad literals. */
      invalid (c, e);
      return;
    }
  if (v->overflow)
    {
      check_error (c, e->pos, "integer constant overflow");
      invalid (c, e);
      return;
    }
  e->mode = GML_MODE_CONSTANT;
  e->type = basic (c, kinds[e->u.lit.kind]);
  e->cval = v;
}

/* ------------------------------------------------------------------ */
/* Untyped values                                                      */

typedef enum
{
  CONV_OK,
  CONV_OVERFLOWS,
  CONV_TRUNCATED,
  CONV_MISMATCH,
} ConvStatus;

static int
untyped_rank (GmlTypeKind k)
{
  switch (k)
    {
    case GML_TYPE_UNTYPED_INT:   return 1;
    case GML_TYPE_UNTYPED_RUNE:  return 2;
    case GML_TYPE_UNTYPED_FLOAT: return 3;
    default:                     return 0;
    }
}

/* Rewrites the type of an untyped subtree once its final type is known
 * (types2's updateExprType with final = true). */
static void
update_expr_type (GmlChecker *c,
                  GmlNode    *x,
                  GmlType    *t)
{
  if (x == NULL || x->type == NULL || !gml_type_is_untyped (x->type))
    return;
  switch (x->kind)
    {
    case GML_NODE_PAREN:
      update_expr_type (c, x->u.paren.x, t);
      break;
    case GML_NODE_UNARY:
      if (x->u.unary.op != GML_TOKEN_AND && x->u.unary.op != GML_TOKEN_ARROW)
        update_expr_type (c, x->u.unary.x, t);
      break;
    case GML_NODE_BINARY:
      switch (x->u.binary.op)
        {
        case GML_TOKEN_EQL: case GML_TOKEN_NEQ: case GML_TOKEN_LSS:
        case GML_TOKEN_LEQ: case GML_TOKEN_GTR: case GML_TOKEN_GEQ:
          break;   /* the operands keep their own types */
        case GML_TOKEN_SHL: case GML_TOKEN_SHR:
          update_expr_type (c, x->u.binary.x, t);
          break;
        default:
          update_expr_type (c, x->u.binary.x, t);
          update_expr_type (c, x->u.binary.y, t);
          break;
        }
      break;
    default:
      break;
    }
  if (x->cval != NULL && !gml_type_is_untyped (t))
    {
      GmlConst *v = NULL;

      if (gml_const_representable (c->arena, x->cval, t, &v) == GML_REPR_OK)
        x->cval = v;
    }
  x->type = t;
  /* A non-constant shift whose operand was untyped must end up integer. */
  if (x->kind == GML_NODE_BINARY && x->cval == NULL
      && (x->u.binary.op == GML_TOKEN_SHL || x->u.binary.op == GML_TOKEN_SHR)
      && !gml_type_is_untyped (t) && !gml_type_is_integer (t))
    {
      g_autofree char *es = check_expr_string (x);
      g_autofree char *ts = check_type_string (t);

      check_error_at (c, x->u.binary.x, "invalid operation: %s (shift of type %s)", es, ts);
    }
}

/* The predeclared nil (possibly parenthesized), whatever type the
 * context gave it. */
static gboolean
is_nil (GmlNode *x)
{
  x = gml_node_unparen (x);
  return x->kind == GML_NODE_IDENT && x->u.ident.obj != NULL && x->u.ident.obj->kind == GML_OBJ_NIL;
}

static gboolean
has_nil (GmlType *t)
{
  switch (gml_type_underlying (t)->kind)
    {
    case GML_TYPE_POINTER: case GML_TYPE_FUNC: case GML_TYPE_SLICE:
    case GML_TYPE_MAP: case GML_TYPE_CHAN: case GML_TYPE_INTERFACE:
    case GML_TYPE_UNTYPED_NIL:
      return TRUE;
    default:
      return FALSE;
    }
}

/* types2's implicitTypeAndValue: can untyped x take type target? */
static ConvStatus
implicit_type (GmlChecker *c,
               GmlNode    *x,
               GmlType    *target,
               GmlType   **out,
               GmlConst  **val)
{
  GmlType *u = gml_type_underlying (target);
  GmlTypeKind xk = x->type->kind;

  *out = target;
  *val = x->cval;
  if (gml_type_is_untyped (target))
    {
      /* Both untyped: the "larger" numeric kind wins. */
      if (untyped_rank (xk) > 0 && untyped_rank (target->kind) > 0)
        {
          *out = untyped_rank (xk) > untyped_rank (target->kind) ? x->type : target;
          return CONV_OK;
        }
      return xk == target->kind ? CONV_OK : CONV_MISMATCH;
    }
  if (u->kind >= GML_TYPE_BOOL && u->kind <= GML_TYPE_STRING)
    {
      if (x->mode == GML_MODE_CONSTANT && x->cval != NULL)
        switch (gml_const_representable (c->arena, x->cval, u, val))
          {
          case GML_REPR_OK:        return CONV_OK;
          case GML_REPR_OVERFLOWS: return CONV_OVERFLOWS;
          case GML_REPR_TRUNCATED: return CONV_TRUNCATED;
          default:                 return CONV_MISMATCH;
          }
      /* Non-constant untyped values: bools from comparisons, numbers
       * from shifts of untyped constants. */
      if (xk == GML_TYPE_UNTYPED_BOOL)
        return u->kind == GML_TYPE_BOOL ? CONV_OK : CONV_MISMATCH;
      if (untyped_rank (xk) > 0)
        return gml_type_is_numeric (u) ? CONV_OK : CONV_MISMATCH;
      return CONV_MISMATCH;
    }
  if (u->kind == GML_TYPE_INTERFACE)
    {
      /* Values become their default type first; nil stays nil. */
      if (xk != GML_TYPE_UNTYPED_NIL)
        {
          *out = gml_type_default (c->tt, x->type);
          return CONV_OK;
        }
      return CONV_OK;
    }
  if (xk == GML_TYPE_UNTYPED_NIL && has_nil (target))
    return CONV_OK;
  return CONV_MISMATCH;
}

static ConvStatus
convert_untyped (GmlChecker *c,
                 GmlNode    *x,
                 GmlType    *target)
{
  GmlType *t;
  GmlConst *v;
  ConvStatus st;

  if (is_invalid (x) || !gml_type_is_untyped (x->type) || target->kind == GML_TYPE_INVALID)
    return CONV_OK;
  st = implicit_type (c, x, target, &t, &v);
  if (st != CONV_OK)
    return st;
  if (x->mode == GML_MODE_CONSTANT)
    x->cval = v;
  update_expr_type (c, x, t);
  return CONV_OK;
}

/* types2's convertUntyped: reports invalidConversion on failure. */
static gboolean
convert_untyped_report (GmlChecker *c,
                        GmlNode    *x,
                        GmlType    *target)
{
  ConvStatus st = convert_untyped (c, x, target);
  g_autofree char *op = NULL, *ts = NULL;

  if (st == CONV_OK)
    return TRUE;
  op = check_operand_string (c, x);
  ts = check_type_string (gml_type_is_untyped (target) ? target : gml_type_underlying (target));
  if (st == CONV_TRUNCATED)
    check_error_at (c, x, "%s truncated to %s", op, ts);
  else if (st == CONV_OVERFLOWS)
    check_error_at (c, x, "%s overflows %s", op, ts);
  else
    check_error_at (c, x, "cannot convert %s to %s", op, ts);
  invalid (c, x);
  return FALSE;
}

void
check_convert_untyped (GmlChecker *c,
                       GmlNode    *x,
                       GmlType    *target)
{
  convert_untyped_report (c, x, target);
}

/* Records the final type of an untyped expression whose conversion was
 * already checked (T(x)). */
void
check_update_untyped (GmlChecker *c,
                      GmlNode    *x,
                      GmlType    *t)
{
  if (x->mode == GML_MODE_CONSTANT)
    convert_untyped (c, x, t);
  else
    update_expr_type (c, x, t);
}

/* Gives an untyped value its default type (int, float64, rune...). */
void
check_default (GmlChecker *c,
               GmlNode    *x)
{
  if (!is_invalid (x) && gml_type_is_untyped (x->type) && x->type->kind != GML_TYPE_UNTYPED_NIL)
    convert_untyped (c, x, gml_type_default (c->tt, x->type));
}

/* ------------------------------------------------------------------ */
/* Assignability                                                       */

gboolean
check_identical_ignore_tags (GmlType *a,
                             GmlType *b)
{
  if (a == b)
    return TRUE;
  if (a->kind != b->kind)
    return FALSE;
  switch (a->kind)
    {
    case GML_TYPE_STRUCT:
      if (a->u.strukt.n_fields != b->u.strukt.n_fields)
        return FALSE;
      for (guint i = 0; i < a->u.strukt.n_fields; i++)
        {
          GmlField *x = &a->u.strukt.fields[i], *y = &b->u.strukt.fields[i];

          if (x->name != y->name || x->embedded != y->embedded
              || (!x->exported && x->pkg != y->pkg)
              || !check_identical_ignore_tags (x->type, y->type))
            return FALSE;
        }
      return TRUE;
    case GML_TYPE_POINTER:
      return check_identical_ignore_tags (a->u.pointer.elem, b->u.pointer.elem);
    case GML_TYPE_ARRAY:
      return a->u.array.len == b->u.array.len
             && check_identical_ignore_tags (a->u.array.elem, b->u.array.elem);
    case GML_TYPE_SLICE:
      return check_identical_ignore_tags (a->u.slice.elem, b->u.slice.elem);
    default:
      return FALSE;
    }
}

/* Why t does not implement iface, as types2's missingMethod says it:
 * "(missing M method)", "(M method has pointer receiver)", "(wrong type
 * for M method)\n\t\thave ...\n\t\twant ...".  NULL when it does. */
char *
check_missing_method_reason (GmlChecker *c,
                             GmlType    *t,
                             GmlType    *iface)
{
  const char *missing = NULL;
  gboolean wrong_recv = FALSE;
  GmlLookup l;

  if (gml_type_implements (c->tt, t, iface, &missing, &wrong_recv))
    return NULL;
  if (missing == NULL)
    return g_strdup ("");
  if (wrong_recv)
    return g_strdup_printf ("(%s method has pointer receiver)", missing);
  if (gml_type_lookup (c->tt, t, c->pkg, missing, &l)
      && (l.kind == GML_LOOKUP_METHOD || l.kind == GML_LOOKUP_IFACE_METHOD))
    {
      GmlType *have = l.kind == GML_LOOKUP_METHOD ? l.method->type : l.imethod->sig;
      GmlType *want = NULL;
      GmlType *iu = gml_type_underlying (iface);
      g_autofree char *hs = NULL, *ws = NULL;

      for (guint i = 0; i < iu->u.iface.n_methods; i++)
        if (iu->u.iface.methods[i].name == missing)
          want = iu->u.iface.methods[i].sig;
      hs = have != NULL ? check_type_string (have) : g_strdup ("func()");
      ws = want != NULL ? check_type_string (want) : g_strdup ("func()");
      return g_strdup_printf ("(wrong type for %s method)\n\t\thave %s%s\n\t\twant %s%s",
                              missing, missing, hs + 4, missing, ws + 4);
    }
  return g_strdup_printf ("(missing %s method)", missing);
}

/* "T does not implement I (missing M method)", or NULL. */
char *
check_missing_method_cause (GmlChecker *c,
                            GmlType    *t,
                            GmlType    *iface)
{
  g_autofree char *reason = check_missing_method_reason (c, t, iface);
  g_autofree char *ts = NULL, *is = NULL;

  if (reason == NULL)
    return NULL;
  ts = check_type_string (t);
  is = check_type_string (iface);
  return g_strdup_printf ("%s does not implement %s%s%s", ts, is, *reason ? " " : "", reason);
}

/* types2's operand.assignableTo for a typed x (or untyped nil/bool). */
gboolean
check_assignable (GmlChecker *c,
                  GmlNode    *x,
                  GmlType    *t,
                  char      **reason)
{
  GmlType *v = x->type, *vu, *tu;

  *reason = NULL;
  if (v == t || is_invalid (x) || t->kind == GML_TYPE_INVALID)
    return TRUE;
  vu = gml_type_underlying (v);
  tu = gml_type_underlying (t);
  if (gml_type_is_untyped (v))
    {
      if (v->kind == GML_TYPE_UNTYPED_NIL)
        return has_nil (t);
      if (tu->kind == GML_TYPE_INTERFACE)
        return tu->u.iface.n_methods == 0;
      if (x->mode == GML_MODE_CONSTANT && x->cval != NULL)
        return gml_const_representable (c->arena, x->cval, tu, NULL) == GML_REPR_OK;
      if (v->kind == GML_TYPE_UNTYPED_BOOL)
        return tu->kind == GML_TYPE_BOOL;
      return gml_type_is_numeric (tu);
    }
  if (vu == tu && (!gml_type_is_named (v) || !gml_type_is_named (t)))
    return TRUE;
  if (tu->kind == GML_TYPE_INTERFACE)
    {
      *reason = check_missing_method_cause (c, v, t);
      return *reason == NULL;
    }
  if (vu->kind == GML_TYPE_INTERFACE && tu->kind != GML_TYPE_INTERFACE)
    {
      g_autofree char *ts = check_type_string (t);
      const char *missing = NULL;
      gboolean wrong;

      if (gml_type_implements (c->tt, t, v, &missing, &wrong))
        *reason = g_strdup ("need type assertion");
      return FALSE;
    }
  if (vu->kind == GML_TYPE_CHAN && tu->kind == GML_TYPE_CHAN && vu->u.chan.dir == GML_CHAN_BOTH
      && vu->u.chan.elem == tu->u.chan.elem && (!gml_type_is_named (v) || !gml_type_is_named (t)))
    return TRUE;
  return FALSE;
}

/* Replaces *slot by an explicit conversion to the interface type t when
 * Go converts implicitly (see gml-ast.h: implicit CALL nodes).  A name is
 * positioned at name_pos when given, as Go's compiler does. */
void
check_make_implicit (GmlChecker *c,
                     GmlNode   **slot,
                     GmlType    *t,
                     GmlPos      name_pos)
{
  GmlNode *x = *slot, *conv;
  GPtrArray *args;
  GmlPos pos = x->pos;

  /* An interface converts too unless the method sets are the same: the
   * type word changes (another itab, or the type itself for any). */
  if (is_invalid (x) || !gml_type_is_interface (t) || x->type->kind == GML_TYPE_UNTYPED_NIL
      || (gml_type_is_interface (x->type) && gml_type_underlying (x->type) == gml_type_underlying (t)))
    return;
  if (gml_node_unparen (x)->kind == GML_NODE_IDENT && gml_pos_is_valid (name_pos))
    pos = name_pos;
  conv = gml_node_new (c->arena, GML_NODE_CALL, pos);
  conv->implicit = TRUE;
  conv->end = x->end;
  conv->type = t;
  conv->mode = GML_MODE_VALUE;
  conv->u.call.call_kind = GML_CALL_CONVERSION;
  args = g_ptr_array_new ();
  g_ptr_array_add (args, x);
  conv->u.call.args = gml_node_list_from_array (c->arena, args);
  conv->u.call.rparen = x->end;
  g_ptr_array_unref (args);
  *slot = conv;
}

/* types2's assignment(): x is assigned to a variable of type t (or
 * declares one when t is NULL).  Converts untyped values, checks
 * assignability and inserts the implicit interface conversion. */
gboolean
check_assign_to (GmlChecker *c,
                 GmlNode   **slot,
                 GmlType    *t,
                 const char *context,
                 GmlPos      name_pos)
{
  GmlNode *x = *slot;
  char *reason = NULL;

  if (is_invalid (x) || !check_single_value (c, x))
    return FALSE;
  if (gml_type_is_untyped (x->type))
    {
      GmlType *target = t;
      ConvStatus st;

      if (t == NULL || (gml_type_is_interface (t) && x->type->kind != GML_TYPE_UNTYPED_NIL))
        {
          if (t == NULL && x->type->kind == GML_TYPE_UNTYPED_NIL)
            {
              check_error_at (c, x, "use of untyped nil in %s", context);
              invalid (c, x);
              return FALSE;
            }
          target = gml_type_default (c->tt, x->type);
        }
      st = convert_untyped (c, x, target);
      if (st != CONV_OK)
        {
          g_autofree char *op = check_operand_string (c, x), *ts = check_type_string (target);

          check_error_at (c, x, "cannot use %s as %s value in %s%s", op, ts, context,
                          st == CONV_TRUNCATED ? " (truncated)" : st == CONV_OVERFLOWS ? " (overflows)" : "");
          invalid (c, x);
          return FALSE;
        }
    }
  if (t == NULL)
    return TRUE;
  if (!check_assignable (c, x, t, &reason))
    {
      g_autofree char *op = check_operand_string (c, x), *ts = check_type_string (t);

      if (reason != NULL)
        check_error_at (c, x, "cannot use %s as type %s in %s:\n\t%s", op, ts, context, reason);
      else
        check_error_at (c, x, "cannot use %s as type %s in %s", op, ts, context);
      g_free (reason);
      return FALSE;
    }
  check_make_implicit (c, slot, t, name_pos);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Operators                                                           */

static gboolean
all_ordered (GmlType *t)
{
  return gml_type_is_numeric (t) || gml_type_is_string (t);
}

static gboolean
op_defined (GmlTokenKind  op,
            GmlType      *t)
{
  switch (op)
    {
    case GML_TOKEN_ADD:
      return gml_type_is_numeric (t) || gml_type_is_string (t);
    case GML_TOKEN_SUB: case GML_TOKEN_MUL: case GML_TOKEN_QUO:
      return gml_type_is_numeric (t);
    case GML_TOKEN_REM: case GML_TOKEN_AND: case GML_TOKEN_OR:
    case GML_TOKEN_XOR: case GML_TOKEN_AND_NOT:
      return gml_type_is_integer (t);
    case GML_TOKEN_LAND: case GML_TOKEN_LOR: case GML_TOKEN_NOT:
      return gml_type_is_boolean (t);
    default:
      return FALSE;
    }
}

static const char *
op_name (GmlTokenKind op)
{
  switch (op)
    {
    case GML_TOKEN_ADD: return "addition";
    case GML_TOKEN_SUB: return "subtraction";
    case GML_TOKEN_MUL: return "multiplication";
    case GML_TOKEN_SHL: return "shift";
    default:            return NULL;
    }
}

/* After a constant operation: typed results must be representable. */
static void
check_overflow (GmlChecker *c,
                GmlNode    *e,
                GmlTokenKind op)
{
  GmlConst *v;

  if (e->cval->overflow)
    {
      const char *name = op_name (op);

      check_error (c, e->pos, "constant %s%soverflow", name != NULL ? name : "", name != NULL ? " " : "");
      invalid (c, e);
      return;
    }
  if (gml_type_is_untyped (e->type))
    return;
  switch (gml_const_representable (c->arena, e->cval, e->type, &v))
    {
    case GML_REPR_OK:
      e->cval = v;
      return;
    default:
      {
        g_autofree char *op_s = check_operand_string (c, e);
        g_autofree char *ts = check_type_string (gml_type_underlying (e->type));

        check_error_at (c, e, "%s overflows %s", op_s, ts);
        invalid (c, e);
      }
    }
}

/* types2's mayConvert: may one untyped operand take the other's type? */
static gboolean
may_convert (GmlNode *x,
             GmlNode *y)
{
  if (!gml_type_is_untyped (x->type) && !gml_type_is_untyped (y->type))
    return FALSE;
  if (gml_type_is_interface (x->type) || gml_type_is_interface (y->type))
    return TRUE;
  if (gml_type_is_boolean (x->type) != gml_type_is_boolean (y->type))
    return FALSE;
  if (gml_type_is_string (x->type) != gml_type_is_string (y->type))
    return FALSE;
  if (x->type->kind == GML_TYPE_UNTYPED_NIL)
    return has_nil (y->type);
  if (y->type->kind == GML_TYPE_UNTYPED_NIL)
    return has_nil (x->type);
  if (gml_type_underlying (x->type)->kind == GML_TYPE_POINTER
      || gml_type_underlying (y->type)->kind == GML_TYPE_POINTER)
    return FALSE;
  return TRUE;
}

static gboolean
match_types (GmlChecker *c,
             GmlNode    *x,
             GmlNode    *y)
{
  if (!may_convert (x, y))
    return TRUE;
  /* Against an interface, an untyped operand takes its default type. */
  if (gml_type_is_untyped (x->type) && gml_type_is_interface (y->type))
    {
      check_default (c, x);
      return TRUE;
    }
  if (gml_type_is_untyped (y->type) && gml_type_is_interface (x->type))
    {
      check_default (c, y);
      return TRUE;
    }
  if (!convert_untyped_report (c, x, y->type))
    return FALSE;
  return convert_untyped_report (c, y, x->type);
}

/* types2's kindString: the kind of composite types, else the type. */
static const char *
kind_string (GmlType *t)
{
  switch (gml_type_underlying (t)->kind)
    {
    case GML_TYPE_ARRAY:     return "array";
    case GML_TYPE_SLICE:     return "slice";
    case GML_TYPE_STRUCT:    return "struct";
    case GML_TYPE_POINTER:   return "pointer";
    case GML_TYPE_FUNC:      return "func";
    case GML_TYPE_INTERFACE: return "interface";
    case GML_TYPE_MAP:       return "map";
    case GML_TYPE_CHAN:      return "chan";
    default:                 return NULL;
    }
}

static char *
incomparable_cause (GmlType *t)
{
  GmlType *u = gml_type_underlying (t);

  if (u->kind == GML_TYPE_SLICE || u->kind == GML_TYPE_FUNC || u->kind == GML_TYPE_MAP)
    return g_strdup_printf ("%s can only be compared to nil", kind_string (t));
  if (u->kind == GML_TYPE_STRUCT)
    for (guint i = 0; i < u->u.strukt.n_fields; i++)
      if (!gml_type_is_comparable (u->u.strukt.fields[i].type))
        {
          g_autofree char *ts = check_type_string (u->u.strukt.fields[i].type);

          return g_strdup_printf ("struct containing %s cannot be compared", ts);
        }
  if (u->kind == GML_TYPE_ARRAY)
    {
      g_autofree char *ts = check_type_string (t);

      return g_strdup_printf ("%s cannot be compared", ts);
    }
  return NULL;
}

/* types2's comparison(): x op y with op in == != < <= > >=.  e is the
 * binary expression (NULL in switch cases, where x is the case value and
 * y the tag). */
void
check_comparison (GmlChecker  *c,
                  GmlNode     *e,
                  GmlNode    **xs,
                  GmlNode    **ys,
                  gboolean     switch_case,
                  GmlNode     *tag_expr)
{
  GmlNode *x = *xs, *y = *ys, *err_op = x;
  GmlTokenKind op = e != NULL ? e->u.binary.op : GML_TOKEN_EQL;
  g_autofree char *cause = NULL;
  char *reason = NULL;
  gboolean ok;

  ok = check_assignable (c, x, y->type, &reason);
  g_clear_pointer (&reason, g_free);
  if (!ok)
    {
      ok = check_assignable (c, y, x->type, &reason);
      g_clear_pointer (&reason, g_free);
    }
  if (!ok)
    {
      g_autofree char *xt = check_type_string (x->type), *yt = check_type_string (y->type);

      err_op = y;
      cause = g_strdup_printf ("mismatched types %s and %s", xt, yt);
      goto error;
    }
  if (op == GML_TOKEN_EQL || op == GML_TOKEN_NEQ)
    {
      gboolean xnil = is_nil (x), ynil = is_nil (y);

      if (xnil || ynil)
        {
          if (!has_nil (xnil ? y->type : x->type) || (xnil && ynil))
            {
              err_op = y;
              goto error;
            }
        }
      else if (!gml_type_is_comparable (x->type))
        {
          err_op = x;
          cause = incomparable_cause (x->type);
          goto error;
        }
      else if (!gml_type_is_comparable (y->type))
        {
          err_op = y;
          cause = incomparable_cause (y->type);
          goto error;
        }
    }
  else if (!all_ordered (x->type))
    {
      err_op = x;
      goto error;
    }
  else if (!all_ordered (y->type))
    {
      err_op = y;
      goto error;
    }

  if (x->mode == GML_MODE_CONSTANT && y->mode == GML_MODE_CONSTANT && e != NULL)
    {
      e->cval = gml_const_new_bool (c->arena, gml_const_compare (op, x->cval, y->cval));
      e->mode = GML_MODE_CONSTANT;
    }
  else if (e != NULL)
    e->mode = GML_MODE_VALUE;
  check_default (c, x);
  check_default (c, y);
  /* Comparing an interface with a concrete value converts the value. */
  if (gml_type_is_interface (x->type) && !gml_type_is_interface (y->type))
    check_make_implicit (c, ys, x->type, GML_POS_NONE);
  else if (gml_type_is_interface (y->type) && !gml_type_is_interface (x->type))
    check_make_implicit (c, xs, y->type, GML_POS_NONE);
  if (e != NULL)
    e->type = basic (c, GML_TYPE_UNTYPED_BOOL);
  return;

error:
  {
    g_autofree char *xe = check_expr_string (x), *ye = check_expr_string (switch_case ? tag_expr : y);

    if (cause == NULL)
      {
        g_autofree char *ts = NULL;
        const char *k = kind_string (err_op->type);

        ts = k != NULL ? g_strdup (k) : check_type_string (err_op->type);
        cause = g_strdup_printf ("operator %s not defined on %s", gml_token_string (op), ts);
      }
    if (switch_case)
      check_error_at (c, x, "invalid case %s in switch on %s (%s)", xe, ye, cause);
    else
      check_error_at (c, err_op, "invalid operation: %s %s %s (%s)", xe, gml_token_string (op), ye, cause);
    if (e != NULL)
      invalid (c, e);
  }
}

static gboolean
is_comparison (GmlTokenKind op)
{
  return op == GML_TOKEN_EQL || op == GML_TOKEN_NEQ || op == GML_TOKEN_LSS
         || op == GML_TOKEN_LEQ || op == GML_TOKEN_GTR || op == GML_TOKEN_GEQ;
}

/* x << y, x >> y (types2's shift). */
static void
shift (GmlChecker *c,
       GmlNode    *e)
{
  GmlNode *x = e->u.binary.x, *y = e->u.binary.y;
  GmlTokenKind op = e->u.binary.op;
  guint64 count = 0;

  /* The shifted operand must be (representable as) an integer. */
  if (x->mode == GML_MODE_CONSTANT && gml_type_is_untyped (x->type))
    {
      if (!gml_const_is_integral (x->cval))
        {
          g_autofree char *op_s = check_operand_string (c, x);

          check_error_at (c, x, "invalid operation: shifted operand %s must be integer", op_s);
          invalid (c, e);
          return;
        }
      if (x->cval->kind == GML_CONST_FLOAT)
        {
          x->cval = gml_const_new_int (c->arena, (__int128) x->cval->v.f);
          x->type = basic (c, GML_TYPE_UNTYPED_INT);
        }
    }
  else if (!gml_type_is_integer (x->type))
    {
      g_autofree char *op_s = check_operand_string (c, x);

      check_error_at (c, x, "invalid operation: shifted operand %s must be integer", op_s);
      invalid (c, e);
      return;
    }

  /* The count must be a non-negative integer. */
  if (y->mode == GML_MODE_CONSTANT)
    {
      gint64 n;

      if (gml_const_is_negative (y->cval) && gml_const_is_integral (y->cval))
        {
          g_autofree char *op_s = check_operand_string (c, y);

          check_error_at (c, y, "invalid operation: negative shift count %s", op_s);
          invalid (c, e);
          return;
        }
      if (gml_type_is_untyped (y->type) && !convert_untyped_report (c, y, basic (c, GML_TYPE_UINT)))
        {
          invalid (c, e);
          return;
        }
      if (!gml_const_to_int64 (y->cval, &n))
        n = G_MAXINT64;
      count = (guint64) n;
    }
  else if (!gml_type_is_integer (y->type))
    {
      g_autofree char *op_s = check_operand_string (c, y);

      check_error_at (c, y, "invalid operation: shift count %s must be integer", op_s);
      invalid (c, e);
      return;
    }
  else if (gml_type_is_untyped (y->type))
    convert_untyped (c, y, basic (c, GML_TYPE_UINT));

  e->type = x->type;
  if (x->mode == GML_MODE_CONSTANT && y->mode == GML_MODE_CONSTANT)
    {
      if (count > 1074)
        {
          g_autofree char *op_s = check_operand_string (c, y);

          check_error_at (c, y, "invalid shift count %s", op_s);
          invalid (c, e);
          return;
        }
      gml_const_shift (c->arena, op, x->cval, count, &e->cval);
      e->mode = GML_MODE_CONSTANT;
      check_overflow (c, e, op);
      return;
    }
  /* A non-constant shift of an untyped constant: its type comes from the
   * context (update_expr_type checks it is an integer type). */
  e->mode = GML_MODE_VALUE;
  e->cval = NULL;
}

static void
binary (GmlChecker *c,
        GmlNode    *e,
        GmlType    *hint)
{
  GmlTokenKind op = e->u.binary.op;
  GmlNode *x, *y;

  check_expr (c, &e->u.binary.x);
  check_expr (c, &e->u.binary.y);
  x = e->u.binary.x;
  y = e->u.binary.y;
  e->cval = NULL;
  if (is_invalid (x) || is_invalid (y))
    {
      invalid (c, e);
      return;
    }
  if (op == GML_TOKEN_SHL || op == GML_TOKEN_SHR)
    {
      shift (c, e);
      return;
    }
  if (!match_types (c, x, y))
    {
      invalid (c, e);
      return;
    }
  if (is_comparison (op))
    {
      check_comparison (c, e, &e->u.binary.x, &e->u.binary.y, FALSE, NULL);
      return;
    }
  if (x->type != y->type)
    {
      g_autofree char *es = check_expr_string (e);
      g_autofree char *xt = check_type_string (x->type), *yt = check_type_string (y->type);

      check_error_at (c, x, "invalid operation: %s (mismatched types %s and %s)", es, xt, yt);
      invalid (c, e);
      return;
    }
  if (!op_defined (op, x->type))
    {
      g_autofree char *op_s = check_operand_string (c, x);

      check_error_at (c, x, "invalid operation: operator %s not defined on %s", gml_token_string (op), op_s);
      invalid (c, e);
      return;
    }
  if ((op == GML_TOKEN_QUO || op == GML_TOKEN_REM)
      && (x->mode == GML_MODE_CONSTANT || gml_type_is_integer (x->type))
      && y->mode == GML_MODE_CONSTANT && gml_const_is_zero (y->cval))
    {
      check_error_at (c, y, "invalid operation: division by zero");
      invalid (c, e);
      return;
    }
  e->type = x->type;
  if (x->mode == GML_MODE_CONSTANT && y->mode == GML_MODE_CONSTANT)
    {
      GmlConstStatus st = gml_const_binary (c->arena, op, x->cval, y->cval,
                                            gml_type_is_integer (x->type), &e->cval);

      if (st == GML_CONST_DIV_ZERO || e->cval == NULL)
        {
          check_error_at (c, y, "invalid operation: division by zero");
          invalid (c, e);
          return;
        }
      e->mode = GML_MODE_CONSTANT;
      check_overflow (c, e, op);
      return;
    }
  e->mode = GML_MODE_VALUE;
}

/* ------------------------------------------------------------------ */
/* Unary operators                                                     */

/* The variable whose address &x takes, if x is one (or a field or array
 * element of one, reached without following pointers). */
void
check_mark_addr_taken (GmlChecker *c,
                       GmlNode    *x)
{
  for (;;)
    {
      x = gml_node_unparen (x);
      if (x->kind == GML_NODE_IDENT)
        {
          GmlObject *obj = x->u.ident.obj;

          if (obj != NULL && obj->kind == GML_OBJ_VAR)
            obj->flags |= GML_VAR_ADDR_TAKEN;
          return;
        }
      if (x->kind == GML_NODE_SELECTOR && x->u.selector.selection.kind == GML_SEL_FIELD
          && !x->u.selector.selection.indirect)
        x = x->u.selector.x;
      else if (x->kind == GML_NODE_INDEX && x->u.index.x->type != NULL
               && gml_type_underlying (x->u.index.x->type)->kind == GML_TYPE_ARRAY)
        x = x->u.index.x;
      else
        return;
    }
}

static void
address_of (GmlChecker *c,
            GmlNode    *e,
            GmlType    *hint)
{
  GmlNode *x = gml_node_unparen (e->u.unary.x);

  if (x->kind == GML_NODE_COMPOSITE_LIT)
    {
      GmlType *h = hint != NULL && gml_type_underlying (hint)->kind == GML_TYPE_POINTER
                   ? gml_type_underlying (hint)->u.pointer.elem : NULL;

      check_expr_hint (c, &e->u.unary.x, h);
      x = e->u.unary.x;
      if (is_invalid (x))
        {
          invalid (c, e);
          return;
        }
      e->type = gml_type_pointer (c->tt, x->type);
      e->mode = GML_MODE_VALUE;
      return;
    }
  check_expr (c, &e->u.unary.x);
  x = e->u.unary.x;
  if (is_invalid (x))
    {
      invalid (c, e);
      return;
    }
  if (x->mode != GML_MODE_VARIABLE)
    {
      g_autofree char *op_s = check_operand_string (c, x);

      check_error_at (c, x, "invalid operation: cannot take address of %s", op_s);
      invalid (c, e);
      return;
    }
  check_mark_addr_taken (c, x);
  e->type = gml_type_pointer (c->tt, x->type);
  e->mode = GML_MODE_VALUE;
}

static void
receive (GmlChecker *c,
         GmlNode    *e)
{
  GmlNode *x;
  GmlType *u;

  check_expr (c, &e->u.unary.x);
  x = e->u.unary.x;
  if (is_invalid (x))
    {
      invalid (c, e);
      return;
    }
  u = gml_type_underlying (x->type);
  if (u->kind != GML_TYPE_CHAN)
    {
      g_autofree char *op_s = check_operand_string (c, x);

      check_error_at (c, x, "invalid operation: cannot receive from non-channel %s", op_s);
      invalid (c, e);
      return;
    }
  if (u->u.chan.dir == GML_CHAN_SEND)
    {
      g_autofree char *op_s = check_operand_string (c, x);

      check_error_at (c, x, "invalid operation: cannot receive from send-only channel %s", op_s);
      invalid (c, e);
      return;
    }
  e->type = u->u.chan.elem;
  e->mode = GML_MODE_COMMAOK;
}

static void
unary (GmlChecker *c,
       GmlNode    *e,
       GmlType    *hint)
{
  GmlTokenKind op = e->u.unary.op;
  GmlNode *x;

  e->cval = NULL;
  if (op == GML_TOKEN_AND)
    {
      address_of (c, e, hint);
      return;
    }
  if (op == GML_TOKEN_ARROW)
    {
      receive (c, e);
      return;
    }
  check_expr (c, &e->u.unary.x);
  x = e->u.unary.x;
  if (is_invalid (x))
    {
      invalid (c, e);
      return;
    }
  if (!(op == GML_TOKEN_ADD || op == GML_TOKEN_SUB ? gml_type_is_numeric (x->type)
        : op == GML_TOKEN_XOR ? gml_type_is_integer (x->type)
        : op == GML_TOKEN_NOT ? gml_type_is_boolean (x->type) : FALSE))
    {
      g_autofree char *op_s = check_operand_string (c, x);

      check_error_at (c, x, "invalid operation: operator %s not defined on %s", gml_token_string (op), op_s);
      invalid (c, e);
      return;
    }
  e->type = x->type;
  if (x->mode == GML_MODE_CONSTANT)
    {
      guint usize = gml_type_is_unsigned (x->type) ? (guint) gml_type_size (gml_type_underlying (x->type)) : 0;

      if (gml_const_unary (c->arena, op, x->cval, usize, &e->cval) != GML_CONST_OK && e->cval == NULL)
        {
          invalid (c, e);
          return;
        }
      e->mode = GML_MODE_CONSTANT;
      check_overflow (c, e, op);
      return;
    }
  e->mode = GML_MODE_VALUE;
}

/* *x: a dereference, or a pointer type. */
static void
star (GmlChecker *c,
      GmlNode    *e)
{
  GmlNode *x;

  check_expr_or_type (c, &e->u.star.x);
  x = e->u.star.x;
  e->cval = NULL;
  if (is_invalid (x))
    {
      invalid (c, e);
      return;
    }
  if (x->mode == GML_MODE_TYPEXPR)
    {
      e->mode = GML_MODE_TYPEXPR;
      e->type = gml_type_pointer (c->tt, x->type);
      return;
    }
  if (x->type->kind == GML_TYPE_UNTYPED_NIL)
    {
      check_error_at (c, e, "invalid operation: cannot indirect nil");
      invalid (c, e);
      return;
    }
  if (gml_type_underlying (x->type)->kind != GML_TYPE_POINTER)
    {
      g_autofree char *op_s = check_operand_string (c, x);

      check_error_at (c, e, "invalid operation: cannot indirect %s", op_s);
      invalid (c, e);
      return;
    }
  e->type = gml_type_underlying (x->type)->u.pointer.elem;
  e->mode = GML_MODE_VARIABLE;
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */

static void
paren (GmlChecker *c,
       GmlNode    *e,
       GmlType    *hint)
{
  raw_expr (c, &e->u.paren.x, hint);
  e->type = e->u.paren.x->type;
  e->mode = e->u.paren.x->mode;
  e->cval = e->u.paren.x->cval;
}

static void
raw_expr (GmlChecker *c,
          GmlNode   **slot,
          GmlType    *hint)
{
  GmlNode *e = *slot;

  switch (e->kind)
    {
    case GML_NODE_IDENT:         ident (c, e); break;
    case GML_NODE_BASIC_LIT:     basic_lit (c, e); break;
    case GML_NODE_FUNC_LIT:      check_func_lit (c, e); break;
    case GML_NODE_COMPOSITE_LIT: check_composite (c, e, hint); break;
    case GML_NODE_PAREN:         paren (c, e, hint); break;
    case GML_NODE_SELECTOR:      check_selector (c, e); break;
    case GML_NODE_INDEX:         check_index (c, e); break;
    case GML_NODE_SLICE_EXPR:    check_slice (c, e); break;
    case GML_NODE_TYPE_ASSERT:   check_type_assert (c, e); break;
    case GML_NODE_CALL:          check_call (c, e); break;
    case GML_NODE_STAR:          star (c, e); break;
    case GML_NODE_UNARY:         unary (c, e, hint); break;
    case GML_NODE_BINARY:        binary (c, e, hint); break;
    case GML_NODE_KEY_VALUE:
      check_error_at (c, e, "unexpected key:value expression");
      invalid (c, e);
      break;
    case GML_NODE_ARRAY_TYPE: case GML_NODE_STRUCT_TYPE: case GML_NODE_FUNC_TYPE:
    case GML_NODE_INTERFACE_TYPE: case GML_NODE_MAP_TYPE: case GML_NODE_CHAN_TYPE:
      e->type = check_typexpr (c, e);
      e->mode = e->type->kind == GML_TYPE_INVALID ? GML_MODE_INVALID : GML_MODE_TYPEXPR;
      break;
    default:
      invalid (c, e);
      break;
    }
  if (e->type == NULL)
    invalid (c, e);
}

/* An expression or a type. */
void
check_expr_or_type (GmlChecker *c,
                    GmlNode   **slot)
{
  raw_expr (c, slot, NULL);
  if ((*slot)->mode == GML_MODE_NOVALUE)
    {
      g_autofree char *es = check_expr_string (*slot);

      check_error_at (c, *slot, "%s (no value) used as value", es);
      invalid (c, *slot);
    }
}

/* Excludes values that are not single values: no-value calls, builtins
 * and types used as values, multi-value calls. */
gboolean
check_single_value (GmlChecker *c,
                    GmlNode    *x)
{
  g_autofree char *es = NULL;

  switch (x->mode)
    {
    case GML_MODE_INVALID:
      return FALSE;
    case GML_MODE_NOVALUE:
      es = check_expr_string (x);
      check_error_at (c, x, "%s (no value) used as value", es);
      break;
    case GML_MODE_BUILTIN:
      es = check_expr_string (x);
      check_error_at (c, x, "%s (built-in) must be called", es);
      break;
    case GML_MODE_TYPEXPR:
      es = check_expr_string (x);
      check_error_at (c, x, "%s (type) is not an expression", es);
      break;
    default:
      if (x->type != NULL && x->type->kind == GML_TYPE_TUPLE)
        {
          g_autofree char *ts = check_type_string (x->type);

          es = check_expr_string (x);
          check_error_at (c, x, "multiple-value %s (value of type %s) in single-value context", es, ts);
          break;
        }
      return TRUE;
    }
  invalid (c, x);
  return FALSE;
}

void
check_expr_hint (GmlChecker *c,
                 GmlNode   **slot,
                 GmlType    *hint)
{
  raw_expr (c, slot, hint);
  check_single_value (c, *slot);
}

void
check_expr (GmlChecker *c,
            GmlNode   **slot)
{
  check_expr_hint (c, slot, NULL);
}

/* An expression that may be a multi-value call, a comma-ok form or (in
 * statement context) a call without results: the caller checks. */
void
check_multi_expr (GmlChecker *c,
                  GmlNode   **slot)
{
  raw_expr (c, slot, NULL);
}

gboolean
check_is_blank_ident (GmlChecker *c,
                      GmlNode    *x)
{
  x = gml_node_unparen (x);
  return x->kind == GML_NODE_IDENT && strcmp (x->u.ident.name, "_") == 0;
}

/* ------------------------------------------------------------------ */
/* Function literals                                                   */

GmlNode *
check_func_lit (GmlChecker *c,
                GmlNode    *lit)
{
  FuncCtx *outer = c->fn;
  g_autofree char *name = NULL;
  GmlFunc *f;
  GmlScope *scope;

  if (outer != NULL)
    {
      guint n = ++outer->n_closures;
      gboolean nested = outer->func->decl != NULL && outer->func->decl->kind == GML_NODE_FUNC_LIT;

      name = nested ? g_strdup_printf ("%s.%u", outer->func->name, n)
                    : g_strdup_printf ("%s.func%u", outer->func->name, n);
    }
  else
    name = g_strdup_printf ("%s.glob..func%u", c->pkg->path, ++c->n_glob_closures);
  f = check_func_new (c, lit, NULL, name, name + strlen (c->pkg->path) + 1);
  f->body = lit->u.func_lit.body;
  lit->u.func_lit.func = f;
  if (outer != NULL)
    {
      f->outer = outer->func;
      g_ptr_array_add (outer->func->closures, f);
    }
  else
    g_ptr_array_add (c->glob_closures, f);

  scope = check_scope_open (c, lit->pos);
  scope->is_func = TRUE;
  lit->type = check_signature (c, lit->u.func_lit.type, NULL, f);
  lit->mode = GML_MODE_VALUE;
  if (lit->u.func_lit.body != NULL)
    {
      lit->u.func_lit.body->u.block.scope = scope;
      scope->end = lit->u.func_lit.body->u.block.rbrace;
      check_func_body (c, f, lit->u.func_lit.type, NULL, lit->u.func_lit.body);
    }
  check_scope_close (c);
  lit->cval = NULL;
  return lit;
}
