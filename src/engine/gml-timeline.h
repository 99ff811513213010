/* gml-timeline.h: record every step of a run, rebuild any step on demand.
 *
 * A timeline runs the simulation (on a worker thread, or synchronously)
 * and records:
 *   - the step log: the statement id of every step (4 bytes a step);
 *   - the event log: the coarse events (allocations, GC phases, goroutine
 *     lifetimes, stack growth, output, panics), varint-packed;
 *   - checkpoints every few thousand steps: a frozen memory root and the
 *     VM registers (O(1) each, thanks to gml-mem's copy-on-write pages);
 *   - the program's output.
 * The state at step N (gml_timeline_state_at) is rebuilt by a replay VM:
 * restore the nearest checkpoint at or before N, run the remaining steps —
 * execution is deterministic.  Fine events (each store, call, shade) are
 * produced the same way for any range of steps.
 *
 * Threads: gml_timeline_start() simulates on a worker thread; every other
 * function may be called from the owner's thread at any time and sees the
 * steps published so far (published in batches).
 */
#pragma once

#include <glib.h>

#include "gml-event.h"
#include "gml-image.h"
#include "gml-state.h"
#include "gml-vm.h"

G_BEGIN_DECLS

typedef struct _GmlTimeline GmlTimeline;

typedef enum
{
  GML_TIMELINE_END_NONE,          /* still simulating */
  GML_TIMELINE_END_EXIT,          /* the program ended (exit code set) */
  GML_TIMELINE_END_STEP_BUDGET,   /* ran out of steps (e.g. an infinite loop) */
  GML_TIMELINE_END_MEMORY_BUDGET, /* the recording outgrew its memory budget */
  GML_TIMELINE_END_CANCELLED,
} GmlTimelineEnd;

typedef struct
{
  guint64 max_memory;     /* bytes of recording; default 2 GiB */
  guint   checkpoint_interval; /* steps between checkpoints; default 16384 */
} GmlTimelineConfig;

void          gml_timeline_config_init (GmlTimelineConfig *config);

/* Takes ownership of `program` and `image` (the timeline outlives every
 * state it hands out only while they hold a reference to it). */
GmlTimeline  *gml_timeline_new        (GmlProgram              *program,
                                       GmlImage                *image,
                                       const GmlVmConfig       *vm_config,
                                       const GmlTimelineConfig *config);
GmlTimeline  *gml_timeline_ref        (GmlTimeline *tl);
void          gml_timeline_unref      (GmlTimeline *tl);

GmlProgram   *gml_timeline_get_program (GmlTimeline *tl);
const GmlImage *gml_timeline_get_image (GmlTimeline *tl);

/* Simulates synchronously until the end or `max_steps` more steps. */
void          gml_timeline_run        (GmlTimeline *tl,
                                       guint64      max_steps);

/* Simulates on a worker thread.  `progress` is called on the worker
 * thread after each published batch and at the end (marshal to your main
 * loop yourself); it may be NULL. */
typedef void (*GmlTimelineProgress) (GmlTimeline *tl,
                                     gpointer     user_data);
void          gml_timeline_start      (GmlTimeline        *tl,
                                       GmlTimelineProgress progress,
                                       gpointer            user_data);
void          gml_timeline_cancel     (GmlTimeline *tl);
/* Blocks until the worker thread has stopped. */
void          gml_timeline_join       (GmlTimeline *tl);

guint64       gml_timeline_n_steps    (GmlTimeline *tl);
GmlTimelineEnd gml_timeline_end       (GmlTimeline *tl,
                                       int         *exit_code,
                                       char       **message);
gboolean      gml_timeline_is_complete (GmlTimeline *tl);
/* Bytes used by the recording (step log, events, checkpoints, pages). */
gsize         gml_timeline_memory     (GmlTimeline *tl);

/* The statement of step `step` (1-based: step 1 is the first step); 0 for
 * a unit of GC work. */
guint32       gml_timeline_stmt       (GmlTimeline *tl,
                                       guint64      step);
/* The line of that statement in the program's file (0 for GC work and for
 * code of the simulator's standard library). */
guint         gml_timeline_line       (GmlTimeline *tl,
                                       guint64      step);

/* Coarse events, in step order, encoded in blocks of this many: reading
 * one decodes its block from the start, so a walk through many events
 * reads them a block at a time with gml_timeline_events(). */
#define GML_TIMELINE_EVENT_BLOCK 256
guint         gml_timeline_n_events   (GmlTimeline *tl);
gboolean      gml_timeline_event      (GmlTimeline *tl,
                                       guint        index,
                                       GmlEvent    *event);
/* Up to `n` events from index `first` into `out` (a block decode each
 * 256 events, instead of one per event); returns how many. */
guint         gml_timeline_events     (GmlTimeline *tl,
                                       guint        first,
                                       guint        n,
                                       GmlEvent    *out);
/* Index of the first event at or after `step`. */
guint         gml_timeline_event_index (GmlTimeline *tl,
                                        guint64      step);

/* The program's output produced before `step` (fd 1 and 2 interleaved,
 * in order); *stderr_mask gets one byte per output byte, 1 for stderr. */
GBytes       *gml_timeline_output     (GmlTimeline *tl,
                                       guint64      step,
                                       GBytes     **stderr_mask);

/* The full state after `step` steps (0 = before the first). */
GmlState     *gml_timeline_state_at   (GmlTimeline *tl,
                                       guint64      step);

/* Every event, fine ones included, of steps (from, to], at most `max`. */
GArray       *gml_timeline_fine_events (GmlTimeline *tl,
                                        guint64      from,
                                        guint64      to,
                                        guint        max);

/* ------------------------------------------------------------------ */
/* Navigation.  Each returns a playhead position p (steps executed), or
 * G_MAXUINT64 when there is none.  For statements (lines, step over/out)
 * p is just before the found statement runs (it is step p + 1, the line
 * the code view highlights); for events (GC starts, allocations) p is just
 * after the step during which the event happened. */

typedef enum
{
  GML_NAV_FORWARD  = 1,
  GML_NAV_BACKWARD = -1,
} GmlNavDirection;

/* Next/previous step of the same statement's line. */
guint64  gml_timeline_find_line      (GmlTimeline     *tl,
                                      guint64          from,
                                      guint            line,
                                      GmlNavDirection  dir);
/* The first step that runs `line`. */
guint64  gml_timeline_first_at_line  (GmlTimeline     *tl,
                                      guint            line);
/* Next/previous coarse event of a kind (for GC starts use
 * gml_timeline_find_gc_start). */
guint64  gml_timeline_find_event     (GmlTimeline     *tl,
                                      guint64          from,
                                      GmlEventKind     kind,
                                      GmlNavDirection  dir);
guint64  gml_timeline_find_gc_start  (GmlTimeline     *tl,
                                      guint64          from,
                                      GmlNavDirection  dir);
/* Next allocation made by the statement `stmt` (an allocation site). */
guint64  gml_timeline_find_alloc     (GmlTimeline     *tl,
                                      guint64          from,
                                      guint32          stmt);
/* Step over calls / out of the current function, in the goroutine that
 * runs step `from + 1` (replays).  A goroutine that never comes back to
 * that depth steps to where it ends (its G_EXIT event), or to the last
 * step of a finished recording when it never does (main, or a call that
 * runs until the program exits); G_MAXUINT64 when the recording has not
 * got there yet.  These replay every step up to the
 * answer at once: a main loop runs a GmlDepthSearch in slices instead. */
guint64  gml_timeline_step_over      (GmlTimeline     *tl,
                                      guint64          from);
guint64  gml_timeline_step_out       (GmlTimeline     *tl,
                                      guint64          from);

/* The same search, a slice at a time.  It holds a replay VM and a
 * reference to the timeline until freed; owner's thread only. */
typedef struct _GmlDepthSearch GmlDepthSearch;

typedef enum
{
  GML_DEPTH_SEARCH_DONE,      /* the result is known */
  GML_DEPTH_SEARCH_MORE,      /* run another slice */
  GML_DEPTH_SEARCH_WAITING,   /* at the last step recorded so far: run
                               * again once there are more */
} GmlDepthSearchStatus;

/* `out`: step out of the current function, else over calls. */
GmlDepthSearch      *gml_depth_search_new          (GmlTimeline    *tl,
                                                    guint64         from,
                                                    gboolean        out);
/* Replays at most `max_steps` more steps. */
GmlDepthSearchStatus gml_depth_search_run          (GmlDepthSearch *s,
                                                    guint64         max_steps);
/* The step the search has reached (its result once done). */
guint64              gml_depth_search_get_position (GmlDepthSearch *s);
/* The step to go to, or G_MAXUINT64 (none: `from` was the last step, or
 * the search is not done); `returned` FALSE when the goroutine or the
 * run ended first. */
guint64              gml_depth_search_get_result   (GmlDepthSearch *s,
                                                    gboolean       *returned);
void                 gml_depth_search_free         (GmlDepthSearch *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlTimeline, gml_timeline_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlDepthSearch, gml_depth_search_free)

G_END_DECLS
