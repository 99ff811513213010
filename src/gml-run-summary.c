/* gml-run-summary.c: the whole run at a glance, for the timeline scrubber.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gml-gc.h"
#include "gml-image.h"
#include "gml-run-summary.h"

/* Heap samples are halved (keeping maxima) when there are more than this,
 * so a run with millions of allocations stays small. */
#define MAX_SAMPLES 65536

struct _GmlRunSummary
{
  GArray       *samples;
  GArray       *phases;
  GArray       *goroutines;
  GArray       *marks;
  GHashTable   *alive;     /* goid -> index + 1 into goroutines, while alive */
  GStringChunk *strings;
  guint         next_event;
  guint64       n_steps;
  guint64       heap;
  guint64       goal;
  guint64       max_heap;
  guint32       n_cycles;
  guint64       min_gap;   /* steps between kept samples after halving */
};

GmlRunSummary *
gml_run_summary_new (void)
{
  GmlRunSummary *summary = g_new0 (GmlRunSummary, 1);

  summary->samples = g_array_new (FALSE, TRUE, sizeof (GmlRunSample));
  summary->phases = g_array_new (FALSE, TRUE, sizeof (GmlRunPhase));
  summary->goroutines = g_array_new (FALSE, TRUE, sizeof (GmlRunGoroutine));
  summary->marks = g_array_new (FALSE, TRUE, sizeof (GmlRunMark));
  summary->alive = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  summary->strings = g_string_chunk_new (1024);

  return summary;
}

void
gml_run_summary_free (GmlRunSummary *summary)
{
  if (summary == NULL)
    return;

  g_array_unref (summary->samples);
  g_array_unref (summary->phases);
  g_array_unref (summary->goroutines);
  g_array_unref (summary->marks);
  g_hash_table_unref (summary->alive);
  g_string_chunk_free (summary->strings);
  g_free (summary);
}

/* Merges neighbouring samples pairwise, keeping the larger heap. */
static void
halve_samples (GmlRunSummary *summary)
{
  GArray *s = summary->samples;
  guint out = 0;

  for (guint i = 0; i < s->len; i += 2)
    {
      GmlRunSample merged = g_array_index (s, GmlRunSample, i);

      if (i + 1 < s->len)
        {
          GmlRunSample *next = &g_array_index (s, GmlRunSample, i + 1);

          merged.heap = MAX (merged.heap, next->heap);
          merged.goal = next->goal;
          merged.allocs += next->allocs;
        }
      g_array_index (s, GmlRunSample, out++) = merged;
    }
  g_array_set_size (s, out);
  summary->min_gap = MAX (summary->min_gap * 2, 2);
}

static void
add_sample (GmlRunSummary *summary,
            guint64        step,
            guint32        allocs)
{
  GArray *s = summary->samples;
  GmlRunSample *last = s->len > 0 ? &g_array_index (s, GmlRunSample, s->len - 1) : NULL;

  /* The goal (4 MiB at least) would flatten a small program's heap; the
   * chart scales to the heap and marks a goal above it at the top. */
  summary->max_heap = MAX (summary->max_heap, summary->heap);
  if (last != NULL && (last->step == step || step - last->step < summary->min_gap))
    {
      last->heap = MAX (last->heap, summary->heap);
      last->goal = summary->goal;
      last->allocs += allocs;
      return;
    }

  GmlRunSample sample = { step, summary->heap, summary->goal, allocs };
  g_array_append_val (s, sample);
  if (s->len > MAX_SAMPLES)
    halve_samples (summary);
}

static void
add_phase (GmlRunSummary  *summary,
           const GmlEvent *e)
{
  GArray *p = summary->phases;
  GmlRunPhase phase = { e->step, G_MAXUINT64, (guint) e->a, (guint32) e->b };

  if (p->len > 0)
    g_array_index (p, GmlRunPhase, p->len - 1).to = e->step;
  if (e->a == GML_GC_SWEEP_TERM)
    summary->n_cycles++;
  if (e->d > 0)
    summary->goal = e->d;
  /* Idle stretches are not drawn; only record them to close a cycle. */
  g_array_append_val (p, phase);
  add_sample (summary, e->step, 0);
}

static void
append_goroutine (GmlRunSummary         *summary,
                  const GmlRunGoroutine *g)
{
  g_array_append_val (summary->goroutines, *g);
  g_hash_table_insert (summary->alive, g_memdup2 (&g->goid, sizeof g->goid),
                       GUINT_TO_POINTER (summary->goroutines->len));
}

static void
goroutine_exited (GmlRunSummary *summary,
                  guint64        goid,
                  guint64        step)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (summary->alive, &goid));

  if (i == 0)
    return;
  g_array_index (summary->goroutines, GmlRunGoroutine, i - 1).exited = step;
  g_hash_table_remove (summary->alive, &goid);
}

/* The main goroutine exists before the first step: no event creates it. */
static void
ensure_main_goroutine (GmlRunSummary *summary)
{
  GmlRunGoroutine g = { 1, 0, G_MAXUINT64, "main" };

  if (summary->goroutines->len == 0)
    append_goroutine (summary, &g);
}

static void
add_goroutine (GmlRunSummary  *summary,
               const GmlEvent *e,
               const char     *func_name)
{
  GmlRunGoroutine g = {
    e->a, e->step, G_MAXUINT64,
    g_string_chunk_insert_const (summary->strings, func_name != NULL ? func_name : ""),
  };

  append_goroutine (summary, &g);
}

static void
add_mark (GmlRunSummary  *summary,
          GmlRunMarkKind  kind,
          guint64         step,
          guint64         goid,
          const char     *label)
{
  GmlRunMark mark = {
    step, kind, goid,
    label != NULL ? g_string_chunk_insert_const (summary->strings, label) : NULL,
  };

  g_array_append_val (summary->marks, mark);
}

void
gml_run_summary_add_event (GmlRunSummary  *summary,
                           const GmlEvent *e,
                           const char     *func_name)
{
  g_return_if_fail (summary != NULL && e != NULL);

  summary->n_steps = MAX (summary->n_steps, e->step);
  if (e->kind != GML_EVENT_G_CREATE || e->a != 1)
    ensure_main_goroutine (summary);

  switch ((GmlEventKind) e->kind)
    {
    case GML_EVENT_ALLOC:
    case GML_EVENT_TINY_ALLOC:
      summary->heap += e->b;
      add_sample (summary, e->step, 1);
      break;

    case GML_EVENT_FREE:
      summary->heap -= MIN (summary->heap, e->b);
      add_sample (summary, e->step, 0);
      break;

    case GML_EVENT_GC_PHASE:
      add_phase (summary, e);
      break;

    case GML_EVENT_G_CREATE:
      add_goroutine (summary, e, func_name);
      break;

    case GML_EVENT_G_EXIT:
      goroutine_exited (summary, e->a, e->step);
      break;

    case GML_EVENT_STACK_GROW:
      add_mark (summary, GML_RUN_MARK_STACK_GROW, e->step, e->goid, NULL);
      break;

    case GML_EVENT_PANIC:
      add_mark (summary, GML_RUN_MARK_PANIC, e->step, e->a, NULL);
      break;

    case GML_EVENT_EXIT:
      add_mark (summary, GML_RUN_MARK_EXIT, e->step, 0, NULL);
      break;

    default:
      break;
    }
}

static const char *
func_name_of (GmlTimeline *timeline,
              guint64      code_index)
{
  const GmlImage *image = gml_timeline_get_image (timeline);

  if (image == NULL || code_index >= image->codes->len)
    return NULL;
  return ((const GmlCode *) g_ptr_array_index (image->codes, code_index))->short_name;
}

void
gml_run_summary_update (GmlRunSummary *summary,
                        GmlTimeline   *timeline)
{
  guint n;

  g_return_if_fail (summary != NULL && timeline != NULL);

  n = gml_timeline_n_events (timeline);
  while (summary->next_event < n)
    {
      GmlEvent buf[GML_TIMELINE_EVENT_BLOCK];
      guint first = summary->next_event;
      guint got = gml_timeline_events (timeline, first, MIN (n - first, GML_TIMELINE_EVENT_BLOCK - first % GML_TIMELINE_EVENT_BLOCK), buf);

      if (got == 0)
        break;
      /* A block at a time: one by one, each would decode its block from
       * the start again. */
      for (guint k = 0; k < got; k++)
        gml_run_summary_add_event (summary, &buf[k],
                                   buf[k].kind == GML_EVENT_G_CREATE ? func_name_of (timeline, buf[k].c) : NULL);
      summary->next_event += got;
    }
  gml_run_summary_set_n_steps (summary, gml_timeline_n_steps (timeline));
}

void
gml_run_summary_add_mark (GmlRunSummary  *summary,
                          GmlRunMarkKind  kind,
                          guint64         step,
                          const char     *label)
{
  g_return_if_fail (summary != NULL);

  add_mark (summary, kind, step, 0, label);
}

void
gml_run_summary_set_n_steps (GmlRunSummary *summary,
                             guint64        n_steps)
{
  g_return_if_fail (summary != NULL);

  summary->n_steps = MAX (summary->n_steps, n_steps);
}

guint64
gml_run_summary_n_steps (GmlRunSummary *summary)
{
  return summary->n_steps;
}

const GArray *
gml_run_summary_samples (GmlRunSummary *summary)
{
  return summary->samples;
}

const GArray *
gml_run_summary_phases (GmlRunSummary *summary)
{
  return summary->phases;
}

const GArray *
gml_run_summary_goroutines (GmlRunSummary *summary)
{
  return summary->goroutines;
}

const GArray *
gml_run_summary_marks (GmlRunSummary *summary)
{
  return summary->marks;
}

guint64
gml_run_summary_max_heap (GmlRunSummary *summary)
{
  return summary->max_heap;
}

guint32
gml_run_summary_n_cycles (GmlRunSummary *summary)
{
  return summary->n_cycles;
}

/* Phases are in step order: binary search for the last one starting at
 * or before `step`. */
guint
gml_run_summary_phase_at (GmlRunSummary *summary,
                          guint64        step,
                          guint32       *cycle)
{
  GArray *p = summary->phases;
  guint lo = 0, hi = p->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (p, GmlRunPhase, mid).from <= step)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    {
      if (cycle != NULL)
        *cycle = 0;
      return GML_GC_OFF;
    }

  GmlRunPhase *phase = &g_array_index (p, GmlRunPhase, lo - 1);
  if (cycle != NULL)
    *cycle = phase->cycle;
  return phase->phase;
}

const GmlRunSample *
gml_run_summary_sample_at (GmlRunSummary *summary,
                           guint64        step)
{
  GArray *s = summary->samples;
  guint lo = 0, hi = s->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (s, GmlRunSample, mid).step <= step)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo == 0 ? NULL : &g_array_index (s, GmlRunSample, lo - 1);
}
