/* test-course.c: the built-in course (data/scenarios/) against real Go.
 *
 * data/scenarios/course.txt lists the course in order, one scenario (the
 * NAME of NAME.json) a line.  For every scenario it lists:
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
 *                          there (gml_scenario_check_dynamic with a probe
 *                          over the timeline), and the program ends.
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

/* The course, in order, from data/scenarios/course.txt. */
static GPtrArray *
read_course (void)
{
  g_autofree char *dir = scenario_dir ();
  g_autofree char *path = g_build_filename (dir, "course.txt", NULL);
  g_autofree char *text = gml_test_read (path);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (line[0] != '\0' && line[0] != '#')
        g_ptr_array_add (names, g_steal_pointer (&line));
    }
  return names;
}

/* ------------------------------------------------------------------ */
/* The course as a whole                                               */

static void
test_list (void)
{
  g_autoptr (GPtrArray) course = read_course ();
  g_autofree char *dir_path = scenario_dir ();
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *entry;

  g_assert_nonnull (dir);
  g_assert_cmpuint (course->len, >=, 15);
  for (guint i = 0; i < course->len; i++)
    {
      const char *name = g_ptr_array_index (course, i);
      g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
      g_autoptr (GmlScenario) sc = load_scenario (name, diags);

      if (!g_hash_table_add (listed, (gpointer) name))
        g_error ("course.txt lists %s twice", name);
      g_assert_nonnull (sc);
      if (!g_hash_table_add (ids, g_strdup (sc->id)))
        g_error ("two scenarios have the id %s", sc->id);
    }
  /* Every built-in scenario is part of the course. */
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".json"))
      {
        g_autofree char *stem = g_strndup (entry, strlen (entry) - 5);

        if (!g_hash_table_contains (listed, stem))
          g_error ("data/scenarios/%s is not in course.txt", entry);
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

/* The part of standard error Go's output fixes, masked as
 * tests/course/regenerate.sh masks Go's: up to and including the first
 * line that starts with "goroutine ", without a fatal error's "runtime
 * stack:" block, with pc=, sp=, fp= values and stack=[lo, hi] bounds
 * masked; with `mask_limit`, also the number of "exceeds N-byte limit". */
static char *
normalise_stderr (const char *err,
                  gboolean    mask_limit)
{
  g_auto (GStrv) lines = g_strsplit (err, "\n", -1);
  g_autoptr (GRegex) addr = g_regex_new ("(pc|sp|fp)=0x[0-9a-fA-F]+", 0, 0, NULL);
  g_autoptr (GRegex) bounds = g_regex_new ("stack=\\[0x[0-9a-fA-F]+, 0x[0-9a-fA-F]+\\]", 0, 0, NULL);
  g_autoptr (GRegex) limit = g_regex_new ("exceeds [0-9]+-byte limit", 0, 0, NULL);
  GString *s = g_string_new (NULL);
  gboolean skipping = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *a = NULL, *b = NULL, *c = NULL;

      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      if (skipping)
        {
          skipping = lines[i][0] != '\0';
          continue;
        }
      if (strcmp (lines[i], "runtime stack:") == 0)
        {
          skipping = TRUE;
          continue;
        }
      a = g_regex_replace (addr, lines[i], -1, 0, "\\1=0x?", 0, NULL);
      b = g_regex_replace_literal (bounds, a, -1, 0, "stack=[0x?, 0x?]", 0, NULL);
      c = mask_limit ? g_regex_replace_literal (limit, b, -1, 0, "exceeds N-byte limit", 0, NULL)
                     : g_strdup (b);
      g_string_append_printf (s, "%s\n", c);
      if (g_str_has_prefix (lines[i], "goroutine "))
        break;
    }
  return g_string_free (s, FALSE);
}

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
  g_autofree char *want_err = normalise_stderr (want_err_raw, mask_limit);
  g_autofree char *got_err = NULL;
  GmlTestRun r;

  gml_test_run_source (&r, go_name, sc->source, config, NULL);
  got_err = normalise_stderr (r.err->str, mask_limit);
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

typedef struct
{
  GmlScenarioProbe  probe;
  GmlTimeline      *tl;
  const GmlImage   *image;
  GmlProgram       *program;
} Probe;

static gboolean
stmt_in_main_file (const Probe         *p,
                   guint32              stmt,
                   const GmlStmtInfo  **out)
{
  const GmlStmtInfo *info;
  const GmlCode *code;

  if (stmt == 0 || stmt >= p->image->stmts->len)
    return FALSE;
  info = &g_array_index (p->image->stmts, GmlStmtInfo, stmt);
  code = g_ptr_array_index (p->image->codes, info->func);
  *out = info;
  return code->func != NULL && code->func->pkg == p->image->program->main_pkg;
}

/* Arrivals at a line, as gml-scenario.h defines them. */
static gboolean
resolve_line (Probe           *p,
              const GmlAnchor *a,
              guint64         *position)
{
  guint64 n = gml_timeline_n_steps (p->tl);
  guint prev_line = 0, prev_func = G_MAXUINT, hits = 0;

  for (guint64 step = 1; step <= n; step++)
    {
      guint32 stmt = gml_timeline_stmt (p->tl, step);
      const GmlStmtInfo *info = NULL;
      gboolean main_file;

      if (stmt == 0)
        continue;
      main_file = stmt_in_main_file (p, stmt, &info);
      if (main_file && info->line == a->line
          && (prev_line != a->line || prev_func != info->func) && ++hits == a->nth)
        {
          *position = step - 1;
          return TRUE;
        }
      prev_line = main_file ? info->line : 0;
      prev_func = info != NULL ? info->func : G_MAXUINT;
    }
  return FALSE;
}

static gboolean
resolve_coarse (Probe           *p,
                const GmlAnchor *a,
                guint64         *position)
{
  guint n = gml_timeline_n_events (p->tl), seen = 0;

  for (guint i = 0; i < n; i++)
    {
      GmlEvent e;

      g_assert_true (gml_timeline_event (p->tl, i, &e));
      if (a->kind == GML_ANCHOR_GC && e.kind == GML_EVENT_GC_PHASE
          && e.a == a->gc_phase && e.b == a->nth)
        {
          *position = e.step;
          return TRUE;
        }
      if (a->kind == GML_ANCHOR_EVENT && e.kind == a->event && ++seen == a->nth)
        {
          *position = e.step;
          return TRUE;
        }
    }
  return FALSE;
}

/* Fine events are regenerated by replaying, a slice of steps at a time. */
static gboolean
resolve_fine (Probe           *p,
              const GmlAnchor *a,
              guint64         *position)
{
  guint64 n = gml_timeline_n_steps (p->tl);
  guint seen = 0;

  for (guint64 from = 0; from < n; from += 4096)
    {
      g_autoptr (GArray) events = gml_timeline_fine_events (p->tl, from, MIN (from + 4096, n), G_MAXUINT);

      for (guint i = 0; i < events->len; i++)
        {
          const GmlEvent *e = &g_array_index (events, GmlEvent, i);

          if (e->kind == a->event && ++seen == a->nth)
            {
              *position = e->step;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static gboolean
probe_resolve (GmlScenarioProbe *probe,
               const GmlAnchor  *a,
               guint64          *position)
{
  Probe *p = (Probe *) probe;

  switch (a->kind)
    {
    case GML_ANCHOR_LINE:
      return resolve_line (p, a, position);
    case GML_ANCHOR_GC:
      return resolve_coarse (p, a, position);
    case GML_ANCHOR_EVENT:
      return gml_event_kind_coarse (a->event) ? resolve_coarse (p, a, position)
                                               : resolve_fine (p, a, position);
    case GML_ANCHOR_STEP:
      *position = a->step;
      return a->step <= probe->n_steps;
    case GML_ANCHOR_END:
    default:
      *position = probe->n_steps;
      return probe->ended;
    }
}

/* The first coarse GC-phase event entering `phase` after `position`. */
static gboolean
next_phase (Probe   *p,
            guint64  position,
            guint    phase,
            GmlEvent *out)
{
  guint n = gml_timeline_n_events (p->tl);

  for (guint i = gml_timeline_event_index (p->tl, position + 1); i < n; i++)
    {
      g_assert_true (gml_timeline_event (p->tl, i, out));
      if (out->kind == GML_EVENT_GC_PHASE && out->a == phase && out->step > position)
        return TRUE;
    }
  return FALSE;
}

/* The variable's frame and slot: the innermost frame of its function in
 * the goroutine that runs next. */
static gboolean
find_var (Probe           *p,
          GmlState        *state,
          const GmlVarRef *ref,
          GmlStateVar     *out,
          char           **reason)
{
  GmlFunc *func = NULL;
  GmlObject *obj = NULL;

  if (!gml_scenario_resolve_var (p->program, ref, &func, &obj))
    {
      *reason = g_strdup_printf ("no variable %s", ref->name);
      return FALSE;
    }
  if (func == NULL)
    {
      *reason = g_strdup_printf ("%s is a global (this probe reads locals only)", ref->name);
      return FALSE;
    }
  for (guint gi = 0; gi < gml_state_n_goroutines (state); gi++)
    {
      GmlStateGoroutine g;

      gml_state_goroutine (state, gi, &g);
      if (!g.current)
        continue;
      for (guint fi = 0; fi < g.n_frames; fi++)
        {
          GmlStateFrame f;

          gml_state_frame (state, gi, fi, &f);
          if (f.func != func)
            continue;
          for (guint vi = 0; vi < f.n_vars; vi++)
            {
              gml_state_var (state, gi, fi, vi, out);
              if (out->var == obj)
                return TRUE;
            }
          *reason = g_strdup_printf ("%s is not in scope", ref->name);
          return FALSE;
        }
    }
  *reason = g_strdup_printf ("%s is not running", ref->func);
  return FALSE;
}

static gboolean
compute_len_cap (Probe               *p,
                 GmlState            *state,
                 const GmlAnswerSpec *spec,
                 GmlAnswer           *answer,
                 char               **reason)
{
  GmlStateVar v;
  GmlType *t;
  guint64 words[3] = { 0, 0, 0 };

  if (!find_var (p, state, &spec->var, &v, reason))
    return FALSE;
  t = gml_type_underlying (v.type);
  answer->type = GML_ANSWER_TYPE_NUMBER;
  switch (t->kind)
    {
    case GML_TYPE_SLICE:
      gml_state_read (state, v.addr, words, sizeof words);
      answer->number = (gint64) (spec->kind == GML_ANSWER_LEN ? words[1] : words[2]);
      return TRUE;
    case GML_TYPE_STRING:
      gml_state_read (state, v.addr, words, 2 * sizeof words[0]);
      answer->number = (gint64) words[1];
      return spec->kind == GML_ANSWER_LEN;
    case GML_TYPE_ARRAY:
      answer->number = t->u.array.len;
      return TRUE;
    case GML_TYPE_MAP:
      gml_state_read (state, v.addr, words, sizeof words[0]);
      if (words[0] != 0)
        gml_state_read (state, words[0], &words[1], sizeof words[1]);
      answer->number = (gint64) (words[0] != 0 ? words[1] : 0);
      return spec->kind == GML_ANSWER_LEN;
    default:
      *reason = g_strdup ("this probe cannot read that type");
      return FALSE;
    }
}

static void
collect_object (const GmlStateObject *o,
                gpointer              data)
{
  g_array_append_val ((GArray *) data, *o);
}

static gint
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  GmlState   *state;
  GHashTable *seen;     /* object addresses */
  GQueue      queue;    /* GmlStateObject* to scan */
} Reach;

static void
reach_pointer (guint64  offset,
               guint64  target,
               gpointer data)
{
  Reach *r = data;
  GmlStateObject o;

  if (!gml_state_find_object (r->state, target, &o)
      || g_hash_table_contains (r->seen, &o.addr))
    return;
  g_hash_table_add (r->seen, g_memdup2 (&o.addr, sizeof o.addr));
  g_queue_push_tail (&r->queue, g_memdup2 (&o, sizeof o));
}

static void
answer_objects (GmlAnswer *answer,
                GArray    *addrs)
{
  answer->type = GML_ANSWER_TYPE_OBJECTS;
  g_array_sort (addrs, compare_u64);
  answer->objects = addrs;
}

static gboolean
compute_reachable (Probe               *p,
                   GmlState            *state,
                   const GmlAnswerSpec *spec,
                   GmlAnswer           *answer,
                   char               **reason)
{
  GmlStateVar v;
  Reach r = { state, g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL), G_QUEUE_INIT };
  GArray *addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  GHashTableIter iter;
  gpointer key;
  GmlStateObject *o;

  if (!find_var (p, state, &spec->var, &v, reason))
    {
      g_hash_table_unref (r.seen);
      g_array_unref (addrs);
      return FALSE;
    }
  if (v.moved_to_heap)
    reach_pointer (0, v.addr, &r);
  gml_state_foreach_pointer (state, v.type, v.addr, reach_pointer, &r);
  while ((o = g_queue_pop_head (&r.queue)) != NULL)
    {
      if (o->type != NULL && o->type->size > 0)
        for (guint32 i = 0; i < o->count; i++)
          gml_state_foreach_pointer (state, o->type, o->addr + (guint64) i * (guint64) o->type->size,
                                     reach_pointer, &r);
      g_free (o);
    }
  g_hash_table_iter_init (&iter, r.seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (addrs, *(guint64 *) key);
  g_hash_table_unref (r.seen);
  answer_objects (answer, addrs);
  return TRUE;
}

static gboolean
compute_freed (Probe      *p,
               GmlState   *state,
               guint64     position,
               GmlAnswer  *answer,
               char      **reason)
{
  g_autoptr (GArray) objects = g_array_new (FALSE, FALSE, sizeof (GmlStateObject));
  g_autoptr (GHashTable) at_position = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  GmlEvent start, mark_end, next;
  guint64 to;

  if (!next_phase (p, position, GML_GC_SWEEP_TERM, &start))
    {
      *reason = g_strdup ("no GC cycle starts after it");
      g_array_unref (addrs);
      return FALSE;
    }
  /* Frees that follow the cycle's marking, until the next cycle starts
   * (whose sweep termination finishes the sweep) or the run ends. */
  g_assert_true (next_phase (p, start.step - 1, GML_GC_MARK_TERM, &mark_end));
  to = next_phase (p, mark_end.step, GML_GC_SWEEP_TERM, &next) ? next.step : gml_timeline_n_steps (p->tl);
  gml_state_foreach_object (state, 0, collect_object, objects);
  for (guint i = 0; i < objects->len; i++)
    g_hash_table_add (at_position, &g_array_index (objects, GmlStateObject, i).addr);
  for (guint64 from = mark_end.step - 1; from < to; from += 4096)
    {
      g_autoptr (GArray) events = gml_timeline_fine_events (p->tl, from, MIN (from + 4096, to), G_MAXUINT);

      for (guint i = 0; i < events->len; i++)
        {
          GmlEvent *e = &g_array_index (events, GmlEvent, i);

          if (e->kind == GML_EVENT_FREE && g_hash_table_remove (at_position, &e->a))
            g_array_append_val (addrs, e->a);
        }
    }
  answer_objects (answer, addrs);
  return TRUE;
}

static gboolean
compute_of_type (Probe               *p,
                 GmlState            *state,
                 const GmlAnswerSpec *spec,
                 GmlAnswer           *answer,
                 char               **reason)
{
  GmlType *type = gml_scenario_resolve_type (p->program, spec->type);
  g_autoptr (GArray) objects = g_array_new (FALSE, FALSE, sizeof (GmlStateObject));
  GArray *addrs = g_array_new (FALSE, FALSE, sizeof (guint64));

  if (type == NULL)
    {
      *reason = g_strdup_printf ("no type %s", spec->type);
      g_array_unref (addrs);
      return FALSE;
    }
  gml_state_foreach_object (state, 0, collect_object, objects);
  for (guint i = 0; i < objects->len; i++)
    {
      const GmlStateObject *o = &g_array_index (objects, GmlStateObject, i);

      if (o->type == type)
        g_array_append_val (addrs, o->addr);
    }
  answer_objects (answer, addrs);
  return TRUE;
}

static gboolean
probe_compute (GmlScenarioProbe    *probe,
               const GmlAnswerSpec *spec,
               guint64              position,
               GmlAnswer           *answer,
               char               **reason)
{
  Probe *p = (Probe *) probe;
  g_autoptr (GmlState) state = NULL;
  GmlStateGc gc;
  GmlEvent e;

  memset (answer, 0, sizeof *answer);
  if (spec->kind == GML_ANSWER_ESCAPES)
    return gml_scenario_static_answer (p->program, spec, answer);
  state = gml_timeline_state_at (p->tl, position);
  gml_state_gc (state, &gc);
  answer->type = GML_ANSWER_TYPE_NUMBER;
  switch (spec->kind)
    {
    case GML_ANSWER_HEAP_OBJECTS:
      answer->number = (gint64) gc.heap_objects;
      return TRUE;
    case GML_ANSWER_HEAP_BYTES:
      answer->number = (gint64) gc.heap_alloc;
      return TRUE;
    case GML_ANSWER_GC_CYCLES:
      answer->number = gc.numgc;
      return TRUE;
    case GML_ANSWER_LIVE_BYTES_AFTER_NEXT_GC:
      if (!next_phase (p, position, GML_GC_SWEEP, &e))
        {
          *reason = g_strdup ("no GC cycle finishes marking after it");
          return FALSE;
        }
      {
        g_autoptr (GmlState) after = gml_timeline_state_at (p->tl, e.step);
        GmlStateGc agc;

        gml_state_gc (after, &agc);
        answer->number = (gint64) agc.heap_marked;
      }
      return TRUE;
    case GML_ANSWER_GOROUTINES:
      for (guint i = 0; i < gml_state_n_goroutines (state); i++)
        {
          GmlStateGoroutine g;

          gml_state_goroutine (state, i, &g);
          if (g.status != GML_STATE_G_DEAD && !g.system)
            answer->number++;
        }
      return TRUE;
    case GML_ANSWER_STACK_SIZE:
      for (guint i = 0; i < gml_state_n_goroutines (state); i++)
        {
          GmlStateGoroutine g;

          gml_state_goroutine (state, i, &g);
          if (g.goid == spec->goroutine && g.status != GML_STATE_G_DEAD)
            {
              answer->number = (gint64) (g.stack_hi - g.stack_lo);
              return TRUE;
            }
        }
      *reason = g_strdup_printf ("goroutine %" G_GUINT64_FORMAT " does not exist", spec->goroutine);
      return FALSE;
    case GML_ANSWER_LEN:
    case GML_ANSWER_CAP:
      return compute_len_cap (p, state, spec, answer, reason);
    case GML_ANSWER_FREED_BY_NEXT_GC:
      return compute_freed (p, state, position, answer, reason);
    case GML_ANSWER_HEAP_OBJECTS_OF_VAR:
      return compute_reachable (p, state, spec, answer, reason);
    case GML_ANSWER_OBJECTS_OF_TYPE:
      return compute_of_type (p, state, spec, answer, reason);
    case GML_ANSWER_ESCAPES:
    default:
      g_assert_not_reached ();
    }
}

static char *
describe_answer (Probe           *p,
                 guint64          position,
                 const GmlAnswer *answer)
{
  GString *s;
  g_autoptr (GmlState) state = NULL;

  if (answer->type == GML_ANSWER_TYPE_NUMBER)
    return g_strdup_printf ("%" G_GINT64_FORMAT, answer->number);
  if (answer->type == GML_ANSWER_TYPE_YES_NO)
    return g_strdup (answer->yes ? "yes" : "no");
  state = gml_timeline_state_at (p->tl, position);
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
dump_anchor (Probe           *p,
             const char      *what,
             const GmlAnchor *anchor,
             const GmlQuiz   *quiz)
{
  g_autofree char *desc = gml_anchor_describe (anchor);
  g_autofree char *answer_text = NULL;
  g_autoptr (GmlState) state = NULL;
  GmlStateGc gc;
  guint64 position;

  if (!probe_resolve (&p->probe, anchor, &position))
    {
      g_test_message ("%-28s %s: never reached", what, desc);
      return;
    }
  state = gml_timeline_state_at (p->tl, position);
  gml_state_gc (state, &gc);
  if (quiz != NULL && quiz->kind != GML_QUIZ_CHOICE)
    {
      GmlAnswer answer;
      char *reason = NULL;

      if (probe_compute (&p->probe, &quiz->answer, position, &answer, &reason))
        answer_text = describe_answer (p, position, &answer);
      else
        answer_text = reason;
      if (answer.type == GML_ANSWER_TYPE_OBJECTS && answer.objects != NULL)
        g_array_unref (answer.objects);
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
  GmlTimelineConfig tl_config;
  GmlVmConfig vm_config;
  GmlProgram *program;
  GmlImage *image;
  Probe p = { { probe_resolve, probe_compute } };
  int exit_code = -1;

  g_assert_nonnull (sc);
  gml_timeline_config_init (&tl_config);
  gml_vm_config_init (&vm_config);
  gml_scenario_settings_apply (&sc->settings, &vm_config);
  gml_scenario_steal_program (sc, &program, &image);
  tl = gml_timeline_new (program, image, &vm_config, &tl_config);
  gml_timeline_run (tl, G_MAXUINT64);
  g_assert_cmpint (gml_timeline_end (tl, &exit_code, NULL), ==, GML_TIMELINE_END_EXIT);

  p.tl = tl;
  p.image = gml_timeline_get_image (tl);
  p.program = gml_timeline_get_program (tl);
  p.probe.n_steps = gml_timeline_n_steps (tl);
  p.probe.ended = TRUE;
  gml_scenario_check_dynamic (sc, &p.probe, dyn);
  walk_states (tl);

  if (g_getenv ("GML_COURSE_DUMP") != NULL)
    {
      g_test_message ("%s: %" G_GUINT64_FORMAT " steps, exit %d", name, p.probe.n_steps, exit_code);
      for (guint i = 0; i < sc->chapters->len; i++)
        {
          const GmlChapter *c = g_ptr_array_index (sc->chapters, i);
          g_autofree char *what = g_strdup_printf ("chapter %u", i + 1);

          dump_anchor (&p, what, &c->anchor, NULL);
        }
      for (guint i = 0; i < sc->cards->len; i++)
        {
          const GmlCard *c = g_ptr_array_index (sc->cards, i);
          g_autofree char *what = g_strdup_printf ("card %u %.18s", i + 1, c->title != NULL ? c->title : "");

          dump_anchor (&p, what, &c->anchor, NULL);
        }
      for (guint i = 0; i < sc->quizzes->len; i++)
        {
          const GmlQuiz *q = g_ptr_array_index (sc->quizzes, i);
          g_autofree char *what = g_strdup_printf ("quiz %.22s", q->id);

          dump_anchor (&p, what, &q->anchor, q);
        }
    }

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
