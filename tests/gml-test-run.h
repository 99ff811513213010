/* gml-test-run.h: running Go programs through the whole pipeline (load,
 * check, compile, VM) in tests, and golden programs (tests/golden/) whose
 * expected output was recorded from Go 1.19.
 *
 * A golden program NAME.go comes with NAME.stdout, NAME.exit and
 * NAME.stderr; the latter holds Go's standard error up to and including
 * the first "goroutine " line, the part the simulator must reproduce
 * (the traceback below it is its own).
 */
#pragma once

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "gml-image.h"
#include "gml-program.h"
#include "gml-rt.h"
#include "gml-vm.h"

typedef struct
{
  GString     *out;
  GString     *err;
  int          code;
  GmlVmStatus  status;
  gboolean     gc_check_failed;   /* the heap checker found a problem */
  guint64      steps;
} GmlTestRun;

static void
gml_test_run_output_cb (int         fd,
                        const char *data,
                        gsize       len,
                        gpointer    user_data)
{
  GmlTestRun *r = user_data;

  g_string_append_len (fd == 2 ? r->err : r->out, data, (gssize) len);
}

G_GNUC_UNUSED static void
gml_test_run_clear (GmlTestRun *r)
{
  g_string_free (r->out, TRUE);
  g_string_free (r->err, TRUE);
  memset (r, 0, sizeof *r);
}

/* Runs `source` to its end (or its step budget); `config` and `sink` may
 * be NULL. */
G_GNUC_UNUSED static void
gml_test_run_source (GmlTestRun        *r,
                     const char        *name,
                     const char        *source,
                     const GmlVmConfig *config,
                     GmlEventSink      *sink)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlVmConfig defaults;
  GmlProgram *program;
  GmlImage *image;
  GmlVm *vm;

  r->out = g_string_new (NULL);
  r->err = g_string_new (NULL);
  program = gml_program_load (name, source, strlen (source), diags);
  if (program == NULL)
    {
      g_autofree char *text = gml_diag_list_format (diags);

      g_error ("%s does not load:\n%s", name, text);
    }
  image = gml_image_build (program, diags);
  g_assert_nonnull (image);
  if (config == NULL)
    {
      gml_vm_config_init (&defaults);
      config = &defaults;
    }
  vm = gml_vm_new (image, config);
  gml_vm_set_output (vm, gml_test_run_output_cb, r);
  if (sink != NULL)
    gml_vm_set_sink (vm, sink);
  while ((r->status = gml_vm_run (vm, 1 << 20)) == GML_VM_RUNNING)
    ;
  r->code = r->status == GML_VM_EXITED ? gml_vm_exit_code (vm) : -1;
  r->gc_check_failed = vm->rt.gc_check_failed;
  r->steps = gml_vm_steps (vm);
  gml_vm_free (vm);
  gml_image_free (image);
  gml_program_free (program);
}

/* The part of standard error Go's output fixes, masked as the
 * regenerate.sh scripts mask Go's (tests/mask-go-stderr.awk) and as
 * check-corpus compares it: up to and including the first line that
 * starts with "goroutine ", without a fatal error's "runtime stack:"
 * block, with pc=, sp=, fp= values and stack=[lo, hi] bounds masked;
 * with `mask_limit`, also the number of "exceeds N-byte limit". */
G_GNUC_UNUSED static char *
gml_test_stderr_prefix (const char *err,
                        gboolean    mask_limit)
{
  g_auto (GStrv) lines = g_strsplit (err, "\n", -1);
  g_autoptr (GRegex) addr = g_regex_new ("\\b(pc|sp|fp)=0x[0-9a-fA-F]+", 0, 0, NULL);
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

static char *
gml_test_read (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    g_error ("cannot read %s", path);
  return text;
}

/* A golden program with a VM configuration (quantum and GC settings must
 * not change the output of a correct program). */
typedef struct
{
  char        *path;      /* tests/golden/NAME.go */
  GmlVmConfig  config;
} GmlTestGolden;

static void
gml_test_golden_free (gpointer data)
{
  GmlTestGolden *g = data;

  g_free (g->path);
  g_free (g);
}

static void
gml_test_golden_run (gconstpointer data)
{
  const GmlTestGolden *g = data;
  g_autofree char *base = g_strndup (g->path, strlen (g->path) - 3);
  g_autofree char *stdout_path = g_strconcat (base, ".stdout", NULL);
  g_autofree char *stderr_path = g_strconcat (base, ".stderr", NULL);
  g_autofree char *exit_path = g_strconcat (base, ".exit", NULL);
  g_autofree char *source = gml_test_read (g->path);
  g_autofree char *want_out = gml_test_read (stdout_path);
  g_autofree char *want_err = gml_test_read (stderr_path);
  g_autofree char *want_exit = gml_test_read (exit_path);
  g_autofree char *name = g_path_get_basename (g->path);
  g_autofree char *err = NULL;
  GmlTestRun r;

  gml_test_run_source (&r, name, source, &g->config, NULL);
  err = gml_test_stderr_prefix (r.err->str, FALSE);
  g_assert_cmpstr (r.out->str, ==, want_out);
  g_assert_cmpstr (err, ==, want_err);
  g_assert_cmpint (r.code, ==, atoi (want_exit));
  g_assert_false (r.gc_check_failed);
  gml_test_run_clear (&r);
}

static gint
gml_test_compare_names (gconstpointer a,
                        gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Adds /PREFIX/VARIANT/NAME for every tests/golden/NAME.go whose name
 * starts with one of `stems` (NULL-terminated). */
G_GNUC_UNUSED static void
gml_test_add_goldens (const char         *prefix,
                      const char         *variant,
                      const char * const *stems,
                      const GmlVmConfig  *config)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "golden", NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    for (guint i = 0; stems[i] != NULL; i++)
      if (g_str_has_prefix (entry, stems[i]) && g_str_has_suffix (entry, ".go"))
        g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, gml_test_compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      GmlTestGolden *g = g_new0 (GmlTestGolden, 1);
      g_autofree char *stem = g_strndup (file, strlen (file) - 3);
      g_autofree char *path = g_strdup_printf ("/%s/%s/%s", prefix, variant, stem);

      g->path = g_build_filename (dir_path, file, NULL);
      g->config = *config;
      g_test_add_data_func_full (path, g, gml_test_golden_run, gml_test_golden_free);
    }
}
