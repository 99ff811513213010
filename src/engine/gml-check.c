/* gml-check.c: the type checker's driver, errors, universe and objects.
 *
 * See gml-check.h for the phases.  Everything the checker creates lives in
 * the program's arena, except scopes (GHashTables), which the program
 * keeps in prog->scopes and frees with itself.
 */
#include "gml-check.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* Errors                                                              */

/* Like the Go compiler, an error repeating the previous one on the same
 * line is dropped ("undefined: T" twice in one signature). */
static void
error_valist (GmlChecker *c,
              GmlPos      pos,
              const char *format,
              va_list     args)
{
  g_autofree char *msg = g_strdup_vprintf (format, args);

  if (gml_pos_is_valid (c->errpos))
    pos = c->errpos;
  if (pos.line != 0 && pos.line == c->last_error_line && g_strcmp0 (msg, c->last_error) == 0)
    return;
  c->last_error_line = pos.line;
  g_free (c->last_error);
  c->last_error = g_strdup (msg);
  gml_diag_list_add (c->diags, GML_DIAG_ERROR, c->filename, pos, "%s", msg);
}

void
check_error (GmlChecker *c,
             GmlPos      pos,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  error_valist (c, pos, format, args);
  va_end (args);
}

/* Where types2 reports an error "at" a node: syntax.StartPos of Go 1.19,
 * which descends into the left operand of binary expressions and into
 * the operand of selectors, index expressions, assertions and calls, but
 * not into slice expressions, parentheses or key:value pairs. */
GmlPos
check_start_pos (const GmlNode *n)
{
  for (guint depth = 0; n != NULL && depth < 10000; depth++)
    {
      switch (n->kind)
        {
        case GML_NODE_FILE:
          return (GmlPos) { 1, 1 };
        case GML_NODE_COMPOSITE_LIT:
          if (n->u.composite.type == NULL)
            return n->pos;
          n = n->u.composite.type;
          break;
        case GML_NODE_SELECTOR:
          n = n->u.selector.x;
          break;
        case GML_NODE_INDEX:
          n = n->u.index.x;
          break;
        case GML_NODE_TYPE_ASSERT:
          n = n->u.assert.x;
          break;
        case GML_NODE_BINARY:
          n = n->u.binary.x;
          break;
        case GML_NODE_CALL:
          if (n->implicit && n->u.call.args.len == 1)
            n = n->u.call.args.items[0];
          else if (n->u.call.fun != NULL)
            n = n->u.call.fun;
          else
            return n->pos;
          break;
        case GML_NODE_SEND_STMT:
          n = n->u.send.chan;
          break;
        case GML_NODE_ASSIGN_STMT:
          if (n->u.assign.lhs.len == 0)
            return n->pos;
          n = n->u.assign.lhs.items[0];
          break;
        default:
          return n->pos;
        }
    }
  return n != NULL ? n->pos : GML_POS_NONE;
}

/* At the start of the node, as types2 reports most errors. */
void
check_error_at (GmlChecker    *c,
                const GmlNode *node,
                const char    *format,
                ...)
{
  va_list args;

  va_start (args, format);
  error_valist (c, check_start_pos (node), format, args);
  va_end (args);
}

/* Soft errors (unused variables and imports) are ordinary errors for the
 * Go compiler too; they are kept apart only for readability. */
void
check_soft_error (GmlChecker *c,
                  GmlPos      pos,
                  const char *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  error_valist (c, pos, format, args);
  va_end (args);
}

/* ------------------------------------------------------------------ */
/* Objects and scopes                                                  */

gboolean
check_is_exported (const char *name)
{
  gunichar ch = g_utf8_get_char_validated (name, -1);

  return ch != (gunichar) -1 && ch != (gunichar) -2 && g_unichar_isupper (ch);
}

GmlObject *
check_object_new (GmlChecker    *c,
                  GmlObjectKind  kind,
                  const char    *name,
                  GmlType       *type,
                  GmlNode       *decl)
{
  GmlObject *obj = gml_arena_new0 (c->arena, GmlObject);

  obj->kind = kind;
  obj->name = gml_arena_intern (c->arena, name);
  obj->type = type;
  obj->pkg = c->pkg;
  obj->decl = decl;
  if (decl != NULL)
    obj->pos = decl->pos;
  if (check_is_exported (obj->name))
    obj->flags |= GML_OBJ_EXPORTED;
  if (kind == GML_OBJ_VAR && obj->name == c->s_blank)
    obj->flags |= GML_VAR_BLANK;
  if (decl != NULL && decl->kind == GML_NODE_IDENT)
    decl->u.ident.obj = obj;
  return obj;
}

static GmlScope *
scope_new (GmlProgram *prog,
           GmlScope   *parent)
{
  GmlScope *scope = gml_scope_new (parent);

  g_ptr_array_add (prog->scopes, scope);
  return scope;
}

GmlScope *
check_scope_open (GmlChecker *c,
                  GmlPos      start)
{
  c->scope = scope_new (c->prog, c->scope);
  c->scope->start = start;
  return c->scope;
}

void
check_scope_close (GmlChecker *c)
{
  c->scope = c->scope->parent;
}

static char *
pos_string (GmlChecker *c,
            GmlPos      pos)
{
  return g_strdup_printf ("%s:%u:%u", c->filename, pos.line, pos.col);
}

/* Declares obj in scope, reporting Go's redeclaration error.  The blank
 * identifier is never declared. */
gboolean
check_declare (GmlChecker *c,
               GmlScope   *scope,
               GmlObject  *obj)
{
  GmlObject *prev;

  if (obj->name == c->s_blank)
    return TRUE;
  prev = gml_scope_insert (scope, obj);
  if (prev != NULL)
    {
      g_autofree char *where = pos_string (c, prev->pos);

      if (prev->kind == GML_OBJ_PKG && gml_pos_is_valid (prev->pos))
        check_error (c, obj->pos, "%s already declared through import of package %s (\"%s\")\n\t%s: other declaration of %s",
                     obj->name, prev->u.pkg.imported->name, prev->u.pkg.imported->path, where, obj->name);
      else if (gml_pos_is_valid (prev->pos))
        check_error (c, obj->pos, "%s redeclared in this block\n\t%s: other declaration of %s",
                     obj->name, where, obj->name);
      else
        check_error (c, obj->pos, "%s redeclared in this block", obj->name);
      /* The loser is not reported as unused on top of that. */
      obj->flags |= GML_OBJ_USED;
      return FALSE;
    }
  return TRUE;
}

GmlObject *
check_lookup (GmlChecker *c,
              const char *name)
{
  return gml_scope_lookup (c->scope, name);
}

/* A use of obj by an identifier: marks it used, records captures of
 * outer variables by func literals, and package-level dependencies. */
void
check_use_object (GmlChecker *c,
                  GmlObject  *obj,
                  GmlNode    *ident)
{
  obj->flags |= GML_OBJ_USED;
  if (obj->kind == GML_OBJ_PKG)
    obj->u.pkg.used = TRUE;

  if (obj->kind == GML_OBJ_VAR && obj->u.var.owner != NULL && c->fn != NULL
      && obj->u.var.owner != c->fn->func)
    {
      /* A free variable of this func literal and of every literal in
       * between (Go captures through the intermediate closures). */
      for (FuncCtx *f = c->fn; f != NULL && f->func != obj->u.var.owner; f = f->outer)
        {
          if (f->func->captures == NULL)
            continue;
          if (!g_ptr_array_find (f->func->captures, obj, NULL))
            g_ptr_array_add (f->func->captures, obj);
          obj->flags |= GML_VAR_CAPTURED;
        }
    }

  /* Dependencies for the initialization order: globals, functions and
   * methods (through method values and calls, as types2 records them). */
  if (c->decl != NULL && obj->pkg == c->pkg
      && ((obj->kind == GML_OBJ_VAR && (obj->flags & GML_VAR_GLOBAL)) || obj->kind == GML_OBJ_FUNC)
      && !g_ptr_array_find (c->decl->deps, obj, NULL))
    g_ptr_array_add (c->decl->deps, obj);
}

/* ------------------------------------------------------------------ */
/* Functions                                                           */

GmlFunc *
check_func_new (GmlChecker *c,
                GmlNode    *decl,
                GmlObject  *obj,
                const char *name,
                const char *short_name)
{
  GmlFunc *f = gml_arena_new0 (c->arena, GmlFunc);

  f->name = gml_arena_intern (c->arena, name);
  f->short_name = gml_arena_intern (c->arena, short_name);
  f->pkg = c->pkg;
  f->decl = decl;
  f->obj = obj;
  f->params = g_ptr_array_new ();
  f->results = g_ptr_array_new ();
  f->locals = g_ptr_array_new ();
  f->closures = g_ptr_array_new ();
  if (decl != NULL && decl->kind == GML_NODE_FUNC_LIT)
    f->captures = g_ptr_array_new ();
  g_ptr_array_add (c->prog->funcs, f);
  return f;
}

void
check_func_add_local (GmlChecker *c,
                      GmlObject  *var)
{
  if (c->fn == NULL)
    return;
  var->u.var.owner = c->fn->func;
  var->u.var.index = c->fn->func->locals->len;
  g_ptr_array_add (c->fn->func->locals, var);
  g_ptr_array_add (c->fn->vars, var);
}

/* ------------------------------------------------------------------ */
/* The universe                                                        */

static void
universe_add (GmlProgram *prog,
              GmlObject  *obj)
{
  gml_scope_insert (prog->universe, obj);
}

static GmlObject *
universe_object (GmlProgram    *prog,
                 GmlObjectKind  kind,
                 const char    *name,
                 GmlType       *type)
{
  GmlObject *obj = gml_arena_new0 (prog->arena, GmlObject);

  obj->kind = kind;
  obj->name = gml_arena_intern (prog->arena, name);
  obj->type = type;
  obj->flags = GML_OBJ_EXPORTED;
  universe_add (prog, obj);
  return obj;
}

/* type error interface { Error() string } */
static void
universe_error (GmlProgram *prog)
{
  GmlTypeTable *tt = prog->types;
  GmlObject *obj = universe_object (prog, GML_OBJ_TYPE, "error", NULL);
  GmlType *string = gml_type_basic (tt, GML_TYPE_STRING);
  GmlIMethod m = { 0 };
  GmlType *named = gml_type_named_new (tt, obj, NULL);

  m.name = gml_arena_intern (prog->arena, "Error");
  m.sig = gml_type_func (tt, NULL, 0, &string, 1, FALSE);
  gml_type_named_set_underlying (named, gml_type_interface (tt, &m, 1, NULL, 0));
  obj->type = named;
  gml_type_table_set_error (tt, named);
}

void
gml_check_universe (GmlProgram *prog)
{
  static const struct { const char *name; GmlTypeKind kind; } types[] = {
    { "bool", GML_TYPE_BOOL }, { "int", GML_TYPE_INT }, { "int8", GML_TYPE_INT8 },
    { "int16", GML_TYPE_INT16 }, { "int32", GML_TYPE_INT32 }, { "int64", GML_TYPE_INT64 },
    { "uint", GML_TYPE_UINT }, { "uint8", GML_TYPE_UINT8 }, { "uint16", GML_TYPE_UINT16 },
    { "uint32", GML_TYPE_UINT32 }, { "uint64", GML_TYPE_UINT64 },
    { "uintptr", GML_TYPE_UINTPTR }, { "float32", GML_TYPE_FLOAT32 },
    { "float64", GML_TYPE_FLOAT64 }, { "string", GML_TYPE_STRING },
    { "byte", GML_TYPE_UINT8 }, { "rune", GML_TYPE_INT32 },
  };
  static const char *builtins[] = {
    [GML_BUILTIN_APPEND] = "append", [GML_BUILTIN_CAP] = "cap",
    [GML_BUILTIN_CLOSE] = "close", [GML_BUILTIN_COPY] = "copy",
    [GML_BUILTIN_DELETE] = "delete", [GML_BUILTIN_LEN] = "len",
    [GML_BUILTIN_MAKE] = "make", [GML_BUILTIN_NEW] = "new",
    [GML_BUILTIN_PANIC] = "panic", [GML_BUILTIN_PRINT] = "print",
    [GML_BUILTIN_PRINTLN] = "println", [GML_BUILTIN_RECOVER] = "recover",
  };
  /* Predeclared names outside the subset: using one is an error. */
  static const char *unsupported[] = {
    "complex64", "complex128", "complex", "real", "imag", "comparable",
  };
  GmlTypeTable *tt = prog->types;
  GmlObject *obj;

  prog->universe = scope_new (prog, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    universe_object (prog, GML_OBJ_TYPE, types[i].name, gml_type_basic (tt, types[i].kind));
  universe_object (prog, GML_OBJ_TYPE, "any", gml_type_empty_interface (tt));
  universe_error (prog);

  obj = universe_object (prog, GML_OBJ_CONST, "true", gml_type_basic (tt, GML_TYPE_UNTYPED_BOOL));
  obj->u.cnst.value = gml_const_new_bool (prog->arena, TRUE);
  obj = universe_object (prog, GML_OBJ_CONST, "false", gml_type_basic (tt, GML_TYPE_UNTYPED_BOOL));
  obj->u.cnst.value = gml_const_new_bool (prog->arena, FALSE);
  universe_object (prog, GML_OBJ_CONST, "iota", gml_type_basic (tt, GML_TYPE_UNTYPED_INT));
  universe_object (prog, GML_OBJ_NIL, "nil", gml_type_basic (tt, GML_TYPE_UNTYPED_NIL));

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    {
      obj = universe_object (prog, GML_OBJ_BUILTIN, builtins[i], NULL);
      obj->u.builtin.id = (GmlBuiltin) i;
    }
  for (guint i = 0; i < G_N_ELEMENTS (unsupported); i++)
    universe_object (prog, GML_OBJ_BAD, unsupported[i], NULL);
}

/* ------------------------------------------------------------------ */
/* Driver                                                              */

static void
checker_init (GmlChecker  *c,
              GmlProgram  *prog,
              GmlPackage  *pkg,
              GmlNode     *file,
              GmlDiagList *diags)
{
  memset (c, 0, sizeof *c);
  c->prog = prog;
  c->arena = prog->arena;
  c->tt = prog->types;
  c->diags = diags;
  c->pkg = pkg;
  c->file = file;
  c->filename = pkg->filename;
  c->decls = g_hash_table_new (NULL, NULL);
  c->decl_order = g_ptr_array_new ();
  c->func_decls = g_ptr_array_new ();
  c->imports = g_ptr_array_new ();
  c->obj_path = g_ptr_array_new ();
  c->glob_closures = g_ptr_array_new ();
  c->pending = g_ptr_array_new ();
  c->later_keys = g_ptr_array_new ();
  c->iota = -1;
  c->errors_before = gml_diag_list_n_errors (diags);
  c->s_blank = gml_arena_intern (c->arena, "_");
  c->s_init = gml_arena_intern (c->arena, "init");
  c->s_main = gml_arena_intern (c->arena, "main");
  c->s_error = gml_arena_intern (c->arena, "error");
  c->s_iota = gml_arena_intern (c->arena, "iota");
}

static void
decl_info_free (gpointer data)
{
  DeclInfo *d = data;

  g_clear_pointer (&d->deps, g_ptr_array_unref);
  g_clear_pointer (&d->methods, g_ptr_array_unref);
  g_clear_pointer (&d->lhs, g_ptr_array_unref);
}

static void
checker_clear (GmlChecker *c)
{
  for (guint i = 0; i < c->decl_order->len; i++)
    decl_info_free (g_ptr_array_index (c->decl_order, i));
  g_hash_table_unref (c->decls);
  g_ptr_array_unref (c->decl_order);
  g_ptr_array_unref (c->func_decls);
  g_ptr_array_unref (c->imports);
  g_ptr_array_unref (c->obj_path);
  g_ptr_array_unref (c->glob_closures);
  g_ptr_array_unref (c->pending);
  g_ptr_array_unref (c->later_keys);
  g_free (c->last_error);
}

/* Checks one package (one file) and annotates its tree.  Errors go to
 * diags; the tree is annotated as far as it could be checked. */
void
gml_check_package (GmlProgram  *prog,
                   GmlPackage  *pkg,
                   GmlNode     *file,
                   GmlDiagList *diags)
{
  GmlChecker c;

  g_return_if_fail (file != NULL && file->kind == GML_NODE_FILE);

  checker_init (&c, prog, pkg, file, diags);
  pkg->scope = scope_new (prog, prog->universe);
  c.scope = pkg->scope;
  file->u.file.pkg = pkg;
  g_ptr_array_add (pkg->files, file);

  check_collect (&c);
  check_package_decls (&c);
  check_finish (&c);
  checker_clear (&c);
}
