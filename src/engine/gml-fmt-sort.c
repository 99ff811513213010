/* gml-fmt-sort.c: Go's internal/fmtsort, the key order fmt prints maps in.
 *
 * Numbers compare numerically (NaN lowest), strings bytewise, false before
 * true, pointers and channels by address, structs and arrays element by
 * element, interfaces nil first, then by their type word, then by value.
 * Go compares the addresses of type descriptors there; the simulator has
 * its own, so the order across dynamic types is the simulator's (Go's is
 * an accident of its linker too).
 */
#include "gml-fmt-private.h"

#include <string.h>

static int compare_values (const GmlFmtHost *host, GmlType *t,
                           guint64 a, guint64 b, guint depth);

static int
cmp_u64 (guint64 a,
         guint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
cmp_i64 (gint64 a,
         gint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
cmp_float (double a,
           double b)
{
  if (a != a)
    return -1;   /* no good answer if b is NaN too; don't bother */
  if (b != b)
    return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
cmp_string (const GmlFmtHost *host,
            guint64           a,
            guint64           b)
{
  gsize alen, blen;
  g_autofree char *as = gml_fmt_read_string (host, a, &alen);
  g_autofree char *bs = gml_fmt_read_string (host, b, &blen);
  int c = memcmp (as, bs, MIN (alen, blen));

  if (c != 0)
    return c < 0 ? -1 : 1;
  return cmp_u64 (alen, blen);
}

static int
cmp_interface (const GmlFmtHost *host,
               guint64           a,
               guint64           b,
               guint             depth)
{
  guint64 atab = gml_fmt_read_uint (host, a, 8);
  guint64 btab = gml_fmt_read_uint (host, b, 8);
  GmlType *at, *bt;
  guint64 av, bv;
  int c;

  /* nil compares low */
  if (atab == 0 || btab == 0)
    return atab == 0 ? (btab == 0 ? 0 : -1) : 1;
  c = cmp_u64 (atab, btab);
  if (c != 0)
    return c;
  if (!gml_fmt_read_iface (host, a, &at, &av) || !gml_fmt_read_iface (host, b, &bt, &bv))
    return 0;
  return compare_values (host, at, av, bv, depth + 1);
}

static int
cmp_struct (const GmlFmtHost *host,
            GmlType          *u,
            guint64           a,
            guint64           b,
            guint             depth)
{
  for (guint i = 0; i < u->u.strukt.n_fields; i++)
    {
      GmlField *f = &u->u.strukt.fields[i];
      int c = compare_values (host, f->type, a + (guint64) f->offset,
                              b + (guint64) f->offset, depth + 1);

      if (c != 0)
        return c;
    }
  return 0;
}

static int
cmp_array (const GmlFmtHost *host,
           GmlType          *u,
           guint64           a,
           guint64           b,
           guint             depth)
{
  guint64 size = (guint64) MAX (gml_type_size (u->u.array.elem), 0);

  for (gint64 i = 0; i < u->u.array.len; i++)
    {
      int c = compare_values (host, u->u.array.elem, a + (guint64) i * size,
                              b + (guint64) i * size, depth + 1);

      if (c != 0)
        return c;
    }
  return 0;
}

/* fmtsort.compare for two values of type t at addresses a and b. */
static int
compare_values (const GmlFmtHost *host,
                GmlType          *t,
                guint64           a,
                guint64           b,
                guint             depth)
{
  GmlType *u = gml_type_underlying (t);
  gsize size = (gsize) MAX (gml_type_size (t), 0);
  GmlTypeKind k = gml_fmt_kind (t);

  if (depth > 100)
    return 0;
  if (k >= GML_TYPE_INT && k <= GML_TYPE_INT64)
    return cmp_i64 (gml_fmt_read_int (host, a, size), gml_fmt_read_int (host, b, size));
  if (k >= GML_TYPE_UINT && k <= GML_TYPE_UINTPTR)
    return cmp_u64 (gml_fmt_read_uint (host, a, size), gml_fmt_read_uint (host, b, size));
  switch (k)
    {
    case GML_TYPE_STRING:
      return cmp_string (host, a, b);
    case GML_TYPE_FLOAT32:
    case GML_TYPE_FLOAT64:
      return cmp_float (gml_fmt_read_float (host, a, size), gml_fmt_read_float (host, b, size));
    case GML_TYPE_BOOL:
      return cmp_i64 (gml_fmt_read_uint (host, a, 1) != 0, gml_fmt_read_uint (host, b, 1) != 0);
    case GML_TYPE_POINTER:
    case GML_TYPE_CHAN:
      return cmp_u64 (gml_fmt_read_uint (host, a, 8), gml_fmt_read_uint (host, b, 8));
    case GML_TYPE_STRUCT:
      return cmp_struct (host, u, a, b, depth);
    case GML_TYPE_ARRAY:
      return cmp_array (host, u, a, b, depth);
    case GML_TYPE_INTERFACE:
      return cmp_interface (host, a, b, depth);
    default:
      return 0;   /* not a valid key type */
    }
}

typedef struct
{
  const GmlFmtHost *host;
  GmlType          *key_type;
} SortContext;

static gint
entry_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const GmlFmtMapEntry *x = a, *y = b;
  SortContext *ctx = user_data;

  return compare_values (ctx->host, ctx->key_type, x->key, y->key, 0);
}

void
gml_fmt_sort_map_entries (const GmlFmtHost *host,
                          GmlType          *key_type,
                          GmlFmtMapEntry   *entries,
                          gsize             n)
{
  SortContext ctx = { host, key_type };

  if (n < 2)
    return;
  gml_type_size (key_type);   /* struct keys need their field offsets */
  /* g_qsort_with_data is a stable merge sort, like Go's sort.Stable. */
  g_qsort_with_data (entries, (gint) MIN (n, (gsize) G_MAXINT), sizeof *entries,
                     entry_compare, &ctx);
}
