/* gml-parser.c: recursive descent over Go's grammar, after Go 1.19's
 * cmd/compile/internal/syntax/parser.go.  Error messages, recovery and
 * node positions are Go's; see gml-parser.h and gml-ast.h. */
#include "gml-parser.h"

#include <string.h>

#include "gml-ast-private.h"
#include "gml-lexer.h"

typedef struct
{
  GmlNode **items;  /* arena-allocated; grows by copying */
  guint     len;
  guint     cap;
} NodeVec;

typedef struct
{
  GmlArena    *arena;
  GmlDiagList *diags;
  const char  *filename;
  GmlLexer     lexer;
  GmlToken     tok;
  GmlPos       prev_end;     /* end of the last consumed token */

  guint        n_errors;
  guint        n_syntax;     /* "syntax error: ..." reports, even suppressed ones */
  gboolean     had_error;    /* Go's p.first != nil */
  GArray      *later;        /* Deferred: errors Go's type checker would report */
  gboolean     dead;         /* too many errors or too deep: stay at EOF */
  guint32      syntax_line;  /* line of the last syntax error */
  guint32      other_line;   /* line and text of the last other error */
  char        *other_msg;    /* owned */

  int          fnest;        /* function nesting (for error recovery) */
  int          xnest;        /* expression nesting (composite literal ambiguity) */
  guint        depth;        /* recursion depth */
  NodeVec      guards;       /* x.(type) nodes; each must head a type switch */
  NodeVec      used_guards;
} Parser;

/* Token sets for error recovery: lists ending in EOF (which is always a
 * member), or NULL for the empty set. */
#define FOLLOW(...) ((const GmlTokenKind[]) { __VA_ARGS__, GML_TOKEN_EOF })

static GmlNode *expr (Parser *p);
static GmlNode *binary_expr (Parser *p, GmlNode *x, int prec);
static GmlNode *unary_expr (Parser *p);
static GmlNode *pexpr (Parser *p, GmlNode *x, gboolean keep_parens);
static GmlNode *type_ (Parser *p);
static GmlNode *type_or_nil (Parser *p);
static GmlNode *func_type (Parser *p, const char *context);
static GmlNode *block_stmt (Parser *p, const char *context);
static GmlNode *stmt_or_nil (Parser *p);
static GmlNodeList stmt_list (Parser *p);
static NodeVec expr_list (Parser *p);
static GmlNode *complit_expr (Parser *p, GmlNode *type);
static GmlNode *simple_stmt (Parser *p, NodeVec *lhs, GmlTokenKind keyword);
static GmlNode *if_stmt (Parser *p);
static void param_list (Parser *p, GmlTokenKind close, gboolean require_names, NodeVec *out);
static GmlNode *qualified_name (Parser *p, GmlNode *name);
static GmlNode *array_type (Parser *p, GmlPos pos, GmlNode *len);
static GmlNode *struct_type (Parser *p);
static GmlNode *interface_type (Parser *p);

/* ------------------------------------------------------------------ */
/* Node vectors                                                        */

static void
vec_push (Parser  *p,
          NodeVec *v,
          GmlNode *node)
{
  if (v->len == v->cap)
    {
      guint cap = v->cap ? v->cap * 2 : 4;
      GmlNode **items = gml_arena_newv (p->arena, GmlNode *, cap);

      if (v->len > 0)
        memcpy (items, v->items, v->len * sizeof (GmlNode *));
      v->items = items;
      v->cap = cap;
    }
  v->items[v->len++] = node;
}

static GmlNodeList
vec_list (NodeVec v)
{
  return (GmlNodeList) { v.items, v.len };
}

static gboolean
vec_contains (NodeVec   *v,
              GmlNode   *node)
{
  for (guint i = 0; i < v->len; i++)
    if (v->items[i] == node)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Tokens                                                              */

static GmlPos
token_end (const GmlToken *t)
{
  GmlPos end = t->pos;

  if (t->kind == GML_TOKEN_SEMICOLON || t->kind == GML_TOKEN_EOF)
    {
      end.col += t->kind == GML_TOKEN_SEMICOLON;
      return end;
    }
  for (gsize i = 0; i < t->len; i++)
    {
      if (t->text[i] == '\n')
        end.line++, end.col = 1;
      else
        end.col++;
    }
  return end;
}

static void
next (Parser *p)
{
  if (p->tok.kind != GML_TOKEN_EOF)
    p->prev_end = token_end (&p->tok);
  if (p->dead)
    {
      p->tok.kind = GML_TOKEN_EOF;
      return;
    }
  gml_lexer_next (&p->lexer, &p->tok);
}

static gboolean
got (Parser       *p,
     GmlTokenKind  kind)
{
  if (p->tok.kind == kind)
    {
      next (p);
      return TRUE;
    }
  return FALSE;
}

static GmlNode *
new_node (Parser      *p,
          GmlNodeKind  kind,
          GmlPos       pos)
{
  return gml_node_new (p->arena, kind, pos);
}

static GmlNode *
finish (Parser  *p,
        GmlNode *node)
{
  if (node != NULL && !gml_pos_is_valid (node->end))
    node->end = p->prev_end;
  return node;
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */

static void
go_dead (Parser *p)
{
  p->dead = TRUE;
  p->tok.kind = GML_TOKEN_EOF;
}

/* Records an error the way the Go compiler's base.ErrorfAt does: one
 * syntax error per line, equal other errors once per line, and at most
 * GML_MAX_ERRORS in all. */
static void
error_at (Parser     *p,
          GmlPos      pos,
          const char *msg)
{
  gboolean syntax = g_str_has_prefix (msg, "syntax error");

  if (p->dead)
    return;
  p->had_error = TRUE;
  if (syntax)
    {
      p->n_syntax++;
      if (p->syntax_line == pos.line)
        return;
      p->syntax_line = pos.line;
    }
  else
    {
      if (p->other_line == pos.line && g_strcmp0 (p->other_msg, msg) == 0)
        return;
      p->other_line = pos.line;
      g_free (p->other_msg);
      p->other_msg = g_strdup (msg);
    }
  gml_diag_list_add (p->diags, GML_DIAG_ERROR, p->filename, pos, "%s", msg);
  if (++p->n_errors >= GML_MAX_ERRORS)
    go_dead (p);
}

static void G_GNUC_PRINTF (3, 4)
errorf_at (Parser     *p,
           GmlPos      pos,
           const char *format,
           ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  error_at (p, pos, msg);
}

static void
lexer_error_cb (gpointer    user_data,
                GmlPos      pos,
                const char *message)
{
  error_at (user_data, pos, message);
}

/* Go's tokstring: English words for some punctuation. */
static const char *
tokstring (GmlTokenKind kind)
{
  switch (kind)
    {
    case GML_TOKEN_COMMA: return "comma";
    case GML_TOKEN_SEMICOLON: return "semicolon or newline";
    default: return gml_token_string (kind);
    }
}

/* How the current token is named in "unexpected X". */
static char *
current_token_desc (Parser *p)
{
  switch (p->tok.kind)
    {
    case GML_TOKEN_IDENT:
    case GML_TOKEN_SEMICOLON:
      return g_strndup (p->tok.text, p->tok.len);
    case GML_TOKEN_INT:
    case GML_TOKEN_FLOAT:
    case GML_TOKEN_IMAG:
    case GML_TOKEN_CHAR:
    case GML_TOKEN_STRING:
      return g_strdup_printf ("literal %.*s", (int) p->tok.len, p->tok.text);
    default:
      return g_strdup (tokstring (p->tok.kind));
    }
}

static void
syntax_error_at (Parser     *p,
                 GmlPos      pos,
                 const char *msg)
{
  g_autofree char *tok = NULL;
  g_autofree char *full = NULL;

  if (p->tok.kind == GML_TOKEN_EOF && p->had_error)
    return; /* avoid meaningless follow-up errors */

  if (msg[0] == '\0')
    full = g_strdup ("");
  else if (g_str_has_prefix (msg, "in ") || g_str_has_prefix (msg, "at ") ||
           g_str_has_prefix (msg, "after "))
    full = g_strconcat (" ", msg, NULL);
  else if (g_str_has_prefix (msg, "expecting "))
    full = g_strconcat (", ", msg, NULL);
  else
    {
      full = g_strconcat ("syntax error: ", msg, NULL);
      error_at (p, pos, full);
      return;
    }

  tok = current_token_desc (p);
  {
    g_autofree char *text = g_strconcat ("syntax error: unexpected ", tok, full, NULL);
    error_at (p, pos, text);
  }
}

static void
syntax_error (Parser     *p,
              const char *msg)
{
  syntax_error_at (p, p->tok.pos, msg);
}

static void G_GNUC_PRINTF (2, 3)
syntax_errorf (Parser     *p,
               const char *format,
               ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  syntax_error (p, msg);
}

typedef struct
{
  GmlPos  pos;
  char   *msg;  /* owned */
} LaterError;

/* Errors that the Go compiler's type checker would report: Go only gets
 * there when the file has no syntax errors, so these wait for the end of
 * the parse (report_later_errors). */
static void G_GNUC_PRINTF (3, 4)
error_later (Parser     *p,
             GmlPos      pos,
             const char *format,
             ...)
{
  LaterError e;
  va_list args;

  va_start (args, format);
  e.pos = pos;
  e.msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (p->later, e);
}

static void
report_later_errors (Parser *p)
{
  for (guint i = 0; i < p->later->len && p->n_syntax == 0; i++)
    {
      LaterError *e = &g_array_index (p->later, LaterError, i);

      error_at (p, e->pos, e->msg);
    }
}

static void
clear_later_error (gpointer data)
{
  g_free (((LaterError *) data)->msg);
}

/* Constructs outside the simulator's subset (Go itself accepts them). */
static void
unsupported (Parser     *p,
             GmlPos      pos,
             const char *what)
{
  error_later (p, pos, "%s not supported by the simulator", what);
}

/* Statement keywords: good synchronization points inside functions. */
static const GmlTokenKind *const stopset =
  FOLLOW (GML_TOKEN_BREAK, GML_TOKEN_CONST, GML_TOKEN_CONTINUE, GML_TOKEN_DEFER,
          GML_TOKEN_FALLTHROUGH, GML_TOKEN_FOR, GML_TOKEN_GO, GML_TOKEN_GOTO,
          GML_TOKEN_IF, GML_TOKEN_RETURN, GML_TOKEN_SELECT, GML_TOKEN_SWITCH,
          GML_TOKEN_TYPE, GML_TOKEN_VAR);

static gboolean
in_set (const GmlTokenKind *set,
        GmlTokenKind        kind)
{
  for (; *set != GML_TOKEN_EOF; set++)
    if (*set == kind)
      return TRUE;
  return FALSE;
}

/* Whether advance() stops at the current token. */
static gboolean
at_follow (Parser             *p,
           const GmlTokenKind *follow)
{
  GmlTokenKind kind = p->tok.kind;

  return kind == GML_TOKEN_EOF || in_set (follow, kind) ||
         (p->fnest > 0 && in_set (stopset, kind));
}

/* Skips tokens until one in follow (or, inside functions, a statement
 * keyword).  With an empty (NULL) follow set exactly one token is skipped,
 * unless at EOF. */
static void
advance (Parser             *p,
         const GmlTokenKind *follow)
{
  if (follow == NULL)
    {
      if (p->tok.kind != GML_TOKEN_EOF)
        next (p);
      return;
    }
  while (!at_follow (p, follow))
    next (p);
}

static void
want (Parser       *p,
      GmlTokenKind  kind)
{
  if (!got (p, kind))
    {
      syntax_errorf (p, "expecting %s", tokstring (kind));
      advance (p, NULL);
    }
}

/* got(ASSIGN), but accepts ":=" with an error. */
static gboolean
got_assign (Parser *p)
{
  switch (p->tok.kind)
    {
    case GML_TOKEN_DEFINE:
      syntax_error (p, "expecting =");
      G_GNUC_FALLTHROUGH;
    case GML_TOKEN_ASSIGN:
      next (p);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Nesting guard: every recursive production enters and leaves. */
static gboolean
enter (Parser *p)
{
  if (++p->depth <= GML_PARSER_MAX_DEPTH)
    return TRUE;
  if (!p->dead)
    {
      errorf_at (p, p->tok.pos,
                 "nesting deeper than %d levels is not supported by the simulator",
                 GML_PARSER_MAX_DEPTH);
      go_dead (p);
    }
  return FALSE;
}

static void
leave (Parser *p)
{
  p->depth--;
}

static GmlNode *
bad_expr (Parser *p)
{
  return new_node (p, GML_NODE_BAD_EXPR, p->tok.pos);
}

/* ------------------------------------------------------------------ */
/* Common productions                                                  */

static GmlNode *
new_ident (Parser     *p,
           GmlPos      pos,
           const char *name)
{
  GmlNode *n = new_node (p, GML_NODE_IDENT, pos);

  n->u.ident.name = gml_arena_intern (p->arena, name);
  return n;
}

static GmlNode *
name (Parser *p)
{
  GmlNode *n;

  if (p->tok.kind == GML_TOKEN_IDENT)
    {
      n = new_node (p, GML_NODE_IDENT, p->tok.pos);
      n->u.ident.name = gml_arena_intern_len (p->arena, p->tok.text, p->tok.len);
      next (p);
      return finish (p, n);
    }
  n = new_ident (p, p->tok.pos, "_");
  syntax_error (p, "expecting name");
  advance (p, NULL);
  return n;
}

/* IdentifierList = identifier { "," identifier } . */
static NodeVec
name_list (Parser  *p,
           GmlNode *first)
{
  NodeVec v = { 0 };

  vec_push (p, &v, first);
  while (got (p, GML_TOKEN_COMMA))
    vec_push (p, &v, name (p));
  return v;
}

static gboolean
is_literal (GmlTokenKind kind)
{
  return kind >= GML_TOKEN_INT && kind <= GML_TOKEN_STRING;
}

static GmlNode *
oliteral (Parser *p)
{
  GmlNode *n;

  if (!is_literal (p->tok.kind))
    return NULL;
  n = new_node (p, GML_NODE_BASIC_LIT, p->tok.pos);
  n->u.lit.kind = p->tok.kind;
  n->u.lit.raw = gml_arena_strndup (p->arena, p->tok.text, p->tok.len);
  next (p);
  return finish (p, n);
}

/* ExpressionList = Expression { "," Expression } . */
static NodeVec
expr_list (Parser *p)
{
  NodeVec v = { 0 };

  vec_push (p, &v, expr (p));
  while (got (p, GML_TOKEN_COMMA))
    vec_push (p, &v, expr (p));
  return v;
}

/* list = [ f { sep f } [sep] ] close .  Returns the position of close. */
typedef gboolean (*ListFunc) (Parser *p, gpointer data);

static GmlPos
list (Parser       *p,
      const char   *context,
      GmlTokenKind  sep,
      GmlTokenKind  close,
      ListFunc      f,
      gpointer      data)
{
  gboolean done = FALSE;
  GmlPos pos;

  while (p->tok.kind != GML_TOKEN_EOF && p->tok.kind != close && !done)
    {
      done = f (p, data);
      if (!got (p, sep) && p->tok.kind != close)
        {
          syntax_errorf (p, "in %s; possibly missing %s or %s", context,
                         tokstring (sep), tokstring (close));
          advance (p, FOLLOW (GML_TOKEN_RPAREN, GML_TOKEN_RBRACK, GML_TOKEN_RBRACE));
          if (p->tok.kind != close)
            return p->tok.pos;
        }
    }
  pos = p->tok.pos;
  want (p, close);
  return pos;
}

/* typeList = arg { "," arg } [ "," ] .  The first element may be any
 * expression; more than one element means a generic instantiation. */
static GmlNode *
type_list (Parser   *p,
           gboolean *comma)
{
  GmlNode *x;

  p->xnest++;
  x = expr (p);
  *comma = FALSE;
  if (got (p, GML_TOKEN_COMMA))
    {
      *comma = TRUE;
      while (type_or_nil (p) != NULL && got (p, GML_TOKEN_COMMA))
        ;
    }
  p->xnest--;
  return x;
}

/* ------------------------------------------------------------------ */
/* Expressions                                                         */

static GmlNode *
expr (Parser *p)
{
  return binary_expr (p, NULL, 0);
}

/* Expression = UnaryExpr | Expression binary_op Expression . */
static GmlNode *
binary_expr (Parser  *p,
             GmlNode *x,
             int      prec)
{
  if (x == NULL)
    x = unary_expr (p);
  while (gml_token_precedence (p->tok.kind) > prec)
    {
      GmlNode *t = new_node (p, GML_NODE_BINARY, p->tok.pos);
      int tprec = gml_token_precedence (p->tok.kind);

      t->u.binary.op = p->tok.kind;
      next (p);
      t->u.binary.x = x;
      t->u.binary.y = binary_expr (p, NULL, tprec);
      x = finish (p, t);
    }
  return x;
}

/* <-x where x turned out to be a channel type: re-associate the arrow
 * with the type, <-(chan E) => (<-chan E), <-(chan<- E) => (<-chan (<-E)). */
static GmlNode *
recv_chan_type (Parser  *p,
                GmlPos   arrow,
                GmlNode *x)
{
  GmlChanDir dir = GML_CHAN_SEND;
  GmlNode *t = x;

  while (dir == GML_CHAN_SEND)
    {
      if (t->kind != GML_NODE_CHAN_TYPE)
        break;
      dir = t->u.chan_type.dir;
      if (dir == GML_CHAN_RECV)
        syntax_error (p, "unexpected <-, expecting chan");
      t->u.chan_type.dir = GML_CHAN_RECV;
      t = t->u.chan_type.elem;
    }
  if (dir == GML_CHAN_SEND)
    {
      g_autofree char *s = gml_node_syntax_string (t);

      syntax_errorf (p, "unexpected %s, expecting chan", s);
    }
  x->pos = arrow;
  return x;
}

static GmlNode *
unary_op (Parser *p)
{
  GmlTokenKind op = p->tok.kind;
  GmlNode *x;

  x = new_node (p, op == GML_TOKEN_MUL ? GML_NODE_STAR : GML_NODE_UNARY, p->tok.pos);
  next (p);
  if (op == GML_TOKEN_MUL)
    {
      x->u.star.x = unary_expr (p);
      return x;
    }
  if (op == GML_TOKEN_TILDE)
    error_later (p, x->pos, "cannot use ~ outside of interface or type constraint");
  x->u.unary.op = op;
  x->u.unary.x = unary_expr (p);
  /* &(T{...}): drop the parentheses around a composite literal. */
  if (op == GML_TOKEN_AND)
    x->u.unary.x = gml_node_unparen (x->u.unary.x);
  return x;
}

static GmlNode *
unary_expr_inner (Parser *p)
{
  switch (p->tok.kind)
    {
    case GML_TOKEN_MUL:
    case GML_TOKEN_ADD:
    case GML_TOKEN_SUB:
    case GML_TOKEN_NOT:
    case GML_TOKEN_XOR:
    case GML_TOKEN_TILDE:
    case GML_TOKEN_AND:
      return unary_op (p);

    case GML_TOKEN_ARROW:
      {
        GmlPos pos = p->tok.pos;
        GmlNode *x, *o;

        next (p);
        /* <-chan int may be a type or a receive <-chan int(ch): we only
         * know once the operand is parsed. */
        x = unary_expr (p);
        if (x->kind == GML_NODE_CHAN_TYPE)
          return recv_chan_type (p, pos, x);
        o = new_node (p, GML_NODE_UNARY, pos);
        o->u.unary.op = GML_TOKEN_ARROW;
        o->u.unary.x = x;
        return o;
      }

    default:
      return pexpr (p, NULL, TRUE);
    }
}

/* UnaryExpr = PrimaryExpr | unary_op UnaryExpr . */
static GmlNode *
unary_expr (Parser *p)
{
  GmlNode *x;

  if (!enter (p))
    return bad_expr (p);
  x = finish (p, unary_expr_inner (p));
  leave (p);
  return x;
}

static GmlNode *
func_lit_or_type (Parser *p)
{
  GmlPos pos = p->tok.pos;
  GmlNode *ftyp, *f;

  next (p);
  ftyp = func_type (p, "function type");
  if (p->tok.kind != GML_TOKEN_LBRACE)
    return ftyp;

  p->xnest++;
  f = new_node (p, GML_NODE_FUNC_LIT, pos);
  f->u.func_lit.type = ftyp;
  p->fnest++;
  f->u.func_lit.body = block_stmt (p, "");
  p->fnest--;
  p->xnest--;
  return finish (p, f);
}

static GmlNode *
paren_operand (Parser   *p,
               gboolean  keep_parens)
{
  GmlPos pos = p->tok.pos;
  GmlNode *x, *px;

  next (p);
  p->xnest++;
  x = expr (p);
  p->xnest--;
  want (p, GML_TOKEN_RPAREN);

  /* Go keeps the parentheses where they matter for errors: before a '{'
   * (a parenthesized composite literal type) and when asked to. */
  if (p->tok.kind == GML_TOKEN_LBRACE)
    keep_parens = TRUE;
  if (!keep_parens)
    return x;
  px = new_node (p, GML_NODE_PAREN, pos);
  px->u.paren.x = x;
  return finish (p, px);
}

/* Operand     = Literal | OperandName | MethodExpr | "(" Expression ")" .
 * Literal     = BasicLit | CompositeLit | FunctionLit .
 * OperandName = identifier | QualifiedIdent . */
static GmlNode *
operand (Parser   *p,
         gboolean  keep_parens)
{
  GmlNode *x;

  switch (p->tok.kind)
    {
    case GML_TOKEN_IDENT:
      return name (p);

    case GML_TOKEN_INT:
    case GML_TOKEN_FLOAT:
    case GML_TOKEN_IMAG:
    case GML_TOKEN_CHAR:
    case GML_TOKEN_STRING:
      if (p->tok.kind == GML_TOKEN_IMAG && !p->tok.bad)
        unsupported (p, p->tok.pos, "complex numbers are");
      return oliteral (p);

    case GML_TOKEN_LPAREN:
      return paren_operand (p, keep_parens);

    case GML_TOKEN_FUNC:
      return func_lit_or_type (p);

    case GML_TOKEN_LBRACK:
    case GML_TOKEN_CHAN:
    case GML_TOKEN_MAP:
    case GML_TOKEN_STRUCT:
    case GML_TOKEN_INTERFACE:
      return type_ (p);

    default:
      x = bad_expr (p);
      syntax_error (p, "expecting expression");
      advance (p, FOLLOW (GML_TOKEN_RPAREN, GML_TOKEN_RBRACK, GML_TOKEN_RBRACE));
      return x;
    }
}

/* isValue: x syntactically must be a value (not a type). */
static gboolean
is_value (GmlNode *x)
{
  switch (x->kind)
    {
    case GML_NODE_BASIC_LIT:
    case GML_NODE_COMPOSITE_LIT:
    case GML_NODE_FUNC_LIT:
    case GML_NODE_SLICE_EXPR:
    case GML_NODE_TYPE_ASSERT:
    case GML_NODE_CALL:
    case GML_NODE_UNARY:
    case GML_NODE_BINARY:
      return TRUE;
    case GML_NODE_PAREN:
      return is_value (x->u.paren.x);
    case GML_NODE_INDEX:
      return is_value (x->u.index.x) || is_value (x->u.index.index);
    default:
      return FALSE;
    }
}

static GmlNode *
selector_or_assert (Parser *p,
                    GmlNode *x)
{
  GmlPos pos = p->tok.pos;
  GmlNode *t;

  next (p);
  switch (p->tok.kind)
    {
    case GML_TOKEN_IDENT:
      t = new_node (p, GML_NODE_SELECTOR, pos);
      t->u.selector.x = x;
      t->u.selector.sel = name (p);
      return t;

    case GML_TOKEN_LPAREN:
      t = new_node (p, GML_NODE_TYPE_ASSERT, pos);
      t->u.assert.x = x;
      t->u.assert.lparen = p->tok.pos;
      next (p);
      if (got (p, GML_TOKEN_TYPE))
        vec_push (p, &p->guards, t);   /* x.(type): type stays NULL */
      else
        t->u.assert.type = type_ (p);
      t->u.assert.rparen = p->tok.pos;
      want (p, GML_TOKEN_RPAREN);
      return t;

    default:
      syntax_error (p, "expecting name or (");
      advance (p, FOLLOW (GML_TOKEN_SEMICOLON, GML_TOKEN_RPAREN));
      return x;
    }
}

/* The rest of x[i:j:k] after the first index (lo may be NULL). */
static GmlNode *
slice_expr (Parser  *p,
            GmlPos   pos,
            GmlNode *x,
            GmlNode *lo)
{
  GmlNode *t = new_node (p, GML_NODE_SLICE_EXPR, pos);

  if (!got (p, GML_TOKEN_COLON))
    {
      syntax_error (p, "expecting comma, : or ]");
      advance (p, FOLLOW (GML_TOKEN_COMMA, GML_TOKEN_COLON, GML_TOKEN_RBRACK));
    }
  p->xnest++;
  t->u.slice.x = x;
  t->u.slice.lo = lo;
  if (p->tok.kind != GML_TOKEN_COLON && p->tok.kind != GML_TOKEN_RBRACK)
    t->u.slice.hi = expr (p);
  if (p->tok.kind == GML_TOKEN_COLON)
    {
      t->u.slice.slice3 = TRUE;
      if (t->u.slice.hi == NULL)
        {
          error_at (p, p->tok.pos, "middle index required in 3-index slice");
          t->u.slice.hi = bad_expr (p);
        }
      next (p);
      if (p->tok.kind != GML_TOKEN_RBRACK)
        t->u.slice.max = expr (p);
      else
        {
          error_at (p, p->tok.pos, "final index required in 3-index slice");
          t->u.slice.max = bad_expr (p);
        }
    }
  p->xnest--;
  t->u.slice.rbrack = p->tok.pos;
  want (p, GML_TOKEN_RBRACK);
  return t;
}

/* Index = "[" Expression "]" .  Slice = "[" [lo] ":" [hi] [":" max] "]" . */
static GmlNode *
index_or_slice (Parser  *p,
                GmlNode *x)
{
  GmlPos pos = p->tok.pos;
  GmlNode *i = NULL, *t;
  gboolean comma;

  next (p);
  if (p->tok.kind == GML_TOKEN_RBRACK)
    {
      /* invalid empty index: accept but complain */
      syntax_error (p, "expecting operand");
      next (p);
      return x;
    }
  if (p->tok.kind != GML_TOKEN_COLON)
    {
      i = type_list (p, &comma);
      if (comma || p->tok.kind == GML_TOKEN_RBRACK)
        {
          if (comma)
            unsupported (p, pos, "generics are");
          t = new_node (p, GML_NODE_INDEX, pos);
          t->u.index.x = x;
          t->u.index.index = i;
          t->u.index.rbrack = p->tok.pos;
          want (p, GML_TOKEN_RBRACK);
          return t;
        }
    }
  return slice_expr (p, pos, x, i);
}

/* Arguments = "(" [ ( ExpressionList | Type [ "," ExpressionList ] ) [ "..." ] [ "," ] ] ")" . */
typedef struct
{
  NodeVec  args;
  gboolean has_dots;
} ArgList;

static gboolean
arg_cb (Parser  *p,
        gpointer data)
{
  ArgList *a = data;

  vec_push (p, &a->args, expr (p));
  a->has_dots = got (p, GML_TOKEN_ELLIPSIS);
  return a->has_dots;
}

static GmlNode *
call (Parser  *p,
      GmlNode *fun)
{
  GmlNode *t = new_node (p, GML_NODE_CALL, p->tok.pos);
  ArgList a = { { 0 }, FALSE };

  next (p);
  t->u.call.fun = fun;
  p->xnest++;
  t->u.call.rparen = list (p, "argument list", GML_TOKEN_COMMA, GML_TOKEN_RPAREN, arg_cb, &a);
  p->xnest--;
  t->u.call.args = vec_list (a.args);
  t->u.call.has_dots = a.has_dots;
  return t;
}

/* Whether '{' after x starts a composite literal (rather than a block). */
static gboolean
complit_ok (Parser  *p,
            GmlNode *t)
{
  switch (t->kind)
    {
    case GML_NODE_IDENT:
    case GML_NODE_SELECTOR:
      return p->xnest >= 0;
    case GML_NODE_INDEX:
      return p->xnest >= 0 && !is_value (t);
    case GML_NODE_ARRAY_TYPE:
    case GML_NODE_STRUCT_TYPE:
    case GML_NODE_MAP_TYPE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* PrimaryExpr = Operand | Conversion | PrimaryExpr Selector |
 *               PrimaryExpr Index | PrimaryExpr Slice |
 *               PrimaryExpr TypeAssertion | PrimaryExpr Arguments . */
static GmlNode *
pexpr (Parser   *p,
       GmlNode  *x,
       gboolean  keep_parens)
{
  if (x == NULL)
    x = operand (p, keep_parens);

  for (;;)
    {
      GmlNode *t;

      switch (p->tok.kind)
        {
        case GML_TOKEN_PERIOD:
          x = selector_or_assert (p, x);
          break;
        case GML_TOKEN_LBRACK:
          x = index_or_slice (p, x);
          break;
        case GML_TOKEN_LPAREN:
          x = call (p, x);
          break;
        case GML_TOKEN_LBRACE:
          t = gml_node_unparen (x);
          if (!complit_ok (p, t))
            return x;
          if (t != x)
            syntax_error (p, "cannot parenthesize type in composite literal");
          x = complit_expr (p, x);
          break;
        default:
          return x;
        }
      finish (p, x);
    }
}

/* Element = Expression | LiteralValue . */
static GmlNode *
bare_complit_expr (Parser *p)
{
  if (p->tok.kind == GML_TOKEN_LBRACE)
    return complit_expr (p, NULL);
  return expr (p);
}

static gboolean
element_cb (Parser  *p,
            gpointer data)
{
  NodeVec *elts = data;
  GmlNode *e = bare_complit_expr (p);

  if (p->tok.kind == GML_TOKEN_COLON)
    {
      GmlNode *kv = new_node (p, GML_NODE_KEY_VALUE, p->tok.pos);

      next (p);
      kv->u.kv.key = e;
      kv->u.kv.value = bare_complit_expr (p);
      e = finish (p, kv);
    }
  vec_push (p, elts, e);
  return FALSE;
}

/* LiteralValue = "{" [ ElementList [ "," ] ] "}" . */
static GmlNode *
complit_expr (Parser  *p,
              GmlNode *type)
{
  GmlNode *x = new_node (p, GML_NODE_COMPOSITE_LIT, p->tok.pos);
  NodeVec elts = { 0 };

  if (!enter (p))
    return x;
  x->u.composite.type = type;
  x->u.composite.lbrace = p->tok.pos;
  p->xnest++;
  want (p, GML_TOKEN_LBRACE);
  x->u.composite.rbrace = list (p, "composite literal", GML_TOKEN_COMMA,
                                GML_TOKEN_RBRACE, element_cb, &elts);
  p->xnest--;
  x->u.composite.elts = vec_list (elts);
  leave (p);
  return finish (p, x);
}

/* ------------------------------------------------------------------ */
/* Types                                                               */

static GmlNode *
type_ (Parser *p)
{
  GmlNode *typ = type_or_nil (p);

  if (typ == NULL)
    {
      typ = bad_expr (p);
      syntax_error (p, "expecting type");
      advance (p, FOLLOW (GML_TOKEN_COMMA, GML_TOKEN_COLON, GML_TOKEN_SEMICOLON, GML_TOKEN_RPAREN, GML_TOKEN_RBRACK, GML_TOKEN_RBRACE));
    }
  return typ;
}

static GmlNode *
new_indirect (Parser  *p,
              GmlPos   pos,
              GmlNode *typ)
{
  GmlNode *o = new_node (p, GML_NODE_STAR, pos);

  o->u.star.x = typ;
  return finish (p, o);
}

static GmlNode *
chan_elem (Parser *p)
{
  GmlNode *typ = type_or_nil (p);

  if (typ == NULL)
    {
      typ = bad_expr (p);
      syntax_error (p, "missing channel element type");
    }
  return typ;
}

/* ChannelType = ( "chan" | "chan" "<-" | "<-" "chan" ) ElementType . */
static GmlNode *
chan_type (Parser *p)
{
  GmlNode *t = new_node (p, GML_NODE_CHAN_TYPE, p->tok.pos);

  if (got (p, GML_TOKEN_ARROW))
    {
      want (p, GML_TOKEN_CHAN);
      t->u.chan_type.dir = GML_CHAN_RECV;
    }
  else
    {
      next (p);
      if (got (p, GML_TOKEN_ARROW))
        t->u.chan_type.dir = GML_CHAN_SEND;
    }
  t->u.chan_type.elem = chan_elem (p);
  return t;
}

/* MapType = "map" "[" KeyType "]" ElementType . */
static GmlNode *
map_type (Parser *p)
{
  GmlNode *t = new_node (p, GML_NODE_MAP_TYPE, p->tok.pos);

  next (p);
  want (p, GML_TOKEN_LBRACK);
  t->u.map_type.key = type_ (p);
  want (p, GML_TOKEN_RBRACK);
  t->u.map_type.value = type_ (p);
  return t;
}

/* "[" and "]" have been consumed; pos is the '['. */
static GmlNode *
slice_type (Parser *p,
            GmlPos  pos)
{
  GmlNode *t = new_node (p, GML_NODE_ARRAY_TYPE, pos);

  t->u.array_type.elem = type_ (p);
  return t;
}

/* ArrayType = "[" ArrayLength "]" ElementType .  "[" has been consumed;
 * len is the already parsed length or NULL. */
static GmlNode *
array_type (Parser  *p,
            GmlPos   pos,
            GmlNode *len)
{
  GmlNode *t;

  if (len == NULL)
    {
      if (p->tok.kind == GML_TOKEN_ELLIPSIS)
        {
          len = new_node (p, GML_NODE_ELLIPSIS, p->tok.pos);
          next (p);
          finish (p, len);
        }
      else
        {
          p->xnest++;
          len = expr (p);
          p->xnest--;
        }
    }
  if (p->tok.kind == GML_TOKEN_COMMA)
    {
      syntax_error (p, "unexpected comma; expecting ]");
      next (p);
    }
  want (p, GML_TOKEN_RBRACK);
  t = new_node (p, GML_NODE_ARRAY_TYPE, pos);
  t->u.array_type.len = len;
  t->u.array_type.elem = type_ (p);
  return t;
}

/* TypeName [ TypeArgs ]: instantiation, which the simulator rejects. */
static GmlNode *
type_instance (Parser  *p,
               GmlNode *typ)
{
  GmlNode *x = new_node (p, GML_NODE_INDEX, p->tok.pos);
  gboolean comma;

  unsupported (p, p->tok.pos, "generics are");
  want (p, GML_TOKEN_LBRACK);
  x->u.index.x = typ;
  if (p->tok.kind == GML_TOKEN_RBRACK)
    {
      syntax_error (p, "expecting type");
      x->u.index.index = bad_expr (p);
    }
  else
    x->u.index.index = type_list (p, &comma);
  x->u.index.rbrack = p->tok.pos;
  want (p, GML_TOKEN_RBRACK);
  return x;
}

/* The first name may be given, or NULL. */
static GmlNode *
qualified_name (Parser  *p,
                GmlNode *n)
{
  GmlNode *x = n;

  if (x == NULL && p->tok.kind == GML_TOKEN_IDENT)
    x = name (p);
  else if (x == NULL)
    {
      x = new_ident (p, p->tok.pos, "_");
      syntax_error (p, "expecting name");
      advance (p, FOLLOW (GML_TOKEN_PERIOD, GML_TOKEN_SEMICOLON, GML_TOKEN_RBRACE));
    }
  if (p->tok.kind == GML_TOKEN_PERIOD)
    {
      GmlNode *s = new_node (p, GML_NODE_SELECTOR, p->tok.pos);

      next (p);
      s->u.selector.x = x;
      s->u.selector.sel = name (p);
      x = finish (p, s);
    }
  if (p->tok.kind == GML_TOKEN_LBRACK)
    x = finish (p, type_instance (p, x));
  return x;
}

static GmlNode *
type_or_nil_inner (Parser *p)
{
  GmlPos pos = p->tok.pos;
  GmlNode *t;

  switch (p->tok.kind)
    {
    case GML_TOKEN_MUL:
      next (p);
      return new_indirect (p, pos, type_ (p));
    case GML_TOKEN_ARROW:
    case GML_TOKEN_CHAN:
      return chan_type (p);
    case GML_TOKEN_FUNC:
      next (p);
      return func_type (p, "function type");
    case GML_TOKEN_LBRACK:
      next (p);
      if (got (p, GML_TOKEN_RBRACK))
        return slice_type (p, pos);
      return array_type (p, pos, NULL);
    case GML_TOKEN_MAP:
      return map_type (p);
    case GML_TOKEN_STRUCT:
      return struct_type (p);
    case GML_TOKEN_INTERFACE:
      return interface_type (p);
    case GML_TOKEN_IDENT:
      return qualified_name (p, NULL);
    case GML_TOKEN_LPAREN:
      next (p);
      t = type_ (p);
      want (p, GML_TOKEN_RPAREN);
      return t;
    default:
      return NULL;
    }
}

/* Type     = TypeName | TypeLit | "(" Type ")" .
 * TypeLit  = ArrayType | StructType | PointerType | FunctionType |
 *            InterfaceType | SliceType | MapType | ChannelType . */
static GmlNode *
type_or_nil (Parser *p)
{
  GmlNode *t;

  if (!enter (p))
    return NULL;
  t = finish (p, type_or_nil_inner (p));
  leave (p);
  return t;
}

/* array_or_targs: after a name, "[" starts an array/slice type or type
 * arguments (an embedded instantiated type).  Returns an ARRAY_TYPE, or an
 * INDEX node whose x the caller fills in. */
static GmlNode *
array_or_targs (Parser *p)
{
  GmlPos pos = p->tok.pos;
  GmlNode *n, *elem, *t;
  gboolean comma;

  want (p, GML_TOKEN_LBRACK);
  if (got (p, GML_TOKEN_RBRACK))
    return slice_type (p, pos);

  n = type_list (p, &comma);
  want (p, GML_TOKEN_RBRACK);
  if (!comma && (elem = type_or_nil (p)) != NULL)
    {
      t = new_node (p, GML_NODE_ARRAY_TYPE, pos);
      t->u.array_type.len = n;
      t->u.array_type.elem = elem;
      return finish (p, t);
    }
  unsupported (p, pos, "generics are");
  t = new_node (p, GML_NODE_INDEX, pos);
  t->u.index.index = n;
  return finish (p, t);
}

static GmlNode *
new_field (Parser  *p,
           GmlPos   pos,
           GmlNode *fname,
           GmlNode *typ,
           GmlNode *tag)
{
  GmlNode *f = new_node (p, GML_NODE_FIELD, pos);
  NodeVec names = { 0 };

  if (fname != NULL)
    vec_push (p, &names, fname);
  f->u.field.names = vec_list (names);
  f->u.field.type = typ;
  f->u.field.tag = tag;
  return finish (p, f);
}

/* AnonymousField = [ "*" ] TypeName, possibly (wrongly) parenthesized. */
static GmlNode *
embedded_field (Parser *p)
{
  GmlPos pos = p->tok.pos;
  gboolean star = got (p, GML_TOKEN_MUL);
  gboolean paren = p->tok.kind == GML_TOKEN_LPAREN;
  GmlPos star_pos = pos;
  GmlNode *typ;

  if (paren)
    {
      syntax_error (p, "cannot parenthesize embedded type");
      next (p);
      if (!star && p->tok.kind == GML_TOKEN_MUL)
        {
          star = TRUE;
          star_pos = p->tok.pos;
          next (p);
        }
    }
  typ = qualified_name (p, NULL);
  if (paren)
    got (p, GML_TOKEN_RPAREN);
  if (star)
    typ = new_indirect (p, star_pos, typ);
  return new_field (p, pos, NULL, typ, oliteral (p));
}

/* FieldDecl      = (IdentifierList Type | AnonymousField) [ Tag ] .
 * AnonymousField = [ "*" ] TypeName .
 * Tag            = string_lit . */
static gboolean
field_decl_cb (Parser  *p,
               gpointer data)
{
  NodeVec *fields = data;
  GmlPos pos = p->tok.pos;
  GmlNode *n, *typ, *f;
  NodeVec names;

  if (p->tok.kind == GML_TOKEN_MUL || p->tok.kind == GML_TOKEN_LPAREN)
    {
      vec_push (p, fields, embedded_field (p));
      return FALSE;
    }
  if (p->tok.kind != GML_TOKEN_IDENT)
    {
      syntax_error (p, "expecting field name or embedded type");
      advance (p, FOLLOW (GML_TOKEN_SEMICOLON, GML_TOKEN_RBRACE));
      return FALSE;
    }

  n = name (p);
  if (p->tok.kind == GML_TOKEN_PERIOD || is_literal (p->tok.kind) ||
      p->tok.kind == GML_TOKEN_SEMICOLON || p->tok.kind == GML_TOKEN_RBRACE)
    {
      typ = qualified_name (p, n);
      vec_push (p, fields, new_field (p, pos, NULL, typ, oliteral (p)));
      return FALSE;
    }

  names = name_list (p, n);
  if (names.len == 1 && p->tok.kind == GML_TOKEN_LBRACK)
    {
      typ = array_or_targs (p);
      if (typ->kind == GML_NODE_INDEX)
        {
          typ->u.index.x = n;
          vec_push (p, fields, new_field (p, pos, NULL, typ, oliteral (p)));
          return FALSE;
        }
    }
  else
    typ = type_ (p);

  f = new_field (p, pos, NULL, typ, oliteral (p));
  f->u.field.names = vec_list (names);
  vec_push (p, fields, f);
  return FALSE;
}

/* StructType = "struct" "{" { FieldDecl ";" } "}" . */
static GmlNode *
struct_type (Parser *p)
{
  GmlNode *t = new_node (p, GML_NODE_STRUCT_TYPE, p->tok.pos);
  NodeVec fields = { 0 };

  want (p, GML_TOKEN_STRUCT);
  want (p, GML_TOKEN_LBRACE);
  list (p, "struct type", GML_TOKEN_SEMICOLON, GML_TOKEN_RBRACE, field_decl_cb, &fields);
  t->u.struct_type.fields = vec_list (fields);
  return t;
}

/* EmbeddedTerm = [ "~" ] Type . */
static GmlNode *
embedded_term (Parser *p)
{
  GmlNode *t;

  if (p->tok.kind == GML_TOKEN_TILDE)
    {
      unsupported (p, p->tok.pos, "generics are");
      next (p);
      return type_ (p);
    }
  t = type_or_nil (p);
  if (t == NULL)
    {
      t = bad_expr (p);
      syntax_error (p, "expecting ~ term or type");
      advance (p, FOLLOW (GML_TOKEN_OR, GML_TOKEN_SEMICOLON, GML_TOKEN_RPAREN, GML_TOKEN_RBRACK, GML_TOKEN_RBRACE));
    }
  return t;
}

/* EmbeddedElem = MethodSpec | EmbeddedTerm { "|" EmbeddedTerm } .
 * Unions are type constraints, i.e. generics. */
static GmlNode *
embedded_elem (Parser  *p,
               GmlNode *f)
{
  if (f == NULL)
    {
      GmlPos pos = p->tok.pos;

      f = new_field (p, pos, NULL, embedded_term (p), NULL);
    }
  while (p->tok.kind == GML_TOKEN_OR)
    {
      unsupported (p, p->tok.pos, "generics are");
      next (p);
      embedded_term (p);
    }
  return f;
}

/* MethodSpec        = MethodName Signature | InterfaceTypeName .
 * MethodName        = identifier .
 * InterfaceTypeName = TypeName . */
static GmlNode *
method_decl (Parser *p)
{
  GmlPos pos = p->tok.pos;
  GmlNode *n = name (p);
  NodeVec discard = { 0 };

  if (p->tok.kind == GML_TOKEN_LBRACK)
    {
      /* a generic method m[T C](x T), which Go rejects too, or an
       * embedded instantiated type T[A] */
      GmlPos lbrack = p->tok.pos;

      next (p);
      if (p->tok.kind == GML_TOKEN_RBRACK)
        {
          GmlPos rbrack = p->tok.pos;

          next (p);
          error_at (p, rbrack, p->tok.kind == GML_TOKEN_LPAREN ? "empty type parameter list"
                                                               : "empty type argument list");
        }
      else
        {
          param_list (p, GML_TOKEN_RBRACK, FALSE, &discard);
          if (p->tok.kind == GML_TOKEN_LPAREN)
            error_at (p, lbrack, "interface method must have no type parameters");
          else
            unsupported (p, lbrack, "generics are");
        }
      if (p->tok.kind != GML_TOKEN_LPAREN)
        return new_field (p, pos, NULL, n, NULL);
    }
  if (p->tok.kind == GML_TOKEN_LPAREN)
    return new_field (p, pos, n, func_type (p, "interface method"), NULL);
  return new_field (p, pos, NULL, qualified_name (p, n), NULL);
}

static gboolean
interface_elem_cb (Parser  *p,
                   gpointer data)
{
  NodeVec *methods = data;
  GmlNode *f = NULL;

  if (p->tok.kind == GML_TOKEN_IDENT)
    f = method_decl (p);
  if (f == NULL || f->u.field.names.len == 0)
    f = embedded_elem (p, f);
  vec_push (p, methods, f);
  return FALSE;
}

/* InterfaceType = "interface" "{" { ( MethodSpec | EmbeddedElem ) ";" } "}" . */
static GmlNode *
interface_type (Parser *p)
{
  GmlNode *t = new_node (p, GML_NODE_INTERFACE_TYPE, p->tok.pos);
  NodeVec methods = { 0 };

  want (p, GML_TOKEN_INTERFACE);
  want (p, GML_TOKEN_LBRACE);
  list (p, "interface type", GML_TOKEN_SEMICOLON, GML_TOKEN_RBRACE, interface_elem_cb, &methods);
  t->u.interface_type.methods = vec_list (methods);
  return t;
}

/* ------------------------------------------------------------------ */
/* Parameters                                                          */

typedef struct
{
  GmlNode *name;   /* IDENT or NULL */
  GmlNode *type;   /* NULL until distributed */
  GmlPos   pos;
} Param;

typedef struct
{
  GArray       *params;  /* Param */
  GmlTokenKind  close;
  guint         named;   /* parameters with a name and a type */
} ParamState;

/* ParameterDecl = [ IdentifierList ] [ "..." ] Type . */
static gboolean
param_decl_cb (Parser  *p,
               gpointer data)
{
  ParamState *st = data;
  Param par = { NULL, NULL, p->tok.pos };

  if (p->tok.kind == GML_TOKEN_IDENT)
    {
      GmlNode *n = name (p);

      if (p->tok.kind == GML_TOKEN_LBRACK)
        {
          /* name "[" ... : name [n]E, or an instantiated type name[T] */
          par.type = array_or_targs (p);
          if (par.type->kind == GML_NODE_INDEX)
            par.type->u.index.x = n;
          else
            par.name = n;
          goto done;
        }
      if (p->tok.kind == GML_TOKEN_PERIOD)
        {
          par.type = qualified_name (p, n);
          goto done;
        }
      par.name = n;
    }

  if (p->tok.kind == GML_TOKEN_ELLIPSIS)
    {
      GmlNode *t = new_node (p, GML_NODE_ELLIPSIS, p->tok.pos);

      next (p);
      t->u.ellipsis.elem = type_or_nil (p);
      if (t->u.ellipsis.elem == NULL)
        {
          t->u.ellipsis.elem = bad_expr (p);
          syntax_error (p, "... is missing type");
        }
      par.type = finish (p, t);
      goto done;
    }

  par.type = type_or_nil (p);
  if (par.name == NULL && par.type == NULL)
    {
      syntax_errorf (p, "expecting %s", tokstring (st->close));
      advance (p, FOLLOW (GML_TOKEN_COMMA, st->close));
      return FALSE;
    }

done:
  if (par.name != NULL && par.type != NULL)
    st->named++;
  g_array_append_val (st->params, par);
  return FALSE;
}

/* Either all parameters have names or none has: distribute the types
 * right to left ("a, b int") or turn the names into types ("int, string"). */
static void
distribute_params (Parser     *p,
                   ParamState *st,
                   gboolean    require_names)
{
  GArray *ps = st->params;
  GmlNode *typ = NULL;
  GmlPos errpos = GML_POS_NONE;

  if (st->named == 0 && !require_names)
    {
      for (guint i = 0; i < ps->len; i++)
        {
          Param *par = &g_array_index (ps, Param, i);

          if (par->name != NULL)
            par->type = par->name, par->name = NULL;
        }
      return;
    }
  if (st->named == ps->len)
    return;

  for (guint i = ps->len; i-- > 0;)
    {
      Param *par = &g_array_index (ps, Param, i);

      if (par->type != NULL)
        {
          typ = par->type;
          if (par->name == NULL)
            {
              errpos = gml_node_start_pos (typ);
              par->name = new_ident (p, errpos, "_");
            }
        }
      else if (typ != NULL)
        par->type = typ;
      else
        {
          errpos = par->name->pos;
          par->type = new_node (p, GML_NODE_BAD_EXPR, errpos);
        }
    }
  if (gml_pos_is_valid (errpos))
    syntax_error_at (p, errpos, require_names ? "type parameters must be named"
                                              : "mixed named and unnamed parameters");
}

/* Groups consecutive parameters sharing a type node into one FIELD. */
static void
group_params (Parser  *p,
              GArray  *ps,
              NodeVec *out)
{
  GmlNode *f = NULL;
  NodeVec names = { 0 };

  for (guint i = 0; i < ps->len; i++)
    {
      Param *par = &g_array_index (ps, Param, i);

      if (f != NULL && par->name != NULL && names.len > 0 && f->u.field.type == par->type)
        {
          vec_push (p, &names, par->name);
          f->u.field.names = vec_list (names);
          continue;
        }
      f = new_field (p, par->pos, NULL, par->type, NULL);
      f->end = gml_pos_is_valid (par->type->end) ? par->type->end : f->end;
      names = (NodeVec) { 0 };
      if (par->name != NULL)
        {
          vec_push (p, &names, par->name);
          f->u.field.names = vec_list (names);
        }
      vec_push (p, out, f);
    }
}

/* Parameters    = "(" [ ParameterList [ "," ] ] ")" .
 * ParameterList = ParameterDecl { "," ParameterDecl } .
 * The opening "(" (or "[") has been consumed. */
static void
param_list (Parser       *p,
            GmlTokenKind  close,
            gboolean      require_names,
            NodeVec      *out)
{
  ParamState st = { g_array_new (FALSE, FALSE, sizeof (Param)), close, 0 };

  list (p, "parameter list", GML_TOKEN_COMMA, close, param_decl_cb, &st);
  if (st.params->len > 0)
    {
      distribute_params (p, &st, require_names);
      group_params (p, st.params, out);
    }
  g_array_unref (st.params);
}

/* Result = Parameters | Type . */
static GmlNodeList
func_result (Parser *p)
{
  NodeVec v = { 0 };
  GmlPos pos = p->tok.pos;
  GmlNode *typ;

  if (got (p, GML_TOKEN_LPAREN))
    param_list (p, GML_TOKEN_RPAREN, FALSE, &v);
  else if ((typ = type_or_nil (p)) != NULL)
    vec_push (p, &v, new_field (p, pos, NULL, typ, NULL));
  return vec_list (v);
}

/* Signature = [ TypeParameters ] Parameters [ Result ] .  Type parameters
 * are parsed for recovery and rejected. */
static GmlNode *
func_type (Parser     *p,
           const char *context)
{
  GmlNode *typ = new_node (p, GML_NODE_FUNC_TYPE, p->tok.pos);
  NodeVec params = { 0 }, discard = { 0 };

  if (p->tok.kind == GML_TOKEN_LBRACK)
    {
      next (p);
      if (context[0] != '\0')
        {
          g_autofree char *msg = g_strdup_printf ("%s must have no type parameters", context);
          syntax_error_at (p, typ->pos, msg);
        }
      if (p->tok.kind == GML_TOKEN_RBRACK)
        {
          syntax_error (p, "empty type parameter list");
          next (p);
        }
      else
        {
          if (context[0] == '\0')
            unsupported (p, typ->pos, "generics are");
          param_list (p, GML_TOKEN_RBRACK, TRUE, &discard);
        }
    }
  want (p, GML_TOKEN_LPAREN);
  param_list (p, GML_TOKEN_RPAREN, FALSE, &params);
  typ->u.func_type.params = vec_list (params);
  typ->u.func_type.results = func_result (p);
  return finish (p, typ);
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */

static GmlNode *
expr_stmt (Parser  *p,
           GmlNode *x)
{
  GmlNode *s = new_node (p, GML_NODE_EXPR_STMT, gml_node_start_pos (x));

  s->u.expr_stmt.x = x;
  return s;
}

static GmlNode *
new_assign (Parser       *p,
            GmlPos        pos,
            GmlTokenKind  op,
            NodeVec       lhs,
            NodeVec       rhs)
{
  GmlNode *a = new_node (p, GML_NODE_ASSIGN_STMT, pos);

  a->u.assign.op = op;
  a->u.assign.lhs = vec_list (lhs);
  a->u.assign.rhs = vec_list (rhs);
  return a;
}

/* RangeClause = [ ExpressionList "=" | IdentifierList ":=" ] "range" Expression .
 * Returns a RANGE_STMT without body; for_stmt completes it. */
static GmlNode *
range_clause (Parser   *p,
              NodeVec  *lhs,
              gboolean  define)
{
  GmlNode *r = new_node (p, GML_NODE_RANGE_STMT, p->tok.pos);

  next (p);
  r->u.range.define = define;
  if (lhs != NULL && lhs->len > 0)
    r->u.range.key = lhs->items[0];
  if (lhs != NULL && lhs->len > 1)
    r->u.range.value = lhs->items[1];
  if (lhs != NULL && lhs->len > 2)
    error_later (p, gml_node_start_pos (lhs->items[2]),
                 "range clause permits at most two iteration variables");
  r->u.range.x = expr (p);
  return r;
}

/* A statement that starts with a single expression x. */
static GmlNode *
simple_stmt_single (Parser  *p,
                    GmlNode *x)
{
  GmlPos pos = p->tok.pos;
  GmlTokenKind op = p->tok.kind;
  GmlNode *s;
  NodeVec lhs = { 0 }, rhs = { 0 };

  if (gml_token_assign_op (op) != GML_TOKEN_EOF)
    {
      next (p);
      vec_push (p, &lhs, x);
      vec_push (p, &rhs, expr (p));
      return new_assign (p, pos, op, lhs, rhs);
    }
  switch (op)
    {
    case GML_TOKEN_INC:
    case GML_TOKEN_DEC:
      next (p);
      s = new_node (p, GML_NODE_INC_DEC_STMT, pos);
      s->u.inc_dec.x = x;
      s->u.inc_dec.inc = op == GML_TOKEN_INC;
      return s;
    case GML_TOKEN_ARROW:
      next (p);
      s = new_node (p, GML_NODE_SEND_STMT, pos);
      s->u.send.chan = x;
      s->u.send.value = expr (p);
      return s;
    default:
      return expr_stmt (p, x);
    }
}

/* SimpleStmt = EmptyStmt | ExpressionStmt | SendStmt | IncDecStmt |
 *              Assignment | ShortVarDecl .
 * keyword is FOR (a range clause is allowed), SWITCH, IF or EOF. */
static GmlNode *
simple_stmt (Parser       *p,
             NodeVec      *lhs_in,
             GmlTokenKind  keyword)
{
  NodeVec lhs, rhs;
  GmlPos pos;
  GmlTokenKind op;

  if (keyword == GML_TOKEN_FOR && p->tok.kind == GML_TOKEN_RANGE)
    return range_clause (p, NULL, FALSE);

  lhs = lhs_in != NULL ? *lhs_in : expr_list (p);
  if (lhs.len == 1 && p->tok.kind != GML_TOKEN_ASSIGN && p->tok.kind != GML_TOKEN_DEFINE)
    return simple_stmt_single (p, lhs.items[0]);

  if (p->tok.kind != GML_TOKEN_ASSIGN && p->tok.kind != GML_TOKEN_DEFINE)
    {
      syntax_error (p, "expecting := or = or comma");
      advance (p, FOLLOW (GML_TOKEN_SEMICOLON, GML_TOKEN_RBRACE));
      return expr_stmt (p, lhs.items[0]);
    }

  pos = p->tok.pos;
  op = p->tok.kind;
  next (p);
  if (keyword == GML_TOKEN_FOR && p->tok.kind == GML_TOKEN_RANGE)
    return range_clause (p, &lhs, op == GML_TOKEN_DEFINE);
  rhs = expr_list (p);
  return new_assign (p, pos, op, lhs, rhs);
}

/* LabeledStmt = Label ":" Statement . */
static GmlNode *
labeled_stmt (Parser  *p,
              GmlNode *label)
{
  GmlNode *s = new_node (p, GML_NODE_LABELED_STMT, label->pos);
  GmlPos colon = p->tok.pos;

  s->u.labeled.label = label;
  want (p, GML_TOKEN_COLON);
  if (p->tok.kind == GML_TOKEN_RBRACE)
    {
      /* "L: }": an empty statement, its ';' omitted before '}' */
      s->u.labeled.stmt = new_node (p, GML_NODE_EMPTY_STMT, p->tok.pos);
      return s;
    }
  s->u.labeled.stmt = stmt_or_nil (p);
  if (s->u.labeled.stmt != NULL)
    return s;
  syntax_error_at (p, colon, "missing statement after label");
  return NULL;
}

/* Block = "{" StatementList "}" .  context names what the block follows. */
static GmlNode *
block_stmt (Parser     *p,
            const char *context)
{
  GmlNode *s = new_node (p, GML_NODE_BLOCK, p->tok.pos);

  if (!got (p, GML_TOKEN_LBRACE))
    {
      syntax_errorf (p, "expecting { after %s", context);
      advance (p, FOLLOW (GML_TOKEN_IDENT, GML_TOKEN_RBRACE));
      s->u.block.rbrace = p->tok.pos;
      if (got (p, GML_TOKEN_RBRACE))
        return finish (p, s);
    }
  s->u.block.stmts = stmt_list (p);
  s->u.block.rbrace = p->tok.pos;
  want (p, GML_TOKEN_RBRACE);
  return finish (p, s);
}

static GmlNode *append_group (Parser *p, GmlTokenKind kind, GmlPos pos);

/* Declaration = ConstDecl | TypeDecl | VarDecl . */
static GmlNode *
decl_stmt (Parser *p)
{
  GmlNode *s = new_node (p, GML_NODE_DECL_STMT, p->tok.pos);
  GmlTokenKind kind = p->tok.kind;

  next (p);
  s->u.decl_stmt.decl = append_group (p, kind, s->pos);
  return s;
}

typedef struct
{
  GmlNode *init, *cond, *post;
  GmlNode *guard_name;   /* switch x := y.(type): x */
} Header;

/* switch x := y.(type): the statement is a type switch guard. */
static gboolean
is_guard_define (GmlNode *s)
{
  return s->kind == GML_NODE_ASSIGN_STMT && s->u.assign.op == GML_TOKEN_DEFINE &&
         s->u.assign.lhs.len == 1 && s->u.assign.lhs.items[0]->kind == GML_NODE_IDENT &&
         s->u.assign.rhs.len == 1 && s->u.assign.rhs.items[0]->kind == GML_NODE_TYPE_ASSERT &&
         s->u.assign.rhs.items[0]->u.assert.type == NULL;
}

static char *
list_string (GmlNodeList l)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < l.len; i++)
    {
      g_autofree char *x = gml_node_syntax_string (l.items[i]);

      g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", x);
    }
  return g_string_free (s, FALSE);
}

/* Turns the statement in condition position into an expression. */
static void
header_cond (Parser       *p,
             Header       *h,
             GmlNode      *cond_stmt,
             GmlTokenKind  keyword,
             GmlPos        semi_pos,
             const char   *semi_lit)
{
  g_autofree char *str = NULL;

  if (cond_stmt == NULL)
    {
      if (keyword == GML_TOKEN_IF && gml_pos_is_valid (semi_pos))
        {
          if (strcmp (semi_lit, "semicolon") != 0)
            {
              g_autofree char *msg = g_strdup_printf ("unexpected %s, expecting { after if clause", semi_lit);
              syntax_error_at (p, semi_pos, msg);
            }
          else
            syntax_error_at (p, semi_pos, "missing condition in if statement");
          h->cond = new_node (p, GML_NODE_BAD_EXPR, semi_pos);
        }
      return;
    }
  if (cond_stmt->kind == GML_NODE_EXPR_STMT)
    {
      h->cond = cond_stmt->u.expr_stmt.x;
      return;
    }
  if (keyword == GML_TOKEN_SWITCH && is_guard_define (cond_stmt))
    {
      h->guard_name = cond_stmt->u.assign.lhs.items[0];
      h->cond = cond_stmt->u.assign.rhs.items[0];
      return;
    }
  /* A common mistake is '=' for '==': say so explicitly. */
  if (cond_stmt->kind == GML_NODE_ASSIGN_STMT && cond_stmt->u.assign.op == GML_TOKEN_ASSIGN)
    {
      g_autofree char *l = list_string (cond_stmt->u.assign.lhs);
      g_autofree char *r = list_string (cond_stmt->u.assign.rhs);
      str = g_strdup_printf ("assignment (%s) = (%s)", l, r);
    }
  else
    str = gml_node_syntax_string (cond_stmt);
  {
    g_autofree char *msg = g_strdup_printf ("cannot use %s as value", str);
    syntax_error_at (p, cond_stmt->pos, msg);
  }
}

/* The for clause after "for init;": [ Condition ] ";" [ PostStmt ]. */
static GmlNode *
for_clause (Parser *p,
            Header *h)
{
  GmlNode *cond_stmt = NULL;

  if (p->tok.kind != GML_TOKEN_SEMICOLON)
    {
      if (p->tok.kind == GML_TOKEN_LBRACE)
        {
          syntax_error (p, "expecting for loop condition");
          return NULL;
        }
      cond_stmt = simple_stmt (p, NULL, GML_TOKEN_EOF);
    }
  want (p, GML_TOKEN_SEMICOLON);
  if (p->tok.kind != GML_TOKEN_LBRACE)
    {
      h->post = simple_stmt (p, NULL, GML_TOKEN_EOF);
      if (h->post->kind == GML_NODE_ASSIGN_STMT && h->post->u.assign.op == GML_TOKEN_DEFINE)
        syntax_error_at (p, h->post->pos, "cannot declare in post statement of for loop");
    }
  return cond_stmt;
}

/* The header of if, for and switch statements:
 *   [ SimpleStmt ";" ] Expression     (if, switch; the expression is optional for switch)
 *   [ Init ";" Cond ";" Post ] | RangeClause   (for) */
static Header
header (Parser       *p,
        GmlTokenKind  keyword)
{
  Header h = { NULL, NULL, NULL, NULL };
  GmlNode *cond_stmt = NULL;
  GmlPos semi_pos = GML_POS_NONE;
  const char *semi_lit = "";
  int outer;

  want (p, keyword);
  if (p->tok.kind == GML_TOKEN_LBRACE)
    {
      if (keyword == GML_TOKEN_IF)
        {
          syntax_error (p, "missing condition in if statement");
          h.cond = bad_expr (p);
        }
      return h;
    }

  outer = p->xnest;
  p->xnest = -1;

  if (p->tok.kind != GML_TOKEN_SEMICOLON)
    {
      if (got (p, GML_TOKEN_VAR))
        syntax_errorf (p, "var declaration not allowed in %s initializer", tokstring (keyword));
      h.init = simple_stmt (p, NULL, keyword);
      if (h.init->kind == GML_NODE_RANGE_STMT)
        {
          p->xnest = outer;
          return h;
        }
    }

  if (p->tok.kind != GML_TOKEN_LBRACE)
    {
      if (p->tok.kind == GML_TOKEN_SEMICOLON)
        {
          semi_pos = p->tok.pos;
          semi_lit = p->tok.text; /* "semicolon", "newline" or "EOF" */
          next (p);
        }
      else
        {
          /* asking for a '{' rather than a ';' gives a better message */
          want (p, GML_TOKEN_LBRACE);
          if (p->tok.kind != GML_TOKEN_LBRACE)
            advance (p, FOLLOW (GML_TOKEN_LBRACE, GML_TOKEN_RBRACE));
        }
      if (keyword == GML_TOKEN_FOR)
        cond_stmt = for_clause (p, &h);
      else if (p->tok.kind != GML_TOKEN_LBRACE)
        cond_stmt = simple_stmt (p, NULL, keyword);
    }
  else
    {
      cond_stmt = h.init;
      h.init = NULL;
    }

  header_cond (p, &h, cond_stmt, keyword, semi_pos, semi_lit);
  p->xnest = outer;
  return h;
}

/* ForStmt = "for" [ Condition | ForClause | RangeClause ] Block . */
static GmlNode *
for_stmt (Parser *p)
{
  GmlPos pos = p->tok.pos;
  Header h = header (p, GML_TOKEN_FOR);
  GmlNode *body = block_stmt (p, "for clause");
  GmlNode *s;

  if (h.init != NULL && h.init->kind == GML_NODE_RANGE_STMT)
    {
      s = h.init;
      s->pos = pos;
      s->u.range.body = body;
      return s;
    }
  s = new_node (p, GML_NODE_FOR_STMT, pos);
  s->u.for_stmt.init = h.init;
  s->u.for_stmt.cond = h.cond;
  s->u.for_stmt.post = h.post;
  s->u.for_stmt.body = body;
  return s;
}

/* IfStmt = "if" [ SimpleStmt ";" ] Expression Block [ "else" ( IfStmt | Block ) ] . */
static GmlNode *
if_stmt (Parser *p)
{
  GmlNode *s = new_node (p, GML_NODE_IF_STMT, p->tok.pos);
  Header h;

  if (!enter (p))
    return s;
  h = header (p, GML_TOKEN_IF);
  s->u.if_stmt.init = h.init;
  s->u.if_stmt.cond = h.cond;
  s->u.if_stmt.then = block_stmt (p, "if clause");
  if (got (p, GML_TOKEN_ELSE))
    {
      if (p->tok.kind == GML_TOKEN_IF)
        s->u.if_stmt.else_ = if_stmt (p);
      else if (p->tok.kind == GML_TOKEN_LBRACE)
        s->u.if_stmt.else_ = block_stmt (p, "");
      else
        {
          syntax_error (p, "else must be followed by if or statement block");
          advance (p, FOLLOW (GML_TOKEN_IDENT, GML_TOKEN_RBRACE));
        }
    }
  leave (p);
  return finish (p, s);
}

/* ExprCaseClause = ExprSwitchCase ":" StatementList .
 * ExprSwitchCase = "case" ExpressionList | "default" . */
static GmlNode *
case_clause (Parser *p)
{
  GmlNode *c = new_node (p, GML_NODE_CASE_CLAUSE, p->tok.pos);

  switch (p->tok.kind)
    {
    case GML_TOKEN_CASE:
      next (p);
      c->u.case_clause.list = vec_list (expr_list (p));
      break;
    case GML_TOKEN_DEFAULT:
      next (p);
      c->u.case_clause.is_default = TRUE;
      break;
    default:
      syntax_error (p, "expecting case or default or }");
      advance (p, FOLLOW (GML_TOKEN_COLON, GML_TOKEN_CASE, GML_TOKEN_DEFAULT, GML_TOKEN_RBRACE));
    }
  c->u.case_clause.colon = p->tok.pos;
  want (p, GML_TOKEN_COLON);
  c->u.case_clause.body = stmt_list (p);
  return finish (p, c);
}

/* CommClause = CommCase ":" StatementList .
 * CommCase   = "case" ( SendStmt | RecvStmt ) | "default" . */
static GmlNode *
comm_clause (Parser *p)
{
  GmlNode *c = new_node (p, GML_NODE_COMM_CLAUSE, p->tok.pos);

  switch (p->tok.kind)
    {
    case GML_TOKEN_CASE:
      next (p);
      /* Only send, <-x, lhs = <-x and lhs := <-x are valid here; the
       * checker rejects the other simple statements. */
      c->u.comm_clause.comm = simple_stmt (p, NULL, GML_TOKEN_EOF);
      break;
    case GML_TOKEN_DEFAULT:
      next (p);
      break;
    default:
      syntax_error (p, "expecting case or default or }");
      advance (p, FOLLOW (GML_TOKEN_COLON, GML_TOKEN_CASE, GML_TOKEN_DEFAULT, GML_TOKEN_RBRACE));
    }
  c->u.comm_clause.colon = p->tok.pos;
  want (p, GML_TOKEN_COLON);
  c->u.comm_clause.body = stmt_list (p);
  return finish (p, c);
}

/* The "{" clauses "}" of switch and select statements. */
static GmlNodeList
clauses (Parser      *p,
         const char  *what,
         gboolean     comm,
         GmlPos      *rbrace)
{
  NodeVec v = { 0 };

  if (!got (p, GML_TOKEN_LBRACE))
    {
      syntax_errorf (p, "missing { after %s clause", what);
      advance (p, FOLLOW (GML_TOKEN_CASE, GML_TOKEN_DEFAULT, GML_TOKEN_RBRACE));
    }
  while (p->tok.kind != GML_TOKEN_EOF && p->tok.kind != GML_TOKEN_RBRACE)
    vec_push (p, &v, comm ? comm_clause (p) : case_clause (p));
  *rbrace = p->tok.pos;
  want (p, GML_TOKEN_RBRACE);
  return vec_list (v);
}

/* SwitchStmt     = ExprSwitchStmt | TypeSwitchStmt .
 * ExprSwitchStmt = "switch" [ SimpleStmt ";" ] [ Expression ] "{" { ExprCaseClause } "}" .
 * TypeSwitchStmt = "switch" [ SimpleStmt ";" ] TypeSwitchGuard "{" { TypeCaseClause } "}" .
 * TypeSwitchGuard = [ identifier ":=" ] PrimaryExpr "." "(" "type" ")" . */
static GmlNode *
switch_stmt (Parser *p)
{
  GmlPos pos = p->tok.pos;
  Header h = header (p, GML_TOKEN_SWITCH);
  GmlNode *s;

  if (h.cond != NULL && h.cond->kind == GML_NODE_TYPE_ASSERT && h.cond->u.assert.type == NULL)
    {
      s = new_node (p, GML_NODE_TYPE_SWITCH, pos);
      vec_push (p, &p->used_guards, h.cond);
      s->u.type_switch.init = h.init;
      s->u.type_switch.name = h.guard_name;
      s->u.type_switch.x = h.cond->u.assert.x;
      s->u.type_switch.clauses = clauses (p, "switch", FALSE, &s->u.type_switch.rbrace);
      return s;
    }
  s = new_node (p, GML_NODE_SWITCH_STMT, pos);
  s->u.switch_stmt.init = h.init;
  s->u.switch_stmt.tag = h.cond;
  s->u.switch_stmt.clauses = clauses (p, "switch", FALSE, &s->u.switch_stmt.rbrace);
  return s;
}

/* SelectStmt = "select" "{" { CommClause } "}" . */
static GmlNode *
select_stmt (Parser *p)
{
  GmlNode *s = new_node (p, GML_NODE_SELECT_STMT, p->tok.pos);

  want (p, GML_TOKEN_SELECT);
  s->u.select_stmt.clauses = clauses (p, "select", TRUE, &s->u.select_stmt.rbrace);
  return s;
}

/* GoStmt = "go" Expression .  DeferStmt = "defer" Expression . */
static GmlNode *
call_stmt (Parser *p)
{
  GmlTokenKind kw = p->tok.kind;
  GmlNode *s = new_node (p, kw == GML_TOKEN_GO ? GML_NODE_GO_STMT : GML_NODE_DEFER_STMT, p->tok.pos);
  GmlNode *x, *t;

  next (p);
  x = pexpr (p, NULL, p->tok.kind == GML_TOKEN_LPAREN);
  t = gml_node_unparen (x);
  if (t != x)
    {
      errorf_at (p, x->pos, "expression in %s must not be parenthesized", gml_token_string (kw));
      x = t;
    }
  if (x->kind != GML_NODE_CALL)
    {
      errorf_at (p, x->pos, "expression in %s must be function call", gml_token_string (kw));
      t = new_node (p, GML_NODE_CALL, x->pos);
      t->u.call.fun = x;
      x = t;
    }
  s->u.go_defer.call = x;
  return s;
}

static GmlNode *
branch_stmt (Parser *p)
{
  GmlNode *s = new_node (p, GML_NODE_BRANCH_STMT, p->tok.pos);
  GmlTokenKind kw = p->tok.kind;

  next (p);
  s->u.branch.tok = kw;
  if (kw == GML_TOKEN_GOTO)
    s->u.branch.label = name (p);
  else if (kw != GML_TOKEN_FALLTHROUGH && p->tok.kind == GML_TOKEN_IDENT)
    s->u.branch.label = name (p);
  return s;
}

static GmlNode *
return_stmt (Parser *p)
{
  GmlNode *s = new_node (p, GML_NODE_RETURN_STMT, p->tok.pos);

  next (p);
  if (p->tok.kind != GML_TOKEN_SEMICOLON && p->tok.kind != GML_TOKEN_RBRACE)
    s->u.ret.results = vec_list (expr_list (p));
  return s;
}

static GmlNode *
stmt_or_nil_inner (Parser *p)
{
  switch (p->tok.kind)
    {
    case GML_TOKEN_IDENT:
      {
        NodeVec lhs = expr_list (p);

        if (lhs.len == 1 && lhs.items[0]->kind == GML_NODE_IDENT && p->tok.kind == GML_TOKEN_COLON)
          return labeled_stmt (p, lhs.items[0]);
        return simple_stmt (p, &lhs, GML_TOKEN_EOF);
      }
    case GML_TOKEN_VAR:
    case GML_TOKEN_CONST:
    case GML_TOKEN_TYPE:
      return decl_stmt (p);
    case GML_TOKEN_LBRACE:
      return block_stmt (p, "");
    case GML_TOKEN_ADD: case GML_TOKEN_SUB: case GML_TOKEN_MUL:
    case GML_TOKEN_AND: case GML_TOKEN_XOR: case GML_TOKEN_NOT:
    case GML_TOKEN_INT: case GML_TOKEN_FLOAT: case GML_TOKEN_IMAG:
    case GML_TOKEN_CHAR: case GML_TOKEN_STRING:
    case GML_TOKEN_FUNC: case GML_TOKEN_LPAREN: case GML_TOKEN_LBRACK:
    case GML_TOKEN_STRUCT: case GML_TOKEN_MAP: case GML_TOKEN_CHAN:
    case GML_TOKEN_INTERFACE: case GML_TOKEN_ARROW:
      return simple_stmt (p, NULL, GML_TOKEN_EOF);
    case GML_TOKEN_FOR:
      return for_stmt (p);
    case GML_TOKEN_SWITCH:
      return switch_stmt (p);
    case GML_TOKEN_SELECT:
      return select_stmt (p);
    case GML_TOKEN_IF:
      return if_stmt (p);
    case GML_TOKEN_FALLTHROUGH:
    case GML_TOKEN_BREAK:
    case GML_TOKEN_CONTINUE:
    case GML_TOKEN_GOTO:
      return branch_stmt (p);
    case GML_TOKEN_GO:
    case GML_TOKEN_DEFER:
      return call_stmt (p);
    case GML_TOKEN_RETURN:
      return return_stmt (p);
    case GML_TOKEN_SEMICOLON:
      return new_node (p, GML_NODE_EMPTY_STMT, p->tok.pos);
    default:
      return NULL;
    }
}

/* Statement = Declaration | LabeledStmt | SimpleStmt | GoStmt |
 *             ReturnStmt | BreakStmt | ContinueStmt | GotoStmt |
 *             FallthroughStmt | Block | IfStmt | SwitchStmt |
 *             SelectStmt | ForStmt | DeferStmt . */
static GmlNode *
stmt_or_nil (Parser *p)
{
  GmlNode *s;

  if (!enter (p))
    return NULL;
  s = finish (p, stmt_or_nil_inner (p));
  leave (p);
  return s;
}

/* StatementList = { Statement ";" } . */
static GmlNodeList
stmt_list (Parser *p)
{
  NodeVec v = { 0 };

  while (p->tok.kind != GML_TOKEN_EOF && p->tok.kind != GML_TOKEN_RBRACE &&
         p->tok.kind != GML_TOKEN_CASE && p->tok.kind != GML_TOKEN_DEFAULT)
    {
      GmlNode *s = stmt_or_nil (p);

      if (s == NULL)
        break;
      vec_push (p, &v, s);
      /* ";" is optional before "}" */
      if (!got (p, GML_TOKEN_SEMICOLON) && p->tok.kind != GML_TOKEN_RBRACE)
        {
          syntax_error (p, "at end of statement");
          advance (p, FOLLOW (GML_TOKEN_SEMICOLON, GML_TOKEN_RBRACE, GML_TOKEN_CASE, GML_TOKEN_DEFAULT));
          got (p, GML_TOKEN_SEMICOLON); /* avoid a spurious empty statement */
        }
    }
  return vec_list (v);
}

/* ------------------------------------------------------------------ */
/* Declarations                                                        */

/* ImportSpec = [ "." | PackageName ] ImportPath .
 * ImportPath = string_lit . */
static GmlNode *
import_spec (Parser *p)
{
  GmlNode *s = new_node (p, GML_NODE_IMPORT_SPEC, p->tok.pos);

  if (p->tok.kind == GML_TOKEN_IDENT)
    s->u.import_spec.name = name (p);
  else if (p->tok.kind == GML_TOKEN_PERIOD)
    {
      s->u.import_spec.name = new_ident (p, p->tok.pos, ".");
      next (p);
    }
  s->u.import_spec.path = oliteral (p);
  if (s->u.import_spec.path == NULL)
    {
      s->u.import_spec.path = bad_expr (p);
      syntax_error (p, "missing import path");
      advance (p, FOLLOW (GML_TOKEN_SEMICOLON, GML_TOKEN_RPAREN));
      return s;
    }
  if (s->u.import_spec.path->u.lit.kind != GML_TOKEN_STRING)
    syntax_error (p, "import path must be a string");
  return s;
}

/* ConstSpec = IdentifierList [ [ Type ] "=" ExpressionList ] . */
static GmlNode *
const_spec (Parser *p)
{
  GmlNode *s = new_node (p, GML_NODE_VALUE_SPEC, p->tok.pos);

  s->u.value_spec.names = vec_list (name_list (p, name (p)));
  if (p->tok.kind != GML_TOKEN_EOF && p->tok.kind != GML_TOKEN_SEMICOLON &&
      p->tok.kind != GML_TOKEN_RPAREN)
    {
      s->u.value_spec.type = type_or_nil (p);
      if (got_assign (p))
        s->u.value_spec.values = vec_list (expr_list (p));
    }
  return s;
}

/* VarSpec = IdentifierList ( Type [ "=" ExpressionList ] | "=" ExpressionList ) . */
static GmlNode *
var_spec (Parser *p)
{
  GmlNode *s = new_node (p, GML_NODE_VALUE_SPEC, p->tok.pos);

  s->u.value_spec.names = vec_list (name_list (p, name (p)));
  if (got_assign (p))
    s->u.value_spec.values = vec_list (expr_list (p));
  else
    {
      s->u.value_spec.type = type_ (p);
      if (got_assign (p))
        s->u.value_spec.values = vec_list (expr_list (p));
    }
  return s;
}

static gboolean
is_type_elem (GmlNode *x)
{
  switch (x->kind)
    {
    case GML_NODE_ARRAY_TYPE:
    case GML_NODE_STRUCT_TYPE:
    case GML_NODE_FUNC_TYPE:
    case GML_NODE_INTERFACE_TYPE:
    case GML_NODE_MAP_TYPE:
    case GML_NODE_CHAN_TYPE:
      return TRUE;
    case GML_NODE_BINARY:
      return is_type_elem (x->u.binary.x) || is_type_elem (x->u.binary.y);
    case GML_NODE_UNARY:
      return x->u.unary.op == GML_TOKEN_TILDE || is_type_elem (x->u.unary.x);
    case GML_NODE_STAR:
      return is_type_elem (x->u.star.x);
    case GML_NODE_PAREN:
      return is_type_elem (x->u.paren.x);
    default:
      return FALSE;
    }
}

/* Go's extractName: whether x reads as "name [constraint]", the start of
 * a type parameter list.  *has_type says whether a constraint followed. */
static gboolean
extract_name (GmlNode  *x,
              gboolean  force,
              gboolean *has_type)
{
  *has_type = TRUE;
  switch (x->kind)
    {
    case GML_NODE_IDENT:
      *has_type = FALSE;
      return TRUE;
    case GML_NODE_BINARY:
      if (x->u.binary.op == GML_TOKEN_MUL)
        return x->u.binary.x->kind == GML_NODE_IDENT && (force || is_type_elem (x->u.binary.y));
      if (x->u.binary.op == GML_TOKEN_OR)
        {
          gboolean lhs_type;

          return extract_name (x->u.binary.x, force || is_type_elem (x->u.binary.y), &lhs_type) &&
                 lhs_type;
        }
      return FALSE;
    case GML_NODE_CALL:
      return x->u.call.fun->kind == GML_NODE_IDENT && x->u.call.args.len == 1 &&
             !x->u.call.has_dots && (force || is_type_elem (x->u.call.args.items[0]));
    default:
      return FALSE;
    }
}

/* type T[...: an array type or a type parameter list.  The '[' has been
 * consumed; pos is its position. */
static GmlNode *
type_spec_bracket (Parser *p,
                   GmlPos  pos)
{
  GmlNode *x;
  gboolean has_type;
  NodeVec discard = { 0 };

  if (got (p, GML_TOKEN_RBRACK))
    return slice_type (p, pos);
  if (p->tok.kind != GML_TOKEN_IDENT)
    return array_type (p, pos, NULL);

  x = name (p);
  if (p->tok.kind != GML_TOKEN_LBRACK)
    {
      p->xnest++;
      x = binary_expr (p, pexpr (p, x, FALSE), 0);
      p->xnest--;
    }
  if (!extract_name (x, p->tok.kind == GML_TOKEN_COMMA, &has_type) ||
      (!has_type && p->tok.kind == GML_TOKEN_RBRACK))
    return array_type (p, pos, x);

  /* A type parameter list: report it, skip it and parse the type. */
  unsupported (p, pos, "generics are");
  if (!has_type && p->tok.kind != GML_TOKEN_COMMA)
    type_or_nil (p);
  if (got (p, GML_TOKEN_COMMA))
    param_list (p, GML_TOKEN_RBRACK, TRUE, &discard);
  else
    want (p, GML_TOKEN_RBRACK);
  got_assign (p);
  return type_or_nil (p);
}

/* TypeSpec = identifier [ TypeParams ] [ "=" ] Type . */
static GmlNode *
type_spec (Parser *p)
{
  GmlNode *s = new_node (p, GML_NODE_TYPE_SPEC, p->tok.pos);

  s->u.type_spec.name = name (p);
  if (p->tok.kind == GML_TOKEN_LBRACK)
    {
      GmlPos pos = p->tok.pos;

      next (p);
      s->u.type_spec.type = finish (p, type_spec_bracket (p, pos));
    }
  else
    {
      s->u.type_spec.alias = got_assign (p);
      s->u.type_spec.type = type_or_nil (p);
    }
  if (s->u.type_spec.type == NULL)
    {
      s->u.type_spec.type = bad_expr (p);
      syntax_error (p, "in type declaration");
      advance (p, FOLLOW (GML_TOKEN_SEMICOLON, GML_TOKEN_RPAREN));
    }
  return s;
}

typedef struct
{
  GmlTokenKind kind;
  NodeVec      specs;
} Group;

static GmlNode *
spec (Parser       *p,
      GmlTokenKind  kind,
      gint64        index)
{
  GmlNode *s;

  switch (kind)
    {
    case GML_TOKEN_IMPORT:
      s = import_spec (p);
      break;
    case GML_TOKEN_CONST:
      s = const_spec (p);
      s->u.value_spec.iota = index;
      break;
    case GML_TOKEN_TYPE:
      s = type_spec (p);
      break;
    default:
      s = var_spec (p);
      break;
    }
  return finish (p, s);
}

static gboolean
spec_cb (Parser  *p,
         gpointer data)
{
  Group *g = data;

  vec_push (p, &g->specs, spec (p, g->kind, g->specs.len));
  return FALSE;
}

/* appendGroup(f) = f | "(" { f ";" } ")" .  The keyword (at pos) has been
 * consumed; returns a GEN_DECL. */
static GmlNode *
append_group (Parser       *p,
              GmlTokenKind  kind,
              GmlPos        pos)
{
  GmlNode *d = new_node (p, GML_NODE_GEN_DECL, pos);
  Group g = { kind, { 0 } };

  d->u.gen_decl.tok = kind;
  if (p->tok.kind == GML_TOKEN_LPAREN)
    {
      d->u.gen_decl.lparen = p->tok.pos;
      next (p);
      d->u.gen_decl.rparen = list (p, "grouped declaration", GML_TOKEN_SEMICOLON,
                                   GML_TOKEN_RPAREN, spec_cb, &g);
    }
  else
    vec_push (p, &g.specs, spec (p, kind, 0));
  d->u.gen_decl.specs = vec_list (g.specs);
  return finish (p, d);
}

static guint
count_receivers (NodeVec *rcvr)
{
  guint n = 0;

  for (guint i = 0; i < rcvr->len; i++)
    n += MAX (rcvr->items[i]->u.field.names.len, 1);
  return n;
}

/* FunctionDecl = "func" FunctionName [ TypeParams ] ( Function | Signature ) .
 * MethodDecl   = "func" Receiver MethodName ( Function | Signature ) .
 * The "func" keyword (at pos) has been consumed. */
static GmlNode *
func_decl (Parser     *p,
           GmlPos      pos,
           const char *directives)
{
  GmlNode *f = new_node (p, GML_NODE_FUNC_DECL, pos);
  NodeVec rcvr = { 0 };

  f->u.func_decl.directives = directives;
  if (got (p, GML_TOKEN_LPAREN))
    {
      param_list (p, GML_TOKEN_RPAREN, FALSE, &rcvr);
      if (rcvr.len == 0)
        error_at (p, p->tok.pos, "method has no receiver");
      else if (count_receivers (&rcvr) > 1)
        error_at (p, p->tok.pos, "method has multiple receivers");
      if (rcvr.len > 0)
        f->u.func_decl.recv = rcvr.items[0];
    }
  if (p->tok.kind != GML_TOKEN_IDENT)
    {
      syntax_error (p, "expecting name or (");
      advance (p, FOLLOW (GML_TOKEN_LBRACE, GML_TOKEN_SEMICOLON));
      return NULL;
    }
  f->u.func_decl.name = name (p);
  f->u.func_decl.type = func_type (p, f->u.func_decl.recv != NULL ? "method" : "");
  if (p->tok.kind == GML_TOKEN_LBRACE)
    {
      p->fnest++;
      f->u.func_decl.body = block_stmt (p, "");
      p->fnest--;
    }
  return finish (p, f);
}

static const char *
take_directives (Parser *p)
{
  g_autofree char *d = gml_lexer_take_directives (&p->lexer);

  return d != NULL ? gml_arena_intern (p->arena, d) : NULL;
}

/* One TopLevelDecl; returns FALSE after a syntax error (already skipped). */
static gboolean
top_level_decl (Parser  *p,
                NodeVec *decls)
{
  GmlTokenKind kind = p->tok.kind;
  GmlPos pos = p->tok.pos;
  GmlNode *d;

  switch (kind)
    {
    case GML_TOKEN_CONST:
    case GML_TOKEN_TYPE:
    case GML_TOKEN_VAR:
      next (p);
      vec_push (p, decls, append_group (p, kind, pos));
      return TRUE;
    case GML_TOKEN_FUNC:
      {
        const char *directives = take_directives (p);

        next (p);
        if ((d = func_decl (p, pos, directives)) != NULL)
          vec_push (p, decls, d);
        return TRUE;
      }
    default:
      if (kind == GML_TOKEN_LBRACE && decls->len > 0 &&
          decls->items[decls->len - 1]->kind == GML_NODE_FUNC_DECL &&
          decls->items[decls->len - 1]->u.func_decl.body == NULL)
        syntax_error (p, "unexpected semicolon or newline before {");
      else
        syntax_error (p, "non-declaration statement outside function body");
      advance (p, FOLLOW (GML_TOKEN_CONST, GML_TOKEN_TYPE, GML_TOKEN_VAR, GML_TOKEN_FUNC));
      return FALSE;
    }
}

/* Directives belong to the declaration right below them only. */
static void
end_top_level (Parser *p)
{
  gml_lexer_clear_directives (&p->lexer);
}

/* SourceFile = PackageClause ";" { ImportDecl ";" } { TopLevelDecl ";" } . */
static GmlNode *
source_file (Parser *p)
{
  GmlNode *f = new_node (p, GML_NODE_FILE, p->tok.pos);
  NodeVec decls = { 0 };

  if (!got (p, GML_TOKEN_PACKAGE))
    {
      syntax_error (p, "package statement must be first");
      return NULL;
    }
  f->u.file.package_name = name (p);
  end_top_level (p);
  want (p, GML_TOKEN_SEMICOLON);
  if (p->had_error)
    return NULL;

  while (p->tok.kind == GML_TOKEN_IMPORT)
    {
      GmlPos pos = p->tok.pos;

      next (p);
      vec_push (p, &decls, append_group (p, GML_TOKEN_IMPORT, pos));
      end_top_level (p);
      want (p, GML_TOKEN_SEMICOLON);
    }

  while (p->tok.kind != GML_TOKEN_EOF)
    {
      if (!top_level_decl (p, &decls))
        continue;
      end_top_level (p);
      if (p->tok.kind != GML_TOKEN_EOF && !got (p, GML_TOKEN_SEMICOLON))
        {
          syntax_error (p, "after top level declaration");
          advance (p, FOLLOW (GML_TOKEN_CONST, GML_TOKEN_TYPE, GML_TOKEN_VAR, GML_TOKEN_FUNC));
        }
    }
  f->u.file.decls = vec_list (decls);
  return finish (p, f);
}

/* x.(type) is only valid as a type switch guard.  (Go's type checker
 * reports this, at the start of the expression.) */
static void
check_guards (Parser *p)
{
  for (guint i = 0; i < p->guards.len; i++)
    if (!vec_contains (&p->used_guards, p->guards.items[i]))
      error_later (p, gml_node_start_pos (p->guards.items[i]),
                   "invalid AST: use of .(type) outside type switch");
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

static void
parser_init (Parser      *p,
             GmlArena    *arena,
             const char  *filename,
             const char  *source,
             gsize        len,
             GmlDiagList *diags)
{
  memset (p, 0, sizeof *p);
  p->later = g_array_new (FALSE, FALSE, sizeof (LaterError));
  g_array_set_clear_func (p->later, clear_later_error);
  p->arena = arena;
  p->diags = diags;
  p->filename = filename;
  gml_lexer_init (&p->lexer, source, len, lexer_error_cb, p);
  next (p);
}

static void
parser_clear (Parser *p)
{
  gml_lexer_clear (&p->lexer);
  g_array_unref (p->later);
  g_free (p->other_msg);
}

GmlNode *
gml_parse_file (GmlArena    *arena,
                const char  *filename,
                const char  *source,
                gsize        len,
                GmlDiagList *diags)
{
  Parser p;
  GmlNode *file;

  g_return_val_if_fail (arena != NULL, NULL);
  g_return_val_if_fail (source != NULL || len == 0, NULL);
  g_return_val_if_fail (diags != NULL, NULL);

  parser_init (&p, arena, filename, source, len, diags);
  file = source_file (&p);
  if (file != NULL)
    {
      check_guards (&p);
      report_later_errors (&p);
    }
  parser_clear (&p);
  return file;
}

GmlNode *
gml_parse_expr (GmlArena    *arena,
                const char  *filename,
                const char  *source,
                gsize        len,
                GmlDiagList *diags)
{
  Parser p;
  GmlNode *x;
  gboolean ok;

  g_return_val_if_fail (arena != NULL, NULL);
  g_return_val_if_fail (source != NULL || len == 0, NULL);
  g_return_val_if_fail (diags != NULL, NULL);

  parser_init (&p, arena, filename, source, len, diags);
  x = expr (&p);
  got (&p, GML_TOKEN_SEMICOLON);
  if (p.tok.kind != GML_TOKEN_EOF)
    syntax_error (&p, "after expression");
  check_guards (&p);
  report_later_errors (&p);
  ok = !p.had_error;
  parser_clear (&p);
  return ok ? x : NULL;
}
