/* gml-program.c: loading a program — the prelude packages, then the
 * user's file, parsed and type-checked into one GmlProgram.
 *
 * Nothing is cached between loads: every load parses and checks the
 * prelude again (a few milliseconds), so programs share no state and a
 * program can be freed on its own.
 */
#include "gml-program.h"

#include <string.h>

#include "gml-check.h"
#include "gml-escape.h"

static GmlPackage *
package_new (GmlProgram *prog,
             const char *path,
             const char *filename,
             gboolean    is_prelude)
{
  GmlPackage *pkg = gml_arena_new0 (prog->arena, GmlPackage);

  pkg->path = gml_arena_intern (prog->arena, path);
  pkg->name = pkg->path;
  pkg->filename = gml_arena_intern (prog->arena, filename);
  pkg->is_prelude = is_prelude;
  pkg->files = g_ptr_array_new ();
  pkg->funcs = g_ptr_array_new ();
  pkg->globals = g_ptr_array_new ();
  pkg->init_order = g_ptr_array_new ();
  g_hash_table_insert (prog->packages, (gpointer) pkg->path, pkg);
  g_ptr_array_add (prog->package_order, pkg);
  return pkg;
}

static void
package_free (GmlPackage *pkg)
{
  g_ptr_array_unref (pkg->files);
  g_ptr_array_unref (pkg->funcs);
  g_ptr_array_unref (pkg->globals);
  g_ptr_array_unref (pkg->init_order);
}

static void
func_free (GmlFunc *f)
{
  g_ptr_array_unref (f->params);
  g_ptr_array_unref (f->results);
  g_ptr_array_unref (f->locals);
  g_ptr_array_unref (f->closures);
  g_clear_pointer (&f->captures, g_ptr_array_unref);
}

static GmlProgram *
program_new (void)
{
  GmlProgram *prog = g_new0 (GmlProgram, 1);

  prog->arena = gml_arena_new ();
  prog->types = gml_type_table_new (prog->arena);
  prog->packages = g_hash_table_new (g_str_hash, g_str_equal);
  prog->package_order = g_ptr_array_new ();
  prog->funcs = g_ptr_array_new ();
  prog->scopes = g_ptr_array_new_with_free_func ((GDestroyNotify) gml_scope_free);
  gml_check_universe (prog);
  return prog;
}

void
gml_program_free (GmlProgram *program)
{
  if (program == NULL)
    return;
  for (guint i = 0; i < program->funcs->len; i++)
    func_free (g_ptr_array_index (program->funcs, i));
  for (guint i = 0; i < program->package_order->len; i++)
    package_free (g_ptr_array_index (program->package_order, i));
  g_ptr_array_unref (program->funcs);
  g_ptr_array_unref (program->package_order);
  g_hash_table_unref (program->packages);
  g_ptr_array_unref (program->scopes);
  gml_type_table_free (program->types);
  gml_arena_free (program->arena);
  g_free (program);
}

/* Like Go's compiler, type checking is skipped only after real syntax
 * errors (and after constructs the simulator cannot represent); other
 * parser complaints ("expression in go must be function call") are
 * reported together with the type errors. */
static gboolean
stops_checking (GmlDiagList *diags,
                guint        from)
{
  for (guint i = from; i < gml_diag_list_len (diags); i++)
    {
      const GmlDiag *d = gml_diag_list_get (diags, i);

      if (d->severity == GML_DIAG_ERROR
          && (g_str_has_prefix (d->message, "syntax error")
              || strstr (d->message, "not supported by the simulator") != NULL))
        return TRUE;
    }
  return FALSE;
}

/* Parses and checks one package; FALSE when it has errors (in diags). */
static gboolean
load_package (GmlProgram  *prog,
              const char  *path,
              const char  *filename,
              const char  *source,
              gsize        len,
              gboolean     is_prelude,
              GmlDiagList *diags)
{
  guint errors = gml_diag_list_n_errors (diags), first = gml_diag_list_len (diags);
  GmlNode *file = gml_parse_file (prog->arena, filename, source, len, diags);
  GmlPackage *pkg;
  const char *name;

  if (file == NULL || stops_checking (diags, first))
    return FALSE;
  name = file->u.file.package_name->u.ident.name;
  if (!is_prelude && strcmp (name, "main") != 0)
    {
      gml_diag_list_add (diags, GML_DIAG_ERROR, filename, file->u.file.package_name->pos,
                         "package %s is not a main package", name);
      return FALSE;
    }
  pkg = package_new (prog, path, filename, is_prelude);
  pkg->name = gml_arena_intern (prog->arena, name);
  gml_check_package (prog, pkg, file, diags);
  return gml_diag_list_n_errors (diags) == errors;
}

static gboolean
load_prelude (GmlProgram  *prog,
              GmlDiagList *diags)
{
  const char * const *paths = gml_prelude_packages ();

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr (GBytes) bytes = gml_prelude_source (paths[i]);
      g_autofree char *filename = g_strdup_printf ("<prelude>/%s.go", paths[i]);
      gsize len = 0;
      const char *src;

      if (bytes == NULL)
        {
          gml_diag_list_add (diags, GML_DIAG_ERROR, filename, GML_POS_NONE,
                             "prelude package %s is missing", paths[i]);
          return FALSE;
        }
      src = g_bytes_get_data (bytes, &len);
      if (!load_package (prog, paths[i], filename, src, len, TRUE, diags))
        return FALSE;
    }
  return TRUE;
}

/* Functions are numbered package by package, each declared function
 * followed by its literals. */
static void
number_funcs (GmlProgram *prog)
{
  g_autoptr (GPtrArray) all = g_steal_pointer (&prog->funcs);
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  prog->funcs = g_ptr_array_new ();
  for (guint i = 0; i < prog->package_order->len; i++)
    {
      GmlPackage *pkg = g_ptr_array_index (prog->package_order, i);

      for (guint j = 0; j < pkg->funcs->len; j++)
        {
          GmlFunc *f = g_ptr_array_index (pkg->funcs, j);

          f->index = prog->funcs->len;
          g_ptr_array_add (prog->funcs, f);
          g_hash_table_add (seen, f);
        }
    }
  /* Literals in unusual places (none in practice) keep a number too. */
  for (guint i = 0; i < all->len; i++)
    if (!g_hash_table_contains (seen, g_ptr_array_index (all, i)))
      {
        GmlFunc *f = g_ptr_array_index (all, i);

        f->index = prog->funcs->len;
        g_ptr_array_add (prog->funcs, f);
      }
}

GmlProgram *
gml_program_load (const char  *filename,
                  const char  *source,
                  gsize        len,
                  GmlDiagList *diags)
{
  g_autoptr (GmlDiagList) local = NULL;
  GmlProgram *prog;
  gboolean ok;

  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (source != NULL || len == 0, NULL);

  if (diags == NULL)
    diags = local = gml_diag_list_new ();
  prog = program_new ();
  prog->filename = gml_arena_intern (prog->arena, filename);
  prog->source = gml_arena_strndup (prog->arena, source != NULL ? source : "", len);
  prog->source_len = len;

  ok = load_prelude (prog, diags)
       && load_package (prog, "main", filename, prog->source, len, FALSE, diags);
  if (!ok)
    {
      gml_diag_list_sort (diags);
      gml_diag_list_truncate (diags, GML_MAX_ERRORS);
      /* The checker's lists hold every GmlFunc created so far. */
      gml_program_free (prog);
      return NULL;
    }
  prog->main_pkg = g_hash_table_lookup (prog->packages, "main");
  gml_type_table_layout (prog->types);
  number_funcs (prog);

  gml_escape_analyse (prog);

  return prog;
}
