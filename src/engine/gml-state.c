/* gml-state.c: read-only views of a replay VM positioned at one step. */
#include "gml-timeline-private.h"

#include <string.h>

#include "gml-chan.h"
#include "gml-fmt.h"
#include "gml-gc.h"
#include "gml-heap.h"
#include "gml-map.h"

typedef struct
{
  guint64  g;
  guint    n_frames;
  GArray  *frames;     /* GmlFrame, innermost first (filled on demand) */
} GInfo;

struct _GmlState
{
  gint         ref_count;
  GmlTimeline *tl;
  Replay      *replay;
  GmlVm       *vm;
  guint64      step;
  GArray      *gs;     /* GInfo of every live goroutine, oldest first */
  GHashTable  *grey;   /* addresses on the GC's work queue, built lazily */
  GPtrArray   *globals; /* the main package's GmlObject globals, by position, built lazily */
};

/* ------------------------------------------------------------------ */
/* Frames                                                              */

guint64
gml_timeline_replay_distance (GmlVm   *vm,
                              guint64  goid,
                              guint64 *g)
{
  const GmlG *gg;
  GmlFrame f;

  /* Records of finished goroutines are reused for new ones. */
  if (*g == 0 || gml_g_r (vm, *g)->goid != goid)
    *g = gml_sched_find_g (vm, goid);
  if (*g == 0 || gml_g_r (vm, *g)->status == GML_G_DEAD || !gml_frame_first (vm, *g, &f))
    return 0;
  gg = gml_g_r (vm, *g);
  return gg->stack_hi - f.fp;
}

void
gml_timeline_replay_distances (GmlVm      *vm,
                               GHashTable *distances)
{
  for (guint64 g = vm->rt.allgs; g != 0; g = gml_g_r (vm, g)->allnext)
    {
      guint64 *key = g_new (guint64, 1), cached = g;

      *key = gml_g_r (vm, g)->goid;
      g_hash_table_insert (distances, key, GSIZE_TO_POINTER (gml_timeline_replay_distance (vm, *key, &cached)));
    }
}

static void
collect_goroutines (GmlState *s)
{
  for (guint64 g = s->vm->rt.allgs; g != 0; g = gml_g_r (s->vm, g)->allnext)
    {
      GInfo info = { g, 0, NULL };

      if (gml_g_r (s->vm, g)->status != GML_G_DEAD)
        g_array_append_val (s->gs, info);
    }
}

/* Frames are walked on first use: a seek only pays for the goroutines
 * somebody looks at (a stack overflow has millions of frames). */
static GInfo *
ginfo (GmlState *s,
       guint     index)
{
  GInfo *info = &g_array_index (s->gs, GInfo, index);

  if (info->frames == NULL)
    {
      GmlFrame f;

      info->frames = g_array_new (FALSE, FALSE, sizeof (GmlFrame));
      if (gml_frame_first (s->vm, info->g, &f))
        do
          g_array_append_val (info->frames, f);
        while (gml_frame_next (s->vm, &f) && info->frames->len < 100000);
      info->n_frames = info->frames->len;
    }
  return info;
}

GmlState *
gml_state_new (GmlTimeline *tl,
               Replay      *replay)
{
  GmlState *s = g_new0 (GmlState, 1);

  s->ref_count = 1;
  s->tl = gml_timeline_ref (tl);
  s->replay = replay;
  s->vm = replay->vm;
  s->step = replay->step;
  s->gs = g_array_new (FALSE, FALSE, sizeof (GInfo));
  collect_goroutines (s);
  return s;
}

GmlState *
gml_state_ref (GmlState *state)
{
  state->ref_count++;
  return state;
}

void
gml_state_unref (GmlState *state)
{
  if (state == NULL || --state->ref_count > 0)
    return;
  for (guint i = 0; i < state->gs->len; i++)
    if (g_array_index (state->gs, GInfo, i).frames != NULL)
      g_array_unref (g_array_index (state->gs, GInfo, i).frames);
  g_array_unref (state->gs);
  if (state->grey != NULL)
    g_hash_table_unref (state->grey);
  if (state->globals != NULL)
    g_ptr_array_unref (state->globals);
  gml_timeline_replay_release (state->tl, state->replay);
  gml_timeline_unref (state->tl);
  g_free (state);
}

guint64
gml_state_step (GmlState *state)
{
  return state->step;
}

gboolean
gml_state_exited (GmlState *state,
                  int      *exit_code)
{
  if (exit_code != NULL)
    *exit_code = state->vm->rt.exit_code;
  return state->vm->rt.exited;
}

/* The goroutine that runs the next step: the one its P is running. */
static guint64
current_g (GmlState *s)
{
  return GML_META_R (s->vm, GmlP, s->vm->rt.ps[s->vm->rt.curp])->curg;
}

static guint
frame_line (GmlState       *s,
            const GmlFrame *f,
            gboolean        innermost)
{
  guint pc = f->pc;
  guint32 stmt;

  if (f->code->stmt_of_pc == NULL || f->code->n_code == 0)
    return 0;
  /* A caller is stopped after its CALL: its statement is the call's. */
  if (!innermost && pc > 0)
    pc--;
  if (pc >= f->code->n_code)
    pc = f->code->n_code - 1;
  stmt = f->code->stmt_of_pc[pc];
  return g_array_index (s->vm->image->stmts, GmlStmtInfo, stmt).line;
}

guint
gml_state_line (GmlState *state)
{
  guint64 g = current_g (state);

  for (guint i = 0; i < state->gs->len; i++)
    {
      GInfo *info = &g_array_index (state->gs, GInfo, i);
      GmlFrame f;

      if (g != 0 && info->g != g)
        continue;
      if (gml_frame_first (state->vm, info->g, &f))
        return frame_line (state, &f, TRUE);
    }
  return 0;
}

guint
gml_state_n_goroutines (GmlState *state)
{
  return state->gs->len;
}

static GmlStateGStatus
map_status (guint32 status)
{
  switch (status)
    {
    case GML_G_RUNNING:  return GML_STATE_G_RUNNING;
    case GML_G_WAITING:  return GML_STATE_G_WAITING;
    case GML_G_DEAD:     return GML_STATE_G_DEAD;
    default:             return GML_STATE_G_RUNNABLE;
    }
}

void
gml_state_goroutine (GmlState          *state,
                     guint              index,
                     GmlStateGoroutine *out)
{
  GInfo *info = ginfo (state, index);
  GmlG g = *gml_g_r (state->vm, info->g);
  const GmlCode *entry = g_ptr_array_index (state->vm->image->codes, g.start_code);

  memset (out, 0, sizeof *out);
  out->goid = g.goid;
  out->status = map_status (g.status);
  out->wait_reason = g.status == GML_G_WAITING ? gml_wait_reason_string ((GmlWaitReason) g.wait_reason) : "";
  out->p = g.p;
  out->stack_lo = g.stack_lo;
  out->stack_hi = g.stack_hi;
  out->n_frames = info->n_frames;
  if (info->n_frames > 0)
    {
      GmlFrame *f = &g_array_index (info->frames, GmlFrame, 0);

      out->sp = f->fp - (guint64) f->code->frame_size;
    }
  out->current = info->g == current_g (state);
  if (out->current)
    out->status = GML_STATE_G_RUNNING;
  out->parent_goid = g.parent_goid;
  out->entry = entry != NULL ? entry->name : "";
  out->system = info->g == state->vm->rt.fing;
}

void
gml_state_frame (GmlState      *state,
                 guint          goroutine,
                 guint          frame,
                 GmlStateFrame *out)
{
  GInfo *info = ginfo (state, goroutine);
  GmlFrame *f = &g_array_index (info->frames, GmlFrame, frame);
  guint line = frame_line (state, f, frame == 0);

  memset (out, 0, sizeof *out);
  out->name = f->code->name;
  out->short_name = f->code->short_name != NULL ? f->code->short_name : f->code->name;
  out->func = f->code->func;
  out->line = line;
  out->fp = f->fp;
  out->sp = f->fp - (guint64) f->code->frame_size;
  out->args = f->fp + 16;
  out->args_size = (guint64) f->code->args_size;
  for (guint i = 0; i < f->code->n_slots; i++)
    if (f->code->slots[i].var != NULL && f->pc >= f->code->slots[i].scope_start
        && f->pc <= f->code->slots[i].scope_end)
      out->n_vars++;
}

void
gml_state_var (GmlState    *state,
               guint        goroutine,
               guint        frame,
               guint        index,
               GmlStateVar *out)
{
  GInfo *info = ginfo (state, goroutine);
  GmlFrame *f = &g_array_index (info->frames, GmlFrame, frame);
  guint n = 0;

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < f->code->n_slots; i++)
    {
      const GmlSlot *sl = &f->code->slots[i];

      if (sl->var == NULL || f->pc < sl->scope_start || f->pc > sl->scope_end)
        continue;
      if (n++ != index)
        continue;
      out->var = sl->var;
      out->name = sl->var->name;
      out->type = sl->var->type;
      out->slot = f->fp + (guint64) (gint64) sl->offset;
      out->moved_to_heap = sl->heap_ptr;
      out->addr = sl->heap_ptr ? gml_mem_get_u64 (state->vm->mem, out->slot) : out->slot;
      out->is_param = (sl->var->flags & (GML_VAR_PARAM | GML_VAR_RECEIVER)) != 0;
      out->is_result = (sl->var->flags & GML_VAR_RESULT) != 0;
      out->live = TRUE;
      return;
    }
}

gboolean
gml_state_stack_object (GmlState *state,
                        guint     goroutine,
                        guint     frame,
                        guint     index,
                        guint64  *addr,
                        GmlType **type)
{
  GInfo *info = ginfo (state, goroutine);
  GmlFrame *f = &g_array_index (info->frames, GmlFrame, frame);
  guint n = 0;

  for (guint i = 0; i < f->code->n_slots; i++)
    {
      const GmlSlot *sl = &f->code->slots[i];

      if (!sl->stack_object || sl->type == NULL || n++ != index)
        continue;
      *addr = f->fp + (guint64) (gint64) sl->offset;
      *type = sl->type;
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Globals                                                             */

static gint
compare_by_position (gconstpointer a,
                     gconstpointer b)
{
  const GmlObject *x = *(GmlObject * const *) a, *y = *(GmlObject * const *) b;

  if (x->pos.line != y->pos.line)
    return x->pos.line < y->pos.line ? -1 : 1;
  return x->pos.col < y->pos.col ? -1 : (x->pos.col > y->pos.col);
}

static GPtrArray *
main_globals (GmlState *state)
{
  if (state->globals == NULL)
    {
      GmlPackage *pkg = state->vm->image->program->main_pkg;

      state->globals = g_ptr_array_new ();
      for (guint i = 0; pkg != NULL && i < pkg->globals->len; i++)
        {
          GmlObject *v = g_ptr_array_index (pkg->globals, i);

          if (v->name != NULL && !(v->flags & GML_VAR_BLANK) && strcmp (v->name, "_") != 0)
            g_ptr_array_add (state->globals, v);
        }
      g_ptr_array_sort (state->globals, compare_by_position);
    }
  return state->globals;
}

guint
gml_state_n_globals (GmlState *state)
{
  return main_globals (state)->len;
}

void
gml_state_global (GmlState    *state,
                  guint        index,
                  GmlStateVar *out)
{
  GPtrArray *globals = main_globals (state);
  GmlObject *v;

  memset (out, 0, sizeof *out);
  g_return_if_fail (index < globals->len);
  v = g_ptr_array_index (globals, index);
  out->var = v;
  out->name = v->name;
  out->type = v->type;
  out->addr = state->vm->image->data_base + (guint64) v->u.var.offset;
  out->slot = out->addr;
  out->live = TRUE;
  out->is_global = TRUE;
}

gboolean
gml_state_find_global (GmlState    *state,
                       const char  *name,
                       GmlStateVar *out)
{
  GPtrArray *globals = main_globals (state);

  for (guint i = 0; i < globals->len; i++)
    if (strcmp (((GmlObject *) g_ptr_array_index (globals, i))->name, name) == 0)
      {
        gml_state_global (state, i, out);
        return TRUE;
      }
  memset (out, 0, sizeof *out);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* GC                                                                  */

void
gml_state_gc (GmlState   *state,
              GmlStateGc *out)
{
  const GmlRt *rt = &state->vm->rt;

  memset (out, 0, sizeof *out);
  out->phase = gml_gc_phase_name ((GmlGcPhase) rt->gc_phase);
  out->phase_id = rt->gc_phase;
  out->stop_the_world = gml_gc_phase_is_stw ((GmlGcPhase) rt->gc_phase);
  out->cycle = rt->gc_cycle;
  out->numgc = rt->numgc;
  out->heap_live = rt->heap_live;
  out->heap_goal = rt->heap_goal;
  out->trigger = rt->trigger;
  out->heap_marked = rt->heap_marked;
  out->heap_alloc = rt->heap_alloc;
  out->heap_inuse = rt->heap_inuse;
  out->heap_objects = rt->nmalloc - rt->nfree;
  out->stack_inuse = rt->stack_inuse;
  out->mallocs = rt->nmalloc;
  out->frees = rt->nfree;
  out->total_alloc = rt->total_alloc;
  out->pause_total_ns = rt->pause_total_ns;
  if (rt->numgc > 0)
    out->last_pause_ns = gml_mem_get_u64 (state->vm->mem, rt->pause_ns + ((rt->numgc + 255) % 256) * 8);
  out->grey = rt->grey_count;
  out->gogc = rt->gcpercent;
  out->memory_limit = rt->memory_limit;
  out->nprocs = rt->nprocs;
  out->nanotime = rt->nanotime;
}

/* ------------------------------------------------------------------ */
/* Spans and objects                                                   */

static int
span_compare (gconstpointer a,
              gconstpointer b)
{
  const GmlStateSpan *x = a, *y = b;

  return x->base < y->base ? -1 : (x->base > y->base ? 1 : 0);
}

static void
span_info (GmlVm        *vm,
           guint64       rec,
           GmlStateSpan *out)
{
  const GmlSpan *s = GML_META_R (vm, GmlSpan, rec);

  memset (out, 0, sizeof *out);
  out->addr = rec;
  out->base = s->base;
  out->npages = s->npages;
  out->kind = s->state == GML_SPAN_STACK ? GML_STATE_SPAN_STACK : GML_STATE_SPAN_HEAP;
  out->sizeclass = gml_span_class_size (s->spanclass);
  out->noscan = gml_span_class_noscan (s->spanclass);
  out->elemsize = s->elemsize;
  out->nelems = s->nelems;
  out->swept = s->sweepgen == vm->rt.sweepgen;
  if (s->state == GML_SPAN_IN_USE)
    for (guint32 i = 0; i < s->nelems; i++)
      if (i < s->freeindex || gml_bitmap_get (vm, s->allocbits, i))
        out->allocated++;
}

void
gml_state_foreach_span (GmlState         *state,
                        GmlStateSpanFunc  func,
                        gpointer          data)
{
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (GmlStateSpan));

  for (guint64 rec = state->vm->rt.allspans; rec != 0; rec = GML_META_R (state->vm, GmlSpan, rec)->allnext)
    {
      GmlStateSpan sp;

      if (GML_META_R (state->vm, GmlSpan, rec)->state == GML_SPAN_FREE)
        continue;
      span_info (state->vm, rec, &sp);
      g_array_append_val (spans, sp);
    }
  g_array_sort (spans, span_compare);
  for (guint i = 0; i < spans->len; i++)
    func (&g_array_index (spans, GmlStateSpan, i), data);
}

static GHashTable *
grey_set (GmlState *state)
{
  if (state->grey == NULL)
    {
      state->grey = g_hash_table_new (g_direct_hash, g_direct_equal);
      gml_gc_collect_grey (state->vm, state->grey);
    }
  return state->grey;
}

static void
object_info (GmlState       *state,
             guint64         rec,
             guint32         i,
             GmlStateObject *out)
{
  GmlVm *vm = state->vm;
  const GmlSpan *s = GML_META_R (vm, GmlSpan, rec);
  GmlObjInfo info;
  gboolean marking = vm->rt.gc_phase == 2 || vm->rt.gc_phase == 3;

  memset (out, 0, sizeof *out);
  out->addr = s->base + (guint64) i * s->elemsize;
  out->size = s->elemsize;
  out->span = rec;
  out->sizeclass = gml_span_class_size (s->spanclass);
  out->noscan = gml_span_class_noscan (s->spanclass);
  out->marked = gml_bitmap_get (vm, s->markbits, i);
  gml_mem_read (vm->mem, s->objinfo + (guint64) i * sizeof info, &info, sizeof info);
  out->tiny_block = info.type_id == G_MAXUINT32;
  out->type = info.type_id != 0 && !out->tiny_block ? gml_vm_type (vm, info.type_id) : NULL;
  out->count = info.count;
  if (!marking || !out->marked)
    out->color = GML_STATE_COLOR_WHITE;
  else if (g_hash_table_contains (grey_set (state), GSIZE_TO_POINTER (out->addr)))
    out->color = GML_STATE_COLOR_GREY;
  else
    out->color = GML_STATE_COLOR_BLACK;
}

void
gml_state_foreach_object (GmlState           *state,
                          guint64             span,
                          GmlStateObjectFunc  func,
                          gpointer            data)
{
  GmlVm *vm = state->vm;

  if (span == 0)
    {
      g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (GmlStateSpan));

      for (guint64 rec = vm->rt.allspans; rec != 0; rec = GML_META_R (vm, GmlSpan, rec)->allnext)
        if (GML_META_R (vm, GmlSpan, rec)->state == GML_SPAN_IN_USE)
          {
            GmlStateSpan sp = { 0 };

            sp.addr = rec;
            sp.base = GML_META_R (vm, GmlSpan, rec)->base;
            g_array_append_val (spans, sp);
          }
      g_array_sort (spans, span_compare);
      for (guint i = 0; i < spans->len; i++)
        gml_state_foreach_object (state, g_array_index (spans, GmlStateSpan, i).addr, func, data);
      return;
    }
  {
    GmlSpan s = *GML_META_R (vm, GmlSpan, span);

    if (s.state != GML_SPAN_IN_USE)
      return;
    for (guint32 i = 0; i < s.nelems; i++)
      if (i < s.freeindex || gml_bitmap_get (vm, s.allocbits, i))
        {
          GmlStateObject o;

          object_info (state, span, i, &o);
          func (&o, data);
        }
  }
}

static void
count_object (const GmlStateObject *o,
              gpointer              data)
{
  (*(guint64 *) data)++;
}

guint64
gml_state_n_objects (GmlState *state)
{
  guint64 n = 0;

  gml_state_foreach_object (state, 0, count_object, &n);
  return n;
}

gboolean
gml_state_find_object (GmlState       *state,
                       guint64         addr,
                       GmlStateObject *out)
{
  guint64 base, span;
  guint32 index;

  if (!gml_heap_find_object (state->vm, addr, &base, &span, &index))
    return FALSE;
  object_info (state, span, index, out);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

void
gml_state_foreach_pointer (GmlState            *state,
                           GmlType             *type,
                           guint64              addr,
                           GmlStatePointerFunc  func,
                           gpointer             data)
{
  const guint8 *mask;
  guint n;

  if (type == NULL || !type->has_pointers)
    return;
  n = gml_type_ptrmask (state->vm->image->program->types, type, &mask);
  for (guint w = 0; w < n; w++)
    if (mask[w / 8] & (1u << (w % 8)))
      {
        guint64 p = gml_mem_get_u64 (state->vm->mem, addr + (guint64) w * 8);

        /* Interface type words point at read-only data: not arrows. */
        if (p >= GML_ARENA_BASE && p < state->vm->rt.arena_end)
          func ((guint64) w * 8, p, data);
      }
}

gboolean
gml_state_len (GmlState *state,
               GmlType  *type,
               guint64   addr,
               gboolean  cap,
               gint64   *out)
{
  GmlVm *vm = state->vm;
  GmlType *u;

  *out = 0;
  if (type == NULL)
    return FALSE;
  u = gml_type_underlying (type);
  switch (u->kind)
    {
    case GML_TYPE_SLICE:
      *out = (gint64) gml_mem_get_u64 (vm->mem, addr + (cap ? 16 : 8));
      return TRUE;
    case GML_TYPE_ARRAY:
      *out = u->u.array.len;
      return TRUE;
    case GML_TYPE_CHAN:
      *out = gml_chan_len (vm, gml_mem_get_u64 (vm->mem, addr), cap);
      return TRUE;
    case GML_TYPE_STRING:
      if (cap)
        return FALSE;
      *out = (gint64) gml_mem_get_u64 (vm->mem, addr + 8);
      return TRUE;
    case GML_TYPE_MAP:
      if (cap)
        return FALSE;
      *out = gml_map_len (vm, gml_mem_get_u64 (vm->mem, addr));
      return TRUE;
    default:
      return FALSE;
    }
}

/* Reachability: heap objects are scanned with their own types (what the
 * allocation recorded); values outside the heap with the static type of
 * the pointer that led there. */
typedef struct
{
  GmlState   *state;
  GHashTable *objects;   /* heap object addresses (guint64*) */
  GHashTable *values;    /* visited non-heap addresses */
  GQueue      queue;     /* GmlStateObject* to scan */
} Reach;

static void reach_value (Reach   *r,
                         GmlType *type,
                         guint64  addr,
                         guint    depth);

/* A goroutine stack or the data segment: memory a pointer may lead to
 * that is not a heap object. */
static gboolean
is_stack_or_data (GmlState *state,
                  guint64   addr)
{
  const GmlImage *image = state->vm->image;

  if (addr >= image->data_base && addr < image->data_base + image->data_size)
    return TRUE;
  for (guint i = 0; i < state->gs->len; i++)
    {
      const GmlG *g = gml_g_r (state->vm, g_array_index (state->gs, GInfo, i).g);

      if (addr >= g->stack_lo && addr < g->stack_hi)
        return TRUE;
    }
  return FALSE;
}

/* Follows a pointer to `count` values of `type` (NULL: unknown). */
static void
reach_target (Reach   *r,
              guint64  target,
              GmlType *type,
              gint64   count,
              guint    depth)
{
  GmlStateObject o;

  if (target == 0)
    return;
  if (gml_state_find_object (r->state, target, &o))
    {
      if (!g_hash_table_contains (r->objects, &o.addr))
        {
          g_hash_table_add (r->objects, g_memdup2 (&o.addr, sizeof o.addr));
          g_queue_push_tail (&r->queue, g_memdup2 (&o, sizeof o));
        }
      return;
    }
  if (type == NULL || type->size <= 0 || !type->has_pointers || !is_stack_or_data (r->state, target)
      || g_hash_table_contains (r->values, GSIZE_TO_POINTER (target)))
    return;
  g_hash_table_add (r->values, GSIZE_TO_POINTER (target));
  for (gint64 i = 0; i < count && i < 4096; i++)
    reach_value (r, type, target + (guint64) (i * type->size), depth + 1);
}

static void
reach_heap_pointer (guint64  offset,
                    guint64  target,
                    gpointer data)
{
  reach_target (data, target, NULL, 0, 0);
}

/* The pointer words of a value outside the heap, by its static type. */
static void
reach_value (Reach   *r,
             GmlType *type,
             guint64  addr,
             guint    depth)
{
  GmlMem *mem = r->state->vm->mem;
  GmlType *u = gml_type_underlying (type);

  if (depth > 64 || !type->has_pointers)
    return;
  switch (u->kind)
    {
    case GML_TYPE_POINTER:
      reach_target (r, gml_mem_get_u64 (mem, addr), u->u.pointer.elem, 1, depth);
      break;
    case GML_TYPE_SLICE:
      reach_target (r, gml_mem_get_u64 (mem, addr), u->u.slice.elem,
                    (gint64) gml_mem_get_u64 (mem, addr + 16), depth);
      break;
    case GML_TYPE_STRING:
      reach_target (r, gml_mem_get_u64 (mem, addr), NULL, 0, depth);
      break;
    case GML_TYPE_CHAN:
    case GML_TYPE_FUNC:
      reach_target (r, gml_mem_get_u64 (mem, addr), NULL, 0, depth);
      break;
    case GML_TYPE_MAP:
      {
        guint64 hmap = gml_mem_get_u64 (mem, addr);

        /* A map that does not escape has its header in the frame: its
         * buckets (and overflow record) are on the heap. */
        if (hmap != 0 && !gml_state_find_object (r->state, hmap, &(GmlStateObject) { 0 })
            && is_stack_or_data (r->state, hmap))
          {
            reach_target (r, gml_mem_get_u64 (mem, hmap + 16), NULL, 0, depth);
            reach_target (r, gml_mem_get_u64 (mem, hmap + 24), NULL, 0, depth);
            reach_target (r, gml_mem_get_u64 (mem, hmap + 40), NULL, 0, depth);
          }
        else
          reach_target (r, hmap, NULL, 0, depth);
      }
      break;
    case GML_TYPE_INTERFACE:
      {
        guint64 tab = gml_mem_get_u64 (mem, addr);
        const GmlImage *image = r->state->vm->image;
        GmlType *dyn = NULL;

        if (tab == 0)
          break;
        if (u->u.iface.n_methods == 0)
          dyn = gml_image_type_at (image, tab);
        else if (gml_image_itab_at (image, tab) != NULL)
          dyn = gml_image_itab_at (image, tab)->type;
        if (dyn == NULL)
          break;
        if (gml_type_is_pointer_shaped (dyn))
          reach_value (r, dyn, addr + 8, depth + 1);
        else
          reach_target (r, gml_mem_get_u64 (mem, addr + 8), dyn, 1, depth);
      }
      break;
    case GML_TYPE_STRUCT:
      for (guint i = 0; i < u->u.strukt.n_fields; i++)
        reach_value (r, u->u.strukt.fields[i].type, addr + (guint64) u->u.strukt.fields[i].offset, depth + 1);
      break;
    case GML_TYPE_ARRAY:
      for (gint64 i = 0; i < u->u.array.len && i < 4096; i++)
        reach_value (r, u->u.array.elem, addr + (guint64) (i * u->u.array.elem->size), depth + 1);
      break;
    default:
      break;
    }
}

static gint
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

GArray *
gml_state_reachable_objects (GmlState *state,
                             GmlType  *type,
                             guint64   addr)
{
  Reach r = { state, g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL),
              g_hash_table_new (g_direct_hash, g_direct_equal), G_QUEUE_INIT };
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint64));
  GmlStateObject *o;
  GHashTableIter iter;
  gpointer key;

  if (type != NULL)
    {
      /* A variable moved to the heap is an object itself. */
      if (gml_state_find_object (state, addr, &(GmlStateObject) { 0 }))
        reach_target (&r, addr, NULL, 0, 0);
      else
        reach_value (&r, type, addr, 0);
    }
  while ((o = g_queue_pop_head (&r.queue)) != NULL)
    {
      if (o->type != NULL && o->type->size > 0 && o->type->has_pointers)
        for (guint32 i = 0; i < MAX (o->count, 1); i++)
          gml_state_foreach_pointer (state, o->type, o->addr + (guint64) i * (guint64) o->type->size,
                                     reach_heap_pointer, &r);
      g_free (o);
    }
  g_hash_table_iter_init (&iter, r.objects);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (out, *(guint64 *) key);
  g_array_sort (out, compare_u64);
  g_hash_table_unref (r.objects);
  g_hash_table_unref (r.values);
  return out;
}

void
gml_state_read (GmlState *state,
                guint64   addr,
                void     *buf,
                gsize     len)
{
  gml_mem_read (state->vm->mem, addr, buf, len);
}

/* Labels never run Go code (no String methods): a state is read-only. */
static void
label_value (GmlState *state,
             GString  *out,
             GmlType  *type,
             guint64   addr,
             guint     depth);

static void
label_number (GmlState *state,
              GString  *out,
              GmlType  *u,
              guint64   addr)
{
  GmlVm *vm = state->vm;

  switch (u->kind)
    {
    case GML_TYPE_BOOL:    g_string_append (out, gml_mem_get_u8 (vm->mem, addr) ? "true" : "false"); break;
    case GML_TYPE_INT8:    g_string_append_printf (out, "%d", gml_mem_get_i8 (vm->mem, addr)); break;
    case GML_TYPE_INT16:   g_string_append_printf (out, "%d", gml_mem_get_i16 (vm->mem, addr)); break;
    case GML_TYPE_INT32:   g_string_append_printf (out, "%d", gml_mem_get_i32 (vm->mem, addr)); break;
    case GML_TYPE_UINT8:   g_string_append_printf (out, "%u", gml_mem_get_u8 (vm->mem, addr)); break;
    case GML_TYPE_UINT16:  g_string_append_printf (out, "%u", gml_mem_get_u16 (vm->mem, addr)); break;
    case GML_TYPE_UINT32:  g_string_append_printf (out, "%u", gml_mem_get_u32 (vm->mem, addr)); break;
    case GML_TYPE_UINT: case GML_TYPE_UINT64: case GML_TYPE_UINTPTR:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, gml_mem_get_u64 (vm->mem, addr));
      break;
    case GML_TYPE_FLOAT32: gml_format_float (out, gml_mem_get_f32 (vm->mem, addr), 'g', -1, 32); break;
    case GML_TYPE_FLOAT64: gml_format_float (out, gml_mem_get_f64 (vm->mem, addr), 'g', -1, 64); break;
    default:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, gml_mem_get_i64 (vm->mem, addr));
      break;
    }
}

static void
label_pointer (GString *out,
               guint64  p)
{
  if (p == 0)
    g_string_append (out, "nil");
  else
    g_string_append_printf (out, "0x%" G_GINT64_MODIFIER "x", p);
}

static void
label_value (GmlState *state,
             GString  *out,
             GmlType  *type,
             guint64   addr,
             guint     depth)
{
  GmlVm *vm = state->vm;
  GmlType *u = gml_type_underlying (type);

  if (depth > 3 || out->len > 400)
    {
      g_string_append (out, "…");
      return;
    }
  switch (u->kind)
    {
    case GML_TYPE_STRING:
      {
        guint64 n = gml_mem_get_u64 (vm->mem, addr + 8);
        gsize take = (gsize) MIN (n, 64);
        g_autofree char *buf = g_malloc (take + 1);

        gml_mem_read (vm->mem, gml_mem_get_u64 (vm->mem, addr), buf, take);
        gml_quote_string (out, buf, take, FALSE);
        if (take < n)
          g_string_append (out, "…");
      }
      break;
    case GML_TYPE_POINTER: case GML_TYPE_MAP: case GML_TYPE_CHAN: case GML_TYPE_FUNC:
      label_pointer (out, gml_mem_get_u64 (vm->mem, addr));
      break;
    case GML_TYPE_SLICE:
      if (gml_mem_get_u64 (vm->mem, addr) == 0)
        g_string_append (out, "nil");
      else
        g_string_append_printf (out, "len %" G_GUINT64_FORMAT " cap %" G_GUINT64_FORMAT,
                                gml_mem_get_u64 (vm->mem, addr + 8), gml_mem_get_u64 (vm->mem, addr + 16));
      break;
    case GML_TYPE_INTERFACE:
      {
        guint64 tab = gml_mem_get_u64 (vm->mem, addr);
        guint64 data = gml_mem_get_u64 (vm->mem, addr + 8);
        GmlType *dyn = NULL;

        if (tab == 0)
          {
            g_string_append (out, "nil");
            break;
          }
        if (u->u.iface.n_methods == 0)
          dyn = gml_image_type_at (vm->image, tab);
        else if (gml_image_itab_at (vm->image, tab) != NULL)
          dyn = gml_image_itab_at (vm->image, tab)->type;
        if (dyn == NULL)
          {
            g_string_append (out, "?");   /* not (yet) an interface value */
            break;
          }
        /* A non-nil interface holding a nil pointer is not nil. */
        if (gml_type_is_pointer_shaped (dyn) && data == 0)
          {
            g_autofree char *name = gml_type_string (dyn, GML_TYPE_STRING_ERROR);

            g_string_append_printf (out, "(%s)(nil)", name);
            break;
          }
        label_value (state, out, dyn, gml_type_is_pointer_shaped (dyn) ? addr + 8 : data, depth + 1);
      }
      break;
    case GML_TYPE_STRUCT:
      g_string_append_c (out, '{');
      for (guint i = 0; i < u->u.strukt.n_fields; i++)
        {
          if (i > 0)
            g_string_append_c (out, ' ');
          label_value (state, out, u->u.strukt.fields[i].type, addr + (guint64) u->u.strukt.fields[i].offset, depth + 1);
        }
      g_string_append_c (out, '}');
      break;
    case GML_TYPE_ARRAY:
      g_string_append_c (out, '[');
      for (gint64 i = 0; i < u->u.array.len && i < 8; i++)
        {
          if (i > 0)
            g_string_append_c (out, ' ');
          label_value (state, out, u->u.array.elem, addr + (guint64) (i * u->u.array.elem->size), depth + 1);
        }
      if (u->u.array.len > 8)
        g_string_append (out, " …");
      g_string_append_c (out, ']');
      break;
    default:
      label_number (state, out, u, addr);
      break;
    }
}

char *
gml_state_format_value (GmlState *state,
                        GmlType  *type,
                        guint64   addr,
                        gsize     max_bytes)
{
  GString *out = g_string_new (NULL);

  if (type != NULL)
    label_value (state, out, type, addr, 0);
  if (max_bytes > 0 && out->len > max_bytes)
    {
      gsize cut = max_bytes;

      while (cut > 0 && (out->str[cut] & 0xc0) == 0x80)
        cut--;
      g_string_truncate (out, cut);
      g_string_append (out, "…");
    }
  return g_string_free (out, FALSE);
}

char *
gml_state_type_name (GmlType *type)
{
  return type != NULL ? gml_type_string (type, GML_TYPE_STRING_ERROR) : g_strdup ("");
}

char *
gml_state_describe (GmlState *state)
{
  GString *s = g_string_new (NULL);
  GmlStateGc gc;

  gml_state_gc (state, &gc);
  g_string_append_printf (s, "Step %" G_GUINT64_FORMAT ", line %u. ", state->step, gml_state_line (state));
  g_string_append_printf (s, "%u goroutine%s. ", state->gs->len, state->gs->len == 1 ? "" : "s");
  {
    /* Every goroutine when there are a few; else the running one and a
     * count of the others by state (a screen reader reads all of it). */
    gboolean all = state->gs->len <= 8;
    guint waiting = 0, runnable = 0;

    for (guint i = 0; i < state->gs->len; i++)
      {
        GInfo *info = &g_array_index (state->gs, GInfo, i);
        gboolean current = info->g == current_g (state);
        GmlStateGoroutine g;

        if (!all && !current)
          {
            if (gml_g_r (state->vm, info->g)->status == GML_G_WAITING)
              waiting++;
            else
              runnable++;
            continue;
          }
        gml_state_goroutine (state, i, &g);
        g_string_append_printf (s, "Goroutine %" G_GUINT64_FORMAT " %s%s, %u frame%s, stack %"
                                G_GUINT64_FORMAT " bytes. ", g.goid,
                                g.current ? "running" : (g.status == GML_STATE_G_WAITING ? "waiting: " : "runnable"),
                                g.wait_reason, g.n_frames, g.n_frames == 1 ? "" : "s",
                                g.stack_hi - g.stack_lo);
      }
    if (!all)
      g_string_append_printf (s, "Of the others, %u %s waiting and %u runnable. ", waiting,
                              waiting == 1 ? "is" : "are", runnable);
  }
  g_string_append_printf (s, "Heap: %" G_GUINT64_FORMAT " objects, %" G_GUINT64_FORMAT " bytes allocated. ",
                          gc.heap_objects, gc.heap_alloc);
  g_string_append_printf (s, "Garbage collector: %s, %u cycle%s completed.", gc.phase, gc.numgc,
                          gc.numgc == 1 ? "" : "s");
  return g_string_free (s, FALSE);
}
