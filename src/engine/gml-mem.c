/* gml-mem.c: paged copy-on-write simulated memory.
 *
 * The radix table maps a 38-bit page number through four node levels
 * (10, 9, 9 and 10 bits) to 1 KiB pages.  Nodes and pages carry the epoch
 * that created them; only structures of the current epoch are modified in
 * place, everything older is copied on the first write.  Allocation is a
 * per-GmlMem slab, so a replay memory can drop everything it created in one
 * go when it restores another snapshot.
 */
#include "gml-mem.h"

#define N_LEVELS 4
static const guint level_shift[N_LEVELS] = { 28, 19, 10, 0 };
static const guint level_slots[N_LEVELS] = { 1024, 512, 512, 1024 };

#define SLAB_SIZE (1024 * 1024)

typedef struct
{
  guint32 epoch;
  guint32 pad;
  guint8  data[GML_PAGE_SIZE];
} Page;

struct _GmlMemNode
{
  guint32  epoch;
  guint32  n_slots;
  gpointer slot[];
};

struct _GmlMemRoot
{
  GmlMemNode *node;
  gsize       pages_live;
};

typedef struct
{
  gint    ref_count;     /* atomic */
  guint   next_epoch;    /* atomic */
  Page    zero;          /* never written */
} Shared;

typedef struct _Slab Slab;
struct _Slab
{
  Slab  *next;
  gsize  used;
  guint8 data[SLAB_SIZE];
};

typedef struct
{
  Shared     *shared;
  gboolean    is_replay;
  Slab       *slabs;        /* newest first */
  Page       *free_pages;   /* unmapped pages to reuse, linked through their data */
  GPtrArray  *roots;        /* GmlMemRoot* this mem froze (owned) */
  GmlMemStats stats;
} Priv;

#define PRIV(mem) ((Priv *) (mem)->priv)

/* ------------------------------------------------------------------ */
/* Allocation                                                          */

static gpointer
slab_alloc (GmlMem *mem,
            gsize   size)
{
  Priv *priv = PRIV (mem);
  Slab *s = priv->slabs;
  gpointer p;

  size = (size + 15) & ~(gsize) 15;
  if (s == NULL || SLAB_SIZE - s->used < size)
    {
      s = g_malloc (sizeof (Slab));
      s->used = 0;
      s->next = priv->slabs;
      priv->slabs = s;
    }
  p = s->data + s->used;
  s->used += size;
  priv->stats.bytes_allocated += size;
  return p;
}

static void
slabs_free (Slab *s)
{
  while (s != NULL)
    {
      Slab *next = s->next;

      g_free (s);
      s = next;
    }
}

static Page *
page_new (GmlMem      *mem,
          const Page  *copy_from)
{
  Priv *priv = PRIV (mem);
  Page *p;

  if (priv->free_pages != NULL)
    {
      p = priv->free_pages;
      memcpy (&priv->free_pages, p->data, sizeof (Page *));
      priv->stats.bytes_allocated += sizeof (Page);
    }
  else
    p = slab_alloc (mem, sizeof (Page));
  p->epoch = mem->epoch;
  if (copy_from != NULL)
    memcpy (p->data, copy_from->data, GML_PAGE_SIZE);
  else
    memset (p->data, 0, GML_PAGE_SIZE);
  return p;
}

static void
page_release (GmlMem *mem,
              Page   *p)
{
  Priv *priv = PRIV (mem);

  /* Older pages belong to frozen snapshots and stay. */
  if (p->epoch != mem->epoch)
    return;
  memcpy (p->data, &priv->free_pages, sizeof (Page *));
  priv->free_pages = p;
  priv->stats.bytes_allocated -= sizeof (Page);
}

static GmlMemNode *
node_new (GmlMem           *mem,
          guint             level,
          const GmlMemNode *copy_from)
{
  guint n = level_slots[level];
  GmlMemNode *node = slab_alloc (mem, sizeof (GmlMemNode) + n * sizeof (gpointer));

  node->epoch = mem->epoch;
  node->n_slots = n;
  if (copy_from != NULL)
    memcpy (node->slot, copy_from->slot, n * sizeof (gpointer));
  else
    memset (node->slot, 0, n * sizeof (gpointer));
  return node;
}

static guint32
epoch_next (Shared *shared)
{
  return (guint32) g_atomic_int_add ((gint *) &shared->next_epoch, 1);
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */

static GmlMem *
mem_new (Shared  *shared,
         gboolean is_replay)
{
  GmlMem *mem = g_new0 (GmlMem, 1);
  Priv *priv = g_new0 (Priv, 1);

  mem->priv = priv;
  priv->shared = shared;
  priv->is_replay = is_replay;
  priv->roots = g_ptr_array_new_with_free_func (g_free);
  mem->epoch = epoch_next (shared);
  mem->root = node_new (mem, 0, NULL);
  return mem;
}

GmlMem *
gml_mem_new (void)
{
  Shared *shared = g_new0 (Shared, 1);

  shared->ref_count = 1;
  shared->next_epoch = 1;
  return mem_new (shared, FALSE);
}

GmlMem *
gml_mem_new_replay (GmlMem *owner)
{
  Shared *shared = PRIV (owner)->shared;

  g_atomic_int_inc (&shared->ref_count);
  return mem_new (shared, TRUE);
}

void
gml_mem_free (GmlMem *mem)
{
  Priv *priv;

  if (mem == NULL)
    return;
  priv = PRIV (mem);
  slabs_free (priv->slabs);
  g_ptr_array_unref (priv->roots);
  if (g_atomic_int_dec_and_test (&priv->shared->ref_count))
    g_free (priv->shared);
  g_free (priv);
  g_free (mem);
}

static void
tlb_flush (GmlMem  *mem,
           gboolean keep_readable)
{
  for (guint i = 0; i < GML_TLB_SIZE; i++)
    {
      mem->tlb[i].writable = FALSE;
      if (!keep_readable)
        mem->tlb[i].tag = 0;
    }
}

GmlMemRoot *
gml_mem_freeze (GmlMem *mem)
{
  Priv *priv = PRIV (mem);
  GmlMemRoot *root = g_new0 (GmlMemRoot, 1);

  root->node = mem->root;
  root->pages_live = priv->stats.pages_live;
  g_ptr_array_add (priv->roots, root);
  /* Pages on the free list were unmapped before this freeze, so the frozen
   * root does not reach them; page_new gives them the new epoch. */
  mem->epoch = epoch_next (priv->shared);
  priv->stats.freezes++;
  tlb_flush (mem, TRUE);
  return root;
}

void
gml_mem_restore (GmlMem     *mem,
                 GmlMemRoot *root)
{
  Priv *priv = PRIV (mem);

  g_return_if_fail (priv->is_replay);

  /* Everything this replay memory allocated was private to it. */
  slabs_free (priv->slabs);
  priv->slabs = NULL;
  priv->free_pages = NULL;
  priv->stats.bytes_allocated = 0;

  mem->epoch = epoch_next (priv->shared);
  mem->root = root->node;
  priv->stats.pages_live = root->pages_live;
  tlb_flush (mem, FALSE);
}

void
gml_mem_get_stats (GmlMem      *mem,
                   GmlMemStats *stats)
{
  *stats = PRIV (mem)->stats;
}

/* ------------------------------------------------------------------ */
/* Translation                                                         */

static inline guint
level_index (guint64 pn,
             guint   level)
{
  return (guint) ((pn >> level_shift[level]) & (level_slots[level] - 1));
}

static inline void
tlb_fill (GmlMem  *mem,
          guint64  pn,
          guint8  *data,
          gboolean writable)
{
  GmlTlbEntry *e = &mem->tlb[pn & (GML_TLB_SIZE - 1)];

  e->tag = pn + 1;
  e->data = data;
  e->writable = writable;
}

static GmlMemNode *
lookup_leaf (GmlMem  *mem,
             guint64  pn)
{
  GmlMemNode *node = mem->root;

  for (guint level = 0; level < N_LEVELS - 1 && node != NULL; level++)
    node = node->slot[level_index (pn, level)];
  return node;
}

static Page *
lookup_page (GmlMem  *mem,
             guint64  pn)
{
  GmlMemNode *leaf = lookup_leaf (mem, pn);

  return leaf != NULL ? leaf->slot[level_index (pn, N_LEVELS - 1)] : NULL;
}

const guint8 *
gml_mem_r_slow (GmlMem  *mem,
                guint64  addr)
{
  guint64 pn = (addr & (((guint64) 1 << GML_ADDR_BITS) - 1)) >> GML_PAGE_SHIFT;
  Page *p = lookup_page (mem, pn);

  if (p == NULL)
    {
      /* Unmapped memory reads as zeros.  The entry is read-only, so the
       * first write still goes through gml_mem_w_slow() and maps a page. */
      tlb_fill (mem, addr >> GML_PAGE_SHIFT, PRIV (mem)->shared->zero.data, FALSE);
      return PRIV (mem)->shared->zero.data + (addr & GML_PAGE_MASK);
    }
  tlb_fill (mem, addr >> GML_PAGE_SHIFT, p->data, p->epoch == mem->epoch);
  return p->data + (addr & GML_PAGE_MASK);
}

/* Returns the slot holding `pn`'s page, copying every node on the way
 * that belongs to an older epoch. */
static gpointer *
writable_leaf_slot (GmlMem  *mem,
                    guint64  pn)
{
  GmlMemNode *node;

  if (mem->root->epoch != mem->epoch)
    mem->root = node_new (mem, 0, mem->root);
  node = mem->root;
  for (guint level = 0; level < N_LEVELS - 1; level++)
    {
      gpointer *slot = &node->slot[level_index (pn, level)];
      GmlMemNode *child = *slot;

      if (child == NULL)
        child = *slot = node_new (mem, level + 1, NULL);
      else if (child->epoch != mem->epoch)
        child = *slot = node_new (mem, level + 1, child);
      node = child;
    }
  return &node->slot[level_index (pn, N_LEVELS - 1)];
}

guint8 *
gml_mem_w_slow (GmlMem  *mem,
                guint64  addr)
{
  Priv *priv = PRIV (mem);
  guint64 pn = (addr & (((guint64) 1 << GML_ADDR_BITS) - 1)) >> GML_PAGE_SHIFT;
  gpointer *slot = writable_leaf_slot (mem, pn);
  Page *p = *slot;

  if (p == NULL)
    {
      p = *slot = page_new (mem, NULL);
      priv->stats.pages_live++;
    }
  else if (p->epoch != mem->epoch)
    {
      p = *slot = page_new (mem, p);
      priv->stats.pages_copied++;
    }
  tlb_fill (mem, addr >> GML_PAGE_SHIFT, p->data, TRUE);
  return p->data + (addr & GML_PAGE_MASK);
}

void
gml_mem_unmap (GmlMem  *mem,
               guint64  addr,
               guint64  len)
{
  Priv *priv = PRIV (mem);
  guint64 first = (addr + GML_PAGE_MASK) >> GML_PAGE_SHIFT;
  guint64 end = (addr + len) >> GML_PAGE_SHIFT;

  for (guint64 pn = first; pn < end;)
    {
      guint64 leaf_end = (pn | (level_slots[N_LEVELS - 1] - 1)) + 1;
      gpointer *slot;

      /* Skip leaves that do not exist without creating them. */
      if (lookup_leaf (mem, pn) == NULL)
        {
          pn = leaf_end;
          continue;
        }
      slot = writable_leaf_slot (mem, pn);
      for (; pn < end && pn < leaf_end; pn++, slot++)
        if (*slot != NULL)
          {
            page_release (mem, *slot);
            *slot = NULL;
            priv->stats.pages_live--;
          }
    }
  if (end - first > GML_TLB_SIZE / 4)
    tlb_flush (mem, FALSE);
  else
    for (guint64 pn = first; pn < end; pn++)
      {
        GmlTlbEntry *e = &mem->tlb[pn & (GML_TLB_SIZE - 1)];

        if (e->tag == pn + 1)
          e->tag = 0;
      }
}

/* ------------------------------------------------------------------ */
/* Bulk access                                                         */

void
gml_mem_read (GmlMem  *mem,
              guint64  addr,
              void    *buf,
              gsize    len)
{
  guint8 *out = buf;

  while (len > 0)
    {
      gsize n = MIN (len, GML_PAGE_SIZE - (addr & GML_PAGE_MASK));

      memcpy (out, gml_mem_r (mem, addr), n);
      out += n;
      addr += n;
      len -= n;
    }
}

void
gml_mem_write (GmlMem     *mem,
               guint64     addr,
               const void *buf,
               gsize       len)
{
  const guint8 *in = buf;

  while (len > 0)
    {
      gsize n = MIN (len, GML_PAGE_SIZE - (addr & GML_PAGE_MASK));

      memcpy (gml_mem_w (mem, addr), in, n);
      in += n;
      addr += n;
      len -= n;
    }
}

void
gml_mem_zero (GmlMem  *mem,
              guint64  addr,
              gsize    len)
{
  while (len > 0)
    {
      gsize n = MIN (len, GML_PAGE_SIZE - (addr & GML_PAGE_MASK));

      /* A whole page of zeros is an unmapped page: dropping it is cheaper
       * than writing it, and keeps the snapshot small. */
      if (n == GML_PAGE_SIZE)
        gml_mem_unmap (mem, addr, n);
      else if (lookup_page (mem, addr >> GML_PAGE_SHIFT) != NULL)
        memset (gml_mem_w (mem, addr), 0, n);
      addr += n;
      len -= n;
    }
}

void
gml_mem_move (GmlMem  *mem,
              guint64  dst,
              guint64  src,
              gsize    len)
{
  guint8 buf[GML_PAGE_SIZE];

  if (len == 0 || dst == src)
    return;
  if (dst < src || dst >= src + len)
    {
      /* Forward copy is safe. */
      while (len > 0)
        {
          gsize n = MIN (len, GML_PAGE_SIZE - (src & GML_PAGE_MASK));

          n = MIN (n, GML_PAGE_SIZE - (dst & GML_PAGE_MASK));
          memcpy (buf, gml_mem_r (mem, src), n);
          memcpy (gml_mem_w (mem, dst), buf, n);
          src += n;
          dst += n;
          len -= n;
        }
      return;
    }
  /* Overlapping with dst above src: copy backwards. */
  while (len > 0)
    {
      guint64 s_end = src + len, d_end = dst + len;
      gsize n = MIN (len, ((s_end - 1) & GML_PAGE_MASK) + 1);

      n = MIN (n, ((d_end - 1) & GML_PAGE_MASK) + 1);
      memcpy (buf, gml_mem_r (mem, s_end - n), n);
      memcpy (gml_mem_w (mem, d_end - n), buf, n);
      len -= n;
    }
}

gboolean
gml_mem_equal (GmlMem  *mem,
               guint64  a,
               guint64  b,
               gsize    len)
{
  guint8 buf[GML_PAGE_SIZE];

  while (len > 0)
    {
      gsize n = MIN (len, GML_PAGE_SIZE - (a & GML_PAGE_MASK));

      n = MIN (n, GML_PAGE_SIZE - (b & GML_PAGE_MASK));
      memcpy (buf, gml_mem_r (mem, a), n);
      if (memcmp (buf, gml_mem_r (mem, b), n) != 0)
        return FALSE;
      a += n;
      b += n;
      len -= n;
    }
  return TRUE;
}
