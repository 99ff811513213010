/* test-arena.c: the arena and the diagnostics list. */
#include "gml-arena.h"
#include "gml-diag.h"

#include <string.h>

static void
test_arena_intern (void)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();
  const char *a = gml_arena_intern (arena, "main");
  const char *b = gml_arena_intern_len (arena, "mainly", 4);

  g_assert_true (a == b);
  g_assert_cmpstr (a, ==, "main");
  g_assert_false (a == gml_arena_intern (arena, "fmt"));
}

static void
test_arena_alloc (void)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();

  for (guint i = 0; i < 10000; i++)
    {
      guint8 *p = gml_arena_alloc (arena, i % 300);

      g_assert_cmpuint ((gsize) p % 16, ==, 0);
      for (guint j = 0; j < i % 300; j++)
        g_assert_cmpuint (p[j], ==, 0);
      memset (p, 0xff, i % 300);
    }
  g_assert_nonnull (gml_arena_alloc (arena, 1 << 20));
}

static void
test_diag_sort_format (void)
{
  g_autoptr (GmlDiagList) list = gml_diag_list_new ();
  g_autofree char *text = NULL;

  gml_diag_list_add (list, GML_DIAG_ERROR, "prog.go", (GmlPos) { 7, 2 }, "undefined: %s", "y");
  gml_diag_list_add (list, GML_DIAG_ERROR, "prog.go", (GmlPos) { 3, 8 }, "imported and not used: \"fmt\"");
  gml_diag_list_sort (list);
  text = gml_diag_list_format (list);
  g_assert_cmpstr (text, ==,
                   "prog.go:3:8: imported and not used: \"fmt\"\n"
                   "prog.go:7:2: undefined: y\n");
  g_assert_cmpuint (gml_diag_list_n_errors (list), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/arena/intern", test_arena_intern);
  g_test_add_func ("/engine/arena/alloc", test_arena_alloc);
  g_test_add_func ("/engine/diag/sort-format", test_diag_sort_format);
  return g_test_run ();
}
