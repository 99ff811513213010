/* gml-ast.c: syntax tree helpers: names, allocation, positions, Go's
 * compiler spelling of expressions, and the tree dump used by the parser's
 * golden tests. */
#include "gml-ast-private.h"

#include <string.h>

static const char *token_strings[] = {
#define X(name, str) str,
#include "gml-token.def"
#undef X
};

static const char *node_kind_names[] = {
#define X(name, str) str,
#include "gml-ast-node.def"
#undef X
};

G_STATIC_ASSERT (G_N_ELEMENTS (token_strings) == GML_N_TOKENS);
G_STATIC_ASSERT (G_N_ELEMENTS (node_kind_names) == GML_N_NODE_KINDS);

const char *
gml_token_string (GmlTokenKind kind)
{
  g_return_val_if_fail (kind < GML_N_TOKENS, "?");
  return token_strings[kind];
}

const char *
gml_node_kind_name (GmlNodeKind kind)
{
  g_return_val_if_fail (kind < GML_N_NODE_KINDS, "?");
  return node_kind_names[kind];
}

GmlNode *
gml_node_new (GmlArena    *arena,
              GmlNodeKind  kind,
              GmlPos       pos)
{
  GmlNode *node = gml_arena_new0 (arena, GmlNode);

  node->kind = kind;
  node->pos = pos;
  return node;
}

GmlNodeList
gml_node_list_from_array (GmlArena  *arena,
                          GPtrArray *nodes)
{
  GmlNodeList l = { NULL, 0 };

  if (nodes == NULL || nodes->len == 0)
    return l;
  l.items = gml_arena_newv (arena, GmlNode *, nodes->len);
  memcpy (l.items, nodes->pdata, nodes->len * sizeof (GmlNode *));
  l.len = nodes->len;
  return l;
}

/* ------------------------------------------------------------------ */
/* Positions                                                           */

/* The child that holds the leftmost token, or NULL if node starts itself
 * (Go's syntax.StartPos). */
static GmlNode *
leftmost_child (const GmlNode *n)
{
  /* a conversion inserted by the checker starts where its operand does */
  if (n->kind == GML_NODE_CALL && n->implicit && n->u.call.args.len == 1)
    return n->u.call.args.items[0];
  switch (n->kind)
    {
    case GML_NODE_COMPOSITE_LIT: return n->u.composite.type;
    case GML_NODE_KEY_VALUE:     return n->u.kv.key;
    case GML_NODE_SELECTOR:      return n->u.selector.x;
    case GML_NODE_INDEX:         return n->u.index.x;
    case GML_NODE_SLICE_EXPR:    return n->u.slice.x;
    case GML_NODE_TYPE_ASSERT:   return n->u.assert.x;
    case GML_NODE_CALL:          return n->u.call.fun;
    case GML_NODE_BINARY:        return n->u.binary.x;
    case GML_NODE_EXPR_STMT:     return n->u.expr_stmt.x;
    case GML_NODE_SEND_STMT:     return n->u.send.chan;
    case GML_NODE_INC_DEC_STMT:  return n->u.inc_dec.x;
    case GML_NODE_LABELED_STMT:  return n->u.labeled.label;
    case GML_NODE_ASSIGN_STMT:
      return n->u.assign.lhs.len > 0 ? n->u.assign.lhs.items[0] : NULL;
    case GML_NODE_FIELD:
      return n->u.field.names.len > 0 ? n->u.field.names.items[0] : n->u.field.type;
    default:
      return NULL;
    }
}

GmlPos
gml_node_start_pos (const GmlNode *node)
{
  g_return_val_if_fail (node != NULL, GML_POS_NONE);

  for (;;)
    {
      GmlNode *child;

      if (node->kind == GML_NODE_FILE)
        return (GmlPos) { 1, 1 };
      child = leftmost_child (node);
      if (child == NULL)
        return node->pos;
      node = child;
    }
}

GmlNode *
gml_node_unparen (GmlNode *node)
{
  while (node != NULL && node->kind == GML_NODE_PAREN)
    node = node->u.paren.x;
  return node;
}

/* ------------------------------------------------------------------ */
/* Go's compiler spelling (cmd/compile/internal/ir's exprFmt)          */

static void expr_fmt (GString *s, const GmlNode *n, int prec);
static void type_fmt (GString *s, const GmlNode *n);

/* Precedences as in ir.OpPrec. */
static int
binary_prec (GmlTokenKind op)
{
  switch (op)
    {
    case GML_TOKEN_MUL: case GML_TOKEN_QUO: case GML_TOKEN_REM:
    case GML_TOKEN_SHL: case GML_TOKEN_SHR: case GML_TOKEN_AND:
    case GML_TOKEN_AND_NOT:
      return 6;
    case GML_TOKEN_ADD: case GML_TOKEN_SUB: case GML_TOKEN_OR:
    case GML_TOKEN_XOR:
      return 5;
    case GML_TOKEN_LAND:
      return 3;
    case GML_TOKEN_LOR:
      return 2;
    default:
      return 4; /* comparisons */
    }
}

static int
node_prec (const GmlNode *n)
{
  switch (n->kind)
    {
    case GML_NODE_BINARY: return binary_prec (n->u.binary.op);
    case GML_NODE_UNARY:
      /* &T{...} is Go's OPTRLIT, which has no precedence (0). */
      if (n->u.unary.op == GML_TOKEN_AND && gml_node_unparen (n->u.unary.x) != NULL
          && gml_node_unparen (n->u.unary.x)->kind == GML_NODE_COMPOSITE_LIT)
        return 0;
      return 7;
    case GML_NODE_STAR:   return 7;
    case GML_NODE_FUNC_LIT: return 0;   /* OCLOSURE: "(func literal)(x)" */
    default:              return 8;
    }
}

static void
list_fmt (GString           *s,
          const GmlNodeList *l,
          const char        *sep)
{
  for (guint i = 0; i < l->len; i++)
    {
      if (i > 0)
        g_string_append (s, sep);
      expr_fmt (s, l->items[i], 0);
    }
}

static gboolean
is_type_literal (const GmlNode *n)
{
  switch (n->kind)
    {
    case GML_NODE_ARRAY_TYPE:
    case GML_NODE_STRUCT_TYPE:
    case GML_NODE_FUNC_TYPE:
    case GML_NODE_INTERFACE_TYPE:
    case GML_NODE_MAP_TYPE:
    case GML_NODE_CHAN_TYPE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Go prints the value of a struct tag quoted with strconv.Quote. */
static void
tag_fmt (GString       *s,
         const GmlNode *tag)
{
  const char *raw = tag->u.lit.raw;
  gsize len = strlen (raw);

  if (len >= 2 && raw[0] == '`' && raw[len - 1] == '`')
    {
      g_autofree char *body = g_strndup (raw + 1, len - 2);
      g_autofree char *esc = g_strescape (body, NULL);

      g_string_append_printf (s, " \"%s\"", esc);
    }
  else
    g_string_append_printf (s, " %s", raw);
}

static void
struct_fmt (GString       *s,
            const GmlNode *n)
{
  const GmlNodeList *fields = &n->u.struct_type.fields;
  gboolean first = TRUE;

  if (fields->len == 0)
    {
      g_string_append (s, "struct {}");
      return;
    }
  g_string_append (s, "struct {");
  for (guint i = 0; i < fields->len; i++)
    {
      const GmlNode *f = fields->items[i];
      guint n_names = MAX (f->u.field.names.len, 1);

      for (guint j = 0; j < n_names; j++)
        {
          g_string_append (s, first ? " " : "; ");
          first = FALSE;
          if (f->u.field.names.len > 0)
            g_string_append_printf (s, "%s ", f->u.field.names.items[j]->u.ident.name);
          type_fmt (s, f->u.field.type);
          if (f->u.field.tag != NULL)
            tag_fmt (s, f->u.field.tag);
        }
    }
  g_string_append (s, " }");
}

static void
params_fmt (GString           *s,
            const GmlNodeList *params)
{
  gboolean first = TRUE;

  for (guint i = 0; i < params->len; i++)
    {
      const GmlNode *f = params->items[i];
      guint n = MAX (f->u.field.names.len, 1);

      for (guint j = 0; j < n; j++)
        {
          if (!first)
            g_string_append (s, ", ");
          first = FALSE;
          type_fmt (s, f->u.field.type);
        }
    }
}

static guint
count_params (const GmlNodeList *params)
{
  guint n = 0;

  for (guint i = 0; i < params->len; i++)
    n += MAX (params->items[i]->u.field.names.len, 1);
  return n;
}

static void
signature_fmt (GString       *s,
               const GmlNode *n)
{
  const GmlNodeList *results = &n->u.func_type.results;

  g_string_append_c (s, '(');
  params_fmt (s, &n->u.func_type.params);
  g_string_append_c (s, ')');
  if (results->len == 0)
    return;
  if (count_params (results) == 1)
    {
      g_string_append_c (s, ' ');
      params_fmt (s, results);
      return;
    }
  g_string_append (s, " (");
  params_fmt (s, results);
  g_string_append_c (s, ')');
}

static void
interface_fmt (GString       *s,
               const GmlNode *n)
{
  const GmlNodeList *methods = &n->u.interface_type.methods;

  if (methods->len == 0)
    {
      g_string_append (s, "interface {}");
      return;
    }
  g_string_append (s, "interface {");
  for (guint i = 0; i < methods->len; i++)
    {
      const GmlNode *m = methods->items[i];

      g_string_append (s, i == 0 ? " " : "; ");
      if (m->u.field.names.len > 0 && m->u.field.type->kind == GML_NODE_FUNC_TYPE)
        {
          g_string_append (s, m->u.field.names.items[0]->u.ident.name);
          signature_fmt (s, m->u.field.type);
        }
      else
        type_fmt (s, m->u.field.type);
    }
  g_string_append (s, " }");
}

static void
chan_fmt (GString       *s,
          const GmlNode *n)
{
  const GmlNode *elem = n->u.chan_type.elem;

  switch (n->u.chan_type.dir)
    {
    case GML_CHAN_RECV:
      g_string_append (s, "<-chan ");
      break;
    case GML_CHAN_SEND:
      g_string_append (s, "chan<- ");
      break;
    default:
      g_string_append (s, "chan ");
      /* chan (<-chan T): without parentheses it would read chan<- (chan T) */
      if (elem->kind == GML_NODE_CHAN_TYPE && elem->u.chan_type.dir == GML_CHAN_RECV)
        {
          g_string_append_c (s, '(');
          type_fmt (s, elem);
          g_string_append_c (s, ')');
          return;
        }
      break;
    }
  type_fmt (s, elem);
}

/* A type expression, as Go's types package spells it. */
static void
type_fmt (GString       *s,
          const GmlNode *n)
{
  n = gml_node_unparen ((GmlNode *) n);
  switch (n->kind)
    {
    case GML_NODE_ARRAY_TYPE:
      g_string_append_c (s, '[');
      /* Go prints the type, whose length is a number ([...]T, [N+1]T). */
      if (n->type != NULL && n->type->kind == GML_TYPE_ARRAY)
        g_string_append_printf (s, "%" G_GINT64_FORMAT, n->type->u.array.len);
      else if (n->u.array_type.len != NULL && n->u.array_type.len->cval != NULL
               && n->u.array_type.len->cval->kind == GML_CONST_INT)
        g_string_append_printf (s, "%" G_GINT64_FORMAT, (gint64) n->u.array_type.len->cval->v.i);
      else if (n->u.array_type.len != NULL)
        expr_fmt (s, n->u.array_type.len, 0);
      g_string_append_c (s, ']');
      type_fmt (s, n->u.array_type.elem);
      break;
    case GML_NODE_MAP_TYPE:
      g_string_append (s, "map[");
      type_fmt (s, n->u.map_type.key);
      g_string_append_c (s, ']');
      type_fmt (s, n->u.map_type.value);
      break;
    case GML_NODE_STAR:
      g_string_append_c (s, '*');
      type_fmt (s, n->u.star.x);
      break;
    case GML_NODE_ELLIPSIS:
      g_string_append (s, "...");
      if (n->u.ellipsis.elem != NULL)
        type_fmt (s, n->u.ellipsis.elem);
      break;
    case GML_NODE_FUNC_TYPE:
      g_string_append (s, "func");
      signature_fmt (s, n);
      break;
    case GML_NODE_STRUCT_TYPE:    struct_fmt (s, n); break;
    case GML_NODE_INTERFACE_TYPE: interface_fmt (s, n); break;
    case GML_NODE_CHAN_TYPE:      chan_fmt (s, n); break;
    default:                      expr_fmt (s, n, 0); break;
    }
}

static void
composite_fmt (GString       *s,
               const GmlNode *n)
{
  const char *braces = n->u.composite.elts.len > 0 ? "{...}" : "{}";

  /* The type as written keeps Go's spelling (any, byte, rune); elided
   * types come from the checker. */
  if (n->u.composite.type != NULL)
    {
      type_fmt (s, n->u.composite.type);
      g_string_append (s, braces);
    }
  else if (n->type != NULL && n->type->kind == GML_TYPE_POINTER)
    {
      /* An elided &T{...} in a literal of pointers. */
      g_autofree char *t = gml_type_string (n->type->u.pointer.elem, GML_TYPE_STRING_ERROR);

      g_string_append_printf (s, "&%s%s", t, braces);
    }
  else if (n->type != NULL)
    {
      g_autofree char *t = gml_type_string (n->type, GML_TYPE_STRING_ERROR);

      g_string_append_printf (s, "%s%s", t, braces);
    }
  else
    g_string_append (s, "composite literal");
}

/* The embedded fields a selection walks before its final field or
 * method: Go prints these implicit selections (x.E.f). */
static void
path_fmt (GString            *s,
          GmlType            *t,
          const GmlSelection *sel)
{
  for (guint i = 0; t != NULL && i < sel->path_len; i++)
    {
      GmlType *u = gml_type_underlying (t);

      if (u->kind == GML_TYPE_POINTER)
        u = gml_type_underlying (u->u.pointer.elem);
      if (u->kind != GML_TYPE_STRUCT || sel->path[i] >= u->u.strukt.n_fields)
        return;
      g_string_append_printf (s, ".%s", u->u.strukt.fields[sel->path[i]].name);
      t = u->u.strukt.fields[sel->path[i]].type;
    }
}

/* The method expression Go's compiler rewrites a method call to:
 * T.M or (*T).M, for the method's declared receiver. */
static void
method_expr_fmt (GString   *s,
                 GmlObject *m)
{
  GmlType *base = m->u.func.recv_base;
  g_autofree char *ts = base != NULL ? gml_type_string (base, GML_TYPE_STRING_ERROR) : g_strdup ("?");

  if (m->flags & GML_FUNC_PTR_RECV)
    g_string_append_printf (s, "(*%s).%s", ts, m->name);
  else
    g_string_append_printf (s, "%s.%s", ts, m->name);
}

/* The arguments as Go's compiler has them at escape analysis: the
 * extra arguments of a variadic call packed into "... argument" (or nil
 * when there are none), f(g()) left as written. */
static void
args_fmt (GString       *s,
          const GmlNode *n,
          gboolean       after_recv)
{
  const GmlNodeList *args = &n->u.call.args;
  const GmlNode *fun = gml_node_unparen (n->u.call.fun);
  GmlType *sig = fun != NULL && fun->type != NULL ? gml_type_underlying (fun->type) : NULL;
  gboolean tuple = args->len == 1 && args->items[0]->type != NULL
                   && args->items[0]->type->kind == GML_TYPE_TUPLE;
  guint fixed;

  if (sig == NULL || sig->kind != GML_TYPE_FUNC || !sig->u.func.variadic || n->u.call.has_dots
      || tuple || n->u.call.call_kind == GML_CALL_BUILTIN || n->u.call.call_kind == GML_CALL_CONVERSION)
    {
      if (after_recv && args->len > 0)
        g_string_append (s, ", ");
      list_fmt (s, args, ", ");
      if (n->u.call.has_dots)
        g_string_append (s, "...");
      return;
    }
  fixed = sig->u.func.n_params - 1;
  for (guint i = 0; i < fixed && i < args->len; i++)
    {
      if (i > 0 || after_recv)
        g_string_append (s, ", ");
      expr_fmt (s, args->items[i], 0);
    }
  if (fixed > 0 || after_recv)
    g_string_append (s, ", ");
  g_string_append (s, args->len > fixed ? "... argument..." : "nil...");
}

/* The method `name` of t, or of an embedded field (shallowest first, as
 * Go's lookup): appends the embedded fields walked to `path`. */
static GmlObject *
find_method (GmlType    *t,
             const char *name,
             GString    *path,
             guint       depth)
{
  GmlType *u = gml_type_underlying (t);
  GmlType *nt = u->kind == GML_TYPE_POINTER ? u->u.pointer.elem : t;
  GmlObject *m = NULL;

  for (guint i = 0; nt->kind == GML_TYPE_NAMED && i < nt->u.named.n_methods; i++)
    if (strcmp (nt->u.named.methods[i]->name, name) == 0)
      return nt->u.named.methods[i];
  u = gml_type_underlying (nt);
  if (u->kind != GML_TYPE_STRUCT || depth > 8)
    return NULL;
  for (guint d = 0; m == NULL && d <= 8 - depth; d++)
    for (guint i = 0; m == NULL && i < u->u.strukt.n_fields; i++)
      {
        GmlField *f = &u->u.strukt.fields[i];
        gsize len = path->len;

        if (!f->embedded)
          continue;
        g_string_append_printf (path, ".%s", f->name);
        m = find_method (f->type, name, path, depth + 1 + d);
        if (m == NULL)
          g_string_truncate (path, len);
      }
  return m;
}

/* x.M(args) as T.M(x, args); a devirtualized interface call
 * x.M(args) as T.M(x.(C), args). */
static gboolean
method_call_fmt (GString       *s,
                 const GmlNode *n)
{
  const GmlNode *fun = gml_node_unparen (n->u.call.fun);
  const GmlSelection *sel;
  GmlObject *m = NULL;

  if (fun == NULL || fun->kind != GML_NODE_SELECTOR)
    return FALSE;
  sel = &fun->u.selector.selection;
  g_autoptr (GString) path = g_string_new (NULL);

  if (n->u.call.call_kind == GML_CALL_METHOD && sel->kind == GML_SEL_METHOD)
    m = sel->obj;
  else if (n->u.call.call_kind == GML_CALL_IFACE && n->u.call.devirt != NULL)
    m = find_method (n->u.call.devirt, fun->u.selector.sel->u.ident.name, path, 0);
  if (m == NULL || m->kind != GML_OBJ_FUNC)
    return FALSE;
  method_expr_fmt (s, m);
  g_string_append_c (s, '(');
  if (n->u.call.callee_tmp != 0)
    {
      /* The receiver was evaluated into a temporary. */
      g_string_append_printf (s, ".autotmp_%u", n->u.call.callee_tmp - 1);
      args_fmt (s, n, TRUE);
      g_string_append_c (s, ')');
      return TRUE;
    }
  if (n->u.call.call_kind == GML_CALL_IFACE)
    {
      g_autofree char *ts = gml_type_string (n->u.call.devirt, GML_TYPE_STRING_ERROR);

      expr_fmt (s, fun->u.selector.x, 8);
      g_string_append_printf (s, ".(%s)%s", ts, path->str);
    }
  else
    {
      /* The receiver is the first argument: no parentheses, unless an
       * embedded field is selected from it. */
      expr_fmt (s, fun->u.selector.x, sel->path_len > 0 ? 8 : 0);
      path_fmt (s, fun->u.selector.x->type, sel);
    }
  args_fmt (s, n, TRUE);
  g_string_append_c (s, ')');
  return TRUE;
}

static void
call_fmt (GString       *s,
          const GmlNode *n)
{
  const GmlNode *fun = gml_node_unparen (n->u.call.fun);

  if (method_call_fmt (s, n))
    return;
  if (n->u.call.callee_tmp != 0)
    {
      /* The callee (or interface receiver) went into a temporary. */
      g_string_append_printf (s, ".autotmp_%u", n->u.call.callee_tmp - 1);
      if (fun->kind == GML_NODE_SELECTOR && n->u.call.call_kind == GML_CALL_IFACE)
        g_string_append_printf (s, ".%s", fun->u.selector.sel->u.ident.name);
    }
  /* Conversions to unnamed types print the type in parentheses:
   * ([]byte)(s), as ir's OCONV does. */
  else if (is_type_literal (fun) && n->u.call.args.len == 1 && n->u.call.args.items[0]->cval != NULL
           && n->u.call.args.items[0]->cval->kind == GML_CONST_STRING
           && fun->kind == GML_NODE_ARRAY_TYPE && fun->u.array_type.len == NULL && n->type != NULL
           && gml_type_underlying (n->type)->kind == GML_TYPE_SLICE
           && gml_type_underlying (gml_type_underlying (n->type)->u.slice.elem)->kind == GML_TYPE_INT32)
    {
      /* []rune("const") is a slice literal of the runes for Go's typecheck. */
      type_fmt (s, fun);
      g_string_append (s, n->u.call.args.items[0]->cval->v.s.len > 0 ? "{...}" : "{}");
      return;
    }
  else if (is_type_literal (fun))
    {
      g_string_append_c (s, '(');
      type_fmt (s, fun);
      g_string_append_c (s, ')');
    }
  else
    expr_fmt (s, fun, 8);
  g_string_append_c (s, '(');
  args_fmt (s, n, FALSE);
  g_string_append_c (s, ')');
}

static void
slice_fmt (GString       *s,
           const GmlNode *n)
{
  expr_fmt (s, n->u.slice.x, 8);
  g_string_append_c (s, '[');
  if (n->u.slice.lo != NULL)
    expr_fmt (s, n->u.slice.lo, 0);
  g_string_append_c (s, ':');
  if (n->u.slice.hi != NULL)
    expr_fmt (s, n->u.slice.hi, 0);
  if (n->u.slice.slice3)
    {
      g_string_append_c (s, ':');
      if (n->u.slice.max != NULL)
        expr_fmt (s, n->u.slice.max, 0);
    }
  g_string_append_c (s, ']');
}

static void
unary_fmt (GString       *s,
           const GmlNode *n)
{
  GmlTokenKind op = n->kind == GML_NODE_STAR ? GML_TOKEN_MUL : n->u.unary.op;
  const GmlNode *x = gml_node_unparen (n->kind == GML_NODE_STAR ? n->u.star.x : n->u.unary.x);

  g_string_append (s, gml_token_string (op));
  /* - -x, not --x */
  if (n->kind == GML_NODE_UNARY && x->kind == GML_NODE_UNARY && x->u.unary.op == op)
    g_string_append_c (s, ' ');
  expr_fmt (s, x, 8);
}

static void
stmt_fmt (GString       *s,
          const GmlNode *n)
{
  switch (n->kind)
    {
    case GML_NODE_ASSIGN_STMT:
      list_fmt (s, &n->u.assign.lhs, ", ");
      g_string_append_printf (s, " %s ", gml_token_string (n->u.assign.op));
      list_fmt (s, &n->u.assign.rhs, ", ");
      break;
    case GML_NODE_INC_DEC_STMT:
      expr_fmt (s, n->u.inc_dec.x, 0);
      g_string_append (s, n->u.inc_dec.inc ? "++" : "--");
      break;
    case GML_NODE_SEND_STMT:
      expr_fmt (s, n->u.send.chan, 0);
      g_string_append (s, " <- ");
      expr_fmt (s, n->u.send.value, 8);
      break;
    case GML_NODE_EXPR_STMT:
      expr_fmt (s, n->u.expr_stmt.x, 0);
      break;
    default:
      g_string_append_printf (s, "<%s>", gml_node_kind_name (n->kind));
      break;
    }
}

static void
expr_fmt (GString       *s,
          const GmlNode *n,
          int            prec)
{
  n = gml_node_unparen ((GmlNode *) n);
  if (n == NULL)
    {
      g_string_append (s, "<nil>");
      return;
    }
  /* Go skips the conversions the type checker inserted. */
  if (n->kind == GML_NODE_CALL && n->implicit && n->u.call.args.len == 1)
    {
      expr_fmt (s, n->u.call.args.items[0], prec);
      return;
    }
  if (prec > node_prec (n))
    {
      g_string_append_c (s, '(');
      expr_fmt (s, n, 0);
      g_string_append_c (s, ')');
      return;
    }

  switch (n->kind)
    {
    case GML_NODE_IDENT:
      g_string_append (s, n->u.ident.name);
      break;
    case GML_NODE_BASIC_LIT:
      g_string_append (s, n->u.lit.raw);
      break;
    case GML_NODE_COMPOSITE_LIT:
      composite_fmt (s, n);
      break;
    case GML_NODE_KEY_VALUE:
      expr_fmt (s, n->u.kv.key, 0);
      g_string_append_c (s, ':');
      expr_fmt (s, n->u.kv.value, 0);
      break;
    case GML_NODE_FUNC_LIT:
      g_string_append (s, "func literal");
      break;
    case GML_NODE_SELECTOR:
      expr_fmt (s, n->u.selector.x, 8);
      if (n->u.selector.selection.kind == GML_SEL_FIELD || n->u.selector.selection.kind == GML_SEL_METHOD)
        path_fmt (s, n->u.selector.x->type, &n->u.selector.selection);
      g_string_append_printf (s, ".%s", n->u.selector.sel->u.ident.name);
      break;
    case GML_NODE_TYPE_ASSERT:
      expr_fmt (s, n->u.assert.x, 8);
      g_string_append (s, ".(");
      if (n->u.assert.type != NULL)
        type_fmt (s, n->u.assert.type);
      else
        g_string_append (s, "type");
      g_string_append_c (s, ')');
      break;
    case GML_NODE_INDEX:
      expr_fmt (s, n->u.index.x, 8);
      g_string_append_c (s, '[');
      expr_fmt (s, n->u.index.index, 0);
      g_string_append_c (s, ']');
      break;
    case GML_NODE_SLICE_EXPR:
      slice_fmt (s, n);
      break;
    case GML_NODE_CALL:
      call_fmt (s, n);
      break;
    case GML_NODE_STAR:
    case GML_NODE_UNARY:
      unary_fmt (s, n);
      break;
    case GML_NODE_BINARY:
      expr_fmt (s, n->u.binary.x, node_prec (n));
      g_string_append_printf (s, " %s ", gml_token_string (n->u.binary.op));
      expr_fmt (s, n->u.binary.y, node_prec (n) + 1);
      break;
    case GML_NODE_ARRAY_TYPE:
    case GML_NODE_STRUCT_TYPE:
    case GML_NODE_FUNC_TYPE:
    case GML_NODE_INTERFACE_TYPE:
    case GML_NODE_MAP_TYPE:
    case GML_NODE_CHAN_TYPE:
    case GML_NODE_ELLIPSIS:
      type_fmt (s, n);
      break;
    case GML_NODE_BAD_EXPR:
      g_string_append (s, "BadExpr");
      break;
    default:
      stmt_fmt (s, n);
      break;
    }
}

char *
gml_node_expr_string (const GmlNode *node)
{
  GString *s = g_string_new (NULL);

  expr_fmt (s, node, 0);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------ */
/* Source spelling (cmd/compile/internal/syntax's ShortForm printer)   */

static void syn_fmt (GString *s, const GmlNode *n);

static void
syn_list (GString           *s,
          const GmlNodeList *l)
{
  for (guint i = 0; i < l->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      syn_fmt (s, l->items[i]);
    }
}

/* Parameters as written: "a, b int, c string". */
static void
syn_params (GString           *s,
            const GmlNodeList *l)
{
  for (guint i = 0; i < l->len; i++)
    {
      const GmlNode *f = l->items[i];

      if (i > 0)
        g_string_append (s, ", ");
      syn_list (s, &f->u.field.names);
      if (f->u.field.names.len > 0)
        g_string_append_c (s, ' ');
      syn_fmt (s, f->u.field.type);
    }
}

static void
syn_signature (GString       *s,
               const GmlNode *n)
{
  const GmlNodeList *res = &n->u.func_type.results;

  g_string_append_c (s, '(');
  syn_params (s, &n->u.func_type.params);
  g_string_append_c (s, ')');
  if (res->len == 0)
    return;
  g_string_append_c (s, ' ');
  if (res->len == 1 && res->items[0]->u.field.names.len == 0)
    syn_fmt (s, res->items[0]->u.field.type);
  else
    {
      g_string_append_c (s, '(');
      syn_params (s, res);
      g_string_append_c (s, ')');
    }
}

static void
syn_type (GString       *s,
          const GmlNode *n)
{
  switch (n->kind)
    {
    case GML_NODE_ARRAY_TYPE:
      g_string_append_c (s, '[');
      if (n->u.array_type.len != NULL)
        syn_fmt (s, n->u.array_type.len);
      g_string_append_c (s, ']');
      syn_fmt (s, n->u.array_type.elem);
      break;
    case GML_NODE_MAP_TYPE:
      g_string_append (s, "map[");
      syn_fmt (s, n->u.map_type.key);
      g_string_append_c (s, ']');
      syn_fmt (s, n->u.map_type.value);
      break;
    case GML_NODE_FUNC_TYPE:
      g_string_append (s, "func");
      syn_signature (s, n);
      break;
    case GML_NODE_STRUCT_TYPE:
      g_string_append (s, "struct{");
      for (guint i = 0; i < n->u.struct_type.fields.len; i++)
        {
          if (i > 0)
            g_string_append (s, "; ");
          syn_params (s, &(GmlNodeList) { &n->u.struct_type.fields.items[i], 1 });
        }
      g_string_append_c (s, '}');
      break;
    case GML_NODE_INTERFACE_TYPE:
      g_string_append (s, "interface{");
      for (guint i = 0; i < n->u.interface_type.methods.len; i++)
        {
          const GmlNode *m = n->u.interface_type.methods.items[i];

          if (i > 0)
            g_string_append (s, "; ");
          if (m->u.field.names.len > 0)
            {
              syn_fmt (s, m->u.field.names.items[0]);
              syn_signature (s, m->u.field.type);
            }
          else
            syn_fmt (s, m->u.field.type);
        }
      g_string_append_c (s, '}');
      break;
    default: /* CHAN_TYPE: the -m spelling is the source spelling */
      type_fmt (s, n);
      break;
    }
}

static void
syn_expr (GString       *s,
          const GmlNode *n)
{
  switch (n->kind)
    {
    case GML_NODE_BAD_EXPR:   g_string_append (s, "<bad expr>"); break;
    case GML_NODE_IDENT:      g_string_append (s, n->u.ident.name); break;
    case GML_NODE_BASIC_LIT:  g_string_append (s, n->u.lit.raw); break;
    case GML_NODE_FUNC_LIT:
      syn_fmt (s, n->u.func_lit.type);
      g_string_append (s, n->u.func_lit.body->u.block.stmts.len > 0 ? " {\u2026}" : " {}");
      break;
    case GML_NODE_COMPOSITE_LIT:
      if (n->u.composite.type != NULL)
        syn_fmt (s, n->u.composite.type);
      g_string_append (s, n->u.composite.elts.len > 0 ? "{\u2026}" : "{}");
      break;
    case GML_NODE_PAREN:
      g_string_append_c (s, '(');
      syn_fmt (s, n->u.paren.x);
      g_string_append_c (s, ')');
      break;
    case GML_NODE_SELECTOR:
      syn_fmt (s, n->u.selector.x);
      g_string_append_printf (s, ".%s", n->u.selector.sel->u.ident.name);
      break;
    case GML_NODE_INDEX:
      syn_fmt (s, n->u.index.x);
      g_string_append_c (s, '[');
      syn_fmt (s, n->u.index.index);
      g_string_append_c (s, ']');
      break;
    case GML_NODE_SLICE_EXPR:
      syn_fmt (s, n->u.slice.x);
      g_string_append_c (s, '[');
      if (n->u.slice.lo != NULL)
        syn_fmt (s, n->u.slice.lo);
      g_string_append_c (s, ':');
      if (n->u.slice.hi != NULL)
        syn_fmt (s, n->u.slice.hi);
      if (n->u.slice.max != NULL)
        {
          g_string_append_c (s, ':');
          syn_fmt (s, n->u.slice.max);
        }
      g_string_append_c (s, ']');
      break;
    case GML_NODE_TYPE_ASSERT:
      syn_fmt (s, n->u.assert.x);
      g_string_append (s, ".(");
      if (n->u.assert.type != NULL)
        syn_fmt (s, n->u.assert.type);
      else
        g_string_append (s, "type");
      g_string_append_c (s, ')');
      break;
    case GML_NODE_CALL:
      syn_fmt (s, n->u.call.fun);
      g_string_append_c (s, '(');
      syn_list (s, &n->u.call.args);
      g_string_append (s, n->u.call.has_dots ? "...)" : ")");
      break;
    case GML_NODE_STAR:
      g_string_append_c (s, '*');
      syn_fmt (s, n->u.star.x);
      break;
    case GML_NODE_UNARY:
      g_string_append (s, gml_token_string (n->u.unary.op));
      syn_fmt (s, n->u.unary.x);
      break;
    case GML_NODE_BINARY:
      syn_fmt (s, n->u.binary.x);
      g_string_append_printf (s, " %s ", gml_token_string (n->u.binary.op));
      syn_fmt (s, n->u.binary.y);
      break;
    case GML_NODE_KEY_VALUE:
      syn_fmt (s, n->u.kv.key);
      g_string_append (s, ": ");
      syn_fmt (s, n->u.kv.value);
      break;
    case GML_NODE_ELLIPSIS:
      g_string_append (s, "...");
      if (n->u.ellipsis.elem != NULL)
        syn_fmt (s, n->u.ellipsis.elem);
      break;
    default:
      syn_type (s, n);
      break;
    }
}

static void
syn_fmt (GString       *s,
         const GmlNode *n)
{
  if (n == NULL)
    return;
  switch (n->kind)
    {
    case GML_NODE_EXPR_STMT:
      syn_fmt (s, n->u.expr_stmt.x);
      break;
    case GML_NODE_SEND_STMT:
      syn_fmt (s, n->u.send.chan);
      g_string_append (s, " <- ");
      syn_fmt (s, n->u.send.value);
      break;
    case GML_NODE_INC_DEC_STMT:
      syn_fmt (s, n->u.inc_dec.x);
      g_string_append (s, n->u.inc_dec.inc ? "++" : "--");
      break;
    case GML_NODE_ASSIGN_STMT:
      syn_list (s, &n->u.assign.lhs);
      g_string_append_printf (s, " %s ", gml_token_string (n->u.assign.op));
      syn_list (s, &n->u.assign.rhs);
      break;
    case GML_NODE_RANGE_STMT:
      if (n->u.range.key != NULL)
        {
          syn_fmt (s, n->u.range.key);
          if (n->u.range.value != NULL)
            {
              g_string_append (s, ", ");
              syn_fmt (s, n->u.range.value);
            }
          g_string_append (s, n->u.range.define ? " := " : " = ");
        }
      g_string_append (s, "range ");
      syn_fmt (s, n->u.range.x);
      break;
    default:
      syn_expr (s, n);
      break;
    }
}

char *
gml_node_syntax_string (const GmlNode *node)
{
  GString *s = g_string_new (NULL);

  syn_fmt (s, node);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------ */
/* Children                                                            */

static void
child (GmlNodeChildFunc  func,
       gpointer          data,
       GmlNode          *x,
       const char       *label,
       int               index)
{
  if (x != NULL)
    func (x, label, index, data);
}

static void
children (GmlNodeChildFunc   func,
          gpointer           data,
          const GmlNodeList *l,
          const char        *label)
{
  for (guint i = 0; i < l->len; i++)
    child (func, data, l->items[i], label, (int) i);
}

#define CHILD(label, x)  child (func, data, (x), label, -1)
#define LIST(label, l)   children (func, data, &(l), label)

static void
expr_children (const GmlNode    *n,
                    GmlNodeChildFunc  func,
                    gpointer          data)
{
  switch (n->kind)
    {
    case GML_NODE_COMPOSITE_LIT: CHILD ("type", n->u.composite.type); LIST ("elts", n->u.composite.elts); break;
    case GML_NODE_KEY_VALUE:     CHILD ("key", n->u.kv.key); CHILD ("value", n->u.kv.value); break;
    case GML_NODE_FUNC_LIT:      CHILD ("type", n->u.func_lit.type); CHILD ("body", n->u.func_lit.body); break;
    case GML_NODE_PAREN:         CHILD ("x", n->u.paren.x); break;
    case GML_NODE_STAR:          CHILD ("x", n->u.star.x); break;
    case GML_NODE_SELECTOR:      CHILD ("x", n->u.selector.x); CHILD ("sel", n->u.selector.sel); break;
    case GML_NODE_INDEX:         CHILD ("x", n->u.index.x); CHILD ("index", n->u.index.index); break;
    case GML_NODE_SLICE_EXPR:
      CHILD ("x", n->u.slice.x); CHILD ("lo", n->u.slice.lo);
      CHILD ("hi", n->u.slice.hi); CHILD ("max", n->u.slice.max);
      break;
    case GML_NODE_TYPE_ASSERT:   CHILD ("x", n->u.assert.x); CHILD ("type", n->u.assert.type); break;
    case GML_NODE_CALL:          CHILD ("fun", n->u.call.fun); LIST ("args", n->u.call.args); break;
    case GML_NODE_UNARY:         CHILD ("x", n->u.unary.x); break;
    case GML_NODE_BINARY:        CHILD ("x", n->u.binary.x); CHILD ("y", n->u.binary.y); break;
    case GML_NODE_ARRAY_TYPE:    CHILD ("len", n->u.array_type.len); CHILD ("elem", n->u.array_type.elem); break;
    case GML_NODE_STRUCT_TYPE:   LIST ("fields", n->u.struct_type.fields); break;
    case GML_NODE_FUNC_TYPE:
      LIST ("params", n->u.func_type.params); LIST ("results", n->u.func_type.results);
      break;
    case GML_NODE_INTERFACE_TYPE: LIST ("methods", n->u.interface_type.methods); break;
    case GML_NODE_MAP_TYPE:      CHILD ("key", n->u.map_type.key); CHILD ("value", n->u.map_type.value); break;
    case GML_NODE_CHAN_TYPE:     CHILD ("elem", n->u.chan_type.elem); break;
    case GML_NODE_ELLIPSIS:      CHILD ("elem", n->u.ellipsis.elem); break;
    case GML_NODE_FIELD:
      LIST ("names", n->u.field.names); CHILD ("type", n->u.field.type); CHILD ("tag", n->u.field.tag);
      break;
    default:
      break;
    }
}

static void
stmt_children (const GmlNode    *n,
                    GmlNodeChildFunc  func,
                    gpointer          data)
{
  switch (n->kind)
    {
    case GML_NODE_DECL_STMT:    CHILD ("decl", n->u.decl_stmt.decl); break;
    case GML_NODE_LABELED_STMT: CHILD ("label", n->u.labeled.label); CHILD ("stmt", n->u.labeled.stmt); break;
    case GML_NODE_EXPR_STMT:    CHILD ("x", n->u.expr_stmt.x); break;
    case GML_NODE_SEND_STMT:    CHILD ("chan", n->u.send.chan); CHILD ("value", n->u.send.value); break;
    case GML_NODE_INC_DEC_STMT: CHILD ("x", n->u.inc_dec.x); break;
    case GML_NODE_ASSIGN_STMT:  LIST ("lhs", n->u.assign.lhs); LIST ("rhs", n->u.assign.rhs); break;
    case GML_NODE_GO_STMT:
    case GML_NODE_DEFER_STMT:   CHILD ("call", n->u.go_defer.call); break;
    case GML_NODE_RETURN_STMT:  LIST ("results", n->u.ret.results); break;
    case GML_NODE_BRANCH_STMT:  CHILD ("label", n->u.branch.label); break;
    case GML_NODE_BLOCK:        LIST ("stmts", n->u.block.stmts); break;
    case GML_NODE_IF_STMT:
      CHILD ("init", n->u.if_stmt.init); CHILD ("cond", n->u.if_stmt.cond);
      CHILD ("then", n->u.if_stmt.then); CHILD ("else", n->u.if_stmt.else_);
      break;
    case GML_NODE_CASE_CLAUSE:  LIST ("list", n->u.case_clause.list); LIST ("body", n->u.case_clause.body); break;
    case GML_NODE_SWITCH_STMT:
      CHILD ("init", n->u.switch_stmt.init); CHILD ("tag", n->u.switch_stmt.tag);
      LIST ("clauses", n->u.switch_stmt.clauses);
      break;
    case GML_NODE_TYPE_SWITCH:
      CHILD ("init", n->u.type_switch.init); CHILD ("name", n->u.type_switch.name);
      CHILD ("x", n->u.type_switch.x); LIST ("clauses", n->u.type_switch.clauses);
      break;
    case GML_NODE_COMM_CLAUSE:  CHILD ("comm", n->u.comm_clause.comm); LIST ("body", n->u.comm_clause.body); break;
    case GML_NODE_SELECT_STMT:  LIST ("clauses", n->u.select_stmt.clauses); break;
    case GML_NODE_FOR_STMT:
      CHILD ("init", n->u.for_stmt.init); CHILD ("cond", n->u.for_stmt.cond);
      CHILD ("post", n->u.for_stmt.post); CHILD ("body", n->u.for_stmt.body);
      break;
    case GML_NODE_RANGE_STMT:
      CHILD ("key", n->u.range.key); CHILD ("value", n->u.range.value);
      CHILD ("x", n->u.range.x); CHILD ("body", n->u.range.body);
      break;
    default:
      break;
    }
}

static void
decl_children (const GmlNode    *n,
                    GmlNodeChildFunc  func,
                    gpointer          data)
{
  switch (n->kind)
    {
    case GML_NODE_IMPORT_SPEC:
      CHILD ("name", n->u.import_spec.name); CHILD ("path", n->u.import_spec.path);
      break;
    case GML_NODE_VALUE_SPEC:
      LIST ("names", n->u.value_spec.names); CHILD ("type", n->u.value_spec.type);
      LIST ("values", n->u.value_spec.values);
      break;
    case GML_NODE_TYPE_SPEC:
      CHILD ("name", n->u.type_spec.name); CHILD ("type", n->u.type_spec.type);
      break;
    case GML_NODE_GEN_DECL:     LIST ("specs", n->u.gen_decl.specs); break;
    case GML_NODE_FUNC_DECL:
      CHILD ("recv", n->u.func_decl.recv); CHILD ("name", n->u.func_decl.name);
      CHILD ("type", n->u.func_decl.type); CHILD ("body", n->u.func_decl.body);
      break;
    case GML_NODE_FILE:
      CHILD ("package", n->u.file.package_name); LIST ("decls", n->u.file.decls);
      break;
    default:
      break;
    }
}

#undef CHILD
#undef LIST

void
gml_node_foreach_child (const GmlNode    *node,
                        GmlNodeChildFunc  func,
                        gpointer          data)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (func != NULL);

  if (node->kind < GML_NODE_BAD_STMT)
    expr_children (node, func, data);
  else if (node->kind < GML_NODE_IMPORT_SPEC)
    stmt_children (node, func, data);
  else
    decl_children (node, func, data);
}

/* ------------------------------------------------------------------ */
/* Tree dump                                                           */

typedef struct
{
  GString *s;
  guint    depth;
} Dump;

static void dump_node (GString *s, const GmlNode *n, guint depth, const char *label, int index);

static void
dump_child_cb (GmlNode    *child,
               const char *label,
               int         index,
               gpointer    data)
{
  Dump *d = data;

  dump_node (d->s, child, d->depth + 1, label, index);
}

static const char *
chan_dir_name (GmlChanDir dir)
{
  switch (dir)
    {
    case GML_CHAN_SEND: return "send";
    case GML_CHAN_RECV: return "recv";
    default:            return "both";
    }
}

static const char *
lit_kind_name (GmlTokenKind kind)
{
  switch (kind)
    {
    case GML_TOKEN_INT:   return "INT";
    case GML_TOKEN_FLOAT: return "FLOAT";
    case GML_TOKEN_IMAG:  return "IMAG";
    case GML_TOKEN_CHAR:  return "CHAR";
    default:              return "STRING";
    }
}

static void
pos_fmt (GString *s,
         GmlPos   pos)
{
  g_string_append_printf (s, " %u:%u", pos.line, pos.col);
}

/* What follows the kind name and position on a node's line. */
static void
dump_attrs (GString       *s,
            const GmlNode *n)
{
  switch (n->kind)
    {
    case GML_NODE_IDENT:
      g_string_append_printf (s, " %s", n->u.ident.name);
      break;
    case GML_NODE_BASIC_LIT:
      {
        g_autofree char *esc = g_strescape (n->u.lit.raw, NULL);

        g_string_append_printf (s, " %s %s", lit_kind_name (n->u.lit.kind), esc);
      }
      break;
    case GML_NODE_UNARY:
      g_string_append_printf (s, " %s", gml_token_string (n->u.unary.op));
      break;
    case GML_NODE_BINARY:
      g_string_append_printf (s, " %s", gml_token_string (n->u.binary.op));
      break;
    case GML_NODE_ASSIGN_STMT:
      g_string_append_printf (s, " %s", gml_token_string (n->u.assign.op));
      break;
    case GML_NODE_INC_DEC_STMT:
      g_string_append (s, n->u.inc_dec.inc ? " ++" : " --");
      break;
    case GML_NODE_BRANCH_STMT:
      g_string_append_printf (s, " %s", gml_token_string (n->u.branch.tok));
      break;
    case GML_NODE_GEN_DECL:
      g_string_append_printf (s, " %s", gml_token_string (n->u.gen_decl.tok));
      if (gml_pos_is_valid (n->u.gen_decl.lparen))
        g_string_append (s, " (grouped)");
      break;
    case GML_NODE_CHAN_TYPE:
      g_string_append_printf (s, " %s", chan_dir_name (n->u.chan_type.dir));
      break;
    case GML_NODE_CALL:
      if (n->u.call.has_dots)
        g_string_append (s, " ...");
      break;
    case GML_NODE_SLICE_EXPR:
      if (n->u.slice.slice3)
        g_string_append (s, " 3-index");
      break;
    case GML_NODE_RANGE_STMT:
      g_string_append (s, n->u.range.define ? " :=" : " =");
      break;
    case GML_NODE_TYPE_SPEC:
      if (n->u.type_spec.alias)
        g_string_append (s, " alias");
      break;
    case GML_NODE_VALUE_SPEC:
      g_string_append_printf (s, " iota=%" G_GINT64_FORMAT, n->u.value_spec.iota);
      break;
    case GML_NODE_CASE_CLAUSE:
      if (n->u.case_clause.is_default)
        g_string_append (s, " default");
      break;
    case GML_NODE_COMM_CLAUSE:
      if (n->u.comm_clause.comm == NULL)
        g_string_append (s, " default");
      break;
    case GML_NODE_FUNC_DECL:
      if (n->u.func_decl.directives != NULL)
        {
          g_autofree char *esc = g_strescape (n->u.func_decl.directives, NULL);

          g_string_append_printf (s, " directives=\"%s\"", esc);
        }
      if (n->u.func_decl.body == NULL)
        g_string_append (s, " bodyless");
      break;
    default:
      break;
    }
}


static void
dump_node (GString       *s,
           const GmlNode *n,
           guint          depth,
           const char    *label,
           int            index)
{
  Dump d = { s, depth };

  for (guint i = 0; i < depth; i++)
    g_string_append (s, "  ");
  if (label != NULL && index >= 0)
    g_string_append_printf (s, "%s[%d]: ", label, index);
  else if (label != NULL)
    g_string_append_printf (s, "%s: ", label);
  g_string_append (s, gml_node_kind_name (n->kind));
  pos_fmt (s, n->pos);
  dump_attrs (s, n);
  g_string_append_c (s, '\n');
  gml_node_foreach_child (n, dump_child_cb, &d);
}

char *
gml_node_dump (const GmlNode *node)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);
  dump_node (s, node, 0, NULL, -1);
  return g_string_free (s, FALSE);
}
