/* test-map.c: Go 1.19 maps on the simulated runtime.
 *
 * Golden programs (tests/golden/map_*.go, expected output from Go 1.19)
 * cover behaviour and allocation counts; the tests here cover what Go's
 * output cannot show: the runtime types, hashing, determinism, and the
 * collector's invariant while maps grow under GC stress.
 */
#include "gml-test-run.h"

#include "gml-interp.h"
#include "gml-map.h"

static const char * const map_stems[] = { "map_", NULL };

static GmlProgram *
load (const char *source)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlProgram *program = gml_program_load ("prog.go", source, strlen (source), diags);

  g_assert_nonnull (program);
  return program;
}

/* The first type spelled `spelling` (as %T would print it). */
static GmlType *
find_type (GmlProgram *program,
           const char *spelling)
{
  for (guint i = 0; i < gml_type_table_len (program->types); i++)
    {
      GmlType *t = gml_type_table_get (program->types, i);
      g_autofree char *s = gml_type_string (t, GML_TYPE_STRING_QUALIFIED);

      if (strcmp (s, spelling) == 0)
        return t;
    }
  return NULL;
}

static void
assert_type (GmlProgram *program,
             const char *spelling,
             gint64      size,
             gboolean    pointers)
{
  GmlType *t = find_type (program, spelling);

  if (t == NULL)
    g_error ("no type %s", spelling);
  g_assert_cmpint (gml_type_size (t), ==, size);
  g_assert_cmpint (t->has_pointers, ==, pointers);
}

/* Buckets are laid out as reflectdata.MapBucketType does; pointer-free
 * keys and elements make the whole bucket pointer-free (its overflow link
 * becomes a uintptr); big keys and elements are stored as pointers. */
static void
test_map_types (void)
{
  GmlProgram *program = load ("package main\n"
                              "var a map[int]int\n"
                              "var b map[string]int\n"
                              "var c map[int]*int\n"
                              "var d map[[200]byte][300]byte\n"
                              "var e map[int8]bool\n"
                              "func main() {\n"
                              "\tfor range a {\n\t}\n"
                              "\t_, _, _, _ = b, c, d, e\n"
                              "}\n");
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlImage *image = gml_image_build (program, diags);

  g_assert_nonnull (image);
  assert_type (program, "map.bucket[int]int", 144, FALSE);
  assert_type (program, "map.bucket[string]int", 208, TRUE);
  assert_type (program, "map.bucket[int]*int", 144, TRUE);
  assert_type (program, "map.bucket[[200]uint8][300]uint8", 144, TRUE);
  assert_type (program, "map.bucket[int8]bool", 32, FALSE);
  assert_type (program, "runtime.hmap", 48, TRUE);
  assert_type (program, "runtime.mapextra", 24, TRUE);
  assert_type (program, "runtime.hiter", GML_HITER_SIZE, TRUE);
  assert_type (program, "unsafe.Pointer", 8, TRUE);
  gml_image_free (image);
  gml_program_free (program);
}

/* A VM for calling the runtime directly (nothing runs). */
static GmlVm *
idle_vm (GmlProgram  *program,
         GmlImage   **image)
{
  g_autoptr (GmlDiagList) diags = gml_diag_list_new ();
  GmlVmConfig config;

  *image = gml_image_build (program, diags);
  g_assert_nonnull (*image);
  gml_vm_config_init (&config);
  return gml_vm_new (*image, &config);
}

static guint64
hash_of (GmlVm   *vm,
         GmlType *t,
         guint64  addr,
         guint64  seed)
{
  guint64 h;

  g_assert_true (gml_map_hash (vm, t, addr, seed, &h));
  return h;
}

static guint64
string_at (GmlVm      *vm,
           guint64     header,
           const char *s)
{
  guint64 bytes = gml_vm_alloc (vm, NULL, 1, 32);

  gml_mem_write (vm->mem, bytes, s, strlen (s));
  gml_mem_set_u64 (vm->mem, header, bytes);
  gml_mem_set_u64 (vm->mem, header + 8, strlen (s));
  return header;
}

/* Equal keys hash alike whatever their bytes (+0/-0, strings at different
 * addresses); the seed matters; NaN hashes at random. */
static void
test_map_hash (void)
{
  GmlProgram *program = load ("package main\nfunc main() {}\n");
  GmlImage *image;
  GmlVm *vm = idle_vm (program, &image);
  GmlTypeTable *tt = program->types;
  GmlType *f64 = gml_type_basic (tt, GML_TYPE_FLOAT64), *str = gml_type_basic (tt, GML_TYPE_STRING);
  guint64 mem = gml_vm_alloc (vm, NULL, 1, 256);
  double zero = 0.0, nan = zero / zero;

  gml_mem_set_f64 (vm->mem, mem, 0.0);
  gml_mem_set_f64 (vm->mem, mem + 8, -zero);
  g_assert_cmpuint (hash_of (vm, f64, mem, 1), ==, hash_of (vm, f64, mem + 8, 1));
  gml_mem_set_f64 (vm->mem, mem + 16, nan);
  g_assert_cmpuint (hash_of (vm, f64, mem + 16, 1), !=, hash_of (vm, f64, mem + 16, 1));

  string_at (vm, mem + 32, "hello, maps");
  string_at (vm, mem + 48, "hello, maps");
  string_at (vm, mem + 64, "hello, mapz");
  g_assert_cmpuint (hash_of (vm, str, mem + 32, 7), ==, hash_of (vm, str, mem + 48, 7));
  g_assert_cmpuint (hash_of (vm, str, mem + 32, 7), !=, hash_of (vm, str, mem + 64, 7));
  g_assert_cmpuint (hash_of (vm, str, mem + 32, 7), !=, hash_of (vm, str, mem + 32, 8));

  gml_vm_free (vm);
  gml_image_free (image);
  gml_program_free (program);
}

/* fastrand is wyrand over the VM's state: the same in every VM. */
static void
test_map_fastrand (void)
{
  GmlProgram *program = load ("package main\nfunc main() {}\n");
  GmlImage *image, *image2;
  GmlVm *a = idle_vm (program, &image), *b = idle_vm (program, &image2);
  guint hist[4] = { 0 };

  for (guint i = 0; i < 1000; i++)
    {
      guint32 x = gml_fastrand (a);

      g_assert_cmpuint (x, ==, gml_fastrand (b));
      hist[gml_fastrandn (a, 4)]++;
      gml_fastrandn (b, 4);
    }
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (hist[i], >, 200);
  gml_vm_free (a);
  gml_vm_free (b);
  gml_image_free (image);
  gml_image_free (image2);
  gml_program_free (program);
}

static const char order_program[] =
  "package main\n"
  "\n"
  "import \"fmt\"\n"
  "\n"
  "func main() {\n"
  "\tm := map[int]string{}\n"
  "\tfor i := 0; i < 100; i++ {\n"
  "\t\tm[i] = fmt.Sprint(i)\n"
  "\t}\n"
  "\tfor round := 0; round < 2; round++ {\n"
  "\t\tn := 0\n"
  "\t\tfor k := range m {\n"
  "\t\t\tif n < 12 {\n"
  "\t\t\t\tfmt.Print(k, \" \")\n"
  "\t\t\t}\n"
  "\t\t\tn++\n"
  "\t\t}\n"
  "\t\tfmt.Println(n)\n"
  "\t}\n"
  "}\n";

/* Iteration order is random (each range starts elsewhere) but the same on
 * every run. */
static void
test_map_deterministic (void)
{
  GmlTestRun a, b;
  g_auto (GStrv) lines = NULL;

  gml_test_run_source (&a, "order.go", order_program, NULL, NULL);
  gml_test_run_source (&b, "order.go", order_program, NULL, NULL);
  g_assert_cmpint (a.code, ==, 0);
  g_assert_cmpstr (a.out->str, ==, b.out->str);
  g_assert_cmpuint (a.steps, ==, b.steps);
  lines = g_strsplit (a.out->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_suffix (lines[0], " 100"));
  g_assert_cmpstr (lines[0], !=, lines[1]);
  gml_test_run_clear (&a);
  gml_test_run_clear (&b);
}

static const char stress_program[] =
  "package main\n"
  "\n"
  "import \"fmt\"\n"
  "\n"
  "type T struct {\n"
  "\tv int\n"
  "\ts string\n"
  "}\n"
  "\n"
  "func main() {\n"
  "\tm := map[int]*T{}\n"
  "\tfor i := 0; i < 300; i++ {\n"
  "\t\tm[i] = &T{i, fmt.Sprint(i)}\n"
  "\t}\n"
  "\tfor i := 0; i < 300; i += 3 {\n"
  "\t\tdelete(m, i)\n"
  "\t}\n"
  "\ts := map[string][]int{}\n"
  "\tfor k, v := range m {\n"
  "\t\ts[v.s] = append(s[v.s], k)\n"
  "\t}\n"
  "\tsum := 0\n"
  "\tfor k, v := range s {\n"
  "\t\tif fmt.Sprint(v[0]) == k {\n"
  "\t\t\tsum += v[0]\n"
  "\t\t}\n"
  "\t}\n"
  "\tfmt.Println(len(m), len(s), sum)\n"
  "}\n";

/* Maps growing, evacuating and iterated while a GC cycle starts at every
 * allocation, with the heap checker on at every phase change (it fails on
 * a black object pointing to a white one: a missing write barrier). */
static void
test_map_gc_stress (void)
{
  GmlVmConfig config;
  GmlTestRun r;

  gml_vm_config_init (&config);
  config.gc_stress = TRUE;
  config.gc_check = TRUE;
  config.quantum = 3;
  gml_test_run_source (&r, "stress.go", stress_program, &config, NULL);
  g_assert_cmpstr (r.err->str, ==, "");
  g_assert_cmpstr (r.out->str, ==, "200 200 30000\n");
  g_assert_cmpint (r.code, ==, 0);
  g_assert_false (r.gc_check_failed);
  gml_test_run_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  GmlVmConfig config;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/map/types", test_map_types);
  g_test_add_func ("/engine/map/hash", test_map_hash);
  g_test_add_func ("/engine/map/fastrand", test_map_fastrand);
  g_test_add_func ("/engine/map/deterministic", test_map_deterministic);
  g_test_add_func ("/engine/map/gc-stress", test_map_gc_stress);

  gml_vm_config_init (&config);
  gml_test_add_goldens ("engine/map", "golden", map_stems, &config);
  /* A correct program prints the same with GC work interleaved otherwise. */
  config.quantum = 1;
  config.gogc = 10;
  gml_test_add_goldens ("engine/map", "gogc-10", map_stems, &config);

  /* A GC cycle at every allocation, the heap checker on. */
  gml_vm_config_init (&config);
  config.gc_stress = TRUE;
  config.gc_check = TRUE;
  gml_test_add_goldens ("engine/map", "gc-stress", map_stems, &config);

  return g_test_run ();
}
