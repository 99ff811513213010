/* gml-native-runtime.c: natives of the runtime, time, os, errors, strings
 * and strconv prelude packages. */
#include "gml-interp.h"

#include <string.h>

#include "gml-fmt.h"
#include "gml-gc.h"
#include "gml-heap.h"

/* time.Now's epoch: 2026-01-01T00:00:00Z, so simulated times look real. */
#define SIM_EPOCH_NS G_GINT64_CONSTANT (1767225600000000000)

static GmlType *
eface_type (GmlVm   *vm,
            guint64  tab)
{
  return tab != 0 ? gml_image_type_at (vm->image, tab) : NULL;
}

/* ------------------------------------------------------------------ */
/* runtime                                                             */

/* runtime.GC blocks until a complete cycle, sweep included, is done. */
static GmlNativeResult
runtime_gc (GmlVm   *vm,
            guint64  args)
{
  guint64 g = vm->rt.cur_g;
  GmlG *gg = gml_g_w (vm, g);

  if (gg->gc_wait == 0)
    gg->gc_wait = gml_gc_force (vm);
  if (gml_gc_cycle_done (vm, (guint32) gml_g_r (vm, g)->gc_wait))
    {
      gml_g_w (vm, g)->gc_wait = 0;
      return GML_NATIVE_OK;
    }
  gml_sched_park (vm, GML_WAIT_GC);
  gml_gc_wait (vm, g);
  return GML_NATIVE_BLOCK;
}

static GmlNativeResult
runtime_num_goroutine (GmlVm   *vm,
                       guint64  args)
{
  /* The finalizer goroutine is a system goroutine: not counted. */
  guint64 n = vm->rt.ngoroutines - (vm->rt.fing != 0 ? 1 : 0);

  gml_mem_set_u64 (vm->mem, args, n);
  return GML_NATIVE_OK;
}

static GmlNativeResult
runtime_gosched (GmlVm   *vm,
                 guint64  args)
{
  return GML_NATIVE_YIELD;
}

static GmlNativeResult
runtime_gomaxprocs (GmlVm   *vm,
                    guint64  args)
{
  gint64 n = (gint64) gml_mem_get_u64 (vm->mem, args);

  gml_mem_set_u64 (vm->mem, args + 8, vm->rt.nprocs);
  if (n >= 1)
    gml_heap_set_procs (vm, (guint) MIN (n, GML_MAX_PROCS));
  return GML_NATIVE_OK;
}

static GmlNativeResult
runtime_num_cpu (GmlVm   *vm,
                 guint64  args)
{
  gml_mem_set_u64 (vm->mem, args, 2);
  return GML_NATIVE_OK;
}

static GmlNativeResult
runtime_keep_alive (GmlVm   *vm,
                    guint64  args)
{
  /* Its argument is live up to here; the liveness analysis sees the use. */
  return GML_NATIVE_OK;
}

static void
set_field (GmlVm      *vm,
           GmlType    *mt,
           guint64     m,
           const char *name,
           guint64     value)
{
  GmlLookup l;
  GmlType *ft;

  if (!gml_type_lookup (vm->image->program->types, mt, NULL,
                        gml_arena_intern (vm->image->program->arena, name), &l)
      || l.kind != GML_LOOKUP_FIELD)
    return;
  ft = gml_type_underlying (l.field->type);
  switch (gml_type_size (ft))
    {
    case 1: gml_mem_set_u8 (vm->mem, m + (guint64) l.field->offset, (guint8) value); break;
    case 4: gml_mem_set_u32 (vm->mem, m + (guint64) l.field->offset, (guint32) value); break;
    default: gml_mem_set_u64 (vm->mem, m + (guint64) l.field->offset, value); break;
    }
}

static guint64
field_offset (GmlVm      *vm,
              GmlType    *mt,
              const char *name)
{
  GmlLookup l;

  if (!gml_type_lookup (vm->image->program->types, mt, NULL,
                        gml_arena_intern (vm->image->program->arena, name), &l)
      || l.kind != GML_LOOKUP_FIELD)
    return 0;
  return (guint64) l.field->offset;
}

/* ReadMemStats stops the world and flushes the mcaches, as Go does, so the
 * counters are exact. */
static GmlNativeResult
runtime_read_mem_stats (GmlVm   *vm,
                        guint64  args)
{
  guint64 m = gml_mem_get_u64 (vm->mem, args);
  GmlType *mt = gml_vm_runtime_type (vm, "runtime.MemStats");
  GmlRt *rt = &vm->rt;
  GmlGcSys gs;
  double frac;

  if (m == 0)
    {
      gml_vm_panic_nil (vm, 0);
      return GML_NATIVE_PANIC;
    }
  if (mt == NULL)
    return GML_NATIVE_OK;
  gml_heap_flush_caches (vm);
  gml_gc_sys (vm, &gs);
  frac = rt->nanotime > 0 ? (double) rt->gc_cpu_ns / ((double) rt->nanotime * rt->nprocs) : 0;
  set_field (vm, mt, m, "Alloc", rt->heap_alloc);
  set_field (vm, mt, m, "TotalAlloc", rt->total_alloc);
  set_field (vm, mt, m, "Sys", gs.sys);
  set_field (vm, mt, m, "GCSys", gs.gc_sys);
  set_field (vm, mt, m, "OtherSys", gs.other_sys);
  set_field (vm, mt, m, "MSpanInuse", MAX (rt->heap_inuse / GML_GO_PAGE_SIZE * 160, 1));
  set_field (vm, mt, m, "MSpanSys", gs.mspan_sys);
  set_field (vm, mt, m, "MCacheInuse", 14400);
  set_field (vm, mt, m, "MCacheSys", gs.mcache_sys);
  set_field (vm, mt, m, "Mallocs", rt->nmalloc);
  set_field (vm, mt, m, "Frees", rt->nfree);
  set_field (vm, mt, m, "HeapAlloc", rt->heap_alloc);
  set_field (vm, mt, m, "HeapSys", rt->heap_sys);
  set_field (vm, mt, m, "HeapIdle", rt->heap_sys > rt->heap_inuse + rt->stack_inuse
                                    ? rt->heap_sys - rt->heap_inuse - rt->stack_inuse : 0);
  set_field (vm, mt, m, "HeapInuse", rt->heap_inuse);
  set_field (vm, mt, m, "HeapReleased", 0);
  set_field (vm, mt, m, "HeapObjects", rt->nmalloc - rt->nfree);
  set_field (vm, mt, m, "StackInuse", rt->stack_inuse);
  set_field (vm, mt, m, "StackSys", gs.stack_sys);
  set_field (vm, mt, m, "NextGC", rt->gcpercent < 0 && rt->memory_limit == G_MAXINT64
                                  ? G_GUINT64_CONSTANT (9223372036854775807) : rt->heap_goal);
  set_field (vm, mt, m, "LastGC", rt->numgc > 0 ? (guint64) SIM_EPOCH_NS + rt->last_gc_ns : 0);
  set_field (vm, mt, m, "PauseTotalNs", rt->pause_total_ns);
  set_field (vm, mt, m, "NumGC", rt->numgc);
  set_field (vm, mt, m, "NumForcedGC", rt->num_forced);
  {
    guint64 bits;

    memcpy (&bits, &frac, 8);
    set_field (vm, mt, m, "GCCPUFraction", bits);
  }
  set_field (vm, mt, m, "EnableGC", 1);
  gml_mem_move (vm->mem, m + field_offset (vm, mt, "PauseNs"), rt->pause_ns, 256 * 8);
  gml_mem_move (vm->mem, m + field_offset (vm, mt, "PauseEnd"), rt->pause_end, 256 * 8);
  return GML_NATIVE_OK;
}

static GmlNativeResult
runtime_set_finalizer (GmlVm   *vm,
                       guint64  args)
{
  GmlType *ot = eface_type (vm, gml_mem_get_u64 (vm->mem, args));
  guint64 obj = gml_mem_get_u64 (vm->mem, args + 8);
  guint64 ftab = gml_mem_get_u64 (vm->mem, args + 16);
  GmlType *ft = eface_type (vm, ftab);
  guint64 fn = gml_mem_get_u64 (vm->mem, args + 24);

  if (ot == NULL)
    {
      gml_vm_fatal (vm, "runtime.SetFinalizer: first argument is nil");
      return GML_NATIVE_EXIT;
    }
  if (gml_type_underlying (ot)->kind != GML_TYPE_POINTER)
    {
      g_autofree char *name = gml_type_string (ot, GML_TYPE_STRING_QUALIFIED);
      g_autofree char *msg = g_strdup_printf ("runtime.SetFinalizer: first argument is %s, not pointer", name);

      gml_vm_fatal (vm, msg);
      return GML_NATIVE_EXIT;
    }
  if (ft != NULL && gml_type_underlying (ft)->kind != GML_TYPE_FUNC)
    {
      g_autofree char *name = gml_type_string (ft, GML_TYPE_STRING_QUALIFIED);
      g_autofree char *msg = g_strdup_printf ("runtime.SetFinalizer: second argument is %s, not a function", name);

      gml_vm_fatal (vm, msg);
      return GML_NATIVE_EXIT;
    }
  gml_gc_set_finalizer (vm, obj, ft != NULL ? fn : 0, gml_type_underlying (ot)->u.pointer.elem);
  return GML_NATIVE_OK;
}

/* runtime.fingwait: the finalizer goroutine's next job.  Results: the
 * finalizer's funcval, then its argument laid out as its first parameter
 * (a pointer, or an interface holding the pointer). */
static GmlNativeResult
runtime_fingwait (GmlVm   *vm,
                  guint64  args)
{
  guint64 q = vm->rt.finq;
  guint64 obj, fn;
  guint pc;
  const GmlCode *code;
  GmlType *pt = NULL;

  if (q == 0)
    {
      gml_sched_park (vm, GML_WAIT_FINALIZER);
      return GML_NATIVE_BLOCK;
    }
  obj = gml_mem_get_u64 (vm->mem, q);
  fn = gml_mem_get_u64 (vm->mem, q + 8);
  vm->rt.finq = gml_mem_get_u64 (vm->mem, q + 16);
  gml_meta_free (vm, q, 64);
  gml_mem_set_u64 (vm->mem, args, fn);
  code = gml_image_code_at (vm->image, gml_mem_get_u64 (vm->mem, fn), &pc);
  if (code != NULL && code->func != NULL && code->func->sig->u.func.n_params > 0)
    pt = code->func->sig->u.func.params[0];
  if (pt != NULL && gml_type_is_interface (pt))
    {
      const GmlSpan *s = GML_META_R (vm, GmlSpan, gml_heap_span_of (vm, obj));
      GmlObjInfo info;
      GmlType *et;

      gml_mem_read (vm->mem, s->objinfo + (obj - s->base) / s->elemsize * sizeof info, &info, sizeof info);
      et = gml_type_pointer (vm->image->program->types, gml_vm_type (vm, info.type_id));
      gml_mem_set_u64 (vm->mem, args + 8, gml_image_type_word (vm->image, pt, et));
      gml_mem_set_u64 (vm->mem, args + 16, obj);
    }
  else
    {
      gml_mem_set_u64 (vm->mem, args + 8, obj);
      gml_mem_set_u64 (vm->mem, args + 16, 0);
    }
  return GML_NATIVE_OK;
}

void
gml_sched_start_fing (GmlVm *vm)
{
  const GmlImage *image = vm->image;

  if (vm->rt.fing != 0 || image->runfinq_code == 0)
    return;
  vm->rt.fing = gml_sched_new_g (vm, image->funcval_base + (guint64) image->runfinq_code * 8, 0, 0, 0);
  if (vm->rt.fing != 0)
    {
      /* It waits for work straight away. */
      GmlG *g = gml_g_w (vm, vm->rt.fing);

      g->parent_goid = 0;
    }
}

/* ------------------------------------------------------------------ */
/* time, os, errors                                                    */

static GmlNativeResult
time_sleep (GmlVm   *vm,
            guint64  args)
{
  gint64 d = (gint64) gml_mem_get_u64 (vm->mem, args);

  if (d <= 0)
    return GML_NATIVE_YIELD;
  gml_sched_sleep (vm, vm->rt.cur_g, vm->rt.nanotime + (guint64) d);
  gml_sched_park (vm, GML_WAIT_SLEEP);
  return GML_NATIVE_PARK;
}

static GmlNativeResult
time_now (GmlVm   *vm,
          guint64  args)
{
  gml_mem_set_u64 (vm->mem, args, (guint64) (SIM_EPOCH_NS + (gint64) vm->rt.nanotime));
  return GML_NATIVE_OK;
}

static GmlNativeResult
os_exit (GmlVm   *vm,
         guint64  args)
{
  gml_vm_exit (vm, (int) gml_mem_get_u64 (vm->mem, args));
  return GML_NATIVE_EXIT;
}

static GmlNativeResult
errors_type_comparable (GmlVm   *vm,
                        guint64  args)
{
  GmlType *t = eface_type (vm, gml_mem_get_u64 (vm->mem, args));

  gml_mem_set_u8 (vm->mem, args + 16, (guint8) (t == NULL || gml_type_is_comparable (t)));
  return GML_NATIVE_OK;
}

/* ------------------------------------------------------------------ */
/* strings, strconv                                                    */

static GmlNativeResult
strings_unsafe_string (GmlVm   *vm,
                       guint64  args)
{
  gml_mem_set_u64 (vm->mem, args + 24, gml_mem_get_u64 (vm->mem, args));
  gml_mem_set_u64 (vm->mem, args + 32, gml_mem_get_u64 (vm->mem, args + 8));
  return GML_NATIVE_OK;
}

static GmlNativeResult
strings_noescape (GmlVm   *vm,
                  guint64  args)
{
  gml_mem_set_u64 (vm->mem, args + 8, gml_mem_get_u64 (vm->mem, args));
  return GML_NATIVE_OK;
}

static GmlNativeResult
strings_to_upper_rune (GmlVm   *vm,
                       guint64  args)
{
  gml_mem_set_i32 (vm->mem, args + 8, (gint32) g_unichar_toupper ((gunichar) gml_mem_get_i32 (vm->mem, args)));
  return GML_NATIVE_OK;
}

static GmlNativeResult
strings_to_lower_rune (GmlVm   *vm,
                       guint64  args)
{
  gml_mem_set_i32 (vm->mem, args + 8, (gint32) g_unichar_tolower ((gunichar) gml_mem_get_i32 (vm->mem, args)));
  return GML_NATIVE_OK;
}

static GmlNativeResult
strconv_quote (GmlVm   *vm,
               guint64  args)
{
  gsize len;
  g_autofree char *s = gml_vm_read_string (vm, args, &len);
  g_autoptr (GString) out = g_string_new (NULL);

  gml_quote_string (out, s, len, FALSE);
  if (gml_vm_alloc_string (vm, out->str, out->len, args + 16) == 0 && out->len > 0)
    return vm->rt.exited ? GML_NATIVE_EXIT : GML_NATIVE_PANIC;
  return GML_NATIVE_OK;
}

const GmlNative gml_natives_runtime[] = {
  { "runtime.GC", runtime_gc },
  { "runtime.NumGoroutine", runtime_num_goroutine },
  { "runtime.Gosched", runtime_gosched },
  { "runtime.GOMAXPROCS", runtime_gomaxprocs },
  { "runtime.NumCPU", runtime_num_cpu },
  { "runtime.KeepAlive", runtime_keep_alive },
  { "runtime.ReadMemStats", runtime_read_mem_stats },
  { "runtime.SetFinalizer", runtime_set_finalizer },
  { "runtime.fingwait", runtime_fingwait },
  { NULL, NULL },
};

const GmlNative gml_natives_misc[] = {
  { "time.Sleep", time_sleep },
  { "time.now", time_now },
  { "os.Exit", os_exit },
  { "errors.typeComparable", errors_type_comparable },
  { "strings.unsafeString", strings_unsafe_string },
  { "strings.noescape", strings_noescape },
  { "strings.toUpperRune", strings_to_upper_rune },
  { "strings.toLowerRune", strings_to_lower_rune },
  { "strconv.Quote", strconv_quote },
  { NULL, NULL },
};
