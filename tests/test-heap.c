/* test-heap.c: size classes, growslice and the allocator. */
#include "gml-heap.h"
#include "gml-gc.h"
#include "gml-test-run.h"

#include <stdio.h>
#include <string.h>

static GmlVm *
vm_new (void)
{
  GmlVm *vm = g_new0 (GmlVm, 1);

  vm->mem = gml_mem_new ();
  gml_heap_init (vm, 2);
  return vm;
}

static void
vm_free (GmlVm *vm)
{
  gml_mem_free (vm->mem);
  g_free (vm);
}

static void
test_size_classes (void)
{
  g_assert_cmpuint (gml_size_to_class (1), ==, 1);
  g_assert_cmpuint (gml_size_to_class (8), ==, 1);
  g_assert_cmpuint (gml_size_to_class (9), ==, 2);
  g_assert_cmpuint (gml_size_to_class (17), ==, 3);
  g_assert_cmpuint (gml_class_size (gml_size_to_class (1025)), ==, 1152);
  g_assert_cmpuint (gml_size_to_class (32768), ==, 67);
  g_assert_cmpuint (gml_size_to_class (32769), ==, 0);
  g_assert_cmpuint (gml_roundupsize (33000), ==, 40960);
  /* Every small size gets the smallest class that fits it. */
  for (gsize size = 1; size <= GML_MAX_SMALL_SIZE; size++)
    {
      guint c = gml_size_to_class (size);

      g_assert_cmpuint (gml_class_size (c), >=, size);
      g_assert_cmpuint (gml_class_size (c - 1), <, size);
      g_assert_cmpuint (gml_roundupsize (size), ==, gml_class_size (c));
    }
  g_assert_cmpuint (gml_class_nelems (35), ==, 11);
  g_assert_cmpuint (gml_class_npages (35), ==, 2);
}

/* Capacity sequences observed with Go 1.19 (go-runtime-facts.md §7). */
static void
check_growth (gint64 elem_size, const char *expected)
{
  GString *got = g_string_new (NULL);
  gint64 cap = 0;

  for (gint64 len = 1; len <= 5000; len++)
    if (len > cap)
      {
        gint64 bytes;

        g_assert_true (gml_growslice (cap, len, elem_size, &cap, &bytes));
        g_string_append_printf (got, "%s%" G_GINT64_FORMAT, got->len ? " " : "", cap);
      }
  g_assert_cmpstr (got->str, ==, expected);
  g_string_free (got, TRUE);
}

static void
test_growslice (void)
{
  check_growth (8, "1 2 4 8 16 32 64 128 256 512 848 1280 1792 2560 3408 5120");
  check_growth (1, "8 16 32 64 128 256 512 896 1408 2048 3072 4096 5376");
  check_growth (16, "1 2 4 8 16 32 64 128 256 512 848 1280 1792 2560 3584 5120");
}

static void
test_alloc_sequential (void)
{
  GmlVm *vm = vm_new ();
  gboolean trig;
  guint64 a = gml_heap_alloc (vm, 64, 1, 1, FALSE, &trig);
  guint64 b = gml_heap_alloc (vm, 64, 1, 1, FALSE, &trig);
  guint64 base, span;
  guint32 index;

  g_assert_cmphex (a, ==, GML_ARENA_BASE);
  g_assert_cmphex (b, ==, a + 64);
  g_assert_false (trig);
  for (guint i = 2; i < 128; i++)
    gml_heap_alloc (vm, 64, 1, 1, FALSE, &trig);
  /* The 129th 64-byte object needs a new span. */
  g_assert_cmphex (gml_heap_alloc (vm, 64, 1, 1, FALSE, &trig), ==, a + 8192);
  g_assert_true (trig);
  g_assert_true (gml_heap_find_object (vm, a + 70, &base, &span, &index));
  g_assert_cmphex (base, ==, a + 64);
  g_assert_cmpuint (index, ==, 1);
  g_assert_cmpuint (vm->rt.nmalloc, ==, 129);
  g_assert_cmpuint (vm->rt.heap_alloc, ==, 129 * 64);
  vm_free (vm);
}

/* 1000 x new(int32): 4 per 16-byte tiny block (teaching-notes trap 3.18). */
static void
test_tiny (void)
{
  GmlVm *vm = vm_new ();
  gboolean trig;

  for (guint i = 0; i < 1000; i++)
    gml_heap_alloc (vm, 4, 2, 1, TRUE, &trig);
  g_assert_cmpuint (vm->rt.nmalloc, ==, 1000);
  g_assert_cmpuint (vm->rt.nfree, ==, 750);
  g_assert_cmpuint (vm->rt.nmalloc - vm->rt.nfree, ==, 250);
  g_assert_cmpuint (vm->rt.total_alloc, ==, 4000);
  vm_free (vm);
}

static void
test_large_and_sweep (void)
{
  GmlVm *vm = vm_new ();
  gboolean trig;
  guint64 big = gml_heap_alloc (vm, 40000, 1, 1, TRUE, &trig);
  guint64 span = gml_heap_span_of (vm, big);

  g_assert_true (trig);
  g_assert_cmpuint (GML_META_R (vm, GmlSpan, span)->npages, ==, 5);
  g_assert_cmpuint (vm->rt.heap_alloc, ==, 5 * 8192);

  /* Nothing is marked: sweeping after a cycle frees the object and span. */
  vm->rt.sweepgen += 2;
  g_assert_false (gml_gc_sweep_span (vm, span, FALSE));
  g_assert_cmpuint (vm->rt.heap_alloc, ==, 0);
  g_assert_cmpuint (vm->rt.nfree, ==, 1);
  g_assert_cmpuint (gml_heap_span_of (vm, big), ==, 0);
  /* The pages are reused by the next allocation at the lowest address. */
  g_assert_cmphex (gml_heap_alloc (vm, 40000, 1, 1, TRUE, &trig), ==, big);
  vm_free (vm);
}

static void
test_sweep_keeps_marked (void)
{
  GmlVm *vm = vm_new ();
  gboolean trig;
  guint64 objs[10];
  guint64 span;

  for (guint i = 0; i < 10; i++)
    objs[i] = gml_heap_alloc (vm, 32, 1, 1, FALSE, &trig);
  gml_mem_set_u64 (vm->mem, objs[3], 0xdead);
  span = gml_heap_span_of (vm, objs[0]);
  gml_heap_flush_caches (vm);
  gml_bitmap_set (vm, GML_META_R (vm, GmlSpan, span)->markbits, 3, TRUE);
  vm->rt.sweepgen += 2;
  g_assert_true (gml_gc_sweep_span (vm, span, FALSE));
  g_assert_cmpuint (GML_META_R (vm, GmlSpan, span)->alloc_count, ==, 1);
  g_assert_cmpuint (vm->rt.nfree, ==, 9);
  g_assert_cmphex (gml_mem_get_u64 (vm->mem, objs[3]), ==, 0xdead);
  /* Freed slots are handed out again, zeroed, skipping the live one. */
  g_assert_cmphex (gml_heap_alloc (vm, 32, 1, 1, FALSE, &trig), ==, objs[0]);
  for (guint i = 1; i < 3; i++)
    gml_heap_alloc (vm, 32, 1, 1, FALSE, &trig);
  g_assert_cmphex (gml_heap_alloc (vm, 32, 1, 1, FALSE, &trig), ==, objs[4]);
  vm_free (vm);
}

/* GODEBUG=gctrace=1 prints Go's line, with Go's number formatting
 * (fmtNSAsMS: "0.020", "0.52", "2.4", "0") and pauses of tens of
 * microseconds, not nanoseconds. */
static void
test_gctrace (void)
{
  static const char source[] =
    "package main\n"
    "\n"
    "import \"runtime\"\n"
    "\n"
    "var live [][]byte\n"
    "var sink []byte\n"
    "\n"
    "func main() {\n"
    "\tfor i := 0; i < 4; i++ {\n"
    "\t\tlive = append(live, make([]byte, 1<<20))\n"
    "\t}\n"
    "\tfor i := 0; i < 300; i++ {\n"
    "\t\tsink = make([]byte, 64<<10)\n"
    "\t}\n"
    "\truntime.GC()\n"
    "}\n";
  g_autoptr (GRegex) re = NULL;
  g_auto (GStrv) lines = NULL;
  GmlVmConfig config;
  GmlTestRun r;
  guint n = 0;

  gml_vm_config_init (&config);
  config.gctrace = TRUE;
  gml_test_run_source (&r, "trace.go", source, &config, NULL);
  g_assert_cmpint (r.code, ==, 0);
#define MS "(0|[1-9][0-9]*|[0-9]\\.[0-9]{1,3})"
  re = g_regex_new ("^gc ([0-9]+) @[0-9]+\\.[0-9]{3}s [0-9]+%: " MS "\\+" MS "\\+" MS " ms clock, "
                    MS "\\+" MS "/" MS "/" MS "\\+" MS " ms cpu, [0-9]+->[0-9]+->[0-9]+ MB, [0-9]+ MB goal, "
                    "[0-9]+ MB stacks, [0-9]+ MB globals, [0-9]+ P( \\(forced\\))?$", 0, 0, NULL);
#undef MS
  g_assert_nonnull (re);
  lines = g_strsplit (r.err->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr (GMatchInfo) m = NULL;
      g_autofree char *num = NULL, *stw1 = NULL, *stw2 = NULL;

      if (!g_regex_match (re, lines[i], 0, &m))
        g_error ("not a gctrace line: %s", lines[i]);
      num = g_match_info_fetch (m, 1);
      g_assert_cmpuint (g_ascii_strtoull (num, NULL, 10), ==, ++n);
      /* Both stop-the-world pauses: tens of microseconds. */
      stw1 = g_match_info_fetch (m, 2);
      stw2 = g_match_info_fetch (m, 4);
      g_assert_cmpfloat (g_ascii_strtod (stw1, NULL), >=, 0.010);
      g_assert_cmpfloat (g_ascii_strtod (stw1, NULL), <, 0.5);
      g_assert_cmpfloat (g_ascii_strtod (stw2, NULL), >=, 0.010);
      g_assert_cmpfloat (g_ascii_strtod (stw2, NULL), <, 0.5);
      /* Concurrent marking takes time, never "0" as it did once. */
      {
        g_autofree char *mark = g_match_info_fetch (m, 3);

        g_assert_cmpfloat (g_ascii_strtod (mark, NULL), >=, 0.075);
      }
    }
  /* Go 1.19 runs 3-6 cycles for this program (the simulator 6); the
   * last is forced. */
  g_assert_cmpuint (n, >=, 3);
  g_assert_true (g_str_has_suffix (g_strstrip (r.err->str), " (forced)"));
  gml_test_run_clear (&r);
}

/* GOGC=off with GOMEMLIMIT below what the live heap and the runtime
 * need: Go collects back to back, and the program allocates while each
 * cycle marks. data/scenarios/gomemlimit.go at 16 MiB: Go 1.19 ran 20,
 * 20 and 22 cycles here (12 MiB: 21-27); the simulator once ran one per
 * allocation, 401. */
static void
test_memory_limit_below_live (void)
{
  static const char source[] =
    "package main\n"
    "\n"
    "var live [][]byte\n"
    "var sink []byte\n"
    "\n"
    "func main() {\n"
    "\tfor i := 0; i < 8; i++ {\n"
    "\t\tlive = append(live, make([]byte, 1<<20))\n"
    "\t}\n"
    "\tfor i := 0; i < 400; i++ {\n"
    "\t\tsink = make([]byte, 64<<10)\n"
    "\t}\n"
    "}\n";
  g_auto (GStrv) lines = NULL;
  GmlVmConfig config;
  GmlTestRun r;
  guint n = 0, grew = 0;

  gml_vm_config_init (&config);
  config.gctrace = TRUE;
  config.gogc = -1;
  config.memory_limit = 16 << 20;
  gml_test_run_source (&r, "limit.go", source, &config, NULL);
  g_assert_cmpint (r.code, ==, 0);
  lines = g_strsplit (r.err->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint h0, h1, live;
      const char *heap;

      if (!g_str_has_prefix (lines[i], "gc "))
        continue;
      n++;
      heap = strstr (lines[i], " ms cpu, ");
      g_assert_nonnull (heap);
      g_assert_cmpint (sscanf (heap, " ms cpu, %u->%u->%u MB", &h0, &h1, &live), ==, 3);
      grew += h1 > h0;
    }
  g_test_message ("%u cycles, %u with the heap growing during marking", n, grew);
  g_assert_cmpuint (n, >=, 15);
  g_assert_cmpuint (n, <=, 30);
  g_assert_cmpuint (grew, >, 0);
  gml_test_run_clear (&r);
}

/* Finalizers on objects that share a tiny block: when the block dies,
 * the sweep queues all of them in the same cycle (mgcsweep.go's second
 * pass over the slot's specials), and the finalizer goroutine runs the
 * batch last queued first.  (A real program cannot count on this: the
 * runtime's own start-up allocations decide which block its first tiny
 * objects share, and Go 1.19 runs "tiny 3, tiny 2" alone when 0 and 1
 * landed in a block that stays live.  The simulator starts with an empty
 * heap, so the four share one block.) */
static void
test_tiny_block_finalizers (void)
{
  static const char source[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"fmt\"\n"
    "\t\"runtime\"\n"
    "\t\"time\"\n"
    ")\n"
    "\n"
    "type Tiny struct{ id int32 }\n"
    "\n"
    "func main() {\n"
    "\tfor i := int32(0); i < 4; i++ {\n"
    "\t\tt := &Tiny{i}\n"
    "\t\truntime.SetFinalizer(t, func(t *Tiny) { fmt.Println(\"tiny\", t.id) })\n"
    "\t}\n"
    "\tpad := new(int64)\n"
    "\t*pad = 1\n"
    "\truntime.GC()\n"
    "\ttime.Sleep(10 * time.Millisecond)\n"
    "\tfmt.Println(\"after one cycle\", *pad)\n"
    "}\n";
  GmlTestRun r;

  gml_test_run_source (&r, "tiny.go", source, NULL, NULL);
  g_assert_cmpint (r.code, ==, 0);
  g_assert_cmpstr (r.out->str, ==, "tiny 3\ntiny 2\ntiny 1\ntiny 0\nafter one cycle 1\n");
  gml_test_run_clear (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/heap/size-classes", test_size_classes);
  g_test_add_func ("/engine/heap/growslice", test_growslice);
  g_test_add_func ("/engine/heap/alloc-sequential", test_alloc_sequential);
  g_test_add_func ("/engine/heap/tiny", test_tiny);
  g_test_add_func ("/engine/heap/tiny-block-finalizers", test_tiny_block_finalizers);
  g_test_add_func ("/engine/heap/large-and-sweep", test_large_and_sweep);
  g_test_add_func ("/engine/heap/sweep-keeps-marked", test_sweep_keeps_marked);
  g_test_add_func ("/engine/heap/gctrace", test_gctrace);
  g_test_add_func ("/engine/heap/memory-limit-below-live", test_memory_limit_below_live);
  return g_test_run ();
}
