/* gml-mem.h: simulated memory, paged and copy-on-write across epochs.
 *
 * Every byte a simulated Go program can see, and the runtime's own
 * bookkeeping, lives at a 48-bit simulated address.  Memory is made of
 * 1 KiB pages behind a 4-level radix table.  Unmapped memory reads as
 * zeros; the first write maps a fresh page.
 *
 * Epochs make checkpoints O(1).  Each GmlMem writes in its current epoch:
 * a page or table node is writable in place only if it was created in that
 * epoch.  gml_mem_freeze() ends the epoch and returns the frozen root —
 * an immutable snapshot of the whole address space — and the next write to
 * any page copies it first.  A frozen root can be handed to another GmlMem
 * (the timeline's replay VM) with gml_mem_restore(); the two never write to
 * shared structures, so they need no locks.
 *
 * Host pointers returned by gml_mem_r()/gml_mem_w() cover the rest of the
 * page containing the address (at least 1 byte, at most GML_PAGE_SIZE) and
 * stay valid until the next freeze/restore/unmap.  A read pointer can go
 * stale when a later gml_mem_w() on the same page copies it; take the write
 * pointer first when you mean to write.  Aligned values of up to 8 bytes
 * never straddle a page; use gml_mem_read()/gml_mem_write() for the rest.
 * gml_mem_frame_r()/gml_mem_frame_w() reach one page, the window, without
 * the TLB lookup: the interpreter's current frame.
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

#define GML_PAGE_SHIFT 10
#define GML_PAGE_SIZE  (1u << GML_PAGE_SHIFT)
#define GML_PAGE_MASK  ((guint64) GML_PAGE_SIZE - 1)
#define GML_ADDR_BITS  48
#define GML_TLB_SIZE   4096
#define GML_WIN_NONE   (~(guint64) GML_PAGE_MASK)

typedef struct _GmlMem      GmlMem;
typedef struct _GmlMemRoot  GmlMemRoot;   /* a frozen snapshot */
typedef struct _GmlMemNode  GmlMemNode;

typedef struct
{
  guint64  tag;       /* page number + 1; 0 = empty */
  guint8  *data;
  gboolean writable;
} GmlTlbEntry;

/* Counters for budgets and benchmarks. */
typedef struct
{
  gsize pages_live;        /* pages reachable from the current root */
  gsize bytes_allocated;   /* pages + nodes this GmlMem allocated and still holds */
  gsize pages_copied;      /* copy-on-write copies so far */
  gsize pages_packed;      /* page versions stored packed */
  gsize bytes_blocks;      /* of bytes_allocated: 1 KiB page blocks */
  gsize bytes_packed;      /* of bytes_allocated: packed page versions */
  gsize bytes_nodes;       /* of bytes_allocated: radix nodes */
  gsize freezes;
  gsize pages_unpacked;    /* owner only: packed versions unpacked to be read */
} GmlMemStats;

struct _GmlMem
{
  GmlTlbEntry  tlb[GML_TLB_SIZE];
  /* The window: one writable page ahead of the TLB for gml_mem_frame()
   * (the interpreter's frame slots).  `win_page` is its address, or
   * GML_WIN_NONE; whatever drops or flushes the page's TLB entry closes it. */
  guint64      win_page;
  guint8      *win_data;
  /* the rest is private to gml-mem.c */
  GmlMemNode  *root;
  guint32      epoch;
  gpointer     priv;
};

GmlMem       *gml_mem_new        (void);
/* A second memory that shares the first one's epoch counter, for replaying
 * snapshots frozen by `owner`.  Free it before the owner. */
GmlMem       *gml_mem_new_replay (GmlMem       *owner);
void          gml_mem_free       (GmlMem       *mem);

/* Ends the current epoch; the returned root stays valid until `mem` is freed. */
GmlMemRoot   *gml_mem_freeze     (GmlMem       *mem);
/* Makes `mem` read the snapshot `root` (frozen by this mem or by the owner of
 * a replay mem).  Pages `mem` wrote since its last restore are released. */
void          gml_mem_restore    (GmlMem       *mem,
                                  GmlMemRoot   *root);

/* A replay memory holds pointers into its owner's pages from its restore
 * (or gml_mem_pin) until gml_mem_unpin; meanwhile the owner does not reuse
 * the blocks of page versions it packs.  Unpin idle replays. */
void          gml_mem_unpin      (GmlMem       *mem);
void          gml_mem_pin        (GmlMem       *mem);

/* Drops the pages wholly inside [addr, addr+len): they read as zeros again. */
void          gml_mem_unmap      (GmlMem       *mem,
                                  guint64       addr,
                                  guint64       len);

/* Says the pages wholly inside [addr, addr+len) will not be written again
 * soon (the callers' frames of a stack just copied): the owner packs the
 * ones it wrote in this epoch now, while they are in the cache, instead of
 * at the next freeze.  Writing one later unpacks it again. */
void          gml_mem_pack       (GmlMem       *mem,
                                  guint64       addr,
                                  guint64       len);

/* Page versions a packer thread is still packing count as whole blocks
 * until gml_mem_flush(). */
void          gml_mem_get_stats  (GmlMem       *mem,
                                  GmlMemStats  *stats);

/* The owner packs the pages of an ended epoch on a thread of its own
 * (the default with two processors or more, unless GOMEMLAB_PACKER=0) or
 * at its freezes.  gml_mem_flush() waits for the packer and frees the
 * blocks it packed that no replay is reading. */
void          gml_mem_set_packer (GmlMem       *mem,
                                  gboolean      background);
void          gml_mem_flush      (GmlMem       *mem);
/* Frees the blocks of the batches the packer has finished, without
 * waiting; only where no host pointer into the memory is held (between
 * runs of the interpreter). */
void          gml_mem_collect    (GmlMem       *mem);

/* Slow paths of the accessors below. */
const guint8 *gml_mem_r_slow     (GmlMem       *mem,
                                  guint64       addr);
guint8       *gml_mem_w_slow     (GmlMem       *mem,
                                  guint64       addr);

guint8       *gml_mem_frame_slow (GmlMem       *mem,
                                  guint64       addr,
                                  gboolean      write);

void          gml_mem_read       (GmlMem       *mem,
                                  guint64       addr,
                                  void         *buf,
                                  gsize         len);
void          gml_mem_write      (GmlMem       *mem,
                                  guint64       addr,
                                  const void   *buf,
                                  gsize         len);
void          gml_mem_zero       (GmlMem       *mem,
                                  guint64       addr,
                                  gsize         len);
/* memmove semantics: overlapping ranges are fine. */
void          gml_mem_move       (GmlMem       *mem,
                                  guint64       dst,
                                  guint64       src,
                                  gsize         len);
gboolean      gml_mem_equal      (GmlMem       *mem,
                                  guint64       a,
                                  guint64       b,
                                  gsize         len);

static inline const guint8 *
gml_mem_r (GmlMem  *mem,
           guint64  addr)
{
  guint64 pn = addr >> GML_PAGE_SHIFT;
  GmlTlbEntry *e = &mem->tlb[pn & (GML_TLB_SIZE - 1)];

  if (G_LIKELY (e->tag == pn + 1))
    return e->data + (addr & GML_PAGE_MASK);
  return gml_mem_r_slow (mem, addr);
}

static inline guint8 *
gml_mem_w (GmlMem  *mem,
           guint64  addr)
{
  guint64 pn = addr >> GML_PAGE_SHIFT;
  GmlTlbEntry *e = &mem->tlb[pn & (GML_TLB_SIZE - 1)];

  if (G_LIKELY (e->tag == pn + 1 && e->writable))
    return e->data + (addr & GML_PAGE_MASK);
  return gml_mem_w_slow (mem, addr);
}

/* Pointers to a value of up to 8 aligned bytes at `addr` through the
 * window: for the page a run of code keeps coming back to (the
 * interpreter's current frame), a compare instead of a TLB lookup.
 * gml_mem_frame_w() makes `addr`'s page the window when it misses;
 * gml_mem_frame_r() only when the page is writable already, so reading
 * never copies a page.  Valid like gml_mem_w() and gml_mem_r(). */
static inline guint8 *
gml_mem_frame (GmlMem   *mem,
               guint64   addr,
               gboolean  write)
{
  guint64 d = addr - mem->win_page;

  if (G_LIKELY (d < GML_PAGE_SIZE))
    return mem->win_data + d;
  return gml_mem_frame_slow (mem, addr, write);
}

static inline guint8 *
gml_mem_frame_w (GmlMem  *mem,
                 guint64  addr)
{
  return gml_mem_frame (mem, addr, TRUE);
}

static inline const guint8 *
gml_mem_frame_r (GmlMem  *mem,
                 guint64  addr)
{
  return gml_mem_frame (mem, addr, FALSE);
}

/* gml_mem_zero for a few bytes within a page held writable in the TLB
 * (a frame's temporaries): no call. */
static inline void
gml_mem_zero_small (GmlMem  *mem,
                    guint64  addr,
                    gsize    len)
{
  guint64 pn = addr >> GML_PAGE_SHIFT;
  GmlTlbEntry *e = &mem->tlb[pn & (GML_TLB_SIZE - 1)];

  if (G_LIKELY (e->tag == pn + 1 && e->writable && (addr & GML_PAGE_MASK) + len <= GML_PAGE_SIZE))
    memset (e->data + (addr & GML_PAGE_MASK), 0, len);
  else
    gml_mem_zero (mem, addr, len);
}

/* gml_mem_zero_small for a few bytes of the window's page (a new frame's
 * locals): a memset. */
static inline void
gml_mem_frame_zero (GmlMem  *mem,
                    guint64  addr,
                    gsize    len)
{
  guint64 d = addr - mem->win_page;

  if (G_LIKELY (d < GML_PAGE_SIZE && d + len <= GML_PAGE_SIZE))
    memset (mem->win_data + d, 0, len);
  else
    gml_mem_zero_small (mem, addr, len);
}

#define GML_MEM_ACCESSORS(T, name)                                        \
  static inline T gml_mem_get_##name (GmlMem *mem, guint64 addr)          \
  {                                                                       \
    T v;                                                                  \
    memcpy (&v, gml_mem_r (mem, addr), sizeof v);                         \
    return v;                                                             \
  }                                                                       \
  static inline void gml_mem_set_##name (GmlMem *mem, guint64 addr, T v)  \
  {                                                                       \
    memcpy (gml_mem_w (mem, addr), &v, sizeof v);                         \
  }

GML_MEM_ACCESSORS (guint8, u8)
GML_MEM_ACCESSORS (guint16, u16)
GML_MEM_ACCESSORS (guint32, u32)
GML_MEM_ACCESSORS (guint64, u64)
GML_MEM_ACCESSORS (gint8, i8)
GML_MEM_ACCESSORS (gint16, i16)
GML_MEM_ACCESSORS (gint32, i32)
GML_MEM_ACCESSORS (gint64, i64)
GML_MEM_ACCESSORS (float, f32)
GML_MEM_ACCESSORS (double, f64)

#undef GML_MEM_ACCESSORS

G_END_DECLS
