/* gml-scene-state.c: a scene from the engine's state at one step.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads what the canvas shows from a GmlState, once per viewed step, so
 * that drawing never touches simulated memory. The work is bounded: deep
 * stacks keep their outermost and innermost frames, and only the first
 * GML_SCENE_MAX_DETAILED objects have their fields read.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gml-gc.h"
#include "gml-image.h"
#include "gml-scene-state.h"

#define SLOT_VALUE_BYTES  40
#define FIELD_VALUE_BYTES 28

typedef struct
{
  GmlScene   *scene;
  GmlState   *state;
  GmlProgram *program;
  GHashTable *moved;        /* heap address -> GmlObject of a variable moved to the heap */
  GArray     *spans;        /* GmlStateSpan */
  GHashTable *span_index;   /* span record -> index into spans (+1) */
  GPtrArray  *objects;      /* per span: GArray of GmlStateObject */
  GHashTable *type_names;   /* GmlType -> interned spelling */
  guint       detailed;
} Builder;

/* Go's spelling of a type, spelled once per scene. */
static const char *
type_name (Builder *b,
           GmlType *type)
{
  const char *name;

  if (type == NULL)
    return "";
  name = g_hash_table_lookup (b->type_names, type);
  if (name == NULL)
    {
      g_autofree char *spelled = gml_state_type_name (type);

      name = gml_scene_intern (b->scene, spelled);
      g_hash_table_insert (b->type_names, type, (gpointer) name);
    }
  return name;
}

/* Values that are only an address show as an arrow (or nil). */
static gboolean
is_pointer_shaped (GmlType *type)
{
  GmlType *u = type != NULL ? gml_type_underlying (type) : NULL;

  return u != NULL && (u->kind == GML_TYPE_POINTER || u->kind == GML_TYPE_MAP ||
                       u->kind == GML_TYPE_CHAN || u->kind == GML_TYPE_FUNC);
}

static void
first_pointer_cb (guint64  offset,
                  guint64  target,
                  gpointer data)
{
  guint64 *first = data;

  if (*first == 0)
    *first = target;
}

static guint64
first_pointer (GmlState *state,
               GmlType  *type,
               guint64   addr)
{
  guint64 target = 0;

  if (type != NULL && type->has_pointers)
    gml_state_foreach_pointer (state, type, addr, first_pointer_cb, &target);
  return target;
}

/* A slot or field for the value of `type` at `addr`. */
static void
fill_value (Builder      *b,
            GmlSceneSlot *slot,
            GmlType      *type,
            guint64       addr,
            gsize         max_bytes,
            char        **value)
{
  *value = type != NULL ? gml_state_format_value (b->state, type, addr, max_bytes) : g_strdup ("");
  slot->type = type_name (b, type);
  slot->value = *value;
  slot->size = type != NULL && type->size > 0 ? (guint32) type->size : 0;
  slot->target = first_pointer (b->state, type, addr);
  if (is_pointer_shaped (type))
    slot->flags |= GML_SCENE_POINTER;
}

/* Stacks ----------------------------------------------------------------- */

static void
add_var (Builder *b,
         guint    g,
         guint    f,
         guint    v)
{
  GmlStateVar var;
  GmlSceneSlot slot = { 0 };
  g_autofree char *value = NULL;

  gml_state_var (b->state, g, f, v, &var);
  slot.name = var.name;
  slot.var = var.var;
  slot.addr = var.slot;
  if (var.is_param)
    slot.flags |= GML_SCENE_PARAM;
  if (var.is_result)
    slot.flags |= GML_SCENE_RESULT;
  fill_value (b, &slot, var.type, var.addr, SLOT_VALUE_BYTES, &value);
  if (var.moved_to_heap)
    {
      slot.flags |= GML_SCENE_MOVED | GML_SCENE_POINTER;
      slot.target = var.addr;
      slot.size = 8;
      g_hash_table_insert (b->moved, g_memdup2 (&var.addr, sizeof var.addr), var.var);
    }
  gml_scene_add_slot (b->scene, &slot);
}

/* A stack object a variable of the frame points into (`p := &T{…}`
 * that does not escape), as a slot named after the first such variable
 * ("*p"), so that the arrow from p ends in the frame; storage no
 * variable points into yet (or any more) is left out. */
static void
add_stack_object (Builder *b,
                  guint32  first,
                  guint32  end,
                  guint64  addr,
                  GmlType *type)
{
  GmlSceneSlot slot = { 0 };
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  guint64 size = type->size > 0 ? (guint64) type->size : 1;

  for (guint32 i = first; i < end && name == NULL; i++)
    {
      GmlSceneSlot *var = gml_scene_slot (b->scene, i);

      if (!(var->flags & GML_SCENE_MOVED) && (var->flags & GML_SCENE_POINTER) &&
          var->target >= addr && var->target < addr + size)
        name = g_strconcat ("*", var->name, NULL);
    }
  if (name == NULL)
    return;
  slot.name = name;
  slot.addr = addr;
  slot.flags = GML_SCENE_STACK_OBJECT;
  fill_value (b, &slot, type, addr, SLOT_VALUE_BYTES, &value);
  gml_scene_add_slot (b->scene, &slot);
}

static void
add_frame (Builder *b,
           guint    g,
           guint    f)
{
  GmlStateFrame frame;
  GmlSceneFrame sf = { 0 };
  guint32 first, end;
  guint64 addr;
  GmlType *type;

  gml_state_frame (b->state, g, f, &frame);
  sf.func = frame.short_name;
  sf.line = frame.line;
  sf.fp = frame.fp;
  sf.sp = frame.sp;
  if (b->program == NULL || frame.func == NULL || frame.func->pkg != b->program->main_pkg)
    sf.flags |= GML_SCENE_LIBRARY;
  gml_scene_add_frame (b->scene, &sf);
  first = b->scene->slots->len;
  for (guint v = 0; v < frame.n_vars; v++)
    add_var (b, g, f, v);
  end = b->scene->slots->len;
  for (guint i = 0; gml_state_stack_object (b->state, g, f, i, &addr, &type); i++)
    add_stack_object (b, first, end, addr, type);
}

/* Frames between the outermost and innermost kept ones become one. */
static void
add_elided (Builder *b,
            guint    g,
            guint    first,
            guint    last)
{
  GmlStateFrame frame;
  GmlSceneFrame sf = { 0 };

  gml_state_frame (b->state, g, last, &frame);
  sf.func = frame.short_name;
  sf.fp = frame.fp;
  sf.sp = frame.sp;
  sf.flags = GML_SCENE_ELIDED;
  sf.n_elided = last - first + 1;
  gml_scene_add_frame (b->scene, &sf);
}

static GmlSceneGStatus
scene_status (GmlStateGStatus status)
{
  switch (status)
    {
    case GML_STATE_G_RUNNING:
      return GML_SCENE_G_RUNNING;
    case GML_STATE_G_WAITING:
      return GML_SCENE_G_WAITING;
    case GML_STATE_G_DEAD:
      return GML_SCENE_G_DEAD;
    case GML_STATE_G_RUNNABLE:
    default:
      return GML_SCENE_G_RUNNABLE;
    }
}

static void
add_goroutine (Builder *b,
               guint    g,
               gboolean read_frames)
{
  GmlStateGoroutine sg;
  GmlSceneGoroutine scene_g = { 0 };
  guint n;

  gml_state_goroutine (b->state, g, &sg);
  scene_g.goid = sg.goid;
  scene_g.entry = sg.entry;
  scene_g.status = scene_status (sg.status);
  scene_g.wait_reason = sg.wait_reason;
  scene_g.stack_lo = sg.stack_lo;
  scene_g.stack_hi = sg.stack_hi;
  scene_g.sp = sg.n_frames > 0 ? sg.sp : sg.stack_hi;
  scene_g.n_frames = n = sg.n_frames;
  scene_g.flags = (sg.current ? GML_SCENE_CURRENT : 0) | (sg.system ? GML_SCENE_SYSTEM : 0);
  read_frames |= sg.current;
  if (!read_frames)
    scene_g.flags |= GML_SCENE_UNREAD;
  gml_scene_add_goroutine (b->scene, &scene_g);
  if (!read_frames)
    return;

  /* Outermost first; state frame 0 is the innermost. */
  if (n <= GML_SCENE_INNER_FRAMES + GML_SCENE_OUTER_FRAMES + 1)
    {
      for (guint f = n; f-- > 0;)
        add_frame (b, g, f);
      return;
    }
  for (guint f = n; f-- > n - GML_SCENE_OUTER_FRAMES;)
    add_frame (b, g, f);
  add_elided (b, g, GML_SCENE_INNER_FRAMES, n - GML_SCENE_OUTER_FRAMES - 1);
  for (guint f = GML_SCENE_INNER_FRAMES; f-- > 0;)
    add_frame (b, g, f);
}

/* The innermost frame of the program's own code gives the goroutine's
 * line: inside fmt.Println, the line that called it. */
static void
find_lines (GmlScene *scene)
{
  for (guint i = 0; i < scene->goroutines->len; i++)
    {
      GmlSceneGoroutine *g = gml_scene_goroutine (scene, i);

      for (guint f = g->n_scene_frames; f-- > 0;)
        {
          GmlSceneFrame *frame = gml_scene_frame (scene, g->first_frame + f);

          if (!(frame->flags & (GML_SCENE_LIBRARY | GML_SCENE_ELIDED)) && frame->line > 0)
            {
              g->line = frame->line;
              break;
            }
        }
      if (g->flags & GML_SCENE_CURRENT)
        scene->line = g->line;
    }
}

/* Globals ---------------------------------------------------------------- */

/* The main package's variables, read where the compiler put them: the
 * data segment at the image's data_base plus each variable's offset. */
static void
add_globals (Builder        *b,
             const GmlImage *image)
{
  GPtrArray *globals;

  if (b->program == NULL || image == NULL || b->program->main_pkg == NULL)
    return;
  globals = b->program->main_pkg->globals;
  for (guint i = 0; globals != NULL && i < globals->len; i++)
    {
      GmlObject *var = g_ptr_array_index (globals, i);
      GmlSceneSlot slot = { .name = var->name, .var = var };
      g_autofree char *value = NULL;

      if (var->kind != GML_OBJ_VAR || (var->flags & GML_VAR_BLANK) || var->name == NULL || *var->name == '_')
        continue;
      slot.addr = image->data_base + (guint64) var->u.var.offset;
      fill_value (b, &slot, var->type, slot.addr, SLOT_VALUE_BYTES, &value);
      gml_scene_add_global (b->scene, &slot);
    }
}

/* Heap ------------------------------------------------------------------- */

static void
collect_span_cb (const GmlStateSpan *span,
                 gpointer            data)
{
  Builder *b = data;

  g_array_append_val (b->spans, *span);
  g_hash_table_insert (b->span_index, g_memdup2 (&span->addr, sizeof span->addr),
                       GUINT_TO_POINTER (b->spans->len));
  g_ptr_array_add (b->objects, g_array_new (FALSE, FALSE, sizeof (GmlStateObject)));
}

static void
collect_object_cb (const GmlStateObject *object,
                   gpointer              data)
{
  Builder *b = data;
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (b->span_index, &object->span));

  if (index > 0)
    g_array_append_val (g_ptr_array_index (b->objects, index - 1), *object);
}

static GmlSceneGcColor
object_color (Builder              *b,
              const GmlStateSpan   *span,
              const GmlStateObject *o)
{
  switch (b->scene->gc.phase_id)
    {
    case GML_GC_MARK:
    case GML_GC_MARK_TERM:
      return o->color == GML_STATE_COLOR_BLACK ? GML_SCENE_GC_BLACK
             : o->color == GML_STATE_COLOR_GREY ? GML_SCENE_GC_GREY : GML_SCENE_GC_WHITE;
    case GML_GC_SWEEP:
      /* Unmarked objects in spans not swept yet are garbage waiting. */
      return !span->swept && !o->marked ? GML_SCENE_GC_WHITE : GML_SCENE_GC_NONE;
    default:
      return GML_SCENE_GC_NONE;
    }
}

static void
add_field (Builder    *b,
           const char *name,
           GmlType    *type,
           guint64     addr)
{
  GmlSceneSlot field = { .name = name, .addr = addr };
  g_autofree char *value = NULL;

  fill_value (b, &field, type, addr, FIELD_VALUE_BYTES, &value);
  gml_scene_add_field (b->scene, &field);
}

static void
add_more (Builder *b,
          guint    n)
{
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… %u more", "… %u more", n), n);
  GmlSceneSlot more = { .name = text, .flags = GML_SCENE_MORE };

  gml_scene_add_field (b->scene, &more);
}

static void
add_fields (Builder              *b,
            const GmlStateObject *o,
            const char           *var_name)
{
  GmlType *t = o->type;
  GmlType *u = gml_type_underlying (t);

  if (o->count > 1)
    {
      guint shown = MIN (o->count, GML_SCENE_MAX_FIELDS - (o->count > GML_SCENE_MAX_FIELDS));

      for (guint i = 0; i < shown; i++)
        {
          g_autofree char *name = g_strdup_printf ("[%u]", i);

          add_field (b, name, t, o->addr + (guint64) i * MAX (t->size, 0));
        }
      if (shown < o->count)
        add_more (b, o->count - shown);
      return;
    }
  if (u->kind == GML_TYPE_STRUCT && u->u.strukt.n_fields > 0)
    {
      guint n = u->u.strukt.n_fields;
      guint shown = MIN (n, GML_SCENE_MAX_FIELDS - (n > GML_SCENE_MAX_FIELDS));

      for (guint i = 0; i < shown; i++)
        add_field (b, u->u.strukt.fields[i].name, u->u.strukt.fields[i].type,
                   o->addr + (guint64) u->u.strukt.fields[i].offset);
      if (shown < n)
        add_more (b, n - shown);
      return;
    }
  add_field (b, var_name != NULL ? var_name : "", t, o->addr);
}

static void
add_object (Builder              *b,
            const GmlStateSpan   *span,
            const GmlStateObject *o)
{
  GmlSceneObject object = { 0 };
  GmlObject *var = g_hash_table_lookup (b->moved, &o->addr);
  const char *var_name = var != NULL ? var->name : NULL;
  const char *type = o->type != NULL ? type_name (b, o->type) : NULL;
  g_autofree char *array_name = NULL;
  gboolean detailed = o->type != NULL && b->detailed < GML_SCENE_MAX_DETAILED;

  /* A backing array: "[5]int". */
  if (o->count > 1 && type != NULL)
    type = array_name = g_strdup_printf ("[%u]%s", o->count, type);

  object.addr = o->addr;
  object.size = o->size;
  object.type = type != NULL ? type : (o->tiny_block ? "" : _("bytes"));
  object.count = o->count;
  object.sizeclass = o->sizeclass;
  object.color = object_color (b, span, o);
  object.var_name = var_name;
  object.var = var;
  object.flags = (o->tiny_block ? GML_SCENE_TINY : 0) | (o->noscan ? GML_SCENE_NOSCAN : 0) |
                 (o->sizeclass == 0 ? GML_SCENE_LARGE : 0) | (var_name != NULL ? GML_SCENE_ESCAPED : 0) |
                 (detailed ? GML_SCENE_DETAILED : 0);
  gml_scene_add_object (b->scene, &object);
  if (detailed)
    {
      b->detailed++;
      add_fields (b, o, var_name);
    }
}

static void
add_heap (Builder *b)
{
  gml_state_foreach_span (b->state, collect_span_cb, b);
  gml_state_foreach_object (b->state, 0, collect_object_cb, b);

  for (guint i = 0; i < b->spans->len; i++)
    {
      GmlStateSpan *s = &g_array_index (b->spans, GmlStateSpan, i);
      GArray *objects = g_ptr_array_index (b->objects, i);
      GmlSceneSpan span = {
        .base = s->base,
        .npages = s->npages,
        .sizeclass = s->sizeclass,
        .elemsize = s->elemsize,
        .nelems = s->nelems,
        .allocated = s->allocated,
        .flags = (s->kind == GML_STATE_SPAN_STACK ? GML_SCENE_STACK_SPAN : 0) |
                 (s->noscan ? GML_SCENE_NOSCAN : 0) | (s->sizeclass == 0 ? GML_SCENE_LARGE : 0),
      };

      gml_scene_add_span (b->scene, &span);
      for (guint k = 0; k < objects->len; k++)
        add_object (b, s, &g_array_index (objects, GmlStateObject, k));
    }
}

/* The scene ------------------------------------------------------------- */

static void
copy_gc (GmlScene *scene,
         GmlState *state)
{
  GmlStateGc gc;

  gml_state_gc (state, &gc);
  scene->gc = (GmlSceneGc) {
    .phase = gml_scene_intern (scene, gc.phase),
    .phase_id = gc.phase_id,
    .stop_the_world = gc.stop_the_world,
    .cycle = gc.cycle,
    .numgc = gc.numgc,
    .heap_live = gc.heap_live,
    .heap_goal = gc.heap_goal,
    .heap_marked = gc.heap_marked,
    .heap_alloc = gc.heap_alloc,
    .heap_objects = gc.heap_objects,
    .stack_inuse = gc.stack_inuse,
    .last_pause_ns = gc.last_pause_ns,
    .pause_total_ns = gc.pause_total_ns,
    .grey = gc.grey,
    .gogc = gc.gogc,
    .memory_limit = gc.memory_limit,
  };
  scene->marking = gc.phase_id == GML_GC_MARK || gc.phase_id == GML_GC_MARK_TERM;
}

GmlScene *
gml_scene_new_from_state (GmlState       *state,
                          GmlProgram     *program,
                          const GmlImage *image)
{
  Builder b = { 0 };
  g_autofree char *description = NULL;

  g_return_val_if_fail (state != NULL, NULL);

  b.state = state;
  b.program = program;
  b.scene = gml_scene_new (gml_state_step (state));
  b.moved = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  b.spans = g_array_new (FALSE, FALSE, sizeof (GmlStateSpan));
  b.span_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  b.objects = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  b.type_names = g_hash_table_new (NULL, NULL);

  copy_gc (b.scene, state);
  add_globals (&b, image);
  for (guint g = 0; g < gml_state_n_goroutines (state); g++)
    add_goroutine (&b, g, g < GML_SCENE_MAX_STACKS);
  find_lines (b.scene);
  add_heap (&b);
  gml_scene_link (b.scene);
  description = gml_state_describe (state);
  b.scene->description = gml_scene_intern (b.scene, description);

  g_hash_table_unref (b.moved);
  g_array_unref (b.spans);
  g_hash_table_unref (b.span_index);
  g_ptr_array_unref (b.objects);
  g_hash_table_unref (b.type_names);

  return b.scene;
}
