/* test-golden.c: the golden programs of tests/golden/ against Go 1.19.
 *
 * Every NNN_feature.go there is a small program about one feature of the
 * subset (../shared/docs/go-subset.md); regenerate.sh recorded what the
 * real Go 1.19 prints for it in NNN_feature.stdout, .stderr and .exit.
 * /golden/NNN_feature runs it through the engine (load, compile, VM; no
 * subprocess) and compares
 *
 *   - standard output, exactly;
 *   - the exit status;
 *   - standard error up to and including its first "goroutine " line, as
 *     check-corpus does: a fatal error's "runtime stack:" block dropped,
 *     pc=/sp=/fp= values and stack=[lo, hi] bounds masked (the recorded
 *     file is already cut and masked that way).
 *
 * It then runs the program again under GC stress (a cycle at every
 * allocation) with the heap checker on, and compares standard output and
 * the exit status again, unless the program's output legitimately
 * depends on when collections happen (stress_exempt below).  A failed
 * heap check fails the test, unless the failure is a known engine issue
 * (known_heap_check below: reported as TODO until it is fixed).
 */
#include <glib.h>
#include <string.h>

#include "gml-image.h"
#include "gml-program.h"
#include "gml-test-run.h"
#include "gml-vm.h"

/* Programs not run under GC stress, and why. */
static const struct
{
  const char *name;
  const char *reason;
} stress_exempt[] = {
  { "069_stack_overflow", "takes seconds; the stack limit does not depend on the GC" },
  { "076_runtime_gc_numgc", "prints NumGC, which counts every stress cycle" },
  { "092_sudog_cache", "counts new sudogs, and every stress cycle drops the central cache" },
  { "095_finalizer_order", "prints the order of finalizers, which depends on the cycle that finds each object dead" },
};

/* Programs whose stress run trips the heap checker for a known reason
 * outside the program: reported as TODO rather than as failures.  None
 * at the moment; keep the mechanism for the next one found. */
static const struct
{
  const char *name;
  const char *reason;
} known_heap_check[] = {
  { NULL, NULL },
};

typedef struct
{
  GString     *out;
  GString     *err;
  int          code;
  gboolean     heap_check_failed;
  guint        n_criticals;
} Run;

static void
output_cb (int         fd,
           const char *data,
           gsize       len,
           gpointer    user_data)
{
  Run *r = user_data;

  g_string_append_len (fd == 2 ? r->err : r->out, data, (gssize) len);
}

/* The collector reports a failed heap check as a critical.  While a
 * program runs, criticals are counted rather than fatal, so that one
 * program's failure does not abort the others. */
static GLogFunc default_log_func;
static guint n_criticals;

static void
count_log_cb (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        user_data)
{
  if (level & G_LOG_LEVEL_CRITICAL)
    n_criticals++;
  default_log_func (domain, level, message, user_data);
}

static void
run_clear (Run *r)
{
  g_string_free (r->out, TRUE);
  g_string_free (r->err, TRUE);
}

/* Runs `source` to its end.  Returns FALSE (and fails the test) when it
 * does not load or runs out of steps. */
static gboolean
run_program (const char        *name,
             const char        *source,
             gsize              len,
             const GmlVmConfig *config,
             Run               *r)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlProgram) program = gml_program_load (name, source, len, diags);
  g_autoptr (GmlImage) image = NULL;
  GLogLevelFlags fatal;
  GmlVmStatus status;
  GmlVm *vm;

  r->out = g_string_new (NULL);
  r->err = g_string_new (NULL);
  if (program != NULL)
    image = gml_image_build (program, diags);
  if (image == NULL)
    {
      g_autofree char *text = gml_diag_list_format (diags);

      g_test_fail_printf ("%s does not load:\n%s", name, text);
      return FALSE;
    }
  vm = gml_vm_new (image, config);
  gml_vm_set_output (vm, output_cb, r);
  n_criticals = 0;
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  do
    status = gml_vm_run (vm, 1 << 20);
  while (status == GML_VM_RUNNING);
  g_log_set_always_fatal (fatal);
  r->code = gml_vm_exit_code (vm);
  r->heap_check_failed = gml_vm_heap_check_failed (vm);
  r->n_criticals = n_criticals;
  if (status == GML_VM_OUT_OF_STEPS)
    g_test_fail_printf ("%s ran out of steps at line %u", name, gml_vm_current_line (vm));
  gml_vm_free (vm);
  return status == GML_VM_EXITED;
}

/* Fails the test with the first line where `got` differs from `want`. */
static void
compare_text (const char *name,
              const char *what,
              const char *want,
              const char *got)
{
  g_auto (GStrv) w = NULL;
  g_auto (GStrv) g = NULL;
  guint i;

  if (strcmp (want, got) == 0)
    return;
  w = g_strsplit (want, "\n", -1);
  g = g_strsplit (got, "\n", -1);
  for (i = 0; w[i] != NULL && g[i] != NULL && strcmp (w[i], g[i]) == 0; i++)
    ;
  g_test_fail_printf ("%s: %s line %u: expected \"%s\", got \"%s\"", name, what, i + 1,
                      w[i] != NULL ? w[i] : "<end>", g[i] != NULL ? g[i] : "<end>");
}

static gboolean
is_stress_exempt (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (stress_exempt); i++)
    if (strcmp (stress_exempt[i].name, name) == 0)
      return TRUE;
  return FALSE;
}

static const char *
known_heap_check_reason (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_heap_check); i++)
    if (known_heap_check[i].name != NULL && strcmp (known_heap_check[i].name, name) == 0)
      return known_heap_check[i].reason;
  return NULL;
}

static void
check_run (const char *name,
           const char *variant,
           const Run  *r,
           const char *want_out,
           int         want_code)
{
  g_autofree char *label = g_strdup_printf ("%s (%s)", name, variant);

  compare_text (label, "stdout", want_out, r->out->str);
  if (r->code != want_code)
    g_test_fail_printf ("%s: exit status %d, expected %d", label, r->code, want_code);
  if (r->heap_check_failed && known_heap_check_reason (name) != NULL)
    g_test_incomplete_printf ("%s: known heap check failure: %s", label, known_heap_check_reason (name));
  else if (r->heap_check_failed)
    g_test_fail_printf ("%s: the heap check failed", label);
  else if (r->n_criticals > 0)
    g_test_fail_printf ("%s: %u critical warnings", label, r->n_criticals);
}

static void
test_golden (gconstpointer data)
{
  const char *path = data;
  g_autofree char *base = g_strndup (path, strlen (path) - 3);
  g_autofree char *name = g_path_get_basename (base);
  g_autofree char *out_path = g_strconcat (base, ".stdout", NULL);
  g_autofree char *err_path = g_strconcat (base, ".stderr", NULL);
  g_autofree char *exit_path = g_strconcat (base, ".exit", NULL);
  g_autofree char *want_out = gml_test_read (out_path);
  g_autofree char *want_err = gml_test_read (err_path);
  g_autofree char *want_exit = gml_test_read (exit_path);
  g_autofree char *source = NULL;
  g_autofree char *file = g_strconcat (name, ".go", NULL);
  int want_code = (int) g_ascii_strtoll (want_exit, NULL, 10);
  GmlVmConfig config;
  gsize len;
  Run r;

  if (!g_file_get_contents (path, &source, &len, NULL))
    g_error ("cannot read %s", path);
  gml_vm_config_init (&config);
  if (run_program (file, source, len, &config, &r))
    {
      g_autofree char *err = gml_test_stderr_prefix (r.err->str, FALSE);

      check_run (name, "normal", &r, want_out, want_code);
      compare_text (name, "stderr", want_err, err);
    }
  run_clear (&r);
  if (is_stress_exempt (name))
    return;
  config.gc_stress = TRUE;
  config.gc_check = TRUE;
  if (run_program (file, source, len, &config, &r))
    check_run (name, "GC stress", &r, want_out, want_code);
  run_clear (&r);
}

/* NNN_feature.go: three digits, an underscore, the feature. */
static gboolean
is_golden_program (const char *file)
{
  return strlen (file) > 7 && g_ascii_isdigit (file[0]) && g_ascii_isdigit (file[1])
         && g_ascii_isdigit (file[2]) && file[3] == '_' && g_str_has_suffix (file, ".go");
}

static void
add_tests (GPtrArray *paths)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "golden", NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *file;

  g_assert_nonnull (dir);
  while ((file = g_dir_read_name (dir)) != NULL)
    if (is_golden_program (file))
      g_ptr_array_add (paths, g_build_filename (dir_path, file, NULL));
  g_ptr_array_sort (paths, gml_test_compare_names);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *test = g_strdup_printf ("/golden/%.*s", (int) strlen (base) - 3, base);

      g_test_add_data_func (test, path, test_golden);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);
  default_log_func = g_log_set_default_handler (count_log_cb, NULL);
  add_tests (paths);
  return g_test_run ();
}
