/* gml-inspector.c: details of the selected goroutine, frame, variable or object.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything comes from the session's scene (what is where now) and the
 * timeline's event log (when and where an object was allocated). Links
 * below the properties select what they name: the objects a variable
 * points to, the slots and fields that point to an object, the frames of
 * a goroutine; the allocation link moves the playhead to that step.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gml-inspector.h"

/* How far back to look for an allocation in the event log. */
#define MAX_EVENTS_BACK 2000000

struct _GmlInspector
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkStack   *stack;
  GtkLabel   *kind_label;
  GtkLabel   *title_label;
  GtkLabel   *summary_label;
  GtkListBox *rows;
  GtkLabel   *links_title;
  GtkListBox *links;

  /* Owned */
  GmlSession *session;
  GString    *dump;
};

G_DEFINE_FINAL_TYPE (GmlInspector, gml_inspector, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Building rows ---------------------------------------------------------- */

static void
clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GmlInspector *self,
         const char   *title,
         const char   *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_set_tooltip_text (row, value);
  gtk_widget_add_css_class (row, "inspector-row");
  gtk_list_box_append (self->rows, row);
  g_string_append_printf (self->dump, "%s: %s\n", title, value);
}

static void
add_row_printf (GmlInspector *self,
                const char   *title,
                const char   *format,
                ...) G_GNUC_PRINTF (3, 4);

static void
add_row_printf (GmlInspector *self,
                const char   *title,
                const char   *format,
                ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  add_row (self, title, value);
}

typedef enum
{
  LINK_SELECT,
  LINK_STEP,
} LinkKind;

static void
add_link (GmlInspector     *self,
          const char       *title,
          const char       *subtitle,
          LinkKind          kind,
          GmlSelectionKind  selection,
          guint64           id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "link-kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (row), "link-selection", GINT_TO_POINTER (selection));
  g_object_set_data_full (G_OBJECT (row), "link-id", g_memdup2 (&id, sizeof id), g_free);
  gtk_list_box_append (self->links, row);
  gtk_widget_set_visible (GTK_WIDGET (self->links), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->links_title), TRUE);
  g_string_append_printf (self->dump, "→ %s%s%s\n", title, subtitle ? ": " : "", subtitle ? subtitle : "");
}

static void
link_activated_cb (GmlInspector  *self,
                   GtkListBoxRow *row,
                   GtkListBox    *list)
{
  LinkKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "link-kind"));
  GmlSelectionKind selection = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "link-selection"));
  guint64 id = *(guint64 *) g_object_get_data (G_OBJECT (row), "link-id");

  if (self->session == NULL)
    return;
  if (kind == LINK_STEP)
    {
      gml_session_set_playing (self->session, FALSE);
      gml_session_set_playhead (self->session, id);
      return;
    }
  gml_session_select (self->session, selection, id);
}

static void
set_header (GmlInspector *self,
            const char   *kind,
            const char   *title,
            const char   *summary)
{
  gtk_label_set_text (self->kind_label, kind);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->summary_label, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL && *summary != '\0');
  g_string_append_printf (self->dump, "%s\n%s\n", kind, title);
  if (summary != NULL)
    g_string_append_printf (self->dump, "%s\n", summary);
}

static void
set_links_title (GmlInspector *self,
                 const char   *title)
{
  gtk_label_set_text (self->links_title, title);
  g_string_append_printf (self->dump, "%s\n", title);
}

/* Allocation lookup ------------------------------------------------------ */

guint64
gml_inspector_find_allocation (GmlTimeline *timeline,
                               guint64      addr,
                               guint64      step)
{
  guint i = gml_timeline_event_index (timeline, step + 1);
  guint floor = i > MAX_EVENTS_BACK ? i - MAX_EVENTS_BACK : 0;
  GmlEvent buf[GML_TIMELINE_EVENT_BLOCK];

  /* Backwards, a block of events at a time. */
  while (i > floor)
    {
      guint start = MAX ((i - 1) / GML_TIMELINE_EVENT_BLOCK * GML_TIMELINE_EVENT_BLOCK, floor);
      guint got = gml_timeline_events (timeline, start, i - start, buf);

      for (guint k = got; k > 0; k--)
        {
          const GmlEvent *e = &buf[k - 1];

          if (e->step > step)
            continue;
          if ((e->kind == GML_EVENT_ALLOC && e->a == addr) ||
              (e->kind == GML_EVENT_TINY_ALLOC && e->d == addr))
            return e->step;
        }
      i = start;
    }
  return G_MAXUINT64;
}

/* One section per kind of selection -------------------------------------- */

static const char *
color_meaning (GmlSceneGcColor color)
{
  switch (color)
    {
    case GML_SCENE_GC_WHITE:
      return _("White: the collector has not reached it. If it is still white when marking ends, it is garbage and the sweep frees it.");
    case GML_SCENE_GC_GREY:
      return _("Grey: the collector has reached it and queued it; the pointers inside it are not scanned yet.");
    case GML_SCENE_GC_BLACK:
      return _("Black: reached and scanned. It survives this cycle.");
    case GML_SCENE_GC_NONE:
    default:
      return NULL;
    }
}

static char *
slot_owner_text (GmlScene     *scene,
                 GmlSceneSlot *slot,
                 gboolean      field)
{
  if (field)
    {
      GmlSceneObject *o = gml_scene_object (scene, slot->owner);
      g_autofree char *addr = gml_scene_short_addr (o->addr);

      /* Translators: a field of a heap object: "next in main.Node …0040". */
      return g_strdup_printf (_("%s in %s %s"), slot->name, o->type, addr);
    }
  /* Translators: a variable and the function whose frame holds it. */
  return g_strdup_printf (_("%s in %s"), slot->name, gml_scene_frame (scene, slot->owner)->func);
}

static void
add_allocation (GmlInspector   *self,
                GmlSceneObject *o)
{
  GmlTimeline *timeline = gml_session_get_timeline (self->session);
  guint64 step, now = gml_session_get_playhead (self->session);
  guint line;
  g_autofree char *where = NULL;

  if (timeline == NULL)
    return;
  step = gml_inspector_find_allocation (timeline, o->addr, now);
  if (step == G_MAXUINT64)
    {
      add_row (self, _("Allocated"), _("Before the recording shows (program start-up)"));
      return;
    }
  line = gml_timeline_line (timeline, step);
  where = line > 0 ? g_strdup_printf (_("Step %'" G_GUINT64_FORMAT ", line %u"), step, line)
                   : g_strdup_printf (_("Step %'" G_GUINT64_FORMAT ", in the standard library"), step);
  add_row (self, _("Allocated"), where);
  if (step != now)
    add_link (self, _("Go to the allocation"), where, LINK_STEP, GML_SELECTION_NONE, step);
}

/* Objects the Go runtime allocates for itself, and what they are for.
 * The runtime reaches them from its own records, which the canvas does
 * not draw. */
static const struct
{
  const char *type;
  const char *summary;
} runtime_objects[] = {
  { "runtime.g",
    N_("A goroutine's descriptor. Go allocates one for every new goroutine and never frees it: "
       "when the goroutine ends, the next new one reuses it.") },
  { "runtime.sudog",
    N_("The record of a goroutine waiting on a channel or in sync. When the wait ends it goes back to "
       "a cache of its processor; each GC cycle drops the shared overflow cache.") },
};

static const char *
runtime_object_summary (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (runtime_objects); i++)
    if (g_strcmp0 (type, runtime_objects[i].type) == 0)
      return _(runtime_objects[i].summary);
  return NULL;
}

static void
show_object (GmlInspector *self,
             GmlScene     *scene,
             guint32       index)
{
  GmlSceneObject *o = gml_scene_object (scene, index);
  GmlSceneSpan *span = gml_scene_span (scene, o->span);
  g_autofree char *size = gml_scene_format_bytes (o->size);
  g_autofree char *title = o->var_name != NULL ? g_strdup_printf ("%s · %s", o->var_name, o->type)
                                               : g_strdup (*o->type ? o->type : _("Tiny block"));
  g_autoptr (GArray) referrers = gml_scene_referrers (scene, index);
  const char *runtime_summary = runtime_object_summary (o->type);
  const char *summary = o->var_name != NULL
                        ? _("A variable moved to the heap: escape analysis found that it outlives its function's frame.")
                        : (o->flags & GML_SCENE_TINY) ? _("A 16-byte block of the tiny allocator, which packs small pointer-free allocations together.")
                        : runtime_summary;

  set_header (self, _("Heap object"), title, summary);
  add_row_printf (self, _("Address"), "0x%" G_GINT64_MODIFIER "x", o->addr);
  add_row (self, _("Type"), *o->type ? o->type : NULL);
  add_row (self, _("Size"), size);
  if (o->sizeclass > 0)
    add_row_printf (self, _("Size class"), _("%u (%u-byte slots)"), o->sizeclass, span->elemsize);
  else
    add_row (self, _("Size class"), _("None: a large object in a span of its own"));
  add_row_printf (self, _("Span"), _("0x%" G_GINT64_MODIFIER "x, %u pages, %u of %u slots used"),
                  span->base, span->npages, span->allocated, span->nelems);
  add_row (self, _("GC colour"), o->color != GML_SCENE_GC_NONE ? color_meaning (o->color)
                                                               : _("No cycle is marking now"));
  if (o->flags & GML_SCENE_NOSCAN)
    add_row (self, _("Pointers"), _("None: the collector does not scan it"));
  add_allocation (self, o);

  set_links_title (self, referrers->len > 0 ? _("Pointed to by")
                         : runtime_summary != NULL ? _("Only the runtime points to it")
                         : _("Nothing points to it"));
  gtk_widget_set_visible (GTK_WIDGET (self->links_title), TRUE);
  for (guint i = 0; i < referrers->len; i++)
    {
      GmlSceneArrow *a = &g_array_index (referrers, GmlSceneArrow, i);
      gboolean field = a->from_kind == GML_SCENE_FROM_FIELD;
      GmlSceneSlot *from = gml_scene_arrow_source (scene, a);
      g_autofree char *text = a->from_kind == GML_SCENE_FROM_GLOBAL
                              /* Translators: a package-level variable pointing at an object. */
                              ? g_strdup_printf (_("global %s"), from->name)
                              : slot_owner_text (scene, from, field);

      if (field)
        add_link (self, text, NULL, LINK_SELECT, GML_SELECTION_OBJECT, gml_scene_object (scene, from->owner)->addr);
      else
        add_link (self, text, NULL, LINK_SELECT, GML_SELECTION_VARIABLE, from->addr);
    }
}

/* The object a variable's pointer leads to, as a link. */
static void
add_points_to (GmlInspector *self,
               GmlScene     *scene,
               GmlSceneSlot *slot)
{
  GmlSceneObject *o;
  g_autofree char *addr = NULL;
  guint32 target;

  if (slot->target == 0 || !gml_scene_find_object (scene, slot->target, &target))
    return;
  o = gml_scene_object (scene, target);
  addr = gml_scene_short_addr (o->addr);
  set_links_title (self, _("Points to"));
  add_link (self, o->type, addr, LINK_SELECT, GML_SELECTION_OBJECT, o->addr);
}

static void
show_variable (GmlInspector *self,
               GmlScene     *scene,
               guint32       index)
{
  GmlSceneSlot *slot = gml_scene_slot (scene, index);
  GmlSceneFrame *frame = gml_scene_frame (scene, slot->owner);
  const char *kind = (slot->flags & GML_SCENE_STACK_OBJECT) ? _("Stack object")
                     : (slot->flags & GML_SCENE_PARAM) ? _("Parameter")
                     : (slot->flags & GML_SCENE_RESULT) ? _("Result") : _("Local variable");
  g_autofree char *size = gml_scene_format_bytes (slot->size);

  set_header (self, kind, slot->name,
              (slot->flags & GML_SCENE_MOVED)
              ? _("Moved to the heap: the frame keeps only its address, because the variable outlives the call.")
              : (slot->flags & GML_SCENE_STACK_OBJECT)
              ? _("A value that does not escape, so the compiler keeps it in the frame instead of the heap. No variable names it; it is shown as what points to it. It goes when the call returns, with nothing for the collector to free.")
              : NULL);
  add_row (self, _("Type"), slot->type);
  add_row (self, _("Value"), (slot->flags & GML_SCENE_MOVED) ? NULL : slot->value);
  add_row_printf (self, _("Address"), "0x%" G_GINT64_MODIFIER "x", slot->addr);
  add_row (self, _("Size"), size);
  add_row_printf (self, _("Frame"), _("%s, line %u"), frame->func, frame->line);
  add_points_to (self, scene, slot);
}

static void
show_global (GmlInspector *self,
             GmlScene     *scene,
             guint32       index)
{
  GmlSceneSlot *slot = gml_scene_global (scene, index);
  g_autofree char *size = gml_scene_format_bytes (slot->size);

  set_header (self, _("Global variable"), slot->name,
              _("A package-level variable: it lives in the data segment for the whole run, and the collector treats it as a root."));
  add_row (self, _("Type"), slot->type);
  add_row (self, _("Value"), slot->value);
  add_row_printf (self, _("Address"), "0x%" G_GINT64_MODIFIER "x", slot->addr);
  add_row (self, _("Size"), size);
  add_points_to (self, scene, slot);
}

static void
show_frame (GmlInspector *self,
            GmlScene     *scene,
            guint32       index)
{
  GmlSceneFrame *frame = gml_scene_frame (scene, index);
  GmlSceneGoroutine *g = gml_scene_goroutine (scene, frame->goroutine);
  g_autofree char *size = gml_scene_format_bytes (frame->fp + 16 - frame->sp);

  set_header (self, _("Stack frame"), frame->func,
              (frame->flags & GML_SCENE_LIBRARY) ? _("A function of the simulator's standard library.") : NULL);
  add_row_printf (self, _("Goroutine"), "G%" G_GUINT64_FORMAT, g->goid);
  add_row_printf (self, _("Line"), "%u", frame->line);
  add_row (self, _("Frame size"), size);
  add_row_printf (self, _("Addresses"), "0x%" G_GINT64_MODIFIER "x – 0x%" G_GINT64_MODIFIER "x",
                  frame->sp, frame->fp + 16);
  set_links_title (self, frame->n_slots > 0 ? _("Variables") : _("No variables in scope"));
  gtk_widget_set_visible (GTK_WIDGET (self->links_title), TRUE);
  for (guint i = 0; i < frame->n_slots; i++)
    {
      GmlSceneSlot *slot = gml_scene_slot (scene, frame->first_slot + i);

      add_link (self, slot->name, (slot->flags & GML_SCENE_MOVED) ? _("moved to the heap") : slot->value,
                LINK_SELECT, GML_SELECTION_VARIABLE, slot->addr);
    }
}

static void
show_goroutine (GmlInspector *self,
                GmlScene     *scene,
                guint32       index)
{
  GmlSceneGoroutine *g = gml_scene_goroutine (scene, index);
  g_autofree char *title = g_strdup_printf (_("Goroutine %" G_GUINT64_FORMAT), g->goid);
  g_autofree char *cap = gml_scene_format_bytes (g->stack_hi - g->stack_lo);
  g_autofree char *used = gml_scene_format_bytes (g->stack_hi - MIN (g->sp, g->stack_hi));
  const char *status[] = { N_("Runnable"), N_("Running"), N_("Waiting"), N_("Finished") };

  set_header (self, _("Goroutine"), title, NULL);
  add_row (self, _("Function"), g->entry);
  add_row (self, _("Status"), _(status[g->status]));
  add_row (self, _("Waiting for"), g->wait_reason);
  add_row_printf (self, _("Stack"), _("%s used of %s"), used, cap);
  add_row_printf (self, _("Stack addresses"), "0x%" G_GINT64_MODIFIER "x – 0x%" G_GINT64_MODIFIER "x",
                  g->stack_lo, g->stack_hi);
  add_row_printf (self, _("Frames"), "%'" G_GUINT64_FORMAT, g->n_frames);
  set_links_title (self, _("Frames, innermost first"));
  for (guint f = g->n_scene_frames; f-- > 0;)
    {
      GmlSceneFrame *frame = gml_scene_frame (scene, g->first_frame + f);
      g_autofree char *line = g_strdup_printf (_("line %u"), frame->line);

      if (!(frame->flags & GML_SCENE_ELIDED))
        add_link (self, frame->func, line, LINK_SELECT, GML_SELECTION_FRAME, frame->fp);
    }
}

static void
update (GmlInspector *self)
{
  GmlScene *scene = self->session != NULL ? gml_session_get_scene (self->session) : NULL;
  guint64 id = self->session != NULL ? gml_session_get_selection_id (self->session) : 0;
  GmlSelectionKind kind = self->session != NULL ? gml_session_get_selection_kind (self->session)
                                                : GML_SELECTION_NONE;
  gboolean found = FALSE;
  guint32 index;

  g_string_truncate (self->dump, 0);
  clear (self->rows);
  clear (self->links);
  gtk_widget_set_visible (GTK_WIDGET (self->links), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->links_title), FALSE);

  if (scene != NULL)
    switch (kind)
      {
      case GML_SELECTION_OBJECT:
        if ((found = gml_scene_find_object (scene, id, &index)))
          show_object (self, scene, index);
        break;
      case GML_SELECTION_VARIABLE:
        if ((found = gml_scene_find_slot (scene, id, &index)))
          show_variable (self, scene, index);
        else if ((found = gml_scene_find_global (scene, id, &index)))
          show_global (self, scene, index);
        break;
      case GML_SELECTION_FRAME:
        if ((found = gml_scene_find_frame (scene, id, &index)))
          show_frame (self, scene, index);
        break;
      case GML_SELECTION_GOROUTINE:
        if ((found = gml_scene_find_goroutine (scene, id, &index)))
          show_goroutine (self, scene, index);
        break;
      case GML_SELECTION_NONE:
      default:
        break;
      }

  gtk_stack_set_visible_child_name (self->stack, found ? "details" : "empty");
}

/* Public ----------------------------------------------------------------- */

void
gml_inspector_set_session (GmlInspector *self,
                           GmlSession   *session)
{
  g_return_if_fail (GML_IS_INSPECTOR (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::scene", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::selection-id", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::selection-kind", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GmlSession *
gml_inspector_get_session (GmlInspector *self)
{
  g_return_val_if_fail (GML_IS_INSPECTOR (self), NULL);
  return self->session;
}

char *
gml_inspector_dump (GmlInspector *self)
{
  g_return_val_if_fail (GML_IS_INSPECTOR (self), NULL);
  return g_strdup (self->dump->str);
}

/* GObject ---------------------------------------------------------------- */

static void
gml_inspector_dispose (GObject *object)
{
  GmlInspector *self = GML_INSPECTOR (object);

  gml_inspector_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GML_TYPE_INSPECTOR);
  /* The template's root child (GTK 4.8 leaves it to us). */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gml_inspector_parent_class)->dispose (object);
}

static void
gml_inspector_finalize (GObject *object)
{
  g_string_free (GML_INSPECTOR (object)->dump, TRUE);

  G_OBJECT_CLASS (gml_inspector_parent_class)->finalize (object);
}

static void
gml_inspector_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, GML_INSPECTOR (object)->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_inspector_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      gml_inspector_set_session (GML_INSPECTOR (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gml_inspector_class_init (GmlInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gml_inspector_dispose;
  object_class->finalize = gml_inspector_finalize;
  object_class->get_property = gml_inspector_get_property;
  object_class->set_property = gml_inspector_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GML_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gml-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, GmlInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, GmlInspector, kind_label);
  gtk_widget_class_bind_template_child (widget_class, GmlInspector, title_label);
  gtk_widget_class_bind_template_child (widget_class, GmlInspector, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GmlInspector, rows);
  gtk_widget_class_bind_template_child (widget_class, GmlInspector, links_title);
  gtk_widget_class_bind_template_child (widget_class, GmlInspector, links);
  gtk_widget_class_bind_template_callback (widget_class, link_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gml_inspector_init (GmlInspector *self)
{
  self->dump = g_string_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gml_inspector_new (void)
{
  return g_object_new (GML_TYPE_INSPECTOR, NULL);
}
