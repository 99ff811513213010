/* test-fmt.c: fmt, strconv and the runtime's printing against real Go.
 *
 * The golden files in tests/fmt-golden/ come from Go 1.19 (gen.go there).
 * printf.txt names its argument values; catalog_build() makes the same
 * values in a fake simulated memory, with the same types and methods
 * (methods return canned strings, as gen.go's do).  The random blocks
 * (floats, quoting, UTF-8, integers, random formats) are regenerated here
 * with gen.go's splitmix64 and compared by SHA-256.
 */
#include "gml-fmt-private.h"

#include <math.h>
#include <string.h>

#define HEAP_BASE  G_GUINT64_CONSTANT (0xc000010000)
#define HEAP_SIZE  (4 << 20)
#define TYPE_BASE  G_GUINT64_CONSTANT (0x4a0000)
#define TYPE_STEP  0x40

/* ------------------------------------------------------------------ */
/* A fake simulated memory and host                                    */

typedef struct
{
  guint8     *heap;
  gsize       used;
  GHashTable *maps;          /* hmap address -> GArray of GmlFmtMapEntry */
  guint       method_calls;
} Fake;

typedef struct
{
  GmlArena     *arena;
  GmlTypeTable *tt;
  GmlPackage    main_pkg;
  GmlPackage    errors_pkg;
  GHashTable   *types;       /* name -> GmlType* */
  GHashTable   *values;      /* name -> GmlFmtArg* */
  Fake          mem;
  GmlFmtHost    host;
} Cat;

static gboolean
mem_read (Fake    *m,
          guint64  addr,
          void    *buf,
          gsize    len)
{
  if (addr < HEAP_BASE || addr - HEAP_BASE > m->used || len > m->used - (addr - HEAP_BASE))
    return FALSE;
  memcpy (buf, m->heap + (addr - HEAP_BASE), len);
  return TRUE;
}

static gboolean
fake_read (gpointer  user_data,
           guint64   addr,
           void     *buf,
           gsize     len)
{
  Cat *c = user_data;

  return mem_read (&c->mem, addr, buf, len);
}

static guint64
type_tab (GmlType *t)
{
  return TYPE_BASE + (guint64) t->id * TYPE_STEP;
}

static GmlType *
fake_iface_type (gpointer user_data,
                 guint64  tab)
{
  Cat *c = user_data;

  if (tab < TYPE_BASE || (tab - TYPE_BASE) % TYPE_STEP != 0)
    return NULL;
  return gml_type_table_get (c->tt, (guint) ((tab - TYPE_BASE) / TYPE_STEP));
}

static guint64
fake_alloc (Fake  *m,
            gsize  size)
{
  guint64 addr;

  m->used = (m->used + 7) & ~(gsize) 7;
  g_assert_cmpuint (m->used + size, <=, HEAP_SIZE);
  addr = HEAP_BASE + m->used;
  m->used += MAX (size, 1);
  return addr;
}

static void
fake_write (Fake        *m,
            guint64      addr,
            const void  *src,
            gsize        len)
{
  g_assert_true (addr >= HEAP_BASE && addr - HEAP_BASE + len <= m->used);
  memcpy (m->heap + (addr - HEAP_BASE), src, len);
}

static void
w64 (Cat *c, guint64 addr, guint64 v)
{
  fake_write (&c->mem, addr, &v, 8);   /* little endian host */
}

static guint64
r64 (Cat *c, guint64 addr)
{
  guint64 v = 0;

  g_assert_true (mem_read (&c->mem, addr, &v, 8));
  return v;
}

/* Canned results of the catalog's methods, as gen.go's methods return. */
static const struct
{
  const char *type;
  const char *method;
  const char *result;   /* NULL: the method panics with "boom" */
} canned[] = {
  { "Str", "String", "Str!" },
  { "Str2", "String", "Str2!" },
  { "PStr", "String", "PStr!" },
  { "Panicky", "String", NULL },
  { "ErrT", "Error", "errT!" },
  { "PErr", "Error", "perr!" },
  { "Embeds", "String", "Str!" },
  { "Both", "Error", "errT!" },
  { "GoStr", "GoString", "GoStr!" },
  { "errorString", "Error", "an error" },
  { "str", "String", "str!" },
  { "HasEmb", "String", "str!" },
  { "Names", "String", "names!" },
};

static GmlType *
base_named (GmlType *t)
{
  if (t->kind == GML_TYPE_POINTER)
    t = t->u.pointer.elem;
  return t->kind == GML_TYPE_NAMED ? t : NULL;
}

/* Calling a value method through a nil pointer panics, as Go's wrapper. */
static gboolean
nil_value_receiver (Cat        *c,
                    GmlType    *t,
                    guint64     addr,
                    const char *method)
{
  GmlType *n = base_named (t);

  if (t->kind != GML_TYPE_POINTER || r64 (c, addr) != 0 || n == NULL)
    return FALSE;
  for (guint i = 0; i < n->u.named.n_methods; i++)
    if (strcmp (n->u.named.methods[i]->name, method) == 0)
      return !(n->u.named.methods[i]->flags & GML_FUNC_PTR_RECV);
  return FALSE;
}

static gboolean
fake_call_method (gpointer     user_data,
                  GmlType     *type,
                  guint64      addr,
                  const char  *name,
                  GString     *out,
                  char       **panic_text)
{
  Cat *c = user_data;
  GmlType *n = base_named (type);

  c->mem.method_calls++;
  if (nil_value_receiver (c, type, addr, name))
    {
      *panic_text = g_strdup ("value method called using nil pointer");
      return FALSE;
    }
  for (guint i = 0; n != NULL && i < G_N_ELEMENTS (canned); i++)
    if (strcmp (canned[i].type, n->u.named.obj->name) == 0 && strcmp (canned[i].method, name) == 0)
      {
        if (canned[i].result == NULL)
          {
            *panic_text = g_strdup ("boom");
            return FALSE;
          }
        g_string_append (out, canned[i].result);
        return TRUE;
      }
  g_error ("no canned %s method for this type", name);
  return FALSE;
}

static void
fake_map_foreach (gpointer   user_data,
                  GmlType   *map_type,
                  guint64    hmap,
                  void     (*fn) (gpointer, guint64, guint64),
                  gpointer   fn_data)
{
  Cat *c = user_data;
  GArray *entries = g_hash_table_lookup (c->mem.maps, &hmap);

  /* Reverse insertion order, so that sorting is exercised. */
  for (guint i = entries != NULL ? entries->len : 0; i > 0; i--)
    {
      GmlFmtMapEntry *e = &g_array_index (entries, GmlFmtMapEntry, i - 1);

      fn (fn_data, e->key, e->elem);
    }
}

static gint64
fake_map_len (gpointer user_data,
              guint64  hmap)
{
  Cat *c = user_data;
  GArray *entries = g_hash_table_lookup (c->mem.maps, &hmap);

  return entries != NULL ? entries->len : 0;
}

/* ------------------------------------------------------------------ */
/* Types                                                               */

static GmlType *
basic (Cat *c, GmlTypeKind k)
{
  return gml_type_basic (c->tt, k);
}

static GmlType *
ty (Cat        *c,
    const char *name)
{
  GmlType *t = g_hash_table_lookup (c->types, name);

  g_assert_nonnull (t);
  return t;
}

static GmlType *
named (Cat        *c,
       GmlPackage *pkg,
       const char *name,
       GmlType    *underlying)
{
  GmlObject *obj = gml_arena_new0 (c->arena, GmlObject);
  GmlType *t;

  obj->kind = GML_OBJ_TYPE;
  obj->name = gml_arena_intern (c->arena, name);
  obj->pkg = pkg;
  t = gml_type_named_new (c->tt, obj, pkg);
  obj->type = t;
  gml_type_named_set_underlying (t, underlying);
  g_hash_table_insert (c->types, (gpointer) obj->name, t);
  return t;
}

static void
add_method (Cat        *c,
            GmlType    *t,
            const char *name,
            GmlType    *result,
            gboolean    ptr_recv)
{
  GmlObject *m = gml_arena_new0 (c->arena, GmlObject);
  GmlObject **methods = gml_arena_newv (c->arena, GmlObject *, t->u.named.n_methods + 1);

  m->kind = GML_OBJ_FUNC;
  m->name = gml_arena_intern (c->arena, name);
  m->type = gml_type_func (c->tt, NULL, 0, &result, 1, FALSE);
  m->pkg = t->u.named.pkg;
  m->flags = GML_FUNC_METHOD | (ptr_recv ? GML_FUNC_PTR_RECV : 0);
  if (t->u.named.n_methods > 0)
    memcpy (methods, t->u.named.methods, sizeof (GmlObject *) * t->u.named.n_methods);
  methods[t->u.named.n_methods++] = m;
  t->u.named.methods = methods;
}

/* A struct from "Name type" pairs; a name starting with '*' (embedded)
 * means an embedded field. */
static GmlType *
strukt (Cat        *c,
        GmlPackage *pkg,
        guint       n,
        ...)
{
  GmlField fields[16] = { { 0 } };
  va_list ap;

  g_assert_cmpuint (n, <=, 16);
  va_start (ap, n);
  for (guint i = 0; i < n; i++)
    {
      const char *name = va_arg (ap, const char *);

      fields[i].embedded = name[0] == '*';
      if (fields[i].embedded)
        name++;
      fields[i].name = gml_arena_intern (c->arena, name);
      fields[i].type = va_arg (ap, GmlType *);
      fields[i].exported = g_ascii_isupper (name[0]);
      fields[i].pkg = pkg;
    }
  va_end (ap);
  return gml_type_struct (c->tt, fields, n);
}

static void
types_build (Cat *c)
{
  GmlType *s = basic (c, GML_TYPE_STRING), *i = basic (c, GML_TYPE_INT);
  GmlType *b = basic (c, GML_TYPE_UINT8);
  GmlType *any = gml_type_empty_interface (c->tt);
  GmlType *errt, *sig = gml_type_func (c->tt, NULL, 0, &s, 1, FALSE);
  GmlIMethod error_method = { gml_arena_intern (c->arena, "Error"), sig, NULL, { 0 } };
  GmlPackage *m = &c->main_pkg;

  errt = named (c, NULL, "error", gml_type_interface (c->tt, &error_method, 1, NULL, 0));
  gml_type_table_set_error (c->tt, errt);

  named (c, m, "MyInt", i);
  named (c, m, "MyStr", s);
  named (c, m, "MyFloat", basic (c, GML_TYPE_FLOAT64));
  named (c, m, "MyBytes", gml_type_slice (c->tt, b));
  named (c, m, "Byte", b);
  named (c, m, "MyBool", basic (c, GML_TYPE_BOOL));
  named (c, m, "MyU8", b);
  named (c, m, "Point", strukt (c, m, 2, "X", i, "Y", i));
  named (c, m, "Inner", strukt (c, m, 2, "A", s, "b", i));
  add_method (c, named (c, m, "Str", strukt (c, m, 1, "v", i)), "String", s, FALSE);
  add_method (c, named (c, m, "Str2", strukt (c, m, 1, "w", i)), "String", s, FALSE);
  add_method (c, named (c, m, "PStr", strukt (c, m, 1, "v", i)), "String", s, TRUE);
  add_method (c, named (c, m, "Panicky", i), "String", s, FALSE);
  add_method (c, named (c, m, "ErrT", strukt (c, m, 1, "code", i)), "Error", s, FALSE);
  add_method (c, named (c, m, "PErr", strukt (c, m, 1, "msg", s)), "Error", s, TRUE);
  named (c, m, "Embeds", strukt (c, m, 2, "*Str", ty (c, "Str"), "N", i));
  named (c, m, "Both", strukt (c, m, 2, "*ErrT", ty (c, "ErrT"), "*Str", ty (c, "Str")));
  named (c, m, "Amb", strukt (c, m, 2, "*Str", ty (c, "Str"), "*Str2", ty (c, "Str2")));
  add_method (c, named (c, m, "GoStr", strukt (c, m, 1, "A", i)), "GoString", s, FALSE);
  add_method (c, named (c, m, "BadStr", strukt (c, m, 1, "A", i)), "String", i, FALSE);
  named (c, m, "Holder", strukt (c, m, 4, "s", ty (c, "Str"), "S", ty (c, "Str"),
                                  "e", errt, "E", errt));
  named (c, m, "Outer", strukt (c, m, 9, "Name", s, "In", ty (c, "Inner"), "P", ty (c, "Point"),
                                 "Any", any, "Err", errt, "Tags", gml_type_slice (c->tt, s),
                                 "M", gml_type_map (c->tt, s, i), "F", basic (c, GML_TYPE_FLOAT64),
                                 "Bytes", gml_type_slice (c->tt, b)));
  named (c, m, "S", strukt (c, m, 1, "A", i));
  named (c, m, "Ptr", gml_type_pointer (c->tt, i));
  add_method (c, named (c, &c->errors_pkg, "errorString", strukt (c, &c->errors_pkg, 1, "s", s)),
              "Error", s, TRUE);
  add_method (c, named (c, m, "str", strukt (c, m, 1, "v", i)), "String", s, FALSE);
  named (c, m, "HasEmb", strukt (c, m, 2, "*str", ty (c, "str"), "N", i));
  named (c, m, "HoldUnexp", strukt (c, m, 2, "X", ty (c, "str"), "y", ty (c, "str")));
  add_method (c, named (c, m, "Names", gml_type_slice (c->tt, s)), "String", s, FALSE);
  named (c, m, "Deep", strukt (c, m, 4, "A", gml_type_slice (c->tt, ty (c, "Str")),
                                "M", gml_type_map (c->tt, ty (c, "Str"), i), "I", any,
                                "N", ty (c, "Names")));
  gml_type_table_layout (c->tt);
}

/* ------------------------------------------------------------------ */
/* Values in the fake memory                                           */

static gsize
size_of (GmlType *t)
{
  return (gsize) gml_type_size (t);
}

static guint64
v_new (Cat     *c,
       GmlType *t)
{
  return fake_alloc (&c->mem, size_of (t));
}

static guint64
v_int (Cat     *c,
       GmlType *t,
       gint64   v)
{
  guint64 a = v_new (c, t);

  fake_write (&c->mem, a, &v, size_of (t));
  return a;
}

static guint64
v_f64 (Cat     *c,
       GmlType *t,
       double   v)
{
  guint64 a = v_new (c, t);

  if (size_of (t) == 4)
    {
      float f = (float) v;

      fake_write (&c->mem, a, &f, 4);
    }
  else
    fake_write (&c->mem, a, &v, 8);
  return a;
}

static void
w_str (Cat        *c,
       guint64     at,
       const char *s,
       gsize       len)
{
  guint64 data = len > 0 ? fake_alloc (&c->mem, len) : 0;

  if (len > 0)
    fake_write (&c->mem, data, s, len);
  w64 (c, at, data);
  w64 (c, at + 8, len);
}

static guint64
v_strn (Cat        *c,
        GmlType    *t,
        const char *s,
        gsize       len)
{
  guint64 a = v_new (c, t);

  w_str (c, a, s, len);
  return a;
}

static guint64
v_str (Cat        *c,
       const char *s)
{
  return v_strn (c, basic (c, GML_TYPE_STRING), s, strlen (s));
}

static void
w_iface (Cat     *c,
         guint64  at,
         GmlType *dyn,
         guint64  value)
{
  if (dyn == NULL)
    return;
  w64 (c, at, type_tab (dyn));
  w64 (c, at + 8, gml_type_is_pointer_shaped (dyn) ? r64 (c, value) : value);
}

static void
copy_value (Cat     *c,
            guint64  dst,
            guint64  src,
            gsize    size)
{
  if (size > 0)
    fake_write (&c->mem, dst, c->mem.heap + (src - HEAP_BASE), size);
}

/* Elements are values of `elem` at the given addresses (0: zero value);
 * for an interface element type, pairs (dynamic type, address). */
static guint64
v_seq (Cat      *c,
       GmlType  *t,
       guint     n,
       guint64  *elems,
       GmlType **dyn)
{
  GmlType *u = gml_type_underlying (t);
  GmlType *elem = u->kind == GML_TYPE_ARRAY ? u->u.array.elem : u->u.slice.elem;
  gsize es = size_of (elem);
  guint64 data = fake_alloc (&c->mem, es * n);
  guint64 a;

  for (guint k = 0; k < n; k++)
    {
      if (dyn != NULL)
        w_iface (c, data + k * es, dyn[k], elems[k]);
      else if (elems[k] != 0)
        copy_value (c, data + k * es, elems[k], es);
    }
  if (u->kind == GML_TYPE_ARRAY)
    return data;
  a = v_new (c, t);
  w64 (c, a, data);
  w64 (c, a + 8, n);
  w64 (c, a + 16, n);
  return a;
}

static guint64
v_nil (Cat     *c,
       GmlType *t)
{
  return v_new (c, t);
}

static guint64
v_ptr (Cat     *c,
       GmlType *t,
       guint64  target)
{
  guint64 a = v_new (c, t);

  w64 (c, a, target);
  return a;
}

static guint64
v_map (Cat      *c,
       GmlType  *t,
       guint     n,
       guint64  *keys,
       guint64  *elems)
{
  guint64 hmap = fake_alloc (&c->mem, 48);
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (GmlFmtMapEntry));
  guint64 *key = g_new (guint64, 1);

  for (guint k = 0; k < n; k++)
    {
      GmlFmtMapEntry e = { keys[k], elems[k] };

      g_array_append_val (entries, e);
    }
  *key = hmap;
  g_hash_table_insert (c->mem.maps, key, entries);
  return v_ptr (c, t, hmap);
}

/* A struct whose fields are copied from the given addresses (0: zero);
 * interface fields take (dynamic type, address) from dyn[]. */
static guint64
v_struct (Cat      *c,
          GmlType  *t,
          guint64  *fields,
          GmlType **dyn)
{
  GmlType *u = gml_type_underlying (t);
  guint64 a = v_new (c, t);

  for (guint k = 0; k < u->u.strukt.n_fields; k++)
    {
      GmlField *f = &u->u.strukt.fields[k];

      if (gml_type_is_interface (f->type) && dyn != NULL && dyn[k] != NULL)
        w_iface (c, a + f->offset, dyn[k], fields[k]);
      else if (fields != NULL && fields[k] != 0)
        copy_value (c, a + f->offset, fields[k], size_of (f->type));
    }
  return a;
}

static void
put (Cat        *c,
     const char *name,
     GmlType    *t,
     guint64     addr)
{
  GmlFmtArg *arg = g_new (GmlFmtArg, 1);

  arg->type = t;
  arg->addr = addr;
  g_hash_table_insert (c->values, (gpointer) name, arg);
}

static GmlFmtArg *
value (Cat        *c,
       const char *name)
{
  GmlFmtArg *a = g_hash_table_lookup (c->values, name);

  if (a == NULL)
    g_error ("catalog value %s is missing", name);
  return a;
}

#define T(k) basic (c, GML_TYPE_##k)

static void
catalog_numbers (Cat *c)
{
  put (c, "nil", NULL, 0);
  put (c, "int_0", T (INT), v_int (c, T (INT), 0));
  put (c, "int_42", T (INT), v_int (c, T (INT), 42));
  put (c, "int_neg", T (INT), v_int (c, T (INT), -1234567));
  put (c, "int_min", T (INT), v_int (c, T (INT), G_MININT64));
  put (c, "int_max", T (INT), v_int (c, T (INT), G_MAXINT64));
  put (c, "int8_neg", T (INT8), v_int (c, T (INT8), -5));
  put (c, "int16_min", T (INT16), v_int (c, T (INT16), -32768));
  put (c, "rune_x", T (INT32), v_int (c, T (INT32), 'x'));
  put (c, "rune_cjk", T (INT32), v_int (c, T (INT32), 0x4E16));
  put (c, "rune_big", T (INT32), v_int (c, T (INT32), 0x110000));
  put (c, "rune_surr", T (INT32), v_int (c, T (INT32), 0xD800));
  put (c, "rune_neg", T (INT32), v_int (c, T (INT32), -1));
  put (c, "rune_nl", T (INT32), v_int (c, T (INT32), '\n'));
  put (c, "int64_big", T (INT64), v_int (c, T (INT64), (gint64) 1 << 40));
  put (c, "uint8_200", T (UINT8), v_int (c, T (UINT8), 200));
  put (c, "uint16_max", T (UINT16), v_int (c, T (UINT16), 65535));
  put (c, "uint32_7", T (UINT32), v_int (c, T (UINT32), 7));
  put (c, "uint64_max", T (UINT64), v_int (c, T (UINT64), -1));
  put (c, "uint_0", T (UINT), v_int (c, T (UINT), 0));
  put (c, "uintptr", T (UINTPTR), v_int (c, T (UINTPTR), 0xdead));
  put (c, "bool_t", T (BOOL), v_int (c, T (BOOL), 1));
  put (c, "bool_f", T (BOOL), v_int (c, T (BOOL), 0));
  put (c, "f64_0", T (FLOAT64), v_f64 (c, T (FLOAT64), 0));
  put (c, "f64_negz", T (FLOAT64), v_f64 (c, T (FLOAT64), -0.0));
  put (c, "f64_pi", T (FLOAT64), v_f64 (c, T (FLOAT64), G_PI));
  put (c, "f64_third", T (FLOAT64), v_f64 (c, T (FLOAT64), 1.0 / 3));
  put (c, "f64_1e21", T (FLOAT64), v_f64 (c, T (FLOAT64), 1e21));
  put (c, "f64_1e20", T (FLOAT64), v_f64 (c, T (FLOAT64), 1e20));
  put (c, "f64_small", T (FLOAT64), v_f64 (c, T (FLOAT64), 1.2e-7));
  put (c, "f64_neg", T (FLOAT64), v_f64 (c, T (FLOAT64), -2.5));
  put (c, "f64_100k", T (FLOAT64), v_f64 (c, T (FLOAT64), 100000.0));
  put (c, "f64_max", T (FLOAT64), v_f64 (c, T (FLOAT64), G_MAXDOUBLE));
  put (c, "f64_denorm", T (FLOAT64), v_f64 (c, T (FLOAT64), 5e-324));
  put (c, "f64_nan", T (FLOAT64), v_f64 (c, T (FLOAT64), NAN));
  put (c, "f64_inf", T (FLOAT64), v_f64 (c, T (FLOAT64), INFINITY));
  put (c, "f64_ninf", T (FLOAT64), v_f64 (c, T (FLOAT64), -INFINITY));
  put (c, "f64_03", T (FLOAT64), v_f64 (c, T (FLOAT64), nextafter (0.3, 1)));
  put (c, "f64_1234", T (FLOAT64), v_f64 (c, T (FLOAT64), 1234.5678));
  put (c, "f64_1e6", T (FLOAT64), v_f64 (c, T (FLOAT64), 1e6));
  put (c, "f32_01", T (FLOAT32), v_f64 (c, T (FLOAT32), 0.1));
  put (c, "f32_big", T (FLOAT32), v_f64 (c, T (FLOAT32), 3.4e38));
  put (c, "f32_neg", T (FLOAT32), v_f64 (c, T (FLOAT32), -1.5));
  put (c, "f32_third", T (FLOAT32), v_f64 (c, T (FLOAT32), 1.0 / 3));
}

static void
catalog_strings (Cat *c)
{
  static const char ctrl[] = "tab\there\nnl\0\x7f\a";
  static const char bad[] = "bad\xffutf8\xc3";

  put (c, "str_empty", T (STRING), v_str (c, ""));
  put (c, "str_hello", T (STRING), v_str (c, "hello"));
  put (c, "str_utf8", T (STRING), v_str (c, "héllo, 世界"));
  put (c, "str_ctrl", T (STRING), v_strn (c, T (STRING), ctrl, sizeof ctrl - 1));
  put (c, "str_bad", T (STRING), v_strn (c, T (STRING), bad, sizeof bad - 1));
  put (c, "str_quote", T (STRING), v_str (c, "q\"uo'te\\"));
  put (c, "str_bq", T (STRING), v_str (c, "back`quote"));
  put (c, "str_emoji", T (STRING), v_str (c, "😀\u200b\ufeff\u00ad"));
  put (c, "str_long", T (STRING), v_str (c, "abcdefghijklmnopqrstuvwxyz"));
}

static guint64
v_bytes (Cat        *c,
         GmlType    *t,
         const char *s,
         gsize       len)
{
  guint64 a = v_new (c, t), data = fake_alloc (&c->mem, len);

  fake_write (&c->mem, data, s, len);
  w64 (c, a, data);
  w64 (c, a + 8, len);
  w64 (c, a + 16, len);
  return a;
}

static guint64
ints3 (Cat *c, GmlType *t, gint64 x, gint64 y, gint64 z)
{
  guint64 e[] = { v_int (c, T (INT), x), v_int (c, T (INT), y), v_int (c, T (INT), z) };

  return v_seq (c, t, 3, e, NULL);
}

static void
catalog_sequences (Cat *c)
{
  GmlType *bytes = gml_type_slice (c->tt, T (UINT8)), *ints = gml_type_slice (c->tt, T (INT));
  GmlType *strs = gml_type_slice (c->tt, T (STRING));
  GmlType *anys = gml_type_slice (c->tt, gml_type_empty_interface (c->tt));
  GmlType *nested = gml_type_slice (c->tt, ints);
  GmlType *ab = gml_type_array (c->tt, T (BOOL), 3), *ay = gml_type_array (c->tt, T (UINT8), 3);
  GmlType *a0 = gml_type_array (c->tt, T (INT), 0);
  GmlType *bn = gml_type_slice (c->tt, ty (c, "Byte"));
  guint64 se[] = { v_str (c, "a b"), v_str (c, "c\"d"), v_str (c, "") };
  guint64 ae[] = { v_int (c, T (INT), 1), v_str (c, "a"), 0, v_f64 (c, T (FLOAT64), 2.5),
                   v_int (c, T (BOOL), 1), v_new (c, ty (c, "Str")), v_new (c, ty (c, "ErrT")) };
  GmlType *ad[] = { T (INT), T (STRING), NULL, T (FLOAT64), T (BOOL), ty (c, "Str"), ty (c, "ErrT") };
  guint64 be[] = { v_int (c, T (BOOL), 1), 0, 0 };
  guint64 ne[] = { 0, 0, v_nil (c, ints) };
  guint64 ye[] = { v_int (c, T (UINT8), 'a'), v_int (c, T (UINT8), 'b'), v_int (c, T (UINT8), 'c') };

  put (c, "bytes", bytes, v_bytes (c, bytes, "hi\0\xff", 4));
  put (c, "bytes_nil", bytes, v_nil (c, bytes));
  put (c, "bytes_empty", bytes, v_seq (c, bytes, 0, NULL, NULL));
  put (c, "ints", ints, ints3 (c, ints, 1, -2, 3));
  put (c, "ints_nil", ints, v_nil (c, ints));
  put (c, "strs", strs, v_seq (c, strs, 3, se, NULL));
  put (c, "anys", anys, v_seq (c, anys, 7, ae, ad));
  put (c, "arr_bool", ab, v_seq (c, ab, 3, be, NULL));
  put (c, "arr_bytes", ay, v_seq (c, ay, 3, ye, NULL));
  put (c, "arr_empty", a0, v_seq (c, a0, 0, NULL, NULL));
  {
    guint64 one[] = { v_int (c, T (INT), 1), v_int (c, T (INT), 2) };
    guint64 three[] = { v_int (c, T (INT), 3) };

    ne[0] = v_seq (c, ints, 2, one, NULL);
    ne[1] = v_seq (c, ints, 1, three, NULL);
    put (c, "nested", nested, v_seq (c, nested, 3, ne, NULL));
  }
  put (c, "mybytes", ty (c, "MyBytes"), v_bytes (c, ty (c, "MyBytes"), "ab", 2));
  put (c, "bytes_named_elem", bn, v_bytes (c, bn, "xy", 2));
}

static guint64
point (Cat *c, gint64 x, gint64 y)
{
  guint64 f[] = { v_int (c, T (INT), x), v_int (c, T (INT), y) };

  return v_struct (c, ty (c, "Point"), f, NULL);
}

static void
catalog_maps (Cat *c)
{
  GmlType *si = gml_type_map (c->tt, T (STRING), T (INT));
  GmlType *is = gml_type_map (c->tt, T (INT), T (STRING));
  GmlType *sb = gml_type_map (c->tt, T (STRING), T (BOOL));
  GmlType *bi = gml_type_map (c->tt, T (BOOL), T (INT));
  GmlType *ps = gml_type_map (c->tt, ty (c, "Point"), T (STRING));
  GmlType *fs = gml_type_map (c->tt, T (FLOAT64), T (STRING));
  GmlType *a2 = gml_type_array (c->tt, T (INT), 2);
  GmlType *ab = gml_type_map (c->tt, a2, T (BOOL));
  GmlType *ss = gml_type_map (c->tt, T (STRING), ty (c, "Str"));
  guint64 k1[] = { v_str (c, "zeta"), v_str (c, "alpha"), v_str (c, "mid"), v_str (c, "") };
  guint64 e1[] = { v_int (c, T (INT), 26), v_int (c, T (INT), 1), v_int (c, T (INT), 13), v_int (c, T (INT), 0) };
  guint64 k2[] = { v_int (c, T (INT), 3), v_int (c, T (INT), -1), v_int (c, T (INT), 2) };
  guint64 e2[] = { v_str (c, "c"), v_str (c, "a"), v_str (c, "b") };
  guint64 k3[] = { v_int (c, T (BOOL), 1), v_int (c, T (BOOL), 0) };
  guint64 e3[] = { v_int (c, T (INT), 1), v_int (c, T (INT), 0) };
  guint64 k4[] = { point (c, 2, 1), point (c, 1, 2), point (c, 1, 1) };
  guint64 e4[] = { v_str (c, "b"), v_str (c, "a"), v_str (c, "c") };
  guint64 k5[] = { v_f64 (c, T (FLOAT64), 2.5), v_f64 (c, T (FLOAT64), -1),
                   v_f64 (c, T (FLOAT64), INFINITY), v_f64 (c, T (FLOAT64), -INFINITY) };
  guint64 e5[] = { v_str (c, "x"), v_str (c, "y"), v_str (c, "z"), v_str (c, "w") };
  guint64 p21[] = { v_int (c, T (INT), 2), v_int (c, T (INT), 1) };
  guint64 p19[] = { v_int (c, T (INT), 1), v_int (c, T (INT), 9) };
  guint64 k6[] = { v_seq (c, a2, 2, p21, NULL), v_seq (c, a2, 2, p19, NULL) };
  guint64 e6[] = { v_int (c, T (BOOL), 1), v_int (c, T (BOOL), 0) };
  guint64 k7[] = { v_str (c, "b"), v_str (c, "a") };
  guint64 e7[] = { v_new (c, ty (c, "Str")), v_new (c, ty (c, "Str")) };

  put (c, "map_si", si, v_map (c, si, 4, k1, e1));
  put (c, "map_is", is, v_map (c, is, 3, k2, e2));
  put (c, "map_nil", sb, v_nil (c, sb));
  put (c, "map_bool", bi, v_map (c, bi, 2, k3, e3));
  put (c, "map_pt", ps, v_map (c, ps, 3, k4, e4));
  put (c, "map_f", fs, v_map (c, fs, 4, k5, e5));
  put (c, "map_arr", ab, v_map (c, ab, 2, k6, e6));
  put (c, "map_str_val", ss, v_map (c, ss, 2, k7, e7));
}

static guint64
outer (Cat *c)
{
  GmlType *o = ty (c, "Outer"), *si = gml_type_map (c->tt, T (STRING), T (INT));
  GmlType *strs = gml_type_slice (c->tt, T (STRING));
  guint64 in[] = { v_str (c, "i"), v_int (c, T (INT), 1) };
  guint64 tags[] = { v_str (c, "t1"), v_str (c, "t2") };
  guint64 mk[] = { v_str (c, "y"), v_str (c, "x") };
  guint64 me[] = { v_int (c, T (INT), 2), v_int (c, T (INT), 1) };
  guint64 f[] = {
    v_str (c, "o"), v_struct (c, ty (c, "Inner"), in, NULL), point (c, 5, 6),
    v_new (c, ty (c, "Str")), v_new (c, ty (c, "ErrT")), v_seq (c, strs, 2, tags, NULL),
    v_map (c, si, 2, mk, me), v_f64 (c, T (FLOAT64), 0.5),
    v_bytes (c, gml_type_slice (c->tt, T (UINT8)), "by", 2),
  };
  GmlType *dyn[] = { NULL, NULL, NULL, ty (c, "Str"), ty (c, "ErrT"), NULL, NULL, NULL, NULL };

  return v_struct (c, o, f, dyn);
}

static void
catalog_structs (Cat *c)
{
  GmlType *str = ty (c, "Str");
  guint64 inner[] = { v_str (c, "in"), v_int (c, T (INT), 5) };
  guint64 one[] = { v_int (c, T (INT), 1) };
  guint64 emb[] = { v_struct (c, str, one, NULL), v_int (c, T (INT), 2) };
  guint64 perr[] = { v_str (c, "x") };
  guint64 hold[] = { 0, 0, v_new (c, ty (c, "ErrT")), v_new (c, ty (c, "ErrT")) };
  GmlType *hdyn[] = { NULL, NULL, ty (c, "ErrT"), ty (c, "ErrT") };
  GmlType *anon = strukt (c, &c->main_pkg, 2, "A", T (INT), "b", T (STRING));
  guint64 anon_f[] = { v_int (c, T (INT), 1), v_str (c, "x") };
  guint64 es[] = { v_str (c, "an error") };
  guint64 five[] = { v_int (c, T (INT), 5) };

  put (c, "point", ty (c, "Point"), point (c, 1, 2));
  put (c, "ppoint", gml_type_pointer (c->tt, ty (c, "Point")),
       v_ptr (c, gml_type_pointer (c->tt, ty (c, "Point")), point (c, 3, 4)));
  {
    GmlType *ints = gml_type_slice (c->tt, T (INT)), *a2 = gml_type_array (c->tt, T (STRING), 2);
    GmlType *m = gml_type_map (c->tt, T (STRING), T (INT));
    guint64 xy[] = { v_str (c, "x"), v_str (c, "y") };
    guint64 k[] = { v_str (c, "k") }, e[] = { v_int (c, T (INT), 1) };
    guint64 s56[] = { v_int (c, T (INT), 5), v_int (c, T (INT), 6) };

    put (c, "pints", gml_type_pointer (c->tt, ints),
         v_ptr (c, gml_type_pointer (c->tt, ints), v_seq (c, ints, 2, s56, NULL)));
    put (c, "parr", gml_type_pointer (c->tt, a2),
         v_ptr (c, gml_type_pointer (c->tt, a2), v_seq (c, a2, 2, xy, NULL)));
    put (c, "pmap", gml_type_pointer (c->tt, m),
         v_ptr (c, gml_type_pointer (c->tt, m), v_map (c, m, 1, k, e)));
  }
  put (c, "inner", ty (c, "Inner"), v_struct (c, ty (c, "Inner"), inner, NULL));
  put (c, "outer", ty (c, "Outer"), outer (c));
  put (c, "outer_zero", ty (c, "Outer"), v_new (c, ty (c, "Outer")));
  put (c, "str_t", str, v_struct (c, str, one, NULL));
  put (c, "pstr_val", ty (c, "PStr"), v_struct (c, ty (c, "PStr"), one, NULL));
  put (c, "pstr_ptr", gml_type_pointer (c->tt, ty (c, "PStr")),
       v_ptr (c, gml_type_pointer (c->tt, ty (c, "PStr")), v_struct (c, ty (c, "PStr"), one, NULL)));
  put (c, "pstr_nil", gml_type_pointer (c->tt, ty (c, "PStr")),
       v_nil (c, gml_type_pointer (c->tt, ty (c, "PStr"))));
  put (c, "str_nilptr", gml_type_pointer (c->tt, str), v_nil (c, gml_type_pointer (c->tt, str)));
  put (c, "panicky", ty (c, "Panicky"), v_int (c, ty (c, "Panicky"), 3));
  put (c, "errt", ty (c, "ErrT"), v_struct (c, ty (c, "ErrT"), five, NULL));
  put (c, "perr", gml_type_pointer (c->tt, ty (c, "PErr")),
       v_ptr (c, gml_type_pointer (c->tt, ty (c, "PErr")), v_struct (c, ty (c, "PErr"), perr, NULL)));
  put (c, "embeds", ty (c, "Embeds"), v_struct (c, ty (c, "Embeds"), emb, NULL));
  put (c, "both", ty (c, "Both"), v_new (c, ty (c, "Both")));
  put (c, "amb", ty (c, "Amb"), v_new (c, ty (c, "Amb")));
  put (c, "gostr", ty (c, "GoStr"), v_struct (c, ty (c, "GoStr"), one, NULL));
  put (c, "badstr", ty (c, "BadStr"), v_struct (c, ty (c, "BadStr"), one, NULL));
  put (c, "anon", anon, v_struct (c, anon, anon_f, NULL));
  put (c, "empty_struct", gml_type_struct (c->tt, NULL, 0), v_new (c, gml_type_struct (c->tt, NULL, 0)));
  put (c, "holder", ty (c, "Holder"), v_struct (c, ty (c, "Holder"), hold, hdyn));
  put (c, "errors_new", gml_type_pointer (c->tt, ty (c, "errorString")),
       v_ptr (c, gml_type_pointer (c->tt, ty (c, "errorString")),
              v_struct (c, ty (c, "errorString"), es, NULL)));
}

static guint64
deep (Cat *c)
{
  GmlType *strs = gml_type_slice (c->tt, ty (c, "Str"));
  GmlType *m = gml_type_map (c->tt, ty (c, "Str"), T (INT));
  guint64 a[] = { v_new (c, ty (c, "Str")) };
  guint64 k[] = { v_new (c, ty (c, "Str")) }, e[] = { v_int (c, T (INT), 1) };
  guint64 x[] = { v_str (c, "x") };
  guint64 f[] = { v_seq (c, strs, 1, a, NULL), v_map (c, m, 1, k, e), v_new (c, ty (c, "Str2")),
                  v_seq (c, ty (c, "Names"), 1, x, NULL) };
  GmlType *dyn[] = { NULL, NULL, ty (c, "Str2"), NULL };

  return v_struct (c, ty (c, "Deep"), f, dyn);
}

static void
catalog_named (Cat *c)
{
  guint64 emb[] = { 0, v_int (c, T (INT), 1) };
  guint64 a[] = { v_str (c, "a") };

  put (c, "has_emb", ty (c, "HasEmb"), v_struct (c, ty (c, "HasEmb"), emb, NULL));
  put (c, "hold_unexp", ty (c, "HoldUnexp"), v_new (c, ty (c, "HoldUnexp")));
  put (c, "names", ty (c, "Names"), v_seq (c, ty (c, "Names"), 1, a, NULL));
  put (c, "deep", ty (c, "Deep"), deep (c));
  put (c, "myint", ty (c, "MyInt"), v_int (c, ty (c, "MyInt"), -7));
  put (c, "mystr", ty (c, "MyStr"), v_strn (c, ty (c, "MyStr"), "named", 5));
  put (c, "myfloat", ty (c, "MyFloat"), v_f64 (c, ty (c, "MyFloat"), 2.5));
}

static Cat *
catalog_new (void)
{
  Cat *c = g_new0 (Cat, 1);

  c->arena = gml_arena_new ();
  c->tt = gml_type_table_new (c->arena);
  c->main_pkg.path = c->main_pkg.name = "main";
  c->errors_pkg.path = c->errors_pkg.name = "errors";
  c->types = g_hash_table_new (g_str_hash, g_str_equal);
  c->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  c->mem.heap = g_malloc0 (HEAP_SIZE);
  c->mem.maps = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) g_array_unref);
  c->host.user_data = c;
  c->host.types = c->tt;
  c->host.read = fake_read;
  c->host.iface_type = fake_iface_type;
  c->host.call_method = fake_call_method;
  c->host.map_foreach = fake_map_foreach;
  c->host.map_len = fake_map_len;
  types_build (c);
  catalog_numbers (c);
  catalog_strings (c);
  catalog_sequences (c);
  catalog_maps (c);
  catalog_structs (c);
  catalog_named (c);
  return c;
}

static void
catalog_free (Cat *c)
{
  g_hash_table_unref (c->types);
  g_hash_table_unref (c->values);
  g_hash_table_unref (c->mem.maps);
  g_free (c->mem.heap);
  gml_type_table_free (c->tt);
  gml_arena_free (c->arena);
  g_free (c);
}

/* ------------------------------------------------------------------ */
/* Golden files                                                        */

static char *
golden_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fmt-golden", name, NULL);
}

/* The lines of a golden file, without comments and blank lines. */
static char **
golden_lines (const char *name)
{
  g_autofree char *path = golden_path (name);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) all = NULL;
  GPtrArray *lines = g_ptr_array_new ();

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  all = g_strsplit (text, "\n", -1);
  for (guint i = 0; all[i] != NULL; i++)
    if (all[i][0] != '\0' && all[i][0] != '#')
      g_ptr_array_add (lines, g_strdup (all[i]));
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (lines, FALSE);
}

static int
hex_digit (char ch)
{
  return g_ascii_xdigit_value (ch);
}

static guint32
hex_value (const char *s,
           int         n)
{
  guint32 v = 0;

  for (int i = 0; i < n; i++)
    v = v * 16 + (guint32) hex_digit (s[i]);
  return v;
}

/* strconv.Unquote for the double-quoted strings Go's %q writes. */
static GString *
unquote (const char *q)
{
  GString *s = g_string_new (NULL);

  g_assert_true (q[0] == '"');
  for (q++; *q != '"'; q++)
    {
      const char *esc = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"''";
      const char *e;

      if (*q != '\\')
        {
          g_string_append_c (s, *q);
          continue;
        }
      q++;
      if (*q == 'x')
        g_string_append_c (s, (char) hex_value (q + 1, 2)), q += 2;
      else if (*q == 'u')
        gml_utf8_append (s, (gint32) hex_value (q + 1, 4)), q += 4;
      else if (*q == 'U')
        gml_utf8_append (s, (gint32) hex_value (q + 1, 8)), q += 8;
      else if ((e = strchr (esc, *q)) != NULL && (e - esc) % 2 == 0)
        g_string_append_c (s, e[1]);
      else
        g_error ("bad escape \\%c", *q);
    }
  return s;
}

/* Go-style %q of bytes, for readable failure messages. */
static char *
quoted (const char *s,
        gsize       len)
{
  GString *q = g_string_new (NULL);

  gml_quote_string (q, s, len, FALSE);
  return g_string_free (q, FALSE);
}

typedef struct
{
  guint cases;
  guint failures;
} Tally;

static void
tally_check (Tally      *t,
             const char *what,
             const char *got,
             gsize       got_len,
             const char *want,
             gsize       want_len)
{
  t->cases++;
  if (got_len == want_len && memcmp (got, want, got_len) == 0)
    return;
  if (++t->failures <= 40)
    {
      g_autofree char *g = quoted (got, got_len);
      g_autofree char *w = quoted (want, want_len);

      g_test_message ("%s:\n     got %s\n    want %s", what, g, w);
    }
}

static void
tally_done (Tally      *t,
            const char *what)
{
  g_test_message ("%s: %u cases, %u differ from Go", what, t->cases, t->failures);
  g_assert_cmpuint (t->failures, ==, 0);
  g_assert_cmpuint (t->cases, >, 0);
}

static GmlFmtArg *
args_of (Cat        *c,
         const char *names,
         guint      *n)
{
  g_auto (GStrv) v = g_strsplit (names, " ", -1);
  GmlFmtArg *args = g_new0 (GmlFmtArg, g_strv_length (v) + 1);

  *n = 0;
  for (guint i = 0; v[i] != NULL; i++)
    if (v[i][0] != '\0')
      args[(*n)++] = *value (c, v[i]);
  return args;
}

static void
test_printf_golden (void)
{
  Cat *c = catalog_new ();
  g_auto (GStrv) lines = golden_lines ("printf.txt");
  Tally printf_t = { 0 }, print_t = { 0 }, errorf_t = { 0 };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
      g_autoptr (GString) out = g_string_new (NULL);
      g_autoptr (GString) format = NULL, want = NULL;
      g_autofree GmlFmtArg *args = NULL;
      g_autofree char *what = NULL;
      guint n;

      g_assert_cmpuint (g_strv_length (f), >=, 4);
      format = unquote (f[1]);
      want = unquote (f[3]);
      args = args_of (c, f[2], &n);
      what = g_strdup_printf ("%s %s (%s)", f[0], f[1], f[2]);
      if (strcmp (f[0], "printf") == 0)
        {
          gml_fmt_sprintf (&c->host, out, format->str, format->len, args, n);
          tally_check (&printf_t, what, out->str, out->len, want->str, want->len);
        }
      else if (strcmp (f[0], "sprint") == 0 || strcmp (f[0], "sprintln") == 0)
        {
          if (f[0][6] == 'l')
            gml_fmt_sprintln (&c->host, out, args, n);
          else
            gml_fmt_sprint (&c->host, out, args, n);
          tally_check (&print_t, what, out->str, out->len, want->str, want->len);
        }
      else if (strcmp (f[0], "errorf") == 0)
        {
          int wrapped = gml_fmt_errorf (&c->host, out, format->str, format->len, args, n);

          g_string_append_printf (out, " wrapped=%d", wrapped);
          g_string_append_printf (want, " wrapped=%s", f[4]);
          tally_check (&errorf_t, what, out->str, out->len, want->str, want->len);
        }
    }
  tally_done (&printf_t, "Sprintf");
  tally_done (&print_t, "Sprint/Sprintln");
  tally_done (&errorf_t, "Errorf");
  catalog_free (c);
}

/* ------------------------------------------------------------------ */
/* gen.go's pseudo-random inputs                                       */

typedef struct
{
  guint64 s;
} Rng;

static guint64
rng_next (Rng *r)
{
  guint64 z;

  r->s += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  z = r->s;
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static int
rng_intn (Rng *r,
          int  lo,
          int  hi)
{
  return lo + (int) (rng_next (r) % (guint64) (hi - lo + 1));
}

static const double pow10_table[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
  1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static double
bits_to_double (guint64 bits)
{
  double d;

  memcpy (&d, &bits, sizeof d);
  return d;
}

/* rng.value in gen.go; each draw is sequenced as Go evaluates it. */
static double
rng_value (Rng        *r,
           const char *kind,
           int         bitsize)
{
  if (strcmp (kind, "bits") == 0)
    {
      if (bitsize == 32)
        {
          guint32 b = (guint32) (rng_next (r) >> 32);
          float f;

          memcpy (&f, &b, sizeof f);
          return f;
        }
      return bits_to_double (rng_next (r));
    }
  else
    {
      gint64 n = (gint64) (rng_next (r) >> 11);
      guint shift = (guint) (rng_next (r) % 53);
      guint k;
      double v;

      n >>= shift;
      k = (guint) (rng_next (r) % 23);
      v = (double) n / pow10_table[k];
      if (rng_next (r) & 1)
        v = -v;
      return bitsize == 32 ? (double) (float) v : v;
    }
}

typedef struct
{
  GChecksum *sum;
  GString   *dump;   /* optional: every output, Go-quoted */
} Hasher;

static void
hasher_emit (Hasher     *h,
             const char *s,
             gsize       len)
{
  g_checksum_update (h->sum, (const guchar *) s, (gssize) len);
  g_checksum_update (h->sum, (const guchar *) "\n", 1);
  if (h->dump != NULL)
    {
      g_autofree char *q = quoted (s, len);

      g_string_append_printf (h->dump, "%s\n", q);
    }
}

/* On a mismatch the block's outputs go to a file that can be diffed
 * against `go run tests/fmt-golden/gen.go -dump NAME`. */
static void
check_block (Tally      *t,
             const char *name,
             Hasher     *h,
             const char *want)
{
  const char *got = g_checksum_get_string (h->sum);

  t->cases++;
  if (strcmp (got, want) == 0)
    return;
  t->failures++;
  g_test_message ("block %s: outputs differ from Go's (sha256 %s, want %s)", name, got, want);
}

static void
float_block (const char *kind,
             int         bitsize,
             char        fmt,
             int         prec_lo,
             int         prec_hi,
             guint       count,
             guint64     seed,
             Hasher     *h)
{
  g_autoptr (GString) out = g_string_new (NULL);
  Rng r = { seed };

  for (guint i = 0; i < count; i++)
    {
      double v = rng_value (&r, kind, bitsize);
      int prec = prec_lo == prec_hi ? prec_lo : rng_intn (&r, prec_lo, prec_hi);

      g_string_truncate (out, 0);
      gml_format_float (out, v, fmt, prec, bitsize);
      hasher_emit (h, out->str, out->len);
    }
}

static void
write_dump (const char *name,
            GString    *dump)
{
  g_autofree char *file = g_strdup_printf ("fmt-dump-%s.txt", name);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, file, NULL);

  g_file_set_contents (path, dump->str, (gssize) dump->len, NULL);
  g_test_message ("wrote %s", path);
}

/* Recomputes a failed block with a dump of every output. */
typedef void (*BlockRunner) (char **f, Hasher *h);

static void
run_block (Tally       *t,
           char       **f,
           const char  *name,
           const char  *want,
           BlockRunner  runner)
{
  Hasher h = { g_checksum_new (G_CHECKSUM_SHA256), NULL };
  guint failures = t->failures;

  runner (f, &h);
  check_block (t, name, &h, want);
  g_checksum_free (h.sum);
  if (t->failures > failures && t->failures <= 3)
    {
      Hasher d = { g_checksum_new (G_CHECKSUM_SHA256), g_string_new (NULL) };

      runner (f, &d);
      write_dump (name, d.dump);
      g_string_free (d.dump, TRUE);
      g_checksum_free (d.sum);
    }
}

/* block name kind bitsize fmt lo hi count seed sha256 */
static void
float_block_runner (char   **f,
                    Hasher  *h)
{
  float_block (f[2], atoi (f[3]), f[4][0], atoi (f[5]), atoi (f[6]),
               (guint) atoi (f[7]), g_ascii_strtoull (f[8], NULL, 10), h);
}

static void
test_floats_explicit (void)
{
  g_auto (GStrv) lines = golden_lines ("floats.txt");
  g_autoptr (GString) out = g_string_new (NULL);
  Tally t = { 0 };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
      g_autofree char *what = NULL;

      if (strcmp (f[0], "float") != 0)
        continue;
      g_string_truncate (out, 0);
      gml_format_float (out, bits_to_double (g_ascii_strtoull (f[1], NULL, 16)),
                        f[3][0], atoi (f[4]), atoi (f[2]));
      what = g_strdup_printf ("FormatFloat(%s, '%s', %s, %s)", f[1], f[3], f[4], f[2]);
      tally_check (&t, what, out->str, out->len, f[5], strlen (f[5]));
    }
  tally_done (&t, "FormatFloat, explicit values");
}

static void
test_floats_random (void)
{
  g_auto (GStrv) lines = golden_lines ("floats.txt");
  Tally t = { 0 };
  guint values = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);

      if (strcmp (f[0], "block") != 0)
        continue;
      g_assert_cmpuint (g_strv_length (f), ==, 10);
      run_block (&t, f, f[1], f[9], float_block_runner);
      values += (guint) atoi (f[7]);
    }
  g_test_message ("%u random floats in %u blocks", values, t.cases);
  tally_done (&t, "FormatFloat, random blocks");
}

/* ------------------------------------------------------------------ */
/* strconv blocks: quoting, UTF-8, integers, printfloat                */

static void
random_bytes (Rng     *r,
              GString *b)
{
  int n = rng_intn (r, 0, 12);

  g_string_truncate (b, 0);
  while ((int) b->len < n)
    switch (rng_next (r) % 4)
      {
      case 0:
        g_string_append_c (b, (char) rng_next (r));
        break;
      case 1:
        g_string_append_c (b, (char) (rng_next (r) % 128));
        break;
      default:
        gml_utf8_append (b, (gint32) (rng_next (r) % 0x110000));
        break;
      }
}

static void
strconv_block_runner (char   **f,
                      Hasher  *h)
{
  const char *name = f[1];
  guint count = (guint) atoi (f[2]);
  Rng r = { g_ascii_strtoull (f[3], NULL, 10) };
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) in = g_string_new (NULL);

  for (guint i = 0; i < count; i++)
    {
      g_string_truncate (out, 0);
      if (g_str_has_prefix (name, "quote_rune"))
        gml_quote_rune (out, (gint32) i, strcmp (name, "quote_rune_ascii") == 0);
      else if (g_str_has_prefix (name, "quote_string"))
        {
          random_bytes (&r, in);
          gml_quote_string (out, in->str, in->len, strcmp (name, "quote_string_ascii") == 0);
        }
      else if (strcmp (name, "decode_rune") == 0)
        {
          random_bytes (&r, in);
          for (gsize k = 0; k < in->len;)
            {
              gsize w;
              gint32 ch = gml_utf8_decode ((const guint8 *) in->str + k, in->len - k, &w);

              g_string_append_printf (out, "%x/%d ", (guint) ch, (int) w);
              k += w;
            }
        }
      else if (strcmp (name, "can_backquote") == 0)
        {
          random_bytes (&r, in);
          g_string_append (out, gml_can_backquote (in->str, in->len) ? "true" : "false");
        }
      else if (strcmp (name, "format_int") == 0)
        {
          gint64 v = (gint64) rng_next (&r);

          v >>= rng_next (&r) % 64;
          gml_format_int (out, v, rng_intn (&r, 2, 36));
        }
      else if (strcmp (name, "format_uint") == 0)
        {
          guint64 v = rng_next (&r);

          v >>= rng_next (&r) % 64;
          gml_format_uint (out, v, rng_intn (&r, 2, 36));
        }
      else
        g_error ("unknown block %s", name);
      hasher_emit (h, out->str, out->len);
    }
}

/* The runtime's println(float64) of a value, through a fake memory. */
static void
runtime_print_float (Cat     *c,
                     GString *out,
                     double   v)
{
  guint64 a = v_f64 (c, T (FLOAT64), v);

  gml_fmt_runtime_print (&c->host, out, T (FLOAT64), a);
  c->mem.used = a - HEAP_BASE;   /* free it again */
}

static Cat *printfloat_cat;

static void
printfloat_block_runner (char   **f,
                         Hasher  *h)
{
  Cat *c = printfloat_cat;
  g_autoptr (GString) out = g_string_new (NULL);
  guint count = (guint) atoi (f[2]);
  Rng r = { g_ascii_strtoull (f[3], NULL, 10) };

  for (guint i = 0; i < count; i++)
    {
      g_string_truncate (out, 0);
      runtime_print_float (c, out, rng_value (&r, i % 2 == 0 ? "bits" : "dec", 64));
      hasher_emit (h, out->str, out->len);
    }
}

static void
test_strconv_blocks (void)
{
  g_auto (GStrv) lines = golden_lines ("strconv.txt");
  Tally t = { 0 };

  printfloat_cat = catalog_new ();
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);

      if (strcmp (f[0], "block") != 0)
        continue;
      run_block (&t, f, f[1], f[4],
                 strcmp (f[1], "printfloat") == 0 ? printfloat_block_runner : strconv_block_runner);
    }
  tally_done (&t, "strconv blocks");
  g_clear_pointer (&printfloat_cat, catalog_free);
}

static void
test_strconv_explicit (void)
{
  g_auto (GStrv) lines = golden_lines ("strconv.txt");
  g_autoptr (GString) out = g_string_new (NULL);
  Cat *c = catalog_new ();
  Tally t = { 0 };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);

      g_string_truncate (out, 0);
      if (strcmp (f[0], "printfloat") == 0)
        {
          runtime_print_float (c, out, bits_to_double (g_ascii_strtoull (f[1], NULL, 16)));
          tally_check (&t, f[1], out->str, out->len, f[2], strlen (f[2]));
        }
      else if (strcmp (f[0], "quote") == 0)
        {
          g_autoptr (GString) in = g_string_new (NULL);

          for (const char *p = f[1]; p[0] != '\0'; p += 2)
            g_string_append_c (in, (char) hex_value (p, 2));
          gml_quote_string (out, in->str, in->len, FALSE);
          g_string_append_c (out, '\t');
          gml_quote_string (out, in->str, in->len, TRUE);
          g_string_append_printf (out, "\t%s", gml_can_backquote (in->str, in->len) ? "true" : "false");
          {
            g_autofree char *want = g_strdup_printf ("%s\t%s\t%s", f[2], f[3], f[4]);

            tally_check (&t, f[1], out->str, out->len, want, strlen (want));
          }
        }
    }
  tally_done (&t, "strconv explicit");
  catalog_free (c);
}

/* ------------------------------------------------------------------ */
/* Random formats over random values                                   */

static char
rng_pick (Rng        *r,
          const char *s)
{
  return s[rng_next (r) % strlen (s)];
}

static void
rng_format (Rng     *r,
            GString *b)
{
  g_string_truncate (b, 0);
  for (int n = rng_intn (r, 1, 3); n > 0; n--)
    {
      if (rng_next (r) % 3 == 0)
        g_string_append (b, "ab ");
      g_string_append_c (b, '%');
      for (int f = rng_intn (r, 0, 3); f > 0; f--)
        g_string_append_c (b, rng_pick (r, "#0+- "));
      if (rng_next (r) % 8 == 0)
        g_string_append_printf (b, "[%d]", rng_intn (r, 0, 4));
      switch (rng_next (r) % 4)
        {
        case 0: g_string_append_printf (b, "%d", rng_intn (r, 0, 25)); break;
        case 1: g_string_append_c (b, '*'); break;
        default: break;
        }
      switch (rng_next (r) % 4)
        {
        case 0: g_string_append_printf (b, ".%d", rng_intn (r, 0, 25)); break;
        case 1: g_string_append (b, ".*"); break;
        case 2: g_string_append_c (b, '.'); break;
        default: break;
        }
      if (rng_next (r) % 10 == 0)
        g_string_append_printf (b, "[%d]", rng_intn (r, 0, 4));
      g_string_append_c (b, rng_pick (r, "vvvdsqxXoObcUeEfFgGtTp%w!z"));
    }
}

static Cat  *fuzz_cat;
static char **fuzz_pool;

static void
fuzz_block_runner (char   **f,
                   Hasher  *h)
{
  Rng r = { g_ascii_strtoull (f[3], NULL, 10) };
  guint count = (guint) atoi (f[2]), pool_len = g_strv_length (fuzz_pool);
  g_autoptr (GString) format = g_string_new (NULL);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < count; i++)
    {
      GmlFmtArg args[4];
      guint n = 0;

      rng_format (&r, format);
      for (int k = rng_intn (&r, 0, 4); k > 0; k--)
        args[n++] = *value (fuzz_cat, fuzz_pool[rng_next (&r) % pool_len]);
      g_string_truncate (out, 0);
      gml_fmt_sprintf (&fuzz_cat->host, out, format->str, format->len, args, n);
      hasher_emit (h, out->str, out->len);
    }
}

static void
test_fuzz_blocks (void)
{
  g_auto (GStrv) lines = golden_lines ("fuzz.txt");
  Tally t = { 0 };

  fuzz_cat = catalog_new ();
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);

      if (strcmp (f[0], "pool") == 0)
        {
          g_strfreev (fuzz_pool);
          fuzz_pool = g_strsplit (f[1], " ", -1);
        }
      else if (strcmp (f[0], "block") == 0)
        {
          g_assert_nonnull (fuzz_pool);
          run_block (&t, f, f[1], f[4], fuzz_block_runner);
        }
    }
  tally_done (&t, "random formats (5000 per block)");
  g_clear_pointer (&fuzz_pool, g_strfreev);
  g_clear_pointer (&fuzz_cat, catalog_free);
}

/* ------------------------------------------------------------------ */
/* Hand-written cases: addresses, runtime printing, panics, guards     */

static GmlFmtArg
arg (GmlType *t,
     guint64  addr)
{
  return (GmlFmtArg) { t, addr };
}

static void
check_printf (Cat        *c,
              const char *want,
              const char *format,
              guint       n,
              ...)
{
  g_autoptr (GString) out = g_string_new (NULL);
  GmlFmtArg args[8];
  va_list ap;

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (args));
  va_start (ap, n);
  for (guint i = 0; i < n; i++)
    args[i] = va_arg (ap, GmlFmtArg);
  va_end (ap);
  gml_fmt_sprintf (&c->host, out, format, strlen (format), args, n);
  g_assert_cmpstr (out->str, ==, want);
}

static char *
hex (guint64 v)
{
  return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", v);
}

static void
test_addresses (void)
{
  Cat *c = catalog_new ();
  GmlType *pint = gml_type_pointer (c->tt, T (INT));
  GmlType *ppt = gml_type_pointer (c->tt, ty (c, "Point"));
  GmlType *holder = strukt (c, &c->main_pkg, 1, "P", ppt);
  GmlType *sig = gml_type_func (c->tt, NULL, 0, NULL, 0, FALSE);
  GmlType *chan = gml_type_chan (c->tt, GML_CHAN_BOTH, T (INT));
  guint64 target = v_int (c, T (INT), 5), pt = point (c, 1, 2);
  guint64 p = v_ptr (c, pint, target), nilp = v_nil (c, pint);
  guint64 elems[] = { v_ptr (c, ppt, pt) };
  guint64 sl = v_seq (c, gml_type_slice (c->tt, ppt), 1, elems, NULL);
  guint64 hf[] = { v_ptr (c, ppt, pt) };
  guint64 h = v_struct (c, holder, hf, NULL), hnil = v_new (c, holder);
  guint64 closure = fake_alloc (&c->mem, 16), fn, ch = v_ptr (c, chan, 0xc000abc000);
  g_autofree char *a = hex (target), *b = hex (pt), *dec = NULL, *s = NULL;

  w64 (c, closure, 0x401234);
  fn = v_ptr (c, sig, closure);
  check_printf (c, a, "%v", 1, arg (pint, p));
  check_printf (c, a, "%p", 1, arg (pint, p));
  check_printf (c, a + 2, "%#p", 1, arg (pint, p));
  check_printf (c, a + 2, "%x", 1, arg (pint, p));
  dec = g_strdup_printf ("%" G_GUINT64_FORMAT, target);
  check_printf (c, dec, "%d", 1, arg (pint, p));
  s = g_strdup_printf ("%%!s(*int=%s)", a);
  check_printf (c, s, "%s", 1, arg (pint, p));
  check_printf (c, "<nil> 0x0 |     <nil>|", "%v %p |%10v|", 3, arg (pint, nilp), arg (pint, nilp), arg (pint, nilp));
  g_free (s);
  s = g_strdup_printf ("[%s] {P:%s} {P:<nil>} &{P:%s}", b, b, b);
  check_printf (c, s, "%v %+v %+v %+v", 4, arg (gml_type_slice (c->tt, ppt), sl),
                arg (holder, h), arg (holder, hnil), arg (gml_type_pointer (c->tt, holder),
                                                           v_ptr (c, gml_type_pointer (c->tt, holder), h)));
  g_free (s);
  s = g_strdup_printf ("[]*main.Point{(*main.Point)(%s)} (*int)(nil)", b);
  check_printf (c, s, "%#v %#v", 2, arg (gml_type_slice (c->tt, ppt), sl), arg (pint, nilp));
  /* Func values print their code address; chans their hchan. */
  check_printf (c, "0x401234 0x401234 func() <nil>", "%v %p %T %v", 4, arg (sig, fn), arg (sig, fn),
                arg (sig, fn), arg (sig, v_nil (c, sig)));
  check_printf (c, "0xc000abc000 chan int", "%v %T", 2, arg (chan, ch), arg (chan, ch));
  catalog_free (c);
}

static void
test_huge_width (void)
{
  Cat *c = catalog_new ();
  g_autoptr (GString) out = g_string_new (NULL);
  GmlFmtArg *v = value (c, "int_42");
  GmlFmtArg *f = value (c, "f64_pi");

  gml_fmt_sprintf (&c->host, out, "%1000000d", 9, v, 1);
  g_assert_cmpuint (out->len, ==, 1000000);
  g_assert_true (g_str_has_suffix (out->str, " 42"));
  g_string_truncate (out, 0);
  gml_fmt_sprintf (&c->host, out, "%.1000000f", 10, f, 1);
  g_assert_cmpuint (out->len, ==, 1000002);
  g_assert_true (g_str_has_prefix (out->str, "3.14159265358979311599796346854418516"));
  g_string_truncate (out, 0);
  gml_fmt_sprintf (&c->host, out, "%99999999999999999999d", 22, v, 1);
  g_assert_cmpstr (out->str, ==, "%!(NOVERB)%!(EXTRA int=42)");
  catalog_free (c);
}

/* A []any that contains itself: Go overflows its stack; we stop. */
static void
test_self_containing (void)
{
  Cat *c = catalog_new ();
  GmlType *anys = gml_type_slice (c->tt, gml_type_empty_interface (c->tt));
  guint64 e[] = { 0 };
  GmlType *d[] = { NULL };
  guint64 sl = v_seq (c, anys, 1, e, d);
  g_autoptr (GString) out = g_string_new (NULL);

  w_iface (c, r64 (c, sl), anys, sl);
  gml_fmt_value (&c->host, out, anys, sl);
  g_assert_true (g_str_has_prefix (out->str, "[[[[[[[[[["));
  g_assert_true (strstr (out->str, "...") != NULL);
  catalog_free (c);
}

/* Garbage (unmapped pointers, absurd lengths) prints something small. */
static void
test_unmapped (void)
{
  Cat *c = catalog_new ();
  GmlType *ints = gml_type_slice (c->tt, T (INT));
  GmlType *m = gml_type_map (c->tt, T (STRING), T (INT));
  guint64 str = v_new (c, T (STRING)), sl = v_new (c, ints), bogus_map = v_ptr (c, m, 0xdead000);
  g_autoptr (GString) out = g_string_new (NULL);

  w64 (c, str, 0xdead0000);
  w64 (c, str + 8, 5);
  w64 (c, sl, HEAP_BASE);
  w64 (c, sl + 8, (guint64) 1 << 40);
  w64 (c, sl + 16, (guint64) 1 << 40);
  check_printf (c, "|[]|map[]|0|%!s(int=0)", "%s|%v|%v|%v|%s", 5, arg (T (STRING), str),
                arg (ints, sl), arg (m, bogus_map), arg (T (INT), 0x10), arg (T (INT), 0x10));
  /* Nor does a nil host callback table crash anything. */
  {
    GmlFmtHost bare = { 0 };

    gml_fmt_value (&bare, out, T (STRING), 0x1000);
    gml_fmt_value (&bare, out, m, 0x1000);
    g_assert_cmpstr (out->str, ==, "map[]");
  }
  catalog_free (c);
}

static void
test_value_limit (void)
{
  Cat *c = catalog_new ();
  GmlType *ints = gml_type_slice (c->tt, T (INT));
  g_autofree guint64 *zeros = g_new0 (guint64, 100000);
  guint64 big = v_seq (c, ints, 100000, zeros, NULL);
  g_autoptr (GString) out = g_string_new ("label: ");

  gml_fmt_value_limit (&c->host, out, ints, big, 10);
  g_assert_cmpstr (out->str, ==, "label: [0 0 0 0 0\u2026");
  g_string_truncate (out, 0);
  gml_fmt_value_limit (&c->host, out, T (STRING), value (c, "str_utf8")->addr, 8);
  g_assert_cmpstr (out->str, ==, "h\u00e9llo, \u2026");
  g_string_truncate (out, 0);
  gml_fmt_value_limit (&c->host, out, T (STRING), value (c, "str_utf8")->addr, 100);
  g_assert_cmpstr (out->str, ==, "h\u00e9llo, \u4e16\u754c");
  catalog_free (c);
}

static void
test_runtime_print (void)
{
  Cat *c = catalog_new ();
  GmlType *anyt = gml_type_empty_interface (c->tt), *ints = gml_type_slice (c->tt, T (INT));
  GmlType *pint = gml_type_pointer (c->tt, T (INT));
  guint64 e[] = { v_int (c, T (INT), 1), v_int (c, T (INT), 2), v_int (c, T (INT), 3) };
  guint64 sl = v_seq (c, ints, 3, e, NULL), iface = v_new (c, anyt), target = v_int (c, T (INT), 1);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *want = NULL;

  w64 (c, sl + 16, 4);
  w_iface (c, iface, T (INT), target);
#define RT(t, a) (gml_fmt_runtime_print (&c->host, out, (t), (a)), g_string_append_c (out, ' '))
  RT (T (BOOL), value (c, "bool_t")->addr);
  RT (T (INT8), value (c, "int8_neg")->addr);
  RT (T (UINT64), value (c, "uint64_max")->addr);
  RT (T (INT), value (c, "int_min")->addr);
  RT (T (FLOAT64), value (c, "f64_negz")->addr);
  RT (T (FLOAT32), value (c, "f32_01")->addr);
  RT (T (FLOAT64), value (c, "f64_inf")->addr);
  RT (T (STRING), value (c, "str_utf8")->addr);
  RT (pint, v_ptr (c, pint, target));
  RT (pint, v_nil (c, pint));
  RT (ints, sl);
  RT (anyt, iface);
  RT (anyt, v_new (c, anyt));
  RT (T (UINTPTR), value (c, "uintptr")->addr);
  RT (NULL, 0);
#undef RT
  want = g_strdup_printf ("true -5 18446744073709551615 -9223372036854775808 -0.000000e+000 "
                          "+1.000000e-001 +Inf héllo, 世界 0x%" G_GINT64_MODIFIER "x 0x0 "
                          "[3/4]0x%" G_GINT64_MODIFIER "x (0x%" G_GINT64_MODIFIER "x,0x%"
                          G_GINT64_MODIFIER "x) (0x0,0x0) 57005 nil ",
                          target, r64 (c, sl), type_tab (T (INT)), target);
  g_assert_cmpstr (out->str, ==, want);
  catalog_free (c);
}

/* The value of a panic, as "panic: VALUE" shows it (strconv.txt). */
static GmlFmtArg
panic_arg (Cat        *c,
           const char *name)
{
  static const char mystr[] = "x\"y";
  GmlType *s = ty (c, "S"), *ps = gml_type_pointer (c->tt, s);
  GmlType *mii = gml_type_map (c->tt, T (INT), T (INT)), *ints = gml_type_slice (c->tt, T (INT));
  guint64 one[] = { v_int (c, T (INT), 1) };
  struct { const char *name; GmlType *t; guint64 addr; } table[] = {
    { "1e300", T (FLOAT64), v_f64 (c, T (FLOAT64), 1e300) },
    { "bool", T (BOOL), v_int (c, T (BOOL), 1) },
    { "errt", ty (c, "ErrT"), v_new (c, ty (c, "ErrT")) },
    { "f32", T (FLOAT32), v_f64 (c, T (FLOAT32), 3.5) },
    { "f32tiny", T (FLOAT32), v_f64 (c, T (FLOAT32), 1e-40) },
    { "f64", T (FLOAT64), v_f64 (c, T (FLOAT64), 3.5) },
    { "int8", T (INT8), v_int (c, T (INT8), -3) },
    { "map", mii, v_map (c, mii, 0, NULL, NULL) },
    { "mybool", ty (c, "MyBool"), v_int (c, ty (c, "MyBool"), 1) },
    { "myfloat", ty (c, "MyFloat"), v_f64 (c, ty (c, "MyFloat"), 1.5) },
    { "myint", ty (c, "MyInt"), v_int (c, ty (c, "MyInt"), 42) },
    { "mystr", ty (c, "MyStr"), v_strn (c, ty (c, "MyStr"), mystr, 3) },
    { "myu8", ty (c, "MyU8"), v_int (c, ty (c, "MyU8"), 3) },
    { "nan", T (FLOAT64), v_f64 (c, T (FLOAT64), NAN) },
    { "negzero", T (FLOAT64), v_f64 (c, T (FLOAT64), -0.0) },
    { "nil", NULL, 0 },
    { "ninf", T (FLOAT64), v_f64 (c, T (FLOAT64), -INFINITY) },
    { "perr", gml_type_pointer (c->tt, ty (c, "PErr")),
      v_ptr (c, gml_type_pointer (c->tt, ty (c, "PErr")), v_new (c, ty (c, "PErr"))) },
    { "pstruct", ps, v_ptr (c, ps, v_struct (c, s, one, NULL)) },
    { "ptr_nil", ty (c, "Ptr"), v_nil (c, ty (c, "Ptr")) },
    { "slice", ints, v_seq (c, ints, 1, one, NULL) },
    { "string", T (STRING), v_str (c, "str\nline") },
    { "stringer", ty (c, "Str"), v_new (c, ty (c, "Str")) },
    { "struct", s, v_struct (c, s, one, NULL) },
    { "uint", T (UINT), v_int (c, T (UINT), 7) },
    { "uintptr", T (UINTPTR), v_int (c, T (UINTPTR), 5) },
    { "errors_new", value (c, "errors_new")->type, value (c, "errors_new")->addr },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (table[i].name, name) == 0)
      return arg (table[i].t, table[i].addr);
  g_error ("no panic value %s", name);
  return arg (NULL, 0);
}

static void
test_panic_values (void)
{
  g_auto (GStrv) lines = golden_lines ("strconv.txt");
  g_autoptr (GRegex) addr = g_regex_new ("0x[0-9a-f]+", 0, 0, NULL);
  Cat *c = catalog_new ();
  Tally t = { 0 };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
      g_autoptr (GString) out = g_string_new (NULL);
      g_autoptr (GString) want = NULL;
      g_autofree char *masked = NULL;
      GmlFmtArg a;

      if (strcmp (f[0], "panic") != 0)
        continue;
      a = panic_arg (c, f[1]);
      want = unquote (f[2]);
      gml_fmt_panic_value (&c->host, out, a.type, a.addr);
      masked = g_regex_replace_literal (addr, out->str, -1, 0, "0xADDR", 0, NULL);
      tally_check (&t, f[1], masked, strlen (masked), want->str, want->len);
    }
  tally_done (&t, "panic values");

  /* A panicking Error/String method: Go dies in preprintpanics. */
  {
    g_autoptr (GString) out = g_string_new (NULL);
    g_autofree char *text = NULL;
    GmlFmtArg *p = value (c, "panicky");

    g_assert_false (gml_fmt_panic_value_checked (&c->host, out, p->type, p->addr, &text));
    g_assert_cmpstr (text, ==, "boom");
    g_assert_cmpstr (out->str, ==, "");
  }
  catalog_free (c);
}

static void
test_map_interface_keys (void)
{
  Cat *c = catalog_new ();
  GmlType *anyt = gml_type_empty_interface (c->tt), *m = gml_type_map (c->tt, anyt, T (INT));
  guint64 keys[] = { v_new (c, anyt), v_new (c, anyt), v_new (c, anyt), v_new (c, anyt) };
  guint64 elems[] = { v_int (c, T (INT), 3), v_int (c, T (INT), 2), v_int (c, T (INT), 1),
                      v_int (c, T (INT), 0) };

  w_iface (c, keys[0], T (STRING), v_str (c, "a"));
  w_iface (c, keys[1], T (INT), v_int (c, T (INT), 2));
  w_iface (c, keys[2], T (INT), v_int (c, T (INT), 1));
  /* keys[3] stays nil: nil keys sort first, then by type, then value. */
  check_printf (c, "map[<nil>:0 1:1 2:2 a:3]", "%v", 1, arg (m, v_map (c, m, 4, keys, elems)));
  catalog_free (c);
}

static void
test_utf8 (void)
{
  static const struct { const char *in; gint32 r; gsize w; } cases[] = {
    { "\xc0\x80", 0xFFFD, 1 }, { "\xe0\x80\x80", 0xFFFD, 1 }, { "\xed\xa0\x80", 0xFFFD, 1 },
    { "\xf4\x90\x80\x80", 0xFFFD, 1 }, { "\xf0\x9f\x98\x80", 0x1F600, 4 }, { "\xe4\xb8", 0xFFFD, 1 },
    { "\xe4\xb8\x96", 0x4E16, 3 }, { "\x80", 0xFFFD, 1 }, { "a", 'a', 1 }, { "\xdf\xbf", 0x7FF, 2 },
  };
  g_autoptr (GString) out = g_string_new (NULL);
  gsize w;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (gml_utf8_decode ((const guint8 *) cases[i].in, strlen (cases[i].in), &w), ==, cases[i].r);
      g_assert_cmpuint (w, ==, cases[i].w);
    }
  g_assert_cmpint (gml_utf8_decode ((const guint8 *) "", 0, &w), ==, 0xFFFD);
  g_assert_cmpuint (w, ==, 0);
  gml_utf8_append (out, 0xD800);
  gml_utf8_append (out, 0x110000);
  gml_utf8_append (out, -1);
  gml_utf8_append (out, 0x10FFFF);
  g_assert_cmpstr (out->str, ==, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xf4\x8f\xbf\xbf");
  g_assert_cmpuint (gml_utf8_rune_count ("a\xffé", 4), ==, 3);
}

/* A few corpus programs' lines (055, 058, 060), built value by value. */
static void
test_corpus_lines (void)
{
  Cat *c = catalog_new ();
  GmlPackage *m = &c->main_pkg;
  GmlType *s = T (STRING), *i = T (INT), *strs = gml_type_slice (c->tt, s);
  GmlType *addr_t = named (c, m, "Address", strukt (c, m, 2, "Street", s, "Number", i));
  GmlType *person = named (c, m, "Person", strukt (c, m, 6, "Name", s, "Age", i, "Email", s,
                                                  "Home", addr_t, "Tags", strs,
                                                  "private", T (BOOL)));
  GmlType *empty = named (c, m, "Empty", gml_type_struct (c->tt, NULL, 0));
  GmlType *pp = gml_type_pointer (c->tt, person), *pa = gml_type_pointer (c->tt, addr_t);
  guint64 home_f[] = { v_str (c, "Main St"), v_int (c, i, 12) };
  guint64 tags[] = { v_str (c, "navy"), v_str (c, "cobol") };
  guint64 pf[] = { v_str (c, "Grace"), v_int (c, i, 85), 0,
                   v_struct (c, addr_t, home_f, NULL), v_seq (c, strs, 2, tags, NULL), 0 };
  guint64 p, elm_f[] = { v_str (c, "Elm"), v_int (c, i, 3) };
  GmlFmtArg args[8];
  g_autoptr (GString) out = g_string_new (NULL);

  gml_type_size (person);
  p = v_struct (c, person, pf, NULL);
  check_printf (c, "{Grace 85  {Main St 12} [navy cobol] false}\n", "%v\n", 1, arg (person, p));
  check_printf (c, "{Name:Grace Age:85 Email: Home:{Street:Main St Number:12} Tags:[navy cobol] private:false}\n",
                "%+v\n", 1, arg (person, p));
  check_printf (c, "&{Main St 12}\n", "%v\n", 1,
                arg (pa, v_ptr (c, pa, p + person->u.named.underlying->u.strukt.fields[3].offset)));
  check_printf (c, "&{Street:Elm Number:3}\n", "%+v\n", 1,
                arg (pa, v_ptr (c, pa, v_struct (c, addr_t, elm_f, NULL))));
  check_printf (c, "main.Person *main.Person main.Address\n", "%T %T %T\n", 3,
                arg (person, p), arg (pp, v_ptr (c, pp, p)), arg (addr_t, p));
  args[0] = arg (empty, v_new (c, empty));
  args[1] = arg (gml_type_pointer (c->tt, empty), v_ptr (c, gml_type_pointer (c->tt, empty), v_new (c, empty)));
  gml_fmt_sprintln (&c->host, out, args, 2);
  g_assert_cmpstr (out->str, ==, "{} &{}\n");

  /* 058: floats under Println and Printf. */
  g_string_truncate (out, 0);
  {
    const double v[] = { 1.0, 2.5, 100.0, 1e6, 1e20, 1e21, 1e-4, 1e-5 };

    for (guint k = 0; k < G_N_ELEMENTS (v); k++)
      args[k] = arg (T (FLOAT64), v_f64 (c, T (FLOAT64), v[k]));
    gml_fmt_sprintln (&c->host, out, args, 8);
    g_assert_cmpstr (out->str, ==, "1 2.5 100 1e+06 1e+20 1e+21 0.0001 1e-05\n");
  }
  check_printf (c, "0.1 0.1000000015 float32\n", "%v %.10f %T\n", 3, *value (c, "f32_01"),
                *value (c, "f32_01"), *value (c, "f32_01"));
  check_printf (c, "   3.142|2.2|1234.5678\n", "%8.3f|%.1f|%g\n", 3,
                arg (T (FLOAT64), v_f64 (c, T (FLOAT64), 3.14159)),
                arg (T (FLOAT64), v_f64 (c, T (FLOAT64), 2.25)), *value (c, "f64_1234"));
  g_string_truncate (out, 0);
  runtime_print_float (c, out, 1.5);
  g_assert_cmpstr (out->str, ==, "+1.500000e+000");

  /* 060: Print's spacing rule. */
  g_string_truncate (out, 0);
  args[0] = *value (c, "str_hello");
  args[1] = *value (c, "int_42");
  args[2] = *value (c, "int_0");
  args[3] = *value (c, "bool_t");
  args[4] = *value (c, "str_hello");
  gml_fmt_sprint (&c->host, out, args, 5);
  g_assert_cmpstr (out->str, ==, "hello42 0 truehello");
  catalog_free (c);
}

/* Malformed formats over every catalog value: nothing may crash, and
 * the output is always the literal text plus directives. */
static void
test_robust (void)
{
  static const char alphabet[] = "%%%[]*.0123456789#+- vdsxqTpw\xff\xc3\x80" "a";
  Cat *c = catalog_new ();
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer v;
  g_autoptr (GString) format = g_string_new (NULL);
  g_autoptr (GString) out = g_string_new (NULL);
  Rng r = { 42 };

  g_hash_table_iter_init (&iter, c->values);
  while (g_hash_table_iter_next (&iter, NULL, &v))
    g_ptr_array_add (all, v);
  for (guint i = 0; i < 20000; i++)
    {
      GmlFmtArg args[5];
      guint n = (guint) rng_intn (&r, 0, 5);

      g_string_truncate (format, 0);
      for (int k = rng_intn (&r, 0, 16); k > 0; k--)
        g_string_append_c (format, rng_pick (&r, alphabet));
      for (guint k = 0; k < n; k++)
        args[k] = *(GmlFmtArg *) g_ptr_array_index (all, rng_next (&r) % all->len);
      g_string_truncate (out, 0);
      gml_fmt_sprintf (&c->host, out, format->str, format->len, args, n);
      if (memchr (format->str, '%', format->len) == NULL && n == 0)
        g_assert_cmpstr (out->str, ==, format->str);
    }
  catalog_free (c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/fmt/printf-golden", test_printf_golden);
  g_test_add_func ("/engine/fmt/floats-explicit", test_floats_explicit);
  g_test_add_func ("/engine/fmt/floats-random", test_floats_random);
  g_test_add_func ("/engine/fmt/strconv-explicit", test_strconv_explicit);
  g_test_add_func ("/engine/fmt/strconv-random", test_strconv_blocks);
  g_test_add_func ("/engine/fmt/fuzz", test_fuzz_blocks);
  g_test_add_func ("/engine/fmt/addresses", test_addresses);
  g_test_add_func ("/engine/fmt/huge-width", test_huge_width);
  g_test_add_func ("/engine/fmt/self-containing", test_self_containing);
  g_test_add_func ("/engine/fmt/unmapped", test_unmapped);
  g_test_add_func ("/engine/fmt/value-limit", test_value_limit);
  g_test_add_func ("/engine/fmt/runtime-print", test_runtime_print);
  g_test_add_func ("/engine/fmt/panic-values", test_panic_values);
  g_test_add_func ("/engine/fmt/map-interface-keys", test_map_interface_keys);
  g_test_add_func ("/engine/fmt/utf8", test_utf8);
  g_test_add_func ("/engine/fmt/corpus-lines", test_corpus_lines);
  g_test_add_func ("/engine/fmt/robust", test_robust);

  return g_test_run ();
}
