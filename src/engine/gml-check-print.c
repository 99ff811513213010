/* gml-check-print.c: expressions, operands and types as types2's
 * messages spell them.
 *
 * Expressions print like cmd/compile/internal/syntax's ShortForm printer:
 * binary operators with blanks, composite literal and func literal bodies
 * shortened to "{…}".  Operands print as types2's operand.String:
 * "x (variable of type int)", "300 (untyped int constant)",
 * "big (untyped int constant 1267650600228229401496703205376)".
 */
#include "gml-check.h"

#include <string.h>

static void expr_write (GString *s, const GmlNode *n, guint depth);

static void
list_write (GString           *s,
            const GmlNodeList *list,
            guint              depth)
{
  for (guint i = 0; i < list->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      expr_write (s, list->items[i], depth + 1);
    }
}

static void
fields_write (GString           *s,
              const GmlNodeList *list,
              const char        *sep,
              guint              depth)
{
  for (guint i = 0; i < list->len; i++)
    {
      const GmlNode *f = list->items[i];

      if (i > 0)
        g_string_append (s, sep);
      if (f->kind != GML_NODE_FIELD)
        {
          expr_write (s, f, depth + 1);
          continue;
        }
      for (guint j = 0; j < f->u.field.names.len; j++)
        {
          if (j > 0)
            g_string_append (s, ", ");
          expr_write (s, f->u.field.names.items[j], depth + 1);
        }
      if (f->u.field.names.len > 0)
        g_string_append_c (s, ' ');
      expr_write (s, f->u.field.type, depth + 1);
    }
}

static void
signature_write (GString       *s,
                 const GmlNode *ft,
                 guint          depth)
{
  const GmlNodeList *res = &ft->u.func_type.results;

  g_string_append_c (s, '(');
  fields_write (s, &ft->u.func_type.params, ", ", depth);
  g_string_append_c (s, ')');
  if (res->len == 1 && res->items[0]->u.field.names.len == 0)
    {
      g_string_append_c (s, ' ');
      expr_write (s, res->items[0]->u.field.type, depth + 1);
    }
  else if (res->len > 0)
    {
      g_string_append (s, " (");
      fields_write (s, res, ", ", depth);
      g_string_append_c (s, ')');
    }
}

static void
chan_write (GString       *s,
            const GmlNode *n,
            guint          depth)
{
  if (n->u.chan_type.dir == GML_CHAN_RECV)
    g_string_append (s, "<-chan ");
  else if (n->u.chan_type.dir == GML_CHAN_SEND)
    g_string_append (s, "chan<- ");
  else
    g_string_append (s, "chan ");
  expr_write (s, n->u.chan_type.elem, depth + 1);
}

static void
slice_write (GString       *s,
             const GmlNode *n,
             guint          depth)
{
  expr_write (s, n->u.slice.x, depth + 1);
  g_string_append_c (s, '[');
  if (n->u.slice.lo != NULL)
    expr_write (s, n->u.slice.lo, depth + 1);
  g_string_append_c (s, ':');
  if (n->u.slice.hi != NULL)
    expr_write (s, n->u.slice.hi, depth + 1);
  if (n->u.slice.max != NULL)
    {
      g_string_append_c (s, ':');
      expr_write (s, n->u.slice.max, depth + 1);
    }
  g_string_append_c (s, ']');
}

static void
call_write (GString       *s,
            const GmlNode *n,
            guint          depth)
{
  /* An implicit conversion prints as the expression it converts. */
  if (n->implicit && n->u.call.args.len == 1)
    {
      expr_write (s, n->u.call.args.items[0], depth + 1);
      return;
    }
  expr_write (s, n->u.call.fun, depth + 1);
  g_string_append_c (s, '(');
  list_write (s, &n->u.call.args, depth);
  if (n->u.call.has_dots)
    g_string_append (s, "...");
  g_string_append_c (s, ')');
}

static void
type_expr_write (GString       *s,
                 const GmlNode *n,
                 guint          depth)
{
  switch (n->kind)
    {
    case GML_NODE_ARRAY_TYPE:
      g_string_append_c (s, '[');
      if (n->u.array_type.len != NULL && n->u.array_type.len->kind == GML_NODE_ELLIPSIS)
        g_string_append (s, "...");
      else if (n->u.array_type.len != NULL)
        expr_write (s, n->u.array_type.len, depth + 1);
      g_string_append_c (s, ']');
      expr_write (s, n->u.array_type.elem, depth + 1);
      break;
    case GML_NODE_STRUCT_TYPE:
      g_string_append (s, "struct{");
      if (n->u.struct_type.fields.len > 0)
        {
          g_string_append_c (s, ' ');
          fields_write (s, &n->u.struct_type.fields, "; ", depth);
          g_string_append_c (s, ' ');
        }
      g_string_append_c (s, '}');
      break;
    case GML_NODE_FUNC_TYPE:
      g_string_append (s, "func");
      signature_write (s, n, depth);
      break;
    case GML_NODE_INTERFACE_TYPE:
      g_string_append (s, "interface{");
      for (guint i = 0; i < n->u.interface_type.methods.len; i++)
        {
          const GmlNode *m = n->u.interface_type.methods.items[i];

          g_string_append (s, i > 0 ? "; " : "");
          if (m->u.field.names.len > 0 && m->u.field.type->kind == GML_NODE_FUNC_TYPE)
            {
              expr_write (s, m->u.field.names.items[0], depth + 1);
              signature_write (s, m->u.field.type, depth + 1);
            }
          else
            expr_write (s, m->u.field.type, depth + 1);
        }
      g_string_append_c (s, '}');
      break;
    case GML_NODE_MAP_TYPE:
      g_string_append (s, "map[");
      expr_write (s, n->u.map_type.key, depth + 1);
      g_string_append_c (s, ']');
      expr_write (s, n->u.map_type.value, depth + 1);
      break;
    case GML_NODE_CHAN_TYPE:
      chan_write (s, n, depth);
      break;
    case GML_NODE_ELLIPSIS:
      g_string_append (s, "...");
      if (n->u.ellipsis.elem != NULL)
        expr_write (s, n->u.ellipsis.elem, depth + 1);
      break;
    default:
      g_string_append (s, "?");
      break;
    }
}

static void
expr_write (GString       *s,
            const GmlNode *n,
            guint          depth)
{
  if (n == NULL || depth > 200)
    {
      g_string_append (s, "…");
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
      if (n->u.composite.type != NULL)
        expr_write (s, n->u.composite.type, depth + 1);
      g_string_append (s, n->u.composite.elts.len > 0 ? "{…}" : "{}");
      break;
    case GML_NODE_KEY_VALUE:
      expr_write (s, n->u.kv.key, depth + 1);
      g_string_append (s, ": ");
      expr_write (s, n->u.kv.value, depth + 1);
      break;
    case GML_NODE_FUNC_LIT:
      expr_write (s, n->u.func_lit.type, depth + 1);
      g_string_append (s, n->u.func_lit.body != NULL && n->u.func_lit.body->u.block.stmts.len > 0
                          ? " {…}" : " {}");
      break;
    case GML_NODE_PAREN:
      g_string_append_c (s, '(');
      expr_write (s, n->u.paren.x, depth + 1);
      g_string_append_c (s, ')');
      break;
    case GML_NODE_SELECTOR:
      expr_write (s, n->u.selector.x, depth + 1);
      g_string_append_c (s, '.');
      expr_write (s, n->u.selector.sel, depth + 1);
      break;
    case GML_NODE_INDEX:
      expr_write (s, n->u.index.x, depth + 1);
      g_string_append_c (s, '[');
      expr_write (s, n->u.index.index, depth + 1);
      g_string_append_c (s, ']');
      break;
    case GML_NODE_SLICE_EXPR:
      slice_write (s, n, depth);
      break;
    case GML_NODE_TYPE_ASSERT:
      expr_write (s, n->u.assert.x, depth + 1);
      g_string_append (s, ".(");
      if (n->u.assert.type != NULL)
        expr_write (s, n->u.assert.type, depth + 1);
      else
        g_string_append (s, "type");
      g_string_append_c (s, ')');
      break;
    case GML_NODE_CALL:
      call_write (s, n, depth);
      break;
    case GML_NODE_STAR:
      g_string_append_c (s, '*');
      expr_write (s, n->u.star.x, depth + 1);
      break;
    case GML_NODE_UNARY:
      g_string_append (s, gml_token_string (n->u.unary.op));
      expr_write (s, n->u.unary.x, depth + 1);
      break;
    case GML_NODE_BINARY:
      /* The checker's stand-in for x op= y prints as the statement. */
      expr_write (s, n->u.binary.x, depth + 1);
      g_string_append_printf (s, n->implicit ? " %s= " : " %s ", gml_token_string (n->u.binary.op));
      expr_write (s, n->u.binary.y, depth + 1);
      break;
    case GML_NODE_BAD_EXPR:
      g_string_append (s, "BadExpr");
      break;
    default:
      type_expr_write (s, n, depth);
      break;
    }
}

char *
check_expr_string (const GmlNode *x)
{
  GString *s = g_string_new (NULL);

  expr_write (s, x, 0);
  return g_string_free (s, FALSE);
}

/* Replaces whole words: "[]uint8" -> "[]byte". */
static void
replace_word (GString    *s,
              const char *word,
              const char *by)
{
  gsize wl = strlen (word);

  for (gsize i = 0; i + wl <= s->len; i++)
    {
      gboolean start = i == 0 || !(g_ascii_isalnum (s->str[i - 1]) || s->str[i - 1] == '_' || s->str[i - 1] == '.');
      gboolean end = i + wl == s->len || !(g_ascii_isalnum (s->str[i + wl]) || s->str[i + wl] == '_');

      if (start && end && strncmp (s->str + i, word, wl) == 0)
        {
          g_string_erase (s, i, wl);
          g_string_insert (s, i, by);
          i += strlen (by) - 1;
        }
    }
}

static void
replace_all (GString    *s,
             const char *what,
             const char *by)
{
  g_string_replace (s, what, by, 0);
}

/* Go's types2 keeps byte and rune as distinct names of uint8 and int32;
 * canonical types cannot, so messages use the spelling teaching programs
 * meet far more often (strings index to byte, range to rune). */
char *
check_type_string (GmlType *t)
{
  GString *s = g_string_new (NULL);
  g_autofree char *raw = gml_type_string (t, GML_TYPE_STRING_ERROR);

  g_string_append (s, raw);
  replace_word (s, "uint8", "byte");
  replace_word (s, "int32", "rune");
  /* types2 spells literal types without inner blanks: struct{x int}. */
  replace_all (s, "struct {}", "struct{}");
  replace_all (s, "struct { ", "struct{");
  replace_all (s, "interface { ", "interface{");
  replace_all (s, " }", "}");
  return g_string_free (s, FALSE);
}

static const char *
mode_string (guint8 mode)
{
  switch (mode)
    {
    case GML_MODE_INVALID:  return "invalid operand";
    case GML_MODE_NOVALUE:  return "no value";
    case GML_MODE_BUILTIN:  return "built-in";
    case GML_MODE_TYPEXPR:  return "type";
    case GML_MODE_CONSTANT: return "constant";
    case GML_MODE_VARIABLE: return "variable";
    case GML_MODE_MAPINDEX: return "map index expression";
    case GML_MODE_VALUE:    return "value";
    case GML_MODE_COMMAOK:  return "comma, ok expression";
    default:                return "?";
    }
}

/* types2's operand.String. */
char *
check_operand_string (GmlChecker    *c,
                      const GmlNode *x)
{
  GString *s;
  g_autofree char *expr = NULL;
  gboolean has_type = FALSE;
  const GmlNode *u = x;

  while (u->kind == GML_NODE_PAREN)
    u = u->u.paren.x;
  /* types2 prints the predeclared nil on its own. */
  if (u->kind == GML_NODE_IDENT && u->u.ident.obj != NULL && u->u.ident.obj->kind == GML_OBJ_NIL)
    {
      g_autofree char *ts = NULL;

      if (x->type == NULL || x->type->kind == GML_TYPE_UNTYPED_NIL)
        return g_strdup ("nil");
      ts = check_type_string (x->type);
      return g_strdup_printf ("nil (of type %s)", ts);
    }
  s = g_string_new (NULL);
  expr = check_expr_string (x);

  g_string_append_printf (s, "%s (", expr);
  switch (x->mode)
    {
    case GML_MODE_INVALID: case GML_MODE_NOVALUE:
    case GML_MODE_BUILTIN: case GML_MODE_TYPEXPR:
      break;
    default:
      if (x->type != NULL && gml_type_is_untyped (x->type))
        {
          g_autofree char *ts = check_type_string (x->type);

          g_string_append_printf (s, "%s ", ts);
        }
      else
        has_type = x->type != NULL;
      break;
    }
  g_string_append (s, mode_string (x->mode));
  if (x->mode == GML_MODE_CONSTANT && x->cval != NULL)
    {
      g_autofree char *v = gml_const_format (x->cval);

      if (strcmp (v, expr) != 0)
        g_string_append_printf (s, " %s", v);
    }
  if (has_type)
    {
      g_autofree char *ts = check_type_string (x->type);

      if (x->type->kind == GML_TYPE_INVALID)
        g_string_append (s, " with invalid type");
      else
        g_string_append_printf (s, " of type %s", ts);
    }
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}
