/* gml-escape.c: escape analysis, after Go 1.19's cmd/compile/internal/escape.
 *
 * The driver (escape.go): functions are analysed in strongly connected
 * batches, bottom up; each batch gets locations for its variables, its
 * bodies walked into flows, its closures' captures decided, the
 * allocations that must be on the heap whatever flows, the solver run,
 * and then the results: leak tags for callers, GML_VAR_HEAP /
 * GML_VAR_BYREF / GmlNode.esc for the compiler, -m lines and
 * explanations for the main file.
 *
 * The rest lives in gml-escape-graph.c (graph and solver),
 * gml-escape-tags.c (directives), gml-escape-prep.c (what Go knows
 * before the analysis), gml-escape-expr.c and gml-escape-walk.c (the
 * walk), gml-escape-pos.c (positions) and gml-escape-explain.c.
 */
#include "gml-escape-private.h"

#include <string.h>

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
  b->locs = g_ptr_array_new_with_free_func ((GDestroyNotify) esc_loc_free);
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
  esc_walk_all (b);
  finish (b);
  batch_free (b);
}

/* ------------------------------------------------------------------ */
/* Results (escape.go finish, paramTag)                                */

/* Attaches a (newly allocated) explanation to a decision. */
static void
set_explanation (EscBatch          *b,
                 GmlEscapeDecision *d,
                 char              *why)
{
  if (d != NULL && why != NULL)
    d->explanation = gml_arena_strndup (b->ctx->arena, why, strlen (why));
  g_free (why);
}

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
  GmlObject *p = esc_tag_param (fn->func, i);
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
    set_explanation (b, esc_add_message (&e, GML_ESCAPE_PARAM, p->pos, FALSE, p, NULL,
                                         g_strdup_printf ("%s does not escape", p->name)),
                     g_strdup_printf ("`%s` does not escape: `%s` only uses it (and what it points to) "
                                      "during the call, so callers may pass pointers to their own frames.",
                                      p->name, fn->func->short_name));
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
      /* Worth a word in the UI: a variable whose address is taken, or
       * that a closure captures, and that still stays in the frame. */
      if (loc->var != NULL && !loc->is_param && (loc->addrtaken || loc->captured))
        set_explanation (b, esc_add_message (&e, GML_ESCAPE_VAR, loc->pos, FALSE, loc->var, NULL, NULL),
                         esc_explain_stack (b, loc));
      return;
    }
  if (loc->var != NULL)
    loc->var->flags |= GML_VAR_HEAP;
  d = esc_add_message (&e, GML_ESCAPE_VAR, loc->pos, TRUE, loc->var, NULL,
                       g_strdup_printf ("moved to heap: %s", loc->var != NULL ? loc->var->name : loc->label));
  set_explanation (b, d, esc_explain_loc (b, loc));
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
  set_explanation (b, d, loc->escapes ? esc_explain_loc (b, loc) : esc_explain_stack (b, loc));
}

static int
decision_compare (gconstpointer a,
                  gconstpointer b)
{
  const GmlEscapeDecision *x = *(const GmlEscapeDecision * const *) a;
  const GmlEscapeDecision *y = *(const GmlEscapeDecision * const *) b;
  int c = gml_pos_compare (x->pos, y->pos);

  if (c != 0)
    return c;
  return g_strcmp0 (x->message, y->message);
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
  esc_walk_all (b);
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
        esc_tag_native (ctx, f);
      else
        {
          /* Directives replace computed tags (the prelude only: in user
           * code they would make -m disagree with Go). */
          if (pkg->is_prelude)
            esc_read_directives (f, esc_func_data (ctx, f));
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

      if (d->message != NULL)
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

