/* gml-types.c: canonical Go types, amd64 layout and Go's type spelling.
 *
 * Unnamed types are hash-consed through a textual key built from the ids of
 * their components ("S12" is []T12, "M3,7" is map[T3]T7 ...), so the
 * constructors return the same pointer for identical types and identity is
 * pointer comparison everywhere else in the engine.
 */
#include "gml-types.h"

#include <string.h>

struct _GmlTypeTable
{
  GmlArena   *arena;
  GPtrArray  *types;     /* GmlType*, by id */
  GHashTable *canon;     /* interned key -> GmlType* */
  GHashTable *ptrmasks;  /* GmlType* -> PtrMask* */
  GmlType    *basic[GML_TYPE_UNTYPED_NIL + 1];
  GmlType    *error_type;
  GmlType    *empty_iface;
};

typedef struct
{
  guint8 *mask;          /* one bit per word */
  guint   n_words;
} PtrMask;

/* ------------------------------------------------------------------ */
/* Construction                                                        */

static GmlType *
type_new (GmlTypeTable *tt,
          GmlTypeKind   kind)
{
  GmlType *t = gml_arena_new0 (tt->arena, GmlType);

  t->kind = kind;
  t->id = tt->types->len;
  t->size = -1;
  g_ptr_array_add (tt->types, t);
  return t;
}

static void
basic_init (GmlTypeTable *tt,
            GmlTypeKind   kind,
            gint64        size,
            gboolean      pointers)
{
  GmlType *t = type_new (tt, kind);

  t->size = size;
  t->align = size == 0 ? 1 : (size > 8 ? 8 : (guint8) size);
  t->has_pointers = pointers;
  tt->basic[kind] = t;
}

GmlTypeTable *
gml_type_table_new (GmlArena *arena)
{
  GmlTypeTable *tt = g_new0 (GmlTypeTable, 1);
  static const struct { GmlTypeKind kind; gint64 size; } basics[] = {
    { GML_TYPE_INVALID, 0 }, { GML_TYPE_BOOL, 1 }, { GML_TYPE_INT, 8 },
    { GML_TYPE_INT8, 1 }, { GML_TYPE_INT16, 2 }, { GML_TYPE_INT32, 4 },
    { GML_TYPE_INT64, 8 }, { GML_TYPE_UINT, 8 }, { GML_TYPE_UINT8, 1 },
    { GML_TYPE_UINT16, 2 }, { GML_TYPE_UINT32, 4 }, { GML_TYPE_UINT64, 8 },
    { GML_TYPE_UINTPTR, 8 }, { GML_TYPE_FLOAT32, 4 }, { GML_TYPE_FLOAT64, 8 },
    { GML_TYPE_STRING, 16 }, { GML_TYPE_UNTYPED_BOOL, 1 },
    { GML_TYPE_UNTYPED_INT, 8 }, { GML_TYPE_UNTYPED_RUNE, 4 },
    { GML_TYPE_UNTYPED_FLOAT, 8 }, { GML_TYPE_UNTYPED_STRING, 16 },
    { GML_TYPE_UNTYPED_NIL, 8 },
  };

  tt->arena = arena;
  tt->types = g_ptr_array_new ();
  tt->canon = g_hash_table_new (g_direct_hash, g_direct_equal);
  tt->ptrmasks = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < G_N_ELEMENTS (basics); i++)
    basic_init (tt, basics[i].kind, basics[i].size,
                basics[i].kind == GML_TYPE_STRING || basics[i].kind == GML_TYPE_UNTYPED_STRING);
  tt->basic[GML_TYPE_STRING]->align = 8;
  tt->basic[GML_TYPE_UNTYPED_STRING]->align = 8;

  tt->empty_iface = gml_type_interface (tt, NULL, 0, NULL, 0);
  return tt;
}

void
gml_type_table_free (GmlTypeTable *tt)
{
  if (tt == NULL)
    return;
  g_ptr_array_unref (tt->types);
  g_hash_table_unref (tt->canon);
  g_hash_table_unref (tt->ptrmasks);
  g_free (tt);
}

GmlType *
gml_type_basic (GmlTypeTable *tt,
                GmlTypeKind   kind)
{
  g_return_val_if_fail (kind <= GML_TYPE_UNTYPED_NIL, NULL);
  return tt->basic[kind];
}

GmlType *
gml_type_empty_interface (GmlTypeTable *tt)
{
  return tt->empty_iface;
}

GmlType *
gml_type_error (GmlTypeTable *tt)
{
  return tt->error_type;
}

void
gml_type_table_set_error (GmlTypeTable *tt,
                          GmlType      *error_type)
{
  tt->error_type = error_type;
}

/* Looks the key up; on a miss, makes a type with `make` and registers it. */
static GmlType *
canonical (GmlTypeTable *tt,
           GString      *key,
           GmlTypeKind   kind,
           gboolean     *is_new)
{
  const char *k = gml_arena_intern_len (tt->arena, key->str, key->len);
  GmlType *t = g_hash_table_lookup (tt->canon, k);

  *is_new = t == NULL;
  if (t == NULL)
    {
      t = type_new (tt, kind);
      g_hash_table_insert (tt->canon, (gpointer) k, t);
    }
  g_string_free (key, TRUE);
  return t;
}

static GString *
key_printf (const char *format,
            ...)
{
  GString *key = g_string_new (NULL);
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (key, format, args);
  va_end (args);
  return key;
}

GmlType *
gml_type_slice (GmlTypeTable *tt,
                GmlType      *elem)
{
  gboolean is_new;
  GmlType *t = canonical (tt, key_printf ("S%u", elem->id),
                          GML_TYPE_SLICE, &is_new);
  if (is_new)
    {
      t->u.slice.elem = elem;
      t->size = 24;
      t->align = 8;
      t->has_pointers = TRUE;
    }
  return t;
}

GmlType *
gml_type_pointer (GmlTypeTable *tt,
                  GmlType      *elem)
{
  gboolean is_new;
  GmlType *t = canonical (tt, key_printf ("P%u", elem->id),
                          GML_TYPE_POINTER, &is_new);

  if (is_new)
    {
      t->u.pointer.elem = elem;
      t->size = 8;
      t->align = 8;
      t->has_pointers = TRUE;
    }
  return t;
}

GmlType *
gml_type_array (GmlTypeTable *tt,
                GmlType      *elem,
                gint64        len)
{
  gboolean is_new;
  GString *key = g_string_new ("A");
  GmlType *t;

  g_string_append_printf (key, "%u,%" G_GINT64_FORMAT, elem->id, len);
  t = canonical (tt, key, GML_TYPE_ARRAY, &is_new);
  if (is_new)
    {
      t->u.array.elem = elem;
      t->u.array.len = len;
    }
  return t;
}

GmlType *
gml_type_map (GmlTypeTable *tt,
              GmlType      *key_type,
              GmlType      *elem)
{
  gboolean is_new;
  GString *key = g_string_new ("M");
  GmlType *t;

  g_string_append_printf (key, "%u,%u", key_type->id, elem->id);
  t = canonical (tt, key, GML_TYPE_MAP, &is_new);
  if (is_new)
    {
      t->u.map.key = key_type;
      t->u.map.elem = elem;
      t->size = 8;
      t->align = 8;
      t->has_pointers = TRUE;
    }
  return t;
}

GmlType *
gml_type_chan (GmlTypeTable *tt,
               GmlChanDir    dir,
               GmlType      *elem)
{
  gboolean is_new;
  GString *key = g_string_new ("C");
  GmlType *t;

  g_string_append_printf (key, "%d,%u", (int) dir, elem->id);
  t = canonical (tt, key, GML_TYPE_CHAN, &is_new);
  if (is_new)
    {
      t->u.chan.elem = elem;
      t->u.chan.dir = dir;
      t->size = 8;
      t->align = 8;
      t->has_pointers = TRUE;
    }
  return t;
}

static GmlType **
copy_types (GmlTypeTable *tt,
            GmlType     **types,
            guint         n)
{
  GmlType **copy;

  if (n == 0)
    return NULL;
  copy = gml_arena_newv (tt->arena, GmlType *, n);
  memcpy (copy, types, sizeof (GmlType *) * n);
  return copy;
}

GmlType *
gml_type_func (GmlTypeTable *tt,
               GmlType     **params,
               guint         n_params,
               GmlType     **results,
               guint         n_results,
               gboolean      variadic)
{
  gboolean is_new;
  GString *key = g_string_new ("F");
  GmlType *t;

  for (guint i = 0; i < n_params; i++)
    g_string_append_printf (key, "%u,", params[i]->id);
  g_string_append_c (key, '|');
  for (guint i = 0; i < n_results; i++)
    g_string_append_printf (key, "%u,", results[i]->id);
  if (variadic)
    g_string_append_c (key, 'v');
  t = canonical (tt, key, GML_TYPE_FUNC, &is_new);
  if (is_new)
    {
      t->u.func.params = copy_types (tt, params, n_params);
      t->u.func.n_params = n_params;
      t->u.func.results = copy_types (tt, results, n_results);
      t->u.func.n_results = n_results;
      t->u.func.variadic = variadic;
      t->size = 8;
      t->align = 8;
      t->has_pointers = TRUE;
    }
  return t;
}

GmlType *
gml_type_tuple (GmlTypeTable *tt,
                GmlType     **elems,
                guint         n_elems)
{
  gboolean is_new;
  GString *key = g_string_new ("T");
  GmlType *t;

  for (guint i = 0; i < n_elems; i++)
    g_string_append_printf (key, "%u,", elems[i]->id);
  t = canonical (tt, key, GML_TYPE_TUPLE, &is_new);
  if (is_new)
    {
      t->u.tuple.elems = copy_types (tt, elems, n_elems);
      t->u.tuple.n_elems = n_elems;
      t->size = 0;
      t->align = 1;
    }
  return t;
}

/* Unexported names are distinct per package: the key includes the path. */
static void
append_name_key (GString    *key,
                 const char *name,
                 gboolean    exported,
                 GmlPackage *pkg)
{
  g_string_append (key, name);
  if (!exported && pkg != NULL)
    g_string_append_printf (key, "@%s", pkg->path);
}

GmlType *
gml_type_struct (GmlTypeTable   *tt,
                 const GmlField *fields,
                 guint           n_fields)
{
  gboolean is_new;
  GString *key = g_string_new ("R{");
  GmlType *t;

  for (guint i = 0; i < n_fields; i++)
    {
      append_name_key (key, fields[i].name, fields[i].exported, fields[i].pkg);
      g_string_append_printf (key, ":%u%s", fields[i].type->id, fields[i].embedded ? "e" : "");
      if (fields[i].tag != NULL)
        g_string_append_printf (key, "`%s`", fields[i].tag);
      g_string_append_c (key, ';');
    }
  t = canonical (tt, key, GML_TYPE_STRUCT, &is_new);
  if (is_new && n_fields > 0)
    {
      t->u.strukt.fields = gml_arena_newv (tt->arena, GmlField, n_fields);
      memcpy (t->u.strukt.fields, fields, sizeof (GmlField) * n_fields);
      t->u.strukt.n_fields = n_fields;
    }
  return t;
}

static int
imethod_compare (const void *a,
                 const void *b)
{
  const GmlIMethod *x = a, *y = b;

  return strcmp (x->name, y->name);
}

GmlType *
gml_type_interface (GmlTypeTable     *tt,
                    const GmlIMethod *methods,
                    guint             n_methods,
                    GmlType         **embedded,
                    guint             n_embedded)
{
  gboolean is_new;
  GString *key = g_string_new ("I{");
  g_autofree GmlIMethod *sorted = g_memdup2 (methods, sizeof (GmlIMethod) * n_methods);
  GmlType *t;

  if (n_methods > 0)
    qsort (sorted, n_methods, sizeof (GmlIMethod), imethod_compare);
  for (guint i = 0; i < n_methods; i++)
    {
      append_name_key (key, sorted[i].name, g_ascii_isupper (sorted[i].name[0]), sorted[i].pkg);
      g_string_append_printf (key, ":%u;", sorted[i].sig->id);
    }
  t = canonical (tt, key, GML_TYPE_INTERFACE, &is_new);
  if (is_new)
    {
      if (n_methods > 0)
        {
          t->u.iface.methods = gml_arena_newv (tt->arena, GmlIMethod, n_methods);
          memcpy (t->u.iface.methods, sorted, sizeof (GmlIMethod) * n_methods);
        }
      t->u.iface.n_methods = n_methods;
      t->u.iface.embedded = copy_types (tt, embedded, n_embedded);
      t->u.iface.n_embedded = n_embedded;
      t->size = 16;
      t->align = 8;
      t->has_pointers = TRUE;
    }
  return t;
}

GmlType *
gml_type_named_new (GmlTypeTable *tt,
                    GmlObject    *obj,
                    GmlPackage   *pkg)
{
  GmlType *t = type_new (tt, GML_TYPE_NAMED);

  t->u.named.obj = obj;
  t->u.named.pkg = pkg;
  return t;
}

void
gml_type_named_set_underlying (GmlType *named,
                               GmlType *underlying)
{
  g_return_if_fail (named->kind == GML_TYPE_NAMED);

  /* type T U where U is itself named: T's underlying is U's underlying. */
  while (underlying != NULL && underlying->kind == GML_TYPE_NAMED && underlying != named)
    {
      if (underlying->u.named.underlying == NULL)
        break;
      underlying = underlying->u.named.underlying;
    }
  named->u.named.underlying = underlying;
}

guint
gml_type_table_len (GmlTypeTable *tt)
{
  return tt->types->len;
}

GmlType *
gml_type_table_get (GmlTypeTable *tt,
                    guint         id)
{
  g_return_val_if_fail (id < tt->types->len, NULL);
  return g_ptr_array_index (tt->types, id);
}

/* ------------------------------------------------------------------ */
/* Layout                                                              */

/* Sizes saturate at G_MAXINT64 so that absurd arrays (which the checker
 * reports as larger than the address space) cannot overflow. */
static gint64
align_up (gint64 n,
          gint64 a)
{
  if (n > G_MAXINT64 - a)
    return G_MAXINT64;
  return (n + a - 1) / a * a;
}

static void layout (GmlType *t, guint depth);

static void
layout_struct (GmlType *t,
               guint    depth)
{
  gint64 offset = 0;
  guint8 align = 1;
  gboolean pointers = FALSE;
  guint n = t->u.strukt.n_fields;

  for (guint i = 0; i < n; i++)
    {
      GmlField *f = &t->u.strukt.fields[i];

      layout (f->type, depth + 1);
      offset = align_up (offset, f->type->align);
      f->offset = offset;
      offset = offset > G_MAXINT64 - f->type->size ? G_MAXINT64 : offset + f->type->size;
      align = MAX (align, f->type->align);
      pointers |= f->type->has_pointers;
    }
  /* The compiler pads a struct that ends in a zero-size field, so that a
   * pointer to that field cannot point past the object. */
  if (n > 0 && t->u.strukt.fields[n - 1].type->size == 0 && offset > 0)
    offset++;
  t->size = align_up (offset, align);
  t->align = align;
  t->has_pointers = pointers;
}

/* Invalid recursive types (type T [2]T) are rejected by the checker; the
 * depth guard keeps a bad program from recursing forever before that. */
static void
layout (GmlType *t,
        guint    depth)
{
  if (t->size >= 0)
    return;
  if (depth > 1000)
    {
      t->size = 0;
      t->align = 1;
      return;
    }
  switch (t->kind)
    {
    case GML_TYPE_ARRAY:
      layout (t->u.array.elem, depth + 1);
      if (__builtin_mul_overflow (t->u.array.elem->size, t->u.array.len, &t->size))
        t->size = G_MAXINT64;  /* overflow; the checker reports "too large" */
      t->align = t->u.array.elem->align;
      t->has_pointers = t->u.array.len > 0 && t->u.array.elem->has_pointers;
      break;
    case GML_TYPE_STRUCT:
      t->size = 0;  /* guard against recursion through invalid types */
      t->align = 1;
      layout_struct (t, depth);
      break;
    case GML_TYPE_NAMED:
      if (t->u.named.underlying == NULL)
        {
          t->size = 0;
          t->align = 1;
          return;
        }
      t->size = 0;
      t->align = 1;
      layout (t->u.named.underlying, depth + 1);
      t->size = t->u.named.underlying->size;
      t->align = t->u.named.underlying->align;
      t->has_pointers = t->u.named.underlying->has_pointers;
      break;
    default:
      t->size = 0;
      t->align = 1;
      break;
    }
}

gint64
gml_type_size (GmlType *t)
{
  layout (t, 0);
  return t->size;
}

guint
gml_type_align (GmlType *t)
{
  layout (t, 0);
  return t->align;
}

void
gml_type_table_layout (GmlTypeTable *tt)
{
  for (guint i = 0; i < tt->types->len; i++)
    layout (g_ptr_array_index (tt->types, i), 0);
}

static void
ptrmask_fill (GmlType *t,
              gint64   offset,
              guint8  *mask)
{
  GmlType *u = gml_type_underlying (t);

  if (!t->has_pointers)
    return;
  switch (u->kind)
    {
    case GML_TYPE_STRING:
    case GML_TYPE_POINTER:
    case GML_TYPE_MAP:
    case GML_TYPE_CHAN:
    case GML_TYPE_FUNC:
    case GML_TYPE_SLICE:
      mask[offset / 64] |= 1 << ((offset / 8) % 8);
      break;
    case GML_TYPE_INTERFACE:
      /* Both words: the type word points at static data, which the GC
       * ignores; Go's pointer maps mark both words too. */
      mask[offset / 64] |= 1 << ((offset / 8) % 8);
      mask[(offset + 8) / 64] |= 1 << (((offset + 8) / 8) % 8);
      break;
    case GML_TYPE_ARRAY:
      for (gint64 i = 0; i < u->u.array.len; i++)
        ptrmask_fill (u->u.array.elem, offset + i * u->u.array.elem->size, mask);
      break;
    case GML_TYPE_STRUCT:
      for (guint i = 0; i < u->u.strukt.n_fields; i++)
        ptrmask_fill (u->u.strukt.fields[i].type, offset + u->u.strukt.fields[i].offset, mask);
      break;
    default:
      break;
    }
}

guint
gml_type_ptrmask (GmlTypeTable  *tt,
                  GmlType       *t,
                  const guint8 **mask)
{
  static const guint8 empty[1] = { 0 };
  PtrMask *pm;

  if (t->ptrmask != NULL)
    {
      *mask = t->ptrmask;
      return t->ptrmask_words;
    }
  layout (t, 0);
  if (!t->has_pointers)
    {
      *mask = empty;
      return (guint) (t->size / 8);
    }
  pm = g_hash_table_lookup (tt->ptrmasks, t);
  if (pm == NULL)
    {
      guint n_words = (guint) ((t->size + 7) / 8);

      pm = gml_arena_new0 (tt->arena, PtrMask);
      pm->n_words = n_words;
      pm->mask = gml_arena_alloc (tt->arena, (n_words + 7) / 8 + 1);
      ptrmask_fill (t, 0, pm->mask);
      g_hash_table_insert (tt->ptrmasks, t, pm);
    }
  *mask = pm->mask;
  t->ptrmask = pm->mask;
  t->ptrmask_words = pm->n_words;
  return pm->n_words;
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */

GmlType *
gml_type_underlying (GmlType *t)
{
  if (t != NULL && t->kind == GML_TYPE_NAMED && t->u.named.underlying != NULL)
    return t->u.named.underlying;
  return t;
}

gboolean
gml_type_is_named (GmlType *t)
{
  return t->kind == GML_TYPE_NAMED || (t->kind >= GML_TYPE_BOOL && t->kind <= GML_TYPE_STRING);
}

gboolean
gml_type_is_untyped (GmlType *t)
{
  return t->kind >= GML_TYPE_UNTYPED_BOOL && t->kind <= GML_TYPE_UNTYPED_NIL;
}

gboolean
gml_type_is_integer (GmlType *t)
{
  GmlTypeKind k = gml_type_underlying (t)->kind;

  return (k >= GML_TYPE_INT && k <= GML_TYPE_UINTPTR)
         || k == GML_TYPE_UNTYPED_INT || k == GML_TYPE_UNTYPED_RUNE;
}

gboolean
gml_type_is_unsigned (GmlType *t)
{
  GmlTypeKind k = gml_type_underlying (t)->kind;

  return k >= GML_TYPE_UINT && k <= GML_TYPE_UINTPTR;
}

gboolean
gml_type_is_float (GmlType *t)
{
  GmlTypeKind k = gml_type_underlying (t)->kind;

  return k == GML_TYPE_FLOAT32 || k == GML_TYPE_FLOAT64 || k == GML_TYPE_UNTYPED_FLOAT;
}

gboolean
gml_type_is_numeric (GmlType *t)
{
  return gml_type_is_integer (t) || gml_type_is_float (t);
}

gboolean
gml_type_is_string (GmlType *t)
{
  GmlTypeKind k = gml_type_underlying (t)->kind;

  return k == GML_TYPE_STRING || k == GML_TYPE_UNTYPED_STRING;
}

gboolean
gml_type_is_boolean (GmlType *t)
{
  GmlTypeKind k = gml_type_underlying (t)->kind;

  return k == GML_TYPE_BOOL || k == GML_TYPE_UNTYPED_BOOL;
}

gboolean
gml_type_is_interface (GmlType *t)
{
  return gml_type_underlying (t)->kind == GML_TYPE_INTERFACE;
}

/* Go stores these directly in an interface's data word ("direct iface"):
 * pointers, maps, chans, funcs, and structs/arrays of exactly one of them. */
gboolean
gml_type_is_pointer_shaped (GmlType *t)
{
  GmlType *u = gml_type_underlying (t);

  switch (u->kind)
    {
    case GML_TYPE_POINTER:
    case GML_TYPE_MAP:
    case GML_TYPE_CHAN:
    case GML_TYPE_FUNC:
      return TRUE;
    case GML_TYPE_ARRAY:
      return u->u.array.len == 1 && gml_type_is_pointer_shaped (u->u.array.elem);
    case GML_TYPE_STRUCT:
      {
        GmlType *only = NULL;

        /* One non-zero-size field that is pointer-shaped, nothing else. */
        for (guint i = 0; i < u->u.strukt.n_fields; i++)
          {
            GmlType *ft = u->u.strukt.fields[i].type;

            if (gml_type_size (ft) == 0)
              continue;
            if (only != NULL)
              return FALSE;
            only = ft;
          }
        return only != NULL && u->u.strukt.n_fields == 1 && gml_type_is_pointer_shaped (only);
      }
    default:
      return FALSE;
    }
}

/* The depth guard stops at invalid recursive types (type T [1]T), which
 * the checker may meet before it has reported them. */
static gboolean
is_comparable (GmlType *t,
               guint    depth)
{
  GmlType *u = gml_type_underlying (t);

  if (depth > 100)
    return TRUE;
  switch (u->kind)
    {
    case GML_TYPE_SLICE:
    case GML_TYPE_MAP:
    case GML_TYPE_FUNC:
    case GML_TYPE_TUPLE:
      return FALSE;
    case GML_TYPE_ARRAY:
      return is_comparable (u->u.array.elem, depth + 1);
    case GML_TYPE_STRUCT:
      for (guint i = 0; i < u->u.strukt.n_fields; i++)
        if (!is_comparable (u->u.strukt.fields[i].type, depth + 1))
          return FALSE;
      return TRUE;
    default:
      return TRUE;
    }
}

gboolean
gml_type_is_comparable (GmlType *t)
{
  return is_comparable (t, 0);
}

GmlType *
gml_type_default (GmlTypeTable *tt,
                  GmlType      *t)
{
  switch (t->kind)
    {
    case GML_TYPE_UNTYPED_BOOL:   return tt->basic[GML_TYPE_BOOL];
    case GML_TYPE_UNTYPED_INT:    return tt->basic[GML_TYPE_INT];
    case GML_TYPE_UNTYPED_RUNE:   return tt->basic[GML_TYPE_INT32];
    case GML_TYPE_UNTYPED_FLOAT:  return tt->basic[GML_TYPE_FLOAT64];
    case GML_TYPE_UNTYPED_STRING: return tt->basic[GML_TYPE_STRING];
    default:                      return t;
    }
}

/* ------------------------------------------------------------------ */
/* Spelling                                                            */

static const char *basic_names[] = {
  [GML_TYPE_INVALID] = "invalid type",
  [GML_TYPE_BOOL] = "bool", [GML_TYPE_INT] = "int", [GML_TYPE_INT8] = "int8",
  [GML_TYPE_INT16] = "int16", [GML_TYPE_INT32] = "int32", [GML_TYPE_INT64] = "int64",
  [GML_TYPE_UINT] = "uint", [GML_TYPE_UINT8] = "uint8", [GML_TYPE_UINT16] = "uint16",
  [GML_TYPE_UINT32] = "uint32", [GML_TYPE_UINT64] = "uint64", [GML_TYPE_UINTPTR] = "uintptr",
  [GML_TYPE_FLOAT32] = "float32", [GML_TYPE_FLOAT64] = "float64", [GML_TYPE_STRING] = "string",
  [GML_TYPE_UNTYPED_BOOL] = "untyped bool", [GML_TYPE_UNTYPED_INT] = "untyped int",
  [GML_TYPE_UNTYPED_RUNE] = "untyped rune", [GML_TYPE_UNTYPED_FLOAT] = "untyped float",
  [GML_TYPE_UNTYPED_STRING] = "untyped string", [GML_TYPE_UNTYPED_NIL] = "untyped nil",
};

static void type_write (GString *s, GmlType *t, GmlTypeStringStyle style, guint depth);

static void
tuple_write (GString            *s,
             GmlType           **types,
             guint               n,
             gboolean            variadic,
             GmlTypeStringStyle  style,
             guint               depth)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      if (variadic && i == n - 1 && types[i]->kind == GML_TYPE_SLICE)
        {
          g_string_append (s, "...");
          type_write (s, types[i]->u.slice.elem, style, depth + 1);
        }
      else
        type_write (s, types[i], style, depth + 1);
    }
}

static void
signature_write (GString            *s,
                 GmlType            *t,
                 GmlTypeStringStyle  style,
                 guint               depth)
{
  g_string_append_c (s, '(');
  tuple_write (s, t->u.func.params, t->u.func.n_params, t->u.func.variadic, style, depth);
  g_string_append_c (s, ')');
  if (t->u.func.n_results == 1)
    {
      g_string_append_c (s, ' ');
      type_write (s, t->u.func.results[0], style, depth + 1);
    }
  else if (t->u.func.n_results > 1)
    {
      g_string_append (s, " (");
      tuple_write (s, t->u.func.results, t->u.func.n_results, FALSE, style, depth);
      g_string_append_c (s, ')');
    }
}

static void
named_write (GString            *s,
             GmlType            *t,
             GmlTypeStringStyle  style)
{
  GmlPackage *pkg = t->u.named.pkg;

  if (pkg != NULL && (style == GML_TYPE_STRING_QUALIFIED || strcmp (pkg->path, "main") != 0))
    g_string_append_printf (s, "%s.", pkg->name);
  g_string_append (s, t->u.named.obj != NULL ? t->u.named.obj->name : "?");
}

static void
struct_write (GString            *s,
              GmlType            *t,
              GmlTypeStringStyle  style,
              guint               depth)
{
  g_string_append (s, "struct {");
  for (guint i = 0; i < t->u.strukt.n_fields; i++)
    {
      GmlField *f = &t->u.strukt.fields[i];

      g_string_append (s, i > 0 ? "; " : " ");
      if (!f->embedded)
        g_string_append_printf (s, "%s ", f->name);
      type_write (s, f->type, style, depth + 1);
      if (f->tag != NULL)
        g_string_append_printf (s, " \"%s\"", f->tag);
    }
  g_string_append (s, t->u.strukt.n_fields > 0 ? " }" : "}");
}

static void
interface_write (GString            *s,
                 GmlType            *t,
                 GmlTypeStringStyle  style,
                 guint               depth)
{
  if (t->u.iface.n_methods == 0)
    {
      g_string_append (s, style == GML_TYPE_STRING_ERROR ? "any" : "interface {}");
      return;
    }
  g_string_append (s, "interface {");
  for (guint i = 0; i < t->u.iface.n_methods; i++)
    {
      g_string_append (s, i > 0 ? "; " : " ");
      g_string_append (s, t->u.iface.methods[i].name);
      signature_write (s, t->u.iface.methods[i].sig, style, depth + 1);
    }
  g_string_append (s, " }");
}

static void
type_write (GString            *s,
            GmlType            *t,
            GmlTypeStringStyle  style,
            guint               depth)
{
  if (t == NULL || depth > 64)
    {
      g_string_append (s, "...");
      return;
    }
  switch (t->kind)
    {
    case GML_TYPE_ARRAY:
      g_string_append_printf (s, "[%" G_GINT64_FORMAT "]", t->u.array.len);
      type_write (s, t->u.array.elem, style, depth + 1);
      break;
    case GML_TYPE_SLICE:
      g_string_append (s, "[]");
      type_write (s, t->u.slice.elem, style, depth + 1);
      break;
    case GML_TYPE_POINTER:
      g_string_append_c (s, '*');
      type_write (s, t->u.pointer.elem, style, depth + 1);
      break;
    case GML_TYPE_MAP:
      g_string_append (s, "map[");
      type_write (s, t->u.map.key, style, depth + 1);
      g_string_append_c (s, ']');
      type_write (s, t->u.map.elem, style, depth + 1);
      break;
    case GML_TYPE_CHAN:
      if (t->u.chan.dir == GML_CHAN_RECV)
        g_string_append (s, "<-");
      g_string_append (s, "chan");
      if (t->u.chan.dir == GML_CHAN_SEND)
        g_string_append (s, "<-");
      g_string_append_c (s, ' ');
      /* chan (<-chan T) needs parentheses to stay unambiguous */
      if (t->u.chan.dir == GML_CHAN_BOTH && t->u.chan.elem->kind == GML_TYPE_CHAN
          && t->u.chan.elem->u.chan.dir == GML_CHAN_RECV)
        {
          g_string_append_c (s, '(');
          type_write (s, t->u.chan.elem, style, depth + 1);
          g_string_append_c (s, ')');
        }
      else
        type_write (s, t->u.chan.elem, style, depth + 1);
      break;
    case GML_TYPE_FUNC:
      g_string_append (s, "func");
      signature_write (s, t, style, depth);
      break;
    case GML_TYPE_STRUCT:
      struct_write (s, t, style, depth);
      break;
    case GML_TYPE_INTERFACE:
      interface_write (s, t, style, depth);
      break;
    case GML_TYPE_NAMED:
      named_write (s, t, style);
      break;
    case GML_TYPE_TUPLE:
      g_string_append_c (s, '(');
      tuple_write (s, t->u.tuple.elems, t->u.tuple.n_elems, FALSE, style, depth);
      g_string_append_c (s, ')');
      break;
    default:
      g_string_append (s, basic_names[t->kind]);
      break;
    }
}

char *
gml_type_string (GmlType            *t,
                 GmlTypeStringStyle  style)
{
  GString *s = g_string_new (NULL);

  type_write (s, t, style, 0);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------ */
/* Lookup                                                              */

typedef struct
{
  GmlType *type;       /* named or struct type to search at this depth */
  guint   *path;       /* embedded indices to get here */
  guint    path_len;
  gboolean indirect;
} Candidate;

static gboolean
name_visible (const char *name,
              GmlPackage *decl_pkg,
              GmlPackage *from_pkg)
{
  return g_ascii_isupper (name[0]) || decl_pkg == NULL || decl_pkg == from_pkg;
}

static guint *
path_extend (GmlTypeTable *tt,
             const guint  *path,
             guint         len,
             guint         index)
{
  guint *p = gml_arena_newv (tt->arena, guint, len + 1);

  if (len > 0)
    memcpy (p, path, sizeof (guint) * len);
  p[len] = index;
  return p;
}

/* Looks for `name` directly in one candidate (its methods, then its
 * struct fields).  Returns how many matches were found (0, 1, or more). */
static guint
search_candidate (GmlTypeTable *tt,
                  Candidate    *c,
                  GmlPackage   *pkg,
                  const char   *name,
                  GmlLookup    *out)
{
  GmlType *t = c->type;
  GmlType *u = gml_type_underlying (t);
  guint found = 0;

  if (t->kind == GML_TYPE_NAMED)
    for (guint i = 0; i < t->u.named.n_methods; i++)
      {
        GmlObject *m = t->u.named.methods[i];

        if (m->name == name && name_visible (name, m->pkg, pkg))
          {
            found++;
            out->kind = GML_LOOKUP_METHOD;
            out->method = m;
          }
      }
  if (u->kind == GML_TYPE_STRUCT)
    for (guint i = 0; i < u->u.strukt.n_fields; i++)
      {
        GmlField *f = &u->u.strukt.fields[i];

        if (f->name == name && name_visible (name, f->pkg, pkg))
          {
            found++;
            out->kind = GML_LOOKUP_FIELD;
            out->field = f;
            out->field_index = i;
          }
      }
  if (u->kind == GML_TYPE_INTERFACE)
    for (guint i = 0; i < u->u.iface.n_methods; i++)
      {
        GmlIMethod *m = &u->u.iface.methods[i];

        if (m->name == name && name_visible (name, m->pkg, pkg))
          {
            found++;
            out->kind = GML_LOOKUP_IFACE_METHOD;
            out->imethod = m;
          }
      }
  if (found > 0)
    {
      out->path = c->path;
      out->path_len = c->path_len;
      out->indirect = c->indirect;
    }
  return found;
}

/* Adds the embedded fields of c as candidates for the next depth. */
static void
expand_candidate (GmlTypeTable *tt,
                  Candidate    *c,
                  GArray       *next,
                  GHashTable   *seen)
{
  GmlType *u = gml_type_underlying (c->type);

  if (u->kind != GML_TYPE_STRUCT)
    return;
  for (guint i = 0; i < u->u.strukt.n_fields; i++)
    {
      GmlField *f = &u->u.strukt.fields[i];
      Candidate n;
      GmlType *ft = f->type;

      if (!f->embedded)
        continue;
      n.indirect = c->indirect;
      if (ft->kind == GML_TYPE_POINTER)
        {
          ft = ft->u.pointer.elem;
          n.indirect = TRUE;
        }
      if (ft->kind == GML_TYPE_NAMED && g_hash_table_contains (seen, ft))
        continue;
      if (ft->kind == GML_TYPE_NAMED)
        g_hash_table_add (seen, ft);
      n.type = ft;
      n.path = path_extend (tt, c->path, c->path_len, i);
      n.path_len = c->path_len + 1;
      g_array_append_val (next, n);
    }
}

gboolean
gml_type_lookup (GmlTypeTable *tt,
                 GmlType      *t,
                 GmlPackage   *pkg,
                 const char   *name,
                 GmlLookup    *out)
{
  g_autoptr (GArray) level = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  Candidate start = { t, NULL, 0, FALSE };

  memset (out, 0, sizeof *out);
  if (t->kind == GML_TYPE_POINTER)
    {
      GmlType *e = t->u.pointer.elem;

      /* Methods are found through *T only when T is a named non-pointer,
       * non-interface type. */
      if (gml_type_underlying (e)->kind == GML_TYPE_INTERFACE)
        return FALSE;
      start.type = e;
      start.indirect = TRUE;
    }
  if (start.type->kind == GML_TYPE_NAMED)
    g_hash_table_add (seen, start.type);
  g_array_append_val (level, start);

  for (guint depth = 0; level->len > 0 && depth < 64; depth++)
    {
      g_autoptr (GArray) next = g_array_new (FALSE, FALSE, sizeof (Candidate));
      guint found = 0;

      for (guint i = 0; i < level->len; i++)
        found += search_candidate (tt, &g_array_index (level, Candidate, i), pkg, name, out);
      if (found == 1)
        return TRUE;
      if (found > 1)
        {
          out->kind = GML_LOOKUP_AMBIGUOUS;
          return FALSE;
        }
      for (guint i = 0; i < level->len; i++)
        expand_candidate (tt, &g_array_index (level, Candidate, i), next, seen);
      g_array_unref (level);
      level = g_steal_pointer (&next);
    }
  out->kind = GML_LOOKUP_NONE;
  return FALSE;
}

gboolean
gml_type_implements (GmlTypeTable *tt,
                     GmlType      *t,
                     GmlType      *iface,
                     const char  **missing,
                     gboolean     *wrong_recv)
{
  GmlType *iu = gml_type_underlying (iface);
  gboolean is_ptr = t->kind == GML_TYPE_POINTER;

  *wrong_recv = FALSE;
  *missing = NULL;
  g_return_val_if_fail (iu->kind == GML_TYPE_INTERFACE, FALSE);

  for (guint i = 0; i < iu->u.iface.n_methods; i++)
    {
      GmlIMethod *m = &iu->u.iface.methods[i];
      GmlLookup l;

      if (!gml_type_lookup (tt, t, m->pkg, m->name, &l)
          || l.kind == GML_LOOKUP_FIELD)
        {
          *missing = m->name;
          return FALSE;
        }
      if (l.kind == GML_LOOKUP_IFACE_METHOD)
        {
          if (l.imethod->sig != m->sig)
            {
              *missing = m->name;
              return FALSE;
            }
          continue;
        }
      if (l.method->type != m->sig)
        {
          *missing = m->name;
          return FALSE;
        }
      /* A pointer-receiver method is in the value's method set only when
       * it was reached through an embedded pointer. */
      if ((l.method->flags & GML_FUNC_PTR_RECV) && !is_ptr && !l.indirect)
        {
          *missing = m->name;
          *wrong_recv = TRUE;
          return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Scopes                                                              */

GmlScope *
gml_scope_new (GmlScope *parent)
{
  GmlScope *scope = g_new0 (GmlScope, 1);

  scope->parent = parent;
  scope->names = g_hash_table_new (g_direct_hash, g_direct_equal);
  return scope;
}

void
gml_scope_free (GmlScope *scope)
{
  if (scope == NULL)
    return;
  g_hash_table_unref (scope->names);
  g_free (scope);
}

GmlObject *
gml_scope_lookup_local (GmlScope   *scope,
                        const char *name)
{
  return g_hash_table_lookup (scope->names, name);
}

GmlObject *
gml_scope_lookup (GmlScope   *scope,
                  const char *name)
{
  for (; scope != NULL; scope = scope->parent)
    {
      GmlObject *obj = g_hash_table_lookup (scope->names, name);

      if (obj != NULL)
        return obj;
    }
  return NULL;
}

GmlObject *
gml_scope_insert (GmlScope  *scope,
                  GmlObject *obj)
{
  GmlObject *prev = g_hash_table_lookup (scope->names, obj->name);

  if (prev != NULL)
    return prev;
  g_hash_table_insert (scope->names, (gpointer) obj->name, obj);
  return NULL;
}
