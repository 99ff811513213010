/* gml-lexer.c: Go's lexical grammar, after cmd/compile/internal/syntax's
 * scanner (the error messages are Go's, word for word). */
#include "gml-lexer.h"

#include <string.h>

#define RUNE_ERROR 0xFFFD
#define BOM        0xFEFF
#define MAX_RUNE   0x10FFFF

/* ------------------------------------------------------------------ */
/* Characters and error messages                                       */

static int
lower (gint32 ch)
{
  return ('a' - 'A') | ch;
}

static gboolean
is_letter (gint32 ch)
{
  return ('a' <= lower (ch) && lower (ch) <= 'z') || ch == '_';
}

static gboolean
is_decimal (gint32 ch)
{
  return '0' <= ch && ch <= '9';
}

static gboolean
is_hex (gint32 ch)
{
  return is_decimal (ch) || ('a' <= lower (ch) && lower (ch) <= 'f');
}

/* Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and
 * the ASCII space. */
static gboolean
is_print (gint32 ch)
{
  if (ch == ' ')
    return TRUE;
  if (ch < 0 || ch > MAX_RUNE || (ch >= 0xD800 && ch < 0xE000))
    return FALSE;
  switch (g_unichar_type ((gunichar) ch))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
      return FALSE;
    default:
      return TRUE;
    }
}

/* Go's fmt %#U: "U+0040 '@'". */
static char *
format_U (gint32 ch)
{
  char buf[8];
  gint n;

  if (!is_print (ch))
    return g_strdup_printf ("U+%04X", (guint) ch);
  n = g_unichar_to_utf8 ((gunichar) ch, buf);
  buf[n] = '\0';
  return g_strdup_printf ("U+%04X '%s'", (guint) ch, buf);
}

/* Go's fmt %q for a rune (strconv.QuoteRune). */
static char *
quote_rune (gint32 ch)
{
  char buf[8];
  gint n;

  switch (ch)
    {
    case '\'': return g_strdup ("'\\''");
    case '\\': return g_strdup ("'\\\\'");
    case '\a': return g_strdup ("'\\a'");
    case '\b': return g_strdup ("'\\b'");
    case '\f': return g_strdup ("'\\f'");
    case '\n': return g_strdup ("'\\n'");
    case '\r': return g_strdup ("'\\r'");
    case '\t': return g_strdup ("'\\t'");
    case '\v': return g_strdup ("'\\v'");
    default: break;
    }
  if (is_print (ch))
    {
      n = g_unichar_to_utf8 ((gunichar) ch, buf);
      buf[n] = '\0';
      return g_strdup_printf ("'%s'", buf);
    }
  if (ch < ' ' || ch == 0x7f)
    return g_strdup_printf ("'\\x%02x'", (guint) ch);
  if (ch < 0 || ch > MAX_RUNE || (ch >= 0xD800 && ch < 0xE000))
    ch = RUNE_ERROR;
  if (ch < 0x10000)
    return g_strdup_printf ("'\\u%04x'", (guint) ch);
  return g_strdup_printf ("'\\U%08x'", (guint) ch);
}

static void G_GNUC_PRINTF (4, 5)
error_at (GmlLexer   *lx,
          guint32     line,
          guint32     col,
          const char *format,
          ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (lx->error_func != NULL)
    lx->error_func (lx->error_data, (GmlPos) { line + 1, col + 1 }, msg);
}

/* Errors at the character being read, and at an offset into the token. */
#define errorf(lx, ...)           error_at ((lx), (lx)->line, (lx)->col, __VA_ARGS__)
#define error_tokf(lx, off, ...)  error_at ((lx), (lx)->tok_line, (lx)->tok_col + (off), __VA_ARGS__)

/* ------------------------------------------------------------------ */
/* Reading characters                                                  */

/* Go's utf8.DecodeRune: an invalid or short sequence decodes as
 * (RUNE_ERROR, 1). */
static gint32
decode_rune (const guint8 *s,
             gsize         n,
             guint        *width)
{
  guint8 b0 = s[0], lo = 0x80, hi = 0xBF;
  guint need;
  gint32 ch;

  *width = 1;
  if (b0 >= 0xC2 && b0 <= 0xDF)
    need = 1, ch = b0 & 0x1F;
  else if (b0 >= 0xE0 && b0 <= 0xEF)
    {
      need = 2, ch = b0 & 0x0F;
      if (b0 == 0xE0)
        lo = 0xA0;
      else if (b0 == 0xED)
        hi = 0x9F;
    }
  else if (b0 >= 0xF0 && b0 <= 0xF4)
    {
      need = 3, ch = b0 & 0x07;
      if (b0 == 0xF0)
        lo = 0x90;
      else if (b0 == 0xF4)
        hi = 0x8F;
    }
  else
    return RUNE_ERROR;

  if (n < need + 1)
    return RUNE_ERROR;
  for (guint i = 1; i <= need; i++)
    {
      guint8 b = s[i];

      if (b < lo || b > hi)
        return RUNE_ERROR;
      lo = 0x80, hi = 0xBF;
      ch = (ch << 6) | (b & 0x3F);
    }
  *width = need + 1;
  return ch;
}

static void
nextch (GmlLexer *lx)
{
redo:
  lx->col += lx->chw;
  if (lx->ch == '\n')
    {
      lx->line++;
      lx->col = 0;
    }

  if (lx->r >= lx->len)
    {
      lx->ch = -1;
      lx->chw = 0;
      return;
    }

  if (lx->src[lx->r] < 0x80)
    {
      lx->ch = lx->src[lx->r++];
      lx->chw = 1;
      if (lx->ch == 0)
        {
          errorf (lx, "invalid NUL character");
          goto redo;
        }
      return;
    }

  lx->ch = decode_rune (lx->src + lx->r, lx->len - lx->r, &lx->chw);
  lx->r += lx->chw;
  if (lx->ch == RUNE_ERROR && lx->chw == 1)
    {
      errorf (lx, "invalid UTF-8 encoding");
      goto redo;
    }
  if (lx->ch == BOM)
    {
      if (lx->line > 0 || lx->col > 0)
        errorf (lx, "invalid BOM in the middle of the file");
      goto redo;
    }
}

void
gml_lexer_init (GmlLexer          *lexer,
                const char        *source,
                gsize              len,
                GmlLexerErrorFunc  error_func,
                gpointer           error_data)
{
  g_return_if_fail (lexer != NULL);
  g_return_if_fail (source != NULL || len == 0);

  memset (lexer, 0, sizeof *lexer);
  lexer->src = (const guint8 *) (source != NULL ? source : "");
  lexer->len = len;
  lexer->ch = ' ';
  lexer->error_func = error_func;
  lexer->error_data = error_data;
  nextch (lexer);
}

void
gml_lexer_clear (GmlLexer *lexer)
{
  gml_lexer_clear_directives (lexer);
}

char *
gml_lexer_take_directives (GmlLexer *lexer)
{
  GString *d = g_steal_pointer (&lexer->directives);

  return d != NULL ? g_string_free (d, FALSE) : NULL;
}

void
gml_lexer_clear_directives (GmlLexer *lexer)
{
  if (lexer->directives != NULL)
    g_string_free (g_steal_pointer (&lexer->directives), TRUE);
}

/* ------------------------------------------------------------------ */
/* Tokens                                                              */

static void
set_token (GmlLexer     *lx,
           GmlToken     *tok,
           GmlTokenKind  kind)
{
  tok->kind = kind;
  tok->pos = (GmlPos) { lx->tok_line + 1, lx->tok_col + 1 };
  tok->text = (const char *) lx->src + lx->start;
  tok->len = (lx->r - lx->chw) - lx->start;
  tok->bad = FALSE;
}

static void
set_semi (GmlLexer   *lx,
          GmlToken   *tok,
          const char *text)
{
  set_token (lx, tok, GML_TOKEN_SEMICOLON);
  tok->text = text;
  tok->len = strlen (text);
}

gboolean
gml_token_is_keyword (GmlTokenKind kind)
{
  return kind >= GML_TOKEN_BREAK && kind <= GML_TOKEN_VAR;
}

static GmlTokenKind
keyword (const char *s,
         gsize       len)
{
  if (len < 2 || len > 11 || s[0] < 'b' || s[0] > 'v')
    return GML_TOKEN_IDENT;
  for (int k = GML_TOKEN_BREAK; k <= GML_TOKEN_VAR; k++)
    {
      const char *kw = gml_token_string (k);

      if (kw[0] == s[0] && strlen (kw) == len && memcmp (kw, s, len) == 0)
        return k;
    }
  return GML_TOKEN_IDENT;
}

/* Non-ASCII identifier characters, with Go's complaints. */
static gboolean
at_ident_char (GmlLexer *lx,
               gboolean  first)
{
  g_autofree char *u = NULL;

  if (g_unichar_isalpha ((gunichar) lx->ch) || lx->ch == '_')
    return TRUE;
  if (g_unichar_isdigit ((gunichar) lx->ch))
    {
      if (first)
        {
          u = format_U (lx->ch);
          errorf (lx, "identifier cannot begin with digit %s", u);
        }
      return TRUE;
    }
  if (lx->ch >= 0x80)
    {
      u = format_U (lx->ch);
      errorf (lx, "invalid character %s in identifier", u);
      return TRUE;
    }
  return FALSE;
}

static void
scan_ident (GmlLexer *lx,
            GmlToken *tok)
{
  GmlTokenKind kind;

  while (is_letter (lx->ch) || is_decimal (lx->ch) ||
         (lx->ch >= 0x80 && at_ident_char (lx, FALSE)))
    nextch (lx);

  set_token (lx, tok, GML_TOKEN_IDENT);
  kind = keyword (tok->text, tok->len);
  tok->kind = kind;
  lx->nlsemi = kind == GML_TOKEN_IDENT || kind == GML_TOKEN_BREAK ||
               kind == GML_TOKEN_CONTINUE || kind == GML_TOKEN_FALLTHROUGH ||
               kind == GML_TOKEN_RETURN;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */

static const char *
base_name (int base)
{
  switch (base)
    {
    case 2: return "binary";
    case 8: return "octal";
    case 10: return "decimal";
    default: return "hexadecimal";
    }
}

/* digits = { digit | '_' }.  For base <= 10 any decimal digit is accepted
 * but the offset of the first digit >= base is recorded in *invalid.
 * Returns bit 0 if there were digits, bit 1 if there were separators. */
static int
scan_digits (GmlLexer *lx,
             int       base,
             int      *invalid)
{
  int digsep = 0;

  if (base <= 10)
    {
      gint32 max = '0' + base;

      while (is_decimal (lx->ch) || lx->ch == '_')
        {
          int ds = 1;

          if (lx->ch == '_')
            ds = 2;
          else if (lx->ch >= max && invalid != NULL && *invalid < 0)
            *invalid = (int) (lx->col - lx->tok_col);
          digsep |= ds;
          nextch (lx);
        }
    }
  else
    {
      while (is_hex (lx->ch) || lx->ch == '_')
        {
          digsep |= lx->ch == '_' ? 2 : 1;
          nextch (lx);
        }
    }
  return digsep;
}

/* The offset of the first misplaced '_' in a number literal, or -1. */
static int
invalid_sep (const char *x,
             gsize       len)
{
  gint32 x1 = ' ', d = '.';
  gsize i = 0;

  if (len >= 2 && x[0] == '0')
    {
      x1 = lower (x[1]);
      if (x1 == 'x' || x1 == 'o' || x1 == 'b')
        {
          d = '0';
          i = 2;
        }
    }
  for (; i < len; i++)
    {
      gint32 p = d;

      d = x[i];
      if (d == '_')
        {
          if (p != '0')
            return (int) i;
        }
      else if (is_decimal (d) || (x1 == 'x' && is_hex (d)))
        d = '0';
      else
        {
          if (p == '_')
            return (int) i - 1;
          d = '.';
        }
    }
  if (d == '_')
    return (int) len - 1;
  return -1;
}

typedef struct
{
  GmlTokenKind kind;
  int          base;
  gint32       prefix;  /* 0 (decimal), '0' (legacy octal), 'x', 'o' or 'b' */
  int          digsep;
  int          invalid;
  gboolean     ok;
} Number;

static void
scan_mantissa (GmlLexer *lx,
               Number   *n,
               gboolean  seen_point)
{
  if (!seen_point)
    {
      if (lx->ch == '0')
        {
          nextch (lx);
          switch (lower (lx->ch))
            {
            case 'x': nextch (lx); n->base = 16; n->prefix = 'x'; break;
            case 'o': nextch (lx); n->base = 8; n->prefix = 'o'; break;
            case 'b': nextch (lx); n->base = 2; n->prefix = 'b'; break;
            default: n->base = 8; n->prefix = '0'; n->digsep = 1; break;
            }
        }
      n->digsep |= scan_digits (lx, n->base, &n->invalid);
      if (lx->ch == '.')
        {
          if (n->prefix == 'o' || n->prefix == 'b')
            {
              errorf (lx, "invalid radix point in %s literal", base_name (n->base));
              n->ok = FALSE;
            }
          nextch (lx);
          seen_point = TRUE;
        }
    }
  if (seen_point)
    {
      n->kind = GML_TOKEN_FLOAT;
      n->digsep |= scan_digits (lx, n->base, &n->invalid);
    }
  if ((n->digsep & 1) == 0 && n->ok)
    {
      errorf (lx, "%s literal has no digits", base_name (n->base));
      n->ok = FALSE;
    }
}

static void
scan_exponent (GmlLexer *lx,
               Number   *n)
{
  gint32 e = lower (lx->ch);

  if (e == 'e' || e == 'p')
    {
      if (n->ok && e == 'e' && n->prefix != 0 && n->prefix != '0')
        {
          errorf (lx, "'%c' exponent requires decimal mantissa", (char) lx->ch);
          n->ok = FALSE;
        }
      else if (n->ok && e == 'p' && n->prefix != 'x')
        {
          errorf (lx, "'%c' exponent requires hexadecimal mantissa", (char) lx->ch);
          n->ok = FALSE;
        }
      nextch (lx);
      n->kind = GML_TOKEN_FLOAT;
      if (lx->ch == '+' || lx->ch == '-')
        nextch (lx);
      n->digsep = scan_digits (lx, 10, NULL) | (n->digsep & 2);
      if ((n->digsep & 1) == 0 && n->ok)
        {
          errorf (lx, "exponent has no digits");
          n->ok = FALSE;
        }
    }
  else if (n->prefix == 'x' && n->kind == GML_TOKEN_FLOAT && n->ok)
    {
      errorf (lx, "hexadecimal mantissa requires a 'p' exponent");
      n->ok = FALSE;
    }
}

static void
scan_number (GmlLexer *lx,
             GmlToken *tok,
             gboolean  seen_point)
{
  Number n = { GML_TOKEN_INT, 10, 0, 0, -1, TRUE };

  scan_mantissa (lx, &n, seen_point);
  scan_exponent (lx, &n);
  if (lx->ch == 'i')
    {
      n.kind = GML_TOKEN_IMAG;
      nextch (lx);
    }
  set_token (lx, tok, n.kind);
  lx->nlsemi = TRUE;

  if (n.kind == GML_TOKEN_INT && n.invalid >= 0 && n.ok)
    {
      g_autofree char *q = quote_rune ((guint8) tok->text[n.invalid]);

      error_tokf (lx, n.invalid, "invalid digit %s in %s literal", q, base_name (n.base));
      n.ok = FALSE;
    }
  if ((n.digsep & 2) != 0 && n.ok)
    {
      int i = invalid_sep (tok->text, tok->len);

      if (i >= 0)
        {
          error_tokf (lx, i, "'_' must separate successive digits");
          n.ok = FALSE;
        }
    }
  tok->bad = !n.ok;
}

/* ------------------------------------------------------------------ */
/* Runes, strings and comments                                         */

static gboolean
scan_escape (GmlLexer *lx,
             gint32    quote)
{
  guint n;
  guint32 base, max, x = 0;

  if (lx->ch == quote || (lx->ch > 0 && lx->ch < 0x80 && strchr ("abfnrtv\\", lx->ch) != NULL))
    {
      nextch (lx);
      return TRUE;
    }
  if (lx->ch >= '0' && lx->ch <= '7')
    n = 3, base = 8, max = 255;
  else if (lx->ch == 'x')
    nextch (lx), n = 2, base = 16, max = 255;
  else if (lx->ch == 'u')
    nextch (lx), n = 4, base = 16, max = MAX_RUNE;
  else if (lx->ch == 'U')
    nextch (lx), n = 8, base = 16, max = MAX_RUNE;
  else
    {
      if (lx->ch < 0)
        return TRUE; /* the caller complains about EOF */
      errorf (lx, "unknown escape");
      return FALSE;
    }

  for (; n > 0; n--)
    {
      guint32 d = base;

      if (lx->ch < 0)
        return TRUE;
      if (is_decimal (lx->ch))
        d = (guint32) lx->ch - '0';
      else if ('a' <= lower (lx->ch) && lower (lx->ch) <= 'f')
        d = (guint32) lower (lx->ch) - 'a' + 10;
      if (d >= base)
        {
          g_autofree char *q = quote_rune (lx->ch);

          errorf (lx, "invalid character %s in %s escape", q, base_name ((int) base));
          return FALSE;
        }
      x = x * base + d;
      nextch (lx);
    }

  if (x > max && base == 8)
    {
      errorf (lx, "octal escape value %u > 255", x);
      return FALSE;
    }
  if (x > max || (0xD800 <= x && x < 0xE000))
    {
      g_autofree char *u = format_U ((gint32) x);

      errorf (lx, "escape is invalid Unicode code point %s", u);
      return FALSE;
    }
  return TRUE;
}

static void
scan_rune (GmlLexer *lx,
           GmlToken *tok)
{
  gboolean ok = TRUE;

  nextch (lx);
  for (int n = 0;; n++)
    {
      if (lx->ch == '\'')
        {
          if (ok && n == 0)
            errorf (lx, "empty rune literal or unescaped '"), ok = FALSE;
          else if (ok && n != 1)
            error_tokf (lx, 0, "more than one character in rune literal"), ok = FALSE;
          nextch (lx);
          break;
        }
      if (lx->ch == '\\')
        {
          nextch (lx);
          if (!scan_escape (lx, '\''))
            ok = FALSE;
          continue;
        }
      if (lx->ch == '\n')
        {
          if (ok)
            errorf (lx, "newline in rune literal"), ok = FALSE;
          break;
        }
      if (lx->ch < 0)
        {
          if (ok)
            error_tokf (lx, 0, "rune literal not terminated"), ok = FALSE;
          break;
        }
      nextch (lx);
    }
  set_token (lx, tok, GML_TOKEN_CHAR);
  tok->bad = !ok;
  lx->nlsemi = TRUE;
}

static void
scan_string (GmlLexer *lx,
             GmlToken *tok)
{
  gboolean ok = TRUE;

  nextch (lx);
  for (;;)
    {
      if (lx->ch == '"')
        {
          nextch (lx);
          break;
        }
      if (lx->ch == '\\')
        {
          nextch (lx);
          if (!scan_escape (lx, '"'))
            ok = FALSE;
          continue;
        }
      if (lx->ch == '\n')
        {
          errorf (lx, "newline in string");
          ok = FALSE;
          break;
        }
      if (lx->ch < 0)
        {
          error_tokf (lx, 0, "string not terminated");
          ok = FALSE;
          break;
        }
      nextch (lx);
    }
  set_token (lx, tok, GML_TOKEN_STRING);
  tok->bad = !ok;
  lx->nlsemi = TRUE;
}

static void
scan_raw_string (GmlLexer *lx,
                 GmlToken *tok)
{
  gboolean ok = TRUE;

  nextch (lx);
  for (;;)
    {
      if (lx->ch == '`')
        {
          nextch (lx);
          break;
        }
      if (lx->ch < 0)
        {
          error_tokf (lx, 0, "string not terminated");
          ok = FALSE;
          break;
        }
      nextch (lx);
    }
  set_token (lx, tok, GML_TOKEN_STRING);
  tok->bad = !ok;
  lx->nlsemi = TRUE;
}

static gboolean
has_prefix (const guint8 *s,
            gsize         n,
            const char   *prefix)
{
  gsize plen = strlen (prefix);

  return n >= plen && memcmp (s, prefix, plen) == 0;
}

/* The opening "//" has been consumed.  The '\n' is left for the caller,
 * because it may turn into a semicolon. */
static void
line_comment (GmlLexer *lx)
{
  gsize start = lx->start, end;
  const guint8 *text = lx->src + start + 2;

  while (lx->ch >= 0 && lx->ch != '\n')
    nextch (lx);
  end = lx->ch < 0 ? lx->len : lx->r - lx->chw;
  if (end > start && lx->src[end - 1] == '\r')
    end--;

  if (has_prefix (text, end - start - 2, "go:") ||
      has_prefix (text, end - start - 2, "gml:"))
    {
      if (lx->directives == NULL)
        lx->directives = g_string_new (NULL);
      else
        g_string_append_c (lx->directives, '\n');
      g_string_append_len (lx->directives, (const char *) lx->src + start, end - start);
    }
}

/* The opening slash-star has been consumed. */
static void
general_comment (GmlLexer *lx)
{
  while (lx->ch >= 0)
    {
      while (lx->ch == '*')
        {
          nextch (lx);
          if (lx->ch == '/')
            {
              nextch (lx);
              return;
            }
        }
      nextch (lx);
    }
  error_tokf (lx, 0, "comment not terminated");
}

/* ------------------------------------------------------------------ */
/* Operators                                                           */

/* op or op= ; the first character has been consumed. */
static GmlTokenKind
op_or_assign (GmlLexer     *lx,
              GmlTokenKind  op,
              GmlTokenKind  assign)
{
  if (lx->ch == '=')
    {
      nextch (lx);
      return assign;
    }
  return op;
}

static GmlTokenKind
scan_operator_amp_bar (GmlLexer *lx,
                       gint32    c)
{
  if (c == '&')
    {
      if (lx->ch == '&')
        return nextch (lx), GML_TOKEN_LAND;
      if (lx->ch == '^')
        {
          nextch (lx);
          return op_or_assign (lx, GML_TOKEN_AND_NOT, GML_TOKEN_AND_NOT_ASSIGN);
        }
      return op_or_assign (lx, GML_TOKEN_AND, GML_TOKEN_AND_ASSIGN);
    }
  if (lx->ch == '|')
    return nextch (lx), GML_TOKEN_LOR;
  return op_or_assign (lx, GML_TOKEN_OR, GML_TOKEN_OR_ASSIGN);
}

static GmlTokenKind
scan_operator_cmp (GmlLexer *lx,
                   gint32    c)
{
  switch (c)
    {
    case '<':
      if (lx->ch == '=')
        return nextch (lx), GML_TOKEN_LEQ;
      if (lx->ch == '-')
        return nextch (lx), GML_TOKEN_ARROW;
      if (lx->ch == '<')
        return nextch (lx), op_or_assign (lx, GML_TOKEN_SHL, GML_TOKEN_SHL_ASSIGN);
      return GML_TOKEN_LSS;
    case '>':
      if (lx->ch == '=')
        return nextch (lx), GML_TOKEN_GEQ;
      if (lx->ch == '>')
        return nextch (lx), op_or_assign (lx, GML_TOKEN_SHR, GML_TOKEN_SHR_ASSIGN);
      return GML_TOKEN_GTR;
    case '=':
      return op_or_assign (lx, GML_TOKEN_ASSIGN, GML_TOKEN_EQL);
    default: /* '!' */
      return op_or_assign (lx, GML_TOKEN_NOT, GML_TOKEN_NEQ);
    }
}

/* Operators and punctuation; ILLEGAL if c starts none. */
static GmlTokenKind
scan_operator (GmlLexer *lx,
               gint32    c)
{
  nextch (lx);
  switch (c)
    {
    case '(': return GML_TOKEN_LPAREN;
    case '[': return GML_TOKEN_LBRACK;
    case '{': return GML_TOKEN_LBRACE;
    case ',': return GML_TOKEN_COMMA;
    case ')': lx->nlsemi = TRUE; return GML_TOKEN_RPAREN;
    case ']': lx->nlsemi = TRUE; return GML_TOKEN_RBRACK;
    case '}': lx->nlsemi = TRUE; return GML_TOKEN_RBRACE;
    case '~': return GML_TOKEN_TILDE;
    case ':': return op_or_assign (lx, GML_TOKEN_COLON, GML_TOKEN_DEFINE);
    case '*': return op_or_assign (lx, GML_TOKEN_MUL, GML_TOKEN_MUL_ASSIGN);
    case '%': return op_or_assign (lx, GML_TOKEN_REM, GML_TOKEN_REM_ASSIGN);
    case '^': return op_or_assign (lx, GML_TOKEN_XOR, GML_TOKEN_XOR_ASSIGN);
    case '+':
    case '-':
      if (lx->ch == c)
        {
          nextch (lx);
          lx->nlsemi = TRUE;
          return c == '+' ? GML_TOKEN_INC : GML_TOKEN_DEC;
        }
      return c == '+' ? op_or_assign (lx, GML_TOKEN_ADD, GML_TOKEN_ADD_ASSIGN)
                      : op_or_assign (lx, GML_TOKEN_SUB, GML_TOKEN_SUB_ASSIGN);
    case '&':
    case '|':
      return scan_operator_amp_bar (lx, c);
    case '<':
    case '>':
    case '=':
    case '!':
      return scan_operator_cmp (lx, c);
    default:
      return GML_TOKEN_ILLEGAL;
    }
}

/* ------------------------------------------------------------------ */
/* The scanner loop                                                    */

static void
start_token (GmlLexer *lx)
{
  lx->tok_line = lx->line;
  lx->tok_col = lx->col;
  lx->start = lx->r - lx->chw;
}

/* Handles '/' (division or a comment) and '.' (selector, ellipsis or a
 * number).  Returns FALSE to restart scanning after a comment. */
static gboolean
scan_slash_or_dot (GmlLexer *lx,
                   GmlToken *tok,
                   gboolean  nlsemi)
{
  if (lx->ch == '.')
    {
      nextch (lx);
      if (is_decimal (lx->ch))
        scan_number (lx, tok, TRUE);
      else if (lx->ch == '.' && lx->r < lx->len && lx->src[lx->r] == '.')
        {
          nextch (lx);
          nextch (lx);
          set_token (lx, tok, GML_TOKEN_ELLIPSIS);
        }
      else
        set_token (lx, tok, GML_TOKEN_PERIOD);
      return TRUE;
    }

  nextch (lx);
  if (lx->ch == '/')
    {
      nextch (lx);
      line_comment (lx);
      return FALSE;
    }
  if (lx->ch == '*')
    {
      nextch (lx);
      general_comment (lx);
      if (lx->line > lx->tok_line && nlsemi)
        {
          set_semi (lx, tok, "newline");
          return TRUE;
        }
      return FALSE;
    }
  set_token (lx, tok, op_or_assign (lx, GML_TOKEN_QUO, GML_TOKEN_QUO_ASSIGN));
  return TRUE;
}

/* Scans one token; returns FALSE if nothing was produced (a comment or an
 * invalid character) and scanning must restart. */
static gboolean
scan_token (GmlLexer *lx,
            GmlToken *tok,
            gboolean  nlsemi)
{
  gint32 c = lx->ch;
  GmlTokenKind kind;

  if (is_letter (c) || (c >= 0x80 && at_ident_char (lx, TRUE)))
    {
      nextch (lx);
      scan_ident (lx, tok);
      return TRUE;
    }

  switch (c)
    {
    case -1:
      if (nlsemi)
        set_semi (lx, tok, "EOF");
      else
        set_token (lx, tok, GML_TOKEN_EOF);
      return TRUE;
    case '\n':
      nextch (lx);
      set_semi (lx, tok, "newline");
      return TRUE;
    case ';':
      nextch (lx);
      set_semi (lx, tok, "semicolon");
      return TRUE;
    case '"':
      scan_string (lx, tok);
      return TRUE;
    case '`':
      scan_raw_string (lx, tok);
      return TRUE;
    case '\'':
      scan_rune (lx, tok);
      return TRUE;
    case '.':
    case '/':
      return scan_slash_or_dot (lx, tok, nlsemi);
    default:
      break;
    }

  if (is_decimal (c))
    {
      scan_number (lx, tok, FALSE);
      return TRUE;
    }

  kind = scan_operator (lx, c);
  if (kind == GML_TOKEN_ILLEGAL)
    {
      g_autofree char *u = format_U (c);

      error_at (lx, lx->tok_line, lx->tok_col, "invalid character %s", u);
      return FALSE;
    }
  set_token (lx, tok, kind);
  return TRUE;
}

void
gml_lexer_next (GmlLexer *lexer,
                GmlToken *token)
{
  gboolean nlsemi = lexer->nlsemi;

  lexer->nlsemi = FALSE;
  for (;;)
    {
      while (lexer->ch == ' ' || lexer->ch == '\t' || lexer->ch == '\r' ||
             (lexer->ch == '\n' && !nlsemi))
        nextch (lexer);

      start_token (lexer);
      if (scan_token (lexer, token, nlsemi))
        return;
    }
}

/* ------------------------------------------------------------------ */
/* Token classes                                                       */

int
gml_token_precedence (GmlTokenKind kind)
{
  switch (kind)
    {
    case GML_TOKEN_MUL: case GML_TOKEN_QUO: case GML_TOKEN_REM:
    case GML_TOKEN_SHL: case GML_TOKEN_SHR: case GML_TOKEN_AND:
    case GML_TOKEN_AND_NOT:
      return 5;
    case GML_TOKEN_ADD: case GML_TOKEN_SUB: case GML_TOKEN_OR:
    case GML_TOKEN_XOR:
      return 4;
    case GML_TOKEN_EQL: case GML_TOKEN_NEQ: case GML_TOKEN_LSS:
    case GML_TOKEN_LEQ: case GML_TOKEN_GTR: case GML_TOKEN_GEQ:
      return 3;
    case GML_TOKEN_LAND:
      return 2;
    case GML_TOKEN_LOR:
      return 1;
    default:
      return 0;
    }
}

GmlTokenKind
gml_token_assign_op (GmlTokenKind kind)
{
  switch (kind)
    {
    case GML_TOKEN_ADD_ASSIGN: return GML_TOKEN_ADD;
    case GML_TOKEN_SUB_ASSIGN: return GML_TOKEN_SUB;
    case GML_TOKEN_MUL_ASSIGN: return GML_TOKEN_MUL;
    case GML_TOKEN_QUO_ASSIGN: return GML_TOKEN_QUO;
    case GML_TOKEN_REM_ASSIGN: return GML_TOKEN_REM;
    case GML_TOKEN_AND_ASSIGN: return GML_TOKEN_AND;
    case GML_TOKEN_OR_ASSIGN: return GML_TOKEN_OR;
    case GML_TOKEN_XOR_ASSIGN: return GML_TOKEN_XOR;
    case GML_TOKEN_SHL_ASSIGN: return GML_TOKEN_SHL;
    case GML_TOKEN_SHR_ASSIGN: return GML_TOKEN_SHR;
    case GML_TOKEN_AND_NOT_ASSIGN: return GML_TOKEN_AND_NOT;
    default: return GML_TOKEN_EOF;
    }
}
