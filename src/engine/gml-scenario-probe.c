/* gml-scenario-probe.c: anchors and computed answers over a recorded run.
 *
 * The GmlScenarioProbe of a GmlTimeline: where each anchor lands and what
 * each computed answer is there, as gml-scenario.h defines them.  Nothing
 * comes from the scenario file but the question: positions come from the
 * step log and the events, answers from the state at the position and
 * from the fine events after it.
 *
 * Indexes are built lazily and kept: the goroutine switches (coarse
 * "sched" events), the steps of each coarse event kind, the GC phase
 * changes, the arrivals at each line asked about, the occurrences of each
 * fine event kind asked about (found by replaying, a slice at a time).
 */
#include "gml-scenario-private.h"

#include <string.h>

#include "gml-gc.h"

#define FINE_SLICE 4096

/* Per statement id. */
enum
{
  STMT_MAIN  = 1 << 0,   /* a statement of the main program file: arrivals count */
  STMT_LEAVE = 1 << 1,   /* may call or return: the next statement may be in another frame */
};

typedef struct
{
  guint64 step;   /* the goroutine runs the steps after this one */
  guint64 goid;
} SchedMark;

typedef struct
{
  GArray   *steps;     /* guint64: the step of each occurrence, in order */
  guint64   scanned;   /* fine kinds: steps replayed so far */
} Occurrences;

typedef struct
{
  GmlScenarioProbe  probe;
  GmlTimeline      *tl;
  const GmlImage   *image;
  GmlProgram       *program;

  guint8           *stmt_flags;      /* by statement id */
  gboolean          coarse_done;
  GArray           *sched;           /* SchedMark */
  GArray           *gc_phases;       /* GmlEvent: every gc-phase event */
  Occurrences       events[GML_N_EVENT_KINDS];
  GHashTable       *arrivals;        /* line -> GArray of guint64 positions */
  GHashTable       *scope_ends;      /* GmlObject* (a local) -> line where its scope ends */
} Probe;

/* ------------------------------------------------------------------ */
/* Statements                                                          */

/* The statements of the synthetic init function that initialise the main
 * package's globals and call its init functions: the last ones it runs
 * (gml_compile_init runs the prelude's packages first), matched from the
 * end by position. */
static void
mark_main_init_stmts (Probe *p)
{
  const GmlImage *image = p->image;
  GmlPackage *pkg = p->program->main_pkg;
  g_autoptr (GArray) want = g_array_new (FALSE, FALSE, sizeof (GmlPos));
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint i = 0; i < pkg->init_order->len; i++)
    {
      GmlNode *spec = g_ptr_array_index (pkg->init_order, i);

      if (spec->kind == GML_NODE_ASSIGN_STMT
          || (spec->kind == GML_NODE_VALUE_SPEC && spec->u.value_spec.values.len > 0))
        g_array_append_val (want, spec->pos);
    }
  for (guint i = 0; i < pkg->funcs->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (pkg->funcs, i);

      if (f->obj == NULL && f->decl != NULL && f->decl->kind == GML_NODE_FUNC_DECL
          && strcmp (f->decl->u.func_decl.name->u.ident.name, "init") == 0)
        g_array_append_val (want, f->decl->pos);
    }
  for (guint32 id = 1; id < image->stmts->len; id++)
    if (g_array_index (image->stmts, GmlStmtInfo, id).func == image->init_code
        && g_array_index (image->stmts, GmlStmtInfo, id).kind == GML_STMT_PLAIN)
      g_array_append_val (ids, id);
  if (want->len == 0 || want->len > ids->len)
    return;
  for (guint k = 0; k < want->len; k++)
    {
      const GmlStmtInfo *info = &g_array_index (image->stmts, GmlStmtInfo,
                                                g_array_index (ids, guint32, ids->len - want->len + k));
      const GmlPos *pos = &g_array_index (want, GmlPos, k);

      if (info->line != pos->line || info->col != pos->col)
        return;
    }
  for (guint k = 0; k < want->len; k++)
    p->stmt_flags[g_array_index (ids, guint32, ids->len - want->len + k)] |= STMT_MAIN;
}

static void
build_stmt_flags (Probe *p)
{
  const GmlImage *image = p->image;

  if (p->stmt_flags != NULL)
    return;
  p->stmt_flags = g_new0 (guint8, image->stmts->len + 1);
  for (guint32 id = 1; id < image->stmts->len; id++)
    {
      const GmlStmtInfo *info = &g_array_index (image->stmts, GmlStmtInfo, id);
      const GmlCode *code = info->func < image->codes->len ? g_ptr_array_index (image->codes, info->func) : NULL;

      /* As the static check counts lines with code: not the simulator's
       * library, not compiler-made wrappers. */
      if (info->kind == GML_STMT_PLAIN && code != NULL && code->func != NULL
          && code->func->pkg == p->program->main_pkg && !code->is_wrapper)
        p->stmt_flags[id] |= STMT_MAIN;
    }
  mark_main_init_stmts (p);
  /* Statements whose code may leave the frame before the next statement
   * of the goroutine runs. */
  for (guint c = 0; c < image->codes->len; c++)
    {
      const GmlCode *code = g_ptr_array_index (image->codes, c);

      if (code->stmt_of_pc == NULL)
        continue;
      for (guint pc = 0; pc < code->n_code; pc++)
        switch (code->code[pc].op)
          {
          case GML_OP_CALL: case GML_OP_CALLCLO: case GML_OP_CALLIFACE:
          case GML_OP_RET: case GML_OP_RUNDEFERS: case GML_OP_PANIC:
            if (code->stmt_of_pc[pc] < image->stmts->len)
              p->stmt_flags[code->stmt_of_pc[pc]] |= STMT_LEAVE;
            break;
          default:
            break;
          }
    }
}

/* ------------------------------------------------------------------ */
/* Coarse events                                                       */

static void
build_coarse (Probe *p)
{
  guint n;

  if (p->coarse_done)
    return;
  p->coarse_done = TRUE;
  n = gml_timeline_n_events (p->tl);
  for (guint i = 0; i < n; i++)
    {
      GmlEvent e;

      if (!gml_timeline_event (p->tl, i, &e) || e.kind >= GML_N_EVENT_KINDS)
        continue;
      g_array_append_val (p->events[e.kind].steps, e.step);
      if (e.kind == GML_EVENT_GC_PHASE)
        g_array_append_val (p->gc_phases, e);
      else if (e.kind == GML_EVENT_SCHED)
        {
          /* The scheduler gives a P a goroutine before the goroutine's
           * next statement: it runs the steps after e.step. */
          SchedMark m = { e.step, e.b };

          g_array_append_val (p->sched, m);
        }
    }
}

/* The goroutine that runs step `step` (a statement step). */
static guint64
goroutine_of_step (Probe   *p,
                   guint64  step)
{
  guint lo = 0, hi;

  build_coarse (p);
  hi = p->sched->len;
  /* The last mark with mark.step < step. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (p->sched, SchedMark, mid).step < step)
        lo = mid + 1;
      else
        hi = mid;
    }
  /* Before the first switch, the goroutine the run starts with: 1, the
   * main goroutine (which runs the package initialisers too). */
  return lo > 0 ? g_array_index (p->sched, SchedMark, lo - 1).goid : 1;
}

/* The goroutine that runs the next statement after `position`, 0 when
 * no statement follows. */
static guint64
next_goroutine (Probe   *p,
                guint64  position)
{
  for (guint64 s = position + 1; s <= p->probe.n_steps; s++)
    if (gml_timeline_stmt (p->tl, s) != 0)
      return goroutine_of_step (p, s);
  return 0;
}

/* The first gc-phase event entering `phase` during a step after
 * `position` (of `cycle`, unless 0). */
static const GmlEvent *
next_phase (Probe   *p,
            guint64  position,
            guint    phase,
            guint32  cycle)
{
  build_coarse (p);
  for (guint i = 0; i < p->gc_phases->len; i++)
    {
      const GmlEvent *e = &g_array_index (p->gc_phases, GmlEvent, i);

      if (e->step > position && e->a == phase && (cycle == 0 || e->b == cycle))
        return e;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Line arrivals                                                       */

/* Whether the statement steps prev and step (prev < step, the same
 * goroutine) ran in different frames: a call or return of that goroutine
 * between them that does not balance out. */
static gboolean
frame_changed (Probe   *p,
               guint64  prev,
               guint64  step,
               guint64  goid)
{
  g_autoptr (GArray) events = gml_timeline_fine_events (p->tl, prev - 1, step - 1, G_MAXUINT);
  gint depth = 0;

  for (guint i = 0; i < events->len; i++)
    {
      const GmlEvent *e = &g_array_index (events, GmlEvent, i);

      if (e->goid != goid || (e->kind != GML_EVENT_CALL && e->kind != GML_EVENT_RETURN))
        continue;
      depth += e->kind == GML_EVENT_CALL ? 1 : -1;
      if (depth < 0)
        return TRUE;   /* the frame of `prev` returned */
    }
  return depth != 0;
}

/* The positions just before each arrival at `line`: a statement step on
 * the line whose previous statement step (GC work does not count) ran
 * another line, another goroutine or another frame. */
static GArray *
line_arrivals (Probe *p,
               guint  line)
{
  GArray *out = g_hash_table_lookup (p->arrivals, GUINT_TO_POINTER (line));
  guint64 n = p->probe.n_steps, prev_step = 0, prev_goid = 0, goid = 1;
  guint32 prev_stmt = 0;
  guint k = 0;

  if (out != NULL)
    return out;
  build_stmt_flags (p);
  build_coarse (p);
  out = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint64 step = 1; step <= n; step++)
    {
      guint32 stmt = gml_timeline_stmt (p->tl, step);
      const GmlStmtInfo *info, *prev_info;

      if (stmt == 0 || stmt >= p->image->stmts->len)
        continue;
      while (k < p->sched->len && g_array_index (p->sched, SchedMark, k).step < step)
        goid = g_array_index (p->sched, SchedMark, k++).goid;
      info = &g_array_index (p->image->stmts, GmlStmtInfo, stmt);
      if ((p->stmt_flags[stmt] & STMT_MAIN) && info->line == line)
        {
          gboolean arrives = TRUE;

          prev_info = prev_stmt != 0 ? &g_array_index (p->image->stmts, GmlStmtInfo, prev_stmt) : NULL;
          if (prev_info != NULL && (p->stmt_flags[prev_stmt] & STMT_MAIN) && prev_info->line == line
              && prev_info->func == info->func && prev_goid == goid)
            arrives = (p->stmt_flags[prev_stmt] & STMT_LEAVE) && frame_changed (p, prev_step, step, goid);
          if (arrives)
            {
              guint64 position = step - 1;

              g_array_append_val (out, position);
            }
        }
      prev_stmt = stmt;
      prev_step = step;
      prev_goid = goid;
    }
  g_hash_table_insert (p->arrivals, GUINT_TO_POINTER (line), out);
  return out;
}

/* ------------------------------------------------------------------ */
/* Fine events                                                         */

/* The step of the nth (1-based) event of a fine kind, replaying until it
 * is found. */
static gboolean
nth_fine_event (Probe   *p,
                guint    kind,
                guint32  nth,
                guint64 *step)
{
  Occurrences *o = &p->events[kind];
  guint64 n = p->probe.n_steps;

  while (o->steps->len < nth && o->scanned < n)
    {
      guint64 to = MIN (o->scanned + FINE_SLICE, n);
      g_autoptr (GArray) events = gml_timeline_fine_events (p->tl, o->scanned, to, G_MAXUINT);

      for (guint i = 0; i < events->len; i++)
        if (g_array_index (events, GmlEvent, i).kind == kind)
          g_array_append_val (o->steps, g_array_index (events, GmlEvent, i).step);
      o->scanned = to;
    }
  if (o->steps->len < nth)
    return FALSE;
  *step = g_array_index (o->steps, guint64, nth - 1);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Anchors                                                             */

static gboolean
probe_resolve (GmlScenarioProbe *probe,
               const GmlAnchor  *a,
               guint64          *position)
{
  Probe *p = (Probe *) probe;
  guint32 nth = MAX (a->nth, 1);

  switch (a->kind)
    {
    case GML_ANCHOR_LINE:
      {
        GArray *arrivals = line_arrivals (p, a->line);

        if (arrivals->len < nth)
          return FALSE;
        *position = g_array_index (arrivals, guint64, nth - 1);
        return TRUE;
      }
    case GML_ANCHOR_GC:
      build_coarse (p);
      for (guint i = 0; i < p->gc_phases->len; i++)
        {
          const GmlEvent *e = &g_array_index (p->gc_phases, GmlEvent, i);

          if (e->a == a->gc_phase && e->b == nth)
            {
              *position = e->step;
              return TRUE;
            }
        }
      return FALSE;
    case GML_ANCHOR_EVENT:
      if (a->event >= GML_N_EVENT_KINDS)
        return FALSE;
      if (!gml_event_kind_coarse (a->event))
        return nth_fine_event (p, a->event, nth, position);
      build_coarse (p);
      if (p->events[a->event].steps->len < nth)
        return FALSE;
      *position = g_array_index (p->events[a->event].steps, guint64, nth - 1);
      return TRUE;
    case GML_ANCHOR_STEP:
      *position = a->step;
      return a->step <= probe->n_steps;
    case GML_ANCHOR_END:
    default:
      *position = probe->n_steps;
      return probe->ended;
    }
}

/* ------------------------------------------------------------------ */
/* Variables                                                           */

static gboolean
same_declaration (GmlObject *a,
                  GmlObject *b)
{
  return a == b || (a != NULL && b != NULL && a->name != NULL && b->name != NULL
                    && strcmp (a->name, b->name) == 0 && a->pos.line == b->pos.line
                    && a->pos.col == b->pos.col);
}

/* The last line of each local's lexical scope.  Blocks know where they
 * end (their closing brace); the scopes of if, for and switch statements
 * and of switch clauses end with the last block inside them, or, with
 * none, where the enclosing scope ends. */
static guint
scope_end_line (Probe     *p,
                GmlObject *var)
{
  gpointer found;

  if (p->scope_ends == NULL)
    {
      GPtrArray *scopes = p->program->scopes;
      g_autoptr (GHashTable) index = g_hash_table_new (g_direct_hash, g_direct_equal);
      g_autofree guint *end = g_new0 (guint, scopes->len + 1);

      p->scope_ends = g_hash_table_new (g_direct_hash, g_direct_equal);
      for (guint i = 0; i < scopes->len; i++)
        {
          GmlScope *sc = g_ptr_array_index (scopes, i);

          g_hash_table_insert (index, sc, GUINT_TO_POINTER (i + 1));
          end[i] = sc->end.line;
        }
      /* Children come after their parents: the last blocks first. */
      for (guint i = scopes->len; i-- > 0;)
        {
          GmlScope *sc = g_ptr_array_index (scopes, i);
          guint parent = sc->parent != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (index, sc->parent)) : 0;

          if (parent != 0 && ((GmlScope *) g_ptr_array_index (scopes, parent - 1))->end.line == 0)
            end[parent - 1] = MAX (end[parent - 1], end[i]);
        }
      for (guint i = 0; i < scopes->len; i++)
        {
          GmlScope *sc = g_ptr_array_index (scopes, i);
          guint parent = sc->parent != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (index, sc->parent)) : 0;
          GHashTableIter iter;
          gpointer value;

          if (end[i] == 0 && parent != 0)
            end[i] = end[parent - 1];
          if (sc->start.line == 0 || end[i] == 0)
            continue;
          g_hash_table_iter_init (&iter, sc->names);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            if (((GmlObject *) value)->kind == GML_OBJ_VAR)
              g_hash_table_insert (p->scope_ends, value, GUINT_TO_POINTER (end[i]));
        }
    }
  found = g_hash_table_lookup (p->scope_ends, var);
  return found != NULL ? GPOINTER_TO_UINT (found) : G_MAXUINT;
}

/* The variable a reference names, in the state at `position`: a global,
 * or the slot in the innermost frame of its function in the goroutine
 * that runs next. */
static gboolean
find_var (Probe           *p,
          GmlState        *state,
          guint64          position,
          const GmlVarRef *ref,
          GmlStateVar     *out,
          char           **reason)
{
  GmlFunc *func = NULL;
  GmlObject *obj = NULL;
  guint64 goid;
  gint gi_found = -1;

  if (!gml_scenario_resolve_var (p->program, ref, &func, &obj))
    {
      *reason = g_strdup_printf ("the program has no variable %s that the reference names", ref->name);
      return FALSE;
    }
  if (func == NULL)
    {
      if (gml_state_find_global (state, obj->name, out))
        return TRUE;
      *reason = g_strdup_printf ("%s is not a global of the program", ref->name);
      return FALSE;
    }
  goid = next_goroutine (p, position);
  for (guint gi = 0; gi < gml_state_n_goroutines (state) && gi_found < 0; gi++)
    {
      GmlStateGoroutine g;

      gml_state_goroutine (state, gi, &g);
      if (goid != 0 ? g.goid == goid : g.current)
        gi_found = (gint) gi;
    }
  if (gi_found < 0)
    {
      *reason = g_strdup_printf ("no goroutine runs after it, so %s is not running", func->short_name);
      return FALSE;
    }
  {
    GmlStateGoroutine g;

    gml_state_goroutine (state, (guint) gi_found, &g);
    for (guint fi = 0; fi < g.n_frames; fi++)
      {
        GmlStateFrame f;

        gml_state_frame (state, (guint) gi_found, fi, &f);
        if (f.func != func)
          continue;
        for (guint vi = 0; vi < f.n_vars; vi++)
          {
            gml_state_var (state, (guint) gi_found, fi, vi, out);
            /* The frame keeps the slot of a finished block's variable:
             * Go's scope ends with the block. */
            if (same_declaration (out->var, obj) && (f.line == 0 || f.line <= scope_end_line (p, obj)))
              return TRUE;
          }
        *reason = g_strdup_printf ("%s is not in scope there (line %u of %s)", ref->name, f.line, func->short_name);
        return FALSE;
      }
    *reason = g_strdup_printf ("%s is not running in goroutine %" G_GUINT64_FORMAT ", which runs next",
                               func->short_name, g.goid);
    return FALSE;
  }
}

/* ------------------------------------------------------------------ */
/* Answers                                                             */

static void
set_objects (GmlAnswer *answer,
             GArray    *addrs)
{
  answer->type = GML_ANSWER_TYPE_OBJECTS;
  answer->objects = addrs;
}

static gint
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static void
collect_addr (const GmlStateObject *o,
              gpointer              data)
{
  g_hash_table_add (data, g_memdup2 (&o->addr, sizeof o->addr));
}

static void
collect_unswept (const GmlStateSpan *s,
                 gpointer            data)
{
  if (s->kind == GML_STATE_SPAN_HEAP && !s->swept)
    g_hash_table_add (data, g_memdup2 (&s->addr, sizeof s->addr));
}

/* FREE events of steps (from, to]: with `answer`, the addresses in `set`
 * go to it; without, they leave the set (freed by an earlier cycle). */
static void
take_frees (Probe      *p,
            guint64     from,
            guint64     to,
            GHashTable *set,
            GArray     *answer)
{
  for (guint64 lo = from; lo < to; lo += FINE_SLICE)
    {
      g_autoptr (GArray) events = gml_timeline_fine_events (p->tl, lo, MIN (lo + FINE_SLICE, to), G_MAXUINT);

      for (guint i = 0; i < events->len; i++)
        {
          const GmlEvent *e = &g_array_index (events, GmlEvent, i);

          if (e->kind == GML_EVENT_FREE && g_hash_table_remove (set, &e->a) && answer != NULL)
            g_array_append_val (answer, e->a);
        }
    }
}

/* The objects allocated at the position that the first cycle to start
 * after it frees: the sweep's FREE events from the end of its marking
 * until its sweep is over (the cycle goes idle, or the next one's sweep
 * termination finishes it).  Objects freed before (an earlier cycle's
 * sweep still running) do not count, even when their slot is reused. */
static gboolean
compute_freed (Probe      *p,
               GmlState   *state,
               guint64     position,
               GmlAnswer  *answer,
               char      **reason)
{
  g_autoptr (GHashTable) set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  const GmlEvent *start, *mark, *sweep, *idle, *next_mark;
  GArray *addrs;
  GmlStateGc gc;
  guint64 end;

  start = next_phase (p, position, GML_GC_SWEEP_TERM, 0);
  if (start == NULL)
    {
      *reason = g_strdup ("no GC cycle starts after it");
      return FALSE;
    }
  mark = next_phase (p, start->step - 1, GML_GC_MARK, (guint32) start->b);
  sweep = next_phase (p, start->step - 1, GML_GC_SWEEP, (guint32) start->b);
  if (mark == NULL || sweep == NULL)
    {
      *reason = g_strdup_printf ("GC cycle %" G_GUINT64_FORMAT " does not finish marking before the run ends", start->b);
      return FALSE;
    }
  idle = next_phase (p, sweep->step, GML_GC_OFF, (guint32) start->b);
  next_mark = next_phase (p, sweep->step, GML_GC_MARK, (guint32) start->b + 1);
  end = idle != NULL ? idle->step : next_mark != NULL ? next_mark->step : p->probe.n_steps;
  if (idle != NULL && next_mark != NULL)
    end = MIN (idle->step, next_mark->step);

  gml_state_foreach_object (state, 0, collect_addr, set);
  gml_state_gc (state, &gc);
  /* An earlier cycle still sweeping frees some of them first. */
  if (gc.phase_id != GML_GC_OFF)
    take_frees (p, position, mark->step, set, NULL);
  addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  take_frees (p, sweep->step - 1, end, set, addrs);
  /* The run ended with the sweep unfinished: the unmarked objects of the
   * spans not swept yet are the cycle's garbage all the same. */
  if (idle == NULL && next_mark == NULL && g_hash_table_size (set) > 0)
    {
      g_autoptr (GmlState) last = gml_timeline_state_at (p->tl, p->probe.n_steps);
      g_autoptr (GHashTable) unswept = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      GHashTableIter iter;
      gpointer key;

      gml_state_foreach_span (last, collect_unswept, unswept);
      g_hash_table_iter_init (&iter, set);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          GmlStateObject o;

          if (gml_state_find_object (last, *(guint64 *) key, &o) && o.addr == *(guint64 *) key
              && !o.marked && g_hash_table_contains (unswept, &o.span))
            g_array_append_val (addrs, o.addr);
        }
    }
  g_array_sort (addrs, compare_u64);
  set_objects (answer, addrs);
  return TRUE;
}

/* The type ids of the values in each tiny block allocated at `position`
 * (a block starts again when its first value is allocated at offset 0). */
static GHashTable *
tiny_block_types (Probe   *p,
                  guint64  position)
{
  GHashTable *blocks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              (GDestroyNotify) g_hash_table_unref);
  guint n = gml_timeline_n_events (p->tl);

  for (guint i = 0; i < n; i++)
    {
      GmlEvent e;
      GHashTable *types;

      if (!gml_timeline_event (p->tl, i, &e) || e.step > position)
        break;
      if (e.kind != GML_EVENT_TINY_ALLOC)
        continue;
      types = g_hash_table_lookup (blocks, &e.d);
      if (types == NULL || e.a == e.d)
        {
          types = g_hash_table_new (g_direct_hash, g_direct_equal);
          g_hash_table_insert (blocks, g_memdup2 (&e.d, sizeof e.d), types);
        }
      g_hash_table_add (types, GSIZE_TO_POINTER ((gsize) e.c));
    }
  return blocks;
}

typedef struct
{
  GmlType    *type;
  GArray     *addrs;
  GArray     *tiny;     /* GmlStateObject: tiny blocks */
} OfType;

static gboolean
type_is (GmlType *t,
         GmlType *want)
{
  for (guint depth = 0; t != NULL && depth < 16; depth++)
    {
      if (t == want)
        return TRUE;
      if (t->kind != GML_TYPE_ARRAY)
        return FALSE;
      t = t->u.array.elem;
    }
  return FALSE;
}

static void
collect_of_type (const GmlStateObject *o,
                 gpointer              data)
{
  OfType *ot = data;

  if (o->tiny_block)
    g_array_append_val (ot->tiny, *o);
  else if (type_is (o->type, ot->type))
    g_array_append_val (ot->addrs, o->addr);
}

static gboolean
compute_of_type (Probe               *p,
                 GmlState            *state,
                 guint64              position,
                 const GmlAnswerSpec *spec,
                 GmlAnswer           *answer,
                 char               **reason)
{
  GmlType *type = spec->type != NULL ? gml_scenario_resolve_type (p->program, spec->type) : NULL;
  g_autoptr (GArray) tiny = g_array_new (FALSE, FALSE, sizeof (GmlStateObject));
  OfType ot = { type, NULL, tiny };

  if (type == NULL)
    {
      *reason = g_strdup_printf ("the program has no type %s", spec->type != NULL ? spec->type : "");
      return FALSE;
    }
  ot.addrs = g_array_new (FALSE, FALSE, sizeof (guint64));
  gml_state_foreach_object (state, 0, collect_of_type, &ot);
  /* Values without pointers smaller than 16 bytes share tiny blocks. */
  if (tiny->len > 0 && !type->has_pointers)
    {
      g_autoptr (GHashTable) blocks = tiny_block_types (p, position);

      for (guint i = 0; i < tiny->len; i++)
        {
          const GmlStateObject *o = &g_array_index (tiny, GmlStateObject, i);
          GHashTable *types = g_hash_table_lookup (blocks, &o->addr);
          GHashTableIter iter;
          gpointer id;
          gboolean holds = FALSE;

          if (types == NULL)
            continue;
          g_hash_table_iter_init (&iter, types);
          while (!holds && g_hash_table_iter_next (&iter, &id, NULL))
            holds = GPOINTER_TO_SIZE (id) != 0
                    && GPOINTER_TO_SIZE (id) < gml_type_table_len (p->program->types)
                    && type_is (gml_type_table_get (p->program->types, (guint32) GPOINTER_TO_SIZE (id)), type);
          if (holds)
            g_array_append_val (ot.addrs, o->addr);
        }
    }
  g_array_sort (ot.addrs, compare_u64);
  set_objects (answer, ot.addrs);
  return TRUE;
}

static gboolean
compute_number (GmlState            *state,
                const GmlAnswerSpec *spec,
                GmlAnswer           *answer,
                char               **reason)
{
  GmlStateGc gc;

  gml_state_gc (state, &gc);
  answer->type = GML_ANSWER_TYPE_NUMBER;
  switch (spec->kind)
    {
    case GML_ANSWER_HEAP_OBJECTS:
      answer->number = (gint64) gc.heap_objects;
      return TRUE;
    case GML_ANSWER_HEAP_BYTES:
      answer->number = (gint64) gc.heap_alloc;
      return TRUE;
    case GML_ANSWER_GC_CYCLES:
      answer->number = gc.numgc;
      return TRUE;
    case GML_ANSWER_GOROUTINES:
      /* runtime.NumGoroutine(): the finalizer goroutine is a system one. */
      for (guint i = 0; i < gml_state_n_goroutines (state); i++)
        {
          GmlStateGoroutine g;

          gml_state_goroutine (state, i, &g);
          if (g.status != GML_STATE_G_DEAD && !g.system)
            answer->number++;
        }
      return TRUE;
    case GML_ANSWER_STACK_SIZE:
    default:
      for (guint i = 0; i < gml_state_n_goroutines (state); i++)
        {
          GmlStateGoroutine g;

          gml_state_goroutine (state, i, &g);
          if (g.goid == spec->goroutine && g.status != GML_STATE_G_DEAD)
            {
              answer->number = (gint64) (g.stack_hi - g.stack_lo);
              return TRUE;
            }
        }
      *reason = g_strdup_printf ("goroutine %" G_GUINT64_FORMAT " does not exist there", spec->goroutine);
      return FALSE;
    }
}

static gboolean
probe_compute (GmlScenarioProbe    *probe,
               const GmlAnswerSpec *spec,
               guint64              position,
               GmlAnswer           *answer,
               char               **reason)
{
  Probe *p = (Probe *) probe;
  g_autoptr (GmlState) state = NULL;
  char *why = NULL;
  gboolean ok = FALSE;
  GmlStateVar v;

  memset (answer, 0, sizeof *answer);
  if (position > probe->n_steps)
    {
      why = g_strdup_printf ("step %" G_GUINT64_FORMAT " is past the end of the run", position);
      goto out;
    }
  if (spec->kind == GML_ANSWER_ESCAPES)
    {
      ok = gml_scenario_static_answer (p->program, spec, answer);
      if (!ok)
        why = g_strdup (p->program->escape_analysed ? "the program has no such local variable"
                                                    : "the program was not escape-analysed");
      goto out;
    }
  if (spec->kind == GML_ANSWER_LIVE_BYTES_AFTER_NEXT_GC)
    {
      const GmlEvent *e = next_phase (p, position, GML_GC_SWEEP, 0);

      if (e == NULL)
        {
          why = g_strdup ("no GC cycle finishes marking after it");
          goto out;
        }
      /* Mark termination sets heap_live to the bytes marked (heap_marked)
       * just before the sweep phase begins: the event carries it. */
      answer->type = GML_ANSWER_TYPE_NUMBER;
      answer->number = (gint64) e->c;
      ok = TRUE;
      goto out;
    }
  state = gml_timeline_state_at (p->tl, position);
  switch (spec->kind)
    {
    case GML_ANSWER_LEN:
    case GML_ANSWER_CAP:
      if (!find_var (p, state, position, &spec->var, &v, &why))
        break;
      answer->type = GML_ANSWER_TYPE_NUMBER;
      ok = gml_state_len (state, v.type, v.addr, spec->kind == GML_ANSWER_CAP, &answer->number);
      if (!ok)
        why = g_strdup_printf ("%s has no %s", spec->var.name, spec->kind == GML_ANSWER_CAP ? "cap" : "len");
      break;
    case GML_ANSWER_HEAP_OBJECTS_OF_VAR:
      if (!find_var (p, state, position, &spec->var, &v, &why))
        break;
      set_objects (answer, gml_state_reachable_objects (state, v.type, v.addr));
      ok = TRUE;
      break;
    case GML_ANSWER_FREED_BY_NEXT_GC:
      ok = compute_freed (p, state, position, answer, &why);
      break;
    case GML_ANSWER_OBJECTS_OF_TYPE:
      ok = compute_of_type (p, state, position, spec, answer, &why);
      break;
    default:
      ok = compute_number (state, spec, answer, &why);
      break;
    }
out:
  if (!ok)
    {
      gml_answer_clear (answer);
      if (reason != NULL)
        *reason = why;
      else
        g_free (why);
      return FALSE;
    }
  g_free (why);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

GmlScenarioProbe *
gml_scenario_probe_new (GmlTimeline *tl)
{
  Probe *p;
  GmlTimelineEnd end;

  g_return_val_if_fail (tl != NULL, NULL);
  end = gml_timeline_end (tl, NULL, NULL);
  g_return_val_if_fail (end != GML_TIMELINE_END_NONE, NULL);
  p = g_new0 (Probe, 1);
  p->probe.resolve = probe_resolve;
  p->probe.compute = probe_compute;
  p->probe.n_steps = gml_timeline_n_steps (tl);
  p->probe.ended = end == GML_TIMELINE_END_EXIT;
  p->tl = gml_timeline_ref (tl);
  p->image = gml_timeline_get_image (tl);
  p->program = gml_timeline_get_program (tl);
  p->sched = g_array_new (FALSE, FALSE, sizeof (SchedMark));
  p->gc_phases = g_array_new (FALSE, FALSE, sizeof (GmlEvent));
  for (guint k = 0; k < GML_N_EVENT_KINDS; k++)
    p->events[k].steps = g_array_new (FALSE, FALSE, sizeof (guint64));
  p->arrivals = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_array_unref);
  return &p->probe;
}

void
gml_scenario_probe_free (GmlScenarioProbe *probe)
{
  Probe *p = (Probe *) probe;

  if (probe == NULL)
    return;
  g_return_if_fail (probe->resolve == probe_resolve);
  g_free (p->stmt_flags);
  g_array_unref (p->sched);
  g_array_unref (p->gc_phases);
  for (guint k = 0; k < GML_N_EVENT_KINDS; k++)
    g_array_unref (p->events[k].steps);
  g_hash_table_unref (p->arrivals);
  if (p->scope_ends != NULL)
    g_hash_table_unref (p->scope_ends);
  gml_timeline_unref (p->tl);
  g_free (p);
}

gboolean
gml_scenario_probe_resolve (GmlScenarioProbe *probe,
                            const GmlAnchor  *anchor,
                            guint64          *position)
{
  g_return_val_if_fail (probe != NULL && anchor != NULL && position != NULL, FALSE);
  return probe->resolve (probe, anchor, position);
}

gboolean
gml_scenario_probe_compute (GmlScenarioProbe    *probe,
                            const GmlAnswerSpec *spec,
                            guint64              position,
                            GmlAnswer           *answer,
                            char               **reason)
{
  g_return_val_if_fail (probe != NULL && probe->compute != NULL && spec != NULL && answer != NULL, FALSE);
  return probe->compute (probe, spec, position, answer, reason);
}

guint64
gml_scenario_probe_next_goroutine (GmlScenarioProbe *probe,
                                   guint64           position)
{
  g_return_val_if_fail (probe != NULL && probe->resolve == probe_resolve, 0);
  return next_goroutine ((Probe *) probe, position);
}

gboolean
gml_quiz_compute_answer (GmlTimeline   *tl,
                         const GmlQuiz *quiz,
                         guint64        position,
                         GmlAnswer     *answer,
                         char         **reason)
{
  GmlScenarioProbe *probe;
  gboolean ok;

  g_return_val_if_fail (tl != NULL && quiz != NULL && answer != NULL, FALSE);
  memset (answer, 0, sizeof *answer);
  if (quiz->kind == GML_QUIZ_CHOICE)
    {
      if (reason != NULL)
        *reason = g_strdup ("a choice quiz has no computed answer");
      return FALSE;
    }
  probe = gml_scenario_probe_new (tl);
  ok = probe != NULL && probe->compute (probe, &quiz->answer, position, answer, reason);
  gml_scenario_probe_free (probe);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Recording a scenario                                                */

GmlTimeline *
gml_scenario_new_timeline (const GmlScenario *sc,
                           GmlDiagList       *diags)
{
  GmlTimelineConfig tl_config;
  GmlVmConfig vm_config;
  GmlProgram *program;
  GmlImage *image;

  g_return_val_if_fail (sc != NULL && sc->source != NULL, NULL);
  program = gml_program_load (sc->program_filename, sc->source, sc->source_len, diags);
  if (program == NULL)
    return NULL;
  image = gml_image_build (program, diags);
  if (image == NULL)
    {
      gml_program_free (program);
      return NULL;
    }
  gml_timeline_config_init (&tl_config);
  gml_vm_config_init (&vm_config);
  gml_scenario_settings_apply (&sc->settings, &vm_config);
  return gml_timeline_new (program, image, &vm_config, &tl_config);
}

gboolean
gml_scenario_check_run (const GmlScenario *sc,
                        GmlDiagList       *diags)
{
  g_autoptr (GmlTimeline) tl = NULL;
  GmlScenarioProbe *probe;
  gboolean ok;

  g_return_val_if_fail (sc != NULL && diags != NULL, FALSE);
  if ((tl = gml_scenario_new_timeline (sc, diags)) == NULL)
    return FALSE;
  gml_timeline_run (tl, G_MAXUINT64);
  probe = gml_scenario_probe_new (tl);
  ok = gml_scenario_check_dynamic (sc, probe, diags);
  gml_scenario_probe_free (probe);
  return ok;
}
