/* gml-strconv.c: Go's strconv number formatting and quoting, and
 * unicode/utf8, byte for byte as Go 1.19.
 *
 * Floats are converted the way strconv's exact path (bigFtoa) does it: the
 * binary value is expanded into a multiprecision decimal, which is then
 * rounded either to the requested number of digits (round half to even on
 * the exact value) or to the shortest digit string that still reads back
 * as the same float.  Go's Ryu fast paths produce the same digits (Go's
 * own tests check that), so this is exact and much simpler; the cost is a
 * few microseconds per conversion, which nothing in the simulator notices.
 */
#include "gml-fmt-private.h"

#include <string.h>

#include "gml-isprint-table.h"

static const char lowerhex[] = "0123456789abcdef";
static const char upperhex[] = "0123456789ABCDEF";

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */

gboolean
gml_utf8_valid_rune (gint32 r)
{
  return (r >= 0 && r < 0xD800) || (r > 0xDFFF && r <= GML_UTF8_MAX_RUNE);
}

guint
gml_utf8_encode (gint32  r,
                 char   *buf)
{
  guint32 u = (guint32) r;

  if (u < 0x80)
    {
      buf[0] = (char) u;
      return 1;
    }
  if (u < 0x800)
    {
      buf[0] = (char) (0xC0 | (u >> 6));
      buf[1] = (char) (0x80 | (u & 0x3F));
      return 2;
    }
  if (!gml_utf8_valid_rune (r))
    u = GML_UTF8_RUNE_ERROR;
  if (u < 0x10000)
    {
      buf[0] = (char) (0xE0 | (u >> 12));
      buf[1] = (char) (0x80 | ((u >> 6) & 0x3F));
      buf[2] = (char) (0x80 | (u & 0x3F));
      return 3;
    }
  buf[0] = (char) (0xF0 | (u >> 18));
  buf[1] = (char) (0x80 | ((u >> 12) & 0x3F));
  buf[2] = (char) (0x80 | ((u >> 6) & 0x3F));
  buf[3] = (char) (0x80 | (u & 0x3F));
  return 4;
}

void
gml_utf8_append (GString *out,
                 gint32   r)
{
  char buf[4];

  g_string_append_len (out, buf, gml_utf8_encode (r, buf));
}

/* The valid range of the second byte depends on the first one: this is
 * what rejects overlong forms, surrogates and runes above U+10FFFF. */
static gboolean
second_byte_ok (guint8 b0,
                guint8 b1)
{
  switch (b0)
    {
    case 0xE0: return b1 >= 0xA0 && b1 <= 0xBF;
    case 0xED: return b1 >= 0x80 && b1 <= 0x9F;
    case 0xF0: return b1 >= 0x90 && b1 <= 0xBF;
    case 0xF4: return b1 >= 0x80 && b1 <= 0x8F;
    default:   return b1 >= 0x80 && b1 <= 0xBF;
    }
}

static gboolean
is_continuation (guint8 b)
{
  return (b & 0xC0) == 0x80;
}

gint32
gml_utf8_decode (const guint8 *s,
                 gsize         len,
                 gsize        *width)
{
  guint8 b0;
  gsize n;
  gint32 r;

  *width = len == 0 ? 0 : 1;
  if (len == 0)
    return GML_UTF8_RUNE_ERROR;
  b0 = s[0];
  if (b0 < 0x80)
    return b0;
  if (b0 >= 0xC2 && b0 <= 0xDF)
    n = 2, r = b0 & 0x1F;
  else if (b0 >= 0xE0 && b0 <= 0xEF)
    n = 3, r = b0 & 0x0F;
  else if (b0 >= 0xF0 && b0 <= 0xF4)
    n = 4, r = b0 & 0x07;
  else
    return GML_UTF8_RUNE_ERROR;
  if (len < n || !second_byte_ok (b0, s[1]))
    return GML_UTF8_RUNE_ERROR;
  for (gsize i = 1; i < n; i++)
    {
      if (!is_continuation (s[i]))
        return GML_UTF8_RUNE_ERROR;
      r = (r << 6) | (s[i] & 0x3F);
    }
  *width = n;
  return r;
}

gsize
gml_utf8_rune_count (const char *s,
                     gsize       len)
{
  gsize count = 0;

  for (gsize i = 0; i < len; count++)
    {
      gsize w = 1;

      if ((guint8) s[i] >= GML_UTF8_RUNE_SELF)
        gml_utf8_decode ((const guint8 *) s + i, len - i, &w);
      i += w;
    }
  return count;
}

/* ------------------------------------------------------------------ */
/* IsPrint and quoting                                                 */

gboolean
gml_unicode_is_print (gint32 r)
{
  gsize lo = 0, hi;

  if (r < 0 || r > GML_UTF8_MAX_RUNE)
    return FALSE;
  if (r < 0x10000)
    {
      hi = G_N_ELEMENTS (gml_isprint16);
      while (lo < hi)
        {
          gsize mid = lo + (hi - lo) / 2;

          if ((guint32) r > gml_isprint16[mid][1])
            lo = mid + 1;
          else
            hi = mid;
        }
      return lo < G_N_ELEMENTS (gml_isprint16) && (guint32) r >= gml_isprint16[lo][0];
    }
  hi = G_N_ELEMENTS (gml_isprint32);
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if ((guint32) r > gml_isprint32[mid][1])
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < G_N_ELEMENTS (gml_isprint32) && (guint32) r >= gml_isprint32[lo][0];
}

gboolean
gml_can_backquote (const char *s,
                   gsize       len)
{
  for (gsize i = 0; i < len;)
    {
      gsize w;
      gint32 r = gml_utf8_decode ((const guint8 *) s + i, len - i, &w);

      i += w;
      if (w > 1)
        {
          /* BOMs are invisible and should not be quoted. */
          if (r == 0xFEFF)
            return FALSE;
          continue;
        }
      if (r == GML_UTF8_RUNE_ERROR)
        return FALSE;
      if ((r < ' ' && r != '\t') || r == '`' || r == 0x7F)
        return FALSE;
    }
  return TRUE;
}

static void
append_hex_digits (GString *out,
                   guint32  v,
                   int      n_digits)
{
  for (int shift = (n_digits - 1) * 4; shift >= 0; shift -= 4)
    g_string_append_c (out, lowerhex[(v >> shift) & 0xF]);
}

/* The letter of a single-character escape (\a \b \f \n \r \t \v), or 0. */
static char
simple_escape (gint32 r)
{
  switch (r)
    {
    case '\a': return 'a';
    case '\b': return 'b';
    case '\f': return 'f';
    case '\n': return 'n';
    case '\r': return 'r';
    case '\t': return 't';
    case '\v': return 'v';
    default:   return 0;
    }
}

/* strconv.appendEscapedRune (graphicOnly is never used by fmt). */
static void
append_escaped_rune (GString  *out,
                     gint32    r,
                     char      quote,
                     gboolean  ascii_only)
{
  char letter;

  if (r == quote || r == '\\')
    {
      g_string_append_c (out, '\\');
      g_string_append_c (out, (char) r);
      return;
    }
  if (ascii_only ? (r < GML_UTF8_RUNE_SELF && gml_unicode_is_print (r))
                 : gml_unicode_is_print (r))
    {
      gml_utf8_append (out, r);
      return;
    }
  letter = simple_escape (r);
  if (letter != 0)
    {
      g_string_append_c (out, '\\');
      g_string_append_c (out, letter);
    }
  else if (r >= 0 && (r < ' ' || r == 0x7F))
    {
      g_string_append (out, "\\x");
      append_hex_digits (out, (guint32) r, 2);
    }
  else if (!gml_utf8_valid_rune (r) || r < 0x10000)
    {
      g_string_append (out, "\\u");
      append_hex_digits (out, gml_utf8_valid_rune (r) ? (guint32) r : GML_UTF8_RUNE_ERROR, 4);
    }
  else
    {
      g_string_append (out, "\\U");
      append_hex_digits (out, (guint32) r, 8);
    }
}

void
gml_quote_string (GString    *out,
                  const char *s,
                  gsize       len,
                  gboolean    ascii_only)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len;)
    {
      gsize w = 1;
      gint32 r = (guint8) s[i];

      if (r >= GML_UTF8_RUNE_SELF)
        r = gml_utf8_decode ((const guint8 *) s + i, len - i, &w);
      if (w == 1 && r == GML_UTF8_RUNE_ERROR)
        {
          /* An invalid byte is shown as itself, not as U+FFFD. */
          g_string_append (out, "\\x");
          append_hex_digits (out, (guint8) s[i], 2);
        }
      else
        append_escaped_rune (out, r, '"', ascii_only);
      i += w;
    }
  g_string_append_c (out, '"');
}

void
gml_quote_rune (GString  *out,
                gint32    r,
                gboolean  ascii_only)
{
  if (!gml_utf8_valid_rune (r))
    r = GML_UTF8_RUNE_ERROR;
  g_string_append_c (out, '\'');
  append_escaped_rune (out, r, '\'', ascii_only);
  g_string_append_c (out, '\'');
}

/* ------------------------------------------------------------------ */
/* Integers                                                            */

void
gml_format_uint (GString *out,
                 guint64  v,
                 int      base)
{
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  char buf[65];
  int i = sizeof buf;

  if (base < 2 || base > 36)
    base = 10;
  do
    {
      buf[--i] = digits[v % (guint) base];
      v /= (guint) base;
    }
  while (v > 0);
  g_string_append_len (out, buf + i, (gssize) sizeof buf - i);
}

void
gml_format_int (GString *out,
                gint64   v,
                int      base)
{
  if (v < 0)
    {
      g_string_append_c (out, '-');
      gml_format_uint (out, -(guint64) v, base);
    }
  else
    gml_format_uint (out, (guint64) v, base);
}

/* ------------------------------------------------------------------ */
/* Multiprecision decimal (strconv/decimal.go)                         */

/* 800 digits hold every float64 exactly: the longest, 2^-1074, has 751
 * significant digits.  Longer results (only reachable by bigger shifts)
 * set `trunc`, which rounding takes into account. */
#define DECIMAL_DIGITS 800
#define MAX_SHIFT 60    /* we must be able to hold 9 << k in 64 bits */

typedef struct
{
  char     d[DECIMAL_DIGITS];  /* ASCII digits, most significant first */
  int      nd;                 /* number of digits used */
  int      dp;                 /* decimal point position */
  gboolean trunc;              /* nonzero digits were discarded beyond d[nd] */
} Decimal;

static void
decimal_trim (Decimal *a)
{
  while (a->nd > 0 && a->d[a->nd - 1] == '0')
    a->nd--;
  if (a->nd == 0)
    a->dp = 0;
}

static void
decimal_assign (Decimal *a,
                guint64  v)
{
  char buf[24];
  int n = 0;

  while (v > 0)
    {
      buf[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  a->nd = 0;
  a->trunc = FALSE;
  while (n > 0)
    a->d[a->nd++] = buf[--n];
  a->dp = a->nd;
  decimal_trim (a);
}

/* Divides by 2^k, k <= MAX_SHIFT. */
static void
decimal_right_shift (Decimal *a,
                     guint    k)
{
  int r = 0, w = 0;
  guint64 n = 0, mask = ((guint64) 1 << k) - 1;

  /* Pick up enough leading digits to cover the first shift. */
  for (; (n >> k) == 0; r++)
    {
      if (r >= a->nd)
        {
          if (n == 0)
            {
              a->nd = 0;
              return;
            }
          while ((n >> k) == 0)
            {
              n *= 10;
              r++;
            }
          break;
        }
      n = n * 10 + (guint64) (a->d[r] - '0');
    }
  a->dp -= r - 1;

  /* Pick up a digit, put down a digit. */
  for (; r < a->nd; r++)
    {
      guint64 c = (guint64) (a->d[r] - '0');

      a->d[w++] = (char) ('0' + (n >> k));
      n = (n & mask) * 10 + c;
    }

  /* Put down extra digits. */
  while (n > 0)
    {
      guint64 dig = n >> k;

      n &= mask;
      if (w < DECIMAL_DIGITS)
        a->d[w++] = (char) ('0' + dig);
      else if (dig > 0)
        a->trunc = TRUE;
      n *= 10;
    }
  a->nd = w;
  decimal_trim (a);
}

/* For a shift by k, the number of new digits is leftcheats[k].delta, minus
 * one when the digits are lexicographically below cutoff (= 5^k). */
typedef struct
{
  int         delta;
  const char *cutoff;
} LeftCheat;

static const LeftCheat leftcheats[] = {
  { 0, "" }, { 1, "5" }, { 1, "25" }, { 1, "125" }, { 2, "625" },
  { 2, "3125" }, { 2, "15625" }, { 3, "78125" }, { 3, "390625" },
  { 3, "1953125" }, { 4, "9765625" }, { 4, "48828125" },
  { 4, "244140625" }, { 4, "1220703125" }, { 5, "6103515625" },
  { 5, "30517578125" }, { 5, "152587890625" }, { 6, "762939453125" },
  { 6, "3814697265625" }, { 6, "19073486328125" },
  { 7, "95367431640625" }, { 7, "476837158203125" },
  { 7, "2384185791015625" }, { 7, "11920928955078125" },
  { 8, "59604644775390625" }, { 8, "298023223876953125" },
  { 8, "1490116119384765625" }, { 9, "7450580596923828125" },
  { 9, "37252902984619140625" }, { 9, "186264514923095703125" },
  { 10, "931322574615478515625" }, { 10, "4656612873077392578125" },
  { 10, "23283064365386962890625" }, { 10, "116415321826934814453125" },
  { 11, "582076609134674072265625" }, { 11, "2910383045673370361328125" },
  { 11, "14551915228366851806640625" }, { 12, "72759576141834259033203125" },
  { 12, "363797880709171295166015625" }, { 12, "1818989403545856475830078125" },
  { 13, "9094947017729282379150390625" }, { 13, "45474735088646411895751953125" },
  { 13, "227373675443232059478759765625" }, { 13, "1136868377216160297393798828125" },
  { 14, "5684341886080801486968994140625" }, { 14, "28421709430404007434844970703125" },
  { 14, "142108547152020037174224853515625" }, { 15, "710542735760100185871124267578125" },
  { 15, "3552713678800500929355621337890625" }, { 15, "17763568394002504646778106689453125" },
  { 16, "88817841970012523233890533447265625" }, { 16, "444089209850062616169452667236328125" },
  { 16, "2220446049250313080847263336181640625" }, { 16, "11102230246251565404236316680908203125" },
  { 17, "55511151231257827021181583404541015625" }, { 17, "277555756156289135105907917022705078125" },
  { 17, "1387778780781445675529539585113525390625" }, { 18, "6938893903907228377647697925567626953125" },
  { 18, "34694469519536141888238489627838134765625" }, { 18, "173472347597680709441192448139190673828125" },
  { 19, "867361737988403547205962240695953369140625" },
};

static gboolean
prefix_is_less_than (const Decimal *a,
                     const char    *s)
{
  for (int i = 0; s[i] != '\0'; i++)
    {
      if (i >= a->nd)
        return TRUE;
      if (a->d[i] != s[i])
        return a->d[i] < s[i];
    }
  return FALSE;
}

static void
put_digit (Decimal *a,
           int      w,
           guint64  digit)
{
  if (w < DECIMAL_DIGITS)
    a->d[w] = (char) ('0' + digit);
  else if (digit != 0)
    a->trunc = TRUE;
}

/* Multiplies by 2^k, k <= MAX_SHIFT. */
static void
decimal_left_shift (Decimal *a,
                    guint    k)
{
  int delta = leftcheats[k].delta;
  int w;
  guint64 n = 0;

  if (prefix_is_less_than (a, leftcheats[k].cutoff))
    delta--;
  w = a->nd + delta;
  for (int r = a->nd - 1; r >= 0; r--)
    {
      n += (guint64) (a->d[r] - '0') << k;
      put_digit (a, --w, n % 10);
      n /= 10;
    }
  while (n > 0)
    {
      put_digit (a, --w, n % 10);
      n /= 10;
    }
  a->nd = MIN (a->nd + delta, DECIMAL_DIGITS);
  a->dp += delta;
  decimal_trim (a);
}

static void
decimal_shift (Decimal *a,
               int      k)
{
  if (a->nd == 0)
    return;
  for (; k > MAX_SHIFT; k -= MAX_SHIFT)
    decimal_left_shift (a, MAX_SHIFT);
  for (; k < -MAX_SHIFT; k += MAX_SHIFT)
    decimal_right_shift (a, MAX_SHIFT);
  if (k > 0)
    decimal_left_shift (a, (guint) k);
  else if (k < 0)
    decimal_right_shift (a, (guint) -k);
}

static gboolean
should_round_up (const Decimal *a,
                 int            nd)
{
  if (nd < 0 || nd >= a->nd)
    return FALSE;
  /* Exactly halfway: round to even, unless digits were truncated (then
   * the true value is a little above half). */
  if (a->d[nd] == '5' && nd + 1 == a->nd)
    return a->trunc || (nd > 0 && (a->d[nd - 1] - '0') % 2 != 0);
  return a->d[nd] >= '5';
}

static void
decimal_round_down (Decimal *a,
                    int      nd)
{
  if (nd < 0 || nd >= a->nd)
    return;
  a->nd = nd;
  decimal_trim (a);
}

static void
decimal_round_up (Decimal *a,
                  int      nd)
{
  if (nd < 0 || nd >= a->nd)
    return;
  for (int i = nd - 1; i >= 0; i--)
    if (a->d[i] < '9')
      {
        a->d[i]++;
        a->nd = i + 1;
        return;
      }
  /* All nines: the result is a single 1, one decimal place up. */
  a->d[0] = '1';
  a->nd = 1;
  a->dp++;
}

static void
decimal_round (Decimal *a,
               int      nd)
{
  if (nd < 0 || nd >= a->nd)
    return;
  if (should_round_up (a, nd))
    decimal_round_up (a, nd);
  else
    decimal_round_down (a, nd);
}

/* ------------------------------------------------------------------ */
/* Floats (strconv/ftoa.go)                                            */

typedef struct
{
  guint mantbits;
  guint expbits;
  int   bias;
} FloatInfo;

static const FloatInfo float32info = { 23, 8, -127 };
static const FloatInfo float64info = { 52, 11, -1023 };

/* The neighbours of d = mant * 2^(exp - mantbits), as decimals: halfway to
 * the next float up and halfway to the next float down. */
static void
shortest_bounds (guint64          mant,
                 int              exp,
                 const FloatInfo *flt,
                 Decimal         *upper,
                 Decimal         *lower)
{
  int minexp = flt->bias + 1;
  guint64 mantlo;
  int explo;

  decimal_assign (upper, mant * 2 + 1);
  decimal_shift (upper, exp - (int) flt->mantbits - 1);
  /* Below a power of two the next float down is half as far away. */
  if (mant > ((guint64) 1 << flt->mantbits) || exp == minexp)
    {
      mantlo = mant - 1;
      explo = exp;
    }
  else
    {
      mantlo = mant * 2 - 1;
      explo = exp - 1;
    }
  decimal_assign (lower, mantlo * 2 + 1);
  decimal_shift (lower, explo - (int) flt->mantbits - 1);
}

/* Rounds d (= mant * 2^(exp - mantbits)) to the shortest digit string
 * that lies strictly (or, for even mantissas, inclusively) between the
 * halfway points to the neighbouring floats: roundShortest. */
static void
round_shortest (Decimal         *d,
                guint64          mant,
                int              exp,
                const FloatInfo *flt)
{
  Decimal upper, lower;
  gboolean inclusive;
  int upperdelta = 0;

  if (mant == 0)
    {
      d->nd = 0;
      return;
    }
  /* Already shortest when 10^(dp-nd) > 2^(exp-mantbits), i.e. when the
   * next shorter number is farther away than the bounds. */
  if (exp > flt->bias + 1 && 332 * (d->dp - d->nd) >= 100 * (exp - (int) flt->mantbits))
    return;

  shortest_bounds (mant, exp, flt, &upper, &lower);
  inclusive = mant % 2 == 0;

  for (int ui = 0;; ui++)
    {
      int mi = ui - upper.dp + d->dp;
      int li = ui - upper.dp + lower.dp;
      char l = '0', m = '0', u = '0';
      gboolean okdown, okup;

      if (mi >= d->nd)
        break;
      if (li >= 0 && li < lower.nd)
        l = lower.d[li];
      if (mi >= 0)
        m = d->d[mi];
      if (ui < upper.nd)
        u = upper.d[ui];

      okdown = l != m || (inclusive && li + 1 == lower.nd);

      /* upperdelta: 0 while d and upper agree, 1 after a difference of
       * exactly one followed by 9s/0s, 2 once rounding up is safe. */
      if (upperdelta == 0 && m + 1 < u)
        upperdelta = 2;
      else if (upperdelta == 0 && m != u)
        upperdelta = 1;
      else if (upperdelta == 1 && (m != '9' || u != '0'))
        upperdelta = 2;
      okup = upperdelta > 0 && (inclusive || upperdelta > 1 || ui + 1 < upper.nd);

      if (okdown && okup)
        {
          decimal_round (d, mi + 1);
          return;
        }
      if (okdown)
        {
          decimal_round_down (d, mi + 1);
          return;
        }
      if (okup)
        {
          decimal_round_up (d, mi + 1);
          return;
        }
    }
}

static void
append_exponent_digits (GString *out,
                        int      exp,
                        int      min_digits)
{
  char buf[12];
  int i = sizeof buf;

  do
    {
      buf[--i] = (char) ('0' + exp % 10);
      exp /= 10;
      min_digits--;
    }
  while (exp > 0 || min_digits > 0);
  g_string_append_len (out, buf + i, (gssize) sizeof buf - i);
}

/* %e: -d.ddddde±dd */
static void
fmt_e (GString       *out,
       gboolean       neg,
       const Decimal *d,
       int            prec,
       char           fmt)
{
  int exp;

  if (neg)
    g_string_append_c (out, '-');
  g_string_append_c (out, d->nd != 0 ? d->d[0] : '0');
  if (prec > 0)
    {
      int i = 1, m = MIN (d->nd, prec + 1);

      g_string_append_c (out, '.');
      if (i < m)
        {
          g_string_append_len (out, d->d + i, m - i);
          i = m;
        }
      for (; i <= prec; i++)
        g_string_append_c (out, '0');
    }
  g_string_append_c (out, fmt);
  exp = d->nd == 0 ? 0 : d->dp - 1;   /* 0 has exponent 0 */
  g_string_append_c (out, exp < 0 ? '-' : '+');
  append_exponent_digits (out, ABS (exp), 2);
}

/* %f: -ddddddd.ddddd */
static void
fmt_f (GString       *out,
       gboolean       neg,
       const Decimal *d,
       int            prec)
{
  if (neg)
    g_string_append_c (out, '-');
  if (d->dp > 0)
    {
      int m = MIN (d->nd, d->dp);

      g_string_append_len (out, d->d, m);
      for (; m < d->dp; m++)
        g_string_append_c (out, '0');
    }
  else
    g_string_append_c (out, '0');
  if (prec > 0)
    {
      g_string_append_c (out, '.');
      for (int i = 0; i < prec; i++)
        {
          int j = d->dp + i;

          g_string_append_c (out, j >= 0 && j < d->nd ? d->d[j] : '0');
        }
    }
}

/* %b: -ddddddddp±ddd */
static void
fmt_b (GString         *out,
       gboolean         neg,
       guint64          mant,
       int              exp,
       const FloatInfo *flt)
{
  if (neg)
    g_string_append_c (out, '-');
  gml_format_uint (out, mant, 10);
  g_string_append_c (out, 'p');
  exp -= (int) flt->mantbits;
  if (exp >= 0)
    g_string_append_c (out, '+');
  gml_format_int (out, exp, 10);
}

/* %x: -0x1.yyyyyyyyp±ddd or -0x0p+0 */
static void
fmt_x (GString         *out,
       int              prec,
       char             fmt,
       gboolean         neg,
       guint64          mant,
       int              exp,
       const FloatInfo *flt)
{
  const char *hex = fmt == 'X' ? upperhex : lowerhex;

  if (mant == 0)
    exp = 0;
  /* Shift digits so the leading 1 (if any) is at bit 60. */
  mant <<= 60 - flt->mantbits;
  while (mant != 0 && (mant & ((guint64) 1 << 60)) == 0)
    {
      mant <<= 1;
      exp--;
    }
  if (prec >= 0 && prec < 15)
    {
      guint shift = (guint) prec * 4;
      guint64 extra = (mant << shift) & (((guint64) 1 << 60) - 1);

      mant >>= 60 - shift;
      if ((extra | (mant & 1)) > ((guint64) 1 << 59))
        mant++;
      mant <<= 60 - shift;
      if (mant & ((guint64) 1 << 61))
        {
          /* Rounding carried into a new leading digit. */
          mant >>= 1;
          exp++;
        }
    }
  if (neg)
    g_string_append_c (out, '-');
  g_string_append_c (out, '0');
  g_string_append_c (out, fmt);
  g_string_append_c (out, (char) ('0' + ((mant >> 60) & 1)));
  mant <<= 4;  /* drop the leading 0 or 1 */
  if (prec < 0 && mant != 0)
    {
      g_string_append_c (out, '.');
      for (; mant != 0; mant <<= 4)
        g_string_append_c (out, hex[(mant >> 60) & 15]);
    }
  else if (prec > 0)
    {
      g_string_append_c (out, '.');
      for (int i = 0; i < prec; i++, mant <<= 4)
        g_string_append_c (out, hex[(mant >> 60) & 15]);
    }
  g_string_append_c (out, fmt == 'X' ? 'P' : 'p');
  g_string_append_c (out, exp < 0 ? '-' : '+');
  append_exponent_digits (out, ABS (exp), 2);
}

/* formatDigits: lays out rounded digits for 'e', 'f', 'g'. */
static void
format_digits (GString       *out,
               gboolean       shortest,
               gboolean       neg,
               const Decimal *d,
               int            prec,
               char           fmt)
{
  int eprec, exp;

  switch (fmt)
    {
    case 'e':
    case 'E':
      fmt_e (out, neg, d, prec, fmt);
      return;
    case 'f':
      fmt_f (out, neg, d, prec);
      return;
    case 'g':
    case 'G':
      /* Trailing fractional zeros in 'e' form will be trimmed. */
      eprec = prec;
      if (eprec > d->nd && d->nd >= d->dp)
        eprec = d->nd;
      /* %e is used if the exponent is below -4 or at least the precision;
       * for the shortest form the precision used for this is 6. */
      if (shortest)
        eprec = 6;
      exp = d->dp - 1;
      if (exp < -4 || exp >= eprec)
        {
          fmt_e (out, neg, d, MIN (prec, d->nd) - 1, (char) (fmt + 'e' - 'g'));
          return;
        }
      fmt_f (out, neg, d, MAX ((prec > d->dp ? d->nd : prec) - d->dp, 0));
      return;
    default:
      g_string_append_c (out, '%');
      g_string_append_c (out, fmt);
    }
}

static void
big_ftoa (GString         *out,
          int              prec,
          char             fmt,
          gboolean         neg,
          guint64          mant,
          int              exp,
          const FloatInfo *flt)
{
  Decimal d;
  gboolean shortest = prec < 0;

  decimal_assign (&d, mant);
  decimal_shift (&d, exp - (int) flt->mantbits);
  if (shortest)
    {
      round_shortest (&d, mant, exp, flt);
      if (fmt == 'e' || fmt == 'E')
        prec = MAX (d.nd - 1, 0);
      else if (fmt == 'f')
        prec = MAX (d.nd - d.dp, 0);
      else if (fmt == 'g' || fmt == 'G')
        prec = d.nd;
    }
  else if (fmt == 'e' || fmt == 'E')
    decimal_round (&d, prec + 1);
  else if (fmt == 'f')
    decimal_round (&d, d.dp + prec);
  else if (fmt == 'g' || fmt == 'G')
    {
      if (prec == 0)
        prec = 1;
      decimal_round (&d, prec);
    }
  format_digits (out, shortest, neg, &d, prec, fmt);
}

void
gml_format_float (GString *out,
                  double   f,
                  char     fmt,
                  int      prec,
                  int      bitsize)
{
  const FloatInfo *flt = bitsize == 32 ? &float32info : &float64info;
  guint64 bits, mant;
  gboolean neg;
  int exp;

  if (bitsize == 32)
    {
      float f32 = (float) f;
      guint32 b32;

      memcpy (&b32, &f32, sizeof b32);
      bits = b32;
    }
  else
    memcpy (&bits, &f, sizeof bits);

  neg = (bits >> (flt->expbits + flt->mantbits)) != 0;
  exp = (int) (bits >> flt->mantbits) & ((1 << flt->expbits) - 1);
  mant = bits & (((guint64) 1 << flt->mantbits) - 1);

  if (exp == (1 << flt->expbits) - 1)
    {
      g_string_append (out, mant != 0 ? "NaN" : neg ? "-Inf" : "+Inf");
      return;
    }
  if (exp == 0)
    exp++;                                    /* denormalized */
  else
    mant |= (guint64) 1 << flt->mantbits;     /* implicit top bit */
  exp += flt->bias;

  if (fmt == 'b')
    fmt_b (out, neg, mant, exp, flt);
  else if (fmt == 'x' || fmt == 'X')
    fmt_x (out, prec, fmt, neg, mant, exp, flt);
  else
    big_ftoa (out, prec, fmt, neg, mant, exp, flt);
}
