/* gml-gc-panel.c: the garbage collector's and the pacer's numbers.
 *
 * Copyright 2026 Go Memory Lab developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The phase with a sentence on what it does, heap in use against the
 * goal (the pacer's view), and the numbers runtime.MemStats and
 * gctrace report, all for the step at the playhead.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gml-gc-panel.h"
#include "gml-gc.h"

struct _GmlGcPanel
{
  GtkWidget    parent_instance;

  /* Template widgets */
  GtkLabel    *phase_label;
  GtkLabel    *stw_label;
  GtkLabel    *phase_description;
  GtkLabel    *heap_label;
  GtkLevelBar *heap_bar;
  GtkListBox  *rows;

  /* Owned */
  GmlSession  *session;
  GString     *dump;
};

G_DEFINE_FINAL_TYPE (GmlGcPanel, gml_gc_panel, GTK_TYPE_WIDGET)

const char *
gml_gc_phase_description (guint phase)
{
  switch (phase)
    {
    case GML_GC_SWEEP_TERM:
      return _("The world is stopped: the collector finishes the last cycle's sweeping and turns on the write barrier.");
    case GML_GC_MARK:
      return _("Marking runs beside the program: roots are shaded grey, grey objects are scanned and turn black. The write barrier shades pointers the program overwrites.");
    case GML_GC_MARK_TERM:
      return _("The world is stopped again: marking is complete, the write barrier goes off. Whatever is still white is garbage.");
    case GML_GC_SWEEP:
      return _("Sweeping runs beside the program: span by span, white objects are freed and their slots reused.");
    case GML_GC_OFF:
    default:
      return _("No collection is running. The next one starts when the heap in use reaches the trigger, shortly before the goal.");
    }
}

static void
add_row (GmlGcPanel *self,
         const char *title,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->rows, row);
  g_string_append_printf (self->dump, "%s: %s\n", title, value);
}

static char *
format_ns (guint64 ns)
{
  if (ns >= 1000000)
    return g_strdup_printf (_("%.2f ms"), ns / 1e6);
  if (ns >= 1000)
    return g_strdup_printf (_("%.1f µs"), ns / 1e3);
  return g_strdup_printf (_("%" G_GUINT64_FORMAT " ns"), ns);
}

static void
add_rows (GmlGcPanel       *self,
          const GmlSceneGc *gc)
{
  g_autofree char *cycles = g_strdup_printf (_("%u started, %u completed"), gc->cycle, gc->numgc);
  g_autofree char *gogc = gc->gogc < 0 ? g_strdup (_("off")) : g_strdup_printf ("%d", gc->gogc);
  g_autofree char *limit = gc->memory_limit == G_MAXINT64 ? g_strdup (_("none"))
                           : gml_scene_format_bytes ((guint64) gc->memory_limit);
  g_autofree char *marked = gml_scene_format_bytes (gc->heap_marked);
  g_autofree char *alloc = gml_scene_format_bytes (gc->heap_alloc);
  g_autofree char *objects = g_strdup_printf ("%'" G_GUINT64_FORMAT, gc->heap_objects);
  g_autofree char *grey = g_strdup_printf ("%'" G_GUINT64_FORMAT, gc->grey);
  g_autofree char *stacks = gml_scene_format_bytes (gc->stack_inuse);
  g_autofree char *pause = gc->numgc > 0 ? format_ns (gc->last_pause_ns) : g_strdup (_("none yet"));
  g_autofree char *total = format_ns (gc->pause_total_ns);

  add_row (self, _("Cycles"), cycles);
  add_row (self, _("GOGC"), gogc);
  add_row (self, _("Memory limit"), limit);
  add_row (self, _("Live after last cycle"), marked);
  add_row (self, _("Heap allocated"), alloc);
  add_row (self, _("Heap objects"), objects);
  add_row (self, _("Grey objects queued"), grey);
  add_row (self, _("Stacks in use"), stacks);
  add_row (self, _("Last pause"), pause);
  add_row (self, _("Total pauses"), total);
}

static void
update (GmlGcPanel *self)
{
  GmlScene *scene = self->session != NULL ? gml_session_get_scene (self->session) : NULL;
  g_autofree char *live = NULL;
  g_autofree char *goal = NULL;
  g_autofree char *heap = NULL;
  g_autofree char *phase = NULL;
  GtkWidget *child;
  const GmlSceneGc *gc;

  g_string_truncate (self->dump, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows))) != NULL)
    gtk_list_box_remove (self->rows, child);
  if (scene == NULL)
    return;

  gc = &scene->gc;
  /* Translators: the GC phase heading, e.g. "Mark" or "GC #2: mark". */
  phase = gc->phase_id == GML_GC_OFF ? g_strdup (_("Not collecting"))
                                     : g_strdup_printf (_("Cycle %u: %s"), gc->cycle, gc->phase);
  gtk_label_set_text (self->phase_label, phase);
  gtk_widget_set_visible (GTK_WIDGET (self->stw_label), gc->stop_the_world);
  gtk_label_set_text (self->phase_description, gml_gc_phase_description (gc->phase_id));

  live = gml_scene_format_bytes (gc->heap_live);
  goal = gml_scene_format_bytes (gc->heap_goal);
  /* Translators: heap in use and the pacer's goal. */
  heap = g_strdup_printf (_("Heap %s of %s goal"), live, goal);
  gtk_label_set_text (self->heap_label, heap);
  gtk_level_bar_set_value (self->heap_bar, gc->heap_goal > 0 ? MIN (1.0, (double) gc->heap_live / gc->heap_goal) : 0);
  g_string_append_printf (self->dump, "Phase: %s\n%s\n", phase, heap);
  add_rows (self, gc);
}

void
gml_gc_panel_set_session (GmlGcPanel *self,
                          GmlSession *session)
{
  g_return_if_fail (GML_IS_GC_PANEL (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "notify::scene", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

char *
gml_gc_panel_dump (GmlGcPanel *self)
{
  g_return_val_if_fail (GML_IS_GC_PANEL (self), NULL);
  return g_strdup (self->dump->str);
}

static void
gml_gc_panel_dispose (GObject *object)
{
  GmlGcPanel *self = GML_GC_PANEL (object);

  gml_gc_panel_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GML_TYPE_GC_PANEL);
  /* The template's root child (GTK 4.8 leaves it to us). */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gml_gc_panel_parent_class)->dispose (object);
}

static void
gml_gc_panel_finalize (GObject *object)
{
  g_string_free (GML_GC_PANEL (object)->dump, TRUE);

  G_OBJECT_CLASS (gml_gc_panel_parent_class)->finalize (object);
}

static void
gml_gc_panel_class_init (GmlGcPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gml_gc_panel_dispose;
  object_class->finalize = gml_gc_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gml-gc-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GmlGcPanel, phase_label);
  gtk_widget_class_bind_template_child (widget_class, GmlGcPanel, stw_label);
  gtk_widget_class_bind_template_child (widget_class, GmlGcPanel, phase_description);
  gtk_widget_class_bind_template_child (widget_class, GmlGcPanel, heap_label);
  gtk_widget_class_bind_template_child (widget_class, GmlGcPanel, heap_bar);
  gtk_widget_class_bind_template_child (widget_class, GmlGcPanel, rows);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gml_gc_panel_init (GmlGcPanel *self)
{
  self->dump = g_string_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gml_gc_panel_new (void)
{
  return g_object_new (GML_TYPE_GC_PANEL, NULL);
}
