/* gml-map.h: Go 1.19 hash maps (runtime/map.go) in simulated memory.
 *
 * Layout as Go's: an hmap header (48 bytes: count, flags, B, noverflow,
 * hash0, buckets, oldbuckets, nevacuate, extra) on the heap, bucket arrays
 * of 2^B bmaps (tophash[8], keys[8], elems[8], overflow pointer; keys or
 * elems over 128 bytes stored indirectly), allocated lazily on the first
 * insert, load factor 6.5, growth by doubling with incremental evacuation,
 * overflow buckets, the same allocation counts and sizes as Go
 * (go-runtime-facts.md §8).  Hashing is deterministic (seeded from the
 * VM's fastrand), and so is the randomised iteration order.
 *
 * Functions that can panic return 0/FALSE after starting the panic with
 * gml_vm_panic_*; the caller unwinds.
 */
#pragma once

#include "gml-vm-private.h"

G_BEGIN_DECLS

/* Bytes of a map iterator (runtime.hiter) kept in a frame slot. */
#define GML_HITER_SIZE 96

/* Zero memory for absent map elements larger than runtime.zeroVal (1024
 * bytes): a region of the address space nothing ever maps, which reads as
 * zeros.  (Go passes a zero area of the element's size to mapaccess1_fat.) */
#define GML_MAP_BIGZERO_ADDR G_GUINT64_CONSTANT (0x7e0000000000)

/* Called once per map type while the image is built (the type table is
 * immutable afterwards): creates the bucket type and stores what the
 * runtime needs in map_type->rt. */
void     gml_map_prepare    (GmlProgram *program,
                             GmlType    *map_type);
/* The runtime.hiter struct type, for the frame slot of a range loop over
 * a map (so the GC scans the iterator's pointers and keeps the buckets it
 * walks alive, as Go's stack maps do).  Image-build time only. */
GmlType *gml_map_hiter_type (GmlProgram *program);

guint64  gml_map_make       (GmlVm      *vm,
                             GmlType    *map_type,
                             gint64      hint);
/* makemap with memory the compiler provides for a map that does not
 * escape: `hmap_mem` (48 bytes, or 0 to allocate the hmap on the heap)
 * and `bucket_mem` (one bucket, or 0), used when the hint fits one bucket,
 * as Go's walkMakeMap does.  Both are cleared first. */
/* The frame storage of a map that does not escape: struct { hmap;
 * bucket } (the bucket only when `with_bucket`), at offsets 0 and 48.
 * Image-build time only. */
GmlType *gml_map_stack_type (GmlProgram *program,
                             GmlType    *map_type,
                             gboolean    with_bucket);
guint64  gml_map_make_in    (GmlVm      *vm,
                             GmlType    *map_type,
                             gint64      hint,
                             guint64     hmap_mem,
                             guint64     bucket_mem);
/* Address of the element for the key stored at key_addr, or of a zero value
 * (runtime.zeroVal) when absent or when the map is nil. */
guint64  gml_map_access     (GmlVm      *vm,
                             GmlType    *map_type,
                             guint64     hmap,
                             guint64     key_addr,
                             gboolean   *found);
/* Address of the element slot for the key, inserting it if needed. */
guint64  gml_map_assign     (GmlVm      *vm,
                             GmlType    *map_type,
                             guint64     hmap,
                             guint64     key_addr);
gboolean gml_map_delete     (GmlVm      *vm,
                             GmlType    *map_type,
                             guint64     hmap,
                             guint64     key_addr);
gint64   gml_map_len        (GmlVm      *vm,
                             guint64     hmap);
void     gml_map_iter_init  (GmlVm      *vm,
                             GmlType    *map_type,
                             guint64     hmap,
                             guint64     it);
/* Next entry of the iteration: FALSE at the end. */
gboolean gml_map_iter_next  (GmlVm      *vm,
                             guint64     it,
                             guint64    *key_addr,
                             guint64    *elem_addr);
/* Every entry, in bucket order (for fmt, which sorts; and the canvas).
 * Only reads memory: no allocation, no random numbers. */
void     gml_map_foreach    (GmlVm      *vm,
                             GmlType    *map_type,
                             guint64     hmap,
                             void      (*fn) (gpointer data, guint64 key_addr, guint64 elem_addr),
                             gpointer    data);
/* What mapiterinit does to the map besides reading it: for maps whose
 * buckets hold no pointers it allocates mapextra and the overflow list
 * (2 objects, 48 bytes) the first time.  fmt calls it before
 * gml_map_foreach, as Go's fmt ranges over maps with a MapIter. */
gboolean gml_map_iter_touch (GmlVm      *vm,
                             GmlType    *map_type,
                             guint64     hmap);

/* Hash and equality of a value of type t at addr, as map keys use them;
 * FALSE (with a panic started) for unhashable dynamic types in interfaces. */
gboolean gml_map_hash       (GmlVm      *vm,
                             GmlType    *t,
                             guint64     addr,
                             guint64     seed,
                             guint64    *hash);

/* The runtime's fastrand (wyrand over vm->rt.rng): deterministic. */
guint32  gml_fastrand       (GmlVm      *vm);
guint64  gml_fastrand64     (GmlVm      *vm);
/* A number in [0, n), as fastrandn. */
guint32  gml_fastrandn      (GmlVm      *vm,
                             guint32     n);

/* Runtime-internal types (runtime.hmap, runtime.hchan, ...), created at
 * image-build time for the GC's pointer maps and the canvas's labels.
 * Each is made once per program (remembered in the runtime package's
 * scope under a name no Go identifier can have); a type of that name
 * declared in the prelude's runtime package is used instead when it has
 * the same size.  A suffix after a space in `name` tells variants apart
 * ("hchan noscan" is another type, also printed "runtime.hchan"). */
typedef struct
{
  const char *name;
  GmlType    *type;
} GmlRuntimeField;

GmlType *gml_runtime_struct_type (GmlProgram            *program,
                                  const char            *name,
                                  const GmlRuntimeField *fields,
                                  guint                  n_fields);
/* unsafe.Pointer: a pointer word the GC follows. */
GmlType *gml_unsafe_pointer_type (GmlProgram            *program);

G_END_DECLS
