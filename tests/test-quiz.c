/* test-quiz.c: the answers the engine computes for quizzes, and what the
 * scenario tooling around them checks.
 *
 *   /quiz/go/NAME         tests/quiz/NAME.go runs on the engine, with the
 *                         settings of NAME.json, printing what Go 1.19
 *                         printed (NAME.stdout, NAME.stderr) and making
 *                         Go's escape decisions (NAME.escape), all
 *                         recorded by tests/quiz/regenerate.sh;
 *   /quiz/answers/NAME    the quizzes of tests/quiz/NAME.json, computed by
 *                         the engine's probe at their anchors, against
 *                         values established independently: the numbers
 *                         the program itself prints under Go 1.19, Go's
 *                         rules worked out by hand (growth of a slice,
 *                         size classes, the 2 KiB first stack), or another
 *                         mechanism of the engine (MemStats read by the
 *                         program, another answer kind at the same point);
 *   /quiz/anchors/...     where anchors land: arrivals at a line (frames,
 *                         goroutines, package initialisers), GC phases,
 *                         events, steps;
 *   /quiz/globals         reading package-level variables from a state;
 *   /quiz/names/...       references to variables declared twice;
 *   /quiz/course/...      gml_course_load on good and broken folders;
 *   /quiz/cli/...         `gomemlab-cli check` (GML_CLI names the binary)
 *                         on the built-in course, the good and the bad
 *                         scenarios of the test suite.
 *
 * Together the quiz scenarios ask for every answer kind of
 * gml-answer.def (/quiz/answers/every-kind checks it).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "gml-escape.h"
#include "gml-scenario.h"
#include "gml-state.h"
#include "gml-test-run.h"
#include "gml-timeline.h"

static const char * const quiz_programs[] = {
  "arrivals", "escapes", "goroutines", "heap-count", "lencap", "live", "objects", NULL
};

static char *
quiz_path (const char *name,
           const char *ext)
{
  g_autofree char *file = g_strconcat (name, ext, NULL);

  return g_test_build_filename (G_TEST_DIST, "quiz", file, NULL);
}

static GmlScenario *
load_quiz (const char *name)
{
  g_autofree char *path = quiz_path (name, ".json");
  g_autofree char *file_name = g_strconcat (name, ".json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlScenario *sc = gml_scenario_load_file (file, file_name, diags);
  g_autofree char *text = gml_diag_list_format (diags);

  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (sc);
  return sc;
}

/* A quiz scenario, recorded, with the engine's probe over its run. */
typedef struct
{
  GmlScenario      *sc;
  GmlTimeline      *tl;
  GmlScenarioProbe *probe;
} Run;

static void
run_init (Run        *r,
          const char *name)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlDiagList) dyn = gml_diag_list_new ();
  g_autofree char *text = NULL;

  r->sc = load_quiz (name);
  r->tl = gml_scenario_new_timeline (r->sc, diags);
  g_assert_nonnull (r->tl);
  gml_timeline_run (r->tl, G_MAXUINT64);
  g_assert_cmpint (gml_timeline_end (r->tl, NULL, NULL), ==, GML_TIMELINE_END_EXIT);
  r->probe = gml_scenario_probe_new (r->tl);
  g_assert_nonnull (r->probe);
  g_assert_true (r->probe->ended);
  g_assert_cmpuint (r->probe->n_steps, ==, gml_timeline_n_steps (r->tl));
  /* What `gomemlab-cli check` says about the scenario: nothing. */
  g_assert_true (gml_scenario_check_dynamic (r->sc, r->probe, dyn));
  text = gml_diag_list_format (dyn);
  g_assert_cmpstr (text, ==, "");
}

static void
run_clear (Run *r)
{
  gml_scenario_probe_free (r->probe);
  gml_timeline_unref (r->tl);
  gml_scenario_free (r->sc);
}

static const GmlQuiz *
find_quiz (Run        *r,
           const char *id)
{
  for (guint i = 0; i < r->sc->quizzes->len; i++)
    {
      const GmlQuiz *q = g_ptr_array_index (r->sc->quizzes, i);

      if (strcmp (q->id, id) == 0)
        return q;
    }
  g_error ("no quiz %s", id);
  return NULL;
}

static guint64
quiz_position (Run        *r,
               const char *id)
{
  guint64 position = G_MAXUINT64;

  g_assert_true (gml_scenario_probe_resolve (r->probe, &find_quiz (r, id)->anchor, &position));
  return position;
}

/* The quiz's computed answer at its anchor (it must be defined). */
static void
answer_of (Run        *r,
           const char *id,
           GmlAnswer  *answer)
{
  const GmlQuiz *q = find_quiz (r, id);
  g_autofree char *reason = NULL;

  if (!gml_scenario_probe_compute (r->probe, &q->answer, quiz_position (r, id), answer, &reason))
    g_error ("quiz %s: %s", id, reason);
  g_assert_cmpint (answer->type, ==, gml_answer_kind_type (q->answer.kind));
}

static gint64
number_of (Run        *r,
           const char *id)
{
  GmlAnswer a;

  answer_of (r, id, &a);
  g_assert_cmpint (a.type, ==, GML_ANSWER_TYPE_NUMBER);
  return a.number;
}

static gboolean
yes_of (Run        *r,
        const char *id)
{
  GmlAnswer a;

  answer_of (r, id, &a);
  g_assert_cmpint (a.type, ==, GML_ANSWER_TYPE_YES_NO);
  return a.yes;
}

/* The objects of a pick quiz (sorted, unique), owned by the caller. */
static GArray *
objects_of (Run        *r,
            const char *id)
{
  GmlAnswer a;

  answer_of (r, id, &a);
  g_assert_cmpint (a.type, ==, GML_ANSWER_TYPE_OBJECTS);
  g_assert_nonnull (a.objects);
  for (guint i = 1; i < a.objects->len; i++)
    g_assert_cmpuint (g_array_index (a.objects, guint64, i - 1), <, g_array_index (a.objects, guint64, i));
  return a.objects;
}

static void
assert_same_objects (GArray *a,
                     GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpuint (g_array_index (a, guint64, i), ==, g_array_index (b, guint64, i));
}

static gboolean
contains_object (GArray  *set,
                 guint64  addr)
{
  for (guint i = 0; i < set->len; i++)
    if (g_array_index (set, guint64, i) == addr)
      return TRUE;
  return FALSE;
}

/* The heap object at addr in the state at the quiz's position. */
static void
object_at (Run            *r,
           const char     *id,
           guint64         addr,
           GmlStateObject *out)
{
  g_autoptr (GmlState) state = gml_timeline_state_at (r->tl, quiz_position (r, id));

  g_assert_true (gml_state_find_object (state, addr, out));
  g_assert_cmpuint (out->addr, ==, addr);
}

static void
assert_type_name (const GmlStateObject *o,
                  const char           *want)
{
  g_autofree char *name = gml_state_type_name (o->type);

  g_assert_cmpstr (name, ==, want);
}

/* ------------------------------------------------------------------ */
/* The programs against Go                                             */

static char *
escape_lines (GmlDiagList *notes,
              const char  *file)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < gml_diag_list_len (notes); i++)
    {
      const GmlDiag *d = gml_diag_list_get (notes, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s:%u:%u: %s", file, d->pos.line, d->pos.col, d->message));
    }
  g_ptr_array_sort (lines, gml_test_compare_names);
  for (guint i = 0; i < lines->len; i++)
    if (i == 0 || strcmp (g_ptr_array_index (lines, i - 1), g_ptr_array_index (lines, i)) != 0)
      g_string_append_printf (s, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (s, FALSE);
}

static char *
sorted_lines (const char *text)
{
  g_auto (GStrv) split = g_strsplit (text, "\n", -1);
  g_autoptr (GPtrArray) lines = g_ptr_array_new ();
  GString *s = g_string_new (NULL);

  for (guint i = 0; split[i] != NULL; i++)
    if (split[i][0] != '\0')
      g_ptr_array_add (lines, split[i]);
  g_ptr_array_sort (lines, gml_test_compare_names);
  for (guint i = 0; i < lines->len; i++)
    if (i == 0 || strcmp (g_ptr_array_index (lines, i - 1), g_ptr_array_index (lines, i)) != 0)
      g_string_append_printf (s, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (s, FALSE);
}

static void
test_go (gconstpointer data)
{
  const char *name = data;
  g_autoptr (GmlScenario) sc = load_quiz (name);
  g_autofree char *out_path = quiz_path (name, ".stdout");
  g_autofree char *err_path = quiz_path (name, ".stderr");
  g_autofree char *esc_path = quiz_path (name, ".escape");
  g_autofree char *want_out = gml_test_read (out_path);
  g_autofree char *want_err = gml_test_read (err_path);
  g_autofree char *want_esc_raw = gml_test_read (esc_path);
  g_autofree char *want_esc = sorted_lines (want_esc_raw);
  g_autofree char *go_name = g_strconcat (name, ".go", NULL);
  g_autoptr (GmlDiagList) notes = NULL;
  g_autofree char *got_esc = NULL;
  GmlVmConfig config;
  GmlTestRun run;

  gml_vm_config_init (&config);
  gml_scenario_settings_apply (&sc->settings, &config);
  config.gc_check = TRUE;
  gml_test_run_source (&run, go_name, sc->source, &config, NULL);
  g_assert_cmpint (run.status, ==, GML_VM_EXITED);
  g_assert_cmpint (run.code, ==, 0);
  g_assert_cmpstr (run.out->str, ==, want_out);
  g_assert_cmpstr (run.err->str, ==, want_err);
  g_assert_false (run.gc_check_failed);
  gml_test_run_clear (&run);

  notes = gml_escape_diagnostics (sc->program);
  got_esc = escape_lines (notes, go_name);
  g_assert_cmpstr (got_esc, ==, want_esc);
}

/* ------------------------------------------------------------------ */
/* Answers                                                             */

/* heap_objects, heap_bytes, gc_cycles.  Between lines 15 and 21 the
 * program allocates make([]*T, 0, 4) (32 bytes) and three &T{} (24
 * bytes each, size class 24), and it prints the difference it measures
 * with runtime.ReadMemStats: Go 1.19 prints "4 104 0", then 2 cycles
 * after two runtime.GC() with GOGC=off. */
static void
test_heap_count (void)
{
  Run r;

  run_init (&r, "heap-count");
  g_assert_cmpint (number_of (&r, "objects-after") - number_of (&r, "objects-before"), ==, 4);
  g_assert_cmpint (number_of (&r, "bytes-after") - number_of (&r, "bytes-before"), ==, 104);
  g_assert_cmpint (number_of (&r, "cycles-before"), ==, 0);
  g_assert_cmpint (number_of (&r, "cycles-after"), ==, 2);
  /* When cycle 2 goes idle it has completed. */
  g_assert_cmpint (number_of (&r, "cycles-at-gc2"), ==, 2);
  /* The absolute numbers are the simulated MemStats' (the program read
   * them at line 14, right before the anchor at line 15). */
  {
    g_autoptr (GmlState) state = gml_timeline_state_at (r.tl, quiz_position (&r, "objects-before"));

    g_assert_cmpuint (gml_state_n_objects (state), >=, (guint64) number_of (&r, "objects-before") - 1);
  }
  run_clear (&r);
}

/* live_bytes_after_next_gc: between the two runtime.GC() calls the
 * program keeps five of ten 64-byte arrays, in a slice grown to cap 8
 * (64 bytes): 384 more live bytes, what Go 1.19 prints.  After
 * runtime.GC() returns (its sweep done, nothing allocated since), the
 * heap holds exactly the bytes the cycle found live. */
static void
test_live (void)
{
  Run r;

  run_init (&r, "live");
  g_assert_cmpint (number_of (&r, "live-second") - number_of (&r, "live-first"), ==, 384);
  g_assert_cmpint (number_of (&r, "live-first"), ==, number_of (&r, "heap-after-first"));
  g_assert_cmpint (number_of (&r, "live-second"), ==, number_of (&r, "heap-after-second"));
  run_clear (&r);
}

/* goroutines, stack_size, and len in the goroutine that runs next.
 * Go 1.19 prints 4 goroutines (main and three blocked in wait); a new
 * goroutine's stack is _StackMin, 2048 bytes (no GC has run, so the
 * adaptive starting size is still the minimum); main's stack, after
 * deep(20) with 21 frames of over 1 KiB each (about 22 KiB), has doubled
 * to 32 KiB.  With GOMAXPROCS=1 the newest goroutine runs first (Go's
 * runnext), then the others in order: Go runs wait with len(buf) 2, 0,
 * 1 (checked by printing it). */
static void
test_goroutines (void)
{
  Run r;

  run_init (&r, "goroutines");
  g_assert_cmpint (number_of (&r, "count"), ==, 4);
  g_assert_cmpint (number_of (&r, "new-stack"), ==, 2048);
  g_assert_cmpint (number_of (&r, "main-stack-start"), ==, 2048);
  g_assert_cmpint (number_of (&r, "main-stack"), ==, 32768);
  g_assert_cmpint (number_of (&r, "buf-first"), ==, 2);
  g_assert_cmpint (number_of (&r, "buf-second"), ==, 0);
  g_assert_cmpint (number_of (&r, "buf-third"), ==, 1);
  /* main ends without waiting: the three are still there. */
  g_assert_cmpint (number_of (&r, "count-end"), ==, 4);
  /* The stack main grew to is what the last stack-grow event says. */
  {
    GmlAnchor grow = { GML_ANCHOR_EVENT, 0, 1, 0, GML_EVENT_STACK_GROW };
    guint64 position = 0, last = 0;
    guint n = 0;

    while (gml_scenario_probe_resolve (r.probe, &grow, &position))
      {
        last = position;
        grow.nth = ++n + 1;
      }
    g_assert_cmpuint (n, >=, 1);
    for (guint i = gml_timeline_event_index (r.tl, last); ; i++)
      {
        GmlEvent e;

        g_assert_true (gml_timeline_event (r.tl, i, &e));
        if (e.kind == GML_EVENT_STACK_GROW)
          {
            g_assert_cmpuint (e.d, ==, 32768);
            break;
          }
      }
  }
  run_clear (&r);
}

/* len and cap of every kind, locals and a global: what Go 1.19 prints,
 * "6 10 6 2 4 4 2 5 4 6" (append to a full cap-5 []int doubles it to 10;
 * two appends to the global's cap 3 need 4, doubled to 6). */
static void
test_lencap (void)
{
  Run r;

  run_init (&r, "lencap");
  g_assert_cmpint (number_of (&r, "len-s"), ==, 6);
  g_assert_cmpint (number_of (&r, "cap-s"), ==, 10);
  g_assert_cmpint (number_of (&r, "len-name"), ==, 6);
  g_assert_cmpint (number_of (&r, "len-m"), ==, 2);
  g_assert_cmpint (number_of (&r, "len-arr"), ==, 4);
  g_assert_cmpint (number_of (&r, "cap-arr"), ==, 4);
  g_assert_cmpint (number_of (&r, "len-ch"), ==, 2);
  g_assert_cmpint (number_of (&r, "cap-ch"), ==, 5);
  g_assert_cmpint (number_of (&r, "len-global"), ==, 4);
  g_assert_cmpint (number_of (&r, "cap-global"), ==, 6);
  /* Before main runs, the global has its initial make([]int, 2, 3). */
  g_assert_cmpint (number_of (&r, "cap-global-start"), ==, 3);
  run_clear (&r);
}

/* escapes: go build -gcflags='-m -l' says "moved to heap: u" for
 * newUser's u and nothing for main's local or sum's total
 * (tests/quiz/escapes.escape). */
static void
test_escapes (void)
{
  Run r;

  run_init (&r, "escapes");
  g_assert_true (yes_of (&r, "u"));
  g_assert_false (yes_of (&r, "local"));
  g_assert_false (yes_of (&r, "total"));
  run_clear (&r);
}

/* heap_objects_of_var, objects_of_type, freed_by_next_gc.  build(3) and
 * build(2) make linked lists of 3 and 2 Nodes; the global sink keeps the
 * first, a Holder on main's stack (&h does not escape) the second; three
 * new(int16) share one 16-byte tiny block; `small` grew through backing
 * arrays of cap 1, 2 and 4.  Then b and h.head drop the second list, and
 * the next cycle frees its 2 Nodes and the 2 outgrown backing arrays. */
static void
test_objects (void)
{
  g_autoptr (GArray) hp = NULL, b = NULL, a = NULL, sink = NULL, small = NULL;
  g_autoptr (GArray) nodes = NULL, int16s = NULL, freed = NULL, nodes_after = NULL;
  GmlStateObject o;
  guint n_arrays = 0;
  Run r;

  run_init (&r, "objects");
  hp = objects_of (&r, "hp-reach");
  b = objects_of (&r, "b-reach");
  a = objects_of (&r, "a-reach");
  sink = objects_of (&r, "sink-reach");
  small = objects_of (&r, "small-reach");
  nodes = objects_of (&r, "nodes");
  int16s = objects_of (&r, "int16s");
  freed = objects_of (&r, "freed");
  nodes_after = objects_of (&r, "nodes-after");

  /* Through the stack Holder: the same two Nodes as from b itself. */
  g_assert_cmpuint (b->len, ==, 2);
  assert_same_objects (hp, b);
  /* A local and the global that holds the same list. */
  g_assert_cmpuint (a->len, ==, 3);
  assert_same_objects (a, sink);
  /* Every Node is in one list or the other. */
  g_assert_cmpuint (nodes->len, ==, 5);
  for (guint i = 0; i < nodes->len; i++)
    {
      guint64 addr = g_array_index (nodes, guint64, i);

      g_assert_true (contains_object (a, addr) != contains_object (b, addr));
      object_at (&r, "nodes", addr, &o);
      assert_type_name (&o, "Node");
    }
  /* The global slice reaches its backing array and the tiny block of
   * its three int16s: the objects_of_type answer for int16. */
  g_assert_cmpuint (int16s->len, ==, 1);
  object_at (&r, "int16s", g_array_index (int16s, guint64, 0), &o);
  g_assert_true (o.tiny_block);
  g_assert_cmpuint (small->len, ==, 2);
  g_assert_true (contains_object (small, g_array_index (int16s, guint64, 0)));
  /* The next GC frees list b and the two outgrown backing arrays. */
  g_assert_cmpuint (freed->len, ==, 4);
  for (guint i = 0; i < b->len; i++)
    g_assert_true (contains_object (freed, g_array_index (b, guint64, i)));
  for (guint i = 0; i < freed->len; i++)
    {
      guint64 addr = g_array_index (freed, guint64, i);

      g_assert_false (contains_object (a, addr));
      g_assert_false (contains_object (small, addr));
      object_at (&r, "freed", addr, &o);
      if (!contains_object (b, addr))
        {
          assert_type_name (&o, "*int16");
          g_assert_true (o.count == 1 || o.count == 2);
          n_arrays++;
        }
    }
  g_assert_cmpuint (n_arrays, ==, 2);
  /* After the cycle only list a is left. */
  assert_same_objects (nodes_after, a);
  run_clear (&r);
}

/* The quiz scenarios ask for every kind of answer. */
static void
test_every_kind (void)
{
  gboolean seen[GML_N_ANSWER_KINDS] = { FALSE };

  for (guint i = 0; quiz_programs[i] != NULL; i++)
    {
      g_autoptr (GmlScenario) sc = load_quiz (quiz_programs[i]);

      for (guint q = 0; q < sc->quizzes->len; q++)
        seen[((GmlQuiz *) g_ptr_array_index (sc->quizzes, q))->answer.kind] = TRUE;
    }
  for (guint k = 0; k < GML_N_ANSWER_KINDS; k++)
    if (!seen[k])
      g_error ("no quiz scenario asks for %s", gml_answer_kind_name (k));
}

/* The UI's entry point gives what the probe gives; pick answers are
 * checked with gml_answer_accepts_objects. */
static void
test_public (void)
{
  const GmlQuiz *q;
  GmlAnswer mine, probe_answer;
  g_autofree char *reason = NULL;
  GmlQuiz choice = { 0 };
  Run r;

  run_init (&r, "objects");
  q = find_quiz (&r, "freed");
  g_assert_true (gml_quiz_compute_answer (r.tl, q, quiz_position (&r, "freed"), &mine, NULL));
  answer_of (&r, "freed", &probe_answer);
  assert_same_objects (mine.objects, probe_answer.objects);
  g_assert_true (gml_answer_accepts_objects (&mine, (const guint64 *) probe_answer.objects->data,
                                             probe_answer.objects->len));
  g_assert_false (gml_answer_accepts_objects (&mine, (const guint64 *) probe_answer.objects->data,
                                              probe_answer.objects->len - 1));
  gml_answer_clear (&mine);
  gml_answer_clear (&probe_answer);
  /* Undefined: no cycle starts after the end. */
  g_assert_false (gml_quiz_compute_answer (r.tl, q, r.probe->n_steps, &mine, &reason));
  g_assert_cmpstr (reason, ==, "no GC cycle starts after it");
  g_assert_null (mine.objects);
  g_clear_pointer (&reason, g_free);
  /* Past the end of the run. */
  g_assert_false (gml_quiz_compute_answer (r.tl, q, r.probe->n_steps + 1, &mine, &reason));
  g_assert_nonnull (reason);
  g_clear_pointer (&reason, g_free);
  choice.kind = GML_QUIZ_CHOICE;
  g_assert_false (gml_quiz_compute_answer (r.tl, &choice, 0, &mine, &reason));
  g_assert_nonnull (reason);
  run_clear (&r);
}

/* ------------------------------------------------------------------ */
/* Anchors                                                             */

static gboolean
resolve_line (Run     *r,
              guint    line,
              guint    hit,
              guint64 *position)
{
  GmlAnchor a = { GML_ANCHOR_LINE, line, hit };

  return gml_scenario_probe_resolve (r->probe, &a, position);
}

/* The goroutine that runs the next step, and its innermost frame. */
static void
next_frame (Run           *r,
            guint64        position,
            guint64       *goid,
            GmlStateFrame *frame,
            guint         *depth)
{
  g_autoptr (GmlState) state = gml_timeline_state_at (r->tl, position);

  for (guint i = 0; i < gml_state_n_goroutines (state); i++)
    {
      GmlStateGoroutine g;

      gml_state_goroutine (state, i, &g);
      if (g.current)
        {
          *goid = g.goid;
          *depth = g.n_frames;
          gml_state_frame (state, i, 0, frame);
          return;
        }
    }
  g_assert_not_reached ();
}

/* Arriving at a line: a step on the line whose previous statement ran
 * another line, goroutine or frame (tests/quiz/arrivals.go). */
static void
test_arrivals (void)
{
  guint64 position, goid, previous = 0;
  GmlStateFrame f;
  guint depth;
  Run r;

  run_init (&r, "arrivals");
  /* The package initialiser `var start = leaf()` (line 11) runs first. */
  g_assert_true (resolve_line (&r, 11, 1, &position));
  g_assert_false (resolve_line (&r, 11, 2, &position));
  /* leaf (line 5) runs three times: for start, then twice in the one
   * statement of line 14; its second call there follows its first
   * call's `return 1`, on the same line, in a new frame. */
  for (guint hit = 1; hit <= 3; hit++)
    {
      g_assert_true (resolve_line (&r, 5, hit, &position));
      g_assert_cmpuint (position, >, previous);
      next_frame (&r, position, &goid, &f, &depth);
      g_assert_cmpstr (f.short_name, ==, "leaf");
      g_assert_cmpuint (gml_timeline_line (r.tl, position + 1), ==, 5);
      previous = position;
    }
  g_assert_false (resolve_line (&r, 5, 4, &position));
  /* down(3) on one line: four frames, each call an arrival. */
  for (guint hit = 1, first_depth = 0; hit <= 4; hit++)
    {
      g_assert_true (resolve_line (&r, 7, hit, &position));
      next_frame (&r, position, &goid, &f, &depth);
      g_assert_cmpstr (f.short_name, ==, "down");
      if (hit == 1)
        first_depth = depth;
      g_assert_cmpuint (depth, ==, first_depth + hit - 1);
    }
  g_assert_false (resolve_line (&r, 7, 5, &position));
  /* work (line 9) runs in goroutines 5 and 6, one right after the
   * other (so the second arrival follows a step of line 9).  Where a
   * goroutine blocks, the state's "current" goroutine is only known once
   * the next one has run a step: look one step later. */
  g_assert_true (resolve_line (&r, 9, 1, &position));
  next_frame (&r, position + 1, &goid, &f, &depth);
  g_assert_cmpstr (f.short_name, ==, "work");
  previous = goid;
  g_assert_true (resolve_line (&r, 9, 2, &position));
  g_assert_cmpuint (gml_timeline_line (r.tl, position), ==, 9);
  next_frame (&r, position + 1, &goid, &f, &depth);
  g_assert_cmpstr (f.short_name, ==, "work");
  g_assert_cmpuint (goid, !=, previous);
  g_assert_cmpuint (goid + previous, ==, 11);
  g_assert_false (resolve_line (&r, 9, 3, &position));
  run_clear (&r);
}

/* The goroutine the probe says runs each statement is the one every
 * event of that step names (the scheduler's switches are coarse events;
 * the goroutine of each step is not recorded). */
static void
test_goroutine_of_steps (void)
{
  static const char * const names[] = { "goroutines", "arrivals" };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autoptr (GArray) events = NULL;
      guint checked = 0, j = 0;
      Run r;

      run_init (&r, names[n]);
      events = gml_timeline_fine_events (r.tl, 0, r.probe->n_steps, G_MAXUINT);
      for (guint64 s = 1; s <= r.probe->n_steps; s++)
        {
          guint64 goid = gml_scenario_probe_next_goroutine (r.probe, s - 1);

          while (j < events->len && g_array_index (events, GmlEvent, j).step < s)
            j++;
          if (gml_timeline_stmt (r.tl, s) == 0)
            continue;
          /* The first event of a statement step is its goroutine's (a
           * switch to another goroutine comes after). */
          if (j < events->len && g_array_index (events, GmlEvent, j).step == s
              && g_array_index (events, GmlEvent, j).kind != GML_EVENT_SCHED
              && g_array_index (events, GmlEvent, j).goid != 0)
            {
              g_assert_cmpuint (goid, ==, g_array_index (events, GmlEvent, j).goid);
              checked++;
            }
        }
      g_assert_cmpuint (checked, >=, 10);
      g_assert_cmpuint (gml_scenario_probe_next_goroutine (r.probe, r.probe->n_steps), ==, 0);
      run_clear (&r);
    }
}

/* GC, event, step and end anchors stand just after what they name. */
static void
test_anchor_kinds (void)
{
  GmlAnchor start = { GML_ANCHOR_GC, 0, 1, 1 };
  GmlAnchor sweep = { GML_ANCHOR_GC, 0, 2, 4 };
  GmlAnchor idle = { GML_ANCHOR_GC, 0, 1, 0 };
  GmlAnchor third = { GML_ANCHOR_GC, 0, 3, 1 };
  GmlAnchor alloc = { GML_ANCHOR_EVENT, 0, 3, 0, GML_EVENT_ALLOC };
  GmlAnchor shade = { GML_ANCHOR_EVENT, 0, 2, 0, GML_EVENT_GC_SHADE };
  GmlAnchor step = { GML_ANCHOR_STEP, 0, 0, 0, 0, 10 };
  GmlAnchor end = { GML_ANCHOR_END };
  guint64 position, p_start, p_idle;
  guint n_alloc = 0;
  Run r;

  run_init (&r, "heap-count");
  g_assert_true (gml_scenario_probe_resolve (r.probe, &start, &p_start));
  g_assert_true (gml_scenario_probe_resolve (r.probe, &idle, &p_idle));
  g_assert_cmpuint (p_start, <, p_idle);
  {
    g_autoptr (GmlState) s1 = gml_timeline_state_at (r.tl, p_idle);
    g_autoptr (GmlState) s2 = NULL;
    GmlStateGc gc;

    gml_state_gc (s1, &gc);
    g_assert_cmpstr (gc.phase, ==, "idle");
    g_assert_cmpuint (gc.numgc, ==, 1);
    g_assert_true (gml_scenario_probe_resolve (r.probe, &sweep, &position));
    s2 = gml_timeline_state_at (r.tl, position);
    gml_state_gc (s2, &gc);
    g_assert_cmpstr (gc.phase, ==, "sweep");
    g_assert_cmpuint (gc.cycle, ==, 2);
  }
  g_assert_false (gml_scenario_probe_resolve (r.probe, &third, &position));
  /* The third allocation: the third alloc event's step. */
  g_assert_true (gml_scenario_probe_resolve (r.probe, &alloc, &position));
  for (guint i = 0; i < gml_timeline_n_events (r.tl); i++)
    {
      GmlEvent e;

      g_assert_true (gml_timeline_event (r.tl, i, &e));
      if (e.kind == GML_EVENT_ALLOC && ++n_alloc == 3)
        {
          g_assert_cmpuint (position, ==, e.step);
          break;
        }
    }
  /* A fine event: found by replaying. */
  g_assert_true (gml_scenario_probe_resolve (r.probe, &shade, &position));
  {
    g_autoptr (GArray) events = gml_timeline_fine_events (r.tl, 0, position, G_MAXUINT);
    guint before = 0, upto = 0;

    /* The second shade happens during that step (with others maybe). */
    for (guint i = 0; i < events->len; i++)
      if (g_array_index (events, GmlEvent, i).kind == GML_EVENT_GC_SHADE)
        {
          upto++;
          before += g_array_index (events, GmlEvent, i).step < position;
        }
    g_assert_cmpuint (before, <, 2);
    g_assert_cmpuint (upto, >=, 2);
  }
  g_assert_true (gml_scenario_probe_resolve (r.probe, &step, &position));
  g_assert_cmpuint (position, ==, 10);
  step.step = r.probe->n_steps + 1;
  g_assert_false (gml_scenario_probe_resolve (r.probe, &step, &position));
  g_assert_true (gml_scenario_probe_resolve (r.probe, &end, &position));
  g_assert_cmpuint (position, ==, r.probe->n_steps);
  run_clear (&r);
}

/* ------------------------------------------------------------------ */
/* Globals                                                             */

static void
test_globals (void)
{
  g_autoptr (GmlState) state = NULL;
  GmlStateVar v, again;
  g_autofree char *label = NULL, *type = NULL;
  gint64 n;
  Run r;

  run_init (&r, "lencap");
  state = gml_timeline_state_at (r.tl, quiz_position (&r, "len-global"));
  g_assert_cmpuint (gml_state_n_globals (state), ==, 1);
  gml_state_global (state, 0, &v);
  g_assert_cmpstr (v.name, ==, "global");
  g_assert_true (v.is_global);
  g_assert_false (v.moved_to_heap);
  g_assert_cmpuint (v.addr, ==, v.slot);
  g_assert_nonnull (v.var);
  type = gml_state_type_name (v.type);
  g_assert_cmpstr (type, ==, "[]int");
  label = gml_state_format_value (state, v.type, v.addr, 0);
  g_assert_cmpstr (label, ==, "len 4 cap 6");
  g_assert_true (gml_state_len (state, v.type, v.addr, FALSE, &n));
  g_assert_cmpint (n, ==, 4);
  g_assert_true (gml_state_len (state, v.type, v.addr, TRUE, &n));
  g_assert_cmpint (n, ==, 6);
  g_assert_true (gml_state_find_global (state, "global", &again));
  g_assert_cmpuint (again.addr, ==, v.addr);
  g_assert_false (gml_state_find_global (state, "s", &again));
  /* The backing array it points to is on the heap. */
  {
    g_autoptr (GArray) reach = gml_state_reachable_objects (state, v.type, v.addr);
    GmlStateObject o;

    g_assert_cmpuint (reach->len, ==, 1);
    g_assert_true (gml_state_find_object (state, g_array_index (reach, guint64, 0), &o));
    g_assert_cmpuint (o.size, ==, 48);
  }
  g_clear_pointer (&state, gml_state_unref);
  run_clear (&r);

  /* Two globals, in source order; a string's len; a pointer's label. */
  run_init (&r, "objects");
  state = gml_timeline_state_at (r.tl, quiz_position (&r, "sink-reach"));
  g_assert_cmpuint (gml_state_n_globals (state), ==, 2);
  gml_state_global (state, 0, &v);
  g_assert_cmpstr (v.name, ==, "sink");
  g_clear_pointer (&label, g_free);
  label = gml_state_format_value (state, v.type, v.addr, 0);
  g_assert_true (g_str_has_prefix (label, "0xc"));
  g_assert_false (gml_state_len (state, v.type, v.addr, FALSE, &n));
  gml_state_global (state, 1, &v);
  g_assert_cmpstr (v.name, ==, "small");
  g_clear_pointer (&state, gml_state_unref);
  run_clear (&r);
}

/* ------------------------------------------------------------------ */
/* Variables declared twice                                            */

static void
test_names_resolve (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "scenarios-good", NULL);
  g_autofree char *path = g_build_filename (dir, "var-lines.json", NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = gml_scenario_load_path (path, diags);
  GmlVarRef i_any = { "i", "main" }, i_first = { "i", "main", GML_POS_NONE, GML_POS_NONE, 5 };
  GmlVarRef i_second = { "i", NULL, GML_POS_NONE, GML_POS_NONE, 8 };
  GmlVarRef i_nowhere = { "i", "main", GML_POS_NONE, GML_POS_NONE, 6 };
  GmlFunc *f;
  GmlObject *v;

  g_assert_nonnull (sc);
  g_assert_false (gml_scenario_resolve_var (sc->program, &i_any, &f, &v));
  g_assert_true (gml_scenario_resolve_var (sc->program, &i_first, &f, &v));
  g_assert_cmpuint (v->pos.line, ==, 5);
  g_assert_cmpstr (f->short_name, ==, "main");
  g_assert_true (gml_scenario_resolve_var (sc->program, &i_second, &f, &v));
  g_assert_cmpuint (v->pos.line, ==, 8);
  g_assert_false (gml_scenario_resolve_var (sc->program, &i_nowhere, &f, &v));
}

/* Which of two `i` the probe reads: the one the reference declares,
 * in scope at the anchor. */
static void
test_names_answers (void)
{
  static const char json[] =
    "{\"format\": 1, \"title\": \"T\", \"program\": {\"lines\": [\n"
    "\"package main\", \"\", \"func main() {\",\n"
    "\"\\tfor i := 0; i < 2; i++ {\",\n"
    "\"\\t\\ts := make([]int, i)\",\n"
    "\"\\t\\t_ = s\",\n"
    "\"\\t}\",\n"
    "\"\\tfor i := 0; i < 3; i++ {\",\n"
    "\"\\t\\ts := make([]int, 5+i)\",\n"
    "\"\\t\\t_ = s\",\n"
    "\"\\t}\",\n"
    "\"}\"]},\n"
    "\"quizzes\": [\n"
    "{\"id\": \"first\", \"kind\": \"predict\", \"question\": \"?\", \"anchor\": {\"line\": 6, \"hit\": 2},\n"
    " \"answer\": {\"len\": {\"var\": \"s\", \"line\": 5}}, \"explanation\": \"e\"},\n"
    "{\"id\": \"second\", \"kind\": \"predict\", \"question\": \"?\", \"anchor\": {\"line\": 10, \"hit\": 3},\n"
    " \"answer\": {\"len\": {\"var\": \"s\", \"func\": \"main\", \"line\": 9}}, \"explanation\": \"e\"},\n"
    "{\"id\": \"wrong\", \"kind\": \"predict\", \"question\": \"?\", \"anchor\": {\"line\": 10},\n"
    " \"answer\": {\"len\": {\"var\": \"s\", \"line\": 5}}, \"explanation\": \"e\"}\n"
    "]}";
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) sc = gml_scenario_load_data (json, strlen (json), "t.json", NULL, diags);
  g_autofree char *text = gml_diag_list_format (diags);
  g_autoptr (GmlTimeline) tl = NULL;
  GmlScenarioProbe *probe;
  GmlAnswer answer;
  guint64 position;
  char *reason = NULL;

  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (sc);
  tl = gml_scenario_new_timeline (sc, diags);
  gml_timeline_run (tl, G_MAXUINT64);
  probe = gml_scenario_probe_new (tl);
  for (guint i = 0; i < 2; i++)
    {
      const GmlQuiz *q = g_ptr_array_index (sc->quizzes, i);

      g_assert_true (gml_scenario_probe_resolve (probe, &q->anchor, &position));
      g_assert_true (gml_scenario_probe_compute (probe, &q->answer, position, &answer, NULL));
      /* The first loop's second s: len 1; the second loop's third: 7. */
      g_assert_cmpint (answer.number, ==, i == 0 ? 1 : 7);
    }
  {
    const GmlQuiz *q = g_ptr_array_index (sc->quizzes, 2);

    g_assert_true (gml_scenario_probe_resolve (probe, &q->anchor, &position));
    g_assert_false (gml_scenario_probe_compute (probe, &q->answer, position, &answer, &reason));
    g_assert_cmpstr (reason, ==, "s is not in scope there (line 10 of main)");
    g_free (reason);
  }
  gml_scenario_probe_free (probe);
}

/* ------------------------------------------------------------------ */
/* The course                                                          */

static char *
make_folder (const char * const *files,
             const char         *course)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("gml-course-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);

      g_assert_true (g_file_set_contents (path, "{}", -1, NULL));
    }
  if (course != NULL)
    {
      g_autofree char *path = g_build_filename (dir, "course.txt", NULL);

      g_assert_true (g_file_set_contents (path, course, -1, NULL));
    }
  return dir;
}

static void
remove_folder (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The diagnostics of loading a course, with the folder's path left out. */
static char *
course_errors (const char *dir,
               GPtrArray **course)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);
  g_auto (GStrv) parts = NULL;

  *course = gml_course_load (dir, diags);
  g_assert_true ((*course == NULL) == (gml_diag_list_n_errors (diags) > 0));
  text = gml_diag_list_format (diags);
  parts = g_strsplit (text, prefix, -1);
  return g_strjoinv ("", parts);
}

static void
test_course_good (void)
{
  static const char * const files[] = { "b.json", "a.json", "draft.json", "a.go", "notes.md", NULL };
  g_autofree char *dir = make_folder (files,
                                      "# The course\n\nb\n  a  \n\n# not yet\nexclude draft\n");
  g_autoptr (GPtrArray) course = NULL;
  g_autofree char *errors = course_errors (dir, &course);
  const GmlCourseEntry *e;

  g_assert_cmpstr (errors, ==, "");
  g_assert_nonnull (course);
  g_assert_cmpuint (course->len, ==, 2);
  e = g_ptr_array_index (course, 0);
  g_assert_cmpstr (e->name, ==, "b");
  g_assert_true (g_str_has_suffix (e->path, G_DIR_SEPARATOR_S "b.json"));
  g_assert_true (g_file_test (e->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (e->pos.line, ==, 3);
  g_assert_cmpuint (e->pos.col, ==, 1);
  e = g_ptr_array_index (course, 1);
  g_assert_cmpstr (e->name, ==, "a");
  g_assert_cmpuint (e->pos.line, ==, 4);
  g_assert_cmpuint (e->pos.col, ==, 3);
  remove_folder (dir);
}

static void
test_course_bad (void)
{
  static const char * const files[] = { "a.json", "b.json", "c.json", "stray.json", "also.json", NULL };
  g_autofree char *dir = make_folder (files,
                                      "a\nmissing\nb\na\nexclude c\nc\ntwo words\nexclude\nb@d\nexclude gone\n");
  g_autoptr (GPtrArray) course = NULL;
  g_autofree char *errors = course_errors (dir, &course);

  g_assert_null (course);
  g_assert_cmpstr (errors, ==,
    "course.txt:2:1: there is no scenario \"missing\": missing.json does not exist in the folder\n"
    "course.txt:4:1: \"a\" is named twice (first on line 1)\n"
    "course.txt:6:1: \"c\" is named twice (first on line 5)\n"
    "course.txt:7:1: a line names one scenario (NAME, or \"exclude NAME\"), not \"two words\"\n"
    "course.txt:8:1: \"exclude\" needs the NAME of the scenario to leave out\n"
    "course.txt:9:1: \"b@d\" is not a scenario name (letters, digits, - and _; the NAME of NAME.json)\n"
    "course.txt:10:9: there is no scenario \"gone\": gone.json does not exist in the folder\n"
    "course.txt: also.json is not in the course: add a line \"also\" where it belongs, or \"exclude also\"\n"
    "course.txt: stray.json is not in the course: add a line \"stray\" where it belongs, or \"exclude stray\"\n");
  remove_folder (dir);
}

static void
test_course_missing (void)
{
  static const char * const files[] = { NULL };
  g_autofree char *dir = make_folder (files, NULL);
  g_autoptr (GPtrArray) course = NULL;
  g_autofree char *errors = course_errors (dir, &course);

  g_assert_null (course);
  g_assert_true (g_str_has_prefix (errors, "course.txt: cannot read the course: "));
  remove_folder (dir);
  g_free (dir);
  dir = make_folder (files, "# nothing yet\n");
  g_free (errors);
  errors = course_errors (dir, &course);
  g_assert_cmpstr (errors, ==, "course.txt: the course lists no scenario\n");
  remove_folder (dir);
}

/* The built-in course, in the order of data/scenarios/course.txt. */
static void
test_course_builtin (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GPtrArray) course = gml_course_load (dir, diags);
  g_autofree char *text = gml_diag_list_format (diags);

  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (course);
  g_assert_cmpuint (course->len, >=, 15);
  g_assert_cmpstr (((GmlCourseEntry *) g_ptr_array_index (course, 0))->name, ==, "tour");
}

/* ------------------------------------------------------------------ */
/* gomemlab-cli check                                                  */

typedef struct
{
  char *out;
  char *err;
  int   status;
} CliRun;

static gboolean
cli_check (const char *dir,
           const char *file,
           CliRun     *run)
{
  const char *cli = g_getenv ("GML_CLI");
  const char *argv[] = { cli, "check", file, NULL };
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  if (cli == NULL)
    return FALSE;
  g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  return TRUE;
}

static void
cli_run_clear (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

/* Every .json of a folder but `skip` checks cleanly and quickly. */
static void
check_folder_good (const char *dir,
                   const char *skip)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      CliRun run;
      gint64 start;

      if (!g_str_has_suffix (name, ".json") || g_strcmp0 (name, skip) == 0)
        continue;
      start = g_get_monotonic_time ();
      if (!cli_check (dir, name, &run))
        {
          g_test_skip ("GML_CLI is not set");
          return;
        }
      if (run.status != 0 || run.err[0] != '\0')
        g_error ("gomemlab-cli check %s: exit %d\n%s", name, run.status, run.err);
      g_assert_cmpstr (run.out, ==, "");
      /* A few seconds at most, even under sanitizers. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
      cli_run_clear (&run);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

static void
test_cli_builtin (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);

  check_folder_good (dir, NULL);
}

static void
test_cli_good (void)
{
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "scenarios-good", NULL);
  g_autofree char *quiz = g_test_build_filename (G_TEST_DIST, "quiz", NULL);

  /* globals.json tries the format's extreme settings: a step budget of
   * one step, which its anchors were never meant to run within. */
  check_folder_good (good, "globals.json");
  check_folder_good (quiz, NULL);
}

/* The malformed suite through the CLI: exactly the .err messages, exit
 * status 1; the run-*.json ones load and fail on the run. */
static void
test_cli_bad (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "scenarios-bad", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_run = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *stem = NULL, *err_path = NULL, *want = NULL;
      CliRun run;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      stem = g_strndup (name, strlen (name) - 5);
      err_path = g_strconcat (dir, G_DIR_SEPARATOR_S, stem, ".err", NULL);
      want = gml_test_read (err_path);
      if (!cli_check (dir, name, &run))
        {
          g_test_skip ("GML_CLI is not set");
          return;
        }
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpstr (run.err, ==, want);
      cli_run_clear (&run);
      n_run += g_str_has_prefix (name, "run-");
    }
  g_assert_cmpuint (n_run, >=, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; quiz_programs[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("/quiz/go/", quiz_programs[i], NULL);

      g_test_add_data_func (path, quiz_programs[i], test_go);
    }
  g_test_add_func ("/quiz/answers/heap-count", test_heap_count);
  g_test_add_func ("/quiz/answers/live", test_live);
  g_test_add_func ("/quiz/answers/goroutines", test_goroutines);
  g_test_add_func ("/quiz/answers/lencap", test_lencap);
  g_test_add_func ("/quiz/answers/escapes", test_escapes);
  g_test_add_func ("/quiz/answers/objects", test_objects);
  g_test_add_func ("/quiz/answers/every-kind", test_every_kind);
  g_test_add_func ("/quiz/answers/public", test_public);
  g_test_add_func ("/quiz/anchors/arrivals", test_arrivals);
  g_test_add_func ("/quiz/anchors/kinds", test_anchor_kinds);
  g_test_add_func ("/quiz/anchors/goroutine-of-steps", test_goroutine_of_steps);
  g_test_add_func ("/quiz/globals", test_globals);
  g_test_add_func ("/quiz/names/resolve", test_names_resolve);
  g_test_add_func ("/quiz/names/answers", test_names_answers);
  g_test_add_func ("/quiz/course/good", test_course_good);
  g_test_add_func ("/quiz/course/bad", test_course_bad);
  g_test_add_func ("/quiz/course/missing", test_course_missing);
  g_test_add_func ("/quiz/course/builtin", test_course_builtin);
  g_test_add_func ("/quiz/cli/builtin", test_cli_builtin);
  g_test_add_func ("/quiz/cli/good", test_cli_good);
  g_test_add_func ("/quiz/cli/bad", test_cli_bad);
  return g_test_run ();
}
