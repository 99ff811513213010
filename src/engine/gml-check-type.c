/* gml-check-type.c: type expressions, as types2's typexpr.go.
 *
 * Named types are created when their declaration is collected, so a type
 * expression can always refer to one (recursion through pointers, slices,
 * maps, funcs and interfaces is fine); recursion through arrays and struct
 * fields is found afterwards by check_valid_types, like types2's
 * validType.
 */
#include "gml-check.h"

#include <string.h>

static GmlType *
invalid_type (GmlChecker *c)
{
  return gml_type_basic (c->tt, GML_TYPE_INVALID);
}

static GmlType *
annotate (GmlNode *e,
          GmlType *t)
{
  e->type = t;
  e->mode = t->kind == GML_TYPE_INVALID ? GML_MODE_INVALID : GML_MODE_TYPEXPR;
  return t;
}

/* ------------------------------------------------------------------ */
/* Arrays                                                              */

/* types2's arrayLength. */
static gint64
array_length (GmlChecker *c,
              GmlNode   **slot)
{
  GmlNode *e = *slot;
  gint64 n;

  if (e->kind == GML_NODE_IDENT)
    {
      GmlObject *obj = check_lookup (c, gml_arena_intern (c->arena, e->u.ident.name));

      if (obj == NULL)
        {
          check_error (c, e->pos, "undeclared name %s for array length", e->u.ident.name);
          return -1;
        }
      if (obj->kind != GML_OBJ_CONST)
        {
          check_error (c, e->pos, "invalid array length %s", e->u.ident.name);
          return -1;
        }
    }
  check_expr (c, slot);
  e = *slot;
  if (e->mode == GML_MODE_INVALID)
    return -1;
  if (e->mode != GML_MODE_CONSTANT)
    {
      g_autofree char *op = check_operand_string (c, e);

      check_error_at (c, e, "array length %s must be constant", op);
      return -1;
    }
  if ((gml_type_is_untyped (e->type) || gml_type_is_integer (e->type)) && gml_const_is_integral (e->cval)
      && gml_const_representable (c->arena, e->cval, gml_type_basic (c->tt, GML_TYPE_INT), NULL) == GML_REPR_OK)
    {
      g_autofree char *op = NULL;

      if (gml_const_to_int64 (e->cval, &n) && n >= 0)
        {
          if (gml_type_is_untyped (e->type))
            check_convert_untyped (c, e, gml_type_basic (c->tt, GML_TYPE_INT));
          return n;
        }
      op = check_operand_string (c, e);
      check_error_at (c, e, "invalid array length %s", op);
      return -1;
    }
  {
    g_autofree char *op = check_operand_string (c, e);

    check_error_at (c, e, "array length %s must be integer", op);
  }
  return -1;
}

static GmlType *
array_type (GmlChecker *c,
            GmlNode    *e)
{
  GmlNode *len = e->u.array_type.len;
  GmlType *elem;
  gint64 n;

  if (len == NULL)
    return gml_type_slice (c->tt, check_typexpr (c, e->u.array_type.elem));
  if (len->kind == GML_NODE_ELLIPSIS)
    {
      check_error (c, e->pos, "invalid use of [...] array (outside a composite literal)");
      check_typexpr (c, e->u.array_type.elem);
      return invalid_type (c);
    }
  n = array_length (c, &e->u.array_type.len);
  elem = check_typexpr (c, e->u.array_type.elem);
  if (n < 0 || elem->kind == GML_TYPE_INVALID)
    return invalid_type (c);
  return gml_type_array (c->tt, elem, n);
}

/* ------------------------------------------------------------------ */
/* Structs                                                             */

/* The type name of an embedded field: T, *T, pkg.T or *pkg.T. */
static GmlNode *
embedded_name (GmlNode *type)
{
  type = gml_node_unparen (type);
  if (type->kind == GML_NODE_STAR)
    type = gml_node_unparen (type->u.star.x);
  if (type->kind == GML_NODE_SELECTOR)
    return type->u.selector.sel;
  if (type->kind == GML_NODE_IDENT)
    return type;
  return NULL;
}

static gboolean
embedded_ok (GmlChecker *c,
             GmlNode    *ftype,
             GmlType    *t)
{
  GmlType *base = t;
  g_autofree char *ts = NULL;

  if (t->kind == GML_TYPE_INVALID)
    return FALSE;
  if (t->kind == GML_TYPE_POINTER)
    base = t->u.pointer.elem;
  ts = check_type_string (base);
  if (t->kind == GML_TYPE_POINTER && base->kind == GML_TYPE_POINTER)
    check_error_at (c, ftype, "embedded field type cannot be a pointer");
  else if (t->kind == GML_TYPE_POINTER && base->kind == GML_TYPE_NAMED
           && base->u.named.underlying != NULL && gml_type_is_interface (base))
    check_error_at (c, ftype, "embedded field type cannot be a pointer to an interface");
  else
    return TRUE;
  return FALSE;
}

static void
add_field (GmlChecker *c,
           GArray     *fields,
           GHashTable *seen,
           GmlNode    *name,
           GmlType    *t,
           gboolean    embedded,
           const char *tag)
{
  GmlField f = { 0 };
  GmlObject *prev;

  f.name = gml_arena_intern (c->arena, name->u.ident.name);
  f.type = t;
  f.embedded = embedded;
  f.exported = check_is_exported (f.name);
  f.pkg = c->pkg;
  f.tag = tag;
  f.pos = name->pos;
  prev = f.name == c->s_blank ? NULL : g_hash_table_lookup (seen, f.name);
  if (prev != NULL)
    {
      check_error (c, name->pos, "%s redeclared\n\t%s:%u:%u: other declaration of %s",
                   f.name, c->filename, prev->pos.line, prev->pos.col, f.name);
      return;
    }
  {
    GmlObject *obj = check_object_new (c, GML_OBJ_VAR, f.name, t, embedded ? NULL : name);

    obj->pos = name->pos;
    obj->flags |= GML_VAR_FIELD | (embedded ? GML_VAR_EMBEDDED : 0);
    if (f.name != c->s_blank)
      g_hash_table_insert (seen, (gpointer) f.name, obj);
  }
  g_array_append_val (fields, f);
}

static const char *
tag_value (GmlChecker *c,
           GmlNode    *tag)
{
  GmlConst *v;

  if (tag == NULL)
    return NULL;
  v = gml_const_from_literal (c->arena, GML_TOKEN_STRING, tag->u.lit.raw);
  return v != NULL ? v->v.s.data : NULL;
}

static GmlType *
struct_type (GmlChecker *c,
             GmlNode    *e)
{
  g_autoptr (GArray) fields = g_array_new (FALSE, TRUE, sizeof (GmlField));
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  gboolean ok = TRUE;

  for (guint i = 0; i < e->u.struct_type.fields.len; i++)
    {
      GmlNode *fd = e->u.struct_type.fields.items[i];
      GmlType *t = check_typexpr (c, fd->u.field.type);
      const char *tag = tag_value (c, fd->u.field.tag);

      /* A field of an invalid type keeps its name, as in types2, so that
       * selecting it gives no follow-up error. */
      if (fd->u.field.names.len == 0)
        {
          GmlNode *name = embedded_name (fd->u.field.type);

          if (name == NULL)
            {
              g_autofree char *es = check_expr_string (fd->u.field.type);

              check_error_at (c, fd->u.field.type, "invalid embedded field type %s", es);
              ok = FALSE;
              continue;
            }
          if (t->kind != GML_TYPE_INVALID && !embedded_ok (c, fd->u.field.type, t))
            ok = FALSE;
          add_field (c, fields, seen, name, t, TRUE, tag);
          continue;
        }
      for (guint j = 0; j < fd->u.field.names.len; j++)
        add_field (c, fields, seen, fd->u.field.names.items[j], t, FALSE, tag);
    }
  if (!ok)
    return invalid_type (c);
  return gml_type_struct (c->tt, (GmlField *) (gpointer) fields->data, fields->len);
}

/* ------------------------------------------------------------------ */
/* Functions                                                           */

/* Declares a parameter or result object in the function scope. */
static GmlObject *
param_object (GmlChecker *c,
              GmlFunc    *func,
              GmlNode    *name,
              const char *fallback,
              GmlType    *t,
              guint32     flags)
{
  GmlObject *obj;

  if (name != NULL)
    {
      obj = check_object_new (c, GML_OBJ_VAR, name->u.ident.name, t, name);
      check_declare (c, c->scope, obj);
    }
  else
    obj = check_object_new (c, GML_OBJ_VAR, fallback, t, NULL);
  obj->flags |= flags;
  obj->u.var.owner = func;
  return obj;
}

static void
param_list (GmlChecker *c,
            GmlNodeList *list,
            GArray      *types,
            GmlFunc     *func,
            gboolean     results,
            gboolean    *variadic)
{
  guint n = 0;

  for (guint i = 0; i < list->len; i++)
    {
      GmlNode *fd = list->items[i];
      GmlNode *te = fd->u.field.type;
      GmlType *t;

      if (te->kind == GML_NODE_ELLIPSIS)
        {
          gboolean last = i == list->len - 1 && fd->u.field.names.len <= 1 && !results;

          t = check_typexpr (c, te->u.ellipsis.elem);
          if (!last)
            check_error (c, te->pos, "can only use ... with final parameter in list");
          else
            *variadic = TRUE;
          t = gml_type_slice (c->tt, t);
          annotate (te, t);
        }
      else
        t = check_typexpr (c, te);

      for (guint j = 0; j < MAX (fd->u.field.names.len, 1); j++)
        {
          GmlNode *name = fd->u.field.names.len > 0 ? fd->u.field.names.items[j] : NULL;

          g_array_append_val (types, t);
          if (func != NULL)
            {
              g_autofree char *fallback = name == NULL ? g_strdup_printf (results ? "~r%u" : "~p%u", n) : NULL;
              GmlObject *obj = param_object (c, func, name, fallback, t,
                                             results ? GML_VAR_RESULT : GML_VAR_PARAM);

              obj->u.var.index = (results ? func->results : func->params)->len;
              g_ptr_array_add (results ? func->results : func->params, obj);
            }
          n++;
        }
    }
}

/* The receiver: declares its object; the base type's checks are the
 * declaration's business (gml-check-decl.c). */
static void
receiver (GmlChecker *c,
          GmlNode    *recv,
          GmlFunc    *func)
{
  GmlNode *name = recv->u.field.names.len > 0 ? recv->u.field.names.items[0] : NULL;
  GmlType *t = check_typexpr (c, recv->u.field.type);
  GmlObject *obj;

  if (func == NULL)
    return;
  obj = param_object (c, func, name, "_", t, GML_VAR_PARAM | GML_VAR_RECEIVER);
  if (name == NULL)
    obj->flags |= GML_VAR_BLANK;
  func->recv = obj;
}

/* Checks a FUNC_TYPE; with a func, also declares the receiver, params and
 * results in the current scope (which must be the function's). */
GmlType *
check_signature (GmlChecker *c,
                 GmlNode    *ftype,
                 GmlNode    *recv,
                 GmlFunc    *func)
{
  g_autoptr (GArray) params = g_array_new (FALSE, FALSE, sizeof (GmlType *));
  g_autoptr (GArray) results = g_array_new (FALSE, FALSE, sizeof (GmlType *));
  gboolean variadic = FALSE;
  GmlType *sig;

  if (recv != NULL)
    receiver (c, recv, func);
  param_list (c, &ftype->u.func_type.params, params, func, FALSE, &variadic);
  param_list (c, &ftype->u.func_type.results, results, func, TRUE, &variadic);
  sig = gml_type_func (c->tt, (GmlType **) (gpointer) params->data, params->len,
                       (GmlType **) (gpointer) results->data, results->len, variadic);
  if (func != NULL)
    func->sig = sig;
  return annotate (ftype, sig);
}

/* ------------------------------------------------------------------ */
/* Interfaces                                                          */

static void
add_imethod (GmlChecker *c,
             GArray     *methods,
             GmlIMethod *m,
             GmlPos      pos)
{
  for (guint i = 0; i < methods->len; i++)
    {
      GmlIMethod *o = &g_array_index (methods, GmlIMethod, i);

      if (o->name != m->name)
        continue;
      /* Embedding the same method twice is fine; two different
       * signatures are not. */
      if (o->sig != m->sig || gml_pos_is_valid (pos))
        check_error (c, pos, "duplicate method %s", m->name);
      return;
    }
  g_array_append_val (methods, *m);
}

static GmlType *
interface_type (GmlChecker *c,
                GmlNode    *e)
{
  g_autoptr (GArray) methods = g_array_new (FALSE, TRUE, sizeof (GmlIMethod));
  g_autoptr (GPtrArray) embedded = g_ptr_array_new ();

  for (guint i = 0; i < e->u.interface_type.methods.len; i++)
    {
      GmlNode *fd = e->u.interface_type.methods.items[i];
      GmlIMethod m = { 0 };

      if (fd->u.field.names.len > 0)
        {
          GmlNode *name = fd->u.field.names.items[0];

          m.name = gml_arena_intern (c->arena, name->u.ident.name);
          m.sig = check_signature (c, fd->u.field.type, NULL, NULL);
          m.pkg = c->pkg;
          m.pos = name->pos;
          if (m.name == c->s_blank)
            check_error (c, name->pos, "methods must have a unique non-blank name");
          else
            add_imethod (c, methods, &m, name->pos);
          continue;
        }
      {
        GmlType *t = check_typexpr (c, fd->u.field.type);
        GmlType *u = gml_type_underlying (t);

        if (t->kind == GML_TYPE_INVALID)
          continue;
        if (u == NULL || u->kind != GML_TYPE_INTERFACE)
          {
            g_autofree char *ts = check_type_string (t);

            if (t->kind == GML_TYPE_NAMED && u == NULL)
              check_error_at (c, fd->u.field.type, "invalid recursive type %s", ts);
            else
              check_error_at (c, fd->u.field.type, "type constraints are not supported by the simulator");
            continue;
          }
        g_ptr_array_add (embedded, t);
        for (guint j = 0; j < u->u.iface.n_methods; j++)
          add_imethod (c, methods, &u->u.iface.methods[j], GML_POS_NONE);
      }
    }
  return gml_type_interface (c->tt, (GmlIMethod *) (gpointer) methods->data, methods->len,
                             (GmlType **) embedded->pdata, embedded->len);
}

/* ------------------------------------------------------------------ */
/* Names                                                               */

static GmlType *
type_name (GmlChecker *c,
           GmlNode    *e)
{
  check_expr_or_type (c, &e);
  if (e->mode == GML_MODE_TYPEXPR)
    return e->type;
  if (e->mode != GML_MODE_INVALID)
    {
      g_autofree char *op = check_operand_string (c, e);

      if (e->mode == GML_MODE_NOVALUE)
        check_error_at (c, e, "%s used as type", op);
      else
        check_error_at (c, e, "%s is not a type", op);
    }
  return invalid_type (c);
}

static GmlType *
map_type (GmlChecker *c,
          GmlNode    *e)
{
  GmlType *k = check_typexpr (c, e->u.map_type.key);
  GmlType *v = check_typexpr (c, e->u.map_type.value);
  GmlType *ku = gml_type_underlying (k);

  if (k->kind == GML_TYPE_INVALID || v->kind == GML_TYPE_INVALID)
    return invalid_type (c);
  /* A key type still being declared is checked when it is complete. */
  if (k->kind == GML_TYPE_NAMED && k->u.named.underlying == NULL)
    {
      g_ptr_array_add (c->later_keys, e->u.map_type.key);
      g_ptr_array_add (c->later_keys, k);
    }
  else if (ku != NULL && !gml_type_is_comparable (k))
    {
      g_autofree char *ts = check_type_string (k);

      check_error_at (c, e->u.map_type.key, "invalid map key type %s", ts);
      return invalid_type (c);
    }
  return gml_type_map (c->tt, k, v);
}

GmlType *
check_typexpr (GmlChecker *c,
               GmlNode    *e)
{
  GmlType *t;

  switch (e->kind)
    {
    case GML_NODE_IDENT:
    case GML_NODE_SELECTOR:
      return type_name (c, e);
    case GML_NODE_PAREN:
      return annotate (e, check_typexpr (c, e->u.paren.x));
    case GML_NODE_STAR:
      t = check_typexpr (c, e->u.star.x);
      return annotate (e, t->kind == GML_TYPE_INVALID ? t : gml_type_pointer (c->tt, t));
    case GML_NODE_ARRAY_TYPE:
      return annotate (e, array_type (c, e));
    case GML_NODE_MAP_TYPE:
      return annotate (e, map_type (c, e));
    case GML_NODE_CHAN_TYPE:
      t = check_typexpr (c, e->u.chan_type.elem);
      return annotate (e, t->kind == GML_TYPE_INVALID ? t
                          : gml_type_chan (c->tt, e->u.chan_type.dir, t));
    case GML_NODE_FUNC_TYPE:
      return check_signature (c, e, NULL, NULL);
    case GML_NODE_STRUCT_TYPE:
      return annotate (e, struct_type (c, e));
    case GML_NODE_INTERFACE_TYPE:
      return annotate (e, interface_type (c, e));
    case GML_NODE_BAD_EXPR:
      return annotate (e, invalid_type (c));
    default:
      {
        g_autofree char *es = check_expr_string (e);

        check_expr (c, &e);
        if (e->mode != GML_MODE_INVALID)
          check_error_at (c, e, "%s is not a type", es);
        return invalid_type (c);
      }
    }
}

/* Map key types that were incomplete when their map type was written. */
void
check_later_map_keys (GmlChecker *c)
{
  for (guint i = 0; i < c->later_keys->len; i += 2)
    {
      GmlNode *key = g_ptr_array_index (c->later_keys, i);
      GmlType *k = g_ptr_array_index (c->later_keys, i + 1);

      if (gml_type_underlying (k)->kind != GML_TYPE_INVALID && !gml_type_is_comparable (k))
        {
          g_autofree char *ts = check_type_string (k);

          check_error_at (c, key, "invalid map key type %s", ts);
        }
    }
  g_ptr_array_set_size (c->later_keys, 0);
}

/* ------------------------------------------------------------------ */
/* Invalid recursive types                                             */

typedef struct
{
  GmlChecker *c;
  GPtrArray  *path;      /* named types being expanded */
  GHashTable *valid;     /* named types known to be fine */
  GHashTable *reported;  /* named types already reported */
} ValidCtx;

static gboolean valid_type (ValidCtx *v, GmlType *t);

static void
report_cycle (ValidCtx *v,
              guint     start)
{
  GmlChecker *c = v->c;
  guint n = v->path->len - start, first = start;
  GString *msg;

  for (guint i = start; i < v->path->len; i++)
    {
      GmlType *t = g_ptr_array_index (v->path, i);

      if (g_hash_table_contains (v->reported, t))
        return;
      if (gml_pos_compare (t->u.named.obj->pos,
                           ((GmlType *) g_ptr_array_index (v->path, first))->u.named.obj->pos) < 0)
        first = i;
    }
  msg = g_string_new (NULL);
  {
    GmlType *t = g_ptr_array_index (v->path, first);

    g_string_append_printf (msg, "invalid recursive type %s", t->u.named.obj->name);
    for (guint k = 0; k <= n; k++)
      {
        GmlType *u = g_ptr_array_index (v->path, start + (first - start + k) % n);

        g_string_append_printf (msg, "\n\t%s:%u:%u: %s%s", c->filename,
                                u->u.named.obj->pos.line, u->u.named.obj->pos.col,
                                u->u.named.obj->name, k < n ? " refers to" : "");
      }
    check_error (c, t->u.named.obj->pos, "%s", msg->str);
  }
  g_string_free (msg, TRUE);
  for (guint i = start; i < v->path->len; i++)
    g_hash_table_add (v->reported, g_ptr_array_index (v->path, i));
}

static gboolean
valid_named (ValidCtx *v,
             GmlType  *t)
{
  guint idx;
  gboolean ok;

  if (t->u.named.pkg != v->c->pkg || g_hash_table_contains (v->valid, t))
    return TRUE;
  if (g_hash_table_contains (v->reported, t))
    return FALSE;
  if (g_ptr_array_find (v->path, t, &idx))
    {
      report_cycle (v, idx);
      return FALSE;
    }
  if (t->u.named.underlying == NULL || t->u.named.underlying->kind == GML_TYPE_NAMED)
    return TRUE;
  g_ptr_array_add (v->path, t);
  ok = valid_type (v, t->u.named.underlying);
  g_ptr_array_remove_index (v->path, v->path->len - 1);
  if (ok)
    g_hash_table_add (v->valid, t);
  return ok;
}

static gboolean
valid_type (ValidCtx *v,
            GmlType  *t)
{
  if (v->path->len > 10000)
    return TRUE;
  switch (t->kind)
    {
    case GML_TYPE_ARRAY:
      return valid_type (v, t->u.array.elem);
    case GML_TYPE_STRUCT:
      for (guint i = 0; i < t->u.strukt.n_fields; i++)
        if (!valid_type (v, t->u.strukt.fields[i].type))
          return FALSE;
      return TRUE;
    case GML_TYPE_NAMED:
      return valid_named (v, t);
    default:
      return TRUE;
    }
}

/* Reports types that contain themselves by value (type T [2]T,
 * type T struct{ t T }): they would have infinite size.  Such types get
 * an invalid underlying type so that layout terminates. */
void
check_valid_types (GmlChecker *c)
{
  ValidCtx v = { c, g_ptr_array_new (), g_hash_table_new (NULL, NULL), g_hash_table_new (NULL, NULL) };
  GHashTableIter it;
  gpointer key;

  for (guint i = 0; i < c->decl_order->len; i++)
    {
      DeclInfo *d = g_ptr_array_index (c->decl_order, i);

      if (d->obj->kind == GML_OBJ_TYPE && d->obj->type != NULL
          && d->obj->type->kind == GML_TYPE_NAMED && d->obj->type->u.named.obj == d->obj)
        valid_named (&v, d->obj->type);
    }
  g_hash_table_iter_init (&it, v.reported);
  while (g_hash_table_iter_next (&it, &key, NULL))
    ((GmlType *) key)->u.named.underlying = gml_type_basic (c->tt, GML_TYPE_INVALID);
  g_ptr_array_unref (v.path);
  g_hash_table_unref (v.valid);
  g_hash_table_unref (v.reported);
}
