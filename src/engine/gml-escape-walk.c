/* gml-escape-walk.c: turning statements and expressions into flows
 * (Go 1.19's escape/stmt.go, expr.go, call.go, assign.go, utils.go).
 *
 * Go analyses its IR after the type checker and a few rewrites that
 * our AST does not spell out; the walk applies them on the fly:
 *   - method calls x.M(a) are M(&x or *x, a) with the receiver's
 *     implicit address-of or dereference and embedded-field path;
 *   - variadic calls pack their extra arguments in an implicit slice
 *     ("... argument");
 *   - f(g()) and `return g()` with several results go through
 *     temporaries (".autotmp_N", numbered like Go's fn.Dcl);
 *   - go/defer of a call with arguments builds a wrapper closure that
 *     captures the evaluated arguments;
 *   - interface calls on a variable statically holding one concrete type
 *     are devirtualized (Go's devirtualize pass);
 *   - dead branches of constant conditions are skipped (deadcode).
 */
#include "gml-escape-private.h"

#include <string.h>

#include "gml-const.h"

static void stmt (Esc *e, GmlNode *n);
static void expr (Esc *e, EscHole k, GmlNode *n);
static void discard (Esc *e, GmlNode *n);
static void call (Esc *e, EscHole *ks, guint nks, GmlNode *n);
static void walk_body (Esc *e, GmlFunc *f);

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

static GmlType *
under (GmlType *t)
{
  return t != NULL ? gml_type_underlying (t) : NULL;
}

static gboolean
is_kind (GmlType      *t,
         GmlTypeKind   kind)
{
  return t != NULL && under (t)->kind == kind;
}

static GmlType *
pointer_elem (GmlType *t)
{
  return is_kind (t, GML_TYPE_POINTER) ? under (t)->u.pointer.elem : NULL;
}

static GmlObject *
ident_var (GmlNode *n)
{
  n = gml_node_unparen (n);
  if (n == NULL || n->kind != GML_NODE_IDENT || n->u.ident.obj == NULL
      || n->u.ident.obj->kind != GML_OBJ_VAR)
    return NULL;
  return n->u.ident.obj;
}

static gboolean
is_global (GmlObject *v)
{
  return v != NULL && (v->flags & GML_VAR_GLOBAL) != 0;
}

static gboolean
is_blank_expr (GmlNode *n)
{
  n = gml_node_unparen (n);
  return n != NULL && n->kind == GML_NODE_IDENT && strcmp (n->u.ident.name, "_") == 0;
}

/* Does this identifier declare its variable (x := ..., var x = ...)? */
static gboolean
declares (GmlNode *n)
{
  n = gml_node_unparen (n);
  return n != NULL && n->kind == GML_NODE_IDENT && n->u.ident.obj != NULL
         && n->u.ident.obj->kind == GML_OBJ_VAR && n->u.ident.obj->decl == n;
}

static gboolean
is_constant (GmlNode *n)
{
  return n != NULL && n->cval != NULL;
}

static EscHole
arg_hole (Esc     *e,
          EscHole  k,
          GmlNode *call_node)
{
  k = esc_note (e, k, call_node, "call parameter");
  k.notes->param = e->param;
  return k;
}

/* Records the loop depth at a variable's declaration (Go's dcl). */
static EscHole
dcl (Esc       *e,
     GmlObject *v)
{
  EscLoc *loc = esc_var_loc (e, v);

  if (loc == NULL)
    return esc_discard_hole (e);
  loc->loop_depth = e->loop_depth;
  return esc_hole (loc);
}

/* The function signature a call goes to. */
static GmlType *
call_sig (GmlNode *n)
{
  GmlNode *fun = gml_node_unparen (n->u.call.fun);
  GmlType *t = fun != NULL ? under (fun->type) : NULL;

  return t != NULL && t->kind == GML_TYPE_FUNC ? t : NULL;
}

static GmlObject *
func_param (GmlFunc *f,
            guint    i)
{
  if (f->recv != NULL)
    return i == 0 ? f->recv : g_ptr_array_index (f->params, i - 1);
  return i < f->params->len ? g_ptr_array_index (f->params, i) : NULL;
}

/* ------------------------------------------------------------------ */
/* Go's `n.Type().HasPointers()` shortcut: values without pointers go
 * nowhere, unless their address is what flows. */

static EscHole
maybe_blank (Esc     *e,
             EscHole  k,
             GmlType *t)
{
  if (k.derefs >= 0 && t != NULL && !gml_type_is_untyped (t) && !esc_type_has_pointers (t))
    k.dst = &e->b->blank_loc;
  return k;
}

/* ------------------------------------------------------------------ */
/* Selections: embedded paths and implicit receivers                   */

/* The field type reached from struct (or pointer to struct) t by index. */
static GmlType *
field_type (GmlType *t,
            guint    index)
{
  GmlType *u = under (pointer_elem (t) != NULL ? pointer_elem (t) : t);

  if (u == NULL || u->kind != GML_TYPE_STRUCT || index >= u->u.strukt.n_fields)
    return NULL;
  return u->u.strukt.fields[index].type;
}

/* For x.f (or x.M) with an embedded path, which implicit steps go
 * through a pointer: steps[i] for path[i], then the final one.  Returns
 * the type before the final step (the receiver's for methods). */
static GmlType *
path_steps (GmlType            *t,
            const GmlSelection *sel,
            gboolean           *steps)
{
  for (guint i = 0; i < sel->path_len; i++)
    {
      steps[i] = pointer_elem (t) != NULL;
      t = field_type (t, sel->path[i]);
      if (t == NULL)
        return NULL;
    }
  return t;
}

/* Applies the dot/dot-of-pointer steps, outermost first. */
static EscHole
apply_steps (Esc            *e,
             EscHole         k,
             GmlNode        *where,
             const gboolean *steps,
             guint           n)
{
  for (guint i = n; i > 0; i--)
    k = steps[i - 1] ? esc_deref (e, k, where, "dot of pointer") : esc_note (e, k, where, "dot");
  return k;
}

/* x.f for a field f. */
static void
field_expr (Esc     *e,
            EscHole  k,
            GmlNode *n)
{
  const GmlSelection *sel = &n->u.selector.selection;
  GmlNode *x = n->u.selector.x;
  g_autofree gboolean *steps = g_new0 (gboolean, sel->path_len + 1);
  GmlType *t = path_steps (x->type, sel, steps);

  steps[sel->path_len] = t != NULL && pointer_elem (t) != NULL;
  k = apply_steps (e, k, n, steps, sel->path_len + 1);
  expr (e, k, x);
}

/* The receiver x of x.M: the embedded path, then the implicit & or *
 * that makes it the method's receiver type. */
static void
receiver_expr (Esc       *e,
               EscHole    k,
               GmlNode   *n,
               GmlObject *method)
{
  const GmlSelection *sel = &n->u.selector.selection;
  GmlNode *x = n->u.selector.x;
  g_autofree gboolean *steps = g_new0 (gboolean, sel->path_len + 1);
  GmlType *t = path_steps (x->type, sel, steps);
  gboolean is_ptr = t != NULL && pointer_elem (t) != NULL;
  gboolean ptr_recv = method != NULL && (method->flags & GML_FUNC_PTR_RECV) != 0;

  if (method != NULL && ptr_recv && !is_ptr)
    k = esc_addr (e, k, n, "address-of");
  else if (method != NULL && !ptr_recv && is_ptr)
    k = esc_deref (e, k, n, "indirection");
  k = apply_steps (e, k, n, steps, sel->path_len);
  expr (e, k, x);
}

/* ------------------------------------------------------------------ */
/* Tags                                                                */

/* Where an argument for parameter idx of f goes (Go's tagHole). */
static EscHole
tag_hole (Esc     *e,
          EscHole *ks,
          guint    nks,
          GmlFunc *f,
          guint    idx)
{
  EscFuncData *d;
  EscHole tks[1 + ESC_N_RESULTS];
  guint n = 0;
  int x;

  if (f == NULL)
    return esc_heap_hole (e);
  if (esc_in_mutual_batch (e, f))
    {
      GmlObject *p = func_param (f, idx);
      EscLoc *loc = p != NULL ? esc_var_loc (e, p) : NULL;

      return loc != NULL ? esc_hole (loc) : esc_discard_hole (e);
    }
  d = f->escape;
  if (d == NULL || d->state != ESC_FN_TAGGED || idx >= d->n_tags)
    return esc_heap_hole (e);
  x = esc_leaks_heap (&d->tags[idx]);
  if (x >= 0)
    tks[n++] = esc_shift (esc_heap_hole (e), x);
  for (guint i = 0; ks != NULL && i < ESC_N_RESULTS && i < nks; i++)
    {
      x = esc_leaks_result (&d->tags[idx], i);
      if (x >= 0)
        tks[n++] = esc_shift (ks[i], x);
    }
  return esc_tee (e, tks, n);
}

/* ------------------------------------------------------------------ */
/* go/defer wrappers                                                   */

/* Go's rewriteArgument: inside a go/defer wrapper, arguments are
 * evaluated into temporaries the wrapper captures; constants, nil and
 * function names are left in place. */
static gboolean
wrap_skips (GmlNode *arg)
{
  GmlNode *n = gml_node_unparen (arg);

  if (is_constant (n) && !(n->kind == GML_NODE_CALL && n->u.call.call_kind == GML_CALL_CONVERSION
                           && gml_type_is_interface (n->type)))
    return TRUE;
  if (n->kind == GML_NODE_IDENT && n->u.ident.obj != NULL
      && (n->u.ident.obj->kind == GML_OBJ_NIL || n->u.ident.obj->kind == GML_OBJ_FUNC))
    return TRUE;
  if (n->kind == GML_NODE_SELECTOR
      && (n->u.selector.selection.kind == GML_SEL_METHOD_EXPR
          || (n->u.selector.selection.kind == GML_SEL_QUALIFIED && n->u.selector.selection.obj != NULL
              && n->u.selector.selection.obj->kind == GML_OBJ_FUNC)))
    return TRUE;
  return FALSE;
}

static gboolean
wrapping (Esc *e)
{
  return e->fn != NULL && e->fn->wrapper >= 0;
}

/* A compiler temporary of the current function (".autotmp_N"). */
static EscLoc *
new_tmp (Esc     *e,
         GmlPos   pos,
         GmlType *type,
         guint    number)
{
  EscLoc *loc = esc_new_loc (e, ESC_LOC_TMPVAR, FALSE);

  loc->label = gml_arena_printf (e->b->ctx->arena, ".autotmp_%u", number);
  loc->pos = pos;
  loc->tmp_type = type;
  return loc;
}

/* A temporary the go/defer wrapper being built captures; Go makes it
 * after every declaration of the function (escape's copyExpr). */
static EscLoc *
wrapper_tmp (Esc     *e,
             GmlPos   pos,
             GmlType *type)
{
  EscLoc *tmp = new_tmp (e, pos, type, e->fn->prep->n_dcl_total + e->fn->n_wrap_tmps++);
  EscClosure *w = &g_array_index (e->b->closures, EscClosure, e->fn->wrapper);

  tmp->captured = TRUE;
  g_ptr_array_add (w->captures, tmp);
  return tmp;
}

/* Evaluates an argument into k, through a wrapper temporary if a go/defer
 * wrapper is being built (Go's argument + rewriteArgument). */
static void
argument (Esc     *e,
          EscHole  k,
          GmlNode *call_node,
          GmlNode *arg)
{
  EscLoc *tmp;

  if (arg == NULL)
    return;
  if (!wrapping (e) || wrap_skips (arg))
    {
      expr (e, arg_hole (e, k, call_node), arg);
      return;
    }
  tmp = wrapper_tmp (e, arg->pos, arg->type);
  expr (e, esc_note (e, esc_hole (tmp), call_node, "assign"), arg);
  esc_flow (e->b, arg_hole (e, k, call_node), tmp);
}

/* Go's RewriteNonNameCall temporary for a callee or receiver that
 * contains a call: ".autotmp_N := f(); .autotmp_N.M(...)". */
static EscLoc *
callee_tmp (Esc     *e,
            GmlNode *n,
            GmlType *type)
{
  return new_tmp (e, n->pos, type, n->u.call.callee_tmp - 1);
}

/* Passes a temporary as an argument (a go/defer wrapper captures a copy). */
static void
argument_tmp (Esc     *e,
              EscHole  k,
              GmlNode *call_node,
              EscLoc  *tmp)
{
  if (wrapping (e))
    {
      EscLoc *w = wrapper_tmp (e, call_node->pos, tmp->tmp_type);

      esc_flow (e->b, esc_note (e, esc_hole (w), call_node, "assign"), tmp);
      tmp = w;
    }
  esc_flow (e->b, arg_hole (e, k, call_node), tmp);
}

/* The receiver argument of a method call, wrapped like any argument. */
typedef enum
{
  RECV_METHOD,
  RECV_DEVIRT,
} RecvForm;

static void devirt_receiver (Esc *e, EscHole k, GmlNode *n, GmlType *typ, GmlObject *method, GmlLookup *l);

static void
recv_argument (Esc       *e,
               EscHole    k,
               GmlNode   *n,
               RecvForm   form,
               GmlType   *typ,
               GmlObject *method,
               GmlLookup *l)
{
  GmlNode *fun = gml_node_unparen (n->u.call.fun);
  EscHole into = arg_hole (e, k, n);
  EscLoc *tmp = NULL;

  if (wrapping (e))
    {
      tmp = wrapper_tmp (e, fun->pos, method != NULL ? NULL : NULL);
      into = esc_note (e, esc_hole (tmp), n, "assign");
    }
  if (form == RECV_METHOD)
    receiver_expr (e, into, fun, method);
  else
    devirt_receiver (e, into, n, typ, method, l);
  if (tmp != NULL)
    esc_flow (e->b, arg_hole (e, k, n), tmp);
}

/* ------------------------------------------------------------------ */
/* Calls                                                               */

/* A value passed to a parameter: a node, or a temporary of f(g()). */
typedef struct
{
  GmlNode *node;
  EscLoc  *tmp;
  GmlType *type;
} ArgVal;

/* Passes one argument value to hole k, converting a temporary to the
 * parameter's interface type as Go's typecheck does (the conversion is
 * reported as ".autotmp_N escapes to heap"). */
static void
pass_value (Esc     *e,
            EscHole  k,
            GmlNode *call_node,
            ArgVal  *a,
            GmlType *param_type)
{
  if (a->node != NULL)
    {
      argument (e, k, call_node, a->node);
      return;
    }
  k = arg_hole (e, k, call_node);
  if (param_type != NULL && gml_type_is_interface (param_type) && !gml_type_is_interface (a->type)
      && !esc_type_is_direct_iface (a->type))
    {
      EscLoc *conv;

      k = maybe_blank (e, k, param_type);
      k = esc_spill (e, k, NULL, ESC_LOC_TMPCONV);
      conv = k.dst;
      conv->label = a->tmp->label;
      conv->pos = call_node->pos;
      k = esc_note (e, k, call_node, "interface-converted");
    }
  esc_flow (e->b, maybe_blank (e, k, a->type), a->tmp);
}

/* The arguments of a call as Go passes them: a multi-value call's
 * results land in temporaries first. */
static ArgVal *
call_args (Esc     *e,
           GmlNode *n,
           guint   *n_args)
{
  GmlNodeList *args = &n->u.call.args;
  ArgVal *out;

  if (args->len == 1 && args->items[0]->type != NULL && args->items[0]->type->kind == GML_TYPE_TUPLE)
    {
      GmlNode *inner = gml_node_unparen (args->items[0]);
      GmlType *tuple = inner->type;
      guint nr = tuple->u.tuple.n_elems;
      g_autofree EscHole *ks = g_new0 (EscHole, MAX (nr, 1));
      guint base = GPOINTER_TO_UINT (g_hash_table_lookup (e->fn->prep->tmp_numbers, n));

      /* t0, t1 := g(); f(t0, t1) */
      out = g_new0 (ArgVal, MAX (nr, 1));
      for (guint i = 0; i < nr; i++)
        {
          out[i].tmp = new_tmp (e, n->pos, tuple->u.tuple.elems[i], base + i);
          out[i].type = tuple->u.tuple.elems[i];
          ks[i] = esc_hole (out[i].tmp);
        }
      call (e, ks, nr, inner);
      *n_args = nr;
      return out;
    }
  out = g_new0 (ArgVal, MAX (args->len, 1));
  for (guint i = 0; i < args->len; i++)
    {
      out[i].node = args->items[i];
      out[i].type = args->items[i]->type;
    }
  *n_args = args->len;
  return out;
}

/* Passes the arguments to the parameters of sig (receiver excluded);
 * tag indices start at `first`.  Variadic calls without `...` get their
 * implicit slice. */
static void
pass_args (Esc     *e,
           EscHole *ks,
           guint    nks,
           GmlNode *n,
           GmlFunc *f,
           GmlType *sig,
           guint    first,
           ArgVal  *args,
           guint    n_args)
{
  guint np = sig != NULL ? sig->u.func.n_params : n_args;
  gboolean pack = sig != NULL && sig->u.func.variadic && !n->u.call.has_dots;

  for (guint i = 0; i < np; i++)
    {
      GmlType *pt = sig != NULL ? sig->u.func.params[i] : NULL;
      EscHole k = tag_hole (e, ks, nks, f, first + i);
      GmlObject *saved = e->param;

      e->param = f != NULL ? func_param (f, first + i) : NULL;

      if (pack && i == np - 1)
        {
          GmlType *et = pt != NULL && is_kind (pt, GML_TYPE_SLICE) ? under (pt)->u.slice.elem : NULL;
          EscHole sk;

          if (i >= n_args)
            break;   /* f() passes nil */
          sk = esc_spill (e, arg_hole (e, k, n), n, ESC_LOC_DOTS);
          e->param = NULL;
          for (guint j = i; j < n_args; j++)
            pass_value (e, esc_note (e, sk, n, "slice-literal-element"), n, &args[j], et);
          e->param = saved;
          break;
        }
      if (i < n_args)
        pass_value (e, k, n, &args[i], pt);
      e->param = saved;
    }
  /* Extra arguments of a malformed call still get walked. */
  for (guint i = np; !pack && i < n_args; i++)
    if (args[i].node != NULL)
      discard (e, args[i].node);
}

/* The statically known function a call goes to, or NULL. */
static GmlFunc *
static_callee (Esc     *e,
               GmlNode *n)
{
  GmlNode *fun = gml_node_unparen (n->u.call.fun), *v;
  GmlObject *obj = NULL;

  switch (n->u.call.call_kind)
    {
    case GML_CALL_FUNC:
    case GML_CALL_CLOSURE:
      v = esc_static_value (e->fn->prep, fun);
      if (v->kind == GML_NODE_FUNC_LIT)
        return v->u.func_lit.func;
      if (v->kind == GML_NODE_IDENT)
        obj = v->u.ident.obj;
      else if (v->kind == GML_NODE_SELECTOR
               && (v->u.selector.selection.kind == GML_SEL_QUALIFIED
                   || v->u.selector.selection.kind == GML_SEL_METHOD_EXPR))
        obj = v->u.selector.selection.obj;
      break;
    case GML_CALL_METHOD:
      obj = fun->u.selector.selection.obj;
      break;
    default:
      break;
    }
  return obj != NULL && obj->kind == GML_OBJ_FUNC ? obj->u.func.func : NULL;
}

/* A devirtualized interface call: the concrete method. */
static GmlObject *
devirt_method (Esc     *e,
               GmlNode *n,
               GmlType *typ,
               GmlLookup *l)
{
  GmlNode *fun = gml_node_unparen (n->u.call.fun);
  GmlFunc *owner = e->fn->func;
  GmlPackage *pkg = owner != NULL ? owner->pkg : e->fn->pkg;

  if (!gml_type_lookup (e->b->ctx->prog->types, typ, pkg, fun->u.selector.sel->u.ident.name, l)
      || l->kind != GML_LOOKUP_METHOD)
    return NULL;
  return l->method;
}

/* The receiver of a devirtualized call: x.(T), then the embedded path
 * and implicit dereference to the method's receiver. */
static void
devirt_receiver (Esc       *e,
                 EscHole    k,
                 GmlNode   *n,
                 GmlType   *typ,
                 GmlObject *method,
                 GmlLookup *l)
{
  GmlNode *fun = gml_node_unparen (n->u.call.fun);
  GmlSelection sel = { 0 };
  g_autofree gboolean *steps = NULL;
  GmlType *t;

  sel.path = l->path;
  sel.path_len = l->path_len;
  steps = g_new0 (gboolean, sel.path_len + 1);
  t = path_steps (typ, &sel, steps);
  if (t != NULL && pointer_elem (t) != NULL && !(method->flags & GML_FUNC_PTR_RECV))
    k = esc_deref (e, k, fun, "indirection");
  k = apply_steps (e, k, fun, steps, sel.path_len);
  k = esc_dot_type (e, k, typ, fun, "dot");
  expr (e, k, fun->u.selector.x);
}

static void
call_func (Esc     *e,
           EscHole *ks,
           guint    nks,
           GmlNode *n)
{
  GmlNode *fun = gml_node_unparen (n->u.call.fun);
  GmlCallKind kind = n->u.call.call_kind;
  GmlType *devirt = g_hash_table_lookup (e->b->ctx->devirt, n);
  GmlFunc *f = static_callee (e, n);
  GmlObject *method = NULL;
  GmlType *sig = call_sig (n);
  GmlLookup l = { 0 };
  g_autofree ArgVal *args = NULL;
  guint n_args, first = 0;

  if (kind == GML_CALL_IFACE && devirt != NULL && (method = devirt_method (e, n, devirt, &l)) != NULL)
    f = method->u.func.func;
  if (kind == GML_CALL_CLOSURE && fun->kind == GML_NODE_FUNC_LIT && fun->u.func_lit.func != NULL)
    {
      EscFn *cf = esc_fn_of (e, fun->u.func_lit.func);

      if (cf != NULL)
        cf->closure_called = TRUE;
    }
  if (ks != NULL && f != NULL && esc_in_mutual_batch (e, f))
    for (guint i = 0; i < nks && i < f->results->len; i++)
      {
        GmlObject *r = g_ptr_array_index (f->results, i);

        esc_flow (e->b, maybe_blank (e, ks[i], r->type), esc_var_loc (e, r));
      }
  e->param = f != NULL ? f->recv : NULL;
  if (kind == GML_CALL_METHOD && n->u.call.callee_tmp != 0)
    {
      EscLoc *tmp = callee_tmp (e, n, fun->u.selector.x->type);

      receiver_expr (e, esc_note (e, esc_hole (tmp), n, "assign"), fun, fun->u.selector.selection.obj);
      argument_tmp (e, tag_hole (e, ks, nks, f, 0), n, tmp);
      first = 1;
    }
  else if (kind == GML_CALL_METHOD)
    {
      recv_argument (e, tag_hole (e, ks, nks, f, 0), n, RECV_METHOD, NULL,
                     fun->u.selector.selection.obj, NULL);
      first = 1;
    }
  else if (kind == GML_CALL_IFACE && method != NULL)
    {
      recv_argument (e, tag_hole (e, ks, nks, f, 0), n, RECV_DEVIRT, devirt, method, &l);
      first = 1;
    }
  else if (kind == GML_CALL_IFACE && n->u.call.callee_tmp != 0)
    {
      EscLoc *tmp = callee_tmp (e, n, fun->u.selector.x->type);

      expr (e, esc_note (e, esc_hole (tmp), n, "assign"), fun->u.selector.x);
      argument_tmp (e, esc_heap_hole (e), n, tmp);
      first = 1;
    }
  else if (kind == GML_CALL_IFACE)
    {
      argument (e, esc_heap_hole (e), n, fun->u.selector.x);
      first = 1;
    }
  else if (n->u.call.callee_tmp != 0)
    {
      EscLoc *tmp = callee_tmp (e, n, fun->type);

      expr (e, esc_note (e, esc_hole (tmp), n, "assign"), fun);
      argument_tmp (e, esc_discard_hole (e), n, tmp);
    }
  else
    argument (e, esc_discard_hole (e), n, fun);
  e->param = NULL;
  esc_conv_positions_call (e->b->ctx, n);
  args = call_args (e, n, &n_args);
  pass_args (e, ks, nks, n, f, sig, first, args, n_args);
}

static void
call_append (Esc     *e,
             EscHole *ks,
             guint    nks,
             GmlNode *n)
{
  GmlNodeList *args = &n->u.call.args;
  EscHole appendee = nks > 0 ? ks[0] : esc_discard_hole (e);
  GmlType *st;

  if (args->len == 0)
    return;
  esc_conv_positions_builtin (e->b->ctx, n);
  st = under (args->items[0]->type);
  if (st != NULL && st->kind == GML_TYPE_SLICE && esc_type_has_pointers (st->u.slice.elem))
    {
      EscHole tks[2] = { appendee, esc_deref (e, esc_heap_hole (e), n, "appendee slice") };

      appendee = esc_tee (e, tks, 2);
    }
  argument (e, appendee, n, args->items[0]);
  if (n->u.call.has_dots)
    {
      EscHole appended = esc_discard_hole (e);
      GmlType *at = args->len > 1 ? under (args->items[1]->type) : NULL;

      if (at != NULL && at->kind == GML_TYPE_SLICE && esc_type_has_pointers (at->u.slice.elem))
        appended = esc_deref (e, esc_heap_hole (e), n, "appended slice...");
      if (args->len > 1)
        argument (e, appended, n, args->items[1]);
      return;
    }
  for (guint i = 1; i < args->len; i++)
    argument (e, esc_heap_hole (e), n, args->items[i]);
}

static void
call_builtin (Esc     *e,
              EscHole *ks,
              guint    nks,
              GmlNode *n)
{
  GmlNodeList *args = &n->u.call.args;

  switch (n->u.call.builtin)
    {
    case GML_BUILTIN_APPEND:
      call_append (e, ks, nks, n);
      break;
    case GML_BUILTIN_COPY:
      if (args->len == 2)
        {
          GmlType *yt = under (args->items[1]->type);
          EscHole copied = esc_discard_hole (e);

          argument (e, esc_discard_hole (e), n, args->items[0]);
          if (yt != NULL && yt->kind == GML_TYPE_SLICE && esc_type_has_pointers (yt->u.slice.elem))
            copied = esc_deref (e, esc_heap_hole (e), n, "copied slice");
          argument (e, copied, n, args->items[1]);
        }
      break;
    case GML_BUILTIN_PANIC:
      esc_conv_positions_builtin (e->b->ctx, n);
      for (guint i = 0; i < args->len; i++)
        argument (e, esc_heap_hole (e), n, args->items[i]);
      break;
    case GML_BUILTIN_NEW:
      esc_spill (e, nks > 0 ? ks[0] : esc_discard_hole (e), n, ESC_LOC_SITE);
      break;
    case GML_BUILTIN_MAKE:
      {
        GmlType *t = under (n->type);

        if (t != NULL && (t->kind == GML_TYPE_SLICE || t->kind == GML_TYPE_MAP))
          esc_spill (e, nks > 0 ? ks[0] : esc_discard_hole (e), n, ESC_LOC_SITE);
        for (guint i = 1; i < args->len; i++)
          discard (e, args->items[i]);
      }
      break;
    default:
      /* len, cap, close, delete, print, println, recover */
      for (guint i = 0; i < args->len; i++)
        argument (e, esc_discard_hole (e), n, args->items[i]);
      break;
    }
}

/* Go's call: ks are where the callee's results flow (NULL when unused). */
static void
call (Esc     *e,
      EscHole *ks,
      guint    nks,
      GmlNode *n)
{
  switch (n->u.call.call_kind)
    {
    case GML_CALL_BUILTIN:
      call_builtin (e, ks, nks, n);
      break;
    case GML_CALL_CONVERSION:
      if (nks > 0)
        expr (e, ks[0], n);
      else
        discard (e, n);
      break;
    case GML_CALL_UNKNOWN:
      for (guint i = 0; i < n->u.call.args.len; i++)
        discard (e, n->u.call.args.items[i]);
      break;
    default:
      call_func (e, ks, nks, n);
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Expressions                                                         */

static gboolean
is_byte_or_rune_slice (GmlType *t,
                       GmlTypeKind *elem)
{
  GmlType *u = under (t);

  if (u == NULL || u->kind != GML_TYPE_SLICE)
    return FALSE;
  *elem = under (u->u.slice.elem)->kind;
  return *elem == GML_TYPE_UINT8 || *elem == GML_TYPE_INT32;
}

/* string(b), string(r), []byte(s), []rune(s), string(i): Go allocates. */
static gboolean
is_string_conversion (GmlType *to,
                      GmlType *from)
{
  GmlTypeKind elem;

  if (to == NULL || from == NULL)
    return FALSE;
  if (gml_type_is_string (to))
    return is_byte_or_rune_slice (from, &elem) || (gml_type_is_integer (from) && !gml_type_is_string (from));
  if (is_byte_or_rune_slice (to, &elem))
    return gml_type_is_string (from);
  return FALSE;
}

static void
conversion (Esc     *e,
            EscHole  k,
            GmlNode *n)
{
  GmlNode *arg;
  GmlType *to = n->type, *from;

  if (n->u.call.args.len != 1)
    {
      for (guint i = 0; i < n->u.call.args.len; i++)
        discard (e, n->u.call.args.items[i]);
      return;
    }
  arg = n->u.call.args.items[0];
  from = arg->type;
  if (to != NULL && gml_type_is_interface (to))
    {
      if (from == NULL || gml_type_is_interface (from) || from->kind == GML_TYPE_UNTYPED_NIL)
        ;
      else if (esc_type_is_direct_iface (from))
        n->esc = GML_ESC_STACK;
      else
        k = esc_spill (e, k, n, ESC_LOC_SITE);
      expr (e, esc_note (e, k, n, "interface-converted"), arg);
      return;
    }
  if (is_string_conversion (to, from))
    {
      esc_spill (e, k, n, ESC_LOC_SITE);
      discard (e, arg);
      return;
    }
  expr (e, k, arg);
}

static void
method_value (Esc     *e,
              EscHole  k,
              GmlNode *n)
{
  const GmlSelection *sel = &n->u.selector.selection;
  GmlObject *m = sel->kind == GML_SEL_METHOD ? sel->obj : NULL;
  GmlFunc *f = m != NULL ? m->u.func.func : NULL;
  GmlType *sig = under (n->type);
  guint nres = sig != NULL && sig->kind == GML_TYPE_FUNC ? sig->u.func.n_results : 0;
  g_autofree EscHole *ks = g_new0 (EscHole, MAX (nres, 1));
  EscHole tks[2];

  tks[1] = esc_spill (e, k, n, ESC_LOC_SITE);
  for (guint i = 0; i < nres; i++)
    ks[i] = esc_heap_hole (e);
  tks[0] = tag_hole (e, ks, nres, f, 0);
  if (m != NULL)
    receiver_expr (e, esc_tee (e, tks, 2), n, m);
  else
    expr (e, esc_tee (e, tks, 2), n->u.selector.x);
}

static void
selector (Esc     *e,
          EscHole  k,
          GmlNode *n)
{
  switch (n->u.selector.selection.kind)
    {
    case GML_SEL_FIELD:
      field_expr (e, k, n);
      break;
    case GML_SEL_METHOD:
    case GML_SEL_IFACE_METHOD:
      method_value (e, k, n);
      break;
    default:
      break;   /* pkg.Name, T.M: nothing to track */
    }
}

static void
index_expr (Esc     *e,
            EscHole  k,
            GmlNode *n)
{
  GmlNode *x = n->u.index.x;
  GmlType *t = under (x->type);

  if (t == NULL)
    return;
  switch (t->kind)
    {
    case GML_TYPE_MAP:
      discard (e, x);
      break;
    case GML_TYPE_ARRAY:
      expr (e, esc_note (e, k, n, "fixed-array-index-of"), x);
      break;
    case GML_TYPE_POINTER:
      expr (e, esc_deref (e, esc_note (e, k, n, "fixed-array-index-of"), n, "indirection"), x);
      break;
    default:
      expr (e, esc_deref (e, k, n, "dot of pointer"), x);
      break;
    }
  discard (e, n->u.index.index);
}

static void
slice_expr (Esc     *e,
            EscHole  k,
            GmlNode *n)
{
  GmlNode *x = n->u.slice.x;
  GmlType *t = under (x->type);

  k = esc_note (e, k, n, "slice");
  if (t != NULL && t->kind == GML_TYPE_ARRAY)
    k = esc_addr (e, k, n, "address-of");
  expr (e, k, x);
  discard (e, n->u.slice.lo);
  discard (e, n->u.slice.hi);
  discard (e, n->u.slice.max);
}

static void
composite_lit (Esc     *e,
               EscHole  k,
               GmlNode *n)
{
  GmlNodeList *elts = &n->u.composite.elts;
  GmlType *t = n->type;
  GmlType *u;

  if (n->u.composite.type == NULL && pointer_elem (t) != NULL)
    {
      /* An elided &T{...} inside another literal. */
      k = esc_spill (e, k, n, ESC_LOC_SITE);
      t = pointer_elem (t);
    }
  u = under (t);
  if (u == NULL)
    return;
  switch (u->kind)
    {
    case GML_TYPE_SLICE:
      k = esc_spill (e, k, n, n->u.composite.type == NULL && pointer_elem (n->type) != NULL
                              ? ESC_LOC_TEMP : ESC_LOC_SITE);
      /* fall through */
    case GML_TYPE_STRUCT:
    case GML_TYPE_ARRAY:
      {
        const char *why = u->kind == GML_TYPE_SLICE ? "slice-literal-element"
                          : u->kind == GML_TYPE_STRUCT ? "struct literal element" : "array literal element";

        for (guint i = 0; i < elts->len; i++)
          {
            GmlNode *v = elts->items[i];

            if (v->kind == GML_NODE_KEY_VALUE)
              v = v->u.kv.value;
            expr (e, esc_note (e, k, n, why), v);
          }
      }
      break;
    case GML_TYPE_MAP:
      esc_spill (e, k, n, ESC_LOC_SITE);
      for (guint i = 0; i < elts->len; i++)
        {
          GmlNode *kv = elts->items[i];

          if (kv->kind != GML_NODE_KEY_VALUE)
            {
              discard (e, kv);
              continue;
            }
          expr (e, esc_note (e, esc_heap_hole (e), n, "map literal key"), kv->u.kv.key);
          expr (e, esc_note (e, esc_heap_hole (e), n, "map literal value"), kv->u.kv.value);
        }
      break;
    default:
      break;
    }
}

static void
func_lit (Esc     *e,
          EscHole  k,
          GmlNode *n)
{
  GmlFunc *f = n->u.func_lit.func;
  EscClosure c = { 0 };
  EscFn *cf;

  k = esc_spill (e, k, n, ESC_LOC_SITE);
  if (f == NULL)
    return;
  cf = esc_fn_of (e, f);
  if (cf == NULL)
    return;   /* a literal of a package-level initializer: analysed on its own */
  c.k = k;
  c.func = f;
  g_array_append_val (e->b->closures, c);
  for (guint i = 0; f->captures != NULL && i < f->captures->len; i++)
    {
      EscLoc *loc = esc_var_loc (e, g_ptr_array_index (f->captures, i));

      if (loc != NULL && !loc->captured)
        {
          loc->captured = TRUE;
          /* Assignments before the first capture, in straight-line code,
           * do not count. */
          if (loc->loop_depth == e->loop_depth)
            loc->reassigned = FALSE;
        }
    }
  {
    Esc inner = { e->b, cf, 1 };

    walk_body (&inner, f);
  }
}

/* The operands of a + b + c... (one Go OADDSTR). */
static void
concat_operands (GmlNode   *n,
                 GPtrArray *out)
{
  GmlNode *x = gml_node_unparen (n->u.binary.x);

  if (x->kind == GML_NODE_BINARY && x->u.binary.op == GML_TOKEN_ADD && !is_constant (x)
      && gml_type_is_string (x->type))
    concat_operands (x, out);
  else
    g_ptr_array_add (out, x);
  g_ptr_array_add (out, n->u.binary.y);
}

static void
binary (Esc     *e,
        EscHole  k,
        GmlNode *n)
{
  if (n->u.binary.op == GML_TOKEN_ADD && gml_type_is_string (n->type))
    {
      g_autoptr (GPtrArray) ops = g_ptr_array_new ();

      esc_spill (e, k, n, ESC_LOC_SITE);
      concat_operands (n, ops);
      for (guint i = 0; i < ops->len; i++)
        discard (e, g_ptr_array_index (ops, i));
      return;
    }
  discard (e, n->u.binary.x);
  discard (e, n->u.binary.y);
}

static void
unary (Esc     *e,
       EscHole  k,
       GmlNode *n)
{
  GmlNode *x = gml_node_unparen (n->u.unary.x);

  if (n->u.unary.op == GML_TOKEN_AND && x->kind == GML_NODE_COMPOSITE_LIT)
    {
      composite_lit (e, esc_spill (e, k, n, ESC_LOC_SITE), x);
      return;
    }
  if (n->u.unary.op == GML_TOKEN_AND)
    {
      expr (e, esc_addr (e, k, n, "address-of"), x);
      return;
    }
  discard (e, x);
}

static void
var_ref (Esc     *e,
         EscHole  k,
         GmlNode *n)
{
  GmlObject *v = n->u.ident.obj;

  if (v == NULL || v->kind != GML_OBJ_VAR || is_global (v))
    return;
  esc_flow (e->b, k, esc_var_loc (e, v));
}

static void
call_expr (Esc     *e,
           EscHole  k,
           GmlNode *n)
{
  if (n->u.call.call_kind == GML_CALL_CONVERSION)
    conversion (e, k, n);
  else
    call (e, &k, 1, n);
}

/* Go's expr: evaluates n and flows its value into k. */
static void
expr (Esc     *e,
      EscHole  k,
      GmlNode *n)
{
  n = gml_node_unparen (n);
  if (n == NULL || is_constant (n))
    return;
  k = maybe_blank (e, k, n->type);
  switch (n->kind)
    {
    case GML_NODE_IDENT:         var_ref (e, k, n); break;
    case GML_NODE_SELECTOR:      selector (e, k, n); break;
    case GML_NODE_INDEX:         index_expr (e, k, n); break;
    case GML_NODE_SLICE_EXPR:    slice_expr (e, k, n); break;
    case GML_NODE_TYPE_ASSERT:
      expr (e, esc_dot_type (e, k, n->type, n, "dot"), n->u.assert.x);
      break;
    case GML_NODE_CALL:          call_expr (e, k, n); break;
    case GML_NODE_STAR:
      expr (e, esc_deref (e, k, n, "indirection"), n->u.star.x);
      break;
    case GML_NODE_UNARY:         unary (e, k, n); break;
    case GML_NODE_BINARY:        binary (e, k, n); break;
    case GML_NODE_COMPOSITE_LIT: composite_lit (e, k, n); break;
    case GML_NODE_FUNC_LIT:      func_lit (e, k, n); break;
    default:                     break;
    }
}

static void
discard (Esc     *e,
         GmlNode *n)
{
  expr (e, esc_discard_hole (e), n);
}

/* ------------------------------------------------------------------ */
/* Assignments (assign.go)                                             */

/* Go's addr: a hole for storing into an assignable expression. */
static EscHole
addr (Esc     *e,
      GmlNode *n)
{
  GmlObject *v;

  n = gml_node_unparen (n);
  if (n == NULL || is_blank_expr (n))
    return esc_discard_hole (e);
  switch (n->kind)
    {
    case GML_NODE_IDENT:
      v = ident_var (n);
      if (v == NULL || is_global (v))
        return esc_heap_hole (e);
      {
        EscLoc *loc = esc_var_loc (e, v);

        return loc != NULL ? esc_hole (loc) : esc_discard_hole (e);
      }
    case GML_NODE_SELECTOR:
      {
        const GmlSelection *sel = &n->u.selector.selection;
        g_autofree gboolean *steps = NULL;
        GmlType *t;

        if (sel->kind != GML_SEL_FIELD)
          return esc_heap_hole (e);
        steps = g_new0 (gboolean, sel->path_len + 1);
        t = path_steps (n->u.selector.x->type, sel, steps);
        steps[sel->path_len] = t != NULL && pointer_elem (t) != NULL;
        for (guint i = 0; i <= sel->path_len; i++)
          if (steps[i])
            {
              discard (e, n);
              return esc_heap_hole (e);
            }
        return addr (e, n->u.selector.x);
      }
    case GML_NODE_INDEX:
      {
        GmlType *t = under (n->u.index.x->type);

        if (t != NULL && t->kind == GML_TYPE_MAP)
          {
            discard (e, n->u.index.x);
            expr (e, esc_note (e, esc_heap_hole (e), n, "key of map put"), n->u.index.index);
            return esc_heap_hole (e);
          }
        discard (e, n->u.index.index);
        if (t != NULL && t->kind == GML_TYPE_ARRAY)
          return addr (e, n->u.index.x);
        discard (e, n->u.index.x);
        return esc_heap_hole (e);
      }
    case GML_NODE_STAR:
      discard (e, n);
      return esc_heap_hole (e);
    default:
      return esc_heap_hole (e);
    }
}

/* ir.SameSafeExpr */
static gboolean
same_safe_expr (GmlNode *l,
                GmlNode *r)
{
  l = gml_node_unparen (l);
  r = gml_node_unparen (r);
  if (l == NULL || r == NULL)
    return FALSE;
  if (is_constant (l) && is_constant (r))
    return gml_const_equal (l->cval, r->cval);
  if (l->kind != r->kind)
    return FALSE;
  switch (l->kind)
    {
    case GML_NODE_IDENT:
      return l->u.ident.obj != NULL && l->u.ident.obj == r->u.ident.obj;
    case GML_NODE_SELECTOR:
      return l->u.selector.selection.kind == GML_SEL_FIELD && r->u.selector.selection.kind == GML_SEL_FIELD
             && l->u.selector.selection.field == r->u.selector.selection.field
             && same_safe_expr (l->u.selector.x, r->u.selector.x);
    case GML_NODE_STAR:
      return same_safe_expr (l->u.star.x, r->u.star.x);
    case GML_NODE_INDEX:
      return same_safe_expr (l->u.index.x, r->u.index.x)
             && same_safe_expr (l->u.index.index, r->u.index.index);
    case GML_NODE_UNARY:
      return l->u.unary.op == r->u.unary.op && l->u.unary.op != GML_TOKEN_AND
             && l->u.unary.op != GML_TOKEN_ARROW && same_safe_expr (l->u.unary.x, r->u.unary.x);
    case GML_NODE_BINARY:
      return l->u.binary.op == r->u.binary.op && same_safe_expr (l->u.binary.x, r->u.binary.x)
             && same_safe_expr (l->u.binary.y, r->u.binary.y);
    case GML_NODE_CALL:
      if (l->u.call.call_kind == GML_CALL_CONVERSION && r->u.call.call_kind == GML_CALL_CONVERSION)
        return l->type == r->type && l->u.call.args.len == 1 && r->u.call.args.len == 1
               && same_safe_expr (l->u.call.args.items[0], r->u.call.args.items[0]);
      if (l->u.call.call_kind == GML_CALL_BUILTIN && r->u.call.call_kind == GML_CALL_BUILTIN
          && l->u.call.builtin == r->u.call.builtin
          && (l->u.call.builtin == GML_BUILTIN_LEN || l->u.call.builtin == GML_BUILTIN_CAP)
          && l->u.call.args.len == 1 && r->u.call.args.len == 1)
        return same_safe_expr (l->u.call.args.items[0], r->u.call.args.items[0]);
      return FALSE;
    default:
      return FALSE;
    }
}

/* Go's mayAffectMemory */
static gboolean
may_affect_memory (GmlNode *n)
{
  n = gml_node_unparen (n);
  if (n == NULL || is_constant (n))
    return FALSE;
  switch (n->kind)
    {
    case GML_NODE_IDENT:
    case GML_NODE_BASIC_LIT:
      return FALSE;
    case GML_NODE_BINARY:
      switch (n->u.binary.op)
        {
        case GML_TOKEN_ADD: case GML_TOKEN_SUB: case GML_TOKEN_OR: case GML_TOKEN_XOR:
        case GML_TOKEN_MUL: case GML_TOKEN_SHL: case GML_TOKEN_SHR: case GML_TOKEN_AND:
        case GML_TOKEN_AND_NOT: case GML_TOKEN_QUO: case GML_TOKEN_REM:
          return may_affect_memory (n->u.binary.x) || may_affect_memory (n->u.binary.y);
        default:
          return TRUE;
        }
    case GML_NODE_INDEX:
      return may_affect_memory (n->u.index.x) || may_affect_memory (n->u.index.index);
    case GML_NODE_UNARY:
      return n->u.unary.op == GML_TOKEN_AND || n->u.unary.op == GML_TOKEN_ARROW
             || may_affect_memory (n->u.unary.x);
    case GML_NODE_STAR:
      return may_affect_memory (n->u.star.x);
    case GML_NODE_SELECTOR:
      return n->u.selector.selection.kind != GML_SEL_FIELD || may_affect_memory (n->u.selector.x);
    case GML_NODE_CALL:
      if (n->u.call.args.len != 1)
        return TRUE;
      if (n->u.call.call_kind == GML_CALL_CONVERSION && !gml_type_is_interface (n->type)
          && !is_string_conversion (n->type, n->u.call.args.items[0]->type))
        return may_affect_memory (n->u.call.args.items[0]);
      if (n->u.call.call_kind == GML_CALL_BUILTIN
          && (n->u.call.builtin == GML_BUILTIN_LEN || n->u.call.builtin == GML_BUILTIN_CAP))
        return may_affect_memory (n->u.call.args.items[0]);
      return TRUE;
    default:
      return TRUE;
    }
}

/* Is x a field selection, index or dereference (Go's ODOT/ODOTPTR/OINDEX
 * of a non-map)?  Writes its base and whether it goes through a pointer. */
static gboolean
dot_or_index (GmlNode  *n,
              GmlNode **x,
              int      *op)
{
  n = gml_node_unparen (n);
  if (n->kind == GML_NODE_SELECTOR && n->u.selector.selection.kind == GML_SEL_FIELD)
    {
      const GmlSelection *sel = &n->u.selector.selection;
      g_autofree gboolean *steps = g_new0 (gboolean, sel->path_len + 1);
      GmlType *t = path_steps (n->u.selector.x->type, sel, steps);

      *x = n->u.selector.x;
      *op = sel->path_len > 0 ? -1 : (t != NULL && pointer_elem (t) != NULL ? 2 : 1);
      return TRUE;
    }
  if (n->kind == GML_NODE_INDEX && !is_kind (n->u.index.x->type, GML_TYPE_MAP))
    {
      *x = n->u.index.x;
      *op = 3;
      return TRUE;
    }
  return FALSE;
}

/* Go's isSliceSelfAssign: b.buf = b.buf[n:m] stores nothing new. */
static gboolean
is_slice_self_assign (GmlNode *dst,
                      GmlNode *src)
{
  GmlNode *dx, *sx, *base;
  GmlObject *dv, *sv;
  int op;

  dst = gml_node_unparen (dst);
  src = gml_node_unparen (src);
  if (dst->kind == GML_NODE_STAR)
    dx = dst->u.star.x;
  else if (dot_or_index (dst, &dx, &op) && op == 2)
    ;
  else
    return FALSE;
  if ((dv = ident_var (dx)) == NULL || src->kind != GML_NODE_SLICE_EXPR)
    return FALSE;
  if (is_kind (src->u.slice.x->type, GML_TYPE_ARRAY))
    return FALSE;   /* slicing an array takes its address */
  base = gml_node_unparen (src->u.slice.x);
  if (base->kind == GML_NODE_STAR)
    sx = base->u.star.x;
  else if (dot_or_index (base, &sx, &op) && op == 2)
    ;
  else
    return FALSE;
  sv = ident_var (sx);
  return sv != NULL && sv == dv;
}

/* Go's isSelfAssign */
static gboolean
is_self_assign (GmlNode *dst,
                GmlNode *src)
{
  GmlNode *dx, *sx;
  int dop, sop;

  if (dst == NULL || src == NULL)
    return FALSE;
  if (is_slice_self_assign (dst, src))
    return TRUE;
  if (!dot_or_index (dst, &dx, &dop) || !dot_or_index (src, &sx, &sop) || dop != sop || dop < 0)
    return FALSE;
  if (dop == 3)
    {
      GmlNode *di = gml_node_unparen (dst)->u.index.index, *si = gml_node_unparen (src)->u.index.index;

      if (may_affect_memory (di) || may_affect_memory (si))
        return FALSE;
    }
  return same_safe_expr (dx, sx);
}

/* Go's reassigned: every target but variables declared by this very
 * statement is marked reassigned (range variables always are). */
static void
mark_reassigned (EscHole        *ks,
                 guint           n,
                 const gboolean *defs)
{
  for (guint i = 0; i < n; i++)
    {
      if (ks[i].dst == NULL || (defs != NULL && defs[i]))
        continue;
      ks[i].dst->reassigned = TRUE;
    }
}

static void
self_assign_message (Esc     *e,
                     GmlNode *where)
{
  g_autofree char *s = gml_node_expr_string (where);
  const char *fname = e->fn->func != NULL ? e->fn->func->short_name : "init";

  esc_add_message (e, GML_ESCAPE_NOTE, where->pos, FALSE, NULL, NULL,
                   g_strdup_printf ("%s ignoring self-assignment in %s", fname, s));
}

/* dsts... = srcs... (srcs may be shorter: comma-ok forms). */
static void
assign_list (Esc         *e,
             GmlNode    **dsts,
             guint        nd,
             GmlNode    **srcs,
             guint        ns,
             const char  *why,
             GmlNode     *where,
             const gboolean *defs)
{
  g_autofree EscHole *ks = g_new0 (EscHole, MAX (nd, 1));

  for (guint i = 0; i < nd; i++)
    ks[i] = addr (e, dsts[i]);
  for (guint i = 0; i < nd; i++)
    {
      GmlNode *src = i < ns ? srcs[i] : NULL;
      EscHole k = ks[i];

      if (dsts[i] != NULL && src != NULL && is_self_assign (dsts[i], src))
        {
          if (where != NULL)
            self_assign_message (e, where);
          k = esc_discard_hole (e);
        }
      if (src != NULL)
        expr (e, esc_note (e, k, where, why), src);
    }
  mark_reassigned (ks, nd, defs);
}

/* x, y = f() (Go's OAS2FUNC). */
static void
assign_call (Esc         *e,
             GmlNode    **dsts,
             guint        nd,
             GmlNode     *rhs,
             const gboolean *defs)
{
  g_autofree EscHole *ks = g_new0 (EscHole, MAX (nd, 1));

  for (guint i = 0; i < nd; i++)
    ks[i] = addr (e, dsts[i]);
  call (e, ks, nd, rhs);
  mark_reassigned (ks, nd, defs);
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */

static void
stmts (Esc         *e,
       GmlNodeList *l);

static void
block (Esc     *e,
       GmlNode *n)
{
  int depth = e->loop_depth;

  if (n == NULL)
    return;
  if (n->kind == GML_NODE_BLOCK)
    stmts (e, &n->u.block.stmts);
  else
    stmt (e, n);
  e->loop_depth = depth;
}

/* Declares the new variables of an assignment's left-hand side. */
static gboolean *
declare_lhs (Esc         *e,
             GmlNodeList *lhs,
             gboolean     define)
{
  gboolean *defs = g_new0 (gboolean, MAX (lhs->len, 1));

  for (guint i = 0; define && i < lhs->len; i++)
    if (declares (lhs->items[i]))
      {
        defs[i] = TRUE;
        dcl (e, gml_node_unparen (lhs->items[i])->u.ident.obj);
      }
  return defs;
}

static void
assign_stmt (Esc     *e,
             GmlNode *n)
{
  GmlNodeList *lhs = &n->u.assign.lhs, *rhs = &n->u.assign.rhs;
  GmlTokenKind op = n->u.assign.op;
  g_autofree gboolean *defs = NULL;

  if (op != GML_TOKEN_ASSIGN && op != GML_TOKEN_DEFINE)
    {
      /* x op= y: Go's OASOP flows y into x; a string += builds the
       * concatenation after escape analysis, on the heap. */
      if (lhs->len > 0 && lhs->items[0]->type != NULL && gml_type_is_string (lhs->items[0]->type)
          && op == GML_TOKEN_ADD_ASSIGN)
        n->esc = GML_ESC_HEAP;
      assign_list (e, lhs->items, MIN (lhs->len, 1), rhs->items, MIN (rhs->len, 1), "assign", n, NULL);
      return;
    }
  defs = declare_lhs (e, lhs, op == GML_TOKEN_DEFINE);
  esc_conv_positions_assign (e->b->ctx, lhs, rhs, op == GML_TOKEN_DEFINE);
  if (lhs->len > 1 && rhs->len == 1)
    {
      GmlNode *r = gml_node_unparen (rhs->items[0]);

      if (r->kind == GML_NODE_CALL && r->type != NULL && r->type->kind == GML_TYPE_TUPLE)
        {
          assign_call (e, lhs->items, lhs->len, r, defs);
          return;
        }
      assign_list (e, lhs->items, lhs->len, rhs->items, 1,
                   r->kind == GML_NODE_INDEX ? "assign-pair-mapr"
                   : r->kind == GML_NODE_TYPE_ASSERT ? "assign-pair-dot-type" : "assign-pair-receive",
                   n, defs);
      return;
    }
  assign_list (e, lhs->items, lhs->len, rhs->items, rhs->len,
               lhs->len > 1 ? "assign-pair" : "assign", n, defs);
}

static void
value_spec (Esc     *e,
            GmlNode *spec)
{
  GmlNodeList *names = &spec->u.value_spec.names, *values = &spec->u.value_spec.values;
  g_autofree gboolean *defs = g_new0 (gboolean, MAX (names->len, 1));

  if (values->len == 0)
    {
      for (guint i = 0; i < names->len; i++)
        dcl (e, names->items[i]->u.ident.obj);
      return;   /* the zero value: nothing flows, not a reassignment */
    }
  for (guint i = 0; i < names->len; i++)
    defs[i] = TRUE;
  esc_conv_positions_decl (e->b->ctx, names, values);
  if (names->len != values->len)
    {
      for (guint i = 0; i < names->len; i++)
        dcl (e, names->items[i]->u.ident.obj);
      if (values->len == 1)
        assign_call (e, names->items, names->len, gml_node_unparen (values->items[0]), defs);
      return;
    }
  for (guint i = 0; i < names->len; i++)
    {
      dcl (e, names->items[i]->u.ident.obj);
      assign_list (e, &names->items[i], 1, &values->items[i], 1, "assign", spec, defs + i);
    }
}

static void
decl_stmt (Esc     *e,
           GmlNode *n)
{
  GmlNode *d = n->u.decl_stmt.decl;

  if (d == NULL || d->kind != GML_NODE_GEN_DECL || d->u.gen_decl.tok != GML_TOKEN_VAR)
    return;
  for (guint i = 0; i < d->u.gen_decl.specs.len; i++)
    value_spec (e, d->u.gen_decl.specs.items[i]);
}

static void
return_stmt (Esc     *e,
             GmlNode *n)
{
  GmlFunc *f = e->fn->func;
  GmlNodeList *results = &n->u.ret.results;
  guint nr = f != NULL ? f->results->len : 0;
  g_autofree GmlNode **dsts = g_new0 (GmlNode *, MAX (nr, 1));
  g_autofree EscHole *ks = g_new0 (EscHole, MAX (nr, 1));

  if (f == NULL)
    return;
  for (guint i = 0; i < nr; i++)
    {
      EscLoc *loc = esc_var_loc (e, g_ptr_array_index (f->results, i));

      ks[i] = loc != NULL ? esc_hole (loc) : esc_discard_hole (e);
    }
  if (results->len == 1 && nr > 1 && results->items[0]->type != NULL
      && results->items[0]->type->kind == GML_TYPE_TUPLE)
    {
      /* return g(): g's results go through temporaries into ours. */
      gpointer num;

      if (g_hash_table_lookup_extended (e->fn->prep->tmp_numbers, n, NULL, &num))
        (void) num;
      call (e, ks, nr, gml_node_unparen (results->items[0]));
      mark_reassigned (ks, nr, NULL);
      return;
    }
  esc_conv_positions_return (e->b->ctx, n);
  for (guint i = 0; i < results->len && i < nr; i++)
    expr (e, esc_note (e, ks[i], n, "return"), results->items[i]);
  mark_reassigned (ks, nr, NULL);
}

static void
send_stmt (Esc     *e,
           GmlNode *n)
{
  esc_conv_positions_send (e->b->ctx, n);
  discard (e, n->u.send.chan);
  expr (e, esc_note (e, esc_heap_hole (e), n, "send"), n->u.send.value);
}

static void
expr_stmt (Esc     *e,
           GmlNode *n)
{
  GmlNode *x = gml_node_unparen (n->u.expr_stmt.x);

  if (x != NULL && x->kind == GML_NODE_CALL)
    call (e, NULL, 0, x);
  else
    discard (e, x);
}

/* go f(x) / defer f(x) (Go's goDeferStmt). */
static void
go_defer (Esc     *e,
          GmlNode *n)
{
  GmlNode *c = gml_node_unparen (n->u.go_defer.call);
  gboolean is_defer = n->kind == GML_NODE_DEFER_STMT;
  EscHole k = esc_heap_hole (e);
  EscClosure w = { 0 };
  EscHole wk;
  guint index;
  int saved;

  if (c == NULL || c->kind != GML_NODE_CALL)
    return;
  k = esc_note (e, k, n, is_defer ? "defer in a loop" : "go statement");
  if (is_defer && e->loop_depth == 1)
    {
      /* Top-level defers: their arguments last until the function returns. */
      k = esc_later (e, esc_discard_hole (e));
      n->esc = GML_ESC_STACK;
    }
  else if (is_defer)
    n->esc = GML_ESC_HEAP;
  if (c->u.call.call_kind == GML_CALL_FUNC || c->u.call.call_kind == GML_CALL_CLOSURE)
    {
      GmlType *sig = call_sig (c);

      if (sig != NULL && sig->u.func.n_params == 0 && sig->u.func.n_results == 0)
        {
          expr (e, k, c->u.call.fun);
          return;
        }
    }
  /* A wrapper closure captures the evaluated arguments. */
  w.captures = g_ptr_array_new ();
  g_array_append_val (e->b->closures, w);
  index = e->b->closures->len - 1;
  saved = e->fn->wrapper;
  e->fn->wrapper = (int) index;
  call (e, NULL, 0, c);
  e->fn->wrapper = saved;
  wk = esc_spill (e, k, n, ESC_LOC_WRAPPER);
  g_array_index (e->b->closures, EscClosure, index).k = wk;
}

/* Is the body's last statement a return or a panic (deadcode's cut)? */
static gboolean
ends_in_exit (GmlNode *blk)
{
  GmlNode *last;

  if (blk == NULL || blk->kind != GML_NODE_BLOCK || blk->u.block.stmts.len == 0)
    return FALSE;
  last = blk->u.block.stmts.items[blk->u.block.stmts.len - 1];
  if (last->kind == GML_NODE_RETURN_STMT)
    return TRUE;
  if (last->kind == GML_NODE_EXPR_STMT)
    {
      GmlNode *x = gml_node_unparen (last->u.expr_stmt.x);

      return x->kind == GML_NODE_CALL && x->u.call.call_kind == GML_CALL_BUILTIN
             && x->u.call.builtin == GML_BUILTIN_PANIC;
    }
  return FALSE;
}

static gboolean
const_bool (GmlNode *n,
            gboolean *value)
{
  if (n == NULL || n->cval == NULL || n->cval->kind != GML_CONST_BOOL)
    return FALSE;
  *value = n->cval->v.b;
  return TRUE;
}

/* Returns TRUE when the statements after n are dead (deadcode's cut). */
static gboolean
if_stmt (Esc     *e,
         GmlNode *n)
{
  gboolean v;

  stmt (e, n->u.if_stmt.init);
  if (const_bool (n->u.if_stmt.cond, &v))
    {
      /* Go's deadcode pass drops the branch that never runs. */
      GmlNode *live = v ? n->u.if_stmt.then : n->u.if_stmt.else_;

      block (e, live);
      return live != NULL && live->kind == GML_NODE_BLOCK && ends_in_exit (live);
    }
  discard (e, n->u.if_stmt.cond);
  block (e, n->u.if_stmt.then);
  block (e, n->u.if_stmt.else_);
  return FALSE;
}

static void
for_stmt (Esc     *e,
          GmlNode *n)
{
  gboolean v;

  stmt (e, n->u.for_stmt.init);
  if (const_bool (n->u.for_stmt.cond, &v) && !v)
    return;
  e->loop_depth++;
  discard (e, n->u.for_stmt.cond);
  stmt (e, n->u.for_stmt.post);
  block (e, n->u.for_stmt.body);
  e->loop_depth--;
}

static void
range_stmt (Esc     *e,
            GmlNode *n)
{
  GmlNode *lhs[2] = { n->u.range.key, n->u.range.value };
  GmlType *xt = under (n->u.range.x->type);
  EscLoc *tmp;
  EscHole ks[2];

  for (guint i = 0; i < 2 && n->u.range.define; i++)
    if (lhs[i] != NULL && declares (lhs[i]))
      dcl (e, gml_node_unparen (lhs[i])->u.ident.obj);
  tmp = esc_new_loc (e, ESC_LOC_TEMP, FALSE);
  expr (e, esc_hole (tmp), n->u.range.x);
  e->loop_depth++;
  for (guint i = 0; i < 2; i++)
    ks[i] = addr (e, lhs[i]);
  if (xt != NULL && xt->kind == GML_TYPE_ARRAY)
    esc_flow (e->b, esc_note (e, ks[1], n, "range"), tmp);
  else
    esc_flow (e->b, esc_deref (e, ks[1], n, "range-deref"), tmp);
  mark_reassigned (ks, 2, NULL);
  block (e, n->u.range.body);
  e->loop_depth--;
}

static void
switch_stmt (Esc     *e,
             GmlNode *n)
{
  GmlNodeList *clauses = &n->u.switch_stmt.clauses;

  stmt (e, n->u.switch_stmt.init);
  if (n->u.switch_stmt.tag != NULL && !n->u.switch_stmt.tag->implicit)
    discard (e, n->u.switch_stmt.tag);
  for (guint i = 0; i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];

      for (guint j = 0; j < cc->u.case_clause.list.len; j++)
        discard (e, cc->u.case_clause.list.items[j]);
      stmts (e, &cc->u.case_clause.body);
    }
}

static void
type_switch (Esc     *e,
             GmlNode *n)
{
  GmlNodeList *clauses = &n->u.type_switch.clauses;
  g_autofree EscHole *ks = g_new0 (EscHole, MAX (clauses->len, 1));
  guint nk = 0;

  stmt (e, n->u.type_switch.init);
  for (guint i = 0; n->u.type_switch.name != NULL && i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];
      GmlObject *v = cc->u.case_clause.obj;
      EscHole k;

      if (v == NULL)
        continue;
      k = dcl (e, v);
      if (esc_type_has_pointers (v->type))
        ks[nk++] = esc_dot_type (e, k, v->type, cc, "switch case");
    }
  expr (e, esc_tee (e, ks, nk), n->u.type_switch.x);
  for (guint i = 0; i < clauses->len; i++)
    stmts (e, &((GmlNode *) clauses->items[i])->u.case_clause.body);
}

static void
select_stmt (Esc     *e,
             GmlNode *n)
{
  GmlNodeList *clauses = &n->u.select_stmt.clauses;

  for (guint i = 0; i < clauses->len; i++)
    {
      GmlNode *cc = clauses->items[i];

      stmt (e, cc->u.comm_clause.comm);
      stmts (e, &cc->u.comm_clause.body);
    }
}

/* Returns TRUE when the rest of the statement list is dead. */
static gboolean
stmt_cut (Esc     *e,
          GmlNode *n)
{
  if (n == NULL)
    return FALSE;
  switch (n->kind)
    {
    case GML_NODE_BLOCK:        block (e, n); break;
    case GML_NODE_DECL_STMT:    decl_stmt (e, n); break;
    case GML_NODE_LABELED_STMT: stmt (e, n->u.labeled.stmt); break;
    case GML_NODE_EXPR_STMT:    expr_stmt (e, n); break;
    case GML_NODE_SEND_STMT:    send_stmt (e, n); break;
    case GML_NODE_INC_DEC_STMT:
      assign_list (e, &n->u.inc_dec.x, 1, NULL, 0, "assign", n, NULL);
      break;
    case GML_NODE_ASSIGN_STMT:  assign_stmt (e, n); break;
    case GML_NODE_GO_STMT:
    case GML_NODE_DEFER_STMT:   go_defer (e, n); break;
    case GML_NODE_RETURN_STMT:  return_stmt (e, n); break;
    case GML_NODE_IF_STMT:      return if_stmt (e, n);
    case GML_NODE_FOR_STMT:     for_stmt (e, n); break;
    case GML_NODE_RANGE_STMT:   range_stmt (e, n); break;
    case GML_NODE_SWITCH_STMT:  switch_stmt (e, n); break;
    case GML_NODE_TYPE_SWITCH:  type_switch (e, n); break;
    case GML_NODE_SELECT_STMT:  select_stmt (e, n); break;
    default:                    break;
    }
  return FALSE;
}

static void
stmt (Esc     *e,
      GmlNode *n)
{
  stmt_cut (e, n);
}

static void
stmts (Esc         *e,
       GmlNodeList *l)
{
  for (guint i = 0; i < l->len; i++)
    if (stmt_cut (e, l->items[i]))
      {
        /* Go keeps labelled statements after the cut (goto targets);
         * the subset has no goto, so the rest is dead. */
        break;
      }
}

static void
walk_body (Esc     *e,
           GmlFunc *f)
{
  EscFuncData *d = esc_func_data (e->b->ctx, f);

  d->state = ESC_FN_STARTED;
  if (f->body != NULL)
    block (e, f->body);
}

void
esc_walk_func (EscBatch *b,
               EscFn    *fn)
{
  Esc e = { b, fn, 1 };

  walk_body (&e, fn->func);
}

/* Does x.M take x's address implicitly (a pointer method on an
 * addressable value, possibly through embedded fields)? */
gboolean
esc_recv_implicit_addr (GmlNode *sel)
{
  const GmlSelection *s = &sel->u.selector.selection;
  g_autofree gboolean *steps = NULL;
  GmlType *t;

  if (s->kind != GML_SEL_METHOD || s->obj == NULL || !(s->obj->flags & GML_FUNC_PTR_RECV))
    return FALSE;
  steps = g_new0 (gboolean, s->path_len + 1);
  t = path_steps (sel->u.selector.x->type, s, steps);
  if (t == NULL || pointer_elem (t) != NULL)
    return FALSE;
  for (guint i = 0; i < s->path_len; i++)
    if (steps[i])
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Package initializers                                                */

static GmlObject *
outer_global (GmlNode *x)
{
  for (x = gml_node_unparen (x); x != NULL; x = gml_node_unparen (x))
    {
      if (x->kind == GML_NODE_SELECTOR && x->u.selector.selection.kind == GML_SEL_FIELD
          && !x->u.selector.selection.indirect)
        x = x->u.selector.x;
      else if (x->kind == GML_NODE_INDEX && is_kind (x->u.index.x->type, GML_TYPE_ARRAY))
        x = x->u.index.x;
      else
        break;
    }
  if (x != NULL && x->kind == GML_NODE_SELECTOR && x->u.selector.selection.kind == GML_SEL_QUALIFIED)
    return x->u.selector.selection.obj;
  return ident_var (x);
}

/* Go initializes statically what it can (staticinit): constants,
 * addresses of globals, func literals, and composite literals of those;
 * only the rest becomes code in the package's init function. */
static gboolean
is_static (GmlNode *n)
{
  n = gml_node_unparen (n);
  if (n == NULL || is_constant (n))
    return TRUE;
  switch (n->kind)
    {
    case GML_NODE_IDENT:
      return n->u.ident.obj == NULL || n->u.ident.obj->kind != GML_OBJ_VAR || is_global (n->u.ident.obj);
    case GML_NODE_FUNC_LIT:
      return TRUE;
    case GML_NODE_SELECTOR:
      return n->u.selector.selection.kind == GML_SEL_QUALIFIED
             || n->u.selector.selection.kind == GML_SEL_METHOD_EXPR;
    case GML_NODE_UNARY:
      if (n->u.unary.op != GML_TOKEN_AND)
        return FALSE;
      return gml_node_unparen (n->u.unary.x)->kind == GML_NODE_COMPOSITE_LIT
             || is_global (outer_global (n->u.unary.x));
    case GML_NODE_COMPOSITE_LIT:
      return !is_kind (n->type, GML_TYPE_MAP);
    case GML_NODE_CALL:
      if (n->u.call.call_kind != GML_CALL_CONVERSION || n->u.call.args.len != 1)
        return FALSE;
      if (gml_type_is_interface (n->type))
        return is_static (n->u.call.args.items[0]);
      return is_string_conversion (n->type, n->u.call.args.items[0]->type)
             && is_constant (n->u.call.args.items[0]) && is_kind (n->type, GML_TYPE_SLICE);
    default:
      return FALSE;
    }
}

/* The dynamic parts of a statically initialized value: elements of
 * composite literals that are not static themselves. */
static void
init_dynamic_parts (Esc     *e,
                    GmlNode *n)
{
  n = gml_node_unparen (n);
  if (n == NULL || is_constant (n))
    return;
  if (n->kind == GML_NODE_UNARY && n->u.unary.op == GML_TOKEN_AND)
    {
      init_dynamic_parts (e, n->u.unary.x);
      return;
    }
  if (n->kind == GML_NODE_CALL && n->u.call.call_kind == GML_CALL_CONVERSION && n->u.call.args.len == 1)
    {
      if (!is_static (n->u.call.args.items[0]))
        expr (e, esc_heap_hole (e), n);
      return;
    }
  if (n->kind != GML_NODE_COMPOSITE_LIT || is_kind (n->type, GML_TYPE_MAP))
    {
      if (!is_static (n))
        expr (e, esc_heap_hole (e), n);
      return;
    }
  for (guint i = 0; i < n->u.composite.elts.len; i++)
    {
      GmlNode *v = n->u.composite.elts.items[i];

      if (v->kind == GML_NODE_KEY_VALUE)
        v = v->u.kv.value;
      if (is_static (v))
        init_dynamic_parts (e, v);
      else
        expr (e, esc_heap_hole (e), v);
    }
}

/* One entry of a package's init_order: a VALUE_SPEC or an ASSIGN. */
void
esc_walk_init (Esc     *e,
               GmlNode *n)
{
  GmlNodeList *rhs;

  if (n->kind == GML_NODE_VALUE_SPEC)
    {
      rhs = &n->u.value_spec.values;
      esc_conv_positions_decl (e->b->ctx, &n->u.value_spec.names, rhs);
    }
  else if (n->kind == GML_NODE_ASSIGN_STMT)
    rhs = &n->u.assign.rhs;
  else
    return;
  for (guint i = 0; i < rhs->len; i++)
    {
      GmlNode *v = rhs->items[i];

      if (v->type != NULL && v->type->kind == GML_TYPE_TUPLE)
        call (e, NULL, 0, gml_node_unparen (v));
      else if (is_static (v))
        init_dynamic_parts (e, v);
      else
        expr (e, esc_note (e, esc_heap_hole (e), n, "assign"), v);
    }
}
