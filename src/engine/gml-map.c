/* gml-map.c: Go 1.19's hash maps (runtime/map.go) over simulated memory.
 *
 * A port of map.go: the same hmap and bucket layout, the same growth
 * (doubling past the load factor 6.5, same-size when overflow buckets pile
 * up), incremental evacuation (growWork on every assign and delete),
 * preallocated overflow buckets for B >= 4, the overflow lists that keep
 * the overflow buckets of pointer-free maps alive, and the iterator with
 * its random start.  Every allocation goes through mallocgc (gml_vm_alloc)
 * with the type Go passes, so MemStats counts match the real runtime, and
 * every pointer stored into the heap goes through the write barrier.
 *
 * Hashing cannot be Go's (AES-based and keyed randomly per process): it is
 * a wyhash-style mix of the key's bytes seeded with hmap.hash0, which comes
 * from the VM's deterministic fastrand.  Bucket placement and iteration
 * order are therefore pseudo-random, and the same on every run.
 *
 * Go's compiler uses specialised variants (mapaccess1_fast64, _faststr,
 * ...) for common key types; they behave like the generic functions ported
 * here, allocations included.
 */
#include "gml-map.h"

#include <string.h>

#include "gml-gc.h"
#include "gml-interp.h"

#define BUCKET_CNT_BITS 3
#define BUCKET_CNT      8
#define DATA_OFFSET     8          /* keys follow tophash[8] */
#define MAX_KEY_SIZE    128
#define MAX_ELEM_SIZE   128
#define LOAD_FACTOR_NUM 13
#define LOAD_FACTOR_DEN 2
#define MAX_ALLOC       (G_GUINT64_CONSTANT (1) << 48)
#define NO_CHECK        G_MAXUINT64

/* tophash values below MIN_TOPHASH mark cell states. */
enum
{
  EMPTY_REST,       /* empty, and so is every later cell and overflow bucket */
  EMPTY_ONE,
  EVACUATED_X,      /* moved to the first half of the larger table */
  EVACUATED_Y,      /* moved to the second half */
  EVACUATED_EMPTY,  /* empty, and the bucket is evacuated */
  MIN_TOPHASH,
};

/* hmap.flags */
enum
{
  ITERATOR       = 1,   /* an iterator may be using buckets */
  OLD_ITERATOR   = 2,   /* an iterator may be using oldbuckets */
  SAME_SIZE_GROW = 8,
};

/* runtime.hmap */
#define H_COUNT       0
#define H_FLAGS       8
#define H_B           9
#define H_NOVERFLOW  10
#define H_HASH0      12
#define H_BUCKETS    16
#define H_OLDBUCKETS 24
#define H_NEVACUATE  32
#define H_EXTRA      40
#define HMAP_SIZE    48

/* runtime.mapextra */
#define X_OVERFLOW     0
#define X_OLDOVERFLOW  8
#define X_NEXTOVERFLOW 16
#define MAPEXTRA_SIZE  24

/* runtime.hiter, as it lies in the frame (little-endian like the host). */
typedef struct
{
  guint64 key;
  guint64 elem;
  guint64 t;             /* type descriptor of the map type */
  guint64 h;
  guint64 buckets;       /* bucket array when the iteration started */
  guint64 bptr;          /* current bucket */
  guint64 overflow;      /* keep the overflow buckets of pointer-free maps alive */
  guint64 oldoverflow;
  guint64 start_bucket;
  guint8  offset;        /* cell to start at in each bucket */
  guint8  wrapped;
  guint8  B;
  guint8  i;
  guint32 pad;
  guint64 bucket;
  guint64 check_bucket;
} Hiter;

G_STATIC_ASSERT (sizeof (Hiter) == GML_HITER_SIZE);

/* What the runtime knows about one map type (Go's maptype). */
typedef struct
{
  GmlType  *key;
  GmlType  *elem;
  GmlType  *kslot;         /* type of a key cell: key, or *key when indirect */
  GmlType  *eslot;
  GmlType  *bucket;        /* map.bucket[K]V */
  GmlType  *hmap;          /* runtime.hmap */
  GmlType  *mapextra;      /* runtime.mapextra */
  GmlType  *ovf_list;      /* []*bmap */
  GmlType  *ovf_ptr;       /* *bmap */
  guint32   keysize;       /* bytes of a key cell */
  guint32   elemsize;
  guint32   bucketsize;
  guint32   elems_off;     /* offset of elems[0] in a bucket */
  gboolean  indirectkey;
  gboolean  indirectelem;
  gboolean  noscan;        /* buckets hold no pointers (t.bucket.ptrdata == 0) */
  gboolean  reflexive;     /* k == k for every key: no floats, no interfaces */
  gboolean  needkeyupdate; /* equal keys may differ in bytes (+0/-0, strings) */
  gboolean  might_panic;   /* hashing can panic: interfaces in the key */
  gboolean  memequal;      /* keys are equal exactly when their bytes are */
} MapInfo;

/* One map operation's context. */
typedef struct
{
  GmlVm         *vm;
  GmlMem        *mem;
  const MapInfo *t;
  guint64        h;
} Map;

/* ------------------------------------------------------------------ */
/* fastrand                                                            */

/* wyrand, as Go 1.19's fastrand on 64-bit platforms. */
guint64
gml_fastrand64 (GmlVm *vm)
{
  unsigned __int128 r;

  vm->rt.rng += G_GUINT64_CONSTANT (0xa0761d6478bd642f);
  r = (unsigned __int128) vm->rt.rng * (vm->rt.rng ^ G_GUINT64_CONSTANT (0xe7037ed1a0b428db));
  return (guint64) (r >> 64) ^ (guint64) r;
}

guint32
gml_fastrand (GmlVm *vm)
{
  return (guint32) gml_fastrand64 (vm);
}

guint32
gml_fastrandn (GmlVm   *vm,
               guint32  n)
{
  return (guint32) (((guint64) gml_fastrand (vm) * n) >> 32);
}

/* ------------------------------------------------------------------ */
/* Hashing                                                             */

#define WY_P0 G_GUINT64_CONSTANT (0xa0761d6478bd642f)
#define WY_P1 G_GUINT64_CONSTANT (0xe7037ed1a0b428db)
#define WY_P2 G_GUINT64_CONSTANT (0x8ebc6af09c88c6e3)
#define WY_P3 G_GUINT64_CONSTANT (0x589965cc75374cc3)
#define WY_P4 G_GUINT64_CONSTANT (0x1d8e4e27c47d124f)

static inline guint64
wymix (guint64 a,
       guint64 b)
{
  unsigned __int128 r = (unsigned __int128) a * b;

  return (guint64) r ^ (guint64) (r >> 64);
}

/* memhash: len bytes at addr, read in chunks (values may straddle pages). */
static guint64
memhash (GmlVm   *vm,
         guint64  addr,
         guint64  len,
         guint64  seed)
{
  guint64 h = wymix (seed ^ WY_P0, len ^ WY_P1);
  guint8 buf[64];

  while (len > 0)
    {
      gsize n = (gsize) MIN (len, sizeof buf);

      gml_mem_read (vm->mem, addr, buf, n);
      for (gsize i = 0; i < n; i += 8)
        {
          guint64 w = 0;

          memcpy (&w, buf + i, MIN (8, n - i));
          h = wymix (w ^ WY_P2, h ^ WY_P3);
        }
      addr += n;
      len -= n;
    }
  return wymix (h, WY_P4);
}

static gboolean hash_value (GmlVm *vm, GmlType *t, guint64 addr, guint64 *h);

/* f32hash/f64hash: +0 and -0 hash alike; a NaN hashes randomly, so NaN
 * keys (never equal to anything) spread over the buckets. */
static guint64
float_hash (GmlVm   *vm,
            guint64  addr,
            gboolean is64,
            guint64  h)
{
  double f = is64 ? gml_mem_get_f64 (vm->mem, addr) : gml_mem_get_f32 (vm->mem, addr);

  if (f == 0)
    return wymix (h ^ WY_P0, WY_P1);
  if (f != f)
    return wymix (h ^ WY_P0 ^ gml_fastrand (vm), WY_P2);
  return memhash (vm, addr, is64 ? 8 : 4, h);
}

/* interhash/nilinterhash: the dynamic type and the value; types without
 * equality panic, as Go's do. */
static gboolean
iface_hash (GmlVm    *vm,
            guint64   addr,
            gboolean  nonempty,
            guint64  *h)
{
  guint64 tab = gml_mem_get_u64 (vm->mem, addr);
  GmlType *dyn;

  if (tab == 0)
    {
      *h = wymix (*h ^ WY_P3, WY_P4);
      return TRUE;
    }
  dyn = gml_vm_type (vm, (guint32) gml_op_iface_dyntype (vm, tab, nonempty));
  if (!gml_type_is_comparable (dyn))
    {
      g_autofree char *name = gml_type_string (dyn, GML_TYPE_STRING_QUALIFIED);

      gml_vm_panic_runtime (vm, GML_RTERR_UNHASHABLE, "hash of unhashable type %s", name);
      return FALSE;
    }
  *h = wymix (*h ^ dyn->id, WY_P2);
  /* Pointer-shaped values live in the data word itself. */
  if (gml_type_is_pointer_shaped (dyn))
    return hash_value (vm, dyn, addr + 8, h);
  return hash_value (vm, dyn, gml_mem_get_u64 (vm->mem, addr + 8), h);
}

/* The hash of a value of type t at addr, chained into *h field by field
 * (padding and blank fields do not count, as in Go's generated hashers). */
static gboolean
hash_value (GmlVm   *vm,
            GmlType *t,
            guint64  addr,
            guint64 *h)
{
  GmlType *u = gml_type_underlying (t);

  switch (u->kind)
    {
    case GML_TYPE_STRING:
      *h = memhash (vm, gml_mem_get_u64 (vm->mem, addr), gml_mem_get_u64 (vm->mem, addr + 8), *h);
      return TRUE;
    case GML_TYPE_FLOAT32:
    case GML_TYPE_FLOAT64:
      *h = float_hash (vm, addr, u->kind == GML_TYPE_FLOAT64, *h);
      return TRUE;
    case GML_TYPE_INTERFACE:
      return iface_hash (vm, addr, u->u.iface.n_methods > 0, h);
    case GML_TYPE_ARRAY:
      for (gint64 i = 0; i < u->u.array.len; i++)
        if (!hash_value (vm, u->u.array.elem, addr + (guint64) (i * u->u.array.elem->size), h))
          return FALSE;
      return TRUE;
    case GML_TYPE_STRUCT:
      for (guint i = 0; i < u->u.strukt.n_fields; i++)
        {
          const GmlField *f = &u->u.strukt.fields[i];

          if (strcmp (f->name, "_") != 0 && !hash_value (vm, f->type, addr + (guint64) f->offset, h))
            return FALSE;
        }
      return TRUE;
    default:
      *h = memhash (vm, addr, (guint64) gml_type_size (u), *h);
      return TRUE;
    }
}

gboolean
gml_map_hash (GmlVm   *vm,
              GmlType *t,
              guint64  addr,
              guint64  seed,
              guint64 *hash)
{
  *hash = seed;
  return hash_value (vm, t, addr, hash);
}

/* ------------------------------------------------------------------ */
/* Map types                                                           */

static GmlType *
named_type (GmlProgram *program,
            const char *name,
            GmlPackage *pkg,
            GmlType    *underlying)
{
  GmlObject *obj = gml_arena_new0 (program->arena, GmlObject);
  GmlType *t;

  obj->kind = GML_OBJ_TYPE;
  obj->name = gml_arena_intern (program->arena, name);
  obj->pkg = pkg;
  t = gml_type_named_new (program->types, obj, pkg);
  gml_type_named_set_underlying (t, underlying);
  obj->type = t;
  gml_type_size (t);
  return t;
}

/* The cache of runtime-internal types: TYPE objects in the runtime
 * package's scope whose names ("runtime.hmap") are not identifiers. */
static GmlType *
cached_type (GmlProgram *program,
             const char *key)
{
  GmlPackage *rt = g_hash_table_lookup (program->packages, "runtime");
  GmlObject *obj;

  if (rt == NULL || rt->scope == NULL)
    return NULL;
  obj = gml_scope_lookup_local (rt->scope, gml_arena_intern (program->arena, key));
  return obj != NULL && obj->kind == GML_OBJ_TYPE ? obj->type : NULL;
}

static void
cache_type (GmlProgram *program,
            const char *key,
            GmlType    *type)
{
  GmlPackage *rt = g_hash_table_lookup (program->packages, "runtime");
  GmlObject *obj;

  if (rt == NULL || rt->scope == NULL)
    return;
  obj = gml_arena_new0 (program->arena, GmlObject);
  obj->kind = GML_OBJ_TYPE;
  obj->name = gml_arena_intern (program->arena, key);
  obj->pkg = rt;
  obj->type = type;
  gml_scope_insert (rt->scope, obj);
}

static GmlType *
struct_of (GmlProgram            *program,
           GmlPackage            *pkg,
           const GmlRuntimeField *specs,
           guint                  n)
{
  g_autofree GmlField *fields = g_new0 (GmlField, MAX (n, 1));
  GmlType *t;

  for (guint i = 0; i < n; i++)
    {
      fields[i].name = gml_arena_intern (program->arena, specs[i].name);
      fields[i].type = specs[i].type;
      fields[i].exported = g_ascii_isupper (specs[i].name[0]);
      fields[i].pkg = pkg;
    }
  t = gml_type_struct (program->types, fields, n);
  gml_type_size (t);
  return t;
}

GmlType *
gml_runtime_struct_type (GmlProgram            *program,
                         const char            *name,
                         const GmlRuntimeField *fields,
                         guint                  n_fields)
{
  g_autofree char *key = g_strconcat ("runtime.", name, NULL);
  g_autofree char *go_name = g_strndup (name, strcspn (name, " "));
  g_autofree char *go_key = g_strconcat ("runtime.", go_name, NULL);
  GmlPackage *rt = g_hash_table_lookup (program->packages, "runtime");
  GmlType *t = cached_type (program, key), *u;

  if (t != NULL)
    return t;
  u = struct_of (program, rt, fields, n_fields);
  t = gml_program_lookup_type (program, go_key);
  if (t == NULL || gml_type_size (t) != gml_type_size (u) || t->has_pointers != u->has_pointers)
    t = named_type (program, go_name, rt, u);
  cache_type (program, key, t);
  return t;
}

GmlType *
gml_unsafe_pointer_type (GmlProgram *program)
{
  GmlType *t = cached_type (program, "unsafe.Pointer");
  GmlPackage *unsafe_pkg;

  if (t != NULL)
    return t;
  unsafe_pkg = gml_arena_new0 (program->arena, GmlPackage);
  unsafe_pkg->path = gml_arena_intern (program->arena, "unsafe");
  unsafe_pkg->name = unsafe_pkg->path;
  unsafe_pkg->is_prelude = TRUE;
  t = named_type (program, "Pointer", unsafe_pkg,
                  gml_type_pointer (program->types, gml_type_basic (program->types, GML_TYPE_UINT8)));
  cache_type (program, "unsafe.Pointer", t);
  return t;
}

/* runtime.bmap: the bucket header every *bmap points to. */
static GmlType *
bmap_type (GmlProgram *program)
{
  GmlTypeTable *tt = program->types;
  GmlRuntimeField f[] = {
    { "tophash", gml_type_array (tt, gml_type_basic (tt, GML_TYPE_UINT8), BUCKET_CNT) },
  };

  return gml_runtime_struct_type (program, "bmap", f, G_N_ELEMENTS (f));
}

static GmlType *
mapextra_type (GmlProgram *program)
{
  GmlTypeTable *tt = program->types;
  GmlType *list = gml_type_pointer (tt, gml_type_slice (tt, gml_type_pointer (tt, bmap_type (program))));
  GmlRuntimeField f[] = {
    { "overflow", list },
    { "oldoverflow", list },
    { "nextOverflow", gml_type_pointer (tt, bmap_type (program)) },
  };

  return gml_runtime_struct_type (program, "mapextra", f, G_N_ELEMENTS (f));
}

static GmlType *
hmap_type (GmlProgram *program)
{
  GmlTypeTable *tt = program->types;
  GmlType *uptr = gml_unsafe_pointer_type (program);
  GmlRuntimeField f[] = {
    { "count", gml_type_basic (tt, GML_TYPE_INT) },
    { "flags", gml_type_basic (tt, GML_TYPE_UINT8) },
    { "B", gml_type_basic (tt, GML_TYPE_UINT8) },
    { "noverflow", gml_type_basic (tt, GML_TYPE_UINT16) },
    { "hash0", gml_type_basic (tt, GML_TYPE_UINT32) },
    { "buckets", uptr },
    { "oldbuckets", uptr },
    { "nevacuate", gml_type_basic (tt, GML_TYPE_UINTPTR) },
    { "extra", gml_type_pointer (tt, mapextra_type (program)) },
  };

  return gml_runtime_struct_type (program, "hmap", f, G_N_ELEMENTS (f));
}

GmlType *
gml_map_hiter_type (GmlProgram *program)
{
  GmlTypeTable *tt = program->types;
  GmlType *uptr = gml_unsafe_pointer_type (program);
  GmlType *list = gml_type_pointer (tt, gml_type_slice (tt, gml_type_pointer (tt, bmap_type (program))));
  GmlType *u8 = gml_type_basic (tt, GML_TYPE_UINT8);
  GmlType *uintptr_t = gml_type_basic (tt, GML_TYPE_UINTPTR);
  GmlRuntimeField f[] = {
    { "key", uptr },
    { "elem", uptr },
    { "t", uintptr_t },   /* a type descriptor in read-only data */
    { "h", gml_type_pointer (tt, hmap_type (program)) },
    { "buckets", uptr },
    { "bptr", gml_type_pointer (tt, bmap_type (program)) },
    { "overflow", list },
    { "oldoverflow", list },
    { "startBucket", uintptr_t },
    { "offset", u8 },
    { "wrapped", gml_type_basic (tt, GML_TYPE_BOOL) },
    { "B", u8 },
    { "i", u8 },
    { "bucket", uintptr_t },
    { "checkBucket", uintptr_t },
  };
  GmlType *t = gml_runtime_struct_type (program, "hiter", f, G_N_ELEMENTS (f));

  g_assert (gml_type_size (t) == GML_HITER_SIZE);
  return t;
}

/* Key properties Go's compiler derives per key type. */
static void
key_traits (GmlType  *t,
            gboolean *floats,
            gboolean *strings,
            gboolean *ifaces,
            gboolean *layout)
{
  GmlType *u = gml_type_underlying (t);

  switch (u->kind)
    {
    case GML_TYPE_FLOAT32:
    case GML_TYPE_FLOAT64:
      *floats = TRUE;
      break;
    case GML_TYPE_STRING:
      *strings = TRUE;
      break;
    case GML_TYPE_INTERFACE:
      *ifaces = TRUE;
      break;
    case GML_TYPE_ARRAY:
      key_traits (u->u.array.elem, floats, strings, ifaces, layout);
      break;
    case GML_TYPE_STRUCT:
      /* Padding and blank fields do not take part in equality. */
      *layout = TRUE;
      for (guint i = 0; i < u->u.strukt.n_fields; i++)
        key_traits (u->u.strukt.fields[i].type, floats, strings, ifaces, layout);
      break;
    default:
      break;
    }
}

static void
precompute_ptrmask (GmlProgram *program,
                    GmlType    *t)
{
  const guint8 *mask;

  gml_type_ptrmask (program->types, t, &mask);
}

/* The bucket struct Go's compiler builds (reflectdata.MapBucketType). */
static GmlType *
bucket_type (GmlProgram *program,
             GmlType    *map_type,
             MapInfo    *info)
{
  GmlTypeTable *tt = program->types;
  GmlType *overflow = info->noscan ? gml_type_basic (tt, GML_TYPE_UINTPTR) : gml_unsafe_pointer_type (program);
  GmlRuntimeField f[] = {
    { "topbits", gml_type_array (tt, gml_type_basic (tt, GML_TYPE_UINT8), BUCKET_CNT) },
    { "keys", gml_type_array (tt, info->kslot, BUCKET_CNT) },
    { "elems", gml_type_array (tt, info->eslot, BUCKET_CNT) },
    { "overflow", overflow },
  };
  GmlType *s = struct_of (program, g_hash_table_lookup (program->packages, "runtime"), f, G_N_ELEMENTS (f));
  g_autofree char *k = gml_type_string (map_type->u.map.key, GML_TYPE_STRING_QUALIFIED);
  g_autofree char *e = gml_type_string (map_type->u.map.elem, GML_TYPE_STRING_QUALIFIED);
  g_autofree char *name = g_strdup_printf ("map.bucket[%s]%s", k, e);

  info->elems_off = (guint32) s->u.strukt.fields[2].offset;
  return named_type (program, name, NULL, s);
}

void
gml_map_prepare (GmlProgram *program,
                 GmlType    *map_type)
{
  GmlTypeTable *tt = program->types;
  MapInfo *info = gml_arena_new0 (program->arena, MapInfo);
  gboolean floats = FALSE, strings = FALSE, ifaces = FALSE, layout = FALSE;

  g_return_if_fail (map_type->kind == GML_TYPE_MAP);

  info->key = map_type->u.map.key;
  info->elem = map_type->u.map.elem;
  info->indirectkey = gml_type_size (info->key) > MAX_KEY_SIZE;
  info->indirectelem = gml_type_size (info->elem) > MAX_ELEM_SIZE;
  info->kslot = info->indirectkey ? gml_type_pointer (tt, info->key) : info->key;
  info->eslot = info->indirectelem ? gml_type_pointer (tt, info->elem) : info->elem;
  info->keysize = (guint32) gml_type_size (info->kslot);
  info->elemsize = (guint32) gml_type_size (info->eslot);
  info->noscan = !info->kslot->has_pointers && !info->eslot->has_pointers;
  key_traits (info->key, &floats, &strings, &ifaces, &layout);
  info->reflexive = !floats && !ifaces;
  info->needkeyupdate = floats || strings || ifaces;
  info->might_panic = ifaces;
  info->memequal = !floats && !strings && !ifaces && !layout;

  info->bucket = bucket_type (program, map_type, info);
  info->bucketsize = (guint32) gml_type_size (info->bucket);
  info->hmap = hmap_type (program);
  info->mapextra = mapextra_type (program);
  info->ovf_ptr = gml_type_pointer (tt, bmap_type (program));
  info->ovf_list = gml_type_slice (tt, info->ovf_ptr);
  g_assert (gml_type_size (info->hmap) == HMAP_SIZE);
  g_assert (gml_type_size (info->mapextra) == MAPEXTRA_SIZE);
  precompute_ptrmask (program, info->bucket);
  precompute_ptrmask (program, info->hmap);
  precompute_ptrmask (program, info->mapextra);
  precompute_ptrmask (program, info->ovf_list);
  map_type->rt = info;
}

GmlType *
gml_map_stack_type (GmlProgram *program,
                    GmlType    *map_type,
                    gboolean    with_bucket)
{
  const MapInfo *info = gml_type_underlying (map_type)->rt;
  GmlRuntimeField f[] = {
    { "h", info->hmap },
    { "b", info->bucket },
  };
  GmlType *t;

  g_return_val_if_fail (info != NULL, NULL);
  t = struct_of (program, g_hash_table_lookup (program->packages, "runtime"), f, with_bucket ? 2 : 1);
  g_assert (!with_bucket || t->u.strukt.fields[1].offset == HMAP_SIZE);
  precompute_ptrmask (program, t);
  return t;
}

static const MapInfo *
info_of (GmlType *map_type)
{
  GmlType *u = gml_type_underlying (map_type);

  g_assert (u->kind == GML_TYPE_MAP && u->rt != NULL);
  return u->rt;
}

/* ------------------------------------------------------------------ */
/* Memory helpers                                                      */

static void
map_init (Map     *m,
          GmlVm   *vm,
          GmlType *map_type,
          guint64  h)
{
  m->vm = vm;
  m->mem = vm->mem;
  m->t = info_of (map_type);
  m->h = h;
}

static inline guint64 hget64 (const Map *m, guint off) { return gml_mem_get_u64 (m->mem, m->h + off); }
static inline guint8  hget8  (const Map *m, guint off) { return gml_mem_get_u8 (m->mem, m->h + off); }
static inline void    hset64 (const Map *m, guint off, guint64 v) { gml_mem_set_u64 (m->mem, m->h + off, v); }
static inline void    hset8  (const Map *m, guint off, guint8 v) { gml_mem_set_u8 (m->mem, m->h + off, v); }

static inline guint64
bucket_shift (guint8 B)
{
  return G_GUINT64_CONSTANT (1) << (B & 63);
}

static inline guint64
bucket_mask (guint8 B)
{
  return bucket_shift (B) - 1;
}

static inline guint8
tophash (guint64 hash)
{
  guint8 top = (guint8) (hash >> 56);

  return top < MIN_TOPHASH ? top + MIN_TOPHASH : top;
}

static inline gboolean
is_empty (guint8 top)
{
  return top <= EMPTY_ONE;
}

static inline guint64
bucket_at (const Map *m,
           guint64    base,
           guint64    i)
{
  return base + i * m->t->bucketsize;
}

static inline guint8
top_at (const Map *m,
        guint64    b,
        guint      i)
{
  return gml_mem_get_u8 (m->mem, b + i);
}

static inline void
set_top (const Map *m,
         guint64    b,
         guint      i,
         guint8     top)
{
  gml_mem_set_u8 (m->mem, b + i, top);
}

static inline guint64
key_cell (const Map *m,
          guint64    b,
          guint      i)
{
  return b + DATA_OFFSET + (guint64) i * m->t->keysize;
}

static inline guint64
elem_cell (const Map *m,
           guint64    b,
           guint      i)
{
  return b + m->t->elems_off + (guint64) i * m->t->elemsize;
}

/* The key or element a cell holds (following the pointer of indirect ones). */
static inline guint64
key_of (const Map *m,
        guint64    cell)
{
  return m->t->indirectkey ? gml_mem_get_u64 (m->mem, cell) : cell;
}

static inline guint64
elem_of (const Map *m,
         guint64    cell)
{
  return m->t->indirectelem ? gml_mem_get_u64 (m->mem, cell) : cell;
}

static inline guint64
overflow_of (const Map *m,
             guint64    b)
{
  return gml_mem_get_u64 (m->mem, b + m->t->bucketsize - 8);
}

/* Pointer-free buckets hold their overflow link as a uintptr (no barrier). */
static void
set_overflow (const Map *m,
              guint64    b,
              guint64    ovf)
{
  guint64 slot = b + m->t->bucketsize - 8;

  if (m->t->noscan)
    gml_mem_set_u64 (m->mem, slot, ovf);
  else
    gml_gc_store_pointer (m->vm, slot, ovf);
}

static inline gboolean
evacuated (const Map *m,
           guint64    b)
{
  guint8 top = top_at (m, b, 0);

  return top > EMPTY_ONE && top < MIN_TOPHASH;
}

static inline gboolean
growing (const Map *m)
{
  return hget64 (m, H_OLDBUCKETS) != 0;
}

static inline gboolean
same_size_grow (const Map *m)
{
  return (hget8 (m, H_FLAGS) & SAME_SIZE_GROW) != 0;
}

static guint64
noldbuckets (const Map *m)
{
  guint8 B = hget8 (m, H_B);

  if (!same_size_grow (m))
    B--;
  return bucket_shift (B);
}

static gboolean
over_load_factor (guint64 count,
                  guint8  B)
{
  return count > BUCKET_CNT && count > LOAD_FACTOR_NUM * (bucket_shift (B) / LOAD_FACTOR_DEN);
}

static gboolean
too_many_overflow_buckets (guint16 noverflow,
                           guint8  B)
{
  return noverflow >= (guint16) (1u << MIN (B, 15));
}

static gboolean
hash_key (const Map *m,
          guint64    key,
          guint64   *hash)
{
  return gml_map_hash (m->vm, m->t->key, key, gml_mem_get_u32 (m->mem, m->h + H_HASH0), hash);
}

static gboolean
keys_equal (const Map *m,
            guint64    a,
            guint64    b)
{
  if (m->t->memequal)
    return gml_mem_equal (m->mem, a, b, (gsize) gml_type_size (m->t->key));
  return gml_op_equal (m->vm, a, b, m->t->key);
}

static guint64
zero_value (const MapInfo *t)
{
  if (gml_type_size (t->elem) <= GML_RO_ZEROVAL_SIZE)
    return GML_RODATA_BASE + GML_RO_ZEROVAL_OFF;
  return GML_MAP_BIGZERO_ADDR;
}

/* ------------------------------------------------------------------ */
/* Buckets and overflow buckets                                        */

/* makeBucketArray: 2^b buckets, plus 2^(b-4) preallocated overflow
 * buckets for b >= 4 (more if the size class has room); the last
 * preallocated one links back to the array as an end marker. */
static guint64
make_bucket_array (const Map *m,
                   guint8     b,
                   guint64   *next_overflow)
{
  guint64 base = bucket_shift (b), nbuckets = base, buckets;

  *next_overflow = 0;
  if (b >= 4)
    {
      guint64 sz, up;

      nbuckets += bucket_shift (b - 4);
      sz = m->t->bucketsize * nbuckets;
      up = gml_roundupsize (sz);
      if (up != sz)
        nbuckets = up / m->t->bucketsize;
    }
  buckets = gml_vm_alloc (m->vm, m->t->bucket, (guint32) MIN (nbuckets, G_MAXUINT32),
                          (gsize) (nbuckets * m->t->bucketsize));
  if (buckets == 0)
    return 0;
  if (base != nbuckets)
    {
      *next_overflow = bucket_at (m, buckets, base);
      set_overflow (m, bucket_at (m, buckets, nbuckets - 1), buckets);
    }
  return buckets;
}

/* createOverflow: mapextra and the overflow list, allocated on demand. */
static gboolean
create_overflow (const Map *m)
{
  guint64 extra = hget64 (m, H_EXTRA);

  if (extra == 0)
    {
      extra = gml_vm_alloc (m->vm, m->t->mapextra, 1, MAPEXTRA_SIZE);
      if (extra == 0)
        return FALSE;
      gml_gc_store_pointer (m->vm, m->h + H_EXTRA, extra);
    }
  if (gml_mem_get_u64 (m->mem, extra + X_OVERFLOW) == 0)
    {
      guint64 list = gml_vm_alloc (m->vm, m->t->ovf_list, 1, 24);

      if (list == 0)
        return FALSE;
      gml_gc_store_pointer (m->vm, extra + X_OVERFLOW, list);
    }
  return TRUE;
}

/* *h.extra.overflow = append(*h.extra.overflow, ovf) */
static gboolean
append_overflow (const Map *m,
                 guint64    ovf)
{
  guint64 list = gml_mem_get_u64 (m->mem, hget64 (m, H_EXTRA) + X_OVERFLOW);
  guint64 len = gml_mem_get_u64 (m->mem, list + 8);

  if (!gml_op_grow_slice (m->vm, list, (gint64) len + 1, m->t->ovf_ptr))
    return FALSE;
  gml_gc_store_pointer (m->vm, gml_mem_get_u64 (m->mem, list) + len * 8, ovf);
  return TRUE;
}

/* incrnoverflow: exact below B=16, then counted with probability
 * 1/2^(B-15) so that the 16-bit counter suffices. */
static void
incr_noverflow (const Map *m)
{
  guint8 B = hget8 (m, H_B);
  guint16 n = gml_mem_get_u16 (m->mem, m->h + H_NOVERFLOW);

  if (B < 16)
    gml_mem_set_u16 (m->mem, m->h + H_NOVERFLOW, n + 1);
  else if ((gml_fastrand (m->vm) & ((1u << (B - 15)) - 1)) == 0)
    gml_mem_set_u16 (m->mem, m->h + H_NOVERFLOW, n + 1);
}

/* newoverflow: a preallocated overflow bucket if one is left, else a new
 * one; linked after b. */
static guint64
new_overflow (const Map *m,
              guint64    b)
{
  guint64 extra = hget64 (m, H_EXTRA), ovf = 0;

  if (extra != 0)
    ovf = gml_mem_get_u64 (m->mem, extra + X_NEXTOVERFLOW);
  if (ovf != 0)
    {
      if (overflow_of (m, ovf) == 0)
        gml_gc_store_pointer (m->vm, extra + X_NEXTOVERFLOW, ovf + m->t->bucketsize);
      else
        {
          /* The last preallocated bucket: drop its end marker. */
          set_overflow (m, ovf, 0);
          gml_gc_store_pointer (m->vm, extra + X_NEXTOVERFLOW, 0);
        }
    }
  else if ((ovf = gml_vm_alloc (m->vm, m->t->bucket, 1, m->t->bucketsize)) == 0)
    return 0;
  incr_noverflow (m);
  if (m->t->noscan && (!create_overflow (m) || !append_overflow (m, ovf)))
    return 0;
  set_overflow (m, b, ovf);
  return ovf;
}

/* ------------------------------------------------------------------ */
/* Growth                                                              */

/* hashGrow: a table twice as big, or of the same size when the table has
 * too many overflow buckets; the old one is evacuated incrementally. */
static gboolean
hash_grow (const Map *m)
{
  guint8 B = hget8 (m, H_B), bigger = 1, flags;
  guint64 oldbuckets = hget64 (m, H_BUCKETS), newbuckets, next_overflow, extra;

  if (!over_load_factor (hget64 (m, H_COUNT) + 1, B))
    {
      bigger = 0;
      hset8 (m, H_FLAGS, hget8 (m, H_FLAGS) | SAME_SIZE_GROW);
    }
  newbuckets = make_bucket_array (m, B + bigger, &next_overflow);
  if (newbuckets == 0)
    return FALSE;
  flags = hget8 (m, H_FLAGS) & ~(ITERATOR | OLD_ITERATOR);
  if (hget8 (m, H_FLAGS) & ITERATOR)
    flags |= OLD_ITERATOR;
  hset8 (m, H_B, B + bigger);
  hset8 (m, H_FLAGS, flags);
  gml_gc_store_pointer (m->vm, m->h + H_OLDBUCKETS, oldbuckets);
  gml_gc_store_pointer (m->vm, m->h + H_BUCKETS, newbuckets);
  hset64 (m, H_NEVACUATE, 0);
  gml_mem_set_u16 (m->mem, m->h + H_NOVERFLOW, 0);

  extra = hget64 (m, H_EXTRA);
  if (extra != 0 && gml_mem_get_u64 (m->mem, extra + X_OVERFLOW) != 0)
    {
      gml_gc_store_pointer (m->vm, extra + X_OLDOVERFLOW, gml_mem_get_u64 (m->mem, extra + X_OVERFLOW));
      gml_gc_store_pointer (m->vm, extra + X_OVERFLOW, 0);
    }
  if (next_overflow != 0)
    {
      if (extra == 0)
        {
          extra = gml_vm_alloc (m->vm, m->t->mapextra, 1, MAPEXTRA_SIZE);
          if (extra == 0)
            return FALSE;
          gml_gc_store_pointer (m->vm, m->h + H_EXTRA, extra);
        }
      gml_gc_store_pointer (m->vm, extra + X_NEXTOVERFLOW, next_overflow);
    }
  return TRUE;
}

/* Clears an evacuated bucket's keys, elements and overflow link (when no
 * iterator can still read it), to help the GC. */
static void
clear_bucket_data (const Map *m,
                   guint64    b)
{
  for (guint i = 0; i < BUCKET_CNT; i++)
    {
      gml_op_typed_zero (m->vm, key_cell (m, b, i), m->t->kslot);
      gml_op_typed_zero (m->vm, elem_cell (m, b, i), m->t->eslot);
    }
  set_overflow (m, b, 0);
}

/* An evacuation destination (evacDst). */
typedef struct
{
  guint64 b;
  guint   i;
} EvacDst;

/* Copies one live cell of an old bucket to its destination. */
static gboolean
evacuate_cell (const Map *m,
               guint64    b,
               guint      i,
               guint64    newbit,
               EvacDst   *xy)
{
  guint8 top = top_at (m, b, i), use_y = 0;
  guint64 k = key_cell (m, b, i), e = elem_cell (m, b, i), k2 = key_of (m, k);
  EvacDst *dst;

  if (!same_size_grow (m))
    {
      guint64 hash;

      hash_key (m, k2, &hash);
      if ((hget8 (m, H_FLAGS) & ITERATOR) && !m->t->reflexive && !keys_equal (m, k2, k2))
        {
          /* NaN: the choice must be reproducible by iterators, so it
           * comes from the old tophash, and the new tophash is random. */
          use_y = top & 1;
          top = tophash (hash);
        }
      else if (hash & newbit)
        use_y = 1;
    }
  set_top (m, b, i, EVACUATED_X + use_y);
  dst = &xy[use_y];
  if (dst->i == BUCKET_CNT)
    {
      dst->b = new_overflow (m, dst->b);
      if (dst->b == 0)
        return FALSE;
      dst->i = 0;
    }
  set_top (m, dst->b, dst->i & (BUCKET_CNT - 1), top);
  if (m->t->indirectkey)
    gml_gc_store_pointer (m->vm, key_cell (m, dst->b, dst->i), k2);
  else
    gml_op_typed_store (m->vm, key_cell (m, dst->b, dst->i), k, m->t->key);
  if (m->t->indirectelem)
    gml_gc_store_pointer (m->vm, elem_cell (m, dst->b, dst->i), gml_mem_get_u64 (m->mem, e));
  else
    gml_op_typed_store (m->vm, elem_cell (m, dst->b, dst->i), e, m->t->elem);
  dst->i++;
  return TRUE;
}

/* advanceEvacuationMark: skip evacuated buckets; finish the grow when all
 * are. */
static void
advance_evacuation_mark (const Map *m,
                         guint64    newbit)
{
  guint64 n = hget64 (m, H_NEVACUATE) + 1, stop = MIN (n + 1024, newbit);
  guint64 old = hget64 (m, H_OLDBUCKETS);

  while (n != stop && evacuated (m, bucket_at (m, old, n)))
    n++;
  hset64 (m, H_NEVACUATE, n);
  if (n == newbit)
    {
      guint64 extra = hget64 (m, H_EXTRA);

      gml_gc_store_pointer (m->vm, m->h + H_OLDBUCKETS, 0);
      if (extra != 0)
        gml_gc_store_pointer (m->vm, extra + X_OLDOVERFLOW, 0);
      hset8 (m, H_FLAGS, hget8 (m, H_FLAGS) & ~SAME_SIZE_GROW);
    }
}

/* evacuate: moves old bucket `oldbucket` (with its overflow chain) to the
 * new table: to the same index (X) or, when doubling, possibly to
 * index + newbit (Y). */
static gboolean
evacuate (const Map *m,
          guint64    oldbucket)
{
  guint64 old = hget64 (m, H_OLDBUCKETS);
  guint64 b = bucket_at (m, old, oldbucket);
  guint64 newbit = noldbuckets (m);

  if (!evacuated (m, b))
    {
      EvacDst xy[2] = { { bucket_at (m, hget64 (m, H_BUCKETS), oldbucket), 0 }, { 0, 0 } };

      if (!same_size_grow (m))
        xy[1].b = bucket_at (m, hget64 (m, H_BUCKETS), oldbucket + newbit);
      for (; b != 0; b = overflow_of (m, b))
        for (guint i = 0; i < BUCKET_CNT; i++)
          {
            if (is_empty (top_at (m, b, i)))
              set_top (m, b, i, EVACUATED_EMPTY);
            else if (!evacuate_cell (m, b, i, newbit, xy))
              return FALSE;
          }
      if (!(hget8 (m, H_FLAGS) & OLD_ITERATOR) && !m->t->noscan)
        clear_bucket_data (m, bucket_at (m, old, oldbucket));
    }
  if (oldbucket == hget64 (m, H_NEVACUATE))
    advance_evacuation_mark (m, newbit);
  return TRUE;
}

/* growWork: evacuate the old bucket the operation is about to use, and
 * one more, so the grow finishes after as many operations as buckets. */
static gboolean
grow_work (const Map *m,
           guint64    bucket)
{
  if (!evacuate (m, bucket & (noldbuckets (m) - 1)))
    return FALSE;
  if (growing (m))
    return evacuate (m, hget64 (m, H_NEVACUATE));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* makemap                                                             */

guint64
gml_map_make_in (GmlVm   *vm,
                 GmlType *map_type,
                 gint64   hint,
                 guint64  hmap_mem,
                 guint64  bucket_mem)
{
  Map m;
  guint8 B = 0;

  map_init (&m, vm, map_type, hmap_mem);
  /* A hint that is negative or too big for memory is ignored. */
  if (hint < 0 || (guint64) hint > MAX_ALLOC / m.t->bucketsize)
    hint = 0;
  if (m.h == 0)
    {
      m.h = gml_vm_alloc (vm, m.t->hmap, 1, HMAP_SIZE);
      if (m.h == 0)
        return 0;
    }
  else
    gml_mem_zero (vm->mem, m.h, HMAP_SIZE);   /* frame storage, reused in loops */
  gml_mem_set_u32 (vm->mem, m.h + H_HASH0, gml_fastrand (vm));
  while (over_load_factor ((guint64) hint, B))
    B++;
  hset8 (&m, H_B, B);
  if (B != 0)
    {
      guint64 next_overflow, buckets = make_bucket_array (&m, B, &next_overflow);

      if (buckets == 0)
        return 0;
      gml_gc_store_pointer (vm, m.h + H_BUCKETS, buckets);
      if (next_overflow != 0)
        {
          guint64 extra = gml_vm_alloc (vm, m.t->mapextra, 1, MAPEXTRA_SIZE);

          if (extra == 0)
            return 0;
          gml_gc_store_pointer (vm, m.h + H_EXTRA, extra);
          gml_gc_store_pointer (vm, extra + X_NEXTOVERFLOW, next_overflow);
        }
    }
  else if (bucket_mem != 0)
    {
      gml_mem_zero (vm->mem, bucket_mem, m.t->bucketsize);
      hset64 (&m, H_BUCKETS, bucket_mem);
    }
  return m.h;
}

guint64
gml_map_make (GmlVm   *vm,
              GmlType *map_type,
              gint64   hint)
{
  return gml_map_make_in (vm, map_type, hint, 0, 0);
}

gint64
gml_map_len (GmlVm   *vm,
             guint64  hmap)
{
  return hmap != 0 ? (gint64) gml_mem_get_u64 (vm->mem, hmap + H_COUNT) : 0;
}

/* ------------------------------------------------------------------ */
/* Lookup                                                              */

/* The first bucket of key's chain: in the old table while that bucket is
 * not evacuated yet. */
static guint64
chain_of (const Map *m,
          guint64    hash)
{
  guint64 mask = bucket_mask (hget8 (m, H_B));
  guint64 b = bucket_at (m, hget64 (m, H_BUCKETS), hash & mask);
  guint64 old = hget64 (m, H_OLDBUCKETS);

  if (old != 0)
    {
      guint64 oldb;

      if (!same_size_grow (m))
        mask >>= 1;
      oldb = bucket_at (m, old, hash & mask);
      if (!evacuated (m, oldb))
        b = oldb;
    }
  return b;
}

/* mapaccessK: *k and *e get the key and element, 0 when absent.  FALSE
 * when hashing panicked. */
static gboolean
lookup (const Map *m,
        guint64    key,
        guint64   *k,
        guint64   *e)
{
  guint64 hash;
  guint8 top;

  *k = *e = 0;
  if (!hash_key (m, key, &hash))
    return FALSE;
  top = tophash (hash);
  for (guint64 b = chain_of (m, hash); b != 0; b = overflow_of (m, b))
    for (guint i = 0; i < BUCKET_CNT; i++)
      {
        guint8 t = top_at (m, b, i);
        guint64 kk;

        if (t != top)
          {
            if (t == EMPTY_REST)
              return TRUE;
            continue;
          }
        kk = key_of (m, key_cell (m, b, i));
        if (keys_equal (m, key, kk))
          {
            *k = kk;
            *e = elem_of (m, elem_cell (m, b, i));
            return TRUE;
          }
      }
  return TRUE;
}

/* Nil or empty maps still hash interface keys, to panic on unhashable
 * ones (issue 23734). */
static gboolean
hash_for_panic (GmlVm         *vm,
                const MapInfo *t,
                guint64        key)
{
  guint64 hash;

  return !t->might_panic || gml_map_hash (vm, t->key, key, 0, &hash);
}

guint64
gml_map_access (GmlVm    *vm,
                GmlType  *map_type,
                guint64   hmap,
                guint64   key_addr,
                gboolean *found)
{
  const MapInfo *t = info_of (map_type);
  guint64 k, e;
  Map m;

  *found = FALSE;
  if (hmap == 0 || gml_map_len (vm, hmap) == 0)
    return hash_for_panic (vm, t, key_addr) ? zero_value (t) : 0;
  map_init (&m, vm, map_type, hmap);
  if (!lookup (&m, key_addr, &k, &e))
    return 0;
  if (k == 0)
    return zero_value (t);
  *found = TRUE;
  return e;
}

/* ------------------------------------------------------------------ */
/* mapassign                                                           */

/* Fills a new cell: allocates indirect keys and elements, copies the key. */
static guint64
fill_cell (const Map *m,
           guint64    b,
           guint      i,
           guint8     top,
           guint64    key)
{
  guint64 k = key_cell (m, b, i), e = elem_cell (m, b, i);

  if (m->t->indirectkey)
    {
      guint64 kmem = gml_vm_alloc (m->vm, m->t->key, 1, (gsize) gml_type_size (m->t->key));

      if (kmem == 0)
        return 0;
      gml_gc_store_pointer (m->vm, k, kmem);
      k = kmem;
    }
  if (m->t->indirectelem)
    {
      guint64 vmem = gml_vm_alloc (m->vm, m->t->elem, 1, (gsize) gml_type_size (m->t->elem));

      if (vmem == 0)
        return 0;
      gml_gc_store_pointer (m->vm, e, vmem);
    }
  gml_op_typed_store (m->vm, k, key, m->t->key);
  set_top (m, b, i, top);
  hset64 (m, H_COUNT, hget64 (m, H_COUNT) + 1);
  return elem_of (m, e);
}

typedef enum
{
  ASSIGN_FAILED,    /* out of memory: the program has ended */
  ASSIGN_DONE,
  ASSIGN_GREW,      /* the table grew: everything must be looked up again */
} AssignStep;

/* One pass of mapassign from its `again:` label. */
static AssignStep
assign_step (const Map *m,
             guint64    key,
             guint64    hash,
             guint64   *elem)
{
  guint64 bucket = hash & bucket_mask (hget8 (m, H_B)), b, insertb = 0, ovf;
  guint8 top = tophash (hash);
  guint inserti = 0;

  if (growing (m) && !grow_work (m, bucket))
    return ASSIGN_FAILED;
  b = bucket_at (m, hget64 (m, H_BUCKETS), bucket);
  for (;;)
    {
      for (guint i = 0; i < BUCKET_CNT; i++)
        {
          guint8 t = top_at (m, b, i);
          guint64 k;

          if (t != top)
            {
              if (is_empty (t) && insertb == 0)
                {
                  insertb = b;
                  inserti = i;
                }
              if (t == EMPTY_REST)
                goto not_found;
              continue;
            }
          k = key_of (m, key_cell (m, b, i));
          if (!keys_equal (m, key, k))
            continue;
          /* The map keeps the latest of equal keys (+0 / -0). */
          if (m->t->needkeyupdate)
            gml_op_typed_store (m->vm, k, key, m->t->key);
          *elem = elem_of (m, elem_cell (m, b, i));
          return ASSIGN_DONE;
        }
      if ((ovf = overflow_of (m, b)) == 0)
        break;
      b = ovf;
    }
not_found:
  if (!growing (m) && (over_load_factor (hget64 (m, H_COUNT) + 1, hget8 (m, H_B))
                       || too_many_overflow_buckets (gml_mem_get_u16 (m->mem, m->h + H_NOVERFLOW),
                                                     hget8 (m, H_B))))
    return hash_grow (m) ? ASSIGN_GREW : ASSIGN_FAILED;
  if (insertb == 0)
    {
      insertb = new_overflow (m, b);
      if (insertb == 0)
        return ASSIGN_FAILED;
      inserti = 0;
    }
  *elem = fill_cell (m, insertb, inserti, top, key);
  return *elem != 0 ? ASSIGN_DONE : ASSIGN_FAILED;
}

guint64
gml_map_assign (GmlVm   *vm,
                GmlType *map_type,
                guint64  hmap,
                guint64  key_addr)
{
  guint64 hash, elem = 0;
  AssignStep step;
  Map m;

  if (hmap == 0)
    {
      gml_vm_panic_plain (vm, "assignment to entry in nil map");
      return 0;
    }
  map_init (&m, vm, map_type, hmap);
  if (!hash_key (&m, key_addr, &hash))
    return 0;
  /* The first bucket is allocated lazily, on the first insert. */
  if (hget64 (&m, H_BUCKETS) == 0)
    {
      guint64 b = gml_vm_alloc (vm, m.t->bucket, 1, m.t->bucketsize);

      if (b == 0)
        return 0;
      gml_gc_store_pointer (vm, hmap + H_BUCKETS, b);
    }
  while ((step = assign_step (&m, key_addr, hash, &elem)) == ASSIGN_GREW)
    ;
  return step == ASSIGN_DONE ? elem : 0;
}

/* ------------------------------------------------------------------ */
/* mapdelete                                                           */

/* After emptying cell i of b: if nothing follows it, mark it and the empty
 * cells before it emptyRest, so lookups stop early. */
static void
mark_empty_rest (const Map *m,
                 guint64    borig,
                 guint64    b,
                 guint      i)
{
  if (i == BUCKET_CNT - 1)
    {
      guint64 ovf = overflow_of (m, b);

      if (ovf != 0 && top_at (m, ovf, 0) != EMPTY_REST)
        return;
    }
  else if (top_at (m, b, i + 1) != EMPTY_REST)
    return;
  for (;;)
    {
      set_top (m, b, i, EMPTY_REST);
      if (i == 0)
        {
          guint64 c = b;

          if (b == borig)
            return;
          for (b = borig; overflow_of (m, b) != c; b = overflow_of (m, b))
            ;
          i = BUCKET_CNT - 1;
        }
      else
        i--;
      if (top_at (m, b, i) != EMPTY_ONE)
        return;
    }
}

/* Clears a deleted cell's key (if it holds pointers) and element. */
static void
clear_cell (const Map *m,
            guint64    b,
            guint      i)
{
  guint64 k = key_cell (m, b, i), e = elem_cell (m, b, i);

  if (m->t->indirectkey)
    gml_gc_store_pointer (m->vm, k, 0);
  else if (m->t->key->has_pointers)
    gml_op_typed_zero (m->vm, k, m->t->key);
  if (m->t->indirectelem)
    gml_gc_store_pointer (m->vm, e, 0);
  else
    gml_op_typed_zero (m->vm, e, m->t->elem);
}

gboolean
gml_map_delete (GmlVm   *vm,
                GmlType *map_type,
                guint64  hmap,
                guint64  key_addr)
{
  guint64 hash, bucket, borig;
  guint8 top;
  Map m;

  if (hmap == 0 || gml_map_len (vm, hmap) == 0)
    return hash_for_panic (vm, info_of (map_type), key_addr);
  map_init (&m, vm, map_type, hmap);
  if (!hash_key (&m, key_addr, &hash))
    return FALSE;
  bucket = hash & bucket_mask (hget8 (&m, H_B));
  if (growing (&m) && !grow_work (&m, bucket))
    return FALSE;
  borig = bucket_at (&m, hget64 (&m, H_BUCKETS), bucket);
  top = tophash (hash);
  for (guint64 b = borig; b != 0; b = overflow_of (&m, b))
    for (guint i = 0; i < BUCKET_CNT; i++)
      {
        guint8 t = top_at (&m, b, i);

        if (t != top)
          {
            if (t == EMPTY_REST)
              return TRUE;
            continue;
          }
        if (!keys_equal (&m, key_addr, key_of (&m, key_cell (&m, b, i))))
          continue;
        clear_cell (&m, b, i);
        set_top (&m, b, i, EMPTY_ONE);
        mark_empty_rest (&m, borig, b, i);
        hset64 (&m, H_COUNT, hget64 (&m, H_COUNT) - 1);
        /* Reseed an empty map, against repeated-collision attacks. */
        if (hget64 (&m, H_COUNT) == 0)
          gml_mem_set_u32 (vm->mem, hmap + H_HASH0, gml_fastrand (vm));
        return TRUE;
      }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Iteration                                                           */

gboolean
gml_map_iter_touch (GmlVm   *vm,
                    GmlType *map_type,
                    guint64  hmap)
{
  Map m;

  if (hmap == 0 || gml_map_len (vm, hmap) == 0)
    return TRUE;
  map_init (&m, vm, map_type, hmap);
  if (m.t->noscan && !create_overflow (&m))
    return FALSE;
  hset8 (&m, H_FLAGS, hget8 (&m, H_FLAGS) | ITERATOR | OLD_ITERATOR);
  return TRUE;
}

/* mapiterinit without its first mapiternext (the range loop calls
 * gml_map_iter_next before every iteration, the first included). */
void
gml_map_iter_init (GmlVm   *vm,
                   GmlType *map_type,
                   guint64  hmap,
                   guint64  it)
{
  Hiter hi = { 0 };
  guint64 r;
  Map m;

  hi.t = gml_image_typedesc (vm->image, map_type);
  if (hmap != 0 && gml_map_len (vm, hmap) != 0)
    {
      map_init (&m, vm, map_type, hmap);
      hi.h = hmap;
      hi.B = hget8 (&m, H_B);
      hi.buckets = hget64 (&m, H_BUCKETS);
      if (m.t->noscan)
        {
          guint64 extra;

          if (!create_overflow (&m))
            hi.h = 0;
          extra = hget64 (&m, H_EXTRA);
          if (extra != 0)
            {
              hi.overflow = gml_mem_get_u64 (vm->mem, extra + X_OVERFLOW);
              hi.oldoverflow = gml_mem_get_u64 (vm->mem, extra + X_OLDOVERFLOW);
            }
        }
      /* A random start bucket and cell offset. */
      r = hi.B > 31 - BUCKET_CNT_BITS ? gml_fastrand64 (vm) : gml_fastrand (vm);
      hi.start_bucket = r & bucket_mask (hi.B);
      hi.offset = (guint8) ((r >> hi.B) & (BUCKET_CNT - 1));
      hi.bucket = hi.start_bucket;
      hset8 (&m, H_FLAGS, hget8 (&m, H_FLAGS) | ITERATOR | OLD_ITERATOR);
    }
  gml_mem_write (vm->mem, it, &hi, sizeof hi);
}

/* The next bucket to walk (b == nil in mapiternext): from the old table
 * while the bucket the iterator is at has not been evacuated, when the
 * iteration started before a grow that is still going on. */
static guint64
iter_bucket (const Map *m,
             Hiter     *hi,
             guint64   *check)
{
  guint64 b;

  if (growing (m) && hi->B == hget8 (m, H_B))
    {
      guint64 oldbucket = hi->bucket & (noldbuckets (m) - 1);

      b = bucket_at (m, hget64 (m, H_OLDBUCKETS), oldbucket);
      if (!evacuated (m, b))
        *check = hi->bucket;
      else
        {
          b = bucket_at (m, hi->buckets, hi->bucket);
          *check = NO_CHECK;
        }
    }
  else
    {
      b = bucket_at (m, hi->buckets, hi->bucket);
      *check = NO_CHECK;
    }
  hi->bucket++;
  if (hi->bucket == bucket_shift (hi->B))
    {
      hi->bucket = 0;
      hi->wrapped = TRUE;
    }
  return b;
}

/* Whether cell offi of b is an entry the iterator returns now, and which:
 * entries of an old bucket that go to the other half of the new table are
 * skipped (they are returned from there), and entries moved by a grow
 * since the iteration started are looked up where they are now. */
static gboolean
iter_cell (const Map   *m,
           const Hiter *hi,
           guint64      b,
           guint        offi,
           guint64      check,
           guint64     *key,
           guint64     *elem)
{
  guint8 top = top_at (m, b, offi);
  guint64 k, e = elem_cell (m, b, offi);
  gboolean reflexive;

  if (is_empty (top) || top == EVACUATED_EMPTY)
    return FALSE;
  k = key_of (m, key_cell (m, b, offi));
  reflexive = m->t->reflexive || keys_equal (m, k, k);
  if (check != NO_CHECK && !same_size_grow (m))
    {
      if (reflexive)
        {
          guint64 hash;

          hash_key (m, k, &hash);
          if ((hash & bucket_mask (hi->B)) != check)
            return FALSE;
        }
      else if ((check >> (hi->B - 1)) != (guint64) (top & 1))
        return FALSE;
    }
  if ((top != EVACUATED_X && top != EVACUATED_Y) || !reflexive)
    {
      *key = k;
      *elem = elem_of (m, e);
      return TRUE;
    }
  /* The table grew since the iteration started: the entry may have been
   * updated or deleted since. */
  lookup (m, k, key, elem);
  return *key != 0;
}

gboolean
gml_map_iter_next (GmlVm   *vm,
                   guint64  it,
                   guint64 *key_addr,
                   guint64 *elem_addr)
{
  Hiter hi;
  GmlType *map_type;
  guint64 b, check;
  guint i;
  Map m;

  *key_addr = *elem_addr = 0;
  gml_mem_read (vm->mem, it, &hi, sizeof hi);
  if (hi.h == 0 || (map_type = gml_image_type_at (vm->image, hi.t)) == NULL)
    return FALSE;
  map_init (&m, vm, map_type, hi.h);
  b = hi.bptr;
  i = hi.i;
  check = hi.check_bucket;
  for (;;)
    {
      if (b == 0)
        {
          if (hi.bucket == hi.start_bucket && hi.wrapped)
            {
              /* Done: later calls find no map. */
              hi.key = hi.elem = hi.h = 0;
              gml_mem_write (vm->mem, it, &hi, sizeof hi);
              return FALSE;
            }
          b = iter_bucket (&m, &hi, &check);
          i = 0;
        }
      for (; i < BUCKET_CNT; i++)
        if (iter_cell (&m, &hi, b, (i + hi.offset) & (BUCKET_CNT - 1), check, key_addr, elem_addr))
          {
            hi.key = *key_addr;
            hi.elem = *elem_addr;
            hi.bptr = b;
            hi.i = (guint8) (i + 1);
            hi.check_bucket = check;
            gml_mem_write (vm->mem, it, &hi, sizeof hi);
            return TRUE;
          }
      b = overflow_of (&m, b);
      i = 0;
    }
}

/* Every live cell of a bucket chain. */
static void
foreach_chain (const Map *m,
               guint64    b,
               void     (*fn) (gpointer, guint64, guint64),
               gpointer   data)
{
  for (; b != 0; b = overflow_of (m, b))
    for (guint i = 0; i < BUCKET_CNT; i++)
      if (top_at (m, b, i) >= MIN_TOPHASH)
        fn (data, key_of (m, key_cell (m, b, i)), elem_of (m, elem_cell (m, b, i)));
}

void
gml_map_foreach (GmlVm   *vm,
                 GmlType *map_type,
                 guint64  hmap,
                 void   (*fn) (gpointer data, guint64 key_addr, guint64 elem_addr),
                 gpointer data)
{
  guint64 old, buckets;
  Map m;

  if (hmap == 0 || gml_map_len (vm, hmap) == 0)
    return;
  map_init (&m, vm, map_type, hmap);
  /* During a grow, old buckets not evacuated yet hold their entries; the
   * evacuated ones were copied whole into the new table. */
  old = hget64 (&m, H_OLDBUCKETS);
  if (old != 0)
    for (guint64 j = 0; j < noldbuckets (&m); j++)
      if (!evacuated (&m, bucket_at (&m, old, j)))
        foreach_chain (&m, bucket_at (&m, old, j), fn, data);
  buckets = hget64 (&m, H_BUCKETS);
  if (buckets != 0)
    for (guint64 j = 0; j < bucket_shift (hget8 (&m, H_B)); j++)
      foreach_chain (&m, bucket_at (&m, buckets, j), fn, data);
}
