/* gml-timeline.c: recording a run and rebuilding any step of it.
 *
 * The worker thread owns the simulating VM and writes into pending
 * buffers; every batch (one checkpoint interval) is published under the
 * lock: the step log chunk, the packed events, the output and the
 * checkpoint.  Readers take the lock only to look at published data, so
 * the simulation never waits for the UI.
 */
#include "gml-timeline-private.h"

#include <string.h>

#include "gml-gc.h"
#include "gml-varint.h"

#define STEP_CHUNK      (1u << 16)
#define EVENT_BLOCK     GML_TIMELINE_EVENT_BLOCK
#define DEFAULT_MAX_MEMORY (G_GUINT64_CONSTANT (2) << 30)
/* Checkpoints trade recording against seeking: each one freezes the
 * memory, whose pages written since are then packed and unpacked again
 * when touched; a seek replays half an interval on average.  At 16,384
 * steps a seek takes well under a frame (p99 0.14 ms for the 16.7
 * million steps of a stack overflow, 0.9 ms among 10,000 goroutines, with
 * UNPACK_STEPS below), and recording is 5-16% faster with 8-24% less
 * memory than at 8,192. */
#define DEFAULT_INTERVAL 16384
#define SLICE 2048
/* The interval counts replay work, not only steps: reading a page packed
 * at an earlier checkpoint unpacks it, in the replay as in the
 * recording, and costs about as much as this many steps.  Where
 * thousands of goroutines wake from stacks written long ago, or the
 * collector scans an old heap, checkpoints come closer together, so no
 * seek replays much more than an interval's worth. */
#define UNPACK_STEPS 16

static void step_chunk_free (gpointer data);

void
gml_timeline_config_init (GmlTimelineConfig *config)
{
  config->max_memory = DEFAULT_MAX_MEMORY;
  config->checkpoint_interval = DEFAULT_INTERVAL;
}

/* ------------------------------------------------------------------ */
/* Event packing: the kind, with a bit each when the goroutine is the
 * previous event's and when b, c and d are too (of the same kind: a run
 * of allocations of one type and size), then as varints the step delta,
 * the goid unless the same, a (a zigzag delta against the previous event
 * of its kind), and b, c, d unless the same.                            */

#define SAME_GOID 0x40
#define SAME_BCD  0x80
G_STATIC_ASSERT (GML_N_EVENT_KINDS <= SAME_GOID);

/* The next event is coded against this one. */
static inline void
context_advance (EventContext   *ctx,
                 const GmlEvent *e)
{
  ctx->last_a[e->kind] = e->a;
  ctx->prev_step = e->step;
  ctx->prev_goid = e->goid;
  ctx->prev_kind = e->kind;
  ctx->prev_b = e->b;
  ctx->prev_c = e->c;
  ctx->prev_d = e->d;
}

static void
encode_event (Encoder        *enc,
              const GmlEvent *e)
{
  EventBuf *out = &enc->pending_events;
  EventContext *ctx = &enc->ctx;
  guint8 *p, flags = 0;

  if (enc->n_events % EVENT_BLOCK == 0)
    {
      EventBlock blk;

      blk.first_step = e->step;
      blk.offset = enc->events_total + out->len;
      blk.ctx = *ctx;
      g_array_append_val (enc->pending_blocks, blk);
    }
  /* A kind byte and six varints of at most 10 bytes. */
  if (G_UNLIKELY (out->capacity - out->len < 1 + 6 * 10))
    {
      out->capacity = MAX (out->capacity * 2, 64 * 1024);
      out->data = g_realloc (out->data, out->capacity);
    }
  if (e->goid == ctx->prev_goid)
    flags |= SAME_GOID;
  if (e->kind == ctx->prev_kind && e->b == ctx->prev_b && e->c == ctx->prev_c && e->d == ctx->prev_d)
    flags |= SAME_BCD;
  p = out->data + out->len;
  *p++ = (guint8) (e->kind | flags);
  p += gml_varint_put (p, e->step - ctx->prev_step);
  if (!(flags & SAME_GOID))
    p += gml_varint_put (p, e->goid);
  p += gml_varint_put (p, gml_zigzag ((gint64) (e->a - ctx->last_a[e->kind])));
  if (!(flags & SAME_BCD))
    {
      p += gml_varint_put (p, e->b);
      p += gml_varint_put (p, e->c);
      p += gml_varint_put (p, e->d);
    }
  out->len = (gsize) (p - out->data);
  context_advance (ctx, e);
  enc->n_events++;
}

static const guint8 *
decode_event (const guint8 *p,
              EventContext *ctx,
              GmlEvent     *e)
{
  guint8 flags = *p & (SAME_GOID | SAME_BCD);

  e->kind = *p++ & ~(SAME_GOID | SAME_BCD);
  e->step = ctx->prev_step + gml_varint_get (&p);
  e->goid = flags & SAME_GOID ? ctx->prev_goid : (guint32) gml_varint_get (&p);
  e->a = ctx->last_a[e->kind] + (guint64) gml_unzigzag (gml_varint_get (&p));
  if (flags & SAME_BCD)
    {
      e->b = ctx->prev_b;
      e->c = ctx->prev_c;
      e->d = ctx->prev_d;
    }
  else
    {
      e->b = gml_varint_get (&p);
      e->c = gml_varint_get (&p);
      e->d = gml_varint_get (&p);
    }
  context_advance (ctx, e);
  return p;
}

/* ------------------------------------------------------------------ */
/* The recording sink (worker thread)                                  */

static void
sink_emit (GmlEventSink   *sink,
           const GmlEvent *event)
{
  Encoder *enc = sink->user_data;
  GmlEvent e = *event;

  /* The VM does not know where its output lands in the recording. */
  if (e.kind == GML_EVENT_OUTPUT)
    {
      OutputMark m;

      e.b = enc->output_total + enc->pending_output->len;
      m.step = e.step;
      m.end = e.b + e.c;
      g_array_append_val (enc->pending_marks, m);
    }
  encode_event (enc, &e);
}

static void
output_emit (int         fd,
             const char *data,
             gsize       len,
             gpointer    user_data)
{
  Encoder *enc = user_data;
  guint8 mask = fd == 2;

  g_byte_array_append (enc->pending_output, (const guint8 *) data, (guint) len);
  for (gsize i = 0; i < len; i++)
    g_byte_array_append (enc->pending_mask, &mask, 1);
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */

GmlTimeline *
gml_timeline_new (GmlProgram              *program,
                  GmlImage                *image,
                  const GmlVmConfig       *vm_config,
                  const GmlTimelineConfig *config)
{
  GmlTimeline *tl = g_new0 (GmlTimeline, 1);

  tl->ref_count = 1;
  tl->program = program;
  tl->image = image;
  if (vm_config != NULL)
    tl->vm_config = *vm_config;
  else
    gml_vm_config_init (&tl->vm_config);
  if (config != NULL)
    tl->config = *config;
  else
    gml_timeline_config_init (&tl->config);
  if (tl->config.checkpoint_interval == 0)
    tl->config.checkpoint_interval = DEFAULT_INTERVAL;
  g_mutex_init (&tl->lock);
  tl->step_chunks = g_ptr_array_new_with_free_func (step_chunk_free);
  tl->blocks = g_array_new (FALSE, FALSE, sizeof (EventBlock));
  tl->checkpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) gml_vm_checkpoint_free);
  tl->output = g_byte_array_new ();
  tl->output_mask = g_byte_array_new ();
  tl->output_marks = g_array_new (FALSE, FALSE, sizeof (OutputMark));
  tl->replays = g_ptr_array_new ();
  tl->line_of_stmt = g_new0 (guint32, MAX (image->stmts->len, 1));
  tl->n_stmts = MAX (image->stmts->len, 1);
  tl->stmt_code = g_new0 (guint32, tl->n_stmts);
  tl->stmt_stamp = g_new0 (guint32, tl->n_stmts);
  /* Lines of the program's own file only: the prelude has lines too. */
  for (guint i = 0; i < image->stmts->len; i++)
    {
      const GmlStmtInfo *si = &g_array_index (image->stmts, GmlStmtInfo, i);
      const GmlCode *code = g_ptr_array_index (image->codes, si->func);

      if (code != NULL && code->func != NULL && code->func->pkg == program->main_pkg)
        tl->line_of_stmt[i] = si->line;
    }

  tl->sim = gml_vm_new (image, &tl->vm_config);
  tl->enc.pending_blocks = g_array_new (FALSE, FALSE, sizeof (EventBlock));
  tl->enc.pending_output = g_byte_array_new ();
  tl->enc.pending_mask = g_byte_array_new ();
  tl->enc.pending_marks = g_array_new (FALSE, FALSE, sizeof (OutputMark));
  tl->enc.pending_steps = (GmlStepLog) { NULL, 0, 0 };
  tl->sink.emit = sink_emit;
  tl->sink.user_data = &tl->enc;
  gml_vm_set_sink (tl->sim, &tl->sink);
  gml_vm_set_output (tl->sim, output_emit, &tl->enc);
  gml_vm_set_step_log (tl->sim, &tl->enc.pending_steps);
  g_ptr_array_add (tl->checkpoints, gml_vm_checkpoint (tl->sim));
  return tl;
}

GmlTimeline *
gml_timeline_ref (GmlTimeline *tl)
{
  g_atomic_int_inc (&tl->ref_count);
  return tl;
}

void
gml_timeline_unref (GmlTimeline *tl)
{
  if (tl == NULL || !g_atomic_int_dec_and_test (&tl->ref_count))
    return;
  gml_timeline_cancel (tl);
  gml_timeline_join (tl);
  for (guint i = 0; i < tl->replays->len; i++)
    {
      gml_vm_free (((Replay *) tl->replays->pdata[i])->vm);
      g_free (tl->replays->pdata[i]);
    }
  g_ptr_array_free (tl->replays, TRUE);
  g_ptr_array_unref (tl->checkpoints);
  gml_vm_free (tl->sim);
  g_ptr_array_unref (tl->step_chunks);
  gml_huge_buf_clear (&tl->events);
  g_array_unref (tl->blocks);
  g_byte_array_unref (tl->output);
  g_byte_array_unref (tl->output_mask);
  g_array_unref (tl->output_marks);
  g_free (tl->enc.pending_events.data);
  g_array_unref (tl->enc.pending_blocks);
  g_byte_array_unref (tl->enc.pending_output);
  g_byte_array_unref (tl->enc.pending_mask);
  g_array_unref (tl->enc.pending_marks);
  g_free (tl->enc.pending_steps.data);
  g_free (tl->line_of_stmt);
  g_free (tl->stmt_code);
  g_free (tl->stmt_stamp);
  g_free (tl->spare_codes);
  g_free (tl->dict_scratch);
  g_free (tl->end_message);
  g_mutex_clear (&tl->lock);
  gml_image_free (tl->image);
  gml_program_free (tl->program);
  g_free (tl);
}

GmlProgram *
gml_timeline_get_program (GmlTimeline *tl)
{
  return tl->program;
}

const GmlImage *
gml_timeline_get_image (GmlTimeline *tl)
{
  return tl->image;
}

/* ------------------------------------------------------------------ */
/* Simulating                                                          */

/* The step log: a statement id per step, in chunks of STEP_CHUNK steps,
 * each step a code into its chunk's own dictionary of statements (a loop
 * runs few statements).  publish() codes the steps as it appends them,
 * 16 bits each, with the filling chunk's dictionary in the timeline's
 * scratch; a full chunk then keeps as few bits a step as its dictionary
 * needs: 8, 4, 2 or 1 (a loop, a deep recursion). */
struct _StepChunk
{
  guint8   *codes;     /* `bits` per step, low bits first within a byte */
  guint32  *dict;      /* the filling chunk's is tl->dict_scratch */
  guint     n_dict;
  guint     bits;      /* 16, 8, 4, 2 or 1 */
  gboolean  filling;
};

static void
step_chunk_free (gpointer data)
{
  StepChunk *c = data;

  g_free (c->codes);
  if (!c->filling)
    g_free (c->dict);
  g_free (c);
}

/* A new chunk to fill, with a new generation of the statements' stamps
 * (statement ids are dense: stamped arrays, not a hash table, because
 * this runs once per step recorded). */
static StepChunk *
step_chunk_new (GmlTimeline *tl)
{
  StepChunk *c = g_new0 (StepChunk, 1);

  if (++tl->code_gen == 0)
    {
      /* The stamps wrapped: start over. */
      memset (tl->stmt_stamp, 0, tl->n_stmts * sizeof (guint32));
      tl->code_gen = 1;
    }
  if (tl->dict_scratch == NULL)
    tl->dict_scratch = g_new (guint32, STEP_CHUNK);
  c->codes = tl->spare_codes != NULL ? g_steal_pointer (&tl->spare_codes)
                                     : g_malloc ((gsize) STEP_CHUNK * sizeof (guint16));
  c->dict = tl->dict_scratch;
  c->bits = 16;
  c->filling = TRUE;
  g_ptr_array_add (tl->step_chunks, c);
  tl->steplog_bytes += (gsize) STEP_CHUNK * sizeof (guint16);
  return c;
}

/* Codes `n` steps' statements into the filling chunk from step `off`. */
static void
step_chunk_code (GmlTimeline   *tl,
                 StepChunk     *c,
                 guint          off,
                 const guint32 *stmts,
                 guint          n)
{
  guint16 *codes = (guint16 *) (gpointer) c->codes + off;
  guint32 *stamp = tl->stmt_stamp, *code = tl->stmt_code, *dict = c->dict;
  guint32 gen = tl->code_gen, n_stmts = tl->n_stmts;
  guint n_dict = c->n_dict;

  /* A chunk has no more distinct statements than steps: 2-byte codes
   * always suffice. */
  G_STATIC_ASSERT (STEP_CHUNK <= 65536);
  for (guint k = 0; k < n; k++)
    {
      guint32 s = stmts[k];

      /* The VM logs the image's statement ids only. */
      g_assert (s < n_stmts);
      if (stamp[s] != gen)
        {
          stamp[s] = gen;
          code[s] = n_dict;
          dict[n_dict++] = s;
        }
      codes[k] = (guint16) code[s];
    }
  c->n_dict = n_dict;
}

/* Codes of `bits` (8, 4, 2 or 1), a byte at a time: with `bits` a
 * constant, the compiler unrolls and vectorises each loop. */
static inline void
narrow_codes (const guint16 *wide,
              guint8        *narrow,
              guint          bits)
{
  guint per = 8 / bits;

  for (guint j = 0; j < STEP_CHUNK / per; j++)
    {
      guint b = 0;

      for (guint k = 0; k < per; k++)
        b |= (guint) wide[j * per + k] << (k * bits);
      narrow[j] = (guint8) b;
    }
}

/* A full chunk keeps its dictionary, and narrows its codes to the bits
 * it needs; returns its size in bytes. */
static gsize
step_chunk_finish (GmlTimeline *tl,
                   StepChunk   *c)
{
  const guint16 *wide = (const guint16 *) (gconstpointer) c->codes;
  guint bits = c->n_dict <= 2 ? 1 : c->n_dict <= 4 ? 2 : c->n_dict <= 16 ? 4 : c->n_dict <= 256 ? 8 : 16;

  if (bits < 16)
    {
      guint8 *narrow = g_malloc (STEP_CHUNK * bits / 8);

      switch (bits)
        {
        case 8: narrow_codes (wide, narrow, 8); break;
        case 4: narrow_codes (wide, narrow, 4); break;
        case 2: narrow_codes (wide, narrow, 2); break;
        default: narrow_codes (wide, narrow, 1); break;
        }
      /* The wide buffer fills the next chunk. */
      g_free (tl->spare_codes);
      tl->spare_codes = c->codes;
      c->codes = narrow;
      c->bits = bits;
    }
  c->dict = g_memdup2 (tl->dict_scratch, MAX (c->n_dict, 1) * sizeof (guint32));
  c->filling = FALSE;
  return (gsize) STEP_CHUNK * c->bits / 8 + c->n_dict * sizeof (guint32);
}

/* Step i's code: its statement is dict[code]. */
static inline guint
step_chunk_code_at (const StepChunk *c,
                    guint            i)
{
  switch (c->bits)
    {
    case 16: return ((const guint16 *) (gconstpointer) c->codes)[i];
    case 8:  return c->codes[i];
    default: return (c->codes[i * c->bits / 8] >> (i * c->bits % 8)) & ((1u << c->bits) - 1);
    }
}

static guint32
step_chunk_get (const StepChunk *c,
                guint            i)
{
  return c->dict[step_chunk_code_at (c, i)];
}

/* Moves the pending batch into the published recording (lock held). */
static void
publish (GmlTimeline *tl)
{
  Encoder *enc = &tl->enc;
  GmlStepLog *steps = &enc->pending_steps;
  guint i = 0;

  while (i < steps->len)
    {
      guint64 n = tl->n_steps;
      guint off = (guint) (n % STEP_CHUNK), take;
      StepChunk *chunk = off == 0 ? step_chunk_new (tl) : g_ptr_array_index (tl->step_chunks, n / STEP_CHUNK);

      take = MIN (steps->len - i, STEP_CHUNK - off);
      step_chunk_code (tl, chunk, off, steps->data + i, take);
      tl->n_steps += take;
      i += take;
      if (off + take == STEP_CHUNK)
        tl->steplog_bytes = tl->steplog_bytes - STEP_CHUNK * sizeof (guint16) + step_chunk_finish (tl, chunk);
    }
  steps->len = 0;
  gml_huge_buf_append (&tl->events, enc->pending_events.data, enc->pending_events.len);
  enc->events_total += enc->pending_events.len;
  enc->pending_events.len = 0;
  g_array_append_vals (tl->blocks, enc->pending_blocks->data, enc->pending_blocks->len);
  g_array_set_size (enc->pending_blocks, 0);
  tl->n_events = enc->n_events;
  g_byte_array_append (tl->output, enc->pending_output->data, enc->pending_output->len);
  g_byte_array_append (tl->output_mask, enc->pending_mask->data, enc->pending_mask->len);
  enc->output_total += enc->pending_output->len;
  g_byte_array_set_size (enc->pending_output, 0);
  g_byte_array_set_size (enc->pending_mask, 0);
  g_array_append_vals (tl->output_marks, enc->pending_marks->data, enc->pending_marks->len);
  g_array_set_size (enc->pending_marks, 0);
}

static gsize
memory_used (GmlTimeline *tl)
{
  GmlMemStats ms;

  gml_mem_get_stats (tl->sim->mem, &ms);
  return ms.bytes_allocated + tl->steplog_bytes + tl->events.len
         + tl->checkpoints->len * (sizeof (GmlRt) + 64) + tl->output->len * 2
         + tl->output_marks->len * sizeof (OutputMark);
}

static void
finish (GmlTimeline    *tl,
        GmlTimelineEnd  end,
        char           *message)
{
  g_mutex_lock (&tl->lock);
  tl->end = end;
  tl->exit_code = gml_vm_exit_code (tl->sim);
  g_free (tl->end_message);
  tl->end_message = message;
  g_mutex_unlock (&tl->lock);
}

/* One batch: run up to the next checkpoint; FALSE when done. */
static gboolean
run_batch (GmlTimeline *tl,
           guint64      limit)
{
  guint64 n = MIN ((guint64) tl->config.checkpoint_interval, limit);
  GmlVmCheckpoint *cp = NULL;
  GmlVmStatus status;
  GmlMemStats stats;
  gsize unpacked;

  gml_mem_get_stats (tl->sim->mem, &stats);
  unpacked = stats.pages_unpacked;
  /* In slices: between them, the blocks of the pages packed in the
   * background since the last checkpoint are reused (gml-mem.c). */
  for (guint64 done = 0;;)
    {
      guint64 slice = MIN (n - done, SLICE);

      status = gml_vm_run (tl->sim, slice);
      done += slice;
      if (status != GML_VM_RUNNING || done >= n)
        break;
      gml_mem_get_stats (tl->sim->mem, &stats);
      if (done + (guint64) (stats.pages_unpacked - unpacked) * UNPACK_STEPS >= tl->config.checkpoint_interval)
        break;
      gml_mem_collect (tl->sim->mem);
    }

  if (status == GML_VM_RUNNING)
    cp = gml_vm_checkpoint (tl->sim);
  else
    gml_mem_flush (tl->sim->mem);   /* the last figures are exact */
  g_mutex_lock (&tl->lock);
  publish (tl);
  if (cp != NULL)
    g_ptr_array_add (tl->checkpoints, cp);
  tl->memory = memory_used (tl);
  g_mutex_unlock (&tl->lock);

  if (status == GML_VM_EXITED)
    {
      finish (tl, GML_TIMELINE_END_EXIT, NULL);
      return FALSE;
    }
  if (status == GML_VM_OUT_OF_STEPS)
    {
      finish (tl, GML_TIMELINE_END_STEP_BUDGET,
              g_strdup_printf ("The program ran for %" G_GUINT64_FORMAT " steps without ending "
                               "and was stopped; it was executing line %u (an infinite loop?).",
                               gml_vm_steps (tl->sim), gml_vm_current_line (tl->sim)));
      return FALSE;
    }
  if (tl->memory > tl->config.max_memory)
    {
      /* Pages the packer thread has not packed yet count whole: wait for
       * it before stopping. */
      gml_mem_flush (tl->sim->mem);
      g_mutex_lock (&tl->lock);
      tl->memory = memory_used (tl);
      g_mutex_unlock (&tl->lock);
    }
  if (tl->memory > tl->config.max_memory)
    {
      finish (tl, GML_TIMELINE_END_MEMORY_BUDGET,
              g_strdup_printf ("The recording reached its memory budget of %" G_GUINT64_FORMAT
                               " MiB at step %" G_GUINT64_FORMAT "; the rest of the run is not recorded.",
                               tl->config.max_memory >> 20, gml_vm_steps (tl->sim)));
      return FALSE;
    }
  if (g_atomic_int_get (&tl->cancel))
    {
      finish (tl, GML_TIMELINE_END_CANCELLED, g_strdup ("The simulation was cancelled."));
      return FALSE;
    }
  return TRUE;
}

void
gml_timeline_run (GmlTimeline *tl,
                  guint64      max_steps)
{
  guint64 start = gml_vm_steps (tl->sim);

  if (tl->end != GML_TIMELINE_END_NONE)
    return;
  while (gml_vm_steps (tl->sim) - start < max_steps
         && run_batch (tl, max_steps - (gml_vm_steps (tl->sim) - start)))
    ;
}

static gpointer
worker (gpointer data)
{
  GmlTimeline *tl = data;

  while (run_batch (tl, G_MAXUINT64))
    if (tl->progress != NULL)
      tl->progress (tl, tl->progress_data);
  if (tl->progress != NULL)
    tl->progress (tl, tl->progress_data);
  return NULL;
}

void
gml_timeline_start (GmlTimeline         *tl,
                    GmlTimelineProgress  progress,
                    gpointer             user_data)
{
  g_return_if_fail (tl->thread == NULL);

  tl->progress = progress;
  tl->progress_data = user_data;
  if (tl->end != GML_TIMELINE_END_NONE)
    {
      if (progress != NULL)
        progress (tl, user_data);
      return;
    }
  tl->thread = g_thread_new ("gomemlab-sim", worker, tl);
}

void
gml_timeline_cancel (GmlTimeline *tl)
{
  g_atomic_int_set (&tl->cancel, 1);
}

void
gml_timeline_join (GmlTimeline *tl)
{
  if (tl->thread != NULL)
    {
      g_thread_join (tl->thread);
      tl->thread = NULL;
    }
}

guint64
gml_timeline_n_steps (GmlTimeline *tl)
{
  guint64 n;

  g_mutex_lock (&tl->lock);
  n = tl->n_steps;
  g_mutex_unlock (&tl->lock);
  return n;
}

GmlTimelineEnd
gml_timeline_end (GmlTimeline  *tl,
                  int          *exit_code,
                  char        **message)
{
  GmlTimelineEnd end;

  g_mutex_lock (&tl->lock);
  end = tl->end;
  if (exit_code != NULL)
    *exit_code = tl->exit_code;
  if (message != NULL)
    *message = g_strdup (tl->end_message);
  g_mutex_unlock (&tl->lock);
  return end;
}

gboolean
gml_timeline_is_complete (GmlTimeline *tl)
{
  return gml_timeline_end (tl, NULL, NULL) != GML_TIMELINE_END_NONE;
}

gsize
gml_timeline_memory (GmlTimeline *tl)
{
  gsize m;

  g_mutex_lock (&tl->lock);
  m = tl->memory;
  g_mutex_unlock (&tl->lock);
  return m;
}

/* ------------------------------------------------------------------ */
/* Steps and events                                                    */

guint32
gml_timeline_stmt (GmlTimeline *tl,
                   guint64      step)
{
  guint32 s = 0;

  g_mutex_lock (&tl->lock);
  if (step >= 1 && step <= tl->n_steps)
    s = step_chunk_get (g_ptr_array_index (tl->step_chunks, (step - 1) / STEP_CHUNK), (guint) ((step - 1) % STEP_CHUNK));
  g_mutex_unlock (&tl->lock);
  return s;
}

guint
gml_timeline_line (GmlTimeline *tl,
                   guint64      step)
{
  return tl->line_of_stmt[gml_timeline_stmt (tl, step)];
}

guint
gml_timeline_n_events (GmlTimeline *tl)
{
  guint n;

  g_mutex_lock (&tl->lock);
  n = tl->n_events;
  g_mutex_unlock (&tl->lock);
  return n;
}

/* Decodes events [index, index + n) of a block (lock held). */
static gboolean
event_locked (GmlTimeline *tl,
              guint        index,
              GmlEvent    *event)
{
  const EventBlock *blk;
  EventContext ctx;
  const guint8 *p;

  if (index >= tl->n_events)
    return FALSE;
  blk = &g_array_index (tl->blocks, EventBlock, index / EVENT_BLOCK);
  ctx = blk->ctx;
  p = tl->events.data + blk->offset;
  for (guint i = 0; i <= index % EVENT_BLOCK; i++)
    p = decode_event (p, &ctx, event);
  return TRUE;
}

gboolean
gml_timeline_event (GmlTimeline *tl,
                    guint        index,
                    GmlEvent    *event)
{
  gboolean ok;

  g_mutex_lock (&tl->lock);
  ok = event_locked (tl, index, event);
  g_mutex_unlock (&tl->lock);
  return ok;
}

guint
gml_timeline_events (GmlTimeline *tl,
                     guint        first,
                     guint        n,
                     GmlEvent    *out)
{
  guint done = 0;

  g_mutex_lock (&tl->lock);
  while (done < n && first + done < tl->n_events)
    {
      guint index = first + done;
      const EventBlock *blk = &g_array_index (tl->blocks, EventBlock, index / EVENT_BLOCK);
      EventContext ctx = blk->ctx;
      const guint8 *p = tl->events.data + blk->offset;
      guint in_block = index % EVENT_BLOCK;
      GmlEvent skip;

      /* Decode up to the first wanted event of the block, then every
       * event to the end of the block (or of the request) in one pass. */
      for (guint i = 0; i < in_block; i++)
        p = decode_event (p, &ctx, &skip);
      for (guint i = in_block; i < EVENT_BLOCK && done < n && first + done < tl->n_events; i++)
        p = decode_event (p, &ctx, &out[done++]);
    }
  g_mutex_unlock (&tl->lock);
  return done;
}

guint
gml_timeline_event_index (GmlTimeline *tl,
                          guint64      step)
{
  guint lo = 0, hi, result;
  GmlEvent e;

  g_mutex_lock (&tl->lock);
  hi = tl->blocks->len;
  /* The last block starting before step, then a linear scan. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (tl->blocks, EventBlock, mid).first_step < step)
        lo = mid + 1;
      else
        hi = mid;
    }
  result = lo > 0 ? (lo - 1) * EVENT_BLOCK : 0;
  /* One pass through each block (event_locked() would start over from
   * its first event every time). */
  while (result < tl->n_events)
    {
      const EventBlock *blk = &g_array_index (tl->blocks, EventBlock, result / EVENT_BLOCK);
      EventContext ctx = blk->ctx;
      const guint8 *p = tl->events.data + blk->offset;

      do
        {
          p = decode_event (p, &ctx, &e);
          if (e.step >= step)
            goto found;
          result++;
        }
      while (result % EVENT_BLOCK != 0 && result < tl->n_events);
    }
found:
  g_mutex_unlock (&tl->lock);
  return result;
}

GBytes *
gml_timeline_output (GmlTimeline  *tl,
                     guint64       step,
                     GBytes      **stderr_mask)
{
  guint lo = 0, hi;
  gsize len = 0;
  GBytes *out;

  g_mutex_lock (&tl->lock);
  /* The output before step: up to the end of the last write at or
   * before it.  (Scanning the events back to it took half a second in a
   * long run that prints only at the end, and the output view asks at
   * every step.) */
  hi = tl->output_marks->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (tl->output_marks, OutputMark, mid).step <= step)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0)
    len = g_array_index (tl->output_marks, OutputMark, lo - 1).end;
  len = MIN (len, tl->output->len);
  out = g_bytes_new (tl->output->data, len);
  if (stderr_mask != NULL)
    *stderr_mask = g_bytes_new (tl->output_mask->data, len);
  g_mutex_unlock (&tl->lock);
  return out;
}

/* ------------------------------------------------------------------ */
/* Replaying                                                           */

static GmlVmCheckpoint *
checkpoint_before (GmlTimeline *tl,
                   guint64      step)
{
  GmlVmCheckpoint *found;
  guint lo = 0, hi;

  g_mutex_lock (&tl->lock);
  hi = tl->checkpoints->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (gml_vm_checkpoint_step (tl->checkpoints->pdata[mid]) <= step)
        lo = mid + 1;
      else
        hi = mid;
    }
  found = tl->checkpoints->pdata[lo > 0 ? lo - 1 : 0];
  g_mutex_unlock (&tl->lock);
  return found;
}

/* A replay VM at `step`: reuses an idle one that is close behind. */
Replay *
gml_timeline_replay_at (GmlTimeline *tl,
                        guint64      step)
{
  Replay *best = NULL;
  guint best_i = 0;
  GmlVmCheckpoint *cp = checkpoint_before (tl, step);

  for (guint i = 0; i < tl->replays->len; i++)
    {
      Replay *r = tl->replays->pdata[i];

      if (r->step <= step && r->step >= gml_vm_checkpoint_step (cp)
          && (best == NULL || r->step > best->step))
        {
          best = r;
          best_i = i;
        }
    }
  if (best != NULL)
    g_ptr_array_remove_index_fast (tl->replays, best_i);
  else if (tl->replays->len > 0)
    best = g_ptr_array_steal_index_fast (tl->replays, tl->replays->len - 1);
  else
    {
      best = g_new0 (Replay, 1);
      best->vm = gml_vm_new_replay (tl->sim);
      best->step = G_MAXUINT64;
    }
  if (best->step > step || best->step < gml_vm_checkpoint_step (cp))
    {
      gml_vm_restore (best->vm, cp);
      best->step = gml_vm_checkpoint_step (cp);
    }
  else
    gml_mem_pin (best->vm->mem);
  if (best->step < step)
    {
      gml_vm_run (best->vm, step - best->step);
      best->step = gml_vm_steps (best->vm);
    }
  return best;
}

void
gml_timeline_replay_release (GmlTimeline *tl,
                             Replay      *r)
{
  gml_vm_set_sink (r->vm, NULL);
  /* Idle replays let the simulation reuse the memory of pages it packs. */
  gml_mem_unpin (r->vm->mem);
  /* Keep a few around for playback and scrubbing. */
  if (tl->replays->len >= 4)
    {
      gml_vm_free (r->vm);
      g_free (r);
      return;
    }
  g_ptr_array_add (tl->replays, r);
}

GmlState *
gml_timeline_state_at (GmlTimeline *tl,
                       guint64      step)
{
  step = MIN (step, gml_timeline_n_steps (tl));
  return gml_state_new (tl, gml_timeline_replay_at (tl, step));
}

typedef struct
{
  GmlEventSink sink;
  GArray      *out;
  guint64      from;
  guint        max;
} FineSink;

static void
fine_emit (GmlEventSink   *sink,
           const GmlEvent *event)
{
  FineSink *fs = (FineSink *) sink;

  if (event->step > fs->from && fs->out->len < fs->max)
    g_array_append_val (fs->out, *event);
}

GArray *
gml_timeline_fine_events (GmlTimeline *tl,
                          guint64      from,
                          guint64      to,
                          guint        max)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (GmlEvent));
  FineSink fs = { { fine_emit, TRUE, NULL }, out, from, max };
  Replay *r;

  to = MIN (to, gml_timeline_n_steps (tl));
  if (to <= from)
    return out;
  r = gml_timeline_replay_at (tl, from);
  gml_vm_set_sink (r->vm, &fs.sink);
  gml_vm_run (r->vm, to - from);
  r->step = gml_vm_steps (r->vm);
  gml_timeline_replay_release (tl, r);
  return out;
}

/* ------------------------------------------------------------------ */
/* Navigation                                                          */

/* The first of steps `from` to `to` (1-based, inclusive; backwards when
 * `to` is below `from`) whose statement is at `line`, or 0.  Chunk by
 * chunk under one lock: a chunk none of whose statements is at the line
 * (most of them, for a line that runs rarely) is skipped whole. */
static guint64
scan_line (GmlTimeline *tl,
           guint64      from,
           guint64      to,
           guint        line)
{
  gint64 dir = from <= to ? 1 : -1;
  g_autofree guint8 *match = NULL;
  guint match_size = 0;
  guint64 found = 0;

  g_mutex_lock (&tl->lock);
  if (MAX (from, to) > tl->n_steps || MIN (from, to) < 1)
    {
      g_mutex_unlock (&tl->lock);
      return 0;
    }
  for (guint64 s = from;; s += (guint64) dir)
    {
      guint64 ci = (s - 1) / STEP_CHUNK, first = ci * STEP_CHUNK + 1;
      guint64 end = dir > 0 ? MIN (to, first + STEP_CHUNK - 1) : MAX (to, first);
      const StepChunk *c = g_ptr_array_index (tl->step_chunks, ci);
      gboolean any = FALSE;

      if (c->n_dict > match_size)
        {
          match_size = c->n_dict;
          match = g_realloc (match, match_size);
        }
      for (guint k = 0; k < c->n_dict; k++)
        any |= match[k] = tl->line_of_stmt[c->dict[k]] == line;
      for (; any; s += (guint64) dir)
        {
          if (match[step_chunk_code_at (c, (guint) (s - first))])
            {
              found = s;
              goto out;
            }
          if (s == end)
            break;
        }
      s = end;
      if (end == to)
        break;
    }
out:
  g_mutex_unlock (&tl->lock);
  return found;
}

guint64
gml_timeline_find_line (GmlTimeline     *tl,
                        guint64          from,
                        guint            line,
                        GmlNavDirection  dir)
{
  guint64 n = gml_timeline_n_steps (tl), s;

  /* Step from+1 is the statement about to run at the playhead. */
  if (dir == GML_NAV_FORWARD)
    s = from + 2 <= n ? scan_line (tl, from + 2, n, line) : 0;
  else
    s = from >= 1 && from <= n ? scan_line (tl, from, 1, line) : 0;
  return s != 0 ? s - 1 : G_MAXUINT64;
}

guint64
gml_timeline_first_at_line (GmlTimeline *tl,
                            guint        line)
{
  guint64 n = gml_timeline_n_steps (tl), s = n >= 1 ? scan_line (tl, 1, n, line) : 0;

  return s != 0 ? s - 1 : G_MAXUINT64;
}

/* A search through the events decodes a block at a time: one at a time,
 * gml_timeline_event() would decode each block's events from its start
 * again, 128 times over on average (a second, through a million). */
typedef gboolean (*EventTest) (GmlTimeline    *tl,
                               const GmlEvent *e,
                               gconstpointer   data);

/* The first event from index `i` on (forward), or the last before it
 * (backward), that passes `test`: its step, or G_MAXUINT64. */
static guint64
scan_events (GmlTimeline     *tl,
             guint            i,
             GmlNavDirection  dir,
             EventTest        test,
             gconstpointer    data)
{
  GmlEvent buf[EVENT_BLOCK];

  if (dir == GML_NAV_FORWARD)
    for (;;)
      {
        guint got = gml_timeline_events (tl, i, EVENT_BLOCK - i % EVENT_BLOCK, buf);

        if (got == 0)
          return G_MAXUINT64;
        for (guint k = 0; k < got; k++)
          if (test (tl, &buf[k], data))
            return buf[k].step;
        i += got;
      }
  while (i > 0)
    {
      guint start = (i - 1) / EVENT_BLOCK * EVENT_BLOCK;
      guint got = gml_timeline_events (tl, start, i - start, buf);

      for (guint k = got; k > 0; k--)
        if (test (tl, &buf[k - 1], data))
          return buf[k - 1].step;
      i = start;
    }
  return G_MAXUINT64;
}

typedef struct
{
  GmlEventKind     kind;
  guint64          from;
  GmlNavDirection  dir;
} KindQuery;

static gboolean
is_kind_after (GmlTimeline    *tl,
               const GmlEvent *e,
               gconstpointer   data)
{
  const KindQuery *q = data;

  return e->kind == q->kind && (q->dir == GML_NAV_FORWARD ? e->step > q->from : e->step < q->from);
}

guint64
gml_timeline_find_event (GmlTimeline     *tl,
                         guint64          from,
                         GmlEventKind     kind,
                         GmlNavDirection  dir)
{
  KindQuery q = { kind, from, dir };

  return scan_events (tl, gml_timeline_event_index (tl, from + 1), dir, is_kind_after, &q);
}

guint64
gml_timeline_find_gc_start (GmlTimeline     *tl,
                            guint64          from,
                            GmlNavDirection  dir)
{
  guint64 s = from;

  for (;;)
    {
      GmlEvent e;
      guint i;

      s = gml_timeline_find_event (tl, s, GML_EVENT_GC_PHASE, dir);
      if (s == G_MAXUINT64)
        return G_MAXUINT64;
      i = gml_timeline_event_index (tl, s);
      while (gml_timeline_event (tl, i, &e) && e.step == s)
        {
          if (e.kind == GML_EVENT_GC_PHASE && e.a == GML_GC_SWEEP_TERM)
            return s;
          i++;
        }
    }
}

static gboolean
is_alloc_at (GmlTimeline    *tl,
             const GmlEvent *e,
             gconstpointer   data)
{
  return (e->kind == GML_EVENT_ALLOC || e->kind == GML_EVENT_TINY_ALLOC)
         && gml_timeline_stmt (tl, e->step) == *(const guint32 *) data;
}

guint64
gml_timeline_find_alloc (GmlTimeline *tl,
                         guint64      from,
                         guint32      stmt)
{
  return scan_events (tl, gml_timeline_event_index (tl, from + 1), GML_NAV_FORWARD, is_alloc_at, &stmt);
}

/* Step over/out: a replay runs on until the goroutine that runs step
 * from+1 begins a statement no deeper than it started (`out`: in a frame
 * it returned to), and the VM stops there (gml_vm_watch_depth); depth is
 * how far the frame is below the top of its stack.  The search runs in
 * slices, so that a call that takes millions of steps (or never returns)
 * does not hold up a main loop; between slices it leaves its replay
 * unpinned, as the pool does. */
struct _GmlDepthSearch
{
  GmlTimeline *tl;
  Replay      *replay;     /* NULL once the answer is known */
  gboolean     watching;   /* else the answer is where the goroutine ends */
  guint64      goid;
  guint64      exit_step;  /* the goroutine's G_EXIT, or G_MAXUINT64 */
  guint        exit_from;  /* the first event not yet looked at for it */
  guint64      result;
  gboolean     returned;
};

static void
depth_search_finish (GmlDepthSearch *s,
                     guint64         result,
                     gboolean        returned)
{
  gml_vm_watch_depth (s->replay->vm, 0, 0);
  s->replay->step = gml_vm_steps (s->replay->vm);
  gml_timeline_replay_release (s->tl, g_steal_pointer (&s->replay));
  s->result = result;
  s->returned = returned;
}

GmlDepthSearch *
gml_depth_search_new (GmlTimeline *tl,
                      guint64      from,
                      gboolean     out)
{
  g_autoptr (GHashTable) depths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GmlDepthSearch *s = g_new0 (GmlDepthSearch, 1);
  guint64 goid, d0;

  s->tl = gml_timeline_ref (tl);
  s->result = s->exit_step = G_MAXUINT64;
  if (from >= gml_timeline_n_steps (tl))
    return s;
  s->exit_from = gml_timeline_event_index (tl, from + 1);
  s->replay = gml_timeline_replay_at (tl, from);
  /* Who runs the next step is known only after it ran: remember every
   * goroutine's depth first. */
  gml_timeline_replay_distances (s->replay->vm, depths);
  gml_vm_run (s->replay->vm, 1);
  goid = s->goid = s->replay->vm->rt.last_step_goid;
  d0 = GPOINTER_TO_SIZE (g_hash_table_lookup (depths, &goid));
  /* Out of a goroutine's first frame: on to its end. */
  s->watching = d0 > 0 || !out;
  if (s->watching)
    gml_vm_watch_depth (s->replay->vm, goid, out ? d0 - 1 : d0);
  gml_mem_unpin (s->replay->vm->mem);
  return s;
}

/* Looks for the goroutine's exit among the events recorded since the
 * last look. */
static void
depth_search_find_exit (GmlDepthSearch *s)
{
  GmlEvent buf[EVENT_BLOCK];
  guint got;

  while (s->exit_step == G_MAXUINT64
         && (got = gml_timeline_events (s->tl, s->exit_from, EVENT_BLOCK - s->exit_from % EVENT_BLOCK, buf)) > 0)
    {
      for (guint k = 0; k < got; k++)
        if (buf[k].kind == GML_EVENT_G_EXIT && buf[k].a == s->goid)
          {
            s->exit_step = buf[k].step;
            break;
          }
      s->exit_from += got;
    }
}

GmlDepthSearchStatus
gml_depth_search_run (GmlDepthSearch *s,
                      guint64         max_steps)
{
  GmlVm *vm;
  guint64 n, at, limit;

  if (s->replay == NULL)
    return GML_DEPTH_SEARCH_DONE;
  vm = s->replay->vm;
  /* Completeness first, as in the session: a complete run's count read
   * after it is final. */
  {
    gboolean ended = gml_timeline_end (s->tl, NULL, NULL) != GML_TIMELINE_END_NONE;

    n = gml_timeline_n_steps (s->tl);
    depth_search_find_exit (s);
    limit = MIN (n, s->exit_step);
    at = gml_vm_steps (vm);
    if (at >= limit || !s->watching)
      {
        /* No such step before the goroutine ends: where it ends, or the
         * end of the run. */
        if (s->exit_step != G_MAXUINT64)
          depth_search_finish (s, s->exit_step, FALSE);
        else if (ended)
          depth_search_finish (s, n, FALSE);
        else
          return GML_DEPTH_SEARCH_WAITING;
        return GML_DEPTH_SEARCH_DONE;
      }
  }
  gml_mem_pin (vm->mem);
  gml_vm_run (vm, MIN (max_steps, limit - at));
  if (gml_vm_watch_fired (vm))
    {
      depth_search_finish (s, gml_vm_steps (vm), TRUE);
      return GML_DEPTH_SEARCH_DONE;
    }
  gml_mem_unpin (vm->mem);
  return GML_DEPTH_SEARCH_MORE;
}

guint64
gml_depth_search_get_position (GmlDepthSearch *s)
{
  return s->replay != NULL ? gml_vm_steps (s->replay->vm) : s->result;
}

guint64
gml_depth_search_get_result (GmlDepthSearch *s,
                             gboolean       *returned)
{
  if (returned != NULL)
    *returned = s->returned;
  return s->result;
}

void
gml_depth_search_free (GmlDepthSearch *s)
{
  if (s->replay != NULL)
    {
      gml_vm_watch_depth (s->replay->vm, 0, 0);
      s->replay->step = gml_vm_steps (s->replay->vm);
      gml_timeline_replay_release (s->tl, s->replay);
    }
  gml_timeline_unref (s->tl);
  g_free (s);
}

/* The whole search at once, as far as the recording has got. */
static guint64
step_until_depth (GmlTimeline *tl,
                  guint64      from,
                  gboolean     out)
{
  GmlDepthSearch *s = gml_depth_search_new (tl, from, out);
  guint64 result;

  while (gml_depth_search_run (s, G_MAXUINT64) == GML_DEPTH_SEARCH_MORE)
    ;
  result = gml_depth_search_get_result (s, NULL);
  gml_depth_search_free (s);
  return result;
}

guint64
gml_timeline_step_over (GmlTimeline *tl,
                        guint64      from)
{
  return step_until_depth (tl, from, FALSE);
}

guint64
gml_timeline_step_out (GmlTimeline *tl,
                       guint64      from)
{
  return step_until_depth (tl, from, TRUE);
}
