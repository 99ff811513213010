/* gml-json.c: a strict JSON reader with positions (RFC 8259). */
#include "gml-json.h"

#include <errno.h>
#include <math.h>
#include <string.h>

typedef struct
{
  GmlArena    *arena;
  const char  *data;
  gsize        len;
  gsize        i;           /* next byte */
  guint32      line;
  gsize        line_start;  /* offset of the current line's first byte */
  const char  *file;
  GmlDiagList *diags;
  gboolean     failed;      /* a syntax error stopped the parse */
} Parser;

static GmlJson *parse_value (Parser *p, guint depth);

/* ------------------------------------------------------------------ */
/* Positions and errors                                                */

static GmlPos
pos_at (Parser *p,
        gsize   offset)
{
  /* Only ever called for offsets on the current line. */
  return (GmlPos) { p->line, (guint32) (offset - p->line_start + 1) };
}

static void G_GNUC_PRINTF (3, 4)
error_at (Parser     *p,
          GmlPos      pos,
          const char *format,
          ...)
{
  va_list args;

  if (p->failed)
    return;
  va_start (args, format);
  gml_diag_list_addv (p->diags, GML_DIAG_ERROR, p->file, pos, format, args);
  va_end (args);
}

/* A syntax error: reported once, then everything unwinds. */
#define FAIL_WITH(ret, p, pos, ...) G_STMT_START {  \
    error_at ((p), (pos), __VA_ARGS__);             \
    (p)->failed = TRUE;                             \
    return (ret);                                   \
  } G_STMT_END
#define FAIL(p, pos, ...)  FAIL_WITH (NULL, p, pos, __VA_ARGS__)
#define FAILB(p, pos, ...) FAIL_WITH (FALSE, p, pos, __VA_ARGS__)

static gboolean
at_end (Parser *p)
{
  return p->i >= p->len;
}

static char
peek (Parser *p)
{
  return at_end (p) ? '\0' : p->data[p->i];
}

/* How to show the character at the current position in a message. */
static char *
describe_char (Parser *p)
{
  guchar c = (guchar) peek (p);
  gunichar u;

  if (at_end (p))
    return g_strdup ("the end of the file");
  if (c >= 0x21 && c < 0x7f)
    return g_strdup_printf ("'%c'", c);
  u = g_utf8_get_char_validated (p->data + p->i, (gssize) (p->len - p->i));
  if (c < 0x80)
    u = c;
  if (u == (gunichar) -1 || u == (gunichar) -2)
    return g_strdup ("a byte that is not UTF-8");
  return g_strdup_printf ("U+%04X", u);
}

/* ------------------------------------------------------------------ */
/* Whitespace                                                          */

static gboolean
skip_ws (Parser *p)
{
  while (!at_end (p))
    {
      char c = p->data[p->i];

      if (c == '\n')
        {
          p->i++;
          p->line++;
          p->line_start = p->i;
        }
      else if (c == ' ' || c == '\t' || c == '\r')
        p->i++;
      else if (c == '/' && p->i + 1 < p->len
               && (p->data[p->i + 1] == '/' || p->data[p->i + 1] == '*'))
        {
          /* json-glib 1.6 accepts comments; other tools do not. */
          error_at (p, pos_at (p, p->i), "comments are not allowed in JSON");
          p->failed = TRUE;
          return FALSE;
        }
      else
        break;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Strings                                                             */

static int
hex4 (const char *s)
{
  int v = 0;

  for (int k = 0; k < 4; k++)
    {
      int d = g_ascii_xdigit_value (s[k]);

      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* \uXXXX, possibly a surrogate pair; p->i is at the 'u'. */
static gboolean
parse_unicode_escape (Parser  *p,
                      gsize    esc,
                      GString *out)
{
  int hi, lo;

  if (p->i + 5 > p->len || (hi = hex4 (p->data + p->i + 1)) < 0)
    {
      error_at (p, pos_at (p, esc), "\\u must be followed by four hexadecimal digits");
      return FALSE;
    }
  p->i += 5;
  if (hi >= 0xdc00 && hi <= 0xdfff)
    {
      error_at (p, pos_at (p, esc), "\\u%04x is the second half of a surrogate pair, without a first half", hi);
      return FALSE;
    }
  if (hi >= 0xd800 && hi <= 0xdbff)
    {
      if (p->i + 6 > p->len || p->data[p->i] != '\\' || p->data[p->i + 1] != 'u'
          || (lo = hex4 (p->data + p->i + 2)) < 0xdc00 || lo > 0xdfff)
        {
          error_at (p, pos_at (p, esc), "\\u%04x starts a surrogate pair, but no \\udc00-\\udfff follows", hi);
          return FALSE;
        }
      p->i += 6;
      hi = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
    }
  g_string_append_unichar (out, (gunichar) hi);
  return TRUE;
}

static gboolean
parse_escape (Parser  *p,
              GString *out)
{
  static const char from[] = "\"\\/bfnrt";
  static const char to[] = "\"\\/\b\f\n\r\t";
  gsize esc = p->i++;
  const char *k;
  char c = peek (p);

  if (c == 'u')
    return parse_unicode_escape (p, esc, out);
  if (c != '\0' && (k = strchr (from, c)) != NULL)
    {
      g_string_append_c (out, to[k - from]);
      p->i++;
      return TRUE;
    }
  error_at (p, pos_at (p, esc), "invalid escape sequence '\\%c' (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
            g_ascii_isprint (c) ? c : '?');
  return FALSE;
}

static gboolean
control_char_error (Parser *p)
{
  guchar c = (guchar) peek (p);
  GmlPos pos = pos_at (p, p->i);

  if (c == '\n')
    error_at (p, pos, "a string cannot continue on the next line; close it, or write \\n for a line break");
  else if (c == '\t')
    error_at (p, pos, "a tab inside a string must be written \\t");
  else
    error_at (p, pos, "control character U+%04X inside a string must be written \\u%04x", c, c);
  return FALSE;
}

/* Copies one UTF-8 character, validating it. */
static gboolean
copy_utf8 (Parser  *p,
           GString *out)
{
  gunichar u = g_utf8_get_char_validated (p->data + p->i, (gssize) (p->len - p->i));
  const char *next;

  if (u == (gunichar) -1 || u == (gunichar) -2)
    {
      error_at (p, pos_at (p, p->i), "invalid UTF-8 in a string");
      return FALSE;
    }
  next = g_utf8_next_char (p->data + p->i);
  g_string_append_len (out, p->data + p->i, next - (p->data + p->i));
  p->i = (gsize) (next - p->data);
  return TRUE;
}

/* The string starting at p->i (a '"'); NULL after an error. */
static const char *
parse_string_raw (Parser *p,
                  gsize  *out_len)
{
  g_autoptr (GString) out = g_string_new (NULL);
  gsize start = p->i++;
  gboolean has_nul = FALSE;

  for (;;)
    {
      guchar c = (guchar) peek (p);
      gboolean ok = TRUE;

      if (at_end (p))
        FAIL (p, pos_at (p, start), "this string is not closed before the end of the file");
      if (c == '"')
        break;
      if (c < 0x20)
        ok = control_char_error (p);
      else if (c == '\\')
        {
          gsize esc = p->i, before = out->len;

          ok = parse_escape (p, out);
          if (ok && memchr (out->str + before, '\0', out->len - before) != NULL && !has_nul)
            {
              /* Not a syntax error, but no text in a scenario may hold it. */
              error_at (p, pos_at (p, esc), "the NUL character (\\u0000) is not allowed");
              has_nul = TRUE;
            }
        }
      else if (c < 0x80)
        {
          g_string_append_c (out, (char) c);
          p->i++;
        }
      else
        ok = copy_utf8 (p, out);
      if (!ok)
        {
          p->failed = TRUE;
          return NULL;
        }
    }
  p->i++;
  *out_len = out->len;
  /* Keep text up to a NUL only: it was reported above. */
  return gml_arena_strndup (p->arena, out->str, strlen (out->str));
}

static GmlJson *
new_value (Parser      *p,
           GmlJsonKind  kind,
           gsize        start)
{
  GmlJson *v = gml_arena_new0 (p->arena, GmlJson);

  v->kind = kind;
  v->pos = pos_at (p, start);
  v->raw = p->data + start;
  return v;
}

static GmlJson *
parse_string (Parser *p)
{
  GmlJson *v = new_value (p, GML_JSON_STRING, p->i);
  gsize start = p->i;

  v->u.str.s = parse_string_raw (p, &v->u.str.len);
  if (v->u.str.s == NULL)
    return NULL;
  v->u.str.len = strlen (v->u.str.s);
  v->raw_len = p->i - start;
  return v;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */

static gsize
skip_digits (Parser *p)
{
  gsize n = 0;

  while (g_ascii_isdigit (peek (p)))
    {
      p->i++;
      n++;
    }
  return n;
}

/* number = [ "-" ] int [ frac ] [ exp ] */
static gboolean
scan_number (Parser   *p,
             gsize     start,
             gboolean *integer)
{
  if (peek (p) == '-')
    p->i++;
  if (peek (p) == '0' && g_ascii_isdigit (p->i + 1 < p->len ? p->data[p->i + 1] : '\0'))
    FAILB (p, pos_at (p, start), "numbers cannot start with 0 in JSON (leading zeros)");
  if (skip_digits (p) == 0)
    FAILB (p, pos_at (p, p->i), "expected a digit");
  *integer = TRUE;
  if (peek (p) == '.')
    {
      p->i++;
      *integer = FALSE;
      if (skip_digits (p) == 0)
        FAILB (p, pos_at (p, p->i), "expected a digit after the decimal point");
    }
  if (peek (p) == 'e' || peek (p) == 'E')
    {
      p->i++;
      *integer = FALSE;
      if (peek (p) == '+' || peek (p) == '-')
        p->i++;
      if (skip_digits (p) == 0)
        FAILB (p, pos_at (p, p->i), "expected a digit in the exponent");
    }
  if (g_ascii_isalnum (peek (p)) || peek (p) == '.' || peek (p) == '_')
    FAILB (p, pos_at (p, start), "this is not a JSON number (JSON numbers are decimal: 12, -3, 0.5, 1e6)");
  return TRUE;
}

static GmlJson *
parse_number (Parser *p)
{
  gsize start = p->i;
  GmlJson *v = new_value (p, GML_JSON_NUMBER, start);
  g_autofree char *text = NULL;
  gboolean integer;

  if (!scan_number (p, start, &integer))
    return NULL;
  v->raw_len = p->i - start;
  text = g_strndup (p->data + start, v->raw_len);
  v->u.num.integer = integer;
  errno = 0;
  if (integer)
    {
      v->u.num.i = g_ascii_strtoll (text, NULL, 10);
      v->u.num.overflow = errno == ERANGE;
    }
  errno = 0;
  v->u.num.d = g_ascii_strtod (text, NULL);
  if (isinf (v->u.num.d))
    v->u.num.overflow = TRUE;
  return v;
}

/* ------------------------------------------------------------------ */
/* Literals and stray words                                            */

static GmlJson *
parse_word (Parser *p)
{
  gsize start = p->i;
  GmlJson *v = new_value (p, GML_JSON_NULL, start);
  g_autofree char *word = NULL;

  while (g_ascii_isalnum (peek (p)) || peek (p) == '_')
    p->i++;
  word = g_strndup (p->data + start, p->i - start);
  v->raw_len = p->i - start;
  if (strcmp (word, "true") == 0 || strcmp (word, "false") == 0)
    {
      v->kind = GML_JSON_BOOL;
      v->u.boolean = word[0] == 't';
      return v;
    }
  if (strcmp (word, "null") == 0)
    return v;
  if (g_ascii_strcasecmp (word, "true") == 0 || g_ascii_strcasecmp (word, "false") == 0
      || g_ascii_strcasecmp (word, "null") == 0)
    {
      g_autofree char *lower = g_ascii_strdown (word, -1);

      FAIL (p, v->pos, "JSON is case-sensitive: write %s, not %s", lower, word);
    }
  if (strcmp (word, "NaN") == 0 || strcmp (word, "Infinity") == 0)
    FAIL (p, v->pos, "%s is not a JSON number", word);
  FAIL (p, v->pos, "unexpected word '%s': text must be in double quotes", word);
}

/* ------------------------------------------------------------------ */
/* Arrays and objects                                                  */

static GmlJson *
parse_array (Parser *p,
             guint   depth)
{
  gsize start = p->i++;
  GmlJson *v = new_value (p, GML_JSON_ARRAY, start);
  g_autoptr (GPtrArray) items = g_ptr_array_new ();
  GmlPos comma;

  if (!skip_ws (p))
    return NULL;
  if (peek (p) != ']')
    for (;;)
      {
        GmlJson *item = parse_value (p, depth + 1);

        if (item == NULL)
          return NULL;
        g_ptr_array_add (items, item);
        if (!skip_ws (p))
          return NULL;
        if (peek (p) == ']')
          break;
        if (at_end (p))
          FAIL (p, v->pos, "this array is not closed: ']' is missing");
        if (peek (p) != ',')
          {
            g_autofree char *what = describe_char (p);

            FAIL (p, pos_at (p, p->i), "expected ',' or ']' after an array element, found %s", what);
          }
        comma = pos_at (p, p->i++);
        if (!skip_ws (p))
          return NULL;
        if (peek (p) == ']')
          FAIL (p, comma, "trailing comma: JSON does not allow a comma before ']'");
      }
  p->i++;
  v->raw_len = p->i - start;
  v->u.arr.n = items->len;
  v->u.arr.items = gml_arena_newv (p->arena, GmlJson *, items->len + 1);
  if (items->len > 0)
    memcpy (v->u.arr.items, items->pdata, items->len * sizeof (GmlJson *));
  return v;
}

/* key ":" value; FALSE after a syntax error. */
static gboolean
parse_member (Parser        *p,
              guint          depth,
              GmlJsonMember *m)
{
  gsize len;
  char c = peek (p);

  if (c == '\'')
    FAILB (p, pos_at (p, p->i), "strings must be in double quotes, not single quotes");
  if (g_ascii_isalpha (c) || c == '_')
    FAILB (p, pos_at (p, p->i), "keys must be strings in double quotes");
  if (c != '"')
    {
      g_autofree char *what = describe_char (p);

      FAILB (p, pos_at (p, p->i), "expected a key in double quotes, found %s", what);
    }
  m->pos = pos_at (p, p->i);
  m->key = parse_string_raw (p, &len);
  if (m->key == NULL || !skip_ws (p))
    return FALSE;
  if (peek (p) != ':')
    FAILB (p, pos_at (p, p->i), "expected ':' after the key \"%s\"", m->key);
  p->i++;
  if (!skip_ws (p))
    return FALSE;
  m->value = parse_value (p, depth + 1);
  return m->value != NULL && skip_ws (p);
}

static GmlJson *
finish_object (Parser  *p,
               GmlJson *v,
               GArray  *members,
               gsize    start)
{
  p->i++;
  v->raw_len = p->i - start;
  v->u.obj.n = members->len;
  v->u.obj.members = gml_arena_newv (p->arena, GmlJsonMember, members->len + 1);
  if (members->len > 0)
    memcpy (v->u.obj.members, members->data, members->len * sizeof (GmlJsonMember));
  return v;
}

static GmlJson *
parse_object (Parser *p,
              guint   depth)
{
  gsize start = p->i++;
  GmlJson *v = new_value (p, GML_JSON_OBJECT, start);
  g_autoptr (GArray) members = g_array_new (FALSE, TRUE, sizeof (GmlJsonMember));
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GmlPos comma;

  if (!skip_ws (p))
    return NULL;
  if (peek (p) != '}')
    for (;;)
      {
        GmlJsonMember m = { 0 };
        guint index;

        /* Of duplicate keys the first is kept: the second is the likelier
         * slip.  `seen` maps keys to 1-based indexes into `members`. */
        if (!parse_member (p, depth, &m))
          return NULL;
        index = GPOINTER_TO_UINT (g_hash_table_lookup (seen, m.key));
        if (index != 0)
          {
            GmlJsonMember *first = &g_array_index (members, GmlJsonMember, index - 1);

            error_at (p, m.pos, "duplicate key \"%s\" (first at line %u, column %u)",
                      m.key, first->pos.line, first->pos.col);
          }
        else
          {
            g_array_append_val (members, m);
            g_hash_table_insert (seen, (gpointer) m.key, GUINT_TO_POINTER (members->len));
          }
        if (peek (p) == '}')
          break;
        if (at_end (p))
          FAIL (p, v->pos, "this object is not closed: '}' is missing");
        if (peek (p) != ',')
          {
            g_autofree char *what = describe_char (p);

            if (peek (p) == '"')
              FAIL (p, pos_at (p, p->i), "expected ',' before the next key");
            FAIL (p, pos_at (p, p->i), "expected ',' or '}' after an object member, found %s", what);
          }
        comma = pos_at (p, p->i++);
        if (!skip_ws (p))
          return NULL;
        if (peek (p) == '}')
          FAIL (p, comma, "trailing comma: JSON does not allow a comma before '}'");
      }
  return finish_object (p, v, members, start);
}

static GmlJson *
parse_value (Parser *p,
             guint   depth)
{
  char c = peek (p);

  if (depth > GML_JSON_MAX_DEPTH)
    FAIL (p, pos_at (p, p->i), "nesting is deeper than %d levels", GML_JSON_MAX_DEPTH);
  if (c == '{')
    return parse_object (p, depth);
  if (c == '[')
    return parse_array (p, depth);
  if (c == '"')
    return parse_string (p);
  if (c == '-' || g_ascii_isdigit (c))
    return parse_number (p);
  if (g_ascii_isalpha (c) || c == '_')
    return parse_word (p);
  if (c == '\'')
    FAIL (p, pos_at (p, p->i), "strings must be in double quotes, not single quotes");
  if (c == '+' || c == '.')
    FAIL (p, pos_at (p, p->i), "a JSON number starts with a digit or '-'");
  if (at_end (p))
    FAIL (p, pos_at (p, p->i), "unexpected end of the file: a value is missing");
  {
    g_autofree char *what = describe_char (p);

    FAIL (p, pos_at (p, p->i), "expected a value, found %s", what);
  }
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

GmlJson *
gml_json_parse (GmlArena    *arena,
                const char  *data,
                gsize        len,
                const char  *filename,
                GmlDiagList *diags)
{
  Parser p = { arena, data, len, 0, 1, 0, filename, diags, FALSE };
  GmlJson *root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    p.i = p.line_start = 3;   /* a byte order mark: editors do not show it */
  if (!skip_ws (&p))
    return NULL;
  if (at_end (&p))
    {
      error_at (&p, (GmlPos) { 1, 1 }, "the file is empty");
      return NULL;
    }
  root = parse_value (&p, 1);
  if (root == NULL || !skip_ws (&p))
    return NULL;
  if (!at_end (&p))
    {
      error_at (&p, pos_at (&p, p.i), "unexpected text after the end of the JSON document");
      return NULL;
    }
  return root;
}

const char *
gml_json_kind_name (GmlJsonKind kind)
{
  static const char * const names[] = {
    "null", "true or false", "a number", "a string", "an array", "an object",
  };

  g_return_val_if_fail (kind <= GML_JSON_OBJECT, "?");
  return names[kind];
}

const GmlJsonMember *
gml_json_member (const GmlJson *object,
                 const char    *key)
{
  g_return_val_if_fail (object != NULL && object->kind == GML_JSON_OBJECT, NULL);
  for (guint i = 0; i < object->u.obj.n; i++)
    if (strcmp (object->u.obj.members[i].key, key) == 0)
      return &object->u.obj.members[i];
  return NULL;
}

/* Decoded bytes produced by the escape or character at raw[i], and its
 * written length. */
static gsize
decoded_step (const char *raw,
              gsize       i,
              gsize       end,
              gsize      *written)
{
  if (raw[i] != '\\')
    {
      *written = 1;
      return 1;
    }
  if (i + 1 < end && raw[i + 1] == 'u' && i + 6 <= end)
    {
      int hi = hex4 (raw + i + 2);

      if (hi >= 0xd800 && hi <= 0xdbff && i + 12 <= end)
        {
          *written = 12;
          return 4;
        }
      *written = 6;
      return hi < 0x80 ? 1 : hi < 0x800 ? 2 : 3;
    }
  *written = 2;
  return 1;
}

GmlPos
gml_json_string_pos (const GmlJson *string,
                     gsize          offset)
{
  gsize i = 1, decoded = 0, end;

  g_return_val_if_fail (string != NULL && string->kind == GML_JSON_STRING, GML_POS_NONE);
  end = string->raw_len > 0 ? string->raw_len - 1 : 0;   /* the closing quote */
  while (i < end && decoded < offset)
    {
      gsize written;
      gsize produced = decoded_step (string->raw, i, end, &written);

      if (decoded + produced > offset)
        break;
      decoded += produced;
      i += written;
    }
  return (GmlPos) { string->pos.line, string->pos.col + (guint32) i };
}
