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

/* Called once per map type while the image is built (the type table is
 * immutable afterwards): creates the bucket type and stores what the
 * runtime needs in map_type->rt. */
void     gml_map_prepare    (GmlProgram *program,
                             GmlType    *map_type);

guint64  gml_map_make       (GmlVm      *vm,
                             GmlType    *map_type,
                             gint64      hint);
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
/* Every entry, in bucket order (for fmt, which sorts; and the canvas). */
void     gml_map_foreach    (GmlVm      *vm,
                             GmlType    *map_type,
                             guint64     hmap,
                             void      (*fn) (gpointer data, guint64 key_addr, guint64 elem_addr),
                             gpointer    data);

/* Hash and equality of a value of type t at addr, as map keys use them;
 * FALSE (with a panic started) for unhashable dynamic types in interfaces. */
gboolean gml_map_hash       (GmlVm      *vm,
                             GmlType    *t,
                             guint64     addr,
                             guint64     seed,
                             guint64    *hash);

G_END_DECLS
