/* gml-const.c: Go constant arithmetic on 128-bit integers and long doubles.
 *
 * Go evaluates untyped constants exactly; 128 bits cover every constant a
 * teaching program writes (1 << 100 included), and long double keeps float
 * constants a little more precise than float64 so that conversions round
 * once, as Go's do.
 */
#include "gml-const.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INT128_MAX ((__int128) (((unsigned __int128) 1 << 127) - 1))
#define INT128_MIN (-INT128_MAX - 1)

/* ------------------------------------------------------------------ */
/* Construction                                                        */

static GmlConst *
const_new (GmlArena     *arena,
           GmlConstKind  kind)
{
  GmlConst *c = gml_arena_new0 (arena, GmlConst);

  c->kind = kind;
  return c;
}

GmlConst *
gml_const_new_int (GmlArena *arena,
                   __int128  v)
{
  GmlConst *c = const_new (arena, GML_CONST_INT);

  c->v.i = v;
  return c;
}

GmlConst *
gml_const_new_float (GmlArena    *arena,
                     long double  v)
{
  GmlConst *c = const_new (arena, GML_CONST_FLOAT);

  c->v.f = v;
  c->overflow = isinf (v) || isnan (v);
  return c;
}

static __int128
gcd128 (__int128 a,
        __int128 b)
{
  if (a < 0)
    a = -a;
  if (b < 0)
    b = -b;
  while (b != 0)
    {
      __int128 t = a % b;

      a = b;
      b = t;
    }
  return a;
}

/* num/den exactly (den != 0), in lowest terms. */
static GmlConst *
new_rational (GmlArena *arena,
              __int128  num,
              __int128  den)
{
  GmlConst *c;
  __int128 g;

  if (den < 0)
    {
      if (num == INT128_MIN || den == INT128_MIN)
        return gml_const_new_float (arena, (long double) num / (long double) den);
      num = -num;
      den = -den;
    }
  g = gcd128 (num, den);
  if (g > 1)
    {
      num /= g;
      den /= g;
    }
  c = gml_const_new_float (arena, (long double) num / (long double) den);
  c->exact = TRUE;
  c->num = num;
  c->den = den;
  return c;
}

/* The exact value of an INT or exact FLOAT constant as a fraction. */
static gboolean
rational (const GmlConst *x,
          __int128       *num,
          __int128       *den)
{
  if (x->kind == GML_CONST_INT && !x->overflow)
    {
      *num = x->v.i;
      *den = 1;
      return TRUE;
    }
  if (x->kind == GML_CONST_FLOAT && x->exact)
    {
      *num = x->num;
      *den = x->den;
      return TRUE;
    }
  return FALSE;
}

GmlConst *
gml_const_new_bool (GmlArena *arena,
                    gboolean  v)
{
  GmlConst *c = const_new (arena, GML_CONST_BOOL);

  c->v.b = v != FALSE;
  return c;
}

GmlConst *
gml_const_new_string (GmlArena   *arena,
                      const char *data,
                      gsize       len)
{
  GmlConst *c = const_new (arena, GML_CONST_STRING);

  c->v.s.data = gml_arena_strndup (arena, data, len);
  c->v.s.len = len;
  return c;
}

static GmlConst *
overflowed (GmlArena *arena)
{
  GmlConst *c = gml_const_new_int (arena, 0);

  c->overflow = TRUE;
  return c;
}

/* ------------------------------------------------------------------ */
/* Literals                                                            */

static int
digit_value (char ch)
{
  if (ch >= '0' && ch <= '9')
    return ch - '0';
  if (ch >= 'a' && ch <= 'f')
    return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F')
    return ch - 'A' + 10;
  return 99;
}

static GmlConst *
parse_int (GmlArena   *arena,
           const char *raw)
{
  unsigned __int128 v = 0;
  unsigned __int128 limit = (unsigned __int128) INT128_MAX;
  int base = 10;
  const char *p = raw;
  gboolean overflow = FALSE;

  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    base = 16, p += 2;
  else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
    base = 8, p += 2;
  else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
    base = 2, p += 2;
  else if (p[0] == '0')
    base = 8;

  for (; *p != '\0'; p++)
    {
      int d;

      if (*p == '_')
        continue;
      d = digit_value (*p);
      if (d >= base)
        return NULL;
      if (v > (limit - (unsigned) d) / (unsigned) base)
        overflow = TRUE;
      else
        v = v * (unsigned) base + (unsigned) d;
    }
  if (overflow)
    return overflowed (arena);
  return gml_const_new_int (arena, (__int128) v);
}

/* A decimal float literal as an exact fraction, when it fits 128 bits. */
static GmlConst *
parse_decimal_exact (GmlArena   *arena,
                     const char *s)
{
  __int128 mant = 0, scale = 1;
  gint64 exp = 0;
  int frac = 0;
  gboolean dot = FALSE;
  const char *p = s;

  for (; *p != '\0' && *p != 'e' && *p != 'E'; p++)
    {
      if (*p == '.')
        {
          dot = TRUE;
          continue;
        }
      if (*p < '0' || *p > '9' || mant > INT128_MAX / 10 - 10)
        return NULL;
      mant = mant * 10 + (*p - '0');
      frac += dot;
    }
  if (*p == 'e' || *p == 'E')
    {
      exp = g_ascii_strtoll (p + 1, NULL, 10);
      if (exp > 100 || exp < -100)
        return NULL;
    }
  exp -= frac;
  for (; exp > 0; exp--)
    if (__builtin_mul_overflow (mant, (__int128) 10, &mant))
      return NULL;
  for (; exp < 0; exp++)
    if (__builtin_mul_overflow (scale, (__int128) 10, &scale))
      return NULL;
  return new_rational (arena, mant, scale);
}

static GmlConst *
parse_float (GmlArena   *arena,
             const char *raw)
{
  g_autoptr (GString) clean = g_string_new (NULL);
  char *end = NULL;
  GmlConst *exact;
  long double v;

  for (const char *p = raw; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (clean, *p);
  v = strtold (clean->str, &end);
  if (end == NULL || *end != '\0')
    return NULL;
  if (clean->str[0] != '0' || (clean->str[1] != 'x' && clean->str[1] != 'X'))
    {
      exact = parse_decimal_exact (arena, clean->str);
      if (exact != NULL)
        return exact;
    }
  return gml_const_new_float (arena, v);
}

/* Decodes one escape sequence after the backslash at *p; advances *p.
 * Returns the value and sets *is_byte for \x and octal escapes (which
 * denote bytes in strings rather than runes). */
static gint64
decode_escape (const char **p,
               gboolean    *is_byte)
{
  const char *s = *p;
  int n = 0, base = 0;
  gint64 v = 0;

  *is_byte = FALSE;
  switch (*s)
    {
    case 'a': *p = s + 1; return 7;
    case 'b': *p = s + 1; return 8;
    case 'f': *p = s + 1; return 12;
    case 'n': *p = s + 1; return 10;
    case 'r': *p = s + 1; return 13;
    case 't': *p = s + 1; return 9;
    case 'v': *p = s + 1; return 11;
    case '\\': *p = s + 1; return '\\';
    case '\'': *p = s + 1; return '\'';
    case '"': *p = s + 1; return '"';
    case 'x': n = 2, base = 16, s++, *is_byte = TRUE; break;
    case 'u': n = 4, base = 16, s++; break;
    case 'U': n = 8, base = 16, s++; break;
    default: n = 3, base = 8, *is_byte = TRUE; break;
    }
  for (int i = 0; i < n && *s != '\0'; i++, s++)
    {
      int d = digit_value (*s);

      if (d >= base)
        break;
      v = v * base + d;
    }
  *p = s;
  return v;
}

static GmlConst *
parse_rune (GmlArena   *arena,
            const char *raw)
{
  const char *p = raw + 1;
  gboolean is_byte;
  gint32 r;

  if (raw[0] != '\'')
    return NULL;
  if (*p == '\\')
    {
      p++;
      return gml_const_new_int (arena, decode_escape (&p, &is_byte));
    }
  if (*p == '\0' || *p == '\'')
    return NULL;
  r = (gint32) g_utf8_get_char_validated (p, -1);
  return gml_const_new_int (arena, r >= 0 ? r : 0xFFFD);
}

static void
append_rune (GString *s,
             gint64   r)
{
  char buf[8];
  gint n;

  if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
    r = 0xFFFD;
  n = g_unichar_to_utf8 ((gunichar) r, buf);
  g_string_append_len (s, buf, n);
}

static GmlConst *
parse_string (GmlArena   *arena,
              const char *raw)
{
  g_autoptr (GString) s = g_string_new (NULL);
  gsize len = strlen (raw);
  const char *p, *end;

  if (len < 2)
    return NULL;
  p = raw + 1;
  end = raw + len - 1;
  if (raw[0] == '`')
    {
      for (; p < end; p++)
        if (*p != '\r')
          g_string_append_c (s, *p);
      return gml_const_new_string (arena, s->str, s->len);
    }
  while (p < end)
    {
      gboolean is_byte;
      gint64 v;

      if (*p != '\\')
        {
          g_string_append_c (s, *p++);
          continue;
        }
      p++;
      v = decode_escape (&p, &is_byte);
      if (is_byte)
        g_string_append_c (s, (char) (guint8) v);
      else
        append_rune (s, v);
    }
  return gml_const_new_string (arena, s->str, s->len);
}

GmlConst *
gml_const_from_literal (GmlArena     *arena,
                        GmlTokenKind  kind,
                        const char   *raw)
{
  g_return_val_if_fail (raw != NULL, NULL);

  switch (kind)
    {
    case GML_TOKEN_INT:    return parse_int (arena, raw);
    case GML_TOKEN_FLOAT:  return parse_float (arena, raw);
    case GML_TOKEN_CHAR:   return parse_rune (arena, raw);
    case GML_TOKEN_STRING: return parse_string (arena, raw);
    default:               return NULL;
    }
}

/* ------------------------------------------------------------------ */
/* Arithmetic                                                          */

static long double
to_float (const GmlConst *x)
{
  return x->kind == GML_CONST_INT ? (long double) x->v.i : x->v.f;
}

static GmlConstStatus
int_binary (GmlArena      *arena,
            GmlTokenKind   op,
            __int128       a,
            __int128       b,
            GmlConst     **out)
{
  __int128 r = 0;
  gboolean ovf = FALSE;

  switch (op)
    {
    case GML_TOKEN_ADD: ovf = __builtin_add_overflow (a, b, &r); break;
    case GML_TOKEN_SUB: ovf = __builtin_sub_overflow (a, b, &r); break;
    case GML_TOKEN_MUL: ovf = __builtin_mul_overflow (a, b, &r); break;
    case GML_TOKEN_QUO:
    case GML_TOKEN_REM:
      if (b == 0)
        return GML_CONST_DIV_ZERO;
      if (a == INT128_MIN && b == -1)
        ovf = op == GML_TOKEN_QUO;
      else
        r = op == GML_TOKEN_QUO ? a / b : a % b;
      break;
    case GML_TOKEN_AND:     r = a & b; break;
    case GML_TOKEN_OR:      r = a | b; break;
    case GML_TOKEN_XOR:     r = a ^ b; break;
    case GML_TOKEN_AND_NOT: r = a & ~b; break;
    default:
      return GML_CONST_BAD_OP;
    }
  if (ovf)
    {
      *out = overflowed (arena);
      return GML_CONST_OVERFLOW;
    }
  *out = gml_const_new_int (arena, r);
  return GML_CONST_OK;
}

/* a op b on fractions; FALSE when an intermediate leaves 128 bits (the
 * caller then computes with long doubles). */
static gboolean
rational_binary (GmlArena     *arena,
                 GmlTokenKind  op,
                 __int128 an, __int128 ad,
                 __int128 bn, __int128 bd,
                 GmlConst    **out)
{
  __int128 n, d, t1, t2;

  switch (op)
    {
    case GML_TOKEN_ADD:
    case GML_TOKEN_SUB:
      if (__builtin_mul_overflow (an, bd, &t1) || __builtin_mul_overflow (bn, ad, &t2)
          || __builtin_mul_overflow (ad, bd, &d))
        return FALSE;
      if (op == GML_TOKEN_ADD ? __builtin_add_overflow (t1, t2, &n) : __builtin_sub_overflow (t1, t2, &n))
        return FALSE;
      break;
    case GML_TOKEN_MUL:
      {
        __int128 g1 = gcd128 (an, bd), g2 = gcd128 (bn, ad);

        if (g1 > 1)
          an /= g1, bd /= g1;
        if (g2 > 1)
          bn /= g2, ad /= g2;
        if (__builtin_mul_overflow (an, bn, &n) || __builtin_mul_overflow (ad, bd, &d))
          return FALSE;
      }
      break;
    case GML_TOKEN_QUO:
      if (__builtin_mul_overflow (an, bd, &n) || __builtin_mul_overflow (ad, bn, &d) || d == 0)
        return FALSE;
      break;
    default:
      return FALSE;
    }
  *out = new_rational (arena, n, d);
  return TRUE;
}

static GmlConstStatus
float_binary (GmlArena      *arena,
              GmlTokenKind   op,
              long double    a,
              long double    b,
              GmlConst     **out)
{
  long double r;

  switch (op)
    {
    case GML_TOKEN_ADD: r = a + b; break;
    case GML_TOKEN_SUB: r = a - b; break;
    case GML_TOKEN_MUL: r = a * b; break;
    case GML_TOKEN_QUO:
      if (b == 0)
        return GML_CONST_DIV_ZERO;
      r = a / b;
      break;
    default:
      return GML_CONST_BAD_OP;
    }
  *out = gml_const_new_float (arena, r);
  return (*out)->overflow ? GML_CONST_OVERFLOW : GML_CONST_OK;
}

GmlConstStatus
gml_const_binary (GmlArena       *arena,
                  GmlTokenKind    op,
                  const GmlConst *x,
                  const GmlConst *y,
                  gboolean        integer,
                  GmlConst      **out)
{
  *out = NULL;
  if (x->kind == GML_CONST_BOOL && y->kind == GML_CONST_BOOL)
    {
      if (op != GML_TOKEN_LAND && op != GML_TOKEN_LOR)
        return GML_CONST_BAD_OP;
      *out = gml_const_new_bool (arena, op == GML_TOKEN_LAND ? x->v.b && y->v.b
                                                              : x->v.b || y->v.b);
      return GML_CONST_OK;
    }
  if (x->kind == GML_CONST_STRING && y->kind == GML_CONST_STRING)
    {
      g_autofree char *buf = NULL;

      if (op != GML_TOKEN_ADD)
        return GML_CONST_BAD_OP;
      buf = g_malloc (x->v.s.len + y->v.s.len + 1);
      memcpy (buf, x->v.s.data, x->v.s.len);
      memcpy (buf + x->v.s.len, y->v.s.data, y->v.s.len);
      *out = gml_const_new_string (arena, buf, x->v.s.len + y->v.s.len);
      return GML_CONST_OK;
    }
  if (x->kind == GML_CONST_BOOL || y->kind == GML_CONST_BOOL
      || x->kind == GML_CONST_STRING || y->kind == GML_CONST_STRING)
    return GML_CONST_BAD_OP;
  if (x->kind == GML_CONST_INT && y->kind == GML_CONST_INT
      && (op != GML_TOKEN_QUO || integer))
    return int_binary (arena, op, x->v.i, y->v.i, out);
  {
    __int128 an, ad, bn, bd;

    if (op == GML_TOKEN_QUO && gml_const_is_zero (y))
      return GML_CONST_DIV_ZERO;
    if (rational (x, &an, &ad) && rational (y, &bn, &bd)
        && rational_binary (arena, op, an, ad, bn, bd, out))
      return GML_CONST_OK;
  }
  return float_binary (arena, op, to_float (x), to_float (y), out);
}

GmlConstStatus
gml_const_unary (GmlArena       *arena,
                 GmlTokenKind    op,
                 const GmlConst *x,
                 guint           unsigned_size,
                 GmlConst      **out)
{
  *out = NULL;
  switch (op)
    {
    case GML_TOKEN_ADD:
      if (x->kind != GML_CONST_INT && x->kind != GML_CONST_FLOAT)
        return GML_CONST_BAD_OP;
      *out = (GmlConst *) x;
      return GML_CONST_OK;
    case GML_TOKEN_SUB:
      if (x->kind == GML_CONST_FLOAT && x->exact && x->num != INT128_MIN)
        *out = new_rational (arena, -x->num, x->den);
      else if (x->kind == GML_CONST_FLOAT)
        *out = gml_const_new_float (arena, -x->v.f);
      else if (x->kind == GML_CONST_INT && x->v.i != INT128_MIN)
        *out = gml_const_new_int (arena, -x->v.i);
      else if (x->kind == GML_CONST_INT)
        {
          *out = overflowed (arena);
          return GML_CONST_OVERFLOW;
        }
      else
        return GML_CONST_BAD_OP;
      return GML_CONST_OK;
    case GML_TOKEN_XOR:
      if (x->kind != GML_CONST_INT)
        return GML_CONST_BAD_OP;
      if (unsigned_size > 0 && unsigned_size < 16)
        {
          unsigned __int128 mask = ((unsigned __int128) 1 << (unsigned_size * 8)) - 1;

          *out = gml_const_new_int (arena, (__int128) (~(unsigned __int128) x->v.i & mask));
        }
      else
        *out = gml_const_new_int (arena, ~x->v.i);
      return GML_CONST_OK;
    case GML_TOKEN_NOT:
      if (x->kind != GML_CONST_BOOL)
        return GML_CONST_BAD_OP;
      *out = gml_const_new_bool (arena, !x->v.b);
      return GML_CONST_OK;
    default:
      return GML_CONST_BAD_OP;
    }
}

GmlConstStatus
gml_const_shift (GmlArena       *arena,
                 GmlTokenKind    op,
                 const GmlConst *x,
                 guint64         s,
                 GmlConst      **out)
{
  __int128 v;

  *out = NULL;
  if (x->kind == GML_CONST_FLOAT && x->exact && x->den == 1)
    v = x->num;
  else if (x->kind == GML_CONST_FLOAT && gml_const_is_integral (x))
    v = (__int128) x->v.f;
  else if (x->kind == GML_CONST_INT)
    v = x->v.i;
  else
    return GML_CONST_BAD_OP;

  if (op == GML_TOKEN_SHR)
    {
      *out = gml_const_new_int (arena, s >= 127 ? (v < 0 ? -1 : 0) : v >> s);
      return GML_CONST_OK;
    }
  if (op != GML_TOKEN_SHL)
    return GML_CONST_BAD_OP;
  if (v == 0)
    {
      *out = gml_const_new_int (arena, 0);
      return GML_CONST_OK;
    }
  /* The magnitude shifted must stay below 2^127. */
  {
    unsigned __int128 mag = v < 0 ? -(unsigned __int128) v : (unsigned __int128) v;
    __int128 r;

    if (s >= 127 || (mag >> (127 - s)) != 0)
      {
        *out = overflowed (arena);
        return GML_CONST_OVERFLOW;
      }
    r = (__int128) (mag << s);
    *out = gml_const_new_int (arena, v < 0 ? -r : r);
  }
  return GML_CONST_OK;
}

static int
cmp3 (const GmlConst *x,
      const GmlConst *y)
{
  if (x->kind == GML_CONST_STRING)
    {
      gsize n = MIN (x->v.s.len, y->v.s.len);
      int c = memcmp (x->v.s.data, y->v.s.data, n);

      if (c != 0)
        return c < 0 ? -1 : 1;
      return x->v.s.len == y->v.s.len ? 0 : (x->v.s.len < y->v.s.len ? -1 : 1);
    }
  if (x->kind == GML_CONST_BOOL)
    return x->v.b == y->v.b ? 0 : 1;
  if (x->kind == GML_CONST_INT && y->kind == GML_CONST_INT)
    return x->v.i == y->v.i ? 0 : (x->v.i < y->v.i ? -1 : 1);
  {
    __int128 an, ad, bn, bd, l, r;

    if (rational (x, &an, &ad) && rational (y, &bn, &bd)
        && !__builtin_mul_overflow (an, bd, &l) && !__builtin_mul_overflow (bn, ad, &r))
      return l == r ? 0 : (l < r ? -1 : 1);
  }
  {
    long double a = to_float (x), b = to_float (y);

    return a == b ? 0 : (a < b ? -1 : 1);
  }
}

gboolean
gml_const_compare (GmlTokenKind    op,
                   const GmlConst *x,
                   const GmlConst *y)
{
  int c = cmp3 (x, y);

  switch (op)
    {
    case GML_TOKEN_EQL: return c == 0;
    case GML_TOKEN_NEQ: return c != 0;
    case GML_TOKEN_LSS: return c < 0;
    case GML_TOKEN_LEQ: return c <= 0;
    case GML_TOKEN_GTR: return c > 0;
    case GML_TOKEN_GEQ: return c >= 0;
    default:            return FALSE;
    }
}

gboolean
gml_const_equal (const GmlConst *x,
                 const GmlConst *y)
{
  if (x->kind != y->kind
      && !(x->kind != GML_CONST_STRING && x->kind != GML_CONST_BOOL
           && y->kind != GML_CONST_STRING && y->kind != GML_CONST_BOOL))
    return FALSE;
  return cmp3 (x, y) == 0;
}

/* ------------------------------------------------------------------ */
/* Representability                                                    */

gboolean
gml_const_is_integral (const GmlConst *x)
{
  if (x->kind == GML_CONST_INT)
    return !x->overflow;
  if (x->kind == GML_CONST_FLOAT && x->exact)
    return x->den == 1;
  if (x->kind == GML_CONST_FLOAT)
    return isfinite (x->v.f) && floorl (x->v.f) == x->v.f
           && fabsl (x->v.f) < 1.7e38L;
  return FALSE;
}

static void
int_range (GmlTypeKind  k,
           __int128    *lo,
           __int128    *hi)
{
  switch (k)
    {
    case GML_TYPE_INT8:    *lo = G_MININT8;  *hi = G_MAXINT8; break;
    case GML_TYPE_INT16:   *lo = G_MININT16; *hi = G_MAXINT16; break;
    case GML_TYPE_INT32:   *lo = G_MININT32; *hi = G_MAXINT32; break;
    case GML_TYPE_INT:
    case GML_TYPE_INT64:   *lo = G_MININT64; *hi = G_MAXINT64; break;
    case GML_TYPE_UINT8:   *lo = 0; *hi = G_MAXUINT8; break;
    case GML_TYPE_UINT16:  *lo = 0; *hi = G_MAXUINT16; break;
    case GML_TYPE_UINT32:  *lo = 0; *hi = G_MAXUINT32; break;
    case GML_TYPE_UINT:
    case GML_TYPE_UINT64:
    case GML_TYPE_UINTPTR: *lo = 0; *hi = G_MAXUINT64; break;
    default:               *lo = INT128_MIN; *hi = INT128_MAX; break;
    }
}

static GmlRepr
repr_integer (GmlArena       *arena,
              const GmlConst *x,
              GmlTypeKind     k,
              GmlConst      **out)
{
  __int128 v, lo, hi;

  if (x->kind == GML_CONST_FLOAT && x->exact)
    {
      if (x->den != 1)
        return GML_REPR_TRUNCATED;
      v = x->num;
    }
  else if (x->kind == GML_CONST_FLOAT)
    {
      if (!isfinite (x->v.f))
        return GML_REPR_OVERFLOWS;
      if (floorl (x->v.f) != x->v.f)
        return GML_REPR_TRUNCATED;
      if (fabsl (x->v.f) >= 1.7e38L)
        return GML_REPR_OVERFLOWS;
      v = (__int128) x->v.f;
    }
  else if (x->kind == GML_CONST_INT)
    {
      if (x->overflow)
        return GML_REPR_OVERFLOWS;
      v = x->v.i;
    }
  else
    return GML_REPR_MISMATCH;
  int_range (k, &lo, &hi);
  if (v < lo || v > hi)
    return GML_REPR_OVERFLOWS;
  if (out != NULL)
    *out = x->kind == GML_CONST_INT ? (GmlConst *) x : gml_const_new_int (arena, v);
  return GML_REPR_OK;
}

static GmlRepr
repr_float (GmlArena       *arena,
            const GmlConst *x,
            GmlTypeKind     k,
            GmlConst      **out)
{
  long double v;

  if (x->kind != GML_CONST_INT && x->kind != GML_CONST_FLOAT)
    return GML_REPR_MISMATCH;
  if (x->overflow)
    return GML_REPR_OVERFLOWS;
  v = to_float (x);
  if (k == GML_TYPE_FLOAT32)
    v = (float) v;
  else if (k == GML_TYPE_FLOAT64)
    v = (double) v;
  if (isinf (v))
    return GML_REPR_OVERFLOWS;
  if (out == NULL)
    return GML_REPR_OK;
  {
    __int128 n, d;
    gboolean keep = rational (x, &n, &d) && (k == GML_TYPE_UNTYPED_FLOAT
                                             || (d == 1 && n > -((__int128) 1 << 24) && n < ((__int128) 1 << 24)));

    *out = keep ? new_rational (arena, n, d) : gml_const_new_float (arena, v);
  }
  return GML_REPR_OK;
}

GmlRepr
gml_const_representable (GmlArena       *arena,
                         const GmlConst *x,
                         GmlType        *t,
                         GmlConst      **out)
{
  GmlTypeKind k = gml_type_underlying (t)->kind;

  if (out != NULL)
    *out = (GmlConst *) x;
  switch (k)
    {
    case GML_TYPE_INT: case GML_TYPE_INT8: case GML_TYPE_INT16:
    case GML_TYPE_INT32: case GML_TYPE_INT64: case GML_TYPE_UINT:
    case GML_TYPE_UINT8: case GML_TYPE_UINT16: case GML_TYPE_UINT32:
    case GML_TYPE_UINT64: case GML_TYPE_UINTPTR:
    case GML_TYPE_UNTYPED_INT: case GML_TYPE_UNTYPED_RUNE:
      return repr_integer (arena, x, k, out);
    case GML_TYPE_FLOAT32: case GML_TYPE_FLOAT64: case GML_TYPE_UNTYPED_FLOAT:
      return repr_float (arena, x, k, out);
    case GML_TYPE_STRING: case GML_TYPE_UNTYPED_STRING:
      return x->kind == GML_CONST_STRING ? GML_REPR_OK : GML_REPR_MISMATCH;
    case GML_TYPE_BOOL: case GML_TYPE_UNTYPED_BOOL:
      return x->kind == GML_CONST_BOOL ? GML_REPR_OK : GML_REPR_MISMATCH;
    default:
      return GML_REPR_MISMATCH;
    }
}

/* ------------------------------------------------------------------ */
/* Accessors and formatting                                            */

gboolean
gml_const_to_int64 (const GmlConst *x,
                    gint64         *out)
{
  __int128 v;

  if (!gml_const_is_integral (x))
    return FALSE;
  v = x->kind == GML_CONST_INT ? x->v.i : x->exact ? x->num : (__int128) x->v.f;
  if (v < G_MININT64 || v > G_MAXINT64)
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

gboolean
gml_const_is_zero (const GmlConst *x)
{
  return (x->kind == GML_CONST_INT && x->v.i == 0 && !x->overflow)
         || (x->kind == GML_CONST_FLOAT && (x->exact ? x->num == 0 : x->v.f == 0));
}

gboolean
gml_const_is_negative (const GmlConst *x)
{
  return (x->kind == GML_CONST_INT && x->v.i < 0)
         || (x->kind == GML_CONST_FLOAT && (x->exact ? x->num < 0 : x->v.f < 0));
}

char *
gml_int128_format (__int128 v)
{
  char buf[48];
  int i = sizeof buf - 1;
  unsigned __int128 u = v < 0 ? -(unsigned __int128) v : (unsigned __int128) v;

  buf[i] = '\0';
  do
    {
      buf[--i] = (char) ('0' + (int) (u % 10));
      u /= 10;
    }
  while (u != 0);
  if (v < 0)
    buf[--i] = '-';
  return g_strdup (buf + i);
}

/* Go's %g: the shortest decimal that reads back as the same float64. */
static char *
shortest_g (double f)
{
  for (int prec = 1; prec < 17; prec++)
    {
      char *s = g_strdup_printf ("%.*g", prec, f);

      if (strtod (s, NULL) == f)
        return s;
      g_free (s);
    }
  return g_strdup_printf ("%.17g", f);
}

static char *
format_float (long double f)
{
  double d = (double) f;
  char *s;

  if (isinf (d) || (d == 0) != (f == 0))
    return g_strdup_printf ("%.6Lg", f);
  s = g_strdup_printf ("%.6g", d);
  if (floorl (f) != f && strchr (s, '.') == NULL)
    {
      g_free (s);
      s = shortest_g (d);
    }
  return s;
}

/* strconv.Quote for the messages: escapes quotes, backslashes and control
 * characters, keeps valid UTF-8. */
static void
quote_into (GString    *out,
            const char *s,
            gsize       len)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = (guint8) s[i];

      if (c >= 0x80)
        {
          gunichar r = g_utf8_get_char_validated (s + i, len - i);

          if (r == (gunichar) -1 || r == (gunichar) -2)
            g_string_append_printf (out, "\\x%02x", c);
          else
            {
              gsize w = g_utf8_skip[c];

              g_string_append_len (out, s + i, w);
              i += w - 1;
            }
          continue;
        }
      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\x%02x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static char *
format_string (const GmlConst *x)
{
  const gsize max_len = 72;
  GString *q = g_string_new (NULL);

  quote_into (q, x->v.s.data, x->v.s.len);
  if (g_utf8_validate (q->str, q->len, NULL) && g_utf8_strlen (q->str, q->len) > (glong) max_len)
    {
      const char *cut = g_utf8_offset_to_pointer (q->str, max_len - 3);

      g_string_truncate (q, cut - q->str);
      g_string_append (q, "...");
    }
  return g_string_free (q, FALSE);
}

char *
gml_const_format (const GmlConst *x)
{
  switch (x->kind)
    {
    case GML_CONST_BOOL:   return g_strdup (x->v.b ? "true" : "false");
    case GML_CONST_STRING: return format_string (x);
    case GML_CONST_INT:    return gml_int128_format (x->v.i);
    case GML_CONST_FLOAT:  return format_float (x->v.f);
    default:               return g_strdup ("?");
    }
}
