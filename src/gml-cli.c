/* gml-cli.c: gomemlab-cli, the headless front end over the engine.
 *
 *   gomemlab-cli run FILE.go       behaves like `go run FILE.go`
 *   gomemlab-cli escape FILE.go    like `go build -gcflags='-m -l'`
 *   gomemlab-cli check FILE        validates a program or a scenario
 *
 * Exit status: the program's own for `run` (0, os.Exit's code, 2 for a
 * panic or fatal error); 2 when the program does not load; 1 when `check`
 * finds problems; 3 when a budget runs out; 64 for usage errors.
 */
#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "gml-escape.h"
#include "gml-image.h"
#include "gml-program.h"
#include "gml-scenario.h"
#include "gml-timeline.h"
#include "gml-vm.h"

#define EXIT_USAGE  64
#define EXIT_LOAD   2
#define EXIT_BUDGET 3
#define EXIT_HEAP_CHECK 4

static const char usage[] =
  "Usage: gomemlab-cli COMMAND [OPTIONS] FILE\n"
  "\n"
  "Run Go programs on Go Memory Lab's simulated Go runtime.\n"
  "\n"
  "Commands:\n"
  "  run FILE.go       Run a program like `go run FILE.go`: its standard output\n"
  "                    and error, and its exit status (2 for a panic).\n"
  "                    GODEBUG=gctrace=1 prints a line per GC cycle, as Go does;\n"
  "                    GOGC, GOMEMLIMIT and GOMAXPROCS are honoured.\n"
  "                    GODEBUG=gccheckmark=1 checks the heap at every GC phase\n"
  "                    (tri-color invariant, span accounting, every reachable\n"
  "                    object marked); GODEBUG=gcstress=1 starts a cycle at\n"
  "                    every allocation.\n"
  "  escape FILE.go    Print escape-analysis decisions like\n"
  "                    `go build -gcflags='-m -l'`.\n"
  "  check FILE        Check a program (.go) or a scenario (.json) and print\n"
  "                    every problem as FILE:LINE:COL: message; exit 1 if any.\n"
  "                    A scenario's program is also run with its settings:\n"
  "                    anchors the run never reaches and computed answers\n"
  "                    that are undefined at their anchor are problems too.\n"
  "  trace events FILE.go\n"
  "                    Record the run and print its events as JSON lines\n"
  "                    ({\"step\":12,\"kind\":\"alloc\",...}); --fine adds the\n"
  "                    fine-grained ones (stores, calls, GC shading), --from=N\n"
  "                    and --to=M limit the steps.\n"
  "  trace state FILE.go --step=N\n"
  "                    Print the full state after N steps as JSON: goroutines,\n"
  "                    frames and variables, spans, heap objects with GC\n"
  "                    colours, the collector's numbers, the output so far.\n"
  "  trace lines FILE.go\n"
  "                    Print the source line of every step, one per line.\n"
  "\n"
  "Options:\n"
  "  --max-steps=N     Stop after N steps (default 50000000).\n"
  "  --step=N, --from=N, --to=N, --fine   For the trace commands.\n"
  "  --help            Show this help.\n"
  "\n"
  "Exit status: the program's own for `run`; 2 when a program does not load;\n"
  "1 when `check` finds problems; 3 when a budget runs out; 4 when the heap\n"
  "checker finds a violation; 64 for usage errors.\n";

typedef struct
{
  guint64  max_steps;
  guint64  step, from, to;
  gboolean fine;
} Options;

/* ------------------------------------------------------------------ */
/* Loading                                                             */

static char *
display_path (const char *path)
{
  /* `go run` names files relative to the current directory. */
  if (g_path_is_absolute (path))
    return g_strdup (path);
  if (g_str_has_prefix (path, "./") || g_str_has_prefix (path, "../"))
    return g_strdup (path);
  return g_strconcat ("./", path, NULL);
}

static GmlProgram *
load_program (const char  *path,
              GmlDiagList *diags,
              gboolean    *io_error)
{
  g_autofree char *source = NULL;
  g_autofree char *shown = display_path (path);
  g_autoptr (GError) error = NULL;
  gsize len;

  *io_error = FALSE;
  if (!g_file_get_contents (path, &source, &len, &error))
    {
      g_printerr ("gomemlab-cli: %s\n", error->message);
      *io_error = TRUE;
      return NULL;
    }
  return gml_program_load (shown, source, len, diags);
}

static void
print_diags (const GmlDiagList *diags,
             gboolean           go_header)
{
  g_autofree char *text = gml_diag_list_format (diags);

  if (go_header)
    fputs ("# command-line-arguments\n", stderr);
  fputs (text, stderr);
}

/* ------------------------------------------------------------------ */
/* run                                                                 */

static void
output_cb (int         fd,
           const char *data,
           gsize       len,
           gpointer    user_data)
{
  FILE *f = fd == 2 ? stderr : stdout;

  if (fd == 2)
    fflush (stdout);
  fwrite (data, 1, len, f);
}

static gint64
parse_bytes (const char *s)
{
  static const struct { const char *suffix; gint64 mult; } units[] = {
    { "TiB", G_GINT64_CONSTANT (1) << 40 }, { "GiB", 1 << 30 }, { "MiB", 1 << 20 },
    { "KiB", 1 << 10 }, { "B", 1 },
  };
  char *end;
  gint64 v;

  if (s == NULL || *s == '\0' || strcmp (s, "off") == 0)
    return G_MAXINT64;
  v = g_ascii_strtoll (s, &end, 10);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (end, units[i].suffix) == 0)
      return v * units[i].mult;
  return *end == '\0' ? v : -1;
}

/* The Go runtime's environment variables. */
static gboolean
config_from_env (GmlVmConfig *config)
{
  const char *godebug = g_getenv ("GODEBUG");
  const char *gogc = g_getenv ("GOGC");
  const char *memlimit = g_getenv ("GOMEMLIMIT");
  const char *procs = g_getenv ("GOMAXPROCS");

  if (godebug != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (godebug, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        if (strcmp (parts[i], "gctrace=1") == 0)
          config->gctrace = TRUE;
        else if (strcmp (parts[i], "gccheckmark=1") == 0)
          config->gc_check = TRUE;
        else if (strcmp (parts[i], "gcstress=1") == 0)
          config->gc_stress = TRUE;
    }
  if (gogc != NULL && *gogc != '\0')
    config->gogc = strcmp (gogc, "off") == 0 ? -1 : (gint) g_ascii_strtoll (gogc, NULL, 10);
  if (memlimit != NULL && *memlimit != '\0')
    {
      config->memory_limit = parse_bytes (memlimit);
      if (config->memory_limit < 0)
        {
          fputs ("malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`\n", stderr);
          return FALSE;
        }
    }
  if (procs != NULL && *procs != '\0' && g_ascii_strtoll (procs, NULL, 10) > 0)
    config->gomaxprocs = (guint) g_ascii_strtoll (procs, NULL, 10);
  return TRUE;
}

static int
cmd_run (const char    *path,
         const Options *opts)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlProgram) program = NULL;
  g_autoptr (GmlImage) image = NULL;
  GmlVmConfig config;
  GmlVmStatus status;
  gboolean io_error;
  GmlVm *vm;
  int code;

  program = load_program (path, diags, &io_error);
  if (io_error)
    return EXIT_LOAD;
  if (program == NULL)
    {
      print_diags (diags, TRUE);
      return EXIT_LOAD;
    }
  image = gml_image_build (program, diags);
  if (image == NULL)
    {
      print_diags (diags, TRUE);
      return EXIT_LOAD;
    }
  gml_vm_config_init (&config);
  if (!config_from_env (&config))
    return EXIT_LOAD;
  /* A cycle per allocation multiplies the steps: give stress runs room. */
  if (config.gc_stress)
    config.max_steps *= 40;
  if (opts->max_steps > 0)
    config.max_steps = opts->max_steps;
  vm = gml_vm_new (image, &config);
  gml_vm_set_output (vm, output_cb, NULL);
  do
    status = gml_vm_run (vm, 1 << 20);
  while (status == GML_VM_RUNNING);
  fflush (stdout);
  if (status == GML_VM_OUT_OF_STEPS)
    {
      fprintf (stderr, "gomemlab: the step budget of %" G_GUINT64_FORMAT " steps ran out; "
               "the program was executing line %u\n", config.max_steps, gml_vm_current_line (vm));
      code = EXIT_BUDGET;
    }
  else
    code = gml_vm_exit_code (vm);
  if (gml_vm_heap_check_failed (vm))
    {
      fputs ("gomemlab: the heap checker found a collector bug (see the messages above)\n", stderr);
      code = EXIT_HEAP_CHECK;
    }
  gml_vm_free (vm);
  return code;
}

/* ------------------------------------------------------------------ */
/* escape                                                              */

static int
cmd_escape (const char *path)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlProgram) program = NULL;
  g_autoptr (GmlDiagList) notes = NULL;
  g_autofree char *text = NULL;
  gboolean io_error;

  program = load_program (path, diags, &io_error);
  if (io_error)
    return EXIT_LOAD;
  if (program == NULL)
    {
      print_diags (diags, TRUE);
      return EXIT_LOAD;
    }
  notes = gml_escape_diagnostics (program);
  text = gml_diag_list_format (notes);
  fputs (text, stdout);
  return 0;
}

/* ------------------------------------------------------------------ */
/* check                                                               */

/* Scenarios report every problem (JSON, format, program) at once; a
 * scenario that loads is then recorded with its settings, and every
 * anchor and computed answer is checked on the run. */
static int
check_scenario (const char *path)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlScenario) scenario = gml_scenario_load_path (path, diags);
  gboolean ok = scenario != NULL;

  if (ok)
    ok = gml_scenario_check_run (scenario, diags);
  print_diags (diags, FALSE);
  return ok ? 0 : 1;
}

static int
cmd_check (const char *path)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlProgram) program = NULL;
  g_autoptr (GmlImage) image = NULL;
  gboolean io_error;

  if (g_str_has_suffix (path, ".json"))
    return check_scenario (path);
  program = load_program (path, diags, &io_error);
  if (io_error)
    return 1;
  if (program != NULL)
    image = gml_image_build (program, diags);
  if (program == NULL || image == NULL)
    {
      print_diags (diags, FALSE);
      return 1;
    }
  return 0;
}

/* ------------------------------------------------------------------ */
/* trace                                                               */

static GmlTimeline *
record (const char    *path,
        const Options *opts)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlProgram *program;
  GmlImage *image;
  GmlVmConfig config;
  GmlTimeline *tl;
  gboolean io_error;

  program = load_program (path, diags, &io_error);
  if (program == NULL)
    {
      if (!io_error)
        print_diags (diags, TRUE);
      return NULL;
    }
  image = gml_image_build (program, diags);
  if (image == NULL)
    {
      print_diags (diags, TRUE);
      gml_program_free (program);
      return NULL;
    }
  gml_vm_config_init (&config);
  config_from_env (&config);
  if (opts->max_steps > 0)
    config.max_steps = opts->max_steps;
  tl = gml_timeline_new (program, image, &config, NULL);
  gml_timeline_run (tl, G_MAXUINT64);
  return tl;
}

static void
print_event (const GmlEvent *e)
{
  GmlEventKind k = (GmlEventKind) e->kind;
  const guint64 v[4] = { e->a, e->b, e->c, e->d };

  printf ("{\"step\":%" G_GUINT64_FORMAT ",\"kind\":\"%s\",\"goid\":%u", e->step,
          gml_event_kind_name (k), e->goid);
  for (guint f = 0; f < 4; f++)
    {
      const char *name = gml_event_field_name (k, f);

      if (*name != '\0')
        printf (",\"%s\":%" G_GUINT64_FORMAT, name, v[f]);
    }
  fputs ("}\n", stdout);
}

static int
trace_events (GmlTimeline   *tl,
              const Options *opts)
{
  guint64 to = opts->to > 0 ? opts->to : gml_timeline_n_steps (tl);

  if (opts->fine)
    {
      g_autoptr (GArray) events = gml_timeline_fine_events (tl, opts->from, to, G_MAXUINT);

      for (guint i = 0; i < events->len; i++)
        print_event (&g_array_index (events, GmlEvent, i));
      return 0;
    }
  for (guint i = gml_timeline_event_index (tl, opts->from + 1); i < gml_timeline_n_events (tl);)
    {
      GmlEvent buf[GML_TIMELINE_EVENT_BLOCK];
      guint got = gml_timeline_events (tl, i, GML_TIMELINE_EVENT_BLOCK - i % GML_TIMELINE_EVENT_BLOCK, buf);

      if (got == 0)
        break;
      for (guint k = 0; k < got; k++)
        {
          if (buf[k].step > to)
            return 0;
          print_event (&buf[k]);
        }
      i += got;
    }
  return 0;
}

static void
add_var (JsonBuilder *b,
         GmlState    *state,
         GmlStateVar *v)
{
  g_autofree char *type = gml_state_type_name (v->type);
  g_autofree char *value = gml_state_format_value (state, v->type, v->addr, 200);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, v->name);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "addr");
  json_builder_add_int_value (b, (gint64) v->addr);
  json_builder_set_member_name (b, "heap");
  json_builder_add_boolean_value (b, v->moved_to_heap);
  json_builder_set_member_name (b, "value");
  json_builder_add_string_value (b, value);
  json_builder_end_object (b);
}

static void
add_goroutines (JsonBuilder *b,
                GmlState    *state)
{
  json_builder_set_member_name (b, "goroutines");
  json_builder_begin_array (b);
  for (guint gi = 0; gi < gml_state_n_goroutines (state); gi++)
    {
      GmlStateGoroutine g;

      gml_state_goroutine (state, gi, &g);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "goid");
      json_builder_add_int_value (b, (gint64) g.goid);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, g.current ? "running" : (*g.wait_reason ? g.wait_reason : "runnable"));
      json_builder_set_member_name (b, "stack_lo");
      json_builder_add_int_value (b, (gint64) g.stack_lo);
      json_builder_set_member_name (b, "stack_size");
      json_builder_add_int_value (b, (gint64) (g.stack_hi - g.stack_lo));
      json_builder_set_member_name (b, "frames");
      json_builder_begin_array (b);
      for (guint fi = 0; fi < g.n_frames && fi < 200; fi++)
        {
          GmlStateFrame f;

          gml_state_frame (state, gi, fi, &f);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "func");
          json_builder_add_string_value (b, f.name);
          json_builder_set_member_name (b, "line");
          json_builder_add_int_value (b, f.line);
          json_builder_set_member_name (b, "fp");
          json_builder_add_int_value (b, (gint64) f.fp);
          json_builder_set_member_name (b, "vars");
          json_builder_begin_array (b);
          for (guint vi = 0; vi < f.n_vars; vi++)
            {
              GmlStateVar v;

              gml_state_var (state, gi, fi, vi, &v);
              add_var (b, state, &v);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

typedef struct
{
  JsonBuilder *b;
  GmlState    *state;
  guint        n;
} ObjectsData;

static void
add_object (const GmlStateObject *o,
            gpointer              data)
{
  static const char *colors[] = { "white", "grey", "black" };
  ObjectsData *d = data;
  g_autofree char *type = o->tiny_block ? g_strdup ("tiny block") : gml_state_type_name (o->type);

  if (d->n++ >= 10000)
    return;
  json_builder_begin_object (d->b);
  json_builder_set_member_name (d->b, "addr");
  json_builder_add_int_value (d->b, (gint64) o->addr);
  json_builder_set_member_name (d->b, "size");
  json_builder_add_int_value (d->b, o->size);
  json_builder_set_member_name (d->b, "class");
  json_builder_add_int_value (d->b, o->sizeclass);
  json_builder_set_member_name (d->b, "type");
  json_builder_add_string_value (d->b, type);
  json_builder_set_member_name (d->b, "count");
  json_builder_add_int_value (d->b, o->count);
  json_builder_set_member_name (d->b, "color");
  json_builder_add_string_value (d->b, colors[o->color]);
  json_builder_end_object (d->b);
}

static void
add_gc (JsonBuilder *b,
        GmlState    *state)
{
  GmlStateGc gc;

  gml_state_gc (state, &gc);
  json_builder_set_member_name (b, "gc");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "phase");
  json_builder_add_string_value (b, gc.phase);
  json_builder_set_member_name (b, "cycles");
  json_builder_add_int_value (b, gc.numgc);
  json_builder_set_member_name (b, "heap_live");
  json_builder_add_int_value (b, (gint64) gc.heap_live);
  json_builder_set_member_name (b, "heap_goal");
  json_builder_add_int_value (b, (gint64) gc.heap_goal);
  json_builder_set_member_name (b, "heap_alloc");
  json_builder_add_int_value (b, (gint64) gc.heap_alloc);
  json_builder_set_member_name (b, "heap_objects");
  json_builder_add_int_value (b, (gint64) gc.heap_objects);
  json_builder_set_member_name (b, "stack_inuse");
  json_builder_add_int_value (b, (gint64) gc.stack_inuse);
  json_builder_end_object (b);
}

static int
trace_state (GmlTimeline   *tl,
             const Options *opts)
{
  g_autoptr (GmlState) state = gml_timeline_state_at (tl, opts->step);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) out = gml_timeline_output (tl, opts->step, NULL);
  g_autofree char *text = NULL;
  g_autofree char *output = g_strndup (g_bytes_get_size (out) > 0 ? g_bytes_get_data (out, NULL) : "",
                                       g_bytes_get_size (out));
  ObjectsData od = { b, state, 0 };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "step");
  json_builder_add_int_value (b, (gint64) gml_state_step (state));
  json_builder_set_member_name (b, "line");
  json_builder_add_int_value (b, gml_state_line (state));
  add_goroutines (b, state);
  json_builder_set_member_name (b, "objects");
  json_builder_begin_array (b);
  gml_state_foreach_object (state, 0, add_object, &od);
  json_builder_end_array (b);
  add_gc (b, state);
  json_builder_set_member_name (b, "output");
  json_builder_add_string_value (b, g_utf8_validate (output, -1, NULL) ? output : "");
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  puts (text);
  return 0;
}

static int
trace_lines (GmlTimeline *tl)
{
  guint64 n = gml_timeline_n_steps (tl);

  for (guint64 s = 1; s <= n; s++)
    printf ("%u\n", gml_timeline_line (tl, s));
  return 0;
}

static int
cmd_trace (const char    *what,
           const char    *path,
           const Options *opts)
{
  g_autoptr (GmlTimeline) tl = NULL;

  if (strcmp (what, "events") != 0 && strcmp (what, "state") != 0 && strcmp (what, "lines") != 0)
    {
      fprintf (stderr, "gomemlab-cli: unknown trace %s (events, state or lines)\n", what);
      return EXIT_USAGE;
    }
  tl = record (path, opts);
  if (tl == NULL)
    return EXIT_LOAD;
  if (strcmp (what, "events") == 0)
    return trace_events (tl, opts);
  if (strcmp (what, "state") == 0)
    return trace_state (tl, opts);
  return trace_lines (tl);
}

/* ------------------------------------------------------------------ */
/* main                                                                */

int
main (int    argc,
      char **argv)
{
  Options opts = { 0 };
  const char *words[3] = { NULL, NULL, NULL };
  guint n_words = 0;

  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];

      if (strcmp (a, "--help") == 0 || strcmp (a, "-h") == 0)
        {
          fputs (usage, stdout);
          return 0;
        }
      if (g_str_has_prefix (a, "--max-steps="))
        opts.max_steps = g_ascii_strtoull (a + 12, NULL, 10);
      else if (g_str_has_prefix (a, "--step="))
        opts.step = g_ascii_strtoull (a + 7, NULL, 10);
      else if (g_str_has_prefix (a, "--from="))
        opts.from = g_ascii_strtoull (a + 7, NULL, 10);
      else if (g_str_has_prefix (a, "--to="))
        opts.to = g_ascii_strtoull (a + 5, NULL, 10);
      else if (strcmp (a, "--fine") == 0)
        opts.fine = TRUE;
      else if (a[0] == '-' && a[1] != '\0')
        {
          fprintf (stderr, "gomemlab-cli: unknown option %s\n%s", a, usage);
          return EXIT_USAGE;
        }
      else if (n_words < G_N_ELEMENTS (words))
        words[n_words++] = a;
      else
        {
          fprintf (stderr, "gomemlab-cli: too many arguments\n");
          return EXIT_USAGE;
        }
    }
  if (n_words >= 3 && strcmp (words[0], "trace") == 0)
    return cmd_trace (words[1], words[2], &opts);
  if (n_words != 2)
    {
      fputs (usage, stderr);
      return EXIT_USAGE;
    }
  if (strcmp (words[0], "run") == 0)
    return cmd_run (words[1], &opts);
  if (strcmp (words[0], "escape") == 0)
    return cmd_escape (words[1]);
  if (strcmp (words[0], "check") == 0)
    return cmd_check (words[1]);
  fprintf (stderr, "gomemlab-cli: unknown command %s\n", words[0]);
  return EXIT_USAGE;
}
