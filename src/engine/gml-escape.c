/* gml-escape.c: escape analysis, after Go 1.19's cmd/compile/internal/escape.
 *
 * This file holds the graph (locations, holes, edges), the solver
 * (walkAll / walkOne), the batching of functions into strongly connected
 * components, parameter leak tags (computed, or from //gml: directives on
 * natives) and the results: flags for the compiler, -m lines and
 * decisions for the UI.  The walk over statements and expressions is in
 * gml-escape-walk.c; explanations in gml-escape-explain.c.
 */
#include "gml-escape-private.h"

#include <stdlib.h>
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

static void
loc_free (EscLoc *loc)
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
  EscNote *note = gml_arena_new0 (e->b->ctx->arena, EscNote);

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
  d->message = gml_arena_strndup (ctx->arena, message, strlen (message));
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

static void
walk_all (EscBatch *b)
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

/* ------------------------------------------------------------------ */
/* Closures (escape.go flowClosure)                                    */

static void
flow_capture (EscBatch  *b,
              Esc       *e,
              EscHole    k,
              EscLoc    *loc,
              GmlType   *type,
              GmlObject *var,
              GmlNode   *where)
{
  gboolean byval;

  if (loc == NULL)
    return;
  byval = !loc->addrtaken && !loc->reassigned && type != NULL
          && gml_type_size (type) <= ESC_MAX_BYVAL_CAPTURE;
  if (var != NULL)
    {
      if (byval)
        var->flags &= ~(guint32) GML_VAR_BYREF;
      else
        var->flags |= GML_VAR_BYREF;
    }
  if (!byval)
    k = esc_addr (e, k, where, "reference");
  esc_flow (b, esc_note (e, k, where, "captured by a closure"), loc);
}

static void
flow_closures (EscBatch *b)
{
  for (guint i = 0; i < b->closures->len; i++)
    {
      EscClosure *c = &g_array_index (b->closures, EscClosure, i);
      Esc e = { b, c->k.dst->fn, 1 };

      if (c->func != NULL && c->func->captures != NULL)
        for (guint j = 0; j < c->func->captures->len; j++)
          {
            GmlObject *v = g_ptr_array_index (c->func->captures, j);

            flow_capture (b, &e, c->k, esc_var_loc (&e, v), v->type, v, c->func->decl);
          }
      for (guint j = 0; c->captures != NULL && j < c->captures->len; j++)
        {
          EscLoc *loc = g_ptr_array_index (c->captures, j);

          flow_capture (b, &e, c->k, loc, loc->tmp_type, NULL, c->k.dst->node);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Allocations that must be on the heap whatever flows (HeapAllocReason) */

static gboolean
is_small_int_const (GmlNode *n)
{
  return n != NULL && n->cval != NULL && n->cval->kind == GML_CONST_INT
         && n->cval->v.i >= G_MININT32 && n->cval->v.i <= G_MAXINT32;
}

static gint64
elem_size_of_pointer (GmlType *t)
{
  GmlType *u = t != NULL ? gml_type_underlying (t) : NULL;

  if (u == NULL || u->kind != GML_TYPE_POINTER)
    return 0;
  return gml_type_size (u->u.pointer.elem);
}

static const char *
make_slice_reason (GmlNode *call)
{
  GmlNodeList *args = &call->u.call.args;
  GmlNode *r = args->len > 2 ? args->items[2] : args->len > 1 ? args->items[1] : NULL;
  GmlType *u = gml_type_underlying (call->type);
  gint64 esize;

  if (!is_small_int_const (r))
    return "non-constant size";
  esize = gml_type_size (u->u.slice.elem);
  if (esize != 0 && (gint64) r->cval->v.i > ESC_MAX_IMPLICIT_STACK / esize)
    return "too large for stack";
  return NULL;
}

static gboolean
is_make_slice (GmlNode *n)
{
  return n->kind == GML_NODE_CALL && n->u.call.call_kind == GML_CALL_BUILTIN
         && n->u.call.builtin == GML_BUILTIN_MAKE && n->type != NULL
         && gml_type_underlying (n->type)->kind == GML_TYPE_SLICE;
}

static const char *
heap_alloc_reason (EscLoc *loc)
{
  GmlNode *n = loc->node;

  if (loc->kind == ESC_LOC_VAR || loc->kind == ESC_LOC_TMPVAR)
    {
      GmlType *t = loc->var != NULL ? loc->var->type : n != NULL ? n->type : NULL;

      if (loc->is_param || loc->is_result || t == NULL)
        return NULL;
      return gml_type_size (t) > ESC_MAX_STACK_VAR ? "too large for stack" : NULL;
    }
  if (loc->kind != ESC_LOC_SITE || n == NULL)
    return NULL;
  if (n->type != NULL && gml_type_size (n->type) > ESC_MAX_STACK_VAR)
    return "too large for stack";
  switch (n->kind)
    {
    case GML_NODE_CALL:
      if (n->u.call.call_kind == GML_CALL_BUILTIN && n->u.call.builtin == GML_BUILTIN_NEW
          && elem_size_of_pointer (n->type) > ESC_MAX_IMPLICIT_STACK)
        return "too large for stack";
      if (is_make_slice (n))
        return make_slice_reason (n);
      return NULL;
    case GML_NODE_UNARY:
    case GML_NODE_COMPOSITE_LIT:
      /* &T{...}, or an elided &T{...} inside another literal. */
      if (n->type != NULL && gml_type_underlying (n->type)->kind == GML_TYPE_POINTER
          && elem_size_of_pointer (n->type) > ESC_MAX_IMPLICIT_STACK)
        return "too large for stack";
      return NULL;
    default:
      return NULL;
    }
}

static void
flow_heap_reasons (EscBatch *b)
{
  guint n = b->locs->len;

  for (guint i = 0; i < n; i++)
    {
      EscLoc *loc = g_ptr_array_index (b->locs, i);
      const char *why = heap_alloc_reason (loc);
      Esc e = { b, loc->fn, 1 };

      if (why == NULL)
        continue;
      loc->reason = why;
      esc_flow (b, esc_addr (&e, esc_heap_hole (&e), loc->node, why), loc);
    }
}

/* ------------------------------------------------------------------ */
/* Batches: strongly connected components, bottom up (ir/scc.go)       */

typedef struct
{
  EscCtx     *ctx;
  GmlPackage *pkg;
  GHashTable *ids;      /* GmlFunc -> id (G_MAXUINT: done) */
  guint       visitgen;
  GPtrArray  *stack;
} SccVisitor;

static void analyse_batch (EscCtx *ctx, GPtrArray *fns);

static guint scc_visit (SccVisitor *v, GmlFunc *f);

typedef struct
{
  SccVisitor *v;
  guint       min;
} SccRefs;

static gboolean
is_func_lit (GmlFunc *f)
{
  return f->decl != NULL && f->decl->kind == GML_NODE_FUNC_LIT;
}

/* Hidden closures: func literals inside a function (those at package
 * level are functions of their own). */
static gboolean
is_hidden_closure (GmlFunc *f)
{
  return is_func_lit (f) && f->outer != NULL;
}

static void
scc_do (SccRefs *r,
        GmlFunc *f)
{
  guint m;

  if (f == NULL || f->pkg != r->v->pkg || f->body == NULL)
    return;
  m = scc_visit (r->v, f);
  if (m < r->min)
    r->min = m;
}

static void
scc_refs_cb (GmlNode    *child,
             const char *label,
             int         index,
             gpointer    data)
{
  SccRefs *r = data;

  if (child->kind == GML_NODE_FUNC_LIT)
    {
      scc_do (r, child->u.func_lit.func);
      return;
    }
  if (child->kind == GML_NODE_IDENT && child->u.ident.obj != NULL
      && child->u.ident.obj->kind == GML_OBJ_FUNC)
    scc_do (r, child->u.ident.obj->u.func.func);
  gml_node_foreach_child (child, scc_refs_cb, r);
}

static guint
scc_visit (SccVisitor *v,
           GmlFunc    *f)
{
  gpointer found;
  guint id;
  SccRefs r;

  if (g_hash_table_lookup_extended (v->ids, f, NULL, &found))
    return GPOINTER_TO_UINT (found);
  id = ++v->visitgen;
  g_hash_table_insert (v->ids, f, GUINT_TO_POINTER (id));
  r.v = v;
  r.min = ++v->visitgen;
  g_ptr_array_add (v->stack, f);
  if (f->body != NULL)
    gml_node_foreach_child (f->body, scc_refs_cb, &r);

  if ((r.min == id || r.min == id + 1) && !is_hidden_closure (f))
    {
      g_autoptr (GPtrArray) block = g_ptr_array_new ();
      guint i;

      for (i = v->stack->len; i > 0; i--)
        {
          GmlFunc *x = g_ptr_array_index (v->stack, i - 1);

          g_hash_table_insert (v->ids, x, GUINT_TO_POINTER (G_MAXUINT));
          if (x == f)
            break;
        }
      for (guint j = i - 1; j < v->stack->len; j++)
        g_ptr_array_add (block, g_ptr_array_index (v->stack, j));
      g_ptr_array_set_size (v->stack, i - 1);
      analyse_batch (v->ctx, block);
    }
  return r.min;
}

/* ------------------------------------------------------------------ */
/* Directives and natives                                              */

static int
param_index (GmlFunc    *f,
             const char *name)
{
  guint base = f->recv != NULL ? 1 : 0;

  if (f->recv != NULL && strcmp (f->recv->name, name) == 0)
    return 0;
  for (guint i = 0; i < f->params->len; i++)
    {
      GmlObject *p = g_ptr_array_index (f->params, i);

      if (strcmp (p->name, name) == 0)
        return (int) (base + i);
    }
  return -1;
}

/* One TAG of "NAME=TAG,TAG": none, heap, content, heap:N, result:I[:N]. */
static gboolean
parse_tag (const char *tag,
           EscLeaks   *l)
{
  char *end;

  if (strcmp (tag, "none") == 0)
    return TRUE;
  if (strcmp (tag, "heap") == 0)
    {
      esc_leaks_add_heap (l, 0);
      return TRUE;
    }
  if (strcmp (tag, "content") == 0)
    {
      esc_leaks_add_heap (l, 1);
      return TRUE;
    }
  if (g_str_has_prefix (tag, "heap:"))
    {
      long n = strtol (tag + 5, &end, 10);

      if (*end != '\0' || n < 0 || n > 200)
        return FALSE;
      esc_leaks_add_heap (l, (int) n);
      return TRUE;
    }
  if (g_str_has_prefix (tag, "result:"))
    {
      long i = strtol (tag + 7, &end, 10), n = 0;

      if (*end == ':')
        n = strtol (end + 1, &end, 10);
      if (*end != '\0' || i < 0 || i >= ESC_N_RESULTS || n < 0 || n > 200)
        return FALSE;
      esc_leaks_add_result (l, (guint) i, (int) n);
      return TRUE;
    }
  return FALSE;
}

static void
parse_escape_directive (GmlFunc     *f,
                        EscFuncData *d,
                        const char  *args)
{
  g_auto (GStrv) words = g_strsplit_set (args, " \t", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      char *eq = strchr (words[i], '=');
      g_auto (GStrv) tags = NULL;
      EscLeaks l = { { 0 } };
      int idx;

      if (words[i][0] == '\0')
        continue;
      if (eq == NULL)
        {
          g_warning ("%s: malformed //gml:escape tag %s", f->name, words[i]);
          continue;
        }
      *eq = '\0';
      idx = param_index (f, words[i]);
      tags = g_strsplit (eq + 1, ",", -1);
      for (guint j = 0; tags[j] != NULL; j++)
        if (!parse_tag (tags[j], &l))
          {
            g_warning ("%s: malformed //gml:escape tag %s", f->name, tags[j]);
            idx = -1;
          }
      if (idx < 0)
        continue;
      d->tags[idx] = l;
      d->tag_set[idx] = TRUE;
    }
}

/* Reads //gml: directives; returns whether //gml:noescape was given. */
static gboolean
read_directives (GmlFunc     *f,
                 EscFuncData *d)
{
  const char *dirs = f->decl != NULL && f->decl->kind == GML_NODE_FUNC_DECL
                     ? f->decl->u.func_decl.directives : NULL;
  g_auto (GStrv) lines = NULL;
  gboolean noescape = FALSE;

  if (dirs == NULL)
    return FALSE;
  lines = g_strsplit (dirs, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (strcmp (l, "//gml:noescape") == 0)
        noescape = TRUE;
      else if (g_str_has_prefix (l, "//gml:escape "))
        parse_escape_directive (f, d, l + strlen ("//gml:escape "));
    }
  return noescape;
}

static GmlObject *
tag_param (GmlFunc *f,
           guint    i)
{
  if (f->recv != NULL)
    return i == 0 ? f->recv : g_ptr_array_index (f->params, i - 1);
  return g_ptr_array_index (f->params, i);
}

/* Go's paramTag for a function without a body. */
static void
tag_native (EscCtx  *ctx,
            GmlFunc *f)
{
  EscFuncData *d = esc_func_data (ctx, f);
  gboolean noescape = f->pkg->is_prelude && read_directives (f, d);

  for (guint i = 0; i < d->n_tags; i++)
    {
      GmlObject *p = tag_param (f, i);

      if (d->tag_set[i])
        continue;
      if (!esc_type_has_pointers (p->type) || gml_type_underlying (p->type)->kind == GML_TYPE_UINTPTR)
        esc_leaks_add_heap (&d->tags[i], 0);
      else if (!noescape)
        esc_leaks_add_heap (&d->tags[i], 0);
    }
  d->state = ESC_FN_TAGGED;
}

/* ------------------------------------------------------------------ */
/* Analysing a batch (escape.go Batch)                                 */

static EscLoc *
var_loc_new (Esc       *e,
             GmlObject *v)
{
  EscLoc *loc;

  if (v == NULL || (v->flags & GML_VAR_BLANK) || g_hash_table_contains (e->b->ctx->var_locs, v))
    return NULL;
  loc = esc_new_loc (e, ESC_LOC_VAR, FALSE);
  loc->var = v;
  loc->pos = v->pos;
  loc->node = v->decl;
  loc->is_param = (v->flags & GML_VAR_PARAM) != 0;
  loc->is_result = (v->flags & GML_VAR_RESULT) != 0;
  g_hash_table_insert (e->b->ctx->var_locs, v, loc);
  return loc;
}

static EscFn *
fn_new (EscBatch *b,
        GmlFunc  *f)
{
  EscFn *fn = g_new0 (EscFn, 1);

  fn->func = f;
  fn->pkg = f != NULL ? f->pkg : NULL;
  fn->wrapper = -1;
  fn->msgs = g_ptr_array_new_with_free_func (g_free);
  fn->prep = f != NULL ? g_hash_table_lookup (b->ctx->preps, f) : NULL;
  if (fn->prep == NULL)
    fn->prep = b->ctx->empty_prep;
  else
    {
      /* Devirtualization lines belong to the function. */
      g_ptr_array_unref (fn->msgs);
      fn->msgs = fn->prep->msgs;
      fn->prep->msgs = g_ptr_array_new_with_free_func (g_free);
    }
  g_ptr_array_add (b->fns, fn);
  if (f != NULL)
    g_hash_table_insert (b->ctx->fn_states, f, fn);
  return fn;
}

static void
fn_free (EscFn *fn)
{
  g_ptr_array_unref (fn->msgs);
  g_free (fn);
}

/* Locations for the function's variables (Go's initFunc). */
static void
init_func (EscBatch *b,
           EscFn    *fn)
{
  GmlFunc *f = fn->func;
  Esc e = { b, fn, 1 };

  esc_func_data (b->ctx, f)->state = ESC_FN_PLANNED;
  var_loc_new (&e, f->recv);
  for (guint i = 0; i < f->params->len; i++)
    var_loc_new (&e, g_ptr_array_index (f->params, i));
  for (guint i = 0; i < f->results->len; i++)
    {
      EscLoc *loc = var_loc_new (&e, g_ptr_array_index (f->results, i));

      if (loc != NULL)
        loc->result_index = 1 + (int) i;
    }
  for (guint i = 0; i < f->locals->len; i++)
    var_loc_new (&e, g_ptr_array_index (f->locals, i));
}

static EscBatch *
batch_new (EscCtx *ctx)
{
  EscBatch *b = g_new0 (EscBatch, 1);

  b->ctx = ctx;
  b->locs = g_ptr_array_new_with_free_func ((GDestroyNotify) loc_free);
  b->closures = g_array_new (FALSE, FALSE, sizeof (EscClosure));
  b->fns = g_ptr_array_new_with_free_func ((GDestroyNotify) fn_free);
  b->heap_loc.escapes = TRUE;
  b->heap_loc.edges = g_array_new (FALSE, FALSE, sizeof (EscEdge));
  b->blank_loc.edges = g_array_new (FALSE, FALSE, sizeof (EscEdge));
  return b;
}

static void
batch_free (EscBatch *b)
{
  for (guint i = 0; i < b->closures->len; i++)
    g_clear_pointer (&g_array_index (b->closures, EscClosure, i).captures, g_ptr_array_unref);
  g_array_unref (b->closures);
  for (guint i = 0; i < b->locs->len; i++)
    g_hash_table_remove (b->ctx->var_locs, ((EscLoc *) g_ptr_array_index (b->locs, i))->var);
  for (guint i = 0; i < b->fns->len; i++)
    {
      EscFn *fn = g_ptr_array_index (b->fns, i);

      if (fn->func != NULL)
        g_hash_table_remove (b->ctx->fn_states, fn->func);
    }
  g_ptr_array_unref (b->fns);
  g_ptr_array_unref (b->locs);
  g_array_unref (b->heap_loc.edges);
  g_array_unref (b->blank_loc.edges);
  g_free (b);
}

static void finish (EscBatch *b);

static void
analyse_batch (EscCtx    *ctx,
               GPtrArray *funcs)
{
  EscBatch *b = batch_new (ctx);
  g_autoptr (GPtrArray) all = g_ptr_array_new ();

  /* The batch's functions and every func literal inside them. */
  for (guint i = 0; i < funcs->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (funcs, i));
  for (guint i = 0; i < all->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (all, i);

      for (guint j = 0; j < f->closures->len; j++)
        if (!g_ptr_array_find (all, g_ptr_array_index (f->closures, j), NULL))
          g_ptr_array_add (all, g_ptr_array_index (f->closures, j));
    }
  for (guint i = 0; i < all->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (all, i);
      EscFn *fn = fn_new (b, f);

      if (f->outer != NULL)
        fn->outer = esc_fn_of (&(Esc) { b, NULL, 1 }, f->outer);
    }
  for (guint i = 0; i < b->fns->len; i++)
    {
      EscFn *fn = g_ptr_array_index (b->fns, i);

      init_func (b, fn);
    }
  for (guint i = 0; i < b->fns->len; i++)
    {
      EscFn *fn = g_ptr_array_index (b->fns, i);

      if (!is_hidden_closure (fn->func))
        esc_walk_func (b, fn);
    }
  flow_closures (b);
  flow_heap_reasons (b);
  walk_all (b);
  finish (b);
  batch_free (b);
}

/* ------------------------------------------------------------------ */
/* Results (escape.go finish, paramTag)                                */

static char *
param_message (GmlObject *p,
               GmlFunc   *f,
               guint      result,
               int        level)
{
  GmlObject *r;

  if (result == 0)
    return level == 0 ? g_strdup_printf ("leaking param: %s", p->name)
                      : g_strdup_printf ("leaking param content: %s", p->name);
  r = g_ptr_array_index (f->results, result - 1);
  return g_strdup_printf ("leaking param: %s to result %s level=%d", p->name, r->name, level);
}

/* Attaches why a parameter leaks to its decision and to the variable. */
static void
explain_param (EscBatch          *b,
               EscLoc            *loc,
               GmlEscapeDecision *d)
{
  g_autofree char *why = NULL;
  EscVarData *vd;

  if (d == NULL || d->explanation != NULL || (why = esc_explain_param (b, loc)) == NULL)
    return;
  d->explanation = gml_arena_strndup (b->ctx->arena, why, strlen (why));
  vd = loc->var->u.var.escape;
  if (vd == NULL)
    loc->var->u.var.escape = vd = gml_arena_new0 (b->ctx->arena, EscVarData);
  vd->explanation = d->explanation;
}

/* Go's paramTag for one parameter of an analysed function. */
static void
tag_param_loc (EscBatch    *b,
               EscFn       *fn,
               EscFuncData *d,
               guint        i)
{
  GmlObject *p = tag_param (fn->func, i);
  EscLoc *loc = g_hash_table_lookup (b->ctx->var_locs, p);
  Esc e = { b, fn, 1 };
  EscLeaks esc;

  if (d->tag_set[i])
    return;
  if (!esc_type_has_pointers (p->type))
    {
      esc_leaks_add_heap (&d->tags[i], 0);
      return;
    }
  if ((p->flags & GML_VAR_BLANK) || p->decl == NULL || loc == NULL)
    return;   /* unnamed parameters are unused: nothing escapes */
  esc = loc->param_esc;
  esc_leaks_optimize (&esc);
  d->tags[i] = esc;
  if (loc->escapes)
    return;
  if (esc_leaks_empty (&esc))
    esc_add_message (&e, GML_ESCAPE_PARAM, p->pos, FALSE, p, NULL,
                     g_strdup_printf ("%s does not escape", p->name));
  if (esc_leaks_heap (&esc) >= 0)
    explain_param (b, loc, esc_add_message (&e, GML_ESCAPE_PARAM, p->pos, TRUE, p, NULL,
                                            param_message (p, fn->func, 0, esc_leaks_heap (&esc))));
  for (guint r = 0; r < ESC_N_RESULTS && r < fn->func->results->len; r++)
    if (esc_leaks_result (&esc, r) >= 0)
      explain_param (b, loc, esc_add_message (&e, GML_ESCAPE_PARAM, p->pos, FALSE, p, NULL,
                                              param_message (p, fn->func, r + 1, esc_leaks_result (&esc, r))));
}

static void
tag_func (EscBatch *b,
          EscFn    *fn)
{
  EscFuncData *d = esc_func_data (b->ctx, fn->func);

  d->state = ESC_FN_TAGGED;
  for (guint i = 0; i < d->n_tags; i++)
    tag_param_loc (b, fn, d, i);
}

static char *
site_text (EscLoc *loc)
{
  switch (loc->kind)
    {
    case ESC_LOC_DOTS:
      return g_strdup ("... argument");
    case ESC_LOC_TMPCONV:
    case ESC_LOC_TMPVAR:
      return g_strdup (loc->label);
    default:
      return loc->node != NULL ? gml_node_expr_string (loc->node) : g_strdup ("?");
    }
}

static void
finish_var (EscBatch *b,
            EscLoc   *loc)
{
  Esc e = { b, loc->fn, 1 };
  GmlEscapeDecision *d;

  if (!loc->escapes)
    {
      if (loc->var != NULL)
        loc->var->flags &= ~(guint32) GML_VAR_HEAP;
      return;
    }
  if (loc->var != NULL)
    loc->var->flags |= GML_VAR_HEAP;
  d = esc_add_message (&e, GML_ESCAPE_VAR, loc->pos, TRUE, loc->var, NULL,
                       g_strdup_printf ("moved to heap: %s", loc->var != NULL ? loc->var->name : loc->label));
  if (d != NULL)
    {
      g_autofree char *why = esc_explain_loc (b, loc);

      d->explanation = why != NULL ? gml_arena_strndup (b->ctx->arena, why, strlen (why)) : NULL;
    }
}

static void
finish_site (EscBatch *b,
             EscLoc   *loc)
{
  Esc e = { b, loc->fn, 1 };
  g_autofree char *text = site_text (loc);
  GmlEscapeDecision *d;

  if (loc->node != NULL && loc->kind != ESC_LOC_TMPCONV)
    loc->node->esc = loc->escapes ? GML_ESC_HEAP : GML_ESC_STACK;
  if (loc->kind == ESC_LOC_WRAPPER)
    return;
  d = esc_add_message (&e, GML_ESCAPE_SITE, loc->pos, loc->escapes,
                       NULL, loc->kind == ESC_LOC_TMPCONV ? NULL : loc->node,
                       g_strdup_printf (loc->escapes ? "%s escapes to heap" : "%s does not escape", text));
  if (d != NULL)
    {
      g_autofree char *why = esc_explain_loc (b, loc);

      d->explanation = why != NULL ? gml_arena_strndup (b->ctx->arena, why, strlen (why)) : NULL;
    }
}

static int
decision_compare (gconstpointer a,
                  gconstpointer b)
{
  const GmlEscapeDecision *x = *(const GmlEscapeDecision * const *) a;
  const GmlEscapeDecision *y = *(const GmlEscapeDecision * const *) b;
  int c = gml_pos_compare (x->pos, y->pos);

  return c != 0 ? c : strcmp (x->message, y->message);
}

/* Moves an EscFn's messages into arena storage on the function (or, for
 * the package initializer, on its first global). */
static void
store_decisions (EscCtx *ctx,
                 EscFn  *fn)
{
  GmlEscapeDecision *arr;
  guint n = fn->msgs->len;

  if (n == 0 || !ctx->diagnose)
    return;
  g_ptr_array_sort (fn->msgs, decision_compare);
  arr = gml_arena_alloc (ctx->arena, sizeof (GmlEscapeDecision) * n);
  for (guint i = 0; i < n; i++)
    arr[i] = *(GmlEscapeDecision *) g_ptr_array_index (fn->msgs, i);
  if (fn->func != NULL)
    {
      EscFuncData *d = esc_func_data (ctx, fn->func);

      d->decisions = arr;
      d->n_decisions = n;
    }
  else if (fn->pkg != NULL && fn->pkg->globals->len > 0)
    {
      GmlObject *g = g_ptr_array_index (fn->pkg->globals, 0);
      EscVarData *vd = g->u.var.escape;

      if (vd == NULL)
        g->u.var.escape = vd = gml_arena_new0 (ctx->arena, EscVarData);
      vd->decisions = arr;
      vd->n_decisions = n;
    }
}

static void
finish (EscBatch *b)
{
  for (guint i = 0; i < b->fns->len; i++)
    {
      EscFn *fn = g_ptr_array_index (b->fns, i);

      if (fn->func != NULL)
        tag_func (b, fn);
    }
  for (guint i = 0; i < b->locs->len; i++)
    {
      EscLoc *loc = g_ptr_array_index (b->locs, i);

      switch (loc->kind)
        {
        case ESC_LOC_VAR:
        case ESC_LOC_TMPVAR:
          finish_var (b, loc);
          break;
        case ESC_LOC_SITE:
        case ESC_LOC_DOTS:
        case ESC_LOC_TMPCONV:
        case ESC_LOC_WRAPPER:
          finish_site (b, loc);
          break;
        default:
          break;
        }
    }
  for (guint i = 0; i < b->fns->len; i++)
    store_decisions (b->ctx, g_ptr_array_index (b->fns, i));
}

/* ------------------------------------------------------------------ */
/* Packages                                                            */

static void
analyse_inits (EscCtx     *ctx,
               GmlPackage *pkg)
{
  EscBatch *b;
  EscFn *fn;
  Esc e;

  if (pkg->init_order->len == 0)
    return;
  b = batch_new (ctx);
  fn = fn_new (b, NULL);
  fn->pkg = pkg;
  e.b = b;
  e.fn = fn;
  e.loop_depth = 1;
  for (guint i = 0; i < pkg->init_order->len; i++)
    {
      GmlNode *n = g_ptr_array_index (pkg->init_order, i);

      esc_walk_init (&e, n);
    }
  flow_closures (b);
  flow_heap_reasons (b);
  walk_all (b);
  finish (b);
  batch_free (b);
}

/* Nodes the compiler asks about (see gml-escape.h). */
static gboolean
is_alloc_site (GmlNode *n)
{
  switch (n->kind)
    {
    case GML_NODE_CALL:
    case GML_NODE_COMPOSITE_LIT:
    case GML_NODE_FUNC_LIT:
    case GML_NODE_DEFER_STMT:
      return TRUE;
    case GML_NODE_UNARY:
      return n->u.unary.op == GML_TOKEN_AND;
    case GML_NODE_BINARY:
      return n->u.binary.op == GML_TOKEN_ADD;
    case GML_NODE_ASSIGN_STMT:
      return n->u.assign.op == GML_TOKEN_ADD_ASSIGN;
    default:
      return FALSE;
    }
}

static void
default_site_cb (GmlNode    *child,
                 const char *label,
                 int         index,
                 gpointer    data)
{
  if (child->esc == GML_ESC_UNSET && is_alloc_site (child))
    child->esc = GML_ESC_HEAP;
  gml_node_foreach_child (child, default_site_cb, data);
}

/* Sites without a decision (statically initialized globals, code Go's
 * deadcode pass drops, values that are not allocations) go to the heap:
 * the conservative answer, and Go's for static data, which is never in
 * a frame. */
static void
default_sites (GmlPackage *pkg)
{
  for (guint i = 0; i < pkg->files->len; i++)
    default_site_cb (g_ptr_array_index (pkg->files, i), NULL, -1, NULL);
}

static void
analyse_package (EscCtx     *ctx,
                 GmlPackage *pkg)
{
  SccVisitor v = { ctx, pkg, g_hash_table_new (NULL, NULL), 0, g_ptr_array_new () };

  ctx->diagnose = pkg == ctx->prog->main_pkg;
  ctx->preps = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) esc_prep_free);
  for (guint i = 0; i < pkg->funcs->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (pkg->funcs, i);

      if (f->body == NULL)
        tag_native (ctx, f);
      else
        {
          /* Directives replace computed tags (the prelude only: in user
           * code they would make -m disagree with Go). */
          if (pkg->is_prelude)
            read_directives (f, esc_func_data (ctx, f));
          g_hash_table_insert (ctx->preps, f, esc_prep_new (ctx, f));
        }
    }
  esc_devirtualize (ctx, pkg);
  for (guint i = 0; i < pkg->funcs->len; i++)
    {
      GmlFunc *f = g_ptr_array_index (pkg->funcs, i);

      if (f->body != NULL && !is_hidden_closure (f))
        scc_visit (&v, f);
    }
  analyse_inits (ctx, pkg);
  default_sites (pkg);
  g_clear_pointer (&ctx->preps, g_hash_table_unref);
  g_hash_table_unref (v.ids);
  g_ptr_array_unref (v.stack);
}

void
gml_escape_analyse (GmlProgram *program)
{
  EscCtx ctx = { 0 };

  g_return_if_fail (program != NULL);

  ctx.prog = program;
  ctx.arena = program->arena;
  ctx.var_locs = g_hash_table_new (NULL, NULL);
  ctx.fn_states = g_hash_table_new (NULL, NULL);
  ctx.devirt = g_hash_table_new (NULL, NULL);
  ctx.conv_pos = g_hash_table_new (NULL, NULL);
  ctx.empty_prep = esc_prep_new (&ctx, NULL);
  for (guint i = 0; i < program->package_order->len; i++)
    analyse_package (&ctx, g_ptr_array_index (program->package_order, i));
  g_hash_table_unref (ctx.var_locs);
  g_hash_table_unref (ctx.fn_states);
  g_hash_table_unref (ctx.devirt);
  g_hash_table_unref (ctx.conv_pos);
  esc_prep_free (ctx.empty_prep);
  program->escape_analysed = TRUE;
}

/* ------------------------------------------------------------------ */
/* Public queries                                                      */

static void
add_decisions (GPtrArray               *out,
               const GmlEscapeDecision *arr,
               guint                    n,
               guint                    line)
{
  for (guint i = 0; i < n; i++)
    if (line == 0 || arr[i].pos.line == line)
      g_ptr_array_add (out, (gpointer) &arr[i]);
}

GPtrArray *
gml_escape_decisions (GmlProgram *program,
                      guint       line)
{
  GPtrArray *out = g_ptr_array_new ();
  GmlPackage *pkg;

  g_return_val_if_fail (program != NULL, out);

  pkg = program->main_pkg;
  if (pkg == NULL)
    return out;
  for (guint i = 0; i < pkg->funcs->len; i++)
    {
      EscFuncData *d = ((GmlFunc *) g_ptr_array_index (pkg->funcs, i))->escape;

      if (d != NULL)
        add_decisions (out, d->decisions, d->n_decisions, line);
    }
  for (guint i = 0; i < pkg->globals->len; i++)
    {
      EscVarData *vd = ((GmlObject *) g_ptr_array_index (pkg->globals, i))->u.var.escape;

      if (vd != NULL)
        add_decisions (out, vd->decisions, vd->n_decisions, line);
    }
  g_ptr_array_sort (out, decision_compare);
  return out;
}

GmlDiagList *
gml_escape_diagnostics (GmlProgram *program)
{
  GmlDiagList *list = gml_diag_list_new ();
  g_autoptr (GPtrArray) all = NULL;

  g_return_val_if_fail (program != NULL, list);

  all = gml_escape_decisions (program, 0);
  for (guint i = 0; i < all->len; i++)
    {
      const GmlEscapeDecision *d = g_ptr_array_index (all, i);

      gml_diag_list_add (list, GML_DIAG_NOTE, program->filename, d->pos, "%s", d->message);
    }
  return list;
}

char *
gml_escape_explain_var (GmlProgram *program,
                        GmlObject  *var)
{
  g_autoptr (GPtrArray) all = NULL;

  g_return_val_if_fail (program != NULL, NULL);
  if (var == NULL || var->kind != GML_OBJ_VAR)
    return NULL;
  all = gml_escape_decisions (program, 0);
  for (guint i = 0; i < all->len; i++)
    {
      const GmlEscapeDecision *d = g_ptr_array_index (all, i);

      if (d->var == var && d->explanation != NULL)
        return g_strdup (d->explanation);
    }
  return NULL;
}

char *
gml_escape_explain_node (GmlProgram *program,
                         GmlNode    *node)
{
  g_autoptr (GPtrArray) all = NULL;

  g_return_val_if_fail (program != NULL, NULL);
  if (node == NULL)
    return NULL;
  all = gml_escape_decisions (program, 0);
  for (guint i = 0; i < all->len; i++)
    {
      const GmlEscapeDecision *d = g_ptr_array_index (all, i);

      if (d->node == node && d->explanation != NULL)
        return g_strdup (d->explanation);
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Tags as text (tests, tools)                                         */

static void
tag_text (GString        *s,
          const EscLeaks *l)
{
  gboolean any = FALSE;

  if (esc_leaks_heap (l) >= 0)
    {
      if (esc_leaks_heap (l) == 0)
        g_string_append (s, "heap");
      else if (esc_leaks_heap (l) == 1)
        g_string_append (s, "content");
      else
        g_string_append_printf (s, "heap:%d", esc_leaks_heap (l));
      any = TRUE;
    }
  for (guint i = 0; i < ESC_N_RESULTS; i++)
    if (esc_leaks_result (l, i) >= 0)
      {
        g_string_append_printf (s, "%sresult:%u", any ? "," : "", i);
        if (esc_leaks_result (l, i) > 0)
          g_string_append_printf (s, ":%d", esc_leaks_result (l, i));
        any = TRUE;
      }
  if (!any)
    g_string_append (s, "none");
}

/* "recv=TAG p1=TAG ..." for the parameters that hold pointers, in the
 * //gml:escape syntax; NULL before analysis. */
char *
esc_func_tags_string (GmlFunc *f)
{
  EscFuncData *d = f != NULL ? f->escape : NULL;
  GString *s;

  if (d == NULL || d->state != ESC_FN_TAGGED)
    return NULL;
  s = g_string_new (NULL);
  for (guint i = 0; i < d->n_tags; i++)
    {
      GmlObject *p = tag_param (f, i);

      if (!esc_type_has_pointers (p->type))
        continue;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append_printf (s, "%s=", p->name);
      tag_text (s, &d->tags[i]);
    }
  return g_string_free (s, FALSE);
}
