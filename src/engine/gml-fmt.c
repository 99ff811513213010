/* gml-fmt.c: fmt's print.go over values in simulated memory.
 *
 * The structure follows Go 1.19's print.go function by function (doPrintf,
 * printArg, handleMethods, printValue, badVerb ...) because fmt's output
 * for odd inputs is defined by that code, not by its documentation.  Go
 * walks values with reflect; here a value is (type, address of its bytes)
 * read through the GmlFmtHost, and reflect's "read-only" flag (set on
 * values reached through unexported struct fields, which stops fmt from
 * calling their String and Error methods) travels along as `ro`.
 */
#include "gml-fmt-private.h"

#include <string.h>

/* fmt recurses into nested values without a limit and Go dies of stack
 * overflow on a self-containing []any; we stop instead. */
#define MAX_VALUE_DEPTH 1000
/* A corrupt length must not make us allocate or print forever. */
#define MAX_OUTPUT      ((gsize) 256 << 20)
#define MAX_STRING_LEN  ((gint64) 1 << 28)

typedef struct
{
  GmlType  *type;   /* NULL: no value (a nil interface) */
  guint64   addr;   /* where the value's bytes are */
  gboolean  ro;     /* reached through an unexported field */
} Value;

typedef struct
{
  const GmlFmtHost *host;
  GmlFmtState       fmt;
  Value             cur;            /* p.arg / p.value: what badVerb prints */
  gboolean          reordered;      /* the format used [n] indexes */
  gboolean          good_arg_num;   /* the last [n] was valid */
  gboolean          erroring;       /* inside badVerb: no methods */
  gboolean          wrap_errs;      /* Errorf: %w is allowed */
  int               wrapped;        /* index of %w's argument, or -1 */
  int               arg_index;      /* argument being printed */
  gsize             limit;          /* stop walking values past this length */
} Printer;

static void print_value (Printer *p, Value v, gint32 verb, guint depth);
static void print_arg   (Printer *p, Value arg, gint32 verb);

/* ------------------------------------------------------------------ */
/* Simulated memory                                                    */

static void
mem_read (const GmlFmtHost *host,
          guint64           addr,
          void             *buf,
          gsize             len)
{
  if (len == 0)
    return;
  if (host->read == NULL || !host->read (host->user_data, addr, buf, len))
    memset (buf, 0, len);
}

guint64
gml_fmt_read_uint (const GmlFmtHost *host,
                   guint64           addr,
                   gsize             size)
{
  guint8 b[8] = { 0 };
  guint64 v = 0;

  size = MIN (size, sizeof b);
  mem_read (host, addr, b, size);
  for (gsize i = size; i > 0; i--)
    v = (v << 8) | b[i - 1];   /* little endian */
  return v;
}

gint64
gml_fmt_read_int (const GmlFmtHost *host,
                  guint64           addr,
                  gsize             size)
{
  guint64 u = gml_fmt_read_uint (host, addr, size);
  guint bits = (guint) MIN (size, 8) * 8;

  /* Sign-extend from the value's width. */
  if (bits > 0 && bits < 64 && (u >> (bits - 1)) & 1)
    u |= ~(guint64) 0 << bits;
  return (gint64) u;
}

double
gml_fmt_read_float (const GmlFmtHost *host,
                    guint64           addr,
                    gsize             size)
{
  guint64 u = gml_fmt_read_uint (host, addr, size);
  guint32 u32 = (guint32) u;
  double d;
  float f;

  if (size == 4)
    {
      memcpy (&f, &u32, sizeof f);
      return f;
    }
  memcpy (&d, &u, sizeof d);
  return d;
}

/* Are the first and last bytes of [addr, addr+len) mapped?  A live Go
 * value always is; this catches garbage lengths (the UI can ask about
 * memory that is not, or no longer, a valid value) before we allocate or
 * loop over them. */
static gboolean
range_mapped (const GmlFmtHost *host,
              guint64           addr,
              guint64           len)
{
  guint8 b;

  if (len == 0)
    return TRUE;
  if (host->read == NULL || addr + len < addr)
    return FALSE;
  return host->read (host->user_data, addr, &b, 1)
         && host->read (host->user_data, addr + len - 1, &b, 1);
}

static char *
read_bytes (const GmlFmtHost *host,
            guint64           data,
            gint64            len,
            gsize            *out_len)
{
  char *s;

  if (len < 0 || len > MAX_STRING_LEN || !range_mapped (host, data, (guint64) len))
    len = 0;
  s = g_malloc ((gsize) len + 1);
  mem_read (host, data, s, (gsize) len);
  s[len] = '\0';
  *out_len = (gsize) len;
  return s;
}

char *
gml_fmt_read_string (const GmlFmtHost *host,
                     guint64           addr,
                     gsize            *len)
{
  guint64 data = gml_fmt_read_uint (host, addr, 8);
  gint64 n = gml_fmt_read_int (host, addr + 8, 8);

  return read_bytes (host, data, n, len);
}

gboolean
gml_fmt_read_iface (const GmlFmtHost *host,
                    guint64           addr,
                    GmlType         **type,
                    guint64          *value_addr)
{
  guint64 tab = gml_fmt_read_uint (host, addr, 8);

  *type = tab != 0 && host->iface_type != NULL
          ? host->iface_type (host->user_data, tab) : NULL;
  if (*type == NULL)
    return FALSE;
  /* Pointer-shaped values live in the data word itself. */
  *value_addr = gml_type_is_pointer_shaped (*type)
                ? addr + 8 : gml_fmt_read_uint (host, addr + 8, 8);
  return TRUE;
}

GmlTypeKind
gml_fmt_kind (GmlType *t)
{
  GmlType *u = gml_type_underlying (t);

  if (u == NULL)
    return GML_TYPE_INVALID;
  switch (u->kind)
    {
    case GML_TYPE_UNTYPED_BOOL:   return GML_TYPE_BOOL;
    case GML_TYPE_UNTYPED_INT:    return GML_TYPE_INT;
    case GML_TYPE_UNTYPED_RUNE:   return GML_TYPE_INT32;
    case GML_TYPE_UNTYPED_FLOAT:  return GML_TYPE_FLOAT64;
    case GML_TYPE_UNTYPED_STRING: return GML_TYPE_STRING;
    case GML_TYPE_UNTYPED_NIL:    return GML_TYPE_INVALID;
    default:                      return u->kind;
    }
}

static gsize
value_size (GmlType *t)
{
  gint64 size = gml_type_size (t);

  return size > 0 ? (gsize) size : 0;
}

static gboolean
kind_is_int (GmlTypeKind k)
{
  return k >= GML_TYPE_INT && k <= GML_TYPE_INT64;
}

static gboolean
kind_is_uint (GmlTypeKind k)
{
  return k >= GML_TYPE_UINT && k <= GML_TYPE_UINTPTR;
}

/* reflect.Value.Elem of an interface value: its dynamic value. */
static Value
iface_elem (Printer *p,
            Value    v)
{
  Value e = { NULL, 0, v.ro };

  if (!gml_fmt_read_iface (p->host, v.addr, &e.type, &e.addr))
    e.type = NULL;
  return e;
}

/* reflect.Value.Pointer: the word fmt prints for %p and friends. */
static guint64
pointer_of (Printer *p,
            Value    v)
{
  guint64 word = gml_fmt_read_uint (p->host, v.addr, 8);

  /* A func value points to its closure, whose first word is the code
   * address; reflect reports the code address. */
  if (gml_fmt_kind (v.type) == GML_TYPE_FUNC && word != 0)
    return gml_fmt_read_uint (p->host, word, 8);
  return word;
}

static char *
type_string (GmlType *t)
{
  return gml_type_string (t, GML_TYPE_STRING_QUALIFIED);
}

static void
append_type_string (GString *out,
                    GmlType *t)
{
  g_autofree char *s = type_string (t);

  g_string_append (out, s);
}

/* ------------------------------------------------------------------ */
/* Bad verbs and the basic kinds (pp's fmtBool, fmtInteger ...)        */

static void
write_rune (GString *out,
            gint32   r)
{
  gml_utf8_append (out, r);
}

static void
bad_verb (Printer *p,
          gint32   verb)
{
  GString *buf = p->fmt.buf;

  p->erroring = TRUE;
  g_string_append (buf, "%!");
  write_rune (buf, verb);
  g_string_append_c (buf, '(');
  if (p->cur.type != NULL)
    {
      append_type_string (buf, p->cur.type);
      g_string_append_c (buf, '=');
      print_value (p, p->cur, 'v', 0);
    }
  else
    g_string_append (buf, "<nil>");
  g_string_append_c (buf, ')');
  p->erroring = FALSE;
}

static void
fmt_bool (Printer  *p,
          gboolean  v,
          gint32    verb)
{
  if (verb == 't' || verb == 'v')
    gml_fmt_boolean (&p->fmt, v);
  else
    bad_verb (p, verb);
}

/* Hexadecimal with or without 0x, whatever the # flag says. */
static void
fmt_0x64 (Printer  *p,
          guint64   v,
          gboolean  leading0x)
{
  gboolean sharp = p->fmt.f.sharp;

  p->fmt.f.sharp = leading0x;
  gml_fmt_integer (&p->fmt, v, 16, FALSE, 'v', FALSE);
  p->fmt.f.sharp = sharp;
}

static void
fmt_integer (Printer  *p,
             guint64   v,
             gboolean  is_signed,
             gint32    verb)
{
  GmlFmtState *f = &p->fmt;

  switch (verb)
    {
    case 'v':
      if (f->f.sharp_v && !is_signed)
        fmt_0x64 (p, v, TRUE);
      else
        gml_fmt_integer (f, v, 10, is_signed, verb, FALSE);
      break;
    case 'd': gml_fmt_integer (f, v, 10, is_signed, verb, FALSE); break;
    case 'b': gml_fmt_integer (f, v, 2, is_signed, verb, FALSE); break;
    case 'o':
    case 'O': gml_fmt_integer (f, v, 8, is_signed, verb, FALSE); break;
    case 'x': gml_fmt_integer (f, v, 16, is_signed, verb, FALSE); break;
    case 'X': gml_fmt_integer (f, v, 16, is_signed, verb, TRUE); break;
    case 'c': gml_fmt_c (f, v); break;
    case 'q': gml_fmt_qc (f, v); break;
    case 'U': gml_fmt_unicode (f, v); break;
    default:  bad_verb (p, verb); break;
    }
}

static void
fmt_float (Printer *p,
           double   v,
           int      size,
           gint32   verb)
{
  switch (verb)
    {
    case 'v':
      gml_fmt_float (&p->fmt, v, size, 'g', -1);
      break;
    case 'b': case 'g': case 'G': case 'x': case 'X':
      gml_fmt_float (&p->fmt, v, size, verb, -1);
      break;
    case 'f': case 'e': case 'E':
      gml_fmt_float (&p->fmt, v, size, verb, 6);
      break;
    case 'F':
      gml_fmt_float (&p->fmt, v, size, 'f', 6);
      break;
    default:
      bad_verb (p, verb);
      break;
    }
}

static void
fmt_string (Printer    *p,
            const char *s,
            gsize       len,
            gint32      verb)
{
  switch (verb)
    {
    case 'v':
      if (p->fmt.f.sharp_v)
        gml_fmt_q (&p->fmt, s, len);
      else
        gml_fmt_s (&p->fmt, s, len);
      break;
    case 's': gml_fmt_s (&p->fmt, s, len); break;
    case 'x': gml_fmt_sbx (&p->fmt, s, len, FALSE); break;
    case 'X': gml_fmt_sbx (&p->fmt, s, len, TRUE); break;
    case 'q': gml_fmt_q (&p->fmt, s, len); break;
    default:  bad_verb (p, verb); break;
    }
}

/* []byte and byte arrays under %s %q %x %X, and []byte arguments under
 * any verb (pp.fmtBytes).  `v` is the slice or array for the fallback;
 * `type_name` is what %#v calls it (Go passes "[]byte" for arguments). */
static void
fmt_bytes (Printer    *p,
           Value       v,
           const char *type_name,
           const char *bytes,
           gsize       len,
           gboolean    is_nil,
           gint32      verb)
{
  GString *buf = p->fmt.buf;

  switch (verb)
    {
    case 'v':
    case 'd':
      if (p->fmt.f.sharp_v)
        {
          if (type_name != NULL)
            g_string_append (buf, type_name);
          else
            append_type_string (buf, v.type);
          if (is_nil)
            {
              g_string_append (buf, "(nil)");
              return;
            }
          g_string_append_c (buf, '{');
          for (gsize i = 0; i < len; i++)
            {
              if (i > 0)
                g_string_append (buf, ", ");
              fmt_0x64 (p, (guint8) bytes[i], TRUE);
            }
          g_string_append_c (buf, '}');
        }
      else
        {
          g_string_append_c (buf, '[');
          for (gsize i = 0; i < len; i++)
            {
              if (i > 0)
                g_string_append_c (buf, ' ');
              gml_fmt_integer (&p->fmt, (guint8) bytes[i], 10, FALSE, verb, FALSE);
            }
          g_string_append_c (buf, ']');
        }
      break;
    case 's': gml_fmt_s (&p->fmt, bytes, len); break;
    case 'x': gml_fmt_sbx (&p->fmt, bytes, len, FALSE); break;
    case 'X': gml_fmt_sbx (&p->fmt, bytes, len, TRUE); break;
    case 'q': gml_fmt_q (&p->fmt, bytes, len); break;
    default:  print_value (p, v, verb, 0); break;
    }
}

static void
fmt_pointer (Printer *p,
             Value    v,
             gint32   verb)
{
  GString *buf = p->fmt.buf;
  guint64 u;

  switch (gml_fmt_kind (v.type))
    {
    case GML_TYPE_CHAN: case GML_TYPE_FUNC: case GML_TYPE_MAP:
    case GML_TYPE_POINTER: case GML_TYPE_SLICE:
      u = pointer_of (p, v);
      break;
    default:
      bad_verb (p, verb);
      return;
    }
  switch (verb)
    {
    case 'v':
      if (p->fmt.f.sharp_v)
        {
          g_string_append_c (buf, '(');
          append_type_string (buf, v.type);
          g_string_append (buf, ")(");
          if (u == 0)
            g_string_append (buf, "nil");
          else
            fmt_0x64 (p, u, TRUE);
          g_string_append_c (buf, ')');
        }
      else if (u == 0)
        gml_fmt_pad_string (&p->fmt, "<nil>");
      else
        fmt_0x64 (p, u, !p->fmt.f.sharp);
      break;
    case 'p':
      fmt_0x64 (p, u, !p->fmt.f.sharp);
      break;
    case 'b': case 'o': case 'd': case 'x': case 'X':
      fmt_integer (p, u, FALSE, verb);
      break;
    default:
      bad_verb (p, verb);
      break;
    }
}

/* ------------------------------------------------------------------ */
/* String, Error and GoString methods (handleMethods, catchPanic)      */

static gboolean
is_nil_pointer (Printer *p,
                Value    v)
{
  return gml_fmt_kind (v.type) == GML_TYPE_POINTER
         && gml_fmt_read_uint (p->host, v.addr, 8) == 0;
}

/* The method panicked: Go's catchPanic.  A nil panic_text stands for
 * panic(nil), which Go 1.19's recover() cannot tell from no panic. */
static void
catch_panic (Printer    *p,
             Value       arg,
             gint32      verb,
             const char *method,
             const char *panic_text)
{
  GmlFmtFlags old_flags = p->fmt.f;
  GString *buf = p->fmt.buf;

  /* Most likely a Stringer that does not guard against nil, or a value
   * method called through a nil pointer: "<nil>" is a nice result. */
  if (is_nil_pointer (p, arg))
    {
      g_string_append (buf, "<nil>");
      return;
    }
  if (panic_text == NULL)
    return;
  gml_fmt_clear_flags (&p->fmt);
  g_string_append (buf, "%!");
  write_rune (buf, verb);
  g_string_append (buf, "(PANIC=");
  g_string_append (buf, method);
  g_string_append (buf, " method: ");
  g_string_append (buf, panic_text);
  g_string_append_c (buf, ')');
  p->fmt.f = old_flags;
}

static void
call_method (Printer    *p,
             Value       arg,
             const char *method,
             gint32      verb)
{
  g_autoptr (GString) result = g_string_new (NULL);
  g_autofree char *panic_text = NULL;

  if (p->host->call_method != NULL
      && p->host->call_method (p->host->user_data, arg.type, arg.addr,
                               method, result, &panic_text))
    {
      if (strcmp (method, "GoString") == 0)
        gml_fmt_s (&p->fmt, result->str, result->len);
      else
        fmt_string (p, result->str, result->len, verb);
      return;
    }
  catch_panic (p, arg, verb, method, panic_text);
}

static gboolean
is_stringable_verb (gint32 verb)
{
  return verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q';
}

/* %w: allowed once per Errorf, and only for an error argument. */
static gboolean
handle_wrap (Printer *p,
             Value    arg)
{
  if (arg.type == NULL || !gml_fmt_has_string_method (arg.type, "Error")
      || !p->wrap_errs || p->wrapped >= 0)
    {
      p->wrapped = -1;
      p->wrap_errs = FALSE;
      p->cur = arg;
      bad_verb (p, 'w');
      return FALSE;
    }
  p->wrapped = p->arg_index;
  return TRUE;
}

/* arg is an interface value's content (type NULL for nil).  Returns
 * TRUE when a method printed it. */
static gboolean
handle_methods (Printer *p,
                Value    arg,
                gint32   verb)
{
  if (p->erroring)
    return FALSE;
  if (verb == 'w')
    {
      if (!handle_wrap (p, arg))
        return TRUE;
      verb = 'v';
    }
  if (arg.type == NULL)
    return FALSE;
  if (p->fmt.f.sharp_v)
    {
      if (!gml_fmt_has_string_method (arg.type, "GoString"))
        return FALSE;
      call_method (p, arg, "GoString", verb);
      return TRUE;
    }
  if (!is_stringable_verb (verb))
    return FALSE;
  if (gml_fmt_has_string_method (arg.type, "Error"))
    call_method (p, arg, "Error", verb);
  else if (gml_fmt_has_string_method (arg.type, "String"))
    call_method (p, arg, "String", verb);
  else
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* printValue                                                          */

static gboolean
output_full (Printer *p)
{
  return p->fmt.buf->len > p->limit;
}

static void
print_map (Printer *p,
           Value    v,
           gint32   verb,
           guint    depth);

/* reflect's getField: a non-nil interface field yields its content. */
static Value
struct_field (Printer        *p,
              Value           v,
              const GmlField *f)
{
  Value fv = { f->type, v.addr + (guint64) f->offset, v.ro || !f->exported };

  if (gml_fmt_kind (f->type) == GML_TYPE_INTERFACE)
    {
      Value e = iface_elem (p, fv);

      if (e.type != NULL)
        return e;
    }
  return fv;
}

static void
print_struct (Printer *p,
              Value    v,
              gint32   verb,
              guint    depth)
{
  GmlType *u = gml_type_underlying (v.type);
  GString *buf = p->fmt.buf;

  gml_type_size (v.type);  /* makes sure the field offsets are laid out */
  if (p->fmt.f.sharp_v)
    append_type_string (buf, v.type);
  g_string_append_c (buf, '{');
  for (guint i = 0; i < u->u.strukt.n_fields && !output_full (p); i++)
    {
      const GmlField *f = &u->u.strukt.fields[i];

      if (i > 0)
        g_string_append (buf, p->fmt.f.sharp_v ? ", " : " ");
      if ((p->fmt.f.plus_v || p->fmt.f.sharp_v) && f->name != NULL && f->name[0] != '\0')
        {
          g_string_append (buf, f->name);
          g_string_append_c (buf, ':');
        }
      print_value (p, struct_field (p, v, f), verb, depth + 1);
    }
  g_string_append_c (buf, '}');
}

static void
print_interface (Printer *p,
                 Value    v,
                 gint32   verb,
                 guint    depth)
{
  Value e = iface_elem (p, v);

  if (e.type != NULL)
    {
      print_value (p, e, verb, depth + 1);
      return;
    }
  if (p->fmt.f.sharp_v)
    {
      append_type_string (p->fmt.buf, v.type);
      g_string_append (p->fmt.buf, "(nil)");
    }
  else
    g_string_append (p->fmt.buf, "<nil>");
}

static GmlType *
sequence_elem (GmlType *t)
{
  GmlType *u = gml_type_underlying (t);

  return u->kind == GML_TYPE_ARRAY ? u->u.array.elem : u->u.slice.elem;
}

/* Elements of an array or slice: where they start and how many. */
static void
sequence_layout (Printer *p,
                 Value    v,
                 guint64 *data,
                 gint64  *len,
                 gboolean *is_nil)
{
  GmlType *u = gml_type_underlying (v.type);

  if (u->kind == GML_TYPE_ARRAY)
    {
      *data = v.addr;
      *len = u->u.array.len;
      *is_nil = FALSE;
      return;
    }
  *data = gml_fmt_read_uint (p->host, v.addr, 8);
  *len = MAX (gml_fmt_read_int (p->host, v.addr + 8, 8), 0);
  *is_nil = *data == 0;
  /* A length the memory cannot back is garbage: show no elements. */
  {
    gsize size = value_size (sequence_elem (v.type));

    if (size > 0 && ((guint64) *len > G_MAXUINT64 / size
                     || !range_mapped (p->host, *data, (guint64) *len * size)))
      *len = 0;
  }
}

static void
print_sequence (Printer *p,
                Value    v,
                gint32   verb,
                guint    depth)
{
  GmlType *elem = sequence_elem (v.type);
  GString *buf = p->fmt.buf;
  gsize elem_size = value_size (elem);
  guint64 data;
  gint64 len;
  gboolean is_nil, sharp_v = p->fmt.f.sharp_v;

  sequence_layout (p, v, &data, &len, &is_nil);
  if ((verb == 's' || verb == 'q' || verb == 'x' || verb == 'X')
      && gml_fmt_kind (elem) == GML_TYPE_UINT8)
    {
      gsize n;
      g_autofree char *bytes = read_bytes (p->host, data, len, &n);

      fmt_bytes (p, v, NULL, bytes, n, is_nil, verb);
      return;
    }
  if (sharp_v)
    {
      append_type_string (buf, v.type);
      if (is_nil && gml_type_underlying (v.type)->kind == GML_TYPE_SLICE)
        {
          g_string_append (buf, "(nil)");
          return;
        }
    }
  g_string_append_c (buf, sharp_v ? '{' : '[');
  for (gint64 i = 0; i < len && !output_full (p); i++)
    {
      Value e = { elem, data + (guint64) i * elem_size, v.ro };

      if (i > 0)
        g_string_append (buf, sharp_v ? ", " : " ");
      print_value (p, e, verb, depth + 1);
    }
  g_string_append_c (buf, sharp_v ? '}' : ']');
}

static void
print_pointer (Printer *p,
               Value    v,
               gint32   verb,
               guint    depth)
{
  guint64 ptr = gml_fmt_read_uint (p->host, v.addr, 8);

  /* &{...} only at the top level, so that cycles cannot recurse. */
  if (depth == 0 && ptr != 0)
    {
      GmlType *elem = gml_type_underlying (v.type)->u.pointer.elem;

      switch (gml_fmt_kind (elem))
        {
        case GML_TYPE_ARRAY: case GML_TYPE_SLICE:
        case GML_TYPE_STRUCT: case GML_TYPE_MAP:
          g_string_append_c (p->fmt.buf, '&');
          print_value (p, (Value) { elem, ptr, v.ro }, verb, depth + 1);
          return;
        default:
          break;
        }
    }
  fmt_pointer (p, v, verb);
}

static void
print_basic (Printer *p,
             Value    v,
             gint32   verb)
{
  GmlTypeKind k = gml_fmt_kind (v.type);
  gsize size = value_size (v.type);

  if (k == GML_TYPE_BOOL)
    fmt_bool (p, gml_fmt_read_uint (p->host, v.addr, 1) != 0, verb);
  else if (kind_is_int (k))
    fmt_integer (p, (guint64) gml_fmt_read_int (p->host, v.addr, size), TRUE, verb);
  else if (kind_is_uint (k))
    fmt_integer (p, gml_fmt_read_uint (p->host, v.addr, size), FALSE, verb);
  else if (k == GML_TYPE_FLOAT32 || k == GML_TYPE_FLOAT64)
    fmt_float (p, gml_fmt_read_float (p->host, v.addr, size),
               k == GML_TYPE_FLOAT32 ? 32 : 64, verb);
  else if (k == GML_TYPE_STRING)
    {
      gsize len;
      g_autofree char *s = gml_fmt_read_string (p->host, v.addr, &len);

      fmt_string (p, s, len, verb);
    }
}

/* A value of a kind fmt cannot print (invalid type, tuples). */
static void
unknown_type (Printer *p,
              Value    v)
{
  if (v.type == NULL || gml_fmt_kind (v.type) == GML_TYPE_INVALID)
    {
      g_string_append (p->fmt.buf, "<nil>");
      return;
    }
  g_string_append_c (p->fmt.buf, '?');
  append_type_string (p->fmt.buf, v.type);
  g_string_append_c (p->fmt.buf, '?');
}

/* The content of v as an interface value, as reflect's Interface(). */
static Value
as_interface (Printer *p,
              Value    v)
{
  if (gml_fmt_kind (v.type) == GML_TYPE_INTERFACE)
    return iface_elem (p, v);
  return v;
}

static void
print_value (Printer *p,
             Value    v,
             gint32   verb,
             guint    depth)
{
  if (depth > MAX_VALUE_DEPTH)
    {
      g_string_append (p->fmt.buf, "...");
      return;
    }
  /* Methods of nested values; printArg already tried the top level.
   * Values behind unexported fields cannot be converted to interfaces,
   * so their methods are not called. */
  if (depth > 0 && v.type != NULL && !v.ro
      && handle_methods (p, as_interface (p, v), verb))
    return;
  p->cur = v;

  switch (v.type != NULL ? gml_fmt_kind (v.type) : GML_TYPE_INVALID)
    {
    case GML_TYPE_BOOL:
    case GML_TYPE_INT: case GML_TYPE_INT8: case GML_TYPE_INT16:
    case GML_TYPE_INT32: case GML_TYPE_INT64:
    case GML_TYPE_UINT: case GML_TYPE_UINT8: case GML_TYPE_UINT16:
    case GML_TYPE_UINT32: case GML_TYPE_UINT64: case GML_TYPE_UINTPTR:
    case GML_TYPE_FLOAT32: case GML_TYPE_FLOAT64:
    case GML_TYPE_STRING:
      print_basic (p, v, verb);
      break;
    case GML_TYPE_MAP:
      print_map (p, v, verb, depth);
      break;
    case GML_TYPE_STRUCT:
      print_struct (p, v, verb, depth);
      break;
    case GML_TYPE_INTERFACE:
      print_interface (p, v, verb, depth);
      break;
    case GML_TYPE_ARRAY:
    case GML_TYPE_SLICE:
      print_sequence (p, v, verb, depth);
      break;
    case GML_TYPE_POINTER:
      print_pointer (p, v, verb, depth);
      break;
    case GML_TYPE_CHAN:
    case GML_TYPE_FUNC:
      fmt_pointer (p, v, verb);
      break;
    default:
      unknown_type (p, v);
      break;
    }
}

typedef struct
{
  GArray *entries;
} MapCollect;

static void
map_collect_cb (gpointer fn_data,
                guint64  key_addr,
                guint64  elem_addr)
{
  MapCollect *c = fn_data;
  GmlFmtMapEntry e = { key_addr, elem_addr };

  g_array_append_val (c->entries, e);
}

static void
print_map (Printer *p,
           Value    v,
           gint32   verb,
           guint    depth)
{
  GmlType *u = gml_type_underlying (v.type);
  GString *buf = p->fmt.buf;
  guint64 hmap = gml_fmt_read_uint (p->host, v.addr, 8);
  gboolean sharp_v = p->fmt.f.sharp_v;
  g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (GmlFmtMapEntry));
  MapCollect collect = { entries };

  if (sharp_v)
    {
      append_type_string (buf, v.type);
      if (hmap == 0)
        {
          g_string_append (buf, "(nil)");
          return;
        }
      g_string_append_c (buf, '{');
    }
  else
    g_string_append (buf, "map[");
  if (hmap != 0 && p->host->map_foreach != NULL)
    p->host->map_foreach (p->host->user_data, v.type, hmap, map_collect_cb, &collect);
  gml_fmt_sort_map_entries (p->host, u->u.map.key,
                            (GmlFmtMapEntry *) (void *) entries->data, entries->len);
  for (guint i = 0; i < entries->len && !output_full (p); i++)
    {
      GmlFmtMapEntry *e = &g_array_index (entries, GmlFmtMapEntry, i);

      if (i > 0)
        g_string_append (buf, sharp_v ? ", " : " ");
      print_value (p, (Value) { u->u.map.key, e->key, v.ro }, verb, depth + 1);
      g_string_append_c (buf, ':');
      print_value (p, (Value) { u->u.map.elem, e->elem, v.ro }, verb, depth + 1);
    }
  g_string_append_c (buf, sharp_v ? '}' : ']');
}

/* ------------------------------------------------------------------ */
/* printArg                                                            */

/* Go's printArg prints these without looking for methods (they have
 * none): the predeclared basic types and []byte. */
static gboolean
is_simple_type (GmlType *t)
{
  if (t->kind >= GML_TYPE_BOOL && t->kind <= GML_TYPE_UNTYPED_STRING)
    return TRUE;
  return t->kind == GML_TYPE_SLICE && t->u.slice.elem->kind == GML_TYPE_UINT8;
}

static void
print_arg (Printer *p,
           Value    arg,
           gint32   verb)
{
  /* An argument is an interface's content; unwrap a static interface
   * type defensively. */
  if (arg.type != NULL && gml_fmt_kind (arg.type) == GML_TYPE_INTERFACE)
    arg = iface_elem (p, arg);
  if (arg.type != NULL && gml_fmt_kind (arg.type) == GML_TYPE_INVALID
      && gml_type_underlying (arg.type)->kind == GML_TYPE_UNTYPED_NIL)
    arg.type = NULL;
  p->cur = arg;

  if (arg.type == NULL)
    {
      if (verb == 'T' || verb == 'v')
        gml_fmt_pad_string (&p->fmt, "<nil>");
      else
        bad_verb (p, verb);
      return;
    }
  if (verb == 'T')
    {
      g_autofree char *s = type_string (arg.type);

      gml_fmt_s (&p->fmt, s, strlen (s));
      return;
    }
  if (verb == 'p')
    {
      fmt_pointer (p, arg, 'p');
      return;
    }
  if (arg.type->kind == GML_TYPE_SLICE && is_simple_type (arg.type))
    {
      guint64 data;
      gint64 len;
      gboolean is_nil;
      gsize n;
      g_autofree char *bytes = NULL;

      sequence_layout (p, arg, &data, &len, &is_nil);
      bytes = read_bytes (p->host, data, len, &n);
      fmt_bytes (p, arg, "[]byte", bytes, n, is_nil, verb);
      return;
    }
  if (is_simple_type (arg.type) || !handle_methods (p, arg, verb))
    print_value (p, arg, verb, 0);
}

/* ------------------------------------------------------------------ */
/* doPrintf                                                            */

static gboolean
too_large (gint64 x)
{
  return x > 1000000 || x < -1000000;
}

/* parsenum: digits of format[*i..end); FALSE (and *i = end) on overflow. */
static gboolean
parse_num (const char *format,
           gsize      *i,
           gsize       end,
           int        *num)
{
  gboolean isnum = FALSE;

  *num = 0;
  for (; *i < end && format[*i] >= '0' && format[*i] <= '9'; (*i)++)
    {
      if (too_large (*num))
        {
          *num = 0;
          *i = end;
          return FALSE;
        }
      *num = *num * 10 + (format[*i] - '0');
      isnum = TRUE;
    }
  return isnum;
}

/* intFromArg: the argument as a width or precision, if it is an integer. */
static gboolean
int_from_arg (Printer         *p,
              const GmlFmtArg *args,
              guint            n_args,
              guint           *arg_num,
              int             *num)
{
  gboolean is_int = FALSE;
  gint64 n = 0;

  *num = 0;
  if (*arg_num >= n_args)
    return FALSE;
  if (args[*arg_num].type != NULL)
    {
      GmlTypeKind k = gml_fmt_kind (args[*arg_num].type);
      gsize size = value_size (args[*arg_num].type);

      if (kind_is_int (k))
        {
          n = gml_fmt_read_int (p->host, args[*arg_num].addr, size);
          is_int = TRUE;
        }
      else if (kind_is_uint (k))
        {
          guint64 u = gml_fmt_read_uint (p->host, args[*arg_num].addr, size);

          is_int = (gint64) u >= 0;
          n = is_int ? (gint64) u : 0;
        }
    }
  (*arg_num)++;
  if (too_large (n))
    return FALSE;
  *num = (int) n;
  return is_int;
}

/* parseArgNumber: "[n]" at format[0..len); returns the index, the bytes
 * consumed (1 if there is no closing bracket) and whether it parsed. */
static gboolean
parse_arg_number (const char *format,
                  gsize       len,
                  int        *index,
                  gsize      *wid)
{
  *index = 0;
  *wid = 1;
  if (len < 3)
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (format[i] == ']')
      {
        gsize j = 1;
        int width;
        gboolean ok = parse_num (format, &j, i, &width);

        *wid = i + 1;
        if (!ok || j != i)
          return FALSE;
        *index = width - 1;
        return TRUE;
      }
  return FALSE;
}

/* argNumber: an explicit [n] index at format[*i], if any. */
static gboolean
arg_number (Printer    *p,
            guint      *arg_num,
            const char *format,
            gsize      *i,
            gsize       end,
            guint       n_args)
{
  int index;
  gsize wid;
  gboolean ok;

  if (*i >= end || format[*i] != '[')
    return FALSE;
  p->reordered = TRUE;
  ok = parse_arg_number (format + *i, end - *i, &index, &wid);
  *i += wid;
  if (ok && index >= 0 && (guint) index < n_args)
    {
      *arg_num = (guint) index;
      return TRUE;
    }
  p->good_arg_num = FALSE;
  return ok;
}

static Value
arg_value (const GmlFmtArg *a)
{
  return (Value) { a->type, a->addr, FALSE };
}

/* Flags before the verb.  (Go has a fast path for a lower-case verb right
 * after the flags; it prints exactly what the general path prints.) */
static void
parse_flags (Printer     *p,
             const char  *format,
             gsize       *i,
             gsize        end)
{
  GmlFmtFlags *f = &p->fmt.f;

  for (; *i < end; (*i)++)
    switch (format[*i])
      {
      case '#': f->sharp = TRUE; break;
      case '0': f->zero = !f->minus; break;  /* only pad with zeros on the left */
      case '+': f->plus = TRUE; break;
      case '-': f->minus = TRUE; f->zero = FALSE; break;
      case ' ': f->space = TRUE; break;
      default: return;
      }
}

/* %+v and %#v are flagless formats of their own. */
static void
set_v_flags (Printer *p)
{
  p->fmt.f.sharp_v = p->fmt.f.sharp;
  p->fmt.f.sharp = FALSE;
  p->fmt.f.plus_v = p->fmt.f.plus;
  p->fmt.f.plus = FALSE;
}

static void
print_one (Printer         *p,
           const GmlFmtArg *args,
           guint            arg_num,
           gint32           verb)
{
  p->arg_index = (int) arg_num;
  print_arg (p, arg_value (&args[arg_num]), verb);
}

static void
missing_or_bad (Printer    *p,
                gint32      verb,
                const char *what)
{
  g_string_append (p->fmt.buf, "%!");
  write_rune (p->fmt.buf, verb);
  g_string_append (p->fmt.buf, what);
}

/* Width: a number or '*'.  Updates *after_index like Go. */
static void
parse_width (Printer         *p,
             const char      *format,
             gsize           *i,
             gsize            end,
             const GmlFmtArg *args,
             guint            n_args,
             guint           *arg_num,
             gboolean        *after_index)
{
  GmlFmtState *f = &p->fmt;

  if (*i < end && format[*i] == '*')
    {
      (*i)++;
      f->f.wid_present = int_from_arg (p, args, n_args, arg_num, &f->wid);
      if (!f->f.wid_present)
        g_string_append (f->buf, "%!(BADWIDTH)");
      /* A negative width means "pad on the right". */
      if (f->wid < 0)
        {
          f->wid = -f->wid;
          f->f.minus = TRUE;
          f->f.zero = FALSE;
        }
      *after_index = FALSE;
      return;
    }
  f->f.wid_present = parse_num (format, i, end, &f->wid);
  if (*after_index && f->f.wid_present)   /* "%[3]2d" */
    p->good_arg_num = FALSE;
}

static void
parse_precision (Printer         *p,
                 const char      *format,
                 gsize           *i,
                 gsize            end,
                 const GmlFmtArg *args,
                 guint            n_args,
                 guint           *arg_num,
                 gboolean        *after_index)
{
  GmlFmtState *f = &p->fmt;

  if (!(*i + 1 < end && format[*i] == '.'))
    return;
  (*i)++;
  if (*after_index)   /* "%[3].2d" */
    p->good_arg_num = FALSE;
  *after_index = arg_number (p, arg_num, format, i, end, n_args);
  if (*i < end && format[*i] == '*')
    {
      (*i)++;
      f->f.prec_present = int_from_arg (p, args, n_args, arg_num, &f->prec);
      if (f->prec < 0)
        {
          f->prec = 0;
          f->f.prec_present = FALSE;
        }
      if (!f->f.prec_present)
        g_string_append (f->buf, "%!(BADPREC)");
      *after_index = FALSE;
      return;
    }
  f->f.prec_present = parse_num (format, i, end, &f->prec);
  if (!f->f.prec_present)
    {
      f->prec = 0;
      f->f.prec_present = TRUE;
    }
}

static void
print_extra (Printer         *p,
             const GmlFmtArg *args,
             guint            n_args,
             guint            arg_num)
{
  GString *buf = p->fmt.buf;

  gml_fmt_clear_flags (&p->fmt);
  g_string_append (buf, "%!(EXTRA ");
  for (guint i = arg_num; i < n_args; i++)
    {
      if (i > arg_num)
        g_string_append (buf, ", ");
      if (args[i].type == NULL)
        g_string_append (buf, "<nil>");
      else
        {
          append_type_string (buf, args[i].type);
          g_string_append_c (buf, '=');
          print_one (p, args, i, 'v');
        }
    }
  g_string_append_c (buf, ')');
}

/* One %-directive starting after the '%' at format[*i].  Returns FALSE
 * when the format ended without a verb. */
static gboolean
do_directive (Printer         *p,
              const char      *format,
              gsize           *i,
              gsize            end,
              const GmlFmtArg *args,
              guint            n_args,
              guint           *arg_num)
{
  gboolean after_index;
  gint32 verb;
  gsize size = 1;

  gml_fmt_clear_flags (&p->fmt);
  parse_flags (p, format, i, end);
  after_index = arg_number (p, arg_num, format, i, end, n_args);
  parse_width (p, format, i, end, args, n_args, arg_num, &after_index);
  parse_precision (p, format, i, end, args, n_args, arg_num, &after_index);
  if (!after_index)
    after_index = arg_number (p, arg_num, format, i, end, n_args);
  if (*i >= end)
    {
      g_string_append (p->fmt.buf, "%!(NOVERB)");
      return FALSE;
    }
  verb = (guint8) format[*i];
  if (verb >= GML_UTF8_RUNE_SELF)
    verb = gml_utf8_decode ((const guint8 *) format + *i, end - *i, &size);
  *i += size;

  if (verb == '%')
    g_string_append_c (p->fmt.buf, '%');   /* absorbs no operand */
  else if (!p->good_arg_num)
    missing_or_bad (p, verb, "(BADINDEX)");
  else if (*arg_num >= n_args)
    missing_or_bad (p, verb, "(MISSING)");
  else
    {
      if (verb == 'v')
        set_v_flags (p);
      print_one (p, args, *arg_num, verb);
      (*arg_num)++;
    }
  return TRUE;
}

static void
do_printf (Printer         *p,
           const char      *format,
           gsize            end,
           const GmlFmtArg *args,
           guint            n_args)
{
  guint arg_num = 0;

  p->reordered = FALSE;
  for (gsize i = 0; i < end;)
    {
      gsize lasti = i;

      p->good_arg_num = TRUE;
      while (i < end && format[i] != '%')
        i++;
      if (i > lasti)
        g_string_append_len (p->fmt.buf, format + lasti, (gssize) (i - lasti));
      if (i >= end)
        break;
      i++;
      if (!do_directive (p, format, &i, end, args, n_args, &arg_num))
        break;
    }
  /* Extra arguments are reported unless the format reordered them. */
  if (!p->reordered && arg_num < n_args)
    print_extra (p, args, n_args, arg_num);
}

static void
printer_init (Printer          *p,
              const GmlFmtHost *host,
              GString          *out)
{
  memset (p, 0, sizeof *p);
  p->host = host;
  p->fmt.buf = out;
  p->wrapped = -1;
  p->limit = out->len + MAX_OUTPUT;
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

void
gml_fmt_sprintf (const GmlFmtHost *host,
                 GString          *out,
                 const char       *format,
                 gsize             format_len,
                 const GmlFmtArg  *args,
                 guint             n_args)
{
  Printer p;

  g_return_if_fail (host != NULL && out != NULL);
  printer_init (&p, host, out);
  do_printf (&p, format != NULL ? format : "", format != NULL ? format_len : 0, args, n_args);
}

int
gml_fmt_errorf (const GmlFmtHost *host,
                GString          *out,
                const char       *format,
                gsize             format_len,
                const GmlFmtArg  *args,
                guint             n_args)
{
  Printer p;

  g_return_val_if_fail (host != NULL && out != NULL, -1);
  printer_init (&p, host, out);
  p.wrap_errs = TRUE;
  do_printf (&p, format != NULL ? format : "", format != NULL ? format_len : 0, args, n_args);
  return p.wrapped;
}

void
gml_fmt_sprint (const GmlFmtHost *host,
                GString          *out,
                const GmlFmtArg  *args,
                guint             n_args)
{
  gboolean prev_string = FALSE;
  Printer p;

  g_return_if_fail (host != NULL && out != NULL);
  printer_init (&p, host, out);
  for (guint i = 0; i < n_args; i++)
    {
      gboolean is_string = args[i].type != NULL
                           && gml_fmt_kind (args[i].type) == GML_TYPE_STRING;

      /* A space between two operands when neither is a string. */
      if (i > 0 && !is_string && !prev_string)
        g_string_append_c (out, ' ');
      gml_fmt_clear_flags (&p.fmt);
      print_one (&p, args, i, 'v');
      prev_string = is_string;
    }
}

void
gml_fmt_sprintln (const GmlFmtHost *host,
                  GString          *out,
                  const GmlFmtArg  *args,
                  guint             n_args)
{
  Printer p;

  g_return_if_fail (host != NULL && out != NULL);
  printer_init (&p, host, out);
  for (guint i = 0; i < n_args; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      gml_fmt_clear_flags (&p.fmt);
      print_one (&p, args, i, 'v');
    }
  g_string_append_c (out, '\n');
}

void
gml_fmt_value (const GmlFmtHost *host,
               GString          *out,
               GmlType          *type,
               guint64           addr)
{
  Printer p;

  g_return_if_fail (host != NULL && out != NULL);
  printer_init (&p, host, out);
  print_arg (&p, (Value) { type, addr, FALSE }, 'v');
}

void
gml_fmt_value_limit (const GmlFmtHost *host,
                     GString          *out,
                     GmlType          *type,
                     guint64           addr,
                     gsize             max_bytes)
{
  gsize start = out->len, end;
  Printer p;

  g_return_if_fail (host != NULL && out != NULL);
  printer_init (&p, host, out);
  p.limit = start + max_bytes;
  print_arg (&p, (Value) { type, addr, FALSE }, 'v');
  if (out->len - start <= max_bytes)
    return;
  /* Cut on a character boundary and say so. */
  end = start + max_bytes;
  while (end > start && (out->str[end] & 0xC0) == 0x80)
    end--;
  g_string_truncate (out, end);
  g_string_append (out, "\u2026");
}
