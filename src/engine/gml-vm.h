/* gml-vm.h: run a compiled Go program on the simulated runtime.
 *
 * A GmlVm executes a GmlImage deterministically: the same image and config
 * always give the same steps, output and memory.  gml_vm_run() advances by
 * a number of steps (one executed statement or one unit of GC work each);
 * the timeline calls it in chunks and takes checkpoints in between.
 */
#pragma once

#include <glib.h>

#include "gml-event.h"

G_BEGIN_DECLS

typedef struct _GmlVm     GmlVm;
typedef struct _GmlImage  GmlImage;
typedef struct _GmlVmCheckpoint GmlVmCheckpoint;

typedef struct
{
  gint      gogc;            /* GOGC percent; -1 = off.  Default 100. */
  gint64    memory_limit;    /* GOMEMLIMIT bytes; G_MAXINT64 = none */
  guint     gomaxprocs;      /* simulated Ps; default 2 */
  guint64   max_stack;       /* goroutine stack limit; default 1000000000 */
  guint64   max_steps;       /* step budget; default 50,000,000 */
  guint64   max_heap;        /* simulated heap budget in bytes; default 4 GiB */
  guint     quantum;         /* steps a goroutine runs before others get a turn */
  gboolean  gctrace;         /* GODEBUG=gctrace=1 lines on stderr */
  gboolean  gc_stress;       /* a GC cycle at every allocation */
  gboolean  gc_check;        /* verify the heap invariants at every phase change */
} GmlVmConfig;

void      gml_vm_config_init (GmlVmConfig *config);

typedef enum
{
  GML_VM_RUNNING,            /* more steps to go */
  GML_VM_EXITED,             /* the program ended (see gml_vm_exit_code) */
  GML_VM_OUT_OF_STEPS,       /* the step budget is exhausted */
} GmlVmStatus;

/* Receives the program's output as it is produced. */
typedef void (*GmlVmOutputFunc) (int          fd,
                                 const char  *data,
                                 gsize        len,
                                 gpointer     user_data);

GmlVm       *gml_vm_new         (const GmlImage    *image,
                                 const GmlVmConfig *config);
void         gml_vm_free        (GmlVm             *vm);

void         gml_vm_set_output  (GmlVm             *vm,
                                 GmlVmOutputFunc    func,
                                 gpointer           user_data);
void         gml_vm_set_sink    (GmlVm             *vm,
                                 GmlEventSink      *sink);
/* The statement id of every executed step, in order: a plain buffer,
 * appended to once a step (a GArray divides on every append). */
typedef struct
{
  guint32 *data;
  guint    len, capacity;
} GmlStepLog;

static inline void
gml_step_log_append (GmlStepLog *log,
                     guint32     stmt)
{
  if (G_UNLIKELY (log->len == log->capacity))
    {
      log->capacity = MAX (log->capacity * 2, 4096);
      log->data = g_renew (guint32, log->data, log->capacity);
    }
  log->data[log->len++] = stmt;
}

/* Statement ids of executed steps are appended here when set. */
void         gml_vm_set_step_log (GmlVm            *vm,
                                  GmlStepLog       *log);

/* Runs at most `n_steps` more steps. */
GmlVmStatus  gml_vm_run         (GmlVm             *vm,
                                 guint64            n_steps);
guint64      gml_vm_steps       (GmlVm             *vm);
int          gml_vm_exit_code   (GmlVm             *vm);
/* TRUE once the heap checker (config.gc_check) has found a violation. */
gboolean     gml_vm_heap_check_failed (GmlVm       *vm);
/* For OUT_OF_STEPS: the source line the program was executing. */
guint        gml_vm_current_line (GmlVm            *vm);

/* Checkpoints (at step boundaries only). */
GmlVmCheckpoint *gml_vm_checkpoint   (GmlVm            *vm);
void             gml_vm_checkpoint_free (GmlVmCheckpoint *cp);
guint64          gml_vm_checkpoint_step (const GmlVmCheckpoint *cp);
/* A VM sharing `vm`'s image and frozen memory, for rebuilding past states. */
GmlVm           *gml_vm_new_replay   (GmlVm            *vm);
void             gml_vm_restore      (GmlVm            *replay,
                                      const GmlVmCheckpoint *cp);

G_END_DECLS
