/* fuzz-scenario.c: libFuzzer target for scenario files.
 *
 * Arbitrary bytes go through the JSON reader, the markup parser and the
 * whole scenario loader (which compiles inline programs and checks the
 * scenario against them).  A scenario that loads must save and load back
 * to the same text.  Program files are refused (no folder), so the fuzzer
 * never touches the file system.
 *
 *   meson setup build-fuzz -Dengine_only=true -Dfuzzing=true  (with CC=clang)
 *   build-fuzz/tests/fuzz/fuzz-scenario -dict=tests/fuzz/scenario.dict tests/fuzz/corpus-scenario
 */
#include <stdint.h>
#include <string.h>

#include "gml-json.h"
#include "gml-markup.h"
#include "gml-scenario.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
fuzz_json (const char *text,
           gsize       len)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlJson *root = gml_json_parse (arena, text, len, "fuzz.json", diags);

  /* Either a tree, or exactly one syntax error (plus duplicates before it). */
  g_assert (root != NULL || gml_diag_list_n_errors (diags) > 0);
  if (root != NULL && root->kind == GML_JSON_STRING)
    for (gsize i = 0; i <= root->u.str.len + 1; i++)
      g_assert (gml_json_string_pos (root, i).line == root->pos.line);
}

static void
fuzz_markup (const char *text,
             gsize       len)
{
  g_autofree char *s = g_strndup (text, len);
  g_autofree char *message = NULL;
  g_autofree char *plain = gml_markup_to_plain (s);
  gsize offset = 0;
  GArray *spans = gml_markup_parse (s, &offset, &message);

  if (spans == NULL)
    g_assert (message != NULL && offset <= strlen (s));
  else
    g_array_unref (spans);
  g_assert (plain != NULL);
}

static void
fuzz_scenario (const char *text,
               gsize       len)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = gml_scenario_load_data (text, len, "fuzz.json", NULL, diags);
  g_autoptr (GmlDiagList) again_diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert ((sc == NULL) == (gml_diag_list_n_errors (diags) > 0));
  if (sc == NULL)
    return;
  first = gml_scenario_to_json (sc, NULL);
  again = gml_scenario_load_data (first, strlen (first), "fuzz.json", NULL, again_diags);
  g_assert (again != NULL);
  second = gml_scenario_to_json (again, NULL);
  g_assert (strcmp (first, second) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;

  fuzz_json (text, size);
  fuzz_markup (text, size);
  fuzz_scenario (text, size);
  return 0;
}
