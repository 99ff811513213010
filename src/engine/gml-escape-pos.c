/* gml-escape-pos.c: where Go reports an implicit conversion.
 *
 * Go's noder creates the implicit interface conversions of arguments,
 * results and assignments at `base.Pos`, a global that each expression it
 * translates moves to its own position (names included, constants not),
 * and that the argument loop of typecheckaste moves again to each
 * argument *unless it is a name* (ir.HasUniquePos).  Hence, observed with
 * Go 1.19:
 *
 *   fmt.Println(n, p)          n and p at the '(' of the call
 *   fmt.Println("x", n)        n at "x"
 *   return a, b                a and b at b
 *   sink = s[0]                at sink (the left side is translated last)
 *   var c any = 5              at c (the declaration)
 *
 * The escape analysis reports conversions at these positions; the
 * checker's own positions are kept for everything else.
 */
#include "gml-escape-private.h"

/* Is x a variable or function name (an ONAME, without a position of its
 * own)? */
static gboolean
is_name (GmlNode *x)
{
  x = gml_node_unparen (x);
  return x != NULL && x->kind == GML_NODE_IDENT && x->cval == NULL && x->u.ident.obj != NULL
         && (x->u.ident.obj->kind == GML_OBJ_VAR || x->u.ident.obj->kind == GML_OBJ_FUNC);
}

static GmlNode *
strip_implicit (GmlNode *x)
{
  x = gml_node_unparen (x);
  while (x != NULL && x->kind == GML_NODE_CALL && x->implicit && x->u.call.args.len == 1)
    x = gml_node_unparen (x->u.call.args.items[0]);
  return x;
}

typedef struct
{
  GmlPos pos;
} Leaf;

static void leaf_of (Leaf *l, GmlNode *x);

static void
leaf_child_cb (GmlNode    *child,
               const char *label,
               int         index,
               gpointer    data)
{
  leaf_of (data, child);
}

/* Moves l->pos as Go's noder moves base.Pos while translating x:
 * pre-order, each non-constant value expression sets it. */
static void
leaf_of (Leaf    *l,
         GmlNode *x)
{
  x = strip_implicit (x);
  if (x == NULL || x->cval != NULL || x->mode == GML_MODE_TYPEXPR || x->mode == GML_MODE_BUILTIN)
    return;
  switch (x->kind)
    {
    case GML_NODE_IDENT:
      if (x->u.ident.obj != NULL && x->u.ident.obj->kind == GML_OBJ_VAR
          && (x->u.ident.obj->flags & GML_VAR_BLANK))
        return;
      l->pos = x->pos;
      return;
    case GML_NODE_FUNC_LIT:
    case GML_NODE_BASIC_LIT:
      l->pos = x->pos;
      return;
    case GML_NODE_SELECTOR:
      l->pos = x->pos;
      if (x->u.selector.selection.kind != GML_SEL_QUALIFIED)
        leaf_of (l, x->u.selector.x);
      return;
    case GML_NODE_CALL:
      l->pos = x->pos;
      leaf_of (l, x->u.call.fun);
      for (guint i = 0; i < x->u.call.args.len; i++)
        leaf_of (l, x->u.call.args.items[i]);
      /* transformCall puts base.Pos back on the call itself (builtins
       * and conversions do not). */
      if (x->u.call.call_kind != GML_CALL_BUILTIN && x->u.call.call_kind != GML_CALL_CONVERSION)
        l->pos = x->pos;
      return;
    case GML_NODE_COMPOSITE_LIT:
      l->pos = x->pos;
      for (guint i = 0; i < x->u.composite.elts.len; i++)
        leaf_of (l, x->u.composite.elts.items[i]);
      return;
    case GML_NODE_KEY_VALUE:
      /* Struct field names are not expressions. */
      if (x->u.kv.key != NULL
          && !(x->u.kv.key->kind == GML_NODE_IDENT && x->u.kv.key->u.ident.obj != NULL
               && (x->u.kv.key->u.ident.obj->flags & GML_VAR_FIELD)))
        leaf_of (l, x->u.kv.key);
      leaf_of (l, x->u.kv.value);
      return;
    case GML_NODE_INDEX:
    case GML_NODE_SLICE_EXPR:
    case GML_NODE_TYPE_ASSERT:
    case GML_NODE_STAR:
    case GML_NODE_UNARY:
    case GML_NODE_BINARY:
      l->pos = x->pos;
      gml_node_foreach_child (x, leaf_child_cb, l);
      return;
    default:
      return;
    }
}

static GmlPos
leaf_list (GmlNodeList *list,
           GmlPos       start)
{
  Leaf l = { start };

  for (guint i = 0; list != NULL && i < list->len; i++)
    leaf_of (&l, list->items[i]);
  return l.pos;
}

static void
set_pos (EscCtx  *ctx,
         GmlNode *conv,
         GmlPos   pos)
{
  GmlPos *p;

  if (conv == NULL || !gml_pos_is_valid (pos))
    return;
  conv = gml_node_unparen (conv);
  if (conv->kind != GML_NODE_CALL || !conv->implicit)
    return;
  p = gml_arena_new0 (ctx->arena, GmlPos);
  *p = pos;
  g_hash_table_insert (ctx->conv_pos, conv, p);
}

/* typecheckaste's loop: names keep the position of the last argument
 * that has one of its own. */
static void
args_loop (EscCtx      *ctx,
           GmlNodeList *args,
           GmlPos       base)
{
  for (guint i = 0; i < args->len; i++)
    {
      GmlNode *a = args->items[i], *x = strip_implicit (a);

      if (x != NULL && !is_name (x))
        base = x->pos;
      set_pos (ctx, a, base);
    }
}

void
esc_conv_positions_call (EscCtx  *ctx,
                         GmlNode *call)
{
  args_loop (ctx, &call->u.call.args, call->pos);
}

void
esc_conv_positions_return (EscCtx  *ctx,
                           GmlNode *ret)
{
  GmlNodeList *results = &ret->u.ret.results;

  args_loop (ctx, results, leaf_list (results, ret->pos));
}

/* Where an assignment's conversions are: the right side is translated
 * first; names a := declares are not translated as expressions. */
GmlPos
esc_assign_conv_pos (GmlNodeList *lhs,
                     GmlNodeList *rhs,
                     gboolean     define)
{
  GmlPos pos = leaf_list (rhs, GML_POS_NONE);

  return define ? pos : leaf_list (lhs, pos);
}

/* A var declaration's: at the declaration, or its last value. */
GmlPos
esc_decl_conv_pos (GmlNodeList *names,
                   GmlNodeList *values)
{
  return leaf_list (values, names->len > 0 ? names->items[0]->pos : GML_POS_NONE);
}

void
esc_conv_positions_assign (EscCtx      *ctx,
                           GmlNodeList *lhs,
                           GmlNodeList *rhs,
                           gboolean     define)
{
  GmlPos pos = esc_assign_conv_pos (lhs, rhs, define);

  for (guint i = 0; i < rhs->len; i++)
    set_pos (ctx, rhs->items[i], pos);
}

void
esc_conv_positions_decl (EscCtx      *ctx,
                         GmlNodeList *names,
                         GmlNodeList *values)
{
  GmlPos pos = esc_decl_conv_pos (names, values);

  for (guint i = 0; i < values->len; i++)
    set_pos (ctx, values->items[i], pos);
}

void
esc_conv_positions_send (EscCtx  *ctx,
                         GmlNode *send)
{
  Leaf l = { send->pos };

  leaf_of (&l, send->u.send.chan);
  leaf_of (&l, send->u.send.value);
  set_pos (ctx, send->u.send.value, l.pos);
}

/* append's and panic's conversions: no per-argument positions, the
 * last one the noder set. */
void
esc_conv_positions_builtin (EscCtx  *ctx,
                            GmlNode *call)
{
  GmlNodeList *args = &call->u.call.args;
  GmlPos pos = leaf_list (args, call->pos);

  for (guint i = 0; i < args->len; i++)
    set_pos (ctx, args->items[i], pos);
}

/* Keyed elements of composite literals are converted at the ':' (Go's
 * transformCompLit sets the position to the key-value pair; unkeyed
 * elements keep their own, names included, which the noder wraps). */
void
esc_conv_positions_lit (EscCtx  *ctx,
                        GmlNode *lit)
{
  GmlNodeList *elts = &lit->u.composite.elts;

  for (guint i = 0; i < elts->len; i++)
    {
      GmlNode *kv = elts->items[i];

      if (kv->kind != GML_NODE_KEY_VALUE)
        continue;
      set_pos (ctx, kv->u.kv.key, kv->pos);
      set_pos (ctx, kv->u.kv.value, kv->pos);
    }
}

/* m[k] with an interface key: k is converted once m and k are
 * translated. */
void
esc_conv_positions_index (EscCtx  *ctx,
                          GmlNode *index)
{
  Leaf l = { index->pos };

  leaf_of (&l, index->u.index.x);
  leaf_of (&l, index->u.index.index);
  set_pos (ctx, index->u.index.index, l.pos);
}

/* Where Go reports the allocation site n. */
GmlPos
esc_site_pos (EscCtx  *ctx,
              GmlNode *n)
{
  GmlPos *p = n != NULL ? g_hash_table_lookup (ctx->conv_pos, n) : NULL;

  return p != NULL ? *p : n != NULL ? n->pos : GML_POS_NONE;
}
