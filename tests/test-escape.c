/* test-escape.c: escape analysis against Go 1.19's compiler.
 *
 *   /engine/escape/golden/NAME   tests/escape/NAME.go gives exactly the
 *                                lines of NAME.escape, the output of
 *                                `go build -gcflags='-m -l'` (regenerate
 *                                with tests/escape/regen-goldens.sh);
 *   /engine/escape/corpus        the shared corpus' .escape files (the same
 *                                sets of distinct lines as check-corpus);
 *   /engine/escape/prelude-tags  the leak tags computed for the prelude
 *                                equal those of Go's own standard library
 *                                (tests/escape/prelude-tags.txt);
 *   /engine/escape/natives       //gml: directives on natives;
 *   /engine/escape/contract/..   what the compiler reads: GML_VAR_HEAP,
 *                                GML_VAR_BYREF, GmlNode.esc;
 *   /engine/escape/explain/..    plain-English explanations and the
 *                                per-line decisions for the UI;
 *   /engine/escape/robust        odd programs analyse without trouble.
 */
#include <string.h>

#include "gml-escape-private.h"
#include "gml-program.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static GmlProgram *
load_named (const char *name,
            const char *src,
            gsize       len)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlProgram *prog = gml_program_load (name, src, len, diags);

  if (prog == NULL)
    {
      g_autofree char *s = gml_diag_list_format (diags);

      g_error ("%s does not load:\n%s", name, s);
    }
  g_assert_true (prog->escape_analysed);
  return prog;
}

static GmlProgram *
load (const char *src)
{
  return load_named ("prog.go", src, strlen (src));
}

static int
strcmp_cb (gconstpointer a,
           gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The diagnostics as `sort` orders them in LC_ALL=C: byte order. */
static GPtrArray *
sorted_lines (GmlProgram *prog)
{
  g_autoptr (GmlDiagList) notes = gml_escape_diagnostics (prog);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < gml_diag_list_len (notes); i++)
    g_ptr_array_add (lines, gml_diag_format (gml_diag_list_get (notes, i)));
  g_ptr_array_sort (lines, strcmp_cb);
  return lines;
}

static GPtrArray *
file_lines (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, "\n", -1);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (lines, g_strdup (parts[i]));
  return lines;
}

static char *
join_lines (GPtrArray *lines)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (s, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (s, FALSE);
}

typedef struct
{
  GmlNodeKind kind;
  guint32     line, col;
  GmlNode    *found;
} FindCtx;

static void
find_cb (GmlNode    *node,
         const char *label,
         int         index,
         gpointer    data)
{
  FindCtx *f = data;

  if (f->found != NULL)
    return;
  if (node->kind == f->kind && node->pos.line == f->line && (f->col == 0 || node->pos.col == f->col))
    {
      f->found = node;
      return;
    }
  gml_node_foreach_child (node, find_cb, data);
}

/* The first node of a kind at line:col (col 0: anywhere on the line). */
static GmlNode *
find_node (GmlProgram  *prog,
           GmlNodeKind  kind,
           guint32      line,
           guint32      col)
{
  FindCtx f = { kind, line, col, NULL };

  gml_node_foreach_child (g_ptr_array_index (prog->main_pkg->files, 0), find_cb, &f);
  g_assert_nonnull (f.found);
  return f.found;
}

static GmlFunc *
find_func (GmlProgram *prog,
           const char *name)
{
  for (guint i = 0; i < prog->funcs->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (prog->funcs, i);

      if (strcmp (f->name, name) == 0)
        return f;
    }
  g_error ("no function %s", name);
  return NULL;
}

/* A parameter or local of a function, by name. */
static GmlObject *
find_var (GmlProgram *prog,
          const char *func,
          const char *name)
{
  GmlFunc *f = find_func (prog, func);
  GPtrArray *lists[] = { f->params, f->results, f->locals };

  if (f->recv != NULL && strcmp (f->recv->name, name) == 0)
    return f->recv;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        GmlObject *v = g_ptr_array_index (lists[l], i);

        if (strcmp (v->name, name) == 0)
          return v;
      }
  g_error ("no variable %s in %s", name, func);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Goldens                                                             */

static void
test_golden (gconstpointer data)
{
  const char *base = data;
  g_autofree char *go = g_strconcat (base, ".go", NULL);
  g_autofree char *esc = g_strconcat (base, ".escape", NULL);
  g_autofree char *go_path = g_test_build_filename (G_TEST_DIST, "escape", go, NULL);
  g_autofree char *esc_path = g_test_build_filename (G_TEST_DIST, "escape", esc, NULL);
  g_autofree char *src = NULL, *expected_text = NULL, *expected = NULL, *actual = NULL;
  g_autoptr (GmlProgram) prog = NULL;
  g_autoptr (GPtrArray) want = NULL, got = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (go_path, &src, &len, NULL));
  g_assert_true (g_file_get_contents (esc_path, &expected_text, NULL, NULL));
  prog = load_named (go, src, len);
  want = file_lines (expected_text);
  g_ptr_array_sort (want, strcmp_cb);
  got = sorted_lines (prog);
  expected = join_lines (want);
  actual = join_lines (got);
  g_assert_cmpstr (actual, ==, expected);
}

static void
add_golden_tests (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "escape", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".go"))
      g_ptr_array_add (names, g_strndup (name, strlen (name) - 3));
  g_ptr_array_sort (names, strcmp_cb);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/escape/golden/%s",
                                               (char *) g_ptr_array_index (names, i));

      g_test_add_data_func_full (path, g_strdup (g_ptr_array_index (names, i)), test_golden, g_free);
    }
}

/* ------------------------------------------------------------------ */
/* The shared corpus                                                   */

static char *
corpus_dir (void)
{
  const char *env = g_getenv ("GML_CORPUS_DIR");

  if (env != NULL)
    return g_strdup (env);
  return g_test_build_filename (G_TEST_DIST, "..", "..", "shared", "corpus", NULL);
}

/* The distinct lines, sorted. */
static GPtrArray *
distinct (GPtrArray *lines)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_sort (lines, strcmp_cb);
  for (guint i = 0; i < lines->len; i++)
    if (i == 0 || strcmp (g_ptr_array_index (lines, i), g_ptr_array_index (lines, i - 1)) != 0)
      g_ptr_array_add (out, g_strdup (g_ptr_array_index (lines, i)));
  return out;
}

static void
test_corpus (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    {
      g_test_skip ("no corpus (set GML_CORPUS_DIR)");
      return;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *base = NULL, *esc_path = NULL, *go_path = NULL;
      g_autofree char *src = NULL, *expected = NULL, *want_s = NULL, *got_s = NULL;
      g_autoptr (GPtrArray) want = NULL, got = NULL, all = NULL, lines = NULL;
      g_autoptr (GmlProgram) prog = NULL;
      gsize len;

      if (!g_str_has_suffix (name, ".go"))
        continue;
      base = g_strndup (name, strlen (name) - 3);
      esc_path = g_strdup_printf ("%s/%s.escape", dir, base);
      go_path = g_build_filename (dir, name, NULL);
      if (!g_file_get_contents (esc_path, &expected, NULL, NULL))
        continue;
      g_assert_true (g_file_get_contents (go_path, &src, &len, NULL));
      prog = load_named (name, src, len);
      lines = file_lines (expected);
      want = distinct (lines);
      all = sorted_lines (prog);
      got = distinct (all);
      want_s = join_lines (want);
      got_s = join_lines (got);
      g_assert_cmpstr (got_s, ==, want_s);
      n++;
    }
  g_test_message ("%u corpus programs", n);
}

/* ------------------------------------------------------------------ */
/* Prelude tags and natives                                            */

/* "pkg.Func param=tag" of every prelude parameter with pointers. */
static GHashTable *
computed_tags (GmlProgram *prog)
{
  GHashTable *tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < prog->funcs->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (prog->funcs, i);
      g_autofree char *t = NULL;
      g_auto (GStrv) words = NULL;

      if (!f->pkg->is_prelude || (t = esc_func_tags_string (f)) == NULL)
        continue;
      words = g_strsplit (t, " ", -1);
      for (guint j = 0; words[j] != NULL; j++)
        {
          char *eq = strchr (words[j], '=');

          if (eq == NULL)
            continue;
          *eq = '\0';
          g_hash_table_insert (tags, g_strdup_printf ("%s %s", f->name, words[j]), g_strdup (eq + 1));
        }
    }
  return tags;
}

static void
test_prelude_tags (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "escape", "prelude-tags.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GmlProgram) prog = load ("package main\n\nfunc main() {}\n");
  g_autoptr (GHashTable) tags = computed_tags (prog);
  g_autoptr (GPtrArray) lines = NULL;
  guint checked = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = file_lines (text);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *eq = strchr (line, '=');
      g_autofree char *key = NULL;
      const char *mine;

      g_assert_nonnull (eq);
      key = g_strndup (line, eq - line);
      /* Real tags of parameters whose type differs in the simulator
       * (none do today) would have no counterpart: those are skipped. */
      if ((mine = g_hash_table_lookup (tags, key)) == NULL)
        continue;
      if (g_strcmp0 (mine, eq + 1) != 0)
        g_error ("%s: Go's tag is %s, the analysis gives %s", key, eq + 1, mine);
      checked++;
    }
  g_assert_cmpuint (checked, >, 100);
  g_test_message ("%u prelude parameters agree with Go", checked);
}

static void
test_natives (void)
{
  g_autoptr (GmlProgram) prog = load ("package main\n\nfunc main() {}\n");
  struct { const char *func, *tags; } cases[] = {
    { "fmt.Println", "a=content" },
    { "fmt.Printf", "format=none a=content" },
    { "strings.unsafeString", "b=result:0" },
    { "strings.noescape", "b=none" },
    { "runtime.KeepAlive", "x=none" },
    { "runtime.SetFinalizer", "obj=heap finalizer=heap" },
    /* No directive: Go's rule for bodyless functions. */
    { "sync.(*Mutex).Lock", "m=heap" },
    { "sync.runtime_registerPool", "p=heap" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *t = esc_func_tags_string (find_func (prog, cases[i].func));

      g_assert_cmpstr (t, ==, cases[i].tags);
    }
}

/* ------------------------------------------------------------------ */
/* The compiler contract                                               */

static const char contract_src[] =
  "package main\n"                                              /* 1 */
  "\n"
  "import \"fmt\"\n"
  "\n"
  "type T struct{ n int }\n"                                    /* 5 */
  "\n"
  "var sink any\n"
  "\n"
  "func f(k int) (func() int, *T) {\n"
  "\tx := 1\n"                                                  /* 10 */
  "\ty := 2\n"
  "\tdefer func() { y++ }()\n"
  "\tbig := [200]byte{}\n"
  "\tg := func() int { return x + y + int(big[0]) }\n"
  "\tp := &T{k}\n"                                              /* 15 */
  "\tq := new(T)\n"
  "\tq.n = len([]int{1, 2}) + len(make([]int, k))\n"
  "\ts := \"a\"\n"
  "\ts += fmt.Sprint(k)\n"
  "\tsink = s + \"!\"\n"                                         /* 20 */
  "\tfmt.Println(q.n, p)\n"
  "\tdefer fmt.Println(1)\n"
  "\tfor i := 0; i < 2; i++ {\n"
  "\t\tdefer fmt.Println(i)\n"
  "\t}\n"                                                       /* 25 */
  "\tm := map[int]int{}\n"
  "\tm[1] = 2\n"
  "\tq.n += len([]byte(s))\n"
  "\treturn g, p\n"
  "}\n"                                                         /* 30 */
  "\n"
  "func main() {\n"
  "\tg, _ := f(3)\n"
  "\tprintln(g())\n"
  "}\n";                                                        /* 35 */

static void
test_contract_vars (void)
{
  g_autoptr (GmlProgram) prog = load (contract_src);
  GmlObject *x = find_var (prog, "main.f", "x");
  GmlObject *y = find_var (prog, "main.f", "y");
  GmlObject *big = find_var (prog, "main.f", "big");
  GmlObject *q = find_var (prog, "main.f", "q");

  /* x: small and never reassigned, captured by value: stays put. */
  g_assert_false (x->flags & GML_VAR_BYREF);
  g_assert_false (x->flags & GML_VAR_HEAP);
  /* y: assigned by another closure: by reference, and the returned
   * closure escapes, so y moves to the heap. */
  g_assert_true (y->flags & GML_VAR_BYREF);
  g_assert_true (y->flags & GML_VAR_HEAP);
  /* big: over 128 bytes, captured by reference. */
  g_assert_true (big->flags & GML_VAR_BYREF);
  g_assert_true (big->flags & GML_VAR_HEAP);
  g_assert_false (q->flags & GML_VAR_HEAP);
}

static void
assert_esc (GmlProgram  *prog,
            GmlNodeKind  kind,
            guint32      line,
            guint32      col,
            GmlEscape    want)
{
  GmlNode *n = find_node (prog, kind, line, col);

  if (n->esc != want)
    {
      g_autofree char *s = gml_node_expr_string (n);

      g_error ("%u:%u %s: esc %d, want %d", line, col, s, n->esc, want);
    }
}

static void
test_contract_sites (void)
{
  g_autoptr (GmlProgram) prog = load (contract_src);

  assert_esc (prog, GML_NODE_FUNC_LIT, 14, 7, GML_ESC_HEAP);       /* returned */
  assert_esc (prog, GML_NODE_UNARY, 15, 7, GML_ESC_HEAP);          /* &T{k}: returned */
  assert_esc (prog, GML_NODE_CALL, 16, 10, GML_ESC_STACK);         /* new(T) */
  assert_esc (prog, GML_NODE_COMPOSITE_LIT, 17, 17, GML_ESC_STACK);/* []int{1, 2} */
  assert_esc (prog, GML_NODE_CALL, 17, 35, GML_ESC_HEAP);          /* make([]int, k): size */
  assert_esc (prog, GML_NODE_ASSIGN_STMT, 19, 4, GML_ESC_HEAP);    /* s += ... */
  assert_esc (prog, GML_NODE_BINARY, 20, 11, GML_ESC_HEAP);        /* s + "!" into sink */
  assert_esc (prog, GML_NODE_CALL, 21, 13, GML_ESC_STACK);         /* Println's ... slice */
  assert_esc (prog, GML_NODE_DEFER_STMT, 22, 2, GML_ESC_STACK);    /* top-level defer */
  assert_esc (prog, GML_NODE_DEFER_STMT, 24, 3, GML_ESC_HEAP);     /* defer in a loop */
  assert_esc (prog, GML_NODE_COMPOSITE_LIT, 26, 18, GML_ESC_STACK);/* map literal */
  assert_esc (prog, GML_NODE_CALL, 28, 19, GML_ESC_STACK);         /* []byte(s) */

  /* Conversions to interfaces: q.n is boxed and Println keeps it; p is
   * pointer-shaped and needs no box. */
  {
    GmlNode *call = find_node (prog, GML_NODE_CALL, 21, 13);

    g_assert_true (call->u.call.args.items[0]->implicit);
    g_assert_cmpint (call->u.call.args.items[0]->esc, ==, GML_ESC_HEAP);
    g_assert_true (call->u.call.args.items[1]->implicit);
    g_assert_cmpint (call->u.call.args.items[1]->esc, ==, GML_ESC_STACK);
  }
}

/* Every allocation site has a decision, even in code Go drops and in
 * static initializers. */
static void
no_unset_cb (GmlNode    *node,
             const char *label,
             int         index,
             gpointer    data)
{
  gboolean site = FALSE;

  switch (node->kind)
    {
    case GML_NODE_CALL:
    case GML_NODE_COMPOSITE_LIT:
    case GML_NODE_FUNC_LIT:
    case GML_NODE_DEFER_STMT:
      site = TRUE;
      break;
    default:
      break;
    }
  if (site && node->esc == GML_ESC_UNSET)
    {
      g_autofree char *s = gml_node_expr_string (node);

      g_error ("%u:%u %s has no escape decision", node->pos.line, node->pos.col, s);
    }
  gml_node_foreach_child (node, no_unset_cb, data);
}

static void
test_contract_all_sites (void)
{
  g_autoptr (GmlProgram) prog = load (
    "package main\n"
    "\n"
    "type P struct{ X int }\n"
    "\n"
    "var table = []*P{{1}, {2}}\n"
    "var m = map[string]int{\"a\": 1}\n"
    "var f = func() int { return len(table) }\n"
    "\n"
    "const debug = false\n"
    "\n"
    "func main() {\n"
    "\tif debug {\n"
    "\t\tprintln(len([]int{1}), &P{})\n"
    "\t}\n"
    "\tprintln(f(), m[\"a\"])\n"
    "}\n");

  for (guint i = 0; i < prog->package_order->len; i++)
    {
      GmlPackage *pkg = g_ptr_array_index (prog->package_order, i);

      for (guint j = 0; j < pkg->files->len; j++)
        gml_node_foreach_child (g_ptr_array_index (pkg->files, j), no_unset_cb, NULL);
    }
}

/* ------------------------------------------------------------------ */
/* Explanations                                                        */

static const char explain_src[] =
  "package main\n"                                              /* 1 */
  "\n"
  "type User struct{ Name string }\n"
  "\n"
  "var current *User\n"                                         /* 5 */
  "\n"
  "func newUser(name string) *User {\n"
  "\tu := User{name}\n"
  "\treturn &u\n"
  "}\n"                                                         /* 10 */
  "\n"
  "func install(u *User) {\n"
  "\tcurrent = u\n"
  "}\n"
  "\n"                                                          /* 15 */
  "func main() {\n"
  "\tp := newUser(\"ann\")\n"
  "\tv := User{\"bob\"}\n"
  "\tinstall(&v)\n"
  "\tvar big [11 << 20]byte\n"                                  /* 20 */
  "\tbig[0] = 1\n"
  "\tw := User{\"cid\"}\n"
  "\tq := &w\n"
  "\tprintln(p.Name, q.Name, big[0])\n"
  "}\n";                                                        /* 25 */

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("expected \"%s\" in \"%s\"", part, text != NULL ? text : "(null)");
}

static void
test_explain_vars (void)
{
  g_autoptr (GmlProgram) prog = load (explain_src);
  g_autofree char *u = gml_escape_explain_var (prog, find_var (prog, "main.newUser", "u"));
  g_autofree char *v = gml_escape_explain_var (prog, find_var (prog, "main.main", "v"));
  g_autofree char *big = gml_escape_explain_var (prog, find_var (prog, "main.main", "big"));
  g_autofree char *w = gml_escape_explain_var (prog, find_var (prog, "main.main", "w"));
  g_autofree char *param = gml_escape_explain_var (prog, find_var (prog, "main.install", "u"));

  g_test_message ("u: %s", u);
  g_test_message ("v: %s", v);
  g_test_message ("big: %s", big);
  g_test_message ("install's u: %s", param);
  assert_contains (u, "`u` is moved to the heap");
  assert_contains (u, "its address is returned by `newUser` (line 9)");
  assert_contains (v, "`v` is moved to the heap");
  assert_contains (v, "passed to `install`");
  assert_contains (big, "larger than 10 MiB");
  assert_contains (param, "stored in the global variable `current` (line 13)");
  /* w's address is taken but never leaves main: it stays put, and the
   * UI can say why. */
  g_test_message ("w: %s", w);
  assert_contains (w, "`w` stays on the stack: its address is taken");
}

static void
test_explain_nodes (void)
{
  g_autoptr (GmlProgram) prog = load (
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func counter() func() int {\n"
    "\tn := 0\n"
    "\treturn func() int { n++; return n }\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tx := 7\n"
    "\tfmt.Println(x)\n"
    "\tprintln(counter()())\n"
    "}\n");
  GmlNode *lit = find_node (prog, GML_NODE_FUNC_LIT, 7, 9);
  GmlNode *call = find_node (prog, GML_NODE_CALL, 12, 13);
  g_autofree char *closure = gml_escape_explain_node (prog, lit);
  g_autofree char *boxed = gml_escape_explain_node (prog, call->u.call.args.items[0]);
  g_autofree char *n = gml_escape_explain_var (prog, find_var (prog, "main.counter", "n"));

  g_test_message ("func literal: %s", closure);
  g_test_message ("x boxed: %s", boxed);
  g_test_message ("n: %s", n);
  assert_contains (closure, "returned by `counter`");
  assert_contains (boxed, "passed to `fmt.Println`");
  assert_contains (n, "`n` is moved to the heap");
  assert_contains (n, "func literal");
}

static void
test_decisions (void)
{
  g_autoptr (GmlProgram) prog = load (explain_src);
  g_autoptr (GPtrArray) line9 = gml_escape_decisions (prog, 8);
  g_autoptr (GPtrArray) all = gml_escape_decisions (prog, 0);
  const GmlEscapeDecision *d;

  g_assert_cmpuint (line9->len, ==, 1);
  d = g_ptr_array_index (line9, 0);
  g_assert_cmpint (d->kind, ==, GML_ESCAPE_VAR);
  g_assert_true (d->heap);
  g_assert_cmpstr (d->message, ==, "moved to heap: u");
  g_assert_cmpuint (d->pos.col, ==, 2);
  g_assert_nonnull (d->explanation);
  for (guint i = 1; i < all->len; i++)
    {
      const GmlEscapeDecision *a = g_ptr_array_index (all, i - 1), *b = g_ptr_array_index (all, i);

      g_assert_cmpint (gml_pos_compare (a->pos, b->pos), <=, 0);
    }
  /* w (line 22) stays on the stack: a decision without a -m line. */
  {
    g_autoptr (GPtrArray) line22 = gml_escape_decisions (prog, 22);

    g_assert_cmpuint (line22->len, ==, 1);
    d = g_ptr_array_index (line22, 0);
    g_assert_cmpint (d->kind, ==, GML_ESCAPE_VAR);
    g_assert_false (d->heap);
    g_assert_null (d->message);
    g_assert_nonnull (d->explanation);
  }
  /* Every heap decision carries an explanation. */
  for (guint i = 0; i < all->len; i++)
    {
      d = g_ptr_array_index (all, i);
      if (d->heap && d->kind != GML_ESCAPE_NOTE)
        g_assert_nonnull (d->explanation);
    }
}

/* ------------------------------------------------------------------ */
/* Robustness                                                          */

static void
test_robust (void)
{
  const char *programs[] = {
    "package main\nfunc main() {}\n",
    "package main\nfunc f() { f() }\nfunc main() { f() }\n",
    "package main\nfunc main() { for { break } }\n",
    "package main\ntype T struct{ next *T }\nfunc main() { var t T; t.next = &t; println(t.next != nil) }\n",
    "package main\nfunc main() { defer func() { recover() }(); panic(\"x\") }\n",
    "package main\nfunc f(xs ...*int) []*int { return xs }\nfunc main() { a := 1; println(len(f(&a, nil)), len(f())) }\n",
    "package main\nfunc main() { ch := make(chan func()); go func() { (<-ch)() }(); ch <- func() {} }\n",
    "package main\nfunc g() (int, *int) { return 0, nil }\nfunc h(int, *int) {}\nfunc main() { h(g()) }\n",
    "package main\nfunc main() { var f func(); if f != nil { f() }; s := []func(){}; for _, g := range s { defer g() } }\n",
    "package main\nfunc main() { x := 1; func() { func() { x++ }() }(); println(x) }\n",
    "package main\nimport \"fmt\"\nfunc main() { defer fmt.Println(fmt.Sprint(1, 2)); go fmt.Println() }\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autoptr (GmlProgram) prog = load (programs[i]);
      g_autoptr (GmlDiagList) notes = gml_escape_diagnostics (prog);

      (void) notes;
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_golden_tests ();
  g_test_add_func ("/engine/escape/corpus", test_corpus);
  g_test_add_func ("/engine/escape/prelude-tags", test_prelude_tags);
  g_test_add_func ("/engine/escape/natives", test_natives);
  g_test_add_func ("/engine/escape/contract/vars", test_contract_vars);
  g_test_add_func ("/engine/escape/contract/sites", test_contract_sites);
  g_test_add_func ("/engine/escape/contract/all-sites", test_contract_all_sites);
  g_test_add_func ("/engine/escape/explain/vars", test_explain_vars);
  g_test_add_func ("/engine/escape/explain/nodes", test_explain_nodes);
  g_test_add_func ("/engine/escape/explain/decisions", test_decisions);
  g_test_add_func ("/engine/escape/robust", test_robust);

  return g_test_run ();
}
