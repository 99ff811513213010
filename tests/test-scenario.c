/* test-scenario.c: scenario files — reading, checking, writing.
 *
 *   tests/scenarios-bad/NAME.json (or .go) with NAME.err: the exact
 *     diagnostics, "FILE:LINE:COL: message" per line; run-NAME.json load
 *     and are recorded (gml_scenario_check_run): their .err holds what
 *     the run shows (anchors never reached, answers undefined);
 *   tests/scenarios-good/: must load cleanly and round-trip;
 *   data/scenarios/: the built-in scenarios, also run on the timeline;
 *   docs/scenario-format.md: its complete example must load, and it must
 *     document every event, answer, topic and phase.
 *
 * GML_UPDATE_GOLDEN=1 rewrites the .err files from the current output
 * (review the diff before committing it).
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "gml-event.h"
#include "gml-gc.h"
#include "gml-json.h"
#include "gml-markup.h"
#include "gml-scenario-private.h"
#include "gml-timeline.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static char *
diags_text (GmlDiagList *diags)
{
  return gml_diag_list_format (diags);
}

static GmlScenario *
load_named (const char  *dir,
            const char  *name,
            GmlDiagList *diags)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  /* Diagnostics name the file by its base name, so goldens do not depend
   * on where the tree is. */
  return gml_scenario_load_file (file, name, diags);
}

static GmlScenario *
load_string (const char  *json,
             GmlDiagList *diags)
{
  return gml_scenario_load_data (json, strlen (json), "test.json", NULL, diags);
}

/* A scenario around an inline program; `extra` adds top-level members. */
static char *
inline_scenario (const char *lines,
                 const char *extra)
{
  return g_strdup_printf ("{\"format\": 1, \"title\": \"T\", \"program\": {\"lines\": [%s]}%s%s}",
                          lines, extra[0] != '\0' ? ", " : "", extra);
}

#define SIMPLE_LINES \
  "\"package main\", \"\", \"func f(n int) int {\", \"\\treturn n * 2\", \"}\", \"\", " \
  "\"func main() {\", \"\\tx := f(1)\", \"\\tif x > 5 {\", \"\\t\\tprintln(x)\", \"\\t}\", " \
  "\"\\tfor i := 0; i < 3; i++ {\", \"\\t\\tx += f(i)\", \"\\t}\", \"\\tprintln(x)\", \"}\""

/* ------------------------------------------------------------------ */
/* The malformed suite                                                 */

static void
test_bad_file (gconstpointer data)
{
  const char *name = data;
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "scenarios-bad", NULL);
  g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
  g_autofree char *err_path = g_strconcat (dir, "/", stem, ".err", NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = load_named (dir, name, diags);
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;

  /* run-*.json load; their problems show when the program runs. */
  if (g_str_has_prefix (name, "run-"))
    {
      g_assert_nonnull (sc);
      g_assert_false (gml_scenario_check_run (sc, diags));
    }
  else
    g_assert_null (sc);
  got = diags_text (diags);
  g_assert_cmpuint (gml_diag_list_n_errors (diags), >, 0);
  if (g_getenv ("GML_UPDATE_GOLDEN") != NULL)
    g_assert_true (g_file_set_contents (err_path, got, -1, NULL));
  g_assert_true (g_file_get_contents (err_path, &want, NULL, NULL));
  g_assert_cmpstr (got, ==, want);
}

/* Every NAME.json, and every plain-NAME.go (a plain program; the other
 * .go files are programs the scenarios use), with its NAME.err. */
static guint
add_bad_tests (GPtrArray *names)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "scenarios-bad", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_has_suffix (name, ".json") || (g_str_has_prefix (name, "plain-") && g_str_has_suffix (name, ".go")))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strconcat ("/engine/scenario/bad/", (char *) g_ptr_array_index (names, i), NULL);

      g_test_add_data_func (path, g_ptr_array_index (names, i), test_bad_file);
    }
  return names->len;
}

/* ------------------------------------------------------------------ */
/* Good scenarios and round trips                                      */

static void
assert_settings_equal (const GmlScenarioSettings *a,
                       const GmlScenarioSettings *b)
{
  g_assert_cmpint (a->gogc, ==, b->gogc);
  g_assert_cmpint (a->memory_limit, ==, b->memory_limit);
  g_assert_cmpuint (a->gomaxprocs, ==, b->gomaxprocs);
  g_assert_cmpuint (a->stack_limit, ==, b->stack_limit);
  g_assert_cmpuint (a->step_budget, ==, b->step_budget);
}

/* Saving and loading again gives the same scenario, and saving that
 * gives the same text. */
static void
assert_round_trip (GmlScenario *sc,
                   GFile       *folder)
{
  g_autofree char *first = gml_scenario_to_json (sc, NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) again = gml_scenario_load_data (first, strlen (first), sc->filename, folder, diags);
  g_autofree char *second = NULL;
  g_autofree char *text = diags_text (diags);
  g_autoptr (JsonParser) parser = json_parser_new ();

  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (again);
  second = gml_scenario_to_json (again, NULL);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (again->title, ==, sc->title);
  g_assert_cmpstr (again->source, ==, sc->source);
  g_assert_cmpuint (again->chapters->len, ==, sc->chapters->len);
  g_assert_cmpuint (again->cards->len, ==, sc->cards->len);
  g_assert_cmpuint (again->quizzes->len, ==, sc->quizzes->len);
  assert_settings_equal (&again->settings, &sc->settings);
  /* Other JSON readers agree on what was written. */
  g_assert_true (json_parser_load_from_data (parser, first, -1, NULL));
}

static void
test_good_file (gconstpointer data)
{
  const char *name = data;
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "scenarios-good", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = load_named (dir, name, diags);
  g_autofree char *text = diags_text (diags);

  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (sc);
  g_assert_nonnull (sc->program);
  g_assert_nonnull (sc->image);
  assert_round_trip (sc, folder);
}

static guint
add_good_tests (GPtrArray *names)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "scenarios-good", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".json") || g_str_has_prefix (name, "plain"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strconcat ("/engine/scenario/good/", (char *) g_ptr_array_index (names, i), NULL);

      g_test_add_data_func (path, g_ptr_array_index (names, i), test_good_file);
    }
  return names->len;
}

static void
test_full_model (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "scenarios-good", NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = load_named (dir, "everything.json", diags);
  const GmlQuiz *q;
  const GmlCard *c;
  const GmlHighlight *h;

  g_assert_nonnull (sc);
  g_assert_cmpstr (sc->id, ==, "everything");
  g_assert_cmpstr (sc->topic, ==, "gc");
  g_assert_cmpint (sc->level, ==, GML_LEVEL_ADVANCED);
  g_assert_cmpuint (g_strv_length (sc->tags), ==, 2);
  g_assert_cmpint (sc->settings.gogc, ==, -1);
  g_assert_cmpint (sc->settings.memory_limit, ==, 64 << 20);
  g_assert_cmpuint (sc->settings.gomaxprocs, ==, 1);
  g_assert_cmpuint (sc->settings.stack_limit, ==, 65536);
  g_assert_cmpuint (sc->settings.step_budget, ==, 200000);
  g_assert_null (sc->program_path);
  g_assert_nonnull (sc->program_lines);
  g_assert_cmpuint (sc->n_lines, ==, g_strv_length (sc->program_lines));

  c = g_ptr_array_index (sc->cards, 1);
  g_assert_cmpint (c->anchor.kind, ==, GML_ANCHOR_LINE);
  g_assert_cmpuint (c->anchor.nth, ==, 3);
  g_assert_cmpuint (c->highlights->len, ==, 3);
  h = &g_array_index (c->highlights, GmlHighlight, 0);
  g_assert_cmpint (h->kind, ==, GML_HIGHLIGHT_VAR);
  g_assert_cmpstr (h->var.name, ==, "s");
  g_assert_cmpstr (h->var.func, ==, "main");
  c = g_ptr_array_index (sc->cards, 2);
  g_assert_cmpint (c->anchor.kind, ==, GML_ANCHOR_GC);
  g_assert_cmpuint (c->anchor.nth, ==, 1);
  g_assert_cmpstr (gml_scenario_phase_name (c->anchor.gc_phase), ==, "mark-termination");
  c = g_ptr_array_index (sc->cards, 3);
  g_assert_cmpint (c->anchor.kind, ==, GML_ANCHOR_EVENT);
  g_assert_cmpint (c->anchor.event, ==, GML_EVENT_STACK_GROW);
  g_assert_cmpuint (c->anchor.nth, ==, 2);

  q = g_ptr_array_index (sc->quizzes, 0);
  g_assert_cmpint (q->kind, ==, GML_QUIZ_CHOICE);
  g_assert_cmpuint (q->choices->len, ==, 3);
  g_assert_cmpuint (gml_quiz_n_correct_choices (q), ==, 2);
  q = g_ptr_array_index (sc->quizzes, 1);
  g_assert_cmpint (q->kind, ==, GML_QUIZ_PREDICT);
  g_assert_cmpint (q->answer.kind, ==, GML_ANSWER_CAP);
  g_assert_cmpint (q->tolerance, ==, 2);
  g_assert_cmpfloat (q->tolerance_percent, ==, 12.5);
  g_assert_false (q->hold);
  q = g_ptr_array_index (sc->quizzes, 2);
  g_assert_cmpint (q->kind, ==, GML_QUIZ_PICK);
  g_assert_cmpint (q->answer.kind, ==, GML_ANSWER_FREED_BY_NEXT_GC);
  g_assert_true (q->hold);
}

/* ------------------------------------------------------------------ */
/* Built-in scenarios and the documentation                            */

static void
test_builtin (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
      g_autoptr (GmlScenario) sc = NULL;
      g_autofree char *text = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      sc = load_named (dir, name, diags);
      text = diags_text (diags);
      g_assert_cmpstr (text, ==, "");
      g_assert_nonnull (sc);
      g_assert_nonnull (sc->program_file);
      assert_round_trip (sc, folder);
      n++;
    }
  g_assert_cmpuint (n, >=, 2);
}

static char *
read_doc (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "scenario-format.md", NULL);
  char *doc = NULL;

  g_assert_true (g_file_get_contents (path, &doc, NULL, NULL));
  return doc;
}

static void
test_doc_example (void)
{
  g_autofree char *doc = read_doc ();
  const char *start = strstr (doc, "<!-- example:start -->\n```json\n");
  const char *end = strstr (doc, "```\n<!-- example:end -->");
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (start);
  g_assert_nonnull (end);
  start += strlen ("<!-- example:start -->\n```json\n");
  sc = gml_scenario_load_data (start, end - start, "example.json", NULL, diags);
  text = diags_text (diags);
  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (sc);
  /* It really uses every part of the format. */
  g_assert_cmpuint (sc->chapters->len, >, 0);
  g_assert_cmpuint (sc->cards->len, >, 0);
  g_assert_cmpuint (sc->quizzes->len, >=, 3);
  assert_round_trip (sc, NULL);
}

static void
assert_documented (const char *doc,
                   const char *name)
{
  g_autofree char *quoted = g_strdup_printf ("`%s`", name);

  if (strstr (doc, quoted) == NULL)
    g_error ("docs/scenario-format.md does not mention %s", quoted);
}

/* The format's phase names are the learners' names with hyphens. */
static void
test_phase_names (void)
{
  for (guint p = 0; p < GML_GC_N_PHASES; p++)
    {
      g_autofree char *want = g_strdup (gml_gc_phase_name (p));

      g_strdelimit (want, " ", '-');
      g_assert_cmpstr (gml_scenario_phase_name (p), ==, want);
    }
  g_assert_null (gml_scenario_phase_name (GML_GC_N_PHASES));
}

static void
test_doc_complete (void)
{
  g_autofree char *doc = read_doc ();

  for (guint k = 0; k < GML_N_EVENT_KINDS; k++)
    assert_documented (doc, gml_event_kind_name (k));
  for (guint k = 0; k < GML_N_ANSWER_KINDS; k++)
    assert_documented (doc, gml_answer_kind_name (k));
  for (guint k = 0; gml_scenario_topics[k] != NULL; k++)
    assert_documented (doc, gml_scenario_topics[k]);
  for (guint k = 0; gml_scenario_phase_name (k) != NULL; k++)
    assert_documented (doc, gml_scenario_phase_name (k));
}

/* ------------------------------------------------------------------ */
/* Files that cannot be committed: huge, symbolic links                */

static char *
make_temp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("gml-scenario-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
write_file (const char *dir,
            const char *name,
            const char *data,
            gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, len, NULL));
}

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static const char valid_program[] = "package main\n\nfunc main() {\n\tprintln(1)\n}\n";

static void
test_too_large (void)
{
  g_autofree char *dir = make_temp_dir ();
  gsize big = GML_SCENARIO_MAX_JSON_SIZE + 1;
  g_autofree char *json = g_malloc (big);
  g_autofree char *program = g_strnfill (GML_SCENARIO_MAX_PROGRAM_SIZE, '\n');
  g_autoptr (GmlDiagList) d1 = gml_diag_list_new ();
  g_autoptr (GmlDiagList) d2 = gml_diag_list_new ();
  g_autoptr (GmlDiagList) d3 = gml_diag_list_new ();
  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL;
  g_autofree char *full = NULL;

  memset (json, ' ', big);
  json[0] = '{';
  json[big - 1] = '}';
  write_file (dir, "big.json", json, big);
  g_assert_null (load_named (dir, "big.json", d1));
  t1 = diags_text (d1);
  g_assert_cmpstr (t1, ==, "big.json:1:1: the scenario file is too large (1048577 bytes; the limit is 1048576)\n");

  /* A program one byte over the limit, with its valid text at the end. */
  full = g_strconcat (program, valid_program, NULL);
  write_file (dir, "big.go", full + strlen (valid_program) - 1, -1);
  write_file (dir, "uses-big.json", "{\"format\": 1, \"title\": \"T\",\n \"program\": {\"file\": \"big.go\"}}", -1);
  g_assert_null (load_named (dir, "uses-big.json", d2));
  t2 = diags_text (d2);
  g_assert_cmpstr (t2, ==, "uses-big.json:2:22: the program file \"big.go\" is too large (262145 bytes; the limit is 262144)\n");

  g_assert_null (load_named (dir, "big.go", d3));
  t3 = diags_text (d3);
  g_assert_cmpstr (t3, ==, "big.go: the program is too large (262145 bytes; the limit is 262144)\n");
  remove_dir (dir);
}

static void
test_symlink_outside (void)
{
  g_autofree char *outside = make_temp_dir ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *target = g_build_filename (outside, "secret.go", NULL);
  g_autofree char *link = g_build_filename (dir, "prog.go", NULL);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *inner = g_build_filename (dir, "sub", "inner.go", NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlDiagList) ok = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = NULL;
  g_autofree char *text = NULL;

  write_file (outside, "secret.go", valid_program, -1);
  g_assert_cmpint (symlink (target, link), ==, 0);
  write_file (dir, "s.json", "{\"format\": 1, \"title\": \"T\", \"program\": {\"file\": \"prog.go\"}}", -1);
  g_assert_null (load_named (dir, "s.json", diags));
  text = diags_text (diags);
  g_assert_cmpstr (text, ==, "s.json:1:49: the program file \"prog.go\" leads outside the scenario's folder (through a symbolic link)\n");

  /* A link that stays inside, and a subfolder, are fine. */
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  write_file (sub, "real.go", valid_program, -1);
  g_assert_cmpint (symlink ("real.go", inner), ==, 0);
  write_file (dir, "t.json", "{\"format\": 1, \"title\": \"T\", \"program\": {\"file\": \"sub/inner.go\"}}", -1);
  sc = load_named (dir, "t.json", ok);
  g_clear_pointer (&text, g_free);
  text = diags_text (ok);
  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (sc);
  g_assert_cmpstr (sc->program_filename, ==, "sub/inner.go");
  remove_dir (dir);
  remove_dir (outside);
}

/* ------------------------------------------------------------------ */
/* Plain Go files, settings, data loading                              */

static void
test_plain_go (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "scenarios-good", NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = load_named (dir, "plain-counter.go", diags);
  GmlScenarioSettings defaults;

  g_assert_nonnull (sc);
  g_assert_true (sc->plain_go);
  g_assert_cmpstr (sc->title, ==, "plain-counter");
  g_assert_cmpstr (sc->id, ==, "plain-counter");
  g_assert_cmpstr (sc->topic, ==, "basics");
  g_assert_cmpuint (sc->cards->len + sc->quizzes->len + sc->chapters->len, ==, 0);
  g_assert_cmpstr (sc->program_filename, ==, "plain-counter.go");
  g_assert_true (g_file_equal (sc->file, sc->program_file));
  gml_scenario_settings_init (&defaults);
  assert_settings_equal (&defaults, &sc->settings);
}

static void
test_settings (void)
{
  GmlScenarioSettings s;
  GmlVmConfig config;

  gml_scenario_settings_init (&s);
  g_assert_cmpint (s.gogc, ==, 100);
  g_assert_cmpint (s.memory_limit, ==, G_MAXINT64);
  g_assert_cmpuint (s.gomaxprocs, ==, 2);
  g_assert_cmpuint (s.stack_limit, ==, 1000000000);
  g_assert_cmpuint (s.step_budget, ==, 50000000);
  s.gogc = -1;
  s.memory_limit = 1 << 20;
  s.gomaxprocs = 4;
  s.stack_limit = 8192;
  s.step_budget = 99;
  gml_vm_config_init (&config);
  gml_scenario_settings_apply (&s, &config);
  g_assert_cmpint (config.gogc, ==, -1);
  g_assert_cmpint (config.memory_limit, ==, 1 << 20);
  g_assert_cmpuint (config.gomaxprocs, ==, 4);
  g_assert_cmpuint (config.max_stack, ==, 8192);
  g_assert_cmpuint (config.max_steps, ==, 99);
}

static void
test_sizes (void)
{
  static const struct { const char *value; gint64 bytes; } cases[] = {
    { "0", 0 }, { "\"0B\"", 0 }, { "\"1024\"", 1024 }, { "\"64KiB\"", 65536 }, { "\"3MiB\"", 3 << 20 },
    { "\"1GiB\"", 1 << 30 }, { "\"1TiB\"", G_GINT64_CONSTANT (1) << 40 }, { "\"off\"", G_MAXINT64 },
    { "12345", 12345 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *extra = g_strdup_printf ("\"settings\": {\"gomemlimit\": %s}", cases[i].value);
      g_autofree char *json = inline_scenario (SIMPLE_LINES, extra);
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
      g_autoptr (GmlScenario) sc = load_string (json, diags);

      g_assert_nonnull (sc);
      g_assert_cmpint (sc->settings.memory_limit, ==, cases[i].bytes);
    }
}

static void
test_memory_folder (void)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autofree char *text = NULL;

  g_assert_null (load_string ("{\"format\": 1, \"title\": \"T\", \"program\": {\"file\": \"x.go\"}}", diags));
  text = diags_text (diags);
  g_assert_cmpstr (text, ==, "test.json:1:49: a scenario read from memory cannot name a program file; use \"lines\"\n");
}

static void
test_missing_file (void)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  const GmlDiag *d;

  g_assert_null (gml_scenario_load_path ("/nonexistent/dir/x.json", diags));
  g_assert_cmpuint (gml_diag_list_len (diags), ==, 1);
  d = gml_diag_list_get (diags, 0);
  g_assert_cmpstr (d->file, ==, "/nonexistent/dir/x.json");
  g_assert_cmpstr (d->message, ==, "the scenario file does not exist");
}

/* ------------------------------------------------------------------ */
/* The JSON reader                                                     */

static const GmlJson *
parse_ok (GmlArena   *arena,
          const char *text)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  const GmlJson *v = gml_json_parse (arena, text, strlen (text), "t.json", diags);

  g_assert_cmpuint (gml_diag_list_len (diags), ==, 0);
  g_assert_nonnull (v);
  return v;
}

static void
test_json_numbers (void)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();
  const GmlJson *v;

  v = parse_ok (arena, "[9223372036854775807, -9223372036854775808, 9223372036854775808, 1e400, -0, 2.5, 1e3, 1e-400]");
  g_assert_cmpuint (v->u.arr.n, ==, 8);
  g_assert_true (v->u.arr.items[0]->u.num.integer);
  g_assert_false (v->u.arr.items[0]->u.num.overflow);
  g_assert_cmpint (v->u.arr.items[0]->u.num.i, ==, G_MAXINT64);
  g_assert_cmpint (v->u.arr.items[1]->u.num.i, ==, G_MININT64);
  g_assert_true (v->u.arr.items[2]->u.num.overflow);
  g_assert_true (v->u.arr.items[3]->u.num.overflow);
  g_assert_false (v->u.arr.items[3]->u.num.integer);
  g_assert_cmpint (v->u.arr.items[4]->u.num.i, ==, 0);
  g_assert_false (v->u.arr.items[5]->u.num.integer);
  g_assert_cmpfloat (v->u.arr.items[5]->u.num.d, ==, 2.5);
  g_assert_false (v->u.arr.items[6]->u.num.integer);
  g_assert_false (v->u.arr.items[7]->u.num.overflow);
  g_assert_cmpfloat (v->u.arr.items[7]->u.num.d, ==, 0.0);
}

static void
test_json_positions (void)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();
  const GmlJson *v = parse_ok (arena, "\xEF\xBB\xBF{\n  \"a\": [1,\n\t\"x\\ty\\u00e9z\\ud83d\\ude00!\"],\n \"b\": {}}");
  const GmlJsonMember *a = gml_json_member (v, "a");
  const GmlJson *s;
  GmlPos p;

  /* The byte order mark takes no column. */
  g_assert_cmpuint (v->pos.line, ==, 1);
  g_assert_cmpuint (v->pos.col, ==, 1);
  g_assert_cmpuint (a->pos.line, ==, 2);
  g_assert_cmpuint (a->pos.col, ==, 3);
  g_assert_cmpuint (a->value->pos.col, ==, 8);
  s = a->value->u.arr.items[1];
  g_assert_cmpuint (s->pos.line, ==, 3);
  g_assert_cmpuint (s->pos.col, ==, 2);
  g_assert_cmpstr (s->u.str.s, ==, "x\ty\xc3\xa9z\xf0\x9f\x98\x80!");
  /* Decoded offsets map back to written columns across escapes. */
  p = gml_json_string_pos (s, 0);   /* x */
  g_assert_cmpuint (p.col, ==, 3);
  p = gml_json_string_pos (s, 2);   /* y, after \t */
  g_assert_cmpuint (p.col, ==, 6);
  p = gml_json_string_pos (s, 5);   /* z, after \u00e9 (2 bytes) */
  g_assert_cmpuint (p.col, ==, 13);
  p = gml_json_string_pos (s, 10);  /* !, after a surrogate pair (4 bytes) */
  g_assert_cmpuint (p.col, ==, 26);
  g_assert_cmpuint (gml_json_member (v, "b")->pos.line, ==, 4);
}

static void
test_json_depth (void)
{
  g_autoptr (GmlArena) arena = gml_arena_new ();
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GString) deep = g_string_new (NULL);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_null (gml_json_parse (arena, deep->str, deep->len, "t.json", diags));
  g_assert_cmpuint (gml_diag_list_len (diags), ==, 1);
  g_assert_cmpstr (gml_diag_list_get (diags, 0)->message, ==, "nesting is deeper than 64 levels");
}

/* ------------------------------------------------------------------ */
/* Markup                                                              */

static char *
spans_string (const char *text)
{
  g_autoptr (GArray) spans = gml_markup_parse (text, NULL, NULL);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (spans);
  for (guint i = 0; i < spans->len; i++)
    {
      const GmlMarkupSpan *span = &g_array_index (spans, GmlMarkupSpan, i);

      g_string_append_printf (s, "%s%s%s[%s]", span->paragraph_start ? "|" : "",
                              span->flags & GML_MARKUP_EMPHASIS ? "E" : "",
                              span->flags & GML_MARKUP_CODE ? "C" : "", span->text);
    }
  return g_string_free (s, FALSE);
}

static void
test_markup (void)
{
  static const char * const cases[][2] = {
    { "plain", "[plain]" },
    { "an *emphasised* word", "[an ]E[emphasised][ word]" },
    { "call `f(x)` now", "[call ]C[f(x)][ now]" },
    { "2 * 3 * 4", "[2 * 3 * 4]" },
    { "\\*not\\* \\`code\\` \\\\", "[*not* `code` \\]" },
    { "*see `x`*", "E[see ]EC[x]" },
    { "`a*b*c`", "C[a*b*c]" },
    { "one\ntwo", "[one\ntwo]" },
    { "one\n\n\n  \ntwo", "[one]|[two]" },
    { "\n\nlead", "[lead]" },
    { "a \\ b", "[a \\ b]" },
  };
  static const struct { const char *text; gsize offset; const char *error; } errors[] = {
    { "an *open", 3, "this *emphasis* is not closed (write \\* for an asterisk)" },
    { "**bold**", 0, "empty *emphasis* (** is not bold here; write *text*)" },
    { "x ``", 2, "empty `code`" },
    { "x `open", 2, "this `code` is not closed" },
    { "*a\n\nb*", 0, "this *emphasis* is not closed before the end of the paragraph (write \\* for an asterisk)" },
    { "`a\n\nb`", 0, "this `code` is not closed before the end of the paragraph" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = spans_string (cases[i][0]);

      g_assert_cmpstr (got, ==, cases[i][1]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autofree char *message = NULL;
      gsize offset = 999;

      g_assert_null (gml_markup_parse (errors[i].text, &offset, &message));
      g_assert_cmpuint (offset, ==, errors[i].offset);
      g_assert_cmpstr (message, ==, errors[i].error);
    }
  {
    g_autofree char *plain = gml_markup_to_plain ("a *b* `c`\n\nd");

    g_assert_cmpstr (plain, ==, "a b c\n\nd");
  }
}

/* ------------------------------------------------------------------ */
/* Answers                                                             */

static void
test_accepts (void)
{
  GmlQuiz q = { 0 };
  GmlAnswer a = { GML_ANSWER_TYPE_OBJECTS };
  static const guint64 right[] = { 0xc000010000, 0xc000010010 };
  static const guint64 picked[] = { 0xc000010010, 0xc000010000, 0xc000010010 };
  gboolean selected[3] = { TRUE, FALSE, TRUE };
  GmlChoice choices[3] = { { NULL, TRUE }, { NULL, FALSE }, { NULL, TRUE } };

  q.kind = GML_QUIZ_PREDICT;
  g_assert_true (gml_quiz_accepts_number (&q, 48, 48));
  g_assert_false (gml_quiz_accepts_number (&q, 48, 49));
  q.tolerance = 2;
  g_assert_true (gml_quiz_accepts_number (&q, 48, 50));
  g_assert_true (gml_quiz_accepts_number (&q, 48, 46));
  g_assert_false (gml_quiz_accepts_number (&q, 48, 51));
  q.tolerance = 0;
  q.tolerance_percent = 10;
  g_assert_true (gml_quiz_accepts_number (&q, 1000, 1100));
  g_assert_true (gml_quiz_accepts_number (&q, 1000, 900));
  g_assert_false (gml_quiz_accepts_number (&q, 1000, 1101));
  g_assert_true (gml_quiz_accepts_number (&q, -1000, -1100));
  g_assert_false (gml_quiz_accepts_number (&q, G_MAXINT64, G_MININT64));

  q.kind = GML_QUIZ_CHOICE;
  q.choices = g_array_new (FALSE, FALSE, sizeof (GmlChoice));
  g_array_append_vals (q.choices, choices, 3);
  g_assert_cmpuint (gml_quiz_n_correct_choices (&q), ==, 2);
  g_assert_true (gml_quiz_accepts_choices (&q, selected));
  selected[1] = TRUE;
  g_assert_false (gml_quiz_accepts_choices (&q, selected));
  g_array_unref (q.choices);

  a.objects = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_array_append_vals (a.objects, right, 2);
  g_assert_true (gml_answer_accepts_objects (&a, picked, 3));
  g_assert_false (gml_answer_accepts_objects (&a, picked, 1));
  g_assert_false (gml_answer_accepts_objects (&a, NULL, 0));
  gml_answer_clear (&a);
  g_assert_null (a.objects);
  g_assert_true (gml_answer_accepts_objects (&a, NULL, 0));
}

static void
test_resolve (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "scenarios-bad", NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = load_named (dir, "prog.go", diags);
  GmlVarRef cache = { "cache" }, p_main = { "p", "main" }, p_any = { "p" }, s = { "s" };
  GmlFunc *f;
  GmlObject *v;

  g_assert_nonnull (sc);
  g_assert_true (gml_scenario_resolve_var (sc->program, &cache, &f, &v));
  g_assert_null (f);
  g_assert_cmpstr (v->name, ==, "cache");
  g_assert_true (gml_scenario_resolve_var (sc->program, &p_main, &f, &v));
  g_assert_cmpstr (f->short_name, ==, "main");
  g_assert_false (gml_scenario_resolve_var (sc->program, &p_any, &f, &v));
  g_assert_true (gml_scenario_resolve_var (sc->program, &s, &f, &v));
  g_assert_cmpstr (f->short_name, ==, "main");
  g_assert_nonnull (gml_scenario_resolve_type (sc->program, "Point"));
  g_assert_nonnull (gml_scenario_resolve_type (sc->program, "main.Point"));
  g_assert_nonnull (gml_scenario_resolve_type (sc->program, "int"));
  g_assert_null (gml_scenario_resolve_type (sc->program, "Circle"));
}

static void
test_static_answer (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = load_named (dir, "tour.go", diags);
  GmlAnswerSpec p = { GML_ANSWER_ESCAPES, { "p", "newPoint" } };
  GmlAnswerSpec a = { GML_ANSWER_ESCAPES, { "a", "main" } };
  GmlAnswerSpec heap = { GML_ANSWER_HEAP_BYTES };
  GmlAnswer answer;

  g_assert_nonnull (sc);
  g_assert_false (gml_scenario_static_answer (sc->program, &heap, &answer));
  if (!sc->program->escape_analysed)
    {
      g_assert_false (gml_scenario_static_answer (sc->program, &p, &answer));
      g_test_skip ("escape analysis did not run");
      return;
    }
  g_assert_true (gml_scenario_static_answer (sc->program, &p, &answer));
  g_assert_cmpint (answer.type, ==, GML_ANSWER_TYPE_YES_NO);
  g_assert_true (answer.yes);
  g_assert_true (gml_scenario_static_answer (sc->program, &a, &answer));
  g_assert_false (answer.yes);
}

static void
test_anchor_describe (void)
{
  static const struct { GmlAnchor a; const char *text; } cases[] = {
    { { GML_ANCHOR_LINE, 12, 1 }, "line 12" },
    { { GML_ANCHOR_LINE, 12, 3 }, "line 12 (3rd time)" },
    { { GML_ANCHOR_LINE, 12, 11 }, "line 12 (11th time)" },
    { { GML_ANCHOR_LINE, 12, 22 }, "line 12 (22nd time)" },
    { { GML_ANCHOR_GC, 0, 2, 1 }, "the start of GC cycle 2" },
    { { GML_ANCHOR_GC, 0, 2, 2 }, "the mark phase of GC cycle 2" },
    { { GML_ANCHOR_EVENT, 0, 1, 0, GML_EVENT_STACK_GROW }, "the 1st stack-grow event" },
    { { GML_ANCHOR_STEP, 0, 0, 0, 0, 1234 }, "step 1234" },
    { { GML_ANCHOR_END }, "the end of the run" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = gml_anchor_describe (&cases[i].a);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* ------------------------------------------------------------------ */
/* The dynamic check with a made-up run                                */

typedef struct
{
  GmlScenarioProbe probe;
  guint            line_hits[32];   /* by line */
  guint            gc_cycles;       /* cycles that start */
  guint            gc_reaches;      /* phases the last cycle reaches (1 = only its start) */
  guint            events[GML_N_EVENT_KINDS];
  gboolean         cap_defined;
} FakeRun;

static gboolean
fake_resolve (GmlScenarioProbe *probe,
              const GmlAnchor  *a,
              guint64          *position)
{
  FakeRun *run = (FakeRun *) probe;

  *position = 7;
  switch (a->kind)
    {
    case GML_ANCHOR_LINE:
      return a->line < 32 && a->nth <= run->line_hits[a->line];
    case GML_ANCHOR_GC:
      if (a->nth < run->gc_cycles)
        return TRUE;
      return a->nth == run->gc_cycles && a->gc_phase <= run->gc_reaches;
    case GML_ANCHOR_EVENT:
      return a->nth <= run->events[a->event];
    case GML_ANCHOR_STEP:
      return a->step <= probe->n_steps;
    case GML_ANCHOR_END:
    default:
      return probe->ended;
    }
}

static gboolean
fake_compute (GmlScenarioProbe    *probe,
              const GmlAnswerSpec *spec,
              guint64              position,
              GmlAnswer           *answer,
              char               **reason)
{
  FakeRun *run = (FakeRun *) probe;

  answer->type = gml_answer_kind_type (spec->kind);
  if (spec->kind == GML_ANSWER_CAP && !run->cap_defined)
    {
      *reason = g_strdup_printf ("%s is not in scope", spec->var.name);
      return FALSE;
    }
  if (answer->type == GML_ANSWER_TYPE_OBJECTS)
    answer->objects = g_array_new (FALSE, FALSE, sizeof (guint64));
  return TRUE;
}

#define SLICE_LINES \
  "\"package main\", \"\", \"func f(n int) int {\", \"\\treturn n * 2\", \"}\", \"\", " \
  "\"func main() {\", \"\\ts := []int{f(1)}\", \"\\tif len(s) > 5 {\", \"\\t\\tprintln(s[0])\", \"\\t}\", " \
  "\"\\tfor i := 0; i < 3; i++ {\", \"\\t\\ts = append(s, f(i))\", \"\\t}\", \"\\tprintln(len(s))\", \"}\""

/* A statically valid scenario against made-up runs. */
static void
test_dynamic_reports (void)
{
  static const char extra[] =
    "\"chapters\": [{\"title\": \"A\", \"anchor\": {\"line\": 10}}],\n"
    "\"narration\": [\n"
    "  {\"body\": \"a\", \"anchor\": {\"line\": 13, \"hit\": 4}},\n"
    "  {\"body\": \"b\", \"anchor\": {\"line\": 13, \"hit\": 3}},\n"
    "  {\"body\": \"c\", \"anchor\": {\"gc\": 2}},\n"
    "  {\"body\": \"d\", \"anchor\": {\"gc\": 1, \"phase\": \"sweep\"}},\n"
    "  {\"body\": \"e\", \"anchor\": {\"event\": \"stack-grow\", \"nth\": 3}},\n"
    "  {\"body\": \"f\", \"anchor\": {\"event\": \"panic\"}},\n"
    "  {\"body\": \"g\", \"anchor\": {\"step\": 500}},\n"
    "  {\"body\": \"h\", \"anchor\": {\"end\": true}}\n"
    "],\n"
    "\"quizzes\": [\n"
    "  {\"id\": \"c\", \"kind\": \"predict\", \"question\": \"?\", \"anchor\": {\"line\": 15},\n"
    "   \"answer\": {\"cap\": {\"var\": \"s\"}}, \"explanation\": \"e\"},\n"
    "  {\"id\": \"p\", \"kind\": \"pick\", \"question\": \"?\", \"anchor\": {\"line\": 8},\n"
    "   \"answer\": {\"freed_by_next_gc\": {}}, \"explanation\": \"e\"}\n"
    "]";
  g_autofree char *json = inline_scenario (SLICE_LINES, extra);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlDiagList) dyn = gml_diag_list_new ();
  g_autoptr (GmlDiagList) clean = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = NULL;
  g_autofree char *text = NULL;
  FakeRun run = { { fake_resolve, fake_compute, 400, FALSE } };
  FakeRun good = { { fake_resolve, fake_compute, 1000, TRUE } };

  sc = gml_scenario_load_data (json, strlen (json), "test.json", NULL, diags);
  text = diags_text (diags);
  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (sc);

  run.line_hits[10] = 0;
  run.line_hits[13] = 2;
  run.line_hits[8] = 1;
  run.line_hits[15] = 1;
  run.gc_cycles = 1;
  run.gc_reaches = 2;
  run.events[GML_EVENT_STACK_GROW] = 2;
  g_assert_false (gml_scenario_check_dynamic (sc, &run.probe, dyn));
  g_clear_pointer (&text, g_free);
  text = diags_text (dyn);
  g_assert_cmpstr (text, ==,
    "test.json:1:348: line 10 never runs\n"
    "test.json:3:36: execution arrives at line 13 only 2 times, so hit 4 never happens\n"
    "test.json:4:36: execution arrives at line 13 only 2 times, so hit 3 never happens\n"
    "test.json:5:34: GC cycle 2 never starts: the run has 1 cycle\n"
    "test.json:6:34: GC cycle 1 never reaches the sweep phase\n"
    "test.json:7:37: the run has 2 \"stack-grow\" events, so the 3rd never happens\n"
    "test.json:8:37: the run has 0 \"panic\" events, so the 1st never happens\n"
    "test.json:9:36: step 500 is past the end of the run (400 steps)\n"
    "test.json:10:35: the program does not end: the run stops at the step budget (50000000 steps)\n"
    "test.json:14:15: quiz \"c\": the answer is undefined at line 15: s is not in scope\n"
    "test.json:16:15: warning: quiz \"p\": there is no object to pick at line 8\n");

  for (guint l = 0; l < 32; l++)
    good.line_hits[l] = 5;
  good.gc_cycles = 3;
  good.gc_reaches = 4;
  good.events[GML_EVENT_STACK_GROW] = 3;
  good.events[GML_EVENT_PANIC] = 1;
  good.cap_defined = TRUE;
  good.probe.compute = NULL;
  g_assert_true (gml_scenario_check_dynamic (sc, &good.probe, clean));
  g_assert_cmpuint (gml_diag_list_len (clean), ==, 0);
}

/* ------------------------------------------------------------------ */
/* The dynamic check on a real run: the engine's probe                 */

static void
check_on_timeline (GmlScenario *sc,
                   GmlDiagList *diags)
{
  gml_scenario_check_run (sc, diags);
}

static void
test_dynamic_builtin (void)
{
  static const char * const names[] = { "tour.json", "return-pointer.json" };
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
      g_autoptr (GmlScenario) sc = load_named (dir, names[i], diags);
      g_autofree char *text = NULL;

      g_assert_nonnull (sc);
      check_on_timeline (sc, diags);
      text = diags_text (diags);
      g_assert_cmpstr (text, ==, "");
    }
}

static void
test_dynamic_never_runs (void)
{
  g_autofree char *json = inline_scenario (SIMPLE_LINES,
    "\"narration\": [{\"body\": \"a\", \"anchor\": {\"line\": 10}},\n"
    "  {\"body\": \"b\", \"anchor\": {\"line\": 12, \"hit\": 4}},\n"
    "  {\"body\": \"c\", \"anchor\": {\"line\": 12, \"hit\": 5}},\n"
    "  {\"body\": \"d\", \"anchor\": {\"line\": 4, \"hit\": 4}},\n"
    "  {\"body\": \"e\", \"anchor\": {\"line\": 4, \"hit\": 5}},\n"
    "  {\"body\": \"f\", \"anchor\": {\"gc\": 1}},\n"
    "  {\"body\": \"g\", \"anchor\": {\"end\": true}}]");
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = load_string (json, diags);
  g_autofree char *text = NULL;

  g_assert_nonnull (sc);
  check_on_timeline (sc, diags);
  text = diags_text (diags);
  /* x is 2, so line 10 never runs.  Execution arrives at the loop header
   * once before the first iteration and once after each of the three (its
   * init, condition and post statements count once per arrival); f's
   * body runs four times; the program allocates too little for a GC. */
  g_assert_cmpstr (text, ==,
    "test.json:1:318: line 10 never runs\n"
    "test.json:3:36: execution arrives at line 12 only 4 times, so hit 5 never happens\n"
    "test.json:5:36: execution arrives at line 4 only 4 times, so hit 5 never happens\n"
    "test.json:6:34: GC cycle 1 never starts: the run has 0 cycles\n");
}

/* ------------------------------------------------------------------ */
/* Robustness                                                          */

/* Every prefix of a good scenario loads or fails cleanly. */
static void
test_truncations (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "scenarios-good", "everything.json", NULL);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize n = 0; n < len; n += 7)
    {
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
      g_autoptr (GmlScenario) sc = gml_scenario_load_data (data, n, "t.json", NULL, diags);

      g_assert_null (sc);
      g_assert_cmpuint (gml_diag_list_n_errors (diags), >, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  /* The test data: names of the files the tests read, alive until the end. */
  g_autoptr (GPtrArray) bad = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) good = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpuint (add_bad_tests (bad), >=, 30);
  add_good_tests (good);
  g_test_add_func ("/engine/scenario/good/model", test_full_model);
  g_test_add_func ("/engine/scenario/builtin", test_builtin);
  g_test_add_func ("/engine/scenario/doc/example", test_doc_example);
  g_test_add_func ("/engine/scenario/doc/complete", test_doc_complete);
  g_test_add_func ("/engine/scenario/anchors/phase-names", test_phase_names);
  g_test_add_func ("/engine/scenario/limits/too-large", test_too_large);
  g_test_add_func ("/engine/scenario/limits/symlink-outside", test_symlink_outside);
  g_test_add_func ("/engine/scenario/plain-go", test_plain_go);
  g_test_add_func ("/engine/scenario/settings", test_settings);
  g_test_add_func ("/engine/scenario/sizes", test_sizes);
  g_test_add_func ("/engine/scenario/memory-folder", test_memory_folder);
  g_test_add_func ("/engine/scenario/missing-file", test_missing_file);
  g_test_add_func ("/engine/scenario/json/numbers", test_json_numbers);
  g_test_add_func ("/engine/scenario/json/positions", test_json_positions);
  g_test_add_func ("/engine/scenario/json/depth", test_json_depth);
  g_test_add_func ("/engine/scenario/markup", test_markup);
  g_test_add_func ("/engine/scenario/answers/accepts", test_accepts);
  g_test_add_func ("/engine/scenario/answers/resolve", test_resolve);
  g_test_add_func ("/engine/scenario/answers/static", test_static_answer);
  g_test_add_func ("/engine/scenario/anchors/describe", test_anchor_describe);
  g_test_add_func ("/engine/scenario/dynamic/reports", test_dynamic_reports);
  g_test_add_func ("/engine/scenario/dynamic/builtin", test_dynamic_builtin);
  g_test_add_func ("/engine/scenario/dynamic/never-runs", test_dynamic_never_runs);
  g_test_add_func ("/engine/scenario/robust/truncations", test_truncations);
  return g_test_run ();
}
