/* gml-fmt-runtime.c: the runtime's own printing (runtime/print.go and
 * runtime/error.go of Go 1.19): the print/println builtins and the value
 * part of "panic: VALUE".
 *
 * The runtime cannot use fmt, so its formats are cruder: floats always
 * as +d.dddddde±ddd with 7 digits computed in float64 arithmetic (not
 * correctly rounded: the same operations in the same order give the
 * same digits), pointers as bare hex.
 */
#include "gml-fmt-private.h"

#include <string.h>

static void
print_hex (GString *out,
           guint64  v)
{
  g_string_append_printf (out, "0x%" G_GINT64_MODIFIER "x", v);
}

/* printfloat: deliberately the same float64 operations as Go's. */
static void
print_float (GString *out,
             double   v)
{
  enum { N = 7 };
  char buf[N + 7];
  int e = 0;
  double h = 5.0;

  if (v != v)
    {
      g_string_append (out, "NaN");
      return;
    }
  if (v + v == v && v != 0)
    {
      g_string_append (out, v > 0 ? "+Inf" : "-Inf");
      return;
    }
  buf[0] = '+';
  if (v == 0)
    {
      if (1 / v < 0)
        buf[0] = '-';
    }
  else
    {
      if (v < 0)
        {
          v = -v;
          buf[0] = '-';
        }
      for (; v >= 10; e++)
        v /= 10;
      for (; v < 1; e--)
        v *= 10;
      for (int i = 0; i < N; i++)
        h /= 10;
      v += h;
      if (v >= 10)
        {
          e++;
          v /= 10;
        }
    }
  for (int i = 0; i < N; i++)
    {
      int s = (int) v;

      buf[i + 2] = (char) (s + '0');
      v -= s;
      v *= 10;
    }
  buf[1] = buf[2];
  buf[2] = '.';
  buf[N + 2] = 'e';
  buf[N + 3] = e < 0 ? '-' : '+';
  e = ABS (e);
  buf[N + 4] = (char) (e / 100 + '0');
  buf[N + 5] = (char) (e / 10 % 10 + '0');
  buf[N + 6] = (char) (e % 10 + '0');
  g_string_append_len (out, buf, sizeof buf);
}

static void
print_string_at (const GmlFmtHost *host,
                 GString          *out,
                 guint64           addr)
{
  gsize len;
  g_autofree char *s = gml_fmt_read_string (host, addr, &len);

  g_string_append_len (out, s, (gssize) len);
}

/* The scalar kinds print and printany share.  Returns FALSE for others. */
static gboolean
print_scalar (const GmlFmtHost *host,
              GString          *out,
              GmlType          *type,
              guint64           addr)
{
  GmlTypeKind k = gml_fmt_kind (type);
  gsize size = (gsize) MAX (gml_type_size (type), 0);

  if (k == GML_TYPE_BOOL)
    g_string_append (out, gml_fmt_read_uint (host, addr, 1) ? "true" : "false");
  else if (k >= GML_TYPE_INT && k <= GML_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, gml_fmt_read_int (host, addr, size));
  else if (k >= GML_TYPE_UINT && k <= GML_TYPE_UINTPTR)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, gml_fmt_read_uint (host, addr, size));
  else if (k == GML_TYPE_FLOAT32 || k == GML_TYPE_FLOAT64)
    print_float (out, gml_fmt_read_float (host, addr, size));
  else if (k == GML_TYPE_STRING)
    print_string_at (host, out, addr);
  else
    return FALSE;
  return TRUE;
}

void
gml_fmt_runtime_print (const GmlFmtHost *host,
                       GString          *out,
                       GmlType          *type,
                       guint64           addr)
{
  g_return_if_fail (host != NULL && out != NULL);

  if (type == NULL || gml_fmt_kind (type) == GML_TYPE_INVALID)
    {
      g_string_append (out, "nil");
      return;
    }
  if (print_scalar (host, out, type, addr))
    return;
  switch (gml_fmt_kind (type))
    {
    case GML_TYPE_POINTER: case GML_TYPE_MAP:
    case GML_TYPE_CHAN: case GML_TYPE_FUNC:
      print_hex (out, gml_fmt_read_uint (host, addr, 8));
      break;
    case GML_TYPE_SLICE:
      g_string_append_printf (out, "[%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "]",
                              gml_fmt_read_int (host, addr + 8, 8),
                              gml_fmt_read_int (host, addr + 16, 8));
      print_hex (out, gml_fmt_read_uint (host, addr, 8));
      break;
    case GML_TYPE_INTERFACE:
      g_string_append_c (out, '(');
      print_hex (out, gml_fmt_read_uint (host, addr, 8));
      g_string_append_c (out, ',');
      print_hex (out, gml_fmt_read_uint (host, addr + 8, 8));
      g_string_append_c (out, ')');
      break;
    default:
      /* Structs and arrays are rejected by the compiler ("illegal types
       * for operand: print"); show something rather than nothing. */
      {
        g_autofree char *ts = gml_type_string (type, GML_TYPE_STRING_QUALIFIED);

        g_string_append_printf (out, "(%s) ", ts);
        print_hex (out, addr);
      }
      break;
    }
}

/* printanycustomtype: named basic types as T(v), the rest as (T) 0xADDR
 * where the address is the interface's data word. */
static void
print_custom_type (const GmlFmtHost *host,
                   GString          *out,
                   GmlType          *type,
                   guint64           addr)
{
  g_autofree char *ts = gml_type_string (type, GML_TYPE_STRING_QUALIFIED);
  GmlTypeKind k = gml_fmt_kind (type);

  if (k == GML_TYPE_STRING)
    {
      g_string_append_printf (out, "%s(\"", ts);
      print_string_at (host, out, addr);
      g_string_append (out, "\")");
      return;
    }
  if (k >= GML_TYPE_BOOL && k <= GML_TYPE_FLOAT64)
    {
      g_string_append_printf (out, "%s(", ts);
      print_scalar (host, out, type, addr);
      g_string_append_c (out, ')');
      return;
    }
  g_string_append_printf (out, "(%s) ", ts);
  print_hex (out, gml_type_is_pointer_shaped (type) ? gml_fmt_read_uint (host, addr, 8) : addr);
}

gboolean
gml_fmt_panic_value_checked (const GmlFmtHost  *host,
                             GString           *out,
                             GmlType           *type,
                             guint64            addr,
                             char             **method_panic)
{
  const char *method = NULL;
  g_autofree char *panic_text = NULL;

  g_return_val_if_fail (host != NULL && out != NULL, TRUE);
  if (method_panic != NULL)
    *method_panic = NULL;
  if (type == NULL || gml_fmt_kind (type) == GML_TYPE_INVALID)
    {
      g_string_append (out, "nil");
      return TRUE;
    }
  /* preprintpanics: errors and Stringers become their strings first. */
  if (gml_fmt_has_string_method (type, "Error"))
    method = "Error";
  else if (gml_fmt_has_string_method (type, "String"))
    method = "String";
  if (method != NULL)
    {
      if (host->call_method != NULL
          && host->call_method (host->user_data, type, addr, method, out, &panic_text))
        return TRUE;
      if (method_panic != NULL)
        *method_panic = g_steal_pointer (&panic_text);
      return FALSE;
    }
  /* printany: the predeclared basic types print as print() does. */
  if (type->kind >= GML_TYPE_BOOL && type->kind <= GML_TYPE_STRING)
    print_scalar (host, out, type, addr);
  else
    print_custom_type (host, out, type, addr);
  return TRUE;
}

void
gml_fmt_panic_value (const GmlFmtHost *host,
                     GString          *out,
                     GmlType          *type,
                     guint64           addr)
{
  gml_fmt_panic_value_checked (host, out, type, addr, NULL);
}
