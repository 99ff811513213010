/* test-types.c: canonical types, amd64 layout, Go's spelling, lookup. */
#include "gml-types.h"

#include <string.h>

typedef struct
{
  GmlArena     *arena;
  GmlTypeTable *tt;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->arena = gml_arena_new ();
  f->tt = gml_type_table_new (f->arena);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gml_type_table_free (f->tt);
  gml_arena_free (f->arena);
}

static GmlType *
basic (Fixture *f, GmlTypeKind k)
{
  return gml_type_basic (f->tt, k);
}

static void
test_canonical (Fixture *f, gconstpointer data)
{
  GmlType *i = basic (f, GML_TYPE_INT);
  GmlType *params[] = { i, gml_type_slice (f->tt, basic (f, GML_TYPE_STRING)) };

  g_assert_true (gml_type_slice (f->tt, i) == gml_type_slice (f->tt, i));
  g_assert_true (gml_type_map (f->tt, basic (f, GML_TYPE_STRING), i)
                 == gml_type_map (f->tt, basic (f, GML_TYPE_STRING), i));
  g_assert_false (gml_type_array (f->tt, i, 3) == gml_type_array (f->tt, i, 4));
  g_assert_true (gml_type_func (f->tt, params, 2, &i, 1, TRUE)
                 == gml_type_func (f->tt, params, 2, &i, 1, TRUE));
  g_assert_false (gml_type_func (f->tt, params, 2, &i, 1, TRUE)
                  == gml_type_func (f->tt, params, 2, &i, 1, FALSE));
}

/* Sizes and offsets checked against Go 1.19's unsafe.Sizeof/Offsetof. */
static void
test_layout (Fixture *f, gconstpointer data)
{
  const char *names[] = { "A", "B", "C", "D" };
  GmlField fields[4] = { 0 };
  GmlType *t;

  /* struct { A bool; B int64; C int16; D string } : offsets 0 8 16 24, size 40 */
  fields[0].type = basic (f, GML_TYPE_BOOL);
  fields[1].type = basic (f, GML_TYPE_INT64);
  fields[2].type = basic (f, GML_TYPE_INT16);
  fields[3].type = basic (f, GML_TYPE_STRING);
  for (guint i = 0; i < 4; i++)
    {
      fields[i].name = gml_arena_intern (f->arena, names[i]);
      fields[i].exported = TRUE;
    }
  t = gml_type_struct (f->tt, fields, 4);
  g_assert_cmpint (gml_type_size (t), ==, 40);
  g_assert_cmpint (t->u.strukt.fields[3].offset, ==, 24);
  g_assert_cmpint (t->u.strukt.fields[2].offset, ==, 16);

  /* struct { A int32; B struct{} } ends in a zero-size field: size 8 */
  fields[0].type = basic (f, GML_TYPE_INT32);
  fields[1].type = gml_type_struct (f->tt, NULL, 0);
  t = gml_type_struct (f->tt, fields, 2);
  g_assert_cmpint (gml_type_size (t), ==, 8);

  g_assert_cmpint (gml_type_size (gml_type_array (f->tt, basic (f, GML_TYPE_UINT16), 5)), ==, 10);
  g_assert_cmpint (gml_type_size (gml_type_empty_interface (f->tt)), ==, 16);
  g_assert_cmpint (gml_type_size (gml_type_slice (f->tt, basic (f, GML_TYPE_INT))), ==, 24);
}

static void
test_ptrmask (Fixture *f, gconstpointer data)
{
  GmlField fields[3] = { 0 };
  const guint8 *mask;
  GmlType *t;

  /* struct { int; *int; string } -> words: 0 ptr(1) str.ptr(2) str.len(3) */
  fields[0].type = basic (f, GML_TYPE_INT);
  fields[1].type = gml_type_pointer (f->tt, basic (f, GML_TYPE_INT));
  fields[2].type = basic (f, GML_TYPE_STRING);
  fields[0].name = gml_arena_intern (f->arena, "a");
  fields[1].name = gml_arena_intern (f->arena, "b");
  fields[2].name = gml_arena_intern (f->arena, "c");
  t = gml_type_struct (f->tt, fields, 3);
  g_assert_cmpuint (gml_type_ptrmask (f->tt, t, &mask), ==, 4);
  g_assert_cmpuint (mask[0], ==, 0x6);
}

static void
test_spelling (Fixture *f, gconstpointer data)
{
  GmlType *i = basic (f, GML_TYPE_INT);
  GmlType *s = basic (f, GML_TYPE_STRING);
  GmlType *params[] = { i, gml_type_slice (f->tt, s) };
  g_autofree char *a = gml_type_string (gml_type_map (f->tt, s, gml_type_slice (f->tt, i)), GML_TYPE_STRING_QUALIFIED);
  g_autofree char *b = gml_type_string (gml_type_func (f->tt, params, 2, &s, 1, TRUE), GML_TYPE_STRING_QUALIFIED);
  g_autofree char *c = gml_type_string (gml_type_chan (f->tt, GML_CHAN_RECV, i), GML_TYPE_STRING_QUALIFIED);
  g_autofree char *d = gml_type_string (gml_type_empty_interface (f->tt), GML_TYPE_STRING_QUALIFIED);

  g_assert_cmpstr (a, ==, "map[string][]int");
  g_assert_cmpstr (b, ==, "func(int, ...string) string");
  g_assert_cmpstr (c, ==, "<-chan int");
  g_assert_cmpstr (d, ==, "interface {}");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/engine/types/canonical", Fixture, NULL, fixture_setup, test_canonical, fixture_teardown);
  g_test_add ("/engine/types/layout", Fixture, NULL, fixture_setup, test_layout, fixture_teardown);
  g_test_add ("/engine/types/ptrmask", Fixture, NULL, fixture_setup, test_ptrmask, fixture_teardown);
  g_test_add ("/engine/types/spelling", Fixture, NULL, fixture_setup, test_spelling, fixture_teardown);
  return g_test_run ();
}
