/* gml-arena.h: bump allocation for data that lives as long as a program.
 *
 * The front end allocates thousands of small nodes, types and objects that
 * all die together when the program is freed.  An arena makes that cheap and
 * leak-proof: nothing is freed individually, gml_arena_free() releases all.
 * Strings are interned per arena, so name comparison is pointer comparison
 * without touching process-global state (g_intern_string would grow forever
 * under the fuzzer).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GmlArena GmlArena;

GmlArena    *gml_arena_new        (void);
void         gml_arena_free       (GmlArena    *arena);

/* Zero-filled, 16-byte aligned memory that lives until gml_arena_free(). */
gpointer     gml_arena_alloc      (GmlArena    *arena,
                                   gsize        size);
#define gml_arena_new0(arena, T)      ((T *) gml_arena_alloc ((arena), sizeof (T)))
#define gml_arena_newv(arena, T, n)   ((T *) gml_arena_alloc ((arena), sizeof (T) * (gsize) (n)))

/* Copies of strings owned by the arena. */
const char  *gml_arena_strndup    (GmlArena    *arena,
                                   const char  *str,
                                   gsize        len);
const char  *gml_arena_printf     (GmlArena    *arena,
                                   const char  *format,
                                   ...) G_GNUC_PRINTF (2, 3);

/* The canonical copy of a string: equal strings give the same pointer. */
const char  *gml_arena_intern     (GmlArena    *arena,
                                   const char  *str);
const char  *gml_arena_intern_len (GmlArena    *arena,
                                   const char  *str,
                                   gsize        len);

/* Bytes handed out so far (for budgets and benchmarks). */
gsize        gml_arena_size       (GmlArena    *arena);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlArena, gml_arena_free)

G_END_DECLS
