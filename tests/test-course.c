/* test-course.c: the built-in course (data/scenarios/) against real Go.
 *
 * data/scenarios/course.txt lists the course in order, one scenario (the
 * NAME of NAME.json) a line (gml_course_load reads it and checks that
 * every scenario of the folder is listed).  For every scenario it lists:
 *
 *   /course/NAME/load      the scenario loads with no diagnostics (what
 *                          `gomemlab-cli check` checks) and has what a
 *                          course scenario needs: 10-60 program lines,
 *                          narration, two quizzes of different kinds;
 *   /course/NAME/run       the program, run on the engine with the
 *                          scenario's settings (and the heap checker on),
 *                          prints what Go 1.19 printed:
 *                          tests/course/NAME.stdout, .stderr (up to and
 *                          including the first "goroutine " line, masked
 *                          as tests/course/regenerate.sh masks it) and
 *                          .exit;
 *   /course/NAME/escape    the engine's escape analysis gives the lines of
 *                          `go build -gcflags='-m -l'` in NAME.escape (the
 *                          narration and the `escapes` quizzes rely on
 *                          them), compared as sets of distinct lines;
 *   /course/NAME/timeline  recorded on the timeline, every anchor is
 *                          reached and every computed answer is defined
 *                          there (gml_scenario_check_dynamic with the
 *                          engine's probe, gml_scenario_probe_new), and
 *                          the program ends.
 *
 * tests/course/regenerate.sh records the goldens with real Go, using the
 * scenario's GOGC, GOMEMLIMIT and GOMAXPROCS.  Go has no environment
 * variable for the stack limit, and runtime/debug.SetMaxStack is outside
 * the simulator's subset, so a scenario that lowers `stack_limit` (to be
 * quick to watch) has goldens recorded at Go's default limit: its run is
 * compared twice, at the scenario's limit with the limit's number masked
 * in "goroutine stack exceeds N-byte limit" (everything else, the exit
 * status and stdout included, must be equal), and at Go's default limit
 * with nothing masked.
 *
 * GML_COURSE_DUMP=1 prints, as TAP comments, where every anchor lands and
 * what every computed answer is: what a scenario author checks the
 * narration against.
 */
#include <glib.h>
#include <string.h>

#include "gml-escape.h"
#include "gml-gc.h"
#include "gml-scenario.h"
#include "gml-state.h"
#include "gml-test-run.h"
#include "gml-timeline.h"

#define DEFAULT_STACK_LIMIT G_GUINT64_CONSTANT (1000000000)

static char *
scenario_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
}

static char *
golden_path (const char *name,
             const char *ext)
{
  g_autofree char *file = g_strconcat (name, ext, NULL);

  return g_test_build_filename (G_TEST_DIST, "course", file, NULL);
}

static GmlScenario *
load_scenario (const char  *name,
               GmlDiagList *diags)
{
  g_autofree char *dir = scenario_dir ();
  g_autofree char *file_name = g_strconcat (name, ".json", NULL);
  g_autofree char *path = g_build_filename (dir, file_name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  return gml_scenario_load_file (file, file_name, diags);
}

/* The course, in order, from data/scenarios/course.txt (gml_course_load
 * also checks that every scenario of the folder is listed). */
static GPtrArray *
read_course (void)
{
  g_autofree char *dir = scenario_dir ();
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GPtrArray) course = gml_course_load (dir, diags);
  g_autofree char *text = gml_diag_list_format (diags);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  if (course == NULL)
    g_error ("data/scenarios/course.txt:\n%s", text);
  for (guint i = 0; i < course->len; i++)
    g_ptr_array_add (names, g_strdup (((GmlCourseEntry *) g_ptr_array_index (course, i))->name));
  return names;
}

/* ------------------------------------------------------------------ */
/* The course as a whole                                               */

static void
test_list (void)
{
  g_autoptr (GPtrArray) course = read_course ();
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpuint (course->len, >=, 15);
  for (guint i = 0; i < course->len; i++)
    {
      const char *name = g_ptr_array_index (course, i);
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
      g_autoptr (GmlScenario) sc = load_scenario (name, diags);

      g_assert_nonnull (sc);
      if (!g_hash_table_add (ids, g_strdup (sc->id)))
        g_error ("two scenarios have the id %s", sc->id);
    }
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */

static void
test_load (gconstpointer data)
{
  const char *name = data;
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = load_scenario (name, diags);
  g_autofree char *text = gml_diag_list_format (diags);
  g_autofree char *go_name = g_strconcat (name, ".go", NULL);
  gboolean kinds[3] = { FALSE, FALSE, FALSE };
  guint n_kinds = 0;

  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (sc);
  g_assert_cmpstr (sc->program_path, ==, go_name);
  g_assert_cmpstr (sc->summary, !=, "");
  g_assert_cmpuint (g_strv_length (sc->tags), >=, 1);
  /* A short program: 10 to 60 lines. */
  g_assert_cmpuint (sc->n_lines, >=, 10);
  g_assert_cmpuint (sc->n_lines, <=, 60);
  g_assert_cmpuint (sc->chapters->len, >=, 2);
  g_assert_cmpuint (sc->cards->len, >=, 4);
  /* At least two quizzes, of at least two kinds. */
  g_assert_cmpuint (sc->quizzes->len, >=, 2);
  for (guint i = 0; i < sc->quizzes->len; i++)
    {
      const GmlQuiz *q = g_ptr_array_index (sc->quizzes, i);

      if (!kinds[q->kind])
        n_kinds++;
      kinds[q->kind] = TRUE;
    }
  g_assert_cmpuint (n_kinds, >=, 2);
}

/* ------------------------------------------------------------------ */
/* Output against Go's                                                 */

static void
compare_run (const char          *name,
             GmlScenario         *sc,
             const GmlVmConfig   *config,
             gboolean             mask_limit)
{
  g_autofree char *go_name = g_strconcat (name, ".go", NULL);
  g_autofree char *out_path = golden_path (name, ".stdout");
  g_autofree char *err_path = golden_path (name, ".stderr");
  g_autofree char *exit_path = golden_path (name, ".exit");
  g_autofree char *want_out = gml_test_read (out_path);
  g_autofree char *want_err_raw = gml_test_read (err_path);
  g_autofree char *want_exit = gml_test_read (exit_path);
  g_autofree char *want_err = gml_test_stderr_prefix (want_err_raw, mask_limit);
  g_autofree char *got_err = NULL;
  GmlTestRun r;

  gml_test_run_source (&r, go_name, sc->source, config, NULL);
  got_err = gml_test_stderr_prefix (r.err->str, mask_limit);
  g_assert_cmpint (r.status, ==, GML_VM_EXITED);
  g_assert_cmpstr (r.out->str, ==, want_out);
  g_assert_cmpstr (got_err, ==, want_err);
  g_assert_cmpint (r.code, ==, atoi (want_exit));
  g_assert_false (r.gc_check_failed);
  gml_test_run_clear (&r);
}

static void
test_run (gconstpointer data)
{
  const char *name = data;
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = load_scenario (name, diags);
  GmlVmConfig config;

  g_assert_nonnull (sc);
  gml_vm_config_init (&config);
  gml_scenario_settings_apply (&sc->settings, &config);
  config.gc_check = TRUE;
  if (sc->settings.stack_limit == DEFAULT_STACK_LIMIT)
    {
      compare_run (name, sc, &config, FALSE);
      return;
    }
  /* A lowered stack limit: Go's goldens were recorded at its default. */
  compare_run (name, sc, &config, TRUE);
  config.max_stack = DEFAULT_STACK_LIMIT;
  config.gc_check = FALSE;   /* half a gigabyte of stack: keep it quick */
  compare_run (name, sc, &config, FALSE);
}

/* ------------------------------------------------------------------ */
/* Escape analysis against Go's -m -l                                  */

/* Distinct "FILE:LINE:COL: message" lines with FILE reduced to the base
 * name, sorted. */
static char *
distinct_lines (GPtrArray *lines)
{
  GString *s = g_string_new (NULL);
  const char *prev = NULL;

  g_ptr_array_sort (lines, gml_test_compare_names);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (line[0] == '\0' || (prev != NULL && strcmp (prev, line) == 0))
        continue;
      g_string_append_printf (s, "%s\n", line);
      prev = line;
    }
  return g_string_free (s, FALSE);
}

static void
test_escape (gconstpointer data)
{
  const char *name = data;
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = load_scenario (name, diags);
  g_autoptr (GmlDiagList) notes = NULL;
  g_autoptr (GPtrArray) got_lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = golden_path (name, ".escape");
  g_autofree char *want_text = gml_test_read (path);
  g_auto (GStrv) want_split = g_strsplit (want_text, "\n", -1);
  g_autoptr (GPtrArray) want_lines = g_ptr_array_new ();
  g_autofree char *got = NULL, *want = NULL;

  g_assert_nonnull (sc);
  notes = gml_escape_diagnostics (sc->program);
  for (guint i = 0; i < gml_diag_list_len (notes); i++)
    {
      const GmlDiag *d = gml_diag_list_get (notes, i);

      g_ptr_array_add (got_lines, g_strdup_printf ("%s.go:%u:%u: %s", name,
                                                   d->pos.line, d->pos.col, d->message));
    }
  for (guint i = 0; want_split[i] != NULL; i++)
    g_ptr_array_add (want_lines, want_split[i]);
  got = distinct_lines (got_lines);
  want = distinct_lines (want_lines);
  g_assert_cmpstr (got, ==, want);
}

/* ------------------------------------------------------------------ */
/* Anchors and answers on the timeline                                 */

static void
collect_object (const GmlStateObject *o,
                gpointer              data)
{
  g_array_append_val ((GArray *) data, *o);
}

static char *
describe_answer (GmlTimeline     *tl,
                 guint64          position,
                 const GmlAnswer *answer)
{
  GString *s;
  g_autoptr (GmlState) state = NULL;

  if (answer->type == GML_ANSWER_TYPE_NUMBER)
    return g_strdup_printf ("%" G_GINT64_FORMAT, answer->number);
  if (answer->type == GML_ANSWER_TYPE_YES_NO)
    return g_strdup (answer->yes ? "yes" : "no");
  state = gml_timeline_state_at (tl, position);
  s = g_string_new (NULL);
  g_string_append_printf (s, "%u objects:", answer->objects->len);
  for (guint i = 0; i < answer->objects->len && i < 12; i++)
    {
      guint64 addr = g_array_index (answer->objects, guint64, i);
      GmlStateObject o;
      g_autofree char *type = NULL;

      if (gml_state_find_object (state, addr, &o))
        type = o.tiny_block ? g_strdup ("tiny block") : gml_state_type_name (o.type);
      g_string_append_printf (s, " %s(%u B)x%u", type != NULL ? type : "?", o.size, o.count);
    }
  return g_string_free (s, FALSE);
}

/* GML_COURSE_DUMP: where each anchor lands, and the answers there. */
static void
dump_anchor (GmlScenarioProbe *probe,
             GmlTimeline      *tl,
             const char       *what,
             const GmlAnchor  *anchor,
             const GmlQuiz    *quiz)
{
  g_autofree char *desc = gml_anchor_describe (anchor);
  g_autofree char *answer_text = NULL;
  g_autoptr (GmlState) state = NULL;
  GmlStateGc gc;
  guint64 position;

  if (!gml_scenario_probe_resolve (probe, anchor, &position))
    {
      g_test_message ("%-28s %s: never reached", what, desc);
      return;
    }
  state = gml_timeline_state_at (tl, position);
  gml_state_gc (state, &gc);
  if (quiz != NULL && quiz->kind != GML_QUIZ_CHOICE)
    {
      GmlAnswer answer;
      char *reason = NULL;

      if (gml_scenario_probe_compute (probe, &quiz->answer, position, &answer, &reason))
        answer_text = describe_answer (tl, position, &answer);
      else
        answer_text = reason;
      gml_answer_clear (&answer);
    }
  g_test_message ("%-28s %-34s step %-8" G_GUINT64_FORMAT " next line %-3u gc %s #%u heap %" G_GUINT64_FORMAT
                  " B in %" G_GUINT64_FORMAT " objects%s%s",
                  what, desc, position, gml_state_line (state), gc.phase, gc.cycle,
                  gc.heap_alloc, gc.heap_objects,
                  answer_text != NULL ? " | answer: " : "", answer_text != NULL ? answer_text : "");
}

/* What the canvas reads at a step: every frame's variables formatted as
 * labels, every heap object's type name.  (It must not crash at any step
 * a learner can scrub to.) */
static void
walk_state (GmlTimeline *tl,
            guint64      step)
{
  g_autoptr (GmlState) state = gml_timeline_state_at (tl, step);
  g_autoptr (GArray) objects = g_array_new (FALSE, FALSE, sizeof (GmlStateObject));
  guint n_goroutines = MIN (gml_state_n_goroutines (state), 64);

  for (guint gi = 0; gi < n_goroutines; gi++)
    {
      GmlStateGoroutine g;

      gml_state_goroutine (state, gi, &g);
      for (guint fi = 0; fi < g.n_frames; fi++)
        {
          GmlStateFrame f;

          gml_state_frame (state, gi, fi, &f);
          for (guint vi = 0; vi < f.n_vars; vi++)
            {
              GmlStateVar v;
              g_autofree char *label = NULL;

              gml_state_var (state, gi, fi, vi, &v);
              label = gml_state_format_value (state, v.type, v.addr, 200);
              g_assert_nonnull (label);
            }
        }
    }
  gml_state_foreach_object (state, 0, collect_object, objects);
  for (guint i = 0; i < objects->len && i < 256; i++)
    {
      const GmlStateObject *o = &g_array_index (objects, GmlStateObject, i);
      g_autofree char *type = o->type != NULL ? gml_state_type_name (o->type) : NULL;

      g_assert_true (o->type == NULL || (type != NULL && type[0] != '\0'));
    }
}

/* Every step of short runs, a sample of the steps of long ones. */
static void
walk_states (GmlTimeline *tl)
{
  guint64 n = gml_timeline_n_steps (tl);
  guint64 stride = MAX (n / 4000, 1);

  for (guint64 step = 0; step <= n; step += stride)
    walk_state (tl, step);
}

static void
test_timeline (gconstpointer data)
{
  const char *name = data;
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = load_scenario (name, diags);
  g_autoptr (GmlDiagList) dyn = gml_diag_list_new ();
  g_autoptr (GmlTimeline) tl = NULL;
  g_autofree char *text = NULL;
  GmlScenarioProbe *probe;
  int exit_code = -1;

  g_assert_nonnull (sc);
  tl = gml_scenario_new_timeline (sc, diags);
  g_assert_nonnull (tl);
  gml_timeline_run (tl, G_MAXUINT64);
  g_assert_cmpint (gml_timeline_end (tl, &exit_code, NULL), ==, GML_TIMELINE_END_EXIT);

  /* The engine's probe, as `gomemlab-cli check` uses it. */
  probe = gml_scenario_probe_new (tl);
  g_assert_true (probe->ended);
  gml_scenario_check_dynamic (sc, probe, dyn);
  walk_states (tl);

  if (g_getenv ("GML_COURSE_DUMP") != NULL)
    {
      g_test_message ("%s: %" G_GUINT64_FORMAT " steps, exit %d", name, probe->n_steps, exit_code);
      for (guint i = 0; i < sc->chapters->len; i++)
        {
          const GmlChapter *c = g_ptr_array_index (sc->chapters, i);
          g_autofree char *what = g_strdup_printf ("chapter %u", i + 1);

          dump_anchor (probe, tl, what, &c->anchor, NULL);
        }
      for (guint i = 0; i < sc->cards->len; i++)
        {
          const GmlCard *c = g_ptr_array_index (sc->cards, i);
          g_autofree char *what = g_strdup_printf ("card %u %.18s", i + 1, c->title != NULL ? c->title : "");

          dump_anchor (probe, tl, what, &c->anchor, NULL);
        }
      for (guint i = 0; i < sc->quizzes->len; i++)
        {
          const GmlQuiz *q = g_ptr_array_index (sc->quizzes, i);
          g_autofree char *what = g_strdup_printf ("quiz %.22s", q->id);

          dump_anchor (probe, tl, what, &q->anchor, q);
        }
    }
  gml_scenario_probe_free (probe);

  text = gml_diag_list_format (dyn);
  g_assert_cmpstr (text, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GPtrArray) course = NULL;

  g_test_init (&argc, &argv, NULL);
  course = read_course ();
  g_test_add_func ("/course/list", test_list);
  for (guint i = 0; i < course->len; i++)
    {
      const char *name = g_ptr_array_index (course, i);
      g_autofree char *load = g_strdup_printf ("/course/%s/load", name);
      g_autofree char *run = g_strdup_printf ("/course/%s/run", name);
      g_autofree char *escape = g_strdup_printf ("/course/%s/escape", name);
      g_autofree char *timeline = g_strdup_printf ("/course/%s/timeline", name);

      g_test_add_data_func (load, name, test_load);
      g_test_add_data_func (run, name, test_run);
      g_test_add_data_func (escape, name, test_escape);
      g_test_add_data_func (timeline, name, test_timeline);
    }
  return g_test_run ();
}
