/* gml-check-decl.c: package-level declarations, function bodies and the
 * initialization order of globals (types2's resolver.go, decl.go and
 * initorder.go).
 */
#include "gml-check.h"

#include <string.h>

static DeclInfo *
decl_new (GmlChecker *c,
          GmlObject  *obj,
          GmlNode    *spec)
{
  DeclInfo *d = gml_arena_new0 (c->arena, DeclInfo);

  if (obj->kind != GML_OBJ_FUNC && obj->name == c->s_main && strcmp (c->pkg->path, "main") == 0)
    check_error (c, obj->pos, "cannot declare main - must be func");
  d->obj = obj;
  d->spec = spec;
  d->deps = g_ptr_array_new ();
  g_hash_table_insert (c->decls, obj, d);
  g_ptr_array_add (c->decl_order, d);
  return d;
}

static gboolean
is_native_allowed (GmlChecker *c)
{
  return c->pkg->is_prelude;
}

/* ------------------------------------------------------------------ */
/* Collecting: imports                                                 */

static void
collect_import (GmlChecker *c,
                GmlNode    *spec)
{
  GmlNode *path_lit = spec->u.import_spec.path;
  GmlNode *name = spec->u.import_spec.name;
  GmlConst *path = gml_const_from_literal (c->arena, GML_TOKEN_STRING, path_lit->u.lit.raw);
  GmlPackage *imported;
  GmlObject *obj;
  g_autofree char *p = NULL;

  if (path == NULL)
    return;
  p = g_strndup (path->v.s.data, path->v.s.len);
  imported = g_hash_table_lookup (c->prog->packages, p);
  if (imported == NULL || imported == c->pkg)
    {
      const char *base = strrchr (p, '/') != NULL ? strrchr (p, '/') + 1 : p;

      if (strcmp (p, "unsafe") == 0)
        check_error (c, path_lit->pos, "unsafe is not supported by the simulator");
      else if (strcmp (p, "C") == 0)
        check_error (c, path_lit->pos, "cgo is not supported by the simulator");
      else
        check_error (c, path_lit->pos, "package %s is not supported by the simulator", p);
      /* A stand-in name, so that uses of the package stay quiet. */
      if (name != NULL && (name->u.ident.name == c->s_blank || strcmp (name->u.ident.name, ".") == 0))
        return;
      obj = check_object_new (c, GML_OBJ_PKG, name != NULL ? name->u.ident.name : base, NULL, NULL);
      obj->pos = name != NULL ? name->pos : path_lit->pos;
      obj->flags = GML_OBJ_USED;
      obj->u.pkg.used = TRUE;
      obj->decl = spec;
      check_declare (c, c->pkg->scope, obj);
      return;
    }
  if (name != NULL && strcmp (name->u.ident.name, ".") == 0)
    {
      check_error (c, name->pos, "dot imports are not supported by the simulator");
      return;
    }
  if (name != NULL && name->u.ident.name == c->s_blank)
    return;
  obj = check_object_new (c, GML_OBJ_PKG, name != NULL ? name->u.ident.name : imported->name,
                          NULL, name);
  obj->pos = name != NULL ? name->pos : path_lit->pos;
  obj->flags &= ~GML_OBJ_EXPORTED;
  obj->u.pkg.imported = imported;
  obj->decl = spec;
  spec->u.import_spec.obj = obj;
  if (name == NULL || strcmp (name->u.ident.name, imported->name) == 0)
    obj->decl = path_lit;
  check_declare (c, c->pkg->scope, obj);
  g_ptr_array_add (c->imports, obj);
}

/* ------------------------------------------------------------------ */
/* Collecting: const, var, type                                        */

/* types2's arity: too many or too few initial values in a spec.  For
 * constants repeating an earlier spec, `inherited` is that spec. */
void
check_arity (GmlChecker *c,
             GmlNode    *spec,
             GmlNode    *inherited,
             gboolean    const_decl)
{
  GmlNodeList *names = &spec->u.value_spec.names;
  GmlNodeList *values = inherited != NULL ? &inherited->u.value_spec.values : &spec->u.value_spec.values;
  guint l = names->len, r = values->len;

  if (l < r)
    {
      GmlNode *n = values->items[l];

      if (inherited != NULL)
        check_error (c, spec->pos, "extra init expr at %s:%u:%u", c->filename, n->pos.line, n->pos.col);
      else
        {
          g_autofree char *es = check_expr_string (n);

          check_error_at (c, n, "extra init expr %s", es);
        }
    }
  else if (l > r && (const_decl || r != 1))
    check_error (c, names->items[r]->pos, "missing init expr for %s", names->items[r]->u.ident.name);
}

static void
collect_const_spec (GmlChecker *c,
                    GmlNode    *spec,
                    GmlNode   **last)
{
  GmlNode *src = spec;
  GmlNodeList *names = &spec->u.value_spec.names;

  if (spec->u.value_spec.values.len > 0 || spec->u.value_spec.type != NULL)
    *last = spec;
  else if (*last != NULL)
    src = *last;
  check_arity (c, spec, src != spec ? src : NULL, TRUE);
  for (guint i = 0; i < names->len; i++)
    {
      GmlNode *name = names->items[i];
      GmlObject *obj = check_object_new (c, GML_OBJ_CONST, name->u.ident.name, NULL, name);
      DeclInfo *d = decl_new (c, obj, spec);

      d->type_expr = src->u.value_spec.type;
      d->iota = spec->u.value_spec.iota;
      d->index = i;
      d->inherited = src != spec ? src : NULL;
      if (i < src->u.value_spec.values.len)
        d->init = &src->u.value_spec.values.items[i];
      check_declare (c, c->scope, obj);
    }
}

static void
collect_var_spec (GmlChecker *c,
                  GmlNode    *spec)
{
  GmlNodeList *names = &spec->u.value_spec.names;
  GmlNodeList *values = &spec->u.value_spec.values;
  GPtrArray *lhs = NULL;

  if (values->len == 1 && names->len > 1)
    lhs = g_ptr_array_new ();
  for (guint i = 0; i < names->len; i++)
    {
      GmlNode *name = names->items[i];
      GmlObject *obj = check_object_new (c, GML_OBJ_VAR, name->u.ident.name, NULL, name);
      DeclInfo *d = decl_new (c, obj, spec);

      obj->flags |= GML_VAR_GLOBAL;
      d->type_expr = spec->u.value_spec.type;
      d->index = i;
      if (lhs != NULL)
        {
          d->init = &values->items[0];
          d->lhs = g_ptr_array_ref (lhs);
          g_ptr_array_add (lhs, obj);
        }
      else if (i < values->len)
        d->init = &values->items[i];
      check_declare (c, c->scope, obj);
    }
  if (lhs != NULL)
    g_ptr_array_unref (lhs);
  else if (values->len > 0)
    check_arity (c, spec, NULL, FALSE);
}

static void
collect_type_spec (GmlChecker *c,
                   GmlNode    *spec)
{
  GmlNode *name = spec->u.type_spec.name;
  GmlObject *obj = check_object_new (c, GML_OBJ_TYPE, name->u.ident.name, NULL, name);

  decl_new (c, obj, spec)->type_expr = spec->u.type_spec.type;
  if (!spec->u.type_spec.alias)
    obj->type = gml_type_named_new (c->tt, obj, c->pkg);
  check_declare (c, c->scope, obj);
}

static void
collect_gen_decl (GmlChecker *c,
                  GmlNode    *decl)
{
  GmlNode *last = NULL;

  for (guint i = 0; i < decl->u.gen_decl.specs.len; i++)
    {
      GmlNode *spec = decl->u.gen_decl.specs.items[i];

      switch (decl->u.gen_decl.tok)
        {
        case GML_TOKEN_IMPORT: collect_import (c, spec); break;
        case GML_TOKEN_CONST:  collect_const_spec (c, spec, &last); break;
        case GML_TOKEN_VAR:    collect_var_spec (c, spec); break;
        case GML_TOKEN_TYPE:   collect_type_spec (c, spec); break;
        default: break;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Collecting: functions and methods                                   */

/* The base type name of a receiver type expression (T, *T, (T)). */
static GmlNode *
recv_base_name (GmlNode *type,
                gboolean *ptr)
{
  *ptr = FALSE;
  type = gml_node_unparen (type);
  if (type->kind == GML_NODE_STAR)
    {
      *ptr = TRUE;
      type = gml_node_unparen (type->u.star.x);
    }
  return type->kind == GML_NODE_IDENT ? type : NULL;
}

static void
report_directives (GmlChecker *c,
                   GmlNode    *fd)
{
  const char *dirs = fd->u.func_decl.directives;
  g_auto (GStrv) lines = NULL;
  guint n;

  if (dirs == NULL || c->pkg->is_prelude)
    return;
  lines = g_strsplit (dirs, "\n", -1);
  n = g_strv_length (lines);
  for (guint i = 0; i < n; i++)
    if (g_str_has_prefix (lines[i], "//go:"))
      {
        g_autofree char *word = g_strdup (lines[i]);
        GmlPos pos = { fd->pos.line > n - i ? fd->pos.line - (n - i) : 1, 1 };

        word[strcspn (word, " \t")] = '\0';
        check_error (c, pos, "%s is not supported by the simulator", word);
      }
}

static void
collect_func_decl (GmlChecker *c,
                   GmlNode    *fd)
{
  GmlNode *name = fd->u.func_decl.name;
  GmlNode *recv = fd->u.func_decl.recv;
  GmlObject *obj = check_object_new (c, GML_OBJ_FUNC, name->u.ident.name, NULL, name);
  g_autofree char *full = NULL, *short_name = NULL;

  decl_new (c, obj, fd);
  report_directives (c, fd);
  if (recv != NULL)
    {
      gboolean ptr;
      GmlNode *base = recv_base_name (recv->u.field.type, &ptr);
      const char *bn = base != NULL ? base->u.ident.name : "?";

      obj->flags |= GML_FUNC_METHOD | (ptr ? GML_FUNC_PTR_RECV : 0);
      short_name = ptr ? g_strdup_printf ("(*%s).%s", bn, obj->name)
                       : g_strdup_printf ("%s.%s", bn, obj->name);
    }
  else if (obj->name == c->s_init)
    short_name = g_strdup_printf ("init.%u", c->n_inits++);   /* Go's symbols: main.init.0 ... */
  else
    short_name = g_strdup (obj->name);
  full = g_strdup_printf ("%s.%s", c->pkg->path, short_name);

  obj->u.func.func = check_func_new (c, fd, obj, full, short_name);
  obj->u.func.func->body = fd->u.func_decl.body;
  fd->u.func_decl.func = obj->u.func.func;
  if (fd->u.func_decl.body == NULL)
    {
      if (is_native_allowed (c))
        obj->flags |= GML_FUNC_NATIVE;
    }
  g_ptr_array_add (c->func_decls, fd);

  if (recv != NULL)
    return;
  if ((obj->name == c->s_init || (obj->name == c->s_main && strcmp (c->pkg->path, "main") == 0))
      && (fd->u.func_decl.type->u.func_type.params.len > 0 || fd->u.func_decl.type->u.func_type.results.len > 0))
    check_error (c, name->pos, "func %s must have no arguments and no return values", obj->name);
  if (obj->name == c->s_init && c->scope == c->pkg->scope)
    {
      obj->flags |= GML_OBJ_USED;
      return;  /* init functions cannot be referred to */
    }
  if (obj->name == c->s_main && strcmp (c->pkg->path, "main") == 0)
    obj->flags |= GML_OBJ_USED;
  check_declare (c, c->scope, obj);
}

/* Attaches each method to its receiver's base type (declared in this
 * package), in declaration order. */
static void
associate_methods (GmlChecker *c)
{
  for (guint i = 0; i < c->func_decls->len; i++)
    {
      GmlNode *fd = g_ptr_array_index (c->func_decls, i);
      GmlObject *m = fd->u.func_decl.name->u.ident.obj;
      GmlObject *base;
      DeclInfo *bd;
      gboolean ptr;
      GmlNode *bn;

      if (fd->u.func_decl.recv == NULL)
        continue;
      bn = recv_base_name (fd->u.func_decl.recv->u.field.type, &ptr);
      base = bn != NULL ? gml_scope_lookup_local (c->pkg->scope, gml_arena_intern (c->arena, bn->u.ident.name)) : NULL;
      if (base == NULL || base->kind != GML_OBJ_TYPE || (bd = g_hash_table_lookup (c->decls, base)) == NULL
          || bd->spec->u.type_spec.alias)
        continue;
      if (m->name == c->s_blank)
        continue;
      if (bd->methods == NULL)
        bd->methods = g_ptr_array_new ();
      for (guint j = 0; j < bd->methods->len; j++)
        {
          GmlObject *o = g_ptr_array_index (bd->methods, j);

          if (o->name == m->name)
            {
              check_error (c, m->pos, "%s.%s redeclared in this block\n\t%s:%u:%u: other declaration of %s",
                           base->name, m->name, c->filename, o->pos.line, o->pos.col, m->name);
              m = NULL;
              break;
            }
        }
      if (m == NULL)
        continue;
      g_ptr_array_add (bd->methods, m);
      m->u.func.recv_base = base->type;
    }
}

void
check_collect (GmlChecker *c)
{
  GmlNodeList *decls = &c->file->u.file.decls;

  for (guint i = 0; i < decls->len; i++)
    {
      GmlNode *d = decls->items[i];

      if (d->kind == GML_NODE_GEN_DECL)
        collect_gen_decl (c, d);
      else if (d->kind == GML_NODE_FUNC_DECL)
        collect_func_decl (c, d);
    }
  associate_methods (c);
}

/* ------------------------------------------------------------------ */
/* Resolving one object                                                */

static GmlType *
invalid_type (GmlChecker *c)
{
  return gml_type_basic (c->tt, GML_TYPE_INVALID);
}

static gboolean
is_const_type (GmlType *t)
{
  GmlTypeKind k = gml_type_underlying (t)->kind;

  return k >= GML_TYPE_BOOL && k <= GML_TYPE_STRING;
}

static void
const_decl (GmlChecker *c,
            DeclInfo   *d)
{
  GmlObject *obj = d->obj;
  GmlType *t = NULL;
  GmlNode *x;

  c->iota = d->iota;
  if (d->inherited != NULL)
    c->errpos = obj->pos;
  obj->type = invalid_type (c);
  if (d->type_expr != NULL)
    {
      t = check_typexpr (c, d->type_expr);
      if (t->kind != GML_TYPE_INVALID && !is_const_type (t))
        {
          g_autofree char *ts = check_type_string (t);

          check_error_at (c, d->type_expr, "invalid constant type %s", ts);
          t = NULL;
          goto out;
        }
    }
  if (d->init == NULL)
    goto out;
  check_expr (c, d->init);
  x = *d->init;
  if (x->mode == GML_MODE_INVALID)
    goto out;
  if (x->mode != GML_MODE_CONSTANT)
    {
      g_autofree char *op = check_operand_string (c, x);

      check_error_at (c, x, "%s is not constant", op);
      goto out;
    }
  if (t != NULL && t->kind != GML_TYPE_INVALID)
    {
      if (!check_assign_to (c, d->init, t, "constant declaration", GML_POS_NONE))
        goto out;
      x = *d->init;
    }
  obj->type = x->type;
  obj->u.cnst.value = x->cval;
out:
  c->iota = -1;
  c->errpos = GML_POS_NONE;
}

/* var a, b = f() / m[k] / x.(T) / <-ch: one value initializes several. */
static void
var_decl_tuple (GmlChecker *c,
                DeclInfo   *d,
                GmlType    *t)
{
  GmlNode *x;
  guint n = d->lhs->len;

  for (guint i = 0; i < n; i++)
    {
      DeclInfo *o = g_hash_table_lookup (c->decls, g_ptr_array_index (d->lhs, i));

      o->color = DECL_BLACK;
      ((GmlObject *) g_ptr_array_index (d->lhs, i))->type = t != NULL ? t : invalid_type (c);
    }
  check_multi_expr (c, d->init);
  x = *d->init;
  if (x->mode == GML_MODE_NOVALUE || x->mode == GML_MODE_BUILTIN || x->mode == GML_MODE_TYPEXPR)
    check_single_value (c, x);
  if (x->mode == GML_MODE_INVALID)
    return;
  if (x->type->kind == GML_TYPE_TUPLE && x->type->u.tuple.n_elems == n)
    {
      for (guint i = 0; i < n; i++)
        {
          GmlObject *obj = g_ptr_array_index (d->lhs, i);
          GmlType *et = x->type->u.tuple.elems[i];

          if (t == NULL)
            obj->type = et;
          else if (!gml_type_is_interface (t) || gml_type_is_interface (et))
            {
              char *reason = NULL;
              GmlNode tmp = *x;

              tmp.type = et;
              tmp.mode = GML_MODE_VALUE;
              if (!check_assignable (c, &tmp, t, &reason))
                {
                  g_autofree char *ets = check_type_string (et), *ts = check_type_string (t);

                  check_error_at (c, x, "cannot use %s value as %s value in assignment", ets, ts);
                }
              g_free (reason);
            }
        }
      return;
    }
  if ((x->mode == GML_MODE_COMMAOK || x->mode == GML_MODE_MAPINDEX) && n == 2)
    {
      x->mode = GML_MODE_COMMAOK;
      GmlObject *v = g_ptr_array_index (d->lhs, 0), *ok = g_ptr_array_index (d->lhs, 1);

      if (t != NULL)
        check_assign_to (c, d->init, t, "variable declaration", GML_POS_NONE);
      else
        check_default (c, x);
      v->type = t != NULL ? t : (*d->init)->type;
      ok->type = t != NULL ? t : gml_type_basic (c->tt, GML_TYPE_BOOL);
      return;
    }
  {
    GmlNode *call = gml_node_unparen (x);
    guint m = x->type->kind == GML_TYPE_TUPLE ? x->type->u.tuple.n_elems : 1;

    if (call->kind == GML_NODE_CALL && call->u.call.fun != NULL)
      {
        g_autofree char *fs = check_expr_string (call->u.call.fun);

        check_error_at (c, x, "assignment mismatch: %u variables but %s returns %u value%s",
                        n, fs, m, m == 1 ? "" : "s");
      }
    else
      check_error_at (c, x, "assignment mismatch: %u variables but %u value%s", n, m, m == 1 ? "" : "s");
  }
}

static void
var_decl (GmlChecker *c,
          DeclInfo   *d)
{
  GmlObject *obj = d->obj;
  GmlType *t = NULL;
  GmlNode *x;

  if (d->type_expr != NULL)
    {
      t = check_typexpr (c, d->type_expr);
      obj->type = t;
    }
  if (d->lhs != NULL)
    {
      var_decl_tuple (c, d, t);
      return;
    }
  if (d->init == NULL)
    {
      if (obj->type == NULL)
        obj->type = invalid_type (c);
      return;
    }
  /* A declaration checks a single value (types2's varDecl), so f() with
   * two results is "multiple-value f() in single-value context". */
  check_expr (c, d->init);
  if (t != NULL)
    {
      check_assign_to (c, d->init, t, "variable declaration", GML_POS_NONE);
      return;
    }
  x = *d->init;
  obj->type = invalid_type (c);
  if (x->mode == GML_MODE_INVALID || !check_single_value (c, x))
    return;
  if (x->type->kind == GML_TYPE_UNTYPED_NIL)
    {
      check_error_at (c, x, "use of untyped nil in variable declaration");
      return;
    }
  check_default (c, x);
  obj->type = x->type;
}

static void
type_decl_methods (GmlChecker *c,
                   DeclInfo   *d,
                   GmlType    *named)
{
  GmlType *u = gml_type_underlying (named);

  if (d->methods == NULL)
    return;
  named->u.named.methods = gml_arena_newv (c->arena, GmlObject *, d->methods->len);
  named->u.named.n_methods = d->methods->len;
  memcpy (named->u.named.methods, d->methods->pdata, sizeof (GmlObject *) * d->methods->len);

  for (guint i = 0; i < d->methods->len; i++)
    {
      GmlObject *m = g_ptr_array_index (d->methods, i);

      if (u != NULL && u->kind == GML_TYPE_STRUCT)
        for (guint j = 0; j < u->u.strukt.n_fields; j++)
          if (u->u.strukt.fields[j].name == m->name)
            check_error (c, m->pos, "field and method with the same name %s\n\t%s:%u:%u: other declaration of %s",
                         m->name, c->filename, u->u.strukt.fields[j].pos.line,
                         u->u.strukt.fields[j].pos.col, m->name);
    }
  for (guint i = 0; i < d->methods->len; i++)
    check_resolve_object (c, g_ptr_array_index (d->methods, i));
}

/* Completes named types whose underlying type was still being declared;
 * with final, those that never resolve are recursive. */
static void
resolve_pending_full (GmlChecker *c,
                      gboolean    final)
{
  gboolean progress = TRUE;

  while (progress)
    {
      progress = FALSE;
      for (guint i = 0; i < c->pending->len; i += 2)
        {
          GmlType *t = g_ptr_array_index (c->pending, i);
          GmlType *target = g_ptr_array_index (c->pending, i + 1);

          if (target->u.named.underlying == NULL)
            continue;
          gml_type_named_set_underlying (t, target);
          g_ptr_array_remove_range (c->pending, i, 2);
          i -= 2;
          progress = TRUE;
        }
    }
  for (guint i = 0; final && i < c->pending->len; i += 2)
    {
      GmlType *t = g_ptr_array_index (c->pending, i);
      GmlObject *obj = t->u.named.obj;

      check_error (c, obj->pos, "invalid recursive type %s\n\t%s:%u:%u: %s refers to\n\t%s:%u:%u: %s",
                   obj->name, c->filename, obj->pos.line, obj->pos.col, obj->name,
                   c->filename, obj->pos.line, obj->pos.col, obj->name);
      t->u.named.underlying = invalid_type (c);
    }
  if (final)
    g_ptr_array_set_size (c->pending, 0);
}

static void
resolve_pending (GmlChecker *c)
{
  resolve_pending_full (c, FALSE);
}

static void
type_decl (GmlChecker *c,
           DeclInfo   *d)
{
  GmlObject *obj = d->obj;
  GmlType *named = obj->type, *u;

  if (d->spec->u.type_spec.alias)
    {
      obj->type = invalid_type (c);
      obj->type = check_typexpr (c, d->type_expr);
      return;
    }
  u = check_typexpr (c, d->type_expr);
  gml_type_named_set_underlying (named, u);
  if (named->u.named.underlying != NULL && named->u.named.underlying->kind == GML_TYPE_NAMED)
    {
      /* type T1 struct{ next *T2 }; type T2 T1: T2's underlying type is
       * known only once T1's declaration is done. */
      g_ptr_array_add (c->pending, named);
      g_ptr_array_add (c->pending, u);
      named->u.named.underlying = NULL;
    }
  type_decl_methods (c, d, named);
  resolve_pending (c);
}

/* The receiver's base type must be a defined type of this package that
 * is neither a pointer nor an interface. */
static void
check_receiver (GmlChecker *c,
                GmlObject  *m,
                GmlFunc    *f)
{
  GmlType *rt = f->recv != NULL ? f->recv->type : NULL;
  GmlType *base = rt;
  GmlNode *rf = f->decl->u.func_decl.recv;
  GmlPos at = rf->u.field.names.len > 0 ? rf->u.field.names.items[0]->pos
                                        : check_start_pos (rf->u.field.type);
  g_autofree char *ts = NULL;

  if (rt == NULL || rt->kind == GML_TYPE_INVALID)
    return;
  if (base->kind == GML_TYPE_POINTER)
    base = base->u.pointer.elem;
  ts = check_type_string (base);
  if (base->kind != GML_TYPE_NAMED || base->u.named.pkg != c->pkg)
    {
      if (base->kind == GML_TYPE_NAMED || gml_type_is_named (base))
        check_error (c, at, "cannot define new methods on non-local type %s", ts);
      else
        check_error (c, at, "invalid receiver type %s", ts);
      return;
    }
  if (base->u.named.underlying != NULL
      && (base->u.named.underlying->kind == GML_TYPE_POINTER
          || base->u.named.underlying->kind == GML_TYPE_INTERFACE))
    {
      check_error (c, at, "invalid receiver type %s (pointer or interface type)", ts);
      return;
    }
  m->u.func.recv_base = base;
}

static void
func_decl (GmlChecker *c,
           DeclInfo   *d)
{
  GmlObject *obj = d->obj;
  GmlNode *fd = d->spec;
  GmlFunc *f = obj->u.func.func;
  GmlScope *scope = check_scope_open (c, fd->pos);

  scope->is_func = TRUE;
  if (fd->u.func_decl.body != NULL)
    {
      fd->u.func_decl.body->u.block.scope = scope;
      scope->end = fd->u.func_decl.body->u.block.rbrace;
    }
  obj->type = check_signature (c, fd->u.func_decl.type, fd->u.func_decl.recv, f);
  check_scope_close (c);

  if (fd->u.func_decl.recv != NULL)
    check_receiver (c, obj, f);
}

static void
report_init_loop (GmlChecker *c,
                  guint       start)
{
  GString *msg = g_string_new (NULL);
  GmlObject *first = g_ptr_array_index (c->obj_path, start);
  guint n = c->obj_path->len - start;

  g_string_append_printf (msg, "initialization loop for %s", first->name);
  for (guint k = 0; k <= n; k++)
    {
      GmlObject *o = g_ptr_array_index (c->obj_path, start + k % n);

      g_string_append_printf (msg, "\n\t%s:%u:%u: %s%s", c->filename, o->pos.line, o->pos.col,
                              o->name, k < n ? " refers to" : "");
    }
  check_error (c, first->pos, "%s", msg->str);
  g_string_free (msg, TRUE);
}

/* A grey object met again: a cycle, which is an error for constants and
 * for variables whose type depends on themselves. */
static void
resolve_grey (GmlChecker *c,
              GmlObject  *obj)
{
  guint idx;

  if (obj->kind == GML_OBJ_CONST)
    {
      if (g_ptr_array_find (c->obj_path, obj, &idx))
        report_init_loop (c, idx);
      obj->type = invalid_type (c);
    }
  else if (obj->kind == GML_OBJ_VAR && obj->type == NULL)
    obj->type = invalid_type (c);   /* the initialization order reports it */
}

/* Type-checks a package-level object on first use (or in source order). */
void
check_resolve_object (GmlChecker *c,
                      GmlObject  *obj)
{
  DeclInfo *d = g_hash_table_lookup (c->decls, obj);
  GmlChecker saved;

  if (d == NULL || d->color == DECL_BLACK)
    return;
  if (d->color == DECL_GREY)
    {
      resolve_grey (c, obj);
      return;
    }
  d->color = DECL_GREY;
  saved = *c;
  c->scope = c->pkg->scope;
  c->fn = NULL;
  c->stmt = NULL;
  c->decl = d;
  c->iota = -1;
  c->errpos = GML_POS_NONE;
  g_ptr_array_add (c->obj_path, obj);

  switch (obj->kind)
    {
    case GML_OBJ_CONST: const_decl (c, d); break;
    case GML_OBJ_VAR:   var_decl (c, d); break;
    case GML_OBJ_TYPE:  type_decl (c, d); break;
    case GML_OBJ_FUNC:  func_decl (c, d); break;
    default: break;
    }

  g_ptr_array_remove_index (c->obj_path, c->obj_path->len - 1);
  c->scope = saved.scope;
  c->fn = saved.fn;
  c->stmt = saved.stmt;
  c->decl = saved.decl;
  c->iota = saved.iota;
  c->errpos = saved.errpos;
  d->color = DECL_BLACK;
}

/* ------------------------------------------------------------------ */
/* Function bodies                                                     */

/* Checks a body in the function scope that check_signature filled. */
void
check_func_body (GmlChecker *c,
                 GmlFunc    *func,
                 GmlNode    *ftype,
                 GmlNode    *recv,
                 GmlNode    *body)
{
  FuncCtx fn = { 0 };
  FuncCtx *saved_fn = c->fn;
  StmtCtx *saved_stmt = c->stmt;
  GmlScope *saved_scope = c->scope;

  fn.func = func;
  fn.outer = c->fn;
  fn.sig = func->sig;
  fn.labels = g_hash_table_new (NULL, NULL);
  fn.vars = c->fn != NULL ? c->fn->vars : g_ptr_array_new ();
  fn.decl = c->decl;
  c->fn = &fn;
  c->stmt = NULL;
  c->scope = body->u.block.scope;

  check_stmt_list (c, &body->u.block.stmts);
  if (func->sig->u.func.n_results > 0 && !check_is_terminating (c, body, NULL))
    check_error (c, body->u.block.rbrace, "missing return");
  {
    GHashTableIter it;
    gpointer value;

    g_hash_table_iter_init (&it, fn.labels);
    while (g_hash_table_iter_next (&it, NULL, &value))
      {
        GmlObject *l = value;

        if (!l->u.label.used && !fn.has_goto)
          check_soft_error (c, l->pos, "label %s defined and not used", l->name);
      }
  }
  if (fn.outer == NULL)
    {
      check_report_unused (c, &fn);
      g_ptr_array_unref (fn.vars);
    }
  g_hash_table_unref (fn.labels);
  c->fn = saved_fn;
  c->stmt = saved_stmt;
  c->scope = saved_scope;
}

static void
check_func_decl_body (GmlChecker *c,
                      GmlNode    *fd)
{
  GmlFunc *f = fd->u.func_decl.func;
  GmlObject *obj = fd->u.func_decl.name->u.ident.obj;
  DeclInfo *d = g_hash_table_lookup (c->decls, obj);

  if (fd->u.func_decl.body == NULL || f->sig == NULL)
    return;
  c->decl = d;
  check_func_body (c, f, fd->u.func_decl.type, fd->u.func_decl.recv, fd->u.func_decl.body);
  c->decl = NULL;
}

void
check_package_decls (GmlChecker *c)
{
  for (guint i = 0; i < c->decl_order->len; i++)
    check_resolve_object (c, ((DeclInfo *) g_ptr_array_index (c->decl_order, i))->obj);
  resolve_pending_full (c, TRUE);
  check_valid_types (c);
  check_later_map_keys (c);
  for (guint i = 0; i < c->func_decls->len; i++)
    check_func_decl_body (c, g_ptr_array_index (c->func_decls, i));
}

/* ------------------------------------------------------------------ */
/* Local declarations                                                  */

static void
local_const_spec (GmlChecker *c,
                  GmlNode    *spec,
                  GmlNode   **last)
{
  GmlNode *src = spec;
  GmlNodeList *names = &spec->u.value_spec.names;
  GPtrArray *objs = g_ptr_array_new ();

  if (spec->u.value_spec.values.len > 0 || spec->u.value_spec.type != NULL)
    *last = spec;
  else if (*last != NULL)
    src = *last;
  check_arity (c, spec, src != spec ? src : NULL, TRUE);
  for (guint i = 0; i < names->len; i++)
    {
      GmlNode *name = names->items[i];
      GmlObject *obj = check_object_new (c, GML_OBJ_CONST, name->u.ident.name, NULL, name);
      DeclInfo d = { 0 };

      d.obj = obj;
      d.spec = spec;
      d.type_expr = src->u.value_spec.type;
      d.iota = spec->u.value_spec.iota;
      d.inherited = src != spec ? src : NULL;
      if (i < src->u.value_spec.values.len)
        d.init = &src->u.value_spec.values.items[i];
      const_decl (c, &d);
      g_ptr_array_add (objs, obj);
    }
  /* The constants' scope starts after the spec. */
  for (guint i = 0; i < objs->len; i++)
    {
      GmlObject *obj = g_ptr_array_index (objs, i);

      obj->flags |= GML_OBJ_USED;   /* unused constants are fine */
      check_declare (c, c->scope, obj);
    }
  g_ptr_array_unref (objs);
}

static void
local_type_spec (GmlChecker *c,
                 GmlNode    *spec)
{
  GmlNode *name = spec->u.type_spec.name;
  GmlObject *obj = check_object_new (c, GML_OBJ_TYPE, name->u.ident.name, NULL, name);

  /* The type's scope starts at its name, so it may refer to itself. */
  check_declare (c, c->scope, obj);
  obj->flags |= GML_OBJ_USED;
  if (spec->u.type_spec.alias)
    {
      obj->type = check_typexpr (c, spec->u.type_spec.type);
      return;
    }
  obj->type = gml_type_named_new (c->tt, obj, c->pkg);
  gml_type_named_set_underlying (obj->type, check_typexpr (c, spec->u.type_spec.type));
  if (obj->type->u.named.underlying == NULL || obj->type->u.named.underlying->kind == GML_TYPE_NAMED)
    {
      check_error (c, obj->pos, "invalid recursive type %s", obj->name);
      obj->type->u.named.underlying = invalid_type (c);
    }
}

void
check_local_decl (GmlChecker *c,
                  GmlNode    *gd)
{
  GmlNode *last = NULL;

  for (guint i = 0; i < gd->u.gen_decl.specs.len; i++)
    {
      GmlNode *spec = gd->u.gen_decl.specs.items[i];

      switch (gd->u.gen_decl.tok)
        {
        case GML_TOKEN_CONST: local_const_spec (c, spec, &last); break;
        case GML_TOKEN_TYPE:  local_type_spec (c, spec); break;
        default: break;   /* var: gml-check-stmt.c */
        }
    }
}

/* ------------------------------------------------------------------ */
/* Initialization order (types2's initorder.go)                        */

/* The global variables a declaration depends on, through functions. */
static void
var_deps (GmlChecker *c,
          DeclInfo   *d,
          GHashTable *out,
          GHashTable *seen_funcs)
{
  for (guint i = 0; i < d->deps->len; i++)
    {
      GmlObject *o = g_ptr_array_index (d->deps, i);

      if (o->kind == GML_OBJ_VAR)
        g_hash_table_add (out, o);
      else if (o->kind == GML_OBJ_FUNC && !g_hash_table_contains (seen_funcs, o))
        {
          DeclInfo *fd = g_hash_table_lookup (c->decls, o);

          g_hash_table_add (seen_funcs, o);
          if (fd != NULL)
            var_deps (c, fd, out, seen_funcs);
        }
    }
}

/* Finds a dependency path from `from` back to `to` for the message. */
static gboolean
find_path (GmlChecker *c,
           GmlObject  *from,
           GmlObject  *to,
           GHashTable *seen,
           GPtrArray  *path)
{
  DeclInfo *d = g_hash_table_lookup (c->decls, from);

  if (d == NULL || g_hash_table_contains (seen, from))
    return FALSE;
  g_hash_table_add (seen, from);
  for (guint i = 0; i < d->deps->len; i++)
    {
      GmlObject *o = g_ptr_array_index (d->deps, i);

      if (o == to || find_path (c, o, to, seen, path))
        {
          g_ptr_array_insert (path, 0, o);
          return TRUE;
        }
    }
  return FALSE;
}

static void
report_cycle (GmlChecker *c,
              GmlObject  *v,
              GHashTable *reported)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) path = g_ptr_array_new ();
  GString *msg;

  if (g_hash_table_contains (reported, v) || !find_path (c, v, v, seen, path))
    return;
  for (guint i = 0; i < path->len; i++)
    g_hash_table_add (reported, g_ptr_array_index (path, i));
  g_ptr_array_insert (path, 0, v);
  msg = g_string_new (NULL);
  g_string_append_printf (msg, "initialization loop for %s", v->name);
  for (guint i = 0; i < path->len; i++)
    {
      GmlObject *o = g_ptr_array_index (path, i);

      g_string_append_printf (msg, "\n\t%s:%u:%u: %s%s", c->filename, o->pos.line, o->pos.col,
                              o->name, i + 1 < path->len ? " refers to" : "");
    }
  check_error (c, v->pos, "%s", msg->str);
  g_string_free (msg, TRUE);
}

/* For `var a, b = x, y` each variable is initialized by its own
 * assignment; these are synthesized so that init_order can interleave
 * them with other declarations. */
static GmlNode *
init_assign (GmlChecker *c,
             GmlNode    *spec,
             guint       i)
{
  GmlNode *as = gml_node_new (c->arena, GML_NODE_ASSIGN_STMT, spec->u.value_spec.names.items[i]->pos);
  GPtrArray *lhs = g_ptr_array_new (), *rhs = g_ptr_array_new ();

  as->implicit = TRUE;
  as->u.assign.op = GML_TOKEN_ASSIGN;
  g_ptr_array_add (lhs, spec->u.value_spec.names.items[i]);
  g_ptr_array_add (rhs, spec->u.value_spec.values.items[i]);
  as->u.assign.lhs = gml_node_list_from_array (c->arena, lhs);
  as->u.assign.rhs = gml_node_list_from_array (c->arena, rhs);
  g_ptr_array_unref (lhs);
  g_ptr_array_unref (rhs);
  return as;
}

static void
emit_var (GmlChecker *c,
          DeclInfo   *d,
          GHashTable *done)
{
  GmlPackage *pkg = c->pkg;
  GmlNode *spec = d->spec;

  if (d->lhs != NULL)
    {
      for (guint i = 0; i < d->lhs->len; i++)
        {
          GmlObject *o = g_ptr_array_index (d->lhs, i);

          g_hash_table_add (done, o);
          o->u.var.index = pkg->globals->len;
          g_ptr_array_add (pkg->globals, o);
        }
      g_ptr_array_add (pkg->init_order, spec);
      return;
    }
  g_hash_table_add (done, d->obj);
  d->obj->u.var.index = pkg->globals->len;
  g_ptr_array_add (pkg->globals, d->obj);
  if (d->init == NULL)
    return;
  if (spec->u.value_spec.names.len == 1)
    g_ptr_array_add (pkg->init_order, spec);
  else
    g_ptr_array_add (pkg->init_order, init_assign (c, spec, d->index));
}

static void
init_order (GmlChecker *c)
{
  g_autoptr (GPtrArray) vars = g_ptr_array_new ();
  g_autoptr (GPtrArray) deps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr (GHashTable) done = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) reported = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < c->decl_order->len; i++)
    {
      DeclInfo *d = g_ptr_array_index (c->decl_order, i);
      GHashTable *set, *seen;

      if (d->obj->kind != GML_OBJ_VAR)
        continue;
      set = g_hash_table_new (NULL, NULL);
      seen = g_hash_table_new (NULL, NULL);
      var_deps (c, d, set, seen);
      g_hash_table_unref (seen);
      g_ptr_array_add (vars, d);
      g_ptr_array_add (deps, set);
    }

  while (g_hash_table_size (done) < vars->len)
    {
      DeclInfo *pick = NULL;

      for (guint i = 0; i < vars->len && pick == NULL; i++)
        {
          DeclInfo *d = g_ptr_array_index (vars, i);
          GHashTableIter it;
          gpointer dep;
          gboolean ready = TRUE;

          if (g_hash_table_contains (done, d->obj))
            continue;
          g_hash_table_iter_init (&it, g_ptr_array_index (deps, i));
          while (ready && g_hash_table_iter_next (&it, &dep, NULL))
            if (!g_hash_table_contains (done, dep)
                && !(d->lhs != NULL && g_ptr_array_find (d->lhs, dep, NULL)))
              ready = FALSE;
          if (ready)
            pick = d;
        }
      if (pick == NULL)
        {
          /* A cycle: report each once, then proceed in source order. */
          for (guint i = 0; i < vars->len && pick == NULL; i++)
            if (!g_hash_table_contains (done, ((DeclInfo *) g_ptr_array_index (vars, i))->obj))
              pick = g_ptr_array_index (vars, i);
          for (guint i = 0; i < vars->len; i++)
            {
              DeclInfo *d = g_ptr_array_index (vars, i);

              if (!g_hash_table_contains (done, d->obj))
                report_cycle (c, d->obj, reported);
            }
        }
      emit_var (c, pick, done);
    }
}

/* ------------------------------------------------------------------ */
/* Finishing                                                           */

static void
unused_imports (GmlChecker *c)
{
  for (guint i = 0; i < c->imports->len; i++)
    {
      GmlObject *obj = g_ptr_array_index (c->imports, i);
      GmlPackage *p = obj->u.pkg.imported;
      GmlNode *spec = obj->decl->kind == GML_NODE_IMPORT_SPEC ? obj->decl : NULL;

      if (obj->u.pkg.used)
        continue;
      if (spec != NULL && spec->u.import_spec.name != NULL)
        check_soft_error (c, spec->u.import_spec.name->pos, "imported and not used: \"%s\" as %s",
                          p->path, obj->name);
      else
        check_soft_error (c, obj->pos, "imported and not used: \"%s\"", p->path);
    }
}

/* Orders pkg->funcs: each declared function followed by its literals. */
static void
order_funcs (GPtrArray *out,
             GmlFunc   *f)
{
  g_ptr_array_add (out, f);
  for (guint i = 0; i < f->closures->len; i++)
    order_funcs (out, g_ptr_array_index (f->closures, i));
}

/* Go's compiler refuses types of 2^50 bytes or more (its MaxWidth). */
static void
check_size (GmlChecker *c,
            GmlObject  *obj)
{
  const gint64 max_width = (gint64) 1 << 50;

  if (obj->type == NULL || obj->type->kind == GML_TYPE_INVALID || obj->type->kind == GML_TYPE_TUPLE)
    return;
  if (gml_type_size (obj->type) >= max_width)
    {
      g_autofree char *ts = check_type_string (gml_type_underlying (obj->type));

      check_error (c, obj->pos, "type %s larger than address space", ts);
    }
}

static void
check_sizes (GmlChecker *c)
{
  for (guint i = 0; i < c->decl_order->len; i++)
    {
      DeclInfo *d = g_ptr_array_index (c->decl_order, i);

      if (d->obj->kind == GML_OBJ_VAR
          || (d->obj->kind == GML_OBJ_TYPE && !d->spec->u.type_spec.alias))
        check_size (c, d->obj);
    }
  for (guint i = 0; i < c->pkg->funcs->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (c->pkg->funcs, i);

      for (guint j = 0; j < f->locals->len; j++)
        check_size (c, g_ptr_array_index (f->locals, j));
    }
}

void
check_finish (GmlChecker *c)
{
  init_order (c);
  unused_imports (c);
  for (guint i = 0; i < c->func_decls->len; i++)
    order_funcs (c->pkg->funcs, ((GmlNode *) g_ptr_array_index (c->func_decls, i))->u.func_decl.func);
  for (guint i = 0; i < c->glob_closures->len; i++)
    order_funcs (c->pkg->funcs, g_ptr_array_index (c->glob_closures, i));
  if (!c->pkg->is_prelude)
    check_sizes (c);
  /* The Go compiler finds these in later phases, which only run when
   * type checking succeeded. */
  if (gml_diag_list_n_errors (c->diags) > c->errors_before)
    return;
  for (guint i = 0; i < c->func_decls->len && !c->pkg->is_prelude; i++)
    {
      GmlNode *fd = g_ptr_array_index (c->func_decls, i);

      if (fd->u.func_decl.body == NULL)
        check_error (c, fd->u.func_decl.name->pos, "missing function body");
    }
  if (gml_diag_list_n_errors (c->diags) > c->errors_before)
    return;
  if (strcmp (c->pkg->path, "main") == 0)
    {
      GmlObject *m = gml_scope_lookup_local (c->pkg->scope, c->s_main);

      /* A link error, reported without a position. */
      if (m == NULL || m->kind != GML_OBJ_FUNC)
        gml_diag_list_add (c->diags, GML_DIAG_ERROR, "runtime.main_main·f", GML_POS_NONE,
                           "function main is undeclared in the main package");
    }
}
