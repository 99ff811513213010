/* gml-state.h: the complete state of a run at one step, for drawing.
 *
 * A GmlState is a read-only view of the simulated runtime after some step:
 * goroutines with their stacks and frames, every variable in scope with its
 * address, type and value, every span and heap object with its size
 * class, GC colour and pointer fields, the collector's and the pacer's
 * numbers.  It is produced by the timeline (gml_timeline_state_at) and is
 * independent of the simulation, which may go on in another thread.
 *
 * Values are read from simulated memory on demand, so a state is cheap to
 * make; walk only what is visible.
 */
#pragma once

#include <glib.h>

#include "gml-types.h"

G_BEGIN_DECLS

typedef struct _GmlState GmlState;

typedef enum
{
  GML_STATE_G_RUNNABLE,
  GML_STATE_G_RUNNING,
  GML_STATE_G_WAITING,
  GML_STATE_G_DEAD,
} GmlStateGStatus;

typedef struct
{
  guint64          goid;
  GmlStateGStatus  status;
  const char      *wait_reason;   /* "chan receive", ... ("" when not waiting) */
  guint            p;             /* last P */
  guint64          stack_lo, stack_hi;
  guint64          sp;            /* bottom of the innermost frame */
  guint            n_frames;
  gboolean         current;       /* it runs the next step */
  guint64          parent_goid;
  const char      *entry;         /* entry function ("main.main", "main.worker") */
  gboolean         system;        /* runtime goroutine (finalizers) */
} GmlStateGoroutine;

typedef struct
{
  const char *name;        /* "main.fib", "main.(*T).Area" */
  const char *short_name;  /* as shown: "fib", "(*T).Area" */
  GmlFunc    *func;        /* NULL for synthetic functions */
  guint       line;        /* current line in this frame (0 if unknown) */
  guint       col;
  guint64     fp;          /* saved-FP slot: the frame spans [sp, fp + 16) */
  guint64     sp;
  guint64     args;        /* its arguments start here (fp + 16) */
  guint64     args_size;
  guint       n_vars;
} GmlStateFrame;

typedef struct
{
  const char *name;        /* "x", "~r0" */
  GmlType    *type;
  guint64     addr;        /* where the value is (a heap address if moved to heap) */
  guint64     slot;        /* the frame slot (holds the heap pointer if moved) */
  gboolean    moved_to_heap;
  gboolean    is_param;
  gboolean    is_result;
  gboolean    live;        /* the GC treats its pointers as roots now */
  GmlObject  *var;
  gboolean    is_global;   /* a package-level variable (gml_state_global) */
} GmlStateVar;

typedef enum
{
  GML_STATE_COLOR_WHITE,
  GML_STATE_COLOR_GREY,
  GML_STATE_COLOR_BLACK,
} GmlStateColor;

typedef struct
{
  guint64       addr;
  guint32       size;       /* slot size (the size class's object size) */
  GmlType      *type;       /* element type; NULL for raw bytes or tiny blocks */
  guint32       count;      /* elements (1 for a single object) */
  guint64       span;
  guint         sizeclass;  /* 0 = large object */
  gboolean      noscan;
  gboolean      tiny_block; /* a 16-byte block of the tiny allocator */
  GmlStateColor color;      /* meaningful while a cycle marks; WHITE otherwise */
  gboolean      marked;
} GmlStateObject;

typedef enum
{
  GML_STATE_SPAN_HEAP,
  GML_STATE_SPAN_STACK,
} GmlStateSpanKind;

typedef struct
{
  guint64          addr;     /* span record (identity) */
  guint64          base;
  guint            npages;
  GmlStateSpanKind kind;
  guint            sizeclass;
  gboolean         noscan;
  guint32          elemsize;
  guint32          nelems;
  guint32          allocated;  /* slots in use */
  gboolean         swept;
} GmlStateSpan;

typedef struct
{
  const char *phase;         /* "idle", "sweep termination", "mark", ... */
  guint       phase_id;      /* GmlGcPhase */
  gboolean    stop_the_world;
  guint32     cycle;         /* cycles started */
  guint32     numgc;         /* cycles completed */
  guint64     heap_live;     /* the pacer's view */
  guint64     heap_goal;
  guint64     trigger;
  guint64     heap_marked;   /* live heap after the last cycle */
  guint64     heap_alloc;    /* MemStats.HeapAlloc */
  guint64     heap_inuse;
  guint64     heap_objects;
  guint64     stack_inuse;
  guint64     mallocs, frees, total_alloc;
  guint64     pause_total_ns;
  guint64     last_pause_ns;
  guint64     grey;          /* objects on the work queue */
  gint        gogc;          /* -1 = off */
  gint64      memory_limit;  /* G_MAXINT64 = none */
  guint       nprocs;
  guint64     nanotime;      /* simulated clock */
} GmlStateGc;

GmlState   *gml_state_ref           (GmlState *state);
void        gml_state_unref         (GmlState *state);

guint64     gml_state_step          (GmlState *state);
/* The line the next step runs (in the goroutine that runs it), 0 if none. */
guint       gml_state_line          (GmlState *state);
gboolean    gml_state_exited        (GmlState *state,
                                     int      *exit_code);

guint       gml_state_n_goroutines  (GmlState *state);
void        gml_state_goroutine     (GmlState *state,
                                     guint     index,
                                     GmlStateGoroutine *out);
/* Frame 0 is the innermost. */
void        gml_state_frame         (GmlState *state,
                                     guint     goroutine,
                                     guint     frame,
                                     GmlStateFrame *out);
/* Variables in scope in that frame: parameters, results, then locals. */
void        gml_state_var           (GmlState *state,
                                     guint     goroutine,
                                     guint     frame,
                                     guint     index,
                                     GmlStateVar *out);
/* The frame's stack objects: storage the compiler made in it for values
 * that do not escape (a &T{…} literal, a closure's variables, an
 * interface's box, a defer record), which no variable names, as Go's
 * stack objects.  Its storage may not hold a value yet: a variable
 * pointing into it says it does.  FALSE past the last. */
gboolean    gml_state_stack_object  (GmlState *state,
                                     guint     goroutine,
                                     guint     frame,
                                     guint     index,
                                     guint64  *addr,
                                     GmlType **type);

/* Package-level variables of the program's main package, in source
 * order (blank `_` ones left out).  Each is reported like a local: name,
 * type, var, `addr` == `slot` (its place in the data segment), is_global
 * set, live; label its value with gml_state_format_value (state,
 * v.type, v.addr, ...) as for locals.  The prelude's own globals (fmt's,
 * sync's) are not listed. */
guint       gml_state_n_globals     (GmlState *state);
void        gml_state_global        (GmlState *state,
                                     guint     index,
                                     GmlStateVar *out);
/* The main package's global called `name`. */
gboolean    gml_state_find_global   (GmlState    *state,
                                     const char  *name,
                                     GmlStateVar *out);

void        gml_state_gc            (GmlState *state,
                                     GmlStateGc *out);

typedef void (*GmlStateSpanFunc)   (const GmlStateSpan   *span,
                                    gpointer              data);
typedef void (*GmlStateObjectFunc) (const GmlStateObject *object,
                                    gpointer              data);

/* Spans in address order (heap and stack spans). */
void        gml_state_foreach_span   (GmlState *state,
                                      GmlStateSpanFunc func,
                                      gpointer  data);
/* Allocated objects of one span, or of every span when span == 0, in
 * address order. */
void        gml_state_foreach_object (GmlState *state,
                                      guint64   span,
                                      GmlStateObjectFunc func,
                                      gpointer  data);
guint64     gml_state_n_objects      (GmlState *state);
/* The object containing addr. */
gboolean    gml_state_find_object    (GmlState *state,
                                      guint64   addr,
                                      GmlStateObject *out);

/* The pointer words of a value of type t at addr that point into the
 * heap or a stack: fn (field_offset, target) for each. */
typedef void (*GmlStatePointerFunc) (guint64  offset,
                                     guint64  target,
                                     gpointer data);
void        gml_state_foreach_pointer (GmlState *state,
                                       GmlType  *type,
                                       guint64   addr,
                                       GmlStatePointerFunc func,
                                       gpointer  data);

/* len() (or cap() when `cap`) of a value of type `type` at addr, as Go
 * computes it: slices, strings, maps, arrays and channels for len;
 * slices, arrays and channels for cap (nil maps and channels give 0).
 * FALSE for any other type. */
gboolean    gml_state_len           (GmlState *state,
                                     GmlType  *type,
                                     guint64   addr,
                                     gboolean  cap,
                                     gint64   *out);

/* The heap objects reachable from a value of type `type` at addr: every
 * object a pointer word of the value leads to, then everything their
 * pointers lead to.  A pointer into a goroutine stack or the data
 * segment is followed with the pointer's static type (a non-escaping
 * &x), so heap objects reachable through such a value count too; `addr`
 * itself counts when it is a heap object (a variable moved to the heap).
 * Returns the objects' addresses (GmlStateObject.addr: the start of the
 * slot, the block for tiny objects), sorted, unique. */
GArray     *gml_state_reachable_objects (GmlState *state,
                                         GmlType  *type,
                                         guint64   addr);

/* Raw memory. */
void        gml_state_read          (GmlState *state,
                                     guint64   addr,
                                     void     *buf,
                                     gsize     len);
/* A value as %v prints it, cut after about max_bytes (0 = no limit). */
char       *gml_state_format_value  (GmlState *state,
                                     GmlType  *type,
                                     guint64   addr,
                                     gsize     max_bytes);
/* Go's spelling of a type, and its size class for a heap allocation. */
char       *gml_state_type_name     (GmlType  *type);

/* A one-paragraph description of the step for screen readers. */
char       *gml_state_describe      (GmlState *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlState, gml_state_unref)

G_END_DECLS
