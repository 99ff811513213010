/* bench-timeline.c: simulate and record one Go program, then seek.
 *
 *   bench-timeline [--record-only] NAME PROGRAM.go
 *
 * prints one line
 *   bench: NAME steps=N sim_s=S steps_per_s=R bytes_per_step=B seek_p50_us=P seek_p99_us=Q peak_rss_mb=M
 * then the worst case of a navigation query (a search for a line through
 * every step), the same figures in CPU time, and, when a Go toolchain is
 * installed, the native `go run` time of the same program and the ratio.  Each workload runs in
 * its own process so peak RSS is its own.
 *
 * --record-only stops after the recording (no seeks, no native run) and
 * leaves the seek fields out: for profilers and instruction counters
 * (valgrind --tool=callgrind), whose figures do not drift with the
 * machine's speed.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "gml-image.h"
#include "gml-program.h"
#include "gml-timeline.h"

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : (x > y ? 1 : 0);
}

static GmlTimeline *
load (const char *path)
{
  g_autofree char *src = NULL;
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlProgram *program;
  GmlImage *image;
  gsize len;

  if (!g_file_get_contents (path, &src, &len, NULL))
    return NULL;
  program = gml_program_load (path, src, len, diags);
  if (program == NULL)
    return NULL;
  image = gml_image_build (program, diags);
  if (image == NULL)
    return NULL;
  {
    GmlTimelineConfig tc;

    /* GOMEMLAB_CHECKPOINT_INTERVAL=N tries another checkpoint spacing. */
    gml_timeline_config_init (&tc);
    if (g_getenv ("GOMEMLAB_CHECKPOINT_INTERVAL") != NULL)
      tc.checkpoint_interval = (guint) g_ascii_strtoull (g_getenv ("GOMEMLAB_CHECKPOINT_INTERVAL"), NULL, 10);
    return gml_timeline_new (program, image, NULL, &tc);
  }
}

static double
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec * 1e6 + (double) ts.tv_nsec / 1e3;
}

static double
process_cpu_s (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (double) ru.ru_utime.tv_sec + (double) ru.ru_utime.tv_usec / 1e6
         + (double) ru.ru_stime.tv_sec + (double) ru.ru_stime.tv_usec / 1e6;
}

/* Seek latency over 1,000 random steps of the run: wall clock, and the
 * CPU time of this thread (which a busy machine does not inflate). */
static void
measure_seeks (GmlTimeline *tl,
               double      *p50,
               double      *p99,
               double      *cpu_p50,
               double      *cpu_p99)
{
  enum { N = 1000 };
  double us[N], cpu[N];
  guint64 n = gml_timeline_n_steps (tl);
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < N; i++)
    {
      guint64 step = (guint64) (g_rand_double (rand) * (double) n);
      gint64 t0 = g_get_monotonic_time ();
      double c0 = thread_cpu_us ();
      GmlState *s = gml_timeline_state_at (tl, step);

      gml_state_unref (s);
      cpu[i] = thread_cpu_us () - c0;
      us[i] = (double) (g_get_monotonic_time () - t0);
    }
  qsort (us, N, sizeof us[0], compare_double);
  qsort (cpu, N, sizeof cpu[0], compare_double);
  *p50 = us[N / 2];
  *p99 = us[N * 99 / 100];
  *cpu_p50 = cpu[N / 2];
  *cpu_p99 = cpu[N * 99 / 100];
  g_rand_free (rand);
}

/* The same program under the real toolchain, if there is one. */
static double
native_seconds (const char *path)
{
  g_autofree char *go = g_find_program_in_path ("go");
  g_autofree char *dir = NULL;
  g_autofree char *bin = NULL;
  gint64 t0;
  int status;

  if (go == NULL)
    return -1;
  dir = g_dir_make_tmp ("gomemlab-bench-XXXXXX", NULL);
  if (dir == NULL)
    return -1;
  bin = g_build_filename (dir, "prog", NULL);
  {
    const char *argv[] = { go, "build", "-o", bin, path, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) || status != 0)
      return -1;
  }
  t0 = g_get_monotonic_time ();
  {
    const char *argv[] = { bin, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, NULL);
  }
  return (double) (g_get_monotonic_time () - t0) / 1e6;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GmlTimeline) tl = NULL;
  struct rusage ru;
  gint64 t0;
  double sim_s, sim_cpu_s, p50, p99, cpu_p50, cpu_p99, native;
  guint64 steps;
  gboolean record_only = argc == 4 && g_strcmp0 (argv[1], "--record-only") == 0;

  if (record_only)
    argv++, argc--;
  if (argc != 3)
    {
      fprintf (stderr, "usage: bench-timeline [--record-only] NAME PROGRAM.go\n");
      return 2;
    }
  tl = load (argv[2]);
  if (tl == NULL)
    {
      fprintf (stderr, "bench-timeline: cannot load %s\n", argv[2]);
      return 1;
    }
  t0 = g_get_monotonic_time ();
  sim_cpu_s = process_cpu_s ();
  gml_timeline_run (tl, G_MAXUINT64);
  sim_s = (double) (g_get_monotonic_time () - t0) / 1e6;
  sim_cpu_s = process_cpu_s () - sim_cpu_s;
  steps = gml_timeline_n_steps (tl);
  if (record_only)
    {
      getrusage (RUSAGE_SELF, &ru);
      printf ("bench: %s steps=%" G_GUINT64_FORMAT " sim_s=%.3f steps_per_s=%.0f bytes_per_step=%.1f peak_rss_mb=%.0f\n",
              argv[1], steps, sim_s, steps / sim_s, (double) gml_timeline_memory (tl) / (double) MAX (steps, 1),
              ru.ru_maxrss / 1024.0);
      return 0;
    }
  measure_seeks (tl, &p50, &p99, &cpu_p50, &cpu_p99);
  getrusage (RUSAGE_SELF, &ru);
  printf ("bench: %s steps=%" G_GUINT64_FORMAT " sim_s=%.3f steps_per_s=%.0f bytes_per_step=%.1f "
          "seek_p50_us=%.0f seek_p99_us=%.0f peak_rss_mb=%.0f\n",
          argv[1], steps, sim_s, steps / sim_s, (double) gml_timeline_memory (tl) / (double) MAX (steps, 1),
          p50, p99, ru.ru_maxrss / 1024.0);
  {
    /* Navigation's worst case: "continue" to a line that never runs
     * again (line 1, the package clause) scans every step. */
    gint64 t = g_get_monotonic_time ();
    guint64 found = gml_timeline_find_line (tl, 0, 1, GML_NAV_FORWARD);

    double line_ms = (double) (g_get_monotonic_time () - t) / 1e3;

    g_assert (found == G_MAXUINT64);
    double event_ms;

    /* And "next event of a kind" for one that never happens. */
    t = g_get_monotonic_time ();
    found = gml_timeline_find_event (tl, 0, GML_EVENT_FINALIZER, GML_NAV_FORWARD);
    g_assert (found == G_MAXUINT64);
    event_ms = (double) (g_get_monotonic_time () - t) / 1e3;
    /* And stepping out of the frame at the middle step (in
     * stack-overflow, a frame that never returns). */
    t = g_get_monotonic_time ();
    gml_timeline_step_out (tl, steps / 2);
    printf ("bench: %s find_line_ms=%.2f find_event_ms=%.2f step_out_ms=%.2f\n", argv[1], line_ms, event_ms,
            (double) (g_get_monotonic_time () - t) / 1e3);
  }
  /* CPU time: the recording's is the process's (the packer thread too). */
  printf ("bench: %s cpu_s=%.3f steps_per_cpu_s=%.0f seek_cpu_p50_us=%.0f seek_cpu_p99_us=%.0f\n",
          argv[1], sim_cpu_s, steps / MAX (sim_cpu_s, 1e-9), cpu_p50, cpu_p99);
  native = native_seconds (argv[2]);
  if (native > 0)
    printf ("bench: %s native_go_run_s=%.3f ratio=%.1f\n", argv[1], native, sim_s / native);
  return 0;
}
