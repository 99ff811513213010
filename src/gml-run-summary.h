/* gml-run-summary.h: the whole run at a glance, for the timeline scrubber.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The summary folds the timeline's coarse events into what the scrubber's
 * lanes draw: heap in use and the heap goal over time, GC cycles with
 * their phases (stop-the-world ones marked), goroutine lifetimes, stack
 * growth, allocations, panics and the program's end, plus markers that
 * scenarios add (narration, quizzes). It reads new events incrementally
 * as the simulation publishes them, and is GTK-free.
 */
#pragma once

#include <glib.h>

#include "gml-event.h"
#include "gml-timeline.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 step;
  guint64 heap;      /* bytes allocated and not freed */
  guint64 goal;      /* the pacer's heap goal (0 before the first cycle) */
  guint32 allocs;    /* allocations since the previous sample */
} GmlRunSample;

typedef struct
{
  guint64 from;      /* first step of the phase */
  guint64 to;        /* first step after it (G_MAXUINT64 while open) */
  guint   phase;     /* GmlGcPhase */
  guint32 cycle;
} GmlRunPhase;

typedef struct
{
  guint64     goid;
  guint64     created;
  guint64     exited;   /* G_MAXUINT64 while alive */
  const char *entry;    /* short function name */
} GmlRunGoroutine;

typedef enum
{
  GML_RUN_MARK_PANIC,
  GML_RUN_MARK_EXIT,
  GML_RUN_MARK_STACK_GROW,
  GML_RUN_MARK_NARRATION,
  GML_RUN_MARK_QUIZ,
} GmlRunMarkKind;

typedef struct
{
  guint64         step;
  GmlRunMarkKind  kind;
  guint64         goid;
  const char     *label;    /* interned; may be NULL */
} GmlRunMark;

typedef struct _GmlRunSummary GmlRunSummary;

GmlRunSummary *gml_run_summary_new     (void);
void           gml_run_summary_free    (GmlRunSummary *summary);

/* Reads the events published since the last call. */
void           gml_run_summary_update  (GmlRunSummary *summary,
                                        GmlTimeline   *timeline);
/* Adds one event (for tests and for replays without a timeline). */
void           gml_run_summary_add_event (GmlRunSummary  *summary,
                                          const GmlEvent *event,
                                          const char     *func_name);
void           gml_run_summary_add_mark (GmlRunSummary  *summary,
                                         GmlRunMarkKind  kind,
                                         guint64         step,
                                         const char     *label);
void           gml_run_summary_set_n_steps (GmlRunSummary *summary,
                                            guint64        n_steps);

guint64        gml_run_summary_n_steps     (GmlRunSummary *summary);
const GArray  *gml_run_summary_samples     (GmlRunSummary *summary);  /* GmlRunSample */
const GArray  *gml_run_summary_phases      (GmlRunSummary *summary);  /* GmlRunPhase */
const GArray  *gml_run_summary_goroutines  (GmlRunSummary *summary);  /* GmlRunGoroutine */
const GArray  *gml_run_summary_marks       (GmlRunSummary *summary);  /* GmlRunMark */
guint64        gml_run_summary_max_heap    (GmlRunSummary *summary);
guint32        gml_run_summary_n_cycles    (GmlRunSummary *summary);
/* The GC phase at `step` (GML_GC_OFF when none), and its cycle. */
guint          gml_run_summary_phase_at    (GmlRunSummary *summary,
                                            guint64        step,
                                            guint32       *cycle);
/* The heap sample in effect at `step`. */
const GmlRunSample *gml_run_summary_sample_at (GmlRunSummary *summary,
                                               guint64        step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlRunSummary, gml_run_summary_free)

G_END_DECLS
