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

#include "gml-image.h"
#include "gml-program.h"
#include "gml-vm.h"

#define EXIT_USAGE  64
#define EXIT_LOAD   2
#define EXIT_BUDGET 3

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
  "  escape FILE.go    Print escape-analysis decisions like\n"
  "                    `go build -gcflags='-m -l'`.\n"
  "  check FILE        Check a program (.go) or a scenario (.json) and print\n"
  "                    every problem as FILE:LINE:COL: message; exit 1 if any.\n"
  "\n"
  "Options:\n"
  "  --max-steps=N     Stop after N steps (default 50000000).\n"
  "  --help            Show this help.\n"
  "\n"
  "Exit status: the program's own for `run`; 2 when a program does not load;\n"
  "1 when `check` finds problems; 3 when a budget runs out; 64 for usage errors.\n";

typedef struct
{
  guint64 max_steps;
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
  gml_vm_free (vm);
  return code;
}

/* ------------------------------------------------------------------ */
/* check                                                               */

static int
cmd_check (const char *path)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  g_autoptr (GmlProgram) program = NULL;
  g_autoptr (GmlImage) image = NULL;
  gboolean io_error;

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
/* main                                                                */

int
main (int    argc,
      char **argv)
{
  Options opts = { 0 };
  const char *command = NULL, *file = NULL;

  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          fputs (usage, stdout);
          return 0;
        }
      if (g_str_has_prefix (argv[i], "--max-steps="))
        opts.max_steps = g_ascii_strtoull (argv[i] + 12, NULL, 10);
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          fprintf (stderr, "gomemlab-cli: unknown option %s\n%s", argv[i], usage);
          return EXIT_USAGE;
        }
      else if (command == NULL)
        command = argv[i];
      else if (file == NULL)
        file = argv[i];
      else
        {
          fprintf (stderr, "gomemlab-cli: too many arguments\n");
          return EXIT_USAGE;
        }
    }
  if (command == NULL || file == NULL)
    {
      fputs (usage, stderr);
      return EXIT_USAGE;
    }
  if (strcmp (command, "run") == 0)
    return cmd_run (file, &opts);
  if (strcmp (command, "check") == 0)
    return cmd_check (file);
  fprintf (stderr, "gomemlab-cli: unknown command %s\n", command);
  return EXIT_USAGE;
}
