/* gml-check-call.c: calls, conversions and builtins (types2's call.go,
 * conversions.go and builtins.go).
 */
#include "gml-check.h"

#include <string.h>

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

/* Calls without results: a mode, and an empty tuple as the type so that
 * they are not taken for invalid operands. */
static void
novalue (GmlChecker *c,
         GmlNode    *call)
{
  call->mode = GML_MODE_NOVALUE;
  call->type = gml_type_tuple (c->tt, NULL, 0);
  call->cval = NULL;
}

static void
check_args_loosely (GmlChecker *c,
                    GmlNode    *call)
{
  for (guint i = 0; i < call->u.call.args.len; i++)
    if (call->u.call.args.items[i]->type == NULL)
      check_multi_expr (c, &call->u.call.args.items[i]);
}

/* ------------------------------------------------------------------ */
/* Conversions                                                         */

static gboolean
is_const_type (GmlType *t)
{
  GmlTypeKind k = gml_type_underlying (t)->kind;

  return k >= GML_TYPE_BOOL && k <= GML_TYPE_STRING;
}

static gboolean
is_bytes_or_runes (GmlType *t)
{
  GmlType *u = gml_type_underlying (t);
  GmlTypeKind k;

  if (u->kind != GML_TYPE_SLICE)
    return FALSE;
  k = gml_type_underlying (u->u.slice.elem)->kind;
  return k == GML_TYPE_UINT8 || k == GML_TYPE_INT32;
}

/* types2's convertibleTo for a non-constant x. */
static gboolean
convertible (GmlChecker *c,
             GmlNode    *x,
             GmlType    *t)
{
  GmlType *v = x->type, *vu = gml_type_underlying (v), *tu = gml_type_underlying (t);
  char *reason = NULL;
  gboolean ok = check_assignable (c, x, t, &reason);

  g_free (reason);
  if (ok)
    return TRUE;
  if (check_identical_ignore_tags (vu, tu))
    return TRUE;
  if (v->kind == GML_TYPE_POINTER && t->kind == GML_TYPE_POINTER
      && check_identical_ignore_tags (gml_type_underlying (v->u.pointer.elem),
                                      gml_type_underlying (t->u.pointer.elem)))
    return TRUE;
  if (gml_type_is_numeric (vu) && gml_type_is_numeric (tu))
    return TRUE;
  if (gml_type_is_string (tu) && (gml_type_is_integer (vu) || is_bytes_or_runes (vu)))
    return TRUE;
  if (gml_type_is_string (vu) && is_bytes_or_runes (tu))
    return TRUE;
  /* A slice to a pointer to an array of its elements (Go 1.17). */
  if (vu->kind == GML_TYPE_SLICE && tu->kind == GML_TYPE_POINTER
      && gml_type_underlying (tu->u.pointer.elem)->kind == GML_TYPE_ARRAY
      && gml_type_underlying (tu->u.pointer.elem)->u.array.elem == vu->u.slice.elem)
    return TRUE;
  return FALSE;
}

static gboolean
const_conversion (GmlChecker *c,
                  GmlNode    *call,
                  GmlNode    *x,
                  GmlType    *t)
{
  GmlType *tu = gml_type_underlying (t);
  GmlConst *v = NULL;

  /* string(65) is "A". */
  if (gml_type_is_string (tu) && x->cval->kind == GML_CONST_INT)
    {
      char buf[8];
      gint n;
      __int128 r = x->cval->v.i;

      if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
        r = 0xFFFD;
      n = g_unichar_to_utf8 ((gunichar) r, buf);
      v = gml_const_new_string (c->arena, buf, n);
    }
  else if (gml_const_representable (c->arena, x->cval, tu, &v) != GML_REPR_OK)
    return FALSE;
  call->cval = v;
  call->mode = GML_MODE_CONSTANT;
  call->type = t;
  return TRUE;
}

void
check_conversion (GmlChecker *c,
                  GmlNode    *call,
                  GmlType    *t)
{
  GmlNode *x = call->u.call.args.items[0];
  gboolean ok;

  call->u.call.call_kind = GML_CALL_CONVERSION;
  if (is_invalid (x))
    {
      invalid (c, call);
      return;
    }
  if (x->mode == GML_MODE_CONSTANT && is_const_type (t))
    ok = const_conversion (c, call, x, t);
  else
    {
      ok = convertible (c, x, t);
      call->mode = GML_MODE_VALUE;
      call->type = t;
      call->cval = NULL;
    }
  if (!ok)
    {
      g_autofree char *op = check_operand_string (c, x), *ts = check_type_string (t);
      check_error_at (c, x, "cannot convert %s to type %s", op, ts);
      invalid (c, call);
      return;
    }
  /* The operand takes the target type (types2: its final type), or its
   * default when the target is an interface, nil or a constant that
   * cannot have the target type. */
  if (gml_type_is_untyped (x->type))
    {
      if (gml_type_is_interface (t) || x->type->kind == GML_TYPE_UNTYPED_NIL
          || (x->mode == GML_MODE_CONSTANT && !is_const_type (t))
          || (x->mode == GML_MODE_CONSTANT && gml_type_is_string (t) && !gml_type_is_string (x->type)))
        check_default (c, x);
      else
        check_update_untyped (c, x, t);
    }
}

/* ------------------------------------------------------------------ */
/* Builtins                                                            */

static const char *builtin_names[] = {
  [GML_BUILTIN_APPEND] = "append", [GML_BUILTIN_CAP] = "cap",
  [GML_BUILTIN_CLOSE] = "close", [GML_BUILTIN_COPY] = "copy",
  [GML_BUILTIN_DELETE] = "delete", [GML_BUILTIN_LEN] = "len",
  [GML_BUILTIN_MAKE] = "make", [GML_BUILTIN_NEW] = "new",
  [GML_BUILTIN_PANIC] = "panic", [GML_BUILTIN_PRINT] = "print",
  [GML_BUILTIN_PRINTLN] = "println", [GML_BUILTIN_RECOVER] = "recover",
};

/* Does x contain a receive or a non-constant call?  Then len(x) of an
 * array is not a constant. */
static gboolean
has_call_or_recv (GmlNode *x)
{
  if (x == NULL)
    return FALSE;
  switch (x->kind)
    {
    case GML_NODE_CALL:
      return x->mode != GML_MODE_CONSTANT;
    case GML_NODE_UNARY:
      return x->u.unary.op == GML_TOKEN_ARROW || has_call_or_recv (x->u.unary.x);
    case GML_NODE_PAREN:
      return has_call_or_recv (x->u.paren.x);
    case GML_NODE_SELECTOR:
      return has_call_or_recv (x->u.selector.x);
    case GML_NODE_INDEX:
      return has_call_or_recv (x->u.index.x) || has_call_or_recv (x->u.index.index);
    case GML_NODE_STAR:
      return has_call_or_recv (x->u.star.x);
    case GML_NODE_BINARY:
      return has_call_or_recv (x->u.binary.x) || has_call_or_recv (x->u.binary.y);
    default:
      return FALSE;
    }
}

static void
len_cap (GmlChecker *c,
         GmlNode    *call,
         GmlBuiltin  id)
{
  GmlNode *x = call->u.call.args.items[0];
  GmlType *u = gml_type_underlying (x->type);
  gboolean ok = FALSE;
  gint64 n = -1;

  if (u->kind == GML_TYPE_POINTER && gml_type_underlying (u->u.pointer.elem)->kind == GML_TYPE_ARRAY)
    u = gml_type_underlying (u->u.pointer.elem);
  switch (u->kind)
    {
    case GML_TYPE_STRING:
    case GML_TYPE_UNTYPED_STRING:
      ok = id == GML_BUILTIN_LEN;
      if (x->mode == GML_MODE_CONSTANT)
        n = (gint64) x->cval->v.s.len;
      break;
    case GML_TYPE_ARRAY:
      ok = TRUE;
      if (!has_call_or_recv (x))
        n = u->u.array.len;
      break;
    case GML_TYPE_SLICE:
    case GML_TYPE_CHAN:
      ok = TRUE;
      break;
    case GML_TYPE_MAP:
      ok = id == GML_BUILTIN_LEN;
      break;
    default:
      break;
    }
  if (!ok)
    {
      g_autofree char *op = check_operand_string (c, x);

      check_error_at (c, x, "invalid argument: %s for %s", op, builtin_names[id]);
      invalid (c, call);
      return;
    }
  check_default (c, x);
  call->type = basic (c, GML_TYPE_INT);
  if (n >= 0)
    {
      call->mode = GML_MODE_CONSTANT;
      call->cval = gml_const_new_int (c->arena, n);
    }
  else
    call->mode = GML_MODE_VALUE;
}

static void
append_ (GmlChecker *c,
         GmlNode    *call)
{
  GmlNode *s = call->u.call.args.items[0];
  GmlType *u = gml_type_underlying (s->type);
  GmlType *elem;
  g_autofree char *ctx = g_strdup ("argument to append");

  if (s->type->kind == GML_TYPE_UNTYPED_NIL)
    {
      check_error_at (c, s, "first argument to append must be a slice; have untyped nil");
      invalid (c, call);
      return;
    }
  if (u->kind != GML_TYPE_SLICE)
    {
      g_autofree char *op = check_operand_string (c, s);

      check_error_at (c, s, "first argument to append must be a slice; have %s", op);
      invalid (c, call);
      return;
    }
  elem = u->u.slice.elem;
  call->type = s->type;
  call->mode = GML_MODE_VALUE;
  if (call->u.call.has_dots)
    {
      GmlNode **slot;

      if (call->u.call.args.len != 2)
        {
          guint n = call->u.call.args.len;
          GString *have = g_string_new ("(");

          for (guint i = 0; i < n; i++)
            {
              GmlType *t = call->u.call.args.items[i]->type;
              g_autofree char *ts = gml_type_is_untyped (t) && gml_type_is_numeric (t)
                                    ? g_strdup ("number") : check_type_string (t);

              g_string_append_printf (have, "%s%s", i > 0 ? ", " : "", ts);
            }
          g_string_append_c (have, ')');
          {
            g_autofree char *ss = check_type_string (s->type), *es = check_type_string (elem);

            check_error_at (c, call->u.call.args.items[n < 2 ? n - 1 : 2],
                            "%s arguments in call to append\n\thave %s\n\twant (%s, ...%s)",
                            n < 2 ? "not enough" : "too many", have->str, ss, es);
          }
          g_string_free (have, TRUE);
          invalid (c, call);
          return;
        }
      slot = &call->u.call.args.items[1];
      /* append([]byte, string...) is allowed. */
      if (gml_type_underlying (elem)->kind == GML_TYPE_UINT8 && gml_type_is_string ((*slot)->type))
        {
          check_default (c, *slot);
          return;
        }
      check_assign_to (c, slot, s->type, ctx, GML_POS_NONE);
      return;
    }
  for (guint i = 1; i < call->u.call.args.len; i++)
    check_assign_to (c, &call->u.call.args.items[i], elem, ctx, call->pos);
}

static void
copy_ (GmlChecker *c,
       GmlNode    *call)
{
  GmlNode *dst = call->u.call.args.items[0], *src = call->u.call.args.items[1];
  GmlType *du = gml_type_underlying (dst->type), *su = gml_type_underlying (src->type);

  if (du->kind != GML_TYPE_SLICE || (su->kind != GML_TYPE_SLICE && !gml_type_is_string (su)))
    {
      g_autofree char *d = check_operand_string (c, dst), *s = check_operand_string (c, src);

      check_error_at (c, dst, "invalid argument: copy expects slice arguments; found %s and %s", d, s);
      invalid (c, call);
      return;
    }
  if (gml_type_is_string (su))
    {
      if (gml_type_underlying (du->u.slice.elem)->kind != GML_TYPE_UINT8)
        {
          g_autofree char *d = check_operand_string (c, dst), *s = check_operand_string (c, src);
          g_autofree char *dt = check_type_string (du->u.slice.elem);

          check_error_at (c, dst, "invalid argument: arguments to copy %s and %s have different element types %s and byte",
                          d, s, dt);
          invalid (c, call);
          return;
        }
      check_default (c, src);
    }
  else if (du->u.slice.elem != su->u.slice.elem)
    {
      g_autofree char *d = check_operand_string (c, dst), *s = check_operand_string (c, src);
      g_autofree char *dt = check_type_string (du->u.slice.elem), *st = check_type_string (su->u.slice.elem);

      check_error_at (c, dst, "invalid argument: arguments to copy %s and %s have different element types %s and %s",
                      d, s, dt, st);
      invalid (c, call);
      return;
    }
  call->type = basic (c, GML_TYPE_INT);
  call->mode = GML_MODE_VALUE;
}

static void
delete_ (GmlChecker *c,
         GmlNode    *call)
{
  GmlNode *m = call->u.call.args.items[0];
  GmlType *u = gml_type_underlying (m->type);

  if (u->kind != GML_TYPE_MAP)
    {
      g_autofree char *op = check_operand_string (c, m);

      check_error_at (c, m, "invalid argument: %s is not a map", op);
      invalid (c, call);
      return;
    }
  check_assign_to (c, &call->u.call.args.items[1], u->u.map.key, "argument to delete", GML_POS_NONE);
  novalue (c, call);
}

/* A size argument of make: a non-negative integer. */
static gboolean
make_size (GmlChecker *c,
           GmlNode   **slot,
           gint64     *value)
{
  GmlNode *x = *slot;

  *value = -1;
  if (is_invalid (x))
    return FALSE;
  if (x->type->kind == GML_TYPE_UNTYPED_NIL)
    {
      check_error_at (c, x, "cannot convert nil to int");
      return FALSE;
    }
  if (x->mode == GML_MODE_CONSTANT && gml_type_is_untyped (x->type))
    {
      if (!gml_const_is_integral (x->cval))
        {
          g_autofree char *op = check_operand_string (c, x);

          if (x->cval->kind == GML_CONST_FLOAT)
            check_error_at (c, x, "%s truncated to int", op);
          else
            check_error_at (c, x, "cannot convert %s to int", op);
          return FALSE;
        }
      check_convert_untyped (c, x, basic (c, GML_TYPE_INT));
      if (is_invalid (x))
        return FALSE;
    }
  if (!gml_type_is_integer (x->type))
    {
      g_autofree char *op = check_operand_string (c, x);

      check_error_at (c, x, "cannot convert %s to type int", op);
      return FALSE;
    }
  if (x->mode == GML_MODE_CONSTANT)
    {
      if (gml_const_is_negative (x->cval))
        {
          g_autofree char *op = check_operand_string (c, x);

          check_error_at (c, x, "invalid argument: index %s must not be negative", op);
          return FALSE;
        }
      gml_const_to_int64 (x->cval, value);
    }
  return TRUE;
}

static void
make_ (GmlChecker *c,
       GmlNode    *call,
       GmlType    *t)
{
  GmlType *u = gml_type_underlying (t);
  guint min = 1, n = call->u.call.args.len;
  gint64 sizes[2] = { -1, -1 };

  switch (u->kind)
    {
    case GML_TYPE_SLICE: min = 2; break;
    case GML_TYPE_MAP:
    case GML_TYPE_CHAN:  min = 1; break;
    default:
      {
        g_autofree char *es = check_expr_string (call->u.call.args.items[0]);

        check_error_at (c, call->u.call.args.items[0], "invalid argument: cannot make %s; type must be slice, map, or channel", es);
        invalid (c, call);
        return;
      }
    }
  if (n < min || n > 3 || (u->kind != GML_TYPE_SLICE && n > 2))
    {
      g_autofree char *es = check_expr_string (call);

      check_error_at (c, call, "invalid operation: %s expects %u or %u arguments; found %u",
                      es, min, u->kind == GML_TYPE_SLICE ? 3 : 2, n);
      invalid (c, call);
      return;
    }
  for (guint i = 1; i < n; i++)
    if (!make_size (c, &call->u.call.args.items[i], &sizes[i - 1]))
      {
        invalid (c, call);
        return;
      }
  if (sizes[0] >= 0 && sizes[1] >= 0 && sizes[0] > sizes[1])
    {
      check_error_at (c, call->u.call.args.items[1], "invalid argument: length and capacity swapped");
      invalid (c, call);
      return;
    }
  call->type = t;
  call->mode = GML_MODE_VALUE;
}

static GmlType *
builtin_type_arg (GmlChecker *c,
                  GmlNode    *call)
{
  GmlNode **slot = &call->u.call.args.items[0];

  check_expr_or_type (c, slot);
  if ((*slot)->mode == GML_MODE_INVALID)
    return NULL;
  if ((*slot)->mode != GML_MODE_TYPEXPR)
    {
      g_autofree char *es = check_expr_string (*slot);

      check_error_at (c, *slot, "%s is not a type", es);
      return NULL;
    }
  return (*slot)->type;
}

/* Argument counts of the builtins: min, max (-1 = variadic). */
static void
builtin_arity (GmlBuiltin id,
               int       *min,
               int       *max)
{
  static const int arity[][2] = {
    [GML_BUILTIN_APPEND] = { 1, -1 }, [GML_BUILTIN_CAP] = { 1, 1 },
    [GML_BUILTIN_CLOSE] = { 1, 1 }, [GML_BUILTIN_COPY] = { 2, 2 },
    [GML_BUILTIN_DELETE] = { 2, 2 }, [GML_BUILTIN_LEN] = { 1, 1 },
    [GML_BUILTIN_MAKE] = { 1, -1 }, [GML_BUILTIN_NEW] = { 1, 1 },
    [GML_BUILTIN_PANIC] = { 1, 1 }, [GML_BUILTIN_PRINT] = { 0, -1 },
    [GML_BUILTIN_PRINTLN] = { 0, -1 }, [GML_BUILTIN_RECOVER] = { 0, 0 },
  };

  *min = arity[id][0];
  *max = arity[id][1];
}

static gboolean
builtin_args (GmlChecker *c,
              GmlNode    *call,
              GmlBuiltin  id)
{
  int min, max;
  guint n = call->u.call.args.len;
  g_autofree char *es = NULL;

  builtin_arity (id, &min, &max);
  if (call->u.call.has_dots && id != GML_BUILTIN_APPEND)
    {
      es = check_expr_string (call);
      check_error_at (c, call, "invalid operation: invalid use of ... with built-in %s", builtin_names[id]);
      check_args_loosely (c, call);
      return FALSE;
    }
  if ((int) n < min || (max >= 0 && (int) n > max))
    {
      es = check_expr_string (call);
      if ((int) n < min)
        check_error_at (c, call, "invalid operation: not enough arguments for %s (expected %d, found %u)", es, min, n);
      else
        check_error_at (c, call, "invalid operation: too many arguments for %s (expected %d, found %u)", es, max, n);
      check_args_loosely (c, call);
      return FALSE;
    }
  /* make and new take a type first; the rest are values. */
  for (guint i = (id == GML_BUILTIN_MAKE || id == GML_BUILTIN_NEW) ? 1 : 0; i < n; i++)
    {
      check_expr (c, &call->u.call.args.items[i]);
      if (is_invalid (call->u.call.args.items[i]))
        return FALSE;
    }
  return TRUE;
}

static void
builtin (GmlChecker *c,
         GmlNode    *call,
         GmlBuiltin  id)
{
  GmlType *t;

  call->u.call.call_kind = GML_CALL_BUILTIN;
  call->u.call.builtin = id;
  call->cval = NULL;
  if ((id == GML_BUILTIN_MAKE || id == GML_BUILTIN_NEW) && call->u.call.args.len >= 1)
    {
      t = builtin_type_arg (c, call);
      if (t == NULL)
        {
          check_args_loosely (c, call);
          invalid (c, call);
          return;
        }
    }
  else
    t = NULL;
  if (!builtin_args (c, call, id))
    {
      invalid (c, call);
      return;
    }
  switch (id)
    {
    case GML_BUILTIN_LEN:
    case GML_BUILTIN_CAP:
      len_cap (c, call, id);
      break;
    case GML_BUILTIN_APPEND:
      append_ (c, call);
      break;
    case GML_BUILTIN_COPY:
      copy_ (c, call);
      break;
    case GML_BUILTIN_DELETE:
      delete_ (c, call);
      break;
    case GML_BUILTIN_MAKE:
      make_ (c, call, t);
      break;
    case GML_BUILTIN_NEW:
      call->type = gml_type_pointer (c->tt, t);
      call->mode = GML_MODE_VALUE;
      break;
    case GML_BUILTIN_CLOSE:
      {
        GmlNode *x = call->u.call.args.items[0];
        GmlType *u = gml_type_underlying (x->type);

        if (u->kind != GML_TYPE_CHAN || u->u.chan.dir == GML_CHAN_RECV)
          {
            g_autofree char *op = check_operand_string (c, x);

            if (u->kind != GML_TYPE_CHAN)
              check_error_at (c, x, "invalid operation: cannot close non-channel %s", op);
            else
              check_error_at (c, x, "invalid operation: cannot close receive-only channel %s", op);
            invalid (c, call);
            return;
          }
        novalue (c, call);
      }
      break;
    case GML_BUILTIN_PANIC:
      check_assign_to (c, &call->u.call.args.items[0], gml_type_empty_interface (c->tt),
                       "argument to panic", call->pos);
      novalue (c, call);
      break;
    case GML_BUILTIN_PRINT:
    case GML_BUILTIN_PRINTLN:
      for (guint i = 0; i < call->u.call.args.len; i++)
        {
          GmlNode *x = call->u.call.args.items[i];

          if (x->type->kind == GML_TYPE_UNTYPED_NIL)
            {
              check_error_at (c, x, "use of untyped nil in argument to built-in %s", builtin_names[id]);
              continue;
            }
          check_default (c, x);
        }
      novalue (c, call);
      break;
    case GML_BUILTIN_RECOVER:
      if (c->fn != NULL)
        c->fn->func->has_recover = TRUE;
      call->type = gml_type_empty_interface (c->tt);
      call->mode = GML_MODE_VALUE;
      break;
    default:
      invalid (c, call);
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Function calls                                                      */

static char *
types_summary (GmlChecker *c,
               GmlType   **types,
               guint       n,
               gboolean    variadic)
{
  GString *s = g_string_new ("(");

  for (guint i = 0; i < n; i++)
    {
      GmlType *t = types[i];

      if (i > 0)
        g_string_append (s, ", ");
      if (t == NULL || t->kind == GML_TYPE_INVALID)
        g_string_append (s, "<T>");
      else if (gml_type_is_untyped (t))
        g_string_append (s, gml_type_is_numeric (t) ? "number"
                            : t->kind == GML_TYPE_UNTYPED_NIL ? "nil"
                            : t->kind == GML_TYPE_UNTYPED_BOOL ? "bool" : "string");
      else if (variadic && i == n - 1 && t->kind == GML_TYPE_SLICE)
        {
          g_autofree char *ts = check_type_string (t->u.slice.elem);

          g_string_append_printf (s, "...%s", ts);
        }
      else
        {
          g_autofree char *ts = check_type_string (t);

          g_string_append (s, ts);
        }
    }
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

/* The call kind, from what the function expression denotes. */
static GmlCallKind
call_kind (GmlNode *fun)
{
  fun = gml_node_unparen (fun);
  if (fun->kind == GML_NODE_IDENT && fun->u.ident.obj != NULL
      && fun->u.ident.obj->kind == GML_OBJ_FUNC)
    return GML_CALL_FUNC;
  if (fun->kind == GML_NODE_SELECTOR)
    {
      GmlSelection *s = &fun->u.selector.selection;

      if (s->kind == GML_SEL_QUALIFIED && s->obj != NULL && s->obj->kind == GML_OBJ_FUNC)
        return GML_CALL_FUNC;
      if (s->kind == GML_SEL_METHOD)
        return GML_CALL_METHOD;
      if (s->kind == GML_SEL_IFACE_METHOD)
        return GML_CALL_IFACE;
    }
  return GML_CALL_CLOSURE;
}

/* The argument types as passed: one multi-value call, or each argument. */
static GmlType **
arg_types (GmlChecker *c,
           GmlNode    *call,
           guint      *n,
           gboolean   *tuple)
{
  GmlNodeList *args = &call->u.call.args;
  GmlType **types;

  *tuple = FALSE;
  if (args->len == 1 && args->items[0]->type != NULL && args->items[0]->type->kind == GML_TYPE_TUPLE
      && args->items[0]->mode == GML_MODE_VALUE)
    {
      *tuple = TRUE;
      *n = args->items[0]->type->u.tuple.n_elems;
      return g_memdup2 (args->items[0]->type->u.tuple.elems, sizeof (GmlType *) * *n);
    }
  *n = args->len;
  types = g_new0 (GmlType *, *n + 1);
  for (guint i = 0; i < *n; i++)
    types[i] = args->items[i]->type;
  return types;
}

static void
count_error (GmlChecker *c,
             GmlNode    *call,
             GmlType    *sig,
             GmlType   **types,
             guint       nargs,
             gboolean    tuple)
{
  GmlNodeList *args = &call->u.call.args;
  guint npars = sig->u.func.n_params;
  g_autofree char *have = types_summary (c, types, nargs, FALSE);
  g_autofree char *want = types_summary (c, sig->u.func.params, npars, sig->u.func.variadic);
  g_autofree char *fs = check_expr_string (call->u.call.fun);
  gboolean too_many = nargs > npars;

  if (too_many && !tuple)
    check_error_at (c, args->items[npars], "too many arguments in call to %s\n\thave %s\n\twant %s",
                    fs, have, want);
  else if (too_many)
    check_error_at (c, args->items[0], "too many arguments in call to %s\n\thave %s\n\twant %s",
                    fs, have, want);
  else
    check_error_at (c, nargs > 0 && !tuple ? args->items[nargs - 1] : call,
                    "not enough arguments in call to %s\n\thave %s\n\twant %s", fs, have, want);
}

static void
tuple_args (GmlChecker *c,
            GmlNode    *call,
            GmlType    *sig,
            GmlType   **types,
            guint       n,
            const char *ctx)
{
  for (guint i = 0; i < n; i++)
    {
      GmlType *pt = i < sig->u.func.n_params
                    ? sig->u.func.params[i] : NULL;
      GmlNode tmp = *call->u.call.args.items[0];
      char *reason = NULL;

      if (sig->u.func.variadic && i >= sig->u.func.n_params - 1)
        pt = sig->u.func.params[sig->u.func.n_params - 1]->u.slice.elem;
      if (pt == NULL)
        continue;
      tmp.type = types[i];
      tmp.mode = GML_MODE_VALUE;
      if (!check_assignable (c, &tmp, pt, &reason))
        {
          g_autofree char *ts = check_type_string (types[i]), *ps = check_type_string (pt);
          g_autofree char *es = check_expr_string (call->u.call.args.items[0]);

          check_error_at (c, call->u.call.args.items[0], "cannot use %s (value of type %s) as type %s in %s",
                          es, ts, ps, ctx);
        }
      g_free (reason);
    }
}

static void
func_call (GmlChecker *c,
           GmlNode    *call,
           GmlType    *sig)
{
  GmlNodeList *args = &call->u.call.args;
  guint npars = sig->u.func.n_params, nargs;
  gboolean tuple, variadic = sig->u.func.variadic;
  g_autofree GmlType **types = NULL;
  g_autofree char *fs = check_expr_string (call->u.call.fun);
  g_autofree char *ctx = g_strdup_printf ("argument to %s", fs);

  for (guint i = 0; i < args->len; i++)
    {
      GmlNode *x;

      if (args->len != 1)
        {
          check_expr (c, &args->items[i]);
          continue;
        }
      check_multi_expr (c, &args->items[i]);
      x = args->items[i];
      if (x->mode != GML_MODE_VALUE || x->type->kind != GML_TYPE_TUPLE)
        check_single_value (c, x);
    }
  for (guint i = 0; i < args->len; i++)
    if (is_invalid (args->items[i]))
      return;
  types = arg_types (c, call, &nargs, &tuple);

  if (call->u.call.has_dots)
    {
      if (!variadic)
        {
          check_error_at (c, call, "cannot use ... in call to non-variadic %s", fs);
          return;
        }
      if (tuple)
        {
          check_error_at (c, args->items[0], "cannot use ... with multiple-value %s", fs);
          return;
        }
      variadic = FALSE;   /* the slice is passed as is */
    }
  if (variadic ? nargs < npars - 1 : nargs != npars)
    {
      count_error (c, call, sig, types, nargs, tuple);
      return;
    }
  if (tuple)
    {
      tuple_args (c, call, sig, types, nargs, ctx);
      return;
    }
  /* A name converted to an interface is positioned where Go's compiler
   * puts it: at the '(' or at the last argument before it that is not a
   * name. */
  for (guint i = 0, name_pos_set = 0; i < nargs; i++)
    {
      GmlType *pt = sig->u.func.params[MIN (i, npars - 1)];
      GmlNode *x = args->items[i];
      GmlPos name_pos = name_pos_set ? args->items[name_pos_set - 1]->pos : call->pos;

      if (variadic && i >= npars - 1)
        pt = pt->u.slice.elem;
      if (gml_node_unparen (x)->kind != GML_NODE_IDENT)
        name_pos_set = i + 1;
      check_assign_to (c, &args->items[i], pt, ctx, name_pos);
    }
}

void
check_call (GmlChecker *c,
            GmlNode    *call)
{
  GmlNode *fun;
  GmlType *sig;

  call->cval = NULL;
  check_expr_or_type (c, &call->u.call.fun);
  fun = call->u.call.fun;
  if (fun->mode == GML_MODE_INVALID)
    {
      check_args_loosely (c, call);
      invalid (c, call);
      return;
    }
  if (fun->mode == GML_MODE_TYPEXPR)
    {
      g_autofree char *ts = check_type_string (fun->type);

      call->u.call.call_kind = GML_CALL_CONVERSION;
      if (call->u.call.args.len != 1 || call->u.call.has_dots)
        {
          if (call->u.call.args.len == 0)
            check_error_at (c, call, "missing argument in conversion to %s", ts);
          else if (call->u.call.has_dots)
            check_error_at (c, call->u.call.args.items[0], "invalid use of ... in conversion to %s", ts);
          else
            check_error_at (c, call->u.call.args.items[call->u.call.args.len - 1],
                            "too many arguments in conversion to %s", ts);
          check_args_loosely (c, call);
          invalid (c, call);
          return;
        }
      check_expr (c, &call->u.call.args.items[0]);
      check_conversion (c, call, fun->type);
      return;
    }
  if (fun->mode == GML_MODE_BUILTIN)
    {
      builtin (c, call, gml_node_unparen (fun)->u.ident.obj->u.builtin.id);
      return;
    }
  if (!check_single_value (c, fun))
    {
      check_args_loosely (c, call);
      invalid (c, call);
      return;
    }
  sig = gml_type_underlying (fun->type);
  if (sig->kind != GML_TYPE_FUNC)
    {
      g_autofree char *op = check_operand_string (c, fun);

      check_error_at (c, call, "invalid operation: cannot call non-function %s", op);
      check_args_loosely (c, call);
      invalid (c, call);
      return;
    }
  call->u.call.call_kind = call_kind (fun);
  func_call (c, call, sig);
  if (sig->u.func.n_results == 0)
    {
      novalue (c, call);
    }
  else if (sig->u.func.n_results == 1)
    {
      call->mode = GML_MODE_VALUE;
      call->type = sig->u.func.results[0];
    }
  else
    {
      call->mode = GML_MODE_VALUE;
      call->type = gml_type_tuple (c->tt, sig->u.func.results, sig->u.func.n_results);
    }
}
