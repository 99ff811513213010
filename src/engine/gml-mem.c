/* gml-mem.c: paged copy-on-write simulated memory.
 *
 * The radix table maps a 38-bit page number through six node levels
 * (6, 6, 6, 6, 7 and 7 bits) to 1 KiB pages: small nodes, because every
 * epoch copies the nodes on the paths it writes.  Nodes and pages carry the epoch
 * that created them; only structures of the current epoch are modified in
 * place, everything older is copied on the first write.  Allocation is a
 * per-GmlMem slab, so a replay memory can drop everything it created in one
 * go when it restores another snapshot.
 *
 * Packing: when the simulating memory replaces a frozen page (a copy on
 * write, or an unmap), that version is only reachable from snapshots and
 * never changes again, so it is packed (zero, repeated and nearby words
 * take a few bits or bytes each) and its 1 KiB block is reused.  At a
 * freeze, the pages written in the epoch it ends are packed too, where
 * they are, so only the current epoch's pages take whole blocks; touching
 * one again unpacks it into a new version.  A page that was also written
 * in the epoch before (the collector's and allocator's metadata, a hot
 * loop's variables) is likely to be written again: it waits one more
 * freeze, and is packed then if it was not.  With a second processor,
 * a freeze with many pages to pack hands them to a packer thread instead
 * and the owner simulates on (see PackBatch).  gml_mem_pack() packs pages
 * of the current epoch earlier (a stack just copied, while it is in the
 * cache); no snapshot holds them yet, so their blocks are free at once,
 * and a later write unpacks them in place.
 *
 * Replay memories read the owner's blocks in place, so a retired block is
 * reused only once no replay can still hold a pointer into it: each replay
 * is pinned at the owner's generation (bumped at every freeze) from its
 * restore until gml_mem_unpin(), and blocks retired at an older generation
 * than every pin are free to go.  A replay reaching a packed page unpacks
 * it into a private page it keeps across restores; the owner reading one
 * (the collector scanning an old stack, a stack being copied) unpacks it
 * into one of COLD_SLOTS copies, direct-mapped by a hash of the page
 * number (metadata at regular strides would fight over one slot).
 */
#include "gml-mem.h"
#include "gml-huge.h"
#include "gml-varint.h"

#if defined (__SSE2__)
#include <emmintrin.h>
#endif

#define N_LEVELS 6
static const guint level_shift[N_LEVELS] = { 32, 26, 20, 14, 7, 0 };
static const guint level_slots[N_LEVELS] = { 64, 64, 64, 64, 128, 128 };

/* A slab is one huge page (see gml-huge.h). */
#define SLAB_BYTES GML_HUGE_SIZE
#define SLAB_SIZE (SLAB_BYTES - 2 * sizeof (gsize) - 16)
#define SPARE_SLABS 4   /* a replay keeps this many across restores */

/* A page version.  `data` is its 1 KiB block, or (low bit set) its packed
 * form; the owner, or its packer thread for a queued page, switches it
 * once, from block to packed form. */
typedef struct
{
  guint32  epoch;
  guint8   stride;      /* the stride the page's last packed version took, or 0
                         * (the packer thread writes it: atomic, relaxed) */
  guint8   queued;      /* owner: handed to the packer thread, which packs
                         * it or leaves it whole; nothing else packs it */
  guint8  *data;
} Page;

#define PAGE_PACKED(d) (((guintptr) (d)) & 1)

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
  GMutex  lock;          /* guards replays and the pins */
  GPtrArray *replays;    /* Priv* of the replay memories */
  guint64 gen;           /* the owner's generation, under lock */
  guint8  zero[GML_PAGE_SIZE];  /* never written */
} Shared;

#define UNPINNED G_MAXUINT64
#define HOT ((guint64) 1 << 63)  /* in `dirty`: the page's last version was
                                   * the previous epoch's */
#define UNPACKED_MAX 32768    /* pages (32 MiB) a replay keeps unpacked */
#define COLD_BITS 10
#define COLD_SLOTS (1u << COLD_BITS)  /* unpacked copies the owner keeps (1 MiB) */

/* The owner's copy of a packed page version it read, direct-mapped by
 * page number. */
typedef struct
{
  const Page *page;
  guint64     pn;
  guint8      data[GML_PAGE_SIZE];
} ColdCopy;

typedef struct
{
  guint8  *block;
  guint64  gen;
} Retired;

typedef struct
{
  guint64  pn;
  guint32  epoch;   /* its version then */
} Carried;

/* Background packing: at a freeze with enough pages to pack, the owner
 * hands them to a packer thread in a batch, keeping each page's block,
 * and goes on simulating.  The packer packs each version and switches its
 * `data` (replays and the owner read it atomically and still find the
 * block valid).  The owner collects a finished batch between runs of the
 * interpreter (gml_mem_collect) or at the next freeze, retiring the
 * blocks of the pages that packed, as if it had packed them itself. */
typedef struct
{
  Page    *page;
  guint64  pn;
  guint8  *block;   /* its block when queued */
} PackJob;

typedef struct _PackBatch PackBatch;
struct _PackBatch
{
  GArray    *jobs;          /* PackJob */
  gsize      pages_packed;  /* packer: its results */
  gsize      bytes_packed;
  gint       queued;        /* atomic: orders the jobs before the packer
                             * for ThreadSanitizer, which does not see
                             * GLib's futex-based locks */
  gint       done;          /* atomic; set under pack_lock */
};

static void
batch_free (PackBatch *b)
{
  g_array_unref (b->jobs);
  g_free (b);
}

#define BG_MIN_PAGES 64     /* fewer are packed at once, by the owner */
#define BG_MAX_IN_FLIGHT 2  /* then the owner waits for the oldest */

typedef struct _Slab Slab;
struct _Slab
{
  Slab  *next;
  gsize  used;
  guint8 data[SLAB_SIZE];
  guint8 slack[16];  /* the unpacker reads a payload 8 bytes at a time,
                      * and a sparse page's codes 16 bytes at a time */
};

G_STATIC_ASSERT (sizeof (Slab) == SLAB_BYTES);

typedef struct
{
  Shared     *shared;
  gboolean    is_replay;
  Slab       *slabs;        /* newest first */
  Slab       *spare;        /* replay: emptied slabs, to fill again */
  guint       n_spare;
  Slab       *packed;       /* owner: packed page versions, 2-byte aligned
                             * (the low bit of Page.data marks them) */
  Page       *free_pages;   /* released page headers, linked through data */
  guint8     *free_blocks;  /* released 1 KiB blocks, linked through their first word */
  GPtrArray  *roots;        /* GmlMemRoot* this mem froze (owned) */
  GArray     *retired;      /* owner: Retired blocks waiting for the pins */
  guint64     pin;          /* replay: generation pinned, or UNPINNED */
  ColdCopy   *cold;         /* owner: COLD_SLOTS copies of packed pages it read */
  Slab       *unpacked_slabs; /* replay: where the copies in `unpacked` live */
  guint       unpacked_mask;  /* replay: `unpacked` has this + 1 entries */
  guint       n_unpacked;
  struct _Unpacked *unpacked; /* replay: packed Page* -> its unpacked copy, kept
                             * across restores (page versions never change) */
  GArray     *dirty;        /* owner: pages given a version this epoch (guint64
                             * page numbers, maybe with HOT) */
  guint32     dirty_epoch;  /* owner: this epoch */
  guint32     prev_epoch;   /* owner: the epoch before, or G_MAXUINT32 */
  GArray     *carried;      /* owner: Carried, hot pages the last freeze kept */
  guint       stride_hint;  /* owner: the stride of the last page packed */
  GmlMemStats stats;
  /* Background packing (owner): the pool runs one batch at a time, in
   * order; only its thread touches bg_packed and bg_stride_hint. */
  GThreadPool *packer;      /* NULL: the owner packs at its freezes */
  GQueue      in_flight;    /* PackBatch, oldest first */
  GMutex      pack_lock;
  GCond       pack_done;
  Slab       *bg_packed;    /* packed page versions the packer wrote */
  guint       bg_stride_hint;
} Priv;

#define PRIV(mem) ((Priv *) (mem)->priv)

/* ------------------------------------------------------------------ */
/* Allocation                                                          */

/* A slab for the head of `chain`: a spare one (a replay's), or a new
 * mapping.  Huge pages pay for slabs that fill up; the first touch of one
 * clears all 2 MiB.  A replay fills its slabs during seeks, a little at a
 * time, and with a packer thread the owner packs only small freezes and
 * the versions it replaces, so its first packed slab often holds a few
 * kilobytes: those are on ordinary pages. */
static Slab *
slab_new (Priv  *priv,
          Slab **chain)
{
  Slab *s = priv->spare;

  if (s != NULL)
    {
      priv->spare = s->next;
      priv->n_spare--;
    }
  else if (priv->is_replay || (chain == &priv->packed && *chain == NULL && priv->packer != NULL))
    s = gml_huge_alloc_small_pages (sizeof (Slab));
  else
    s = gml_huge_alloc (sizeof (Slab));
  s->used = 0;
  s->next = *chain;
  *chain = s;
  return s;
}

/* `size` bytes from the slabs of `chain`, unaccounted. */
static gpointer
chain_take (Priv    *priv,
            Slab   **chain,
            gsize    size,
            gsize    align)
{
  Slab *s = *chain;
  gpointer p;

  size = (size + align - 1) & ~(align - 1);
  if (s == NULL || SLAB_SIZE - s->used < size)
    s = slab_new (priv, chain);
  p = s->data + s->used;
  s->used += size;
  return p;
}

static gpointer
chain_alloc (GmlMem  *mem,
             Slab   **chain,
             gsize    size,
             gsize    align)
{
  Priv *priv = PRIV (mem);

  priv->stats.bytes_allocated += (size + align - 1) & ~(align - 1);
  return chain_take (priv, chain, size, align);
}

static gpointer
slab_alloc (GmlMem *mem,
            gsize   size)
{
  return chain_alloc (mem, &PRIV (mem)->slabs, size, 16);
}

static void
slabs_free (Slab *s)
{
  while (s != NULL)
    {
      Slab *next = s->next;

      gml_huge_free (s, sizeof (Slab));
      s = next;
    }
}

/* A replay restoring another snapshot: its slabs go, but a few stay
 * mapped for the next replay, which would only fault them in again.
 * (The spares can be more: a cleared cache of unpacked copies gives back
 * all its slabs.) */
static void
spare_push (Priv *priv,
            Slab *s)
{
  s->next = priv->spare;
  priv->spare = s;
  priv->n_spare++;
}

static void
slabs_keep (Priv *priv,
            Slab *s)
{
  while (s != NULL)
    {
      Slab *next = s->next;

      if (priv->n_spare < SPARE_SLABS)
        spare_push (priv, s);
      else
        gml_huge_free (s, sizeof (Slab));
      s = next;
    }
}

/* A replay's unpacked copies of packed page versions, by the version's
 * header: open addressing with linear probing.  (GHashTable's calls
 * through its hash and equality functions were a tenth of a seek among
 * 10,000 goroutines, whose records a state reads on 2,500 pages.) */
typedef struct _Unpacked
{
  const Page *page;
  guint8     *copy;
} Unpacked;

static inline guint
unpacked_slot (const Page *p)
{
  return (guint) (((guintptr) p * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 32);
}

static guint8 *
unpacked_lookup (const Priv *priv,
                 const Page *p)
{
  if (priv->unpacked == NULL)
    return NULL;
  for (guint i = unpacked_slot (p) & priv->unpacked_mask;; i = (i + 1) & priv->unpacked_mask)
    {
      if (priv->unpacked[i].page == p)
        return priv->unpacked[i].copy;
      if (priv->unpacked[i].page == NULL)
        return NULL;
    }
}

static void
unpacked_insert (Priv       *priv,
                 const Page *p,
                 guint8     *copy)
{
  guint i;

  /* At most half full. */
  if (priv->unpacked == NULL || 2 * (priv->n_unpacked + 1) > priv->unpacked_mask + 1)
    {
      Unpacked *old = priv->unpacked;
      guint old_size = old != NULL ? priv->unpacked_mask + 1 : 0;
      guint size = MAX (2 * old_size, 1024);

      priv->unpacked = g_new0 (Unpacked, size);
      priv->unpacked_mask = size - 1;
      priv->n_unpacked = 0;
      for (guint k = 0; k < old_size; k++)
        if (old[k].page != NULL)
          unpacked_insert (priv, old[k].page, old[k].copy);
      g_free (old);
    }
  for (i = unpacked_slot (p) & priv->unpacked_mask; priv->unpacked[i].page != NULL; i = (i + 1) & priv->unpacked_mask)
    ;
  priv->unpacked[i].page = p;
  priv->unpacked[i].copy = copy;
  priv->n_unpacked++;
}

/* Forgets every unpacked copy.  Unless `release`, the table keeps its
 * size and the copies' slabs join the spares: growing them again would
 * cost more than a seek. */
static void
unpacked_clear (Priv     *priv,
                gboolean  release)
{
  if (release)
    {
      g_clear_pointer (&priv->unpacked, g_free);
      priv->unpacked_mask = 0;
      slabs_free (priv->unpacked_slabs);
    }
  else
    {
      if (priv->unpacked != NULL)
        memset (priv->unpacked, 0, (priv->unpacked_mask + 1) * sizeof (Unpacked));
      while (priv->unpacked_slabs != NULL)
        {
          Slab *s = priv->unpacked_slabs;

          priv->unpacked_slabs = s->next;
          spare_push (priv, s);
        }
    }
  priv->unpacked_slabs = NULL;
  priv->n_unpacked = 0;
}

static guint8 *
block_new (GmlMem *mem)
{
  Priv *priv = PRIV (mem);
  guint8 *b = priv->free_blocks;

  priv->stats.bytes_blocks += GML_PAGE_SIZE;
  if (b == NULL)
    return slab_alloc (mem, GML_PAGE_SIZE);
  memcpy (&priv->free_blocks, b, sizeof (guint8 *));
  priv->stats.bytes_allocated += GML_PAGE_SIZE;
  return b;
}

static void
block_release (GmlMem *mem,
               guint8 *b)
{
  Priv *priv = PRIV (mem);

  memcpy (b, &priv->free_blocks, sizeof (guint8 *));
  priv->free_blocks = b;
  priv->stats.bytes_allocated -= GML_PAGE_SIZE;
  priv->stats.bytes_blocks -= GML_PAGE_SIZE;
}

/* ------------------------------------------------------------------ */
/* Packing                                                             */

/* A page is 128 words.  Each word is predicted from the words one stride
 * back: w[i-s] + (w[i-s] - w[i-2s]) -- repeated values, counters and the
 * frames of a deep recursion or the objects of a span (whose size is the
 * stride) predict exactly.  Format: the stride (1 byte), two bits per word
 * (32 bytes), then the payload.  Per word: ZERO; PRED, the prediction;
 * NEAR, a difference from one of four bases; WORD, 8 bytes.  NEAR is
 * the zigzag difference shifted left by two, the low two bits naming the
 * base: the prediction, zero (a small number), the last nonzero word (a
 * repeat), or the last word above 2^32 (a pointer near the last pointer:
 * a frame's pointers into one span or one stack); see near_put().
 * A page with fewer than 64 nonzero words is SPARSE (the stride byte's
 * top bit): a bitmap of its nonzero words (16 bytes) replaces their ZERO
 * codes, and its stride is searched for once, when the page is first
 * packed: later versions of the page (a page of goroutine records, say)
 * keep it.  A page whose every word from the third stride on is its
 * prediction, zeros too, is a TAIL (the stride byte's next bit): the
 * frames of a recursion or a span of objects that differ by a counter.
 * It keeps the codes and payload of its first two strides only, and
 * unpacking predicts the rest with no codes to read.  An all-zero page
 * packs into packed_zero, which takes no memory. */
enum { W_ZERO, W_PRED, W_NEAR, W_WORD };
enum { BASE_PRED, BASE_ZERO, BASE_LAST, BASE_POINTER, N_BASES };

#define N_WORDS (GML_PAGE_SIZE / 8)
#define PACK_HEADER (1 + N_WORDS / 4)
#define PACK_MAX (GML_PAGE_SIZE * 3 / 4)   /* pack only when it saves a quarter */
#define MAX_STRIDE 32
#define SPARSE 0x80
#define TAIL 0x40
#define STRIDE_BITS 0x3f   /* of the first byte: MAX_STRIDE fits */
#define BITMAP (N_WORDS / 8)

/* Bits set in x.  Without -mpopcnt (x86-64's baseline), GCC calls
 * libgcc's __popcountdi2 for __builtin_popcountll; this is the same
 * arithmetic, inlined. */
static inline guint
popcount64 (guint64 x)
{
#if defined (__POPCNT__)
  return (guint) __builtin_popcountll (x);
#else
  x -= (x >> 1) & G_GUINT64_CONSTANT (0x5555555555555555);
  x = (x & G_GUINT64_CONSTANT (0x3333333333333333)) + ((x >> 2) & G_GUINT64_CONSTANT (0x3333333333333333));
  x = (x + (x >> 4)) & G_GUINT64_CONSTANT (0x0f0f0f0f0f0f0f0f);
  return (guint) ((x * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56);
#endif
}

/* Stride 0, every word ZERO; words, so that its address is even. */
static const guint64 packed_zero[(PACK_HEADER + 7) / 8];

static inline guint64
predict (const guint64 *w,
         guint          i,
         guint          stride)
{
  if (i < stride)
    return 0;
  if (i < 2 * stride)
    return w[i - stride];
  return w[i - stride] + (w[i - stride] - w[i - 2 * stride]);
}

/* The stride whose predictions hit most often over a sample of the page
 * (ties: the shortest); a nearly perfect one ends the search. */
#define SAMPLE_FROM (2 * MAX_STRIDE)
#define SAMPLE_WORDS 48

/* Which of words i and i + 1 (i >= 2 * s) stride `s` predicts: bit 0
 * for i, bit 1 for i + 1. */
static inline guint
predicted_pair (const guint64 *w,
                guint          i,
                guint          s)
{
#if defined (__SSE2__)
  __m128i x = _mm_loadu_si128 ((const __m128i *) &w[i]);
  __m128i a = _mm_loadu_si128 ((const __m128i *) &w[i - s]);
  __m128i b = _mm_loadu_si128 ((const __m128i *) &w[i - 2 * s]);
  __m128i eq = _mm_cmpeq_epi32 (x, _mm_sub_epi64 (_mm_add_epi64 (a, a), b));

  /* SSE2 compares 32-bit halves: a word hits when both of its halves do. */
  eq = _mm_and_si128 (eq, _mm_shuffle_epi32 (eq, _MM_SHUFFLE (2, 3, 0, 1)));
  return (guint) _mm_movemask_pd (_mm_castsi128_pd (eq));
#else
  return (guint) (w[i] == 2 * w[i - s] - w[i - 2 * s])
         | (guint) (w[i + 1] == 2 * w[i + 1 - s] - w[i + 1 - 2 * s]) << 1;
#endif
}

/* How many of the `n` (even) words from SAMPLE_FROM stride `s` predicts. */
static guint
stride_hits (const guint64 *w,
             guint          s,
             guint          n)
{
  guint hits = 0;

  for (guint i = SAMPLE_FROM; i < SAMPLE_FROM + n; i += 2)
    {
      guint m = predicted_pair (w, i, s);

      hits += (m & 1) + (m >> 1);
    }
  return hits;
}

/* `hint` is the stride of the page packed before: the pages of one
 * stack, or of one span, usually share it.  Otherwise a first look at a
 * third of the sample ranks the strides (1 to 16 words, and 32: the
 * runtime's 256-byte goroutine records), and the best two are scored on
 * all of it. */
#define GLANCE_WORDS 16

static guint
best_stride (const guint64 *w,
             guint          hint)
{
  guint first = 0, second = 0, first_hits = 0, second_hits = 0;

  if (hint >= 1 && hint <= MAX_STRIDE && stride_hits (w, hint, SAMPLE_WORDS) >= SAMPLE_WORDS - 2)
    return hint;
  /* Every stride up to 16 words, then 32: a goroutine's 256-byte record. */
  for (guint s = 1; s <= MAX_STRIDE; s = s < 16 ? s + 1 : 2 * s)
    {
      guint hits = stride_hits (w, s, GLANCE_WORDS);

      /* The shortest stride with a perfect glance that holds on all of
       * the sample ends the search. */
      if (hits == GLANCE_WORDS && stride_hits (w, s, SAMPLE_WORDS) >= SAMPLE_WORDS - 2)
        return s;

      if (hits > first_hits || first == 0)
        {
          second = first;
          second_hits = first_hits;
          first = s;
          first_hits = hits;
        }
      else if (hits > second_hits || second == 0)
        {
          second = s;
          second_hits = hits;
        }
    }
  /* Ties go to the shorter stride. */
  if (stride_hits (w, second, SAMPLE_WORDS) + (second < first) > stride_hits (w, first, SAMPLE_WORDS))
    return second;
  return first;
}

/* The bases NEAR can name, as pack and unpack track them. */
static inline void
bases_update (guint64 *last,
              guint64 *pointer,
              guint64  w)
{
  if (w != 0)
    *last = w;
  if (w >> 32)
    *pointer = w;
}

/* A NEAR payload: a number below 2^56 in 1 to 8 bytes, 7 bits a byte
 * like LEB128, but the length comes first, as the count of the first
 * byte's trailing zeros plus one: one 8-byte store to write it, one
 * 8-byte load to read it, and no loop.  Slabs have 16 bytes of slack
 * after their last payload. */
static inline guint
near_put (guint8  *buf,
          guint64  v)
{
  /* Bytes for a number of b bits, (b + 6) / 7, for b up to 56. */
  static const guint8 bytes_for[57] = {
    1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4,
    5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8,
  };
  guint len = bytes_for[64 - __builtin_clzll (v | 1)];
  guint64 x = GUINT64_TO_LE (v << len | (guint64) 1 << (len - 1));

  memcpy (buf, &x, 8);
  return len;
}

static inline guint64
near_get (const guint8 **p)
{
  guint64 x;
  guint len;

  memcpy (&x, *p, 8);
  x = GUINT64_FROM_LE (x);
  len = (guint) __builtin_ctzll (x) + 1;
  *p += len;
  return len == 8 ? x >> 8 : (x & (((guint64) 1 << (8 * len)) - 1)) >> len;
}

/* NEAR or WORD for a word its prediction `p` missed; returns its code. */
static inline guint
pack_miss (guint64   w,
           guint64   p,
           guint64   last,
           guint64   pointer,
           guint8  **pay)
{
  guint64 base[N_BASES] = { p, 0, last, pointer };
  guint64 best = gml_zigzag ((gint64) (w - p));
  guint sel = BASE_PRED;

  for (guint b = 1; b < N_BASES; b++)
    {
      guint64 z = gml_zigzag ((gint64) (w - base[b]));

      if (z < best)
        {
          best = z;
          sel = b;
        }
    }
  if (best < ((guint64) 1 << 47))
    {
      *pay += near_put (*pay, best << 2 | sel);
      return W_NEAR;
    }
  memcpy (*pay, &w, 8);
  *pay += 8;
  return W_WORD;
}

/* A page's words, read in place: blocks are 16-byte aligned. */
typedef guint64 Word __attribute__ ((may_alias));

/* The PRED codes (01) of 32 words, little-endian, from 32 bits saying
 * which words hit: bit i goes to bit 2i. */
static inline guint64
pred_codes (guint32 bits)
{
  guint64 x = bits;

  x = (x | (x << 16)) & G_GUINT64_CONSTANT (0x0000ffff0000ffff);
  x = (x | (x << 8)) & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff);
  x = (x | (x << 4)) & G_GUINT64_CONSTANT (0x0f0f0f0f0f0f0f0f);
  x = (x | (x << 2)) & G_GUINT64_CONSTANT (0x3333333333333333);
  x = (x | (x << 1)) & G_GUINT64_CONSTANT (0x5555555555555555);
  return GUINT64_TO_LE (x);
}

/* The word of the highest bit set in `mask` below word i, or 0. */
static inline guint64
word_below (const Word    *w,
            const guint64  mask[2],
            guint          i)
{
  guint64 m;

  if (i > 64)
    {
      m = i == N_WORDS ? mask[1] : mask[1] & (((guint64) 1 << (i - 64)) - 1);
      if (m != 0)
        return w[64 + 63 - __builtin_clzll (m)];
      i = 64;
    }
  m = i == 64 ? mask[0] : mask[0] & (((guint64) 1 << i) - 1);
  return m != 0 ? w[63 - __builtin_clzll (m)] : 0;
}

/* Which of the nonzero words `nz` stride `stride` predicts; TRUE if it
 * predicts every word from 2 * stride on, zeros too (a TAIL). */
static gboolean
predicted_words (const Word    *w,
                 guint          stride,
                 const guint64  nz[2],
                 guint64        hit[2])
{
  /* Below the stride the prediction is zero, so no nonzero word hits;
   * in the next stride it is the word one stride back. */
  hit[0] = hit[1] = 0;
  for (guint i = stride; i < 2 * stride; i++)
    hit[i / 64] |= (guint64) (w[i] == w[i - stride]) << (i % 64);
  /* From 2 * stride (even) on, two words at a time: i and i + 1 are in
   * the same half. */
  for (guint i = 2 * stride; i < N_WORDS; i += 2)
    hit[i / 64] |= (guint64) predicted_pair ((const guint64 *) w, i, stride) << (i % 64);
  {
    /* Words [2 * stride, 128): 2 * stride is at most 64. */
    guint64 from = 2 * stride == 64 ? 0 : ~(guint64) 0 << (2 * stride);
    gboolean tail = (hit[0] & from) == from && hit[1] == ~(guint64) 0;

    G_STATIC_ASSERT (2 * MAX_STRIDE <= 64);
    hit[0] &= nz[0];
    hit[1] &= nz[1];
    return tail;
  }
}

/* A TAIL page: the codes of the first two strides' words, then their
 * payload, each word with the bases as they were just before it. */
static gsize
pack_tail (const Word *w,
           guint       stride,
           guint8     *out)
{
  guint n = 2 * stride;
  guint8 *codes = out + 1, *pay = codes + (n + 3) / 4;
  guint64 last = 0, pointer = 0;

  out[0] = (guint8) (stride | TAIL);
  memset (codes, 0, (n + 3) / 4);
  for (guint i = 0; i < n; i++)
    {
      guint64 p = predict ((const guint64 *) w, i, stride);
      guint code = w[i] == 0 ? W_ZERO : w[i] == p ? W_PRED : pack_miss (w[i], p, last, pointer, &pay);

      bases_update (&last, &pointer, w[i]);
      codes[i / 4] |= (guint8) (code << ((i % 4) * 2));
    }
  return (gsize) (pay - out);
}

static gsize
pack (const guint8 *page,
      guint8       *out,       /* at least PACK_HEADER + N_WORDS * 9 bytes */
      guint        *stride_hint,
      guint8       *page_stride)
{
  const Word *w = (const Word *) page;
  guint64 nz[2], high[2], hit[2];
  guint stride, nonzero;
  gboolean tail = FALSE;
  guint8 *codes, *pay;

  /* Which words are nonzero, and which look like pointers (the bases). */
  for (guint half = 0; half < 2; half++)
    {
      guint64 m = 0, h = 0;

#if defined (__SSE2__)
      /* Eight words at a time: which of their 32-bit halves are zero, as
       * 16 bits (low, high, low, high...) from one byte mask. */
      for (guint j = 0; j < 64; j += 8)
        {
          const __m128i *v = (const __m128i *) &w[half * 64 + j], zero = _mm_setzero_si128 ();
          __m128i lo = _mm_packs_epi32 (_mm_cmpeq_epi32 (_mm_load_si128 (v), zero),
                                        _mm_cmpeq_epi32 (_mm_load_si128 (v + 1), zero));
          __m128i hi = _mm_packs_epi32 (_mm_cmpeq_epi32 (_mm_load_si128 (v + 2), zero),
                                        _mm_cmpeq_epi32 (_mm_load_si128 (v + 3), zero));
          guint32 z = (guint32) _mm_movemask_epi8 (_mm_packs_epi16 (lo, hi));
          /* Word k: bit 2k nonzero, in the low half; bit 2k high half
           * nonzero, in the high half; then every other bit squeezed out. */
          guint32 x = ((~(z & (z >> 1))) & 0x5555) | (((~z >> 1) & 0x5555) << 16);

          x = (x | (x >> 1)) & 0x33333333;
          x = (x | (x >> 2)) & 0x0f0f0f0f;
          x = (x | (x >> 4)) & 0x00ff00ff;
          m |= (guint64) (x & 0xff) << j;
          h |= (guint64) (x >> 16) << j;
        }
#else
      for (guint j = 0; j < 64; j++)
        {
          m |= (guint64) (w[half * 64 + j] != 0) << j;
          h |= (guint64) ((w[half * 64 + j] >> 32) != 0) << j;
        }
#endif
      nz[half] = m;
      high[half] = h;
    }
  nonzero = (guint) (popcount64 (nz[0]) + popcount64 (nz[1]));
  if (nonzero == 0)
    {
      out[0] = SPARSE;
      memset (out + 1, 0, BITMAP);
      return 1 + BITMAP;
    }
  /* A few words (a goroutine's frame) gain nothing from a stride.  A
   * dense page tries the last page's stride on all its words first (it
   * needs them anyway): when nearly every word hits, there is no search. */
  stride = 1;
  if (nonzero >= N_WORDS / 2)
    {
      guint hint = *stride_hint;

      stride = 0;
      if (hint >= 1 && hint <= MAX_STRIDE)
        {
          tail = predicted_words (w, hint, nz, hit);
          /* The first two strides' words cannot all hit; but a long
           * hint that is a multiple of the page's stride (four frames
           * of a recursion) would pass with all of them missing, so a
           * long one must do nearly as well as a short one would. */
          if (nonzero - (guint) (popcount64 (hit[0]) + popcount64 (hit[1]))
              <= 2 * MIN (hint, 8) + nonzero / 32)
            stride = hint;
        }
      if (stride == 0)
        {
          stride = best_stride ((const guint64 *) w, 0);
          tail = predicted_words (w, stride, nz, hit);
        }
      *stride_hint = stride;
    }
  else if (nonzero >= 16)
    {
      if (*page_stride != 0)
        stride = *page_stride;
      else
        stride = *page_stride = (guint8) (*stride_hint = best_stride ((const guint64 *) w, *stride_hint));
      /* A span of small objects, mostly zero, that differ by a counter
       * (not a page of goroutine records, whose stride is 32). */
      tail = stride >= 2 && stride <= 16 && predicted_words (w, stride, nz, hit);
    }
  if (tail)
    return pack_tail (w, stride, out);

  if (nonzero < N_WORDS / 2)
    {
      /* SPARSE: the bitmap (little-endian), then a code per nonzero word. */
      guint64 last = 0, pointer = 0;
      guint64 bitmap[2] = { GUINT64_TO_LE (nz[0]), GUINT64_TO_LE (nz[1]) };
      guint64 acc[2] = { 0, 0 };   /* the codes: fewer than 64 words */
      guint slot = 0;

      out[0] = (guint8) (stride | SPARSE);
      memcpy (out + 1, bitmap, BITMAP);
      codes = out + 1 + BITMAP;
      pay = codes + (nonzero + 3) / 4;
      for (guint half = 0; half < 2; half++)
        for (guint64 b = nz[half]; b != 0; b &= b - 1, slot++)
          {
            guint i = half * 64 + (guint) __builtin_ctzll (b);
            guint64 p = predict ((const guint64 *) w, i, stride);
            guint code = w[i] == p ? W_PRED : pack_miss (w[i], p, last, pointer, &pay);

            bases_update (&last, &pointer, w[i]);
            acc[slot / 32] |= (guint64) code << ((slot % 32) * 2);
          }
      acc[0] = GUINT64_TO_LE (acc[0]);
      acc[1] = GUINT64_TO_LE (acc[1]);
      memcpy (codes, acc, (nonzero + 3) / 4);
      return (gsize) (pay - out);
    }

  /* Dense: the words the stride predicts first, four codes a byte at a
   * time; then the others in order, each with the bases as they were
   * just before it. */
  {
    out[0] = (guint8) stride;
    codes = out + 1;
    pay = out + PACK_HEADER;
    for (guint q = 0; q < 4; q++)
      {
        guint64 x = pred_codes ((guint32) (hit[q / 2] >> (32 * (q % 2))));

        memcpy (codes + q * 8, &x, 8);
      }
    for (guint half = 0; half < 2; half++)
      for (guint64 b = nz[half] & ~hit[half]; b != 0; b &= b - 1)
        {
          guint i = half * 64 + (guint) __builtin_ctzll (b);
          guint code = pack_miss (w[i], predict ((const guint64 *) w, i, stride),
                                  word_below (w, nz, i), word_below (w, high, i), &pay);

          codes[i / 4] |= (guint8) (code << ((i % 4) * 2));
        }
    return (gsize) (pay - out);
  }
}

/* Zeroes a 1 KiB block.  GCC inlines memset() of a constant 1 KiB as
 * `rep stos`, which takes a quarter of unpacking a sparse page; 16-byte
 * stores take a few cycles. */
static inline void
block_zero (guint8 *block)
{
#if defined (__SSE2__)
  __m128i z = _mm_setzero_si128 ();

  for (guint i = 0; i < GML_PAGE_SIZE; i += 64)
    {
      _mm_storeu_si128 ((__m128i *) (block + i), z);
      _mm_storeu_si128 ((__m128i *) (block + i + 16), z);
      _mm_storeu_si128 ((__m128i *) (block + i + 32), z);
      _mm_storeu_si128 ((__m128i *) (block + i + 48), z);
    }
#else
  memset (block, 0, GML_PAGE_SIZE);
#endif
}

/* Copies a 1 KiB block, for the same reason (`rep movs`). */
static inline void
block_copy (guint8       *dst,
            const guint8 *src)
{
#if defined (__SSE2__)
  for (guint i = 0; i < GML_PAGE_SIZE; i += 64)
    {
      __m128i a = _mm_loadu_si128 ((const __m128i *) (src + i));
      __m128i b = _mm_loadu_si128 ((const __m128i *) (src + i + 16));
      __m128i c = _mm_loadu_si128 ((const __m128i *) (src + i + 32));
      __m128i d = _mm_loadu_si128 ((const __m128i *) (src + i + 48));

      _mm_storeu_si128 ((__m128i *) (dst + i), a);
      _mm_storeu_si128 ((__m128i *) (dst + i + 16), b);
      _mm_storeu_si128 ((__m128i *) (dst + i + 32), c);
      _mm_storeu_si128 ((__m128i *) (dst + i + 48), d);
    }
#else
  memcpy (dst, src, GML_PAGE_SIZE);
#endif
}

/* Decodes word i, whose code is `code`, reading its payload at *pay. */
static inline void
decode_word (guint64        *w,
             guint           i,
             guint           code,
             const guint8  **pay,
             guint           stride,
             guint64        *last,
             guint64        *pointer)
{
  switch (code)
    {
    case W_ZERO:
      w[i] = 0;
      break;
    case W_PRED:
      w[i] = predict (w, i, stride);
      break;
    case W_NEAR:
      {
        guint64 z = near_get (pay), base[N_BASES] = { 0, 0, *last, *pointer };

        if ((z & 3) == BASE_PRED)
          base[BASE_PRED] = predict (w, i, stride);
        w[i] = base[z & 3] + (guint64) gml_unzigzag (z >> 2);
      }
      break;
    default:
      memcpy (&w[i], *pay, 8);
      *pay += 8;
      break;
    }
  bases_update (last, pointer, w[i]);
}

static void
unpack (const guint8 *in,
        guint8       *page)
{
  Word *w = (Word *) page;
  guint64 last = 0, pointer = 0;
  guint stride = in[0] & STRIDE_BITS, slot = 0;
  const guint8 *pay;

  if (in[0] & TAIL)
    {
      const guint8 *codes = in + 1;
      guint n = 2 * stride;

      pay = codes + (n + 3) / 4;
      for (guint i = 0; i < n; i++)
        decode_word ((guint64 *) w, i, (codes[i / 4] >> ((i % 4) * 2)) & 3, &pay, stride, &last, &pointer);
#if defined (__SSE2__)
      /* Two words at a time when they do not predict each other; n is
       * even and the block 16-byte aligned. */
      if (stride >= 2)
        {
          for (guint j = n; j < N_WORDS; j += 2)
            {
              __m128i a = _mm_loadu_si128 ((const __m128i *) &w[j - stride]);
              __m128i b = _mm_loadu_si128 ((const __m128i *) &w[j - n]);

              _mm_store_si128 ((__m128i *) &w[j], _mm_sub_epi64 (_mm_add_epi64 (a, a), b));
            }
          return;
        }
#endif
      for (guint j = n; j < N_WORDS; j++)
        w[j] = 2 * w[j - stride] - w[j - n];
      return;
    }

  if (in[0] & SPARSE)
    {
      const guint8 *codes = in + 1 + BITMAP;
      guint64 bits[2], acc[2];
      guint n_codes;

      /* Only the nonzero words, in order, from the bitmap. */
      memcpy (bits, in + 1, BITMAP);
      bits[0] = GUINT64_FROM_LE (bits[0]);
      bits[1] = GUINT64_FROM_LE (bits[1]);
      n_codes = (popcount64 (bits[0]) + popcount64 (bits[1]) + 3) / 4;
      pay = codes + n_codes;
      /* 16 bytes, whatever the codes' length: what follows them is
       * payload, or the slack after the last payload. */
      memcpy (acc, codes, sizeof acc);
      acc[0] = GUINT64_FROM_LE (acc[0]);
      acc[1] = GUINT64_FROM_LE (acc[1]);
      block_zero (page);
      for (guint half = 0; half < 2; half++)
        for (guint64 b = bits[half]; b != 0; b &= b - 1, slot++)
          decode_word ((guint64 *) w, half * 64 + (guint) __builtin_ctzll (b), (guint) (acc[slot / 32] >> ((slot % 32) * 2)) & 3,
                       &pay, stride, &last, &pointer);
      return;
    }

  /* Dense: four codes a byte; runs of predicted or zero words go straight
   * through, and the bases are brought up to date only for a NEAR. */
  pay = in + PACK_HEADER;
  {
    guint based = 0;   /* the bases cover words [0, based) */

    for (guint i = 0; i < N_WORDS; i += 4)
      {
        guint8 c = in[1 + i / 4];

        if ((c & 0xaa) == 0 && i >= 2 * stride)
          {
            /* Only ZERO and PRED (a frame's unused slots among its
             * predicted words): no branch per word. */
#if defined (__SSE2__)
            /* Two words at a time when they do not predict each other. */
            if (stride >= 2)
              for (guint j = i; j < i + 4; j += 2, c >>= 4)
                {
                  static const guint64 keep[4][2] = { { 0, 0 }, { ~(guint64) 0, 0 },
                                                      { 0, ~(guint64) 0 }, { ~(guint64) 0, ~(guint64) 0 } };
                  __m128i a = _mm_loadu_si128 ((const __m128i *) &w[j - stride]);
                  __m128i b = _mm_loadu_si128 ((const __m128i *) &w[j - 2 * stride]);
                  __m128i m = _mm_loadu_si128 ((const __m128i *) keep[(c & 1) | ((c >> 1) & 2)]);

                  _mm_store_si128 ((__m128i *) &w[j], _mm_and_si128 (_mm_sub_epi64 (_mm_add_epi64 (a, a), b), m));
                }
            else
#endif
            for (guint j = i; j < i + 4; j++, c >>= 2)
              w[j] = (2 * w[j - stride] - w[j - 2 * stride]) & -(guint64) (c & 1);
          }
        else if (c == 0)
          memset (&w[i], 0, 4 * sizeof (guint64));
        else
          for (guint j = i; j < i + 4; j++)
            switch ((c >> ((j % 4) * 2)) & 3)
              {
              case W_ZERO:
                w[j] = 0;
                break;
              case W_PRED:
                w[j] = predict ((const guint64 *) w, j, stride);
                break;
              case W_NEAR:
                {
                  guint64 z = near_get (&pay), base;

                  for (; based < j; based++)
                    bases_update (&last, &pointer, w[based]);
                  switch (z & 3)
                    {
                    case BASE_PRED: base = predict ((const guint64 *) w, j, stride); break;
                    case BASE_ZERO: base = 0; break;
                    case BASE_LAST: base = last; break;
                    default: base = pointer; break;
                    }
                  w[j] = base + (guint64) gml_unzigzag (z >> 2);
                }
                break;
              default:
                memcpy ((guint64 *) &w[j], pay, 8);
                pay += 8;
                break;
              }
      }
  }
}

/* Packs the page version `p`, whose block is `block`, into the slabs of
 * `chain` and switches `p` to the packed form: the bytes it took there,
 * or -1 if it does not pack well (it stays whole).  The owner's thread or
 * its packer's, each with its own chain and hint (chain_take() touches
 * nothing else of an owner's: it has no spare slabs). */
static gssize
pack_version (Priv          *priv,
              Page          *p,
              const guint8  *block,
              Slab         **chain,
              guint         *stride_hint)
{
  guint8 buf[PACK_HEADER + N_WORDS * 9];
  guint8 stride = __atomic_load_n (&p->stride, __ATOMIC_RELAXED);
  guint8 *blob;
  gsize n, taken = 0;

  n = pack (block, buf, stride_hint, &stride);
  __atomic_store_n (&p->stride, stride, __ATOMIC_RELAXED);
  if (n > PACK_MAX)
    return -1;
  if (n == 1 + BITMAP && buf[0] == SPARSE && memcmp (buf + 1, packed_zero, BITMAP) == 0)
    blob = (guint8 *) packed_zero;
  else
    {
      taken = (n + 1) & ~(gsize) 1;
      blob = chain_take (priv, chain, n, 2);
      memcpy (blob, buf, n);
    }
  /* Replays read the pointer once per access (see page_load); the
   * release orders the packed bytes before it. */
  g_atomic_pointer_set (&p->data, blob + 1);
  return (gssize) taken;
}

/* The owner packs a page version in place; FALSE if it does not pack
 * well.  Its block is the caller's to release. */
static gboolean
page_pack (GmlMem *mem,
           Page   *p)
{
  Priv *priv = PRIV (mem);
  gssize taken = pack_version (priv, p, p->data, &priv->packed, &priv->stride_hint);

  if (taken < 0)
    return FALSE;
  priv->stats.bytes_allocated += (gsize) taken;
  priv->stats.bytes_packed += (gsize) taken;
  priv->stats.pages_packed++;
  return TRUE;
}

/* The owner packs a frozen page version (one it no longer maps, or a cold
 * one); its block waits until no pinned replay can be reading it.  FALSE
 * if it does not pack well. */
static gboolean
page_retire (GmlMem *mem,
             Page   *p)
{
  Priv *priv = PRIV (mem);
  guint8 *block;
  Retired r;

  /* A queued page is the packer's, and its block waits for the batch. */
  if (priv->is_replay || p->queued)
    return FALSE;
  block = p->data;
  if (PAGE_PACKED (block) || !page_pack (mem, p))
    return FALSE;
  r.block = block;
  r.gen = priv->shared->gen;   /* only the owner changes it */
  g_array_append_val (priv->retired, r);
  return TRUE;
}

/* Owner: reuse the retired blocks no pinned replay can be reading. */
static void
recycle_retired (GmlMem *mem)
{
  Priv *priv = PRIV (mem);
  Shared *shared = priv->shared;
  guint64 min = UNPINNED;
  guint kept = 0;

  g_mutex_lock (&shared->lock);
  for (guint i = 0; i < shared->replays->len; i++)
    min = MIN (min, ((Priv *) shared->replays->pdata[i])->pin);
  g_mutex_unlock (&shared->lock);
  for (guint i = 0; i < priv->retired->len; i++)
    {
      Retired *r = &g_array_index (priv->retired, Retired, i);

      if (r->gen < min)
        block_release (mem, r->block);
      else
        g_array_index (priv->retired, Retired, kept++) = *r;
    }
  g_array_set_size (priv->retired, kept);
}

static void
pin_set (GmlMem  *mem,
         gboolean pinned)
{
  Priv *priv = PRIV (mem);

  g_mutex_lock (&priv->shared->lock);
  priv->pin = pinned ? priv->shared->gen : UNPINNED;
  g_mutex_unlock (&priv->shared->lock);
}

/* Copies any page version, packed or not, into `dst`. */
static void
page_load (const Page *p,
           guint8     *dst)
{
  for (;;)
    {
      guint8 *d = g_atomic_pointer_get ((guint8 **) &p->data);

      if (PAGE_PACKED (d))
        {
          unpack (d - 1, dst);
          return;
        }
      block_copy (dst, d);
      /* The owner may have packed the page and reused its block meanwhile. */
      __atomic_thread_fence (__ATOMIC_ACQUIRE);
      if (g_atomic_pointer_get ((guint8 **) &p->data) == d)
        return;
    }
}

static Page *
page_new (GmlMem   *mem,
          gboolean  clear)
{
  Priv *priv = PRIV (mem);
  Page *p;

  if (priv->free_pages != NULL)
    {
      p = priv->free_pages;
      priv->free_pages = (Page *) (gpointer) p->data;
      priv->stats.bytes_allocated += sizeof (Page);
    }
  else
    p = slab_alloc (mem, sizeof (Page));
  p->epoch = mem->epoch;
  p->stride = 0;
  p->queued = FALSE;
  p->data = block_new (mem);
  if (clear)
    block_zero (p->data);
  return p;
}

static inline guint
cold_slot (guint64 pn)
{
  return (guint) ((pn * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> (64 - COLD_BITS));
}

/* Owner: forgets its unpacked copy of `p`, and the TLB entry into it. */
static void
cold_forget (GmlMem     *mem,
             const Page *p,
             guint64     pn)
{
  ColdCopy *c = PRIV (mem)->cold;

  if (c == NULL)
    return;
  c = &c[cold_slot (pn)];
  if (c->page != p)
    return;
  {
    GmlTlbEntry *e = &mem->tlb[pn & (GML_TLB_SIZE - 1)];

    if (e->tag == pn + 1 && e->data == c->data)
      e->tag = 0;
  }
  c->page = NULL;
}

/* Owner: its unpacked copy of the packed page `p` at `pn`, if it has one. */
static const guint8 *
cold_lookup (GmlMem     *mem,
             const Page *p,
             guint64     pn)
{
  const ColdCopy *c = PRIV (mem)->cold;

  if (c == NULL)
    return NULL;
  c = &c[cold_slot (pn)];
  return c->page == p && c->pn == pn ? c->data : NULL;
}

/* Copies the page version `p` at `pn` into `dst`: from the owner's
 * unpacked copy when it has one (a span record just read, say), else
 * unpacking or copying it. */
static void
page_copy_out (GmlMem     *mem,
               const Page *p,
               guint64     pn,
               guint8     *dst)
{
  const guint8 *copy = cold_lookup (mem, p, pn);

  if (copy != NULL)
    block_copy (dst, copy);
  else
    page_load (p, dst);
}

/* Owner: an unpacked copy of the packed page `p` at page number `pn`.
 * Versions never change once packed, so a copy stays good until its slot
 * is taken, or its page, packed early in this epoch, changes or goes. */
static const guint8 *
cold_copy (GmlMem     *mem,
           const Page *p,
           guint64     pn)
{
  Priv *priv = PRIV (mem);
  ColdCopy *c;

  if (priv->cold == NULL)
    priv->cold = gml_huge_alloc (COLD_SLOTS * sizeof (ColdCopy));
  c = &priv->cold[cold_slot (pn)];
  if (c->page != p || c->pn != pn)
    {
      if (c->page != NULL)
        cold_forget (mem, c->page, c->pn);
      unpack (p->data - 1, c->data);
      priv->stats.pages_unpacked++;
      c->page = p;
      c->pn = pn;
    }
  return c->data;
}

static void
page_release (GmlMem  *mem,
              Page    *p,
              guint64  pn)
{
  Priv *priv = PRIV (mem);

  /* Older pages belong to frozen snapshots and stay, packed. */
  if (p->epoch != mem->epoch)
    {
      page_retire (mem, p);
      return;
    }
  /* A page gml_mem_pack() packed in this epoch: its packed form stays in
   * the slab, and a copy unpacked for reading must not outlive the header. */
  if (PAGE_PACKED (p->data))
    cold_forget (mem, p, pn);
  else
    block_release (mem, p->data);
  p->data = (guint8 *) priv->free_pages;
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

  PRIV (mem)->stats.bytes_nodes += (sizeof (GmlMemNode) + n * sizeof (gpointer) + 15) & ~(gsize) 15;
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
  priv->retired = g_array_new (FALSE, FALSE, sizeof (Retired));
  priv->dirty = g_array_new (FALSE, FALSE, sizeof (guint64));
  priv->carried = g_array_new (FALSE, FALSE, sizeof (Carried));
  priv->pin = UNPINNED;
  mem->epoch = epoch_next (shared);
  mem->win_page = GML_WIN_NONE;
  priv->dirty_epoch = mem->epoch;
  priv->prev_epoch = G_MAXUINT32;
  g_mutex_init (&priv->pack_lock);
  g_cond_init (&priv->pack_done);
  mem->root = node_new (mem, 0, NULL);
  /* With a second processor, the owner packs in the background. */
  if (!is_replay && g_get_num_processors () > 1 && g_strcmp0 (g_getenv ("GOMEMLAB_PACKER"), "0") != 0)
    gml_mem_set_packer (mem, TRUE);
  if (is_replay)
    {
      g_mutex_lock (&shared->lock);
      priv->pin = shared->gen;
      g_ptr_array_add (shared->replays, priv);
      g_mutex_unlock (&shared->lock);
    }
  return mem;
}

GmlMem *
gml_mem_new (void)
{
  Shared *shared = g_new0 (Shared, 1);

  shared->ref_count = 1;
  shared->next_epoch = 1;
  g_mutex_init (&shared->lock);
  shared->replays = g_ptr_array_new ();
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
  if (priv->is_replay)
    {
      g_mutex_lock (&priv->shared->lock);
      g_ptr_array_remove_fast (priv->shared->replays, priv);
      g_mutex_unlock (&priv->shared->lock);
    }
  if (priv->packer != NULL)
    g_thread_pool_free (priv->packer, FALSE, TRUE);
  g_queue_clear_full (&priv->in_flight, (GDestroyNotify) batch_free);
  g_mutex_clear (&priv->pack_lock);
  g_cond_clear (&priv->pack_done);
  slabs_free (priv->slabs);
  slabs_free (priv->packed);
  slabs_free (priv->bg_packed);
  slabs_free (priv->spare);
  g_ptr_array_unref (priv->roots);
  g_array_unref (priv->retired);
  g_array_unref (priv->dirty);
  g_array_unref (priv->carried);
  unpacked_clear (priv, TRUE);
  gml_huge_free (priv->cold, COLD_SLOTS * sizeof (ColdCopy));
  if (g_atomic_int_dec_and_test (&priv->shared->ref_count))
    {
      g_mutex_clear (&priv->shared->lock);
      g_ptr_array_unref (priv->shared->replays);
      g_free (priv->shared);
    }
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
  mem->win_page = GML_WIN_NONE;
}

/* Forgets the TLB entry of page `pn`, if it has one. */
static inline void
tlb_drop (GmlMem  *mem,
          guint64  pn)
{
  GmlTlbEntry *e = &mem->tlb[pn & (GML_TLB_SIZE - 1)];

  if (e->tag == pn + 1)
    e->tag = 0;
  if (mem->win_page >> GML_PAGE_SHIFT == pn)
    mem->win_page = GML_WIN_NONE;
}

static Page *lookup_page (GmlMem  *mem,
                          guint64  pn);

/* ------------------------------------------------------------------ */
/* Background packing                                                  */

/* The packer's thread: packs a batch, in order. */
static void
packer_run (gpointer data,
            gpointer user_data)
{
  PackBatch *b = data;
  Priv *priv = user_data;

  g_assert (g_atomic_int_get (&b->queued));
  for (guint i = 0; i < b->jobs->len; i++)
    {
      const PackJob *j = &g_array_index (b->jobs, PackJob, i);
      gssize taken = pack_version (priv, j->page, j->block, &priv->bg_packed, &priv->bg_stride_hint);

      if (taken >= 0)
        {
          b->pages_packed++;
          b->bytes_packed += (gsize) taken;
        }
    }
  g_mutex_lock (&priv->pack_lock);
  g_atomic_int_set (&b->done, TRUE);
  g_cond_broadcast (&priv->pack_done);
  g_mutex_unlock (&priv->pack_lock);
}

static void
batch_submit (GmlMem    *mem,
              PackBatch *b)
{
  Priv *priv = PRIV (mem);

  if (b->jobs->len == 0)
    {
      batch_free (b);
      return;
    }
  g_queue_push_tail (&priv->in_flight, b);
  g_atomic_int_set (&b->queued, TRUE);
  g_thread_pool_push (priv->packer, b, NULL);
}

/* Owner: the blocks of the batch's pages that packed wait for the pins,
 * as if it had packed them itself. */
static void
batch_finish (GmlMem    *mem,
              PackBatch *b)
{
  Priv *priv = PRIV (mem);

  for (guint i = 0; i < b->jobs->len; i++)
    {
      const PackJob *j = &g_array_index (b->jobs, PackJob, i);
      GmlTlbEntry *e = &mem->tlb[j->pn & (GML_TLB_SIZE - 1)];
      Retired r = { j->block, priv->shared->gen };

      if (!PAGE_PACKED (g_atomic_pointer_get (&j->page->data)))
        continue;
      /* Only an entry still reading this version's block. */
      if (e->tag == j->pn + 1 && e->data == j->block)
        e->tag = 0;
      g_array_append_val (priv->retired, r);
    }
  priv->stats.pages_packed += b->pages_packed;
  priv->stats.bytes_packed += b->bytes_packed;
  priv->stats.bytes_allocated += b->bytes_packed;
}

/* Owner: finishes the batches the packer is done with, waiting for the
 * oldest ones while more than `keep` are in flight; TRUE if it finished
 * any. */
static gboolean
batches_collect (GmlMem *mem,
                 guint   keep)
{
  Priv *priv = PRIV (mem);
  PackBatch *b;
  gboolean finished = FALSE;

  while ((b = g_queue_peek_head (&priv->in_flight)) != NULL)
    {
      if (!g_atomic_int_get (&b->done))
        {
          if (g_queue_get_length (&priv->in_flight) <= keep)
            break;
          g_mutex_lock (&priv->pack_lock);
          while (!g_atomic_int_get (&b->done))
            g_cond_wait (&priv->pack_done, &priv->pack_lock);
          g_mutex_unlock (&priv->pack_lock);
        }
      batch_finish (mem, g_queue_pop_head (&priv->in_flight));
      batch_free (b);
      finished = TRUE;
    }
  return finished;
}

void
gml_mem_collect (GmlMem *mem)
{
  if (batches_collect (mem, G_MAXUINT))
    recycle_retired (mem);
}

void
gml_mem_flush (GmlMem *mem)
{
  if (batches_collect (mem, 0))
    recycle_retired (mem);
}

void
gml_mem_set_packer (GmlMem   *mem,
                    gboolean  background)
{
  Priv *priv = PRIV (mem);

  g_return_if_fail (!priv->is_replay);
  if (background == (priv->packer != NULL))
    return;
  if (!background)
    {
      gml_mem_flush (mem);
      g_thread_pool_free (priv->packer, FALSE, TRUE);
      priv->packer = NULL;
      return;
    }
  priv->packer = g_thread_pool_new (packer_run, priv, 1, FALSE, NULL);
}

/* Owner: packs a page version that is still mapped. */
static void
retire_mapped (GmlMem  *mem,
               Page    *p,
               guint64  pn)
{
  if (page_retire (mem, p))
    tlb_drop (mem, pn);
}

/* Owner: packs a mapped page version now, or queues it in `batch`. */
static void
pack_mapped (GmlMem    *mem,
             PackBatch *batch,
             Page      *p,
             guint64    pn)
{
  PackJob job = { p, pn, p->data };

  if (batch == NULL)
    {
      retire_mapped (mem, p, pn);
      return;
    }
  p->queued = TRUE;
  g_array_append_val (batch->jobs, job);
}

/* Owner, at a freeze: the pages the ended epoch wrote are packed where
 * they are, still mapped, but hot ones wait for the next freeze.  The next
 * access unpacks them into a new version (gml_mem_r_slow); a deep stack
 * or an old part of the heap stays small meanwhile. */
static void
pack_cold (GmlMem *mem)
{
  Priv *priv = PRIV (mem);
  PackBatch *batch = NULL;

  if (priv->packer != NULL && priv->dirty->len + priv->carried->len >= BG_MIN_PAGES)
    {
      batch = g_new0 (PackBatch, 1);
      batch->jobs = g_array_sized_new (FALSE, FALSE, sizeof (PackJob), priv->dirty->len + priv->carried->len);
    }

  for (guint i = 0; i < priv->carried->len; i++)
    {
      const Carried *c = &g_array_index (priv->carried, Carried, i);
      Page *p = lookup_page (mem, c->pn);

      if (p != NULL && p->epoch == c->epoch && !p->queued && !PAGE_PACKED (p->data))
        pack_mapped (mem, batch, p, c->pn);
    }
  g_array_set_size (priv->carried, 0);

  for (guint i = 0; i < priv->dirty->len; i++)
    {
      guint64 entry = g_array_index (priv->dirty, guint64, i), pn = entry & ~HOT;
      Page *p = lookup_page (mem, pn);

      /* (A page unmapped and mapped again has two entries.) */
      if (p == NULL || p->epoch != priv->dirty_epoch || p->queued || PAGE_PACKED (p->data))
        continue;
      if (entry & HOT)
        {
          Carried c = { pn, p->epoch };

          g_array_append_val (priv->carried, c);
        }
      else
        pack_mapped (mem, batch, p, pn);
    }
  g_array_set_size (priv->dirty, 0);
  priv->dirty_epoch = mem->epoch;
  if (batch != NULL)
    batch_submit (mem, batch);
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
  priv->prev_epoch = mem->epoch;
  mem->epoch = epoch_next (priv->shared);
  priv->stats.freezes++;
  /* Read entries stay: page versions do not change, and the cold copies
   * of packed ones stay good. */
  tlb_flush (mem, TRUE);
  g_mutex_lock (&priv->shared->lock);
  priv->shared->gen++;
  g_mutex_unlock (&priv->shared->lock);
  batches_collect (mem, BG_MAX_IN_FLIGHT - 1);
  pack_cold (mem);
  if (priv->retired->len > 0)
    recycle_retired (mem);
  return root;
}

void
gml_mem_unpin (GmlMem *mem)
{
  g_return_if_fail (PRIV (mem)->is_replay);
  tlb_flush (mem, FALSE);
  pin_set (mem, FALSE);
}

void
gml_mem_pin (GmlMem *mem)
{
  g_return_if_fail (PRIV (mem)->is_replay);
  pin_set (mem, TRUE);
}

void
gml_mem_restore (GmlMem     *mem,
                 GmlMemRoot *root)
{
  Priv *priv = PRIV (mem);

  g_return_if_fail (priv->is_replay);

  /* Everything this replay memory allocated was private to it.  The
   * unpacked copies stay valid (within a bound): the TLB is flushed below. */
  if (priv->n_unpacked > UNPACKED_MAX)
    unpacked_clear (priv, FALSE);
  slabs_keep (priv, priv->slabs);
  priv->slabs = NULL;
  priv->free_pages = NULL;
  priv->free_blocks = NULL;
  priv->stats.bytes_allocated = 0;
  priv->stats.bytes_blocks = priv->stats.bytes_packed = priv->stats.bytes_nodes = 0;

  mem->epoch = epoch_next (priv->shared);
  mem->root = root->node;
  priv->stats.pages_live = root->pages_live;
  tlb_flush (mem, FALSE);
  pin_set (mem, TRUE);
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
      tlb_fill (mem, addr >> GML_PAGE_SHIFT, PRIV (mem)->shared->zero, FALSE);
      return PRIV (mem)->shared->zero + (addr & GML_PAGE_MASK);
    }
  {
    guint8 *d = g_atomic_pointer_get (&p->data);

    /* A packed version is read from an unpacked copy: a replay keeps its
     * copies across restores; the owner (reading its own cold pages, the
     * collector scanning old stacks, say) a few hundred of them. */
    if (PAGE_PACKED (d) && !PRIV (mem)->is_replay)
      {
        const guint8 *copy = cold_copy (mem, p, pn);

        tlb_fill (mem, addr >> GML_PAGE_SHIFT, (guint8 *) copy, FALSE);
        return copy + (addr & GML_PAGE_MASK);
      }
    if (PAGE_PACKED (d))
      {
        guint8 *copy = unpacked_lookup (PRIV (mem), p);

        if (copy == NULL)
          {
            copy = chain_take (PRIV (mem), &PRIV (mem)->unpacked_slabs, GML_PAGE_SIZE, 16);
            unpack (d - 1, copy);
            unpacked_insert (PRIV (mem), p, copy);
          }
        tlb_fill (mem, addr >> GML_PAGE_SHIFT, copy, FALSE);
        return copy + (addr & GML_PAGE_MASK);
      }
    tlb_fill (mem, addr >> GML_PAGE_SHIFT, d, p->epoch == mem->epoch);
    return d + (addr & GML_PAGE_MASK);
  }
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

/* The writable block of the page at `addr`, copied on write if it is an
 * older epoch's.  Unless `keep`, its bytes are left undefined: the caller
 * overwrites the whole page, so nothing is zeroed, copied or unpacked. */
static guint8 *
page_writable (GmlMem   *mem,
               guint64   addr,
               gboolean  keep)
{
  Priv *priv = PRIV (mem);
  guint64 pn = (addr & (((guint64) 1 << GML_ADDR_BITS) - 1)) >> GML_PAGE_SHIFT;
  gpointer *slot = writable_leaf_slot (mem, pn);
  Page *p = *slot;

  if (p == NULL)
    {
      p = *slot = page_new (mem, keep);
      priv->stats.pages_live++;
      if (!priv->is_replay)
        g_array_append_val (priv->dirty, pn);
    }
  else if (p->epoch == mem->epoch && PAGE_PACKED (p->data))
    {
      /* Packed early by gml_mem_pack(): unpack it into a block again. */
      guint8 *block = block_new (mem);

      if (keep)
        page_copy_out (mem, p, pn, block);
      p->data = block;
      cold_forget (mem, p, pn);
    }
  else if (p->epoch != mem->epoch)
    {
      Page *old = p;
      guint64 entry = pn | (old->epoch == priv->prev_epoch ? HOT : 0);

      p = *slot = page_new (mem, FALSE);
      p->stride = __atomic_load_n (&old->stride, __ATOMIC_RELAXED);
      if (keep)
        page_copy_out (mem, old, pn, p->data);
      priv->stats.pages_copied++;
      page_retire (mem, old);
      if (!priv->is_replay)
        g_array_append_val (priv->dirty, entry);
    }
  tlb_fill (mem, addr >> GML_PAGE_SHIFT, p->data, TRUE);
  return p->data + (addr & GML_PAGE_MASK);
}

guint8 *
gml_mem_w_slow (GmlMem  *mem,
                guint64  addr)
{
  return page_writable (mem, addr, TRUE);
}

guint8 *
gml_mem_frame_slow (GmlMem   *mem,
                    guint64   addr,
                    gboolean  write)
{
  guint8 *p;

  if (write)
    p = gml_mem_w (mem, addr);
  else
    {
      const GmlTlbEntry *e = &mem->tlb[(addr >> GML_PAGE_SHIFT) & (GML_TLB_SIZE - 1)];

      /* The caller only reads: the pointer is not written through. */
      p = (guint8 *) gml_mem_r (mem, addr);
      if (!e->writable)
        return p;
    }
  /* The page's block stays its writable block until its TLB entry is
   * dropped (unmapped, packed, retired) or flushed (a freeze, a restore):
   * tlb_drop() and tlb_flush() close the window then. */
  mem->win_page = addr & ~GML_PAGE_MASK;
  mem->win_data = p - (addr & GML_PAGE_MASK);
  return p;
}

/* Copies the whole page at `src` over the whole page at `dst` (both
 * page-aligned, different pages): a packed source is unpacked straight
 * into the destination, which is neither zeroed nor copied first. */
static void
copy_page (GmlMem  *mem,
           guint64  dst,
           guint64  src)
{
  guint64 spn = (src & (((guint64) 1 << GML_ADDR_BITS) - 1)) >> GML_PAGE_SHIFT;
  GmlTlbEntry *e = &mem->tlb[spn & (GML_TLB_SIZE - 1)];
  const Page *sp;
  guint8 *d;

  /* A source in the TLB (unpacked, or an owner's copy) is read from there;
   * taking the destination may refill the same TLB entry, but leaves the
   * source's bytes where they are. */
  if (e->tag == spn + 1)
    {
      const guint8 *from = e->data;

      block_copy (page_writable (mem, dst, FALSE), from);
      return;
    }
  sp = lookup_page (mem, spn);
  if (sp == NULL)
    {
      gml_mem_unmap (mem, dst, GML_PAGE_SIZE);
      return;
    }
  d = page_writable (mem, dst, FALSE);
  page_copy_out (mem, sp, spn, d);
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
            page_release (mem, *slot, pn);
            *slot = NULL;
            priv->stats.pages_live--;
          }
    }
  if (end - first > GML_TLB_SIZE / 4)
    tlb_flush (mem, FALSE);
  else
    for (guint64 pn = first; pn < end; pn++)
      tlb_drop (mem, pn);
}

void
gml_mem_pack (GmlMem  *mem,
              guint64  addr,
              guint64  len)
{
  Priv *priv = PRIV (mem);
  guint64 first = (addr + GML_PAGE_MASK) >> GML_PAGE_SHIFT;
  guint64 end = (addr + len) >> GML_PAGE_SHIFT;

  if (priv->is_replay)
    return;
  for (guint64 pn = first; pn < end;)
    {
      guint64 leaf_end = (pn | (level_slots[N_LEVELS - 1] - 1)) + 1;
      GmlMemNode *leaf = lookup_leaf (mem, pn);

      for (; pn < end && pn < leaf_end; pn++)
        {
          Page *p = leaf != NULL ? leaf->slot[level_index (pn, N_LEVELS - 1)] : NULL;
          guint8 *block;

          /* Only this epoch's pages: no snapshot, so no replay, sees them,
           * and their blocks are free again at once, while in the cache. */
          if (p == NULL || p->epoch != mem->epoch || PAGE_PACKED (p->data))
            continue;
          block = p->data;
          if (!page_pack (mem, p))
            continue;
          block_release (mem, block);
          tlb_drop (mem, pn);
        }
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
      GmlTlbEntry *e = &mem->tlb[(addr >> GML_PAGE_SHIFT) & (GML_TLB_SIZE - 1)];

      if (e->tag == (addr >> GML_PAGE_SHIFT) + 1 && e->writable)
        memset (e->data + (addr & GML_PAGE_MASK), 0, n);
      else if (n == GML_PAGE_SIZE)
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
  /* Within a page each (a value, a frame's arguments): one memmove.  The
   * write pointer first: taking it may copy the page the source is on. */
  if ((src & GML_PAGE_MASK) + len <= GML_PAGE_SIZE && (dst & GML_PAGE_MASK) + len <= GML_PAGE_SIZE)
    {
      guint8 *d = gml_mem_w (mem, dst);

      memmove (d, gml_mem_r (mem, src), len);
      return;
    }
  if (dst < src || dst >= src + len)
    {
      /* Forward copy is safe. */
      while (len > 0)
        {
          gsize n = MIN (len, GML_PAGE_SIZE - (src & GML_PAGE_MASK));

          n = MIN (n, GML_PAGE_SIZE - (dst & GML_PAGE_MASK));
          if (n == GML_PAGE_SIZE && !PRIV (mem)->is_replay)
            {
              copy_page (mem, dst, src);
              src += n;
              dst += n;
              len -= n;
              continue;
            }
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
