/* gml-timeline-private.h: the timeline's internals, shared with gml-state.c. */
#pragma once

#include "gml-interp.h"
#include "gml-huge.h"
#include "gml-timeline.h"

G_BEGIN_DECLS

typedef struct _StepChunk StepChunk;

/* What an event is coded against: the event before it, and the last
 * `a` of each kind. */
typedef struct
{
  guint64 prev_step;
  guint64 prev_b, prev_c, prev_d;
  guint32 prev_goid;
  guint32 prev_kind;
  guint64 last_a[GML_N_EVENT_KINDS];
} EventContext;

/* Every 256th event: where decoding can start. */
typedef struct
{
  guint64      first_step;
  guint64      offset;
  EventContext ctx;
} EventBlock;

/* Encoded events, appended in place: GByteArray checks its size limit
 * with a division on every append. */
typedef struct
{
  guint8 *data;
  gsize   len;
  gsize   capacity;
} EventBuf;

/* Where the output stood after an OUTPUT event: gml_timeline_output
 * finds the last one before a step by bisection. */
typedef struct
{
  guint64 step;
  guint64 end;   /* bytes of output up to the end of this write */
} OutputMark;

/* The worker thread's side of the recording. */
typedef struct
{
  EventBuf    pending_events;
  GArray     *pending_blocks;
  GByteArray *pending_output;
  GByteArray *pending_mask;
  GArray     *pending_marks;  /* OutputMark */
  GmlStepLog  pending_steps;
  guint64     events_total;   /* bytes published plus pending offset base */
  guint64     output_total;
  EventContext ctx;
  guint       n_events;
} Encoder;

/* A replay VM and the step it stands at. */
typedef struct
{
  GmlVm   *vm;
  guint64  step;
} Replay;

struct _GmlTimeline
{
  gint               ref_count;
  GmlProgram        *program;
  GmlImage          *image;
  GmlVmConfig        vm_config;
  GmlTimelineConfig  config;
  guint32           *line_of_stmt;
  guint              n_stmts;
  /* Coding the step log: a statement's code in the chunk being filled,
   * valid where its stamp is the chunk's generation. */
  guint32           *stmt_code;
  guint32           *stmt_stamp;
  guint32            code_gen;
  /* The filling chunk's 2-byte codes and its dictionary, kept from
   * chunk to chunk: a fresh 128 KiB each time is 32 page faults. */
  guint8            *spare_codes;
  guint32           *dict_scratch;

  /* Worker side. */
  GmlVm             *sim;
  Encoder            enc;
  GmlEventSink       sink;
  GThread           *thread;
  gint               cancel;
  GmlTimelineProgress progress;
  gpointer           progress_data;

  /* Published recording, under `lock`. */
  GMutex             lock;
  GPtrArray         *step_chunks;   /* StepChunk (gml-timeline.c) */
  gsize              steplog_bytes;
  guint64            n_steps;
  GmlHugeBuf         events;        /* encoded events, EVENT_BLOCK a block */
  GArray            *blocks;
  guint              n_events;
  GPtrArray         *checkpoints;
  GByteArray        *output;
  GByteArray        *output_mask;
  GArray            *output_marks;  /* OutputMark, by step */
  gsize              memory;
  GmlTimelineEnd     end;
  int                exit_code;
  char              *end_message;

  /* Owner thread only. */
  GPtrArray         *replays;   /* idle Replay* */
};

Replay   *gml_timeline_replay_at      (GmlTimeline *tl,
                                       guint64      step);
void      gml_timeline_replay_release (GmlTimeline *tl,
                                       Replay      *r);
/* How deep a goroutine (by goid) is: how far its innermost frame is
 * below the top of its stack, which a stack copy keeps; 0 once it has
 * ended.  `g` caches its record from call to call (start with 0). */
guint64   gml_timeline_replay_distance  (GmlVm       *vm,
                                         guint64      goid,
                                         guint64     *g);
/* Every goroutine's, by goid (guint64 keys, gsize values). */
void      gml_timeline_replay_distances (GmlVm       *vm,
                                         GHashTable  *distances);

GmlState *gml_state_new               (GmlTimeline *tl,
                                       Replay      *replay);

G_END_DECLS
