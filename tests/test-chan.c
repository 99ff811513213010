/* test-chan.c: Go 1.19 channels, select and package sync on the simulated
 * runtime.
 *
 * Golden programs (tests/golden/chan_*.go and sync_*.go, expected output
 * from Go 1.19) are run with several scheduling quanta: a correct
 * runtime prints the same whatever the interleaving.  The tests here add
 * what output cannot show: waiting goroutines whose stacks move, the GC
 * invariant under stress, determinism, the runtime types.
 */
#include "gml-test-run.h"

#include "gml-chan.h"
#include "gml-interp.h"
#include "gml-map.h"

static const char * const chan_stems[] = { "chan_", "sync_", NULL };

typedef struct
{
  GmlEventSink sink;
  guint        shrinks;
  guint        parks[32];   /* G_STATUS waiting events by reason */
} Counter;

static void
count_cb (GmlEventSink   *sink,
          const GmlEvent *e)
{
  Counter *c = (Counter *) sink;

  if (e->kind == GML_EVENT_STACK_SHRINK)
    c->shrinks++;
  else if (e->kind == GML_EVENT_G_STATUS && e->b == GML_G_WAITING && e->c < G_N_ELEMENTS (c->parks))
    c->parks[e->c]++;
}

static char *
golden_source (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "golden", name, NULL);

  return gml_test_read (path);
}

/* Goroutines wait on a receive and on a select, with destinations in their
 * frames, while the GC shrinks their stacks: the sender must write where
 * the variables are now. */
static void
test_chan_stack_moves (void)
{
  g_autofree char *source = golden_source ("chan_stack.go");
  Counter c = { { count_cb, TRUE, NULL }, 0, { 0 } };
  GmlTestRun r;

  gml_test_run_source (&r, "chan_stack.go", source, NULL, &c.sink);
  g_assert_cmpstr (r.out->str, ==, "105\n[1 2 3 4] -1\n");
  g_assert_cmpint (r.code, ==, 0);
  g_assert_cmpuint (c.shrinks, >=, 3);
  g_assert_cmpuint (c.parks[GML_WAIT_SELECT], >=, 1);
  g_assert_cmpuint (c.parks[GML_WAIT_CHAN_RECEIVE], >=, 1);
  g_assert_cmpuint (c.parks[GML_WAIT_CHAN_SEND], >=, 1);
  gml_test_run_clear (&r);
}

static const char stress_program[] =
  "package main\n"
  "\n"
  "import (\n"
  "\t\"fmt\"\n"
  "\t\"sync\"\n"
  ")\n"
  "\n"
  "type Job struct {\n"
  "\tID   int\n"
  "\tName *string\n"
  "}\n"
  "\n"
  "func main() {\n"
  "\tjobs := make(chan *Job)\n"
  "\tdone := make(chan []string, 4)\n"
  "\tvar wg sync.WaitGroup\n"
  "\tvar mu sync.Mutex\n"
  "\ttotal := 0\n"
  "\tfor w := 0; w < 4; w++ {\n"
  "\t\twg.Add(1)\n"
  "\t\tgo func() {\n"
  "\t\t\tdefer wg.Done()\n"
  "\t\t\tvar names []string\n"
  "\t\t\tfor j := range jobs {\n"
  "\t\t\t\tnames = append(names, *j.Name)\n"
  "\t\t\t\tmu.Lock()\n"
  "\t\t\t\ttotal += j.ID\n"
  "\t\t\t\tmu.Unlock()\n"
  "\t\t\t}\n"
  "\t\t\tdone <- names\n"
  "\t\t}()\n"
  "\t}\n"
  "\tquit := make(chan bool)\n"
  "\tfor i := 0; i < 200; i++ {\n"
  "\t\tname := fmt.Sprint(\"job\", i)\n"
  "\t\tselect {\n"
  "\t\tcase jobs <- &Job{i, &name}:\n"
  "\t\tcase <-quit:\n"
  "\t\t}\n"
  "\t}\n"
  "\tclose(jobs)\n"
  "\twg.Wait()\n"
  "\tn := 0\n"
  "\tfor i := 0; i < 4; i++ {\n"
  "\t\tn += len(<-done)\n"
  "\t}\n"
  "\tfmt.Println(n, total)\n"
  "}\n";

/* Pointers in flight through channels and select while a GC cycle starts
 * at every allocation, the heap checker on. */
static void
test_chan_gc_stress (void)
{
  GmlVmConfig config;
  GmlTestRun r;

  gml_vm_config_init (&config);
  config.gc_stress = TRUE;
  config.gc_check = TRUE;
  config.quantum = 2;
  gml_test_run_source (&r, "stress.go", stress_program, &config, NULL);
  g_assert_cmpstr (r.err->str, ==, "");
  g_assert_cmpstr (r.out->str, ==, "200 19900\n");
  g_assert_cmpint (r.code, ==, 0);
  g_assert_false (r.gc_check_failed);
  gml_test_run_clear (&r);
}

static const char select_program[] =
  "package main\n"
  "\n"
  "import \"fmt\"\n"
  "\n"
  "func main() {\n"
  "\ta := make(chan int, 1000)\n"
  "\tb := make(chan int, 1000)\n"
  "\tfor i := 0; i < 1000; i++ {\n"
  "\t\ta <- i\n"
  "\t\tb <- i\n"
  "\t}\n"
  "\tna := 0\n"
  "\tfor i := 0; i < 1000; i++ {\n"
  "\t\tselect {\n"
  "\t\tcase <-a:\n"
  "\t\t\tna++\n"
  "\t\tcase <-b:\n"
  "\t\t}\n"
  "\t}\n"
  "\tfmt.Println(na)\n"
  "}\n";

/* select chooses uniformly among ready cases, the same way on every run. */
static void
test_chan_select_fair (void)
{
  GmlTestRun a, b;
  gint64 na;

  gml_test_run_source (&a, "select.go", select_program, NULL, NULL);
  gml_test_run_source (&b, "select.go", select_program, NULL, NULL);
  g_assert_cmpstr (a.out->str, ==, b.out->str);
  na = g_ascii_strtoll (a.out->str, NULL, 10);
  g_assert_cmpint (na, >, 430);
  g_assert_cmpint (na, <, 570);
  gml_test_run_clear (&a);
  gml_test_run_clear (&b);
}

/* hchan has Go's 96-byte layout; a channel of pointer-free elements is one
 * pointer-free object, otherwise the buffer is a second object. */
static void
test_chan_types (void)
{
  static const char source[] =
    "package main\n"
    "var a chan int\n"
    "var b chan *int\n"
    "func main() {\n"
    "\t_, _ = a, b\n"
    "}\n";
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlProgram *program = gml_program_load ("prog.go", source, strlen (source), diags);
  GmlImage *image = gml_image_build (program, diags);
  guint n = 0;

  g_assert_nonnull (image);
  for (guint i = 0; i < gml_type_table_len (program->types); i++)
    {
      GmlType *t = gml_type_table_get (program->types, i);
      g_autofree char *s = gml_type_string (t, GML_TYPE_STRING_QUALIFIED);

      if (strcmp (s, "runtime.hchan") == 0)
        {
          g_assert_cmpint (gml_type_size (t), ==, 96);
          n++;
        }
    }
  /* The scan and the noscan variant. */
  g_assert_cmpuint (n, ==, 2);
  gml_image_free (image);
  gml_program_free (program);
}

static void
assert_same_memory (GmlVm   *a,
                    GmlVm   *b,
                    guint64  lo,
                    guint64  hi)
{
  guint8 x[1024], y[1024];

  for (guint64 p = lo; p < hi; p += sizeof x)
    {
      gml_mem_read (a->mem, p, x, sizeof x);
      gml_mem_read (b->mem, p, y, sizeof y);
      g_assert_cmpmem (x, sizeof x, y, sizeof y);
    }
}

/* All of the runtime's state (wait queues, sudogs, semaphores, pools, map
 * iterators) is in simulated memory and GmlRt: a replay VM restored from a
 * checkpoint in the middle of the run ends in exactly the same state. */
static void
test_chan_replay (gconstpointer data)
{
  g_autofree char *source = golden_source (data);
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlProgram *program = gml_program_load (data, source, strlen (source), diags);
  GmlImage *image = gml_image_build (program, diags);
  GmlVmConfig config;
  GmlVm *vm, *replay;
  GmlVmCheckpoint *cp[3];
  guint64 n;

  gml_vm_config_init (&config);
  vm = gml_vm_new (image, &config);
  while (gml_vm_run (vm, 1 << 20) == GML_VM_RUNNING)
    ;
  n = gml_vm_steps (vm);
  gml_vm_free (vm);

  /* Checkpoints at a quarter, a half and three quarters of the run. */
  vm = gml_vm_new (image, &config);
  for (guint i = 0; i < 3; i++)
    {
      gml_vm_run (vm, n * (i + 1) / 4 - gml_vm_steps (vm));
      cp[i] = gml_vm_checkpoint (vm);
    }
  while (gml_vm_run (vm, 1 << 20) == GML_VM_RUNNING)
    ;
  g_assert_cmpuint (gml_vm_steps (vm), ==, n);
  replay = gml_vm_new_replay (vm);
  for (guint i = 0; i < 3; i++)
    {
      gml_vm_restore (replay, cp[i]);
      while (gml_vm_run (replay, 1 << 20) == GML_VM_RUNNING)
        ;
      g_assert_cmpint (memcmp (&vm->rt, &replay->rt, sizeof (GmlRt)), ==, 0);
      assert_same_memory (vm, replay, GML_ARENA_BASE, vm->rt.arena_end);
      assert_same_memory (vm, replay, GML_METAHEAP_BASE, vm->rt.meta_top);
    }
  gml_vm_free (replay);
  for (guint i = 0; i < 3; i++)
    gml_vm_checkpoint_free (cp[i]);
  gml_vm_free (vm);
  gml_image_free (image);
  gml_program_free (program);
}

int
main (int   argc,
      char *argv[])
{
  GmlVmConfig config;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/chan/types", test_chan_types);
  g_test_add_func ("/engine/chan/stack-moves", test_chan_stack_moves);
  g_test_add_func ("/engine/chan/gc-stress", test_chan_gc_stress);
  g_test_add_func ("/engine/chan/select-fair", test_chan_select_fair);
  g_test_add_data_func ("/engine/chan/replay/chan_basic", "chan_basic.go", test_chan_replay);
  g_test_add_data_func ("/engine/chan/replay/chan_select", "chan_select.go", test_chan_replay);
  g_test_add_data_func ("/engine/chan/replay/sync_basic", "sync_basic.go", test_chan_replay);
  g_test_add_data_func ("/engine/chan/replay/sync_pool", "sync_pool.go", test_chan_replay);
  g_test_add_data_func ("/engine/chan/replay/map_iter", "map_iter.go", test_chan_replay);
  g_test_add_data_func ("/engine/chan/replay/map_stack", "map_stack.go", test_chan_replay);

  gml_vm_config_init (&config);
  gml_test_add_goldens ("engine/chan", "golden", chan_stems, &config);
  /* Other interleavings: a statement at a time, and one P. */
  config.quantum = 1;
  gml_test_add_goldens ("engine/chan", "quantum-1", chan_stems, &config);
  config.quantum = 7;
  config.gomaxprocs = 1;
  gml_test_add_goldens ("engine/chan", "quantum-7-procs-1", chan_stems, &config);

  /* A GC cycle at every allocation, the heap checker on. */
  gml_vm_config_init (&config);
  config.gc_stress = TRUE;
  config.gc_check = TRUE;
  gml_test_add_goldens ("engine/chan", "gc-stress", chan_stems, &config);

  return g_test_run ();
}
