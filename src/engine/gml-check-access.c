/* gml-check-access.c: selectors, index and slice expressions, type
 * assertions and composite literals (types2's call.go selector part,
 * index.go, expr.go's CompositeLit case).
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

/* ------------------------------------------------------------------ */
/* Selectors                                                           */

static void
qualified (GmlChecker *c,
           GmlNode    *e,
           GmlObject  *pkg_obj)
{
  GmlNode *sel = e->u.selector.sel;
  GmlPackage *p = pkg_obj->u.pkg.imported;
  const char *name = gml_arena_intern (c->arena, sel->u.ident.name);
  GmlObject *obj;

  check_use_object (c, pkg_obj, e->u.selector.x);
  e->u.selector.x->u.ident.obj = pkg_obj;
  e->u.selector.x->mode = GML_MODE_INVALID;
  if (p == NULL)
    {
      invalid (c, e);   /* an unsupported import, already reported */
      return;
    }
  obj = gml_scope_lookup_local (p->scope, name);
  if (obj == NULL || obj->kind == GML_OBJ_PKG
      || (obj->kind == GML_OBJ_FUNC && (obj->flags & GML_FUNC_METHOD)))
    {
      check_error (c, sel->pos, "undefined: %s.%s", pkg_obj->name, name);
      invalid (c, e);
      return;
    }
  if (!(obj->flags & GML_OBJ_EXPORTED))
    {
      check_error (c, sel->pos, "name %s not exported by package %s", name, p->name);
      invalid (c, e);
      return;
    }
  obj->flags |= GML_OBJ_USED;
  sel->u.ident.obj = obj;
  e->u.selector.selection.kind = GML_SEL_QUALIFIED;
  e->u.selector.selection.obj = obj;
  e->cval = NULL;
  switch (obj->kind)
    {
    case GML_OBJ_CONST:
      e->mode = GML_MODE_CONSTANT;
      e->cval = obj->u.cnst.value;
      break;
    case GML_OBJ_TYPE:
      e->mode = GML_MODE_TYPEXPR;
      break;
    case GML_OBJ_VAR:
      e->mode = GML_MODE_VARIABLE;
      break;
    default:
      e->mode = GML_MODE_VALUE;
      break;
    }
  e->type = obj->type;
  sel->type = obj->type;
  sel->mode = e->mode;
  if (e->type == NULL)
    invalid (c, e);
}

/* T.M or (*T).M: a function whose first parameter is the receiver. */
static void
method_expr (GmlChecker *c,
             GmlNode    *e,
             GmlLookup  *l)
{
  GmlType *t = e->u.selector.x->type;
  GmlType *sig = l->kind == GML_LOOKUP_METHOD ? l->method->type : l->imethod->sig;
  GmlSelection *s = &e->u.selector.selection;
  g_autofree GmlType **params = NULL;

  if (sig == NULL)
    {
      invalid (c, e);
      return;
    }
  if (l->kind == GML_LOOKUP_METHOD && (l->method->flags & GML_FUNC_PTR_RECV)
      && t->kind != GML_TYPE_POINTER && !l->indirect)
    {
      g_autofree char *ts = check_type_string (t);

      check_error (c, e->u.selector.sel->pos, "cannot call pointer method %s on %s",
                   e->u.selector.sel->u.ident.name, ts);
      invalid (c, e);
      return;
    }
  params = g_new (GmlType *, sig->u.func.n_params + 1);
  params[0] = t;
  if (sig->u.func.n_params > 0)
    memcpy (params + 1, sig->u.func.params, sizeof (GmlType *) * sig->u.func.n_params);
  e->type = gml_type_func (c->tt, params, sig->u.func.n_params + 1,
                           sig->u.func.results, sig->u.func.n_results, sig->u.func.variadic);
  e->mode = GML_MODE_VALUE;
  s->kind = GML_SEL_METHOD_EXPR;
  s->obj = l->kind == GML_LOOKUP_METHOD ? l->method : NULL;
  if (s->obj != NULL)
    check_use_object (c, s->obj, e->u.selector.sel);
  s->imethod = l->kind == GML_LOOKUP_IFACE_METHOD ? l->imethod : NULL;
  s->path = l->path;
  s->path_len = l->path_len;
  s->indirect = l->indirect;
  e->u.selector.sel->u.ident.obj = s->obj;
}

static void
missing_selector (GmlChecker *c,
                  GmlNode    *e,
                  GmlLookup  *l)
{
  GmlNode *x = e->u.selector.x;
  const char *name = e->u.selector.sel->u.ident.name;
  g_autofree char *es = check_expr_string (x);
  g_autofree char *ts = check_type_string (x->type);
  GmlType *u = gml_type_underlying (x->type);

  GmlType *base = u->kind == GML_TYPE_POINTER ? gml_type_underlying (u->u.pointer.elem) : u;
  g_autofree char *other = g_strdup (name);
  GmlLookup l2;

  invalid (c, e);
  /* No follow-up error for a type whose declaration failed. */
  if (base->kind == GML_TYPE_INVALID)
    return;
  if (l->kind == GML_LOOKUP_AMBIGUOUS)
    {
      check_error (c, e->u.selector.sel->pos, "ambiguous selector %s.%s", es, name);
      return;
    }
  if (u->kind == GML_TYPE_POINTER && gml_type_is_interface (u->u.pointer.elem))
    {
      check_error (c, e->u.selector.sel->pos,
                   "%s.%s undefined (type %s is pointer to interface, not interface)", es, name, ts);
      return;
    }
  /* types2 suggests the name with the other capitalization. */
  other[0] = g_ascii_isupper (other[0]) ? g_ascii_tolower (other[0]) : g_ascii_toupper (other[0]);
  if (gml_type_lookup (c->tt, x->type, c->pkg, gml_arena_intern (c->arena, other), &l2))
    check_error (c, e->u.selector.sel->pos, "%s.%s undefined (type %s has no field or method %s, but does have %s)",
                 es, name, ts, name, other);
  else
    check_error (c, e->u.selector.sel->pos, "%s.%s undefined (type %s has no field or method %s)",
                 es, name, ts, name);
}

static void
field_selection (GmlChecker *c,
                 GmlNode    *e,
                 GmlLookup  *l)
{
  GmlNode *x = e->u.selector.x;
  GmlSelection *s = &e->u.selector.selection;

  s->kind = GML_SEL_FIELD;
  s->field = l->field;
  s->field_index = l->field_index;
  s->path = l->path;
  s->path_len = l->path_len;
  s->indirect = l->indirect;
  e->type = l->field->type;
  e->mode = x->mode == GML_MODE_VARIABLE || l->indirect ? GML_MODE_VARIABLE : GML_MODE_VALUE;
}

static void
method_selection (GmlChecker *c,
                  GmlNode    *e,
                  GmlLookup  *l)
{
  GmlNode *x = e->u.selector.x;
  GmlSelection *s = &e->u.selector.selection;
  GmlObject *m = l->method;
  gboolean x_ptr = gml_type_underlying (x->type)->kind == GML_TYPE_POINTER;

  s->kind = GML_SEL_METHOD;
  s->obj = m;
  check_use_object (c, m, e->u.selector.sel);
  s->path = l->path;
  s->path_len = l->path_len;
  s->indirect = l->indirect;
  e->u.selector.sel->u.ident.obj = m;
  if ((m->flags & GML_FUNC_PTR_RECV) && !x_ptr && !(l->indirect && l->path_len > 0))
    {
      /* A pointer method on a value: &x is implied, so x must be
       * addressable. */
      if (x->mode != GML_MODE_VARIABLE)
        {
          g_autofree char *ts = check_type_string (x->type);

          check_error (c, e->u.selector.sel->pos, "cannot call pointer method %s on %s",
                       m->name, ts);
          invalid (c, e);
          return;
        }
      s->addr_recv = TRUE;
      check_mark_addr_taken (c, x);
    }
  else if (!(m->flags & GML_FUNC_PTR_RECV) && x_ptr && l->path_len == 0)
    s->deref_recv = TRUE;
  e->type = m->type;
  e->mode = GML_MODE_VALUE;
  if (e->type == NULL)
    invalid (c, e);
}

void
check_selector (GmlChecker *c,
                GmlNode    *e)
{
  GmlNode *x = e->u.selector.x;
  GmlNode *sel = e->u.selector.sel;
  const char *name = gml_arena_intern (c->arena, sel->u.ident.name);
  GmlLookup l;

  sel->u.ident.name = name;
  e->cval = NULL;
  memset (&e->u.selector.selection, 0, sizeof e->u.selector.selection);
  if (x->kind == GML_NODE_IDENT)
    {
      GmlObject *obj = check_lookup (c, gml_arena_intern (c->arena, x->u.ident.name));

      if (obj != NULL && obj->kind == GML_OBJ_PKG)
        {
          qualified (c, e, obj);
          return;
        }
    }
  check_expr_or_type (c, &e->u.selector.x);
  x = e->u.selector.x;
  if (is_invalid (x))
    {
      invalid (c, e);
      return;
    }
  if (!gml_type_lookup (c->tt, x->type, c->pkg, name, &l) && l.kind != GML_LOOKUP_AMBIGUOUS)
    {
      GmlType *u = gml_type_underlying (x->type);

      l.kind = GML_LOOKUP_NONE;
      /* A defined pointer type (type P *S) has no methods, but S's
       * fields are reachable through it. */
      if (x->type->kind == GML_TYPE_NAMED && u->kind == GML_TYPE_POINTER && x->mode != GML_MODE_TYPEXPR
          && (!gml_type_lookup (c->tt, u, c->pkg, name, &l) || l.kind != GML_LOOKUP_FIELD))
        l.kind = GML_LOOKUP_NONE;
    }
  if (x->mode == GML_MODE_TYPEXPR)
    {
      if (l.kind == GML_LOOKUP_METHOD || l.kind == GML_LOOKUP_IFACE_METHOD)
        method_expr (c, e, &l);
      else
        {
          g_autofree char *es = check_expr_string (x);
          g_autofree char *ts = check_type_string (x->type);
          GmlType *xu = gml_type_underlying (x->type);

          if (xu->kind == GML_TYPE_POINTER && gml_type_is_interface (xu->u.pointer.elem))
            check_error (c, sel->pos, "%s.%s undefined (type %s is pointer to interface, not interface)", es, name, ts);
          else
            check_error (c, sel->pos, "%s.%s undefined (type %s has no field or method %s)", es, name, ts, name);
          invalid (c, e);
        }
      return;
    }
  if (!check_single_value (c, x))
    {
      invalid (c, e);
      return;
    }
  switch (l.kind)
    {
    case GML_LOOKUP_FIELD:
      field_selection (c, e, &l);
      break;
    case GML_LOOKUP_METHOD:
      method_selection (c, e, &l);
      break;
    case GML_LOOKUP_IFACE_METHOD:
      e->u.selector.selection.kind = GML_SEL_IFACE_METHOD;
      e->u.selector.selection.imethod = l.imethod;
      e->u.selector.selection.path = l.path;
      e->u.selector.selection.path_len = l.path_len;
      e->u.selector.selection.indirect = l.indirect;
      e->type = l.imethod->sig;
      e->mode = GML_MODE_VALUE;
      break;
    default:
      missing_selector (c, e, &l);
      break;
    }
  sel->type = e->type;
  sel->mode = e->mode;
}

/* ------------------------------------------------------------------ */
/* Index expressions                                                   */

/* Checks an index (or slice bound): an integer value, not negative when
 * constant, below max when max >= 0.  Untyped constants become int. */
gboolean
check_index_value (GmlChecker *c,
                   GmlNode   **slot,
                   gint64      max,
                   gint64     *value)
{
  GmlNode *x;

  *value = -1;
  check_expr (c, slot);
  x = *slot;
  if (is_invalid (x))
    return FALSE;
  if (x->mode == GML_MODE_CONSTANT && gml_type_is_untyped (x->type))
    {
      g_autofree char *op = check_operand_string (c, x);

      if (x->cval->kind != GML_CONST_INT && !(x->cval->kind == GML_CONST_FLOAT && gml_const_is_integral (x->cval)))
        {
          if (x->cval->kind == GML_CONST_FLOAT)
            check_error_at (c, x, "%s truncated to int", op);
          else
            check_error_at (c, x, "cannot convert %s to int", op);
          return FALSE;
        }
      if (!gml_const_is_negative (x->cval) && gml_const_representable (c->arena, x->cval, basic (c, GML_TYPE_INT), NULL) != GML_REPR_OK)
        {
          check_error_at (c, x, "invalid argument: index %s overflows int", op);
          return FALSE;
        }
      check_convert_untyped (c, x, basic (c, GML_TYPE_INT));
    }
  if (!gml_type_is_integer (x->type))
    {
      g_autofree char *op = check_operand_string (c, x);

      check_error_at (c, x, "invalid argument: index %s must be integer", op);
      return FALSE;
    }
  if (x->mode == GML_MODE_CONSTANT)
    {
      g_autofree char *op = check_operand_string (c, x);
      gint64 v;

      if (gml_const_is_negative (x->cval))
        {
          check_error_at (c, x, "invalid argument: index %s must not be negative", op);
          return FALSE;
        }
      if (!gml_const_to_int64 (x->cval, &v))
        v = G_MAXINT64;
      if (max >= 0 && v >= max)
        {
          g_autofree char *vs = gml_const_format (x->cval);

          check_error_at (c, x, "invalid argument: index %s out of bounds [0:%" G_GINT64_FORMAT "]", vs, max);
          return FALSE;
        }
      *value = v;
    }
  return TRUE;
}

static void
map_index (GmlChecker *c,
           GmlNode    *e,
           GmlType    *mt)
{
  check_expr (c, &e->u.index.index);
  check_assign_to (c, &e->u.index.index, mt->u.map.key, "map index", GML_POS_NONE);
  e->type = mt->u.map.elem;
  e->mode = GML_MODE_MAPINDEX;
}

void
check_index (GmlChecker *c,
             GmlNode    *e)
{
  GmlNode *x;
  GmlType *u;
  gint64 length = -1, v;

  check_expr_or_type (c, &e->u.index.x);
  x = e->u.index.x;
  e->cval = NULL;
  if (is_invalid (x))
    {
      check_expr (c, &e->u.index.index);
      invalid (c, e);
      return;
    }
  if (x->mode == GML_MODE_TYPEXPR)
    {
      check_error_at (c, e, "generics are not supported by the simulator");
      invalid (c, e);
      return;
    }
  if (!check_single_value (c, x))
    {
      invalid (c, e);
      return;
    }
  u = gml_type_underlying (x->type);
  switch (u->kind)
    {
    case GML_TYPE_STRING:
    case GML_TYPE_UNTYPED_STRING:
      if (x->mode == GML_MODE_CONSTANT)
        length = (gint64) x->cval->v.s.len;
      e->type = basic (c, GML_TYPE_UINT8);
      e->mode = GML_MODE_VALUE;
      if (gml_type_is_untyped (x->type))
        check_default (c, x);
      break;
    case GML_TYPE_ARRAY:
      length = u->u.array.len;
      e->type = u->u.array.elem;
      e->mode = x->mode == GML_MODE_VARIABLE ? GML_MODE_VARIABLE : GML_MODE_VALUE;
      break;
    case GML_TYPE_POINTER:
      if (gml_type_underlying (u->u.pointer.elem)->kind == GML_TYPE_ARRAY)
        {
          GmlType *a = gml_type_underlying (u->u.pointer.elem);

          length = a->u.array.len;
          e->type = a->u.array.elem;
          e->mode = GML_MODE_VARIABLE;
          break;
        }
      goto bad;
    case GML_TYPE_SLICE:
      e->type = u->u.slice.elem;
      e->mode = GML_MODE_VARIABLE;
      break;
    case GML_TYPE_MAP:
      map_index (c, e, u);
      return;
    default:
      goto bad;
    }
  if (!check_index_value (c, &e->u.index.index, length, &v))
    invalid (c, e);
  else if (x->mode == GML_MODE_CONSTANT && v >= 0)
    {
      /* Indexing a constant string with a constant gives a byte value. */
      e->mode = GML_MODE_VALUE;
    }
  return;

bad:
  {
    g_autofree char *op = check_operand_string (c, x);

    check_error (c, e->pos, "invalid operation: cannot index %s", op);
    check_expr (c, &e->u.index.index);
    invalid (c, e);
  }
}

/* ------------------------------------------------------------------ */
/* Slice expressions                                                   */

void
check_slice (GmlChecker *c,
             GmlNode    *e)
{
  GmlNode *x;
  GmlType *u;
  gint64 length = -1, vals[3] = { -1, -1, -1 };
  GmlNode **parts[3] = { &e->u.slice.lo, &e->u.slice.hi, &e->u.slice.max };
  gboolean ok = TRUE;

  check_expr (c, &e->u.slice.x);
  x = e->u.slice.x;
  e->cval = NULL;
  if (is_invalid (x))
    {
      for (guint i = 0; i < 3; i++)
        if (*parts[i] != NULL)
          check_expr (c, parts[i]);
      invalid (c, e);
      return;
    }
  u = gml_type_underlying (x->type);
  switch (u->kind)
    {
    case GML_TYPE_STRING:
    case GML_TYPE_UNTYPED_STRING:
      if (e->u.slice.slice3)
        {
          g_autofree char *op = check_operand_string (c, x);

          check_error_at (c, e, "invalid operation: 3-index slice of string");
          invalid (c, e);
          return;
        }
      if (x->mode == GML_MODE_CONSTANT)
        length = (gint64) x->cval->v.s.len;
      check_default (c, x);
      e->type = gml_type_is_untyped (x->type) ? basic (c, GML_TYPE_STRING) : x->type;
      break;
    case GML_TYPE_ARRAY:
      if (x->mode != GML_MODE_VARIABLE)
        {
          g_autofree char *op = check_operand_string (c, x);

          check_error_at (c, x, "invalid operation: %s (slice of unaddressable value)", op);
          invalid (c, e);
          return;
        }
      length = u->u.array.len;
      e->type = gml_type_slice (c->tt, u->u.array.elem);
      check_mark_addr_taken (c, x);
      break;
    case GML_TYPE_POINTER:
      if (gml_type_underlying (u->u.pointer.elem)->kind == GML_TYPE_ARRAY)
        {
          GmlType *a = gml_type_underlying (u->u.pointer.elem);

          length = a->u.array.len;
          e->type = gml_type_slice (c->tt, a->u.array.elem);
          break;
        }
      goto bad;
    case GML_TYPE_SLICE:
      e->type = x->type;
      break;
    default:
      goto bad;
    }
  e->mode = GML_MODE_VALUE;
  for (guint i = 0; i < 3; i++)
    if (*parts[i] != NULL && !check_index_value (c, parts[i], length >= 0 ? length + 1 : -1, &vals[i]))
      ok = FALSE;
  if (!ok)
    return;
  /* Constant indices must be ordered. */
  for (guint i = 0; i < 3; i++)
    for (guint j = i + 1; j < 3; j++)
      if (vals[i] >= 0 && vals[j] >= 0 && vals[i] > vals[j])
        {
          check_error_at (c, *parts[j], "invalid slice indices: %" G_GINT64_FORMAT " < %" G_GINT64_FORMAT,
                          vals[j], vals[i]);
          return;
        }
  return;

bad:
  {
    g_autofree char *op = check_operand_string (c, x);

    check_error_at (c, x, "invalid operation: cannot slice %s", op);
    invalid (c, e);
  }
}

/* ------------------------------------------------------------------ */
/* Type assertions                                                     */

void
check_type_assert (GmlChecker *c,
                   GmlNode    *e)
{
  GmlNode *x;
  GmlType *t;

  e->cval = NULL;
  if (e->u.assert.type == NULL)
    {
      /* The parser reports x.(type) outside a type switch. */
      check_expr (c, &e->u.assert.x);
      invalid (c, e);
      return;
    }
  check_expr (c, &e->u.assert.x);
  x = e->u.assert.x;
  t = check_typexpr (c, e->u.assert.type);
  if (is_invalid (x) || t->kind == GML_TYPE_INVALID)
    {
      invalid (c, e);
      return;
    }
  if (!gml_type_is_interface (x->type))
    {
      g_autofree char *op = check_operand_string (c, x);

      check_error_at (c, x, "invalid operation: %s is not an interface", op);
      invalid (c, e);
      return;
    }
  if (!gml_type_is_interface (t))
    {
      g_autofree char *cause = check_missing_method_cause (c, t, x->type);

      if (cause != NULL)
        {
          g_autofree char *es = check_expr_string (e);

          check_error_at (c, e, "impossible type assertion: %s\n\t%s", es, cause);
          invalid (c, e);
          return;
        }
    }
  e->type = t;
  e->mode = GML_MODE_COMMAOK;
}

/* ------------------------------------------------------------------ */
/* Composite literals                                                  */

static void
struct_lit_keyed (GmlChecker *c,
                  GmlNode    *e,
                  GmlType    *u)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < e->u.composite.elts.len; i++)
    {
      GmlNode *kv = e->u.composite.elts.items[i];
      GmlNode *key;
      GmlField *f = NULL;

      if (kv->kind != GML_NODE_KEY_VALUE)
        {
          check_error_at (c, kv, "mixture of field:value and value elements in struct literal");
          check_expr (c, &e->u.composite.elts.items[i]);
          continue;
        }
      key = kv->u.kv.key;
      if (key->kind != GML_NODE_IDENT)
        {
          g_autofree char *ks = check_expr_string (key);

          check_error (c, kv->pos, "invalid field name %s in struct literal", ks);
          check_expr (c, &kv->u.kv.value);
          continue;
        }
      key->u.ident.name = gml_arena_intern (c->arena, key->u.ident.name);
      for (guint j = 0; j < u->u.strukt.n_fields; j++)
        if (u->u.strukt.fields[j].name == key->u.ident.name)
          f = &u->u.strukt.fields[j];
      if (f == NULL)
        {
          g_autofree char *ts = check_type_string (e->type);

          check_error (c, key->pos, "unknown field '%s' in struct literal of type %s", key->u.ident.name, ts);
          check_expr (c, &kv->u.kv.value);
          continue;
        }
      if (!f->exported && f->pkg != c->pkg)
        {
          g_autofree char *ts = check_type_string (e->type);

          check_error (c, key->pos, "cannot refer to unexported field %s in struct literal of type %s",
                       key->u.ident.name, ts);
          check_expr (c, &kv->u.kv.value);
          continue;
        }
      if (g_hash_table_contains (seen, f))
        {
          check_error (c, kv->pos, "duplicate field name %s in struct literal", key->u.ident.name);
          check_expr (c, &kv->u.kv.value);
          continue;
        }
      g_hash_table_add (seen, f);
      key->type = f->type;
      check_expr (c, &kv->u.kv.value);
      check_assign_to (c, &kv->u.kv.value, f->type, "struct literal", kv->pos);
      kv->type = f->type;
      kv->mode = GML_MODE_VALUE;
    }
}

static void
struct_lit (GmlChecker *c,
            GmlNode    *e,
            GmlType    *u)
{
  GmlNodeList *elts = &e->u.composite.elts;
  guint n = u->u.strukt.n_fields;

  if (elts->len == 0)
    return;
  if (elts->items[0]->kind == GML_NODE_KEY_VALUE)
    {
      struct_lit_keyed (c, e, u);
      return;
    }
  for (guint i = 0; i < elts->len; i++)
    {
      GmlNode *x = elts->items[i];
      GmlField *f;

      if (x->kind == GML_NODE_KEY_VALUE)
        {
          check_error (c, x->pos, "mixture of field:value and value elements in struct literal");
          check_expr (c, &x->u.kv.value);
          continue;
        }
      if (i >= n)
        {
          g_autofree char *es = check_expr_string (e);

          check_expr (c, &elts->items[i]);
          check_error_at (c, elts->items[i], "too many values in %s", es);
          return;
        }
      f = &u->u.strukt.fields[i];
      check_expr (c, &elts->items[i]);
      if (!f->exported && f->pkg != c->pkg)
        {
          g_autofree char *ts = check_type_string (e->type);

          check_error_at (c, elts->items[i], "implicit assignment to unexported field %s in %s literal",
                          f->name, ts);
          continue;
        }
      check_assign_to (c, &elts->items[i], f->type, "struct literal", GML_POS_NONE);
    }
  if (elts->len < n)
    {
      g_autofree char *es = check_expr_string (e);

      check_error (c, e->u.composite.rbrace, "too few values in %s", es);
    }
}

/* Elements of an array or slice literal; returns the length. */
static gint64
indexed_elts (GmlChecker *c,
              GmlNode    *e,
              GmlType    *elem,
              gint64      length)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  gint64 index = 0, max = 0;

  for (guint i = 0; i < e->u.composite.elts.len; i++)
    {
      GmlNode **slot = &e->u.composite.elts.items[i];
      GmlNode *kv = *slot;
      GmlPos name_pos = GML_POS_NONE;
      gboolean valid = TRUE;

      if (kv->kind == GML_NODE_KEY_VALUE)
        {
          gint64 v;

          if (check_index_value (c, &kv->u.kv.key, length, &v))
            {
              if (v >= 0)
                index = v;
              else
                {
                  g_autofree char *ks = check_expr_string (kv->u.kv.key);

                  check_error (c, kv->pos, "index %s must be integer constant", ks);
                  valid = FALSE;
                }
            }
          else
            valid = FALSE;
          slot = &kv->u.kv.value;
          name_pos = kv->pos;
          kv->type = elem;
          kv->mode = GML_MODE_VALUE;
        }
      else if (length >= 0 && index >= length)
        {
          check_error_at (c, kv, "index %" G_GINT64_FORMAT " is out of bounds (>= %" G_GINT64_FORMAT ")",
                          index, length);
          valid = FALSE;
        }
      if (valid)
        {
          gpointer key = GSIZE_TO_POINTER ((gsize) index + 1);

          if (g_hash_table_contains (seen, key))
            check_error (c, kv->pos, "duplicate index %" G_GINT64_FORMAT " in array or slice literal", index);
          else
            g_hash_table_add (seen, key);
        }
      index++;
      if (index > max)
        max = index;
      check_expr_hint (c, slot, elem);
      check_assign_to (c, slot, elem, "array or slice literal", name_pos);
    }
  return max;
}

static void
map_lit (GmlChecker *c,
         GmlNode    *e,
         GmlType    *u)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();

  for (guint i = 0; i < e->u.composite.elts.len; i++)
    {
      GmlNode *kv = e->u.composite.elts.items[i];

      if (kv->kind != GML_NODE_KEY_VALUE)
        {
          check_error_at (c, kv, "missing key in map literal");
          check_expr (c, &e->u.composite.elts.items[i]);
          continue;
        }
      check_expr_hint (c, &kv->u.kv.key, u->u.map.key);
      if (check_assign_to (c, &kv->u.kv.key, u->u.map.key, "map literal", GML_POS_NONE)
          && kv->u.kv.key->cval != NULL)
        {
          GmlNode *k = kv->u.kv.key;
          gboolean dup = FALSE;

          for (guint j = 0; j < keys->len && !dup; j++)
            {
              GmlNode *o = g_ptr_array_index (keys, j);

              dup = o->type == k->type && gml_const_equal (o->cval, k->cval);
            }
          if (dup)
            {
              g_autofree char *ks = check_expr_string (k);

              check_error_at (c, k, "duplicate key %s in map literal", ks);
            }
          else
            g_ptr_array_add (keys, k);
        }
      check_expr_hint (c, &kv->u.kv.value, u->u.map.elem);
      check_assign_to (c, &kv->u.kv.value, u->u.map.elem, "map literal", kv->pos);
      kv->type = u->u.map.elem;
      kv->mode = GML_MODE_VALUE;
    }
}

static void
check_elts_loosely (GmlChecker *c,
                    GmlNode    *e)
{
  for (guint i = 0; i < e->u.composite.elts.len; i++)
    {
      GmlNode *kv = e->u.composite.elts.items[i];

      if (kv->kind == GML_NODE_KEY_VALUE)
        check_expr (c, &kv->u.kv.value);
      else
        check_expr (c, &e->u.composite.elts.items[i]);
    }
}

void
check_composite (GmlChecker *c,
                 GmlNode    *e,
                 GmlType    *hint)
{
  GmlNode *te = e->u.composite.type;
  GmlType *t = NULL, *base, *u;

  e->cval = NULL;
  if (te != NULL && te->kind == GML_NODE_ARRAY_TYPE && te->u.array_type.len != NULL
      && te->u.array_type.len->kind == GML_NODE_ELLIPSIS)
    {
      /* [...]T{...}: the length comes from the elements. */
      GmlType *elem = check_typexpr (c, te->u.array_type.elem);

      if (elem->kind == GML_TYPE_INVALID)
        {
          check_elts_loosely (c, e);
          invalid (c, e);
          return;
        }
      e->type = elem;
      {
        gint64 n = indexed_elts (c, e, elem, -1);

        e->type = gml_type_array (c->tt, elem, n);
        te->type = e->type;
        te->mode = GML_MODE_TYPEXPR;
        e->mode = GML_MODE_VALUE;
      }
      return;
    }
  if (te != NULL)
    t = check_typexpr (c, te);
  else if (hint != NULL)
    t = hint;
  else
    {
      check_error (c, e->pos, "missing type in composite literal");
      check_elts_loosely (c, e);
      invalid (c, e);
      return;
    }
  if (t->kind == GML_TYPE_INVALID)
    {
      check_elts_loosely (c, e);
      invalid (c, e);
      return;
    }
  /* An elided &T in a literal of *T elements: the node's type is *T. */
  base = t;
  if (te == NULL && gml_type_underlying (t)->kind == GML_TYPE_POINTER)
    base = gml_type_underlying (t)->u.pointer.elem;
  u = gml_type_underlying (base);
  e->type = t;
  e->mode = GML_MODE_VALUE;
  if (u->kind == GML_TYPE_INVALID)
    {
      check_elts_loosely (c, e);
      invalid (c, e);
      return;
    }
  switch (u->kind)
    {
    case GML_TYPE_STRUCT:
      struct_lit (c, e, u);
      break;
    case GML_TYPE_ARRAY:
      indexed_elts (c, e, u->u.array.elem, u->u.array.len);
      break;
    case GML_TYPE_SLICE:
      indexed_elts (c, e, u->u.slice.elem, -1);
      break;
    case GML_TYPE_MAP:
      map_lit (c, e, u);
      break;
    default:
      {
        g_autofree char *ts = check_type_string (t);

        check_error_at (c, e, "invalid composite literal type %s", ts);
        check_elts_loosely (c, e);
        invalid (c, e);
      }
      break;
    }
}
