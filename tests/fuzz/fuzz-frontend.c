/* fuzz-frontend.c: libFuzzer target for the front end.
 *
 * Feeds arbitrary bytes through each front-end stage in turn.  A stage
 * may stop the pipeline (return FALSE) when its input is not good enough
 * for the next one, as gml_program_load() does.  To fuzz a new stage, add
 * one line to `stages`.
 *
 *   meson setup build-fuzz -Dengine_only=true -Dfuzzing=true  (with CC=clang)
 *   build-fuzz/tests/fuzz/fuzz-frontend -max_total_time=300 tests/fuzz/corpus
 */
#include <stdint.h>

#include "gml-ast-private.h"
#include "gml-parser.h"

typedef struct
{
  const char  *source;
  gsize        len;
  GmlArena    *arena;
  GmlDiagList *diags;
  GmlNode     *file;
} Input;

typedef gboolean (*Stage) (Input *in);

static gboolean
stage_parse (Input *in)
{
  in->file = gml_parse_file (in->arena, "fuzz.go", in->source, in->len, in->diags);
  g_assert (gml_diag_list_len (in->diags) <= GML_MAX_ERRORS);
  g_assert (in->file != NULL || gml_diag_list_len (in->diags) > 0);
  return in->file != NULL;
}

static void
spell_cb (GmlNode    *node,
          const char *label,
          int         index,
          gpointer    data)
{
  g_autofree char *s = gml_node_expr_string (node);
  g_autofree char *t = gml_node_syntax_string (node);

  g_assert (s != NULL && t != NULL);
  g_assert (gml_pos_is_valid (gml_node_start_pos (node)) || node->kind == GML_NODE_FILE);
  gml_node_foreach_child (node, spell_cb, data);
}

/* The tree helpers must cope with any tree the parser builds, including
 * the partial trees it returns after errors. */
static gboolean
stage_tree_helpers (Input *in)
{
  g_autofree char *dump = gml_node_dump (in->file);

  g_assert (g_str_has_prefix (dump, "File "));
  gml_node_foreach_child (in->file, spell_cb, NULL);
  return gml_diag_list_n_errors (in->diags) == 0;
}

/* The whole loader: prelude, parse, type check. */
static gboolean
stage_load (Input *in)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlProgram) prog = gml_program_load ("fuzz.go", in->source, in->len, diags);

  g_assert ((prog == NULL) == (gml_diag_list_n_errors (diags) > 0));
  g_assert (gml_diag_list_len (diags) <= GML_MAX_ERRORS);
  return prog != NULL;
}

static const Stage stages[] = {
  stage_parse,
  stage_tree_helpers,
  stage_load,
};

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Input in = { (const char *) data, size, gml_arena_new (), gml_diag_list_new (), NULL };

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (!stages[i] (&in))
      break;

  gml_diag_list_free (in.diags);
  gml_arena_free (in.arena);
  return 0;
}
