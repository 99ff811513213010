/* gml-escape-expr.c: expressions and calls as flows (Go 1.19's
 * escape/expr.go and call.go).
 *
 * Go analyses its IR after the type checker and a few rewrites that
 * our AST does not spell out; the walk applies them on the fly:
 *   - method calls x.M(a) are M(&x or *x, a) with the receiver's
 *     implicit address-of or dereference and embedded-field path;
 *   - variadic calls pack their extra arguments in an implicit slice
 *     ("... argument");
 *   - f(g()) goes through temporaries (".autotmp_N", numbered like Go's
 *     fn.Dcl), and so does a callee or receiver that contains a call;
 *   - go/defer of a call with arguments builds a wrapper closure that
 *     captures the evaluated arguments (see gml-escape-walk.c);
 *   - interface calls on a variable statically holding one concrete type
 *     are devirtualized (Go's devirtualize pass, gml-escape-prep.c).
 */
#include "gml-escape-private.h"

#include <string.h>

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

static EscHole
arg_hole (Esc     *e,
          EscHole  k,
          GmlNode *call_node)
{
  k = esc_note (e, k, call_node, "call parameter");
  if (k.notes != NULL)
    k.notes->param = e->param;
  return k;
}

/* Records the loop depth at a variable's declaration (Go's dcl). */
EscHole
esc_dcl (Esc       *e,
         GmlObject *v)
{
  EscLoc *loc = esc_var_loc (e, v);

  if (loc == NULL)
    return esc_discard_hole (e);
  loc->loop_depth = e->loop_depth;
  return esc_hole (loc);
}

/* The function signature a call goes to. */
GmlType *
esc_call_sig (GmlNode *n)
{
  GmlNode *fun = gml_node_unparen (n->u.call.fun);
  GmlType *t = fun != NULL ? esc_under (fun->type) : NULL;

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
  GmlType *u = esc_under (esc_pointer_elem (t) != NULL ? esc_pointer_elem (t) : t);

  if (u == NULL || u->kind != GML_TYPE_STRUCT || index >= u->u.strukt.n_fields)
    return NULL;
  return u->u.strukt.fields[index].type;
}

/* For x.f (or x.M) with an embedded path, which implicit steps go
 * through a pointer: steps[i] for path[i], then the final one.  Returns
 * the type before the final step (the receiver's for methods). */
GmlType *
esc_path_steps (GmlType            *t,
                const GmlSelection *sel,
                gboolean           *steps)
{
  for (guint i = 0; i < sel->path_len; i++)
    {
      steps[i] = esc_pointer_elem (t) != NULL;
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
  GmlType *t = esc_path_steps (x->type, sel, steps);

  steps[sel->path_len] = t != NULL && esc_pointer_elem (t) != NULL;
  k = apply_steps (e, k, n, steps, sel->path_len + 1);
  esc_expr (e, k, x);
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
  GmlType *t = esc_path_steps (x->type, sel, steps);
  gboolean is_ptr = t != NULL && esc_pointer_elem (t) != NULL;
  gboolean ptr_recv = method != NULL && (method->flags & GML_FUNC_PTR_RECV) != 0;

  if (method != NULL && ptr_recv && !is_ptr)
    k = esc_addr (e, k, n, "address-of");
  else if (method != NULL && !ptr_recv && is_ptr)
    k = esc_deref (e, k, n, "indirection");
  k = apply_steps (e, k, n, steps, sel->path_len);
  esc_expr (e, k, x);
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

  if (esc_is_constant (n) && !(n->kind == GML_NODE_CALL && n->u.call.call_kind == GML_CALL_CONVERSION
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

/* ir.HasUniquePos: names carry their declaration's position. */
static gboolean
has_own_pos (GmlNode *x)
{
  x = gml_node_unparen (x);
  return x != NULL && !(x->kind == GML_NODE_IDENT && x->cval == NULL);
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
      esc_expr (e, arg_hole (e, k, call_node), arg);
      return;
    }
  /* copyExpr: at the argument if it has a position of its own (not a
   * name), else at the call. */
  tmp = wrapper_tmp (e, has_own_pos (arg) ? arg->pos : call_node->pos, arg->type);
  esc_expr (e, esc_note (e, esc_hole (tmp), call_node, "assign"), arg);
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
      /* The receiver the wrapper captures has the method's receiver type;
       * it sits at the selector when an implicit &, * or field selection
       * (or the devirtualizing assertion) made it, else like an argument. */
      GmlType *rt = method != NULL && method->u.func.func != NULL && method->u.func.func->recv != NULL
                    ? method->u.func.func->recv->type : NULL;
      GmlNode *x = fun->u.selector.x;
      gboolean implicit = form == RECV_DEVIRT || fun->u.selector.selection.path_len > 0
                          || (rt != NULL && x->type != NULL
                              && (gml_type_underlying (rt)->kind == GML_TYPE_POINTER)
                                 != (gml_type_underlying (x->type)->kind == GML_TYPE_POINTER));

      tmp = wrapper_tmp (e, implicit ? fun->pos : has_own_pos (x) ? x->pos : n->pos, rt);
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
  esc_tmp_value (e, arg_hole (e, k, call_node), call_node, call_node->pos, a->tmp, param_type);
}

/* A temporary of f(g()), return g() or x, y = g() flows into k, through
 * an interface conversion when `to` needs one (reported at pos as
 * ".autotmp_N escapes to heap"). */
void
esc_tmp_value (Esc     *e,
               EscHole  k,
               GmlNode *where,
               GmlPos   pos,
               EscLoc  *tmp,
               GmlType *to)
{
  if (to != NULL && gml_type_is_interface (to) && !gml_type_is_interface (tmp->tmp_type)
      && !esc_type_is_direct_iface (tmp->tmp_type))
    {
      EscLoc *conv;

      k = maybe_blank (e, k, to);
      k = esc_spill (e, k, NULL, ESC_LOC_TMPCONV);
      conv = k.dst;
      conv->label = tmp->label;
      conv->pos = pos;
      k = esc_note (e, k, where, "interface-converted");
    }
  esc_flow (e->b, maybe_blank (e, k, tmp->tmp_type), tmp);
}

/* The temporaries t0, t1... := g() that Go's typecheck makes for a
 * multi-value call used as arguments, results or mismatched assignment
 * sources, numbered from `first`. */
EscLoc **
esc_call_into_tmps (Esc     *e,
                    GmlNode *call,
                    guint    first)
{
  GmlType *tuple = call->type;
  guint nr = tuple->u.tuple.n_elems;
  EscLoc **tmps = g_new0 (EscLoc *, MAX (nr, 1));
  g_autofree EscHole *ks = g_new0 (EscHole, MAX (nr, 1));

  for (guint i = 0; i < nr; i++)
    {
      tmps[i] = new_tmp (e, call->pos, tuple->u.tuple.elems[i], first + i);
      ks[i] = esc_hole (tmps[i]);
    }
  esc_call (e, ks, nr, call);
  return tmps;
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
      guint nr = inner->type->u.tuple.n_elems;
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (e->fn->prep->tmp_numbers, n));
      g_autofree EscLoc **tmps = esc_call_into_tmps (e, inner, first);

      /* t0, t1 := g(); f(t0, t1) */
      out = g_new0 (ArgVal, MAX (nr, 1));
      for (guint i = 0; i < nr; i++)
        {
          out[i].tmp = tmps[i];
          out[i].type = tmps[i]->tmp_type;
        }
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
          GmlType *et = pt != NULL && esc_is_kind (pt, GML_TYPE_SLICE) ? esc_under (pt)->u.slice.elem : NULL;
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
      esc_discard (e, args[i].node);
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
  t = esc_path_steps (typ, &sel, steps);
  if (t != NULL && esc_pointer_elem (t) != NULL && !(method->flags & GML_FUNC_PTR_RECV))
    k = esc_deref (e, k, fun, "indirection");
  k = apply_steps (e, k, fun, steps, sel.path_len);
  k = esc_dot_type (e, k, typ, fun, "dot");
  esc_expr (e, k, fun->u.selector.x);
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
  GmlType *sig = esc_call_sig (n);
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

      esc_expr (e, esc_note (e, esc_hole (tmp), n, "assign"), fun->u.selector.x);
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

      esc_expr (e, esc_note (e, esc_hole (tmp), n, "assign"), fun);
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
  st = esc_under (args->items[0]->type);
  if (st != NULL && st->kind == GML_TYPE_SLICE && esc_type_has_pointers (st->u.slice.elem))
    {
      EscHole tks[2] = { appendee, esc_deref (e, esc_heap_hole (e), n, "appendee slice") };

      appendee = esc_tee (e, tks, 2);
    }
  argument (e, appendee, n, args->items[0]);
  if (n->u.call.has_dots)
    {
      EscHole appended = esc_discard_hole (e);
      GmlType *at = args->len > 1 ? esc_under (args->items[1]->type) : NULL;

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
          GmlType *yt = esc_under (args->items[1]->type);
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
        GmlType *t = esc_under (n->type);

        if (t != NULL && (t->kind == GML_TYPE_SLICE || t->kind == GML_TYPE_MAP))
          esc_spill (e, nks > 0 ? ks[0] : esc_discard_hole (e), n, ESC_LOC_SITE);
        for (guint i = 1; i < args->len; i++)
          esc_discard (e, args->items[i]);
      }
      break;
    default:
      /* len, cap, close, delete, print, println, recover */
      if (n->u.call.builtin == GML_BUILTIN_DELETE)
        esc_conv_positions_builtin (e->b->ctx, n);
      for (guint i = 0; i < args->len; i++)
        argument (e, esc_discard_hole (e), n, args->items[i]);
      break;
    }
}

/* Go's call: ks are where the callee's results flow (NULL when unused). */
void
esc_call (Esc     *e,
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
        esc_expr (e, ks[0], n);
      else
        esc_discard (e, n);
      break;
    case GML_CALL_UNKNOWN:
      for (guint i = 0; i < n->u.call.args.len; i++)
        esc_discard (e, n->u.call.args.items[i]);
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
  GmlType *u = esc_under (t);

  if (u == NULL || u->kind != GML_TYPE_SLICE)
    return FALSE;
  *elem = esc_under (u->u.slice.elem)->kind;
  return *elem == GML_TYPE_UINT8 || *elem == GML_TYPE_INT32;
}

/* string(b), string(r), []byte(s), []rune(s), string(i): Go allocates. */
gboolean
esc_is_string_conversion (GmlType *to,
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
        esc_discard (e, n->u.call.args.items[i]);
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
      esc_expr (e, esc_note (e, k, n, "interface-converted"), arg);
      return;
    }
  if (esc_is_string_conversion (to, from))
    {
      esc_spill (e, k, n, ESC_LOC_SITE);
      esc_discard (e, arg);
      return;
    }
  esc_expr (e, k, arg);
}

static void
method_value (Esc     *e,
              EscHole  k,
              GmlNode *n)
{
  const GmlSelection *sel = &n->u.selector.selection;
  GmlObject *m = sel->kind == GML_SEL_METHOD ? sel->obj : NULL;
  GmlFunc *f = m != NULL ? m->u.func.func : NULL;
  GmlType *sig = esc_under (n->type);
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
    esc_expr (e, esc_tee (e, tks, 2), n->u.selector.x);
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
  GmlType *t = esc_under (x->type);

  if (t == NULL)
    return;
  switch (t->kind)
    {
    case GML_TYPE_MAP:
      esc_conv_positions_index (e->b->ctx, n);
      esc_discard (e, x);
      break;
    case GML_TYPE_ARRAY:
      esc_expr (e, esc_note (e, k, n, "fixed-array-index-of"), x);
      break;
    case GML_TYPE_POINTER:
      esc_expr (e, esc_deref (e, esc_note (e, k, n, "fixed-array-index-of"), n, "indirection"), x);
      break;
    default:
      esc_expr (e, esc_deref (e, k, n, "dot of pointer"), x);
      break;
    }
  esc_discard (e, n->u.index.index);
}

static void
slice_expr (Esc     *e,
            EscHole  k,
            GmlNode *n)
{
  GmlNode *x = n->u.slice.x;
  GmlType *t = esc_under (x->type);

  k = esc_note (e, k, n, "slice");
  if (t != NULL && t->kind == GML_TYPE_ARRAY)
    k = esc_addr (e, k, n, "address-of");
  esc_expr (e, k, x);
  esc_discard (e, n->u.slice.lo);
  esc_discard (e, n->u.slice.hi);
  esc_discard (e, n->u.slice.max);
}

static void
composite_lit (Esc     *e,
               EscHole  k,
               GmlNode *n)
{
  GmlNodeList *elts = &n->u.composite.elts;
  GmlType *t = n->type;
  GmlType *u;

  if (n->u.composite.type == NULL && esc_pointer_elem (t) != NULL)
    {
      /* An elided &T{...} inside another literal. */
      k = esc_spill (e, k, n, ESC_LOC_SITE);
      t = esc_pointer_elem (t);
    }
  u = esc_under (t);
  if (u == NULL)
    return;
  esc_conv_positions_lit (e->b->ctx, n);
  switch (u->kind)
    {
    case GML_TYPE_SLICE:
      k = esc_spill (e, k, n, n->u.composite.type == NULL && esc_pointer_elem (n->type) != NULL
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
            esc_expr (e, esc_note (e, k, n, why), v);
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
              esc_discard (e, kv);
              continue;
            }
          esc_expr (e, esc_note (e, esc_heap_hole (e), n, "map literal key"), kv->u.kv.key);
          esc_expr (e, esc_note (e, esc_heap_hole (e), n, "map literal value"), kv->u.kv.value);
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

    esc_walk_body (&inner, f);
  }
}

/* The operands of a + b + c... (one Go OADDSTR). */
static void
concat_operands (GmlNode   *n,
                 GPtrArray *out)
{
  GmlNode *x = gml_node_unparen (n->u.binary.x);

  if (x->kind == GML_NODE_BINARY && x->u.binary.op == GML_TOKEN_ADD && !esc_is_constant (x)
      && gml_type_is_string (x->type))
    concat_operands (x, out);
  else
    g_ptr_array_add (out, x);
  g_ptr_array_add (out, n->u.binary.y);
}

/* An operand of a comparison (or a switch case) that the checker
 * converted to an interface: Go compares without converting (walk's
 * efaceeq), so there is no allocation and no -m line. */
void
esc_compare_operand (Esc     *e,
                     GmlNode *x)
{
  GmlNode *u = gml_node_unparen (x);

  if (u != NULL && u->kind == GML_NODE_CALL && u->implicit && u->u.call.args.len == 1)
    {
      u->esc = GML_ESC_STACK;
      esc_discard (e, u->u.call.args.items[0]);
      return;
    }
  esc_discard (e, x);
}

static gboolean
is_comparison (GmlTokenKind op)
{
  return op == GML_TOKEN_EQL || op == GML_TOKEN_NEQ;
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
        esc_discard (e, g_ptr_array_index (ops, i));
      return;
    }
  if (is_comparison (n->u.binary.op))
    {
      esc_compare_operand (e, n->u.binary.x);
      esc_compare_operand (e, n->u.binary.y);
      return;
    }
  esc_discard (e, n->u.binary.x);
  esc_discard (e, n->u.binary.y);
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
      esc_expr (e, esc_addr (e, k, n, "address-of"), x);
      return;
    }
  esc_discard (e, x);
}

static void
var_ref (Esc     *e,
         EscHole  k,
         GmlNode *n)
{
  GmlObject *v = n->u.ident.obj;

  if (v == NULL || v->kind != GML_OBJ_VAR || esc_is_global (v))
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
    esc_call (e, &k, 1, n);
}

/* Go's expr: evaluates n and flows its value into k. */
void
esc_expr (Esc     *e,
          EscHole  k,
          GmlNode *n)
{
  n = gml_node_unparen (n);
  if (n == NULL || esc_is_constant (n))
    return;
  k = maybe_blank (e, k, n->type);
  switch (n->kind)
    {
    case GML_NODE_IDENT:         var_ref (e, k, n); break;
    case GML_NODE_SELECTOR:      selector (e, k, n); break;
    case GML_NODE_INDEX:         index_expr (e, k, n); break;
    case GML_NODE_SLICE_EXPR:    slice_expr (e, k, n); break;
    case GML_NODE_TYPE_ASSERT:
      esc_expr (e, esc_dot_type (e, k, n->type, n, "dot"), n->u.assert.x);
      break;
    case GML_NODE_CALL:          call_expr (e, k, n); break;
    case GML_NODE_STAR:
      esc_expr (e, esc_deref (e, k, n, "indirection"), n->u.star.x);
      break;
    case GML_NODE_UNARY:         unary (e, k, n); break;
    case GML_NODE_BINARY:        binary (e, k, n); break;
    case GML_NODE_COMPOSITE_LIT: composite_lit (e, k, n); break;
    case GML_NODE_FUNC_LIT:      func_lit (e, k, n); break;
    default:                     break;
    }
}

void
esc_discard (Esc     *e,
             GmlNode *n)
{
  esc_expr (e, esc_discard_hole (e), n);
}

