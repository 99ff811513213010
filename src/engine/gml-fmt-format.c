/* gml-fmt-format.c: fmt's format.go, the formatting of one basic value
 * (integer, float, string, rune, bool) under flags, width and precision.
 *
 * Each function mirrors the Go function of the same name; where Go's
 * behaviour looks odd (zero padding of strings, '#' counting the x of
 * "0x" as a digit) it is kept on purpose: the output must be Go's.
 */
#include "gml-fmt-private.h"

#include <string.h>

static const char ldigits[] = "0123456789abcdefx";
static const char udigits[] = "0123456789ABCDEFX";

void
gml_fmt_clear_flags (GmlFmtState *f)
{
  memset (&f->f, 0, sizeof f->f);
}

void
gml_fmt_write_padding (GmlFmtState *f,
                       int          n)
{
  gsize old_len = f->buf->len;

  if (n <= 0)
    return;
  /* GString has no "append n copies": grow once, then fill. */
  g_string_set_size (f->buf, old_len + (gsize) n);
  memset (f->buf->str + old_len, f->f.zero ? '0' : ' ', (gsize) n);
}

/* Appends s padded to the width, counting runes (not bytes) like Go. */
void
gml_fmt_pad (GmlFmtState *f,
             const char  *s,
             gsize        len)
{
  int width;

  if (!f->f.wid_present || f->wid == 0)
    {
      g_string_append_len (f->buf, s, (gssize) len);
      return;
    }
  width = f->wid - (int) MIN (gml_utf8_rune_count (s, len), (gsize) G_MAXINT);
  if (!f->f.minus)
    {
      gml_fmt_write_padding (f, width);
      g_string_append_len (f->buf, s, (gssize) len);
    }
  else
    {
      g_string_append_len (f->buf, s, (gssize) len);
      gml_fmt_write_padding (f, width);
    }
}

void
gml_fmt_pad_string (GmlFmtState *f,
                    const char  *s)
{
  gml_fmt_pad (f, s, strlen (s));
}

void
gml_fmt_boolean (GmlFmtState *f,
                 gboolean     v)
{
  gml_fmt_pad_string (f, v ? "true" : "false");
}

/* Pads with spaces even under the 0 flag (Go's fmtUnicode, fmtInteger). */
static void
pad_no_zero (GmlFmtState *f,
             const char  *s,
             gsize        len)
{
  gboolean old_zero = f->f.zero;

  f->f.zero = FALSE;
  gml_fmt_pad (f, s, len);
  f->f.zero = old_zero;
}

/* "U+0078", or with the # flag "U+0078 'x'". */
void
gml_fmt_unicode (GmlFmtState *f,
                 guint64      u)
{
  int prec = 4;
  gsize size = 68;
  g_autofree char *buf = NULL;
  gsize i;

  if (f->f.prec_present && f->prec > 4)
    {
      prec = f->prec;
      size = MAX (size, (gsize) prec + 2 + 2 + 4 + 1);
    }
  buf = g_malloc (size);
  i = size;

  if (f->f.sharp && u <= GML_UTF8_MAX_RUNE && gml_unicode_is_print ((gint32) u))
    {
      char enc[4];
      guint w = gml_utf8_encode ((gint32) u, enc);

      buf[--i] = '\'';
      i -= w;
      memcpy (buf + i, enc, w);
      buf[--i] = '\'';
      buf[--i] = ' ';
    }
  for (; u >= 16; u >>= 4, prec--)
    buf[--i] = udigits[u & 0xF];
  buf[--i] = udigits[u];
  prec--;
  for (; prec > 0; prec--)
    buf[--i] = '0';
  buf[--i] = '+';
  buf[--i] = 'U';
  pad_no_zero (f, buf + i, size - i);
}

/* Writes the digits of u in base right to left, ending at buf[*i]. */
static void
integer_digits (char       *buf,
                gsize      *i,
                guint64     u,
                int         base,
                const char *digits)
{
  for (; u >= (guint64) base; u /= (guint64) base)
    buf[--*i] = digits[u % (guint64) base];
  buf[--*i] = digits[u];
}

/* Adds the 0b / 0 / 0x prefix of the # flag, and 0o of %O. */
static void
integer_prefix (GmlFmtState *f,
                char        *buf,
                gsize       *i,
                int          base,
                gint32       verb,
                const char  *digits)
{
  if (f->f.sharp)
    {
      if (base == 2)
        {
          buf[--*i] = 'b';
          buf[--*i] = '0';
        }
      else if (base == 8 && buf[*i] != '0')
        buf[--*i] = '0';
      else if (base == 16)
        {
          buf[--*i] = digits[16];
          buf[--*i] = '0';
        }
    }
  if (verb == 'O')
    {
      buf[--*i] = 'o';
      buf[--*i] = '0';
    }
}

void
gml_fmt_integer (GmlFmtState *f,
                 guint64      u,
                 int          base,
                 gboolean     is_signed,
                 gint32       verb,
                 gboolean     upper)
{
  const char *digits = upper ? udigits : ldigits;
  gboolean negative = is_signed && (gint64) u < 0;
  gsize size = 68;
  g_autofree char *buf = NULL;
  gsize i;
  int prec = 0;

  if (negative)
    u = -u;
  if (f->f.wid_present || f->f.prec_present)
    size = MAX (size, 3 + (gsize) f->wid + (gsize) f->prec);
  buf = g_malloc (size);

  /* Two ways to ask for leading zeros: %.3d and %03d.  With both, the 0
   * flag is ignored and the padding is spaces. */
  if (f->f.prec_present)
    {
      prec = f->prec;
      /* Precision 0 and value 0 print nothing but the padding. */
      if (prec == 0 && u == 0)
        {
          gboolean old_zero = f->f.zero;

          f->f.zero = FALSE;
          gml_fmt_write_padding (f, f->wid);
          f->f.zero = old_zero;
          return;
        }
    }
  else if (f->f.zero && f->f.wid_present)
    {
      prec = f->wid;
      if (negative || f->f.plus || f->f.space)
        prec--;  /* leave room for the sign */
    }

  i = size;
  integer_digits (buf, &i, u, base, digits);
  while (i > 0 && prec > (int) (size - i))
    buf[--i] = '0';
  integer_prefix (f, buf, &i, base, verb, digits);
  if (negative)
    buf[--i] = '-';
  else if (f->f.plus)
    buf[--i] = '+';
  else if (f->f.space)
    buf[--i] = ' ';
  /* Zero padding was done above as precision, or is ignored. */
  pad_no_zero (f, buf + i, size - i);
}

/* The prefix of s that holds at most `prec` runes, if a precision is set. */
static gsize
truncated_len (GmlFmtState *f,
               const char  *s,
               gsize        len)
{
  int n;

  if (!f->f.prec_present)
    return len;
  n = f->prec;
  for (gsize i = 0; i < len;)
    {
      gsize w = 1;

      if (--n < 0)
        return i;
      if ((guint8) s[i] >= GML_UTF8_RUNE_SELF)
        gml_utf8_decode ((const guint8 *) s + i, len - i, &w);
      i += w;
    }
  return len;
}

void
gml_fmt_s (GmlFmtState *f,
           const char  *s,
           gsize        len)
{
  gml_fmt_pad (f, s, truncated_len (f, s, len));
}

/* The hex encoding of bytes: %x, % x, %#x, % #x (fmtSbx). */
void
gml_fmt_sbx (GmlFmtState *f,
             const char  *s,
             gsize        len,
             gboolean     upper)
{
  const char *digits = upper ? udigits : ldigits;
  gsize length = len, width;

  if (f->f.prec_present && (gsize) f->prec < length)
    length = (gsize) f->prec;
  if (length == 0)
    {
      if (f->f.wid_present)
        gml_fmt_write_padding (f, f->wid);
      return;
    }
  width = 2 * length;
  if (f->f.space)
    {
      if (f->f.sharp)
        width *= 2;   /* every byte gets its own 0x */
      width += length - 1;
    }
  else if (f->f.sharp)
    width += 2;

  if (f->f.wid_present && (gsize) f->wid > width && !f->f.minus)
    gml_fmt_write_padding (f, f->wid - (int) width);
  if (f->f.sharp)
    {
      g_string_append_c (f->buf, '0');
      g_string_append_c (f->buf, digits[16]);
    }
  for (gsize i = 0; i < length; i++)
    {
      guint8 c = (guint8) s[i];

      if (f->f.space && i > 0)
        {
          g_string_append_c (f->buf, ' ');
          if (f->f.sharp)
            {
              g_string_append_c (f->buf, '0');
              g_string_append_c (f->buf, digits[16]);
            }
        }
      g_string_append_c (f->buf, digits[c >> 4]);
      g_string_append_c (f->buf, digits[c & 0xF]);
    }
  if (f->f.wid_present && (gsize) f->wid > width && f->f.minus)
    gml_fmt_write_padding (f, f->wid - (int) width);
}

/* A double-quoted Go string, or with # a raw `string` when possible. */
void
gml_fmt_q (GmlFmtState *f,
           const char  *s,
           gsize        len)
{
  g_autoptr (GString) q = g_string_new (NULL);

  len = truncated_len (f, s, len);
  if (f->f.sharp && gml_can_backquote (s, len))
    {
      g_string_append_c (q, '`');
      g_string_append_len (q, s, (gssize) len);
      g_string_append_c (q, '`');
    }
  else
    gml_quote_string (q, s, len, f->f.plus);
  gml_fmt_pad (f, q->str, q->len);
}

/* Runes beyond Unicode print as U+FFFD. */
static gint32
rune_of (guint64 c)
{
  return c > GML_UTF8_MAX_RUNE ? GML_UTF8_RUNE_ERROR : (gint32) c;
}

void
gml_fmt_c (GmlFmtState *f,
           guint64      c)
{
  char buf[4];

  gml_fmt_pad (f, buf, gml_utf8_encode (rune_of (c), buf));
}

void
gml_fmt_qc (GmlFmtState *f,
            guint64      c)
{
  g_autoptr (GString) q = g_string_new (NULL);

  gml_quote_rune (q, rune_of (c), f->f.plus);
  gml_fmt_pad (f, q->str, q->len);
}

/* The # flag on floats: keep a decimal point and, for %g/%x, trailing
 * zeros up to the precision.  `num` starts with its sign. */
static void
float_sharp (GString *num,
             gint32   verb,
             int      prec)
{
  g_autoptr (GString) tail = g_string_new (NULL);
  gboolean has_point = FALSE, saw_nonzero = FALSE;
  int digits = 0;

  if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x')
    digits = prec == -1 ? 6 : prec;
  for (gsize i = 1; i < num->len; i++)
    {
      char c = num->str[i];

      if (c == '.')
        has_point = TRUE;
      else if (c == 'p' || c == 'P'
               || ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X'))
        {
          g_string_append (tail, num->str + i);
          g_string_truncate (num, i);
        }
      else
        {
          /* Counts significant digits (Go counts the x of 0x too). */
          if (c != '0')
            saw_nonzero = TRUE;
          if (saw_nonzero)
            digits--;
        }
    }
  if (!has_point)
    {
      /* A lone leading 0 counts once as a digit. */
      if (num->len == 2 && num->str[1] == '0')
        digits--;
      g_string_append_c (num, '.');
    }
  for (; digits > 0; digits--)
    g_string_append_c (num, '0');
  g_string_append_len (num, tail->str, (gssize) tail->len);
}

void
gml_fmt_float (GmlFmtState *f,
               double       v,
               int          size,
               gint32       verb,
               int          prec)
{
  g_autoptr (GString) num = g_string_new ("+");
  const char *s;

  if (f->f.prec_present)
    prec = f->prec;
  gml_format_float (num, v, (char) verb, prec, size);
  /* num is "+" followed by strconv's output; keep exactly one sign. */
  if (num->str[1] == '-' || num->str[1] == '+')
    g_string_erase (num, 0, 1);
  if (f->f.space && num->str[0] == '+' && !f->f.plus)
    num->str[0] = ' ';

  /* Infinities and NaN are not padded with zeros. */
  if (num->str[1] == 'I' || num->str[1] == 'N')
    {
      gboolean old_zero = f->f.zero;

      s = num->str;
      if (num->str[1] == 'N' && !f->f.space && !f->f.plus)
        s++;
      f->f.zero = FALSE;
      gml_fmt_pad (f, s, strlen (s));
      f->f.zero = old_zero;
      return;
    }
  if (f->f.sharp && verb != 'b')
    float_sharp (num, verb, prec);

  if (f->f.plus || num->str[0] != '+')
    {
      /* Zero padding goes between the sign and the digits. */
      if (f->f.zero && f->f.wid_present && f->wid > (int) num->len)
        {
          g_string_append_c (f->buf, num->str[0]);
          gml_fmt_write_padding (f, f->wid - (int) num->len);
          g_string_append_len (f->buf, num->str + 1, (gssize) num->len - 1);
          return;
        }
      gml_fmt_pad (f, num->str, num->len);
      return;
    }
  gml_fmt_pad (f, num->str + 1, num->len - 1);
}
