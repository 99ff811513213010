/* gml-escape-graph.c: the data-flow graph and its solver (Go 1.19's
 * escape/graph.go, solve.go and leaks.go): leak sets, locations, holes
 * with their dereference counts, flows, and walkAll/walkOne, which find
 * every location whose address reaches something that outlives it.
 */
#include "gml-escape-private.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* Leak sets (leaks.go)                                                */

static int
leaks_get (const EscLeaks *l,
           guint           i)
{
  return (int) l->v[i] - 1;
}

static void
leaks_set (EscLeaks *l,
           guint     i,
           int       derefs)
{
  int v = derefs + 1;

  l->v[i] = (guint8) CLAMP (v, 0, G_MAXUINT8);
}

static void
leaks_add (EscLeaks *l,
           guint     i,
           int       derefs)
{
  int old = leaks_get (l, i);

  if (old < 0 || derefs < old)
    leaks_set (l, i, derefs);
}

int
esc_leaks_heap (const EscLeaks *l)
{
  return leaks_get (l, 0);
}

int
esc_leaks_result (const EscLeaks *l,
                  guint           i)
{
  return leaks_get (l, 1 + i);
}

void
esc_leaks_add_heap (EscLeaks *l,
                    int       derefs)
{
  leaks_add (l, 0, derefs);
}

void
esc_leaks_add_result (EscLeaks *l,
                      guint     i,
                      int       derefs)
{
  leaks_add (l, 1 + i, derefs);
}

/* Flows to results that are no shorter than the shortest flow to the
 * heap add nothing. */
void
esc_leaks_optimize (EscLeaks *l)
{
  int x = esc_leaks_heap (l);

  if (x < 0)
    return;
  for (guint i = 0; i < ESC_N_RESULTS; i++)
    if (esc_leaks_result (l, i) >= x)
      leaks_set (l, 1 + i, -1);
}

gboolean
esc_leaks_empty (const EscLeaks *l)
{
  for (guint i = 0; i < G_N_ELEMENTS (l->v); i++)
    if (l->v[i] != 0)
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Types                                                               */

gboolean
esc_type_has_pointers (GmlType *t)
{
  return t != NULL && t->has_pointers;
}

/* types.IsDirectIface: the value is the interface's data word itself. */
gboolean
esc_type_is_direct_iface (GmlType *t)
{
  return t != NULL && gml_type_is_pointer_shaped (t);
}

/* ------------------------------------------------------------------ */
/* Locations and holes (graph.go)                                      */

EscLoc *
esc_new_loc (Esc        *e,
             EscLocKind  kind,
             gboolean    transient)
{
  EscLoc *loc = g_new0 (EscLoc, 1);

  loc->kind = kind;
  loc->fn = e->fn;
  loc->loop_depth = e->loop_depth;
  loc->transient = transient;
  loc->edges = g_array_new (FALSE, FALSE, sizeof (EscEdge));
  g_ptr_array_add (e->b->locs, loc);
  return loc;
}

void
esc_loc_free (EscLoc *loc)
{
  g_array_unref (loc->edges);
  g_clear_pointer (&loc->why, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (loc->leak_why); i++)
    g_clear_pointer (&loc->leak_why[i], g_ptr_array_unref);
  g_free (loc);
}

/* The location of a variable of the current batch; globals, blank and
 * unknown variables have none (their stores go to the heap or nowhere). */
EscLoc *
esc_var_loc (Esc       *e,
             GmlObject *var)
{
  if (var == NULL)
    return NULL;
  return g_hash_table_lookup (e->b->ctx->var_locs, var);
}

EscHole
esc_hole (EscLoc *loc)
{
  EscHole k = { loc, 0, NULL, FALSE };

  return k;
}

EscHole
esc_heap_hole (Esc *e)
{
  return esc_hole (&e->b->heap_loc);
}

EscHole
esc_discard_hole (Esc *e)
{
  return esc_hole (&e->b->blank_loc);
}

EscHole
esc_note (Esc        *e,
          EscHole     k,
          GmlNode    *where,
          const char *why)
{
  EscNote *note;

  /* Notes only serve explanations, which only the main package gets
   * (Go records them only for -m=2). */
  if (!e->b->ctx->diagnose)
    return k;
  note = gml_arena_new0 (e->b->ctx->arena, EscNote);
  note->next = k.notes;
  note->where = where;
  note->pos = where != NULL ? where->pos : GML_POS_NONE;
  note->why = why;
  k.notes = note;
  return k;
}

EscHole
esc_shift (EscHole k,
           int     delta)
{
  /* Go asserts derefs >= -1; an address of an address cannot occur. */
  k.derefs = MAX (k.derefs + delta, -1);
  k.addrtaken = delta < 0;
  return k;
}

EscHole
esc_deref (Esc        *e,
           EscHole     k,
           GmlNode    *where,
           const char *why)
{
  return esc_note (e, esc_shift (k, 1), where, why);
}

EscHole
esc_addr (Esc        *e,
          EscHole     k,
          GmlNode    *where,
          const char *why)
{
  return esc_note (e, esc_shift (k, -1), where, why);
}

/* A type assertion to a non-interface, non-pointer-shaped type loads the
 * value from the interface's data pointer. */
EscHole
esc_dot_type (Esc        *e,
              EscHole     k,
              GmlType    *t,
              GmlNode    *where,
              const char *why)
{
  if (t != NULL && !gml_type_is_interface (t) && !esc_type_is_direct_iface (t))
    k = esc_shift (k, 1);
  return esc_note (e, k, where, why);
}

void
esc_flow (EscBatch *b,
          EscHole   k,
          EscLoc   *src)
{
  EscLoc *dst = k.dst;
  EscEdge edge;

  if (src == NULL || dst == NULL)
    return;
  if (k.addrtaken)
    src->addrtaken = TRUE;
  if (dst == &b->blank_loc)
    return;
  if (dst == src && k.derefs >= 0)
    return;
  if (dst->escapes && k.derefs < 0)
    {
      if (!src->escapes)
        {
          EscFlow *step = g_new0 (EscFlow, 1);

          step->dst = dst;
          step->src = src;
          step->derefs = k.derefs;
          step->notes = k.notes;
          g_clear_pointer (&src->why, g_ptr_array_unref);
          src->why = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (src->why, step);
          src->why_root = dst;
        }
      src->escapes = TRUE;
      return;
    }
  edge.src = src;
  edge.derefs = k.derefs;
  edge.notes = k.notes;
  g_array_append_val (dst->edges, edge);
}

/* A hole flowing into each of ks (Go's teeHole). */
EscHole
esc_tee (Esc     *e,
         EscHole *ks,
         guint    n)
{
  EscLoc *loc;

  if (n == 0)
    return esc_discard_hole (e);
  if (n == 1)
    return ks[0];
  loc = esc_new_loc (e, ESC_LOC_TEMP, TRUE);
  for (guint i = 0; i < n; i++)
    esc_flow (e->b, ks[i], loc);
  return esc_hole (loc);
}

/* A hole that flows into k, but some time later. */
EscHole
esc_later (Esc     *e,
           EscHole  k)
{
  EscLoc *loc = esc_new_loc (e, ESC_LOC_TEMP, FALSE);

  esc_flow (e->b, k, loc);
  return esc_hole (loc);
}

/* A new location for the storage an expression allocates; its address
 * flows to k. */
EscHole
esc_spill (Esc        *e,
           EscHole     k,
           GmlNode    *n,
           EscLocKind  kind)
{
  EscLoc *loc = esc_new_loc (e, kind, TRUE);

  loc->node = n;
  loc->pos = n != NULL ? esc_site_pos (e->b->ctx, n) : GML_POS_NONE;
  esc_flow (e->b, esc_addr (e, k, n, "spill"), loc);
  return esc_hole (loc);
}

/* ------------------------------------------------------------------ */
/* Per-function data                                                   */

EscFuncData *
esc_func_data (EscCtx  *ctx,
               GmlFunc *f)
{
  EscFuncData *d;

  if (f == NULL)
    return NULL;
  if (f->escape != NULL)
    return f->escape;
  d = gml_arena_new0 (ctx->arena, EscFuncData);
  d->n_tags = (f->recv != NULL ? 1 : 0) + f->params->len;
  d->tags = gml_arena_alloc (ctx->arena, sizeof (EscLeaks) * MAX (d->n_tags, 1));
  d->tag_set = gml_arena_alloc (ctx->arena, sizeof (gboolean) * MAX (d->n_tags, 1));
  f->escape = d;
  return d;
}

EscFn *
esc_fn_of (Esc     *e,
           GmlFunc *f)
{
  return f != NULL ? g_hash_table_lookup (e->b->ctx->fn_states, f) : NULL;
}

/* Is f being analysed in this batch (its parameters are then part of the
 * graph, instead of its tags)? */
gboolean
esc_in_mutual_batch (Esc     *e,
                     GmlFunc *f)
{
  EscFuncData *d = f != NULL ? f->escape : NULL;

  return d != NULL && d->state != ESC_FN_UNKNOWN && d->state < ESC_FN_TAGGED
         && esc_fn_of (e, f) != NULL;
}

/* Is c a closure nested (at any depth) in f? */
gboolean
esc_contains_closure (EscFn *f,
                      EscFn *c)
{
  if (f == NULL || c == NULL || f == c)
    return FALSE;
  for (EscFn *o = c->outer; o != NULL; o = o->outer)
    if (o == f)
      return TRUE;
  return FALSE;
}

GmlEscapeDecision *
esc_decision_new (EscCtx               *ctx,
                  GmlEscapeDecisionKind kind,
                  GmlPos                pos,
                  gboolean              heap,
                  GmlObject            *var,
                  GmlNode              *node,
                  char                 *message)
{
  GmlEscapeDecision *d = g_new0 (GmlEscapeDecision, 1);

  d->kind = kind;
  d->pos = pos;
  d->heap = heap;
  d->var = var;
  d->node = node;
  d->message = message != NULL ? gml_arena_strndup (ctx->arena, message, strlen (message)) : NULL;
  g_free (message);
  return d;
}

/* Records a -m line of the current function (main package only);
 * returns it so that an explanation can be attached, or NULL. */
GmlEscapeDecision *
esc_add_message (Esc                  *e,
                 GmlEscapeDecisionKind kind,
                 GmlPos                pos,
                 gboolean              heap,
                 GmlObject            *var,
                 GmlNode              *node,
                 char                 *message)
{
  GmlEscapeDecision *d;

  if (!e->b->ctx->diagnose || e->fn == NULL)
    {
      g_free (message);
      return NULL;
    }
  d = esc_decision_new (e->b->ctx, kind, pos, heap, var, node, message);
  g_ptr_array_add (e->fn->msgs, d);
  return d;
}

/* ------------------------------------------------------------------ */
/* The solver (solve.go)                                               */

/* Do values stored in l outlive other, were other on the stack? */
static gboolean
outlives (EscLoc *l,
          EscLoc *other)
{
  if (l->escapes)
    return TRUE;
  /* Results may flow anywhere in the caller, except from a closure that
   * is called on the spot to a location of its enclosing function. */
  if (l->is_result)
    {
      if (esc_contains_closure (other->fn, l->fn) && l->fn->closure_called)
        return FALSE;
      return TRUE;
    }
  if (l->fn == other->fn && l->loop_depth < other->loop_depth)
    return TRUE;
  return esc_contains_closure (l->fn, other->fn);
}

/* Parameter l's value flows to root: record it for the tag. */
static void
leak_to (EscBatch *b,
         EscLoc   *l,
         EscLoc   *sink,
         int       derefs)
{
  if (!sink->escapes && sink->is_result && sink->fn == l->fn)
    {
      guint ri = (guint) (sink->result_index - 1);

      if (ri < ESC_N_RESULTS)
        {
          if (esc_leaks_result (&l->param_esc, ri) < 0 || derefs < esc_leaks_result (&l->param_esc, ri))
            esc_record_leak (b, sink, l, 1 + ri);
          esc_leaks_add_result (&l->param_esc, ri, derefs);
          return;
        }
    }
  if (esc_leaks_heap (&l->param_esc) < 0 || derefs < esc_leaks_heap (&l->param_esc))
    esc_record_leak (b, sink, l, 0);
  esc_leaks_add_heap (&l->param_esc, derefs);
}

typedef struct
{
  GPtrArray *todo;
} WalkQueue;

static void
enqueue (WalkQueue *q,
         EscLoc    *loc)
{
  if (loc->queued)
    return;
  g_ptr_array_add (q->todo, loc);
  loc->queued = TRUE;
}

/* The minimal dereferences from root to every location (Bellman-Ford;
 * dereference counts are bounded below by 0 along the way). */
static void
walk_one (EscBatch  *b,
          EscLoc    *root,
          guint      walkgen,
          WalkQueue *q)
{
  g_autoptr (GPtrArray) todo = g_ptr_array_new ();

  root->walkgen = walkgen;
  root->derefs = 0;
  root->dst = NULL;
  g_ptr_array_add (todo, root);
  while (todo->len > 0)
    {
      EscLoc *l = g_ptr_array_steal_index_fast (todo, todo->len - 1);
      int derefs = l->derefs;
      gboolean address_of = derefs < 0;

      if (address_of)
        {
          /* "root = &l; l = x": l's address flows to root, x's does not. */
          derefs = 0;
          if (!root->transient && l->transient)
            {
              l->transient = FALSE;
              enqueue (q, l);
            }
        }
      if (outlives (root, l))
        {
          if (l->is_param)
            leak_to (b, l, root, derefs);
          if (address_of && !l->escapes)
            {
              esc_record_escape (b, root, l);
              l->escapes = TRUE;
              enqueue (q, l);
              continue;
            }
        }
      for (guint i = 0; i < l->edges->len; i++)
        {
          EscEdge *edge = &g_array_index (l->edges, EscEdge, i);
          int d = derefs + edge->derefs;

          if (edge->src->escapes)
            continue;
          if (edge->src->walkgen != walkgen || edge->src->derefs > d)
            {
              edge->src->walkgen = walkgen;
              edge->src->derefs = d;
              edge->src->dst = l;
              edge->src->dst_edge = i;
              g_ptr_array_add (todo, edge->src);
            }
        }
    }
}

void
esc_walk_all (EscBatch *b)
{
  WalkQueue q = { g_ptr_array_new () };
  guint walkgen = 0;

  for (guint i = 0; i < b->locs->len; i++)
    enqueue (&q, g_ptr_array_index (b->locs, i));
  enqueue (&q, &b->heap_loc);
  while (q.todo->len > 0)
    {
      EscLoc *root = g_ptr_array_steal_index_fast (q.todo, q.todo->len - 1);

      root->queued = FALSE;
      walk_one (b, root, ++walkgen, &q);
    }
  g_ptr_array_unref (q.todo);
}

