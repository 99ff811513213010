/* test-parser.c: the Go parser.
 *
 * Golden trees:  tests/parse/NAME.go parses without errors into the tree
 *                dumped in NAME.ast (GML_UPDATE_GOLDEN=1 rewrites them);
 * golden errors: tests/parse-errors/NAME.go gives the first error (after
 *                sorting, as Go prints them) written in NAME.err, taken from
 *                the Go 1.19 compiler (or, for "...not supported by the
 *                simulator", from the simulator's spec);
 * corpus:        every program in the shared corpus parses, and every
 *                position its -m diagnostics mention is a node position.
 */
#include "gml-ast-private.h"
#include "gml-parser.h"

#include <string.h>

static GmlNode *
parse (GmlArena    *arena,
       const char  *src,
       GmlDiagList *diags)
{
  return gml_parse_file (arena, "prog.go", src, strlen (src), diags);
}

static char *
first_error (const char *src)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();

  parse (arena, src, diags);
  gml_diag_list_sort (diags);
  if (gml_diag_list_len (diags) == 0)
    return NULL;
  return gml_diag_format (gml_diag_list_get (diags, 0));
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The .go files of a test data folder, sorted. */
static GPtrArray *
list_go_files (const char *dir)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return files;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".go"))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (files, compare_paths);
  return files;
}

static char *
replace_suffix (const char *path,
                const char *suffix)
{
  g_autofree char *base = g_strndup (path, strlen (path) - 3);

  return g_strconcat (base, suffix, NULL);
}

/* ------------------------------------------------------------------ */
/* Golden files                                                        */

static void
test_parser_golden (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "parse", NULL);
  g_autoptr (GPtrArray) files = list_go_files (dir);
  gboolean update = g_getenv ("GML_UPDATE_GOLDEN") != NULL;

  g_assert_cmpuint (files->len, >, 0);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *ast_path = replace_suffix (path, ".ast");
      g_autofree char *src = NULL, *want = NULL, *got = NULL, *errs = NULL;
      g_autofree char *name = g_path_get_basename (path);
      g_autoptr (GmlArena) arena = gml_arena_new ();
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
      gsize len;
      GmlNode *file;

      g_assert_true (g_file_get_contents (path, &src, &len, NULL));
      file = gml_parse_file (arena, name, src, len, diags);
      errs = gml_diag_list_format (diags);
      g_assert_cmpstr (errs, ==, "");
      g_assert_nonnull (file);
      got = gml_node_dump (file);
      if (update)
        g_assert_true (g_file_set_contents (ast_path, got, -1, NULL));
      g_assert_true (g_file_get_contents (ast_path, &want, NULL, NULL));
      if (g_strcmp0 (got, want) != 0)
        g_test_message ("%s differs from its golden dump", name);
      g_assert_cmpstr (got, ==, want);
    }
}

static void
test_parser_errors (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "parse-errors", NULL);
  g_autoptr (GPtrArray) files = list_go_files (dir);

  g_assert_cmpuint (files->len, >, 0);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *err_path = replace_suffix (path, ".err");
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *src = NULL, *want = NULL, *got = NULL;
      g_autoptr (GmlArena) arena = gml_arena_new ();
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
      gsize len;

      g_assert_true (g_file_get_contents (path, &src, &len, NULL));
      g_assert_true (g_file_get_contents (err_path, &want, NULL, NULL));
      g_strchomp (want);
      gml_parse_file (arena, name, src, len, diags);
      g_assert_cmpuint (gml_diag_list_len (diags), >, 0);
      g_assert_cmpuint (gml_diag_list_len (diags), <=, GML_MAX_ERRORS);
      gml_diag_list_sort (diags);
      got = gml_diag_format (gml_diag_list_get (diags, 0));
      g_assert_cmpstr (got, ==, want);
    }
}

/* ------------------------------------------------------------------ */
/* The corpus                                                          */

static char *
corpus_dir (void)
{
  const char *env = g_getenv ("GML_CORPUS_DIR");

  if (env != NULL)
    return g_strdup (env);
  return g_test_build_filename (G_TEST_DIST, "..", "..", "shared", "corpus", NULL);
}

typedef struct
{
  GHashTable *positions;  /* "L:C" set */
} PosSet;

static void
collect_pos_cb (GmlNode    *node,
                const char *label,
                int         index,
                gpointer    data)
{
  PosSet *set = data;

  g_hash_table_add (set->positions,
                    g_strdup_printf ("%u:%u", node->pos.line, node->pos.col));
  gml_node_foreach_child (node, collect_pos_cb, data);
}

/* Every line:col that the Go compiler's -m output names must be the
 * position of some node: escape analysis reports at node positions. */
static void
check_escape_positions (GmlNode    *file,
                        const char *escape_path)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  PosSet set = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };

  if (!g_file_get_contents (escape_path, &text, NULL, NULL))
    return;
  gml_node_foreach_child (file, collect_pos_cb, &set);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (lines[i], ":", 4);
      g_autofree char *pos = NULL;

      if (g_strv_length (parts) < 4)
        continue;
      pos = g_strdup_printf ("%s:%s", parts[1], parts[2]);
      if (!g_hash_table_contains (set.positions, pos))
        g_test_message ("no node at %s", lines[i]);
      g_assert_true (g_hash_table_contains (set.positions, pos));
    }
  g_hash_table_unref (set.positions);
}

static void
test_parser_corpus (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autoptr (GPtrArray) files = list_go_files (dir);

  if (files->len == 0)
    {
      g_test_skip ("no corpus (set GML_CORPUS_DIR)");
      return;
    }
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *escape = replace_suffix (path, ".escape");
      g_autofree char *src = NULL, *errs = NULL;
      g_autoptr (GmlArena) arena = gml_arena_new ();
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
      gsize len;
      GmlNode *file;

      g_assert_true (g_file_get_contents (path, &src, &len, NULL));
      file = gml_parse_file (arena, name, src, len, diags);
      errs = gml_diag_list_format (diags);
      g_assert_cmpstr (errs, ==, "");
      g_assert_nonnull (file);
      check_escape_positions (file, escape);
    }
}

/* ------------------------------------------------------------------ */
/* Expressions: Go's -m spelling and positions                         */

static void
test_parser_expr_string (void)
{
  /* As cmd/compile prints them in -m diagnostics (see the corpus). */
  static const struct { const char *src, *want; } cases[] = {
    { "p.Name", "p.Name" },
    { "&User{Name: \"x\"}", "&User{...}" },
    { "&[2]int{a, b}", "&[2]int{...}" },
    { "&Empty{}", "&Empty{}" },
    { "new(int)", "new(int)" },
    { "make([]byte, limit+1)", "make([]byte, limit + 1)" },
    { "make(map[int]*Item)", "make(map[int]*Item)" },
    { "[]string{\"a\"}", "[]string{...}" },
    { "map[string]map[string]int{}", "map[string]map[string]int{}" },
    { "[]struct{ X int }{{1}}", "[]struct { X int }{...}" },
    { "[]struct {name string; qty int}{}", "[]struct { name string; qty int }{}" },
    { "\"hello, \" + first + \" \" + last", "\"hello, \" + first + \" \" + last" },
    { "len(slowJoin(50))", "len(slowJoin(50))" },
    { "func() {}", "func literal" },
    { "<-closed", "<-closed" },
    { "*c", "*c" },
    { "*cart.Owner", "*cart.Owner" },
    { "[]byte(s)", "([]byte)(s)" },
    { "len([]rune(s))", "len(([]rune)(s))" },
    { "string(rune('a' + i))", "string(rune('a' + i))" },
    { "(i + 1) * size", "(i + 1) * size" },
    { "((a)) + (b)", "a + b" },
    { "a * (b + c)", "a * (b + c)" },
    { "(a * b) + c", "a * b + c" },
    { "a - (b - c)", "a - (b - c)" },
    { "(a - b) - c", "a - b - c" },
    { "-(-x)", "- (-x)" },
    { "-(+x)", "-(+x)" },
    { "!(a && b)", "!(a && b)" },
    { "s[1:3]", "s[1:3]" },
    { "s[:2]", "s[:2]" },
    { "s[1:2:3]", "s[1:2:3]" },
    { "s[:]", "s[:]" },
    { "byID[2].Price", "byID[2].Price" },
    { "x.(*Rect)", "x.(*Rect)" },
    { "(*T)(p)", "(*T)(p)" },
    { "(*p).x", "(*p).x" },
    { "f(xs...)", "f(xs...)" },
    { "append(a, b...)", "append(a, b...)" },
    { "uint64(1) << 63", "uint64(1) << 63" },
    { "1 / zero > 1e308", "1 / zero > 1e308" },
    { "0x4E16", "0x4E16" },
    { "'x'", "'x'" },
    { "`raw`", "`raw`" },
    { "visited[Point{1, 2}]", "visited[Point{...}]" },
    { "map[string]interface{}{}", "map[string]interface {}{}" },
    { "[]func(int) (int, error){}", "[]func(int) (int, error){}" },
    { "[]func(a, b int) string{}", "[]func(int, int) string{}" },
    { "[]chan<- int{}", "[]chan<- int{}" },
    { "[]<-chan int{}", "[]<-chan int{}" },
    { "[]chan (<-chan int){}", "[]chan (<-chan int){}" },
    { "[]interface{ M() int }{}", "[]interface { M() int }{}" },
    { "[...]int{1}", "[...]int{...}" },
    { "[]struct{ A int `json:\"a\"` }{}", "[]struct { A int \"json:\\\"a\\\"\" }{}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GmlArena) arena = gml_arena_new ();
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
      const char *src = cases[i].src;
      GmlNode *x = gml_parse_expr (arena, "x.go", src, strlen (src), diags);
      g_autofree char *got = NULL;

      g_assert_nonnull (x);
      got = gml_node_expr_string (x);
      g_assert_cmpstr (got, ==, cases[i].want);
    }
}

static GmlNode *
parse_expr (GmlArena   *arena,
            const char *src)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlNode *x = gml_parse_expr (arena, "x.go", src, strlen (src), diags);

  g_assert_nonnull (x);
  return x;
}

static void
assert_pos (GmlPos pos,
            guint  line,
            guint  col)
{
  g_assert_cmpuint (pos.line, ==, line);
  g_assert_cmpuint (pos.col, ==, col);
}

static void
test_parser_positions (void)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();
  GmlNode *x;

  /* binary at the operator, start at the leftmost token */
  x = parse_expr (arena, "a.b + c*d");
  assert_pos (x->pos, 1, 5);
  assert_pos (gml_node_start_pos (x), 1, 1);
  assert_pos (x->u.binary.y->pos, 1, 8);
  /* call at '(', selector at '.', index at '[' */
  x = parse_expr (arena, "fmt.Println(xs[0])");
  assert_pos (x->pos, 1, 12);
  assert_pos (x->u.call.fun->pos, 1, 4);
  assert_pos (x->u.call.args.items[0]->pos, 1, 15);
  /* &T{} at '&', the literal at '{', key:value at ':' */
  x = parse_expr (arena, "&T{a: 1}");
  assert_pos (x->pos, 1, 1);
  assert_pos (x->u.unary.x->pos, 1, 3);
  assert_pos (gml_node_start_pos (x->u.unary.x), 1, 2);
  assert_pos (x->u.unary.x->u.composite.elts.items[0]->pos, 1, 5);
  /* &(T{}) drops the parentheses, as Go does */
  x = parse_expr (arena, "&(T{})");
  g_assert_cmpint (x->u.unary.x->kind, ==, GML_NODE_COMPOSITE_LIT);
  /* func literal at 'func', its type at '(' */
  x = parse_expr (arena, "func(x int) {}");
  assert_pos (x->pos, 1, 1);
  assert_pos (x->u.func_lit.type->pos, 1, 5);
  /* type assertion and slices */
  x = parse_expr (arena, "v.(T)[1:2]");
  assert_pos (x->pos, 1, 6);
  assert_pos (x->u.slice.x->pos, 1, 2);
  /* ends */
  x = parse_expr (arena, "f(a,\n  b)");
  assert_pos (x->end, 2, 5);
  assert_pos (x->u.call.rparen, 2, 4);
}

static void
test_parser_chan_types (void)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();
  GmlNode *x;

  /* <-chan int(ch) is a receive from a conversion, as the spec says;
   * (<-chan int)(ch) is a conversion to a receive-only channel type. */
  x = parse_expr (arena, "<-chan int(ch)");
  g_assert_cmpint (x->kind, ==, GML_NODE_UNARY);
  g_assert_cmpint (x->u.unary.x->kind, ==, GML_NODE_CALL);
  g_assert_cmpint (x->u.unary.x->u.call.fun->u.chan_type.dir, ==, GML_CHAN_BOTH);
  x = parse_expr (arena, "(<-chan int)(ch)");
  g_assert_cmpint (x->kind, ==, GML_NODE_CALL);
  x = gml_node_unparen (x->u.call.fun);
  g_assert_cmpint (x->kind, ==, GML_NODE_CHAN_TYPE);
  g_assert_cmpint (x->u.chan_type.dir, ==, GML_CHAN_RECV);
  /* <-chan <-chan T re-associates; chan<- chan T nests as written */
  x = parse_expr (arena, "[]chan<- chan int{}");
  x = x->u.composite.type->u.array_type.elem;
  g_assert_cmpint (x->u.chan_type.dir, ==, GML_CHAN_SEND);
  g_assert_cmpint (x->u.chan_type.elem->u.chan_type.dir, ==, GML_CHAN_BOTH);
  x = parse_expr (arena, "[]<-chan <-chan int{}");
  x = x->u.composite.type->u.array_type.elem;
  g_assert_cmpint (x->u.chan_type.dir, ==, GML_CHAN_RECV);
  g_assert_cmpint (x->u.chan_type.elem->u.chan_type.dir, ==, GML_CHAN_RECV);
  /* <-<-ch is two receives */
  x = parse_expr (arena, "<-<-ch");
  g_assert_cmpint (x->kind, ==, GML_NODE_UNARY);
  g_assert_cmpint (x->u.unary.x->kind, ==, GML_NODE_UNARY);
}

/* ------------------------------------------------------------------ */
/* Declarations, directives, recovery, robustness                      */

static void
test_parser_directives (void)
{
  const char *src =
    "//go:build ignore\n"
    "\n"
    "package p\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "//go:noinline\n"
    "//gml:escape p=content\n"
    "func a(p *int) *int\n"
    "\n"
    "// A doc comment.\n"
    "func b() {\n"
    "\t//go:inside the body is not for c\n"
    "\tfmt.Println()\n"
    "}\n"
    "\n"
    "//go:for-the-var\n"
    "var v int\n"
    "\n"
    "func c() {}\n";
  g_autoptr (GmlArena) arena = gml_arena_new ();
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlNode *file = parse (arena, src, diags);
  GmlNodeList decls;

  g_assert_cmpuint (gml_diag_list_len (diags), ==, 0);
  decls = file->u.file.decls;
  g_assert_cmpuint (decls.len, ==, 5);
  g_assert_cmpstr (decls.items[1]->u.func_decl.directives, ==,
                   "//go:noinline\n//gml:escape p=content");
  g_assert_null (decls.items[1]->u.func_decl.body);
  g_assert_null (decls.items[2]->u.func_decl.directives);
  g_assert_null (decls.items[4]->u.func_decl.directives);
}

static void
test_parser_iota (void)
{
  const char *src =
    "package p\n"
    "const (\n\tA = iota\n\tB\n\t_\n\tD\n)\n"
    "const E = iota\n";
  g_autoptr (GmlArena) arena = gml_arena_new ();
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlNode *file = parse (arena, src, diags);
  GmlNode *group = file->u.file.decls.items[0];

  g_assert_cmpuint (group->u.gen_decl.specs.len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (group->u.gen_decl.specs.items[i]->u.value_spec.iota, ==, i);
  g_assert_cmpuint (group->u.gen_decl.specs.items[1]->u.value_spec.values.len, ==, 0);
  g_assert_cmpint (file->u.file.decls.items[1]->u.gen_decl.specs.items[0]->u.value_spec.iota, ==, 0);
}

static void
test_parser_max_errors (void)
{
  GString *src = g_string_new ("package p\nfunc f() {\n");
  g_autoptr (GmlArena) arena = gml_arena_new ();
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();

  for (guint i = 0; i < 50; i++)
    g_string_append (src, "\tx := )\n");
  g_string_append (src, "}\n");
  parse (arena, src->str, diags);
  g_assert_cmpuint (gml_diag_list_len (diags), ==, GML_MAX_ERRORS);
  g_string_free (src, TRUE);
}

static void
test_parser_one_error_per_line (void)
{
  g_autofree char *err = NULL;
  g_autoptr (GmlArena) arena = gml_arena_new ();
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();

  parse (arena, "package p\nfunc f() { x := ) ) ) }\n", diags);
  g_assert_cmpuint (gml_diag_list_len (diags), ==, 1);
  err = first_error ("package p\nfunc f() { x := ) }\n");
  g_assert_cmpstr (err, ==, "prog.go:2:17: syntax error: unexpected ), expecting expression");
}

static void
test_parser_package_errors (void)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autofree char *err = NULL;

  /* A broken package clause gives no tree, only the error. */
  g_assert_null (parse (arena, "", diags));
  g_assert_cmpuint (gml_diag_list_len (diags), ==, 1);
  err = gml_diag_format (gml_diag_list_get (diags, 0));
  g_assert_cmpstr (err, ==, "prog.go:1:1: syntax error: package statement must be first");
  g_assert_null (parse (arena, "package\n", diags));
}

static void
assert_deep_input_fails (const char *prefix,
                         const char *unit,
                         const char *middle,
                         const char *close,
                         const char *suffix)
{
  GString *src = g_string_new (prefix);
  g_autoptr (GmlArena) arena = gml_arena_new ();
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autofree char *errs = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (src, unit);
  g_string_append (src, middle);
  for (guint i = 0; i < 100000 && close[0] != '\0'; i++)
    g_string_append (src, close);
  g_string_append (src, suffix);
  parse (arena, src->str, diags);
  errs = gml_diag_list_format (diags);
  g_assert_nonnull (strstr (errs, "nesting deeper than 1000 levels is not supported by the simulator"));
  g_assert_cmpuint (gml_diag_list_len (diags), <=, GML_MAX_ERRORS);
  g_string_free (src, TRUE);
}

static void
test_parser_deep_nesting (void)
{
  assert_deep_input_fails ("package p\nvar x = ", "(", "1", ")", "\n");
  assert_deep_input_fails ("package p\nvar x = ", "- ", "1", "", "\n");
  assert_deep_input_fails ("package p\nvar x = ", "<-", "c", "", "\n");
  assert_deep_input_fails ("package p\nvar x = ", "[]T{", "", "}", "\n");
  assert_deep_input_fails ("package p\nvar x = T", "{", "", "}", "\n");
  assert_deep_input_fails ("package p\nvar x ", "*", "int", "", "\n");
  assert_deep_input_fails ("package p\nvar x ", "[]", "int", "", "\n");
  assert_deep_input_fails ("package p\nvar x ", "func(", "", ")", "\n");
  assert_deep_input_fails ("package p\nfunc f() ", "{", "", "}", "\n");
  assert_deep_input_fails ("package p\nfunc f() {", "if x {} else ", "{}", "", "}\n");
  assert_deep_input_fails ("package p\nvar x = ", "func() {", "", "}", "\n");
  assert_deep_input_fails ("package p\nfunc f() {", "L: ", "", "", "}\n");
  assert_deep_input_fails ("package p\nvar x ", "struct { a ", "int", "}", "\n");
  assert_deep_input_fails ("package p\nvar x ", "map[int]", "int", "", "\n");
  assert_deep_input_fails ("package p\nvar x ", "chan ", "int", "", "\n");

  /* just under the limit is fine */
  {
    GString *src = g_string_new ("package p\nvar x = ");
    g_autoptr (GmlArena) arena = gml_arena_new ();
    g_autoptr (GmlDiagList) diags = gml_diag_list_new ();

    for (guint i = 0; i < 300; i++)
      g_string_append (src, "(");
    g_string_append (src, "1");
    for (guint i = 0; i < 300; i++)
      g_string_append (src, ")");
    g_assert_nonnull (parse (arena, src->str, diags));
    g_assert_cmpuint (gml_diag_list_len (diags), ==, 0);
    g_string_free (src, TRUE);
  }
}

static void
test_parser_type_guard (void)
{
  g_autofree char *err = first_error ("package p\nfunc f(x any) {\n\ty := x.(type)\n\t_ = y\n}\n");

  g_assert_cmpstr (err, ==, "prog.go:3:7: invalid AST: use of .(type) outside type switch");
}

static void
spell_all_cb (GmlNode    *node,
              const char *label,
              int         index,
              gpointer    data)
{
  g_autofree char *a = gml_node_expr_string (node);
  g_autofree char *b = gml_node_syntax_string (node);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (gml_pos_is_valid (gml_node_start_pos (node)));
  gml_node_foreach_child (node, spell_all_cb, data);
}

/* Every helper copes with every tree the parser returns, including
 * partial trees after errors (inputs found by fuzzing). */
static void
exercise_helpers (const char *src,
                  gsize       len)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlNode *file = gml_parse_file (arena, "r.go", src, len, diags);
  g_autofree char *dump = NULL;

  if (file == NULL)
    return;
  dump = gml_node_dump (file);
  g_assert_true (g_str_has_prefix (dump, "File "));
  gml_node_foreach_child (file, spell_all_cb, NULL);
}

static void
test_parser_regressions (void)
{
  static const char *inputs[] = {
    /* unterminated raw string as a struct tag */
    "package p\ntype T struct{ a int `",
    "package p\ntype T struct{ a int 1 }\nvar x = []T{}",
    "package p\nvar x = []struct{ a int \"t\" }{}",
    "package p\nvar x = f(1, (<-chan int)(nil), <-<-c, x.(type), T{}, func(){})",
    "package p\nfunc f() { if x := ",
    "package p\nfunc f() { switch x := y.(type) { case",
    "package p\nfunc f() { for a, b, c := range x {} }",
    "package p\nvar x = map[[]int]chan<- <-chan func(...int) (a, b int){}",
    "package p\nfunc (",
    "package p\ntype T[",
    "package p\ntype T[P",
    "package p\ntype T[P *",
    "package p\nfunc f[",
    "package p\nvar _ = x[1:2:]",
    "package p\nvar _ = struct{ *(T) }{}",
    "package p\ntype I interface{ ~int | ",
    "package p\ntype I interface{ m[] }",
    "package p\nimport . \n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    exercise_helpers (inputs[i], strlen (inputs[i]));
}

/* Random mutations of the golden programs never crash, hang or leak and
 * always give a bounded number of errors. */
static void
test_parser_mutations (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "parse", NULL);
  g_autoptr (GPtrArray) files = list_go_files (dir);
  GRand *rand = g_rand_new_with_seed (7);
  static const char *snippets[] = {
    "{", "}", "(", ")", "[", "]", ";", "\n", ",", ":", ":=", "...", "<-",
    "func", "chan", "type", "struct", "interface", "go", "case", "\"", "'",
    "`", "/*", "//", "0x", "1e", ".", "*", "&", "~", "[T any]", "\xff", "\0",
  };

  for (guint n = 0; n < 3000; n++)
    {
      g_autofree char *src = NULL;
      GString *s;
      gsize len;
      g_autoptr (GmlArena) arena = gml_arena_new ();
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();

      g_assert_true (g_file_get_contents (files->pdata[n % files->len], &src, &len, NULL));
      s = g_string_new_len (src, len);
      for (guint k = g_rand_int_range (rand, 1, 4); k > 0; k--)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) s->len + 1);
          gsize del = g_rand_int_range (rand, 1, 8);
          const char *snip = snippets[g_rand_int_range (rand, 0, G_N_ELEMENTS (snippets))];

          if (g_rand_boolean (rand))
            g_string_erase (s, at, MIN (del, s->len - at));
          else
            g_string_insert_len (s, at, snip, snip[0] == '\0' ? 1 : -1);
        }
      gml_parse_file (arena, "m.go", s->str, s->len, diags);
      g_assert_cmpuint (gml_diag_list_len (diags), <=, GML_MAX_ERRORS);
      if (n % 10 == 0)
        exercise_helpers (s->str, s->len);
      g_string_free (s, TRUE);
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/parser/golden", test_parser_golden);
  g_test_add_func ("/engine/parser/errors", test_parser_errors);
  g_test_add_func ("/engine/parser/corpus", test_parser_corpus);
  g_test_add_func ("/engine/parser/expr-string", test_parser_expr_string);
  g_test_add_func ("/engine/parser/positions", test_parser_positions);
  g_test_add_func ("/engine/parser/chan-types", test_parser_chan_types);
  g_test_add_func ("/engine/parser/directives", test_parser_directives);
  g_test_add_func ("/engine/parser/iota", test_parser_iota);
  g_test_add_func ("/engine/parser/max-errors", test_parser_max_errors);
  g_test_add_func ("/engine/parser/one-error-per-line", test_parser_one_error_per_line);
  g_test_add_func ("/engine/parser/package-errors", test_parser_package_errors);
  g_test_add_func ("/engine/parser/deep-nesting", test_parser_deep_nesting);
  g_test_add_func ("/engine/parser/type-guard", test_parser_type_guard);
  g_test_add_func ("/engine/parser/regressions", test_parser_regressions);
  g_test_add_func ("/engine/parser/mutations", test_parser_mutations);

  return g_test_run ();
}
