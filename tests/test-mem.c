/* test-mem.c: paged copy-on-write simulated memory. */
#include "gml-huge.h"
#include "gml-mem.h"

#define BASE G_GUINT64_CONSTANT (0xc000000000)

static void
test_mem_zero_and_rw (void)
{
  GmlMem *mem = gml_mem_new ();

  g_assert_cmpuint (gml_mem_get_u64 (mem, BASE + 8), ==, 0);
  gml_mem_set_u64 (mem, BASE + 8, 42);
  gml_mem_set_u8 (mem, BASE + 1023, 7);
  g_assert_cmpuint (gml_mem_get_u64 (mem, BASE + 8), ==, 42);
  g_assert_cmpuint (gml_mem_get_u8 (mem, BASE + 1023), ==, 7);
  g_assert_cmpuint (gml_mem_get_u8 (mem, BASE + 1024), ==, 0);
  gml_mem_unmap (mem, BASE, 1024);
  g_assert_cmpuint (gml_mem_get_u64 (mem, BASE + 8), ==, 0);
  gml_mem_free (mem);
}

static void
test_mem_snapshots (void)
{
  GmlMem *mem = gml_mem_new ();
  GmlMem *replay = gml_mem_new_replay (mem);
  GmlMemRoot *r1, *r2;

  gml_mem_set_u64 (mem, BASE, 1);
  r1 = gml_mem_freeze (mem);
  gml_mem_set_u64 (mem, BASE, 2);
  gml_mem_set_u64 (mem, 0x540000, 99);
  r2 = gml_mem_freeze (mem);
  gml_mem_set_u64 (mem, BASE, 3);

  gml_mem_restore (replay, r1);
  g_assert_cmpuint (gml_mem_get_u64 (replay, BASE), ==, 1);
  g_assert_cmpuint (gml_mem_get_u64 (replay, 0x540000), ==, 0);
  gml_mem_set_u64 (replay, BASE, 77);   /* private to the replay */
  g_assert_cmpuint (gml_mem_get_u64 (replay, BASE), ==, 77);

  gml_mem_restore (replay, r2);
  g_assert_cmpuint (gml_mem_get_u64 (replay, BASE), ==, 2);
  g_assert_cmpuint (gml_mem_get_u64 (replay, 0x540000), ==, 99);
  g_assert_cmpuint (gml_mem_get_u64 (mem, BASE), ==, 3);

  gml_mem_restore (replay, r1);
  g_assert_cmpuint (gml_mem_get_u64 (replay, BASE), ==, 1);

  gml_mem_free (replay);
  gml_mem_free (mem);
}

/* A word through the window. */
static void
frame_set (GmlMem  *mem,
           guint64  addr,
           guint64  v)
{
  memcpy (gml_mem_frame_w (mem, addr), &v, 8);
}

static guint64
frame_get (GmlMem  *mem,
           guint64  addr)
{
  guint64 v;

  memcpy (&v, gml_mem_frame_r (mem, addr), 8);
  return v;
}

/* The window must never write into a frozen, packed or unmapped page. */
static void
test_mem_window (void)
{
  GmlMem *mem = gml_mem_new ();
  GmlMem *replay = gml_mem_new_replay (mem);
  GmlMemRoot *r1;

  /* Written in two epochs in a row, the page is hot: the freeze keeps it
   * as it is, unpacked, and only the TLB flush says it is frozen. */
  frame_set (mem, BASE + 16, 4);
  gml_mem_freeze (mem);
  frame_set (mem, BASE + 16, 5);
  r1 = gml_mem_freeze (mem);
  frame_set (mem, BASE + 16, 6);
  gml_mem_restore (replay, r1);
  g_assert_cmpuint (gml_mem_get_u64 (replay, BASE + 16), ==, 5);
  g_assert_cmpuint (gml_mem_get_u64 (mem, BASE + 16), ==, 6);

  /* Packed early, then read and written through the window again. */
  gml_mem_pack (mem, BASE, GML_PAGE_SIZE);
  g_assert_cmpuint (frame_get (mem, BASE + 16), ==, 6);
  frame_set (mem, BASE + 24, 7);
  g_assert_cmpuint (gml_mem_get_u64 (mem, BASE + 16), ==, 6);
  g_assert_cmpuint (gml_mem_get_u64 (mem, BASE + 24), ==, 7);

  /* Unmapped: reads zeros, and a write maps a fresh page. */
  gml_mem_unmap (mem, BASE, GML_PAGE_SIZE);
  g_assert_cmpuint (frame_get (mem, BASE + 24), ==, 0);
  frame_set (mem, BASE + 32, 8);
  g_assert_cmpuint (gml_mem_get_u64 (mem, BASE + 16), ==, 0);
  g_assert_cmpuint (gml_mem_get_u64 (mem, BASE + 32), ==, 8);

  gml_mem_free (replay);
  gml_mem_free (mem);
}

/* A memory under random operations, a flat reference of what it must
 * read, and each snapshot frozen with the reference at that moment. */
typedef struct
{
  gsize      size;
  GmlMem    *mem;
  GmlMem    *replay;
  GPtrArray *roots;   /* GmlMemRoot* */
  GPtrArray *refs;    /* the reference at each root */
  guint8    *ref;
  guint8    *buf;     /* scratch of `size` bytes */
  GRand     *rand;
} RefRun;

static RefRun *
ref_run_new (gsize   size,
             guint32 seed)
{
  RefRun *run = g_new0 (RefRun, 1);

  run->size = size;
  run->mem = gml_mem_new ();
  run->replay = gml_mem_new_replay (run->mem);
  run->roots = g_ptr_array_new ();
  run->refs = g_ptr_array_new_with_free_func (g_free);
  run->ref = g_malloc0 (size);
  run->buf = g_malloc (size);
  run->rand = g_rand_new_with_seed (seed);
  return run;
}

static void
ref_run_freeze (RefRun *run)
{
  g_ptr_array_add (run->roots, gml_mem_freeze (run->mem));
  g_ptr_array_add (run->refs, g_memdup2 (run->ref, run->size));
}

/* Reads snapshots back through the replay (as many as there are, picked
 * at random, or every one in order), then the memory itself. */
static void
ref_run_check (RefRun   *run,
               gboolean  at_random)
{
  for (guint i = 0; i < run->roots->len; i++)
    {
      guint k = at_random ? (guint) g_rand_int_range (run->rand, 0, (gint32) run->roots->len) : i;

      gml_mem_restore (run->replay, run->roots->pdata[k]);
      gml_mem_read (run->replay, BASE, run->buf, run->size);
      g_assert_cmpmem (run->buf, run->size, run->refs->pdata[k], run->size);
    }
  gml_mem_read (run->mem, BASE, run->buf, run->size);
  g_assert_cmpmem (run->buf, run->size, run->ref, run->size);
}

static void
ref_run_free (RefRun *run)
{
  g_rand_free (run->rand);
  g_free (run->ref);
  g_free (run->buf);
  g_ptr_array_unref (run->refs);
  g_ptr_array_unref (run->roots);
  gml_mem_free (run->replay);
  gml_mem_free (run->mem);
  g_free (run);
}

/* Random writes, moves and unmaps against a flat reference, with freezes
 * in between; every snapshot must read back exactly as it was. */
static void
test_mem_random (void)
{
  RefRun *run = ref_run_new (64 * 1024, 1234);
  GmlMem *mem = run->mem;
  GRand *rand = run->rand;
  guint8 *ref = run->ref, *buf = run->buf;
  const gsize size = run->size;

  for (guint round = 0; round < 40; round++)
    {
      for (guint op = 0; op < 200; op++)
        {
          guint64 a = g_rand_int_range (rand, 0, size - 4096);
          guint64 b = g_rand_int_range (rand, 0, size - 4096);
          gsize n = g_rand_int_range (rand, 1, 3000);

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              for (gsize i = 0; i < n; i++)
                buf[i] = (guint8) g_rand_int (rand);
              gml_mem_write (mem, BASE + a, buf, n);
              memcpy (ref + a, buf, n);
              break;
            case 1:
              gml_mem_move (mem, BASE + a, BASE + b, n);
              memmove (ref + a, ref + b, n);
              break;
            case 2:
              gml_mem_zero (mem, BASE + a, n);
              memset (ref + a, 0, n);
              break;
            default:
              gml_mem_set_u32 (mem, BASE + (a & ~3u), (guint32) b);
              { guint32 v = (guint32) b; memcpy (ref + (a & ~3u), &v, 4); }
              break;
            }
        }
      ref_run_freeze (run);
    }
  ref_run_check (run, TRUE);
  ref_run_free (run);
}

/* Structured words (zeros, repeats, small steps, pointers) pack; every
 * frozen version must still read back exactly, also while another thread
 * replays snapshots as the owner keeps packing and reusing blocks. */
typedef struct
{
  GmlMem     *mem;
  GPtrArray  *roots;    /* GmlMemRoot*, appended under lock */
  GPtrArray  *refs;
  GMutex      lock;
  gsize       size;
  gint        done;
  guint       checked;
} PackRun;

/* Words as memory holds them; `sparse` leaves most of them zero, as in
 * a goroutine's stack page: a few pointers near each other, small
 * numbers, negative ones, and values at the edges of the encodings. */
static void
fill_structured (GRand    *rand,
                 guint8   *buf,
                 gsize     n,
                 gboolean  sparse)
{
  guint64 prev = 0, pointer = G_GUINT64_CONSTANT (0xc000000000);

  for (gsize i = 0; i + 8 <= n; i += 8)
    {
      guint64 w;

      if (sparse && g_rand_int_range (rand, 0, 10) != 0)
        w = 0;
      else
        switch (g_rand_int_range (rand, 0, 9))
          {
          case 0: w = 0; break;
          case 1: w = prev; break;
          case 2: w = prev + (guint64) g_rand_int_range (rand, -300, 300); break;
          case 3: w = G_GUINT64_CONSTANT (0xc000000000) + (guint64) g_rand_int_range (rand, 0, 1 << 20) * 16; break;
          case 4: w = pointer + (guint64) g_rand_int_range (rand, -4096, 4096); break;
          case 5: w = (guint64) g_rand_int_range (rand, -1000, 1000); break;
          case 6:
            {
              static const guint64 edges[] = {
                G_MAXUINT64, (guint64) 1 << 63, ((guint64) 1 << 47) - 1, (guint64) 1 << 47,
                ((guint64) 1 << 46) + 1, (guint64) 1 << 32, ((guint64) 1 << 32) - 1, 1,
              };

              w = edges[g_rand_int_range (rand, 0, G_N_ELEMENTS (edges))];
              break;
            }
          default: w = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand); break;
          }
      memcpy (buf + i, &w, 8);
      prev = w;
      if (w >> 32)
        pointer = w;
    }
}

/* Frames of a recursion, or a span of equal objects: `stride` words that
 * repeat with each field a constant or a counter (zeros, return
 * addresses, a local counting down, frame pointers stepping by the frame
 * size), the first one counting.  With `twist`, one word breaks the
 * pattern.  Returns the field of the first word. */
static guint
fill_periodic (GRand    *rand,
               guint8   *buf,
               gsize     n,
               guint     stride,
               gboolean  twist)
{
  guint64 base[32], step[32];
  guint64 k0 = (guint64) g_rand_int_range (rand, 0, 1 << 20);

  g_assert_cmpuint (stride, <=, G_N_ELEMENTS (base));
  /* The first field counts, so that no page is all zeros. */
  for (guint j = 0; j < stride; j++)
    switch (j == 0 ? 4 : g_rand_int_range (rand, 0, 5))
      {
      case 0: base[j] = 0; step[j] = 0; break;
      case 1: base[j] = 0x408ad4; step[j] = 0; break;
      case 2: base[j] = (guint64) g_rand_int_range (rand, 0, 1 << 24); step[j] = (guint64) -1; break;
      case 3: base[j] = G_GUINT64_CONSTANT (0xc040000000); step[j] = (guint64) -8 * stride; break;
      default: base[j] = (guint64) g_rand_int_range (rand, -100, 100); step[j] = 1; break;
      }
  for (gsize i = 0; i + 8 <= n; i += 8)
    {
      guint64 k = k0 + i / 8, w = base[k % stride] + step[k % stride] * (k / stride);

      memcpy (buf + i, &w, 8);
    }
  if (twist && n >= 8)
    {
      guint64 w = (guint64) g_rand_int (rand);

      memcpy (buf + ((gsize) g_rand_int_range (rand, 0, (gint32) (n / 8)) * 8), &w, 8);
    }
  return (guint) (k0 % stride);
}

static gpointer
pack_reader (gpointer data)
{
  PackRun *run = data;
  GmlMem *replay = gml_mem_new_replay (run->mem);
  guint8 *buf = g_malloc (run->size);
  GRand *rand = g_rand_new_with_seed (99);

  while (!g_atomic_int_get (&run->done) || run->checked < 50)
    {
      GmlMemRoot *root = NULL;
      const guint8 *ref = NULL;

      g_mutex_lock (&run->lock);
      if (run->roots->len > 0)
        {
          guint k = g_rand_int_range (rand, 0, run->roots->len);

          root = run->roots->pdata[k];
          ref = run->refs->pdata[k];
        }
      g_mutex_unlock (&run->lock);
      if (root == NULL)
        {
          g_thread_yield ();
          continue;
        }
      gml_mem_restore (replay, root);
      gml_mem_read (replay, BASE, buf, run->size);
      g_assert_cmpmem (buf, run->size, ref, run->size);
      gml_mem_unpin (replay);
      run->checked++;
    }
  g_rand_free (rand);
  g_free (buf);
  gml_mem_free (replay);
  return NULL;
}

/* Writes, freezes and reads by the owner while a replay checks random
 * snapshots on another thread; the owner packs at its freezes, or a
 * packer thread does (`background`) while the owner goes on writing,
 * reading and reusing the blocks of the batches it finished. */
static void
check_packed (gboolean background)
{
  PackRun run = { 0 };
  GmlMemStats stats;
  guint8 *ref, *buf;
  GRand *rand = g_rand_new_with_seed (4321);
  GThread *reader;

  run.size = 256 * 1024;
  run.mem = gml_mem_new ();
  gml_mem_set_packer (run.mem, background);
  run.roots = g_ptr_array_new ();
  run.refs = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&run.lock);
  ref = g_malloc0 (run.size);
  buf = g_malloc (run.size);
  reader = g_thread_new ("pack-reader", pack_reader, &run);

  for (guint round = 0; round < 60; round++)
    {
      for (guint op = 0; op < 40; op++)
        {
          guint64 a = (guint64) g_rand_int_range (rand, 0, (gint32) (run.size - 8192)) & ~(guint64) 7;
          gsize n = (gsize) g_rand_int_range (rand, 8, 8192) & ~(gsize) 7;

          if (g_rand_int_range (rand, 0, 8) == 0)
            {
              gml_mem_zero (run.mem, BASE + a, n);
              memset (ref + a, 0, n);
            }
          else if (g_rand_int_range (rand, 0, 4) == 0)
            {
              /* Pages the packer may be packing right now. */
              gml_mem_read (run.mem, BASE + a, buf, n);
              g_assert_cmpmem (buf, n, ref + a, n);
              if (op % 8 == 0)
                gml_mem_collect (run.mem);
            }
          else
            {
              if (round % 3 == 2)
                fill_periodic (rand, buf, n, (guint) g_rand_int_range (rand, 1, 33), op % 2 == 0);
              else
                fill_structured (rand, buf, n, round % 3 == 1);
              gml_mem_write (run.mem, BASE + a, buf, n);
              memcpy (ref + a, buf, n);
            }
        }
      g_mutex_lock (&run.lock);
      g_ptr_array_add (run.roots, gml_mem_freeze (run.mem));
      g_ptr_array_add (run.refs, g_memdup2 (ref, run.size));
      g_mutex_unlock (&run.lock);
    }
  g_atomic_int_set (&run.done, 1);
  g_thread_join (reader);

  gml_mem_flush (run.mem);
  gml_mem_get_stats (run.mem, &stats);
  g_assert_cmpuint (stats.pages_packed, >, 100);
  gml_mem_read (run.mem, BASE, buf, run.size);
  g_assert_cmpmem (buf, run.size, ref, run.size);

  g_rand_free (rand);
  g_free (ref);
  g_free (buf);
  g_mutex_clear (&run.lock);
  g_ptr_array_unref (run.refs);
  g_ptr_array_unref (run.roots);
  gml_mem_free (run.mem);
}

static void
test_mem_packed (void)
{
  check_packed (FALSE);
}

static void
test_mem_packed_background (void)
{
  check_packed (TRUE);
}

/* Pages packed early (gml_mem_pack) in the epoch that wrote them, and the
 * owner's copies of packed pages it reads, over more pages than it keeps
 * copies of: every read, by the owner and by a replay, sees what was
 * written, however the writes, moves, unmaps and packs interleave. */
static void
test_mem_pack_early (void)
{
  RefRun *run = ref_run_new (512 * 1024, 777);
  GmlMem *mem = run->mem;
  GRand *rand = run->rand;
  guint8 *ref = run->ref, *buf = run->buf;
  const gsize size = run->size;
  GmlMemStats stats;

  for (guint round = 0; round < 30; round++)
    {
      for (guint op = 0; op < 300; op++)
        {
          guint64 a = (guint64) g_rand_int_range (rand, 0, (gint32) (size - 16384)) & ~(guint64) 7;
          guint64 b = (guint64) g_rand_int_range (rand, 0, (gint32) (size - 16384)) & ~(guint64) 7;
          gsize n = (gsize) g_rand_int_range (rand, 8, 16384) & ~(gsize) 7;

          switch (g_rand_int_range (rand, 0, 8))
            {
            case 0:
              if (g_rand_int_range (rand, 0, 3) == 0)
                fill_periodic (rand, buf, n, (guint) g_rand_int_range (rand, 1, 33), g_rand_boolean (rand));
              else
                fill_structured (rand, buf, n, g_rand_boolean (rand));
              gml_mem_write (mem, BASE + a, buf, n);
              memcpy (ref + a, buf, n);
              break;
            case 1:
              /* Half the moves are of whole pages (a stack being copied). */
              if (g_rand_boolean (rand))
                {
                  a &= ~(guint64) (GML_PAGE_SIZE - 1);
                  b &= ~(guint64) (GML_PAGE_SIZE - 1);
                  n = MAX (n & ~(gsize) (GML_PAGE_SIZE - 1), GML_PAGE_SIZE);
                }
              gml_mem_move (mem, BASE + a, BASE + b, n);
              memmove (ref + a, ref + b, n);
              break;
            case 2:
              gml_mem_zero (mem, BASE + a, n);
              memset (ref + a, 0, n);
              break;
            case 3:
              gml_mem_set_u64 (mem, BASE + a, b);
              memcpy (ref + a, &b, 8);
              break;
            case 4:
              gml_mem_pack (mem, BASE + a, n);
              break;
            case 5:
              /* Through the window, which packing, unmapping and freezing
               * must close. */
              frame_set (mem, BASE + a, b);
              memcpy (ref + a, &b, 8);
              break;
            case 6:
              g_assert_cmpmem (gml_mem_frame_r (mem, BASE + a), 8, ref + a, 8);
              break;
            default:
              gml_mem_read (mem, BASE + a, buf, n);
              g_assert_cmpmem (buf, n, ref + a, n);
              break;
            }
        }
      ref_run_freeze (run);
    }
  gml_mem_get_stats (mem, &stats);
  g_assert_cmpuint (stats.pages_packed, >, 1000);
  ref_run_check (run, FALSE);
  ref_run_free (run);
}

/* Packs `size` bytes of `data` in a memory of its own at once, checks
 * that the owner and a replay read them back, and returns the bytes
 * they packed into. */
static gsize
packed_size (const guint8 *data,
             gsize         size)
{
  GmlMem *mem = gml_mem_new ();
  GmlMem *replay = gml_mem_new_replay (mem);
  guint8 *buf = g_malloc (size);
  GmlMemStats stats;

  gml_mem_write (mem, BASE, data, size);
  gml_mem_pack (mem, BASE, size);
  gml_mem_get_stats (mem, &stats);
  g_assert_cmpuint (stats.pages_packed, ==, size / GML_PAGE_SIZE);
  gml_mem_read (mem, BASE, buf, size);
  g_assert_cmpmem (buf, size, data, size);
  gml_mem_restore (replay, gml_mem_freeze (mem));
  gml_mem_read (replay, BASE, buf, size);
  g_assert_cmpmem (buf, size, data, size);
  gml_mem_unpin (replay);
  gml_mem_free (replay);
  gml_mem_free (mem);
  g_free (buf);
  return stats.bytes_packed;
}

/* Pages whose words from the third stride on are all predicted (a
 * recursion's frames, a span of objects with a counter) read back
 * exactly, and keep only their first two strides' codes: breaking the
 * last word of each page (dense codes for 128 words, or a bitmap and a
 * code per nonzero word) costs at least 16 bytes a page more. */
static void
test_mem_pack_tail (void)
{
  static const guint strides[] = { 1, 2, 3, 5, 6, 8, 13, 16, 31, 32 };
  const gsize size = 64 * GML_PAGE_SIZE, pages = size / GML_PAGE_SIZE;
  GRand *rand = g_rand_new_with_seed (2024);
  guint8 *data = g_malloc (size), *broken = g_malloc (size);

  for (guint t = 0; t < G_N_ELEMENTS (strides); t++)
    for (guint sparse = 0; sparse < 2; sparse++)
      {
        guint stride = strides[t];
        guint field = fill_periodic (rand, data, size, stride, FALSE);
        gboolean tail;
        gsize a, b;

        if (sparse)
          {
            /* Only the counter: objects of `stride` words, mostly zero
             * when they are long. */
            for (gsize i = 0; i < size; i += 8)
              if ((field + i / 8) % stride != 0)
                memset (data + i, 0, 8);
          }
        memcpy (broken, data, size);
        for (gsize p = 0; p < pages; p++)
          {
            guint64 w = G_GUINT64_CONSTANT (0x1234567) + p;

            memcpy (broken + (p + 1) * GML_PAGE_SIZE - 8, &w, 8);
          }
        a = packed_size (data, size);
        b = packed_size (broken, size);
        /* The strides the packer tries (31 is not one), and a mostly
         * zero page needs 16 nonzero words to look for one. */
        tail = stride != 31 && (!sparse || stride == 1 || stride <= 8);
        if (tail)
          g_assert_cmpuint (b, >=, a + 16 * pages);
      }
  g_free (data);
  g_free (broken);
  g_rand_free (rand);
}

/* Huge-page buffers: aligned, zero-filled, and a growing buffer keeps
 * every byte appended, in place within its reservation (4 MiB here) and
 * across its moves past it. */
static void
test_mem_huge_buf (void)
{
  GmlHugeBuf buf = { .reserve = 4 * 1024 * 1024 };
  GByteArray *ref = g_byte_array_new ();
  GRand *rand = g_rand_new_with_seed (99);
  guint8 chunk[70000];
  guint8 *p = gml_huge_alloc (3 * 1024 * 1024);

  g_assert_cmpuint ((guintptr) p % GML_HUGE_SIZE, ==, 0);
  for (gsize i = 0; i < 4 * 1024 * 1024; i += 4096)
    g_assert_cmpuint (p[i], ==, 0);
  p[4 * 1024 * 1024 - 1] = 1;   /* rounded up to 4 MiB: writable */
  gml_huge_free (p, 3 * 1024 * 1024);

  while (ref->len < 9 * 1024 * 1024)
    {
      guint8 *before = buf.data;
      gsize n = (gsize) g_rand_int_range (rand, 0, sizeof chunk);

      for (gsize i = 0; i < n; i++)
        chunk[i] = (guint8) g_rand_int (rand);
      gml_huge_buf_append (&buf, chunk, n);
      g_byte_array_append (ref, chunk, (guint) n);
      g_assert_cmpuint (buf.len, ==, ref->len);
      g_assert_cmpuint (buf.cap, >=, buf.len);
      if (before != NULL && buf.len <= 4 * 1024 * 1024)
        g_assert_true (buf.data == before);   /* grew in place */
      g_assert_cmpmem (buf.data + buf.len - n, n, chunk, n);
    }
  g_assert_cmpmem (buf.data, buf.len, ref->data, ref->len);
  gml_huge_buf_clear (&buf);
  g_assert_null (buf.data);
  g_assert_cmpuint (buf.len, ==, 0);

  g_rand_free (rand);
  g_byte_array_unref (ref);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/mem/zero-and-rw", test_mem_zero_and_rw);
  g_test_add_func ("/engine/mem/snapshots", test_mem_snapshots);
  g_test_add_func ("/engine/mem/window", test_mem_window);
  g_test_add_func ("/engine/mem/random", test_mem_random);
  g_test_add_func ("/engine/mem/packed", test_mem_packed);
  g_test_add_func ("/engine/mem/packed-background", test_mem_packed_background);
  g_test_add_func ("/engine/mem/pack-early", test_mem_pack_early);
  g_test_add_func ("/engine/mem/pack-tail", test_mem_pack_tail);
  g_test_add_func ("/engine/mem/huge-buf", test_mem_huge_buf);
  return g_test_run ();
}
