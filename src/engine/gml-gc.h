/* gml-gc.h: Go's concurrent tri-color mark-and-sweep collector.
 *
 * THE INVARIANT (strong tri-color, kept by the hybrid write barrier):
 *   during mark, no black object points to a white object.
 * White = not marked; grey = marked and on the work queue; black = marked
 * and scanned (or pointer-free).  Objects allocated during mark are black.
 *
 * The collector is an explicit state machine over Go's phases
 * (gml-gc-phase.def).  gml_gc_step() performs one unit of work — shade one
 * root, blacken one object, sweep one span, or a phase transition — and is
 * one timeline step; the scheduler interleaves those steps with the
 * mutator's statements deterministically.  Stop-the-world phases run while
 * no goroutine executes.
 *
 * Debug switches (GmlGcConfig): `stress` starts a cycle at every
 * allocation; `check` verifies the invariant, the span accounting and that
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

const char *gml_gc_phase_name (GmlGcPhase phase);
gboolean    gml_gc_phase_is_stw (GmlGcPhase phase);

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

G_END_DECLS
