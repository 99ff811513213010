/* gml-gc.h: Go's concurrent tri-color mark-and-sweep collector.
 *
 * THE INVARIANT (strong tri-color, kept by the hybrid write barrier):
 *   during mark, no black object points to a white object.
 * White = not marked; grey = marked and on the work queue; black = marked
 * and scanned (or pointer-free).  Objects allocated during mark are black.
 *
 * The collector is an explicit state machine over Go's phases
 * (gml-gc-phase.def).  gml_gc_step() performs one unit of work — shade the
 * roots of one goroutine stack or one block of globals, blacken one
 * object, sweep one span, or a phase transition — and is one timeline
 * step.  The scheduler interleaves those steps with the mutator's
 * statements deterministically: background marking takes a quarter of the
 * steps (gcBackgroundUtilization = 0.25), allocating goroutines pay
 * assists in proportion to what they allocate, and stop-the-world phases
 * run while no goroutine executes.
 *
 * The pacer follows Go 1.19 (go-runtime-facts.md §4): heap goal =
 * marked + (marked + stacks + globals) * GOGC/100 with a 4 MiB floor,
 * the trigger between 0.7 and 0.95 of the runway from the measured
 * cons/mark ratio, GOGC=off, GOMEMLIMIT and runtime.GC().
 *
 * Debug switches (GmlVmConfig): `gc_stress` starts a cycle at every
 * allocation; `gc_check` verifies the invariant, span accounting and that
 * every reachable object survives, at every phase change.
 */
#pragma once

#include "gml-rt.h"

G_BEGIN_DECLS

typedef enum
{
#define X(name, str, stw) GML_GC_##name,
#include "gml-gc-phase.def"
#undef X
  GML_GC_N_PHASES
} GmlGcPhase;

const char *gml_gc_phase_name   (GmlGcPhase phase);
gboolean    gml_gc_phase_is_stw (GmlGcPhase phase);

void     gml_gc_init            (GmlVm   *vm,
                                 gint     gcpercent,
                                 gint64   memory_limit);

/* Hooks the heap calls. */
void     gml_gc_note_span_alloc (GmlVm   *vm,
                                 guint64  span);
void     gml_gc_note_span_free  (GmlVm   *vm,
                                 guint64  span);
void     gml_gc_note_alloc      (GmlVm   *vm,
                                 guint64  span,
                                 guint32  index);
/* Sweeps one span if it is unswept: frees white objects (and the whole
 * span when nothing survives).  Returns FALSE if the span was freed. */
gboolean gml_gc_sweep_span      (GmlVm   *vm,
                                 guint64  span,
                                 gboolean lazy);

/* After every allocation: assists and the trigger test (Go tests the
 * trigger only on span refills and large allocations: `trigger_test`). */
void     gml_gc_after_alloc     (GmlVm   *vm,
                                 gboolean trigger_test,
                                 gsize    size);

/* The hybrid write barrier: shade the old and the new pointer. */
void     gml_gc_write_barrier   (GmlVm   *vm,
                                 guint64  slot,
                                 guint64  old_ptr,
                                 guint64  new_ptr);
/* A pointer store of the runtime's own (map buckets, sudog caches):
 * the write barrier, the store, and its fine event. */
void     gml_gc_store_pointer   (GmlVm   *vm,
                                 guint64  slot,
                                 guint64  value);
/* Shades every pointer in a value of type t at addr (bulk barriers). */
void     gml_gc_shade_typed     (GmlVm   *vm,
                                 guint64  addr,
                                 GmlType *t);

/* Scheduling. */
gboolean gml_gc_has_work        (GmlVm   *vm);
gboolean gml_gc_wants_step      (GmlVm   *vm);
/* Called at every mutator step while a cycle runs: TRUE when the GC
 * should take its turn before the step. */
gboolean gml_gc_note_mutator_step (GmlVm *vm);
void     gml_gc_step            (GmlVm   *vm);

/* runtime.GC(): starts a forced cycle if needed; returns the cycle number
 * whose completion (sweep included) the caller must wait for. */
guint32  gml_gc_force           (GmlVm   *vm);
gboolean gml_gc_cycle_done      (GmlVm   *vm,
                                 guint32  cycle);
/* Queues g (parked by the caller) until the running cycle has swept. */
void     gml_gc_wait            (GmlVm   *vm,
                                 guint64  g);

/* runtime.SetFinalizer: fn is a funcval (0 removes the finalizer). */
void     gml_gc_set_finalizer   (GmlVm   *vm,
                                 guint64  obj,
                                 guint64  fn,
                                 GmlType *obj_type);

/* Colour of the heap object at base (for the canvas and the inspector). */
typedef enum
{
  GML_GC_WHITE,
  GML_GC_GREY,
  GML_GC_BLACK,
} GmlGcColor;

GmlGcColor gml_gc_color         (GmlVm   *vm,
                                 guint64  span,
                                 guint32  index);

/* Is slot `slot_index` of a frame of `code` live when it resumes at pc?
 * (Go's stack maps: dead locals are no roots.) */
struct _GmlCode;
gboolean gml_gc_slot_live       (const struct _GmlCode *code,
                                 guint      slot_index,
                                 guint      pc);

/* Adds every address on the work queue (grey objects) to `set`. */
void     gml_gc_collect_grey    (GmlVm      *vm,
                                 GHashTable *set);

/* The runtime's memory besides the heap (modelled on Go 1.19's MemStats). */
typedef struct
{
  guint64 sys;          /* everything: Sys */
  guint64 stack_sys;
  guint64 gc_sys;       /* heap bitmap, span table, GC metadata */
  guint64 other_sys;
  guint64 mspan_sys;
  guint64 mcache_sys;
} GmlGcSys;

void     gml_gc_sys             (GmlVm    *vm,
                                 GmlGcSys *out);

/* Heap checker (gc_check): returns FALSE and a description on failure. */
gboolean gml_gc_check_heap      (GmlVm   *vm,
                                 char   **error);

G_END_DECLS
