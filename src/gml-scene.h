/* gml-scene.h: what the memory canvas shows at one step, as plain data.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GmlScene is the canvas's model of one step: goroutines with their
 * stacks, frames and slots; heap spans with their objects and fields;
 * pointers between them; the collector's numbers. It is built from a
 * GmlState (gml-scene-state.c) or by hand (the benchmark, the tests), is
 * immutable once laid out, and knows nothing about GTK: the canvas, the
 * accessible list and the inspector all read the same scene.
 *
 * Geometry is in canvas units (logical pixels at zoom 1). The layout takes
 * the text metrics from the caller so that Large Text and presentation
 * mode grow the boxes instead of clipping their labels.
 *
 * Building a scene is bounded whatever the program does: deep stacks keep
 * their innermost and outermost frames and summarise the rest in one
 * "elided" frame, only the first GML_SCENE_MAX_STACKS goroutines (and the
 * one running) get their frames read, and only the first
 * GML_SCENE_MAX_DETAILED objects get their fields read and formatted.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GML_SCENE_MAX_DETAILED   3000   /* objects whose fields are formatted */
#define GML_SCENE_MAX_FIELDS     6      /* field rows shown per object */
#define GML_SCENE_INNER_FRAMES   24     /* frames kept at the top of a deep stack */
#define GML_SCENE_OUTER_FRAMES   6      /* ... and at its bottom */
#define GML_SCENE_MAX_STACKS     128    /* goroutines whose frames are read */

typedef struct
{
  double x, y, width, height;
} GmlSceneRect;

typedef enum
{
  GML_SCENE_GC_NONE,     /* no cycle is marking: colours mean nothing now */
  GML_SCENE_GC_WHITE,
  GML_SCENE_GC_GREY,
  GML_SCENE_GC_BLACK,
} GmlSceneGcColor;

typedef enum
{
  GML_SCENE_G_RUNNABLE,
  GML_SCENE_G_RUNNING,
  GML_SCENE_G_WAITING,
  GML_SCENE_G_DEAD,
} GmlSceneGStatus;

/* Flags shared by every kind of item. */
typedef enum
{
  GML_SCENE_CHANGED    = 1 << 0,  /* differs from the previously viewed step */
  GML_SCENE_NEW        = 1 << 1,  /* did not exist at the previously viewed step */
  /* Slots and fields. */
  GML_SCENE_PARAM      = 1 << 2,
  GML_SCENE_RESULT     = 1 << 3,
  GML_SCENE_MOVED      = 1 << 4,  /* a variable moved to the heap: the slot holds its address */
  GML_SCENE_POINTER    = 1 << 5,  /* holds a pointer (target 0 = nil) */
  GML_SCENE_MORE       = 1 << 6,  /* "… n more" row */
  /* Goroutines. */
  GML_SCENE_CURRENT    = 1 << 7,  /* runs the next step */
  GML_SCENE_SYSTEM     = 1 << 8,
  GML_SCENE_GREW       = 1 << 9,  /* its stack was copied since the previous step */
  /* Frames. */
  GML_SCENE_ELIDED     = 1 << 10, /* stands for n_elided frames */
  /* Objects. */
  GML_SCENE_TINY       = 1 << 11,
  GML_SCENE_NOSCAN     = 1 << 12,
  GML_SCENE_ESCAPED    = 1 << 13, /* a variable moved to the heap */
  GML_SCENE_LARGE      = 1 << 14, /* a large object (span of its own) */
  GML_SCENE_DETAILED   = 1 << 15, /* fields were read */
  GML_SCENE_STACK_SPAN = 1 << 16, /* spans: holds goroutine stacks */
  /* Slots and fields, set by gml_scene_link(). */
  GML_SCENE_LINKED     = 1 << 17, /* an arrow starts here */
  /* Frames. */
  GML_SCENE_LIBRARY    = 1 << 18, /* simulator's standard library: its line is not the program's */
  /* Goroutines. */
  GML_SCENE_UNREAD     = 1 << 19, /* one of many: its frames were not read */
  /* Slots. */
  GML_SCENE_STACK_OBJECT = 1 << 20, /* a value that does not escape, named after its pointer ("*p") */
} GmlSceneFlags;

/* A frame slot (a variable) or an object field. */
typedef struct
{
  const char   *name;
  const char   *type;
  const char   *value;
  guint64       addr;
  guint64       target;   /* pointer target; 0 = nil or not a pointer */
  guint32       size;
  guint32       flags;
  guint32       owner;    /* frame index (slots) or object index (fields) */
  gpointer      var;      /* slots: the variable's GmlObject, or NULL */
  GmlSceneRect  rect;
} GmlSceneSlot;

typedef struct
{
  const char   *func;
  guint         line;
  guint64       fp, sp;       /* the frame covers [sp, fp + 16) */
  guint32       goroutine;
  guint32       depth;        /* 0 = outermost (the goroutine's entry) */
  guint32       first_slot;
  guint32       n_slots;
  guint32       flags;
  guint64       n_elided;     /* GML_SCENE_ELIDED: frames it stands for */
  GmlSceneRect  rect;
} GmlSceneFrame;

typedef struct
{
  guint64          goid;
  const char      *entry;
  GmlSceneGStatus  status;
  const char      *wait_reason;
  guint64          stack_lo, stack_hi, sp;
  guint64          old_stack_lo, old_stack_hi;   /* GML_SCENE_GREW: before the copy */
  guint64          n_frames;                     /* the real count */
  guint            line;        /* innermost line of the program's own code, or 0 */
  guint32          first_frame;
  guint32          n_scene_frames;
  guint32          flags;
  GmlSceneRect     rect;        /* header and stack block */
  GmlSceneRect     stack_rect;  /* the block: frames, free space, guard */
  GmlSceneRect     free_rect;
  GmlSceneRect     guard_rect;
} GmlSceneGoroutine;

typedef struct
{
  guint64       base;
  guint         npages;
  guint         sizeclass;
  guint32       elemsize;
  guint32       nelems;
  guint32       allocated;
  guint32       flags;         /* NOSCAN, STACK_SPAN, LARGE */
  guint32       first_object;  /* objects of a span are contiguous */
  guint32       n_objects;
  guint32       group;         /* index into groups */
  GmlSceneRect  rect;          /* the row: header and objects */
  GmlSceneRect  body;          /* where the objects are */
} GmlSceneSpan;

/* The spans of one size class, drawn together. */
typedef struct
{
  guint         sizeclass;
  guint32       elemsize;
  guint32       first_span;    /* into the scene's heap-span order */
  guint32       n_spans;
  guint32       n_objects;
  GmlSceneRect  rect;
} GmlSceneGroup;

typedef struct
{
  guint64          addr;
  guint32          size;
  const char      *type;
  guint32          count;
  guint32          span;        /* index into spans */
  guint            sizeclass;
  GmlSceneGcColor  color;
  guint32          flags;
  const char      *var_name;    /* ESCAPED: the variable's name */
  gpointer         var;         /* ESCAPED: its GmlObject */
  guint32          first_field;
  guint32          n_fields;
  GmlSceneRect     rect;
} GmlSceneObject;

typedef enum
{
  GML_SCENE_FROM_SLOT,
  GML_SCENE_FROM_FIELD,
  GML_SCENE_FROM_GLOBAL,
} GmlSceneArrowFrom;

typedef enum
{
  GML_SCENE_TO_OBJECT,
  GML_SCENE_TO_SLOT,     /* a pointer into a stack */
} GmlSceneArrowTo;

typedef struct
{
  GmlSceneArrowFrom from_kind;
  guint32           from;      /* slot or field index */
  GmlSceneArrowTo   to_kind;
  guint32           to;        /* object or slot index */
  guint32           flags;     /* CHANGED: the pointer changed */
} GmlSceneArrow;

typedef struct
{
  const char *phase;
  guint       phase_id;
  gboolean    stop_the_world;
  guint32     cycle;
  guint32     numgc;
  guint64     heap_live;
  guint64     heap_goal;
  guint64     heap_marked;
  guint64     heap_alloc;
  guint64     heap_objects;
  guint64     stack_inuse;
  guint64     last_pause_ns;
  guint64     pause_total_ns;
  guint64     grey;
  gint        gogc;
  gint64      memory_limit;
} GmlSceneGc;

typedef struct
{
  double char_width;    /* average width of a digit */
  double line_height;   /* one line of label text */
} GmlSceneMetrics;

typedef enum
{
  GML_SCENE_ITEM_NONE,
  GML_SCENE_ITEM_GOROUTINE,
  GML_SCENE_ITEM_FRAME,
  GML_SCENE_ITEM_SLOT,
  GML_SCENE_ITEM_OBJECT,
  GML_SCENE_ITEM_FIELD,
  GML_SCENE_ITEM_SPAN,
  GML_SCENE_ITEM_GLOBAL,
} GmlSceneItemKind;

typedef struct _GmlScene GmlScene;

struct _GmlScene
{
  /*< public, read-only >*/
  guint        serial;         /* unique among the scenes of a process */
  guint64      step;
  guint        line;           /* the current goroutine's innermost line of the program's own code */
  const char  *description;    /* for screen readers; may be "" */
  GmlSceneGc   gc;
  gboolean     marking;        /* a cycle is marking: object colours apply */

  GArray      *goroutines;     /* GmlSceneGoroutine */
  GArray      *frames;         /* GmlSceneFrame */
  GArray      *slots;          /* GmlSceneSlot: frame slots */
  GArray      *spans;          /* GmlSceneSpan, by address */
  GArray      *objects;        /* GmlSceneObject, by address */
  GArray      *fields;         /* GmlSceneSlot: object fields */
  GArray      *arrows;         /* GmlSceneArrow */
  GArray      *groups;         /* GmlSceneGroup, laid out */
  GArray      *heap_order;     /* guint32 span indices, grouped by size class */
  GArray      *globals;        /* GmlSceneSlot: the main package's variables (roots) */

  double       width, height;  /* laid-out extent */
  double       layout_width;   /* the width asked for (0: none) */
  GmlSceneRect stacks_rect;    /* globals and goroutines */
  GmlSceneRect globals_rect;   /* empty without globals */
  GmlSceneRect heap_rect;
  GmlSceneMetrics metrics;

  /*< private >*/
  gint         ref_count;
  GStringChunk *strings;
  GHashTable  *goroutine_index;   /* goid -> index + 1, built on first lookup */
  GHashTable  *frame_index;       /* fp -> index + 1 */
  GArray      *slot_order;        /* slot indices by address */
};

GmlScene   *gml_scene_new        (guint64 step);
GmlScene   *gml_scene_ref        (GmlScene *scene);
void        gml_scene_unref      (GmlScene *scene);

/* Building: add goroutines in order, each followed by its frames (outermost
 * first), each followed by its slots; spans in address order, each
 * followed by its objects in address order, each followed by its fields. */
const char *gml_scene_intern     (GmlScene   *scene,
                                  const char *text);
guint32     gml_scene_add_goroutine (GmlScene                *scene,
                                     const GmlSceneGoroutine *g);
guint32     gml_scene_add_frame  (GmlScene            *scene,
                                  const GmlSceneFrame *frame);
guint32     gml_scene_add_slot   (GmlScene           *scene,
                                  const GmlSceneSlot *slot);
guint32     gml_scene_add_span   (GmlScene           *scene,
                                  const GmlSceneSpan *span);
guint32     gml_scene_add_object (GmlScene             *scene,
                                  const GmlSceneObject *object);
guint32     gml_scene_add_field  (GmlScene           *scene,
                                  const GmlSceneSlot *field);
guint32     gml_scene_add_global (GmlScene           *scene,
                                  const GmlSceneSlot *global);

/* Resolves pointers into arrows; call once everything is added. */
void        gml_scene_link       (GmlScene *scene);
/* Marks what differs from `previous` (may be NULL: nothing is marked). */
void        gml_scene_diff       (GmlScene *scene,
                                  GmlScene *previous);
/* Computes every rect, width and height. The heap's objects wrap to fit
 * `preferred_width` where they can (0: no preference). */
void        gml_scene_layout     (GmlScene              *scene,
                                  const GmlSceneMetrics *metrics);
void        gml_scene_layout_for_width (GmlScene              *scene,
                                        const GmlSceneMetrics *metrics,
                                        double                 preferred_width);

/* Lookups. */
gboolean    gml_scene_find_object     (GmlScene *scene,
                                       guint64   addr,
                                       guint32  *index);
gboolean    gml_scene_find_goroutine  (GmlScene *scene,
                                       guint64   goid,
                                       guint32  *index);
gboolean    gml_scene_find_slot       (GmlScene *scene,
                                       guint64   addr,
                                       guint32  *index);
/* The frame with this frame pointer, in any goroutine. */
gboolean    gml_scene_find_frame      (GmlScene *scene,
                                       guint64   fp,
                                       guint32  *index);
/* The topmost item at (x, y), in canvas units. */
GmlSceneItemKind gml_scene_hit        (GmlScene *scene,
                                       double    x,
                                       double    y,
                                       guint32  *index);
/* The global whose value holds addr. */
gboolean    gml_scene_find_global     (GmlScene *scene,
                                       guint64   addr,
                                       guint32  *index);
/* Slots and fields pointing at the object (or into it). */
GArray     *gml_scene_referrers       (GmlScene *scene,
                                       guint32   object);

/* "2 KiB", "1.5 MiB" (binary units, as the runtime prints sizes). */
char       *gml_scene_format_bytes    (guint64 bytes);
/* "0xc000012040" → "…2040"; the inspector shows the full value. */
char       *gml_scene_short_addr      (guint64 addr);
const char *gml_scene_color_name      (GmlSceneGcColor color);

static inline GmlSceneGoroutine *
gml_scene_goroutine (GmlScene *scene, guint32 i)
{
  return &g_array_index (scene->goroutines, GmlSceneGoroutine, i);
}

static inline GmlSceneFrame *
gml_scene_frame (GmlScene *scene, guint32 i)
{
  return &g_array_index (scene->frames, GmlSceneFrame, i);
}

static inline GmlSceneSlot *
gml_scene_slot (GmlScene *scene, guint32 i)
{
  return &g_array_index (scene->slots, GmlSceneSlot, i);
}

static inline GmlSceneSpan *
gml_scene_span (GmlScene *scene, guint32 i)
{
  return &g_array_index (scene->spans, GmlSceneSpan, i);
}

static inline GmlSceneObject *
gml_scene_object (GmlScene *scene, guint32 i)
{
  return &g_array_index (scene->objects, GmlSceneObject, i);
}

static inline GmlSceneSlot *
gml_scene_field (GmlScene *scene, guint32 i)
{
  return &g_array_index (scene->fields, GmlSceneSlot, i);
}

static inline GmlSceneSlot *
gml_scene_global (GmlScene *scene, guint32 i)
{
  return &g_array_index (scene->globals, GmlSceneSlot, i);
}

/* The slot, field or global an arrow starts from. */
static inline GmlSceneSlot *
gml_scene_arrow_source (GmlScene *scene, const GmlSceneArrow *arrow)
{
  switch (arrow->from_kind)
    {
    case GML_SCENE_FROM_FIELD:
      return gml_scene_field (scene, arrow->from);
    case GML_SCENE_FROM_GLOBAL:
      return gml_scene_global (scene, arrow->from);
    case GML_SCENE_FROM_SLOT:
    default:
      return gml_scene_slot (scene, arrow->from);
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmlScene, gml_scene_unref)

G_END_DECLS
