/* gml-arena.c: bump allocation for data that lives as long as a program. */
#include "gml-arena.h"

#include <stdio.h>
#include <string.h>

#define CHUNK_SIZE (64 * 1024)

typedef struct _Chunk Chunk;
struct _Chunk
{
  Chunk  *next;
  gsize   size;
  gsize   used;
  /* data follows, 16-byte aligned */
};

struct _GmlArena
{
  Chunk      *chunks;  /* owned; newest first */
  gsize       total;
  GHashTable *interned; /* const char* -> same, keys owned by the arena */
};

#define CHUNK_DATA(c) ((guint8 *) (c) + ((sizeof (Chunk) + 15) & ~(gsize) 15))

GmlArena *
gml_arena_new (void)
{
  GmlArena *arena = g_new0 (GmlArena, 1);

  arena->interned = g_hash_table_new (g_str_hash, g_str_equal);
  return arena;
}

void
gml_arena_free (GmlArena *arena)
{
  if (arena == NULL)
    return;

  for (Chunk *c = arena->chunks, *next; c != NULL; c = next)
    {
      next = c->next;
      g_free (c);
    }
  g_hash_table_unref (arena->interned);
  g_free (arena);
}

static Chunk *
chunk_new (gsize size)
{
  Chunk *c = g_malloc (((sizeof (Chunk) + 15) & ~(gsize) 15) + size);

  c->next = NULL;
  c->size = size;
  c->used = 0;
  return c;
}

gpointer
gml_arena_alloc (GmlArena *arena,
                 gsize     size)
{
  Chunk *c = arena->chunks;
  gpointer mem;

  size = (size + 15) & ~(gsize) 15;
  if (size == 0)
    size = 16;

  if (c == NULL || c->size - c->used < size)
    {
      if (size > CHUNK_SIZE / 4)
        {
          /* A big block gets a chunk of its own, kept behind the current one
           * so the current chunk's free space is not wasted. */
          Chunk *big = chunk_new (size);

          if (c != NULL)
            {
              big->next = c->next;
              c->next = big;
            }
          else
            arena->chunks = big;
          big->used = size;
          arena->total += size;
          memset (CHUNK_DATA (big), 0, size);
          return CHUNK_DATA (big);
        }
      c = chunk_new (CHUNK_SIZE);
      c->next = arena->chunks;
      arena->chunks = c;
    }

  mem = CHUNK_DATA (c) + c->used;
  c->used += size;
  arena->total += size;
  memset (mem, 0, size);
  return mem;
}

const char *
gml_arena_strndup (GmlArena   *arena,
                   const char *str,
                   gsize       len)
{
  char *copy = gml_arena_alloc (arena, len + 1);

  memcpy (copy, str, len);
  copy[len] = '\0';
  return copy;
}

const char *
gml_arena_printf (GmlArena   *arena,
                  const char *format,
                  ...)
{
  g_autofree char *tmp = NULL;
  va_list args;

  va_start (args, format);
  tmp = g_strdup_vprintf (format, args);
  va_end (args);
  return gml_arena_strndup (arena, tmp, strlen (tmp));
}

const char *
gml_arena_intern_len (GmlArena   *arena,
                      const char *str,
                      gsize       len)
{
  char stackbuf[128];
  g_autofree char *heapbuf = NULL;
  char *key;
  const char *found;

  if (len < sizeof stackbuf)
    key = stackbuf;
  else
    key = heapbuf = g_malloc (len + 1);
  memcpy (key, str, len);
  key[len] = '\0';

  found = g_hash_table_lookup (arena->interned, key);
  if (found == NULL)
    {
      found = gml_arena_strndup (arena, str, len);
      g_hash_table_add (arena->interned, (gpointer) found);
    }
  return found;
}

const char *
gml_arena_intern (GmlArena   *arena,
                  const char *str)
{
  return gml_arena_intern_len (arena, str, strlen (str));
}

gsize
gml_arena_size (GmlArena *arena)
{
  return arena->total;
}
